"""After the interview: a closing screen that fits the terminal, the whole summary in a
pager, and the PDF report on request."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from paincheck.files.names import free_path
from paincheck.interview.asking import Asker
from paincheck.interview.prompts import Option, Prompt, Step, menu, option
from paincheck.interview.saving import saved_message
from paincheck.output import out
from paincheck.questionnaire.view import View
from paincheck.text.display import printable

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from rich.console import RenderableType
    from rich.text import Text

    from paincheck.answers.checking import Answers
    from paincheck.evaluation import Assessment, CriterionResult
    from paincheck.interview.saving import StoppedForCare

SUMMARY = Step("summary")


def closing(
    assessment: Assessment,
    path: Path,
    view: View,
    *,
    plain: bool = False,
    pinned: bool = False,
) -> list[RenderableType]:
    """The screen after the review: the warning-sign boxes (urgent first, each sign with its
    advice line), the overall verdict with its caveats, each criterion's status, what the
    US approval says (when an item of it is not met: the caveats point to it), and where
    the answers are. Without a warning sign it fits 80x24 with the menu under it; with an
    urgent one, the criteria are left out (the boxes matter more, the verdict does not point
    to them, and the summary has them). `plain`:
    lines without a box or symbol (the warning as the plain panel says it, "WARNING: ...",
    each criterion as "name: status."). `pinned`: the urgent heading is pinned above these
    lines, so the urgent box does not say it again."""
    from rich.text import Text

    from paincheck.formats.summary import overall_texts, warning_section

    if plain:
        from paincheck.formats.warning_signs import warning_panel_lines

        lines = warning_panel_lines(assessment, view.showing(unicode=False))
        parts: list[RenderableType] = [Text(text) for _, text in lines]
    else:
        parts = list(warning_section(assessment, view, pinned=pinned))
    overall = overall_texts(assessment, view)
    if overall:
        verdict, *caveats = overall
        parts.append(Text(printable(f"{view.msg('overall_heading')}: {verdict}")))
        parts.extend(Text(printable(caveat)) for caveat in caveats)
    blocks = []
    if assessment.criteria and not assessment.urgent:  # the verdict points to them
        blocks.append(("criteria_heading", assessment.criteria))
    if any(result.status != "met" for result in assessment.approved_use):
        blocks.append(("approved_use_heading", assessment.approved_use))
    for heading, results in blocks:
        parts.append(Text(view.msg(heading) + ":"))
        parts.extend(_status_lines(results, view, plain=plain))
    parts.append(Text(saved_message(view, path)))
    return parts


def _status_lines(results: Sequence[CriterionResult], view: View, *, plain: bool) -> list[Text]:
    """A line per criterion: its status and its name ("name: status." in `plain`)."""
    from rich.text import Text

    from paincheck.formats.summary import status_label

    lines = []
    for result in results:
        label = view.text(result.criterion.label)
        if plain:
            word = status_label(result.status, view, symbol=False)
            lines.append(Text(printable(f"  {label}: {word}.")))
        else:
            status = status_label(result.status, view)
            lines.append(Text(printable(f"  {status:<14} {label}")))
    return lines


def stop_screen(
    assessment: Assessment,
    view: View,
    after: Sequence[str | RenderableType],
    *,
    plain: bool = False,
    extra: str | None = None,
) -> list[RenderableType]:
    """What is printed after "Stop here and get care now": the advice again (plain lines in
    `plain`), then the `after` lines (where the answers are, the command that finishes)."""
    from rich.text import Text

    from paincheck.formats.summary import warning_panels
    from paincheck.formats.warning_signs import warning_panel_lines

    parts: list[RenderableType] = []
    if plain:
        lines = warning_panel_lines(assessment, view, extra=extra)
        parts += [Text(text) for _, text in lines]
    else:
        parts += warning_panels(assessment, view, combined=True)
        parts += [Text(printable(extra))] if extra else []
    return [*parts, *(Text(printable(line)) if isinstance(line, str) else line for line in after)]


def report_stop(
    view: View,
    stop: StoppedForCare,
    where: Path,
    command: str,
    plain: bool,
    note: str | None = None,
) -> None:
    """After "Stop here and get care now" in `run` or `export`: the advice again, where the
    answers are (saved there, or left as they were), the command that finishes later, and
    the message `note` (a key: "no PDF was written")."""
    if stop.saved:
        first = saved_message(view, where)
    else:
        first = view.msg("interview_answers_in", path=printable(str(where), one_line=True))
    after: list[str | RenderableType] = [first, view.msg("interview_stopped_later")]
    after.append(command_line(command))
    after += [view.msg(note)] if note else []
    show_stop(view, stop.answers, after, plain=plain)


def show_stop(
    view: View,
    answers: Answers,
    after: Sequence[str | RenderableType],
    *,
    plain: bool = False,
    extra: str | None = None,
) -> None:
    """Print the screen after "Stop here and get care now" on standard output."""
    from rich.console import Group

    from paincheck.evaluation import evaluate

    view = view.showing(unicode=out.console().encoding.lower().startswith("utf"))
    assessment = evaluate(view.questionnaire, answers)
    parts = stop_screen(assessment, view, after, plain=plain, extra=extra)
    out.result(Group(*parts))


def finish(
    assessment: Assessment,
    path: Path,
    view: View,
    *,
    later: str,
    summary: RenderableType | None = None,
    input: Input | None = None,
    output: Output | None = None,
    plain: bool = False,
) -> Path | None:
    """After the interview: the closing screen, then a choice of the PDF report, the full
    summary in a pager (plain: printed as lines), or finishing (which tells the `later`
    command for the PDF). Without a terminal, the full summary is printed instead. Returns
    the PDF written. `summary`: what to show instead of the assessment's summary."""
    asker = Asker(input, output, plain)
    view = view.showing(unicode=asker.unicode)
    summary = summary if summary is not None else _whole_summary(assessment, view, asker)
    if input is None and not sys.stdin.isatty():
        asker.console.print(summary)
        asker.console.print(saved_message(view, path))
        return None
    parts = closing(assessment, path, view, plain=plain)
    # Full screen, the urgent heading is pinned on top: the box under it does not repeat it.
    shown = parts if plain else closing(assessment, path, view, pinned=True)
    if plain:
        for part in parts:
            asker.console.print(part)
    report = free_path(path.with_suffix(".pdf"))
    options = _offer(assessment, view, report)
    screen = closing_prompt(assessment, view, shown, options, plain=plain)
    while True:
        try:
            wanted = asker.ask(screen)
        except (KeyboardInterrupt, EOFError):
            wanted = False
        if wanted is not SUMMARY:
            break
        _show_summary(asker, summary, view)
    if not plain:  # the closing screen is left on the terminal, above what follows
        for part in parts:
            asker.console.print(part)
    if wanted is not True:
        asker.console.print(view.msg("interview_pdf_later"))
        asker.console.print(command_line(later), crop=False, no_wrap=True, overflow="ignore")
        return None
    # Imported only now: reportlab takes a noticeable part of a second to load.
    from paincheck.formats.pdf import ExportOptions, write_report

    out.warnings(write_report(assessment, report, ExportOptions(view.lang)))
    written = view.msg("interview_pdf_written", path=printable(str(report), one_line=True))
    asker.console.print(written)
    return report


