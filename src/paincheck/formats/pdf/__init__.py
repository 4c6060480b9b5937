"""The PDFs paincheck writes: the report for the specialist, the blank checklist, the diary
page, and visits side by side.

reportlab is imported at the top of every module here, so import this package's names only
when a PDF is written (tests/test_imports.py checks the other commands never load it). Each
name is loaded from its module when first used (PEP 562): writing the report loads the
report's module and what it draws with, not the diary's page, the comparison or reportlab's
charts.

- `page`: the default options, colours, styles, escaping and footer every PDF shares
- `fonts`: the embedded fonts (Fira Sans, or the user's --font)
- `pieces`: small drawn pieces (status symbols, bars, tick lists, boxes, grids)
- `bodymap`: the body diagram (its geometry is `paincheck.formats.bodymap`, shared with the HTML page)
- `report`, `blank`, `short`, `diary`, `compare`: the documents
"""

from __future__ import annotations

import gc
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paincheck.formats.options import ExportOptions
    from paincheck.formats.pdf.blank import render_blank
    from paincheck.formats.pdf.compare import render_compare_pdf
    from paincheck.formats.pdf.diary import render_diary_pdf
    from paincheck.formats.pdf.page import PAPERS, check_font
    from paincheck.formats.pdf.report import render_report, write_report
    from paincheck.formats.pdf.short import render_short

__all__ = [
    "PAPERS",
    "ExportOptions",
    "check_font",
    "render_blank",
    "render_compare_pdf",
    "render_diary_pdf",
    "render_report",
    "render_short",
    "write_report",
]

# The module each name comes from.
_HOMES = {
    "PAPERS": "page",
    "ExportOptions": "paincheck.formats.options",
    "check_font": "page",
    "render_blank": "blank",
    "render_compare_pdf": "compare",
    "render_diary_pdf": "diary",
    "render_report": "report",
    "render_short": "short",
    "write_report": "report",
}


def __getattr__(name: str) -> Any:
    """A name of `__all__`, imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # reportlab's modules, imported here, live until the process ends: looking for garbage
    # among them while they load (as Python does every few hundred objects) finds none and
    # costs about 5 ms of an export. Frozen afterwards, no later collection walks them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        module = import_module(home if "." in home else f"{__name__}.{home}")
    finally:
        if collecting:
            gc.freeze()
            gc.enable()
    value = getattr(module, name)
    globals()[name] = value  # found directly from now on
    return value
