"""The terminal summary: Rich renderables built from an assessment. Nothing is printed here."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from paincheck.evaluation import (
    Assessment,
    CriterionResult,
    WarningLine,
    caveat_texts,
    reason,
    warning_lines,
)
from paincheck.formats.report import (
    doctor_questions,
    level_rows,
    missing_texts,
    precaution_texts,
    score_notes,
)
from paincheck.output.terminal import Fitted, stacked_rows
from paincheck.questionnaire.view import View
from paincheck.text.display import plain, printable

STATUS_STYLES = {"met": "green", "partly": "yellow", "not_met": "red", "unknown": "blue"}
OVERALL_STYLES = {
    "urgent": "bold red",
    "does_not_match": "red",
    "incomplete": "blue",
    "partly_matches": "yellow",
    "matches": "green",
}


def status_label(status: str, view: View, *, symbol: bool = True) -> str:
    """A status as symbol and word, e.g. "✔ Met": meaning never rests on colour alone
    (`symbol=False`: the word alone, for a screen reader)."""
    style = view.questionnaire.rules.statuses.get(status)
    if style is None:
        return status
    if not symbol:
        return view.text(style.word)
    mark = style.symbol if view.unicode else style.ascii
    return f"{mark} {view.text(style.word)}"


def bullet(unicode: bool = True) -> str:
    """The list marker: a bullet, or a hyphen where the terminal cannot show one."""
    return "•" if unicode else "-"


def listing(items: list[tuple[str, RenderableType]]) -> Table:
    """Marked items, indented, whose wrapped lines stay under their own text."""
    grid = Table.grid(padding=(0, 1), pad_edge=False)
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for marker, item in items:
        grid.add_row(f"  {marker}", item)
    return grid


def bullets(texts: list[str], unicode: bool) -> Table:
    """A bulleted list of texts."""
    return listing([(bullet(unicode), plain(t)) for t in texts])


def warning_panels(
    assessment: Assessment,
    view: View,
    *,
    combined: bool = False,
    pinned: bool = False,
) -> list[RenderableType]:
    """The warning-sign boxes (none if no sign was chosen): a box per flag with chosen signs,
    urgent ("Get medical care now") first, each with its title, its message, and every chosen
    sign with its own advice line under it.

    With `combined`, one box: the urgent signs, then the others under their `also_title`
    ("Also call your doctor soon"), as the interview's panel shows them together. `pinned`:
    the urgent title is already on screen above (a pinned heading): its box goes without."""
    questionnaire = assessment.questionnaire
    lines = warning_lines(assessment, view)
    boxes: list[tuple[str, list[RenderableType]]] = []
    for flag, style in questionnaire.rules.flags.items():
        chosen = [line for line in lines if line.flag == flag]
        if not chosen:
            continue
        items = _warning_items(chosen, view.unicode)
        if combined and boxes:
            also = style.also_title or style.title
            boxes[0][1].extend([Text(""), plain(view.text(also), style="bold"), items])
            continue
        boxes.append((flag, [plain(view.text(style.message)), items]))
    panels: list[RenderableType] = []
    for flag, parts in boxes:
        urgent = flag == "urgent"
        marker = "!!" if urgent else "!"
        title = view.text(questionnaire.rules.flags[flag].title)
        shown = None if urgent and pinned else plain(f"{marker} {title} {marker}", style="bold")
        panels.append(
            Panel(
                Group(*parts),
                title=shown,
                border_style="bold red" if urgent else "yellow",
                box=box.HEAVY if urgent else box.ROUNDED,
            )
        )
    return panels


def _warning_items(chosen: list[WarningLine], unicode: bool) -> Table:
    """Each chosen sign, with its advice line under it in bold."""
    items: list[tuple[str, RenderableType]] = []
    for line in chosen:
        item = plain(line.label)
        if line.advice:
            arrow = "→ " if unicode else "-> "
            item.append(printable("\n" + arrow + line.advice), style="bold")
        items.append((bullet(unicode), item))
    return listing(items)


def warning_section(
    assessment: Assessment,
    view: View,
    *,
    pinned: bool = False,
) -> list[RenderableType]:
    """The "Warning signs" heading and its boxes, urgent first (nothing if no sign);
    `pinned`: the urgent heading is pinned above, said once there (`warning_panels`)."""
    panels = warning_panels(assessment, view, pinned=pinned)
    if not panels:
        return []
    if pinned and assessment.urgent:
        return panels
    heading = view.msg("warning_signs_heading")
    return [plain(heading, style="bold"), *panels]


def overall_texts(assessment: Assessment, view: View) -> list[str]:
    """The overall verdict's message, then the caveats that apply, each one sentence."""
    rule = assessment.overall_rule
    texts = [view.text(rule.text)] if rule is not None and rule.text is not None else []
    return texts + caveat_texts(assessment, view)


