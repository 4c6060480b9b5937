"""Whatever arrives as an answers file or a questions folder: a clear message, exit 1.

Each bad file must end the command with exit code 1, one `error:` line per problem naming the
file (and the question where one applies), nothing on standard output, no traceback, in under
10 seconds of CPU and 400 MB. Files built to cost time or memory (bombs, deep nesting, huge
sizes) go through the installed command one child process each, so its own peak memory is
measured. The others go through `summary` in-process (the same code, a hundredth of the cost)
and, all together, through one `validate` run of the installed command.
"""

from __future__ import annotations

import gc
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import PERSONAS
from tests.helpers.installed import Run, run_in_process, run_installed

MAX_SECONDS = 10
MAX_MB = 400


def run_measured(*args: str, **options: Any) -> Run:
    """The installed command, with its peak memory measured: every run here is held to MAX_MB."""
    return run_installed(*args, peak_memory=True, **options)


GOOD = (PERSONAS / "foot-after-fracture.yaml").read_text(encoding="utf-8")
SHIPPED_QUESTIONS = Path(__file__).resolve().parents[1] / "questions"


def answers(body: str) -> bytes:
    """An answers file with these lines under `answers:` (indented for you)."""
    lines = "".join(f"  {line}\n" for line in body.strip().splitlines())
    return f"questionnaire: drg-checklist\nanswers:\n{lines}".encode()


BILLION_LAUGHS = b"""answers:
  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  pain_locations: *h
"""


@dataclass(frozen=True)
class Case:
    """A hostile answers file and what its one message must say."""

    content: bytes | None  # None: the path is not created
    says: str
    question: str | None = None
    name: str = "answers.yaml"


