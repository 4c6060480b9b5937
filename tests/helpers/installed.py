"""Run the installed `paincheck` command in a child process, measuring its time and memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAINCHECK = Path(sys.executable).with_name("paincheck")

# Measures the command from a small parent: a child forked straight from pytest would count
# pytest's own memory in its peak. Writes the peak (kB) and the CPU seconds (user + system) to
# argv[1]; exits as the command did.
_MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = 0
with open(sys.argv[1], "w") as report:
    report.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


@dataclass(frozen=True)
class Run:
    """What one run of the command did."""

    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float | None  # None: not measured
    # What "fast" is checked against: the command's own work. On a shared machine the wall
    # clock (`seconds`) also counts every other program waiting for the same cores.
    cpu_seconds: float

    @property
    def errors(self) -> list[str]:
        """The `error: ...` lines on standard error, one per problem."""
        return [line for line in self.stderr.splitlines() if line.startswith("error: ")]


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a test run: plain text, English, 80 columns."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env.update(NO_COLOR="1", LANG="C.UTF-8", COLUMNS="80", TERM="dumb")
    env.update(extra or {})
    return env


def run_installed(
    *args: str,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    command: list[str] | None = None,
    timeout: float = 60,
    peak_memory: bool = False,
) -> Run:
    """Run `paincheck ARGS` (or `command`) and wait for it. Its CPU time is always measured;
    its peak memory only with `peak_memory` (it costs a small parent interpreter per run)."""
    command = command or [str(PAINCHECK), *args]
    report = None
    if peak_memory:
        with tempfile.NamedTemporaryFile(prefix="paincheck-rusage-", delete=False) as file:
            report = Path(file.name)
        command = [sys.executable, "-c", _MEASURE, str(report), *command]
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=dict(env) if env is not None else child_env(),
    )
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    finally:
        measured = ""
        if report is not None:
            measured = report.read_text()
            report.unlink()
    seconds = time.perf_counter() - start
    if report is not None:
        peak_kb, cpu = (measured or "0 0").split()
        peak_mb: float | None = int(peak_kb) / 1024
        cpu_seconds = float(cpu)
    else:  # the one child waited for since `before`: tests in a process run one at a time
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = None
        cpu_seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run(
        exit_code=process.returncode,
        stdout=out.decode("utf-8", "replace"),
        stderr=err.decode("utf-8", "replace"),
        seconds=seconds,
        peak_mb=peak_mb,
        cpu_seconds=cpu_seconds,
    )


def run_in_process(cli: Callable[..., Any], *args: str) -> Run:
    """`paincheck ARGS` through the `cli` fixture (the app in-process), as a Run: the same code
    and output for a hundredth of a child's cost. An exception escapes the test as itself, so
    none is printed unseen. Its memory is the test process's and is not measured."""
    start, cpu = time.perf_counter(), time.process_time()
    result = cli(*args)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Run(result.exit_code, result.stdout, result.stderr, seconds, None, cpu)
