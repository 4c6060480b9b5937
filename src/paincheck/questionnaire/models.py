"""The questionnaire's models: what a loaded questions folder is made of.

Each model's fields are also the keys its part of the YAML may have (`file_keys`), so a
key is declared once. A field the file spells differently says so in its metadata
(`FILE_KEY`); a field the loader fills in itself has `FILE_KEY: None`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from paincheck.model import model
from paincheck.questionnaire.conditions import Condition
from paincheck.questionnaire.messages import Messages
from paincheck.questionnaire.types import TYPES, QuestionType, TypeName
from paincheck.text.language import DEFAULT_LANGUAGE, Text
from paincheck.text.messages import fill_message

STATUSES = ("met", "partly", "not_met", "unknown")
OVERALLS = ("urgent", "does_not_match", "incomplete", "partly_matches", "matches")
DEFAULT_MAX_LENGTH = 500
# The questionnaire id names files (the blank checklist, answers files point to it): plain
# letters, digits, `.`, `_` and `-`, like a FHIR id, never a path or a hidden name.
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# The metadata key naming a field's key in the file: a name, several names, or None.
FILE_KEY = "file_key"
_LOADER_FILLS = {FILE_KEY: None}


@functools.cache  # asked for every question and rule a folder has
def file_keys(model_class: type[Any]) -> frozenset[str]:
    """The keys a model's part of the YAML may have: its fields, as the file names them."""
    keys: set[str] = set()
    for spec in dataclasses.fields(model_class):
        names = spec.metadata.get(FILE_KEY, spec.name)
        keys.update((names,) if isinstance(names, str) else names or ())
    return frozenset(keys)


@model
class Choice:
    """One answer option of a `single` or `multi` question."""

    id: str
    label: Text
    exclusive: bool = False
    flag: str | None = None
    category: str | None = None
    weight: int | None = None
    short: Text | None = None  # fewer words for the one-page checklist (the same facts)

    def short_label(self, lang: str) -> str:
        """The words on the one-page checklist: the short label, else the label."""
        return (self.short or self.label)(lang)


@model
class Coding:
    """A standard code for a question (FHIR `Questionnaire.item.code`), such as a LOINC code."""

    system: str
    code: str
    display: str


@model
class Question:
    """One question, with what its answer may be and when it is shown."""

    id: str
    type: TypeName
    section: str = field(metadata=_LOADER_FILLS)
    text: Text
    help: Text
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None
    required: bool = False
    min: int | None = None
    max: int | None = None
    anchors: tuple[tuple[int, Text], ...] = ()
    step: int | None = None  # an integer question: the interview offers min, min+step, ... max
    unit: str | None = None  # an integer answer's sign, written right after it ("50%")
    max_length: int = DEFAULT_MAX_LENGTH
    multiline: bool = False
    identifying: bool = False
    code: Coding | None = None
    at_most: str | None = None
    shown_when: Condition | None = None
    group: str | None = field(default=None, metadata=_LOADER_FILLS)

    @property
    def kind(self) -> QuestionType:
        """Its type's row: how its answers are checked, asked, written and described."""
        return TYPES[self.type]

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, if the question has it."""
        return next((c for c in self.choices if c.id == choice_id), None)


@model
class Section:
    """A titled group of questions, asked together."""

    id: str
    title: Text
    intro: Text | None
    shown_when: Condition | None
    questions: tuple[Question, ...]
    # Safety text (a crisis line) shown with the intro, never dropped on a short screen.
    safety: Text | None = None


@model
class Rule:
    """One branch of an ordered rule list: the first whose condition holds wins."""

    status: str
    when: Condition | None
    text: Text | None
    # Choices left out where the reason names an answer ("the areas outside the examples").
    leave_out: tuple[str, ...] = ()


@model
class Criterion:
    """A published criterion, with the rules that give its status."""

    id: str
    label: Text
    source: Text
    rules: tuple[Rule, ...]


@model
class StatusStyle:
    """How a criterion status is shown: a word and a symbol, never colour alone."""

    word: Text
    symbol: str
    ascii: str


@model
class Band:
    """A score's meaning up to and including `max`."""

    max: float
    meaning: Text


