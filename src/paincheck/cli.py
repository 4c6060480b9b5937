"""The `paincheck` command line: thin commands that load, evaluate, render and write."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, Protocol, assert_never

import typer

from paincheck import __version__
from paincheck.errors import ExitCode, PaincheckError, Problem

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from paincheck import formats
    from paincheck.answers import Answers, FileAnswers
    from paincheck.evaluation import Assessment
    from paincheck.pdf import PdfOptions
    from paincheck.questionnaire import Questionnaire
    from paincheck.table import FileSummary

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


diary_app = typer.Typer(
    help="Keep a daily diary during a trial and sum it up for your specialist.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(diary_app, name="diary")


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"

    def to_format(self) -> formats.SummaryFormat:
        """The format class that renders this choice."""
        from paincheck import formats

        match self:
            case SummaryFormat.text:
                return formats.TextFormat()
            case SummaryFormat.json:
                return formats.JsonFormat()
            case SummaryFormat.csv:
                return formats.CsvFormat()
            case SummaryFormat.jsonl:
                return formats.JsonLinesFormat()
            case _:
                assert_never(self)


class QuestionsFormat(StrEnum):
    text = "text"
    json = "json"
    fhir = "fhir"


QuestionsOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer needs Optional here on Python 3.11
    typer.Option(
        "--questions",
        help="Questions folder to use instead of the built-in checklist.",
        file_okay=False,
    ),
]
LangOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--lang",
        help="Language for patient-facing text: en or es "
        "(default: from LC_ALL, LC_MESSAGES or LANG, else en).",
    ),
]


@contextmanager
def reported() -> Iterator[None]:
    """Turn paincheck's errors into one message per problem and the documented exit code."""
    try:
        yield
    except PaincheckError as exc:
        # a stop asked for with Ctrl-C is not an error: the message says where the answers are
        echo_problems(exc.problems, "" if exc.exit_code is ExitCode.INTERRUPTED else "error: ")
        raise typer.Exit(int(exc.exit_code)) from None


MAX_PROBLEMS_SHOWN = 50


def echo_problems(problems: Sequence[object], prefix: str = "error: ") -> None:
    """One line per problem on standard error; past the first fifty, one line counts the rest."""
    from paincheck.display import file_name, printable

    # A list already capped by the code that found it (fifty, then "and N more") shows whole.
    shown = problems if len(problems) <= MAX_PROBLEMS_SHOWN + 1 else problems[:MAX_PROBLEMS_SHOWN]
    for problem in shown:
        typer.echo(f"{prefix}{printable(str(problem), one_line=True)}", err=True)
    if len(shown) < len(problems):
        more = len(problems) - MAX_PROBLEMS_SHOWN
        first = problems[MAX_PROBLEMS_SHOWN]
        where = f"{file_name(first.file)}: " if isinstance(first, Problem) else ""
        typer.echo(f"{prefix}{where}and {more} more problems", err=True)


def load(
    questions: Path | None, lang: str | None = None, *, every_language: bool = False
) -> Questionnaire:
    """The questionnaire to use, with the texts of the language it will be shown in.

    `every_language` reads and checks every declared translation (for `questions`, `validate`).
    """
    from paincheck.language import language_from_environment
    from paincheck.questionnaire import load_questionnaire

    wanted = None if every_language else [lang or language_from_environment()]
    return load_questionnaire(questions, wanted)


def pick_language(questionnaire: Questionnaire, lang: str | None) -> str:
    """The language asked for, or the environment's, if the questionnaire has it."""
    from paincheck.language import DEFAULT_LANGUAGE, language_from_environment

    if lang is not None:
        if lang not in questionnaire.languages:
            raise PaincheckError.single(
                "--lang",
                f"'{lang}' is not available; choose one of: {', '.join(questionnaire.languages)}",
            )
        return lang
    wanted = language_from_environment()
    return wanted if wanted in questionnaire.languages else DEFAULT_LANGUAGE


