"""No import circle among paincheck's modules, and no import that runs up.

The graph is read from the source with `ast`, so a circle is found even when it would not
fail today. Every import counts: at the top, inside a function (it still ties the two modules
together, and only hides the circle until that function runs), and under `if TYPE_CHECKING:`
(it never runs, but it ties the two modules' meanings together just the same, and mypy and a
reader follow it).

What "up" means:
- Inside a package, its `__init__.py` is above its modules: Python runs it before any of them.
  A module that imports a name from the `__init__` of a package it is in (its own, or one
  that holds it) imports up: it works only if that `__init__` got as far as the name before
  it started loading this module. Importing a sibling module through its package (`from
  paincheck.formats import compare`) is no such import. The root's `__init__.py` holds only
  `__version__` and imports nothing, so `from paincheck import __version__` cannot run up.
- Across the package, the top-level parts (a module such as `errors.py`, or a package such as
  `formats/`) are layers, in the order of the README's layout table: from the foundations
  (`model.py`) to the commands (`cli/`). A module imports only from its own part and the parts
  before it; an import of a later part runs up.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import paincheck

SOURCE = Path(paincheck.__file__).parent
README = SOURCE.parents[1] / "README.md"


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(tree: ast.AST, here: str, is_package: bool) -> list[tuple[str, list[str]]]:
    """Each import in a module's code, anywhere in it: (the module named, the names taken
    from it; empty for `import x.y`)."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = here.split(".")
                package = package[: len(package) - node.level + is_package]
                base = ".".join([*package, base] if base else package)
            found.append((base, [alias.name for alias in node.names]))
    return found


def imported(tree: ast.AST, modules: set[str], here: str, is_package: bool = False) -> set[str]:
    """The paincheck modules a module's code imports (with the packages they sit in)."""
    found: set[str] = set()
    ancestors = {".".join(here.split(".")[:n]) for n in range(1, here.count(".") + 1)}
    for base, names in imports(tree, here, is_package):
        # `from paincheck import formats` imports the module paincheck.formats.
        for name in [base, *(f"{base}.{n}" for n in names)]:
            parts = name.split(".")
            prefixes = [
                prefix
                for prefix in (".".join(parts[: n + 1]) for n in range(len(parts)))
                if prefix in modules
            ]
            # A module's own packages are loaded before it runs, so reaching a sibling through
            # them is no edge back to the package; importing the package itself still is.
            found.update(p for p in prefixes if p not in ancestors or p == prefixes[-1])
    found.discard(here)
    return found


def upward(tree: ast.AST, modules: set[str], here: str, is_package: bool = False) -> list[str]:
    """The names a module takes from the `__init__` of a package that holds it."""
    parts = here.split(".")
    holders = {".".join(parts[:n]) for n in range(2, len(parts))}  # the root aside
    return [
        f"{base}.{name}" if name else base
        for base, names in imports(tree, here, is_package)
        if base in holders
        for name in names or [""]
        if f"{base}.{name}" not in modules
    ]


def _sources() -> dict[str, tuple[ast.AST, bool]]:
    return {
        module_name(path): (ast.parse(path.read_text(encoding="utf-8")), path.stem == "__init__")
        for path in sorted(SOURCE.rglob("*.py"))
    }


def import_graph() -> dict[str, set[str]]:
    sources = _sources()
    return {
        name: imported(tree, set(sources), name, is_package)
        for name, (tree, is_package) in sources.items()
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path round each circle found (depth-first search)."""
    found: list[list[str]] = []
    done: set[str] = set()

    def walk(module: str, path: list[str]) -> None:
        if module in path:
            found.append([*path[path.index(module) :], module])
            return
        if module in done:
            return
        for target in sorted(graph[module]):
            walk(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        walk(module, [])
    return found


def part(module: str) -> str:
    """The top-level part a module belongs to: `paincheck.formats.pdf.page` -> `formats`."""
    return module.split(".")[1] if "." in module else ""


def readme_layers() -> list[str]:
    """The top-level parts in the order of the README's layout table."""
    readme = README.read_text(encoding="utf-8")
    section = readme.split("The code is laid out one module per job", 1)[1].split("\n### ", 1)[0]
    firsts = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    named = [re.findall(r"`(\w+)(?:\.py|/)`", cell) for cell in firsts]
    return list(dict.fromkeys(name for names in named for name in names))


def test_no_module_imports_itself_round_a_circle() -> None:
    assert [" -> ".join(circle) for circle in circles(import_graph())] == []


def test_no_module_imports_a_name_from_the_package_it_is_in() -> None:
    sources = _sources()
    found = [
        f"{name}: {target}"
        for name, (tree, is_package) in sources.items()
        for target in upward(tree, set(sources), name, is_package)
    ]
    assert found == []
    root, _ = sources["paincheck"]
    assert imports(root, "paincheck", True) == []  # so `__version__` never runs up


def test_each_part_imports_only_the_parts_before_it_in_the_readme() -> None:
    layers = readme_layers()
    assert sorted(layers) == sorted(
        p.stem
        for p in SOURCE.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
    )
    assert layers[-1] == "cli"
    rank = {name: n for n, name in enumerate(layers)} | {"": -1}  # the root: the version
    found = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        if module != "paincheck" and rank[part(target)] > rank[part(module)]
    )
    assert found == []


def test_the_check_sees_a_circle_through_a_function_local_import() -> None:
    graph = {"a": {"b"}, "b": set(), "c": set()}
    assert circles(graph) == []
    tree = ast.parse("def f():\n    from b import x\n")
    graph["a"] = imported(tree, {"a", "b"}, "a")
    graph["b"] = imported(ast.parse("import a\n"), {"a", "b"}, "b")
    assert circles(graph) == [["a", "b", "a"]]


def test_the_check_counts_imports_for_type_checking_only() -> None:
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import b\n")
    assert imported(tree, {"a", "b"}, "a") == {"b"}


def test_the_check_sees_a_name_taken_from_the_own_package() -> None:
    modules = {"p", "p.q", "p.q.a", "p.q.b"}
    assert upward(ast.parse("from p.q import b\n"), modules, "p.q.a") == []  # a sibling
    assert upward(ast.parse("from p.q import Thing\n"), modules, "p.q.a") == ["p.q.Thing"]
    assert upward(ast.parse("from . import Thing\n"), modules, "p.q.a") == ["p.q.Thing"]
    assert upward(ast.parse("from p import version\n"), modules, "p.q.a") == []  # the root


def test_the_check_sees_a_part_that_imports_a_later_one() -> None:
    assert part("paincheck.formats.pdf.page") == "formats"
    assert part("paincheck.errors") == "errors"
    assert readme_layers()[:3] == ["model", "text", "errors"]
