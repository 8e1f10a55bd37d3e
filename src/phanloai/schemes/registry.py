"""The registry of schemes, and the one door every classification goes through."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError
from .base import Scheme
from .result import labels_series

SCHEMES: dict[str, Scheme] = {}


def _sort() -> None:
    """Keep the registry in catalogue order: declared numbers first, the others as registered."""
    ordered = sorted(SCHEMES.values(), key=lambda s: (s.number is None, s.number or 0))
    SCHEMES.clear()
    SCHEMES.update((s.code, s) for s in ordered)


def register(scheme: Scheme, *, replace: bool = False) -> Scheme:
    """Add a scheme to :data:`SCHEMES` after checking its declaration is whole.

    A mistake in the declaration (a rule naming an unknown level, a parameter stored under
    another name, two levels with one code…) is a bilingual :class:`~phanloai.PhanloaiError`
    raised here, not at classification time. A code already taken is refused unless
    ``replace=True`` (re-running a notebook cell that declares a scheme).
    """
    if not isinstance(scheme, Scheme):
        raise PhanloaiError(
            f"register() cần một Scheme, nhận được {type(scheme).__name__}.",
            f"register() needs a Scheme, got {type(scheme).__name__}.",
        )
    scheme.validate()
    scheme._validated = True
    if scheme.code in SCHEMES and not replace:
        raise PhanloaiError(
            f"Đã có cách phân loại mã '{scheme.code}'. Đặt mã khác, hoặc register(..., replace=True) để thay.",
            f"A scheme with the code '{scheme.code}' exists. Choose another code, or register(..., replace=True) "
            "to replace it.",
        )
    SCHEMES[scheme.code] = scheme
    _sort()
    return scheme


def unregister(code: str) -> None:
    """Remove a scheme from the registry (one a notebook declared, say)."""
    SCHEMES.pop(code, None)


def get_scheme(scheme: str | Scheme) -> Scheme:
    """A scheme by its code (or the scheme itself), with a bilingual error naming the codes."""
    if isinstance(scheme, Scheme):
        if not getattr(scheme, "_validated", False):  # a scheme of one's own, used unregistered
            scheme.validate()
            scheme._validated = True
        return scheme
    if not isinstance(scheme, str) or scheme not in SCHEMES:
        raise PhanloaiError(
            f"Không có cách phân loại {scheme!r}. Các cách phân loại: {', '.join(SCHEMES)}.",
            f"Unknown scheme {scheme!r}. Available schemes: {', '.join(SCHEMES)}.",
        )
    return SCHEMES[scheme]


def run(table: pd.DataFrame, scheme: str | Scheme, params: Mapping):
    """Check, classify: ``(scheme, params, checked table, level positions, reason positions)``."""
    s = get_scheme(scheme)
    p = s.check_params(params)
    checked = s.check_table(table, p)
    codes, reasons = s.assign(checked, p)
    return s, p, checked, np.asarray(codes, dtype=np.int64), np.asarray(reasons, dtype=np.int64)


def classify(table: pd.DataFrame, scheme: str | Scheme, **params) -> pd.Series:
    """Classify every row of ``table`` with ``scheme``.

    Returns an ordered categorical Series aligned with ``table.index``: one **level code** per row
    (``"key"``, ``"prospect"``…, ``"unknown"`` when data are missing), the categories being
    every level in the scheme's order. The codes are the same in every language; the words come
    with ``labels.phanloai.names()``, :func:`phanloai.show` or the charts. What the result is
    (scheme, parameters) stays with it when stored as a column (see :mod:`.result`).

    Examples
    --------
    >>> import phanloai
    >>> f = phanloai.load("fashion", n=2000)
    >>> lab = phanloai.classify(f.customers, "ladder", radius_km=10)
    >>> lab.cat.categories.tolist()
    ['suspect', 'prospect', 'first_buy', 'rebuy', 'frequent', 'key', 'unknown']
    >>> int((lab == "key").sum()) > 0
    True
    """
    s, p, checked, codes, _ = run(table, scheme, params)
    return labels_series(codes, table.index, s, p)


def explain(table: pd.DataFrame, scheme: str | Scheme, **params) -> pd.DataFrame:
    """Per row: the level code (column ``level``) and the rule and values that decided it, in the
    current language (column ``reason``).

    Examples
    --------
    >>> import phanloai
    >>> spa = phanloai.load("spa", n=300)
    >>> why = phanloai.explain(spa.customers, "service_level")
    >>> list(why.columns)
    ['level', 'reason']
    >>> why["reason"][why["level"] == "first"].iloc[0]
    '1 đơn: đã mua, dưới 2 đơn → Giao dịch lần đầu'
    """
    s, p, checked, codes, reasons = run(table, scheme, params)
    why = s.explain_rows(checked, p, codes, reasons)
    return pd.DataFrame(
        {"level": labels_series(codes, table.index, s, p), "reason": why}, index=table.index
    )
