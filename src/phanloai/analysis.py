"""Báo cáo sau phân loại — the reports that follow a classification (articles 000, 001, 002).

Each report takes the customer table and the labels ``phanloai.classify`` returned (or a column
name, or any Series with one label per customer) and returns a small DataFrame whose column names
are Vietnamese by default and English after ``phanloai.set_language("en")``. Nothing the caller
passes in is ever changed.

- :func:`profile` — per level: customers, revenue, orders, average order value, conversion;
- :func:`prioritize` — segments ranked by size, revenue or value; too-narrow ones flagged (001);
- :func:`cross` — two or three classifications crossed, e.g. industry × region × contract (002);
- :func:`funnel` — customers at or beyond each stage of a staged scheme, with step conversion;
- :func:`revenue_by_source` — "where the money flows from": leads, buyers, revenue per source (000);
- :func:`staff_performance` — leads each salesperson handles and converts (000);
- :func:`call_campaign` — a simulated lead-filtering call campaign, as a funnel (001).

Every report keeps in ``report.attrs`` what the charts in :mod:`phanloai.charts` need: which report
it is, the scheme and its declared level order (for colours), and its columns by stable key.

>>> import phanloai
>>> spa = phanloai.load("spa")
>>> labels = phanloai.classify(spa.customers, "ladder")
>>> phanloai.profile(spa.customers, labels)
>>> phanloai.prioritize(spa.customers, labels, by="revenue", min_share=0.05)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._i18n import PhanloaiError, tr
from .schemes.base import UNKNOWN_EN, UNKNOWN_VI, Param
from .schemes.registry import SCHEMES
from .vn import format_percent

__all__ = [
    "CALL_PARAMS",
    "COLUMNS",
    "CallCampaign",
    "call_campaign",
    "column_name",
    "cross",
    "funnel",
    "prioritize",
    "profile",
    "revenue_by_source",
    "staff_performance",
]

#: Column names of the reports, by stable key: (Vietnamese, English).
COLUMNS: dict[str, tuple[str, str]] = {
    "customers": ("số khách", "customers"),
    "customer_share": ("tỷ lệ khách", "share of customers"),
    "revenue": ("doanh thu", "revenue"),
    "revenue_share": ("tỷ lệ doanh thu", "share of revenue"),
    "revenue_per_customer": ("doanh thu mỗi khách", "revenue per customer"),
    "orders": ("số đơn", "orders"),
    "aov": ("giá trị đơn trung bình", "average order value"),
    "conversion": ("tỷ lệ chuyển đổi", "conversion rate"),
    "rank": ("thứ hạng", "rank"),
    "too_narrow": ("quá hẹp", "too narrow"),
    "selected": ("được chọn", "selected"),
    "note": ("ghi chú", "note"),
    "kind": ("loại", "kind"),
    "at_stage": ("đang ở bậc này", "at this stage"),
    "reached": ("từ bậc này trở lên", "at or beyond"),
    "step_rate": ("tỷ lệ qua bước", "step conversion"),
    "of_top": ("so với đầu phễu", "share of top"),
    "leads": ("số lead", "leads"),
    "lead_share": ("tỷ lệ lead", "share of leads"),
    "buyers": ("số khách đã mua", "buyers"),
    "revenue_per_lead": ("doanh thu mỗi lead", "revenue per lead"),
    "name": ("họ tên", "name"),
    "converted": ("đã chốt", "converted"),
    "people": ("số người", "people"),
    "probability": ("xác suất bước", "step probability"),
    "expected": ("kỳ vọng", "expected"),
}

_INDEX_NAMES = {
    "level": ("nhóm", "segment"),
    "source": ("nguồn", "source"),
    "staff": ("mã nhân viên", "staff id"),
    "step": ("bước", "step"),
}

#: For hand-made labels: level codes (and names) that usually leave the road (funnels). Labels from
#: a scheme use its declared ``exits`` instead.
_EXIT_CODES = frozenset(
    {"lost", "not_bought", "no_buy", "no_purchase", "churned", "lapsed", "dropped"}
)
_EXIT_NAMES = frozenset({"không mua", "lost", "thất bại", "rời bỏ", "churned", "closed lost"})


def column_name(key: str) -> str:
    """The name of a report column in the current language, e.g. ``column_name("revenue")``."""
    return tr(*COLUMNS[key])


def _unknown() -> str:
    return tr(UNKNOWN_VI, UNKNOWN_EN)


# -- checks at the door ------------------------------------------------------------------------------
def _check_table(func: str, customers) -> pd.DataFrame:
    if not isinstance(customers, pd.DataFrame):
        raise PhanloaiError(
            f"{func}(): cần bảng khách hàng là một pandas DataFrame, nhận được {type(customers).__name__}.",
            f"{func}(): the customer table must be a pandas DataFrame, got {type(customers).__name__}.",
        )
    return customers


def _columns_list(table: pd.DataFrame) -> str:
    names = ", ".join(map(str, table.columns[:12]))
    return names + (" …" if table.shape[1] > 12 else "")


def _missing(
    func: str, table: pd.DataFrame, column: str, why_vi: str, why_en: str
) -> PhanloaiError:
    return PhanloaiError(
        f"{func}(): bảng khách hàng thiếu cột '{column}' ({why_vi}). Các cột đang có: {_columns_list(table)}.",
        f"{func}(): the customer table has no column '{column}' ({why_en}). Its columns: {_columns_list(table)}.",
    )


def _rows(bad: pd.Series, limit: int = 5) -> str:
    rows = list(bad.index[bad.to_numpy(dtype=bool)][:limit])
    return ", ".join(map(str, rows)) + (" …" if int(bad.sum()) > limit else "")


def _numeric(func: str, table: pd.DataFrame, column: str, why_vi: str, why_en: str) -> pd.Series:
    """The column as numbers (text holding numbers is read as numbers; the table is not changed)."""
    if column not in table.columns:
        raise _missing(func, table, column, why_vi, why_en)
    series = table[column]
    if pd.api.types.is_bool_dtype(series):
        raise PhanloaiError(
            f"{func}(): cột '{column}' phải là số, không phải đúng/sai (True/False).",
            f"{func}(): column '{column}' must be numeric, not true/false.",
        )
    if pd.api.types.is_numeric_dtype(series):
        return series
    coerced = pd.to_numeric(series, errors="coerce")
    bad = coerced.isna() & series.notna()
    if bad.any():
        raise PhanloaiError(
            f"{func}(): cột '{column}' phải là số (kiểu hiện tại: {series.dtype}); dòng không phải số: {_rows(bad)}.",
            f"{func}(): column '{column}' must be numeric (current type: {series.dtype}); non-numeric rows: {_rows(bad)}.",
        )
    return coerced


def _spend(func: str, table: pd.DataFrame) -> pd.Series:
    return _numeric(
        func,
        table,
        "total_spend",
        "tổng chi tiêu của mỗi khách, đồng",
        "each customer's total spend, VND",
    )


def _orders(func: str, table: pd.DataFrame) -> pd.Series:
    return _numeric(
        func, table, "n_orders", "số đơn hàng của mỗi khách", "each customer's number of orders"
    )


def _choice(func: str, name: str, value, choices: Mapping[str, tuple[str, str]]):
    if not isinstance(value, str) or value not in choices:
        listed_vi = "; ".join(f"'{k}' = {vi}" for k, (vi, _) in choices.items())
        listed_en = "; ".join(f"'{k}' = {en}" for k, (_, en) in choices.items())
        raise PhanloaiError(
            f"{func}(): {name} = {value!r} không hợp lệ; chọn một trong: {listed_vi}.",
            f"{func}(): {name} = {value!r} is not valid; choose one of: {listed_en}.",
        )
    return value


def _number(func: str, name: str, value, lo: float, hi: float, integer: bool = False):
    ok = (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )
    if ok and integer:
        ok = float(value) == int(value)
    if not ok:
        want_vi, want_en = ("một số nguyên", "an integer") if integer else ("một số", "a number")
        raise PhanloaiError(
            f"{func}(): {name} cần {want_vi}, nhận được {value!r}.",
            f"{func}(): {name} must be {want_en}, got {value!r}.",
        )
    if not lo <= value <= hi:
        raise PhanloaiError(
            f"{func}(): {name} = {value} nằm ngoài khoảng cho phép [{lo}, {hi}].",
            f"{func}(): {name} = {value} is outside the allowed range [{lo}, {hi}].",
        )
    return int(value) if integer else float(value)


# -- labels: one per customer, in the current language, in the scheme's declared order ------------------
@dataclass
class _Labels:
    values: pd.Series  # ordered categorical, categories = ``levels``
    levels: list[str]  # declared order, "Không xác định / Unknown" last when present
    name: str  # the title of the classification (index name of a report)
    scheme: str | None = None
    params: dict = field(default_factory=dict)
    codes: dict[str, str] = field(
        default_factory=dict
    )  # level name → level code (declared schemes)
    ordered: bool = False  # the input had an order (ordered categorical or a staged scheme)

    @property
    def unknown(self) -> str | None:
        return self.levels[-1] if self.levels and self.levels[-1] == _unknown() else None

    def attrs(self) -> dict:
        return {
            "scheme": self.scheme,
            "params": dict(self.params),
            "levels": list(self.levels),
            "unknown": self.unknown,
            "name": self.name,
        }


def _column_title(column: str) -> str:
    """A column's short name as people read it: "Miền (Region)", "Đã ký hợp đồng (Contract signed)"."""
    # The charts' short names; plots (and seaborn) are imported only when needed.
    from .plots import _COLUMN_NAMES, _column_name

    if str(column) in _COLUMN_NAMES:
        return _column_name(column)
    from .dictionary import data_dictionary

    d = data_dictionary()
    row = d[(d["table"] == "customers") & (d["column"] == str(column))]
    if len(row) and len(row["vi"].iloc[0]) <= 30 and ":" not in row["vi"].iloc[0]:
        vi, en = row["vi"].iloc[0], row["en"].iloc[0]
        return tr(f"{vi} ({en})", en)
    return str(column)


