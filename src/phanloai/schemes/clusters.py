"""Data-driven groups: k-means on chosen features, named by their profile (article 001, "AI /
machine learning").

Instead of rules a person writes, the machine looks for ``k`` groups of customers that resemble
each other on a chosen set of features. The steps, each one a teaching point:

1. **Choose the features** (``features``):

   * ``"behaviour"`` (hành vi) — ``recency_days``, ``n_orders``, ``total_spend``: the R, F, M
     of article 001's behavioural idea, as numbers rather than scores;
   * ``"value"`` (giá trị) — ``total_spend``, ``avg_order_value``: how much, and how much per order;
   * ``"engagement"`` (tương tác trên web) — ``page_views``, ``cart_adds``, ``abandoned_carts``.

   A row missing any chosen feature (for instance ``recency_days`` of someone who never bought)
   cannot be placed and goes to "Không xác định / Unknown".
2. **Put them on one scale**: money and counts are skewed (a few big spenders), so they pass
   through ``log(1 + x)`` first; then every feature is standardised (mean 0, standard deviation 1)
   so that đồng do not outweigh days.
3. **k-means** from scikit-learn (``KMeans(n_clusters=k, n_init=10, random_state=seed)``, one
   thread): the same seed gives the same groups, always.
4. **Order and name the groups**: "Cụm 1" … "Cụm k" are ordered by a stable rule — the mean of the
   set's ordering feature (``total_spend``, or ``page_views`` for engagement), ascending — so the
   labels do not jump between runs. Each group is then named from its profile: every feature is
   called high / low when the group's mean lies at least half a standard deviation above / below
   the average (very high / very low from 1.5), medium otherwise (e.g. "chi tiêu cao · mua thường xuyên · mua gần đây").
   The names depend on the data, so they live beside the levels: :func:`cluster_names`,
   :func:`cluster_profiles`, and in ``explain``'s reason.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, tr
from .base import Column, Level, Param, Reason, Scheme, format_value, missing_text
from .registry import register, run
from .result import LevelDtype

__all__ = ["CLUSTERS", "FEATURE_SETS", "cluster_names", "cluster_profiles"]

#: The feature sets a user can choose: columns (in naming order) and the column that orders clusters.
FEATURE_SETS: dict[str, dict] = {
    "behaviour": {
        "columns": ("total_spend", "n_orders", "recency_days"),
        "order_by": "total_spend",
        "vi": "hành vi mua (R, F, M)",
        "en": "buying behaviour (R, F, M)",
    },
    "value": {
        "columns": ("total_spend", "avg_order_value"),
        "order_by": "total_spend",
        "vi": "giá trị (tổng chi tiêu, giá trị mỗi đơn)",
        "en": "value (total spend, order value)",
    },
    "engagement": {
        "columns": ("page_views", "cart_adds", "abandoned_carts"),
        "order_by": "page_views",
        "vi": "tương tác trên web (xem trang, thêm giỏ, bỏ giỏ)",
        "en": "web engagement (views, cart adds, abandoned carts)",
    },
}

_COLUMNS = {
    "total_spend": Column("total_spend", "money"),
    "n_orders": Column("n_orders", "count"),
    "recency_days": Column("recency_days", "days"),
    "avg_order_value": Column("avg_order_value", "money"),
    "page_views": Column("page_views", "count"),
    "cart_adds": Column("cart_adds", "count"),
    "abandoned_carts": Column("abandoned_carts", "count"),
}

#: How each feature reads when a cluster's mean is very high / high / medium / low / very low
#: on it: (vi, en) each.
_WORDS = {
    "total_spend": (
        ("chi tiêu rất cao", "very high spend"),
        ("chi tiêu cao", "high spend"),
        ("chi tiêu vừa", "medium spend"),
        ("chi tiêu thấp", "low spend"),
        ("chi tiêu rất thấp", "very low spend"),
    ),
    "n_orders": (
        ("mua rất thường xuyên", "buys very often"),
        ("mua thường xuyên", "buys often"),
        ("mua vài lần", "buys now and then"),
        ("ít mua", "rarely buys"),
        ("rất ít mua", "very rarely buys"),
    ),
    # many days since the last order is *bad*: many days → "lâu chưa mua"
    "recency_days": (
        ("đã rất lâu chưa mua", "long lapsed"),
        ("lâu chưa mua", "lapsed"),
        ("mua cách đây vừa phải", "bought a while ago"),
        ("mua gần đây", "bought recently"),
        ("vừa mới mua", "bought very recently"),
    ),
    "avg_order_value": (
        ("đơn rất lớn", "very large orders"),
        ("đơn giá trị lớn", "large orders"),
        ("đơn vừa", "medium orders"),
        ("đơn nhỏ", "small orders"),
        ("đơn rất nhỏ", "very small orders"),
    ),
    "page_views": (
        ("xem trang rất nhiều", "very many page views"),
        ("xem trang nhiều", "many page views"),
        ("xem trang vừa phải", "some page views"),
        ("ít xem trang", "few page views"),
        ("hầu như không xem trang", "almost no page views"),
    ),
    "cart_adds": (
        ("rất hay thêm giỏ", "adds to cart very often"),
        ("hay thêm giỏ", "often adds to cart"),
        ("thỉnh thoảng thêm giỏ", "sometimes adds to cart"),
        ("ít thêm giỏ", "rarely adds to cart"),
        ("hầu như không thêm giỏ", "almost never adds to cart"),
    ),
    "abandoned_carts": (
        ("rất hay bỏ giỏ", "abandons carts very often"),
        ("hay bỏ giỏ", "often abandons carts"),
        ("đôi khi bỏ giỏ", "sometimes abandons carts"),
        ("hiếm bỏ giỏ", "rarely abandons carts"),
        ("hầu như không bỏ giỏ", "almost never abandons carts"),
    ),
}
#: Standard deviations from the average that make a cluster "high" / "very high" (or low) on a feature.
NAME_THRESHOLDS = (0.5, 1.5)
N_INIT = 10
MAX_K = 8


_ORDER_WORDS = {
    "total_spend": ("tổng chi tiêu", "total spend"),
    "page_views": ("số lượt xem trang", "page views"),
}


def _cluster_level(i: int, features: str = "behaviour") -> Level:
    vi, en = _ORDER_WORDS[FEATURE_SETS[features]["order_by"]]
    return Level(
        f"cluster_{i}",
        f"Cụm {i}",
        f"Cluster {i}",
        f"Cụm thứ {i} do máy tìm ra; các cụm xếp theo {vi} trung bình tăng dần (1 = thấp nhất)",
        f"Cluster {i} found by the machine; clusters are ordered by mean {en}, ascending (1 = lowest)",
        "Đọc hồ sơ cụm (cluster_profiles), đặt một cái tên dễ nhớ rồi chọn cách chăm sóc riêng cho cụm",
        "Read the cluster profile (cluster_profiles), give it a memorable name, then choose how to serve it",
    )


def _levels(p: Mapping) -> tuple[Level, ...]:
    return tuple(_cluster_level(i, p["features"]) for i in range(1, int(p["k"]) + 1))


_LEVELS = tuple(_cluster_level(i) for i in range(1, MAX_K + 1))


def _transform(values: np.ndarray, kind: str) -> np.ndarray:
    """log(1 + x) on money and counts (sign kept for refunds), days as they are."""
    if kind in ("money", "count"):
        return np.sign(values) * np.log1p(np.abs(values))
    return values


def _tier(z: float) -> int:
    """0 = very high … 4 = very low, for a mean ``z`` standard deviations from the average."""
    near, far = NAME_THRESHOLDS
    return 0 if z >= far else 1 if z >= near else 4 if z <= -far else 3 if z <= -near else 2


@dataclass
class ClusterScheme(Scheme):
    """k-means clusters: the columns come from the chosen feature set."""

    def feature_columns(self, p: Mapping) -> tuple[str, ...]:
        return FEATURE_SETS[p["features"]]["columns"]

    def requires_for(self, p: Mapping) -> tuple[Column, ...]:
        return tuple(_COLUMNS[c] for c in self.feature_columns(p))

    def standardising(self, table: pd.DataFrame, p: Mapping):
        """The transformed features of the complete rows, their means and standard deviations
        (1 where a feature does not vary), which rows are complete, and the raw values (n ×
        features, NaN kept)."""
        cols = self.feature_columns(p)
        raw = np.column_stack([table[c].to_numpy(dtype=float, na_value=np.nan) for c in cols])
        valid = ~np.isnan(raw).any(axis=1)
        x = np.column_stack(
            [_transform(raw[valid, j], _COLUMNS[c].kind) for j, c in enumerate(cols)]
        )
        mean, sd = np.zeros(len(cols)), np.ones(len(cols))
        if len(x):
            spread = x.std(axis=0)
            mean, sd = x.mean(axis=0), np.where(spread > 0, spread, 1.0)
        return x, mean, sd, valid, raw

    def matrix(self, table: pd.DataFrame, p: Mapping) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Standardised transformed features of the complete rows, which rows those are, and the
        raw values (n × features, NaN kept)."""
        x, mean, sd, valid, raw = self.standardising(table, p)
        if len(x):
            x = (x - mean) / sd
        return x, valid, raw

    def assign(self, table: pd.DataFrame, p: dict) -> tuple[np.ndarray, np.ndarray]:
        k = int(p["k"])
        codes = np.full(len(table), k, dtype=np.int64)  # k = unknown
        fitted = self.fit(table, p)
        if fitted is None:
            return codes, np.zeros(len(table), dtype=np.int64)
        found, rank, _, valid = fitted
        codes[valid] = rank[found]
        return codes, np.where(valid, 1, 0).astype(np.int64)

    def fit(self, table: pd.DataFrame, p: Mapping):
        """k-means on the complete rows: ``(cluster of each complete row, the level position of
        each cluster, the centres (standardised units), which rows are complete)``, or None when
        no row is complete."""
        k = int(p["k"])
        x, valid, raw = self.matrix(table, p)
        n = int(valid.sum())
        if n == 0:
            return None
        if n < k:
            raise PhanloaiError(
                f"Cách phân loại '{self.code}': chỉ có {n} dòng đủ dữ liệu ({', '.join(self.feature_columns(p))}), "
                f"ít hơn số cụm k = {k}; giảm tham số 'k' hoặc dùng bảng lớn hơn.",
                f"Scheme '{self.code}': only {n} row(s) have complete data ({', '.join(self.feature_columns(p))}), "
                f"fewer than k = {k} clusters; lower the parameter 'k' or use a larger table.",
            )
        # imported here: it costs ~2 s, and only this scheme needs it
        from sklearn.cluster import KMeans
        from threadpoolctl import threadpool_limits  # installed with scikit-learn

        # One thread: the same bits on every machine (threads add partial sums in any order), and
        # faster here than threads competing for a couple of cores (17 ms vs 15–2,700 ms on 30k
        # contacts; 0.9 s vs 2.8 s on 680k buyers).
        # k-means starts from rows picked by position: fitting on the rows sorted by their values
        # makes each customer's cluster independent of the order the table came in.
        canonical = np.lexsort(x.T[::-1])
        with warnings.catch_warnings(), threadpool_limits(limits=1):
            warnings.simplefilter(
                "ignore"
            )  # fewer distinct points than k: some clusters stay empty
            model = KMeans(n_clusters=k, n_init=N_INIT, random_state=int(p["seed"])).fit(
                x[canonical]
            )
        found = np.empty(len(x), dtype=np.int64)
        found[canonical] = model.labels_
        # stable order: mean of the ordering feature (raw units) ascending, then the centre's
        # coordinates; empty clusters last
        cols = self.feature_columns(p)
        order_col = cols.index(FEATURE_SETS[p["features"]]["order_by"])
        values = raw[valid, order_col]
        counts = np.bincount(found, minlength=k)
        means = np.bincount(found, weights=values, minlength=k) / np.maximum(counts, 1)
        keys = [(counts[c] == 0, means[c], *model.cluster_centers_[c]) for c in range(k)]
        rank = np.empty(k, dtype=np.int64)
        rank[sorted(range(k), key=lambda c: keys[c])] = np.arange(k)
        return found, rank, model.cluster_centers_, valid

    def reasons(self, p: Mapping) -> tuple[Reason, ...]:
        return _REASONS

    # -- names from the profile ------------------------------------------------------------------
    def names(self, table: pd.DataFrame, p: Mapping, codes: np.ndarray) -> list[str]:
        """A profile name per cluster (current language), from the rows' codes."""
        k = int(p["k"])
        x, valid, _ = self.matrix(table, p)
        found = codes[valid]
        out = []
        for c in range(k):
            rows = x[found == c]
            if len(rows) == 0:
                out.append(tr("(trống)", "(empty)"))
                continue
            words = []
            for j, col in enumerate(self.feature_columns(p)):
                words.append(tr(*_WORDS[col][_tier(float(rows[:, j].mean()))]))
            out.append(" · ".join(words))
        return out


