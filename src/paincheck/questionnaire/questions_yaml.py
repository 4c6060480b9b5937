"""Reading questionnaire.yaml's shape: sections, questions, choices, repeated questions."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from paincheck.questionnaire.conditions import AnswerTest, Condition
from paincheck.questionnaire.models import (
    DEFAULT_MAX_LENGTH,
    Choice,
    Coding,
    Question,
    Section,
    file_keys,
)
from paincheck.questionnaire.reading import Reader
from paincheck.questionnaire.types import (
    READ_UNKNOWN_AS,
    TYPE_NAMES,
    TYPES,
    QuestionType,
    TypeName,
    type_named,
)
from paincheck.text.display import shown_value
from paincheck.text.language import Text

MAX_UNIT = 5  # characters: a sign such as "%", not a word (a unit is never translated)
# A code system is named by an absolute URI (FHIR `Coding.system`), e.g. http://loinc.org.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")


class QuestionsReader(Reader):
    """The sections and questions of questionnaire.yaml, each checked as it is read."""

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
                {"id", "title", "intro", "safety", "shown_when", "questions"},
                {"id", "title", "questions"},
            )
            section_id = str(data.get("id", f"#{index}"))
            item = f"section {section_id}"
            if section_id in seen:
                self.problem(item, "section id used twice")
            seen.add(section_id)
            shown_when = self.condition(data.get("shown_when"), item)
            questions = tuple(self.section_questions(section_id, data.get("questions", [])))
            yield Section(
                id=section_id,
                title=self.text(f"sections.{section_id}.title", data.get("title"), item),
                intro=self.optional_text(f"sections.{section_id}.intro", data, "intro", item),
                shown_when=shown_when,
                questions=questions,
                safety=self.optional_text(f"sections.{section_id}.safety", data, "safety", item),
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
        allowed = file_keys(Question) | ({"repeat", "for_each"} if group else set())
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) and raw["id"]:
            item = raw["id"]  # name the question, not its position, in every problem
        data = self.mapping(raw, item, allowed, {"id", "type", "text", "help"})
        if not data:
            return None
        question_id, type_name = self.id_and_type(data, item)
        kind = TYPES[type_name]
        item = question_id
        key = key or f"questions.{question_id}"
        text = self.text(f"{key}.text", data.get("text"), item)
        help_text = self.text(f"{key}.help", data.get("help"), item)
        if fill is not None:
            text = _fill(text, "choice", fill)
        shown_when = self.condition(data.get("shown_when"), item)
        if extra_condition is not None:
            shown_when = extra_condition
        choices = self.choices(question_id, key, kind, data, item)
        minimum, maximum = self.bounds(data, kind, item)
        anchors = self.anchors(data.get("anchors"), key, item)
        step = self.step(data.get("step"), kind, item)
        unit = self.unit(data.get("unit"), kind, item)
        at_most = self.at_most(data.get("at_most"), item)
        max_length = self.max_length(data, item)
        return Question(
            id=question_id,
            type=type_name,
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
            unit=unit,
            max_length=max_length,
            multiline=self.boolean(data, item, "multiline"),
            identifying=self.boolean(data, item, "identifying"),
            code=self.coding(data.get("code"), item),
            at_most=at_most,
            shown_when=shown_when,
            group=group,
        )

    def id_and_type(self, data: Mapping[str, Any], item: str) -> tuple[str, TypeName]:
        """A question's id (a problem with it names `item`) and its type (text if unknown)."""
        raw_id = data.get("id", item)
        if not isinstance(raw_id, str) or not raw_id:
            self.problem(item, f"question id must be text, got {shown_value(raw_id)}")
        question_id = str(raw_id)
        raw_type = data.get("type")
        kind = type_named(raw_type)
        if kind is None:
            choices = ", ".join(TYPE_NAMES)
            self.problem(question_id, f"type must be one of {choices}, got {shown_value(raw_type)}")
            kind = READ_UNKNOWN_AS
        return question_id, kind

    def bounds(
        self, data: Mapping[str, Any], kind: QuestionType, item: str
    ) -> tuple[int | None, int | None]:
        minimum = self.integer(data.get("min"), item, "min")
        maximum = self.integer(data.get("max"), item, "max")
        if kind.number and (minimum is None or maximum is None):
            self.problem(item, "an integer question needs 'min' and 'max'")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.problem(item, f"'min' ({minimum}) is above 'max' ({maximum})")
        return minimum, maximum

    def at_most(self, raw: Any, item: str) -> str | None:
        if raw is None:
            return None
        other = self.questions.get(str(raw))
        if other is None or not other.kind.number:
            self.problem(
                item, f"'at_most' must name an earlier integer question, got {shown_value(raw)}"
            )
        return str(raw)

    def max_length(self, data: Mapping[str, Any], item: str) -> int:
        max_length = self.integer(data.get("max_length", DEFAULT_MAX_LENGTH), item, "max_length")
        if max_length is not None and max_length < 1:
            self.problem(item, f"'max_length' must be at least 1, got {max_length}")
            max_length = None
        return max_length or DEFAULT_MAX_LENGTH

    def choices(
        self, question_id: str, key: str, kind: QuestionType, data: Mapping[str, Any], item: str
    ) -> tuple[Choice, ...]:
        if not kind.coded:
            if "choices" in data or "choices_from" in data:
                self.problem(item, f"a {kind.name} question takes no choices")
            return ()
        if "choices_from" in data:
            source = self.questions.get(str(data["choices_from"]))
            if source is None or source.kind.picks != "many":
                self.problem(item, "'choices_from' must name an earlier multi question")
            elif kind.picks != "one":
                self.problem(item, "'choices_from' works for single questions only")
            return ()
        raw = data.get("choices")
        if not isinstance(raw, list) or not raw:
            self.problem(item, "needs a non-empty list of 'choices'")
            return ()
        choices: list[Choice] = []
        seen: set[str] = set()  # a set, not a search of the list: a folder may hold many
        for raw_choice in raw:
            choice = self.choice(question_id, key, raw_choice)
            if choice is None:
                continue
            if choice.id in seen:
                self.problem(item, f"choice '{choice.id}' is listed twice")
            seen.add(choice.id)
            choices.append(choice)
        return tuple(choices)

    def choice(self, question_id: str, key: str, raw: Any) -> Choice | None:
        data = self.mapping(raw, question_id, file_keys(Choice), {"id", "label"})
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
            short=self.optional_text(f"{key}.short.{choice_id}", data, "short", item),
        )

    def coding(self, raw: Any, item: str) -> Coding | None:
        """A standard code: `{system, code, display}`, each text, the system a URI."""
        if raw is None:
            return None
        data = self.mapping(raw, f"{item}: code", file_keys(Coding), file_keys(Coding))
        values = {key: data.get(key) for key in file_keys(Coding)}
        wrong = sorted(k for k, v in values.items() if k in data and not _is_text(v))
        for key in wrong:
            self.problem(f"{item}: code", f"'{key}' must be text, got {shown_value(values[key])}")
        if wrong or values.keys() - data.keys():
            return None
        if not _URI.fullmatch(str(values["system"])):
            self.problem(
                f"{item}: code",
                f"'system' must be a URI such as http://loinc.org, got {shown_value(values['system'])}",
            )
            return None
        return Coding(**{key: str(value) for key, value in values.items()})

    def step(self, raw: Any, kind: QuestionType, item: str) -> int | None:
        step = self.integer(raw, item, "step")
        if step is None:
            return None
        if not kind.number:
            self.problem(item, f"'step' is for integer questions, not {kind.name}")
            return None
        if step < 1:
            self.problem(item, f"'step' must be at least 1, got {step}")
            return None
        return step

    def unit(self, raw: Any, kind: QuestionType, item: str) -> str | None:
        if raw is None:
            return None
        if not kind.number:
            self.problem(item, f"'unit' is for integer questions, not {kind.name}")
            return None
        if not isinstance(raw, str) or not 0 < len(raw) <= MAX_UNIT or not raw.isprintable():
            self.problem(item, f"'unit' must be a short sign such as \"%\", got {shown_value(raw)}")
            return None
        return raw

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
        if source is None or source.kind.picks != "many":
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


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _fill(text: Text, name: str, value: Text) -> Text:
    """Put a label into a template in every language, e.g. "{choice}: how much did it help?"."""
    filled = {
        lang: template.replace("{" + name + "}", value(lang))
        for lang, template in text.values.items()
    }
    return Text(text.key, filled)
