"""Evaluation: a pure function from questionnaire and answers to an assessment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paincheck.answers.checking import Answers, ConditionContext, choice_source, shown_questions
from paincheck.model import model
from paincheck.questionnaire import (
    Band,
    Criterion,
    DoctorQuestion,
    Question,
    Questionnaire,
    Rule,
    Score,
)
from paincheck.questionnaire.conditions import Value, as_list
from paincheck.questionnaire.view import View
from paincheck.text.language import Text


@model
class CriterionResult:
    """A criterion's status for these answers, and the rule that gave it."""

    criterion: Criterion
    status: str
    rule: Rule


@model
class ScoreResult:
    """A score's value (None when an input is missing), what it means, and whether to flag it."""

    score: Score
    value: int | float | None
    band: Band | None
    flagged: bool


@model
class Assessment:
    """Where a set of answers stands against the questionnaire's rules."""

    questionnaire: Questionnaire
    answers: Mapping[str, Value]
    status: str
    overall: str
    overall_rule: Rule | None
    criteria: tuple[CriterionResult, ...]
    # Facts beside the criteria (the US approved use): shown, never counted in `overall`.
    approved_use: tuple[CriterionResult, ...]
    # Ids of the caveats that apply, in rules order; `caveat_texts` gives their sentences.
    caveats: tuple[str, ...]
    # Each applying caveat's texts (its sentences whose own conditions hold).
    caveat_sentences: Mapping[str, tuple[Text, ...]]
    warning_signs: Mapping[str, tuple[str, ...]]
    symptom_categories: tuple[str, ...]
    symptom_pattern: bool | None
    scores: tuple[ScoreResult, ...]
    precautions: tuple[str, ...]
    drg_levels: Mapping[str, tuple[str, ...]]
    doctor_questions: tuple[DoctorQuestion, ...]
    missing: tuple[str, ...]
    shown: tuple[Question, ...]
    date: str | None = None  # the day the answers were given, when the file says

    @property
    def urgent(self) -> bool:
        """Whether any urgent warning sign was chosen."""
        return bool(self.warning_signs.get("urgent"))


def first_rule(rules: Sequence[Rule], ctx: ConditionContext) -> Rule | None:
    """The first rule whose condition holds (a rule without a condition always holds)."""
    return next((r for r in rules if r.when is None or r.when.holds(ctx)), None)


def evaluate(questionnaire: Questionnaire, answers: Answers) -> Assessment:
    """Assess answers against the questionnaire's criteria, scores and notes. No input or output."""
    shown, values = shown_questions(questionnaire, answers.values)
    rules = questionnaire.rules
    warning_signs = _flagged(questionnaire, shown, values)
    ctx = ConditionContext(
        values, shown, {flag for flag, chosen in warning_signs.items() if chosen}
    )
    criteria = _results(rules.criteria, ctx, "criteria")
    categories, pattern = _symptom_pattern(questionnaire, shown, values, ctx)
    ctx.pattern = pattern
    approved_use = _results(rules.approved_use, ctx, "approved_use")
    overall_rule = first_rule(rules.overall, ctx)
    caveats = {
        c.id: c.texts(lambda condition: condition.holds(ctx))
        for c in rules.caveats
        if c.when is None or c.when.holds(ctx)
    }
    return Assessment(
        questionnaire=questionnaire,
        answers=values,
        status=answers.status,
        overall=overall_rule.status if overall_rule else "incomplete",
        overall_rule=overall_rule,
        criteria=criteria,
        approved_use=approved_use,
        caveats=tuple(caveats),
        caveat_sentences=caveats,
        warning_signs=warning_signs,
        symptom_categories=categories,
        symptom_pattern=pattern,
        scores=tuple(_score(score, questionnaire, values) for score in rules.scores),
        precautions=_precautions(questionnaire, values, ctx),
        drg_levels=_levels(questionnaire, values),
        doctor_questions=tuple(
            q
            for q in rules.doctor_questions
            if (q.when is None or q.when.holds(ctx))
            and (q.from_answer is None or values.get(q.from_answer) is not None)
        ),
        missing=tuple(q.id for q in shown if q.required and q.id not in values),
        shown=tuple(shown),
        date=answers.date,
    )


