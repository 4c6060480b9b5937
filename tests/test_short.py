"""The one-page checklist (`paincheck export --blank --short`): one page in both languages on
both papers, the questions rules.yaml names with their ids, every warning sign with its
advice, ids that type back into an answers file that validates, and the folder check."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

from paincheck.formats import pdf
from paincheck.formats.pdf.short import ID_SIZE
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import OTHER
from tests.helpers.documents import Run, runs_by_page
from tests.helpers.inputs import copy_other, edit, problems

PRINTS = [(paper, lang) for paper in ("letter", "a4") for lang in ("en", "es")]
_MADE: dict[tuple[str, str, bool], bytes] = {}


def short_pdf(questionnaire: Questionnaire, paper: str, lang: str, large: bool = False) -> bytes:
    """The shipped checklist's short page, made once per session."""
    key = (paper, lang, large)
    if key not in _MADE:
        options = pdf.ExportOptions(lang=lang, paper=paper, large_print=large)
        data, warnings = pdf.render_short(questionnaire, options)
        assert warnings == []
        _MADE[key] = data
    return _MADE[key]


def words(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def ids_on(data: bytes) -> list[str]:
    """The ids printed in their small size, in the order they are drawn."""
    found: list[str] = []
    for runs in runs_by_page(data):
        for run in runs:
            if abs(run.size - ID_SIZE) < 0.05:
                found += re.findall(r"[a-z0-9_]+", run.text)
    return found


# -- the page -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "lang"), PRINTS)
def test_one_page_with_every_question_choice_and_advice(
    questionnaire: Questionnaire, paper: str, lang: str
) -> None:
    data = short_pdf(questionnaire, paper, lang)
    assert page_count(data) == 1
    assert_every_question_choice_and_advice(questionnaire, data, lang)


def assert_every_question_choice_and_advice(
    questionnaire: Questionnaire, data: bytes, lang: str
) -> None:
    """Every question of the short list with its number, id and choices; every warning
    sign's advice word for word, under both tiers' titles; the line about the full list."""
    text = words(data)
    assert flat(questionnaire.title(lang)) in text
    printed = set(ids_on(data))
    short = questionnaire.rules.report.short
    for number, question_id in enumerate(short, 1):
        question = questionnaire.question(question_id)
        assert question is not None
        assert f"{number}. {flat(question.text(lang))}" in text, question_id
        assert question_id in printed
        # The areas are shaded on the outline: their ids are printed under it.
        outline = question_id == "pain_locations"
        for choice in question.choices:
            assert outline or flat(choice.short_label(lang)) in text, choice.id
            assert choice.id in printed, choice.id
    # Every sign's advice, word for word as the rules give it, and the titles of both tiers.
    for flag in questionnaire.rules.flags.values():
        assert flat(flag.title(lang)) in text
        for advice in flag.advice.values():
            assert flat(advice(lang)) in text
    more = questionnaire.message("pdf_short_more", lang)
    assert flat(more) in text and "paincheck export --blank" in more
    assert "next visit" not in text and "próxima cita" not in text


@pytest.mark.parametrize(("paper", "lang"), PRINTS)
def test_print_is_as_large_as_fits_one_page(
    questionnaire: Questionnaire, paper: str, lang: str
) -> None:
    """English about 8 pt, Spanish (longer words) never under 7.4 pt; the ids, for whoever
    types the answers in, are smaller."""
    data = short_pdf(questionnaire, paper, lang)
    runs = [run for page in runs_by_page(data) for run in page]
    questions = {round(run.size, 1) for run in runs if re.match(r"\d+\. ", run.text)}
    (body,) = questions  # every question in the print of the page
    assert body >= (7.8 if lang == "en" else 7.4)
    assert {round(run.size, 1) for run in runs} >= {body, ID_SIZE}


@pytest.mark.parametrize(("paper", "lang"), PRINTS)
def test_large_print_is_two_pages_at_most_at_12_point_or_more(
    questionnaire: Questionnaire, paper: str, lang: str
) -> None:
    """As large as fits two pages, never under 12 pt: 13 pt in English, 12 or 12.5 in
    Spanish (at 14 pt, the large print of the other documents, the signs and their advice
    alone take most of a page, and the page runs to three); everything the one-page print
    holds, and no question line left alone at the foot of a page."""
    data = short_pdf(questionnaire, paper, lang, large=True)
    pages = runs_by_page(data)
    assert len(pages) <= 2
    runs = [run for page in pages for run in page]
    (body,) = {round(run.size, 1) for run in runs if re.match(r"\d+\. ", run.text)}
    assert body >= (13 if lang == "en" else 12)
    assert_every_question_choice_and_advice(questionnaire, data, lang)
    assert question_lines_alone(pages) == []


def test_large_print_is_14_point_where_two_pages_hold_it(tmp_path: Path) -> None:
    """A short list of a few questions (another folder's) is set at 14 pt, on one page."""
    folder = copy_other(tmp_path)
    edit(
        folder,
        "rules.yaml",
        "  header: {age: age}",
        "  header: {age: age}\n  short: [nights, danger]",
    )
    data, _ = pdf.render_short(load_questionnaire(folder), pdf.ExportOptions(large_print=True))
    runs = [run for page in runs_by_page(data) for run in page]
    assert {round(run.size, 1) for run in runs if re.match(r"\d+\. ", run.text)} == {14.0}
    assert page_count(data) == 1


def test_the_relief_grid_goes_on_over_a_page_under_its_level_names_alone(
    questionnaire: Questionnaire,
) -> None:
    """What to tick, and how to type it back, is said once; the next page repeats only the
    level names over the rows that go on there, and every row is printed once, in order."""
    from reportlab.platypus import Spacer

    from paincheck.formats.pdf.page import PageWriter
    from paincheck.formats.pdf.short import LARGE, MARGIN, _relief_grid

    writer = PageWriter(questionnaire, pdf.ExportOptions(large_print=True), LARGE[0], MARGIN)
    question = questionnaire.question("treatments_tried")
    assert question is not None
    (grid,) = _relief_grid(writer, question)
    _, height = grid.wrap(writer.width, 10_000)
    data = writer.build([Spacer(1, writer.page_height() - height / 2), grid], "grid")
    first, second = (flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    notes = flat(questionnaire.message("pdf_short_tick_row", "en"))
    assert notes in first and notes not in second
    levels = [choice.label("en") for choice in questionnaire.question("relief_surgery").choices]
    assert all(level in first and level in second for level in levels)
    rows = [c.short_label("en") for c in question.choices if not c.exclusive]
    both = first + " " + second
    assert [both.count(row) for row in rows] == [1] * len(rows)
    assert [both.index(row) for row in rows] == sorted(both.index(row) for row in rows)
    assert rows[0] in first and rows[-1] in second


def question_lines_alone(pages: list[list[Run]]) -> list[str]:
    """Each numbered question line with no words under it on its page, nor room for the
    lines to write on (drawn, not words) that may follow it."""
    alone = []
    footer_top = 80.0
    for number, runs in enumerate(pages, 1):
        body = [run for run in runs if run.y > footer_top]
        for run in body:
            below = any(other.y < run.y - 2 for other in body) or run.y - footer_top > 40
            if run.bold and re.match(r"\d+\. ", run.text) and not below:
                alone.append(f"page {number}: {run.text}")
    return alone


def test_the_check_sees_a_question_line_alone_at_the_foot_of_a_page() -> None:
    page = [Run("Some words", 8, False, 30, 300), Run("7. Which treatments?", 8, True, 30, 95)]
    assert question_lines_alone([page]) == ["page 1: 7. Which treatments?"]


def test_the_words_read_at_grade_8_or_below(questionnaire: Questionnaire) -> None:
    """Flesch-Kincaid grade of everything on the English page but the ids and the title."""
    import textstat  # type: ignore[import-untyped]

    textstat.set_lang("en")
    data = short_pdf(questionnaire, "letter", "en")
    sentences = []
    for runs in runs_by_page(data):
        for run in runs:
            if abs(run.size - ID_SIZE) > 0.05 and run.y > 80 and not run.text.isdigit():
                sentences.append(run.text)
    joined = " ".join(t if t.rstrip()[-1] in ".?!" else t + "." for t in sentences)
    assert textstat.flesch_kincaid_grade(joined) <= 8


# -- typed back ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_ids_on_the_page_type_back_into_answers_that_validate(
    cli: Any, questionnaire: Questionnaire, tmp_path: Path, lang: str
) -> None:
    """As a nurse would: for each question the page numbers, its id and the id printed
    beside a box ticked, and the treatments typed the way the grid's own example shows."""
    data = short_pdf(questionnaire, "letter", lang)
    printed = ids_on(data)
    answers: dict[str, Any] = {}
    for question_id in questionnaire.rules.report.short:
        question = questionnaire.question(question_id)
        assert question is not None and question_id in printed
        after = printed[printed.index(question_id) + 1 :]
        ticked = [c.id for c in question.choices if c.id in after and not c.exclusive]
        if question.type == "single":
            answers[question_id] = ticked[-1]
        elif question.type == "multi":
            answers[question_id] = ticked[:2]
        elif question.type == "integer":
            answers[question_id] = 7
        else:
            answers[question_id] = "Can I try it for a week first?"
    # The grid's example, its two lines typed as they are, and a second row after them.
    lines = [run.text for runs in runs_by_page(data) for run in runs]
    start = next(i for i, line in enumerate(lines) if line.startswith("treatments_tried: ["))
    typed = yaml.safe_load("\n".join(lines[start : start + 2]))
    relief_key = next(key for key in typed if key != "treatments_tried")
    prefix = relief_key[: -len(typed["treatments_tried"][0])]
    answers["treatments_tried"] = [typed["treatments_tried"][0], "surgery"]
    answers[relief_key] = typed[relief_key]
    answers[f"{prefix}surgery"] = "little"
    path = tmp_path / "typed.yaml"
    path.write_text(yaml.safe_dump({"answers": answers}, allow_unicode=True), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.output
    assert answers["relief_otc_medicines"] == "a_lot"
    assert answers["relief_surgery"] == "little"
    assert answers["warning_signs"] == ["saddle_numbness", "bladder_bowel_change"]


# -- the command and the folder ---------------------------------------------------------------


def test_export_blank_short_writes_one_private_page(cli: Any, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = cli("export", "--blank", "--short")
    assert result.exit_code == 0, result.output
    written = tmp_path / "drg-checklist-short.pdf"
    assert (written.stat().st_mode & 0o777) == 0o600
    assert page_count(written.read_bytes()) == 1
    again = cli("export", "--blank", "--short")
    assert again.exit_code == 1 and "already exists" in again.stderr
    # --short alone is the same page (it is a --blank of one page)
    alone = cli("export", "--short", "--lang", "es", "-o", "corta.pdf")
    assert alone.exit_code == 0, alone.output
    assert flat(questionnaire_title_es()) in words((tmp_path / "corta.pdf").read_bytes())
    with_files = cli("export", "--short", "answers.yaml")
    assert with_files.exit_code == 2 and "leave out the answers files" in with_files.stderr


def questionnaire_title_es() -> str:
    return load_questionnaire().title("es")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--blank", "--short", "--format", "fhir"], "error: --short: the short checklist is a PDF; leave out --format fhir\n"),
        (["--blank", "--short", "--format", "html"], "error: --short: the short checklist is a PDF; leave out --format html\n"),
    ],
)  # fmt: skip
def test_short_as_another_format_is_a_usage_error(
    cli: Any, tmp_path: Path, args: list[str], says: str
) -> None:
    result = cli("export", *args, "-o", str(tmp_path / "out"))
    assert (result.exit_code, result.stderr) == (2, says)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_a_short_list_says_where_to_name_one(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "short.pdf"
    result = cli("export", "--blank", "--short", "--questions", str(OTHER), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {OTHER / 'rules.yaml'}: names no questions for the short checklist: list "
        "their ids under report: short: (see README.md in the questions folder)\n"
    )
    assert not target.exists()


def test_a_folder_names_its_own_short_questions(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    edit(
        folder,
        "rules.yaml",
        "  header: {age: age}",
        "  header: {age: age}\n  short: [nights, danger]",
    )
    other = load_questionnaire(folder)
    data, _ = pdf.render_short(other)
    text = words(data)
    assert page_count(data) == 1
    assert "1. " in text and "2. " in text and "3. " not in text
    nights, danger = other.question("nights"), other.question("danger")
    assert nights is not None and danger is not None
    assert text.index(flat(nights.text())) < text.index(flat(danger.text()))
    # Its urgent sign carries its flag's words; other questions are not on the page.
    assert flat(other.rules.flags["urgent"].title()) in text
    problems_question = other.question("problems")
    assert problems_question is not None and flat(problems_question.text()) not in text


@pytest.mark.parametrize(
    ("short", "says"),
    [
        ("[nights, nigths]", "report.short: 'nigths' is not a question of questionnaire.yaml (did you mean 'nights'?)"),
        ("[nights, nights]", "report.short: 'nights' is named twice"),
        ("[helped_pills]", "report.short: 'helped_pills' is asked once for each choice of 'remedies': name 'remedies', and its repeated questions come with it"),
        ("nights", "report: 'short' must be a list of ids, got 'nights'"),
    ],
)  # fmt: skip
def test_the_folder_check_names_a_wrong_short_list(tmp_path: Path, short: str, says: str) -> None:
    folder = copy_other(tmp_path)
    edit(folder, "rules.yaml", "  header: {age: age}", f"  header: {{age: age}}\n  short: {short}")
    assert f"{folder / 'rules.yaml'}: {says}" in problems(folder)


# -- a picture ----------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
@pytest.mark.parametrize("large", [False, True], ids=["", "large"])
@pytest.mark.parametrize(("paper", "lang"), [("letter", "en"), ("a4", "es")])
def test_the_page_looks_like_the_reviewed_picture(
    questionnaire: Questionnaire, tmp_path: Path, paper: str, lang: str, large: bool
) -> None:
    """Page 1: the whole page, or in large print the questions before the warning signs."""
    from tests.helpers.documents import compare_with_picture

    with pytest.MonkeyPatch.context() as patch:
        from tests.helpers.documents import FixedToday

        patch.setattr("paincheck.formats.pdf.page.date", FixedToday)
        options = pdf.ExportOptions(lang=lang, paper=paper, large_print=large)
        data, _ = pdf.render_short(questionnaire, options)
    name = "short-large" if large else "short"
    compare_with_picture(data, f"{name}.{lang}.{paper}.png", tmp_path)
