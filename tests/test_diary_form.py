"""The diary reads its questions' roles from the daily form (`report: diary:` in rules.yaml):
another clinic's form, with other ids for every role and fewer questions, works through every
diary command; a form whose roles are wrong is refused with one clear error each."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from paincheck.diary.store import Entry, diary_form_folder, load_diary
from paincheck.questionnaire import Questionnaire, load_questionnaire
from paincheck.questionnaire.models import (
    ComfortIds,
    DiaryIds,
    MedicineIds,
    SafetyCheckIds,
)
from paincheck.questionnaire.view import View
from tests.helpers import ROOT
from tests.helpers.installed import child_env, run_installed
from tests.helpers.interview import ENTER
from tests.helpers.snapshot import assert_snapshot

OTHER = ROOT / "tests" / "data" / "other-diary"
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()

# Four days of the other form, as `diary add --answers` files: a full day, a day without the
# mood (a question the diary does not read) or a note, a day with a fever ticked in its own
# safety check, and a day without the safety check at all.
DAYS = {
    "2026-11-02": "wound_check: [nothing]\nusual_pain: 6\nworst_hurt: 8\nrelief_pct: 25\n"
    "meds: usual\nmood: good\nrest_hours: 6\nstim_feel: fine\ncould_do: [walk]\n"
    "diary_note: Slept badly\n",
    "2026-11-03": "wound_check: [nothing]\nusual_pain: 4\nrelief_pct: 50\nmeds: fewer\n"
    "rest_hours: 7\nstim_feel: too_strong\ncould_do: [walk, chores]\n",
    "2026-11-04": "wound_check: [fever]\nusual_pain: 3\nworst_hurt: 5\nrelief_pct: 75\n"
    "meds: extra\nmood: low\n",
    "2026-11-05": "usual_pain: 2\nrelief_pct: 75\n",
}


@pytest.fixture(scope="module")
def other() -> Questionnaire:
    return load_questionnaire(OTHER)


def paincheck(*args: str, cwd: Path) -> Any:
    """The installed command, 80 columns, plain text."""
    return run_installed(*args, cwd=cwd, env=child_env())


def started(tmp_path: Path) -> Path:
    """A diary of the other form with its four days added from answers files."""
    diary = tmp_path / "d.yaml"
    run = paincheck(
        "diary", "start", "d.yaml", "--baseline-pain", "8", "--name", "Ana Ruiz",
        "--questions", str(OTHER), cwd=tmp_path,
    )  # fmt: skip
    assert (run.exit_code, run.stderr) == (0, "Started the diary d.yaml.\n")
    for day, answers in DAYS.items():
        answers_file = tmp_path / f"{day}.yaml"
        indented = "".join(f"  {line}\n" for line in answers.splitlines())
        answers_file.write_text("answers:\n" + indented, encoding="utf-8")
        run = paincheck(
            "diary", "add", "d.yaml", "--date", day, "--answers", answers_file.name,
            "--questions", str(OTHER), cwd=tmp_path,
        )  # fmt: skip
        assert run.exit_code == 0, run.stderr
    return diary


# -- the roles as loaded ----------------------------------------------------------------------


def test_the_shipped_form_names_the_contract_ids() -> None:
    ids = load_questionnaire(diary_form_folder()).rules.report.diary
    assert ids == DiaryIds(
        safety_check=SafetyCheckIds("trial_problems", "none"),
        pain="pain_average",
        relief="relief_percent",
        worst_pain="pain_worst",
        medicine=MedicineIds("pain_medicine", "more"),
        sleep="sleep_hours",
        comfort=ComfortIds("stimulation_comfort", ("uncomfortable", "switched_off")),
        activities="activities",
        notes="notes",
    )


def test_the_other_form_names_its_own_ids(other: Questionnaire) -> None:
    assert other.rules.report.diary == DiaryIds(
        safety_check=SafetyCheckIds("wound_check", "nothing"),
        pain="usual_pain",
        relief="relief_pct",
        worst_pain="worst_hurt",
        medicine=MedicineIds("meds", "extra"),
        sleep="rest_hours",
        comfort=ComfortIds("stim_feel", ("too_strong", "turned_off")),
        activities="could_do",
        notes="diary_note",
    )


# -- the other form through every diary command ---------------------------------------------


def cells(laid_out: str) -> list[list[str]]:
    """A PDF table's rows, from its text laid out as on the page (the first line its head):
    each cell is what stands under its column's heading, so an empty cell stays empty."""
    head, *rows = [line for line in laid_out.splitlines() if line.strip()]
    starts = [m.start() for m in re.finditer(r"\S+(?: \S+)*", head)]
    ends = [*starts[1:], None]
    return [
        [line[a:b].strip() for a, b in zip(starts, ends, strict=True)] for line in [head, *rows]
    ]


