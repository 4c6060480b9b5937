"""Write files that hold health information: private, atomic, never silently overwritten."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from paincheck.errors import PaincheckError
from paincheck.files.said import said_error
from paincheck.text.language import DEFAULT_LANGUAGE
from paincheck.text.messages import engine_message

PRIVATE_MODE = 0o600
# Folders where hard links do not work (FAT on USB sticks, some network shares) report these.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}
NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows disks
# A temporary file is named `.NAME.xxxxxxxx.tmp` (mkstemp's eight random characters): that
# many bytes more than the name, so a long name is cut to leave room for them.
_TEMP_EXTRA = len("..") + 8 + len(".tmp")


def write_private(path: Path, data: bytes | str, *, overwrite: bool = False) -> None:
    """Write `data` to `path` readable by the owner only, atomically.

    A temporary file in the same folder is written, flushed and renamed over the target, so a
    reader sees the old file or the new one, never half of one. Without `overwrite`, an
    existing file is left untouched and reported. Only a regular file is ever replaced: a
    device (`/dev/null`), a named pipe or a folder is refused, also behind a symbolic link;
    a link to a regular file has that file replaced, so the link keeps working. Whatever
    fails, including Ctrl-C, the temporary file is removed and an existing file keeps its
    old content.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    name = str(path)
    _refuse_special(path, name)
    if path.is_symlink() and not path.exists():
        raise dangling_link(path, name)
    if not overwrite and path.exists():
        raise _exists(name)
    if overwrite and path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        key = "file_folder_not_folder" if folder.exists() else "file_folder_missing"
        raise said_error(name, key, folder=folder)
    import tempfile  # here, not at the top: reading commands start faster without it

    temp_name = ""
    try:
        prefix = f".{fit_name(path.name, NAME_MAX - _TEMP_EXTRA)}."
        fd, temp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), PRIVATE_MODE)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            _refuse_special(path, name)  # checked again: it may have been swapped meanwhile
            os.replace(temp_name, path)
        else:
            _link_new(temp_name, path)
        temp_name = ""
        _sync_folder(folder)
    except FileExistsError:
        raise _exists(name) from None
    except OSError as exc:
        raise said_error(name, "file_cannot_write", reason=_reason(exc)) from None
    finally:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def written_as(data: bytes | None, path: Path) -> str:
    """The format to write `path` in: "json" or "yaml" as its content `data` was written
    (None: a new file, chosen by its name), or "fhir" for a FHIR resource in JSON. A file
    rewritten keeps the format it came in."""
    if not data or not data.strip():
        return "json" if path.suffix.lower() == ".json" else "yaml"
    import json

    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "yaml"
    return "fhir" if isinstance(value, dict) and "resourceType" in value else "json"


def write_rendered(
    path: Path, render: Callable[[], tuple[bytes | str, list[str]]], *, overwrite: bool = False
) -> list[str]:
    """Render a document and write it with `write_private`; the rendering's warnings.

    An existing file is refused before rendering, so a refused file costs no work.
    """
    refuse_existing(path, overwrite)
    data, warnings = render()
    write_private(path, data, overwrite=overwrite)
    return warnings


def refuse_existing(path: Path, overwrite: bool) -> None:
    """Refuse an existing file unless `overwrite`: checked before rendering, so a refused file
    costs no work (`write_private` checks again when it writes)."""
    if path.is_symlink() and not path.exists():
        raise dangling_link(path, str(path))
    if not overwrite and path.exists() and not path.is_dir():
        raise _exists(str(path))


def fit_name(name: str, limit: int = NAME_MAX) -> str:
    """The longest start of `name` that is at most `limit` bytes in a file name, cut between
    characters (a name in Chinese takes three bytes a character)."""
    if len(os.fsencode(name)) <= limit:
        return name
    kept = 0
    used = 0
    for char in name:
        used += len(os.fsencode(char))
        if used > limit:
            break
        kept += 1
    return name[:kept]


def dangling_link(path: Path, name: str) -> PaincheckError:
    """A symbolic link to nothing: what it is and what to do (never followed: a link left in
    a shared folder must not decide where health information is written)."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    from paincheck.text.display import printable

    return said_error(name, "file_dangling_link", target=printable(target, one_line=True))


# How long a write waits for another paincheck writing the same file (a diary with two `diary
# add` at once) before it is refused. A write holds the lock for well under a second.
LOCK_WAIT = 10.0
_LOCK_POLL = 0.02
# Where locks cannot be taken (some network and FUSE file systems), the write goes on without.
_NO_LOCKS = {errno.ENOLCK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}


@contextlib.contextmanager
def locked(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the write lock of `path`: one paincheck at a time reads, changes and writes it.

    The lock is the kernel's (`flock`) on a private file beside the real file
    (`.NAME.lock`, 0600): it ends with the process that holds it, so a crash never leaves a
    stale lock, and the lock file is removed when done. Another paincheck holding it longer
    than `wait` seconds (default `LOCK_WAIT`) makes this one refuse, changing nothing.
    """
    import fcntl
    import time

    real = Path(os.path.realpath(path)) if path.is_symlink() and path.exists() else path
    lock = real.with_name(f".{fit_name(real.name, NAME_MAX - len('..lock'))}.lock")
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError:
            # No lock file where the diary is (a missing or read-only folder): the write in
            # there fails too, and says why better than this could.
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise said_error(str(path), "file_locked") from None
            time.sleep(_LOCK_POLL)
            continue
        except OSError as exc:
            if exc.errno not in _NO_LOCKS:
                os.close(fd)
                raise said_error(str(path), "file_cannot_write", reason=_reason(exc)) from None
        if _same_inode(fd, lock):
            break
        os.close(fd)  # the holder before us removed this lock file: take the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)  # while still held: a waiter on this file then sees it is gone
        os.close(fd)


