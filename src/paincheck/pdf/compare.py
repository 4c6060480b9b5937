"""Visits side by side on one page for the specialist: warning signs first, a chart of
average pain and the PEG across the visits, the table, and the changes in words.

The words are `compare.py`'s, the page machinery the report's `PageWriter`. The chart tells
its two lines apart by dash pattern and marker shape and prints every value beside its
point, so it reads in black and white.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.platypus import HRFlowable

from paincheck import compare
from paincheck.compare import Comparison, ScoreChange
from paincheck.files import write_rendered
from paincheck.outputs import ExportOptions
from paincheck.pdf.diary import DASHED, PAIN_COLOUR, RELIEF_COLOUR, SOLID
from paincheck.pdf.page import DEFAULT_OPTIONS, INK, MUTED, PANEL, RULE, PageWriter
from paincheck.pdf.pieces import boxed, grid
from paincheck.pdf.report import _warning_boxes as warning_box

# Each line of the chart: its colour, dash and marker, and the side of its points where its
# values are printed (left and right: the two lines' numbers never meet, even when equal).
STYLES = {
    "intensity": (PAIN_COLOUR, SOLID, "FilledCircle", (-7.0, "e")),
    "points": (RELIEF_COLOUR, DASHED, "FilledTriangle", (7.0, "w")),
}


def write_compare_pdf(
    comparison: Comparison,
    path: Path,
    options: ExportOptions = DEFAULT_OPTIONS,
    *,
    redact: bool = False,
    overwrite: bool = False,
) -> list[str]:
    """Write the page to `path` (0600, atomic, no overwrite unless asked); its warnings."""
    render = partial(render_compare_pdf, comparison, options, redact=redact)
    return write_rendered(path, render, overwrite=overwrite)


def render_compare_pdf(
    comparison: Comparison, options: ExportOptions = DEFAULT_OPTIONS, *, redact: bool = False
) -> tuple[bytes, list[str]]:
    """The page as PDF bytes, and warnings (characters the font cannot draw)."""
    w = PageWriter(comparison.questionnaire, options)
    lang, msg = w.lang, w.msg
    story: list[Any] = warning_box(w, comparison.last.assessment)
    story.append(w.p(msg("compare_pdf_title"), w.title))
    facts = [compare.who(comparison, lang, redact=redact), compare.visits_line(comparison, lang)]
    story.append(w.p(" \u00b7 ".join(f for f in facts if f)))
    story.append(HRFlowable(width="100%", thickness=1.2, color=colors.HexColor(INK), spaceAfter=4))
    lines_of = compare.charted(comparison)
    if lines_of:
        story += [w.h(msg("compare_chart_title")), chart(w, comparison, lines_of)]
    story += [w.h(msg("compare_table_heading")), visits_table(w, comparison)]
    story += _listed(w, msg("compare_changes_heading"), compare.changes(comparison, lang))
    story += _listed(w, msg("compare_daily_heading"), compare.daily_life(comparison, lang))
    story += _listed(w, msg("compare_treatments_heading"), compare.treatments(comparison, lang))
    story += [w.space(0.5), w.p(msg("compare_sources"), w.small), w.space(0.5)]
    story.append(boxed(w, [w.p(msg("compare_decide"), w.bold)], MUTED, "#ffffff", 1.0))
    return w.build(story, msg("compare_pdf_title")), w.warnings()


def _listed(w: PageWriter, heading: str, lines: list[str]) -> list[Any]:
    return [w.h(heading), *(w.markup(f"\u2022 {w.esc(line)}", w.bullet) for line in lines)]


def visits_table(w: PageWriter, comparison: Comparison) -> Any:
    """One row per visit: number, date, every score (a dash when not answered)."""
    msg, lang = w.msg, w.lang
    heads = [msg("compare_col_visit"), msg("compare_col_date")]
    heads += [
        compare.score_words(comparison, "compare_col", c.score, lang) for c in comparison.scores
    ]
    rows: list[list[Any]] = [[w.p(h, w.bold) for h in heads]]
    for index, visit in enumerate(comparison.visits):
        cells = [str(index + 1), visit.date or msg("compare_no_date")]
        cells += [compare.number(c.values[index]) for c in comparison.scores]
        rows.append([w.p(cell) for cell in cells])
    others = len(comparison.scores)
    share = 0.74 / others if others else 0.0
    return grid(w, rows, (0.08, 0.18, *([share] * others)))


def chart(w: PageWriter, comparison: Comparison, lines_of: list[ScoreChange]) -> Drawing:
    """Average pain and the PEG (0-10) at each visit, values printed, axes named, and a key."""
    msg, size = w.msg, w.size.small
    key_height, plot_height, left, below = 14.0, 150.0, 40.0, 34.0
    drawing = Drawing(w.width, key_height + below + plot_height + 16)
    plot = HorizontalLineChart()
    plot.x, plot.y = left, key_height + below
    plot.width, plot.height = w.width - left - 8, plot_height
    plot.data = [[_plotted(v) for v in change.values] for change in lines_of]
    for n, change in enumerate(lines_of):
        colour, dash, marker, _ = STYLES[change.kind]
        plot.lines[n].strokeColor, plot.lines[n].strokeWidth = colour, 1.8
        plot.lines[n].strokeDashArray = dash or None
        plot.lines[n].symbol = makeMarker(marker, size=7, fillColor=colour)
    plot.lineLabelFormat = "values"
    plot.lineLabelArray = [[compare.number(v) for v in change.values] for change in lines_of]
    plot.lineLabels.fontName, plot.lineLabels.fontSize = w.fonts.bold, size
    plot.lineLabels.boxFillColor = colors.white  # a number stays legible over a line
    plot.lineLabels.leftPadding = plot.lineLabels.rightPadding = 1
    for n, change in enumerate(lines_of):
        dx, anchor = STYLES[change.kind][3]
        for point in range(len(change.values)):
            label = plot.lineLabels[(n, point)]
            label.dx, label.boxAnchor = dx, anchor
    axis = plot.valueAxis
    axis.valueMin, axis.valueMax, axis.valueStep = 0, 10, 2
    axis.labels.fontName, axis.labels.fontSize = w.fonts.regular, size
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, colors.HexColor(PANEL), 0.6
    visits = plot.categoryAxis
    visits.categoryNames = [
        w.plain(f"{n}\n{v.date or ''}".rstrip()) for n, v in enumerate(comparison.visits, 1)
    ]
    visits.labels.fontName, visits.labels.fontSize = w.fonts.regular, size
    visits.labels.boxAnchor, visits.labels.dy = "n", -3
    visits.strokeColor = axis.strokeColor = colors.HexColor(RULE)
    drawing.add(plot)
    drawing.add(_text(w, 0, plot.y + plot_height + 6, msg("compare_pdf_axis_score"), bold=True))
    middle = plot.x + plot.width / 2
    drawing.add(
        _text(w, middle, key_height + 4, msg("compare_pdf_axis_visit"), bold=True, anchor="middle")
    )
    names = {"intensity": msg("compare_pdf_key_pain"), "points": msg("compare_pdf_key_peg")}
    for n, change in enumerate(lines_of):
        colour, dash, marker, _ = STYLES[change.kind]
        x = n * w.width / 2
        drawing.add(
            Line(x, 3, x + 26, 3, strokeColor=colour, strokeWidth=1.8, strokeDashArray=dash or None)
        )
        symbol = makeMarker(marker, size=7, fillColor=colour)
        symbol.x, symbol.y = x + 13, 3
        drawing.add(symbol)
        drawing.add(_text(w, x + 32, 0, names[change.kind]))
    return drawing


def _plotted(value: int | float | None) -> float | None:
    return float(value) if value is not None else None


def _text(
    w: PageWriter, x: float, y: float, text: str, *, bold: bool = False, anchor: str = "start"
) -> String:
    return String(
        x,
        y,
        w.plain(text),
        fontName=w.fonts.bold if bold else w.fonts.regular,
        fontSize=w.size.small,
        fillColor=colors.HexColor(INK),
        textAnchor=anchor,
    )
