"""RFM on real transactions (issue 11): timestamps, time zones, orders after the recency date,
purchases counted by order or by day. Expected values are worked out by hand or with a plain
pandas groupby, never with the package's own helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import phanloai
from phanloai import PhanloaiError, order_features


def _orders(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])


def test_an_order_earlier_the_same_day_is_recency_zero_and_yesterday_is_one():
    orders = _orders(
        [
            ("A", "2025-12-31 15:00", 100_000),  # later on the as-of day: still in, 0 days
            ("B", "2025-12-30 15:00", 200_000),  # yesterday afternoon: 1 day
            ("C", "2025-12-30 23:59", 300_000),  # one minute before midnight: still 1 day
            ("C", "2025-12-01 08:00", 50_000),
        ]
    )
    f = order_features(orders, ["A", "B", "C"], as_of="2025-12-31")
    assert f["recency_days"].tolist() == [0, 1, 1]
    assert f["n_orders"].tolist() == [1, 1, 2]
    assert f["total_spend"].tolist() == [100_000, 200_000, 350_000]
    assert f.attrs["after_as_of"] == 0


def test_orders_after_as_of_are_left_out_and_counted():
    orders = _orders(
        [
            ("A", "2025-12-20", 100_000),
            ("A", "2026-01-03", 999_000),  # after: not in any feature
            ("B", "2026-01-05", 500_000),  # B's only order is after: B has not bought yet
            ("C", "2025-12-31 12:30", 70_000),
        ]
    )
    f = order_features(orders, ["A", "B", "C"], as_of="2025-12-31")
    assert f.attrs["after_as_of"] == 2
    assert f.loc["A", ["n_orders", "total_spend", "recency_days"]].tolist() == [1, 100_000, 11]
    assert f.loc["B", "n_orders"] == 0 and pd.isna(f.loc["B", "recency_days"])
    # a time given with the date cuts there: the 12:30 order of C is after 12:00
    g = order_features(orders, ["A", "B", "C"], as_of="2025-12-31 12:00")
    assert g.attrs["after_as_of"] == 3
    assert g.loc["C", "n_orders"] == 0


def test_aware_timestamps_are_read_as_vietnam_time():
    utc = pd.to_datetime(["2025-12-31 16:30", "2025-12-31 17:30"]).tz_localize("UTC")
    orders = pd.DataFrame({"customer_id": ["A", "B"], "order_date": utc, "amount": [1, 2]})
    # 16:30 UTC is 23:30 in Vietnam (31/12); 17:30 UTC is 00:30 on 1/1 — after the as-of day
    f = order_features(orders, ["A", "B"], as_of="2025-12-31")
    assert f["n_orders"].tolist() == [1, 0]
    assert f.loc["A", "last_purchase"] == pd.Timestamp("2025-12-31 23:30")
    # an aware as_of is converted the same way: 16:45 UTC is 23:45 in Vietnam, a cut in time
    g = order_features(orders, ["A", "B"], as_of=pd.Timestamp("2025-12-31 16:45", tz="UTC"))
    assert g["n_orders"].tolist() == [1, 0]
    # 17:00 UTC is midnight in Vietnam: a date alone, the whole of 1/1 — B's 00:30 order is in
    h = order_features(orders, ["A", "B"], as_of=pd.Timestamp("2025-12-31 17:00", tz="UTC"))
    assert h["n_orders"].tolist() == [1, 1] and h["recency_days"].tolist() == [1, 0]


def test_rfm_never_sees_a_negative_recency():
    orders = _orders([("A", "2025-12-31 18:00", 100_000), ("B", "2026-02-01", 100_000)])
    customers = pd.DataFrame({"customer_id": ["A", "B"]})
    feats = order_features(orders, customers["customer_id"], as_of="2025-12-31")
    labels = phanloai.classify(customers.join(feats, on="customer_id"), "rfm")
    assert (feats["recency_days"].dropna() >= 0).all()
    assert labels.tolist()[1] == "never"  # B's only order is after the date: not a buyer yet


def test_counting_days_merges_orders_of_one_day():
    orders = _orders(
        [
            ("A", "2025-11-02 09:00", 100),
            ("A", "2025-11-02 18:00", 200),  # same day: one purchase when counting days
            ("A", "2025-11-03 09:00", 300),
            ("B", "2025-11-05 10:00", 50),
        ]
    )
    by_order = order_features(orders, ["A", "B"], "2025-12-31")
    by_day = order_features(orders, ["A", "B"], "2025-12-31", count="days")
    assert by_order["n_orders"].tolist() == [3, 1]
    assert by_day["n_orders"].tolist() == [2, 1]
    assert by_day["total_spend"].tolist() == [600, 50]  # spend does not change
    assert by_day.loc["A", "avg_order_value"] == 300  # 600 over two purchase days


def test_an_unknown_way_of_counting_is_refused_in_both_languages():
    orders = _orders([("A", "2025-11-02", 100)])
    with pytest.raises(PhanloaiError, match="count='weeks'") as err:
        order_features(orders, ["A"], "2025-12-31", count="weeks")
    assert "(English:" in str(err.value)


def _groupby_reference(orders: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """The same quantities the plain pandas way (what PyMC-Marketing's rfm_summary gives)."""
    day = pd.Timestamp(as_of)
    o = orders[pd.to_datetime(orders["order_date"]) < day + pd.Timedelta(days=1)].copy()
    o["order_date"] = pd.to_datetime(o["order_date"])
    g = o.groupby("customer_id")
    out = pd.DataFrame(
        {
            "n_orders": g.size(),
            "total_spend": g["amount"].sum(),
            "first_purchase": g["order_date"].min(),
            "last_purchase": g["order_date"].max(),
            "n_days": g["order_date"].agg(lambda s: s.dt.normalize().nunique()),
        }
    )
    out["recency_days"] = (day - out["last_purchase"].dt.normalize()).dt.days
    return out


def test_every_quantity_agrees_with_a_plain_groupby_on_a_world_with_times():
    world = phanloai.load("fashion", n=3000, seed=1)
    orders = world.tables["orders"][["customer_id", "order_date", "amount"]].copy()
    rng = np.random.default_rng(0)
    # real exports carry times: spread the orders over the opening hours
    orders["order_date"] = orders["order_date"] + pd.to_timedelta(
        rng.integers(8 * 3600, 22 * 3600, len(orders)), unit="s"
    )
    as_of = "2025-11-30"  # some orders fall after it
    ref = _groupby_reference(orders, as_of)
    ids = world.customers["customer_id"]
    mine = order_features(orders, ids, as_of)
    days = order_features(orders, ids, as_of, count="days")
    buyers = mine[mine["n_orders"] > 0]
    assert set(buyers.index) == set(ref.index)
    ref = ref.reindex(buyers.index)
    for column in ("n_orders", "total_spend", "recency_days"):
        assert (buyers[column].to_numpy(dtype=float) == ref[column].to_numpy(dtype=float)).all()
    for column in ("first_purchase", "last_purchase"):
        assert (buyers[column].to_numpy() == ref[column].to_numpy()).all()
    assert (days.loc[buyers.index, "n_orders"].to_numpy() == ref["n_days"].to_numpy()).all()
    assert mine.attrs["after_as_of"] == int(
        (pd.to_datetime(orders["order_date"]) >= pd.Timestamp("2025-12-01")).sum()
    )


stamps = st.datetimes(
    min_value=pd.Timestamp("2024-01-01").to_pydatetime(),
    max_value=pd.Timestamp("2026-03-01").to_pydatetime(),
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from("ABCD"), stamps, st.integers(0, 5_000_000)),
        min_size=1,
        max_size=40,
    ),
    as_of=stamps,
)
def test_the_contract_for_any_orders(rows, as_of):
    orders = _orders(rows)
    ids = list("ABCDE")
    by_order = order_features(orders, ids, as_of)
    by_day = order_features(orders, ids, as_of, count="days")
    assert (by_order["recency_days"].dropna() >= 0).all()  # never negative
    assert (by_day["n_orders"] <= by_order["n_orders"]).all()
    assert ((by_day["n_orders"] > 0) == (by_order["n_orders"] > 0)).all()
    assert (by_day["total_spend"] == by_order["total_spend"]).all()
    # every order is either counted or reported as after the date (a date alone: the whole day)
    cut = pd.Timestamp(as_of)
    cut = cut + pd.Timedelta(days=1) - pd.Timedelta(seconds=1) if cut == cut.normalize() else cut
    after = sum(1 for _, t, _ in rows if pd.Timestamp(t).floor("s") > cut)
    assert by_order.attrs["after_as_of"] == after
    assert int(by_order["n_orders"].sum()) == len(rows) - after


