"""@model: a frozen dataclass with shared methods behaves like `@dataclass(frozen=True)`."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import field
from typing import ClassVar

import pytest

from paincheck.model import model


@model
class Point:
    """A test model: positional, defaulted, factory-made and uncompared fields."""

    x: int
    y: int = 0
    tags: Mapping[str, str] = field(default_factory=dict)
    note: str = field(default="", compare=False, repr=False)


@model
class Label:
    """A hashable test model."""

    text: str
    note: str = field(default="", compare=False)


def test_builds_from_positions_keywords_defaults_and_factories() -> None:
    assert Point(1, 2) == Point(x=1, y=2)
    point = Point(1)
    assert (point.x, point.y, point.tags, point.note) == (1, 0, {}, "")
    assert Point(1).tags is not Point(1).tags  # a fresh dict each time, as a factory gives


def test_compares_hashes_and_shows_like_a_dataclass() -> None:
    assert Point(1, note="a") == Point(1, note="b")  # compare=False is left out
    assert Point(1) != Point(2)
    assert Point(1).__eq__((1, 0)) is NotImplemented
    assert hash(Label("a", note="x")) == hash(Label("a", note="y"))
    assert hash(Label("a")) != hash(Label("b"))
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags={})"


def test_is_frozen() -> None:
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]


def test_is_a_dataclass_for_the_standard_tools() -> None:
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags", "note"]
    assert dataclasses.replace(Point(1, 2), y=3) == Point(1, 3)


@pytest.mark.parametrize(
    "args, kwargs",
    [((), {}), ((1, 2, {}, "", 5), {}), ((1,), {"x": 2}), ((1,), {"z": 2})],
    ids=["missing", "too many", "given twice", "unknown"],
)
def test_refuses_wrong_arguments(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        Point(*args, **kwargs)


@dataclasses.dataclass(frozen=True)
class PointDataclass:
    """The same fields as Point, made by `dataclasses.dataclass`."""

    x: int
    y: int = 0
    tags: Mapping[str, str] = field(default_factory=dict)
    note: str = field(default="", compare=False, repr=False)


FIELD_PARTS = ("name", "type", "default", "default_factory", "init", "repr", "compare", "hash")
FIELD_PARTS += ("metadata", "kw_only")


def test_records_the_fields_dataclass_would() -> None:
    def described(cls: type[object]) -> list[tuple[object, ...]]:
        return [tuple(getattr(f, part) for part in FIELD_PARTS) for f in dataclasses.fields(cls)]

    assert described(Point) == described(PointDataclass)
    assert (Point.y, Point.note) == (0, "")  # a default stays a class attribute, as in dataclass
    assert not hasattr(Point, "tags")
    assert dataclasses.asdict(Point(1, tags={"a": "b"})) == {
        "x": 1,
        "y": 0,
        "tags": {"a": "b"},
        "note": "",
    }


def test_a_model_extends_the_fields_of_its_base() -> None:
    @model
    class Point3(Point):
        z: int = 0

    assert [f.name for f in dataclasses.fields(Point3)] == ["x", "y", "tags", "note", "z"]
    assert Point3(1, z=4) == Point3(1, 0, {}, "", 4)


def test_a_class_variable_is_not_a_field() -> None:
    @model
    class Counted:
        """A model with a class variable."""

        made: ClassVar[int] = 0
        name: str = ""

    assert [f.name for f in dataclasses.fields(Counted)] == ["name"]
    assert Counted.made == 0


def test_a_mutable_default_is_refused() -> None:
    with pytest.raises(ValueError, match="mutable default"):

        @model
        class Listed:
            """A model with a shared list as its default."""

            items: list[str] = []  # noqa: RUF012


def test_an_undocumented_model_is_described_by_its_fields() -> None:
    @model
    class Bare:
        a: int
        b: str = ""

    assert Bare.__doc__ == "Bare(a, b)"
    assert (
        Point.__doc__ == "A test model: positional, defaulted, factory-made and uncompared fields."
    )
