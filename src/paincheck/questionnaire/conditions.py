"""One small condition form, used for "shown when" and for every rule.

A condition is a mapping, read from the questions folder:
  {q: ID, answered: true|false}      {q: ID, equals: CHOICE}      {q: ID, in: [CHOICES]}
  {q: ID, contains_any: [CHOICES]}   {q: ID, contains_only: [CHOICES]}
  {q: ID, count_at_least: N}         {q: ID, less_than: N}        {q: ID, at_least: N}
  {q: ID, groups_at_least: {count: N, groups: [[CHOICES], ...]}}
                                     a multi answer includes a choice from N or more groups
  {all: [...]}  {any: [...]}  {not: {...}}
  {each_shown: GROUP, any: TEST}     a TEST (the above without q) holds for a shown question
                                     of a repeated group
  {flag: NAME}                       a chosen answer carries this flag (e.g. urgent)
  {criterion_any: STATUS}            some criterion has this status (overall rules only)
  {approved_use_any: STATUS}         some approved-use item has this status (caveats only)
  {criterion: ID, status: STATUS}    that criterion has this status (later rules, caveats)
  {approved_use: ID, status: STATUS} that approved-use item has this status (caveats)
  {symptom_pattern: true|false}      the symptom pattern is (or is not) there; unanswered
                                     holds for neither
Nothing is ever passed to eval.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from paincheck.model import model
from paincheck.text.display import shown_value

Value = str | int | list[str] | None

TESTS = (
    "answered",
    "equals",
    "in",
    "contains_any",
    "contains_only",
    "count_at_least",
    "less_than",
    "at_least",
    "groups_at_least",
)
# Where `{criterion: ID, status: S}` and `{approved_use: ID, status: S}` look.
RESULT_BLOCKS = {"criterion": "criteria", "approved_use": "approved_use"}


class Context(Protocol):
    """What a condition can look at."""

    def answer(self, question_id: str) -> Value: ...

    def shown_in_group(self, group: str) -> Sequence[str]: ...

    def flags(self) -> set[str]: ...

    def criterion_statuses(self) -> Sequence[str]: ...

    def approved_use_statuses(self) -> Sequence[str]: ...

    def result_status(self, block: str, item: str) -> str | None: ...

    def symptom_pattern(self) -> bool | None: ...


class _NamesNoQuestion:
    """A condition that names no question of its own (it looks at groups, flags or results)."""

    def questions(self) -> set[str]:
        return set()


@model
class GroupCount:
    """The operand of `groups_at_least`: how many of the groups (lists of choices) an answer
    must touch, e.g. three of the leg's regions."""

    count: int
    groups: tuple[tuple[str, ...], ...]

    def holds(self, value: Value) -> bool:
        chosen = set(as_list(value))
        return sum(1 for group in self.groups if chosen.intersection(group)) >= self.count


@model
class AnswerTest:
    """A test of one question's answer."""

    question: str | None
    test: str
    operand: Any

    def holds(self, ctx: Context, question: str | None = None) -> bool:
        value = ctx.answer(question or self.question or "")
        return _TESTS[self.test](value, self.operand)

    def questions(self) -> set[str]:
        return {self.question} if self.question else set()


class _Combined:
    """A condition made of other conditions: it names the questions they name."""

    items: tuple[Condition, ...]

    def questions(self) -> set[str]:
        return set().union(*(c.questions() for c in self.items))


@model
class AllOf(_Combined):
    items: tuple[Condition, ...]

    def holds(self, ctx: Context) -> bool:
        return all(c.holds(ctx) for c in self.items)


@model
class AnyOf(_Combined):
    items: tuple[Condition, ...]

    def holds(self, ctx: Context) -> bool:
        return any(c.holds(ctx) for c in self.items)


@model
class Not:
    item: Condition

    def holds(self, ctx: Context) -> bool:
        return not self.item.holds(ctx)

    def questions(self) -> set[str]:
        return self.item.questions()


@model
class EachShown(_NamesNoQuestion):
    """True when the test holds for at least one shown question of a repeated group."""

    group: str
    test: AnswerTest

    def holds(self, ctx: Context) -> bool:
        return any(self.test.holds(ctx, q) for q in ctx.shown_in_group(self.group))


