"""The commands' one output sink: results to standard output; notes, warnings and errors to
standard error. Escaping, width and exit codes are decided here, once."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from paincheck.errors import ExitCode, InterviewInterrupted, PaincheckError, Problem, Terminated

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

MAX_PROBLEMS_SHOWN = 50
STDOUT = "-"  # as an output file name (-o -): standard output
FILE_WIDTH = 80  # a renderable written to a file: plain text, this many columns


class Output:
    """Where everything a command shows goes."""

    def __init__(self) -> None:
        # The command's language once it is chosen (`cli_common.pick_language`): problems
        # worded by the engine's messages (`paincheck.text.messages`) are shown in it.
        self.lang: str | None = None

    @contextmanager
    def reporting(self) -> Iterator[None]:
        """Turn paincheck's errors into one message per problem and the documented exit code."""
        self.lang = None  # until the command chooses one
        try:
            yield
        except InterviewInterrupted as exc:
            # A stop asked for with Ctrl-C is not an error: the message says where the answers
            # are, in whole words, and the command that goes on stands on a line of its own.
            self.stopped(exc)
            raise typer.Exit(int(exc.exit_code)) from None
        except PaincheckError as exc:
            self.problems(exc.problems)
            raise typer.Exit(int(exc.exit_code)) from None

    def stopped(self, stop: InterviewInterrupted) -> None:
        """Where a stopped interview's answers are, wrapped between words on a terminal, then
        the command that goes on (never wrapped: it is pasted whole)."""
        for problem in stop.problems:
            typer.echo(_between_words(str(problem), sys.stderr), err=True)
        if stop.command:
            typer.echo(f"  {stop.command}", err=True)

    @contextmanager
    def ending(self) -> Iterator[None]:
        """Around the whole run: what is still buffered is written, and what no command
        catches (Ctrl-C outside the interview, standard output that fails) becomes a message
        and its exit code, never a traceback. SIGTERM and SIGHUP unwind like Ctrl-C, so no
        temporary or lock file is left behind, and the process then ends killed by the
        signal, as the shell and service managers expect (exit status 143 or 129)."""
        _end_cleanly_on_signals()
        try:
            try:
                yield
            finally:
                # Output still buffered is written now: failing to write it is an error, not exit 0.
                sys.stdout.flush()
        except Terminated as stopped:
            import os
            import signal

            with suppress(OSError, ValueError):
                sys.stdout.flush()
            signal.signal(stopped.signum, signal.SIG_DFL)
            os.kill(os.getpid(), stopped.signum)
            raise  # (not reached: the signal ends the process)
        except KeyboardInterrupt:
            typer.echo("\nInterrupted.", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))
        except OSError as exc:
            # Standard output on a full disk or a broken device: nothing more is tried on it.
            import os

            with suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            self.cannot_write(exc.strerror or str(exc))

    def cannot_write(self, reason: str) -> NoReturn:
        """Standard output cannot be written (closed, a full disk): say why, end with code 1."""
        typer.echo(f"error: cannot write the output: {reason}", err=True)
        sys.exit(int(ExitCode.INVALID_INPUT))

    def problems(self, problems: Sequence[object], prefix: str = "error: ") -> None:
        """One line per problem on standard error; past the first fifty, one line counts the rest."""
        from paincheck.text.display import file_name, printable

        # A list already capped by the code that found it (fifty, then "and N more") shows whole.
        shown = (
            problems if len(problems) <= MAX_PROBLEMS_SHOWN + 1 else problems[:MAX_PROBLEMS_SHOWN]
        )
        for problem in shown:
            if isinstance(problem, Problem) and problem.key is not None and self.lang:
                from paincheck.files.said import in_language

                problem = in_language(problem, self.lang)
            typer.echo(f"{prefix}{printable(str(problem), one_line=True)}", err=True)
        if len(shown) < len(problems):
            more = len(problems) - MAX_PROBLEMS_SHOWN
            first = problems[MAX_PROBLEMS_SHOWN]
            where = f"{file_name(first.file)}: " if isinstance(first, Problem) else ""
            typer.echo(f"{prefix}{where}and {more} more problems", err=True)

    def warnings(self, warnings: Sequence[object]) -> None:
        """Warnings, one a line, on standard error."""
        self.problems(warnings, "warning: ")

    def note(self, text: str) -> None:
        """A line for the person on standard error (what was written, what was kept); on a
        terminal, wrapped between words."""
        typer.echo(_between_words(text, sys.stderr), err=True)

    def line(self, text: str) -> None:
        """A line of the result on standard output, for a person: a character the terminal's
        encoding lacks is shown as "?"; on a terminal, wrapped between words."""
        _replace_what_stdout_cannot_show()
        typer.echo(_between_words(text, sys.stdout))

    def result(self, output: str | bytes | RenderableType) -> None:
        """A format's output on standard output: text (CSV, JSON, YAML, HTML) as UTF-8 bytes
        whatever the locale's encoding, as those formats require and as paincheck reads them
        back; a renderable through Rich, for a person."""
        if isinstance(output, str | bytes):
            data = output.encode("utf-8") if isinstance(output, str) else output
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:  # a stream without bytes underneath: text is all it takes
                typer.echo(data.decode("utf-8", "replace"), nl=False)
                return
            sys.stdout.flush()  # what was written before comes first
            buffer.write(data)
            buffer.flush()
        else:  # (a line that must not be wrapped, a command to paste, is not cut either)
            self.console().print(output, crop=False)

    def rendered(self, rendered: tuple[str | bytes, Sequence[object]]) -> None:
        """A rendered document on standard output (`-o -`), its warnings on standard error."""
        document, warnings = rendered
        self.warnings(warnings)
        self.result(document)

    def to_file(
        self, output: str | RenderableType, path: Path, *, overwrite: bool, inputs: Sequence[str]
    ) -> None:
        """A format's output in a private file (a renderable as plain text, 80 columns); never
        over one of the files read."""
        from paincheck.files.names import same_file
        from paincheck.files.writing import write_private

        if any(same_file(path, Path(file)) for file in inputs if file != "-"):
            raise PaincheckError.single(
                shown_path(path),
                "is one of the answers files read; it is never replaced (even with --force)",
            )
        text = output if isinstance(output, str) else self.plain_text([output], FILE_WIDTH)
        write_private(path, text, overwrite=overwrite)

    def plain_text(self, parts: Sequence[RenderableType], width: int) -> str:
        """Renderables as the plain text (no colour, no markup read) they take at `width`
        columns: for a file, or for a screen drawn by prompt_toolkit."""
        import io

        from rich.console import Console

        console = Console(
            file=io.StringIO(), width=width, color_system=None, highlight=False, markup=False
        )
        with console.capture() as captured:
            for part in parts:
                console.print(part)
        return captured.get()

    def console(self, *, colour: bool = True) -> Console:
        """The Rich console for standard output, the only one paincheck prints through:
        plain text when piped, no colour with NO_COLOR (or `colour=False`), a width a
        summary can be laid out in whatever COLUMNS says, control characters shown, and
        text never read as markup (a file named `m[red]x.yaml` is printed as written)."""
        from rich.console import Console

        _replace_what_stdout_cannot_show()
        from paincheck.output.terminal import VisibleText, sane_width

        console = Console(highlight=False, markup=False, color_system="auto" if colour else None)
        console.width = sane_width(console.width)
        console.push_render_hook(VisibleText())
        return console

    def page(self, console: Console, output: RenderableType, failed: Callable[[str], str]) -> None:
        """Show `output` in the person's pager ($MANPAGER or $PAGER, as pydoc picks it, else
        less). A pager that cannot start or fails (exit code not 0) shows nothing: then
        `output` is printed here, after the line `failed(pager command)`."""
        from paincheck.output.terminal import CheckedPager

        pager = CheckedPager(lambda command: self.note(failed(command)))
        with console.pager(pager=pager, styles=False):  # less shows colour codes without -R
            console.print(output)

    def fail_if(self, failed: bool) -> None:
        """End with the invalid-input code when some file could not be used."""
        if failed:
            raise typer.Exit(int(ExitCode.INVALID_INPUT))


