"""Languages: choosing one, and text that exists in several."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import field

from paincheck.model import model

DEFAULT_LANGUAGE = "en"


@model
class Text:
    """A piece of patient-facing text in every language the questionnaire declares."""

    key: str
    values: Mapping[str, str] = field(compare=False)

    def __call__(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.values.get(lang) or self.values.get(DEFAULT_LANGUAGE, "")

    def __str__(self) -> str:
        return self(DEFAULT_LANGUAGE)


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language code the locale asks for (`es_MX.UTF-8` gives `es`), else English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code.isalpha() and len(code) in (2, 3) else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE
