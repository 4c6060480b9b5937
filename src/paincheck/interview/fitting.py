"""What of a prompt's lines fit the screen: wrapped between words, the parts dropped on a
short screen in a set order, and the parts never dropped or cut (the question, the keys
line, safety text such as a crisis line)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Protocol

from paincheck.text.display import printable

Lines = list[tuple[str, str]]  # (kind, text)


class _Line(Protocol):
    """What fitting reads of a list's line (a `prompts.Option`)."""

    @property
    def key(self) -> str: ...

    @property
    def label(self) -> str: ...


class Fittable(Protocol):
    """What fitting reads of a prompt (a `prompts.Prompt`, which imports this module): its
    kind, its lines and the lines of its list."""

    @property
    def kind(self) -> str: ...

    @property
    def lines(self) -> Sequence[tuple[str, str]]: ...

    @property
    def options(self) -> Sequence[_Line]: ...


# Lines of the text above a prompt, in the order they are dropped when the screen is too
# short: the question, the keys line and safety text always stay.
DROPPABLE = ("saving", "intro", "help", "progress", "anchors", "welcome")
SAFETY = "safety"  # a line kind never dropped; a screen of its own when it does not fit
KEPT_WHOLE = ("keys", SAFETY)  # never cut short, whatever else must be


def width() -> int:
    """The screen's width, less one column (a full last column makes some terminals wrap)."""
    from prompt_toolkit.application import get_app_or_none

    app = get_app_or_none()
    return (app.output.get_size().columns if app else 80) - 1


def wrap(lines: Sequence[tuple[str, str]], width: int) -> Lines:
    """The lines wrapped between words to `width` (20 at the least), each part its kind."""
    wrapped: Lines = []
    for kind, text in lines:
        for line in printable(text).split("\n"):
            parts = textwrap.wrap(line, max(20, width), break_on_hyphens=False) or [""]
            wrapped.extend((kind, part) for part in parts)
    return wrapped


def error_lines(error: str | None) -> list[str]:
    """The problem with the answer, wrapped between words to the screen's width."""
    if error is None:
        return []
    return [line for _, line in wrap([("error", f"! {error}")], width())]


def fitted_lines(prompt: Fittable, error: str | None) -> Lines:
    """The lines above the prompt, wrapped between words, without the parts that would push
    the question or the keys line off a short screen (`error`: the problem shown under it)."""
    from prompt_toolkit.application import get_app_or_none

    app = get_app_or_none()
    rows = (app.output.get_size().rows if app else 24) - len(error_lines(error))
    kinds = [k for k, _ in prompt.lines]
    labels = [f"{o.key:>3}. {o.label}" for o in prompt.options]  # as the list wraps them
    listed = sum(len(textwrap.wrap(label, max(20, width() - 6))) or 1 for label in labels)
    # a list keeps three lines where it can (it scrolls), one at the least
    room = rows - (1 if prompt.kind == "typed" else min(3, listed))
    if prompt.kind != "typed" and len(wrap(prompt.lines, width())) + listed > rows:
        kinds = [k for k in kinds if k != "saving"]  # a list that would scroll comes first
    for drop in (None, *DROPPABLE):
        kinds = [k for k in kinds if k != drop]
        lines = wrap([(k, t) for k, t in prompt.lines if k in kinds], width())
        if len(lines) <= room:
            return lines
    # Still too long: the list shrinks to one line; the keys line and safety text stay
    # whole, and the other lines fill what is left from the top.
    left = rows - 1 - sum(1 for kind, _ in lines if kind in KEPT_WHOLE)
    fitted: Lines = []
    for kind, text in lines:
        if kind in KEPT_WHOLE:
            fitted.append((kind, text))
        elif left > 0:
            fitted.append((kind, text))
            left -= 1
    return fitted


def safety_fits(prompt: Fittable, rows: int, columns: int) -> bool:
    """Whether the prompt's safety lines fit on a screen of this size beside what always
    stays (the question, the keys line, the box or three lines of the list) once the rest
    is dropped."""
    if prompt.kind == "panel" or not any(kind == SAFETY for kind, _ in prompt.lines):
        return True
    kept = [(k, t) for k, t in prompt.lines if k not in DROPPABLE]
    below = 1 if prompt.kind == "typed" else min(3, len(prompt.options))
    return len(wrap(kept, columns - 1)) + below <= rows