def _between_words(text: str, stream: object) -> str:
    """`text` wrapped between words to the width of the terminal `stream` writes to (a word
    cut in two by the terminal is hard to read); as it is when that is no terminal."""
    import textwrap

    columns = _terminal_columns(stream)
    if columns is None or len(text) <= columns:
        return text
    return "\n".join(
        textwrap.fill(line, columns, break_long_words=False, break_on_hyphens=False) or line
        for line in text.split("\n")
    )


def _terminal_columns(stream: object) -> int | None:
    """The width of the terminal `stream` writes to, less one column (None: no terminal, or
    one too narrow to wrap for)."""
    import shutil

    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return None
    columns = shutil.get_terminal_size().columns
    return columns - 1 if columns >= 20 else None


def _replace_what_stdout_cannot_show() -> None:
    """A terminal that is not UTF-8 shows "?" for a character it lacks (an accent, an emoji
    typed by the patient) instead of ending in a traceback."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def _end_cleanly_on_signals() -> None:
    """Turn SIGTERM and SIGHUP (a closed terminal) into `Terminated`, raised where the
    program is, so that `finally` blocks run. A signal ignored when paincheck started
    (`nohup`) stays ignored."""
    import signal

    def stop(signum: int, frame: object) -> None:
        for name in _ENDING_SIGNALS:  # a second signal waits until the cleaning up is done
            signal.signal(getattr(signal, name), signal.SIG_IGN)
        raise Terminated(signum)

    for name in _ENDING_SIGNALS:
        number = getattr(signal, name)
        if signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, stop)


_ENDING_SIGNALS = ("SIGTERM", "SIGHUP")


def shown_path(path: Path | str) -> str:
    """A path as a message shows it: one line, control characters visible."""
    from paincheck.text.display import printable

    return printable(str(path), one_line=True)


out = Output()