def _align(func: str, customers: pd.DataFrame, labels: pd.Series, arg: str) -> pd.Series:
    if labels.index.equals(customers.index):
        return labels
    if (
        len(labels) == len(customers)
        and not labels.index.has_duplicates
        and not customers.index.has_duplicates
        and customers.index.isin(labels.index).all()
    ):
        return labels.reindex(customers.index)
    raise PhanloaiError(
        f"{func}(): nhãn '{arg}' không khớp với bảng khách hàng ({len(labels):,} nhãn, {len(customers):,} dòng, "
        "chỉ mục khác nhau). Hãy phân loại đúng bảng này: phanloai.classify(bảng, …).".replace(
            ",", "."
        ),
        f"{func}(): the labels '{arg}' do not match the customer table ({len(labels):,} labels, "
        f"{len(customers):,} rows, different index). Classify this very table: phanloai.classify(table, …).",
    )


def _labels(
    func: str, labels, customers: pd.DataFrame | None = None, arg: str = "labels"
) -> _Labels:
    """Check and translate the labels: an ordered categorical in the current language whose
    categories are the scheme's declared levels (every level, even an empty one)."""
    title = None
    if isinstance(labels, str) and customers is not None:
        if labels not in customers.columns:
            raise _missing(
                func, customers, labels, "cột dùng làm nhãn phân loại", "the column used as labels"
            )
        title = _column_title(labels)
        labels = customers[labels]
    if not isinstance(labels, pd.Series):
        raise PhanloaiError(
            f"{func}(): '{arg}' cần là nhãn phân loại (một pandas Series, ví dụ kết quả của phanloai.classify) "
            f"hoặc tên một cột; nhận được {type(labels).__name__}.",
            f"{func}(): '{arg}' must be labels (a pandas Series, e.g. what phanloai.classify returns) or a column "
            f"name; got {type(labels).__name__}.",
        )
    if customers is not None:
        labels = _align(func, customers, labels, arg)

    code = labels.attrs.get("scheme")
    scheme = SCHEMES.get(code) if isinstance(code, str) else None
    params = dict(labels.attrs.get("params") or {})
    declared = None
    if scheme is not None:
        try:
            declared = scheme.levels_for(params)
        except PhanloaiError:
            declared = None

    if pd.api.types.is_bool_dtype(labels):
        yes, no = tr("Có", "Yes"), tr("Không", "No")
        labels = labels.map({True: yes, False: no}).astype(pd.CategoricalDtype([yes, no]))
    if isinstance(labels.dtype, pd.CategoricalDtype):
        cat = labels.array
        ordered = bool(labels.cat.ordered)
    else:
        present = pd.unique(labels.dropna())
        try:
            present = sorted(present)
        except TypeError:
            present = sorted(present, key=str)
        cat = pd.Categorical(labels, categories=present)
        ordered = False
    cats = list(cat.categories)

    unknown = _unknown()
    names = {UNKNOWN_VI: unknown, UNKNOWN_EN: unknown}
    codes: dict[str, str] = {}
    if declared:
        for lv in declared:
            for text in (lv.code, lv.en, lv.vi):
                names[text] = lv.label
            codes[lv.label] = lv.code
    new_cats = [names.get(c, c) if isinstance(c, str) else c for c in cats]
    if declared and set(new_cats) <= set(codes):
        levels = [lv.label for lv in declared]
        ordered = ordered or scheme.staged
    else:  # categories that are not the scheme's own: keep them as they are
        scheme, params, codes = None, {}, {}
        levels = list(dict.fromkeys(new_cats))
    position = {name: i for i, name in enumerate(levels)}
    lookup = np.array([position[c] for c in new_cats] + [-1], dtype=np.int64)
    positions = lookup[np.asarray(cat.codes, dtype=np.int64)]  # code -1 (missing) → lookup[-1] = -1
    if (positions < 0).any() and unknown not in position:
        levels.append(unknown)
        position[unknown] = len(levels) - 1
    if unknown in position and position[unknown] != len(levels) - 1:  # unknown always last
        levels.remove(unknown)
        levels.append(unknown)
        remap = np.array([levels.index(name) for name in dict.fromkeys(position)], dtype=np.int64)
        positions = np.where(positions < 0, -1, remap[np.maximum(positions, 0)])
    if unknown in levels:
        positions = np.where(positions < 0, len(levels) - 1, positions)
    values = pd.Series(
        pd.Categorical.from_codes(
            positions, categories=pd.Index(levels, dtype=object), ordered=True
        ),
        index=labels.index,
    )
    if title is None:
        if scheme is not None:
            title = scheme.title
        elif isinstance(labels.name, str) and labels.name:
            title = _column_title(labels.name)
        else:
            title = tr(*_INDEX_NAMES["level"])
    return _Labels(values, levels, title, scheme.code if scheme else None, params, codes, ordered)


