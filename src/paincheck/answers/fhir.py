"""Reading a FHIR R4 QuestionnaireResponse: a plain answers document, and its problems.

The answers pipeline checks that document like any answers file; it never sees FHIR. The
names both directions share (statuses, group linkIds, code systems) are here; the writer,
`formats/fhir.py`, takes them from this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from paincheck.answers.checking import choice_source
from paincheck.errors import Problem
from paincheck.questionnaire import Question, Questionnaire, Section
from paincheck.questionnaire.conditions import Value
from paincheck.text.display import MAX_LISTED, describe_value, did_you_mean, quoted, shortened

# A response's status, and what it means for the answers (formats/fhir.py writes the reverse).
RESPONSE_STATUSES = {
    "completed": "complete",
    "amended": "complete",
    "in-progress": "in_progress",
    "stopped": "in_progress",
}


def group_link_id(section: Section) -> str:
    """The linkId of a section's group item (distinct from question ids such as `mood`)."""
    return f"section-{section.id}"


def code_system(questionnaire: Questionnaire, question: Question) -> str:
    """The code system of a question's choices (a `choices_from` question shares its source's)."""
    return f"{questionnaire.url}/CodeSystem/{question.choices_from or question.id}"


def read_response(
    questionnaire: Questionnaire, resource: Mapping[str, Any], file: str
) -> tuple[dict[str, Any], list[Problem]]:
    """An answers document from a QuestionnaireResponse, and every problem met reading it
    (each naming the file and the linkId)."""
    reader = _ResponseReader(questionnaire, file)
    return reader.read(resource), reader.problems


