"""The registry of schemes, and the one door every classification goes through."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .._i18n import PhanloaiError
from .base import Scheme

SCHEMES: dict[str, Scheme] = {}


def register(scheme: Scheme) -> Scheme:
    """Add a scheme to :data:`SCHEMES` after checking its declaration is whole."""
    assert scheme.code not in SCHEMES, scheme.code
    if scheme.rules:
        assert scheme.rules[-1].when is None, f"{scheme.code}: the last rule must be 'otherwise'"
        assert all(r.when is not None for r in scheme.rules[:-1]), (
            f"{scheme.code}: only the last rule may be 'otherwise'"
        )
        codes = {lv.code for lv in scheme.levels}
        assert {r.level for r in scheme.rules} <= codes, (
            f"{scheme.code}: a rule names an undeclared level"
        )
    for p in scheme.params.values():
        p.check(scheme.code, p.default)
    assert scheme.title_vi and scheme.title_en and scheme.purpose_vi and scheme.purpose_en
    assert all(
        lv.vi and lv.en and lv.meaning_vi and lv.meaning_en and lv.action_vi and lv.action_en
        for lv in scheme.levels_for({})
    ), f"{scheme.code}: every level needs names, meaning and action"
    SCHEMES[scheme.code] = scheme
    return scheme


def get_scheme(scheme: str | Scheme) -> Scheme:
    if isinstance(scheme, Scheme):
        return scheme
    if scheme not in SCHEMES:
        raise PhanloaiError(
            f"Không có cách phân loại {scheme!r}. Các cách phân loại: {', '.join(SCHEMES)}.",
            f"Unknown scheme {scheme!r}. Available schemes: {', '.join(SCHEMES)}.",
        )
    return SCHEMES[scheme]


def _run(table: pd.DataFrame, scheme: str | Scheme, params: Mapping):
    s = get_scheme(scheme)
    p = s.check_params(params)
    table = s.check_table(table, p)
    codes, rule_idx = s.assign(table, p)
    labels = s.labels(p)
    series = pd.Series(
        pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype="str"), ordered=True),
        index=table.index,
        name=s.code,
    )
    series.attrs["scheme"] = s.code
    series.attrs["params"] = p
    return s, p, series, codes, rule_idx


def classify(table: pd.DataFrame, scheme: str | Scheme, **params) -> pd.Series:
    """Classify every row of ``table`` with ``scheme``.

    Returns an ordered categorical Series aligned with ``table.index`` whose categories are
    exactly the scheme's levels (current language), "Không xác định / Unknown" last.

    Examples
    --------
    >>> f = phanloai.load("fashion")
    >>> phanloai.classify(f.customers, "ladder", radius_km=10).value_counts()
    """
    return _run(table, scheme, params)[2]


def explain(table: pd.DataFrame, scheme: str | Scheme, **params) -> pd.DataFrame:
    """Per row: the level and the rule and values that decided it, in the current language."""
    s, p, series, codes, rule_idx = _run(table, scheme, params)
    from .._i18n import tr

    why = s.explain_rows(s.check_table(table, p), p, codes, rule_idx)
    return pd.DataFrame({tr("cấp", "level"): series, tr("lý do", "reason"): why}, index=table.index)
