"""FHIR R4: the Questionnaire and QuestionnaireResponse we write, checked by independent libraries,
and responses read back through the one answers pipeline."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paincheck.answers.checking import Answers
from paincheck.answers.loading import load_answers, parse_answers
from paincheck.errors import PaincheckError
from paincheck.formats import fhir
from paincheck.questionnaire import Questionnaire
from paincheck.questionnaire.conditions import Value, parse_condition
from paincheck.text.display import describe_value
from tests.helpers import PERSONA_NAMES, PERSONAS
from tests.helpers.views import view_of


# The independent checkers load when a test uses them (fhir.resources builds pydantic models
# for all of FHIR: half a second that every test worker would otherwise pay while collecting).
def check_questionnaire(resource: Mapping[str, Any]) -> None:
    """Raises on any structural or type error in a FHIR R4 Questionnaire."""
    from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

    FhirQuestionnaire.model_validate(resource)


def check_response(response: Mapping[str, Any]) -> None:
    """Raises on any structural or type error in a FHIR R4 QuestionnaireResponse."""
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    QuestionnaireResponse.model_validate(response)


def fhirpath(response: Mapping[str, Any], expression: str) -> list[Any]:
    """What a FHIRPath expression gives on a response (fhirpathpy, R4 model)."""
    from fhirpathpy import evaluate
    from fhirpathpy.models import models

    return list(evaluate(response, expression, {"resource": response}, models["r4"]))


# Code sets FHIR R4 binds as "required" (fhir.resources checks types and structure, not these).
ITEM_TYPES = {
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string",
    "text", "url", "choice", "open-choice", "attachment", "reference", "quantity",
}  # fmt: skip
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
RESPONSE_STATUSES = {"in-progress", "completed", "amended", "entered-in-error", "stopped"}


def _items(items: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for item in items:
        yield item
        yield from _items(item.get("item", []))
        for answer in item.get("answer", []):
            yield from _items(answer.get("item", []))


def _by_link(resource: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {item["linkId"]: item for item in _items(resource["item"])}


def _response(questionnaire: Questionnaire, name: str) -> dict[str, Any]:
    answers = load_answers(questionnaire, PERSONAS / f"{name}.yaml").answers
    return fhir.response_resource(view_of(questionnaire), answers)


# -- the Questionnaire --------------------------------------------------------------------


def test_questionnaire_is_valid_fhir_r4(questionnaire: Questionnaire) -> None:
    resource = fhir.questionnaire_resource(view_of(questionnaire))
    check_questionnaire(resource)
    assert resource["status"] == "active"
    assert resource["url"] == questionnaire.url and resource["version"] == questionnaire.version
    link_ids = [item["linkId"] for item in _items(resource["item"])]
    assert len(link_ids) == len(set(link_ids)), "linkIds must be unique (que-2)"
    for item in _items(resource["item"]):
        assert item["type"] in ITEM_TYPES
        if item["type"] == "group":
            assert item["item"], "a group needs items (que-1)"
        if item["type"] == "display":
            assert "item" not in item and "required" not in item and "code" not in item
        if item["type"] == "choice":
            computed = [e for e in item.get("extension", []) if "answerExpression" in e["url"]]
            # SDC: answer options are listed, or computed from the response, never both
            assert bool(item.get("answerOption")) != bool(computed)
        if len(item.get("enableWhen", [])) > 1:
            assert item["enableBehavior"] in ("all", "any"), "que-12"
        for condition in item.get("enableWhen", []):
            assert condition["operator"] in OPERATORS
            assert condition["question"] in link_ids
        expressions = [e for e in item.get("extension", []) if "enableWhen" in e["url"]]
        assert not (expressions and "enableWhen" in item), "SDC: one or the other"


def test_every_question_is_an_item_with_its_id_type_and_help(questionnaire: Questionnaire) -> None:
    items = _by_link(fhir.questionnaire_resource(view_of(questionnaire)))
    expected_type = {"single": "choice", "multi": "choice", "integer": "integer"}
    for question in questionnaire.questions:
        item = items[question.id]
        wanted = expected_type.get(question.type, "text" if question.multiline else "string")
        assert item["type"] == wanted, question.id
        assert item.get("repeats", False) == (question.type == "multi")
        assert item.get("required", False) == question.required
        (help_item,) = item["item"]
        assert help_item["type"] == "display" and question.help() in help_item["text"]
        assert help_item["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "help"
    pain_now = items["pain_now"]
    bounds = {e["url"].rsplit("/", 1)[-1]: e["valueInteger"] for e in pain_now["extension"]}
    assert bounds == {"minValue": 0, "maxValue": 10}
    assert "Worst pain you can imagine" in pain_now["item"][0]["text"]
    assert items["name"]["maxLength"] == 500
    assert items["current_medicines"]["type"] == "text"
    sections = [item for item in fhir.questionnaire_resource(view_of(questionnaire))["item"]]
    assert [s["linkId"] for s in sections] == [f"section-{s.id}" for s in questionnaire.sections]


def test_choices_are_codings_and_mood_answers_carry_their_weights(
    questionnaire: Questionnaire,
) -> None:
    items = _by_link(fhir.questionnaire_resource(view_of(questionnaire)))
    options = items["phq_interest"]["answerOption"]
    assert [o["valueCoding"]["code"] for o in options] == [
        "not_at_all",
        "several_days",
        "more_than_half_the_days",
        "nearly_every_day",
    ]
    assert {o["valueCoding"]["system"] for o in options} == {
        f"{questionnaire.url}/CodeSystem/phq_interest"
    }
    weights = [o["extension"][0] for o in options]
    assert [w["valueDecimal"] for w in weights] == [0, 1, 2, 3]
    assert {w["url"] for w in weights} == {"http://hl7.org/fhir/StructureDefinition/itemWeight"}
    assert options[0]["valueCoding"]["display"] == "Not at all"
    # "None of these" cannot be combined: FHIR's optionExclusive says the same.
    none = items["warning_signs"]["answerOption"][-1]
    assert none["valueCoding"]["code"] == "none"
    assert none["extension"][0]["url"].endswith("questionnaire-optionExclusive")
    # The most painful place is picked among the places chosen: see test_worst_location_*.
    assert "answerOption" not in items["worst_location"]


def test_standard_codes_only_where_they_were_verified(questionnaire: Questionnaire) -> None:
    items = _by_link(fhir.questionnaire_resource(view_of(questionnaire)))
    coded = {
        link_id: [(c["system"], c["code"]) for c in item["code"]]
        for link_id, item in items.items()
        if "code" in item
    }
    assert coded == {
        "pain_now": [("http://loinc.org", "72514-3")],
        "phq_interest": [("http://loinc.org", "44250-9")],
        "phq_down": [("http://loinc.org", "44255-8")],
        "gad_nervous": [("http://loinc.org", "69725-0")],
        "gad_worry": [("http://loinc.org", "68509-9")],
    }


def test_a_code_comes_from_the_questions_folder(tmp_path: Path) -> None:
    import shutil

    from paincheck.questionnaire import load_questionnaire

    folder = tmp_path / "questions"
    shutil.copytree(Path(__file__).parent / "data" / "other-questions", folder)
    main = folder / "questionnaire.yaml"
    text = main.read_text(encoding="utf-8")
    coded = '      - id: nights\n        code: {system: "urn:example:sleep", code: N1, display: Bad nights}\n'
    main.write_text(text.replace("      - id: nights\n", coded, 1), encoding="utf-8")
    items = _by_link(fhir.questionnaire_resource(view_of(load_questionnaire(folder))))
    assert [link_id for link_id, item in items.items() if "code" in item] == ["nights"]
    assert items["nights"]["code"] == [
        {"system": "urn:example:sleep", "code": "N1", "display": "Bad nights"}
    ]


def test_shipped_conditions_map_to_enable_when(questionnaire: Questionnaire) -> None:
    items = _by_link(fhir.questionnaire_resource(view_of(questionnaire)))
    limb = items["section-limb_changes"]
    assert limb["enableBehavior"] == "any"
    assert [(c["operator"], c["answerCoding"]["code"]) for c in limb["enableWhen"]] == [
        ("=", code)
        for code in ("foot", "ankle", "lower_leg", "knee", "thigh", "hip", "arm", "hand")
    ]
    (relief,) = items["relief_surgery"]["enableWhen"]
    assert relief["question"] == "treatments_tried" and relief["answerCoding"]["code"] == "surgery"
    # "more than one place" has no enableWhen form: an SDC expression says it instead.
    worst = items["worst_location"]
    assert "enableWhen" not in worst
    (expression,) = [e for e in worst["extension"] if e["url"].endswith("enableWhenExpression")]
    assert expression["valueExpression"]["language"] == "text/fhirpath"
    assert "count() >= 2" in expression["valueExpression"]["expression"]


class _Values:
    """What a condition looks at, for plain values."""

    def __init__(self, values: Mapping[str, Value]) -> None:
        self.values = values

    def answer(self, question_id: str) -> Value:
        return self.values.get(question_id)

    def shown_in_group(self, group: str) -> Sequence[str]:
        return ()

    def flags(self) -> set[str]:
        return set()

    def criterion_statuses(self) -> Sequence[str]:
        return ()


def _enabled_by_enable_when(item: Mapping[str, Any], response: Mapping[str, Any]) -> bool:
    """FHIR R4's enableWhen rules: an operator holds when any answer to that question meets it."""
    results = []
    for condition in item["enableWhen"]:
        answers = [
            answer
            for other in _items(response["item"])
            if other["linkId"] == condition["question"]
            for answer in other.get("answer", [])
        ]
        if condition["operator"] == "exists":
            results.append(bool(answers) == condition["answerBoolean"])
            continue
        (key,) = [k for k in condition if k.startswith("answer")]
        wanted = condition[key]
        values = [v for a in answers for k, v in a.items() if k.startswith("value")]
        if key == "answerCoding":
            values = [(v["system"], v["code"]) for v in values]
            wanted = (wanted["system"], wanted["code"])
        compare = {
            "=": lambda v, w: v == w,
            "<": lambda v, w: v < w,
            ">=": lambda v, w: v >= w,
        }[condition["operator"]]
        results.append(any(compare(v, wanted) for v in values))
    return any(results) if item.get("enableBehavior") == "any" else all(results)


