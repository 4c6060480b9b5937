"""The interview: ask the questions in the terminal, with going back, review and safe stopping.

This is the only module that talks to prompt_toolkit. The wording and the counting live in
pure functions at the top; the prompts below them only ask and return what was picked or typed.
Every answer goes through `answers.check_value`, the same check as answers from a file.
"""

from __future__ import annotations

import shlex
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paincheck.answers import Answers, check_value, shown_questions, write_answers
from paincheck.conditions import Value
from paincheck.documents import lone_surrogate
from paincheck.errors import InterviewInterrupted, PaincheckError, Problem
from paincheck.evaluation import answer_label
from paincheck.questionnaire import Question, Questionnaire

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.input import Input
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout
    from prompt_toolkit.output import Output
    from rich.console import RenderableType

    from paincheck.evaluation import Assessment

BACK_KEY = "<"


class _Control:
    """A step that is not an answer: go back, skip, save."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


BACK = _Control("back")
SKIP = _Control("skip")
SAVE = _Control("save")
REVIEW = _Control("review")
GO_ON = _Control("go on")


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


def resume_command(path: Path) -> str:
    """The command that goes on with a saved interview."""
    name = shlex.quote(str(path))
    return f"paincheck run --answers {name} --save {name}"


def interrupted_error(
    questionnaire: Questionnaire, path: Path, count: int, lang: str
) -> InterviewInterrupted:
    """The message after Ctrl-C or end of input: where the answers are and how to go on."""
    message = questionnaire.message(
        "interview_interrupted", lang, count=count, command=resume_command(path)
    )
    return InterviewInterrupted([Problem(str(path), message)])


def saved_message(questionnaire: Questionnaire, path: Path, lang: str) -> str:
    """The line that names the saved answers file."""
    return questionnaire.message("interview_saved", lang, path=str(path))


def closing(assessment: Assessment, path: Path, lang: str) -> list[RenderableType]:
    """What stays on screen under the summary: the urgent panel again (the summary's top has
    scrolled away on a small terminal), then where the answers are."""
    from rich.text import Text

    from paincheck.summary import warning_panels

    parts: list[RenderableType] = []
    if assessment.urgent:
        parts.extend(warning_panels(assessment, lang)[:1])  # urgent comes first
    parts.append(Text(saved_message(assessment.questionnaire, path, lang)))
    return parts


def default_save_path(folder: Path, now: datetime) -> Path:
    """A new dated answers file in `folder` that does not exist yet."""
    stem = f"paincheck-answers-{now:%Y-%m-%d-%H%M}"
    path = folder / f"{stem}.yaml"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}.yaml"
        number += 1
    return path


def choose_save_path(
    questionnaire: Questionnaire,
    answers_file: Path | None,
    save: Path | None,
    folder: Path,
    now: datetime,
    lang: str,
) -> Path:
    """Where `run` saves: `--save`, else a new dated file. An existing file is only reused
    when it is also the `--answers` file (resuming)."""
    if save is None:
        return default_save_path(folder, now)
    resuming = answers_file is not None and answers_file.exists() and _same_file(answers_file, save)
    if save.exists() and not resuming:
        raise PaincheckError.single(
            str(save),
            questionnaire.message("interview_save_exists", lang, command=resume_command(save)),
        )
    parent = save.parent if str(save.parent) else Path(".")
    if not parent.is_dir():
        raise PaincheckError.single(
            str(save), questionnaire.message("interview_save_folder", lang, folder=str(parent))
        )
    return save


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


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
    from paincheck.answers import allowed_choices

    if question.type == "integer":
        return offered_numbers(question, values.get(question.id), lang)

    source = question
    if question.choices_from is not None:
        source = questionnaire.question(question.choices_from) or question
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
        digits = isinstance(raw, str) and raw.isascii() and raw.lstrip("+-").isdigit()
        number = int(raw) if digits else None
        in_range = number is not None and not (
            (question.min is not None and number < question.min)
            or (question.max is not None and number > question.max)
        )
        limit = values.get(question.at_most) if question.at_most else None
        if in_range and isinstance(limit, int):  # in range, so the other answer is the limit
            return msg("interview_at_most", lang, limit=limit)
        return msg("interview_number_range", lang, min=question.min, max=question.max)
    return msg("interview_not_understood", lang, problem=problem)


def anchor_line(questionnaire: Questionnaire, question: Question, lang: str) -> str:
    """A scale's anchors spelled out, e.g. "0 = No pain    10 = Worst pain you can imagine"."""
    return "    ".join(
        questionnaire.message("interview_anchor", lang, value=value, label=label(lang))
        for value, label in question.anchors
    )


