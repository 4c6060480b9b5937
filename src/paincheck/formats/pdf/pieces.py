"""Small drawn pieces shared by the report and the blank checklist: symbols, bars, boxes, grids."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from paincheck.formats.pdf.page import INK, MUTED, PANEL, RULE, URGENT, PageWriter, colour

STATUS_COLOURS = {"met": "#1e8449", "partly": "#b9770e", "not_met": "#b03a2e", "unknown": "#5d6d7e"}
BAND_COLOURS = ("#abebc6", "#f9e79f", "#f5b041", "#e74c3c")  # none, mild, moderate, severe


class Drawn(Flowable):  # type: ignore[misc]
    """A fixed-size flowable painted straight onto the canvas (cheaper than a Drawing)."""

    def __init__(self, width: float, height: float, paint: Callable[[Any], None]) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.paint = paint

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.paint(self.canv)
        self.canv.restoreState()


def status_label(
    status: str, word: str, size: float, font: str, max_width: float | None = None
) -> Any:
    """A status as a drawn symbol (check, half circle, cross, question mark) and its word;
    a word wider than `max_width` allows ("Coincide en parte") runs onto more lines."""
    r = size / 2
    fill = colour(STATUS_COLOURS.get(status, MUTED))
    text_size = size * 0.8
    room = None if max_width is None else max_width - size - 4
    lines = _fit_words(word, font, text_size, room)
    lead = text_size * 1.2
    height = max(size, size / 2 + text_size * 0.35 + lead * (len(lines) - 1) + text_size * 0.3)
    top = height - size  # the symbol sits beside the first line

    def paint(c: Any) -> None:
        c.translate(0, top)
        c.setLineCap(1)
        c.setLineJoin(1)
        if status == "partly":
            c.setStrokeColor(fill)
            c.setLineWidth(1.2)
            c.setFillColor(colour("#ffffff"))
            c.circle(r, r, r - 0.6, stroke=1, fill=1)
            c.setFillColor(fill)
            c.wedge(0.6, 0.6, size - 0.6, size - 0.6, 90, 180, stroke=0, fill=1)
        else:
            c.setFillColor(fill)
            c.circle(r, r, r, stroke=0, fill=1)
            c.setStrokeColor(colour("#ffffff"))
            c.setFillColor(colour("#ffffff"))
            c.setLineWidth(max(size * 0.13, 1.2))
            if status == "met":
                path = c.beginPath()
                path.moveTo(size * 0.27, size * 0.52)
                path.lineTo(size * 0.43, size * 0.34)
                path.lineTo(size * 0.74, size * 0.68)
                c.drawPath(path, stroke=1, fill=0)
            elif status == "not_met":
                c.line(size * 0.3, size * 0.3, size * 0.7, size * 0.7)
                c.line(size * 0.3, size * 0.7, size * 0.7, size * 0.3)
            else:
                c.setFont(font, size * 0.72)
                c.drawCentredString(r, size * 0.24, "?")
        c.setFillColor(colour(INK))
        c.setFont(font, text_size)
        for number, line in enumerate(lines):
            c.drawString(size + 4, r - text_size * 0.35 - number * lead, line)

    widest = max(stringWidth(line, font, text_size) for line in lines)
    return Drawn(size + 4 + widest, height, paint)


def _fit_words(text: str, font: str, size: float, room: float | None) -> list[str]:
    """The text in lines no wider than `room` (a single word is never split)."""
    if room is None or stringWidth(text, font, size) <= room:
        return [text]
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]


def pain_chart(w: PageWriter, rows: Sequence[tuple[str, int | None, int]], width: float) -> Any:
    """Horizontal 0-10 bars: one row per score, with the value printed beside each bar."""
    size = w.size.small
    font, bold = w.fonts.regular, w.fonts.bold
    label_width = max((stringWidth(label, font, size) for label, _, _ in rows), default=0) + 6
    value_width = stringWidth("10", bold, w.size.body) + 8
    track = width - label_width - value_width
    row_h = size * 2.1
    height = row_h * len(rows) + size * 1.8
    axis_y = size * 1.3

    ticks = [label_width + track * tick / 10 for tick in range(11)]

    def paint(c: Any) -> None:
        c.setStrokeColor(colour("#d5dbdb"))
        c.setLineWidth(0.4)
        for x in ticks:
            c.line(x, axis_y, x, height)
        for index, (label, value, band) in enumerate(rows):
            y = height - row_h * (index + 1) + size * 0.3
            bar_h = row_h * 0.6
            c.setFillColor(colour(INK))
            c.setFont(font, size)
            c.drawString(0, y + bar_h * 0.28, label)
            c.setFillColor(colour("#f2f4f4"))
            c.rect(label_width, y, track, bar_h, stroke=0, fill=1)
            if value:
                c.setFillColor(colour(BAND_COLOURS[band]))
                c.setStrokeColor(colour("#7f8c8d"))
                c.rect(label_width, y, track * value / 10, bar_h, stroke=1, fill=1)
            c.setFillColor(colour(INK))
            c.setFont(bold, w.size.body)
            text = "\u2013" if value is None else str(value)
            c.drawString(label_width + track + 5, y + bar_h * 0.2, text)
        # The axis numbers last, so text read out of the PDF gives the scores first.
        c.setFont(font, size * 0.85)
        c.setFillColor(colour(MUTED))
        for tick, x in enumerate(ticks):
            if tick in (0, 5, 10) or not w.large:
                c.drawCentredString(x, axis_y - size * 1.05, str(tick))

    return Drawn(width, height, paint)


def relief_label(level: int, steps: int, word: str, size: float, font: str) -> Any:
    """Filled squares for how much a treatment helped (none: all empty), then the words."""
    box = size * 0.8
    height = size * 1.3  # one line of body text, so it sits level with the row's words
    baseline = height - size  # where a paragraph's first baseline falls

    def paint(c: Any) -> None:
        c.setStrokeColor(colour(MUTED))
        c.setLineWidth(0.5)
        for i in range(steps):
            c.setFillColor(colour("#2e86c1" if i < level else "#ffffff"))
            c.rect(i * (box + 2), baseline - 0.5, box, box, stroke=1, fill=1)
        c.setFillColor(colour(INK))
        c.setFont(font, size)
        c.drawString(steps * (box + 2) + 5, baseline, word)

    width = steps * (box + 2) + 5 + stringWidth(word, font, size)
    return Drawn(width, height, paint)


def _rule_lines(c: Any, count: int, gap: float, width: float) -> None:
    c.setStrokeColor(colour(RULE))
    c.setLineWidth(0.6)
    for i in range(count):
        c.line(0, i * gap + 1, width, i * gap + 1)


def write_on_lines(count: int, gap: float, width: float) -> Any:
    """Ruled lines to write on."""
    return Drawn(width, count * gap, lambda c: _rule_lines(c, count, gap, width))


def tick_box(size: float) -> Any:
    """An empty square to tick by hand."""

    def paint(c: Any) -> None:
        c.setStrokeColor(colour(INK))
        c.setLineWidth(0.8)
        c.rect(0, 0, size, size, stroke=1, fill=0)

    return Drawn(size, size, paint)


class SideBySide(Flowable):  # type: ignore[misc]
    """Two columns of flowables next to each other, kept on one page (a light two-cell table)."""

    gap = 12.0

    def __init__(self, left: list[Any], right: list[Any], left_width: float) -> None:
        super().__init__()
        self.left, self.right, self.left_width = left, right, left_width

    def _column(self, items: list[Any], width: float) -> list[tuple[float, float, float]]:
        """Each item's space before, width and height, wrapped once."""
        sizes = []
        for index, item in enumerate(items):
            before = item.getSpaceBefore() if index else 0.0
            item_width, item_height = item.wrap(width, 10_000)
            sizes.append((before, item_width, item_height + item.getSpaceAfter()))
        return sizes

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.widths = (self.left_width - self.gap, avail_width - self.left_width)
        self.sizes = (
            self._column(self.left, self.widths[0]),
            self._column(self.right, self.widths[1]),
        )
        self.height = max(sum(b + h for b, _, h in column) for column in self.sizes)
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        # Rather than leave most of a page empty, stack the two columns there instead, but
        # only if the first two items fit there: a heading left alone above a gap, with the
        # columns stacked (longer) on the next page, wastes more than it saves.
        first = sum(b + h for b, _, h in self.sizes[0][:2])
        if avail_height < max(min(self.height * 0.35, 160), first):
            return []
        return [*self.left, *self.right]

    def draw(self) -> None:
        columns = ((self.left, 0.0, self.widths[0]), (self.right, self.left_width, self.widths[1]))
        for (items, x, width), sizes in zip(columns, self.sizes, strict=True):
            y = self.height
            for item, (before, item_width, height) in zip(items, sizes, strict=True):
                y -= before + height
                centred = getattr(item, "hAlign", "") == "CENTER"
                offset = (width - item_width) / 2 if centred else 0
                item.drawOn(self.canv, x + offset, y + item.getSpaceAfter())


