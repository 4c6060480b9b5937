"""No import circle among paincheck's modules.

The graph is read from the source with `ast`, so a circle is found even when it would not
fail today. Every import counts, at the top or inside a function: a function-local import
still ties the two modules together, and only hides the circle until that function runs.
Imports under `if TYPE_CHECKING:` do not count: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import paincheck

SOURCE = Path(paincheck.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported(tree: ast.AST, modules: set[str], here: str) -> set[str]:
    """The paincheck modules a module's code imports (with the packages they sit in)."""
    found: set[str] = set()
    ancestors = {".".join(here.split(".")[:n]) for n in range(1, here.count(".") + 1)}

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = here.split(".")[: len(here.split(".")) - node.level]
                base = ".".join([*package, base] if base else package)
            # `from paincheck import formats` imports the module paincheck.formats.
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for name in names:
            parts = name.split(".")
            prefixes = [
                prefix
                for prefix in (".".join(parts[: n + 1]) for n in range(len(parts)))
                if prefix in modules
            ]
            # A module's own packages are loaded before it runs, so reaching a sibling through
            # them is no edge back to the package; importing the package itself still is.
            found.update(p for p in prefixes if p not in ancestors or p == prefixes[-1])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard(here)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(SOURCE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {
        module_name(path): imported(
            ast.parse(path.read_text(encoding="utf-8")), modules, module_name(path)
        )
        for path in paths
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


def test_no_module_imports_itself_round_a_circle() -> None:
    assert [" -> ".join(circle) for circle in circles(import_graph())] == []


def test_the_check_sees_a_circle_through_a_function_local_import() -> None:
    graph = {"a": {"b"}, "b": set(), "c": set()}
    assert circles(graph) == []
    tree = ast.parse("def f():\n    from b import x\n")
    graph["a"] = imported(tree, {"a", "b"}, "a")
    graph["b"] = imported(ast.parse("import a\n"), {"a", "b"}, "b")
    assert circles(graph) == [["a", "b", "a"]]


def test_the_check_leaves_out_imports_for_type_checking_only() -> None:
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import b\n")
    assert imported(tree, {"a", "b"}, "a") == set()
