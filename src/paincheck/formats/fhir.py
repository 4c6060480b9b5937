"""HL7 FHIR R4: the questionnaire as a Questionnaire, answers as a QuestionnaireResponse, and back.

Plain dictionaries, no FHIR library at run time. How our questions map:
- each section is a `group` item (linkId `section-<id>`); its intro is a `display` item;
- linkId of a question = its id; `single` -> `choice`, `multi` -> `choice` with `repeats`,
  `integer` -> `integer` with the minValue/maxValue extensions, `text` -> `string` (or `text`
  when multi-line) with `maxLength`; each question's help is a `display` child with the
  itemControl `help`; choices are `answerOption` codings in one code system per question
  (`<url>/CodeSystem/<question id>`; a question whose choices come from another question uses
  that question's system), exclusive choices carry `optionExclusive`, scored choices (PHQ-2,
  GAD-2) carry `itemWeight` on the answerOption and R4's older `ordinalValue` on the coding.

Conditions ("shown when") become `enableWhen` where FHIR's operators say exactly the same:
  answered -> `exists`; equals -> `=`; in / contains_any -> one `=` per choice with
  enableBehavior `any` (FHIR's `=` on a repeating question holds when any answer matches);
  less_than -> `<`; at_least -> `>=`; count_at_least 1 -> `exists`; `all` / `any` of such tests
  -> enableBehavior `all` / `any` when each part is a single enableWhen.
Everything else (count_at_least 2 or more, contains_only, `not`, and mixes that enableWhen cannot
nest) becomes the SDC `enableWhenExpression` extension, a FHIRPath expression with exactly our
meaning. `not` is never mapped to `!=`: FHIR's `!=` is false for an unanswered question, ours is
true. enableWhen and enableWhenExpression are never both on one item (SDC forbids it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from paincheck.answers.checking import Answers, choice_source, shown_questions
from paincheck.answers.fhir import code_system, group_link_id
from paincheck.errors import PaincheckError, Problem
from paincheck.questionnaire import Question, Questionnaire, Section
from paincheck.questionnaire.conditions import (
    AllOf,
    AnswerTest,
    AnyOf,
    Condition,
    GroupCount,
    Not,
    Value,
)
from paincheck.questionnaire.view import View

_EXT = "http://hl7.org/fhir/StructureDefinition/"
ITEM_CONTROL = _EXT + "questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
MIN_VALUE = _EXT + "minValue"
MAX_VALUE = _EXT + "maxValue"
ITEM_WEIGHT = _EXT + "itemWeight"
ORDINAL_VALUE = _EXT + "ordinalValue"
OPTION_EXCLUSIVE = _EXT + "questionnaire-optionExclusive"
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
# SDC: the answers a question offers, computed from the response (here: the places chosen
# earlier). Allowed only on an item without answerOption.
ANSWER_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression"
)
# A rule the answers must keep (FHIR extensions pack; replaces questionnaire-constraint):
# sub-extensions key, severity, expression, human.
TARGET_CONSTRAINT = _EXT + "targetConstraint"

TO_RESPONSE_STATUS = {"complete": "completed", "in_progress": "in-progress"}
# The checklist's pain-severity code (questions/questionnaire.yaml, pain_now; a test keeps the
# two the same), for a pain score that is no answer to a question: a diary's baseline.
PAIN_SEVERITY = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}


# -- identifiers (code_system and group_link_id are the reader's: answers/fhir.py) ---------


def canonical(questionnaire: Questionnaire) -> str:
    """The questionnaire's canonical reference, with its version."""
    return f"{questionnaire.url}|{questionnaire.version}"


def _computable_name(identifier: str) -> str:
    name = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", identifier))
    return name if name[:1].isalpha() else f"Q{name}"


# -- the Questionnaire --------------------------------------------------------------------


