"""Where a question stands in the interview: its section, its number, and about how many
questions there are for the answers so far (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from paincheck.answers.checking import shown_questions
from paincheck.questionnaire import Question, Questionnaire
from paincheck.questionnaire.conditions import Value
from paincheck.questionnaire.view import View


@dataclass(frozen=True)
class Progress:
    """Where a question stands: its section among the shown ones, and its place in the asking."""

    section: int
    sections: int
    number: int
    total: int


def progress(
    questionnaire: Questionnaire,
    values: Mapping[str, Value],
    question: Question,
) -> Progress:
    """Where a question stands among the questions shown for the answers so far."""
    shown, _ = shown_questions(questionnaire, values)
    sections = [s for s in questionnaire.sections if any(q.section == s.id for q in shown)]
    section = questionnaire.section_of(question)
    section_number = next((n for n, s in enumerate(sections, 1) if s.id == section.id), 0)
    number = next((n for n, q in enumerate(shown, 1) if q.id == question.id), 0)
    return Progress(section_number, len(sections), number, len(shown))


def progress_line(
    view: View, at: Progress, question: Question, total_before: int | None = None
) -> str:
    """E.g. "Section 2 of 9: Your pain, question 4 of about 30"; when the total is not the one
    shown on the screen before (`total_before`), it says why: "(3 more because of your
    answers)"."""
    line = view.msg(
        "interview_progress",
        section=at.section,
        sections=at.sections,
        title=view.text(view.questionnaire.section_of(question).title),
        number=at.number,
        total=at.total,
    )
    if total_before is None or total_before == at.total:
        return line
    key = "interview_total_more" if at.total > total_before else "interview_total_fewer"
    return f"{line} ({view.msg(key, count=abs(at.total - total_before))})"
