"""Evaluation: every branch of every criterion, the overall order, and each derived value."""

from __future__ import annotations

import json
from typing import Any

import pytest

from paincheck.answer_files import parse_answers
from paincheck.answers import Answers
from paincheck.evaluation import (
    Assessment,
    caveat_texts,
    evaluate,
    reason,
    to_json,
    warning_lines,
)
from paincheck.questionnaire import Questionnaire

LOWER_LIMB = ["foot", "ankle", "lower_leg", "knee", "thigh", "hip", "groin"]
NEARBY = ["buttock", "pelvis"]

# Answers that meet every criterion; tests change one thing at a time.
MATCHING: dict[str, Any] = {
    "pain_locations": ["foot"],
    "pain_duration": "1_to_5_years",
    "pain_onset": "injury",
    "pain_now": 7,
    "pain_average": 6,
    "warning_signs": ["none"],
    "treatments_tried": ["surgery", "opioids"],
    "relief_surgery": "little",
    "relief_opioids": "none",
}


def assess(questionnaire: Questionnaire, **changes: Any) -> Assessment:
    """Evaluate MATCHING with some answers changed (None leaves a question out)."""
    answers = {**MATCHING, **changes}
    answers = {k: v for k, v in answers.items() if v is not None}
    loaded = parse_answers(questionnaire, {"answers": answers}, "test.yaml")
    return evaluate(questionnaire, loaded.answers)


def status(assessment: Assessment, criterion: str) -> str:
    return next(r.status for r in assessment.criteria if r.criterion.id == criterion)


def approved(assessment: Assessment, item: str) -> str:
    return next(r.status for r in assessment.approved_use if r.criterion.id == item)


def why(assessment: Assessment, criterion: str) -> str:
    results = (*assessment.criteria, *assessment.approved_use)
    return reason(assessment, next(r for r in results if r.criterion.id == criterion))


def score(assessment: Assessment, score_id: str) -> Any:
    return next(s for s in assessment.scores if s.score.id == score_id)


# -- criteria --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("under_3_months", "not_met"),
        ("3_to_6_months", "not_met"),
        ("6_to_12_months", "met"),
        ("1_to_5_years", "met"),
        ("over_5_years", "met"),
        (None, "unknown"),
    ],
)
def test_duration(questionnaire: Questionnaire, duration: str | None, expected: str) -> None:
    assert status(assess(questionnaire, pain_duration=duration), "duration") == expected


@pytest.mark.parametrize(
    ("locations", "expected"),
    [
        (None, "unknown"),
        (["all_over"], "not_met"),
        (["low_back"], "not_met"),
        (["neck", "arm", "hand"], "not_met"),
        (["foot", "low_back"], "partly"),
        (["knee", "shoulder"], "partly"),
        (LOWER_LIMB, "met"),
        *[([place], "met") for place in LOWER_LIMB],
        # buttock and pelvis: lower body, but outside the page's examples
        (["buttock"], "partly"),
        (["pelvis"], "partly"),
        (["foot", "buttock"], "partly"),
        (["pelvis", "low_back"], "partly"),
        ([*LOWER_LIMB, *NEARBY], "partly"),
    ],
)
def test_location(questionnaire: Questionnaire, locations: list[str] | None, expected: str) -> None:
    assert status(assess(questionnaire, pain_locations=locations), "location") == expected


def test_partly_location_names_only_the_areas_outside_the_examples(
    questionnaire: Questionnaire,
) -> None:
    assessment = assess(questionnaire, pain_locations=["foot", "buttock", "low_back"])
    assert why(assessment, "location") == (
        "Some of your pain is outside the places the maker's page names (the foot, leg, knee, "
        "hip and groin): buttock, low back."
    )


@pytest.mark.parametrize(
    ("onset", "expected"),
    [
        ("injury", "met"),
        ("surgery", "met"),
        ("illness", "not_met"),
        ("no_clear_cause", "not_met"),
        ("not_sure", "unknown"),
        (None, "unknown"),
    ],
)
def test_cause(questionnaire: Questionnaire, onset: str | None, expected: str) -> None:
    assert status(assess(questionnaire, pain_onset=onset), "cause") == expected


