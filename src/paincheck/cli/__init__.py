"""The `paincheck` command line (Typer only): `main` imports and builds only the command asked
for; `app` is the whole app.

`checklist.py` holds the app and the checklist's commands, `diary.py` the `diary`
sub-commands, `compare.py` the `compare` command, and `common.py` the options and steps
they share. The last two join the app when they run, or when the whole app is wanted.
"""

from __future__ import annotations

import gc
import sys

# What the CLI layer imports (typing, Typer and click with it) lives as long as the process:
# looking for garbage among it, as Python does several times while it loads (and once more,
# over all of it, when collection is back on), finds none and costs about 9 ms of every start.
# Frozen, it is left out of every later collection.
_collecting = gc.isenabled()
gc.disable()
try:
    from typing import TYPE_CHECKING

    import typer

    from paincheck.cli import checklist
    from paincheck.output import out
finally:
    if _collecting:
        gc.freeze()
        gc.enable()

__all__ = ["app", "main"]

if TYPE_CHECKING:
    app: typer.Typer  # the whole app (see `__getattr__`)

# The commands whose modules join the checklist's app only when they are needed: importing
# them costs a millisecond of every other command's start.
ELSEWHERE = ("compare", "diary")


def whole_app() -> typer.Typer:
    """The app with every command, in the order `paincheck --help` lists them: the
    checklist's, then `compare`, then the `diary` group."""
    app = checklist.app
    if not any(group.name == "diary" for group in app.registered_groups):
        from paincheck.cli.compare import compare
        from paincheck.cli.diary import diary_app

        app.command()(compare)  # paincheck compare: visits side by side
        app.add_typer(diary_app, name="diary")
    return app


def __getattr__(name: str) -> typer.Typer:
    """`app`: the whole app, its other commands joined when first asked for."""
    if name == "app":
        return whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _guard_standard_streams() -> bool:
    """Put /dev/null under a closed standard stream (`>&-`); False if standard output was closed.

    A file paincheck opens would otherwise take the closed stream's number, and text meant
    for the terminal would land in it. A closed standard input reads as "not a terminal".
    """
    import os

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
            if opened != fd:
                os.close(opened)
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    return sys.stdout is not None


def _app_for(args: list[str]) -> typer.Typer:
    """The app with just the command that `args` starts with, or all of them.

    Typer reads the parameters of every command before it runs one (several milliseconds at
    each start); a run needs only its own, and only its own module. `paincheck`, `--help`,
    `--version` and a name that is not a command see the whole app, as do callers of `app`.
    """
    from copy import copy

    from typer.main import get_command_name

    name = args[0] if args else ""
    app = checklist.app if args and name not in ELSEWHERE else whole_app()
    commands = [
        c
        for c in app.registered_commands
        if (c.name or get_command_name(c.callback.__name__ if c.callback else "")) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return whole_app()
    lean = copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


def main() -> None:
    """Entry point of the `paincheck` command."""
    # Everything imported by now (Typer, click, YAML, paincheck) lives until the process ends.
    # Frozen, the collector never walks it again, and Python's full collection at exit skips
    # it: about 15 ms of every run, a tenth of the baseline's whole start.
    gc.freeze()
    if not _guard_standard_streams():
        out.cannot_write("standard output is closed")
    try:
        with out.ending():
            _app_for(sys.argv[1:])()
    finally:
        # The same for what the command loaded and made since (the answers of a thousand
        # files, for `summary`): the collection at exit would walk all of it once more.
        gc.freeze()
