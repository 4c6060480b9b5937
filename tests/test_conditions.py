"""The one condition form: every test, the combinations, and what a bad condition says."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from paincheck.questionnaire.conditions import (
    ConditionError,
    Value,
    choice_operands,
    condition_to_data,
    parse_condition,
)


class Ctx:
    """A condition context built from plain values."""

    def __init__(
        self,
        values: dict[str, Value] | None = None,
        groups: dict[str, list[str]] | None = None,
        flags: set[str] | None = None,
        statuses: Sequence[str] = (),
        results: dict[tuple[str, str], str] | None = None,
    ) -> None:
        self.values = values or {}
        self.groups = groups or {}
        self._flags = flags or set()
        self.statuses = statuses
        self.results = results or {}

    def answer(self, question_id: str) -> Value:
        return self.values.get(question_id)

    def shown_in_group(self, group: str) -> Sequence[str]:
        return self.groups.get(group, [])

    def flags(self) -> set[str]:
        return self._flags

    def criterion_statuses(self) -> Sequence[str]:
        return self.statuses

    def result_status(self, block: str, item: str) -> str | None:
        return self.results.get((block, item))


REGIONS = [["foot", "ankle", "lower_leg"], ["knee"], ["thigh", "hip"], ["groin"]]


def holds(raw: dict[str, Any], **values: Value) -> bool:
    return parse_condition(raw).holds(Ctx(values))


@pytest.mark.parametrize(
    ("raw", "values", "expected"),
    [
        ({"q": "a", "answered": True}, {"a": "x"}, True),
        ({"q": "a", "answered": True}, {}, False),
        ({"q": "a", "answered": True}, {"a": []}, False),
        ({"q": "a", "answered": False}, {}, True),
        ({"q": "a", "answered": False}, {"a": ["x"]}, False),
        ({"q": "a", "equals": "yes"}, {"a": "yes"}, True),
        ({"q": "a", "equals": "yes"}, {"a": "no"}, False),
        ({"q": "a", "equals": "yes"}, {}, False),
        ({"q": "a", "equals": "x"}, {"a": ["x"]}, False),  # a multi answer never "equals"
        ({"q": "a", "in": ["x", "y"]}, {"a": "y"}, True),
        ({"q": "a", "in": ["x", "y"]}, {"a": "z"}, False),
        ({"q": "a", "in": ["x"]}, {}, False),
        ({"q": "a", "contains_any": ["x", "y"]}, {"a": ["z", "y"]}, True),
        ({"q": "a", "contains_any": ["x"]}, {"a": ["z"]}, False),
        ({"q": "a", "contains_any": ["x"]}, {}, False),
        ({"q": "a", "contains_only": ["x", "y"]}, {"a": ["x", "y"]}, True),
        ({"q": "a", "contains_only": ["x", "y"]}, {"a": ["x", "z"]}, False),
        ({"q": "a", "contains_only": ["x"]}, {}, False),  # unanswered is not "only x"
        ({"q": "a", "count_at_least": 2}, {"a": ["x", "y"]}, True),
        ({"q": "a", "count_at_least": 2}, {"a": ["x"]}, False),
        ({"q": "a", "count_at_least": 2}, {}, False),
        ({"q": "a", "less_than": 18}, {"a": 17}, True),
        ({"q": "a", "less_than": 18}, {"a": 18}, False),
        ({"q": "a", "less_than": 18}, {}, False),  # no age is not "under 18"
        ({"q": "a", "at_least": 3}, {"a": 3}, True),
        ({"q": "a", "at_least": 3}, {"a": 2}, False),
        ({"q": "a", "at_least": 3}, {"a": "3"}, False),  # only checked integers count
        # groups_at_least: how many groups the answer touches, not how many choices
        (
            {"q": "a", "groups_at_least": {"count": 3, "groups": REGIONS}},
            {"a": ["foot", "knee", "groin"]},
            True,
        ),
        (
            {"q": "a", "groups_at_least": {"count": 3, "groups": REGIONS}},
            {"a": ["foot", "ankle", "lower_leg"]},
            False,
        ),
        (
            {"q": "a", "groups_at_least": {"count": 3, "groups": REGIONS}},
            {"a": ["thigh", "hip", "knee"]},
            False,
        ),
        (
            {"q": "a", "groups_at_least": {"count": 3, "groups": REGIONS}},
            {"a": ["ankle", "knee", "hip", "neck"]},
            True,
        ),
        (
            {"q": "a", "groups_at_least": {"count": 3, "groups": REGIONS}},
            {"a": ["neck", "arm", "hand"]},
            False,
        ),
        ({"q": "a", "groups_at_least": {"count": 1, "groups": REGIONS}}, {}, False),
        ({"q": "a", "groups_at_least": {"count": 2, "groups": REGIONS}}, {"a": "knee"}, False),
    ],
)
def test_each_answer_test(raw: dict[str, Any], values: dict[str, Value], expected: bool) -> None:
    assert holds(raw, **values) is expected


def test_all_any_not_combine() -> None:
    a_is_x = {"q": "a", "equals": "x"}
    b_is_y = {"q": "b", "equals": "y"}
    assert holds({"all": [a_is_x, b_is_y]}, a="x", b="y")
    assert not holds({"all": [a_is_x, b_is_y]}, a="x", b="n")
    assert holds({"any": [a_is_x, b_is_y]}, a="n", b="y")
    assert not holds({"any": [a_is_x, b_is_y]}, a="n", b="n")
    assert holds({"not": a_is_x}, a="n")
    assert not holds({"not": a_is_x}, a="x")


def test_each_shown_looks_at_the_shown_questions_of_a_group_only() -> None:
    condition = parse_condition({"each_shown": "relief", "any": {"in": ["a_lot"]}})
    shown = {"relief": ["relief_surgery", "relief_opioids"]}
    assert condition.holds(Ctx({"relief_opioids": "a_lot"}, shown))
    assert not condition.holds(Ctx({"relief_opioids": "some"}, shown))
    # An answer to a question of the group that is not shown does not count.
    assert not condition.holds(Ctx({"relief_other": "a_lot"}, shown))
    unanswered = parse_condition({"each_shown": "relief", "any": {"answered": False}})
    assert unanswered.holds(Ctx({"relief_surgery": "none"}, shown))
    assert not unanswered.holds(Ctx({"relief_surgery": "none", "relief_opioids": "a_lot"}, shown))
    assert not unanswered.holds(Ctx({}, {"relief": []}))


def test_flag_and_criterion_any() -> None:
    assert parse_condition({"flag": "urgent"}).holds(Ctx(flags={"urgent"}))
    assert not parse_condition({"flag": "urgent"}).holds(Ctx(flags={"prompt"}))
    condition = parse_condition({"criterion_any": "not_met"})
    assert condition.holds(Ctx(statuses=["met", "not_met"]))
    assert not condition.holds(Ctx(statuses=["met", "unknown"]))


def test_one_result_has_a_status() -> None:
    condition = parse_condition({"approved_use": "crps", "status": "unknown"})
    assert condition.holds(Ctx(results={("approved_use", "crps"): "unknown"}))
    assert not condition.holds(Ctx(results={("approved_use", "crps"): "met"}))
    assert not condition.holds(Ctx(results={("criteria", "crps"): "unknown"}))
    assert not condition.holds(Ctx())  # not worked out yet: never holds
    criterion = parse_condition({"criterion": "location", "status": "partly"})
    assert criterion.holds(Ctx(results={("criteria", "location"): "partly"}))


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("pain_now > 3", "must be a mapping"),
        ({"q": "a", "groups_at_least": 3}, "'groups_at_least' needs a mapping"),
        ({"q": "a", "groups_at_least": {"count": 2}}, "takes 'count' and 'groups'"),
        ({"q": "a", "groups_at_least": {"count": 2, "groups": [["x"]]}}, "more than its 1 groups"),
        (
            {"q": "a", "groups_at_least": {"count": 1, "groups": [[]]}},
            "list of lists of choice ids",
        ),
        (
            {"q": "a", "groups_at_least": {"count": True, "groups": [["x"]]}},
            "whole number of 1 or more",
        ),
        ({"criterion": "a"}, "unknown condition keys: criterion"),
        ({}, "must be a mapping"),
        ({"q": "a", "bigger": 3}, "unknown test 'bigger'"),
        ({"q": "a", "equals": "x", "in": ["x"]}, "exactly one of"),
        ({"q": "a", "count_at_least": "two"}, "'count_at_least' needs a whole number"),
        ({"q": "a", "less_than": True}, "'less_than' needs a whole number"),
        ({"q": "a", "answered": "yes"}, "'answered' needs a true or false"),
        ({"q": "a", "in": "x"}, "'in' needs a list"),
        ({"all": []}, "non-empty list"),
        ({"any": {"q": "a", "answered": True}}, "non-empty list"),
        ({"each_shown": "g", "all": {"answered": True}}, "'each_shown' takes exactly"),
        ({"question": "a", "equals": "x"}, "unknown condition keys: equals, question"),
    ],
)
def test_a_bad_condition_says_what_is_wrong(raw: Any, says: str) -> None:
    with pytest.raises(ConditionError, match=says):
        parse_condition(raw)


def test_condition_round_trips_through_its_written_form() -> None:
    raw = {
        "all": [
            {"q": "a", "contains_any": ["x", "y"]},
            {"not": {"q": "b", "equals": "no"}},
            {"any": [{"q": "c", "at_least": 3}, {"flag": "urgent"}]},
            {"each_shown": "g", "any": {"in": ["a_lot"]}},
            {"criterion_any": "unknown"},
            {"q": "d", "groups_at_least": {"count": 2, "groups": [["x", "y"], ["z"]]}},
            {"approved_use": "crps", "status": "unknown"},
            {"criterion": "location", "status": "met"},
        ]
    }
    assert condition_to_data(parse_condition(raw)) == raw


def test_choice_operands_lists_the_choices_a_condition_names() -> None:
    condition = parse_condition(
        {"any": [{"q": "a", "in": ["x", "y"]}, {"not": {"q": "b", "equals": "z"}}]}
    )
    assert choice_operands(condition) == [("a", ("x", "y")), ("b", ("z",))]
    groups = parse_condition(
        {"q": "a", "groups_at_least": {"count": 1, "groups": [["x"], ["y", "z"]]}}
    )
    assert choice_operands(groups) == [("a", ("x", "y", "z"))]