def _frame(
    index: pd.Index, data: dict[str, object], report: str, extra: Mapping | None = None
) -> pd.DataFrame:
    """A report table: columns named in the current language, keys kept in ``attrs``."""
    df = pd.DataFrame({column_name(k): v for k, v in data.items()}, index=index)
    df.attrs = {"report": report, "columns": {k: column_name(k) for k in data}, **(extra or {})}
    return df


def _share(part, whole):
    part = np.asarray(part, dtype="float64")
    whole = np.asarray(whole, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, part / np.where(whole > 0, whole, 1.0), np.nan)


def _percent(share: float) -> str:
    return format_percent(share, 1)


def _level_index(lab: _Labels, order: Sequence[str] | None = None) -> pd.CategoricalIndex:
    return pd.CategoricalIndex(
        order if order is not None else lab.levels,
        categories=lab.levels,
        ordered=True,
        name=lab.name,
    )


def _sums(values: pd.Series, groups: pd.Series) -> pd.Series:
    return values.groupby(groups, observed=False, sort=True).sum()


def _stats(
    func: str, customers: pd.DataFrame, lab: _Labels, need_spend: bool = False
) -> dict[str, np.ndarray]:
    """Per level (declared order): the measures the data has."""
    groups = lab.values
    counts = groups.value_counts(sort=False).reindex(lab.levels).to_numpy()
    total = int(counts.sum())
    out: dict[str, np.ndarray] = {"customers": counts, "customer_share": _share(counts, total)}
    has_spend = need_spend or "total_spend" in customers.columns
    has_orders = "n_orders" in customers.columns
    if has_spend:
        spend = _spend(func, customers)
        revenue = _sums(spend, groups).reindex(lab.levels).to_numpy()
        out["revenue"] = revenue
        out["revenue_share"] = _share(revenue, np.nansum(revenue.astype("float64")))
        out["revenue_per_customer"] = _share(revenue, counts)
    if has_orders:
        orders = _orders(func, customers)
        n_orders = _sums(orders, groups).reindex(lab.levels).to_numpy()
        out["orders"] = n_orders
        if has_spend:
            out["aov"] = _share(out["revenue"], n_orders)
        bought = (orders > 0).astype("float64").where(orders.notna())
        known = _sums(bought.notna().astype("int64"), groups).reindex(lab.levels).to_numpy()
        out["conversion"] = _share(
            _sums(bought.fillna(0), groups).reindex(lab.levels).to_numpy(), known
        )
    return out


