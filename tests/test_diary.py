"""The trial diary: its file, its commands, the daily interview, the PDF and FHIR exports."""

from __future__ import annotations

import json
import re
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from paincheck.diary.store import (
    Baseline,
    Entry,
    diary_form_folder,
    dump_diary,
    load_diary,
    new_diary,
    parse_diary,
    pending_path,
)
from paincheck.errors import InterviewInterrupted
from paincheck.files.reading import parse_document
from paincheck.interview.day import ask_day
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import PERSONAS, ROOT
from tests.helpers.diary import FULL_ANSWERS, FULL_DAY, PLAIN_DAY, SAMPLE, TODAY
from tests.helpers.snapshot import assert_snapshot
from tests.helpers.views import view_of

YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
DAY = {"pain_average": 4, "relief_percent": 50}


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return load_questionnaire(diary_form_folder())


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def errors(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


# -- the daily form is a questions folder -----------------------------------------------------


def test_the_daily_form_is_listed_by_the_same_command(cli: Any) -> None:
    result = cli("questions", "--questions", str(diary_form_folder()), "--format", "json")
    assert result.exit_code == 0, result.stderr
    listed = json.loads(result.stdout)
    questions = [q for s in listed["sections"] for q in s["questions"]]
    assert [q["id"] for q in questions] == [
        "trial_problems",
        "pain_average",
        "pain_worst",
        "relief_percent",
        "activities",
        "sleep_hours",
        "pain_medicine",
        "stimulation_comfort",
        "notes",
    ]
    relief = questions[3]
    assert (relief["min"], relief["max"], relief["step"], relief["required"]) == (0, 100, 10, True)


def test_step_is_checked_like_every_other_key(tmp_path: Path) -> None:
    from paincheck.errors import PaincheckError

    folder = tmp_path / "form"
    folder.mkdir()
    write(
        folder / "questionnaire.yaml",
        "id: x\nversion: '1'\nsections:\n- id: s\n  title: S\n  questions:\n"
        "  - {id: a, type: integer, min: 0, max: 10, step: 0, text: A, help: H}\n"
        "  - {id: b, type: text, step: 5, text: B, help: H}\n",
    )
    with pytest.raises(PaincheckError) as caught:
        load_questionnaire(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder}/questionnaire.yaml: a: 'step' must be at least 1, got 0",
        f"{folder}/questionnaire.yaml: b: 'step' is for integer questions, not text",
    ]


# -- the diary file ---------------------------------------------------------------------------


def test_a_diary_loads_back_to_the_same_diary(form: Questionnaire) -> None:
    diary = new_diary(form, Baseline(7, "2026-10-20", "maria-answers.yaml"))
    diary = diary.with_entry(Entry("2026-11-03", {**DAY, "notes": "yes: 'no' # not a comment"}))
    diary = diary.with_entry(Entry("2026-11-02", {**DAY, "activities": ["walk_longer"]}))
    text = dump_diary(form, diary)
    again = parse_diary(form, parse_document(text.encode(), "d.yaml"), "d.yaml", TODAY).diary
    assert again == diary
    assert [e.date for e in again.entries] == ["2026-11-02", "2026-11-03"]  # kept sorted


def test_the_sample_diary_is_seven_valid_days(form: Questionnaire) -> None:
    loaded = load_diary(form, SAMPLE, TODAY)
    assert loaded.warnings == ()
    assert len(loaded.diary.entries) == 7


def test_every_problem_names_the_file_the_date_and_the_question(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = (
        "diary: drg-trial\nversion: '1'\nbaseline: {pain_average: 12, when: yesterday}\n"
        "entries:\n"
        "  - {date: '2026-11-02', answers: {pain_average: 4, relief_percent: 55}}\n"
        "  - {date: '2026-11-02', answers: {pain_average: 4, relief_percent: 50}}\n"
        "  - {date: '2999-01-01', answers: {pain_average: 4, relief_percent: 50}}\n"
        "  - {date: '2026-11-03', answers: {pain_average: eleven, pain_medicine: lots, sleep: 7}}\n"
        "  - {date: 2026-11-31, answers: {}}\n"
        "  - {date: 20261104, answers: {}}\n"
    )
    write(tmp_path / "bad.yaml", text)
    for command in (["diary", "show", "bad.yaml"], ["diary", "export", "bad.yaml"]):
        result = cli(*command)
        assert result.exit_code == 1
        assert errors(result) == [
            "error: bad.yaml: baseline: unknown key 'when'; allowed: pain_average, date, from",
            "error: bad.yaml: baseline: pain_average: expects a whole number from 0 to 10, got 12",
            "error: bad.yaml: 2026-11-02: this date has more than one entry; keep one",
            "error: bad.yaml: entries[2]: date: 2999-01-01 is in the future: that day has not "
            "begun anywhere on Earth yet",
            "error: bad.yaml: 2026-11-03: sleep: is not a question of this questionnaire "
            "(did you mean 'sleep_hours'?)",
            "error: bad.yaml: 2026-11-03: pain_average: expects a whole number from 0 to 10, "
            "got 'eleven'",
            "error: bad.yaml: 2026-11-03: pain_medicine: 'lots' is not an allowed choice; "
            "allowed: less, same, more, none_taken",
            "error: bad.yaml: 2026-11-03: relief_percent: is missing; every day needs an answer "
            "to it",
            "error: bad.yaml: entries[4]: date: '2026-11-31' is not a real date",
            "error: bad.yaml: entries[5]: date: expects a date written YYYY-MM-DD, got 20261104 "
            "(int)",
        ]
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "bad.pdf").exists()


