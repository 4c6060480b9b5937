"""The interview: ask the questions in the terminal, with going back, review and safe stopping.

The wording and the counting live in pure functions at the top; the walk below them describes
each step as a `prompts.Prompt`, which `paincheck.interview.prompts` (the only module that talks to
questionary) shows full screen or line by line. Every answer goes through
`answers.checking.check_value`, the same check as answers from a file.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paincheck.answers.checking import Answers, check_value, shown_questions, write_answers
from paincheck.errors import PaincheckError
from paincheck.evaluation import answer_label
from paincheck.interview import saving
from paincheck.interview.asking import Asker, keys_lines
from paincheck.interview.fitting import SAFETY
from paincheck.interview.panel import (
    MISTAKE,
    PLAIN_OCCASION,
    STOP,
    Occasion,
    flagged_choices,
    panel_prompt,
    urgent_question,
)
from paincheck.interview.progress import progress, progress_line
from paincheck.interview.prompts import BACK_KEY, Option, Step, option
from paincheck.interview.saving import StoppedForCare, interrupted_error
from paincheck.questionnaire import Question, Questionnaire
from paincheck.questionnaire.conditions import Value
from paincheck.questionnaire.types import allowed_choices, prompt_kind
from paincheck.questionnaire.view import View
from paincheck.text.display import printable

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

    from paincheck.interview.prompts import Prompt


BACK = Step("back")
SKIP = Step("skip")
SAVE = Step("save")
REVIEW = Step("review")


# -- pure wording and counting -----------------------------------------------------------


def questions_to_ask(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """The questions shown for these answers that have no answer yet."""
    shown, kept = shown_questions(questionnaire, answers.values)
    return [q for q in shown if q.id not in kept]


def no_terminal_error(view: View, missing: Sequence[Question]) -> PaincheckError:
    """The error for a run without a terminal that still has questions to ask."""
    return PaincheckError.single(
        "paincheck run",
        view.msg("interview_no_terminal", questions=", ".join(q.id for q in missing)),
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
    view: View, question: Question, values: Mapping[str, Value]
) -> list[tuple[str, str]]:
    """The (id, label) pairs a choice question offers now (an integer with a `step`: its steps)."""
    from paincheck.answers.checking import choice_source

    if question.kind.number:
        return offered_numbers(view, question, values.get(question.id))

    source = choice_source(view.questionnaire, question)
    labels = []
    for choice_id in allowed_choices(question, values):
        choice = source.choice(choice_id)
        labels.append((choice_id, view.text(choice.label) if choice else choice_id))
    return labels


def offered_numbers(view: View, question: Question, current: Value) -> list[tuple[str, str]]:
    """An integer question with a `step` as a list of (number, anchor words or ""): min,
    min + step, ... max; an answer already given between two steps is offered too."""
    if question.step is None or question.min is None or question.max is None:
        return []
    numbers = set(range(question.min, question.max + 1, question.step)) | {question.max}
    if isinstance(current, int) and question.min <= current <= question.max:
        numbers.add(current)
    anchors = {value: view.text(label) for value, label in question.anchors}
    return [(str(n), anchors.get(n, "")) for n in sorted(numbers)]


def check_typed(
    view: View, question: Question, raw: Any, values: Mapping[str, Value]
) -> tuple[Value, str | None]:
    """Check a typed or picked answer with the answers pipeline; the message, if any, is the
    patient's wording (an empty answer to a required question is also refused here)."""
    if isinstance(raw, str):
        if question.kind.own_words and not question.multiline:  # pasted lines: one line
            raw = " ".join(line.strip() for line in raw.splitlines())
        raw = raw.strip() or None  # an empty answer skips (or, when required, is refused)
        if raw is not None and question.unit:  # "60%" is 60
            raw = raw.removesuffix(question.unit).rstrip() or None
    value, problem = check_value(question, raw, values)
    if problem is not None:
        return None, _plain_problem(view, question, raw, values, problem)
    if value is None and question.required:
        many = prompt_kind(question) == "pick_many"
        key = "interview_pick_one" if many else "interview_needs_answer"
        return None, view.msg(key)
    return value, None


