"""Lịch sử phễu bán hàng — what the pipeline history says about each lead (article 000).

A CRM keeps two things about a lead: its stage *now* (``customers["stage"]``) and the history of
every stage it entered (the ``pipeline`` table: ``customer_id``, ``stage``, ``entered_at``). A lead
that ended "Không mua" (lost) has only that word now; the history still knows how far it got
before it left. :func:`furthest_stage` reads it, so that :func:`phanloai.funnel` can count a lost
lead at every stage it really passed::

    quan_he = phanloai.classify(spa.customers, "relationship")
    xa_nhat = furthest_stage(spa.pipeline, spa.customers)
    phanloai.funnel(quan_he, furthest=xa_nhat)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError
from ..schemes.base import UNKNOWN_CODE
from ..schemes.registry import SCHEMES, classify
from ._base import columns_list
from .sales import _id_texts

__all__ = ["furthest_stage"]


def _ids(func: str, table: pd.DataFrame, what_vi: str, what_en: str) -> pd.Series:
    """The ``customer_id`` of every row (a column, or an index of that name) as text."""
    if "customer_id" in table.columns:
        ids = table["customer_id"]
    elif table.index.name == "customer_id":
        ids = table.index.to_series(index=table.index)
    else:
        raise PhanloaiError(
            f"{func}(): {what_vi} thiếu cột 'customer_id' (mã khách, để nối lịch sử với khách). "
            f"Các cột đang có: {columns_list(table)}.",
            f"{func}(): {what_en} has no column 'customer_id' (the customer's id, to join the history to "
            f"the customers). Its columns: {columns_list(table)}.",
        )
    return _id_texts(ids)


def furthest_stage(pipeline: pd.DataFrame, customers: pd.DataFrame) -> pd.Series:
    """Bậc xa nhất — the furthest stage of the sales road each lead reached, from the pipeline history.

    "Furthest" follows the order of the ``relationship`` scheme's stages (Mới có thông tin → Đã
    liên hệ → Đang tư vấn → Đã báo giá / hẹn → Đã mua), not the dates: a lead that went back from
    "Đang tư vấn" to "Đã liên hệ" still got as far as "Đang tư vấn". Exits ("Không mua") and stages
    the scheme does not recognise are not stages of the road and are passed over, so for a lead that
    ended lost this is the last stage it stood on before it left.

    Parameters
    ----------
    pipeline : the history table, one row per stage a lead entered: ``customer_id`` and ``stage``
        (the CRM's words, in Vietnamese or English; ``entered_at`` may be there but is not needed).
    customers : the customer table (``customer_id`` as a column or as the index's name).

    Returns
    -------
    Series aligned with ``customers.index`` (name ``furthest_stage``): the stage as the history
    writes it (e.g. ``"Đã hẹn lịch"``), blank for a lead with no recognised stage in the history.
    Pass it to ``phanloai.funnel(labels, furthest=...)``.

    Examples
    --------
    >>> import phanloai
    >>> spa = phanloai.load("spa")
    >>> far = furthest_stage(spa.pipeline, spa.customers)
    >>> far.index.equals(spa.customers.index)
    True
    >>> lab = phanloai.classify(spa.customers, "relationship")
    >>> naive = phanloai.funnel(lab)
    >>> true = phanloai.funnel(lab, furthest=far)
    >>> bool(true.loc["contacted", "of_top"] > 3 * naive.loc["contacted", "of_top"])
    True
    """
    func = "furthest_stage"
    for name, table, vi, en in (
        ("pipeline", pipeline, "bảng lịch sử giai đoạn (pipeline)", "the pipeline history"),
        ("customers", customers, "bảng khách hàng", "the customer table"),
    ):
        if not isinstance(table, pd.DataFrame):
            raise PhanloaiError(
                f"{func}(): {vi} ({name}) cần là một pandas DataFrame, nhận được {type(table).__name__}.",
                f"{func}(): {en} ({name}) must be a pandas DataFrame, got {type(table).__name__}.",
            )
    if "stage" not in pipeline.columns:
        raise PhanloaiError(
            f"{func}(): bảng lịch sử giai đoạn thiếu cột 'stage' (giai đoạn lead bước vào). "
            f"Các cột đang có: {columns_list(pipeline)}.",
            f"{func}(): the pipeline history has no column 'stage' (the stage a lead entered). "
            f"Its columns: {columns_list(pipeline)}.",
        )
    history_ids = _ids(func, pipeline, "bảng lịch sử giai đoạn", "the pipeline history")
    customer_ids = _ids(func, customers, "bảng khách hàng", "the customer table")

    scheme = SCHEMES["relationship"]
    history = pipeline[["stage"]].reset_index(drop=True)
    codes = classify(history, scheme)
    road = [c for c in codes.cat.categories if c not in scheme.exits and c != UNKNOWN_CODE]
    position = codes.map({c: i for i, c in enumerate(road)}).astype("float64").to_numpy()
    on_road = ~np.isnan(position) & history_ids.notna().to_numpy()
    found = pd.DataFrame(
        {
            "id": history_ids.to_numpy()[on_road],
            "position": position[on_road],
            "stage": history["stage"].astype(object).to_numpy()[on_road],
        }
    )
    best = (
        found.sort_values("position", ascending=False, kind="stable")
        .drop_duplicates("id")
        .set_index("id")["stage"]
    )
    values = customer_ids.map(best).to_numpy(dtype=object)
    return pd.Series(values, index=customers.index, dtype=object, name="furthest_stage")