def test_a_hostile_diary_lists_a_bounded_number_of_problems(cli: Any, tmp_path: Path) -> None:
    days = "".join(
        f"  - {{date: '2026-{m:02d}-{d:02d}', answers: {{}}}}\n"
        for m in range(1, 11)
        for d in range(1, 28)
    )
    path = write(tmp_path / "many.yaml", "diary: drg-trial\nentries:\n" + days)
    result = cli("diary", "show", str(path))
    assert result.exit_code == 1
    lines = errors(result)
    assert len(lines) == 51
    assert lines[-1] == f"error: {path}: and {2 * 270 - 50} more problems"


# -- start, add, show ------------------------------------------------------------------------


def test_start_from_the_checklist_answers(cli: Any, tmp_path: Path) -> None:
    diary = tmp_path / "trial.yaml"
    result = cli("diary", "start", str(diary), "--from", str(PERSONAS / "foot-after-fracture.yaml"))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(diary.stat().st_mode) == 0o600
    assert diary.read_text() == (
        "# paincheck diary (drg-trial). Health information: keep it private.\n"
        "diary: drg-trial\nversion: '2'\nname: Maria Lopez\nbaseline:\n  pain_average: 6\n"
        "  from: foot-after-fracture.yaml\nentries: []\n"
    )
    again = cli("diary", "start", str(diary), "--baseline-pain", "3")
    assert again.exit_code == 1
    assert errors(again) == [
        f"error: {diary}: already exists; not overwritten (use --force to replace it)"
    ]
    assert "pain_average: 6" in diary.read_text()


def test_start_refuses_a_bad_baseline(cli: Any, tmp_path: Path) -> None:
    diary = tmp_path / "trial.yaml"
    result = cli("diary", "start", str(diary), "--baseline-pain", "11")
    assert (result.exit_code, errors(result)) == (
        1,
        ["error: --baseline-pain: expects a whole number from 0 to 10, got 11"],
    )
    both = cli("diary", "start", str(diary), "--baseline-pain", "5", "--from", str(SAMPLE))
    assert both.exit_code == 2
    assert not diary.exists()
    checklist = write(tmp_path / "a.yaml", "answers: {pain_now: 4}\n")
    missing = cli("diary", "start", str(diary), "--from", str(checklist))
    assert errors(missing) == [
        f"error: {checklist}: pain_average: has no answer to it; pass the pain before the trial "
        "with --baseline-pain N"
    ]


def test_add_from_a_file_keeps_the_days_sorted_and_replaces_only_when_forced(
    cli: Any, tmp_path: Path
) -> None:
    diary = tmp_path / "trial.yaml"
    cli("diary", "start", str(diary), "--baseline-pain", "7")
    day = write(tmp_path / "day.yaml", "answers: {pain_average: 4, relief_percent: 50}\n")
    assert cli("diary", "add", str(diary), "--answers", str(day)).exit_code == 0
    added = cli("diary", "add", str(diary), "--answers", str(day), "--date", "2026-11-02")
    assert added.stdout == f"Added 2026-11-02 to {diary}. Days in the diary: 2.\n"
    dates = re.findall(r"date: '([0-9-]+)'", diary.read_text())
    assert dates == ["2026-11-02", TODAY.isoformat()]
    before = diary.read_text()
    other = write(tmp_path / "other.yaml", "answers: {pain_average: 2, relief_percent: 80}\n")
    refused = cli("diary", "add", str(diary), "--answers", str(other), "--date", "2026-11-02")
    assert (refused.exit_code, errors(refused)) == (
        1,
        [f"error: {diary}: already has an entry for 2026-11-02; pass --force to replace it"],
    )
    assert diary.read_text() == before
    forced = cli(
        "diary", "add", str(diary), "--answers", str(other), "--date", "2026-11-02", "--force"
    )
    assert forced.exit_code == 0
    assert "relief_percent: 80" in diary.read_text()
    assert stat.S_IMODE(diary.stat().st_mode) == 0o600