def _render_gaps(
    scheme: ClusterScheme, table: pd.DataFrame, rows: np.ndarray, p: Mapping, levels=None
) -> list[str]:
    cols = scheme.feature_columns(p)
    _, _, raw = scheme.matrix(table, p)
    return [missing_text([c for j, c in enumerate(cols) if np.isnan(raw[i, j])]) for i in rows]


def _render_nearest(
    scheme: ClusterScheme, table: pd.DataFrame, rows: np.ndarray, p: Mapping, levels=None
) -> list[str]:
    names = scheme.names(table, p, levels)
    cols = scheme.feature_columns(p)
    _, _, raw = scheme.matrix(table, p)
    out = []
    for i in rows:
        values = ", ".join(
            f"{_COLUMNS[c].label} = {format_value(raw[i, j], _COLUMNS[c].kind)}"
            for j, c in enumerate(cols)
        )
        name = names[int(levels[i])]
        out.append(
            tr(
                f"{name} — gần tâm cụm này nhất ({values})",
                f"{name} — nearest to this cluster's centre ({values})",
            )
        )
    return out


# reasons: 0 a feature is missing, 1 nearest to a cluster centre
_REASONS = (
    Reason("missing", render=_render_gaps),
    Reason("nearest centre", render=_render_nearest),
)