def test_add_from_files_keeps_exactly_the_answers_and_warns_by_its_own_ids(
    other: Questionnaire, tmp_path: Path
) -> None:
    diary = started(tmp_path)
    loaded = load_diary(other, diary, date.today()).diary
    assert loaded.form == "clinic-daily"
    assert [(e.date, dict(e.answers)) for e in loaded.entries] == [
        ("2026-11-02", {
            "wound_check": ["nothing"], "usual_pain": 6, "worst_hurt": 8, "relief_pct": 25,
            "meds": "usual", "mood": "good", "rest_hours": 6, "stim_feel": "fine",
            "could_do": ["walk"], "diary_note": "Slept badly",
        }),
        ("2026-11-03", {
            "wound_check": ["nothing"], "usual_pain": 4, "relief_pct": 50, "meds": "fewer",
            "rest_hours": 7, "stim_feel": "too_strong", "could_do": ["walk", "chores"],
        }),
        ("2026-11-04", {
            "wound_check": ["fever"], "usual_pain": 3, "worst_hurt": 5, "relief_pct": 75,
            "meds": "extra", "mood": "low",
        }),
        ("2026-11-05", {"usual_pain": 2, "relief_pct": 75}),
    ]  # fmt: skip
    # A day with a problem ticked in the form's own safety check: its panel's words, first.
    answers = tmp_path / "fever.yaml"
    answers.write_text("answers:\n  wound_check: [fever, leg_weak]\n  usual_pain: 5\n"
                       "  relief_pct: 0\n", encoding="utf-8")  # fmt: skip
    run = paincheck(
        "diary", "add", "d.yaml", "--date", "2026-11-06", "--answers", "fever.yaml",
        "--questions", str(OTHER), cwd=tmp_path,
    )  # fmt: skip
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout == (
        "WARNING: Get care now.\n"
        "Do what the line under each problem says.\n"
        "If it is still going on, do this now. If it has stopped, still tell your implant team "
        "today.\n"
        "• A fever\n"
        "  → Call your implant team now.\n"
        "• A leg that feels newly weak\n"
        "  → Go to a hospital emergency department now.\n"
        "Added 2026-11-06 to d.yaml. Days in the diary: 5.\n"
    )
    # A day without the safety check is kept, and the warning names the form's question.
    answers.write_text("answers: {usual_pain: 5, relief_pct: 0}\n", encoding="utf-8")
    run = paincheck(
        "diary", "add", "d.yaml", "--date", "2026-11-07", "--answers", "fever.yaml",
        "--questions", str(OTHER), cwd=tmp_path,
    )  # fmt: skip
    assert run.errors == []
    assert run.stderr == (
        "warning: fever.yaml: 2026-11-07: wound_check: has no answer; the day is kept, and "
        'shows "Safety check not answered"\n'
    )


