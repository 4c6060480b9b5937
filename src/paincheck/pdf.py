"""The PDF report for the specialist and the blank printable checklist (reportlab only here).

Every piece of patient or questionnaire text goes through `_Writer.esc`, which escapes
reportlab's paragraph markup (so `<img src=...>` prints literally and loads nothing) and
notes each character the embedded font cannot draw, for a warning.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from paincheck import __version__, report
from paincheck.bodymap import Words, body_diagram
from paincheck.conditions import AnswerTest
from paincheck.errors import PaincheckError
from paincheck.evaluation import Assessment, caveat_texts
from paincheck.files import refuse_existing, write_private
from paincheck.fonts import FontSet, load_fonts
from paincheck.language import DEFAULT_LANGUAGE
from paincheck.questionnaire import Question, Questionnaire, Section

PAPERS = ("letter", "a4")
# Control characters (but not line breaks or tabs) and lone surrogates never print.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

INK = "#1f2d3a"
MUTED = "#5d6d7e"
RULE = "#aab7b8"
PANEL = "#f4f6f7"
URGENT = "#b03a2e"
URGENT_BG = "#fdedec"
PROMPT = "#b9770e"
PROMPT_BG = "#fef5e7"
STATUS_COLOURS = {"met": "#1e8449", "partly": "#b9770e", "not_met": "#b03a2e", "unknown": "#5d6d7e"}
OVERALL_COLOURS = {
    "urgent": URGENT,
    "does_not_match": "#b03a2e",
    "incomplete": "#5d6d7e",
    "partly_matches": "#b9770e",
    "matches": "#1e8449",
}
BAND_COLOURS = ("#abebc6", "#f9e79f", "#f5b041", "#e74c3c")  # none, mild, moderate, severe

LOCATIONS, SIDE, WORST = report.LOCATIONS, report.SIDE, report.WORST


# -- public API ------------------------------------------------------------------------------


def render_report(
    assessment: Assessment,
    *,
    lang: str = DEFAULT_LANGUAGE,
    paper: str = "letter",
    large_print: bool = False,
    redact: bool = False,
    font: Path | None = None,
) -> tuple[bytes, list[str]]:
    """The report as PDF bytes, and warnings (such as characters the font cannot draw)."""
    writer = _Writer(assessment.questionnaire, lang, load_fonts(font), large_print, paper)
    story = _report_story(writer, assessment, redact)
    data = writer.build(story, writer.msg("pdf_title"))
    return data, writer.warnings()


def write_report(
    assessment: Assessment,
    path: Path,
    *,
    lang: str = DEFAULT_LANGUAGE,
    paper: str = "letter",
    large_print: bool = False,
    redact: bool = False,
    overwrite: bool = False,
    font: Path | None = None,
) -> list[str]:
    """Write the report to `path` (0600, atomic, no overwrite unless asked); return warnings."""
    refuse_existing(path, overwrite)
    data, warnings = render_report(
        assessment, lang=lang, paper=paper, large_print=large_print, redact=redact, font=font
    )
    write_private(path, data, overwrite=overwrite)
    return warnings


def render_blank(
    questionnaire: Questionnaire,
    *,
    lang: str = DEFAULT_LANGUAGE,
    paper: str = "letter",
    large_print: bool = False,
    font: Path | None = None,
) -> bytes:
    """The printable empty checklist as PDF bytes."""
    return _render_blank(questionnaire, lang, paper, large_print, font)[0]


def write_blank(
    questionnaire: Questionnaire,
    path: Path,
    *,
    lang: str = DEFAULT_LANGUAGE,
    paper: str = "letter",
    large_print: bool = False,
    overwrite: bool = False,
    font: Path | None = None,
) -> list[str]:
    """Write the printable empty checklist to `path`; return warnings."""
    refuse_existing(path, overwrite)
    data, warnings = _render_blank(questionnaire, lang, paper, large_print, font)
    write_private(path, data, overwrite=overwrite)
    return warnings


@dataclass(frozen=True)
class Look:
    """The choices that shape a PDF (language, paper, print size, font), set once for many."""

    lang: str = DEFAULT_LANGUAGE
    paper: str = "letter"
    large_print: bool = False
    font: Path | None = None

    def check_font(self) -> None:
        """Load and try the font now, so a broken --font stops an export before any work."""
        load_fonts(self.font)

    def write_report(
        self, assessment: Assessment, path: Path, *, redact: bool = False, overwrite: bool = False
    ) -> list[str]:
        """`write_report` with these choices."""
        return write_report(
            assessment,
            path,
            lang=self.lang,
            paper=self.paper,
            large_print=self.large_print,
            redact=redact,
            overwrite=overwrite,
            font=self.font,
        )

    def write_blank(
        self, questionnaire: Questionnaire, path: Path, *, overwrite: bool = False
    ) -> list[str]:
        """`write_blank` with these choices."""
        return write_blank(
            questionnaire,
            path,
            lang=self.lang,
            paper=self.paper,
            large_print=self.large_print,
            overwrite=overwrite,
            font=self.font,
        )


def _render_blank(
    questionnaire: Questionnaire, lang: str, paper: str, large_print: bool, font: Path | None
) -> tuple[bytes, list[str]]:
    writer = _Writer(questionnaire, lang, load_fonts(font), large_print, paper)
    story = _blank_story(writer)
    return writer.build(story, questionnaire.title(lang)), writer.warnings()


# -- the writer: styles, escaping, building ---------------------------------------------------


def _escape_markup(text: str) -> str:
    """The characters reportlab's paragraph parser reads as markup, as entities."""
    # xml.sax.saxutils.escape does the same but imports urllib and http on the way.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class _Sizes:
    body: float
    small: float
    heading: float
    title: float

    @classmethod
    def for_print(cls, large: bool) -> _Sizes:
        if large:
            return cls(body=14.0, small=12.0, heading=17.0, title=22.0)
        return cls(body=9.5, small=7.8, heading=11.5, title=16.0)


