"""The questionnaire: the shipped checklist keeps the contract, another folder loads, and a bad
folder gets every problem reported with its file and item."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from paincheck.errors import PaincheckError
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import OTHER
from tests.helpers.inputs import copy_other, edit, many_choices_folder, problems

LOCATIONS = [
    "foot", "ankle", "lower_leg", "knee", "thigh", "hip", "groin", "buttock", "pelvis",
    "low_back", "upper_back", "neck", "shoulder", "arm", "hand", "chest", "abdomen", "head",
    "all_over",
]  # fmt: skip
TREATMENTS = [
    "otc_medicines", "nerve_pain_medicines", "opioids", "physical_therapy",
    "injections_nerve_blocks", "surgery", "spinal_cord_stimulation", "drg_stimulation",
    "psychological_therapy", "other", "none",
]  # fmt: skip
FREQUENCY = ["not_at_all", "several_days", "more_than_half_the_days", "nearly_every_day"]
RELIEF = ["none", "little", "some", "a_lot"]
SCALE = (0, 10)

# questionnaire.md, "Sections and questions": (section, id, type, choices or range, required)
CONTRACT: list[tuple[str, str, str, Any, bool]] = [
    ("about", "name", "text", None, False),
    ("about", "age", "integer", (1, 120), False),
    ("about", "completed_by", "single", ["self", "with_help", "someone_else"], False),
    ("pain", "pain_locations", "multi", LOCATIONS, True),
    ("pain", "pain_side", "single", ["left", "right", "both", "middle"], False),
    ("pain", "worst_location", "single", None, False),
    (
        "pain",
        "pain_duration",
        "single",
        ["under_3_months", "3_to_6_months", "6_to_12_months", "1_to_5_years", "over_5_years"],
        True,
    ),
    (
        "pain",
        "pain_onset",
        "single",
        ["injury", "surgery", "illness", "no_clear_cause", "not_sure"],
        True,
    ),
    ("pain", "onset_detail", "text", None, False),
    ("pain", "crps_diagnosis", "single", ["crps", "nerve_injury", "no", "not_sure"], False),
    (
        "pain",
        "pain_feels_like",
        "multi",
        [
            "burning",
            "tingling",
            "numbness",
            "electric_shocks",
            "aching",
            "throbbing",
            "stabbing",
            "cramping",
        ],
        False,
    ),
    ("pain", "pain_now", "integer", SCALE, True),
    ("pain", "pain_average", "integer", SCALE, True),
    ("pain", "pain_worst", "integer", SCALE, False),
    ("pain", "pain_least", "integer", SCALE, False),
    ("pain", "interference_enjoyment", "integer", SCALE, False),
    ("pain", "interference_activity", "integer", SCALE, False),
    (
        "warning_signs",
        "warning_signs",
        "multi",
        [
            "saddle_numbness",
            "bladder_bowel_change",
            "leg_weakness_worsening",
            "fever_with_pain",
            "implant_wound_problem",
            "recent_major_accident",
            "one_leg_swollen_warm",
            "cancer_history",
            "unexplained_weight_loss",
            "night_pain_at_rest",
            "none",
        ],
        True,
    ),
    (
        "limb_changes",
        "limb_changes",
        "multi",
        [
            "extra_sensitive",
            "light_touch_hurts",
            "temperature_difference",
            "color_change",
            "swelling",
            "sweating_change",
            "stiffness",
            "weakness",
            "tremor_or_spasms",
            "hair_nail_skin_change",
            "none",
        ],
        False,
    ),
    ("limb_changes", "pain_out_of_proportion", "single", ["yes", "no", "not_sure"], False),
    ("treatments", "treatments_tried", "multi", TREATMENTS, True),
    *[("treatments", f"relief_{t}", "single", RELIEF, False) for t in TREATMENTS[:-1]],
    ("treatments", "current_medicines", "text", None, False),
    (
        "daily_life",
        "daily_impacts",
        "multi",
        [
            "sleep",
            "work",
            "walking",
            "standing",
            "sitting",
            "driving",
            "housework",
            "exercise",
            "social_life",
            "mood",
            "none",
        ],
        False,
    ),
    ("daily_life", "goals", "text", None, False),
    ("mood", "phq_interest", "single", FREQUENCY, False),
    ("mood", "phq_down", "single", FREQUENCY, False),
    ("mood", "gad_nervous", "single", FREQUENCY, False),
    ("mood", "gad_worry", "single", FREQUENCY, False),
    (
        "health",
        "health_conditions",
        "multi",
        [
            "blood_thinners",
            "bleeding_problem",
            "infection_now",
            "diabetes",
            "weak_immune_system",
            "pregnant_or_planning",
            "pacemaker_or_defibrillator",
            "other_implant",
            "need_mri",
            "diathermy",
            "surgery_risky",
            "none",
        ],
        False,
    ),
    ("health", "can_use_controller", "single", ["yes", "with_help", "no", "not_sure"], False),
    ("next_steps", "open_to_trial", "single", ["yes", "no", "not_sure"], False),
    ("next_steps", "questions_for_doctor", "text", None, False),
]


# -- the shipped checklist -------------------------------------------------------------------


def test_shipped_checklist_keeps_the_contract(questionnaire: Questionnaire) -> None:
    assert (questionnaire.id, questionnaire.version) == ("drg-checklist", "3")
    assert questionnaire.compatible_versions == ("2",)
    assert [s.id for s in questionnaire.sections] == [
        "about", "pain", "warning_signs", "limb_changes", "treatments", "daily_life", "mood",
        "health", "next_steps",
    ]  # fmt: skip
    actual = []
    for q in questionnaire.questions:
        if q.type == "integer":
            detail: Any = (q.min, q.max)
        elif q.choices:
            detail = [c.id for c in q.choices]
        else:
            detail = None
        actual.append((q.section, q.id, q.type, detail, q.required))
    assert actual == CONTRACT


def test_contract_details(questionnaire: Questionnaire) -> None:
    def q(question_id: str) -> Any:
        return questionnaire.question(question_id)

    assert q("worst_location").choices_from == "pain_locations"
    assert q("pain_least").at_most == "pain_worst"
    assert q("name").identifying and q("age").identifying
    assert [c.id for c in q("pain_locations").choices if c.exclusive] == ["all_over"]
    for multi in ["warning_signs", "limb_changes", "treatments_tried", "daily_impacts"]:
        assert [c.id for c in q(multi).choices if c.exclusive] == ["none"], multi
    flags = {c.id: c.flag for c in q("warning_signs").choices}
    assert [k for k, v in flags.items() if v == "urgent"] == [
        "saddle_numbness", "bladder_bowel_change", "leg_weakness_worsening", "fever_with_pain",
        "implant_wound_problem", "recent_major_accident", "one_leg_swollen_warm",
    ]  # fmt: skip
    assert [k for k, v in flags.items() if v == "prompt"] == [
        "cancer_history", "unexplained_weight_loss", "night_pain_at_rest",
    ]  # fmt: skip
    categories = {c.id: c.category for c in q("limb_changes").choices}
    assert categories["extra_sensitive"] == categories["light_touch_hurts"] == "sensory"
    assert categories["temperature_difference"] == categories["color_change"] == "vasomotor"
    assert categories["swelling"] == categories["sweating_change"] == "sudomotor"
    assert {categories[c] for c in ["stiffness", "weakness", "tremor_or_spasms"]} == {"motor"}
    assert categories["hair_nail_skin_change"] == "motor"
    assert [c.weight for c in q("phq_interest").choices] == [0, 1, 2, 3]
    for text_id in ["current_medicines", "questions_for_doctor"]:
        assert q(text_id).multiline
    assert all(q.max_length == 500 for q in questionnaire.questions if q.type == "text")
    assert [c.id for c in questionnaire.rules.criteria] == [
        "duration",
        "location",
        "cause",
        "prior_treatment",
        "severity",
    ]
    assert [c.id for c in questionnaire.rules.approved_use] == ["adult", "crps"]
    assert [c.id for c in questionnaire.rules.caveats] == [
        "under_18",
        "contraindication",
        "outside_approved_use",
        "approved_use_unknown",
    ]


def test_every_question_has_text_and_help(questionnaire: Questionnaire) -> None:
    for lang in questionnaire.languages:
        for question in questionnaire.questions:
            assert question.text(lang).strip(), (lang, question.id)
            assert question.help(lang).strip(), (lang, question.id)
            for choice in question.choices:
                assert choice.label(lang).strip(), (lang, question.id, choice.id)
        for section in questionnaire.sections:
            assert section.title(lang).strip(), (lang, section.id)


def test_relief_questions_name_their_treatment(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("relief_surgery")
    assert question is not None
    assert question.text("en").startswith("Surgery:")
    assert question.group == "relief"


def test_reading_level_of_question_and_help_texts(questionnaire: Questionnaire) -> None:
    """Flesch-Kincaid grade of the English question and help texts: grade 8 or below."""
    import textstat  # type: ignore[import-untyped]  # dev dependency: fail, not skip, if missing

    textstat.set_lang("en")  # the Spanish tests switch textstat's (global) language
    texts: list[str] = []
    for question in questionnaire.questions:
        for text in (question.text("en"), question.help("en")):
            if text not in texts:  # the relief questions share one help text
                texts.append(text)
    # Each text is a sentence of its own; end the ones without a full stop so they count so.
    joined = " ".join(t if t.rstrip()[-1] in ".?!" else t + "." for t in texts)
    grade = textstat.flesch_kincaid_grade(joined)
    print(f"\nFlesch-Kincaid grade of {len(texts)} question and help texts: {grade:.1f}")
    assert grade <= 8
    hardest = max(texts, key=textstat.flesch_kincaid_grade)
    assert textstat.flesch_kincaid_grade(hardest) <= 10, hardest


# -- another questions folder ----------------------------------------------------------------


def test_another_questions_folder_loads(tmp_path: Path) -> None:
    other = load_questionnaire(OTHER)
    assert (other.id, other.version) == ("sleep-check", "2")
    assert [s.id for s in other.sections] == ["basics", "snoring", "tried", "day"]
    assert [q.id for q in other.questions if q.group == "helped"] == [
        "helped_pills",
        "helped_routine",
    ]
    assert [c.id for c in other.rules.criteria] == ["frequency", "tried_first"]
    assert other.message("summary_title") == "Your sleep check: summary"
    assert other.rules.symptom_pattern is None and other.rules.levels == {}


def test_a_folder_without_rules_loads_too(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    (folder / "rules.yaml").unlink()
    text = (folder / "questionnaire.yaml").read_text()
    (folder / "questionnaire.yaml").write_text(text.replace(", flag: urgent", ""))
    loaded = load_questionnaire(folder)
    assert loaded.rules.criteria == ()


# -- bad folders -----------------------------------------------------------------------------


QUESTIONS = "questionnaire.yaml"
RULES = "rules.yaml"


@pytest.mark.parametrize(
    ("file", "old", "new", "says"),
    [
        (QUESTIONS, "id: nights", "id: age", "age: question id used twice"),
        (QUESTIONS, "type: integer\n        required: true", "type: number\n        required: true",
         "nights: type must be one of text, integer, single, multi, got 'number'"),
        (QUESTIONS, "required: true\n        text: What trouble", "required: no\n        text: What trouble",
         "problems: 'required' must be true or false, got 'no'"),
        (QUESTIONS, "        help: Your age helps the clinic plan.\n", "        hint: typo\n",
         "age: unknown key 'hint'"),
        (QUESTIONS, "        help: Your age helps the clinic plan.\n", "",
         "age: 'help' is missing"),
        (QUESTIONS, "max: 120", "max: lots", "age: 'max' must be a whole number, got 'lots'"),
        (QUESTIONS, "min: 0\n        max: 7", "min: 8\n        max: 7", "nights: 'min' (8) is above 'max' (7)"),
        (QUESTIONS, "{q: problems, count_at_least: 2}", "{q: nights, at_least: 2}",
         "main_problem: condition refers to 'nights', not an earlier question"),
        (QUESTIONS, "{q: problems, count_at_least: 2}", "{q: problem, count_at_least: 2}",
         "main_problem: condition refers to 'problem', not an earlier question"),
        (QUESTIONS, "contains_any: [snoring]", "contains_any: [snorring]",
         "section snoring: condition names 'snorring', not a choice of problems"),
        (QUESTIONS, "{q: problems, count_at_least: 2}", "{q: problems, more_than: 2}",
         "main_problem: condition: unknown test 'more_than'"),
        (QUESTIONS, "{id: pills, label: Sleeping pills}", "{id: pills, label: Sleeping pills}\n          - {id: pills, label: Pills again}",
         "remedies: choice 'pills' is listed twice"),
        (QUESTIONS, "languages: [en]", "languages: [en, fr]",
         "languages: declares 'fr' but"),
        (QUESTIONS, "languages: [en]", "languages: [fr]", "languages: must be a list that includes 'en'"),
        (QUESTIONS, "title: Your sleep\n", "title: Your sleep\n    colour: blue\n",
         "sections[0]: unknown key 'colour'"),
        (QUESTIONS, "flag: urgent", "flag: urgnt",
         "danger: choice dozed_driving: flag 'urgnt' is not one of the flags in rules.yaml"),
        (QUESTIONS, "choices_from: problems", "choices_from: nights",
         "main_problem: 'choices_from' must name an earlier multi question"),
        (QUESTIONS, "for_each: remedies", "for_each: remedys",
         "repeat helped: 'for_each' must name an earlier multi question"),
        (QUESTIONS, "  summary_title:", "  sumary_title:",
         "messages.sumary_title: no such interface message (did you mean 'summary_title'?)"),
        (RULES, "status: partly\n        when: {q: remedies", "status: partial\n        when: {q: remedies",
         "criteria.tried_first.rules[4]: status must be one of met, partly, not_met, unknown, got 'partial'"),
        (RULES, "  - status: matches\n", "  - status: fine\n",
         "overall[4]: status must be one of urgent, does_not_match, incomplete, partly_matches, matches"),
        (RULES, "{criterion_any: partly}", "{criterion_any: partial}",
         "overall[3]: 'criterion_any: partial' must be one of met, partly, not_met, unknown"),
        (RULES, "{flag: urgent}", "{flag: urgnt}",
         "overall[0]: 'flag: urgnt' is not one of the flags in rules.yaml"),
        (RULES, "{q: nights, at_least: 3}", "{q: night, at_least: 3}",
         "criteria.frequency.rules[0]: condition refers to 'night', not an earlier question"),
        (RULES, "      - status: met\n        reason: What you tried did not help.\n", "",
         "criterion tried_first: the last rule needs no 'when'"),
        (QUESTIONS, "{q: problems, count_at_least: 2}", "{q: problems, equals: snoring}",
         "main_problem: 'equals' does not work on problems (multi question); it works on: single"),
        (RULES, "{q: nights, at_least: 3}", "{q: nights, contains_any: [three]}",
         "criteria.frequency.rules[0]: 'contains_any' does not work on nights (integer question)"),
        (RULES, '{each_shown: helped, any: {equals: "yes"}}', "{each_shown: helped, any: {at_least: 1}}",
         "criteria.tried_first.rules[2]: 'at_least' does not work on helped_pills"),
        (
            RULES,
            '{each_shown: helped, any: {equals: "yes"}}',
            '{not: {not: {each_shown: helped, any: {equals: "yess"}}}}',
            "criteria.tried_first.rules[2]: condition names 'yess', not a choice of the 'helped'",
        ),
        (RULES, "{each_shown: helped,", "{each_shown: helpd,",
         "'each_shown' names 'helpd', not a repeated group"),
        (RULES, "sum_of: [sleepy_day, sleepy_mood]", "sum_of: [sleepy_day, nights]",
         "score daytime: 'nights' must be a single question with a weight on every choice"),
        (RULES, "flag_at: 3", "flag_at: three", "score daytime: 'flag_at' must be a number"),
        (RULES, "{max: 2, meaning: Low}", "{max: low, meaning: Low}",
         "score daytime: 'bands: max' must be a number"),
        (RULES, "met: {word: Yes, symbol: \"+\", ascii: \"+\"}", "met: {word: Yes, symbol: \"+\"}",
         "statuses.met: 'ascii' is missing"),
        (RULES, "disclaimer:", "disclaimor:", "rules: unknown key 'disclaimor'"),
        (QUESTIONS, "      - id: age\n", "      - id: age\n        code: {system: loinc, code: A, display: Age}\n",
         "age: code: 'system' must be a URI such as http://loinc.org, got 'loinc'"),
        (QUESTIONS, "      - id: age\n", "      - id: age\n        code: {system: urn:x, code: 30, display: Age}\n",
         "age: code: 'code' must be text, got 30"),
        (QUESTIONS, "      - id: age\n", "      - id: age\n        code: {system: urn:x, code: A}\n",
         "age: code: 'display' is missing"),
        (QUESTIONS, "      - id: age\n", "      - id: age\n        code: 72514-3\n",
         "age: code: must be a mapping, got str"),
        (RULES, "header: {age: age}", "header: {age: agee}",
         "report.header.age: 'agee' is not a question of questionnaire.yaml (did you mean 'age'?)"),
        (RULES, "header: {age: age}", "details: [nights, snore_stop]",
         "report.details: 'snore_stop' is not a question of questionnaire.yaml "
         "(did you mean 'snore_stops'?)"),
        (RULES, "header: {age: age}", "body_map: {locations: nights}",
         "report.body_map.locations: 'nights' is a question of type integer; this part needs a "
         "multi question"),
        (RULES, "header: {age: age}", "body_map: {side: snore_stops}",
         "report.body_map: 'locations' is missing"),
        (RULES, "header: {age: age}", "treatments: main_problem",
         "report.treatments: 'main_problem' is a question of type single; this part needs a multi "
         "question"),
        (RULES, "header: {age: age}", "pain_bars: [nights, daytime]",
         "report.pain_bars: 'daytime' is a sum_of score; a bar shows one answer (value_of)"),
        (RULES, "header: {age: age}", "pain_score: night",
         "report.pain_score: 'night' is not a score (did you mean 'nights'?)"),
        (RULES, "header: {age: age}", "mood_scores: [age]",
         "report.mood_scores: 'age' is not a score"),
        (RULES, "header: {age: age}", "own_words: remedies",
         "report: 'own_words' must be a list of ids, got 'remedies'"),
        (RULES, "header: {age: age}", "header: {age: [age]}",
         "report.header: 'age' must be one id, got ['age']"),
        (RULES, "  header: {age: age}", "  - age", "report: must be a mapping, got list"),
        # groups_at_least: a multi answer, real choices, a count it can reach
        (RULES, "{q: remedies, count_at_least: 2}", "{q: nights, groups_at_least: {count: 1, groups: [[pills]]}}",
         "criteria.tried_first.rules[4]: 'groups_at_least' does not work on nights (integer question)"),
        (RULES, "{q: remedies, count_at_least: 2}", "{q: remedies, groups_at_least: {count: 2, groups: [[pills], [tea]]}}",
         "criteria.tried_first.rules[4]: condition names 'tea', not a choice of remedies"),
        (RULES, "{q: remedies, count_at_least: 2}", "{q: remedies, groups_at_least: {count: 3, groups: [[pills], [routine]]}}",
         "criteria.tried_first.rules[4]: condition: 'groups_at_least' count 3 is more than its 2 groups: it could never hold"),
        (RULES, "{q: remedies, count_at_least: 2}", "{q: remedies, groups_at_least: {count: 2, groups: [pills, routine]}}",
         "criteria.tried_first.rules[4]: condition: 'groups_at_least' groups needs a list of lists of choice ids"),
        (RULES, "{q: remedies, count_at_least: 2}", "{q: remedies, groups_at_least: 2}",
         "criteria.tried_first.rules[4]: condition: 'groups_at_least' needs a mapping {count, groups}, got 2"),
        (RULES, "{q: remedies, count_at_least: 2}", "{q: remedies, groups_at_least: {count: 0, groups: [[pills]]}}",
         "'groups_at_least' count needs a whole number of 1 or more, got 0"),
        # {criterion: ID, status: S}: a real result, worked out before the rule reads it
        (RULES, "{criterion_any: partly}", "{criterion: frequence, status: partly}",
         "overall[3]: 'criterion: frequence' names no item of criteria in rules.yaml (did you mean 'frequency'?)"),
        (RULES, "{criterion_any: partly}", "{criterion: frequency, status: partial}",
         "overall[3]: 'criterion: frequency' status must be one of met, partly, not_met, unknown"),
        (RULES, "{q: nights, at_least: 3}", "{criterion: tried_first, status: met}",
         "criteria.frequency.rules[0]: 'criterion: tried_first' is worked out after this rule, so it would never hold here"),
        (RULES, "{q: nights, at_least: 3}", "{criterion: frequency, status: met}",
         "criteria.frequency.rules[0]: 'criterion: frequency' is worked out after this rule"),
        (RULES, "{criterion_any: partly}", "{approved_use: adult, status: partly}",
         "overall[3]: 'approved_use: adult' names no item of approved_use in rules.yaml"),
        # caveats: a text, or sentences, each with a text
        (RULES, "disclaimer:", "caveats:\n  - {id: note, when: {q: nights, at_least: 5}}\ndisclaimer:",
         "caveats.note: needs either 'text' or 'sentences' (a list of {when, text})"),
        (RULES, "disclaimer:", "caveats:\n  - {id: note, when: {q: nights, at_least: 5}, text: A, sentences: [{text: B}]}\ndisclaimer:",
         "caveats.note: needs either 'text' or 'sentences'"),
        (RULES, "disclaimer:", "caveats:\n  - {id: note, when: {q: nights, at_least: 5}, sentences: [{when: {q: nite, at_least: 6}}]}\ndisclaimer:",
         "caveats.note.sentences[0]: 'text' is missing"),
        (RULES, "disclaimer:", "caveats:\n  - {id: note, when: {q: nights, at_least: 5}, sentences: [{when: {q: nite, at_least: 6}, text: A}]}\ndisclaimer:",
         "caveats.note.sentences[0]: condition refers to 'nite', not an earlier question"),
        (RULES, "disclaimer:", "caveats:\n  - {id: note, when: {q: nights, at_least: 5}, sentences: []}\ndisclaimer:",
         "caveats.note: 'sentences' must be a non-empty list of {when, text}"),
        (RULES, "disclaimer:", "caveats:\n  - {id: note, when: {q: nights, at_least: 5}, sentences: [{text: A}]}\n"
         "  - {id: other, when: {criterion: tried_firs, status: met}, text: B}\ndisclaimer:",
         "caveats.other: 'criterion: tried_firs' names no item of criteria in rules.yaml (did you mean 'tried_first'?)"),
        (RULES, "    source: Made up.\n  - id: daytime", "    source: Made up.\n    flag_note: Call now.\n  - id: daytime",
         "score nights: 'flag_note' needs 'flag_at' (it is printed when flagged)"),
        (QUESTIONS, 'version: "2"', 'version: "2"\ncompatible_versions: 1',
         "compatible_versions: must be a list of versions"),
    ],
)  # fmt: skip
def test_each_bad_folder_problem_names_file_and_item(
    tmp_path: Path, file: str, old: str, new: str, says: str
) -> None:
    folder = copy_other(tmp_path)
    edit(folder, file, old, new)
    found = problems(folder)
    assert any(says in p for p in found), found
    assert all(p.startswith(str(folder)) for p in found), found
    assert any(p.startswith(f"{folder / file}: ") for p in found if says in p), found


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, "id: nights", "id: age")
    edit(folder, QUESTIONS, "contains_any: [snoring]", "contains_any: [snorring]")
    edit(folder, QUESTIONS, "max: 120", "max: lots")
    edit(folder, RULES, "{criterion_any: partly}", "{criterion_any: partial}")
    edit(folder, RULES, "disclaimer:", "disclaimor:")
    found = problems(folder)
    for says in [
        "questionnaire.yaml: age: question id used twice",
        "questionnaire.yaml: section snoring: condition names 'snorring'",
        "questionnaire.yaml: age: 'max' must be a whole number",
        "rules.yaml: overall[3]: 'criterion_any: partial'",
        "rules.yaml: rules: unknown key 'disclaimor'",
    ]:
        assert any(says in p for p in found), (says, found)


def test_a_missing_translations_file_is_one_problem(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, "languages: [en]", "languages: [en, es]")
    assert problems(folder) == [
        f"{folder / QUESTIONS}: languages: declares 'es' but "
        f"{folder / 'translations' / 'es.yaml'} does not exist"
    ]


def test_translations_must_cover_every_text_and_nothing_else(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, "languages: [en]", "languages: [en, es]")
    (folder / "translations").mkdir()
    (folder / "translations" / "es.yaml").write_text(
        textwrap.dedent(
            """\
            title: Revisión del sueño
            questions:
              age:
                text: ¿Cuántos años tiene?
              agee:
                text: typo
            """
        )
    )
    found = problems(folder)
    es = str(folder / "translations" / "es.yaml")
    assert f"{es}: questions.age.help: no 'es' text (declared in languages)" in found
    assert f"{es}: questions.agee.text: translates nothing: no such text in the questionnaire" in (
        found
    )
    assert not any("questions.age.text" in p for p in found)


def test_a_translated_folder_speaks_both_languages(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, "languages: [en]", "languages: [en, es]")
    # Give every text the loader uses a Spanish value: take the list from its own complaint.
    (folder / "translations").mkdir()
    (folder / "translations" / "es.yaml").write_text("title: Sueño\n")
    missing = [p.question for p in _problems(folder) if p.question]
    lines = [f'"{key}": "ES {key}"' for key in missing]
    (folder / "translations" / "es.yaml").write_text("\n".join(lines) + "\ntitle: Sueño\n")
    loaded = load_questionnaire(folder)
    assert loaded.languages == ("en", "es")
    assert loaded.title("es") == "Sueño"
    question = loaded.question("age")
    assert question is not None
    assert question.text("es") == "ES questions.age.text"
    assert question.text("en") == "How old are you?"


def _problems(folder: Path) -> list[Any]:
    with pytest.raises(PaincheckError) as caught:
        load_questionnaire(folder)
    return list(caught.value.problems)


@pytest.mark.parametrize(
    ("setup", "says"),
    [
        ("no-folder", "is not a questions folder"),
        ("no-file", "has no questionnaire.yaml"),
        ("empty", "is empty"),
        ("list", "questionnaire: must be a mapping, got list"),
        ("bad-yaml", "is not valid YAML"),
    ],
)
def test_unreadable_folder(tmp_path: Path, setup: str, says: str) -> None:
    folder = tmp_path / "q"
    if setup != "no-folder":
        folder.mkdir()
    content = {"empty": "", "list": "- a\n", "bad-yaml": "id: [\n"}.get(setup)
    if content is not None:
        (folder / "questionnaire.yaml").write_text(content)
    found = problems(folder)
    assert any(says in p for p in found), found


def test_a_command_in_one_language_reads_only_that_translation(tmp_path: Path) -> None:
    # An English run need not parse (or be stopped by) the Spanish file; checking every
    # declared language still reports it.
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, "languages: [en]", "languages: [en, es]")
    (folder / "translations").mkdir()
    (folder / "translations" / "es.yaml").write_text("title: Sueño\n")
    english_only = load_questionnaire(folder, ["en"])
    assert english_only.languages == ("en", "es")
    assert english_only.title("es") == english_only.title("en")
    with pytest.raises(PaincheckError, match="no 'es' text"):
        load_questionnaire(folder)
    with pytest.raises(PaincheckError, match="no 'es' text"):
        load_questionnaire(folder, ["es"])


def _readable(texts: list[str]) -> str:
    """Texts read together, citations and {answers} taken out: a reference such as
    "(Woo A et al. Ann Palliat Med. 2015;4(4):176-183)" is for the specialist, not prose; an
    {answer} placeholder reads as one short word."""
    cleaned = []
    for text in texts:
        text = re.sub(r"\s*\([^()]*\d{4}[^()]*(\([^()]*\)[^()]*)*\)", "", text)
        text = re.sub(r"\{\w+\}", "pain", text).strip()
        cleaned.append(text if text[-1] in ".?!" else text + ".")
    return " ".join(cleaned)


def _grade(texts: list[str]) -> float:
    """Flesch-Kincaid grade of texts read together (English)."""
    import textstat  # type: ignore[import-untyped]  # dev dependency: fail, not skip, if missing

    textstat.set_lang("en")  # the Spanish tests switch textstat's (global) language
    return float(textstat.flesch_kincaid_grade(_readable(texts)))


def _spanish_ease(texts: list[str]) -> float:
    """Szigriszt-Pazos (INFLESZ) ease of texts read together (Spanish; higher is easier)."""
    import textstat  # type: ignore[import-untyped]

    textstat.set_lang("es")
    try:
        return float(textstat.szigriszt_pazos(_readable(texts)))
    finally:
        textstat.set_lang("en")


def closely_read_texts(questionnaire: Questionnaire, lang: str) -> dict[str, list[str]]:
    """The texts patients read most closely, by group: precautions, reasons, caveats,
    verdicts, what each score means (the crisis line too), the section openings, and each
    warning sign's panel (title, message, label, advice line)."""
    rules = questionnaire.rules
    groups = {
        "precautions": [
            text(lang)
            for p in rules.precautions
            for text in ([*p.texts.values()] if p.from_question else [p.text] if p.text else [])
        ],
        "criterion and approved-use reasons": [
            rule.text(lang)
            for criterion in (*rules.criteria, *rules.approved_use)
            for rule in criterion.rules
            if rule.text is not None
        ],
        "caveats": [
            text(lang)
            for caveat in rules.caveats
            for text in ([caveat.text] if caveat.text else [s.text for s in caveat.sentences])
        ],
        "verdicts": [rule.text(lang) for rule in rules.overall if rule.text is not None],
        "score meanings and notes": [
            *(band.meaning(lang) for score in rules.scores for band in score.bands),
            *dict.fromkeys(s.flag_note(lang) for s in rules.scores if s.flag_note),
        ],
        "section openings": [s.intro(lang) for s in questionnaire.sections if s.intro],
        "interface words": [
            questionnaire.message(key, lang)
            for key in ("crps_not_shown", "levels_none", "pdf_title", "missing_intro")
        ],
    }
    question = questionnaire.question("warning_signs")
    assert question is not None
    for choice in question.choices:
        if choice.flag is None:
            continue
        style = rules.flags[choice.flag]
        advice = style.advice.get(choice.id)
        groups[f"warning panel: {choice.id}"] = [
            style.title(lang),
            style.message(lang),
            choice.label(lang),
            *([advice(lang)] if advice else []),
        ]
    return groups


