"""Widgets: live explorers built from the schemes' declarations (ipywidgets).

- :func:`explore` — one scheme: a control per parameter, the case, a live chart of the segments,
  the profile, the priority view, "why is this customer here?" and the level sheet;
- :func:`compare` — two schemes crossed as a live heat map;
- :func:`counting_switch` — RFM with purchases counted by order or by day;
- :func:`workshop` — the no-code dashboard of a workshop (``phanloai workshop CASE``).
"""

from .counting import CountingSwitch, counting_switch
from .explorer import Compare, Explorer, compare, explore
from .workshop import Workshop, workshop

__all__ = [
    "Compare",
    "CountingSwitch",
    "Explorer",
    "Workshop",
    "compare",
    "counting_switch",
    "explore",
    "workshop",
]
