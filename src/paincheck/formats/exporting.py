"""Exporting: the files planned (one per source, never over one of them), then each report
written, one outcome per source. Nothing is printed here: the command says what happened.

A report that cannot be written (its answers file has problems, its file is taken) is an
outcome with problems, and the batch goes on with the next source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from paincheck.errors import PaincheckError, Problem
from paincheck.files.names import Target, plan_exports, planned_path, safe_stem
from paincheck.model import model

if TYPE_CHECKING:
    from paincheck.evaluation import Assessment
    from paincheck.formats.exports import BlankFormat, ReportFormat
    from paincheck.questionnaire import Questionnaire


@model
class Written:
    """What became of one report: its file (and the source it was made from), with its
    warnings; or the problems that kept it from being written."""

    target: Target
    warnings: Sequence[str] = ()
    problems: Sequence[Problem] = ()


def plan_reports(
    sources: Sequence[str], output: str | None, suffix: str, many_needs_folder: str
) -> tuple[Target, ...]:
    """The report files to write, one per source, their folder made (`many_needs_folder`:
    the message when several sources meet an `output` that is a file)."""
    plan = plan_exports(sources, output, suffix, many_needs_folder=many_needs_folder)
    planned_path(plan)
    return plan.targets


def write_reports(
    report: ReportFormat,
    targets: Sequence[Target],
    assessments: Sequence[Callable[[], Assessment]],
    *,
    redact: bool,
    overwrite: bool,
) -> Iterator[Written]:
    """Each source's report written to its target, in order; each outcome is given before
    the next source is read, so what the command says follows the work."""
    for target, assess in zip(targets, assessments, strict=True):
        try:
            warnings = report.write(assess(), target.path, redact=redact, overwrite=overwrite)
        except PaincheckError as exc:
            yield Written(target, problems=exc.problems)
        else:
            yield Written(target, warnings)


def write_blank(
    form: BlankFormat,
    questionnaire: Questionnaire,
    output: str | None,
    *,
    overwrite: bool,
    many_needs_folder: str,
) -> Written:
    """The blank checklist written to `output` (a file, or a folder), or to a file named
    after the questionnaire (drg-checklist-blank.pdf) here."""
    stem = f"{safe_stem(questionnaire.id)}-{form.stem}"
    plan = plan_exports(
        [], output, form.suffix, default_stem=stem, many_needs_folder=many_needs_folder
    )
    path = planned_path(plan)
    return Written(plan.targets[0], form.write(questionnaire, path, overwrite=overwrite))
