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
from paincheck.questionnaire import Questionnaire
from paincheck.text.display import plain, printable
from paincheck.text.language import DEFAULT_LANGUAGE

STATUS_STYLES = {"met": "green", "partly": "yellow", "not_met": "red", "unknown": "blue"}
OVERALL_STYLES = {
    "urgent": "bold red",
    "does_not_match": "red",
    "incomplete": "blue",
    "partly_matches": "yellow",
    "matches": "green",
}


def status_label(
    questionnaire: Questionnaire,
    status: str,
    lang: str,
    *,
    unicode: bool = True,
    symbol: bool = True,
) -> str:
    """A status as symbol and word, e.g. "✔ Met": meaning never rests on colour alone
    (`symbol=False`: the word alone, for a screen reader)."""
    style = questionnaire.rules.statuses.get(status)
    if style is None:
        return status
    if not symbol:
        return style.word(lang)
    mark = style.symbol if unicode else style.ascii
    return f"{mark} {style.word(lang)}"


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
    lang: str = DEFAULT_LANGUAGE,
    *,
    unicode: bool = True,
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
    lines = warning_lines(assessment, lang)
    boxes: list[tuple[str, list[RenderableType]]] = []
    for flag, style in questionnaire.rules.flags.items():
        chosen = [line for line in lines if line.flag == flag]
        if not chosen:
            continue
        items = _warning_items(chosen, unicode)
        if combined and boxes:
            also = style.also_title or style.title
            boxes[0][1].extend([Text(""), plain(also(lang), style="bold"), items])
            continue
        boxes.append((flag, [plain(style.message(lang)), items]))
    panels: list[RenderableType] = []
    for flag, parts in boxes:
        urgent = flag == "urgent"
        marker = "!!" if urgent else "!"
        title = questionnaire.rules.flags[flag].title(lang)
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
    lang: str = DEFAULT_LANGUAGE,
    *,
    unicode: bool = True,
    pinned: bool = False,
) -> list[RenderableType]:
    """The "Warning signs" heading and its boxes, urgent first (nothing if no sign);
    `pinned`: the urgent heading is pinned above, said once there (`warning_panels`)."""
    panels = warning_panels(assessment, lang, unicode=unicode, pinned=pinned)
    if not panels:
        return []
    if pinned and assessment.urgent:
        return panels
    heading = assessment.questionnaire.message("warning_signs_heading", lang)
    return [plain(heading, style="bold"), *panels]


