"""The registry of schemes, and the one door every classification goes through.

:func:`classify` and :func:`explain` (and the explorer, through :func:`run`) check the parameters,
take the table through :meth:`Scheme.prepare` (:mod:`.inputs`: nullable and Arrow numbers,
numbers written as text, duplicated columns, wrong kinds, impossible values) and classify; a row
holding an impossible value (a negative count, an infinite amount…) is "Không xác định /
Unknown", and :func:`explain` says which value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError
from .base import Scheme
from .inputs import Prepared
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


class Run(NamedTuple):
    """One classification through the door: the scheme, its checked parameters, the table as the
    rules saw it, each row's level and reason position, and what the door found."""

    scheme: Scheme
    params: dict
    checked: pd.DataFrame
    codes: np.ndarray
    reasons: np.ndarray
    door: Prepared

    def explain(self) -> list[str]:
        """Per row: the reason in words and ``→`` the level's name; a row the door sent to
        Unknown says which value was impossible."""
        s, p = self.scheme, self.params
        why = s.explain_rows(self.checked, p, self.codes, self.reasons)
        invalid = self.door.invalid
        if invalid is not None:
            rows = np.flatnonzero(invalid)
            unknown = s.levels_for(p)[-1].label
            why = list(why)
            for i, text in zip(rows, self.door.reasons(rows), strict=True):
                why[i] = f"{text} → {unknown}"
        return list(why)


def _missing_reason(s: Scheme, p: Mapping) -> int:
    """Position of the scheme's "missing data" reason (where a row the door blanked points)."""
    keys = [r.key for r in s.reasons(p)]
    return keys.index("missing") if "missing" in keys else 0


def checked_run(
    table: pd.DataFrame, scheme: str | Scheme, params: Mapping, func: str | None = None
) -> Run:
    """Check the parameters, take the table through the door (:meth:`Scheme.prepare`), classify;
    rows holding an impossible value become Unknown. ``func`` names the caller in messages."""
    s = get_scheme(scheme)
    p = s.check_params(params)
    door = s.prepare(table, p, func)
    checked = door.table
    if type(s).check_table is not Scheme.check_table:  # the scheme's own further checks
        checked = s.check_table(checked, p)
    codes, reasons = s.assign(checked, p)
    codes = np.asarray(codes, dtype=np.int64)
    reasons = np.asarray(reasons, dtype=np.int64)
    invalid = door.invalid
    if invalid is not None:
        codes, reasons = codes.copy(), reasons.copy()
        codes[invalid] = len(s.levels_for(p)) - 1
        reasons[invalid] = _missing_reason(s, p)
    return Run(s, p, checked, codes, reasons, door)


def run(table: pd.DataFrame, scheme: str | Scheme, params: Mapping, func: str | None = None):
    """Check, classify: ``(scheme, params, checked table, level positions, reason positions)``
    (see :func:`checked_run`, which also says what the door found)."""
    return tuple(checked_run(table, scheme, params, func))[:5]


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
    from .. import sql

    if sql.is_table(table):  # a database table: the engine computes the codes (phanloai.sql)
        return sql.classify(table, scheme, params)
    r = checked_run(table, scheme, params, "classify")
    return labels_series(r.codes, table.index, r.scheme, r.params)


def explain(table: pd.DataFrame, scheme: str | Scheme, **params) -> pd.DataFrame:
    """Per row: the level code (column ``level``) and the rule and values that decided it, in the
    current language (column ``reason``). On an ibis table (a database), the engine writes the
    same words: the result is the table with ``level`` and ``reason`` added (see
    :func:`phanloai.sql.explain`).

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
    from .. import sql

    if sql.is_table(table):  # a database table: the engine writes the words (phanloai.sql)
        return sql.explain(table, scheme, params)
    r = checked_run(table, scheme, params, "explain")
    return pd.DataFrame(
        {"level": labels_series(r.codes, table.index, r.scheme, r.params), "reason": r.explain()},
        index=table.index,
    )
