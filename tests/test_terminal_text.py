"""Text from answers files, questions folders and file names reaches the terminal as text.

Escape sequences (OSC 52 clipboard writes, OSC 8 hidden links, SGR 8 hidden text), C1
controls and bidirectional overrides are shown with their control characters visible; Rich
markup in a questionnaire is printed as written, never interpreted. Each case looks at every
byte written: most through the app in-process (the same code; a child costs a hundred times
more), and the installed command on a real pipe for the summary, several hostile files at
once, file names, terminal widths and a hostile questions folder.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import PERSONAS, TESTS
from tests.helpers.installed import Run, child_env, run_in_process, run_installed
from tests.helpers.views import view_of

OSC52 = "\x1b]52;c;aGVsbG8=\x07"
OSC8 = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
HIDDEN = "\x1b[8mhidden\x1b[0m"
C1 = "\x9b31m"
BIDI = "\u202e"
HOSTILE = OSC52 + OSC8 + HIDDEN + C1 + BIDI
MARKUP = "[link=https://evil.example]x[/link] [blink]y[/blink] [/bold]"
# What must never be written: C0 controls but line feed, DEL, C1 controls, bidi overrides.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def no_raw_controls(run: Run) -> None:
    for name, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        found = RAW_CONTROL.search(text)
        assert found is None, (name, text)
    assert "Traceback" not in run.stderr


def yaml_escaped(text: str) -> str:
    """`text` inside a YAML double-quoted scalar, controls written as escapes."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or char == BIDI:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def test_summary_shows_an_escape_sequence_in_an_answer(tmp_path: Path) -> None:
    persona = (PERSONAS / "foot-after-fracture.yaml").read_text(encoding="utf-8")
    answers = re.sub(
        r"(?m)^  questions_for_doctor:.*(\n    .*)*",
        lambda _: f"  questions_for_doctor: {yaml_escaped('Ask ' + HOSTILE + ' this')}",
        persona,
    )
    assert answers != persona
    file = tmp_path / "answers.yaml"
    file.write_text(answers, encoding="utf-8")
    run = run_installed("summary", str(file), env=child_env({"COLUMNS": "200"}))
    assert run.exit_code == 0, run.stderr
    no_raw_controls(run)
    shown = (
        ". Ask \\x1b]52;c;aGVsbG8=\\x07\\x1b]8;;https://evil.example\\x1b\\click"
        "\\x1b]8;;\\x1b\\\\x1b[8mhidden\\x1b[0m\\x9b31m\\u202e this"
    )
    assert any(line.rstrip().endswith(shown) for line in run.stdout.splitlines()), run.stdout


ESCAPES_IN_FILES = [
    f"answers:\n  {yaml_escaped('pain' + HIDDEN)}: 3\n",
    f"answers:\n  pain_side: {yaml_escaped('left' + OSC52)}\n",
    f"answers:\n  pain_locations: [{yaml_escaped('knee' + OSC8)}]\n",
    f"answers:\n  pain_now: {yaml_escaped('7' + C1)}\n",
    f"answers:\n  age: {yaml_escaped('7' + BIDI)}\n",
    f"{yaml_escaped('extra' + OSC52)}: 1\nanswers: {{}}\n",
    f"questionnaire: {yaml_escaped('other' + HIDDEN)}\nanswers: {{}}\n",
    f"status: {yaml_escaped('done' + OSC52)}\nanswers: {{}}\n",
    f"version: {yaml_escaped('9' + OSC52)}\nanswers: {{}}\n",
]


def shows_an_escape(text: str) -> bool:
    return "\\x1b" in text or "\\x9b" in text or "\\u202e" in text


@pytest.mark.parametrize("answers", ESCAPES_IN_FILES)
def test_errors_and_warnings_show_escape_sequences_from_the_file(
    cli, tmp_path: Path, answers: str
) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text(answers, encoding="utf-8")
    for command in ("summary", "validate"):
        run = run_in_process(cli, command, str(file))
        no_raw_controls(run)
        assert shows_an_escape(run.stderr), run.stderr


