"""The one-page checklist to print: the questions rules.yaml names in `report.short`, with
large tick boxes and each warning sign's advice.

Every question's id, and every choice's, is printed small beside it, so what a patient
wrote on the page can be typed back in as an answers file.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, HRFlowable, KeepTogether, Table, TableStyle

from paincheck.answers.checking import choice_source
from paincheck.errors import PaincheckError
from paincheck.formats import report
from paincheck.formats.options import ExportOptions
from paincheck.formats.pdf.blank import FLAG_MARKS, advice_groups, condition_words
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
    Sizes,
)
from paincheck.formats.pdf.pieces import (
    Columns,
    SideBySide,
    TickList,
    scale_boxes,
    tick_box,
    write_on_lines,
)
from paincheck.questionnaire import Choice, Question, Questionnaire
from paincheck.questionnaire.view import View

# One page must hold the whole short checklist: smaller print than the other documents,
# the largest of these that fits (a language with longer words may need the next one),
# narrower margins, and tick boxes of about 4 mm. Large print stays at 14 pt.
COMPACT = tuple(
    Sizes(body=body, small=small, heading=body + 1.5, title=body + 4, leading=1.2)
    for body, small in ((8.6, 7.0), (8.3, 6.8), (8.0, 6.6), (7.8, 6.5), (7.6, 6.4), (7.4, 6.3))
)
# Large print: two pages at most, in the largest of these that fits them (14 pt, the large
# print of the other documents, where it can), with the compact page's tighter lines.
LARGE = tuple(
    Sizes(body=body, small=body - 2, heading=body + 2, title=body + 4, leading=1.2)
    for body in (14.0, 13.0, 12.5, 12.0)
)
LARGE_PAGES = 2
OUTLINE_LARGE = 90.0  # the body outline's height in large print
MARGIN = 30.0
BOX = 10.0  # at least; as large as the print on a large-print page
# The ids are for whoever types the answers in: small print, also on a large-print page.
ID_SIZE = 6.5


def render_short(
    questionnaire: Questionnaire, options: ExportOptions = DEFAULT_OPTIONS
) -> tuple[bytes, list[str]]:
    """The one-page checklist as PDF bytes, and warnings."""
    questions = short_questions(View(questionnaire, options.lang))
    title = questionnaire.title(options.lang)
    ladder, most = (LARGE, LARGE_PAGES) if options.large_print else (COMPACT, 1)
    for sizes in ladder:
        writer = PageWriter(questionnaire, options, sizes, MARGIN)
        data = writer.build(_short_story(writer, questions), title)
        if writer.pages <= most:
            break
    return data, writer.warnings()


def short_questions(view: View) -> list[Question]:
    """The questions of the one-page checklist, in the order rules.yaml names them; an error
    naming rules.yaml when the folder names none."""
    questionnaire = view.questionnaire
    ids = questionnaire.rules.report.short
    if not ids:
        where = str(questionnaire.folder / "rules.yaml")
        raise PaincheckError.single(where, view.msg("export_short_none"))
    return [q for q in (questionnaire.question(i) for i in ids) if q is not None]


@dataclass(frozen=True)
class Block:
    """A question on the page: its line (`head`), the flowables to answer it on, and
    whether it fits in a column of short questions."""

    head: list[Any]
    body: list[Any]
    narrow: bool

    @property
    def parts(self) -> list[Any]:
        return [*self.head, *self.body]


def _short_story(w: PageWriter, questions: Sequence[Question]) -> list[Any]:
    q = w.questionnaire
    story: list[Any] = [
        w.p(q.title(w.lang), w.title),
        w.p(f"{w.msg('pdf_short_intro')} {w.msg('pdf_short_ids')}", w.small),
        w.p(w.msg("pdf_short_more"), w.small),
        HRFlowable(
            width="100%", thickness=1.0, color=colors.HexColor(INK), spaceBefore=2, spaceAfter=4
        ),
    ]
    numbers = {question.id: number for number, question in enumerate(questions, 1)}
    count = _column_count(w)
    narrow = _column_width(w.width, count)
    blocks = [_block(w, numbers[q.id], q, numbers, narrow) for q in questions]
    return story + _lay_out(w, blocks, count, w.page_height() - _height(story, w.width))


GAP = 12.0  # between columns


def _column_count(w: PageWriter) -> int:
    """Three columns for the short questions where each still holds about 18 characters'
    width of print per line, else two, else one."""
    return next((n for n in (3, 2) if _column_width(w.width, n) >= w.size.body * 18), 1)


def _column_width(width: float, count: int) -> float:
    return (width - GAP * (count - 1)) / count


def _lay_out(w: PageWriter, blocks: list[Block], count: int, first_room: float) -> list[Any]:
    """Blocks in order; each run of narrow ones in columns of about the same height.

    Columns never go on over a page: a run that starts the page's questions may fill the
    `first_room` left under the page's title; a later one, which may start anywhere on a
    page, at most half a page. Taller, its questions stand one under the other instead."""
    out: list[Any] = []
    run: list[Block] = []
    for block in [*blocks, Block([], [], narrow=False)]:
        if block.narrow:
            run.append(block)
            continue
        columns = _in_columns([b.parts for b in run], min(count, len(run)), w.width)
        fits = isinstance(columns[0], Columns) if columns else False
        room = first_room if not out else w.page_height() / 2
        if fits and columns[0].wrap(w.width, 10_000)[1] <= room:
            out += columns
        else:
            out += [part for b in run for part in _flowing(w, b)]
        run = []
        out += _flowing(w, block)
    return out


def _flowing(w: PageWriter, block: Block) -> list[Any]:
    """A question that may go on over a page, but never ends one alone: a new page starts
    unless its line fits with the start of its answer (the first rows of a list or box)."""
    if not block.body:
        return []
    first = block.body[0]
    _, height = first.wrap(w.width, 10_000)
    if isinstance(first, TickList):
        height = sum(first.rows[:2])
    elif isinstance(first, Table) and len(first._rowHeights) > 2:
        height = sum(first._rowHeights[:2])
    return [CondPageBreak(_height(block.head, w.width) + height), *block.parts]


def _in_columns(groups: list[list[Any]], count: int, total: float) -> list[Any]:
    """Groups of flowables, in order, in `count` columns `total` wide altogether, as even in
    height as the order allows."""
    if count < 2:
        return [KeepTogether(group) for group in groups]
    width = _column_width(total, count)
    heights = [_height(group, width) for group in groups]
    best: tuple[float, tuple[int, ...]] | None = None
    for cuts in itertools.combinations(range(1, len(groups)), count - 1):
        bounds = (0, *cuts, len(groups))
        tallest = max(sum(heights[a:b]) for a, b in itertools.pairwise(bounds))
        if best is None or tallest < best[0]:
            best = (tallest, bounds)
    assert best is not None
    columns = [
        [part for group in groups[a:b] for part in group] for a, b in itertools.pairwise(best[1])
    ]
    return [Columns(columns, width, GAP)]


def _warning_box(
    w: PageWriter, title: Any, groups: list[list[Any]], border: str, background: str
) -> Any:
    """A coloured box: the title, then the groups of signs and their advice, in two columns
    when that is shorter; in one, a group per row, so a long box may go on over a page."""
    inner = w.width - w.size.body * 1.4
    flat = [part for group in groups for part in group]
    rows: list[list[Any]] = [[title]] + [[group] for group in groups]
    # Two columns never go on over a page: in large print, where a box may be as long as a
    # page, only a box whose columns take at most half a page has them; a longer one keeps
    # one column, a group to a row, so it can go on over the page (the title again on top).
    if len(groups) > 1 and _column_width(inner, 2) >= w.size.body * 18:
        two = _in_columns(groups, 2, inner)
        height = two[0].wrap(inner, 10_000)[1]
        if height < _height(flat, inner) and (not w.large or height <= w.page_height() / 2):
            rows = [[title], [two]]
    table = Table(rows, colWidths=[w.width], repeatRows=1)  # the title goes on over a page
    pad = w.size.body * 0.7
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor(border)),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(background)),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.25),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.25),
                ("TOPPADDING", (0, 0), (-1, 0), pad * 0.6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.7),
            ]
        )
    )
    return table


def _height(parts: list[Any], width: float) -> float:
    """How tall flowables stand one under the other at this width."""
    return float(sum(p.wrap(width, 10_000)[1] + p.getSpaceAfter() for p in parts))


def _block(
    w: PageWriter, number: int, question: Question, numbers: dict[str, int], narrow_width: float
) -> Block:
    """A question as flowables; `narrow_width` is the width of a column of short questions."""
    ids = w.questionnaire.rules.report
    head = _question_line(w, number, question, numbers)
    end = w.space(0.35 if w.large else 0.6)
    if ids.body_map is not None and question.id == ids.body_map.locations:
        return Block(head, [*_body_map(w, question, narrow_width), end], narrow=True)
    if ids.treatments == question.id and _repeated(w, question):
        head = _question_line(w, number, question, numbers, _exclusive(w, question))
        return Block(head, [*_relief_grid(w, question), end], narrow=False)
    if question.kind.coded:
        source = choice_source(w.questionnaire, question)
        if any(choice.flag for choice in source.choices):
            head = _question_line(w, number, question, numbers, _exclusive(w, source))
            return Block(head, [*_flagged(w, source), end], narrow=False)
        choices = [c for c in source.choices if not (question.choices_from and c.exclusive)]
        narrow = len(choices) <= 6
        columns = _columns(w, choices, narrow_width if narrow else w.width)
        return Block(head, [_ticks(w, choices, columns), end], narrow)
    if question.kind.number and question.min is not None and question.max is not None:
        if question.max - question.min <= 10:
            anchors = {value: text(w.lang) for value, text in question.anchors}
            scale = scale_boxes(w, question.min, question.max, anchors, narrow_width)
            return Block(head, [scale, end], narrow=True)
        line = f"________ <font color='{MUTED}'>({question.min}\u2013{question.max})</font>"
        return Block(head, [w.markup(line), end], narrow=True)
    lines = 2 if question.multiline else 1
    rules = write_on_lines(lines, w.size.body * 2.1, w.width)
    return Block(head, [rules, end], narrow=False)


def _question_line(
    w: PageWriter,
    number: int,
    question: Question,
    numbers: dict[str, int],
    beside: Sequence[Choice] = (),
) -> list[Any]:
    """The question's number, words and id; `beside` are choices ticked on the same line,
    at its right ("None of these")."""
    out: list[Any] = []
    condition = condition_words(w, question.shown_when, numbers)
    if condition:
        out.append(w.markup(f"<font color='{MUTED}'>{w.esc(condition)}</font>", w.small))
    text = f"<b>{number}. {w.esc(question.text(w.lang))}</b>"
    line = w.markup(_with_id(w, text, question.id, escaped=True))
    if beside:
        ticks = _ticks(w, beside, len(beside))
        right = sum(_label_width(w, c) + _box(w) * 3 for c in beside)
        line = Table([[line, ticks]], colWidths=[w.width - right, right])
        line.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
    return [*out, line, w.space(0.25)]


def _exclusive(w: PageWriter, question: Question) -> list[Choice]:
    """The choices that stand alone and carry no flag ("None of these")."""
    return [c for c in question.choices if c.exclusive and not c.flag]


def _label_width(w: PageWriter, choice: Choice) -> float:
    """How wide a choice's words and id are on one line."""
    words = stringWidth(choice.short_label(w.lang), w.fonts.regular, w.size.body)
    return float(words + stringWidth(choice.id, w.fonts.regular, ID_SIZE))


