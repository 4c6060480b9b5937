"""`@model`: a frozen dataclass whose methods are shared, so defining one costs little.

On Python 3.11, `@dataclass(frozen=True)` writes and compiles six methods for every class
when its module is imported: about 0.7 ms each, a tenth of paincheck's start for the forty
models a command loads. `@model` is the same frozen dataclass (type checkers see exactly
that; `dataclasses.fields` and `replace` work), but its `__init__`, `__eq__`, `__hash__`,
`__repr__` and the refusal to change a field are the shared functions below, which read the
fields instead of being written for them. Even without those methods, `dataclasses.dataclass`
spends about 0.1 ms a class checking each field's annotation for `ClassVar` and `InitVar`;
`@model` records the fields itself (the same `Field` objects) unless an annotation names one.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any, TypeVar, dataclass_transform

_Model = TypeVar("_Model")
_MISSING = dataclasses.MISSING
# Annotations only `dataclasses.dataclass` knows how to treat.
_SPECIAL = ("ClassVar", "InitVar", "KW_ONLY")


@dataclasses.dataclass(init=False, repr=False, eq=False)
class _Template:
    """What `dataclasses.dataclass` records on a class, copied onto each model."""

    marker: int = 0


_PARAMS = _Template.__dataclass_params__  # type: ignore[attr-defined]
# `dataclasses.fields` lists only the fields that carry this (private) mark.
_FIELD_MARK = dataclasses.fields(_Template)[0]._field_type  # type: ignore[attr-defined]


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def model(cls: type[_Model]) -> type[_Model]:
    """Make `cls` a frozen dataclass, with shared methods instead of compiled ones."""
    spec: Any = cls
    undocumented = not cls.__doc__
    if undocumented:
        # dataclass() would write one from `inspect.signature`, whose first use compiles
        # tokenize's patterns: several milliseconds of start-up for one line of help().
        spec.__doc__ = cls.__name__
    recorded = _fields(cls)
    if recorded is None:
        dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    else:
        spec.__dataclass_fields__ = recorded
        spec.__dataclass_params__ = _PARAMS
        spec.__match_args__ = tuple(recorded)  # type: ignore[misc]
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if undocumented:
        spec.__doc__ = f"{cls.__name__}({', '.join(f.name for f in fields)})"
    spec._names = tuple(f.name for f in fields)
    spec._name_set = frozenset(spec._names)
    spec._defaults = {f.name: f.default for f in fields if f.default is not _MISSING}
    spec._factories = tuple(
        (f.name, f.default_factory) for f in fields if f.default_factory is not _MISSING
    )
    spec._compared = tuple(f.name for f in fields if f.compare)
    spec._shown = tuple(f.name for f in fields if f.repr)
    spec.__init__ = _init
    spec.__eq__ = _eq
    spec.__hash__ = _hash
    spec.__repr__ = _repr
    spec.__setattr__ = _refuse
    spec.__delattr__ = _refuse
    return cls


def _fields(cls: type[Any]) -> dict[str, dataclasses.Field[Any]] | None:
    """The fields `dataclasses.dataclass` would find on `cls` (a field's `Field` in the class
    becomes its default, as there), or None when an annotation needs dataclass's own rules."""
    annotations = inspect.get_annotations(cls)
    for annotation in annotations.values():
        if not isinstance(annotation, str) or any(word in annotation for word in _SPECIAL):
            return None
    recorded: dict[str, dataclasses.Field[Any]] = {}
    for base in reversed(cls.__mro__[1:]):
        recorded.update(getattr(base, "__dataclass_fields__", {}))
    for name, annotation in annotations.items():
        default = cls.__dict__.get(name, _MISSING)
        if isinstance(default, dataclasses.Field):
            spec: Any = default
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        else:
            if default is not _MISSING and default.__class__.__hash__ is None:
                raise ValueError(
                    f"mutable default {type(default)} for field {name} is not allowed: "
                    "use default_factory"
                )
            spec = dataclasses.field(default=default)
        spec.name, spec.type, spec._field_type = name, annotation, _FIELD_MARK
        if spec.kw_only is _MISSING:
            spec.kw_only = False
        recorded[name] = spec
    return recorded


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    # Written into __dict__ at once (a frozen model refuses attribute assignment): models are
    # built by the thousand when a folder loads, so this stays close to a compiled __init__.
    names: tuple[str, ...] = self._names
    if not kwargs and len(args) == len(names):  # Text(key, values): the most common call
        self.__dict__.update(zip(names, args, strict=True))
        return
    values = dict(self._defaults)
    if args:
        if len(args) > len(names) or not kwargs.keys().isdisjoint(names[: len(args)]):
            raise TypeError(f"{type(self).__qualname__}(): too many or repeated arguments")
        values.update(zip(names, args, strict=False))  # fewer args than names
    values.update(kwargs)
    for name, factory in self._factories:
        if name not in values:
            values[name] = factory()
    if values.keys() != self._name_set:
        missing = [name for name in names if name not in values]
        unknown = [name for name in values if name not in self._name_set]
        raise TypeError(
            f"{type(self).__qualname__}(): missing {missing or 'nothing'}, "
            f"unexpected {unknown or 'nothing'}"
        )
    self.__dict__.update(values)


def _values(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in self._compared)


def _eq(self: Any, other: object) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
    return f"{type(self).__qualname__}({shown})"


def _refuse(self: Any, name: str, *value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field '{name}'")
