"""The test suite's own rules: tests share code through tests/helpers/, never by importing
one another."""

from __future__ import annotations

import ast

from tests.helpers import ROOT, TESTS


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
