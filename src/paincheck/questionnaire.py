"""The questionnaire: load a questions folder, check it, and describe it as models."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paincheck.conditions import (
    AllOf,
    AnswerTest,
    AnyOf,
    ApprovedUseAny,
    Condition,
    ConditionError,
    CriterionAny,
    EachShown,
    Flag,
    Not,
    choice_operands,
    parse_condition,
)
from paincheck.display import MAX_LISTED, key_as_written, shortened, shown_value
from paincheck.documents import load_document
from paincheck.errors import PaincheckError, Problem
from paincheck.language import DEFAULT_LANGUAGE, Text
from paincheck.suggest import did_you_mean

QUESTION_TYPES = ("text", "integer", "single", "multi")
STATUSES = ("met", "partly", "not_met", "unknown")
OVERALLS = ("urgent", "does_not_match", "incomplete", "partly_matches", "matches")
DEFAULT_MAX_LENGTH = 500
# Which question types each condition test can hold for (`answered` works on every type).
_TEST_TYPES: dict[str, tuple[str, ...]] = {
    "equals": ("single", "integer", "text"),
    "in": ("single", "integer", "text"),
    "contains_any": ("multi",),
    "contains_only": ("multi",),
    "count_at_least": ("multi",),
    "less_than": ("integer",),
    "at_least": ("integer",),
}
MESSAGES_FOLDER = Path(__file__).with_name("messages")
# The questionnaire id names files (the blank checklist, answers files point to it): plain
# letters, digits, `.`, `_` and `-`, like a FHIR id, never a path or a hidden name.
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?")
# In an interface message, {name} is filled in and {{ or }} is a brace; every other brace
# is a mistake. A message is never a Python format string: it may come from someone else.
_MESSAGE_PART = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True)
class Choice:
    """One answer option of a `single` or `multi` question."""

    id: str
    label: Text
    exclusive: bool = False
    flag: str | None = None
    category: str | None = None
    weight: int | None = None


@dataclass(frozen=True)
class Question:
    """One question, with what its answer may be and when it is shown."""

    id: str
    type: str
    section: str
    text: Text
    help: Text
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None
    required: bool = False
    min: int | None = None
    max: int | None = None
    anchors: tuple[tuple[int, Text], ...] = ()
    step: int | None = None  # an integer question: the interview offers min, min+step, ... max
    max_length: int = DEFAULT_MAX_LENGTH
    multiline: bool = False
    identifying: bool = False
    at_most: str | None = None
    shown_when: Condition | None = None
    group: str | None = None

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, if the question has it."""
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Section:
    """A titled group of questions, asked together."""

    id: str
    title: Text
    intro: Text | None
    shown_when: Condition | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Rule:
    """One branch of an ordered rule list: the first whose condition holds wins."""

    status: str
    when: Condition | None
    text: Text | None
    # Choices left out where the reason names an answer ("the areas outside the examples").
    leave_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criterion:
    """A published criterion, with the rules that give its status."""

    id: str
    label: Text
    source: Text
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class StatusStyle:
    """How a criterion status is shown: a word and a symbol, never colour alone."""

    word: Text
    symbol: str
    ascii: str


@dataclass(frozen=True)
class Band:
    """A score's meaning up to and including `max`."""

    max: float
    meaning: Text


@dataclass(frozen=True)
class Score:
    """A number derived from answers: one answer, a mean, or a sum of choice weights."""

    id: str
    kind: str  # value_of, mean_of or sum_of
    inputs: tuple[str, ...]
    label: Text
    source: Text
    bands: tuple[Band, ...] = ()
    round: int = 1
    flag_at: float | None = None


@dataclass(frozen=True)
class SymptomPattern:
    """Symptom categories of a multi question, and when they make a pattern worth noting."""

    question: str
    categories: tuple[tuple[str, Text], ...]
    min_categories: int
    also: Condition | None
    pattern_note: Text
    no_pattern_note: Text
    source: Text


