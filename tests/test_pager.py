"""The whole summary in the pager at the end of `run`, when the pager is broken (issue 22,
item 21): the summary is printed instead, after a line that says so.

The installed command runs on a pseudo-terminal whose output is played through a terminal
emulator (pyte) that answers prompt_toolkit's cursor-position requests, as a real terminal
does; nothing in the terminal is switched off.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from paincheck.terminal import CheckedPager
from tests.test_pty import paincheck_command

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")
pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]

SAMPLE = Path(__file__).parents[1] / "questions" / "samples" / "foot-after-fracture.yaml"
ENTER = "\r"
CPR_REQUEST = "\x1b[6n"


class Terminal:
    """The command on an 80x24 pseudo-terminal, answering cursor-position requests."""

    def __init__(self, args: list[str], cwd: Path, pager: str) -> None:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(cwd),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
            "PAGER": pager,
        }
        self.child = pexpect.spawn(
            paincheck_command(), args, cwd=str(cwd), env=env, dimensions=(24, 80),
            encoding="utf-8",
        )  # fmt: skip
        self.child.delaybeforesend = None
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.Stream(self.screen)
        self.everything = ""

    def wait_for(self, text: str, timeout: float = 15) -> None:
        end = time.monotonic() + timeout
        while text not in " ".join(self.everything.split()):
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} never appeared:\n{self.everything[-3000:]}")
            try:
                chunk = self.child.read_nonblocking(65536, timeout=0.1)
            except pexpect.TIMEOUT:
                continue
            self.stream.feed(chunk)
            self.everything += re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", chunk)
            for _ in range(chunk.count(CPR_REQUEST)):
                cursor = self.screen.cursor
                self.child.send(f"\x1b[{cursor.y + 1};{cursor.x + 1}R")


def test_a_broken_pager_prints_the_summary_with_a_line_saying_so(tmp_path: Path) -> None:
    terminal = Terminal(
        ["run", "--answers", str(SAMPLE), "--save", "mine.yaml"], tmp_path, "/nonexistent/pager"
    )
    try:
        terminal.wait_for("Save my answers")
        terminal.child.send("0" + ENTER)
        terminal.wait_for("Read the whole summary first")
        terminal.child.send("2" + ENTER)
        terminal.wait_for(
            "The pager (/nonexistent/pager) did not work, so the whole summary is printed "
            "here instead."
        )
        terminal.wait_for("Questions to ask your doctor")  # the summary's last parts
        terminal.wait_for("Read the whole summary first")  # and the menu again
        terminal.child.send("3" + ENTER)
        terminal.child.expect(pexpect.EOF, timeout=15)
    finally:
        terminal.child.close(force=True)
    assert terminal.child.exitstatus == 0, terminal.everything[-2000:]
    shown = terminal.everything
    assert shown.index("did not work") < shown.index("Your pain checklist: summary")


@pytest.mark.parametrize("pager", ["/nonexistent/pager", "false", "exit 3"])
def test_a_pager_that_fails_is_replaced_by_printing(
    pager: str, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAGER", pager)
    monkeypatch.delenv("MANPAGER", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    said: list[str] = []
    CheckedPager(said.append).show("THE WHOLE SUMMARY\n")
    assert said == [pager]
    assert capfd.readouterr().out == "THE WHOLE SUMMARY\n"


def test_a_working_pager_shows_the_text_and_nothing_more(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAGER", "cat")
    monkeypatch.delenv("MANPAGER", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    said: list[str] = []
    CheckedPager(said.append).show("THE WHOLE SUMMARY\n")
    assert said == []
    assert capfd.readouterr().out == "THE WHOLE SUMMARY\n"  # written once, by cat
