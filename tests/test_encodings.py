"""File names and standard outputs that are not UTF-8 (issue 22, items 5 and 12).

A Latin-1 file name (`Jos\\xe9.yaml`) reaches Python as text holding a lone surrogate, which
no UTF-8 file or output can hold; a standard output in Latin-1 cannot show Chinese. Either way:
no traceback, machine formats (CSV, JSON Lines, JSON) in UTF-8, and the name shown as
`Jos\\xe9.yaml`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import PERSONAS
from tests.helpers.installed import PAINCHECK, child_env, run_installed

PERSONA = (PERSONAS / "foot-after-fracture.yaml").read_bytes()
LATIN_1 = b"Jos\xe9.yaml"


def in_latin_1(*args: str) -> subprocess.CompletedProcess[bytes]:
    """`paincheck ARGS` with a standard output in Latin-1; its bytes as written."""
    return subprocess.run(
        [str(PAINCHECK), *args],
        env=child_env({"PYTHONIOENCODING": "latin-1"}),
        capture_output=True,
        timeout=60,
        check=False,
    )


def latin_1_file(folder: Path) -> str:
    """The persona under a Latin-1 name; the name as the command line passes it."""
    name = os.fsdecode(os.fsencode(folder) + b"/" + LATIN_1)
    Path(name).write_bytes(PERSONA)
    return name


def test_the_table_of_a_latin_1_name_is_utf_8_on_stdout_and_in_a_file(tmp_path: Path) -> None:
    name = latin_1_file(tmp_path)
    shown = f"{tmp_path}/Jos\\xe9.yaml"
    for fmt in ("csv", "jsonl"):
        printed = run_installed("summary", name, "--format", fmt)
        assert (printed.exit_code, printed.stderr) == (0, "")
        written = run_installed("summary", name, "--format", fmt, "-o", str(tmp_path / f"t.{fmt}"))
        assert (written.exit_code, written.stderr) == (0, f"Wrote {tmp_path}/t.{fmt}\n")
        text = (tmp_path / f"t.{fmt}").read_bytes().decode("utf-8")  # strict: UTF-8 or fail
        assert text == printed.stdout
    rows = (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(rows[0])["file"] == shown
    row = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith(f"{shown},,Maria Lopez,46,")  # no date in the file


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_a_latin_1_standard_output_gets_utf_8_machine_formats(tmp_path: Path, fmt: str) -> None:
    chinese = tmp_path / "wang.yaml"
    chinese.write_bytes(PERSONA.replace(b"Maria Lopez", "王小明".encode()))
    if fmt == "json":  # Spanish question texts: letters Latin-1 has, to be sent as UTF-8
        done = in_latin_1("questions", "--format", "json", "--lang", "es")
    else:
        done = in_latin_1("summary", str(chinese), "--format", fmt)
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("utf-8")  # strict
    if fmt == "json":
        assert "¿" in text and json.loads(text)["id"] == "drg-checklist"
    else:
        assert "王小明" in text


def test_a_latin_1_standard_output_shows_people_text_without_a_traceback(tmp_path: Path) -> None:
    chinese = tmp_path / "王.yaml"
    chinese.write_bytes(PERSONA)
    validated = in_latin_1("validate", str(chinese))
    assert (validated.returncode, validated.stderr) == (0, b"")
    assert validated.stdout == f"{tmp_path}/?.yaml: ok (35 answers)\n".encode("latin-1")
    summary = in_latin_1("summary", str(chinese))
    assert (summary.returncode, summary.stderr) == (0, b"")
    assert summary.stdout.decode("latin-1").startswith("Your pain checklist: summary")