@model
class Flag(_NamesNoQuestion):
    name: str

    def holds(self, ctx: Context) -> bool:
        return self.name in ctx.flags()


@model
class CriterionAny(_NamesNoQuestion):
    status: str

    def holds(self, ctx: Context) -> bool:
        return self.status in ctx.criterion_statuses()


@model
class ApprovedUseAny(_NamesNoQuestion):
    status: str

    def holds(self, ctx: Context) -> bool:
        return self.status in ctx.approved_use_statuses()


@model
class ResultIs(_NamesNoQuestion):
    """True when one criterion (block "criteria") or approved-use item has this status."""

    block: str
    item: str
    status: str

    def holds(self, ctx: Context) -> bool:
        return ctx.result_status(self.block, self.item) == self.status


@model
class SymptomPattern(_NamesNoQuestion):
    present: bool

    def holds(self, ctx: Context) -> bool:
        return ctx.symptom_pattern() is self.present


Condition = (
    AnswerTest
    | AllOf
    | AnyOf
    | Not
    | EachShown
    | Flag
    | CriterionAny
    | ApprovedUseAny
    | ResultIs
    | SymptomPattern
)


def as_list(value: Value) -> list[str]:
    """An answer as the list of what was chosen: none, one or several (as text)."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def whole_number(value: object) -> int | None:
    """An answer that is a whole number, or None (True and False are not numbers)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _less_than(value: Value, operand: Any) -> bool:
    number = whole_number(value)
    return number is not None and number < operand


def _at_least(value: Value, operand: Any) -> bool:
    number = whole_number(value)
    return number is not None and number >= operand


_TESTS: dict[str, Callable[[Value, Any], bool]] = {
    "answered": lambda v, want: (v is not None and v != [] and v != "") == want,
    "equals": lambda v, want: v is not None and not isinstance(v, list) and str(v) == str(want),
    "in": lambda v, want: v is not None and not isinstance(v, list) and str(v) in want,
    "contains_any": lambda v, want: any(x in want for x in as_list(v)),
    "contains_only": lambda v, want: bool(as_list(v)) and all(x in want for x in as_list(v)),
    "count_at_least": lambda v, want: len(as_list(v)) >= want,
    "less_than": _less_than,
    "at_least": _at_least,
    "groups_at_least": lambda v, want: want.holds(v),
}

_OPERAND_KINDS: dict[str, type | tuple[type, ...]] = {
    "answered": bool,
    "equals": (str, int),
    "in": list,
    "contains_any": list,
    "contains_only": list,
    "count_at_least": int,
    "less_than": int,
    "at_least": int,
    "groups_at_least": dict,
}


class ConditionError(ValueError):
    """A condition in a questions file is not of the documented form."""


def parse_condition(raw: Any) -> Condition:
    """Build a condition from its mapping form, or raise ConditionError saying what is wrong."""
    if not isinstance(raw, Mapping) or not raw:
        raise ConditionError(f"a condition must be a mapping, got {shown_value(raw)}")
    keys = set(raw)
    if keys == {"all"} or keys == {"any"}:
        items = raw["all"] if "all" in raw else raw["any"]
        if not isinstance(items, list) or not items:
            raise ConditionError("'all' and 'any' take a non-empty list of conditions")
        parsed = tuple(parse_condition(item) for item in items)
        return AllOf(parsed) if "all" in raw else AnyOf(parsed)
    if keys == {"not"}:
        return Not(parse_condition(raw["not"]))
    if keys == {"flag"}:
        return Flag(str(raw["flag"]))
    if keys == {"criterion_any"}:
        return CriterionAny(str(raw["criterion_any"]))
    if keys == {"approved_use_any"}:
        return ApprovedUseAny(str(raw["approved_use_any"]))
    for key, block in RESULT_BLOCKS.items():
        if keys == {key, "status"}:
            return ResultIs(block, str(raw[key]), str(raw["status"]))
    if keys == {"symptom_pattern"}:
        if not isinstance(raw["symptom_pattern"], bool):
            raise ConditionError(
                f"'symptom_pattern' needs true or false, got {raw['symptom_pattern']!r}"
            )
        return SymptomPattern(raw["symptom_pattern"])
    if "each_shown" in keys:
        if keys != {"each_shown", "any"}:
            raise ConditionError("'each_shown' takes exactly one more key: 'any'")
        test = _parse_test(None, raw["any"])
        return EachShown(str(raw["each_shown"]), test)
    if "q" in keys:
        rest = {k: v for k, v in raw.items() if k != "q"}
        return _parse_test(str(raw["q"]), rest)
    raise ConditionError(f"unknown condition keys: {', '.join(sorted(map(str, keys)))}")