def test_the_door_keeps_an_order_later_on_the_chosen_day(tmp_path):
    path = tmp_path / "don_hang.csv"
    path.write_text(
        "Mã KH,Ngày mua,Thành tiền\n"
        "KH1,31/12/2025 15:30,100.000\n"
        "KH1,30/12/2025 09:00,50.000\n"
        "KH2,02/01/2026 10:00,70.000\n",
        encoding="utf-8",
    )
    data = phanloai.from_files(orders=path, as_of="2025-12-31")
    c = data.customers.set_index("customer_id")
    assert c.loc["KH1", "n_orders"] == 2 and c.loc["KH1", "recency_days"] == 0
    after = data.report[data.report["problem_en"].str.contains("after", case=False)]
    assert after["row"].tolist() == [4]  # only the 2/1/2026 line, named by its row


# -- your own segment map -------------------------------------------------------------------------
from phanloai.schemes.rfm import read_segment_map, rfm_segments  # noqa: E402

FIXED = dict(  # fixed cut points: the scores below are worked out by hand from them
    method="fixed",
    r_days_1=30,
    r_days_2=90,
    r_days_3=180,
    r_days_4=365,
    f_orders_1=2,
    f_orders_2=3,
    f_orders_3=4,
    f_orders_4=8,
    m_spend_1=1_000_000,
    m_spend_2=2_000_000,
    m_spend_3=5_000_000,
    m_spend_4=10_000_000,
)
TWO_WAY = {
    "Giữ chặt": {"R": "4-5", "F": "*", "M": "*"},
    "Kéo lại": [{"R": "1-3", "F": "3-5"}],
    "Để nguội": {"R": "1-3", "F": "1-2"},
}


