"""RFM: recency, frequency and monetary scores, and the named segments they make.

Standard practice in retail and e-commerce; it turns article 001's "behavioural" idea (what the
customer did) into three numbers anyone can check:

* **R** (recency) from ``recency_days`` — fewer days since the last order is better;
* **F** (frequency) from ``n_orders``;
* **M** (monetary) from ``total_spend``.

Each score runs from 1 (worst) to ``k`` (best). Two ways to get it:

``method="quantile"`` (default)
    Relative to the other buyers in the table, with ``bins`` = k (3, 4 or 5) steps:
    ``score = 1 + ⌊k × (share of buyers with a strictly worse value)⌋``. This is a rank-based
    percentile, so equal values always get equal scores and the lowest value always scores 1;
    it never fails on the "duplicate bin edges" that make ``pd.qcut`` crash when, say, half of
    the buyers have exactly one order. The price of honesty: when many buyers share a value
    some scores stay empty (one-order buyers all get F = 1, two-order buyers jump to F = 3…).
``method="fixed"``
    Four cut points per dimension that the user chooses (they must increase), so five scores:
    R = 5 when ``recency_days ≤ r_days_1``, 4 when ≤ ``r_days_2``, … 1 beyond ``r_days_4``;
    F = 1 + how many of ``f_orders_1..4`` the order count reaches; M likewise with
    ``m_spend_1..4``. The scores then mean the same thing in every table and every month.

The segment is read from a 5 × 5 grid of R against FM = ⌊(F + M) / 2⌋ (see
:func:`rfm_segment_grid`): every cell of the R × F × M cube maps to exactly one of eleven named
segments, with no gap and no overlap. With 3 or 4 steps, scores are first placed on the 5-step
scale (3 steps → 1, 3, 5; 4 steps → 1, 2, 4, 5). Contacts with no order get their own level,
"Chưa mua hàng"; a buyer whose ``recency_days`` or ``total_spend`` is missing, or anyone whose
``n_orders`` is missing, goes to "Không xác định / Unknown".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, tr
from .base import (
    UNKNOWN_CODE,
    Column,
    Increasing,
    Level,
    Param,
    Reason,
    Scheme,
    format_value,
    missing_text,
)
from .registry import get_scheme, register

__all__ = [
    "RFM",
    "SEGMENT_GRID",
    "read_segment_map",
    "rfm_scores",
    "rfm_segment_grid",
    "rfm_segments",
    "segment_code",
]

# -- the levels -------------------------------------------------------------------------------------
_LEVELS = (
    Level(
        "champions",
        "Khách hàng xuất sắc (Champions)",
        "Champions",
        "Mua gần đây, mua nhiều lần và chi tiêu nhiều nhất",
        "Bought recently, buy often and spend the most",
        "Tri ân riêng, mời dùng thử sản phẩm mới trước, nhờ giới thiệu bạn bè",
        "Thank them personally, give early access to new products, ask for referrals",
    ),
    Level(
        "loyal",
        "Trung thành (Loyal)",
        "Loyal",
        "Mua đều đặn, chi tiêu khá và vẫn còn quay lại",
        "Buy regularly, spend well and still come back",
        "Ưu đãi hạng thành viên, gợi ý sản phẩm giá trị cao hơn",
        "Member-tier perks; suggest higher-value products",
    ),
    Level(
        "potential",
        "Tiềm năng trung thành (Potential loyalist)",
        "Potential loyalist",
        "Mua gần đây, số đơn và mức chi tiêu ở mức vừa",
        "Bought recently, with a moderate number of orders and spend",
        "Mời vào chương trình thành viên, gợi ý sản phẩm mua kèm",
        "Invite them into the loyalty programme; recommend matching products",
    ),
    Level(
        "new",
        "Khách mới (New)",
        "New",
        "Vừa mua rất gần đây nhưng mới ít đơn, giá trị nhỏ",
        "Bought very recently, but few and small orders so far",
        "Chào mừng, hướng dẫn dùng sản phẩm, ưu đãi cho lần mua thứ hai",
        "Welcome them, help them use the product, offer a deal on the second purchase",
    ),
    Level(
        "promising",
        "Triển vọng (Promising)",
        "Promising",
        "Mua khá gần đây nhưng ít đơn và chi tiêu thấp",
        "Bought fairly recently, but few orders and low spend",
        "Kể câu chuyện thương hiệu, tặng ưu đãi nhỏ để quay lại sớm",
        "Tell the brand story; give a small incentive to come back soon",
    ),
    Level(
        "need_attention",
        "Cần quan tâm (Need attention)",
        "Need attention",
        "Các chỉ số đều ở mức giữa và đã bắt đầu lâu chưa quay lại",
        "Middling on every score and starting to stay away",
        "Gửi ưu đãi có hạn dùng dựa trên những gì họ từng mua",
        "Send a time-limited offer based on what they bought before",
    ),
    Level(
        "about_to_sleep",
        "Sắp ngủ đông (About to sleep)",
        "About to sleep",
        "Đã khá lâu chưa mua, ít đơn và chi tiêu thấp",
        "Have not bought for a while; few orders, low spend",
        "Nhắc lại sản phẩm bán chạy, giảm giá nhẹ để giữ chân",
        "Remind them of best-sellers; a small discount to keep them",
    ),
    Level(
        "at_risk",
        "Có nguy cơ rời bỏ (At risk)",
        "At risk",
        "Từng mua nhiều và chi khá nhưng đã lâu không quay lại",
        "Used to buy often and spend well, but have not come back for long",
        "Nhắn tin hoặc gọi điện riêng, đưa ưu đãi mời quay lại",
        "Send a personal message or call; make a win-back offer",
    ),
    Level(
        "cant_lose",
        "Không được để mất (Can't lose)",
        "Can't lose",
        "Từng thuộc nhóm mua nhiều, chi nhiều nhất nhưng đã rất lâu không mua",
        "Were among the biggest, most frequent buyers but have not bought for a long time",
        "Người phụ trách gọi trực tiếp, hỏi lý do, đưa ưu đãi đặc biệt",
        "Have their account owner call, ask what went wrong, make a special offer",
    ),
    Level(
        "hibernating",
        "Ngủ đông (Hibernating)",
        "Hibernating",
        "Lâu không mua, ít đơn và chi tiêu thấp",
        "Long since the last order; few orders, low spend",
        "Chỉ gửi ưu đãi chung theo mùa, chi phí thấp",
        "Only low-cost seasonal offers",
    ),
    Level(
        "lost",
        "Đã mất (Lost)",
        "Lost",
        "Mua rất lâu rồi, ít và giá trị thấp",
        "Bought little, and long ago",
        "Thử một chiến dịch kéo lại chi phí thấp rồi thôi, không đầu tư thêm",
        "Try one cheap win-back campaign, then stop spending on them",
    ),
    Level(
        "never",
        "Chưa mua hàng",
        "Never bought",
        "Có thông tin liên hệ nhưng chưa có đơn hàng nào",
        "A contact with no order yet",
        "Nuôi dưỡng bằng nội dung hữu ích và ưu đãi mua lần đầu",
        "Nurture with useful content and a first-purchase offer",
    ),
)
_CODES = [lv.code for lv in _LEVELS]
_POS = {c: i for i, c in enumerate(_CODES)}
NEVER = _POS["never"]

#: Segment per cell: ``SEGMENT_GRID[R][FM]`` on the 5-step scale, FM = ⌊(F + M) / 2⌋.
SEGMENT_GRID: dict[int, tuple[str, str, str, str, str]] = {
    #     FM = 1            2                 3                 4            5
    5: ("new", "potential", "potential", "champions", "champions"),
    4: ("promising", "potential", "potential", "loyal", "champions"),
    3: ("about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"),
    2: ("hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"),
    1: ("lost", "hibernating", "at_risk", "at_risk", "cant_lose"),
}
# level position per (R5, FM5) cell, index 0 unused
_GRID_POS = np.full((6, 6), -1, dtype=np.int64)
for _r, _row in SEGMENT_GRID.items():
    for _fm, _code in enumerate(_row, start=1):
        _GRID_POS[_r, _fm] = _POS[_code]


def _to_five(k: int) -> np.ndarray:
    """Lookup: a score on a k-step scale → the 5-step scale (index 0 unused)."""
    return np.array([0] + [1 + int(np.floor((s - 1) * 4 / (k - 1) + 0.5)) for s in range(1, k + 1)])


def segment_code(r: int, f: int, m: int, bins: int = 5) -> str:
    """The segment code of one R, F, M cell (scores 1..``bins``)."""
    for name, s in (("R", r), ("F", f), ("M", m)):
        if not 1 <= int(s) <= bins:
            raise PhanloaiError(
                f"Điểm {name} = {s} phải nằm trong 1..{bins}.",
                f"Score {name} = {s} must lie in 1..{bins}.",
            )
    five = _to_five(bins)
    return _CODES[_GRID_POS[five[int(r)], (five[int(f)] + five[int(m)]) // 2]]


def rfm_segment_grid() -> pd.DataFrame:
    """The segment map as a table a class can read: rows R = 5…1, columns FM = 1…5."""
    labels = {lv.code: lv.label for lv in _LEVELS}
    return pd.DataFrame(
        [[labels[c] for c in SEGMENT_GRID[r]] for r in range(5, 0, -1)],
        index=pd.Index([f"R={r}" for r in range(5, 0, -1)], name="R"),
        columns=pd.Index([f"FM={fm}" for fm in range(1, 6)], name="FM = ⌊(F+M)/2⌋"),
    )


# -- scoring ------------------------------------------------------------------------------------------
def _rank_scores(values: np.ndarray, k: int) -> np.ndarray:
    """1 + ⌊k × share of values strictly below⌋: equal values, equal scores; exact integers."""
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    below = np.searchsorted(np.sort(values), values, side="left")
    return 1 + (below.astype(np.int64) * k) // n


def _cut_scores(values: np.ndarray, cuts: list[float]) -> np.ndarray:
    """1 + how many cuts the value reaches (value ≥ cut)."""
    return 1 + np.searchsorted(np.asarray(cuts, dtype=float), values, side="right")


def _cuts(p: Mapping, prefix: str) -> list[float]:
    return [float(p[f"{prefix}_{i}"]) for i in range(1, 5)]


def _as_float(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=float, na_value=np.nan)


@dataclass
class RFMScheme(Scheme):
    """RFM: scores by rank or by cut points, then the segment grid (not a decision list)."""

    def k(self, p: Mapping) -> int:
        return int(p["bins"]) if p["method"] == "quantile" else 5

    def scores(self, table: pd.DataFrame, p: Mapping) -> tuple[np.ndarray, np.ndarray]:
        """(R, F, M) as a (3, n) int array (0 = no score) and the row status
        (0 = scored, 1 = never bought, 2 = unknown)."""
        orders = _as_float(table["n_orders"])
        spend = _as_float(table["total_spend"])
        recency = _as_float(table["recency_days"])
        status = np.where(np.isnan(orders), 2, np.where(orders == 0, 1, 0))
        status[(status == 0) & (np.isnan(spend) | np.isnan(recency))] = 2
        scored = status == 0
        rfm = np.zeros((3, len(table)), dtype=np.int64)
        r, f, m = recency[scored], orders[scored], spend[scored]
        if p["method"] == "quantile":
            k = int(p["bins"])
            rfm[0, scored] = _rank_scores(-r, k)  # fewer days is better
            rfm[1, scored] = _rank_scores(f, k)
            rfm[2, scored] = _rank_scores(m, k)
        else:
            rfm[0, scored] = 5 - np.searchsorted(np.asarray(_cuts(p, "r_days")), r, side="left")
            rfm[1, scored] = _cut_scores(f, _cuts(p, "f_orders"))
            rfm[2, scored] = _cut_scores(m, _cuts(p, "m_spend"))
        return rfm, status

    def assign(self, table: pd.DataFrame, p: dict) -> tuple[np.ndarray, np.ndarray]:
        rfm, status = self.scores(table, p)
        five = _to_five(self.k(p))
        r5, f5, m5 = five[rfm[0]], five[rfm[1]], five[rfm[2]]
        codes = np.where(status == 1, NEVER, len(_LEVELS))
        scored = status == 0
        codes[scored] = _GRID_POS[r5[scored], (f5[scored] + m5[scored]) // 2]
        reason_idx = np.select([status == 2, status == 1], [0, 1], default=2)
        return codes, reason_idx.astype(np.int64)

    def reasons(self, p: Mapping) -> tuple[Reason, ...]:
        return _REASONS


def _render_gaps(
    scheme: RFMScheme, table: pd.DataFrame, rows: np.ndarray, p: Mapping, levels=None
) -> list[str]:
    cols = ("n_orders", "total_spend", "recency_days")
    blank = np.column_stack([np.isnan(_as_float(table[c])[rows]) for c in cols])
    return [missing_text([c for c, b in zip(cols, row, strict=True) if b]) for row in blank]


def _render_scores(
    scheme: RFMScheme, table: pd.DataFrame, rows: np.ndarray, p: Mapping, levels=None
) -> list[str]:
    rfm = scheme.scores(table, p)[0][:, rows]  # quantile scores are relative to the whole table
    k = scheme.k(p)
    scale = "" if k == 5 else f"/{k}"
    orders = _as_float(table["n_orders"])[rows]
    spend = _as_float(table["total_spend"])[rows]
    recency = _as_float(table["recency_days"])[rows]
    out = []
    for j in range(len(rows)):
        word = tr("đơn", "order" if orders[j] == 1 else "orders")
        out.append(
            f"R={rfm[0, j]}{scale} ({format_value(recency[j], 'days')}), "
            f"F={rfm[1, j]}{scale} ({format_value(orders[j], 'count')} {word}), "
            f"M={rfm[2, j]}{scale} ({format_value(spend[j], 'money')})"
        )
    return out


# reasons: 0 data missing, 1 never bought, 2 a cell of the R × FM grid
_REASONS = (
    Reason("missing", render=_render_gaps),
    Reason("never bought", "0 đơn: chưa mua lần nào", "0 orders: has never bought"),
    Reason("scored", render=_render_scores),
)


def _cut_params(
    prefix: str, kind: str, vi: str, en: str, defaults, lo, hi, step
) -> dict[str, Param]:
    return {
        f"{prefix}_{i}": Param(
            f"{prefix}_{i}",
            d,
            f"{vi} — ngưỡng {i} (cách 'fixed')",
            f"{en} — cut {i} ('fixed' method)",
            lo,
            hi,
            step,
            kind=kind,
            only_when=("method", "fixed"),
        )
        for i, d in enumerate(defaults, start=1)
    }


RFM = register(
    RFMScheme(
        code="rfm",
        title_vi="Phân khúc RFM (gần đây · thường xuyên · giá trị)",
        title_en="RFM segments (recency · frequency · monetary)",
        purpose_vi="Chấm điểm mỗi khách theo lần mua gần nhất, số lần mua và tổng chi tiêu, rồi đặt tên nhóm để biết ai cần giữ, ai cần kéo lại.",
        purpose_en="Score each customer on how recently, how often and how much they bought, then name the group to see whom to keep and whom to win back.",
        levels=_LEVELS,
        requires=(
            Column("n_orders", "count"),
            # spend and recency matter only for buyers: a blank makes a buyer unknown, not a
            # contact who never bought (see RFMScheme.scores)
            Column("total_spend", "money", unknown_if_missing=False),
            Column(
                "recency_days",
                "days",
                unknown_if_missing=False,
            ),
        ),
        params={
            "method": Param(
                "method",
                "quantile",
                "Cách chấm điểm: theo phân vị ('quantile') hay theo ngưỡng cố định ('fixed')",
                "Scoring: by quantile rank ('quantile') or by fixed cut points ('fixed')",
                choices=("quantile", "fixed"),
                kind="choice",
                choice_labels={
                    "quantile": ("Theo phân vị", "By quantile rank"),
                    "fixed": ("Theo ngưỡng cố định", "By fixed cut points"),
                },
            ),
            "bins": Param(
                "bins",
                5,
                "Số mức điểm (cách 'quantile')",
                "Number of score steps ('quantile' method)",
                3,
                5,
                1,
                kind="integer",
                only_when=("method", "quantile"),
            ),
            **_cut_params(
                "r_days",
                "days",
                "Số ngày từ lần mua gần nhất",
                "Days since the last order",
                (30, 90, 180, 365),
                1,
                1095,
                1,
            ),
            **_cut_params(
                "f_orders", "integer", "Số đơn hàng", "Number of orders", (2, 3, 4, 8), 2, 100, 1
            ),
            **_cut_params(
                "m_spend",
                "money",
                "Tổng chi tiêu (đồng)",
                "Total spend (VND)",
                (1_000_000, 2_000_000, 5_000_000, 10_000_000),
                100_000,
                50_000_000_000,
                100_000,
            ),
        },
        increasing=tuple(
            Increasing(tuple(f"{prefix}_{i}" for i in range(1, 5)), only_when=("method", "fixed"))
            for prefix in ("r_days", "f_orders", "m_spend")
        ),
        source=("std", "001"),
        cases=("fashion", "spa", "bolts"),
        number=18,
    )
)


def rfm_scores(table: pd.DataFrame, **params) -> pd.DataFrame:
    """R, F and M scores per row (nullable integers, aligned with ``table.index``).

    Rows with no order or with missing data have no score (``<NA>``). Parameters are the
    ``rfm`` scheme's (``method``, ``bins``, the ``r_days_*`` / ``f_orders_*`` / ``m_spend_*`` cuts)
    and are checked the same way.

    Examples
    --------
    >>> import phanloai
    >>> from phanloai.schemes.rfm import rfm_scores
    >>> f = phanloai.load("fashion", n=2000)
    >>> scores = rfm_scores(f.customers)
    >>> scores.columns.tolist(), int(scores["R"].max())
    (['R', 'F', 'M'], 5)
    """
    s = get_scheme("rfm")
    p = s.check_params(params)
    checked = s.check_table(table, p)
    rfm, status = s.scores(checked, p)
    data = {}
    for j, name in enumerate(("R", "F", "M")):
        data[name] = pd.array(rfm[j], dtype="Int64")
        data[name][status != 0] = pd.NA
    return pd.DataFrame(data, index=table.index)


# -- your own segment map -----------------------------------------------------------------------------
_ANY = {"", "*", "tất cả", "all", "any"}


def _score_range(value, axis: str, k: int, segment: str) -> range:
    """``3``, ``"4-5"`` / ``"4–5"``, ``"*"`` or blank (every score) → the scores it covers."""
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    text = text.strip().lower().replace("–", "-").replace("—", "-")
    if text in _ANY:
        return range(1, k + 1)
    low, sep, high = text.partition("-")
    try:
        a = int(float(low))
        b = int(float(high)) if sep else a
    except ValueError:
        raise PhanloaiError(
            f"Bản đồ phân khúc, nhóm '{segment}', {axis} = '{value}': cần một điểm (3), một "
            "khoảng (4-5) hoặc * (mọi điểm).",
            f"Segment map, segment '{segment}', {axis} = '{value}': write a score (3), a range "
            "(4-5) or * (every score).",
        ) from None
    if not 1 <= a <= b <= k:
        raise PhanloaiError(
            f"Bản đồ phân khúc, nhóm '{segment}', {axis} = '{value}': điểm phải nằm trong 1..{k} "
            "và khoảng viết từ thấp đến cao.",
            f"Segment map, segment '{segment}', {axis} = '{value}': scores lie in 1..{k}, a "
            "range is written low to high.",
        )
    return range(a, b + 1)


def _map_rows(segments) -> list[tuple[str, object, object, object]]:
    """A dict ``{name: {"R": …, "F": …, "M": …}}`` (or a list of such dicts per name), or a
    table with columns segment, R, F, M → one (name, R, F, M) per rule."""
    if isinstance(segments, pd.DataFrame):
        cols = {str(c).strip().lower(): c for c in segments.columns}
        name_col = next(
            (cols[c] for c in ("segment", "nhóm", "nhom", "phân khúc") if c in cols), None
        )
        missing = [a for a in ("r", "f", "m") if a not in cols]
        if name_col is None or missing:
            raise PhanloaiError(
                "Bảng bản đồ phân khúc cần các cột segment (hoặc nhóm), R, F, M; bảng có: "
                f"{', '.join(map(str, segments.columns))}.",
                "A segment-map table needs the columns segment (or nhóm), R, F, M; it has: "
                f"{', '.join(map(str, segments.columns))}.",
            )
        return [
            (str(row[name_col]).strip(), row[cols["r"]], row[cols["f"]], row[cols["m"]])
            for _, row in segments.iterrows()
        ]
    if isinstance(segments, Mapping):
        out = []
        for name, rules in segments.items():
            for rule in rules if isinstance(rules, list | tuple) else [rules]:
                if not isinstance(rule, Mapping):
                    raise PhanloaiError(
                        f"Bản đồ phân khúc, nhóm '{name}': mỗi quy tắc là một dict như "
                        "{'R': '4-5', 'F': '*', 'M': 3}.",
                        f"Segment map, segment '{name}': each rule is a dict such as "
                        "{'R': '4-5', 'F': '*', 'M': 3}.",
                    )
                unknown = sorted(set(map(str, rule)) - {"R", "F", "M"})
                if unknown:
                    raise PhanloaiError(
                        f"Bản đồ phân khúc, nhóm '{name}': khóa lạ {', '.join(unknown)}; chỉ có R, F, M.",
                        f"Segment map, segment '{name}': unknown key(s) {', '.join(unknown)}; only R, F, M.",
                    )
                out.append((str(name).strip(), rule.get("R"), rule.get("F"), rule.get("M")))
        return out
    raise PhanloaiError(
        f"Bản đồ phân khúc cần một dict hoặc một bảng DataFrame, nhận được {type(segments).__name__}.",
        f"A segment map is a dict or a DataFrame, got {type(segments).__name__}.",
    )


def _cells_text(cells) -> str:
    shown = ", ".join(f"({r},{f},{m})" for r, f, m in cells[:8])
    return shown + (f" … (+{len(cells) - 8})" if len(cells) > 8 else "")


def read_segment_map(segments, bins: int = 5) -> tuple[list[str], np.ndarray]:
    """Check a user's map from (R, F, M) scores to segment names: every one of the ``bins``³
    cells must be named exactly once. Returns the names (in the order given) and a
    ``(bins + 1)³`` lookup of name positions (index 0 unused). A gap or an overlap is a
    bilingual error naming the cells as (R,F,M) and the segments.

    >>> names, grid = read_segment_map(
    ...     {"VIP": {"R": "2-3", "F": "2-3", "M": "*"}, "Còn lại": [{"R": 1}, {"R": "2-3", "F": 1}]},
    ...     bins=3,
    ... )
    >>> names, names[grid[3, 3, 1]], names[grid[1, 3, 3]]
    (['VIP', 'Còn lại'], 'VIP', 'Còn lại')
    """
    k = int(bins)
    rows = _map_rows(segments)
    names: list[str] = []
    for name, *_ in rows:
        if not name or name.lower() in ("nan", "none"):
            raise PhanloaiError(
                "Bản đồ phân khúc: một quy tắc không có tên nhóm.",
                "Segment map: a rule has no segment name.",
            )
        if name in ("never", "unknown"):
            raise PhanloaiError(
                f"Bản đồ phân khúc: tên '{name}' đã dùng cho khách chưa mua / chưa rõ; đặt tên khác.",
                f"Segment map: the name '{name}' is kept for never-bought / unknown; choose another.",
            )
        if name not in names:
            names.append(name)
    owner = np.full((k + 1, k + 1, k + 1), -1, dtype=np.int64)
    overlaps: dict[tuple[str, str], list] = {}
    for name, r, f, m in rows:
        pos = names.index(name)
        for a in _score_range(r, "R", k, name):
            for b in _score_range(f, "F", k, name):
                for c in _score_range(m, "M", k, name):
                    before = owner[a, b, c]
                    if before >= 0 and before != pos:
                        overlaps.setdefault((names[before], name), []).append((a, b, c))
                    owner[a, b, c] = pos
    if overlaps:
        (first, second), cells = next(iter(overlaps.items()))
        raise PhanloaiError(
            f"Bản đồ phân khúc: nhóm '{first}' và '{second}' cùng nhận {len(cells)} ô (R,F,M): "
            f"{_cells_text(cells)}. Mỗi ô chỉ thuộc một nhóm.",
            f"Segment map: segments '{first}' and '{second}' both claim {len(cells)} cell(s) "
            f"(R,F,M): {_cells_text(cells)}. Each cell belongs to one segment.",
        )
    gaps = [
        (a, b, c)
        for a in range(1, k + 1)
        for b in range(1, k + 1)
        for c in range(1, k + 1)
        if owner[a, b, c] < 0
    ]
    if gaps:
        raise PhanloaiError(
            f"Bản đồ phân khúc: {len(gaps)} ô (R,F,M) chưa có nhóm: {_cells_text(gaps)}. Mỗi ô "
            f"trong {k}×{k}×{k} ô cần đúng một nhóm.",
            f"Segment map: {len(gaps)} cell(s) (R,F,M) have no segment: {_cells_text(gaps)}. "
            f"Each of the {k}×{k}×{k} cells needs exactly one segment.",
        )
    return names, owner


def rfm_segments(table: pd.DataFrame, segments, **params) -> pd.Series:
    """RFM with **your own segment map** instead of the default grid: the scores are the
    ``rfm`` scheme's (same parameters, checked the same way), the names are yours
    (:func:`read_segment_map`). Returns a categorical aligned with ``table.index``: your
    segment names in the order given, then ``never`` (no order yet) and ``unknown``.

    >>> import phanloai
    >>> f = phanloai.load("fashion", n=2000)
    >>> mine = {"Giữ chặt": {"R": "4-5", "F": "4-5"}, "Kéo lại": {"R": "1-3", "F": "4-5"},
    ...         "Nuôi dưỡng": {"F": "1-3"}}
    >>> rfm_segments(f.customers, mine).cat.categories.tolist()
    ['Giữ chặt', 'Kéo lại', 'Nuôi dưỡng', 'never', 'unknown']
    """
    s = get_scheme("rfm")
    p = s.check_params(params)
    k = s.k(p)
    names, owner = read_segment_map(segments, k)
    checked = s.check_table(table, p)
    rfm, status = s.scores(checked, p)
    pos = np.where(status == 1, len(names), len(names) + 1)
    scored = status == 0
    pos[scored] = owner[rfm[0, scored], rfm[1, scored], rfm[2, scored]]
    categories = [*names, "never", UNKNOWN_CODE]
    return pd.Series(
        pd.Categorical.from_codes(pos, categories=categories), index=table.index, name="segment"
    )
