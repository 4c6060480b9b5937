"""The trial diary file: one day of checked answers per date, read and written safely.

A diary holds the answers to a questions folder (the daily form, `questions/diary/`) by date,
and the pain recorded before the trial. Every day's answers go through the same answers
pipeline as an answers file; each problem names the file, the date and the question.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from paincheck.answers.checking import (
    Answers,
    check_answers,
    ordered_values,
    shown_questions,
)
from paincheck.answers.dates import latest_today, parse_day
from paincheck.answers.loading import load_answers
from paincheck.errors import PaincheckError, Problem
from paincheck.files.reading import (
    MAX_BYTES,
    dump_json,
    dump_yaml,
    parse_document,
    read_bytes,
)
from paincheck.files.writing import NAME_MAX, fit_name, locked, write_private, written_as
from paincheck.questionnaire import Questionnaire, default_questions_folder
from paincheck.questionnaire.conditions import Value
from paincheck.questionnaire.models import DiaryIds, SafetyCheckIds
from paincheck.questionnaire.view import View
from paincheck.text.display import describe_value
from paincheck.text.language import DEFAULT_LANGUAGE, Text

DIARY_FOLDER = "diary"  # the daily form's folder, inside the shipped questions folder
TOP_KEYS = ("diary", "version", "name", "after_implant", "baseline", "entries")
ENTRY_KEYS = ("date", "status", "answers")
# The diary file's baseline: the average pain before the trial (the key is the file's, whatever
# the daily form's pain question is called), when it was recorded, and where it came from.
BASELINE_KEY = "pain_average"
BASELINE_KEYS = (BASELINE_KEY, "date", "from")
# `diary start --from`: the baseline is this answer of the (shipped) checklist.
CHECKLIST_PAIN = "pain_average"
# The daily form names its questions' roles in its rules.yaml (`report: diary:`): the safety
# check (diary form version 2) is asked first; days without it (every day of a version 1
# diary) still load, and say "Safety check not answered".
# After a permanent implant (no wires come out), a safety check choice's label is the message
# `diary_implant_c_<id>` and its advice `diary_implant_advice_<id>`, when there is one.
IMPLANT_CHOICE = "diary_implant_c_{id}"
IMPLANT_ADVICE = "diary_implant_advice_{id}"
# A day saved by "Stop here and get care now" holds what was answered so far; `diary add`
# for that date asks the rest.
UNFINISHED = "in_progress"
MAX_NAME = 500  # characters of the name printed on the diary's PDF (as a checklist answer)
MAX_PROBLEMS = 50  # a hostile file can hold thousands of bad days: list these, then a count


@dataclass(frozen=True)
class Baseline:
    """The average pain recorded before the trial, with when and where it came from."""

    pain_average: int
    date: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Entry:
    """One day's checked answers (`status` "in_progress": saved by a stop, to finish)."""

    date: str
    answers: Mapping[str, Value] = field(default_factory=dict)
    status: str = "complete"

    @property
    def unfinished(self) -> bool:
        """Whether the day was saved by "Stop here and get care now", with answers to come."""
        return self.status == UNFINISHED

    def problems(self, check: SafetyCheckIds) -> list[str] | None:
        """The safety check's problems (none: []), or None when the day has no answer to it."""
        value = self.answers.get(check.question)
        if not isinstance(value, list):
            return None
        return [str(v) for v in value if v != check.none]


@dataclass(frozen=True)
class Diary:
    """A diary: the form it answers, the baseline, and the days in date order.

    `name` is printed on the PDF (left out with --redact); `after_implant`: the diary serves
    check-ups after a permanent implant, where no wires come out (the When-to-call box says
    "where the device was put in").
    """

    form: str
    version: str
    baseline: Baseline | None = None
    entries: tuple[Entry, ...] = ()
    name: str | None = None
    after_implant: bool = False

    def entry(self, day: str) -> Entry | None:
        """The entry for a date, if there is one."""
        return next((e for e in self.entries if e.date == day), None)

    def with_entry(self, entry: Entry) -> Diary:
        """This diary with `entry` added, or replacing the one of its date; kept in date order."""
        others = [e for e in self.entries if e.date != entry.date]
        return replace(self, entries=tuple(sorted([*others, entry], key=lambda e: e.date)))


