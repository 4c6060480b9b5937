"""The questionnaire: load a questions folder, check it, and describe it as models.

`models` holds what a folder is made of; `loading` reads it: `questions_yaml` and
`rules_yaml` read the two files' shape, `checks` the references across them,
`translations` and `messages` the texts in every language.
"""

from paincheck.questionnaire.loading import default_questions_folder, load_questionnaire
from paincheck.questionnaire.messages import message_placeholders, message_problems
from paincheck.questionnaire.models import (
    DEFAULT_MAX_LENGTH,
    OVERALLS,
    SAFE_ID,
    STATUSES,
    Band,
    Caveat,
    Choice,
    Coding,
    Criterion,
    DoctorQuestion,
    FlagStyle,
    LevelMapping,
    Precaution,
    Question,
    Questionnaire,
    ReportIds,
    Rule,
    Rules,
    Score,
    Section,
    StatusStyle,
    SymptomPattern,
)
from paincheck.text.messages import MESSAGES_FOLDER, fill_message

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "MESSAGES_FOLDER",
    "OVERALLS",
    "SAFE_ID",
    "STATUSES",
    "Band",
    "Caveat",
    "Choice",
    "Coding",
    "Criterion",
    "DoctorQuestion",
    "FlagStyle",
    "LevelMapping",
    "Precaution",
    "Question",
    "Questionnaire",
    "ReportIds",
    "Rule",
    "Rules",
    "Score",
    "Section",
    "StatusStyle",
    "SymptomPattern",
    "default_questions_folder",
    "fill_message",
    "load_questionnaire",
    "message_placeholders",
    "message_problems",
]
