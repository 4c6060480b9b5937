"""What users see, pinned whole: each output compared with a reviewed file in tests/snapshots/.

The CLI runs in-process at 80 columns with NO_COLOR (the `cli` fixture). To change an output on
purpose, rerun with PAINCHECK_UPDATE_SNAPSHOTS=1 and review `git diff tests/snapshots`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import Result

from tests.helpers import PERSONA_NAMES, PERSONAS
from tests.helpers.snapshot import assert_snapshot

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


@pytest.mark.parametrize("lang", ["en", "es"])
def test_template(cli: Cli, lang: str) -> None:
    name = "template.yaml" if lang == "en" else f"template.{lang}.yaml"
    assert_snapshot(name, output(cli("template", "--lang", lang)))


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_questions(cli: Cli, fmt: str, lang: str) -> None:
    suffix = "txt" if fmt == "text" else "json"
    name = f"questions.{suffix}" if lang == "en" else f"questions.{lang}.{suffix}"
    assert_snapshot(name, output(cli("questions", "--format", fmt, "--lang", lang)))


def test_questions_on_a_narrow_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 40 columns three columns cannot fit: each question is stacked, nothing cut."""
    monkeypatch.setenv("COLUMNS", "40")
    assert_snapshot("questions.40.txt", output(cli("questions")))


# `diary show` of the shipped sample is pinned whole elsewhere: the English text by the README's
# example (test_diary.test_readme_shows_a_real_run_of_diary_show), the JSON by
# test_diary.test_show_json_of_the_sample, the Spanish text by test_diary.test_show_in_spanish.
