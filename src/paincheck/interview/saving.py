"""Where an interview saves its answers, and the command that goes on with them."""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from paincheck.answers.checking import Answers
from paincheck.errors import ExitCode, InterviewInterrupted, PaincheckError, Problem
from paincheck.files.names import numbered, same_file
from paincheck.files.writing import reserve
from paincheck.questionnaire.view import View
from paincheck.text.display import printable


class Interrupted(InterviewInterrupted):
    """Ctrl-C or end of input in the interview, with the answers so far as saved (the caller
    adds how to go on: `interrupted_error`)."""

    def __init__(self, problems: Iterable[Problem], answers: Answers, command: str = "") -> None:
        super().__init__(problems, command)
        self.answers = answers


class StoppedForCare(PaincheckError):
    """The person chose "Stop here and get care now" on the urgent panel. Not an error: the
    command prints the advice again, where the answers are and how to finish later, and
    ends with code 0. `saved`: whether the interview wrote the answers (not when it stopped
    on the panel shown first for answers given with an urgent sign)."""

    exit_code = ExitCode.OK

    def __init__(self, answers: Answers, *, saved: bool = True) -> None:
        super().__init__(())
        self.answers = answers
        self.saved = saved


def program_words(argv0: str, environ: Mapping[str, str], cwd: Path | None = None) -> list[str]:
    """How to start paincheck again from the same shell: `uv run NAME` inside `uv run` (it
    puts the project's scripts on a PATH the shell does not have), with `--project DIR` when
    the shell's folder is outside that project; its name when that is on the PATH, else the
    full path of the script that is running."""
    script = Path(argv0)
    venv = environ.get("VIRTUAL_ENV")
    if environ.get("UV") and venv and script.absolute().is_relative_to(Path(venv).absolute()):
        project = Path(venv).absolute().parent
        here = (cwd or Path.cwd()).absolute()
        if (project / "pyproject.toml").exists() and not here.is_relative_to(project):
            return ["uv", "run", "--project", str(project), script.name]
        return ["uv", "run", script.name]
    found = shutil.which(script.name, path=environ.get("PATH"))
    if found is not None and same_file(Path(found), script):
        return [script.name]
    return [str(script.absolute())]


def command_line(
    program: Sequence[str],
    *args: str | Path,
    lang: str | None = None,
    questions: Path | None = None,
) -> str:
    """A command to paste into the shell, every word quoted as that shell needs (a path
    starting with "-" as ./-NAME, so it is never read as an option)."""
    words = [*program, *(_path_word(a) if isinstance(a, Path) else a for a in args)]
    if questions is not None:
        words += ["--questions", _path_word(questions)]
    if lang is not None:
        words += ["--lang", lang]
    return " ".join(shell_word(word) for word in words)


def _path_word(path: Path) -> str:
    text = str(path)
    return f"./{text}" if text.startswith("-") else text


def shell_word(word: str) -> str:
    """One word as bash and zsh read it back exactly: in single quotes where needed; with a
    tab, a line break, another control character or bytes that are not UTF-8 (a file named
    in Latin-1), as $'...' with those written as escapes, so that what is printed is plain
    text that pastes as the same word."""
    if word.isprintable():
        return shlex.quote(word)
    return "$'" + "".join(_escaped(c) for c in word) + "'"


def _escaped(character: str) -> str:
    if 0xDC80 <= ord(character) <= 0xDCFF:  # a byte that was not UTF-8, as Python keeps it
        return f"\\x{ord(character) & 0xFF:02x}"
    if character in "\\'":
        return "\\" + character
    if character.isprintable():
        return character
    return "".join(f"\\x{b:02x}" for b in character.encode("utf-8", "surrogatepass"))


def resume_command(
    path: Path, program: Sequence[str] = ("paincheck",), *, plain: bool = False, **options: Any
) -> str:
    """The command that goes on with a saved interview (options: `lang`, `questions`)."""
    run: list[str | Path] = ["run", "--answers", path, "--save", path]
    run += ["--plain"] if plain else []
    return command_line(program, *run, **options)


