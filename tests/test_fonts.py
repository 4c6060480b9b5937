"""Fonts given with --font: checked for kind, size, parsing and drawing before any layout.

A broken font file is a message naming it, never a traceback, and a huge file is never read.
"""

from __future__ import annotations

import os
import random
import resource
import time
from pathlib import Path

import pytest

from paincheck.answers.loading import load_answers
from paincheck.errors import PaincheckError
from paincheck.evaluation import Assessment, evaluate
from paincheck.formats import pdf
from paincheck.formats.pdf.fonts import default_font_files, load_fonts
from paincheck.questionnaire import Questionnaire
from tests.helpers import PERSONAS

pytestmark = pytest.mark.timeout(60)  # a font read whole from a pipe would hang


@pytest.fixture(scope="module")
def assessment(questionnaire: Questionnaire) -> Assessment:
    answers = load_answers(questionnaire, PERSONAS / "foot-after-fracture.yaml").answers
    return evaluate(questionnaire, answers)


def fira() -> bytes:
    return default_font_files()[0].read_bytes()


def damaged(seed: int) -> bytes:
    """Fira Sans cut short, with a few bytes changed, or with a run of zeros."""
    rng = random.Random(seed)
    data = bytearray(fira())
    kind = seed % 3
    if kind == 0:
        return bytes(data[: rng.randrange(12, len(data))])
    if kind == 1:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    start = rng.randrange(len(data) - 64)
    data[start : start + rng.randint(1, 64)] = bytes(64)[: rng.randint(1, 64)]
    return bytes(data)


# Cuts in the table directory and the glyph tables, where the old code crashed.
TRUNCATED_AT = [12, 100, 300, 1000, 5000, 50_000, 200_000, 400_000]


@pytest.mark.parametrize("size", TRUNCATED_AT)
def test_a_truncated_font_is_a_message(assessment: Assessment, tmp_path: Path, size: int) -> None:
    font = tmp_path / "Cut-Regular.ttf"
    font.write_bytes(fira()[:size])
    with pytest.raises(PaincheckError) as caught:
        pdf.render_report(assessment, pdf.ExportOptions(font=font))
    (problem,) = caught.value.problems
    assert problem.file == str(font)
    assert problem.message.startswith("cannot use this font"), problem.message


@pytest.mark.parametrize("seed", range(40))
def test_a_damaged_font_renders_or_is_a_message(
    assessment: Assessment, tmp_path: Path, seed: int
) -> None:
    font = tmp_path / f"Damaged{seed}-Regular.ttf"
    font.write_bytes(damaged(seed))
    try:
        data, _ = pdf.render_report(assessment, pdf.ExportOptions(font=font))
    except PaincheckError as exc:
        (problem,) = exc.problems
        assert problem.file == str(font)
        assert "cannot use this font" in problem.message
        assert " at 0x" not in problem.message
    else:
        assert data.startswith(b"%PDF")


def test_a_huge_sparse_font_file_is_never_read(tmp_path: Path) -> None:
    font = tmp_path / "Huge.ttf"
    with font.open("wb") as handle:
        handle.write(fira()[:1000])
        handle.truncate(3_000_000_000)  # 3 GB on the file system, no space on the disk
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()  # CPU: the wall clock of a shared machine counts others
    with pytest.raises(PaincheckError) as caught:
        load_fonts(font)
    assert time.process_time() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # kB
    assert str(caught.value) == (f"{font}: is 3000 MB; a font file of at most 40 MB is needed")


def test_special_files_are_named_for_what_they_are(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.ttf"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.ttf"
    folder.mkdir()
    empty = tmp_path / "empty.ttf"
    empty.write_bytes(b"")
    cases = {
        fifo: "is a named pipe (FIFO), not a font file",
        folder: "is a folder, not a font file",
        empty: "is too small to be a font (a TrueType .ttf file)",
        tmp_path / "missing.ttf": "font file not found",
    }
    for font, says in cases.items():
        with pytest.raises(PaincheckError) as caught:
            load_fonts(font)
        assert str(caught.value) == f"{font}: {says}"


def test_a_damaged_bold_beside_a_good_regular_is_named(
    assessment: Assessment, tmp_path: Path
) -> None:
    regular = tmp_path / "Mine-Regular.ttf"
    regular.write_bytes(fira())
    bold = tmp_path / "Mine-Bold.ttf"
    bold.write_bytes(fira()[:3000])
    with pytest.raises(PaincheckError) as caught:
        pdf.render_report(assessment, pdf.ExportOptions(font=regular))
    assert str(caught.value).startswith(f"{bold}: cannot use this font")


def test_export_checks_the_font_once_before_writing_anything(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    font = tmp_path / "Cut.ttf"
    font.write_bytes(fira()[:5000])
    out = tmp_path / "out"
    sources = [str(PERSONAS / "back-recent.yaml"), str(PERSONAS / "knee-urgent.yaml")]
    result = cli("export", *sources, "-o", str(out), "--font", str(font))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {font}: cannot use this font")
    assert not out.exists()


# Which formats use --font: the PDF report and the blank PDF checklist. Anywhere else the font
# would be silently ignored, so it is a usage error (exit 2) before anything is written.
FONT_COMBINATIONS = [
    ("pdf", False, True),
    ("pdf", True, True),
    ("html", False, False),
    ("html", True, False),
    ("fhir", False, False),
    ("fhir", True, False),
]


@pytest.mark.parametrize(("fmt", "blank", "takes_font"), FONT_COMBINATIONS)
def test_font_is_taken_only_where_a_pdf_is_drawn(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, fmt: str, blank: bool, takes_font: bool
) -> None:
    font = tmp_path / "Fira.ttf"
    font.write_bytes(fira())
    target = tmp_path / "report"
    source = [] if blank else [str(PERSONAS / "back-recent.yaml")]
    flags = ["--blank"] if blank else []
    args = ["export", *source, *flags, "--format", fmt, "--font", str(font), "-o", str(target)]
    result = cli(*args)
    if takes_font:
        assert result.exit_code == 0, result.output
        assert target.read_bytes().startswith(b"%PDF")
        return
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: --font: only a PDF uses a font of your own; leave out --font with --format {fmt}\n"
    )
    assert not target.exists()
    spanish = cli(*args, "--lang", "es")
    assert spanish.exit_code == 2
    assert spanish.stderr == (
        f"error: --font: solo un PDF usa una fuente propia; no use --font con --format {fmt}\n"
    )