def test_reading_level_of_precautions_warning_panels_and_reasons(
    questionnaire: Questionnaire,
) -> None:
    """The texts patients read most closely: each group at grade 8 or below (English,
    Flesch-Kincaid), and no single text above grade 10."""
    groups = closely_read_texts(questionnaire, "en")
    grades = {name: _grade(texts) for name, texts in groups.items()}
    print("\nFlesch-Kincaid grades:")
    for name, grade in grades.items():
        print(f"  {grade:4.1f}  {name}")
    assert {name: grade for name, grade in grades.items() if grade > 8} == {}
    # One at a time, too: no single text hides behind easier ones (a two-word band such as
    # "Below the usual cut-off." scores erratically alone, so bands are left out here).
    singles = [
        t for name, texts in groups.items() if name != "score meanings and notes" for t in texts
    ]
    assert [t for t in singles if _grade([t]) > 10] == []


def test_spanish_texts_read_fairly_easily(questionnaire: Questionnaire) -> None:
    """The same groups in Spanish: Szigriszt-Pazos (INFLESZ) 65 or more, "bastante fácil"
    (fairly easy) or easier, the Spanish counterpart of grade 8."""
    eases = {
        name: _spanish_ease(texts)
        for name, texts in closely_read_texts(questionnaire, "es").items()
    }
    print("\nSzigriszt-Pazos:")
    for name, ease in eases.items():
        print(f"  {ease:5.1f}  {name}")
    assert {name: ease for name, ease in eases.items() if ease < 65} == {}


