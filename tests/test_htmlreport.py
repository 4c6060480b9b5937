"""The HTML report without a browser: its structure, its words, escaping, and the files.

The page is read back with the standard library's HTML parser into an outline (headings,
tables with their captions and header cells, sections) and compared whole.
"""

from __future__ import annotations

import itertools
import re
import stat
from pathlib import Path

import pytest

from paincheck.answers.loading import load_answers
from paincheck.evaluation import evaluate
from paincheck.formats.html import render_html
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import PERSONA_NAMES, PERSONAS
from tests.helpers.documents import Page, read
from tests.helpers.inputs import HOSTILE
from tests.helpers.views import view_of

FOOT = str(PERSONAS / "foot-after-fracture.yaml")
KNEE = str(PERSONAS / "knee-urgent.yaml")


def report(
    questionnaire: Questionnaire, file: str, lang: str = "en", **options: bool
) -> tuple[str, Page]:
    assessment = evaluate(questionnaire, load_answers(questionnaire, file).answers)
    html = render_html(assessment, view=view_of(assessment, lang), **options)
    return html, read(html)


@pytest.fixture(scope="module")
def both() -> Questionnaire:
    return load_questionnaire(None, ["en", "es"])


def test_the_outline_of_a_full_report(both: Questionnaire) -> None:
    _, page = report(both, FOOT)
    assert page.headings == [
        ("h1", "Your pain checklist, for your visit about DRG therapy"),
        ("h2", "What your answers show"),
        ("h2", "Key facts about the pain"),
        ("h2", "The criteria"),
        ("h2", "What the US approval says"),
        ("h2", "Scores"),
        ("h2", "Where it hurts"),
        ("h2", "Medicines and daily life"),
        ("h2", "Changes in the painful area (symptoms only, for your specialist to examine)"),
        ("h2", "Mood check (past 2 weeks)"),
        ("h2", "Health details to discuss"),
        ("h2", "For your specialist: spinal levels"),
        ("h2", "Questions to ask your doctor"),
        ("h2", "Notes during the visit"),
        ("h2", "Please note"),
    ]
    assert page.captions == [
        "Questions and your answers",
        "How much each treatment helped",
        "The criteria at a glance",
        "Each part of the approval, and where your answers stand",
        "Pain scores (0 = no pain, 10 = worst imaginable)",
        "Daily life, in your words",
        "Spinal levels reported in studies, by area",
    ]
    # every header cell says what it heads: a column or a row
    assert {scope for scope, _ in page.header_cells} == {"col", "row"}
    assert ("row", "Pain for six months or more") in page.header_cells
    assert ("row", "Pain now (0-10)") in page.header_cells


def test_the_page_is_self_contained_and_loads_nothing(both: Questionnaire) -> None:
    html, page = report(both, FOOT)
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "a", "form", "base"}
    assert not [attrs for _, attrs in page.tags if {"src", "href", "srcset"} & set(attrs)]
    assert not re.search(r"url\(|@import|https?://|//[a-z]", html)
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None and policy.startswith("default-src 'none'; style-src 'sha256-")


def test_the_style_sheet_matches_the_policy_hash(both: Questionnaire) -> None:
    import base64
    import hashlib

    html, _ = report(both, FOOT)
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in html  # a browser applies exactly this sheet


