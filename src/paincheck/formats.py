"""The formats of `paincheck summary`: each a small class that renders and never prints.

The command picks one from its `--format` enum; where the output goes is its business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from paincheck.display import json_text
from paincheck.evaluation import Assessment, to_json
from paincheck.questionnaire import Questionnaire
from paincheck.table import FileSummary, columns, table_row, to_csv, to_jsonl

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult


@dataclass(frozen=True)
class View:
    """What the files were read against, the language of words shown, and whether to redact."""

    questionnaire: Questionnaire
    lang: str
    redact: bool = False


class SummaryFormat(Protocol):
    """A way to write the summaries of answers files."""

    several_files: bool  # whether it takes more than one file

    def render(self, summaries: Sequence[FileSummary], view: View) -> str | RenderableType:
        """The output for these files: text, or a Rich renderable for the terminal."""
        ...


class TextFormat:
    """The Rich summary of one file, for a person at a terminal."""

    several_files = False

    def render(self, summaries: Sequence[FileSummary], view: View) -> str | RenderableType:
        assessment = summaries[0].assessment
        return "" if assessment is None else _Terminal(assessment, view.lang)


class JsonFormat:
    """The JSON summary of one file (the object of interface.md), indented."""

    several_files = False

    def render(self, summaries: Sequence[FileSummary], view: View) -> str | RenderableType:
        assessment = summaries[0].assessment
        if assessment is None:
            return ""
        return json_text(to_json(assessment)) + "\n"


class CsvFormat:
    """The clinic table as CSV: one row per file, a file with problems included."""

    several_files = True

    def render(self, summaries: Sequence[FileSummary], view: View) -> str | RenderableType:
        ids = columns(view.questionnaire, redact=view.redact)
        return to_csv((table_row(s, ids) for s in summaries), ids)


class JsonLinesFormat:
    """The clinic table as JSON Lines: one object per file, the same keys as the CSV."""

    several_files = True

    def render(self, summaries: Sequence[FileSummary], view: View) -> str | RenderableType:
        ids = columns(view.questionnaire, redact=view.redact)
        return to_jsonl(table_row(s, ids) for s in summaries)


@dataclass(frozen=True)
class _Terminal:
    """The Rich summary, drawn with the symbols the console's encoding can show."""

    assessment: Assessment
    lang: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from paincheck.summary import render_summary

        unicode = console.encoding.lower().startswith("utf")
        yield render_summary(self.assessment, self.lang, unicode=unicode)
