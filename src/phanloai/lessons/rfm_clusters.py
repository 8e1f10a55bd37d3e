"""Bài 06 — RFM và phân cụm (RFM and clusters), on the fashion shop.

RFM turns article 001's behavioural idea into three scores a person can check (recency,
frequency, monetary) and a grid that names eleven segments; k-means clustering is the article's
"AI / machine learning" idea: the machine finds the groups, a person reads and names them. The
helpers below make the notebook's tables (scores per step, buyers per cell of the R × FM grid,
quantile against fixed scoring, the same buyers scored in a smaller table); ``exercises`` builds
its exercises from the case in front of the student.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from .. import practice
from .._i18n import tr
from ..features import order_features
from ..reports import profile
from ..schemes.clusters import cluster_profiles
from ..schemes.registry import SCHEMES, classify
from ..schemes.rfm import _to_five, rfm_scores
from ..vn import format_percent

TITLE = ("RFM và phân cụm khách hàng", "RFM and customer clusters")
NOTEBOOK = "06_rfm_phan_cum.ipynb"
CASES = ("fashion",)

#: Segments the strategy exercise asks about (one line each).
STRATEGY_SEGMENTS = ("champions", "loyal", "new", "at_risk", "cant_lose", "hibernating")
#: The champions' share of buyers the threshold exercise aims at.
CHAMPIONS_LOW, CHAMPIONS_HIGH = 0.03, 0.05


_METHOD_WORDS = {
    "quantile": lambda: tr("Theo phân vị (quantile)", "By quantile rank"),
    "fixed": lambda: tr("Theo ngưỡng cố định (fixed)", "By fixed cut points"),
}


def buyers(table: pd.DataFrame) -> pd.DataFrame:
    """The rows with at least one order: the only ones RFM scores and clusters place."""
    return table[table["n_orders"].fillna(0) > 0]


def score_counts(table: pd.DataFrame, **params) -> pd.DataFrame:
    """How many buyers get each score (rows 1 … k) on R, F and M (columns).

    An empty step is honest, not a bug: when many buyers share one value (one order), they all
    get the same score and the next scores stay empty."""
    scores = rfm_scores(table, **params).dropna()
    k = SCHEMES["rfm"].k(SCHEMES["rfm"].check_params(params))
    steps = pd.Index(range(1, k + 1), name=tr("Điểm", "Score"))
    return pd.DataFrame(
        {
            name: scores[name].astype(int).value_counts().reindex(steps, fill_value=0)
            for name in ("R", "F", "M")
        },
        index=steps,
    )


def grid_counts(table: pd.DataFrame, **params) -> pd.DataFrame:
    """Buyers in each cell of the R × FM grid (rows R = 5 … 1, columns FM = 1 … 5), laid out
    like :func:`phanloai.schemes.rfm.rfm_segment_grid` so the two can be read side by side."""
    scores = rfm_scores(table, **params).dropna().astype(int)
    five = _to_five(SCHEMES["rfm"].k(SCHEMES["rfm"].check_params(params)))
    r = five[scores["R"].to_numpy()]
    fm = (five[scores["F"].to_numpy()] + five[scores["M"].to_numpy()]) // 2
    counts = np.zeros((5, 5), dtype=np.int64)
    np.add.at(counts, (5 - r, fm - 1), 1)
    return pd.DataFrame(
        counts,
        index=pd.Index([f"R={v}" for v in range(5, 0, -1)], name="R"),
        columns=pd.Index([f"FM={v}" for v in range(1, 6)], name="FM = ⌊(F+M)/2⌋"),
    )


def methods_side_by_side(table: pd.DataFrame, **fixed) -> pd.DataFrame:
    """Buyers per RFM segment scored by quantile rank and by fixed cut points (``fixed``: the
    cut points, the declared defaults otherwise)."""
    quantile = profile(table, classify(table, "rfm"))["customers"]
    by_cuts = profile(table, classify(table, "rfm", method="fixed", **fixed))["customers"]
    segments = [code not in ("never", "unknown") for code in quantile.index]
    return pd.DataFrame(
        {
            _METHOD_WORDS["quantile"](): quantile.to_numpy()[segments],
            _METHOD_WORDS["fixed"](): by_cuts.to_numpy()[segments],
        },
        index=quantile.index[segments],
    )


def rescored(table: pd.DataFrame, subset: pd.Series) -> pd.DataFrame:
    """The buyers of ``subset`` (a boolean mask on ``table``) scored twice — among every buyer,
    then in a table of their own — by each method: how many change segment.

    Quantile scores compare a buyer with the others in the table, so a smaller (or stronger)
    table moves them; fixed cut points read each buyer alone and never move."""
    part = table[subset.reindex(table.index, fill_value=False).astype(bool)]
    rows = []
    for method in ("quantile", "fixed"):
        whole = classify(table, "rfm", method=method).loc[part.index].astype(str)
        alone = classify(part, "rfm", method=method).astype(str)
        bought = whole != "never"
        moved = int((whole[bought] != alone[bought]).sum())
        n = int(bought.sum())
        rows.append(
            {
                tr("Cách chấm", "Scoring"): _METHOD_WORDS[method](),
                tr("Số người mua trong nhóm", "Buyers in the group"): n,
                tr("Số người đổi phân khúc", "Buyers who change segment"): moved,
                tr("Tỷ lệ đổi phân khúc", "Share who change segment"): format_percent(
                    moved / n if n else float("nan"), 0
                ),
            }
        )
    return pd.DataFrame(rows).set_index(tr("Cách chấm", "Scoring"))


# -- answers worked out from the data ---------------------------------------------------------------
def recounted(case, count: str = "days") -> pd.DataFrame:
    """The case's customers with purchases counted by ``count``: ``"orders"`` gives the case's
    own table (every order, as the case counted it); ``"days"`` counts the days with an order
    instead (as many RFM tools do) and changes nothing else — spend, dates and recency stay
    the case's, refunds (negative amounts) are no purchase day."""
    from ..features import _check_count

    _check_count(count)
    out = case.customers.copy()
    if count == "orders":
        return out
    orders = case.tables["orders"]
    amounts = pd.to_numeric(orders["amount"], errors="coerce")
    bought = orders[~(amounts < 0).to_numpy()]
    days = order_features(bought, out["customer_id"], case.as_of, count="days")["n_orders"]
    out["n_orders"] = days.to_numpy()
    spend = pd.to_numeric(out["total_spend"], errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["avg_order_value"] = np.where(
            out["n_orders"] > 0, np.round(spend / np.maximum(out["n_orders"], 1), 0), np.nan
        )
    return out


def counting_moves(case, **params) -> pd.DataFrame:
    """Buyers whose RFM segment changes when purchases are counted by day instead of by order:
    ``customer_id``, ``n_orders``, ``n_days``, ``by_orders``, ``by_days`` (the segments, as
    classifications: codes inside, names where shown)."""
    by_order, by_day = recounted(case, "orders"), recounted(case, "days")
    a = classify(by_order, "rfm", **params)
    b = classify(by_day, "rfm", **params)
    moved = (a.astype(str) != b.astype(str)).to_numpy() & (by_order["n_orders"] > 0).to_numpy()
    return pd.DataFrame(
        {
            "customer_id": by_order["customer_id"].to_numpy()[moved],
            "n_orders": by_order["n_orders"].to_numpy()[moved],
            "n_days": by_day["n_orders"].to_numpy()[moved],
            "by_orders": a[moved].reset_index(drop=True),
            "by_days": b[moved].reset_index(drop=True),
        }
    )


def champions_share(labels: pd.Series) -> float:
    """Champions as a share of the buyers (contacts who never bought do not count)."""
    bought = ~labels.isin(["never", "unknown"])
    return float((labels[bought] == "champions").mean()) if bought.any() else float("nan")


_F_CUTS = ((2, 3, 4, 8), (2, 4, 6, 10), (3, 5, 8, 12), (3, 6, 10, 15))
_M_CUTS = (
    (1_000_000, 2_000_000, 5_000_000, 10_000_000),
    (1_000_000, 3_000_000, 8_000_000, 15_000_000),
    (2_000_000, 5_000_000, 10_000_000, 20_000_000),
    (2_000_000, 5_000_000, 15_000_000, 30_000_000),
)


def fixed_cuts_for(table, low: float = CHAMPIONS_LOW, high: float = CHAMPIONS_HIGH) -> dict:
    """Fixed cut points (on the sliders' grid) that make champions ``low`` … ``high`` of the
    buyers — found in the data, for any seed: raise the F and M cut points, then shorten the
    "recent" window, until the group is small enough; else the closest to the middle."""
    best, gap = None, float("inf")
    for r1, f, m in itertools.product((30, 21, 14, 7), _F_CUTS, _M_CUTS):
        answer = {
            "method": "fixed",
            "r_days_1": r1,
            **{f"f_orders_{i}": v for i, v in enumerate(f, start=1)},
            **{f"m_spend_{i}": v for i, v in enumerate(m, start=1)},
        }
        share = champions_share(classify(table, "rfm", **answer))
        if low <= share <= high:
            return answer
        if abs(share - (low + high) / 2) < gap:
            best, gap = answer, abs(share - (low + high) / 2)
    return best


def longest_away(table, k: int = 4) -> str:
    """The cluster (behaviour features) whose buyers have gone longest since their last order."""
    return str(cluster_profiles(table, k=k)["recency_days"].idxmax())


def champions_outside_top_cluster(table, k: int = 4) -> int:
    """RFM champions whom k-means did not put in the top-spending cluster: where the two disagree."""
    outside = classify(table, "clusters", k=k) != f"cluster_{k}"
    return int((classify(table, "rfm")[outside] == "champions").sum())


def exercises(case) -> list[practice.Exercise]:
    c = case.customers

    def rfm(**params):
        return classify(c, "rfm", **params)

    def champions_target(labels):
        share = champions_share(labels)
        seen = format_percent(share, 1)
        if labels.phanloai.params.get("method") != "fixed":
            return (
                False,
                f"bạn đang chấm theo phân vị (Khách hàng xuất sắc chiếm {seen} người đã mua); "
                "thêm 'method': 'fixed' để dùng ngưỡng cố định",
                f"you are scoring by quantile rank (champions are {seen} of buyers); add "
                "'method': 'fixed' to use fixed cut points",
            )
        return (
            CHAMPIONS_LOW <= share <= CHAMPIONS_HIGH,
            f"Khách hàng xuất sắc chiếm {seen} số người đã mua",
            f"champions are {seen} of buyers",
        )

    def cluster_options():
        return [(lv.code, lv.vi, lv.en) for lv in SCHEMES["clusters"].levels_for({"k": 4})[:-1]]

    def why_away():
        table = cluster_profiles(c, k=4)
        code = str(table["recency_days"].idxmax())
        days = int(round(float(table.loc[code, "recency_days"])))
        number = code.rsplit("_", 1)[1]
        return (
            f"Cụm {number}: trung bình {days} ngày từ lần mua gần nhất, lâu nhất trong bốn cụm "
            f"({table.loc[code, 'profile_name']}).",
            f"Cluster {number}: on average {days} days since the last order, the longest of the "
            f"four clusters ({table.loc[code, 'profile_name']}).",
        )

    return [
        practice.number(
            "1",
            (
                "Chấm RFM theo phân vị với 5 mức (mặc định): có bao nhiêu Khách hàng xuất sắc (Champions)?",
                "RFM by quantile rank with 5 steps (the default): how many champions are there?",
            ),
            lambda: int((rfm() == "champions").sum()),
            hint=(
                "Phân loại bằng phanloai.classify(fashion.customers, 'rfm') rồi đếm mã 'champions': "
                "(nhan == 'champions').sum().",
                "Classify with phanloai.classify(fashion.customers, 'rfm'), then count the code "
                "'champions': (labels == 'champions').sum().",
            ),
            how=(
                "rfm = phanloai.classify(fashion.customers, 'rfm')\n(rfm == 'champions').sum()",
                "rfm = phanloai.classify(fashion.customers, 'rfm')\n(rfm == 'champions').sum()",
            ),
            schemes=("rfm",),
        ),
        practice.number(
            "2",
            (
                "Khách hàng xuất sắc mang về bao nhiêu phần trăm tổng doanh thu (tổng chi tiêu) của "
                'cửa hàng? Trả lời bằng tỷ lệ 0–1 hoặc dạng "45 %".',
                "What share of the shop's revenue (total spend) comes from the champions? Answer "
                'with a share 0–1 or as "45%".',
            ),
            lambda: float(
                c.loc[rfm() == "champions", "total_spend"].sum() / c["total_spend"].sum()
            ),
            kind="share",
            hint=(
                "Cộng total_spend của những người có mã 'champions', rồi chia cho tổng total_spend "
                "của mọi người — hoặc đọc cột Tỷ lệ doanh thu của phanloai.profile(...).",
                "Add up total_spend of the rows coded 'champions' and divide by everyone's "
                "total_spend — or read the revenue share column of phanloai.profile(...).",
            ),
            how=(
                "k = fashion.customers\nrfm = phanloai.classify(k, 'rfm')\n"
                "k.loc[rfm == 'champions', 'total_spend'].sum() / k['total_spend'].sum()",
                "k = fashion.customers\nrfm = phanloai.classify(k, 'rfm')\n"
                "k.loc[rfm == 'champions', 'total_spend'].sum() / k['total_spend'].sum()",
            ),
            schemes=("rfm",),
        ),
        practice.choice(
            "3",
            (
                "Đọc bảng hồ sơ cụm (k = 4, đặc trưng hành vi mua): cụm nào đã lâu chưa quay lại nhất "
                "(số ngày từ lần mua gần nhất trung bình lớn nhất)?",
                "Read the cluster profiles (k = 4, buying-behaviour features): which cluster has "
                "stayed away longest (the largest mean number of days since the last order)?",
            ),
            cluster_options,
            lambda: longest_away(c),
            hint=(
                "Trong bảng cluster_profiles(...), nhìn cột 'Số ngày từ lần mua gần nhất': số càng "
                "lớn, khách càng lâu chưa mua. Thứ tự các cụm theo chi tiêu, không theo độ gần đây.",
                "In cluster_profiles(...), look at the days-since-last-order column: the larger, "
                "the longer since they bought. Clusters are ordered by spend, not by recency.",
            ),
            why=why_away,
            schemes=("clusters",),
        ),
        practice.thresholds(
            "4",
            (
                "Chủ cửa hàng chỉ đủ sức tự tay cảm ơn một nhóm nhỏ. Chấm RFM bằng ngưỡng cố định "
                "(method = 'fixed') sao cho Khách hàng xuất sắc chiếm từ 3 % tới 5 % số người đã mua. "
                "Trả lời bằng một dict, ví dụ {'method': 'fixed', 'f_orders_4': 10, 'm_spend_4': 20_000_000}.",
                "The owner can only thank a small group in person. Score RFM with fixed cut points "
                "(method = 'fixed') so that champions are 3% to 5% of buyers. Answer with a dict, "
                "e.g. {'method': 'fixed', 'f_orders_4': 10, 'm_spend_4': 20_000_000}.",
            ),
            "rfm",
            lambda: c,
            champions_target,
            right=lambda: fixed_cuts_for(c),
            wrong={"method": "fixed"},
            hint=(
                "Khách hàng xuất sắc cần R = 5 và F + M ≥ 8 (hoặc R = 4 và F + M ≥ 10). Nâng các ngưỡng "
                "số đơn (f_orders_3, f_orders_4) và chi tiêu (m_spend_3, m_spend_4), hoặc rút ngắn "
                "r_days_1, trong bộ khám phá với cách chấm 'fixed'; các ngưỡng phải tăng dần.",
                "Champions need R = 5 and F + M ≥ 8 (or R = 4 and F + M ≥ 10). Raise the order cut "
                "points (f_orders_3, f_orders_4) and the spend cut points (m_spend_3, m_spend_4), or "
                "shorten r_days_1, in the explorer with 'fixed' scoring; cut points must increase.",
            ),
        ),
        practice.strategy(
            "5",
            (
                "Viết cho mỗi phân khúc RFM sau một câu: cửa hàng nên làm gì với họ (thông điệp, kênh, "
                "ưu đãi)? Các phân khúc: Khách hàng xuất sắc, Trung thành, Khách mới, Có nguy cơ rời bỏ, "
                "Không được để mất, Ngủ đông. Trả lời bằng dict mã phân khúc → câu.",
                "Write one line for each of these RFM segments: what should the shop do with them "
                "(message, channel, offer)? Segments: champions, loyal, new, at risk, can't lose, "
                "hibernating. Answer with a dict segment code → line.",
            ),
            "rfm",
            levels=STRATEGY_SEGMENTS,
            hint=(
                "Nghĩ theo giá trị và độ gần đây: người đang mua nhiều cần được tri ân, không cần giảm "
                "giá; người từng mua nhiều mà lâu không quay lại cần một cuộc gọi riêng; người mua ít "
                "và đã lâu chỉ nên nhận ưu đãi chi phí thấp.",
                "Think value and recency: people buying a lot now need thanks, not discounts; people "
                "who used to buy a lot but stayed away need a personal call; people who bought "
                "little, long ago, only get low-cost offers.",
            ),
        ),
        practice.number(
            "6",
            (
                "Đặt hai cách chia cạnh nhau (RFM phân vị mặc định; phân cụm k = 4): có bao nhiêu "
                "Khách hàng xuất sắc mà máy KHÔNG xếp vào cụm chi tiêu cao nhất (Cụm 4)?",
                "Put the two side by side (RFM by quantile, the default; clusters with k = 4): how "
                "many champions did the machine NOT put in the top-spending cluster (cluster 4)?",
            ),
            lambda: champions_outside_top_cluster(c),
            hint=(
                "Phân loại cả hai: cum = classify(..., 'clusters', k=4), rfm = classify(..., 'rfm'). "
                "Đếm những người có rfm == 'champions' và cum != 'cluster_4' — hoặc cộng dòng Khách "
                "hàng xuất sắc của bảng chéo, trừ ô Cụm 4.",
                "Classify both: clusters = classify(..., 'clusters', k=4), rfm = classify(..., 'rfm'). "
                "Count the rows with rfm == 'champions' and clusters != 'cluster_4' — or add up the "
                "champions row of the crossed table, leaving out the cluster 4 cell.",
            ),
            how=(
                "k = fashion.customers\ncum = phanloai.classify(k, 'clusters', k=4)\n"
                "rfm = phanloai.classify(k, 'rfm')\n((rfm == 'champions') & (cum != 'cluster_4')).sum()",
                "k = fashion.customers\nclusters = phanloai.classify(k, 'clusters', k=4)\n"
                "rfm = phanloai.classify(k, 'rfm')\n"
                "((rfm == 'champions') & (clusters != 'cluster_4')).sum()",
            ),
            schemes=("rfm", "clusters"),
        ),
    ]
