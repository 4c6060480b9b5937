"""The fonts the PDF embeds: Fira Sans from its Python package, or a TrueType file the user gives.

Fira Sans is shipped as static TrueType files (glyf outlines, a real Bold) covering Latin with
Central European and Vietnamese letters, Greek and Cyrillic. Variable fonts such as the
packaged Noto Sans load in reportlab only as their default instance, so they have no real bold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paincheck.errors import PaincheckError

DEFAULT_FAMILY = "Fira Sans"


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names, and the characters the regular font can draw."""

    regular: str
    bold: str
    family: str
    characters: frozenset[int]

    def missing(self, text: str) -> list[str]:
        """The characters of `text` this font has no glyph for, in order, once each."""
        lacking = {c for c in set(text) if ord(c) not in self.characters} - set("\n\r\t")
        return sorted(lacking, key=text.index)


_registered: dict[tuple[str, str], FontSet] = {}


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
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    index = len(_registered)
    regular_name, bold_name = f"PaincheckSans{index}", f"PaincheckSans{index}-Bold"
    regular = _ttf(TTFont, regular_name, regular_file)
    pdfmetrics.registerFont(regular)
    bold = regular if bold_file == regular_file else _ttf(TTFont, bold_name, bold_file)
    if bold is regular:
        bold_name = regular_name
    else:
        pdfmetrics.registerFont(bold)
    pdfmetrics.registerFontFamily(
        regular_name, normal=regular_name, bold=bold_name, italic=regular_name, boldItalic=bold_name
    )
    characters = frozenset(regular.face.charToGlyph)
    result = FontSet(regular_name, bold_name, family, characters)
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


def _ttf(factory: Any, name: str, path: Path) -> Any:
    from reportlab.pdfbase.ttfonts import TTFError

    from paincheck.documents import not_a_file

    problem = not_a_file(path)
    if problem is not None:
        raise PaincheckError.single(str(path), f"cannot use as a font: {problem}")
    try:
        return factory(name, str(path))
    except TTFError as exc:
        raise PaincheckError.single(
            str(path), f"cannot use this font (a TrueType .ttf file is needed): {exc}"
        ) from None
    except OSError as exc:
        raise PaincheckError.single(str(path), f"cannot read font: {exc.strerror or exc}") from None
