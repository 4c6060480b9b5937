"""Cross-reference checks: what one part of the folder says about another must be there.

Each check is pure: it takes the questions read so far (and the rules) and yields what is
wrong, in words; the reader adds the file and the item.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from paincheck.questionnaire.conditions import (
    AllOf,
    AnswerTest,
    AnyOf,
    ApprovedUseAny,
    Condition,
    CriterionAny,
    EachShown,
    Flag,
    Not,
    ResultIs,
    choice_operands,
)
from paincheck.questionnaire.models import STATUSES, DiaryIds, Question, Rules
from paincheck.questionnaire.types import TypeName, names_where
from paincheck.text.display import did_you_mean, quoted


def condition_problems(
    condition: Condition | None, questions: Mapping[str, Question]
) -> Iterator[str]:
    """Conditions may only look at earlier questions, and at their real choices."""
    if condition is None:
        return
    for question_id in condition.questions():
        if question_id not in questions:
            yield f"condition refers to '{question_id}', not an earlier question"
    for operand_question, ids in choice_operands(condition):
        question = questions.get(operand_question or "")
        if question is None or not question.choices:
            continue
        known = {c.id for c in question.choices}
        for choice_id in ids:
            if choice_id not in known:
                yield f"condition names '{choice_id}', not a choice of {question.id}"
    for node in _nodes(condition):
        tested = questions.get(node.question or "") if isinstance(node, AnswerTest) else None
        if isinstance(node, AnswerTest) and tested is not None:
            yield from _test_fit_problems(node, tested)


def _test_fit_problems(test: AnswerTest, question: Question) -> Iterator[str]:
    """A test that cannot apply to the question's type would silently never hold."""
    fits = names_where(lambda row: test.test in row.tests)  # none: `answered`, every type
    if fits and question.type not in fits:
        yield (
            f"'{test.test}' does not work on {question.id} ({question.type} question); "
            f"it works on: {', '.join(fits)}"
        )


def group_problems(condition: Condition | None, questions: Mapping[str, Question]) -> Iterator[str]:
    """`each_shown` must name a repeated group, and test only choices its questions have."""
    for node in _nodes(condition):
        if not isinstance(node, EachShown):
            continue
        members = [q for q in questions.values() if q.group == node.group]
        if not members:
            yield f"'each_shown' names '{node.group}', not a repeated group"
            continue
        yield from _test_fit_problems(node.test, members[0])
        for _, ids in choice_operands(node.test):
            known = [c.id for c in members[0].choices]
            for choice_id in ids:
                if choice_id not in known:
                    yield (
                        f"condition names '{choice_id}', not a choice of the "
                        f"'{node.group}' questions ({', '.join(known)})"
                    )


def choice_flag_problems(
    questions: Mapping[str, Question], rules: Rules
) -> Iterator[tuple[str, str]]:
    """A choice's flag needs a title and message in rules.yaml, or its warning is never shown.

    Yields (item, problem) pairs about questionnaire.yaml.
    """
    for question in questions.values():
        for choice in question.choices:
            if choice.flag is not None and choice.flag not in rules.flags:
                yield (
                    f"{question.id}: choice {choice.id}",
                    f"flag '{choice.flag}' is not one of the flags in rules.yaml "
                    f"({', '.join(rules.flags) or 'none declared'})",
                )


