"""The question types: the names a question's `type` may have."""

from __future__ import annotations

from typing import Literal, get_args

TypeName = Literal["text", "integer", "single", "multi"]
TYPE_NAMES: tuple[TypeName, ...] = get_args(TypeName)