CLUSTERS = register(
    ClusterScheme(
        code="clusters",
        title_vi="Cụm khách hàng do máy tìm (k-means)",
        title_en="Machine-found customer clusters (k-means)",
        purpose_vi="Để máy gom những khách giống nhau thành k cụm trên các đặc trưng đã chọn, rồi đọc hồ sơ từng cụm để đặt tên và chọn cách chăm sóc.",
        purpose_en="Let the machine gather similar customers into k clusters on the chosen features, then read each profile to name it and choose how to serve it.",
        levels=_LEVELS,
        requires=tuple(_COLUMNS.values()),
        params={
            "k": Param("k", 4, "Số cụm (k)", "Number of clusters (k)", 2, MAX_K, 1, kind="integer"),
            "seed": Param(
                "seed",
                0,
                "Hạt giống ngẫu nhiên (cùng hạt giống → cùng kết quả)",
                "Random seed (same seed → same result)",
                0,
                9999,
                1,
                kind="integer",
            ),
            "features": Param(
                "features",
                "behaviour",
                "Nhóm đặc trưng dùng để gom cụm",
                "Feature set to cluster on",
                choices=tuple(FEATURE_SETS),
                kind="choice",
                choice_labels={k: (v["vi"], v["en"]) for k, v in FEATURE_SETS.items()},
            ),
        },
        source=("001",),
        cases=("fashion", "spa", "bolts"),
        level_sets=_levels,
        number=19,
    )
)


