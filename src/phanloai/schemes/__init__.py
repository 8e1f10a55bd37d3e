"""Classification schemes: one module per family, all registered in :data:`SCHEMES`."""

# Importing a family module registers its schemes.
from . import b2b, behaviour, clusters, journey, ladder, profile, rfm  # noqa: F401
from .base import UNKNOWN_EN, UNKNOWN_VI, Column, Level, MapScheme, Param, Rule, Scheme
from .registry import SCHEMES, classify, explain, get_scheme, register

__all__ = [
    "SCHEMES", "UNKNOWN_EN", "UNKNOWN_VI", "Column", "Level", "MapScheme", "Param", "Rule", "Scheme",
    "classify", "explain", "get_scheme", "register",
]
