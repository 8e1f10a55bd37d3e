"""Classification schemes: one module per family, all registered in :data:`SCHEMES`."""

# Importing a family module registers its schemes.
from . import b2b, behaviour, clusters, journey, ladder, profile, rfm  # noqa: F401
from .base import UNKNOWN_EN, UNKNOWN_VI, Column, Level, MapScheme, Param, Rule, Scheme
from .registry import SCHEMES, classify, explain, get_scheme, register

#: The nineteen methods in the order of METHODS.md; the registry is kept in this order.
METHOD_ORDER = (
    "relationship",
    "group",
    "source",
    "demographic",
    "psychographic",
    "geographic",
    "behavioral",
    "company_size",
    "product_need",
    "support_need",
    "contract_status",
    "purchase_behavior",
    "internal_external",
    "service_level",
    "journey_4a",
    "journey_5a",
    "ladder",
    "rfm",
    "clusters",
)
_ordered = {k: SCHEMES[k] for k in METHOD_ORDER if k in SCHEMES} | SCHEMES
SCHEMES.clear()
SCHEMES.update(_ordered)

__all__ = [
    "METHOD_ORDER",
    "SCHEMES",
    "UNKNOWN_EN",
    "UNKNOWN_VI",
    "Column",
    "Level",
    "MapScheme",
    "Param",
    "Rule",
    "Scheme",
    "classify",
    "explain",
    "get_scheme",
    "register",
]
