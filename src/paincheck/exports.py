"""The formats of `paincheck export`, `compare` and `diary export`: each a small class that
writes one file and returns its warnings.

The commands pick one from their `--format` enum. A PDF format imports reportlab (through
`paincheck.pdf`) only when it is made, so the other formats never pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from paincheck.files import write_private
from paincheck.outputs import ExportOptions

if TYPE_CHECKING:
    from paincheck.compare import Comparison
    from paincheck.diary import Diary
    from paincheck.evaluation import Assessment
    from paincheck.questionnaire import Questionnaire


class ReportFormat(Protocol):
    """A way to write the report on one answers file."""

    suffix: str  # the file name ending of a report

    def write(
        self, assessment: Assessment, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        """Write the report to a private file; its warnings."""
        ...


class BlankFormat(Protocol):
    """A way to write the blank checklist."""

    suffix: str
    stem: str  # ends the file name: drg-checklist-blank.pdf

    def write(self, questionnaire: Questionnaire, path: Path, *, overwrite: bool) -> Sequence[str]:
        """Write the blank checklist to a private file; its warnings."""
        ...


class DiaryExportFormat(Protocol):
    """A way to write a trial diary for the specialist."""

    suffix: str

    def write(
        self, form: Questionnaire, diary: Diary, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        """Write the diary to a private file (`redact`: without the name); its warnings."""
        ...


class PdfReport:
    """The PDF report to bring to the specialist."""

    suffix = ".pdf"

    def __init__(self, options: ExportOptions) -> None:
        from paincheck.pdf import check_font

        self.options = options
        check_font(options)  # a broken --font stops before any work

    def write(
        self, assessment: Assessment, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        from paincheck.pdf import write_report

        return write_report(assessment, path, self.options, redact=redact, overwrite=overwrite)


class HtmlReport:
    """The report as one self-contained, accessible web page."""

    suffix = ".html"

    def __init__(self, options: ExportOptions) -> None:
        self.options = options

    def write(
        self, assessment: Assessment, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        from paincheck.htmlreport import write_html

        return write_html(assessment, path, self.options, redact=redact, overwrite=overwrite)


class FhirReport:
    """The assessed answers as a FHIR R4 QuestionnaireResponse."""

    suffix = ".fhir.json"

    def __init__(self, options: ExportOptions) -> None:
        self.lang = options.lang

    def write(
        self, assessment: Assessment, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        from paincheck.answers import Answers
        from paincheck.fhir import response_json

        answers = Answers(dict(assessment.answers), assessment.status, assessment.date)
        text = response_json(assessment.questionnaire, answers, redact=redact, lang=self.lang)
        write_private(path, text, overwrite=overwrite)
        return []


class CompareWriter(Protocol):
    """A way to write visits side by side to a file."""

    suffix: str

    def write(
        self, comparison: Comparison, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        """Write the comparison to a private file; its warnings."""
        ...


class ComparePdf:
    """The visits side by side on one page for the specialist."""

    suffix = ".pdf"

    def __init__(self, options: ExportOptions) -> None:
        self.options = options

    def write(
        self, comparison: Comparison, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        from paincheck.pdf import write_compare_pdf

        return write_compare_pdf(comparison, path, self.options, redact=redact, overwrite=overwrite)


class CompareHtml:
    """The visits side by side as one self-contained, accessible web page."""

    suffix = ".html"

    def __init__(self, options: ExportOptions) -> None:
        self.options = options

    def write(
        self, comparison: Comparison, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        from paincheck.htmlreport import write_compare_html

        return write_compare_html(
            comparison, path, self.options, redact=redact, overwrite=overwrite
        )


class PdfBlank:
    """The printable empty checklist, or (`short`) the one-page checklist of the questions
    rules.yaml names in `report.short`."""

    suffix = ".pdf"

    def __init__(self, options: ExportOptions, short: bool = False) -> None:
        self.report = PdfReport(options)
        self.short = short
        self.stem = "short" if short else "blank"

    def write(self, questionnaire: Questionnaire, path: Path, *, overwrite: bool) -> Sequence[str]:
        from paincheck.pdf import write_blank, write_short

        write = write_short if self.short else write_blank
        return write(questionnaire, path, self.report.options, overwrite=overwrite)


class FhirQuestionnaire:
    """The questionnaire as a FHIR R4 Questionnaire."""

    suffix = ".json"
    stem = "blank"

    def __init__(self, options: ExportOptions) -> None:
        self.lang = options.lang

    def write(self, questionnaire: Questionnaire, path: Path, *, overwrite: bool) -> Sequence[str]:
        import json

        from paincheck.fhir import questionnaire_resource

        resource = questionnaire_resource(questionnaire, self.lang)
        text = json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
        write_private(path, text, overwrite=overwrite)
        return []


class DiaryPdf:
    """The diary as a one-page PDF with a chart."""

    suffix = ".pdf"

    def __init__(self, options: ExportOptions) -> None:
        self.options = options

    def write(
        self, form: Questionnaire, diary: Diary, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        from paincheck.pdf import write_diary_pdf

        return write_diary_pdf(form, diary, path, self.options, redact=redact, overwrite=overwrite)


class DiaryFhir:
    """The diary as a FHIR R4 Bundle: one QuestionnaireResponse per day."""

    suffix = ".fhir.json"

    def __init__(self, options: ExportOptions) -> None:
        self.lang = options.lang

    def write(
        self, form: Questionnaire, diary: Diary, path: Path, *, redact: bool, overwrite: bool
    ) -> Sequence[str]:
        """The bundle holds no name: `redact` changes nothing in it."""
        from paincheck.answers import Answers
        from paincheck.fhir import collection_bundle, pain_observation

        dated = [(e.date, Answers(e.answers, e.status)) for e in diary.entries]
        first = []
        if diary.baseline is not None:
            base = diary.baseline
            text = form.message("diary_fhir_baseline", self.lang)
            note = form.message("diary_fhir_baseline_note", self.lang)
            first.append(pain_observation(base.pain_average, text, note, base.date))
        bundle = collection_bundle(form, dated, lang=self.lang, first=first)
        write_private(path, bundle, overwrite=overwrite)
        return []