def test_show_has_a_column_for_each_role_the_form_has_and_sums_up_its_ids(
    tmp_path: Path,
) -> None:
    started(tmp_path)
    run = paincheck("diary", "show", "d.yaml", "--questions", str(OTHER), cwd=tmp_path)
    assert (run.exit_code, run.stderr) == (0, "")
    # The When-to-call box is the diary's own, whatever the form: the same as the shipped one.
    box = paincheck("diary", "start", "s.yaml", cwd=tmp_path).stdout
    assert run.stdout.startswith(box)
    assert run.stdout[len(box) :] == (
        "Trial diary\n"
        "Pain before the trial: 8 out of 10\n"
        "\n"
        "Safety check\n"
        "  2026-11-04: A fever                  \n"
        "  2026-11-05: Safety check not answered\n"
        "\n"
        "Date        Pain  Worst  Relief  Medicine  Sleep  Stimulation\n"
        f"{'─' * 61}\n"
        "2026-11-02     6      8     25%  As usual      6  Fine       \n"
        "2026-11-03     4            50%  Less          7  Too strong \n"
        "2026-11-04     3      5     75%  More                        \n"
        "2026-11-05     2            75%                              \n"
        "\n"
        "Average pain and relief by day\n"
        "            pain 0-10        relief 0-100%\n"
        "2026-11-02  ██████··|··  6  █████·····|··········  25%\n"
        "2026-11-03  ████····|··  4  ██████████|··········  50%\n"
        "2026-11-04  ███·····|··  3  ██████████|█████·····  75%\n"
        "2026-11-05  ██······|··  2  ██████████|█████·····  75%\n"
        "Pain: each █ is 1 point.\n"
        "| in the pain bar: your pain before the trial (8).\n"
        "Relief: each █ is 5%; | in the relief bar: the 50% mark.\n"
        "\n"
        "Summary\n"
        "4 days recorded, from 2026-11-02 to 2026-11-05.\n"
        "Your reported relief averaged 56.3%.\n"
        "Relief was 50% or more on 3 of 4 days.\n"
        "Your pain scores fell 53.1% from before the trial (from 8 to an average of 3.8).\n"
        "Trials usually look for 50% or more; your specialist will decide with you.\n"
        "Pain medicine compared with usual, in days: Less 1; As usual 1; More 1. On days \n"
        "with more medicine, some of the relief may come from the medicine.\n"
        "\n"
        "Your notes\n"
        "2026-11-02: Slept badly\n"
    )


def test_the_json_summary_is_worked_out_from_the_forms_ids(tmp_path: Path) -> None:
    started(tmp_path)
    run = paincheck(
        "diary", "show", "d.yaml", "--format", "json", "--questions", str(OTHER), cwd=tmp_path
    )
    assert (run.exit_code, run.stderr) == (0, "")
    assert json.loads(run.stdout) == {
        "diary": {"id": "clinic-daily", "version": "1"},
        "days": 4,
        "first": "2026-11-02",
        "last": "2026-11-05",
        "baseline_pain": 8,
        "pain_average_mean": 3.8,  # (6 + 4 + 3 + 2) / 4 = 3.75
        "pain_reduction_percent": 53.1,  # 100 * (8 - 3.75) / 8 = 53.125
        "relief_percent_mean": 56.3,  # (25 + 50 + 75 + 75) / 4 = 56.25
        "days_relief_at_least_50": 3,
        "medicine": {"fewer": 1, "usual": 1, "extra": 1},
        "relief_vs_50": "at_or_above",
        "pain_reduction_vs_50": "at_or_above",
        "measures_disagree": False,
        "problem_days": [{"date": "2026-11-04", "problems": ["fever"]}],
        "problems_not_answered": ["2026-11-05"],
    }