@model
class Score:
    """A number derived from answers: one answer, a mean, or a sum of choice weights."""

    id: str
    # The file names the kind as the key of the inputs: `mean_of: [a, b]`.
    kind: str = field(metadata={FILE_KEY: ("value_of", "mean_of", "sum_of")})
    inputs: tuple[str, ...] = field(metadata=_LOADER_FILLS)
    label: Text
    source: Text
    bands: tuple[Band, ...] = ()
    round: int = 1
    flag_at: float | None = None
    # A line printed beside the score when it is flagged (the same line once for several).
    flag_note: Text | None = None


@model
class SymptomPattern:
    """Symptom categories of a multi question, and when they make a pattern worth noting."""

    question: str
    categories: tuple[tuple[str, Text], ...]
    min_categories: int
    also: Condition | None
    pattern_note: Text
    no_pattern_note: Text
    source: Text


@model
class Precaution:
    """Something to discuss: one per chosen answer of a question, or one with a condition."""

    id: str | None
    text: Text | None
    when: Condition | None = None
    from_question: str | None = field(default=None, metadata={FILE_KEY: "from"})
    texts: Mapping[str, Text] = field(default_factory=dict)


@model
class LevelMapping:
    """Spinal levels reported in studies for one chosen answer, and the confirmed source that
    lets them be printed (without one they stay in the JSON only)."""

    levels: tuple[str, ...]
    source: Text | None = None


@model
class DoctorQuestion:
    """A question for the patient to ask, standard or taken from one of their answers."""

    id: str
    text: Text | None
    when: Condition | None = None
    from_answer: str | None = None


@model
class FlagStyle:
    """The title and message shown when an answer carrying a flag is chosen, and the advice
    line of each such answer (what to do about that sign)."""

    title: Text
    message: Text
    advice: Mapping[str, Text] = field(default_factory=dict)
    # The title when these signs follow another flag's in one panel ("Also call ... soon").
    also_title: Text | None = None


@model
class Sentence:
    """A sentence of a caveat, printed when its own condition holds (or always, without one)."""

    when: Condition | None
    text: Text


@model
class Caveat:
    """Words printed beside the overall verdict when its condition holds: one `text`, or the
    `sentences` whose own conditions hold, in order (one per reason it applies)."""

    id: str
    when: Condition | None
    text: Text | None = None
    sentences: tuple[Sentence, ...] = ()

    def texts(self, holds: Callable[[Condition], bool]) -> tuple[Text, ...]:
        """The text, or the sentences that apply (`holds` says whether a condition holds)."""
        if self.text is not None:
            return (self.text,)
        return tuple(s.text for s in self.sentences if s.when is None or holds(s.when))


@model
class BodyMapIds:
    """The questions the body diagram draws: the painful areas (a multi question whose
    choices are the diagram's areas), the side, and the area that hurts most."""

    locations: str
    side: str | None = None
    worst: str | None = None


@model
class HeaderIds:
    """The questions named in the report's header line (name and age are left out when
    the report is redacted)."""

    name: str | None = None
    age: str | None = None
    completed_by: str | None = None


@model
class SafetyCheckIds:
    """The diary's daily safety check: a multi question whose choices are problems that
    need care, and its choice for "none of these"."""

    question: str
    none: str


@model
class MedicineIds:
    """The diary's pain medicine question (a single question: compared with usual) and its
    choice for "more than usual" (relief with more medicine means less)."""

    question: str
    more: str


@model
class ComfortIds:
    """The diary's question on how the stimulation felt (a single question), and its choices
    after which the review says to call the implant team today."""

    question: str
    call_today: tuple[str, ...] = ()


