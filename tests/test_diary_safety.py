"""The trial diary's safety check (diary form version 2): the question worded by day, the
urgent panel with the diary's advice, a day saved by a stop, the When-to-call box, the
summary's problem days, version 1 diaries; and the day named on every screen."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input

from paincheck.answers.checking import Answers
from paincheck.diary.store import (
    Baseline,
    Entry,
    diary_form_folder,
    dump_diary,
    load_diary,
    new_diary,
    parse_diary,
)
from paincheck.errors import InterviewInterrupted, PaincheckError
from paincheck.files.reading import parse_document
from paincheck.interview import walk
from paincheck.interview.day import ask_day, day_form, day_occasion, day_words
from paincheck.interview.saving import StoppedForCare
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import PERSONAS
from tests.helpers.interview import CTRL_C, ENTER, PANEL, Screen, Typed, keys_for, typing, words
from tests.helpers.views import view_of

pytestmark = pytest.mark.timeout(30)

TODAY = date.today()
FRIDAY = date(2026, 12, 4)
DAY = {"trial_problems": ["none"], "pain_average": 4, "relief_percent": 50}


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return load_questionnaire(diary_form_folder())


def errors(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


# -- the day in words ------------------------------------------------------------------------


def test_a_day_is_named_as_people_say_it(form: Questionnaire) -> None:
    assert day_words(view_of(form, "en"), FRIDAY, date(2026, 12, 6)) == "Friday 4 December"
    assert day_words(view_of(form, "es"), FRIDAY, date(2026, 12, 6)) == "viernes 4 de diciembre"
    assert day_words(view_of(form, "en"), FRIDAY, date(2027, 1, 2)) == "Friday 4 December 2026"


def test_the_safety_question_is_worded_by_day(form: Questionnaire) -> None:
    empty = new_diary(form, Baseline(7))
    first = day_form(view_of(form, "en"), empty, TODAY, TODAY).question("trial_problems")
    assert first is not None
    assert first.text("en") == "Since the wires were put in, have you had any of these?"
    implant = new_diary(form, Baseline(7), after_implant=True)
    checkup = day_form(view_of(form, "en"), implant, TODAY, TODAY).question("trial_problems")
    assert checkup is not None
    assert checkup.text("en") == "Since the device was put in, have you had any of these?"
    later = empty.with_entry(Entry((TODAY - timedelta(days=1)).isoformat(), DAY))
    since = day_form(view_of(form, "en"), later, TODAY, TODAY).question("trial_problems")
    assert since is not None
    assert since.text("en") == "Since your last diary day, have you had any of these?"
    earlier = day_form(view_of(form, "en"), later, FRIDAY, date(2026, 12, 6)).question(
        "trial_problems"
    )
    assert earlier is not None
    assert earlier.text("en") == "On Friday 4 December, did you have any of these?"


@pytest.mark.parametrize("lang, today_word", [("en", "today"), ("es", "hoy")])
def test_an_earlier_day_never_says_today(form: Questionnaire, lang: str, today_word: str) -> None:
    worded = day_form(view_of(form, lang), new_diary(form, None), FRIDAY, date(2026, 12, 6))
    texts = [s.title(lang) for s in worded.sections]
    texts += [s.intro(lang) for s in worded.sections if s.intro is not None]
    for question in worded.questions:
        texts += [question.text(lang), question.help(lang)]
    assert [t for t in texts if today_word in t.lower()] == []
    occasion = day_occasion(view_of(form, lang), FRIDAY, date(2026, 12, 6))
    said = [occasion.banner, occasion.go_on, occasion.extra]
    assert all(s and today_word not in s.split(".")[0].lower() for s in said[:2]), said
    assert day_words(view_of(form, lang), FRIDAY, date(2026, 12, 6)) in str(occasion.banner)


# -- the day in the terminal -----------------------------------------------------------------


def ask_on(
    form: Questionnaire,
    screen: Screen,
    keys: list[Typed],
    diary: Path,
    day: date,
    start: dict[str, Any] | None = None,
) -> Entry:
    worded = day_form(view_of(form, "en"), new_diary(form, Baseline(7)), day, TODAY)
    occasion = day_occasion(view_of(form, "en"), day, TODAY)
    with create_pipe_input() as pipe, typing(pipe, keys):
        return ask_day(
            view_of(worded, "en"),
            diary,
            day.isoformat(),
            resume_command="RESUME",
            start=start,
            occasion=occasion,
            input=pipe,
            output=screen.output,
        )


def diary_panel(form: Questionnaire, *ids: str, go_on: str, extra: list[str]) -> list[str]:
    question = form.question("trial_problems")
    assert question is not None
    flags = form.rules.flags["urgent"]
    lines = ["WARNING: Get medical care now.", flags.message("en"), *extra]
    for choice_id in ids:
        lines.append("• " + question.choice(choice_id).label("en"))  # type: ignore[union-attr]
        lines.append("→ " + flags.advice[choice_id]("en"))
    return [
        *lines,
        "> 1. Stop here and get care now",
        f"2. {go_on}",
        "3. I ticked this by mistake",
        "Use the arrow keys or type a number, then press Enter.",
    ]


def test_a_problem_today_shows_the_panel_with_the_diarys_advice_and_stop_keeps_it(
    form: Questionnaire, tmp_path: Path
) -> None:
    screen = Screen()
    keys: list[Typed] = ["1 5 " + ENTER, PANEL, screen.look, ENTER]
    with pytest.raises(StoppedForCare) as stop:
        ask_on(form, screen, keys, tmp_path / "trial.yaml", TODAY)
    expected = diary_panel(
        form,
        "fever_chills",
        "bladder_bowel_change",
        go_on="Go on with today's questions",
        extra=[],
    )
    assert words(screen.looks[0]) == words(expected)
    assert stop.value.answers.values == {"trial_problems": ["fever_chills", "bladder_bowel_change"]}


def test_an_earlier_day_adds_its_line_and_go_on_asks_the_rest(
    form: Questionnaire, tmp_path: Path
) -> None:
    screen = Screen()
    day = TODAY - timedelta(days=3)
    named = day_words(view_of(form, "en"), day, TODAY)
    keys: list[Typed] = ["3 " + ENTER, PANEL, screen.look, "2" + ENTER, CTRL_C]
    with pytest.raises(InterviewInterrupted):  # at the next question
        ask_on(form, screen, keys, tmp_path / "trial.yaml", day)
    expected = diary_panel(
        form,
        "dressing_or_lead_problem",
        go_on=f"Go on with the questions about {named}",
        extra=[
            "If it is still going on, do this now. If it has stopped, still tell your "
            "implant team today."
        ],
    )
    assert words(screen.looks[0]) == words(expected)


def test_a_day_saved_by_stop_asks_only_the_rest_after_the_panel(
    form: Questionnaire, tmp_path: Path
) -> None:
    """`diary add --date D` for a stopped day: the panel first, then the questions not yet
    answered, and the answers given before are kept."""
    given = {"pain_average": 4, "relief_percent": 60}
    rest = [keys_for(qn, given.get(qn.id), given, form) for qn in form.questions[1:]]
    keys: list[Typed] = [PANEL, "2" + ENTER, *rest, ENTER]  # and save on the review
    start = {"trial_problems": ["new_headache"]}
    entry = ask_on(form, Screen(), keys, tmp_path / "trial.yaml", TODAY, start=start)
    assert dict(entry.answers) == {
        "trial_problems": ["new_headache"],
        "pain_average": 4,
        "relief_percent": 60,
    }


@pytest.mark.parametrize("comfort, noted", [("3", True), ("4", True), ("1", False)])
def test_the_review_says_to_call_today_after_a_day_the_stimulation_hurt(
    form: Questionnaire, tmp_path: Path, comfort: str, noted: bool
) -> None:
    screen = Screen(30, 100)
    given = {"trial_problems": ["none"], "pain_average": 4, "relief_percent": 50}
    given["stimulation_comfort"] = ["comfortable", "", "uncomfortable", "switched_off"][
        int(comfort) - 1
    ]
    keys = [keys_for(qn, given.get(qn.id), given, form) for qn in form.questions]
    with pytest.raises(InterviewInterrupted):  # the input ends on the review
        ask_on(form, screen, keys, tmp_path / "trial.yaml", TODAY)
    shown = words([re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", " ", screen.written.getvalue())])
    note = "Call your implant team today: the stimulation hurts or is switched off."
    assert (note in shown) is noted
    assert "Compared with before the trial, how much has your usual pain been relieved" in shown
    assert "[50%]" in shown  # relief reads as a percentage on the review


# -- typed answers that are nearly right -----------------------------------------------------


def test_a_decimal_gets_told_exactly_what_to_type(form: Questionnaire) -> None:
    sleep = form.question("sleep_hours")
    assert sleep is not None
    for typed in ("6.5", "6,5"):
        value, problem = walk.check_typed(view_of(form, "en"), sleep, typed, {})
        assert (value, problem) == (None, "Please type a whole number: 6 or 7.")
    _, spanish = walk.check_typed(view_of(form, "es"), sleep, "6.5", {})
    assert spanish == "Por favor, escriba un número entero: 6 o 7."
    relief = form.question("relief_percent")
    assert relief is not None
    assert walk.check_typed(view_of(form, "en"), relief, "60%", {}) == (60, None)


def test_relief_typed_with_a_percent_sign_in_plain(
    form: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["8", "4", "", "70%", "", "", "", "", "", "0"]
    with create_pipe_input() as pipe:
        pipe.send_text("".join(line + "\n" for line in lines))
        pipe.close()
        entry = ask_day(
            view_of(form, "en"),
            tmp_path / "t.yaml",
            TODAY.isoformat(),
            resume_command="R",
            input=pipe,
            plain=True,
        )
    assert entry.answers["relief_percent"] == 70
    assert "not one of the numbers" not in capsys.readouterr().out


# -- the diary file --------------------------------------------------------------------------


def test_a_version_1_diary_loads_and_its_days_say_not_answered(
    cli: Any, form: Questionnaire, tmp_path: Path
) -> None:
    diary = tmp_path / "old.yaml"
    diary.write_text(
        "diary: drg-trial\nversion: '1'\nbaseline: {pain_average: 6}\nentries:\n"
        "- {date: '2026-11-02', answers: {pain_average: 4, relief_percent: 40}}\n"
        "- {date: '2026-11-03', answers: {pain_average: 3, relief_percent: 50}}\n"
    )
    shown = cli("diary", "show", str(diary))
    assert shown.exit_code == 0, shown.stderr
    assert "2026-11-02: Safety check not answered" in shown.stdout
    assert "2026-11-03: Safety check not answered" in shown.stdout
    assert "No problems" not in shown.stdout
    as_json = json.loads(cli("diary", "show", str(diary), "--format", "json").stdout)
    assert as_json["problem_days"] == []
    assert as_json["problems_not_answered"] == ["2026-11-02", "2026-11-03"]


def test_problem_days_come_first_in_show(cli: Any, tmp_path: Path) -> None:
    diary = tmp_path / "d.yaml"
    diary.write_text(
        "diary: drg-trial\nversion: '2'\nentries:\n"
        "- {date: '2026-11-02', answers: {trial_problems: [none], pain_average: 4,"
        " relief_percent: 40}}\n"
        "- {date: '2026-11-03', status: in_progress, answers: {trial_problems: [fever_chills]}}\n"
    )
    shown = cli("diary", "show", str(diary))
    assert shown.exit_code == 0, shown.stderr
    text = " ".join(shown.stdout.split())
    assert text.index("When to call") < text.index("Safety check")
    assert "2026-11-03: Fever or chills (not finished: stopped to get care)" in text
    assert text.index("Safety check") < text.index("Date Pain Worst")
    as_json = json.loads(cli("diary", "show", str(diary), "--format", "json").stdout)
    assert as_json["problem_days"] == [{"date": "2026-11-03", "problems": ["fever_chills"]}]
    assert as_json["days"] == 2 and as_json["relief_percent_mean"] == 40.0


def test_a_stopped_day_is_kept_as_unfinished_and_loads_back(form: Questionnaire) -> None:
    diary = new_diary(form, Baseline(7), name="Ana", after_implant=True)
    diary = diary.with_entry(
        Entry("2026-11-03", {"trial_problems": ["new_back_pain"]}, "in_progress")
    )
    text = dump_diary(form, diary)
    assert "status: in_progress" in text and "name: Ana" in text and "after_implant: true" in text
    again = parse_diary(form, parse_document(text.encode(), "d.yaml"), "d.yaml", TODAY).diary
    assert again == diary
    finished = text.replace("  status: in_progress\n", "")
    with pytest.raises(PaincheckError) as caught:
        parse_diary(form, parse_document(finished.encode(), "d.yaml"), "d.yaml", TODAY)
    assert str(caught.value.problems[0]) == (
        "d.yaml: 2026-11-03: pain_average: is missing; every day needs an answer to it"
    )


def test_add_answers_without_the_safety_check_warns_naming_the_date(
    cli: Any, tmp_path: Path
) -> None:
    diary = tmp_path / "trial.yaml"
    cli("diary", "start", str(diary), "--baseline-pain", "7")
    day = tmp_path / "day.yaml"
    day.write_text("answers: {pain_average: 4, relief_percent: 50}\n")
    added = cli("diary", "add", str(diary), "--answers", str(day), "--date", "2026-11-02")
    assert added.exit_code == 0
    assert [line for line in added.stderr.splitlines() if line.startswith("warning")] == [
        f"warning: {day}: 2026-11-02: trial_problems: has no answer; the day is kept, and "
        'shows "Safety check not answered"'
    ]


def test_a_stopped_day_is_finished_from_a_file_without_force(cli: Any, tmp_path: Path) -> None:
    diary = tmp_path / "trial.yaml"
    diary.write_text(
        "diary: drg-trial\nversion: '2'\nentries:\n"
        "- {date: '2026-11-03', status: in_progress, answers: {trial_problems: [fever_chills]}}\n"
    )
    day = tmp_path / "day.yaml"
    day.write_text(
        "answers: {trial_problems: [fever_chills], pain_average: 4, relief_percent: 50}\n"
    )
    added = cli("diary", "add", str(diary), "--answers", str(day), "--date", "2026-11-03")
    assert added.exit_code == 0, added.stderr
    entry = load_diary(load_questionnaire(diary_form_folder()), diary, TODAY).diary.entries[0]
    assert (entry.status, entry.answers["pain_average"]) == ("complete", 4)


def test_start_names_the_diary_and_prints_when_to_call(cli: Any, tmp_path: Path) -> None:
    diary = tmp_path / "trial.yaml"
    result = cli("diary", "start", str(diary), "--from", str(PERSONAS / "foot-after-fracture.yaml"))
    assert result.exit_code == 0, result.stderr
    assert "name: Maria Lopez" in diary.read_text()
    shown = " ".join(result.stdout.split())
    assert "When to call" in shown
    assert "redness or fluid where the wires come out" in shown
    assert "This applies during the trial and for a few weeks after the wires come out." in shown
    named = cli(
        "diary",
        "start",
        str(tmp_path / "b.yaml"),
        "--baseline-pain",
        "5",
        "--name",
        "Jo",
        "--after-implant",
    )
    assert named.exit_code == 0
    shown = " ".join(named.stdout.split())
    assert "where the device was put in" in shown and "wires" not in shown
    assert "name: Jo\nafter_implant: true\n" in (tmp_path / "b.yaml").read_text()


def test_summary_given_a_diary_points_to_diary_show(cli: Any) -> None:
    sample = Path(__file__).parents[1] / "questions" / "samples" / "trial-diary.yaml"
    result = cli("summary", str(sample))
    assert result.exit_code == 1
    assert errors(result) == [
        f"error: {sample}: is a trial diary, not an answers file; to see it, run: "
        f"paincheck diary show {sample}"
    ]


def test_the_baseline_observation_uses_the_checklists_pain_code(
    questionnaire: Questionnaire,
) -> None:
    from paincheck.formats.fhir import PAIN_SEVERITY

    codes = [q.code for q in questionnaire.questions if q.code and q.code.code == "72514-3"]
    assert (
        codes
        and {
            "system": codes[0].system,
            "code": codes[0].code,
            "display": codes[0].display,
        }
        == PAIN_SEVERITY
    )


def test_the_review_shows_relief_as_a_percentage(form: Questionnaire) -> None:
    lines = walk.review_lines(view_of(form, "en"), {**DAY, "relief_percent": 50})
    relief = next(
        line.text for line in lines if line.question and line.question.id == "relief_percent"
    )
    assert relief.endswith("[50%]")
    assert walk.review_lines(view_of(form, "es"), Answers(DAY).values)  # Spanish reads too


# -- after an implant: "where the device was put in" --------------------------------------------


@pytest.mark.parametrize(("lang", "trial_word"), [("en", "wire"), ("es", "cable")])
def test_after_an_implant_the_safety_check_never_speaks_of_wires(
    form: Questionnaire, lang: str, trial_word: str
) -> None:
    """A diary for check-ups after a permanent implant (no wires come out): every choice of
    the safety check and every advice line says where the device was put in; the ids and
    the trial diary's words stay."""
    from paincheck.diary.store import diary_form

    diary = new_diary(form, Baseline(7), after_implant=True)
    implant = diary_form(form, diary, asking=True)
    question, trial = implant.question("trial_problems"), form.question("trial_problems")
    assert question is not None and trial is not None
    # no dressing or wire comes out after an implant: that choice is not offered
    assert [c.id for c in question.choices] == [
        c.id for c in trial.choices if c.id != "dressing_or_lead_problem"
    ]
    labels = [c.label(lang) for c in question.choices]
    advice = [text(lang) for text in implant.rules.flags["urgent"].advice.values()]
    assert [t for t in labels + advice if trial_word in t.lower()] == []
    device = "where the device was put in" if lang == "en" else "donde le pusieron el aparato"
    for choice_id in ("wound_site_problem", "new_back_pain"):
        assert device in question.choice(choice_id).label(lang)  # type: ignore[union-attr]
    assert device in implant.rules.flags["urgent"].advice["fever_chills"](lang)
    trial_labels = [c.label(lang) for c in trial.choices]
    assert any(trial_word in t.lower() for t in trial_labels)  # the trial keeps its words
    assert diary_form(form, new_diary(form, Baseline(7))) is form
    # a day already holding the choice (a file, an older diary) reads under the trial's words
    shown = diary_form(form, diary).question("trial_problems")
    assert shown is not None and shown.choice("dressing_or_lead_problem") == trial.choice(
        "dressing_or_lead_problem"
    )


