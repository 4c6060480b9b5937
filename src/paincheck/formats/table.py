"""The clinic table: one row per answers file, under stable column ids, as CSV or JSON Lines.

Columns come from the questionnaire (its identifying questions, criteria, approved-use items,
warning-sign flags and scores), so another questions folder gets its own columns and a new criterion gets one
without a change here. Values are those of the JSON summary (`evaluation.to_json`).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from paincheck.errors import Problem
from paincheck.evaluation import Assessment, to_json
from paincheck.model import model
from paincheck.questionnaire import Criterion, Questionnaire
from paincheck.text.display import printable

Cell = str | int | float | list[str] | None

LIST_SEPARATOR = "; "
# What a spreadsheet reads as the start of a formula (also the full-width forms some
# spreadsheets fold to them); tab and carriage return are shown as \t and \x0d before this.
_FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# Line breaks that str.splitlines() and some editors honour beyond \n and \r.
_LINE_BREAKS = "[\u2028\u2029]"  # compiled by re.sub at its first use, not at start
# Where a spreadsheet may start a new cell inside one CSV cell: Excel in most European locales
# splits CSV lines on ";" (also the "; " that joins a list), a pasted or tab-separated reading
# on tabs; the full-width semicolon is folded to ";" by some. Kept by re.split (the group).
_CELL_BREAKS = "([;\t\uff1b])"


@model
class FileSummary:
    """One answers file's assessment, or the problems that kept it from being assessed."""

    file: str
    assessment: Assessment | None
    problems: tuple[Problem, ...] = ()


def columns(questionnaire: Questionnaire, *, redact: bool = False) -> tuple[str, ...]:
    """The column ids of the table, in order; `redact` leaves out identifying answers."""
    rules = questionnaire.rules
    ids = ["file", "date"]
    if not redact:
        ids += [f"answers.{q.id}" for q in questionnaire.questions if q.identifying]
    ids += ["status", "overall"]
    for block, items in status_blocks(questionnaire).items():
        ids += [f"{block}.{item.id}" for item in items]
    ids += ["caveats"]
    ids += [f"warning_signs.{flag}" for flag in rules.flags]
    ids += [f"scores.{score.id}" for score in rules.scores]
    ids += ["precautions", "missing", "error"]
    # Ids come from a questions folder, which may be someone else's: shown, never run. Every
    # id but the fixed ones starts with its block's name, so none can start a formula.
    return tuple(_line(i) for i in ids)


def status_blocks(questionnaire: Questionnaire) -> dict[str, tuple[Criterion, ...]]:
    """The blocks of the JSON summary whose items each have a status, with their items."""
    rules = questionnaire.rules
    return {"criteria": rules.criteria, "approved_use": rules.approved_use}


def table_row(summary: FileSummary, column_ids: Sequence[str]) -> dict[str, Cell]:
    """One file's row: every column present, empty where there is nothing to say."""
    found: dict[str, Cell] = {"file": summary.file}
    if summary.assessment is None:
        found["error"] = [_problem_text(p) for p in summary.problems]
    else:
        found.update(_assessed(summary.assessment))
    return {column: _clean(found.get(column)) for column in column_ids}


def _assessed(assessment: Assessment) -> dict[str, Cell]:
    data = to_json(assessment)
    found: dict[str, Cell] = {
        "date": data["date"],
        "status": data["status"],
        "overall": data["overall"],
        "caveats": data["caveats"],
        "precautions": data["precautions"],
        "missing": data["missing"],
    }
    for question in assessment.questionnaire.questions:
        if question.identifying:
            found[f"answers.{question.id}"] = _answer(assessment.answers.get(question.id))
    for block in status_blocks(assessment.questionnaire):
        for item_id, item in data[block].items():
            found[f"{block}.{item_id}"] = item["status"]
    for flag, chosen in data["warning_signs"].items():
        found[f"warning_signs.{flag}"] = chosen
    for score_id, value in data["scores"].items():
        found[f"scores.{score_id}"] = value
    return found


def _answer(value: Any) -> Cell:
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if value is None or isinstance(value, int | str) else str(value)


def _problem_text(problem: Problem) -> str:
    # The file has its own column; the question id says where in it.
    return f"{problem.question}: {problem.message}" if problem.question else problem.message


def _clean(value: Cell) -> Cell:
    """Text from files with its control characters and line breaks shown, never kept."""
    if isinstance(value, str):
        return _line(value)
    if isinstance(value, list):
        return [_line(v) for v in value]
    return value


def _line(text: str) -> str:
    return re.sub(_LINE_BREAKS, _visible, printable(text, one_line=True))


def _visible(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def csv_cell(value: Cell) -> str:
    """A cell as CSV text: lists joined by "; ", and nothing a spreadsheet would run, however
    it splits the line into cells (on commas, semicolons or tabs)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    elif not isinstance(value, str):
        return str(value)
    # A leading apostrophe makes a spreadsheet show the text as it is instead of running it:
    # at the start of the cell, and after every place where a reader may start a new one.
    if not any(c in value for c in _FORMULA_START):
        return value
    parts = re.split(_CELL_BREAKS, value)  # text, break, text, ...
    return "".join(
        "'" + part if n % 2 == 0 and part.lstrip(' "').startswith(_FORMULA_START) else part
        for n, part in enumerate(parts)
    )


def to_csv(rows: Iterable[Mapping[str, Cell]], column_ids: Sequence[str]) -> str:
    """The table as RFC 4180 CSV: a header of column ids, then one record per row."""
    import csv  # only this format needs it

    out = io.StringIO()
    writer = csv.writer(out)  # quotes only where needed; CRLF line ends, as RFC 4180 says
    writer.writerow(csv_cell(c) for c in column_ids)  # ids from a questions folder too
    writer.writerows([csv_cell(row[c]) for c in column_ids] for row in rows)
    return out.getvalue()


def to_jsonl(rows: Iterable[Mapping[str, Cell]]) -> str:
    """The table as JSON Lines: one object per row, keys the column ids."""
    return "".join(json.dumps(dict(row), ensure_ascii=False) + "\n" for row in rows)