CASES: dict[str, Case] = {
    "malformed YAML": Case(answers("pain_now: [7\npain_average: 6"), "is not valid YAML"),
    "malformed JSON": Case(b'{"answers": {"pain_now": 7,}}', "is not valid JSON", name="a.json"),
    "empty file": Case(b"", "is empty"),
    "only blank lines": Case(b"\n   \n\t\n", "is empty"),
    "binary (PNG)": Case(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "UTF-8"),
    "binary with NUL bytes": Case(b"answers:\x00\x00\x01\x02", "binary file"),
    "Latin-1 text": Case(b"answers:\n  name: Jos\xe9\n", "not UTF-8"),
    "top level a list": Case(b"- pain_now: 7\n- pain_average: 6\n", "must be a mapping"),
    "top level text": Case(b"just some words\n", "must be a mapping"),
    "top level a number": Case(b"42\n", "must be a mapping"),
    "answers a list": Case(b"answers: [pain_now, 7]\n", "'answers' must be a mapping"),
    "true for an integer": Case(answers("pain_now: true"), "true", "pain_now"),
    "7.5 for an integer": Case(answers("pain_now: 7.5"), "7.5", "pain_now"),
    "text for an integer": Case(answers("pain_now: seven"), "whole number", "pain_now"),
    "a string for a list": Case(answers("pain_locations: foot"), "[foot]", "pain_locations"),
    "a list for one choice": Case(
        answers("pain_duration: [over_5_years]"), "one choice", "pain_duration"
    ),
    "a mapping for a text": Case(answers("goals: {walk: far}"), "expects text", "goals"),
    "above the range": Case(answers("pain_now: 11"), "from 0 to 10", "pain_now"),
    "below the range": Case(answers("age: 0"), "from 1 to 120", "age"),
    "negative": Case(answers("pain_average: -3"), "from 0 to 10", "pain_average"),
    "a 5000-digit number": Case(answers("pain_now: " + "9" * 5000), "digits"),
    "a quoted 5000-digit number": Case(answers(f'pain_now: "{"9" * 5000}"'), "", "pain_now"),
    "unknown question id": Case(answers("pain_nwo: 7"), "did you mean 'pain_now'", "pain_nwo"),
    "unknown choice id": Case(
        answers("pain_duration: over_5_year"), "did you mean 'over_5_years'", "pain_duration"
    ),
    "unknown choice in a list": Case(
        answers("pain_locations: [foot, ankel]"), "did you mean 'ankle'", "pain_locations"
    ),
    "unknown top-level key": Case(b"answers: {}\nstatuss: complete\n", "did you mean 'status'"),
    "another questionnaire": Case(b"questionnaire: phq-9\nanswers: {}\n", "phq-9"),
    "unknown status": Case(b"status: done\nanswers: {}\n", "status"),
    "duplicate key (YAML)": Case(answers("pain_now: 7\npain_now: 8"), "appears twice", "pain_now"),
    "duplicate key (JSON)": Case(
        b'{"answers": {"pain_now": 7, "pain_now": 8}}', "appears twice", "pain_now", "a.json"
    ),
    "duplicate choices": Case(
        answers("pain_locations: [foot, knee, foot]"), "more than once", "pain_locations"
    ),
    "exclusive choice combined": Case(
        answers("warning_signs: [none, saddle_numbness]"), "'none'", "warning_signs"
    ),
    "all_over with others": Case(
        answers("pain_locations: [all_over, foot]"), "'all_over'", "pain_locations"
    ),
    "worst location not chosen": Case(
        answers("pain_locations: [foot, knee]\nworst_location: hip"),
        "not among the answers to pain_locations",
        "worst_location",
    ),
    "least pain above worst": Case(
        answers("pain_worst: 3\npain_least: 5"), "higher than pain_worst", "pain_least"
    ),
    "text over its limit": Case(answers("goals: " + "x" * 501), "at most 500", "goals"),
    "name over its limit": Case(answers("name: " + "n" * 501), "at most 500", "name"),
    "python object tag": Case(
        answers("name: !!python/object/apply:os.system ['touch HACKED']"), "is not allowed"
    ),
    "python name tag": Case(answers("name: !!python/name:os.system"), "is not allowed"),
    "custom tag": Case(answers("pain_now: !secret 7"), "is not allowed"),
    "merge key": Case(b"base: &b {pain_now: 7}\nanswers:\n  !!merge <<: *b\n", "not allowed"),
    "billion laughs": Case(BILLION_LAUGHS, "refused"),
    "alias to itself": Case(b"answers: &a {pain_now: *a}\n", "refused"),
    "deep nesting (YAML flow)": Case(b"answers: " + b"[" * 5000 + b"]" * 5000, "nested"),
    "deep nesting (YAML block)": Case(
        b"answers:\n" + b"".join(b"  " * i + b"k:\n" for i in range(1, 200)), "nested"
    ),
    "deep nesting (JSON)": Case(b'{"answers": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", ""),
    "a 700 kB choice": Case(answers("pain_duration: " + "over_5_years" * 60_000), "..."),
    "60,000 unknown choices": Case(
        answers(f"pain_locations: [{', '.join(['fot'] * 60_000)}]"), "did you mean 'foot'"
    ),
    "60,000 different unknown choices": Case(
        answers(f"pain_locations: [{', '.join(f'x{i}' for i in range(60_000))}]"), "59980 more"
    ),
    "a choice 60,000 times": Case(
        answers(f"pain_locations: [{', '.join(['foot'] * 60_000)}]"), "more than once"
    ),
    "30 MB file": Case(b"answers:\n  goals: " + b"x" * 30_000_000 + b"\n", "larger than"),
    "missing path": Case(None, "no such file"),
    "two documents": Case(b"answers: {}\n---\nanswers: {}\n", "is not valid YAML"),
    "control characters": Case(answers("name: bell\x07"), "is not valid YAML"),
}


# The cases built to cost time or memory: each runs alone in the installed command.
COSTLY = [
    "a 5000-digit number",
    "a quoted 5000-digit number",
    "billion laughs",
    "alias to itself",
    "deep nesting (YAML flow)",
    "deep nesting (YAML block)",
    "deep nesting (JSON)",
    "a 700 kB choice",
    "60,000 unknown choices",
    "60,000 different unknown choices",
    "a choice 60,000 times",
    "30 MB file",
]
CHEAP = [name for name in CASES if name not in COSTLY]


def check_clean_failure(run: Run, expected_errors: int | None = 1) -> None:
    """Exit 1, the given number of messages, nothing else, fast and small."""
    assert run.exit_code == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    if expected_errors is not None:
        assert len(run.errors) == expected_errors, run.stderr
    assert all(len(line) < 10_000 for line in run.errors), "a message too long to read"
    assert run.cpu_seconds < MAX_SECONDS
    assert run.peak_mb is None or run.peak_mb < MAX_MB  # None: in-process, not measured


def write_case(folder: Path, case: Case) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / case.name
    if case.content is not None:
        path.write_bytes(case.content)
    return path


def check_message(message: str, path: Path, case: Case) -> None:
    assert f"error: {path}: " in message
    assert case.says in message
    if case.question is not None:
        assert message.startswith(f"error: {path}: {case.question}: ")


@pytest.mark.parametrize("case_name", COSTLY)
def test_a_costly_answers_file_gives_one_clear_message_quickly_and_in_little_memory(
    tmp_path: Path, case_name: str
) -> None:
    case = CASES[case_name]
    path = write_case(tmp_path, case)
    run = run_measured("summary", str(path), "--format", "json", cwd=tmp_path)
    check_clean_failure(run)
    (message,) = run.errors
    check_message(message, path, case)
    assert not (tmp_path / "HACKED").exists()


@pytest.mark.parametrize("case_name", CHEAP)
def test_hostile_answers_file_gives_one_clear_message(
    cli, tmp_path: Path, case_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[case_name]
    path = write_case(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    run = run_in_process(cli, "summary", str(path), "--format", "json")
    check_clean_failure(run)
    (message,) = run.errors
    check_message(message, path, case)
    assert not (tmp_path / "HACKED").exists()
    assert gc.isenabled()  # paused while the file parsed, and back on after its refusal


def test_the_installed_command_gives_each_hostile_file_one_clear_message(tmp_path: Path) -> None:
    """Every cheap case at once through `validate` of the installed command: one message per
    file, exit 1, no traceback, nothing on standard output, in 10 seconds and 400 MB."""
    paths = {name: write_case(tmp_path / f"case{i}", CASES[name]) for i, name in enumerate(CHEAP)}
    run = run_measured("validate", *map(str, paths.values()), cwd=tmp_path)
    check_clean_failure(run, expected_errors=len(CHEAP))
    for name, path in paths.items():
        (message,) = [line for line in run.errors if line.startswith(f"error: {path}: ")]
        check_message(message, path, CASES[name])
    assert not (tmp_path / "HACKED").exists()


def test_a_misspelt_answers_key_names_the_key_and_the_missing_mapping(cli, tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_bytes(b"answer:\n  pain_now: 7\n")
    run = run_in_process(cli, "summary", str(path))
    check_clean_failure(run, expected_errors=2)
    assert "did you mean 'answers'" in run.errors[0]
    assert "has no 'answers' mapping" in run.errors[1]


def test_50000_unknown_ids_are_counted_not_listed(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_bytes(answers("".join(f"pain_nw{i}: 7\n" for i in range(50_000))))
    run = run_measured("summary", str(path))
    check_clean_failure(run, expected_errors=21)
    assert run.errors[0] == (
        f"error: {path}: pain_nw0: is not a question of this questionnaire "
        "(did you mean 'pain_now'?)"
    )
    assert run.errors[-1] == f"error: {path}: and 49980 more ids that are not questions"


def test_a_folder_instead_of_a_file(cli, tmp_path: Path) -> None:
    run = run_in_process(cli, "summary", str(tmp_path))
    check_clean_failure(run)
    assert run.errors == [f"error: {tmp_path}: is a folder, not a file"]


def test_hostile_input_on_standard_input() -> None:
    run = run_measured("summary", "-", stdin=BILLION_LAUGHS)
    check_clean_failure(run)
    assert run.errors[0].startswith("error: <stdin>: refused")


def test_endless_standard_input_is_cut_off() -> None:
    run = run_measured("summary", "-", stdin=b"# " + b"x" * 5_000_000)
    check_clean_failure(run)
    assert "larger than" in run.errors[0]


def test_every_problem_of_a_file_gets_its_own_message(cli, tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_bytes(
        answers("pain_now: 11\npain_duration: forever\npain_locations: foot\nunknown_one: 1")
    )
    result = cli("validate", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert sorted(line.split(": ")[2] for line in lines) == [
        "pain_duration",
        "pain_locations",
        "pain_now",
        "unknown_one",
    ]
    assert all(line.startswith(f"error: {path}: ") for line in lines)


def test_validate_reports_each_bad_file_and_checks_the_good_ones(cli, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    files = [good]
    for index, case_name in enumerate(["empty file", "7.5 for an integer", "billion laughs"]):
        bad = tmp_path / f"bad{index}.yaml"
        bad.write_bytes(CASES[case_name].content or b"")
        files.append(bad)
    result = cli("validate", *map(str, files), str(tmp_path / "gone.yaml"))
    assert result.exit_code == 1
    assert f"{good}: ok" in result.stdout
    errors = result.stderr.strip().splitlines()
    assert [line.split(": ")[1] for line in errors] == [
        *(str(f) for f in files[1:]),
        str(tmp_path / "gone.yaml"),
    ]


def test_yes_and_no_are_the_choices_a_user_typed(cli, tmp_path: Path) -> None:
    """YAML 1.2: `yes` is text, so it is the choice `yes`, not true."""
    path = tmp_path / "yes.yaml"
    path.write_bytes(answers("open_to_trial: yes\ncan_use_controller: no\npain_now: 07"))
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert "3 answers" in result.stdout


# -- a broken questions folder ------------------------------------------------------------


def questions_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    shutil.copytree(SHIPPED_QUESTIONS, folder, ignore=shutil.ignore_patterns("samples"))
    return folder


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_yaml(folder: Path) -> None:
    replace_in(folder / "questionnaire.yaml", "sections:", "sections: [\n")


def duplicate_id(folder: Path) -> None:
    replace_in(folder / "questionnaire.yaml", "- id: pain_average", "- id: pain_now")


def bad_condition(folder: Path) -> None:
    replace_in(folder / "rules.yaml", "q: pain_duration", "q: pain_durration")


def unknown_key(folder: Path) -> None:
    replace_in(folder / "questionnaire.yaml", "- id: goals", "- id: goals\n        colour: red")


def missing_translations(folder: Path) -> None:
    translations = folder / "translations"
    for path in translations.glob("*.yaml"):
        path.unlink()


def python_tag(folder: Path) -> None:
    replace_in(
        folder / "questionnaire.yaml",
        "title: Pain checklist",
        "title: !!python/object/apply:os.system ['touch HACKED']\nsubtitle: Pain checklist",
    )


def alias_bomb(folder: Path) -> None:
    with (folder / "rules.yaml").open("ab") as handle:
        handle.write(BILLION_LAUGHS.replace(b"answers:", b"bomb:"))


def empty_main_file(folder: Path) -> None:
    (folder / "questionnaire.yaml").write_bytes(b"")


def list_main_file(folder: Path) -> None:
    (folder / "questionnaire.yaml").write_text("- id: drg-checklist\n", encoding="utf-8")


def duplicate_key(folder: Path) -> None:
    replace_in(folder / "questionnaire.yaml", 'version: "3"', 'version: "3"\nversion: "4"')


def huge_file(folder: Path) -> None:
    with (folder / "rules.yaml").open("ab") as handle:
        handle.write(b"# " + b"x" * 30_000_000 + b"\n")


def odd_language_code(folder: Path) -> None:
    replace_in(
        folder / "questionnaire.yaml", "languages: [en, es]", f"languages: [en, {'x' * 300}]"
    )


def no_main_file(folder: Path) -> None:
    (folder / "questionnaire.yaml").unlink()


FOLDER_CASES = {
    "bad YAML": (break_yaml, "questionnaire.yaml", "is not valid YAML"),
    "duplicate question id": (duplicate_id, "questionnaire.yaml", "used twice"),
    "condition on an unknown question": (bad_condition, "rules.yaml", "pain_durration"),
    "unknown key": (unknown_key, "questionnaire.yaml", "unknown key 'colour'"),
    "missing translations file": (missing_translations, "questionnaire.yaml", "does not exist"),
    "python object tag": (python_tag, "questionnaire.yaml", "is not allowed"),
    "alias bomb": (alias_bomb, "rules.yaml", "refused"),
    "empty questionnaire.yaml": (empty_main_file, "questionnaire.yaml", "is empty"),
    "questionnaire.yaml a list": (list_main_file, "questionnaire.yaml", "must be a mapping"),
    "duplicate key": (duplicate_key, "questionnaire.yaml", "appears twice"),
    "30 MB rules.yaml": (huge_file, "rules.yaml", "larger than"),
    "a 300-letter language code": (odd_language_code, "questionnaire.yaml", "language code"),
    "no questionnaire.yaml": (no_main_file, "", "has no questionnaire.yaml"),
}


# A folder built to cost time or memory goes through the installed command; the others
# in-process.
COSTLY_FOLDERS = {"alias bomb", "30 MB rules.yaml"}


@pytest.mark.parametrize("case_name", list(FOLDER_CASES))
def test_broken_questions_folder_gives_clear_messages(
    cli, tmp_path: Path, case_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    breaker, file_name, says = FOLDER_CASES[case_name]
    folder = questions_copy(tmp_path)
    breaker(folder)
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text(GOOD, encoding="utf-8")
    args = ["summary", str(answers_file), "--format", "json", "--questions", str(folder)]
    if case_name in COSTLY_FOLDERS:
        run = run_measured(*args, cwd=tmp_path)
    else:
        monkeypatch.chdir(tmp_path)
        run = run_in_process(cli, *args)
    check_clean_failure(run, expected_errors=None)
    assert run.errors, run.stderr
    assert any(says in line for line in run.errors), run.stderr
    expected_file = folder / file_name if file_name else folder
    assert any(line.startswith(f"error: {expected_file}") for line in run.errors), run.stderr
    # Each message names a file of the folder; none is about the (good) answers file.
    assert all(line.startswith(f"error: {folder}") for line in run.errors), run.stderr
    assert not (tmp_path / "HACKED").exists()


def test_broken_questions_folder_reports_every_problem_at_once(cli, tmp_path: Path) -> None:
    folder = questions_copy(tmp_path)
    duplicate_id(folder)
    unknown_key(folder)
    bad_condition(folder)
    result = cli("questions", "--questions", str(folder))
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) >= 3
    for says in ("used twice", "unknown key 'colour'", "pain_durration"):
        assert sum(says in line for line in errors) == 1, result.stderr


def test_missing_questions_folder(cli, tmp_path: Path) -> None:
    result = cli("questions", "--questions", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path / 'nowhere'}: ")


def test_every_reading_command_survives_a_hostile_questions_folder(tmp_path: Path) -> None:
    folder = questions_copy(tmp_path)
    alias_bomb(folder)
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps({"answers": {"pain_now": 3}}), encoding="utf-8")
    for args in (
        ["summary", str(answers_file)],
        ["validate", str(answers_file)],
        ["template"],
        ["questions", "--format", "json"],
    ):
        run = run_measured(*args, "--questions", str(folder), cwd=tmp_path)
        check_clean_failure(run)
        assert "refused" in run.errors[0]
