"""The engine's own messages where no questionnaire is at hand (writing files, locks): a
problem carries its message's key and values, and the output sink words it again in the
command's language (`messages/<lang>.yaml`); the English is its text until then. Also how
every message fills in its {placeholders}."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

from paincheck.errors import PaincheckError, Problem
from paincheck.text.language import DEFAULT_LANGUAGE

MESSAGES_FOLDER = Path(__file__).parent  # en.yaml, es.yaml: beside this module

# In an interface message, {name} is filled in and {{ or }} is a brace; every other brace
# is a mistake. A message is never a Python format string: it may come from someone else.
MESSAGE_PART = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


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

    return MESSAGE_PART.sub(part, template)


def engine_message(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """One of the engine's messages in `lang` (English where that language lacks it)."""
    template = _templates(lang).get(key) or _templates(DEFAULT_LANGUAGE).get(key, key)
    return fill_message(template, values)


@functools.cache
def _templates(lang: str) -> dict[str, str]:
    """The package's own messages/<lang>.yaml (a file shipped with paincheck), read once."""
    import yaml

    path = MESSAGES_FOLDER / f"{lang}.yaml"
    if path not in MESSAGES_FOLDER.glob("*.yaml"):
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def said(file: str, key: str, **values: object) -> Problem:
    """A problem worded by the engine's message `key` (in English until it is shown); a
    value that is itself a message's key (such as "file_kind_fifo") is worded too."""
    shown = {name: str(value) for name, value in values.items()}
    message = _worded(key, DEFAULT_LANGUAGE, shown)
    return Problem(file, message, key=key, values=tuple(shown.items()))


def _worded(key: str, lang: str, values: Mapping[str, str]) -> str:
    known = _templates(DEFAULT_LANGUAGE)
    filled = {n: engine_message(v, lang) if v in known else v for n, v in values.items()}
    return engine_message(key, lang, **filled)


def said_error(file: str, key: str, **values: object) -> PaincheckError:
    """An error with one problem worded by the engine's message `key`."""
    return PaincheckError([said(file, key, **values)])


def in_language(problem: Problem, lang: str) -> Problem:
    """The problem worded in `lang`, if it carries an engine message's key."""
    if problem.key is None or lang == DEFAULT_LANGUAGE:
        return problem
    from dataclasses import replace

    return replace(problem, message=_worded(problem.key, lang, dict(problem.values)))
