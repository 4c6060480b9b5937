"""Writing health information when things go wrong: a clear message, the old file intact
byte for byte, and no temporary file left behind.

Tests run as root, where file permissions stop nothing; a read-only or full disk is a small
tmpfs mounted for the test (skipped where mounting is not allowed; the same failures are also
simulated in-process so they are always tested).
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paincheck.errors import PaincheckError
from paincheck.files import writing
from paincheck.files.writing import write_private
from tests.helpers import PERSONAS
from tests.helpers.installed import PAINCHECK, run_installed

OLD = b"# the answers saved last week\nanswers:\n  pain_now: 6\n"
NEW = b"answers:\n  pain_now: 7\n" + b"# padding\n" * 20_000  # about 200 kB


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def mount_tmpfs(mount_point: Path, options: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 kB tmpfs holding `old.yaml`, then filled up to the last byte."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not mount_tmpfs(disk, "size=64k,mode=0700"):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount)")
    try:
        (disk / "old.yaml").write_bytes(OLD)
        fill(disk / "filler")
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(path: Path) -> None:
    """Write to `path` until the disk is full."""
    with path.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 1024)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder holding `old.yaml` where nobody, not even root, may write."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not mount_tmpfs(disk, "size=1m,mode=0700"):
        pytest.skip("cannot mount a tmpfs here (needs root and mount)")
    try:
        (disk / "old.yaml").write_bytes(OLD)
        remount = subprocess.run(
            ["mount", "-o", "remount,ro", str(disk)], capture_output=True, check=False
        )
        if remount.returncode != 0:
            pytest.skip("cannot make the tmpfs read-only")
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


# -- write_private ------------------------------------------------------------------------


def test_a_new_file_is_private_and_complete(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    write_private(target, NEW)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert listing(tmp_path) == ["answers.yaml"]


def test_an_existing_file_is_not_overwritten_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_bytes(OLD)
    with pytest.raises(PaincheckError, match="already exists"):
        write_private(target, NEW)
    assert target.read_bytes() == OLD
    write_private(target, NEW, overwrite=True)
    assert target.read_bytes() == NEW
    assert listing(tmp_path) == ["answers.yaml"]


def test_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "answers.yaml"
    with pytest.raises(PaincheckError) as caught:
        write_private(target, NEW)
    assert str(caught.value) == f"{target}: cannot write: folder {target.parent} does not exist"
    assert listing(tmp_path) == []


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(OLD)
    target = tmp_path / "notes.txt" / "answers.yaml"
    with pytest.raises(PaincheckError, match="is not a folder"):
        write_private(target, NEW)
    assert (tmp_path / "notes.txt").read_bytes() == OLD


def test_a_folder_as_the_target(tmp_path: Path) -> None:
    with pytest.raises(PaincheckError, match="is a folder"):
        write_private(tmp_path, NEW, overwrite=True)


def test_unwritable_folder(read_only_disk: Path) -> None:
    target = read_only_disk / "old.yaml"
    with pytest.raises(PaincheckError) as caught:
        write_private(target, NEW, overwrite=True)
    assert str(caught.value) == f"{target}: cannot write: the folder is on a read-only disk"
    assert target.read_bytes() == OLD
    assert listing(read_only_disk) == ["old.yaml"]


def test_full_disk(small_disk: Path) -> None:
    target = small_disk / "old.yaml"
    with pytest.raises(PaincheckError) as caught:
        write_private(target, NEW, overwrite=True)
    assert "the disk is full" in str(caught.value)
    assert str(caught.value).startswith(f"{target}: ")
    assert target.read_bytes() == OLD
    assert listing(small_disk) == ["filler", "old.yaml"]


def test_full_disk_for_a_new_file(small_disk: Path) -> None:
    target = small_disk / "new.yaml"
    with pytest.raises(PaincheckError, match="the disk is full"):
        write_private(target, NEW)
    assert listing(small_disk) == ["filler", "old.yaml"]


class _Failing(io.BufferedWriter):
    """A file that writes half of what it is given, then fails."""

    failure: BaseException = OSError(errno.EIO, "Input/output error")

    def write(self, data: Any) -> int:
        half = bytes(data)[: len(data) // 2]
        super().write(half)
        super().flush()
        raise self.failure


def failing_fdopen(failure: BaseException) -> Any:
    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        assert mode == "wb"
        writer = _Failing(io.FileIO(fd, "wb"))
        writer.failure = failure
        return writer

    return fdopen


@pytest.mark.parametrize(
    ("failure", "says"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), "quota"),
    ],
)
def test_a_failure_in_the_middle_of_a_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: OSError, says: str
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_bytes(OLD)
    monkeypatch.setattr(writing.os, "fdopen", failing_fdopen(failure))
    with pytest.raises(PaincheckError) as caught:
        write_private(target, NEW, overwrite=True)
    assert says in str(caught.value)
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["answers.yaml"]


def test_fsync_failure_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "answers.yaml"
    target.write_bytes(OLD)

    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(writing.os, "fsync", fsync)
    with pytest.raises(PaincheckError, match="Input/output error"):
        write_private(target, NEW, overwrite=True)
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["answers.yaml"]


def test_ctrl_c_in_the_middle_of_a_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "answers.yaml"
    target.write_bytes(OLD)
    monkeypatch.setattr(writing.os, "fdopen", failing_fdopen(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_private(target, NEW, overwrite=True)
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["answers.yaml"]


def test_a_folder_without_hard_links_still_gets_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FAT (USB sticks) and some network shares have no hard links."""

    def link(source: str, target: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(writing.os, "link", link)
    write_private(tmp_path / "report.pdf", NEW)
    assert (tmp_path / "report.pdf").read_bytes() == NEW
    (tmp_path / "old.pdf").write_bytes(OLD)
    with pytest.raises(PaincheckError, match="already exists"):
        write_private(tmp_path / "old.pdf", NEW)
    assert (tmp_path / "old.pdf").read_bytes() == OLD
    assert listing(tmp_path) == ["old.pdf", "report.pdf"]


# -- through the command ------------------------------------------------------------------


def test_template_into_a_missing_folder(cli, tmp_path: Path) -> None:
    target = tmp_path / "gone" / "answers.yaml"
    result = cli("template", "-o", str(target))
    assert result.exit_code == 1
    assert (
        result.stderr == f"error: {target}: cannot write: folder {target.parent} does not exist\n"
    )


def test_template_on_a_read_only_disk(cli, read_only_disk: Path) -> None:
    target = read_only_disk / "old.yaml"
    result = cli("template", "-o", str(target), "--force")
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    assert target.read_bytes() == OLD


def test_template_on_a_full_disk(small_disk: Path) -> None:
    target = small_disk / "old.yaml"
    run = run_installed("template", "-o", str(target), "--force")
    assert run.exit_code == 1
    assert run.errors == [
        f"error: {target}: cannot write: the disk is full (no space left on device); "
        "nothing was written"
    ]
    assert "Traceback" not in run.stderr
    assert target.read_bytes() == OLD
    assert listing(small_disk) == ["filler", "old.yaml"]


def test_ctrl_c_while_template_writes(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "answers.yaml"
    target.write_bytes(OLD)
    monkeypatch.setattr(writing.os, "fdopen", failing_fdopen(KeyboardInterrupt()))
    result = cli("template", "-o", str(target), "--force")
    assert result.exit_code == 130
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["answers.yaml"]


@pytest.mark.parametrize(
    "args",
    [
        ["template"],
        ["questions", "--format", "json"],
        ["questions"],
        ["summary", str(PERSONAS / "foot-after-fracture.yaml")],
        ["summary", str(PERSONAS / "foot-after-fracture.yaml"), "--format", "json"],
        ["validate", str(PERSONAS / "foot-after-fracture.yaml")],
        ["--version"],
    ],
)
def test_standard_output_on_a_full_device(args: list[str]) -> None:
    """`paincheck ... > /dev/full`: a message and exit 1, not a traceback."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    run = run_installed(
        command=["/bin/sh", "-c", 'exec "$0" "$@" > /dev/full', str(PAINCHECK), *args]
    )
    assert run.exit_code == 1
    assert run.errors == ["error: cannot write the output: No space left on device"]
    assert "Traceback" not in run.stderr
    assert "Exception ignored" not in run.stderr


PERSONA = str(PERSONAS / "foot-after-fracture.yaml")


@pytest.mark.parametrize(
    "args",
    [
        ["template"],
        ["questions"],
        ["questions", "--format", "fhir"],
        ["summary", PERSONA],
        ["summary", PERSONA, "--format", "json"],
        ["validate", PERSONA],
        ["export", PERSONA, "-o", "report.pdf"],
        ["run", "--answers", PERSONA, "--save", "saved.yaml"],
        ["--version"],
        ["--help"],
    ],
)
def test_closed_standard_output_is_an_error(args: list[str], tmp_path: Path) -> None:
    """`paincheck ... >&-`: one message and exit 1, never a silent exit 0 with nothing shown."""
    run = run_installed(
        command=["/bin/sh", "-c", 'exec "$0" "$@" >&-', str(PAINCHECK), *args], cwd=tmp_path
    )
    assert (run.exit_code, run.stderr) == (
        1,
        "error: cannot write the output: standard output is closed\n",
    )
    assert listing(tmp_path) == []  # and nothing written anywhere else instead


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["summary", "-"], "error: <stdin>: standard input is closed; give a file name or pipe "
         "the answers in"),
        (["validate", "-"], "error: <stdin>: standard input is closed; give a file name or pipe "
         "the answers in"),
        (["run"], "error: paincheck run: there is no terminal to ask questions in"),
    ],
)  # fmt: skip
def test_closed_standard_input_is_a_message(args: list[str], says: str, tmp_path: Path) -> None:
    run = run_installed(
        command=["/bin/sh", "-c", 'exec "$0" "$@" <&-', str(PAINCHECK), *args], cwd=tmp_path
    )
    assert run.exit_code == 1
    assert len(run.errors) == 1 and run.errors[0].startswith(says), run.stderr
    assert run.stderr.count("\n") == 1, run.stderr
    assert run.stdout == ""


def test_export_on_a_full_disk_leaves_no_partial_pdf(cli, small_disk: Path) -> None:
    if cli("export", "--help").exit_code != 0:
        pytest.skip("this paincheck has no export command yet")
    target = small_disk / "report.pdf"
    result = cli("export", str(PERSONAS / "foot-after-fracture.yaml"), "-o", str(target))
    assert result.exit_code == 1
    assert f"error: {target}: cannot write: the disk is full" in result.stderr
    assert listing(small_disk) == ["filler", "old.yaml"]
