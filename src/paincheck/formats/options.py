"""What the person chose for a page they export: the options every PDF and HTML format takes."""

from __future__ import annotations

from pathlib import Path

from paincheck.model import model
from paincheck.text.language import DEFAULT_LANGUAGE


@model
class ExportOptions:
    """What the person chose for an exported page: language, paper, print size, own font."""

    lang: str = DEFAULT_LANGUAGE
    paper: str = "letter"
    large_print: bool = False
    font: Path | None = None
