"""The report, and visits side by side, as self-contained, accessible HTML pages (the only
module that imports Jinja2).

Each page has its PDF's content in the PDF's order, with the words from `report.py` (or
`compare.py`). It loads nothing: no scripts, fonts, images or style sheets from anywhere (a
Content-Security-Policy says so to the browser too). Every value goes through Jinja2's autoescaping, and control
characters in answers are shown as escapes (`\\x1b`), as in the terminal.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from paincheck import __version__
from paincheck.evaluation import Assessment, caveat_texts
from paincheck.formats import compare, report
from paincheck.formats.bodymap import (
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    PAIN_FILL,
    WORST_FILL,
    Words,
    views,
)
from paincheck.questionnaire.view import View
from paincheck.text.display import printable

if TYPE_CHECKING:
    import jinja2

    from paincheck.formats.compare import Comparison

PAPER_SIZES = {"letter": "letter", "a4": "A4"}
_GAP = 26.0  # between the front and the back view, in the body map's units
_TOP = 16.0  # room above the figures for the side words


@dataclass(frozen=True)
class Polygon:
    """One outline of the body diagram, as SVG points (y grows downwards)."""

    points: str
    fill: str
    line: str
    width: float


@dataclass(frozen=True)
class Figure:
    """A view of the body placed in the diagram: where it sits, its outlines and words."""

    title: str
    x: float
    polygons: tuple[Polygon, ...]
    left_word: str
    right_word: str


@dataclass(frozen=True)
class Diagram:
    """The body diagram as inline SVG data, and its description in words."""

    title: str
    description: str
    width: float
    height: float
    figures: tuple[Figure, ...]


def render_html(
    assessment: Assessment,
    *,
    view: View,
    large_print: bool = False,
    redact: bool = False,
    paper: str = "letter",
) -> str:
    """The report as a complete HTML document."""
    content = _content(assessment, view, redact)
    return _page("report.html.j2", content, view=view, large_print=large_print, paper=paper)


def _page(
    template: str, content: dict[str, Any], *, view: View, large_print: bool, paper: str
) -> str:
    """A page with the shipped style sheet inline and a policy that allows only that sheet."""
    environment = _environment()
    css = environment.get_template("report.css").render(paper=PAPER_SIZES.get(paper, "auto"))
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return environment.get_template(template).render(
        **content,
        lang=view.lang,
        large_print=large_print,
        css=_markup(css),  # the shipped style sheet: no answer is in it
        style_hash=f"sha256-{digest}",
        version=__version__,
    )


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("paincheck.formats", "templates"),
        autoescape=True,  # every template, whatever its name: answers are never markup
        undefined=jinja2.StrictUndefined,
        finalize=_shown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _shown(value: Any) -> Any:
    """Each value as the page shows it: control characters visible (escaping comes after)."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return printable(value)
    return value


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)


def _content(assessment: Assessment, view: View, redact: bool) -> dict[str, Any]:
    """Everything the template shows, in words from `report.py`."""
    a = assessment
    q = a.questionnaire
    rules = q.rules
    overall = a.overall_rule
    findings = report.symptom_findings(a, view)
    ids = report.report_ids(a)
    tried = report.treatments_question(a)
    return {
        "msg": view.msg,
        "warnings": report.warning_boxes(a, view),
        "urgent": a.urgent,
        "facts": report.header_facts(a, view, redact=redact),
        "in_progress": a.status == "in_progress",
        "overall": view.text(overall.text) if overall and overall.text else None,
        "overall_status": a.overall,
        "criteria": report.criterion_rows(a, view),
        "approved_use": report.criterion_rows(a, view, "approved_use"),
        "caveats": caveat_texts(a, view),
        "bars": report.pain_bars(a, view),
        "pain_score": report.pain_score_line(a, view),
        "diagram": _diagram(a, view),
        "legend": {"pain": PAIN_FILL, "worst": WORST_FILL},
        "where": report.where_facts(a, view, only_area_is_worst=True),
        "scores": [bar for bar in report.pain_bars(a, view) if bar.value is not None],
        "details": report.answer_rows(a, view, ids.details),
        "has_treatments_answer": tried is not None and a.answers.get(tried.id) is not None,
        "treatments_question": view.text(tried.text) if tried is not None else "",
        "reliefs": report.reliefs(a, view),
        "treatments_text": report.answer_text(a, ids.treatments, view) if ids.treatments else "",
        "own_words": report.answer_rows(a, view, ids.own_words),
        "findings": findings,
        "mood": report.mood_lines(a, view),
        "mood_notes": report.score_notes(a, view, ids.mood_scores),
        "has_precautions": bool(rules.precautions),
        "precautions": report.precaution_texts(a, view),
        "has_levels": rules.levels_question is not None,
        "levels_note": view.text(rules.levels_note) if rules.levels_note else "",
        "levels": report.level_rows(a, view),
        "missing": report.missing_texts(a, view),
        "doctor_questions": report.doctor_questions(a, view),
        "title": view.msg("pdf_title"),
        "footer": view.msg(
            "pdf_footer_id", id=q.id, version=q.version, date=date.today().isoformat()
        ),
        "disclaimer": view.text(rules.disclaimer) if rules.disclaimer else "",
    }


