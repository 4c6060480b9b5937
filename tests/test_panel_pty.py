"""The urgent panel and the diary's safety check in the installed command, on a terminal
that behaves like a real one: a pyte screen that answers prompt_toolkit's cursor-position
requests (as xterm and tmux do). Nothing here switches the cursor-position request off."""

from __future__ import annotations

import os
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from paincheck.answers.loading import load_answers
from paincheck.diary.store import diary_form_folder, load_diary
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers.interview import URGENT_SIGNS, before_the_signs, signs, words
from tests.helpers.terminals import Terminal, paincheck_command, plain_output
from tests.helpers.views import view_of

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")
pytestmark = [pytest.mark.pty, pytest.mark.timeout(90)]

ENTER, PGDN, CTRL_C = "\r", "\x1b[6~", "\x03"
READY = 0.8  # past the panel's half second without keys


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire()


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return load_questionnaire(diary_form_folder())


@pytest.fixture
def started(q: Questionnaire, tmp_path: Path) -> Path:
    """An answers file answered up to the warning signs: `run` asks them first."""
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"questionnaire": q.id, "answers": before_the_signs(q)}))
    return path


HEADING = "WARNING: Get medical care now."
CHOICES = "> 1. Stop here and get care now 2. Go on with the checklist 3. I ticked this by mistake"


def test_a_quick_second_enter_leaves_the_panel_and_enter_then_stops(
    q: Questionnaire, tmp_path: Path, started: Path
) -> None:
    """The Enter typed right after the question's does nothing; once the panel takes keys,
    Enter stops: the answers are saved in progress, the advice and the command that
    finishes later are printed, exit 0; that command, pasted, shows the panel first."""
    term = Terminal(["run", "--answers", "mine.yaml", "--save", "mine.yaml"], tmp_path)
    try:
        term.wait_for(q.question("warning_signs").text("en"))  # type: ignore[union-attr]
        screen = term.press(signs(q, "bladder_bowel_change") + ENTER, CHOICES)
        time.sleep(READY)
        screen = term.wait_for(CHOICES)
        assert screen[0] == HEADING, screen  # still the panel: the second Enter did nothing
        assert words(screen).endswith(
            CHOICES + " Use the arrow keys or type a number, then press Enter."
        )
        term.child.send(ENTER)
        assert term.finish() == 0
    finally:
        term.close()
    printed = plain_output(term.output)
    command = "paincheck run --answers mine.yaml --save mine.yaml"
    assert "Get medical care now" in printed
    assert "Your answers are saved in mine.yaml (only you can read this file)." in printed
    assert printed.endswith(command), printed[-300:]
    saved = load_answers(q, started).answers
    assert saved.status == "in_progress"
    assert saved.values == {**before_the_signs(q), "warning_signs": ["bladder_bowel_change"]}

    before = started.read_bytes()
    full = printed[printed.rindex("When you are ready") :].split(": ", 1)[1]
    again = Terminal(["-c", full], tmp_path)
    try:
        screen = again.wait_for(CHOICES)
        assert screen[0] == HEADING, screen
        time.sleep(READY)
        again.child.send(ENTER)  # stop again: nothing asked, nothing changed
        assert again.finish() == 0
    finally:
        again.close()
    assert "Your answers are in mine.yaml. Nothing was changed." in plain_output(again.output)
    assert started.read_bytes() == before


def test_by_mistake_goes_back_with_the_ticks_and_go_on_goes_on(
    q: Questionnaire, tmp_path: Path, started: Path
) -> None:
    term = Terminal(["run", "--answers", "mine.yaml", "--save", "mine.yaml"], tmp_path)
    question = q.question("warning_signs")
    assert question is not None
    try:
        term.wait_for(question.text("en"))
        term.press(signs(q, "fever_with_pain", "cancer_history"), CHOICES)
        time.sleep(READY)
        screen = term.press("3" + ENTER, question.text("en"))
        shown = words(screen)
        assert "● 4. Fever or chills" in shown and "● 8. I have had cancer" in shown, screen
        term.press("8 " + ENTER, CHOICES)  # untick cancer: the fever sign stays
        time.sleep(READY)
        after = q.question("treatments_tried")
        assert after is not None
        term.press("2" + ENTER, after.text("en"))
        term.child.send(CTRL_C)
        assert term.finish() == 130
    finally:
        term.close()
    assert load_answers(q, started).answers.values["warning_signs"] == ["fever_with_pain"]


@pytest.mark.parametrize("rows, columns", [(12, 40), (24, 80)])
def test_the_heading_stays_on_top_with_every_sign_ticked(
    q: Questionnaire, tmp_path: Path, started: Path, rows: int, columns: int
) -> None:
    term = Terminal(
        ["run", "--answers", "mine.yaml", "--save", "mine.yaml"], tmp_path, rows, columns
    )
    try:
        term.wait_for("(needs an answer)")
        term.press(signs(q, *URGENT_SIGNS, "cancer_history"), "3. I ticked this by mistake")
        time.sleep(READY)
        for _ in range(8):
            screen = term.press(PGDN, HEADING)
            assert screen[0] == HEADING, screen
            assert "1. Stop here and get care now" in words(screen[-7:]), screen
        term.child.send("2" + ENTER)
        term.wait_for("(needs an answer)")
        term.child.send(CTRL_C)
        assert term.finish() == 130
    finally:
        term.close()


