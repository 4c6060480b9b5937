"""The printable empty checklist: every question with boxes to tick and lines to write on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, assert_never

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import HRFlowable, KeepTogether, Table, TableStyle

from paincheck.answers.checking import choice_source
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
    NoteLines,
    TickList,
    boxed,
    scale_boxes,
    tick_box,
    write_on_lines,
)
from paincheck.questionnaire import Choice, Question, Questionnaire, Section
from paincheck.questionnaire.conditions import AnswerTest
from paincheck.questionnaire.view import View


def render_blank(
    questionnaire: Questionnaire, options: ExportOptions = DEFAULT_OPTIONS
) -> tuple[bytes, list[str]]:
    """The printable empty checklist as PDF bytes, and warnings."""
    writer = PageWriter(questionnaire, options)
    return writer.build(_blank_story(writer), questionnaire.title(options.lang)), writer.warnings()


def _blank_story(w: PageWriter) -> list[Any]:
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
    body_map = q.rules.report.body_map
    for section in q.sections:
        head = _blank_section_head(w, section, numbers)
        blocks: list[list[Any]] = []
        for run in _runs(list(section.questions), w.view):
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
            if body_map is not None and run[0].id == body_map.locations:
                shade = w.p(w.msg("pdf_blank_shade"), w.bold)
                blocks.append([shade, w.space(0.3), _blank_body(w), w.space(0.9)])
        # A section title never ends a page: it stays with its first question.
        first = blocks[0] if blocks else []
        story.append(KeepTogether([*head, *first]))
        for block in blocks[1:]:
            story.append(KeepTogether(block))
    story.append(NoteLines(w))
    return story


def _runs(questions: list[Question], view: View) -> list[list[Question]]:
    """Questions grouped for paper: a repeated group, or several single-choice questions in a
    row with the same choices and no condition (printed as one grid), or one question."""
    runs: list[list[Question]] = []
    for question in questions:
        last = runs[-1] if runs else None
        same_group = last and question.group and last[0].group == question.group
        same_scale = last and not question.group and _same_scale(last[0], question, view)
        if last and (same_group or same_scale):
            last.append(question)
        else:
            runs.append([question])
    return runs


def _same_scale(a: Question, b: Question, view: View) -> bool:
    """Same choices, worded the same in this language (one header row serves both)."""
    return (
        a.type == b.type
        and a.kind.picks == "one"
        and not a.group
        and a.shown_when is None
        and b.shown_when is None
        and len(a.choices) >= 3
        and [(c.id, view.text(c.label)) for c in a.choices]
        == [(c.id, view.text(c.label)) for c in b.choices]
    )


# How a sign is marked on paper: "!!" needs care now, "!" soon (any other flag: "!").
FLAG_MARKS = {"urgent": "!!", "prompt": "!"}


def _blank_section_head(w: PageWriter, section: Section, numbers: dict[str, int]) -> list[Any]:
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
    for text in (section.intro, section.safety):
        if text is not None:
            out.append(w.p(text(w.lang), w.small))
    condition = condition_words(w, section.shown_when, numbers)
    if condition:
        out.append(w.markup(f"<b>{w.esc(condition)}</b>"))
    out.append(w.space(0.4))
    return out


def _blank_same_choices(w: PageWriter, number: int, run: list[Question]) -> list[Any]:
    """Several questions with the same answer choices, as one grid (like the PHQ forms)."""
    choices = run[0].choices
    header: list[Any] = [w.p(run[0].help(w.lang), w.small)] + [
        w.markup(f"<para alignment='center'>{w.esc(c.label(w.lang))}</para>", w.small)
        for c in choices
    ]
    rows: list[list[Any]] = [header]
    for offset, question in enumerate(run):
        text = f"<b>{number + offset}.</b> {w.esc(question.text(w.lang))}"
        rows.append([w.markup(text)] + [tick_box(w.size.body) for _ in choices])
    return [tick_grid(w, rows, len(choices)), w.space(0.9)]


def tick_grid(
    w: PageWriter, rows: list[list[Any]], columns: int, first: float | None = None
) -> Any:
    """Rows of a question and a tick box per choice, under a header row of the choices;
    `first` is the first column's share of the width."""
    first_col = first if first is not None else (0.4 if w.large else 0.5)
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


