"""The README's layout section names every module of the tree, and nothing that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "paincheck"


def _layout_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("The code is laid out one module per job", 1)[1].split("\n### ", 1)[0]


def test_the_readme_layout_names_every_module_and_no_missing_one() -> None:
    rows = [line for line in _layout_section().splitlines() if line.startswith("| `")]
    named = set(re.findall(r"`([\w/]+(?:\.py|/))`", "\n".join(rows)))
    modules = {p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    packages = {p.name + "/" for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    inner = {
        p.name
        for folder in PACKAGE.iterdir()
        if folder.is_dir()
        for p in folder.glob("*.py")
        if p.name != "__init__.py"
    }
    assert sorted((modules | packages) - named) == []
    assert sorted(inner - named) == []
    assert sorted(named - modules - packages - inner) == []


def test_modules_stay_short_and_long_functions_say_why() -> None:
    """No module over 600 lines; a function over 60 lines carries a comment saying why it is long."""
    import ast

    too_long: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        where = path.relative_to(PACKAGE)
        if len(lines) > 600:
            too_long.append(f"{where}: {len(lines)} lines")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            body = lines[node.lineno - 1 : node.end_lineno]
            says_why = any("#" in line and "long" in line.lower() for line in body)
            if len(body) > 60 and not says_why:
                too_long.append(f"{where}:{node.lineno} {node.name}: {len(body)} lines")
    assert too_long == []
