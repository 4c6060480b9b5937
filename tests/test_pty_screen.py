"""What is left on the screen: the installed `paincheck run` on a pseudo-terminal of a given
size, its output played through a terminal emulator (pyte), checked as whole screen lines."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from paincheck.answers.checking import shown_questions
from paincheck.answers.loading import load_answers
from paincheck.interview import asking, walk
from paincheck.questionnaire import Question, Questionnaire
from paincheck.questionnaire.conditions import Value
from tests.helpers import PERSONAS
from tests.helpers.interview import keys_for
from tests.helpers.terminals import ScreenSpawn, environment, paincheck_command
from tests.helpers.views import view_of

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]

ENTER, DOWN = "\r", "\x1b[B"
LONG = ("pain_locations", "warning_signs")  # the two long lists (19 and 11 choices)
LATER = (*LONG, "pain_side", "worst_location")  # asked in the run: what hangs on the places


class Terminal(ScreenSpawn):
    """The command on a pseudo-terminal of `rows` x `columns` that answers cursor-position
    requests, and what its screen shows."""

    def __init__(self, args: list[str], cwd: Path, rows: int, columns: int) -> None:
        env = {**environment(cwd), "COLUMNS": str(columns), "LINES": str(rows)}
        super().__init__(
            paincheck_command(),
            args,
            cwd=str(cwd),
            env=env,
            dimensions=(rows, columns),
            encoding="utf-8",
        )
        self.delaybeforesend = None  # every send follows the screen it answers

    def close(self) -> None:  # type: ignore[override]
        super().close(force=True)


def whole_lines(screen: list[str], text: str) -> bool:
    """Whether `text`, wrapped, fills some run of whole screen lines (nothing cut, nothing more)."""
    words = text.split()
    for first in range(len(screen)):
        seen: list[str] = []
        for line in screen[first:]:
            seen += line.split()
            if seen != words[: len(seen)]:
                break
            if len(seen) == len(words):
                return True
    return False


def dump(screen: list[str]) -> str:
    return "\n".join(f"|{line}" for line in screen)


def answers_file(q: Questionnaire, folder: Path) -> dict[str, Value]:
    """A persona's answers without the two long lists and what hangs on them, every other
    shown question answered; returns all of them, the answers the run is to give."""
    values: dict[str, Value] = dict(
        load_answers(q, PERSONAS / "foot-after-fracture.yaml").answers.values
    )
    for question in q.questions:  # questions newer than the persona: the first choice
        if question.id not in values and question.id not in LONG and question.choices:
            first: Value = question.choices[0].id
            values[question.id] = [first] if question.type == "multi" else first
    given = {k: v for k, v in values.items() if k not in LATER}
    (folder / "mine.yaml").write_text(yaml.safe_dump({"questionnaire": q.id, "answers": given}))
    return values


def to_ask(q: Questionnaire, values: dict[str, Value]) -> list[Question]:
    """The questions the run asks, in order, as the patient gives `values`: those shown that
    the file did not answer (answers to questions hidden then are dropped when it is read)."""
    so_far = {k: v for k, v in values.items() if k not in LATER}
    given = shown_questions(q, so_far)[1]
    asked = []
    for question in q.questions:
        if question.id not in given and question in shown_questions(q, so_far)[0]:
            asked.append(question)
            so_far[question.id] = values[question.id]
    return asked


@pytest.mark.parametrize("rows, columns", [(12, 40), (24, 80)])
def test_the_question_keys_and_last_line_stay_on_screen(
    questionnaire: Questionnaire, tmp_path: Path, rows: int, columns: int
) -> None:
    """Item 4: on the long lists, scrolled to their last line, the question (wrapped) and the
    keys line are still on screen; the review scrolled to its end shows its last line whole."""
    q, msg = questionnaire, questionnaire.message
    values = answers_file(q, tmp_path)
    questions = to_ask(q, values)
    assert {question.id for question in questions} >= set(LONG)
    args = ["run", "--answers", "mine.yaml", "--save", "mine.yaml"]
    terminal = Terminal(args, tmp_path, rows, columns)
    try:
        for n, question in enumerate(questions):
            mark = " " + msg("interview_required_mark", "en") if question.required else ""
            text = question.text("en") + mark
            screen = terminal.wait_for(text)
            if question.id in LONG:
                keys = asking.keys_lines(view_of(q, "en"), question, can_go_back=n > 0)[0]
                labels = [f"{i}. {c.label('en')}" for i, c in enumerate(question.choices, 1)]
                if n > 0:
                    labels.append(f"< {msg('interview_back', 'en')}")
                screen = terminal.press(DOWN * (len(labels) - 1), labels[-1])
                assert whole_lines(screen, text), dump(screen)
                assert whole_lines(screen, keys), dump(screen)
                # the pointer on it; no tick circle on Back, which cannot be ticked (issue 21)
                circle = "○ " if n == 0 else ""
                assert whole_lines(screen, f"> {circle}{labels[-1]}"), dump(screen)
            terminal.send(keys_for(question, values[question.id], values, q))

        review = [line for line in walk.review_lines(view_of(q, "en"), values) if line.question]
        terminal.wait_for(msg("interview_review_save", "en"))
        last = f"> {len(review)}. {review[-1].text}"
        screen = terminal.press(DOWN * len(review), last)
        assert whole_lines(screen, msg("interview_keys_single", "en")), dump(screen)
        assert whole_lines(screen, last), dump(screen)
    finally:
        terminal.close()
