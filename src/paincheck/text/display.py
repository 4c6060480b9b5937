"""Text from files made safe to show: control characters visible, never sent to a terminal.

Answers, questions folders and file names come from someone else. Printed raw, an escape
sequence in them could write the clipboard (OSC 52), hide a link (OSC 8) or hide text
(SGR 8). Every output path passes such text through `printable` before showing it.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# C0 and C1 controls (but line feed and tab, which multi-line answers keep), DEL, the
# Unicode bidirectional overrides and isolates that can reorder what a reader sees, and lone
# surrogates: Python's stand-ins for the bytes of a file name that is not UTF-8 (`Jos\xe9`
# in Latin-1), which no UTF-8 output, file or terminal can hold.
# Compiled at its first use (re keeps it): most text has none of these, which `_has_unsafe`
# sees without the pattern, and compiling it is half a millisecond of every start.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
# A byte of a name that is not UTF-8 arrives as U+DC80-U+DCFF (the "surrogateescape" error
# handler): shown as the byte it stands for.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def _has_unsafe(text: str) -> bool:
    """Whether `text` holds a character `printable` shows as an escape (line feed and tab aside)."""
    # Each one is a control or format character, and str.isprintable() refuses both kinds.
    if text.replace("\n", "").replace("\t", "").isprintable():
        return False
    return re.search(_UNSAFE, text) is not None


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character shown as an escape (`\\x1b`), never executed.

    With `one_line`, line feeds and tabs are shown as `\\n` and `\\t` too (for file names
    and values quoted inside a message).
    """
    if one_line:
        text = text.replace("\\", "\\\\") if _needs_quoting(text) else text
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return re.sub(_UNSAFE, _visible, text) if _has_unsafe(text) else text


def json_text(value: object) -> str:
    """`value` as indented JSON for a terminal: every character kept, but the controls JSON
    leaves raw (DEL, C1, bidirectional overrides) written as \\u escapes, which read back
    the same."""
    import json

    text = json.dumps(value, indent=2, ensure_ascii=False)
    if not _has_unsafe(text):
        return text
    return re.sub(_UNSAFE, lambda match: f"\\u{ord(match.group()):04x}", text)


def plain(text: str, style: str = "") -> Text:
    """Text from a file as Rich shows it: as written (never read as markup such as
    `[link=...]`), with control characters visible."""
    from rich.text import Text

    return Text(printable(text), style=style)


def shortened(text: str, limit: int = 40) -> str:
    """`text` cut to about `limit` characters ("..." marks the cut), control characters shown.

    For a value echoed in a message: a hostile file can hold a 900 kB key.
    """
    cut = text if len(text) <= limit else text[: max(limit - 3, 1)] + "..."
    return printable(cut, one_line=True)


MAX_LISTED = 20  # problems of one kind listed before "and N more"

_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = 40
_SHORT_REPR.maxlist = _SHORT_REPR.maxdict = _SHORT_REPR.maxtuple = 4


def shown_value(value: object) -> str:
    """Any value from a file as a message shows it (`'no'`, `[1, 2, ...]`): short, one line,
    made without building the whole text of a huge value."""
    return printable(_SHORT_REPR.repr(value), one_line=True)


def quoted(text: str, limit: int = 40) -> str:
    """A value from a file as a message quotes it: shortened, visible, in single quotes."""
    return f"'{shortened(text, limit)}'"


class DistinctKey:
    """A mapping key that YAML reads as its own key but Python would take for another one in
    the same mapping (`true` beside `1`, `1.0` beside `1`: equal in Python, not in YAML).
    Kept apart, so each is reported as the file wrote it; equal only to itself."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __repr__(self) -> str:
        return key_as_written(self.value)


def key_as_written(key: object, *, quote: bool = False) -> str:
    """A mapping key as the file wrote it: `1` and `true` stay 1 and true, never "True"."""
    if isinstance(key, DistinctKey):
        return repr(key)
    if isinstance(key, bool):
        return str(key).lower()
    if isinstance(key, str):
        return quoted(key, 60) if quote else shortened(key, 60)
    return shown_value(key)


def file_name(name: str) -> str:
    """A file name as a message shows it: as written, or quoted with its control characters
    visible, so a name holding a line break cannot forge a line of output."""
    return f"'{printable(name, one_line=True)}'" if _needs_quoting(name) else name


def _needs_quoting(text: str) -> bool:
    return "\n" in text or "\t" in text or _has_unsafe(text)


def describe_value(value: object) -> str:
    """A value as an error message shows it: short, with its kind."""
    if isinstance(value, DistinctKey):
        value = value.value
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, float):
        return f"{value} (a decimal number)"
    if isinstance(value, str):
        return quoted(value)
    return f"{shown_value(value)} ({type(value).__name__})"


# -- "did you mean" ------------------------------------------------------------------------


# A hostile name can be huge: only its start is compared.
_COMPARED = 80


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the known name closest to `name`, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(name[:_COMPARED], list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
