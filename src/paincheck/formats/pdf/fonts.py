"""The fonts the PDF embeds: Fira Sans from its Python package, or a TrueType file the user gives.

Fira Sans is shipped as static TrueType files (glyf outlines, a real Bold) covering Latin with
Central European and Vietnamese letters, Greek and Cyrillic. Variable fonts such as the
packaged Noto Sans load in reportlab only as their default instance, so they have no real bold.
"""

from __future__ import annotations

import io
import itertools
import stat
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from paincheck.errors import PaincheckError
from paincheck.files.writing import special_kind
from paincheck.model import model
from paincheck.text.display import printable

DEFAULT_FAMILY = "Fira Sans"
# The largest font file accepted: big CJK TrueType fonts are 10 to 25 MB.
MAX_FONT_BYTES = 40_000_000
MIN_FONT_BYTES = 12  # a TrueType header alone is 12 bytes
# Drawn with a given font before anything is laid out: the letters every report uses.
TEST_TEXT = "Pain 0-10: ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789"


@model
class FontSet:
    """Registered reportlab font names, and the characters the regular font can draw."""

    regular: str
    bold: str
    family: str
    characters: frozenset[int]
    given: Path | None = None  # the user's --font file, if one was given

    def missing(self, text: str) -> list[str]:
        """The characters of `text` this font has no glyph for, in order, once each."""
        lacking = {c for c in set(text) if ord(c) not in self.characters} - set("\n\r\t")
        return sorted(lacking, key=text.index)


_registered: dict[tuple[str, str], FontSet] = {}
# reportlab keeps the first font registered under a name, even one a refused --font left behind,
# so every attempt takes a name never used before.
_names = itertools.count()


def default_font_files() -> tuple[Path, Path]:
    """Fira Sans Regular and Bold from the installed `fontpkg-fira-sans` package."""
    try:
        import fontpkg_fira_sans
    except ImportError:  # pragma: no cover - a broken install
        raise PaincheckError.single(
            "fontpkg-fira-sans", "the font package is not installed; reinstall paincheck"
        ) from None
    files = Path(fontpkg_fira_sans.ROOT) / "files"
    return files / "FiraSans-Regular.ttf", files / "FiraSans-Bold.ttf"


def load_fonts(font: Path | None = None) -> FontSet:
    """Register the report fonts with reportlab once per process and return their names.

    With `font`, that TrueType file is used for regular and bold text alike (a bold file of
    the same family is used when it sits beside it, named with -Bold).
    """
    if font is None:
        regular_file, bold_file = default_font_files()
        family = DEFAULT_FAMILY
    else:
        regular_file, bold_file = font, _bold_sibling(font)
        family = font.stem
    key = (str(regular_file), str(bold_file))
    if key in _registered:
        return _registered[key]

    index = next(_names)
    regular_name, bold_name = f"PaincheckSans{index}", f"PaincheckSans{index}-Bold"
    regular = _ttf(regular_name, regular_file)
    pdfmetrics.registerFont(regular)
    bold = regular if bold_file == regular_file else _ttf(bold_name, bold_file)
    if bold is regular:
        bold_name = regular_name
    else:
        pdfmetrics.registerFont(bold)
    pdfmetrics.registerFontFamily(
        regular_name, normal=regular_name, bold=bold_name, italic=regular_name, boldItalic=bold_name
    )
    if font is not None:
        _check_renders(regular_name, regular_file)
        if bold is not regular:
            _check_renders(bold_name, bold_file)
    characters = frozenset(regular.face.charToGlyph)
    result = FontSet(regular_name, bold_name, family, characters, font)
    _registered[key] = result
    return result


def _bold_sibling(font: Path) -> Path:
    stem = font.stem
    for suffix in ("-Regular", "_Regular", "-Book", ""):
        if suffix and not stem.endswith(suffix):
            continue
        base = stem[: len(stem) - len(suffix)] if suffix else stem
        candidate = font.with_name(f"{base}-Bold{font.suffix}")
        if candidate != font and candidate.is_file():
            return candidate
    return font


def _ttf(name: str, path: Path) -> Any:
    """A reportlab TrueType font from a file checked for its kind and size first."""
    data = _read_font(path)
    buffer = io.BytesIO(data)
    buffer.name = path.name  # reportlab names the file in its messages
    try:
        font = TTFont(name, buffer)
    except TTFError as exc:
        raise PaincheckError.single(
            str(path), f"cannot use this font (a TrueType .ttf file is needed): {_short(exc)}"
        ) from None
    except Exception as exc:  # a damaged file can fail anywhere in reportlab's parser
        raise _damaged(path, exc) from None
    # reportlab reads a table only when it needs it: a file cut short fails on the glyphs
    # past the cut, so every table must end inside the file.
    for table in getattr(font.face, "tables", []):
        if table["offset"] + table["length"] > len(data):
            raise PaincheckError.single(
                str(path), "cannot use this font: the file is cut short (incomplete download?)"
            )
    return font


def _read_font(path: Path) -> bytes:
    """The font file's bytes: a regular file of a sane size, read with a limit."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PaincheckError.single(name, "font file not found") from None
    except OSError as exc:
        raise PaincheckError.single(name, f"cannot read font: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise PaincheckError.single(name, f"is {special_kind(info.st_mode)}, not a font file")
    # Checked before reading: a huge (or sparse) file is never read into memory.
    if info.st_size > MAX_FONT_BYTES:
        raise PaincheckError.single(
            name,
            f"is {info.st_size // 1_000_000} MB; a font file of at most "
            f"{MAX_FONT_BYTES // 1_000_000} MB is needed",
        )
    if info.st_size < MIN_FONT_BYTES:
        raise PaincheckError.single(name, "is too small to be a font (a TrueType .ttf file)")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FONT_BYTES + 1)
    except OSError as exc:
        raise PaincheckError.single(name, f"cannot read font: {exc.strerror or exc}") from None
    if len(data) > MAX_FONT_BYTES:  # it grew while we looked
        raise PaincheckError.single(name, f"is larger than {MAX_FONT_BYTES // 1_000_000} MB")
    return data


def _check_renders(font_name: str, path: Path) -> None:
    """Draw a test line into a throw-away PDF: a font that parses can still fail when its
    glyphs are copied into a document, and that must be found before laying out a report."""

    font = pdfmetrics.getFont(font_name)
    lacking = [c for c in TEST_TEXT if c != " " and ord(c) not in font.face.charToGlyph]
    if lacking:
        raise PaincheckError.single(
            str(path),
            f"cannot use this font: it has no letters for {''.join(lacking[:10])!r}; "
            "the report needs a font with Latin letters and digits",
        )
    try:
        canvas = Canvas(io.BytesIO())
        canvas.setFont(font_name, 12)
        canvas.drawString(72, 72, TEST_TEXT)
        canvas.showPage()
        canvas.save()
    except Exception as exc:  # a damaged glyph table fails here, whatever reportlab raises
        raise _damaged(path, exc) from None


def damaged_font(path: Path, exc: BaseException) -> PaincheckError:
    """The error for a font file that fails while a document is made with it."""
    return _damaged(path, exc)


def _damaged(path: Path, exc: BaseException) -> PaincheckError:
    return PaincheckError.single(
        str(path),
        f"cannot use this font: the file is damaged ({type(exc).__name__}: {_short(exc)})",
    )


def _short(exc: BaseException) -> str:
    text = printable(str(exc), one_line=True)
    return text if len(text) <= 120 else text[:117] + "..."