def instructions(
    questionnaire: Questionnaire, question: Question, lang: str, *, can_go_back: bool
) -> list[str]:
    """The lines that say which keys to use for this question."""
    msg = questionnaire.message
    lines: list[str] = []
    if question.type in ("single", "multi") or question.step is not None:
        keys = msg(
            "interview_keys_multi" if question.type == "multi" else "interview_keys_single", lang
        )
        if can_go_back:
            keys += " " + msg("interview_keys_list_back", lang)
        lines.append(keys)
        exclusive = [c for c in question.choices if c.exclusive]
        if question.type == "multi" and exclusive:
            lines.append(msg("interview_exclusive_note", lang, label=exclusive[0].label(lang)))
    else:
        key = "interview_keys_text_multiline" if question.multiline else "interview_keys_text"
        keys = msg(key, lang)
        if not question.required:
            keys += " " + msg("interview_keys_text_skip", lang)
        if can_go_back:
            keys += " " + msg("interview_keys_text_back", lang)
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


def flagged_choices(question: Question, value: Value) -> list[str]:
    """The chosen choices that carry a flag (such as an urgent warning sign)."""
    chosen = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return [c for c in chosen if (choice := question.choice(str(c))) and choice.flag]


# -- the interview ---------------------------------------------------------------------


def run_interview(
    questionnaire: Questionnaire,
    initial: Answers,
    save_path: Path,
    lang: str,
    *,
    input: Input | None = None,
    output: Output | None = None,
) -> Answers:
    """Ask every shown, unanswered question, then the review; save and return the answers.

    The answers are saved to `save_path` after every step (the caller has checked that this
    file may be written). On Ctrl-C or end of input they are saved with status in_progress
    and `InterviewInterrupted` says how to resume. Without a terminal, only a run with nothing
    left to ask can finish.
    """
    _, kept = shown_questions(questionnaire, initial.values)
    if input is None and not sys.stdin.isatty():
        missing = questions_to_ask(questionnaire, initial)
        if missing:
            raise no_terminal_error(questionnaire, missing, lang)
        answers = Answers(kept, "complete")
        write_answers(save_path, questionnaire, answers, overwrite=True)
        return answers
    session = _Session(questionnaire, dict(kept), save_path, lang, input, output)
    try:
        session.save("in_progress")
        session.run()
    except (KeyboardInterrupt, EOFError):
        session.save("in_progress")
        session.console.print()
        raise interrupted_error(questionnaire, save_path, len(session.kept()), lang) from None
    return session.save("complete")


def offer_pdf(
    assessment: Assessment,
    answers_path: Path,
    lang: str,
    *,
    input: Input | None = None,
    output: Output | None = None,
) -> Path | None:
    """On a terminal, offer to write the PDF report (when the PDF module is installed)."""
    import importlib
    import importlib.util

    if input is None and not sys.stdin.isatty():
        return None
    if importlib.util.find_spec("paincheck.pdf") is None:
        return None
    write_report = getattr(importlib.import_module("paincheck.pdf"), "write_report", None)
    if write_report is None:
        return None
    questionnaire = assessment.questionnaire
    msg = questionnaire.message
    path = _free_path(answers_path.with_suffix(".pdf"))
    prompt = _Prompts(input, output)
    header = [("class:question", msg("interview_pdf_offer", lang))]
    items = [
        _Item(True, msg("interview_pdf_yes", lang, path=str(path)), "1"),
        _Item(False, msg("interview_pdf_no", lang), "2"),
    ]
    try:
        wanted = prompt.choose(_fixed(header), items, clear=False)
    except (KeyboardInterrupt, EOFError):
        return None
    if wanted is not True:
        return None
    from rich.console import Console

    console = Console(highlight=False)
    for warning in write_report(assessment, path, lang=lang):
        console.print(f"warning: {warning}", markup=False)
    console.print(msg("interview_pdf_written", lang, path=str(path)), markup=False)
    return path


