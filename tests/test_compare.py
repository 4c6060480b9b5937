"""`paincheck compare`: visits side by side (followup.md), against worked examples.

Every number in the expected JSON below was worked out by hand from the answers written here:
percent = 100 x (last - first) / first, rounded once to 1 decimal, half away from zero; the
PEG is the mean of average pain, enjoyment and activity, to 1 decimal.
"""

from __future__ import annotations

import io
import json
import shutil
import stat
import subprocess
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from paincheck.answers.dates import latest_today
from paincheck.diary.trial import round_half_away
from paincheck.formats.compare import immpact_category
from tests.helpers.snapshot import assert_snapshot

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "questions" / "samples"
OTHER = Path(__file__).parent / "data" / "other-questions"

# The contract's example, as two visits: before the trial, and after the implant.
BEFORE = {
    "age": 46,
    "pain_locations": ["foot"],
    "pain_side": "left",
    "pain_duration": "1_to_5_years",
    "pain_onset": "injury",
    "crps_diagnosis": "crps",
    "pain_now": 8,
    "pain_average": 7,
    "pain_worst": 9,
    "pain_least": 5,
    "interference_enjoyment": 7,  # PEG (7 + 7 + 8) / 3 = 7.33 -> 7.3
    "interference_activity": 8,
    "warning_signs": ["none"],
    "treatments_tried": ["physical_therapy"],
    "relief_physical_therapy": "little",
    "daily_impacts": ["sleep", "walking"],
    "phq_interest": "several_days",  # PHQ-2 1 + 1 = 2
    "phq_down": "several_days",
    "gad_nervous": "more_than_half_the_days",  # GAD-2 2 + 1 = 3
    "gad_worry": "several_days",
}
AFTER = {
    **{k: v for k, v in BEFORE.items() if k != "pain_least"},  # least pain left out
    "pain_now": 4,
    "pain_average": 3,
    "pain_worst": 6,
    "interference_enjoyment": 4,  # PEG (3 + 4 + 4) / 3 = 3.67 -> 3.7
    "interference_activity": 4,
    "treatments_tried": ["physical_therapy", "drg_stimulation"],
    "relief_drg_stimulation": "some",
    "daily_impacts": ["sleep"],
    "phq_interest": "not_at_all",  # PHQ-2 0 + 1 = 1
}
CONTRACT_EXAMPLE = {
    "questionnaire": {"id": "drg-checklist", "version": "3"},
    "order": "date",
    "visits": [
        {"file": "before.yaml", "date": "2026-05-04", "overall": "partly_matches"},
        {"file": "after.yaml", "date": "2026-11-02", "overall": "does_not_match"},
    ],
    "scores": {
        "pain_now": {"values": [8, 4], "change": -4, "percent": -50.0, "immpact": "substantial"},
        "pain_average": {
            "values": [7, 3],
            "change": -4,
            "percent": -57.1,  # -57.142...
            "immpact": "substantial",
        },
        "pain_worst": {"values": [9, 6], "change": -3, "percent": -33.3, "immpact": "moderate"},
        "pain_least": {"values": [5, None], "change": None, "percent": None, "immpact": None},
        "peg": {"values": [7.3, 3.7], "change": -3.6, "percent": -49.3},  # -49.315...
        "phq2": {"values": [2, 1], "change": -1},
        "gad2": {"values": [3, 3], "change": 0},
    },
    "daily_impacts": {"no_longer": ["walking"], "new": []},
    "treatments_tried": {"new": ["drg_stimulation"]},
    "warning_signs": {"urgent": [], "prompt": []},
}


def visit(folder: Path, name: str, answers: dict[str, Any], date: str | None = None) -> str:
    """An answers file in `folder` (JSON, which is YAML too); its name as given to compare."""
    document: dict[str, Any] = {"answers": answers}
    if date is not None:
        document["date"] = date
    (folder / name).write_text(json.dumps(document), encoding="utf-8")
    return name


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def example(here: Path) -> list[str]:
    """The contract's two visits, given out of order (the later one first)."""
    return [
        visit(here, "after.yaml", AFTER, "2026-11-02"),
        visit(here, "before.yaml", BEFORE, "2026-05-04"),
    ]


