"""Answers files: reading YAML and JSON, checking every answer, reporting, and writing back."""

from __future__ import annotations

import io
import json
import stat
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paincheck.answers.checking import (
    Answers,
    LoadedAnswers,
    check_value,
    dump_answers,
    write_answers,
)
from paincheck.answers.dates import latest_today
from paincheck.answers.loading import load_answers, parse_answers
from paincheck.diary.store import diary_form_folder
from paincheck.errors import PaincheckError, Problem
from paincheck.questionnaire import (
    Question,
    Questionnaire,
    default_questions_folder,
    load_questionnaire,
)
from tests.helpers.views import view_of

VALID_YAML = """\
answers:
  pain_locations: [foot, ankle]
  pain_duration: 1_to_5_years
  pain_now: 7
  treatments_tried: [surgery]
  relief_surgery: little
"""
VALID_VALUES = {
    "pain_locations": ["foot", "ankle"],
    "pain_duration": "1_to_5_years",
    "pain_now": 7,
    "treatments_tried": ["surgery"],
    "relief_surgery": "little",
}


def load_text(questionnaire: Questionnaire, tmp_path: Path, text: str, name: str) -> LoadedAnswers:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_answers(questionnaire, path)


def problems_of(questionnaire: Questionnaire, tmp_path: Path, text: str) -> list[Problem]:
    with pytest.raises(PaincheckError) as caught:
        load_text(questionnaire, tmp_path, text, "answers.yaml")
    return list(caught.value.problems)


def answers_problems(questionnaire: Questionnaire, **answers: Any) -> list[Problem]:
    with pytest.raises(PaincheckError) as caught:
        parse_answers(questionnaire, {"answers": answers}, "a.yaml")
    return list(caught.value.problems)


def one_problem(questionnaire: Questionnaire, **answers: Any) -> Problem:
    problems = answers_problems(questionnaire, **answers)
    assert len(problems) == 1, problems
    return problems[0]


# -- formats ---------------------------------------------------------------------------------


