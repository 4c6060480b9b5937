"""Fast start: each command imports the CLI layer and what it needs, nothing heavier.

reportlab (PDF), questionary and prompt_toolkit (the interview) cost a noticeable part of a
second to import; they load only in the commands that use them. Each command runs in a fresh
interpreter, exactly as the `paincheck` script starts it, and lists what it imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers import PERSONAS
from tests.helpers.installed import child_env, run_installed

PERSONA = str(PERSONAS / "foot-after-fracture.yaml")
HEAVY = {"reportlab", "questionary", "prompt_toolkit", "jinja2", "markupsafe"}
# typer 0.29 builds pydantic models for every option (a quarter of a second); metadata
# look-ups read every installed package's files.
NEVER_AT_START = {"pydantic", "pydantic_core", "importlib.metadata"}

# What the `paincheck` script does, plus a list of the modules loaded when it ends.
RUN_AND_LIST = """
import atexit, sys
_listing = sys.argv[1]
def _list():
    with open(_listing, "w", encoding="utf-8") as out:
        out.write("\\n".join(sorted(sys.modules)))
atexit.register(_list)
sys.argv = ["paincheck", *sys.argv[2:]]
from paincheck.cli import main
sys.exit(main())
"""


# The same, listing the package's interface-message files the command opened.
RUN_AND_LIST_MESSAGES = """
import atexit, os, sys
_listing = sys.argv[1]
_opened = []
def _note(event, args):
    path = args[0] if event == "open" else None
    if isinstance(path, str) and os.sep + "messages" + os.sep in path and path.endswith(".yaml"):
        _opened.append(os.path.basename(path))
sys.addaudithook(_note)
def _list():
    with open(_listing, "w", encoding="utf-8") as out:
        out.write("\\n".join(sorted(set(_opened))))
