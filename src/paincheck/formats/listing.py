"""The questionnaire described for people and scripts: a table, JSON, and an answers template."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table

from paincheck.questionnaire import Question, Questionnaire, conditions
from paincheck.questionnaire.conditions import Condition, condition_to_data
from paincheck.text.display import plain, printable
from paincheck.text.language import DEFAULT_LANGUAGE


def allowed_values(questionnaire: Questionnaire, question: Question, lang: str) -> str:
    """What a question takes, in a few plain words that also say its type (template, table)."""

    def say(key: str, /, **values: object) -> str:
        return questionnaire.message(key, lang, **values)

    return question.kind.words(question, say)


def condition_words(questionnaire: Questionnaire, condition: Condition, lang: str) -> str:
    """A condition in plain words from its data, e.g. "pain_locations has 2 or more answers"."""

    def say(key: str, **values: object) -> str:
        return questionnaire.message(key, lang, **values)

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


def questions_table(questionnaire: Questionnaire, lang: str = DEFAULT_LANGUAGE) -> RenderableType:
    """A table per section: id, question, what it takes, and when it is asked."""
    return _QuestionsTable(questionnaire, lang)


class _QuestionsTable:
    """The tables, laid out for the width they are printed at."""

    def __init__(self, questionnaire: Questionnaire, lang: str) -> None:
        self.questionnaire, self.lang = questionnaire, lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        msg, lang = self.questionnaire.message, self.lang
        for number, section in enumerate(self.questionnaire.sections, 1):
            title = f"{number}. {section.title(lang)} ({section.id})"
            if section.shown_when is not None:
                condition = condition_words(self.questionnaire, section.shown_when, lang)
                title += "  " + msg("listing_asked_when", lang, condition=condition)
            rows = [_question_row(self.questionnaire, q, lang) for q in section.questions]
            if options.max_width < NARROW:
                yield _stacked(title, rows)
                continue
            # The answer column is as wide as its longest id where it can be (an id is what a
            # user types: better whole than split), and at most a third of the width.
            widest = max((len(word) for row in rows for word in row[2].split()), default=1)
            table = Table(title=plain(title), title_justify="left", box=box.SIMPLE, expand=True)
            table.add_column(plain(msg("listing_col_id", lang)), no_wrap=True)
            table.add_column(plain(msg("listing_col_question", lang)), ratio=3, overflow="fold")
            table.add_column(
                plain(msg("listing_col_answer", lang)),
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


def _question_row(
    questionnaire: Questionnaire, question: Question, lang: str
) -> tuple[str, str, str]:
    """One question's id, its text (marked when required), and what it takes and when."""
    text = question.text(lang)
    if question.required:
        text += " " + questionnaire.message("listing_required", lang)
    answer = allowed_values(questionnaire, question, lang)
    if question.shown_when is not None:
        condition = condition_words(questionnaire, question.shown_when, lang)
        answer += "\n" + questionnaire.message("listing_asked_when", lang, condition=condition)
    return question.id, text, answer


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
        for name in question.kind.listed:
            if getattr(question, name) is not None:
                data[name] = getattr(question, name)
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
            condition = condition_words(questionnaire, section.shown_when, lang)
            lines.append("  # " + msg("template_section_condition", lang, condition=condition))
        for question in section.questions:
            required = " " + msg("listing_required", lang) if question.required else ""
            lines.append(f"  # {' '.join(question.text(lang).split())}{required}")
            lines.append(f"  #   {allowed_values(questionnaire, question, lang)}")
            if question.shown_when is not None:
                condition = condition_words(questionnaire, question.shown_when, lang)
                lines.append("  #   " + msg("listing_asked_when", lang, condition=condition))
            lines.append(f"  {question.id}:")
    # A text from the folder with a line break or an escape sequence stays one visible line.
    return "\n".join(printable(line, one_line=True) for line in lines) + "\n"
