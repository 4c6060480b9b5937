"""`paincheck diary ...`: keep a daily diary during a trial and sum it up for the specialist.

Thin commands (Typer only here): load the daily form and the diary, ask or read the day,
work out the summary, render, write. The daily form is a questions folder like the checklist.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from paincheck.cli import (
    LangOption,
    Paper,
    diary_app,
    load,
    pick_language,
    print_warnings,
    read_answers,
    reported,
    stdout_console,
)
from paincheck.errors import PaincheckError

if TYPE_CHECKING:
    from paincheck.diary import Diary, Entry
    from paincheck.questionnaire import Questionnaire

DiaryArgument = Annotated[
    Path, typer.Argument(help="The diary file (YAML or JSON).", metavar="DIARY", dir_okay=False)
]
FormOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer needs Optional here on Python 3.11
    typer.Option(
        "--questions",
        help="Daily questions folder to use instead of the built-in trial diary.",
        file_okay=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite or replace without asking.")]


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


class DiaryFormat(StrEnum):
    pdf = "pdf"
    fhir = "fhir"


def _form(questions: Path | None, lang: str | None) -> tuple[Questionnaire, str]:
    from paincheck.diary import diary_form_folder

    form = load(questions or diary_form_folder(), lang)
    return form, pick_language(form, lang)


def _read(form: Questionnaire, path: Path, lang: str) -> Diary:
    from paincheck.diary import load_diary
    from paincheck.display import printable

    if not path.exists():
        shown = printable(str(path), one_line=True)
        raise PaincheckError.single(shown, form.message("diary_missing_file", lang, path=shown))
    loaded = load_diary(form, path, date.today())
    print_warnings(loaded.warnings)
    return loaded.diary


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
    with reported():
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
            answers = read_answers(load(None, lang), from_answers)
            baseline = baseline_from_answers(answers, str(from_answers))
        elif baseline_pain is not None:
            pain, problem = check_baseline_pain(form, baseline_pain)
            if pain is None:
                raise PaincheckError.single("--baseline-pain", problem or "")
            baseline = Baseline(pain)
        write_diary(diary, form, new_diary(form, baseline), overwrite=force)
        typer.echo(form.message("diary_started", language, path=_shown(diary)), err=True)


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
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="Ask line by line with numbered choices (screen readers; automatic with TERM=dumb).",
        ),
    ] = False,
    questions: FormOption = None,
    lang: LangOption = None,
) -> None:
    """Add a day: answer the daily questions (about a minute), or pass them with --answers."""
    with reported():
        from paincheck.diary import check_date, day_from_answers_file, forget_pending, write_diary

        form, language = _form(questions, lang)
        msg = form.message
        today = date.today()
        checked, problem = check_date(day or today.isoformat(), today)
        if checked is None:
            raise PaincheckError.single("--date", problem or "")
        current = _read(form, diary, language)
        replacing = current.entry(checked) is not None
        if answers is not None:
            if replacing and not force:
                message = msg("diary_entry_exists", language, date=checked)
                raise PaincheckError.single(_shown(diary), message)
            loaded = day_from_answers_file(form, answers, checked)
            print_warnings(loaded.warnings)
            entry = loaded.entry
        else:
            if not sys.stdin.isatty():
                raise PaincheckError.single(_shown(diary), msg("diary_no_terminal", language))
            question = msg("diary_replace", language, path=_shown(diary), date=checked)
            if replacing and not force and not typer.confirm(question, default=False):
                typer.echo(msg("diary_kept", language, date=checked), err=True)
                return
            plain = plain or os.environ.get("TERM") == "dumb"
            entry = _ask(form, diary, checked, language, questions, plain)
        updated = current.with_entry(entry)
        write_diary(diary, form, updated, overwrite=True)
        forget_pending(diary, checked)
        days = len(updated.entries)
        typer.echo(msg("diary_added", language, date=checked, path=_shown(diary), days=days))


def _ask(
    form: Questionnaire, diary: Path, day: str, lang: str, questions: Path | None, plain: bool
) -> Entry:
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
    with reported():
        from paincheck.trial import summarise, to_json

        form, language = _form(questions, lang)
        current = _read(form, diary, language)
        summary = summarise(form, current)
        if output_format is ShowFormat.json:
            import json

            typer.echo(json.dumps(to_json(summary), indent=2, ensure_ascii=False))
            return
        from paincheck.diary_view import render_diary

        console = stdout_console()
        unicode = console.encoding.lower().startswith("utf")
        console.print(render_diary(form, current, summary, language, unicode=unicode))


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
    paper: Annotated[Paper, typer.Option("--paper", help="letter or a4.")] = Paper.letter,
    force: ForceOption = False,
    questions: FormOption = None,
    lang: LangOption = None,
) -> None:
    """Write the diary for your specialist: a one-page PDF with a chart, or FHIR."""
    with reported():
        from paincheck.files import write_private

        form, language = _form(questions, lang)
        current = _read(form, diary, language)
        suffix = ".pdf" if output_format is DiaryFormat.pdf else ".fhir.json"
        target = output or diary.with_suffix(suffix)
        if target.exists() and diary.exists() and target.samefile(diary):
            raise PaincheckError.single(_shown(target), "is the diary itself; choose another -o")
        if output_format is DiaryFormat.fhir:
            write_private(target, _bundle(form, current, language), overwrite=force)
        else:
            from paincheck.pdf import PdfOptions, write_diary_pdf

            warnings = write_diary_pdf(
                form, current, target, PdfOptions(language, paper.value), overwrite=force
            )
            print_warnings(tuple(warnings))
        typer.echo(form.message("export_wrote", language, path=_shown(target)), err=True)


def _bundle(form: Questionnaire, diary: Diary, lang: str) -> str:
    from paincheck.answers import Answers
    from paincheck.fhir import collection_bundle

    dated = [(e.date, Answers(e.answers, "complete")) for e in diary.entries]
    return collection_bundle(form, dated, lang=lang)


def _shown(path: Path) -> str:
    from paincheck.display import printable

    return printable(str(path), one_line=True)
