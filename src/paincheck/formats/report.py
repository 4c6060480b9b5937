"""What the report for the specialist says, in order, as plain words and numbers.

The PDF (`pdf/report.py`) and the HTML page (`html.py`) both take their words from here, so
the two formats cannot drift apart. Pure: no reportlab, no Jinja2, no Rich, no files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from paincheck.evaluation import Assessment, answer_label, fill_answers, reason
from paincheck.questionnaire import Question, ReportIds
from paincheck.questionnaire.conditions import AnswerTest
from paincheck.questionnaire.view import View

# -- small word helpers (the summary uses them too) -------------------------------------------


def report_ids(assessment: Assessment) -> ReportIds:
    """Which questions and scores the checklist's report places where (rules.yaml `report`)."""
    return assessment.questionnaire.rules.report


def choice_label(assessment: Assessment, choice_id: str, view: View) -> str:
    """The label of a chosen answer, found in whichever shown question it was chosen."""
    for question in assessment.shown:
        value = assessment.answers.get(question.id)
        chosen = value if isinstance(value, list) else [value]
        choice = question.choice(choice_id)
        if choice is not None and choice_id in chosen:
            return view.text(choice.label)
    return choice_id


def answer_text(assessment: Assessment, question_id: str, view: View) -> str:
    """A question's answer in words ("" when the question or the answer is absent)."""
    question = assessment.questionnaire.question(question_id)
    value = assessment.answers.get(question_id)
    if question is None or value is None:
        return ""
    return answer_label(question, value, view)


def precaution_texts(assessment: Assessment, view: View) -> list[str]:
    """The chosen precautions, each as a sentence to discuss."""
    texts: list[str] = []
    for precaution in assessment.questionnaire.rules.precautions:
        if precaution.from_question is not None:
            texts.extend(
                view.text(t) for cid, t in precaution.texts.items() if cid in assessment.precautions
            )
        elif precaution.id in assessment.precautions and precaution.text is not None:
            texts.append(view.text(precaution.text))
    return texts


@dataclass(frozen=True)
class DoctorQuestion:
    """A question to ask the doctor; `own` when the patient wrote it."""

    text: str
    own: bool
    question_id: str = ""


def doctor_questions(assessment: Assessment, view: View) -> list[DoctorQuestion]:
    """The questions to ask: the standard ones that apply, then the patient's own (if any)."""
    out = []
    for item in assessment.doctor_questions:
        if item.from_answer is not None:
            text = str(assessment.answers.get(item.from_answer, ""))
            if text:
                out.append(DoctorQuestion(text, own=True, question_id=item.from_answer))
        elif item.text is not None:
            out.append(
                DoctorQuestion(fill_answers(view.text(item.text), assessment, view), own=False)
            )
    return out


def repeat_source(question: Question) -> tuple[str, str] | None:
    """For a question repeated per choice of another, that question and choice."""
    cond = question.shown_when
    if question.group and isinstance(cond, AnswerTest) and cond.test == "contains_any":
        operand = tuple(cond.operand)
        if cond.question and len(operand) == 1:
            return cond.question, str(operand[0])
    return None


# -- the pieces of the report -----------------------------------------------------------------


@dataclass(frozen=True)
class WarningBox:
    """A warning flag's part: its title, what to do, the answers that raised it, and each
    answer's own advice line (None where the rules give none), in the same order."""

    urgent: bool
    title: str
    message: str
    chosen: tuple[str, ...]
    advice: tuple[str | None, ...] = ()


def warning_boxes(assessment: Assessment, view: View) -> list[WarningBox]:
    """A part per flag with chosen answers, in the rules' order (urgent first); shown together
    under the heading "Warning signs" (message `warning_signs_heading`)."""
    boxes = []
    for flag, chosen in assessment.warning_signs.items():
        style = assessment.questionnaire.rules.flags.get(flag)
        if chosen and style is not None:
            labels = tuple(choice_label(assessment, cid, view) for cid in chosen)
            advice = tuple(
                view.text(text) if (text := style.advice.get(cid)) is not None else None
                for cid in chosen
            )
            boxes.append(
                WarningBox(
                    flag == "urgent",
                    view.text(style.title),
                    view.text(style.message),
                    labels,
                    advice,
                )
            )
    return boxes


