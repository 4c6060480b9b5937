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
    bind_language,
    load,
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
    from paincheck.questionnaire.conditions import Value
    from paincheck.questionnaire.view import View

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


def _form(questions: Path | None, lang: str | None) -> "View":
    """The daily form (--questions, else the built-in one) in the command's language; a
    questions folder that names no diary questions (`report: diary:`) is refused here."""
    from paincheck.diary.store import diary_form_folder, diary_ids

    view = bind_language(load(questions or diary_form_folder(), lang), lang)
    diary_ids(view.questionnaire)
    return view


def _read(view: "View", path: Path) -> "Diary":
    return _load(view, path).diary


def _load(view: "View", path: Path) -> "LoadedDiary":
    from paincheck.answers.dates import latest_today
    from paincheck.diary.store import load_diary

    if not path.exists():
        shown = shown_path(path)
        if path.is_symlink():
            from paincheck.files.writing import dangling_link

            raise dangling_link(path, shown)
        raise PaincheckError.single(shown, view.msg("diary_missing_file", path=shown))
    loaded = load_diary(view.questionnaire, path, latest_today())
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

        view = _form(questions, lang)
        form = view.questionnaire
        if from_answers is not None and baseline_pain is not None:
            raise typer.BadParameter(view.msg("diary_baseline_both"))
        if from_answers is not None:
            from paincheck.files.names import same_file

            if same_file(diary, from_answers):
                message = view.msg("diary_start_over_answers")
                raise PaincheckError.single(shown_path(diary), message)
        baseline, name = _start_details(view, from_answers, baseline_pain, name)
        started = new_diary(form, baseline, name=name, after_implant=after_implant)
        write_diary(diary, form, started, overwrite=force)
        out.note(view.msg("diary_started", path=shown_path(diary)))
        out.result(when_to_call_box(view, started))