# -- 1. profile ------------------------------------------------------------------------------------
def profile(customers: pd.DataFrame, labels) -> pd.DataFrame:
    """Chân dung từng nhóm — one row per level: how many customers, what they bought and brought in.

    Parameters
    ----------
    customers : the customer table that was classified.
    labels : what ``phanloai.classify(customers, …)`` returned (or a column name, or any Series
        with one label per customer).

    Returns
    -------
    DataFrame, one row per declared level in the scheme's order (empty levels included, "Không
    xác định / Unknown" last with its count), with the columns the data allows: số khách, tỷ lệ
    khách, doanh thu, tỷ lệ doanh thu, doanh thu mỗi khách (``total_spend``), số đơn, giá trị đơn
    trung bình, tỷ lệ chuyển đổi (share with ``n_orders`` > 0).

    Examples
    --------
    >>> labels = phanloai.classify(fashion.customers, "ladder")
    >>> phanloai.profile(fashion.customers, labels)
    """
    func = "profile"
    customers = _check_table(func, customers)
    lab = _labels(func, labels, customers)
    stats = _stats(func, customers, lab)
    keys = [
        "customers",
        "customer_share",
        "revenue",
        "revenue_share",
        "revenue_per_customer",
        "orders",
        "aov",
        "conversion",
    ]
    return _frame(
        _level_index(lab), {k: stats[k] for k in keys if k in stats}, "profile", lab.attrs()
    )


# -- 2. prioritize ---------------------------------------------------------------------------------
_BY = {
    "size": ("quy mô — nhiều khách nhất trước", "size — most customers first"),
    "revenue": ("doanh thu — nhiều doanh thu nhất trước", "revenue — most revenue first"),
    "value": (
        "giá trị — doanh thu mỗi khách cao nhất trước",
        "value — highest revenue per customer first",
    ),
}
_BY_KEY = {"size": "customers", "revenue": "revenue", "value": "revenue_per_customer"}


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
    min_share : a segment holding a smaller share of the customers than this is "quá hẹp"
        (too narrow), 0 … 1; default 0.05 (5 %).
    max_segments : the most segments the team can work on (None = no limit).

    Returns
    -------
    DataFrame in ranked order: thứ hạng (rank, 1 = first), số khách, tỷ lệ khách, [doanh thu, tỷ lệ
    doanh thu, doanh thu mỗi khách], quá hẹp, được chọn (not too narrow and within
    ``max_segments``), ghi chú. "Không xác định / Unknown" is listed last, without a rank.

    Examples
    --------
    >>> phanloai.prioritize(spa.customers, labels, by="value", min_share=0.05, max_segments=3)
    """
    func = "prioritize"
    _choice(func, "by", by, _BY)
    min_share = _number(func, "min_share", min_share, 0.0, 1.0)
    if max_segments is not None:
        max_segments = _number(func, "max_segments", max_segments, 1, 1000, integer=True)
    customers = _check_table(func, customers)
    lab = _labels(func, labels, customers)
    stats = _stats(func, customers, lab, need_spend=by != "size")
    unknown = lab.unknown
    known = [i for i, name in enumerate(lab.levels) if name != unknown]
    metric = np.asarray(stats[_BY_KEY[by]], dtype="float64")
    order = sorted(known, key=lambda i: (-metric[i] if np.isfinite(metric[i]) else math.inf, i))
    if unknown is not None:
        order.append(len(lab.levels) - 1)
    n_known = len(known)
    rank = pd.array(list(range(1, n_known + 1)) + [pd.NA] * (len(order) - n_known), dtype="Int64")
    share = np.asarray(stats["customer_share"], dtype="float64")[order]
    sizes = np.asarray(stats["customers"])[order]
    narrow = [
        bool(sizes[j] == 0 or not share[j] >= min_share) for j in range(n_known)
    ]  # empty is narrow
    selected, taken = [], 0
    for j in range(n_known):
        ok = not narrow[j] and (max_segments is None or taken < max_segments)
        taken += ok
        selected.append(ok)
    notes = []
    for j in range(n_known):
        if narrow[j]:
            pct = _percent(share[j]) if np.isfinite(share[j]) else _percent(0.0)
            notes.append(
                tr(
                    f"quá hẹp: {pct} khách < ngưỡng {_percent(min_share)}",
                    f"too narrow: {pct} of customers < {_percent(min_share)} threshold",
                )
            )
        elif not selected[j]:
            notes.append(
                tr(
                    f"ngoài giới hạn {max_segments} nhóm",
                    f"beyond the limit of {max_segments} segments",
                )
            )
        else:
            notes.append(tr("nhắm tới", "target"))
    if unknown is not None:
        narrow.append(pd.NA)
        selected.append(False)
        notes.append(
            tr("chưa phân loại được: bổ sung dữ liệu", "not classified: fill in the missing data")
        )
    data: dict[str, object] = {"rank": rank}
    for key in ("customers", "customer_share", "revenue", "revenue_share", "revenue_per_customer"):
        if key in stats:
            data[key] = np.asarray(stats[key])[order]
    data |= {"too_narrow": pd.array(narrow, dtype="boolean"), "selected": selected, "note": notes}
    index = _level_index(lab, [lab.levels[i] for i in order])
    return _frame(
        index,
        data,
        "prioritize",
        lab.attrs() | {"by": by, "min_share": min_share, "max_segments": max_segments},
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
    customers: pd.DataFrame, *labels, values: str = "count", normalize: bool | str = False
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

    Returns
    -------
    DataFrame: every combination of declared levels, empty cells as 0 (a share of an empty row or
    column is NaN).

    Examples
    --------
    >>> phanloai.cross(bolts.customers, "industry", "region", "contract_signed")
    >>> phanloai.cross(spa.customers, relationship, "source", values="revenue")
    """
    func = "cross"
    customers = _check_table(func, customers)
    if len(labels) == 1 and isinstance(labels[0], list | tuple):
        labels = tuple(labels[0])
    if len(labels) < 2:
        raise PhanloaiError(
            f"{func}(): cần ít nhất hai cách phân loại để kết hợp, nhận được {len(labels)}.",
            f"{func}(): needs at least two classifications to cross, got {len(labels)}.",
        )
    _choice(func, "values", values, _VALUES)
    if normalize is not False:
        _choice(func, "normalize", normalize, _NORMALIZE)
    labs = [
        _labels(func, lab, customers, arg=f"labels_{chr(ord('a') + i)}")
        for i, lab in enumerate(labels)
    ]
    names = []
    for lab in labs:  # two dimensions with the same title get numbered, so the index stays readable
        name = lab.name
        while name in names:
            name = f"{name} ({len(names) + 1})"
        names.append(name)
    keys = [f"d{i}" for i in range(len(labs))]
    frame = pd.DataFrame(
        {k: lab.values for k, lab in zip(keys, labs, strict=True)}, index=customers.index
    )
    if values == "count":
        cells = frame.groupby(keys, observed=False, sort=True).size()
    else:
        cells = (
            _spend(func, customers)
            .groupby([frame[k] for k in keys], observed=False, sort=True)
            .sum()
        )
    table = cells.unstack(keys[-1])
    table = table.reindex(columns=labs[-1].levels)  # keep every declared column (and its order)
    table.columns = pd.CategoricalIndex(
        labs[-1].levels, categories=labs[-1].levels, ordered=True, name=names[-1]
    )
    if len(labs) == 2:
        table.index = pd.CategoricalIndex(
            table.index, categories=labs[0].levels, ordered=True, name=names[0]
        )
    else:
        table.index = table.index.set_names(names[:-1])
    table = table.fillna(0)
    if values == "count" or pd.api.types.is_integer_dtype(customers["total_spend"]):
        table = table.astype("int64")
    if normalize == "all":
        table = table / table.to_numpy().sum() if table.to_numpy().sum() else table * np.nan
    elif normalize == "index":
        table = table.div(table.sum(axis=1).where(lambda s: s > 0), axis=0)
    elif normalize == "columns":
        table = table.div(table.sum(axis=0).where(lambda s: s > 0), axis=1)
    table.attrs = {
        "report": "cross",
        "values": values,
        "normalize": normalize,
        "names": names,
        "dims": [lab.attrs() for lab in labs],
        "columns": {},
    }
    return table


