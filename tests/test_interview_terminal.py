"""The interview on a terminal that behaves like a real one (issue 21): it answers the
cursor-position request prompt_toolkit makes at every prompt, before the keys typed on that
screen, and shows what was drawn (tests/helpers/terminals.py, `PipeTerminal`). What is saved is what
the person typed or ticked."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input

from paincheck.answers.checking import Answers, shown_questions
from paincheck.answers.loading import load_answers
from paincheck.diary.store import diary_form_folder
from paincheck.errors import InterviewInterrupted
from paincheck.evaluation import evaluate
from paincheck.interview import closing, saving, walk
from paincheck.questionnaire import Questionnaire, load_questionnaire
from paincheck.questionnaire.conditions import Value
from tests.helpers import PERSONAS
from tests.helpers.interview import (
    BACKSPACE,
    DOWN,
    ENTER,
    PAIN,
    START,
    answered_in_full,
    typed_walk,
)
from tests.helpers.snapshot import assert_snapshot
from tests.helpers.terminals import PipeTerminal
from tests.helpers.views import view_of

pytestmark = pytest.mark.timeout(30)

BACK = "<"
MOUSE_MOVE = "\x1b[<35;10;5M"  # an xterm mouse report (SGR), sent with no key pressed
WHEEL = "\x1b[<64;10;5M"  # the mouse wheel
IGNORED = "\x1b[E"  # what xterm's keypad 5 sends: prompt_toolkit's Ignore key
LATE_REPLY = "\x1b[7;1R"  # a cursor-position reply that comes late
SAFE = "8 " + ENTER  # the diary's safety check, first each day: "None of these"


@pytest.fixture
def q(questionnaire: Questionnaire) -> Questionnaire:
    return questionnaire


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return load_questionnaire(diary_form_folder())


class Run:
    """What an interview on a terminal left: the answers saved, the screen when the input
    ended, and whether it was stopped."""

    def __init__(self, q: Questionnaire, path: Path, terminal: PipeTerminal) -> None:
        self.saved = load_answers(q, path).answers if path.exists() else Answers()
        self.screen = terminal.last_screen
        self.requests = terminal.requests

    @property
    def values(self) -> dict[str, Value]:
        return dict(self.saved.values)

    def shown(self) -> str:
        return "\n".join(f"|{line}" for line in self.screen)


def on_terminal(
    q: Questionnaire,
    keys: Sequence[str],
    path: Path,
    *,
    size: tuple[int, int] = (24, 80),
    initial: Answers | None = None,
    lang: str = "en",
    loaded_from: Path | None = None,
) -> Run:
    """The interview on a terminal of `size` (rows, columns), one key string per prompt; the
    input ends after the last one has been handled and drawn."""
    with PipeTerminal(keys, *size) as terminal, contextlib.suppress(InterviewInterrupted):
        walk.run_interview(
            view_of(q, lang),
            initial or Answers(),
            path,
            input=terminal.input,
            output=terminal.output,
            loaded_from=loaded_from,
        )
    return Run(q, path, terminal)


def whole_lines(screen: Sequence[str], text: str) -> int | None:
    """The first screen line of a run of whole lines that holds exactly `text` (wrapped),
    or None."""
    words = text.split()
    for first in range(len(screen)):
        seen: list[str] = []
        for line in screen[first:]:
            seen += line.split()
            if seen != words[: len(seen)]:
                break
            if len(seen) == len(words):
                return first
    return None


# -- the first key in a filled box replaces it ------------------------------------------------


def test_typing_in_a_filled_box_replaces_the_answer_on_a_terminal_that_answers(
    q: Questionnaire, tmp_path: Path
) -> None:
    """The issue's three cases: pain right now 1 changed to 0 saved 10; age 6 then 7 gave 67;
    a second < in a filled box was typed into it instead of going back."""
    keys = [*typed_walk(q, PAIN, until="pain_now"), "1" + ENTER, BACK, "0" + ENTER]
    run = on_terminal(q, keys, tmp_path / "a.yaml")
    assert run.requests >= len(keys)  # every prompt asked, and got its answer first
    assert run.values["pain_now"] == 0

    keys = ["Ana" + ENTER, "6" + ENTER, BACK, "7" + ENTER]  # back from "who is filling in"
    assert on_terminal(q, keys, tmp_path / "b.yaml").values == {"name": "Ana", "age": 7}

    keys = ["Ana" + ENTER, "52" + ENTER, BACK, BACK, "Bea" + ENTER, ENTER]
    assert on_terminal(q, keys, tmp_path / "c.yaml").values == {"name": "Bea", "age": 52}


@pytest.mark.parametrize("report", [LATE_REPLY, MOUSE_MOVE, WHEEL, IGNORED])
def test_no_key_binding_acts_on_what_the_terminal_sends_by_itself(
    q: Questionnaire, tmp_path: Path, report: str
) -> None:
    """A reply, a mouse or wheel report or an ignored key before the typing changes nothing:
    a filled box is still replaced, a list with nothing picked still records nothing."""
    keys = [
        "Ana" + ENTER,
        "52" + ENTER,
        report + ENTER,  # who is filling in (optional): nothing picked, so skipped
        report + BACK,  # the places: back
        report + BACK,  # who is filling in: back
        report + "60" + ENTER,  # age: replaced
        report + ENTER,  # who is filling in: still nothing picked
    ]
    assert on_terminal(q, keys, tmp_path / "a.yaml").values == {"name": "Ana", "age": 60}


def test_a_less_than_sign_typed_after_other_text_is_part_of_the_answer(
    form: Questionnaire, tmp_path: Path
) -> None:
    """< goes back only from an empty box or an untouched earlier answer (found by the
    randomised test: "a<" went back, and the text typed was lost)."""
    keys = [SAFE, "4" + ENTER, ENTER, "50" + ENTER, *[ENTER] * 4, "walked <1 km" + ENTER]
    assert on_terminal(form, keys, tmp_path / "a.yaml").values["notes"] == "walked <1 km"


def test_pasting_into_a_filled_box_replaces_the_answer(q: Questionnaire, tmp_path: Path) -> None:
    keys = ["Ana" + ENTER, "52" + ENTER, BACK, BACK, "\x1b[200~Bea Díaz\x1b[201~" + ENTER]
    assert on_terminal(q, keys, tmp_path / "a.yaml").values == {"name": "Bea Díaz", "age": 52}


def test_keys_after_the_first_edit_the_answer_shown(q: Questionnaire, tmp_path: Path) -> None:
    """An arrow or Backspace first keeps the answer to be edited; the typing then adds to it."""
    keys = ["Ana" + ENTER, "52" + ENTER, BACK, BACK, "\x1b[D" + "n" + ENTER, BACKSPACE + "3\r"]
    assert on_terminal(q, keys, tmp_path / "a.yaml").values == {"name": "Anna", "age": 53}


# -- Enter on a list with nothing picked records nothing ---------------------------------------


def test_enter_before_any_arrow_or_number_records_nothing(q: Questionnaire, tmp_path: Path) -> None:
    """An optional question is skipped; a required one says so under the list and asks again;
    nothing looks picked before an arrow or a number picks it."""
    keys = [*START[:2], ENTER]  # "who is filling in" is optional
    run = on_terminal(q, [*keys, ""], tmp_path / "a.yaml")
    assert run.values == {"name": "Ana", "age": 52}
    assert run.screen[0].startswith("Section 2 of 8")  # skipped: the next question is shown

    keys = typed_walk(q, PAIN, until="pain_duration")
    run = on_terminal(q, [*keys, ENTER], tmp_path / "b.yaml")
    assert "pain_duration" not in run.values
    lines = run.screen
    at = whole_lines(lines, "! This question needs an answer.")
    assert at is not None, run.shown()
    assert lines[at - 1].strip().startswith("< Back")  # right under the list
    assert not any(line.lstrip().startswith(">") for line in lines), run.shown()

    run = on_terminal(q, [*keys, ENTER + DOWN + ENTER], tmp_path / "c.yaml")
    assert run.values["pain_duration"] == "under_3_months"  # the first arrow shows line 1


def test_enter_on_a_filled_list_keeps_its_answer(q: Questionnaire, tmp_path: Path) -> None:
    keys = [*START, BACK, ENTER]  # back from the places to "who is filling in": keep "self"
    run = on_terminal(q, keys, tmp_path / "a.yaml")
    assert run.values == {"name": "Ana", "age": 52, "completed_by": "self"}


def test_skip_on_a_filled_question_leaves_it_with_no_answer(
    q: Questionnaire, tmp_path: Path
) -> None:
    """The last thing done was "Skip this question": the answer given before is not kept."""
    keys = [*START, BACK, "-" + ENTER]  # who is filling in: "self", then back and Skip
    assert on_terminal(q, keys, tmp_path / "a.yaml").values == {"name": "Ana", "age": 52}
    with create_pipe_input() as pipe:
        pipe.send_text("Ana\n52\n1\n<\n-\n")
        pipe.close()
        with pytest.raises(InterviewInterrupted):
            walk.run_interview(
                view_of(q, "en"), Answers(), tmp_path / "b.yaml", input=pipe, plain=True
            )
    assert load_answers(q, tmp_path / "b.yaml").answers.values == {"name": "Ana", "age": 52}


def test_enter_alone_in_plain_mode_records_nothing_either(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["Ana", "52", "", "", "1", "2"]  # skip; places: needs one, then foot; right side
    with create_pipe_input() as pipe:
        pipe.send_text("".join(line + "\n" for line in lines))
        pipe.close()
        with pytest.raises(InterviewInterrupted):
            walk.run_interview(
                view_of(q, "en"), Answers(), tmp_path / "a.yaml", input=pipe, plain=True
            )
    values = load_answers(q, tmp_path / "a.yaml").answers.values
    assert values == {"name": "Ana", "age": 52, "pain_locations": ["foot"], "pain_side": "right"}
    assert "! Please pick at least one answer" in capsys.readouterr().out


# -- a digit never does nothing without a word --------------------------------------------------


def test_a_digit_on_a_list_of_offered_numbers_picks_its_tens(
    form: Questionnaire, tmp_path: Path
) -> None:
    """The diary's relief list offers 0, 10, ... 100: 7 means 70%, 1 then 0 then 0 means 100."""
    keys = [SAFE, "4" + ENTER, ENTER, "7" + ENTER]
    assert on_terminal(form, keys, tmp_path / "a.yaml").values["relief_percent"] == 70
    keys = [SAFE, "4" + ENTER, ENTER, "100" + ENTER]
    assert on_terminal(form, keys, tmp_path / "b.yaml").values["relief_percent"] == 100
    keys = [SAFE, "4" + ENTER, ENTER, "5" + DOWN + "0" + ENTER]  # an arrow between: 0 starts again
    assert on_terminal(form, keys, tmp_path / "c.yaml").values["relief_percent"] == 0


