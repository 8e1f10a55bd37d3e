"""phanloai — phân loại khách hàng: a customer-classification casebook.

>>> import phanloai
>>> spa = phanloai.load("spa", n=3000, seed=7)
>>> spa.customers.head()
"""

from ._i18n import PhanloaiError, get_language, set_language
from .analysis import (
    call_campaign,
    cross,
    funnel,
    prioritize,
    profile,
    revenue_by_source,
    staff_performance,
)
from .case import CASES, Case, load
from .features import add_features, distance_km, event_features, journey_features, order_features
from .schemes import SCHEMES, classify, explain
from .vn import format_date, format_vnd

__all__ = [
    "CASES",
    "SCHEMES",
    "classify",
    "explain",
    "journey_features",
    "Case",
    "PhanloaiError",
    "add_features",
    "distance_km",
    "event_features",
    "format_date",
    "format_vnd",
    "get_language",
    "load",
    "order_features",
    "set_language",
    # reports after a classification (analysis.py) and their charts (charts.py, loaded on first use)
    "call_campaign",
    "cross",
    "funnel",
    "prioritize",
    "profile",
    "revenue_by_source",
    "staff_performance",
    "level_colors",
    "plot_call_campaign",
    "plot_cross",
    "plot_funnel",
    "plot_prioritize",
    "plot_profile",
    "plot_revenue_by_source",
    "plot_staff_performance",
]

__version__ = "0.1.0"

_CHARTS = {"level_colors", "plot_call_campaign", "plot_cross", "plot_funnel", "plot_prioritize", "plot_profile",
           "plot_revenue_by_source", "plot_staff_performance"}


def __getattr__(name: str):
    """Chart functions load matplotlib and seaborn only when first used (``import phanloai`` stays quick)."""
    if name in _CHARTS:
        from . import charts

        return getattr(charts, name)
    raise AttributeError(f"module 'phanloai' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _CHARTS)
