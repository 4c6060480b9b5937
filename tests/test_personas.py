"""The sample personas give the JSON summary the contract fixes for them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import PERSONA_NAMES, PERSONAS


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


# Answers files written from contract version 3 for the paths the personas do not take: the
# new caveat, the regions rule, minors and young adults, "not sure", CRPS outside the legs,
# the soon signs, a contraindication, and no warning-signs answer. Each expected file was
# written from the contract's rules, not from paincheck's output.
CASES = Path(__file__).parent / "cases"
CASE_NAMES = sorted(path.name.removesuffix(".yaml") for path in CASES.glob("*.yaml"))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_contract_cases_give_the_expected_summary(cli, name: str) -> None:
    result = cli("summary", str(CASES / f"{name}.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # every answer in these files is shown and valid
    expected = json.loads((CASES / f"{name}.expected.json").read_text())
    assert _contains(expected, json.loads(result.stdout)) == []


def test_every_case_has_its_expected_file() -> None:
    assert len(CASE_NAMES) >= 10
    assert sorted(p.name.removesuffix(".expected.json") for p in CASES.glob("*.json")) == CASE_NAMES
