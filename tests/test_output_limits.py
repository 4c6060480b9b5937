"""Whatever a hostile file holds, what paincheck prints about it stays short and fast.

Every echoed value is shortened; every list of problems of one kind stops after twenty with
"and N more"; no lookup for a "did you mean" runs over every item of a huge input.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from paincheck.questionnaire import load_questionnaire
from tests.helpers import TESTS
from tests.helpers.installed import run_installed

HUGE = 100_000  # characters in one value (files are limited to 1000 kB)


def run_on(tmp_path: Path, name: str, content: str, *args: str):  # type: ignore[no-untyped-def]
    file = tmp_path / name
    file.write_text(content, encoding="utf-8")
    return run_installed("validate", str(file), *args)


def test_huge_values_are_echoed_short(tmp_path: Path) -> None:
    document = {
        "questionnaire": "q" * HUGE,
        "status": "s" * HUGE,
        "z" * HUGE: 1,
        "answers": {"pain_side": "x" * HUGE, "pain_locations": ["y" * HUGE], "k" * HUGE: 1},
    }
    run = run_on(tmp_path, "big.json", json.dumps(document))
    file = tmp_path / "big.json"
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        f"error: {file}: unknown top-level key '{'z' * 57}...'; allowed: questionnaire, "
        "version, status, date, answers",
        f"error: {file}: is for questionnaire '{'q' * 37}...', not 'drg-checklist'",
        f"error: {file}: status must be one of complete, in_progress, got "
        f"'{'s' * 17}...{'s' * 18}'",
        f"error: {file}: {'k' * 57}...: is not a question of this questionnaire",
        f"error: {file}: pain_locations: '{'y' * 37}...' is not an allowed choice; allowed: "
        "foot, ankle, lower_leg, knee, thigh, hip, groin, buttock, pelvis, low_back, "
        "upper_back, neck, shoulder, arm, hand, chest, abdomen, head, all_over",
        f"error: {file}: pain_side: '{'x' * 37}...' is not an allowed choice; allowed: left, "
        "right, both, middle",
    ]


def test_a_huge_version_is_echoed_short_in_the_warning(tmp_path: Path) -> None:
    run = run_on(tmp_path, "v.json", json.dumps({"version": "9" * HUGE, "answers": {}}))
    assert run.exit_code == 0
    assert run.stderr == (
        f"warning: {tmp_path / 'v.json'}: was written for version {'9' * 37}...; "
        f"checked against version {load_questionnaire().version}\n"
    )


def test_fifty_thousand_unknown_top_level_keys_give_twenty_one_lines(tmp_path: Path) -> None:
    document = {f"k{i}": 1 for i in range(50_000)} | {"answers": {}}
    run = run_on(tmp_path, "keys.json", json.dumps(document))
    lines = run.stderr.splitlines()
    assert run.exit_code == 1
    assert len(lines) == 21, lines[:3]
    assert lines[-1] == f"error: {tmp_path / 'keys.json'}: and 49980 more unknown top-level keys"
    assert run.cpu_seconds < 5


def test_a_fhir_response_with_many_near_miss_link_ids_is_fast_and_short(tmp_path: Path) -> None:
    items = [{"linkId": f"pain_n{i}"} for i in range(36_000)]
    resource = {"resourceType": "QuestionnaireResponse", "status": "completed", "item": items}
    run = run_on(tmp_path, "r.json", json.dumps(resource, separators=(",", ":")))
    file = tmp_path / "r.json"
    lines = run.stderr.splitlines()
    assert run.exit_code == 1
    assert lines[0] == (
        f"error: {file}: pain_n0: is not a question of this questionnaire "
        "(did you mean 'pain_now'?)"
    )
    assert lines[20:] == [f"error: {file}: and 35980 more linkIds that are not questions"]
    assert run.cpu_seconds < 5


def test_a_questions_folder_with_thousands_of_unknown_keys_gives_a_few_lines(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "questions"
    shutil.copytree(TESTS / "data" / "other-questions", folder)
    path = folder / "questionnaire.yaml"
    extra = "".join(f"        junk{i}: 1\n" for i in range(5_000))
    text = path.read_text(encoding="utf-8")
    old = "        help: Your age helps the clinic plan.\n"
    path.write_text(text.replace(old, old + extra), encoding="utf-8")
    run = run_installed("questions", "--questions", str(folder))
    lines = run.stderr.splitlines()
    assert run.exit_code == 1
    assert len(lines) == 21
    assert lines[-1] == f"error: {path}: age: and 4980 more unknown keys"


def test_every_list_of_problems_is_capped_at_fifty_lines(tmp_path: Path) -> None:
    # 300 different problems of different kinds: one question each.
    folder = tmp_path / "questions"
    shutil.copytree(TESTS / "data" / "other-questions", folder)
    path = folder / "questionnaire.yaml"
    extra = "".join(f"      - {{id: q{i}, type: nope, text: T, help: H}}\n" for i in range(300))
    text = path.read_text(encoding="utf-8")
    old = "    questions:\n"
    path.write_text(text.replace(old, old + extra, 1), encoding="utf-8")
    run = run_installed("questions", "--questions", str(folder))
    lines = run.stderr.splitlines()
    assert run.exit_code == 1
    assert len(lines) == 51
    assert lines[-1] == f"error: {path}: and 250 more problems"


def test_keys_python_would_merge_are_each_reported_as_written(tmp_path: Path) -> None:
    """`1`, `true` and `1.0` are three keys in YAML (one in Python): each is reported as the
    file wrote it, never as "the same key" (issue 22 item 22). `1` and `0x1` are one key."""
    run = run_on(tmp_path, "d.yaml", "answers:\n  1: a\n  true: b\n  1.0: c\n")
    assert run.stderr == (
        f"error: {tmp_path / 'd.yaml'}: 1: is not a question of this questionnaire\n"
        f"error: {tmp_path / 'd.yaml'}: true: is not a question of this questionnaire\n"
        f"error: {tmp_path / 'd.yaml'}: 1.0: is not a question of this questionnaire\n"
    )
    top = run_on(tmp_path, "e.yaml", "true: a\n1: b\nanswers: {}\n")
    allowed = "allowed: questionnaire, version, status, date, answers"
    assert top.stderr == (
        f"error: {tmp_path / 'e.yaml'}: unknown top-level key true; {allowed}\n"
        f"error: {tmp_path / 'e.yaml'}: unknown top-level key 1; {allowed}\n"
    )
    same = run_on(tmp_path, "f.yaml", "answers:\n  1: a\n  0x1: b\n  true: c\n  true: d\n")
    assert same.stderr == (
        f"error: {tmp_path / 'f.yaml'}: 0x1: line 3: '0x1' is the same key as '1' on line 2; "
        "one of the two would be lost\n"
    )


def test_a_huge_fhir_code_system_and_url_are_echoed_short(tmp_path: Path) -> None:
    """Issue 22 item 22: a 900 kB coding code was echoed whole by validate."""
    code = "c" * 900_000
    answer = {"valueCoding": {"system": "https://elsewhere.example/" + "s" * 50, "code": code}}
    resource = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [{"linkId": "pain_side", "answer": [answer]}],
    }
    run = run_on(tmp_path, "r.json", json.dumps(resource))
    file = tmp_path / "r.json"
    assert run.exit_code == 1
    system = "https://paincheck.invalid/fhir/Questionnaire/drg-checklist/CodeSystem/pain_side"
    assert run.stderr.splitlines() == [
        f"error: {file}: pain_side: coding https://elsewhere.example/{'s' * 50}|{'c' * 37}... "
        f"is not from this question's answer options (system {system}; codes: left, right, "
        "both, middle)"
    ]
    others = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": "u" * 300_000,
        "item": [{"linkId": "pain_now", "answer": [{"value" + "v" * 300_000: 1}]}],
    }
    run = run_on(tmp_path, "o.json", json.dumps(others))
    assert run.exit_code == 1
    assert max(len(line) for line in run.stderr.splitlines()) < 400, run.stderr[:2000]
    assert f"is a response to questionnaire '{'u' * 77}...'" in run.stderr
    assert f"expects valueInteger, got value{'v' * 32}...\n" in run.stderr


def test_no_message_line_is_longer_than_the_last_guard() -> None:
    from paincheck.errors import MAX_MESSAGE, Problem

    line = str(Problem("f.yaml", "x" * 1_000_000, "q"))
    assert line == "f.yaml: q: " + "x" * (MAX_MESSAGE - 3) + "..."
