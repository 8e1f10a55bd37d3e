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

#: Chart functions (charts.py): listed here once, loaded on first use.
_CHARTS = (
    "level_colors",
    "plot_call_campaign",
    "plot_cross",
    "plot_funnel",
    "plot_prioritize",
    "plot_profile",
    "plot_revenue_by_source",
    "plot_staff_performance",
)

__all__ = [
    "CASES",
    "SCHEMES",
    "Case",
    "PhanloaiError",
    # the worlds and their features
    "load",
    "add_features",
    "distance_km",
    "event_features",
    "journey_features",
    "order_features",
    # classifying, and the reports after a classification (analysis.py)
    "classify",
    "explain",
    "call_campaign",
    "cross",
    "funnel",
    "prioritize",
    "profile",
    "revenue_by_source",
    "staff_performance",
    # language and Vietnamese formatting
    "get_language",
    "set_language",
    "format_date",
    "format_vnd",
    *_CHARTS,
]

__version__ = "0.1.0"


def __getattr__(name: str):
    """Chart functions load matplotlib and seaborn only when first used (``import phanloai`` stays quick)."""
    if name in _CHARTS:
        from . import charts

        return getattr(charts, name)
    raise AttributeError(f"module 'phanloai' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_CHARTS))
