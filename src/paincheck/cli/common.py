"""What the checklist and diary commands share: options, loading questions and answers, and
an interview saved to a file."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from paincheck.output import out

if TYPE_CHECKING:
    from paincheck.answers.checking import Answers
    from paincheck.answers.loading import FileAnswers
    from paincheck.questionnaire import Questionnaire
    from paincheck.questionnaire.view import View


class Paper(StrEnum):
    letter = "letter"
    a4 = "a4"


def questions_option(help: str) -> Any:
    """The --questions option: a questions folder to use instead of the built-in one."""
    return typer.Option("--questions", help=help, file_okay=False)


QuestionsOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer needs Optional here on Python 3.11
    questions_option("Questions folder to use instead of the built-in checklist."),
]
LangOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--lang",
        help="Language for patient-facing text: en or es "
        "(default: from LC_ALL, LC_MESSAGES or LANG, else en).",
    ),
]
PaperOption = Annotated[Paper, typer.Option("--paper", help="letter or a4.")]
LargePrintOption = Annotated[
    bool,
    typer.Option(
        "--large-print",
        help="Large print: body text 14 pt (the short checklist: the largest of 14 to 12 pt that fits two pages).",
    ),
]
FontOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--font", help="A TrueType (.ttf) font for the PDF, e.g. for CJK names."),
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="Ask line by line with numbered choices (screen readers; automatic with TERM=dumb).",
    ),
]


def load(
    questions: Path | None, lang: str | None = None, *, every_language: bool = False
) -> Questionnaire:
    """The questionnaire to use, with the texts of the language it will be shown in.

    `every_language` reads and checks every declared translation (for `questions`, `validate`).
    """
    from paincheck.questionnaire import load_questionnaire
    from paincheck.text.language import language_from_environment

    wanted = None if every_language else [lang or language_from_environment()]
    return load_questionnaire(questions, wanted)


def bind_language(questionnaire: Questionnaire, lang: str | None, *, redact: bool = False) -> View:
    """The view the command shows the questionnaire in, its language bound once: the one
    asked for, or the environment's, if the questionnaire has it (and the output sink's from
    now on). `redact`: identifying answers are left out."""
    from paincheck.questionnaire.view import View
    from paincheck.text.language import DEFAULT_LANGUAGE, language_from_environment

    if lang is not None and lang not in questionnaire.languages:
        from paincheck.errors import UsageError
        from paincheck.text.display import quoted

        choices = ", ".join(questionnaire.languages)
        raise UsageError.single(
            "--lang", f"{quoted(lang)} is not available; choose one of: {choices}"
        )
    if lang is None:
        wanted = language_from_environment()
        lang = wanted if wanted in questionnaire.languages else DEFAULT_LANGUAGE
    out.lang = lang
    return View(questionnaire, lang, redact)


def read_answers(questionnaire: Questionnaire, file: str | Path) -> Answers:
    """An answers file's checked answers; its warnings go to standard error."""
    from paincheck.answers.loading import load_answers

    loaded = load_answers(questionnaire, file)
    out.warnings(loaded.warnings)
    return loaded.answers


def print_problems(checked: FileAnswers) -> None:
    """A loaded file's warnings, or the errors that stopped it, on standard error."""
    if checked.loaded is not None:
        out.warnings(checked.loaded.warnings)
    out.problems(checked.problems)


def interview_to_file(
    view: View,
    initial: Answers,
    answers: Path | None,
    save: Path | None,
    *,
    plain: bool,
    again: Mapping[str, Any],
    stopped_note: str | None = None,
) -> tuple[Path, Answers]:
    """Where to save (`choose_save_path`), then the interview (`run`, and `export` without
    files); a stop says how to resume from this shell (`again`: the --lang and --questions
    given, for that command). "Stop here and get care now" ends with code 0, after the
    advice and the message `stopped_note` names."""
    import os
    import sys
    from datetime import datetime

    from paincheck.interview import closing
    from paincheck.interview.saving import (
        Interrupted,
        StoppedForCare,
        choose_save_path,
        interrupted_error,
        program_words,
        release_unused,
        resume_command,
        stop_command,
    )
    from paincheck.interview.walk import run_interview

    program = program_words(sys.argv[0], os.environ)

    def resume(path: Path) -> str:
        return resume_command(path, program, plain=plain, **again)

    path = choose_save_path(view, answers, save, Path.cwd(), datetime.now(), resume(save or Path()))
    try:
        result = run_interview(view, initial, path, plain=plain, loaded_from=answers)
    except Interrupted as stopped:
        raise interrupted_error(view, path, stopped.answers, resume(path)) from None
    except StoppedForCare as stop:
        at = (path, answers, save, stop.saved, program)
        where, command = stop_command(*at, plain=plain, **again)
        closing.report_stop(view, stop, where, command, plain, stopped_note)
        raise typer.Exit(0) from None
    finally:
        release_unused(path)  # created for this run, never written: not left behind
    return path, result