def render_summary(
    assessment: Assessment,
    view: View,
    *,
    lines_only: bool = False,
) -> RenderableType:
    """The whole summary, urgent warning signs first and the disclaimer last. `lines_only`
    (`run --plain`: screen readers, simple terminals): plain lines, no box, table or symbol;
    each criterion as its name and status, then its reason and source."""
    questionnaire = assessment.questionnaire
    view = view.showing(unicode=view.unicode and not lines_only)
    parts: list[RenderableType] = [plain(view.msg("summary_title"), style="bold underline")]
    if assessment.date is not None:
        parts.append(plain(answered_on_line(assessment, view)))
    if lines_only:  # (each part of the plain lines starts with its own empty line)
        parts.extend(_warning_lines(assessment, view))
    else:
        parts.append(Text(""))
        parts.extend(warning_section(assessment, view))
    if assessment.status == "in_progress":
        parts.append(plain(view.msg("in_progress_note"), style="italic"))
    overall = overall_texts(assessment, view)
    if overall:
        panel = Panel(
            plain("\n\n".join(overall)),
            title=plain(view.msg("overall_heading")),
            border_style=OVERALL_STYLES.get(assessment.overall, "none"),
        )
        parts.extend(_opened([panel]) if lines_only else [panel])
    # A checklist without criteria or scores (another questions folder) shows no empty table.
    for block in ("criteria", "approved_use"):
        if getattr(assessment, block):
            table = _criteria_lines if lines_only else _criteria_table
            parts.append(table(assessment, block, view))
    if assessment.scores:
        scores = _score_lines if lines_only else _scores_table
        parts.append(scores(assessment, view))
        parts.extend(plain(note) for note in score_notes(assessment, view))
    parts.extend(_symptom_note(assessment, view))
    parts.extend(_precautions(assessment, view))
    parts.extend(_levels(assessment, view))
    parts.extend(_missing(assessment, view))
    parts.extend(_doctor_questions(assessment, view))
    parts.append(plain(view.msg("questions_shown", count=len(assessment.shown)), style="dim"))
    if questionnaire.rules.disclaimer is not None:
        panel = Panel(
            plain(view.text(questionnaire.rules.disclaimer)),
            title=plain(view.msg("disclaimer_heading")),
            border_style="dim",
        )
        parts.extend(_opened([panel]) if lines_only else [panel])
    return Group(*parts)


def _warning_lines(assessment: Assessment, view: View) -> list[RenderableType]:
    """The warning signs as the interview's plain panel says them ("WARNING: Get medical
    care now.", its message, each sign and its advice), without a box."""
    from paincheck.formats.warning_signs import warning_panel_lines

    lines = warning_panel_lines(assessment, view.showing(unicode=False))
    if not lines:
        return []
    return [
        Text(""),
        *(plain(text, style="bold" if kind == "banner" else "") for kind, text in lines),
    ]


