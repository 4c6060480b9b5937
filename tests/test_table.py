"""The clinic table: `paincheck summary FILE... --format csv|jsonl`, one row per file."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shlex
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from paincheck.formats.table import FileSummary, columns, csv_cell, table_row, to_csv
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import PERSONAS

Cli = Callable[..., Result]
OTHER = Path(__file__).parent / "data" / "other-questions"

HEADER = (
    "file,date,answers.name,answers.age,status,overall,criteria.duration,criteria.location,"
    "criteria.cause,criteria.prior_treatment,criteria.severity,approved_use.adult,"
    "approved_use.crps,caveats,warning_signs.urgent,warning_signs.prompt,"
    "scores.pain_now,scores.pain_average,scores.pain_worst,scores.pain_least,scores.peg,"
    "scores.phq2,scores.gad2,precautions,missing,error"
)
REDACTED_HEADER = HEADER.replace("answers.name,answers.age,", "")
FILES = ("foot-after-fracture.yaml", "broken.yaml", "knee-urgent.yaml", "back-recent.yaml")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the three personas (knee-urgent dated) and a file with a wrong answer, as
    the current one."""
    for name in ("foot-after-fracture", "knee-urgent", "back-recent"):
        shutil.copyfile(PERSONAS / f"{name}.yaml", tmp_path / f"{name}.yaml")
    (tmp_path / "broken.yaml").write_text("answers:\n  pain_now: 11\n", encoding="utf-8")
    knee = tmp_path / "knee-urgent.yaml"
    knee.write_text('date: "2026-11-02"\n' + knee.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def csv_text(*lines: str) -> str:
    return "".join(line + "\r\n" for line in lines)


def stdout(result: Result) -> str:
    """Standard output as written (CliRunner's `stdout` turns CRLF into LF)."""
    return result.stdout_bytes.decode("utf-8")


def test_csv_has_a_row_per_file_and_the_broken_one_says_why(cli: Cli, folder: Path) -> None:
    result = cli("summary", *FILES, "missing.yaml", "--format", "csv")
    assert stdout(result) == csv_text(
        HEADER,
        "foot-after-fracture.yaml,,Maria Lopez,46,complete,matches,met,met,met,met,met,met,"
        "partly,outside_approved_use,,,7,6,9,4,7.0,2,3,,,",
        'broken.yaml,,,,,,,,,,,,,,,,,,,,,,,,,"pain_now: expects a whole number from 0 to 10, '
        'got 11"',
        "knee-urgent.yaml,2026-11-02,,,complete,urgent,met,met,met,met,met,unknown,unknown,"
        "approved_use_unknown,bladder_bowel_change,cancer_history,8,7,,,,,,,,",
        "back-recent.yaml,,,,complete,does_not_match,not_met,partly,not_met,partly,met,unknown,"
        "unknown,approved_use_unknown,,,5,5,,,,,,blood_thinners,,",
        "missing.yaml,,,,,,,,,,,,,,,,,,,,,,,,,no such file",
    )
    assert result.stderr == (
        "error: broken.yaml: pain_now: expects a whole number from 0 to 10, got 11\n"
        "error: missing.yaml: no such file\n"
    )
    assert result.exit_code == 1


def test_jsonl_has_the_same_fields_with_their_json_types(cli: Cli, folder: Path) -> None:
    result = cli("summary", *FILES, "--format", "jsonl", "--redact")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert result.stdout.endswith("\n") and len(lines) == 4
    empty = dict.fromkeys(REDACTED_HEADER.split(","))
    assessed = {**empty, "caveats": [], "precautions": [], "missing": []}
    assert [json.loads(line) for line in lines] == [
        {
            **assessed,
            "file": "foot-after-fracture.yaml",
            "status": "complete",
            "overall": "matches",
            **dict.fromkeys(["criteria.duration", "criteria.location", "criteria.cause"], "met"),
            "criteria.prior_treatment": "met",
            "criteria.severity": "met",
            "approved_use.adult": "met",
            "approved_use.crps": "partly",
            "caveats": ["outside_approved_use"],
            "warning_signs.urgent": [],
            "warning_signs.prompt": [],
            "scores.pain_now": 7,
            "scores.pain_average": 6,
            "scores.pain_worst": 9,
            "scores.pain_least": 4,
            "scores.peg": 7.0,
            "scores.phq2": 2,
            "scores.gad2": 3,
        },
        {
            **empty,
            "file": "broken.yaml",
            "error": ["pain_now: expects a whole number from 0 to 10, got 11"],
        },
        {
            **assessed,
            "file": "knee-urgent.yaml",
            "date": "2026-11-02",
            "status": "complete",
            "overall": "urgent",
            **dict.fromkeys(["criteria.duration", "criteria.location", "criteria.cause"], "met"),
            "criteria.prior_treatment": "met",
            "criteria.severity": "met",
            "approved_use.adult": "unknown",
            "approved_use.crps": "unknown",
            "caveats": ["approved_use_unknown"],
            "warning_signs.urgent": ["bladder_bowel_change"],
            "warning_signs.prompt": ["cancer_history"],
            "scores.pain_now": 8,
            "scores.pain_average": 7,
        },
        {
            **assessed,
            "file": "back-recent.yaml",
            "status": "complete",
            "overall": "does_not_match",
            "criteria.duration": "not_met",
            "criteria.location": "partly",
            "criteria.cause": "not_met",
            "criteria.prior_treatment": "partly",
            "criteria.severity": "met",
            "approved_use.adult": "unknown",
            "approved_use.crps": "unknown",
            "caveats": ["approved_use_unknown"],
            "warning_signs.urgent": [],
            "warning_signs.prompt": [],
            "scores.pain_now": 5,
            "scores.pain_average": 5,
            "precautions": ["blood_thinners"],
        },
    ]
    # Key order is the CSV's column order.
    assert [list(json.loads(line)) for line in lines] == [REDACTED_HEADER.split(",")] * 4


def test_redact_leaves_name_and_age_out_of_the_csv(cli: Cli, folder: Path) -> None:
    result = cli("summary", "foot-after-fracture.yaml", "--format", "csv", "--redact")
    assert result.exit_code == 0
    assert stdout(result) == csv_text(
        REDACTED_HEADER,
        "foot-after-fracture.yaml,,complete,matches,met,met,met,met,met,met,partly,"
        "outside_approved_use,,,7,6,9,4,7.0,2,3,,,",
    )
    assert "Maria" not in result.stdout


def test_all_good_files_exit_0_and_standard_input_is_a_row(cli: Cli, folder: Path) -> None:
    text = (folder / "knee-urgent.yaml").read_text(encoding="utf-8")
    result = cli("summary", "-", "back-recent.yaml", "--format", "csv", input=text)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert [row[:6] for row in csv.reader(io.StringIO(result.stdout))] == [
        HEADER.split(",")[:6],
        ["<stdin>", "2026-11-02", "", "", "complete", "urgent"],
        ["back-recent.yaml", "", "", "", "complete", "does_not_match"],
    ]


def test_only_broken_files_still_give_the_header(cli: Cli, folder: Path) -> None:
    result = cli("summary", "broken.yaml", "--format", "csv", "--redact")
    assert result.exit_code == 1
    assert stdout(result) == csv_text(
        REDACTED_HEADER,
        'broken.yaml,,,,,,,,,,,,,,,,,,,,,,,"pain_now: expects a whole number from 0 to 10, got 11"',
    )


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_text_and_json_take_one_file(cli: Cli, folder: Path, output_format: str) -> None:
    result = cli("summary", *FILES[:2], "--format", output_format)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        f"Invalid value for '--format': {output_format} shows one file; for several, use "
        "--format csv or jsonl." in " ".join(result.stderr.split())
    )


