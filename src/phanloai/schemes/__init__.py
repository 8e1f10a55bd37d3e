"""Classification schemes: one module per family, all registered in :data:`SCHEMES`."""

from . import ladder  # noqa: F401  (registers its schemes)
from .base import UNKNOWN_EN, UNKNOWN_VI, Column, Level, MapScheme, Param, Rule, Scheme
from .registry import SCHEMES, classify, explain, get_scheme, register

__all__ = [
    "SCHEMES", "UNKNOWN_EN", "UNKNOWN_VI", "Column", "Level", "MapScheme", "Param", "Rule", "Scheme",
    "classify", "explain", "get_scheme", "register",
]