def test_duration_labels_do_not_overlap(questionnaire: Questionnaire) -> None:
    question = questionnaire.question("pain_duration")
    assert question is not None
    labels = [c.label("en") for c in question.choices]
    assert labels[1:3] == ["3 months to less than 6 months", "6 to 12 months"]


# -- interface messages are not format strings ----------------------------------------------


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ("Wrote {path.absolute.__globals__[os].environ}",
         "uses {path.absolute.__globals__[os].environ}; only {path} can be filled in here"),
        ("Wrote {path.absolute.__globals__[os].environ[HOME]}",
         "uses {path.absolute.__globals__[os].enviro...; only {path} can be filled in here"),
        ("Wrote {0}", "uses {0}; only {path} can be filled in here"),
        ("Wrote {}", "uses {}; only {path} can be filled in here"),
        ("Wrote {nope}", "uses {nope}; only {path} can be filled in here"),
        ("Wrote {path:>1999999999}", "uses {path:>1999999999}; only {path} can be filled in here"),
        ("Wrote {path!r}", "uses {path!r}; only {path} can be filled in here"),
        ("Wrote {path[0]}", "uses {path[0]}; only {path} can be filled in here"),
        ("Wrote {path", "has a lone '{' (write {{ for a brace)"),
        ("Wrote path}", "has a lone '}' (write }} for a brace)"),
    ],
)  # fmt: skip
def test_a_message_may_fill_in_only_its_documented_placeholders(
    tmp_path: Path, message: str, says: str
) -> None:
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, "messages:\n", f"messages:\n  export_wrote: '{message}'\n")
    assert problems(folder) == [f"{folder / QUESTIONS}: messages.export_wrote: {says}"]