@pytest.mark.parametrize(
    ("onset", "diagnosis", "expected"),
    [
        # diagnosed CRPS can start without a clear cause: partly, not not_met
        ("no_clear_cause", "crps", "partly"),
        ("not_sure", "crps", "partly"),
        ("no_clear_cause", "nerve_injury", "not_met"),
        ("no_clear_cause", "no", "not_met"),
        ("not_sure", "no", "unknown"),
        ("not_sure", "not_sure", "unknown"),
        ("illness", "crps", "not_met"),
        ("injury", "no", "met"),
        (None, "crps", "unknown"),
    ],
)
def test_cause_with_a_crps_diagnosis(
    questionnaire: Questionnaire, onset: str | None, diagnosis: str, expected: str
) -> None:
    assessment = assess(questionnaire, pain_onset=onset, crps_diagnosis=diagnosis)
    assert status(assessment, "cause") == expected


def test_cause_partly_for_crps_cites_how_often_it_starts_without_a_cause(
    questionnaire: Questionnaire,
) -> None:
    assessment = assess(questionnaire, pain_onset="no_clear_cause", crps_diagnosis="crps")
    assert why(assessment, "cause") == (
        "You said a doctor told you this pain is CRPS. CRPS can start with no clear cause, in "
        "about 3 to 11 in 100 people with it (de Rooij AM et al. Eur J Pain. "
        "2010;14(5):510-513)."
    )


@pytest.mark.parametrize(
    ("tried", "relief", "expected"),
    [
        (None, {}, "unknown"),
        (["none"], {}, "not_met"),
        (["surgery"], {"relief_surgery": "a_lot"}, "not_met"),
        # a_lot wins over a missing relief answer: one treatment helping a lot settles it.
        (["surgery", "opioids"], {"relief_surgery": "a_lot"}, "not_met"),
        (["surgery", "opioids"], {"relief_surgery": "none"}, "unknown"),
        (["surgery"], {}, "unknown"),
        (["surgery", "opioids"], {"relief_surgery": "some", "relief_opioids": "little"}, "partly"),
        (["surgery", "opioids"], {"relief_surgery": "none", "relief_opioids": "little"}, "met"),
        (["otc_medicines"], {"relief_otc_medicines": "some"}, "partly"),
        # one other treatment, however little it helped: partly (more than one is usual)
        (["other"], {"relief_other": "none"}, "partly"),
        (["otc_medicines"], {"relief_otc_medicines": "little"}, "partly"),
        # failed neurostimulation is the page's first example: met on its own
        (["spinal_cord_stimulation"], {"relief_spinal_cord_stimulation": "none"}, "met"),
        (["drg_stimulation"], {"relief_drg_stimulation": "little"}, "met"),
        (["spinal_cord_stimulation"], {"relief_spinal_cord_stimulation": "some"}, "partly"),
        (["spinal_cord_stimulation"], {}, "unknown"),
        (
            ["spinal_cord_stimulation", "surgery"],
            {"relief_spinal_cord_stimulation": "none", "relief_surgery": "a_lot"},
            "not_met",
        ),
    ],
)
def test_prior_treatment(
    questionnaire: Questionnaire, tried: list[str] | None, relief: dict[str, str], expected: str
) -> None:
    assessment = assess(
        questionnaire,
        **{"treatments_tried": tried, "relief_surgery": None, "relief_opioids": None, **relief},
    )
    assert status(assessment, "prior_treatment") == expected


def test_one_treatment_tried_says_why_it_is_only_partly(questionnaire: Questionnaire) -> None:
    assessment = assess(questionnaire, treatments_tried=["surgery"], relief_opioids=None)
    assert why(assessment, "prior_treatment") == (
        "You tried one treatment, and it gave little or no lasting relief. Specialists usually "
        "look for more than one treatment tried first."
    )
    assert "ACCURATE" not in why(assessment, "prior_treatment")


@pytest.mark.parametrize(
    ("average", "expected"),
    [
        (None, "unknown"),
        (0, "not_met"),
        (1, "not_met"),
        (3, "not_met"),
        (4, "partly"),
        (5, "met"),
        (6, "met"),
        (7, "met"),
        (10, "met"),
    ],
)
def test_severity(questionnaire: Questionnaire, average: int | None, expected: str) -> None:
    assert status(assess(questionnaire, pain_average=average), "severity") == expected


@pytest.mark.parametrize(
    ("average", "text"),
    [
        (
            3,
            "Your average pain was 3 out of 10. That is in the range often called mild (1 to 4). "
            "The approval is for moderate to severe pain.",
        ),
        (
            5,
            "Your average pain was 5 out of 10. That is in the range often called moderate "
            "(5 to 6).",
        ),
        (
            8,
            "Your average pain was 8 out of 10. That is in the range often called severe "
            "(7 to 10).",
        ),
    ],
)
def test_severity_reasons_name_the_range_never_the_patient(
    questionnaire: Questionnaire, average: int, text: str
) -> None:
    reason_text = why(assess(questionnaire, pain_average=average), "severity")
    assert reason_text == text
    assert "your pain is" not in reason_text.lower()