atexit.register(_list)
sys.argv = ["paincheck", *sys.argv[2:]]
from paincheck.cli import main
sys.exit(main())
"""


def imported_by(tmp_path: Path, *args: str) -> set[str]:
    """The modules `paincheck ARGS` imported (it must succeed)."""
    listing = tmp_path / "modules.txt"
    run = run_installed(
        command=[sys.executable, "-c", RUN_AND_LIST, str(listing), *args],
        env=child_env(),
        cwd=tmp_path,
    )
    assert run.exit_code == 0, run.stderr
    return set(listing.read_text(encoding="utf-8").splitlines())


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_help_imports_only_the_cli_layer(tmp_path: Path) -> None:
    modules = imported_by(tmp_path, "--help")
    assert {m for m in modules if m.startswith("paincheck")} == {
        "paincheck",
        "paincheck.cli",  # main
        "paincheck.cli.checklist",  # the app and the checklist's commands (Typer only)
        "paincheck.cli.common",  # the options and loading steps the commands share
        "paincheck.cli.compare",  # the compare command (Typer only)
        "paincheck.cli.diary",  # the diary sub-commands (Typer only)
        "paincheck.output",  # the one output sink
        "paincheck.errors",
        "paincheck.model",  # the errors' Problem is a model
    }
    assert not top_level(modules) & (HEAVY | {"yaml", "rich", "pydantic", "json"})
    assert not modules & NEVER_AT_START


def test_version_imports_only_the_cli_layer(tmp_path: Path) -> None:
    modules = imported_by(tmp_path, "--version")
    assert not top_level(modules) & (HEAVY | {"yaml", "rich", "pydantic"})
    assert "paincheck.questionnaire" not in modules


@pytest.mark.parametrize("output_format", ["json", "csv", "jsonl"])
def test_summary_json_and_tables_import_no_renderer(tmp_path: Path, output_format: str) -> None:
    modules = imported_by(tmp_path, "summary", PERSONA, "--format", output_format)
    assert not top_level(modules) & (HEAVY | {"rich", "pydantic"})
    assert not modules & NEVER_AT_START
    assert "paincheck.formats.summary" not in modules  # the Rich summary is for text output only
    assert "paincheck.formats.pdf" not in modules
    assert ("csv" in modules) == (output_format == "csv")


@pytest.mark.parametrize(
    "args",
    [
        ["summary", PERSONA],
        ["validate", PERSONA],
        ["template"],
        ["questions"],
        ["questions", "--format", "json"],
    ],
)
def test_reading_commands_import_no_pdf_and_no_interview(tmp_path: Path, args: list[str]) -> None:
    modules = imported_by(tmp_path, *args)
    assert not top_level(modules) & HEAVY
    assert not modules & NEVER_AT_START
    assert not {"paincheck.formats.pdf", "paincheck.interview"} & modules


def test_export_of_a_file_loads_reportlab_but_not_the_interview(tmp_path: Path) -> None:
    modules = imported_by(tmp_path, "export", PERSONA, "-o", "report.pdf")
    assert "reportlab" in top_level(modules)
    assert not top_level(modules) & {"questionary", "prompt_toolkit", "jinja2", "markupsafe"}
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


# What a report's PDF does not need: the diary and its views, the interview, the other PDFs,
# the comparison, the HTML page, the terminal's Rich views, and the other commands' modules.
NOT_FOR_A_REPORT = (
    "paincheck.diary",
    "paincheck.interview",
    "paincheck.formats.diary_text",
    "paincheck.formats.summary",
    "paincheck.formats.listing",
    "paincheck.formats.compare",
    "paincheck.formats.compare_text",
    "paincheck.formats.html",
    "paincheck.formats.fhir",
    "paincheck.formats.pdf.blank",
    "paincheck.formats.pdf.short",
    "paincheck.formats.pdf.diary",
    "paincheck.formats.pdf.chart",
    "paincheck.formats.pdf.compare",
    "paincheck.cli.diary",
    "paincheck.cli.compare",
)


def test_export_of_one_pdf_loads_only_what_a_report_needs(tmp_path: Path) -> None:
    modules = imported_by(tmp_path, "export", PERSONA, "-o", "report.pdf")
    assert "paincheck.formats.pdf.report" in modules
    assert sorted(m for m in modules if m.startswith(NOT_FOR_A_REPORT)) == []
    # Rich (the terminal's views) and reportlab's charts (the diary's and the comparison's)
    assert not {m for m in modules if m.startswith(("rich", "reportlab.graphics.charts"))}
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "args",
    [["summary", PERSONA, "--format", "json"], ["validate", PERSONA], ["template"]],
)
def test_a_checklist_command_loads_no_other_commands_module(
    tmp_path: Path, args: list[str]
) -> None:
    modules = imported_by(tmp_path, *args)
    assert "paincheck.cli.checklist" in modules
    assert not {"paincheck.cli.diary", "paincheck.cli.compare", "paincheck.diary"} & modules


DIARY = str(Path(__file__).parents[1] / "questions" / "samples" / "trial-diary.yaml")


@pytest.mark.parametrize(
    "args",
    [["diary", "show", DIARY], ["diary", "export", DIARY, "--format", "fhir", "-o", "d.json"]],
)
def test_diary_reading_imports_no_pdf_and_no_interview(tmp_path: Path, args: list[str]) -> None:
    modules = imported_by(tmp_path, *args)
    assert not top_level(modules) & HEAVY
    assert not {"paincheck.formats.pdf", "paincheck.interview"} & modules


def test_diary_start_and_add_from_a_file_import_no_pdf(tmp_path: Path) -> None:
    started = imported_by(tmp_path, "diary", "start", "trial.yaml", "--baseline-pain", "7")
    (tmp_path / "day.yaml").write_text(
        "answers: {pain_average: 4, relief_percent: 50}\n", encoding="utf-8"
    )
    added = imported_by(tmp_path, "diary", "add", "trial.yaml", "--answers", "day.yaml")
    for modules in (started, added):
        assert not top_level(modules) & HEAVY
        assert "paincheck.formats.pdf" not in modules


def test_diary_json_imports_no_renderer(tmp_path: Path) -> None:
    modules = imported_by(tmp_path, "diary", "show", DIARY, "--format", "json")
    assert not top_level(modules) & (HEAVY | {"rich"})
    assert "paincheck.formats.diary_text" not in modules


def test_diary_export_loads_reportlab_but_not_the_interview(tmp_path: Path) -> None:
    modules = imported_by(tmp_path, "diary", "export", DIARY, "-o", "d.pdf")
    assert {"reportlab", "paincheck"} <= top_level(modules)
    assert "paincheck.formats.pdf.diary" in modules
    assert not top_level(modules) & {"questionary", "prompt_toolkit"}


def test_fhir_export_loads_neither_reportlab_nor_the_interview(tmp_path: Path) -> None:
    modules = imported_by(tmp_path, "export", PERSONA, "--format", "fhir", "-o", "r.json")
    assert not top_level(modules) & HEAVY
    assert not {"paincheck.formats.pdf", "paincheck.interview"} & modules
    assert (tmp_path / "r.json").read_text(encoding="utf-8").startswith("{")


def test_the_interview_loads_no_pdf_before_asking(tmp_path: Path) -> None:
    """Up to the first question (and a Ctrl+C there), the PDF machinery is not loaded."""
    import pexpect

    from tests.helpers.terminals import ScreenSpawn

    listing = tmp_path / "modules.txt"
    child = ScreenSpawn(
        sys.executable,
        ["-c", RUN_AND_LIST, str(listing), "run", "--save", "mine.yaml"],
        cwd=str(tmp_path),
        env=child_env({"TERM": "xterm", "HOME": str(tmp_path)}),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    child.expect_exact("What is your name?")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    modules = set(listing.read_text(encoding="utf-8").splitlines())
    assert {"questionary", "prompt_toolkit"} <= top_level(modules)  # it did ask
    assert "reportlab" not in top_level(modules)
    assert "paincheck.formats.pdf" not in modules


def test_html_export_loads_jinja2_but_not_reportlab(tmp_path: Path) -> None:
    modules = imported_by(tmp_path, "export", PERSONA, "--format", "html", "-o", "report.html")
    assert "jinja2" in top_level(modules)
    assert not top_level(modules) & {"reportlab", "questionary", "prompt_toolkit", "rich"}
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


SAMPLES = Path(__file__).parents[1] / "questions" / "samples"
VISITS = [str(SAMPLES / "follow-up-before-trial.yaml"), str(SAMPLES / "follow-up-3-months.yaml")]


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_compare_on_screen_loads_no_pdf_and_no_html(tmp_path: Path, output_format: str) -> None:
    modules = imported_by(tmp_path, "compare", *VISITS, "--format", output_format)
    assert not top_level(modules) & HEAVY
    assert not modules & NEVER_AT_START
    assert not {"paincheck.formats.pdf", "paincheck.interview", "paincheck.formats.html"} & modules
    assert ("rich" in top_level(modules)) == (output_format == "text")


def test_compare_pdf_loads_reportlab_and_html_loads_jinja2(tmp_path: Path) -> None:
    pdf = imported_by(tmp_path, "compare", *VISITS, "--format", "pdf", "-o", "c.pdf")
    assert "reportlab" in top_level(pdf)
    assert not top_level(pdf) & {"questionary", "prompt_toolkit", "jinja2", "markupsafe"}
    html = imported_by(tmp_path, "compare", *VISITS, "--format", "html", "-o", "c.html")
    assert "jinja2" in top_level(html)
    assert not top_level(html) & {"reportlab", "questionary", "prompt_toolkit", "rich"}
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


def test_the_diary_and_compare_load_their_own_modules(tmp_path: Path) -> None:
    diary = imported_by(tmp_path, "diary", "show", DIARY, "--format", "json")
    assert "paincheck.cli.diary" in diary
    compare = imported_by(tmp_path, "compare", *VISITS, "--format", "json")
    assert "paincheck.cli.compare" in compare


def message_files_read_by(tmp_path: Path, *args: str) -> list[str]:
    """The package's messages/<lang>.yaml files `paincheck ARGS` read (it must succeed)."""
    listing = tmp_path / "messages.txt"
    run = run_installed(
        command=[sys.executable, "-c", RUN_AND_LIST_MESSAGES, str(listing), *args],
        env=child_env({"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}),
        cwd=tmp_path,
    )
    assert run.exit_code == 0, run.stderr
    return listing.read_text(encoding="utf-8").split()


@pytest.mark.parametrize(
    ("args", "read"),
    [
        (["summary", PERSONA, "--format", "json"], []),  # shows no interface words
        (["validate", PERSONA], []),
        (["summary", PERSONA], ["en.yaml"]),
        (["summary", PERSONA, "--lang", "es"], ["en.yaml", "es.yaml"]),  # English fills gaps
    ],
)
def test_interface_messages_are_read_when_first_shown_in_that_language(
    tmp_path: Path, args: list[str], read: list[str]
) -> None:
    assert message_files_read_by(tmp_path, *args) == read


# Patterns compiled at their first use (re keeps each one in its cache): a run that meets no
# control character, surrogate, object address, odd line break or unreadable file compiles none.
LAZY_PATTERNS = """
import atexit, re, sys
from paincheck.text import display
from paincheck.files import reading
from paincheck import errors
from paincheck.formats import table
lazy = [display._UNSAFE, reading._SURROGATE, reading._JSON_START, errors._ADDRESS,
        table._LINE_BREAKS]
atexit.register(lambda: print(sorted(p for p in lazy if any(p in key for key in re._cache))))
sys.argv = ["paincheck", *sys.argv[1:]]
from paincheck.cli import main
sys.exit(main())
"""


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_a_plain_summary_compiles_no_pattern_it_does_not_need(output_format: str) -> None:
    run = run_installed(
        command=[sys.executable, "-c", LAZY_PATTERNS, "summary", PERSONA, "--format", output_format]
    )
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "[]"


FROZEN = """
import atexit, gc, sys
def _report():
    frozen, left = gc.get_freeze_count(), len(gc.get_objects())
    print(frozen > 1000, left < 100, "paincheck.cli" in sys.modules)
atexit.register(_report)
sys.argv = ["paincheck", *sys.argv[1:]]
from paincheck.cli import main
sys.exit(main())
"""


@pytest.mark.parametrize(
    "args", [["--version"], ["export", PERSONA, "-o", "report.pdf"]], ids=["version", "export"]
)
def test_what_the_command_imported_is_left_out_of_garbage_collection(
    tmp_path: Path, args: list[str]
) -> None:
    """The objects of the imports (and, after an export, of reportlab and the PDF) are frozen,
    so the last full collection at exit has almost nothing left to walk."""
    run = run_installed(command=[sys.executable, "-c", FROZEN, *args], cwd=tmp_path)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "True True True"


WHOLE_APP = "import sys; sys.argv[0] = 'paincheck'; from paincheck.cli import app; app()"


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--help"],
        ["summary"],  # a usage error
        ["diary", "show", "--help"],
        ["questions", "--format", "json"],
        ["sumary", PERSONA],  # not a command: "did you mean"
    ],
)
def test_building_only_the_command_asked_for_changes_nothing(args: list[str]) -> None:
    """`paincheck` builds just the command it runs; the whole app answers the same."""
    lean = run_installed(*args)
    whole = run_installed(command=[sys.executable, "-c", WHOLE_APP, *args])
    assert (lean.exit_code, lean.stdout, lean.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )
