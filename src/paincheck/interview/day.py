"""One diary day asked in the terminal: the words that name the day, the safety check's
panel, and the asking (`ask_day`: an interrupted day waits beside the diary).

The wording is pure: the day as the patient reads it ("Friday 4 December"), the daily form worded
for that day (an earlier day never says "today"; the safety question is worded by day), and
the `Occasion` that puts the day on every screen and the panel's choices. The texts are the
package's messages (`diary_*`), which a questions folder may override.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from paincheck.answers.checking import Answers
from paincheck.answers.loading import load_answers
from paincheck.diary.store import Diary, Entry, diary_form, diary_ids, pending_path
from paincheck.errors import InterviewInterrupted, Problem
from paincheck.interview.panel import PLAIN_OCCASION, Occasion
from paincheck.questionnaire import Question, Questionnaire, Section
from paincheck.questionnaire.conditions import Value
from paincheck.questionnaire.view import View
from paincheck.text.language import Text

# An earlier day's question text (and help) is the message `diary_day_q_<id>` (`..._help`),
# a section's title (and intro) `diary_day_s_<id>` (`..._intro`), {day} filled in, when there
# is one.
DAY_TEXT = "diary_day_q_{id}"
DAY_SECTION = "diary_day_s_{id}"


def day_words(view: View, day: date, today: date) -> str:
    """A date as people say it: "Friday 4 December" (with the year when it is not this
    year's), from the messages' weekday and month names."""
    weekday = view.msg("diary_weekdays").split()[day.weekday()]
    month = view.msg("diary_months").split()[day.month - 1]
    key = "diary_date" if day.year == today.year else "diary_date_year"
    return view.msg(key, weekday=weekday, day=day.day, month=month, year=day.year)


def day_form(view: View, diary: Diary, day: date, today: date) -> Questionnaire:
    """The daily form worded for `day` (and for the diary, `diary_form`): the safety question
    asks since the wires were put in (the first day), since the last diary day, or about that
    day (an earlier day); an earlier day's questions name it instead of saying "today". The
    view's questionnaire is the daily form; the one returned is worded in its language."""
    questionnaire = diary_form(view.questionnaire, diary, asking=True)
    words = day_words(view, day, today)
    earlier = day < today
    texts: dict[str, tuple[str, str | None]] = {}
    titles: dict[str, tuple[str, str | None]] = {}
    if earlier:
        for question in questionnaire.questions:
            text, help_text = _day_texts(view, DAY_TEXT, question.id, words)
            if text is not None:
                texts[question.id] = (text, help_text)
        for section in questionnaire.sections:
            title, intro = _day_texts(view, DAY_SECTION, section.id, words)
            if title is not None:
                titles[section.id] = (title, intro)
    first = not any(e.date < day.isoformat() for e in diary.entries)
    if earlier:
        problems = view.msg("diary_problems_day", day=words)
    elif first:
        key = "diary_problems_first_implant" if diary.after_implant else "diary_problems_first"
        problems = view.msg(key)
    else:
        problems = None
    if problems is not None:
        texts[diary_ids(questionnaire).safety_check.question] = (problems, None)
    return _with_texts(questionnaire, texts, titles, view)


def _day_texts(view: View, pattern: str, item: str, words: str) -> tuple[str | None, str | None]:
    """An earlier day's text and help of a question (title and intro of a section), where
    the messages have them."""
    found = []
    main = pattern.format(id=item)
    for key in (main, main + ("_help" if pattern == DAY_TEXT else "_intro")):
        known = view.questionnaire.messages.template(key, view.lang) != key
        found.append(view.msg(key, day=words) if known else None)
    return found[0], found[1]


def _with_texts(
    questionnaire: Questionnaire,
    texts: Mapping[str, tuple[str, str | None]],
    titles: Mapping[str, tuple[str, str | None]],
    view: View,
) -> Questionnaire:
    """The questionnaire with these questions' text (and help), and these sections' title
    (and intro), replaced, in the view's language."""
    lang = view.lang

    def worded(question: Question) -> Question:
        if question.id not in texts:
            return question
        text, help_text = texts[question.id]
        help_now = (
            question.help if help_text is None else Text(question.help.key, {lang: help_text})
        )
        return dataclasses.replace(
            question, text=Text(question.text.key, {lang: text}), help=help_now
        )

    def titled(section: Section) -> Section:
        questions = tuple(worded(q) for q in section.questions)
        if section.id not in titles:
            return dataclasses.replace(section, questions=questions)
        title, intro = titles[section.id]
        intro_now = section.intro
        if intro is not None:
            intro_now = Text(section.intro.key if section.intro else "", {lang: intro})
        title_now = Text(section.title.key, {lang: title})
        return dataclasses.replace(section, title=title_now, intro=intro_now, questions=questions)

    sections = tuple(titled(s) for s in questionnaire.sections)
    return dataclasses.replace(questionnaire, sections=sections)


def day_occasion(view: View, day: date, today: date) -> Occasion:
    """What the day's screens say about it: an earlier day named on every screen, with the
    panel's extra line; the panel's "go on" choice; the review's note after a day when the
    stimulation hurt or was switched off (the daily form's `comfort: call_today` choices)."""
    words = day_words(view, day, today)
    note = view.msg("diary_review_comfort")
    comfort = diary_ids(view.questionnaire).comfort

    def review_notes(values: Mapping[str, Value]) -> list[str]:
        hurts = comfort is not None and values.get(comfort.question) in comfort.call_today
        return [note] if hurts else []

    if day < today:
        return Occasion(
            banner=view.msg("diary_day_banner", day=words),
            go_on=view.msg("diary_go_on_day", day=words),
            extra=view.msg("diary_panel_earlier"),
            review_notes=review_notes,
        )
    return Occasion(go_on=view.msg("diary_go_on_today"), review_notes=review_notes)


# -- asking a day in the terminal ----------------------------------------------------------


def ask_day(
    view: View,
    diary_path: Path,
    day: str,
    *,
    resume_command: str,
    start: Mapping[str, Value] | None = None,
    occasion: Occasion | None = None,
    input: Any = None,
    output: Any = None,
    plain: bool = False,
) -> Entry:
    """Ask the day's questions with the interview (`plain`: line by line), from the answers
    of `start` (a day saved by a stop: only the rest is asked); an interrupted day is saved
    beside the diary and picked up again by the same command. "Stop here and get care now"
    raises `StoppedForCare` with the day's answers so far. The view's questionnaire is the
    daily form worded for the day (`day_form`)."""
    from paincheck.interview import walk

    questionnaire = view.questionnaire
    pending = pending_path(diary_path, day)
    initial, loaded_from = Answers(dict(start or {}), status="in_progress"), None
    if pending.exists():
        initial, loaded_from = load_answers(questionnaire, pending).answers, pending
    try:
        answers = walk.run_interview(
            view,
            initial,
            pending,
            input=input,
            output=output,
            plain=plain,
            loaded_from=loaded_from,
            occasion=occasion or PLAIN_OCCASION,
        )
    except InterviewInterrupted:
        message = view.msg("diary_interrupted")
        raise InterviewInterrupted(
            [Problem(str(pending), message)], command=resume_command
        ) from None
    return Entry(day, dict(answers.values))