def _results(
    criteria: Sequence[Criterion], ctx: ConditionContext, block: str
) -> tuple[CriterionResult, ...]:
    """Each criterion's first matching rule; the context keeps them for later conditions."""
    results = []
    for criterion in criteria:
        rule = first_rule(criterion.rules, ctx)
        if rule is not None:
            results.append(CriterionResult(criterion, rule.status, rule))
            ctx.results[block][criterion.id] = rule.status
    return tuple(results)


def _flagged(
    questionnaire: Questionnaire, shown: Sequence[Question], values: Mapping[str, Value]
) -> dict[str, tuple[str, ...]]:
    flags: dict[str, list[str]] = {flag: [] for flag in questionnaire.rules.flags}
    for question in shown:
        chosen = as_list(values.get(question.id))
        for choice in question.choices:
            if choice.flag is not None and choice.id in chosen:
                flags.setdefault(choice.flag, []).append(choice.id)
    return {flag: tuple(ids) for flag, ids in flags.items()}


def _symptom_pattern(
    questionnaire: Questionnaire,
    shown: Sequence[Question],
    values: Mapping[str, Value],
    ctx: ConditionContext,
) -> tuple[tuple[str, ...], bool | None]:
    pattern = questionnaire.rules.symptom_pattern
    if pattern is None:
        return (), None
    question = questionnaire.question(pattern.question)
    if question is None or question not in shown:
        return (), None
    chosen = as_list(values.get(question.id))
    present = {c.category for c in question.choices if c.id in chosen and c.category}
    categories = tuple(c for c, _ in pattern.categories if c in present)
    section = [q for q in shown if q.section == question.section]
    if not any(q.id in values for q in section):
        return categories, None
    also = pattern.also is None or pattern.also.holds(ctx)
    return categories, len(categories) >= pattern.min_categories and also


def _score(score: Score, questionnaire: Questionnaire, values: Mapping[str, Value]) -> ScoreResult:
    numbers: list[int] = []
    for question_id in score.inputs:
        value = values.get(question_id)
        if score.kind == "sum_of":
            question = questionnaire.question(question_id)
            choice = question.choice(str(value)) if question and value is not None else None
            if choice is None or choice.weight is None:
                return ScoreResult(score, None, None, False)
            numbers.append(choice.weight)
        elif isinstance(value, int):
            numbers.append(value)
        else:
            return ScoreResult(score, None, None, False)
    result: int | float
    if score.kind == "mean_of":
        result = round(sum(numbers) / len(numbers), score.round)
    else:
        result = sum(numbers)
    band = next((b for b in score.bands if result <= b.max), None)
    flagged = score.flag_at is not None and result >= score.flag_at
    return ScoreResult(score, result, band, flagged)


def _precautions(
    questionnaire: Questionnaire, values: Mapping[str, Value], ctx: ConditionContext
) -> tuple[str, ...]:
    found: list[str] = []
    for precaution in questionnaire.rules.precautions:
        if precaution.from_question is not None:
            chosen = as_list(values.get(precaution.from_question))
            found.extend(choice_id for choice_id in precaution.texts if choice_id in chosen)
        elif precaution.id is not None and (precaution.when is None or precaution.when.holds(ctx)):
            found.append(precaution.id)
    return tuple(found)


def _levels(
    questionnaire: Questionnaire, values: Mapping[str, Value]
) -> dict[str, tuple[str, ...]]:
    rules = questionnaire.rules
    if rules.levels_question is None:
        return {}
    chosen = as_list(values.get(rules.levels_question))
    question = questionnaire.question(rules.levels_question)
    order = [c.id for c in question.choices] if question else []
    return {
        choice_id: rules.levels[choice_id].levels
        for choice_id in order
        if choice_id in chosen and choice_id in rules.levels
    }


# -- words -----------------------------------------------------------------------------------


def answer_label(question: Question, value: Value, view: View) -> str:
    """An answer as the patient would read it: choice labels, numbers, text."""
    if value is None:
        return ""
    if question.kind.coded:
        source = choice_source(view.questionnaire, question)
        labels = []
        for item in as_list(value):
            choice = source.choice(item)
            labels.append(view.text(choice.label) if choice else item)
        return ", ".join(labels)
    if question.kind.number and question.unit:
        return f"{value}{question.unit}"
    return str(value)


