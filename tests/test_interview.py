"""The interview, driven in-process through prompt_toolkit's pipe input, as a patient would type."""

from __future__ import annotations

import io
import json
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from paincheck.answers.checking import Answers, shown_questions
from paincheck.answers.loading import load_answers
from paincheck.errors import ExitCode, InterviewInterrupted, PaincheckError
from paincheck.evaluation import evaluate, to_json
from paincheck.interview import asking, closing, progress, saving, walk
from paincheck.questionnaire import Questionnaire
from paincheck.questionnaire.conditions import Value
from tests.helpers import PERSONA_NAMES, PERSONAS
from tests.helpers.interview import (
    BACKSPACE,
    CTRL_C,
    DOWN,
    ENTER,
    PAIN,
    START,
    Typed,
    answered_in_full,
    finished,
    panel_go_on,
    typed_walk,
    typing,
)
from tests.helpers.views import view_of

pytestmark = pytest.mark.timeout(30)
TODAY = date.today().isoformat()  # what `date` a file saved now says

LIST_BACK = "<"
TEXT_BACK = "<"  # before typing anything


def drive(
    q: Questionnaire, keys: Sequence[Typed] | str, path: Path, initial: Answers | None = None
) -> Answers:
    """Run the interview on typed keys; the input ends after them (so a missing key fails fast)."""
    with create_pipe_input() as pipe, typing(pipe, keys):
        return walk.run_interview(
            view_of(q, "en"), initial or Answers(), path, input=pipe, output=DummyOutput()
        )


def stopped(q: Questionnaire, keys: Sequence[str] | str, path: Path, **kw: Any) -> str:
    with pytest.raises(InterviewInterrupted) as caught:
        drive(q, keys, path, **kw)
    assert caught.value.exit_code == ExitCode.INTERRUPTED
    return str(caught.value)


def saved(q: Questionnaire, path: Path) -> Answers:
    return load_answers(q, path).answers


# -- the whole interview ----------------------------------------------------------------


