"""One error root for paincheck, and the documented exit codes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from enum import IntEnum

from paincheck.model import model

# "<TickList at 0x7f3a...>": a Python object's memory address means nothing to a reader and
# changes with every run; a message from a library that includes one loses it here.
# (Compiled at its first use, by re.sub: no start-up pays for it.)
_ADDRESS = r"(<[^<>\n]*?)\s+(?:object\s+)?at 0x[0-9a-fA-F]+"


# Every value a message echoes is shortened where the message is made (`display.quoted`); no
# message is longer than this, whatever it quotes.
MAX_MESSAGE = 10_000


class ExitCode(IntEnum):
    """Exit codes of the `paincheck` command (see the README)."""

    OK = 0
    INVALID_INPUT = 1
    USAGE = 2
    INTERRUPTED = 130


@model
class Problem:
    """One problem found in one file, about one question where it applies."""

    file: str
    message: str
    question: str | None = None
    # An engine message (`paincheck.files.said`): its key and values, to word it again in the
    # command's language when shown (`message` is the English).
    key: str | None = field(default=None, compare=False)
    values: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        # What a file holds (a key, a value, its own name) reaches the terminal only here,
        # with control characters visible and no line break that could forge another line.
        from paincheck.text.display import file_name, printable, shortened

        where = file_name(self.file)
        if self.question:
            where += f": {shortened(self.question, 60)}"
        message = re.sub(_ADDRESS, r"\1", self.message)
        if len(message) > MAX_MESSAGE:  # the last guard: a value echoed whole by mistake
            message = message[: MAX_MESSAGE - 3] + "..."
        return f"{where}: {printable(message, one_line=True)}"


class PaincheckError(Exception):
    """Anything paincheck reports to the user instead of a traceback."""

    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, question: str | None = None) -> PaincheckError:
        """An error with one problem."""
        return cls([Problem(file, message, question)])


class UsageError(PaincheckError):
    """A command-line value that cannot work here (a language the questionnaire lacks)."""

    exit_code = ExitCode.USAGE


class InterviewInterrupted(PaincheckError):
    """The interview was stopped with Ctrl-C or end of input; answers were saved. (The
    interview's own `saving.Interrupted` carries them too.)"""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, problems: Iterable[Problem], command: str = "") -> None:
        super().__init__(problems)
        self.command = command  # the command that goes on, shown on a line of its own
        if command:
            self.args = (f"{self.args[0]}\n  {command}",)


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived: unwind (removing temporary and lock files), then end as
    killed by that signal. A SystemExit: nothing catches it by accident, not even an event
    loop that logs every other exception of a callback (asyncio, under the interview) and
    goes on; uncaught, it still ends the process with 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum
