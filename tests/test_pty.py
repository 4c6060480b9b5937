"""The installed `paincheck run` on a real pseudo-terminal (80x24), typed as a patient would."""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

import pytest

from paincheck.answers.loading import load_answers
from paincheck.interview.panel import PANEL_GUARD
from paincheck.questionnaire import Questionnaire
from tests.helpers import PERSONAS
from tests.helpers.interview import CTRL_C, ENTER
from tests.helpers.terminals import PAUSE, ScreenSpawn, plain, script, spawn

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.pty, pytest.mark.timeout(120)]


def answer(child: pexpect.spawn, steps: list[tuple[str, str]]) -> None:
    for seen, keys in steps:
        child.expect_exact(seen)
        if keys.startswith(PAUSE):
            time.sleep(PANEL_GUARD + 0.2)
        child.send(keys.removeprefix(PAUSE))


def finish(child: pexpect.spawn, q: Questionnaire, *, pdf: bool, lang: str = "en") -> str:
    """Save at the review, then answer the PDF offer; returns the output after the review."""
    child.expect_exact(q.message("interview_review_title", lang))
    child.expect_exact(q.message("interview_review_save", lang))
    child.send("0" + ENTER)
    child.expect_exact(q.message("interview_pdf_offer", lang))
    child.send("1" + ENTER if pdf else "3" + ENTER)
    child.expect(pexpect.EOF)
    child.close()
    output: str = child.logfile_read.getvalue()
    assert child.exitstatus == 0, output[-2000:]
    return output


def test_a_whole_interview_from_empty_to_a_valid_saved_file(
    questionnaire: Questionnaire, tmp_path: Path, cli
) -> None:
    persona = PERSONAS / "foot-after-fracture.yaml"
    target = load_answers(questionnaire, persona).answers.values
    child = spawn(["run", "--save", "mine.yaml"], tmp_path)
    answer(child, script(questionnaire, target, {}))
    raw = finish(child, questionnaire, pdf=False)
    output = plain(raw)
    assert "What your answers show:" in output  # the closing screen, not the whole summary
    assert "Your answers are saved in mine.yaml" in output
    assert "No PDF for now. To make it later, run: paincheck export mine.yaml" in output
    assert "\n  paincheck export mine.yaml" in raw.replace("\r\n", "\n")  # a line of its own
    saved = tmp_path / "mine.yaml"
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    # The saved file read back in-process: the terminal part is over.
    checked = cli("validate", str(saved))
    assert checked.exit_code == 0, checked.stderr
    assert f"{saved}: ok (35 answers)" in checked.stdout
    typed = cli("summary", str(saved), "--format", "json")
    written = cli("summary", str(persona), "--format", "json")
    today = date.today().isoformat()  # a file saved by run carries the day it was answered
    assert json.loads(typed.stdout) == {**json.loads(written.stdout), "date": today}


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
    report = saved.with_suffix(".pdf")
    assert report.read_bytes().startswith(b"%PDF-")
    assert oct(report.stat().st_mode & 0o777) == "0o600"


def test_a_whole_plain_interview_in_spanish_line_by_line(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    """--plain: numbered choices typed as 1,3; no cursor movement, colour or reverse video."""
    target = load_answers(questionnaire, PERSONAS / "knee-urgent.yaml").answers.values
    child = spawn(["run", "--plain", "--lang", "es", "--save", "mine.yaml"], tmp_path)
    answer(child, script(questionnaire, target, {}, "es", plain=True))
    raw = finish(child, questionnaire, pdf=False, lang="es")
    assert not re.search(r"\x1b\[[0-9;?]*[A-HJKfhlmsu]", raw)  # no cursor, colour, reverse
    assert "Busque atención médica ahora" in raw or "atención médica" in raw
    final = load_answers(questionnaire, tmp_path / "mine.yaml").answers
    assert final.status == "complete"
    assert dict(final.values) == dict(target)


def test_term_dumb_is_plain_and_an_interrupted_spanish_run_resumes(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    target = load_answers(questionnaire, PERSONAS / "back-recent.yaml").answers.values
    steps = script(questionnaire, target, {}, "es", plain=True)
    child = spawn(["run", "--lang", "es", "--save", "mine yaml"], tmp_path, term="dumb")
    answer(child, steps[:5])
    child.expect_exact(steps[5][0])
    child.sendintr()
    child.expect(pexpect.EOF)
    stopped = plain(child.before)
    child.close()
    assert child.exitstatus == 130
    command = "paincheck run --answers 'mine yaml' --save 'mine yaml' --plain --lang es"
    assert command in stopped
    partial = load_answers(questionnaire, tmp_path / "mine yaml").answers
    child = spawn(["-c", command], tmp_path, term="dumb", program="/bin/sh")  # pasted as printed
    answer(child, script(questionnaire, target, partial.values, "es", plain=True))
    finish(child, questionnaire, pdf=False, lang="es")
    final = load_answers(questionnaire, tmp_path / "mine yaml").answers
    assert final.status == "complete"
    assert dict(final.values) == dict(target)


def stop_message(child: ScreenSpawn) -> list[str]:
    """The lines printed after Ctrl-C, as the terminal shows them."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    lines = [line.rstrip() for line in child.before.replace("\r\n", "\n").split("\n")]
    return [line for line in lines if line][-4:]


def test_a_stop_command_pasted_into_bash_goes_on_with_the_same_odd_file(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    """Issue 22 item 16: a name starting with "-" and holding a tab; export without files
    keeps --questions and --lang (issue 21 item 4); the message breaks between words at 40
    columns and the command stands whole on a line of its own."""
    import paincheck

    questions = Path(paincheck.__file__).parent / "questions"
    if not questions.is_dir():
        questions = Path(__file__).parents[1] / "questions"
    name = "-my\tanswers.yaml"
    args = ["export", "--lang", "es", "--questions", str(questions)]
    asked = {q.id: q.text("es") for q in questionnaire.questions[:3]}  # name, age, who
    child = spawn(["run", "--save", name, *args[1:]], tmp_path, columns=40)
    child.expect_exact(asked["name"])
    child.send("Ana" + ENTER)
    child.expect_exact(asked["age"])
    child.send(CTRL_C)
    lines = stop_message(child)
    command = lines[-1].strip()
    assert command == (
        f"paincheck run --answers $'./-my\\x09answers.yaml' --save $'./-my\\x09answers.yaml'"
        f" --questions {questions} --lang es"
    )
    prose = " ".join(lines[:-1])
    assert all(len(line) <= 39 for line in lines[:-1]), lines
    assert prose.endswith("Para seguir donde lo dejó, ejecute:")  # no word cut in two
    assert all(word in prose.split() for word in ["respuestas", "guardadas", "archivo."])

    pasted = spawn(["-c", command], tmp_path, program="/bin/bash")
    pasted.expect_exact(asked["age"])  # it goes on where it stopped
    pasted.send("52" + ENTER)
    pasted.expect_exact(asked["completed_by"])
    pasted.send(CTRL_C)
    stop_message(pasted)
    assert load_answers(questionnaire, tmp_path / name).answers.values == {
        "name": "Ana",
        "age": 52,
    }

    child = spawn(args, tmp_path)  # export without files: the interview first
    child.expect_exact(asked["name"])
    child.send(CTRL_C)
    assert stop_message(child)[-1].endswith(f"--questions {questions} --lang es")