def _plain_problem(
    view: View, question: Question, raw: Any, values: Mapping[str, Value], problem: str
) -> str:
    refused = question.kind.refused
    worded = refused(question, raw, values, view.msg) if refused is not None else None
    return worded or view.msg("interview_not_understood", problem=problem)


def anchor_line(view: View, question: Question) -> str:
    """A scale's anchors spelled out, e.g. "0 = No pain    10 = Worst pain you can imagine"."""
    return "    ".join(
        view.msg("interview_anchor", value=value, label=view.text(label))
        for value, label in question.anchors
    )


@dataclass(frozen=True)
class ReviewLine:
    """One line of the review screen: a section heading, or a question and its answer."""

    text: str
    question: Question | None = None


def review_lines(view: View, values: Mapping[str, Value]) -> list[ReviewLine]:
    """Every shown question and its answer, under its section's title."""
    questionnaire = view.questionnaire
    shown, kept = shown_questions(questionnaire, values)
    lines: list[ReviewLine] = []
    section = None
    for question in shown:
        if question.section != section:
            section = question.section
            lines.append(ReviewLine(view.text(questionnaire.section_of(question).title)))
        answer = answer_label(question, kept.get(question.id), view)
        shown_answer = (
            f"[{answer.replace(chr(10), ' / ')}]" if answer else view.msg("interview_not_answered")
        )
        lines.append(ReviewLine(f"{view.text(question.text)}  {shown_answer}", question))
    return lines


# -- the interview ---------------------------------------------------------------------


def run_interview(
    view: View,
    initial: Answers,
    save_path: Path,
    *,
    input: Input | None = None,
    output: Output | None = None,
    plain: bool = False,
    loaded_from: Path | None = None,
    occasion: Occasion = PLAIN_OCCASION,
) -> Answers:
    """Ask every shown, unanswered question, then the review; save and return the answers.

    The answers are saved to `save_path` after every step (the caller has checked that this
    file may be written). On Ctrl-C or end of input they are saved with status in_progress
    and `saving.Interrupted` carries them (the caller adds how to resume, see
    `interrupted_error`). "Stop here and get care now" raises `StoppedForCare` (answers saved,
    in_progress); answers that hold an urgent sign show that panel first (a stop there writes
    nothing). Without a terminal, only a run with nothing left to ask can finish. `plain`
    asks line by line (screen readers, TERM=dumb) instead of full screen. `loaded_from`: the
    file `initial` was read from, named in a welcome-back line. The view's questionnaire is
    the one asked, in its language.
    """
    questionnaire = view.questionnaire
    _, kept = shown_questions(questionnaire, initial.values)
    if input is None and not sys.stdin.isatty():
        missing = questions_to_ask(questionnaire, initial)
        if missing:
            raise no_terminal_error(view, missing)
        answers = Answers(kept, "complete", initial.date or date.today().isoformat())
        write_answers(save_path, questionnaire, answers, overwrite=True)
        return answers
    asker = Asker(input, output, plain)
    view = view.showing(unicode=asker.unicode)  # the symbols this terminal can show
    session = _Session(view, dict(kept), save_path, asker, initial.date, occasion)
    session.finished = initial.status == "complete"
    if loaded_from is not None and kept:
        session.welcome = saving.welcome_line(view, len(kept), loaded_from)
    try:
        first = session.urgent_first(initial)
        session.save(session.status_so_far())
        session.run(first)
    except (KeyboardInterrupt, EOFError):
        answers = session.save(session.status_so_far())
        session.asker.console.print()
        raise interrupted_error(view, save_path, answers) from None
    return session.save("complete")


