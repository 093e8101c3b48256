"""How each node kind looks, shared so GEXF, DOT and Mermaid agree on colours and sizes."""

import math

__all__ = [
    "DEFAULT_COLOUR",
    "GRADE_COLOURS",
    "KIND_COLOURS",
    "KIND_SIZES",
    "kind_colour",
    "kind_rgb",
    "node_size",
]

# Tableau 10: distinct, print-safe, and readable with black text.
KIND_COLOURS: dict[str, str] = {
    "force": "#4E79A7",
    "report": "#F28E2B",
    "area": "#E15759",
    "assessment": "#76B7B2",
    "finding": "#59A14F",
    "unit": "#EDC948",
    "partner": "#B07AA1",
    "theme": "#FF9DA7",
    "term": "#9C755F",
    "statistic": "#BAB0AC",
}
DEFAULT_COLOUR = "#CCCCCC"

# The inspectorate's five-grade scale as its judgment charts show it, dark green to red, with
# the text colour that reads on each (contrast 4.5:1 or more).
GRADE_COLOURS: dict[str, dict[str, str]] = {
    "Outstanding": {"colour": "#00703C", "text": "#FFFFFF"},
    "Good": {"colour": "#85C446", "text": "#0B0C0C"},
    "Adequate": {"colour": "#FFDD00", "text": "#0B0C0C"},
    "Requires improvement": {"colour": "#F47738", "text": "#0B0C0C"},
    "Inadequate": {"colour": "#D4351C", "text": "#FFFFFF"},
}

# Structural kinds large, leaf kinds small, so the hierarchy reads at a glance.
KIND_SIZES: dict[str, float] = {
    "force": 40.0,
    "report": 32.0,
    "area": 28.0,
    "assessment": 24.0,
    "unit": 20.0,
    "partner": 20.0,
    "theme": 20.0,
    "finding": 16.0,
    "term": 14.0,
    "statistic": 12.0,
}
DEFAULT_SIZE = 12.0


def kind_colour(kind: object) -> str:
    """Hex colour (``#RRGGBB``) for a node kind; grey for kinds we do not know."""
    return KIND_COLOURS.get(str(kind), DEFAULT_COLOUR)


def kind_rgb(kind: object) -> tuple[int, int, int]:
    """The kind colour as an (r, g, b) triple of 0-255 ints."""
    colour = kind_colour(kind)
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def node_size(kind: object, degree: int) -> float:
    """Kind base size grown gently with degree, so hubs stand out without swamping the view."""
    return round(KIND_SIZES.get(str(kind), DEFAULT_SIZE) + 2.0 * math.log2(1 + degree), 2)
