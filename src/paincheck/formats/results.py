"""The formats of `paincheck summary`, `compare`, `questions` and `diary show`: each a small
class that renders and never prints.

Each command picks one from its `--format` enum; where the output goes is the output sink's
business (`paincheck.output`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from paincheck.evaluation import Assessment, to_json
from paincheck.formats.table import FileSummary, columns, table_row, to_csv, to_jsonl
from paincheck.model import model
from paincheck.questionnaire.view import View
from paincheck.text.display import json_text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

    from paincheck.diary.store import Diary
    from paincheck.diary.trial import TrialSummary
    from paincheck.formats.compare import Comparison


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
        return "" if assessment is None else _Terminal(assessment, view)


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


@model
class _Terminal:
    """The Rich summary, drawn with the symbols the console's encoding can show."""

    assessment: Assessment
    view: View

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from paincheck.formats.summary import render_summary

        yield render_summary(self.assessment, _on(console, self.view))


# -- paincheck compare ------------------------------------------------------------------------


class CompareFormat(Protocol):
    """A way to show visits side by side on standard output (or in a file given with -o)."""

    def render(self, comparison: Comparison, view: View) -> str | RenderableType:
        """The comparison: text, or a Rich renderable for the terminal."""
        ...


class CompareText:
    """The visits as a table, a chart and the changes in words, for a person."""

    def render(self, comparison: Comparison, view: View) -> str | RenderableType:
        return _CompareTerminal(comparison, view)


class CompareJson:
    """The comparison as the JSON object of followup.md, indented."""

    def render(self, comparison: Comparison, view: View) -> str | RenderableType:
        from paincheck.formats.compare import to_json as compare_json

        return json_text(compare_json(comparison)) + "\n"


@model
class _CompareTerminal:
    """The comparison, drawn with the symbols the console's encoding can show."""

    comparison: Comparison
    view: View

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from paincheck.formats.compare_text import render_comparison

        view = _on(console, self.view)
        yield render_comparison(self.comparison, view, width=options.max_width)


# -- paincheck questions ----------------------------------------------------------------------


class QuestionsFormat(Protocol):
    """A way to list the questionnaire."""

    def render(self, view: View) -> str | RenderableType:
        """The listing of the view's questionnaire: text, or a Rich renderable for the
        terminal."""
        ...


class QuestionsTable:
    """A table of ids, sections, types, choices and conditions, for a person."""

    def render(self, view: View) -> str | RenderableType:
        from paincheck.formats.listing import questions_table

        return questions_table(view)


class QuestionsJson:
    """The questions as JSON (the shape of interface.md)."""

    def render(self, view: View) -> str | RenderableType:
        from paincheck.formats.listing import questions_json

        return json_text(questions_json(view)) + "\n"


class QuestionsFhir:
    """The questionnaire as a FHIR R4 Questionnaire resource."""

    def render(self, view: View) -> str | RenderableType:
        from paincheck.formats.fhir import questionnaire_resource

        return json_text(questionnaire_resource(view)) + "\n"


# -- paincheck diary show ---------------------------------------------------------------------


class DiaryShowFormat(Protocol):
    """A way to show a trial diary and what it adds up to."""

    def render(self, view: View, diary: Diary, summary: TrialSummary) -> str | RenderableType:
        """The diary (the view's questionnaire is its daily form): text, or a Rich renderable
        for the terminal."""
        ...


class DiaryText:
    """The days as a table and a small chart, and what they add up to."""

    def render(self, view: View, diary: Diary, summary: TrialSummary) -> str | RenderableType:
        return _DiaryTerminal(view, diary, summary)


class DiaryJson:
    """What the diary adds up to, as JSON."""

    def render(self, view: View, diary: Diary, summary: TrialSummary) -> str | RenderableType:
        import json

        from paincheck.diary.trial import to_json as trial_json

        return json.dumps(trial_json(summary), indent=2, ensure_ascii=False) + "\n"


@model
class _DiaryTerminal:
    """The diary view, drawn with the symbols the console's encoding can show."""

    view: View
    diary: Diary
    summary: TrialSummary

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from paincheck.formats.diary_text import render_diary

        yield render_diary(_on(console, self.view), self.diary, self.summary)


def _on(console: Console, view: View) -> View:
    """The view as this console can show it: Unicode symbols only where it writes UTF-8."""
    return view.showing(unicode=console.encoding.lower().startswith("utf"))
