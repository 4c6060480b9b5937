"""Visits side by side on one page for the specialist: warning signs first, a chart of
average pain and the PEG across the visits, the table, and the changes in words.

The words are `compare.py`'s, the page machinery the report's `PageWriter`. The chart tells
its two lines apart by dash pattern and marker shape and prints every value beside its
point, so it reads in black and white.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import HRFlowable, KeepInFrame, Paragraph

from paincheck.formats import compare
from paincheck.formats.compare import Comparison, ScoreChange
from paincheck.formats.options import ExportOptions
from paincheck.formats.pdf.chart import (
    DASHED,
    PAIN_COLOUR,
    RELIEF_COLOUR,
    SOLID,
    chart_text,
    key_entry,
)
from paincheck.formats.pdf.page import DEFAULT_OPTIONS, INK, MUTED, PANEL, RULE, PageWriter
from paincheck.formats.pdf.pieces import boxed, grid
from paincheck.formats.pdf.report import _warning_boxes as warning_box

MAX_PLOT, MIN_PLOT = 150.0, 80.0  # the height of the chart's plot, in points
KEY_ROW = 14.0  # one line of the chart's key
BELOW = 34.0  # under the plot: the visits and the axis name

# Each line of the chart: its colour, dash and marker, and the side of its points where its
# values are printed (left and right: the two lines' numbers never meet, even when equal).
STYLES = {
    "intensity": (PAIN_COLOUR, SOLID, "FilledCircle", (-7.0, "e")),
    "points": (RELIEF_COLOUR, DASHED, "FilledTriangle", (7.0, "w")),
}


def render_compare_pdf(
    comparison: Comparison, options: ExportOptions = DEFAULT_OPTIONS, *, redact: bool = False
) -> tuple[bytes, list[str]]:
    """The page as PDF bytes, and warnings (characters the font cannot draw).

    One page, always: the chart gives up height first (down to MIN_PLOT), and only then is
    the whole page drawn smaller (many visits and many warning signs).
    """
    w = PageWriter(comparison.questionnaire, options)
    view, msg = w.view, w.msg
    top: list[Any] = warning_box(w, comparison.last.assessment)
    top.append(w.p(msg("compare_pdf_title"), w.title))
    facts = [compare.who(comparison, view, redact=redact), compare.visits_line(comparison, view)]
    top.append(w.p(" \u00b7 ".join(f for f in facts if f)))
    top.append(HRFlowable(width="100%", thickness=1.2, color=colors.HexColor(INK), spaceAfter=4))
    rest: list[Any] = [w.h(msg("compare_table_heading")), visits_table(w, comparison)]
    rest += _listed(w, msg("compare_changes_heading"), compare.changes(comparison, view))
    rest += [w.p(note, w.bold) for note in compare.notes(comparison, view)]
    rest += _listed(w, msg("compare_daily_heading"), compare.daily_life(comparison, view))
    rest += _listed(w, msg("compare_treatments_heading"), compare.treatments(comparison, view))
    rest += [w.space(0.5), w.p(msg("compare_sources"), w.small), w.space(0.5)]
    rest.append(boxed(w, [w.p(msg("compare_decide"), w.bold)], MUTED, "#ffffff", 1.0))
    middle: list[Any] = []
    lines_of = compare.charted(comparison)
    if lines_of:
        heading = w.h(msg("compare_chart_title"))
        spare = w.page_height() - _height(w, [*top, heading, *rest])
        plot = min(MAX_PLOT, max(MIN_PLOT, spare - _chart_frame(w, lines_of) - 4))
        middle = [heading, chart(w, comparison, lines_of, plot)]
    page = KeepInFrame(
        w.width, w.page_height(), [*top, *middle, *rest], mode="shrink", hAlign="LEFT"
    )
    return w.build([page], msg("compare_pdf_title")), w.warnings()


def _height(w: PageWriter, flowables: list[Any]) -> float:
    """How tall the flowables are, one under the other, with their spacing."""
    total = 0.0
    for flowable in flowables:
        _, height = flowable.wrap(w.width, w.page_height())
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _listed(w: PageWriter, heading: str, lines: list[str]) -> list[Any]:
    return [
        w.h(heading),
        *(Paragraph(w.esc(line), w.bullet, bulletText="\u2022") for line in lines),
    ]


def visits_table(w: PageWriter, comparison: Comparison) -> Any:
    """One row per visit: number, date, every score (a dash when not answered)."""
    msg, view = w.msg, w.view
    heads = [msg("compare_col_visit"), msg("compare_col_date")]
    heads += [
        compare.score_words(comparison, "compare_col", c.score, view) for c in comparison.scores
    ]
    rows: list[list[Any]] = [[w.p(h, w.bold) for h in heads]]
    for index, visit in enumerate(comparison.visits):
        cells = [str(index + 1), visit.date or msg("compare_no_date")]
        cells += [compare.number(c.values[index]) for c in comparison.scores]
        rows.append([w.p(cell) for cell in cells])
    others = len(comparison.scores)
    share = 0.74 / others if others else 0.0
    return grid(w, rows, (0.08, 0.18, *([share] * others)))


def _key_stacked(w: PageWriter, lines_of: list[ScoreChange]) -> bool:
    """Whether the key's entries need a line each (they do not fit side by side)."""
    names = _key_names(w)
    widest = max(
        stringWidth(w.plain(names[c.kind]), w.fonts.regular, w.size.small) for c in lines_of
    )
    return bool(widest + 32 + 12 > w.width / 2)


def _key_names(w: PageWriter) -> dict[str, str]:
    return {"intensity": w.msg("compare_pdf_key_pain"), "points": w.msg("compare_pdf_key_peg")}


def _chart_frame(w: PageWriter, lines_of: list[ScoreChange]) -> float:
    """The chart's height beyond its plot: the key, the visits under the axis, the title."""
    rows = len(lines_of) if _key_stacked(w, lines_of) else 1
    return rows * KEY_ROW + BELOW + 16


def chart(
    w: PageWriter, comparison: Comparison, lines_of: list[ScoreChange], plot_height: float
) -> Drawing:
    """Average pain and the PEG (0-10) at each visit, values printed, axes named, and a key."""
    msg, size = w.msg, w.size.small
    stacked = _key_stacked(w, lines_of)
    key_height = (len(lines_of) if stacked else 1) * KEY_ROW
    left = 40.0
    drawing = Drawing(w.width, _chart_frame(w, lines_of) + plot_height)
    plot = HorizontalLineChart()
    plot.x, plot.y = left, key_height + BELOW
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
    drawing.add(
        chart_text(w, 0, plot.y + plot_height + 6, msg("compare_pdf_axis_score"), bold=True)
    )
    middle = plot.x + plot.width / 2
    drawing.add(
        chart_text(
            w, middle, key_height + 4, msg("compare_pdf_axis_visit"), bold=True, anchor="middle"
        )
    )
    _draw_key(w, drawing, lines_of, stacked)
    return drawing


def _draw_key(w: PageWriter, drawing: Drawing, lines_of: list[ScoreChange], stacked: bool) -> None:
    """Each line's dash and marker with its words, side by side or one under the other."""
    names = _key_names(w)
    for n, change in enumerate(lines_of):
        colour, dash, marker, _ = STYLES[change.kind]
        x = 0.0 if stacked else n * w.width / 2
        y = (len(lines_of) - 1 - n) * KEY_ROW if stacked else 0.0
        look = (colour, dash, marker)
        key_entry(w, drawing, x, y, look, names[change.kind], weight=1.8, marker_size=7)


def _plotted(value: int | float | None) -> float | None:
    return float(value) if value is not None else None
