"""The warning panel, typed in-process as a patient would: shown at once after a warning sign,
its heading on screen at any size, Enter and the half-second guard, and what each of its
choices does; also the panel shown first when answers already hold an urgent sign."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input

from paincheck.answers.checking import Answers, write_answers
from paincheck.answers.loading import load_answers
from paincheck.errors import InterviewInterrupted
from paincheck.evaluation import evaluate
from paincheck.interview import closing, panel, walk
from paincheck.interview.saving import StoppedForCare
from paincheck.questionnaire import Question, Questionnaire, load_questionnaire
from paincheck.questionnaire.conditions import Value
from tests.helpers import PERSONAS
from tests.helpers.interview import (
    CTRL_C,
    DRAWN,
    ENTER,
    PANEL,
    URGENT_SIGNS,
    Screen,
    Typed,
    before_the_signs,
    keys_for,
    signs,
    typing,
    words,
)
from tests.helpers.views import view_of

pyte = pytest.importorskip("pyte")
pytestmark = pytest.mark.timeout(30)

PGDN, LIST_BACK = "\x1b[6~", "<"


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire()


def interview_on(
    q: Questionnaire,
    screen: Screen,
    keys: Sequence[Typed],
    path: Path,
    initial: dict[str, Value] | None = None,
    status: str = "in_progress",
) -> Answers:
    values = before_the_signs(q) if initial is None else initial
    with create_pipe_input() as pipe, typing(pipe, keys):
        return walk.run_interview(
            view_of(q, "en"), Answers(values, status), path, input=pipe, output=screen.output
        )


def first_answer(question: Question) -> Value:
    """An answer to a list question: its first choice."""
    first = question.choices[0].id
    return [first] if question.type == "multi" else first


def panel_text(q: Questionnaire, *ids: str) -> list[str]:
    """What the urgent panel says (contract wording, and the questions folder's texts)."""
    question = q.question("warning_signs")
    assert question is not None
    flags = q.rules.flags
    urgent = [i for i in ids if question.choice(i).flag == "urgent"]  # type: ignore[union-attr]
    soon = [i for i in ids if i not in urgent]
    lines = ["WARNING: Get medical care now.", flags["urgent"].message("en")]
    for flag, chosen in (("urgent", urgent), ("prompt", soon)):
        if flag == "prompt" and chosen:
            lines.append("Also call your doctor soon")
        for choice_id in chosen:
            lines.append("• " + question.choice(choice_id).label("en"))  # type: ignore[union-attr]
            advice = flags[flag].advice.get(choice_id)
            if advice is not None:
                lines.append("→ " + advice("en"))
    return lines


CHOICES = [
    "> 1. Stop here and get care now",
    "2. Go on with the checklist",
    "3. I ticked this by mistake",
    "Use the arrow keys or type a number, then press Enter.",
]


def test_an_urgent_sign_shows_the_panel_at_once_and_enter_stops(
    q: Questionnaire, tmp_path: Path
) -> None:
    """Stop is first and highlighted; Enter takes it: the answers are saved, in progress."""
    path, screen = tmp_path / "a.yaml", Screen()
    keys = [signs(q, "bladder_bowel_change", "cancer_history"), PANEL, screen.look, ENTER]
    with pytest.raises(StoppedForCare) as stop:
        interview_on(q, screen, keys, path)
    shown = screen.looks[0]
    assert shown[0] == "WARNING: Get medical care now."
    assert words(shown) == words(panel_text(q, "bladder_bowel_change", "cancer_history") + CHOICES)
    saved = load_answers(q, path).answers
    assert saved.status == "in_progress"
    assert saved.values["warning_signs"] == ["bladder_bowel_change", "cancer_history"]
    assert stop.value.saved and stop.value.answers == saved


def test_keys_typed_before_the_panel_or_in_its_first_half_second_choose_nothing(
    q: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quick second Enter (typed with the question's), and Enter and 2 pressed as the
    panel appears, do nothing: had one been taken, the interview would have stopped or gone
    on. "I ticked this by mistake" then goes back to the question with the tick shown.
    (The guard is made longer here, so that a busy machine cannot make the keys typed "as
    the panel appears" arrive after it; its length is pinned below.)"""
    monkeypatch.setattr(panel, "PANEL_GUARD", 2.0)
    path, screen = tmp_path / "a.yaml", Screen(40, 100)  # the whole list on screen
    question = q.question("warning_signs")
    assert question is not None
    keys: list[Typed] = [
        signs(q, "fever_with_pain") + ENTER,  # a second Enter, typed ahead
        DRAWN,
        ENTER + "2" + ENTER,  # while the panel is new
        PANEL,
        "3" + ENTER,  # "I ticked this by mistake"
        screen.look_soon,
        "4 11 " + ENTER,  # untick it; "None of these"
        CTRL_C,
    ]
    with pytest.raises(InterviewInterrupted):
        interview_on(q, screen, keys, path)
    again = words(screen.looks[0])
    assert question.text("en") in again
    assert "● 4. Fever or chills with new or worse back pain" in again
    assert "○ 11. None of these" in again
    assert load_answers(q, path).answers.values["warning_signs"] == ["none"]


def test_the_panel_ignores_keys_for_half_a_second(q: Questionnaire) -> None:
    given = {**before_the_signs(q), "warning_signs": ["fever_with_pain"]}
    prompt = panel.panel_prompt(evaluate(q, Answers(given)), view_of(q, "en"))
    assert prompt.guard == 0.5


def test_go_on_goes_on_with_the_next_question(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    given = {**before_the_signs(q), "warning_signs": ["leg_weakness_worsening"]}
    after = walk.questions_to_ask(q, Answers(given))[0]
    keys = [
        signs(q, "leg_weakness_worsening"),
        PANEL,
        "2" + ENTER,
        keys_for(after, first_answer(after), given, q),
    ]
    with pytest.raises(InterviewInterrupted):  # the input ends at the question after that
        interview_on(q, Screen(), [*keys, CTRL_C], path)
    saved = load_answers(q, path).answers.values
    assert saved == {**given, after.id: first_answer(after)}


def test_the_soon_only_panel_goes_on_with_enter_and_back_with_less_than(
    q: Questionnaire, tmp_path: Path
) -> None:
    path, screen = tmp_path / "a.yaml", Screen()
    question = q.question("warning_signs")
    assert question is not None
    keys: list[Typed] = [signs(q, "cancer_history"), PANEL, screen.look, LIST_BACK]
    keys += [screen.look_soon, "11 " + ENTER, CTRL_C]
    with pytest.raises(InterviewInterrupted):
        interview_on(q, screen, keys, path)
    panel, back = screen.looks
    title = q.rules.flags["prompt"].title("en")
    assert panel[0] == f"{title}."
    assert words(panel).endswith(
        "> 1. Go on with the checklist Press Enter to go on. Press < to change your answer."
    )
    assert question.text("en") in words(back)
    assert load_answers(q, path).answers.values["warning_signs"] == ["none"]

    go_on = [signs(q, "cancer_history"), PANEL, ENTER, CTRL_C]
    with pytest.raises(InterviewInterrupted):
        interview_on(q, Screen(), go_on, tmp_path / "b.yaml")
    assert load_answers(q, tmp_path / "b.yaml").answers.values["warning_signs"] == [
        "cancer_history"
    ]


@pytest.mark.parametrize("rows, columns", [(12, 40), (24, 80)])
def test_the_heading_stays_on_screen_while_the_advice_scrolls(
    q: Questionnaire, tmp_path: Path, rows: int, columns: int
) -> None:
    """Every sign ticked: at 40x12 the advice is far longer than the screen. PgDn shows the
    rest of it under the heading, which never leaves the top line; the choices and the keys
    line stay at the bottom; every advice line is seen on the way."""
    all_signs = [*URGENT_SIGNS, "cancer_history", "unexplained_weight_loss"]
    path, screen = tmp_path / "a.yaml", Screen(rows, columns)
    keys: list[Typed] = [signs(q, *all_signs), PANEL, screen.look]
    keys += [item for _ in range(25) for item in (PGDN, screen.look_soon)]
    with pytest.raises(StoppedForCare):
        interview_on(q, screen, [*keys, ENTER], path)
    bodies = []
    for shown in screen.looks:
        assert shown[0] == "WARNING: Get medical care now.", shown
        assert words(shown[-6:]).endswith(words(CHOICES)), shown
        more = next((n for n, line in enumerate(shown) if line.startswith("PgDn: ")), None)
        end = more if more is not None else shown.index(" >  1. Stop here and get care now")
        bodies.append(shown[1:end])
    assert words(merged(bodies)) == words(panel_text(q, *all_signs)[1:])


def merged(pages: list[list[str]]) -> list[str]:
    """Screens of a text scrolled down, as the one text: each screen's lines after those
    it shares with the one before."""
    text: list[str] = []
    for page in pages:
        shared = max(n for n in range(len(page) + 1) if text[len(text) - n :] == page[:n])
        text += page[shared:]
    return text


def test_answers_holding_an_urgent_sign_show_the_panel_first(
    q: Questionnaire, tmp_path: Path
) -> None:
    """Coming back after stop: the panel before any question. Stop changes nothing (the
    file keeps every byte); go on asks the next question not answered; by mistake asks the
    warning signs again with the saved ticks."""
    given = {**before_the_signs(q), "warning_signs": ["saddle_numbness", "cancer_history"]}
    path = tmp_path / "a.yaml"
    write_answers(path, q, Answers(given, "in_progress"))
    before = path.read_bytes()

    screen = Screen()
    with pytest.raises(StoppedForCare) as stop:
        interview_on(q, screen, [PANEL, screen.look, ENTER], path, given)
    assert words(screen.looks[0]) == words(
        panel_text(q, "saddle_numbness", "cancer_history") + CHOICES
    )
    assert not stop.value.saved and stop.value.answers == Answers(given, "in_progress")
    assert path.read_bytes() == before

    after = walk.questions_to_ask(q, Answers(given))[0]
    keys = [PANEL, "2" + ENTER, keys_for(after, first_answer(after), given, q), CTRL_C]
    with pytest.raises(InterviewInterrupted):
        interview_on(q, Screen(), keys, path, given)
    assert load_answers(q, path).answers.values == {**given, after.id: first_answer(after)}

    screen = Screen()
    keys = [PANEL, "3" + ENTER, screen.look_soon, "1 8 11 " + ENTER, CTRL_C]
    with pytest.raises(InterviewInterrupted):
        interview_on(q, screen, keys, tmp_path / "b.yaml", given)
    asked = words(screen.looks[0])
    assert "● 1. New numbness between my legs" in asked
    assert "● 8. I have had cancer" in asked
    assert load_answers(q, tmp_path / "b.yaml").answers.values["warning_signs"] == ["none"]


# -- --plain ---------------------------------------------------------------------------------


def plain_interview(q: Questionnaire, lines: Sequence[str], path: Path) -> Answers:
    with create_pipe_input() as pipe:
        pipe.send_text("".join(line + "\n" for line in lines))
        pipe.close()
        start = Answers(before_the_signs(q), "in_progress")
        return walk.run_interview(view_of(q, "en"), start, path, input=pipe, plain=True)


def test_plain_panel_is_plain_lines_and_a_bare_enter_stops(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    with pytest.raises(StoppedForCare):
        plain_interview(q, ["2,8", ""], path)
    shown = capsys.readouterr().out
    panel = shown[shown.index("WARNING") :]
    expected = panel_text(q, "bladder_bowel_change", "cancer_history")
    expected[2:] = [("  " if line.startswith("→") else "") + line for line in expected[2:]]
    expected.insert(expected.index("Also call your doctor soon"), "")
    assert panel == "\n".join(
        [
            *expected,
            "   1  Stop here and get care now",
            "   2  Go on with the checklist",
            "   3  I ticked this by mistake",
            "Type 1, 2 or 3 and press Enter. Enter alone means 1.",
            "> ",
        ]
    )
    assert load_answers(q, path).answers.values["warning_signs"] == [
        "bladder_bowel_change",
        "cancer_history",
    ]


def test_plain_panel_numbers_take_each_choice(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """3 goes back to the question, 2 goes on, 1 stops; a wrong number is explained."""
    path = tmp_path / "a.yaml"
    given = {**before_the_signs(q), "warning_signs": ["one_leg_swollen_warm"]}
    after = walk.questions_to_ask(q, Answers(given))[0]
    with pytest.raises(InterviewInterrupted):
        plain_interview(q, ["7", "4", "3", "7", "2", "\x03"], path)
    shown = capsys.readouterr().out
    assert shown.count("WARNING: Get medical care now.") == 2
    assert '"4" is not one of the numbers.' in shown
    assert shown.index(after.text("en")) > shown.rindex("WARNING")
    assert load_answers(q, path).answers.values == given
    with pytest.raises(StoppedForCare):
        plain_interview(q, ["7", "1"], tmp_path / "b.yaml")


# -- the screens around it ------------------------------------------------------------------


def test_after_stop_the_advice_and_the_way_back_are_printed(q: Questionnaire) -> None:
    from rich.console import Console

    given = {**before_the_signs(q), "warning_signs": ["fever_with_pain"]}
    assessment = evaluate(q, Answers(given, "in_progress"))
    after = ["Your answers are saved in a.yaml.", "When you are ready: paincheck run ..."]
    console = Console(width=80, record=True, file=io.StringIO())
    for part in closing.stop_screen(assessment, view_of(assessment, "en"), after, plain=True):
        console.print(part)
    assert words(console.export_text().splitlines()) == words(
        panel_text(q, "fever_with_pain") + after
    )


def test_the_closing_screen_keeps_the_urgent_heading_and_the_menu_on_a_small_screen(
    q: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 40x12 the closing screen (urgent box, verdict, criteria, where the answers are)
    is far longer than the screen: its heading stays on the top line and the menu at the
    bottom, and PgDn reaches its last line."""
    from rich.console import Group

    assessment = evaluate(q, load_answers(q, PERSONAS / "knee-urgent.yaml").answers)
    monkeypatch.chdir(tmp_path)
    screen = Screen(12, 40)
    keys: list[Typed] = [PANEL, screen.look]
    keys += [item for _ in range(25) for item in (PGDN, screen.look_soon)]
    with create_pipe_input() as pipe, typing(pipe, [*keys, "3" + ENTER]):
        closing.finish(
            assessment,
            Path("mine.yaml"),
            view_of(assessment, "en"),
            summary=Group("THE WHOLE SUMMARY"),
            later="paincheck export mine.yaml",
            input=pipe,
            output=screen.output,
        )
    for shown in screen.looks:
        assert shown[0] == "WARNING: Get medical care now.", shown
        assert words(shown[-4:]).endswith(
            "3. No, not now Use the arrow keys or type a number, then press Enter."
        ), shown
    assert any("mine.yaml" in words(shown) for shown in screen.looks)


def test_ctrl_c_on_the_panel_is_an_interruption(q: Questionnaire, tmp_path: Path) -> None:
    """Ctrl-C on the panel is an interruption like anywhere else (exit 130), not a stop."""
    path = tmp_path / "a.yaml"
    with pytest.raises(InterviewInterrupted):
        interview_on(q, Screen(), [signs(q, "saddle_numbness"), PANEL, CTRL_C], path)
    assert load_answers(q, path).answers.values["warning_signs"] == ["saddle_numbness"]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", [(24, 80), (12, 40)])
def test_the_closing_screen_says_its_urgent_heading_once(
    q: Questionnaire,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    size: tuple[int, int],
) -> None:
    """The pinned "WARNING: Get medical care now." is the urgent box's heading: the box
    under it has no title saying it again (and no "Warning signs" heading between); the
    soon box keeps its own title. What is left on the terminal afterwards keeps the box's
    title, as no heading is pinned there."""
    from rich.console import Group

    assessment = evaluate(q, load_answers(q, PERSONAS / "knee-urgent.yaml").answers)
    title = q.rules.flags["urgent"].title(lang)
    soon = q.rules.flags["prompt"].title(lang)
    monkeypatch.chdir(tmp_path)
    screen = Screen(*size)
    keys: list[Typed] = [PANEL, screen.look]
    keys += [item for _ in range(12) for item in (PGDN, screen.look_soon)]
    with create_pipe_input() as pipe, typing(pipe, [*keys, "3" + ENTER]):
        closing.finish(
            assessment,
            Path("mine.yaml"),
            view_of(assessment, lang),
            summary=Group("THE WHOLE SUMMARY"),
            later="paincheck export mine.yaml",
            input=pipe,
            output=screen.output,
        )
    seen = [line for shown in screen.looks for line in shown]
    assert screen.looks[0][0] == q.message("interview_panel_warning", lang, title=title)
    assert [line for line in seen if title in line] == [screen.looks[0][0]] * len(screen.looks)
    assert q.message("warning_signs_heading", lang) not in seen
    assert any(soon in line for line in seen)