def test_yaml_and_json_are_told_apart_by_content_not_name(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    as_json = json.dumps({"answers": VALID_VALUES})
    for text, name in [
        (VALID_YAML, "a.yaml"),
        (VALID_YAML, "a.json"),
        (as_json, "b.yaml"),
        (as_json, "b.json"),
        (as_json, "b.txt"),
        (VALID_YAML, "no-suffix"),
    ]:
        loaded = load_text(questionnaire, tmp_path, text, name)
        assert dict(loaded.answers.values) == VALID_VALUES, name


def test_yaml_in_flow_style_reads_as_yaml_and_broken_json_stays_a_json_error(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    flow = "{answers: {pain_now: 3, pain_locations: [foot], open_to_trial: yes}}"
    loaded = load_text(questionnaire, tmp_path, flow, "flow.yaml")
    assert dict(loaded.answers.values) == {
        "pain_locations": ["foot"],
        "pain_now": 3,
        "open_to_trial": "yes",
    }
    with pytest.raises(PaincheckError, match="is not valid JSON"):
        load_text(questionnaire, tmp_path, '{"answers": {"pain_now": 3,}}', "trailing.json")


def test_a_byte_order_mark_is_fine(questionnaire: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID_YAML.encode())
    assert dict(load_answers(questionnaire, path).answers.values) == VALID_VALUES


def test_yaml_1_2_yes_no_on_off_stay_strings(questionnaire: Questionnaire, tmp_path: Path) -> None:
    text = """\
answers:
  pain_locations: [foot]
  pain_out_of_proportion: no
  can_use_controller: yes
  open_to_trial: yes
  name: off
  goals: on
  onset_detail: 1:30
  questions_for_doctor: 2024-01-05
"""
    values = load_text(questionnaire, tmp_path, text, "a.yaml").answers.values
    assert values["open_to_trial"] == "yes"
    assert values["can_use_controller"] == "yes"
    assert values["pain_out_of_proportion"] == "no"
    assert (values["name"], values["goals"]) == ("off", "on")
    # No sexagesimal numbers and no dates: what was typed is what is kept.
    assert values["onset_detail"] == "1:30"
    assert values["questions_for_doctor"] == "2024-01-05"


def test_yaml_1_2_true_is_a_boolean_not_a_choice(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    (problem,) = problems_of(questionnaire, tmp_path, "answers:\n  open_to_trial: true\n")
    assert problem.question == "open_to_trial"
    assert "true" in problem.message and "yes, no, not_sure" in problem.message


# -- integers --------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "value"), [(7, 7), ("7", 7), (" 7 ", 7), (0, 0), (10, 10)])
def test_integer_as_number_or_quoted(questionnaire: Questionnaire, raw: Any, value: int) -> None:
    question = questionnaire.question("pain_now")
    assert question is not None
    assert check_value(question, raw, {}) == (value, None)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (True, "true"),
        (False, "false"),
        (7.5, "7.5"),
        (7.0, "7.0"),
        ("7.5", "'7.5'"),
        ("seven", "'seven'"),
        ("²", "'²'"),
        ([7], "list"),
        (11, "got 11"),
        (-1, "got -1"),
        ("11", "got 11"),
        ("9" * 5000, "got '999"),  # more digits than int() takes: a message, no traceback
        (10**60, "got 100000"),
    ],
)
def test_integer_nothing_else_is_coerced(questionnaire: Questionnaire, raw: Any, says: str) -> None:
    problem = one_problem(questionnaire, pain_now=raw)
    assert problem.question == "pain_now"
    assert "whole number from 0 to 10" in problem.message
    assert says in problem.message
    assert len(problem.message) < 120


def test_integer_from_a_yaml_file(questionnaire: Questionnaire, tmp_path: Path) -> None:
    text = 'answers:\n  pain_now: "7"\n  pain_average: 6\n  age: 0x20\n'
    values = load_text(questionnaire, tmp_path, text, "a.yaml").answers.values
    assert (values["pain_now"], values["pain_average"], values["age"]) == (7, 6, 32)
    (problem,) = problems_of(questionnaire, tmp_path, "answers:\n  pain_now: 7.5\n")
    assert "7.5" in problem.message


def test_least_pain_may_not_exceed_worst_pain(questionnaire: Questionnaire) -> None:
    problem = one_problem(questionnaire, pain_worst=5, pain_least=6)
    assert problem.question == "pain_least"
    assert "pain_worst" in problem.message
    loaded = parse_answers(questionnaire, {"answers": {"pain_worst": 5, "pain_least": 5}}, "a")
    assert loaded.answers.values["pain_least"] == 5


# -- choices ---------------------------------------------------------------------------------


def test_unknown_choice_names_allowed_values_and_did_you_mean(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    (problem,) = problems_of(questionnaire, tmp_path, "answers:\n  pain_duration: 1_to_5_year\n")
    text = str(problem)
    assert str(tmp_path / "answers.yaml") in text
    assert problem.question == "pain_duration"
    assert "did you mean '1_to_5_years'" in text
    assert "allowed: under_3_months, 3_to_6_months, 6_to_12_months" in text


def test_unknown_choice_without_a_close_match_has_no_guess(questionnaire: Questionnaire) -> None:
    problem = one_problem(questionnaire, pain_onset="zzz")
    assert "did you mean" not in problem.message
    assert "allowed: injury, surgery, illness, no_clear_cause, not_sure" in problem.message


def test_unknown_question_gets_a_did_you_mean(questionnaire: Questionnaire) -> None:
    problem = one_problem(questionnaire, pain_duraton="1_to_5_years")
    assert problem.question == "pain_duraton"
    assert "did you mean 'pain_duration'" in problem.message


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("foot", "write [foot]"),
        (["foot", "foot"], "foot more than once"),
        (["all_over", "foot"], "'all_over' cannot be combined"),
        (["foot", "fot"], "did you mean 'foot'"),
        ([1], "expects choice ids"),
        ({"foot": True}, "expects a list of choices"),
    ],
)
def test_multi_answers(questionnaire: Questionnaire, value: Any, says: str) -> None:
    problem = one_problem(questionnaire, pain_locations=value)
    assert problem.question == "pain_locations"
    assert says in problem.message


def test_multi_answers_are_kept_in_questionnaire_order(questionnaire: Questionnaire) -> None:
    loaded = parse_answers(questionnaire, {"answers": {"pain_locations": ["knee", "foot"]}}, "a")
    assert loaded.answers.values["pain_locations"] == ["foot", "knee"]


def test_single_answer_given_as_a_list(questionnaire: Questionnaire) -> None:
    problem = one_problem(questionnaire, pain_duration=["1_to_5_years"])
    assert "expects one choice" in problem.message


