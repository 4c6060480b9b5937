"""The report's pages for every sample answers file, on both papers and in both languages:
page 1 holds the visit (the key facts), no heading ends a page or has its lines above it,
and page 1 looks like the reviewed picture in tests/snapshots/pages/."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from functools import cache, partial
from pathlib import Path
from typing import Any

import pypdf
import pytest

from paincheck.answers.loading import load_answers
from paincheck.evaluation import Assessment, evaluate
from paincheck.formats import pdf
from paincheck.formats.pdf.diary import SIZES as DIARY_SIZES
from paincheck.formats.pdf.page import Sizes
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers.documents import PICTURES_DAY, FixedToday, compare_with_picture, runs_by_page
from tests.helpers.views import view_of

TESTS = Path(__file__).parent
ROOT = TESTS.parent
# Every sample answers file: the personas, the contract's cases, and the shipped sample.
SAMPLES = {
    **{p.stem: p for p in sorted((TESTS / "personas").glob("*.yaml"))},
    **{f"cases/{p.stem}": p for p in sorted((TESTS / "cases").glob("*.yaml"))},
    "samples/foot-after-fracture": ROOT / "questions" / "samples" / "foot-after-fracture.yaml",
}
PRINTS = [(paper, lang) for paper in ("letter", "a4") for lang in ("en", "es")]


@cache
def _questionnaire() -> Questionnaire:
    return load_questionnaire()


@cache
def _assessment(sample: str) -> Assessment:
    questionnaire = _questionnaire()
    return evaluate(questionnaire, load_answers(questionnaire, SAMPLES[sample]).answers)


_RENDERED: dict[tuple[str, str, str, bool], bytes] = {}


def rendered(sample: str, paper: str, lang: str, large: bool = False) -> bytes:
    """The report of a sample, made once per session on the fixed day."""
    key = (sample, paper, lang, large)
    if key not in _RENDERED:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("paincheck.formats.report.date", FixedToday)
            patch.setattr("paincheck.formats.pdf.page.date", FixedToday)
            options = pdf.ExportOptions(lang=lang, paper=paper, large_print=large)
            data, warnings = pdf.render_report(_assessment(sample), options)
        assert warnings == []
        _RENDERED[key] = data
    return _RENDERED[key]


def page_words(data: bytes, number: int) -> str:
    page = pypdf.PdfReader(io.BytesIO(data)).pages[number]
    return " ".join(page.extract_text().split())


def cases() -> Iterator[Any]:
    for sample in SAMPLES:
        for paper, lang in PRINTS:
            yield pytest.param(sample, paper, lang, id=f"{sample}-{paper}-{lang}")


# -- page 1 is the visit ----------------------------------------------------------------------


def key_facts(a: Assessment, lang: str) -> list[str]:
    """What page 1 must say, worked out from the answers and the questionnaire's own words:
    the areas, side and worst area, how long, how it started, the pain scores, and each
    treatment tried with how much it helped."""
    q = a.questionnaire
    answers = a.answers
    expected: list[str] = []
    for question_id in ("pain_locations", "pain_side", "worst_location", "pain_duration"):
        question = q.question(question_id)
        value = answers.get(question_id)
        if question is None or value is None or question not in a.shown:
            continue
        source = q.question("pain_locations") if question.choices_from else question
        assert source is not None
        for choice_id in value if isinstance(value, list) else [value]:
            choice = source.choice(str(choice_id))
            assert choice is not None
            expected.append(choice.label(lang))
    onset = q.question("pain_onset")
    if onset is not None and answers.get("pain_onset") is not None:
        choice = onset.choice(str(answers["pain_onset"]))
        assert choice is not None
        expected.append(choice.label(lang))
    for score in q.rules.scores:
        if score.id in ("pain_now", "pain_average", "pain_worst", "pain_least"):
            value = answers.get(score.id)
            if value is not None:
                expected.append(f"{score.label(lang)}: {value}")
    tried = q.question("treatments_tried")
    assert tried is not None
    for choice_id in answers.get("treatments_tried") or []:
        choice = tried.choice(str(choice_id))
        assert choice is not None
        expected.append(choice.label(lang))
        relief = q.question(f"relief_{choice_id}")
        level = answers.get(f"relief_{choice_id}")
        if relief is not None and level is not None:
            relief_choice = relief.choice(str(level))
            assert relief_choice is not None
            expected.append(f"{choice.label(lang)} {relief_choice.label(lang)}")
    return expected


@pytest.mark.parametrize(("sample", "paper", "lang"), list(cases()))
def test_page_one_holds_the_key_facts(sample: str, paper: str, lang: str) -> None:
    data = rendered(sample, paper, lang)
    first = page_words(data, 0)
    facts = key_facts(_assessment(sample), lang)
    assert facts, "every sample says something about the pain"
    assert [fact for fact in facts if fact not in first] == []
    heading = _questionnaire().message("pdf_key_facts_heading", lang)
    criteria = _questionnaire().message("pdf_criteria_heading", lang)
    # The warnings and the verdict come first, then the key facts, then the criteria.
    assert first.index(heading) < first.index(criteria)


# -- headings -------------------------------------------------------------------------------


def heading_problems(data: bytes, heading_size: float, lines_under: str = "") -> list[str]:
    """Each heading whose next piece of text is on another page (it ends its page) or above
    it (its lines were drawn above it). `lines_under` is a heading drawn with ruled lines to
    write on (no text), in one piece: the notes at the end."""
    problems = []
    pages = runs_by_page(data)
    footer_top = 80.0  # the footer (disclaimer, page number) sits below this line
    for number, runs in enumerate(pages, 1):
        body = [run for run in runs if run.y > footer_top]
        for index, run in enumerate(body):
            if not (run.bold and abs(run.size - heading_size) < 0.2):
                continue
            after = body[index + 1 : index + 2]
            if not after and run.text != lines_under:
                problems.append(f"page {number}: {run.text!r} ends the page")
            elif after and after[0].y >= run.y - 1:
                problems.append(f"page {number}: {after[0].text!r} is drawn above {run.text!r}")
    return problems


@pytest.mark.parametrize("large", [False, True], ids=["", "large"])
@pytest.mark.parametrize(("sample", "paper", "lang"), list(cases()))
def test_no_heading_ends_a_page_or_has_its_lines_above_it(
    sample: str, paper: str, lang: str, large: bool
) -> None:
    data = rendered(sample, paper, lang, large)
    notes = _questionnaire().message("pdf_notes_heading", lang)
    assert heading_problems(data, Sizes.for_print(large).heading, notes) == []


def test_the_heading_check_sees_a_heading_left_at_the_foot_of_a_page() -> None:
    from reportlab.platypus import PageBreak

    from paincheck.formats.pdf.page import PageWriter

    writer = PageWriter(_questionnaire(), pdf.ExportOptions())
    heading = writer.h("Alone at the foot")
    heading.keepWithNext = False
    data = writer.build([writer.p("Some text."), heading, PageBreak(), writer.p("Next")], "t")
    assert heading_problems(data, writer.size.heading) == [
        "page 1: 'Alone at the foot' ends the page"
    ]


# -- pictures -----------------------------------------------------------------------------------

# Page 1 of every sample in English on Letter and in Spanish on A4 (the other two prints are
# checked by the tests above), at 30 dpi in 16 greys: a few kilobytes each, enough to see a
# moved block, a box or a missing part. PAINCHECK_UPDATE_SNAPSHOTS=1 rewrites them; look at
# the new pictures before committing them, as with every snapshot.
PICTURED = [("letter", "en"), ("a4", "es")]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
@pytest.mark.parametrize(
    ("sample", "paper", "lang"),
    [
        pytest.param(sample, paper, lang, id=f"{sample}-{paper}-{lang}")
        for sample in SAMPLES
        for paper, lang in PICTURED
    ],
)
def test_page_one_looks_like_the_reviewed_picture(
    sample: str, paper: str, lang: str, tmp_path: Path
) -> None:
    name = f"{sample.replace('/', '.')}.{lang}.{paper}.png"
    compare_with_picture(rendered(sample, paper, lang), name, tmp_path)


# -- the diary --------------------------------------------------------------------------------

DIARY_SAMPLE = ROOT / "questions" / "samples" / "trial-diary.yaml"
SHORT_NOTES = [
    "Sore near the wires after the shower.",
    "Went to the market with my sister.",
    "Bad night, the foot throbbed.",
    "Turned the program up a little.",
    "Could stand to cook dinner.",
]
LONG_NOTE = ("Walked to the shop and back, then sat in the garden. " * 9).strip()  # 476 chars


@cache
def _diary_form() -> Questionnaire:
    return load_questionnaire(_questionnaire().folder / "diary")


def diary_of(edit: Any = None) -> Any:
    """The sample week, each day's answers changed by `edit(number, answers)` if given."""
    import yaml

    from paincheck.diary.store import parse_diary
    from paincheck.files.reading import parse_document

    raw = yaml.safe_load(DIARY_SAMPLE.read_text(encoding="utf-8"))
    if edit is not None:
        for number, entry in enumerate(raw["entries"]):
            edit(number, entry["answers"])
    text = yaml.safe_dump(raw, allow_unicode=True).encode()
    return parse_diary(_diary_form(), parse_document(text, "d.yaml"), "d.yaml", PICTURES_DAY).diary


