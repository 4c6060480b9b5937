"""The question types have one home: `questionnaire/types.py`, one row per type.

Every type has its row and every row is used; outside the table no module names a type; and
a type added to the table (a `date`, here) works in every command with nothing else changed.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import paincheck
from paincheck.answers.checking import Answers
from paincheck.answers.dates import check_answered_on, latest_today
from paincheck.answers.loading import load_answers
from paincheck.errors import PaincheckError
from paincheck.interview import walk
from paincheck.questionnaire import load_questionnaire, messages, translations, types
from paincheck.questionnaire.conditions import Value
from paincheck.questionnaire.types import TYPE_NAMES, TYPES, Asked, QuestionType
from paincheck.text.display import describe_value
from tests.helpers import OTHER, ROOT
from tests.helpers.documents import text_of
from tests.helpers.interview import BACKSPACE, ENTER, typing
from tests.helpers.views import view_of

SOURCE = Path(paincheck.__file__).parent
SHIPPED = [ROOT / "questions", ROOT / "questions" / "diary"]


def test_every_type_has_one_row_and_every_row_is_used() -> None:
    assert sorted(TYPES) == sorted(TYPE_NAMES)
    assert all(name == row.name for name, row in TYPES.items())
    used = {q.type for folder in SHIPPED for q in load_questionnaire(folder).questions}
    assert used == set(TYPE_NAMES)  # no row only a test would miss


def test_every_column_of_the_table_is_read_outside_it() -> None:
    sources = {
        path: path.read_text(encoding="utf-8")
        for path in SOURCE.rglob("*.py")
        if path.name != "types.py"
    }
    unread = [
        column.name
        for column in dataclasses.fields(QuestionType)
        if not any(re.search(rf"\.{column.name}\b", text) for text in sources.values())
    ]
    assert unread == []


def type_names_in(tree: ast.AST) -> list[str]:
    """The string constants in a module's code that name a question type as a type.

    Left out, where the same word means something else: a key (`{"text": ...}`,
    `item["text"]`, `data.get("text")`, `"text" in data`, a set of the keys a YAML part takes):
    a field of a YAML, JSON or FHIR object; and the value of an Enum member (`--format
    text`)."""
    keys: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys.update(id(k) for k in node.keys if k is not None)
        elif isinstance(node, ast.Subscript):
            keys.add(id(node.slice))
        elif isinstance(node, ast.Set):
            keys.update(id(e) for e in node.elts)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "get" and node.args:
                keys.add(id(node.args[0]))
        elif isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In | ast.NotIn):
            keys.add(id(node.left))
        elif isinstance(node, ast.ClassDef) and any(
            "Enum" in ast.unparse(base) for base in node.bases
        ):
            keys.update(id(s.value) for s in node.body if isinstance(s, ast.Assign))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in TYPE_NAMES and id(node) not in keys
    ]


def test_question_type_names_are_named_in_the_table_only() -> None:
    naming = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if type_names_in(ast.parse(path.read_text(encoding="utf-8")))
    )
    assert naming == ["questionnaire/types.py"]  # the issue allows 4 modules


def test_the_count_sees_a_type_named_and_leaves_keys_out() -> None:
    assert type_names_in(ast.parse('q.type == "multi"')) == ["multi"]
    assert type_names_in(ast.parse('kind in ("single", "multi")')) == ["single", "multi"]
    assert type_names_in(ast.parse('Prompt(lines, "text")')) == ["text"]
    keys = 'x = {"text": 1}; x["text"]; d.get("text"); "text" in d; {"id", "text"}\n'
    enum = 'class F(str, Enum):\n    text = "text"\n'
    assert type_names_in(ast.parse(keys + enum)) == []


# -- a type added through the table ------------------------------------------------------------


def _check_date(
    question: Asked, value: Any, values: Mapping[str, Value]
) -> tuple[Value, str | None]:
    if not isinstance(value, str):
        return None, f"expects a date written YYYY-MM-DD, got {describe_value(value)}"
    return check_answered_on(value.strip(), latest_today())


DATE = QuestionType(
    name="date",  # type: ignore[arg-type]  # a new type: its name joins TypeName too
    check=_check_date,
    picks="none",
    number=False,
    own_words=False,
    prompt="typed",
    tests=("equals", "in"),
    fhir_item="date",
    fhir_value="valueDate",
    words=lambda question, say: say("listing_date"),
)
DATE_QUESTION = {
    "id": "trouble_began",
    "type": "date",
    "text": "On what day did the trouble begin?",
    "help": "Write it as 2026-11-30.",
}
# Every question of the second checklist shown for these answers, answered; the date aside.
ANSWERS: dict[str, Value] = {
    "age": 40,
    "problems": ["none"],
    "nights": 0,
    "danger": ["none"],
    "remedies": ["none"],
    "notes": "Nothing more.",
    "sleepy_day": "never",
    "sleepy_mood": "never",
}


@pytest.fixture
def with_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The second checklist with a date question, once the table has a date row (and the
    engine's messages the words of its listing, as messages/en.yaml would)."""
    monkeypatch.setitem(TYPES, "date", DATE)  # type: ignore[index]
    original = messages.package_messages
    for module in (messages, translations):
        monkeypatch.setattr(
            module,
            "package_messages",
            lambda lang: {**original(lang), "listing_date": "a day written YYYY-MM-DD"},
        )
    folder = tmp_path / "questions"
    shutil.copytree(OTHER, folder)
    main = folder / "questionnaire.yaml"
    document = yaml.safe_load(main.read_text(encoding="utf-8"))
    document["sections"][0]["questions"].insert(1, DATE_QUESTION)
    main.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return folder


