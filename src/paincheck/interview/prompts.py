"""The prompt adapter: one prompt's data turned into a questionary prompt, or a plain one.

The interview describes each step as a `Prompt` (its lines, its choices, how to check an
answer); `ask` shows it full screen through questionary (`asking` chooses between that and
line by line, for screen readers and simple terminals). Neither decides what an answer means: they return the value
picked or typed, or the value of a step such as Back.

Text from the questions folder and the answers reaches these prompts already passed through
`paincheck.text.display.printable`, and is given to prompt_toolkit as plain strings, never markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from paincheck.interview.fitting import SAFETY, error_lines, fitted_lines, safety_fits, width, wrap
from paincheck.questionnaire.types import PromptKind
from paincheck.text.display import printable

if TYPE_CHECKING:
    from prompt_toolkit.application import Application
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.input import Input
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Window
    from prompt_toolkit.output import Output

BACK_KEY = "<"
REPEAT_KEY = "?"


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
    kind: PromptKind | Literal["panel"]
    options: Sequence[Option] = ()
    ticked: Sequence[str] = ()  # multi: the choices ticked at the start
    pointer: Any = None  # single: the choice picked at the start (None: Enter alone is no answer)
    default: str = ""  # text: the answer shown at the start; typing replaces it
    multiline: bool = False
    back: Any = None  # returned on `<` (None: there is no going back)
    check: Callable[[Any], str | None] = lambda _: None  # a problem, or None to take it
    toggle: Callable[[list[str], str], list[str]] | None = None  # multi: the tick rule
    done: str | None = None  # the line left behind once answered (None: what was picked)
    echo: str | None = None  # the question as that line names it (None: its question line)
    unknown_key: Callable[[str], str] = lambda typed: typed  # no choice has that key
    ticked_mark: str = "(ticked)"  # plain: after a ticked choice
    one_only: str = ""  # plain: more than one key for a one-answer list
    clear: bool = True  # start on a clean screen
    guard: float = 0.0  # seconds after it is drawn when keys do nothing (input typed ahead)
    # panel: more lines under `lines`, laid out for the screen's width (a Rich closing screen)
    drawn: Callable[[int], Sequence[str]] | None = None
    # how a panel is shown full screen (`paincheck.interview.panel.ask_panel`), given questionary's
    # common arguments; None: as a list
    full_screen: Callable[[Prompt, dict[str, Any]], Any] | None = None
    # safety lines that do not fit beside the question go first on a screen of their own:
    # its one choice and its keys line
    safety_screen: tuple[str, str] = ("", "")
    keys: dict[str, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        keyed = {o.key: n for n, o in enumerate(self.options) if o.key and not o.heading}
        object.__setattr__(self, "keys", keyed)


def option(value: Any, label: str, key: str = "", heading: bool = False) -> Option:
    """A list line whose text is shown as it is, control characters made visible."""
    return Option(value, printable(label), key, heading)


def menu(lines: Sequence[tuple[str, str]], options: Sequence[Option], **kw: Any) -> Prompt:
    """A short list under what was just printed (no clean screen), leaving nothing behind;
    Enter alone picks its first line (or `pointer`)."""
    kw.setdefault("pointer", next(o.value for o in options if not o.heading))
    return Prompt(lines, "pick_one", options, clear=False, done="", **kw)


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
    ("welcome", "bold"),
    ("saving", ""),
    ("keys", ""),
    (SAFETY, "bold"),
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

    from paincheck.output.terminal import no_color

    upright = no_color()  # NO_COLOR: no colour (prompt_toolkit's part) and no italics
    style = questionary.Style(
        [(name, "" if upright and v == "italic" else v) for name, v in _STYLE]
    )
    common: dict[str, Any] = {"style": style, "input": input, "output": output}
    if prompt.full_screen is not None:  # a panel draws itself (paincheck.interview.panel)
        return prompt.full_screen(prompt, common)
    if not safety_fits(prompt, *_screen_size(output)):
        ask(_safety_apart(prompt), input, output)
        prompt = replace(prompt, lines=[(k, t) for k, t in prompt.lines if k != SAFETY])
    # picked: a single list shows no highlighted line until an arrow or a number picks one
    # (Enter before that records nothing); a list with an answer starts on it.
    picked = prompt.kind != "pick_one" or prompt.pointer is not None
    state: dict[str, Any] = {"error": None, "digits": "", "pristine": True, "picked": picked}
    if prompt.kind == "typed":
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
        kind = questionary.checkbox if prompt.kind == "pick_many" else questionary.select
        question = kind("", choices, instruction="", pointer=">", qmark="", **common)
        body = _list_window(question.application, prompt, state)
        bindings = _list_bindings(prompt, state, body)
    app = question.application
    # Semi-internal parts of questionary 2.x (pinned <3 in pyproject.toml): we merge our eager
    # key bindings after questionary's (the last eager match wins: Enter, Space, digits, `<`)
    # and replace its layout by one that keeps the question and the keys line on screen.
    from prompt_toolkit.key_binding import merge_key_bindings

    app.key_bindings = merge_key_bindings([app.key_bindings or _no_keys(), bindings])
    app.layout = _layout(prompt, state, body)
    return _run(question, prompt)


GO_ON = Step("go on")  # the one choice of a screen that shows safety text alone


def _screen_size(output: Output | None) -> tuple[int, int]:
    """The screen's rows and columns (the session's terminal when no output is given)."""
    from prompt_toolkit.application.current import get_app_session

    size = (output or get_app_session().output).get_size()
    return size.rows, size.columns


def _safety_apart(prompt: Prompt) -> Prompt:
    """A screen of the prompt's safety lines (under its top line, such as the diary's day)
    with one choice to go on, leaving nothing behind."""
    choice, keys = prompt.safety_screen
    lines = [(k, t) for k, t in prompt.lines if k in (SAFETY, "day")]
    return Prompt(
        [*lines, ("keys", keys)],
        "pick_one",
        [option(GO_ON, choice, "1")],
        pointer=GO_ON,
        done="",
        clear=prompt.clear,
    )


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


def _list_window(
    app: Application[Any], prompt: Prompt, state: dict[str, Any] | None = None
) -> Window:
    """questionary's list control (`InquirerControl`, semi-internal) in a scrolling window
    (`state`: the prompt's; without one, the pointer shows from the start)."""
    state = state if state is not None else {"picked": True}
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.layout import ScrollOffsets, Window
    from prompt_toolkit.layout.margins import ConditionalMargin, ScrollbarMargin
    from questionary.prompts.common import InquirerControl

    control = next(
        w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)
    )
    ic: Any = control
    # long labels wrapped between words, under their own text (the screen size is known now)
    start = 5 if prompt.kind == "pick_many" else 3  # where a title starts: after pointer, tick
    room = max(20, app.output.get_size().columns - start - 1)  # and a scroll bar
    for choice in ic.choices:
        if isinstance(choice.title, str) and not choice.disabled:
            indent = " " * (start + 4)  # under the label, past "12. "
            choice.title = textwrap.fill(choice.title, room, subsequent_indent=indent)
    if prompt.kind == "pick_many":
        ic.selected_options = [
            ic.choices[prompt.keys[k]].value for k in _keys_of(prompt, prompt.ticked)
        ]
    at = next((n for n, o in enumerate(prompt.options) if o.value == prompt.pointer), None)
    first = next(n for n, o in enumerate(prompt.options) if not o.heading)
    ic.pointed_at = at if at is not None and prompt.pointer is not None else first
    ic.text = _list_tokens(ic.text, prompt, state)
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