def questionnaire_resource(view: View) -> dict[str, Any]:
    """The questionnaire as a FHIR R4 Questionnaire resource, in the view's language."""
    questionnaire = view.questionnaire
    resource: dict[str, Any] = {"resourceType": "Questionnaire"}
    if re.fullmatch(r"[A-Za-z0-9\-.]{1,64}", questionnaire.id):
        resource["id"] = questionnaire.id
    resource.update(
        {
            "language": view.lang,
            "url": questionnaire.url,
            "version": questionnaire.version,
            "name": _computable_name(questionnaire.id),
            "title": view.text(questionnaire.title),
            "status": "active",
            "subjectType": ["Patient"],
            "item": [_group_item(view, section) for section in questionnaire.sections],
        }
    )
    _check_link_ids(questionnaire, resource["item"])
    return resource


def _group_item(view: View, section: Section) -> dict[str, Any]:
    questionnaire = view.questionnaire
    link_id = group_link_id(section)
    item: dict[str, Any] = {"linkId": link_id, "text": view.text(section.title), "type": "group"}
    item.update(enable_fields(questionnaire, section.shown_when, link_id))
    children: list[dict[str, Any]] = []
    opening = " ".join(view.text(t) for t in (section.intro, section.safety) if t is not None)
    if opening:  # the intro and the safety text (a crisis line): one display item
        children.append({"linkId": f"{link_id}-intro", "text": opening, "type": "display"})
    children.extend(_question_item(view, q) for q in section.questions)
    item["item"] = children
    return item


def _question_item(view: View, question: Question) -> dict[str, Any]:
    questionnaire = view.questionnaire
    item: dict[str, Any] = {"linkId": question.id}
    if question.code is not None:
        code = question.code
        item["code"] = [{"system": code.system, "code": code.code, "display": code.display}]
    item["text"] = view.text(question.text)
    extensions: list[dict[str, Any]] = []
    kind = question.kind
    lines = question.multiline and kind.fhir_lines_item is not None
    item["type"] = kind.fhir_lines_item if lines else kind.fhir_item
    if kind.number:
        if question.min is not None:
            extensions.append({"url": MIN_VALUE, kind.fhir_value: question.min})
        if question.max is not None:
            extensions.append({"url": MAX_VALUE, kind.fhir_value: question.max})
    enable = enable_fields(questionnaire, question.shown_when, question.id)
    extensions.extend(enable.pop("extension", []))
    item.update(enable)
    if question.required:
        item["required"] = True
    if kind.picks == "many":
        item["repeats"] = True
    if kind.own_words:
        item["maxLength"] = question.max_length
    if question.choices_from:
        extensions.append(_answer_expression(questionnaire, question))
    elif kind.coded:
        item["answerOption"] = _answer_options(view, question)
    if question.at_most:
        extensions.append(_at_most_constraint(view, question))
    if extensions:
        item["extension"] = extensions
    item["item"] = [_help_item(question, view)]
    return item


def _answer_expression(questionnaire: Questionnaire, question: Question) -> dict[str, Any]:
    """The choices of an earlier question that were chosen (not its exclusive ones)."""
    source = choice_source(questionnaire, question)
    chosen = f"{_answers_of(source.id)}.value"
    excluded = [c.id for c in source.choices if c.exclusive]
    if excluded:
        kept = " and ".join(f"code != {_literal(code)}" for code in excluded)
        chosen += f".where({kept})"
    return {
        "url": ANSWER_EXPRESSION,
        "valueExpression": {"language": "text/fhirpath", "expression": chosen},
    }


def _at_most_constraint(view: View, question: Question) -> dict[str, Any]:
    """ "At most another answer" as a rule a form checks: true while either is unanswered."""
    other = view.questionnaire.question(question.at_most or "")
    this_value, other_value = (
        f"{_answers_of(q)}.value" for q in (question.id, question.at_most or "")
    )
    expression = (
        f"{this_value}.empty() or {other_value}.empty() or "
        f"({this_value}.first() <= {other_value}.first())"
    )
    key = re.sub(r"[^A-Za-z0-9.-]", "-", f"{question.id}-at-most-{question.at_most}")[:64]
    human = view.msg(
        "fhir_at_most", question=view.text(other.text) if other else str(question.at_most)
    )
    return {
        "url": TARGET_CONSTRAINT,
        "extension": [
            {"url": "key", "valueId": key},
            {"url": "severity", "valueCode": "error"},
            {
                "url": "expression",
                "valueExpression": {"language": "text/fhirpath", "expression": expression},
            },
            {"url": "human", "valueString": human},
        ],
    }


