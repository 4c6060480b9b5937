"""The warning panel: what it says and offers, and how it is shown full screen.

Shown at once after a warning sign (the checklist's, or the trial diary's safety check), and
first when answers already hold an urgent sign. The wording comes from the questions folder
(`flags:` in rules.yaml); the pure functions at the top make it a `prompts.Prompt` of kind
"panel", which `ask_panel` draws with prompt_toolkit: the heading pinned on the top line, the
advice scrolling under it, the choices and the keys line at the bottom, and no key acting in
the first half second. `--plain` shows the same prompt as lines (`asking.ask_plain`).
"""

from __future__ import annotations

import re
import textwrap
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from paincheck.answers.checking import shown_questions
from paincheck.formats.warning_signs import URGENT, warning_panel_lines
from paincheck.interview.fitting import width, wrap
from paincheck.interview.prompts import (
    BACK_KEY,
    Prompt,
    Step,
    _choice,
    _list_window,
    _run,
    option,
)
from paincheck.questionnaire import Question, Questionnaire
from paincheck.questionnaire.conditions import Value
from paincheck.questionnaire.view import View
from paincheck.text.display import printable

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Window

    from paincheck.evaluation import Assessment

GO_ON = Step("go on")
STOP = Step("stop")  # "Stop here and get care now"
MISTAKE = Step("mistake")  # "I ticked this by mistake": back to the question
PANEL_GUARD = 0.5  # seconds a warning panel ignores keys once drawn (a quick second Enter)
PINNED = "banner"  # a panel's lines of this kind stay on the top line; the others scroll


# -- what it says and offers (pure) -----------------------------------------------------


@dataclass(frozen=True)
class Occasion:
    """What the screens say about the occasion of the asking (the checklist: nothing more).

    The trial diary names the day: `banner` on every screen (e.g. "These questions are about
    Friday 4 December"), the panel's `go_on` choice, an `extra` line under its advice (an
    earlier day), and `review_notes` worked out from the answers for the review screen.
    """

    banner: str | None = None
    go_on: str | None = None
    extra: str | None = None
    review_notes: Callable[[Mapping[str, Value]], list[str]] | None = None

    def top(self) -> list[tuple[str, str]]:
        """The line on top of every screen, if any, as (kind, text)."""
        return [("day", printable(self.banner))] if self.banner else []

    def notes(self, values: Mapping[str, Value]) -> list[tuple[str, str]]:
        """The review's notes for these answers, as (kind, text)."""
        found = self.review_notes(values) if self.review_notes is not None else []
        return [("note", printable(note)) for note in found]


PLAIN_OCCASION = Occasion()  # the checklist: nothing said beyond the questions


def flagged_choices(question: Question, value: Value) -> list[str]:
    """The chosen choices that carry a flag (such as an urgent warning sign)."""
    chosen = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return [c for c in chosen if (choice := question.choice(str(c))) and choice.flag]


def panel_prompt(
    assessment: Assessment,
    view: View,
    *,
    plain: bool = False,
    go_on: str | None = None,
    extra: str | None = None,
) -> Prompt:
    """The warning panel as a prompt. With an urgent sign: stop (first, and Enter alone),
    go on (`go_on`: its words, default "Go on with the checklist"), or "I ticked this by
    mistake"; soon signs only: Enter goes on, `<` goes back. `extra`: a line under the
    flag's message (the diary's earlier day)."""
    lines = warning_panel_lines(assessment, view, extra=extra)
    go_on = go_on or view.msg("interview_panel_go_on")
    mode = "plain_" if plain else ""
    if assessment.warning_signs.get(URGENT):
        options = [
            option(STOP, view.msg("interview_panel_stop"), "1"),
            option(GO_ON, go_on, "2"),
            option(MISTAKE, view.msg("interview_panel_mistake"), "3"),
        ]
        keys = view.msg(f"interview_{mode}panel_keys")
        back: Step | None = None
    else:
        options = [option(GO_ON, go_on, "1")]
        keys = view.msg(f"interview_{mode}panel_keys_soon")
        back = MISTAKE
    lines += [("more", view.msg("interview_panel_more")), ("keys", keys)]
    unknown = partial(view.msg, "interview_plain_unknown")  # typed=...
    return Prompt(
        lines,
        "panel",
        options,
        pointer=options[0].value,
        back=back,
        guard=PANEL_GUARD,
        unknown_key=lambda typed: unknown(typed=typed),
        full_screen=ask_panel,
    )