def test_your_own_map_names_each_customer_by_hand():
    table = pd.DataFrame(
        {
            # R: 10 days → 5; 200 days → 2; 400 days → 1
            "recency_days": [10, 200, 400, None, 50],
            # F: 9 orders → 5; 3 → 3; 1 → 1
            "n_orders": [9, 3, 1, 0, 2],
            "total_spend": [12_000_000, 2_500_000, 100_000, 0, 1_500_000],
        },
        index=[10, 11, 12, 13, 14],
    )
    got = rfm_segments(table, TWO_WAY, **FIXED)
    # 50 days → R 4: "Giữ chặt" whatever F and M
    assert got.tolist() == ["Giữ chặt", "Kéo lại", "Để nguội", "never", "Giữ chặt"]
    assert got.index.tolist() == [10, 11, 12, 13, 14]
    assert got.cat.categories.tolist() == ["Giữ chặt", "Kéo lại", "Để nguội", "never", "unknown"]


def test_a_map_as_a_table_gives_the_same_segments():
    table = pd.DataFrame(
        {
            "segment": ["A", "B", "B"],
            "R": ["4-5", "1–3", "1-3"],
            "F": ["", 3, "4-5"],
            "M": ["*"] * 3,
        }
    )
    gaps = pd.DataFrame({"recency_days": [5, 300, 300], "n_orders": [1, 3, 1]})
    gaps["total_spend"] = 500_000
    with pytest.raises(PhanloaiError, match="chưa có nhóm"):
        rfm_segments(gaps, table, **FIXED)  # R 1-3 with F 1-2 is named nowhere
    full = pd.concat(
        [table, pd.DataFrame({"segment": ["C"], "R": ["1-3"], "F": ["1-2"], "M": [None]})]
    )
    assert rfm_segments(gaps, full, **FIXED).tolist() == ["A", "B", "C"]


