"""Sales reports of article 000: where the money flows from, and each salesperson's leads."""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError
from ..schemes.base import UNKNOWN_CODE
from ..schemes.inputs import Who, check_unique, rows_text
from ..schemes.registry import classify
from ._base import (
    check_table,
    columns_list,
    dimension,
    frame,
    missing_column,
    orders,
    share,
    spend,
    sums,
)

__all__ = ["revenue_by_source", "staff_performance"]

#: The row of customers with no salesperson (words in :func:`phanloai.show`).
UNASSIGNED = "unassigned"


_WHOLE_TEXT = re.compile(r"[+-]?\d+\.0*")


def _id_text(u) -> str | None:
    """One id as text: a whole number without ``.0`` (1, 1.0, ``"1"``, ``"1.0"`` and
    ``Decimal("1")`` are all ``"1"``); text stripped of spaces; blank text is no id."""
    if isinstance(u, bool | np.bool_):
        return str(u)
    if isinstance(u, numbers.Integral):
        return str(int(u))
    if isinstance(u, numbers.Real | Decimal):
        number = float(u)
        return str(int(number)) if number.is_integer() else str(u)
    text = str(u).strip()
    if not text:
        return None
    if _WHOLE_TEXT.fullmatch(text):
        return str(int(float(text)))
    return text


def _id_texts(ids: pd.Series) -> pd.Series:
    """Ids as text, the same however they were read (a staff id read as 1.0 from a spreadsheet,
    as 1 from a database or as ``"1"`` from a CSV is ``"1"``; ``"NV01"`` stays ``"NV01"``), worked
    out once per distinct id; blanks stay blank."""
    codes, uniques = pd.factorize(ids, use_na_sentinel=True)
    texts = [_id_text(u) for u in np.asarray(uniques, dtype=object)]
    table = np.array([*texts, None], dtype=object)
    return pd.Series(table[np.where(codes < 0, len(texts), codes)], index=ids.index, dtype=object)


# -- revenue by source -----------------------------------------------------------------------------
def revenue_by_source(customers: pd.DataFrame, source="source") -> pd.DataFrame:
    """Nguồn tiền chảy về từ đâu — leads, buyers and revenue per lead source (article 000).

    Parameters
    ----------
    customers : the customer table, with ``n_orders`` and ``total_spend``.
    source : by default the ``source`` column read through the ``source`` scheme (channels
        named the same way in every CRM export, in both languages); or labels from
        ``phanloai.classify``; or a column name / Series to group by its raw values.

    Returns
    -------
    DataFrame indexed by source (level codes), most revenue first (``unknown`` last; channels
    with no lead are left out):
    ``leads``, ``lead_share``, ``buyers``, ``conversion``, ``revenue``, ``revenue_share``,
    ``revenue_per_lead``. A channel that brings many leads but little money shows a lead share far
    above its revenue share.

    Examples
    --------
    >>> import phanloai
    >>> spa = phanloai.load("spa")
    >>> table = phanloai.revenue_by_source(spa.customers)
    >>> int(table["leads"].sum())
    4800
    >>> bool(table["revenue"].iloc[0] >= table["revenue"].iloc[1])
    True
    """
    func = "revenue_by_source"
    customers = check_table(func, customers)
    if isinstance(source, str) and source not in customers.columns:
        raise missing_column(
            func,
            customers,
            source,
            "nguồn khách hàng: kênh đầu tiên khách biết tới doanh nghiệp",
            "lead source: the first channel through which the customer came",
        )
    money = spend(func, customers)
    n = orders(func, customers)
    if isinstance(source, str) and source == "source":
        source = classify(customers, "source")
    dim = dimension(func, source, customers, arg="source")
    leads = dim.values.value_counts(sort=False).reindex(dim.levels).to_numpy()
    buyers = sums((n > 0).astype("int64"), dim.values).reindex(dim.levels).to_numpy()
    revenue = sums(money, dim.values).reindex(dim.levels).to_numpy()
    # channels nobody came through are left out (a scheme declares more channels than a business uses)
    known = [i for i, c in enumerate(dim.levels) if c != UNKNOWN_CODE and leads[i] > 0]
    order = sorted(
        known, key=lambda i: (-float(revenue[i]) if pd.notna(revenue[i]) else math.inf, i)
    )
    order += [len(dim.levels) - 1] if dim.unknown and leads[-1] > 0 else []
    data = {
        "leads": leads[order],
        "lead_share": share(leads, leads.sum())[order],
        "buyers": buyers[order],
        "conversion": share(buyers, leads)[order],
        "revenue": revenue[order],
        "revenue_share": share(revenue, np.nansum(revenue.astype("float64")))[order],
        "revenue_per_lead": share(revenue, leads)[order],
    }
    return frame(dim.index([dim.levels[i] for i in order]), data, "revenue_by_source", [dim])


