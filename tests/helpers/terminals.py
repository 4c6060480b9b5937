"""Terminals for the tests that behave like real ones: they answer prompt_toolkit's
cursor-position request (CPR), as xterm, tmux and most terminals do, and keep a screen.

prompt_toolkit asks where the cursor is at the start of every prompt (`ESC [ 6 n`); a real
terminal answers with `ESC [ row ; column R`, which reaches the program as input, before any
key typed on that screen. A test terminal that never answers hides every bug in how that
reply is handled (issue 21: a box pre-filled with 5 took the reply as "the first key" and
then appended the 7 typed after it). None of these switches the request off.

- `ScreenSpawn`: the installed command on a pseudo-terminal (pexpect), its output played
  through a pyte screen that answers the request.
- `PipeTerminal`: the interview in-process (prompt_toolkit's pipe input), its output played
  through a pyte screen that answers; the keys for each prompt are sent after its request,
  as a person types after seeing the screen.
- `Tmux`: the installed command inside tmux, a real terminal emulator, on its own server.
- `spawn` (a `ScreenSpawn` of the command at 24 rows) with `script`, the screens to wait for
  and the keys to press for given answers; `Terminal` and `PrintingTerminal`, the command on
  a pseudo-terminal waited on screen by screen (or for text printed at any time).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pexpect
import pyte
import pytest

from paincheck.answers.checking import shown_questions
from paincheck.interview import walk
from paincheck.questionnaire import Question, Questionnaire
from paincheck.questionnaire.conditions import Value
from tests.helpers.interview import ENTER, keys_for, words
from tests.helpers.views import view_of

QUIET = 0.1  # seconds without output that end a screen


class AnsweringScreen(pyte.Screen):
    """A pyte screen whose replies (the cursor position) go to `reply`."""

    def __init__(self, columns: int, rows: int, reply: Any) -> None:
        super().__init__(columns, rows)
        self.reply = reply

    def write_process_input(self, data: str) -> None:
        self.reply(data)


def screen_lines(screen: pyte.Screen) -> list[str]:
    """The visible lines, without the list's scroll arrows in the last column."""
    return [re.sub(r"\s*[\^v]$", "", line).rstrip() for line in screen.display]


class ScreenSpawn(pexpect.spawn):
    """pexpect's spawn whose output is played through a screen that answers the terminal's
    requests at once, before `expect` returns (so before the test types its keys)."""

    def __init__(self, *args: Any, dimensions: tuple[int, int] = (24, 80), **kw: Any) -> None:
        super().__init__(*args, dimensions=dimensions, **kw)
        rows, columns = dimensions
        self.screen = AnsweringScreen(columns, rows, self.send)
        self.stream = pyte.Stream(self.screen)

    def read_nonblocking(self, size: int = 1, timeout: float | None = -1) -> Any:
        data = super().read_nonblocking(size, timeout)
        self.stream.feed(data)
        return data

    def lines(self) -> list[str]:
        return screen_lines(self.screen)

    def wait_for(self, text: str, timeout: float = 8) -> list[str]:
        """The screen once `text` is on it (spaces and line breaks aside) and the output has
        stopped for a moment (prompt_toolkit writes each screen in one go)."""
        text = " ".join(text.split())
        end = time.monotonic() + timeout
        quiet_since = time.monotonic()
        while time.monotonic() < end:
            try:
                self.read_nonblocking(65536, timeout=0.05)
                quiet_since = time.monotonic()
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                break
            shown = " ".join(" ".join(self.lines()).split())
            if text in shown and time.monotonic() - quiet_since > QUIET:
                break
        return self.lines()

    def press(self, keys: str, then: str) -> list[str]:
        self.send(keys)
        return self.wait_for(then)


class _ScreenWriter:
    """What prompt_toolkit's Vt100 output writes to: a terminal (isatty), played into pyte."""

    encoding = "utf-8"

    def __init__(self, stream: pyte.Stream, drawn: Any) -> None:
        self.stream = stream
        self.drawn = drawn

    def write(self, data: str) -> int:
        self.stream.feed(data)
        return len(data)

    def flush(self) -> None:
        self.drawn()

    def isatty(self) -> bool:
        return True