@dataclass(frozen=True)
class Fact:
    """A labelled fact in the report's header (name, age, date)."""

    label: str
    value: str
    question_id: str = ""


def header_facts(assessment: Assessment, view: View, *, redact: bool) -> list[Fact]:
    """Name and age (unless redacted), the dates, and who filled in the checklist."""
    header = report_ids(assessment).header
    facts = []
    if not redact:
        for question_id, key in ((header.name, "pdf_name"), (header.age, "pdf_age")):
            value = assessment.answers.get(question_id) if question_id else None
            if question_id and value is not None:
                facts.append(Fact(view.msg(key), str(value), question_id))
    facts += date_facts(assessment, view)
    completed = answer_text(assessment, header.completed_by, view) if header.completed_by else ""
    if header.completed_by and completed:
        facts.append(Fact("", completed, header.completed_by))
    return facts


def date_facts(assessment: Assessment, view: View) -> list[Fact]:
    """The day the answers were given and, when it is another day, the day of the report;
    today's date alone when the answers file has none."""
    today = date.today().isoformat()
    if assessment.date is None:
        return [Fact(view.msg("pdf_date"), today)]
    facts = [Fact(view.msg("pdf_answered_on"), assessment.date)]
    if assessment.date != today:
        facts.append(Fact(view.msg("pdf_made_on"), today))
    return facts


@dataclass(frozen=True)
class CriterionRow:
    """A criterion's line: its name, status (symbol and word), reason and source."""

    label: str
    status: str
    symbol: str
    word: str
    reason: str
    source: str


def criterion_rows(
    assessment: Assessment, view: View, block: str = "criteria"
) -> list[CriterionRow]:
    """Each criterion with where the answers stand; with block="approved_use", each item of
    the US approved use (shown right under the criteria)."""
    statuses = assessment.questionnaire.rules.statuses
    results = assessment.criteria if block == "criteria" else assessment.approved_use
    rows = []
    for result in results:
        style = statuses.get(result.status)
        rows.append(
            CriterionRow(
                label=view.text(result.criterion.label),
                status=result.status,
                symbol=style.symbol if style else "",
                word=view.text(style.word) if style else result.status,
                reason=reason(assessment, result, view),
                source=view.text(result.criterion.source),
            )
        )
    return rows


@dataclass(frozen=True)
class Bar:
    """A 0-10 pain score: its label, value (None if not answered) and band (0 = none)."""

    label: str
    value: int | None
    band: int


def pain_bars(assessment: Assessment, view: View, bands: int = 4) -> list[Bar]:
    """The pain scores of the chart, with the band (of at most `bands`) each falls in."""
    scores = {s.score.id: s for s in assessment.scores}
    bars = []
    for score_id in report_ids(assessment).pain_bars:
        result = scores.get(score_id)
        if result is None:
            continue
        value = result.value if isinstance(result.value, int) else None
        band = 0
        if result.band is not None:
            band = min(list(result.score.bands).index(result.band), bands - 1)
        bars.append(Bar(view.text(result.score.label), value, band))
    return bars


@dataclass(frozen=True)
class ScoreLine:
    """A score with its value (None if not answered), what it means, and its source."""

    label: str
    value: int | float | None
    meaning: str
    flagged: bool
    source: str


def pain_score_line(assessment: Assessment, view: View) -> ScoreLine | None:
    """The score printed under the pain bars (None: the checklist names none)."""
    pain_score = report_ids(assessment).pain_score
    lines = score_lines(assessment, view, (pain_score,) if pain_score else ())
    return lines[0] if lines else None


