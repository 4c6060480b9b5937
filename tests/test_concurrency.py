"""Several paincheck processes at once, and signals in the middle of a write.

Every add that says it added a day has that day afterwards; two runs started together never
share a save file; SIGTERM or SIGHUP while a file is written leaves no temporary or lock file
and ends the process as killed by that signal. Each test starts its processes at once and
waits for them with a timeout, so none can hang the suite.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from paincheck.answers.dates import latest_today
from paincheck.diary.store import Entry, add_entry, diary_form_folder, load_diary
from paincheck.errors import PaincheckError
from paincheck.files.writing import locked
from paincheck.questionnaire import Questionnaire, load_questionnaire
from tests.helpers import PERSONAS
from tests.helpers.installed import PAINCHECK, child_env
from tests.helpers.views import view_of

SAMPLES = Path(__file__).parents[1] / "questions" / "samples"
TIMEOUT = 120  # seconds for a whole group of processes; they take about two together
PROCESSES = 8
DAY = "answers:\n  pain_average: {pain}\n  relief_percent: 50\n"


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return load_questionnaire(diary_form_folder())


def start_all(
    commands: list[list[str]], cwd: Path, columns: int = 80
) -> list[tuple[int, str, str]]:
    """Start every command at once, then wait for each: (exit code, stdout, stderr)."""
    processes = [
        subprocess.Popen(
            command,
            cwd=cwd,
            env=child_env({"COLUMNS": str(columns)}),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for command in commands
    ]
    results = []
    try:
        for process in processes:
            out, err = process.communicate(timeout=TIMEOUT)
            results.append((process.returncode, out.decode(), err.decode()))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()
    return results


def run_child(command: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """One process, no terminal on its input, waited for with the test's timeout."""
    return subprocess.run(
        command,
        cwd=cwd,
        env=child_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


def hidden_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- item 1: diary add at the same time ---------------------------------------------------------


@pytest.mark.parametrize("round_", range(2))
def test_eight_adds_at_once_each_keep_their_day(
    form: Questionnaire, tmp_path: Path, round_: int
) -> None:
    diary = tmp_path / "trial.yaml"
    start = [str(PAINCHECK), "diary", "start", str(diary), "--baseline-pain", "7"]
    assert run_child(start, tmp_path).returncode == 0
    days = [f"2026-11-{n:02d}" for n in range(1, PROCESSES + 1)]
    for n, day in enumerate(days):
        (tmp_path / f"{day}.yaml").write_text(DAY.format(pain=n % 10), encoding="utf-8")
    commands = [
        [str(PAINCHECK), "diary", "add", str(diary), "--date", day, "--answers", f"{day}.yaml"]
        for day in days
    ]
    results = start_all(commands, tmp_path)
    kept = {e.date: e.answers for e in load_diary(form, diary, latest_today()).diary.entries}
    for day, (code, out, err) in zip(days, results, strict=True):
        if code == 0:
            assert out.startswith(f"Added {day} to {diary}."), out
            assert kept[day]["pain_average"] == days.index(day) % 10
        else:  # refused while another wrote: said so, and nothing of it written
            assert code == 1 and "another paincheck is writing" in err, err
            assert day not in kept
    assert sum(code == 0 for code, _, _ in results) >= PROCESSES // 2
    assert hidden_files(tmp_path) == []  # no lock or temporary file left
    assert diary.stat().st_mode & 0o777 == 0o600


def test_a_day_added_by_another_process_meanwhile_is_not_replaced(
    form: Questionnaire, tmp_path: Path
) -> None:
    """The day was not in the diary when this add read it (no replace was confirmed); another
    paincheck added it before this one wrote: this one is refused, the diary unchanged."""
    diary = tmp_path / "trial.yaml"
    diary.write_text(
        "diary: drg-trial\nentries:\n"
        "  - {date: 2026-11-02, answers: {pain_average: 3, relief_percent: 60}}\n",
        encoding="utf-8",
    )
    before = diary.read_bytes()
    mine = Entry("2026-11-02", {"pain_average": 5, "relief_percent": 10})
    with pytest.raises(PaincheckError) as raised:
        add_entry(view_of(form, "en"), diary, mine, replace=False)
    assert str(raised.value) == (
        f"{diary}: another paincheck added 2026-11-02 to this diary while this one ran; yours "
        "was not written and the diary is unchanged. To replace that day, run the command "
        "again (with --force when scripted)."
    )
    assert diary.read_bytes() == before
    add_entry(view_of(form, "en"), diary, mine, replace=True)
    assert load_diary(form, diary, latest_today()).diary.entries == (mine,)


def test_an_add_waits_for_the_lock_and_is_refused_when_it_stays_taken(
    form: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    diary = tmp_path / "trial.yaml"
    diary.write_text("diary: drg-trial\nentries: []\n", encoding="utf-8")
    lock = tmp_path / ".trial.yaml.lock"
    holder = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another paincheck, in the middle of its write
    try:
        from paincheck.files import writing

        monkeypatch.setattr(writing, "LOCK_WAIT", 0.3)
        with pytest.raises(PaincheckError) as raised:
            add_entry(
                view_of(form, "en"), diary, Entry("2026-11-02", {"pain_average": 5}), replace=False
            )
        assert str(raised.value) == (
            f"{diary}: another paincheck is writing to this file right now; nothing was "
            "changed. Try again in a moment"
        )
        assert diary.read_text(encoding="utf-8") == "diary: drg-trial\nentries: []\n"
    finally:
        os.close(holder)


def test_a_lock_file_left_by_a_crash_does_not_lock_anyone_out(
    form: Questionnaire, tmp_path: Path
) -> None:
    """The lock is the kernel's: it ends with the process. The file a killed paincheck left
    (here: made by hand) is taken over and removed."""
    diary = tmp_path / "trial.yaml"
    diary.write_text("diary: drg-trial\nentries: []\n", encoding="utf-8")
    (tmp_path / ".trial.yaml.lock").write_text("", encoding="utf-8")
    entry = Entry("2026-11-02", {"pain_average": 5, "relief_percent": 50})
    add_entry(view_of(form, "en"), diary, entry, replace=False)
    assert load_diary(form, diary, latest_today()).diary.entries == (entry,)
    assert hidden_files(tmp_path) == []


def test_the_lock_of_a_link_is_beside_the_file_it_points_to(
    form: Questionnaire, tmp_path: Path
) -> None:
    """Two adds, one through a link and one by the real name, take the same lock."""
    real = tmp_path / "real"
    real.mkdir()
    diary = real / "trial.yaml"
    diary.write_text("diary: drg-trial\nentries: []\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(diary)
    with locked(link):
        assert hidden_files(real) == [".trial.yaml.lock"]
        assert (real / ".trial.yaml.lock").stat().st_mode & 0o777 == 0o600
    assert hidden_files(real) == [] and hidden_files(tmp_path) == []


# -- item 2: two runs at once -------------------------------------------------------------------


def test_runs_started_together_never_share_a_save_file(tmp_path: Path) -> None:
    text = (SAMPLES / "foot-after-fracture.yaml").read_text(encoding="utf-8")  # all answered
    for n in range(PROCESSES):
        # each patient's answers differ: their name says whose they are
        (tmp_path / f"in-{n}.yaml").write_text(
            text.replace("Maria Lopez", f"Patient {n}"), encoding="utf-8"
        )
    commands = [[str(PAINCHECK), "run", "--answers", f"in-{n}.yaml"] for n in range(PROCESSES)]
    results = start_all(commands, tmp_path, columns=300)  # the saved file's name on one line
    saved = []
    for n, (code, out, err) in enumerate(results):
        assert code == 0, err
        found = re.search(r"Your answers are saved in (\S+) \(only", out)
        assert found is not None, out
        name = found.group(1)
        saved.append(name)
        assert f"name: Patient {n}\n" in (tmp_path / name).read_text(encoding="utf-8")
    assert len(set(saved)) == PROCESSES
    assert all((tmp_path / name).stat().st_mode & 0o777 == 0o600 for name in saved)


def test_a_save_file_is_taken_when_chosen(questionnaire: Questionnaire, tmp_path: Path) -> None:
    """Between choosing `--save X` and the first save, a second run cannot choose X too."""
    from datetime import datetime

    from paincheck.interview.saving import choose_save_path

    save = tmp_path / "mine.yaml"
    now = datetime(2026, 12, 6, 10, 30)
    assert choose_save_path(view_of(questionnaire, "en"), None, save, tmp_path, now) == save
    assert save.stat().st_mode & 0o777 == 0o600
    with pytest.raises(PaincheckError, match="already exists; not overwritten"):
        choose_save_path(view_of(questionnaire, "en"), None, save, tmp_path, now)
    first = choose_save_path(view_of(questionnaire, "en"), None, None, tmp_path, now)
    second = choose_save_path(view_of(questionnaire, "en"), None, None, tmp_path, now)
    assert (first.name, second.name) == (
        "paincheck-answers-2026-12-06-1030.yaml",
        "paincheck-answers-2026-12-06-1030-2.yaml",
    )


def test_a_run_that_stops_before_saving_leaves_no_empty_file(tmp_path: Path) -> None:
    """Without a terminal and with questions left, `run` stops before the first save: the
    file it had taken is removed again."""
    done = run_child([str(PAINCHECK), "run", "--save", "new.yaml"], tmp_path)
    assert done.returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- item 10: SIGTERM and SIGHUP in the middle of a write ---------------------------------------

# Sends the signal to itself from inside the write (at fsync, after the temporary file is
# written): the worst moment, reached every time, not by luck of timing.
_SIGNAL_IN_WRITE = """
import os, signal, sys
number = getattr(signal, sys.argv[1])
real = os.fsync
def fsync(fd):
    os.kill(os.getpid(), number)
    real(fd)
os.fsync = fsync
sys.argv = ["paincheck", *sys.argv[2:]]
from paincheck.cli import main
main()
"""


def run_signalled(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return run_child([sys.executable, "-c", _SIGNAL_IN_WRITE, name, *args], cwd)


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_a_write_leaves_nothing_behind(tmp_path: Path, name: str) -> None:
    done = run_signalled(
        name, "export", str(PERSONAS / "foot-after-fracture.yaml"), "-o", "report.pdf", cwd=tmp_path
    )
    assert done.returncode == -getattr(signal, name), done.stderr  # killed by it, as usual
    assert b"Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_a_day_is_added_keeps_the_diary_and_no_lock(
    tmp_path: Path, name: str
) -> None:
    diary = tmp_path / "trial.yaml"
    diary.write_text("diary: drg-trial\nentries: []\n", encoding="utf-8")
    (tmp_path / "day.yaml").write_text(DAY.format(pain=4), encoding="utf-8")
    done = run_signalled(
        name,
        "diary",
        "add",
        "trial.yaml",
        "--date",
        "2026-11-02",
        "--answers",
        "day.yaml",
        cwd=tmp_path,
    )
    assert done.returncode == -getattr(signal, name), done.stderr
    assert diary.read_text(encoding="utf-8") == "diary: drg-trial\nentries: []\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.yaml", "trial.yaml"]


def test_a_hangup_ignored_by_nohup_stays_ignored(tmp_path: Path) -> None:
    """Under `nohup`, SIGHUP was ignored when paincheck started: the write goes on."""
    signalled = [sys.executable, "-c", _SIGNAL_IN_WRITE, "SIGHUP", "template", "-o", "t.yaml"]
    done = run_child(["nohup", *signalled], tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "nohup.out") == ["t.yaml"]


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_the_interview_ends_it_with_the_answers_saved(
    tmp_path: Path, name: str
) -> None:
    """The interview runs in prompt_toolkit's event loop, which logs and swallows most
    exceptions raised under it: the signal must still end the process, with the terminal
    restored and the answers given so far in the save file."""
    pexpect = pytest.importorskip("pexpect")
    from tests.helpers.terminals import PrintingTerminal

    terminal = PrintingTerminal(["run", "--save", "s.yaml"], tmp_path)
    try:
        terminal.wait_printed("What is your name?")
        terminal.child.send("Ann\r")
        terminal.wait_printed("How old are you?")
        terminal.child.kill(getattr(signal, name))
        terminal.child.expect(pexpect.EOF, timeout=20)
    finally:
        terminal.close()
    assert terminal.child.signalstatus == getattr(signal, name), terminal.output[-500:]
    assert "  name: Ann\n" in (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]
