"""The "did you mean" hint for a mistyped name: one way to find it, one way to say it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# A hostile name can be huge: only its start is compared.
_COMPARED = 80


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the known name closest to `name`, or "" when none is close."""
    close = difflib.get_close_matches(name[:_COMPARED], list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