def test_bad_questions_folder_is_one_error_not_a_row_per_file(cli: Cli, folder: Path) -> None:
    result = cli("summary", *FILES, "--format", "csv", "--questions", "nowhere")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1


def test_output_file_is_private_and_never_replaces_a_file_unasked(cli: Cli, folder: Path) -> None:
    shown = stdout(cli("summary", *FILES, "--format", "csv"))
    result = cli("summary", *FILES, "--format", "csv", "-o", "table.csv")
    assert result.exit_code == 1  # broken.yaml: its row is in the table all the same
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "Wrote table.csv"
    table = folder / "table.csv"
    assert table.read_bytes().decode("utf-8") == shown
    assert stat.S_IMODE(table.stat().st_mode) == 0o600
    again = cli("summary", "knee-urgent.yaml", "--format", "csv", "-o", "table.csv")
    assert again.exit_code == 1
    assert again.stderr == (
        "error: table.csv: already exists; not overwritten (use --force to replace it)\n"
    )
    assert table.read_bytes().decode("utf-8") == shown
    forced = cli("summary", "knee-urgent.yaml", "--format", "jsonl", "-o", "table.csv", "--force")
    assert forced.exit_code == 0
    assert json.loads(table.read_text(encoding="utf-8"))["file"] == "knee-urgent.yaml"