@dataclass(frozen=True)
class LoadedDiary:
    """A diary read from a file, with the warnings met on the way and the bytes read."""

    diary: Diary
    warnings: tuple[Problem, ...] = ()
    source: bytes = b""


def diary_form_folder() -> Path:
    """The daily questions shipped with paincheck."""
    return default_questions_folder() / DIARY_FOLDER


def diary_ids(form: Questionnaire) -> DiaryIds:
    """Which questions of the daily form the diary reads for what (its rules.yaml, checked
    when the folder loaded); a folder without them is not a daily form."""
    ids = form.rules.report.diary
    if ids is None:
        raise PaincheckError.single(
            str(form.folder / "rules.yaml"),
            "names no diary questions, so this folder is not a daily form: say which question "
            "is the safety check, the pain and the relief under report: diary: (see README.md "
            "in the questions folder)",
            "report.diary",
        )
    return ids


def new_diary(
    questionnaire: Questionnaire,
    baseline: Baseline | None,
    *,
    name: str | None = None,
    after_implant: bool = False,
) -> Diary:
    """An empty diary for this daily form."""
    return Diary(
        questionnaire.id, questionnaire.version, baseline, name=name, after_implant=after_implant
    )


def check_name(value: Any) -> tuple[str | None, str | None]:
    """The diary's name, one line of text, or a message saying what is wrong with it."""
    if not isinstance(value, str) or not value.strip():
        return None, f"expects a name as text, got {describe_value(value)}"
    if len(value) > MAX_NAME or not value.isprintable():
        return None, f"expects one line of at most {MAX_NAME} characters"
    return value.strip(), None


def check_date(value: Any, today: date, *, anywhere: bool = False) -> tuple[str | None, str | None]:
    """A diary date as ISO text, or a message saying what is wrong with it. `today` is the
    latest date allowed; `anywhere`: it is `dates.latest_today()`, today somewhere on Earth
    (a day added where the date is already later is not in the future here)."""
    day, problem = parse_day(value)
    if day is None:
        return None, problem
    if day > today:
        if anywhere:
            return None, f"{value} is in the future: that day has not begun anywhere on Earth yet"
        return None, f"{value} is in the future (today is {today.isoformat()})"
    return value, None


# -- reading --------------------------------------------------------------------------------


def load_diary(questionnaire: Questionnaire, path: Path | str, today: date) -> LoadedDiary:
    """Read and check a diary file; every problem is reported at once. `today`: the latest
    date a day may have (`latest_today()`)."""
    data = read_bytes(path)
    loaded = parse_diary(questionnaire, parse_document(data, str(path)), str(path), today)
    return replace(loaded, source=data)


def parse_diary(questionnaire: Questionnaire, raw: Any, file: str, today: date) -> LoadedDiary:
    """Check a parsed diary document."""
    if not isinstance(raw, Mapping):
        raise PaincheckError.single(
            file, f"must be a mapping with 'diary' and 'entries', got {describe_value(raw)}"
        )
    problems: list[Problem] = []
    warnings: list[Problem] = []
    problems += [
        Problem(file, _unknown("top-level key", k, TOP_KEYS)) for k in raw if k not in TOP_KEYS
    ]
    form = raw.get("diary")
    if form != questionnaire.id:
        problems.append(
            Problem(file, f"'diary' must be '{questionnaire.id}', got {describe_value(form)}")
        )
    version = raw.get("version")
    if version is not None and str(version) != questionnaire.version:
        warnings.append(
            Problem(file, f"was written for version {version}; read as {questionnaire.version}")
        )
    baseline = _baseline(questionnaire, raw.get("baseline"), file, today, problems)
    name = raw.get("name")
    if name is not None:
        name, problem = check_name(name)
        if problem is not None:
            problems.append(Problem(file, problem, "name"))
    after_implant = raw.get("after_implant", False)
    if not isinstance(after_implant, bool):
        problems.append(
            Problem(
                file, f"expects true or false, got {describe_value(after_implant)}", "after_implant"
            )
        )
        after_implant = False
    entries = list(_entries(questionnaire, raw.get("entries", []), file, today, problems, warnings))
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(Problem(file, f"and {len(problems) - MAX_PROBLEMS} more problems"))
        raise PaincheckError(shown)
    # Dates are unique (checked above): one sort, not one per day (14,000 days took seconds).
    ordered = tuple(sorted(entries, key=lambda e: e.date))
    diary = Diary(
        questionnaire.id,
        questionnaire.version,
        baseline,
        ordered,
        name=name,
        after_implant=after_implant,
    )
    return LoadedDiary(diary, tuple(warnings))


