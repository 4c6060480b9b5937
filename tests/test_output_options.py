"""`-o -` and `--font` the same way in every command that writes (issue 22, items 18 and 20).

`-o -` is standard output wherever the output is text (the table, the template, FHIR, HTML);
where it cannot be (a PDF, several reports, the interview) it is a usage error, and no file
named `-` is ever written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from paincheck.formats.pdf.fonts import default_font_files
from tests.helpers import PERSONAS

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "questions" / "samples" / "foot-after-fracture.yaml"
DIARY = ROOT / "questions" / "samples" / "trial-diary.yaml"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (["summary", str(SAMPLE), "--format", "csv"], "file,date,answers.name,"),
        (["summary", str(SAMPLE), "--format", "json"], "{"),
        (["template"], "# paincheck answers template"),
        (
            ["export", str(SAMPLE), "--format", "fhir"],
            '{\n  "resourceType": "QuestionnaireResponse"',
        ),
        (["export", str(SAMPLE), "--format", "html"], "<!DOCTYPE html>"),
        (["export", "--blank", "--format", "fhir"], '{\n  "resourceType": "Questionnaire"'),
        (["diary", "export", str(DIARY), "--format", "fhir"], '{\n  "resourceType": "Bundle"'),
        (["compare", str(SAMPLE), str(SAMPLE), "--format", "json"], "{"),
        (["compare", str(SAMPLE), str(SAMPLE), "--format", "html"], "<!DOCTYPE html>"),
    ],
)
def test_dash_is_standard_output_for_text(
    cli: Any, here: Path, args: list[str], starts: str
) -> None:
    to_stdout = cli(*args, "-o", "-")
    assert (to_stdout.exit_code, to_stdout.stderr) == (0, ""), to_stdout.stderr
    assert to_stdout.stdout.startswith(starts)
    assert list(here.iterdir()) == []  # no file named "-"
    to_file = cli(*args, "-o", "out.txt")
    assert to_file.exit_code == 0, to_file.stderr
    assert (here / "out.txt").read_text(encoding="utf-8") == to_stdout.stdout  # the same text


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["export", str(SAMPLE)],
            "a PDF cannot go to standard output (-o -): give a file name, or choose a text "
            "format for standard output: --format fhir, html",
        ),
        (
            ["export", "--blank"],
            "a PDF cannot go to standard output (-o -): give a file name, or choose a text "
            "format for standard output: --format fhir",
        ),
        (
            ["diary", "export", str(DIARY)],
            "a PDF cannot go to standard output (-o -): give a file name, or choose a text "
            "format for standard output: --format fhir",
        ),
        (
            ["compare", str(SAMPLE), str(SAMPLE), "--format", "pdf"],
            "a PDF cannot go to standard output (-o -): give a file name, or choose a text "
            "format for standard output: --format text, json, html",
        ),
        (
            ["export", str(SAMPLE), str(PERSONAS / "back-recent.yaml"), "--format", "fhir"],
            "standard output (-o -) takes one report: give one answers file, or a folder with "
            "-o FOLDER/",
        ),
        (
            ["export", "--format", "html"],
            "the interview needs the terminal: to write to standard output (-o -), give an "
            "answers file",
        ),
    ],
)
def test_dash_where_it_cannot_work_is_a_usage_error(
    cli: Any, here: Path, args: list[str], says: str
) -> None:
    result = cli(*args, "-o", "-")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: -o: {says}\n")
    assert list(here.iterdir()) == []


def test_run_never_saves_to_a_file_named_dash(cli: Any, here: Path) -> None:
    result = cli("run", "--answers", str(SAMPLE), "--save", "-")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --save: the answers are saved in a file: give --save a file name (standard "
        "output shows the interview)\n",
    )
    assert list(here.iterdir()) == []


# -- item 18: diary export --font ----------------------------------------------------------------


def test_diary_export_takes_a_font_as_export_does(cli: Any, here: Path) -> None:
    font = here / "Mine-Regular.ttf"
    font.write_bytes(default_font_files()[0].read_bytes())
    done = cli("diary", "export", str(DIARY), "-o", "d.pdf", "--font", str(font))
    assert done.exit_code == 0, done.stderr
    assert len(PdfReader(here / "d.pdf").pages) >= 1
    cut = here / "Cut.ttf"
    cut.write_bytes(font.read_bytes()[:5000])
    broken = cli("diary", "export", str(DIARY), "-o", "e.pdf", "--font", str(cut))
    assert broken.exit_code == 1
    assert broken.stderr.startswith(f"error: {cut}: cannot use this font")
    assert not (here / "e.pdf").exists()
    fhir = cli("diary", "export", str(DIARY), "--format", "fhir", "--font", str(font))
    assert (fhir.exit_code, fhir.stderr) == (
        2,
        "error: --font: only a PDF uses a font of your own; leave out --font with --format fhir\n",
    )


def test_the_missing_glyph_warning_of_the_diary_names_an_option_it_has(
    cli: Any, here: Path
) -> None:
    diary = here / "d.yaml"
    text = DIARY.read_text(encoding="utf-8").replace("Walked to the shop", "Walked 散步")
    diary.write_text(text, encoding="utf-8")
    done = cli("diary", "export", str(diary), "-o", "d.pdf")
    assert done.exit_code == 0
    assert "Use --font with a TrueType font that has it." in done.stderr
    assert "--font" in cli("diary", "export", "--help").stdout
    assert json.loads(cli("diary", "show", str(diary), "--format", "json").stdout)["days"] == 7


@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling link"])
def test_save_given_something_not_a_file_suggests_what_works(
    cli: Any, here: Path, kind: str
) -> None:
    """`--save FOLDER` suggested `run --answers FOLDER --save FOLDER`, which cannot work."""
    import os

    target = here / "visits"
    if kind == "folder":
        target.mkdir()
        says = "is a folder; --save takes the name of a file, e.g. --save visits/my-answers.yaml"
    elif kind == "fifo":
        os.mkfifo(target)
        says = "is a named pipe (FIFO), not a regular file; give --save the name of a new file"
    else:
        target.symlink_to(here / "gone.yaml")
        says = f"is a link to {here}/gone.yaml, which does not exist; give --save the name of a new file"
    result = cli("run", "--answers", str(SAMPLE), "--save", "visits")
    assert (result.exit_code, result.stderr) == (1, f"error: visits: {says}\n")
    assert sorted(p.name for p in here.iterdir()) == ["visits"]
