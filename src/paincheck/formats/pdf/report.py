"""The report for the specialist as PDF pages: warnings, criteria, scores, body map, answers."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import HRFlowable, Table, TableStyle

from paincheck.evaluation import Assessment, caveat_texts
from paincheck.files.writing import write_rendered
from paincheck.formats import report
from paincheck.formats.options import ExportOptions
from paincheck.formats.pdf.bodymap import body_diagram
from paincheck.formats.pdf.page import (
    DEFAULT_OPTIONS,
    INK,
    MUTED,
    PANEL,
    PROMPT,
    PROMPT_BG,
    RULE,
    URGENT,
    URGENT_BG,
    PageWriter,
)
from paincheck.formats.pdf.pieces import (
    BAND_COLOURS,
    NoteLines,
    SideBySide,
    boxed,
    grid,
    pain_chart,
    relief_label,
    status_label,
)

OVERALL_COLOURS = {
    "urgent": URGENT,
    "does_not_match": "#b03a2e",
    "incomplete": "#5d6d7e",
    "partly_matches": "#b9770e",
    "matches": "#1e8449",
}


def render_report(
    assessment: Assessment, options: ExportOptions = DEFAULT_OPTIONS, *, redact: bool = False
) -> tuple[bytes, list[str]]:
    """The report as PDF bytes, and warnings (such as characters the font cannot draw)."""
    writer = PageWriter(assessment.questionnaire, options)
    data = writer.build(_report_story(writer, assessment, redact), writer.msg("pdf_title"))
    return data, writer.warnings()


def write_report(
    assessment: Assessment,
    path: Path,
    options: ExportOptions = DEFAULT_OPTIONS,
    *,
    redact: bool = False,
    overwrite: bool = False,
) -> list[str]:
    """Write the report to `path` (0600, atomic, no overwrite unless asked); return warnings."""
    return write_rendered(
        path, partial(render_report, assessment, options, redact=redact), overwrite=overwrite
    )


def _report_story(w: PageWriter, a: Assessment, redact: bool) -> list[Any]:
    # Page 1 is what a specialist reads while the patient sits down: the warnings, the
    # verdict, the key facts (where, how long, how strong, what helped) and the criteria.
    story: list[Any] = []
    story += _warning_boxes(w, a)
    story += _header(w, a, redact)
    story += _key_facts(w, a)
    story += _criteria(w, a, "criteria")
    story += _criteria(w, a, "approved_use")
    story += _scores_and_body(w, a)
    story += _own_words(w, a)
    story += _findings(w, a)
    story += _levels(w, a)
    story += _missing(w, a)
    story += _doctor_questions(w, a)
    return story


def _warning_boxes(w: PageWriter, a: Assessment) -> list[Any]:
    """The "Warning signs" heading, then a box per flag (urgent "Get medical care now" first,
    then "Call your doctor soon"): its title and message, then each chosen sign with its own
    advice line in bold under it."""
    warnings = report.warning_boxes(a, w.view)
    if not warnings:
        return []
    story: list[Any] = [w.p(w.msg("warning_signs_heading"), w.heading)]
    for warning in warnings:
        marker = "!! " if warning.urgent else "! "
        body: list[Any] = [w.p(marker + warning.title, w.bold), w.p(warning.message)]
        for label, advice in zip(warning.chosen, warning.advice, strict=True):
            text = f"• {w.esc(label)}"
            if advice:
                text += f"<br/><b>→ {w.esc(advice)}</b>"
            body.append(w.markup(text, w.bullet))
        colours = (URGENT, URGENT_BG, 2.0) if warning.urgent else (PROMPT, PROMPT_BG, 1.0)
        story += [boxed(w, body, *colours), w.space(0.4)]
    return [*story, w.space(0.2)]


def _header(w: PageWriter, a: Assessment, redact: bool) -> list[Any]:
    out: list[Any] = [w.p(w.msg("pdf_title"), w.title)]
    facts: list[str] = []
    for fact in report.header_facts(a, w.view, redact=redact):
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
    if rule is not None and rule.text is not None:
        # Also under an urgent box: the caveats (under 18, contraindications) still apply.
        colour = OVERALL_COLOURS.get(a.overall, MUTED)
        caveats = [w.p(text) for text in caveat_texts(a, w.view)]
        out.append(
            boxed(
                w,
                [w.p(w.msg("overall_heading"), w.bold), w.p(rule.text(w.lang)), *caveats],
                colour,
                "#ffffff",
                1.4,
            )
        )
    return out


def _criteria(w: PageWriter, a: Assessment, block: str) -> list[Any]:
    """The criteria, or right under them the approved-use items: status, reason, source."""
    rows_of = report.criterion_rows(a, w.view, block)
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
    widths = (0.27, 0.16, 0.57)
    room = w.width * widths[1] - 8  # the grid's cell padding: 3 left, 5 right
    for row in rows_of:
        w.esc(row.word)  # only to note characters the font lacks
        status_cell = status_label(row.status, row.word, icon_size, w.fonts.bold, room)
        why = [w.p(row.reason), w.p(f"{w.msg('source')}: {row.source}", w.small)]
        rows.append([w.p(row.label, w.bold), status_cell, why])
    return [*w.table_heading(w.msg(heading)), grid(w, rows, widths)]


def _key_facts(w: PageWriter, a: Assessment) -> list[Any]:
    """The facts a specialist asks first, one row each: where it hurts (areas, side, where
    most), the details (how long, how it started), the pain scores, and each treatment tried
    with how much it helped."""
    ids = report.report_ids(a)
    rows: list[tuple[str, Any, bool]] = []
    where = report.where_facts(a, w.view, only_area_is_worst=True)
    if where:
        parts = [_fact(w.esc(f.label), w.esc(f.value, f.question_id)) for f in where]
        rows.append((w.msg("pdf_body_heading"), w.markup(_JOIN.join(parts)), False))
    for answer in report.answer_rows(a, w.view, ids.details):
        value = w.p(answer.answer, where=answer.question_id)
        rows.append((answer.question, value, answer.own_words))
    scores = [bar for bar in report.pain_bars(a, w.view) if bar.value is not None]
    if scores:
        parts = [_fact(w.esc(bar.label), str(bar.value)) for bar in scores]
        rows.append((w.msg("pdf_key_scores"), w.markup(_JOIN.join(parts)), False))
    tried = report.treatments_question(a)
    if tried is not None and a.answers.get(tried.id) is not None:
        rows.append((tried.text(w.lang), _treatments_tried(w, a), False))
    if not rows:
        return []
    return [*w.table_heading(w.msg("pdf_key_facts_heading")), _facts_table(w, rows)]


_JOIN = "&nbsp;&nbsp;·&nbsp;&nbsp; "  # a line may break after a dot, never inside a fact


def _fact(label: str, value: str) -> str:
    """A label and its value in bold (both escaped already); a line never breaks inside the
    label or right after it ("Worst pain, past 7 days: 9" stays on one line)."""
    return f"{label.replace(' ', '&nbsp;')}:&nbsp;<b>{value}</b>"


def _treatments_tried(w: PageWriter, a: Assessment) -> Any:
    """Each treatment tried beside how much it helped (filled squares, then the words); the
    answer in words when no treatment was tried ("I have not tried any treatment")."""
    reliefs = report.reliefs(a, w.view)
    tried = report.treatments_question(a)
    if not reliefs:
        return w.p(report.answer_text(a, tried.id, w.view) if tried else "")
    cells: list[Any] = []
    for relief in reliefs:
        if relief.level is None:
            cells.append(w.p(w.msg("score_missing"), w.small))
            continue
        w.esc(relief.word)  # only to note characters the font lacks
        cells.append(
            relief_label(relief.level, relief.steps, relief.word, w.size.body, w.fonts.regular)
        )
    level_width = max(cell.wrap(w.width, 100)[0] for cell in cells) + 6
    rows = [[w.p(r.treatment), cell] for r, cell in zip(reliefs, cells, strict=True)]
    width = w.width * (1 - _facts_split(w)) - 10  # the value cell, less its padding
    table = Table(rows, colWidths=[width - level_width, level_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), w.size.body * 0.2),
            ]
        )
    )
    return table


def _scores_and_body(w: PageWriter, a: Assessment) -> list[Any]:
    bars = [(b.label, b.value, b.band) for b in report.pain_bars(a, w.view, len(BAND_COLOURS))]
    left_width = w.width * 0.55
    left: list[Any] = [w.h(w.msg("pdf_scores_heading"))]
    if bars:
        left.append(pain_chart(w, bars, left_width - 12))
    score = report.pain_score_line(a, w.view)
    if score is not None:
        if score.value is None:
            text = f"<b>{w.esc(score.label)}</b>: {w.esc(w.msg('score_missing'))}"
        else:
            text = f"<b>{w.esc(score.label)}: {score.value}</b>. {w.esc(score.meaning)}"
        left += [w.space(0.4), w.markup(text), w.p(f"{w.msg('source')}: {score.source}", w.small)]
    right = _body_block(w, a, w.width - left_width)
    if len(left) == 1 and not right:
        return []  # a checklist without pain scores or places
    if not right:
        return left
    return [w.space(0.4), SideBySide(left, right, left_width)]


def _answers_table(w: PageWriter, a: Assessment, question_ids: Sequence[str]) -> Any | None:
    """Answers as rows: the question (small, muted) beside the answer in the patient's words."""
    rows = [
        (answer.question, w.p(answer.answer, where=answer.question_id), answer.own_words)
        for answer in report.answer_rows(a, w.view, question_ids)
    ]
    return _facts_table(w, rows) if rows else None