# -- the US approved use ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (None, "unknown"),
        (1, "not_met"),
        (17, "not_met"),
        (18, "partly"),
        (21, "partly"),
        (22, "met"),
        (75, "met"),
        (120, "met"),
    ],
)
def test_approved_use_adult(questionnaire: Questionnaire, age: int | None, expected: str) -> None:
    assert approved(assess(questionnaire, age=age), "adult") == expected


def test_approved_use_adult_partly_explains_the_us_age_line(questionnaire: Questionnaire) -> None:
    assert why(assess(questionnaire, age=19), "adult") == (
        "You are 18 to 21. US device rules count people aged 21 and under as children. The "
        "main study took people aged 22 to 75."
    )


PATTERN = {
    "limb_changes": ["extra_sensitive", "temperature_difference", "swelling"],
    "pain_out_of_proportion": "yes",
}
NO_PATTERN = {"limb_changes": ["swelling"], "pain_out_of_proportion": "no"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"crps_diagnosis": "crps"}, "met"),
        ({"crps_diagnosis": "crps", **NO_PATTERN}, "met"),
        ({"crps_diagnosis": "nerve_injury"}, "partly"),
        ({"crps_diagnosis": "nerve_injury", **NO_PATTERN}, "partly"),
        ({**PATTERN}, "partly"),
        ({"crps_diagnosis": "not_sure", **PATTERN}, "partly"),
        ({"crps_diagnosis": "no", **PATTERN}, "partly"),
        ({"crps_diagnosis": "no"}, "not_met"),
        ({"crps_diagnosis": "no", **NO_PATTERN}, "not_met"),
        ({"crps_diagnosis": "not_sure"}, "unknown"),
        ({"crps_diagnosis": "not_sure", **NO_PATTERN}, "unknown"),
        ({}, "unknown"),
        ({**NO_PATTERN}, "unknown"),
        # the pattern counts only where the limb section is shown
        ({"pain_locations": ["groin"], **PATTERN}, "unknown"),
    ],
)
def test_approved_use_crps(
    questionnaire: Questionnaire, changes: dict[str, Any], expected: str
) -> None:
    assessment = assess(questionnaire, **changes)
    assert approved(assessment, "crps") == expected
    text = why(assessment, "crps").lower()
    assert "you have crps" not in text and "do not match crps" not in text


def test_approved_use_never_changes_overall(questionnaire: Questionnaire) -> None:
    for changes in ({"age": 12}, {"age": 19}, {"crps_diagnosis": "no"}, {"age": None}):
        assert assess(questionnaire, **changes).overall == "matches", changes


# -- caveats ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "caveats"),
    [
        ({"age": 30, "crps_diagnosis": "crps"}, ()),
        ({}, ()),  # age and diagnosis unknown: nothing to say
        ({"age": 19, "crps_diagnosis": "crps"}, ("outside_approved_use",)),
        ({"age": 30, "crps_diagnosis": "no"}, ("outside_approved_use",)),
        ({"age": 30, "crps_diagnosis": "nerve_injury"}, ("outside_approved_use",)),
        ({"age": 17, "crps_diagnosis": "crps"}, ("under_18", "outside_approved_use")),
        ({"age": 30, "crps_diagnosis": "crps", "can_use_controller": "no"}, ("contraindication",)),
        (
            {"age": 30, "crps_diagnosis": "crps", "health_conditions": ["surgery_risky"]},
            ("contraindication",),
        ),
        ({"can_use_controller": "with_help", "health_conditions": ["diathermy"]}, ()),
        (
            {"age": 16, "health_conditions": ["surgery_risky"], "can_use_controller": "no"},
            ("under_18", "contraindication", "outside_approved_use"),
        ),
    ],
)
def test_caveats_in_contract_order(
    questionnaire: Questionnaire, changes: dict[str, Any], caveats: tuple[str, ...]
) -> None:
    assessment = assess(questionnaire, **changes)
    assert assessment.caveats == caveats
    assert to_json(assessment)["caveats"] == list(caveats)


def test_caveat_sentences(questionnaire: Questionnaire) -> None:
    assessment = assess(
        questionnaire, age=16, health_conditions=["surgery_risky"], crps_diagnosis="crps"
    )
    assert caveat_texts(assessment) == [
        "DRG therapy is approved for adults.",
        "The label says the system should not be used by someone who is a poor risk for "
        "surgery, or who cannot use its remote. Ask your specialist what this means for you.",
        'In the US the approval is narrower: see "What the US approval says" below.',
    ]
    for text in caveat_texts(assessment, "es"):
        assert text and "{" not in text