def rerun_command(
    answers: Path,
    save: Path | None,
    program: Sequence[str] = ("paincheck",),
    *,
    plain: bool = False,
    **options: Any,
) -> str:
    """The `run` command as it was given (`--answers`, `--save` if any): for a stop that
    wrote nothing (options: `lang`, `questions`)."""
    run: list[str | Path] = ["run", "--answers", answers]
    run += ["--save", save] if save is not None else []
    run += ["--plain"] if plain else []
    return command_line(program, *run, **options)


def stop_command(
    path: Path,
    given: Path | None,
    save: Path | None,
    saved: bool,
    program: Sequence[str] = ("paincheck",),
    *,
    plain: bool = False,
    **options: Any,
) -> tuple[Path, str]:
    """After "Stop here and get care now": where the answers are, and the command that
    finishes them. Saved to `path`: the resume command. Stopped on the panel shown first
    for the `given` answers file, nothing written: the `run` command as it was given."""
    if saved or given is None:
        return path, resume_command(path, program, plain=plain, **options)
    return given, rerun_command(given, save, program, plain=plain, **options)


def interrupted_error(
    view: View, path: Path, answers: Answers, command: str | None = None
) -> Interrupted:
    """The message after Ctrl-C or end of input: where the answers are and how to go on."""
    key = "interview_interrupted" if command else "interview_interrupted_saved"
    message = view.msg(key, count=len(answers.values))
    problem = Problem(printable(str(path), one_line=True), message)
    return Interrupted([problem], answers, printable(command or "", one_line=True))


def welcome_line(view: View, count: int, path: Path) -> str:
    """E.g. "Welcome back: 23 answers loaded from mine.yaml." """
    key = "interview_welcome_back_one" if count == 1 else "interview_welcome_back"
    return view.msg(key, count=count, path=printable(str(path), one_line=True))


def saving_line(view: View, path: Path) -> str:
    """Where the answers are saved as they are given, and how to stop and go on later."""
    return view.msg("interview_saving", path=printable(str(path), one_line=True))


def saved_message(view: View, path: Path) -> str:
    """The line that names the saved answers file."""
    return view.msg("interview_saved", path=printable(str(path), one_line=True))


def default_save_path(folder: Path, now: datetime) -> Path:
    """A new dated answers file in `folder`, created empty (0600) so that no other paincheck
    started at the same time can take the same name."""
    path = folder / f"paincheck-answers-{now:%Y-%m-%d-%H%M}.yaml"
    return next(candidate for candidate in numbered(path) if reserve(candidate))


def choose_save_path(
    view: View,
    answers_file: Path | None,
    save: Path | None,
    folder: Path,
    now: datetime,
    command: str | None = None,
) -> Path:
    """Where `run` saves: `--save`, else a new dated file, either created here empty and
    private (see `release_unused`). An existing file is only reused when it is also the
    `--answers` file (resuming), and then only if paincheck can write it back in the format
    it came in."""
    if save is None:
        return default_save_path(folder, now)
    shown = printable(str(save), one_line=True)
    resuming = answers_file is not None and answers_file.exists() and same_file(answers_file, save)
    if resuming:
        if _is_fhir(save):
            raise PaincheckError.single(shown, view.msg("interview_save_fhir"))
        return save
    parent = save.parent if str(save.parent) else Path(".")
    if save.is_dir():
        example = command_line([], save / "my-answers.yaml")
        raise PaincheckError.single(shown, view.msg("interview_save_is_folder", example=example))
    if not parent.is_dir():
        raise PaincheckError.single(
            shown, view.msg("interview_save_folder", folder=printable(str(parent), one_line=True))
        )
    if save.exists() or save.is_symlink() or not reserve(save):
        if not save.is_file():
            from paincheck.files.writing import not_a_file

            raise PaincheckError.single(
                shown, view.msg("interview_save_not_file", what=not_a_file(save, view.lang) or "")
            )
        again = command or resume_command(save)
        raise PaincheckError.single(shown, view.msg("interview_save_exists", command=again))
    return save


def release_unused(path: Path) -> None:
    """Remove a save file created by `choose_save_path` that the interview never wrote."""
    from paincheck.files.writing import release_unused as release

    release(path)


def _is_fhir(path: Path) -> bool:
    from paincheck.files.reading import read_bytes
    from paincheck.files.writing import written_as

    try:
        return written_as(read_bytes(path), path) == "fhir"
    except PaincheckError:
        return False