def rule_flag_problems(
    questions: Mapping[str, Question], rules: Rules
) -> Iterator[tuple[str, str]]:
    """A misspelt flag or status in a rule would make that rule silently never apply.

    Yields (item, problem) pairs about rules.yaml.
    """
    # Each condition with the results already worked out where it is read: a criterion's
    # rules see the criteria above it, an approved-use item's all criteria and the items
    # above it, the verdict and the caveats everything.
    everything = {
        "criteria": [c.id for c in rules.criteria],
        "approved_use": [c.id for c in rules.approved_use],
    }
    ruled = [(f"overall[{i}]", r.when, everything) for i, r in enumerate(rules.overall)]
    for block, criteria in (("criteria", rules.criteria), ("approved_use", rules.approved_use)):
        for index, criterion in enumerate(criteria):
            known = {
                "criteria": everything["criteria"][: index if block == "criteria" else None],
                "approved_use": everything["approved_use"][:index] if block != "criteria" else [],
            }
            ruled += [
                (f"{block}.{criterion.id}.rules[{i}]", r.when, known)
                for i, r in enumerate(criterion.rules)
            ]
    for caveat in rules.caveats:
        ruled.append((f"caveats.{caveat.id}", caveat.when, everything))
        ruled += [
            (f"caveats.{caveat.id}.sentences[{i}]", sentence.when, everything)
            for i, sentence in enumerate(caveat.sentences)
        ]
    for flag, style in rules.flags.items():
        for choice_id in style.advice:
            if not any(
                c.id == choice_id and c.flag == flag for q in questions.values() for c in q.choices
            ):
                yield (
                    f"flags.{flag}.advice.{choice_id}",
                    f"'{choice_id}' is not a choice with flag '{flag}'",
                )
    for item, condition, known in ruled:
        for node in _nodes(condition):
            if isinstance(node, ResultIs):
                yield from _result_problems(item, node, known, everything)
            if isinstance(node, Flag) and node.name not in rules.flags:
                yield item, f"'flag: {node.name}' is not one of the flags in rules.yaml"
            if isinstance(node, CriterionAny) and node.status not in STATUSES:
                yield (
                    item,
                    f"'criterion_any: {node.status}' must be one of {', '.join(STATUSES)}",
                )
            if isinstance(node, ApprovedUseAny) and node.status not in STATUSES:
                yield (
                    item,
                    f"'approved_use_any: {node.status}' must be one of {', '.join(STATUSES)}",
                )


def _result_problems(
    item: str, node: ResultIs, known: Mapping[str, list[str]], everything: Mapping[str, list[str]]
) -> Iterator[tuple[str, str]]:
    """`{criterion: ID, status: S}` must name a status and a result worked out before it."""
    key = "criterion" if node.block == "criteria" else "approved_use"
    if node.status not in STATUSES:
        yield item, f"'{key}: {node.item}' status must be one of {', '.join(STATUSES)}"
    if node.item not in everything[node.block]:
        hint = did_you_mean(node.item, everything[node.block])
        yield item, f"'{key}: {node.item}' names no item of {node.block} in rules.yaml{hint}"
    elif node.item not in known[node.block]:
        yield (
            item,
            f"'{key}: {node.item}' is worked out after this rule, so it would never hold here",
        )


def report_problems(questions: Mapping[str, Question], rules: Rules) -> Iterator[tuple[str, str]]:
    """Each id in `report` must name a question of a type (or a score of a kind) that part
    of the report can show, or that part would silently stay empty.

    Yields (item, problem) pairs about rules.yaml.
    """
    report = rules.report
    where = report.body_map
    header = dataclasses.asdict(report.header)
    one = names_where(lambda row: row.picks == "one")
    many = names_where(lambda row: row.picks == "many")
    every = names_where(lambda row: True)
    asked: list[tuple[str, str | None, tuple[TypeName, ...]]] = [
        *((f"report.header.{key}", value, every) for key, value in header.items()),
        ("report.body_map.locations", where.locations if where else None, many),
        ("report.body_map.side", where.side if where else None, one),
        ("report.body_map.worst", where.worst if where else None, one),
        ("report.treatments", report.treatments, many),
        *(("report.details", question_id, every) for question_id in report.details),
        *(("report.own_words", question_id, every) for question_id in report.own_words),
    ]
    yield from _named_problems(questions, asked)
    yield from _short_problems(questions, report.short)
    if report.diary is not None:
        yield from _diary_problems(questions, report.diary)
    scores = {score.id: score for score in rules.scores}
    scored = [
        *(("report.pain_bars", score_id) for score_id in report.pain_bars),
        *(("report.mood_scores", score_id) for score_id in report.mood_scores),
        *([("report.pain_score", report.pain_score)] if report.pain_score is not None else []),
    ]
    for item, score_id in scored:
        score = scores.get(score_id)
        if score is None:
            yield item, f"{quoted(score_id)} is not a score{did_you_mean(score_id, scores)}"
        elif item == "report.pain_bars" and score.kind != "value_of":
            yield (
                item,
                f"{quoted(score_id)} is a {score.kind} score; a bar shows one answer (value_of)",
            )


