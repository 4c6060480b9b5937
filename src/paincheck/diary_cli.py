"""`paincheck diary ...`: keep a daily diary during a trial and sum it up for the specialist.

Thin commands (Typer only here): load the daily form and the diary, ask or read the day,
work out the summary, render, write. The daily form is a questions folder like the checklist.
"""

# No `from __future__ import annotations`: Typer reads the commands' annotations at every
# start, and written as strings it would compile each one four times (about 15 ms).
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, assert_never

import typer

from paincheck.cli_common import (
    LangOption,
    Paper,
    PaperOption,
    PlainOption,
    load,
    pick_language,
    questions_option,
    read_answers,
)
from paincheck.cli_output import STDOUT, out, shown_path
from paincheck.errors import PaincheckError

if TYPE_CHECKING:
    from paincheck import exports, formats
    from paincheck.diary import Diary, Entry, LoadedDiary
    from paincheck.outputs import ExportOptions
    from paincheck.questionnaire import Questionnaire

diary_app = typer.Typer(
    help="Keep a daily diary during a trial and sum it up for your specialist.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

DiaryArgument = Annotated[
    Path, typer.Argument(help="The diary file (YAML or JSON).", metavar="DIARY", dir_okay=False)
]
FormOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer needs Optional here on Python 3.11
    questions_option("Daily questions folder to use instead of the built-in trial diary."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite or replace without asking.")]


class ShowFormat(StrEnum):
    text = "text"
    json = "json"

    def to_format(self) -> "formats.DiaryShowFormat":
        """The format class that renders this choice."""
        from paincheck import formats

        match self:
            case ShowFormat.text:
                return formats.DiaryText()
            case ShowFormat.json:
                return formats.DiaryJson()
            case _:
                assert_never(self)


class DiaryFormat(StrEnum):
    pdf = "pdf"
    fhir = "fhir"

    def to_format(self, options: "ExportOptions") -> "exports.DiaryExportFormat":
        """The format class that writes this choice."""
        from paincheck import exports

        match self:
            case DiaryFormat.pdf:
                return exports.DiaryPdf(options)
            case DiaryFormat.fhir:
                return exports.DiaryFhir(options)
            case _:
                assert_never(self)


def _form(questions: Path | None, lang: str | None) -> "tuple[Questionnaire, str]":
    from paincheck.diary import diary_form_folder

    form = load(questions or diary_form_folder(), lang)
    return form, pick_language(form, lang)


def _read(form: "Questionnaire", path: Path, lang: str) -> "Diary":
    return _load(form, path, lang).diary


def _load(form: "Questionnaire", path: Path, lang: str) -> "LoadedDiary":
    from paincheck.dates import latest_today
    from paincheck.diary import load_diary

    if not path.exists():
        shown = shown_path(path)
        if path.is_symlink():
            from paincheck.files import dangling_link

            raise dangling_link(path, shown)
        raise PaincheckError.single(shown, form.message("diary_missing_file", lang, path=shown))
    loaded = load_diary(form, path, latest_today())
    out.warnings(loaded.warnings)
    return loaded


@diary_app.command("start")
def start(
    diary: DiaryArgument,
    from_answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--from", help="Your checklist answers: their average pain is the baseline."),
    ] = None,
    baseline_pain: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--baseline-pain", help="Your average pain before the trial (0-10)."),
    ] = None,
    force: ForceOption = False,
    questions: FormOption = None,
    lang: LangOption = None,
) -> None:
    """Start a new trial diary, with your average pain before the trial."""
    with out.reporting():
        from paincheck.diary import (
            Baseline,
            baseline_from_answers,
            check_baseline_pain,
            new_diary,
            write_diary,
        )

        form, language = _form(questions, lang)
        if from_answers is not None and baseline_pain is not None:
            raise typer.BadParameter(form.message("diary_baseline_both", language))
        baseline = None
        if from_answers is not None:
            from paincheck.outputs import same_file

            if same_file(diary, from_answers):
                message = form.message("diary_start_over_answers", language)
                raise PaincheckError.single(shown_path(diary), message)
            answers = read_answers(load(None, lang), from_answers)
            baseline = baseline_from_answers(answers, str(from_answers))
        elif baseline_pain is not None:
            pain, problem = check_baseline_pain(form, baseline_pain)
            if pain is None:
                raise PaincheckError.single("--baseline-pain", problem or "")
            baseline = Baseline(pain)
        write_diary(diary, form, new_diary(form, baseline), overwrite=force)
        out.note(form.message("diary_started", language, path=shown_path(diary)))


