"""The suite's speed-ups that reach into prompt_toolkit and Typer, and how they fail soft.

Each replaces one of the library's functions, for the tests only, with a cached one that
gives the same results (conftest.py says what each saves). They use names the libraries do
not promise to keep: prompt_toolkit's `_parse_style_str`, Typer's `_get_command`, and the
names under which prompt_toolkit's application module finds its default key bindings. A
release that renames one must not break the suite: the speed-up is left out, the suite runs
as before, only slower, and its header names what was left out.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass(frozen=True)
class SpeedUp:
    """A library function replaced, in the tests, by a cached one."""

    module: str
    name: str


SPEED_UPS = (
    SpeedUp("prompt_toolkit.application.application", "load_key_bindings"),
    SpeedUp("prompt_toolkit.application.application", "load_page_navigation_bindings"),
    SpeedUp("prompt_toolkit.styles.style", "_parse_style_str"),
    SpeedUp("typer.testing", "_get_command"),
)

_STAND_INS: dict[SpeedUp, Callable[..., Any]] = {}


def stand_in(speed_up: SpeedUp) -> Callable[..., Any] | None:
    """The cached function that stands in for the library's (one for the whole session), or
    None when the library has no such module or function."""
    try:
        owner = importlib.import_module(speed_up.module)
    except ImportError:
        return None
    found = getattr(owner, speed_up.name, None)
    if not callable(found):
        return None
    cached = _STAND_INS.get(speed_up)
    if cached is None or found not in (cached, getattr(cached, "__wrapped__", None)):
        cached = _STAND_INS[speed_up] = functools.cache(found)
    return cached


def speed_up(patch: pytest.MonkeyPatch, library: str) -> list[str]:
    """Put the speed-ups of `library` (prompt_toolkit, typer) in place with `patch`; the ones
    left out, as module.name, because the library no longer has that name."""
    missing: list[str] = []
    for each in SPEED_UPS:
        if each.module.split(".")[0] != library:
            continue
        cached = stand_in(each)
        if cached is None:
            missing.append(f"{each.module}.{each.name}")
        else:
            patch.setattr(importlib.import_module(each.module), each.name, cached)
    return missing


def left_out() -> list[str]:
    """Every speed-up the installed libraries no longer allow, as module.name."""
    return [f"{each.module}.{each.name}" for each in SPEED_UPS if stand_in(each) is None]