class TickList(Flowable):  # type: ignore[misc]
    """Tick boxes with their labels (already escaped markup), laid out in columns, rows
    `spacing` (a share of the body size) apart."""

    def __init__(
        self,
        w: PageWriter,
        labels: Sequence[str],
        columns: int,
        marks: Sequence[bool] = (),
        box: float | None = None,
        spacing: float = 0.3,
    ) -> None:
        super().__init__()
        self.w, self.columns, self.labels = w, columns, list(labels)
        self.paras = [w.markup(label) for label in labels]
        self.marks = list(marks) + [False] * (len(labels) - len(marks))
        self.box = box or w.size.body * 0.95
        self.spacing = spacing
        self.rows: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.col_width = avail_width / self.columns
        inner = self.col_width - self.box * 1.8 - 4
        heights = [p.wrap(inner, avail_height)[1] for p in self.paras]
        self.rows = []
        for start in range(0, len(heights), self.columns):
            tallest = max(max(heights[start : start + self.columns]), self.box * 1.05)
            self.rows.append(tallest + self.w.size.body * self.spacing)
        self.height = sum(self.rows)
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        # A long list runs onto the next page: the rows that fit here, then the rest.
        self.wrap(avail_width, avail_height)
        fit, used = 0, 0.0
        for row in self.rows:
            if used + row > avail_height:
                break
            fit, used = fit + 1, used + row
        if fit == 0 or fit == len(self.rows):
            return []
        cut = fit * self.columns
        look = (self.box, self.spacing)
        return [
            TickList(self.w, self.labels[:cut], self.columns, self.marks[:cut], *look),
            TickList(self.w, self.labels[cut:], self.columns, self.marks[cut:], *look),
        ]

    def draw(self) -> None:
        canvas = self.canv
        y = self.height
        for row_index, row_height in enumerate(self.rows):
            y -= row_height
            for col in range(self.columns):
                index = row_index * self.columns + col
                if index >= len(self.paras):
                    break
                para = self.paras[index]
                x = col * self.col_width
                top = y + row_height - self.w.size.body * self.spacing
                canvas.setStrokeColor(colors.HexColor(URGENT if self.marks[index] else INK))
                canvas.setLineWidth(1.4 if self.marks[index] else 0.8)
                canvas.setFillColor(colors.white)
                canvas.rect(x + 1, top - self.box * 1.05, self.box, self.box, stroke=1, fill=0)
                para.drawOn(canvas, x + self.box * 1.8, top - para.height)