def _named_problems(
    questions: Mapping[str, Question], asked: list[tuple[str, str | None, tuple[TypeName, ...]]]
) -> Iterator[tuple[str, str]]:
    """Each (item, id, types) names a question of one of those types, or no question."""
    for item, question_id, fits in asked:
        question = questions.get(question_id) if question_id is not None else None
        if question_id is not None and question is None:
            hint = did_you_mean(question_id, questions)
            yield item, f"{quoted(question_id)} is not a question of questionnaire.yaml{hint}"
        elif question is not None and question.type not in fits:
            needed = " or ".join(fits)
            article = "an" if needed[0] in "aeiou" else "a"
            yield (
                item,
                f"{quoted(question.id)} is a question of type {question.type}; "
                f"this part needs {article} {needed} question",
            )


def _diary_problems(questions: Mapping[str, Question], ids: DiaryIds) -> Iterator[tuple[str, str]]:
    """Each role of a daily form names a question the diary can read that way (a number for
    pain, relief and sleep, ticks for the safety check), and choices that question has; the
    safety check's "none" cannot be ticked with a problem."""
    one = names_where(lambda row: row.picks == "one")
    many = names_where(lambda row: row.picks == "many")
    number = names_where(lambda row: row.number)
    words = names_where(lambda row: row.own_words)
    check, medicine, comfort = ids.safety_check, ids.medicine, ids.comfort
    yield from _named_problems(
        questions,
        [
            ("report.diary.safety_check.question", check.question, many),
            ("report.diary.pain", ids.pain, number),
            ("report.diary.relief", ids.relief, number),
            ("report.diary.worst_pain", ids.worst_pain, number),
            ("report.diary.medicine.question", medicine.question if medicine else None, one),
            ("report.diary.sleep", ids.sleep, number),
            ("report.diary.comfort.question", comfort.question if comfort else None, one),
            ("report.diary.activities", ids.activities, many),
            ("report.diary.notes", ids.notes, words),
        ],
    )
    # the choices a role names: (item, question, choice ids, the types that have them)
    named: list[tuple[str, str, tuple[str, ...], tuple[TypeName, ...]]] = [
        ("report.diary.safety_check.none", check.question, (check.none,), many)
    ]
    if medicine is not None:
        named.append(("report.diary.medicine.more", medicine.question, (medicine.more,), one))
    if comfort is not None:
        item = "report.diary.comfort.call_today"
        named.append((item, comfort.question, comfort.call_today, one))
    for item, question_id, choice_ids, fits in named:
        question = questions.get(question_id)
        if question is None or question.type not in fits:
            continue  # said above
        known = [c.id for c in question.choices]
        for choice_id in choice_ids:
            if choice_id not in known:
                hint = did_you_mean(choice_id, known)
                yield item, f"{quoted(choice_id)} is not a choice of {quoted(question.id)}{hint}"
    safety = questions.get(check.question)
    none = safety.choice(check.none) if safety is not None else None
    if none is not None and not none.exclusive:
        yield (
            "report.diary.safety_check.none",
            f"choice {quoted(none.id)} of {quoted(check.question)} needs 'exclusive: true' "
            "(no problem can be ticked with it)",
        )


def _short_problems(
    questions: Mapping[str, Question], short: tuple[str, ...]
) -> Iterator[tuple[str, str]]:
    """The one-page checklist names each question once; a repeated question comes with the
    question it repeats for (the relief of each treatment with the treatments tried)."""
    seen: set[str] = set()
    for question_id in short:
        question = questions.get(question_id)
        if question is None:
            hint = did_you_mean(question_id, questions)
            yield (
                "report.short",
                f"{quoted(question_id)} is not a question of questionnaire.yaml{hint}",
            )
        elif question.group:
            source = next(
                (
                    q.id
                    for q in questions.values()
                    if q.kind.picks == "many" and _repeats(q, question)
                ),
                "the question it repeats for",
            )
            yield (
                "report.short",
                f"{quoted(question_id)} is asked once for each choice of {quoted(source)}: name "
                f"{quoted(source)}, and its repeated questions come with it",
            )
        elif question_id in seen:
            yield "report.short", f"{quoted(question_id)} is named twice"
        seen.add(question_id)


def _repeats(multi: Question, repeated: Question) -> bool:
    """Whether `repeated` is one of the questions repeated for a choice of `multi`."""
    cond = repeated.shown_when
    return isinstance(cond, AnswerTest) and cond.question == multi.id


def _nodes(condition: Condition | None) -> Iterator[Condition]:
    """A condition and every condition inside it."""
    if condition is None:
        return
    yield condition
    if isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            yield from _nodes(item)
    elif isinstance(condition, Not):
        yield from _nodes(condition.item)
