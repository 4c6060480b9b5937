"""The engine's own words (`en.yaml`, `es.yaml` beside this module), and how every message
fills in its {placeholders}. Problems worded by them, where no questionnaire is at hand
(writing files, locks), are made in `files/said.py`."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

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


def is_engine_message(key: str) -> bool:
    """Whether `key` names one of the engine's messages."""
    return key in _templates(DEFAULT_LANGUAGE)


@functools.cache
def _templates(lang: str) -> dict[str, str]:
    """The package's own messages/<lang>.yaml (a file shipped with paincheck), read once."""
    import yaml

    path = MESSAGES_FOLDER / f"{lang}.yaml"
    if path not in MESSAGES_FOLDER.glob("*.yaml"):
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
