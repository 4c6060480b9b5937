"""The HTML report in a real browser: Debian's chromium, driven by Playwright, checked by axe.

Nothing here downloads a browser: Playwright starts /usr/bin/chromium. Where it is missing
the tests are skipped, except in CI (CI=true), where a missing browser is a failure
(`.ci/run` installs it with apt).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paincheck.answers.loading import load_answers
from paincheck.evaluation import evaluate
from paincheck.formats.html import render_html
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import PERSONA_NAMES, PERSONAS
from tests.helpers.inputs import HOSTILE
from tests.helpers.views import view_of

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install chromium with apt")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests skipped")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def both() -> Questionnaire:
    return load_questionnaire(None, ["en", "es"])


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    """One browser context (profile) for every page: a page in a new context costs chromium
    twice as much as one more page in the same context."""
    opened = browser.new_context()
    yield opened
    opened.close()


def page_of(context: Any, tmp_path: Path, html: str, width: int = 1280) -> tuple[Any, list[str]]:
    """The report opened from a file, and every request it made beyond its own file."""
    file = tmp_path / "report.html"
    file.write_text(html, encoding="utf-8")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(file.as_uri())
    return page, [url for url in requests if url != file.as_uri()]


class PersonaPages:
    """One open page per persona report (name, language, large print), kept for the module:
    opening a page costs chromium about as much as checking it. Tests only read the page;
    each sets the window width it looks at."""

    def __init__(self, context: Any, questionnaire: Questionnaire, folder: Path) -> None:
        self.context, self.questionnaire, self.folder = context, questionnaire, folder
        self.opened: dict[tuple[str, str, bool], tuple[Any, list[str]]] = {}

    def get(
        self, name: str, lang: str, width: int, large_print: bool = False
    ) -> tuple[Any, list[str]]:
        """The page at `width` px, and the requests it made beyond its own file."""
        key = (name, lang, large_print)
        if key not in self.opened:
            folder = self.folder / f"{name}-{lang}-{large_print}"
            folder.mkdir()
            html = persona_html(self.questionnaire, name, lang, large_print=large_print)
            self.opened[key] = page_of(self.context, folder, html, width)
        page, requests = self.opened[key]
        page.set_viewport_size({"width": width, "height": 900})
        return page, requests


@pytest.fixture(scope="module")
def pages(
    context: Any, both: Questionnaire, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PersonaPages]:
    opened = PersonaPages(context, both, tmp_path_factory.mktemp("pages"))
    yield opened
    for page, _ in opened.opened.values():
        page.close()


def persona_html(questionnaire: Questionnaire, name: str, lang: str, **options: Any) -> str:
    answers = load_answers(questionnaire, str(PERSONAS / f"{name}.yaml")).answers
    return render_html(
        evaluate(questionnaire, answers), view=view_of(questionnaire, lang), **options
    )


def scroll_widths(page: Any) -> tuple[int, int]:
    sizes = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return int(sizes[0]), int(sizes[1])


@pytest.mark.parametrize("name", PERSONA_NAMES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_axe_finds_no_violations(pages: PersonaPages, name: str, lang: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, requests = pages.get(name, lang, 1280)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert requests == []  # the page fetched nothing at all
    assert page.evaluate("document.documentElement.lang") == lang


@pytest.mark.parametrize("name", PERSONA_NAMES)
@pytest.mark.parametrize(
    ("lang", "width", "large_print"),
    [("en", 320, False), ("es", 320, False), ("es", 640, False), ("en", 320, True)],
)
def test_no_sideways_scrolling_on_a_narrow_screen(
    pages: PersonaPages, name: str, lang: str, width: int, large_print: bool
) -> None:
    # 640 px is a 1280 px window at 200% zoom; 320 px is the WCAG reflow width.
    page, _ = pages.get(name, lang, width, large_print)
    scroll, client = scroll_widths(page)
    assert client == width
    assert scroll <= client, f"{scroll} px of content in a {client} px window"


def test_at_320_px_the_criteria_are_still_a_table(pages: PersonaPages) -> None:
    page, _ = pages.get("foot-after-fracture", "en", 320)
    tree = page.locator("table.criteria").first.aria_snapshot()
    assert tree.startswith('- table "The criteria at a glance":')
    assert '- rowheader "Pain for six months or more"' in tree
    assert '- cell "Met"' in tree  # the symbol is hidden from screen readers, the word is read
    assert '- columnheader "Status"' in tree


def test_the_body_diagram_is_an_image_with_a_description(pages: PersonaPages) -> None:
    page, _ = pages.get("foot-after-fracture", "en", 1280)
    # The name is the title and the description: a screen reader reads where it hurts.
    tree = page.locator("figure.diagram > svg").aria_snapshot()
    assert tree.startswith(
        "- 'img \"Body diagram, front and back "
        "Painful areas: Foot, Ankle. Side: Left side. Hurts most: Foot.\"'"
    )


def test_print_shows_the_notes_and_keeps_the_page_narrow(
    context: Any, both: Questionnaire, tmp_path: Path
) -> None:
    page, _ = page_of(context, tmp_path, persona_html(both, "knee-urgent", "en"))
    assert not page.locator("section.notes").is_visible()
    page.emulate_media(media="print")
    assert page.locator("section.notes").is_visible()
    size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert size == "13.3333px"  # 10 pt
    pdf = page.pdf()  # what the browser would print
    assert pdf.startswith(b"%PDF")
    page.close()


def test_hostile_answers_are_shown_as_text(
    context: Any, both: Questionnaire, tmp_path: Path
) -> None:
    file = tmp_path / "hostile.yaml"
    file.write_text(HOSTILE, encoding="utf-8")
    assessment = evaluate(both, load_answers(both, str(file)).answers)
    page, requests = page_of(context, tmp_path, render_html(assessment, view=view_of(assessment)))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.reload()
    counts = page.evaluate(
        "['script', 'a', 'img', 'style', 'iframe'].map(t => document.getElementsByTagName(t).length)"
    )
    assert counts == [0, 0, 0, 1, 0]
    text = page.locator("main").inner_text()
    assert "<script>alert('name')</script>" in text
    assert '<a href="javascript:alert(1)">click me</a>' in text
    assert "\\x1b[31mred\\x1b[0m\\x07 and \\u202eevil & </td></table><style>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert page.locator("main").is_visible()  # the answer's <style> hid nothing
    assert dialogs == [] and requests == []
    page.close()


# -- visits side by side (paincheck compare --format html) --------------------------------------


def compare_html(questionnaire: Questionnaire, lang: str, **last: Any) -> str:
    """The sample visits side by side; `last` changes answers of the last visit."""
    from paincheck.formats.compare import Visit, compare_visits
    from paincheck.formats.html import render_compare_html

    samples = Path(__file__).resolve().parents[1] / "questions" / "samples"
    visits = []
    for name in ("follow-up-before-trial", "follow-up-3-months"):
        values = dict(load_answers(questionnaire, samples / f"{name}.yaml").answers.values)
        loaded = load_answers(questionnaire, samples / f"{name}.yaml").answers
        if name.endswith("months"):
            values.update(last)
        answers = type(loaded)(values, loaded.status, loaded.date)
        visits.append(Visit(f"{name}.yaml", evaluate(questionnaire, answers)))
    view = view_of(questionnaire, lang)
    return render_compare_html(compare_visits(visits, view), view=view)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("signs", [False, True])
def test_visits_side_by_side_pass_axe_and_reflow(
    context: Any, both: Questionnaire, tmp_path: Path, lang: str, signs: bool
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    last = {"warning_signs": ["saddle_numbness", "cancer_history"]} if signs else {}
    page, requests = page_of(context, tmp_path, compare_html(both, lang, **last))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert requests == []
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("section.warnings .warning").count() == (2 if signs else 0)
    tree = page.locator("figure.trend > svg").aria_snapshot()
    assert tree.startswith("- 'img \"") and "7.3" in tree and "3.7" in tree
    for width in (320, 640):
        page.set_viewport_size({"width": width, "height": 900})
        scroll, client = scroll_widths(page)
        assert scroll <= client, f"{scroll} px of content in a {client} px window"
    folder = os.environ.get("PAINCHECK_SHOTS")
    if folder:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            name = f"compare-{lang}-{'signs' if signs else 'plain'}-{width}.png"
            Path(folder, name).write_bytes(page.screenshot(full_page=True))
    page.close()


def test_screenshots_for_a_person_to_look_at(pages: PersonaPages) -> None:
    """Screenshots of every persona at 1280 and 375 px, written to the folder PAINCHECK_SHOTS
    names. They are for a person to look at (and not to commit), so without that folder the
    test skips: the widths themselves are checked above (no sideways scrolling)."""
    folder = os.environ.get("PAINCHECK_SHOTS")
    if not folder:
        pytest.skip("set PAINCHECK_SHOTS=FOLDER to write screenshots to look at")
    for name in PERSONA_NAMES:
        for width in (1280, 375):
            page, _ = pages.get(name, "en", width)
            shot = page.screenshot(full_page=True)
            assert shot.startswith(b"\x89PNG")
            Path(folder, f"{name}-{width}.png").write_bytes(shot)


def test_a_missing_browser_skips_here_but_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="missing in CI"):
        _require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="browser tests skipped"):
        _require_chromium()