class PipeTerminal:
    """An in-process terminal of `rows` x `columns` for the interview: prompt_toolkit's pipe
    input, and an output played through a pyte screen that answers each cursor-position
    request with the cursor's row, then types the keys for that prompt (one string per
    prompt, in order), as a person types once the screen is drawn.

    The keys for a prompt are meant to finish it (the last keys excepted). `last_screen`
    keeps what the screen showed once the last keys were handled and drawn; the input then
    ends (the interview stops, as on Ctrl-D): at once if the prompt still waits, else when
    the next prompt asks where the cursor is (it gets its reply first: prompt_toolkit would
    wait a second for it). A prompt still waiting once its keys were handled (they did not
    do what the test meant) ends the input too. `patience`: seconds after which the input
    ends anyway."""

    def __init__(
        self, keys: Sequence[str], rows: int = 24, columns: int = 80, patience: float = 10
    ) -> None:
        from prompt_toolkit.data_structures import Size
        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.output.vt100 import Vt100_Output

        self._pipe_context = create_pipe_input()
        self.input = self._pipe_context.__enter__()
        self.keys = list(keys)
        self.screen = AnsweringScreen(columns, rows, self._answer)
        self.stream = pyte.Stream(self.screen)
        self.output = Vt100_Output(
            _ScreenWriter(self.stream, self._drawn), lambda: Size(rows, columns), term="xterm"
        )
        self.requests = 0  # cursor-position requests answered: one per prompt shown
        self.last_screen: list[str] = []
        self.last_cells: list[list[Any]] = []  # the same, as pyte's cells (with their style)
        self._all_sent = not self.keys
        self._done = False  # the last keys were handled: the input ends at the next prompt
        self._ended = False
        self._timer = threading.Timer(patience, self.end)
        self._timer.start()

    def _answer(self, reply: str) -> None:
        self.requests += 1
        if self._ended:
            return
        if not self.keys:  # the reply still goes (prompt_toolkit waits a second for it)
            self.input.send_text(reply)
            self.end(look=not self._done)
            return
        self.input.send_text(reply + self.keys.pop(0))
        self._all_sent = not self.keys

    def _drawn(self) -> None:
        """After a screen is written: once the keys sent are read and handled, end if they
        were the last, or if the prompt they were for is still waiting."""
        import select

        from prompt_toolkit.application import get_app

        if self._ended or not self.requests:
            return
        app = get_app()
        unread = select.select([self.input.fileno()], [], [], 0)[0]
        if unread or app.key_processor.input_queue or self._done:
            return
        if app.is_running and not app.is_done:  # the prompt waits: no more keys for it
            self.end()
        elif self._all_sent:  # the last prompt is done: the next one gets its reply, and the end
            self._look()
            self._done = True

    def _look(self) -> None:
        self.last_screen = self.lines()
        buffer = self.screen.buffer
        self.last_cells = [list(buffer[y].values()) for y in range(self.screen.lines)]

    def end(self, look: bool = True) -> None:
        if not self._ended:
            self._ended = True
            if look:
                self._look()
            self.input.close()

    def lines(self) -> list[str]:
        return screen_lines(self.screen)

    def __enter__(self) -> PipeTerminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        self.end()
        self._pipe_context.__exit__(None, None, None)


def tmux_or_skip() -> str:
    """The tmux program; in CI it must be there (.ci/run installs it from Debian)."""
    found = shutil.which("tmux")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed (.ci/run installs it from Debian)")
        pytest.skip("tmux is not installed")
    return found


