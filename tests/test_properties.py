"""Properties that hold for any input (hypothesis).

- Any bytes, any YAML-looking text, any document: the answers loader and the questions loader
  raise nothing but PaincheckError.
- Any valid answer set: it loads without a problem, evaluates, and survives a save and load
  unchanged.
"""

from __future__ import annotations

import copy
import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paincheck.answers.checking import Answers, dump_answers, shown_questions
from paincheck.answers.loading import parse_answers
from paincheck.errors import PaincheckError
from paincheck.evaluation import evaluate, to_json
from paincheck.files.reading import parse_document
from paincheck.questionnaire import Question, Questionnaire, load_questionnaire
from paincheck.questionnaire.types import allowed_choices

SHIPPED_QUESTIONS = Path(__file__).resolve().parents[1] / "questions"
SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def share_of_the_profile(divisor: int) -> settings:
    """SETTINGS with 1/divisor of the active profile's examples (at least 10), for properties
    whose every example costs tens of milliseconds: dev and ci run 100 / divisor of them,
    `HYPOTHESIS_PROFILE=thorough` 1000 / divisor."""
    return settings(SETTINGS, max_examples=max(10, settings().max_examples // divisor))


# -- arbitrary documents ----------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=15), inner, max_size=5)
    ),
    max_leaves=25,
)
YAML_ALPHABET = "{}[]:,-?&*!|>'\"#%@`~ \n\t\r.0123456789abcdeyn_<=\\\ufeff\u2028\x85é"
yaml_like = st.text(alphabet=YAML_ALPHABET, max_size=120)


def only_paincheck_errors(action: Callable[[], object]) -> None:
    """Run `action`; a PaincheckError is an acceptable answer, anything else is a bug."""
    try:
        action()
    except PaincheckError as exc:
        assert exc.problems, "a PaincheckError must carry at least one problem"
        for problem in exc.problems:
            assert problem.file and problem.message


def load_and_evaluate(questionnaire: Questionnaire, data: bytes) -> None:
    loaded = parse_answers(questionnaire, parse_document(data, "a.yaml"), "a.yaml")
    json.dumps(to_json(evaluate(questionnaire, loaded.answers)))


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes(questionnaire: Questionnaire, data: bytes) -> None:
    only_paincheck_errors(lambda: load_and_evaluate(questionnaire, data))


@SETTINGS
@given(text=yaml_like)
def test_any_yaml_looking_text(questionnaire: Questionnaire, text: str) -> None:
    only_paincheck_errors(lambda: load_and_evaluate(questionnaire, text.encode()))
    only_paincheck_errors(
        lambda: load_and_evaluate(questionnaire, ("answers:\n  " + text).encode())
    )


@SETTINGS
@given(document=values)
def test_any_document(questionnaire: Questionnaire, document: Any) -> None:
    for text in (yaml.safe_dump(document, allow_unicode=True), json.dumps(document)):
        only_paincheck_errors(lambda text=text: load_and_evaluate(questionnaire, text.encode()))


def answer_values(questionnaire: Questionnaire) -> st.SearchStrategy[Any]:
    """Plausible and implausible values: real choice ids mixed with anything."""
    choice_ids = sorted({c.id for q in questionnaire.questions for c in q.choices})
    return (
        values
        | st.sampled_from(choice_ids)
        | st.lists(st.sampled_from(choice_ids), max_size=6)
        | st.integers(min_value=-3, max_value=130)
        | st.integers(min_value=-3, max_value=130).map(str)
        | st.text(st.characters(codec="utf-8"), max_size=600)
    )


@SETTINGS
@given(data=st.data())
def test_any_answers_mapping(questionnaire: Questionnaire, data: st.DataObject) -> None:
    ids = [q.id for q in questionnaire.questions]
    given_answers = data.draw(
        st.dictionaries(
            st.sampled_from(ids) | st.text(max_size=20),
            answer_values(questionnaire),
            max_size=15,
        )
    )
    document = {"answers": given_answers}
    document.update(
        data.draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "status": st.sampled_from(["complete", "in_progress"]) | scalars,
                    "version": scalars,
                    "questionnaire": st.just("drg-checklist") | scalars,
                },
            )
        )
    )
    for text in (yaml.safe_dump(document, allow_unicode=True), json.dumps(document)):
        only_paincheck_errors(lambda text=text: load_and_evaluate(questionnaire, text.encode()))


