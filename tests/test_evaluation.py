"""Evaluation: every branch of every criterion, the overall order, and each derived value."""

from __future__ import annotations

import json
from typing import Any

import pytest

from paincheck.answers.checking import Answers
from paincheck.answers.loading import parse_answers
from paincheck.evaluation import (
    Assessment,
    caveat_texts,
    evaluate,
    reason,
    to_json,
    warning_lines,
)
from paincheck.questionnaire import Questionnaire
from tests.helpers.inputs import MATCHING, assess
from tests.helpers.views import view_of

LOWER_LIMB = ["foot", "ankle", "lower_leg", "knee", "thigh", "hip", "groin"]
NEARBY = ["buttock", "pelvis"]


def status(assessment: Assessment, criterion: str) -> str:
    return next(r.status for r in assessment.criteria if r.criterion.id == criterion)


def approved(assessment: Assessment, item: str) -> str:
    return next(r.status for r in assessment.approved_use if r.criterion.id == item)


def why(assessment: Assessment, criterion: str) -> str:
    results = (*assessment.criteria, *assessment.approved_use)
    return reason(
        assessment, next(r for r in results if r.criterion.id == criterion), view_of(assessment)
    )


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
        *[([place], "met") for place in LOWER_LIMB],
        # the regions of the leg (v3): foot+ankle+lower leg, knee, thigh+hip, groin
        (["foot", "ankle", "lower_leg"], "met"),
        (["foot", "knee"], "met"),
        (["thigh", "hip", "groin"], "met"),
        (["lower_leg", "knee"], "met"),
        (["foot", "knee", "groin"], "partly"),
        (["ankle", "knee", "hip"], "partly"),
        (["foot", "thigh", "groin"], "partly"),
        (LOWER_LIMB, "partly"),
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


def test_sides_do_not_count_as_regions(questionnaire: Questionnaire) -> None:
    both = assess(questionnaire, pain_locations=["foot", "knee"], pain_side="both")
    assert status(both, "location") == "met"
    assert why(both, "location") == (
        "Your pain (foot, knee) is in the leg, hip or groin, on both sides, like the examples "
        "on the maker's page (foot, knee, hip, groin)."
    )
    left = assess(questionnaire, pain_locations=["foot", "knee"], pain_side="left")
    assert why(left, "location") == (
        "Your pain (foot, knee) is in the leg, hip or groin, like the examples on the maker's "
        "page (foot, knee, hip, groin)."
    )
    assert (
        status(assess(questionnaire, pain_locations=LOWER_LIMB, pain_side="left"), "location")
        == "partly"
    )


ISOLATED = (
    'The maker\'s page describes pain in one area ("isolated" pain). But pain from one nerve can '
    "spread over several parts of the leg. Your specialist can tell whether your pain counts as "
    "one area."
)


@pytest.mark.parametrize(
    ("locations", "text"),
    [
        (
            ["foot", "buttock", "low_back"],
            "Pain in these areas is outside the maker's examples of the leg, hip and groin: "
            "buttock, low back.",
        ),
        (
            ["pelvis"],
            "Pain in these areas is outside the maker's examples of the leg, hip and groin: "
            "pelvis.",
        ),
        (
            ["foot", "knee", "groin"],
            f"Your pain (foot, knee, groin) is in several parts of the leg, hip or groin. {ISOLATED}",
        ),
        (
            [*LOWER_LIMB, "buttock", "low_back"],
            "Pain in these areas is outside the maker's examples of the leg, hip and groin: "
            "buttock, low back. Also, your pain in the leg, hip or groin is in several parts of "
            f"it. {ISOLATED}",
        ),
    ],
)
def test_partly_location_says_each_thing_that_applies_in_order(
    questionnaire: Questionnaire, locations: list[str], text: str
) -> None:
    """The areas outside the examples, named; then, for three or more regions of the leg,
    the page's "isolated" pain, in its words, never "not for you"."""
    assessment = assess(questionnaire, pain_locations=locations)
    assert status(assessment, "location") == "partly"
    assert why(assessment, "location") == text