def test_a_gap_names_the_cells_and_an_overlap_names_both_segments():
    with pytest.raises(PhanloaiError) as gap:
        read_segment_map({"A": {"R": "2-3"}}, bins=3)
    text = str(gap.value)
    assert "9 ô (R,F,M) chưa có nhóm: (1,1,1), (1,1,2)" in text and "(English:" in text
    with pytest.raises(PhanloaiError) as overlap:
        read_segment_map({"A": {"R": "1-2"}, "B": {"R": "2-3"}}, bins=3)
    assert "'A' và 'B' cùng nhận 9 ô" in str(overlap.value)
    assert "(2,1,1)" in str(overlap.value)


@pytest.mark.parametrize(
    ("segments", "says"),
    [
        ({"A": {"R": "0-5"}}, "1..5"),
        ({"A": {"R": "5-4"}}, "thấp đến cao"),
        ({"A": {"R": "cao"}}, r"một khoảng \(4-5\)"),
        ({"A": {"X": 1}}, "khóa lạ X"),
        ({"never": {}}, "khách chưa mua"),
        ({"A": "R=5"}, "mỗi quy tắc là một dict"),
        (["A"], "dict hoặc một bảng"),
        (pd.DataFrame({"name": ["A"], "R": [1]}), "cần các cột segment"),
    ],
)
def test_malformed_maps_are_refused_in_both_languages(segments, says):
    with pytest.raises(PhanloaiError, match=says) as err:
        read_segment_map(segments)
    assert "(English:" in str(err.value)


@settings(max_examples=40, deadline=None)
@given(
    k=st.integers(3, 5),
    owners=st.lists(st.integers(0, 3), min_size=125, max_size=125),
)
def test_any_partition_of_the_cells_is_a_valid_map(k, owners):
    cells = [(r, f, m) for r in range(1, k + 1) for f in range(1, k + 1) for m in range(1, k + 1)]
    spec: dict = {}
    for (r, f, m), o in zip(cells, owners, strict=False):
        spec.setdefault(f"S{o}", []).append({"R": r, "F": f, "M": m})
    names, grid = read_segment_map(spec, bins=k)
    for (r, f, m), o in zip(cells, owners, strict=False):
        assert names[grid[r, f, m]] == f"S{o}"


# -- the lesson and its switch --------------------------------------------------------------------
def test_the_switch_recounts_by_day_and_the_moves_are_listed():
    from phanloai.lessons.rfm_clusters import counting_moves
    from phanloai.widgets import counting_switch

    world = phanloai.load("fashion", n=3000, seed=2)
    orders = world.tables["orders"]
    days = orders.groupby("customer_id")["order_date"].agg(lambda s: s.dt.normalize().nunique())
    switch = counting_switch(world)
    by_order = switch.explorer.labels.astype(str).to_numpy()
    assert (switch.explorer.table["n_orders"].to_numpy() == world.customers["n_orders"]).all()
    switch.switch.value = "days"
    table = switch.explorer.table.set_index("customer_id")
    assert (table.loc[days.index, "n_orders"].to_numpy() == days.to_numpy()).all()
    by_day = switch.explorer.labels.astype(str).to_numpy()
    moves = counting_moves(world)
    changed = world.customers["customer_id"].to_numpy()[by_order != by_day]
    assert sorted(moves["customer_id"]) == sorted(changed)
    assert (moves["n_days"] <= moves["n_orders"]).all()
    assert (moves["n_days"].to_numpy() == days.reindex(moves["customer_id"]).to_numpy()).all()
