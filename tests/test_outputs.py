"""Where exports go: safe made-up names, a folder when asked, never two reports on one file,
never over an input, and only regular files replaced (even with --force)."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from paincheck.errors import PaincheckError
from paincheck.files.names import plan_exports, safe_stem
from paincheck.files.writing import write_private
from tests.helpers import PERSONAS

MARIA = (PERSONAS / "foot-after-fracture.yaml").read_text(encoding="utf-8")
OTHER_QUESTIONS = Path(__file__).parent / "data" / "other-questions"


def answers_named(path: Path, name: str) -> Path:
    """The foot persona's answers under another patient name, at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    assert "name: Maria Lopez" in MARIA
    path.write_text(MARIA.replace("name: Maria Lopez", f"name: {name}"), encoding="utf-8")
    return path


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def patient_of(fhir_file: Path) -> str:
    resource = json.loads(fhir_file.read_text(encoding="utf-8"))
    items = [i for group in resource["item"] for i in group["item"]]
    return next(i["answer"][0]["valueString"] for i in items if i["linkId"] == "name")


# -- item 3: ids and made-up names ----------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id",
    ["../escaped/evil", "/tmp/evil", ".hidden", "a b", "evil\x1b]52;c;aGk=\x07", "", "x" * 65, 7],
)
def test_an_unsafe_questionnaire_id_is_refused_when_the_folder_loads(
    cli, tmp_path, monkeypatch, bad_id
) -> None:
    folder = tmp_path / "questions"
    shutil.copytree(OTHER_QUESTIONS, folder)
    main = folder / "questionnaire.yaml"
    text = main.read_text(encoding="utf-8")
    assert "\nid: sleep-check\n" in text
    main.write_text(text.replace("\nid: sleep-check\n", f"\nid: {json.dumps(bad_id)}\n"), "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = cli("export", "--blank", "--questions", str(folder))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {main}: id: "), result.stderr
    assert "is not a safe id" in lines[0] and "\x1b" not in lines[0]
    assert names_in(tmp_path) == ["questions", "work"]
    assert names_in(work) == []


@pytest.mark.parametrize(
    ("given", "made"),
    [
        ("maria", "maria"),
        ("maría lópez", "maría_lópez"),
        ("../../etc/passwd", "etc_passwd"),
        ("a\x1b]8;;http://x\x07b", "a_8_http_x_b"),
        ("\u202eevil\u202c", "evil"),
        ("..", "paincheck-report"),
        ("...hidden", "hidden"),
        ("line\nbreak", "line_break"),
        ("é" * 300, "é" * 100),
    ],
)
def test_made_up_names_use_only_safe_characters(given: str, made: str) -> None:
    assert safe_stem(given) == made


def test_the_default_names_of_an_export_are_safe(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = answers_named(tmp_path / "in" / "maria\x1b[8m x.yaml", "Ana")
    result = cli("export", str(source), "--format", "fhir")
    assert result.exit_code == 0, result.output
    assert names_in(tmp_path) == ["in", "maria_8m_x.fhir.json"]
    assert "\x1b" not in result.output


# -- item 4: only regular files are replaced ------------------------------------------------------


def a_device(tmp_path: Path) -> Path:
    """A character device to write to: a private copy of /dev/null where we may make one.

    Never /dev/null itself when running as root: code with the bug would replace it, and
    with it the machine's /dev/null. As another user, /dev/null cannot be replaced anyway.
    """
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        if os.geteuid() == 0:
            pytest.skip("cannot make a device node here")
        return Path("/dev/null")
    return device


def special_targets(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    device = a_device(tmp_path)
    to_device = tmp_path / "to-null"
    to_device.symlink_to(device)
    to_fifo = tmp_path / "to-pipe"
    to_fifo.symlink_to(fifo)
    return {
        "fifo": (fifo, "is a named pipe (FIFO), not a regular file"),
        "folder": (folder, "is a folder; give a file name"),
        "device": (device, "is a device, not a regular file"),
        "link to a device": (to_device, "is a device, not a regular file"),
        "link to a fifo": (to_fifo, "is a named pipe (FIFO), not a regular file"),
    }


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "link to a device", "link to a fifo"])
@pytest.mark.parametrize("overwrite", [False, True])
def test_only_regular_files_are_replaced(tmp_path: Path, kind: str, overwrite: bool) -> None:
    target, says = special_targets(tmp_path)[kind]
    before = target.lstat()
    with pytest.raises(PaincheckError) as caught:
        write_private(target, b"answers: {}\n", overwrite=overwrite)
    assert str(caught.value).startswith(f"{target}: {says}")
    after = target.lstat()
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_link_to_a_regular_file_has_that_file_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_private(link, b"new\n", overwrite=True)
    assert link.is_symlink() and real.read_bytes() == b"new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_a_link_to_nowhere_is_not_followed(tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "elsewhere" / "new.yaml")
    (tmp_path / "elsewhere").mkdir()
    for overwrite in (True, False):
        with pytest.raises(PaincheckError, match="which does not exist; paincheck does not follow"):
            write_private(link, b"new\n", overwrite=overwrite)
    assert names_in(tmp_path / "elsewhere") == []