class _Writer:
    """Styles, escaped text and the document frame shared by the report and the checklist."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        lang: str,
        fonts: FontSet,
        large_print: bool,
        paper: str,
    ) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_LEFT
        from reportlab.lib.pagesizes import A4, LETTER
        from reportlab.lib.styles import ParagraphStyle

        self.questionnaire = questionnaire
        self.lang = lang
        self.fonts = fonts
        self.large = large_print
        self.size = _Sizes.for_print(large_print)
        if paper not in PAPERS:
            from paincheck.errors import PaincheckError

            choices = ", ".join(PAPERS)
            raise PaincheckError.single(
                "--paper", questionnaire.message("pdf_paper_unknown", lang, choices=choices)
            )
        self.page_size = A4 if paper == "a4" else LETTER
        self.margin = 46.0
        self.width = self.page_size[0] - 2 * self.margin - 12  # the frame pads 6 pt a side
        self._missing: dict[str, set[str]] = {}
        s = self.size
        base = ParagraphStyle(
            "body",
            fontName=fonts.regular,
            fontSize=s.body,
            leading=s.body * 1.3,
            textColor=colors.HexColor(INK),
            alignment=TA_LEFT,
        )
        self.body = base
        self.bold = ParagraphStyle("bold", parent=base, fontName=fonts.bold)
        self.small = ParagraphStyle(
            "small",
            parent=base,
            fontSize=s.small,
            leading=s.small * 1.3,
            textColor=colors.HexColor(MUTED),
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName=fonts.bold,
            fontSize=s.heading,
            leading=s.heading * 1.25,
            spaceBefore=s.body * 0.9,
            spaceAfter=s.body * 0.35,
            keepWithNext=True,
        )
        self.title = ParagraphStyle(
            "title",
            parent=base,
            fontName=fonts.bold,
            fontSize=s.title,
            leading=s.title * 1.2,
            spaceAfter=2,
        )
        self.bullet = ParagraphStyle(
            "bullet", parent=base, leftIndent=s.body * 1.2, bulletIndent=s.body * 0.2
        )

    # text

    def esc(self, text: object, where: str | None = None) -> str:
        """Text as safe paragraph markup: escaped, line breaks kept, unknown glyphs noted."""
        return _escape_markup(self.plain(text, where)).replace("\n", "<br/>")

    def plain(self, text: object, where: str | None = None) -> str:
        """Text to draw as it is (not markup): control characters out, unknown glyphs noted."""
        raw = _UNPRINTABLE.sub("", str(text))
        for char in self.fonts.missing(raw):
            self._missing.setdefault(char, set()).add(where or "")
        return raw

    def msg(self, key: str, **values: object) -> str:
        """An interface sentence from the messages, in the report's language (plain text)."""
        return self.questionnaire.message(key, self.lang, **values)

    def warnings(self) -> list[str]:
        out = []
        for char, places in self._missing.items():
            where = ", ".join(sorted(p for p in places if p))
            out.append(
                self.msg(
                    "pdf_missing_glyph",
                    char=char,
                    code=f"U+{ord(char):04X}",
                    font=self.fonts.family,
                    where=where or "-",
                )
            )
        return out

    def p(self, text: str, style: Any = None, where: str | None = None) -> Any:
        """A paragraph of plain text (escaped here)."""
        from reportlab.platypus import Paragraph

        return Paragraph(self.esc(text, where), style or self.body)

    def markup(self, markup: str, style: Any = None) -> Any:
        """A paragraph of markup built from already escaped pieces."""
        from reportlab.platypus import Paragraph

        return Paragraph(markup, style or self.body)

    def h(self, text: str) -> Any:
        return self.p(text, self.heading)

    def table_heading(self, text: str) -> list[Any]:
        """A heading over a table that may run onto the next page.

        Keep-with-next would move a heading and its whole table to a new page whenever the
        table does not fit, leaving a gap; instead start a new page only if not even the
        heading and the first rows fit.
        """
        from reportlab.platypus import CondPageBreak

        heading = self.p(text, self.heading)
        heading.keepWithNext = False
        return [CondPageBreak(self.size.body * 9), heading]

    def space(self, factor: float = 0.6) -> Any:
        from reportlab.platypus import Spacer

        return Spacer(1, self.size.body * factor)

    # document

    def build(self, story: list[Any], title: str) -> bytes:
        from reportlab.platypus import SimpleDocTemplate

        buffer = io.BytesIO()
        footer_height = self.size.small * 1.3 * 4 + 6
        doc = SimpleDocTemplate(
            buffer,
            pagesize=self.page_size,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=self.margin * 0.8,
            bottomMargin=self.margin * 0.6 + footer_height,
            title=title,
            author="paincheck",
            subject=self.questionnaire.title(self.lang),
            creator=f"paincheck {__version__}",
            lang=self.lang,
        )
        from reportlab import rl_config

        # ASCII85 stream encoding is pure Python and only makes the file bigger; switch it off
        # for this build only.
        saved = rl_config.useA85
        rl_config.useA85 = 0
        from reportlab.platypus.doctemplate import LayoutError

        try:
            doc.build(story, canvasmaker=self._canvas_maker())
        except LayoutError as exc:  # a piece too big for any page
            # reportlab's message describes its objects; the page is what a reader can use.
            page = re.search(r"on page (\d+)", str(exc))
            detail = f"page {page.group(1)}" if page else "?"
            raise PaincheckError.single(
                "PDF", self.msg("pdf_layout_error", detail=detail)
            ) from None
        except PaincheckError:
            raise
        except Exception as exc:
            # A font file given with --font passed its checks but fails on a glyph used later.
            if self.fonts.given is None:
                raise
            from paincheck.fonts import damaged_font

            raise damaged_font(self.fonts.given, exc) from None
        finally:
            rl_config.useA85 = saved
        return buffer.getvalue()

    def _canvas_maker(self) -> Callable[..., Any]:
        from reportlab.pdfgen.canvas import Canvas

        writer = self
        questionnaire = self.questionnaire
        today = date.today().isoformat()
        disclaimer = (
            questionnaire.rules.disclaimer(self.lang) if questionnaire.rules.disclaimer else ""
        )
        disclaimer_markup = self.esc(disclaimer)

        class NumberedCanvas(Canvas):  # type: ignore[misc]
            """Holds pages back until the end so the footer can say "page X of Y"."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                # Start pages in the embedded font, so no unembedded Helvetica is referenced.
                kwargs.setdefault("initialFontName", writer.fonts.regular)
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                for number, state in enumerate(self._pages, 1):
                    self.__dict__.update(state)
                    writer.draw_footer(self, number, total, today, disclaimer_markup)
                    super().showPage()
                super().save()

        return NumberedCanvas

    def draw_footer(
        self, canvas: Any, number: int, total: int, today: str, disclaimer: str
    ) -> None:
        from reportlab.lib import colors
        from reportlab.platypus import Paragraph

        q = self.questionnaire
        left = self.margin
        bottom = self.margin * 0.6
        note = Paragraph(disclaimer, self.small)
        _, height = note.wrap(self.width, 200)
        note.drawOn(canvas, left, bottom)
        line_y = bottom + height + self.size.small * 0.5
        rule_y = line_y + self.size.small * 1.2
        canvas.setStrokeColor(colors.HexColor(RULE))
        canvas.setLineWidth(0.5)
        canvas.line(left, rule_y, left + self.width, rule_y)
        canvas.setFont(self.fonts.regular, self.size.small)
        canvas.setFillColor(colors.HexColor(MUTED))
        ident = self.msg("pdf_footer_id", id=q.id, version=q.version, date=today)
        canvas.drawString(left, line_y, ident)
        canvas.drawRightString(
            left + self.width, line_y, self.msg("pdf_page_of", page=number, total=total)
        )


# The page machinery (styles, escaping, footer), also used by the diary page (diary_pdf.py).
PageWriter = _Writer


# -- small drawn pieces ------------------------------------------------------------------------


def _flowable_base() -> type:
    from reportlab.platypus import Flowable

    return Flowable  # type: ignore[no-any-return]


def _drawn(width: float, height: float, paint: Callable[[Any], None]) -> Any:
    """A fixed-size flowable painted straight onto the canvas (cheaper than a Drawing)."""
    base = _flowable_base()

    class Drawn(base):  # type: ignore[misc, valid-type]
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return width, height

        def draw(self) -> None:
            self.canv.saveState()
            paint(self.canv)
            self.canv.restoreState()

    drawn = Drawn()
    drawn.width, drawn.height = width, height
    return drawn


_COLOURS: dict[str, Any] = {}


def _colour(value: str) -> Any:
    if value not in _COLOURS:
        from reportlab.lib import colors

        _COLOURS[value] = colors.HexColor(value)
    return _COLOURS[value]


def _status_label(status: str, word: str, size: float, font: str) -> Any:
    """A status as a drawn symbol (check, half circle, cross, question mark) and its word."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    r = size / 2
    colour = _colour(STATUS_COLOURS.get(status, MUTED))
    text_size = size * 0.8

    def paint(c: Any) -> None:
        c.setLineCap(1)
        c.setLineJoin(1)
        if status == "partly":
            c.setStrokeColor(colour)
            c.setLineWidth(1.2)
            c.setFillColor(_colour("#ffffff"))
            c.circle(r, r, r - 0.6, stroke=1, fill=1)
            c.setFillColor(colour)
            c.wedge(0.6, 0.6, size - 0.6, size - 0.6, 90, 180, stroke=0, fill=1)
        else:
            c.setFillColor(colour)
            c.circle(r, r, r, stroke=0, fill=1)
            c.setStrokeColor(_colour("#ffffff"))
            c.setFillColor(_colour("#ffffff"))
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
        c.setFillColor(_colour(INK))
        c.setFont(font, text_size)
        c.drawString(size + 4, r - text_size * 0.35, word)

    return _drawn(size + 4 + stringWidth(word, font, text_size), size, paint)


