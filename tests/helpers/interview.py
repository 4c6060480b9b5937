"""The interview in-process, as a patient types it: the keys for given answers, typed into
prompt_toolkit's pipe input (after each warning panel, once it takes keys), and a screen that
shows what was drawn."""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyte
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from paincheck.answers.checking import Answers, shown_questions
from paincheck.answers.loading import load_answers
from paincheck.evaluation import evaluate
from paincheck.interview import closing, panel, prompts, walk
from paincheck.questionnaire import Question, Questionnaire, load_questionnaire
from paincheck.questionnaire.conditions import Value
from tests.helpers import PERSONAS
from tests.helpers.views import view_of

ENTER = "\r"
DOWN = "\x1b[B"
BACKSPACE = "\x7f"
CTRL_C = "\x03"


# In a list of keys: the keys after PANEL are typed once the next warning panel is on screen
# and its half second has passed (keys typed before then do nothing there); keys after DRAWN
# (before a PANEL) as soon as it is on screen.
PANEL = "\0panel\0"
DRAWN = "\0drawn\0"
GO_ON = "2" + ENTER  # on the urgent panel: "Go on with the checklist" (Enter alone: stop)


def keys_for(
    question: Question, value: Value, so_far: Mapping[str, Value], q: Questionnaire
) -> str:
    """The keys a patient presses to give `value` (None: skip) to one question."""
    if question.type in ("text", "integer"):
        if value is None:
            return ENTER
        text = str(value)
        return text.replace("\n", ENTER) + ENTER + (ENTER if question.multiline else "")
    if question.type == "single":
        ids = [choice_id for choice_id, _ in walk.choice_labels(view_of(q, "en"), question, so_far)]
    else:
        ids = [c.id for c in question.choices]
    if value is None:  # the Skip line comes right after the last choice
        return f"{len(ids)}{DOWN}{ENTER}"
    if question.type == "single":
        return f"{ids.index(str(value)) + 1}{ENTER}"
    assert isinstance(value, list)
    return "".join(f"{ids.index(v) + 1} " for v in value) + ENTER


def typed_walk(
    q: Questionnaire,
    target: Mapping[str, Value],
    given: Mapping[str, Value] | None = None,
    until: str | None = None,
) -> list[str]:
    """One key string per prompt for answering `target` (skipping what it leaves out), then
    saving; `given`: answers the interview starts with; `until`: stop before this question."""
    so_far: dict[str, Value] = dict(given or {})
    prompts = []
    for question in q.questions:
        if question.id == until:
            return prompts
        shown, _ = shown_questions(q, so_far)
        if question not in shown or question.id in (given or {}):
            continue
        value = target.get(question.id)
        prompts.append(keys_for(question, value, so_far, q))
        if value is not None:
            so_far[question.id] = value
            if walk.flagged_choices(question, value):
                prompts.append(PANEL + panel_go_on(q, question, value))
    prompts.append(ENTER)  # the review: "Save my answers and finish"
    return prompts


def panel_go_on(q: Questionnaire, question: Question, value: Value) -> str:
    """The keys that go on from the panel after `value`: "2" with an urgent sign (Enter
    alone would stop), Enter on the soon-only panel."""
    chosen = value if isinstance(value, list) else [value]
    urgent = any((c := question.choice(str(v))) and c.flag == "urgent" for v in chosen)
    return GO_ON if urgent else ENTER


Typed = str | Callable[[], object]  # keys, or something done at that point (a look)