@pytest.mark.parametrize(
    ("locations", "text"),
    [
        (
            ["low_back"],
            "Your pain (low back) is not in the leg, hip or groin (the maker's page gives the "
            "foot, knee, hip and groin as examples).",
        ),
        (
            ["all_over"],
            "You said the pain is all over your body. The maker's page describes pain in one "
            "area, such as the foot, knee, hip or groin.",
        ),
    ],
)
def test_location_not_met_never_says_not_in_the_lower_body(
    questionnaire: Questionnaire, locations: list[str], text: str
) -> None:
    assessment = assess(questionnaire, pain_locations=locations)
    assert why(assessment, "location") == text
    for lang in ("en", "es"):
        reasons = [
            rule.text(lang)
            for criterion in questionnaire.rules.criteria
            for rule in criterion.rules
            if rule.text is not None
        ]
        assert not [
            r for r in reasons if "not in the lower body" in r or "no está en la parte baja" in r
        ]


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


PEDIATRIC = (
    "For medical devices, US rules treat people aged 21 and under as pediatric (young) "
    'patients. So "adults" in the approval likely means 22 and over.'
)


def test_approved_use_adult_says_pediatric_as_an_inference(questionnaire: Questionnaire) -> None:
    assert why(assess(questionnaire, age=19), "adult") == (
        f"You are 18 to 21. {PEDIATRIC} The main study took people aged 22 to 75. The device "
        "label says it has not been shown to be safe or to work for pediatric use."
    )
    assert why(assess(questionnaire, age=40), "adult") == f"You are 22 or over. {PEDIATRIC}"
    assert why(assess(questionnaire, age=15), "adult") == (
        "You are under 18. The US approval is for adults."
    )
    # FDA: "children" are a subgroup (2 to under 12); never say a 20-year-old counts as one.
    adult = next(c for c in questionnaire.rules.approved_use if c.id == "adult")
    for lang, word in (("en", "child"), ("es", "niño")):
        texts = [r.text(lang) for r in adult.rules if r.text] + [adult.source(lang)]
        assert not [t for t in texts if word in t.lower()], lang


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
        # v3: the approval is for CRPS of the legs; chosen nowhere in L, met becomes partly
        ({"crps_diagnosis": "crps", "pain_locations": ["arm", "hand"]}, "partly"),
        ({"crps_diagnosis": "crps", "pain_locations": ["low_back"]}, "partly"),
        ({"crps_diagnosis": "crps", "pain_locations": ["buttock"]}, "partly"),
        ({"crps_diagnosis": "crps", "pain_locations": ["all_over"]}, "partly"),
        ({"crps_diagnosis": "crps", "pain_locations": ["hand", "foot"]}, "met"),
        ({"crps_diagnosis": "crps", "pain_locations": ["groin"]}, "met"),
        ({"crps_diagnosis": "crps", "pain_locations": None}, "met"),
        # a partly stays partly
        ({"crps_diagnosis": "nerve_injury", "pain_locations": ["arm"]}, "partly"),
        ({"pain_locations": ["hand"], **PATTERN}, "partly"),
        ({"crps_diagnosis": "no", "pain_locations": ["arm"]}, "not_met"),
        ({"crps_diagnosis": "not_sure", "pain_locations": ["arm"]}, "unknown"),
    ],
)
def test_approved_use_crps(
    questionnaire: Questionnaire, changes: dict[str, Any], expected: str
) -> None:
    assessment = assess(questionnaire, **changes)
    assert approved(assessment, "crps") == expected
    text = why(assessment, "crps").lower()
    assert "you have crps" not in text and "do not match crps" not in text