@pytest.mark.parametrize(
    "args",
    [
        ["export", str(PERSONAS / "back-recent.yaml")],
        ["export", str(PERSONAS / "back-recent.yaml"), "--format", "fhir"],
        ["export", "--blank"],
        ["template"],
    ],
    ids=["pdf", "fhir", "blank", "template"],
)
def test_force_never_replaces_a_device_or_a_fifo(cli, tmp_path, args) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    device = a_device(tmp_path)
    for target, says in [(device, "is a device"), (fifo, "is a named pipe (FIFO)")]:
        result = cli(*args, "-o", str(target), "--force")
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: {target}: {says}, not a regular file; paincheck never writes over it\n"
        )
    assert stat.S_ISCHR(device.lstat().st_mode) and stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p for p in tmp_path.iterdir() if p.is_file()] == []


# -- item 5: batch names never collide, never replace an input ------------------------------------


def three_marias(tmp_path: Path) -> list[Path]:
    json_text = json.dumps({"answers": {"name": "Cruz", "age": 50, "pain_locations": ["foot"]}})
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "maria.json").write_text(json_text, encoding="utf-8")
    return [
        answers_named(tmp_path / "a" / "maria.yaml", "Ana"),
        answers_named(tmp_path / "b" / "maria.yaml", "Bea"),
        tmp_path / "a" / "maria.json",
    ]


def test_batch_export_to_pdf_gives_every_input_its_own_report(cli, tmp_path) -> None:
    from tests.helpers.documents import text_of

    sources = three_marias(tmp_path)
    out = tmp_path / "out"
    result = cli("export", *map(str, sources), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert names_in(out) == ["maria-2.pdf", "maria-3.pdf", "maria.pdf"]
    assert result.stderr == (
        f"Wrote {out / 'maria.pdf'}\n"
        f"Wrote {out / 'maria-2.pdf'} (from {sources[1]}; another file has the same name)\n"
        f"Wrote {out / 'maria-3.pdf'} (from {sources[2]}; another file has the same name)\n"
    )
    for name, patient in [("maria.pdf", "Ana"), ("maria-2.pdf", "Bea"), ("maria-3.pdf", "Cruz")]:
        assert f"Name: {patient}" in text_of((out / name).read_bytes()).replace("\n", " ")


def test_batch_export_to_fhir_gives_every_input_its_own_response(cli, tmp_path) -> None:
    sources = three_marias(tmp_path)
    sources.append(answers_named(tmp_path / "c" / "Maria.yaml", "Dora"))
    sources.append(answers_named(tmp_path / "maria-2.yaml", "Eva"))
    out = tmp_path / "out"
    result = cli("export", *map(str, sources), "-o", str(out), "--format", "fhir")
    assert result.exit_code == 0, result.output
    patients = {name: patient_of(out / name) for name in names_in(out)}
    assert patients == {
        "maria.fhir.json": "Ana",
        "maria-3.fhir.json": "Bea",  # maria-2 is the name of the last file
        "maria-4.fhir.json": "Cruz",
        "Maria-5.fhir.json": "Dora",  # differs only in case: the same name on many disks
        "maria-2.fhir.json": "Eva",
    }


def test_an_export_never_replaces_its_own_input_even_with_force(cli, tmp_path) -> None:
    maria = answers_named(tmp_path / "maria.yaml", "Ana")
    response = tmp_path / "response.json"
    assert cli("export", str(maria), "--format", "fhir", "-o", str(response)).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    cases = [
        [str(maria), "-o", str(maria)],
        [str(response), "--format", "fhir", "-o", str(response)],
        # the second input's report would be named like the first input
        [str(maria), str(tmp_path / "maria.fhir.json"), "--format", "fhir", "-o", str(tmp_path)],
    ]
    (tmp_path / "maria.fhir.json").write_bytes(response.read_bytes())
    before["maria.fhir.json"] = response.read_bytes()
    for args in cases:
        result = cli("export", *args, "--force")
        assert result.exit_code == 1, args
        assert "never replaces its own answers (even with --force)" in result.stderr
        assert result.stderr.count("\n") == 1 and "Wrote" not in result.stderr
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_an_input_reached_through_a_link_is_not_replaced(cli, tmp_path) -> None:
    maria = answers_named(tmp_path / "maria.yaml", "Ana")
    link = tmp_path / "report.pdf"
    link.symlink_to(maria)
    result = cli("export", str(maria), "-o", str(link), "--force")
    assert result.exit_code == 1
    assert maria.read_text(encoding="utf-8").count("Ana") == 1


def test_the_plan_is_made_before_anything_is_written(tmp_path: Path) -> None:
    sources = [str(p) for p in three_marias(tmp_path)]
    plan = plan_exports(sources, str(tmp_path / "new" / "out"), ".pdf")
    assert plan.folder == tmp_path / "new" / "out"
    assert [t.path.name for t in plan.targets] == ["maria.pdf", "maria-2.pdf", "maria-3.pdf"]
    assert [t.renamed for t in plan.targets] == [False, True, True]
    assert not (tmp_path / "new").exists()


# -- item 6: -o as a folder -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "fhir"])
def test_a_trailing_slash_means_a_folder_created_private(cli, tmp_path, monkeypatch, fmt) -> None:
    monkeypatch.chdir(tmp_path)
    maria = answers_named(tmp_path / "maria.yaml", "Ana")
    result = cli("export", str(maria), "-o", "reports/", "--format", fmt)
    assert result.exit_code == 0, result.output
    name = "maria.pdf" if fmt == "pdf" else "maria.fhir.json"
    assert names_in(tmp_path / "reports") == [name]
    assert result.stderr == f"Wrote {Path('reports') / name}\n"
    assert stat.S_IMODE((tmp_path / "reports").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "reports" / name).stat().st_mode) == 0o600