def _pain_chart(writer: _Writer, rows: Sequence[tuple[str, int | None, int]], width: float) -> Any:
    """Horizontal 0-10 bars: one row per score, with the value printed beside each bar."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = writer.size.small
    font, bold = writer.fonts.regular, writer.fonts.bold
    label_width = max((stringWidth(label, font, size) for label, _, _ in rows), default=0) + 6
    value_width = stringWidth("10", bold, writer.size.body) + 8
    track = width - label_width - value_width
    row_h = size * 2.1
    height = row_h * len(rows) + size * 1.8
    axis_y = size * 1.3

    def paint(c: Any) -> None:
        c.setStrokeColor(_colour("#d5dbdb"))
        c.setLineWidth(0.4)
        c.setFont(font, size * 0.85)
        c.setFillColor(_colour(MUTED))
        for tick in range(11):
            x = label_width + track * tick / 10
            c.line(x, axis_y, x, height)
            if tick in (0, 5, 10) or not writer.large:
                c.drawCentredString(x, axis_y - size * 1.05, str(tick))
        for index, (label, value, band) in enumerate(rows):
            y = height - row_h * (index + 1) + size * 0.3
            bar_h = row_h * 0.6
            c.setFillColor(_colour(INK))
            c.setFont(font, size)
            c.drawString(0, y + bar_h * 0.28, label)
            c.setFillColor(_colour("#f2f4f4"))
            c.rect(label_width, y, track, bar_h, stroke=0, fill=1)
            if value:
                c.setFillColor(_colour(BAND_COLOURS[band]))
                c.setStrokeColor(_colour("#7f8c8d"))
                c.rect(label_width, y, track * value / 10, bar_h, stroke=1, fill=1)
            c.setFillColor(_colour(INK))
            c.setFont(bold, writer.size.body)
            text = "\u2013" if value is None else str(value)
            c.drawString(label_width + track + 5, y + bar_h * 0.2, text)

    return _drawn(width, height, paint)


def _relief_label(level: int, steps: int, word: str, size: float, font: str) -> Any:
    """Filled squares for how much a treatment helped (none: all empty), then the words."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    box = size * 0.8

    height = size * 1.3  # one line of body text, so it sits level with the row's words
    baseline = height - size  # where a paragraph's first baseline falls

    def paint(c: Any) -> None:
        c.setStrokeColor(_colour(MUTED))
        c.setLineWidth(0.5)
        for i in range(steps):
            c.setFillColor(_colour("#2e86c1" if i < level else "#ffffff"))
            c.rect(i * (box + 2), baseline - 0.5, box, box, stroke=1, fill=1)
        c.setFillColor(_colour(INK))
        c.setFont(font, size)
        c.drawString(steps * (box + 2) + 5, baseline, word)

    width = steps * (box + 2) + 5 + stringWidth(word, font, size)
    return _drawn(width, height, paint)


