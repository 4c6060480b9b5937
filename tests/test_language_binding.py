"""The language is bound once (issue 23, item 4): a command turns `--lang` into a `View`, and
renderers, the interview and the closing screen take the view, not a language to pass on.
What may still take one: the command line's options, the reading of the messages and texts
themselves (where a language is looked up), and the binding."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "paincheck"
LANGUAGE_NAMES = ("lang", "language")
AT_MOST = 30


def taking_a_language(tree: ast.AST) -> list[str]:
    """The functions and methods (nested ones too) with a parameter named `lang` or
    `language`, positional or keyword-only, by name."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            given = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            if any(arg.arg in LANGUAGE_NAMES for arg in given):
                found.append(node.name)
    return found


def test_at_most_30_functions_take_a_language() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE).as_posix()}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in taking_a_language(ast.parse(path.read_text(encoding="utf-8")))
    ]
    listed = "\n".join(offenders)
    assert len(offenders) <= AT_MOST, (
        f"{len(offenders)} functions take a language (at most {AT_MOST}); "
        f"take a View instead:\n{listed}"
    )


def test_the_count_sees_every_way_to_take_a_language() -> None:
    source = """
def positional(view, lang): ...
def keyword_only(view, *, language="en"): ...
async def awaited(lang=None): ...
class Renderer:
    def render(self, questionnaire, lang): ...
def outer(view):
    def inner(lang): ...
def bound(view, languages, lang_code, text): ...
"""
    assert taking_a_language(ast.parse(source)) == [
        "positional",
        "keyword_only",
        "awaited",
        "render",
        "inner",
    ]