def test_output_file_is_never_one_of_the_answers_files(cli: Cli, folder: Path) -> None:
    before = (folder / "knee-urgent.yaml").read_bytes()
    result = cli("summary", "knee-urgent.yaml", "-o", "knee-urgent.yaml", "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: knee-urgent.yaml: is one of the answers files read; it is never replaced "
        "(even with --force)\n"
    )
    assert (folder / "knee-urgent.yaml").read_bytes() == before


def test_text_summary_to_a_file_is_the_plain_text_at_80_columns(cli: Cli, folder: Path) -> None:
    result = cli("summary", "knee-urgent.yaml", "-o", "summary.txt")
    assert result.exit_code == 0, result.output
    written = (folder / "summary.txt").read_text(encoding="utf-8")
    assert written == cli("summary", "knee-urgent.yaml").stdout
    assert "\x1b" not in written


# -- hostile answers -------------------------------------------------------------------------

HOSTILE_NAMES = {
    "a-formula": '=HYPERLINK("http://evil.example","Click")',
    "b-plus": "+1+2",
    "c-minus": "-2+3",
    "d-at": "@SUM(A1:A9)",
    "e-spaced": "  =1+1",
    "f-tab": "\t=1+1",
    "g-fullwidth": "\uff1d1+1",
    "h-markup": '<script>alert(1)</script> [bold]x[/bold] <a href="javascript:alert(1)">y</a>',
    "i-quotes": 'Smith, "Jo"; O\'Neil',
    "j-escapes": "\x1b]52;c;aGk=\x07Ann\x1b[8m\x9b",
    "k-separators": "a\u2028b\u2029c\u202eevil",
}


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answers files whose name answer is hostile, and files whose names are."""
    files = []
    for key, name in HOSTILE_NAMES.items():
        path = tmp_path / f"{key}.json"
        path.write_text(json.dumps({"answers": {"name": name, "age": 50}}), encoding="utf-8")
        files.append(path.name)
    for key, text in {
        '=cmd|" -C calc"!A0.yaml': "answers:\n  pain_now: 3\n",
        'x,"y"\nz\x1b[2J.yaml': "answers: [",
        "unknown-key.yaml": "answers:\n  '-2+3': 1\n",
    }.items():
        (tmp_path / key).write_text(text, encoding="utf-8")
        files.append(key)
    monkeypatch.chdir(tmp_path)
    return files


HOSTILE_CSV = csv_text(
    "file,answers.name,overall",
    'a-formula.json,"\'=HYPERLINK(""http://evil.example"",""Click"")",incomplete',
    "b-plus.json,'+1+2,incomplete",
    "c-minus.json,'-2+3,incomplete",
    "d-at.json,'@SUM(A1:A9),incomplete",
    "e-spaced.json,'  =1+1,incomplete",
    "f-tab.json,\\t=1+1,incomplete",
    "g-fullwidth.json,'\uff1d1+1,incomplete",
    'h-markup.json,"<script>alert(1)</script> [bold]x[/bold] '
    '<a href=""javascript:alert(1)"">y</a>",incomplete',
    'i-quotes.json,"Smith, ""Jo""; O\'Neil",incomplete',
    "j-escapes.json,\\x1b]52;c;aGk=\\x07Ann\\x1b[8m\\x9b,incomplete",
    "k-separators.json,a\\u2028b\\u2029c\\u202eevil,incomplete",
    '"\'=cmd|"" -C calc""!A0.yaml",,incomplete',
    '"x,""y""\\nz\\x1b[2J.yaml",,',
    "unknown-key.yaml,,",
)


def test_hostile_answers_are_inert_text_in_the_csv(cli: Cli, hostile: list[str]) -> None:
    result = cli("summary", *hostile, "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(stdout(result), newline="")))
    index = [rows[0].index(c) for c in ("file", "answers.name", "overall")]
    picked = io.StringIO()
    csv.writer(picked).writerows([row[i] for i in index] for row in rows)
    assert picked.getvalue() == HOSTILE_CSV
    # One line per row: no cell holds a raw line break or a control character.
    lines = stdout(result).split("\r\n")
    assert len(lines) == len(hostile) + 2 and lines[-1] == ""
    assert not set(stdout(result).replace("\r\n", "")) & set("\r\n\x1b\x07\x9b\u2028\u202e")
    errors = {row[0]: row[-1] for row in rows[1:] if row[-1]}
    assert errors == {
        'x,"y"\\nz\\x1b[2J.yaml': (
            "is not valid YAML: did not find expected node content (line 2, column 1)"
        ),
        "unknown-key.yaml": "'-2+3: is not a question of this questionnaire",
    }


def test_no_cell_starts_a_formula_however_a_spreadsheet_splits_the_line(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel in most European locales splits CSV on ";"; a pasted table splits on tabs. Each
    piece it would make a cell of is guarded, the error column's "; " joins included."""
    names = ["Maria;=cmd|' /C calc'!A0;x", "x;@SUM(1)", 'x; "=1"', "x\uff1b-1", "Ann;+1; 2"]
    for n, name in enumerate(names):
        answers = {"answers": {"name": name, "age": 50}}
        (tmp_path / f"{n}.json").write_text(json.dumps(answers), encoding="utf-8")
    (tmp_path / "bad.json").write_text(
        json.dumps({"answers": {"pain_now": "=1", "=a": 1, "@b": 2}}), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = cli(
        "summary", *[f"{n}.json" for n in range(len(names))], "bad.json", "--format", "csv"
    )
    text = stdout(result)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    name = rows[0].index("answers.name")
    assert [row[name] for row in rows[1:-1]] == [
        "Maria;'=cmd|' /C calc'!A0;x",
        "x;'@SUM(1)",
        'x;\' "=1"',
        "x\uff1b'-1",
        "Ann;'+1; 2",
    ]
    assert rows[-1][-1] == (
        "'=a: is not a question of this questionnaire;' @b: is not a question of this "
        "questionnaire; pain_now: expects a whole number from 0 to 10, got '=1'"
    )
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            for cell in row:
                assert not cell.lstrip(' "').startswith(("=", "+", "-", "@", "\uff1d")), (
                    delimiter,
                    cell,
                )


def test_hostile_answers_are_inert_text_in_the_jsonl(cli: Cli, hostile: list[str]) -> None:
    result = cli("summary", *hostile, "--format", "jsonl")
    assert result.exit_code == 1
    lines = result.stdout.split("\n")
    assert lines[-1] == "" and len(lines) == len(hostile) + 1
    names = [json.loads(line)["answers.name"] for line in lines[:-1]]
    # JSON is not opened by spreadsheets: formulas stay as written; controls are still shown.
    assert names == [
        '=HYPERLINK("http://evil.example","Click")',
        "+1+2",
        "-2+3",
        "@SUM(A1:A9)",
        "  =1+1",
        "\\t=1+1",
        "\uff1d1+1",
        '<script>alert(1)</script> [bold]x[/bold] <a href="javascript:alert(1)">y</a>',
        'Smith, "Jo"; O\'Neil',
        "\\x1b]52;c;aGk=\\x07Ann\\x1b[8m\\x9b",
        "a\\u2028b\\u2029c\\u202eevil",
        None,
        None,
        None,
    ]
    assert json.loads(lines[-3])["file"] == 'x,"y"\\nz\\x1b[2J.yaml'


def test_hostile_file_names_are_shown_not_run_on_standard_error(
    cli: Cli, hostile: list[str]
) -> None:
    result = cli("summary", *hostile, "--format", "csv")
    assert result.stderr == (
        "error: 'x,\"y\"\\nz\\x1b[2J.yaml': is not valid YAML: did not find expected node "
        "content (line 2, column 1)\n"
        "error: unknown-key.yaml: -2+3: is not a question of this questionnaire\n"
    )


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "\t'=1"),
        ("\r=1", "'\r=1"),
        (" -1", "' -1"),
        ("Ann-Marie", "Ann-Marie"),
        ("", ""),
        (None, ""),
        (7, "7"),
        (7.5, "7.5"),
        (["=a", "b"], "'=a; b"),
        # after a separator a semicolon- or tab-separated reader sees: a cell of its own
        (["a", "=b"], "a;' =b"),
        ("Maria;=cmd|' /C calc'!A0;x", "Maria;'=cmd|' /C calc'!A0;x"),
        ("Maria;@SUM(1)", "Maria;'@SUM(1)"),
        ("a;  +1", "a;'  +1"),
        ('a;"=1"', 'a;\'"=1"'),
        ("a\t-1", "a\t'-1"),
        ("a\uff1b=1", "a\uff1b'=1"),
        ("a;b, =c", "a;b, =c"),  # a comma is inside the quoted cell for every reader
        ("2-3; 4", "2-3; 4"),
    ],
)
def test_csv_cell_neutralises_what_a_spreadsheet_would_run(
    value: str | int | float | list[str] | None, cell: str
) -> None:
    assert csv_cell(value) == cell


