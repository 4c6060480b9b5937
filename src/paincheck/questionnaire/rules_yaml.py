"""Reading rules.yaml: criteria, overall verdict, scores, flags, precautions and notes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from paincheck.questionnaire.checks import group_problems
from paincheck.questionnaire.conditions import Condition
from paincheck.questionnaire.models import (
    OVERALLS,
    STATUSES,
    Band,
    BodyMapIds,
    Caveat,
    ComfortIds,
    Criterion,
    DiaryIds,
    DoctorQuestion,
    FlagStyle,
    HeaderIds,
    LevelMapping,
    MedicineIds,
    Precaution,
    ReportIds,
    Rule,
    Rules,
    SafetyCheckIds,
    Score,
    Sentence,
    StatusStyle,
    SymptomPattern,
    file_keys,
)
from paincheck.questionnaire.reading import Reader
from paincheck.text.display import shown_value
from paincheck.text.language import Text


class RulesReader(Reader):
    """The parts of rules.yaml, each checked against the questions read before it."""

    def rules(self, raw: Any) -> Rules:
        top = self.mapping(
            raw,
            "rules",
            file_keys(Rules) | {"sets"},  # sets: lists shared through YAML anchors
            set(),
        )
        levels = self.level_mappings(top.get("drg_levels"))
        return Rules(
            criteria=tuple(self.criteria(top.get("criteria", []))),
            approved_use=tuple(self.criteria(top.get("approved_use", []), "approved_use")),
            caveats=tuple(self.caveats(top.get("caveats", []))),
            statuses=self.statuses(top.get("statuses", {})),
            overall=tuple(self.rule_list(top.get("overall", []), "overall", OVERALLS, "message")),
            flags=self.flag_styles(top.get("flags", {})),
            scores=tuple(self.scores(top.get("scores", []))),
            symptom_pattern=self.symptom_pattern(top.get("crps")),
            precautions=tuple(self.precautions(top.get("precautions", []))),
            levels_question=levels[0],
            levels_note=levels[1],
            levels=levels[2],
            doctor_questions=tuple(self.doctor_questions(top.get("doctor_questions", []))),
            disclaimer=self.optional_text("disclaimer", top, "disclaimer", "disclaimer"),
            report=self.report_ids(top.get("report", {})),
        )

    def rule_list(
        self, raw: Any, key: str, statuses: tuple[str, ...], text_name: str
    ) -> Iterator[Rule]:
        if not isinstance(raw, list):
            self.problem(key, "must be a list of rules")
            return
        for index, raw_rule in enumerate(raw):
            item = f"{key}[{index}]"
            # The text is a criterion's `reason` or the verdict's `message`; only a reason
            # can leave out choices.
            allowed = file_keys(Rule) - {"text"} | {text_name}
            if text_name != "reason":
                allowed -= {"leave_out"}
            data = self.mapping(raw_rule, item, allowed, {"status"})
            status = data.get("status")
            if status not in statuses:
                self.problem(
                    item, f"status must be one of {', '.join(statuses)}, got {shown_value(status)}"
                )
            when = self.condition(data.get("when"), item)
            self.problems_of(item, group_problems(when, self.questions))
            text = self.optional_text(f"{key}.{index}.{text_name}", data, text_name, item)
            leave_out = data.get("leave_out", [])
            if not isinstance(leave_out, list):
                self.problem(item, f"'leave_out' must be a list of choice ids, got {leave_out!r}")
                leave_out = []
            yield Rule(str(status), when, text, tuple(str(c) for c in leave_out))
            if when is None and index != len(raw) - 1:
                self.problem(item, "a rule without 'when' must come last (later rules never apply)")

    def criteria(self, raw: Any, block: str = "criteria") -> Iterator[Criterion]:
        if not isinstance(raw, list):
            self.problem(block, "must be a list")
            return
        seen: set[str] = set()
        for index, raw_criterion in enumerate(raw):
            data = self.mapping(
                raw_criterion,
                f"{block}[{index}]",
                file_keys(Criterion),
                file_keys(Criterion),
            )
            criterion_id = str(data.get("id", index))
            item = f"{'criterion' if block == 'criteria' else block} {criterion_id}"
            if criterion_id in seen:
                self.problem(item, "criterion id used twice")
            seen.add(criterion_id)
            key = f"{block}.{criterion_id}"
            rules = tuple(self.rule_list(data.get("rules", []), f"{key}.rules", STATUSES, "reason"))
            if rules and rules[-1].when is not None:
                self.problem(item, "the last rule needs no 'when', so every answer gets a status")
            yield Criterion(
                id=criterion_id,
                label=self.text(f"{key}.label", data.get("label"), item),
                source=self.text(f"{key}.source", data.get("source"), item),
                rules=rules,
            )

    def statuses(self, raw: Any) -> dict[str, StatusStyle]:
        styles: dict[str, StatusStyle] = {}
        data = self.mapping(raw, "statuses", set(STATUSES), set())
        for status, raw_style in data.items():
            style = self.mapping(
                raw_style,
                f"statuses.{status}",
                file_keys(StatusStyle),
                file_keys(StatusStyle),
            )
            styles[status] = StatusStyle(
                word=self.text(f"statuses.{status}.word", style.get("word"), status),
                symbol=str(style.get("symbol", "")),
                ascii=str(style.get("ascii", "")),
            )
        return styles

    def flag_styles(self, raw: Any) -> dict[str, FlagStyle]:
        styles: dict[str, FlagStyle] = {}
        # Any flag name may be declared; a value that is not a mapping is reported by mapping().
        names = set(raw) if isinstance(raw, Mapping) else set()
        for flag, raw_style in self.mapping(raw, "flags", names, set()).items():
            item = f"flags.{flag}"
            data = self.mapping(raw_style, item, file_keys(FlagStyle), {"title", "message"})
            raw_advice = data.get("advice", {})
            if not isinstance(raw_advice, Mapping):
                self.problem(item, "'advice' must map each choice id to a text")
                raw_advice = {}
            styles[str(flag)] = FlagStyle(
                title=self.text(f"{item}.title", data.get("title"), item),
                message=self.text(f"{item}.message", data.get("message"), item),
                advice={
                    str(choice_id): self.text(f"{item}.advice.{choice_id}", text, item)
                    for choice_id, text in raw_advice.items()
                },
                also_title=self.optional_text(f"{item}.also_title", data, "also_title", item),
            )
        return styles

    def caveats(self, raw: Any) -> Iterator[Caveat]:
        if not isinstance(raw, list):
            self.problem("caveats", "must be a list")
            return
        for index, raw_item in enumerate(raw):
            item = f"caveats[{index}]"
            data = self.mapping(raw_item, item, file_keys(Caveat), {"id", "when"})
            when = self.condition(data.get("when"), item)
            caveat_id = str(data.get("id", index))
            item = f"caveats.{caveat_id}"
            if ("text" in data) == ("sentences" in data):
                self.problem(item, "needs either 'text' or 'sentences' (a list of {when, text})")
                continue
            if "text" in data:
                text = self.text(f"caveats.{caveat_id}", data.get("text"), item)
                yield Caveat(id=caveat_id, when=when, text=text)
                continue
            yield Caveat(
                id=caveat_id, when=when, sentences=tuple(self.sentences(data["sentences"], item))
            )

    def sentences(self, raw: Any, item: str) -> Iterator[Sentence]:
        """A caveat's sentences, each `{when, text}` (`when` optional); translated by index."""
        if not isinstance(raw, list) or not raw:
            self.problem(item, "'sentences' must be a non-empty list of {when, text}")
            return
        for index, raw_sentence in enumerate(raw):
            where = f"{item}.sentences[{index}]"
            data = self.mapping(raw_sentence, where, file_keys(Sentence), {"text"})
            when = self.condition(data.get("when"), where)
            yield Sentence(when, self.text(f"{item}.{index}", data.get("text"), where))

    def scores(self, raw: Any) -> Iterator[Score]:
        if not isinstance(raw, list):
            self.problem("scores", "must be a list")
            return
        for index, raw_score in enumerate(raw):
            data = self.mapping(
                raw_score,
                f"scores[{index}]",
                file_keys(Score),
                {"id", "label", "source"},
            )
            score_id = str(data.get("id", index))
            item = f"score {score_id}"
            kinds = [k for k in ("value_of", "mean_of", "sum_of") if k in data]
            if len(kinds) != 1:
                self.problem(item, "needs exactly one of value_of, mean_of, sum_of")
                continue
            kind = kinds[0]
            inputs = data[kind] if isinstance(data[kind], list) else [data[kind]]
            for input_id in inputs:
                question = self.questions.get(str(input_id))
                if question is None:
                    self.problem(item, f"'{kind}' names '{input_id}', not a question")
                elif kind == "sum_of" and (
                    question.kind.picks != "one" or any(c.weight is None for c in question.choices)
                ):
                    self.problem(
                        item,
                        f"'{input_id}' must be a single question with a weight on every choice "
                        "for sum_of",
                    )
                elif kind != "sum_of" and not question.kind.number:
                    self.problem(item, f"'{input_id}' must be an integer question for {kind}")
            key = f"scores.{score_id}"
            yield Score(
                id=score_id,
                kind=kind,
                inputs=tuple(str(i) for i in inputs),
                label=self.text(f"{key}.label", data.get("label"), item),
                source=self.text(f"{key}.source", data.get("source"), item),
                bands=tuple(self.bands(data.get("bands", []), key, item)),
                round=self.integer(data.get("round", 1), item, "round") or 0,
                flag_at=self.number(data.get("flag_at"), item, "flag_at"),
                flag_note=self.optional_text(f"{key}.flag_note", data, "flag_note", item),
            )
            if "flag_note" in data and "flag_at" not in data:
                self.problem(item, "'flag_note' needs 'flag_at' (it is printed when flagged)")

    def bands(self, raw: Any, key: str, item: str) -> Iterator[Band]:
        if not isinstance(raw, list):
            self.problem(item, "'bands' must be a list")
            return
        for index, raw_band in enumerate(raw):
            data = self.mapping(raw_band, item, file_keys(Band), file_keys(Band))
            maximum = self.number(data.get("max"), item, "bands: max")
            if data and maximum is not None:
                yield Band(
                    maximum,
                    self.text(f"{key}.bands.{index}", data.get("meaning"), item),
                )

    def symptom_pattern(self, raw: Any) -> SymptomPattern | None:
        if raw is None:
            return None
        data = self.mapping(
            raw,
            "crps",
            file_keys(SymptomPattern),
            file_keys(SymptomPattern) - {"also"},
        )
        question = self.questions.get(str(data.get("question")))
        categories = []
        raw_categories = data.get("categories", [])
        if not isinstance(raw_categories, list):
            self.problem("crps", "'categories' must be a list of {id, label}")
            raw_categories = []
        for raw_category in raw_categories:
            entry = self.mapping(raw_category, "crps.categories", {"id", "label"}, {"id", "label"})
            category_id = str(entry.get("id"))
            categories.append(
                (
                    category_id,
                    self.text(f"crps.categories.{category_id}", entry.get("label"), "crps"),
                )
            )
        if question is None or question.kind.picks != "many":
            self.problem("crps", "'question' must name a multi question")
        else:
            known = {c for c, _ in categories}
            for choice in question.choices:
                if choice.category is not None and choice.category not in known:
                    self.problem(
                        "crps",
                        f"choice '{choice.id}' has category '{choice.category}', "
                        "not one of the listed categories",
                    )
        also = self.condition(data.get("also"), "crps")
        return SymptomPattern(
            question=str(data.get("question")),
            categories=tuple(categories),
            min_categories=self.integer(data.get("min_categories"), "crps", "min_categories") or 0,
            also=also,
            pattern_note=self.text("crps.pattern_note", data.get("pattern_note"), "crps"),
            no_pattern_note=self.text("crps.no_pattern_note", data.get("no_pattern_note"), "crps"),
            source=self.text("crps.source", data.get("source"), "crps"),
        )

    def entries(
        self, raw: Any, part: str, model: type
    ) -> Iterator[tuple[int, str, Mapping[str, Any]]]:
        """Each entry of a list part: its index, how problems name it, and its mapping."""
        if not isinstance(raw, list):
            self.problem(part, "must be a list")
            return
        for index, raw_item in enumerate(raw):
            item = f"{part}[{index}]"
            yield index, item, self.mapping(raw_item, item, file_keys(model), set())

    def shown_text(
        self, part: str, index: int, data: Mapping[str, Any], item: str
    ) -> tuple[str, Text, Condition | None]:
        """The id, text and condition of an entry shown when its condition holds."""
        when = self.condition(data.get("when"), item)
        entry_id = str(data.get("id", index))
        return entry_id, self.text(f"{part}.{entry_id}", data.get("text"), item), when

    def precautions(self, raw: Any) -> Iterator[Precaution]:
        for index, item, data in self.entries(raw, "precautions", Precaution):
            if "from" in data:
                question = self.questions.get(str(data["from"]))
                if question is None or question.kind.picks != "many":
                    self.problem(item, "'from' must name a multi question")
                    continue
                given = data.get("texts", {})
                if not isinstance(given, Mapping):
                    self.problem(item, "'texts' must map each choice id to a text")
                    given = {}
                texts = {
                    choice.id: self.text(f"precautions.{choice.id}", given.get(choice.id), item)
                    for choice in question.choices
                    if not choice.exclusive
                }
                yield Precaution(None, None, from_question=question.id, texts=texts)
                continue
            precaution_id, text, when = self.shown_text("precautions", index, data, item)
            yield Precaution(id=precaution_id, text=text, when=when)

    def level_mappings(self, raw: Any) -> tuple[str | None, Text | None, dict[str, LevelMapping]]:
        if raw is None:
            return None, None, {}
        data = self.mapping(
            raw, "drg_levels", {"question", "note", "levels"}, {"question", "note", "levels"}
        )
        question = self.questions.get(str(data.get("question")))
        if question is None:
            self.problem("drg_levels", "'question' must name a question")
            return None, None, {}
        levels: dict[str, LevelMapping] = {}
        raw_levels = data.get("levels") or {}
        if not isinstance(raw_levels, Mapping):
            self.problem("drg_levels", "'levels' must map choice ids to {levels, source}")
            raw_levels = {}
        for choice_id, entry in raw_levels.items():
            item = f"drg_levels.{choice_id}"
            if question.choice(str(choice_id)) is None:
                self.problem(item, f"'{choice_id}' is not a choice of {question.id}")
            mapping = self.mapping(entry, item, file_keys(LevelMapping), {"levels"})
            spinal = mapping.get("levels", [])
            if not isinstance(spinal, list):
                self.problem(
                    item, f"'levels' must be a list such as [L4, L5], got {shown_value(spinal)}"
                )
                spinal = []
            levels[str(choice_id)] = LevelMapping(
                levels=tuple(str(v) for v in spinal),
                source=self.optional_text(f"{item}.source", mapping, "source", item),
            )
        note = self.text("drg_levels.note", data.get("note"), "drg_levels")
        return question.id, note, levels

    def doctor_questions(self, raw: Any) -> Iterator[DoctorQuestion]:
        for index, item, data in self.entries(raw, "doctor_questions", DoctorQuestion):
            if "from_answer" in data:
                source = str(data["from_answer"])
                if source not in self.questions:
                    self.problem(item, f"'from_answer' names '{source}', not a question")
                yield DoctorQuestion(id=source, text=None, from_answer=source)
                continue
            question_id, text, when = self.shown_text("doctor_questions", index, data, item)
            yield DoctorQuestion(id=question_id, text=text, when=when)

    def report_ids(self, raw: Any) -> ReportIds:
        """The `report` part's shape: ids only (checks.report_problems checks what they name)."""
        data = self.mapping(raw, "report", file_keys(ReportIds), set())
        header = self.mapping(data.get("header", {}), "report.header", file_keys(HeaderIds), set())
        body_map = None
        if "body_map" in data:
            item = "report.body_map"
            where = self.mapping(data["body_map"], item, file_keys(BodyMapIds), {"locations"})
            locations = self.report_id(where, "locations", item)
            if locations is not None:
                side, worst = (self.report_id(where, key, item) for key in ("side", "worst"))
                body_map = BodyMapIds(locations, side, worst)
        return ReportIds(
            header=HeaderIds(
                **{
                    key: self.report_id(header, key, "report.header")
                    for key in file_keys(HeaderIds)
                }
            ),
            body_map=body_map,
            pain_bars=self.report_id_list(data, "pain_bars"),
            pain_score=self.report_id(data, "pain_score", "report"),
            details=self.report_id_list(data, "details"),
            treatments=self.report_id(data, "treatments", "report"),
            own_words=self.report_id_list(data, "own_words"),
            mood_scores=self.report_id_list(data, "mood_scores"),
            short=self.report_id_list(data, "short"),
            diary=self.diary_ids(data["diary"]) if "diary" in data else None,
        )

    def diary_ids(self, raw: Any) -> DiaryIds | None:
        """A daily form's roles (`report.diary`): ids only, as the rest of `report`; None when
        a role the diary needs is missing or not an id (the folder is refused then)."""
        item = "report.diary"
        data = self.mapping(raw, item, file_keys(DiaryIds), {"safety_check", "pain", "relief"})
        safety = medicine = comfort = None
        if "safety_check" in data:
            where = f"{item}.safety_check"
            check = self.mapping(
                data["safety_check"], where, file_keys(SafetyCheckIds), {"question", "none"}
            )
            question, none = (self.report_id(check, key, where) for key in ("question", "none"))
            safety = SafetyCheckIds(question, none) if question and none else None
        if "medicine" in data:
            where = f"{item}.medicine"
            given = self.mapping(
                data["medicine"], where, file_keys(MedicineIds), {"question", "more"}
            )
            question, more = (self.report_id(given, key, where) for key in ("question", "more"))
            medicine = MedicineIds(question, more) if question and more else None
        if "comfort" in data:
            where = f"{item}.comfort"
            given = self.mapping(data["comfort"], where, file_keys(ComfortIds), {"question"})
            question = self.report_id(given, "question", where)
            call_today = self.report_id_list(given, "call_today", where)
            comfort = ComfortIds(question, call_today) if question else None
        pain, relief = (self.report_id(data, key, item) for key in ("pain", "relief"))
        if safety is None or pain is None or relief is None:
            return None
        return DiaryIds(
            safety_check=safety,
            pain=pain,
            relief=relief,
            worst_pain=self.report_id(data, "worst_pain", item),
            medicine=medicine,
            sleep=self.report_id(data, "sleep", item),
            comfort=comfort,
            activities=self.report_id(data, "activities", item),
            notes=self.report_id(data, "notes", item),
        )

    def report_id(self, data: Mapping[str, Any], key: str, item: str) -> str | None:
        value = data.get(key)
        if value is None or isinstance(value, str):
            return value
        self.problem(item, f"'{key}' must be one id, got {shown_value(value)}")
        return None

    def report_id_list(
        self, data: Mapping[str, Any], key: str, item: str = "report"
    ) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.problem(item, f"'{key}' must be a list of ids, got {shown_value(value)}")
        return ()
