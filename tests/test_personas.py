"""The sample personas give the JSON summary the contract fixes for them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import PERSONA_NAMES, PERSONAS


def _contains(expected: Any, actual: Any, path: str = "") -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        return [m for k, v in expected.items() for m in _contains(v, actual.get(k), f"{path}.{k}")]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_persona_summary_json_matches_expected(cli, name: str) -> None:
    result = cli("summary", str(PERSONAS / f"{name}.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    expected = json.loads((PERSONAS / f"{name}.expected.json").read_text())
    assert _contains(expected, summary) == []
    assert summary["questions_shown"] > 20
    assert all(c["reason"] for c in summary["criteria"].values())


def test_all_three_personas_are_here() -> None:
    assert PERSONA_NAMES == ["back-recent", "foot-after-fracture", "knee-urgent"]
