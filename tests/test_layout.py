"""The README's layout section names every module of the tree, and nothing that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "paincheck"


def _layout_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("The code is laid out one module per job", 1)[1].split("\n### ", 1)[0]


def _named_in_readme() -> set[str]:
    """The paths (under src/paincheck) the README's layout table names: a row's first cell
    names a module or a folder, and the modules and folders its other cells name are in that
    folder. `__init__.py` goes without saying."""
    named: set[str] = set()
    for row in _layout_section().splitlines():
        if not row.startswith("| `"):
            continue
        first, rest = row.split("|")[1], "|".join(row.split("|")[2:])
        for where in re.findall(r"`([\w/]+(?:\.py|/))`", first):
            named.add(where)
            if where.endswith("/"):
                named.update(where + name for name in re.findall(r"`(\w+(?:\.py|/))`", rest))
    return {name for name in named if not name.endswith("__init__.py")}


def test_the_readme_layout_names_every_module_and_no_missing_one() -> None:
    """Every module and folder of the package, at any depth, and nothing that is not there."""
    present = {
        path.relative_to(PACKAGE).as_posix() + ("/" if path.is_dir() else "")
        for path in PACKAGE.rglob("*")
        if "__pycache__" not in path.parts
        and (path.is_dir() or (path.suffix == ".py" and path.name != "__init__.py"))
    }
    named = _named_in_readme()
    assert sorted(present - named) == []
    assert sorted(named - present) == []


def test_the_package_top_holds_at_most_14_entries() -> None:
    """Modules, packages and data folders at the top of src/paincheck, `__init__.py` and
    `py.typed` counted too: few enough to see at a glance (the interface words live in
    questionnaire/messages/, the HTML templates in formats/templates/)."""
    top = sorted(path.name for path in PACKAGE.iterdir() if path.name != "__pycache__")
    assert len(top) <= 14, top


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
