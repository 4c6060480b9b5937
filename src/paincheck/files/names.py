"""Where exported files go: one safe, distinct name per input, never over one of the inputs.

Every export format (PDF, FHIR, and any added later) plans its file names here, before
anything is written, so a batch can never write two reports to one file and a report can
never replace the answers it was made from.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from paincheck.errors import PaincheckError, Problem
from paincheck.files.writing import fit_name, make_private_folder
from paincheck.model import model
from paincheck.text.display import printable

STDIN = "-"
STDIN_STEM = "paincheck-report"
MAX_STEM = 100
# ...and at most this many bytes (a Chinese character is three): room left in the 255 bytes
# of a file name for a number ("-12") and the longest ending (".fhir.json").
MAX_STEM_BYTES = 200
# Letters and digits of any script, `_`, `-` and `.`; everything else (slashes, spaces,
# control characters, bidirectional overrides) becomes `_` in a name paincheck makes up.
_UNSAFE_IN_NAME = re.compile(r"[^\w.-]+")


@model
class Target:
    """One file to write, and the input it is made from ("" for none, "-" for standard input)."""

    path: Path
    source: str = ""
    renamed: bool = False  # given a number because another input has the same name


@model
class Plan:
    """The files an export writes, and the folder to create for them first (if any)."""

    targets: tuple[Target, ...]
    folder: Path | None = None


def planned_path(plan: Plan) -> Path:
    """Make the plan's folder if it needs one; the first file to write."""
    if plan.folder is not None:
        make_private_folder(plan.folder)
    return plan.targets[0].path


def safe_stem(text: str, fallback: str = STDIN_STEM) -> str:
    """`text` as the start of a file name: no folders, no hidden file, no control characters."""
    stem = _UNSAFE_IN_NAME.sub("_", unicodedata.normalize("NFC", text)).strip("._")[:MAX_STEM]
    return fit_name(stem, MAX_STEM_BYTES).strip("._") or fallback


def plan_exports(
    sources: Sequence[str],
    output: str | None,
    suffix: str,
    *,
    default_stem: str = STDIN_STEM,
    many_needs_folder: str = "with several inputs, -o must name a folder",
) -> Plan:
    """The files to write for `sources` (answers files, `-`), each named after its source.

    With no sources, one file named `default_stem`. `output` is a folder when it ends with a
    slash, is an existing folder, or there are several sources; a missing folder is created by
    the caller (`Plan.folder`). Otherwise it is the one file to write. Names that would be the
    same get a number (`maria.pdf`, `maria-2.pdf`); a file that is one of the sources is
    refused, even with --force.
    """
    folder: Path | None = None
    if output is not None:
        given = Path(output)
        if output.endswith(("/", os.sep)) or given.is_dir() or len(sources) > 1:
            if given.exists() and not given.is_dir():
                raise PaincheckError.single(output, many_needs_folder)
            folder = given
    if output is not None and folder is None:
        targets = [Target(Path(output), sources[0] if sources else "")]
    else:
        names = [_natural_name(source, default_stem, suffix) for source in sources or [""]]
        targets = [
            Target((folder or Path()) / name, source, renamed=name != natural)
            for source, natural, name in zip(
                sources or [""], names, _distinct(names, suffix), strict=True
            )
        ]
    refuse_inputs_as_outputs(targets, sources)
    create = folder if folder is not None and not folder.is_dir() else None
    return Plan(tuple(targets), create)


def _natural_name(source: str, default_stem: str, suffix: str) -> str:
    if not source:
        return default_stem + suffix
    if source == STDIN:
        return STDIN_STEM + suffix
    return safe_stem(Path(source).stem) + suffix


def _distinct(names: Sequence[str], suffix: str) -> list[str]:
    """The names, the second and later of any repeated one given a number.

    Names differing only in case count as the same: on macOS and Windows disks they are.
    """
    taken = {name.casefold() for name in names}
    seen: set[str] = set()
    result = []
    for name in names:
        key = name.casefold()
        if key in seen:
            stem = name[: len(name) - len(suffix)] if name.endswith(suffix) else name
            number = 2
            while f"{stem}-{number}{suffix}".casefold() in taken:
                number += 1
            name = f"{stem}-{number}{suffix}"
            taken.add(name.casefold())
            key = name.casefold()
        seen.add(key)
        result.append(name)
    return result


def refuse_inputs_as_outputs(targets: Sequence[Target], sources: Sequence[str]) -> None:
    """Refuse any target that is one of the answers files read (even with --force)."""
    inputs = [Path(s) for s in sources if s and s != STDIN]
    problems = [
        Problem(
            str(target.path),
            f"is the answers file {printable(str(source), one_line=True)}; a report never "
            "replaces its own answers (even with --force): choose another output name",
        )
        for target in targets
        for source in inputs
        if same_file(target.path, source)
    ]
    if problems:
        raise PaincheckError(problems)


def one_output_for_all(sources: Sequence[str], output: str | None, ending: str) -> Path:
    """The one file made from all `sources` (visits side by side): `output`, a file named
    after the first source with `ending` in the `output` folder, or, without `output`, that
    file beside the first source (here for standard input). Never one of the sources."""
    first = sources[0]
    if first == STDIN:
        name, folder = "paincheck" + ending, Path()
    else:
        name, folder = safe_stem(Path(first).stem) + ending, Path(first).parent
    if output is None:
        path = folder / name
    elif output.endswith(("/", os.sep)) or Path(output).is_dir():
        path = Path(output) / name
    else:
        path = Path(output)
    refuse_inputs_as_outputs([Target(path)], sources)
    return path


def numbered(path: Path) -> Iterator[Path]:
    """The names a new file may take: `path`, then `path-2`, `path-3` and so on (the number
    before the ending: report.pdf, report-2.pdf)."""
    yield path
    number = 2
    while True:
        yield path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1


def free_path(path: Path) -> Path:
    """The first of `numbered(path)` that names no file yet."""
    return next(candidate for candidate in numbered(path) if not candidate.exists())


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links too); a missing file is no file."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False