def test_two_digits_that_make_no_line_say_so_and_pick_nothing(
    q: Questionnaire, tmp_path: Path
) -> None:
    """Warning signs, 11 lines: 1 then 2 is "12", no line; it never points at line 2 (an
    urgent sign, ticked by the next Space) without a word: the highlight goes back to where
    it was. After 3 in a list of 8, 5 picks 5."""
    keys = [*typed_walk(q, PAIN, until="warning_signs"), DOWN * 4 + "12"]
    run = on_terminal(q, keys, tmp_path / "a.yaml")
    message = '! "12" is not one of the numbers here. Type a number from 1 to 11, or use the'
    assert whole_lines(run.screen, message + " arrow keys.") is not None, run.shown()
    pointed = [line[:9] for line in run.screen if line.startswith(" >")]
    assert pointed == [" > ○  5. "], run.shown()  # where the arrows left it
    keys = [*typed_walk(q, PAIN, until="pain_feels_like"), "35 " + ENTER]
    assert on_terminal(q, keys, tmp_path / "b.yaml").values["pain_feels_like"] == ["aching"]


def test_a_number_that_is_no_line_says_so(form: Questionnaire, tmp_path: Path) -> None:
    keys = [SAFE, "4" + ENTER, ENTER, "50" + ENTER, "9"]  # "What could you do better": 8 lines
    run = on_terminal(form, keys, tmp_path / "a.yaml")
    message = (
        '! "9" is not one of the numbers here. Type a number from 1 to 8, or use the arrow keys.'
    )
    assert whole_lines(run.screen, message) is not None, run.shown()
    keys[-1] = "9" + "3 " + ENTER  # then 3 ticks "Sleep better"
    assert on_terminal(form, keys, tmp_path / "b.yaml").values["activities"] == ["sleep_better"]


