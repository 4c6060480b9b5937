"""The whole summary in the pager at the end of `run`, when the pager is broken (issue 22,
item 21): the summary is printed instead, after a line that says so.

The installed command runs on a pseudo-terminal whose output is played through a terminal
emulator (pyte) that answers prompt_toolkit's cursor-position requests, as a real terminal
does; nothing in the terminal is switched off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from paincheck.output.terminal import CheckedPager
from tests.helpers.terminals import PrintingTerminal, paincheck_command, plain_output

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]

SAMPLE = Path(__file__).parents[1] / "questions" / "samples" / "foot-after-fracture.yaml"
ENTER = "\r"


def run_with_pager(folder: Path, pager: str) -> PrintingTerminal:
    """`run` on the sample answers, with $PAGER set as a person's shell would set it."""
    command = f"PAGER='{pager}' {paincheck_command()} run --answers {SAMPLE} --save mine.yaml"
    return PrintingTerminal(["-c", command], folder)


def test_a_broken_pager_prints_the_summary_with_a_line_saying_so(tmp_path: Path) -> None:
    terminal = run_with_pager(tmp_path, "/nonexistent/pager")
    try:
        terminal.wait_printed("Save my answers")
        terminal.child.send("0" + ENTER)
        terminal.wait_printed("Read the whole summary first")
        terminal.child.send("2" + ENTER)
        terminal.wait_printed(
            "The pager (/nonexistent/pager) did not work, so the whole summary is printed "
            "here instead."
        )
        terminal.wait_printed("Questions to ask your doctor")  # the summary, to its end
        terminal.child.send("3" + ENTER)
        code = terminal.finish()
    finally:
        terminal.close()
    assert code == 0, terminal.output[-2000:]
    shown = plain_output(terminal.output)
    assert shown.index("did not work") < shown.index("Questions to ask your doctor")


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
