"""What the diary says, in order, as plain words: the When-to-call box, the safety check by
day, the baseline, the table's columns and cells, the notes.

The terminal (`formats/diary_text.py`) and the page (`formats/pdf/diary.py`) both take their
words from here, so the two cannot drift apart. Pure: no Rich, no reportlab, no files. Each
answer is found through the daily form's roles (`report: diary:` in its rules.yaml), so a
form without a role has no column or line for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from paincheck.diary.store import Diary, Entry, diary_ids
from paincheck.questionnaire.view import View
from paincheck.text.display import printable


@dataclass(frozen=True)
class Column:
    """A column of the table of days: its heading (a message key) and the question it shows;
    `number`: a score or a count, set right; `short`: a score never wrapped; `percent`: the
    number is a percentage (written 50%)."""

    heading: str
    question: str
    number: bool = False
    short: bool = False
    percent: bool = False


def day_columns(view: View, *, activities: bool = False) -> list[Column]:
    """The table's columns after the date, for each role the daily form has: pain, worst
    pain, relief, medicine, sleep, stimulation (and, with `activities`, what went better)."""
    ids = diary_ids(view.questionnaire)
    medicine, comfort = ids.medicine, ids.comfort
    named = [
        ("diary_col_pain", ids.pain, True, True, False),
        ("diary_col_worst", ids.worst_pain, True, True, False),
        ("diary_col_relief", ids.relief, True, True, True),
        ("diary_col_medicine", medicine.question if medicine else None, False, False, False),
        ("diary_col_sleep", ids.sleep, True, False, False),
        ("diary_col_comfort", comfort.question if comfort else None, False, False, False),
    ]
    if activities:
        named.append(("diary_pdf_activities", ids.activities, False, False, False))
    return [
        Column(key, question, number, short, percent)
        for key, question, number, short, percent in named
        if question is not None
    ]


def cell_words(view: View, entry: Entry, column: Column) -> str:
    """A day's answer in a column: the choice labels, the number (50%), or empty."""
    if column.percent:
        value = entry.answers.get(column.question)
        return f"{value}%" if value is not None else ""
    return answer_words(view, entry, column.question)


def answer_words(view: View, entry: Entry, question_id: str) -> str:
    """A day's answer as the patient reads it: the choice label, the number, or empty."""
    value = entry.answers.get(question_id)
    if value is None:
        return ""
    question = view.questionnaire.question(question_id)
    if question is not None and question.choices:
        ids = value if isinstance(value, list) else [value]
        labels = [view.text(c.label) for i in ids if (c := question.choice(str(i))) is not None]
        return ", ".join(labels)
    return printable(str(value), one_line=True)


def when_to_call(view: View, diary: Diary) -> tuple[str, list[tuple[str, list[str]]], str]:
    """The fixed When-to-call box: its title, each heading with its items, and when it
    applies ("where the device was put in" for check-ups after a permanent implant)."""
    implant = "_implant" if diary.after_implant else ""
    parts = [
        ("diary_call_today", "diary_call_today_items"),
        ("diary_call_now", f"diary_call_now_items{implant}"),
        ("diary_call_emergency", f"diary_call_emergency_items{implant}"),
    ]
    groups = [(view.msg(head), view.msg(items).split("\n")) for head, items in parts]
    return view.msg("diary_call_title"), groups, view.msg(f"diary_call_applies{implant}")


def safety_lines(view: View, diary: Diary, *, most: int | None = None) -> list[str]:
    """The safety check by day: the days with problems (named), then the days without an
    answer ("Safety check not answered", never "no problems"); a line when none had any.

    `most` (a page of a long diary): the most recent days with problems, then a line for
    the earlier ones; more days without an answer than that are one line with their count."""
    check = diary_ids(view.questionnaire).safety_check
    found = [(e, e.problems(check)) for e in diary.entries]
    entries = [(e, problems) for e, problems in found if problems]
    lines = []
    question = view.questionnaire.question(check.question)
    shown = entries if most is None else entries[len(entries) - most :] if most else []
    if len(shown) < len(entries):
        lines.append(view.msg("diary_safety_earlier", count=len(entries) - len(shown)))
    for entry, problems in shown:
        chosen = [question.choice(c) if question else None for c in problems]
        labels = "; ".join(view.text(c.label) for c in chosen if c is not None)
        line = view.msg("diary_safety_problems", date=entry.date, problems=labels)
        if entry.unfinished:
            line += " " + view.msg("diary_safety_unfinished")
        lines.append(line)
    unanswered = [e.date for e, problems in found if problems is None]
    if most is not None and len(unanswered) > most:
        first, last, count = unanswered[0], unanswered[-1], len(unanswered)
        lines.append(
            view.msg("diary_safety_not_answered_days", count=count, first=first, last=last)
        )
    else:
        lines += [view.msg("diary_safety_not_answered", date=day) for day in unanswered]
    if not entries and any(problems is not None for _, problems in found):
        lines.append(view.msg("diary_safety_none"))
    return lines


def baseline_line(view: View, diary: Diary) -> str:
    """The pain before the trial, with its date when recorded."""
    base = diary.baseline
    if base is None:
        return view.msg("diary_no_baseline_line")
    if base.date is not None:
        return view.msg("diary_baseline_dated", pain=base.pain_average, date=base.date)
    return view.msg("diary_baseline", pain=base.pain_average)


def note_lines(view: View, diary: Diary) -> list[str]:
    """Each day's note, after its date, made safe to print (none for a form without notes)."""
    notes = diary_ids(view.questionnaire).notes
    if notes is None:
        return []
    return [
        f"{e.date}: {printable(str(e.answers[notes]), one_line=True)}"
        for e in diary.entries
        if e.answers.get(notes)
    ]