def test_the_pdf_has_the_forms_columns_with_their_values(tmp_path: Path) -> None:
    started(tmp_path)
    run = paincheck(
        "diary", "export", "d.yaml", "-o", "d.pdf", "--questions", str(OTHER), cwd=tmp_path
    )
    assert (run.exit_code, run.stderr) == (0, "Wrote d.pdf\n")
    reader = PdfReader(tmp_path / "d.pdf")
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    laid_out = reader.pages[0].extract_text(extraction_mode="layout")
    table = laid_out.split("Day by day\n")[1].split("\n Your notes")[0]
    assert cells(table) == [
        ["Date", "Pain", "Worst", "Relief", "Medicine", "Sleep", "Stimulation",
         "Better than before"],
        ["2026-11-02", "6", "8", "25%", "As usual", "6", "Fine", "Walk further"],
        ["2026-11-03", "4", "", "50%", "Less", "7", "Too strong", "Walk further, Do chores"],
        ["2026-11-04", "3", "5", "75%", "More", "", "", ""],
        ["2026-11-05", "2", "", "75%", "", "", "", ""],
    ]  # fmt: skip
    assert "Name: Ana Ruiz · Pain before the trial: 8 out of 10" in text
    assert "Safety check\n 2026-11-04: A fever\n 2026-11-05: Safety check not answered" in text
    summary = text.split("Summary\n")[1].split("\nDay by day")[0]
    assert " ".join(summary.split()) == (
        "4 days recorded, from 2026-11-02 to 2026-11-05. Your reported relief averaged 56.3%. "
        "Relief was 50% or more on 3 of 4 days. Your pain scores fell 53.1% from before the "
        "trial (from 8 to an average of 3.8). Trials usually look for 50% or more; your "
        "specialist will decide with you. Pain medicine compared with usual, in days: Less 1; "
        "As usual 1; More 1. On days with more medicine, some of the relief may come from the "
        "medicine."
    )
    assert text.endswith(
        "Your notes\n 2026-11-02: Slept badly\n \n"
        f"paincheck · clinic-daily version 1 · {date.today()}\nPage 1 of 1\n"
    )


@pytest.mark.parametrize("roles", ["all", "needed"])
def test_a_long_diary_of_the_other_form_is_summed_up_by_week(tmp_path: Path, roles: str) -> None:
    form = OTHER if roles == "all" else needed_roles_only(tmp_path)
    diary = tmp_path / "long.yaml"
    lines = ["diary: clinic-daily", "baseline: {pain_average: 8}", "entries:"]
    first = date(2026, 6, 1)  # a Monday
    for n in range(120):
        lines.append(
            f"- {{date: {first + timedelta(days=n)}, answers: {{wound_check: [nothing], "
            f"usual_pain: {n % 7}, worst_hurt: 9, relief_pct: 50, meds: {'extra' if n % 7 == 0 else 'usual'}, "
            f"rest_hours: 7}}}}"
        )
    diary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = paincheck(
        "diary", "export", "long.yaml", "-o", "long.pdf", "--questions", str(form), cwd=tmp_path
    )
    assert (run.exit_code, run.stderr) == (0, "Wrote long.pdf\n")
    pages = PdfReader(tmp_path / "long.pdf").pages
    text = "\n".join(p.extract_text(extraction_mode="layout") for p in pages)
    table = text.split("Week by week\n")[1].split("\n   Week of")[1].split("\npaincheck ·")[0]
    # every week of the form: 7 days, pains 0..6 (mean 3), one day of extra medicine; the
    # last one (Monday 28 September) has one day
    rows = cells("   Week of" + table)
    intro = " ".join(text.split("Week by week\n")[1].split("\n   Week of")[0].split())
    if roles == "all":
        assert intro == (
            "Each row sums up one week (Monday to Sunday): the average of the days written "
            "down, the worst pain of the week, and the days with more pain medicine than usual."
        )
        assert rows[0] == ["Week of", "Days", "Pain", "Worst", "Relief",
                           "Days with more medicine", "Sleep"]  # fmt: skip
        assert rows[-2:] == [
            ["2026-09-21", "7", "3", "9", "50%", "1", "7"],
            ["2026-09-28", "1", "0", "9", "50%", "1", "7"],
        ]
    else:  # no worst pain, medicine or sleep: neither their columns nor their words
        assert intro == (
            "Each row sums up one week (Monday to Sunday): the average of the days written down."
        )
        assert rows[0] == ["Week of", "Days", "Pain", "Relief"]
        assert rows[-2:] == [["2026-09-21", "7", "3", "50%"], ["2026-09-28", "1", "0", "50%"]]


def test_fhir_answers_carry_the_forms_ids(tmp_path: Path) -> None:
    started(tmp_path)
    run = paincheck(
        "diary", "export", "d.yaml", "--format", "fhir", "-o", "-", "--questions", str(OTHER),
        cwd=tmp_path,
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    bundle = json.loads(run.stdout)
    responses = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] != "Observation"
    ]
    first = {
        item["linkId"]: item["answer"] for part in responses[0]["item"] for item in part["item"]
    }
    assert list(first) == [
        "wound_check", "usual_pain", "worst_hurt", "relief_pct", "meds", "mood", "rest_hours",
        "stim_feel", "could_do", "diary_note",
    ]  # fmt: skip
    assert first["usual_pain"] == [{"valueInteger": 6}]


