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

from paincheck.cli.common import (
    LangOption,
    Paper,
    PaperOption,
    PlainOption,
    load,
    pick_language,
    questions_option,
    read_answers,
)
from paincheck.errors import PaincheckError
from paincheck.output import STDOUT, out, shown_path

if TYPE_CHECKING:
    from collections.abc import Mapping

    from rich.console import RenderableType

    from paincheck.diary.store import Baseline, Diary, Entry, LoadedDiary
    from paincheck.formats import exports, results
    from paincheck.formats.options import ExportOptions
    from paincheck.interview.saving import StoppedForCare
    from paincheck.questionnaire import Questionnaire
    from paincheck.questionnaire.conditions import Value

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

    def to_format(self) -> "results.DiaryShowFormat":
        """The format class that renders this choice."""
        from paincheck.formats import results

        match self:
            case ShowFormat.text:
                return results.DiaryText()
            case ShowFormat.json:
                return results.DiaryJson()
            case _:
                assert_never(self)


class DiaryFormat(StrEnum):
    pdf = "pdf"
    fhir = "fhir"

    def to_format(self, options: "ExportOptions") -> "exports.DiaryExportFormat":
        """The format class that writes this choice."""
        from paincheck.formats import exports

        match self:
            case DiaryFormat.pdf:
                return exports.DiaryPdf(options)
            case DiaryFormat.fhir:
                return exports.DiaryFhir(options)
            case _:
                assert_never(self)


def _form(questions: Path | None, lang: str | None) -> "tuple[Questionnaire, str]":
    from paincheck.diary.store import diary_form_folder

    form = load(questions or diary_form_folder(), lang)
    return form, pick_language(form, lang)


def _read(form: "Questionnaire", path: Path, lang: str) -> "Diary":
    return _load(form, path, lang).diary


def _load(form: "Questionnaire", path: Path, lang: str) -> "LoadedDiary":
    from paincheck.answers.dates import latest_today
    from paincheck.diary.store import load_diary

    if not path.exists():
        shown = shown_path(path)
        if path.is_symlink():
            from paincheck.files.writing import dangling_link

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
    name: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--name", help="Your name, for the top of the PDF (default: from --from)."),
    ] = None,
    after_implant: Annotated[
        bool,
        typer.Option(
            "--after-implant",
            help="For check-ups after a permanent implant (no wires come out of the skin).",
        ),
    ] = False,
    force: ForceOption = False,
    questions: FormOption = None,
    lang: LangOption = None,
) -> None:
    """Start a new trial diary, with your average pain before the trial."""
    with out.reporting():
        from paincheck.diary.store import new_diary, write_diary
        from paincheck.formats.diary_text import when_to_call_box

        form, language = _form(questions, lang)
        if from_answers is not None and baseline_pain is not None:
            raise typer.BadParameter(form.message("diary_baseline_both", language))
        if from_answers is not None:
            from paincheck.files.names import same_file

            if same_file(diary, from_answers):
                message = form.message("diary_start_over_answers", language)
                raise PaincheckError.single(shown_path(diary), message)
        baseline, name = _start_details(form, from_answers, baseline_pain, name, lang)
        started = new_diary(form, baseline, name=name, after_implant=after_implant)
        write_diary(diary, form, started, overwrite=force)
        out.note(form.message("diary_started", language, path=shown_path(diary)))
        out.result(when_to_call_box(form, started, language))