class Tmux:
    """A command inside tmux (a real terminal emulator, which answers cursor-position
    requests), on a server of its own that ends with the test."""

    def __init__(
        self, command: Sequence[str], cwd: Path, env: dict[str, str], rows: int, columns: int
    ) -> None:
        self.tmux = tmux_or_skip()
        self.socket = cwd / f"tmux-{uuid.uuid4().hex[:8]}"
        self.status = cwd / f"exit-{uuid.uuid4().hex[:8]}"
        # The command's exit code goes to a file; the pane then stays until killed.
        shell = " ".join(_sh(word) for word in command)
        script = f"{shell}; echo $? > {_sh(str(self.status))}; sleep 600"
        self._tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            str(columns),
            "-y",
            str(rows),
            "-c",
            str(cwd),
            *[arg for key, value in env.items() for arg in ("-e", f"{key}={value}")],
            "sh",
            "-c",
            script,
        )
        self._tmux("set-option", "-g", "status", "off")

    def _tmux(self, *args: str) -> str:
        run = subprocess.run(
            [self.tmux, "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "xterm"},
        )
        return run.stdout

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self._tmux("capture-pane", "-p").split("\n")]

    def type(self, keys: str) -> None:
        """Keys as the person types them: text literally, Enter and arrows by name."""
        for part in re.split(r"(\r|\x1b\[[AB]|\x7f|\x15|\x03)", keys):
            named = {"\r": "Enter", "\x1b[A": "Up", "\x1b[B": "Down", "\x7f": "BSpace"}
            named |= {"\x15": "C-u", "\x03": "C-c"}
            if part in named:
                self._tmux("send-keys", named[part])
            elif part:
                self._tmux("send-keys", "-l", part)

    def wait_for(self, text: str, timeout: float = 10) -> list[str]:
        """The screen once `text` is on it and has not changed for a moment."""
        text = " ".join(text.split())
        end = time.monotonic() + timeout
        last: list[str] = []
        same_since = time.monotonic()
        while time.monotonic() < end:
            lines = self.lines()
            if lines != last:
                last, same_since = lines, time.monotonic()
            elif text in " ".join(" ".join(lines).split()) and (
                time.monotonic() - same_since > QUIET
            ):
                break
            time.sleep(0.02)
        return last

    def exit_code(self, timeout: float = 10) -> int | None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.status.exists() and self.status.read_text().strip():
                return int(self.status.read_text())
            time.sleep(0.05)
        return None

    def close(self) -> None:
        self._tmux("kill-server")


def _sh(word: str) -> str:
    import shlex

    return shlex.quote(word)


def paincheck_command() -> str:
    found = Path(sys.prefix) / "bin" / "paincheck"
    command = str(found) if found.exists() else shutil.which("paincheck")
    if command is None:
        pytest.skip("the paincheck command is not installed (run `uv sync`)")
    return command


def environment(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm",
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "LINES": "24",
    }


def screen_text(q: Questionnaire, question_id: str, lang: str = "en") -> str:
    """The question's first line on an 80-column screen: seen once its prompt is drawn."""
    question = q.question(question_id)
    assert question is not None
    mark = " " + q.message("interview_required_mark", lang) if question.required else ""
    return textwrap.fill(question.text(lang) + mark, 79).split("\n")[0]


def plain_keys_for(
    question: Question, value: Value, so_far: Mapping[str, Value], q: Questionnaire
) -> str:
    """The lines a patient types in --plain: numbers with commas, "-" skips a list."""
    if question.type in ("text", "integer"):
        return keys_for(question, value, so_far, q)
    if value is None:
        return "-" + ENTER
    ids = [c for c, _ in walk.choice_labels(view_of(q, "en"), question, so_far)]
    chosen = value if isinstance(value, list) else [value]
    return ",".join(str(ids.index(str(c)) + 1) for c in chosen) + ENTER


def script(
    q: Questionnaire,
    target: Mapping[str, Value],
    given: Mapping[str, Value],
    lang: str = "en",
    plain: bool = False,
) -> list[tuple[str, str]]:
    """(what appears on screen, keys to press) for each prompt up to the review."""
    so_far: dict[str, Value] = dict(given)
    steps = []
    typed = plain_keys_for if plain else keys_for
    for question in q.questions:
        shown, _ = shown_questions(q, so_far)
        if question not in shown or question.id in given:
            continue
        value = target.get(question.id)
        steps.append((screen_text(q, question.id, lang), typed(question, value, so_far, q)))
        if value is not None:
            so_far[question.id] = value
            if walk.flagged_choices(question, value):
                # "Go on", once the panel takes keys (half a second after it is drawn)
                steps.append((q.message("interview_panel_go_on", lang), PAUSE + "2" + ENTER))
    return steps