class _Session:
    """One interview: the answers so far, where the patient is, and how to ask."""

    def __init__(
        self,
        view: View,
        values: dict[str, Value],
        save_path: Path,
        asker: Asker,
        answered_on: str | None = None,
        occasion: Occasion = PLAIN_OCCASION,
    ) -> None:
        self.questionnaire = view.questionnaire
        self.occasion = occasion
        self.values = values  # may hold answers of questions hidden now; saved: kept()
        self.given = set(values)  # answered before the interview: not asked again
        self.seen: set[str] = set(values)  # asked at least once, or given
        self.cleared: dict[str, Value] = {}  # answers a later change made invalid
        self.reviewing = False
        self.save_path = save_path
        self.view = view
        self.asker = asker
        self.started_with = dict(values)
        self.finished = False  # the answers it started with were a finished checklist
        self.welcome = ""  # said once, at the start of an interview that goes on
        self.total_shown: int | None = None  # the "about N questions" on the last screen
        # The file's `date` is the day of the last answer given or changed (the day of the
        # file read, until then).
        self.answered_on = answered_on or date.today().isoformat()
        self.saved_values = self.kept()

    def kept(self) -> dict[str, Value]:
        return shown_questions(self.questionnaire, self.values)[1]

    def status_so_far(self) -> str:
        """in_progress, unless the answers are still those of a finished file (a look at the
        review that changed nothing leaves the file finished)."""
        unchanged = self.finished and self.kept() == self.started_with
        return "complete" if unchanged else "in_progress"

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
        if self.asker.plain:  # said once; full screen, each screen says it
            self.asker.say(self.welcome)
            self.asker.say(saving.saving_line(self.view, self.save_path))
            self.welcome = ""
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
        view = self.view
        lines = review_lines(view, self.values)
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
        from paincheck.interview.prompts import Prompt

        plain = "plain_" if self.asker.plain else ""
        header = [
            ("progress", view.msg("interview_review_title")),
            *self.screen_notes(),
            ("help", view.msg("interview_review_intro")),
            ("keys", view.msg(f"interview_{plain}keys_single")),
        ]
        header[:0] = self.occasion.top()
        header[-1:-1] = self.occasion.notes(self.kept())  # e.g. "call your implant team today"
        options = [option(SAVE, view.msg("interview_review_save"), "0")]
        numbered = (line for line in lines if line.question is not None)
        keys = {id(line): str(n) for n, line in enumerate(numbered, 1)}
        for line in lines:
            options.append(
                option(line.question, line.text, keys.get(id(line), ""), not line.question)
            )
        done = view.msg("interview_review_title")
        words = self.plain_words(options)
        review = Prompt(header, "pick_one", options, pointer=SAVE, done=done, **words)
        picked = self.asker.ask(review)
        if isinstance(picked, Question):
            self.given.discard(picked.id)
            return picked
        return SAVE

    def plain_words(self, options: Sequence[Option] = ()) -> dict[str, Any]:
        """What a list says to a number that is none of its lines (and, plain, to two)."""
        view = self.view
        numbers = sorted(int(o.key) for o in options if o.key.isdigit() and not o.heading)
        if self.asker.plain or not numbers:
            unknown = partial(view.msg, "interview_plain_unknown")
        else:
            first, last = numbers[0], numbers[-1]
            # "Type 1 or 2" for a short list, not "a number from 1 to 2"
            key = {1: "interview_unknown_key_one", 2: "interview_unknown_key_two"}.get(
                len(numbers), "interview_unknown_key"
            )
            unknown = partial(view.msg, key, first=first, last=last)
        return {
            "unknown_key": lambda typed: unknown(typed=typed),
            "one_only": view.msg("interview_plain_one"),
            "ticked_mark": view.msg("interview_plain_ticked"),
        }

    def screen_notes(self) -> list[tuple[str, str]]:
        """The welcome back (on the first screen only) and, full screen, where the answers
        are saved and how to stop."""
        notes = [("welcome", printable(self.welcome))] if self.welcome else []
        self.welcome = ""
        if not self.asker.plain:
            notes.append(("saving", saving.saving_line(self.view, self.save_path)))
        return notes

    def ask(self, question: Question, back: Step | None) -> object:
        """Ask one question until it has an acceptable answer; store it and save."""
        self.seen.add(question.id)
        result = self.asker.ask(self.prompt_for(question, back))
        self.cleared.pop(question.id, None)
        if result is SKIP:  # "Skip this question" leaves it with no answer, even one given before
            result = None
        if isinstance(result, Step):
            return result
        value, _ = check_typed(self.view, question, result, self.kept())
        self.store(question, value)
        if self.asker.plain:  # no answer line is left on a screen: say what was recorded
            self.asker.say(self.recorded_line(question, value))
        if flagged_choices(question, value):
            choice = self.show_flags()
            if choice is STOP:
                raise StoppedForCare(self.save("in_progress"))
            if choice is MISTAKE:
                return self.ask(question, back)
        return value

    def prompt_for(self, question: Question, back: Step | None) -> Prompt:
        """The prompt of one question: its lines, its choices and how its answer is checked."""
        from paincheck.interview.prompts import Prompt

        view, values = self.view, self.kept()
        current = self.values.get(question.id)
        kind = prompt_kind(question)
        filled = kind == "typed" and current is not None
        lines = self.lines_for(question)
        if self.asker.plain and current is not None:  # no box or tick shows it: say it
            now = answer_label(question, current, view).replace("\n", " / ")
            lines.append(("now", printable(view.msg("interview_plain_now", answer=now))))
        for line in keys_lines(
            view,
            question,
            can_go_back=back is not None,
            plain=self.asker.plain,
            filled=filled,
        ):
            lines.append(("keys", line))
        common: dict[str, Any] = {"back": back, "echo": printable(view.text(question.text))}
        common["safety_screen"] = (
            view.msg("interview_safety_go_on"),
            view.msg("interview_safety_keys"),
        )
        common["check"] = lambda raw: check_typed(view, question, raw, values)[1]
        if kind == "typed":
            default = "" if current is None else str(current)
            common |= self.plain_words()
            return Prompt(lines, kind, default=default, multiline=question.multiline, **common)
        labels = choice_labels(view, question, values)
        options = [option(c, label, str(n)) for n, (c, label) in enumerate(labels, 1)]
        if question.kind.number:  # offered numbers: typing 50 picks 50
            options = [option(c, label, c) for c, label in labels]
        if not question.required:
            options.append(option(SKIP, view.msg("interview_skip"), "-"))
        if back is not None:
            key = "interview_back_review" if back is REVIEW else "interview_back"
            options.append(option(back, view.msg(key), BACK_KEY))
        ticked = [str(c) for c in current] if isinstance(current, list) else []
        common |= self.plain_words(options)
        return Prompt(
            lines,
            kind,
            options,
            ticked=ticked,
            pointer=None if current is None or isinstance(current, list) else str(current),
            toggle=lambda chosen, choice_id: toggle_choice(question, chosen, choice_id),
            **common,
        )

    def recorded_line(self, question: Question, value: Value) -> str:
        """E.g. "Saved: Foot, Ankle." or that no answer was saved."""
        view = self.view
        if value is None:
            return view.msg("interview_plain_skipped")
        label = answer_label(question, value, view).replace("\n", " / ")
        return view.msg("interview_plain_saved", answer=label.removesuffix("."))

    def lines_for(self, question: Question) -> list[tuple[str, str]]:
        """Progress, the screen's notes, section intro and safety text, any cleared-answer
        note, the question, help and anchors."""
        view = self.view
        at = progress(self.questionnaire, self.values, question)
        line = progress_line(view, at, question, self.total_shown)
        self.total_shown = at.total
        lines = [*self.occasion.top(), ("progress", line), *self.screen_notes()]
        section = self.questionnaire.section_of(question)
        before = self.previous_question(question)
        if before is None or before.section != section.id:  # the section's opening
            if section.intro is not None:
                lines.append(("intro", view.text(section.intro)))
            if section.safety is not None:  # a crisis line: never dropped (prompts.SAFETY)
                lines.append((SAFETY, view.text(section.safety)))
        if question.id in self.cleared:
            old = answer_label(question, self.cleared[question.id], view)
            lines.append(("note", view.msg("interview_cleared", answer=old.replace("\n", " / "))))
        mark = " " + view.msg("interview_required_mark") if question.required else ""
        lines.append(("question", view.text(question.text) + mark))
        if view.text(question.help):
            lines.append(("help", view.text(question.help)))
        if question.anchors:
            lines.append(("anchors", anchor_line(view, question)))
        return [(kind, printable(text)) for kind, text in lines]

    def store(self, question: Question, value: Value) -> None:
        if value is None:
            self.values.pop(question.id, None)
        else:
            self.values[question.id] = value
        self.recheck()
        self.save(self.status_so_far())

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
        said = self.occasion
        prompt = panel_prompt(
            assessment, self.view, plain=self.asker.plain, go_on=said.go_on, extra=said.extra
        )
        return self.asker.ask(prompt)


def _index(questions: Sequence[Question], question: Question) -> int:
    return next((n for n, q in enumerate(questions) if q.id == question.id), -1)