def _start_details(
    form: "Questionnaire",
    from_answers: Path | None,
    baseline_pain: int | None,
    name: str | None,
    lang: str | None,
) -> "tuple[Baseline | None, str | None]":
    """The baseline (the checklist's average pain, or --baseline-pain) and the name (--name,
    else the checklist's), checked."""
    from paincheck.diary.store import (
        Baseline,
        baseline_from_answers,
        check_baseline_pain,
        check_name,
    )

    baseline = None
    if from_answers is not None:
        checklist = load(None, lang)
        answers = read_answers(checklist, from_answers)
        baseline = baseline_from_answers(answers, str(from_answers))
        name_question = checklist.rules.report.header.name
        given = answers.get(name_question) if name_question else None
        name = name if name is not None else given if isinstance(given, str) else None
    elif baseline_pain is not None:
        pain, problem = check_baseline_pain(form, baseline_pain)
        if pain is None:
            raise PaincheckError.single("--baseline-pain", problem or "")
        baseline = Baseline(pain)
    if name is not None:
        name, problem = check_name(name)
        if name is None:
            raise PaincheckError.single("--name", problem or "")
    return baseline, name


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
        from paincheck.diary import store as diaries

        form, language = _form(questions, lang)
        msg = form.message
        today = date.today()
        checked, problem = diaries.check_date(day or today.isoformat(), today)
        if checked is None:
            raise PaincheckError.single("--date", problem or "")
        loaded = _load(form, diary, language)
        form = diaries.diary_form(form, loaded.diary)  # after an implant: "the device"
        existing = loaded.diary.entry(checked)
        # A day saved by "Stop here and get care now" is finished, not replaced: no question.
        replacing = existing is not None and not existing.unfinished
        if answers is not None:
            if replacing and not force:
                message = msg("diary_entry_exists", language, date=checked)
                raise PaincheckError.single(shown_path(diary), message)
            day_file = diaries.day_from_answers_file(form, answers, checked)
            out.warnings(day_file.warnings)
            entry: Entry | None = day_file.entry
            _advise(form, day_file.entry, today, language)
        else:
            if not sys.stdin.isatty():
                raise PaincheckError.single(shown_path(diary), msg("diary_no_terminal", language))
            plain = plain or os.environ.get("TERM") == "dumb"
            if (
                replacing
                and not force
                and not _confirm_replace(form, diary, checked, language, plain)
            ):
                out.note(msg("diary_kept", language, date=checked))
                return
            start = existing.answers if existing is not None and existing.unfinished else None
            entry = _ask(form, loaded, diary, checked, language, questions, plain, start)
        if entry is None:  # stopped to get care: said so, and saved what there was
            return
        # The day there when the diary was read (replaced after a yes, or one stopped to get
        # care, now finished) is replaced; one another add wrote meanwhile is not.
        allowed = force or existing is not None
        updated = diaries.add_entry(form, diary, entry, language, replace=allowed, read=loaded)
        diaries.forget_pending(diary, checked)
        days = len(updated.entries)
        out.line(msg("diary_added", language, date=checked, path=shown_path(diary), days=days))


def _advise(form: "Questionnaire", entry: "Entry", today: date, lang: str) -> None:
    """A day from a file with a problem in its safety check: the urgent panel's words as
    plain lines on standard output, first (no panel is shown to a script)."""
    from paincheck.answers.checking import Answers
    from paincheck.evaluation import evaluate
    from paincheck.formats.warning_signs import warning_panel_lines
    from paincheck.interview.day import day_occasion

    assessment = evaluate(form, Answers(dict(entry.answers)))
    if not any(assessment.warning_signs.values()):
        return
    extra = day_occasion(form, date.fromisoformat(entry.date), today, lang).extra
    unicode = out.console().encoding.lower().startswith("utf")
    for _, text in warning_panel_lines(assessment, lang, unicode=unicode, extra=extra):
        out.line(text)


def _beside(diary: Path, suffix: str) -> Path:
    """The diary's name with another ending, cut to fit a file name if it is very long."""
    from paincheck.files.writing import NAME_MAX, fit_name

    return diary.with_name(fit_name(diary.stem, NAME_MAX - len(suffix.encode())) + suffix)


def _confirm_replace(form: "Questionnaire", diary: Path, day: str, lang: str, plain: bool) -> bool:
    """Whether to replace the day's entry, asked as the day's questions are (keeping it is
    first); Ctrl-C or end of input is a stop (exit 130), as in the interview, and changes
    nothing."""
    from paincheck.errors import InterviewInterrupted, Problem
    from paincheck.interview.asking import Asker
    from paincheck.interview.prompts import menu, option

    msg = form.message
    question = msg("diary_replace", lang, path=shown_path(diary), date=day)
    keys = msg("interview_plain_keys_single" if plain else "interview_keys_single", lang)
    options = [
        option(False, msg("diary_replace_keep", lang), "1"),
        option(True, msg("diary_replace_yes", lang), "2"),
    ]
    asker = Asker(None, None, plain)
    try:
        return bool(asker.ask(menu([("question", question), ("keys", keys)], options)))
    except (KeyboardInterrupt, EOFError):
        out.note("")  # end the question's line
        kept = msg("diary_kept", lang, date=day)
        raise InterviewInterrupted([Problem(shown_path(diary), kept)]) from None


