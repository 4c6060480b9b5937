"""The trial summary's formulas, on worked examples (the contract in spec/diary.md)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from paincheck.diary.store import Baseline, Diary, Entry, diary_form_folder
from paincheck.diary.trial import round_half_away, summarise, summary_sentences, to_json
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers.views import view_of


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return load_questionnaire(diary_form_folder())


def diary_of(
    pains: list[int],
    reliefs: list[int],
    baseline: int | None = 7,
    medicine: list[str] | None = None,
    problems: list[list[str]] | None = None,
) -> Diary:
    """A diary with one entry per value, on consecutive November days."""
    entries = []
    for n, (pain, relief) in enumerate(zip(pains, reliefs, strict=True)):
        answers: dict[str, Any] = {"pain_average": pain, "relief_percent": relief}
        if medicine is not None:
            answers["pain_medicine"] = medicine[n]
        if problems is not None:
            answers["trial_problems"] = problems[n]
        entries.append(Entry(f"2026-11-{n + 1:02d}", answers))
    base = Baseline(baseline) if baseline is not None else None
    return Diary("drg-trial", "1", base, tuple(entries))


def summary_json(form: Questionnaire, diary: Diary) -> dict[str, Any]:
    return to_json(summarise(form, diary))


def test_the_contract_example(form: Questionnaire) -> None:
    # pain 4,3,3,4,3: mean 17/5 = 3.4; 100 * (7 - 3.4) / 7 = 51.43; relief mean 280/5 = 56
    diary = diary_of(
        [4, 3, 3, 4, 3],
        [50, 60, 70, 40, 60],
        medicine=["less", "less", "less", "same", "same"],
        problems=[["none"], ["none"], ["none"], ["fever_chills"], ["none"]],
    )
    assert summary_json(form, diary) == {
        "diary": {"id": "drg-trial", "version": "1"},
        "days": 5,
        "first": "2026-11-01",
        "last": "2026-11-05",
        "baseline_pain": 7,
        "pain_average_mean": 3.4,
        "pain_reduction_percent": 51.4,
        "relief_percent_mean": 56.0,
        "days_relief_at_least_50": 4,
        "medicine": {"less": 3, "same": 2, "more": 0, "none_taken": 0},
        "relief_vs_50": "at_or_above",
        "pain_reduction_vs_50": "at_or_above",
        "measures_disagree": False,
        "problem_days": [{"date": "2026-11-04", "problems": ["fever_chills"]}],
        "problems_not_answered": [],
    }
    assert summary_sentences(view_of(form, "en"), summarise(form, diary)) == [
        "5 days recorded, from 2026-11-01 to 2026-11-05.",
        "Your reported relief averaged 56%.",
        "Relief was 50% or more on 4 of 5 days.",
        "Your pain scores fell 51.4% from before the trial (from 7 to an average of 3.4).",
        "Trials usually look for 50% or more; your specialist will decide with you.",
        "Pain medicine compared with usual, in days: Less than usual 3; The same as usual 2; "
        "More than usual 0; I took none 0.",
    ]


def test_no_baseline_gives_no_reduction(form: Questionnaire) -> None:
    result = summary_json(form, diary_of([3, 3, 3], [60, 60, 60], baseline=None))
    assert result["baseline_pain"] is None
    assert result["pain_reduction_percent"] is None
    assert result["pain_reduction_vs_50"] is None
    assert result["measures_disagree"] is None
    assert result["relief_vs_50"] == "at_or_above"
    sentences = summary_sentences(view_of(form, "en"), summarise(form, diary_of([3], [60], None)))
    assert sentences[3] == (
        "No pain score from before the trial is recorded, so the change in your pain scores "
        "cannot be worked out."
    )


def test_a_baseline_of_0_gives_no_percentage(form: Questionnaire) -> None:
    result = summary_json(form, diary_of([1, 2, 0], [0, 10, 0], baseline=0))
    assert result["baseline_pain"] == 0
    assert (result["pain_reduction_percent"], result["pain_reduction_vs_50"]) == (None, None)
    assert result["pain_average_mean"] == 1.0
    assert result["measures_disagree"] is None


def test_fewer_than_3_days_are_too_few_to_sum_up(form: Questionnaire) -> None:
    result = summary_json(form, diary_of([2, 2], [80, 90]))
    assert result["relief_vs_50"] == "too_few_days"
    assert result["pain_reduction_vs_50"] == "too_few_days"
    assert result["relief_percent_mean"] == 85.0  # the numbers are still given
    three = summary_json(form, diary_of([2, 2, 2], [80, 90, 90]))
    assert three["relief_vs_50"] == "at_or_above"
    sentences = summary_sentences(view_of(form, "en"), summarise(form, diary_of([2, 2], [80, 90])))
    assert "That is too few days to sum up; a trial usually lasts about a week." in sentences


def test_an_empty_diary(form: Questionnaire) -> None:
    result = summary_json(form, diary_of([], []))
    assert result["days"] == 0
    assert (result["first"], result["last"]) == (None, None)
    assert result["pain_average_mean"] is None
    assert result["relief_percent_mean"] is None
    assert result["pain_reduction_percent"] is None
    assert result["relief_vs_50"] == "too_few_days"
    assert result["pain_reduction_vs_50"] is None
    assert summary_sentences(view_of(form, "en"), summarise(form, diary_of([], []))) == [
        "No days are recorded yet."
    ]


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(5125, 100), "51.3"),  # round() would give 51.2 (half to even)
        (Fraction(5005, 100), "50.1"),  # 50.05 as a float is 50.04999...: exact here
        (Fraction(-125, 100), "-1.3"),  # half away from zero, below zero too
        (Fraction(-1, 100), "0.0"),  # never "-0.0"
        (Fraction(1, 3), "0.3"),
        (Fraction(56), "56.0"),
    ],
)
def test_rounding_is_half_away_from_zero_on_the_exact_value(value: Fraction, rounded: str) -> None:
    assert str(round_half_away(value)) == rounded


def test_rounding_at_x5_from_the_unrounded_mean(form: Questionnaire) -> None:
    # baseline 8, mean 39/10 = 3.9: 100 * 4.1 / 8 = 51.25 exactly -> 51.3
    result = summary_json(form, diary_of([4] * 9 + [3], [50] * 10, baseline=8))
    assert result["pain_reduction_percent"] == 51.3
    # relief mean 1001/20 = 50.05 -> 50.1
    result = summary_json(form, diary_of([3] * 20, [50] * 19 + [51]))
    assert result["relief_percent_mean"] == 50.1


def test_the_rounded_value_decides_the_50_mark(form: Questionnaire) -> None:
    # relief mean 999/20 = 49.95, shown as 50.0: at or above
    result = summary_json(form, diary_of([3] * 20, [50] * 19 + [49]))
    assert (result["relief_percent_mean"], result["relief_vs_50"]) == (50.0, "at_or_above")
    # 49.94... shown as 49.9: below
    result = summary_json(form, diary_of([3] * 17, [50] * 16 + [49]))
    assert (result["relief_percent_mean"], result["relief_vs_50"]) == (49.9, "below")


def test_a_negative_reduction_is_kept(form: Questionnaire) -> None:
    # baseline 4, pain 6 every day: pain rose 50%
    diary = diary_of([6, 6, 6], [0, 0, 0], baseline=4)
    result = summary_json(form, diary)
    assert result["pain_reduction_percent"] == -50.0
    assert result["pain_reduction_vs_50"] == "below"
    assert summary_sentences(view_of(form, "en"), summarise(form, diary))[3] == (
        "Your pain scores rose 50% from before the trial (from 4 to an average of 6)."
    )
    # baseline 8, mean 8.1: -1.25 -> -1.3
    assert (
        summary_json(form, diary_of([8] * 9 + [9], [0] * 10, 8))["pain_reduction_percent"] == -1.3
    )


@pytest.mark.parametrize(
    ("reliefs", "relief", "disagree"),
    [([80, 80, 80], 80.0, True), ([77, 77, 76], 76.7, False)],  # 22.9 and 19.6 points
)
def test_measures_disagree_at_20_points(
    form: Questionnaire, reliefs: list[int], relief: float, disagree: bool
) -> None:
    result = summary_json(form, diary_of([3, 3, 3], reliefs))  # 57.1 below a baseline of 7
    assert (result["pain_reduction_percent"], result["relief_percent_mean"]) == (57.1, relief)
    assert result["measures_disagree"] is disagree


def test_measures_disagree_exactly_20_and_just_under(form: Questionnaire) -> None:
    # baseline 10, pain 5: reduction 50.0; relief 70.0 -> 20 points; 69.9 -> not
    assert summary_json(form, diary_of([5] * 3, [70] * 3, 10))["measures_disagree"] is True
    under = diary_of([5] * 10, [70] * 9 + [69], 10)  # relief 69.9
    assert summary_json(form, under)["measures_disagree"] is False
    sentences = summary_sentences(
        view_of(form, "en"), summarise(form, diary_of([5] * 3, [70] * 3, 10))
    )
    assert (
        "Your reported relief and the change in your pain scores differ by 20 points. That can "
        "happen; talk about both with your specialist." in sentences
    )


def test_more_medicine_is_said_beside_relief(form: Questionnaire) -> None:
    diary = diary_of([3, 3, 3], [60, 60, 60], medicine=["more", "more", "same"])
    assert summary_json(form, diary)["medicine"] == {
        "less": 0,
        "same": 1,
        "more": 2,
        "none_taken": 0,
    }
    assert summary_sentences(view_of(form, "en"), summarise(form, diary))[-1] == (
        "Pain medicine compared with usual, in days: Less than usual 0; The same as usual 1; "
        "More than usual 2; I took none 0. On days with more medicine, some of the relief may "
        "come from the medicine."
    )


def test_the_words_never_give_a_verdict(form: Questionnaire) -> None:
    for lang in ("en", "es"):
        for diary in (diary_of([1] * 7, [90] * 7), diary_of([8] * 7, [0] * 7)):
            text = " ".join(summary_sentences(view_of(form, lang), summarise(form, diary))).lower()
            for verdict in ("should", "success", "failed", "worked", "implant", "debe", "éxito"):
                assert verdict not in text, (lang, verdict)


def test_reading_level_of_the_daily_questions_and_the_summary(form: Questionnaire) -> None:
    """The daily questions, their help and the summary sentences: grade 8 or below (English)."""
    import textstat  # type: ignore[import-untyped]  # dev dependency: fail, not skip, if missing

    textstat.set_lang("en")  # the Spanish tests switch textstat's (global) language
    texts = [t for q in form.questions for t in (q.text("en"), q.help("en"))]
    diary = diary_of([3, 3, 9], [60, 10, 90], medicine=["more", "same", "less"])
    texts += summary_sentences(view_of(form, "en"), summarise(form, diary))
    texts += summary_sentences(view_of(form, "en"), summarise(form, diary_of([3], [60], None)))
    joined = " ".join(t if t.rstrip()[-1] in ".?!" else t + "." for t in texts)
    assert textstat.flesch_kincaid_grade(joined) <= 8


def test_days_without_the_safety_check_are_listed_as_not_answered(form: Questionnaire) -> None:
    """A version 1 diary's days (no trial_problems) are never "no problems"."""
    diary = diary_of([4, 3, 3], [50, 60, 70], problems=None)
    result = summary_json(form, diary)
    assert result["problem_days"] == []
    assert result["problems_not_answered"] == ["2026-11-01", "2026-11-02", "2026-11-03"]
    mixed = diary_of(
        [4, 3, 3], [50, 60, 70], problems=[["none"], ["new_headache", "fever_chills"], ["none"]]
    )
    mixed = Diary(
        "drg-trial", "2", mixed.baseline, (Entry("2026-10-31", {"pain_average": 5}), *mixed.entries)
    )
    result = summary_json(form, mixed)
    assert result["problem_days"] == [
        {"date": "2026-11-02", "problems": ["new_headache", "fever_chills"]}
    ]
    assert result["problems_not_answered"] == ["2026-10-31"]


def test_each_measure_counts_the_days_that_hold_its_answer(form: Questionnaire) -> None:
    """A day saved by "Stop here and get care now" holds the safety check and maybe nothing
    else: it counts as a day, but not in the relief or pain figures, nor in their 3 days."""
    base = diary_of([4, 3], [50, 60], problems=[["none"], ["none"]])
    stopped = Entry("2026-11-03", {"trial_problems": ["fever_chills"]}, "in_progress")
    diary = Diary("drg-trial", "2", base.baseline, (*base.entries, stopped))
    result = summary_json(form, diary)
    assert (result["days"], result["relief_percent_mean"], result["pain_average_mean"]) == (
        3,
        55.0,
        3.5,
    )
    assert result["relief_vs_50"] == "too_few_days"  # 2 days hold relief
    assert result["pain_reduction_vs_50"] == "too_few_days"
    assert result["problem_days"] == [{"date": "2026-11-03", "problems": ["fever_chills"]}]
    sentences = summary_sentences(view_of(form, "en"), summarise(form, diary))
    assert "That is too few days to sum up; a trial usually lasts about a week." in sentences
