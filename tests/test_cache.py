"""The parsed questions files kept in the user's cache folder: the same values as parsing, an
entry used only for the exact bytes and parser it was made from, private, and never a copy of
health information."""

from __future__ import annotations

import marshal
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from paincheck.errors import PaincheckError
from paincheck.files import cache, reading
from paincheck.files.cache import load_cached
from paincheck.questionnaire import load_questionnaire
from tests.helpers import OTHER, PERSONAS, ROOT
from tests.helpers.installed import PAINCHECK, child_env, run_installed

SHIPPED = ROOT / "questions"
COLLECTED_WITH = os.environ.get("XDG_CACHE_HOME")  # the cache folder while tests are collected
FILES = [
    SHIPPED / "questionnaire.yaml",
    SHIPPED / "rules.yaml",
    SHIPPED / "translations" / "es.yaml",
    SHIPPED / "diary" / "questionnaire.yaml",
    SHIPPED / "diary" / "rules.yaml",
    ROOT / "src" / "paincheck" / "text" / "messages" / "en.yaml",
]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the user's (XDG_CACHE_HOME); returns paincheck's inside it."""
    base = tmp_path / "cache-home"
    base.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    monkeypatch.delenv(cache.NO_CACHE, raising=False)
    return base / "paincheck"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files actually parsed (not taken from the cache), in order."""
    parsed: list[str] = []
    parse = reading.parse_document

    def counting(data: bytes, name: str) -> Any:
        parsed.append(Path(name).name)
        return parse(data, name)

    monkeypatch.setattr(reading, "parse_document", counting)
    return parsed


def typed(value: Any) -> Any:
    """`value` with each scalar's type beside it: True and 1, or 1 and 1.0, compare unequal."""
    if isinstance(value, dict):
        return [(typed(k), typed(v)) for k, v in value.items()]  # in the file's order
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, repr(value))


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{cache.SUFFIX}")) if folder.is_dir() else []


def kept_files(folder: Path) -> list[str]:
    """The package's files whose exact bytes the entries hold, by path from the project's
    root; an entry holding anything else fails the test."""
    shipped = {
        path.read_bytes(): path.relative_to(ROOT).as_posix()
        for top in (SHIPPED, ROOT / "src" / "paincheck" / "text" / "messages")
        for path in top.rglob("*.yaml")
    }
    kept = []
    for entry in entries(folder):
        data = marshal.loads(entry.read_bytes())[2]
        assert data in shipped, f"{entry.name} holds a file that is not the package's"
        kept.append(shipped[data])
    return sorted(kept)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_kept_file_gives_exactly_what_parsing_gives(
    cache_home: Path, parses: list[str], path: Path
) -> None:
    parsed = reading.load_document(path)
    first = load_cached(path)  # parsed, and kept
    second = load_cached(path)  # from the entry
    assert parses == [path.name, path.name]  # load_document's, then the first load_cached's
    assert typed(first) == typed(parsed)
    assert typed(second) == typed(parsed)
    assert len(entries(cache_home)) == 1


def test_the_questionnaire_loaded_through_the_cache_is_the_same(
    cache_home: Path, parses: list[str]
) -> None:
    first = load_questionnaire(OTHER, ["en", "es"])
    assert parses  # parsed, and kept
    parses.clear()
    second = load_questionnaire(OTHER, ["en", "es"])
    assert parses == []  # nothing parsed again
    assert second.sections == first.sections
    assert second.rules == first.rules
    assert second.title == first.title
    for key in ("summary_heading", "pdf_title"):
        assert second.message(key, "es") == first.message(key, "es")