def _with_id(w: PageWriter, text: str, item_id: str, *, escaped: bool = False) -> str:
    """Text followed by an id in small grey type (the id is always the folder's own)."""
    shown = text if escaped else w.esc(text)
    return f"{shown} <font size='{ID_SIZE}' color='{MUTED}'>{w.esc(item_id)}</font>"


def _box(w: PageWriter) -> float:
    """The size of a tick box."""
    return max(BOX, w.size.body * 0.95)


def _ticks(w: PageWriter, choices: Sequence[Choice], columns: int) -> Any:
    labels = [_with_id(w, c.short_label(w.lang), c.id) for c in choices]
    return TickList(w, labels, columns, box=_box(w), spacing=0.2 if w.large else 0.3)


def _columns(w: PageWriter, choices: Sequence[Choice], width: float) -> int:
    """As many columns (up to 3) as the longest label and its id allow."""
    widest = max(
        (
            stringWidth(c.short_label(w.lang), w.fonts.regular, w.size.body)
            + stringWidth(c.id, w.fonts.regular, ID_SIZE)
            for c in choices
        ),
        default=0,
    )
    room = widest + _box(w) * 2.5
    for columns in (3, 2):
        if room * columns <= width:
            return columns
    return 1


def _body_map(w: PageWriter, question: Question, width: float) -> list[Any]:
    """An outline to shade, and the ids of the areas for whoever types the answers in."""
    # In large print the outline stays about as tall as on the compact page: it is for
    # shading, and taller it would take the room of a question.
    height = OUTLINE_LARGE if w.large else w.size.body * 11
    outline = body_diagram(w, [], None, None, height=height, max_width=width, legend=False)
    ids = ", ".join(c.id for c in question.choices)
    shade = w.p(w.msg("pdf_short_shade"), w.small)
    small_ids = ParagraphStyle("ids", parent=w.small, fontSize=ID_SIZE, leading=ID_SIZE * 1.3)
    listed = w.markup(f"<font color='{MUTED}'>{w.esc(ids)}</font>", small_ids)
    if w.large:  # the words beside the outline, not above and under it
        beside = outline.wrap(width, height)[0] + 2 * outline.overhang + SideBySide.gap
        return [SideBySide([outline], [shade, listed], beside)]
    return [shade, outline, listed]


