"""The installed `paincheck run` on a real pseudo-terminal (80x24), typed as a patient would."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from paincheck import interview
from paincheck.answers import load_answers, shown_questions
from paincheck.conditions import Value
from paincheck.questionnaire import Questionnaire
from tests.conftest import PERSONAS
from tests.test_interview import CTRL_C, ENTER, keys_for

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.pty, pytest.mark.timeout(120)]


def paincheck_command() -> str:
    found = Path(sys.prefix) / "bin" / "paincheck"
    command = str(found) if found.exists() else shutil.which("paincheck")
    if command is None:
        pytest.skip("the paincheck command is not installed (run `uv sync`)")
    return command


def environment(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "LINES": "24",
        # pexpect is no terminal emulator: it never answers cursor-position requests
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }


def screen_text(q: Questionnaire, question_id: str) -> str:
    """The question's first line on an 80-column screen: seen once its prompt is drawn."""
    question = q.question(question_id)
    assert question is not None
    mark = " " + q.message("interview_required_mark") if question.required else ""
    return textwrap.fill(question.text("en") + mark, 79).split("\n")[0]


def script(
    q: Questionnaire, target: Mapping[str, Value], given: Mapping[str, Value]
) -> list[tuple[str, str]]:
    """(what appears on screen, keys to press) for each prompt up to the review."""
    so_far: dict[str, Value] = dict(given)
    steps = []
    for question in q.questions:
        shown, _ = shown_questions(q, so_far)
        if question not in shown or question.id in given:
            continue
        value = target.get(question.id)
        steps.append((screen_text(q, question.id), keys_for(question, value, so_far, q)))
        if value is not None:
            so_far[question.id] = value
            if interview.flagged_choices(question, value):
                steps.append((q.message("interview_flag_continue"), ENTER))
    return steps


def spawn(args: list[str], cwd: Path) -> pexpect.spawn:
    child = pexpect.spawn(
        paincheck_command(),
        args,
        cwd=str(cwd),
        env=environment(cwd),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=20,
    )
    child.logfile_read = io.StringIO()  # everything shown, for the checks at the end
    return child


def answer(child: pexpect.spawn, steps: list[tuple[str, str]]) -> None:
    for seen, keys in steps:
        child.expect_exact(seen)
        child.send(keys)


def finish(child: pexpect.spawn, q: Questionnaire, *, pdf: bool) -> str:
    """Save at the review, then answer the PDF offer; returns the output after the review."""
    child.expect_exact(q.message("interview_review_title"))
    child.expect_exact(q.message("interview_review_save"))
    child.send(ENTER)
    if importlib_pdf_available():
        child.expect_exact(q.message("interview_pdf_offer"))
        child.send("1" + ENTER if pdf else "2" + ENTER)
    child.expect(pexpect.EOF)
    child.close()
    output: str = child.logfile_read.getvalue()
    assert child.exitstatus == 0, output[-2000:]
    return output


def importlib_pdf_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("paincheck.pdf") is not None


def run_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [paincheck_command(), *args],
        cwd=cwd,
        env=environment(cwd),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def plain(output: str) -> str:
    return " ".join(re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", output).split())


def test_a_whole_interview_from_empty_to_a_valid_saved_file(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    persona = PERSONAS / "foot-after-fracture.yaml"
    target = load_answers(questionnaire, persona).answers.values
    child = spawn(["run", "--save", "mine.yaml"], tmp_path)
    answer(child, script(questionnaire, target, {}))
    output = plain(finish(child, questionnaire, pdf=False))
    assert "The criteria" in output and "What the US approval says" in output
    assert "Your answers are saved in mine.yaml" in output
    saved = tmp_path / "mine.yaml"
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    checked = run_command("validate", "mine.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "mine.yaml: ok (35 answers)" in checked.stdout
    typed = run_command("summary", "mine.yaml", "--format", "json", cwd=tmp_path)
    written = run_command("summary", str(persona), "--format", "json", cwd=tmp_path)
    assert json.loads(typed.stdout) == json.loads(written.stdout)


def test_an_interrupted_interview_resumes_where_it_stopped(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    target = load_answers(questionnaire, PERSONAS / "knee-urgent.yaml").answers.values
    steps = script(questionnaire, target, {})
    child = spawn(["run"], tmp_path)
    answer(child, steps[:6])  # the about-you questions (skipped), places, side, how long
    child.expect_exact(steps[6][0])
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    stopped = plain(child.before)
    child.close()
    assert child.exitstatus == 130
    saved = next(tmp_path.glob("paincheck-answers-*.yaml"))
    assert f"paincheck run --answers {saved} --save {saved}" in stopped
    assert "error" not in stopped  # a stop asked for is not an error
    partial = load_answers(questionnaire, saved).answers
    assert partial.status == "in_progress"
    assert list(partial.values) == ["pain_locations", "pain_side", "pain_duration"]

    child = spawn(["run", "--answers", saved.name, "--save", saved.name], tmp_path)
    rest = script(questionnaire, target, partial.values)
    # only what is unanswered: the skipped about-you questions again, then where it stopped
    assert [seen for seen, _ in rest] == [seen for seen, _ in steps[:3] + steps[6:]]
    answer(child, rest)
    output = plain(finish(child, questionnaire, pdf=True))
    assert "Get medical care now" in output
    final = load_answers(questionnaire, saved).answers
    assert final.status == "complete"
    assert dict(final.values) == dict(target)
    if importlib_pdf_available():
        report = saved.with_suffix(".pdf")
        assert report.read_bytes().startswith(b"%PDF-")
        assert oct(report.stat().st_mode & 0o777) == "0o600"
