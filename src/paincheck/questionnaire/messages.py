"""Interface messages: the package's words, and {placeholders} filled in without str.format."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from paincheck.files.cache import load_cached
from paincheck.text.display import shortened
from paincheck.text.language import DEFAULT_LANGUAGE
from paincheck.text.messages import MESSAGE_PART, MESSAGES_FOLDER


def message_problems(template: str, allowed: Collection[str]) -> list[str]:
    """What is wrong with an interface message that may fill in only `allowed` placeholders."""
    found: list[str] = []
    for match in MESSAGE_PART.finditer(template):
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
    return {m.group(1) for m in MESSAGE_PART.finditer(template) if m.group(1)}


def package_messages(lang: str) -> dict[str, str]:
    """The engine's interface words in one language, from text/messages/<lang>.yaml in the package
    (empty when the package has no such file)."""
    path = MESSAGES_FOLDER / f"{lang}.yaml"
    if path not in MESSAGES_FOLDER.glob("*.yaml"):
        return {}
    raw = load_cached(path)
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


class Messages:
    """A questionnaire's interface words: the package's, overridden by the questions folder's.

    The folder's overrides (`own`: key -> language -> text) were checked when it loaded. The
    package's text/messages/<lang>.yaml is read only when a message in that language is first
    asked for: most commands show a handful of the ~200 words, or none, in one language.
    """

    def __init__(
        self,
        own: Mapping[str, Mapping[str, str]],
        only: Collection[str] | None,
        package: Mapping[str, dict[str, str]] | None = None,
    ) -> None:
        self._own = own
        self._only = only  # the languages the command loaded; the others fall back to English
        self._package: dict[str, dict[str, str]] = dict(package or {})

    def __repr__(self) -> str:
        return f"Messages(overridden={sorted(self._own)})"

    def _table(self, lang: str) -> dict[str, str]:
        table = self._package.get(lang)
        if table is None:
            shown = self._only is None or lang in self._only
            table = self._package[lang] = package_messages(lang) if shown else {}
        return table

    def template(self, key: str, lang: str) -> str:
        """The message `key` in `lang` (English when it has none there), or `key` if unknown."""
        english = self._table(DEFAULT_LANGUAGE).get(key)
        if english is None:
            return key
        own = self._own.get(key, {})
        value = own[lang] if lang in own else self._table(lang).get(key)
        return value or own.get(DEFAULT_LANGUAGE) or english
