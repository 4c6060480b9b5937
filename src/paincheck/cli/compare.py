"""`paincheck compare`: the visits of one person side by side (Typer only).

The work is in `formats/compare.py` (pure), the formats in `formats/results.py` and `formats/exports.py`.
"""

# No `from __future__ import annotations`: Typer reads the command's annotations at every
# start (see cli.py).
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, assert_never

import typer

from paincheck.cli.common import (
    LangOption,
    Paper,
    PaperOption,
    QuestionsOption,
    bind_language,
    load,
    print_problems,
)
from paincheck.output import STDOUT, out

if TYPE_CHECKING:
    from paincheck.formats import exports, results
    from paincheck.formats.compare import Comparison
    from paincheck.formats.options import ExportOptions
    from paincheck.questionnaire.view import View


class CompareFormat(StrEnum):
    text = "text"
    json = "json"
    pdf = "pdf"
    html = "html"

    def shown(self) -> "results.CompareFormat | None":
        """The format that shows the comparison on standard output (None: a file format)."""
        from paincheck.formats import results

        match self:
            case CompareFormat.text:
                return results.CompareText()
            case CompareFormat.json:
                return results.CompareJson()
            case CompareFormat.pdf | CompareFormat.html:
                return None
            case _:
                assert_never(self)

    def written(self, options: "ExportOptions") -> "exports.CompareWriter":
        """The format that writes the comparison to a file (text and JSON: a plain file)."""
        from paincheck.formats import exports

        match self:
            case CompareFormat.pdf:
                return exports.ComparePdf(options)
            case CompareFormat.html:
                return exports.CompareHtml(options)
            case CompareFormat.text | CompareFormat.json:
                raise AssertionError("shown, not written")
            case _:
                assert_never(self)


def compare(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Two or more answers files (YAML, JSON or FHIR), one per visit; - for standard "
            "input.",
            metavar="FILE FILE [FILE...]",
        ),
    ],
    output_format: Annotated[
        CompareFormat,
        typer.Option(
            "--format",
            help="text; json; pdf (one page for your specialist); or html (one accessible web "
            "page).",
        ),
    ] = CompareFormat.text,
    output: Annotated[
        Optional[str],  # noqa: UP045 - a str, not a Path, to keep a trailing slash (a folder)
        typer.Option(
            "-o",
            "--output",
            help="File to write, readable by you only (text and json: default the screen; pdf "
            "and html: default FIRST-compare.pdf or .html beside the first file).",
        ),
    ] = None,
    redact: Annotated[
        bool, typer.Option("--redact", help="Leave out identifying answers (name and age).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    paper: PaperOption = Paper.letter,
    questions: QuestionsOption = None,
    lang: LangOption = None,
) -> None:
    """Put the answers of several visits side by side and say what changed.

    For check-ups after a trial or an implant: the first visit is the one the others are
    compared with. Files with a date are put in date order; without dates, in the order
    given. The last visit's warning signs come first.
    """
    # Long only for its eight option declarations (Typer reads them here); the body is short.
    if len(files) < 2:
        raise typer.BadParameter(
            "give two or more answers files: the first visit and at least one later one",
            param_hint="'FILE FILE [FILE...]'",
        )
    with out.reporting():
        from paincheck.errors import UsageError
        from paincheck.formats.options import ExportOptions
        from paincheck.text.display import file_name

        view = bind_language(load(questions, lang), lang, redact=redact)
        comparison = compare_files(view, files)
        shown = output_format.shown()
        if shown is None:
            writer = output_format.written(ExportOptions(view.lang, paper.value))
            if output == STDOUT:  # text (html) there; a PDF is a usage error
                if not writer.text:
                    words = view.msg("export_stdout_pdf", formats="text, json, html")
                    raise UsageError.single("-o", words)
                out.rendered(writer.render(comparison, redact=redact))
                return
            target = write_file(comparison, writer, files, output, redact=redact, force=force)
        else:
            rendered = shown.render(comparison, view)
            if output is None or output == STDOUT:
                out.result(rendered)
                return
            target = Path(output)
            out.to_file(rendered, target, overwrite=force, inputs=files)
        out.note(view.msg("export_wrote", path=file_name(str(target))))


def write_file(
    comparison: "Comparison",
    writer: "exports.CompareWriter",
    files: list[str],
    output: str | None,
    *,
    redact: bool,
    force: bool,
) -> Path:
    """Write the PDF or HTML page (to `output`, or beside the first file); where it went."""
    from paincheck.files.names import one_output_for_all

    path = one_output_for_all(files, output, "-compare" + writer.suffix)
    out.warnings(writer.write(comparison, path, redact=redact, overwrite=force))
    return path


def compare_files(view: "View", files: list[str]) -> "Comparison":
    """The files as visits side by side; every problem in every file is shown, and then
    nothing is compared (exit code 1)."""
    questionnaire = view.questionnaire
    from paincheck.answers.loading import load_each
    from paincheck.evaluation import evaluate
    from paincheck.formats.compare import Visit, compare_visits

    visits = []
    failed = False
    for checked in load_each(questionnaire, files):
        print_problems(checked)
        if checked.loaded is None:
            failed = True
        else:
            visits.append(Visit(checked.file, evaluate(questionnaire, checked.loaded.answers)))
    out.fail_if(failed)
    return compare_visits(visits, view)
