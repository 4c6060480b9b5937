"""The diary file as a store: what is written can always be read back, in the format it came
in, dated the way the person dated it, whatever the name, the link or the size."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from paincheck.answers.dates import latest_today
from paincheck.diary.store import (
    Baseline,
    Diary,
    Entry,
    diary_form_folder,
    dump_diary,
    load_diary,
    pending_path,
)
from paincheck.files.reading import MAX_BYTES
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import PERSONAS
from tests.helpers.installed import child_env, run_installed

DAY = "answers: {pain_average: 4, relief_percent: 50}\n"
EMPTY = "diary: drg-trial\nentries: []\n"


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return load_questionnaire(diary_form_folder())


def errors(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


# -- item 3: a new diary never replaces the answers it starts from ------------------------------


@pytest.mark.parametrize("through", ["the same name", "a link"])
def test_start_never_replaces_its_from_answers(cli: Any, tmp_path: Path, through: str) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_bytes((PERSONAS / "foot-after-fracture.yaml").read_bytes())
    diary = answers
    if through == "a link":
        diary = tmp_path / "diary.yaml"
        diary.symlink_to(answers)
    result = cli("diary", "start", str(diary), "--from", str(answers), "--force")
    assert (result.exit_code, errors(result)) == (
        1,
        [
            f"error: {diary}: is the answers file given with --from; a new diary never replaces "
            "it (even with --force): choose another name for the diary"
        ],
    )
    assert answers.read_bytes() == (PERSONAS / "foot-after-fracture.yaml").read_bytes()


# -- item 4: never past the read limit ----------------------------------------------------------


def full_diary(form: Questionnaire, size: int) -> str:
    """A diary of `size` bytes: days with a long note each, back from 2020, and a baseline
    whose `from` pads it to the byte."""
    note = ("a long note about the day " * 19).strip()  # under the 500-character limit

    def diary(days: int, padding: int = 0) -> str:
        entries = tuple(
            Entry(
                (date(2020, 1, 1) - timedelta(days=n)).isoformat(),
                {"pain_average": 4, "relief_percent": 50, "notes": note},
            )
            for n in range(days)
        )
        return dump_diary(
            form, Diary("drg-trial", form.version, Baseline(6, None, "x" * padding), entries)
        )

    one, two = len(diary(1, 1).encode()), len(diary(2, 1).encode())
    days = 1 + (size - one) // (two - one)  # every day takes the same room
    text = diary(days, 1)
    text = diary(days, 1 + size - len(text.encode()))
    assert len(text.encode()) == size
    return text


def test_an_add_that_would_pass_the_read_limit_is_refused(
    cli: Any, form: Questionnaire, tmp_path: Path
) -> None:
    diary = tmp_path / "trial.yaml"
    diary.write_text(full_diary(form, MAX_BYTES - 300), encoding="utf-8")
    before = diary.read_bytes()
    day = tmp_path / "day.yaml"
    day.write_text(
        "answers: {pain_average: 4, relief_percent: 50, notes: '" + "x" * 400 + "'}\n",
        encoding="utf-8",
    )
    result = cli("diary", "add", str(diary), "--answers", str(day), "--date", "2026-11-02")
    assert (result.exit_code, errors(result)) == (
        1,
        [
            f"error: {diary}: adding 2026-11-02 would make this diary larger than 1000 kB, more "
            "than paincheck can read back; nothing was changed. Start a new diary for the next "
            "days: paincheck diary start NEW-DIARY"
        ],
    )
    assert diary.read_bytes() == before
    assert cli("diary", "show", str(diary), "--format", "json").exit_code == 0
    small = tmp_path / "small.yaml"
    small.write_text(DAY, encoding="utf-8")
    fits = cli("diary", "add", str(diary), "--answers", str(small), "--date", "2026-11-02")
    assert fits.exit_code == 0, fits.stderr  # a short day still fits
    assert len(diary.read_bytes()) <= MAX_BYTES


# -- item 6: a day that is today somewhere on Earth ---------------------------------------------


def test_a_day_added_at_utc_plus_14_is_read_at_utc_minus_10(tmp_path: Path) -> None:
    diary = tmp_path / "trial.yaml"
    (tmp_path / "day.yaml").write_text(DAY, encoding="utf-8")
    kiribati, hawaii = child_env({"TZ": "Etc/GMT-14"}), child_env({"TZ": "Etc/GMT+10"})
    assert run_installed("diary", "start", str(diary), env=kiribati).exit_code == 0
    added = run_installed(
        "diary", "add", str(diary), "--answers", str(tmp_path / "day.yaml"), env=kiribati
    )
    assert added.exit_code == 0, added.stderr
    there = (datetime.now(UTC) + timedelta(hours=14)).date()
    shown = run_installed("diary", "show", str(diary), "--format", "json", env=hawaii)
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert json.loads(shown.stdout)["last"] == there.isoformat()
    # adding that same date by hand in Hawaii, where it is still the day before: refused
    here = (datetime.now(UTC) - timedelta(hours=10)).date()
    later = run_installed(
        "diary", "add", str(diary), "--answers", str(tmp_path / "day.yaml"),
        "--date", there.isoformat(), "--force", env=hawaii,
    )  # fmt: skip
    assert later.errors == [
        f"error: --date: {there.isoformat()} is in the future (today is {here.isoformat()})"
    ]


# -- item 7: a JSON diary or answers file stays JSON --------------------------------------------


def test_a_json_diary_stays_json(cli: Any, form: Questionnaire, tmp_path: Path) -> None:
    diary = tmp_path / "trial.json"
    assert cli("diary", "start", str(diary), "--baseline-pain", "6").exit_code == 0
    assert json.loads(diary.read_text(encoding="utf-8"))["baseline"] == {"pain_average": 6}
    named_yaml = tmp_path / "trial.yaml"  # JSON by content, whatever the name
    named_yaml.write_text('{"diary": "drg-trial", "entries": []}', encoding="utf-8")
    day = tmp_path / "day.yaml"
    day.write_text(DAY, encoding="utf-8")
    for path in (diary, named_yaml):
        result = cli("diary", "add", str(path), "--answers", str(day), "--date", "2026-11-02")
        assert result.exit_code == 0, result.stderr
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["entries"] == [
            {"date": "2026-11-02", "answers": {"pain_average": 4, "relief_percent": 50}}
        ]
        assert load_diary(form, path, latest_today()).diary.entries[0].date == "2026-11-02"


def test_a_json_answers_file_stays_json_when_resumed(tmp_path: Path) -> None:
    source = Path(__file__).parents[1] / "questions" / "samples" / "foot-after-fracture.yaml"
    from paincheck.files.reading import load_document

    document = load_document(source)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(document), encoding="utf-8")
    run = run_installed("run", "--answers", str(answers), "--save", str(answers))
    assert run.exit_code == 0, run.stderr
    saved = json.loads(answers.read_text(encoding="utf-8"))
    assert saved["answers"] == document["answers"]
    assert saved["status"] == "complete"


def test_a_fhir_response_is_never_rewritten_as_answers(tmp_path: Path) -> None:
    response = tmp_path / "response.json"
    source = Path(__file__).parents[1] / "questions" / "samples" / "foot-after-fracture.yaml"
    export = run_installed("export", str(source), "--format", "fhir", "-o", str(response))
    assert export.exit_code == 0, export.stderr
    before = response.read_bytes()
    run = run_installed("run", "--answers", str(response), "--save", str(response))
    assert run.errors == [
        f"error: {response}: is a FHIR QuestionnaireResponse; paincheck does not write over it "
        "(what else it holds would be lost). Save to a new file, e.g. --save my-answers.yaml"
    ]
    assert response.read_bytes() == before


# -- items 5 and 17: names the file system allows are names paincheck can use -------------------


def test_a_latin_1_file_name_gives_a_diary_that_reads_back(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    answers = folder + b"/Jos\xe9.yaml"
    diary = folder + b"/diario-Jos\xe9.yaml"
    Path(os.fsdecode(answers)).write_bytes((PERSONAS / "foot-after-fracture.yaml").read_bytes())
    start = run_installed("diary", "start", os.fsdecode(diary), "--from", os.fsdecode(answers))
    assert start.exit_code == 0, start.stderr
    assert start.stderr == f"Started the diary {tmp_path}/diario-Jos\\xe9.yaml.\n"
    text = Path(os.fsdecode(diary)).read_text(encoding="utf-8")  # UTF-8, readable by anyone
    assert "  from: Jos\\xe9.yaml\n" in text
    shown = run_installed("diary", "show", os.fsdecode(diary))
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "Pain before the trial: 6 out of 10" in shown.stdout


@pytest.mark.parametrize("length", [242, 250, 255])
def test_the_longest_names_can_be_written(cli: Any, tmp_path: Path, length: int) -> None:
    name = "d" * (length - len(".yaml")) + ".yaml"
    diary = tmp_path / name
    assert cli("diary", "start", str(diary), "--baseline-pain", "5").exit_code == 0
    day = tmp_path / "day.yaml"
    day.write_text(DAY, encoding="utf-8")
    added = cli("diary", "add", str(diary), "--answers", str(day), "--date", "2026-11-02")
    assert added.exit_code == 0, added.stderr
    assert len(pending_path(diary, "2026-11-02").name.encode()) <= 255
    for fmt in ("pdf", "fhir"):
        exported = cli("diary", "export", str(diary), "--format", fmt)
        assert exported.exit_code == 0, exported.stderr
    stem = name.removesuffix(".yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [name, "day.yaml", stem[: 255 - 4] + ".pdf", stem[: 255 - 10] + ".fhir.json"]
    )


def test_a_long_chinese_name_is_exported_under_a_name_cut_by_bytes(
    cli: Any, tmp_path: Path
) -> None:
    stem = "疼" * 83  # 249 bytes in UTF-8
    answers = tmp_path / f"{stem}.yaml"
    answers.write_bytes((PERSONAS / "foot-after-fracture.yaml").read_bytes())
    out = tmp_path / "out"
    for fmt in ("pdf", "fhir", "html"):
        result = cli("export", str(answers), "--format", fmt, "-o", f"{out}/")
        assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 3
    assert all(len(n.encode()) <= 255 and n.startswith("疼" * 10) for n in names)


# -- item 19: a link to nothing ------------------------------------------------------------------


def test_a_dangling_diary_link_says_what_it_is_and_what_to_do(cli: Any, tmp_path: Path) -> None:
    link = tmp_path / "trial.yaml"
    link.symlink_to(tmp_path / "gone" / "trial.yaml")
    said = (
        f"error: {link}: is a symbolic link to {tmp_path}/gone/trial.yaml, which does not exist; "
        "paincheck does not follow it. Remove the link (rm) or give another file name"
    )
    day = tmp_path / "day.yaml"
    day.write_text(DAY, encoding="utf-8")
    for command in (
        ["diary", "start", str(link), "--baseline-pain", "5"],
        ["diary", "start", str(link), "--baseline-pain", "5", "--force"],
        ["diary", "add", str(link), "--answers", str(day)],
        ["diary", "show", str(link)],
    ):
        result = cli(*command)
        assert (result.exit_code, errors(result)) == (1, [said]), command
    assert link.is_symlink() and not (tmp_path / "gone").exists()


def test_a_diary_in_a_missing_folder_says_so(cli: Any, tmp_path: Path) -> None:
    """The lock beside the diary cannot be made there either: the write says why."""
    diary = tmp_path / "gone" / "trial.yaml"
    result = cli("diary", "start", str(diary), "--baseline-pain", "5")
    assert errors(result) == [
        f"error: {diary}: cannot write: folder {tmp_path}/gone does not exist"
    ]
