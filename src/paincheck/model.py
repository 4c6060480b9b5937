"""`@model`: a frozen dataclass whose methods are shared, so defining one costs little.

On Python 3.11, `@dataclass(frozen=True)` writes and compiles six methods for every class
when its module is imported: about 0.7 ms each, a tenth of paincheck's start for the forty
models a command loads. `@model` is the same frozen dataclass (type checkers see exactly
that; `dataclasses.fields` and `replace` work), but its `__init__`, `__eq__`, `__hash__`,
`__repr__` and the refusal to change a field are the shared functions below, which read the
fields instead of being written for them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

_Model = TypeVar("_Model")
_MISSING = dataclasses.MISSING


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def model(cls: type[_Model]) -> type[_Model]:
    """Make `cls` a frozen dataclass, with shared methods instead of compiled ones."""
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    spec: Any = cls
    spec._init_fields = tuple((f.name, f.default, f.default_factory) for f in fields)
    spec._compared = tuple(f.name for f in fields if f.compare)
    spec._shown = tuple(f.name for f in fields if f.repr)
    spec.__init__ = _init
    spec.__eq__ = _eq
    spec.__hash__ = _hash
    spec.__repr__ = _repr
    spec.__setattr__ = _refuse
    spec.__delattr__ = _refuse
    return cls


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    fields: tuple[tuple[str, Any, Callable[[], Any] | Any], ...] = self._init_fields
    name_of = type(self).__qualname__
    if len(args) > len(fields):
        raise TypeError(f"{name_of}() takes {len(fields)} arguments, got {len(args)}")
    for index, (name, default, factory) in enumerate(fields):
        if index < len(args):
            if name in kwargs:
                raise TypeError(f"{name_of}() got multiple values for '{name}'")
            value = args[index]
        elif name in kwargs:
            value = kwargs.pop(name)
        elif default is not _MISSING:
            value = default
        elif factory is not _MISSING:
            value = factory()
        else:
            raise TypeError(f"{name_of}() missing argument '{name}'")
        object.__setattr__(self, name, value)
    if kwargs:  # what is left names no field
        raise TypeError(f"{name_of}() got unexpected arguments: {', '.join(kwargs)}")


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