def overall_texts(assessment: Assessment, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The overall verdict's message, then the caveats that apply, each one sentence."""
    rule = assessment.overall_rule
    texts = [rule.text(lang)] if rule is not None and rule.text is not None else []
    return texts + caveat_texts(assessment, lang)


def render_summary(
    assessment: Assessment,
    lang: str = DEFAULT_LANGUAGE,
    *,
    unicode: bool = True,
    lines_only: bool = False,
) -> RenderableType:
    """The whole summary, urgent warning signs first and the disclaimer last. `lines_only`
    (`run --plain`: screen readers, simple terminals): plain lines, no box, table or symbol;
    each criterion as its name and status, then its reason and source."""
    questionnaire = assessment.questionnaire
    msg = questionnaire.message
    unicode = unicode and not lines_only
    parts: list[RenderableType] = [plain(msg("summary_title", lang), style="bold underline")]
    if assessment.date is not None:
        parts.append(plain(answered_on_line(assessment, lang)))
    if lines_only:  # (each part of the plain lines starts with its own empty line)
        parts.extend(_warning_lines(assessment, lang))
    else:
        parts.append(Text(""))
        parts.extend(warning_section(assessment, lang, unicode=unicode))
    if assessment.status == "in_progress":
        parts.append(plain(msg("in_progress_note", lang), style="italic"))
    overall = overall_texts(assessment, lang)
    if overall:
        panel = Panel(
            plain("\n\n".join(overall)),
            title=plain(msg("overall_heading", lang)),
            border_style=OVERALL_STYLES.get(assessment.overall, "none"),
        )
        parts.extend(_opened([panel]) if lines_only else [panel])
    # A checklist without criteria or scores (another questions folder) shows no empty table.
    for block in ("criteria", "approved_use"):
        if getattr(assessment, block):
            table = _criteria_lines if lines_only else _criteria_table
            parts.append(table(assessment, block, lang, unicode))
    if assessment.scores:
        scores = _score_lines if lines_only else _scores_table
        parts.append(scores(assessment, lang))
        parts.extend(plain(note) for note in score_notes(assessment, lang))
    parts.extend(_symptom_note(assessment, lang, unicode))
    parts.extend(_precautions(assessment, lang, unicode))
    parts.extend(_levels(assessment, lang, unicode))
    parts.extend(_missing(assessment, lang, unicode))
    parts.extend(_doctor_questions(assessment, lang))
    parts.append(plain(msg("questions_shown", lang, count=len(assessment.shown)), style="dim"))
    if questionnaire.rules.disclaimer is not None:
        panel = Panel(
            plain(questionnaire.rules.disclaimer(lang)),
            title=plain(msg("disclaimer_heading", lang)),
            border_style="dim",
        )
        parts.extend(_opened([panel]) if lines_only else [panel])
    return Group(*parts)


def _warning_lines(assessment: Assessment, lang: str) -> list[RenderableType]:
    """The warning signs as the interview's plain panel says them ("WARNING: Get medical
    care now.", its message, each sign and its advice), without a box."""
    from paincheck.formats.warning_signs import warning_panel_lines

    lines = warning_panel_lines(assessment, lang, unicode=False)
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


def _criteria_lines(assessment: Assessment, block: str, lang: str, unicode: bool) -> Group:
    """The criteria, or the approved-use items, as lines: "name: status.", then the reason
    and the source, indented."""
    questionnaire = assessment.questionnaire
    msg = questionnaire.message
    results, title = _block(assessment, block)
    lines: list[RenderableType] = [Text(""), plain(msg(title, lang) + ":", style="bold")]
    for result in results:
        status = status_label(questionnaire, result.status, lang, symbol=False)
        lines.append(plain(f"{result.criterion.label(lang)}: {status}.", style="bold"))
        why = f"{reason(assessment, result, lang)}\n{msg('source', lang)}: "
        lines.append(
            Padding(plain(why + result.criterion.source(lang)), (0, 0, 0, 2), expand=False)
        )
    return Group(*lines)


def _block(assessment: Assessment, block: str) -> tuple[tuple[CriterionResult, ...], str]:
    if block == "criteria":
        return assessment.criteria, "criteria_heading"
    return assessment.approved_use, "approved_use_heading"


def _score_lines(assessment: Assessment, lang: str) -> Group:
    """The scores as lines: "name: value. meaning"."""
    msg = assessment.questionnaire.message
    lines: list[RenderableType] = [Text(""), plain(msg("scores_heading", lang) + ":", style="bold")]
    for result in assessment.scores:
        if result.value is None:
            value, meaning = "-", msg("score_missing", lang)
        else:
            value = str(result.value)
            meaning = result.band.meaning(lang) if result.band else ""
            meaning = f"! {meaning}" if result.flagged else meaning
        lines.append(plain(f"{result.score.label(lang)}: {value}. {meaning}".rstrip()))
    return Group(*lines)


def answered_on_line(assessment: Assessment, lang: str = DEFAULT_LANGUAGE) -> str:
    """The day the answers were given, and today's when the summary is made on another day."""
    from datetime import date

    msg = assessment.questionnaire.message
    today = date.today().isoformat()
    if assessment.date == today:
        return msg("summary_answered_on", lang, date=assessment.date)
    return msg("summary_answered_on_made", lang, date=assessment.date, today=today)


def _criteria_table(assessment: Assessment, block: str, lang: str, unicode: bool) -> RenderableType:
    """The criteria, or the approved-use items: a row each with status, reason and source."""
    questionnaire = assessment.questionnaire
    msg = questionnaire.message
    results, title = _block(assessment, block)
    first = "criteria_col_criterion" if block == "criteria" else "approved_use_col"
    table = Table(
        title=plain(msg(title, lang)),
        box=box.SIMPLE_HEAVY,
        show_lines=True,
        expand=True,
        title_justify="left",
        title_style="bold",
    )
    table.add_column(plain(msg(first, lang)), ratio=3)
    # Wraps: a status of several words ("◐ Coincide en parte") is never cut short.
    table.add_column(plain(msg("criteria_col_status", lang)), ratio=2)
    table.add_column(plain(msg("criteria_col_reason", lang)), ratio=6)
    rows: list[list[Text]] = []
    for result in results:
        why = plain(reason(assessment, result, lang))
        why.append(
            printable(f"\n{msg('source', lang)}: {result.criterion.source(lang)}"), style="dim"
        )
        rows.append(
            [
                plain(result.criterion.label(lang), style="bold"),
                plain(
                    status_label(questionnaire, result.status, lang, unicode=unicode),
                    style=STATUS_STYLES.get(result.status, ""),
                ),
                why,
            ]
        )
        table.add_row(*rows[-1])
    return Fitted(table, rows, stacked_rows(table, rows))


def _scores_table(assessment: Assessment, lang: str) -> RenderableType:
    msg = assessment.questionnaire.message
    table = Table(
        title=plain(msg("scores_heading", lang)),
        box=box.SIMPLE,
        expand=True,
        title_justify="left",
        title_style="bold",
    )
    table.add_column(plain(msg("scores_col_score", lang)), ratio=4)
    table.add_column(plain(msg("scores_col_value", lang)), justify="right", ratio=1, no_wrap=True)
    table.add_column(plain(msg("scores_col_meaning", lang)), ratio=6)
    rows: list[list[Text]] = []
    for result in assessment.scores:
        if result.value is None:
            value, meaning = "-", plain(msg("score_missing", lang), style="dim")
        else:
            value = str(result.value)
            meaning = plain(result.band.meaning(lang) if result.band else "")
            if result.flagged:
                meaning = Text("! ", style="bold yellow") + meaning
        rows.append([plain(result.score.label(lang)), Text(value), meaning])
        table.add_row(*rows[-1])
    return Fitted(table, rows, stacked_rows(table, rows, joined=True))


def _section(title: str, body: RenderableType) -> list[RenderableType]:
    return [Text(""), plain(title, style="bold"), body]


def _symptom_note(assessment: Assessment, lang: str, unicode: bool) -> list[RenderableType]:
    pattern = assessment.questionnaire.rules.symptom_pattern
    if pattern is None:
        return []
    msg = assessment.questionnaire.message
    question = assessment.questionnaire.question(pattern.question)
    body: RenderableType
    if question not in assessment.shown:
        body = plain(msg("crps_not_shown", lang), style="dim")
    elif assessment.symptom_pattern is None:
        body = plain(msg("crps_not_answered", lang), style="dim")
    elif not assessment.symptom_categories:
        body = plain(msg("crps_none", lang))
    else:
        note = pattern.pattern_note if assessment.symptom_pattern else pattern.no_pattern_note
        labels = dict(pattern.categories)
        body = Group(
            plain(note(lang).replace("{count}", str(len(assessment.symptom_categories)))),
            bullets([labels[c](lang) for c in assessment.symptom_categories], unicode),
            plain(f"{msg('source', lang)}: {pattern.source(lang)}", style="dim"),
        )
    return _section(msg("crps_heading", lang), body)


def _precautions(assessment: Assessment, lang: str, unicode: bool) -> list[RenderableType]:
    if not assessment.questionnaire.rules.precautions:
        return []
    msg = assessment.questionnaire.message
    texts = precaution_texts(assessment, lang)
    body = bullets(texts, unicode) if texts else plain(msg("precautions_none", lang), style="dim")
    return _section(msg("precautions_heading", lang), body)


def _levels(assessment: Assessment, lang: str, unicode: bool) -> list[RenderableType]:
    rules = assessment.questionnaire.rules
    if rules.levels_question is None:
        return []
    msg = assessment.questionnaire.message
    rows = level_rows(assessment, lang)
    if not rows:
        return _section(msg("levels_heading", lang), plain(msg("levels_none", lang), style="dim"))
    items: list[tuple[str, RenderableType]] = []
    for row in rows:
        item = plain(f"{row.area}: {row.levels}")
        item.append(printable(f"\n{row.source}"), style="dim")
        items.append((bullet(unicode), item))
    body = Group(plain(rules.levels_note(lang) if rules.levels_note else ""), listing(items))
    return _section(msg("levels_heading", lang), body)


def _missing(assessment: Assessment, lang: str, unicode: bool) -> list[RenderableType]:
    if not assessment.missing:
        return []
    msg = assessment.questionnaire.message
    texts = [
        f"{text} ({question_id})"
        for text, question_id in zip(
            missing_texts(assessment, lang), assessment.missing, strict=True
        )
    ]
    body = Group(plain(msg("missing_intro", lang)), bullets(texts, unicode))
    return _section(msg("missing_heading", lang), body)


def doctor_question_texts(assessment: Assessment, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The questions to ask the doctor: the standard ones that apply, then the patient's own."""
    return [question.text for question in doctor_questions(assessment, lang)]


def _doctor_questions(assessment: Assessment, lang: str) -> list[RenderableType]:
    texts = doctor_question_texts(assessment, lang)
    if not texts:
        return []
    msg = assessment.questionnaire.message
    body = listing([(f"{n}.", plain(t)) for n, t in enumerate(texts, 1)])
    return _section(msg("doctor_heading", lang), body)