def diary_pdf(diary: Any, paper: str, lang: str) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("paincheck.formats.pdf.page.date", FixedToday)
        options = pdf.ExportOptions(lang=lang, paper=paper)
        data, warnings = pdf.render_diary_pdf(_diary_form(), diary, options)
    assert warnings == []
    return data


def when_to_call_words(diary: Any, lang: str) -> list[str]:
    from paincheck.diary.report import when_to_call

    title, groups, applies = when_to_call(view_of(_diary_form(), lang), diary)
    return [title, applies, *(text for head, items in groups for text in (head, *items))]


@pytest.mark.parametrize(("paper", "lang"), PRINTS)
def test_the_sample_week_fits_one_page_with_all_the_contract_asks(paper: str, lang: str) -> None:
    from paincheck.diary.report import baseline_line, note_lines, safety_lines
    from paincheck.diary.trial import summarise, summary_sentences

    form, diary = _diary_form(), diary_of()
    data = diary_pdf(diary, paper, lang)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1
    text = page_words(data, 0)
    message = partial(form.message, lang=lang)
    name = message("diary_pdf_name", name="Maria Lopez")
    expected = [message("diary_pdf_title"), name, baseline_line(view_of(form, lang), diary)]
    expected += when_to_call_words(diary, lang)  # every item of the box
    expected += [message("diary_safety_heading"), *safety_lines(view_of(form, lang), diary)]
    expected += [
        message(key)
        for key in ("diary_pdf_axis_pain", "diary_pdf_axis_relief", "diary_pdf_axis_date")
    ]
    expected += [message("diary_pdf_key_baseline", baseline=6), message("diary_pdf_key_mark")]
    expected += summary_sentences(view_of(form, lang), summarise(form, diary))
    expected += [message("diary_pdf_table_heading"), *(e.date for e in diary.entries)]
    expected += note_lines(view_of(form, lang), diary)
    assert [words for words in expected if " ".join(words.split()) not in text] == []
    # In that order: the name, the box, the safety check, the chart, the summary, the days.
    order = [name, expected[3], message("diary_safety_heading"), message("diary_pdf_axis_pain")]
    order += [message("diary_summary_heading"), message("diary_pdf_table_heading")]
    assert [text.index(words) for words in order] == sorted(text.index(w) for w in order)
    assert heading_problems(data, DIARY_SIZES.heading) == []
    # The box is never set below 8 pt; the rest of the page's words never below 7.5 pt.
    (runs,) = runs_by_page(data)
    box_words = " ".join(when_to_call_words(diary, lang))
    box = [run.size for run in runs if len(run.text) > 3 and run.text in box_words]
    assert len(box) >= 10 and min(box) >= 8
    assert min(run.size for run in runs) >= 7.5