def _opened(panels: list[RenderableType]) -> list[RenderableType]:
    """Panels as plain lines: the title, then what the box held."""
    lines: list[RenderableType] = []
    for panel in panels:
        if isinstance(panel, Panel):
            title = panel.title if isinstance(panel.title, Text) else Text(str(panel.title or ""))
            lines += [Text(""), title.copy().append(":") if title else title, panel.renderable]
        else:
            lines.append(panel)
    return lines


def _criteria_lines(assessment: Assessment, block: str, view: View) -> Group:
    """The criteria, or the approved-use items, as lines: "name: status.", then the reason
    and the source, indented."""
    results, title = _block(assessment, block)
    lines: list[RenderableType] = [Text(""), plain(view.msg(title) + ":", style="bold")]
    for result in results:
        status = status_label(result.status, view, symbol=False)
        lines.append(plain(f"{view.text(result.criterion.label)}: {status}.", style="bold"))
        why = f"{reason(assessment, result, view)}\n{view.msg('source')}: "
        lines.append(
            Padding(plain(why + view.text(result.criterion.source)), (0, 0, 0, 2), expand=False)
        )
    return Group(*lines)


def _block(assessment: Assessment, block: str) -> tuple[tuple[CriterionResult, ...], str]:
    if block == "criteria":
        return assessment.criteria, "criteria_heading"
    return assessment.approved_use, "approved_use_heading"


def _score_lines(assessment: Assessment, view: View) -> Group:
    """The scores as lines: "name: value. meaning"."""
    lines: list[RenderableType] = [Text(""), plain(view.msg("scores_heading") + ":", style="bold")]
    for result in assessment.scores:
        if result.value is None:
            value, meaning = "-", view.msg("score_missing")
        else:
            value = str(result.value)
            meaning = view.text(result.band.meaning) if result.band else ""
            meaning = f"! {meaning}" if result.flagged else meaning
        lines.append(plain(f"{view.text(result.score.label)}: {value}. {meaning}".rstrip()))
    return Group(*lines)


def answered_on_line(assessment: Assessment, view: View) -> str:
    """The day the answers were given, and today's when the summary is made on another day."""
    from datetime import date

    today = date.today().isoformat()
    if assessment.date == today:
        return view.msg("summary_answered_on", date=assessment.date)
    return view.msg("summary_answered_on_made", date=assessment.date, today=today)


def _criteria_table(assessment: Assessment, block: str, view: View) -> RenderableType:
    """The criteria, or the approved-use items: a row each with status, reason and source."""
    results, title = _block(assessment, block)
    first = "criteria_col_criterion" if block == "criteria" else "approved_use_col"
    table = Table(
        title=plain(view.msg(title)),
        box=box.SIMPLE_HEAVY,
        show_lines=True,
        expand=True,
        title_justify="left",
        title_style="bold",
    )
    table.add_column(plain(view.msg(first)), ratio=3)
    # Wraps: a status of several words ("◐ Coincide en parte") is never cut short.
    table.add_column(plain(view.msg("criteria_col_status")), ratio=2)
    table.add_column(plain(view.msg("criteria_col_reason")), ratio=6)
    rows: list[list[Text]] = []
    for result in results:
        why = plain(reason(assessment, result, view))
        why.append(
            printable(f"\n{view.msg('source')}: {view.text(result.criterion.source)}"), style="dim"
        )
        rows.append(
            [
                plain(view.text(result.criterion.label), style="bold"),
                plain(
                    status_label(result.status, view),
                    style=STATUS_STYLES.get(result.status, ""),
                ),
                why,
            ]
        )
        table.add_row(*rows[-1])
    return Fitted(table, rows, stacked_rows(table, rows))