def condition_words(w: PageWriter, condition: object, numbers: dict[str, int]) -> str:
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
    w: PageWriter, number: int, question: Question, numbers: dict[str, int]
) -> list[Any]:
    parts: list[Any] = []
    condition = condition_words(w, question.shown_when, numbers)
    if condition:
        parts.append(w.markup(f"<font color='{MUTED}'>{w.esc(condition)}</font>", w.small))
    parts.append(w.markup(f"<b>{number}. {w.esc(question.text(w.lang))}</b>"))
    hint = question.help(w.lang)
    match question.kind.picks:
        case "one":
            hint = f"{hint} {w.msg('pdf_blank_tick_one')}"
        case "many":
            hint = f"{hint} {w.msg('pdf_blank_tick_all')}"
        case "none":
            pass
        case unknown:
            assert_never(unknown)
    parts.append(w.p(hint, w.small))
    parts.append(w.space(0.3))
    if question.kind.coded:
        source = choice_source(w.questionnaire, question)
        labels = [
            c.label(w.lang) for c in source.choices if not (question.choices_from and c.exclusive)
        ]
        flags = [c.flag for c in source.choices if not (question.choices_from and c.exclusive)]
        escaped = [
            w.esc(label) + (f" <b>{FLAG_MARKS.get(flag, '!')}</b>" if flag else "")
            for label, flag in zip(labels, flags, strict=False)
        ]
        columns = _columns_for(w, labels)
        parts.append(TickList(w, escaped, columns, [flag == "urgent" for flag in flags]))
        # Every flag's signs carry what to do, the soon ones too: a box per flag.
        for flag in dict.fromkeys(f for f in flags if f):
            style = w.questionnaire.rules.flags.get(flag)
            if style is None:
                continue
            mark = FLAG_MARKS.get(flag, "!")
            note = w.msg("pdf_blank_flag_note", mark=mark, title=style.title(w.lang))
            body = [w.markup(f"<b>{w.esc(note)}</b>")]
            body += _advice_lines(w, source, flag)
            colours = (URGENT, URGENT_BG) if flag == "urgent" else (PROMPT, PROMPT_BG)
            parts.append(w.space(0.3))
            parts.append(boxed(w, body, *colours))
    elif question.kind.number and question.min is not None and question.max is not None:
        if question.max - question.min <= 10:
            anchors = {value: text(w.lang) for value, text in question.anchors}
            parts.append(scale_boxes(w, question.min, question.max, anchors))
        else:
            parts.append(
                w.markup(
                    f"________ <font color='{MUTED}'>({question.min}\u2013{question.max})</font>"
                )
            )
    else:
        lines = 3 if question.multiline else 1
        parts.append(w.space(0.6))
        parts.append(write_on_lines(lines, w.size.body * 2.2, w.width))
    parts.append(w.space(0.9))
    return parts


def _blank_body(w: PageWriter) -> Any:
    """Empty front and back outlines to shade by hand."""
    return body_diagram(
        w,
        [],
        None,
        None,
        height=w.size.body * 20,
        max_width=w.width,
        legend=False,
    )


def _blank_group(
    w: PageWriter, number: int, group: list[Question], numbers: dict[str, int]
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
        rows.append([w.p(label)] + [tick_box(box) for _ in choices])
    head = [
        w.markup(f"<b>{number}. {w.esc(common)}</b>"),
        w.p(f"{intro} {w.msg('pdf_blank_tick_row')}", w.small),
        w.space(0.3),
    ]
    return [*head, tick_grid(w, rows, len(choices)), w.space(0.9)]


def advice_groups(w: PageWriter, question: Question, flag: str) -> dict[str, list[Choice]]:
    """A flag's signs by what to do, in the question's order: signs with the same advice
    share it (empty when the rules give that flag no advice)."""
    style = w.questionnaire.rules.flags[flag]
    groups: dict[str, list[Choice]] = {}
    for choice in question.choices:
        advice = style.advice.get(choice.id)
        if choice.flag == flag and advice is not None:
            groups.setdefault(advice(w.lang), []).append(choice)
    return groups


def _advice_lines(w: PageWriter, question: Question, flag: str) -> list[Any]:
    """On paper: each flagged sign's advice, signs with the same advice on one line."""
    groups = advice_groups(w, question, flag)
    if not groups:
        return [w.p(w.questionnaire.rules.flags[flag].message(w.lang))]
    return [
        w.markup(
            "<br/>".join(f"• {w.esc(choice.label(w.lang))}" for choice in choices)
            + f"<br/><b>→ {w.esc(advice)}</b>",
            w.bullet,
        )
        for advice, choices in groups.items()
    ]


def _columns_for(w: PageWriter, labels: Sequence[str]) -> int:
    """As many columns (up to 3) as the longest label allows without wrapping."""
    widest = max((stringWidth(label, w.fonts.regular, w.size.body) for label in labels), default=0)
    room = widest + w.size.body * 2.5
    for columns in (3, 2):
        if room * columns <= w.width:
            return columns
    return 1


def _common_suffix(texts: Iterable[str]) -> str:
    items = list(texts)
    if not items:
        return ""
    suffix = items[0]
    for text in items[1:]:
        while suffix and not text.endswith(suffix):
            suffix = suffix[1:]
    return suffix
