"""How fast paincheck starts, exports and tabulates, as ratios to a baseline measured in the same run.

Run it (not part of `pytest`):  uv run python tests/benchmark.py [--repeat N] [--only ...]

Each line is the median over N runs of paincheck's time divided by the median of a
baseline's, the two run alternately (A, B, A, B ...) so that a busy machine slows both. The
first ratio is of CPU time (the child's user and system time, from `os.wait4`), which is
steadier than wall-clock time on a shared machine; the wall-clock ratio follows. Runs use
cached bytecode (as an installed program does after its first start), kept in a temporary
folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ANSWERS = TESTS / "personas" / "foot-after-fracture.yaml"
PYTHON = sys.executable
PAINCHECK = str(Path(sys.executable).with_name("paincheck"))

# A bare reportlab document: the same text, page size and embedded fonts (Fira Sans regular
# and bold, from the font package paincheck uses), a similar size, and no paincheck. It escapes
# with html.escape: xml.sax.saxutils, reportlab's usual example, imports urllib.request (and
# with it http.client, ssl and email), 28 ms of CPU that a bare document does not need.
BARE_REPORTLAB = """
import sys
from html import escape
from pathlib import Path

import fontpkg_fira_sans
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

files = Path(fontpkg_fira_sans.ROOT) / "files"
pdfmetrics.registerFont(TTFont("Sans", files / "FiraSans-Regular.ttf"))
pdfmetrics.registerFont(TTFont("Sans-Bold", files / "FiraSans-Bold.ttf"))
body = ParagraphStyle("body", fontName="Sans", fontSize=10, leading=13)
heading = ParagraphStyle("heading", fontName="Sans-Bold", fontSize=14, leading=18)
pages = [p.split("\\n") for p in open(sys.argv[1], encoding="utf-8").read().split("\\f")]
story = []
for lines in pages:
    lines = [line for line in lines if line.strip()]
    story.extend(
        Paragraph(escape(line, quote=False), heading if i == 0 else body)
        for i, line in enumerate(lines)
    )
    story.append(PageBreak())
