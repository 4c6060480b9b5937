"""paincheck makes no network connection, ever: every command runs with the network cut off.

Every command runs in a child interpreter started as the `paincheck` script starts, with a
`sitecustomize` that replaces internet sockets and name lookups with a trap: any attempt is
written down (in the log file named by PAINCHECK_NETWORK_LOG when it happens) and fails. Local
sockets (AF_UNIX, used by event loops) stay allowed. The commands run one after another in one
child (a child per command cost 17 interpreter start-ups), each with its own log file and
exit code; the interview runs on a real terminal in its own child.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import PERSONAS
from tests.helpers.installed import PAINCHECK, child_env, run_installed

TRAP = """
import os
import socket

_Socket = socket.socket


def _attempt(what):
    with open(os.environ["PAINCHECK_NETWORK_LOG"], "a", encoding="utf-8") as log:
        log.write(what + "\\n")
    raise OSError("network use is not allowed in this test: " + what)


class _NoInternet(_Socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family in (-1, socket.AF_INET, socket.AF_INET6):
            _attempt("socket(family=%s)" % family)
        super().__init__(family, type, proto, fileno)


def _lookup(*args, **kwargs):
    _attempt("name lookup %r" % (args[:1],))


socket.socket = _NoInternet
socket.getaddrinfo = _lookup
socket.gethostbyname = _lookup
socket.gethostbyname_ex = _lookup
socket.create_connection = lambda *a, **k: _attempt("create_connection %r" % (a[:1],))
"""

PERSONA = PERSONAS / "foot-after-fracture.yaml"
# The persona with every question answered (it predates crps_diagnosis): nothing left to ask.
SAMPLE = Path(__file__).parents[1] / "questions" / "samples" / "foot-after-fracture.yaml"


@pytest.fixture
def offline(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """The environment of an offline run, and the file where attempts are written down."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(TRAP, encoding="utf-8")
    log = tmp_path / "network-attempts.log"
    env = child_env({"PYTHONPATH": str(site), "PAINCHECK_NETWORK_LOG": str(log)})
    return env, log


def test_the_trap_catches_a_connection(offline: tuple[dict[str, str], Path]) -> None:
    """The trap itself works: a program that does try to connect is caught."""
    env, log = offline
    code = "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/', timeout=1)"
    run = run_installed(command=[sys.executable, "-c", code], env=env)
    assert run.exit_code != 0
    assert log.read_text(encoding="utf-8").strip()


COMMANDS = {
    "--help": ["--help"],
    "--version": ["--version"],
    "summary text": ["summary", str(PERSONA)],
    "summary json": ["summary", str(PERSONA), "--format", "json"],
    "summary es": ["summary", str(PERSONA), "--lang", "es"],
    "validate": ["validate", str(PERSONA)],
    "template": ["template"],
    "template to a file": ["template", "-o", "answers.yaml"],
    "questions": ["questions"],
    "questions json": ["questions", "--format", "json"],
    "questions fhir": ["questions", "--format", "fhir"],
    "run, all answered": ["run", "--answers", str(SAMPLE), "--save", "saved.yaml"],
    "export pdf": ["export", str(PERSONA), "-o", "report.pdf"],
    "export redacted, large print, A4": [
        "export",
        str(PERSONA),
        "-o",
        "r.pdf",
        "--redact",
        "--large-print",
        "--paper",
        "a4",
    ],
    "export blank": ["export", "--blank", "-o", "blank.pdf"],
    "export several": ["export", str(PERSONA), str(PERSONAS / "knee-urgent.yaml"), "-o", "."],
    "export fhir": ["export", str(PERSONA), "--format", "fhir", "-o", "response.json"],
}


# Runs each command as the `paincheck` script does (`main()`, which ends in SystemExit),
# with the trap writing to LOG_FOLDER/<n>.log; writes the exit codes to argv[3] as JSON.
RUN_EACH = """
import json, os, sys, traceback
from paincheck.cli import main
commands, folder, report = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
codes = []
for number, args in enumerate(commands):
    os.environ["PAINCHECK_NETWORK_LOG"] = os.path.join(folder, f"{number}.log")
    sys.argv = ["paincheck", *args]
    try:
        main()
        codes.append(0)
    except SystemExit as exit:
        codes.append(exit.code if isinstance(exit.code, int) else int(exit.code is not None))
    except BaseException:
        traceback.print_exc()
        codes.append("uncaught " + traceback.format_exc())
    sys.stdout.flush()
    sys.stderr.flush()
with open(report, "w", encoding="utf-8") as out:
    json.dump(codes, out)
"""


def test_every_command_runs_without_network(
    offline: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, _ = offline
    logs = tmp_path / "attempts"
    logs.mkdir()
    report = tmp_path / "codes.json"
    commands = json.dumps(list(COMMANDS.values()))
    run = run_installed(
        command=[sys.executable, "-c", RUN_EACH, commands, str(logs), str(report)],
        env=env,
        cwd=tmp_path,
    )
    assert run.exit_code == 0, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    codes = dict(zip(COMMANDS, json.loads(report.read_text(encoding="utf-8")), strict=True))
    assert codes == dict.fromkeys(COMMANDS, 0), run.stderr
    attempts = {
        name: (logs / f"{number}.log").read_text(encoding="utf-8")
        for number, name in enumerate(COMMANDS)
        if (logs / f"{number}.log").exists()
    }
    assert attempts == {}
    # Each command did its work in the shared child (and the trap's own log stays unwritten).
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "answers.yaml",
        "attempts",
        "blank.pdf",
        "codes.json",
        "foot-after-fracture.pdf",
        "knee-urgent.pdf",
        "r.pdf",
        "report.pdf",
        "response.json",
        "saved.yaml",
        "site",
    ]


@pytest.mark.pty
def test_the_interview_runs_without_network(
    offline: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    """The interactive interview (questionary, prompt_toolkit) on a real terminal, offline."""
    pexpect = pytest.importorskip("pexpect")
    if shutil.which("stty") is None:
        pytest.skip("no terminal tools here")
    env, log = offline
    child = pexpect.spawn(
        str(PAINCHECK),
        ["run", "--save", "saved.yaml"],
        cwd=str(tmp_path),
        env={**env, "TERM": "xterm"},
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    try:
        child.expect("name")
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130
    assert not log.exists(), log.read_text(encoding="utf-8")
