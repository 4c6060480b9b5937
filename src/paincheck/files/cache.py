"""A questions folder's files as parsed before, kept in the user's cache folder with their exact
bytes, so a command does not parse the same YAML at every start (about 7 of the 13 ms it takes
to load the shipped questionnaire).

Only a questions folder's files and the package's interface words come here, never an answers
file or a diary: health information is not copied anywhere. An entry holds the file's bytes,
the value they parsed to, and what parsed them (`reading.py` word for word, and the versions
of paincheck, PyYAML, libyaml and Python). It is used only when the file's bytes and the
parser are the same now, compared byte for byte, so an entry cannot go stale: an edited file,
or a new paincheck, parses again and replaces it. Anything unexpected (no cache folder, an
entry damaged, written by another user, or a link) means the file is parsed as if there were
no cache; the cache never changes what a command does, only how soon.

The entries live in `$XDG_CACHE_HOME/paincheck`, else `~/.cache/paincheck`: that folder is made
(0700) only inside a cache folder that already exists, each entry is private (0600), and there
is one entry per file, at most `MAX_ENTRIES`. `PAINCHECK_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import Any

from paincheck import __version__
from paincheck.files import reading

NO_CACHE = "PAINCHECK_NO_CACHE"
FORMAT = "paincheck parsed file 1"
MAX_ENTRIES = 64  # one per file read; past this many, the least recently written go
MAX_ENTRY_BYTES = 3 * reading.MAX_BYTES  # the file, its value, and the parser's source
SUFFIX = ".parsed"
_MISSING = object()


def load_cached(path: Path) -> Any:
    """Read and parse one file of a questions folder, exactly as `reading.load_document`
    does (the same value, the same errors), through the cache."""
    data = reading.read_bytes(path)
    folder = cache_folder()
    parser = _parser()
    if folder is None or parser is None:
        return reading.parse_document(data, str(path))
    entry = folder / _entry_name(path)
    value = _read(entry, parser, data)
    if value is _MISSING:
        value = reading.parse_document(data, str(path))  # a file that does not parse raises
        _write(folder, entry, (FORMAT, parser, data, value))
    return value


def cache_folder() -> Path | None:
    """The folder of the entries (made now if need be), or None when there is to be no cache."""
    if os.environ.get(NO_CACHE) or not hasattr(os, "getuid"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: ignored, as the XDG specification says
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    if not os.path.isdir(base):
        return None  # never made here: a home without a cache folder stays as it is
    folder = Path(base, "paincheck")
    with contextlib.suppress(OSError):
        os.mkdir(folder, 0o700)
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    return folder if stat.S_ISDIR(info.st_mode) and _own(info) else None


def _own(info: os.stat_result) -> bool:
    """Whether a cache folder or entry is ours, and only we can change it."""
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


@functools.cache
def _parser() -> bytes | None:
    """What decides how a file parses: this parser's code, word for word, and the versions of
    what it runs on (None when its source cannot be read: then nothing is cached)."""
    import yaml

    try:
        from yaml._yaml import get_version_string

        libyaml = get_version_string()
    except ImportError:
        libyaml = "none"
    try:
        source = Path(reading.__file__).read_bytes()
    except OSError:
        return None
    versions = "\0".join((FORMAT, __version__, yaml.__version__, libyaml, sys.version))
    return versions.encode() + b"\0" + source


def _entry_name(path: Path) -> str:
    """One entry per file (and Python version): two checksums of its absolute name. Two names
    sharing both would only take turns in one entry: its content decides, never its name."""
    key = f"{sys.version_info[:2]}\0{os.path.abspath(path)}".encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}{SUFFIX}"


def _read(entry: Path, parser: bytes, data: bytes) -> Any:
    """The value kept for `data` parsed by `parser`, or `_MISSING`."""
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return _MISSING
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _own(info):
                return _MISSING
            if info.st_size > MAX_ENTRY_BYTES:
                return _MISSING
            raw = handle.read(MAX_ENTRY_BYTES + 1)
        kept = marshal.loads(raw)
    except (OSError, EOFError, ValueError, TypeError):
        return _MISSING
    if type(kept) is tuple and len(kept) == 4 and kept[:3] == (FORMAT, parser, data):
        return kept[3]
    return _MISSING


def _write(folder: Path, entry: Path, kept: tuple[str, bytes, bytes, Any]) -> None:
    """Keep an entry (written whole, then renamed over the old one); on any failure, none."""
    try:
        payload = marshal.dumps(kept)
    except ValueError:  # a value marshal cannot write (a key kept apart as `DistinctKey`)
        return
    if len(payload) > MAX_ENTRY_BYTES:
        return
    temp = folder / f".{entry.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(
            temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temp, entry)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep at most `MAX_ENTRIES` entries, the most recently written."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(SUFFIX)]
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
        for old in entries[: len(entries) - MAX_ENTRIES]:
            os.unlink(old.path)
    except OSError:
        return