def test_the_installed_command_shows_escape_sequences_from_every_file(tmp_path: Path) -> None:
    """The files above at once, through the installed command on a real pipe."""
    files = [tmp_path / f"answers{i}.yaml" for i in range(len(ESCAPES_IN_FILES))]
    for file, answers in zip(files, ESCAPES_IN_FILES, strict=True):
        file.write_text(answers, encoding="utf-8")
    run = run_installed("validate", *map(str, files))
    no_raw_controls(run)
    for file in files:
        about_it = [line for line in run.stderr.splitlines() if f"{file}: " in line]
        assert any(map(shows_an_escape, about_it)), (file, run.stderr)


def test_a_file_name_with_a_line_break_cannot_forge_a_result_line(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    shutil.copy(PERSONAS / "back-recent.yaml", good)
    forged = tmp_path / "bad.yaml\nforged.yaml: ok (99 answers)"
    forged.write_text("answers: {pain_now: 99}\n", encoding="utf-8")
    escaped = tmp_path / f"x{OSC52}.yaml"
    shutil.copy(PERSONAS / "back-recent.yaml", escaped)
    run = run_installed("validate", str(good), str(forged), str(escaped))
    no_raw_controls(run)
    assert run.stdout.splitlines() == [
        f"{good}: ok (13 answers)",
        f"'{tmp_path}/x\\x1b]52;c;aGVsbG8=\\x07.yaml': ok (13 answers)",
    ]
    assert run.errors[0].startswith(
        f"error: '{tmp_path}/bad.yaml\\nforged.yaml: ok (99 answers)': pain_now: expects"
    )


def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    shutil.copytree(TESTS / "data" / "other-questions", folder)
    path = folder / "questionnaire.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in [
        ("text: How old are you?", f"text: {yaml_escaped('How old ' + HOSTILE + ' ' + MARKUP)}"),
        ("title: Your sleep", f"title: {yaml_escaped('Your [/bold] sleep' + HIDDEN)}"),
        ("label: Loud snoring", f"label: {yaml_escaped('Loud [/] snoring' + OSC8)}"),
        ('summary_title: "Your sleep check: summary"', f"summary_title: {yaml_escaped(MARKUP)}"),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    rules = folder / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "label: Poor sleep on 3 or more nights a week",
            f"label: {yaml_escaped('[red]Poor[/red] sleep ' + OSC52 + ' [/bold]')}",
        ),
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["questions"],
        ["template"],
        ["summary", "ANSWERS"],
        ["questions", "--format", "json"],
        ["questions", "--format", "fhir"],
        ["summary", "ANSWERS", "--format", "json"],
    ],
)
def test_questionnaire_texts_are_shown_as_written(
    cli, tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = hostile_folder(tmp_path)
    answers = tmp_path / "sleep.yaml"
    answers.write_text(
        "answers: {age: 40, problems: [snoring], nights: 5, remedies: [none], danger: [none]}\n",
        encoding="utf-8",
    )
    args = [str(answers) if arg == "ANSWERS" else arg for arg in command]
    if command == ["summary", "ANSWERS"]:  # the richest output, also through a real pipe
        run = run_installed(*args, "--questions", str(folder), env=child_env({"COLUMNS": "200"}))
    else:
        monkeypatch.setenv("COLUMNS", "200")
        run = run_in_process(cli, *args, "--questions", str(folder))
    assert run.exit_code == 0, run.stderr
    no_raw_controls(run)
    flat = " ".join(run.stdout.split())
    if command[-2:] == ["--format", "json"] and command[0] == "summary":
        assert json.loads(run.stdout)["questionnaire"] == {"id": "sleep-check", "version": "2"}
    elif "--format" in command:  # the same text, every control character a JSON escape
        assert r"How old \u001b]52;c;aGVsbG8=\u0007\u001b]8;;https" in run.stdout
        assert any(HOSTILE in text for text in strings(json.loads(run.stdout)))
    elif command[0] == "questions":
        assert "[link=https://evil.example]x[/link] [blink]y[/blink]" in flat
        assert "Your [/bold] sleep\\x1b[8mhidden\\x1b[0m" in flat
    elif command[0] == "template":
        assert "# How old \\x1b]52;c;aGVsbG8=\\x07\\x1b]8;;https://evil.example\\x1b\\\\click" in (
            run.stdout
        )
        assert "# --- Your [/bold] sleep\\x1b[8mhidden\\x1b[0m ---" in run.stdout
    else:
        assert flat.startswith(MARKUP), flat[:200]
        assert "[red]Poor[/red] sleep \\x1b]52;c;aGVsbG8=\\x07 [/bold]" in flat


def strings(data: object) -> list[str]:
    """Every string in parsed JSON."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


@pytest.mark.parametrize("columns", ["0", "3", "10", "99999999"])
def test_any_width_shows_the_urgent_text_in_full_and_quickly(columns: str) -> None:
    from paincheck.questionnaire import load_questionnaire

    questionnaire = load_questionnaire()
    urgent = questionnaire.rules.flags["urgent"]
    run = run_installed(
        "summary", str(PERSONAS / "knee-urgent.yaml"), env=child_env({"COLUMNS": columns})
    )
    urgent_shown_whole(run, urgent)


def urgent_shown_whole(run: Run, urgent: Any) -> None:
    """Quickly, 40 to 300 columns wide, and the urgent panel's text without its borders and
    line breaks holding every word, in order."""
    assert run.exit_code == 0, run.stderr
    assert run.cpu_seconds < 10
    lines = run.stdout.splitlines()
    assert 40 <= max(len(line) for line in lines) <= 300
    inside = "".join(line.strip("┃ ") for line in lines)
    for text in (urgent.title("en"), urgent.message("en")):
        assert "".join(text.split()) in "".join(inside.split()), text


# -- issue 22 items 9 and 11: the interview prints through the same sink --------------------

SAMPLE = TESTS.parent / "questions" / "samples" / "foot-after-fracture.yaml"


def urgent_answers(folder: Path) -> Path:
    """Every question answered (so `run` needs no terminal), with an urgent warning sign."""
    text = SAMPLE.read_text(encoding="utf-8")
    path = folder / "urgent.yaml"
    path.write_text(
        text.replace("  warning_signs: [none]", "  warning_signs: [bladder_bowel_change]"),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "save",
    ["m[red]x.yaml", "x[/i]/a.yaml", "[link=evil.example]a[/link].yaml", "[bold]"],
)
def test_markup_in_the_save_name_is_printed_as_written(tmp_path: Path, save: str) -> None:
    (tmp_path / save).parent.mkdir(parents=True, exist_ok=True)
    run = run_installed(
        "run", "--answers", str(SAMPLE), "--save", save, cwd=tmp_path,
        env=child_env({"COLUMNS": "300", "TERM": "xterm-256color", "FORCE_COLOR": "1"}),
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert (tmp_path / save).is_file()
    assert f"Your answers are saved in {save} (only you can read this file)." in run.stdout
    assert "\x1b]8;" not in run.stdout  # no terminal hyperlink
    no_raw_controls(Run(0, re.sub("\x1b\\[[0-9;]*m", "", run.stdout), run.stderr, 0, None, 0))


@pytest.mark.parametrize("columns", ["0", "99999999"])
def test_run_keeps_the_width_guard(tmp_path: Path, columns: str) -> None:
    from paincheck.questionnaire import load_questionnaire

    urgent = load_questionnaire().rules.flags["urgent"]
    run = run_installed(
        "run", "--answers", str(urgent_answers(tmp_path)), "--save", str(tmp_path / "s.yaml"),
        env=child_env({"COLUMNS": columns}),
    )  # fmt: skip
    urgent_shown_whole(run, urgent)


def test_the_interview_has_no_console_of_its_own() -> None:
    """Only the output sink makes a Rich console: the interview's comes from it."""
    source = TESTS.parent / "src" / "paincheck"
    makers = sorted(
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if re.search(r"\bConsole\(", path.read_text(encoding="utf-8"))
    )
    assert makers == ["output/__init__.py"]


# -- issue 22 item 22: narrow screens stack the tables instead of cutting words ----------------


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", ["foot-after-fracture", "knee-urgent", "back-recent"])
def test_at_40_columns_the_summary_tables_stack_and_cut_no_word(
    cli, monkeypatch: pytest.MonkeyPatch, lang: str, name: str
) -> None:  # type: ignore[no-untyped-def]
    from paincheck.answers.loading import load_answers
    from paincheck.evaluation import evaluate
    from paincheck.formats.summary import status_label
    from paincheck.questionnaire import load_questionnaire

    persona = str(PERSONAS / f"{name}.yaml")
    monkeypatch.setenv("COLUMNS", "40")
    narrow = cli("summary", persona, "--lang", lang)
    assert narrow.exit_code == 0, narrow.stderr
    assert "…" not in narrow.stdout
    questionnaire = load_questionnaire()
    assessment = evaluate(questionnaire, load_answers(questionnaire, persona).answers)
    for result in (*assessment.criteria, *assessment.approved_use):
        label = status_label(result.status, view_of(questionnaire, lang))
        assert f"\n  {label}" in narrow.stdout  # whole, on its own line under the criterion
    monkeypatch.setenv("COLUMNS", "80")
    wide = cli("summary", persona, "--lang", lang)
    heading = questionnaire.message("criteria_col_status", lang)
    assert any(heading in line and len(line.split()) >= 3 for line in wide.stdout.splitlines())


def test_at_40_columns_the_diary_days_stack_and_cut_no_word(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "40")
    sample = TESTS.parent / "questions" / "samples" / "trial-diary.yaml"
    shown = cli("diary", "show", str(sample))
    assert shown.exit_code == 0
    assert "…" not in shown.stdout
    day = shown.stdout.split("2026-11-02\n", 1)[1].split("\n\n", 1)[0]
    assert [line.strip() for line in day.splitlines()] == [
        "Pain: 4",
        "Worst: 7",
        "Relief: 40%",
        "Medicine: The same as usual",
        "Sleep: 6",
        "Stimulation: Sometimes uncomfortable",
    ]


@pytest.mark.parametrize("columns", ["0", "99999999"])
def test_the_diary_stop_screen_keeps_the_width_guard(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], columns: str
) -> None:
    """`diary add` prints its screens through the sink too: "Stop here and get care now" at
    COLUMNS=0 shows the advice whole at 40 columns, at COLUMNS=99999999 at 300."""
    import time

    from paincheck.answers.checking import Answers
    from paincheck.diary.store import diary_form_folder
    from paincheck.evaluation import evaluate
    from paincheck.formats.summary import warning_lines
    from paincheck.interview.closing import show_stop
    from paincheck.questionnaire import load_questionnaire

    form = load_questionnaire(diary_form_folder())
    answers = Answers({"trial_problems": ["new_leg_weakness_numbness"]}, "in_progress")
    monkeypatch.setenv("COLUMNS", columns)
    start = time.process_time()
    show_stop(view_of(form, "en"), answers, ["Saved in d.yaml."])
    assert time.process_time() - start < 5
    lines = capsys.readouterr().out.splitlines()
    assert 40 <= max(len(line) for line in lines) <= 300
    flat = "".join("".join(line.strip("┃│ ") for line in lines).split())
    chosen = warning_lines(evaluate(form, answers), view_of(form, "en"))
    assert chosen
    for line in chosen:
        for text in (line.label, line.advice):
            if text:
                assert "".join(text.split()) in flat, text
