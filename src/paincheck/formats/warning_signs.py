"""The warning signs in words: the lines of the panel the interview shows at once after a
warning sign, which the plain summary and the closing screen print too.

The texts are the questions folder's (`flags:` in rules.yaml); the interview's panel
(`interview/panel.py`) draws these lines full screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paincheck.questionnaire.view import View
from paincheck.text.display import printable

if TYPE_CHECKING:
    from paincheck.evaluation import Assessment

URGENT = "urgent"  # the flag whose panel offers to stop


def warning_panel_lines(
    assessment: Assessment, view: View, *, extra: str | None = None
) -> list[tuple[str, str]]:
    """The lines of the panel shown at once after a warning sign, as (kind, text): the
    heading ("WARNING: Get medical care now."), the flag's message, each chosen sign with
    its own advice under it, the other flags' signs under "Also call your doctor soon".
    The texts are the questions folder's (`flags:` in rules.yaml)."""
    from paincheck.evaluation import warning_lines

    questionnaire = assessment.questionnaire
    flags = questionnaire.rules.flags
    signs = warning_lines(assessment, view)
    bullet, arrow = ("•", "→") if view.unicode else ("-", "->")
    lines: list[tuple[str, str]] = []
    for flag in dict.fromkeys(line.flag for line in signs):
        style = flags.get(flag)
        title = view.text(style.title) if style is not None else flag
        if not lines:
            key = "interview_panel_warning" if flag == URGENT else "interview_panel_notice"
            lines.append(("banner", view.msg(key, title=title)))
            if style is not None:
                lines.append(("note", view.text(style.message)))
            if extra:
                lines.append(("note", extra))
        else:  # "Also call your doctor soon"
            also = view.text(style.also_title or style.title) if style is not None else flag
            lines += [("gap", ""), ("also", also)]
        for line in signs:
            if line.flag == flag:
                lines.append(("sign", f"{bullet} {line.label}"))
                if line.advice:
                    lines.append(("advice", f"  {arrow} {line.advice}"))
    return [(kind, printable(text)) for kind, text in lines]