def test_after_an_implant_the_day_and_show_say_where_the_device_was_put_in(
    form: Questionnaire, cli: Any, tmp_path: Path
) -> None:
    """On the terminal (the safety check's screen and its panel) and in `diary show`."""
    worded = day_form(
        view_of(form, "en"), new_diary(form, Baseline(7), after_implant=True), TODAY, TODAY
    )
    screen = Screen(rows=40, columns=100)
    keys: list[Typed] = ["2 " + ENTER, PANEL, screen.look, ENTER]
    with pytest.raises(StoppedForCare), create_pipe_input() as pipe, typing(pipe, keys):
        ask_day(
            view_of(worded, "en"), tmp_path / "d.yaml", TODAY.isoformat(),
            resume_command="R", input=pipe, output=screen.output,
        )  # fmt: skip
    panel = "\n".join(screen.looks[-1])
    assert "• Redness, swelling or fluid where the device was put in" in panel
    assert "where the device was put in, a headache or back pain" not in panel  # its own advice
    assert "wire" not in panel.lower()

    diary = tmp_path / "implant.yaml"
    cli("diary", "start", str(diary), "--baseline-pain", "7", "--after-implant")
    day = tmp_path / "day.yaml"
    day.write_text(
        "answers: {trial_problems: [new_back_pain], pain_average: 4, relief_percent: 50}\n"
    )
    assert (
        cli("diary", "add", str(diary), "--answers", str(day), "--date", "2026-11-02").exit_code
        == 0
    )
    text = " ".join(cli("diary", "show", str(diary)).stdout.split())
    assert (
        "2026-11-02: New or much worse pain where the device was put in (in your back or over the"
        " battery)" in text
    )
    assert "wire" not in text.lower()