# -- asked in the terminal --------------------------------------------------------------------

# One string per prompt: the safety check (4: nothing), pain, worst pain, relief (offered 0,
# 25, ... 100), medicine (3: more), mood (2: low), hours of sleep, the stimulator (3: turned
# off), what went better (1 and 2), the note, and the review (save).
OTHER_DAY = ["4 " + ENTER, "5" + ENTER, "7" + ENTER, "75" + ENTER, "3" + ENTER, "2" + ENTER,
             "8" + ENTER, "3" + ENTER, "1 2 " + ENTER, "Walked the dog" + ENTER, ENTER]  # fmt: skip
OTHER_ANSWERS = {
    "wound_check": ["nothing"],
    "usual_pain": 5,
    "worst_hurt": 7,
    "relief_pct": 75,
    "meds": "extra",
    "mood": "low",
    "rest_hours": 8,
    "stim_feel": "turned_off",
    "could_do": ["walk", "chores"],
    "diary_note": "Walked the dog",
}


def test_an_earlier_day_asks_the_forms_own_safety_check_about_that_day(
    other: Questionnaire,
) -> None:
    from paincheck.diary.store import new_diary
    from paincheck.interview.day import day_form

    diary = new_diary(other, None)
    earlier = day_form(View(other), diary, date(2026, 12, 4), date(2026, 12, 7))
    first = day_form(View(other), diary, date(2026, 12, 7), date(2026, 12, 7))
    asked = [form.question("wound_check") for form in (earlier, first)]
    assert [question.text("en") if question else None for question in asked] == [
        "On Friday 4 December, did you have any of these?",
        "Since the wires were put in, have you had any of these?",
    ]


@pytest.mark.timeout(60)
def test_a_day_of_the_other_form_typed_in_process(other: Questionnaire, tmp_path: Path) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from paincheck.interview.day import ask_day

    with create_pipe_input() as pipe:
        pipe.send_text("".join(OTHER_DAY))
        pipe.close()
        entry = ask_day(
            View(other),
            tmp_path / "d.yaml",
            YESTERDAY,
            resume_command="RESUME",
            input=pipe,
            output=DummyOutput(),
        )
    assert entry == Entry(YESTERDAY, OTHER_ANSWERS)