class NoteLines(Flowable):  # type: ignore[misc]
    """A "Notes" heading and ruled lines that fill what is left of the page (at least three)."""

    # The heading is drawn here, not kept with the lines, because keep-with-next measures
    # the lines against an unlimited height and would always push them to a new page.

    def __init__(self, w: PageWriter) -> None:
        super().__init__()
        self.w = w
        self.gap = w.size.body * 2.3
        self.heading = w.p(w.msg("pdf_notes_heading"), w.heading)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.head_height = self.heading.wrap(avail_width, avail_height)[1] + self.w.size.body * 0.8
        room = avail_height - self.head_height
        self.count = max(3, min(14, int(room // self.gap)))
        self.line_width = avail_width
        self.height = self.head_height + self.count * self.gap
        return avail_width, self.height

    def draw(self) -> None:
        self.heading.drawOn(self.canv, 0, self.height - self.heading.height)
        _rule_lines(self.canv, self.count, self.gap, self.line_width)


def scale_boxes(
    w: PageWriter,
    minimum: int,
    maximum: int,
    anchors: dict[int, str],
    width: float | None = None,
) -> Any:
    """A row of numbered boxes to circle or tick, with the end words under them, at most
    `width` wide (the page's width unless given)."""
    numbers = list(range(minimum, maximum + 1))
    cell = min(w.size.body * 2.6, (width or w.width) / max(len(numbers), 1))
    top = [w.markup(f"<para alignment='center'>{n}</para>", w.body) for n in numbers]
    bottom: list[Any] = [""] * len(numbers)
    spans = []
    # Each end word may take up to half the row (four boxes at least), so it stays on one line.
    span = max(4, len(numbers) // 2)
    if minimum in anchors:
        bottom[0] = w.p(anchors[minimum], w.small)
        spans.append(("SPAN", (0, 1), (min(span, len(numbers)) - 1, 1)))
    if maximum in anchors and len(numbers) > 4:
        right = ParagraphStyle("right", parent=w.small, alignment=2)
        bottom[len(numbers) - span] = w.p(anchors[maximum], right)
        spans.append(("SPAN", (len(numbers) - span, 1), (len(numbers) - 1, 1)))
    table = Table([top, bottom], colWidths=[cell] * len(numbers), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, 0), 0.8, colors.HexColor(INK)),
                ("INNERGRID", (0, 0), (-1, 0), 0.5, colors.HexColor(INK)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, 0), w.size.body * 0.35),
                ("BOTTOMPADDING", (0, 0), (-1, 0), w.size.body * 0.35),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                *spans,
            ]
        )
    )
    return table