def _answers_of(question_id: str) -> str:
    """The FHIRPath of a question's answers in the response being filled in."""
    return f"%resource.repeat(item).where(linkId = {_literal(question_id)}).answer"


def _answer_options(view: View, question: Question) -> list[dict[str, Any]]:
    questionnaire = view.questionnaire
    source = choice_source(questionnaire, question)
    system = code_system(questionnaire, question)
    options = []
    for choice in source.choices:
        # A question offering another's answers never offers its exclusive one ("all over"):
        # it is asked only when several places were chosen.
        if question.choices_from and choice.exclusive:
            continue
        coding: dict[str, Any] = {
            "system": system,
            "code": choice.id,
            "display": view.text(choice.label),
        }
        option: dict[str, Any] = {"valueCoding": coding}
        extensions: list[dict[str, Any]] = []
        if choice.weight is not None:
            coding["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": choice.weight}]
            extensions.append({"url": ITEM_WEIGHT, "valueDecimal": choice.weight})
        if choice.exclusive and not question.choices_from:
            extensions.append({"url": OPTION_EXCLUSIVE, "valueBoolean": True})
        if extensions:
            option["extension"] = extensions
        options.append(option)
    return options


def _help_item(question: Question, view: View) -> dict[str, Any]:
    text = view.text(question.help)
    if question.anchors:
        # FHIR has no scale labels in R4 core; the patient still needs to know what 0 and 10 mean.
        text += " (" + "; ".join(f"{n} = {view.text(label)}" for n, label in question.anchors) + ")"
    return {
        "linkId": f"{question.id}-help",
        "text": text,
        "type": "display",
        "extension": [
            {
                "url": ITEM_CONTROL,
                "valueCodeableConcept": {
                    "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]
                },
            }
        ],
    }


def _check_link_ids(questionnaire: Questionnaire, items: Sequence[Mapping[str, Any]]) -> None:
    """FHIR needs every linkId unique; a questions folder could collide with ours by chance."""
    seen: set[str] = set()
    problems: list[Problem] = []

    def walk(children: Sequence[Mapping[str, Any]]) -> None:
        for child in children:
            link_id = str(child["linkId"])
            if link_id in seen:
                problems.append(
                    Problem(
                        str(questionnaire.folder),
                        "this id is used twice in the FHIR Questionnaire; rename the question",
                        link_id,
                    )
                )
            seen.add(link_id)
            walk(child.get("item", []))

    walk(items)
    if problems:
        raise PaincheckError(problems)


# -- conditions ---------------------------------------------------------------------------


def enable_fields(
    questionnaire: Questionnaire, condition: Condition | None, item: str
) -> dict[str, Any]:
    """The enableWhen (+ enableBehavior) for a condition, or an enableWhenExpression extension."""
    if condition is None:
        return {}
    mapped = _enable_when(questionnaire, condition)
    if mapped is not None and mapped[0]:
        entries, behavior = mapped
        result: dict[str, Any] = {"enableWhen": entries}
        if len(entries) > 1:
            result["enableBehavior"] = behavior
        return result
    expression = _fhirpath(questionnaire, condition, item)
    return {
        "extension": [
            {
                "url": ENABLE_WHEN_EXPRESSION,
                "valueExpression": {"language": "text/fhirpath", "expression": expression},
            }
        ]
    }