def urgent_question(questionnaire: Questionnaire, values: Mapping[str, Value]) -> Question | None:
    """The first shown question whose answer holds an urgent sign, if any."""
    shown, kept = shown_questions(questionnaire, values)
    for question in shown:
        chosen = flagged_choices(question, kept.get(question.id))
        if any((c := question.choice(ch)) and c.flag == URGENT for ch in chosen):
            return question
    return None


# -- full screen ----------------------------------------------------------------------------


def ask_panel(prompt: Prompt, common: dict[str, Any]) -> Any:
    """A warning panel full screen: its heading stays on top at any size, the advice scrolls
    (PgDn, PgUp, Space) under it, and Enter takes the highlighted choice. Keys typed before
    it was drawn, or within `prompt.guard` seconds after, do nothing: a quick second Enter
    meant for the question before never chooses here."""
    import questionary
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.input.typeahead import clear_typeahead

    choices = [_choice(o) for o in prompt.options]
    question = questionary.select("", choices, instruction="", pointer=">", qmark="", **common)
    app = question.application
    lists = _list_window(app, prompt)  # questionary's list, as the other lists show it
    state: dict[str, Any] = {"shown_at": None, "top": 0}

    def drawn(_: object) -> None:
        if state["shown_at"] is None:
            state["shown_at"] = time.monotonic()

    app.after_render += drawn
    if prompt.guard:
        app.pre_run_callables.append(lambda: clear_typeahead(app.input))  # typed before: gone

    def guarded() -> bool:
        shown_at = state["shown_at"]
        return bool(prompt.guard) and (
            shown_at is None or time.monotonic() - shown_at < prompt.guard
        )

    ready = ~Condition(guarded)
    # Semi-internal as in `ask`: questionary's own keys are replaced, not merged, so that
    # nothing but these acts on the panel (and nothing at all during the guard).
    app.key_bindings = _panel_bindings(prompt, state, ready, lists)
    app.layout = _panel_layout(prompt, state, lists)
    return _run(question, prompt)


def _panel_bindings(
    prompt: Prompt, state: dict[str, Any], ready: Any, lists: Window
) -> KeyBindings:
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    ic: Any = lists.content
    bindings = KeyBindings()
    count = len(prompt.options)

    @bindings.add("up", eager=True, filter=ready)
    def _up(event: KeyPressEvent) -> None:
        ic.pointed_at = (int(ic.pointed_at) - 1) % count

    @bindings.add("down", eager=True, filter=ready)
    def _down(event: KeyPressEvent) -> None:
        ic.pointed_at = (int(ic.pointed_at) + 1) % count

    for key, index in prompt.keys.items():
        if key != BACK_KEY:

            @bindings.add(key, eager=True, filter=ready)
            def _point(event: KeyPressEvent, index: int = index) -> None:
                ic.pointed_at = index

    @bindings.add("enter", eager=True, filter=ready)
    @bindings.add("c-j", eager=True, filter=ready)
    def _enter(event: KeyPressEvent) -> None:
        ic.is_answered = True
        event.app.exit(result=prompt.options[int(ic.pointed_at)].value)

    if prompt.back is not None:

        @bindings.add(BACK_KEY, eager=True, filter=ready)
        def _back(event: KeyPressEvent) -> None:
            event.app.exit(result=prompt.back)

    @bindings.add("pagedown", eager=True)
    @bindings.add(" ", eager=True)
    def _more(event: KeyPressEvent) -> None:
        state["top"] += max(1, state.get("room", 1) - 1)

    @bindings.add("pageup", eager=True)
    def _less(event: KeyPressEvent) -> None:
        state["top"] = max(0, state["top"] - max(1, state.get("room", 1) - 1))

    @bindings.add("c-c", eager=True)
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    @bindings.add("c-d", eager=True)
    def _end(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError())

    return bindings


