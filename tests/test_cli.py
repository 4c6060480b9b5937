"""The command line in-process: each command, its output, its errors and its exit codes."""

from __future__ import annotations

import json
import re
import shlex
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from paincheck import __version__
from paincheck.questionnaire import Questionnaire
from tests.helpers import PERSONAS
from tests.helpers.snapshot import assert_snapshot

ROOT = Path(__file__).resolve().parents[1]
OTHER = Path(__file__).parent / "data" / "other-questions"
KNEE = str(PERSONAS / "knee-urgent.yaml")
FOOT = str(PERSONAS / "foot-after-fracture.yaml")

Cli = Callable[..., Result]

GOOD = "answers:\n  pain_locations: [foot]\n  pain_duration: 1_to_5_years\n  pain_now: 6\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def assert_clean_error(result: Result, exit_code: int = 1) -> None:
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""


# -- summary ---------------------------------------------------------------------------------


def test_summary_text_has_no_escape_codes_when_piped(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NO_COLOR unset: still plain text, because the output is not a terminal.
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    result = cli("summary", FOOT)
    assert result.exit_code == 0
    assert_snapshot("summary/foot-after-fracture.en.txt", result.stdout)


def test_summary_json_is_pure_json_on_stdout(cli: Cli, tmp_path: Path) -> None:
    # An answer to a question that is not shown gives a warning: on stderr, never in the JSON.
    path = write(tmp_path, "a.yaml", GOOD + "  worst_location: foot\n")
    result = cli("summary", path, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["questionnaire"] == {"id": "drg-checklist", "version": "3"}
    assert data["overall"] == "incomplete"
    assert data["missing"] == ["pain_onset", "pain_average", "warning_signs", "treatments_tried"]
    assert "warning:" in result.stderr and "worst_location" in result.stderr


def test_summary_reads_standard_input(cli: Cli) -> None:
    result = cli("summary", "-", "--format", "json", input=Path(KNEE).read_text())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overall"] == "urgent"
    text = cli("summary", "-", input=Path(KNEE).read_text())
    assert_snapshot("summary/knee-urgent.en.txt", text.stdout)
    bad = cli("summary", "-", input="answers:\n  pain_now: 12\n")
    assert_clean_error(bad)
    assert bad.stderr.startswith("error: <stdin>: pain_now:")


def test_summary_of_a_bad_file_lists_every_problem(cli: Cli, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.yaml",
        "answers:\n  pain_locations: [fot]\n  pain_now: true\n  open_to_trial: maybe\n",
    )
    result = cli("summary", path)
    assert_clean_error(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"error: {path}: ") for line in lines)
    assert "did you mean 'foot'" in lines[0]
    assert "pain_now" in lines[1] and "open_to_trial" in lines[2]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("summary", "missing.yaml"), "missing.yaml: no such file"),
        (("summary", FOOT, "--questions", "no-such-folder"), "is not a questions folder"),
        (("summary", FOOT, "--questions", str(OTHER)), "is not a question of this questionnaire"),
    ],
)
def test_summary_errors_exit_1_with_a_message(cli: Cli, args: tuple[str, ...], says: str) -> None:
    result = cli(*args)
    assert_clean_error(result)
    assert says in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("summary", FOOT),
        ("questions",),
        ("template",),
        ("export", FOOT, "-o", "never.pdf"),
        ("export", "--blank", "-o", "never.pdf"),
        ("run", "--answers", FOOT, "--save", "never.yaml"),
    ],
)
def test_an_unknown_language_is_a_usage_error_like_an_unknown_paper(
    cli: Cli, args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args, "--lang", "xx")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "error: --lang: 'xx' is not available; choose one of: en, es\n",
    )
    assert list(tmp_path.iterdir()) == []
    assert cli("export", FOOT, "--paper", "xx").exit_code == 2


# -- validate --------------------------------------------------------------------------------