def boxed(
    w: PageWriter, content: list[Any], border: str, background: str, width: float = 1.2
) -> Any:
    """Flowables in a coloured box across the page."""
    table = Table([[content]], colWidths=[w.width])
    pad = w.size.body * 0.7
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), width, colors.HexColor(border)),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(background)),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.8),
            ]
        )
    )
    return table


def grid(w: PageWriter, rows: list[list[Any]], widths: Sequence[float], header: bool = True) -> Any:
    """A table with ruled rows (columns as parts of the page width) and a shaded header."""
    # splitInRow: a row holding a long answer may run onto the next page.
    table = Table(
        rows,
        colWidths=[w.width * share for share in widths],
        repeatRows=1 if header else 0,
        splitInRow=1,
    )
    pad = w.size.body * 0.35
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(PANEL)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(INK)),
        ]
    table.setStyle(TableStyle(style))
    return table


class Columns(Flowable):  # type: ignore[misc]
    """Columns of flowables side by side, each `width` wide and `gap` apart, kept on one page."""

    def __init__(self, columns: list[list[Any]], width: float, gap: float) -> None:
        super().__init__()
        self.columns, self.column_width, self.gap = columns, width, gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.sizes = []
        for items in self.columns:
            sizes = []
            for index, item in enumerate(items):
                before = item.getSpaceBefore() if index else 0.0
                _, height = item.wrap(self.column_width, 10_000)
                sizes.append((before, height + item.getSpaceAfter()))
            self.sizes.append(sizes)
        self.height = max((sum(b + h for b, h in sizes) for sizes in self.sizes), default=0.0)
        return avail_width, self.height

    def draw(self) -> None:
        for number, (items, sizes) in enumerate(zip(self.columns, self.sizes, strict=True)):
            x = number * (self.column_width + self.gap)
            y = self.height
            for item, (before, height) in zip(items, sizes, strict=True):
                y -= before + height
                width = item.wrap(self.column_width, 10_000)[0]
                centred = getattr(item, "hAlign", "") == "CENTER"
                offset = (self.column_width - width) / 2 if centred else 0
                item.drawOn(self.canv, x + offset, y + item.getSpaceAfter())
