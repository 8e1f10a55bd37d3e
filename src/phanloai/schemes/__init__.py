"""Classification schemes: one module per family, all registered in :data:`SCHEMES`.

Every module of this package except the framework (``base``, ``registry``, ``result``,
``check``) is imported here and registers its schemes, so a new scheme is one new file: it is
found without editing this one. The registry is kept in catalogue order (each scheme's
``number``; schemes without one come last, in the order they were registered).
"""

import importlib
import pkgutil

from .base import (
    UNKNOWN_CODE,
    UNKNOWN_EN,
    UNKNOWN_VI,
    Column,
    Guard,
    Increasing,
    Level,
    MapScheme,
    Param,
    Reason,
    Rule,
    Scheme,
)
from .check import check_scheme
from .registry import SCHEMES, classify, explain, get_scheme, register, unregister
from .result import LevelDtype, as_labels, describe

_FRAMEWORK = {"base", "registry", "result", "check", "inputs"}
for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module not in _FRAMEWORK and not _module.startswith("_"):
        importlib.import_module(f"{__name__}.{_module}")

__all__ = [
    "SCHEMES",
    "UNKNOWN_CODE",
    "UNKNOWN_EN",
    "UNKNOWN_VI",
    "Column",
    "Guard",
    "Increasing",
    "Level",
    "LevelDtype",
    "MapScheme",
    "Param",
    "Reason",
    "Rule",
    "Scheme",
    "as_labels",
    "check_scheme",
    "classify",
    "describe",
    "explain",
    "get_scheme",
    "register",
    "unregister",
]
