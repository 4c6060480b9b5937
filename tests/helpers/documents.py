"""Reading what paincheck writes: a PDF's text and its pieces of text on each page, page 1
as a picture compared with the reviewed one, and an HTML page as a reader meets it."""

from __future__ import annotations

import io
import os
import subprocess
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.helpers.snapshot import SNAPSHOTS


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(data).pages)


PICTURES = SNAPSHOTS / "pages"
PICTURES_DAY = date(2026, 12, 6)


class FixedToday(date):
    """The day the reviewed pictures were made, so the date printed on them stays the same."""

    @classmethod
    def today(cls) -> date:
        return PICTURES_DAY


@dataclass(frozen=True)
class Run:
    """A piece of text on a page: its words, size, font and where it starts (y up)."""

    text: str
    size: float
    bold: bool
    x: float
    y: float


def runs_by_page(data: bytes) -> list[list[Run]]:
    """Every page's pieces of text in the order they are drawn."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        runs: list[Run] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            if text.strip() and font is not None:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                bold = "Bold" in str(font.get("/BaseFont"))
                runs.append(Run(text.strip(), abs(size * tm[3] * cm[3]), bold, x, y))  # noqa: B023

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


DPI = 30


# Pixels whose grey differs by more than this (of 255) count as changed ...
GREY_STEP = 48


# ... and a page may have this share of them: a different poppler draws edges a little
# differently, but a moved line of text changes far more.
CHANGED_SHARE = 0.004


def picture(data: bytes, tmp_path: Path) -> Any:
    from PIL import Image

    source = tmp_path / "page.pdf"
    source.write_bytes(data)
    first_page = ["-f", "1", "-l", "1"]
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), *first_page, str(source), str(tmp_path / "p")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    (made,) = tmp_path.glob("p-*.png")
    with Image.open(made) as image:
        # 16 greys, as stored: the comparison sees what the reviewed file can hold.
        return image.convert("L").point(lambda v: v // 16 * 17)


def compare_with_picture(data: bytes, name: str, tmp_path: Path) -> None:
    """Fail unless page 1 of `data` looks like tests/snapshots/pages/NAME (saving the new
    picture and the difference in `tmp_path`); PAINCHECK_UPDATE_SNAPSHOTS=1 rewrites it."""
    from PIL import Image, ImageChops

    made = picture(data, tmp_path)
    reviewed_path = PICTURES / name
    update = os.environ.get("PAINCHECK_UPDATE_SNAPSHOTS") == "1"
    if not reviewed_path.exists():
        if update:
            PICTURES.mkdir(parents=True, exist_ok=True)
            made.save(reviewed_path, optimize=True)
            return
        pytest.fail(f"no picture {name}: run with PAINCHECK_UPDATE_SNAPSHOTS=1, then look at it")
    with Image.open(reviewed_path) as stored:
        reviewed = stored.convert("L")
    share = 1.0
    if made.size == reviewed.size:
        difference = ImageChops.difference(made, reviewed)
        changed = sum(difference.point(lambda v: 255 if v > GREY_STEP else 0).histogram()[255:])
        share = changed / (made.size[0] * made.size[1])
    if share > CHANGED_SHARE and update:
        made.save(reviewed_path, optimize=True)  # only a picture that changed is rewritten
    elif share > CHANGED_SHARE:
        made.save(tmp_path / f"now-{name}")
        pytest.fail(
            f"page 1 differs from tests/snapshots/pages/{name} in {share:.1%} of its pixels; "
            f"see {tmp_path} (if intended, rerun with PAINCHECK_UPDATE_SNAPSHOTS=1 and look at "
            "the new picture)"
        )


class Page(HTMLParser):
    """What a reader of the page meets: its elements, headings, tables and visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self.captions: list[str] = []
        self.header_cells: list[tuple[str | None, str]] = []
        self.text: list[str] = []
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "caption", "th", "style", "title", "desc"):
            self._open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, attrs, parts = self._open.pop()
            words = " ".join("".join(parts).split())
            if tag in ("h1", "h2", "h3"):
                self.headings.append((tag, words))
            elif tag == "caption":
                self.captions.append(words)
            elif tag == "th":
                self.header_cells.append((attrs.get("scope"), words))

    def handle_data(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)
        if not any(tag in ("style", "title") for tag, _, _ in self._open):
            self.text.append(data)

    def words(self) -> str:
        return " ".join("".join(self.text).split())


def read(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page