def test_worst_location_must_be_one_of_the_chosen_places(questionnaire: Questionnaire) -> None:
    problem = one_problem(questionnaire, pain_locations=["foot", "knee"], worst_location="hip")
    assert problem.question == "worst_location"
    assert "not among the answers to pain_locations" in problem.message
    assert "allowed: foot, knee" in problem.message
    loaded = parse_answers(
        questionnaire,
        {"answers": {"pain_locations": ["foot", "knee"], "worst_location": "knee"}},
        "a",
    )
    assert loaded.answers.values["worst_location"] == "knee"


def test_text_answers(questionnaire: Questionnaire) -> None:
    assert "expects text" in one_problem(questionnaire, goals=7).message
    assert "at most 500" in one_problem(questionnaire, goals="x" * 501).message
    assert "at most 500" in one_problem(questionnaire, name="x" * 501).message
    loaded = parse_answers(questionnaire, {"answers": {"goals": "x" * 500, "name": "  "}}, "a")
    assert loaded.answers.values == {"goals": "x" * 500}  # blank text counts as no answer


SHIPPED_TEXT_QUESTIONS = [
    (folder.name, question)
    for folder in (default_questions_folder(), diary_form_folder())
    for question in load_questionnaire(folder).questions
    if question.type == "text"
]


@pytest.mark.parametrize(
    ("folder", "question"),
    SHIPPED_TEXT_QUESTIONS,
    ids=[f"{folder}-{q.id}" for folder, q in SHIPPED_TEXT_QUESTIONS],
)
def test_every_shipped_text_answer_takes_500_characters_not_501(
    folder: str, question: Question
) -> None:
    """The contract: a text answer is at most 500 characters, one line unless noted."""
    assert check_value(question, "x" * 500, {}) == ("x" * 500, None)
    assert check_value(question, "x" * 501, {}) == (
        None,
        "is 501 characters long; at most 500 are allowed",
    )


