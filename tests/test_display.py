"""Text from files is shown with control characters visible, never sent raw to a terminal."""

from paincheck.display import printable


def test_escape_sequences_are_shown_not_executed() -> None:
    osc52 = "copy\x1b]52;c;aGVsbG8=\x07me"
    assert printable(osc52) == "copy\\x1b]52;c;aGVsbG8=\\x07me"
    assert printable("\x1b[8mhidden\x1b[0m") == "\\x1b[8mhidden\\x1b[0m"
    assert printable("c1\x9bcsi") == "c1\\x9bcsi"


def test_line_breaks_kept_in_answers_but_shown_in_one_line_values() -> None:
    assert printable("first line\nsecond\tcol") == "first line\nsecond\tcol"
    assert printable("maria\n.yaml", one_line=True) == "maria\\n.yaml"


def test_bidi_overrides_are_made_visible() -> None:
    assert printable("invoice\u202etxt.exe") == "invoice\\u202etxt.exe"


def test_ordinary_text_is_unchanged() -> None:
    for text in ("María Núñez", "pain < 5 & [bold]", "ümlaut — dash", ""):
        assert printable(text) == text
