"""The diary as a page for the specialist: a chart, the days, the summary and the notes.

The page machinery (fonts, styles, escaping, footer) is the report's `PageWriter`.
The chart tells its lines apart by dash pattern and marker shape, and names each reference
line beside it, so it reads in black and white.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle

from paincheck.diary import BASELINE_QUESTION, Diary
from paincheck.diary_view import (
    COMFORT,
    SLEEP,
    WORST,
    answer_words,
    baseline_line,
    note_lines,
    safety_lines,
    when_to_call,
)
from paincheck.files import write_rendered
from paincheck.outputs import ExportOptions
from paincheck.pdf.page import (
    DEFAULT_OPTIONS,
    INK,
    MUTED,
    PANEL,
    RULE,
    URGENT,
    URGENT_BG,
    PageWriter,
)
from paincheck.pdf.pieces import boxed
from paincheck.questionnaire import Questionnaire
from paincheck.trial import (
    MEDICINE,
    RELIEF,
    Period,
    by_period,
    coarsest_needed,
    round_half_away,
    shown,
    summarise,
    summary_sentences,
)

PAIN_COLOUR = colors.HexColor("#1f4e79")
RELIEF_COLOUR = colors.HexColor("#9c4a00")
REFERENCE_COLOUR = colors.HexColor(MUTED)
SOLID: list[float] = []
DASHED = [5.0, 3.0]
LONG_DASH = [9.0, 3.0]
DOTTED = [1.2, 2.2]
MAX_DATE_LABELS = 8
ACTIVITIES = "activities"
MAX_PAGES = 2  # the contract: one page, two at most
# The chart draws at most this many points (days, else weeks, months or years): reportlab
# takes about 2 ms a point, and more would not be told apart on the page anyway.
MAX_POINTS = 120
SMALL_MARKERS = 60  # past this many points a marker is drawn smaller


@dataclass(frozen=True)
class Fit:
    """How much of a long diary one page (two at most) holds: table rows (days, else the
    most recent weeks), the most recent notes, and the most recent days of the safety check
    named one by one."""

    rows: int
    notes: int
    note_chars: int
    safety: int


# Most detail first; a diary whose page runs longer is laid out again with the next.
FITS = (Fit(40, 12, 2400, 20), Fit(20, 6, 1200, 10), Fit(8, 2, 500, 5), Fit(0, 0, 0, 3))


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


def write_diary_pdf(
    form: Questionnaire,
    diary: Diary,
    path: Path,
    options: ExportOptions = DEFAULT_OPTIONS,
    *,
    redact: bool = False,
    overwrite: bool = False,
) -> list[str]:
    """Write the diary page to `path` (0600, atomic, no overwrite unless asked); warnings.
    `redact` leaves the name out."""
    render = partial(render_diary_pdf, form, diary, options, redact=redact)
    return write_rendered(path, render, overwrite=overwrite)


def render_diary_pdf(
    form: Questionnaire,
    diary: Diary,
    options: ExportOptions = DEFAULT_OPTIONS,
    *,
    redact: bool = False,
) -> tuple[bytes, list[str]]:
    """The diary page as PDF bytes, and warnings (characters the font cannot draw): the
    name, the When-to-call box, the safety check by day, then the chart, summary and days.

    One page, two at most, however long the diary: a long one is summed up (the chart over
    all its days by week, month or year; the most recent weeks in the table; the most
    recent problem days and notes), each time with less detail until it fits.
    """
    for fit in FITS:
        w = PageWriter(form, options)
        data = w.build(_story(w, form, diary, fit, redact), w.msg("diary_pdf_title"))
        if w.pages <= MAX_PAGES:
            break
    return data, w.warnings()


def _story(w: PageWriter, form: Questionnaire, diary: Diary, fit: Fit, redact: bool) -> list[Any]:
    lang, msg = w.lang, w.msg
    story: list[Any] = [w.p(msg("diary_pdf_title"), w.title)]
    if diary.name is not None and not redact:
        story.append(w.p(msg("diary_pdf_name", name=diary.name), w.bold, where="name"))
    story += [w.p(baseline_line(form, diary, lang), w.bold), w.space(0.4)]
    story += [when_to_call_box(w, diary), w.space(0.4)]
    if diary.entries:
        heading = msg("diary_safety_heading")
        story.append(w.h(heading))
        lines = safety_lines(form, diary, lang, most=fit.safety)
        story += [w.p(line, where=heading) for line in lines]
        story.append(w.space())
    if diary.entries:
        story += [chart(w, diary), w.space()]
    story.append(w.h(msg("diary_summary_heading")))
    story += [w.p(line) for line in summary_sentences(form, summarise(form, diary), lang)]
    if diary.entries and fit.rows:
        story += _table(w, diary, fit.rows)
    story += _notes(w, diary, fit)
    return story


def _table(w: PageWriter, diary: Diary, rows: int) -> list[Any]:
    """Day by day when the days fit; else week by week, the most recent weeks that fit."""
    msg = w.msg
    if len(diary.entries) <= rows:
        return [*w.table_heading(msg("diary_pdf_table_heading")), days_table(w, diary)]
    weeks = by_period(diary.entries, "week")
    shown = weeks[-rows:]
    parts = [
        *w.table_heading(msg("diary_pdf_weeks_heading")),
        w.p(msg("diary_pdf_weeks_intro"), w.small),
    ]
    if len(shown) < len(weeks):
        earlier = weeks[: len(weeks) - len(shown)]
        parts.append(
            w.p(
                msg(
                    "diary_pdf_weeks_earlier",
                    count=len(earlier),
                    first=earlier[0].start,
                    last=shown[0].start,
                ),
                w.small,
            )
        )
    return [*parts, weeks_table(w, shown)]


def _notes(w: PageWriter, diary: Diary, fit: Fit) -> list[Any]:
    """The most recent notes that fit (`fit.notes` of them, `fit.note_chars` characters),
    and how many earlier ones there are."""
    notes = note_lines(diary)
    if not notes:
        return []
    kept: list[str] = []
    used = 0
    for line in reversed(notes):
        if len(kept) == fit.notes or used + len(line) > fit.note_chars:
            break
        kept.insert(0, line)
        used += len(line)
    heading = w.msg("diary_notes_heading")
    story = [w.h(heading)]
    if len(kept) < len(notes):
        earlier = w.p(w.msg("diary_pdf_notes_earlier", count=len(notes) - len(kept)), w.small)
        earlier.keepWithNext = True  # with the heading, on the page of the first note
        story.append(earlier)
    return story + [w.p(line, where=heading) for line in kept]


def when_to_call_box(w: PageWriter, diary: Diary) -> Any:
    """The fixed When-to-call box: each heading with its items."""
    title, groups, applies = when_to_call(w.questionnaire, diary, w.lang)
    columns: list[list[Any]] = [[], []]  # the implant team (today, now); the emergency
    for n, (heading, items) in enumerate(groups):
        column = columns[0 if n < len(groups) - 1 else 1]
        column.append(w.p(heading, w.bold))
        column += [w.markup(f"• {w.esc(item)}", w.bullet) for item in items]
    half = (w.width - 2 * w.size.body * 0.7) / 2
    side = Table([columns], colWidths=[half, half])
    side.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    body = [w.p(title, w.heading), side, w.p(applies)]
    return boxed(w, body, URGENT, URGENT_BG, 1.4)


# -- the chart --------------------------------------------------------------------------------


def chart(w: PageWriter, diary: Diary) -> Drawing:
    """Two panels over the same dates (average pain 0-10, relief 0-100%) and a key: one point
    a day, or for a long diary the average of each week (month, year) over all its days."""
    msg = w.msg
    unit = coarsest_needed(diary.entries, MAX_POINTS)
    if unit == "day":
        dates = [e.date for e in diary.entries]
        pains: list[float | None] = [_int(e.answers.get(BASELINE_QUESTION)) for e in diary.entries]
        reliefs: list[float | None] = [_int(e.answers.get(RELIEF)) for e in diary.entries]
    else:
        periods = by_period(diary.entries, unit)
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
    width, panel, key_height = w.width, 64.0, 13.0 * 3
    drawing = Drawing(width, 2 * panel + 88 + key_height)
    top = key_height + 40 + panel + 36
    _panel(w, drawing, top, panel, dates, pain, (0, 10, 2), pain_lines, msg("diary_pdf_axis_pain"))
    bottom = key_height + 40
    _panel(
        w, drawing, bottom, panel, dates, relief, (0, 100, 25), mark, msg("diary_pdf_axis_relief")
    )
    axis = msg("diary_pdf_axis_date" if unit == "day" else f"diary_pdf_axis_{unit}")
    drawing.add(chart_text(w, width / 2, key_height + 10, axis, anchor="middle"))
    _key(
        w,
        drawing,
        key_height,
        [(pain, msg("diary_pdf_key_pain")), (relief, msg("diary_pdf_key_relief"))],
        [*pain_lines, *mark],
    )
    return drawing


def _panel(
    w: PageWriter,
    drawing: Drawing,
    y: float,
    height: float,
    dates: list[str],
    series: Series,
    scale: tuple[int, int, int],
    references: list[Reference],
    title: str,
) -> None:
    """One line chart with its value axis, date labels, title and reference lines."""
    size = w.size.small
    chart = HorizontalLineChart()
    chart.x, chart.y = 34.0, y
    chart.width, chart.height = w.width - 34.0 - 150.0, height
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
    categories.categoryNames = [d if n % every == 0 else "" for n, d in enumerate(dates)]
    categories.labels.fontName, categories.labels.fontSize = w.fonts.regular, size
    categories.labels.boxAnchor = "n"
    categories.strokeColor = axis.strokeColor = colors.HexColor(RULE)
    drawing.add(chart)
    drawing.add(chart_text(w, 0, y + height + 8, title, bold=True))
    right = chart.x + chart.width
    for ref in references:
        level = y + (ref.value - low) / (high - low) * height
        drawing.add(
            Line(
                chart.x,
                level,
                right,
                level,
                strokeColor=REFERENCE_COLOUR,
                strokeWidth=1,
                strokeDashArray=ref.dash,
            )
        )
        drawing.add(
            chart_text(w, right + 4, level - size * 0.35, ref.label, colour=REFERENCE_COLOUR)
        )


def _key(
    w: PageWriter,
    drawing: Drawing,
    height: float,
    lines: list[tuple[Series, str]],
    references: list[Reference],
) -> None:
    """The key: each line's dash and marker with its words (two columns)."""
    entries: list[tuple[Any, list[float], str | None, str]] = [
        (s.colour, s.dash, s.marker, text) for s, text in lines
    ]
    entries += [(REFERENCE_COLOUR, r.dash, None, r.label) for r in references]
    column = w.width / 2
    for n, (colour, dash, marker, text) in enumerate(entries):
        x, y = (n % 2) * column, height - 12 - (n // 2) * 13
        key_entry(w, drawing, x, y, (colour, dash, marker), text)


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


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


# -- the table --------------------------------------------------------------------------------


def days_table(w: PageWriter, diary: Diary) -> Table:
    """One row per day, every answer in words."""
    form, lang, msg = w.questionnaire, w.lang, w.msg
    keys = ("diary_col_date", "diary_col_pain", "diary_col_worst", "diary_col_relief")
    heads = [msg(k) for k in keys]
    heads += [msg("diary_col_medicine"), msg("diary_col_sleep"), msg("diary_col_comfort")]
    heads.append(msg("diary_pdf_activities"))
    head_style = ParagraphStyle(
        "diary_head", parent=w.small, fontName=w.fonts.bold, textColor=colors.HexColor(INK)
    )
    rows = [[w.p(h, head_style) for h in heads]]
    for entry in diary.entries:
        relief = entry.answers.get(RELIEF)
        cells = [entry.date]
        cells += [answer_words(form, entry, q, lang) for q in (BASELINE_QUESTION, WORST)]
        cells.append(f"{relief}%" if relief is not None else "")
        cells += [
            answer_words(form, entry, q, lang) for q in (MEDICINE, SLEEP, COMFORT, ACTIVITIES)
        ]
        rows.append([w.p(c, w.small, where=entry.date) for c in cells])
    widths = [0.13, 0.07, 0.08, 0.08, 0.15, 0.07, 0.17, 0.25]
    table = Table(rows, colWidths=[f * w.width for f in widths], repeatRows=1)
    table.setStyle(_TABLE_STYLE)
    return table


_TABLE_STYLE = TableStyle(
    [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor(RULE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


def weeks_table(w: PageWriter, weeks: Sequence[Period]) -> Table:
    """One row per week: its Monday, days recorded, average pain, worst pain, average relief,
    days with more pain medicine, average sleep."""
    keys = (
        "diary_pdf_col_week",
        "diary_pdf_col_days",
        "diary_col_pain",
        "diary_col_worst",
        "diary_col_relief",
        "diary_pdf_col_more_medicine",
        "diary_col_sleep",
    )
    head_style = ParagraphStyle(
        "diary_head", parent=w.small, fontName=w.fonts.bold, textColor=colors.HexColor(INK)
    )
    rows = [[w.p(w.msg(k), head_style) for k in keys]]
    for week in weeks:
        relief = week.relief_percent
        cells = [
            week.label,
            str(week.days),
            _shown(week.pain_average),
            "" if week.pain_worst is None else str(week.pain_worst),
            "" if relief is None else f"{shown(round_half_away(relief))}%",
            str(week.more_medicine),
            _shown(week.sleep_hours),
        ]
        rows.append([w.p(c, w.small, where=week.label) for c in cells])
    widths = [0.16, 0.09, 0.13, 0.13, 0.13, 0.2, 0.16]
    table = Table(rows, colWidths=[f * w.width for f in widths], repeatRows=1)
    table.setStyle(_TABLE_STYLE)
    return table


def _shown(value: Fraction | None) -> str:
    return "" if value is None else shown(round_half_away(value))