@diary_app.command("add")
def add(
    diary: DiaryArgument,
    day: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--date", help="The day, YYYY-MM-DD (default: today)."),
    ] = None,
    answers: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--answers", help="Take the day's answers from this file instead of asking."),
    ] = None,
    force: ForceOption = False,
    plain: PlainOption = False,
    questions: FormOption = None,
    lang: LangOption = None,
) -> None:
    """Add a day: answer the daily questions (about a minute), or pass them with --answers."""
    with out.reporting():
        from paincheck.diary import add_entry, check_date, day_from_answers_file, forget_pending

        form, language = _form(questions, lang)
        msg = form.message
        today = date.today()
        checked, problem = check_date(day or today.isoformat(), today)
        if checked is None:
            raise PaincheckError.single("--date", problem or "")
        loaded = _load(form, diary, language)
        current = loaded.diary
        replacing = current.entry(checked) is not None
        if answers is not None:
            if replacing and not force:
                message = msg("diary_entry_exists", language, date=checked)
                raise PaincheckError.single(shown_path(diary), message)
            day_file = day_from_answers_file(form, answers, checked)
            out.warnings(day_file.warnings)
            entry = day_file.entry
        else:
            if not sys.stdin.isatty():
                raise PaincheckError.single(shown_path(diary), msg("diary_no_terminal", language))
            if replacing and not force and not _confirm_replace(form, diary, checked, language):
                out.note(msg("diary_kept", language, date=checked))
                return
            plain = plain or os.environ.get("TERM") == "dumb"
            entry = _ask(form, diary, checked, language, questions, plain)
        updated = add_entry(form, diary, entry, language, replace=replacing or force, read=loaded)
        forget_pending(diary, checked)
        days = len(updated.entries)
        out.line(msg("diary_added", language, date=checked, path=shown_path(diary), days=days))


def _beside(diary: Path, suffix: str) -> Path:
    """The diary's name with another ending, cut to fit a file name if it is very long."""
    from paincheck.files import NAME_MAX, fit_name

    return diary.with_name(fit_name(diary.stem, NAME_MAX - len(suffix.encode())) + suffix)


def _confirm_replace(form: "Questionnaire", diary: Path, day: str, lang: str) -> bool:
    """Whether to replace the day's entry; Ctrl-C or end of input is a stop (exit 130), as in
    the interview, and changes nothing."""
    from paincheck.errors import InterviewInterrupted, Problem

    question = form.message("diary_replace", lang, path=shown_path(diary), date=day)
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:
        out.note("")  # end the question's line
        kept = form.message("diary_kept", lang, date=day)
        raise InterviewInterrupted([Problem(shown_path(diary), kept)]) from None


def _ask(
    form: "Questionnaire", diary: Path, day: str, lang: str, questions: Path | None, plain: bool
) -> "Entry":
    """The day asked in the terminal; a stop says how to go on from this shell."""
    from paincheck import saving
    from paincheck.diary import ask_day

    program = saving.program_words(sys.argv[0], os.environ)
    words: list[str | Path] = ["diary", "add", diary, "--date", day]
    words += ["--plain"] if plain else []
    command = saving.command_line(program, *words, lang=lang, questions=questions)
    return ask_day(form, diary, day, lang, resume_command=command, plain=plain)


@diary_app.command("show")
def show(
    diary: DiaryArgument,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", help="text or json.")
    ] = ShowFormat.text,
    questions: FormOption = None,
    lang: LangOption = None,
) -> None:
    """Show the days as a table and a small chart, and what they add up to."""
    with out.reporting():
        from paincheck.trial import summarise

        form, language = _form(questions, lang)
        current = _read(form, diary, language)
        summary = summarise(form, current)
        out.result(output_format.to_format().render(form, current, summary, language))


@diary_app.command("export")
def export(
    diary: DiaryArgument,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("-o", "--output", help="File to write (default: the diary's name, .pdf)."),
    ] = None,
    output_format: Annotated[
        DiaryFormat,
        typer.Option("--format", help="pdf, or fhir (a FHIR R4 Bundle, one response per day)."),
    ] = DiaryFormat.pdf,
    paper: PaperOption = Paper.letter,
    font: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--font", help="A TrueType (.ttf) font for the PDF, e.g. for CJK names."),
    ] = None,
    force: ForceOption = False,
    questions: FormOption = None,
    lang: LangOption = None,
) -> None:
    """Write the diary for your specialist: a one-page PDF with a chart, or FHIR."""
    with out.reporting():
        from paincheck.errors import UsageError
        from paincheck.outputs import ExportOptions

        form, language = _form(questions, lang)
        if font is not None and output_format is not DiaryFormat.pdf:
            words = form.message("export_font_pdf_only", language, format=output_format)
            raise UsageError.single("--font", words)
        writer = output_format.to_format(ExportOptions(language, paper.value, font=font))
        if output is not None and str(output) == STDOUT:
            if not writer.text:
                raise UsageError.single(
                    "-o", form.message("export_stdout_pdf", language, formats="fhir")
                )
            out.rendered(writer.render(form, _read(form, diary, language)))
            return
        current = _read(form, diary, language)
        target = output or _beside(diary, writer.suffix)
        if target.exists() and diary.exists() and target.samefile(diary):
            raise PaincheckError.single(
                shown_path(target), "is the diary itself; choose another -o"
            )
        out.warnings(writer.write(form, current, target, overwrite=force))
        out.note(form.message("export_wrote", language, path=shown_path(target)))
