"""The `View` a test shows things in: a questionnaire (or what carries one: an assessment, a
comparison) in one language, the language bound once as the commands bind it."""

from __future__ import annotations

from typing import Protocol

from paincheck.questionnaire import Questionnaire
from paincheck.questionnaire.view import View


class _CarriesQuestionnaire(Protocol):
    @property
    def questionnaire(self) -> Questionnaire: ...


def view_of(
    shown: Questionnaire | _CarriesQuestionnaire,
    lang: str = "en",
    *,
    redact: bool = False,
    unicode: bool = True,
) -> View:
    """`shown`'s questionnaire in `lang` (English unless told)."""
    questionnaire = shown if isinstance(shown, Questionnaire) else shown.questionnaire
    return View(questionnaire, lang, redact, unicode)