@dataclass(frozen=True)
class Precaution:
    """Something to discuss: one per chosen answer of a question, or one with a condition."""

    id: str | None
    text: Text | None
    when: Condition | None = None
    from_question: str | None = None
    texts: Mapping[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class LevelMapping:
    """Spinal levels reported in studies for one chosen answer."""

    levels: tuple[str, ...]
    source: Text


@dataclass(frozen=True)
class DoctorQuestion:
    """A question for the patient to ask, standard or taken from one of their answers."""

    id: str
    text: Text | None
    when: Condition | None = None
    from_answer: str | None = None


@dataclass(frozen=True)
class FlagStyle:
    """The title and message shown when an answer carrying a flag is chosen, and the advice
    line of each such answer (what to do about that sign)."""

    title: Text
    message: Text
    advice: Mapping[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class Caveat:
    """A sentence printed beside the overall verdict when its condition holds."""

    id: str
    when: Condition | None
    text: Text


@dataclass(frozen=True)
class Rules:
    """Everything in rules.yaml: criteria, overall order, scores and notes."""

    criteria: tuple[Criterion, ...] = ()
    approved_use: tuple[Criterion, ...] = ()
    caveats: tuple[Caveat, ...] = ()
    statuses: Mapping[str, StatusStyle] = field(default_factory=dict)
    overall: tuple[Rule, ...] = ()
    flags: Mapping[str, FlagStyle] = field(default_factory=dict)
    scores: tuple[Score, ...] = ()
    symptom_pattern: SymptomPattern | None = None
    precautions: tuple[Precaution, ...] = ()
    levels_question: str | None = None
    levels_note: Text | None = None
    levels: Mapping[str, LevelMapping] = field(default_factory=dict)
    doctor_questions: tuple[DoctorQuestion, ...] = ()
    disclaimer: Text | None = None


@dataclass(frozen=True)
class Questionnaire:
    """A whole questions folder: sections in order, rules and texts."""

    id: str
    version: str
    title: Text
    url: str
    languages: tuple[str, ...]
    sections: tuple[Section, ...]
    rules: Rules
    messages: Mapping[str, Text]
    folder: Path

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
        text = self.messages.get(key)
        return fill_message(text(lang) if text is not None else key, values)

    @property
    def _by_id(self) -> dict[str, Question]:
        cached: dict[str, Question] | None = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = {q.id: q for q in self.questions}
            object.__setattr__(self, "_by_id_cache", cached)
        return cached


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

    return _MESSAGE_PART.sub(part, template)


def message_problems(template: str, allowed: Collection[str]) -> list[str]:
    """What is wrong with an interface message that may fill in only `allowed` placeholders."""
    found: list[str] = []
    for match in _MESSAGE_PART.finditer(template):
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
    return {m.group(1) for m in _MESSAGE_PART.finditer(template) if m.group(1)}


def default_questions_folder() -> Path:
    """The questions folder shipped with paincheck (in the wheel, or the source tree)."""
    packaged = Path(__file__).with_name("questions")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "questions"


def load_questionnaire(
    folder: Path | None = None, languages: Collection[str] | None = None
) -> Questionnaire:
    """Load and check a questions folder; every problem found is reported at once.

    With `languages`, only those translations are read and checked (a command that shows one
    language need not parse the others); by default every declared language is.
    """
    folder = folder or default_questions_folder()
    main_file = folder / "questionnaire.yaml"
    if not folder.is_dir():
        raise PaincheckError.single(str(folder), "is not a questions folder (no such folder)")
    if not main_file.is_file():
        raise PaincheckError.single(str(folder), "has no questionnaire.yaml")
    raw = load_document(main_file)
    rules_file = folder / "rules.yaml"
    raw_rules = load_document(rules_file) if rules_file.is_file() else {}
    builder = _Builder(folder, languages)
    questionnaire = builder.build(raw, raw_rules)
    if builder.problems:
        raise PaincheckError(builder.problems)
    return questionnaire


class _Builder:
    """Turns the parsed files into models, collecting every problem instead of stopping."""

    def __init__(self, folder: Path, only: Collection[str] | None = None) -> None:
        self.folder = folder
        self.only = None if only is None else {DEFAULT_LANGUAGE, *only}
        self.problems: list[Problem] = []
        self.file = str(folder / "questionnaire.yaml")
        self.translations: dict[str, dict[str, str]] = {}
        self.used_keys: set[str] = set()
        self.languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)
        self.questions: dict[str, Question] = {}
        self.package_messages: dict[str, dict[str, str]] = _package_messages(self.only)

    # -- reporting and small readers ------------------------------------------------------

    def problem(self, item: str | None, message: str, file: str | None = None) -> None:
        self.problems.append(Problem(file or self.file, message, item))

    def mapping(self, raw: Any, item: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(raw, Mapping):
            self.problem(item, f"must be a mapping, got {type(raw).__name__}")
            return {}
        unknown = [key for key in raw if key not in allowed]
        for key in unknown[:MAX_LISTED]:
            shown = key_as_written(key, quote=True)
            self.problem(item, f"unknown key {shown}; allowed: {', '.join(sorted(allowed))}")
        if len(unknown) > MAX_LISTED:
            self.problem(item, f"and {len(unknown) - MAX_LISTED} more unknown keys")
        for key in sorted(required - set(raw)):
            self.problem(item, f"'{key}' is missing")
        return dict(raw)

    def text(self, key: str, english: Any, item: str) -> Text:
        if not isinstance(english, str) or not english.strip():
            self.problem(item, f"'{key.rsplit('.', 1)[-1]}' must be non-empty text")
            english = ""
        self.used_keys.add(key)
        values = {DEFAULT_LANGUAGE: english}
        for lang, table in self.translations.items():
            if key in table:
                values[lang] = table[key]
        return Text(key, values)

    def optional_text(self, key: str, raw: Mapping[str, Any], name: str, item: str) -> Text | None:
        return self.text(key, raw[name], item) if name in raw else None

    def condition(self, raw: Any, item: str) -> Condition | None:
        if raw is None:
            return None
        try:
            return parse_condition(raw)
        except ConditionError as exc:
            self.problem(item, f"condition: {exc}")
            return None

    def boolean(self, raw: Mapping[str, Any], item: str, name: str) -> bool:
        # YAML 1.2: `required: no` is the text "no", which bool() would read as true.
        value = raw.get(name, False)
        if not isinstance(value, bool):
            self.problem(item, f"'{name}' must be true or false, got {shown_value(value)}")
            return False
        return value

    def number(self, raw: Any, item: str, name: str) -> float | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            self.problem(item, f"'{name}' must be a number, got {shown_value(raw)}")
            return None
        return float(raw)

    def integer(self, raw: Any, item: str, name: str) -> int | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.problem(item, f"'{name}' must be a whole number, got {shown_value(raw)}")
            return None
        return raw

    # -- the questionnaire ----------------------------------------------------------------

    def build(self, raw: Any, raw_rules: Any) -> Questionnaire:
        top = self.mapping(
            raw,
            "questionnaire",
            {"id", "version", "title", "url", "languages", "sections", "messages"},
            {"id", "version", "sections"},
        )
        questionnaire_id = top.get("id", "")
        if "id" in top and not (
            isinstance(questionnaire_id, str) and SAFE_ID.fullmatch(questionnaire_id)
        ):
            self.problem(
                "id",
                f"{_shown(questionnaire_id)} is not a safe id: use 1 to 64 letters, digits, "
                "'.', '_' or '-', starting with a letter or digit (e.g. drg-checklist)",
            )
        languages = top.get("languages", [DEFAULT_LANGUAGE])
        if not isinstance(languages, list) or DEFAULT_LANGUAGE not in languages:
            self.problem("languages", f"must be a list that includes '{DEFAULT_LANGUAGE}'")
            languages = [DEFAULT_LANGUAGE]
        self.languages = tuple(str(lang) for lang in languages)
        for lang in self.languages:
            # A code names translations/<code>.yaml: no folders, no odd characters.
            if not _LANGUAGE_CODE.fullmatch(lang):
                self.problem("languages", f"'{lang[:40]}' is not a language code like en or es")
        self.languages = tuple(lang for lang in self.languages if _LANGUAGE_CODE.fullmatch(lang))
        self.load_translations()
        sections = tuple(self.sections(top.get("sections", [])))
        saved_file, self.file = self.file, str(self.folder / "rules.yaml")
        rules = self.rules(raw_rules) if raw_rules != {} else Rules()
        self.check_flags(rules)
        self.file = saved_file
        # Every text is read before the translations are checked, or its key looks unused.
        title = self.text("title", top.get("title", top.get("id", "questionnaire")), "title")
        messages = self.messages(top.get("messages", {}))
        self.check_translations()
        return Questionnaire(
            id=str(top.get("id", "")),
            version=str(top.get("version", "")),
            title=title,
            url=str(top.get("url", f"urn:paincheck:{top.get('id', '')}")),
            languages=self.languages,
            sections=sections,
            rules=rules,
            messages=messages,
            folder=self.folder,
        )

    def load_translations(self) -> None:
        for lang in self.languages:
            if lang == DEFAULT_LANGUAGE:
                continue
            path = self.folder / "translations" / f"{lang}.yaml"
            if not path.is_file():
                # One problem for the missing file, not one per text it would have held.
                self.problem("languages", f"declares '{lang}' but {path} does not exist")
                continue
            if self.only is not None and lang not in self.only:
                continue  # present, but not shown by this command: not parsed
            try:
                raw = load_document(path)
            except PaincheckError as exc:
                self.problems.extend(exc.problems)
                raw = {}
            table: dict[str, str] = {}
            _flatten(raw, "", table, self.problems, str(path))
            self.translations[lang] = table

    def messages(self, overrides: Any) -> dict[str, Text]:
        """Interface words: the package's, overridden by the questions folder's own.

        `overrides` is the `messages:` mapping of questionnaire.yaml (English; other languages
        in translations/<lang>.yaml), so another checklist can say "sleep" instead of "DRG".
        """
        package = self.package_messages.get(DEFAULT_LANGUAGE, {})
        if not isinstance(overrides, Mapping):
            self.problem("messages", "must map message keys to text")
            overrides = {}
        for key in overrides:
            if key not in package:
                hint = did_you_mean(str(key), package)
                self.problem(f"messages.{key}", f"no such interface message{hint}")
        messages: dict[str, Text] = {}
        for key, english in package.items():
            full_key = f"messages.{key}"
            text = self.text(full_key, overrides.get(key, english), full_key)
            self.check_message(full_key, text, message_placeholders(english), key in overrides)
            merged = {
                lang: table[key] for lang, table in self.package_messages.items() if key in table
            }
            merged.update(text.values)
            messages[key] = Text(full_key, merged)
        return messages

    def check_message(self, key: str, text: Text, allowed: set[str], overridden: bool) -> None:
        """A message from the folder fills in only the placeholders the engine gives it."""
        sources = {DEFAULT_LANGUAGE: self.file} if overridden else {}
        for lang in text.values.keys() - {DEFAULT_LANGUAGE}:
            sources[lang] = str(self.folder / "translations" / f"{lang}.yaml")
        for lang, file in sources.items():
            template = text.values[lang]
            for message in message_problems(template, allowed) if isinstance(template, str) else []:
                self.problem(key, message, file)

    def check_translations(self) -> None:
        for lang, table in self.translations.items():
            path = str(self.folder / "translations" / f"{lang}.yaml")
            for key in sorted(self.used_keys - set(table)):
                # Interface words come with the package; one it lacks falls back to English
                # (a test checks the package's languages are complete).
                if key.startswith("messages."):
                    continue
                self.problem(key, f"no '{lang}' text (declared in languages)", path)
            for key in sorted(set(table) - self.used_keys):
                self.problem(key, "translates nothing: no such text in the questionnaire", path)

    def sections(self, raw: Any) -> Iterator[Section]:
        if not isinstance(raw, list) or not raw:
            self.problem("sections", "must be a non-empty list")
            return
        seen: set[str] = set()
        for index, raw_section in enumerate(raw):
            item = f"sections[{index}]"
            data = self.mapping(
                raw_section,
                item,
                {"id", "title", "intro", "shown_when", "questions"},
                {"id", "title", "questions"},
            )
            section_id = str(data.get("id", f"#{index}"))
            item = f"section {section_id}"
            if section_id in seen:
                self.problem(item, "section id used twice")
            seen.add(section_id)
            shown_when = self.condition(data.get("shown_when"), item)
            self.check_condition_refs(shown_when, item)
            questions = tuple(self.section_questions(section_id, data.get("questions", [])))
            yield Section(
                id=section_id,
                title=self.text(f"sections.{section_id}.title", data.get("title"), item),
                intro=self.optional_text(f"sections.{section_id}.intro", data, "intro", item),
                shown_when=shown_when,
                questions=questions,
            )

    def section_questions(self, section_id: str, raw: Any) -> Iterator[Question]:
        if not isinstance(raw, list) or not raw:
            self.problem(f"section {section_id}", "'questions' must be a non-empty list")
            return
        for index, raw_question in enumerate(raw):
            if isinstance(raw_question, Mapping) and "repeat" in raw_question:
                yield from self.repeated(section_id, raw_question)
                continue
            question = self.question(section_id, raw_question, f"{section_id}[{index}]")
            if question is not None:
                yield self.register(question)

    _QUESTION_KEYS = frozenset(
        {
            "id",
            "type",
            "text",
            "help",
            "choices",
            "choices_from",
            "required",
            "min",
            "max",
            "anchors",
            "step",
            "max_length",
            "multiline",
            "identifying",
            "at_most",
            "shown_when",
        }
    )

    def question(
        self,
        section_id: str,
        raw: Any,
        item: str,
        *,
        key: str | None = None,
        group: str | None = None,
        fill: Text | None = None,
        extra_condition: Condition | None = None,
    ) -> Question | None:
        allowed = set(self._QUESTION_KEYS) | ({"repeat", "for_each"} if group else set())
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) and raw["id"]:
            item = raw["id"]  # name the question, not its position, in every problem
        data = self.mapping(raw, item, allowed, {"id", "type", "text", "help"})
        if not data:
            return None
        raw_id = data.get("id", item)
        if not isinstance(raw_id, str) or not raw_id:
            self.problem(item, f"question id must be text, got {shown_value(raw_id)}")
        question_id = str(raw_id)
        item = question_id
        key = key or f"questions.{question_id}"
        kind = data.get("type")
        if kind not in QUESTION_TYPES:
            self.problem(
                item, f"type must be one of {', '.join(QUESTION_TYPES)}, got {shown_value(kind)}"
            )
            kind = "text"
        text = self.text(f"{key}.text", data.get("text"), item)
        help_text = self.text(f"{key}.help", data.get("help"), item)
        if fill is not None:
            text = _fill(text, "choice", fill)
        shown_when = self.condition(data.get("shown_when"), item)
        self.check_condition_refs(shown_when, item)
        if extra_condition is not None:
            shown_when = extra_condition
        choices = self.choices(question_id, key, kind, data, item)
        minimum = self.integer(data.get("min"), item, "min")
        maximum = self.integer(data.get("max"), item, "max")
        if kind == "integer" and (minimum is None or maximum is None):
            self.problem(item, "an integer question needs 'min' and 'max'")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.problem(item, f"'min' ({minimum}) is above 'max' ({maximum})")
        anchors = self.anchors(data.get("anchors"), key, item)
        step = self.step(data.get("step"), kind, item)
        at_most = data.get("at_most")
        if at_most is not None:
            other = self.questions.get(str(at_most))
            if other is None or other.type != "integer":
                self.problem(
                    item,
                    f"'at_most' must name an earlier integer question, got {shown_value(at_most)}",
                )
        max_length = self.integer(data.get("max_length", DEFAULT_MAX_LENGTH), item, "max_length")
        if max_length is not None and max_length < 1:
            self.problem(item, f"'max_length' must be at least 1, got {max_length}")
            max_length = None
        return Question(
            id=question_id,
            type=str(kind),
            section=section_id,
            text=text,
            help=help_text,
            choices=choices,
            choices_from=str(data["choices_from"]) if "choices_from" in data else None,
            required=self.boolean(data, item, "required"),
            min=minimum,
            max=maximum,
            anchors=anchors,
            step=step,
            max_length=max_length or DEFAULT_MAX_LENGTH,
            multiline=self.boolean(data, item, "multiline"),
            identifying=self.boolean(data, item, "identifying"),
            at_most=str(at_most) if at_most is not None else None,
            shown_when=shown_when,
            group=group,
        )

    def choices(
        self, question_id: str, key: str, kind: Any, data: Mapping[str, Any], item: str
    ) -> tuple[Choice, ...]:
        if kind not in ("single", "multi"):
            if "choices" in data or "choices_from" in data:
                self.problem(item, f"a {kind} question takes no choices")
            return ()
        if "choices_from" in data:
            source = self.questions.get(str(data["choices_from"]))
            if source is None or source.type != "multi":
                self.problem(item, "'choices_from' must name an earlier multi question")
            elif kind != "single":
                self.problem(item, "'choices_from' works for single questions only")
            return ()
        raw = data.get("choices")
        if not isinstance(raw, list) or not raw:
            self.problem(item, "needs a non-empty list of 'choices'")
            return ()
        choices: list[Choice] = []
        for raw_choice in raw:
            choice = self.choice(question_id, key, raw_choice)
            if choice is None:
                continue
            if any(c.id == choice.id for c in choices):
                self.problem(item, f"choice '{choice.id}' is listed twice")
            choices.append(choice)
        return tuple(choices)

    def choice(self, question_id: str, key: str, raw: Any) -> Choice | None:
        data = self.mapping(
            raw,
            question_id,
            {"id", "label", "exclusive", "flag", "category", "weight"},
            {"id", "label"},
        )
        if not data:
            return None
        choice_id = data.get("id")
        if not isinstance(choice_id, str) or not choice_id:
            self.problem(question_id, f"choice id must be text, got {shown_value(choice_id)}")
            return None
        item = f"{question_id}: choice {choice_id}"
        return Choice(
            id=choice_id,
            label=self.text(f"{key}.choices.{choice_id}", data.get("label"), item),
            exclusive=self.boolean(data, item, "exclusive"),
            flag=str(data["flag"]) if "flag" in data else None,
            category=str(data["category"]) if "category" in data else None,
            weight=self.integer(data.get("weight"), item, "weight"),
        )

    def step(self, raw: Any, kind: Any, item: str) -> int | None:
        step = self.integer(raw, item, "step")
        if step is None:
            return None
        if kind != "integer":
            self.problem(item, f"'step' is for integer questions, not {kind}")
            return None
        if step < 1:
            self.problem(item, f"'step' must be at least 1, got {step}")
            return None
        return step

    def anchors(self, raw: Any, key: str, item: str) -> tuple[tuple[int, Text], ...]:
        if raw is None:
            return ()
        if not isinstance(raw, Mapping):
            self.problem(item, "'anchors' must map numbers to text")
            return ()
        anchors = []
        for number, label in raw.items():
            value = self.integer(number, item, "anchors")
            if value is not None:
                anchors.append((value, self.text(f"{key}.anchors.{value}", label, item)))
        return tuple(anchors)

    def repeated(self, section_id: str, raw: Mapping[str, Any]) -> Iterator[Question]:
        """Expand a `repeat` entry: one question per choice of an earlier multi question."""
        group = str(raw.get("repeat"))
        item = f"repeat {group}"
        source = self.questions.get(str(raw.get("for_each")))
        if source is None or source.type != "multi":
            self.problem(item, "'for_each' must name an earlier multi question")
            return
        template = str(raw.get("id", ""))
        if "{choice}" not in template:
            self.problem(item, "'id' must contain {choice}")
            return
        for choice in source.choices:
            if choice.exclusive:
                continue
            data = dict(raw)
            data["id"] = template.replace("{choice}", choice.id)
            question = self.question(
                section_id,
                data,
                item,
                key=f"questions.{group}",
                group=group,
                fill=choice.label,
                extra_condition=AnswerTest(source.id, "contains_any", (choice.id,)),
            )
            if question is not None:
                yield self.register(question)

    def register(self, question: Question) -> Question:
        if question.id in self.questions:
            self.problem(question.id, "question id used twice")
        self.questions[question.id] = question
        return question

    def check_condition_refs(self, condition: Condition | None, item: str) -> None:
        """Conditions may only look at earlier questions, and at their real choices."""
        if condition is None:
            return
        for question_id in condition.questions():
            if question_id not in self.questions:
                self.problem(item, f"condition refers to '{question_id}', not an earlier question")
        for operand_question, ids in choice_operands(condition):
            question = self.questions.get(operand_question or "")
            if question is None or not question.choices:
                continue
            known = {c.id for c in question.choices}
            for choice_id in ids:
                if choice_id not in known:
                    self.problem(
                        item, f"condition names '{choice_id}', not a choice of {question.id}"
                    )
        for node in _nodes(condition):
            if isinstance(node, AnswerTest) and node.question in self.questions:
                self.check_test_fits(node, self.questions[node.question], item)

    def check_test_fits(self, test: AnswerTest, question: Question, item: str) -> None:
        """A test that cannot apply to the question's type would silently never hold."""
        fits = _TEST_TYPES.get(test.test)
        if fits is not None and question.type not in fits:
            self.problem(
                item,
                f"'{test.test}' does not work on {question.id} ({question.type} question); "
                f"it works on: {', '.join(fits)}",
            )

    # -- rules ----------------------------------------------------------------------------

    def rules(self, raw: Any) -> Rules:
        top = self.mapping(
            raw,
            "rules",
            {
                "criteria",
                "approved_use",
                "caveats",
                "statuses",
                "overall",
                "flags",
                "scores",
                "crps",
                "precautions",
                "drg_levels",
                "doctor_questions",
                "disclaimer",
                "sets",
            },
            set(),
        )
        levels = self.level_mappings(top.get("drg_levels"))
        return Rules(
            criteria=tuple(self.criteria(top.get("criteria", []))),
            approved_use=tuple(self.criteria(top.get("approved_use", []), "approved_use")),
            caveats=tuple(self.caveats(top.get("caveats", []))),
            statuses=self.statuses(top.get("statuses", {})),
            overall=tuple(self.rule_list(top.get("overall", []), "overall", OVERALLS, "message")),
            flags=self.flag_styles(top.get("flags", {})),
            scores=tuple(self.scores(top.get("scores", []))),
            symptom_pattern=self.symptom_pattern(top.get("crps")),
            precautions=tuple(self.precautions(top.get("precautions", []))),
            levels_question=levels[0],
            levels_note=levels[1],
            levels=levels[2],
            doctor_questions=tuple(self.doctor_questions(top.get("doctor_questions", []))),
            disclaimer=self.optional_text("disclaimer", top, "disclaimer", "disclaimer"),
        )

    def rule_list(
        self, raw: Any, key: str, statuses: tuple[str, ...], text_name: str
    ) -> Iterator[Rule]:
        if not isinstance(raw, list):
            self.problem(key, "must be a list of rules")
            return
        for index, raw_rule in enumerate(raw):
            item = f"{key}[{index}]"
            allowed = {"status", "when", text_name}
            if text_name == "reason":
                allowed.add("leave_out")
            data = self.mapping(raw_rule, item, allowed, {"status"})
            status = data.get("status")
            if status not in statuses:
                self.problem(
                    item, f"status must be one of {', '.join(statuses)}, got {shown_value(status)}"
                )
            when = self.condition(data.get("when"), item)
            self.check_condition_refs(when, item)
            self.check_groups(when, item)
            text = self.optional_text(f"{key}.{index}.{text_name}", data, text_name, item)
            leave_out = data.get("leave_out", [])
            if not isinstance(leave_out, list):
                self.problem(item, f"'leave_out' must be a list of choice ids, got {leave_out!r}")
                leave_out = []
            yield Rule(str(status), when, text, tuple(str(c) for c in leave_out))
            if when is None and index != len(raw) - 1:
                self.problem(item, "a rule without 'when' must come last (later rules never apply)")

    def check_flags(self, rules: Rules) -> None:
        """A choice's flag needs a title and message in rules.yaml, or its warning is never shown."""
        for question in self.questions.values():
            for choice in question.choices:
                if choice.flag is not None and choice.flag not in rules.flags:
                    self.problem(
                        f"{question.id}: choice {choice.id}",
                        f"flag '{choice.flag}' is not one of the flags in rules.yaml "
                        f"({', '.join(rules.flags) or 'none declared'})",
                        str(self.folder / "questionnaire.yaml"),
                    )
        # A misspelt flag or status in a rule would make that rule silently never apply.
        ruled = [(f"overall[{i}]", r.when) for i, r in enumerate(rules.overall)]
        ruled += [
            (f"{block}.{c.id}.rules[{i}]", r.when)
            for block, criteria in (
                ("criteria", rules.criteria),
                ("approved_use", rules.approved_use),
            )
            for c in criteria
            for i, r in enumerate(c.rules)
        ]
        ruled += [(f"caveats.{c.id}", c.when) for c in rules.caveats]
        for flag, style in rules.flags.items():
            for choice_id in style.advice:
                if not any(
                    c.id == choice_id and c.flag == flag
                    for q in self.questions.values()
                    for c in q.choices
                ):
                    self.problem(
                        f"flags.{flag}.advice.{choice_id}",
                        f"'{choice_id}' is not a choice with flag '{flag}'",
                    )
        for item, condition in ruled:
            for node in _nodes(condition):
                if isinstance(node, Flag) and node.name not in rules.flags:
                    self.problem(item, f"'flag: {node.name}' is not one of the flags in rules.yaml")
                if isinstance(node, CriterionAny) and node.status not in STATUSES:
                    self.problem(
                        item,
                        f"'criterion_any: {node.status}' must be one of {', '.join(STATUSES)}",
                    )
                if isinstance(node, ApprovedUseAny) and node.status not in STATUSES:
                    self.problem(
                        item,
                        f"'approved_use_any: {node.status}' must be one of {', '.join(STATUSES)}",
                    )

    def check_groups(self, condition: Condition | None, item: str) -> None:
        """`each_shown` must name a repeated group, and test only choices its questions have."""
        for node in _nodes(condition):
            if not isinstance(node, EachShown):
                continue
            members = [q for q in self.questions.values() if q.group == node.group]
            if not members:
                self.problem(item, f"'each_shown' names '{node.group}', not a repeated group")
                continue
            self.check_test_fits(node.test, members[0], item)
            for _, ids in choice_operands(node.test):
                known = [c.id for c in members[0].choices]
                for choice_id in ids:
                    if choice_id not in known:
                        self.problem(
                            item,
                            f"condition names '{choice_id}', not a choice of the "
                            f"'{node.group}' questions ({', '.join(known)})",
                        )

    def criteria(self, raw: Any, block: str = "criteria") -> Iterator[Criterion]:
        if not isinstance(raw, list):
            self.problem(block, "must be a list")
            return
        seen: set[str] = set()
        for index, raw_criterion in enumerate(raw):
            data = self.mapping(
                raw_criterion,
                f"{block}[{index}]",
                {"id", "label", "source", "rules"},
                {"id", "label", "source", "rules"},
            )
            criterion_id = str(data.get("id", index))
            item = f"{'criterion' if block == 'criteria' else block} {criterion_id}"
            if criterion_id in seen:
                self.problem(item, "criterion id used twice")
            seen.add(criterion_id)
            key = f"{block}.{criterion_id}"
            rules = tuple(self.rule_list(data.get("rules", []), f"{key}.rules", STATUSES, "reason"))
            if rules and rules[-1].when is not None:
                self.problem(item, "the last rule needs no 'when', so every answer gets a status")
            yield Criterion(
                id=criterion_id,
                label=self.text(f"{key}.label", data.get("label"), item),
                source=self.text(f"{key}.source", data.get("source"), item),
                rules=rules,
            )

    def statuses(self, raw: Any) -> dict[str, StatusStyle]:
        styles: dict[str, StatusStyle] = {}
        data = self.mapping(raw, "statuses", set(STATUSES), set())
        for status, raw_style in data.items():
            style = self.mapping(
                raw_style,
                f"statuses.{status}",
                {"word", "symbol", "ascii"},
                {"word", "symbol", "ascii"},
            )
            styles[status] = StatusStyle(
                word=self.text(f"statuses.{status}.word", style.get("word"), status),
                symbol=str(style.get("symbol", "")),
                ascii=str(style.get("ascii", "")),
            )
        return styles

    def flag_styles(self, raw: Any) -> dict[str, FlagStyle]:
        styles: dict[str, FlagStyle] = {}
        # Any flag name may be declared; a value that is not a mapping is reported by mapping().
        names = set(raw) if isinstance(raw, Mapping) else set()
        for flag, raw_style in self.mapping(raw, "flags", names, set()).items():
            item = f"flags.{flag}"
            data = self.mapping(
                raw_style, item, {"title", "message", "advice"}, {"title", "message"}
            )
            raw_advice = data.get("advice", {})
            if not isinstance(raw_advice, Mapping):
                self.problem(item, "'advice' must map each choice id to a text")
                raw_advice = {}
            styles[str(flag)] = FlagStyle(
                title=self.text(f"{item}.title", data.get("title"), item),
                message=self.text(f"{item}.message", data.get("message"), item),
                advice={
                    str(choice_id): self.text(f"{item}.advice.{choice_id}", text, item)
                    for choice_id, text in raw_advice.items()
                },
            )
        return styles

    def caveats(self, raw: Any) -> Iterator[Caveat]:
        if not isinstance(raw, list):
            self.problem("caveats", "must be a list")
            return
        for index, raw_item in enumerate(raw):
            item = f"caveats[{index}]"
            data = self.mapping(raw_item, item, {"id", "when", "text"}, {"id", "when", "text"})
            when = self.condition(data.get("when"), item)
            self.check_condition_refs(when, item)
            caveat_id = str(data.get("id", index))
            yield Caveat(
                id=caveat_id,
                when=when,
                text=self.text(f"caveats.{caveat_id}", data.get("text"), item),
            )

    def scores(self, raw: Any) -> Iterator[Score]:
        if not isinstance(raw, list):
            self.problem("scores", "must be a list")
            return
        for index, raw_score in enumerate(raw):
            data = self.mapping(
                raw_score,
                f"scores[{index}]",
                {
                    "id",
                    "value_of",
                    "mean_of",
                    "sum_of",
                    "label",
                    "bands",
                    "round",
                    "flag_at",
                    "source",
                },
                {"id", "label", "source"},
            )
            score_id = str(data.get("id", index))
            item = f"score {score_id}"
            kinds = [k for k in ("value_of", "mean_of", "sum_of") if k in data]
            if len(kinds) != 1:
                self.problem(item, "needs exactly one of value_of, mean_of, sum_of")
                continue
            kind = kinds[0]
            inputs = data[kind] if isinstance(data[kind], list) else [data[kind]]
            for input_id in inputs:
                question = self.questions.get(str(input_id))
                if question is None:
                    self.problem(item, f"'{kind}' names '{input_id}', not a question")
                elif kind == "sum_of" and (
                    question.type != "single" or any(c.weight is None for c in question.choices)
                ):
                    self.problem(
                        item,
                        f"'{input_id}' must be a single question with a weight on every choice "
                        "for sum_of",
                    )
                elif kind != "sum_of" and question.type != "integer":
                    self.problem(item, f"'{input_id}' must be an integer question for {kind}")
            key = f"scores.{score_id}"
            yield Score(
                id=score_id,
                kind=kind,
                inputs=tuple(str(i) for i in inputs),
                label=self.text(f"{key}.label", data.get("label"), item),
                source=self.text(f"{key}.source", data.get("source"), item),
                bands=tuple(self.bands(data.get("bands", []), key, item)),
                round=self.integer(data.get("round", 1), item, "round") or 0,
                flag_at=self.number(data.get("flag_at"), item, "flag_at"),
            )

    def bands(self, raw: Any, key: str, item: str) -> Iterator[Band]:
        if not isinstance(raw, list):
            self.problem(item, "'bands' must be a list")
            return
        for index, raw_band in enumerate(raw):
            data = self.mapping(raw_band, item, {"max", "meaning"}, {"max", "meaning"})
            maximum = self.number(data.get("max"), item, "bands: max")
            if data and maximum is not None:
                yield Band(
                    maximum,
                    self.text(f"{key}.bands.{index}", data.get("meaning"), item),
                )

    def symptom_pattern(self, raw: Any) -> SymptomPattern | None:
        if raw is None:
            return None
        data = self.mapping(
            raw,
            "crps",
            {
                "question",
                "categories",
                "min_categories",
                "also",
                "pattern_note",
                "no_pattern_note",
                "source",
            },
            {
                "question",
                "categories",
                "min_categories",
                "pattern_note",
                "no_pattern_note",
                "source",
            },
        )
        question = self.questions.get(str(data.get("question")))
        categories = []
        raw_categories = data.get("categories", [])
        if not isinstance(raw_categories, list):
            self.problem("crps", "'categories' must be a list of {id, label}")
            raw_categories = []
        for raw_category in raw_categories:
            entry = self.mapping(raw_category, "crps.categories", {"id", "label"}, {"id", "label"})
            category_id = str(entry.get("id"))
            categories.append(
                (
                    category_id,
                    self.text(f"crps.categories.{category_id}", entry.get("label"), "crps"),
                )
            )
        if question is None or question.type != "multi":
            self.problem("crps", "'question' must name a multi question")
        else:
            known = {c for c, _ in categories}
            for choice in question.choices:
                if choice.category is not None and choice.category not in known:
                    self.problem(
                        "crps",
                        f"choice '{choice.id}' has category '{choice.category}', "
                        "not one of the listed categories",
                    )
        also = self.condition(data.get("also"), "crps")
        self.check_condition_refs(also, "crps")
        return SymptomPattern(
            question=str(data.get("question")),
            categories=tuple(categories),
            min_categories=self.integer(data.get("min_categories"), "crps", "min_categories") or 0,
            also=also,
            pattern_note=self.text("crps.pattern_note", data.get("pattern_note"), "crps"),
            no_pattern_note=self.text("crps.no_pattern_note", data.get("no_pattern_note"), "crps"),
            source=self.text("crps.source", data.get("source"), "crps"),
        )

    def precautions(self, raw: Any) -> Iterator[Precaution]:
        if not isinstance(raw, list):
            self.problem("precautions", "must be a list")
            return
        for index, raw_item in enumerate(raw):
            item = f"precautions[{index}]"
            data = self.mapping(raw_item, item, {"id", "text", "when", "from", "texts"}, set())
            if "from" in data:
                question = self.questions.get(str(data["from"]))
                if question is None or question.type != "multi":
                    self.problem(item, "'from' must name a multi question")
                    continue
                given = data.get("texts", {})
                if not isinstance(given, Mapping):
                    self.problem(item, "'texts' must map each choice id to a text")
                    given = {}
                texts = {
                    choice.id: self.text(f"precautions.{choice.id}", given.get(choice.id), item)
                    for choice in question.choices
                    if not choice.exclusive
                }
                yield Precaution(None, None, from_question=question.id, texts=texts)
                continue
            when = self.condition(data.get("when"), item)
            self.check_condition_refs(when, item)
            precaution_id = str(data.get("id", index))
            yield Precaution(
                id=precaution_id,
                text=self.text(f"precautions.{precaution_id}", data.get("text"), item),
                when=when,
            )

    def level_mappings(self, raw: Any) -> tuple[str | None, Text | None, dict[str, LevelMapping]]:
        if raw is None:
            return None, None, {}
        data = self.mapping(
            raw, "drg_levels", {"question", "note", "levels"}, {"question", "note", "levels"}
        )
        question = self.questions.get(str(data.get("question")))
        if question is None:
            self.problem("drg_levels", "'question' must name a question")
            return None, None, {}
        levels: dict[str, LevelMapping] = {}
        raw_levels = data.get("levels") or {}
        if not isinstance(raw_levels, Mapping):
            self.problem("drg_levels", "'levels' must map choice ids to {levels, source}")
            raw_levels = {}
        for choice_id, entry in raw_levels.items():
            item = f"drg_levels.{choice_id}"
            if question.choice(str(choice_id)) is None:
                self.problem(item, f"'{choice_id}' is not a choice of {question.id}")
            mapping = self.mapping(entry, item, {"levels", "source"}, {"levels", "source"})
            spinal = mapping.get("levels", [])
            if not isinstance(spinal, list):
                self.problem(
                    item, f"'levels' must be a list such as [L4, L5], got {shown_value(spinal)}"
                )
                spinal = []
            levels[str(choice_id)] = LevelMapping(
                levels=tuple(str(v) for v in spinal),
                source=self.text(f"{item}.source", mapping.get("source"), item),
            )
        note = self.text("drg_levels.note", data.get("note"), "drg_levels")
        return question.id, note, levels

    def doctor_questions(self, raw: Any) -> Iterator[DoctorQuestion]:
        if not isinstance(raw, list):
            self.problem("doctor_questions", "must be a list")
            return
        for index, raw_item in enumerate(raw):
            item = f"doctor_questions[{index}]"
            data = self.mapping(raw_item, item, {"id", "text", "when", "from_answer"}, set())
            if "from_answer" in data:
                source = str(data["from_answer"])
                if source not in self.questions:
                    self.problem(item, f"'from_answer' names '{source}', not a question")
                yield DoctorQuestion(id=source, text=None, from_answer=source)
                continue
            when = self.condition(data.get("when"), item)
            self.check_condition_refs(when, item)
            question_id = str(data.get("id", index))
            yield DoctorQuestion(
                id=question_id,
                text=self.text(f"doctor_questions.{question_id}", data.get("text"), item),
                when=when,
            )


def _nodes(condition: Condition | None) -> Iterator[Condition]:
    """A condition and every condition inside it."""
    if condition is None:
        return
    yield condition
    if isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            yield from _nodes(item)
    elif isinstance(condition, Not):
        yield from _nodes(condition.item)


def _package_messages(only: Collection[str] | None = None) -> dict[str, dict[str, str]]:
    """The engine's interface words by language, from messages/<lang>.yaml in the package."""
    tables: dict[str, dict[str, str]] = {}
    for path in sorted(MESSAGES_FOLDER.glob("*.yaml")):
        if only is not None and path.stem not in only:
            continue
        raw = load_document(path)
        tables[path.stem] = (
            {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
        )
    return tables


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


def _shown(value: Any) -> str:
    """A value from the folder, quoted for a message: short, control characters visible."""
    from paincheck.display import printable

    text = printable(str(value), one_line=True)
    return f"'{text[:40]}...'" if len(text) > 40 else f"'{text}'"


def _fill(text: Text, name: str, value: Text) -> Text:
    """Put a label into a template in every language, e.g. "{choice}: how much did it help?"."""
    filled = {
        lang: template.replace("{" + name + "}", value(lang))
        for lang, template in text.values.items()
    }
    return Text(text.key, filled)