SimpleDocTemplate(sys.argv[2], pagesize=letter).build(story[:-1])
"""


# Where the start of `summary FILE --format json` goes, phase by phase, in one process: each
# line prints a phase's wall-clock and CPU milliseconds. The YAML share of loading the
# questions folder is counted around `parse_document`, which every file read goes through.
PHASES = """
import sys, time
marks = [("", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
import typer, yaml
mark("import typer, yaml (the baseline's work)")
from paincheck.cli import app
import gc
gc.freeze()  # as paincheck.cli.main does before running the command
mark("import paincheck.cli (the CLI layer)")
import typer.main
typer.main.get_command(app)
mark("Typer builds every command (--help; a run builds one)")
from paincheck import evaluation
from paincheck.answers import loading
from paincheck.files import reading
from paincheck.formats import results
mark("import what summary needs")
parse = reading.parse_document
parsing = [0.0, 0.0, 0]
def timed_parse(*args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        return parse(*args, **kwargs)
    finally:
        parsing[0] += time.perf_counter() - wall
        parsing[1] += time.process_time() - cpu
        parsing[2] += 1
reading.parse_document = timed_parse
from paincheck.questionnaire import load_questionnaire
questionnaire = load_questionnaire(None, ["en"])
mark("load the questions folder")
load_wall, load_cpu, files = parsing
checked = list(loading.load_each(questionnaire, [sys.argv[1]]))
mark("read and check the answers file")
assessment = evaluation.evaluate(questionnaire, checked[0].loaded.answers)
mark("evaluate")
from paincheck.text.display import json_text
text = json_text(evaluation.to_json(assessment))
mark("JSON output")
for (_, wall0, cpu0), (name, wall, cpu) in zip(marks, marks[1:]):
    print(f"{name}\t{(wall - wall0) * 1000}\t{(cpu - cpu0) * 1000}")
    if name == "load the questions folder":
        print(f"  of which YAML parsing ({files} files)\t{load_wall * 1000}\t{load_cpu * 1000}")
"""


def timed(command: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of `command`; it must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{errors.decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime


def ratio(
    name: str,
    ours: Sequence[str] | None,
    baseline: Sequence[str],
    *,
    repeat: int,
    env: dict[str, str],
    cwd: Path,
    goal: str,
    ours_each: list[list[str]] | None = None,
) -> None:
    """Print median(ours) / median(baseline) of CPU time, then of wall-clock time, the two run
    alternately; and the middle half of the rounds' own CPU time ratios, which says how
    steady the machine was."""
    ours_times: list[tuple[float, float]] = []
    base_times: list[tuple[float, float]] = []
    for index in range(repeat + 1):
        command = ours_each[index] if ours_each is not None else ours
        assert command is not None
        ours_time = timed(command, env, cwd)
        base_time = timed(baseline, env, cwd)
        if index:  # the first pair warms caches and is not counted
            ours_times.append(ours_time)
            base_times.append(base_time)
    wall = [statistics.median(t[0] for t in times) for times in (ours_times, base_times)]
    cpu = [statistics.median(t[1] for t in times) for times in (ours_times, base_times)]
    rounds = [o[1] / b[1] for o, b in zip(ours_times, base_times, strict=True)]
    low, _, high = statistics.quantiles(rounds, n=4) if len(rounds) > 1 else rounds * 3
    print(
        f"{name:60} {cpu[0] / cpu[1]:5.2f}  (goal {goal}; CPU {cpu[0] * 1000:.0f} ms vs "
        f"{cpu[1] * 1000:.0f} ms; rounds {low:.2f}-{high:.2f}; wall-clock ratio "
        f"{wall[0] / wall[1]:.2f}; {repeat} rounds)"
    )


def has_export(env: dict[str, str], cwd: Path) -> bool:
    done = subprocess.run(
        [PAINCHECK, "export", "--help"], env=env, cwd=cwd, capture_output=True, check=False
    )
    return done.returncode == 0


def describe(path: Path) -> str:
    from pypdf import PdfReader

    return f"{len(PdfReader(path).pages)} pages, {path.stat().st_size // 1000} kB"


def pdf_text(path: Path) -> str:
    """The PDF's text, pages separated by form feeds (for the bare reportlab document)."""
    from pypdf import PdfReader

    return "\f".join(page.extract_text() or "" for page in PdfReader(path).pages)


def one_pdf_ratio(work: Path, repeat: int, env: dict[str, str]) -> None:
    """One PDF export against a bare reportlab document of the same text and fonts."""
    one = work / "one"
    one.mkdir()
    commands = [
        [PAINCHECK, "export", str(ANSWERS), "-o", str(one / f"report-{i}.pdf"), "--force"]
        for i in range(repeat + 1)
    ]
    timed(commands[0], env, work)
    text_file = work / "report.txt"
    text_file.write_text(pdf_text(one / "report-0.pdf"), encoding="utf-8")
    bare = work / "bare.py"
    bare.write_text(BARE_REPORTLAB, encoding="utf-8")
    ratio(
        "paincheck export FILE (one PDF) vs a bare reportlab document",
        None,
        [PYTHON, str(bare), str(text_file), str(work / "bare.pdf")],
        repeat=repeat,
        env=env,
        cwd=work,
        goal="<= 1.3",
        ours_each=commands,
    )
    print(f"{'':62}report: {describe(one / 'report-0.pdf')}; bare: {describe(work / 'bare.pdf')}")
    rounds = max(3, repeat // 3)
    ratio(
        "  the same, nothing kept (a first start: PAINCHECK_NO_CACHE=1)",
        None,
        [PYTHON, str(bare), str(text_file), str(work / "bare.pdf")],
        repeat=rounds,
        env={**env, "PAINCHECK_NO_CACHE": "1"},
        cwd=work,
        goal="none",
        ours_each=commands[: rounds + 1],
    )


def export_benchmarks(work: Path, repeat: int, env: dict[str, str]) -> None:
    """100 answer files exported in one call against 100 separate calls."""
    many = work / "many"
    many.mkdir()
    files = []
    for i in range(100):
        copy = many / f"patient-{i:03d}.yaml"
        shutil.copyfile(ANSWERS, copy)
        files.append(str(copy))
    rounds = max(1, repeat // 5)
    batch_times: list[float] = []
    separate_times: list[float] = []
    for round_index in range(rounds):
        out = work / f"batch-{round_index}"
        out.mkdir()
        batch_times.append(timed([PAINCHECK, "export", *files, "-o", str(out)], env, work)[0])
        out = work / f"separate-{round_index}"
        out.mkdir()
        start = time.perf_counter()
        for file in files:
            target = out / (Path(file).stem + ".pdf")
            timed([PAINCHECK, "export", file, "-o", str(target)], env, work)
        separate_times.append(time.perf_counter() - start)
    batch = statistics.median(batch_times)
    separate = statistics.median(separate_times)
    print(
        f"{'100 answer files: 100 separate calls vs one call':60} {separate / batch:5.2f}  "
        f"(goal >= 5; {separate:.1f} s vs {batch:.1f} s; median of {rounds})"
    )


def summary_benchmarks(work: Path, repeat: int, env: dict[str, str]) -> None:
    """The clinic table over 1,000 answer files against `validate` on the same files."""
    folder = work / "clinic"
    folder.mkdir()
    personas = sorted((TESTS / "personas").glob("*.yaml"))
    files = []
    for i in range(1000):
        copy = folder / f"patient-{i:04d}.yaml"
        shutil.copyfile(personas[i % len(personas)], copy)
        files.append(str(copy))
    for output_format in ("csv", "jsonl"):
        ratio(
            f"1,000 files: summary --format {output_format} vs validate",
            [PAINCHECK, "summary", *files, "--format", output_format],
            [PAINCHECK, "validate", *files],
            repeat=max(3, repeat // 3),
            env=env,
            cwd=work,
            goal="<= 3",
        )


def long_diary(path: Path, days: int) -> None:
    """A diary of `days` days up to today, one compact line each (14,000 days: 966 kB, under
    the 1 MB read limit)."""
    from datetime import date, timedelta

    today = date.today()
    lines = ["diary: drg-trial", "baseline: {pain_average: 7}", "entries:"]
    lines += [
        f"- {{date: {today - timedelta(days=n)}, answers: {{pain_average: {n % 11}, "
        f"relief_percent: {n % 11 * 10}}}}}"
        for n in range(days)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def diary_benchmarks(work: Path, repeat: int, env: dict[str, str]) -> None:
    """Reading a long diary grows with its days, not with their square; exporting one stays
    within two pages."""
    short, long = work / "short.yaml", work / "long.yaml"
    long_diary(short, 1_400)
    long_diary(long, 14_000)
    ratio(
        "diary show --format json: 14,000 days vs 1,400 days",
        [PAINCHECK, "diary", "show", str(long), "--format", "json"],
        [PAINCHECK, "diary", "show", str(short), "--format", "json"],
        repeat=max(3, repeat // 3),
        env=env,
        cwd=work,
        goal="<= 10, linear",
    )
    # written back one answer a line, 10,000 days are what fits in the read limit
    adding = work / "adding.yaml"
    day = work / "day.yaml"
    day.write_text("answers: {pain_average: 4, relief_percent: 50}\n", encoding="utf-8")
    seconds = []
    for _ in range(max(3, repeat // 3)):
        long_diary(adding, 10_000)
        add = [PAINCHECK, "diary", "add", str(adding), "--answers", str(day)]
        seconds.append(timed([*add, "--date", "1900-01-01"], env, work)[0])
    print(f"{'diary add to a 10,000-day diary':60} {statistics.median(seconds):5.2f} s")
    pdf = work / "long.pdf"
    seconds = []
    for _ in range(max(1, repeat // 5)):
        export = [PAINCHECK, "diary", "export", str(long), "-o", str(pdf), "--force"]
        seconds.append(timed(export, env, work)[0])
    print(
        f"{'diary export of 14,000 days (goal: 1 page, 2 at most)':60} "
        f"{statistics.median(seconds):5.2f} s; {describe(pdf)}"
    )


def safety_benchmarks(work: Path, repeat: int, env: dict[str, str]) -> None:
    """Rounds of 8 `diary add` at once (every add that says so keeps its day), and SIGTERM at
    random moments of an export (never a temporary or lock file left behind)."""
    import random
    import signal

    day = work / "day.yaml"
    day.write_text("answers: {pain_average: 4, relief_percent: 50}\n", encoding="utf-8")
    rounds, added, refused, lost = max(5, repeat), 0, 0, 0
    for round_index in range(rounds):
        diary = work / f"safety-{round_index}.yaml"
        subprocess.run([PAINCHECK, "diary", "start", str(diary)], env=env, capture_output=True)
        dates = [f"2026-11-{n:02d}" for n in range(1, 9)]
        adds = [
            subprocess.Popen(
                [PAINCHECK, "diary", "add", str(diary), "--answers", str(day), "--date", d],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for d in dates
        ]
        codes = [process.wait(timeout=120) for process in adds]
        text = diary.read_text(encoding="utf-8")
        for date, code in zip(dates, codes, strict=True):
            if code == 0:
                added += 1
                lost += date not in text
            else:
                refused += 1
    print(
        f"{'8 diary add at once, ' + str(rounds) + ' rounds':60} {added} added, {refused} "
        f"refused, {lost} lost (goal: 0 lost)"
    )
    out = work / "signals"
    out.mkdir()
    export = [PAINCHECK, "export", str(ANSWERS), "-o", str(out / "timed.pdf")]
    for _ in range(2):  # the first run also compiles: the second is the one to time
        (out / "timed.pdf").unlink(missing_ok=True)
        whole = timed(export, env, work)[0]  # the signal lands anywhere in a run this long
    (out / "timed.pdf").unlink()
    killed = left = 0
    for index in range(rounds * 4):
        target = out / f"report-{index}.pdf"
        process = subprocess.Popen(
            [PAINCHECK, "export", str(ANSWERS), "-o", str(target)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random.uniform(0.05, whole))  # anywhere from start-up to the write
        process.send_signal(signal.SIGTERM)
        killed += process.wait(timeout=120) == -signal.SIGTERM
        left += sum(1 for p in out.iterdir() if p.name.startswith("."))
        for path in out.iterdir():
            path.unlink()
    print(
        f"{'SIGTERM at a random moment of export, ' + str(rounds * 4) + ' times':60} {killed} "
        f"ended by it, {left} hidden files left (goal: 0)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs per measurement")
    parser.add_argument(
        "--only",
        choices=["start", "phases", "export", "summary", "diary", "safety"],
        help="measure only start-up (or its phases), export, the clinic table, the diary, or "
        "concurrent adds and signals",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paincheck-bench-") as temp:
        work = Path(temp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        # The questions files kept as parsed (files/cache.py): a folder of this run, filled by
        # the first run of each measurement, which is not counted.
        (work / "cache").mkdir()
        env["XDG_CACHE_HOME"] = str(work / "cache")
        env.pop("PAINCHECK_NO_CACHE", None)
        env.update(NO_COLOR="1", LANG="C.UTF-8")
        env.pop("LC_ALL", None)
        print(
            f"paincheck benchmarks: median of {args.repeat} runs each, {os.cpu_count()} CPUs, "
            "CPU time ratio first"
        )
        if args.only in (None, "start"):
            start_benchmarks(work, args.repeat, env)
        if args.only == "phases":
            start_phases(work, args.repeat, env)
            return
        if args.only in (None, "summary"):
            summary_benchmarks(work, args.repeat, env)
        if args.only in (None, "diary"):
            diary_benchmarks(work, args.repeat, env)
        if args.only in (None, "safety"):
            safety_benchmarks(work, args.repeat, env)
        if args.only in ("start", "summary", "diary", "safety"):
            return
        if not has_export(env, work):
            print("export: skipped, this paincheck has no `export` command yet")
            return
        export_benchmarks(work, args.repeat, env)


def start_benchmarks(work: Path, repeat: int, env: dict[str, str]) -> None:
    """The three start-up ratios: `--help`, `summary --format json` and one PDF export."""
    ratio(
        "paincheck --help vs python -c 'import typer'",
        [PAINCHECK, "--help"],
        [PYTHON, "-c", "import typer"],
        repeat=repeat,
        env=env,
        cwd=work,
        goal="<= 1.1",
    )
    ratio(
        "paincheck summary FILE --format json vs 'import typer, yaml'",
        [PAINCHECK, "summary", str(ANSWERS), "--format", "json"],
        [PYTHON, "-c", "import typer, yaml"],
        repeat=repeat,
        env=env,
        cwd=work,
        goal="<= 1.2",
    )
    ratio(
        "  the same, nothing kept (a first start: PAINCHECK_NO_CACHE=1)",
        [PAINCHECK, "summary", str(ANSWERS), "--format", "json"],
        [PYTHON, "-c", "import typer, yaml"],
        repeat=max(3, repeat // 3),
        env={**env, "PAINCHECK_NO_CACHE": "1"},
        cwd=work,
        goal="none",
    )
    if has_export(env, work):
        one_pdf_ratio(work, repeat, env)


def start_phases(work: Path, repeat: int, env: dict[str, str]) -> None:
    """The median of each phase of `summary FILE --format json` (see PHASES)."""
    runs: dict[str, list[tuple[float, float]]] = {}
    for index in range(repeat + 1):
        done = subprocess.run(
            [PYTHON, "-c", PHASES, str(ANSWERS)],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        )
        if not index:  # the first run writes the cached bytecode and is not counted
            continue
        for line in done.stdout.splitlines():
            name, wall, cpu = line.split("\t")
            runs.setdefault(name, []).append((float(wall), float(cpu)))
    print(f"{'summary FILE --format json, phase by phase':60}    ms  CPU ms")
    for name, times in runs.items():
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"  {name:58} {wall:5.1f}  {cpu:5.1f}")


if __name__ == "__main__":
    main()