@model
class DiaryIds:
    """Which questions of a daily form the diary's summary, table, chart and PDF read, by
    role. The safety check, the pain (compared with the baseline) and the relief are needed;
    a form without another role gets a diary without its column or sentence."""

    safety_check: SafetyCheckIds
    pain: str  # the day's average pain, 0-10, compared with the pain before the trial
    relief: str  # the relief the person reports, in percent
    worst_pain: str | None = None
    medicine: MedicineIds | None = None
    sleep: str | None = None  # hours of sleep
    comfort: ComfortIds | None = None
    activities: str | None = None  # what the person could do better than before
    notes: str | None = None  # the person's own words about the day


@model
class ReportIds:
    """Which questions and scores the report for the specialist places where, by id.

    Every part is optional: a checklist without it gets a report without that part.
    """

    header: HeaderIds = HeaderIds()
    body_map: BodyMapIds | None = None
    pain_bars: tuple[str, ...] = ()  # scores drawn as 0-10 bars
    pain_score: str | None = None  # a score printed under the bars
    details: tuple[str, ...] = ()  # questions shown as "question: answer" rows
    treatments: str | None = None  # a multi question, with a repeated relief question per choice
    own_words: tuple[str, ...] = ()  # questions shown under the treatments
    mood_scores: tuple[str, ...] = ()  # scores listed (when answered) under the symptoms
    short: tuple[str, ...] = ()  # the questions of the one-page checklist (export --blank --short)
    diary: DiaryIds | None = None  # a daily form (questions/diary): its questions' roles


@model
class Rules:
    """Everything in rules.yaml: criteria, overall order, scores and notes."""

    criteria: tuple[Criterion, ...] = ()
    approved_use: tuple[Criterion, ...] = ()
    caveats: tuple[Caveat, ...] = ()
    statuses: Mapping[str, StatusStyle] = field(default_factory=dict)
    overall: tuple[Rule, ...] = ()
    flags: Mapping[str, FlagStyle] = field(default_factory=dict)
    scores: tuple[Score, ...] = ()
    symptom_pattern: SymptomPattern | None = field(default=None, metadata={FILE_KEY: "crps"})
    precautions: tuple[Precaution, ...] = ()
    # All three come from one `drg_levels` block.
    levels_question: str | None = field(default=None, metadata={FILE_KEY: "drg_levels"})
    levels_note: Text | None = field(default=None, metadata=_LOADER_FILLS)
    levels: Mapping[str, LevelMapping] = field(default_factory=dict, metadata=_LOADER_FILLS)
    doctor_questions: tuple[DoctorQuestion, ...] = ()
    disclaimer: Text | None = None
    report: ReportIds = ReportIds()


@model
class Questionnaire:
    """A whole questions folder: sections in order, rules and texts."""

    id: str
    version: str
    title: Text
    url: str
    languages: tuple[str, ...]
    sections: tuple[Section, ...]
    rules: Rules = field(metadata=_LOADER_FILLS)  # from rules.yaml
    messages: Messages = field(compare=False)  # read when first shown
    folder: Path = field(metadata=_LOADER_FILLS)
    # Earlier versions whose answers files fit this one as they are (no id was removed).
    compatible_versions: tuple[str, ...] = ()

    def reads_unchanged(self, version: str) -> bool:
        """Whether an answers file written for `version` is read without a warning."""
        return version == self.version or version in self.compatible_versions

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question in interview order."""
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if there is one."""
        return self._by_id.get(question_id)

    def section_of(self, question: Question) -> Section:
        """The section a question belongs to."""
        return next(s for s in self.sections if s.id == question.section)

    def message(self, key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
        """An interface message in a language, with {placeholders} filled in."""
        return fill_message(self.messages.template(key, lang), values)

    @property
    def _by_id(self) -> dict[str, Question]:
        cached: dict[str, Question] | None = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = {q.id: q for q in self.questions}
            object.__setattr__(self, "_by_id_cache", cached)
        return cached
