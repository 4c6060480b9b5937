"""The diary as a page for the specialist: the name, the When-to-call box, the safety check,
the chart (`pdf/chart.py`), the summary, the days and the notes; one page for a trial of
up to about ten days, two at most however long the diary.

The page machinery (fonts, styles, escaping, footer) is the report's `PageWriter`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from paincheck.diary.report import (
    baseline_line,
    cell_words,
    day_columns,
    note_lines,
    safety_lines,
    when_to_call,
)
from paincheck.diary.store import Diary, diary_ids
from paincheck.diary.trial import (
    Period,
    by_period,
    round_half_away,
    shown,
    summarise,
    summary_sentences,
)
from paincheck.formats.options import ExportOptions
from paincheck.formats.pdf.chart import chart
from paincheck.formats.pdf.page import (
    DEFAULT_OPTIONS,
    INK,
    MUTED,
    RULE,
    URGENT,
    URGENT_BG,
    PageWriter,
    Sizes,
)
from paincheck.formats.pdf.pieces import Columns, boxed
from paincheck.questionnaire import Questionnaire

MAX_PAGES = 2  # the contract: one page, two at most
MARGIN = 36.0  # half an inch
# The page's print: body 9 pt, tables and the chart's words 7.6 pt.
SIZES = Sizes(body=9.0, small=7.6, heading=10.5, title=15.0, leading=1.25)
CELL_PAD = 4.0  # left and right in a table's cell
NOTE_GAP = 14.0  # between two columns of notes
DATED = re.compile(r"\d{4}-\d{2}-\d{2}: ")
# The When-to-call box is set a little smaller than the body to stay short; never below 8 pt.
BOX_TEXT = 8.4


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
FITS = (
    Fit(40, 12, 6000, 20),  # a trial week with a long note every day: every note
    Fit(40, 12, 2400, 20),
    Fit(20, 6, 1200, 10),
    Fit(8, 2, 500, 5),
    Fit(0, 0, 0, 3),
)


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
        w = diary_writer(form, options)
        data = w.build(_story(w, form, diary, fit, redact), w.msg("diary_pdf_title"))
        if w.pages <= MAX_PAGES:
            break
    return data, w.warnings()


def diary_writer(form: Questionnaire, options: ExportOptions) -> PageWriter:
    """The page machinery in the diary's print: a little smaller than the report's, with
    less space around headings, so a trial's week fits one page."""
    w = PageWriter(form, options, SIZES, MARGIN)
    w.heading = ParagraphStyle(
        "diary_heading",
        parent=w.heading,
        spaceBefore=SIZES.body * 0.6,
        spaceAfter=SIZES.body * 0.2,
    )
    return w


def _story(w: PageWriter, form: Questionnaire, diary: Diary, fit: Fit, redact: bool) -> list[Any]:
    view, msg = w.view, w.msg
    story: list[Any] = [w.p(msg("diary_pdf_title"), w.title)]
    baseline = w.esc(baseline_line(view, diary))
    if diary.name is not None and not redact:
        name = w.esc(msg("diary_pdf_name", name=diary.name), where="name")
        baseline = f"{name}<font color='{MUTED}'>  \u00b7  </font>{baseline}"
    story += [w.markup(baseline, w.bold), w.space(0.4)]
    story += [when_to_call_box(w, diary), w.space(0.2)]
    if diary.entries:
        heading = msg("diary_safety_heading")
        story.append(w.h(heading))
        lines = safety_lines(view, diary, most=fit.safety)
        story += [_dated(w, line, heading) for line in lines]
        story.append(w.space())
    if diary.entries:
        story += [chart(w, diary), w.space()]
    story.append(w.h(msg("diary_summary_heading")))
    # One paragraph: each sentence on a line of its own left most of each line empty.
    story.append(w.p(" ".join(summary_sentences(view, summarise(form, diary)))))
    if diary.entries and fit.rows:
        story += _table(w, diary, fit.rows)
    story += _notes(w, diary, fit)
    return story


