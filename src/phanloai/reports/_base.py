"""What every report shares: checks at the door, the dimension a report groups by, and the frame
it returns (stable keys for columns, level codes for rows)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError
from ..schemes.base import UNKNOWN_CODE
from ..schemes.inputs import Who, check_unique
from ..schemes.inputs import number_column as read_numbers
from ..schemes.result import LevelDtype, LevelInfo, describe


# -- checks at the door ------------------------------------------------------------------------------
def check_table(func: str, customers) -> pd.DataFrame:
    """The customer table, if it is a DataFrame whose column names are each used once (the same
    door as :func:`phanloai.classify`: :mod:`phanloai.schemes.inputs`)."""
    if not isinstance(customers, pd.DataFrame):
        raise PhanloaiError(
            f"{func}(): cần bảng khách hàng là một pandas DataFrame, nhận được {type(customers).__name__}.",
            f"{func}(): the customer table must be a pandas DataFrame, got {type(customers).__name__}.",
        )
    check_unique(customers, Who.func(func), ("bảng khách hàng", "the customer table"))
    return customers


def columns_list(table: pd.DataFrame) -> str:
    names = ", ".join(map(str, table.columns[:12]))
    return names + (" …" if table.shape[1] > 12 else "")


def missing_column(
    func: str, table: pd.DataFrame, column: str, why_vi: str, why_en: str
) -> PhanloaiError:
    return PhanloaiError(
        f"{func}(): bảng khách hàng thiếu cột '{column}' ({why_vi}). Các cột đang có: {columns_list(table)}.",
        f"{func}(): the customer table has no column '{column}' ({why_en}). Its columns: {columns_list(table)}.",
    )


def rows_text(bad: pd.Series, limit: int = 5) -> str:
    rows = list(bad.index[bad.to_numpy(dtype=bool)][:limit])
    return ", ".join(map(str, rows)) + (" …" if int(bad.sum()) > limit else "")


def numeric(
    func: str, table: pd.DataFrame, column: str, why_vi: str, why_en: str, kind: str = "number"
) -> pd.Series:
    """The column as numbers, read through the same door as :func:`phanloai.classify`
    (:mod:`phanloai.schemes.inputs`): nullable and Arrow numbers, numbers written the Vietnamese
    way (``1.250.000 ₫``); a date, true/false or unreadable text is a bilingual error naming the
    column and rows; an impossible value for ``kind`` (a negative amount, ``inf``) is read as
    not known (blank), as the customer is Unknown in a classification. The table is not changed."""
    if column not in table.columns:
        raise missing_column(func, table, column, why_vi, why_en)
    return read_numbers(table, column, kind, Who.func(func))


def spend(func: str, table: pd.DataFrame) -> pd.Series:
    return numeric(
        func,
        table,
        "total_spend",
        "tổng chi tiêu của mỗi khách, đồng",
        "each customer's total spend, VND",
        "money",
    )


def orders(func: str, table: pd.DataFrame) -> pd.Series:
    return numeric(
        func,
        table,
        "n_orders",
        "số đơn hàng của mỗi khách",
        "each customer's number of orders",
        "count",
    )


def choice(func: str, name: str, value, choices: Mapping[str, tuple[str, str]]):
    if not isinstance(value, str) or value not in choices:
        listed_vi = "; ".join(f"'{k}' = {vi}" for k, (vi, _) in choices.items())
        listed_en = "; ".join(f"'{k}' = {en}" for k, (_, en) in choices.items())
        raise PhanloaiError(
            f"{func}(): {name} = {value!r} không hợp lệ; chọn một trong: {listed_vi}.",
            f"{func}(): {name} = {value!r} is not valid; choose one of: {listed_en}.",
        )
    return value


def number(func: str, name: str, value, lo: float, hi: float, integer: bool = False):
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


# -- the dimension a report groups by ----------------------------------------------------------------
@dataclass
class Dimension:
    """Labels checked and put in order: one category per customer (level codes for a
    classification, the values themselves for a plain column; blanks as ``"unknown"``)."""

    key: str  # the scheme's code or the column's name: the index name of a report
    values: pd.Series  # categorical, categories = ``levels``
    levels: list  # declared order, "unknown" last when present
    info: LevelInfo | None = None  # the classification behind the labels, if any
    ordered: bool = False  # the levels are stages of a road (staged scheme or ordered categorical)

    @property
    def unknown(self) -> bool:
        return bool(self.levels) and self.levels[-1] == UNKNOWN_CODE

    def dtype(self) -> pd.CategoricalDtype:
        if self.info is not None and self.info.exact and self.levels == self.info.codes:
            return LevelDtype(self.levels, True, self.info.scheme, self.info.params)
        return pd.CategoricalDtype(pd.Index(self.levels, dtype=object), ordered=True)

    def index(self, order: Sequence | None = None) -> pd.CategoricalIndex:
        rows = self.levels if order is None else list(order)
        return pd.CategoricalIndex(rows, dtype=self.dtype(), name=self.key)

    def attrs(self) -> dict:
        info = self.info
        return {
            "key": self.key,
            "scheme": info.scheme.code if info else None,
            "params": dict(info.params) if info else {},
            "levels": list(self.levels),
        }


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
        f"{func}(): nhãn '{arg}' không khớp với bảng khách hàng ({len(labels)} nhãn, {len(customers)} dòng, "
        "chỉ mục khác nhau). Hãy phân loại đúng bảng này: phanloai.classify(bảng, …).",
        f"{func}(): the labels '{arg}' do not match the customer table ({len(labels)} labels, "
        f"{len(customers)} rows, different index). Classify this very table: phanloai.classify(table, …).",
    )


def dimension(
    func: str, labels, customers: pd.DataFrame | None = None, arg: str = "labels"
) -> Dimension:
    """Check the labels and put them in order: a classification keeps its declared levels (every
    one, even if empty); a plain column keeps its categories or its sorted values."""
    key = None
    if isinstance(labels, str) and customers is not None:
        check_unique(customers, Who.func(func), ("bảng khách hàng", "the customer table"))
        if labels not in customers.columns:
            raise missing_column(
                func, customers, labels, "cột dùng làm nhãn phân loại", "the column used as labels"
            )
        key = labels
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
    info = describe(labels)
    if info is not None:
        cat = labels.array
        return Dimension(
            key or info.scheme.code,
            pd.Series(cat, index=labels.index),
            info.codes,
            info,
            ordered=info.scheme.staged,
        )
    if key is None:
        key = str(labels.name) if labels.name is not None else "level"
    if pd.api.types.is_bool_dtype(labels):
        cat = pd.Categorical(labels.astype("boolean"), categories=[True, False])
        ordered = False
    elif isinstance(labels.dtype, pd.CategoricalDtype):
        cat, ordered = labels.array, bool(labels.cat.ordered)
    else:
        present = pd.unique(labels.dropna())
        try:
            present = sorted(present)
        except TypeError:
            present = sorted(present, key=str)
        cat, ordered = pd.Categorical(labels, categories=present), False
    levels = list(cat.categories)
    codes = np.asarray(cat.codes, dtype=np.int64)
    if UNKNOWN_CODE in levels and levels[-1] != UNKNOWN_CODE:  # "unknown" always last
        pos = levels.index(UNKNOWN_CODE)
        order = [i for i in range(len(levels)) if i != pos] + [pos]
        remap = np.empty(len(levels), dtype=np.int64)
        remap[order] = np.arange(len(levels))
        codes = np.where(codes < 0, -1, remap[np.maximum(codes, 0)])
        levels = [levels[i] for i in order]
    if (codes < 0).any():
        if UNKNOWN_CODE not in levels:
            levels.append(UNKNOWN_CODE)
        codes = np.where(codes < 0, len(levels) - 1, codes)
    values = pd.Categorical.from_codes(
        codes, categories=pd.Index(levels, dtype=object), ordered=True
    )
    return Dimension(key, pd.Series(values, index=labels.index), levels, None, ordered)


# -- the frame a report returns ----------------------------------------------------------------------
def stamp(
    df: pd.DataFrame, report: str, dims: Sequence[Dimension], extra: Mapping | None = None
) -> pd.DataFrame:
    """Say in ``df.attrs`` what a report table is: which report, the dimensions it groups by,
    and the report's own settings (and the words of its codes, for the edge)."""
    df.attrs = {"report": report, "dims": [d.attrs() for d in dims], **(extra or {})}
    return df


def frame(
    index: pd.Index,
    data: dict[str, object],
    report: str,
    dims: Sequence[Dimension],
    extra: Mapping | None = None,
) -> pd.DataFrame:
    """A report table: columns by stable key (``revenue``), rows by level code."""
    return stamp(pd.DataFrame(dict(data), index=index), report, dims, extra)


def share(part, whole):
    part = np.asarray(part, dtype="float64")
    whole = np.asarray(whole, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, part / np.where(whole > 0, whole, 1.0), np.nan)


def sums(values: pd.Series, groups: pd.Series) -> pd.Series:
    return values.groupby(groups, observed=False, sort=True).sum()
