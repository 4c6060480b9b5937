"""The formats of `paincheck export`, `compare` and `diary export`: each a small class that
renders one document (and its warnings) and writes it to a private file.

The commands pick one from their `--format` enum. A text format (`text = True`: FHIR, HTML)
can also go to standard output (`-o -`); a PDF cannot. A PDF format imports reportlab
(through `paincheck.formats.pdf`) only when it is made, so the other formats never pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from paincheck.files.writing import write_rendered
from paincheck.formats.options import ExportOptions
from paincheck.questionnaire.view import View

if TYPE_CHECKING:
    from paincheck.diary.store import Diary
    from paincheck.evaluation import Assessment
    from paincheck.formats.compare import Comparison
    from paincheck.questionnaire import Questionnaire

Rendered = tuple[bytes | str, list[str]]  # the document, and its warnings


class ReportFormat(Protocol):
    """A way to write the report on one answers file."""

    suffix: str  # the file name ending of a report
    text: bool  # whether it is text, which may go to standard output

    def render(self, assessment: Assessment, *, redact: bool) -> Rendered:
        """The report, and its warnings."""
        ...

    def write(
        self, assessment: Assessment, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        """Write the report to a private file; its warnings."""
        ...


class BlankFormat(Protocol):
    """A way to write the blank checklist."""

    suffix: str
    stem: str  # ends the file name: drg-checklist-blank.pdf
    text: bool

    def render(self, questionnaire: Questionnaire) -> Rendered:
        """The blank checklist, and its warnings."""
        ...

    def write(self, questionnaire: Questionnaire, path: Path, *, overwrite: bool) -> Sequence[str]:
        """Write the blank checklist to a private file; its warnings."""
        ...


class DiaryExportFormat(Protocol):
    """A way to write a trial diary for the specialist."""

    suffix: str
    text: bool

    def render(self, form: Questionnaire, diary: Diary, *, redact: bool) -> Rendered:
        """The diary's document (`redact`: without the name), and its warnings."""
        ...

    def write(
        self, form: Questionnaire, diary: Diary, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        """Write the diary to a private file (`redact`: without the name); its warnings."""
        ...


class _Report:
    """What every report format shares: writing what `render` makes (after checking that
    the file may be written, so a refused file costs no work)."""

    def render(self, assessment: Assessment, *, redact: bool) -> Rendered:
        raise NotImplementedError

    def write(
        self, assessment: Assessment, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        return write_rendered(
            path, partial(self.render, assessment, redact=redact), overwrite=overwrite
        )


class PdfReport(_Report):
    """The PDF report to bring to the specialist."""

    suffix = ".pdf"
    text = False

    def __init__(self, options: ExportOptions) -> None:
        from paincheck.formats.pdf import check_font

        self.options = options
        check_font(options)  # a broken --font stops before any work

    def render(self, assessment: Assessment, *, redact: bool) -> Rendered:
        from paincheck.formats.pdf import render_report

        data, warnings = render_report(assessment, self.options, redact=redact)
        return data, warnings


class HtmlReport(_Report):
    """The report as one self-contained, accessible web page."""

    suffix = ".html"
    text = True

    def __init__(self, options: ExportOptions) -> None:
        self.options = options

    def render(self, assessment: Assessment, *, redact: bool) -> Rendered:
        from paincheck.formats.html import render_html

        options = self.options
        page = render_html(
            assessment,
            view=View(assessment.questionnaire, options.lang),
            large_print=options.large_print,
            redact=redact,
            paper=options.paper,
        )
        return page, []


class FhirReport(_Report):
    """The assessed answers as a FHIR R4 QuestionnaireResponse."""

    suffix = ".fhir.json"
    text = True

    def __init__(self, options: ExportOptions) -> None:
        self.lang = options.lang

    def render(self, assessment: Assessment, *, redact: bool) -> Rendered:
        from paincheck.answers.checking import Answers
        from paincheck.formats.fhir import response_json

        answers = Answers(dict(assessment.answers), assessment.status, assessment.date)
        view = View(assessment.questionnaire, self.lang)
        return response_json(view, answers, redact=redact), []


class CompareWriter(Protocol):
    """A way to write visits side by side to a file."""

    suffix: str
    text: bool

    def render(self, comparison: Comparison, *, redact: bool) -> Rendered:
        """The comparison's page, and its warnings."""
        ...

    def write(
        self, comparison: Comparison, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        """Write the comparison to a private file; its warnings."""
        ...


class _Compare:
    def render(self, comparison: Comparison, *, redact: bool) -> Rendered:
        raise NotImplementedError

    def write(
        self, comparison: Comparison, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        render = partial(self.render, comparison, redact=redact)
        return write_rendered(path, render, overwrite=overwrite)


class ComparePdf(_Compare):
    """The visits side by side on one page for the specialist."""

    suffix = ".pdf"
    text = False

    def __init__(self, options: ExportOptions) -> None:
        self.options = options

    def render(self, comparison: Comparison, *, redact: bool) -> Rendered:
        from paincheck.formats.pdf import render_compare_pdf

        data, warnings = render_compare_pdf(comparison, self.options, redact=redact)
        return data, warnings


class CompareHtml(_Compare):
    """The visits side by side as one self-contained, accessible web page."""

    suffix = ".html"
    text = True

    def __init__(self, options: ExportOptions) -> None:
        self.options = options

    def render(self, comparison: Comparison, *, redact: bool) -> Rendered:
        from paincheck.formats.html import render_compare_html

        options = self.options
        view = View(comparison.questionnaire, options.lang)
        page = render_compare_html(comparison, view=view, redact=redact, paper=options.paper)
        return page, []


class _Blank:
    def render(self, questionnaire: Questionnaire) -> Rendered:
        raise NotImplementedError

    def write(self, questionnaire: Questionnaire, path: Path, *, overwrite: bool) -> Sequence[str]:
        return write_rendered(path, partial(self.render, questionnaire), overwrite=overwrite)


class PdfBlank(_Blank):
    """The printable empty checklist, or (`short`) the one-page checklist of the questions
    rules.yaml names in `report.short`."""

    suffix = ".pdf"
    text = False

    def __init__(self, options: ExportOptions, short: bool = False) -> None:
        self.report = PdfReport(options)
        self.short = short
        self.stem = "short" if short else "blank"

    def render(self, questionnaire: Questionnaire) -> Rendered:
        from paincheck.formats.pdf import render_blank, render_short

        render = render_short if self.short else render_blank
        data, warnings = render(questionnaire, self.report.options)
        return data, warnings


class FhirQuestionnaire(_Blank):
    """The questionnaire as a FHIR R4 Questionnaire."""

    suffix = ".json"
    stem = "blank"
    text = True

    def __init__(self, options: ExportOptions) -> None:
        self.lang = options.lang

    def render(self, questionnaire: Questionnaire) -> Rendered:
        from paincheck.files.reading import dump_json
        from paincheck.formats.fhir import questionnaire_resource

        return dump_json(questionnaire_resource(View(questionnaire, self.lang))), []


class _DiaryExport:
    def render(self, form: Questionnaire, diary: Diary, *, redact: bool) -> Rendered:
        raise NotImplementedError

    def write(
        self, form: Questionnaire, diary: Diary, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        render = partial(self.render, form, diary, redact=redact)
        return write_rendered(path, render, overwrite=overwrite)


class DiaryPdf(_DiaryExport):
    """The diary as a one-page PDF with a chart (two pages at most)."""

    suffix = ".pdf"
    text = False

    def __init__(self, options: ExportOptions) -> None:
        from paincheck.formats.pdf import check_font

        self.options = options
        check_font(options)  # a broken --font stops before any work

    def render(self, form: Questionnaire, diary: Diary, *, redact: bool) -> Rendered:
        from paincheck.formats.pdf import render_diary_pdf

        data, warnings = render_diary_pdf(form, diary, self.options, redact=redact)
        return data, warnings


class DiaryFhir(_DiaryExport):
    """The diary as a FHIR R4 Bundle: one QuestionnaireResponse per day."""

    suffix = ".fhir.json"
    text = True

    def __init__(self, options: ExportOptions) -> None:
        self.lang = options.lang

    def render(self, form: Questionnaire, diary: Diary, *, redact: bool) -> Rendered:
        """The bundle holds no name: `redact` changes nothing in it."""
        from paincheck.answers.checking import Answers
        from paincheck.formats.fhir import collection_bundle, pain_observation

        dated = [(e.date, Answers(e.answers, e.status)) for e in diary.entries]
        view = View(form, self.lang)
        first = []
        if diary.baseline is not None:
            base = diary.baseline
            text = view.msg("diary_fhir_baseline")
            note = view.msg("diary_fhir_baseline_note")
            first.append(pain_observation(base.pain_average, text, note, base.date))
        return collection_bundle(view, dated, first=first), []
