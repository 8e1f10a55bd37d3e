"""Biểu đồ — charts for the notebooks, Vietnamese labels first.

Every chart returns a :class:`~phanloai.charts.kit.VnFigure` (made without ``pyplot``, so a
notebook shows it exactly once and a slider can redraw it without piling up figures), drawn in
the suite's theme inside a context — making a chart never changes your matplotlib settings.

- :mod:`.kit` — the public chart kit: theme, figure, bars, titles, đồng axes, level colours;
- :mod:`.reports` — one chart per report (``plot_profile``, ``plot_funnel``…);
- :mod:`.cases` — charts straight from a case's tables (``bar_counts``, ``revenue_by``,
  ``case_overview``).
"""

from .cases import bar_counts, case_overview, revenue_by
from .kit import level_colors, png_bytes, theme, vnd_formatter, vnd_short
from .reports import (
    plot_call_campaign,
    plot_cross,
    plot_funnel,
    plot_prioritize,
    plot_profile,
    plot_revenue_by_source,
    plot_staff_performance,
)

__all__ = [
    "bar_counts",
    "case_overview",
    "level_colors",
    "plot_call_campaign",
    "plot_cross",
    "plot_funnel",
    "plot_prioritize",
    "plot_profile",
    "plot_revenue_by_source",
    "plot_staff_performance",
    "png_bytes",
    "revenue_by",
    "theme",
    "vnd_formatter",
    "vnd_short",
]