def _scores_table(assessment: Assessment, view: View) -> RenderableType:
    table = Table(
        title=plain(view.msg("scores_heading")),
        box=box.SIMPLE,
        expand=True,
        title_justify="left",
        title_style="bold",
    )
    table.add_column(plain(view.msg("scores_col_score")), ratio=4)
    table.add_column(plain(view.msg("scores_col_value")), justify="right", ratio=1, no_wrap=True)
    table.add_column(plain(view.msg("scores_col_meaning")), ratio=6)
    rows: list[list[Text]] = []
    for result in assessment.scores:
        if result.value is None:
            value, meaning = "-", plain(view.msg("score_missing"), style="dim")
        else:
            value = str(result.value)
            meaning = plain(view.text(result.band.meaning) if result.band else "")
            if result.flagged:
                meaning = Text("! ", style="bold yellow") + meaning
        rows.append([plain(view.text(result.score.label)), Text(value), meaning])
        table.add_row(*rows[-1])
    return Fitted(table, rows, stacked_rows(table, rows, joined=True))


def _section(title: str, body: RenderableType) -> list[RenderableType]:
    return [Text(""), plain(title, style="bold"), body]


def _symptom_note(assessment: Assessment, view: View) -> list[RenderableType]:
    pattern = assessment.questionnaire.rules.symptom_pattern
    if pattern is None:
        return []
    question = assessment.questionnaire.question(pattern.question)
    body: RenderableType
    if question not in assessment.shown:
        body = plain(view.msg("crps_not_shown"), style="dim")
    elif assessment.symptom_pattern is None:
        body = plain(view.msg("crps_not_answered"), style="dim")
    elif not assessment.symptom_categories:
        body = plain(view.msg("crps_none"))
    else:
        note = pattern.pattern_note if assessment.symptom_pattern else pattern.no_pattern_note
        labels = dict(pattern.categories)
        body = Group(
            plain(view.text(note).replace("{count}", str(len(assessment.symptom_categories)))),
            bullets([view.text(labels[c]) for c in assessment.symptom_categories], view.unicode),
            plain(f"{view.msg('source')}: {view.text(pattern.source)}", style="dim"),
        )
    return _section(view.msg("crps_heading"), body)


def _precautions(assessment: Assessment, view: View) -> list[RenderableType]:
    if not assessment.questionnaire.rules.precautions:
        return []
    texts = precaution_texts(assessment, view)
    body = (
        bullets(texts, view.unicode) if texts else plain(view.msg("precautions_none"), style="dim")
    )
    return _section(view.msg("precautions_heading"), body)


def _levels(assessment: Assessment, view: View) -> list[RenderableType]:
    rules = assessment.questionnaire.rules
    if rules.levels_question is None:
        return []
    rows = level_rows(assessment, view)
    if not rows:
        return _section(view.msg("levels_heading"), plain(view.msg("levels_none"), style="dim"))
    items: list[tuple[str, RenderableType]] = []
    for row in rows:
        item = plain(f"{row.area}: {row.levels}")
        item.append(printable(f"\n{row.source}"), style="dim")
        items.append((bullet(view.unicode), item))
    body = Group(plain(view.text(rules.levels_note) if rules.levels_note else ""), listing(items))
    return _section(view.msg("levels_heading"), body)


def _missing(assessment: Assessment, view: View) -> list[RenderableType]:
    if not assessment.missing:
        return []
    texts = [
        f"{text} ({question_id})"
        for text, question_id in zip(
            missing_texts(assessment, view), assessment.missing, strict=True
        )
    ]
    body = Group(plain(view.msg("missing_intro")), bullets(texts, view.unicode))
    return _section(view.msg("missing_heading"), body)


def doctor_question_texts(assessment: Assessment, view: View) -> list[str]:
    """The questions to ask the doctor: the standard ones that apply, then the patient's own."""
    return [question.text for question in doctor_questions(assessment, view)]


def _doctor_questions(assessment: Assessment, view: View) -> list[RenderableType]:
    texts = doctor_question_texts(assessment, view)
    if not texts:
        return []
    body = listing([(f"{n}.", plain(t)) for n, t in enumerate(texts, 1)])
    return _section(view.msg("doctor_heading"), body)