# -- staff performance -----------------------------------------------------------------------------
def staff_performance(customers: pd.DataFrame, staff: pd.DataFrame | None = None) -> pd.DataFrame:
    """Năng lực từng nhân viên — leads each salesperson handles and converts, and the revenue (000).

    Parameters
    ----------
    customers : the customer table, with ``staff_id``, ``n_orders`` and ``total_spend``.
    staff : optional staff table (``staff_id``, ``full_name``): adds each name, and lists staff
        who handled no lead.

    Returns
    -------
    DataFrame indexed by staff id (``staff``; staff-table order, then ids found only among the
    customers; customers with no salesperson as ``unassigned``): ``name`` (when ``staff`` is
    given), ``leads``, ``converted`` (leads with an order), ``conversion``, ``revenue``,
    ``revenue_per_lead``.

    Examples
    --------
    >>> import phanloai
    >>> spa = phanloai.load("spa")
    >>> table = phanloai.staff_performance(spa.customers, spa.staff)
    >>> len(table), int(table["leads"].sum())
    (6, 4800)
    """
    func = "staff_performance"
    customers = check_table(func, customers)
    if "staff_id" not in customers.columns:
        raise missing_column(
            func,
            customers,
            "staff_id",
            "nhân viên phụ trách mỗi khách",
            "the salesperson in charge",
        )
    n = orders(func, customers)
    money = spend(func, customers)
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
                f"{func}(): bảng nhân viên thiếu cột 'staff_id'. Các cột đang có: {columns_list(staff)}.",
                f"{func}(): the staff table has no column 'staff_id'. Its columns: {columns_list(staff)}.",
            )
        check_unique(staff, Who.func(func), ("bảng nhân viên", "the staff table"))
        staff_ids = _id_texts(staff["staff_id"])
        blank = staff_ids.isna()
        if blank.any():  # a salesperson with no id could never be matched: said, not dropped
            rows = rows_text(staff.index, blank.to_numpy())
            raise PhanloaiError(
                f"{func}(): bảng nhân viên có dòng thiếu mã nhân viên (staff_id): dòng {rows}.",
                f"{func}(): the staff table has rows without a staff id (staff_id): rows {rows}.",
            )
        dup = staff_ids.duplicated()
        if dup.any():
            shown = sorted(set(staff_ids[dup]))
            raise PhanloaiError(
                f"{func}(): bảng nhân viên có mã trùng: {shown} (dòng {rows_text(staff.index, dup.to_numpy())}).",
                f"{func}(): the staff table has duplicate ids: {shown} (rows {rows_text(staff.index, dup.to_numpy())}).",
            )
        ids = staff_ids.tolist()
        name_col = next((c for c in ("full_name", "name", "ho_ten") if c in staff.columns), None)
        if name_col is not None:
            names = dict(zip(ids, staff[name_col].astype(str), strict=True))
    who = pd.Categorical(_id_texts(customers["staff_id"]))
    found = [str(v) for v in who.categories]
    ids += sorted(set(found) - set(ids))
    codes = np.asarray(who.codes, dtype=np.int64)
    if (codes < 0).any():
        ids.append(UNASSIGNED)
    position = {name: i for i, name in enumerate(ids)}
    lookup = np.array([position[v] for v in found] + [position.get(UNASSIGNED, -1)], dtype=np.int64)
    groups = pd.Categorical.from_codes(lookup[codes], categories=pd.Index(ids, dtype=object))
    leads = pd.Series(groups).value_counts(sort=False).reindex(ids).to_numpy()
    converted = (
        (n > 0).astype("int64").groupby(groups, observed=False).sum().reindex(ids).to_numpy()
    )
    revenue = money.groupby(groups, observed=False).sum().reindex(ids).to_numpy()
    data: dict[str, object] = {}
    if names is not None:
        data["name"] = [names.get(i, "") for i in ids]
    data |= {
        "leads": leads,
        "converted": converted,
        "conversion": share(converted, leads),
        "revenue": revenue,
        "revenue_per_lead": share(revenue, leads),
    }
    return frame(
        pd.Index(ids, dtype=object, name="staff"),
        data,
        "staff_performance",
        [],
        {"words": {UNASSIGNED: ("(chưa phân công)", "(unassigned)")}},
    )
