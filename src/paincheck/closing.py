"""After the interview: a closing screen that fits the terminal, the whole summary in a
pager, and the PDF report on request."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from paincheck.cli_output import out
from paincheck.display import printable
from paincheck.prompts import Asker, Step, menu, option
from paincheck.saving import saved_message

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from rich.console import RenderableType

    from paincheck.evaluation import Assessment

SUMMARY = Step("summary")


def closing(
    assessment: Assessment, path: Path, lang: str, *, unicode: bool = True
) -> list[RenderableType]:
    """The screen after the review: the warning-sign boxes (urgent first, each sign with its
    advice line), the overall verdict with its caveats, each criterion's status, and where
    the answers are. Without a warning sign it fits 80x24 with the menu under it; with one,
    the criteria are left out (the boxes matter more, and the summary has them)."""
    from rich.text import Text

    from paincheck.summary import overall_texts, status_label, warning_section

    questionnaire = assessment.questionnaire
    msg = questionnaire.message
    parts: list[RenderableType] = list(warning_section(assessment, lang, unicode=unicode))
    overall = overall_texts(assessment, lang)
    if overall:
        verdict, *caveats = overall
        parts.append(Text(printable(f"{msg('overall_heading', lang)}: {verdict}")))
        parts.extend(Text(printable(caveat)) for caveat in caveats)
    if assessment.criteria and not any(assessment.warning_signs.values()):
        parts.append(Text(msg("criteria_heading", lang) + ":"))
        for result in assessment.criteria:
            status = status_label(questionnaire, result.status, lang, unicode=unicode)
            parts.append(Text(printable(f"  {status:<14} {result.criterion.label(lang)}")))
    parts.append(Text(saved_message(questionnaire, path, lang)))
    return parts


def finish(
    assessment: Assessment,
    path: Path,
    lang: str,
    *,
    summary: RenderableType,
    later: str,
    input: Input | None = None,
    output: Output | None = None,
    plain: bool = False,
) -> Path | None:
    """After the interview: the closing screen, then a choice of the PDF report, the full
    `summary` in a pager, or finishing (which tells the `later` command for the PDF).
    Without a terminal, the full summary is printed instead. Returns the PDF written."""
    asker = Asker(input, output, plain)
    if input is None and not sys.stdin.isatty():
        asker.console.print(summary)
        asker.console.print(saved_message(assessment.questionnaire, path, lang))
        return None
    for part in closing(assessment, path, lang, unicode=asker.unicode):
        asker.console.print(part)
    msg = assessment.questionnaire.message
    report = _free_path(path.with_suffix(".pdf"))
    can_write_pdf = importlib.util.find_spec("paincheck.pdf") is not None
    options = (
        []
        if not can_write_pdf
        else [option(True, msg("interview_pdf_yes", lang, path=str(report)), "1")]
    )
    options += [
        option(SUMMARY, msg("interview_read_summary", lang), "2"),
        option(False, msg("interview_pdf_no", lang), "3"),
    ]
    keys = msg("interview_plain_keys_single" if plain else "interview_keys_single", lang)
    lines = [("question", msg("interview_pdf_offer", lang)), ("keys", keys)]

    def pager_failed(command: str) -> str:
        return msg("interview_pager_failed", lang, pager=printable(command, one_line=True))

    while True:
        try:
            wanted = asker.ask(menu(lines, options))
        except (KeyboardInterrupt, EOFError):
            wanted = False
        if wanted is not SUMMARY:
            break
        out.page(asker.console, summary, pager_failed)
    if wanted is not True or not can_write_pdf:
        asker.console.print(msg("interview_pdf_later", lang, command=printable(later)))
        return None
    # Imported only now: reportlab takes a noticeable part of a second to load.
    from paincheck.pdf import ExportOptions, write_report

    out.warnings(write_report(assessment, report, ExportOptions(lang)))
    written = msg("interview_pdf_written", lang, path=printable(str(report), one_line=True))
    asker.console.print(written)
    return report


def _free_path(path: Path) -> Path:
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
