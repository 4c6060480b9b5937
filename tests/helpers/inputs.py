"""Inputs made for a test: answers that meet every criterion, hostile answers, and questions
folders changed one thing at a time."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from paincheck.answers.loading import parse_answers
from paincheck.errors import PaincheckError
from paincheck.evaluation import Assessment, evaluate
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import OTHER

# Answers that meet every criterion; tests change one thing at a time.
MATCHING: dict[str, Any] = {
    "pain_locations": ["foot"],
    "pain_duration": "1_to_5_years",
    "pain_onset": "injury",
    "pain_now": 7,
    "pain_average": 6,
    "warning_signs": ["none"],
    "treatments_tried": ["surgery", "opioids"],
    "relief_surgery": "little",
    "relief_opioids": "none",
}


def assess(questionnaire: Questionnaire, **changes: Any) -> Assessment:
    """Evaluate MATCHING with some answers changed (None leaves a question out)."""
    answers = {**MATCHING, **changes}
    answers = {k: v for k, v in answers.items() if v is not None}
    loaded = parse_answers(questionnaire, {"answers": answers}, "test.yaml")
    return evaluate(questionnaire, loaded.answers)


def copy_other(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    shutil.copytree(OTHER, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def problems(folder: Path) -> list[str]:
    with pytest.raises(PaincheckError) as caught:
        load_questionnaire(folder)
    return [str(p) for p in caught.value.problems]


def many_choices_folder(folder: Path, count: int, label: str = "Choice {i}") -> Path:
    """The second checklist with a first question offering `count` choices."""
    shutil.copytree(OTHER, folder)
    main = folder / "questionnaire.yaml"
    document = yaml.safe_load(main.read_text(encoding="utf-8"))
    choices = [{"id": f"c{i}", "label": label.format(i=i)} for i in range(count)]
    many = {"id": "many", "type": "multi", "text": "Which?", "help": "Tick.", "choices": choices}
    document["sections"][0]["questions"].insert(0, many)
    # libyaml's dumper where there is one: the pure-Python one takes seconds for 16,000 choices.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    main.write_text(yaml.dump(document, Dumper=dumper, allow_unicode=True), encoding="utf-8")
    return folder


def without_report_part(folder: Path, copy: Path) -> Path:
    """A copy of a questions folder whose rules.yaml has no `report:` part."""
    shutil.copytree(folder, copy)
    rules = copy / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    start = text.index("\nreport:")
    rules.write_text(text[:start] + text[text.index("\ndisclaimer:", start) :], encoding="utf-8")
    return copy


HOSTILE = """\
answers:
  name: "<script>alert('name')</script>"
  age: 46
  pain_locations: [foot]
  pain_side: left
  pain_duration: 1_to_5_years
  pain_onset: injury
  onset_detail: "<a href=\\"javascript:alert(1)\\">click me</a>"
  current_medicines: "{{ 7*7 }} {% raw %} ]]> <!-- x"
  goals: "\\e[31mred\\e[0m\\a and \\u202Eevil & </td></table><style>body{display:none}</style>"
  questions_for_doctor: "<img src=x onerror=alert(2)>"
"""