def _lines_flowable(count: int, gap: float, width: float) -> Any:
    """Ruled lines to write on."""

    def paint(c: Any) -> None:
        c.setStrokeColor(_colour(RULE))
        c.setLineWidth(0.6)
        for i in range(count):
            c.line(0, i * gap + 1, width, i * gap + 1)

    return _drawn(width, count * gap, paint)


def _side_by_side(left: list[Any], right: list[Any], left_width: float) -> Any:
    """Two columns of flowables next to each other, kept on one page (a light two-cell table)."""
    base = _flowable_base()
    gap = 12.0

    class SideBySide(base):  # type: ignore[misc, valid-type]
        def _column(self, items: list[Any], width: float) -> list[tuple[float, float, float]]:
            """Each item's space before, width and height, wrapped once."""
            sizes = []
            for index, item in enumerate(items):
                before = item.getSpaceBefore() if index else 0.0
                item_width, item_height = item.wrap(width, 10_000)
                sizes.append((before, item_width, item_height + item.getSpaceAfter()))
            return sizes

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.widths = (left_width - gap, avail_width - left_width)
            self.sizes = (self._column(left, self.widths[0]), self._column(right, self.widths[1]))
            self.height = max(sum(b + h for b, _, h in column) for column in self.sizes)
            return avail_width, self.height

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            # Rather than leave most of a page empty, stack the two columns there instead, but
            # only if the first two items fit there: a heading left alone above a gap, with the
            # columns stacked (longer) on the next page, wastes more than it saves.
            first = sum(b + h for b, _, h in self.sizes[0][:2])
            if avail_height < max(min(self.height * 0.35, 160), first):
                return []
            return [*left, *right]

        def draw(self) -> None:
            columns = ((left, 0.0, self.widths[0]), (right, left_width, self.widths[1]))
            for (items, x, width), sizes in zip(columns, self.sizes, strict=True):
                y = self.height
                for item, (before, item_width, height) in zip(items, sizes, strict=True):
                    y -= before + height
                    centred = getattr(item, "hAlign", "") == "CENTER"
                    offset = (width - item_width) / 2 if centred else 0
                    item.drawOn(self.canv, x + offset, y + item.getSpaceAfter())

    return SideBySide()


class _TickList:
    """Tick boxes with their labels, laid out in columns (built lazily as a Flowable)."""

    @staticmethod
    def make(
        writer: _Writer, labels: Sequence[str], columns: int, marks: Sequence[bool] = ()
    ) -> Any:
        base = _flowable_base()

        class TickList(base):  # type: ignore[misc, valid-type]
            def __init__(self) -> None:
                super().__init__()
                self.paras = [writer.markup(label) for label in labels]
                self.marks = list(marks) + [False] * (len(labels) - len(marks))
                self.box = writer.size.body * 0.95
                self.rows: list[float] = []

            def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
                self.col_width = avail_width / columns
                inner = self.col_width - self.box * 1.8 - 4
                heights = [p.wrap(inner, avail_height)[1] for p in self.paras]
                self.rows = []
                for start in range(0, len(heights), columns):
                    self.rows.append(max(heights[start : start + columns]) + writer.size.body * 0.3)
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
                cut = fit * columns
                return [
                    _TickList.make(writer, labels[:cut], columns, self.marks[:cut]),
                    _TickList.make(writer, labels[cut:], columns, self.marks[cut:]),
                ]

            def draw(self) -> None:
                from reportlab.lib import colors

                canvas = self.canv
                y = self.height
                for row_index, row_height in enumerate(self.rows):
                    y -= row_height
                    for col in range(columns):
                        index = row_index * columns + col
                        if index >= len(self.paras):
                            break
                        para = self.paras[index]
                        x = col * self.col_width
                        top = y + row_height - writer.size.body * 0.3
                        canvas.setStrokeColor(colors.HexColor(URGENT if self.marks[index] else INK))
                        canvas.setLineWidth(1.4 if self.marks[index] else 0.8)
                        canvas.setFillColor(colors.white)
                        canvas.rect(
                            x + 1, top - self.box * 1.05, self.box, self.box, stroke=1, fill=0
                        )
                        para.drawOn(canvas, x + self.box * 1.8, top - para.height)

        return TickList()