def test_a_message_without_placeholders_takes_none(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, '  summary_title: "', '  summary_title: "{count} ')
    assert problems(folder) == [
        f"{folder / QUESTIONS}: messages.summary_title: uses {{count}}; this message fills in "
        "nothing (write {{ for a brace)"
    ]


def test_a_translated_message_is_checked_in_its_own_file(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, "languages: [en]", "languages: [en, es]")
    (folder / "translations").mkdir()
    (folder / "translations" / "es.yaml").write_text("title: Sueño\n")
    missing = [p.question for p in _problems(folder) if p.question]
    lines = [f'"{key}": "ES {key}"' for key in missing]
    lines.append('"messages.questions_shown": "Preguntas: {count.real} {count}"')
    (folder / "translations" / "es.yaml").write_text("\n".join(lines) + "\ntitle: Sueño\n")
    es = folder / "translations" / "es.yaml"
    assert problems(folder) == [
        f"{es}: messages.questions_shown: uses {{count.real}}; only {{count}} can be filled in here"
    ]


def test_good_message_overrides_are_filled_in_without_format(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, "messages:\n", "messages:\n  export_wrote: '{{{path}}} {path}'\n")
    loaded = load_questionnaire(folder)
    assert loaded.message("export_wrote", path="{0}.pdf") == "{{0}.pdf} {0}.pdf"


