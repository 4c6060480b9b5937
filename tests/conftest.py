"""Shared fixtures: the shipped questionnaire, the sample personas, and the CLI in-process."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from paincheck import questionnaire as questionnaire_package
from paincheck.cli import app
from paincheck.questionnaire import Questionnaire, load_questionnaire

# The commands keep the questions files they parsed in the user's cache folder
# (files/cache.py). The tests, the commands they start, and the test modules that load a
# questionnaire while they are collected keep theirs in a folder of the run, set here, before
# any of them runs: the home folder's is left alone. (A test that starts a command with an
# environment of its own, whose HOME has no cache folder, runs it with no cache.)
_CACHE_OF_THE_RUN = tempfile.mkdtemp(prefix="paincheck-tests-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_OF_THE_RUN
os.environ.pop("PAINCHECK_NO_CACHE", None)
atexit.register(shutil.rmtree, _CACHE_OF_THE_RUN, ignore_errors=True)

# Before any test imports them: the helpers' asserts explain their failures as the tests' own
# do (pytest rewrites them).
pytest.register_assert_rewrite("tests.helpers")

# Hypothesis profiles. "dev" (the default) keeps `uv run pytest` quick on two cores; "ci" (chosen
# when CI is set) runs the same examples derandomised, so a red CI run repeats exactly;
# "thorough" searches ten times as far (HYPOTHESIS_PROFILE=thorough uv run pytest). The two
# properties whose examples cost tens of milliseconds each run a share of the profile's count
# (test_properties.share_of_the_profile).
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, database=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# Python collects its youngest objects after every 700 new ones. The interview and questionnaire
# tests make millions of short-lived objects (prompt_toolkit screens, YAML nodes), and at 700
# the two workers spent 11 s of CPU collecting garbage (measured with gc.callbacks), a tenth of
# the suite. After every 10,000 they spend 4 s. The commands the tests start keep the default.
gc.set_threshold(10_000, 10, 10)


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


@pytest.fixture(scope="session", autouse=True)
def shared_prompt_toolkit_parts() -> Iterator[None]:
    """Every prompt_toolkit Application builds prompt_toolkit's default (emacs, vi, mouse) key
    bindings afresh: half the CPU of an in-process interview. They are plain data whose filters
    and handlers look at the running app when a key arrives, so one set serves every prompt;
    the keys a test types reach the same handlers. Each Application also parses the same few
    hundred style strings again; the parse is a pure function with an immutable result, so it
    is kept (a tenth of an interview's CPU). Child processes are not affected."""
    from tests.helpers.speed_ups import speed_up

    with pytest.MonkeyPatch.context() as patch:
        speed_up(patch, "prompt_toolkit")  # left out if a release renamed what it replaces
        yield


# The files that keep a worker longest, longest first. pytest-xdist (`--dist loadfile
# --no-loadscope-reorder`, pyproject.toml) hands files to its workers in collection order, each
# to the first free one; with the long ones first, the short ones fill the gaps and both workers
# finish together. Its default order (most tests first) left the three-test pseudo-terminal
# files to the end, one worker idle for nine seconds. Seconds are one worker's, on 2 cores.
LONGEST_FIRST = (
    "test_panel.py",  # 25: the warning panel in-process, typed with its half-second waits
    "test_panel_pty.py",  # 24: the panel on a terminal, waiting for its screens
    "test_retyping.py",  # 16: random typing, in-process and in tmux (waiting for its screens)
    "test_diary_limits.py",  # 14: diaries of thousands of days exported
    "test_browser.py",  # 14: chromium and axe
    "test_interview.py",  # 13: whole interviews typed in-process
    "test_imports.py",  # 10: a fresh interpreter per command
    "test_pdf.py",  # 9
    "test_pdf_pages.py",  # 8: every sample's report, four prints, pictures of page 1
    "test_pty_screen.py",  # 8: the installed interview on a terminal, waiting for its screens
    "test_pty.py",  # 8
    "test_interview_terminal.py",  # 3: interviews in-process on a screen that answers
    "test_hostile.py",  # 7
    "test_questionnaire.py",  # 6
    "test_write_failures.py",  # 5
    "test_concurrency.py",  # 5: eight processes at once, three times
    "test_properties.py",  # 5
    "test_fhir.py",  # 5
    "test_terminal_text.py",  # 5
)


def pytest_report_header() -> list[str]:
    """Says which speed-ups a new prompt_toolkit or Typer no longer allows (the suite runs
    without them, only slower)."""
    from tests.helpers.speed_ups import left_out

    missing = left_out()
    return [f"speed-ups left out (the library changed): {', '.join(missing)}"] if missing else []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


_SHIPPED: dict[frozenset[str] | None, Questionnaire] = {}


def _load_shipped_once(
    folder: Path | None = None, languages: Collection[str] | None = None
) -> Questionnaire:
    """load_questionnaire, but the shipped folder (no folder given) is read once per language
    set and session: about 30 ms a command. Tests never change the shipped folder, and the
    loaded Questionnaire is frozen; every other folder is read afresh."""
    if folder is not None:
        return load_questionnaire(folder, languages)
    key = None if languages is None else frozenset(languages)
    if key not in _SHIPPED:
        _SHIPPED[key] = load_questionnaire(None, languages)
    return _SHIPPED[key]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run `paincheck ARGS` in-process at 80 columns with no colour; returns the Result."""
    monkeypatch.setattr(questionnaire_package, "load_questionnaire", _load_shipped_once)
    # Typer's runner turns the app into click commands on every call (6 ms, some 370 times a
    # run); the commands hold no state between runs, so they are built once (left out if a
    # release renamed what it replaces).
    from tests.helpers.speed_ups import speed_up

    speed_up(monkeypatch, "typer")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)

    return run