# -- 4. funnel -------------------------------------------------------------------------------------
_KINDS = {
    "stage": ("bậc", "stage"),
    "exit": ("rời phễu", "exit"),
    "unknown": ("không xác định", "unknown"),
}


def _is_exit(name: str, code: str | None) -> bool:
    return (code in _EXIT_CODES) or " ".join(str(name).lower().split()) in _EXIT_NAMES


def funnel(
    labels, *, exits: Sequence[str] | None = None, furthest: pd.Series | None = None
) -> pd.DataFrame:
    """Phễu — customers at or beyond each stage of a staged classification, and each step's conversion.

    Works for schemes whose levels are stages of one road (``relationship``, ``ladder``,
    ``journey_4a``, ``journey_5a``…), and for any ordered categorical Series.

    Parameters
    ----------
    labels : what ``phanloai.classify`` returned for a staged scheme (or an ordered categorical).
    exits : levels that leave the road rather than stand on it — "Không mua (Lost)" is not beyond
        "Đã mua (Won)". By default the levels coded ``lost`` (or named "Không mua", "Lost"…).
    furthest : optional, for customers at an exit: the last road stage they reached (a Series of
        stage names aligned with ``labels``, e.g. from the pipeline history). Without it, a customer
        who left counts only at the top of the funnel.

    Returns
    -------
    DataFrame, one row per level: loại (stage / exit / unknown), đang ở bậc này (customers whose
    level it is), từ bậc này trở lên (at or beyond: everyone who got this far), tỷ lệ qua bước
    (at or beyond ÷ the previous stage's), so với đầu phễu (÷ the top). Exit rows give their count
    and their share of the top; the "Không xác định / Unknown" row only its count.

    Examples
    --------
    >>> phanloai.funnel(phanloai.classify(spa.customers, "relationship"))
    """
    func = "funnel"
    code = labels.attrs.get("scheme") if isinstance(labels, pd.Series) else None
    if isinstance(code, str) and code in SCHEMES and not SCHEMES[code].staged:
        s = SCHEMES[code]
        raise PhanloaiError(
            f"{func}(): cách phân loại '{s.code}' ({s.title_vi}) không gồm các bậc nối tiếp nhau nên không vẽ phễu "
            "được; dùng profile() hoặc một cách phân loại theo bậc (relationship, ladder, journey_4a, journey_5a).",
            f"{func}(): scheme '{s.code}' ({s.title_en}) has no stages one after another, so it makes no funnel; "
            "use profile() or a staged scheme (relationship, ladder, journey_4a, journey_5a).",
        )
    lab = _labels(func, labels)
    if lab.scheme is None and not lab.ordered:
        raise PhanloaiError(
            f"{func}(): nhãn không có thứ tự bậc; cần kết quả của một cách phân loại theo bậc hoặc một cột "
            "categorical có thứ tự (ordered=True).",
            f"{func}(): the labels have no order of stages; pass labels of a staged scheme or an ordered categorical.",
        )
    unknown = lab.unknown
    names = [n for n in lab.levels if n != unknown]
    lookup = {
        n: n for n in names
    }  # any name of a level (either language, or its code) → its name now
    if lab.scheme:
        for lv in SCHEMES[lab.scheme].levels_for(lab.params):
            lookup[lv.vi] = lookup[lv.en] = lookup[lv.code] = lv.label
    if exits is None and lab.scheme:  # the scheme declares which levels leave the road
        declared = set(SCHEMES[lab.scheme].exits)
        exit_set = {n for n in names if lab.codes.get(n) in declared}
    elif exits is None:  # hand-made labels: recognise the usual names
        exit_set = {n for n in names if _is_exit(n, lab.codes.get(n))}
    else:
        exits = [exits] if isinstance(exits, str) else list(exits)
        wrong = [e for e in exits if e not in lookup]
        if wrong:
            raise PhanloaiError(
                f"{func}(): exits có cấp không tồn tại: {wrong}; các cấp: {names}.",
                f"{func}(): exits names levels that do not exist: {wrong}; the levels: {names}.",
            )
        exit_set = {lookup[e] for e in exits}
    road = [n for n in names if n not in exit_set]
    if not road:
        raise PhanloaiError(
            f"{func}(): mọi cấp đều là lối ra (exits); phễu cần ít nhất một bậc.",
            f"{func}(): every level is an exit; a funnel needs at least one stage.",
        )
    counts = lab.values.value_counts(sort=False).reindex(lab.levels).to_numpy()
    count = dict(zip(lab.levels, counts.tolist(), strict=True))
    on_road = np.array([count[n] for n in road], dtype="int64")
    reached = np.cumsum(on_road[::-1])[::-1].copy()  # at or beyond each stage
    is_exit = lab.values.isin(sorted(exit_set)).to_numpy()
    n_exit = int(is_exit.sum())
    if furthest is not None and n_exit:
        if not isinstance(furthest, pd.Series) or len(furthest) != len(lab.values):
            raise PhanloaiError(
                f"{func}(): furthest cần là một Series cùng độ dài và chỉ mục với nhãn.",
                f"{func}(): furthest must be a Series with the same length and index as the labels.",
            )
        far = furthest.reindex(lab.values.index).astype(object).to_numpy()[is_exit]
        stage_pos = {n: i for i, n in enumerate(road)}
        wrong = sorted(
            {str(v) for v in far if not pd.isna(v) and stage_pos.get(lookup.get(v)) is None}
        )
        if wrong:
            raise PhanloaiError(
                f"{func}(): furthest có giá trị không phải bậc nào của phễu: {wrong[:5]}; các bậc: {road}.",
                f"{func}(): furthest holds values that are no stage of the funnel: {wrong[:5]}; the stages: {road}.",
            )
        pos = np.array([0 if pd.isna(v) else stage_pos[lookup[v]] for v in far], dtype="int64")
        reached += np.bincount(pos, minlength=len(road))[::-1].cumsum()[::-1]
    else:
        reached[0] += n_exit
    top = float(reached[0])
    step = np.concatenate([[np.nan], _share(reached[1:], reached[:-1])])
    of_top = _share(reached, top)
    rows = [*road, *sorted(exit_set, key=lab.levels.index)] + ([unknown] if unknown else [])
    n_road = len(road)
    kinds = ["stage"] * n_road + ["exit"] * len(exit_set) + (["unknown"] if unknown else [])
    exit_counts = [count[n] for n in rows[n_road : n_road + len(exit_set)]]
    data = {
        "kind": [tr(*_KINDS[k]) for k in kinds],
        "at_stage": np.array([count[n] for n in rows], dtype="int64"),
        "reached": pd.array(reached.tolist() + [pd.NA] * (len(rows) - n_road), dtype="Int64"),
        "step_rate": np.concatenate([step, np.full(len(rows) - n_road, np.nan)]),
        "of_top": np.concatenate(
            [of_top, _share(exit_counts, top), [np.nan] * (1 if unknown else 0)]
        ),
    }
    attrs = lab.attrs() | {"road": road, "exits": sorted(exit_set, key=lab.levels.index)}
    return _frame(_level_index(lab, rows), data, "funnel", attrs)