def test_the_package_messages_pass_their_own_check() -> None:
    from paincheck.questionnaire import MESSAGES_FOLDER, message_placeholders, message_problems

    english = yaml_mapping(MESSAGES_FOLDER / "en.yaml")
    for path in sorted(MESSAGES_FOLDER.glob("*.yaml")):
        for key, text in yaml_mapping(path).items():
            assert message_problems(text, message_placeholders(english[key])) == [], (path, key)


def test_filling_a_message_never_formats_it() -> None:
    from paincheck.questionnaire import fill_message

    hostile = "{0} {count:>1999999999} {count.__class__} {nope} {count}"
    assert (
        fill_message(hostile, {"count": 3}) == "{0} {count:>1999999999} {count.__class__} {nope} 3"
    )


def yaml_mapping(path: Path) -> dict[str, str]:
    import yaml

    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in loaded.items()}


# -- a file of the folder that is not a file ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        (QUESTIONS, lambda p: p.symlink_to("/dev/zero"), "is a device, not a regular file"),
        (QUESTIONS, lambda p: p.mkdir(), "is a folder, not a file"),
        (QUESTIONS, lambda p: p.symlink_to(p.with_name("gone.yaml")), "which does not exist"),
        (QUESTIONS, lambda p: os.mkfifo(p), "is a named pipe (FIFO), not a regular file"),
        (RULES, lambda p: p.mkdir(), "is a folder, not a file"),
        (RULES, lambda p: p.symlink_to("/dev/null"), "is a device, not a regular file"),
    ],
)
def test_a_folder_file_that_is_not_a_file_is_named_as_such(
    tmp_path: Path, name: str, make: Any, says: str
) -> None:
    folder = copy_other(tmp_path)
    path = folder / name
    path.unlink()
    make(path)
    found = problems(folder)
    assert len(found) == 1 and found[0].startswith(f"{path}: "), found
    assert found[0].endswith(says), found


