"""The diary in the terminal: the days as a table, a small chart and the summary (Rich).

The chart is characters, not colour: bars of `#` (or blocks) with a `|` mark for the pain
before the trial and for the 50% relief mark, and every number written beside its bar.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from paincheck.diary.report import (
    baseline_line,
    cell_words,
    day_columns,
    note_lines,
    safety_lines,
    when_to_call,
)
from paincheck.diary.store import Diary, diary_ids
from paincheck.diary.trial import TrialSummary, summary_sentences
from paincheck.output.terminal import Fitted, stacked_rows
from paincheck.questionnaire.view import View
from paincheck.text.display import printable

PAIN_CELLS = 10  # one per point
RELIEF_CELLS = 20  # one per 5%


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
    notes = note_lines(view, diary)
    if notes:
        parts += [Text(), Text(view.msg("diary_notes_heading"), style="bold")]
        parts += [Text(line) for line in notes]
    return Group(*parts)


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


def days_table(view: View, diary: Diary) -> RenderableType:
    """One row per day: date, pain, worst, relief, medicine, sleep, stimulation (each the
    daily form asks)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    table.add_column(view.msg("diary_col_date"), no_wrap=True)
    columns = day_columns(view)
    for column in columns:
        justify: JustifyMethod = "right" if column.number else "left"
        table.add_column(view.msg(column.heading), justify=justify, no_wrap=column.short)
    rows: list[list[Text]] = []
    for entry in diary.entries:
        cells = [entry.date, *(cell_words(view, entry, column) for column in columns)]
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
    ids = diary_ids(view.questionnaire)
    fill, empty = ("█", "·") if view.unicode else ("#", ".")
    baseline = diary.baseline.pain_average if diary.baseline is not None else None
    pain_width = PAIN_CELLS + (1 if baseline is not None else 0)
    lines = [
        view.msg("diary_chart_title"),
        f"{'':10}  {view.msg('diary_chart_pain'):<{pain_width + 4}}  {view.msg('diary_chart_relief')}",
    ]
    for entry in diary.entries:
        pain = entry.answers.get(ids.pain)
        relief = entry.answers.get(ids.relief)
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