# -- 5. revenue by source --------------------------------------------------------------------------
def revenue_by_source(customers: pd.DataFrame, source="source") -> pd.DataFrame:
    """Nguồn tiền chảy về từ đâu — leads, buyers and revenue per lead source (article 000).

    Parameters
    ----------
    customers : the customer table, with ``n_orders`` and ``total_spend``.
    source : the column holding each customer's first channel (default ``"source"``), or labels
        from ``phanloai.classify(customers, "source")``.

    Returns
    -------
    DataFrame, one row per source, most revenue first ("Không xác định / Unknown" last): số lead,
    tỷ lệ lead, số khách đã mua, tỷ lệ chuyển đổi, doanh thu, tỷ lệ doanh thu, doanh thu mỗi lead.
    A channel that brings many leads but little money shows a lead share far above its revenue share.

    Examples
    --------
    >>> phanloai.revenue_by_source(spa.customers)
    """
    func = "revenue_by_source"
    customers = _check_table(func, customers)
    if isinstance(source, str) and source not in customers.columns:
        raise _missing(
            func,
            customers,
            source,
            "nguồn khách hàng: kênh đầu tiên khách biết tới doanh nghiệp",
            "lead source: the first channel through which the customer came",
        )
    spend = _spend(func, customers)
    orders = _orders(func, customers)
    lab = _labels(func, source, customers, arg="source")
    if lab.scheme is None and source == "source":
        lab.name = tr(*_INDEX_NAMES["source"])
    groups = lab.values
    leads = groups.value_counts(sort=False).reindex(lab.levels).to_numpy()
    buyers = _sums((orders > 0).astype("int64"), groups).reindex(lab.levels).to_numpy()
    revenue = _sums(spend, groups).reindex(lab.levels).to_numpy()
    unknown = lab.unknown
    known = [i for i, n in enumerate(lab.levels) if n != unknown]
    order = sorted(
        known, key=lambda i: (-float(revenue[i]) if pd.notna(revenue[i]) else math.inf, i)
    )
    order += [len(lab.levels) - 1] if unknown else []
    data = {
        "leads": leads[order],
        "lead_share": _share(leads, leads.sum())[order],
        "buyers": buyers[order],
        "conversion": _share(buyers, leads)[order],
        "revenue": revenue[order],
        "revenue_share": _share(revenue, np.nansum(revenue.astype("float64")))[order],
        "revenue_per_lead": _share(revenue, leads)[order],
    }
    return _frame(
        _level_index(lab, [lab.levels[i] for i in order]), data, "revenue_by_source", lab.attrs()
    )


