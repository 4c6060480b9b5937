"""The prompt adapter: one prompt's data turned into a questionary prompt, or a plain one.

The interview describes each step as a `Prompt` (its lines, its choices, how to check an
answer); `ask` shows it full screen through questionary, `ask_plain` line by line for screen
readers and simple terminals. Neither decides what an answer means: they return the value
picked or typed, or the value of a step such as Back.

Text from the questions folder and the answers reaches these prompts already passed through
`paincheck.display.printable`, and is given to prompt_toolkit as plain strings, never markup.
"""

from __future__ import annotations

import re
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Literal

from paincheck.display import printable

if TYPE_CHECKING:
    from prompt_toolkit.application import Application
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.input import Input
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Window
    from prompt_toolkit.output import Output

BACK_KEY = "<"
REPEAT_KEY = "?"
# Lines of the text above a prompt, in the order they are dropped when the screen is too
# short: the question and the keys line always stay.
DROPPABLE = ("intro", "help", "progress", "anchors")


class Step:
    """A step that is not an answer: go back, skip, save."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


@dataclass(frozen=True)
class Option:
    """One line of a list: a choice (key: its number), a step such as Back, or a heading."""

    value: Any
    label: str
    key: str = ""
    heading: bool = False


@dataclass(frozen=True)
class Prompt:
    """What one prompt shows and accepts."""

    lines: Sequence[tuple[str, str]]  # (kind, text): progress, intro, question, help, keys...
    # "panel": a warning, its heading pinned on top, the other lines scrolling under it, then
    # a short list of choices where Enter takes the highlighted one (`pointer`)
    kind: Literal["single", "multi", "text", "panel"]
    options: Sequence[Option] = ()
    ticked: Sequence[str] = ()  # multi: the choices ticked at the start
    pointer: Any = None  # single: the choice highlighted at the start
    default: str = ""  # text: the answer shown at the start; typing replaces it
    multiline: bool = False
    back: Any = None  # returned on `<` (None: there is no going back)
    check: Callable[[Any], str | None] = lambda _: None  # a problem, or None to take it
    toggle: Callable[[list[str], str], list[str]] | None = None  # multi: the tick rule
    done: str | None = None  # the line left behind once answered (None: what was picked)
    unknown_key: Callable[[str], str] = lambda typed: typed  # plain: no choice has that key
    one_only: str = ""  # plain: more than one key for a one-answer list
    clear: bool = True  # start on a clean screen
    guard: float = 0.0  # seconds after it is drawn when keys do nothing (input typed ahead)
    # panel: more lines under `lines`, laid out for the screen's width (a Rich closing screen)
    drawn: Callable[[int], Sequence[str]] | None = None
    # how a panel is shown full screen (`paincheck.panel.ask_panel`), given questionary's
    # common arguments; None: as a list
    full_screen: Callable[[Prompt, dict[str, Any]], Any] | None = None
    keys: dict[str, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        keyed = {o.key: n for n, o in enumerate(self.options) if o.key and not o.heading}
        object.__setattr__(self, "keys", keyed)


def option(value: Any, label: str, key: str = "", heading: bool = False) -> Option:
    """A list line whose text is shown as it is, control characters made visible."""
    return Option(value, printable(label), key, heading)


def menu(lines: Sequence[tuple[str, str]], options: Sequence[Option], **kw: Any) -> Prompt:
    """A short list under what was just printed (no clean screen), leaving nothing behind."""
    return Prompt(lines, "single", options, clear=False, done="", **kw)


class Asker:
    """Shows prompts full screen (questionary) or line by line, and prints between them."""

    def __init__(self, input: Input | None, output: Output | None, plain: bool) -> None:
        from paincheck.cli_output import out

        self.input, self.output, self.plain = input, output, plain
        # The sink's console: what is printed between prompts is escaped and width-guarded
        # like every command's output.
        self.console = out.console(colour=not plain)
        self.unicode = self.console.encoding.lower().startswith("utf")
        self.terminal: PlainTerminal | None = None

    def ask(self, prompt: Prompt) -> Any:
        """The answer to one prompt, asked the way this interview asks."""
        if not self.plain:
            return ask(prompt, self.input, self.output)
        if self.terminal is None:
            reader = None
            if self.input is not None:  # a pipe in tests: read its lines as from a terminal
                reader = open(self.input.fileno(), encoding="utf-8", closefd=False)  # noqa: SIM115
            self.terminal = PlainTerminal(reader)
        return ask_plain(prompt, self.terminal)


def picked_label(prompt: Prompt, value: Any) -> str:
    """The labels of what was picked, for the line left behind."""
    chosen = value if isinstance(value, list) else [value]
    return ", ".join(o.label for o in prompt.options if not o.heading and o.value in chosen)


# -- full screen (questionary) ----------------------------------------------------------

_STYLE = [
    ("progress", "bold"),
    ("day", "bold"),
    ("intro", "italic"),
    ("question", "bold"),
    ("help", "italic"),
    ("anchors", "bold"),
    ("note", "bold"),
    ("keys", ""),
    ("error", "bold"),
    ("highlighted", "reverse"),
    ("pointer", "bold"),
    ("heading", "bold underline"),
    ("separator", "bold underline"),
    ("answer", "bold"),
    ("banner", "bold reverse"),
    ("sign", "bold"),
    ("advice", "bold"),
    ("also", "bold underline"),
    ("more", "reverse"),
]


def ask(prompt: Prompt, input: Input | None = None, output: Output | None = None) -> Any:
    """Show `prompt` full screen until it has an acceptable answer; Ctrl-C raises
    KeyboardInterrupt and Ctrl-D EOFError (questionary's `unsafe_ask`, unlike `ask`, lets
    them through)."""
    import questionary

    style = questionary.Style(_STYLE)
    common: dict[str, Any] = {"style": style, "input": input, "output": output}
    state: dict[str, Any] = {"error": None, "digits": "", "pristine": True}
    if prompt.full_screen is not None:  # a panel draws itself (paincheck.panel)
        return prompt.full_screen(prompt, common)
    if prompt.kind == "text":
        question = questionary.text(
            "",
            default=prompt.default,
            multiline=prompt.multiline,
            instruction="",
            qmark=">",
            **common,
        )
        body = _text_window(question.application)
        bindings = _text_bindings(prompt, state, body)
    else:
        choices = [_choice(o) for o in prompt.options]
        kind = questionary.checkbox if prompt.kind == "multi" else questionary.select
        question = kind("", choices, instruction="", pointer=">", qmark="", **common)
        body = _list_window(question.application, prompt)
        bindings = _list_bindings(prompt, state, body)
    app = question.application
    # Semi-internal parts of questionary 2.x (pinned <3 in pyproject.toml): we merge our eager
    # key bindings after questionary's (the last eager match wins: Enter, Space, digits, `<`)
    # and replace its layout by one that keeps the question and the keys line on screen.
    from prompt_toolkit.key_binding import merge_key_bindings

    app.key_bindings = merge_key_bindings([app.key_bindings or _no_keys(), bindings])
    app.layout = _layout(prompt, state, body)
    return _run(question, prompt)


def _run(question: Any, prompt: Prompt) -> Any:
    """Run a prepared questionary question, on a clean screen if the prompt wants one."""
    if prompt.clear:
        output = question.application.output
        output.erase_screen()
        output.cursor_goto(0, 0)
        output.flush()
    return question.unsafe_ask()


def _no_keys() -> KeyBindings:
    from prompt_toolkit.key_binding import KeyBindings

    return KeyBindings()


def _choice(option: Option) -> Any:
    import questionary

    if option.heading:
        return questionary.Separator(option.label)
    key = f"{option.key}." if option.key.isdigit() and option.label else option.key
    return questionary.Choice(title=f"{key:>3} {option.label}", value=_Boxed(option.value))


class _Boxed:
    """A choice value questionary compares by identity (our values may be unhashable)."""

    def __init__(self, value: Any) -> None:
        self.value = value


def _list_window(app: Application[Any], prompt: Prompt) -> Window:
    """questionary's list control (`InquirerControl`, semi-internal) in a scrolling window."""
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.layout import ScrollOffsets, Window
    from prompt_toolkit.layout.margins import ConditionalMargin, ScrollbarMargin
    from questionary.prompts.common import InquirerControl

    control = next(
        w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)
    )
    ic: Any = control
    # long labels wrapped between words, under their own text (the screen size is known now)
    start = 5 if prompt.kind == "multi" else 3  # where a title starts: after pointer, tick
    room = max(20, app.output.get_size().columns - start - 1)  # and a scroll bar
    for choice in ic.choices:
        if isinstance(choice.title, str) and not choice.disabled:
            indent = " " * (start + 4)  # under the label, past "12. "
            choice.title = textwrap.fill(choice.title, room, subsequent_indent=indent)
    if prompt.kind == "multi":
        ic.selected_options = [
            ic.choices[prompt.keys[k]].value for k in _keys_of(prompt, prompt.ticked)
        ]
    at = next((n for n, o in enumerate(prompt.options) if o.value == prompt.pointer), None)
    first = next(n for n, o in enumerate(prompt.options) if not o.heading)
    ic.pointed_at = at if at is not None and prompt.pointer is not None else first
    window = Window(control, wrap_lines=True, scroll_offsets=ScrollOffsets(top=1, bottom=2))
    # arrows at the edge only when the list is longer than its part of the screen
    scrolls = Condition(
        lambda: (
            window.render_info is not None
            and window.render_info.content_height > window.render_info.window_height
        )
    )
    window.right_margins = [ConditionalMargin(ScrollbarMargin(display_arrows=True), scrolls)]
    return window