def _free_path(path: Path) -> Path:
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


class _Session:
    """One interview: the answers so far, where the patient is, and how to ask."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        values: dict[str, Value],
        save_path: Path,
        lang: str,
        input: Input | None,
        output: Output | None,
    ) -> None:
        from rich.console import Console

        self.questionnaire = questionnaire
        self.values = values  # may hold answers of questions hidden now; saved: kept()
        self.given = set(values)  # answered before the interview: not asked again
        self.seen: set[str] = set(values)  # asked at least once, or given
        self.reviewing = False
        self.save_path = save_path
        self.lang = lang
        self.prompts = _Prompts(input, output)
        self.console = Console(highlight=False)

    def kept(self) -> dict[str, Value]:
        return shown_questions(self.questionnaire, self.values)[1]

    def save(self, status: str) -> Answers:
        answers = Answers(self.kept(), status)
        write_answers(self.save_path, self.questionnaire, answers, overwrite=True)
        return answers

    def to_ask(self) -> list[Question]:
        shown, _ = shown_questions(self.questionnaire, self.values)
        return [q for q in shown if q.id not in self.given]

    # the walk: forward through the questions, back one step at a time, then the review
    def run(self) -> None:
        current: Question | _Control | None = self.next_question(None)
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
            result = self.ask(
                current, back=not from_review and previous is not None, review_back=from_review
            )
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

    def review(self) -> Question | _Control | None:
        self.reviewing = True
        msg = self.questionnaire.message
        lines = review_lines(self.questionnaire, self.values, self.lang)
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
        header = [
            ("class:progress", msg("interview_review_title", self.lang) + "\n"),
            ("class:help", msg("interview_review_intro", self.lang) + "\n"),
            ("class:instruction", msg("interview_keys_single", self.lang)),
        ]
        items = [_Item(SAVE, msg("interview_review_save", self.lang), "0")]
        number = 0
        for line in lines:
            if line.question is None:
                items.append(_Item(None, line.text, heading=True))
            else:
                number += 1
                items.append(_Item(line.question, line.text, str(number)))
        picked = self.prompts.choose(
            _fixed(header), items, done_text=msg("interview_review_title", self.lang)
        )
        if isinstance(picked, Question):
            self.given.discard(picked.id)
            return picked
        return SAVE

    def ask(self, question: Question, *, back: bool, review_back: bool) -> object:
        """Ask one question until it has an acceptable answer; store it and save."""
        lang = self.lang
        msg = self.questionnaire.message
        values = self.kept()
        self.seen.add(question.id)
        at = progress(self.questionnaire, self.values, question)
        top = [("class:progress", progress_line(self.questionnaire, at, question, lang) + "\n")]
        section = self.questionnaire.section_of(question)
        before = self.previous_question(question)
        if section.intro is not None and (before is None or before.section != section.id):
            top.append(("class:intro", section.intro(lang) + "\n"))
        mark = " " + msg("interview_required_mark", lang) if question.required else ""
        body: list[tuple[str, str]] = [("class:question", question.text(lang) + mark + "\n")]
        if question.help(lang):
            body.append(("class:help", question.help(lang) + "\n"))
        if question.anchors:
            body.append(("class:anchors", anchor_line(self.questionnaire, question, lang) + "\n"))
        for line in instructions(
            self.questionnaire, question, lang, can_go_back=back or review_back
        ):
            body.append(("class:instruction", line + "\n"))
        current = self.values.get(question.id)

        def check(raw: Any) -> str | None:
            return check_typed(self.questionnaire, question, raw, values, lang)[1]

        result: object
        if question.type in ("single", "multi") or question.step is not None:
            items = [
                _Item(choice_id, label, str(n), exclusive=_is_exclusive(question, choice_id))
                for n, (choice_id, label) in enumerate(
                    choice_labels(self.questionnaire, question, values, lang), 1
                )
            ]
            if question.type == "integer":  # offered numbers: typing 50 picks 50
                items = [_Item(i.value, i.label, i.value, done=i.value) for i in items]
            if not question.required:
                skipped = msg("interview_not_answered", lang)
                items.append(_Item(SKIP, msg("interview_skip", lang), "-", done=skipped))
            if back or review_back:
                key = "interview_back_review" if review_back else "interview_back"
                items.append(_Item(REVIEW if review_back else BACK, msg(key, lang), BACK_KEY))
            chosen = current if isinstance(current, list) else []
            result = self.prompts.choose(
                _header(top, body, question.text(lang)),
                items,
                multi=question.type == "multi",
                selected=[str(c) for c in chosen],
                pointer=None if current is None or isinstance(current, list) else str(current),
                check=check,
                toggle=lambda selected, choice_id: toggle_choice(question, selected, choice_id),
            )
            if result is SKIP:
                result = None
        else:
            default = "" if current is None else str(current)
            typed = self.prompts.type_text(
                _header(top, body, question.text(lang)),
                default=default,
                multiline=question.multiline,
                can_go_back=back or review_back,
                check=lambda text: (
                    None if text.strip() == BACK_KEY and (back or review_back) else check(text)
                ),
            )
            going_back = typed.strip() == BACK_KEY and (back or review_back)
            result = (REVIEW if review_back else BACK) if going_back else typed
        if isinstance(result, _Control):
            return result
        value, _ = check_typed(self.questionnaire, question, result, values, lang)
        self.store(question, value)
        if flagged_choices(question, value) and self.show_flags(question) is BACK:
            return self.ask(question, back=back, review_back=review_back)
        return value

    def store(self, question: Question, value: Value) -> None:
        if value is None:
            self.values.pop(question.id, None)
        else:
            self.values[question.id] = value
        self.recheck()
        self.save("in_progress")

    def recheck(self) -> None:
        """Drop later answers that a change made invalid (e.g. a worst place no longer chosen)."""
        values: dict[str, Value] = {}
        for question in self.questionnaire.questions:
            if question.id in self.values:
                _, problem = check_value(question, self.values[question.id], values)
                if problem is None:
                    values[question.id] = self.values[question.id]
                else:
                    self.given.discard(question.id)
                    self.seen.discard(question.id)
        self.values = values

    def show_flags(self, question: Question) -> object:
        """The warning-sign panels, at once, before going on."""
        from paincheck.evaluation import evaluate
        from paincheck.summary import warning_panels

        msg = self.questionnaire.message
        assessment = evaluate(self.questionnaire, Answers(self.kept(), "in_progress"))
        for panel in warning_panels(assessment, self.lang):
            self.console.print(panel)
        items = [
            _Item(GO_ON, msg("interview_flag_continue", self.lang), "1"),
            _Item(BACK, msg("interview_flag_back", self.lang), BACK_KEY),
        ]
        header = [("class:instruction", msg("interview_keys_single", self.lang))]
        return self.prompts.choose(_fixed(header), items, done_text="", clear=False)


def _index(questions: Sequence[Question], question: Question) -> int:
    return next((n for n, q in enumerate(questions) if q.id == question.id), -1)


# -- the prompts (prompt_toolkit) --------------------------------------------------------

Header = Callable[[bool, str], "StyleAndTextTuples"]


def _header(top: list[tuple[str, str]], body: list[tuple[str, str]], question: str) -> Header:
    """The text above a prompt; once answered, one line with the question and the answer."""

    def render(done: bool, answer: str) -> StyleAndTextTuples:
        if done:
            return _wrapped([("class:done", f"- {question} {answer}")])
        return _wrapped([*top, ("", "\n"), *body])

    return render


def _columns() -> int:
    from prompt_toolkit.application import get_app_or_none

    app = get_app_or_none()
    return app.output.get_size().columns if app else 80


def _wrapped(tokens: list[tuple[str, str]]) -> StyleAndTextTuples:
    """Text wrapped between words to the terminal width (prompt_toolkit cuts or splits words)."""
    width = max(20, _columns() - 1)
    result: StyleAndTextTuples = []
    for style, text in tokens:
        lines = [textwrap.fill(line, width) if line else "" for line in text.split("\n")]
        result.append((style, "\n".join(lines)))
    if result and result[-1][1].endswith("\n"):
        result[-1] = (result[-1][0], result[-1][1][:-1])
    return result


def _fixed(lines: list[tuple[str, str]]) -> Header:
    def render(done: bool, answer: str) -> StyleAndTextTuples:
        if done:
            return [("class:answer", answer)] if answer else []
        return _wrapped(lines)

    return render


@dataclass(frozen=True)
class _Item:
    """One line of a list prompt: a choice, a step such as Back, or a heading."""

    value: Any
    label: str
    key: str = ""
    heading: bool = False
    exclusive: bool = False
    done: str | None = None  # shown after the question once picked, if not the label


_STYLE = {
    "progress": "bold",
    "intro": "italic",
    "question": "bold",
    "help": "italic",
    "anchors": "bold",
    "instruction": "",
    "pointer": "bold reverse",
    "heading": "bold underline",
    "error": "bold",
    "done": "",
    "answer": "bold",
}


class _Prompts:
    """The two kinds of prompt: pick from a list, and type text."""

    def __init__(self, input: Input | None, output: Output | None) -> None:
        self.input = input
        self.output = output

    def _run(self, layout: Layout, bindings: KeyBindings, *, clear: bool) -> Any:
        """Show one prompt full screen (cleared first when asked) until it has an answer."""
        from prompt_toolkit.application import Application
        from prompt_toolkit.styles import Style

        application: Application[Any] = Application(
            layout=layout,
            key_bindings=bindings,
            style=Style.from_dict(_STYLE),
            input=self.input,
            output=self.output,
            erase_when_done=False,
        )
        if clear:
            _clear_screen(application.output)
        return application.run()

    def choose(
        self,
        header: Header,
        items: Sequence[_Item],
        *,
        multi: bool = False,
        selected: Sequence[str] = (),
        pointer: Any = None,
        check: Callable[[Any], str | None] | None = None,
        toggle: Callable[[list[str], str], list[str]] | None = None,
        done_text: str | None = None,
        clear: bool = True,
    ) -> Any:
        """Pick one item (or tick several); returns the value, or a step such as BACK."""
        from prompt_toolkit.filters import Condition, is_done
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.key_binding.key_processor import KeyPressEvent
        from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl
        from prompt_toolkit.layout.margins import ConditionalMargin, ScrollbarMargin

        ticked: list[str] = list(selected)
        selectable = [n for n, item in enumerate(items) if not item.heading]
        state: dict[str, Any] = {"at": selectable[0], "digits": "", "error": None, "answer": ""}
        for n in selectable:
            if pointer is not None and items[n].value == pointer:
                state["at"] = n
        if pointer is None and ticked:
            state["at"] = next((n for n in selectable if items[n].value == ticked[0]), state["at"])
        numbered = {item.key: n for n, item in enumerate(items) if item.key.isdigit()}

        def lines() -> StyleAndTextTuples:
            tokens: StyleAndTextTuples = []
            for n, item in enumerate(items):
                if item.heading:
                    tokens.append(("class:heading", f"  {item.label}\n"))
                    continue
                here = n == state["at"]
                if here:
                    tokens.append(("[SetCursorPosition]", ""))
                mark = ""
                if multi and isinstance(item.value, str):
                    mark = "[x] " if item.value in ticked else "[ ] "
                key = f"{item.key}." if item.key.isdigit() and item.label else item.key
                style = "class:pointer" if here else ""
                start = f"{'>' if here else ' '} {mark}{key:>3} "
                text = textwrap.fill(
                    item.label,
                    max(20, _columns() - 2),
                    initial_indent=start,
                    subsequent_indent=" " * len(start),
                )
                text = text or start.rstrip()  # an offered number with no words beside it
                tokens.append((style, text))
                tokens.append(("", "\n"))
            return tokens[:-1]

        def move(step: int) -> None:
            position = selectable.index(state["at"])
            state["at"] = selectable[max(0, min(len(selectable) - 1, position + step))]

        bindings = KeyBindings()

        @bindings.add("up")
        @bindings.add("c-p")
        def _up(event: KeyPressEvent) -> None:
            state["digits"] = ""
            move(-1)

        @bindings.add("down")
        @bindings.add("c-n")
        def _down(event: KeyPressEvent) -> None:
            state["digits"] = ""
            move(1)

        @bindings.add("pageup")
        def _page_up(event: KeyPressEvent) -> None:
            move(-10)

        @bindings.add("pagedown")
        def _page_down(event: KeyPressEvent) -> None:
            move(10)

        @bindings.add("home")
        def _home(event: KeyPressEvent) -> None:
            state["at"] = selectable[0]

        @bindings.add("end")
        def _end(event: KeyPressEvent) -> None:
            state["at"] = selectable[-1]

        def digit(event: KeyPressEvent) -> None:
            # Digits add up while they can still make a key ("5" then "0" picks 50).
            typed = state["digits"] + event.data
            if not any(key.startswith(typed) for key in numbered):
                typed = event.data if any(k.startswith(event.data) for k in numbered) else ""
            state["digits"] = typed
            if typed in numbered:
                state["at"] = numbered[typed]

        for number in "0123456789":
            bindings.add(number)(digit)

        @bindings.add(" ")
        def _tick(event: KeyPressEvent) -> None:
            state["digits"] = ""
            item = items[state["at"]]
            if multi and isinstance(item.value, str):
                ticked[:] = toggle(ticked, item.value) if toggle else [item.value]
                state["error"] = None

        def finish(event: KeyPressEvent, value: Any, answer: str) -> None:
            state["answer"] = answer
            event.app.exit(result=value)

        # c-j too: an Enter typed ahead between two prompts arrives as a line feed
        @bindings.add("enter")
        @bindings.add("c-j")
        def _enter(event: KeyPressEvent) -> None:
            state["digits"] = ""
            item = items[state["at"]]
            if isinstance(item.value, _Control) or not isinstance(item.value, str):
                label = item.label if item.done is None else item.done
                finish(event, item.value, label if done_text is None else done_text)
                return
            value: Any = item.value
            if multi:
                if not ticked:
                    ticked.append(item.value)
                value = list(ticked)
            problem = check(value) if check else None
            if problem is not None:
                state["error"] = problem
                return
            labels = [i.label for i in items if i.value in (value if multi else [value])]
            finish(event, value, ", ".join(labels))

        back = next((n for n, item in enumerate(items) if item.key == BACK_KEY), None)
        if back is not None:

            @bindings.add(BACK_KEY)
            def _back(event: KeyPressEvent) -> None:
                item = items[back]
                finish(event, item.value, item.label)

        _add_stop_keys(bindings)

        @bindings.add("<any>")
        def _other(event: KeyPressEvent) -> None:
            state["digits"] = ""

        choices_window = Window(
            FormattedTextControl(lines, focusable=True),
            wrap_lines=True,
            dont_extend_height=True,
        )
        # arrows at the edge only when the list is longer than the screen
        scrolls = Condition(
            lambda: (
                choices_window.render_info is not None
                and choices_window.render_info.content_height
                > choices_window.render_info.window_height
            )
        )
        choices_window.right_margins = [
            ConditionalMargin(ScrollbarMargin(display_arrows=True), filter=scrolls)
        ]

        def above() -> StyleAndTextTuples:
            tokens = header(is_done(), state["answer"])
            if tokens and tokens[-1][1].endswith("\n"):
                tokens[-1] = (tokens[-1][0], tokens[-1][1][:-1])
            return tokens

        top = FormattedTextControl(above)
        error_line = FormattedTextControl(lambda: [("class:error", f"! {state['error']}")])
        layout = Layout(
            HSplit(
                [
                    Window(top, wrap_lines=True, dont_extend_height=True),
                    ConditionalContainer(
                        choices_window,
                        filter=~is_done,
                    ),
                    ConditionalContainer(
                        Window(error_line, wrap_lines=True, dont_extend_height=True),
                        filter=Condition(lambda: state["error"] is not None) & ~is_done,
                    ),
                ]
            )
        )
        return self._run(layout, bindings, clear=clear)

    def type_text(
        self,
        header: Header,
        *,
        default: str,
        multiline: bool,
        check: Callable[[str], str | None],
        can_go_back: bool = False,
    ) -> str:
        """Type an answer (several lines where `multiline`); it is checked before it is taken.

        `<` pressed before any typing (and `<` typed as the whole answer) returns "<": go back.
        """
        from prompt_toolkit.buffer import Buffer
        from prompt_toolkit.document import Document
        from prompt_toolkit.filters import Condition, is_done
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.key_binding.key_processor import KeyPressEvent
        from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
        from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl

        buffer = Buffer(document=Document(default, len(default)), multiline=multiline)
        state: dict[str, Any] = {"error": None}
        bindings = KeyBindings()

        # c-j too: an Enter typed ahead between two prompts arrives as a line feed
        @bindings.add("enter")
        @bindings.add("c-j")
        def _enter(event: KeyPressEvent) -> None:
            text = buffer.document.text
            at_end = buffer.document.is_cursor_at_the_end
            if (
                multiline
                and text.strip() not in ("", BACK_KEY)
                and not (at_end and text.endswith("\n"))
            ):
                buffer.insert_text("\n")
                return
            text = text.rstrip("\n") if multiline else text
            problem = check(text)
            if problem is not None:
                state["error"] = problem
                return
            buffer.text = text
            event.app.exit(result=text)

        _add_stop_keys(bindings, only_when_empty=True)

        @bindings.add(BACK_KEY, filter=Condition(lambda: can_go_back and buffer.text == default))
        def _back(event: KeyPressEvent) -> None:
            event.app.exit(result=BACK_KEY)

        @bindings.add("c-d", filter=Condition(lambda: not buffer.text))
        def _end(event: KeyPressEvent) -> None:
            event.app.exit(exception=EOFError())

        def prefix(line: int, wrap_count: int) -> StyleAndTextTuples:
            return [("class:answer", "> " if line == 0 and wrap_count == 0 else "  ")]

        def above() -> StyleAndTextTuples:
            if is_done():
                shown = buffer.text.replace("\n", " / ")
                return header(True, shown)
            return header(False, "")

        layout = Layout(
            HSplit(
                [
                    Window(FormattedTextControl(above), wrap_lines=True, dont_extend_height=True),
                    ConditionalContainer(
                        Window(
                            BufferControl(buffer),
                            wrap_lines=True,
                            dont_extend_height=True,
                            get_line_prefix=prefix,
                        ),
                        filter=~is_done,
                    ),
                    ConditionalContainer(
                        Window(
                            FormattedTextControl(lambda: [("class:error", f"! {state['error']}")]),
                            wrap_lines=True,
                            dont_extend_height=True,
                        ),
                        filter=Condition(lambda: state["error"] is not None) & ~is_done,
                    ),
                ]
            ),
            focused_element=None,
        )
        buffer.on_text_changed += lambda _: state.update(error=None)
        answer: str = self._run(layout, bindings, clear=True)
        return answer


def _clear_screen(output: Output) -> None:
    """Each question starts on a clean screen, so a long list never leaves half a copy behind."""
    output.erase_screen()
    output.cursor_goto(0, 0)
    output.flush()


def _add_stop_keys(bindings: KeyBindings, *, only_when_empty: bool = False) -> None:
    """Ctrl-C and Ctrl-D stop the interview (the caller saves); questionary swallows them."""
    from prompt_toolkit.key_binding.key_processor import KeyPressEvent

    @bindings.add("c-c")
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    if not only_when_empty:

        @bindings.add("c-d")
        def _end(event: KeyPressEvent) -> None:
            event.app.exit(exception=EOFError())
