"""RFM scores and segments, and k-means clusters: hand-computed cases, ties, duplicate edges,
fixed cut points, the whole score grid, missing data, bad input, properties, and clusters that
are deterministic, recover planted groups and are named after their profile."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

import phanloai
from phanloai import PhanloaiError
from phanloai.schemes import SCHEMES, UNKNOWN_VI
from phanloai.schemes.clusters import FEATURE_SETS, cluster_names, cluster_profiles
from phanloai.schemes.rfm import SEGMENT_GRID, rfm_scores, rfm_segment_grid, segment_code

RFM = SCHEMES["rfm"]
UNKNOWN = "unknown"
SEGMENTS = [lv.code for lv in RFM.levels if lv.code != "never"]


# -- a small table worked out by hand --------------------------------------------------------------
# Ten buyers with distinct recencies, plus a non-buyer and two rows with missing data.
#   quantile, k = 5: score = 1 + ⌊5 × (buyers strictly worse) / 10⌋
#   R (fewer days better): 5 10 20 40 60 90 120 200 300 400 → 5 5 4 4 3 3 2 2 1 1
#   F: orders 12 1 6 3 3 1 2 8 1 1; sorted 1 1 1 1 2 3 3 6 8 12
#      below: 1→0, 2→4, 3→5, 6→7, 8→8, 12→9 → F = 1, 3, 3, 4, 5, 5
#   M: spends all distinct, rank b = 0..9 → 1 + ⌊b / 2⌋
#   FM = ⌊(F + M) / 2⌋, then the grid.
HAND = pd.DataFrame(
    {
        "customer_id": list("ABCDEFGHIJKLM"),
        "n_orders": [12, 1, 6, 3, 3, 1, 2, 8, 1, 1, 0, np.nan, 2],
        "total_spend": [30e6, 300e3, 9e6, 2e6, 2.5e6, 500e3, 1e6, 20e6, 400e3, 200e3, 0, 1e6, 4e6],
        "recency_days": [5, 10, 20, 40, 60, 90, 120, 200, 300, 400, np.nan, 30, np.nan],
    },
    index=pd.Index([f"kh{i}" for i in range(13)], name="row"),
)
HAND_R = [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
HAND_F = [5, 1, 4, 3, 3, 1, 3, 5, 1, 1]
HAND_M = [5, 1, 4, 3, 4, 2, 3, 5, 2, 1]
HAND_QUANTILE = [
    "champions",
    "new",
    "loyal",
    "potential",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose",
    "lost",
    "lost",
    "never",
]
# fixed defaults: R cuts 30/90/180/365 days, F cuts 2/3/4/8 orders, M cuts 1/2/5/10 million
#   A R5 F5 M5 champions · B R5 F1 M1 new · C R5 F4 M4 champions · D R4 F3 M3 potential
#   E R4 F3 M3 potential · F R4 F1 M1 promising · G R3 F2 M2 about_to_sleep · H R2 F5 M5 can't lose
#   I R2 F1 M1 hibernating · J R1 F1 M1 lost
HAND_FIXED_R = [5, 5, 5, 4, 4, 4, 3, 2, 2, 1]
HAND_FIXED_F = [5, 1, 4, 3, 3, 1, 2, 5, 1, 1]
HAND_FIXED_M = [5, 1, 4, 3, 3, 1, 2, 5, 1, 1]
HAND_FIXED = [
    "champions",
    "new",
    "champions",
    "potential",
    "potential",
    "promising",
    "about_to_sleep",
    "cant_lose",
    "hibernating",
    "lost",
    "never",
]


def test_hand_computed_quantile_scores_and_segments():
    scores = rfm_scores(HAND)
    assert scores.index.equals(HAND.index) and list(scores.columns) == ["R", "F", "M"]
    assert scores["R"].iloc[:10].tolist() == HAND_R
    assert scores["F"].iloc[:10].tolist() == HAND_F
    assert scores["M"].iloc[:10].tolist() == HAND_M
    assert scores.iloc[10:].isna().all().all()  # non-buyer and missing data: no score
    labels = phanloai.classify(HAND, "rfm")
    assert labels.tolist() == list(HAND_QUANTILE) + [UNKNOWN, UNKNOWN]


def test_hand_computed_fixed_cut_points():
    scores = rfm_scores(HAND, method="fixed")
    assert scores["R"].iloc[:10].tolist() == HAND_FIXED_R
    assert scores["F"].iloc[:10].tolist() == HAND_FIXED_F
    assert scores["M"].iloc[:10].tolist() == HAND_FIXED_M
    labels = phanloai.classify(HAND, "rfm", method="fixed")
    assert labels.tolist() == list(HAND_FIXED) + [UNKNOWN, UNKNOWN]


def test_fixed_cut_points_at_the_edges():
    t = pd.DataFrame(
        {
            "n_orders": [1, 2, 7, 8, 8],
            "total_spend": [999_999, 1e6, 9_999_999, 10e6, 10e6],
            "recency_days": [30, 31, 365, 366, 0],
        }
    )
    s = rfm_scores(t, method="fixed")
    assert s["R"].tolist() == [5, 4, 2, 1, 5]  # "≤ cut" keeps the better score
    assert s["F"].tolist() == [1, 2, 4, 5, 5]  # "≥ cut" reaches the next score
    assert s["M"].tolist() == [1, 2, 4, 5, 5]
    moved = rfm_scores(t, method="fixed", r_days_1=31, f_orders_4=7, m_spend_4=9_999_999)
    assert moved["R"].tolist()[:2] == [5, 5] and moved["F"].iloc[2] == 5 and moved["M"].iloc[2] == 5


def test_explain_shows_scores_values_and_segment():
    why = phanloai.explain(HAND, "rfm").iloc[:, 1]
    assert (
        why.iloc[0]
        == "R=5 (5 ngày), F=5 (12 đơn), M=5 (30.000.000 ₫) → Khách hàng xuất sắc (Champions)"
    )
    assert why.iloc[10].endswith("→ Chưa mua hàng")
    assert why.iloc[11] == f"thiếu giá trị: Số đơn hàng → {UNKNOWN_VI}"
    assert why.iloc[12] == f"thiếu giá trị: Số ngày từ lần mua gần nhất → {UNKNOWN_VI}"
    phanloai.set_language("en")
    why = phanloai.explain(HAND, "rfm", bins=3).iloc[:, 1]
    assert why.iloc[1].startswith("R=3/3 (10 days), F=1/3 (1 order), M=1/3 (300,000 VND) → ")


def test_from_an_orders_table():
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "C", "C", "C"],
            "order_date": [
                "2025-12-01",
                "2025-12-21",
                "2025-01-10",
                "2025-06-01",
                "2025-07-01",
                "2025-11-01",
            ],
            "amount": [2e6, 3e6, 500e3, 4e6, 4e6, 4e6],
        }
    )
    feats = phanloai.order_features(orders, ["A", "B", "C", "D"], as_of="2025-12-31")
    labels = phanloai.classify(feats, "rfm", method="fixed")
    # A: 10 days R5, 2 orders F2, 5M M4 → FM 3 → potential; B: 355 days R2, F1, M1 → hibernating
    # C: 60 days R4, 3 orders F3, 12M M5 → FM 4 → loyal; D: no order
    assert labels.tolist() == [
        "potential",
        "hibernating",
        "loyal",
        "never",
    ]
    nullable = feats.astype({"recency_days": "Int64", "n_orders": "Int64"})  # pd.NA instead of NaN
    assert phanloai.classify(nullable, "rfm", method="fixed").tolist() == labels.tolist()


# -- ties and duplicate edges -------------------------------------------------------------------------
def test_identical_customers_get_identical_scores():
    rng = np.random.default_rng(3)
    others = pd.DataFrame(
        {
            "n_orders": rng.integers(1, 20, 40),
            "total_spend": rng.integers(1, 500, 40) * 100_000.0,
            "recency_days": rng.integers(0, 700, 40),
        }
    )
    same = pd.DataFrame(
        {"n_orders": [4] * 10, "total_spend": [3_000_000.0] * 10, "recency_days": [45] * 10}
    )
    table = pd.concat([others.iloc[:20], same, others.iloc[20:]], ignore_index=True)
    for bins in (3, 4, 5):
        scores = rfm_scores(table, bins=bins).iloc[20:30]
        assert (scores.nunique() == 1).all(), scores
        assert phanloai.classify(table, "rfm", bins=bins).iloc[20:30].nunique() == 1


def test_duplicate_edges_do_not_crash():
    # 90 % of buyers have exactly one order: pd.qcut's edges collide
    n = 1000
    rng = np.random.default_rng(4)
    orders = np.where(np.arange(n) < 900, 1, rng.integers(2, 6, n))
    table = pd.DataFrame(
        {
            "n_orders": orders,
            "total_spend": np.where(orders == 1, 500_000, 2_000_000),
            "recency_days": rng.integers(0, 400, n),
        }
    )
    with pytest.raises(ValueError):
        pd.qcut(table["n_orders"], 5)  # the crash the rank-based scores avoid
    scores = rfm_scores(table)
    assert (scores["F"][orders == 1] == 1).all()  # one order: the lowest score, all alike
    assert (scores["F"][orders > 1] == 5).all()  # beat 90 % of buyers → ⌊5 × 0.9⌋ + 1
    assert set(scores["M"].unique()) == {1, 5}
    assert phanloai.classify(table, "rfm").notna().all()


def test_all_buyers_alike_and_a_single_buyer():
    one = pd.DataFrame({"n_orders": [3], "total_spend": [1e6], "recency_days": [10]})
    assert rfm_scores(one).iloc[0].tolist() == [1, 1, 1]
    alike = pd.concat([one] * 6, ignore_index=True)
    assert phanloai.classify(alike, "rfm").nunique() == 1


# -- every cell of the grid ---------------------------------------------------------------------------
@pytest.mark.parametrize("bins", [3, 4, 5])
def test_every_cell_maps_to_exactly_one_segment(bins):
    seen = set()
    for r, f, m in itertools.product(range(1, bins + 1), repeat=3):
        code = segment_code(r, f, m, bins)
        assert code in SEGMENTS
        seen.add(code)
    if bins == 5:
        assert seen == set(SEGMENTS)  # every named segment is reachable
    else:
        assert {"champions", "lost", "new", "cant_lose"} <= seen


def test_grid_is_whole_and_sensible():
    assert sorted(SEGMENT_GRID) == [1, 2, 3, 4, 5] and all(
        len(row) == 5 for row in SEGMENT_GRID.values()
    )
    assert rfm_segment_grid().shape == (5, 5)
    for r, f, m in itertools.product(range(1, 6), repeat=3):
        code = segment_code(r, f, m)
        if code == "champions":
            assert r >= 4 and f + m >= 8
        if code in ("lost", "hibernating", "at_risk", "cant_lose"):
            assert r <= 2
        if code in ("new", "promising"):
            assert r >= 4 and f + m <= 3


def test_classify_wires_every_cell_of_the_grid():
    """Fixed cut points give known scores, so a 125-row table hits each R × F × M cell once."""
    r_days = {5: 10, 4: 60, 3: 120, 2: 200, 1: 500}
    f_orders = {1: 1, 2: 2, 3: 3, 4: 5, 5: 9}
    m_spend = {1: 500e3, 2: 1.5e6, 3: 3e6, 4: 7e6, 5: 20e6}
    cells = list(itertools.product(range(1, 6), repeat=3))
    table = pd.DataFrame(
        {
            "recency_days": [r_days[r] for r, _, _ in cells],
            "n_orders": [f_orders[f] for _, f, _ in cells],
            "total_spend": [m_spend[m] for _, _, m in cells],
        }
    )
    scores = rfm_scores(table, method="fixed")
    assert list(map(tuple, scores.to_numpy().tolist())) == cells
    labels = phanloai.classify(table, "rfm", method="fixed")
    assert labels.tolist() == [segment_code(*c) for c in cells]


# -- missing data -------------------------------------------------------------------------------------
def test_missing_data():
    t = pd.DataFrame(
        {
            "n_orders": [0, 0, np.nan, 2, 2, 3],
            "total_spend": [0, np.nan, 1e6, np.nan, 1e6, 2e6],
            "recency_days": [np.nan, np.nan, 10, 10, np.nan, 10],
        }
    )
    labels = phanloai.classify(t, "rfm")
    assert labels.tolist()[:5] == [
        "never",
        "never",
        UNKNOWN,
        UNKNOWN,
        UNKNOWN,
    ]
    # rows with missing data do not move the others' ranks
    alone = rfm_scores(t.iloc[[5]])
    assert rfm_scores(t).iloc[[5]].equals(alone)


def test_text_holding_numbers_and_input_untouched():
    t = HAND.astype({"total_spend": "str"})
    before = t.copy()
    assert phanloai.classify(t, "rfm").tolist() == phanloai.classify(HAND, "rfm").tolist()
    pd.testing.assert_frame_equal(t, before)


# -- bad input ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cuts, name",
    [
        ({"r_days_2": 30}, "r_days"),
        ({"r_days_3": 80}, "r_days"),
        ({"f_orders_2": 2}, "f_orders"),
        ({"m_spend_4": 4_000_000}, "m_spend"),
    ],
)
def test_non_increasing_cut_points(cuts, name):
    with pytest.raises(PhanloaiError, match=f"{name}_1 < {name}_2 < {name}_3 < {name}_4") as err:
        phanloai.classify(HAND, "rfm", method="fixed", **cuts)
    assert "tăng dần" in err.value.vi and "must increase" in err.value.en
    phanloai.classify(HAND, "rfm", **cuts)  # unused by the quantile method: no complaint


@pytest.mark.parametrize(
    "params, word",
    [
        ({"bins": 6}, "bins"),
        ({"bins": 2}, "bins"),
        ({"bins": 4.5}, "bins"),
        ({"method": "kmeans"}, "method"),
        ({"r_days_1": 0}, "r_days_1"),
        ({"m_spend_1": "1 triệu"}, "m_spend_1"),
        ({"colour": 1}, "colour"),
    ],
)
def test_bad_parameters(params, word):
    with pytest.raises(PhanloaiError, match=word):
        phanloai.classify(HAND, "rfm", **params)
    with pytest.raises(PhanloaiError, match=word):
        rfm_scores(HAND, **params)


def test_missing_column_and_text_and_negatives():
    with pytest.raises(PhanloaiError, match="recency_days"):
        phanloai.classify(HAND.drop(columns="recency_days"), "rfm")
    bad = HAND.astype({"total_spend": "object"})
    bad.loc["kh3", "total_spend"] = "hai triệu"
    with pytest.raises(PhanloaiError, match="total_spend") as err:
        phanloai.classify(bad, "rfm")
    assert "kh3" in err.value.vi
    # a negative value is impossible: that customer is Unknown, with the value named (the one
    # rule of phanloai.schemes.inputs); the others keep their fixed-cut segments
    neg = HAND.copy()
    neg.loc["kh2", "recency_days"] = -3
    labels = phanloai.classify(neg, "rfm", method="fixed")
    expected = [*HAND_FIXED[:2], "unknown", *HAND_FIXED[3:]]
    assert labels.tolist()[:11] == expected
    why = phanloai.explain(neg, "rfm", method="fixed").loc["kh2", "reason"]
    assert "recency_days" in why and "-3" in why and "âm" in why
    with pytest.raises(PhanloaiError, match="DataFrame"):
        rfm_scores([1, 2, 3])


# -- properties ---------------------------------------------------------------------------------------
def _random_table(data, n_max=60):
    n = data.draw(st.integers(0, n_max))
    orders = data.draw(
        st.lists(st.one_of(st.integers(0, 30), st.just(0), st.none()), min_size=n, max_size=n)
    )
    spend = data.draw(st.lists(st.one_of(st.integers(0, 10**9), st.none()), min_size=n, max_size=n))
    recency = data.draw(
        st.lists(st.one_of(st.integers(0, 1000), st.none()), min_size=n, max_size=n)
    )
    return pd.DataFrame(
        {
            "n_orders": pd.array(orders, dtype="Int64"),
            "total_spend": pd.array(spend, dtype="Int64"),
            "recency_days": pd.array(recency, dtype="Int64"),
        }
    )


def _random_params(data):
    if data.draw(st.booleans()):
        return {"method": "quantile", "bins": data.draw(st.integers(3, 5))}
    r = sorted(data.draw(st.sets(st.integers(1, 1095), min_size=4, max_size=4)))
    f = sorted(data.draw(st.sets(st.integers(2, 100), min_size=4, max_size=4)))
    m = sorted(data.draw(st.sets(st.integers(1, 1000), min_size=4, max_size=4)))
    return {
        "method": "fixed",
        **{f"r_days_{i + 1}": v for i, v in enumerate(r)},
        **{f"f_orders_{i + 1}": v for i, v in enumerate(f)},
        **{f"m_spend_{i + 1}": v * 100_000 for i, v in enumerate(m)},
    }


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_property_one_declared_level_per_row(data):
    table = _random_table(data)
    params = _random_params(data)
    labels = phanloai.classify(table, "rfm", **params)
    assert labels.index.equals(table.index) and labels.notna().all()
    assert set(labels) <= set(RFM.codes(params))
    orders = table["n_orders"]
    assert (labels[orders.isna()] == UNKNOWN).all()
    assert (labels[orders.eq(0).fillna(False)] == "never").all()
    complete = table.notna().all(axis=1) & orders.gt(0).fillna(False)
    assert (labels[complete] != UNKNOWN).all() and (labels[complete] != "never").all()
    scores = rfm_scores(table, **params)
    k = params.get("bins", 5)
    assert scores[complete].isin(range(1, k + 1)).all().all()
    assert scores[~complete].isna().all().all()


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_property_more_spend_never_lowers_m(data):
    table = _random_table(data, n_max=40)
    complete = (table.notna().all(axis=1) & table["n_orders"].gt(0).fillna(False)).to_numpy()
    if not complete.any():
        return
    params = _random_params(data)
    row = data.draw(st.sampled_from(list(np.flatnonzero(complete))))
    raise_by = data.draw(st.integers(0, 10**9))
    richer = table.copy()
    richer.loc[row, "total_spend"] += raise_by
    more = table.copy()
    more.loc[row, "n_orders"] += data.draw(st.integers(0, 10))
    sooner = table.copy()
    sooner.loc[row, "recency_days"] = data.draw(st.integers(0, int(table.loc[row, "recency_days"])))
    before = rfm_scores(table, **params).loc[row]
    assert rfm_scores(richer, **params).loc[row, "M"] >= before["M"]
    assert rfm_scores(more, **params).loc[row, "F"] >= before["F"]
    assert rfm_scores(sooner, **params).loc[row, "R"] >= before["R"]


# -- clusters -----------------------------------------------------------------------------------------
def blobs(seed: int = 0, n: int = 150) -> tuple[pd.DataFrame, np.ndarray]:
    """Three well-separated groups of buyers: small & lapsed, middling, big & recent (shuffled)."""
    rng = np.random.default_rng(seed)
    groups = [  # spend (VND), orders, recency (days)
        (300_000, 1, 500),
        (3_000_000, 4, 200),
        (40_000_000, 16, 10),
    ]
    parts = []
    for g, (spend, orders, recency) in enumerate(groups):
        parts.append(
            pd.DataFrame(
                {
                    "total_spend": np.round(spend * np.exp(rng.normal(0, 0.15, n)), -3),
                    "n_orders": np.maximum(1, np.round(orders * np.exp(rng.normal(0, 0.1, n)))),
                    "recency_days": np.clip(np.round(recency + rng.normal(0, 15, n)), 0, None),
                    "truth": g,
                }
            )
        )
    table = pd.concat(parts, ignore_index=True).sample(frac=1, random_state=seed)
    table.index = pd.Index([f"c{i}" for i in range(len(table))])
    return table.drop(columns="truth"), table["truth"].to_numpy()


def test_clusters_recover_planted_groups_in_spend_order():
    table, truth = blobs()
    for seed in (0, 1, 7):
        labels = phanloai.classify(table, "clusters", k=3, seed=seed)
        assert adjusted_rand_score(truth, labels.cat.codes) == 1.0
        # ordered by mean total spend: the small spenders are cluster_1 ("Cụm 1"), the big ones cluster_3
        assert (labels.cat.codes.to_numpy() == truth).all()


def test_clusters_are_named_after_their_profile():
    table, _ = blobs()
    names = cluster_names(table, k=3)
    assert list(names) == ["cluster_1", "cluster_2", "cluster_3"]
    assert (
        names["cluster_1"].startswith("chi tiêu") and "thấp" in names["cluster_1"].split(" · ")[0]
    )
    assert "lâu chưa mua" in names["cluster_1"]
    assert names["cluster_3"].split(" · ")[0] in ("chi tiêu cao", "chi tiêu rất cao")
    assert "thường xuyên" in names["cluster_3"] and (
        "gần đây" in names["cluster_3"] or "vừa mới mua" in names["cluster_3"]
    )
    why = phanloai.explain(table, "clusters", k=3)
    big = why[why["level"] == "cluster_3"].iloc[0, 1]
    assert big.startswith(names["cluster_3"]) and big.endswith("→ Cụm 3")
    phanloai.set_language("en")
    names_en = cluster_names(table, k=3)
    assert list(names_en) == ["cluster_1", "cluster_2", "cluster_3"]
    assert "high spend" in names_en["cluster_3"] and "lapsed" in names_en["cluster_1"]
    profiles = cluster_profiles(table, k=3)
    assert list(profiles.index) == ["cluster_1", "cluster_2", "cluster_3"]
    assert phanloai.in_words(profiles).index[0] == "Cluster 1"
    assert profiles["total_spend"].is_monotonic_increasing and profiles["customers"].sum() == len(
        table
    )


def test_clusters_deterministic_for_a_seed(fashion):
    c = fashion.customers
    for features in FEATURE_SETS:
        a = phanloai.classify(c, "clusters", k=5, seed=11, features=features)
        b = phanloai.classify(c, "clusters", k=5, seed=11, features=features)
        pd.testing.assert_series_equal(a, b)
        assert cluster_names(c, k=5, seed=11, features=features) == cluster_names(
            c, k=5, seed=11, features=features
        )


def test_clusters_missing_features_go_to_unknown(fashion):
    c = fashion.customers.head(3000)
    behaviour = phanloai.classify(c, "clusters")
    never = c["recency_days"].isna().to_numpy()
    assert (behaviour[never] == UNKNOWN).all() and (behaviour[~never] != UNKNOWN).all()
    web = phanloai.classify(c, "clusters", features="engagement")  # everyone has web counts
    assert (web != UNKNOWN).all()
    why = phanloai.explain(c.head(50), "clusters").iloc[:, 1]
    assert why[never[:50]].str.startswith("thiếu giá trị: Số ngày từ lần mua gần nhất").all()


def test_clusters_bad_input():
    table, _ = blobs(n=3)
    for params, word in (
        ({"k": 9}, "'k'"),
        ({"k": 1}, "'k'"),
        ({"seed": -1}, "seed"),
        ({"features": "tuổi"}, "features"),
    ):
        with pytest.raises(PhanloaiError, match=word):
            phanloai.classify(table, "clusters", **params)
    with pytest.raises(PhanloaiError, match="k = 8") as err:
        phanloai.classify(table.head(5), "clusters", k=8)
    assert "'k'" in err.value.vi
    with pytest.raises(PhanloaiError, match="page_views"):
        phanloai.classify(table, "clusters", features="engagement")
    bad = table.astype({"n_orders": "object"})
    bad.iloc[2, bad.columns.get_loc("n_orders")] = "nhiều"
    with pytest.raises(PhanloaiError, match="n_orders"):
        phanloai.classify(bad, "clusters")
    empty = phanloai.classify(table.iloc[:0], "clusters")
    assert len(empty) == 0
    blank = table.assign(recency_days=np.nan)
    assert (
        phanloai.classify(blank, "clusters") == UNKNOWN
    ).all()  # nothing to cluster: all unknown


def test_fashion_level_counts(fashion):
    c = fashion.customers
    rfm = phanloai.classify(c, "rfm").value_counts()
    assert rfm["never"] == (c["n_orders"] == 0).sum()
    assert rfm[UNKNOWN] == 0
    assert (rfm.drop(["never", UNKNOWN]) > 0).all()  # every segment is populated in this world