def _table(w: PageWriter, diary: Diary, rows: int) -> list[Any]:
    """Day by day when the days fit; else week by week, the most recent weeks that fit."""
    msg = w.msg
    if len(diary.entries) <= rows:
        return [*w.table_heading(msg("diary_pdf_table_heading")), days_table(w, diary)]
    ids = diary_ids(w.view.questionnaire)
    weeks = by_period(ids, diary.entries, "week")
    shown = weeks[-rows:]
    # The worst pain and the days with more medicine are named only when the form asks them.
    full = ids.worst_pain is not None and ids.medicine is not None
    intro = msg("diary_pdf_weeks_intro" if full else "diary_pdf_weeks_intro_means")
    parts = [*w.table_heading(msg("diary_pdf_weeks_heading")), w.p(intro, w.small)]
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
    notes = note_lines(w.view, diary)
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
    return story + _in_two_columns(w, [_dated(w, line, heading) for line in kept])


def _dated(w: PageWriter, line: str, where: str) -> Any:
    """A line that starts with a date ("2026-11-02: ..."): the lines it wraps onto start
    under its words, so the dates stand out down the page."""
    date = DATED.match(line)
    if date is None:
        return w.p(line, where=where)
    indent = stringWidth(date.group(), w.fonts.regular, w.size.body)
    style = ParagraphStyle("dated", parent=w.body, leftIndent=indent, firstLineIndent=-indent)
    return w.p(line, style, where=where)


def _in_two_columns(w: PageWriter, paragraphs: list[Any]) -> list[Any]:
    """Short paragraphs (a few notes of a line or so) in two columns, down the left one
    first, when that saves a quarter of their height; else one under the other (which may
    go on over a page)."""
    if len(paragraphs) < 4:
        return paragraphs
    width = (w.width - NOTE_GAP) / 2
    whole = sum(p.wrap(w.width, 10_000)[1] for p in paragraphs)
    heights = [p.wrap(width, 10_000)[1] for p in paragraphs]
    cut = min(range(1, len(paragraphs)), key=lambda n: max(sum(heights[:n]), sum(heights[n:])))
    if max(sum(heights[:cut]), sum(heights[cut:])) > whole * 0.75:
        return paragraphs
    return [Columns([paragraphs[:cut], paragraphs[cut:]], width, NOTE_GAP)]


def when_to_call_box(w: PageWriter, diary: Diary) -> Any:
    """The fixed When-to-call box, every item of it, in little height: the title and when
    it applies on one line, a heading with a single item as one line across ("Call your
    implant team today if: ..."), the headings with several items side by side."""
    title, groups, applies = when_to_call(w.view, diary)
    size = BOX_TEXT
    text = ParagraphStyle("call", parent=w.body, fontSize=size, leading=size * 1.22)
    bold = ParagraphStyle("call_bold", parent=text, fontName=w.fonts.bold)
    bullet = ParagraphStyle(
        "call_item", parent=text, leftIndent=size * 1.1, bulletIndent=size * 0.15
    )
    heading = size * 1.3
    top = ParagraphStyle("call_title", parent=text, leading=heading * 1.2, spaceAfter=1)
    body: list[Any] = [
        w.markup(
            f"<font name='{w.fonts.bold}' size='{heading}'>{w.esc(title)}</font>"
            f"\u2003{w.esc(applies)}",
            top,
        )
    ]
    columns: list[list[Any]] = []
    for head, items in groups:
        if len(items) == 1:
            line = f"<b>{w.esc(head)}</b> {w.esc(items[0])}"
            body.append(w.markup(line, text))
            continue
        column = [w.p(head, bold)]
        column += [w.markup(f"• {w.esc(item)}", bullet) for item in items]
        columns.append(column)
    if columns:
        inner = w.width - 2 * w.size.body * 0.7
        side = Table([columns], colWidths=[inner / len(columns)] * len(columns))
        side.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        body.append(side)
    return boxed(w, body, URGENT, URGENT_BG, 1.4)


# -- the table --------------------------------------------------------------------------------


