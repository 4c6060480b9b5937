"""The questionnaire described for people and scripts: a table, JSON, and an answers template."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table

from paincheck.conditions import Condition, condition_to_data
from paincheck.display import plain, printable
from paincheck.language import DEFAULT_LANGUAGE
from paincheck.questionnaire import Question, Questionnaire


def allowed_values(questionnaire: Questionnaire, question: Question, lang: str) -> str:
    """What a question accepts, in a few words (used by the template and the table)."""
    msg = questionnaire.message
    if question.type == "integer":
        words = msg("listing_whole_number", lang, min=question.min, max=question.max)
        if question.step is not None:
            words += " " + msg("listing_step", lang, step=question.step)
        return words
    if question.type == "text":
        return msg("listing_text", lang, max_length=question.max_length)
    if question.choices_from:
        return msg("listing_one_of_answers", lang, question=question.choices_from)
    ids = ", ".join(c.id for c in question.choices)
    key = "listing_one_of" if question.type == "single" else "listing_list_of"
    return msg(key, lang, ids=ids)


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
            condition = describe_condition(section.shown_when)
            title += "  " + questionnaire.message("listing_shown_when", lang, condition=condition)
        table = Table(title=plain(title), title_justify="left", box=box.SIMPLE, expand=True)
        table.add_column(plain(questionnaire.message("listing_col_id", lang)), no_wrap=True)
        table.add_column(plain(questionnaire.message("listing_col_question", lang)), ratio=3)
        table.add_column(plain(questionnaire.message("listing_col_answer", lang)), ratio=2)
        for question in section.questions:
            required = " " + questionnaire.message("listing_required", lang)
            answer = f"{question.type}{required if question.required else ''}: "
            answer += allowed_values(questionnaire, question, lang)
            if question.shown_when is not None:
                condition = describe_condition(question.shown_when)
                answer += "\n" + questionnaire.message(
                    "listing_shown_when", lang, condition=condition
                )
            table.add_row(plain(question.id), plain(question.text(lang)), plain(answer))
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
            if question.step is not None:
                data["step"] = question.step
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
    msg = questionnaire.message
    lines = [
        "# " + msg("template_header", lang, id=questionnaire.id, version=questionnaire.version),
        "# " + msg("template_hint", lang),
        f"questionnaire: {questionnaire.id}",
        f'version: "{questionnaire.version}"',
        "status: complete               # " + msg("template_status", lang),
        "answers:",
    ]
    for section in questionnaire.sections:
        lines.append(f"  # --- {section.title(lang)} ---")
        if section.shown_when is not None:
            condition = describe_condition(section.shown_when)
            lines.append("  # " + msg("template_section_condition", lang, condition=condition))
        for question in section.questions:
            required = " " + msg("listing_required", lang) if question.required else ""
            lines.append(f"  # {' '.join(question.text(lang).split())}{required}")
            allowed = allowed_values(questionnaire, question, lang)
            lines.append(f"  #   {question.type}: {allowed}")
            if question.shown_when is not None:
                condition = describe_condition(question.shown_when)
                lines.append("  #   " + msg("template_asked_when", lang, condition=condition))
            lines.append(f"  {question.id}:")
    # A text from the folder with a line break or an escape sequence stays one visible line.
    return "\n".join(printable(line, one_line=True) for line in lines) + "\n"