def _enabled_by_expression(item: Mapping[str, Any], response: Mapping[str, Any]) -> bool:
    (extension,) = [e for e in item["extension"] if e["url"].endswith("enableWhenExpression")]
    expression = extension["valueExpression"]["expression"]
    result = fhirpath(response, expression)
    return result == [True]


CONDITIONS = [
    {"q": "pain_locations", "contains_any": ["foot", "knee"]},
    {"q": "pain_locations", "count_at_least": 2},
    {"q": "pain_locations", "count_at_least": 1},
    {"q": "pain_locations", "contains_only": ["foot", "ankle"]},
    {"q": "pain_locations", "answered": False},
    {"q": "pain_locations", "equals": "foot"},
    {"q": "pain_duration", "equals": "1_to_5_years"},
    {"q": "pain_duration", "in": ["6_to_12_months", "over_5_years"]},
    {"not": {"q": "pain_duration", "equals": "under_3_months"}},
    {"q": "pain_now", "less_than": 4},
    {"q": "pain_now", "at_least": 7},
    {"q": "pain_now", "equals": 5},
    {"q": "onset_detail", "answered": True},
    {"all": [{"q": "pain_duration", "equals": "over_5_years"}, {"q": "pain_now", "at_least": 5}]},
    {"any": [{"q": "pain_locations", "contains_any": ["foot", "knee"]}, {"q": "pain_now", "at_least": 8}]},
    {"all": [{"q": "pain_locations", "contains_any": ["foot", "knee"]}, {"q": "pain_now", "at_least": 5}]},
    {"not": {"any": [{"q": "pain_now", "less_than": 3}, {"q": "pain_locations", "count_at_least": 3}]}},
    {"q": "pain_locations", "groups_at_least": {"count": 2, "groups": [["foot", "ankle"], ["knee"], ["neck"]]}},
    {"q": "pain_locations", "groups_at_least": {"count": 1, "groups": [["ankle", "knee"]]}},
    {"not": {"q": "pain_locations", "groups_at_least": {"count": 3, "groups": [["foot"], ["ankle"], ["knee"], ["neck"]]}}},
]  # fmt: skip