# -- what the screen shows -----------------------------------------------------------------------


def test_skip_and_back_show_no_tick_circle(form: Questionnaire, tmp_path: Path) -> None:
    run = on_terminal(form, [SAFE, "4" + ENTER, ENTER, "50" + ENTER, ""], tmp_path / "a.yaml")
    tail = [line for line in run.screen if line][-4:]
    assert tail == [
        "   ○  7. See friends or family",
        "   ○  8. None of these",
        "       - Skip this question",
        "       < Back to the previous question",
    ], run.shown()


def test_the_line_left_behind_has_no_needs_an_answer_mark(q: Questionnaire, tmp_path: Path) -> None:
    keys = [*START, "1 2 " + ENTER]
    run = on_terminal(q, keys, tmp_path / "a.yaml")
    assert "- Where do you have pain? Foot, Ankle" in run.screen, run.shown()


@pytest.mark.parametrize(
    ("size", "lang", "keys", "message"),
    [
        (
            (12, 40),
            "en",
            ["Ana" + ENTER, "500" + ENTER],
            "! Please type a whole number from 1 to 120.",
        ),
        (
            (24, 80),
            "es",
            ["Ana" + ENTER, "52" + ENTER, "1" + ENTER, ENTER],
            "! Por favor, elija al menos una respuesta (márquela con la barra espaciadora) y"
            " luego presione Enter.",
        ),
    ],
)
def test_the_problem_shows_whole_right_under_the_answer(
    q: Questionnaire,
    tmp_path: Path,
    size: tuple[int, int],
    lang: str,
    keys: list[str],
    message: str,
) -> None:
    run = on_terminal(q, keys, tmp_path / "a.yaml", size=size, lang=lang)
    at = whole_lines(run.screen, message)
    assert at is not None, run.shown()
    above = " ".join(run.screen[at - 1].split())
    assert above == "> 500" or above.startswith("○"), run.shown()  # the box, or the list


