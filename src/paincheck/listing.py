"""The questionnaire described for people and scripts: a table, JSON, and an answers template."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table

from paincheck.conditions import Condition, condition_to_data
from paincheck.language import DEFAULT_LANGUAGE
from paincheck.questionnaire import Question, Questionnaire


def allowed_values(question: Question, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a question accepts, in a few words (used by the template and the table)."""
    if question.type == "integer":
        return f"whole number {question.min}-{question.max}"
    if question.type == "text":
        return f"text, at most {question.max_length} characters"
    if question.choices_from:
        return f"one of the answers to {question.choices_from}"
    ids = ", ".join(c.id for c in question.choices)
    return f"one of: {ids}" if question.type == "single" else f"list of: {ids}"


def describe_condition(condition: Condition | None) -> str:
    """A condition in its compact written form, or empty."""
    if condition is None:
        return ""
    import json

    return json.dumps(condition_to_data(condition), ensure_ascii=False)


def questions_table(questionnaire: Questionnaire, lang: str = DEFAULT_LANGUAGE) -> RenderableType:
    """A table per section: id, type, what is allowed, and when it is shown."""
    tables: list[RenderableType] = []
    for number, section in enumerate(questionnaire.sections, 1):
        title = f"{number}. {section.title(lang)} ({section.id})"
        if section.shown_when is not None:
            title += f"  shown when {describe_condition(section.shown_when)}"
        table = Table(title=title, title_justify="left", box=box.SIMPLE, expand=True)
        table.add_column("id", no_wrap=True)
        table.add_column("question", ratio=3)
        table.add_column("answer", ratio=2)
        for question in section.questions:
            answer = f"{question.type}{' (required)' if question.required else ''}: "
            answer += allowed_values(question, lang)
            if question.shown_when is not None:
                answer += f"\nshown when {describe_condition(question.shown_when)}"
            table.add_row(question.id, question.text(lang), answer)
        tables.append(table)
    return Group(*tables)


def questions_json(questionnaire: Questionnaire, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The questionnaire as plain data: sections, questions, choices, conditions."""

    def question_data(question: Question) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": question.id,
            "type": question.type,
            "required": question.required,
            "text": question.text(lang),
            "help": question.help(lang),
        }
        if question.type == "integer":
            data["min"], data["max"] = question.min, question.max
        if question.type == "text":
            data["max_length"] = question.max_length
        if question.choices:
            data["choices"] = [{"id": c.id, "label": c.label(lang)} for c in question.choices]
        if question.choices_from:
            data["choices_from"] = question.choices_from
        if question.shown_when is not None:
            data["shown_when"] = condition_to_data(question.shown_when)
        return data

    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "title": questionnaire.title(lang),
        "language": lang,
        "sections": [
            {
                "id": section.id,
                "title": section.title(lang),
                **(
                    {"shown_when": condition_to_data(section.shown_when)}
                    if section.shown_when
                    else {}
                ),
                "questions": [question_data(q) for q in section.questions],
            }
            for section in questionnaire.sections
        ],
    }


def template_text(questionnaire: Questionnaire, lang: str = DEFAULT_LANGUAGE) -> str:
    """An answers file with every question left blank, each commented with what it takes."""
    lines = [
        f"# paincheck answers template for {questionnaire.id} version {questionnaire.version}.",
        "# Fill in the answers you have; leave the rest blank. Check with: paincheck validate FILE",
        f"questionnaire: {questionnaire.id}",
        f'version: "{questionnaire.version}"',
        "status: complete",
        "answers:",
    ]
    for section in questionnaire.sections:
        lines.append(f"  # --- {section.title(lang)} ---")
        if section.shown_when is not None:
            lines.append(
                f"  # (this part is asked only when {describe_condition(section.shown_when)})"
            )
        for question in section.questions:
            required = " (required)" if question.required else ""
            lines.append(f"  # {' '.join(question.text(lang).split())}{required}")
            lines.append(f"  #   {question.type}: {allowed_values(question, lang)}")
            if question.shown_when is not None:
                lines.append(f"  #   asked only when {describe_condition(question.shown_when)}")
            lines.append(f"  {question.id}:")
    return "\n".join(lines) + "\n"