def _keys_of(prompt: Prompt, values: Sequence[Any]) -> list[str]:
    return [k for k, n in prompt.keys.items() if prompt.options[n].value in values]


def _text_window(app: Application[Any]) -> Window:
    """The prompt session's own input window (found as questionary itself finds it)."""
    from prompt_toolkit.layout.controls import BufferControl

    return next(
        w
        for w in app.layout.find_all_windows()
        if isinstance(w.content, BufferControl) and w.content.buffer.name == "DEFAULT_BUFFER"
    )


def _list_bindings(prompt: Prompt, state: dict[str, Any], body: Window) -> KeyBindings:
    # Long for a reason: one small handler per key, all closing over the same list and state.
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    ic: Any = body.content
    bindings = KeyBindings()

    def pointed() -> Option:
        return prompt.options[int(ic.pointed_at)]

    def ticked() -> list[Any]:
        return [box.value for box in ic.selected_options]

    @bindings.add(" ", eager=True)
    def _tick(event: KeyPressEvent) -> None:  # the exclusive-tick rule, not questionary's
        state["digits"] = ""
        option = pointed()
        if prompt.kind == "multi" and isinstance(option.value, str) and prompt.toggle:
            now = prompt.toggle([str(v) for v in ticked()], option.value)
            ic.selected_options = [ic.choices[prompt.keys[k]].value for k in _keys_of(prompt, now)]
            state["error"] = None

    @bindings.add("enter", eager=True)
    @bindings.add("c-j", eager=True)  # an Enter typed ahead between two prompts
    def _enter(event: KeyPressEvent) -> None:
        state["digits"] = ""
        option = pointed()
        if prompt.kind == "multi" and isinstance(option.value, str):
            value: Any = ticked()  # only what was ticked: never the highlighted line
        else:
            value = option.value
        problem = prompt.check(value) if _is_answer(value) else None
        if problem is not None:
            state["error"] = problem
            return
        state["done"] = picked_label(prompt, value) if prompt.done is None else prompt.done
        ic.is_answered = True
        event.app.exit(result=value)

    def digit(event: KeyPressEvent) -> None:
        # Digits add up while they can still make a key ("5" then "0" picks 50).
        typed = state["digits"] + event.data
        if not any(key.startswith(typed) for key in prompt.keys):
            typed = event.data if any(k.startswith(event.data) for k in prompt.keys) else ""
        state["digits"] = typed
        if typed in prompt.keys:
            ic.pointed_at = prompt.keys[typed]

    for number in "0123456789":
        bindings.add(number, eager=True)(digit)
    if prompt.back is not None:

        @bindings.add(BACK_KEY, eager=True)
        def _back(event: KeyPressEvent) -> None:
            state["done"] = ""
            event.app.exit(result=prompt.back)

    @bindings.add("c-d", eager=True)
    def _end(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError())

    return bindings