def compared(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("compare", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# -- the JSON ------------------------------------------------------------------------------


def test_the_contract_example_given_out_of_order(cli: Cli, example: list[str]) -> None:
    assert compared(cli, *example) == CONTRACT_EXAMPLE


def test_three_visits_out_of_order_with_a_rise_in_pain(cli: Cli, here: Path) -> None:
    def answers(now: int, average: int, worst: int, least: int, life: int, **more: Any) -> Any:
        return {
            **BEFORE,
            "pain_now": now,
            "pain_average": average,
            "pain_worst": worst,
            "pain_least": least,
            "interference_enjoyment": life,
            "interference_activity": life,
            **more,
        }

    files = [
        visit(here, "six-months.yaml", answers(6, 7, 9, 3, 6), "2026-07-10"),
        visit(here, "first.yaml", answers(5, 6, 8, 3, 5), "2026-01-10"),  # PEG 16 / 3 = 5.3
        visit(here, "three-months.yaml", answers(3, 4, 6, 2, 4), "2026-04-10"),  # PEG 4.0
    ]
    data = compared(cli, *files)
    assert data["order"] == "date"
    assert [v["file"] for v in data["visits"]] == [
        "first.yaml",
        "three-months.yaml",
        "six-months.yaml",
    ]
    assert data["scores"] == {
        "pain_now": {"values": [5, 3, 6], "change": 1, "percent": 20.0, "immpact": "higher"},
        "pain_average": {
            "values": [6, 4, 7],
            "change": 1,
            "percent": 16.7,  # 16.666...
            "immpact": "higher",
        },
        "pain_worst": {"values": [8, 6, 9], "change": 1, "percent": 12.5, "immpact": "higher"},
        "pain_least": {
            "values": [3, 2, 3],
            "change": 0,
            "percent": 0.0,
            "immpact": "little_change",
        },
        # PEG 5.3 -> 6.3 (19 / 3 = 6.33): change 1.0, 100 x 1.0 / 5.3 = 18.867... -> 18.9
        "peg": {"values": [5.3, 4.0, 6.3], "change": 1.0, "percent": 18.9},
        "phq2": {"values": [2, 2, 2], "change": 0},
        "gad2": {"values": [3, 3, 3], "change": 0},
    }
    assert data["daily_impacts"] == {"no_longer": [], "new": []}
    assert data["treatments_tried"] == {"new": []}
    text = cli("compare", *files).stdout
    changes = text.split("What changed from the first visit to the last\n")[1].split("\n\n")[0]
    assert [" ".join(line.split()) for line in changes.split("  • ")[1:]] == [
        "Your pain now went from 5 to 6, 20% higher.",
        "Your average pain went from 6 to 7, 17% higher.",
        "Your worst pain went from 8 to 9, 13% higher.",
        "Your least pain stayed at 3. In pain studies a drop of 10 to 20% is the smallest one "
        "called important (minimal).",
        # no mark for a rise: both marks come from people whose pain got better
        "Your PEG score went from 5.3 to 6.3, 1 point higher.",
        "Your PHQ-2 mood score stayed at 2.",
        "Your GAD-2 worry score stayed at 3. Worth mentioning to your doctor.",
    ]
    assert "Daily life: what pain makes harder\n  • The same things were marked" in text
    assert "No treatment was added since the first visit." in text


def test_a_zero_baseline_gives_a_change_but_no_percent(cli: Cli, here: Path) -> None:
    first = {**BEFORE, "pain_now": 0, "pain_average": 0, "pain_least": 0, "pain_worst": 0}
    last = {**BEFORE, "pain_now": 2, "pain_average": 2, "pain_least": 0, "pain_worst": 3}
    files = [visit(here, "a.yaml", first), visit(here, "b.yaml", last)]
    scores = compared(cli, *files)["scores"]
    assert scores["pain_average"] == {
        "values": [0, 2],
        "change": 2,
        "percent": None,
        "immpact": None,
    }
    assert scores["pain_least"] == {"values": [0, 0], "change": 0, "percent": None, "immpact": None}
    text = cli("compare", *files).stdout
    assert (
        "Your average pain went from 0 to 2. A change from 0 cannot be given as a percentage."
        in " ".join(text.split())
    )
    assert "Your least pain stayed at 0." in text


@pytest.mark.parametrize(
    ("percent", "category"),
    [
        ("-100.0", "substantial"),
        ("-50.0", "substantial"),
        ("-49.9", "moderate"),
        ("-30.0", "moderate"),
        ("-29.9", "minimal"),
        ("-10.0", "minimal"),
        ("-9.9", "little_change"),
        ("0.0", "little_change"),
        ("9.9", "little_change"),
        ("10.0", "higher"),
        ("300.0", "higher"),
    ],
)
def test_each_immpact_boundary_exactly(percent: str, category: str) -> None:
    assert immpact_category(Decimal(percent)) == category


def test_the_category_comes_from_the_percent_rounded_once() -> None:
    # -49.95 rounds (half away from zero) to -50.0: substantial; -29.95 to -30.0: moderate.
    assert immpact_category(round_half_away(Fraction(-4995, 100))) == "substantial"
    assert immpact_category(round_half_away(Fraction(-2995, 100))) == "moderate"
    assert immpact_category(round_half_away(Fraction(-995, 100))) == "minimal"
    assert immpact_category(round_half_away(Fraction(995, 100))) == "higher"
    assert immpact_category(None) is None


@pytest.mark.parametrize(
    ("first", "last", "percent", "category"),
    [
        (10, 5, -50.0, "substantial"),
        (10, 7, -30.0, "moderate"),
        (10, 9, -10.0, "minimal"),
        (9, 8, -11.1, "minimal"),
        (9, 9, 0.0, "little_change"),
        (5, 6, 20.0, "higher"),
    ],
)
def test_boundaries_from_real_answers(
    cli: Cli, here: Path, first: int, last: int, percent: float, category: str
) -> None:
    files = [
        visit(here, "a.yaml", {**BEFORE, "pain_worst": 10, "pain_average": first}),
        visit(here, "b.yaml", {**BEFORE, "pain_worst": 10, "pain_average": last}),
    ]
    average = compared(cli, *files)["scores"]["pain_average"]
    assert (average["percent"], average["immpact"]) == (percent, category)


def test_undated_files_keep_the_order_given_and_say_so(cli: Cli, here: Path) -> None:
    files = [visit(here, "later.yaml", AFTER), visit(here, "earlier.yaml", BEFORE)]
    data = compared(cli, *files)
    assert data["order"] == "given"
    assert [(v["file"], v["date"]) for v in data["visits"]] == [
        ("later.yaml", None),
        ("earlier.yaml", None),
    ]
    assert data["scores"]["pain_average"]["change"] == 4  # later (3) is the baseline here
    text = " ".join(cli("compare", *files).stdout.split())
    assert (
        "2 visits. The files have no dates, so the visits are in the order the files were "
        "given; the first is the one the others are compared with." in text
    )


def test_equal_dates_keep_the_command_line_order(cli: Cli, here: Path) -> None:
    files = [
        visit(here, "z.yaml", AFTER, "2026-06-01"),
        visit(here, "a.yaml", BEFORE, "2026-06-01"),
        visit(here, "m.yaml", BEFORE, "2026-01-01"),
    ]
    assert [v["file"] for v in compared(cli, *files)["visits"]] == ["m.yaml", "z.yaml", "a.yaml"]


def test_dated_and_undated_files_are_an_error_naming_each_undated_one(cli: Cli, here: Path) -> None:
    files = [
        visit(here, "a.yaml", BEFORE, "2026-01-01"),
        visit(here, "b.yaml", AFTER),
        visit(here, "c.yaml", AFTER),
    ]
    result = cli("compare", *files)
    assert result.exit_code == 1
    assert result.stdout == ""
    undated = (
        "has no date, but the other files do; add the day these answers were given "
        "(date: YYYY-MM-DD) so the visits can be put in order"
    )
    assert result.stderr == f"error: b.yaml: {undated}\nerror: c.yaml: {undated}\n"


def test_a_day_that_has_not_begun_anywhere_is_an_error_and_nothing_is_compared(
    cli: Cli, here: Path
) -> None:
    tomorrow = (latest_today() + timedelta(days=1)).isoformat()
    files = [visit(here, "a.yaml", BEFORE, "2026-01-01"), visit(here, "b.yaml", AFTER, tomorrow)]
    result = cli("compare", *files, "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: b.yaml: date: {tomorrow} is in the future: that day has not begun anywhere on "
        "Earth yet\n"
    )
    today_somewhere = latest_today().isoformat()
    visit(here, "b.yaml", AFTER, today_somewhere)
    assert compared(cli, *files)["visits"][1]["date"] == today_somewhere


def test_every_problem_in_every_file_is_named_and_nothing_is_compared(cli: Cli, here: Path) -> None:
    (here / "other.yaml").write_text("questionnaire: sleep-check\nanswers: {}\n")
    (here / "broken.yaml").write_text("date: 2026-13-01\nanswers:\n  pain_now: 11\n  pian: 3\n")
    good = visit(here, "good.yaml", BEFORE, "2026-01-01")
    result = cli("compare", good, "other.yaml", "broken.yaml", "missing.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: other.yaml: is for questionnaire 'sleep-check', not 'drg-checklist'",
        "error: broken.yaml: date: '2026-13-01' is not a real date",
        "error: broken.yaml: pian: is not a question of this questionnaire",
        "error: broken.yaml: pain_now: expects a whole number from 0 to 10, got 11",
        "error: missing.yaml: no such file",
    ]


def test_one_file_is_a_usage_error(cli: Cli, example: list[str]) -> None:
    result = cli("compare", example[0])
    assert result.exit_code == 2
    assert "give two or more answers files" in " ".join(result.stderr.split())


def test_a_fhir_response_is_a_visit_dated_by_authored(
    cli: Cli, example: list[str], here: Path
) -> None:
    assert cli("export", "before.yaml", "--format", "fhir", "-o", "before.json").exit_code == 0
    assert json.loads((here / "before.json").read_text())["authored"] == "2026-05-04"
    data = compared(cli, "after.yaml", "before.json")
    assert [v["file"] for v in data["visits"]] == ["before.json", "after.yaml"]
    assert data["scores"] == CONTRACT_EXAMPLE["scores"]


def test_another_checklist_is_compared_with_its_own_scores(cli: Cli, here: Path) -> None:
    files = [
        visit(here, "a.yaml", {"nights": 5, "sleepy_day": "often", "sleepy_mood": "often"}),
        visit(here, "b.yaml", {"nights": 2}),
    ]
    result = cli("compare", *files, "--questions", str(OTHER), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scores"]["nights"] == {"values": [5, 2], "change": -3}
    assert data["daily_impacts"] is None and data["treatments_tried"] is None
    text = cli("compare", *files, "--questions", str(OTHER)).stdout
    assert "Average pain and PEG" not in text  # no pain scores: no chart


# -- what the person sees ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_text_whole(cli: Cli, example: list[str], lang: str) -> None:
    result = cli("compare", *example, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert_snapshot(f"compare/example.{lang}.txt", result.stdout)


def test_on_a_narrow_terminal_the_table_turns_and_no_number_is_cut(
    cli: Cli, example: list[str], here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    result = cli("compare", *example)
    assert result.exit_code == 0, result.output
    assert_snapshot("compare/example.40.txt", result.stdout)
    more = [visit(here, f"v{n}.yaml", BEFORE, f"2026-0{n}-01") for n in range(1, 5)]
    for lang in ("en", "es"):
        text = cli("compare", *more, *example, "--lang", lang).stdout
        assert "\u2026" not in text  # Rich's ellipsis: nothing was cut
        assert max(len(line) for line in text.splitlines()) <= 40


def panel(text: str) -> list[str]:
    """The warning signs box: from its top edge to its bottom edge."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith(("┏", "╭")))
    bottom = next(i for i in range(top, len(lines)) if lines[i].startswith(("┗", "╰")))
    return lines[top : bottom + 1]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_last_visit_s_warning_signs_come_first_as_the_summary_shows_them(
    cli: Cli, here: Path, lang: str
) -> None:
    signs = {**AFTER, "warning_signs": ["saddle_numbness", "cancer_history"]}
    files = [
        visit(here, "a.yaml", BEFORE, "2026-05-04"),
        visit(here, "b.yaml", signs, "2026-11-02"),
    ]
    text = cli("compare", *files, "--lang", lang).stdout
    summary = cli("summary", "b.yaml", "--lang", lang).stdout
    assert panel(text) == panel(summary)
    before_box = text.split(panel(text)[0])[0]
    assert "Visit by visit" not in before_box and "Visita por visita" not in before_box
    assert compared(cli, *files)["warning_signs"] == {
        "urgent": ["saddle_numbness"],
        "prompt": ["cancer_history"],
    }


def test_a_sign_from_an_earlier_visit_is_history(cli: Cli, here: Path) -> None:
    old = {**BEFORE, "warning_signs": ["saddle_numbness"]}
    files = [visit(here, "a.yaml", old, "2026-05-04"), visit(here, "b.yaml", AFTER, "2026-11-02")]
    assert compared(cli, *files)["warning_signs"] == {"urgent": [], "prompt": []}
    text = cli("compare", *files).stdout
    assert "Warning signs" not in text and "┏" not in text


def test_redact_leaves_out_name_and_age(cli: Cli, here: Path) -> None:
    named = {**AFTER, "name": "Ana Díaz", "age": 61}
    files = [
        visit(here, "a.yaml", BEFORE, "2026-05-04"),
        visit(here, "b.yaml", named, "2026-11-02"),
    ]
    shown = cli("compare", *files).stdout
    assert "Name: Ana Díaz · Age: 61\n" in shown
    for output_format in ("text", "json"):
        redacted = cli("compare", *files, "--redact", "--format", output_format).stdout
        assert "Ana" not in redacted and "61" not in redacted and "Age" not in redacted
    for output_format in ("pdf", "html"):
        target = f"r.{output_format}"
        result = cli("compare", *files, "--redact", "--format", output_format, "-o", target)
        assert result.exit_code == 0, result.output
        written = (here / target).read_bytes()
        assert b"Ana" not in written and "Díaz".encode() not in written


def test_the_words_never_say_whether_a_treatment_worked(cli: Cli, example: list[str]) -> None:
    for lang in ("en", "es"):
        text = cli("compare", *example, "--lang", lang).stdout.lower()
        for word in ("worked", "did not work", "funcionó", "success", "éxito"):
            assert word not in text
        assert "decide" in text


def test_a_file_with_control_characters_in_its_name_is_shown_not_run(cli: Cli, here: Path) -> None:
    named = {**AFTER, "name": "\x1b]52;c;aGk=\x07[bold]Ann[/bold]"}
    files = [visit(here, "a\x1b[2J.yaml", BEFORE), visit(here, "b.yaml", named)]
    text = cli("compare", *files).stdout
    assert "\x1b" not in text and "\x07" not in text
    assert "Visit 1: 'a\\x1b[2J.yaml'" in text
    assert "Name: \\x1b]52;c;aGk=\\x07[bold]Ann[/bold]" in text


# -- files written ------------------------------------------------------------------------------


def test_text_and_json_to_a_file_are_private_and_never_replace_a_file(
    cli: Cli, example: list[str], here: Path
) -> None:
    result = cli("compare", *example, "-o", "changes.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == "Wrote changes.txt\n"
    written = here / "changes.txt"
    assert written.read_text(encoding="utf-8") == cli("compare", *example).stdout
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    again = cli("compare", *example, "--format", "json", "-o", "changes.txt")
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    forced = cli("compare", *example, "--format", "json", "-o", "changes.txt", "--force")
    assert forced.exit_code == 0
    assert json.loads(written.read_text(encoding="utf-8")) == CONTRACT_EXAMPLE
    before = (here / "before.yaml").read_bytes()
    over_input = cli("compare", *example, "-o", "before.yaml", "--force")
    assert over_input.exit_code == 1
    assert (here / "before.yaml").read_bytes() == before


@pytest.mark.parametrize("output_format", ["pdf", "html"])
def test_pdf_and_html_go_beside_the_first_file_by_default(
    cli: Cli, here: Path, output_format: str
) -> None:
    (here / "visits").mkdir()
    files = [
        visit(here / "visits", "after.yaml", AFTER, "2026-11-02"),
        visit(here / "visits", "before.yaml", BEFORE, "2026-05-04"),
    ]
    paths = [f"visits/{name}" for name in files]
    result = cli("compare", *paths, "--format", output_format)
    assert result.exit_code == 0, result.output
    written = here / "visits" / f"after-compare.{output_format}"
    assert result.stderr == f"Wrote {written.relative_to(here)}\n"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    content = written.read_bytes()
    again = cli("compare", *paths, "--format", output_format)
    assert again.exit_code == 1
    assert "already exists; not overwritten (use --force to replace it)" in again.stderr
    assert written.read_bytes() == content
    assert cli("compare", *paths, "--format", output_format, "--force").exit_code == 0
    (here / "out").mkdir()
    into = cli("compare", *paths, "--format", output_format, "-o", "out")
    assert into.exit_code == 0, into.output
    assert (here / "out" / f"after-compare.{output_format}").exists()
    refused = cli("compare", *paths, "--format", output_format, "-o", paths[1], "--force")
    assert refused.exit_code == 1
    assert "a report never replaces its own answers" in refused.stderr
    assert (here / paths[1]).read_text(encoding="utf-8").startswith("{")


# -- the page for the specialist ---------------------------------------------------------------


def pdf_text(data: bytes) -> tuple[int, str]:
    """The number of pages, and the text of all of them (one line of words)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def in_order(text: str, parts: list[str]) -> bool:
    """Whether every part is in `text`, each after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_pdf_is_one_page_in_reading_order(
    cli: Cli, example: list[str], here: Path, lang: str
) -> None:
    result = cli("compare", *example, "--format", "pdf", "-o", "c.pdf", "--lang", lang)
    assert result.exit_code == 0, result.output
    pages, text = pdf_text((here / "c.pdf").read_bytes())
    assert pages == 1
    english = [
        "Follow-up: visits side by side",
        "Age: 46 · 2 visits, from 2026-05-04 to 2026-11-02.",
        "Average pain and PEG by visit",
        "Score (0-10)",
        "Visit",  # the axis
        "Average pain, past 7 days (solid line, round dots)",
        "PEG score (dashed line, triangles)",
        "Visit by visit",
        "Visit Date Pain now Average Worst Least PEG PHQ-2 GAD-2",
        "1 2026-05-04 8 7 9 5 7.3 2 3",
        "2 2026-11-02 4 3 6 \u2013 3.7 1 3",
        "What changed from the first visit to the last",
        "Your average pain went from 7 to 3, 57% lower. In pain studies a drop of 50% or more "
        "is called substantial.",
        "Your PEG score went from 7.3 to 3.7, 3.6 points lower. A drop of about 1 to 2 points "
        "is a change people notice.",
        "Daily life: what pain makes harder",
        "Marked at the first visit, not at the last: Walking.",
        "Treatments",
        "Tried since the first visit: DRG stimulation (an implant on nerves next to the spine).",
        "Sources: the pain marks, Dworkin RH et al. J Pain. 2008;9(2):105-121 (IMMPACT)",
        "you and your specialist decide together.",
    ]
    spanish = [
        "Seguimiento: visitas lado a lado",
        "Edad: 46 · 2 visitas, del 2026-05-04 al 2026-11-02.",
        "Dolor promedio y PEG en cada visita",
        "Puntuación (0-10)",
        "Visita por visita",
        "Su dolor promedio pasó de 7 a 3, un 57% menos.",
        "Una disminución de 1 a 2 puntos, más o menos, es un cambio que la gente nota.",
        "lo deciden juntos usted y su especialista.",
    ]
    assert in_order(text, english if lang == "en" else spanish), text


def test_the_pdf_puts_the_last_visit_s_warning_box_first(cli: Cli, here: Path) -> None:
    signs = {**AFTER, "warning_signs": ["saddle_numbness"]}
    files = [
        visit(here, "a.yaml", BEFORE, "2026-05-04"),
        visit(here, "b.yaml", signs, "2026-11-02"),
    ]
    assert cli("compare", *files, "--format", "pdf", "-o", "c.pdf").exit_code == 0
    pages, text = pdf_text((here / "c.pdf").read_bytes())
    summary = cli("export", "b.yaml", "-o", "b.pdf")
    assert summary.exit_code == 0
    _, report = pdf_text((here / "b.pdf").read_bytes())
    box = text.split("Follow-up: visits side by side")[0]
    assert box.startswith("Warning signs !! Get medical care now")
    assert "Go to a hospital emergency department now" in box
    assert report.startswith(box)  # the report's own box, word for word, before the title
    assert pages == 1


def test_the_pdf_stays_one_page_with_six_visits_and_every_sign(cli: Cli, here: Path) -> None:
    every = ["saddle_numbness", "bladder_bowel_change", "leg_weakness_worsening"]
    every += ["fever_with_pain", "cancer_history", "unexplained_weight_loss"]
    files = [
        visit(here, f"v{n}.yaml", {**BEFORE, "pain_average": 8 - n}, f"2026-0{n + 1}-01")
        for n in range(5)
    ]
    files.append(visit(here, "v5.yaml", {**AFTER, "warning_signs": every}, "2026-07-01"))
    result = cli("compare", *files, "--format", "pdf", "-o", "c.pdf", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert pdf_text((here / "c.pdf").read_bytes())[0] == 1


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_the_pdf_renders_to_a_picture_with_ink(cli: Cli, example: list[str], here: Path) -> None:
    from PIL import Image

    assert cli("compare", *example, "--format", "pdf", "-o", "c.pdf").exit_code == 0
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "c.pdf", "c"], check=True, capture_output=True, timeout=60
    )
    (picture,) = sorted(here.glob("c-*.png"))
    with Image.open(picture) as image:
        grey = image.convert("L").histogram()
        assert sum(grey[:230]) > 2000  # text, table and chart drawn
        colours = image.convert("RGB").getcolors(1 << 20) or []
        # The two lines are drawn in their colours (and told apart by dash and marker too).
        assert any(
            abs(r - 0x1F) < 24 and abs(g - 0x4E) < 24 and abs(b - 0x79) < 24
            for _, (r, g, b) in colours
        )


# -- the web page -----------------------------------------------------------------------------------


def test_the_html_page_is_self_contained_with_the_table_and_the_chart_in_words(
    cli: Cli, example: list[str], here: Path
) -> None:
    from tests.helpers.documents import read

    result = cli("compare", *example, "--format", "html", "-o", "c.html")
    assert result.exit_code == 0, result.output
    html = (here / "c.html").read_text(encoding="utf-8")
    page = read(html)
    assert page.headings == [
        ("h1", "Follow-up: visits side by side"),
        ("h2", "Average pain and PEG by visit"),
        ("h2", "Visit by visit"),
        ("h2", "What changed from the first visit to the last"),
        ("h2", "Daily life: what pain makes harder"),
        ("h2", "Treatments"),
        ("h2", "Please note"),  # the disclaimer, in the footer
    ]
    assert page.captions == ["Scores at each visit (a dash: not answered)"]
    assert page.header_cells[:9] == [
        ("col", "Visit"),
        ("col", "Date"),
        ("col", "Pain now"),
        ("col", "Average"),
        ("col", "Worst"),
        ("col", "Least"),
        ("col", "PEG"),
        ("col", "PHQ-2"),
        ("col", "GAD-2"),
    ]
    # "Visit" before each number is shown on narrow screens only (each visit is then a block).
    assert page.header_cells[9:] == [("row", "Visit 1"), ("row", "Visit 2")]
    assert '<svg viewBox="0 0 640.0 300.0" role="img"' in html
    assert (
        "A line chart of the numbers in the table above: 1 (2026-05-04): Average 7, PEG 7.3; "
        "2 (2026-11-02): Average 3, PEG 3.7." in html
    )
    for tag in ("<script", "<link", "<img", "http://", "https://"):
        assert tag not in html
    words = page.words()
    assert "Your average pain went from 7 to 3, 57% lower." in words
    assert "Your least pain: not answered at the first or the last visit" in words


# -- README ------------------------------------------------------------------------------------


def test_the_readme_shows_a_real_run_on_the_sample_visits(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## After the trial\n")[1]
    command, shown = section.split("```console\n$ uv run ", 1)[1].split("```", 1)[0].split("\n", 1)
    words = command.split()
    assert words[:2] == ["paincheck", "compare"]
    monkeypatch.chdir(ROOT)
    result = cli(*words[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout == shown
    assert sorted(p.name for p in SAMPLES.glob("follow-up-*.yaml")) == [
        "follow-up-3-months.yaml",
        "follow-up-before-trial.yaml",
    ]


def test_standard_input_is_one_of_the_visits(cli: Cli, example: list[str], here: Path) -> None:
    text = (here / "before.yaml").read_text(encoding="utf-8")
    result = cli("compare", "after.yaml", "-", "--format", "json", input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [v["file"] for v in data["visits"]] == ["<stdin>", "after.yaml"]
    assert data["scores"] == CONTRACT_EXAMPLE["scores"]
    written = cli("compare", "-", "after.yaml", "--format", "pdf", input=text)
    assert written.exit_code == 0, written.output
    assert (here / "paincheck-compare.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("output_format", ["text", "pdf", "html"])
def test_the_crisis_line_goes_with_a_mood_score_of_3_or_more_at_the_last_visit(
    cli: Cli, here: Path, output_format: str
) -> None:
    calm = {"phq_interest": "not_at_all", "gad_nervous": "several_days"}  # PHQ-2 1, GAD-2 2
    low = {**AFTER, **calm}
    files = [visit(here, "a.yaml", BEFORE, "2026-05-04"), visit(here, "b.yaml", low, "2026-11-02")]
    flagged_first_only = cli(
        "compare", *files, "--format", output_format, "-o", f"x.{output_format}"
    )
    assert flagged_first_only.exit_code == 0, flagged_first_only.output
    high = {**AFTER, "phq_interest": "nearly_every_day"}  # PHQ-2 3 + 1 = 4 at the last visit
    visit(here, "b.yaml", high, "2026-11-02")
    flagged_last = cli("compare", *files, "--format", output_format, "-o", f"y.{output_format}")
    assert flagged_last.exit_code == 0, flagged_last.output

    def words(name: str) -> str:
        data = (here / name).read_bytes()
        if output_format == "pdf":
            return pdf_text(data)[1]
        return " ".join(data.decode("utf-8").split())

    crisis = "call or text 988 (in the US) or your local crisis line"
    assert crisis not in words(f"x.{output_format}")  # a 3 at the first visit only: history
    assert words(f"y.{output_format}").count(crisis) == 1  # once, for two flagged scores