def test_a_translation_that_is_a_folder_is_named_as_such(tmp_path: Path) -> None:
    folder = copy_other(tmp_path)
    edit(folder, QUESTIONS, "languages: [en]", "languages: [en, es]")
    (folder / "translations" / "es.yaml").mkdir(parents=True)
    assert problems(folder) == [
        f"{folder / QUESTIONS}: languages: declares 'es' but "
        f"{folder / 'translations' / 'es.yaml'} is a folder, not a file"
    ]


# -- a questions folder with very many choices ----------------------------------------------------


def test_sixteen_thousand_choices_load_and_check_fast(tmp_path: Path) -> None:
    import time

    from paincheck.answers.loading import parse_answers

    folder = many_choices_folder(tmp_path / "many", 16_000)
    # CPU time of this process, not the wall clock: on a busy shared machine the wall clock
    # measures the other programs too.
    started = time.process_time()
    questionnaire = load_questionnaire(folder)
    question = questionnaire.question("many")
    assert question is not None and len(question.choices) == 16_000
    every = [f"c{i}" for i in range(16_000)]
    loaded = parse_answers(questionnaire, {"answers": {"many": list(reversed(every))}}, "a")
    assert loaded.answers.values["many"] == every
    assert time.process_time() - started < 8  # quadratic checks took over 20 s