def _facts_split(w: PageWriter) -> float:
    return 0.42 if w.large else 0.36


def _facts_table(w: PageWriter, rows: Sequence[tuple[str, Any, bool]]) -> Any:
    """Rows of a label (small, muted) beside a value; a value in the patient's own words is
    set off by a shaded cell with a blue bar."""
    split = _facts_split(w)
    cells = [[w.p(label, w.small), value] for label, value, _ in rows]
    table = Table(cells, colWidths=[w.width * split, w.width * (1 - split)], splitInRow=1)
    pad = w.size.body * 0.3
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, (_, _, own_words) in enumerate(rows):
        if own_words:
            style += [
                ("BACKGROUND", (1, index), (1, index), colors.HexColor(PANEL)),
                ("LINEBEFORE", (1, index), (1, index), 2.5, colors.HexColor("#2e86c1")),
                ("LEFTPADDING", (1, index), (1, index), 7),
            ]
    table.setStyle(TableStyle(style))
    return table


def _body_block(w: PageWriter, a: Assessment, width: float) -> list[Any]:
    where = report.body_answers(a)
    if where is None:
        return []
    drawing = body_diagram(
        w,
        where.locations,
        where.side,
        where.worst,
        height=w.size.body * (24 if w.large else 25),
        max_width=width,
    )
    return [w.h(w.msg("pdf_body_heading")), drawing]