def test_the_mild_19_year_old_from_the_issue_does_not_read_line_up(
    questionnaire: Questionnaire,
) -> None:
    # Issue 10: mild pain, no CRPS features, one over-the-counter medicine tried.
    answers = {
        "age": 19,
        "pain_locations": ["knee"],
        "pain_duration": "6_to_12_months",
        "pain_onset": "injury",
        "pain_now": 3,
        "pain_average": 3,
        "warning_signs": ["none"],
        "limb_changes": ["none"],
        "pain_out_of_proportion": "no",
        "crps_diagnosis": "no",
        "treatments_tried": ["otc_medicines"],
        "relief_otc_medicines": "little",
    }
    loaded = parse_answers(questionnaire, {"answers": answers}, "test.yaml")
    assessment = evaluate(questionnaire, loaded.answers)
    assert assessment.overall == "does_not_match"
    assert status(assessment, "severity") == "not_met"
    assert status(assessment, "prior_treatment") == "partly"
    assert (approved(assessment, "adult"), approved(assessment, "crps")) == ("partly", "not_met")
    assert assessment.caveats == ("outside_approved_use",)
    rule = assessment.overall_rule
    assert rule is not None and rule.text is not None
    assert "line up" not in rule.text("en").replace("do not line up", "")
    assert "other treatments may fit better" not in rule.text("en").lower()
    assert "talk with you about all the options" in rule.text("en")


def test_relief_for_a_treatment_not_tried_does_not_count(questionnaire: Questionnaire) -> None:
    answers = {**MATCHING, "relief_other": "a_lot"}
    loaded = parse_answers(questionnaire, {"answers": answers}, "test.yaml")
    assert [w.question for w in loaded.warnings] == ["relief_other"]
    assert status(evaluate(questionnaire, loaded.answers), "prior_treatment") == "met"


def test_every_branch_has_a_plain_reason_with_answers_filled_in(
    questionnaire: Questionnaire,
) -> None:
    cases: list[dict[str, Any]] = [
        {},
        {"pain_duration": "under_3_months", "pain_onset": "illness", "pain_locations": ["neck"]},
        {"pain_duration": None, "pain_onset": None, "pain_locations": None},
        {"pain_locations": ["all_over"], "treatments_tried": ["none"], "relief_surgery": None},
        {"pain_locations": ["foot", "neck"], "relief_surgery": "some"},
        {"relief_surgery": "a_lot"},
        {"relief_surgery": None},
        {"treatments_tried": None, "relief_surgery": None},
        {"pain_onset": "no_clear_cause", "crps_diagnosis": "crps", "age": 19},
        {"pain_average": 0, "age": 12, "crps_diagnosis": "no"},
        {"pain_average": 4, "age": 40, "crps_diagnosis": "nerve_injury"},
        {
            "pain_average": 2,
            "treatments_tried": ["drg_stimulation"],
            "relief_surgery": None,
            "relief_drg_stimulation": "none",
        },
        {"pain_locations": ["pelvis"], "treatments_tried": ["other"], "relief_other": "none"},
    ]
    for changes in cases:
        assessment = assess(questionnaire, **changes)
        for result in (*assessment.criteria, *assessment.approved_use):
            text = reason(assessment, result)
            assert text and "{" not in text, (changes, result.criterion.id, text)
    assessment = assess(questionnaire, pain_duration="3_to_6_months", pain_onset="surgery")
    reasons = {r.criterion.id: reason(assessment, r) for r in assessment.criteria}
    assert reasons["duration"] == (
        "You have had this pain for 3 months to less than 6 months. That is less than six months."
    )
    assert "after an operation" in reasons["cause"]
    assert "foot" in reasons["location"]