def test_crps_outside_the_legs_says_where_the_approval_is(questionnaire: Questionnaire) -> None:
    arm = assess(questionnaire, crps_diagnosis="crps", pain_locations=["arm", "hand"])
    assert why(arm, "crps") == (
        "You said a doctor told you this pain is CRPS. The US approval is for CRPS in the legs, "
        "and the areas you chose are elsewhere. Your specialist can tell you what this means."
    )
    assert "outside_approved_use" in arm.caveats
    leg = assess(questionnaire, crps_diagnosis="crps")
    assert why(leg, "crps") == (
        "You said a doctor told you this pain is CRPS. The US approval is for CRPS in the legs."
    )


def test_not_sure_about_crps_gets_its_own_reason(questionnaire: Questionnaire) -> None:
    """Review N4: "I am not sure" is an answer, never "you did not say"."""
    unsure = assess(questionnaire, crps_diagnosis="not_sure")
    assert why(unsure, "crps") == (
        "You are not sure whether a doctor has said this pain is CRPS. Your specialist can check."
    )
    assert "did not say" not in why(unsure, "crps")
    assert reason(unsure, unsure.approved_use[1], view_of(unsure, "es")) == (
        "Usted no está seguro(a) de si un médico le ha dicho que este dolor es SDRC. Su "
        "especialista lo puede revisar."
    )
    unanswered = assess(questionnaire)
    assert why(unanswered, "crps") == (
        "You did not say whether a doctor has told you this pain is CRPS."
    )


def test_approved_use_never_changes_overall(questionnaire: Questionnaire) -> None:
    for changes in ({"age": 12}, {"age": 19}, {"crps_diagnosis": "no"}, {"age": None}):
        assert assess(questionnaire, **changes).overall == "matches", changes