def _repeated(w: PageWriter, question: Question) -> list[Question]:
    """The questions repeated for each choice of `question` (the relief of each treatment)."""
    return [
        q
        for q in w.questionnaire.questions
        if (source := report.repeat_source(q)) is not None and source[0] == question.id
    ]


def _relief_grid(w: PageWriter, question: Question) -> list[Any]:
    """A row per choice with a box per level to tick how much it helped (a tick in a row
    says it was tried), two choices a row where the width allows; the question's exclusive
    choice ("I have not tried any") is ticked beside the question."""
    repeated = {source[1]: q for q in _repeated(w, question) if (source := report.repeat_source(q))}
    levels = next(iter(repeated.values())).choices
    level_width = max(_box(w) * 2.2, *(_widest(w, c) for c in levels))
    halves = 2 if (w.width - GAP) / 2 - level_width * len(levels) >= w.size.body * 14 else 1
    first = (w.width - GAP * (halves - 1)) / halves - level_width * len(levels)
    level_heads = [
        w.markup(
            f"<para alignment='center'>{w.esc(c.short_label(w.lang))}<br/>"
            f"<font size='{ID_SIZE}' color='{MUTED}'>{w.esc(c.id)}</font></para>",
            w.small,
        )
        for c in levels
    ]
    cells = [
        [w.markup(_with_id(w, c.short_label(w.lang), c.id))] + [tick_box(_box(w)) for _ in levels]
        for c in question.choices
        if c.id in repeated
    ]
    notes = _relief_notes(w, question, repeated)
    per_half = -(-len(cells) // halves)
    header: list[Any] = []
    again: list[Any] = []  # the header on the next page: the level names alone
    rows: list[list[Any]] = [[] for _ in range(per_half)]
    for half in range(halves):
        gap = [""] if half else []
        header += [*gap, notes[half] if halves > 1 else notes, *level_heads]
        again += [*gap, "", *level_heads]
        for index in range(per_half):
            taken = half * per_half + index
            row = cells[taken] if taken < len(cells) else [""] * (len(levels) + 1)
            rows[index] += gap + row
    widths = [first] + [level_width] * len(levels)
    columns = widths + ([GAP, *widths] if halves > 1 else [])
    return [ReliefGrid((header, again), rows, columns, _grid_style(len(widths), halves))]


class ReliefGrid(Table):  # type: ignore[misc]
    """The relief grid; over a page it goes on under the level names alone (what to tick,
    and how to type it back, is said once)."""

    def __init__(
        self,
        headers: tuple[list[Any], list[Any]],
        rows: list[list[Any]],
        widths: list[float],
        style: TableStyle,
    ) -> None:
        super().__init__([headers[0], *rows], colWidths=widths, repeatRows=1)
        self.setStyle(style)
        self.headers, self.body, self.widths, self.grid_style = headers, rows, widths, style

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        self.wrap(avail_width, avail_height)
        used, fit = self._rowHeights[0], 0
        for height in self._rowHeights[1:]:
            if used + height > avail_height:
                break
            used, fit = used + height, fit + 1
        if fit == 0 or fit == len(self.body):
            return []
        again = (self.headers[1], self.headers[1])
        return [
            ReliefGrid(self.headers, self.body[:fit], self.widths, self.grid_style),
            ReliefGrid(again, self.body[fit:], self.widths, self.grid_style),
        ]


def _relief_notes(w: PageWriter, question: Question, repeated: dict[str, Question]) -> list[Any]:
    """What to tick, and how a row's tick is typed back: the row's choice in the question,
    the column in the row's own repeated question ("treatments_tried: [surgery]" and
    "relief_surgery: little"), as two lines of an answers file."""
    first_id, first_question = next(iter(repeated.items()))
    last_level = first_question.choices[-1].id
    example = (
        f"{w.esc(question.id)}: [{w.esc(first_id)}]<br/>"
        f"{w.esc(first_question.id)}: {w.esc(last_level)}"
    )
    return [
        w.p(w.msg("pdf_short_tick_row"), w.small),
        w.markup(f"<font size='{ID_SIZE}' color='{MUTED}'>{example}</font>", w.small),
    ]


def _grid_style(columns: int, halves: int) -> TableStyle:
    """The relief grid's rules and shading, drawn under each half."""
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(PANEL)]),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for half in range(halves):
        left = half * (columns + 1)
        style += [
            ("LINEBELOW", (left, 0), (left + columns - 1, -1), 0.4, colors.HexColor(RULE)),
            ("LINEBELOW", (left, 0), (left + columns - 1, 0), 0.8, colors.HexColor(INK)),
        ]
    if halves > 1:  # the gap between the halves is not shaded
        style.append(("BACKGROUND", (columns, 1), (columns, -1), colors.white))
    return TableStyle(style)