class _ResponseReader:
    """Walks a QuestionnaireResponse, collecting answers and problems."""

    def __init__(self, questionnaire: Questionnaire, file: str) -> None:
        self.questionnaire = questionnaire
        self.file = file
        self.problems: list[Problem] = []
        self.unknown_link_ids = 0
        self.answers: dict[str, Value] = {}
        self.groups = {group_link_id(s) for s in questionnaire.sections}
        self.displays = {f"{g}-intro" for g in self.groups} | {
            f"{q.id}-help" for q in questionnaire.questions
        }

    def problem(self, message: str, link_id: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, link_id))

    def read(self, resource: Mapping[str, Any]) -> dict[str, Any]:
        document: dict[str, Any] = {"questionnaire": self.questionnaire.id}
        version = self.reference(resource.get("questionnaire"))
        if version is not None:
            document["version"] = version
        document["status"] = self.status(resource.get("status"))
        day = self.authored(resource.get("authored"))
        if day is not None:
            document["date"] = day  # checked as any answers file's date
        self.items(resource.get("item", []), "item")
        if self.unknown_link_ids > MAX_LISTED:
            more = self.unknown_link_ids - MAX_LISTED
            self.problem(f"and {more} more linkIds that are not questions")
        document["answers"] = self.answers
        return document

    def reference(self, raw: Any) -> str | None:
        """Check the response is for this questionnaire; return the version it names."""
        if raw is None:
            return None
        if not isinstance(raw, str):
            self.problem(f"'questionnaire' must be a canonical URL, got {describe_value(raw)}")
            return None
        url, _, version = raw.partition("|")
        if url != self.questionnaire.url:
            self.problem(
                f"is a response to questionnaire {quoted(url, 80)}, not to '{self.questionnaire.url}' "
                f"({self.questionnaire.id})"
            )
        return version or None

    def status(self, raw: Any) -> str:
        if raw is None:
            self.problem("has no 'status' (a QuestionnaireResponse needs one, e.g. completed)")
        elif raw == "entered-in-error":
            self.problem("has status 'entered-in-error': it was marked as a mistake; not used")
        elif not isinstance(raw, str) or raw not in RESPONSE_STATUSES:
            self.problem(
                f"status must be one of {', '.join([*RESPONSE_STATUSES, 'entered-in-error'])}; "
                f"got {describe_value(raw)}"
            )
        return RESPONSE_STATUSES.get(raw, "complete") if isinstance(raw, str) else "complete"

    def authored(self, raw: Any) -> str | None:
        """The day of `authored` as written (a dateTime keeps its own day); None for a year or
        month alone, which names no day."""
        if raw is None:
            return None
        if isinstance(raw, str):
            if re.fullmatch(r"[0-9]{4}(-[0-9]{2})?", raw):
                return None
            if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T|$)", raw):
                return raw[:10]
        self.problem(
            f"'authored' must be a date (YYYY-MM-DD, or with a time), got {describe_value(raw)}"
        )
        return None

    def items(self, raw: Any, path: str) -> None:
        if not isinstance(raw, list):
            self.problem(f"'{path}' must be a list of items, got {describe_value(raw)}")
            return
        for index, item in enumerate(raw):
            self.item(item, f"{path}[{index}]")

    def item(self, raw: Any, path: str) -> None:
        if not isinstance(raw, Mapping):
            self.problem(f"{path} must be an item (a JSON object), got {describe_value(raw)}")
            return
        link_id = raw.get("linkId")
        if not isinstance(link_id, str) or not link_id:
            self.problem(f"{path} has no linkId")
            return
        question = self.questionnaire.question(link_id)
        if question is not None:
            self.question(question, raw)
        elif link_id in self.groups or link_id in self.displays:
            if "answer" in raw:
                self.problem(
                    "is a group or display text, not a question; it takes no answer", link_id
                )
        else:
            # Only the first few are named (and matched to a near question): a response
            # can hold tens of thousands.
            self.unknown_link_ids += 1
            if self.unknown_link_ids <= MAX_LISTED:
                self.problem(self.unknown(link_id), link_id)
        if "item" in raw:
            self.items(raw["item"], f"{path}.item")
        answers = raw.get("answer")
        if isinstance(answers, list):
            for index, answer in enumerate(answers):
                if isinstance(answer, Mapping) and "item" in answer:
                    self.items(answer["item"], f"{path}.answer[{index}].item")

    def unknown(self, link_id: str) -> str:
        known = [q.id for q in self.questionnaire.questions]
        return "is not a question of this questionnaire" + did_you_mean(link_id, known)

    def question(self, question: Question, raw: Mapping[str, Any]) -> None:
        if question.id in self.answers:
            self.problem("is answered twice; keep one item for it", question.id)
            return
        answers = raw.get("answer", [])
        if not isinstance(answers, list):
            self.problem(f"'answer' must be a list, got {describe_value(answers)}", question.id)
            return
        values = [self.value(question, answer) for answer in answers]
        if any(v is None for v in values):
            return
        if not values:
            return
        if question.kind.picks == "many":
            self.answers[question.id] = [str(v) for v in values]
        elif len(values) > 1:
            self.problem(f"takes one answer, got {len(values)}", question.id)
        else:
            self.answers[question.id] = values[0]

    def value(self, question: Question, answer: Any) -> str | int | None:
        if not isinstance(answer, Mapping):
            self.problem(
                f"an answer must be a JSON object, got {describe_value(answer)}", question.id
            )
            return None
        kinds = [str(key) for key in answer if str(key).startswith("value")]
        expected = question.kind.fhir_value
        if len(kinds) != 1:
            found = "none" if not kinds else _listed(kinds)
            self.problem(f"each answer needs exactly one {expected}; found {found}", question.id)
            return None
        if kinds[0] != expected:
            self.problem(
                f"is a {question.type} question: expects {expected}, got {shortened(kinds[0])}",
                question.id,
            )
            return None
        value = answer[expected]
        if question.kind.coded:
            return self.coding(question, value)
        if isinstance(value, bool) or not isinstance(value, question.kind.fhir_json):
            words = question.kind.fhir_json_words
            self.problem(f"{expected} must be {words}, got {describe_value(value)}", question.id)
            return None
        return value

    def coding(self, question: Question, coding: Any) -> str | None:
        allowed = ", ".join(c.id for c in choice_source(self.questionnaire, question).choices)
        if not isinstance(coding, Mapping) or not isinstance(coding.get("code"), str):
            self.problem(f"valueCoding needs a 'code' (one of: {allowed})", question.id)
            return None
        system = coding.get("system")
        expected = code_system(self.questionnaire, question)
        if system is not None and system != expected:
            shown = shortened(system, 80) if isinstance(system, str) else describe_value(system)
            self.problem(
                f"coding {shown}|{shortened(coding['code'])} is not from this question's answer "
                "options "
                f"(system {expected}; codes: {allowed})",
                question.id,
            )
            return None
        return str(coding["code"])


def _listed(names: list[str], most: int = 4) -> str:
    """Names from the file, each shortened, the first few of them: a hostile answer can hold
    thousands."""
    shown = ", ".join(shortened(name) for name in names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most} more"