def _text_bindings(prompt: Prompt, state: dict[str, Any], body: Window) -> KeyBindings:
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    buffer: Any = body.content.buffer  # type: ignore[attr-defined]
    buffer.on_text_changed += lambda _: state.update(error=None)
    bindings = KeyBindings()
    pristine = Condition(lambda: bool(state["pristine"]) and bool(prompt.default))

    @bindings.add("<any>", eager=True, filter=pristine)
    def _replace(event: KeyPressEvent) -> None:
        """The first key typed replaces a pre-filled answer; any other key keeps it."""
        state["pristine"] = False
        if len(event.data) == 1 and event.data.isprintable():
            buffer.text = ""
        event.app.key_processor.feed(event.key_sequence[0], first=True)

    @bindings.add("enter", eager=True)
    @bindings.add("c-j", eager=True)
    def _enter(event: KeyPressEvent) -> None:
        state["pristine"] = False
        text = buffer.document.text
        at_end = buffer.document.is_cursor_at_the_end
        ending = at_end and text.endswith("\n")
        if prompt.multiline and text.strip() not in ("", BACK_KEY) and not ending:
            buffer.insert_text("\n")
            return
        text = text.rstrip("\n") if prompt.multiline else text
        if prompt.back is not None and text.strip() == BACK_KEY:
            event.app.exit(result=prompt.back)
            return
        problem = prompt.check(text)
        if problem is not None:
            state["error"] = problem
            return
        buffer.text = text
        state["done"] = text.replace("\n", " / ")
        event.app.exit(result=text)

    untouched = Condition(
        lambda: prompt.back is not None and (state["pristine"] or not buffer.text)
    )

    @bindings.add(BACK_KEY, eager=True, filter=untouched)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(result=prompt.back)

    return bindings