def score_notes(assessment: Assessment, view: View, ids: Sequence[str] | None = None) -> list[str]:
    """The `flag_note` lines of the flagged scores (of `ids`, or all), each line once: for
    the DRG checklist, the crisis line beside a PHQ-2 or GAD-2 of 3 or more."""
    notes: list[str] = []
    for result in assessment.scores:
        note = result.score.flag_note
        shown = ids is None or result.score.id in ids
        if result.flagged and note is not None and shown and view.text(note) not in notes:
            notes.append(view.text(note))
    return notes


def mood_lines(assessment: Assessment, view: View) -> list[ScoreLine]:
    """The mood scores that could be worked out (an unanswered one is left out)."""
    ids = report_ids(assessment).mood_scores
    return [line for line in score_lines(assessment, view, ids) if line.value is not None]


def score_lines(assessment: Assessment, view: View, ids: Sequence[str]) -> list[ScoreLine]:
    """The scores named by `ids`, in the rules' order."""
    return [
        ScoreLine(
            view.text(s.score.label),
            s.value,
            view.text(s.band.meaning) if s.band else "",
            s.flagged,
            view.text(s.score.source),
        )
        for s in assessment.scores
        if s.score.id in ids
    ]


@dataclass(frozen=True)
class AnswerRow:
    """A question beside its answer; `own_words` when the answer is the patient's text."""

    question_id: str
    question: str
    answer: str
    own_words: bool


def answer_rows(assessment: Assessment, view: View, question_ids: Sequence[str]) -> list[AnswerRow]:
    """The answered questions among `question_ids`, in that order."""
    rows = []
    for question_id in question_ids:
        question = assessment.questionnaire.question(question_id)
        label = answer_text(assessment, question_id, view)
        if question is not None and label:
            rows.append(
                AnswerRow(question_id, view.text(question.text), label, question.kind.own_words)
            )
    return rows


@dataclass(frozen=True)
class Relief:
    """A treatment tried and how much it helped: `level` of `steps` (None: not answered)."""

    treatment: str
    level: int | None
    steps: int
    word: str


def treatments_question(assessment: Assessment) -> Question | None:
    """The question of the treatments tried (None: the checklist has none)."""
    treatments = report_ids(assessment).treatments
    return assessment.questionnaire.question(treatments) if treatments else None


def reliefs(assessment: Assessment, view: View) -> list[Relief]:
    """Each treatment tried with its relief, in the order asked."""
    tried = treatments_question(assessment)
    rows = []
    for question in assessment.shown:
        source = repeat_source(question)
        if source is None or tried is None or source[0] != tried.id:
            continue
        choice = tried.choice(source[1])
        value = assessment.answers.get(question.id)
        relief = question.choice(str(value)) if value is not None else None
        steps = len(question.choices) - 1
        name = view.text(choice.label) if choice else source[1]
        if relief is None:
            rows.append(Relief(name, None, steps, ""))
        else:
            level = list(question.choices).index(relief)
            rows.append(Relief(name, level, steps, view.text(relief.label)))
    return rows


@dataclass(frozen=True)
class SymptomFindings:
    """The symptom pattern: a note, the symptoms by category, and the source.

    `note` alone (no categories) when the question was not asked or not answered.
    """

    note: str
    muted: bool
    categories: tuple[tuple[str, tuple[str, ...]], ...] = ()
    source: str = ""