# -- valid answer sets ------------------------------------------------------------------


def valid_value(draw: st.DrawFn, question: Question, answered: dict[str, Any]) -> Any:
    """A value the question accepts, given the answers before it; None to skip it."""
    if question.type == "text":
        line_breaks = "" if question.multiline else "\r\n"
        characters = st.characters(codec="utf-8", exclude_characters=line_breaks)
        text = draw(st.text(characters, min_size=1, max_size=80))
        return text if text.strip() else None
    if question.type == "integer":
        assert question.min is not None and question.max is not None
        top = question.max
        if question.at_most is not None and isinstance(answered.get(question.at_most), int):
            top = min(top, answered[question.at_most])
        return draw(st.integers(min_value=question.min, max_value=top))
    allowed = allowed_choices(question, answered)
    if not allowed:
        return None
    if question.type == "single":
        return draw(st.sampled_from(allowed))
    exclusive = [c.id for c in question.choices if c.exclusive]
    others = [c for c in allowed if c not in exclusive]
    if exclusive and draw(st.booleans()):
        return [draw(st.sampled_from(exclusive))]
    chosen = draw(st.lists(st.sampled_from(others), min_size=1, unique=True))
    return [c for c in allowed if c in chosen]  # questionnaire order, as the loader keeps it


@st.composite
def valid_answers(draw: st.DrawFn, questionnaire: Questionnaire) -> Answers:
    answered: dict[str, Any] = {}
    for question in questionnaire.questions:
        shown, _ = shown_questions(questionnaire, answered)
        if question not in shown or not draw(st.integers(0, 4)):  # skip about one in five
            continue
        value = valid_value(draw, question, answered)
        if value is not None:
            answered[question.id] = value
    status = draw(st.sampled_from(["complete", "in_progress"]))
    return Answers(answered, status)


@share_of_the_profile(2)  # an example evaluates and saves a whole answer set: ~30 ms
@given(data=st.data())
def test_valid_answers_load_evaluate_and_round_trip(
    questionnaire: Questionnaire, data: st.DataObject
) -> None:
    answers = data.draw(valid_answers(questionnaire))
    loaded = parse_answers(questionnaire, {"answers": dict(answers.values)}, "gen.yaml")
    assert loaded.warnings == ()
    assert dict(loaded.answers.values) == dict(answers.values)

    summary = to_json(evaluate(questionnaire, answers))
    assert json.loads(json.dumps(summary)) == summary
    assert summary["missing"] == [
        q.id
        for q in shown_questions(questionnaire, answers.values)[0]
        if q.required and q.id not in answers.values
    ]

    text = dump_answers(questionnaire, answers)
    again = parse_answers(questionnaire, parse_document(text.encode(), "saved.yaml"), "saved.yaml")
    assert again.warnings == ()
    assert dict(again.answers.values) == dict(answers.values)
    assert list(again.answers.values) == list(answers.values)  # questionnaire order
    assert again.answers.status == answers.status
    assert to_json(evaluate(questionnaire, again.answers)) == summary


# -- the questions loader ---------------------------------------------------------------

QUESTION_FILES = ["questionnaire.yaml", "rules.yaml", "translations/es.yaml"]


def _raw_folder() -> dict[str, Any]:
    return {
        name: parse_document((SHIPPED_QUESTIONS / name).read_bytes(), name)
        for name in QUESTION_FILES
        if (SHIPPED_QUESTIONS / name).is_file()
    }


