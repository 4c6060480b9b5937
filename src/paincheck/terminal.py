"""The last guard before the terminal: no control character from data is written raw."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderableType, RenderHook
from rich.segment import Segment

from paincheck.display import printable

# Columns a summary is laid out in, whatever COLUMNS says: at 0 or 3 a panel is empty borders,
# at 99999999 Rich pads every line for minutes. Narrower text wraps; wider text is padded.
MIN_WIDTH = 40
MAX_WIDTH = 300


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
        for segment in console.render(self.inner, options):
            if segment.control is None:
                segment = Segment(printable(segment.text), segment.style)
            yield segment