def _widest(w: PageWriter, choice: Choice) -> float:
    """The width a column needs for the longest word of a choice's label, and its id."""
    words = [
        stringWidth(word, w.fonts.regular, w.size.small)
        for word in choice.short_label(w.lang).split()
    ]
    return float(max(*words, stringWidth(choice.id, w.fonts.regular, ID_SIZE)) + 8)


def _flagged(w: PageWriter, question: Question) -> list[Any]:
    """The warning signs in a box per flag: each sign to tick with what to do under it
    (signs with the same advice share one line), then the choices with no flag."""
    out: list[Any] = []
    for flag in dict.fromkeys(c.flag for c in question.choices if c.flag):
        style = w.questionnaire.rules.flags.get(flag)
        if style is None:
            continue
        mark = FLAG_MARKS.get(flag, "!")
        title = w.markup(f"<b>{w.esc(mark)} {w.esc(style.title(w.lang))}</b>")
        groups = [
            [_ticks(w, choices, 1), w.markup(f"<b>→ {w.esc(advice)}</b>", w.bullet)]
            for advice, choices in advice_groups(w, question, flag).items()
        ]
        if not groups:
            signs = [c for c in question.choices if c.flag == flag]
            groups = [[_ticks(w, signs, 1), w.p(style.message(w.lang))]]
        colours = (URGENT, URGENT_BG) if flag == "urgent" else (PROMPT, PROMPT_BG)
        out += [_warning_box(w, title, groups, *colours), w.space(0.3)]
    plain = [c for c in question.choices if not c.flag and not c.exclusive]
    if plain:
        out.append(_ticks(w, plain, 1))
    return out