def _offer(assessment: Assessment, view: View, report: Path) -> list[Option]:
    """The closing menu: write the PDF `report`, read the whole summary, or finish."""
    return [
        option(True, view.msg("interview_pdf_yes", path=str(report)), "1"),
        option(SUMMARY, view.msg("interview_read_summary"), "2"),
        option(False, view.msg("interview_pdf_no"), "3"),
    ]


def _whole_summary(assessment: Assessment, view: View, asker: Asker) -> RenderableType:
    """The whole summary as this interview shows it (plain: as lines)."""
    from paincheck.formats.summary import render_summary

    return render_summary(assessment, view, lines_only=asker.plain)


def _show_summary(asker: Asker, summary: RenderableType, view: View) -> None:
    """The whole summary: plain, printed (no pager to learn); else in the pager, said how to
    leave before it opens and on its first line (a pager that does not work says so)."""
    from rich.console import Group
    from rich.text import Text

    if asker.plain:
        asker.console.print(summary)
        return
    keys = view.msg("interview_pager_keys")
    asker.console.print(keys)
    failed = partial(_pager_failed, view)
    out.page(asker.console, Group(Text(keys), summary), failed)


def closing_prompt(
    assessment: Assessment,
    view: View,
    parts: list[RenderableType],
    options: list[Option],
    *,
    plain: bool = False,
) -> Prompt:
    """The PDF offer. Full screen, the closing screen and the offer are one prompt: the
    urgent heading (if any) stays on top and the rest scrolls under it, so that at any size
    the heading and the menu are both on screen. In `plain`, the offer under what was
    printed."""
    from paincheck.formats.warning_signs import URGENT
    from paincheck.interview.panel import ask_panel

    keys = view.msg("interview_plain_keys_single" if plain else "interview_keys_single")
    lines = [("question", view.msg("interview_pdf_offer")), ("keys", keys)]
    if plain:
        return menu(lines, options)
    top: list[tuple[str, str]] = []
    style = assessment.questionnaire.rules.flags.get(URGENT)
    if assessment.urgent and style is not None:
        top = [("banner", view.msg("interview_panel_warning", title=view.text(style.title)))]
    more = [("more", view.msg("interview_panel_more"))]
    return Prompt(
        [*top, *more, *lines],
        "panel",
        options,
        pointer=options[0].value,
        drawn=partial(rendered_lines, parts),
        full_screen=ask_panel,
    )


def rendered_lines(parts: list[RenderableType], width: int) -> list[str]:
    """Rich renderables as the lines of plain text they take at `width` columns."""
    text = out.plain_text(parts, width)
    return [printable(line) for line in text.rstrip("\n").split("\n")]


def _pager_failed(view: View, command: str) -> str:
    """The line before the summary printed because the pager did not work."""
    shown = printable(command, one_line=True)
    return view.msg("interview_pager_failed", pager=shown)


def command_line(command: str) -> Text:
    """A command to paste, on a line of its own: never wrapped into several lines (the
    terminal folds a long one, and a copy of it stays one line)."""
    from rich.text import Text

    return Text("  " + printable(command, one_line=True), no_wrap=True, overflow="ignore")