# -- overall ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "matches"),
        ({"pain_locations": ["foot", "neck"]}, "partly_matches"),
        # unknown beats partly
        ({"pain_locations": ["foot", "neck"], "pain_onset": "not_sure"}, "incomplete"),
        # not_met beats unknown and partly
        (
            {
                "pain_locations": ["foot", "neck"],
                "pain_onset": None,
                "pain_duration": "3_to_6_months",
            },
            "does_not_match",
        ),
        # urgent beats everything
        ({"warning_signs": ["saddle_numbness"], "pain_duration": "under_3_months"}, "urgent"),
        ({"warning_signs": ["fever_with_pain"]}, "urgent"),
        # a "tell your doctor soon" sign is not urgent
        ({"warning_signs": ["cancer_history", "night_pain_at_rest"]}, "matches"),
        ({"pain_duration": None}, "incomplete"),
        # the red-flag check did not happen: incomplete, even when every criterion is met
        ({"warning_signs": None}, "incomplete"),
        ({"warning_signs": None, "pain_locations": ["foot", "neck"]}, "incomplete"),
        ({"warning_signs": None, "pain_duration": "under_3_months"}, "does_not_match"),
        ({"warning_signs": ["one_leg_swollen_warm"]}, "urgent"),
        ({"warning_signs": ["recent_major_accident"]}, "urgent"),
        ({"pain_average": 4}, "partly_matches"),
    ],
)
def test_overall_order(
    questionnaire: Questionnaire, changes: dict[str, Any], expected: str
) -> None:
    assert assess(questionnaire, **changes).overall == expected


@pytest.mark.parametrize(
    "sign",
    [
        "saddle_numbness",
        "bladder_bowel_change",
        "leg_weakness_worsening",
        "fever_with_pain",
        "implant_wound_problem",
        "recent_major_accident",
        "one_leg_swollen_warm",
    ],
)
def test_each_urgent_sign_makes_the_overall_urgent(questionnaire: Questionnaire, sign: str) -> None:
    assessment = assess(questionnaire, warning_signs=[sign, "cancer_history"])
    assert assessment.overall == "urgent"
    assert assessment.warning_signs == {"urgent": (sign,), "prompt": ("cancer_history",)}


EMERGENCY_NOW = "Go to an emergency department now, or call emergency services."


@pytest.mark.parametrize(
    ("sign", "advice"),
    [
        ("saddle_numbness", EMERGENCY_NOW),
        ("bladder_bowel_change", EMERGENCY_NOW),
        ("leg_weakness_worsening", EMERGENCY_NOW),
        ("fever_with_pain", EMERGENCY_NOW),
        ("implant_wound_problem", EMERGENCY_NOW),
        (
            "recent_major_accident",
            "Go to an emergency department today, or call emergency services.",
        ),
        (
            "one_leg_swollen_warm",
            "Get medical help today, at urgent care or from your doctor. Call emergency services "
            "at once if you are short of breath or have chest pain.",
        ),
    ],
)
def test_each_urgent_sign_has_its_own_advice_line(
    questionnaire: Questionnaire, sign: str, advice: str
) -> None:
    lines = warning_lines(assess(questionnaire, warning_signs=[sign, "night_pain_at_rest"]))
    assert [(line.flag, line.choice, line.advice) for line in lines] == [
        ("urgent", sign, advice),
        ("prompt", "night_pain_at_rest", None),
    ]
    spanish = warning_lines(assess(questionnaire, warning_signs=[sign]), "es")
    assert spanish[0].advice and spanish[0].advice != advice


def test_every_urgent_choice_has_advice_and_no_sign_says_only_today(
    questionnaire: Questionnaire,
) -> None:
    question = questionnaire.question("warning_signs")
    assert question is not None
    urgent = [c.id for c in question.choices if c.flag == "urgent"]
    advice = questionnaire.rules.flags["urgent"].advice
    assert sorted(advice) == sorted(urgent)
    message = questionnaire.rules.flags["urgent"].message("en")
    assert "today" not in message


# -- derived values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("average", "enjoyment", "activity", "peg"),
    [
        (6, 6, 7, 6.3),
        (6, 7, 7, 6.7),
        (7, 7, 7, 7.0),
        (0, 0, 0, 0.0),
        (10, 10, 10, 10.0),
        (0, 0, 1, 0.3),
        (10, 10, 9, 9.7),
        (None, 5, 5, None),
        (5, None, 5, None),
        (5, 5, None, None),
    ],
)
def test_peg_is_the_mean_rounded_to_one_decimal_or_null(
    questionnaire: Questionnaire,
    average: int | None,
    enjoyment: int | None,
    activity: int | None,
    peg: float | None,
) -> None:
    assessment = assess(
        questionnaire,
        pain_average=average,
        interference_enjoyment=enjoyment,
        interference_activity=activity,
    )
    assert score(assessment, "peg").value == peg
    assert to_json(assessment)["scores"]["peg"] == peg


