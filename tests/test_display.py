"""Text from files is shown with control characters visible, never sent raw to a terminal."""

from paincheck.text.display import printable


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


def test_values_in_messages_are_short_and_on_one_line() -> None:
    from paincheck.text.display import file_name, quoted, shortened

    assert shortened("x" * 900) == "x" * 37 + "..."
    assert quoted("a\nb\x1b[8m") == "'a\\nb\\x1b[8m'"
    assert file_name("answers.yaml") == "answers.yaml"
    assert file_name("a\nb: ok") == "'a\\nb: ok'"


def test_a_problem_shows_file_question_and_message_as_text() -> None:
    from paincheck.errors import Problem

    problem = Problem("bad\n.yaml", "got 'x\x1b]52;c;aGk=\x07'", "k\x1b[8m" + "y" * 90)
    assert str(problem) == (
        "'bad\\n.yaml': k\\x1b[8m" + "y" * 52 + "...: got 'x\\x1b]52;c;aGk=\\x07'"
    )


def test_the_console_shows_control_characters_of_any_renderable_and_keeps_its_style() -> None:
    import io

    from rich.console import Console
    from rich.text import Text

    from paincheck.output.terminal import VisibleText

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=40)
    console.push_render_hook(VisibleText())
    console.print(Text("a\x1b]52;c;x\x07b", style="bold"))
    assert out.getvalue() == "\x1b[1ma\\x1b]52;c;xb\x1b[0m\n"  # Rich drops the bell itself