def _enable_when(
    questionnaire: Questionnaire, condition: Condition
) -> tuple[list[dict[str, Any]], str] | None:
    """enableWhen entries and their behaviour, or None when they cannot say the same thing."""
    if isinstance(condition, AnswerTest):
        entries = _test_entries(questionnaire, condition)
        return (entries, "any") if entries is not None else None
    if isinstance(condition, AllOf | AnyOf):
        parts = [_enable_when(questionnaire, c) for c in condition.items]
        if any(p is None for p in parts):
            return None
        checked = [p for p in parts if p is not None]
        if isinstance(condition, AllOf):
            if any(len(entries) != 1 for entries, _ in checked):
                return None
            return [entries[0] for entries, _ in checked], "all"
        return [e for entries, _ in checked for e in entries], "any"
    return None


def _test_entries(questionnaire: Questionnaire, test: AnswerTest) -> list[dict[str, Any]] | None:
    question = questionnaire.question(test.question or "")
    if question is None:
        return None
    link = {"question": question.id}
    if test.test == "answered" or (test.test == "count_at_least" and test.operand == 1):
        wanted = bool(test.operand)
        return [{**link, "operator": "exists", "answerBoolean": wanted}]
    if test.test in ("equals", "in", "contains_any"):
        if test.test != "contains_any" and question.kind.picks == "many":
            return None  # our equals/in never hold for a list; let the expression say so
        operands = test.operand if isinstance(test.operand, tuple) else (test.operand,)
        answers = [_answer_value(questionnaire, question, op) for op in operands]
        if any(a is None for a in answers):
            return None
        return [{**link, "operator": "=", **a} for a in answers if a is not None]
    if test.test in ("less_than", "at_least") and question.kind.number:
        operator = "<" if test.test == "less_than" else ">="
        return [{**link, "operator": operator, "answerInteger": int(test.operand)}]
    return None


def _answer_value(
    questionnaire: Questionnaire, question: Question, operand: object
) -> dict[str, Any] | None:
    kind = question.kind
    key = "answer" + kind.fhir_value.removeprefix("value")  # valueCoding: answerCoding
    if kind.coded:
        system = code_system(questionnaire, question)
        return {key: {"system": system, "code": str(operand)}}
    if kind.number:
        number = _as_int(operand)
        return {key: number} if number is not None else None
    return {key: str(operand)}


def _as_int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value)
    return None


def _fhirpath(questionnaire: Questionnaire, condition: Condition, item: str) -> str:
    """A FHIRPath expression over the response with exactly the condition's meaning."""
    if isinstance(condition, AnswerTest):
        return _fhirpath_test(questionnaire, condition, item)
    if isinstance(condition, AllOf | AnyOf):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        return joiner.join(f"({_fhirpath(questionnaire, c, item)})" for c in condition.items)
    if isinstance(condition, Not):
        return f"({_fhirpath(questionnaire, condition.item, item)}).not()"
    raise PaincheckError.single(
        str(questionnaire.folder),
        f"its condition {type(condition).__name__} cannot be written in FHIR; "
        "use answer tests with all/any/not",
        item,
    )


def _fhirpath_test(questionnaire: Questionnaire, test: AnswerTest, item: str) -> str:
    question = questionnaire.question(test.question or "")
    if question is None:
        raise PaincheckError.single(
            str(questionnaire.folder), f"condition names unknown question {test.question}", item
        )
    answers = _answers_of(question.id)
    coded = question.kind.coded
    values = f"{answers}.value" + (".code" if coded else "")
    operands = test.operand if isinstance(test.operand, tuple) else (test.operand,)
    literals = [_operand_literal(question, op) for op in operands]
    if test.test == "answered":
        return f"{answers}.exists()" if test.operand else f"{answers}.empty()"
    if test.test == "count_at_least":
        return f"{answers}.count() >= {int(test.operand)}"
    if test.test in ("equals", "in") and question.kind.picks == "many":
        return "false"  # our equals/in hold only for a single answer
    if isinstance(test.operand, GroupCount):
        touched = " + ".join(
            f"iif({values}.intersect({' | '.join(_operand_literal(question, c) for c in group)})"
            ".exists(), 1, 0)"
            for group in test.operand.groups
        )
        return f"({touched}) >= {test.operand.count}"
    if test.test in ("equals", "in", "contains_any"):
        return f"{values}.intersect({' | '.join(literals)}).exists()"
    if test.test == "contains_only":
        allowed = " or ".join(f"$this = {lit}" for lit in literals)
        return f"({answers}.exists() and {values}.all({allowed}))"
    operator = "<" if test.test == "less_than" else ">="
    return f"{values}.where($this {operator} {int(test.operand)}).exists()"