@pytest.mark.parametrize("prefix", ["phq", "gad"])
@pytest.mark.parametrize(
    ("first", "second", "total", "flagged"),
    [
        ("not_at_all", "not_at_all", 0, False),
        ("several_days", "not_at_all", 1, False),
        ("several_days", "several_days", 2, False),
        ("several_days", "more_than_half_the_days", 3, True),
        ("nearly_every_day", "not_at_all", 3, True),
        ("nearly_every_day", "more_than_half_the_days", 5, True),
        ("nearly_every_day", "nearly_every_day", 6, True),
        ("nearly_every_day", None, None, False),
        (None, "several_days", None, False),
    ],
)
def test_phq2_and_gad2_sum_with_the_flag_at_3(
    questionnaire: Questionnaire,
    prefix: str,
    first: str | None,
    second: str | None,
    total: int | None,
    flagged: bool,
) -> None:
    items = ("phq_interest", "phq_down") if prefix == "phq" else ("gad_nervous", "gad_worry")
    assessment = assess(questionnaire, **{items[0]: first, items[1]: second})
    result = score(assessment, f"{prefix}2")
    assert (result.value, result.flagged) == (total, flagged)
    assert to_json(assessment)["scores"][f"{prefix}2"] == total
    assert (f"{prefix}2" in to_json(assessment)["flagged_scores"]) is flagged


def test_single_answer_scores_are_the_answer_or_null(questionnaire: Questionnaire) -> None:
    scores = to_json(assess(questionnaire, pain_worst=9, pain_least=4))["scores"]
    assert (scores["pain_now"], scores["pain_average"]) == (7, 6)
    assert (scores["pain_worst"], scores["pain_least"]) == (9, 4)
    scores = to_json(assess(questionnaire, pain_now=None))["scores"]
    assert (scores["pain_now"], scores["pain_worst"]) == (None, None)


@pytest.mark.parametrize(
    ("changes", "categories"),
    [
        ({"limb_changes": ["none"]}, ()),
        (
            {"limb_changes": ["hair_nail_skin_change", "swelling", "light_touch_hurts"]},
            ("sensory", "sudomotor", "motor"),
        ),
        (
            {"limb_changes": ["weakness", "color_change", "sweating_change", "extra_sensitive"]},
            ("sensory", "vasomotor", "sudomotor", "motor"),
        ),
        ({"limb_changes": ["stiffness", "weakness", "tremor_or_spasms"]}, ("motor",)),
    ],
)
def test_crps_categories_keep_the_questionnaire_order(
    questionnaire: Questionnaire, changes: dict[str, Any], categories: tuple[str, ...]
) -> None:
    assessment = assess(questionnaire, **changes)
    assert assessment.symptom_categories == categories
    assert to_json(assessment)["crps"]["symptom_categories"] == list(categories)


THREE = ["extra_sensitive", "temperature_difference", "swelling"]
TWO = ["extra_sensitive", "temperature_difference", "color_change"]  # two categories
FOUR = ["light_touch_hurts", "color_change", "sweating_change", "tremor_or_spasms"]


@pytest.mark.parametrize(
    ("changes", "pattern"),
    [
        ({"limb_changes": THREE, "pain_out_of_proportion": "yes"}, True),
        ({"limb_changes": FOUR, "pain_out_of_proportion": "yes"}, True),
        ({"limb_changes": THREE, "pain_out_of_proportion": "no"}, False),
        ({"limb_changes": THREE, "pain_out_of_proportion": "not_sure"}, False),
        ({"limb_changes": THREE}, False),
        ({"limb_changes": TWO, "pain_out_of_proportion": "yes"}, False),
        ({"limb_changes": ["none"], "pain_out_of_proportion": "yes"}, False),
        ({"pain_out_of_proportion": "yes"}, False),
        ({}, None),  # shown but not answered
        # not shown: no arm or leg area, so answers given anyway are ignored
        (
            {
                "pain_locations": ["low_back"],
                "limb_changes": THREE,
                "pain_out_of_proportion": "yes",
            },
            None,
        ),
        ({"pain_locations": ["groin"]}, None),
    ],
)
def test_crps_pattern(
    questionnaire: Questionnaire, changes: dict[str, Any], pattern: bool | None
) -> None:
    assessment = assess(questionnaire, **changes)
    assert assessment.symptom_pattern is pattern
    assert to_json(assessment)["crps"]["pattern"] is pattern


def test_crps_section_is_shown_for_limb_areas_only(questionnaire: Questionnaire) -> None:
    for place in ["foot", "ankle", "lower_leg", "knee", "thigh", "hip", "arm", "hand"]:
        shown = {q.id for q in assess(questionnaire, pain_locations=[place]).shown}
        assert {"limb_changes", "pain_out_of_proportion"} <= shown, place
    for place in ["groin", "buttock", "pelvis", "low_back", "neck", "head", "all_over"]:
        shown = {q.id for q in assess(questionnaire, pain_locations=[place]).shown}
        assert "limb_changes" not in shown, place