# -- columns from the questionnaire ----------------------------------------------------------


def test_columns_follow_the_questionnaire_not_a_fixed_list(questionnaire: Questionnaire) -> None:
    rules = questionnaire.rules
    sleep = dataclasses.replace(rules.criteria[0], id="sleep")
    teen = dataclasses.replace(rules.approved_use[0], id="teen")
    more = dataclasses.replace(
        questionnaire,
        rules=dataclasses.replace(
            rules,
            criteria=(*rules.criteria, sleep),
            approved_use=(*rules.approved_use, teen),
        ),
    )
    before = columns(questionnaire)
    assert columns(more) == (
        *before[:11],
        "criteria.sleep",
        *before[11:13],
        "approved_use.teen",
        *before[13:],
    )
    assert to_csv([], before) == csv_text(HEADER)


def test_ids_from_a_hostile_questions_folder_are_shown_not_run(
    questionnaire: Questionnaire,
) -> None:
    rules = questionnaire.rules
    odd = dataclasses.replace(rules.criteria[0], id="x\x1b[2J,\n=1+1")
    hostile = dataclasses.replace(
        questionnaire, rules=dataclasses.replace(rules, criteria=(odd,), approved_use=())
    )
    ids = columns(hostile, redact=True)
    assert ids[4] == "criteria.x\\x1b[2J,\\n=1+1"
    header = to_csv([], ids)
    assert header.startswith('file,date,status,overall,"criteria.x\\x1b[2J,\\n=1+1",caveats,')
    assert header.count("\n") == 1


