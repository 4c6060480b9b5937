"""Whole-output snapshots: compare what a user sees with a reviewed file in tests/snapshots/.

`PAINCHECK_UPDATE_SNAPSHOTS=1 uv run pytest` rewrites the files instead of comparing; review
the change with `git diff tests/snapshots` as you would review code, then commit it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).parents[1] / "snapshots"


def assert_snapshot(name: str, actual: str) -> None:
    """Fail with a unified diff unless `actual` equals tests/snapshots/NAME."""
    path = SNAPSHOTS / name
    if os.environ.get("PAINCHECK_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != actual:
            path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(
            f"no snapshot {path.relative_to(SNAPSHOTS.parent.parent)}: run with "
            "PAINCHECK_UPDATE_SNAPSHOTS=1, then review the new file",
            pytrace=False,
        )
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"tests/snapshots/{name} (reviewed)",
            f"tests/snapshots/{name} (now)",
        )
        pytest.fail(
            "output differs from the reviewed snapshot (if the change is intended, rerun with "
            "PAINCHECK_UPDATE_SNAPSHOTS=1 and review `git diff tests/snapshots`):\n"
            + "".join(diff),
            pytrace=False,
        )
