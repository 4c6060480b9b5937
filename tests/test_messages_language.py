"""Messages of the file layer (writing, locks, links, files that are not files) in the
command's language, like every other message: `--lang es` never gets English sentences."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "questions" / "samples" / "foot-after-fracture.yaml"
DAY = "answers: {trial_problems: [none], pain_average: 4, relief_percent: 50}\n"


def errors(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def test_a_dangling_diary_link_is_explained_in_spanish(cli: Any, tmp_path: Path) -> None:
    link = tmp_path / "trial.yaml"
    link.symlink_to(tmp_path / "gone" / "trial.yaml")
    said = (
        f"error: {link}: es un enlace simbólico a {tmp_path}/gone/trial.yaml, que no existe; "
        "paincheck no lo sigue. Borre el enlace (rm) o indique otro nombre de archivo"
    )
    day = tmp_path / "day.yaml"
    day.write_text(DAY, encoding="utf-8")
    for command in (
        ["diary", "start", str(link), "--baseline-pain", "5", "--force"],
        ["diary", "add", str(link), "--answers", str(day)],
        ["diary", "show", str(link)],
    ):
        result = cli(*command, "--lang", "es")
        assert (result.exit_code, errors(result)) == (1, [said]), command
        english = cli(*command)
        assert errors(english) == [
            f"error: {link}: is a symbolic link to {tmp_path}/gone/trial.yaml, which does not "
            "exist; paincheck does not follow it. Remove the link (rm) or give another file name"
        ]


def test_the_lock_wait_is_said_in_spanish(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paincheck.files import writing

    diary = tmp_path / "trial.yaml"
    assert cli("diary", "start", str(diary), "--baseline-pain", "5").exit_code == 0
    day = tmp_path / "day.yaml"
    day.write_text(DAY, encoding="utf-8")
    holder = os.open(tmp_path / ".trial.yaml.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another paincheck, in the middle of its write
    try:
        monkeypatch.setattr(writing, "LOCK_WAIT", 0.2)
        result = cli("diary", "add", str(diary), "--answers", str(day), "--lang", "es")
    finally:
        os.close(holder)
    assert (result.exit_code, errors(result)) == (
        1,
        [
            f"error: {diary}: otro paincheck está escribiendo en este archivo ahora mismo; no se "
            "cambió nada. Inténtelo de nuevo en un momento"
        ],
    )


def test_save_to_a_named_pipe_is_refused_in_spanish(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "visits")
    result = cli("run", "--answers", str(SAMPLE), "--save", "visits", "--lang", "es")
    assert result.exit_code == 1
    assert errors(result) == [
        "error: visits: es una tubería con nombre (FIFO), no un archivo normal; dé a --save el "
        "nombre de un archivo nuevo"
    ]


def test_export_over_a_named_pipe_is_refused_in_spanish(cli: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    result = cli("export", str(SAMPLE), "-o", str(fifo), "--force", "--lang", "es")
    assert errors(result) == [
        f"error: {fifo}: es una tubería con nombre (FIFO), no un archivo normal; paincheck "
        "nunca escribe encima"
    ]


def test_every_message_has_both_languages() -> None:
    """Every engine message is in English and Spanish, and the file layer's are translated
    (not copied)."""
    import yaml

    folder = ROOT / "src" / "paincheck" / "text" / "messages"
    en = yaml.safe_load((folder / "en.yaml").read_text(encoding="utf-8"))
    es = yaml.safe_load((folder / "es.yaml").read_text(encoding="utf-8"))
    assert sorted(set(en) ^ set(es)) == []
    keys = [k for k in en if k.startswith("file_")]
    assert len(keys) >= 20
    assert [k for k in keys if es[k] == en[k]] == []