def _baseline(
    questionnaire: Questionnaire, raw: Any, file: str, today: date, problems: list[Problem]
) -> Baseline | None:
    if raw is None:
        return None
    where = "baseline"
    if not isinstance(raw, Mapping):
        problems.append(Problem(file, f"must be a mapping, got {describe_value(raw)}", where))
        return None
    problems += [
        Problem(file, _unknown("key", k, BASELINE_KEYS), where)
        for k in raw
        if k not in BASELINE_KEYS
    ]
    pain, problem = check_baseline_pain(questionnaire, raw.get(BASELINE_KEY))
    if problem is not None:
        problems.append(Problem(file, problem, f"{where}: {BASELINE_KEY}"))
    day = raw.get("date")
    if day is not None:
        day, problem = check_date(day, today, anywhere=True)
        if problem is not None:
            problems.append(Problem(file, problem, f"{where}: date"))
    source = raw.get("from")
    if source is not None and not isinstance(source, str):
        problems.append(
            Problem(file, f"expects text, got {describe_value(source)}", f"{where}: from")
        )
        source = None
    if pain is None:
        return None
    return Baseline(pain, day, source)


def check_baseline_pain(questionnaire: Questionnaire, value: Any) -> tuple[int | None, str | None]:
    """The baseline pain, checked like the daily answer it is compared with."""
    from paincheck.answers.checking import check_value

    question = questionnaire.question(diary_ids(questionnaire).pain)
    if question is None:  # the folder's check makes sure it has
        return None, "the daily form has no pain question to compare with"
    if value is None:
        return None, "is missing"
    checked, problem = check_value(question, value, {})
    return (checked if isinstance(checked, int) else None), problem


def _entries(
    questionnaire: Questionnaire,
    raw: Any,
    file: str,
    today: date,
    problems: list[Problem],
    warnings: list[Problem],
) -> Iterator[Entry]:
    if not isinstance(raw, list):
        problems.append(
            Problem(file, f"must be a list of days, got {describe_value(raw)}", "entries")
        )
        return
    seen: set[str] = set()
    for index, raw_entry in enumerate(raw):
        where = f"entries[{index}]"
        if not isinstance(raw_entry, Mapping):
            problems.append(
                Problem(
                    file,
                    f"must be a mapping with 'date' and 'answers', got {describe_value(raw_entry)}",
                    where,
                )
            )
            continue
        day, problem = check_date(raw_entry.get("date"), today, anywhere=True)
        if day is None:
            problems.append(Problem(file, problem or "", f"{where}: date"))
            continue
        problems += [
            Problem(file, _unknown("key", k, ENTRY_KEYS), day)
            for k in raw_entry
            if k not in ENTRY_KEYS
        ]
        if day in seen:
            problems.append(Problem(file, "this date has more than one entry; keep one", day))
            continue
        seen.add(day)
        given = raw_entry.get("answers")
        if not isinstance(given, Mapping):
            problems.append(
                Problem(file, f"'answers' must be a mapping, got {describe_value(given)}", day)
            )
            continue
        status = raw_entry.get("status", "complete")
        if status not in ("complete", UNFINISHED):
            message = f"'status' must be complete or {UNFINISHED}, got {describe_value(status)}"
            problems.append(Problem(file, message, day))
            continue
        unfinished = status == UNFINISHED
        values, day_problems, day_warnings = check_day(
            questionnaire, given, file, day, finished=not unfinished
        )
        problems += day_problems
        warnings += day_warnings
        yield Entry(day, values, status)


