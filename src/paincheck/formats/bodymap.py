"""The body diagram's geometry: front and back outlines with the painful areas shaded.

Pure (no reportlab): the PDF draws these shapes (`pdf/bodymap.py`) and the HTML page turns
them into SVG (`html.py`).

Every area is drawn as two halves (the patient's right and left), so a one-sided pain shades
only its side. In the front view the patient's right is on the viewer's left; in the back
view it is on the viewer's right, as on the paper forms clinics use.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from paincheck.model import model

Point = tuple[float, float]

PAIN_FILL = "#f2a7a0"
WORST_FILL = "#c0392b"
BODY_FILL = "#ffffff"
BODY_LINE = "#7f8c8d"
MARK = "#1f2d3a"

FIGURE_WIDTH = 84.0  # native units: x from -42 to 42
FIGURE_HEIGHT = 222.0  # y from 0 (soles) to 222 (top of head)


def _half_ellipse(cx: float, cy: float, rx: float, ry: float) -> list[Point]:
    steps = 12
    points = [(cx, cy - ry)]
    for i in range(steps + 1):
        t = -math.pi / 2 + math.pi * i / steps
        points.append((cx + rx * math.cos(t), cy + ry * math.sin(t)))
    points.append((cx, cy + ry))
    return points


# Areas as polygons of the viewer's right half (x >= 0); mirrored for the other half.
_COMMON: dict[str, list[Point]] = {
    "head": _half_ellipse(0, 207, 11, 14),
    "neck": [(0, 186), (6, 186), (6.5, 194), (0, 194)],
    "shoulder": [(14, 184), (19, 178), (20, 167), (31, 165), (33, 173), (29, 181), (21, 185.5)],
    "arm": [
        (20, 167),
        (31, 165),
        (34, 148),
        (37.5, 125),
        (38, 113),
        (32, 113),
        (30, 126),
        (25, 148),
    ],
    "hand": [(32, 113), (38, 113), (39.5, 104), (37.5, 95), (33, 95), (31, 104)],
    "knee": [(5, 64), (15.5, 64), (16, 59), (15, 53), (5.5, 53), (4.5, 59)],
    "lower_leg": [(5.5, 53), (15, 53), (14.5, 40), (12.5, 20), (7, 20), (6, 40)],
    "ankle": [(7, 20), (12.5, 20), (13, 13), (6.5, 13)],
}
_FRONT: dict[str, list[Point]] = {
    **_COMMON,
    "chest": [(0, 150), (17, 150), (20, 167), (19, 178), (14, 184), (6, 186), (0, 186)],
    "abdomen": [(0, 122), (17.5, 122), (16, 136), (17, 150), (0, 150)],
    "pelvis": [(0, 108), (12, 108), (14.5, 122), (0, 122)],
    "hip": [(12, 108), (20.5, 103), (21.5, 113), (17.5, 122), (14.5, 122)],
    "groin": [(0, 97), (2.5, 97), (6, 101), (12, 108), (0, 108)],
    "thigh": [
        (2.5, 97),
        (6, 101),
        (12, 108),
        (20.5, 103),
        (18.5, 80),
        (15.5, 64),
        (5, 64),
        (3, 80),
    ],
    "foot": [(6.5, 13), (13, 13), (16.5, 6), (17, 1.5), (6, 1.5), (5.5, 8)],
}
_BACK: dict[str, list[Point]] = {
    **_COMMON,
    "upper_back": [(0, 150), (17, 150), (20, 167), (19, 178), (14, 184), (6, 186), (0, 186)],
    "low_back": [(0, 122), (17.5, 122), (16, 136), (17, 150), (0, 150)],
    "buttock": [(0, 99), (3, 97), (12, 98), (17, 104), (17.5, 113), (15, 122), (0, 122)],
    "hip": [(17, 104), (20.5, 103), (21.5, 113), (17.5, 122), (15, 122), (17.5, 113)],
    "thigh": [(3, 97), (12, 98), (17, 104), (20.5, 103), (18.5, 80), (15.5, 64), (5, 64), (3, 80)],
    "foot": [(6.5, 13), (13, 13), (13.5, 5), (11.5, 1), (8, 1), (6, 5)],
}
ALL_OVER = "all_over"


@model
class Words:
    """The words printed on the diagram, in the report's language."""

    front: str
    back: str
    left: str
    right: str
    pain: str
    worst: str


def _sides(side: str | None) -> tuple[str, ...]:
    if side in ("left", "right"):
        return (side,)
    return ("left", "right")


def _mirror(points: Sequence[Point], sign: float) -> list[Point]:
    return [(x * sign, y) for x, y in points]


def _centre(points: Sequence[Point], sign: float) -> Point:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return (sign * (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def star(cx: float, cy: float, r: float) -> list[Point]:
    points: list[Point] = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _other(side: str) -> str:
    return "left" if side == "right" else "right"


def painful_areas(locations: Sequence[str]) -> set[str]:
    """The areas to shade: the chosen ones, or every area for pain all over."""
    return set(_FRONT) | set(_BACK) if ALL_OVER in locations else set(locations)


@model
class Shape:
    """One filled outline of the diagram, in native units."""

    points: tuple[Point, ...]
    fill: str
    line: str = BODY_LINE
    width: float = 0.6


def figure_shapes(
    areas: dict[str, list[Point]],
    painful: set[str],
    sides: tuple[str, ...],
    worst: str | None,
    viewer_left_is: str,
) -> list[Shape]:
    """The halves of every area, shaded where it hurts, then a star on the worst area."""
    shapes: list[Shape] = []
    marks: list[Shape] = []
    for area, points in areas.items():
        midline = min(x for x, _ in points) == 0
        for sign in (-1.0, 1.0):
            patient_side = viewer_left_is if sign < 0 else _other(viewer_left_is)
            hurts = area in painful and patient_side in sides
            is_worst = hurts and area == worst
            fill = WORST_FILL if is_worst else PAIN_FILL if hurts else BODY_FILL
            shapes.append(Shape(tuple(_mirror(points, sign)), fill))
            # A worst area across the middle gets one star, on the midline.
            if is_worst and not (midline and len(sides) == 2 and sign > 0):
                cx, cy = _centre(points, sign)
                if midline and len(sides) == 2:
                    cx = 0.0
                marks.append(Shape(tuple(star(cx, cy, 4.2)), "#ffffff", MARK, 0.6))
    return shapes + marks


@model
class View:
    """One view of the body (front or back) with its shapes, in native units."""

    title: str
    shapes: tuple[Shape, ...]
    viewer_left_is: str  # the patient's side drawn on the viewer's left


def views(
    locations: Sequence[str], side: str | None, worst: str | None, words: Words
) -> list[View]:
    """The front and back views, painful areas shaded and the worst one starred."""
    painful = painful_areas(locations)
    sides = _sides(side)
    return [
        View(words.front, tuple(figure_shapes(_FRONT, painful, sides, worst, "right")), "right"),
        View(words.back, tuple(figure_shapes(_BACK, painful, sides, worst, "left")), "left"),
    ]