def _list_tokens(
    tokens: Callable[[], StyleAndTextTuples], prompt: Prompt, state: dict[str, Any]
) -> Callable[[], StyleAndTextTuples]:
    """questionary's lines of the list, with two changes: no highlighted line before one is
    picked, and no tick circle on a line that is a step (Skip, Back), which cannot be ticked."""
    from questionary.constants import INDICATOR_SELECTED, INDICATOR_UNSELECTED

    circles = {INDICATOR_SELECTED + " ", INDICATOR_UNSELECTED + " "}
    steps = {n for n, o in enumerate(prompt.options) if not o.heading and not is_answer(o.value)}

    def changed() -> StyleAndTextTuples:
        lines: StyleAndTextTuples = []
        line = 0
        for style, text, *rest in tokens():
            if not state["picked"] and style in ("class:pointer", "class:highlighted"):
                style, text = "class:text", " " * len(text) if style == "class:pointer" else text
            if prompt.kind == "pick_many" and line in steps and text in circles:
                text = " " * len(text)
            lines.append((style, text, *rest))  # type: ignore[arg-type]
            if (style, text) == ("", "\n"):
                line += 1
        return lines

    return changed


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
    lines = [n for n, o in enumerate(prompt.options) if not o.heading]

    def pointed() -> Option:
        return prompt.options[int(ic.pointed_at)]

    def ticked() -> list[Any]:
        return [box.value for box in ic.selected_options]

    def point_at(line: int) -> None:
        ic.pointed_at, state["picked"], state["error"] = line, True, None

    @bindings.add(" ", eager=True)
    def _tick(event: KeyPressEvent) -> None:  # the exclusive-tick rule, not questionary's
        option = pointed()
        if prompt.kind == "pick_many" and isinstance(option.value, str) and prompt.toggle:
            now = prompt.toggle([str(v) for v in ticked()], option.value)
            ic.selected_options = [ic.choices[prompt.keys[k]].value for k in _keys_of(prompt, now)]
            state["error"] = None

    @bindings.add("down", eager=True)
    @bindings.add("c-n", eager=True)
    @bindings.add("j", eager=True)
    def _down(event: KeyPressEvent) -> None:
        # The first arrow on a list with nothing picked shows the first line, not the second.
        later = [n for n in lines if n > ic.pointed_at]
        point_at(ic.pointed_at if not state["picked"] else (later or lines)[0])

    @bindings.add("up", eager=True)
    @bindings.add("c-p", eager=True)
    @bindings.add("k", eager=True)
    def _up(event: KeyPressEvent) -> None:
        earlier = [n for n in lines if n < ic.pointed_at]
        point_at((earlier or lines)[-1])

    @bindings.add("a", eager=True)  # questionary ticks every line, steps and all
    @bindings.add("i", eager=True)  # or turns every tick around: not here
    def _nothing(event: KeyPressEvent) -> None:
        pass

    @bindings.add("enter", eager=True)
    @bindings.add("c-j", eager=True)  # an Enter typed ahead between two prompts
    def _enter(event: KeyPressEvent) -> None:
        option = pointed()
        if prompt.kind == "pick_many" and isinstance(option.value, str):
            value: Any = ticked()  # only what was ticked: never the highlighted line
        else:
            value = option.value if state["picked"] else None  # nothing picked: no answer
        problem = prompt.check(value) if is_answer(value) else None
        if problem is not None:
            state["error"] = problem
            return
        state["done"] = picked_label(prompt, value) if prompt.done is None else prompt.done
        ic.is_answered = True
        event.app.exit(result=value)

    def key(event: KeyPressEvent) -> None:
        # A digit typed right after a digit adds to it while a longer key starts with what
        # was typed ("1" then "2" picks 12, "5" then "0" picks 50; after "3" in a list of 8,
        # "5" picks 5). A number that starts keys but is none picks the first of them (7 on
        # 0, 10 ... 100 picks 70); one that starts none says so, and the highlight goes back
        # to where it was before that number.
        previous = [k.key for k in event.previous_key_sequence]
        typed = state["digits"] if previous and previous[-1].isdigit() else ""
        if not any(k.startswith(typed) and k != typed for k in prompt.keys):
            typed = ""
        if not typed:
            state["before"] = (ic.pointed_at, state["picked"])
        typed += event.data
        keys = [k for k in prompt.keys if k.startswith(typed)]
        state["digits"] = typed if keys else ""
        if not keys:
            ic.pointed_at, state["picked"] = state["before"]
            state["error"] = prompt.unknown_key(typed)
            return
        point_at(prompt.keys[typed if typed in prompt.keys else keys[0]])

    for character in {*"0123456789", *(k for k in prompt.keys if len(k) == 1)} - {BACK_KEY}:
        bindings.add(character, eager=True)(key)
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
    pristine = Condition(
        lambda: bool(state["pristine"]) and bool(prompt.default) and _a_key_is_pressed()
    )

    @bindings.add("<any>", eager=True, filter=pristine)
    def _replace(event: KeyPressEvent) -> None:
        """The first key typed (or text pasted) replaces a pre-filled answer; any other key
        keeps it."""
        from prompt_toolkit.keys import Keys

        state["pristine"] = False
        pasted = event.key_sequence[0].key == Keys.BracketedPaste
        if pasted or (len(event.data) == 1 and event.data.isprintable()):
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

    # < goes back from an empty box, or from one still showing its earlier answer untouched;
    # once something is typed, < is part of the answer ("less than 1 km").
    untouched = Condition(
        lambda: (
            prompt.back is not None
            and (not buffer.text or (bool(state["pristine"]) and bool(prompt.default)))
        )
    )

    @bindings.add(BACK_KEY, eager=True, filter=untouched)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(result=prompt.back)

    return bindings


