"""The trial summary: what a diary's days add up to, as numbers, JSON and plain sentences.

Pure: a diary in, a summary out. Means and percentages are worked out exactly (fractions)
and rounded half away from zero once, at the end, so 0.05 always rounds the same way. The
sentences state the numbers and the usual 50% mark; they never say what to decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from paincheck.diary.store import Diary, Entry, diary_ids
from paincheck.questionnaire import Questionnaire
from paincheck.questionnaire.conditions import whole_number
from paincheck.questionnaire.models import DiaryIds
from paincheck.questionnaire.view import View

MARK = Decimal(50)  # trials usually look for 50% or more
MIN_DAYS = 3  # fewer days are too few to sum up
DISAGREE_POINTS = Decimal(20)


@dataclass(frozen=True)
class TrialSummary:
    """The numbers of the contract's JSON summary (rounded, as shown)."""

    form: str
    version: str
    days: int
    first: str | None
    last: str | None
    baseline_pain: int | None
    pain_average_mean: Decimal | None
    pain_reduction_percent: Decimal | None
    relief_percent_mean: Decimal | None
    days_relief_at_least_50: int
    medicine: dict[str, int]
    relief_vs_50: str
    pain_reduction_vs_50: str | None
    measures_disagree: bool | None
    # the safety check (diary form version 2): days with problems, and days without an answer
    problem_days: tuple[tuple[str, tuple[str, ...]], ...] = ()
    problems_not_answered: tuple[str, ...] = ()


def round_half_away(value: Fraction, places: int = 1) -> Decimal:
    """`value` rounded half away from zero (2.25 -> 2.3, -2.25 -> -2.3), from its exact value."""
    scale = 10**places
    scaled = abs(value) * scale
    whole = int(scaled + Fraction(1, 2))  # floor(x + 1/2) for x >= 0: half rounds up
    signed = -whole if value < 0 else whole
    return Decimal(signed).scaleb(-places)  # 514 -> 51.4, 560 -> 56.0: exact


def _mean(numbers: list[int]) -> Fraction | None:
    return Fraction(sum(numbers), len(numbers)) if numbers else None


def summarise(questionnaire: Questionnaire, diary: Diary) -> TrialSummary:
    """The summary of a diary's days, as the contract defines it (from the daily form's
    questions for the pain, the relief, the medicine and the safety check)."""
    ids = diary_ids(questionnaire)
    pains = [whole_number(e.answers.get(ids.pain)) for e in diary.entries]
    reliefs = [whole_number(e.answers.get(ids.relief)) for e in diary.entries]
    pain_values = [p for p in pains if p is not None]
    relief_values = [r for r in reliefs if r is not None]
    pain_mean = _mean(pain_values)
    relief_mean = _mean(relief_values)
    baseline = diary.baseline.pain_average if diary.baseline is not None else None
    reduction = None
    if baseline and pain_mean is not None:  # no baseline, or 0: no percentage of it
        reduction = round_half_away(100 * (baseline - pain_mean) / baseline)
    relief = round_half_away(relief_mean) if relief_mean is not None else None
    days = len(diary.entries)
    checked = [(e.date, e.problems(ids.safety_check)) for e in diary.entries]
    return TrialSummary(
        form=diary.form,
        version=diary.version,
        days=days,
        first=diary.entries[0].date if days else None,
        last=diary.entries[-1].date if days else None,
        baseline_pain=baseline,
        pain_average_mean=round_half_away(pain_mean) if pain_mean is not None else None,
        pain_reduction_percent=reduction,
        relief_percent_mean=relief,
        days_relief_at_least_50=sum(1 for r in relief_values if r >= MARK),
        medicine=_medicine_counts(questionnaire, diary),
        # each mark counts the days that hold its answer (a day saved by a stop may not)
        relief_vs_50=_versus_mark(relief, len(relief_values)) or "too_few_days",
        pain_reduction_vs_50=_versus_mark(reduction, len(pain_values)),
        measures_disagree=(
            None
            if relief is None or reduction is None
            else abs(relief - reduction) >= DISAGREE_POINTS
        ),
        problem_days=tuple((day, tuple(found)) for day, found in checked if found),
        problems_not_answered=tuple(day for day, found in checked if found is None),
    )