def _diagram(assessment: Assessment, view: View) -> Diagram | None:
    """The front and back views with the painful areas, and the same facts in words."""
    where = report.body_answers(assessment)
    if where is None:
        return None
    words = Words(
        front=view.msg("pdf_body_front"),
        back=view.msg("pdf_body_back"),
        left=view.msg("pdf_body_left"),
        right=view.msg("pdf_body_right"),
        pain=view.msg("pdf_body_pain"),
        worst=view.msg("pdf_body_worst"),
    )
    figures = []
    for index, figure in enumerate(views(where.locations, where.side, where.worst, words)):
        x = FIGURE_WIDTH / 2 + index * (FIGURE_WIDTH + _GAP)
        polygons = tuple(
            Polygon(_points(shape.points), shape.fill, shape.line, shape.width)
            for shape in figure.shapes
        )
        left, right = (words.left, words.right)
        if figure.viewer_left_is == "right":
            left, right = right, left
        figures.append(Figure(figure.title, x, polygons, left, right))
    return Diagram(
        title=view.msg("html_body_title"),
        description=_describe(assessment, view, where),
        width=2 * FIGURE_WIDTH + _GAP,
        height=FIGURE_HEIGHT + _TOP,
        figures=tuple(figures),
    )


def _points(points: Sequence[tuple[float, float]]) -> str:
    # The body map counts y up from the soles; SVG counts down from the top.
    return " ".join(f"{x:g},{FIGURE_HEIGHT + _TOP - y:g}" for x, y in points)


def _describe(assessment: Assessment, view: View, where: report.BodyAnswers) -> str:
    """Which areas hurt, on which side, and which most, as sentences (the diagram's desc)."""
    ids = report.report_ids(assessment).body_map
    areas = report.answer_text(assessment, ids.locations, view) if ids else ""
    if not areas:
        return view.msg("html_body_none")
    sentences = [view.msg("html_body_areas", areas=areas)]
    side = report.answer_text(assessment, ids.side, view) if ids and ids.side else ""
    if side:
        sentences.append(view.msg("html_body_side", side=side))
    if where.worst is not None:
        worst = report.choice_label(assessment, where.worst, view)
        sentences.append(view.msg("html_body_worst", worst=worst))
    return " ".join(sentences)


# -- visits side by side (paincheck compare) ------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    """A value on the chart: where it is drawn, and the number printed beside it."""

    x: float
    y: float
    value: str


@dataclass(frozen=True)
class ChartLine:
    """One score across the visits: its kind (how it is drawn), name, lines and points."""

    kind: str
    name: str
    segments: tuple[str, ...]  # SVG points of each unbroken run (a missing value breaks it)
    points: tuple[ChartPoint, ...]


@dataclass(frozen=True)
class Tick:
    """A value on the 0-10 axis, with its grid line."""

    y: float
    label: int


@dataclass(frozen=True)
class ChartVisit:
    """A visit on the chart's axis: where, its number and date."""

    x: float
    number: int
    date: str


@dataclass(frozen=True)
class TrendChart:
    """Average pain and the PEG at each visit, as inline SVG data, and the same in words."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    ticks: tuple[Tick, ...]
    visits: tuple[ChartVisit, ...]
    lines: tuple[ChartLine, ...]
    description: str


@dataclass(frozen=True)
class VisitRow:
    """A visit's row in the table: its number, then its date and every score."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Listed:
    """A section of sentences: its heading (and id), then each line."""

    id: str
    heading: str
    lines: tuple[str, ...]


