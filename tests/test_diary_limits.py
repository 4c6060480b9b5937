"""Whatever a diary holds, `diary show` and `diary export` finish quickly and stay bounded
(issue 22, items 13 and 15): values far outside the bars, and diaries of thousands of days."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from paincheck.diary.store import diary_form_folder
from tests.helpers.installed import child_env, run_installed

FORM = diary_form_folder()
NOTE = "Walked to the shop and back, then sat in the garden. " * 9  # under 500 characters


def negative_form(folder: Path, low: int) -> Path:
    """The shipped daily form, its pain and relief allowed from `low` (someone else's form)."""
    form = folder / "form"
    shutil.copytree(FORM, form)
    path = form / "questionnaire.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "        min: 0\n        max: 10\n", f"        min: {low}\n        max: 10\n"
    )
    text = text.replace(
        "        min: 0\n        max: 100\n        step: 10\n",
        f"        min: {low}\n        max: {-low}\n",
    )
    path.write_text(text, encoding="utf-8")
    return form


@pytest.mark.parametrize("low", [-1_000_000_000, -(10**30)])
def test_values_far_off_the_bars_are_shown_quickly(tmp_path: Path, low: int) -> None:
    form = negative_form(tmp_path, low)
    diary = tmp_path / "d.yaml"
    diary.write_text(
        "diary: drg-trial\nbaseline: {pain_average: -5}\nentries:\n"
        f"  - {{date: 2026-11-01, answers: {{pain_average: {low}, relief_percent: {low}}}}}\n"
        f"  - {{date: 2026-11-02, answers: {{pain_average: 5, relief_percent: {-low}}}}}\n",
        encoding="utf-8",
    )
    shown = run_installed(
        "diary", "show", str(diary), "--questions", str(form),
        env=child_env({"COLUMNS": "200"}), timeout=30,
    )  # fmt: skip
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert shown.cpu_seconds < 5
    chart = shown.stdout.split("Average pain and relief by day\n")[1].splitlines()
    assert chart[1] == f"2026-11-01  ··········  {low}  ··········|·········· {low}%"
    assert chart[2] == f"2026-11-02  █████·····   5  ██████████|██████████ {-low}%"
    exported = run_installed(
        "diary", "export", str(diary), "--questions", str(form), "-o", str(tmp_path / "d.pdf"),
        timeout=60,
    )  # fmt: skip
    assert exported.exit_code == 0, exported.stderr
    assert len(PdfReader(tmp_path / "d.pdf").pages) <= 2


def diary_of(path: Path, days: int, note: str = "", every: int = 1, problems: bool = False) -> None:
    """`days` days up to 2026-11-30, one compact line each; `note` on every day; `problems`:
    a fever marked in the safety check of every day."""
    last = date(2026, 11, 30)
    lines = ["diary: drg-trial", "baseline: {pain_average: 7}", "entries:"]
    for n in range(days):
        day = last - timedelta(days=n * every)
        extra = f", notes: '{note} {n}'" if note else ""
        extra += ", trial_problems: [fever_chills]" if problems else ""
        lines.append(
            f"- {{date: {day}, answers: {{pain_average: {n % 11}, pain_worst: 10, "
            f"relief_percent: {n % 11 * 10}, pain_medicine: more{extra}}}}}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def export(tmp_path: Path, diary: Path, *args: str) -> tuple[Any, str]:
    pdf = tmp_path / "out.pdf"
    run = run_installed("diary", "export", str(diary), "-o", str(pdf), "--force", *args)
    assert run.exit_code == 0, run.stderr
    reader = PdfReader(pdf)
    return reader, "\n".join(page.extract_text() or "" for page in reader.pages)


def test_a_trial_week_is_shown_whole_day_by_day(tmp_path: Path) -> None:
    diary = tmp_path / "week.yaml"
    diary_of(diary, 7, "Walked to the shop")
    reader, text = export(tmp_path, diary)
    assert len(reader.pages) <= 2
    assert "Day by day" in text and "Week by week" not in text
    assert text.count("Walked to the shop") == 7  # every note
    assert "earlier" not in text


@pytest.mark.parametrize(
    ("days", "note", "every", "problems"),
    [
        (60, NOTE, 1, False),  # two months, a long note a day
        (1_300, NOTE, 1, False),  # long notes on 1,300 days: 740 kB, near the read limit
        (3_000, "", 30, False),  # a day a month for 250 years
        (3_000, "", 1, True),  # a problem marked in the safety check every day
    ],
)
def test_a_long_diary_exports_to_two_pages_at_most(
    tmp_path: Path, days: int, note: str, every: int, problems: bool
) -> None:
    diary = tmp_path / "long.yaml"
    diary_of(diary, days, note, every, problems)
    for args in ((), ("--lang", "es"), ("--paper", "a4")):
        reader, text = export(tmp_path, diary, *args)
        assert len(reader.pages) <= 2, (args, len(reader.pages))
    reader, text = export(tmp_path, diary)
    assert f"{days} days recorded" in text
    assert "Week by week" in text
    assert "2026-11-30" in text  # the most recent week is listed
    if note:
        assert f"{note.strip()} 0" in " ".join(text.split())  # the last day's note is shown
        assert "earlier notes are not shown here" in text
    if problems:
        assert "2026-11-30: Fever or chills" in text  # the most recent problem day is named
        assert "earlier days with problems are not listed here" in " ".join(text.split())
    else:
        assert f"Safety check not answered on {days} days" in text


def test_a_long_diary_export_is_quick(tmp_path: Path) -> None:
    diary = tmp_path / "long.yaml"
    diary_of(diary, 9_000)  # as many days as fit in the read limit, in this form
    run = run_installed("diary", "export", str(diary), "-o", str(tmp_path / "d.pdf"))
    assert run.exit_code == 0, run.stderr
    assert run.cpu_seconds < 20  # 13,000 days took 42 s and wrote 284 pages
    reader = PdfReader(tmp_path / "d.pdf")
    assert len(reader.pages) <= 2
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "9000 days recorded" in text and "Week by week" in text
    assert "Year (each point: the average of its days)" in text  # the chart: 25 years