# -- a day from a file with a problem: the advice, plainly ----------------------------------------


@pytest.mark.parametrize("when", ["earlier", "today"])
def test_add_answers_with_a_problem_prints_the_panels_advice_on_standard_output(
    form: Questionnaire, cli: Any, tmp_path: Path, when: str
) -> None:
    """A nurse scripting the diary sees what the panel would have said, as plain lines on
    standard output before "Added" (an earlier day with the panel's line for it), exit 0;
    a day without problems prints only "Added"."""
    diary = tmp_path / "trial.yaml"
    cli("diary", "start", str(diary), "--baseline-pain", "7")
    day = tmp_path / "day.yaml"
    day.write_text(
        "answers: {trial_problems: [fever_chills, new_back_pain], pain_average: 4,"
        " relief_percent: 50}\n"
    )
    dated = ["--date", "2026-11-02"] if when == "earlier" else []
    added = cli("diary", "add", str(diary), "--answers", str(day), *dated)
    assert added.exit_code == 0, added.stderr
    flags = form.rules.flags["urgent"]
    question = form.question("trial_problems")
    assert question is not None
    earlier = [form.message("diary_panel_earlier", "en")] if when == "earlier" else []
    lines = ["WARNING: Get medical care now.", flags.message("en"), *earlier]
    for sign in ("fever_chills", "new_back_pain"):
        label = question.choice(sign).label("en")  # type: ignore[union-attr]
        lines += [f"• {label}", f"  → {flags.advice[sign]('en')}"]
    date_added = "2026-11-02" if when == "earlier" else TODAY.isoformat()
    lines.append(f"Added {date_added} to {diary}. Days in the diary: 1.")
    assert added.stdout.splitlines() == lines, added.stdout

    day.write_text("answers: {trial_problems: [none], pain_average: 4, relief_percent: 50}\n")
    quiet = cli("diary", "add", str(diary), "--answers", str(day), "--date", "2026-11-03")
    assert quiet.stdout == f"Added 2026-11-03 to {diary}. Days in the diary: 2.\n"