def _a_key_is_pressed() -> bool:
    """Whether the key being matched was pressed by the person, not sent by the terminal on
    its own: a binding on <any> also meets the terminal's reply to the cursor-position
    request prompt_toolkit makes at every screen (which arrives before any key typed on it),
    mouse and scroll reports, a signal, and prompt_toolkit's own filler key."""
    from prompt_toolkit.application import get_app
    from prompt_toolkit.keys import Keys

    not_pressed = {
        Keys.CPRResponse,
        Keys.Vt100MouseEvent,
        Keys.WindowsMouseEvent,
        Keys.ScrollUp,
        Keys.ScrollDown,
        Keys.SIGINT,
        Keys.Ignore,
    }
    matched = get_app().key_processor.key_buffer  # the keys being matched, the first first
    return bool(matched) and matched[0].key not in not_pressed


def _layout(prompt: Prompt, state: dict[str, Any], body: Window) -> Any:
    """The lines above, the list or box, and a problem line; once answered, one line."""
    from prompt_toolkit.filters import Condition, is_done, to_filter
    from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.layout.dimension import Dimension

    error = Condition(lambda: state["error"] is not None) & ~is_done

    def lines() -> list[tuple[str, str]]:
        if is_done() and prompt.done == "":
            return []  # a menu leaves nothing behind
        if is_done():
            question = prompt.echo
            if question is None:
                question = next((t for k, t in prompt.lines if k == "question"), "")
            done = state.get("done", "")
            return wrap([("answer", f"- {question} {done}".strip() if question else done)], width())
        return fitted_lines(prompt, state["error"])

    def above() -> StyleAndTextTuples:
        tokens: StyleAndTextTuples = []
        for kind, text in lines():
            tokens.extend([(f"class:{kind}", text), ("", "\n")])
        return tokens[:-1]

    def height() -> Dimension:
        return Dimension.exact(len(lines()))

    def errors() -> StyleAndTextTuples:
        return [("class:error", "\n".join(error_lines(state["error"])))]

    def error_height() -> Dimension:
        return Dimension.exact(len(error_lines(state["error"])))

    # The problem line right under the answer, whole; the space below stays empty.
    body.dont_extend_height = to_filter(True)
    return Layout(
        HSplit(
            [
                Window(FormattedTextControl(above), height=height, dont_extend_height=True),
                ConditionalContainer(body, filter=~is_done),
                ConditionalContainer(
                    Window(FormattedTextControl(errors), height=error_height), error
                ),
                Window(),
            ]
        ),
        focused_element=body,
    )


def is_answer(value: Any) -> bool:
    """A choice, choices or text, or no answer: not a step such as Back."""
    return value is None or isinstance(value, str | list)