def _scale_boxes(writer: _Writer, minimum: int, maximum: int, anchors: dict[int, str]) -> Any:
    """A row of numbered boxes to circle or tick, with the end words under them."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    numbers = list(range(minimum, maximum + 1))
    cell = min(writer.size.body * 2.6, writer.width / max(len(numbers), 1))
    top = [writer.markup(f"<para alignment='center'>{n}</para>", writer.body) for n in numbers]
    bottom = [""] * len(numbers)
    spans = []
    if minimum in anchors:
        bottom[0] = writer.p(anchors[minimum], writer.small)
        spans.append(("SPAN", (0, 1), (min(3, len(numbers) - 1), 1)))
    if maximum in anchors and len(numbers) > 4:
        from reportlab.lib.styles import ParagraphStyle

        right = ParagraphStyle("right", parent=writer.small, alignment=2)
        bottom[len(numbers) - 4] = writer.p(anchors[maximum], right)
        spans.append(("SPAN", (len(numbers) - 4, 1), (len(numbers) - 1, 1)))
    table = Table([top, bottom], colWidths=[cell] * len(numbers), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, 0), 0.8, colors.HexColor(INK)),
                ("INNERGRID", (0, 0), (-1, 0), 0.5, colors.HexColor(INK)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, 0), writer.size.body * 0.35),
                ("BOTTOMPADDING", (0, 0), (-1, 0), writer.size.body * 0.35),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                *spans,
            ]
        )
    )
    return table


def _boxed(
    writer: _Writer, content: list[Any], border: str, background: str, width: float = 1.2
) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table([[content]], colWidths=[writer.width])
    pad = writer.size.body * 0.7
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


def _grid(
    writer: _Writer, rows: list[list[Any]], widths: Sequence[float], header: bool = True
) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    # splitInRow: a row holding a long answer may run onto the next page.
    table = Table(
        rows,
        colWidths=[writer.width * w for w in widths],
        repeatRows=1 if header else 0,
        splitInRow=1,
    )
    pad = writer.size.body * 0.35
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


# -- the report --------------------------------------------------------------------------------


def _report_story(w: _Writer, a: Assessment, redact: bool) -> list[Any]:
    story: list[Any] = []
    story += _warning_boxes(w, a)
    story += _header(w, a, redact)
    story += _criteria(w, a, "criteria")
    story += _criteria(w, a, "approved_use")
    story += _scores_and_body(w, a)
    details = _answers_table(w, a, report.DETAILS)
    if details is not None:
        story += [*w.table_heading(w.msg("pdf_details_heading")), details]
    story += _treatments(w, a)
    story += _findings(w, a)
    story += _levels(w, a)
    story += _missing(w, a)
    story += _doctor_questions(w, a)
    return story


def _warning_boxes(w: _Writer, a: Assessment) -> list[Any]:
    """One "Warning signs" box: per flag (urgent first) its title and message, then each
    chosen sign with its own advice line in bold under it."""
    warnings = report.warning_boxes(a, w.lang)
    if not warnings:
        return []
    urgent = any(warning.urgent for warning in warnings)
    marker = "!! " if urgent else "! "
    body: list[Any] = [w.p(marker + w.msg("warning_signs_heading"), w.heading)]
    for warning in warnings:
        body += [w.p(warning.title, w.bold), w.p(warning.message)]
        for label, advice in zip(warning.chosen, warning.advice, strict=True):
            text = f"• {w.esc(label)}"
            if advice:
                text += f"<br/><b>→ {w.esc(advice)}</b>"
            body.append(w.markup(text, w.bullet))
    box = _boxed(
        w,
        body,
        URGENT if urgent else PROMPT,
        URGENT_BG if urgent else PROMPT_BG,
        2.0 if urgent else 1.0,
    )
    return [box, w.space(0.6)]


def _header(w: _Writer, a: Assessment, redact: bool) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable

    out: list[Any] = [w.p(w.msg("pdf_title"), w.title)]
    facts: list[str] = []
    for fact in report.header_facts(a, w.lang, redact=redact):
        value = w.esc(fact.value, fact.question_id)
        facts.append(f"{w.esc(fact.label)}: <b>{value}</b>" if fact.label else value)
    out.append(w.markup("&nbsp;&nbsp;·&nbsp;&nbsp;".join(facts)))
    out.append(
        HRFlowable(
            width="100%", thickness=1.2, color=colors.HexColor(INK), spaceBefore=4, spaceAfter=6
        )
    )
    if a.status == "in_progress":
        out.append(w.p(w.msg("in_progress_note"), w.bold))
    rule = a.overall_rule
    if rule is not None and rule.text is not None and not a.urgent:
        colour = OVERALL_COLOURS.get(a.overall, MUTED)
        caveats = [w.p(text) for text in caveat_texts(a, w.lang)]
        out.append(
            _boxed(
                w,
                [w.p(w.msg("overall_heading"), w.bold), w.p(rule.text(w.lang)), *caveats],
                colour,
                "#ffffff",
                1.4,
            )
        )
    return out


def _criteria(w: _Writer, a: Assessment, block: str) -> list[Any]:
    """The criteria, or right under them the approved-use items: status, reason, source."""
    rows_of = report.criterion_rows(a, w.lang, block)
    if not rows_of:
        return []
    heading, first = (
        ("pdf_criteria_heading", "criteria_col_criterion")
        if block == "criteria"
        else ("approved_use_heading", "approved_use_col")
    )
    rows: list[list[Any]] = [
        [
            w.p(w.msg(first), w.bold),
            w.p(w.msg("criteria_col_status"), w.bold),
            w.p(w.msg("pdf_reason_and_source"), w.bold),
        ]
    ]
    icon_size = w.size.body * 1.25
    for row in rows_of:
        w.esc(row.word)  # only to note characters the font lacks
        status_cell = _status_label(row.status, row.word, icon_size, w.fonts.bold)
        why = [w.p(row.reason), w.p(f"{w.msg('source')}: {row.source}", w.small)]
        rows.append([w.p(row.label, w.bold), status_cell, why])
    return [*w.table_heading(w.msg(heading)), _grid(w, rows, (0.27, 0.16, 0.57))]


def _scores_and_body(w: _Writer, a: Assessment) -> list[Any]:
    bars = [(b.label, b.value, b.band) for b in report.pain_bars(a, w.lang, len(BAND_COLOURS))]
    left_width = w.width * 0.55
    left: list[Any] = [w.h(w.msg("pdf_scores_heading"))]
    if bars:
        left.append(_pain_chart(w, bars, left_width - 12))
    for peg in report.score_lines(a, w.lang, (report.PEG,)):
        if peg.value is None:
            text = f"<b>{w.esc(peg.label)}</b>: {w.esc(w.msg('score_missing'))}"
        else:
            text = f"<b>{w.esc(peg.label)}: {peg.value}</b>. {w.esc(peg.meaning)}"
        left += [w.space(0.4), w.markup(text), w.p(f"{w.msg('source')}: {peg.source}", w.small)]
    facts = _where_facts(w, a)
    if facts:
        left += [w.space(0.5), *facts]
    right = _body_block(w, a, w.width - left_width)
    if len(left) == 1 and not right:
        return []  # a checklist without pain scores or places
    if not right:
        return [*left, *right]
    return [w.space(0.4), _side_by_side(left, right, left_width)]


def _where_facts(w: _Writer, a: Assessment) -> list[Any]:
    rows = []
    for question_id in (LOCATIONS, SIDE, WORST):
        label = report.answer_text(a, question_id, w.lang)
        if label:
            rows.append(
                f"<b>{w.esc(w.msg('pdf_body_' + question_id))}:</b> {w.esc(label, question_id)}"
            )
    return [w.markup(row) for row in rows]


def _answers_table(w: _Writer, a: Assessment, question_ids: Sequence[str]) -> Any | None:
    """Answers as rows: the question (small, muted) beside the answer in the patient's words."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    rows: list[list[Any]] = []
    quoted: list[int] = []
    for answer in report.answer_rows(a, w.lang, question_ids):
        if answer.own_words:
            quoted.append(len(rows))
        rows.append([w.p(answer.question, w.small), w.p(answer.answer, where=answer.question_id)])
    if not rows:
        return None
    split = 0.42 if w.large else 0.36
    table = Table(rows, colWidths=[w.width * split, w.width * (1 - split)], splitInRow=1)
    pad = w.size.body * 0.3
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]
    for row in quoted:
        style += [
            ("BACKGROUND", (1, row), (1, row), colors.HexColor(PANEL)),
            ("LINEBEFORE", (1, row), (1, row), 2.5, colors.HexColor("#2e86c1")),
            ("LEFTPADDING", (1, row), (1, row), 7),
        ]
    table.setStyle(TableStyle(style))
    return table