def test_a_text_over_500_characters_names_the_file_and_the_question(
    cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(f"answers:\n  name: {'n' * 501}\n  goals: {'g' * 500}\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}: name: is 501 characters long; at most 500 are allowed\n"
    )
    path.write_text(f"answers:\n  name: {'n' * 500}\n  goals: {'g' * 500}\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{path}: ok (2 answers)\n", "")


def test_only_multi_line_questions_take_line_breaks(questionnaire: Questionnaire) -> None:
    assert "one line" in one_problem(questionnaire, goals="walk\nswim").message
    assert "one line" in one_problem(questionnaire, name="Ana\r").message
    text = "Ibuprofen\nApixaban"
    loaded = parse_answers(questionnaire, {"answers": {"current_medicines": text}}, "a")
    assert loaded.answers.values == {"current_medicines": text}


# -- every problem at once -------------------------------------------------------------------


def test_five_problems_give_five_messages(questionnaire: Questionnaire, tmp_path: Path) -> None:
    text = """\
answer_file: 2
answers:
  pain_locations: [foot, elbow]
  pain_duration: forever
  pain_now: 12
  open_to_trial: true
"""
    problems = problems_of(questionnaire, tmp_path, text)
    assert len(problems) == 5
    file = str(tmp_path / "answers.yaml")
    assert all(p.file == file for p in problems)
    by_question = {p.question: p.message for p in problems}
    assert set(by_question) == {
        None,
        "pain_locations",
        "pain_duration",
        "pain_now",
        "open_to_trial",
    }
    assert "unknown top-level key 'answer_file'" in by_question[None]
    assert "'elbow' is not an allowed choice" in by_question["pain_locations"]
    assert "allowed: under_3_months" in by_question["pain_duration"]
    assert "got 12" in by_question["pain_now"]
    assert "yes, no, not_sure" in by_question["open_to_trial"]


def test_top_level_problems(questionnaire: Questionnaire, tmp_path: Path) -> None:
    text = "questionnaire: sleep-check\nstatus: done\nanswrs:\n  pain_now: 3\n"
    messages = [p.message for p in problems_of(questionnaire, tmp_path, text)]
    assert any("unknown top-level key 'answrs' (did you mean 'answers'?)" in m for m in messages)
    assert any("questionnaire 'sleep-check', not 'drg-checklist'" in m for m in messages)
    assert any("status must be one of complete, in_progress, got 'done'" in m for m in messages)
    assert any("has no 'answers' mapping" in m for m in messages)
    assert len(messages) == 4


def test_other_version_is_a_warning(questionnaire: Questionnaire, tmp_path: Path) -> None:
    loaded = load_text(questionnaire, tmp_path, 'version: "0"\n' + VALID_YAML, "a.yaml")
    assert dict(loaded.answers.values) == VALID_VALUES
    assert ["was written for version 0" in w.message for w in loaded.warnings] == [True]


def test_a_version_1_file_loads_with_exactly_one_warning(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    # Version 2 added questions (crps_diagnosis) and choices: a version 1 file leaves them
    # unanswered, and says once that it was written for the older version.
    text = 'questionnaire: drg-checklist\nversion: "1"\n' + VALID_YAML
    loaded = load_text(questionnaire, tmp_path, text, "v1.yaml")
    assert dict(loaded.answers.values) == VALID_VALUES
    assert [w.message for w in loaded.warnings] == [
        "was written for version 1; checked against version 3"
    ]
    assert loaded.answers.get("crps_diagnosis") is None


def test_a_version_2_file_loads_unchanged_without_a_warning(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    # Version 3 removed no id: a version 2 file is read as it is, and says nothing.
    text = 'questionnaire: drg-checklist\nversion: "2"\n' + VALID_YAML
    loaded = load_text(questionnaire, tmp_path, text, "v2.yaml")
    assert dict(loaded.answers.values) == VALID_VALUES
    assert list(loaded.warnings) == []
    three = load_text(questionnaire, tmp_path, text.replace('"2"', "3"), "v3.yaml")
    assert list(three.warnings) == [] and dict(three.answers.values) == VALID_VALUES


def test_header_keys_are_optional_and_status_is_kept(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    text = 'questionnaire: drg-checklist\nversion: "2"\nstatus: in_progress\n' + VALID_YAML
    loaded = load_text(questionnaire, tmp_path, text, "a.yaml")
    assert loaded.answers.status == "in_progress"
    assert load_text(questionnaire, tmp_path, VALID_YAML, "b.yaml").answers.status == "complete"


# -- the day the answers were given --------------------------------------------------------


def test_a_date_is_read_from_yaml_and_json_and_written_back(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    unquoted = load_text(questionnaire, tmp_path, "date: 2026-05-04\n" + VALID_YAML, "a.yaml")
    assert unquoted.answers == Answers(VALID_VALUES, "complete", "2026-05-04")
    document = {"date": "2026-05-04", "answers": VALID_VALUES}
    from_json = load_text(questionnaire, tmp_path, json.dumps(document), "a.json")
    assert from_json.answers == unquoted.answers
    written = dump_answers(questionnaire, unquoted.answers)
    assert "\nstatus: complete\ndate: '2026-05-04'\nanswers:\n" in written
    again = load_text(questionnaire, tmp_path, written, "b.yaml")
    assert again.answers == unquoted.answers
    undated = load_text(questionnaire, tmp_path, VALID_YAML, "c.yaml").answers
    assert undated.date is None and "date" not in dump_answers(questionnaire, undated)
    assert load_text(questionnaire, tmp_path, "date:\n" + VALID_YAML, "d.yaml").answers.date is None


def test_today_anywhere_on_earth_is_not_the_future() -> None:
    from datetime import UTC, datetime

    # 10:00 UTC on 6 December is midnight, 7 December, at UTC+14 (Kiribati's Line Islands).
    assert latest_today(datetime(2026, 12, 6, 9, 59, tzinfo=UTC)).isoformat() == "2026-12-06"
    assert latest_today(datetime(2026, 12, 6, 10, 0, tzinfo=UTC)).isoformat() == "2026-12-07"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ('"2026-02-30"', "'2026-02-30' is not a real date"),
        ('"6 May 2026"', "expects a date written YYYY-MM-DD, got '6 May 2026'"),
        ('"2026-5-4"', "expects a date written YYYY-MM-DD, got '2026-5-4'"),
        ("20260504", "expects a date written YYYY-MM-DD, got 20260504 (int)"),
        ("[2026-05-04]", "expects a date written YYYY-MM-DD, got a list"),
    ],
)
def test_a_date_that_is_not_a_day_names_the_file(
    questionnaire: Questionnaire, tmp_path: Path, written: str, says: str
) -> None:
    problems = problems_of(questionnaire, tmp_path, f"date: {written}\n" + VALID_YAML)
    assert [str(p) for p in problems] == [f"{tmp_path / 'answers.yaml'}: date: {says}"]


def test_a_day_not_yet_begun_anywhere_is_in_the_future(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    latest = latest_today()
    today_somewhere = load_text(questionnaire, tmp_path, f"date: {latest}\n" + VALID_YAML, "a.yaml")
    assert today_somewhere.answers.date == latest.isoformat()
    tomorrow = (latest + timedelta(days=1)).isoformat()
    text = f"date: '{tomorrow}'\nanswers: {{pain_now: 11}}\n"
    assert [str(p) for p in problems_of(questionnaire, tmp_path, text)] == [
        f"{tmp_path / 'answers.yaml'}: date: {tomorrow} is in the future: that day has not begun "
        "anywhere on Earth yet",
        f"{tmp_path / 'answers.yaml'}: pain_now: expects a whole number from 0 to 10, got 11",
    ]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"# nothing yet\n", "holds no answers (only comments or blank lines)"),
        (b"- a\n- b\n", "must be a mapping with an 'answers' key, got a list"),
        (b"just text\n", "must be a mapping"),
        (b"answers: [pain_now]\n", "'answers' must be a mapping"),
        (b"answers:\n  pain_now: 3\n  pain_now: 4\n", "'pain_now' appears twice"),
        (b'{"answers": {"pain_now": 3, "pain_now": 4}}', "'pain_now' appears twice"),
        (b"answers: {}\nanswers: {}\n", "'answers' appears twice"),
        (b"answers:\n  pain_now: [\n", "is not valid YAML"),
        (b'{"answers": {"pain_now": 3,}}', "is not valid JSON"),
        (b"\xff\xfe\x00a", "is not UTF-8"),
        (b"answers:\x00\n", "binary"),
        (b"answers: !!python/object/apply:os.system [echo hi]\n", "YAML tag"),
        (b"answers:\n  name: !custom x\n", "YAML tag"),
    ],
)
def test_unreadable_files_get_one_clear_message(
    questionnaire: Questionnaire, tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(PaincheckError) as caught:
        load_answers(questionnaire, path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert says in problem.message


def test_duplicate_key_names_the_question(questionnaire: Questionnaire, tmp_path: Path) -> None:
    (problem,) = problems_of(questionnaire, tmp_path, "answers:\n  pain_now: 3\n  pain_now: 4\n")
    assert problem.question == "pain_now"
    assert "line 3" in problem.message


def test_an_alias_bomb_is_refused(questionnaire: Questionnaire, tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    (problem,) = problems_of(questionnaire, tmp_path, "\n".join(lines) + "\n")
    assert "refused" in problem.message and "aliases" in problem.message


def test_a_deeply_nested_file_is_refused(questionnaire: Questionnaire, tmp_path: Path) -> None:
    (problem,) = problems_of(questionnaire, tmp_path, "answers: " + "[" * 200 + "]" * 200 + "\n")
    assert "refused" in problem.message


def test_a_huge_file_is_refused(questionnaire: Questionnaire, tmp_path: Path) -> None:
    text = "# padding\n" * 120_000 + VALID_YAML
    (problem,) = problems_of(questionnaire, tmp_path, text)
    assert "larger than 1000 kB" in problem.message


def test_missing_file_and_folder(questionnaire: Questionnaire, tmp_path: Path) -> None:
    with pytest.raises(PaincheckError, match="no such file"):
        load_answers(questionnaire, tmp_path / "nope.yaml")
    with pytest.raises(PaincheckError, match="is a folder"):
        load_answers(questionnaire, tmp_path)


# -- questions not shown ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "ignored"),
    [
        ({"pain_locations": ["foot"], "worst_location": "foot"}, "worst_location"),
        ({"pain_locations": ["low_back"], "limb_changes": ["swelling"]}, "limb_changes"),
        ({"treatments_tried": ["surgery"], "relief_opioids": "little"}, "relief_opioids"),
        ({"treatments_tried": ["none"], "relief_other": "none"}, "relief_other"),
    ],
)
def test_answers_to_questions_not_shown_are_ignored_with_a_warning(
    questionnaire: Questionnaire, answers: dict[str, Any], ignored: str
) -> None:
    loaded = parse_answers(questionnaire, {"answers": answers}, "a.yaml")
    assert ignored not in loaded.answers.values
    (warning,) = loaded.warnings
    assert (warning.file, warning.question) == ("a.yaml", ignored)
    assert "ignored" in warning.message


# -- standard input --------------------------------------------------------------------------


def test_dash_reads_standard_input(
    questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(VALID_YAML.encode())))
    loaded = load_answers(questionnaire, "-")
    assert dict(loaded.answers.values) == VALID_VALUES
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"answers: {pain_now: 11}")))
    with pytest.raises(PaincheckError) as caught:
        load_answers(questionnaire, "-")
    assert str(caught.value.problems[0]).startswith("<stdin>: pain_now:")