# -- 6. staff performance --------------------------------------------------------------------------
def staff_performance(customers: pd.DataFrame, staff: pd.DataFrame | None = None) -> pd.DataFrame:
    """Năng lực từng nhân viên — leads each salesperson handles and converts, and the revenue (000).

    Parameters
    ----------
    customers : the customer table, with ``staff_id``, ``n_orders`` and ``total_spend``.
    staff : optional staff table (``staff_id``, ``full_name``): adds each name, and lists staff
        who handled no lead.

    Returns
    -------
    DataFrame indexed by staff id (staff-table order, then ids found only among the customers;
    customers with no salesperson as "(chưa phân công)"): họ tên (when ``staff`` is given), số
    lead, đã chốt (leads with an order), tỷ lệ chuyển đổi, doanh thu, doanh thu mỗi lead.

    Examples
    --------
    >>> phanloai.staff_performance(spa.customers, spa.staff)
    """
    func = "staff_performance"
    customers = _check_table(func, customers)
    if "staff_id" not in customers.columns:
        raise _missing(
            func,
            customers,
            "staff_id",
            "nhân viên phụ trách mỗi khách",
            "the salesperson in charge",
        )
    orders = _orders(func, customers)
    spend = _spend(func, customers)
    names = None
    ids: list[str] = []
    if staff is not None:
        if not isinstance(staff, pd.DataFrame):
            raise PhanloaiError(
                f"{func}(): bảng nhân viên (staff) cần là một pandas DataFrame, nhận được {type(staff).__name__}.",
                f"{func}(): the staff table must be a pandas DataFrame, got {type(staff).__name__}.",
            )
        if "staff_id" not in staff.columns:
            raise PhanloaiError(
                f"{func}(): bảng nhân viên thiếu cột 'staff_id'. Các cột đang có: {_columns_list(staff)}.",
                f"{func}(): the staff table has no column 'staff_id'. Its columns: {_columns_list(staff)}.",
            )
        dup = staff["staff_id"].astype(str).duplicated()
        if dup.any():
            raise PhanloaiError(
                f"{func}(): bảng nhân viên có mã trùng: {sorted(set(staff['staff_id'].astype(str)[dup]))}.",
                f"{func}(): the staff table has duplicate ids: {sorted(set(staff['staff_id'].astype(str)[dup]))}.",
            )
        ids = staff["staff_id"].dropna().astype(str).tolist()
        name_col = next((c for c in ("full_name", "name", "ho_ten") if c in staff.columns), None)
        if name_col is not None:
            names = dict(
                zip(ids, staff.loc[staff["staff_id"].notna(), name_col].astype(str), strict=True)
            )
    who = pd.Categorical(customers["staff_id"])  # one str() per distinct id, not per row
    found = [str(v) for v in who.categories]
    ids += sorted(set(found) - set(ids))
    unassigned = tr("(chưa phân công)", "(unassigned)")
    codes = np.asarray(who.codes, dtype=np.int64)
    if (codes < 0).any():
        ids.append(unassigned)
    position = {name: i for i, name in enumerate(ids)}
    lookup = np.array([position[v] for v in found] + [position.get(unassigned, -1)], dtype=np.int64)
    groups = pd.Categorical.from_codes(lookup[codes], categories=pd.Index(ids, dtype=object))
    leads = pd.Series(groups).value_counts(sort=False).reindex(ids).to_numpy()
    converted = (
        (orders > 0).astype("int64").groupby(groups, observed=False).sum().reindex(ids).to_numpy()
    )
    revenue = spend.groupby(groups, observed=False).sum().reindex(ids).to_numpy()
    data: dict[str, object] = {}
    if names is not None:
        data["name"] = [names.get(i, "") for i in ids]
    data |= {
        "leads": leads,
        "converted": converted,
        "conversion": _share(converted, leads),
        "revenue": revenue,
        "revenue_per_lead": _share(revenue, leads),
    }
    index = pd.Index(ids, dtype=object, name=tr(*_INDEX_NAMES["staff"]))
    return _frame(index, data, "staff_performance")