def test_add_refuses_a_future_date_a_bad_day_and_no_terminal(cli: Any, tmp_path: Path) -> None:
    diary = tmp_path / "trial.yaml"
    cli("diary", "start", str(diary))
    before = diary.read_text()
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    day = write(tmp_path / "day.yaml", "answers: {pain_average: 4}\n")
    future = cli("diary", "add", str(diary), "--answers", str(day), "--date", tomorrow)
    assert errors(future) == [f"error: --date: {tomorrow} is in the future (today is {TODAY})"]
    incomplete = cli("diary", "add", str(diary), "--answers", str(day), "--date", YESTERDAY)
    assert errors(incomplete) == [
        f"error: {day}: {YESTERDAY}: relief_percent: is missing; every day needs an answer to it"
    ]
    no_terminal = cli("diary", "add", str(diary))
    assert no_terminal.exit_code == 1
    assert errors(no_terminal)[0].startswith(f"error: {diary}: there is no terminal")
    assert diary.read_text() == before
    missing = cli("diary", "add", str(tmp_path / "none.yaml"), "--answers", str(day))
    assert errors(missing) == [
        f"error: {tmp_path}/none.yaml: no such diary; start one with: paincheck diary start "
        f"{tmp_path}/none.yaml"
    ]


def test_show_json_of_the_sample(cli: Any) -> None:
    result = cli("diary", "show", str(SAMPLE), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "diary": {"id": "drg-trial", "version": "2"},
        "days": 7,
        "first": "2026-11-02",
        "last": "2026-11-08",
        "baseline_pain": 6,
        "pain_average_mean": 2.9,
        "pain_reduction_percent": 52.4,
        "relief_percent_mean": 57.1,
        "days_relief_at_least_50": 6,
        "medicine": {"less": 4, "same": 3, "more": 0, "none_taken": 0},
        "relief_vs_50": "at_or_above",
        "pain_reduction_vs_50": "at_or_above",
        "measures_disagree": False,
        "problem_days": [],
        "problems_not_answered": [],
    }