def test_another_checklist_gets_its_own_columns(cli: Cli, tmp_path: Path) -> None:
    other = load_questionnaire(OTHER)
    assert ",".join(columns(other)) == (
        "file,date,status,overall,criteria.frequency,criteria.tried_first,caveats,"
        + ",".join(f"warning_signs.{flag}" for flag in other.rules.flags)
        + ","
        + ",".join(f"scores.{score.id}" for score in other.rules.scores)
        + ",precautions,missing,error"
    )
    path = tmp_path / "sleep.yaml"
    path.write_text("answers:\n  age: 40\n  problems: [snoring]\n  nights: 5\n")
    result = cli("summary", str(path), "--questions", str(OTHER), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert list(row) == list(columns(other))
    assert (row["overall"], row["criteria.frequency"]) == ("incomplete", "met")


def test_a_row_has_every_column_even_for_an_unassessed_file(
    questionnaire: Questionnaire,
) -> None:
    ids = columns(questionnaire, redact=True)
    row = table_row(FileSummary("x.yaml", None, ()), ids)
    assert list(row) == list(ids)
    assert row["error"] == [] and row["file"] == "x.yaml"


# -- README ----------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def test_readme_clinic_table_examples_are_real(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The clinic table\n", 1)[1]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    runs = [run.splitlines() for run in block.split("$ ")[1:]]
    assert len(runs) == 2
    monkeypatch.chdir(ROOT)
    for command, *shown in runs:
        words = shlex.split(command)
        assert words[:3] == ["uv", "run", "paincheck"]
        args = [a for w in words[3:] for a in (_expand(w) if "*" in w else [w])]
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == shown


def _expand(pattern: str) -> list[str]:
    return [str(path.relative_to(ROOT)) for path in sorted(ROOT.glob(pattern))]
