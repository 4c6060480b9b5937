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
