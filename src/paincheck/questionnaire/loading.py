"""Loading a questions folder: read both files and the translations, check, build the model."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from paincheck.errors import PaincheckError
from paincheck.files.cache import load_cached
from paincheck.files.writing import not_a_file
from paincheck.questionnaire.checks import (
    choice_flag_problems,
    report_problems,
    rule_flag_problems,
)
from paincheck.questionnaire.models import SAFE_ID, Questionnaire, Rules, file_keys
from paincheck.questionnaire.questions_yaml import QuestionsReader
from paincheck.questionnaire.reading import shown
from paincheck.questionnaire.rules_yaml import RulesReader
from paincheck.questionnaire.translations import Texts
from paincheck.text.language import DEFAULT_LANGUAGE

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?")


def default_questions_folder() -> Path:
    """The questions folder shipped with paincheck (in the wheel, or the source tree)."""
    package = Path(__file__).parent
    packaged = package.with_name("questions")
    if packaged.is_dir():
        return packaged
    return package.resolve().parents[2] / "questions"


def load_questionnaire(
    folder: Path | None = None, languages: Collection[str] | None = None
) -> Questionnaire:
    """Load and check a questions folder; every problem found is reported at once.

    With `languages`, only those translations are read and checked (a command that shows one
    language need not parse the others); by default every declared language is.
    """
    folder = folder or default_questions_folder()
    main_file = folder / "questionnaire.yaml"
    if not folder.is_dir():
        raise PaincheckError.single(str(folder), "is not a questions folder (no such folder)")
    problem = not_a_file(main_file)
    if problem == "no such file":
        raise PaincheckError.single(str(folder), "has no questionnaire.yaml")
    if problem is not None:
        raise PaincheckError.single(str(main_file), problem)
    raw = load_cached(main_file)
    rules_file = folder / "rules.yaml"
    problem = not_a_file(rules_file)
    if problem not in (None, "no such file"):  # a folder without rules.yaml is fine
        raise PaincheckError.single(str(rules_file), problem)
    raw_rules = load_cached(rules_file) if problem is None else {}
    only = None if languages is None else {DEFAULT_LANGUAGE, *languages}
    builder = _Builder(folder, Texts(folder, str(main_file), [], only))
    questionnaire = builder.build(raw, raw_rules)
    if builder.problems:
        raise PaincheckError(builder.problems)
    return questionnaire


class _Builder(QuestionsReader, RulesReader):
    """Reads questionnaire.yaml, then rules.yaml, then checks what refers across them."""

    def build(self, raw: Any, raw_rules: Any) -> Questionnaire:
        top = self.mapping(
            raw, "questionnaire", file_keys(Questionnaire), {"id", "version", "sections"}
        )
        questionnaire_id = top.get("id", "")
        if "id" in top and not (
            isinstance(questionnaire_id, str) and SAFE_ID.fullmatch(questionnaire_id)
        ):
            self.problem(
                "id",
                f"{shown(questionnaire_id)} is not a safe id: use 1 to 64 letters, digits, "
                "'.', '_' or '-', starting with a letter or digit (e.g. drg-checklist)",
            )
        languages = self.languages(top.get("languages", [DEFAULT_LANGUAGE]))
        self.texts.load(languages)
        sections = tuple(self.sections(top.get("sections", [])))
        saved_file, self.file = self.file, str(self.folder / "rules.yaml")
        rules = self.rules(raw_rules) if raw_rules != {} else Rules()
        for item, message in choice_flag_problems(self.questions, rules):
            self.problem(item, message, saved_file)
        for item, message in rule_flag_problems(self.questions, rules):
            self.problem(item, message)
        for item, message in report_problems(self.questions, rules):
            self.problem(item, message)
        self.file = saved_file
        # Every text is read before the translations are checked, or its key looks unused.
        title = self.text("title", top.get("title", top.get("id", "questionnaire")), "title")
        messages = self.texts.messages(top.get("messages", {}))
        self.texts.check()
        return Questionnaire(
            id=str(top.get("id", "")),
            version=str(top.get("version", "")),
            title=title,
            url=str(top.get("url", f"urn:paincheck:{top.get('id', '')}")),
            languages=languages,
            sections=sections,
            rules=rules,
            messages=messages,
            folder=self.folder,
            compatible_versions=self.versions(top.get("compatible_versions", [])),
        )

    def versions(self, raw: Any) -> tuple[str, ...]:
        """The earlier versions whose answers files load unchanged (`compatible_versions`)."""
        if not isinstance(raw, list) or not all(isinstance(v, str | int) for v in raw):
            self.problem("compatible_versions", 'must be a list of versions, such as ["2"]')
            return ()
        return tuple(str(v) for v in raw)

    def languages(self, raw: Any) -> tuple[str, ...]:
        """The declared language codes that are valid; English is always one."""
        if not isinstance(raw, list) or DEFAULT_LANGUAGE not in raw:
            self.problem("languages", f"must be a list that includes '{DEFAULT_LANGUAGE}'")
            raw = [DEFAULT_LANGUAGE]
        codes = tuple(str(lang) for lang in raw)
        for lang in codes:
            # A code names translations/<code>.yaml: no folders, no odd characters.
            if not _LANGUAGE_CODE.fullmatch(lang):
                self.problem("languages", f"'{lang[:40]}' is not a language code like en or es")
        return tuple(lang for lang in codes if _LANGUAGE_CODE.fullmatch(lang))