def check_day(
    questionnaire: Questionnaire,
    given: Mapping[Any, Any],
    file: str,
    day: str,
    *,
    finished: bool = True,
) -> tuple[dict[str, Value], list[Problem], list[Problem]]:
    """One day's answers through the answers pipeline; every answer the form requires must be
    there (a day saved by a stop, not `finished`, holds what was answered). The safety check
    may be missing: days written before it existed say "Safety check not answered". Problems
    and warnings name the file, the date and the question."""
    values, problems, warnings = check_answers(questionnaire, given, file)
    safety = diary_ids(questionnaire).safety_check.question
    failed = {p.question for p in problems}
    shown, _ = shown_questions(questionnaire, values)
    for question in shown if finished else ():
        missing = question.id not in values and question.id not in failed
        if question.required and missing and question.id != safety:
            problems.append(
                Problem(file, "is missing; every day needs an answer to it", question.id)
            )
    return values, _dated(problems, day), _dated(warnings, day)


def _dated(problems: list[Problem], day: str) -> list[Problem]:
    return [
        Problem(p.file, p.message, f"{day}: {p.question}" if p.question else day) for p in problems
    ]


def _unknown(kind: str, key: object, allowed: tuple[str, ...]) -> str:
    return f"unknown {kind} {describe_value(key)}; allowed: {', '.join(allowed)}"


def day_from_answers_file(questionnaire: Questionnaire, path: str, day: str) -> LoadedDiaryDay:
    """One day's answers from an answers file (for `diary add --answers`)."""
    loaded = load_answers(questionnaire, path)
    name = "<stdin>" if path == "-" else path
    values, problems, warnings = check_day(questionnaire, loaded.answers.values, name, day)
    if problems:
        raise PaincheckError(problems)
    safety = diary_ids(questionnaire).safety_check.question
    if safety not in values:
        message = 'has no answer; the day is kept, and shows "Safety check not answered"'
        warnings.append(Problem(name, message, f"{day}: {safety}"))
    return LoadedDiaryDay(Entry(day, values), (*loaded.warnings, *warnings))


@dataclass(frozen=True)
class LoadedDiaryDay:
    """A day's entry read from an answers file, with its warnings."""

    entry: Entry
    warnings: tuple[Problem, ...] = ()


def baseline_from_answers(
    answers: Answers, file: str, question_id: str = CHECKLIST_PAIN
) -> Baseline:
    """The baseline from a checklist answers file: its average pain answer."""
    value = answers.get(question_id)
    if not isinstance(value, int):
        raise PaincheckError.single(
            file,
            "has no answer to it; pass the pain before the trial with --baseline-pain N",
            question_id,
        )
    from paincheck.text.display import printable

    # The name as text (a Latin-1 name's bytes shown as \xe9): the diary is UTF-8 text.
    return Baseline(value, None, printable(Path(file).name, one_line=True))


# -- writing --------------------------------------------------------------------------------


def dump_diary(questionnaire: Questionnaire, diary: Diary, file_format: str = "yaml") -> str:
    """The diary as YAML (or "json") that loads back to exactly the same diary."""
    document: dict[str, Any] = {"diary": diary.form, "version": diary.version}
    if diary.name is not None:
        document["name"] = diary.name
    if diary.after_implant:
        document["after_implant"] = True
    if diary.baseline is not None:
        baseline: dict[str, Any] = {BASELINE_KEY: diary.baseline.pain_average}
        if diary.baseline.date is not None:
            baseline["date"] = diary.baseline.date
        if diary.baseline.source is not None:
            baseline["from"] = diary.baseline.source
        document["baseline"] = baseline
    document["entries"] = [
        {
            "date": e.date,
            **({"status": e.status} if e.unfinished else {}),
            "answers": ordered_values(questionnaire, e.answers),
        }
        for e in diary.entries
    ]
    if file_format == "json":
        return dump_json(document)
    header = f"# paincheck diary ({diary.form}). Health information: keep it private.\n"
    return header + dump_yaml(document)


def write_diary(
    path: Path, questionnaire: Questionnaire, diary: Diary, *, overwrite: bool = False
) -> None:
    """Save a new diary to a private file (JSON if its name ends in .json, else YAML),
    atomically; under the diary's lock, so no `diary add` is writing it meanwhile."""
    text = dump_diary(questionnaire, diary, written_as(None, path))
    with locked(path):
        write_private(path, text, overwrite=overwrite)


