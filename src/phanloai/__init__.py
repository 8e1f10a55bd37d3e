"""phanloai — phân loại khách hàng: a customer-classification casebook.

>>> import phanloai
>>> spa = phanloai.load("spa", n=3000, seed=7)
>>> labels = phanloai.classify(spa.customers, "service_level")
>>> labels.cat.categories.tolist()
['none', 'first', 'repeat', 'loyal', 'unknown']
>>> table = phanloai.profile(spa.customers, labels)   # codes inside…
>>> styler = phanloai.show(table)                      # …words at the edge
"""

from ._i18n import PhanloaiError, get_language, language, set_language
from .case import CASES, Case, load
from .display import in_words, show
from .features import add_features, distance_km, event_features, journey_features, order_features
from .intake import from_files
from .lessons import exercises
from .lists import export_segments
from .reports import (
    call_campaign,
    cross,
    funnel,
    furthest_stage,
    journey_map,
    prioritize,
    profile,
    revenue_by_source,
    staff_performance,
)
from .schemes import SCHEMES, as_labels, check_scheme, classify, explain, register
from .sql import to_sql
from .vn import format_date, format_vnd

__version__ = "0.4.0"

#: Chart and widget functions: listed here once, loaded on first use (matplotlib and ipywidgets
#: are imported only when a chart or a widget is wanted).
_WIDGETS = ("compare", "explore", "workshop")
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
    "from_files",
    "add_features",
    "distance_km",
    "event_features",
    "journey_features",
    "order_features",
    # classifying, checking a scheme, and the reports after a classification
    "classify",
    "explain",
    "export_segments",
    "as_labels",
    "check_scheme",
    "register",
    "to_sql",
    "exercises",
    "call_campaign",
    "cross",
    "funnel",
    "furthest_stage",
    "journey_map",
    "prioritize",
    "profile",
    "revenue_by_source",
    "staff_performance",
    # words at the edge: language, tables shown, Vietnamese formatting
    "get_language",
    "set_language",
    "language",
    "in_words",
    "show",
    "format_date",
    "format_vnd",
    *_CHARTS,
    *_WIDGETS,
]


#: modules reachable as ``phanloai.<name>`` without importing them first
_MODULES = ("clv", "messy", "money")


def __getattr__(name: str):
    """Charts load matplotlib and seaborn only when first used (``import phanloai`` stays quick)."""
    import importlib

    if name in _CHARTS or name == "charts":
        charts = importlib.import_module(".charts", __name__)
        return charts if name == "charts" else getattr(charts, name)
    if name in _WIDGETS or name == "widgets":
        widgets = importlib.import_module(".widgets", __name__)
        return widgets if name == "widgets" else getattr(widgets, name)
    if name in _MODULES:  # phanloai.money, phanloai.clv, phanloai.messy after a plain import
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'phanloai' has no attribute {name!r}")


def __dir__():
    return sorted(
        set(globals()) | set(_CHARTS) | set(_WIDGETS) | {"charts", "widgets"} | set(_MODULES)
    )