def render_compare_html(
    comparison: Comparison,
    *,
    view: View,
    redact: bool = False,
    paper: str = "letter",
) -> str:
    """Visits side by side as a complete HTML document."""
    content = _compare_content(comparison, view, redact)
    return _page("compare.html.j2", content, view=view, large_print=False, paper=paper)


def _compare_content(comparison: Comparison, view: View, redact: bool) -> dict[str, Any]:
    """Everything the compare template shows, in words from `compare.py`."""
    q = comparison.questionnaire
    last = comparison.last.assessment
    columns = [view.msg("compare_col_visit"), view.msg("compare_col_date")]
    columns += [
        compare.score_words(comparison, "compare_col", c.score, view) for c in comparison.scores
    ]
    rows = [
        VisitRow(
            n,
            (
                visit.date or view.msg("compare_no_date"),
                *(compare.number(c.values[n - 1]) for c in comparison.scores),
            ),
        )
        for n, visit in enumerate(comparison.visits, 1)
    ]
    sections = [
        Listed(
            "changes",
            view.msg("compare_changes_heading"),
            tuple(compare.changes(comparison, view)),
        ),
        Listed(
            "daily", view.msg("compare_daily_heading"), tuple(compare.daily_life(comparison, view))
        ),
        Listed(
            "treatments",
            view.msg("compare_treatments_heading"),
            tuple(compare.treatments(comparison, view)),
        ),
    ]
    facts = [compare.who(comparison, view, redact=redact), compare.visits_line(comparison, view)]
    return {
        "msg": view.msg,
        "title": view.msg("compare_pdf_title"),
        "warnings": report.warning_boxes(last, view),
        "urgent": last.urgent,
        "facts": [f for f in facts if f],
        "chart": _trend_chart(comparison, view),
        "columns": columns,
        "rows": rows,
        "files": [
            view.msg("compare_file", number=n, file=printable(v.file, one_line=True))
            for n, v in enumerate(comparison.visits, 1)
        ],
        "sections": sections,
        "notes": compare.notes(comparison, view),
        "footer": view.msg(
            "pdf_footer_id", id=q.id, version=q.version, date=date.today().isoformat()
        ),
        "disclaimer": view.text(q.rules.disclaimer) if q.rules.disclaimer else "",
    }


def _trend_chart(comparison: Comparison, view: View) -> TrendChart | None:
    """The chart of average pain and the PEG, with a description listing every value."""
    lines_of = compare.charted(comparison)
    if not lines_of:
        return None
    width, height, left, right, top, bottom = 640.0, 300.0, 44.0, 620.0, 30.0, 236.0
    step = (right - left) / len(comparison.visits)
    xs = [left + step * (i + 0.5) for i in range(len(comparison.visits))]

    def y_of(value: float) -> float:
        return round(bottom - value / 10 * (bottom - top), 1)

    names = {
        "intensity": view.msg("compare_pdf_key_pain"),
        "points": view.msg("compare_pdf_key_peg"),
    }
    lines = []
    for change in lines_of:
        points = [
            ChartPoint(round(x, 1), y_of(float(v)), compare.number(v))
            for x, v in zip(xs, change.values, strict=True)
            if v is not None
        ]
        runs: list[list[str]] = [[]]
        for x, v in zip(xs, change.values, strict=True):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{round(x, 1):g},{y_of(float(v)):g}")
        segments = tuple(" ".join(run) for run in runs if len(run) > 1)
        lines.append(ChartLine(change.kind, names[change.kind], segments, tuple(points)))
    said = []
    for n, visit in enumerate(comparison.visits):
        values = ", ".join(
            f"{compare.score_words(comparison, 'compare_col', c.score, view)} {compare.number(c.values[n])}"
            for c in lines_of
        )
        said.append(f"{n + 1} ({visit.date or view.msg('compare_no_date')}): {values}")
    return TrendChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        ticks=tuple(Tick(y_of(v), v) for v in range(0, 11, 2)),
        visits=tuple(
            ChartVisit(round(x, 1), n, visit.date or "")
            for n, (x, visit) in enumerate(zip(xs, comparison.visits, strict=True), 1)
        ),
        lines=tuple(lines),
        description=view.msg("compare_html_chart_desc", points="; ".join(said)),
    )
