"""The interview: ask the questions in the terminal, with going back, review and safe stopping.

The wording and the counting live in pure functions at the top; the walk below them describes
each step as a `prompts.Prompt`, which `paincheck.prompts` (the only module that talks to
questionary) shows full screen or line by line. Every answer goes through
`answers.check_value`, the same check as answers from a file.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paincheck.answers import Answers, check_value, shown_questions, write_answers
from paincheck.conditions import Value
from paincheck.display import printable
from paincheck.documents import lone_surrogate
from paincheck.errors import PaincheckError, StoppedForCare
from paincheck.evaluation import answer_label
from paincheck.panel import (
    MISTAKE,
    PLAIN_OCCASION,
    STOP,
    Occasion,
    flagged_choices,
    panel_prompt,
    urgent_question,
)
from paincheck.prompts import Asker, Step, option
from paincheck.questionnaire import Question, Questionnaire
from paincheck.saving import interrupted_error

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

    from paincheck.prompts import Prompt

BACK_KEY = "<"


BACK = Step("back")
SKIP = Step("skip")
SAVE = Step("save")
REVIEW = Step("review")


# -- pure wording and counting -----------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where a question stands: its section among the shown ones, and its place in the asking."""

    section: int
    sections: int
    number: int
    total: int


def progress(
    questionnaire: Questionnaire,
    values: Mapping[str, Value],
    question: Question,
) -> Progress:
    """Where a question stands among the questions shown for the answers so far."""
    shown, _ = shown_questions(questionnaire, values)
    sections = [s for s in questionnaire.sections if any(q.section == s.id for q in shown)]
    section = questionnaire.section_of(question)
    section_number = next((n for n, s in enumerate(sections, 1) if s.id == section.id), 0)
    number = next((n for n, q in enumerate(shown, 1) if q.id == question.id), 0)
    return Progress(section_number, len(sections), number, len(shown))


def progress_line(questionnaire: Questionnaire, at: Progress, question: Question, lang: str) -> str:
    """E.g. "Section 2 of 9: Your pain, question 4 of about 30"."""
    return questionnaire.message(
        "interview_progress",
        lang,
        section=at.section,
        sections=at.sections,
        title=questionnaire.section_of(question).title(lang),
        number=at.number,
        total=at.total,
    )