def test_readme_shows_a_real_run_of_diary_show(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## During your trial", 1)[1]
    block = re.search(
        r"```console\n\$ uv run (paincheck diary show [^\n]+)\n(.*?)```", section, re.S
    )
    assert block is not None
    monkeypatch.chdir(ROOT)
    result = cli(*block.group(1).split()[1:])
    assert result.exit_code == 0
    assert result.stdout == block.group(2)


def test_show_prints_file_text_as_text(cli: Any, tmp_path: Path) -> None:
    diary = tmp_path / "d.yaml"
    write(
        diary,
        "diary: drg-trial\nentries:\n- date: '2026-11-02'\n  answers: {pain_average: 3, "
        'relief_percent: 50, notes: "[bold]hi[/bold] \\e]52;c;aGk=\\a"}\n',
    )
    result = cli("diary", "show", str(diary))
    assert result.exit_code == 0
    assert "2026-11-02: [bold]hi[/bold] \\x1b]52;c;aGk=\\x07\n" in result.stdout
    assert "\x1b" not in result.stdout


def test_show_in_spanish(cli: Any) -> None:
    # The English text is pinned by the README's example (test_readme_shows_a_real_run_...).
    result = cli("diary", "show", str(SAMPLE), "--lang", "es")
    assert result.exit_code == 0
    assert_snapshot("diary-show.es.txt", result.stdout)


# -- export ----------------------------------------------------------------------------------


def test_export_pdf_is_one_private_page_with_the_chart_table_summary_and_notes(
    cli: Any, tmp_path: Path
) -> None:
    from pypdf import PdfReader  # only here: the other diary tests run without it

    out = tmp_path / "trial.pdf"
    result = cli("diary", "export", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    reader = PdfReader(out)
    assert len(reader.pages) == 1  # the contract: one page (two at most for a long diary)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "Trial diary for your specialist Name: Maria Lopez",
        "Pain before the trial: 6 out of 10",
        "When to call This applies during the trial and for a few weeks after the wires come "
        "out. Call your implant team today if: the stimulation hurts, or you switched it off",
        "Safety check",
        "No problems were marked on the days that have the safety check.",
        "Average pain (0-10)",
        "Relief (%)",
        "Date",
        "Average pain (solid line, round dots)",
        "Relief (dashed line, triangles)",
        "Pain before the trial (6)",
        "Half of the pain before the trial (3)",
        "The 50% relief mark",
        "Your reported relief averaged 57.1%.",
        "Trials usually look for 50% or more; your specialist will decide with you.",
        "2026-11-05 2 5 70% Less than usual 8 Comfortable Walk longer, Do housework",
        "2026-11-08: Slept through the night for the first time in months.",
    ):
        assert expected in text, expected
    redacted = tmp_path / "redacted.pdf"
    assert cli("diary", "export", str(SAMPLE), "--redact", "-o", str(redacted)).exit_code == 0
    kept = " ".join(page.extract_text() for page in PdfReader(redacted).pages)
    assert "Maria" not in kept and "Name" not in kept
    again = cli("diary", "export", str(SAMPLE), "-o", str(out))
    assert again.exit_code == 1
    assert errors(again) == [
        f"error: {out}: already exists; not overwritten (use --force to replace it)"
    ]


def test_export_fhir_is_a_collection_bundle_of_one_response_per_day(
    cli: Any, tmp_path: Path
) -> None:
    from fhir.resources.R4B.bundle import Bundle

    out = tmp_path / "trial.fhir.json"
    result = cli("diary", "export", str(SAMPLE), "--format", "fhir", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    bundle = json.loads(out.read_text())
    Bundle.model_validate(bundle)
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    baseline, *responses = [e["resource"] for e in bundle["entry"]]
    assert baseline == {  # the pain before the trial, coded as the checklist codes pain
        "resourceType": "Observation",
        "status": "final",
        "code": {
            "coding": [
                {
                    "system": "http://loinc.org",
                    "code": "72514-3",
                    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                }
            ],
            "text": "Average pain before the trial (0-10)",
        },
        "valueInteger": 6,
        "note": [
            {"text": "Recorded before the trial: the baseline this trial diary is compared with."}
        ],
    }
    assert [r["authored"] for r in responses] == [f"2026-11-0{d}" for d in range(2, 9)]
    assert {r["questionnaire"] for r in responses} == {
        "https://paincheck.invalid/fhir/Questionnaire/drg-trial|2"
    }
    first = {i["linkId"]: i["answer"] for i in responses[0]["item"][1]["item"]}
    assert first["pain_average"] == [{"valueInteger": 4}]
    assert first["relief_percent"] == [{"valueInteger": 40}]


def test_the_diary_itself_is_never_the_export(cli: Any, tmp_path: Path) -> None:
    diary = tmp_path / "trial.pdf"
    diary.write_bytes(SAMPLE.read_bytes())
    result = cli("diary", "export", str(diary), "--force")
    assert errors(result) == [f"error: {diary}: is the diary itself; choose another -o"]
    assert diary.read_bytes() == SAMPLE.read_bytes()


# -- the daily questions in the terminal -----------------------------------------------------


def ask(form: Questionnaire, diary: Path, keys: list[str], *, plain: bool = False) -> Entry:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe:
        pipe.send_text("".join(k + "\n" for k in keys) if plain else "".join(keys))
        pipe.close()
        return ask_day(
            view_of(form, "en"),
            diary,
            YESTERDAY,
            resume_command="RESUME",
            input=pipe,
            output=DummyOutput(),
            plain=plain,
        )


@pytest.mark.timeout(30)
def test_a_full_day_takes_10_prompts(form: Questionnaire, tmp_path: Path) -> None:
    diary = tmp_path / "trial.yaml"
    entry = ask(form, diary, FULL_DAY)
    assert entry == Entry(YESTERDAY, FULL_ANSWERS)
    # and not fewer: one prompt short, the input ends while a question is still open
    with pytest.raises(InterviewInterrupted):
        ask(form, tmp_path / "other.yaml", FULL_DAY[:-1])


@pytest.mark.timeout(30)
def test_a_stopped_day_is_kept_beside_the_diary_and_resumed(
    form: Questionnaire, tmp_path: Path
) -> None:
    diary = tmp_path / "trial.yaml"
    with pytest.raises(InterviewInterrupted) as caught:
        ask(form, diary, FULL_DAY[:4])
    pending = pending_path(diary, YESTERDAY)
    assert str(caught.value) == (
        f"{pending}: stopped; the day's answers so far are saved in this file. To go on where "
        "you stopped, run:\n  RESUME"
    )
    assert stat.S_IMODE(pending.stat().st_mode) == 0o600
    entry = ask(form, diary, FULL_DAY[4:])
    assert entry == Entry(YESTERDAY, FULL_ANSWERS)


@pytest.mark.timeout(30)
def test_a_full_day_line_by_line_takes_10_answers(
    form: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = ask(form, tmp_path / "trial.yaml", PLAIN_DAY, plain=True)
    assert entry == Entry(YESTERDAY, FULL_ANSWERS)
    shown = capsys.readouterr().out
    offered = "\n".join(
        f"  {n:>2}  {words}"
        for n, words in [
            (0, "No relief at all"),
            *((n, "") for n in range(10, 100, 10)),
            (100, "All of my pain went away"),
        ]
    )
    assert offered in shown  # relief: the numbers offered, each typed as itself
    with pytest.raises(InterviewInterrupted):
        ask(form, tmp_path / "other.yaml", PLAIN_DAY[:-1], plain=True)
