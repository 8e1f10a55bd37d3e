"""The funnel of a staged classification: customers at or beyond each stage (article 000's
pipeline, article 003's journeys, article 004's ladder)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError
from ..schemes.base import UNKNOWN_CODE, MapScheme, fold
from ..schemes.result import level_lookup
from ._base import Dimension, dimension, frame, share

__all__ = ["funnel"]

#: Kinds of funnel row (stable codes) and their words.
KINDS = {
    "stage": ("bậc", "stage"),
    "exit": ("rời phễu", "exit"),
    "unknown": ("không xác định", "unknown"),
}


def _to_codes(dim: Dimension, values) -> list:
    """Level codes from codes or names in either language (or, for a text scheme, any synonym)."""
    if dim.info is not None:
        lookup = {k: dim.info.codes[i] for k, i in level_lookup(dim.info.levels).items()}
    else:
        lookup = {fold(v): v for v in dim.levels}
    out = []
    for v in values:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out.append(None)
            continue
        code = lookup.get(fold(v))
        if code is None and dim.info is not None and isinstance(dim.info.scheme, MapScheme):
            s, p = dim.info.scheme, dim.info.params
            one = pd.DataFrame({s.column_for(p): [v]})
            code = dim.info.codes[int(s.assign(s.check_table(one, p), p)[0][0])]
            code = None if code == UNKNOWN_CODE else code
        out.append(code)
    return out


def funnel(
    labels, *, exits: Sequence[str] | None = None, furthest: pd.Series | None = None
) -> pd.DataFrame:
    """Phễu — customers at or beyond each stage of a staged classification, and each step's conversion.

    Works for schemes whose levels are stages of one road (``relationship``, ``ladder``,
    ``journey_4a``, ``journey_5a``, ``service_level``…), and for any ordered categorical Series.
    A classification that is not staged (RFM, source…) is refused with a clear message.

    Parameters
    ----------
    labels : what ``phanloai.classify`` returned for a staged scheme (also after being stored as
        a column), or an ordered categorical.
    exits : levels that leave the road rather than stand on it — "Không mua (Lost)" is not beyond
        "Đã mua (Won)". By default the levels the scheme declares as exits (none for an ordered
        categorical of your own: name them here, as codes or names).
    furthest : optional, for customers at an exit: the last road stage they reached (a Series
        aligned with ``labels``, e.g. from the pipeline history; codes, names or — for a text
        scheme — any text the scheme recognises). Without it, a customer who left counts only at
        the top of the funnel.

    Returns
    -------
    DataFrame indexed by level code: ``kind`` (``stage`` / ``exit`` / ``unknown``), ``at_stage``
    (customers whose level it is), ``reached`` (at or beyond: everyone who got this far),
    ``step_rate`` (reached ÷ the previous stage's), ``of_top`` (÷ the top). Exit rows give their
    count and their share of the top; the ``unknown`` row only its count.

    Examples
    --------
    >>> import phanloai
    >>> spa = phanloai.load("spa")
    >>> table = phanloai.funnel(phanloai.classify(spa.customers, "service_level"))
    >>> table.index.tolist()
    ['none', 'first', 'repeat', 'loyal', 'unknown']
    >>> int(table.loc["none", "reached"])
    4800
    """
    func = "funnel"
    dim = dimension(func, labels)
    if dim.info is not None and not dim.info.scheme.staged:
        s = dim.info.scheme
        raise PhanloaiError(
            f"{func}(): cách phân loại '{s.code}' ({s.title_vi}) không gồm các bậc nối tiếp nhau nên không vẽ phễu "
            "được; dùng profile() hoặc một cách phân loại theo bậc (relationship, ladder, journey_4a, journey_5a).",
            f"{func}(): scheme '{s.code}' ({s.title_en}) has no stages one after another, so it makes no funnel; "
            "use profile() or a staged scheme (relationship, ladder, journey_4a, journey_5a).",
        )
    if dim.info is None and not dim.ordered:
        raise PhanloaiError(
            f"{func}(): nhãn không có thứ tự bậc; cần kết quả của một cách phân loại theo bậc hoặc một cột "
            "categorical có thứ tự (ordered=True).",
            f"{func}(): the labels have no order of stages; pass labels of a staged scheme or an ordered categorical.",
        )
    names = [c for c in dim.levels if c != UNKNOWN_CODE]
    if exits is None:
        exit_set = set(dim.info.scheme.exits) & set(names) if dim.info is not None else set()
    else:
        given = [exits] if isinstance(exits, str) else list(exits)
        codes = _to_codes(dim, given)
        wrong = [g for g, c in zip(given, codes, strict=True) if c is None or c not in names]
        if wrong:
            raise PhanloaiError(
                f"{func}(): exits có cấp không tồn tại: {wrong}; các cấp: {names}.",
                f"{func}(): exits names levels that do not exist: {wrong}; the levels: {names}.",
            )
        exit_set = set(codes)
    road = [n for n in names if n not in exit_set]
    if not road:
        raise PhanloaiError(
            f"{func}(): mọi cấp đều là lối ra (exits); phễu cần ít nhất một bậc.",
            f"{func}(): every level is an exit; a funnel needs at least one stage.",
        )
    counts = dim.values.value_counts(sort=False).reindex(dim.levels).to_numpy()
    count = dict(zip(dim.levels, counts.tolist(), strict=True))
    on_road = np.array([count[n] for n in road], dtype="int64")
    reached = np.cumsum(on_road[::-1])[::-1].copy()  # at or beyond each stage
    is_exit = dim.values.isin(sorted(exit_set)).to_numpy()
    n_exit = int(is_exit.sum())
    if furthest is not None and n_exit:
        if (
            not isinstance(furthest, pd.Series)
            or len(furthest) != len(dim.values)
            or not furthest.index.isin(dim.values.index).all()
        ):
            raise PhanloaiError(
                f"{func}(): furthest cần là một Series cùng độ dài và chỉ mục với nhãn (mỗi khách một giá trị).",
                f"{func}(): furthest must be a Series with the same length and index as the labels (one per customer).",
            )
        far = furthest.reindex(dim.values.index).astype(object).to_numpy()[is_exit]
        distinct = list(dict.fromkeys(v for v in far if not pd.isna(v)))
        as_code = dict(zip(distinct, _to_codes(dim, distinct), strict=True))
        stage_pos = {n: i for i, n in enumerate(road)}
        wrong = sorted({str(v) for v in distinct if as_code[v] not in stage_pos})
        if wrong:
            raise PhanloaiError(
                f"{func}(): furthest có giá trị không phải bậc nào của phễu: {wrong[:5]}; các bậc: {road}.",
                f"{func}(): furthest holds values that are no stage of the funnel: {wrong[:5]}; the stages: {road}.",
            )
        pos = np.array([0 if pd.isna(v) else stage_pos[as_code[v]] for v in far], dtype="int64")
        reached += np.bincount(pos, minlength=len(road))[::-1].cumsum()[::-1]
    else:
        reached[0] += n_exit
    top = float(reached[0])
    step = np.concatenate([[np.nan], share(reached[1:], reached[:-1])])
    of_top = share(reached, top)
    exit_rows = [n for n in names if n in exit_set]
    rows = [*road, *exit_rows] + ([UNKNOWN_CODE] if dim.unknown else [])
    n_road = len(road)
    data = {
        "kind": ["stage"] * n_road
        + ["exit"] * len(exit_rows)
        + (["unknown"] if dim.unknown else []),
        "at_stage": np.array([count[n] for n in rows], dtype="int64"),
        "reached": pd.array(reached.tolist() + [pd.NA] * (len(rows) - n_road), dtype="Int64"),
        "step_rate": np.concatenate([step, np.full(len(rows) - n_road, np.nan)]),
        "of_top": np.concatenate(
            [
                of_top,
                share([count[n] for n in exit_rows], top),
                [np.nan] * (1 if dim.unknown else 0),
            ]
        ),
    }
    extra = {"road": road, "exits": exit_rows, "value_words": {"kind": KINDS}}
    return frame(dim.index(rows), data, "funnel", [dim], extra)