def _answers_file(folder: Path, day: str) -> Path:
    path = folder.parent / f"answers-{day.replace(' ', '-')}.yaml"
    document = {"questionnaire": "sleep-check", "answers": {**ANSWERS, "trouble_began": day}}
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def test_a_date_row_is_all_a_date_type_needs(with_date: Path, cli: Any) -> None:
    questionnaire = load_questionnaire(with_date)
    assert questionnaire.question("trouble_began").kind is DATE  # type: ignore[union-attr]

    # an answers file: checked by the row, kept as written
    good = _answers_file(with_date, "2026-11-30")
    assert load_answers(questionnaire, good).answers.get("trouble_began") == "2026-11-30"
    with pytest.raises(PaincheckError) as caught:
        load_answers(questionnaire, _answers_file(with_date, "last week"))
    assert [str(p) for p in caught.value.problems] == [
        f"{with_date.parent / 'answers-last-week.yaml'}: trouble_began: "
        "expects a date written YYYY-MM-DD, got 'last week'"
    ]

    # the listing and the template say what it takes, in the row's words
    listed = json.loads(cli("questions", "--questions", str(with_date), "--format", "json").stdout)
    asked = listed["sections"][0]["questions"][1]
    assert (asked["id"], asked["type"]) == ("trouble_began", "date")
    template = cli("template", "--questions", str(with_date)).stdout
    assert "  # On what day did the trouble begin?\n  #   a day written YYYY-MM-DD\n" in template

    # FHIR: a date item, a valueDate answer, read back as the same answers
    fhir = cli("questions", "--questions", str(with_date), "--format", "fhir").stdout
    item = json.loads(fhir)["item"][0]["item"][1]
    assert (item["linkId"], item["type"]) == ("trouble_began", "date")
    written = with_date.parent / "response.json"
    cli("export", str(good), "--questions", str(with_date), "--format", "fhir", "-o", str(written))
    response = json.loads(written.read_text(encoding="utf-8"))
    answered = {i["linkId"]: i["answer"] for g in response["item"] for i in g["item"]}
    assert answered["trouble_began"] == [{"valueDate": "2026-11-30"}]
    back = load_answers(questionnaire, written).answers
    assert back.values == load_answers(questionnaire, good).answers.values

    # the blank checklist leaves a line to write it on
    blank = with_date.parent / "blank.pdf"
    cli("export", "--blank", "--questions", str(with_date), "-o", str(blank))
    assert "On what day did the trouble begin?" in " ".join(text_of(blank.read_bytes()).split())


def test_the_interview_asks_a_date_in_a_box_and_saves_what_was_typed(
    with_date: Path, tmp_path: Path
) -> None:
    questionnaire = load_questionnaire(with_date)
    path = tmp_path / "mine.yaml"
    # refused, typed again, saved at the review
    keys = ["last week" + ENTER, BACKSPACE * 9 + "2026-11-30" + ENTER, ENTER]
    with create_pipe_input() as pipe, typing(pipe, keys):
        answers = walk.run_interview(
            view_of(questionnaire, "en"), Answers(ANSWERS), path, input=pipe, output=DummyOutput()
        )
    assert answers.values == {**ANSWERS, "trouble_began": "2026-11-30"}
    assert load_answers(questionnaire, path).answers.values == answers.values


def test_without_its_row_a_date_question_is_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "questions"
    shutil.copytree(OTHER, folder)
    main = folder / "questionnaire.yaml"
    document = yaml.safe_load(main.read_text(encoding="utf-8"))
    document["sections"][0]["questions"].insert(1, DATE_QUESTION)
    main.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PaincheckError) as caught:
        load_questionnaire(folder)
    assert "type must be one of text, integer, single, multi, got 'date'" in [
        p.message for p in caught.value.problems
    ]
    assert types.type_named("date") is None
