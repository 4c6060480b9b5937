"""The questionnaire described for people and scripts: a table, JSON, and an answers template."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table

from paincheck.questionnaire import Question, conditions
from paincheck.questionnaire.conditions import Condition, condition_to_data
from paincheck.questionnaire.view import View
from paincheck.text.display import plain, printable


def allowed_values(view: View, question: Question) -> str:
    """What a question takes, in a few plain words that also say its type (template, table)."""
    return question.kind.words(question, view.msg)


def condition_words(view: View, condition: Condition) -> str:
    """A condition in plain words from its data, e.g. "pain_locations has 2 or more answers"."""
    say = view.msg

    def test_words(test: conditions.AnswerTest, subject: str) -> str:
        operand = test.operand
        if test.test == "answered":
            return say("condition_answered" if operand else "condition_not_answered", q=subject)
        key = f"condition_{test.test}"
        if isinstance(operand, conditions.GroupCount):
            groups = "; ".join(", ".join(group) for group in operand.groups)
            return say(key, q=subject, value=operand.count, groups=groups)
        if isinstance(operand, tuple):
            if len(operand) == 1 and test.test in ("in", "contains_any"):
                key += "_one"
            operand = ", ".join(operand)
        return say(key, q=subject, value=operand)

    def words(node: Condition, nested: bool) -> str:
        if isinstance(node, conditions.AnswerTest):
            return test_words(node, node.question or "")
        if isinstance(node, conditions.AllOf | conditions.AnyOf):
            joiner = say("condition_and" if isinstance(node, conditions.AllOf) else "condition_or")
            text = f" {joiner} ".join(words(item, nested=True) for item in node.items)
            return f"({text})" if nested and len(node.items) > 1 else text
        if isinstance(node, conditions.Not):
            return say("condition_not", condition=words(node.item, nested=True))
        if isinstance(node, conditions.EachShown):
            return test_words(node.test, say("condition_group", group=node.group))
        if isinstance(node, conditions.Flag):
            return say("condition_flag", flag=node.name)
        if isinstance(node, conditions.CriterionAny):
            return say("condition_criterion_any", status=node.status)
        if isinstance(node, conditions.ApprovedUseAny):
            return say("condition_approved_use_any", status=node.status)
        if isinstance(node, conditions.ResultIs):
            key = "condition_criterion_is" if node.block == "criteria" else "condition_item_is"
            return say(key, item=node.item, status=node.status)
        return say("condition_pattern" if node.present else "condition_no_pattern")

    return words(condition, nested=False)


# Below this width a table of three columns cannot show its words: each question is stacked.
NARROW = 60


def questions_table(view: View) -> RenderableType:
    """A table per section: id, question, what it takes, and when it is asked."""
    return _QuestionsTable(view)


class _QuestionsTable:
    """The tables, laid out for the width they are printed at."""

    def __init__(self, view: View) -> None:
        self.view = view

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        view = self.view
        for number, section in enumerate(view.questionnaire.sections, 1):
            title = f"{number}. {view.text(section.title)} ({section.id})"
            if section.shown_when is not None:
                condition = condition_words(view, section.shown_when)
                title += "  " + view.msg("listing_asked_when", condition=condition)
            rows = [_question_row(view, q) for q in section.questions]
            if options.max_width < NARROW:
                yield _stacked(title, rows)
                continue
            # The answer column is as wide as its longest id where it can be (an id is what a
            # user types: better whole than split), and at most a third of the width.
            widest = max((len(word) for row in rows for word in row[2].split()), default=1)
            table = Table(title=plain(title), title_justify="left", box=box.SIMPLE, expand=True)
            table.add_column(plain(view.msg("listing_col_id")), no_wrap=True)
            table.add_column(plain(view.msg("listing_col_question")), ratio=3, overflow="fold")
            table.add_column(
                plain(view.msg("listing_col_answer")),
                ratio=2,
                width=min(widest, options.max_width // 3),
                overflow="fold",
            )
            for row in rows:
                table.add_row(*(plain(cell) for cell in row))
            yield table


def _stacked(title: str, rows: list[tuple[str, str, str]]) -> RenderableType:
    """A section on a narrow terminal: each question's id, then its text and answer indented."""
    lines: list[RenderableType] = [plain(title, style="bold"), plain("")]
    for question_id, text, answer in rows:
        lines.append(plain(question_id, style="bold"))
        lines += [Padding(plain(line), (0, 0, 0, 2)) for line in (text, *answer.splitlines())]
    lines.append(plain(""))
    return Group(*lines)


def _question_row(view: View, question: Question) -> tuple[str, str, str]:
    """One question's id, its text (marked when required), and what it takes and when."""
    text = view.text(question.text)
    if question.required:
        text += " " + view.msg("listing_required")
    answer = allowed_values(view, question)
    if question.shown_when is not None:
        condition = condition_words(view, question.shown_when)
        answer += "\n" + view.msg("listing_asked_when", condition=condition)
    return question.id, text, answer


def questions_json(view: View) -> dict[str, Any]:
    """The questionnaire as plain data: sections, questions, choices, conditions."""
    questionnaire = view.questionnaire

    def question_data(question: Question) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": question.id,
            "type": question.type,
            "required": question.required,
            "text": view.text(question.text),
            "help": view.text(question.help),
        }
        for name in question.kind.listed:
            if getattr(question, name) is not None:
                data[name] = getattr(question, name)
        if question.choices:
            data["choices"] = [{"id": c.id, "label": view.text(c.label)} for c in question.choices]
        if question.choices_from:
            data["choices_from"] = question.choices_from
        if question.shown_when is not None:
            data["shown_when"] = condition_to_data(question.shown_when)
        return data

    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "title": view.text(questionnaire.title),
        "language": view.lang,
        "sections": [
            {
                "id": section.id,
                "title": view.text(section.title),
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


def template_text(view: View) -> str:
    """An answers file with every question left blank, each commented with what it takes."""
    questionnaire = view.questionnaire
    lines = [
        "# " + view.msg("template_header", id=questionnaire.id, version=questionnaire.version),
        "# " + view.msg("template_hint"),
        f"questionnaire: {questionnaire.id}",
        f'version: "{questionnaire.version}"',
        "status: complete               # " + view.msg("template_status"),
        "answers:",
    ]
    for section in questionnaire.sections:
        lines.append(f"  # --- {view.text(section.title)} ---")
        if section.shown_when is not None:
            condition = condition_words(view, section.shown_when)
            lines.append("  # " + view.msg("template_section_condition", condition=condition))
        for question in section.questions:
            required = " " + view.msg("listing_required") if question.required else ""
            lines.append(f"  # {' '.join(view.text(question.text).split())}{required}")
            lines.append(f"  #   {allowed_values(view, question)}")
            if question.shown_when is not None:
                condition = condition_words(view, question.shown_when)
                lines.append("  #   " + view.msg("listing_asked_when", condition=condition))
            lines.append(f"  {question.id}:")
    # A text from the folder with a line break or an escape sequence stays one visible line.
    return "\n".join(printable(line, one_line=True) for line in lines) + "\n"