@contextmanager
def typing(pipe: Any, keys: Sequence[Typed] | str) -> Iterator[None]:
    """Type `keys` into the pipe: up to the first marker at once; after each PANEL or
    DRAWN, once the next panel is ready (see PANEL and DRAWN), each key string, and each
    callable called in turn; then the input ends (a missing key fails fast, with end of
    input)."""
    items: list[Typed] = [keys] if isinstance(keys, str) else list(keys)
    split: list[Typed] = []
    for item in items:  # markers inside a string of keys are items of their own
        split += (
            [p for p in re.split(f"({PANEL}|{DRAWN})", item) if p]
            if isinstance(item, str)
            else [item]
        )
    start = next((n for n, item in enumerate(split) if item in (PANEL, DRAWN)), len(split))
    first, later = split[:start], split[start:]
    assert all(isinstance(item, str) for item in first)
    panels: list[list[Typed]] = []  # each panel's items, from its first marker
    for item in later:  # a PANEL after a DRAWN is for the same panel
        opened = panels and panels[-1][0] == DRAWN and PANEL not in panels[-1]
        if item == DRAWN or (item == PANEL and not opened):
            panels.append([])
        panels[-1].append(item)

    def send(state: dict[str, Any], guard: float, items: list[Typed], last: bool) -> None:
        for item in items:
            if item in (PANEL, DRAWN):
                wait = guard + 0.05 if item == PANEL else 0.0
                while state["shown_at"] is None or time.monotonic() - state["shown_at"] < wait:
                    time.sleep(0.02)
            elif isinstance(item, str):
                pipe.send_text(item)
            else:
                item()
        if last:
            pipe.close()

    original = panel._panel_layout

    def layout(prompt: prompts.Prompt, state: dict[str, Any], lists: Any) -> Any:
        if panels:
            args = (state, prompt.guard, panels.pop(0), not panels)
            threading.Thread(target=send, args=args, daemon=True).start()
        return original(prompt, state, lists)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(panel, "_panel_layout", layout)
        pipe.send_text("".join(str(item) for item in first))
        if not panels:
            pipe.close()
        yield


START = ["Ana" + ENTER, "52" + ENTER, "1" + ENTER]  # name, age, completed_by


PAIN = {  # the required pain questions, low back only
    "pain_locations": ["low_back"],
    "pain_duration": "over_5_years",
    "pain_onset": "no_clear_cause",
    "pain_now": 4,
    "pain_average": 4,
}


def answered_in_full(q: Questionnaire) -> Answers:
    """The foot persona with every shown question answered (it predates crps_diagnosis)."""
    persona = load_answers(q, PERSONAS / "foot-after-fracture.yaml").answers
    return Answers({**persona.values, "crps_diagnosis": "not_sure"})


def finished(q: Questionnaire, keys: str, tmp_path: Path, *, plain: bool = False) -> None:
    """What `finish` prints after the review when `keys` are typed at its menu."""
    from rich.console import Group

    assessment = evaluate(q, load_answers(q, PERSONAS / "knee-urgent.yaml").answers)
    later = "paincheck export mine.yaml"
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        closing.finish(
            assessment,
            tmp_path / "mine.yaml",
            view_of(assessment, "en"),
            summary=Group("THE WHOLE SUMMARY"),
            later=later,
            input=pipe,
            output=DummyOutput(),
            plain=plain,
        )


URGENT_SIGNS = [  # every urgent sign of the shipped checklist
    c.id
    for c in load_questionnaire().question("warning_signs").choices  # type: ignore[union-attr]
    if c.flag == "urgent"
]


def before_the_signs(q: Questionnaire) -> dict[str, Value]:
    """Answers to every question shown before the warning signs (a persona's, the first
    choice or the lowest number for the others): the interview starts at the signs."""
    from paincheck.answers.checking import shown_questions

    values = dict(load_answers(q, PERSONAS / "back-recent.yaml").answers.values)
    order = [question.id for question in q.questions]
    values = {k: v for k, v in values.items() if k in order[: order.index("warning_signs")]}
    for question in q.questions[: order.index("warning_signs")]:
        if question.id in values or question not in shown_questions(q, values)[0]:
            continue
        if question.type == "text":
            values[question.id] = "Ana"
        elif question.type == "integer":
            values[question.id] = question.min or 0
        else:
            first = question.choices[0].id
            values[question.id] = [first] if question.type == "multi" else first
    return values


class Screen:
    """A terminal of `rows` x `columns` that prompt_toolkit writes to; `look` keeps what it
    shows at that moment (a pyte screen fed with everything written so far)."""

    def __init__(self, rows: int = 24, columns: int = 80) -> None:
        self.rows, self.columns = rows, columns
        self.written = io.StringIO()
        self.output = Vt100_Output(self.written, lambda: Size(rows, columns), term="xterm")
        self.looks: list[list[str]] = []

    def look(self) -> None:
        screen = pyte.Screen(self.columns, self.rows)
        pyte.Stream(screen).feed(self.written.getvalue())
        self.looks.append([line.rstrip() for line in screen.display])

    def look_soon(self) -> None:
        """Look once the keys just sent have been drawn."""
        time.sleep(0.2)
        self.look()


def signs(q: Questionnaire, *ids: str) -> str:
    """The keys that tick these warning signs and press Enter."""
    question = q.question("warning_signs")
    assert question is not None
    return keys_for(question, list(ids), {}, q)


def words(lines: Sequence[str]) -> str:
    return " ".join(" ".join(lines).split())
