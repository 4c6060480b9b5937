"""A questionnaire as one command or interview shows it: the language bound once.

Renderers, the interview and the closing screen take a `View` instead of a language: its
`msg` and `text` word things in that language, so no helper passes the language on.
"""

from __future__ import annotations

import dataclasses

from paincheck.model import model
from paincheck.questionnaire.models import Questionnaire
from paincheck.text.language import DEFAULT_LANGUAGE, Text


@model
class View:
    """A questionnaire's words in one language, and how the output may look: `unicode`, the
    bullets and symbols the screen can show (else ASCII); `redact`, identifying answers left
    out."""

    questionnaire: Questionnaire
    lang: str = DEFAULT_LANGUAGE
    redact: bool = False
    unicode: bool = True

    def msg(self, key: str, /, **values: object) -> str:
        """An interface message in the view's language, its {placeholders} filled in."""
        return self.questionnaire.message(key, self.lang, **values)

    def text(self, text: Text) -> str:
        """A text of the questions folder (a question, a label, a reason) in this language."""
        return text(self.lang)

    def with_questionnaire(self, questionnaire: Questionnaire) -> View:
        """Another questionnaire in the same language and look (a daily form worded for the
        diary, or for one day)."""
        return dataclasses.replace(self, questionnaire=questionnaire)

    def showing(self, *, unicode: bool) -> View:
        """The same view on a screen that can (or cannot) show Unicode symbols."""
        return dataclasses.replace(self, unicode=unicode)