@pytest.mark.parametrize(
    ("changes", "precautions"),
    [
        ({}, ()),
        ({"health_conditions": ["none"]}, ()),
        ({"health_conditions": ["need_mri", "blood_thinners"]}, ("blood_thinners", "need_mri")),
        ({"can_use_controller": "no"}, ("cannot_use_controller",)),
        ({"can_use_controller": "with_help"}, ()),
        ({"can_use_controller": "not_sure"}, ()),
        ({"can_use_controller": "yes"}, ()),
        # version 2: age is the approved_use.adult item and a caveat, not a precaution
        ({"age": 17}, ()),
        (
            {"age": 16, "can_use_controller": "no", "health_conditions": ["diathermy"]},
            ("diathermy", "cannot_use_controller"),
        ),
        ({"health_conditions": ["surgery_risky"]}, ("surgery_risky",)),
    ],
)
def test_precautions(
    questionnaire: Questionnaire, changes: dict[str, Any], precautions: tuple[str, ...]
) -> None:
    assessment = assess(questionnaire, **changes)
    assert assessment.precautions == precautions
    assert to_json(assessment)["precautions"] == list(precautions)


def test_every_health_condition_is_its_own_precaution(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("health_conditions")
    assert question is not None
    ids = [c.id for c in question.choices if c.id != "none"]
    assert assess(questionnaire, health_conditions=ids).precautions == tuple(ids)


@pytest.mark.parametrize(
    ("locations", "levels"),
    [
        (["foot"], {"foot": ("L4", "L5", "S1")}),
        (["knee"], {"knee": ("L3", "L4")}),
        (["groin"], {"groin": ("T12", "L1", "L2")}),
        (["pelvis"], {"pelvis": ("L1", "S2")}),
        (["low_back"], {"low_back": ("L2", "L3")}),
        (["hip", "ankle", "thigh"], {}),
        (["all_over"], {}),
    ],
)
def test_drg_levels_only_for_mapped_locations(
    questionnaire: Questionnaire, locations: list[str], levels: dict[str, tuple[str, ...]]
) -> None:
    assert dict(assess(questionnaire, pain_locations=locations).drg_levels) == levels


def test_drg_levels_follow_the_questionnaire_order(questionnaire: Questionnaire) -> None:
    # Written in another order in the file; the summary lists them as the questionnaire does.
    assessment = assess(questionnaire, pain_locations=["low_back", "hip", "knee", "foot", "groin"])
    assert list(assessment.drg_levels) == ["foot", "knee", "groin", "low_back"]
    assert list(to_json(assessment)["drg_levels"]) == ["foot", "knee", "groin", "low_back"]


REQUIRED = [
    "pain_locations",
    "pain_duration",
    "pain_onset",
    "pain_now",
    "pain_average",
    "warning_signs",
    "treatments_tried",
]


def test_missing_lists_required_questions_shown_but_unanswered(
    questionnaire: Questionnaire,
) -> None:
    assert evaluate(questionnaire, Answers({})).missing == tuple(REQUIRED)
    assert assess(questionnaire).missing == ()
    assert assess(questionnaire, pain_onset=None, warning_signs=None).missing == (
        "pain_onset",
        "warning_signs",
    )
    # Optional questions left out are not "missing".
    assert assess(questionnaire, relief_surgery=None).missing == ()


BASE_SHOWN = 29  # every question without a condition


@pytest.mark.parametrize(
    ("changes", "shown", "extra"),
    [
        ({"pain_locations": ["low_back"], "treatments_tried": ["none"]}, BASE_SHOWN, set()),
        (
            {"pain_locations": ["low_back", "neck"], "treatments_tried": ["none"]},
            BASE_SHOWN + 1,
            {"worst_location"},
        ),
        (
            {"pain_locations": ["foot"], "treatments_tried": ["none"]},
            BASE_SHOWN + 2,
            {"limb_changes", "pain_out_of_proportion"},
        ),
        (
            {"pain_locations": ["foot", "knee"], "treatments_tried": ["none"]},
            BASE_SHOWN + 3,
            {"worst_location", "limb_changes", "pain_out_of_proportion"},
        ),
        (
            {"pain_locations": ["low_back"], "treatments_tried": ["surgery", "opioids", "other"]},
            BASE_SHOWN + 3,
            {"relief_surgery", "relief_opioids", "relief_other"},
        ),
    ],
)
def test_questions_shown_counts_after_conditions(
    questionnaire: Questionnaire, changes: dict[str, Any], shown: int, extra: set[str]
) -> None:
    assessment = assess(questionnaire, relief_surgery=None, relief_opioids=None, **changes)
    assert len(assessment.shown) == shown
    assert to_json(assessment)["questions_shown"] == shown
    conditional = {q.id for q in questionnaire.questions if q.shown_when is not None}
    conditional |= {
        q.id for s in questionnaire.sections if s.shown_when is not None for q in s.questions
    }
    assert {q.id for q in assessment.shown} & conditional == extra


def test_nothing_answered_shows_only_unconditional_questions(questionnaire: Questionnaire) -> None:
    assessment = evaluate(questionnaire, Answers({}))
    assert len(assessment.shown) == BASE_SHOWN
    assert assessment.overall == "incomplete"
    assert {r.status for r in assessment.criteria} == {"unknown"}
    assert {r.status for r in assessment.approved_use} == {"unknown"}
    assert assessment.caveats == ()


def test_all_relief_questions_exist_one_per_treatment(questionnaire: Questionnaire) -> None:
    tried = questionnaire.question("treatments_tried")
    assert tried is not None
    ids = [c.id for c in tried.choices if c.id != "none"]
    relief = [q.id for q in questionnaire.questions if q.id.startswith("relief_")]
    assert relief == [f"relief_{t}" for t in ids]
    assessment = assess(
        questionnaire, treatments_tried=ids, relief_surgery=None, relief_opioids=None
    )
    assert [q.id for q in assessment.shown if q.id.startswith("relief_")] == relief


# -- the JSON summary ------------------------------------------------------------------------


def test_to_json_has_the_contract_shape(questionnaire: Questionnaire) -> None:
    data = to_json(
        assess(
            questionnaire,
            pain_worst=9,
            pain_least=4,
            interference_enjoyment=6,
            interference_activity=7,
            phq_interest="several_days",
            phq_down="not_at_all",
            gad_nervous="nearly_every_day",
            gad_worry="several_days",
            limb_changes=THREE,
            pain_out_of_proportion="yes",
            health_conditions=["blood_thinners"],
        )
    )
    assert json.loads(json.dumps(data)) == data  # plain JSON values only
    assert data["questionnaire"] == {"id": "drg-checklist", "version": "2"}
    assert data["overall"] == "matches"
    assert list(data["criteria"]) == [
        "duration",
        "location",
        "cause",
        "prior_treatment",
        "severity",
    ]
    assert list(data["approved_use"]) == ["adult", "crps"]
    assert data["approved_use"]["crps"]["status"] == "partly"  # the symptom pattern
    assert data["caveats"] == ["outside_approved_use"]
    keys = list(data)
    assert keys.index("criteria") + 1 == keys.index("approved_use")  # right under the criteria
    for criterion in [*data["criteria"].values(), *data["approved_use"].values()]:
        assert set(criterion) >= {"status", "reason"}
        assert criterion["status"] in {"met", "partly", "not_met", "unknown"}
        assert isinstance(criterion["reason"], str) and criterion["reason"]
    assert data["warning_signs"] == {"urgent": [], "prompt": []}
    assert data["crps"] == {
        "symptom_categories": ["sensory", "vasomotor", "sudomotor"],
        "pattern": True,
    }
    assert data["scores"] == {
        "pain_now": 7,
        "pain_average": 6,
        "pain_worst": 9,
        "pain_least": 4,
        "peg": 6.3,
        "phq2": 1,
        "gad2": 4,
    }
    assert data["precautions"] == ["blood_thinners"]
    assert data["drg_levels"] == {"foot": ["L4", "L5", "S1"]}
    assert data["missing"] == []
    assert data["questions_shown"] == BASE_SHOWN + 4  # limb section and two relief questions


def test_overall_values_are_from_the_contract_set(questionnaire: Questionnaire) -> None:
    allowed = {"matches", "partly_matches", "does_not_match", "incomplete", "urgent"}
    assert {rule.status for rule in questionnaire.rules.overall} == allowed


def test_evaluate_keeps_only_answers_to_shown_questions(questionnaire: Questionnaire) -> None:
    # The Answers object might come from elsewhere (the interview); evaluation still
    # ignores an answer whose question is not shown.
    values = {**MATCHING, "pain_locations": ["low_back"], "limb_changes": THREE}
    assessment = evaluate(questionnaire, Answers(values))
    assert "limb_changes" not in assessment.answers
    assert assessment.symptom_pattern is None