def days_table(w: PageWriter, diary: Diary) -> Table:
    """One row per day, every answer the daily form asks in words."""
    msg = w.msg
    columns = day_columns(w.view, activities=True)
    heads = [msg("diary_col_date"), *(msg(column.heading) for column in columns)]
    head_style = ParagraphStyle(
        "diary_head", parent=w.small, fontName=w.fonts.bold, textColor=colors.HexColor(INK)
    )
    rows = [[w.p(h, head_style) for h in heads]]
    for entry in diary.entries:
        cells = [entry.date, *(cell_words(w.view, entry, column) for column in columns)]
        rows.append([w.p(c, w.small, where=entry.date) for c in cells])
    table = Table(rows, colWidths=_fitted_widths(w, rows), repeatRows=1)
    table.setStyle(_TABLE_STYLE)
    return table


def _fitted_widths(w: PageWriter, rows: list[list[Any]]) -> list[float]:
    """Column widths that keep each day on one line where the page allows: each column as
    wide as its widest cell (a heading may wrap at its words), the last one (a list, which
    wraps) taking what is left, at least a quarter of the width; when the others do not fit
    beside it, each narrower in proportion."""
    pad = 2 * CELL_PAD
    head, *body = rows
    natural = []
    for column, cell in enumerate(head):
        words = [_width(word, cell.style) for word in cell.text.split()]
        cells = [_width(row[column].text, row[column].style) for row in body]
        natural.append(max([*words, *cells, 0.0]) + pad)
    last = min(natural[-1], w.width * 0.25)  # it wraps at its commas
    if sum(natural[:-1]) + last <= w.width:
        return [*natural[:-1], w.width - sum(natural[:-1])]
    scale = (w.width - last) / sum(natural[:-1])
    return [*(n * scale for n in natural[:-1]), last]


def _width(text: str, style: ParagraphStyle) -> float:
    return float(stringWidth(text, style.fontName, style.fontSize))


_TABLE_STYLE = TableStyle(
    [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor(RULE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
    ]
)


def weeks_table(w: PageWriter, weeks: Sequence[Period]) -> Table:
    """One row per week: its Monday, days recorded, average pain, worst pain, average relief,
    days with more pain medicine, average sleep (each the daily form asks)."""
    ids = diary_ids(w.view.questionnaire)
    # (heading, share of the width, whether the form asks it, the week's cell)
    columns: list[tuple[str, float, bool, Callable[[Period], str]]] = [
        ("diary_pdf_col_week", 0.16, True, lambda week: week.label),
        ("diary_pdf_col_days", 0.09, True, lambda week: str(week.days)),
        ("diary_col_pain", 0.13, True, lambda week: _shown(week.pain_average)),
        ("diary_col_worst", 0.13, ids.worst_pain is not None, lambda week: _count(week.pain_worst)),
        ("diary_col_relief", 0.13, True, lambda week: _percent(week.relief_percent)),
        (
            "diary_pdf_col_more_medicine",
            0.2,
            ids.medicine is not None,
            lambda week: _count(week.more_medicine),
        ),
        ("diary_col_sleep", 0.16, ids.sleep is not None, lambda week: _shown(week.sleep_hours)),
    ]
    kept = [(key, share, cell) for key, share, asked, cell in columns if asked]
    # The share of a column the form does not ask goes to the others, in proportion.
    used = sum(share for _, share, _ in kept)
    spread = 1 + (sum(share for _, share, _, _ in columns) - used) / used
    head_style = ParagraphStyle(
        "diary_head", parent=w.small, fontName=w.fonts.bold, textColor=colors.HexColor(INK)
    )
    rows = [[w.p(w.msg(key), head_style) for key, _, _ in kept]]
    for week in weeks:
        rows.append([w.p(cell(week), w.small, where=week.label) for _, _, cell in kept])
    widths = [share * spread * w.width for _, share, _ in kept]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_TABLE_STYLE)
    return table


def _shown(value: Fraction | None) -> str:
    return "" if value is None else shown(round_half_away(value))


def _percent(value: Fraction | None) -> str:
    return "" if value is None else f"{shown(round_half_away(value))}%"


def _count(value: int | None) -> str:
    return "" if value is None else str(value)
