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
from paincheck.text.display import file_name, plain

CELLS = 10  # one per point of a 0-10 score
# Narrower than these many columns, the table turns (a row per score, a column per visit) and
# the chart's two scores stand one under the other, so no number is ever cut.
TABLE_WIDTH, CHART_WIDTH = 70, 56


def render_comparison(
    comparison: Comparison,
    lang: str,
    *,
    redact: bool = False,
    unicode: bool = True,
    width: int = 80,
) -> RenderableType:
    """Everything `compare` prints, the last visit's warning signs first (`width`: the
    terminal's columns)."""
    msg = comparison.questionnaire.message
    parts: list[RenderableType] = [plain(msg("compare_title", lang), style="bold underline")]
    person = compare.who(comparison, lang, redact=redact)
    if person:
        parts.append(plain(person))
    parts += [plain(compare.visits_line(comparison, lang)), Text("")]
    parts += warning_section(comparison.last.assessment, lang, unicode=unicode)
    parts += [
        plain(msg("compare_table_heading", lang), style="bold"),
        visits_table(comparison, lang) if width >= TABLE_WIDTH else scores_table(comparison, lang),
    ]
    for number, visit in enumerate(comparison.visits, 1):
        where = msg("compare_file", lang, number=number, file=file_name(visit.file))
        parts.append(plain(where, style="dim"))
    chart = chart_lines(comparison, lang, unicode=unicode, stacked=width < CHART_WIDTH)
    if chart:
        parts += [Text(""), plain(chart[0], style="bold"), *(plain(line) for line in chart[1:])]
    parts += _section(
        msg("compare_changes_heading", lang), compare.changes(comparison, lang), unicode
    )
    notes = compare.notes(comparison, lang)
    if notes:
        parts += [Text(""), *(plain(note, style="bold") for note in notes)]
    parts += _section(
        msg("compare_daily_heading", lang), compare.daily_life(comparison, lang), unicode
    )
    parts += _section(
        msg("compare_treatments_heading", lang), compare.treatments(comparison, lang), unicode
    )
    parts += [Text(""), plain(msg("compare_sources", lang), style="dim")]
    parts.append(Panel(plain(msg("compare_decide", lang)), border_style="dim"))
    return Group(*parts)


def _section(title: str, lines: list[str], unicode: bool) -> list[RenderableType]:
    return [Text(""), plain(title, style="bold"), bullets(lines, unicode)]


def visits_table(comparison: Comparison, lang: str) -> Table:
    """One row per visit: its number, date and every score (a dash when not answered)."""
    msg = comparison.questionnaire.message
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    table.add_column(plain(msg("compare_col_visit", lang)), justify="right", no_wrap=True)
    table.add_column(plain(msg("compare_col_date", lang)), no_wrap=True)
    for change in comparison.scores:
        heading = compare.score_words(comparison, "compare_col", change.score, lang)
        table.add_column(plain(heading), justify="right")
    for index, visit in enumerate(comparison.visits):
        cells = [str(index + 1), visit.date or msg("compare_no_date", lang)]
        cells += [compare.number(change.values[index]) for change in comparison.scores]
        table.add_row(*(plain(cell) for cell in cells))
    return table


def scores_table(comparison: Comparison, lang: str) -> Table:
    """The visits table turned for a narrow terminal: a row per score, a column per visit."""
    msg = comparison.questionnaire.message
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    table.add_column("", overflow="fold")
    for number, visit in enumerate(comparison.visits, 1):
        heading = f"{number}\n{visit.date or msg('compare_no_date', lang)}"
        table.add_column(plain(heading), justify="right", overflow="fold")
    for change in comparison.scores:
        heading = compare.score_words(comparison, "compare_col", change.score, lang)
        table.add_row(plain(heading), *(plain(compare.number(v)) for v in change.values))
    return table


def chart_lines(
    comparison: Comparison, lang: str, *, unicode: bool = True, stacked: bool = False
) -> list[str]:
    """The chart: a title, a header, one line per visit and a key (none without its scores);
    `stacked`, each score's bars under its own name."""
    msg = comparison.questionnaire.message
    lines_of = compare.charted(comparison)
    if not lines_of:
        return []
    fill, empty = ("█", "·") if unicode else ("#", ".")
    names = {"intensity": msg("compare_chart_pain", lang), "points": msg("compare_chart_peg", lang)}
    if stacked:
        lines = [msg("compare_chart_title", lang)]
        for change in lines_of:
            lines.append(names[change.kind])
            for index, visit in enumerate(comparison.visits):
                cell = _bar_cell(change, change.values[index], fill, empty)
                lines.append(f"{index + 1:>2}  {visit.date or '':10}  {cell}".rstrip())
        return [*lines, msg("compare_chart_key", lang, fill=fill, mark="|")]
    # Each column: the bar, its first-visit mark and the number, or its name if longer.
    widths = [max(CELLS + 1 + 5, len(names[c.kind])) for c in lines_of]
    header = "  ".join(f"{names[c.kind]:<{w}}" for c, w in zip(lines_of, widths, strict=True))
    lines = [msg("compare_chart_title", lang), f"{'':16}{header}".rstrip()]
    for index, visit in enumerate(comparison.visits):
        cells = [
            _bar_cell(change, change.values[index], fill, empty).ljust(width)
            for change, width in zip(lines_of, widths, strict=True)
        ]
        lines.append(f"{index + 1:>2}  {visit.date or '':10}  {'  '.join(cells)}".rstrip())
    lines.append(msg("compare_chart_key", lang, fill=fill, mark="|"))
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
