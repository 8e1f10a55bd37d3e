"""Segments after a classification: their profile, their priority, and two or more crossed
(articles 000, 001 and 002)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError
from ..vn import format_number
from ._base import (
    Dimension,
    check_table,
    choice,
    dimension,
    frame,
    number,
    orders,
    share,
    spend,
    stamp,
    sums,
)

__all__ = ["cross", "prioritize", "profile"]


def _stats(
    func: str, customers: pd.DataFrame, dim: Dimension, need_spend: bool = False
) -> dict[str, np.ndarray]:
    """Per level (declared order): the measures the data has."""
    return measures(totals(func, customers, dim, need_spend))


def totals(
    func: str, customers: pd.DataFrame, dim: Dimension, need_spend: bool = False
) -> dict[str, np.ndarray]:
    """Per level (declared order), the sums the measures are made of: ``customers``;
    ``revenue`` (the spend that is known); ``orders``, ``bought`` (customers with an order) and
    ``known`` (customers whose orders are known). A database sums the same (``phanloai.sql``)."""
    groups = dim.values

    def per_level(values: pd.Series) -> np.ndarray:
        return sums(values, groups).reindex(dim.levels).to_numpy()

    out = {"customers": groups.value_counts(sort=False).reindex(dim.levels).to_numpy()}
    if need_spend or "total_spend" in customers.columns:
        out["revenue"] = per_level(spend(func, customers))
    if "n_orders" in customers.columns:
        n = orders(func, customers)
        out["orders"] = per_level(n)
        bought = (n > 0).astype("float64").where(n.notna())
        out["known"] = per_level(bought.notna().astype("int64"))
        out["bought"] = per_level(bought.fillna(0))
    return out


def measures(t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The measures of each level from its sums (:func:`totals`)."""
    counts = t["customers"]
    out: dict[str, np.ndarray] = {
        "customers": counts,
        "customer_share": share(counts, int(counts.sum())),
    }
    if "revenue" in t:
        revenue = t["revenue"]
        out["revenue"] = revenue
        out["revenue_share"] = share(revenue, np.nansum(revenue.astype("float64")))
        out["revenue_per_customer"] = share(revenue, counts)
    if "orders" in t:
        out["orders"] = t["orders"]
        if "revenue" in t:
            out["aov"] = share(out["revenue"], out["orders"])
        out["conversion"] = share(t["bought"], t["known"])
    return out


#: the columns of a profile, in order (those the data allows)
PROFILE_KEYS = (
    "customers",
    "customer_share",
    "revenue",
    "revenue_share",
    "revenue_per_customer",
    "orders",
    "aov",
    "conversion",
)


def profile_frame(dim: Dimension, stats: dict, drop_empty: bool) -> pd.DataFrame:
    out = frame(dim.index(), {k: stats[k] for k in PROFILE_KEYS if k in stats}, "profile", [dim])
    if drop_empty:
        out = out[out["customers"] > 0]
    return out


# -- 1. profile ------------------------------------------------------------------------------------
def profile(customers: pd.DataFrame, labels, *, drop_empty: bool = False) -> pd.DataFrame:
    """Chân dung từng nhóm — one row per level: how many customers, what they bought and brought in.

    Parameters
    ----------
    customers : the customer table that was classified — a pandas DataFrame, or an ibis table
        (a database: the engine sums each level, see :func:`phanloai.sql.profile`).
    labels : what ``phanloai.classify(customers, …)`` returned (or a column name, or any Series
        with one label per customer).
    drop_empty : leave out the levels nobody is in (kept by default: an empty level is a finding).

    Returns
    -------
    DataFrame indexed by level code in the scheme's order (empty levels included unless
    ``drop_empty``, ``unknown`` last), with the columns the data allows, by stable key: ``customers``, ``customer_share``,
    ``revenue``, ``revenue_share``, ``revenue_per_customer`` (from ``total_spend``), ``orders``,
    ``aov``, ``conversion`` (share with ``n_orders`` > 0). The keys are the same in every language;
    :func:`phanloai.show` writes them as a person reads them.

    Examples
    --------
    >>> import phanloai
    >>> f = phanloai.load("fashion", n=2000)
    >>> table = phanloai.profile(f.customers, phanloai.classify(f.customers, "ladder"))
    >>> table.index.tolist()
    ['suspect', 'prospect', 'first_buy', 'rebuy', 'frequent', 'key', 'unknown']
    >>> int(table["customers"].sum())
    2000
    """
    from .. import sql

    if sql.is_table(customers):  # a database table: the engine sums, a few rows come back
        return sql.profile(customers, labels, drop_empty=drop_empty)
    func = "profile"
    customers = check_table(func, customers)
    dim = dimension(func, labels, customers)
    return profile_frame(dim, _stats(func, customers, dim), drop_empty)