@pytest.mark.parametrize(("paper", "lang"), PRINTS)
def test_a_ten_day_trial_with_a_short_note_each_day_fits_one_page(paper: str, lang: str) -> None:
    """The sample week and three days more, a short note on every day."""
    import yaml

    from paincheck.diary.store import parse_diary
    from paincheck.files.reading import parse_document

    raw = yaml.safe_load(DIARY_SAMPLE.read_text(encoding="utf-8"))
    for day in ("2026-11-09", "2026-11-10", "2026-11-11"):
        raw["entries"].append({"date": day, "answers": dict(raw["entries"][-1]["answers"])})
    for number, entry in enumerate(raw["entries"]):
        entry["answers"]["notes"] = SHORT_NOTES[number % len(SHORT_NOTES)]
    document = parse_document(yaml.safe_dump(raw).encode(), "d.yaml")
    diary = parse_diary(_diary_form(), document, "d.yaml", PICTURES_DAY).diary
    data = diary_pdf(diary, paper, lang)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1
    text = page_words(data, 0)
    for entry in diary.entries:
        assert f"{entry.date}: {entry.answers['notes']}" in text
    assert heading_problems(data, DIARY_SIZES.heading) == []


@pytest.mark.parametrize(("paper", "lang"), PRINTS)
def test_the_sample_week_with_a_problem_and_a_long_note_every_day_keeps_to_two_pages(
    paper: str, lang: str
) -> None:
    """Every day's problems are listed, under the box and before the chart, and every note
    is printed whole: on two pages, never more."""
    from paincheck.diary.report import note_lines, safety_lines

    problems = ["fever_chills", "wound_site_problem", "new_headache", "new_back_pain"]

    def with_problem(number: int, answers: dict[str, Any]) -> None:
        answers["trial_problems"] = problems[: number % 4 + 1]
        answers["notes"] = LONG_NOTE

    form, diary = _diary_form(), diary_of(with_problem)
    data = diary_pdf(diary, paper, lang)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 2
    text = " ".join(page_words(data, n) for n in range(2))
    lines = safety_lines(view_of(form, lang), diary)
    assert len(lines) == 7 and all(" ".join(line.split()) in text for line in lines)
    chart = form.message("diary_pdf_axis_pain", lang)
    assert text.index(when_to_call_words(diary, lang)[-1]) < text.index(lines[0])
    assert text.index(lines[-1]) < text.index(chart)
    assert all(note in text for note in note_lines(view_of(form, lang), diary))  # none left out
    assert heading_problems(data, DIARY_SIZES.heading) == []