def _body_words(w: _Writer) -> Words:
    words = Words(
        front=w.msg("pdf_body_front"),
        back=w.msg("pdf_body_back"),
        left=w.msg("pdf_body_left"),
        right=w.msg("pdf_body_right"),
        pain=w.msg("pdf_body_pain"),
        worst=w.msg("pdf_body_worst"),
    )
    for word in (words.front, words.back, words.left, words.right, words.pain, words.worst):
        w.esc(word)  # only to note characters the font lacks
    return words


def _body_block(w: _Writer, a: Assessment, width: float) -> list[Any]:
    where = report.body_answers(a)
    if where is None:
        return []
    words = _body_words(w)
    drawing = body_diagram(
        where.locations,
        where.side,
        where.worst,
        words,
        font=w.fonts.regular,
        font_size=w.size.small,
        height=w.size.body * (24 if w.large else 25),
        max_width=width,
    )
    return [w.h(w.msg("pdf_body_heading")), drawing]


def _treatments(w: _Writer, a: Assessment) -> list[Any]:
    out: list[Any] = w.table_heading(w.msg("pdf_treatments_heading"))
    tried = a.questionnaire.question(report.TREATMENTS)
    if tried is None:
        own = _answers_table(w, a, report.OWN_WORDS)
        return [*out, own] if own is not None else []
    rows: list[list[Any]] = []
    for relief in report.reliefs(a, w.lang):
        if relief.level is None:
            level_cell: Any = w.p(w.msg("score_missing"), w.small)
        else:
            w.esc(relief.word)  # only to note characters the font lacks
            level_cell = _relief_label(
                relief.level, relief.steps, relief.word, w.size.body, w.fonts.regular
            )
        rows.append([w.p(relief.treatment), level_cell])
    if rows:
        header = [w.p(w.msg("pdf_col_treatment"), w.bold), w.p(w.msg("pdf_col_relief"), w.bold)]
        out.append(_grid(w, [header, *rows], (0.6, 0.4)))
    elif a.answers.get(report.TREATMENTS) is not None:
        out.append(w.p(report.answer_text(a, report.TREATMENTS, w.lang)))
    else:
        out.append(w.p(w.msg("score_missing"), w.small))
    own = _answers_table(w, a, report.OWN_WORDS)
    return [*out, w.space(0.5), own] if own is not None else out


def _findings(w: _Writer, a: Assessment) -> list[Any]:
    out: list[Any] = []
    findings = report.symptom_findings(a, w.lang)
    if findings is not None:
        body: list[Any] = [w.p(findings.note, w.small if findings.muted else w.body)]
        for label, symptoms in findings.categories:
            body.append(
                w.markup(f"• <b>{w.esc(label)}</b>: {w.esc(', '.join(symptoms))}", w.bullet)
            )
        if findings.source:
            body.append(w.p(f"{w.msg('source')}: {findings.source}", w.small))
        out += [w.h(w.msg("pdf_crps_heading")), *body]
    mood = [s for s in report.score_lines(a, w.lang, report.MOOD_SCORES) if s.value is not None]
    if mood:
        out.append(w.h(w.msg("pdf_mood_heading")))
        for result in mood:
            shown = f"<b>{w.esc(result.meaning)}</b>" if result.flagged else w.esc(result.meaning)
            out.append(
                w.markup(
                    f"• <b>{w.esc(result.label)}: {result.value}</b>. {shown} "
                    f"<font size='{w.size.small}' color='{MUTED}'>"
                    f"({w.esc(result.source)})</font>",
                    w.bullet,
                )
            )
    texts = report.precaution_texts(a, w.lang)
    if not a.questionnaire.rules.precautions:
        return out
    out.append(w.h(w.msg("precautions_heading")))
    if texts:
        out += [w.markup(f"• {w.esc(t)}", w.bullet) for t in texts]
    else:
        out.append(w.p(w.msg("precautions_none"), w.small))
    return out


def _levels(w: _Writer, a: Assessment) -> list[Any]:
    rules = a.questionnaire.rules
    if rules.levels_question is None:
        return []
    out: list[Any] = [w.h(w.msg("levels_heading"))]
    if not a.drg_levels:
        return [*out, w.p(w.msg("levels_none"), w.small)]
    if rules.levels_note is not None:
        out.append(w.p(rules.levels_note(w.lang)))
    rows: list[list[Any]] = [
        [
            w.p(w.msg("pdf_col_area"), w.bold),
            w.p(w.msg("pdf_col_levels"), w.bold),
            w.p(w.msg("source"), w.bold),
        ]
    ]
    for level in report.level_rows(a, w.lang):
        rows.append([w.p(level.area), w.p(level.levels, w.bold), w.p(level.source, w.small)])
    out.append(_grid(w, rows, (0.22, 0.18, 0.6)))
    return out


def _missing(w: _Writer, a: Assessment) -> list[Any]:
    if not a.missing:
        return []
    out = [w.h(w.msg("missing_heading")), w.p(w.msg("missing_intro"))]
    out += [w.markup(f"• {w.esc(text)}", w.bullet) for text in report.missing_texts(a, w.lang)]
    return out


def _doctor_questions(w: _Writer, a: Assessment) -> list[Any]:
    questions = report.doctor_questions(a, w.lang)
    out: list[Any] = [w.h(w.msg("doctor_heading"))] if questions else []
    for number, question in enumerate(questions, 1):
        own = f"<b>{w.esc(w.msg('pdf_own_question'))}</b> " if question.own else ""
        text = w.esc(question.text, question.question_id or None)
        out.append(w.markup(f"{number}. {own}{text}", w.bullet))
    return [*out, *_notes(w)]