def _operand_literal(question: Question, operand: object) -> str:
    number = _as_int(operand) if question.kind.number else None
    return str(number) if number is not None else _literal(str(operand))


def _literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


# -- the QuestionnaireResponse ------------------------------------------------------------


def response_resource(view: View, answers: Answers, *, redact: bool = False) -> dict[str, Any]:
    """Answers as a FHIR R4 QuestionnaireResponse; `redact` leaves identifying answers out."""
    questionnaire = view.questionnaire
    groups: list[dict[str, Any]] = []
    for section in questionnaire.sections:
        children = []
        for question in section.questions:
            value = answers.values.get(question.id)
            if value is None or (redact and question.identifying):
                continue
            children.append(
                {
                    "linkId": question.id,
                    "text": view.text(question.text),
                    "answer": _response_answers(view, question, value),
                }
            )
        if children:
            groups.append(
                {
                    "linkId": group_link_id(section),
                    "text": view.text(section.title),
                    "item": children,
                }
            )
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "language": view.lang,
        "questionnaire": canonical(questionnaire),
        "status": response_status(questionnaire, answers),
    }
    if answers.date is not None:
        resource["authored"] = answers.date  # YYYY-MM-DD: a valid FHIR dateTime
    resource["item"] = groups
    return resource


def response_status(questionnaire: Questionnaire, answers: Answers) -> str:
    """`completed` only for answers saved as complete with every required question shown
    answered; otherwise `in-progress` (FHIR R4: a completed response has its required
    answers)."""
    shown, kept = shown_questions(questionnaire, answers.values)
    missing = any(q.required and q.id not in kept for q in shown)
    return "in-progress" if missing else TO_RESPONSE_STATUS.get(answers.status, "completed")


def response_json(view: View, answers: Answers, *, redact: bool = False) -> str:
    """The QuestionnaireResponse as JSON text, ready to write to a file."""
    resource = response_resource(view, answers, redact=redact)
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"


def collection_bundle(
    view: View, dated: Sequence[tuple[str, Answers]], *, first: Sequence[Mapping[str, Any]] = ()
) -> str:
    """Several responses as one FHIR R4 Bundle of type collection (JSON text), each response
    `authored` on its date (YYYY-MM-DD, a valid FHIR dateTime); `first`: resources before
    them (a diary's baseline pain)."""
    entries = [{"resource": dict(resource)} for resource in first]
    entries += [
        {"resource": {**response_resource(view, answers), "authored": day}}
        for day, answers in dated
    ]
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"


def pain_observation(pain: int, text: str, note: str, day: str | None = None) -> dict[str, Any]:
    """A 0-10 pain score as a FHIR R4 Observation, coded as the checklist codes pain
    (`PAIN_SEVERITY`), dated when it was recorded if that is known."""
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [dict(PAIN_SEVERITY)], "text": text},
        "valueInteger": pain,
        "note": [{"text": note}],
    }
    if day is not None:
        observation["effectiveDateTime"] = day
    return observation


def _response_answers(view: View, question: Question, value: Value) -> list[dict[str, Any]]:
    key = question.kind.fhir_value
    if not question.kind.coded:
        return [{key: value}]
    questionnaire = view.questionnaire
    source = choice_source(questionnaire, question)
    system = code_system(questionnaire, question)
    codes = value if isinstance(value, list) else [str(value)]
    result = []
    for code in codes:
        choice = source.choice(code)
        coding = {"system": system, "code": code}
        if choice is not None:
            coding["display"] = view.text(choice.label)
        result.append({key: coding})
    return result
