"""Write files that hold health information: private, atomic, never silently overwritten."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from paincheck.errors import PaincheckError

PRIVATE_MODE = 0o600


def write_private(path: Path, data: bytes | str, *, overwrite: bool = False) -> None:
    """Write `data` to `path` readable by the owner only, atomically.

    A temporary file in the same folder is written, flushed and renamed over the target, so a
    reader sees the old file or the new one, never half of one. Without `overwrite`, an
    existing file is left untouched and reported.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    name = str(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise PaincheckError.single(name, "is a folder; give a file name")
    if not overwrite and path.exists():
        raise PaincheckError.single(
            name, "already exists; not overwritten (use --force to replace it)"
        )
    if not folder.is_dir():
        raise PaincheckError.single(name, f"cannot write: folder {folder} does not exist")
    temp_name = ""
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), PRIVATE_MODE)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp_name, path)
        else:
            # link() fails if the target appeared meanwhile: never overwrite by accident.
            os.link(temp_name, path)
            os.unlink(temp_name)
        temp_name = ""
    except FileExistsError:
        raise PaincheckError.single(
            name, "already exists; not overwritten (use --force to replace it)"
        ) from None
    except OSError as exc:
        raise PaincheckError.single(name, f"cannot write: {exc.strerror or exc}") from None
    finally:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