def _parse_test(question: str | None, raw: Any) -> AnswerTest:
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise ConditionError(f"a test needs exactly one of: {', '.join(TESTS)}")
    ((test, operand),) = raw.items()
    if test not in _TESTS:
        raise ConditionError(f"unknown test '{test}'; use one of: {', '.join(TESTS)}")
    kind = _OPERAND_KINDS[test]
    if not isinstance(operand, kind) or (kind is int and isinstance(operand, bool)):
        raise ConditionError(f"'{test}' needs a {_kind_name(kind)}, got {shown_value(operand)}")
    if isinstance(operand, list):
        operand = tuple(str(x) for x in operand)
    if test == "groups_at_least":
        operand = _group_count(operand)
    return AnswerTest(question, test, operand)


def _group_count(raw: Mapping[str, Any]) -> GroupCount:
    if set(raw) != {"count", "groups"}:
        raise ConditionError("'groups_at_least' takes 'count' and 'groups'")
    count, groups = raw["count"], raw["groups"]
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ConditionError(
            f"'groups_at_least' count needs a whole number of 1 or more, got {shown_value(count)}"
        )
    if (
        not isinstance(groups, list)
        or not groups
        or not all(isinstance(g, list) and g and all(isinstance(c, str) for c in g) for g in groups)
    ):
        raise ConditionError(
            "'groups_at_least' groups needs a list of lists of choice ids, "
            f"got {shown_value(groups)}"
        )
    if count > len(groups):
        raise ConditionError(
            f"'groups_at_least' count {count} is more than its {len(groups)} groups: "
            "it could never hold"
        )
    return GroupCount(count, tuple(tuple(g) for g in groups))


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        bool: "true or false",
        int: "whole number",
        str: "choice id",
        list: "list",
        dict: "mapping {count, groups}",
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names[k] for k in kinds)


def choice_operands(condition: Condition) -> list[tuple[str | None, tuple[str, ...]]]:
    """Every (question, choice ids) a condition mentions, so loading can check them."""
    if isinstance(condition, AnswerTest):
        if condition.test in ("equals", "in", "contains_any", "contains_only"):
            operand = condition.operand
            ids = operand if isinstance(operand, tuple) else (str(operand),)
            return [(condition.question, ids)]
        if isinstance(condition.operand, GroupCount):
            return [(condition.question, tuple(c for g in condition.operand.groups for c in g))]
        return []
    if isinstance(condition, AllOf | AnyOf):
        return [pair for item in condition.items for pair in choice_operands(item)]
    if isinstance(condition, Not):
        return choice_operands(condition.item)
    return []


def condition_to_data(condition: Condition) -> dict[str, Any]:
    """The mapping form of a condition, as written in the questions folder."""
    if isinstance(condition, AnswerTest):
        operand = condition.operand
        if isinstance(operand, tuple):
            operand = list(operand)
        elif isinstance(operand, GroupCount):
            operand = {"count": operand.count, "groups": [list(g) for g in operand.groups]}
        test = {condition.test: operand}
        return {"q": condition.question, **test} if condition.question else test
    if isinstance(condition, AllOf):
        return {"all": [condition_to_data(c) for c in condition.items]}
    if isinstance(condition, AnyOf):
        return {"any": [condition_to_data(c) for c in condition.items]}
    if isinstance(condition, Not):
        return {"not": condition_to_data(condition.item)}
    if isinstance(condition, EachShown):
        return {"each_shown": condition.group, "any": condition_to_data(condition.test)}
    if isinstance(condition, Flag):
        return {"flag": condition.name}
    if isinstance(condition, ApprovedUseAny):
        return {"approved_use_any": condition.status}
    if isinstance(condition, SymptomPattern):
        return {"symptom_pattern": condition.present}
    if isinstance(condition, ResultIs):
        key = next(k for k, block in RESULT_BLOCKS.items() if block == condition.block)
        return {key: condition.item, "status": condition.status}
    return {"criterion_any": condition.status}