@pytest.mark.parametrize("notes", [0, 1, 2, 3, 4, 7])
def test_every_note_is_printed_in_date_order_however_many(notes: int) -> None:
    """A few short notes stand one under the other, more go in two columns (down the left
    one first): either way each once, in date order."""
    from paincheck.diary.report import note_lines

    def noted(number: int, answers: dict[str, Any]) -> None:
        answers.pop("notes", None)
        if number < notes:
            answers["notes"] = SHORT_NOTES[number % len(SHORT_NOTES)]

    diary = diary_of(noted)
    text = page_words(diary_pdf(diary, "letter", "en"), 0)
    lines = note_lines(view_of(_diary_form(), "en"), diary)
    assert len(lines) == notes
    assert [text.count(line) for line in lines] == [1] * notes
    assert [text.index(line) for line in lines] == sorted(text.index(line) for line in lines)
    assert ("Your notes" in text) == bool(notes)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
@pytest.mark.parametrize(("paper", "lang"), PICTURED)
def test_the_diary_page_looks_like_the_reviewed_picture(
    paper: str, lang: str, tmp_path: Path
) -> None:
    data = diary_pdf(diary_of(), paper, lang)
    compare_with_picture(data, f"diary.samples.trial-diary.{lang}.{paper}.png", tmp_path)