def _same_inode(fd: int, path: Path) -> bool:
    try:
        named = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def reserve(path: Path) -> bool:
    """Create `path` empty and private if no file has that name; False if one has.

    Two programs started together cannot both reserve one name (O_EXCL); the reserved file
    is then replaced atomically by `write_private(..., overwrite=True)`.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, PRIVATE_MODE)
    except FileExistsError:
        return False
    except OSError as exc:
        raise said_error(str(path), "file_cannot_write", reason=_reason(exc)) from None
    os.close(fd)
    return True


def release_unused(path: Path) -> None:
    """Remove a reserved file that was never written (still empty)."""
    with contextlib.suppress(OSError):
        if path.stat().st_size == 0:
            path.unlink()


def _refuse_special(path: Path, name: str) -> None:
    """Refuse a target that exists and is not a regular file (following symbolic links)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # a new file, or a link to nowhere; a missing folder is reported below
    except OSError as exc:
        raise said_error(name, "file_cannot_write", reason=_reason(exc)) from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise said_error(name, "file_is_folder")
    raise said_error(name, "file_special", kind=special_kind_key(mode))


def special_kind(mode: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a file that is not a regular file is, in words ("a named pipe (FIFO)")."""
    return engine_message(special_kind_key(mode), lang)


def special_kind_key(mode: int) -> str:
    """The message that says what a file that is not a regular file is."""
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "file_kind_device"
    if stat.S_ISFIFO(mode):
        return "file_kind_fifo"
    if stat.S_ISSOCK(mode):
        return "file_kind_socket"
    if stat.S_ISDIR(mode):
        return "file_kind_folder"
    return "file_kind_other"


def not_a_file(path: Path, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """Why `path` cannot be read as a regular file ("no such file", "is a folder, ..."), or
    None if it can. Names the real problem: a link to nowhere, a folder, a device."""
    said = not_a_file_said(path)
    if said is None:
        return None
    key, values = said
    if key == "file_not_regular":
        values = {"kind": engine_message(values["kind"], lang)}
    return engine_message(key, lang, **values)


def not_a_file_said(path: Path) -> tuple[str, dict[str, str]] | None:
    """Why `path` cannot be read as a regular file, as an engine message's key and values."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return "file_link_to_nothing", {"target": os.readlink(path)}
        return "file_missing", {}
    except OSError as exc:
        return "file_cannot_read", {"reason": str(exc.strerror or exc)}
    if stat.S_ISDIR(mode):
        return "file_folder_not_file", {}
    if not stat.S_ISREG(mode):
        return "file_not_regular", {"kind": special_kind_key(mode)}
    return None


def make_private_folder(folder: Path) -> None:
    """Create an output folder (and missing parents) readable by the owner only (0700)."""
    missing = [folder, *folder.parents]
    missing = [f for f in missing if not f.exists() and not f.is_symlink()]
    try:
        for created in reversed(missing):
            created.mkdir(mode=0o700)
            os.chmod(created, 0o700)  # whatever the umask
    except FileExistsError:
        pass  # made by someone else meanwhile; checked below
    except OSError as exc:
        raise said_error(str(folder), "file_cannot_create_folder", reason=_reason(exc)) from None
    if not folder.is_dir():
        raise said_error(str(folder), "file_not_folder")


def _link_new(temp_name: str, path: Path) -> None:
    """Give the written file its name, failing if the name was taken meanwhile."""
    try:
        # link() fails if the target appeared meanwhile: never overwrite by accident.
        os.link(temp_name, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.rename(temp_name, path)
        return
    os.unlink(temp_name)


def _sync_folder(folder: Path) -> None:
    """Make the new name survive a power cut (where the system allows syncing a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _exists(name: str) -> PaincheckError:
    return said_error(name, "file_exists")


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full (no space left on device); nothing was written"
    if exc.errno == errno.EROFS:
        return "the folder is on a read-only disk"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: you cannot create files in this folder"
    if exc.errno == errno.EDQUOT:
        return "your disk quota is used up; nothing was written"
    return exc.strerror or str(exc)