RAW_FOLDER = _raw_folder()
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def paths_in(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document: keys of mappings and indexes of lists."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths_in(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths_in(item, (*prefix, index)))
    return found


def mutate(data: st.DataObject, folder: dict[str, Any], changed: set[str]) -> None:
    """Change one place of one file: a new value, a removal, a duplicate or an odd key.
    A file is copied before its first change (and named in `changed`); the others stay
    shared with RAW_FOLDER."""
    name = data.draw(st.sampled_from(sorted(folder)))
    if name not in changed:
        folder[name] = copy.deepcopy(folder[name])
        changed.add(name)
    places = paths_in(folder[name])
    path = data.draw(st.sampled_from(places))
    if not path:
        folder[name] = data.draw(values)
        return
    parent = folder[name]
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    action = data.draw(st.sampled_from(["replace", "remove", "duplicate", "add key", "swap"]))
    if action == "replace":
        parent[last] = data.draw(values)
    elif action == "remove":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    elif action == "add key" and isinstance(parent[last], dict):
        parent[last][data.draw(st.text(max_size=12))] = data.draw(values)
    elif action == "swap":
        source: Any = folder[name]
        for step in data.draw(st.sampled_from(places)):
            source = source[step]
        parent[last] = copy.deepcopy(source)


def dumped(document: Any) -> str:
    return yaml.dump(document, Dumper=DUMPER, allow_unicode=True)


# The unchanged files as written for every example (dumping the folder is a third of a run).
RAW_TEXT = {name: dumped(document) for name, document in RAW_FOLDER.items()}


def write_folder(folder: dict[str, Any], target: Path, changed: set[str] | None = None) -> None:
    """Write the folder's files; those not in `changed` (all when None) as RAW_FOLDER's."""
    for name, document in folder.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = RAW_TEXT[name] if changed is not None and name not in changed else dumped(document)
        path.write_text(text, encoding="utf-8")


def test_the_copy_of_the_shipped_folder_loads() -> None:
    """The mutation tests start from a folder that loads (so their errors are theirs)."""
    with tempfile.TemporaryDirectory() as temp:
        write_folder(copy.deepcopy(RAW_FOLDER), Path(temp))
        assert load_questionnaire(Path(temp)).id == "drg-checklist"


@share_of_the_profile(4)  # an example writes and loads a whole questions folder: ~60 ms
@given(data=st.data())
def test_any_change_to_a_questions_folder(data: st.DataObject) -> None:
    folder = dict(RAW_FOLDER)
    changed: set[str] = set()
    for _ in range(data.draw(st.integers(1, 3))):
        mutate(data, folder, changed)
    with tempfile.TemporaryDirectory() as temp:
        write_folder(folder, Path(temp), changed)

        def load_and_use() -> None:
            questionnaire = load_questionnaire(Path(temp))
            # A folder that loads must work: evaluating answers must not crash.
            json.dumps(to_json(evaluate(questionnaire, Answers({}))))

        only_paincheck_errors(load_and_use)


@SETTINGS
@given(text=yaml_like)
def test_any_text_as_questionnaire_yaml(text: str) -> None:
    with tempfile.TemporaryDirectory() as temp:
        (Path(temp) / "questionnaire.yaml").write_text(text, encoding="utf-8")
        only_paincheck_errors(lambda: load_questionnaire(Path(temp)))


@pytest.mark.parametrize("number", ["1e400", "-1e400", ".nan", ".inf", "1_000", "0x1F"])
def test_special_numbers_are_numbers_or_clear_errors(
    questionnaire: Questionnaire, number: str
) -> None:
    """Numbers YAML can write that Python reads oddly: never a crash, never a wrong answer."""
    data = f"answers:\n  pain_now: {number}\n".encode()
    value = parse_document(data, "a.yaml")["answers"]["pain_now"]
    assert isinstance(value, int | float | str)
    if isinstance(value, float) and not math.isnan(value):
        assert math.isinf(value) or value == float(number)
    with pytest.raises(PaincheckError, match="pain_now"):
        parse_answers(questionnaire, parse_document(data, "a.yaml"), "a.yaml")