def symptom_findings(assessment: Assessment, view: View) -> SymptomFindings | None:
    """The symptoms for the specialist to examine, grouped by category (None: no such rule)."""
    pattern = assessment.questionnaire.rules.symptom_pattern
    if pattern is None:
        return None
    question = assessment.questionnaire.question(pattern.question)
    if question is None or question not in assessment.shown:
        return SymptomFindings(view.msg("crps_not_shown"), muted=True)
    if assessment.symptom_pattern is None:
        return SymptomFindings(view.msg("crps_not_answered"), muted=True)
    if not assessment.symptom_categories:
        return SymptomFindings(view.msg("crps_none"), muted=False)
    note = pattern.pattern_note if assessment.symptom_pattern else pattern.no_pattern_note
    chosen = assessment.answers.get(question.id)
    chosen_list = chosen if isinstance(chosen, list) else []
    groups = []
    for category, label in dict(pattern.categories).items():
        if category in assessment.symptom_categories:
            symptoms = tuple(
                view.text(c.label)
                for c in question.choices
                if c.category == category and c.id in chosen_list
            )
            groups.append((view.text(label), symptoms))
    return SymptomFindings(
        view.text(note).replace("{count}", str(len(assessment.symptom_categories))),
        muted=False,
        categories=tuple(groups),
        source=view.text(pattern.source),
    )


@dataclass(frozen=True)
class LevelRow:
    """An area and the spinal levels studies report for it, with the source."""

    area: str
    levels: str
    source: str


def level_rows(assessment: Assessment, view: View) -> list[LevelRow]:
    """The spinal levels for the painful areas that have a published mapping with a confirmed
    source (a mapping without one stays in the JSON, never in print)."""
    rules = assessment.questionnaire.rules
    rows = []
    for cid, levels in assessment.drg_levels.items():
        source = rules.levels[cid].source
        if source is not None:
            rows.append(
                LevelRow(choice_label(assessment, cid, view), ", ".join(levels), view.text(source))
            )
    return rows


def missing_texts(assessment: Assessment, view: View) -> list[str]:
    """The required questions still unanswered, each as its section's title and its text
    ("Warning signs: Do any of these apply to you now or recently?"): out of the interview,
    a question needs its section to make sense."""
    questionnaire = assessment.questionnaire
    texts = []
    for question_id in assessment.missing:
        question = questionnaire.question(question_id)
        if question is None:
            texts.append(question_id)
            continue
        section = view.text(questionnaire.section_of(question).title)
        texts.append(f"{section}: {view.text(question.text)}")
    return texts


@dataclass(frozen=True)
class BodyAnswers:
    """Where it hurts, as the body diagram needs it."""

    locations: tuple[str, ...]
    side: str | None
    worst: str | None


def body_answers(assessment: Assessment) -> BodyAnswers | None:
    """The painful areas, side and worst area (one area alone is the worst); None if unanswered
    or the checklist has no body map."""
    ids = report_ids(assessment).body_map
    locations = assessment.answers.get(ids.locations) if ids else None
    if ids is None or not isinstance(locations, list):
        return None
    side = assessment.answers.get(ids.side) if ids.side else None
    worst = assessment.answers.get(ids.worst) if ids.worst else None
    if worst is None and len(locations) == 1:
        worst = locations[0]
    return BodyAnswers(
        tuple(str(x) for x in locations),
        str(side) if side is not None else None,
        str(worst) if worst is not None else None,
    )


# The words beside the body diagram: each answer's message, by its part of the body map.
_WHERE_LABELS = (
    ("locations", "pdf_body_areas"),
    ("side", "pdf_body_side"),
    ("worst", "pdf_body_worst_area"),
)


def where_facts(assessment: Assessment, view: View, *, only_area_is_worst: bool) -> list[Fact]:
    """The painful areas, side and worst area in words; with `only_area_is_worst`, a single
    area chosen is named as the worst when that question was not answered."""
    ids = report_ids(assessment).body_map
    if ids is None:
        return []
    where = body_answers(assessment) if only_area_is_worst else None
    facts = []
    for part, key in _WHERE_LABELS:
        question_id = getattr(ids, part)
        label = answer_text(assessment, question_id, view) if question_id else ""
        if part == "worst" and not label and where is not None and where.worst is not None:
            label = choice_label(assessment, where.worst, view)  # the only area chosen
        if label:
            facts.append(Fact(view.msg(key), label, question_id or ""))
    return facts