def test_validate_checks_every_file_and_lists_every_problem(cli: Cli, tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", GOOD)
    bad_one = write(tmp_path, "one.yaml", "answers:\n  pain_now: 11\n  pain_duration: long\n")
    bad_two = write(tmp_path, "two.json", '{"answers": {"pain_locations": "foot"}, "x": 1}')
    result = cli("validate", bad_one, good, bad_two)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4
    assert sum(bad_one in line for line in errors) == 2
    assert sum(bad_two in line for line in errors) == 2
    assert f"{good}: ok (3 answers)" in result.stdout


def test_validate_all_good_exits_0(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", FOOT, KNEE, write(tmp_path, "a.json", json.dumps({"answers": {}})))
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": ok (") == 3


# -- template --------------------------------------------------------------------------------


def test_template_has_every_question_and_validates(
    cli: Cli, tmp_path: Path, questionnaire: Questionnaire
) -> None:
    result = cli("template")
    assert result.exit_code == 0
    document = yaml.safe_load(result.stdout)
    assert list(document["answers"]) == [q.id for q in questionnaire.questions]
    # The words of the template are pinned in tests/snapshots/template.yaml (test_snapshots).
    path = write(tmp_path, "template.yaml", result.stdout)
    check = cli("validate", path)
    assert check.exit_code == 0, check.output


def test_template_file_is_private_and_not_overwritten(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    result = cli("template", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert cli("validate", str(path)).exit_code == 0
    path.write_text(GOOD)
    again = cli("template", "-o", str(path))
    assert_clean_error(again)
    assert str(path) in again.stderr
    assert path.read_text() == GOOD  # untouched
    forced = cli("template", "-o", str(path), "--force")
    assert forced.exit_code == 0
    assert "pain_locations:" in path.read_text() and path.read_text() != GOOD


def test_template_filled_in_gives_a_summary(cli: Cli, tmp_path: Path) -> None:
    text = cli("template").stdout
    text = text.replace("  pain_locations:\n", "  pain_locations: [knee]\n")
    text = text.replace("  open_to_trial:\n", "  open_to_trial: yes\n")
    result = cli("summary", write(tmp_path, "t.yaml", text), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["drg_levels"] == {"knee": ["L3", "L4"]}


# -- questions -------------------------------------------------------------------------------


# -- another questions folder ----------------------------------------------------------------

SLEEP = """\
answers:
  problems: [snoring, waking_up]
  main_problem: snoring
  nights: "5"
  snore_stops: yes
  remedies: [pills]
  helped_pills: no
  sleepy_day: often
  sleepy_mood: sometimes
"""


def test_another_checklist_end_to_end(cli: Cli, tmp_path: Path) -> None:
    questions = ("--questions", str(OTHER))
    path = write(tmp_path, "sleep.yaml", SLEEP)
    assert cli("validate", path, *questions).exit_code == 0
    result = cli("summary", path, "--format", "json", *questions)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["questionnaire"] == {"id": "sleep-check", "version": "2"}
    assert data["overall"] == "matches"
    assert data["criteria"]["frequency"]["status"] == "met"
    assert data["criteria"]["tried_first"]["status"] == "met"
    assert data["scores"] == {"nights": 5, "daytime": 3}
    assert data["questions_shown"] == 11
    text = cli("summary", path, *questions).stdout
    assert text.startswith("Your sleep check: summary")
    assert "DRG" not in text
    # The DRG checklist refuses a file written for another questionnaire, and vice versa.
    assert cli("summary", KNEE, *questions).exit_code == 1
    assert cli("validate", path).exit_code == 1


def test_another_checklist_questions_and_template(cli: Cli, tmp_path: Path) -> None:
    questions = ("--questions", str(OTHER))
    data = json.loads(cli("questions", "--format", "json", *questions).stdout)
    assert data["id"] == "sleep-check"
    assert [s["id"] for s in data["sections"]] == ["basics", "snoring", "tried", "day"]
    assert "helped_routine" in cli("questions", *questions).stdout
    template = cli("template", *questions).stdout
    assert "questionnaire: sleep-check" in template
    assert list(yaml.safe_load(template)["answers"])[:3] == ["age", "problems", "main_problem"]
    path = write(tmp_path, "t.yaml", template)
    assert cli("validate", path, *questions).exit_code == 0


def test_a_broken_questions_folder_lists_its_problems(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "questionnaire.yaml").write_text(
        "id: x\nversion: '1'\nsections:\n"
        "  - id: s\n    title: S\n    questions:\n"
        "      - {id: a, type: number, text: A, help: H}\n"
        "      - {id: a, type: text, text: B, help: H, shown_when: {q: zz, answered: true}}\n"
    )
    result = cli("questions", "--questions", str(folder))
    assert_clean_error(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"error: {folder / 'questionnaire.yaml'}: a: ") for line in lines)


# -- version, usage, README ------------------------------------------------------------------


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"paincheck {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


@pytest.mark.parametrize(
    "args",
    [
        ("summary",),
        ("summary", FOOT, "--format", "xml"),
        ("summary", FOOT, "--colour"),
        ("validate",),
        ("questions", "--format", "yaml"),
        ("no-such-command",),
    ],
)
def test_bad_usage_exits_2(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Usage:" in result.stderr


def test_help_lists_the_commands(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for command in ["summary", "validate", "template", "questions"]:
        assert command in result.stdout
    assert "does not diagnose" in result.stdout


def test_readme_first_example_runs(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```console\n(.*?)```", readme, re.S)
    assert block is not None
    command = next(line for line in block.group(1).splitlines() if "uv run paincheck" in line)
    args = shlex.split(command.split("uv run", 1)[1])
    assert args[0] == "paincheck"
    monkeypatch.chdir(ROOT)
    result = cli(*args[1:])
    assert result.exit_code == 0, result.output
    assert "The criteria" in result.stdout and "What the US approval says" in result.stdout
    assert "Please note" in result.stdout


def test_version_2_questions_and_choices_in_template_and_listing(cli: Cli) -> None:
    template = cli("template").stdout
    assert "\n  crps_diagnosis:\n" in template
    assert "  #   one of: crps, nerve_injury, no, not_sure\n" in template
    assert "surgery_risky" in template and "one_leg_swollen_warm" in template
    listing = json.loads(cli("questions", "--format", "json").stdout)
    assert listing["version"] == "3"
    questions = {q["id"]: q for s in listing["sections"] for q in s["questions"]}
    assert [c["id"] for c in questions["crps_diagnosis"]["choices"]] == [
        "crps",
        "nerve_injury",
        "no",
        "not_sure",
    ]
    duration = {c["id"]: c["label"] for c in questions["pain_duration"]["choices"]}
    assert duration["3_to_6_months"] == "3 months to less than 6 months"
    spanish = json.loads(cli("questions", "--format", "json", "--lang", "es").stdout)
    relief = {q["id"]: q for s in spanish["sections"] for q in s["questions"]}[
        "relief_otc_medicines"
    ]
    assert [c["label"] for c in relief["choices"]] == ["Nada", "Un poco", "Bastante", "Mucho"]


@pytest.mark.parametrize(
    ("font", "says"),
    [
        ("/dev/zero", "/dev/zero: is a device, not a font file"),
        ("FOLDER", "folder.ttf: is a folder, not a font file"),
        ("missing.ttf", "missing.ttf: font file not found"),
    ],
)
def test_a_font_that_is_not_a_file_is_named_as_such(
    cli: Cli, font: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.ttf").mkdir()
    font = str(tmp_path / "folder.ttf") if font == "FOLDER" else font
    result = cli("export", FOOT, "-o", "report.pdf", "--font", font)
    assert result.exit_code == 1
    assert result.stderr.endswith(f"{says}\n"), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.ttf"]


def test_summary_help_never_says_published_criteria(cli: Cli) -> None:
    """Review N24: each criterion names its own source; none is "published criteria"."""
    result = cli("summary", "--help")
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    assert "published criteria" not in flat.lower()
    assert "against the DRG criteria (each row names its source)" in flat
