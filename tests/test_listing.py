"""The questionnaire described for people: each answer type and each condition in plain words."""

from __future__ import annotations

from typing import Any

import pytest

from paincheck.formats.listing import allowed_values, condition_words
from paincheck.questionnaire import Questionnaire
from paincheck.questionnaire.conditions import parse_condition
from tests.helpers.views import view_of

# Every condition form, in words, in both languages: built from the data, never one question's.
CONDITIONS: list[tuple[dict[str, Any], str, str]] = [
    ({"q": "a", "answered": True}, "a is answered", "a tiene respuesta"),
    ({"q": "a", "answered": False}, "a is not answered", "a no tiene respuesta"),
    ({"q": "a", "equals": "yes"}, "a is yes", "a es yes"),
    ({"q": "a", "in": ["x"]}, "a is x", "a es x"),
    ({"q": "a", "in": ["x", "y"]}, "a is one of: x, y", "a es una de: x, y"),
    ({"q": "a", "contains_any": ["x"]}, "a includes x", "a incluye x"),
    (
        {"q": "a", "contains_any": ["x", "y"]},
        "a includes any of: x, y",
        "a incluye alguna de: x, y",
    ),
    ({"q": "a", "contains_only": ["x", "y"]}, "a includes only: x, y", "a incluye solo: x, y"),
    ({"q": "a", "count_at_least": 2}, "a has 2 or more answers", "a tiene 2 o más respuestas"),
    ({"q": "a", "less_than": 4}, "a is less than 4", "a es menor que 4"),
    ({"q": "a", "at_least": 7}, "a is 7 or more", "a es 7 o más"),
    (
        {"all": [{"q": "a", "at_least": 7}, {"q": "b", "equals": "yes"}]},
        "a is 7 or more and b is yes",
        "a es 7 o más y b es yes",
    ),
    (
        {"any": [{"q": "a", "answered": False}, {"all": [{"q": "b", "in": ["x"]}, {"flag": "f"}]}]},
        "a is not answered or (b is x and an answer is marked f)",
        "a no tiene respuesta o (b es x y una respuesta tiene la marca f)",
    ),
    (
        {"not": {"q": "a", "contains_any": ["none"]}},
        "it is not true that a includes none",
        "no es cierto que a incluye none",
    ),
    (
        {"each_shown": "relief", "any": {"in": ["a_lot"]}},
        "a shown relief question is a_lot",
        "una pregunta mostrada del grupo relief es a_lot",
    ),
    ({"criterion_any": "unknown"}, "a criterion is unknown", "algún criterio es unknown"),
    (
        {"approved_use_any": "not_met"},
        "an approved-use item is not_met",
        "algún punto del uso aprobado es not_met",
    ),
    (
        {"q": "a", "groups_at_least": {"count": 3, "groups": [["x", "y"], ["z"], ["w"]]}},
        "a includes answers from 3 or more of these groups: x, y; z; w",
        "a incluye respuestas de 3 o más de estos grupos: x, y; z; w",
    ),
    (
        {"approved_use": "crps", "status": "unknown"},
        "approved-use item crps is unknown",
        "el punto crps del uso aprobado es unknown",
    ),
    ({"criterion": "location", "status": "met"}, "criterion location is met", "el criterio location es met"),
    ({"symptom_pattern": True}, "the symptom pattern is there", "el patrón de síntomas está presente"),
    (
        {"symptom_pattern": False},
        "the symptom pattern is not there",
        "el patrón de síntomas no está presente",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("data", "english", "spanish"), CONDITIONS)
def test_every_condition_form_reads_as_plain_words(
    questionnaire: Questionnaire, data: dict[str, Any], english: str, spanish: str
) -> None:
    condition = parse_condition(data)
    assert condition_words(view_of(questionnaire, "en"), condition) == english
    assert condition_words(view_of(questionnaire, "es"), condition) == spanish


# One question of each kind in the shipped checklist, and what the template and table say.
TYPES = {
    "age": ("a whole number from 1 to 120", "un número entero de 1 a 120"),
    "pain_side": ("one of: left, right, both, middle", "una de: left, right, both, middle"),
    "daily_impacts": (
        "a list of one or more of: sleep, work, walking, standing, sitting, driving, housework, "
        "exercise, social_life, mood, none",
        "una lista con una o más de: sleep, work, walking, standing, sitting, driving, "
        "housework, exercise, social_life, mood, none",
    ),
    "worst_location": (
        "one of the answers to pain_locations",
        "una de las respuestas a pain_locations",
    ),
    "goals": (
        "one line of text, at most 500 characters",
        "una línea de texto, como máximo 500 caracteres",
    ),
    "current_medicines": (
        "text, several lines allowed, at most 500 characters",
        "texto, puede tener varias líneas, como máximo 500 caracteres",
    ),
}


@pytest.mark.parametrize("question_id", TYPES)
def test_each_answer_type_is_said_once_in_plain_words(
    questionnaire: Questionnaire, question_id: str
) -> None:
    question = questionnaire.question(question_id)
    assert question is not None
    english, spanish = TYPES[question_id]
    assert allowed_values(view_of(questionnaire, "en"), question) == english
    assert allowed_values(view_of(questionnaire, "es"), question) == spanish