Lines = list[tuple[str, str]]  # (kind, text) to draw


class _Fit:
    """What of a panel's lines fits the screen now: the advice from `state["top"]` (its
    scrolling position, kept in range here), and the line that says there is more."""

    def __init__(self, prompt: Prompt, state: dict[str, Any], choice_rows: int) -> None:
        self.prompt, self.state, self.choice_rows = prompt, state, choice_rows
        kinds: dict[str, Lines] = {PINNED: [], "question": [], "keys": [], "more": [], "": []}
        for kind, text in prompt.lines:
            kinds[kind if kind in kinds else ""].append((kind, text))
        self.pinned, self.asked, self.keys = kinds[PINNED], kinds["question"], kinds["keys"]
        self.more, self.text = kinds["more"], kinds[""]
        self.drawn: dict[int, Lines] = {}  # the prompt's drawn lines, once per width

    def _body(self, columns: int) -> Lines:
        if self.prompt.drawn is not None and columns not in self.drawn:
            self.drawn[columns] = [("body", line) for line in self.prompt.drawn(columns)]
        return _wrap_hanging(self.text, columns) + self.drawn.get(columns, [])

    def advice(self) -> tuple[Lines, Lines]:
        """The advice lines shown, and the "more" line (empty when all of it shows)."""
        from prompt_toolkit.application import get_app

        rows, columns = get_app().output.get_size().rows, width()
        fixed = self.choice_rows
        fixed += sum(len(wrap(part, columns)) for part in (self.pinned, self.asked, self.keys))
        lines = self._body(columns)
        room = max(0, rows - fixed)
        hint: Lines = []
        if len(lines) > room:
            hint = wrap(self.more, columns)[: max(0, room - 1)]
            room = max(0, room - len(hint))
        top = max(0, min(self.state["top"], len(lines) - room))
        self.state["top"], self.state["room"] = top, room
        return lines[top : top + room], hint


def _panel_layout(prompt: Prompt, state: dict[str, Any], lists: Window) -> Any:
    """The pinned heading, the advice (the part that fits), a line that says there is more,
    the choices and the keys line; nothing once answered."""
    from prompt_toolkit.filters import is_done, to_filter
    from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.layout.dimension import Dimension

    ic: Any = lists.content
    lists.dont_extend_height = to_filter(True)  # the keys line right under the choices
    fit = _Fit(prompt, state, sum(str(c.title).count("\n") + 1 for c in ic.choices))

    def tokens(lines: Lines) -> StyleAndTextTuples:
        out: StyleAndTextTuples = []
        for kind, line in lines:
            out.extend([(f"class:{kind}", line), ("", "\n")])
        return out[:-1]

    def window(lines: Callable[[], Lines]) -> Any:
        return ConditionalContainer(
            Window(
                FormattedTextControl(lambda: tokens(lines())),
                height=lambda: Dimension.exact(len(lines())),
                dont_extend_height=True,
            ),
            filter=~is_done,
        )

    parts = [
        window(lambda: wrap(fit.pinned, width())),
        window(lambda: fit.advice()[0]),
        window(lambda: fit.advice()[1]),
        window(lambda: wrap(fit.asked, width())),
        ConditionalContainer(lists, filter=~is_done),
        window(lambda: wrap(fit.keys, width())),
    ]
    return Layout(HSplit(parts), focused_element=lists)


_HANGING = re.compile(r"\s*(?:(?:[-*•]|->|→)\s+)*")


def _wrap_hanging(lines: Sequence[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """Like `fitting.wrap`, the wrapped part of an indented or bulleted line kept under its text."""
    wrapped: list[tuple[str, str]] = []
    for kind, text in lines:
        for line in printable(text).split("\n"):
            indent = " " * min(width // 2, len(line) - len(_HANGING.sub("", line, count=1)))
            parts = textwrap.wrap(line, max(20, width), subsequent_indent=indent) or [""]
            wrapped.extend((kind, part) for part in parts)
    return wrapped
