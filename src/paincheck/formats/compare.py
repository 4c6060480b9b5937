"""Follow-up over time: one person's visits side by side, and what changed (followup.md).

Pure: assessed answers files in, a comparison out, with the JSON of the contract and the
sentences every format shows. A change is worked out exactly and rounded once, half away
from zero (as the trial summary does); the IMMPACT category is read from that rounded
percent. The words state numbers and published marks; they never say whether a treatment
worked: the patient and the specialist decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from paincheck.diary.trial import round_half_away, shown
from paincheck.errors import PaincheckError, Problem
from paincheck.evaluation import Assessment, ScoreResult, answer_label
from paincheck.formats.report import report_ids, score_notes
from paincheck.model import model
from paincheck.questionnaire import Question, Questionnaire, Score
from paincheck.questionnaire.view import View

# IMMPACT (Dworkin et al., J Pain 2008) for 0-10 pain intensity, by the rounded percent
# change: the first mark the percent is at or below names it (followup.md).
IMMPACT_DROPS = (
    (Decimal("-50.0"), "substantial"),
    (Decimal("-30.0"), "moderate"),
    (Decimal("-10.0"), "minimal"),
)
IMMPACT_RISE = Decimal("10.0")  # at or above: "higher"
DAILY_IMPACTS = "daily_impacts"  # contract id of the question on daily life
CHARTED = "pain_average"  # the chart's pain line (with the checklist's pain score, the PEG)


@model
class Visit:
    """One answers file, assessed, as named on the command line."""

    file: str
    assessment: Assessment

    @property
    def date(self) -> str | None:
        """The day the answers were given, when the file says."""
        return self.assessment.date


@model
class ScoreChange:
    """A score at each visit and its change from the first visit to the last.

    `kind` says which marks apply: "intensity" (a 0-10 pain score: percent and IMMPACT),
    "points" (the checklist's pain score, the PEG: percent, and the points people notice), or
    "plain" (the change alone).
    """

    score: Score
    kind: str
    values: tuple[int | float | None, ...]
    change: Decimal | None  # last minus first, exact (the PEG to 1 decimal)
    exact_percent: Fraction | None  # 100 x change / first, before rounding
    percent: Decimal | None  # rounded once to 1 decimal, half away from zero
    immpact: str | None
    flagged_last: bool  # the last visit's value is at or above the score's flag
    meaning_last: str  # what the last visit's value means (its band), in the chosen language


@model
class ChoiceChange:
    """A multiple-choice answer at the first and the last visit: what went, what is new
    (choice ids in questionnaire order; "none of these" choices never listed)."""

    question: Question
    no_longer: tuple[str, ...]
    new: tuple[str, ...]


@model
class Comparison:
    """The visits in order (the first is the baseline), and what changed."""

    questionnaire: Questionnaire
    order: str  # "date" or "given"
    visits: tuple[Visit, ...]
    scores: tuple[ScoreChange, ...]
    daily_impacts: ChoiceChange | None  # None: the first or last visit left it out
    treatments: ChoiceChange | None

    @property
    def first(self) -> Visit:
        return self.visits[0]

    @property
    def last(self) -> Visit:
        return self.visits[-1]


# -- putting visits side by side -----------------------------------------------------------


def order_visits(visits: Sequence[Visit], view: View) -> tuple[str, list[Visit]]:
    """The visits by date when every file has one (equal dates keep the given order), as
    given when none has; a mix is an error naming each file without a date."""
    undated = [v for v in visits if v.date is None]
    if len(undated) == len(visits):
        return "given", list(visits)
    if undated:
        message = view.msg("compare_undated")
        raise PaincheckError([Problem(v.file, message) for v in undated])
    return "date", sorted(visits, key=lambda v: v.date or "")  # sorted() is stable


def compare_visits(visits: Sequence[Visit], view: View) -> Comparison:
    """The comparison of two or more assessed visits (ordered here) of `view`'s
    questionnaire, with the words kept with the numbers (a score's meaning at the last visit)
    in its language."""
    questionnaire = view.questionnaire
    order, ordered = order_visits(visits, view)
    ids = report_ids(ordered[0].assessment)
    kinds = dict.fromkeys(ids.pain_bars, "intensity")
    if ids.pain_score is not None:
        kinds[ids.pain_score] = "points"
    scores = tuple(
        _score_change(score, kinds.get(score.id, "plain"), ordered, view)
        for score in questionnaire.rules.scores
    )
    return Comparison(
        questionnaire=questionnaire,
        order=order,
        visits=tuple(ordered),
        scores=scores,
        daily_impacts=_choice_change(questionnaire, DAILY_IMPACTS, ordered),
        treatments=_choice_change(questionnaire, ids.treatments, ordered),
    )


def _result(visit: Visit, score_id: str) -> ScoreResult | None:
    return next((s for s in visit.assessment.scores if s.score.id == score_id), None)


def _score_change(score: Score, kind: str, visits: Sequence[Visit], view: View) -> ScoreChange:
    results = [_result(visit, score.id) for visit in visits]
    values = tuple(r.value if r is not None else None for r in results)
    first, last = values[0], values[-1]
    change = exact = percent = None
    if first is not None and last is not None:
        change = Decimal(str(last)) - Decimal(str(first))  # str: 7.3 is 7.3, not 7.29999...
        if kind != "plain" and first != 0:
            exact = 100 * Fraction(change) / Fraction(Decimal(str(first)))
            percent = round_half_away(exact)
    last_result = results[-1]
    band = last_result.band if last_result is not None else None
    return ScoreChange(
        score=score,
        kind=kind,
        values=values,
        change=change,
        exact_percent=exact,
        percent=percent,
        immpact=immpact_category(percent) if kind == "intensity" else None,
        flagged_last=last_result is not None and last_result.flagged,
        meaning_last=view.text(band.meaning) if band is not None else "",
    )


def immpact_category(percent: Decimal | None) -> str | None:
    """The IMMPACT category of a rounded percent change in pain intensity (None: no percent)."""
    if percent is None:
        return None
    for mark, category in IMMPACT_DROPS:
        if percent <= mark:
            return category
    return "higher" if percent >= IMMPACT_RISE else "little_change"


def _choice_change(
    questionnaire: Questionnaire, question_id: str | None, visits: Sequence[Visit]
) -> ChoiceChange | None:
    question = questionnaire.question(question_id) if question_id else None
    if question is None:
        return None
    first = visits[0].assessment.answers.get(question.id)
    last = visits[-1].assessment.answers.get(question.id)
    if not isinstance(first, list) or not isinstance(last, list):
        return None
    listed = [c.id for c in question.choices if not c.exclusive]
    return ChoiceChange(
        question,
        no_longer=tuple(c for c in listed if c in first and c not in last),
        new=tuple(c for c in listed if c in last and c not in first),
    )


def charted(comparison: Comparison) -> list[ScoreChange]:
    """The scores the chart draws: average pain, then the checklist's pain score (the PEG)."""
    kinds = ("intensity", "points")
    return [
        change
        for wanted in kinds
        for change in comparison.scores
        if change.kind == wanted and (wanted == "points" or change.score.id == CHARTED)
    ]


# -- the JSON of followup.md -----------------------------------------------------------------


def to_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as the contract's JSON object, keys in its order."""
    q = comparison.questionnaire
    last = comparison.last.assessment
    return {
        "questionnaire": {"id": q.id, "version": q.version},
        "order": comparison.order,
        "visits": [
            {"file": v.file, "date": v.date, "overall": v.assessment.overall}
            for v in comparison.visits
        ],
        "scores": {s.score.id: _score_json(s) for s in comparison.scores},
        "daily_impacts": (
            None
            if comparison.daily_impacts is None
            else {
                "no_longer": list(comparison.daily_impacts.no_longer),
                "new": list(comparison.daily_impacts.new),
            }
        ),
        "treatments_tried": (
            None if comparison.treatments is None else {"new": list(comparison.treatments.new)}
        ),
        "warning_signs": {flag: list(ids) for flag, ids in last.warning_signs.items()},
    }


def _score_json(change: ScoreChange) -> dict[str, Any]:
    data: dict[str, Any] = {"values": list(change.values), "change": _number(change.change)}
    if change.kind != "plain":
        data["percent"] = float(change.percent) if change.percent is not None else None
    if change.kind == "intensity":
        data["immpact"] = change.immpact
    return data


def _number(value: Decimal | None) -> int | float | None:
    """A change as JSON: a whole number stays one, the PEG's keeps its decimal."""
    if value is None:
        return None
    return int(value) if value.as_tuple().exponent == 0 else float(value)


# -- the words every format shows -------------------------------------------------------------


def score_words(comparison: Comparison, key: str, score: Score, view: View) -> str:
    """A score's own words for `key` ("compare_subject", "compare_col"), from the messages
    (`compare_subject_peg`); a checklist's score without them uses its label."""
    wanted = f"{key}_{score.id}"
    text = view.msg(wanted)
    return view.text(score.label) if text == wanted else text


def number(value: int | float | None) -> str:
    """A score as the table shows it: 7, 7.3, or a dash when not answered."""
    return "\u2013" if value is None else str(value)


def shown_percent(change: ScoreChange) -> str:
    """The percent as the words say it: whole (57 for 57.1), unless that would cross one of
    the marks (49.6 is not shown as 50: it is below the 50% mark)."""
    assert change.exact_percent is not None and change.percent is not None
    whole = round_half_away(change.exact_percent, 0)
    if change.kind == "intensity" and immpact_category(whole) != change.immpact:
        return shown(abs(change.percent))
    return shown(abs(whole))


def change_sentence(comparison: Comparison, change: ScoreChange, view: View) -> str:
    """What happened to one score from the first visit to the last, beside its mark."""
    subject = score_words(comparison, "compare_subject", change.score, view)
    first, last = change.values[0], change.values[-1]
    if change.change is None or first is None or last is None:
        return view.msg("compare_missing", subject=subject)
    if change.change == 0:
        sentence = view.msg("compare_stayed", subject=subject, value=number(last))
    elif change.kind == "points":
        points = shown(abs(change.change))
        key = "compare_points_lower" if change.change < 0 else "compare_points_higher"
        if abs(change.change) == 1:
            key += "_one"
        sentence = view.msg(key, subject=subject, first=first, last=last, points=points)
    elif change.percent is not None:
        key = "compare_went_lower" if change.change < 0 else "compare_went_higher"
        percent = shown_percent(change)
        sentence = view.msg(key, subject=subject, first=first, last=last, percent=percent)
    elif change.kind != "plain":  # a first value of 0: no percentage of it
        sentence = view.msg("compare_went_from_zero", subject=subject, last=last)
    else:
        sentence = view.msg("compare_went", subject=subject, first=first, last=last)
    marks = [mark_sentence(comparison, change, view)]
    if change.flagged_last and change.meaning_last:
        marks.append(change.meaning_last)
    return " ".join([sentence, *(m for m in marks if m)])


def mark_sentence(comparison: Comparison, change: ScoreChange, view: View) -> str:
    """The published mark beside a change: IMMPACT's for pain intensity, the points people
    notice for the PEG; nothing for other scores or a rise (both marks come from people whose
    pain got better: Dworkin 2008, Reed 2024)."""
    if change.kind == "points":
        rise = change.change is None or change.change > 0
        return "" if rise else view.msg("compare_mark_points")
    if change.immpact is None or change.immpact == "higher":
        return ""
    return view.msg(f"compare_mark_{change.immpact}")


def changes(comparison: Comparison, view: View) -> list[str]:
    """The change of each score, in the rules' order."""
    return [change_sentence(comparison, c, view) for c in comparison.scores]


def notes(comparison: Comparison, view: View) -> list[str]:
    """The notes of the scores flagged at the last visit, each once: for the DRG checklist,
    the crisis line when the PHQ-2 or GAD-2 is 3 or more."""
    return score_notes(comparison.last.assessment, view)


def choice_words(comparison: Comparison, question: Question, ids: Sequence[str], view: View) -> str:
    """Chosen answers as the patient reads them."""
    return answer_label(question, list(ids), view)


def daily_life(comparison: Comparison, view: View) -> list[str]:
    """What pain makes harder: what went, what is new, or that nothing changed."""
    found = comparison.daily_impacts
    if found is None:
        return [view.msg("compare_not_both")]
    lines = []
    if found.no_longer:
        items = choice_words(comparison, found.question, found.no_longer, view)
        lines.append(view.msg("compare_daily_no_longer", items=items))
    if found.new:
        items = choice_words(comparison, found.question, found.new, view)
        lines.append(view.msg("compare_daily_new", items=items))
    return lines or [view.msg("compare_daily_same")]


def treatments(comparison: Comparison, view: View) -> list[str]:
    """The treatments tried since the first visit."""
    found = comparison.treatments
    if found is None:
        return [view.msg("compare_not_both")]
    if not found.new:
        return [view.msg("compare_treatments_none_new")]
    items = choice_words(comparison, found.question, found.new, view)
    return [view.msg("compare_treatments_new", items=items)]


def visits_line(comparison: Comparison, view: View) -> str:
    """How many visits, and from when to when (or that they are in the order given)."""
    count = len(comparison.visits)
    if comparison.order == "given":
        return view.msg("compare_visits_given", count=count)
    return view.msg(
        "compare_visits_dated",
        count=count,
        first=comparison.first.date,
        last=comparison.last.date,
    )


def who(comparison: Comparison, view: View, *, redact: bool) -> str:
    """Name and age at the last visit ("" when redacted or not answered)."""
    if redact:
        return ""
    last = comparison.last.assessment
    header = report_ids(last).header
    parts = []
    for question_id, key in ((header.name, "pdf_name"), (header.age, "pdf_age")):
        value = last.answers.get(question_id) if question_id else None
        if value is not None:
            parts.append(f"{view.msg(key)}: {value}")
    return " \u00b7 ".join(parts)