def _notes(w: _Writer) -> list[Any]:
    """A heading and ruled lines that fill what is left of the page (at least three lines)."""
    base = _flowable_base()
    gap = w.size.body * 2.3
    heading = w.p(w.msg("pdf_notes_heading"), w.heading)

    class NoteLines(base):  # type: ignore[misc, valid-type]
        # The heading is drawn here, not kept with the lines, because keep-with-next measures
        # the lines against an unlimited height and would always push them to a new page.
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.head_height = heading.wrap(avail_width, avail_height)[1] + w.size.body * 0.8
            room = avail_height - self.head_height
            self.count = max(3, min(14, int(room // gap)))
            self.line_width = avail_width
            self.height = self.head_height + self.count * gap
            return avail_width, self.height

        def draw(self) -> None:
            from reportlab.lib import colors

            heading.drawOn(self.canv, 0, self.height - heading.height)
            self.canv.setStrokeColor(colors.HexColor(RULE))
            self.canv.setLineWidth(0.6)
            for i in range(self.count):
                self.canv.line(0, i * gap + 1, self.line_width, i * gap + 1)

    return [w.space(0.8), NoteLines()]


# -- the blank checklist -------------------------------------------------------------------------


def _blank_story(w: _Writer) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, KeepTogether

    q = w.questionnaire
    story: list[Any] = [
        w.p(q.title(w.lang), w.title),
        w.p(w.msg("pdf_blank_intro")),
        HRFlowable(
            width="100%", thickness=1.2, color=colors.HexColor(INK), spaceBefore=4, spaceAfter=4
        ),
    ]
    numbers: dict[str, int] = {}
    number = 0
    for section in q.sections:
        head = _blank_section_head(w, section, numbers)
        blocks: list[list[Any]] = []
        for run in _runs(list(section.questions)):
            number += 1
            for question in run:
                numbers.setdefault(question.id, number)
            if len(run) > 1 and run[0].group:
                blocks.append(_blank_group(w, number, run, numbers))
            elif len(run) > 1:
                blocks.append(_blank_same_choices(w, number, run))
                number += len(run) - 1
            else:
                blocks.append(_blank_question(w, number, run[0], numbers))
            if run[0].id == LOCATIONS:
                shade = w.p(w.msg("pdf_blank_shade"), w.bold)
                blocks.append([shade, w.space(0.3), _blank_body(w), w.space(0.9)])
        # A section title never ends a page: it stays with its first question.
        first = blocks[0] if blocks else []
        story.append(KeepTogether([*head, *first]))
        for block in blocks[1:]:
            story.append(KeepTogether(block))
    story.append(_notes(w)[1])
    return story


def _runs(questions: list[Question]) -> list[list[Question]]:
    """Questions grouped for paper: a repeated group, or several single-choice questions in a
    row with the same choices and no condition (printed as one grid), or one question."""
    runs: list[list[Question]] = []
    for question in questions:
        last = runs[-1] if runs else None
        same_group = last and question.group and last[0].group == question.group
        same_scale = last and not question.group and _same_scale(last[0], question)
        if last and (same_group or same_scale):
            last.append(question)
        else:
            runs.append([question])
    return runs


def _same_scale(a: Question, b: Question) -> bool:
    return (
        a.type == b.type == "single"
        and not a.group
        and a.shown_when is None
        and b.shown_when is None
        and len(a.choices) >= 3
        and [c.id for c in a.choices] == [c.id for c in b.choices]
    )


def _blank_section_head(w: _Writer, section: Section, numbers: dict[str, int]) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    title = Table([[w.p(section.title(w.lang), w.heading)]], colWidths=[w.width])
    title.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(PANEL)),
                ("LINEBELOW", (0, 0), (-1, -1), 1, colors.HexColor(INK)),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    out: list[Any] = [w.space(0.5), title, w.space(0.2)]
    if section.intro is not None:
        out.append(w.p(section.intro(w.lang), w.small))
    condition = _condition_words(w, section.shown_when, numbers)
    if condition:
        out.append(w.markup(f"<b>{w.esc(condition)}</b>"))
    out.append(w.space(0.4))
    return out


def _blank_same_choices(w: _Writer, number: int, run: list[Question]) -> list[Any]:
    """Several questions with the same answer choices, as one grid (like the PHQ forms)."""
    choices = run[0].choices
    header: list[Any] = [w.p(run[0].help(w.lang), w.small)] + [
        w.markup(f"<para alignment='center'>{w.esc(c.label(w.lang))}</para>", w.small)
        for c in choices
    ]
    rows: list[list[Any]] = [header]
    for offset, question in enumerate(run):
        text = f"<b>{number + offset}.</b> {w.esc(question.text(w.lang))}"
        rows.append([w.markup(text)] + [_tick_box(w.size.body) for _ in choices])
    return [_tick_grid(w, rows, len(choices)), w.space(0.9)]


def _tick_grid(w: _Writer, rows: list[list[Any]], columns: int) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    first_col = 0.4 if w.large else 0.5
    rest = (1 - first_col) / max(columns, 1)
    table = Table(rows, colWidths=[w.width * first_col] + [w.width * rest] * columns, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(INK)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(PANEL)]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (0, -1), 3),
            ]
        )
    )
    return table


def _condition_words(w: _Writer, condition: object, numbers: dict[str, int]) -> str:
    """A "shown when" condition as words for paper: "If you ticked Foot or Knee in question 4"."""
    if condition is None:
        return ""
    if isinstance(condition, AnswerTest) and condition.question in numbers:
        question = w.questionnaire.question(condition.question)
        number = numbers[condition.question]
        if question is not None and condition.test in ("contains_any", "in", "equals"):
            ids = [condition.operand] if condition.test == "equals" else list(condition.operand)
            labels = []
            for choice_id in ids:
                choice = question.choice(str(choice_id))
                labels.append(choice.label(w.lang) if choice else str(choice_id))
            joined = (
                ", ".join(labels[:-1]) + w.msg("pdf_or") + labels[-1]
                if len(labels) > 1
                else labels[0]
            )
            return w.msg("pdf_blank_if_ticked", choices=joined, number=number)
        if condition.test == "count_at_least":
            return w.msg("pdf_blank_if_count", count=condition.operand, number=number)
        if condition.test == "answered":
            return w.msg("pdf_blank_if_answered", number=number)
    return w.msg("pdf_blank_if_applies")


