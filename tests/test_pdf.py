"""The PDF report and the blank checklist, read back with pypdf (and rendered with pdftoppm)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest

from paincheck.answers.checking import Answers
from paincheck.answers.loading import load_answers
from paincheck.errors import PaincheckError
from paincheck.evaluation import Assessment, evaluate
from paincheck.formats import pdf
from paincheck.formats.pdf.fonts import default_font_files
from paincheck.questionnaire import Questionnaire
from tests.helpers import PERSONA_NAMES, PERSONAS
from tests.helpers.documents import reader, text_of
from tests.helpers.inputs import without_report_part
from tests.helpers.views import view_of

NAMES = ["Łukasz Żółć", "Nguyễn Thị Ánh", "Σωκράτης", "Иван Петров"]
MARKUP = '0.1 <A <0.9 & <img src="/etc/passwd"/> <b>not bold</b> &amp; <font size=40>'


def assess(questionnaire: Questionnaire, persona: str, **changes: Any) -> Assessment:
    values = dict(load_answers(questionnaire, PERSONAS / f"{persona}.yaml").answers.values)
    values.update(changes)
    return evaluate(questionnaire, Answers(values))


@pytest.fixture(scope="session")
def persona_pdf(questionnaire: Questionnaire) -> Callable[[str], tuple[bytes, list[str]]]:
    """The report of a persona with the default options, rendered once per session (tests
    only read it): the bytes and the warnings."""
    rendered: dict[str, tuple[bytes, list[str]]] = {}

    def render(name: str) -> tuple[bytes, list[str]]:
        if name not in rendered:
            rendered[name] = pdf.render_report(assess(questionnaire, name))
        return rendered[name]

    return render


@pytest.fixture(scope="session")
def blank_pdf(questionnaire: Questionnaire) -> bytes:
    """The shipped blank checklist with the default options, rendered once per session."""
    data, _ = pdf.render_blank(questionnaire)
    return data


def text_runs(data: bytes) -> list[tuple[str, str, float]]:
    """Every piece of text with its font name and its size on the page."""
    runs: list[tuple[str, str, float]] = []
    for page in reader(data).pages:

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            if text.strip() and font is not None:
                runs.append((text, str(font.get("/BaseFont")), abs(size * tm[3] * cm[3])))

        page.extract_text(visitor_text=visit)
    return runs


# -- content -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_report_has_every_section_and_fits_one_to_three_pages(persona_pdf, name) -> None:
    data, warnings = persona_pdf(name)
    text = text_of(data)
    assert warnings == []
    assert 1 <= len(reader(data).pages) <= 3
    for heading in (
        "Your pain checklist, for your visit about DRG therapy",
        "The criteria at a glance",
        "What the US approval says",
        "Key facts about the pain",
        "Pain scores",
        "Where it hurts",
        "Changes in the painful area",
        "Health details to discuss",
        "For your specialist: spinal levels",
        "Questions to ask your doctor",
        "Notes during the visit",
    ):
        assert heading in text, heading
    pages = len(reader(data).pages)
    assert f"Page {pages} of {pages}" in text
    assert text.count("drg-checklist version 3") == pages
    assert "published criteria" not in text.lower()
    # page 1: the key facts, then the criteria; the approved-use block right under them,
    # before the scores
    assert (
        text.index("Key facts about the pain")
        < text.index("The criteria at a glance")
        < text.index("What the US approval says\n")
        < text.index("Pain scores (0 = no pain")
    )
    assert text.count("It does not diagnose") == pages


def test_report_values_for_the_foot_persona(persona_pdf) -> None:
    data, _ = persona_pdf("foot-after-fracture")
    text = " ".join(text_of(data).split())
    for expected in (
        "Maria Lopez",
        "Age: 46",
        "Pain for six months or more Met",
        "You have had this pain for 1 to 5 years",
        "PEG score: a 3-question pain score (pain, enjoyment, activity): 7.0",
        "Areas: Foot, Ankle",
        "Side: Left side",
        "Hurts most: Foot",
        "Broken ankle, fixed with surgery in 2024",
        "Medicines and daily life Which medicines do you take now? Gabapentin 300 mg three times "
        "a day",
        "Walk my dog around the block again",
        "A little",
        "GAD-2: a 2-question worry check (0-6): 3",
        "L4, L5, S1",
        "My own question: Can I still swim with the device?",
        "ACCURATE trial listing NCT01923285: ages 22 to 75",
        "The approval is for CRPS (type I or type II) in the legs Partly",
        # the caveat, beside the overall verdict
        "DRG therapy may be worth discussing with your pain specialist. In the US, the approval "
        'is narrower than the criteria above: see "What the US approval says" below. Your '
        "specialist can tell you what this means for you.",
        # the levels, with their confirmed source
        "The nerve levels that supply the skin of the foot (Zhang JW et al. Spinal Cord. "
        "2017;55(4):396-398).",
        # a GAD-2 of 3: the crisis line beside it, once
        "If you ever have thoughts of suicide or of harming yourself, call or text 988 (in the "
        "US) or your local crisis line.",
        "the risks of surgery, which can include paralysis",
    ):
        assert expected in text, expected
    assert "Get medical care now" not in text and "Warning signs" not in text


def test_urgent_box_comes_before_everything_else(persona_pdf) -> None:
    """Contract v3: the urgent box, then the soon box, then the verdict with its caveats."""
    data, _ = persona_pdf("knee-urgent")
    text = text_of(data)
    flat = " ".join(text.split())
    assert flat.startswith(
        "Warning signs !! Get medical care now Do what the line under each sign says. Do not "
        "wait for a therapy visit. • New bladder or bowel trouble. I cannot pee, or it is hard "
        "to start. I leak. I cannot feel when my bladder is full. Or I cannot control my "
        "bowels. → Go to a hospital emergency department now. Or call 911 (in the US) or your "
        "local emergency number. ! Call your doctor soon Do what the line under each sign "
        "says. • I have had cancer, at any time (even many years ago) → If this pain is new or "
        "getting worse, call your doctor or cancer team today. If you also have new numbness, "
        "new weakness or trouble walking, go to a hospital emergency department now. If not, "
        "make sure your pain specialist knows about the cancer. Your pain checklist, for your "
        "visit about DRG therapy"
    )
    # The verdict and its caveat are there under an urgent box too (v2 dropped them).
    verdict = flat.index("What your answers show Because of the warning sign above")
    caveat = flat.index(
        "In the US, DRG therapy is approved only for adults, and your answers do not give your "
        "age. In the US, DRG therapy is approved only for CRPS in the legs, and your answers do "
        "not show whether a doctor has said CRPS. Your specialist can tell you what this means"
    )
    assert flat.index("Call your doctor soon") < verdict < caveat < flat.index("The criteria")
    # The knee's levels have no confirmed source: out of print (the JSON keeps them).
    assert "L3, L4" not in flat


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_caveat_is_printed_under_an_urgent_box(questionnaire, lang: str) -> None:
    from tests.helpers.inputs import assess as assess_changes

    assessment = assess_changes(
        questionnaire,
        age=15,
        health_conditions=["surgery_risky"],
        can_use_controller="no",
        warning_signs=["implant_wound_problem", "night_pain_at_rest"],
    )
    from paincheck.evaluation import caveat_texts

    texts = caveat_texts(assessment, view_of(assessment, lang))
    assert len(texts) == 3  # under_18, contraindication (two sentences), outside_approved_use
    data, _ = pdf.render_report(assessment, pdf.ExportOptions(lang=lang))
    flat = " ".join(text_of(data).split())
    after = flat.index("Busque atención médica" if lang == "es" else "Get medical care now")
    for text in texts:
        assert " ".join(text.split()) in flat[after:], text
    advice = (
        "Llame ahora a su equipo del implante o a su cirujano."
        if lang == "es"
        else "Call your implant team or surgeon now."
    )
    assert flat.index(advice) < flat.index(" ".join(texts[0].split()))


def test_statuses_print_as_words(persona_pdf) -> None:
    data, _ = persona_pdf("back-recent")
    text = " ".join(text_of(data).split())
    assert "Pain for six months or more Not met" in text
    assert "Pain in one part of the lower body Partly" in text
    assert "Blood thinners, such as aspirin and clopidogrel, need a plan" in text


def test_names_in_several_scripts_come_back_exactly(questionnaire) -> None:
    for name in NAMES:
        data, warnings = pdf.render_report(assess(questionnaire, "foot-after-fracture", name=name))
        assert name in text_of(data)
        assert warnings == []


def test_markup_in_answers_prints_literally(questionnaire) -> None:
    assessment = assess(
        questionnaire,
        "foot-after-fracture",
        goals=MARKUP,
        current_medicines="Ibuprofen <400mg> & more\nsecond line",
        questions_for_doctor="Is 0.1 <A <0.9 ok?",
    )
    data, warnings = pdf.render_report(assessment)
    text = text_of(data)
    assert " ".join(MARKUP.split()) in " ".join(text.split())
    assert "Ibuprofen <400mg> & more" in text and "second line" in text
    assert "Is 0.1 <A <0.9 ok?" in text
    assert warnings == []
    # Nothing was loaded: the only images would be ones reportlab was asked to draw.
    assert b"/Subtype /Image" not in data


def test_a_character_without_a_glyph_gives_a_warning_naming_it(questionnaire) -> None:
    _, warnings = pdf.render_report(assess(questionnaire, "foot-after-fracture", name="王芳"))
    assert len(warnings) == 2
    assert "王" in warnings[0] and "U+738B" in warnings[0] and "name" in warnings[0]
    assert "芳" in warnings[1] and "U+82B3" in warnings[1]


def test_fira_sans_is_embedded_and_draws_all_text(persona_pdf) -> None:
    data, _ = persona_pdf("foot-after-fracture")
    embedded = set()
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]).split("+")[-1])
    assert embedded == {"FiraSans-Regular", "FiraSans-Bold"}
    fonts = {font.split("+")[-1] for _, font, _ in text_runs(data)}
    assert fonts == {"FiraSans-Regular", "FiraSans-Bold"}


def test_redact_leaves_out_name_and_age(questionnaire) -> None:
    assessment = assess(questionnaire, "foot-after-fracture", name="Łukasz Żółć")
    data, _ = pdf.render_report(assessment, redact=True)
    text = text_of(data)
    assert "Łukasz" not in text and "Name:" not in text
    assert "Age:" not in text and not re.search(r"\b46\b", text)
    assert "Walk my dog" in text


def test_metadata_has_a_title_and_no_patient_name(persona_pdf) -> None:
    data, _ = persona_pdf("foot-after-fracture")
    metadata = reader(data).metadata
    assert metadata is not None
    assert metadata.title == "Your pain checklist, for your visit about DRG therapy"
    assert not any("Maria" in str(value) or "Lopez" in str(value) for value in metadata.values())


def test_viewers_show_the_document_title_not_the_file_name(questionnaire, persona_pdf, blank_pdf):  # type: ignore[no-untyped-def]
    from paincheck.diary.store import load_diary
    from paincheck.questionnaire import load_questionnaire
    from tests.helpers.diary import SAMPLE, TODAY

    form = load_questionnaire(questionnaire.folder / "diary")
    diary, _ = pdf.render_diary_pdf(form, load_diary(form, SAMPLE, TODAY).diary)
    for data in (persona_pdf("foot-after-fracture")[0], blank_pdf, diary):
        document = reader(data)
        preferences = document.trailer["/Root"]["/ViewerPreferences"]
        assert preferences["/DisplayDocTitle"] == pypdf.generic.BooleanObject(True)
        assert document.metadata is not None and document.metadata.title


def test_text_reads_the_scores_before_the_chart_axis(persona_pdf) -> None:
    """A screen reader, or text copied out of the PDF, gets each score beside its label, and
    the axis numbers after them."""
    text = " ".join(text_of(persona_pdf("foot-after-fracture")[0]).split())
    assert (
        "Pain now (0-10) 7 Average pain, past 7 days 6 Worst pain, past 7 days 9 "
        "Least pain, past 7 days 4 0 1 2 3 4 5 6 7 8 9 10"
    ) in text


def test_paper_sizes(questionnaire, persona_pdf) -> None:
    assessment = assess(questionnaire, "back-recent")
    letter = reader(persona_pdf("back-recent")[0]).pages[0].mediabox
    a4 = reader(pdf.render_report(assessment, pdf.ExportOptions(paper="a4"))[0]).pages[0].mediabox
    assert (round(letter.width), round(letter.height)) == (612, 792)
    assert (round(a4.width), round(a4.height)) == (595, 842)


def test_large_print_body_text_is_at_least_14_points(questionnaire, persona_pdf) -> None:
    assessment = assess(questionnaire, "foot-after-fracture")
    normal = Counter(round(size) for _, _, size in text_runs(persona_pdf("foot-after-fracture")[0]))
    large_data = pdf.render_report(assessment, pdf.ExportOptions(large_print=True))[0]
    large = Counter(round(size) for _, _, size in text_runs(large_data))
    assert normal.most_common(1)[0][0] < 14
    assert large.most_common(1)[0][0] >= 14
    for answer in ("Walk my dog around the block again", "Gabapentin 300 mg"):
        sizes = [size for text, _, size in text_runs(large_data) if answer in text]
        assert sizes and min(sizes) >= 14


def test_another_font_file_can_be_given(questionnaire, tmp_path) -> None:
    _, bold = default_font_files()
    shutil.copy(bold, tmp_path / "Other-Regular.ttf")
    data, _ = pdf.render_report(
        assess(questionnaire, "back-recent"), pdf.ExportOptions(font=tmp_path / "Other-Regular.ttf")
    )
    fonts = {font.split("+")[-1] for _, font, _ in text_runs(data)}
    assert fonts == {"FiraSans-Bold"}


def test_a_refused_font_leaves_nothing_behind_for_the_next_one(questionnaire, tmp_path) -> None:
    regular, bold = default_font_files()
    shutil.copy(regular, tmp_path / "Broken-Regular.ttf")
    (tmp_path / "Broken-Bold.ttf").write_text("not a font")
    with pytest.raises(PaincheckError):
        pdf.render_report(
            assess(questionnaire, "back-recent"),
            pdf.ExportOptions(font=tmp_path / "Broken-Regular.ttf"),
        )
    shutil.copy(bold, tmp_path / "Other-Regular.ttf")
    data, _ = pdf.render_report(
        assess(questionnaire, "back-recent"), pdf.ExportOptions(font=tmp_path / "Other-Regular.ttf")
    )
    assert {font.split("+")[-1] for _, font, _ in text_runs(data)} == {"FiraSans-Bold"}


def test_a_file_that_is_not_a_font_is_reported(questionnaire, tmp_path) -> None:
    bogus = tmp_path / "font.ttf"
    bogus.write_text("not a font")
    with pytest.raises(PaincheckError) as caught:
        pdf.render_report(assess(questionnaire, "back-recent"), pdf.ExportOptions(font=bogus))
    assert str(bogus) in str(caught.value)


# -- files -------------------------------------------------------------------------------------


def test_written_report_is_private(questionnaire, tmp_path) -> None:
    target = tmp_path / "report.pdf"
    assert pdf.write_report(assess(questionnaire, "back-recent"), target) == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"%PDF")


def test_refusing_to_overwrite_leaves_the_old_file_byte_identical(questionnaire, tmp_path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the old report")
    with pytest.raises(PaincheckError, match="already exists"):
        pdf.write_report(assess(questionnaire, "back-recent"), target)
    assert target.read_bytes() == b"the old report"
    pdf.write_report(assess(questionnaire, "back-recent"), target, overwrite=True)
    assert target.read_bytes().startswith(b"%PDF")


def test_a_failed_write_leaves_no_file(questionnaire, tmp_path, monkeypatch) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(PaincheckError, match="cannot write"):
        pdf.write_report(assess(questionnaire, "back-recent"), tmp_path / "report.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_leaves_no_file(questionnaire, tmp_path) -> None:
    bogus = tmp_path / "bogus.ttf"
    bogus.write_text("not a font")
    with pytest.raises(PaincheckError):
        pdf.write_report(
            assess(questionnaire, "back-recent"), tmp_path / "r.pdf", pdf.ExportOptions(font=bogus)
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bogus.ttf"]


# -- the blank checklist ------------------------------------------------------------------------


def test_blank_checklist_has_every_question_and_the_paper_conditions(
    questionnaire, blank_pdf
) -> None:
    data = blank_pdf
    text = " ".join(text_of(data).split())
    assert "Pain checklist for a talk about DRG therapy" in text
    for section in questionnaire.sections:
        assert section.title() in text
    for question in questionnaire.questions:
        if not question.group:
            assert question.text() in text, question.id
    assert "If you ticked 2 or more places in question 4, answer this:" in text
    assert "If you ticked Foot, Ankle, Lower leg (shin or calf), Knee" in text
    assert "For each treatment you ticked in question 21." in text
    # Every sign carries what to do, the soon ones too (never "next visit"); signs with the
    # same advice share one advice line.
    assert "If you tick a box marked !!: Get medical care now." in text
    assert (
        "• A serious accident or fall lately, with new or much worse pain, not yet checked by a "
        "doctor. A small fall counts too if I am older, have thin bones (osteoporosis) or have "
        "taken steroid pills for a long time. → Go to a hospital emergency department now. Or "
        "call 911 (in the US) or your local emergency number."
    ) in text
    assert (
        "• One leg newly swollen, warm, red or sore (this can be a blood clot) → Get medical "
        "help today. Call your doctor's office and ask to be seen today, or go to urgent care "
        "or a hospital emergency department. Call 911 (in the US) or your local emergency "
        "number at once if you are short of breath or have chest pain."
    ) in text
    assert (
        "• Redness, swelling or fluid at a recent surgery wound or over an implant → Call your implant team or surgeon now."
        in text
    )
    assert "If you tick a box marked !: Call your doctor soon." in text
    assert (
        "• I lost weight without trying • Back or neck pain that is much worse at night and "
        "does not ease when I rest or lie down → Call your doctor's office today or tomorrow "
        "and ask for an urgent appointment."
    ) in text
    assert (
        "• I have had cancer, at any time (even many years ago) → If this pain is new or "
        "getting worse, call your doctor or cancer team today."
    ) in text
    assert "next visit" not in text
    # The crisis line opens the mood section on paper too.
    assert "call or text 988 (in the US) or your local crisis line" in text
    assert "Worst pain you can imagine" in text
    assert "Maria" not in text


def test_blank_checklist_in_large_print(questionnaire) -> None:
    data, _ = pdf.render_blank(questionnaire, pdf.ExportOptions(paper="a4", large_print=True))
    sizes = Counter(round(size) for _, _, size in text_runs(data))
    assert sizes.most_common(1)[0][0] >= 14


# -- pictures ------------------------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed"
)
def test_every_page_renders_to_a_picture_with_ink(persona_pdf, blank_pdf, tmp_path) -> None:
    from PIL import Image

    documents = {name: persona_pdf(name)[0] for name in PERSONA_NAMES}
    documents["blank"] = blank_pdf
    for name, data in documents.items():
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", str(source), str(tmp_path / name)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        pictures = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(pictures) == len(reader(data).pages)
        for picture in pictures:
            with Image.open(picture) as image:
                inked = sum(image.convert("L").histogram()[:230])
                assert inked > 300, f"{picture.name} looks empty"


# -- the command ----------------------------------------------------------------------------------


def test_export_one_file_names_the_pdf_after_it(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("export", str(PERSONAS / "foot-after-fracture.yaml"))
    assert result.exit_code == 0, result.output
    written = tmp_path / "foot-after-fracture.pdf"
    assert "Maria Lopez" in text_of(written.read_bytes())
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    again = cli("export", str(PERSONAS / "foot-after-fracture.yaml"))
    assert again.exit_code == 1
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert cli("export", str(PERSONAS / "foot-after-fracture.yaml"), "--force").exit_code == 0


def test_export_several_files_into_a_folder(cli, tmp_path) -> None:
    files = [str(PERSONAS / f"{name}.yaml") for name in PERSONA_NAMES]
    (tmp_path / "a-file").write_text("mine")
    not_a_folder = cli("export", *files, "-o", str(tmp_path / "a-file"))
    assert not_a_folder.exit_code == 1
    assert "is a file, not a folder" in not_a_folder.stderr
    (tmp_path / "a-file").unlink()
    result = cli("export", *files, "-o", str(tmp_path), "--redact", "--paper", "a4")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.pdf" for n in PERSONA_NAMES]
    assert "Maria" not in text_of((tmp_path / "foot-after-fracture.pdf").read_bytes())


def test_export_goes_on_after_a_bad_file_and_exits_1(cli, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers:\n  pain_now: eleven\n")
    out = tmp_path / "out"
    out.mkdir()
    result = cli("export", str(bad), str(PERSONAS / "back-recent.yaml"), "-o", str(out))
    assert result.exit_code == 1
    assert "bad.yaml" in result.stderr and "pain_now" in result.stderr
    assert [p.name for p in out.iterdir()] == ["back-recent.pdf"]


def test_export_blank(cli, tmp_path) -> None:
    target = tmp_path / "checklist.pdf"
    result = cli("export", "--blank", "-o", str(target), "--large-print")
    assert result.exit_code == 0, result.output
    assert "Which treatments have you tried" in text_of(target.read_bytes())
    with_file = cli("export", "--blank", str(PERSONAS / "back-recent.yaml"), "-o", str(tmp_path))
    assert with_file.exit_code == 2
    assert with_file.stderr == (
        "error: --blank: it writes the empty checklist; leave out the answers files\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["checklist.pdf"]


def test_export_warns_about_missing_glyphs_and_a_bad_font_is_an_error(cli, tmp_path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        (PERSONAS / "back-recent.yaml")
        .read_text()
        .replace("answers:\n", "answers:\n  name: 王芳\n")
    )
    result = cli("export", str(answers), "-o", str(tmp_path / "a.pdf"))
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "U+738B" in result.stderr
    bogus = tmp_path / "x.ttf"
    bogus.write_text("no")
    failed = cli("export", str(answers), "-o", str(tmp_path / "b.pdf"), "--font", str(bogus))
    assert failed.exit_code == 1
    assert str(bogus) in failed.stderr and "Traceback" not in failed.output
    assert not (tmp_path / "b.pdf").exists()


def test_export_without_files_runs_the_interview_first(cli, tmp_path, monkeypatch) -> None:
    from paincheck.interview import walk

    monkeypatch.chdir(tmp_path)
    persona = load_answers_for("foot-after-fracture")

    def fake_interview(view: Any, initial: Any, save_path: Path, **options: Any) -> Any:
        save_path.write_text("saved")
        return persona

    monkeypatch.setattr(walk, "run_interview", fake_interview)
    result = cli("export")
    assert result.exit_code == 0, result.output
    reports = list(tmp_path.glob("*.pdf"))
    assert len(reports) == 1 and reports[0].stem.startswith("paincheck-answers-")
    assert "Maria Lopez" in text_of(reports[0].read_bytes())


def test_export_without_files_and_without_a_terminal_says_what_to_do(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("export")
    assert result.exit_code == 1
    assert "--answers" in result.stderr or "terminal" in result.stderr
    assert list(tmp_path.glob("*.pdf")) == []


def load_answers_for(name: str) -> Answers:
    from paincheck.questionnaire import load_questionnaire

    return load_answers(load_questionnaire(), PERSONAS / f"{name}.yaml").answers


# -- the body diagram ------------------------------------------------------------------------------


def _view(view: str, locations: list[str], side: str | None, worst: str | None = None):
    from paincheck.formats import bodymap

    words = bodymap.Words("Front", "Back", "Left", "Right", "Pain", "Worst")
    front, back = bodymap.views(locations, side, worst, words)
    return front if view == "front" else back


def _shaded_halves(view: str, locations: list[str], side: str | None, worst: str | None = None):
    from paincheck.formats import bodymap

    shapes = _view(view, locations, side, worst).shapes
    halves = [s for s in shapes if s.line == bodymap.BODY_LINE]
    stars = [s for s in shapes if s.line == bodymap.MARK]
    shaded = {
        ("viewer_left" if max(x for x, _ in s.points) <= 0 else "viewer_right", s.fill)
        for s in halves
        if s.fill != bodymap.BODY_FILL
    }
    return shaded, stars


def test_body_diagram_shades_the_side_that_hurts() -> None:
    from paincheck.formats.bodymap import PAIN_FILL, WORST_FILL

    # The patient's left is on the viewer's right from the front, on the viewer's left from behind.
    assert (_view("front", [], None).viewer_left_is, _view("back", [], None).viewer_left_is) == (
        "right",
        "left",
    )
    front, stars = _shaded_halves("front", ["foot", "knee"], "left", worst="foot")
    assert front == {("viewer_right", PAIN_FILL), ("viewer_right", WORST_FILL)}
    assert len(stars) == 1
    back, _ = _shaded_halves("back", ["foot"], "left")
    assert back == {("viewer_left", PAIN_FILL)}
    both, _ = _shaded_halves("front", ["knee"], "both")
    assert both == {("viewer_left", PAIN_FILL), ("viewer_right", PAIN_FILL)}
    unsaid, _ = _shaded_halves("back", ["low_back"], None)
    assert unsaid == {("viewer_left", PAIN_FILL), ("viewer_right", PAIN_FILL)}
    nothing, _ = _shaded_halves("front", [], None)
    assert nothing == set()


def test_a_worst_area_across_the_middle_gets_one_star() -> None:
    _, stars = _shaded_halves("back", ["low_back", "buttock"], "both", worst="low_back")
    assert len(stars) == 1
    assert abs(sum(x for x, _ in stars[0].points) / len(stars[0].points)) < 0.5


def test_all_over_shades_every_area() -> None:
    from paincheck.formats import bodymap

    for view in ("front", "back"):
        shapes = _view(view, ["all_over"], None).shapes
        assert shapes and all(s.fill == bodymap.PAIN_FILL for s in shapes)


def test_report_in_spanish(questionnaire) -> None:
    if "es" not in questionnaire.languages:
        pytest.skip("no Spanish in this checklist")
    data, warnings = pdf.render_report(
        assess(questionnaire, "knee-urgent"), pdf.ExportOptions(lang="es")
    )
    text = text_of(data)
    assert "Su lista sobre el dolor, para su cita sobre la terapia DRG" in text
    flat = " ".join(text.split())
    assert "Vaya ahora a la sala de emergencias de un hospital. O llame al 911 (en EE. UU.)" in flat
    assert "Coincide" in flat and "Cumple" not in flat
    assert "Página 1 de" in text
    assert warnings == []


def test_another_checklist_gets_a_report_without_the_drg_parts(tmp_path) -> None:
    from paincheck.questionnaire import load_questionnaire

    other = load_questionnaire(Path(__file__).parent / "data" / "other-questions")
    answers = Answers({"age": 50, "problems": ["waking_up"], "nights": 5})
    data, warnings = pdf.render_report(evaluate(other, answers))
    text = text_of(data)
    assert warnings == []
    assert "sleep-check version 2" in text
    assert "Poor sleep on 3 or more" in " ".join(text.split())
    for absent in ("Pain scores", "Where it hurts", "Treatments tried", "spinal levels"):
        assert absent not in text
    blank = " ".join(text_of(pdf.render_blank(other)[0]).split())
    assert "Sleep check before a sleep clinic visit" in blank
    assert "If you ticked Loud snoring in question 2, answer this:" in blank


def test_a_checklist_without_a_report_part_leaves_only_those_parts_out(tmp_path) -> None:
    from paincheck.questionnaire import load_questionnaire

    other = Path(__file__).parent / "data" / "other-questions"
    answers = Answers({"age": 50, "problems": ["waking_up"], "nights": 5})
    full = evaluate(load_questionnaire(other), answers)
    bare = evaluate(load_questionnaire(without_report_part(other, tmp_path / "q")), answers)
    data, warnings = pdf.render_report(bare)
    assert warnings == []
    # Its `report:` names only the age for the header: without it, the age alone is gone.
    assert "Age: 50" in text_of(pdf.render_report(full)[0])
    assert text_of(data) == text_of(pdf.render_report(full, redact=True)[0])


def test_the_drg_checklist_without_its_report_part_still_gets_a_report(
    questionnaire, persona_pdf, blank_pdf, tmp_path
) -> None:
    from paincheck.questionnaire import default_questions_folder, load_questionnaire

    bare = load_questionnaire(without_report_part(default_questions_folder(), tmp_path / "q"))
    full_text = " ".join(text_of(persona_pdf("foot-after-fracture")[0]).split())
    data, warnings = pdf.render_report(assess(bare, "foot-after-fracture"))
    text = " ".join(text_of(data).split())
    assert warnings == []
    placed = [
        "Maria Lopez",  # header
        "Pain scores",  # the bars and the PEG score
        "PEG score",
        "Key facts about the pain",  # the body map's answers, the details, the treatments
        "Where it hurts",  # the body map
        "Medicines and daily life",  # own words
        "Walk my dog around the block again",
        "Mood check",
    ]
    assert [part for part in placed if part in full_text] == placed
    assert [part for part in placed if part in text] == []
    for kept in ("The criteria at a glance", "For your specialist: spinal levels",
                 "Questions to ask your doctor"):  # fmt: skip
        assert kept in full_text and kept in text
    shade = "You can also shade where it hurts"
    assert shade in " ".join(text_of(blank_pdf).split())
    assert shade not in " ".join(text_of(pdf.render_blank(bare)[0]).split())


def test_answers_longer_than_a_page_run_onto_the_next_page(questionnaire) -> None:
    assessment = assess(
        questionnaire,
        "foot-after-fracture",
        current_medicines="pill\n" * 99,
        questions_for_doctor="why?\n" * 99,
        goals="W" * 500,
    )
    for large_print in (False, True):
        data, _ = pdf.render_report(assessment, pdf.ExportOptions(large_print=large_print))
        text = text_of(data)
        assert text.count("pill") == 99 and text.count("why?") == 99


def test_a_long_choice_list_on_the_blank_checklist_runs_onto_the_next_pages(tmp_path) -> None:
    from paincheck.questionnaire import load_questionnaire
    from tests.helpers.inputs import many_choices_folder

    questionnaire = load_questionnaire(many_choices_folder(tmp_path / "many", 400))
    data, _ = pdf.render_blank(questionnaire)
    pages = [page.extract_text() for page in reader(data).pages]
    assert len(pages) >= 3
    text = "\n".join(pages)
    # every choice once, in order, the list split between pages at a row
    found = [int(n) for n in re.findall(r"Choice (\d+)", text)]
    assert sorted(found) == list(range(400))
    holding = [i for i, page in enumerate(pages) if "Choice " in page]
    assert len(holding) >= 2
    assert "Choice 0\n" in pages[holding[0]] + "\n" and "Choice 399" in pages[holding[-1]]


def test_a_part_larger_than_a_page_is_a_message_without_object_addresses(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.inputs import many_choices_folder

    folder = many_choices_folder(tmp_path / "many", 2, label="word " * 4000 + "{i}")
    target = tmp_path / "blank.pdf"
    result = cli("export", "--blank", "--questions", str(folder), "-o", str(target))
    assert result.exit_code == 1
    assert re.fullmatch(
        r"error: PDF: the report could not be laid out \(a part is larger than a page\): "
        r"page \d+\n",
        result.stderr,
    ), result.stderr
    assert not target.exists()


@pytest.mark.parametrize("large_print", [False, True])
def test_a_long_status_word_stays_in_its_column(questionnaire, large_print: bool) -> None:
    """Spanish "Coincide en parte" is wider than the status column: it runs onto a second
    line instead of over the reason beside it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from paincheck.formats.pdf.fonts import load_fonts
    from tests.helpers.inputs import assess as assess_changes

    assessment = assess_changes(questionnaire, pain_locations=["foot", "buttock"], pain_average=4)
    options = pdf.ExportOptions(lang="es", large_print=large_print)
    data, _ = pdf.render_report(assessment, options)
    bold = load_fonts().bold
    ends: list[float] = []
    reasons: list[float] = []
    (page,) = [page for page in reader(data).pages if "Coincide" in page.extract_text()]

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        x = tm[4] * cm[0] + cm[4]
        if text.strip() in ("Coincide en", "Coincide", "en", "parte", "Coincide en parte"):
            ends.append(x + stringWidth(text.strip(), bold, abs(size * tm[3] * cm[3])))
        if text.startswith(("El dolor en estas zonas", "Su dolor promedio fue 4")):
            reasons.append(x)

    page.extract_text(visitor_text=visit)
    assert ends and reasons
    assert max(ends) < min(reasons)


def test_a_dated_file_prints_when_it_was_answered_and_when_the_report_was_made(
    questionnaire: Questionnaire,
) -> None:
    from datetime import date

    today = date.today().isoformat()
    values = load_answers(questionnaire, PERSONAS / "foot-after-fracture.yaml").answers.values
    data, _ = pdf.render_report(evaluate(questionnaire, Answers(values, "complete", "2026-05-04")))
    header = " ".join(text_of(data).split())
    assert f"Answered on: 2026-05-04 · Report made on: {today}" in header
    assert "Date:" not in header
    same_day, _ = pdf.render_report(evaluate(questionnaire, Answers(values, "complete", today)))
    assert f"Answered on: {today} ·" in " ".join(text_of(same_day).split())
    assert "Report made on" not in text_of(same_day)