# -- writing and the round trip --------------------------------------------------------------


TRICKY_TEXTS = [
    "7",
    "007",
    "-3",
    "7.5",
    "1e3",
    "0x1F",
    "1:30",
    "true",
    "False",
    "yes",
    "no",
    "on",
    "off",
    "null",
    "~",
    "2024-01-05",
    "- not a list",
    "# not a comment",
    "key: value",
    "[a, b]",
    "{a: b}",
    "'quoted'",
    '"double"',
    "  leading spaces",
    "trailing spaces  ",
    "tab\tinside",
    "& anchor",
    "* alias",
    "! tag",
    "% directive",
    "@at",
    "`tick",
    "| pipe",
    "> fold",
    "Dolor de pie tras fractura: ¿cuánto dura?",
    "Schmerz ≥ 7 — seit 2023 ✔",
    "痛み",
    "emoji 🦶",
]


def full_answers(**text: str) -> Answers:
    values: dict[str, Any] = {
        **VALID_VALUES,
        "pain_locations": ["foot", "knee"],
        "worst_location": "knee",
        "open_to_trial": "yes",
        "pain_out_of_proportion": "no",
        "can_use_controller": "no",
        **text,
    }
    return Answers(values)


def round_trip(questionnaire: Questionnaire, answers: Answers) -> Answers:
    document = dump_answers(questionnaire, answers)
    from paincheck.files.reading import parse_document

    return parse_answers(questionnaire, parse_document(document.encode(), "w.yaml"), "w").answers


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_round_trip_of_text_that_looks_like_something_else(
    questionnaire: Questionnaire, text: str
) -> None:
    answers = full_answers(goals=text, name=text)
    assert round_trip(questionnaire, answers) == answers


