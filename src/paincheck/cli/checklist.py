"""The `paincheck` command line: thin commands that load, evaluate, render and write."""

# No `from __future__ import annotations`: Typer reads the commands' annotations at every
# start, and written as strings it would compile each one four times (about 15 ms).
import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, assert_never

import typer

from paincheck import __version__
from paincheck.cli.common import (
    FontOption,
    LangOption,
    LargePrintOption,
    Paper,
    PaperOption,
    PlainOption,
    QuestionsOption,
    bind_language,
    interview_to_file,
    load,
    print_problems,
    read_answers,
)
from paincheck.cli.compare import compare
from paincheck.cli.diary import diary_app
from paincheck.errors import UsageError
from paincheck.output import STDOUT, out, shown_path

if TYPE_CHECKING:
    from paincheck.evaluation import Assessment
    from paincheck.formats import exports, results
    from paincheck.formats.exporting import Written
    from paincheck.formats.options import ExportOptions
    from paincheck.formats.table import FileSummary
    from paincheck.questionnaire import Questionnaire
    from paincheck.questionnaire.view import View

app = typer.Typer(
    name="paincheck",
    help=(
        "Prepare a conversation with a pain specialist about DRG (dorsal root ganglion) "
        "stimulation. paincheck informs a conversation; it does not diagnose."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(diary_app, name="diary")


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"

    def to_format(self) -> "results.SummaryFormat":
        """The format class that renders this choice."""
        from paincheck.formats import results

        match self:
            case SummaryFormat.text:
                return results.TextFormat()
            case SummaryFormat.json:
                return results.JsonFormat()
            case SummaryFormat.csv:
                return results.CsvFormat()
            case SummaryFormat.jsonl:
                return results.JsonLinesFormat()
            case _:
                assert_never(self)


class QuestionsFormat(StrEnum):
    text = "text"
    json = "json"
    fhir = "fhir"

    def to_format(self) -> "results.QuestionsFormat":
        """The format class that renders this choice."""
        from paincheck.formats import results

        match self:
            case QuestionsFormat.text:
                return results.QuestionsTable()
            case QuestionsFormat.json:
                return results.QuestionsJson()
            case QuestionsFormat.fhir:
                return results.QuestionsFhir()
            case _:
                assert_never(self)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"paincheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Prepare a conversation with a pain specialist about DRG stimulation."""


@app.command()
def summary(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Answers files (YAML or JSON), or - for standard input.", metavar="FILE..."
        ),
    ],
    output_format: Annotated[
        SummaryFormat,
        typer.Option(
            "--format",
            help="text or json (one file), or csv or jsonl (a table: one row per file).",
        ),
    ] = SummaryFormat.text,
    redact: Annotated[
        bool, typer.Option("--redact", help="Leave name and age out of the table.")
    ] = False,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "-o", "--output", help="File to write, readable by you only (default: the screen)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """Show where answers files stand against the DRG criteria (each row names its source).

    A file with problems gets a row with its error in the csv and jsonl tables, and the exit
    code is then 1.
    """
    form = output_format.to_format()
    if len(files) > 1 and not form.several_files:
        raise typer.BadParameter(
            f"{output_format.value} shows one file; for several, use --format csv or jsonl.",
            param_hint="'--format'",
        )
    with out.reporting():
        questionnaire = load(questions, lang)
        view = bind_language(questionnaire, lang, redact=redact)
        summaries = list(assess_each(questionnaire, files))
        rendered = form.render(summaries, view)
        if output is None or str(output) == STDOUT:
            out.result(rendered)
        else:
            out.to_file(rendered, output, overwrite=force, inputs=files)
            out.note(questionnaire.message("export_wrote", path=shown_path(output)))
        out.fail_if(any(s.assessment is None for s in summaries))


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(help="Answers files to check.", metavar="FILE...")],
    questions: QuestionsOption = None,
) -> None:
    """Check answers files and list every problem in each, not just the first."""
    with out.reporting():
        from paincheck.answers.loading import load_each
        from paincheck.text.display import file_name

        questionnaire = load(questions, every_language=True)
        failed = False
        for checked in load_each(questionnaire, files):
            print_problems(checked)
            if checked.loaded is None:
                failed = True
            else:
                count = len(checked.loaded.answers.values)
                out.line(f"{file_name(checked.file)}: ok ({count} answers)")
        out.fail_if(failed)


def assess_each(questionnaire: "Questionnaire", files: list[str]) -> "Iterator[FileSummary]":
    """Each file's assessment, or its problems; warnings and errors go to standard error."""
    from paincheck.answers.loading import load_each
    from paincheck.evaluation import evaluate
    from paincheck.formats.table import FileSummary

    for checked in load_each(questionnaire, files):
        print_problems(checked)
        if checked.loaded is None:
            yield FileSummary(checked.file, None, checked.problems)
        else:
            yield FileSummary(checked.file, evaluate(questionnaire, checked.loaded.answers))


@app.command()
def template(
    output: Annotated[
        str | None,  # a str, not a Path, to keep a trailing slash (a folder)
        typer.Option(
            "-o",
            "--output",
            help="File (or folder, ending in /) to write; default (or -): standard output.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """Write a blank answers file: every question id, commented with its text and allowed values."""
    with out.reporting():
        from paincheck.formats.listing import template_text

        questionnaire = load(questions, lang)
        text = template_text(bind_language(questionnaire, lang))
        if output is None or output == STDOUT:
            out.result(text)
            return
        from paincheck.files.names import plan_exports, planned_path, safe_stem
        from paincheck.files.writing import write_private
        from paincheck.text.display import file_name

        stem = f"{safe_stem(questionnaire.id)}-answers"
        target = planned_path(plan_exports([], output, ".yaml", default_stem=stem))
        write_private(target, text, overwrite=force)
        out.note(f"Wrote {file_name(str(target))}")


@app.command(name="questions")
def list_questions(
    output_format: Annotated[
        QuestionsFormat,
        typer.Option("--format", help="text, json, or fhir (a FHIR R4 Questionnaire)."),
    ] = QuestionsFormat.text,
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """List the questionnaire: ids, sections, types, choices and conditions."""
    with out.reporting():
        questionnaire = load(questions, lang, every_language=True)
        out.result(output_format.to_format().render(bind_language(questionnaire, lang)))


@app.command()
def run(
    answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--answers", help="Answers file to start from; only the rest is asked."),
    ] = None,
    save: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--save", help="File to save to (default: a new dated file here)."),
    ] = None,
    plain: PlainOption = False,
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """Answer the checklist in the terminal: go back any time, review, stop and resume later."""
    with out.reporting():
        from paincheck.answers.checking import Answers
        from paincheck.evaluation import evaluate
        from paincheck.interview import closing, saving

        questionnaire = load(questions, lang)
        view = bind_language(questionnaire, lang)
        if save is not None and str(save) == STDOUT:
            raise UsageError.single("--save", view.msg("interview_save_stdout"))
        initial = Answers(status="in_progress")
        if answers is not None:
            initial = read_answers(questionnaire, answers)
        plain = plain or os.environ.get("TERM") == "dumb"
        again: dict[str, Any] = {"lang": lang, "questions": questions}  # as given
        path, result = interview_to_file(view, initial, answers, save, plain=plain, again=again)
        assessment = evaluate(questionnaire, result)
        program = saving.program_words(sys.argv[0], os.environ)
        later = saving.command_line(program, "export", path, **again)
        closing.finish(assessment, path, view, later=later, plain=plain)


class ExportFormat(StrEnum):
    pdf = "pdf"
    fhir = "fhir"
    html = "html"

    def report(self, options: "ExportOptions") -> "exports.ReportFormat":
        """The format class that writes a report in this choice."""
        from paincheck.formats import exports

        match self:
            case ExportFormat.pdf:
                return exports.PdfReport(options)
            case ExportFormat.fhir:
                return exports.FhirReport(options)
            case ExportFormat.html:
                return exports.HtmlReport(options)
            case _:
                assert_never(self)

    @property
    def takes_font(self) -> bool:
        """Whether --font applies: only a PDF is drawn with a font of the person's choosing."""
        return self is ExportFormat.pdf

    def blank(self, options: "ExportOptions", short: bool) -> "exports.BlankFormat | None":
        """The format class that writes the (`short`: one-page) blank checklist (html: none)."""
        from paincheck.formats import exports

        match self:
            case ExportFormat.pdf:
                return exports.PdfBlank(options, short)
            case ExportFormat.fhir:
                return exports.FhirQuestionnaire(options)
            case ExportFormat.html:
                return None
            case _:
                assert_never(self)


@app.command()
def export(
    files: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(help="Answers files (YAML or JSON). None: answer the checklist first."),
    ] = None,
    output: Annotated[
        Optional[str],  # noqa: UP045 - a str, not a Path, to keep a trailing slash (a folder)
        typer.Option(
            "-o",
            "--output",
            help="File to write; a folder (created if missing) with several files or a final /.",
        ),
    ] = None,
    blank: Annotated[
        bool, typer.Option("--blank", help="Write the printable empty checklist instead.")
    ] = False,
    short: Annotated[bool, typer.Option("--short", help="The checklist on one page.")] = False,
    redact: Annotated[
        bool, typer.Option("--redact", help="Leave out identifying answers (name and age).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    paper: PaperOption = Paper.letter,
    large_print: LargePrintOption = False,
    font: FontOption = None,
    lang: LangOption = None,
    questions: QuestionsOption = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="pdf; html (one accessible web page); or fhir (a FHIR R4 QuestionnaireResponse).",
        ),
    ] = ExportFormat.pdf,
) -> None:
    """Write the PDF report for your specialist, or the blank checklist to print (--short: one page).

    With --format html: the same report as one self-contained, accessible web page. With
    --format fhir: a FHIR R4 QuestionnaireResponse for a health record (--blank: the
    Questionnaire).
    """
    # Long only for its twelve option declarations (Typer reads them here); the body is short.
    with out.reporting():
        from paincheck.formats import exporting
        from paincheck.formats.options import ExportOptions

        view = bind_language(load(questions, lang), lang)
        msg = view.msg
        if font is not None and not output_format.takes_font:
            raise UsageError.single("--font", msg("export_font_pdf_only", format=output_format))
        options = ExportOptions(view.lang, paper.value, large_print, font)
        if short and output_format is not ExportFormat.pdf:  # --short is a --blank of one page
            raise UsageError.single("--short", msg("export_short_pdf_only", format=output_format))
        if blank or short:
            form = output_format.blank(options, short)
            _export_blank(view, form, files, output, force)
            return
        report = output_format.report(options)  # a PDF tries its font now, before any work
        if output == STDOUT:
            _report_to_stdout(view, report, files or [], redact)
            return
        again: dict[str, Any] = {"lang": lang, "questions": questions}  # as given
        sources, assessments = _answers_to_report(view, files or [], again)
        folder_needed = msg("export_many_needs_folder")
        targets = exporting.plan_reports(sources, output, report.suffix, folder_needed)
        failed = False
        for written in exporting.write_reports(
            report, targets, assessments, redact=redact, overwrite=force
        ):
            failed |= not _said_written(view, written)
        out.fail_if(failed)


app.command()(compare)  # paincheck compare: visits side by side (cli/compare.py)


def _export_blank(
    view: "View",
    form: "exports.BlankFormat | None",
    files: list[str] | None,
    output: str | None,
    force: bool,
) -> None:
    """Write the blank checklist (a FHIR Questionnaire with --format fhir, --short: one page)."""
    from paincheck.formats.exporting import write_blank
    from paincheck.text.display import file_name

    questionnaire, msg = view.questionnaire, view.msg
    if form is None:
        raise UsageError.single("--blank", msg("export_blank_no_html"))
    if files:
        raise UsageError.single("--blank", msg("export_blank_no_files"))
    if output == STDOUT:
        if not form.text:
            raise UsageError.single("-o", msg("export_stdout_pdf", formats="fhir"))
        out.rendered(form.render(questionnaire))
        return
    folder_needed = msg("export_many_needs_folder")
    written = write_blank(
        form, questionnaire, output, overwrite=force, many_needs_folder=folder_needed
    )
    out.warnings(written.warnings)
    out.note(msg("export_wrote", path=file_name(str(written.target.path))))


def _report_to_stdout(
    view: "View",
    report: "exports.ReportFormat",
    files: list[str],
    redact: bool,
) -> None:
    """`-o -`: one answers file's report, as text, on standard output."""
    questionnaire, msg = view.questionnaire, view.msg
    if not report.text:
        raise UsageError.single("-o", msg("export_stdout_pdf", formats="fhir, html"))
    if not files:
        raise UsageError.single("-o", msg("export_stdout_interview"))
    if len(files) > 1:
        raise UsageError.single("-o", msg("export_stdout_one_file"))
    from paincheck.evaluation import evaluate

    assessment = evaluate(questionnaire, read_answers(questionnaire, files[0]))
    out.rendered(report.render(assessment, redact=redact))


def _said_written(view: "View", written: "Written") -> bool:
    """Say what became of one report; False (its problems shown) when it was not written."""
    from paincheck.text.display import file_name

    if written.problems:
        out.problems(written.problems)
        return False
    out.warnings(written.warnings)
    target = written.target
    path = file_name(str(target.path))
    if target.renamed:
        source = shown_path(target.source)
        out.note(view.msg("export_wrote_from", path=path, source=source))
    else:
        out.note(view.msg("export_wrote", path=path))
    return True


def _answers_to_report(
    view: "View", files: list[str], again: dict[str, Any]
) -> "tuple[list[str], list[Callable[[], Assessment]]]":
    """The answers files to report on, and how to get each assessment (loading may fail per
    file). Without files, the interview (resumed with `again`) makes the one source."""
    from paincheck.evaluation import evaluate

    questionnaire = view.questionnaire

    def from_file(file: str) -> "Assessment":
        return evaluate(questionnaire, read_answers(questionnaire, file))

    if files:
        return list(files), [partial(from_file, file) for file in files]
    from paincheck.answers.checking import Answers

    plain = os.environ.get("TERM") == "dumb"
    start = Answers(status="in_progress")
    no_pdf = "export_stopped_no_pdf"  # said after a stop: no report to write
    saved, answers = interview_to_file(
        view, start, None, None, plain=plain, again=again, stopped_note=no_pdf
    )
    return [str(saved)], [lambda: evaluate(questionnaire, answers)]