def spawn(
    args: list[str],
    cwd: Path,
    term: str = "xterm",
    program: str | None = None,
    columns: int = 80,
) -> ScreenSpawn:
    """The command on a pseudo-terminal of 24 rows (80 columns) that answers
    cursor-position requests."""
    child = ScreenSpawn(
        program or paincheck_command(),
        args,
        cwd=str(cwd),
        env={**environment(cwd), "TERM": term, "COLUMNS": str(columns)},
        dimensions=(24, columns),
        encoding="utf-8",
        timeout=20,
    )
    child.logfile_read = io.StringIO()  # everything shown, for the checks at the end
    # pexpect waits 50 ms before every send by default; each send here follows the expected
    # prompt on screen, so that wait only made a whole interview seconds slower.
    child.delaybeforesend = None
    return child


PAUSE = "\0pause\0"  # in keys: wait until a warning panel takes keys


def run_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [paincheck_command(), *args],
        cwd=cwd,
        env=environment(cwd),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def plain(output: str) -> str:
    return " ".join(re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", output).split())


TERMINAL_QUIET = 0.15  # seconds without output that end a screen of `Terminal`


class Terminal:
    """The installed command on a pseudo-terminal of `rows` x `columns`, its output played on
    a screen that answers cursor-position requests."""

    def __init__(self, args: list[str], cwd: Path, rows: int = 24, columns: int = 80) -> None:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(cwd),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
        }
        program = paincheck_command()
        if args and args[0] == "-c":  # a command line pasted into the shell
            program, args = "/bin/sh", args
        self.child = pexpect.spawn(
            program, args, cwd=str(cwd), env=env, dimensions=(rows, columns), encoding="utf-8"
        )
        self.child.delaybeforesend = None
        self.screen = AnsweringScreen(columns, rows, self.child.send)
        self.stream = pyte.Stream(self.screen)
        self.output = ""

    def lines(self) -> list[str]:
        return [re.sub(r"\s*[\^v]$", "", line).rstrip() for line in self.screen.display]

    def wait_for(self, text: str, timeout: float = 10) -> list[str]:
        """The screen once `text` is on it and the output has stopped for a moment."""
        text = " ".join(text.split())
        end = time.monotonic() + timeout
        quiet_since = time.monotonic()
        while time.monotonic() < end:
            try:
                chunk = self.child.read_nonblocking(65536, timeout=0.05)
                self.output += chunk
                self.stream.feed(chunk)
                quiet_since = time.monotonic()
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                break
            if text in words(self.lines()) and time.monotonic() - quiet_since > TERMINAL_QUIET:
                break
        return self.lines()

    def press(self, keys: str, then: str) -> list[str]:
        self.child.send(keys)
        return self.wait_for(then)

    def finish(self) -> int:
        """Wait for the command to end; its exit code."""
        self.child.expect(pexpect.EOF, timeout=20)
        self.output += self.child.before or ""
        self.child.close()
        return int(self.child.exitstatus)

    def close(self) -> None:
        self.child.close(force=True)


def plain_output(text: str) -> str:
    """What was printed, escape sequences out, lines joined into words."""
    return " ".join(re.sub(r"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|[=>])", " ", text).split())


class PrintingTerminal(Terminal):
    """The panel tests' terminal (it answers cursor-position requests), waiting for text
    printed at any time, even if it has scrolled off the screen since."""

    def wait_printed(self, text: str, timeout: float = 15) -> None:
        end = time.monotonic() + timeout
        while " ".join(text.split()) not in plain_output(self.output):
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} never appeared:\n{self.output[-3000:]}")
            try:
                chunk = self.child.read_nonblocking(65536, timeout=0.1)
            except pexpect.TIMEOUT:
                continue
            self.output += chunk
            self.stream.feed(chunk)
