"""Days written in files (YYYY-MM-DD): checked, and never later than today anywhere on Earth.

A file written today in Kiribati (UTC+14) already carries tomorrow's date for most of the
world. So a day counts as in the future only when it has not begun anywhere yet: after the
date at UTC+14.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from paincheck.text.display import describe_value

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EARLIEST_OFFSET = timedelta(hours=14)  # the first time zone where a new day begins


def latest_today(now: datetime | None = None) -> date:
    """The date where it is latest on Earth right now (at UTC+14)."""
    moment = now if now is not None else datetime.now(UTC)
    return (moment.astimezone(UTC) + EARLIEST_OFFSET).date()


def parse_day(value: Any) -> tuple[date | None, str | None]:
    """A day written YYYY-MM-DD, or a message saying what is wrong with it."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None, f"expects a date written YYYY-MM-DD, got {describe_value(value)}"
    try:
        return date.fromisoformat(value), None
    except ValueError:
        return None, f"'{value}' is not a real date"


def check_answered_on(value: Any, latest: date) -> tuple[str | None, str | None]:
    """The day answers were given, as ISO text, or a message saying what is wrong with it
    (`latest`: today where it is latest on Earth)."""
    day, problem = parse_day(value)
    if day is None:
        return None, problem
    if day > latest:
        return None, f"{value} is in the future: that day has not begun anywhere on Earth yet"
    return day.isoformat(), None
