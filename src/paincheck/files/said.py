"""Problems worded by the engine's messages where no questionnaire is at hand (writing files,
locks): a problem carries its message's key and values, and the output sink words it again
in the command's language (`text/messages/<lang>.yaml`); the English is its text until then."""

from __future__ import annotations

from collections.abc import Mapping

from paincheck.errors import PaincheckError, Problem
from paincheck.text.language import DEFAULT_LANGUAGE
from paincheck.text.messages import engine_message, is_engine_message


def said(file: str, key: str, **values: object) -> Problem:
    """A problem worded by the engine's message `key` (in English until it is shown); a
    value that is itself a message's key (such as "file_kind_fifo") is worded too."""
    shown = {name: str(value) for name, value in values.items()}
    message = _worded(key, DEFAULT_LANGUAGE, shown)
    return Problem(file, message, key=key, values=tuple(shown.items()))


def _worded(key: str, lang: str, values: Mapping[str, str]) -> str:
    filled = {n: engine_message(v, lang) if is_engine_message(v) else v for n, v in values.items()}
    return engine_message(key, lang, **filled)


def said_error(file: str, key: str, **values: object) -> PaincheckError:
    """An error with one problem worded by the engine's message `key`."""
    return PaincheckError([said(file, key, **values)])


def in_language(problem: Problem, lang: str) -> Problem:
    """The problem worded in `lang`, if it carries an engine message's key."""
    if problem.key is None or lang == DEFAULT_LANGUAGE:
        return problem
    from dataclasses import replace

    return replace(problem, message=_worded(problem.key, lang, dict(problem.values)))
