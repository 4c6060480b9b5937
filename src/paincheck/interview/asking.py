"""How a prompt is asked: full screen (`prompts.ask`), or line by line (`--plain`, TERM=dumb)
for screen readers and simple terminals; and the lines that say which keys to use.

Line by line, the same `prompts.Prompt` is read as typed lines: numbers with commas for a
list, `<` to go back, `?` to hear the choices again. No cursor movement, no colour.
"""

from __future__ import annotations

import re
import sys
import time
from typing import IO, TYPE_CHECKING, Any

from paincheck.interview.prompts import BACK_KEY, REPEAT_KEY, Prompt, ask, is_answer
from paincheck.questionnaire.types import prompt_kind
from paincheck.questionnaire.view import View
from paincheck.text.display import printable

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

    from paincheck.questionnaire import Question

_NUMBERS = re.compile(r"[0-9]+|[^0-9,;\s]+")
# The keys line of each kind of list (a message key, after `interview_` and `plain_`).
_LIST_KEYS = {"pick_one": "keys_single", "pick_many": "keys_multi"}


class Asker:
    """Shows prompts full screen (questionary) or line by line, and prints between them."""

    def __init__(self, input: Input | None, output: Output | None, plain: bool) -> None:
        from paincheck.output import out

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
        return ask_plain(prompt, self.plain_terminal())

    def say(self, text: str) -> None:
        """A line between prompts in plain mode (full screen, the screens say it)."""
        if self.plain and text:
            self.plain_terminal().say(text)

    def plain_terminal(self) -> PlainTerminal:
        if self.terminal is None:
            reader = None
            if self.input is not None:  # a pipe in tests: read its lines as from a terminal
                reader = open(self.input.fileno(), encoding="utf-8", closefd=False)  # noqa: SIM115
            self.terminal = PlainTerminal(reader)
        return self.terminal


def keys_lines(
    view: View,
    question: Question,
    *,
    can_go_back: bool,
    plain: bool = False,
    filled: bool = False,
) -> list[str]:
    """The lines that say which keys to use for this question (`filled`: a text box that
    shows the earlier answer)."""
    mode = "plain_" if plain else ""
    lines: list[str] = []
    kind = prompt_kind(question)
    if kind != "typed":
        keys = view.msg(f"interview_{mode}{_LIST_KEYS[kind]}")
        if can_go_back:
            keys += " " + view.msg(f"interview_{mode}keys_list_back")
        if plain:
            keys += " " + view.msg("interview_plain_keys_repeat")
        lines.append(keys)
        exclusive = [c for c in question.choices if c.exclusive]
        if kind == "pick_many" and exclusive:
            lines.append(view.msg("interview_exclusive_note", label=view.text(exclusive[0].label)))
    else:
        key = "interview_keys_text_multiline" if question.multiline else "interview_keys_text"
        keys = view.msg(key)
        if filled:
            keys += " " + view.msg(f"interview_{mode}keys_text_keep")
        elif not question.required:
            keys += " " + view.msg("interview_keys_text_skip")
        if can_go_back:
            keys += " " + view.msg(f"interview_{mode}keys_text_back")
        lines.append(keys)
    return lines


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
        if kind != "more" and (kind != "keys" or prompt.kind == "typed"):
            terminal.say(text)
    if prompt.kind != "typed":
        _say_options(prompt, terminal)
    if prompt.guard:
        terminal.discard_typed(prompt.guard)
    while True:
        typed = _read_answer(prompt, terminal)
        if prompt.kind == "panel" and typed.strip() == "":
            return prompt.pointer  # a panel is no question: Enter takes its first choice
        if typed.strip() == REPEAT_KEY and prompt.kind != "typed":
            _say_options(prompt, terminal)
            continue
        if typed.strip() == BACK_KEY and prompt.back is not None:
            return prompt.back
        value, problem = _plain_value(prompt, typed)
        if problem is None and is_answer(value):
            problem = prompt.check(value)
        if problem is None:
            return value
        terminal.say(f"! {problem}")


def _say_options(prompt: Prompt, terminal: PlainTerminal) -> None:
    for option in prompt.options:
        if option.heading:
            terminal.say(option.label)
            continue
        ticked = prompt.kind == "pick_many" and option.value in prompt.ticked
        mark = f" {prompt.ticked_mark}" if ticked else ""
        terminal.say(f"  {option.key:>2}  {option.label}{mark}")
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


def _plain_value(prompt: Prompt, typed: str) -> tuple[Any, str | None]:
    """What a typed line means: text as typed; for a list, the choices its keys name."""
    if prompt.kind == "typed":
        return (prompt.default if typed == "" else typed), None
    keys = _NUMBERS.findall(re.sub(r"(?<=[0-9])\s*%", "", typed))  # "70%" picks 70
    if not keys:  # Enter alone keeps the answer there is (none: the check decides)
        return (list(prompt.ticked) if prompt.kind == "pick_many" else prompt.pointer), None
    unknown = [k for k in keys if k not in prompt.keys]
    if unknown:
        return None, prompt.unknown_key(" ".join(unknown))
    picked = [prompt.options[prompt.keys[k]].value for k in keys]
    steps = [v for v in picked if not isinstance(v, str)]
    if steps:
        return steps[0], None
    if prompt.kind == "pick_one":
        return (picked[0], None) if len(picked) == 1 else (None, prompt.one_only)
    chosen: list[str] = []
    for value in picked:
        chosen = prompt.toggle(chosen, value) if prompt.toggle and value not in chosen else chosen
    return chosen, None