# -- 7. the lead-filtering call campaign -----------------------------------------------------------
#: The campaign's tunable probabilities: default, range and step (read by widgets).
CALL_PARAMS: dict[str, Param] = {
    "reach": Param(
        "reach", 0.6, "Tỷ lệ nghe máy", "Share who pick up", 0.0, 1.0, 0.05, kind="share"
    ),
    "verify": Param(
        "verify",
        0.9,
        "Tỷ lệ xác minh đúng người",
        "Share whose identity is confirmed",
        0.0,
        1.0,
        0.05,
        kind="share",
    ),
    "remind": Param(
        "remind",
        0.8,
        "Tỷ lệ nghe hết lời nhắc dịch vụ",
        "Share who listen to the service reminder",
        0.0,
        1.0,
        0.05,
        kind="share",
    ),
    "interested": Param(
        "interested",
        0.3,
        "Tỷ lệ có nhu cầu",
        "Share who are interested",
        0.0,
        1.0,
        0.05,
        kind="share",
    ),
}
_CALL_STEPS = (
    (None, "Danh sách gọi", "Call list"),
    ("reach", "Nghe máy", "Picked up"),
    ("verify", "Xác minh đúng người", "Identity verified"),
    ("remind", "Nghe nhắc lại dịch vụ đã đăng ký", "Reminded of the service"),
    ("interested", "Có nhu cầu → chuyển telesale", "Interested → handed to telesales"),
)


class CallCampaign(NamedTuple):
    """The result of :func:`call_campaign`: ``funnel`` (the table) and ``telesales`` (the ids of
    the warm leads handed to telesales). Unpacks as ``table, ids = call_campaign(...)``."""

    funnel: pd.DataFrame
    telesales: pd.Series

    def _repr_html_(self) -> str:
        n = len(self.telesales)
        head = tr(
            f"<b>{n:,} lead nóng chuyển cho telesale</b>".replace(",", "."),
            f"<b>{n:,} warm leads handed to telesales</b>",
        )
        return head + self.funnel.to_html()


def call_campaign(
    customers: pd.DataFrame,
    reach: float = CALL_PARAMS["reach"].default,
    verify: float = CALL_PARAMS["verify"].default,
    remind: float = CALL_PARAMS["remind"].default,
    interested: float = CALL_PARAMS["interested"].default,
    seed: int = 0,
) -> CallCampaign:
    """Chiến dịch gọi lọc lead — simulate the lead-filtering calls of article 001.

    Each person on the list is called: they pick up (``reach``), the caller confirms it is the
    right person (``verify``), reminds them of the service they signed up for (``remind``) and asks
    whether they need it (``interested``); the warm leads go to telesales. Each step keeps a
    person with its probability, given they passed the previous steps.

    Parameters
    ----------
    customers : the call list (one row per person; ids from ``customer_id`` when present, else the index).
    reach, verify, remind, interested : step probabilities, each 0 … 1 (see :data:`CALL_PARAMS`).
    seed : random seed (a whole number ≥ 0); the same list, probabilities and seed give the same result.

    Returns
    -------
    CallCampaign(funnel, telesales): ``funnel`` has one row per step — số người (people who got
    this far), tỷ lệ qua bước, so với đầu phễu, xác suất bước, kỳ vọng (expected people) —
    and ``telesales`` the ids of the warm leads, in list order.

    Examples
    --------
    >>> table, ids = phanloai.call_campaign(spa.customers, reach=0.5, seed=1)
    """
    func = "call_campaign"
    customers = _check_table(func, customers)
    given = {"reach": reach, "verify": verify, "remind": remind, "interested": interested}
    p = {k: _number(func, k, v, CALL_PARAMS[k].lo, CALL_PARAMS[k].hi) for k, v in given.items()}
    seed = _number(func, "seed", seed, 0, 2**32 - 1, integer=True)
    n = len(customers)
    probs = np.array([p[k] for k, _, _ in _CALL_STEPS[1:]])
    rng = np.random.default_rng(seed)
    # One draw per person and step: raising a probability never loses anyone who passed before.
    passed = np.logical_and.accumulate(rng.random((n, len(probs))) < probs, axis=1)
    people = np.concatenate([[n], passed.sum(axis=0)]).astype("int64")
    expected = n * np.concatenate([[1.0], np.cumprod(probs)])
    ids = (
        customers["customer_id"]
        if "customer_id" in customers.columns
        else customers.index.to_series()
    )
    warm = passed[:, -1] if n else np.zeros(0, dtype=bool)
    telesales = pd.Series(
        np.asarray(ids)[warm],
        name="customer_id" if "customer_id" in customers.columns else ids.name,
    )
    index = pd.Index([tr(vi, en) for _, vi, en in _CALL_STEPS], name=tr(*_INDEX_NAMES["step"]))
    data = {
        "people": people,
        "step_rate": np.concatenate([[np.nan], _share(people[1:], people[:-1])]),
        "of_top": _share(people, n),
        "probability": np.concatenate([[np.nan], probs]),
        "expected": expected,
    }
    table = _frame(index, data, "call_campaign", {"params": p | {"seed": seed}})
    return CallCampaign(table, telesales)
