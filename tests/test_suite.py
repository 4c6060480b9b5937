"""The test suite's own rules: tests share code through tests/helpers/, never by importing
one another; the speed-ups that reach into prompt_toolkit's and Typer's own names fail soft
(after a release that renames one, the suite runs as before, only slower)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, TESTS
from tests.helpers.speed_ups import SPEED_UPS, SpeedUp, left_out, speed_up, stand_in


def imported_names(source: str, package: str) -> list[str]:
    """Every module (and module.name) a file of `package` imports, relative imports resolved."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return found


def is_test_module(name: str) -> bool:
    """Whether a dotted name is one of the test modules (or conftest.py) of tests/."""
    parts = name.split(".")
    return (
        len(parts) > 1
        and parts[0] == "tests"
        and (parts[1].startswith("test_") or parts[1] == "conftest")
    )


def test_no_test_module_imports_another() -> None:
    """A helper lives in tests/helpers/ and a fixture in conftest.py: a test module imported
    by another is loaded again on each xdist worker, and a change to it breaks files that do
    not name it."""
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted(TESTS.rglob("*.py"))
        for name in imported_names(
            path.read_text(encoding="utf-8"),
            ".".join(path.relative_to(ROOT).parent.parts),
        )
        if is_test_module(name)
    ]
    assert found == []


def test_the_check_sees_each_way_of_importing_a_test_module() -> None:
    for source, package in [
        ("from tests.test_pty import spawn\n", "tests"),
        ("import tests.test_pdf\n", "tests"),
        ("from tests import conftest\n", "tests.helpers"),
        ("from .test_pty import spawn\n", "tests"),
        ("from ..conftest import PERSONAS\n", "tests.helpers"),
    ]:
        assert any(is_test_module(n) for n in imported_names(source, package)), source
    for source, package in [
        ("from tests.helpers.terminals import spawn\n", "tests"),
        ("from . import PERSONAS\n", "tests.helpers"),
    ]:
        assert not any(is_test_module(n) for n in imported_names(source, package)), source


# -- the speed-ups that reach into prompt_toolkit and Typer fail soft -------------------------


def test_a_speed_up_whose_name_a_release_dropped_is_left_out_and_the_others_apply() -> None:
    import typer.testing
    from prompt_toolkit.application import application
    from prompt_toolkit.styles import style

    gone = ["prompt_toolkit.styles.style._parse_style_str", "typer.testing._get_command"]
    with pytest.MonkeyPatch.context() as upgrade:  # as after a release without these names
        upgrade.delattr(style, "_parse_style_str")
        upgrade.delattr(typer.testing, "_get_command")
        assert left_out() == gone
        with pytest.MonkeyPatch.context() as patch:
            assert speed_up(patch, "prompt_toolkit") == gone[:1]
            assert speed_up(patch, "typer") == gone[1:]
            kept = SpeedUp("prompt_toolkit.application.application", "load_key_bindings")
            assert application.load_key_bindings is stand_in(kept)
    assert left_out() == []
    assert stand_in(SpeedUp("prompt_toolkit.no_such_module", "load_key_bindings")) is None


RENAMED = """
import dataclasses
from tests.helpers import speed_ups
speed_ups.SPEED_UPS = tuple(
    dataclasses.replace(each, name=each.name + "_renamed") for each in speed_ups.SPEED_UPS
)
"""


def test_the_suite_runs_when_no_speed_up_applies(tmp_path: Path) -> None:
    """An in-process interview and an in-process command, in a pytest session where a new
    prompt_toolkit and Typer have renamed every name the speed-ups replace."""
    (tmp_path / "renamed_speed_ups.py").write_text(RENAMED, encoding="utf-8")
    tests = [
        "tests/test_interview.py::test_text_and_number_and_single_answers_are_saved",
        "tests/test_cli.py::test_summary_json_is_pure_json_on_stdout",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=",
         "-p", "renamed_speed_ups", "-W", "ignore::pytest.PytestAssertRewriteWarning", *tests],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "2 passed" in run.stdout
    header = next(line for line in run.stdout.splitlines() if line.startswith("speed-ups"))
    assert header == "speed-ups left out (the library changed): " + ", ".join(
        f"{each.module}.{each.name}_renamed" for each in SPEED_UPS
    )
