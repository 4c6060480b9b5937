"""The body diagram on paper: the front and back views of `paincheck.formats.bodymap`, drawn by reportlab."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import Flowable

from paincheck.formats.bodymap import (
    BODY_LINE,
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    MARK,
    PAIN_FILL,
    WORST_FILL,
    Point,
    View,
    Words,
    star,
    views,
)
from paincheck.formats.pdf.page import PageWriter, colour

GAP = 26.0  # between the two views, in native units (at least)
SIDE_WORDS = 30.0  # the side words start this far from a view's middle, in native units


def body_words(w: PageWriter) -> Words:
    """The words printed on the diagram, in the writer's language."""
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


def body_diagram(
    w: PageWriter,
    locations: Sequence[str],
    side: str | None,
    worst: str | None,
    *,
    height: float,
    max_width: float,
    legend: bool = True,
) -> Any:
    """A flowable drawing the front and back views, painful areas shaded, centred."""
    words = body_words(w)
    diagram = BodyDiagram(
        views(locations, side, worst, words),
        words,
        font=w.fonts.regular,
        font_size=w.size.small,
        height=height,
        max_width=max_width,
        legend=legend,
    )
    diagram.hAlign = "CENTER"
    return diagram


class BodyDiagram(Flowable):  # type: ignore[misc]
    """The views side by side at a scale that fits, with the side words and a legend."""

    def __init__(
        self,
        drawn: list[View],
        words: Words,
        *,
        font: str,
        font_size: float,
        height: float,
        max_width: float,
        legend: bool,
    ) -> None:
        super().__init__()
        self.drawn, self.words, self.font, self.font_size = drawn, words, font, font_size
        self.label_space = font_size * 2.0
        self.legend_space = font_size * 2.2 if legend else 0.0
        self.scale = (height - self.legend_space - self.label_space) / FIGURE_HEIGHT
        # A small diagram needs a wider gap between the views, or the side words written
        # beside each view's shoulders run into each other.
        sides = sum(stringWidth(word, font, font_size * 0.85) for word in (words.left, words.right))
        for _ in range(2):
            self.gap = max(GAP, (sides + 6) / self.scale - (FIGURE_WIDTH - 2 * SIDE_WORDS))
            self.scale = min(self.scale, max_width / (2 * FIGURE_WIDTH + self.gap))
        self.width = (2 * FIGURE_WIDTH + self.gap) * self.scale
        self.height = self.legend_space + self.label_space + FIGURE_HEIGHT * self.scale
        self.swatches = (
            [(PAIN_FILL, words.pain, False), (WORST_FILL, words.worst, True)] if legend else []
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    @property
    def overhang(self) -> float:
        """How far the side words reach past the views, on the left and on the right."""
        size = self.font_size * 0.85
        widest = max(
            stringWidth(word, self.font, size) for word in (self.words.left, self.words.right)
        )
        return max(0.0, (SIDE_WORDS - FIGURE_WIDTH / 2) * self.scale + float(widest))

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        base = self.legend_space + self.label_space
        for index, view in enumerate(self.drawn):
            x0 = (FIGURE_WIDTH / 2 + index * (FIGURE_WIDTH + self.gap)) * self.scale
            self._draw_view(canvas, view, x0, base)
        self._draw_legend(canvas)
        canvas.restoreState()

    def _draw_view(self, canvas: Any, view: View, x0: float, base: float) -> None:
        font, font_size, scale, words = self.font, self.font_size, self.scale, self.words
        canvas.saveState()
        canvas.translate(x0, base)
        canvas.scale(scale, scale)
        canvas.setLineJoin(1)
        pen: tuple[str, str, float] | None = None
        for shape in view.shapes:
            # Set colours only when they change: the outlines are many, the pens few.
            if pen != (shape.fill, shape.line, shape.width):
                canvas.setFillColor(colour(shape.fill))
                canvas.setStrokeColor(colour(shape.line))
                canvas.setLineWidth(shape.width)
                pen = (shape.fill, shape.line, shape.width)
            canvas.drawPath(_path(shape.points), stroke=1, fill=1)
        canvas.restoreState()
        canvas.setFillColor(colour(MARK))
        canvas.setFont(font, font_size)
        canvas.drawCentredString(x0, base - font_size * 1.4, view.title)
        canvas.setFillColor(colour(BODY_LINE))
        canvas.setFont(font, font_size * 0.85)
        side_y = base + 192 * scale
        left_word = words.left if view.viewer_left_is == "left" else words.right
        right_word = words.right if view.viewer_left_is == "left" else words.left
        canvas.drawRightString(x0 - SIDE_WORDS * scale, side_y, left_word)
        canvas.drawString(x0 + SIDE_WORDS * scale, side_y, right_word)

    def _draw_legend(self, canvas: Any) -> None:
        """A swatch for pain, a dark swatch with a star for the worst area."""
        font, font_size = self.font, self.font_size
        box = font_size * 0.9
        x, y = 0.0, font_size * 0.4
        for fill, word, starred in self.swatches:
            square = ((x, y), (x + box, y), (x + box, y + box), (x, y + box))
            _polygon(canvas, square, colour(fill), colour(BODY_LINE), 0.5)
            if starred:
                mark = star(x + box / 2, y + box / 2, box * 0.42)
                _polygon(canvas, mark, colour("#ffffff"), colour(MARK), 0.4)
            canvas.setFillColor(colour(MARK))
            canvas.setFont(font, font_size)
            canvas.drawString(x + box * 1.4, y + box * 0.15, word)
            x += box * 1.4 + stringWidth(word, font, font_size) + font_size * 1.5


_PATHS: dict[tuple[Point, ...], Any] = {}


def _path(points: tuple[Point, ...]) -> Any:
    """The outline as a PDF path, built once per process (its numbers are formatted once)."""
    path = _PATHS.get(points)
    if path is None:
        path = PDFPathObject()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        _PATHS[points] = path
    return path


def _polygon(canvas: Any, points: Sequence[Point], fill: Any, line: Any, width: float) -> None:
    path = _path(tuple(points))
    canvas.setFillColor(fill)
    canvas.setStrokeColor(line)
    canvas.setLineWidth(width)
    canvas.setLineJoin(1)
    canvas.drawPath(path, stroke=1, fill=1)