def _classified(table: pd.DataFrame, params: Mapping):
    s, p, checked, codes, _ = run(table, "clusters", params)
    return s, p, codes, checked


def cluster_names(table: pd.DataFrame, **params) -> dict[str, str]:
    """``{"cluster_1": "chi tiêu thấp · ít mua · lâu chưa mua", …}``: each cluster's profile name
    (current language), by level code.

    Parameters are the ``clusters`` scheme's (``k``, ``seed``, ``features``).

    Examples
    --------
    >>> import phanloai
    >>> f = phanloai.load("fashion", n=2000)
    >>> names = cluster_names(f.customers, k=3)
    >>> list(names)
    ['cluster_1', 'cluster_2', 'cluster_3']
    """
    s, p, codes, checked = _classified(table, params)
    return dict(zip(s.codes(p)[:-1], s.names(checked, p, codes), strict=True))


def cluster_profiles(table: pd.DataFrame, **params) -> pd.DataFrame:
    """One row per cluster (indexed by its code): customers, share, the mean of each feature (raw
    units) and the profile name (``profile_name``, current language)."""
    s, p, codes, checked = _classified(table, params)
    k = int(p["k"])
    cols = s.feature_columns(p)
    placed = codes < k
    frame = pd.DataFrame(
        {c: checked[c].to_numpy(dtype=float, na_value=np.nan)[placed] for c in cols}
    )
    means = frame.groupby(codes[placed]).mean().reindex(range(k))
    counts = np.bincount(codes[placed], minlength=k)
    index = pd.CategoricalIndex(
        s.codes(p)[:-1], dtype=LevelDtype(s.codes(p), True, s, p), name="clusters"
    )
    return pd.DataFrame(
        {
            "customers": counts,
            "customer_share": counts / max(int(placed.sum()), 1),
            **{c: means[c].to_numpy() for c in cols},
            "profile_name": s.names(checked, p, codes),
        },
        index=index,
    )