def _layout(prompt: Prompt, state: dict[str, Any], body: Window) -> Any:
    """The lines above, the list or box, and a problem line; once answered, one line."""
    from prompt_toolkit.filters import Condition, is_done
    from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.layout.dimension import Dimension

    error = Condition(lambda: state["error"] is not None) & ~is_done

    def lines() -> list[tuple[str, str]]:
        if is_done() and prompt.done == "":
            return []  # a menu leaves nothing behind
        if is_done():
            question = next((t for k, t in prompt.lines if k == "question"), "")
            done = state.get("done", "")
            return _wrap(
                [("answer", f"- {question} {done}".strip() if question else done)], width()
            )
        return _fitted(prompt, state)

    def above() -> StyleAndTextTuples:
        tokens: StyleAndTextTuples = []
        for kind, text in lines():
            tokens.extend([(f"class:{kind}", text), ("", "\n")])
        return tokens[:-1]

    def height() -> Dimension:
        return Dimension.exact(len(lines()))

    errors = FormattedTextControl(lambda: [("class:error", printable(f"! {state['error']}"))])
    return Layout(
        HSplit(
            [
                Window(FormattedTextControl(above), height=height, dont_extend_height=True),
                ConditionalContainer(body, filter=~is_done),
                ConditionalContainer(Window(errors, wrap_lines=True, height=1), filter=error),
            ]
        ),
        focused_element=body,
    )


def _fitted(prompt: Prompt, state: dict[str, Any]) -> list[tuple[str, str]]:
    """The lines above the prompt, wrapped between words, without the parts that would push
    the question or the keys line off a short screen."""
    from prompt_toolkit.application import get_app_or_none

    app = get_app_or_none()
    rows = app.output.get_size().rows if app else 24
    room = rows - (1 if prompt.kind == "text" else 3) - (1 if state["error"] else 0)
    kinds = [k for k, _ in prompt.lines]
    for drop in (None, *DROPPABLE):
        kinds = [k for k in kinds if k != drop]
        lines = _wrap([(k, t) for k, t in prompt.lines if k in kinds], width())
        if len(lines) <= room:
            break
    return lines[: max(1, room)]


def width() -> int:
    """The screen's width, less one column (a full last column makes some terminals wrap)."""
    from prompt_toolkit.application import get_app_or_none

    app = get_app_or_none()
    return (app.output.get_size().columns if app else 80) - 1