def test_each_screen_says_where_answers_are_saved_and_how_to_stop(
    q: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = on_terminal(q, ["Ana" + ENTER, ""], Path("a.yaml"))
    line = "Saved as you go in a.yaml. To stop and go on later, press Ctrl+C."
    assert run.screen[1] == line, run.shown()


def test_a_resumed_interview_says_welcome_back(
    q: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("a.yaml")
    on_terminal(q, START, path)
    resumed = load_answers(q, path).answers
    run = on_terminal(q, [""], path, initial=resumed, loaded_from=path)
    assert run.screen[1] == "Welcome back: 3 answers loaded from a.yaml.", run.shown()
    assert run.screen[0] == "Section 2 of 8: Your pain, question 4 of about 29"


def test_the_question_total_says_why_it_changed(q: Questionnaire, tmp_path: Path) -> None:
    """Foot and knee add the limb questions: the next screen says "3 more"."""
    run = on_terminal(q, [*START, "1 4 " + ENTER, ""], tmp_path / "a.yaml")
    progress = "Section 2 of 9: Your pain, question 5 of about 32 (3 more because of your answers)"
    assert whole_lines(run.screen, progress) == 0, run.shown()
    run = on_terminal(q, [*START, "1 4 " + ENTER, "1" + ENTER, ""], tmp_path / "b.yaml")
    assert run.screen[0] == "Section 2 of 9: Your pain, question 6 of about 32", run.shown()


def test_no_color_prints_no_italics(
    q: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """no-color.org asks for no colour; the help lines are not slanted either. Bold and
    reverse video stay (the highlighted line is shown in reverse)."""

    def italic_cells() -> int:
        run = PipeTerminal([""], 24, 80)
        with run, contextlib.suppress(InterviewInterrupted):
            walk.run_interview(
                view_of(q, "en"), Answers(), tmp_path / "a.yaml", input=run.input, output=run.output
            )
        return sum(cell.italics for row in run.last_cells for cell in row)

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert italic_cells() > 0  # the help line, slanted
    monkeypatch.setenv("NO_COLOR", "1")
    assert italic_cells() == 0


def test_no_color_summary_has_no_italics(monkeypatch: pytest.MonkeyPatch) -> None:
    from paincheck.formats.summary import render_summary
    from paincheck.output import out

    q = load_questionnaire()
    assessment = evaluate(q, Answers({"pain_now": 3}, "in_progress"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")  # a terminal, as far as Rich knows
    console = out.console()
    console.file = io.StringIO()
    console.print(render_summary(assessment, view_of(assessment, "en")))
    written = console.file.getvalue()
    assert "This checklist is not finished yet" in written
    assert not re.search(r"\x1b\[([0-9;]*;)?3(;[0-9;]*)?m", written)  # SGR 3: italic
    assert not re.search(r"\x1b\[([0-9;]*;)?3[0-7](;[0-9;]*)?m", written)  # no colour


# -- finishing and stopping ---------------------------------------------------------------------


def test_ctrl_c_on_the_review_of_a_finished_file_leaves_it_finished(
    q: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    persona = answered_in_full(q)
    on_terminal(q, [], path, initial=Answers(persona.values, "complete"), loaded_from=path)
    kept = load_answers(q, path).answers
    assert (kept.status, kept.values) == ("complete", shown_questions(q, persona.values)[1])
    on_terminal(q, ["1" + ENTER, "Bea" + ENTER], path, initial=Answers(persona.values, "complete"))
    changed = load_answers(q, path).answers
    assert (changed.status, changed.values["name"]) == ("in_progress", "Bea")


def test_plain_mode_confirms_what_was_recorded_and_marks_ticks_in_words(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["Ana", "", "", "1,2", "<", ""]
    with create_pipe_input() as pipe:
        pipe.send_text("".join(line + "\n" for line in lines))
        pipe.close()
        with pytest.raises(InterviewInterrupted):
            walk.run_interview(
                view_of(q, "en"), Answers(), tmp_path / "a.yaml", input=pipe, plain=True
            )
    shown = capsys.readouterr().out
    assert shown.startswith(f"Saved as you go in {tmp_path / 'a.yaml'}.")
    assert shown.count("Saved: Ana.\n") == 1
    assert shown.count("No answer saved for this question.\n") == 2  # age, who is filling in
    assert shown.count("Saved: Foot, Ankle.\n") == 2  # ticked, then kept with Enter
    assert "   1  Foot (ticked)\n   2  Ankle (ticked)\n   3  Lower leg (shin or calf)\n" in shown
    assert "[ ]" not in shown


def plain_summary(q: Questionnaire, name: str, tmp_path: Path, keys: str) -> str:
    from contextlib import redirect_stdout

    from paincheck.formats.summary import render_summary

    assessment = evaluate(q, load_answers(q, PERSONAS / f"{name}.yaml").answers)
    written = io.StringIO()
    with create_pipe_input() as pipe, redirect_stdout(written):
        pipe.send_text(keys)
        pipe.close()
        closing.finish(
            assessment,
            tmp_path / "mine.yaml",
            view_of(assessment, "en"),
            summary=render_summary(assessment, view_of(assessment, "en"), lines_only=True),
            later="paincheck export mine.yaml",
            input=pipe,
            plain=True,
        )
    return written.getvalue()


def test_plain_summary_is_lines_without_boxes_or_pager(
    q: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """run --plain, "Read the whole summary": criterion, status, reason lines; no border, no
    table, no symbol, and no pager (less) to learn."""
    import pydoc

    monkeypatch.setattr(pydoc, "pager", lambda *a: pytest.fail("a pager was opened"))
    shown = plain_summary(q, "foot-after-fracture", tmp_path, "2\n3\n")
    start = shown.index("Your pain checklist: summary")
    summary = shown[start : shown.index("Write a PDF report", start)]
    assert not re.search("[─│┃━┏┓┗┛╭╮╰╯═║✔✘]", summary)
    assert_snapshot("summary/foot-after-fracture.plain.txt", summary)
    closing_screen = shown[:start]  # the screen before: the same words, no symbols either
    assert "  Pain for six months or more: Met.\n" in closing_screen
    assert not re.search("[✔✘◐]", closing_screen)


def test_the_pager_says_how_to_leave_it_before_it_opens(
    q: Questionnaire,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Said before the pager opens, and on its first line (here the pager is `cat`, given
    its text on standard input, as less would be)."""
    import sys

    from tests.helpers.interview import finished

    shown = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > {shown}")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # a terminal: the pager runs
    finished(q, "2" + ENTER + "3" + ENTER, tmp_path)
    hint = "Space for more, q to go back."
    assert hint in capsys.readouterr().out  # on the screen before the pager takes it
    assert shown.read_text().startswith(hint + "\n")
    assert "THE WHOLE SUMMARY" in shown.read_text()


# -- commands that work when pasted --------------------------------------------------------------

ARGV = "import os, sys; sys.stdout.buffer.write(b'\\0'.join(map(os.fsencode, sys.argv[1:])))"


@pytest.mark.parametrize(
    "name",
    ["-answers.yaml", "my\tanswers.yaml", "it's $HOME.yaml", "Jos\udce9.yaml", "a\nb", "é ü.yaml"],
)
def test_a_printed_command_pasted_into_bash_gives_the_same_words(name: str) -> None:
    """Each word reaches the program as it was meant: a name starting with "-" as ./-NAME
    (never an option), a tab or a Latin-1 byte written as an escape, quotes kept."""
    program = [sys.executable, "-c", ARGV]
    command = saving.resume_command(Path(name), program, lang="es", questions=Path("-q"))
    assert command.isprintable()  # it reaches the screen as it is, and is pasted as shown
    pasted = subprocess.run(["bash", "-c", command], capture_output=True, check=True).stdout
    path = os.fsencode(f"./{name}" if name.startswith("-") else name)
    assert pasted.split(b"\0") == [
        b"run",
        b"--answers",
        path,
        b"--save",
        path,
        b"--questions",
        b"./-q",
        b"--lang",
        b"es",
    ]


def test_the_pdf_command_for_later_is_one_line_even_on_a_narrow_screen(
    q: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wrapped into several lines, a pasted command runs as several broken ones."""
    from contextlib import redirect_stdout

    from rich.console import Group

    monkeypatch.setenv("COLUMNS", "40")
    later = "uv run --project /home/maria/paincheck paincheck export my-answers.yaml --lang es"
    assessment = evaluate(q, load_answers(q, PERSONAS / "back-recent.yaml").answers)
    written = io.StringIO()
    with create_pipe_input() as pipe, redirect_stdout(written):
        pipe.send_text("3\n")
        pipe.close()
        closing.finish(
            assessment,
            tmp_path / "a.yaml",
            view_of(assessment, "en"),
            later=later,
            input=pipe,
            plain=True,
        )
    assert written.getvalue().endswith(f"To make it later, run:\n  {later}\n")
    # the same after "Stop here and get care now", through the commands' output sink
    from paincheck.output import out

    after = ["When you are ready, finish it with this command:", closing.command_line(later)]
    with redirect_stdout(io.StringIO()) as stop:
        out.result(
            Group(*closing.stop_screen(assessment, view_of(assessment, "en"), after, plain=True))
        )
    assert stop.getvalue().endswith(f"command:\n  {later}\n")


def test_uv_run_with_project_is_kept_when_the_shell_is_elsewhere(tmp_path: Path) -> None:
    project = tmp_path / "project"
    script = project / ".venv" / "bin" / "paincheck"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    uv = {"UV": "/usr/bin/uv", "VIRTUAL_ENV": str(project / ".venv"), "PATH": "/usr/bin"}
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    program = saving.program_words(str(script), uv, cwd=elsewhere)
    assert program == ["uv", "run", "--project", str(project), "paincheck"]
    assert saving.program_words(str(script), uv, cwd=project) == ["uv", "run", "paincheck"]
    # pasted: a stand-in uv on the PATH shows the words it gets
    stand_in = tmp_path / "bin" / "uv"
    stand_in.parent.mkdir()
    stand_in.write_text(f"#!{sys.executable}\n{ARGV}\n")
    stand_in.chmod(0o755)
    command = saving.command_line(program, "export", Path("mine.yaml"))
    env = {"PATH": f"{stand_in.parent}:/usr/bin:/bin"}
    pasted = subprocess.run(
        ["bash", "-c", command], capture_output=True, check=True, cwd=elsewhere, env=env
    ).stdout
    assert pasted.split(b"\0") == [
        b"run",
        b"--project",
        os.fsencode(project),
        b"paincheck",
        b"export",
        b"mine.yaml",
    ]


def test_the_stop_message_breaks_between_words_and_keeps_the_command_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from paincheck import output

    q = load_questionnaire()
    command = "paincheck run --answers my-answers-2026-12-06.yaml --save my-answers-2026-12-06.yaml"
    stop = saving.interrupted_error(
        view_of(q, "en"), Path("my-answers.yaml"), Answers({"age": 5}), command
    )
    monkeypatch.setattr(output, "_terminal_columns", lambda stream: 39)
    output.out.stopped(stop)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "my-answers.yaml: stopped; your answers",
        "so far (1) are saved in this file. To",
        "go on where you stopped, run:",
        f"  {command}",
    ]
    # the other lines at the end of a command, too ("Días en el diario" was cut "Dí" "as")
    output.out.line("Se agregó el 2026-12-05 a trial.yaml. Días en el diario: 2.")
    assert capsys.readouterr().out.splitlines() == [
        "Se agregó el 2026-12-05 a trial.yaml.",
        "Días en el diario: 2.",
    ]


# -- safety text: never dropped --------------------------------------------------------------


def before_mood(q: Questionnaire) -> Answers:
    """Every answer before the mood section: the interview opens on it."""
    order = [question.id for question in q.questions]
    values = answered_in_full(q).values
    return Answers(
        {k: v for k, v in values.items() if order.index(k) < order.index("phq_interest")}
    )


@pytest.mark.parametrize("size", [(24, 80), (12, 40)])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_crisis_line_shows_whole_at_the_mood_section_at_any_size(
    q: Questionnaire, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    """The mood section opens with the crisis line (contract v3): at 40x12, where the other
    opening lines are dropped, it gets a screen of its own (Enter goes on to the question),
    and the answer typed after it is the one saved."""
    section = next(s for s in q.sections if s.id == "mood")
    assert section.safety is not None
    crisis = section.safety(lang)
    assert "988" in crisis
    run = on_terminal(q, ["x"], tmp_path / "a.yaml", size=size, lang=lang, initial=before_mood(q))
    assert whole_lines(run.screen, crisis) is not None, run.shown()

    question = q.question("phq_interest").text(lang)
    keys = ["x"] if size == (24, 80) else [ENTER, "x"]
    run = on_terminal(q, keys, tmp_path / "b.yaml", size=size, lang=lang, initial=before_mood(q))
    assert whole_lines(run.screen, question) is not None, run.shown()
    keys = [*keys[:-1], "2" + ENTER]
    run = on_terminal(q, keys, tmp_path / "c.yaml", size=size, lang=lang, initial=before_mood(q))
    assert run.values["phq_interest"] == "several_days"


def test_plain_mode_says_the_crisis_line(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with create_pipe_input() as pipe:
        pipe.send_text("")
        pipe.close()
        with pytest.raises(InterviewInterrupted):
            walk.run_interview(
                view_of(q, "en"), before_mood(q), tmp_path / "a.yaml", input=pipe, plain=True
            )
    shown = capsys.readouterr().out
    section = next(s for s in q.sections if s.id == "mood")
    assert section.safety is not None
    assert section.safety("en") + "\n" in shown


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("typed", [ENTER, "9"])
def test_at_40x12_a_problem_under_a_list_leaves_the_keys_lines_whole(
    form: Questionnaire, tmp_path: Path, lang: str, typed: str
) -> None:
    """The diary's safety check at 40x12 with a problem under it (Enter with nothing ticked,
    a number that is no line): the keys line and the "None of these" note stay whole above
    the list (the list gives up its lines), and the problem shows whole under it."""
    from paincheck.interview.asking import keys_lines

    question = form.question("trial_problems")
    assert question is not None
    run = on_terminal(form, [typed], tmp_path / "a.yaml", size=(12, 40), lang=lang)
    for line in keys_lines(view_of(form, lang), question, can_go_back=False):
        assert whole_lines(run.screen, line) is not None, run.shown()
    error = next(line for line in run.screen if line.startswith("! "))
    problem = " ".join(run.screen[run.screen.index(error) :])
    assert problem.rstrip().endswith(("Enter.", "flechas.", "keys.")), run.shown()
    assert any(line.lstrip().startswith("> ") for line in run.screen), run.shown()  # the list


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", '! "9" is not one of the numbers here. Type 1 or 2, or use the arrow keys.'),
        ("es", '! "9" no es uno de los números de aquí. Escriba 1 o 2, o use las flechas.'),
    ],
)
def test_a_two_line_list_says_type_1_or_2(
    q: Questionnaire, tmp_path: Path, lang: str, message: str
) -> None:
    """ "Where is the pain worst?" offers the two areas ticked: a number that is no line is
    told "Type 1 or 2", not "a number from 1 to 2"."""
    two = {**PAIN, "pain_locations": ["foot", "ankle"]}
    keys = [*typed_walk(q, two, until="worst_location"), "9"]
    run = on_terminal(q, keys, tmp_path / "a.yaml", lang=lang)
    assert whole_lines(run.screen, message) is not None, run.shown()


def test_a_number_box_of_two_values_says_type_0_or_1(q: Questionnaire) -> None:
    import dataclasses

    question = dataclasses.replace(q.question("pain_now"), min=0, max=1, anchors=())
    _, problem = walk.check_typed(view_of(q, "en"), question, "5", {})
    assert problem == "Please type 0 or 1."