def add_entry(
    view: View,
    path: Path,
    entry: Entry,
    *,
    replace: bool,
    read: LoadedDiary | None = None,
) -> Diary:
    """Add `entry` to the diary at `path` (a day of the same date is replaced only with
    `replace`); the diary as written.

    The diary is read again under its lock and written whole, in the format it came in: two
    adds at the same time each keep their day. A day another paincheck added meanwhile is
    refused without `replace`; so is a day that would make the diary too large to read back.
    Either way the diary is unchanged. `read`: the diary as read before (not read again if
    the file still holds the same bytes: a long diary takes a second to read). The view's
    questionnaire is the daily form; a refusal is worded in its language.
    """
    questionnaire, msg = view.questionnaire, view.msg
    name = str(path)
    with locked(path):
        data = read_bytes(path)
        if read is not None and read.source == data:
            diary = read.diary
        else:
            diary = parse_diary(
                questionnaire, parse_document(data, name), name, latest_today()
            ).diary
        if not replace and diary.entry(entry.date) is not None:
            raise PaincheckError.single(name, msg("diary_added_meanwhile", date=entry.date))
        updated = diary.with_entry(entry)
        text = dump_diary(questionnaire, updated, written_as(data, path))
        if len(text.encode("utf-8")) > MAX_BYTES:
            limit = MAX_BYTES // 1000
            raise PaincheckError.single(name, msg("diary_too_large", date=entry.date, kb=limit))
        write_private(path, text, overwrite=True)
    return updated


# -- the daily form worded for a diary -----------------------------------------------------


def diary_form(
    questionnaire: Questionnaire, diary: Diary, *, asking: bool = False
) -> Questionnaire:
    """The daily form worded for this diary: after a permanent implant, the safety check's
    choices and their advice say "where the device was put in" (no wires come out); the
    ids stay. A choice whose implant wording is empty is not offered when `asking` (no
    dressing or wire comes out after an implant); an answer already holding it keeps the
    trial's words."""
    safety = diary_ids(questionnaire).safety_check.question
    question = questionnaire.question(safety)
    if not diary.after_implant or question is None:
        return questionnaire

    def worded(pattern: str, item: str, text: Text) -> Text:
        key = pattern.format(id=item)
        if questionnaire.messages.template(key, DEFAULT_LANGUAGE) == key:
            return text  # no implant wording: the trial's is right for both
        return Text(
            key, {lang: questionnaire.message(key, lang) for lang in questionnaire.languages}
        )

    def offered(choice_id: str) -> bool:
        return questionnaire.message(IMPLANT_CHOICE.format(id=choice_id), DEFAULT_LANGUAGE) != ""

    choices = tuple(
        replace(c, label=worded(IMPLANT_CHOICE, c.id, c.label)) if offered(c.id) else c
        for c in question.choices
        if offered(c.id) or not asking
    )
    rules = questionnaire.rules
    flags = {
        name: replace(
            style, advice={c: worded(IMPLANT_ADVICE, c, t) for c, t in style.advice.items()}
        )
        for name, style in rules.flags.items()
    }
    sections = tuple(
        replace(
            s,
            questions=tuple(
                replace(q, choices=choices) if q.id == safety else q for q in s.questions
            ),
        )
        for s in questionnaire.sections
    )
    return replace(questionnaire, sections=sections, rules=replace(rules, flags=flags))


# -- a day's answers waiting while it is asked (interview/day.py asks it) ------------------


def pending_path(diary_path: Path, day: str) -> Path:
    """Where a day's answers wait while they are being asked (beside the diary)."""
    ending = f"-{day}-unfinished.yaml"
    stem = fit_name(diary_path.stem, NAME_MAX - len(ending.encode()))
    return diary_path.with_name(f"{stem}{ending}")


def forget_pending(diary_path: Path, day: str) -> None:
    """Remove a day's waiting answers once they are in the diary."""
    pending_path(diary_path, day).unlink(missing_ok=True)