answer_sets = st.fixed_dictionaries(
    {},
    optional={
        "pain_locations": st.lists(
            st.sampled_from(["foot", "ankle", "knee", "neck"]), min_size=1, max_size=4, unique=True
        ),
        "pain_duration": st.sampled_from(
            ["under_3_months", "6_to_12_months", "1_to_5_years", "over_5_years"]
        ),
        "pain_now": st.integers(0, 10),
        "onset_detail": st.just("fell off a ladder"),
    },
)


@pytest.mark.parametrize("raw", CONDITIONS, ids=lambda raw: json.dumps(raw)[:60])
@settings(max_examples=40, deadline=None)
@given(values=answer_sets)
def test_fhir_conditions_mean_what_ours_mean(
    questionnaire: Questionnaire, raw: dict[str, Any], values: dict[str, Value]
) -> None:
    condition = parse_condition(raw)
    item = fhir.enable_fields(questionnaire, condition, "probe")
    response = fhir.response_resource(view_of(questionnaire), Answers(values))
    if "enableWhen" in item:
        fhir_says = _enabled_by_enable_when(item, response)
    else:
        fhir_says = _enabled_by_expression(item, response)
    assert fhir_says == condition.holds(_Values(values)), (item, values)


def test_questions_format_fhir_prints_the_questionnaire(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("questions", "--format", "fhir")
    assert result.exit_code == 0, result.output
    resource = json.loads(result.stdout)
    assert resource["resourceType"] == "Questionnaire"
    assert resource["url"] == "https://paincheck.invalid/fhir/Questionnaire/drg-checklist"
    assert "pain_locations" in _by_link(resource)
    check_questionnaire(resource)


def test_questions_format_fhir_in_spanish(cli) -> None:  # type: ignore[no-untyped-def]
    english = json.loads(cli("questions", "--format", "fhir", "--lang", "en").stdout)
    spanish = json.loads(cli("questions", "--format", "fhir", "--lang", "es").stdout)
    assert spanish["language"] == "es"
    assert spanish["title"] != english["title"]
    # Codes are the contract; only the words change.
    assert [i["linkId"] for i in _items(spanish["item"])] == [
        i["linkId"] for i in _items(english["item"])
    ]


# -- the QuestionnaireResponse ------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_persona_response_is_valid_fhir_r4(questionnaire: Questionnaire, name: str) -> None:
    response = _response(questionnaire, name)
    check_response(response)
    assert response["status"] in RESPONSE_STATUSES
    assert response["questionnaire"] == f"{questionnaire.url}|{questionnaire.version}"
    question_items = _by_link(fhir.questionnaire_resource(view_of(questionnaire)))
    for group in response["item"]:
        assert group["linkId"].startswith("section-") and "answer" not in group
        for item in group["item"]:
            definition = question_items[item["linkId"]]
            assert len(item["answer"]) == 1 or definition.get("repeats")
            for answer in item["answer"]:
                (key,) = answer
                assert key == {"choice": "valueCoding", "integer": "valueInteger"}.get(
                    definition["type"], "valueString"
                )
                if key == "valueCoding":
                    offered = definition.get("answerOption")
                    if offered is None:  # computed from the places chosen
                        offered = question_items["pain_locations"]["answerOption"]
                    options = [o["valueCoding"] for o in offered]
                    assert (answer[key]["system"], answer[key]["code"]) in [
                        (o["system"], o["code"]) for o in options
                    ]


def test_response_answers_as_the_patient_gave_them(questionnaire: Questionnaire) -> None:
    items = _by_link(_response(questionnaire, "foot-after-fracture"))
    assert items["pain_now"]["answer"] == [{"valueInteger": 7}]
    assert [a["valueCoding"]["code"] for a in items["pain_locations"]["answer"]] == [
        "foot",
        "ankle",
    ]
    assert items["pain_locations"]["answer"][0]["valueCoding"]["display"] == "Foot"
    assert items["goals"]["answer"] == [{"valueString": "Walk my dog around the block again"}]
    assert items["name"]["answer"] == [{"valueString": "Maria Lopez"}]


def test_redacted_response_leaves_out_name_and_age(questionnaire: Questionnaire) -> None:
    answers = load_answers(questionnaire, PERSONAS / "foot-after-fracture.yaml").answers
    text = fhir.response_json(view_of(questionnaire), answers, redact=True)
    items = _by_link(json.loads(text))
    assert "name" not in items and "age" not in items
    assert "Maria" not in text
    assert "pain_now" in items


def test_unfinished_answers_give_an_in_progress_response(questionnaire: Questionnaire) -> None:
    answers = Answers({"pain_now": 4}, status="in_progress")
    response = fhir.response_resource(view_of(questionnaire), answers)
    assert response["status"] == "in-progress"
    loaded = parse_answers(questionnaire, response, "r.json")
    assert loaded.answers == answers


def test_the_answers_date_is_authored_and_read_back(
    cli,  # type: ignore[no-untyped-def]
    questionnaire: Questionnaire,
    tmp_path: Path,
) -> None:
    source = tmp_path / "dated.yaml"
    text = (PERSONAS / "foot-after-fracture.yaml").read_text(encoding="utf-8")
    source.write_text('date: "2026-05-04"\n' + text, encoding="utf-8")
    target = tmp_path / "dated.json"
    assert cli("export", str(source), "--format", "fhir", "-o", str(target)).exit_code == 0
    response = json.loads(target.read_text(encoding="utf-8"))
    check_response(response)
    assert response["authored"] == "2026-05-04"
    assert parse_answers(questionnaire, response, "r.json").answers.date == "2026-05-04"
    undated = _response(questionnaire, "foot-after-fracture")
    assert "authored" not in undated
    assert parse_answers(questionnaire, undated, "r.json").answers.date is None


@pytest.mark.parametrize(
    ("authored", "date"),
    [
        ("2026-05-04", "2026-05-04"),
        ("2026-05-04T23:30:00-05:00", "2026-05-04"),  # the day where it was written
        ("2026-05-04T01:00:00Z", "2026-05-04"),
        ("2026-05", None),  # a month names no day
        ("2026", None),
    ],
)
def test_authored_gives_the_day_it_names(
    questionnaire: Questionnaire, authored: str, date: str | None
) -> None:
    response = {**_response(questionnaire, "back-recent"), "authored": authored}
    assert parse_answers(questionnaire, response, "r.json").answers.date == date


@pytest.mark.parametrize(
    ("authored", "says"),
    [
        ("4 May 2026", "'authored' must be a date (YYYY-MM-DD, or with a time), got '4 May 2026'"),
        (20260504, "'authored' must be a date (YYYY-MM-DD, or with a time), got 20260504 (int)"),
        ("2026-02-30", "date: '2026-02-30' is not a real date"),
        ("2999-01-01T00:00:00Z", "date: 2999-01-01 is in the future"),
    ],
)
def test_a_wrong_authored_is_an_error_naming_the_file(
    questionnaire: Questionnaire, authored: object, says: str
) -> None:
    response = {**_response(questionnaire, "back-recent"), "authored": authored}
    with pytest.raises(PaincheckError) as caught:
        parse_answers(questionnaire, response, "r.json")
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"r.json: {says}")


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_round_trip_gives_the_same_summary(
    cli,  # type: ignore[no-untyped-def]
    questionnaire: Questionnaire,
    tmp_path: Path,
    name: str,
) -> None:
    source = PERSONAS / f"{name}.yaml"
    answers = load_answers(questionnaire, source).answers
    response_file = tmp_path / f"{name}.json"
    response_file.write_text(fhir.response_json(view_of(questionnaire), answers))
    from_yaml = cli("summary", str(source), "--format", "json")
    from_fhir = cli("summary", str(response_file), "--format", "json")
    assert from_fhir.exit_code == 0, from_fhir.output
    assert json.loads(from_fhir.stdout) == json.loads(from_yaml.stdout)


