"""The reader's ground floor: problems collected as they are found, and small typed readers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from paincheck.errors import Problem
from paincheck.questionnaire.checks import condition_problems
from paincheck.questionnaire.conditions import Condition, ConditionError, parse_condition
from paincheck.questionnaire.models import Question
from paincheck.questionnaire.translations import Texts
from paincheck.text.display import MAX_LISTED, key_as_written, printable, shown_value
from paincheck.text.language import Text


class Reader:
    """Reads parsed YAML into models, collecting every problem instead of stopping."""

    def __init__(self, folder: Path, texts: Texts) -> None:
        self.folder = folder
        self.texts = texts
        self.problems = texts.problems
        self.file = texts.file  # the file being read, named in each problem
        self.questions: dict[str, Question] = {}  # read so far, in order

    def problem(self, item: str | None, message: str, file: str | None = None) -> None:
        self.problems.append(Problem(file or self.file, message, item))

    def problems_of(self, item: str, messages: Iterable[str]) -> None:
        for message in messages:
            self.problem(item, message)

    def mapping(
        self, raw: Any, item: str, allowed: AbstractSet[str], required: AbstractSet[str]
    ) -> dict[str, Any]:
        if not isinstance(raw, Mapping):
            self.problem(item, f"must be a mapping, got {type(raw).__name__}")
            return {}
        unknown = [key for key in raw if key not in allowed]
        for key in unknown[:MAX_LISTED]:
            shown = key_as_written(key, quote=True)
            self.problem(item, f"unknown key {shown}; allowed: {', '.join(sorted(allowed))}")
        if len(unknown) > MAX_LISTED:
            self.problem(item, f"and {len(unknown) - MAX_LISTED} more unknown keys")
        for key in sorted(required - set(raw)):
            self.problem(item, f"'{key}' is missing")
        return dict(raw)

    def text(self, key: str, english: Any, item: str) -> Text:
        return self.texts.text(key, english, item)

    def optional_text(self, key: str, raw: Mapping[str, Any], name: str, item: str) -> Text | None:
        return self.text(key, raw[name], item) if name in raw else None

    def condition(self, raw: Any, item: str) -> Condition | None:
        """A condition, which may only look at questions read before it."""
        if raw is None:
            return None
        try:
            condition = parse_condition(raw)
        except ConditionError as exc:
            self.problem(item, f"condition: {exc}")
            return None
        self.problems_of(item, condition_problems(condition, self.questions))
        return condition

    def boolean(self, raw: Mapping[str, Any], item: str, name: str) -> bool:
        # YAML 1.2: `required: no` is the text "no", which bool() would read as true.
        value = raw.get(name, False)
        if not isinstance(value, bool):
            self.problem(item, f"'{name}' must be true or false, got {shown_value(value)}")
            return False
        return value

    def number(self, raw: Any, item: str, name: str) -> float | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            self.problem(item, f"'{name}' must be a number, got {shown_value(raw)}")
            return None
        return float(raw)

    def integer(self, raw: Any, item: str, name: str) -> int | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.problem(item, f"'{name}' must be a whole number, got {shown_value(raw)}")
            return None
        return raw


def shown(value: Any) -> str:
    """A value from the folder, quoted for a message: short, control characters visible."""
    text = printable(str(value), one_line=True)
    return f"'{text[:40]}...'" if len(text) > 40 else f"'{text}'"