def _wrap(lines: Sequence[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    wrapped: list[tuple[str, str]] = []
    for kind, text in lines:
        for line in printable(text).split("\n"):
            wrapped.extend((kind, part) for part in textwrap.wrap(line, max(20, width)) or [""])
    return wrapped


# -- plain: line by line -----------------------------------------------------------------

_NUMBERS = re.compile(r"[0-9]+|[^0-9,;\s]+")


class PlainTerminal:
    """Reads answers line by line and writes lines: no cursor movement, no colour."""

    def __init__(self, reader: IO[str] | None = None, writer: IO[str] | None = None) -> None:
        self.reader = reader or sys.stdin
        self.writer = writer or sys.stdout

    def say(self, text: str = "") -> None:
        self.writer.write(printable(text) + "\n")
        self.writer.flush()

    def discard_typed(self, wait: float) -> None:
        """Wait `wait` seconds, then drop every line typed so far (on a terminal only: lines
        from a pipe or a file are answers written beforehand)."""
        if not self.reader.isatty():
            return
        import termios

        time.sleep(wait)
        termios.tcflush(self.reader.fileno(), termios.TCIFLUSH)

    def read(self) -> str:
        """One line typed; Ctrl-C and Ctrl-D read from a pipe count as on a terminal."""
        self.writer.write("> ")
        self.writer.flush()
        line = self.reader.readline()
        if not line or "\x04" in line:
            raise EOFError
        if "\x03" in line:
            raise KeyboardInterrupt
        return line.rstrip("\r\n")


def ask_plain(prompt: Prompt, terminal: PlainTerminal) -> Any:
    """Ask `prompt` line by line until it has an acceptable answer."""
    if prompt.clear:
        terminal.say()
    for kind, text in prompt.lines:
        if kind != "more" and (kind != "keys" or prompt.kind == "text"):
            terminal.say(text)
    if prompt.kind != "text":
        _say_options(prompt, terminal)
    if prompt.guard:
        terminal.discard_typed(prompt.guard)
    while True:
        typed = _read_answer(prompt, terminal)
        if prompt.kind == "panel" and typed.strip() == "":
            return prompt.pointer  # a panel is no question: Enter takes its first choice
        if typed.strip() == REPEAT_KEY and prompt.kind != "text":
            _say_options(prompt, terminal)
            continue
        if typed.strip() == BACK_KEY and prompt.back is not None:
            return prompt.back
        value, problem = _plain_value(prompt, typed)
        if problem is None and _is_answer(value):
            problem = prompt.check(value)
        if problem is None:
            return value
        terminal.say(f"! {problem}")


def _say_options(prompt: Prompt, terminal: PlainTerminal) -> None:
    for option in prompt.options:
        if option.heading:
            terminal.say(option.label)
            continue
        mark = ""
        if prompt.kind == "multi" and isinstance(option.value, str):
            mark = "[x] " if option.value in prompt.ticked else "[ ] "
        terminal.say(f"  {option.key:>2}  {mark}{option.label}")
    for kind, text in prompt.lines:
        if kind == "keys":
            terminal.say(text)


def _read_answer(prompt: Prompt, terminal: PlainTerminal) -> str:
    """One line; several for a multi-line box, up to an empty line."""
    lines = [terminal.read()]
    if prompt.multiline and lines[0].strip() not in ("", BACK_KEY):
        while lines[-1] != "":
            lines.append(terminal.read())
    return "\n".join(lines).rstrip("\n")


def _is_answer(value: Any) -> bool:
    """A choice, choices or text, or no answer: not a step such as Back."""
    return value is None or isinstance(value, str | list)


def _plain_value(prompt: Prompt, typed: str) -> tuple[Any, str | None]:
    """What a typed line means: text as typed; for a list, the choices its keys name."""
    if prompt.kind == "text":
        return (prompt.default if typed == "" else typed), None
    keys = _NUMBERS.findall(re.sub(r"(?<=[0-9])\s*%", "", typed))  # "70%" picks 70
    if not keys:  # Enter alone keeps the answer there is (none: the check decides)
        return (list(prompt.ticked) if prompt.kind == "multi" else prompt.pointer), None
    unknown = [k for k in keys if k not in prompt.keys]
    if unknown:
        return None, prompt.unknown_key(" ".join(unknown))
    picked = [prompt.options[prompt.keys[k]].value for k in keys]
    steps = [v for v in picked if not isinstance(v, str)]
    if steps:
        return steps[0], None
    if prompt.kind == "single":
        return (picked[0], None) if len(picked) == 1 else (None, prompt.one_only)
    chosen: list[str] = []
    for value in picked:
        chosen = prompt.toggle(chosen, value) if prompt.toggle and value not in chosen else chosen
    return chosen, None