def test_several_inputs_mean_a_folder_created_with_its_parents(cli, tmp_path) -> None:
    sources = [str(PERSONAS / "back-recent.yaml"), str(PERSONAS / "knee-urgent.yaml")]
    out = tmp_path / "clinic" / "week 1"
    result = cli("export", *sources, "-o", str(out), "--format", "fhir")
    assert result.exit_code == 0, result.output
    assert names_in(out) == ["back-recent.fhir.json", "knee-urgent.fhir.json"]
    for folder in (tmp_path / "clinic", out):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_blank_checklist_into_a_new_folder(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("export", "--blank", "--format", "fhir", "-o", "blank/")
    assert result.exit_code == 0, result.output
    assert names_in(tmp_path / "blank") == ["drg-checklist-blank.json"]


@pytest.mark.parametrize("several", [False, True])
def test_a_file_where_the_folder_should_be_is_refused(cli, tmp_path, several) -> None:
    taken = tmp_path / "reports"
    taken.write_bytes(b"mine\n")
    sources = [str(PERSONAS / "back-recent.yaml")] + (
        [str(PERSONAS / "knee-urgent.yaml")] if several else []
    )
    output = str(taken) if several else str(taken) + "/"
    result = cli("export", *sources, "-o", output, "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {output}: is a file, not a folder;")
    assert taken.read_bytes() == b"mine\n" and names_in(tmp_path) == ["reports"]


def test_template_into_a_folder_named_with_a_slash(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("template", "-o", "blank/")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {Path('blank') / 'drg-checklist-answers.yaml'}\n"
    assert names_in(tmp_path / "blank") == ["drg-checklist-answers.yaml"]
    assert stat.S_IMODE((tmp_path / "blank").stat().st_mode) == 0o700


# -- the export use case, without the command line ---------------------------------------------


def test_exporting_writes_a_report_per_source_and_goes_on_after_one_that_fails(
    tmp_path: Path,
) -> None:
    """One outcome per source, in order: a source whose answers have a problem is an outcome
    with that problem and no file, and the next source is still written."""
    from functools import partial

    from paincheck.answers.loading import load_answers
    from paincheck.evaluation import Assessment, evaluate
    from paincheck.formats.exporting import plan_reports, write_reports
    from paincheck.formats.exports import FhirReport
    from paincheck.formats.options import ExportOptions
    from paincheck.questionnaire import Questionnaire, load_questionnaire

    questionnaire = load_questionnaire()
    ana = answers_named(tmp_path / "in" / "ana.yaml", "Ana")
    bad = tmp_path / "in" / "bea.yaml"
    bad.write_text("answers: {pain_now: 11}\n", encoding="utf-8")
    cruz = answers_named(tmp_path / "in" / "cruz.yaml", "Cruz")
    sources = [str(ana), str(bad), str(cruz)]

    def assess(q: Questionnaire, file: str) -> Assessment:
        return evaluate(q, load_answers(q, file).answers)

    targets = plan_reports(sources, f"{tmp_path / 'out'}/", ".fhir.json", "needs a folder")
    done = write_reports(
        FhirReport(ExportOptions()),
        targets,
        [partial(assess, questionnaire, s) for s in sources],
        redact=False,
        overwrite=False,
    )
    outcomes = [(w.target.path.name, w.target.source, bool(w.problems)) for w in done]
    assert outcomes == [
        ("ana.fhir.json", str(ana), False),
        ("bea.fhir.json", str(bad), True),
        ("cruz.fhir.json", str(cruz), False),
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "ana.fhir.json",
        "cruz.fhir.json",
    ]
    written = json.loads((tmp_path / "out" / "cruz.fhir.json").read_text(encoding="utf-8"))
    assert written["resourceType"] == "QuestionnaireResponse"
