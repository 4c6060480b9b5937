"""The PDFs paincheck writes: the report for the specialist, the blank checklist, the diary
page, and visits side by side.

reportlab is imported at the top of every module here, so import this package only when a
PDF is written (tests/test_imports.py checks the other commands never load it).

- `page`: the default options, colours, styles, escaping and footer every PDF shares
- `fonts`: the embedded fonts (Fira Sans, or the user's --font)
- `pieces`: small drawn pieces (status symbols, bars, tick lists, boxes, grids)
- `bodymap`: the body diagram (its geometry is `paincheck.formats.bodymap`, shared with the HTML page)
- `report`, `blank`, `diary`, `compare`: the four documents
"""

from __future__ import annotations

from paincheck.formats.options import ExportOptions
from paincheck.formats.pdf.blank import render_blank, write_blank
from paincheck.formats.pdf.compare import render_compare_pdf, write_compare_pdf
from paincheck.formats.pdf.diary import render_diary_pdf, write_diary_pdf
from paincheck.formats.pdf.page import PAPERS, check_font
from paincheck.formats.pdf.report import render_report, write_report
from paincheck.formats.pdf.short import render_short, write_short

__all__ = [
    "PAPERS",
    "ExportOptions",
    "check_font",
    "render_blank",
    "render_compare_pdf",
    "render_diary_pdf",
    "render_report",
    "render_short",
    "write_blank",
    "write_compare_pdf",
    "write_diary_pdf",
    "write_report",
    "write_short",
]
