"""Text from files made safe to show: control characters visible, never sent to a terminal.

Answers, questions folders and file names come from someone else. Printed raw, an escape
sequence in them could write the clipboard (OSC 52), hide a link (OSC 8) or hide text
(SGR 8). Every output path passes such text through `printable` before showing it.
"""

from __future__ import annotations

import re

# C0 and C1 controls (but line feed and tab, which multi-line answers keep), DEL, and the
# Unicode bidirectional overrides and isolates that can reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character shown as an escape (`\\x1b`), never executed.

    With `one_line`, line feeds and tabs are shown as `\\n` and `\\t` too (for file names
    and values quoted inside a message).
    """
    if one_line:
        text = text.replace("\\", "\\\\") if _needs_quoting(text) else text
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return _UNSAFE.sub(_visible, text)


def shortened(text: str, limit: int = 40) -> str:
    """`text` cut to about `limit` characters ("..." marks the cut), control characters shown.

    For a value echoed in a message: a hostile file can hold a 900 kB key.
    """
    cut = text if len(text) <= limit else text[: max(limit - 3, 1)] + "..."
    return printable(cut, one_line=True)


def quoted(text: str, limit: int = 40) -> str:
    """A value from a file as a message quotes it: shortened, visible, in single quotes."""
    return f"'{shortened(text, limit)}'"


def file_name(name: str) -> str:
    """A file name as a message shows it: as written, or quoted with its control characters
    visible, so a name holding a line break cannot forge a line of output."""
    return f"'{printable(name, one_line=True)}'" if _needs_quoting(name) else name


def _needs_quoting(text: str) -> bool:
    return "\n" in text or "\t" in text or _UNSAFE.search(text) is not None