def test_plain_panel_drops_a_quick_enter_and_takes_numbers(
    q: Questionnaire, tmp_path: Path, started: Path
) -> None:
    """--plain: plain lines, no box; a bare Enter typed with the answer is dropped (a bare
    Enter would stop); then 3 goes back to the question, and 1 stops."""
    args = ["run", "--plain", "--answers", "mine.yaml", "--save", "mine.yaml"]
    child = pexpect.spawn(
        paincheck_command(),
        args,
        cwd=str(tmp_path),
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"},
        encoding="utf-8",
        timeout=20,
    )
    try:
        child.expect_exact("None of these")
        child.expect_exact("> ")
        child.send("7\r\r")  # the sign, and a quick Enter too many
        child.expect_exact("Type 1, 2 or 3 and press Enter. Enter alone means 1.")
        time.sleep(READY)
        child.send("3\r")
        child.expect_exact(q.question("warning_signs").text("en"))  # type: ignore[union-attr]
        child.expect_exact("> ")
        child.send("7\r")
        child.expect_exact("Enter alone means 1.")
        time.sleep(READY)
        child.send("1\r")
        child.expect(pexpect.EOF)
        shown = child.before
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "WARNING: Get medical care now." in shown
    assert not re.search("[┏┃━│╭]", shown)
    assert load_answers(q, started).answers.values["warning_signs"] == ["one_leg_swollen_warm"]


def test_export_without_files_stops_without_a_pdf(q: Questionnaire, tmp_path: Path) -> None:
    """`paincheck export` runs the interview first; stop there writes no PDF and says so."""
    from tests.helpers.terminals import screen_text, script

    term = Terminal(["export", "--lang", "en"], tmp_path)
    signs_first_line = screen_text(q, "warning_signs")
    try:
        for seen, keys in script(q, before_the_signs(q), {}):  # up to the signs
            term.wait_for(seen)
            if seen == signs_first_line:
                break
            term.child.send(keys)
        term.press(signs(q, "saddle_numbness"), CHOICES)
        time.sleep(READY)
        term.child.send(ENTER)
        assert term.finish() == 0
    finally:
        term.close()
    printed = plain_output(term.output)
    assert printed.rstrip().endswith("No PDF was written."), printed[-400:]
    assert not list(tmp_path.glob("*.pdf"))
    saved = next(tmp_path.glob("paincheck-answers-*.yaml"))
    assert load_answers(q, saved).answers.values["warning_signs"] == ["saddle_numbness"]


# -- the diary ----------------------------------------------------------------------------------


def test_a_diary_day_with_a_problem_stops_and_the_command_finishes_it(
    form: Questionnaire, tmp_path: Path
) -> None:
    """An earlier day: every screen names it. A wound problem shows the panel with the
    diary's advice; a quick second Enter does nothing; Enter stops: the day is saved with
    the safety check, unfinished. The printed command shows the panel first, then asks the
    rest without asking to replace the day."""
    day = date.today() - timedelta(days=2)
    from paincheck.interview.day import day_words

    named = day_words(view_of(form, "en"), day, date.today())
    diary = tmp_path / "trial.yaml"
    Terminal(["diary", "start", "trial.yaml", "--baseline-pain", "7"], tmp_path).finish()
    term = Terminal(["diary", "add", "trial.yaml", "--date", day.isoformat()], tmp_path)
    go_on = f"2. Go on with the questions about {named}"
    try:
        screen = term.wait_for(f"On {named}, did you have any of these?")
        assert screen[0] == f"These questions are about {named}."
        screen = term.press("2 " + ENTER + ENTER, go_on)
        time.sleep(READY)
        screen = term.wait_for(go_on)
        assert screen[0] == HEADING, screen
        shown = words(screen)
        advice = form.rules.flags["urgent"].advice["wound_site_problem"]("en")
        assert words([advice]) in shown
        assert "If it is still going on, do this now." in shown
        term.child.send(ENTER)
        assert term.finish() == 0
    finally:
        term.close()
    printed = plain_output(term.output)
    assert f"The answers for {named} so far are saved in the diary trial.yaml." in printed
    entry = load_diary(form, diary, date.today()).diary.entries[0]
    assert (entry.date, entry.status, dict(entry.answers)) == (
        day.isoformat(),
        "in_progress",
        {"trial_problems": ["wound_site_problem"]},
    )

    command = printed[printed.rindex("finish that day with this command: ") :].split(": ", 1)[1]
    again = Terminal(["-c", command], tmp_path)
    try:
        again.wait_for(go_on)
        time.sleep(READY)
        again.press("2" + ENTER, f"How strong was your pain on {named}, on average?")
        for keys, then in (
            ("4\r", "worst pain"),
            ("6\r", "relieved"),
            ("50\r", "better on"),
            ("1 \r", "hours did you sleep"),
            ("7\r", "pain medicine"),
            ("2\r", "stimulation feel"),
            ("1\r", "Anything else"),
            ("\r", "Save my answers and finish"),
        ):
            screen = again.press(keys, then)
            assert screen[0] == f"These questions are about {named}.", screen
            assert "today" not in words(screen).lower(), screen
        again.child.send("0\r")
        assert again.finish() == 0
    finally:
        again.close()
    assert "Replace it?" not in again.output
    entry = load_diary(form, diary, date.today()).diary.entries[0]
    assert entry.status == "complete"
    assert dict(entry.answers) == {
        "trial_problems": ["wound_site_problem"],
        "pain_average": 4,
        "pain_worst": 6,
        "relief_percent": 50,
        "activities": ["walk_longer"],
        "sleep_hours": 7,
        "pain_medicine": "same",
        "stimulation_comfort": "comfortable",
    }
