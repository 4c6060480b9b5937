"""`paincheck compare` in the terminal: warning signs first, the visits as a table, a small
chart, and the changes in words (Rich renderables; nothing is printed here).

The chart is characters, not colour: bars of blocks (or `#`), one per point, a `|` where the
first visit stood, and every number written beside its bar.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from paincheck.diary.trial import round_half_away
from paincheck.formats import compare
from paincheck.formats.compare import Comparison, ScoreChange
from paincheck.formats.diary_text import bar
from paincheck.formats.summary import bullets, warning_section
from paincheck.questionnaire.view import View
from paincheck.text.display import file_name, plain

CELLS = 10  # one per point of a 0-10 score
# Narrower than these many columns, the table turns (a row per score, a column per visit) and
# the chart's two scores stand one under the other, so no number is ever cut.
TABLE_WIDTH, CHART_WIDTH = 70, 56


def render_comparison(
    comparison: Comparison,
    view: View,
    *,
    width: int = 80,
) -> RenderableType:
    """Everything `compare` prints, the last visit's warning signs first (`width`: the
    terminal's columns; the view's `redact` leaves the name out)."""
    unicode = view.unicode
    parts: list[RenderableType] = [plain(view.msg("compare_title"), style="bold underline")]
    person = compare.who(comparison, view, redact=view.redact)
    if person:
        parts.append(plain(person))
    parts += [plain(compare.visits_line(comparison, view)), Text("")]
    parts += warning_section(comparison.last.assessment, view)
    parts += [
        plain(view.msg("compare_table_heading"), style="bold"),
        visits_table(comparison, view) if width >= TABLE_WIDTH else scores_table(comparison, view),
    ]
    for number, visit in enumerate(comparison.visits, 1):
        where = view.msg("compare_file", number=number, file=file_name(visit.file))
        parts.append(plain(where, style="dim"))
    chart = chart_lines(comparison, view, stacked=width < CHART_WIDTH)
    if chart:
        parts += [Text(""), plain(chart[0], style="bold"), *(plain(line) for line in chart[1:])]
    parts += _section(
        view.msg("compare_changes_heading"), compare.changes(comparison, view), unicode
    )
    notes = compare.notes(comparison, view)
    if notes:
        parts += [Text(""), *(plain(note, style="bold") for note in notes)]
    parts += _section(
        view.msg("compare_daily_heading"), compare.daily_life(comparison, view), unicode
    )
    parts += _section(
        view.msg("compare_treatments_heading"), compare.treatments(comparison, view), unicode
    )
    parts += [Text(""), plain(view.msg("compare_sources"), style="dim")]
    parts.append(Panel(plain(view.msg("compare_decide")), border_style="dim"))
    return Group(*parts)


def _section(title: str, lines: list[str], unicode: bool) -> list[RenderableType]:
    return [Text(""), plain(title, style="bold"), bullets(lines, unicode)]


def visits_table(comparison: Comparison, view: View) -> Table:
    """One row per visit: its number, date and every score (a dash when not answered)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    table.add_column(plain(view.msg("compare_col_visit")), justify="right", no_wrap=True)
    table.add_column(plain(view.msg("compare_col_date")), no_wrap=True)
    for change in comparison.scores:
        heading = compare.score_words(comparison, "compare_col", change.score, view)
        table.add_column(plain(heading), justify="right")
    for index, visit in enumerate(comparison.visits):
        cells = [str(index + 1), visit.date or view.msg("compare_no_date")]
        cells += [compare.number(change.values[index]) for change in comparison.scores]
        table.add_row(*(plain(cell) for cell in cells))
    return table


def scores_table(comparison: Comparison, view: View) -> Table:
    """The visits table turned for a narrow terminal: a row per score, a column per visit."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    table.add_column("", overflow="fold")
    for number, visit in enumerate(comparison.visits, 1):
        heading = f"{number}\n{visit.date or view.msg('compare_no_date')}"
        table.add_column(plain(heading), justify="right", overflow="fold")
    for change in comparison.scores:
        heading = compare.score_words(comparison, "compare_col", change.score, view)
        table.add_row(plain(heading), *(plain(compare.number(v)) for v in change.values))
    return table


def chart_lines(comparison: Comparison, view: View, *, stacked: bool = False) -> list[str]:
    """The chart: a title, a header, one line per visit and a key (none without its scores);
    `stacked`, each score's bars under its own name."""
    lines_of = compare.charted(comparison)
    if not lines_of:
        return []
    fill, empty = ("█", "·") if view.unicode else ("#", ".")
    names = {"intensity": view.msg("compare_chart_pain"), "points": view.msg("compare_chart_peg")}
    if stacked:
        lines = [view.msg("compare_chart_title")]
        for change in lines_of:
            lines.append(names[change.kind])
            for index, visit in enumerate(comparison.visits):
                cell = _bar_cell(change, change.values[index], fill, empty)
                lines.append(f"{index + 1:>2}  {visit.date or '':10}  {cell}".rstrip())
        return [*lines, view.msg("compare_chart_key", fill=fill, mark="|")]
    # Each column: the bar, its first-visit mark and the number, or its name if longer.
    widths = [max(CELLS + 1 + 5, len(names[c.kind])) for c in lines_of]
    header = "  ".join(f"{names[c.kind]:<{w}}" for c, w in zip(lines_of, widths, strict=True))
    lines = [view.msg("compare_chart_title"), f"{'':16}{header}".rstrip()]
    for index, visit in enumerate(comparison.visits):
        cells = [
            _bar_cell(change, change.values[index], fill, empty).ljust(width)
            for change, width in zip(lines_of, widths, strict=True)
        ]
        lines.append(f"{index + 1:>2}  {visit.date or '':10}  {'  '.join(cells)}".rstrip())
    lines.append(view.msg("compare_chart_key", fill=fill, mark="|"))
    return lines


def _bar_cell(change: ScoreChange, value: int | float | None, fill: str, empty: str) -> str:
    first = change.values[0]
    mark = _points(first) if first is not None else None
    drawn = bar(_points(value), CELLS, 1, mark, fill, empty) if value is not None else ""
    drawn = drawn or (empty * CELLS)
    return f"{drawn:<{CELLS + 1}} {compare.number(value):>4}"


def _points(value: int | float) -> int:
    """A score as whole cells of the bar (7.3 fills 7, 7.5 fills 8)."""
    return int(round_half_away(Fraction(Decimal(str(value))), 0))
