"""The last guard before the terminal: no control character from data is written raw."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    Group,
    RenderableType,
    RenderHook,
    RenderResult,
)
from rich.padding import Padding
from rich.pager import Pager
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from paincheck.text.display import printable

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


class Fitted:
    """A table where no word is cut short; on a screen too narrow for that (40 columns) the
    same rows one under another (`stacked`), so no status or number shows as "Un…"."""

    def __init__(self, table: Table, rows: list[list[Text]], stacked: RenderableType) -> None:
        self.table, self.stacked = table, stacked
        texts = [_text(c.header) for c in table.columns] + [cell for row in rows for cell in row]
        self.ellipses = sum(text.plain.count("…") for text in texts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Rich ends a word it cannot fit with "…": laid out once to see whether it would.
        lines = console.render_lines(self.table, options, pad=False)
        shown = sum(segment.text.count("…") for line in lines for segment in line)
        yield self.table if shown <= self.ellipses else self.stacked


def stacked_rows(
    table: Table, rows: list[list[Text]], *, joined: bool = False, labelled: bool = False
) -> RenderableType:
    """A table's rows one under another: the first cell in bold on its own line (`joined`:
    with the second after a colon, "Pain now (0-10): 7"), then the others indented, each
    after its column's heading (`labelled`: "Relief: 40%"); empty cells left out."""
    parts: list[RenderableType] = []
    if isinstance(table.title, Text):
        title = table.title.copy()
        title.stylize("bold")
        parts.append(title)
    headers = [_text(c.header) for c in table.columns]
    for first, *others in rows:
        head = first.copy()
        head.stylize("bold")
        names = headers[1:]
        if joined and others:
            head.append(": ")
            head.append_text(others.pop(0))
            names = names[1:]
        parts.append(head)
        for name, text in zip(names, others, strict=False):
            if not text.plain:
                continue
            if labelled:
                text = Text.assemble(name, ": ", text)
            parts.append(Padding(text, (0, 0, 0, 2)))
        parts.append(Text(""))
    return Group(*parts)


def _text(header: RenderableType) -> Text:
    return header if isinstance(header, Text) else Text(str(header))


class CheckedPager(Pager):
    """Runs the pager as pydoc does ($MANPAGER or $PAGER through the shell, so `less -S`
    works; else less or more), but notices when it fails: "sh: 1: lss: not found" alone
    would leave the person with nothing. Then the text is printed here, after
    `say_failed(the pager command)`."""

    def __init__(self, say_failed: Callable[[str], None]) -> None:
        self.say_failed = say_failed

    def show(self, content: str) -> None:
        import os
        import shutil
        import subprocess

        command = os.environ.get("MANPAGER") or os.environ.get("PAGER")
        command = command or next((p for p in ("less", "more") if shutil.which(p)), None)
        if command is None or not sys.stdout.isatty():  # printed, as pydoc does
            _print(content)
            return
        try:
            shown = subprocess.run(
                command, shell=True, input=content, text=True, errors="backslashreplace"
            )
        except KeyboardInterrupt:
            return  # Ctrl-C in the pager: the person has left it
        except OSError:
            shown = None
        if shown is None or shown.returncode != 0:
            self.say_failed(command)
            _print(content)


def _print(content: str) -> None:
    sys.stdout.write(content)
    sys.stdout.flush()