def test_a_changed_file_is_parsed_again_even_with_its_size_and_time(
    tmp_path: Path, cache_home: Path, parses: list[str]
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("limit: 10\n", encoding="utf-8")
    before = path.stat()
    assert load_cached(path) == {"limit": 10}
    path.write_text("limit: 99\n", encoding="utf-8")  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
    assert load_cached(path) == {"limit": 99}
    assert load_cached(path) == {"limit": 99}
    assert parses == ["rules.yaml", "rules.yaml"]
    assert len(entries(cache_home)) == 1  # replaced, not added


def test_an_entry_of_another_parser_is_not_used(
    tmp_path: Path, cache_home: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("answer: no\n", encoding="utf-8")
    assert load_cached(path) == {"answer": "no"}
    cache._parser.cache_clear()
    monkeypatch.setattr(cache, "__version__", "99.0")  # a newer paincheck
    try:
        assert load_cached(path) == {"answer": "no"}
        assert parses == ["q.yaml", "q.yaml"]
    finally:
        cache._parser.cache_clear()


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x00\x01garbage", "truncated", "another file's"],
)
def test_a_damaged_entry_is_parsed_again_and_replaced(
    tmp_path: Path, cache_home: Path, parses: list[str], damage: bytes | str
) -> None:
    path, other = tmp_path / "q.yaml", tmp_path / "other.yaml"
    path.write_text("pain: [1, 2, 3]\n", encoding="utf-8")
    other.write_text("pain: [9]\n", encoding="utf-8")
    load_cached(path)
    load_cached(other)
    entry, other_entry = cache_home / cache._entry_name(path), cache_home / cache._entry_name(other)
    if damage == "truncated":
        entry.write_bytes(entry.read_bytes()[:-40])
    elif damage == "another file's":
        entry.write_bytes(other_entry.read_bytes())
    else:
        assert isinstance(damage, bytes)
        entry.write_bytes(damage)
    parses.clear()
    assert load_cached(path) == {"pain": [1, 2, 3]}
    assert load_cached(path) == {"pain": [1, 2, 3]}
    assert parses == ["q.yaml"]  # parsed once more, then kept again


def test_entries_are_private_and_the_folder_only_the_users(
    tmp_path: Path, cache_home: Path
) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    load_cached(path)
    assert stat.S_IMODE(cache_home.stat().st_mode) == 0o700
    assert [stat.S_IMODE(e.stat().st_mode) for e in entries(cache_home)] == [0o600]
    assert [p.name for p in cache_home.iterdir()] == [e.name for e in entries(cache_home)]


@pytest.mark.parametrize("kind", ["link", "writable by others"])
def test_an_entry_someone_else_could_have_written_is_not_used(
    tmp_path: Path, cache_home: Path, parses: list[str], kind: str
) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    load_cached(path)
    entry = cache_home / cache._entry_name(path)
    if kind == "link":
        moved = tmp_path / "elsewhere"
        entry.rename(moved)
        entry.symlink_to(moved)
    else:
        entry.chmod(0o622)
    parses.clear()
    assert load_cached(path) == {"a": 1}
    assert parses == ["q.yaml"]


def test_a_cache_folder_others_can_write_to_is_not_used(
    tmp_path: Path, cache_home: Path, parses: list[str]
) -> None:
    cache_home.mkdir(mode=0o700)
    cache_home.chmod(0o777)
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_cached(path) == {"a": 1}
    assert load_cached(path) == {"a": 1}
    assert parses == ["q.yaml", "q.yaml"]
    assert entries(cache_home) == []


def test_no_cache_folder_is_made_where_the_user_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(home))
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_cached(path) == {"a": 1}
    assert load_cached(path) == {"a": 1}
    assert parses == ["q.yaml", "q.yaml"]
    assert list(home.iterdir()) == []  # no .cache made


@pytest.mark.parametrize("home", [None, "", "relative/home"], ids=["unset", "empty", "relative"])
def test_without_a_home_nothing_is_kept_and_nothing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str], home: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("XDG_CACHE_HOME")
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_cached(path) == {"a": 1}
    assert load_cached(path) == {"a": 1}
    assert parses == ["q.yaml", "q.yaml"]
    assert [p.name for p in tmp_path.iterdir()] == ["q.yaml"]  # nothing made here either


def test_a_cache_folder_of_another_user_is_neither_used_nor_written(
    tmp_path: Path, cache_home: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder and its entries belong to the user who made them: to anyone else they are
    someone else's (here the process takes another user's id), and a file is parsed instead."""
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    load_cached(path)
    kept = {entry: entry.read_bytes() for entry in entries(cache_home)}
    uid = os.getuid()
    monkeypatch.setattr(cache.os, "getuid", lambda: uid + 1)
    parses.clear()
    assert load_cached(path) == {"a": 1}
    path.write_text("a: 2\n", encoding="utf-8")
    assert load_cached(path) == {"a": 2}
    assert parses == ["q.yaml", "q.yaml"]
    assert {entry: entry.read_bytes() for entry in entries(cache_home)} == kept  # untouched


def test_paincheck_no_cache_turns_it_off(
    tmp_path: Path, cache_home: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE, "1")
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_cached(path) == {"a": 1}
    assert load_cached(path) == {"a": 1}
    assert parses == ["q.yaml", "q.yaml"]
    assert not cache_home.exists()


def test_a_file_that_does_not_parse_gives_the_same_error_and_no_entry(
    tmp_path: Path, cache_home: Path
) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(PaincheckError) as without:
        reading.load_document(path)
    with pytest.raises(PaincheckError) as through:
        load_cached(path)
    assert through.value.problems == without.value.problems
    assert entries(cache_home) == []


def test_a_value_marshal_cannot_keep_is_parsed_each_time(
    tmp_path: Path, cache_home: Path, parses: list[str]
) -> None:
    """`true:` beside `1:` are two keys in YAML and one in Python: kept apart by an object of
    paincheck's, which an entry cannot hold."""
    path = tmp_path / "q.yaml"
    path.write_text("true: a\n1: b\n", encoding="utf-8")
    assert typed(load_cached(path)) == typed(reading.load_document(path))
    load_cached(path)
    assert parses == ["q.yaml", "q.yaml", "q.yaml"]
    assert entries(cache_home) == []