@pytest.mark.parametrize("name", PERSONA_NAMES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_lang_one_h1_and_headings_in_order(both: Questionnaire, name: str, lang: str) -> None:
    _, page = report(both, str(PERSONAS / f"{name}.yaml"), lang)
    html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html_tag["lang"] == lang
    levels = [int(tag[1]) for tag, _ in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert not [attrs for _, attrs in page.tags if attrs.get("role") == "alert"]


def test_the_urgent_panel_comes_first_as_a_named_section(both: Questionnaire) -> None:
    html, page = report(both, KNEE)
    sections = [attrs for tag, attrs in page.tags if tag == "section"]
    assert sections[0] == {"class": "warnings", "aria-labelledby": "warnings"}
    boxes = [attrs["class"] for tag, attrs in page.tags if tag == "div" and "class" in attrs]
    assert boxes[:2] == ["warning urgent", "warning prompt"]
    assert page.headings[:5] == [  # as in the PDF: the urgent box, the soon box, the verdict
        ("h1", "Your pain checklist, for your visit about DRG therapy"),
        ("h2", "Warning signs"),
        ("h3", "!! Get medical care now"),
        ("h3", "! Call your doctor soon"),
        ("h2", "What your answers show"),
    ]
    body = html.split("<main>", 1)[1]
    assert body.index("Get medical care now") < body.index("The criteria")
    assert (
        "<li>New bladder or bowel trouble. I cannot pee, or it is hard to start. I leak. I "
        "cannot feel when my bladder is full. Or I cannot control my bowels.<br>"
        '<strong class="advice"><span aria-hidden="true">→</span> Go to a hospital emergency '
        "department now. Or call 911 (in the US) or your local emergency number.</strong></li>"
    ) in body
    # The verdict keeps its caveat under the urgent box (v2 dropped both).
    assert (
        '<section class="overall urgent" aria-labelledby="overall">\n<h2 id="overall">What your '
        "answers show</h2>\n<p>Because of the warning sign above, please get medical care "
        "first. The rest of this summary can wait until after you have been seen.</p>\n"
        '<p class="caveat">In the US, DRG therapy is approved only for adults, and your answers '
        "do not give your age. In the US, DRG therapy is approved only for CRPS in the legs, and "
        "your answers do not show whether a doctor has said CRPS. Your specialist can tell you "
        "what this means: see &#34;What the US approval says&#34; below.</p>\n</section>"
    ) in body


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_caveat_and_advice_line_under_an_urgent_box(both: Questionnaire, lang: str) -> None:
    if lang not in both.languages:
        pytest.skip("no Spanish in this checklist")
    from paincheck.evaluation import caveat_texts, warning_lines
    from tests.helpers.inputs import assess

    assessment = assess(
        both,
        age=15,
        health_conditions=["surgery_risky"],
        can_use_controller="no",
        warning_signs=["implant_wound_problem", "one_leg_swollen_warm", "unexplained_weight_loss"],
    )
    words = read(render_html(assessment, view=view_of(assessment, lang))).words()
    advice = [line.advice for line in warning_lines(assessment, view_of(assessment, lang))]
    caveats = caveat_texts(assessment, view_of(assessment, lang))
    assert len(advice) == 3 and len(caveats) == 3
    places = [words.index(text or "") for text in (*advice, *caveats)]
    assert places == sorted(places)


def test_status_is_a_symbol_and_a_word(both: Questionnaire) -> None:
    html, _ = report(both, FOOT)
    assert '<td class="status met"><span aria-hidden="true">✔</span> Met</td>' in html
    _, page = report(both, str(PERSONAS / "back-recent.yaml"))
    assert "✘ Not met" in page.words()


@pytest.mark.parametrize(
    ("name", "lang", "description"),
    [
        (
            "foot-after-fracture",
            "en",
            "Painful areas: Foot, Ankle. Side: Left side. Hurts most: Foot.",
        ),
        ("knee-urgent", "en", "Painful areas: Knee. Side: Right side. Hurts most: Knee."),
        ("knee-urgent", "es", "Zonas con dolor: Rodilla. Lado: Lado derecho. Duele más: Rodilla."),
    ],
)
def test_the_body_diagram_says_in_words_where_it_hurts(
    both: Questionnaire, name: str, lang: str, description: str
) -> None:
    html, _ = report(both, str(PERSONAS / f"{name}.yaml"), lang)
    assert f'<desc id="body-desc">{description}</desc>' in html
    assert 'role="img" aria-labelledby="body-title body-desc"' in html


def test_the_body_diagram_shades_only_the_painful_side(both: Questionnaire) -> None:
    html, _ = report(both, KNEE)
    fills = re.findall(r'<polygon points="[^"]+" fill="(#[0-9a-f]+)"', html)
    # the right knee, front and back: worst (dark, with a star) on one half of each view
    assert fills.count("#c0392b") == 2
    assert fills.count("#f2a7a0") == 0


def test_the_pain_chart_has_its_numbers_in_text(both: Questionnaire) -> None:
    _, page = report(both, FOOT)
    words = page.words()
    for label, value in [
        ("Pain now (0-10)", 7),
        ("Average pain, past 7 days", 6),
        ("Worst pain, past 7 days", 9),
        ("Least pain, past 7 days", 4),
    ]:
        assert f"{label} {value}" in words


def test_redact_leaves_out_name_and_age(both: Questionnaire) -> None:
    html, page = report(both, FOOT, redact=True)
    assert "Maria" not in html and "Lopez" not in html
    assert "Name:" not in page.words() and "Age:" not in page.words()
    assert "Maria Lopez" in report(both, FOOT)[0]


def test_a_dated_file_says_when_it_was_answered_and_when_the_page_was_made(
    both: Questionnaire,
) -> None:
    from datetime import date

    from paincheck.answers.checking import Answers

    today = date.today().isoformat()
    values = load_answers(both, FOOT).answers.values
    html = render_html(
        evaluate(both, Answers(values, "complete", "2026-05-04")), view=view_of(both, "es")
    )
    words = read(html).words()
    assert f"Respondido el: 2026-05-04 Informe hecho el: {today}" in words
    assert "Fecha:" not in words
    assert f"Date: {today}" in report(both, FOOT)[1].words()  # no date in the file: today's


def test_large_print(both: Questionnaire) -> None:
    html, _ = report(both, FOOT, large_print=True)
    assert '<body class="large">' in html
    assert "<body>" in report(both, FOOT)[0]


def test_spanish(both: Questionnaire) -> None:
    _, page = report(both, FOOT, "es")
    assert page.headings[0] == ("h1", "Su lista sobre el dolor, para su cita sobre la terapia DRG")
    assert ("row", "Dolor por seis meses o más") in page.header_cells
    assert "✔ Coincide" in page.words() and "Cumple" not in page.words()


def test_hostile_answers_are_text(both: Questionnaire, tmp_path: Path) -> None:
    file = tmp_path / "hostile.yaml"
    file.write_text(HOSTILE, encoding="utf-8")
    html, page = report(both, str(file))
    names = [tag for tag, _ in page.tags]
    assert not {"script", "a", "img"} & set(names)
    assert names.count("style") == 1 and names.count("table") == 6  # nothing closed early
    words = page.words()
    assert "Name: <script>alert('name')</script>" in words
    assert '<a href="javascript:alert(1)">click me</a>' in words
    assert "{{ 7*7 }} {% raw %} ]]> <!-- x" in words  # no template ran on an answer
    assert "\\x1b[31mred\\x1b[0m\\x07 and \\u202eevil & </td></table><style>" in words
    assert "<img src=x onerror=alert(2)>" in words
    assert "\x1b" not in html and "\x07" not in html and "\u202e" not in html


def test_same_content_in_the_same_order_as_the_pdf(both: Questionnaire) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from paincheck.formats.pdf import render_report

    assessment = evaluate(both, load_answers(both, FOOT).answers)
    pdf, _ = render_report(assessment)
    pdf_words = " ".join(
        " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages).split()
    )
    html_words = read(render_html(assessment, view=view_of(assessment))).words()
    markers = [
        "Maria Lopez",
        "What your answers show",
        "In the US, the approval is narrower",
        "Key facts about the pain",
        "Areas: Foot, Ankle · Side: Left side · Hurts most: Foot",
        "How long have you had this pain?",
        "Pain now (0-10): 7 · Average pain, past 7 days: 6",
        "Nerve pain medicines",
        "The criteria at a glance",
        "Little or no relief from other treatments",
        "The approval is for CRPS",
        "PEG score",
        "Walk my dog around the block again",
        "Changes in the painful area",
        "Mood check",
        "If you ever have thoughts of suicide",
        "Health details to discuss",
        "For your specialist: spinal levels",
        "Questions to ask your doctor",
        "Can I still swim with the device?",
    ]
    for words in (pdf_words, html_words):
        positions = [words.find(marker) for marker in markers]
        assert -1 not in positions, [m for m, p in zip(markers, positions, strict=True) if p < 0]
        assert positions == sorted(positions)


def test_a_checklist_without_a_report_part_leaves_only_those_parts_out(tmp_path: Path) -> None:
    from paincheck.answers.checking import Answers
    from tests.helpers.inputs import without_report_part

    other = Path(__file__).parent / "data" / "other-questions"
    answers = Answers({"age": 50, "problems": ["waking_up"], "nights": 5})
    full = evaluate(load_questionnaire(other), answers)
    bare = evaluate(load_questionnaire(without_report_part(other, tmp_path / "q")), answers)
    # Its `report:` names only the age for the header: without it, the age alone is gone.
    assert "Age" in read(render_html(full, view=view_of(full))).words()
    assert render_html(bare, view=view_of(bare)) == render_html(
        full, view=view_of(full), redact=True
    )


# -- the command ---------------------------------------------------------------------------------


def test_export_html_writes_a_private_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    result = cli("export", FOOT, "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out}\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="en">')


def test_export_html_never_overwrites_without_force(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    out.write_text("mine", encoding="utf-8")
    result = cli("export", FOOT, "--format", "html", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {out}: already exists; not overwritten (use --force to replace it)\n"
    )
    assert out.read_text(encoding="utf-8") == "mine"
    assert cli("export", FOOT, "--format", "html", "-o", str(out), "--force").exit_code == 0
    assert "<h1>" in out.read_text(encoding="utf-8")


def test_export_html_of_several_files_into_a_folder(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "reports"
    folder.mkdir()
    result = cli("export", FOOT, KNEE, "--format", "html", "-o", str(folder), "--redact")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in folder.iterdir())
    assert written == ["foot-after-fracture.html", "knee-urgent.html"]
    assert "Maria" not in (folder / "foot-after-fracture.html").read_text(encoding="utf-8")
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_export_html_names_the_file_after_the_answers(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = cli("export", FOOT, "--format", "html", "--lang", "es", "--large-print")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "foot-after-fracture.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in html and '<body class="large">' in html


def test_a_bad_file_in_a_batch_stops_only_itself(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers:\n  pain_now: 11\n", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli("export", str(bad), FOOT, "--format", "html", "-o", str(folder))
    assert result.exit_code == 1
    assert [p.name for p in folder.iterdir()] == ["foot-after-fracture.html"]
    assert "pain_now" in result.stderr and "Traceback" not in result.output


def test_blank_has_no_html_form(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--blank", "--format", "html", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --blank: it writes the paper checklist as a PDF (or FHIR); it has no HTML form\n"
    )
    assert not (tmp_path / "x.html").exists()


def test_the_readme_example(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The HTML report", 1)[1].split("\n## ", 1)[0]
    command = re.search(r"```console\n\$ uv run (paincheck export .*)\n", section)
    excerpt = re.search(r"```html\n(.*?)```", section, re.S)
    assert command is not None and excerpt is not None
    monkeypatch.chdir(root)
    args = command.group(1).split()[1:]
    out = tmp_path / "report.html"
    result = cli(*[str(out) if a == "report.html" else a for a in args])
    assert result.exit_code == 0, result.output
    assert excerpt.group(1) in out.read_text(encoding="utf-8")