def stdout_console() -> Console:
    """A Rich console for standard output (plain text when piped, no colour with NO_COLOR)."""
    from rich.console import Console

    # A terminal that is not UTF-8 shows "?" for a character it lacks (an accent, an emoji
    # typed by the patient) instead of ending in a traceback.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    from paincheck.terminal import VisibleText

    console = Console(highlight=False)
    console.push_render_hook(VisibleText())
    return console


def print_warnings(warnings: Sequence[object]) -> None:
    echo_problems(warnings, "warning: ")


def read_answers(questionnaire: Questionnaire, file: str | Path) -> Answers:
    """An answers file's checked answers; its warnings go to standard error."""
    from paincheck.answers import load_answers

    loaded = load_answers(questionnaire, file)
    print_warnings(loaded.warnings)
    return loaded.answers


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
    """Show where answers files stand against the published DRG criteria.

    A file with problems gets a row with its error in the csv and jsonl tables, and the exit
    code is then 1.
    """
    form = output_format.to_format()
    if len(files) > 1 and not form.several_files:
        raise typer.BadParameter(
            f"{output_format.value} shows one file; for several, use --format csv or jsonl.",
            param_hint="'--format'",
        )
    with reported():
        from paincheck.display import printable
        from paincheck.formats import View

        questionnaire = load(questions, lang)
        language = pick_language(questionnaire, lang)
        summaries = list(assess_each(questionnaire, files))
        rendered = form.render(summaries, View(questionnaire, language, redact))
        if output is None:
            emit(rendered)
        else:
            write_output(rendered, output, overwrite=force, inputs=files)
            shown = printable(str(output), one_line=True)
            typer.echo(questionnaire.message("export_wrote", path=shown), err=True)
        if any(s.assessment is None for s in summaries):
            raise typer.Exit(int(ExitCode.INVALID_INPUT))


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(help="Answers files to check.", metavar="FILE...")],
    questions: QuestionsOption = None,
) -> None:
    """Check answers files and list every problem in each, not just the first."""
    with reported():
        from paincheck.answers import load_each
        from paincheck.display import file_name

        questionnaire = load(questions, every_language=True)
        failed = False
        for checked in load_each(questionnaire, files):
            print_problems(checked)
            if checked.loaded is None:
                failed = True
            else:
                count = len(checked.loaded.answers.values)
                typer.echo(f"{file_name(checked.file)}: ok ({count} answers)")
        if failed:
            raise typer.Exit(int(ExitCode.INVALID_INPUT))


def assess_each(questionnaire: Questionnaire, files: list[str]) -> Iterator[FileSummary]:
    """Each file's assessment, or its problems; warnings and errors go to standard error."""
    from paincheck.answers import load_each
    from paincheck.evaluation import evaluate
    from paincheck.table import FileSummary

    for checked in load_each(questionnaire, files):
        print_problems(checked)
        if checked.loaded is None:
            yield FileSummary(checked.file, None, checked.problems)
        else:
            yield FileSummary(checked.file, evaluate(questionnaire, checked.loaded.answers))


def print_problems(checked: FileAnswers) -> None:
    """A loaded file's warnings, or the errors that stopped it, on standard error."""
    if checked.loaded is not None:
        print_warnings(checked.loaded.warnings)
    echo_problems(checked.problems)


def emit(output: str | RenderableType) -> None:
    """Put a format's output on standard output: text as it is, a renderable through Rich."""
    if isinstance(output, str):
        typer.echo(output, nl=False)
    else:
        stdout_console().print(output)


def write_output(
    output: str | RenderableType, path: Path, *, overwrite: bool, inputs: list[str]
) -> None:
    """Write a format's output to a private file (a renderable as plain text, 80 columns)."""
    from paincheck.display import printable
    from paincheck.files import write_private
    from paincheck.outputs import same_file

    if any(same_file(path, Path(file)) for file in inputs if file != "-"):
        raise PaincheckError.single(
            printable(str(path), one_line=True),
            "is one of the answers files read; it is never replaced (even with --force)",
        )
    if isinstance(output, str):
        text = output
    else:
        import io

        from rich.console import Console

        buffer = io.StringIO()
        Console(file=buffer, width=80, color_system=None, highlight=False).print(output)
        text = buffer.getvalue()
    write_private(path, text, overwrite=overwrite)


