"""The diary in the terminal: the days as a table, a small chart and the summary (Rich).

The chart is characters, not colour: bars of `#` (or blocks) with a `|` mark for the pain
before the trial and for the 50% relief mark, and every number written beside its bar.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from paincheck.diary.store import BASELINE_QUESTION, SAFETY_QUESTION, Diary, Entry
from paincheck.diary.trial import MEDICINE, RELIEF, TrialSummary, summary_sentences
from paincheck.output.terminal import Fitted, stacked_rows
from paincheck.questionnaire.view import View
from paincheck.text.display import printable

PAIN_CELLS = 10  # one per point
RELIEF_CELLS = 20  # one per 5%
WORST, SLEEP, COMFORT, NOTES = "pain_worst", "sleep_hours", "stimulation_comfort", "notes"


def render_diary(view: View, diary: Diary, summary: TrialSummary) -> RenderableType:
    """Everything `diary show` prints: baseline, table, chart, summary, notes (the view's
    questionnaire is the daily form)."""
    parts: list[RenderableType] = [
        when_to_call_box(view, diary),
        Text(view.msg("diary_title"), style="bold"),
        Text(baseline_line(view, diary)),
    ]
    if diary.entries:
        parts += [Text(), Text(view.msg("diary_safety_heading"), style="bold")]
        lines = safety_lines(view, diary)
        parts.append(_hanging([Text(printable(line)) for line in lines]))
    if diary.entries:
        parts += [Text(), days_table(view, diary)]
        chart = chart_lines(view, diary)
        parts += [Text(), Text(chart[0], style="bold"), *(Text(line) for line in chart[1:])]
    parts += [Text(), Text(view.msg("diary_summary_heading"), style="bold")]
    parts += [Text(line) for line in summary_sentences(view, summary)]
    notes = note_lines(diary)
    if notes:
        parts += [Text(), Text(view.msg("diary_notes_heading"), style="bold")]
        parts += [Text(line) for line in notes]
    return Group(*parts)


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


def when_to_call_box(view: View, diary: Diary) -> Panel:
    """The When-to-call box for the terminal."""
    title, groups, applies = when_to_call(view, diary)
    bullet = "•" if view.unicode else "-"
    lines: list[RenderableType] = []
    for heading, items in groups:
        lines.append(Text(printable(heading), style="bold"))
        grid = Table.grid(padding=(0, 1), pad_edge=False)
        grid.add_column(no_wrap=True)
        grid.add_column()
        for item in items:
            grid.add_row(f"  {bullet}", Text(printable(item)))
        lines.append(grid)
    lines.append(Text(printable(applies)))
    return Panel(Group(*lines), title=Text(printable(title), style="bold"), box=box.HEAVY)


def _hanging(texts: list[Text]) -> Table:
    """Lines whose wrapped part stays under their text, two spaces in."""
    grid = Table.grid(pad_edge=False)
    grid.add_column(width=2)
    grid.add_column()
    for text in texts:
        grid.add_row("", text)
    return grid


def safety_lines(view: View, diary: Diary, *, most: int | None = None) -> list[str]:
    """The safety check by day: the days with problems (named), then the days without an
    answer ("Safety check not answered", never "no problems"); a line when none had any.

    `most` (a page of a long diary): the most recent days with problems, then a line for
    the earlier ones; more days without an answer than that are one line with their count."""
    entries = [e for e in diary.entries if e.problems]
    lines = []
    question = view.questionnaire.question(SAFETY_QUESTION)
    shown = entries if most is None else entries[len(entries) - most :] if most else []
    if len(shown) < len(entries):
        lines.append(view.msg("diary_safety_earlier", count=len(entries) - len(shown)))
    for entry in shown:
        chosen = [question.choice(c) if question else None for c in entry.problems or ()]
        labels = "; ".join(view.text(c.label) for c in chosen if c is not None)
        line = view.msg("diary_safety_problems", date=entry.date, problems=labels)
        if entry.unfinished:
            line += " " + view.msg("diary_safety_unfinished")
        lines.append(line)
    unanswered = [e.date for e in diary.entries if e.problems is None]
    if most is not None and len(unanswered) > most:
        first, last, count = unanswered[0], unanswered[-1], len(unanswered)
        lines.append(
            view.msg("diary_safety_not_answered_days", count=count, first=first, last=last)
        )
    else:
        lines += [view.msg("diary_safety_not_answered", date=day) for day in unanswered]
    if not entries and any(e.problems is not None for e in diary.entries):
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


def days_table(view: View, diary: Diary) -> RenderableType:
    """One row per day: date, pain, worst, relief, medicine, sleep, stimulation."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    table.add_column(view.msg("diary_col_date"), no_wrap=True)
    for key in ("diary_col_pain", "diary_col_worst", "diary_col_relief"):
        table.add_column(view.msg(key), justify="right", no_wrap=True)
    table.add_column(view.msg("diary_col_medicine"))
    table.add_column(view.msg("diary_col_sleep"), justify="right")
    table.add_column(view.msg("diary_col_comfort"))
    rows: list[list[Text]] = []
    for entry in diary.entries:
        relief = entry.answers.get(RELIEF)
        cells = [
            entry.date,
            answer_words(view, entry, BASELINE_QUESTION),
            answer_words(view, entry, WORST),
            f"{relief}%" if relief is not None else "",
            answer_words(view, entry, MEDICINE),
            answer_words(view, entry, SLEEP),
            answer_words(view, entry, COMFORT),
        ]
        rows.append([Text(printable(cell)) for cell in cells])  # text, never markup
        table.add_row(*rows[-1])
    return Fitted(table, rows, stacked_rows(table, rows, labelled=True))


