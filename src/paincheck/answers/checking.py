"""Answers: one pipeline that checks answers from a file or from the interview, and writes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from paincheck.answers.dates import check_answered_on, latest_today
from paincheck.errors import PaincheckError, Problem
from paincheck.files.reading import dump_json, dump_yaml, read_bytes
from paincheck.files.writing import write_private, written_as
from paincheck.model import model
from paincheck.questionnaire import Question, Questionnaire, Section
from paincheck.questionnaire.conditions import Value
from paincheck.text.display import (
    MAX_LISTED,
    describe_value,
    did_you_mean,
    key_as_written,
    shortened,
    shown_value,
)

STATUSES = ("complete", "in_progress")
TOP_KEYS = ("questionnaire", "version", "status", "date", "answers")


@model
class Answers:
    """Checked answers by question id, in questionnaire order, with the file's status and
    the day they were given (YYYY-MM-DD; None when the file does not say)."""

    values: Mapping[str, Value] = field(default_factory=dict)
    status: str = "complete"
    date: str | None = None

    def get(self, question_id: str) -> Value:
        """The answer to a question, or None."""
        return self.values.get(question_id)


@model
class LoadedAnswers:
    """Answers read from a file, with the warnings met on the way."""

    answers: Answers
    warnings: tuple[Problem, ...] = ()


class ConditionContext:
    """What conditions look at: the answers that count, the questions shown, and (for the
    rules) the warning flags, the criterion statuses so far and the symptom pattern."""

    def __init__(
        self,
        values: Mapping[str, Value] | None = None,
        shown: Sequence[Question] = (),
        flags: set[str] | None = None,
    ) -> None:
        self.values: dict[str, Value] = dict(values or {})
        self.shown: list[Question] = list(shown)
        self._flags = flags or set()
        # Each block's results so far, by id: "criteria", then "approved_use".
        self.results: dict[str, dict[str, str]] = {"criteria": {}, "approved_use": {}}
        self.pattern: bool | None = None

    def answer(self, question_id: str) -> Value:
        return self.values.get(question_id)

    def shown_in_group(self, group: str) -> Sequence[str]:
        return [q.id for q in self.shown if q.group == group]

    def flags(self) -> set[str]:
        return self._flags

    def criterion_statuses(self) -> Sequence[str]:
        return list(self.results["criteria"].values())

    def approved_use_statuses(self) -> Sequence[str]:
        return list(self.results["approved_use"].values())

    def result_status(self, block: str, item: str) -> str | None:
        return self.results.get(block, {}).get(item)

    def symptom_pattern(self) -> bool | None:
        return self.pattern


def is_shown(section: Section, question: Question, ctx: ConditionContext) -> bool:
    """Whether a question of this section is asked, given the answers to the questions
    before it."""
    if section.shown_when is not None and not section.shown_when.holds(ctx):
        return False
    return question.shown_when is None or question.shown_when.holds(ctx)


def shown_questions(
    questionnaire: Questionnaire, values: Mapping[str, Value]
) -> tuple[list[Question], dict[str, Value]]:
    """The questions shown for these answers, and the answers that count (those shown)."""
    walk = ConditionContext()
    for section in questionnaire.sections:
        for question in section.questions:
            if is_shown(section, question, walk):
                walk.shown.append(question)
                if values.get(question.id) is not None:
                    walk.values[question.id] = values[question.id]
    return walk.shown, walk.values


def check_value(
    question: Question, value: Any, values: Mapping[str, Value]
) -> tuple[Value, str | None]:
    """Check one answer; return it in its canonical form, or a message saying what is wrong.

    `values` holds the answers so far, for the rules that look at another question.
    """
    if value is None:
        return None, None
    return question.kind.check(question, value, values)


def choice_source(questionnaire: Questionnaire, question: Question) -> Question:
    """The question whose choices this one offers (its `choices_from`, else itself)."""
    if question.choices_from:
        return questionnaire.question(question.choices_from) or question
    return question


def check_document(
    questionnaire: Questionnaire, raw: Any, file: str, found: Sequence[Problem] = ()
) -> LoadedAnswers:
    """Check a parsed answers document; report every problem at once (after `found`, the
    problems met before, e.g. reading the document from another format)."""
    if raw is None:
        raise PaincheckError.single(file, "holds no answers (only comments or blank lines)")
    if not isinstance(raw, Mapping):
        kind = describe_value(raw)
        raise PaincheckError.single(file, f"must be a mapping with an 'answers' key, got {kind}")
    problems: list[Problem] = list(found)
    warnings: list[Problem] = []
    unknown_keys = [key for key in raw if key not in TOP_KEYS]
    problems.extend(Problem(file, _unknown_key(key)) for key in unknown_keys[:MAX_LISTED])
    if len(unknown_keys) > MAX_LISTED:
        more = len(unknown_keys) - MAX_LISTED
        problems.append(Problem(file, f"and {more} more unknown top-level keys"))
    claimed = raw.get("questionnaire")
    if claimed is not None and claimed != questionnaire.id:
        shown = describe_value(claimed)
        problems.append(Problem(file, f"is for questionnaire {shown}, not '{questionnaire.id}'"))
    version = raw.get("version")
    if version is not None and not questionnaire.reads_unchanged(str(version)):
        shown = shortened(str(version))
        warnings.append(
            Problem(
                file,
                f"was written for version {shown}; checked against version {questionnaire.version}",
            )
        )
    status = raw.get("status", "complete")
    if not isinstance(status, str) or status not in STATUSES:
        problems.append(
            Problem(file, f"status must be one of {', '.join(STATUSES)}, got {shown_value(status)}")
        )
    answered_on = _answered_on(raw.get("date"), file, problems)
    given = raw.get("answers")
    if given is None:
        given = {}
        if "answers" not in raw:
            problems.append(Problem(file, "has no 'answers' mapping (question id: answer)"))
    if not isinstance(given, Mapping):
        problems.append(Problem(file, f"'answers' must be a mapping, got {describe_value(given)}"))
        given = {}
    values, answer_problems, answer_warnings = check_answers(questionnaire, given, file)
    problems.extend(answer_problems)
    warnings.extend(answer_warnings)
    if problems:
        raise PaincheckError(problems)
    return LoadedAnswers(Answers(values, str(status), answered_on), tuple(warnings))


def _answered_on(value: Any, file: str, problems: list[Problem]) -> str | None:
    """The file's `date` (None when it has none); a problem with it goes to `problems`."""
    if value is None:
        return None
    day, problem = check_answered_on(value, latest_today())
    if problem is not None:
        problems.append(Problem(file, problem, "date"))
    return day