@app.command()
def template(
    output: Annotated[
        str | None,  # a str, not a Path, to keep a trailing slash (a folder)
        typer.Option(
            "-o",
            "--output",
            help="File (or folder, ending in /) to write; default: standard output.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """Write a blank answers file: every question id, commented with its text and allowed values."""
    with reported():
        from paincheck.listing import template_text

        questionnaire = load(questions, lang)
        text = template_text(questionnaire, pick_language(questionnaire, lang))
        if output is None:
            typer.echo(text, nl=False)
            return
        from paincheck.display import file_name
        from paincheck.files import make_private_folder, write_private
        from paincheck.outputs import plan_exports, safe_stem

        plan = plan_exports(
            [], output, ".yaml", default_stem=f"{safe_stem(questionnaire.id)}-answers"
        )
        if plan.folder is not None:
            make_private_folder(plan.folder)
        target = plan.targets[0].path
        write_private(target, text, overwrite=force)
        typer.echo(f"Wrote {file_name(str(target))}", err=True)


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
    with reported():
        from paincheck import listing

        questionnaire = load(questions, lang, every_language=True)
        language = pick_language(questionnaire, lang)
        if output_format is QuestionsFormat.fhir:
            from paincheck.display import json_text
            from paincheck.fhir import questionnaire_resource

            typer.echo(json_text(questionnaire_resource(questionnaire, language)))
            return
        if output_format is QuestionsFormat.json:
            from paincheck.display import json_text

            typer.echo(json_text(listing.questions_json(questionnaire, language)))
            return
        stdout_console().print(listing.questions_table(questionnaire, language))


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
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="Ask line by line with numbered choices (screen readers; automatic with TERM=dumb).",
        ),
    ] = False,
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """Answer the checklist in the terminal: go back any time, review, stop and resume later."""
    with reported():
        from paincheck import closing, saving
        from paincheck.answers import Answers
        from paincheck.evaluation import evaluate
        from paincheck.summary import render_summary

        questionnaire = load(questions, lang)
        language = pick_language(questionnaire, lang)
        initial = Answers(status="in_progress")
        if answers is not None:
            initial = read_answers(questionnaire, answers)
        plain = plain or os.environ.get("TERM") == "dumb"
        again: dict[str, Any] = {"lang": lang, "questions": questions}  # as given
        path, result = _interview(questionnaire, initial, answers, save, language, plain, again)
        assessment = evaluate(questionnaire, result)
        program = saving.program_words(sys.argv[0], os.environ)
        later = saving.command_line(program, "export", path, **again)
        summary = render_summary(assessment, language, unicode=_unicode(stdout_console()))
        closing.finish(assessment, path, language, summary=summary, later=later, plain=plain)


def _interview(
    questionnaire: Questionnaire,
    initial: Answers,
    answers: Path | None,
    save: Path | None,
    language: str,
    plain: bool,
    again: dict[str, Any],
) -> tuple[Path, Answers]:
    """Where to save, then the interview; a stop says how to resume from this shell
    (`again`: the --lang and --questions given, for that command)."""
    from datetime import datetime

    from paincheck import saving
    from paincheck.errors import InterviewInterrupted
    from paincheck.interview import run_interview

    program = saving.program_words(sys.argv[0], os.environ)

    def resume(path: Path) -> str:
        return saving.resume_command(path, program, plain=plain, **again)

    path = saving.choose_save_path(
        questionnaire, answers, save, Path.cwd(), datetime.now(), language, resume(save or Path())
    )
    try:
        result = run_interview(questionnaire, initial, path, language, plain=plain)
    except InterviewInterrupted as stopped:
        assert stopped.answers is not None
        raise saving.interrupted_error(
            questionnaire, path, stopped.answers, language, resume(path)
        ) from None
    return path, result


class ExportFormat(StrEnum):
    pdf = "pdf"
    fhir = "fhir"
    html = "html"


class Paper(StrEnum):
    letter = "letter"
    a4 = "a4"


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
    redact: Annotated[
        bool, typer.Option("--redact", help="Leave out identifying answers (name and age).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    paper: Annotated[Paper, typer.Option("--paper", help="letter or a4.")] = Paper.letter,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Large print: body text 14 pt.")
    ] = False,
    font: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--font", help="A TrueType (.ttf) font to use, e.g. for CJK names."),
    ] = None,
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
    """Write the PDF report to bring to your specialist, or the blank printable checklist.

    With --format html: the same report as one self-contained, accessible web page. With
    --format fhir: a FHIR R4 QuestionnaireResponse for a health record (--blank: the
    Questionnaire).
    """
    with reported():
        from paincheck.display import file_name, printable
        from paincheck.files import make_private_folder
        from paincheck.outputs import plan_exports, safe_stem

        questionnaire = load(questions, lang)
        language = pick_language(questionnaire, lang)
        msg = partial(questionnaire.message, lang=language)
        pdf_options = None
        if output_format is ExportFormat.pdf:
            pdf_options = _pdf_options(language, paper, large_print, font)
        if blank:
            if output_format is ExportFormat.html:
                raise PaincheckError.single("--blank", msg("export_blank_no_html"))
            if files:
                raise PaincheckError.single("--blank", msg("export_blank_no_files"))
            plan = plan_exports(
                [],
                output,
                BLANK_SUFFIXES[output_format],
                default_stem=f"{safe_stem(questionnaire.id)}-blank",
                many_needs_folder=msg("export_many_needs_folder"),
            )
            target = plan.targets[0].path
            if plan.folder is not None:
                make_private_folder(plan.folder)
            if pdf_options is None:
                _write_fhir_questionnaire(questionnaire, target, lang=language, overwrite=force)
            else:
                from paincheck.pdf import write_blank

                print_warnings(write_blank(questionnaire, target, pdf_options, overwrite=force))
            typer.echo(msg("export_wrote", path=file_name(str(target))), err=True)
            return
        sources, assessments = _answers_to_report(questionnaire, files or [], language)
        plan = plan_exports(
            sources,
            output,
            REPORT_SUFFIXES[output_format],
            many_needs_folder=msg("export_many_needs_folder"),
        )
        if plan.folder is not None:
            make_private_folder(plan.folder)
        failed = False
        write = _report_writer(output_format, language, paper, large_print, pdf_options)
        for report, assess in zip(plan.targets, assessments, strict=True):
            try:
                warnings = write(assess(), report.path, redact=redact, overwrite=force)
            except PaincheckError as exc:
                failed = True
                echo_problems(exc.problems)
                continue
            print_warnings(warnings)
            path = file_name(str(report.path))
            if report.renamed:
                source = printable(report.source, one_line=True)
                typer.echo(msg("export_wrote_from", path=path, source=source), err=True)
            else:
                typer.echo(msg("export_wrote", path=path), err=True)
        if failed:
            raise typer.Exit(int(ExitCode.INVALID_INPUT))


class _ReportWriter(Protocol):
    def __call__(
        self, assessment: Assessment, path: Path, *, redact: bool, overwrite: bool
    ) -> list[str]: ...


def _pdf_options(lang: str, paper: Paper, large_print: bool, font: Path | None) -> PdfOptions:
    """The PDF's choices, its font tried now so a broken --font stops before any work.

    Only a PDF export imports reportlab (through `paincheck.pdf`)."""
    from paincheck.pdf import PdfOptions

    options = PdfOptions(lang, paper.value, large_print, font)
    options.check_font()
    return options


def _report_writer(
    output_format: ExportFormat,
    lang: str,
    paper: Paper,
    large_print: bool,
    pdf_options: PdfOptions | None,
) -> _ReportWriter:
    """The function that writes one report in this format (with its warnings)."""
    if output_format is ExportFormat.fhir:
        return partial(_write_fhir_response, lang=lang)
    if output_format is ExportFormat.html:
        from paincheck.htmlreport import write_html

        return partial(write_html, lang=lang, large_print=large_print, paper=paper.value)
    from paincheck.pdf import write_report

    assert pdf_options is not None  # made, and its font tried, before any work
    return partial(write_report, options=pdf_options)


# The file name endings of each export format, for reports and for the blank checklist.
REPORT_SUFFIXES = {
    ExportFormat.pdf: ".pdf",
    ExportFormat.fhir: ".fhir.json",
    ExportFormat.html: ".html",
}
BLANK_SUFFIXES = {ExportFormat.pdf: ".pdf", ExportFormat.fhir: ".json"}


def _answers_to_report(
    questionnaire: Questionnaire, files: list[str], language: str
) -> tuple[list[str], list[Callable[[], Assessment]]]:
    """The answers files to report on, and how to get each assessment (loading may fail per
    file). Without files, the interview is run and its saved file is the one source."""
    from paincheck.evaluation import evaluate

    def from_file(file: str) -> Assessment:
        return evaluate(questionnaire, read_answers(questionnaire, file))

    if files:
        return list(files), [partial(from_file, file) for file in files]
    from paincheck.answers import Answers

    plain = os.environ.get("TERM") == "dumb"
    start = Answers(status="in_progress")
    again: dict[str, Any] = {"lang": None, "questions": None}
    saved, answers = _interview(questionnaire, start, None, None, language, plain, again)
    return [str(saved)], [lambda: evaluate(questionnaire, answers)]


def _write_fhir_response(
    assessment: Assessment, path: Path, *, lang: str, redact: bool, overwrite: bool
) -> list[str]:
    """The assessed answers as a FHIR R4 QuestionnaireResponse, in a private file."""
    from paincheck.answers import Answers
    from paincheck.fhir import response_json
    from paincheck.files import write_private

    answers = Answers(dict(assessment.answers), assessment.status)
    text = response_json(assessment.questionnaire, answers, redact=redact, lang=lang)
    write_private(path, text, overwrite=overwrite)
    return []


def _write_fhir_questionnaire(
    questionnaire: Questionnaire, path: Path, *, lang: str, overwrite: bool
) -> None:
    """The questionnaire as a FHIR R4 Questionnaire file."""
    import json

    from paincheck.fhir import questionnaire_resource
    from paincheck.files import write_private

    resource = questionnaire_resource(questionnaire, lang)
    text = json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
    write_private(path, text, overwrite=overwrite)


def _unicode(console: Console) -> bool:
    return console.encoding.lower().startswith("utf")


def _guard_standard_streams() -> bool:
    """Put /dev/null under a closed standard stream (`>&-`); False if standard output was closed.

    A file paincheck opens would otherwise take the closed stream's number, and text meant
    for the terminal would land in it. A closed standard input reads as "not a terminal".
    """
    import os

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
            if opened != fd:
                os.close(opened)
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    return sys.stdout is not None


def main() -> None:
    """Entry point of the `paincheck` command."""
    if not _guard_standard_streams():
        typer.echo("error: cannot write the output: standard output is closed", err=True)
        sys.exit(int(ExitCode.INVALID_INPUT))
    try:
        try:
            app()
        finally:
            # Output still buffered is written now: failing to write it is an error, not exit 0.
            sys.stdout.flush()
    except KeyboardInterrupt:
        typer.echo("\nInterrupted.", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except OSError as exc:
        # Standard output on a full disk or a broken device: a message, not a traceback.
        import os

        with suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        typer.echo(f"error: cannot write the output: {exc.strerror or exc}", err=True)
        sys.exit(int(ExitCode.INVALID_INPUT))


# The diary commands live in their own module and register themselves on `diary_app`.
import paincheck.diary_cli  # noqa: E402, F401