def questions_to_ask(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """The questions shown for these answers that have no answer yet."""
    shown, kept = shown_questions(questionnaire, answers.values)
    return [q for q in shown if q.id not in kept]


def no_terminal_error(
    questionnaire: Questionnaire, missing: Sequence[Question], lang: str
) -> PaincheckError:
    """The error for a run without a terminal that still has questions to ask."""
    return PaincheckError.single(
        "paincheck run",
        questionnaire.message(
            "interview_no_terminal", lang, questions=", ".join(q.id for q in missing)
        ),
    )


def toggle_choice(question: Question, selected: Sequence[str], choice_id: str) -> list[str]:
    """Tick or untick a choice of a multi question. An exclusive choice (such as "None of
    these") clears the others, and any other choice clears it."""
    if choice_id in selected:
        chosen = [c for c in selected if c != choice_id]
    elif _is_exclusive(question, choice_id):
        chosen = [choice_id]
    else:
        chosen = [c for c in selected if not _is_exclusive(question, c)] + [choice_id]
    order = {c.id: n for n, c in enumerate(question.choices)}
    return sorted(chosen, key=lambda c: order.get(c, len(order)))


def _is_exclusive(question: Question, choice_id: str) -> bool:
    choice = question.choice(choice_id)
    return choice is not None and choice.exclusive


def choice_labels(
    questionnaire: Questionnaire, question: Question, values: Mapping[str, Value], lang: str
) -> list[tuple[str, str]]:
    """The (id, label) pairs a choice question offers now (an integer with a `step`: its steps)."""
    from paincheck.answers import allowed_choices, choice_source

    if question.type == "integer":
        return offered_numbers(question, values.get(question.id), lang)

    source = choice_source(questionnaire, question)
    labels = []
    for choice_id in allowed_choices(question, values):
        choice = source.choice(choice_id)
        labels.append((choice_id, choice.label(lang) if choice else choice_id))
    return labels


def offered_numbers(question: Question, current: Value, lang: str) -> list[tuple[str, str]]:
    """An integer question with a `step` as a list of (number, anchor words or ""): min,
    min + step, ... max; an answer already given between two steps is offered too."""
    if question.step is None or question.min is None or question.max is None:
        return []
    numbers = set(range(question.min, question.max + 1, question.step)) | {question.max}
    if isinstance(current, int) and question.min <= current <= question.max:
        numbers.add(current)
    anchors = {value: label(lang) for value, label in question.anchors}
    return [(str(n), anchors.get(n, "")) for n in sorted(numbers)]


def check_typed(
    questionnaire: Questionnaire,
    question: Question,
    raw: Any,
    values: Mapping[str, Value],
    lang: str,
) -> tuple[Value, str | None]:
    """Check a typed or picked answer with the answers pipeline; the message, if any, is the
    patient's wording (an empty answer to a required question is also refused here)."""
    if isinstance(raw, str):
        if question.type == "text" and not question.multiline:  # pasted lines: one line
            raw = " ".join(line.strip() for line in raw.splitlines())
        raw = raw.strip() or None  # an empty answer skips (or, when required, is refused)
        if raw is not None and question.unit:  # "60%" is 60
            raw = raw.removesuffix(question.unit).rstrip() or None
    value, problem = check_value(question, raw, values)
    if problem is not None:
        return None, _plain_problem(questionnaire, question, raw, values, problem, lang)
    if value is None and question.required:
        key = "interview_pick_one" if question.type == "multi" else "interview_needs_answer"
        return None, questionnaire.message(key, lang)
    return value, None


def _plain_problem(
    questionnaire: Questionnaire,
    question: Question,
    raw: Any,
    values: Mapping[str, Value],
    problem: str,
    lang: str,
) -> str:
    msg = questionnaire.message
    if question.type == "text" and isinstance(raw, str) and len(raw) > question.max_length:
        return msg("interview_too_long", lang, max=question.max_length, length=len(raw))
    if question.type == "text" and isinstance(raw, str) and lone_surrogate(raw) is not None:
        return msg("interview_unreadable_text", lang)
    if question.type == "integer":
        between = _between_whole_numbers(question, raw)
        if between is not None:  # 6.5 hours: say exactly what to type
            return msg("interview_whole_number", lang, below=between[0], above=between[1])
        # a whole number in range (checked without the other answers) broke the limit
        in_range = check_value(question, raw, {})[1] is None
        limit = values.get(question.at_most) if question.at_most else None
        if in_range and isinstance(limit, int):
            return msg("interview_at_most", lang, limit=limit)
        return msg("interview_number_range", lang, min=question.min, max=question.max)
    return msg("interview_not_understood", lang, problem=problem)


def _between_whole_numbers(question: Question, raw: Any) -> tuple[int, int] | None:
    """The two whole numbers around a decimal typed for an integer question ("6.5" or "6,5":
    6 and 7), when both are allowed."""
    if not isinstance(raw, str) or not re.fullmatch(r"[0-9]+[.,][0-9]+", raw):
        return None
    below = int(raw.replace(",", ".").split(".")[0])
    low = question.min if question.min is not None else below
    high = question.max if question.max is not None else below + 1
    return (below, below + 1) if low <= below and below + 1 <= high else None


def anchor_line(questionnaire: Questionnaire, question: Question, lang: str) -> str:
    """A scale's anchors spelled out, e.g. "0 = No pain    10 = Worst pain you can imagine"."""
    return "    ".join(
        questionnaire.message("interview_anchor", lang, value=value, label=label(lang))
        for value, label in question.anchors
    )


def instructions(
    questionnaire: Questionnaire,
    question: Question,
    lang: str,
    *,
    can_go_back: bool,
    plain: bool = False,
    filled: bool = False,
) -> list[str]:
    """The lines that say which keys to use for this question (`filled`: a text box that
    shows the earlier answer)."""
    msg = questionnaire.message
    mode = "plain_" if plain else ""
    lines: list[str] = []
    if question.type in ("single", "multi") or question.step is not None:
        kind = "multi" if question.type == "multi" else "single"
        keys = msg(f"interview_{mode}keys_{kind}", lang)
        if can_go_back:
            keys += " " + msg(f"interview_{mode}keys_list_back", lang)
        if plain:
            keys += " " + msg("interview_plain_keys_repeat", lang)
        lines.append(keys)
        exclusive = [c for c in question.choices if c.exclusive]
        if question.type == "multi" and exclusive:
            lines.append(msg("interview_exclusive_note", lang, label=exclusive[0].label(lang)))
    else:
        key = "interview_keys_text_multiline" if question.multiline else "interview_keys_text"
        keys = msg(key, lang)
        if filled:
            keys += " " + msg(f"interview_{mode}keys_text_keep", lang)
        elif not question.required:
            keys += " " + msg("interview_keys_text_skip", lang)
        if can_go_back:
            keys += " " + msg(f"interview_{mode}keys_text_back", lang)
        lines.append(keys)
    return lines


@dataclass(frozen=True)
class ReviewLine:
    """One line of the review screen: a section heading, or a question and its answer."""

    text: str
    question: Question | None = None


def review_lines(
    questionnaire: Questionnaire, values: Mapping[str, Value], lang: str
) -> list[ReviewLine]:
    """Every shown question and its answer, under its section's title."""
    shown, kept = shown_questions(questionnaire, values)
    lines: list[ReviewLine] = []
    section = None
    for question in shown:
        if question.section != section:
            section = question.section
            lines.append(ReviewLine(questionnaire.section_of(question).title(lang)))
        answer = answer_label(question, kept.get(question.id), lang, questionnaire)
        shown_answer = (
            f"[{answer.replace(chr(10), ' / ')}]"
            if answer
            else questionnaire.message("interview_not_answered", lang)
        )
        lines.append(ReviewLine(f"{question.text(lang)}  {shown_answer}", question))
    return lines


# -- the interview ---------------------------------------------------------------------


def run_interview(
    questionnaire: Questionnaire,
    initial: Answers,
    save_path: Path,
    lang: str,
    *,
    input: Input | None = None,
    output: Output | None = None,
    plain: bool = False,
    occasion: Occasion = PLAIN_OCCASION,
) -> Answers:
    """Ask every shown, unanswered question, then the review; save and return the answers.

    The answers are saved to `save_path` after every step (the caller has checked that this
    file may be written). On Ctrl-C or end of input they are saved with status in_progress
    and `InterviewInterrupted` carries them (the caller adds how to resume, see
    `interrupted_error`). "Stop here and get care now" raises `StoppedForCare` (answers saved,
    in_progress); answers that hold an urgent sign show that panel first (a stop there writes
    nothing). Without a terminal, only a run with nothing left to ask can finish. `plain`
    asks line by line (screen readers, TERM=dumb) instead of full screen.
    """
    _, kept = shown_questions(questionnaire, initial.values)
    if input is None and not sys.stdin.isatty():
        missing = questions_to_ask(questionnaire, initial)
        if missing:
            raise no_terminal_error(questionnaire, missing, lang)
        answers = Answers(kept, "complete", initial.date or date.today().isoformat())
        write_answers(save_path, questionnaire, answers, overwrite=True)
        return answers
    asker = Asker(input, output, plain)
    session = _Session(questionnaire, dict(kept), save_path, lang, asker, initial.date, occasion)
    try:
        first = session.urgent_first(initial)
        session.save("in_progress")
        session.run(first)
    except (KeyboardInterrupt, EOFError):
        answers = session.save("in_progress")
        session.asker.console.print()
        raise interrupted_error(questionnaire, save_path, answers, lang) from None
    return session.save("complete")


class _Session:
    """One interview: the answers so far, where the patient is, and how to ask."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        values: dict[str, Value],
        save_path: Path,
        lang: str,
        asker: Asker,
        answered_on: str | None = None,
        occasion: Occasion = PLAIN_OCCASION,
    ) -> None:
        self.questionnaire = questionnaire
        self.occasion = occasion
        self.values = values  # may hold answers of questions hidden now; saved: kept()
        self.given = set(values)  # answered before the interview: not asked again
        self.seen: set[str] = set(values)  # asked at least once, or given
        self.cleared: dict[str, Value] = {}  # answers a later change made invalid
        self.reviewing = False
        self.save_path = save_path
        self.lang = lang
        self.asker = asker
        # The file's `date` is the day of the last answer given or changed (the day of the
        # file read, until then).
        self.answered_on = answered_on or date.today().isoformat()
        self.saved_values = self.kept()

    def kept(self) -> dict[str, Value]:
        return shown_questions(self.questionnaire, self.values)[1]

    def save(self, status: str) -> Answers:
        kept = self.kept()
        if kept != self.saved_values:
            self.answered_on, self.saved_values = date.today().isoformat(), kept
        answers = Answers(kept, status, self.answered_on)
        write_answers(self.save_path, self.questionnaire, answers, overwrite=True)
        return answers

    def to_ask(self) -> list[Question]:
        shown, _ = shown_questions(self.questionnaire, self.values)
        return [q for q in shown if q.id not in self.given]

    # the walk: forward through the questions, back one step at a time, then the review
    def urgent_first(self, initial: Answers) -> Question | None:
        """Answers that come with an urgent sign show its panel before anything else: stop
        changes nothing; "by mistake" returns that question, to ask again first."""
        question = urgent_question(self.questionnaire, self.values)
        if question is None:
            return None
        choice = self.show_flags()
        if choice is STOP:
            raise StoppedForCare(Answers(self.kept(), initial.status, initial.date), saved=False)
        if choice is MISTAKE:
            self.given.discard(question.id)
            return question
        return None

    def run(self, first: Question | None = None) -> None:
        current: Question | Step | None = first or self.next_question(None)
        from_review = False
        while True:
            if current is None:
                current = self.review()
                if current is SAVE:
                    return
                from_review = True
                continue
            assert isinstance(current, Question)
            previous = self.previous_question(current)
            back = REVIEW if from_review else BACK if previous is not None else None
            result = self.ask(current, back)
            from_review = False
            if result is BACK:
                current = previous
            elif result is REVIEW:  # "back to the list of answers"
                current = None
            else:
                current = self.next_question(current)

    def next_question(self, after: Question | None) -> Question | None:
        questions = self.to_ask()
        start = 0 if after is None else _index(questions, after) + 1
        for question in questions[start:]:
            if not self.reviewing or question.id not in self.seen:
                return question
        return None

    def previous_question(self, question: Question) -> Question | None:
        questions = self.to_ask()
        index = _index(questions, question)
        return questions[index - 1] if index > 0 else None

    def review(self) -> Question | Step | None:
        self.reviewing = True
        msg, lang = self.questionnaire.message, self.lang
        lines = review_lines(self.questionnaire, self.values, lang)
        missing = [
            line.question
            for line in lines
            if line.question is not None
            and line.question.required
            and line.question.id not in self.kept()
        ]
        if missing:  # cannot happen by walking; guards against a gap in the rules
            self.given.discard(missing[0].id)
            return missing[0]
        from paincheck.prompts import Prompt

        plain = "plain_" if self.asker.plain else ""
        header = [
            ("progress", msg("interview_review_title", lang)),
            ("help", msg("interview_review_intro", lang)),
            ("keys", msg(f"interview_{plain}keys_single", lang)),
        ]
        header[:0] = self.occasion.top()
        header[-1:-1] = self.occasion.notes(self.kept())  # e.g. "call your implant team today"
        options = [option(SAVE, msg("interview_review_save", lang), "0")]
        numbered = (line for line in lines if line.question is not None)
        keys = {id(line): str(n) for n, line in enumerate(numbered, 1)}
        for line in lines:
            options.append(
                option(line.question, line.text, keys.get(id(line), ""), not line.question)
            )
        done = msg("interview_review_title", lang)
        picked = self.asker.ask(Prompt(header, "single", options, done=done, **self.plain_words()))
        if isinstance(picked, Question):
            self.given.discard(picked.id)
            return picked
        return SAVE

    def plain_words(self) -> dict[str, Any]:
        msg, lang = self.questionnaire.message, self.lang
        return {
            "unknown_key": lambda typed: msg("interview_plain_unknown", lang, typed=typed),
            "one_only": msg("interview_plain_one", lang),
        }

    def ask(self, question: Question, back: Step | None) -> object:
        """Ask one question until it has an acceptable answer; store it and save."""
        self.seen.add(question.id)
        result = self.asker.ask(self.prompt_for(question, back))
        self.cleared.pop(question.id, None)
        if isinstance(result, Step):
            return result
        value, _ = check_typed(self.questionnaire, question, result, self.kept(), self.lang)
        self.store(question, value)
        if flagged_choices(question, value):
            choice = self.show_flags()
            if choice is STOP:
                raise StoppedForCare(self.save("in_progress"))
            if choice is MISTAKE:
                return self.ask(question, back)
        return value

    def prompt_for(self, question: Question, back: Step | None) -> Prompt:
        """The prompt of one question: its lines, its choices and how its answer is checked."""
        from paincheck.prompts import Prompt

        lang, msg, values = self.lang, self.questionnaire.message, self.kept()
        current = self.values.get(question.id)
        filled = (
            question.type in ("text", "integer") and question.step is None and current is not None
        )
        lines = self.lines_for(question)
        if self.asker.plain and current is not None:  # no box or tick shows it: say it
            now = answer_label(question, current, lang, self.questionnaire).replace("\n", " / ")
            lines.append(("now", printable(msg("interview_plain_now", lang, answer=now))))
        for line in instructions(
            self.questionnaire,
            question,
            lang,
            can_go_back=back is not None,
            plain=self.asker.plain,
            filled=filled,
        ):
            lines.append(("keys", line))
        common: dict[str, Any] = {"back": back, **self.plain_words()}
        common["check"] = lambda raw: check_typed(self.questionnaire, question, raw, values, lang)[
            1
        ]
        if question.type not in ("single", "multi") and question.step is None:
            default = "" if current is None else str(current)
            return Prompt(lines, "text", default=default, multiline=question.multiline, **common)
        labels = choice_labels(self.questionnaire, question, values, lang)
        options = [option(c, label, str(n)) for n, (c, label) in enumerate(labels, 1)]
        if question.type == "integer":  # offered numbers: typing 50 picks 50
            options = [option(c, label, c) for c, label in labels]
        if not question.required:
            options.append(option(SKIP, msg("interview_skip", lang), "-"))
        if back is not None:
            key = "interview_back_review" if back is REVIEW else "interview_back"
            options.append(option(back, msg(key, lang), BACK_KEY))
        ticked = [str(c) for c in current] if isinstance(current, list) else []
        return Prompt(
            lines,
            "multi" if question.type == "multi" else "single",
            options,
            ticked=ticked,
            pointer=None if current is None or isinstance(current, list) else str(current),
            toggle=lambda chosen, choice_id: toggle_choice(question, chosen, choice_id),
            **common,
        )

    def lines_for(self, question: Question) -> list[tuple[str, str]]:
        """Progress, section intro, any cleared-answer note, the question, help and anchors."""
        lang, msg = self.lang, self.questionnaire.message
        at = progress(self.questionnaire, self.values, question)
        lines = [("progress", progress_line(self.questionnaire, at, question, lang))]
        lines[:0] = self.occasion.top()
        section = self.questionnaire.section_of(question)
        before = self.previous_question(question)
        if section.intro is not None and (before is None or before.section != section.id):
            lines.append(("intro", section.intro(lang)))
        if question.id in self.cleared:
            old = answer_label(question, self.cleared[question.id], lang, self.questionnaire)
            lines.append(("note", msg("interview_cleared", lang, answer=old.replace("\n", " / "))))
        mark = " " + msg("interview_required_mark", lang) if question.required else ""
        lines.append(("question", question.text(lang) + mark))
        if question.help(lang):
            lines.append(("help", question.help(lang)))
        if question.anchors:
            lines.append(("anchors", anchor_line(self.questionnaire, question, lang)))
        return [(kind, printable(text)) for kind, text in lines]

    def store(self, question: Question, value: Value) -> None:
        if value is None:
            self.values.pop(question.id, None)
        else:
            self.values[question.id] = value
        self.recheck()
        self.save("in_progress")

    def recheck(self) -> None:
        """Clear later answers that a change made invalid (e.g. least pain above the worst),
        remembering them so that the question says so when it is asked again."""
        values: dict[str, Value] = {}
        for question in self.questionnaire.questions:
            if question.id in self.values:
                _, problem = check_value(question, self.values[question.id], values)
                if problem is None:
                    values[question.id] = self.values[question.id]
                else:
                    self.cleared[question.id] = self.values[question.id]
                    self.given.discard(question.id)
                    self.seen.discard(question.id)
        self.values = values

    def show_flags(self) -> object:
        """The warning panel, at once, before going on: what was chosen on it."""
        from paincheck.evaluation import evaluate

        assessment = evaluate(self.questionnaire, Answers(self.kept(), "in_progress"))
        plain, unicode, said = self.asker.plain, self.asker.unicode, self.occasion
        prompt = panel_prompt(
            assessment, self.lang, plain=plain, unicode=unicode, go_on=said.go_on, extra=said.extra
        )
        return self.asker.ask(prompt)


def _index(questions: Sequence[Question], question: Question) -> int:
    return next((n for n, q in enumerate(questions) if q.id == question.id), -1)