def _versus_mark(value: Decimal | None, days: int) -> str | None:
    if value is None:
        return None
    if days < MIN_DAYS:
        return "too_few_days"
    return "at_or_above" if value >= MARK else "below"


def _medicine_counts(questionnaire: Questionnaire, diary: Diary) -> dict[str, int]:
    """Days by each answer of the medicine question ({} for a form without one)."""
    medicine = diary_ids(questionnaire).medicine
    question = questionnaire.question(medicine.question) if medicine is not None else None
    if medicine is None or question is None:
        return {}
    counts = {c.id: 0 for c in question.choices}
    for entry in diary.entries:
        chosen = entry.answers.get(medicine.question)
        if isinstance(chosen, str) and chosen in counts:
            counts[chosen] += 1
    return counts


def to_json(summary: TrialSummary) -> dict[str, Any]:
    """The JSON summary of `diary show --format json` (keys and order of the contract)."""
    return {
        "diary": {"id": summary.form, "version": summary.version},
        "days": summary.days,
        "first": summary.first,
        "last": summary.last,
        "baseline_pain": summary.baseline_pain,
        "pain_average_mean": _number(summary.pain_average_mean),
        "pain_reduction_percent": _number(summary.pain_reduction_percent),
        "relief_percent_mean": _number(summary.relief_percent_mean),
        "days_relief_at_least_50": summary.days_relief_at_least_50,
        "medicine": dict(summary.medicine),
        "relief_vs_50": summary.relief_vs_50,
        "pain_reduction_vs_50": summary.pain_reduction_vs_50,
        "measures_disagree": summary.measures_disagree,
        "problem_days": [
            {"date": day, "problems": list(problems)} for day, problems in summary.problem_days
        ],
        "problems_not_answered": list(summary.problems_not_answered),
    }


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def shown(value: Decimal) -> str:
    """A rounded number as text: 56 for 56.0, 51.4 for 51.4."""
    return f"{value:.0f}" if value == value.to_integral_value(ROUND_HALF_UP) else f"{value}"


# -- long diaries by week, month or year --------------------------------------------------------

UNITS = ("day", "week", "month", "year")  # finest first


@dataclass(frozen=True)
class Period:
    """The days of one week, month or year (or one day) summed up: means of the days that
    hold each answer (exact, for a chart), the worst pain of the period, and how many of
    its days needed more pain medicine than usual. An answer the daily form does not ask is
    None."""

    start: str  # the period's first day (a week starts on Monday), ISO
    label: str  # how a chart or table names it: 2026-11-02, 2026-11, 2026
    days: int
    pain_average: Fraction | None
    pain_worst: int | None
    relief_percent: Fraction | None
    more_medicine: int | None
    sleep_hours: Fraction | None


def period_start(day: str, unit: str) -> date:
    """The first day of the week (Monday), month or year holding `day`."""
    when = date.fromisoformat(day)
    if unit == "week":
        return when - timedelta(days=when.weekday())
    if unit == "month":
        return when.replace(day=1)
    if unit == "year":
        return when.replace(month=1, day=1)
    return when