def _start_details(
    view: "View", from_answers: Path | None, baseline_pain: int | None, name: str | None
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
        checklist = load(None, view.lang)
        answers = read_answers(checklist, from_answers)
        baseline = baseline_from_answers(answers, str(from_answers))
        name_question = checklist.rules.report.header.name
        given = answers.get(name_question) if name_question else None
        name = name if name is not None else given if isinstance(given, str) else None
    elif baseline_pain is not None:
        pain, problem = check_baseline_pain(view.questionnaire, baseline_pain)
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

        view = _form(questions, lang)
        msg = view.msg
        today = date.today()
        checked, problem = diaries.check_date(day or today.isoformat(), today)
        if checked is None:
            raise PaincheckError.single("--date", problem or "")
        loaded = _load(view, diary)
        form = diaries.diary_form(
            view.questionnaire, loaded.diary
        )  # after an implant: "the device"
        view = view.with_questionnaire(form)
        existing = loaded.diary.entry(checked)
        # A day saved by "Stop here and get care now" is finished, not replaced: no question.
        replacing = existing is not None and not existing.unfinished
        if answers is not None:
            if replacing and not force:
                message = msg("diary_entry_exists", date=checked)
                raise PaincheckError.single(shown_path(diary), message)
            day_file = diaries.day_from_answers_file(form, answers, checked)
            out.warnings(day_file.warnings)
            entry: Entry | None = day_file.entry
            _advise(view, day_file.entry, today)
        else:
            if not sys.stdin.isatty():
                raise PaincheckError.single(shown_path(diary), msg("diary_no_terminal"))
            plain = plain or os.environ.get("TERM") == "dumb"
            if replacing and not force and not _confirm_replace(view, diary, checked, plain):
                out.note(msg("diary_kept", date=checked))
                return
            start = existing.answers if existing is not None and existing.unfinished else None
            entry = _ask(view, loaded, diary, checked, questions, plain, start)
        if entry is None:  # stopped to get care: said so, and saved what there was
            return
        # The day there when the diary was read (replaced after a yes, or one stopped to get
        # care, now finished) is replaced; one another add wrote meanwhile is not.
        allowed = force or existing is not None
        updated = diaries.add_entry(view, diary, entry, replace=allowed, read=loaded)
        diaries.forget_pending(diary, checked)
        days = len(updated.entries)
        out.line(msg("diary_added", date=checked, path=shown_path(diary), days=days))


def _advise(view: "View", entry: "Entry", today: date) -> None:
    """A day from a file with a problem in its safety check: the urgent panel's words as
    plain lines on standard output, first (no panel is shown to a script)."""
    from paincheck.answers.checking import Answers
    from paincheck.evaluation import evaluate
    from paincheck.formats.warning_signs import warning_panel_lines
    from paincheck.interview.day import day_occasion

    assessment = evaluate(view.questionnaire, Answers(dict(entry.answers)))
    if not any(assessment.warning_signs.values()):
        return
    extra = day_occasion(view, date.fromisoformat(entry.date), today).extra
    view = view.showing(unicode=out.console().encoding.lower().startswith("utf"))
    for _, text in warning_panel_lines(assessment, view, extra=extra):
        out.line(text)


def _beside(diary: Path, suffix: str) -> Path:
    """The diary's name with another ending, cut to fit a file name if it is very long."""
    from paincheck.files.writing import NAME_MAX, fit_name

    return diary.with_name(fit_name(diary.stem, NAME_MAX - len(suffix.encode())) + suffix)


def _confirm_replace(view: "View", diary: Path, day: str, plain: bool) -> bool:
    """Whether to replace the day's entry, asked as the day's questions are (keeping it is
    first); Ctrl-C or end of input is a stop (exit 130), as in the interview, and changes
    nothing."""
    from paincheck.errors import InterviewInterrupted, Problem
    from paincheck.interview.asking import Asker
    from paincheck.interview.prompts import menu, option

    msg = view.msg
    question = msg("diary_replace", path=shown_path(diary), date=day)
    keys = msg("interview_plain_keys_single" if plain else "interview_keys_single")
    options = [
        option(False, msg("diary_replace_keep"), "1"),
        option(True, msg("diary_replace_yes"), "2"),
    ]
    asker = Asker(None, None, plain)
    try:
        return bool(asker.ask(menu([("question", question), ("keys", keys)], options)))
    except (KeyboardInterrupt, EOFError):
        out.note("")  # end the question's line
        kept = msg("diary_kept", date=day)
        raise InterviewInterrupted([Problem(shown_path(diary), kept)]) from None


def _ask(
    view: "View",
    loaded: "LoadedDiary",
    diary: Path,
    day: str,
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
    command = saving.command_line(program, *words, lang=view.lang, questions=questions)
    when, today = date.fromisoformat(day), date.today()
    occasion = day_occasion(view, when, today)
    worded = view.with_questionnaire(day_form(view, loaded.diary, when, today))
    try:
        return ask_day(
            worded,
            diary,
            day,
            resume_command=command,
            start=start,
            occasion=occasion,
            plain=plain,
        )
    except saving.StoppedForCare as stop:
        _stopped(view, loaded, diary, day, stop, command, plain, occasion.extra)
        return None


def _stopped(
    view: "View",
    loaded: "LoadedDiary",
    diary: Path,
    day: str,
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

    msg = view.msg
    where = msg("diary_stopped_unchanged", path=shown_path(diary))
    if stop.saved:
        entry = Entry(day, dict(stop.answers.values), UNFINISHED)
        replace = loaded.diary.entry(day) is not None  # the day there when it was read
        try:
            add_entry(view, diary, entry, replace=replace, read=loaded)
        except PaincheckError as exc:
            out.problems(exc.problems)
        else:
            forget_pending(diary, day)
            words = day_words(view, date.fromisoformat(day), date.today())
            where = msg("diary_stopped_saved", day=words, path=shown_path(diary))
    after: list[str | RenderableType] = [where, msg("diary_stopped_later")]
    after.append(command_line(command))
    show_stop(view, stop.answers, after, plain=plain, extra=extra)


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

        view = _form(questions, lang)
        current = _read(view, diary)
        view = view.with_questionnaire(diary_form(view.questionnaire, current))
        summary = summarise(view.questionnaire, current)
        out.result(output_format.to_format().render(view, current, summary))


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

        view = _form(questions, lang)
        if font is not None and output_format is not DiaryFormat.pdf:
            words = view.msg("export_font_pdf_only", format=output_format)
            raise UsageError.single("--font", words)
        writer = output_format.to_format(ExportOptions(view.lang, paper.value, font=font))
        if output is not None and str(output) == STDOUT:
            if not writer.text:
                raise UsageError.single("-o", view.msg("export_stdout_pdf", formats="fhir"))
            current = _read(view, diary)
            form = diary_form(view.questionnaire, current)
            out.rendered(writer.render(form, current, redact=redact))
            return
        current = _read(view, diary)
        form = diary_form(view.questionnaire, current)
        target = output or _beside(diary, writer.suffix)
        if target.exists() and diary.exists() and target.samefile(diary):
            raise PaincheckError.single(shown_path(target), view.msg("diary_export_is_diary"))
        out.warnings(writer.write(form, current, target, redact=redact, overwrite=force))
        out.note(view.msg("export_wrote", path=shown_path(target)))
