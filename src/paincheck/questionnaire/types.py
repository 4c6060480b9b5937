"""The question types, one row each: everything that differs between them is in its row.

A question's `type` names its row (`Question.kind`). The rest of the engine asks the row, not
the name: how an answer is checked, how many choices it picks, whether it is a number or the
person's own words, how the interview asks it, what FHIR calls it, how the listing and the
template word it, and which condition tests work on it. The loader, the PDFs and the HTML
page choose what to do from those answers (a number has a range, a choice has ticks), so a
new type that answers them like an existing one is a new row here and nothing else.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, Protocol, get_args

from paincheck.files.reading import lone_surrogate
from paincheck.model import model
from paincheck.questionnaire.conditions import Value, whole_number
from paincheck.text.display import MAX_LISTED, describe_value, did_you_mean, quoted

TypeName = Literal["text", "integer", "single", "multi"]
TYPE_NAMES: tuple[TypeName, ...] = get_args(TypeName)
# A question whose type a folder names wrongly is read as this, so that its other problems
# are found too (the folder is refused anyway).
READ_UNKNOWN_AS: TypeName = "text"
# How many of its choices an answer names: none (typed), one, or a list of them.
Picks = Literal["none", "one", "many"]
# How the interview asks: a box to type in, a list to pick one from, a list to tick.
PromptKind = Literal["typed", "pick_one", "pick_many"]
# ASCII digits only: str.isdigit() also accepts "²", which int() then refuses; and few of
# them, since int() refuses more than 4300 digits (any answer's range is far smaller).
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,30}")


class Offered(Protocol):
    """What a type reads of a choice."""

    @property
    def id(self) -> str: ...
    @property
    def exclusive(self) -> bool: ...


class Asked(Protocol):
    """What a type reads of its question (`models.Question`, which imports this module)."""

    @property
    def min(self) -> int | None: ...
    @property
    def max(self) -> int | None: ...
    @property
    def step(self) -> int | None: ...
    @property
    def at_most(self) -> str | None: ...
    @property
    def max_length(self) -> int: ...
    @property
    def multiline(self) -> bool: ...
    @property
    def choices(self) -> Sequence[Offered]: ...
    @property
    def choices_from(self) -> str | None: ...
    @property
    def kind(self) -> QuestionType: ...

    def choice(self, choice_id: str) -> Offered | None: ...


class Say(Protocol):
    """An interface message by key, its {placeholders} filled, in the language shown."""

    def __call__(self, key: str, /, **values: object) -> str: ...


# An answer checked: its canonical form, or None and what is wrong (in the file's words).
# `values` holds the answers so far, for the rules that look at another question.
Check = Callable[[Asked, Any, Mapping[str, Value]], tuple[Value, str | None]]
# What a question takes, in a few plain words that also say its type (listing, template).
Words = Callable[[Asked, Say], str]
# The interview's words for a typed answer the check refused, or None (then the check's).
Refused = Callable[[Asked, Any, Mapping[str, Value], Say], str | None]


@model
class QuestionType:
    """One question type: how its answers are checked, asked, written and described."""

    name: TypeName
    check: Check
    picks: Picks
    number: bool  # a whole number: it has min and max, and may have a step, a unit, at_most
    own_words: bool  # the person's own words: it has max_length, and may be multiline
    prompt: PromptKind  # (a number with a step is offered as a list: pick_one)
    tests: tuple[str, ...]  # the condition tests that can hold for it (`answered`: every type)
    fhir_item: str  # FHIR `Questionnaire.item.type`
    fhir_value: str  # the answer's key in a QuestionnaireResponse (enableWhen: answer...)
    words: Words
    # A value typed (not coded) in a QuestionnaireResponse: its JSON type, in words too.
    fhir_json: type[str] | type[int] = str
    fhir_json_words: str = "text"
    listed: tuple[str, ...] = ()  # the question's fields the JSON listing gives, when set
    refused: Refused | None = None
    # Several lines (`multiline`): FHIR's item type for them, if it has its own.
    fhir_lines_item: str | None = None

    @property
    def coded(self) -> bool:
        """Whether its answers are choice ids (FHIR codings), not values typed."""
        return self.picks != "none"


def allowed_choices(question: Asked, values: Mapping[str, Value]) -> list[str]:
    """The choice ids a question accepts now (for `choices_from`, the ones chosen there)."""
    if question.choices_from is not None:
        chosen = values.get(question.choices_from)
        return [str(c) for c in chosen] if isinstance(chosen, list) else []
    return [c.id for c in question.choices]


# -- text ----------------------------------------------------------------------------------


def _check_text(
    question: Asked, value: Any, values: Mapping[str, Value]
) -> tuple[Value, str | None]:
    if not isinstance(value, str):
        return None, f"expects text, got {describe_value(value)} (put it in quotes)"
    if not value.strip():
        return None, None
    broken = lone_surrogate(value)
    if broken is not None:
        # Typed on a terminal that is not UTF-8: it could be saved but never read back.
        return None, f"is not valid text ({broken} is half of a character pair); retype it"
    if len(value) > question.max_length:
        return None, f"is {len(value)} characters long; at most {question.max_length} are allowed"
    if not question.multiline and ("\n" in value or "\r" in value):
        return None, "takes one line of text; remove the line breaks"
    return value, None


def _text_words(question: Asked, say: Say) -> str:
    key = "listing_lines" if question.multiline else "listing_text"
    return say(key, max_length=question.max_length)


def _text_refused(question: Asked, raw: Any, values: Mapping[str, Value], say: Say) -> str | None:
    if isinstance(raw, str) and len(raw) > question.max_length:
        return say("interview_too_long", max=question.max_length, length=len(raw))
    if isinstance(raw, str) and lone_surrogate(raw) is not None:
        return say("interview_unreadable_text")
    return None


# -- integer -------------------------------------------------------------------------------


def _check_integer(
    question: Asked, value: Any, values: Mapping[str, Value]
) -> tuple[Value, str | None]:
    span = f"a whole number from {question.min} to {question.max}"
    number = whole_number(value)
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None:
        return None, f"expects {span}, got {describe_value(value)}"
    if (question.min is not None and number < question.min) or (
        question.max is not None and number > question.max
    ):
        return None, f"expects {span}, got {describe_value(str(number)).strip(chr(39))}"
    if question.at_most is not None:
        limit = values.get(question.at_most)
        if isinstance(limit, int) and number > limit:
            return None, (
                f"is {number}, higher than {question.at_most} ({limit}); "
                f"it may not be higher than the answer to {question.at_most}: please check both"
            )
    return number, None


def _integer_words(question: Asked, say: Say) -> str:
    words = say("listing_whole_number", min=question.min, max=question.max)
    if question.step is not None:
        words += " " + say("listing_step", step=question.step)
    return words


def _integer_refused(
    question: Asked, raw: Any, values: Mapping[str, Value], say: Say
) -> str | None:
    between = _between_whole_numbers(question, raw)
    if between is not None:  # 6.5 hours: say exactly what to type
        return say("interview_whole_number", below=between[0], above=between[1])
    # a whole number in range (checked without the other answers) broke the limit
    in_range = _check_integer(question, raw, {})[1] is None
    limit = values.get(question.at_most) if question.at_most else None
    if in_range and isinstance(limit, int):
        return say("interview_at_most", limit=limit)
    two = question.min is not None and question.max == question.min + 1
    key = "interview_number_range_two" if two else "interview_number_range"
    return say(key, min=question.min, max=question.max)


def _between_whole_numbers(question: Asked, raw: Any) -> tuple[int, int] | None:
    """The two whole numbers around a decimal typed for an integer question ("6.5" or "6,5":
    6 and 7), when both are allowed."""
    if not isinstance(raw, str) or not re.fullmatch(r"[0-9]+[.,][0-9]+", raw):
        return None
    below = int(raw.replace(",", ".").split(".")[0])
    low = question.min if question.min is not None else below
    high = question.max if question.max is not None else below + 1
    return (below, below + 1) if low <= below and below + 1 <= high else None


# -- single and multi ----------------------------------------------------------------------


def _check_single(
    question: Asked, value: Any, values: Mapping[str, Value]
) -> tuple[Value, str | None]:
    allowed = allowed_choices(question, values)
    if isinstance(value, list | dict):
        return (
            None,
            f"expects one choice, got {describe_value(value)}; allowed: {', '.join(allowed)}",
        )
    if not isinstance(value, str):
        return None, f"expects one of: {', '.join(allowed)}; got {describe_value(value)}"
    if value not in allowed:
        if question.choices_from is not None and question.choice(value) is None:
            source = question.choices_from
            return (
                None,
                f"{quoted(value)} is not among the answers to {source}; "
                f"allowed: {', '.join(allowed)}",
            )
        return None, _unknown_choice(value, allowed)
    return value, None


def _check_multi(
    question: Asked, value: Any, values: Mapping[str, Value]
) -> tuple[Value, str | None]:
    allowed = [c.id for c in question.choices]
    if not isinstance(value, list):
        hint = f" (write [{value}])" if isinstance(value, str) and len(value) <= 40 else ""
        return (
            None,
            f"expects a list of choices, got {describe_value(value)}{hint}; allowed: {', '.join(allowed)}",
        )
    if not value:
        return None, None
    # Each different problem once, and only the first few: a hostile list can be huge.
    wrong = dict.fromkeys(
        f"expects choice ids, got {describe_value(item)}"
        for item in value
        if not isinstance(item, str)
    )
    known = set(allowed)  # a set: a list of thousands of choices is checked in one pass
    unknown = dict.fromkeys(item for item in value if isinstance(item, str) and item not in known)
    if wrong or unknown:
        listed = list(wrong)[:MAX_LISTED]
        listed += [_unknown_choice(i, allowed) for i in list(unknown)[: MAX_LISTED - len(listed)]]
        more = len(wrong) + len(unknown) - len(listed)
        return None, "; ".join([*listed, f"and {more} more"] if more else listed)
    counts = Counter(value)
    repeated = sorted(item for item, count in counts.items() if count > 1)
    if repeated:
        return None, f"lists {', '.join(repeated)} more than once"
    exclusive = [c.id for c in question.choices if c.exclusive and c.id in value]
    if exclusive and len(value) > 1:
        return None, f"'{exclusive[0]}' cannot be combined with other choices"
    order = {choice_id: index for index, choice_id in enumerate(allowed)}
    return sorted((str(v) for v in value), key=order.__getitem__), None


def _unknown_choice(value: str, allowed: list[str]) -> str:
    hint = did_you_mean(value, allowed)
    return f"{describe_value(value)} is not an allowed choice{hint}; allowed: {', '.join(allowed)}"


def _choice_words(question: Asked, say: Say, key: str) -> str:
    if question.choices_from:
        return say("listing_one_of_answers", question=question.choices_from)
    return say(key, ids=", ".join(c.id for c in question.choices))


# -- the table -----------------------------------------------------------------------------

# In the order the folder checks list them ("it works on: single, integer, text").
TYPES: Mapping[TypeName, QuestionType] = {
    row.name: row
    for row in (
        QuestionType(
            name="single",
            check=_check_single,
            picks="one",
            number=False,
            own_words=False,
            prompt="pick_one",
            tests=("equals", "in"),
            fhir_item="choice",
            fhir_value="valueCoding",
            words=lambda question, say: _choice_words(question, say, "listing_one_of"),
        ),
        QuestionType(
            name="multi",
            check=_check_multi,
            picks="many",
            number=False,
            own_words=False,
            prompt="pick_many",
            tests=("contains_any", "contains_only", "count_at_least", "groups_at_least"),
            fhir_item="choice",
            fhir_value="valueCoding",
            words=lambda question, say: _choice_words(question, say, "listing_list_of"),
        ),
        QuestionType(
            name="integer",
            check=_check_integer,
            picks="none",
            number=True,
            own_words=False,
            prompt="typed",
            tests=("equals", "in", "less_than", "at_least"),
            fhir_item="integer",
            fhir_value="valueInteger",
            words=_integer_words,
            fhir_json=int,
            fhir_json_words="a whole number",
            listed=("min", "max", "step"),
            refused=_integer_refused,
        ),
        QuestionType(
            name="text",
            check=_check_text,
            picks="none",
            number=False,
            own_words=True,
            prompt="typed",
            tests=("equals", "in"),
            fhir_item="string",
            fhir_value="valueString",
            words=_text_words,
            listed=("max_length",),
            refused=_text_refused,
            fhir_lines_item="text",
        ),
    )
}


def prompt_kind(question: Asked) -> PromptKind:
    """How the interview asks a question: as its type says, but a number with a step is
    offered as a list of its steps."""
    kind = question.kind
    return "pick_one" if kind.number and question.step is not None else kind.prompt


def type_named(name: object) -> TypeName | None:
    """The type with this name, or None (a folder may name a type there is not)."""
    return next((row.name for row in TYPES.values() if row.name == name), None)


def names_where(fits: Callable[[QuestionType], bool]) -> tuple[TypeName, ...]:
    """The names of the types a test fits, in the table's order (for a folder's problems)."""
    return tuple(row.name for row in TYPES.values() if fits(row))