def _ask(
    form: "Questionnaire",
    loaded: "LoadedDiary",
    diary: Path,
    day: str,
    lang: str,
    questions: Path | None,
    plain: bool,
    start: "Mapping[str, Value] | None",
) -> "Entry | None":
    """The day asked in the terminal, worded for that day; a stop says how to go on from
    this shell. "Stop here and get care now" saves the day so far (unfinished), prints the
    advice and that command, and returns None."""
    from paincheck.interview import saving
    from paincheck.interview.day import ask_day, day_form, day_occasion

    program = saving.program_words(sys.argv[0], os.environ)
    words: list[str | Path] = ["diary", "add", diary, "--date", day]
    words += ["--plain"] if plain else []
    command = saving.command_line(program, *words, lang=lang, questions=questions)
    when, today = date.fromisoformat(day), date.today()
    occasion = day_occasion(form, when, today, lang)
    worded = day_form(form, loaded.diary, when, today, lang)
    try:
        return ask_day(
            worded,
            diary,
            day,
            lang,
            resume_command=command,
            start=start,
            occasion=occasion,
            plain=plain,
        )
    except saving.StoppedForCare as stop:
        _stopped(form, loaded, diary, day, lang, stop, command, plain, occasion.extra)
        return None


def _stopped(
    form: "Questionnaire",
    loaded: "LoadedDiary",
    diary: Path,
    day: str,
    lang: str,
    stop: "StoppedForCare",
    command: str,
    plain: bool,
    extra: str | None,
) -> None:
    """After "Stop here and get care now": the day so far saved (unless the stop came on the
    panel shown first, which changes nothing), then the advice, where it is, the command.
    The advice is shown whatever happens to the save (a problem saving it is said first)."""
    from paincheck.diary.store import UNFINISHED, Entry, add_entry, forget_pending
    from paincheck.interview.closing import command_line, show_stop
    from paincheck.interview.day import day_words

    msg = form.message
    where = msg("diary_stopped_unchanged", lang, path=shown_path(diary))
    if stop.saved:
        entry = Entry(day, dict(stop.answers.values), UNFINISHED)
        replace = loaded.diary.entry(day) is not None  # the day there when it was read
        try:
            add_entry(form, diary, entry, lang, replace=replace, read=loaded)
        except PaincheckError as exc:
            out.problems(exc.problems)
        else:
            forget_pending(diary, day)
            words = day_words(form, date.fromisoformat(day), date.today(), lang)
            where = msg("diary_stopped_saved", lang, day=words, path=shown_path(diary))
    after: list[str | RenderableType] = [where, msg("diary_stopped_later", lang)]
    after.append(command_line(command))
    show_stop(form, stop.answers, lang, after, plain=plain, extra=extra)


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
        from paincheck.diary.store import diary_form
        from paincheck.diary.trial import summarise

        form, language = _form(questions, lang)
        current = _read(form, diary, language)
        form = diary_form(form, current)
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
    redact: Annotated[
        bool, typer.Option("--redact", help="Leave your name out of the PDF.")
    ] = False,
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
        from paincheck.diary.store import diary_form
        from paincheck.errors import UsageError
        from paincheck.formats.options import ExportOptions

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
            current = _read(form, diary, language)
            out.rendered(writer.render(diary_form(form, current), current, redact=redact))
            return
        current = _read(form, diary, language)
        form = diary_form(form, current)
        target = output or _beside(diary, writer.suffix)
        if target.exists() and diary.exists() and target.samefile(diary):
            raise PaincheckError.single(
                shown_path(target), form.message("diary_export_is_diary", language)
            )
        out.warnings(writer.write(form, current, target, redact=redact, overwrite=force))
        out.note(form.message("export_wrote", language, path=shown_path(target)))