# -- reading broken responses -------------------------------------------------------------


def _find(resource: dict[str, Any], link_id: str) -> dict[str, Any]:
    return next(i for i in _items(resource["item"]) if i["linkId"] == link_id)  # type: ignore[misc]


def _rename(link_id: str, new: str) -> Any:
    def change(r: dict[str, Any]) -> None:
        _find(r, link_id)["linkId"] = new

    return change


def _set_answer(link_id: str, answer: list[dict[str, Any]]) -> Any:
    def change(r: dict[str, Any]) -> None:
        _find(r, link_id)["answer"] = answer

    return change


def _set(key: str, value: Any) -> Any:
    def change(r: dict[str, Any]) -> None:
        if value is None:
            del r[key]
        else:
            r[key] = value

    return change


PAIN_SIDE = "https://paincheck.invalid/fhir/Questionnaire/drg-checklist/CodeSystem/pain_side"
BROKEN = {
    "unknown linkId": (
        _rename("pain_now", "pain_nwo"),
        ["pain_nwo: is not a question of this questionnaire (did you mean 'pain_now'?)"],
    ),
    "code outside the options": (
        _set_answer("pain_side", [{"valueCoding": {"system": PAIN_SIDE, "code": "lefft"}}]),
        ["pain_side: 'lefft' is not an allowed choice (did you mean 'left'?)"],
    ),
    "wrong code system": (
        _set_answer("pain_onset", [{"valueCoding": {"system": "http://snomed.info/sct", "code": "7771000"}}]),
        ["pain_onset: coding http://snomed.info/sct|7771000 is not from this question's answer options"],
    ),
    "another questionnaire": (
        _set("questionnaire", "http://example.org/Questionnaire/phq-9|1"),
        ["is a response to questionnaire 'http://example.org/Questionnaire/phq-9'"],
    ),
    "wrong value type": (
        _set_answer("pain_now", [{"valueString": "7"}]),
        ["pain_now: is a integer question: expects valueInteger, got valueString"],
    ),
    "out of range": (
        _set_answer("pain_now", [{"valueInteger": 12}]),
        ["pain_now: expects a whole number from 0 to 10, got 12"],
    ),
    "two answers to a single choice": (
        _set_answer("pain_duration", [
            {"valueCoding": {"code": "1_to_5_years"}}, {"valueCoding": {"code": "over_5_years"}}
        ]),
        ["pain_duration: takes one answer, got 2"],
    ),
    "no status": (_set("status", None), ["has no 'status'"]),
    "entered in error": (_set("status", "entered-in-error"), ["entered-in-error"]),
    "text over 500 characters": (
        _set_answer("name", [{"valueString": "n" * 501}]),
        ["name: is 501 characters long; at most 500 are allowed"],
    ),
    "answer without a value": (
        _set_answer("goals", [{}]),
        ["goals: each answer needs exactly one valueString; found none"],
    ),
    "item without linkId": (
        _rename("goals", ""),
        ["has no linkId"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_broken_responses_give_clear_errors(
    cli,  # type: ignore[no-untyped-def]
    questionnaire: Questionnaire,
    tmp_path: Path,
    case: str,
) -> None:
    change, expected = BROKEN[case]
    response = copy.deepcopy(_response(questionnaire, "foot-after-fracture"))
    change(response)
    path = tmp_path / "response.json"
    path.write_text(json.dumps(response))
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == len(expected), result.stderr
    for line, wanted in zip(lines, expected, strict=True):
        assert line.startswith(f"error: {path}: ")
        assert wanted in line


def test_every_problem_in_a_response_is_reported_at_once(
    cli,  # type: ignore[no-untyped-def]
    questionnaire: Questionnaire,
    tmp_path: Path,
) -> None:
    response = _response(questionnaire, "knee-urgent")
    _find(response, "pain_duration")["linkId"] = "pain_durration"
    _find(response, "pain_now")["answer"] = [{"valueInteger": 11}]
    _find(response, "warning_signs")["answer"] = [{"valueString": "none"}]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(response))
    result = cli("summary", str(path), "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3, result.stderr
    assert any("pain_durration" in e and "did you mean 'pain_duration'" in e for e in errors)
    assert any("pain_now" in e and "got 11" in e for e in errors)
    assert any("warning_signs" in e and "expects valueCoding" in e for e in errors)


def test_a_response_without_questionnaire_reference_is_still_read(
    questionnaire: Questionnaire,
) -> None:
    response = _response(questionnaire, "back-recent")
    del response["questionnaire"]
    loaded = parse_answers(questionnaire, response, "r.json")
    assert loaded.answers == load_answers(questionnaire, PERSONAS / "back-recent.yaml").answers


def test_a_response_for_another_version_warns(questionnaire: Questionnaire) -> None:
    response = _response(questionnaire, "back-recent")
    response["questionnaire"] = f"{questionnaire.url}|0.9"
    loaded = parse_answers(questionnaire, response, "r.json")
    assert any("version 0.9" in w.message for w in loaded.warnings)


def test_a_version_1_response_loads_with_exactly_one_warning(
    questionnaire: Questionnaire,
) -> None:
    response = _response(questionnaire, "foot-after-fracture")
    response["questionnaire"] = f"{questionnaire.url}|1"
    loaded = parse_answers(questionnaire, response, "r.json")
    assert [w.message for w in loaded.warnings] == [
        "was written for version 1; checked against version 3"
    ]
    expected = load_answers(questionnaire, PERSONAS / "foot-after-fracture.yaml").answers
    assert loaded.answers.values == expected.values
    # Version 2 responses read as they are: version 3 removed no id.
    response["questionnaire"] = f"{questionnaire.url}|2"
    assert list(parse_answers(questionnaire, response, "r.json").warnings) == []


def test_version_2_questions_and_choices_are_in_the_fhir_questionnaire(
    questionnaire: Questionnaire,
) -> None:
    resource = fhir.questionnaire_resource(view_of(questionnaire))
    assert resource["version"] == "3"
    items = {item["linkId"]: item for item in _items(resource["item"])}
    codes = {
        link: [o["valueCoding"]["code"] for o in item.get("answerOption", [])]
        for link, item in items.items()
    }
    assert codes["crps_diagnosis"] == ["crps", "nerve_injury", "no", "not_sure"]
    assert "surgery_risky" in codes["health_conditions"]
    assert "one_leg_swollen_warm" in codes["warning_signs"]
    assert items["crps_diagnosis"]["text"] == (
        "Has a doctor told you that this pain is complex regional pain syndrome (CRPS)?"
    )


WRONG_TYPES: list[Any] = [[], ["completed"], {}, {"status": "completed"}, 7, 1.5, True, None, "x"]


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value inside a JSON document (keys and list positions)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key)
            yield from _places(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*path, index)
            yield from _places(child, (*path, index))


@pytest.mark.parametrize("wrong", WRONG_TYPES, ids=[json.dumps(w) for w in WRONG_TYPES])
def test_any_field_of_the_wrong_json_type_is_a_message_not_a_crash(
    questionnaire: Questionnaire, wrong: Any
) -> None:
    """Every field of a response, in turn, replaced by a value of another JSON type."""
    response = _response(questionnaire, "knee-urgent")
    for place in _places(response):
        broken = copy.deepcopy(response)
        parent = broken
        for step in place[:-1]:
            parent = parent[step]
        parent[place[-1]] = copy.deepcopy(wrong)
        try:
            parse_answers(questionnaire, json.loads(json.dumps(broken)), "r.json")
        except PaincheckError as exc:
            assert exc.problems and all(p.file == "r.json" for p in exc.problems), place
            assert all(len(str(p)) < 1000 for p in exc.problems), place


@pytest.mark.parametrize("status", [["completed"], {"a": 1}, 3, True, "x" * 10_000])
def test_a_status_of_the_wrong_type_names_the_allowed_ones(
    cli,  # type: ignore[no-untyped-def]
    questionnaire: Questionnaire,
    tmp_path: Path,
    status: Any,
) -> None:
    response = _response(questionnaire, "back-recent")
    response["status"] = status
    path = tmp_path / "response.json"
    path.write_text(json.dumps(response))
    result = cli("export", str(path), "--format", "fhir", "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 1
    shown = describe_value(status)
    assert result.stderr == (
        f"error: {path}: status must be one of completed, amended, in-progress, stopped, "
        f"entered-in-error; got {shown}\n"
    )
    assert not (tmp_path / "out.json").exists()


def test_a_response_written_as_yaml_with_number_keys_is_read(questionnaire: Questionnaire) -> None:
    response = _response(questionnaire, "back-recent")
    _find(response, "pain_now")["answer"] = [{1: "one", "valueInteger": 5}]
    loaded = parse_answers(questionnaire, response, "r.yaml")
    assert loaded.answers.values["pain_now"] == 5


def test_not_a_list_of_items_is_an_error_not_a_crash(questionnaire: Questionnaire) -> None:
    response = {"resourceType": "QuestionnaireResponse", "status": "completed", "item": {"a": 1}}
    with pytest.raises(PaincheckError) as error:
        parse_answers(questionnaire, response, "r.json")
    assert "'item' must be a list of items" in str(error.value)


# -- paincheck export --format fhir -------------------------------------------------------


def test_export_writes_a_private_response_and_never_overwrites_silently(
    cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    target = tmp_path / "response.json"
    source = str(PERSONAS / "foot-after-fracture.yaml")
    result = cli("export", source, "--format", "fhir", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_mode & 0o777 == 0o600
    response = json.loads(target.read_text())
    check_response(response)
    assert _by_link(response)["name"]["answer"] == [{"valueString": "Maria Lopez"}]
    before = target.read_text()
    again = cli("export", source, "--format", "fhir", "-o", str(target), "--redact")
    assert again.exit_code == 1
    assert "already exists" in again.stderr and target.read_text() == before
    forced = cli("export", source, "--format", "fhir", "-o", str(target), "--redact", "--force")
    assert forced.exit_code == 0, forced.output
    redacted = _by_link(json.loads(target.read_text()))
    assert "name" not in redacted and "age" not in redacted and "pain_now" in redacted


def test_export_of_several_files_writes_one_response_each(
    cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    files = [str(PERSONAS / f"{name}.yaml") for name in PERSONA_NAMES]
    result = cli("export", *files, "--format", "fhir", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [f"{name}.fhir.json" for name in PERSONA_NAMES]
    for name in PERSONA_NAMES:
        summary = cli("summary", str(tmp_path / f"{name}.fhir.json"), "--format", "json")
        expected = cli("summary", str(PERSONAS / f"{name}.yaml"), "--format", "json")
        assert json.loads(summary.stdout) == json.loads(expected.stdout)


def test_export_blank_as_fhir_is_the_questionnaire(
    cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    target = tmp_path / "form.json"
    result = cli("export", "--blank", "--format", "fhir", "-o", str(target))
    assert result.exit_code == 0, result.output
    resource = json.loads(target.read_text())
    check_questionnaire(resource)
    assert resource["resourceType"] == "Questionnaire"


# -- computed answers and rules a form checks (SDC) ----------------------------------------


def _extension(item: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    (found,) = [e for e in item.get("extension", []) if e["url"].endswith(name)]
    return found


def _evaluate(expression: str, response: Mapping[str, Any]) -> list[Any]:
    return fhirpath(response, expression)


def _response_with(questionnaire: Questionnaire, values: Mapping[str, Value]) -> dict[str, Any]:
    return fhir.response_resource(view_of(questionnaire), Answers(dict(values), "in_progress"))


@pytest.mark.parametrize(
    "places",
    [["foot", "knee"], ["low_back", "hip", "groin", "thigh"], ["foot"], []],
)
def test_worst_location_offers_only_the_places_chosen(
    questionnaire: Questionnaire, places: list[str]
) -> None:
    items = _by_link(fhir.questionnaire_resource(view_of(questionnaire)))
    worst = items["worst_location"]
    extension = _extension(worst, "sdc-questionnaire-answerExpression")
    assert extension["url"] == (
        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression"
    )
    assert extension["valueExpression"]["language"] == "text/fhirpath"
    response = _response_with(questionnaire, {"pain_locations": places} if places else {})
    offered = _evaluate(extension["valueExpression"]["expression"], response)
    system = f"{questionnaire.url}/CodeSystem/pain_locations"
    assert [(c["system"], c["code"]) for c in offered] == [(system, p) for p in places]
    labels = {o["valueCoding"]["code"]: o["valueCoding"]["display"]
              for o in items["pain_locations"]["answerOption"]}  # fmt: skip
    assert [c["display"] for c in offered] == [labels[p] for p in places]


def test_all_over_is_never_offered_as_the_worst_place(questionnaire: Questionnaire) -> None:
    expression = _extension(
        _by_link(fhir.questionnaire_resource(view_of(questionnaire)))["worst_location"],
        "answerExpression",
    )["valueExpression"]["expression"]
    response = _response_with(questionnaire, {"pain_locations": ["foot"]})
    _find(response, "pain_locations")["answer"].append(
        {"valueCoding": {"system": f"{questionnaire.url}/CodeSystem/pain_locations",
                         "code": "all_over"}}
    )  # fmt: skip
    assert [c["code"] for c in _evaluate(expression, response)] == ["foot"]


@pytest.mark.parametrize(
    ("values", "holds"),
    [
        ({"pain_worst": 7, "pain_least": 3}, True),
        ({"pain_worst": 6, "pain_least": 6}, True),
        ({"pain_worst": 6, "pain_least": 8}, False),
        ({"pain_worst": 0, "pain_least": 10}, False),
        ({"pain_least": 9}, True),
        ({"pain_worst": 2}, True),
        ({}, True),
    ],
)
def test_least_pain_above_worst_pain_breaks_the_form_rule(
    questionnaire: Questionnaire, values: dict[str, int], holds: bool
) -> None:
    least = _by_link(fhir.questionnaire_resource(view_of(questionnaire)))["pain_least"]
    rule = _extension(least, "targetConstraint")
    assert rule["url"] == "http://hl7.org/fhir/StructureDefinition/targetConstraint"
    parts = {e["url"]: e for e in rule["extension"]}
    assert list(parts) == ["key", "severity", "expression", "human"]
    assert re.fullmatch(r"[A-Za-z0-9\-.]{1,64}", parts["key"]["valueId"])
    assert parts["severity"]["valueCode"] == "error"
    assert parts["human"]["valueString"] == (
        "This number may not be higher than your answer to: "
        + _by_link(fhir.questionnaire_resource(view_of(questionnaire)))["pain_worst"]["text"]
    )
    expression = parts["expression"]["valueExpression"]
    assert expression["language"] == "text/fhirpath"
    # The paincheck rule and the form rule agree on every case.
    response = _response_with(questionnaire, {})
    section = {"linkId": "section-x", "item": [
        {"linkId": k, "answer": [{"valueInteger": v}]} for k, v in values.items()
    ]}  # fmt: skip
    response["item"] = [section]
    assert _evaluate(expression["expression"], response) == [holds]
    loaded = parse_answers(questionnaire, {"answers": values}, "a.yaml") if holds else None
    if not holds:
        with pytest.raises(PaincheckError) as caught:
            parse_answers(questionnaire, {"answers": values}, "a.yaml")
        (problem,) = caught.value.problems
        assert str(problem) == (
            f"a.yaml: pain_least: is {values['pain_least']}, higher than pain_worst "
            f"({values['pain_worst']}); it may not be higher than the answer to pain_worst: "
            "please check both"
        )
    else:
        assert loaded is not None


def test_the_spanish_questionnaire_says_the_rule_in_spanish(questionnaire: Questionnaire) -> None:
    from paincheck.questionnaire import load_questionnaire

    spanish = load_questionnaire(None, ["es"])
    least = _by_link(fhir.questionnaire_resource(view_of(spanish, "es")))["pain_least"]
    human = {e["url"]: e for e in _extension(least, "targetConstraint")["extension"]}["human"]
    assert human["valueString"].startswith("Este número no puede ser más alto que su respuesta a: ")


def test_required_answers_missing_give_an_in_progress_response(
    cli,  # type: ignore[no-untyped-def]
    questionnaire: Questionnaire,
    tmp_path: Path,
) -> None:
    """Issue 22 item 23: a file saved as complete but missing required answers was exported
    `completed`; FHIR R4 expects `in-progress` there. With every required answer: completed."""
    partial = Answers({"pain_now": 4}, status="complete")
    assert fhir.response_resource(view_of(questionnaire), partial)["status"] == "in-progress"
    sample = Path(__file__).parents[1] / "questions" / "samples" / "foot-after-fracture.yaml"
    text = sample.read_text(encoding="utf-8")
    source = tmp_path / "missing.yaml"  # status complete, pain_duration (required) left out
    source.write_text(
        "".join(line for line in text.splitlines(True) if "pain_duration" not in line),
        encoding="utf-8",
    )
    assert json.loads(cli("summary", str(source), "--format", "json").stdout)["missing"] == [
        "pain_duration"
    ]
    for answers_file, status in ((source, "in-progress"), (sample, "completed")):
        target = tmp_path / f"{answers_file.stem}.json"
        assert (
            cli("export", str(answers_file), "--format", "fhir", "-o", str(target)).exit_code == 0
        )
        response = json.loads(target.read_text(encoding="utf-8"))
        check_response(response)
        assert response["status"] == status