# -- 2. prioritize ---------------------------------------------------------------------------------
_BY = {
    "size": ("quy mô — nhiều khách nhất trước", "size — most customers first"),
    "revenue": ("doanh thu — nhiều doanh thu nhất trước", "revenue — most revenue first"),
    "value": (
        "giá trị — doanh thu mỗi khách cao nhất trước",
        "value — highest revenue per customer first",
    ),
}
#: The measure each ordering ranks by.
BY_MEASURE = {"size": "customers", "revenue": "revenue", "value": "revenue_per_customer"}


def prioritize(
    customers: pd.DataFrame,
    labels,
    by: str = "size",
    min_share: float = 0.05,
    max_segments: int | None = None,
) -> pd.DataFrame:
    """Ưu tiên phân khúc — rank the segments and flag the ones too narrow to target (article 001, step 3).

    Parameters
    ----------
    customers, labels : as for :func:`profile`.
    by : ``"size"`` (most customers first), ``"revenue"`` (most revenue first) or ``"value"``
        (highest revenue per customer first — the expected performance of a customer there).
    min_share : a segment holding a smaller share of the customers than this is too narrow,
        0 … 1; default 0.05 (5 %).
    max_segments : the most segments the team can work on (None = no limit).

    Returns
    -------
    DataFrame in ranked order, indexed by level code: ``rank`` (1 = first), ``customers``,
    ``customer_share``, [``revenue``, ``revenue_share``, ``revenue_per_customer``],
    ``too_narrow``, ``selected`` (not too narrow and within ``max_segments``), ``note``.
    ``unknown`` is listed last, without a rank.

    Examples
    --------
    >>> import phanloai
    >>> spa = phanloai.load("spa")
    >>> labels = phanloai.classify(spa.customers, "source")
    >>> table = phanloai.prioritize(spa.customers, labels, by="revenue", max_segments=3)
    >>> int(table["selected"].sum())
    3
    """
    func = "prioritize"
    choice(func, "by", by, _BY)
    min_share = number(func, "min_share", min_share, 0.0, 1.0)
    if max_segments is not None:
        max_segments = number(func, "max_segments", max_segments, 1, 1000, integer=True)
    customers = check_table(func, customers)
    dim = dimension(func, labels, customers)
    stats = _stats(func, customers, dim, need_spend=by != "size")
    counts = np.asarray(stats["customers"])
    last = len(dim.levels) - 1
    # levels nobody is in are left out: a scheme declares more levels than one business fills
    known = [i for i in range(len(dim.levels)) if counts[i] > 0 and not (dim.unknown and i == last)]
    metric = np.asarray(stats[BY_MEASURE[by]], dtype="float64")
    order = sorted(known, key=lambda i: (-metric[i] if np.isfinite(metric[i]) else math.inf, i))
    if dim.unknown and counts[last] > 0:
        order.append(last)
    n_known = len(known)
    rank = pd.array(list(range(1, n_known + 1)) + [pd.NA] * (len(order) - n_known), dtype="Int64")
    shares = np.asarray(stats["customer_share"], dtype="float64")[order]
    narrow = [bool(not shares[j] >= min_share) for j in range(n_known)]
    selected, taken = [], 0
    for j in range(n_known):
        ok = not narrow[j] and (max_segments is None or taken < max_segments)
        taken += ok
        selected.append(ok)
    # notes are codes; their words (with the threshold and the limit) are put on where people read
    notes = [
        "too_narrow" if narrow[j] else "target" if selected[j] else "over_limit"
        for j in range(n_known)
    ]
    if len(order) > n_known:
        narrow.append(pd.NA)
        selected.append(False)
        notes.append("not_classified")
    data: dict[str, object] = {"rank": rank}
    for key in ("customers", "customer_share", "revenue", "revenue_share", "revenue_per_customer"):
        if key in stats:
            data[key] = np.asarray(stats[key])[order]
    data |= {"too_narrow": pd.array(narrow, dtype="boolean"), "selected": selected, "note": notes}
    index = dim.index([dim.levels[i] for i in order])
    limit = "—" if max_segments is None else str(max_segments)
    pct_vi, pct_en = (format_number(round(min_share * 100, 1), 1, lang) for lang in ("vi", "en"))
    note_words = {
        "target": ("nhắm tới", "target"),
        "too_narrow": (
            f"quá hẹp: ít hơn {pct_vi} % số khách",
            f"too narrow: under {pct_en}% of customers",
        ),
        "over_limit": (f"ngoài giới hạn {limit} nhóm", f"beyond the limit of {limit} segments"),
        "not_classified": (
            "chưa phân loại được: bổ sung dữ liệu",
            "not classified: fill in the missing data",
        ),
    }
    return frame(
        index,
        data,
        "prioritize",
        [dim],
        {
            "by": by,
            "min_share": min_share,
            "max_segments": max_segments,
            "value_words": {"note": note_words},
        },
    )


