"""Translations: each text of the folder in every declared language, and what is missing."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from paincheck.errors import PaincheckError, Problem
from paincheck.files.cache import load_cached
from paincheck.files.writing import not_a_file
from paincheck.questionnaire.messages import (
    Messages,
    message_placeholders,
    message_problems,
    package_messages,
)
from paincheck.text.display import did_you_mean
from paincheck.text.language import DEFAULT_LANGUAGE, Text


class Texts:
    """The folder's texts by key: English from the YAML, the rest from translations/<lang>.yaml.

    Problems go to the shared `problems` list; `file` is questionnaire.yaml.
    """

    def __init__(
        self, folder: Path, file: str, problems: list[Problem], only: Collection[str] | None
    ) -> None:
        self.folder = folder
        self.file = file
        self.problems = problems
        self.only = only
        self.translations: dict[str, dict[str, str]] = {}
        self.used_keys: set[str] = set()

    def problem(self, item: str | None, message: str, file: str | None = None) -> None:
        self.problems.append(Problem(file or self.file, message, item))

    def path(self, lang: str) -> Path:
        return self.folder / "translations" / f"{lang}.yaml"

    def load(self, languages: Collection[str]) -> None:
        """Read translations/<lang>.yaml for each declared language this command shows."""
        for lang in languages:
            if lang == DEFAULT_LANGUAGE:
                continue
            path = self.path(lang)
            problem = not_a_file(path)
            if problem is not None:
                # One problem for the missing file, not one per text it would have held.
                why = "does not exist" if problem == "no such file" else problem
                self.problem("languages", f"declares '{lang}' but {path} {why}")
                continue
            if self.only is not None and lang not in self.only:
                continue  # present, but not shown by this command: not parsed
            try:
                raw = load_cached(path)
            except PaincheckError as exc:
                self.problems.extend(exc.problems)
                raw = {}
            table: dict[str, str] = {}
            _flatten(raw, "", table, self.problems, str(path))
            self.translations[lang] = table

    def text(self, key: str, english: Any, item: str) -> Text:
        """The text at `key` (English given), in every language that has it."""
        if not isinstance(english, str) or not english.strip():
            self.problem(item, f"'{key.rsplit('.', 1)[-1]}' must be non-empty text")
            english = ""
        self.used_keys.add(key)
        values = {DEFAULT_LANGUAGE: english}
        for lang, table in self.translations.items():
            if key in table:
                values[lang] = table[key]
        return Text(key, values)

    def messages(self, overrides: Any) -> Messages:
        """Interface words: the package's, overridden by the questions folder's own.

        `overrides` is the `messages:` mapping of questionnaire.yaml (English; other languages
        in translations/<lang>.yaml), so another checklist can say "sleep" instead of "DRG".
        The folder's overrides are checked now; the package's words are read when first shown.
        """
        if not isinstance(overrides, Mapping):
            self.problem("messages", "must map message keys to text")
            overrides = {}
        translated = {
            key.removeprefix("messages.")
            for table in self.translations.values()
            for key in table
            if key.startswith("messages.")
        }
        if not overrides and not translated:
            return Messages({}, self.only)  # nothing of the folder's own to check
        package = package_messages(DEFAULT_LANGUAGE)
        for key in overrides:
            if key not in package:
                hint = did_you_mean(str(key), package)
                self.problem(f"messages.{key}", f"no such interface message{hint}")
        own: dict[str, dict[str, str]] = {}
        for key, english in package.items():
            if key not in overrides and key not in translated:
                continue
            full_key = f"messages.{key}"
            text = self.text(full_key, overrides.get(key, english), full_key)
            self.check_message(full_key, text, message_placeholders(english), key in overrides)
            own[key] = dict(text.values)
        return Messages(own, self.only, {DEFAULT_LANGUAGE: package})

    def check_message(self, key: str, text: Text, allowed: set[str], overridden: bool) -> None:
        """A message from the folder fills in only the placeholders the engine gives it."""
        sources = {DEFAULT_LANGUAGE: self.file} if overridden else {}
        for lang in text.values.keys() - {DEFAULT_LANGUAGE}:
            sources[lang] = str(self.path(lang))
        for lang, file in sources.items():
            template = text.values[lang]
            for message in message_problems(template, allowed) if isinstance(template, str) else []:
                self.problem(key, message, file)

    def check(self) -> None:
        """Every text has each translation, and every translation has a text (call last)."""
        for lang, table in self.translations.items():
            path = str(self.path(lang))
            for key in sorted(self.used_keys - set(table)):
                # Interface words come with the package; one it lacks falls back to English
                # (a test checks the package's languages are complete).
                if key.startswith("messages."):
                    continue
                self.problem(key, f"no '{lang}' text (declared in languages)", path)
            for key in sorted(set(table) - self.used_keys):
                self.problem(key, "translates nothing: no such text in the questionnaire", path)


def _flatten(
    raw: Any, prefix: str, out: dict[str, str], problems: list[Problem], file: str
) -> None:
    """Turn a nested translations mapping into dotted keys."""
    if isinstance(raw, str):
        out[prefix] = raw
        return
    if not isinstance(raw, Mapping):
        problems.append(
            Problem(file, f"must be text or a mapping, got {type(raw).__name__}", prefix)
        )
        return
    for key, value in raw.items():
        if prefix == "" and key == "language":
            continue
        _flatten(value, f"{prefix}.{key}" if prefix else str(key), out, problems, file)