def reason(assessment: Assessment, result: CriterionResult, view: View) -> str:
    """A criterion's (or approved-use item's) plain reason, with the patient's answers filled in."""
    if result.rule.text is None:
        return ""
    return fill_answers(
        view.text(result.rule.text), assessment, view, leave_out=result.rule.leave_out
    )


def caveat_texts(assessment: Assessment, view: View) -> list[str]:
    """The words of each caveat that applies (its sentences joined), to print beside the
    overall verdict, in rules order."""
    texts = [
        " ".join(view.text(text) for text in assessment.caveat_sentences.get(c, ()))
        for c in assessment.caveats
    ]
    return [text for text in texts if text]


@model
class WarningLine:
    """One chosen warning sign: its flag, its label, and the advice for it (if any)."""

    flag: str
    choice: str
    label: str
    advice: str | None


def warning_lines(assessment: Assessment, view: View) -> list[WarningLine]:
    """Every chosen warning sign with its own advice line, urgent ones first."""
    flags = assessment.questionnaire.rules.flags
    lines = []
    for flag, chosen in assessment.warning_signs.items():
        style = flags.get(flag)
        for choice_id in chosen:
            advice = style.advice.get(choice_id) if style else None
            lines.append(
                WarningLine(
                    flag,
                    choice_id,
                    _chosen_label(assessment, choice_id, view),
                    view.text(advice) if advice else None,
                )
            )
    return lines


def _chosen_label(assessment: Assessment, choice_id: str, view: View) -> str:
    for question in assessment.shown:
        choice = question.choice(choice_id)
        value = assessment.answers.get(question.id)
        if choice is not None and choice_id in as_list(value):
            return view.text(choice.label)
    return choice_id


def fill_answers(
    template: str,
    assessment: Assessment,
    view: View,
    leave_out: Sequence[str] = (),
) -> str:
    """Replace {question_id} in a text with the answer, in words, starting lower case.

    Choices in `leave_out` are not named (a reason about "the areas outside the examples").
    """
    questionnaire = assessment.questionnaire
    out = template
    for question in questionnaire.questions:
        marker = "{" + question.id + "}"
        if marker in out:
            value = assessment.answers.get(question.id)
            if leave_out and isinstance(value, list):
                value = [v for v in value if v not in leave_out]
            label = answer_label(question, value, view)
            out = out.replace(marker, _lower_first(label))
    return out


def _lower_first(text: str) -> str:
    # Lower "Foot, Ankle" to "foot, ankle" mid-sentence, but leave acronyms like "DRG".
    words = [
        w if len(w) > 1 and w[1].isupper() else w[:1].lower() + w[1:] for w in text.split(", ")
    ]
    return ", ".join(words)


def to_json(assessment: Assessment) -> dict[str, Any]:
    """The JSON summary of `interface.md`: fixed keys and values, reasons in English."""
    questionnaire = assessment.questionnaire
    english = View(questionnaire)
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "status": assessment.status,
        "date": assessment.date,
        "overall": assessment.overall,
        "criteria": {
            r.criterion.id: {"status": r.status, "reason": reason(assessment, r, english)}
            for r in assessment.criteria
        },
        "approved_use": {
            r.criterion.id: {"status": r.status, "reason": reason(assessment, r, english)}
            for r in assessment.approved_use
        },
        "caveats": list(assessment.caveats),
        "warning_signs": {flag: list(ids) for flag, ids in assessment.warning_signs.items()},
        "crps": {
            "symptom_categories": list(assessment.symptom_categories),
            "pattern": assessment.symptom_pattern,
        },
        "scores": {s.score.id: s.value for s in assessment.scores},
        "flagged_scores": [s.score.id for s in assessment.scores if s.flagged],
        "precautions": list(assessment.precautions),
        "drg_levels": {k: list(v) for k, v in assessment.drg_levels.items()},
        "missing": list(assessment.missing),
        "questions_shown": len(assessment.shown),
    }