def _own_words(w: PageWriter, a: Assessment) -> list[Any]:
    """The answers in the patient's words: medicines, daily life, goals, the trial."""
    table = _answers_table(w, a, report.report_ids(a).own_words)
    return [] if table is None else [*w.table_heading(w.msg("pdf_own_words_heading")), table]


def _findings(w: PageWriter, a: Assessment) -> list[Any]:
    out: list[Any] = []
    findings = report.symptom_findings(a, w.view)
    if findings is not None:
        body: list[Any] = [w.p(findings.note, w.small if findings.muted else w.body)]
        for label, symptoms in findings.categories:
            body.append(
                w.markup(f"• <b>{w.esc(label)}</b>: {w.esc(', '.join(symptoms))}", w.bullet)
            )
        if findings.source:
            body.append(w.p(f"{w.msg('source')}: {findings.source}", w.small))
        out += [w.h(w.msg("pdf_crps_heading")), *body]
    mood = report.mood_lines(a, w.view)
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
        mood_ids = report.report_ids(a).mood_scores
        out += [w.p(note, w.bold) for note in report.score_notes(a, w.view, mood_ids)]
    texts = report.precaution_texts(a, w.view)
    if not a.questionnaire.rules.precautions:
        return out
    out.append(w.h(w.msg("precautions_heading")))
    if texts:
        out += [w.markup(f"• {w.esc(t)}", w.bullet) for t in texts]
    else:
        out.append(w.p(w.msg("precautions_none"), w.small))
    return out


def _levels(w: PageWriter, a: Assessment) -> list[Any]:
    rules = a.questionnaire.rules
    if rules.levels_question is None:
        return []
    out: list[Any] = [w.h(w.msg("levels_heading"))]
    levels = report.level_rows(a, w.view)
    if not levels:
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
    for level in levels:
        rows.append([w.p(level.area), w.p(level.levels, w.bold), w.p(level.source, w.small)])
    out.append(grid(w, rows, (0.22, 0.18, 0.6)))
    return out


def _missing(w: PageWriter, a: Assessment) -> list[Any]:
    if not a.missing:
        return []
    out = [w.h(w.msg("missing_heading")), w.p(w.msg("missing_intro"))]
    out += [w.markup(f"• {w.esc(text)}", w.bullet) for text in report.missing_texts(a, w.view)]
    return out


def _doctor_questions(w: PageWriter, a: Assessment) -> list[Any]:
    questions = report.doctor_questions(a, w.view)
    out: list[Any] = [w.h(w.msg("doctor_heading"))] if questions else []
    for number, question in enumerate(questions, 1):
        own = f"<b>{w.esc(w.msg('pdf_own_question'))}</b> " if question.own else ""
        text = w.esc(question.text, question.question_id or None)
        out.append(w.markup(f"{number}. {own}{text}", w.bullet))
    return [*out, w.space(0.8), NoteLines(w)]