PROMPTS_PER_PERSONA = {"back-recent": 33, "foot-after-fracture": 37, "knee-urgent": 35}


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_typing_a_persona_from_empty_saves_the_same_answers_and_summary(
    questionnaire: Questionnaire, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answers and summary are those of the file; the prompts asked are one per shown
    question, plus the review (and the warning acknowledgement when a flagged sign is chosen).
    The counts are in the report. One interview checks both: each one costs seconds."""
    counted: list[str] = []
    original: Callable[..., Any] = asking.ask

    def spy(*args: Any, **kw: Any) -> Any:
        counted.append("prompt")
        return original(*args, **kw)

    monkeypatch.setattr(asking, "ask", spy)
    expected = load_answers(questionnaire, PERSONAS / f"{name}.yaml").answers
    path = tmp_path / "answers.yaml"
    result = drive(questionnaire, typed_walk(questionnaire, expected.values), path)
    assert dict(result.values) == dict(expected.values)
    assert saved(questionnaire, path) == Answers(expected.values, "complete", TODAY)
    assert to_json(evaluate(questionnaire, result)) == {
        **to_json(evaluate(questionnaire, expected)),
        "date": TODAY,
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    shown, _ = shown_questions(questionnaire, expected.values)
    flags = 1 if any(walk.flagged_choices(s, expected.get(s.id)) for s in shown) else 0
    assert len(counted) == len(shown) + 1 + flags == PROMPTS_PER_PERSONA[name]


def test_prompt_counts_cover_every_persona() -> None:
    assert sorted(PROMPTS_PER_PERSONA) == PERSONA_NAMES


# -- each kind of prompt ----------------------------------------------------------------


def test_text_and_number_and_single_answers_are_saved(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    stopped(q, [*START, CTRL_C], path)
    assert saved(q, path).values == {"name": "Ana", "age": 52, "completed_by": "self"}


@pytest.fixture
def typed_problems(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The problem shown for each typed answer, in order ("" when it was accepted)."""
    shown: list[str] = []
    original = walk.check_typed

    def spy(*args: Any) -> Any:
        value, problem = original(*args)
        shown.append(problem or "")
        return value, problem

    monkeypatch.setattr(walk, "check_typed", spy)
    return shown


def test_a_too_long_text_is_refused_until_shortened(
    q: Questionnaire, tmp_path: Path, typed_problems: list[str]
) -> None:
    """Every text answer takes at most 500 characters (the contract), `name` too."""
    path = tmp_path / "a.yaml"
    stopped(q, ["x" * 501 + ENTER, BACKSPACE + ENTER, CTRL_C], path)
    assert typed_problems[:2] == ["Please keep it to 500 characters or fewer (this is 501).", ""]
    assert saved(q, path).values == {"name": "x" * 500}


def test_text_from_a_terminal_that_is_not_utf8_is_asked_again(
    q: Questionnaire, tmp_path: Path, typed_problems: list[str]
) -> None:
    """A Latin-1 terminal sends "José" as bytes that are not UTF-8; they arrive as lone
    surrogates, which a file could hold but paincheck would refuse to read back."""
    path = tmp_path / "a.yaml"
    with create_pipe_input() as pipe:
        pipe.send_bytes(b"Jos\xe9" + ENTER.encode())
        pipe.send_text(BACKSPACE + "e" + ENTER + CTRL_C)
        pipe.close()
        with pytest.raises(InterviewInterrupted):
            walk.run_interview(view_of(q, "en"), Answers(), path, input=pipe, output=DummyOutput())
    assert typed_problems[0] == (
        "Some characters could not be read (the terminal may not be set to UTF-8). "
        "Please type the answer again."
    )
    assert saved(q, path).values == {"name": "Jose"}


def test_numbers_out_of_range_or_above_the_worst_pain_are_refused(
    q: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    keys = typed_walk(q, PAIN, until="pain_worst")
    keys += [
        "11" + ENTER + BACKSPACE * 2 + "6" + ENTER,  # 11 is refused
        "7" + ENTER + BACKSPACE + "3" + ENTER,  # 7 is more than the worst pain: refused
        CTRL_C,
    ]
    stopped(q, keys, path)
    answers = saved(q, path).values
    assert answers["pain_worst"] == 6
    assert answers["pain_least"] == 3


def test_a_required_number_is_asked_until_answered(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    keys = [*typed_walk(q, PAIN, until="pain_now"), ENTER + ENTER + "7" + ENTER, CTRL_C]
    stopped(q, keys, path)
    assert saved(q, path).values["pain_now"] == 7


def test_a_number_picks_a_choice_even_with_two_digits(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    everything = list(range(1, 19))  # every place but "all over"; then the worst is number 12
    keys = [
        *START,
        "".join(f"{n} " for n in everything) + ENTER,
        "1" + ENTER,
        "12" + ENTER,
        CTRL_C,
    ]
    stopped(q, keys, path)
    answers = saved(q, path).values
    assert answers["worst_location"] == "neck"
    assert len(answers["pain_locations"]) == 18  # type: ignore[arg-type]


def test_an_exclusive_choice_clears_the_others_and_the_others_clear_it(
    q: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    stopped(q, [*START, "1 2 19 " + ENTER, CTRL_C], path)
    assert saved(q, path).values["pain_locations"] == ["all_over"]
    stopped(q, [*START, "19 4 " + ENTER, CTRL_C], tmp_path / "b.yaml")
    assert saved(q, tmp_path / "b.yaml").values["pain_locations"] == ["knee"]


def test_toggle_choice_is_pure_and_keeps_questionnaire_order(q: Questionnaire) -> None:
    question = q.question("pain_locations")
    assert question is not None
    assert walk.toggle_choice(question, ["knee"], "foot") == ["foot", "knee"]
    assert walk.toggle_choice(question, ["foot", "knee"], "foot") == ["knee"]
    assert walk.toggle_choice(question, ["foot", "knee"], "all_over") == ["all_over"]
    assert walk.toggle_choice(question, ["all_over"], "hip") == ["hip"]


def test_enter_with_nothing_ticked_is_never_an_answer(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Item 1: Enter on a highlighted line that was not ticked records nothing. A required
    list asks again (no urgent panel for a sign never ticked); an optional one is skipped."""
    path = tmp_path / "a.yaml"
    stopped(q, [*START, "4" + ENTER, CTRL_C], path)  # pain_locations is required
    assert "pain_locations" not in saved(q, path).values
    keys = typed_walk(q, PAIN, until="warning_signs")
    stopped(q, [*keys, "1" + ENTER, CTRL_C], tmp_path / "b.yaml")  # "New numbness ..."
    assert "warning_signs" not in saved(q, tmp_path / "b.yaml").values
    assert "medical care" not in capsys.readouterr().out
    keys = typed_walk(q, PAIN, until="pain_feels_like")
    stopped(q, [*keys, "1" + ENTER, "5" + ENTER, CTRL_C], tmp_path / "c.yaml")  # optional
    answers = saved(q, tmp_path / "c.yaml").values
    assert "pain_feels_like" not in answers  # skipped: the next question took the 5
    assert answers["pain_now"] == 5


def test_several_lines_of_text_end_with_an_empty_line(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    before = {**PAIN, "warning_signs": ["none"], "treatments_tried": ["none"]}
    keys = typed_walk(q, before, until="current_medicines")
    stopped(q, [*keys, "Gabapentin 300 mg\rIbuprofen\r\r", CTRL_C], path)
    assert saved(q, path).values["current_medicines"] == "Gabapentin 300 mg\nIbuprofen"


# -- conditions, going back, review -------------------------------------------------------


def test_questions_whose_condition_fails_are_not_asked(q: Questionnaire, tmp_path: Path) -> None:
    """One low-back location: no "which hurts most", no limb-changes section."""
    target = {
        "pain_locations": ["low_back"],
        "pain_duration": "over_5_years",
        "pain_onset": "no_clear_cause",
        "pain_now": 4,
        "pain_average": 4,
        "warning_signs": ["none"],
        "treatments_tried": ["none"],
    }
    keys = typed_walk(q, target)
    path = tmp_path / "a.yaml"
    result = drive(q, keys, path)
    assert result.values == target
    shown, _ = shown_questions(q, target)
    assert {"worst_location", "limb_changes", "relief_none"}.isdisjoint(s.id for s in shown)
    assert len(keys) == len(shown) + 1


def test_going_back_several_steps_and_changing_an_early_answer(
    q: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    keys = [
        *START,  # now at pain_locations
        LIST_BACK,  # -> completed_by
        LIST_BACK,  # -> age
        TEXT_BACK,  # -> name, which shows "Ana"
        BACKSPACE * 3 + "Bea" + ENTER,
        ENTER,  # age: keep 52
        "2" + ENTER,  # completed_by: change to "with help"
        CTRL_C,
    ]
    stopped(q, keys, path)
    assert saved(q, path).values == {"name": "Bea", "age": 52, "completed_by": "with_help"}


def test_changing_an_answer_changes_the_questions_after_it(
    q: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    keys = [
        *START,
        "1 " + ENTER,  # foot only: no "which hurts most"
        "1" + ENTER,  # pain_side, now at pain_duration
        LIST_BACK,  # -> pain_side
        LIST_BACK,  # -> pain_locations
        "2 " + ENTER,  # foot and ankle
        ENTER,  # pain_side kept
        "2" + ENTER,  # worst_location is asked now: ankle
        CTRL_C,
    ]
    stopped(q, keys, path)
    answers = saved(q, path).values
    assert answers["pain_locations"] == ["foot", "ankle"]
    assert answers["worst_location"] == "ankle"


def test_review_edit_asks_the_new_questions_then_returns_to_the_review(
    q: Questionnaire, tmp_path: Path
) -> None:
    persona = answered_in_full(q)
    path = tmp_path / "a.yaml"
    lines = walk.review_lines(view_of(q, "en"), persona.values)
    numbered = [line.question.id for line in lines if line.question is not None]
    treatments = numbered.index("treatments_tried") + 1
    keys = [
        f"{treatments}{ENTER}",  # the review opens at once: everything is answered
        "6 " + ENTER,  # tick surgery too
        "2" + ENTER,  # relief_surgery, a new question: "A little"
        ENTER,  # back in the review: save
    ]
    result = drive(q, keys, path, initial=persona)
    assert result.values["treatments_tried"] == [
        "otc_medicines",
        "nerve_pain_medicines",
        "physical_therapy",
        "injections_nerve_blocks",
        "surgery",
    ]
    assert result.values["relief_surgery"] == "little"
    assert {k: v for k, v in result.values.items() if not k.endswith(("_tried", "_surgery"))} == {
        k: v for k, v in persona.values.items() if k != "treatments_tried"
    }
    assert saved(q, path).status == "complete"


def test_review_edit_of_the_places_drops_a_worst_place_no_longer_chosen(
    q: Questionnaire, tmp_path: Path
) -> None:
    persona = answered_in_full(q)
    path = tmp_path / "a.yaml"
    keys = ["4" + ENTER, "1 4 " + ENTER, "2" + ENTER, ENTER]  # ankle, knee; worst: knee
    result = drive(q, keys, path, initial=persona)
    assert result.values["pain_locations"] == ["ankle", "knee"]
    assert result.values["worst_location"] == "knee"


def test_back_from_a_question_picked_in_the_review_returns_unchanged(
    q: Questionnaire, tmp_path: Path
) -> None:
    persona = answered_in_full(q)
    keys = ["1" + ENTER, "<", "3" + ENTER, LIST_BACK, ENTER]  # name, then completed_by: back
    result = drive(q, keys, tmp_path / "a.yaml", initial=persona)
    assert result == Answers(persona.values, "complete", TODAY)  # undated: today's date


def test_no_panel_when_no_sign_is_chosen(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = [*typed_walk(q, PAIN, until="warning_signs"), "11 " + ENTER, CTRL_C]
    stopped(q, keys, tmp_path / "a.yaml")
    assert "medical care" not in capsys.readouterr().out
    assert saved(q, tmp_path / "a.yaml").values["warning_signs"] == ["none"]


# -- stopping and resuming ------------------------------------------------------------------


def test_ctrl_c_saves_in_progress_and_resuming_asks_only_the_rest(
    q: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    message = stopped(q, [*START, CTRL_C], path)
    assert message == f"{path}: stopped; your answers so far (3) are saved in this file."
    first = saved(q, path)
    assert first.status == "in_progress"
    persona = load_answers(q, PERSONAS / "back-recent.yaml").answers
    rest = typed_walk(q, persona.values, given=first.values)  # asks only the rest
    result = drive(q, rest, path, initial=first)
    assert dict(result.values) == {**first.values, **persona.values}
    assert saved(q, path).status == "complete"


def test_end_of_input_saves_like_ctrl_c(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    stopped(q, START, path)  # the input ends at pain_locations
    assert saved(q, path) == Answers(
        {"name": "Ana", "age": 52, "completed_by": "self"}, "in_progress", TODAY
    )


# -- the command ----------------------------------------------------------------------------


def test_run_without_a_terminal_names_the_missing_questions(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = cli("run", "--answers", str(PERSONAS / "knee-urgent.yaml"), "--save", str(path))
    assert result.exit_code == 1
    assert "not a terminal" in result.stderr
    assert "name, age, completed_by, onset_detail" in result.stderr
    assert "--answers FILE" in result.stderr
    assert not path.exists()


def test_run_without_a_terminal_finishes_when_nothing_is_left(cli: Any, tmp_path: Path) -> None:
    source = tmp_path / "full.yaml"
    source.write_text(
        (PERSONAS / "foot-after-fracture.yaml").read_text() + "  crps_diagnosis: not_sure\n"
    )
    path = tmp_path / "saved.yaml"
    result = cli("run", "--answers", str(source), "--save", str(path))
    assert result.exit_code == 0, result.output
    assert "The criteria" in result.stdout
    # Rich wraps a long path anywhere; compare with the line breaks taken out.
    assert f"savedin{path}" in "".join(result.stdout.split())
    summary = json.loads(cli("summary", str(path), "--format", "json").stdout)
    original = json.loads(cli("summary", str(source), "--format", "json").stdout)
    assert summary == {**original, "date": TODAY}  # the source had no date: today's is written


def test_resuming_keeps_the_day_of_the_last_answer(q: Questionnaire, tmp_path: Path) -> None:
    """`date` is the day of the last answer given or changed: resuming without a new answer
    keeps the file's day; one more answer makes it today."""
    earlier = Answers(answered_in_full(q).values, "complete", "2026-01-05")
    path = tmp_path / "a.yaml"
    drive(q, [ENTER], path, initial=earlier)  # the review only: save and finish
    assert saved(q, path).date == "2026-01-05"
    drive(q, [ENTER], path, initial=saved(q, path))
    assert saved(q, path).date == "2026-01-05"
    unfinished = Answers({"name": "Ana"}, "in_progress", "2026-01-05")
    stopped(q, ["52" + ENTER, CTRL_C], path, initial=unfinished)
    assert saved(q, path) == Answers({"name": "Ana", "age": 52}, "in_progress", TODAY)
    assert f"\ndate: '{TODAY}'\n" in path.read_text(encoding="utf-8")


def test_run_never_overwrites_another_save_file(cli: Any, tmp_path: Path) -> None:
    existing = tmp_path / "old.yaml"
    existing.write_text("answers: {}\n")
    result = cli("run", "--save", str(existing))
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert existing.read_text() == "answers: {}\n"


def test_resuming_may_overwrite_its_own_file(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("answers: {}\n")
    now = datetime(2026, 11, 26, 15, 30)
    assert saving.choose_save_path(view_of(q, "en"), path, path, tmp_path, now) == path
    with pytest.raises(PaincheckError, match="already exists"):
        saving.choose_save_path(view_of(q, "en"), None, path, tmp_path, now)
    with pytest.raises(PaincheckError, match="does not exist"):
        saving.choose_save_path(view_of(q, "en"), None, tmp_path / "no" / "a.yaml", tmp_path, now)


def test_the_default_save_file_is_new_and_dated(q: Questionnaire, tmp_path: Path) -> None:
    now = datetime(2026, 11, 26, 15, 30)
    first = saving.choose_save_path(view_of(q, "en"), None, None, tmp_path, now)
    assert first == tmp_path / "paincheck-answers-2026-11-26-1530.yaml"
    first.write_text("")
    assert (
        saving.default_save_path(tmp_path, now).name == "paincheck-answers-2026-11-26-1530-2.yaml"
    )


def closing_text(q: Questionnaire, name: str, lang: str = "en") -> str:
    from rich.console import Console

    assessment = evaluate(q, load_answers(q, PERSONAS / f"{name}.yaml").answers)
    console = Console(width=80, record=True, file=io.StringIO())
    for part in closing.closing(assessment, Path("mine.yaml"), view_of(assessment, lang)):
        console.print(part)
    return console.export_text()


def test_the_closing_screen_fits_80x24_with_the_verdict_and_its_caveats(q: Questionnaire) -> None:
    """Item 7: the overall line, each criterion's status and where the answers are, not
    the 95-line summary; the closing menu (4 lines) fits under it. Contract v3: the caveats
    sit right under the verdict."""
    assert closing_text(q, "foot-after-fracture") == (
        "What your answers show: Your answers line up with the criteria below. DRG \n"
        "therapy may be worth discussing with your pain specialist.\n"
        'In the US, the approval is narrower than the criteria above: see "What the US \n'
        'approval says" below. Your specialist can tell you what this means for you.\n'
        "The criteria:\n"
        "  ✔ Met          Pain for six months or more\n"
        "  ✔ Met          Pain in one part of the lower body\n"
        "  ✔ Met          Pain began after an injury or surgery\n"
        "  ✔ Met          Little or no relief from other treatments\n"
        "  ✔ Met          Moderate or severe pain\n"
        "What the US approval says:\n"
        "  ✔ Met          The approval is for adults\n"
        "  ◐ Partly       The approval is for CRPS (type I or type II) in the legs\n"
        "Your answers are saved in mine.yaml (only you can read this file).\n"
    )
    for name in ("foot-after-fracture", "back-recent"):
        assert len(closing_text(q, name).splitlines()) + 5 <= 24


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_closing_screen_puts_the_urgent_box_first_and_keeps_the_caveats(
    q: Questionnaire, lang: str
) -> None:
    """Contract v3: the urgent box, the soon box, then the verdict and its caveats (the
    closing screen showed none before); the criteria can wait after a warning sign."""
    text = closing_text(q, "knee-urgent", lang)
    lines = text.splitlines()
    words = {
        "en": ("Warning signs", "!! Get medical care now !!", "! Call your doctor soon !",
               "What your answers show: Because of the warning sign above",
               "In the US, DRG therapy is approved only for adults, and your answers do not give",
               "Your answers are saved in mine.yaml"),
        "es": ("Señales de alarma", "!! Busque atención médica ahora !!",
               "! Llame pronto a su médico !",
               "Lo que muestran sus respuestas: Por la señal de alarma de arriba",
               "En EE. UU., la terapia DRG está aprobada solo para adultos, y sus respuestas no",
               "Sus respuestas están guardadas en mine.yaml"),
    }[lang]  # fmt: skip
    assert lines[0] == words[0]
    places = [text.index(w) for w in words]
    assert places == sorted(places)
    flat = " ".join(text.split())
    advice = {
        "en": "→ Go to a hospital emergency department now. Or call 911 (in the US) or",
        "es": "→ Vaya ahora a la sala de emergencias de un hospital. O llame al 911",
    }[lang]
    assert advice in flat
    assert flat.index(advice) < flat.index(words[3])
    assert "The criteria:" not in text and "Los criterios:" not in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_caveat_is_on_the_closing_screen_under_an_urgent_box(
    q: Questionnaire, lang: str
) -> None:
    from rich.console import Console

    from paincheck.evaluation import caveat_texts
    from tests.helpers.inputs import assess

    assessment = assess(
        q, age=16, can_use_controller="no", health_conditions=["surgery_risky"],
        warning_signs=["saddle_numbness"],
    )  # fmt: skip
    console = Console(width=80, record=True, file=io.StringIO())
    for part in closing.closing(assessment, Path("mine.yaml"), view_of(assessment, lang)):
        console.print(part)
    flat = " ".join(console.export_text().split())
    caveats = caveat_texts(assessment, view_of(assessment, lang))
    assert len(caveats) == 3
    places = [flat.index(" ".join(c.split())) for c in caveats]
    assert places == sorted(places)
    assert flat.index("911") < places[0]


@pytest.mark.parametrize("plain", [False, True])
def test_the_whole_summary_is_offered_in_a_pager_and_no_pdf_says_how_later(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str], plain: bool
) -> None:
    """Item 7: "Read the whole summary" pages it (here standard output is no terminal, so
    the pager prints it), then the menu again; "No" tells the command for the PDF later."""
    newline = "\n" if plain else ENTER
    finished(q, f"2{newline}3{newline}", tmp_path, plain=plain)
    shown = capsys.readouterr().out
    assert shown.count("THE WHOLE SUMMARY") == 1
    assert shown.rstrip().endswith(
        "No PDF for now. To make it later, run:\n  paincheck export mine.yaml"
    )
    assert not list(tmp_path.glob("*.pdf"))


def test_the_report_offered_at_the_end_never_replaces_one_already_there(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """mine.pdf and mine-2.pdf are there: the PDF is offered, and written, as mine-3.pdf."""
    (tmp_path / "mine.pdf").write_bytes(b"an earlier report")
    (tmp_path / "mine-2.pdf").write_bytes(b"another one")
    finished(q, "1\n", tmp_path, plain=True)
    shown = "".join(capsys.readouterr().out.split())  # a long path wraps, even inside a name
    assert f"Yes,write{tmp_path / 'mine-3.pdf'}" in shown
    assert shown.endswith(f"Wrotethereportto{tmp_path / 'mine-3.pdf'}.")
    assert (tmp_path / "mine.pdf").read_bytes() == b"an earlier report"
    assert (tmp_path / "mine-2.pdf").read_bytes() == b"another one"
    assert (tmp_path / "mine-3.pdf").read_bytes().startswith(b"%PDF-")


# -- wording --------------------------------------------------------------------------------


def test_progress_names_the_section_and_counts_the_questions(q: Questionnaire) -> None:
    question = q.question("pain_locations")
    assert question is not None
    at = progress.progress(q, {}, question)
    assert progress.progress_line(view_of(q, "en"), at, question) == (
        "Section 2 of 8: Your pain, question 4 of about 29"
    )
    with_limbs = progress.progress(q, {"pain_locations": ["foot", "knee"]}, question)
    assert (with_limbs.sections, with_limbs.total) == (9, 32)


def test_scales_spell_out_their_ends(q: Questionnaire) -> None:
    question = q.question("pain_now")
    assert question is not None
    assert walk.anchor_line(view_of(q, "en"), question) == (
        "0 = No pain    10 = Worst pain you can imagine"
    )


def test_instructions_say_how_to_go_back_and_skip(q: Questionnaire) -> None:
    name, locations = q.question("name"), q.question("pain_locations")
    assert name is not None and locations is not None
    text = " ".join(asking.keys_lines(view_of(q, "en"), name, can_go_back=True))
    assert "Leave it empty" in text and "To go back, press < before typing" in text
    first = " ".join(asking.keys_lines(view_of(q, "en"), name, can_go_back=False))
    assert "go back" not in first
    listed = " ".join(asking.keys_lines(view_of(q, "en"), locations, can_go_back=True))
    assert "Space ticks" in listed and 'Picking "All over my body" clears' in listed


def test_typed_answers_meet_the_same_checks_as_files(q: Questionnaire) -> None:
    pain_least = q.question("pain_least")
    assert pain_least is not None
    assert walk.check_typed(view_of(q, "en"), pain_least, " 3 ", {"pain_worst": 6}) == (3, None)
    _, problem = walk.check_typed(view_of(q, "en"), pain_least, "7", {"pain_worst": 6})
    assert problem == "This cannot be higher than your earlier answer (6). Please check it."
    _, problem = walk.check_typed(view_of(q, "en"), pain_least, "seven", {})
    assert problem == "Please type a whole number from 0 to 10."
    goals = q.question("goals")
    assert goals is not None
    assert walk.check_typed(view_of(q, "en"), goals, "walk my dog\nagain\n", {}) == (
        "walk my dog again",
        None,
    )
    pain_now = q.question("pain_now")
    assert pain_now is not None
    assert (
        walk.check_typed(view_of(q, "en"), pain_now, "", {})[1] == "This question needs an answer."
    )


@pytest.fixture
def q(questionnaire: Questionnaire) -> Questionnaire:
    return questionnaire


# -- the issues found by trying it (issue 11) ---------------------------------------------


def screen(
    q: Questionnaire,
    keys: str,
    path: Path,
    size: tuple[int, int] = (24, 80),
    initial: Answers | None = None,
) -> str:
    """What a terminal of `size` (rows, columns) was sent, escape sequences taken out."""

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    written = io.StringIO()
    output = Vt100_Output(written, lambda: Size(*size), term="xterm")
    with create_pipe_input() as pipe, typing(pipe, keys), pytest.raises(InterviewInterrupted):
        walk.run_interview(view_of(q, "en"), initial or Answers(), path, input=pipe, output=output)
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "\n", written.getvalue())


@pytest.mark.parametrize("junk", ["---1", "+-5", "5" * 5000, "٣", "1e3", "  "])
def test_junk_in_a_number_box_gets_a_message_and_the_question_again(
    q: Questionnaire, tmp_path: Path, junk: str
) -> None:
    """Item 2: no traceback for any text typed in a number box."""
    pain_now = q.question("pain_now")
    assert pain_now is not None
    _, problem = walk.check_typed(view_of(q, "en"), pain_now, junk, {})
    expected = "This question needs an answer." if not junk.strip() else None
    assert problem == (expected or "Please type a whole number from 0 to 10.")
    # 5,000 characters arrive as a paste (one bracketed-paste event, as a terminal sends it),
    # not as 5,000 keys that each redraw the screen: the same text, in seconds less.
    typed = f"\x1b[200~{junk}\x1b[201~" if len(junk) > 100 else junk
    keys = [*typed_walk(q, PAIN, until="pain_now"), typed + ENTER, "\x15" + "7" + ENTER, CTRL_C]
    stopped(q, keys, tmp_path / "a.yaml")  # Ctrl-U clears the box
    assert saved(q, tmp_path / "a.yaml").values["pain_now"] == 7


def test_the_resume_command_is_the_one_this_shell_can_run(tmp_path: Path) -> None:
    """Item 3: `uv run` set-ups, paths with spaces, and the language it ran in."""
    script = tmp_path / ".venv" / "bin" / "paincheck"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    # `uv run` puts the script on its own PATH; the shell that pastes the command has not
    uv = {"UV": "/usr/bin/uv", "VIRTUAL_ENV": str(tmp_path / ".venv"), "PATH": str(script.parent)}
    assert saving.program_words(str(script), uv) == ["uv", "run", "paincheck"]
    on_path = {"PATH": f"/usr/bin:{script.parent}"}
    assert saving.program_words(str(script), on_path) == ["paincheck"]
    assert saving.program_words(str(script), {"PATH": "/usr/bin"}) == [str(script)]
    command = saving.resume_command(
        Path("my answers.yaml"),
        ["uv", "run", "paincheck"],
        plain=True,
        lang="es",
        questions=Path("q s"),
    )
    assert command == (
        "uv run paincheck run --answers 'my answers.yaml' --save 'my answers.yaml' --plain"
        " --questions 'q s' --lang es"
    )


def test_the_question_and_keys_line_stay_on_a_40x12_screen(
    q: Questionnaire, tmp_path: Path
) -> None:
    """Item 4: the longest list (20 lines) scrolls; its question and keys stay visible."""
    shown = screen(q, "".join(START) + DOWN * 19, tmp_path / "a.yaml", size=(12, 40))
    last = shown[shown.rindex("Section 2 of 8: Your pain") :]
    assert "Where do you have pain? (needs an" in last
    assert "when done. Press < to go back." in last
    assert "Back to the previous question" in last  # scrolled to the end of the list


def test_the_keys_line_tells_the_truth_in_both_languages(q: Questionnaire) -> None:
    """Item 5: `<` in a text box acts at once, before typing: no "type < and press Enter"."""
    name = q.question("name")
    assert name is not None
    assert asking.keys_lines(view_of(q, "es"), name, can_go_back=True) == [
        "Escriba su respuesta y presione Enter. Déjelo vacío y presione Enter para saltar la"
        " pregunta. Para volver atrás, presione < antes de escribir nada."
    ]
    assert asking.keys_lines(view_of(q, "es"), name, can_go_back=True, plain=True) == [
        "Escriba su respuesta y presione Enter. Déjelo vacío y presione Enter para saltar la"
        " pregunta. Escriba < y presione Enter para volver atrás."
    ]
    assert asking.keys_lines(view_of(q, "en"), name, can_go_back=True, filled=True) == [
        "Type your answer and press Enter. Press Enter to keep the answer shown, or type to"
        " replace it. To go back, press < before typing anything."
    ]


def test_typing_replaces_a_pre_filled_number(q: Questionnaire, tmp_path: Path) -> None:
    """Item 5: back into a filled box, `9` then `3` gives 3, not 93."""
    keys = typed_walk(q, PAIN, until="pain_worst")
    keys += ["9" + ENTER, LIST_BACK, "3" + ENTER, "2" + ENTER, CTRL_C]
    stopped(q, keys, tmp_path / "a.yaml")
    answers = saved(q, tmp_path / "a.yaml").values
    assert (answers["pain_worst"], answers["pain_least"]) == (3, 2)


def test_an_answer_cleared_by_a_later_change_is_named_and_asked_again(
    q: Questionnaire, tmp_path: Path
) -> None:
    """Item 6: least pain 3 no longer fits a worst pain lowered to 2."""
    keys = typed_walk(q, PAIN, until="pain_worst")
    keys += ["6" + ENTER, "3" + ENTER, LIST_BACK, LIST_BACK, "2" + ENTER]
    shown = screen(q, "".join(keys), tmp_path / "a.yaml")
    last = " ".join(shown[shown.rindex("Section 2 of 8: Your pain") :].split())
    message = "Your earlier answer (3) no longer fits an answer you changed, so it was cleared."
    assert message in last
    assert last.index(message) < last.index("how strong was your pain at its least?")
    answers = saved(q, tmp_path / "a.yaml").values
    assert answers["pain_worst"] == 2 and "pain_least" not in answers


# -- --plain: line by line ------------------------------------------------------------------


def plain_lines(q: Questionnaire, target: Mapping[str, Value]) -> list[str]:
    """The lines typed in --plain for `target`: numbers with commas, "-" skips a list."""
    so_far: dict[str, Value] = {}
    lines = []
    for question in q.questions:
        shown, _ = shown_questions(q, so_far)
        if question not in shown:
            continue
        value = target.get(question.id)
        if question.type in ("text", "integer"):
            lines.append("" if value is None else str(value) + ("\n" if question.multiline else ""))
        elif value is None:
            lines.append("-")
        else:
            ids = [c for c, _ in walk.choice_labels(view_of(q, "en"), question, so_far)]
            chosen = value if isinstance(value, list) else [value]
            lines.append(",".join(str(ids.index(str(c)) + 1) for c in chosen))
        if value is not None:
            so_far[question.id] = value
            if walk.flagged_choices(question, value):
                lines.append(panel_go_on(q, question, value).strip())
    return [*lines, "0"]  # the review: save


def drive_plain(q: Questionnaire, lines: Sequence[str], path: Path) -> Answers:
    with create_pipe_input() as pipe:
        pipe.send_text("".join(line + "\n" for line in lines))
        pipe.close()
        return walk.run_interview(view_of(q, "en"), Answers(), path, input=pipe, plain=True)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_plain_mode_gives_the_same_answers_line_by_line(
    q: Questionnaire, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = load_answers(q, PERSONAS / f"{name}.yaml").answers
    result = drive_plain(q, plain_lines(q, expected.values), tmp_path / "a.yaml")
    assert result == Answers(expected.values, "complete", TODAY)
    shown = capsys.readouterr().out
    assert "\x1b" not in shown  # no cursor movement, colour or reverse video
    assert "  19  All over my body\n" in shown  # a screen reader reads no "[ ]" before it
    assert "[ ]" not in shown and "[x]" not in shown


def test_plain_mode_repeats_goes_back_and_explains_a_wrong_number(
    q: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    lines = ["Ana", "52", "?", "1", "1,3", "<", "<", "2", "1,19,4", "\x03"]
    with pytest.raises(InterviewInterrupted):
        drive_plain(q, lines, path)
    shown = capsys.readouterr().out
    question = "Who is filling in this checklist?"
    assert shown.count(question) == 2  # asked, then back to it from the places
    assert shown.count("   1  I am filling it in myself") == 3  # and once more for "?"
    assert 'Picking "All over my body" clears the other choices.' in shown
    assert saved(q, path) == Answers(
        {"name": "Ana", "age": 52, "completed_by": "with_help", "pain_locations": ["knee"]},
        "in_progress",
        TODAY,
    )
    with pytest.raises(InterviewInterrupted):
        drive_plain(q, ["Ana", "52", "7", "1,2", "\x03"], tmp_path / "b.yaml")
    assert '! "7" is not one of the numbers. Type ? to hear the choices again.' in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", ["foot-after-fracture", "back-recent", "knee-urgent"])
def test_the_closing_screen_shows_what_its_caveats_point_to(
    q: Questionnaire, name: str, lang: str
) -> None:
    """A caveat that says 'see "What the US approval says" below' has that block below it on
    the closing screen too (full screen and plain), each item with its status; a verdict
    that points to "the criteria below" has them below."""
    heading = q.message("approved_use_heading", lang)
    for plain in (False, True):
        text = closing_text(q, name, lang) if not plain else plain_closing_text(q, name, lang)
        flat = " ".join(text.split())
        pointer = flat.find(f'"{heading}"')
        assert pointer >= 0, flat  # every persona has an approved-use caveat
        assert flat.find(f"{heading}:", pointer) > pointer, flat
        for item in evaluate(q, load_answers(q, PERSONAS / f"{name}.yaml").answers).approved_use:
            assert item.criterion.label(lang) in flat[pointer:], flat
        criteria = q.message("criteria_heading", lang)
        below = "criteria below" if lang == "en" else "criterios de abajo"
        if below in flat:
            assert flat.find(f"{criteria}:", flat.find(below)) > 0, flat


def plain_closing_text(q: Questionnaire, name: str, lang: str) -> str:
    from rich.console import Console

    assessment = evaluate(q, load_answers(q, PERSONAS / f"{name}.yaml").answers)
    console = Console(width=80, record=True, file=io.StringIO())
    for part in closing.closing(
        assessment, Path("mine.yaml"), view_of(assessment, lang), plain=True
    ):
        console.print(part)
    return console.export_text()
