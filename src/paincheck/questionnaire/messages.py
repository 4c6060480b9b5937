"""Interface messages: the package's words, and {placeholders} filled in without str.format."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path

from paincheck.display import shortened
from paincheck.documents import load_document

MESSAGES_FOLDER = Path(__file__).parent.with_name("messages")
# In an interface message, {name} is filled in and {{ or }} is a brace; every other brace
# is a mistake. A message is never a Python format string: it may come from someone else.
_MESSAGE_PART = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def fill_message(template: str, values: Mapping[str, object]) -> str:
    """`template` with each {name} replaced by its value, and {{ and }} by one brace.

    Nothing else is read: no attribute or index access, no format spec. A placeholder with
    no value (checked away when the folder loads) is left as written.
    """

    def part(match: re.Match[str]) -> str:
        token, name = match.group(), match.group(1)
        if token in ("{{", "}}"):
            return token[0]
        return str(values[name]) if name is not None and name in values else token

    return _MESSAGE_PART.sub(part, template)


def message_problems(template: str, allowed: Collection[str]) -> list[str]:
    """What is wrong with an interface message that may fill in only `allowed` placeholders."""
    found: list[str] = []
    for match in _MESSAGE_PART.finditer(template):
        token, name = match.group(), match.group(1)
        if token in ("{{", "}}") or name in allowed:
            continue
        shown = shortened(token)
        if name is None:
            found.append(f"has a lone '{token}' (write {token * 2} for a brace)")
        elif allowed:
            names = ", ".join("{" + a + "}" for a in sorted(allowed))
            found.append(f"uses {shown}; only {names} can be filled in here")
        else:
            found.append(f"uses {shown}; this message fills in nothing (write {{{{ for a brace)")
    return found[:5]


def message_placeholders(template: str) -> set[str]:
    """The {name} placeholders a message fills in."""
    return {m.group(1) for m in _MESSAGE_PART.finditer(template) if m.group(1)}


def package_messages(only: Collection[str] | None = None) -> dict[str, dict[str, str]]:
    """The engine's interface words by language, from messages/<lang>.yaml in the package."""
    tables: dict[str, dict[str, str]] = {}
    for path in sorted(MESSAGES_FOLDER.glob("*.yaml")):
        if only is not None and path.stem not in only:
            continue
        raw = load_document(path)
        tables[path.stem] = (
            {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
        )
    return tables
