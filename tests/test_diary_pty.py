"""The installed `paincheck diary add` on a real pseudo-terminal (80x24), typed as a patient would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from paincheck.diary.store import diary_form_folder, load_diary
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers.diary import FULL_ANSWERS, FULL_DAY
from tests.helpers.terminals import run_command, screen_text, spawn

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.pty, pytest.mark.timeout(120)]


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return load_questionnaire(diary_form_folder())


def test_adding_a_day_on_a_terminal(form: Questionnaire, tmp_path: Path) -> None:
    today = date.today().isoformat()
    assert (
        run_command("diary", "start", "trial.yaml", "--baseline-pain", "7", cwd=tmp_path).returncode
        == 0
    )
    child = spawn(["diary", "add", "trial.yaml"], tmp_path)
    first_day = form.message("diary_problems_first")  # the first day: since the wires went in
    child.expect_exact(first_day + " " + form.message("interview_required_mark"))
    child.send(FULL_DAY[0])
    for question, keys in zip(form.questions[1:], FULL_DAY[1:], strict=False):
        child.expect_exact(screen_text(form, question.id))
        child.send(keys)
    child.expect_exact(form.message("interview_review_save"))
    child.send(FULL_DAY[-1])
    child.expect_exact(f"Added {today} to trial.yaml. Days in the diary: 1.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    diary = load_diary(form, tmp_path / "trial.yaml", date.today()).diary
    assert dict(diary.entries[0].answers) == FULL_ANSWERS
    assert not list(tmp_path.glob("*unfinished*"))  # the waiting answers went into the diary

    # A day already in the diary: asked as the questions are, keeping it first.
    again = spawn(["diary", "add", "trial.yaml"], tmp_path)
    again.expect_exact(f"trial.yaml already has an entry for {today}. Replace it?")
    again.expect_exact("2. Yes, replace it with new answers")
    again.send("1\r")
    again.expect_exact(f"Nothing changed; the entry for {today} is kept.")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0

    # Ctrl-C at that question is a stop, as in the interview: exit 130, the day unchanged.
    stopped = spawn(["diary", "add", "trial.yaml"], tmp_path)
    stopped.expect_exact("Replace it?")
    stopped.sendintr()
    stopped.expect(pexpect.EOF)
    stopped.close()
    assert stopped.exitstatus == 130
    assert stopped.before.replace("\r\n", "\n").endswith(
        f"\ntrial.yaml: Nothing changed; the entry for {today} is kept.\n"
    )
    diary = load_diary(form, tmp_path / "trial.yaml", date.today()).diary
    assert dict(diary.entries[0].answers) == FULL_ANSWERS


def test_adding_a_day_line_by_line_with_plain(form: Questionnaire, tmp_path: Path) -> None:
    """--plain: the question, numbered choices, an answer typed as a line; no cursor moves."""
    from tests.helpers.diary import PLAIN_DAY

    today = date.today().isoformat()
    run_command("diary", "start", "trial.yaml", cwd=tmp_path)
    child = spawn(["diary", "add", "trial.yaml", "--plain"], tmp_path)
    texts = [form.message("diary_problems_first"), *(q.text("en") for q in form.questions[1:])]
    for text, line in zip(texts, PLAIN_DAY, strict=False):
        child.expect_exact(text)
        child.expect_exact("> ")
        child.sendline(line)
    child.expect_exact(form.message("interview_review_save"))
    child.expect_exact("> ")
    child.sendline(PLAIN_DAY[-1])
    child.expect_exact(f"Added {today} to trial.yaml. Days in the diary: 1.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b[" not in child.logfile_read.getvalue()  # no cursor movement, no colour
    diary = load_diary(form, tmp_path / "trial.yaml", date.today()).diary
    assert dict(diary.entries[0].answers) == FULL_ANSWERS


def test_add_never_prints_the_when_to_call_box_its_first_screen_would_clear(
    form: Questionnaire, tmp_path: Path
) -> None:
    """The box is printed at `diary start`, on `diary show` and on the PDF (diary contract);
    `add` goes straight to the safety check, whose screen would wipe a box printed before it."""
    started = run_command("diary", "start", "trial.yaml", "--baseline-pain", "7", cwd=tmp_path)
    assert form.message("diary_call_title") in started.stdout
    child = spawn(["diary", "add", "trial.yaml"], tmp_path)
    child.expect_exact(form.message("diary_problems_first"))
    written = str(child.before)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert form.message("diary_call_title") not in written
    assert form.message("diary_call_now") not in written
