"""phanloai — phân loại khách hàng: a customer-classification casebook.

>>> import phanloai
>>> spa = phanloai.load("spa", n=3000, seed=7)
>>> spa.customers.head()
"""

from ._i18n import PhanloaiError, get_language, set_language
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
]
__version__ = "0.1.0"
