"""Answers files: read one (YAML, JSON, or a FHIR QuestionnaireResponse) and check it.

A FHIR response is first read into a plain answers document; from there every file goes
through the one answers pipeline (`paincheck.answers.checking.check_document`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from paincheck.answers.checking import LoadedAnswers, check_document
from paincheck.errors import PaincheckError, Problem
from paincheck.files.reading import parse_document, read_bytes
from paincheck.model import model
from paincheck.questionnaire import Questionnaire


def parse_answers(questionnaire: Questionnaire, raw: Any, file: str) -> LoadedAnswers:
    """Check a parsed answers document or FHIR QuestionnaireResponse; every problem at once."""
    found: list[Problem] = []
    if isinstance(raw, Mapping) and "diary" in raw and "entries" in raw and "answers" not in raw:
        import shlex

        command = shlex.join(["paincheck", "diary", "show", file])
        raise PaincheckError.single(
            file, f"is a trial diary, not an answers file; to see it, run: {command}"
        )
    if isinstance(raw, Mapping) and raw.get("resourceType") == "QuestionnaireResponse":
        from paincheck.answers.fhir import read_response  # only for FHIR: keeps start-up quick

        raw, found = read_response(questionnaire, raw, file)
    return check_document(questionnaire, raw, file, found)


def load_answers(questionnaire: Questionnaire, path: Path | str) -> LoadedAnswers:
    """Read and check an answers file (YAML, JSON or a FHIR QuestionnaireResponse); `-` is stdin."""
    name = "<stdin>" if str(path) == "-" else str(path)
    data = read_bytes(path)
    return parse_answers(questionnaire, parse_document(data, name), name)


@model
class FileAnswers:
    """One file's checked answers, or the problems that kept them from loading."""

    file: str
    loaded: LoadedAnswers | None
    problems: tuple[Problem, ...] = ()


def load_each(questionnaire: Questionnaire, files: Iterable[str]) -> Iterator[FileAnswers]:
    """Load answers files one at a time; a file with problems never stops the others."""
    for file in files:
        name = "<stdin>" if file == "-" else file
        try:
            yield FileAnswers(name, load_answers(questionnaire, file))
        except PaincheckError as exc:
            yield FileAnswers(name, None, exc.problems)