def test_round_trip_of_multi_line_text(questionnaire: Questionnaire) -> None:
    for text in [
        "Ibuprofen 400 mg\nApixaban 5 mg twice a day\n  (since 2024)",
        "line one\n\nline three",
        "ends with a newline\n",
        "\nstarts with a newline",
        "   indented first line\nsecond",
        "trailing spaces  \nnext",
        "tabs\tand\ttabs\nnext",
    ]:
        answers = full_answers(current_medicines=text, questions_for_doctor=text)
        assert round_trip(questionnaire, answers) == answers, repr(text)


def test_dump_writes_header_keys_and_questionnaire_order(questionnaire: Questionnaire) -> None:
    document = dump_answers(questionnaire, Answers({"pain_now": 3, "name": "Ana"}, "in_progress"))
    assert document.startswith("# paincheck answers for drg-checklist")
    assert "questionnaire: drg-checklist\nversion: '3'\nstatus: in_progress\n" in document
    assert document.index("name: Ana") < document.index("pain_now: 3")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        st.characters(exclude_categories=["Cs"]),
        min_size=1,
        max_size=60,
    ).filter(str.strip)
)
def test_round_trip_of_any_text(questionnaire: Questionnaire, text: str) -> None:
    line = text.replace("\n", " ").replace("\r", " ")
    answers = full_answers(goals=line, current_medicines=text + "\n" + text)
    assert round_trip(questionnaire, answers) == answers