def test_a_choice_listed_twice_among_many_is_found(tmp_path: Path) -> None:
    folder = many_choices_folder(tmp_path / "many", 3000)
    main = folder / "questionnaire.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("id: c2999", "id: c17"), "utf-8")
    with pytest.raises(PaincheckError) as caught:
        load_questionnaire(folder)
    assert [str(p) for p in caught.value.problems] == [
        f"{main}: many: choice 'c17' is listed twice"
    ]


# Each part's allowed keys come from its model's fields: an unknown key lists them all.
@pytest.mark.parametrize(
    ("file", "old", "new", "says"),
    [
        (QUESTIONS, "      - id: age\n", "      - colour: red\n        id: age\n",
         "age: unknown key 'colour'; allowed: anchors, at_most, choices, choices_from, code, help, "
         "id, identifying, max, max_length, min, multiline, required, shown_when, step, text, type, unit"),
        (QUESTIONS, "      - id: age\n", "      - id: age\n        code: {system: urn:x, code: A, display: Age, colour: red}\n",
         "age: code: unknown key 'colour'; allowed: code, display, system"),
        (RULES, "  - id: nights\n", "  - colour: red\n    id: nights\n",
         "scores[0]: unknown key 'colour'; allowed: bands, flag_at, flag_note, id, label, mean_of, round, "
         "source, sum_of, value_of"),
        (RULES, "  - id: young\n", "  - colour: red\n    id: young\n",
         "precautions[0]: unknown key 'colour'; allowed: from, id, text, texts, when"),
        (RULES, "disclaimer:", "colour: red\ndisclaimer:",
         "rules: unknown key 'colour'; allowed: approved_use, caveats, criteria, crps, "
         "disclaimer, doctor_questions, drg_levels, flags, overall, precautions, report, scores, "
         "sets, statuses"),
        (RULES, "  header: {age: age}", "  header: {age: age}\n  colour: red",
         "report: unknown key 'colour'; allowed: body_map, details, diary, header, mood_scores, "
         "own_words, pain_bars, pain_score, short, treatments"),
        (RULES, "  header: {age: age}", "  header: {age: age, colour: red}",
         "report.header: unknown key 'colour'; allowed: age, completed_by, name"),
        (RULES, "  header: {age: age}", "  body_map: {locations: problems, colour: red}",
         "report.body_map: unknown key 'colour'; allowed: locations, side, worst"),
    ],
)  # fmt: skip
def test_an_unknown_key_lists_every_key_its_part_allows(
    tmp_path: Path, file: str, old: str, new: str, says: str
) -> None:
    folder = copy_other(tmp_path)
    edit(folder, file, old, new)
    assert f"{folder / file}: {says}" in problems(folder)