def _blank_question(
    w: _Writer, number: int, question: Question, numbers: dict[str, int]
) -> list[Any]:
    parts: list[Any] = []
    condition = _condition_words(w, question.shown_when, numbers)
    if condition:
        parts.append(w.markup(f"<font color='{MUTED}'>{w.esc(condition)}</font>", w.small))
    parts.append(w.markup(f"<b>{number}. {w.esc(question.text(w.lang))}</b>"))
    hint = question.help(w.lang)
    if question.type == "single":
        hint = f"{hint} {w.msg('pdf_blank_tick_one')}"
    elif question.type == "multi":
        hint = f"{hint} {w.msg('pdf_blank_tick_all')}"
    parts.append(w.p(hint, w.small))
    parts.append(w.space(0.3))
    if question.type in ("single", "multi"):
        source = question
        if question.choices_from:
            source = w.questionnaire.question(question.choices_from) or question
        labels = [
            c.label(w.lang) for c in source.choices if not (question.choices_from and c.exclusive)
        ]
        marks = [
            c.flag == "urgent"
            for c in source.choices
            if not (question.choices_from and c.exclusive)
        ]
        escaped = [
            w.esc(label) + (" <b>!</b>" if mark else "")
            for label, mark in zip(labels, marks, strict=False)
        ]
        columns = _columns_for(w, labels)
        parts.append(_TickList.make(w, escaped, columns, marks))
        flags = [c.flag for c in source.choices if c.flag]
        for flag in dict.fromkeys(flags):
            style = w.questionnaire.rules.flags.get(flag)
            if style is not None and flag == "urgent":
                note = w.msg("pdf_blank_flag_note", title=style.title(w.lang))
                body = [w.markup(f"<b>{w.esc(note)}</b>")]
                body += _advice_lines(w, source, flag)
                parts.append(w.space(0.3))
                parts.append(_boxed(w, body, URGENT, URGENT_BG))
    elif question.type == "integer" and question.min is not None and question.max is not None:
        if question.max - question.min <= 10:
            anchors = {value: text(w.lang) for value, text in question.anchors}
            parts.append(_scale_boxes(w, question.min, question.max, anchors))
        else:
            parts.append(
                w.markup(
                    f"________ <font color='{MUTED}'>({question.min}\u2013{question.max})</font>"
                )
            )
    else:
        lines = 3 if question.multiline else 1
        parts.append(w.space(0.6))
        parts.append(_lines_flowable(lines, w.size.body * 2.2, w.width))
    parts.append(w.space(0.9))
    return parts


def _blank_body(w: _Writer) -> Any:
    """Empty front and back outlines to shade by hand."""
    return body_diagram(
        [],
        None,
        None,
        _body_words(w),
        font=w.fonts.regular,
        font_size=w.size.small,
        height=w.size.body * 20,
        max_width=w.width,
        legend=False,
    )


def _blank_group(
    w: _Writer, number: int, group: list[Question], numbers: dict[str, int]
) -> list[Any]:
    """Questions repeated per choice of another (e.g. relief per treatment) as one grid."""
    first = group[0]
    sources = [report.repeat_source(q) for q in group]
    source_id = sources[0][0] if sources[0] else None
    source = w.questionnaire.question(source_id) if source_id else None
    texts = [q.text(w.lang) for q in group]
    common = _common_suffix(texts).lstrip(" :").strip()
    common = common[:1].upper() + common[1:]
    intro = w.msg("pdf_blank_each", number=numbers.get(source_id or "", "?"))
    choices = first.choices
    header: list[Any] = [""] + [
        w.markup(f"<para alignment='center'>{w.esc(c.label(w.lang))}</para>", w.small)
        for c in choices
    ]
    rows: list[list[Any]] = [header]
    box = w.size.body
    for question, src in zip(group, sources, strict=True):
        choice = source.choice(src[1]) if source and src else None
        label = choice.label(w.lang) if choice else question.text(w.lang)
        rows.append([w.p(label)] + [_tick_box(box) for _ in choices])
    head = [
        w.markup(f"<b>{number}. {w.esc(common)}</b>"),
        w.p(f"{intro} {w.msg('pdf_blank_tick_row')}", w.small),
        w.space(0.3),
    ]
    return [*head, _tick_grid(w, rows, len(choices)), w.space(0.9)]


def _advice_lines(w: _Writer, question: Question, flag: str) -> list[Any]:
    """On paper: each flagged sign's advice, signs with the same advice on one line."""
    style = w.questionnaire.rules.flags[flag]
    groups: dict[str, list[str]] = {}
    for choice in question.choices:
        advice = style.advice.get(choice.id)
        if choice.flag == flag and advice is not None:
            groups.setdefault(advice(w.lang), []).append(choice.label(w.lang))
    if not groups:
        return [w.p(style.message(w.lang))]
    return [
        w.markup(f"• {w.esc('; '.join(labels))}<br/><b>→ {w.esc(advice)}</b>", w.bullet)
        for advice, labels in groups.items()
    ]


def _columns_for(w: _Writer, labels: Sequence[str]) -> int:
    """As many columns (up to 3) as the longest label allows without wrapping."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max((stringWidth(label, w.fonts.regular, w.size.body) for label in labels), default=0)
    room = widest + w.size.body * 2.5
    for columns in (3, 2):
        if room * columns <= w.width:
            return columns
    return 1


def _tick_box(size: float) -> Any:
    def paint(c: Any) -> None:
        c.setStrokeColor(_colour(INK))
        c.setLineWidth(0.8)
        c.rect(0, 0, size, size, stroke=1, fill=0)

    return _drawn(size, size, paint)


def _common_suffix(texts: Iterable[str]) -> str:
    items = list(texts)
    if not items:
        return ""
    suffix = items[0]
    for text in items[1:]:
        while suffix and not text.endswith(suffix):
            suffix = suffix[1:]
    return suffix
