"""The `paincheck` command line: thin commands that load, evaluate, render and write."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from paincheck import __version__
from paincheck.errors import ExitCode, PaincheckError

if TYPE_CHECKING:
    from rich.console import Console

    from paincheck.questionnaire import Questionnaire

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


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


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
        for problem in exc.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(int(exc.exit_code)) from None


def load(questions: Path | None) -> Questionnaire:
    """The questionnaire to use."""
    from paincheck.questionnaire import load_questionnaire

    return load_questionnaire(questions)


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

    return Console(highlight=False)


def print_warnings(warnings: tuple[object, ...]) -> None:
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)


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
    file: Annotated[
        str, typer.Argument(help="Answers file (YAML or JSON), or - for standard input.")
    ],
    output_format: Annotated[
        TextOrJson, typer.Option("--format", help="text or json.")
    ] = TextOrJson.text,
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """Show where an answers file stands against the published DRG criteria."""
    with reported():
        from paincheck.answers import load_answers
        from paincheck.evaluation import evaluate, to_json

        questionnaire = load(questions)
        language = pick_language(questionnaire, lang)
        loaded = load_answers(questionnaire, file)
        print_warnings(loaded.warnings)
        assessment = evaluate(questionnaire, loaded.answers)
        if output_format is TextOrJson.json:
            import json

            typer.echo(json.dumps(to_json(assessment), indent=2, ensure_ascii=False))
            return
        from paincheck.summary import render_summary

        console = stdout_console()
        console.print(render_summary(assessment, language, unicode=_unicode(console)))


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(help="Answers files to check.")],
    questions: QuestionsOption = None,
) -> None:
    """Check answers files and list every problem in each, not just the first."""
    with reported():
        from paincheck.answers import load_answers

        questionnaire = load(questions)
        failed = False
        for file in files:
            try:
                loaded = load_answers(questionnaire, file)
            except PaincheckError as exc:
                failed = True
                for problem in exc.problems:
                    typer.echo(f"error: {problem}", err=True)
                continue
            print_warnings(loaded.warnings)
            typer.echo(f"{file}: ok ({len(loaded.answers.values)} answers)")
        if failed:
            raise typer.Exit(int(ExitCode.INVALID_INPUT))


@app.command()
def template(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write (default: standard output)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """Write a blank answers file: every question id, commented with its text and allowed values."""
    with reported():
        from paincheck.listing import template_text

        questionnaire = load(questions)
        text = template_text(questionnaire, pick_language(questionnaire, lang))
        if output is None:
            typer.echo(text, nl=False)
            return
        from paincheck.files import write_private

        write_private(output, text, overwrite=force)
        typer.echo(f"Wrote {output}", err=True)


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

        questionnaire = load(questions)
        language = pick_language(questionnaire, lang)
        if output_format is QuestionsFormat.fhir:
            import json

            from paincheck.fhir import questionnaire_resource

            resource = questionnaire_resource(questionnaire, language)
            typer.echo(json.dumps(resource, indent=2, ensure_ascii=False))
            return
        if output_format is QuestionsFormat.json:
            import json

            typer.echo(
                json.dumps(
                    listing.questions_json(questionnaire, language), indent=2, ensure_ascii=False
                )
            )
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
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """Answer the checklist in the terminal: go back any time, review, stop and resume later."""
    with reported():
        from datetime import datetime

        from paincheck import interview
        from paincheck.answers import Answers, load_answers
        from paincheck.evaluation import evaluate
        from paincheck.summary import render_summary

        questionnaire = load(questions)
        language = pick_language(questionnaire, lang)
        initial = Answers(status="in_progress")
        if answers is not None:
            loaded = load_answers(questionnaire, answers)
            print_warnings(loaded.warnings)
            initial = loaded.answers
        path = interview.choose_save_path(
            questionnaire, answers, save, Path.cwd(), datetime.now(), language
        )
        result = interview.run_interview(questionnaire, initial, path, language)
        assessment = evaluate(questionnaire, result)
        console = stdout_console()
        console.print(render_summary(assessment, language, unicode=_unicode(console)))
        console.print(interview.saved_message(questionnaire, path, language), markup=False)
        interview.offer_pdf(assessment, path, language)


def _unicode(console: Console) -> bool:
    return console.encoding.lower().startswith("utf")


def main() -> None:
    """Entry point of the `paincheck` command."""
    try:
        app()
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
