"""What users see, pinned whole: each output compared with a reviewed file in tests/snapshots/.

The CLI runs in-process at 80 columns with NO_COLOR (the `cli` fixture). To change an output on
purpose, rerun with PAINCHECK_UPDATE_SNAPSHOTS=1 and review `git diff tests/snapshots`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import PERSONA_NAMES, PERSONAS
from tests.snapshot import assert_snapshot

ROOT = Path(__file__).resolve().parents[1]
DIARY_SAMPLE = ROOT / "questions" / "samples" / "trial-diary.yaml"

Cli = Callable[..., Result]


def output(result: Result) -> str:
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_summary_text(cli: Cli, name: str, lang: str) -> None:
    text = output(cli("summary", str(PERSONAS / f"{name}.yaml"), "--lang", lang))
    assert_snapshot(f"summary/{name}.{lang}.txt", text)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_summary_json(cli: Cli, name: str) -> None:
    text = output(cli("summary", str(PERSONAS / f"{name}.yaml"), "--format", "json"))
    assert_snapshot(f"summary/{name}.json", text)


def test_template(cli: Cli) -> None:
    assert_snapshot("template.yaml", output(cli("template")))


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_questions(cli: Cli, fmt: str) -> None:
    suffix = "txt" if fmt == "text" else "json"
    assert_snapshot(f"questions.{suffix}", output(cli("questions", "--format", fmt)))


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_diary_show_of_the_shipped_sample(cli: Cli, fmt: str) -> None:
    suffix = "txt" if fmt == "text" else "json"
    text = output(cli("diary", "show", str(DIARY_SAMPLE), "--format", fmt))
    assert_snapshot(f"diary-show.{suffix}", text)