def by_period(ids: DiaryIds, entries: Sequence[Entry], unit: str) -> list[Period]:
    """The entries (in date order) grouped by `unit` (one of `UNITS`), in date order; `ids`:
    the daily form's questions."""
    groups: dict[date, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(period_start(entry.date, unit), []).append(entry)
    label = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[unit]
    return [
        _period(ids, start.isoformat(), start.strftime(label), days)
        for start, days in groups.items()
    ]


def count_periods(entries: Sequence[Entry], unit: str) -> int:
    """How many weeks (months, years) the entries fall in."""
    return len({period_start(e.date, unit) for e in entries})


def coarsest_needed(entries: Sequence[Entry], most: int) -> str:
    """The finest unit that groups the entries into at most `most` periods ("year" if none)."""
    return next((u for u in UNITS if count_periods(entries, u) <= most), UNITS[-1])


def _period(ids: DiaryIds, start: str, label: str, entries: list[Entry]) -> Period:
    def values(question_id: str | None) -> list[int]:
        if question_id is None:
            return []
        return [v for e in entries if (v := whole_number(e.answers.get(question_id))) is not None]

    worst = values(ids.worst_pain)
    medicine = ids.medicine
    return Period(
        start=start,
        label=label,
        days=len(entries),
        pain_average=_mean(values(ids.pain)),
        pain_worst=max(worst) if worst else None,
        relief_percent=_mean(values(ids.relief)),
        more_medicine=None
        if medicine is None
        else sum(1 for e in entries if e.answers.get(medicine.question) == medicine.more),
        sleep_hours=_mean(values(ids.sleep)),
    )


# -- the sentences ----------------------------------------------------------------------------


def summary_sentences(view: View, summary: TrialSummary) -> list[str]:
    """The summary in plain sentences: facts and the usual 50% mark, never a verdict."""
    s = summary
    if s.days == 0:
        return [view.msg("diary_no_days")]
    lines = [
        view.msg("diary_days_one", first=s.first)
        if s.days == 1
        else view.msg("diary_days", days=s.days, first=s.first, last=s.last)
    ]
    if s.relief_percent_mean is not None:
        lines.append(view.msg("diary_relief", relief=shown(s.relief_percent_mean)))
        lines.append(view.msg("diary_relief_days", count=s.days_relief_at_least_50, days=s.days))
    lines.append(_reduction_sentence(view, s))
    if "too_few_days" in (s.relief_vs_50, s.pain_reduction_vs_50):
        lines.append(view.msg("diary_too_few_days", days=s.days))
    lines.append(view.msg("diary_mark"))
    if s.measures_disagree:
        assert s.relief_percent_mean is not None and s.pain_reduction_percent is not None
        points = abs(s.relief_percent_mean - s.pain_reduction_percent)
        lines.append(view.msg("diary_disagree", points=shown(points)))
    medicine = medicine_sentence(view, s)
    return lines + ([medicine] if medicine else [])


def _reduction_sentence(view: View, s: TrialSummary) -> str:
    if s.baseline_pain is None:
        return view.msg("diary_no_baseline")
    if s.pain_reduction_percent is None or s.pain_average_mean is None:
        return view.msg("diary_baseline_zero")
    values = {
        "baseline": s.baseline_pain,
        "mean": shown(s.pain_average_mean),
        "percent": shown(abs(s.pain_reduction_percent)),
    }
    if s.pain_reduction_percent > 0:
        return view.msg("diary_pain_fell", **values)
    if s.pain_reduction_percent < 0:
        return view.msg("diary_pain_rose", **values)
    return view.msg("diary_pain_same", **values)


def medicine_sentence(view: View, s: TrialSummary) -> str | None:
    """Pain medicine use beside relief: how many days each answer was given (None for a
    daily form without a medicine question)."""
    medicine = diary_ids(view.questionnaire).medicine
    question = view.questionnaire.question(medicine.question) if medicine is not None else None
    if medicine is None or question is None:
        return None
    labels = {c.id: view.text(c.label) for c in question.choices}
    counts = "; ".join(
        view.msg("diary_medicine_count", label=labels.get(k, k), count=n)
        for k, n in s.medicine.items()
    )
    sentence = view.msg("diary_medicine", counts=counts)
    if s.medicine.get(medicine.more):
        sentence += " " + view.msg("diary_medicine_more")
    return sentence