@pytest.mark.pty
@pytest.mark.timeout(120)
def test_a_day_of_the_other_form_typed_on_a_terminal(other: Questionnaire, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    from tests.helpers.terminals import run_command, screen_text, spawn

    today = date.today().isoformat()
    form = ["--questions", str(OTHER)]
    assert run_command("diary", "start", "d.yaml", *form, cwd=tmp_path).returncode == 0
    child = spawn(["diary", "add", "d.yaml", *form], tmp_path)
    child.expect_exact(other.message("diary_problems_first"))  # the form's own safety check
    child.send(OTHER_DAY[0])
    for question, keys in zip(other.questions[1:], OTHER_DAY[1:], strict=False):
        child.expect_exact(screen_text(other, question.id))
        child.send(keys)
    # the stimulator turned off, under the form's own id: the review says to call today
    child.expect_exact(other.message("diary_review_comfort"))
    child.expect_exact(other.message("interview_review_save"))
    child.send(OTHER_DAY[-1])
    child.expect_exact(f"Added {today} to d.yaml. Days in the diary: 1.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    diary = load_diary(other, tmp_path / "d.yaml", date.today()).diary
    assert [dict(e.answers) for e in diary.entries] == [OTHER_ANSWERS]


# -- a form whose roles are wrong -------------------------------------------------------------


def broken(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the other form with one line of its rules.yaml changed."""
    folder = tmp_path / "form"
    shutil.copytree(OTHER, folder)
    rules = folder / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert old in text
    rules.write_text(text.replace(old, new), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("pain: usual_pain", "pain: usual_pian",
         "report.diary.pain: 'usual_pian' is not a question of questionnaire.yaml "
         "(did you mean 'usual_pain'?)"),
        ("pain: usual_pain", "pain: meds",
         "report.diary.pain: 'meds' is a question of type single; this part needs an integer "
         "question"),
        ("sleep: rest_hours", "sleep: diary_note",
         "report.diary.sleep: 'diary_note' is a question of type text; this part needs an "
         "integer question"),
        ("{question: wound_check,", "{question: usual_pain,",
         "report.diary.safety_check.question: 'usual_pain' is a question of type integer; this "
         "part needs a multi question"),
        ("{question: meds,", "{question: wound_check,",
         "report.diary.medicine.question: 'wound_check' is a question of type multi; this part "
         "needs a single question"),
        ("notes: diary_note", "notes: mood",
         "report.diary.notes: 'mood' is a question of type single; this part needs a text "
         "question"),
        ("none: nothing}", "none: nothin}",
         "report.diary.safety_check.none: 'nothin' is not a choice of 'wound_check' "
         "(did you mean 'nothing'?)"),
        ("more: extra}", "more: more}",
         "report.diary.medicine.more: 'more' is not a choice of 'meds'"),
        ("    relief: relief_pct\n", "",
         "report.diary: 'relief' is missing"),
        ("    pain: usual_pain\n", "    pain: [usual_pain]\n",
         "report.diary: 'pain' must be one id, got ['usual_pain']"),
        ("{question: meds, more: extra}", "{question: meds}",
         "report.diary.medicine: 'more' is missing"),
        ("    sleep: rest_hours\n", "    sleep: rest_hours\n    mood: mood\n",
         "report.diary: unknown key 'mood'; allowed: activities, comfort, medicine, notes, pain, "
         "relief, safety_check, sleep, worst_pain"),
    ],
)  # fmt: skip
def test_a_wrong_role_is_one_clear_error(tmp_path: Path, old: str, new: str, says: str) -> None:
    folder = broken(tmp_path, old, new)
    diary = tmp_path / "d.yaml"
    diary.write_text("diary: clinic-daily\nentries: []\n", encoding="utf-8")
    for command in (("show", str(diary)), ("start", str(tmp_path / "new.yaml"))):
        run = run_installed("diary", *command, "--questions", str(folder))
        assert run.exit_code == 1
        assert run.stderr == f"error: {folder / 'rules.yaml'}: {says}\n"
    assert not (tmp_path / "new.yaml").exists()


def test_the_none_choice_of_the_safety_check_must_be_exclusive(tmp_path: Path) -> None:
    folder = broken(tmp_path, "none: nothing}", "none: fever}")
    run = run_installed("diary", "show", str(tmp_path / "d.yaml"), "--questions", str(folder))
    assert run.exit_code == 1
    assert run.stderr == (
        f"error: {folder / 'rules.yaml'}: report.diary.safety_check.none: choice 'fever' of "
        "'wound_check' needs 'exclusive: true' (no problem can be ticked with it)\n"
    )


def test_a_folder_that_names_no_diary_questions_is_not_a_daily_form(tmp_path: Path) -> None:
    diary = tmp_path / "d.yaml"
    checklist = ROOT / "questions"
    for command in (("show", str(diary)), ("start", str(diary))):
        run = run_installed("diary", *command, "--questions", str(checklist))
        assert run.exit_code == 1
        assert run.stderr == (
            f"error: {checklist / 'rules.yaml'}: report.diary: names no diary questions, so this "
            "folder is not a daily form: say which question is the safety check, the pain and "
            "the relief under report: diary: (see README.md in the questions folder)\n"
        )
    assert not diary.exists()


def needed_roles_only(tmp_path: Path) -> Path:
    """The other form, its rules.yaml naming only the safety check, the pain and the relief."""
    folder = broken(tmp_path, "    medicine: {question: meds, more: extra}\n", "")
    rules = folder / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    for optional in ("worst_pain", "sleep", "comfort", "activities", "notes"):
        text = re.sub(f"    {optional}: .*\n", "", text)
    rules.write_text(text, encoding="utf-8")
    assert "stim_feel" not in text and "safety_check" in text
    return folder


def test_optional_roles_may_all_be_left_out(tmp_path: Path) -> None:
    """Only the three roles the diary needs: show has pain and relief, and no medicine line."""
    folder = needed_roles_only(tmp_path)
    started_diary = tmp_path / "d.yaml"
    started_diary.write_text(
        "diary: clinic-daily\nbaseline: {pain_average: 8}\nentries:\n"
        "- {date: 2026-11-02, answers: {wound_check: [nothing], usual_pain: 4, relief_pct: 50, "
        "meds: extra, rest_hours: 6, diary_note: hello, worst_hurt: 9, stim_feel: turned_off, "
        "could_do: [walk]}}\n",
        encoding="utf-8",
    )
    run = run_installed(
        "diary", "show", str(started_diary), "--questions", str(folder), env=child_env()
    )
    assert (run.exit_code, run.stderr) == (0, "")
    after_box = run.stdout.split("Trial diary\n", 1)[1]
    assert after_box == (
        "Pain before the trial: 8 out of 10\n"
        "\n"
        "Safety check\n"
        "  No problems were marked on the days that have the safety check.\n"
        "\n"
        "Date        Pain  Relief\n"
        "────────────────────────\n"
        "2026-11-02     4     50%\n"
        "\n"
        "Average pain and relief by day\n"
        "            pain 0-10        relief 0-100%\n"
        "2026-11-02  ████····|··  4  ██████████|··········  50%\n"
        "Pain: each █ is 1 point.\n"
        "| in the pain bar: your pain before the trial (8).\n"
        "Relief: each █ is 5%; | in the relief bar: the 50% mark.\n"
        "\n"
        "Summary\n"
        "1 day recorded: 2026-11-02.\n"
        "Your reported relief averaged 50%.\n"
        "Relief was 50% or more on 1 of 1 days.\n"
        "Your pain scores fell 50% from before the trial (from 8 to an average of 4).\n"
        "That is too few days to sum up; a trial usually lasts about a week.\n"
        "Trials usually look for 50% or more; your specialist will decide with you.\n"
    )
    json_run = run_installed(
        "diary", "show", str(started_diary), "--format", "json", "--questions", str(folder)
    )
    assert json.loads(json_run.stdout)["medicine"] == {}
    pdf = tmp_path / "d.pdf"
    exported = run_installed(
        "diary", "export", str(started_diary), "-o", str(pdf), "--questions", str(folder)
    )
    assert exported.exit_code == 0, exported.stderr
    page = PdfReader(pdf).pages[0]
    text = page.extract_text()
    table = page.extract_text(extraction_mode="layout").split("Day by day\n")[1]
    assert cells(table.split("\n Your notes")[0].split("\npaincheck ·")[0]) == [
        ["Date", "Pain", "Relief"],
        ["2026-11-02", "4", "50%"],
    ]
    assert "Your notes" not in text and "Pain medicine" not in text


def test_snapshot_of_the_other_forms_show(tmp_path: Path) -> None:
    """The whole `diary show` of the other form at 40 columns (stacked rows), reviewed."""
    started(tmp_path)
    run = run_installed(
        "diary", "show", "d.yaml", "--questions", str(OTHER), cwd=tmp_path,
        env=child_env({"COLUMNS": "40"}),
    )  # fmt: skip
    assert (run.exit_code, run.stderr) == (0, "")
    assert_snapshot("diary-other-form.40.txt", run.stdout)


def test_the_diary_page_takes_its_words_from_no_terminal_view() -> None:
    """The PDF and the terminal share diary/report.py: the page loads neither Rich nor the
    terminal's diary view (a fresh interpreter, so no other test's imports count)."""
    import subprocess
    import sys

    listed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, paincheck.formats.pdf.diary; print(*sorted(sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "paincheck.diary.report" in listed
    assert [m for m in listed if m == "rich" or m == "paincheck.formats.diary_text"] == []
