"""The page machinery every paincheck PDF shares: default options, colours, styles, escaping, footer.

Every piece of patient or questionnaire text goes through `PageWriter.esc`, which escapes
reportlab's paragraph markup (so `<img src=...>` prints literally and loads nothing) and
notes each character the embedded font cannot draw, for a warning.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.doctemplate import LayoutError

from paincheck import __version__
from paincheck.errors import PaincheckError
from paincheck.formats.options import ExportOptions
from paincheck.formats.pdf.fonts import FontSet, damaged_font, load_fonts
from paincheck.questionnaire import Questionnaire
from paincheck.questionnaire.view import View

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


DEFAULT_OPTIONS = ExportOptions()
_COLOURS: dict[str, Any] = {}


def check_font(options: ExportOptions) -> None:
    """Load and try the font now, so a broken --font stops an export before any work."""
    load_fonts(options.font)


def colour(value: str) -> Any:
    """A reportlab colour for a hex value, made once per process."""
    if value not in _COLOURS:
        _COLOURS[value] = colors.HexColor(value)
    return _COLOURS[value]


def escape_markup(text: str) -> str:
    """The characters reportlab's paragraph parser reads as markup, as entities."""
    # xml.sax.saxutils.escape does the same but imports urllib and http on the way.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points: normal print, or large print (body text 14 pt)."""

    body: float
    small: float
    heading: float
    title: float
    leading: float = 1.3  # line height, as a multiple of the size

    @classmethod
    def for_print(cls, large: bool) -> Sizes:
        if large:
            return cls(body=14.0, small=12.0, heading=17.0, title=22.0)
        return cls(body=9.5, small=7.8, heading=11.5, title=16.0)


class PageWriter:
    """Styles, escaped text and the document frame shared by every paincheck PDF."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        options: ExportOptions,
        sizes: Sizes | None = None,
        margin: float = 46.0,
    ) -> None:
        self.questionnaire = questionnaire
        self.lang = options.lang
        self.view = View(questionnaire, options.lang)  # the report's words, in its language
        self.fonts = load_fonts(options.font)
        self.large = options.large_print
        self.size = sizes or Sizes.for_print(options.large_print)
        if options.paper not in PAPERS:
            choices = ", ".join(PAPERS)
            raise PaincheckError.single(
                "--paper", questionnaire.message("pdf_paper_unknown", self.lang, choices=choices)
            )
        self.page_size = A4 if options.paper == "a4" else LETTER
        self.margin = margin
        self.width = self.page_size[0] - 2 * self.margin - 12  # the frame pads 6 pt a side
        self._missing: dict[str, set[str]] = {}
        self.pages = 0  # of the last document built
        self._make_styles(self.fonts, self.size)

    def _make_styles(self, fonts: FontSet, s: Sizes) -> None:
        base = ParagraphStyle(
            "body",
            fontName=fonts.regular,
            fontSize=s.body,
            leading=s.body * s.leading,
            textColor=colors.HexColor(INK),
            alignment=TA_LEFT,
        )
        self.body = base
        self.bold = ParagraphStyle("bold", parent=base, fontName=fonts.bold)
        self.small = ParagraphStyle(
            "small",
            parent=base,
            fontSize=s.small,
            leading=s.small * s.leading,
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
        return escape_markup(self.plain(text, where)).replace("\n", "<br/>")

    def plain(self, text: object, where: str | None = None) -> str:
        """Text to draw as it is (not markup): control characters out, unknown glyphs noted."""
        raw = _UNPRINTABLE.sub("", str(text))
        for char in self.fonts.missing(raw):
            self._missing.setdefault(char, set()).add(where or "")
        return raw

    def msg(self, key: str, **values: object) -> str:
        """An interface sentence from the messages, in the report's language (plain text)."""
        return self.view.msg(key, **values)

    def warnings(self) -> list[str]:
        """One warning per character the font could not draw, naming where it was."""
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
        return Paragraph(self.esc(text, where), style or self.body)

    def markup(self, markup: str, style: Any = None) -> Any:
        """A paragraph of markup built from already escaped pieces."""
        return Paragraph(markup, style or self.body)

    def h(self, text: str) -> Any:
        return self.p(text, self.heading)

    def table_heading(self, text: str) -> list[Any]:
        """A heading over a table that may run onto the next page.

        Keep-with-next would move a heading and its whole table to a new page whenever the
        table does not fit, leaving a gap; instead start a new page only if not even the
        heading and the first rows fit.
        """
        heading = self.p(text, self.heading)
        heading.keepWithNext = False
        return [CondPageBreak(self.size.body * 9), heading]

    def space(self, factor: float = 0.6) -> Any:
        return Spacer(1, self.size.body * factor)

    # document

    def build(self, story: list[Any], title: str) -> bytes:
        """The story laid out on numbered pages with the footer, as PDF bytes."""
        buffer = io.BytesIO()
        top, bottom = self._margins()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=self.page_size,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=top,
            bottomMargin=bottom,
            title=title,
            author="paincheck",
            subject=self.questionnaire.title(self.lang),
            creator=f"paincheck {__version__}",
            lang=self.lang,
            displayDocTitle=True,  # viewers show the title, not the file name
        )
        # ASCII85 stream encoding is pure Python and only makes the file bigger; switch it off
        # for this build only.
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            doc.build(story, canvasmaker=self._canvas_maker())
            self.pages = doc.page
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
            raise damaged_font(self.fonts.given, exc) from None
        finally:
            rl_config.useA85 = saved
        return buffer.getvalue()

    def _margins(self) -> tuple[float, float]:
        """The top margin, and the bottom one (which holds the footer: the disclaimer as it
        wraps, the rule and the id line)."""
        _, note = Paragraph(self._disclaimer(), self.small).wrap(self.width, 200)
        footer_height = note + self.size.small * 2.4 + 6
        return self.margin * 0.8, self.margin * 0.6 + footer_height

    def _disclaimer(self) -> str:
        rules = self.questionnaire.rules
        return self.esc(rules.disclaimer(self.lang)) if rules.disclaimer else ""

    def page_height(self) -> float:
        """The height a page has for the story (the frame pads 6 pt a side)."""
        top, bottom = self._margins()
        height: float = self.page_size[1]
        return height - top - bottom - 12

    def _canvas_maker(self) -> Callable[..., Any]:
        footer = partial(self.draw_footer, today=date.today().isoformat())
        return partial(NumberedCanvas, draw_footer=partial(footer, disclaimer=self._disclaimer()))

    def draw_footer(
        self, canvas: Any, number: int, total: int, today: str, disclaimer: str
    ) -> None:
        """The disclaimer, a rule, the questionnaire's id and date, and "page X of Y"."""
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


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds pages back until the end so the footer can say "page X of Y"."""

    def __init__(
        self, *args: Any, draw_footer: Callable[[Any, int, int], None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._draw_footer = draw_footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._draw_footer(self, number, total)
            super().showPage()
        super().save()
