"""What the tests share. No test module imports another; they import these.

- here: the folders the tests read (the personas, the second checklist);
- `interview.py`: the interview in-process: the keys a patient types for given answers,
  typed into prompt_toolkit's pipe, and a screen to look at;
- `terminals.py`: terminals that behave like real ones (a pipe, a pseudo-terminal, tmux), and
  the installed command on them;
- `installed.py`: the installed command run as a user runs it;
- `diary.py`: the diary's sample file, and a day typed in full;
- `inputs.py`: answers and questions folders made for a test;
- `documents.py`: reading the PDFs and HTML pages paincheck writes;
- `snapshot.py`: whole outputs compared with the reviewed files in `tests/snapshots/`.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).parents[1]
ROOT = TESTS.parent
PERSONAS = TESTS / "personas"
PERSONA_NAMES = sorted(p.stem for p in PERSONAS.glob("*.yaml"))
OTHER = TESTS / "data" / "other-questions"  # the second checklist: the engine is generic
