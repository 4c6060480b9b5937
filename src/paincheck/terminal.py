"""The last guard before the terminal: no control character from data is written raw."""

from __future__ import annotations

import os
from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderableType, RenderHook
from rich.segment import Segment
from rich.style import Style

from paincheck.display import printable

# Columns a summary is laid out in, whatever COLUMNS says: at 0 or 3 a panel is empty borders,
# at 99999999 Rich pads every line for minutes. Narrower text wraps; wider text is padded.
MIN_WIDTH = 40
MAX_WIDTH = 300


def no_color() -> bool:
    """Whether the person asked for no colour (no-color.org: NO_COLOR set and not empty).
    Colour is then left out (Rich and prompt_toolkit do that), and italics too: slanted
    text is hard to read for some, and no meaning rests on it. Bold and reverse video stay
    (the highlighted line of a list is shown in reverse video)."""
    return bool(os.environ.get("NO_COLOR"))


def sane_width(width: int) -> int:
    """`width` brought into the range a summary can be laid out in."""
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


class VisibleText(RenderHook):
    """Shows control characters in any text a console prints; Rich's own styling is kept.

    Renderables build their text with `display.plain`; this catches one that did not, so an
    escape sequence from a file never reaches the terminal raw.
    """

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Visible(renderable) for renderable in renderables]


class _Visible:
    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        upright = no_color()
        for segment in console.render(self.inner, options):
            if segment.control is None:
                style = segment.style
                if upright and style is not None and style.italic:
                    style += _UPRIGHT
                segment = Segment(printable(segment.text), style)
            yield segment


_UPRIGHT = Style(italic=False)