def test_write_answers_is_private_and_does_not_overwrite(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "mine.yaml"
    answers = full_answers(goals="walk my dog")
    write_answers(path, questionnaire, answers)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_answers(questionnaire, path).answers == answers
    with pytest.raises(PaincheckError) as caught:
        write_answers(path, questionnaire, Answers({}))
    assert caught.value.problems[0].file == str(path)
    assert load_answers(questionnaire, path).answers == answers  # untouched
    write_answers(path, questionnaire, Answers({"pain_now": 2}), overwrite=True)
    assert dict(load_answers(questionnaire, path).answers.values) == {"pain_now": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]  # no temporary files left


def test_a_wrong_answer_is_not_repeated_through_the_answers_that_depend_on_it(
    questionnaire: Questionnaire,
) -> None:
    problems = answers_problems(
        questionnaire,
        pain_locations=["foot", "kneee"],
        worst_location="foot",
        pain_worst=11,
        pain_least=4,
    )
    assert sorted(p.question for p in problems) == ["pain_locations", "pain_worst"]


# -- lone surrogates: half of a UTF-16 pair is not text -------------------------------------------

SURROGATE_FILES = {
    "JSON answer": ('{"answers": {"name": "Ana\\ud800"}}', "name", "'Ana\\ud800'"),
    "JSON low half": ('{"answers": {"goals": "walk \\udc80 far"}}', "goals", "'walk \\udc80 far'"),
    "JSON key": ('{"answers": {"pain_now": 3, "\\udfff": 1}}', "answers", "'\\udfff'"),
    "JSON in a list": ('{"answers": {"pain_locations": ["foot", "\\ud83d"]}}', "pain_locations", "'\\ud83d'"),
    "JSON status": ('{"status": "\\ud800", "answers": {}}', "status", "'\\ud800'"),
    "flow YAML": ('{answers: {name: "\\ud800"}}', "name", "'\\ud800'"),
    "FHIR response": (
        '{"resourceType": "QuestionnaireResponse", "status": "completed", "item": [{"linkId": '
        '"section-about", "item": [{"linkId": "name", "answer": [{"valueString": "\\udbff"}]}]}]}',
        "name",
        "'\\udbff'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", SURROGATE_FILES, ids=list(SURROGATE_FILES))
@pytest.mark.parametrize("command", ["validate", "summary", "export"])
def test_a_lone_surrogate_is_refused_when_the_file_is_read(
    cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    case: str,
    command: str,
) -> None:
    text, question, shown = SURROGATE_FILES[case]
    code = "\\" + shown.split("\\")[1][:5]
    path = tmp_path / "answers.json"
    path.write_text(text, encoding="ascii")
    args = ["--format", "fhir", "-o", str(tmp_path / "out.json")] if command == "export" else []
    result = cli(command, str(path), *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {path}: {question}: {shown} is not valid text: {code} is half of a "
        "character pair, alone (a mistake of the program that wrote the file); retype this text\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json"]


def test_a_surrogate_pair_is_one_character_and_reads_fine(questionnaire: Questionnaire) -> None:
    loaded = parse_answers(
        questionnaire, json.loads('{"answers": {"name": "Ana \\ud83d\\ude00"}}'), "a.json"
    )
    assert loaded.answers.values["name"] == "Ana \U0001f600"


def test_many_lone_surrogates_give_a_capped_list(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": {f"k{i}": "\ud800" for i in range(500)}}), "ascii")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 21 and lines[-1] == f"error: {path}: and 480 more texts like these"


# hypothesis leaves surrogates out of text unless asked: they are what this is about
ANY_CODE_POINT = st.characters() | st.integers(0xD800, 0xDFFF).map(chr)


@given(text=st.text(ANY_CODE_POINT, max_size=40))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_the_pipeline_accepts_is_saved_and_read_back(
    questionnaire: Questionnaire, text: str
) -> None:
    """What the interview accepts (any code point, surrogates included) is never a file that
    paincheck then refuses: saved as YAML and as FHIR, it reads back the same."""
    from paincheck.formats.fhir import response_json

    question = questionnaire.question("goals")
    assert question is not None
    value, problem = check_value(question, text, {})
    if problem is not None or value is None:
        return
    answers = Answers({"goals": value})
    saved = dump_answers(questionnaire, answers).encode("utf-8")
    from paincheck.files.reading import parse_document

    again = parse_answers(questionnaire, parse_document(saved, "a.yaml"), "a.yaml")
    assert again.answers.values == {"goals": value}
    response = response_json(view_of(questionnaire), answers).encode("utf-8")
    from_fhir = parse_answers(questionnaire, parse_document(response, "r.json"), "r.json")
    assert from_fhir.answers.values == {"goals": value}