def check_answers(
    questionnaire: Questionnaire, given: Mapping[Any, Any], file: str
) -> tuple[dict[str, Value], list[Problem], list[Problem]]:
    """Check answers by question id: canonical values, problems, and warnings."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    known = [q.id for q in questionnaire.questions]
    unknown_keys = [key for key in given if questionnaire.question(str(key)) is None]
    for key in unknown_keys[:MAX_LISTED]:
        unknown = "is not a question of this questionnaire" + did_you_mean(str(key), known)
        problems.append(Problem(file, unknown, key_as_written(key)))
    if len(unknown_keys) > MAX_LISTED:
        more = len(unknown_keys) - MAX_LISTED
        problems.append(Problem(file, f"and {more} more ids that are not questions"))
    values: dict[str, Value] = {}
    failed: set[str] = set()
    for question in questionnaire.questions:
        if question.id not in given:
            continue
        # An answer checked against another one that is itself wrong would only repeat
        # that problem (e.g. worst_location when pain_locations is invalid): skip it.
        if {question.choices_from, question.at_most} & failed:
            continue
        value, message = check_value(question, given[question.id], values)
        if message is not None:
            problems.append(Problem(file, message, question.id))
            failed.add(question.id)
        elif value is not None:
            values[question.id] = value
    _, kept = shown_questions(questionnaire, values)
    for question_id in values:
        if question_id not in kept:
            warnings.append(
                Problem(
                    file,
                    "is not asked for these answers (its condition does not hold); ignored",
                    question_id,
                )
            )
    return kept, problems, warnings


def _unknown_key(key: object) -> str:
    hint = did_you_mean(str(key), TOP_KEYS)
    return f"unknown top-level key {key_as_written(key, quote=True)}{hint}; allowed: {', '.join(TOP_KEYS)}"


def dump_answers(questionnaire: Questionnaire, answers: Answers, file_format: str = "yaml") -> str:
    """The answers as a YAML (or "json") answers file that loads back to exactly the same
    answers."""
    document = {
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "status": answers.status,
        **({"date": answers.date} if answers.date is not None else {}),
        "answers": ordered_values(questionnaire, answers.values),
    }
    if file_format == "json":
        return dump_json(document)
    header = f"# paincheck answers for {questionnaire.id}. Health information: keep it private.\n"
    return header + dump_yaml(document)


def ordered_values(questionnaire: Questionnaire, values: Mapping[str, Value]) -> dict[str, Value]:
    """Answers in questionnaire order (as files are written)."""
    return {q.id: values[q.id] for q in questionnaire.questions if q.id in values}


def write_answers(
    path: Path, questionnaire: Questionnaire, answers: Answers, *, overwrite: bool = False
) -> None:
    """Save answers to a private file, atomically, in the format the file came in: JSON stays
    JSON, YAML stays YAML; a new (or empty) file is JSON when its name ends in .json."""
    current = None
    if path.is_file():
        try:
            current = read_bytes(path)
        except PaincheckError:
            current = None
    text = dump_answers(questionnaire, answers, written_as(current, path))
    write_private(path, text, overwrite=overwrite)
