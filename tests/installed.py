"""Run the installed `paincheck` command in a child process, measuring its time and memory."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PAINCHECK = Path(sys.executable).with_name("paincheck")

# Measures the command from a small parent: a child forked straight from pytest would count
# pytest's own memory in its peak. Writes the peak (kB) to argv[1]; exits as the command did.
_MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = 0
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
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
    peak_mb: float

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
) -> Run:
    """Run `paincheck ARGS` (or `command`) and wait for it, with its own peak memory."""
    report = tempfile.NamedTemporaryFile(prefix="paincheck-rusage-", delete=False)  # noqa: SIM115
    report.close()
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURE, report.name, *(command or [str(PAINCHECK), *args])],
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
        peak_kb = Path(report.name).read_text() or "0"
        os.unlink(report.name)
    return Run(
        exit_code=process.returncode,
        stdout=out.decode("utf-8", "replace"),
        stderr=err.decode("utf-8", "replace"),
        seconds=time.perf_counter() - start,
        peak_mb=int(peak_kb) / 1024,
    )