def bar(
    value: int, cells: int, per_cell: int, mark_after: int | None, fill: str, empty: str
) -> str:
    """`value` as `cells` characters (one per `per_cell`), with `|` after cell `mark_after`.

    A value outside the bar (a daily form of someone else's may allow -1000000000) fills
    none or all of it: the number is written beside the bar."""
    filled = max(0, min(cells, value // per_cell))
    chars = [fill] * filled + [empty] * (cells - filled)
    if mark_after is not None and 0 <= mark_after <= cells:
        chars.insert(mark_after, "|")
    return "".join(chars)


def chart_lines(view: View, diary: Diary) -> list[str]:
    """The chart: a title, a header, one line per day and a key; readable without colour."""
    fill, empty = ("█", "·") if view.unicode else ("#", ".")
    baseline = diary.baseline.pain_average if diary.baseline is not None else None
    pain_width = PAIN_CELLS + (1 if baseline is not None else 0)
    lines = [
        view.msg("diary_chart_title"),
        f"{'':10}  {view.msg('diary_chart_pain'):<{pain_width + 4}}  {view.msg('diary_chart_relief')}",
    ]
    for entry in diary.entries:
        pain = entry.answers.get(BASELINE_QUESTION)
        relief = entry.answers.get(RELIEF)
        pain_bar = bar(pain, PAIN_CELLS, 1, baseline, fill, empty) if isinstance(pain, int) else ""
        relief_bar = (
            bar(relief, RELIEF_CELLS, 5, 10, fill, empty) if isinstance(relief, int) else ""
        )
        pain_text = f"{pain:>2}" if isinstance(pain, int) else "  "
        relief_text = f"{relief:>3}%" if isinstance(relief, int) else ""
        lines.append(
            f"{entry.date}  {pain_bar:<{pain_width}} {pain_text}  {relief_bar} {relief_text}"
        )
    lines.append(view.msg("diary_chart_key_pain", fill=fill))
    if baseline is not None:
        lines.append(view.msg("diary_chart_key_baseline", mark="|", baseline=baseline))
    lines.append(view.msg("diary_chart_key_relief", fill=fill, mark="|"))
    return lines


def note_lines(diary: Diary) -> list[str]:
    """Each day's note, after its date, made safe to print."""
    return [
        f"{e.date}: {printable(str(e.answers[NOTES]), one_line=True)}"
        for e in diary.entries
        if e.answers.get(NOTES)
    ]
