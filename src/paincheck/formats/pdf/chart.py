"""The diary's chart for the page: average pain and relief by day (week, month, year), each
in a panel over the same dates, with the pain before the trial, half of it, and the 50%
relief mark as reference lines.

The lines are told apart by dash pattern and marker shape, and each reference line is named
beside it, so the chart reads in black and white. `key_entry` and `chart_text` also serve
the comparison page's chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from paincheck.diary.store import Diary, diary_ids
from paincheck.diary.trial import by_period, coarsest_needed
from paincheck.formats.pdf.page import INK, MUTED, PANEL, RULE, PageWriter
from paincheck.questionnaire.conditions import whole_number

PAIN_COLOUR = colors.HexColor("#1f4e79")
RELIEF_COLOUR = colors.HexColor("#9c4a00")
REFERENCE_COLOUR = colors.HexColor(MUTED)
SOLID: list[float] = []
DASHED = [5.0, 3.0]
LONG_DASH = [9.0, 3.0]
DOTTED = [1.2, 2.2]
MAX_DATE_LABELS = 8
# The chart draws at most this many points (days, else weeks, months or years): reportlab
# takes about 2 ms a point, and more would not be told apart on the page anyway.
MAX_POINTS = 120
SMALL_MARKERS = 60  # past this many points a marker is drawn smaller
PANEL_HEIGHT = 42.0
PLOT_LEFT = 34.0  # the value axis's numbers


@dataclass(frozen=True)
class Series:
    """One line of the chart: its values, how it is drawn, and its key text."""

    values: Sequence[float | None]
    colour: Any
    dash: list[float]
    marker: str  # a reportlab marker name


@dataclass(frozen=True)
class Reference:
    """A horizontal line at a value, named beside it and in the key."""

    value: float
    dash: list[float]
    label: str


def chart(w: PageWriter, diary: Diary) -> Drawing:
    """Two panels over the same dates (average pain 0-10, relief 0-100%) and a key: one point
    a day, or for a long diary the average of each week (month, year) over all its days."""
    msg = w.msg
    ids = diary_ids(w.view.questionnaire)
    unit = coarsest_needed(diary.entries, MAX_POINTS)
    if unit == "day":
        dates = [e.date for e in diary.entries]
        pains: list[float | None] = [whole_number(e.answers.get(ids.pain)) for e in diary.entries]
        reliefs: list[float | None] = [
            whole_number(e.answers.get(ids.relief)) for e in diary.entries
        ]
    else:
        periods = by_period(ids, diary.entries, unit)
        dates = [p.label for p in periods]
        pains = [_float(p.pain_average) for p in periods]
        reliefs = [_float(p.relief_percent) for p in periods]
    pain = Series(pains, PAIN_COLOUR, SOLID, "FilledCircle")
    relief = Series(reliefs, RELIEF_COLOUR, DASHED, "FilledTriangle")
    pain_lines = []
    if diary.baseline is not None:
        base = diary.baseline.pain_average
        pain_lines.append(Reference(base, LONG_DASH, msg("diary_pdf_key_baseline", baseline=base)))
        if base:
            half = f"{base / 2:g}"
            pain_lines.append(Reference(base / 2, DOTTED, msg("diary_pdf_key_half", half=half)))
    pain_lines = [r for r in pain_lines if 0 <= r.value <= 10]  # a line off the scale: none
    mark = [Reference(50, DOTTED, msg("diary_pdf_key_mark"))]
    # From the foot up: the dates' axis name, the relief panel with the dates under it, its
    # title, the pain panel (over the same dates), its title. Beside each title, its line in
    # the key; the reference lines are named beside them.
    width, label = w.width, w.size.small
    # The plots end where the longest name of a reference line still fits beside them.
    names = [stringWidth(w.plain(r.label), w.fonts.regular, label) for r in [*pain_lines, *mark]]
    right = width - max(names) - 6
    bottom = label * 3.2
    top = bottom + PANEL_HEIGHT + label * 3.2
    drawing = Drawing(width, top + PANEL_HEIGHT + label * 2)
    pain_titles = (msg("diary_pdf_axis_pain"), msg("diary_pdf_key_pain"))
    _panel(w, drawing, (top, right), dates, pain, (0, 10, 2), pain_lines, pain_titles, dated=False)
    relief_titles = (msg("diary_pdf_axis_relief"), msg("diary_pdf_key_relief"))
    _panel(w, drawing, (bottom, right), dates, relief, (0, 100, 25), mark, relief_titles)
    axis = msg("diary_pdf_axis_date" if unit == "day" else f"diary_pdf_axis_{unit}")
    middle = (PLOT_LEFT + right) / 2  # under the plots
    drawing.add(chart_text(w, middle, 1, axis, anchor="middle"))
    return drawing


def _panel(
    w: PageWriter,
    drawing: Drawing,
    place: tuple[float, float],
    dates: list[str],
    series: Series,
    scale: tuple[int, int, int],
    references: list[Reference],
    titles: tuple[str, str],
    *,
    dated: bool = True,
) -> None:
    """One line chart, its foot at `place[0]` and its right edge at `place[1]`, with its
    value axis, its title and its line in the key (`titles`), its reference lines named
    beside them, and the dates under it unless `dated` is false (a panel above another over
    the same dates)."""
    size, height = w.size.small, PANEL_HEIGHT
    y, plot_right = place
    chart = HorizontalLineChart()
    chart.x, chart.y = PLOT_LEFT, y
    chart.width, chart.height = plot_right - PLOT_LEFT, height
    low, high, step = scale
    # A daily form of someone else's may allow values far off the scale: drawn at its edge
    # (the table gives the number), never across the page.
    chart.data = [[v if v is None else max(low, min(high, v)) for v in series.values]]
    chart.lines[0].strokeColor = series.colour
    chart.lines[0].strokeWidth = 1.6
    chart.lines[0].strokeDashArray = series.dash or None
    marker = 6 if len(dates) <= SMALL_MARKERS else 3
    chart.lines[0].symbol = makeMarker(series.marker, size=marker, fillColor=series.colour)
    axis = chart.valueAxis
    axis.valueMin, axis.valueMax, axis.valueStep = low, high, step
    axis.labels.fontName, axis.labels.fontSize = w.fonts.regular, size
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, colors.HexColor(PANEL), 0.5
    categories = chart.categoryAxis
    every = max(1, -(-len(dates) // MAX_DATE_LABELS))
    shown = [d if dated and n % every == 0 else "" for n, d in enumerate(dates)]
    categories.categoryNames = shown
    categories.labels.fontName, categories.labels.fontSize = w.fonts.regular, size
    categories.labels.boxAnchor = "n"
    categories.strokeColor = axis.strokeColor = colors.HexColor(RULE)
    # The title and key first, so text read out of the PDF names the panel before its numbers.
    title, key = titles
    drawing.add(chart_text(w, 0, y + height + 8, title, bold=True))
    after = stringWidth(w.plain(title), w.fonts.bold, size) + 18
    look = (series.colour, series.dash, series.marker)
    key_entry(w, drawing, after, y + height + 8, look, key)
    drawing.add(chart)
    _references(w, drawing, (PLOT_LEFT, plot_right, y), (low, high), references)


def _references(
    w: PageWriter,
    drawing: Drawing,
    plot: tuple[float, float, float],
    scale: tuple[int, int],
    references: list[Reference],
) -> None:
    """Each reference line across the plot (left, right, foot) and its name beside it; the
    names of lines close together are moved apart, never written over each other."""
    left, right, y = plot
    low, high = scale
    size = w.size.small
    named = -1e9  # where the last name was written
    for ref in sorted(references, key=lambda r: r.value):
        level = y + (ref.value - low) / (high - low) * PANEL_HEIGHT
        drawing.add(
            Line(
                left,
                level,
                right,
                level,
                strokeColor=REFERENCE_COLOUR,
                strokeWidth=1,
                strokeDashArray=ref.dash,
            )
        )
        named = max(level - size * 0.35, named + size * 1.15)
        drawing.add(chart_text(w, right + 4, named, ref.label, colour=REFERENCE_COLOUR))


def key_entry(
    w: PageWriter,
    drawing: Drawing,
    x: float,
    y: float,
    look: tuple[Any, list[float], str | None],
    text: str,
    *,
    weight: float = 1.6,
    marker_size: float = 6,
) -> None:
    """One entry of a chart's key at (x, y): a stretch of the line (colour, dash, marker or
    None) and its words beside it."""
    colour, dash, marker = look
    drawing.add(
        Line(
            x,
            y + 3,
            x + 26,
            y + 3,
            strokeColor=colour,
            strokeWidth=weight,
            strokeDashArray=dash or None,
        )
    )
    if marker is not None:
        symbol = makeMarker(marker, size=marker_size, fillColor=colour)
        symbol.x, symbol.y = x + 13, y + 3
        drawing.add(symbol)
    drawing.add(chart_text(w, x + 32, y, text))


def chart_text(
    w: PageWriter,
    x: float,
    y: float,
    text: str,
    *,
    bold: bool = False,
    anchor: str = "start",
    colour: Any = None,
) -> String:
    return String(
        x,
        y,
        w.plain(text),
        fontName=w.fonts.bold if bold else w.fonts.regular,
        fontSize=w.size.small,
        fillColor=colour or colors.HexColor(INK),
        textAnchor=anchor,
    )


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
