"""Evaluation: every branch of every criterion, the overall order, and each derived value."""

from __future__ import annotations

import json
from typing import Any

import pytest

from paincheck.answers import Answers, parse_answers
from paincheck.evaluation import Assessment, evaluate, reason, to_json
from paincheck.questionnaire import Questionnaire

LOWER_BODY = ["foot", "ankle", "lower_leg", "knee", "thigh", "hip", "groin", "buttock", "pelvis"]

# Answers that meet every criterion; tests change one thing at a time.
MATCHING: dict[str, Any] = {
    "pain_locations": ["foot"],
    "pain_duration": "1_to_5_years",
    "pain_onset": "injury",
    "pain_now": 7,
    "pain_average": 6,
    "warning_signs": ["none"],
    "treatments_tried": ["surgery"],
    "relief_surgery": "little",
}


def assess(questionnaire: Questionnaire, **changes: Any) -> Assessment:
    """Evaluate MATCHING with some answers changed (None leaves a question out)."""
    answers = {**MATCHING, **changes}
    answers = {k: v for k, v in answers.items() if v is not None}
    loaded = parse_answers(questionnaire, {"answers": answers}, "test.yaml")
    return evaluate(questionnaire, loaded.answers)


def status(assessment: Assessment, criterion: str) -> str:
    return next(r.status for r in assessment.criteria if r.criterion.id == criterion)


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
        (LOWER_BODY, "met"),
        *[([place], "met") for place in LOWER_BODY],
    ],
)
def test_location(questionnaire: Questionnaire, locations: list[str] | None, expected: str) -> None:
    assert status(assess(questionnaire, pain_locations=locations), "location") == expected


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
        (["other"], {"relief_other": "none"}, "met"),
        (["otc_medicines"], {"relief_otc_medicines": "some"}, "partly"),
    ],
)
def test_prior_treatment(
    questionnaire: Questionnaire, tried: list[str] | None, relief: dict[str, str], expected: str
) -> None:
    assessment = assess(
        questionnaire, **{"treatments_tried": tried, "relief_surgery": None, **relief}
    )
    assert status(assessment, "prior_treatment") == expected


def test_relief_for_a_treatment_not_tried_does_not_count(questionnaire: Questionnaire) -> None:
    answers = {**MATCHING, "relief_opioids": "a_lot"}
    loaded = parse_answers(questionnaire, {"answers": answers}, "test.yaml")
    assert [w.question for w in loaded.warnings] == ["relief_opioids"]
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
    ]
    for changes in cases:
        assessment = assess(questionnaire, **changes)
        for result in assessment.criteria:
            text = reason(assessment, result)
            assert text and "{" not in text, (changes, result.criterion.id, text)
    assessment = assess(questionnaire, pain_duration="3_to_6_months", pain_onset="surgery")
    reasons = {r.criterion.id: reason(assessment, r) for r in assessment.criteria}
    assert "3 to 6 months" in reasons["duration"]
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
    ],
)
def test_each_urgent_sign_makes_the_overall_urgent(questionnaire: Questionnaire, sign: str) -> None:
    assessment = assess(questionnaire, warning_signs=[sign, "cancer_history"])
    assert assessment.overall == "urgent"
    assert assessment.warning_signs == {"urgent": (sign,), "prompt": ("cancer_history",)}


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
        ({"age": 17}, ("under_18",)),
        ({"age": 18}, ()),
        ({"age": 1}, ("under_18",)),
        (
            {"age": 16, "can_use_controller": "no", "health_conditions": ["diathermy"]},
            ("diathermy", "cannot_use_controller", "under_18"),
        ),
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


BASE_SHOWN = 28  # every question without a condition


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
    assessment = assess(questionnaire, relief_surgery=None, **changes)
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


def test_all_relief_questions_exist_one_per_treatment(questionnaire: Questionnaire) -> None:
    tried = questionnaire.question("treatments_tried")
    assert tried is not None
    ids = [c.id for c in tried.choices if c.id != "none"]
    relief = [q.id for q in questionnaire.questions if q.id.startswith("relief_")]
    assert relief == [f"relief_{t}" for t in ids]
    assessment = assess(questionnaire, treatments_tried=ids, relief_surgery=None)
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
    assert data["questionnaire"] == {"id": "drg-checklist", "version": "1"}
    assert data["overall"] == "matches"
    assert list(data["criteria"]) == ["duration", "location", "cause", "prior_treatment"]
    for criterion in data["criteria"].values():
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
    assert data["questions_shown"] == BASE_SHOWN + 3  # limb section and relief_surgery


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