# -- 3. cross --------------------------------------------------------------------------------------
_VALUES = {
    "count": ("số khách trong mỗi ô", "number of customers in each cell"),
    "revenue": (
        "tổng doanh thu (total_spend) trong mỗi ô",
        "total revenue (total_spend) in each cell",
    ),
}
_NORMALIZE = {
    "all": ("tỷ lệ trên toàn bảng", "share of the whole table"),
    "index": ("tỷ lệ trong mỗi dòng", "share within each row"),
    "columns": ("tỷ lệ trong mỗi cột", "share within each column"),
}


def cross(
    customers: pd.DataFrame,
    *labels,
    values: str = "count",
    normalize: bool | str = False,
    drop_empty: bool = False,
) -> pd.DataFrame:
    """Kết hợp các cách phân loại — cross two or three classifications (article 002).

    Parameters
    ----------
    customers : the customer table.
    *labels : two or more classifications of ``customers`` — labels from ``phanloai.classify``,
        column names (``"industry"``, ``"region"``, ``"contract_signed"``), or one list of them.
        The last one gives the columns of the table, the others its rows.
    values : ``"count"`` (customers per cell) or ``"revenue"`` (sum of ``total_spend``).
    normalize : False, or shares: ``"all"`` (of the whole table), ``"index"`` (within each row),
        ``"columns"`` (within each column).
    drop_empty : leave out the rows and columns with no customer at all (a three-way cross has
        many: 5 industries × 3 regions of which some never meet).

    Returns
    -------
    DataFrame: every combination of declared levels (codes, or the column's values), empty cells
    as 0 (a share of an empty row or column is NaN); without the empty rows and columns if
    ``drop_empty``.

    Examples
    --------
    >>> import phanloai
    >>> bolts = phanloai.load("bolts")
    >>> table = phanloai.cross(bolts.customers, "industry", "contract_signed")
    >>> table.columns.tolist()
    [True, False]
    >>> int(table.to_numpy().sum())
    10000
    """
    func = "cross"
    customers = check_table(func, customers)
    if len(labels) == 1 and isinstance(labels[0], list | tuple):
        labels = tuple(labels[0])
    if len(labels) < 2:
        raise PhanloaiError(
            f"{func}(): cần ít nhất hai cách phân loại để kết hợp, nhận được {len(labels)}.",
            f"{func}(): needs at least two classifications to cross, got {len(labels)}.",
        )
    choice(func, "values", values, _VALUES)
    if normalize is not False:
        choice(func, "normalize", normalize, _NORMALIZE)
    dims = [
        dimension(func, lab, customers, arg=f"labels_{chr(ord('a') + i)}")
        for i, lab in enumerate(labels)
    ]
    seen: list[str] = []
    for dim in dims:  # two dimensions with the same key get numbered, so the index stays readable
        key = dim.key
        while key in seen:
            key = f"{dim.key}_{len(seen) + 1}"
        dim.key = key
        seen.append(key)
    keys = [f"d{i}" for i in range(len(dims))]
    table = pd.DataFrame(
        {k: d.values for k, d in zip(keys, dims, strict=True)}, index=customers.index
    )
    if values == "count":
        cells = table.groupby(keys, observed=False, sort=True).size()
    else:
        cells = (
            spend(func, customers)
            .groupby([table[k] for k in keys], observed=False, sort=True)
            .sum()
        )
    out = cells.unstack(keys[-1])
    out = out.reindex(columns=dims[-1].levels)  # keep every declared column (and its order)
    out.columns = dims[-1].index()
    if len(dims) == 2:
        out.index = dims[0].index(list(out.index))
    else:  # each row level keeps what it is (its scheme and parameters), for the words
        arrays = [
            pd.Categorical(out.index.get_level_values(i), dtype=d.dtype())
            for i, d in enumerate(dims[:-1])
        ]
        out.index = pd.MultiIndex.from_arrays(arrays, names=[d.key for d in dims[:-1]])
    out = out.fillna(0)
    if values == "count" or pd.api.types.is_integer_dtype(customers["total_spend"]):
        out = out.astype("int64")
    if drop_empty:  # by who is in a cell, not by its value (a cell of buyers of 0 đ stays)
        people = table.groupby(keys, observed=True).size().unstack(keys[-1]).fillna(0)
        people = people.reindex(index=cells.unstack(keys[-1]).index, columns=dims[-1].levels)
        people = people.fillna(0).to_numpy()
        out = out.loc[people.sum(axis=1) > 0, people.sum(axis=0) > 0]
    total = out.to_numpy().sum()
    if normalize == "all":
        out = out / total if total else out * np.nan
    elif normalize == "index":
        out = out.div(out.sum(axis=1).where(lambda s: s > 0), axis=0)
    elif normalize == "columns":
        out = out.div(out.sum(axis=0).where(lambda s: s > 0), axis=1)
    return stamp(out, "cross", dims, {"values": values, "normalize": normalize})