def test_at_most_max_entries_are_kept(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    for n in range(5):
        path = tmp_path / f"q{n}.yaml"
        path.write_text(f"n: {n}\n", encoding="utf-8")
        load_cached(path)
    assert len(entries(cache_home)) == 3
    assert cache_home / cache._entry_name(tmp_path / "q4.yaml") in entries(cache_home)


def test_a_cache_that_cannot_be_written_changes_nothing(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full)
    path = tmp_path / "q.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_cached(path) == {"a": 1}
    assert list(cache_home.iterdir()) == []  # no temporary file left either


def test_the_command_keeps_the_questions_and_never_the_answers(
    tmp_path: Path, cache_home: Path
) -> None:
    """A run of `summary` keeps the questions files it parsed; no entry holds a byte of the
    answers file, which is health information."""
    answers = tmp_path / "mine.yaml"
    marker = "Quentin Zwyxklmnop"
    text = (PERSONAS / "foot-after-fracture.yaml").read_text(encoding="utf-8")
    assert "Maria Lopez" in text
    answers.write_text(text.replace("Maria Lopez", marker), encoding="utf-8")
    env = child_env({"XDG_CACHE_HOME": str(cache_home.parent)})
    first = run_installed("summary", str(answers), "--format", "json", env=env)
    second = run_installed("summary", str(answers), "--format", "json", env=env)
    assert first.exit_code == 0, first.stderr
    assert (second.exit_code, second.stdout, second.stderr) == (0, first.stdout, first.stderr)
    # English needs no translation, and a JSON summary no interface words
    assert kept_files(cache_home) == ["questions/questionnaire.yaml", "questions/rules.yaml"]
    for entry in entries(cache_home):
        assert marker.encode() not in entry.read_bytes()


def test_the_diary_commands_keep_the_daily_form_and_never_the_diary(
    tmp_path: Path, cache_home: Path
) -> None:
    """A trial diary is health information: starting, adding to, showing and exporting one
    keeps only the daily form's files and the interface words."""
    diary, day = tmp_path / "trial.yaml", tmp_path / "day.yaml"
    marker = "Quentin Zwyxklmnop walked to the bakery"
    day.write_text(
        f"answers: {{pain_average: 4, relief_percent: 50, notes: {marker}}}\n", encoding="utf-8"
    )
    env = child_env({"XDG_CACHE_HOME": str(cache_home.parent)})
    for args in (
        ["diary", "start", str(diary), "--baseline-pain", "7"],
        ["diary", "add", str(diary), "--answers", str(day), "--date", "2026-11-02"],
        ["diary", "show", str(diary), "--format", "json"],
        ["diary", "export", str(diary), "-o", str(tmp_path / "trial.pdf")],
    ):
        run = run_installed(*args, env=env, cwd=tmp_path)
        assert run.exit_code == 0, run.stderr
    assert marker in diary.read_text(encoding="utf-8")
    kept = kept_files(cache_home)  # each entry one of the package's files
    assert "questions/diary/questionnaire.yaml" in kept
    assert all(name.startswith(("questions/diary/", "src/")) for name in kept), kept
    for entry in entries(cache_home):
        assert marker.encode() not in entry.read_bytes()


def test_commands_started_at_once_on_an_empty_cache_agree(tmp_path: Path, cache_home: Path) -> None:
    """Six commands writing the same entries at the same moment: each writes a file of its
    own and renames it over the entry, so every run gives the same output and every entry
    left is whole."""
    env = child_env({"XDG_CACHE_HOME": str(cache_home.parent)})
    command = [str(PAINCHECK), "summary", str(PERSONAS / "foot-after-fracture.yaml")]
    processes = [
        subprocess.Popen(
            [*command, "--format", "json"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(6)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert {code for code, _, _ in results} == {0}, results
    assert len({out for _, out, _ in results}) == 1
    assert {err for _, _, err in results} == {b""}
    assert kept_files(cache_home) == ["questions/questionnaire.yaml", "questions/rules.yaml"]
    assert [p.name for p in cache_home.iterdir() if not p.name.endswith(cache.SUFFIX)] == []


def test_the_tests_keep_their_entries_away_from_the_home_folder() -> None:
    """conftest.py points this run (and every command it starts with the run's environment)
    at a folder of its own before any test module is collected: some load a questionnaire
    then (this module's `COLLECTED_WITH` is read then)."""
    assert COLLECTED_WITH is not None
    assert not Path(COLLECTED_WITH).is_relative_to(Path.home())
    folder = cache.cache_folder()
    assert folder == Path(COLLECTED_WITH, "paincheck")
    assert child_env()["XDG_CACHE_HOME"] == COLLECTED_WITH
