"""Randomised: typing, going back and typing again on number boxes, text boxes, lists and
tick lists, at 80x24 and 40x12. Whatever the order, the saved file holds exactly the last
value typed or ticked for each question, and nothing for a question only passed with Enter
(or skipped).

The trial diary's daily form has every kind of prompt: a required tick list (the safety
check; only "None of these" is ticked here, the others bring up the urgent panel), number
boxes (one required), a list of offered numbers (relief 0, 10, ... 100), a tick list with an
exclusive choice, two one-answer lists and a text box. A `Model` turns random moves into the keys a person would
press on each prompt, and says what must be saved. The same keys go to the interview
in-process (a pipe terminal that answers cursor-position requests, many examples) and to
the installed `paincheck diary add` inside tmux (a real terminal, a few examples a run)."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paincheck.answers.checking import Answers
from paincheck.answers.loading import load_answers
from paincheck.diary.store import diary_form_folder, load_diary, new_diary
from paincheck.errors import InterviewInterrupted
from paincheck.interview import walk
from paincheck.interview.day import day_form
from paincheck.questionnaire import Question, load_questionnaire
from paincheck.questionnaire.conditions import Value
from tests.helpers.terminals import PipeTerminal, Tmux, environment, paincheck_command, tmux_or_skip
from tests.helpers.views import view_of

ENTER, UP, DOWN, CLEAR, BACK = "\r", "\x1b[A", "\x1b[B", "\x15", "<"
SIZES = [(24, 80), (12, 40)]
FORM = load_questionnaire(diary_form_folder())
QUESTIONS = list(FORM.questions)
# As `diary add` words them for the first day of a diary (the safety check names it).
TODAY = date.today()
SHOWN = day_form(view_of(FORM, "en"), new_diary(FORM, None), TODAY, TODAY)

# A move: what to do on the prompt on screen, and a number that picks the values.
KINDS = ("answer", "answer", "retype", "pass", "back", "skip")
moves = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 10**6)), max_size=10)
texts = st.text("abcdefghij éñ.,'<-", min_size=1, max_size=12).filter(
    lambda t: bool(t.strip()) and not t.startswith(BACK)
)


@dataclass
class Model:
    """The walk through the form as a person does it: which prompt is on screen, the keys
    pressed on each (one string per prompt), and what must be saved."""

    texts: list[str]
    at: int = 0
    values: dict[str, Value] = field(default_factory=dict)
    prompts: list[str] = field(default_factory=list)  # the keys for each prompt, in order
    screens: list[str] = field(default_factory=list)  # the text that shows each prompt

    def play(self, plan: list[tuple[str, int]]) -> None:
        for kind, number in plan:
            if self.at == len(QUESTIONS):
                break
            self.prompt(kind, number)
        while self.at < len(QUESTIONS):  # then on to the review: Enter, or an answer if needed
            self.prompt("pass", 0)
        self.prompts.append(ENTER)  # the review: "Save my answers and finish"
        self.screens.append(FORM.message("interview_review_save"))

    def prompt(self, kind: str, number: int) -> None:
        question = QUESTIONS[self.at]
        shown = SHOWN.question(question.id)
        self.screens.append((shown or question).text("en"))
        keys = ""
        if kind == "back" and self.at > 0:
            self.prompts.append(BACK)
            self.at -= 1
            return
        if kind == "skip" and _is_list(question) and not question.required:
            self.prompts.append("-" + ENTER)
            self.values.pop(question.id, None)
            self.at += 1
            return
        if kind == "pass" and (question.id in self.values or not question.required):
            self.prompts.append(ENTER)  # keeps an answer shown; a new optional one: skipped
            self.at += 1
            return
        if kind == "pass":  # required and new: asked again (with its message), then answered
            keys, kind = ENTER, "answer"
        if kind == "retype":
            first, _ = self.typed(question, number // 7)
            keys += first + (CLEAR if _is_box(question) else DOWN + UP)
        typed, value = self.typed(question, number)
        if question.type == "multi" and kind == "retype":
            typed, value = self.typed(question, number, start=self.ticks_after(first, question))
        self.prompts.append(keys + typed + ENTER)
        if value is None and question.required:  # (a tick list left empty: not here)
            raise AssertionError("a required question left empty")
        if value is None:
            self.values.pop(question.id, None)
        else:
            self.values[question.id] = value
        self.at += 1

    def typed(
        self, question: Question, number: int, start: list[str] | None = None
    ) -> tuple[str, Value]:
        """The keys that give a value to `question`, and that value (None: no answer)."""
        if question.type == "text":
            text = self.texts[number % len(self.texts)]
            return text, text.strip()
        if question.step is not None:  # offered numbers: 70, or just 7 for 70
            tens = number % 11
            short = number % 2 == 0 and tens < 10  # 7 for 70 (but 10 is 10, not 100)
            return (str(tens) if short else str(tens * 10)), tens * 10
        if question.type == "integer":
            assert question.min is not None and question.max is not None
            value = question.min + number % (question.max - question.min + 1)
            return str(value), value
        choices = [c.id for c in question.choices]
        if question.type == "single":
            pick = number % len(choices)
            return str(pick + 1), choices[pick]
        ticked = list(start if start is not None else self.ticked_now(question))
        allowed = [n for n, c in enumerate(question.choices) if not c.flag]  # no urgent panel
        keys = ""
        for step in range(1 + number % 3):  # one to three ticks or unticks
            pick = allowed[(number // (step + 1) * 31 + step) % len(allowed)]
            keys += f"{pick + 1} "
            ticked = walk.toggle_choice(question, ticked, choices[pick])
        if not ticked and question.required:  # all unticked: tick one again
            keys += f"{allowed[0] + 1} "
            ticked = [choices[allowed[0]]]
        return keys, (ticked or None)

    def ticked_now(self, question: Question) -> list[str]:
        current = self.values.get(question.id)
        return [str(c) for c in current] if isinstance(current, list) else []

    def ticks_after(self, keys: str, question: Question) -> list[str]:
        ticked = self.ticked_now(question)
        choices = [c.id for c in question.choices]
        for key in keys.split():
            ticked = walk.toggle_choice(question, ticked, choices[int(key) - 1])
        return ticked


def _is_box(question: Question) -> bool:
    return question.type in ("text", "integer") and question.step is None


def _is_list(question: Question) -> bool:
    return not _is_box(question)


def run_in_process(model: Model, rows: int, columns: int, folder: Path) -> dict[str, Value]:
    path = folder / "day.yaml"
    path.unlink(missing_ok=True)
    with PipeTerminal(model.prompts, rows, columns) as terminal:
        try:
            answers = walk.run_interview(
                view_of(FORM, "en"), Answers(), path, input=terminal.input, output=terminal.output
            )
        except InterviewInterrupted:
            pytest.fail("the keys did not reach the end:\n" + "\n".join(terminal.last_screen))
    saved = load_answers(FORM, path).answers
    assert (saved.status, saved.values) == ("complete", answers.values)
    return dict(answers.values)


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("rows", "columns"), SIZES)
@settings(
    max_examples=max(12, settings().max_examples // 8),  # an example: ~0.2 s; thorough: 125
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(plan=moves, text_values=st.lists(texts, min_size=1, max_size=3))
def test_what_is_saved_is_the_last_thing_typed_in_process(
    rows: int, columns: int, plan: list[tuple[str, int]], text_values: list[str]
) -> None:
    model = Model(text_values)
    model.play(plan)
    with tempfile.TemporaryDirectory() as folder:
        assert run_in_process(model, rows, columns, Path(folder)) == model.values


@pytest.mark.pty
@pytest.mark.timeout(120)
@pytest.mark.parametrize(("rows", "columns"), SIZES)
@settings(
    max_examples=max(2, settings().max_examples // 50),  # an example: ~2 s; thorough: 20
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(plan=moves, text_values=st.lists(texts, min_size=1, max_size=2))
def test_what_is_saved_is_the_last_thing_typed_in_tmux(
    rows: int, columns: int, plan: list[tuple[str, int]], text_values: list[str]
) -> None:
    tmux_or_skip()
    model = Model(text_values)
    model.play(plan)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {**environment(folder), "COLUMNS": str(columns), "LINES": str(rows)}
        started = subprocess.run(
            [paincheck_command(), "diary", "start", "trial.yaml"],
            cwd=folder,
            env=env,
            capture_output=True,
            check=False,
        )
        assert started.returncode == 0, started.stderr
        terminal = Tmux(
            [paincheck_command(), "diary", "add", "trial.yaml"], folder, env, rows, columns
        )
        try:
            for screen, keys in zip(model.screens, model.prompts, strict=True):
                shown = terminal.wait_for(screen)
                assert " ".join(screen.split()) in " ".join(" ".join(shown).split()), shown
                terminal.type(keys)
            assert terminal.exit_code() == 0, terminal.lines()
        finally:
            terminal.close()
        diary = load_diary(FORM, folder / "trial.yaml", date.today()).diary
        assert dict(diary.entries[0].answers) == model.values