# -- caveats ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "caveats"),
    [
        ({"age": 30, "crps_diagnosis": "crps"}, ()),
        # v3: an unknown approved-use item, and none narrower, gets its own caveat
        ({}, ("approved_use_unknown",)),
        ({"age": 30}, ("approved_use_unknown",)),
        ({"crps_diagnosis": "crps"}, ("approved_use_unknown",)),
        ({"age": 30, "crps_diagnosis": "not_sure"}, ("approved_use_unknown",)),
        # never together with outside_approved_use
        ({"crps_diagnosis": "no"}, ("outside_approved_use",)),
        ({"age": 19}, ("outside_approved_use",)),
        (
            {"age": 30, "crps_diagnosis": "crps", "pain_locations": ["arm"]},
            ("outside_approved_use",),
        ),
        ({"age": 19, "crps_diagnosis": "crps"}, ("outside_approved_use",)),
        ({"age": 30, "crps_diagnosis": "no"}, ("outside_approved_use",)),
        ({"age": 30, "crps_diagnosis": "nerve_injury"}, ("outside_approved_use",)),
        ({"age": 17, "crps_diagnosis": "crps"}, ("under_18", "outside_approved_use")),
        ({"age": 30, "crps_diagnosis": "crps", "can_use_controller": "no"}, ("contraindication",)),
        (
            {"age": 30, "crps_diagnosis": "crps", "health_conditions": ["surgery_risky"]},
            ("contraindication",),
        ),
        (
            {"can_use_controller": "with_help", "health_conditions": ["diathermy"]},
            ("approved_use_unknown",),
        ),
        (
            {"can_use_controller": "no", "health_conditions": ["surgery_risky"]},
            ("contraindication", "approved_use_unknown"),
        ),
        ({"age": 17}, ("under_18", "outside_approved_use")),
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


UNDER_18 = (
    "In the US, DRG therapy is approved only for adults. It has not been shown to be safe or to "
    "work in children and teenagers under 18."
)
POOR_SURGICAL_RISK = (
    "The label says the system should not be used by someone who is a poor risk for surgery: "
    "ask your specialist."
)
CANNOT_USE_REMOTE = (
    "The label says the system should not be used by someone who cannot use its remote: ask "
    "your specialist."
)
OUTSIDE = (
    'In the US, the approval is narrower than the criteria above: see "What the US approval '
    'says" below. Your specialist can tell you what this means for you.'
)
AGE_UNKNOWN = (
    "In the US, DRG therapy is approved only for adults, and your answers do not give your age."
)
CRPS_UNKNOWN = (
    "In the US, DRG therapy is approved only for CRPS in the legs, and your answers do not show "
    "whether a doctor has said CRPS."
)
UNKNOWN_CLOSING = (
    'Your specialist can tell you what this means: see "What the US approval says" below.'
)


@pytest.mark.parametrize(
    ("changes", "texts"),
    [
        (
            {"age": 16, "health_conditions": ["surgery_risky"], "crps_diagnosis": "crps"},
            [UNDER_18, POOR_SURGICAL_RISK, OUTSIDE],
        ),
        # one sentence per trigger: the remote alone never reads as a poor surgical risk
        ({"age": 40, "crps_diagnosis": "crps", "can_use_controller": "no"}, [CANNOT_USE_REMOTE]),
        (
            {"age": 40, "crps_diagnosis": "crps", "health_conditions": ["surgery_risky"]},
            [POOR_SURGICAL_RISK],
        ),
        (
            {
                "age": 40,
                "crps_diagnosis": "crps",
                "health_conditions": ["surgery_risky"],
                "can_use_controller": "no",
            },
            [f"{POOR_SURGICAL_RISK} {CANNOT_USE_REMOTE}"],
        ),
        # one sentence per unknown item, then one closing sentence
        ({}, [f"{AGE_UNKNOWN} {CRPS_UNKNOWN} {UNKNOWN_CLOSING}"]),
        ({"age": 40}, [f"{CRPS_UNKNOWN} {UNKNOWN_CLOSING}"]),
        ({"crps_diagnosis": "crps"}, [f"{AGE_UNKNOWN} {UNKNOWN_CLOSING}"]),
        ({"age": 40, "crps_diagnosis": "not_sure"}, [f"{CRPS_UNKNOWN} {UNKNOWN_CLOSING}"]),
        ({"age": 40, "crps_diagnosis": "crps"}, []),
    ],
)
def test_caveat_sentences(
    questionnaire: Questionnaire, changes: dict[str, Any], texts: list[str]
) -> None:
    assessment = assess(questionnaire, **changes)
    assert caveat_texts(assessment, view_of(assessment)) == texts
    spanish = caveat_texts(assessment, view_of(assessment, "es"))
    assert len(spanish) == len(texts)
    for text in spanish:
        assert text and "{" not in text and "indicaciones" not in text


def test_caveat_sentences_in_spanish(questionnaire: Questionnaire) -> None:
    assessment = assess(questionnaire, age=15, can_use_controller="no")
    assert caveat_texts(assessment, view_of(assessment, "es")) == [
        "En EE. UU., la terapia DRG está aprobada solo para adultos. No se ha demostrado que "
        "sea segura ni que funcione en niños y adolescentes menores de 18 años.",
        "La etiqueta oficial (las instrucciones del fabricante) dice que el sistema no se debe "
        "usar en alguien que no pueda usar su control remoto: pregunte a su especialista.",
        'En EE. UU., la aprobación es más limitada que los criterios de arriba: vea "Lo que '
        'dice la aprobación de EE. UU." más abajo. Su especialista le puede decir qué '
        "significa esto para usted.",
    ]
    unknown = assess(questionnaire)
    assert caveat_texts(unknown, view_of(unknown, "es")) == [
        "En EE. UU., la terapia DRG está aprobada solo para adultos, y sus respuestas no dicen "
        "su edad. En EE. UU., la terapia DRG está aprobada solo para el SDRC en las piernas, y "
        "sus respuestas no muestran si un médico le ha dicho que es SDRC. Su especialista le "
        'puede decir qué significa esto: vea "Lo que dice la aprobación de EE. UU." más abajo.'
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    "changes",
    [
        {"age": 16},
        {"age": 12, "pain_locations": ["foot", "buttock"]},
        {"age": 17, "crps_diagnosis": "crps", "pain_average": 4},
        {"age": 5, "warning_signs": ["cancer_history"]},
    ],
)
def test_under_18_the_verdict_never_invites_asking_about_the_therapy(
    questionnaire: Questionnaire, changes: dict[str, Any], lang: str
) -> None:
    """Review N9: the overall id is unchanged; its words point to all the options."""
    assessment = assess(questionnaire, **changes)
    adult = assess(questionnaire, **{**changes, "age": 40})
    assert assessment.overall == adult.overall
    assert assessment.overall in ("matches", "partly_matches")
    rule = assessment.overall_rule
    assert rule is not None and rule.text is not None
    words = rule.text(lang)
    for invitation in ("worth asking", "worth discussing", "valer la pena"):
        assert invitation not in words
    assert (
        "all the options for your pain" in words
        if lang == "en"
        else "todas las opciones para su dolor" in words
    )
    assert assessment.caveats[0] == "under_18"
    assert caveat_texts(assessment, view_of(assessment, lang))[0] == (
        UNDER_18
        if lang == "en"
        else caveat_texts(assess(questionnaire, age=15), view_of(questionnaire, "es"))[0]
    )


def test_unanswered_warning_signs_ask_for_them_first(questionnaire: Questionnaire) -> None:
    """Review N34: incomplete because the red-flag check did not happen says so."""
    assessment = assess(questionnaire, warning_signs=None)
    assert assessment.overall == "incomplete"
    rule = assessment.overall_rule
    assert rule is not None and rule.text is not None
    assert rule.text("en") == (
        "You have not answered the warning-signs question. Please answer it first: some signs "
        "need care right away. Until then, we cannot compare your answers with all the criteria "
        "below."
    )
    assert rule.text("es").startswith(
        "Usted no ha respondido la pregunta de las señales de alarma. Por favor, respóndala primero"
    )
    other = assess(questionnaire, pain_duration=None)
    assert other.overall_rule is not None and other.overall_rule.text is not None
    assert "warning-signs" not in other.overall_rule.text("en")


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
            text = reason(assessment, result, view_of(assessment))
            assert text and "{" not in text, (changes, result.criterion.id, text)
    assessment = assess(questionnaire, pain_duration="3_to_6_months", pain_onset="surgery")
    reasons = {
        r.criterion.id: reason(assessment, r, view_of(assessment)) for r in assessment.criteria
    }
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


# The advice line of every sign (contract v3's table), in English and Spanish.
EMERGENCY_NOW = (
    "Go to a hospital emergency department now. Or call 911 (in the US) or your local "
    "emergency number.",
    "Vaya ahora a la sala de emergencias de un hospital. O llame al 911 (en EE. UU.) o al "
    "número de emergencias de su país.",
)
SOON = (
    "Call your doctor's office today or tomorrow and ask for an urgent appointment.",
    "Llame hoy o mañana al consultorio de su médico y pida una cita urgente.",
)
ADVICE = {
    "saddle_numbness": EMERGENCY_NOW,
    "bladder_bowel_change": EMERGENCY_NOW,
    "leg_weakness_worsening": EMERGENCY_NOW,
    "fever_with_pain": EMERGENCY_NOW,
    "recent_major_accident": EMERGENCY_NOW,
    "implant_wound_problem": (
        "Call your implant team or surgeon now. If you cannot reach them, or you also have "
        "fever or chills, go to a hospital emergency department now.",
        "Llame ahora a su equipo del implante o a su cirujano. Si no logra hablar con ellos, o "
        "si también tiene fiebre o escalofríos, vaya ahora a la sala de emergencias de un "
        "hospital.",
    ),
    "one_leg_swollen_warm": (
        "Get medical help today. Call your doctor's office and ask to be seen today, or go to "
        "urgent care or a hospital emergency department. Call 911 (in the US) or your local "
        "emergency number at once if you are short of breath or have chest pain.",
        "Busque ayuda médica hoy. Llame al consultorio de su médico y pida que le vean hoy, o "
        "vaya a una clínica de atención de urgencia (urgent care) o a la sala de emergencias de "
        "un hospital. Llame enseguida al 911 (en EE. UU.) o al número de emergencias de su país "
        "si le falta el aire o tiene dolor en el pecho.",
    ),
    "cancer_history": (
        "If this pain is new or getting worse, call your doctor or cancer team today. If you "
        "also have new numbness, new weakness or trouble walking, go to a hospital emergency "
        "department now. If not, make sure your pain specialist knows about the cancer.",
        "Si este dolor es nuevo o está empeorando, llame hoy a su médico o a su equipo de "
        "cáncer. Si además tiene adormecimiento nuevo, debilidad nueva o le cuesta caminar, "
        "vaya ahora a la sala de emergencias de un hospital. Si no, asegúrese de que su "
        "especialista en dolor sepa que tuvo cáncer.",
    ),
    "unexplained_weight_loss": SOON,
    "night_pain_at_rest": SOON,
}
URGENT_SIGNS = [
    "saddle_numbness",
    "bladder_bowel_change",
    "leg_weakness_worsening",
    "fever_with_pain",
    "implant_wound_problem",
    "recent_major_accident",
    "one_leg_swollen_warm",
]


@pytest.mark.parametrize("sign", list(ADVICE))
def test_each_sign_has_its_own_advice_line(questionnaire: Questionnaire, sign: str) -> None:
    other = "night_pain_at_rest" if sign in URGENT_SIGNS else "fever_with_pain"
    assessment = assess(questionnaire, warning_signs=[sign, other])
    lines = [
        (line.flag, line.choice, line.advice)
        for line in warning_lines(assessment, view_of(assessment))
    ]
    expected = [("urgent", sign, ADVICE[sign][0]), ("prompt", other, ADVICE[other][0])]
    if sign not in URGENT_SIGNS:
        expected = [("urgent", other, ADVICE[other][0]), ("prompt", sign, ADVICE[sign][0])]
    assert lines == expected
    spanish = warning_lines(
        assess(questionnaire, warning_signs=[sign]), view_of(questionnaire, "es")
    )
    assert [line.advice for line in spanish] == [ADVICE[sign][1]]


def test_no_advice_says_next_visit_and_spanish_never_says_bare_urgencias(
    questionnaire: Questionnaire,
) -> None:
    """Review N2, N3: the soon signs are same-day or next-day; "urgencias" alone reads as an
    urgent-care clinic to many US readers."""
    flags = questionnaire.rules.flags
    texts = {
        lang: [
            text(lang)
            for style in flags.values()
            for text in (style.title, style.message, *style.advice.values())
        ]
        for lang in ("en", "es")
    }
    assert not [t for t in texts["en"] if "next visit" in t or "emergency services" in t]
    assert not [t for t in texts["es"] if "urgencias" in t or "próxima cita" in t]
    assert flags["prompt"].title("en") == "Call your doctor soon"
    assert flags["urgent"].title("en") == "Get medical care now"


def test_every_flagged_choice_has_advice_and_no_sign_says_only_today(
    questionnaire: Questionnaire,
) -> None:
    question = questionnaire.question("warning_signs")
    assert question is not None
    for flag in ("urgent", "prompt"):
        chosen = [c.id for c in question.choices if c.flag == flag]
        assert sorted(questionnaire.rules.flags[flag].advice) == sorted(chosen), flag
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
    assert assessment.caveats == ("approved_use_unknown",)


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
    assert data["questionnaire"] == {"id": "drg-checklist", "version": "3"}
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
