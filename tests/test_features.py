"""Behaviour features on small hand-made tables (expected values worked out by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import phanloai
from phanloai.features import contract_features, quote_features, support_features


@pytest.fixture
def orders():
    return pd.DataFrame(
        {
            "customer_id": ["A", "B", "A", "A"],
            "order_date": pd.to_datetime(["2025-01-10", "2025-03-01", "2025-02-01", "2025-12-01"]),
            "amount": [100_000, 250_000, 300_000, 200_000],
        }
    )


def test_order_features_by_hand(orders):
    f = phanloai.order_features(orders, ["A", "B", "C"], as_of="2025-12-31")
    assert f.loc["A", "n_orders"] == 3 and f.loc["A", "total_spend"] == 600_000
    assert f.loc["A", "avg_order_value"] == 200_000
    assert f.loc["A", "first_purchase"] == pd.Timestamp("2025-01-10")
    assert f.loc["A", "recency_days"] == 30  # 1 Dec → 31 Dec
    assert f.loc["B", "recency_days"] == 305  # 1 Mar → 31 Dec 2025
    assert f.loc["C", "n_orders"] == 0 and f.loc["C", "total_spend"] == 0
    assert pd.isna(f.loc["C", "recency_days"]) and pd.isna(f.loc["C", "avg_order_value"])
    assert list(f.index) == ["A", "B", "C"]


def test_event_features_abandoned_carts():
    events = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "B", "B", "B"],
            "session_id": ["s1", "s1", "s2", "s2", "s3", "s3", "s3"],
            "event_type": [
                "xem_trang",
                "them_gio",
                "them_gio",
                "mua_hang",
                "xem_trang",
                "xem_trang",
                "them_gio",
            ],
        }
    )
    f = phanloai.event_features(events, ["A", "B"])
    assert f.loc["A"].to_dict() == {
        "n_events": 4,
        "page_views": 1,
        "cart_adds": 2,
        "web_purchases": 1,
        "abandoned_carts": 1,
    }
    assert f.loc["B", "abandoned_carts"] == 1 and f.loc["B", "page_views"] == 2


def test_distance_between_hanoi_and_hcmc():
    c = pd.DataFrame({"lat": [10.7769, 21.0285], "lon": [106.7009, 105.8542]})
    d = phanloai.distance_km(c, 21.0285, 105.8542)
    assert d.iloc[1] == 0
    assert 1130 < d.iloc[0] < 1150  # Hanoi – Ho Chi Minh City is about 1,140 km as the crow flies


def test_quote_contract_support_features():
    quotes = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B"],
            "amount": [300, 100, 50],
            "standard": ["Đặt riêng", "ISO", "JIS"],
        }
    )
    q = quote_features(quotes, ["A", "B", "C"])
    assert q.loc["A", "custom_share"] == 0.75 and q.loc["B", "custom_share"] == 0
    assert pd.isna(q.loc["C", "custom_share"]) and q.loc["C", "n_quotes"] == 0
    contracts = pd.DataFrame({"customer_id": ["B"], "signed_date": pd.to_datetime(["2025-05-05"])})
    k = contract_features(contracts, ["A", "B"])
    assert list(k["contract_signed"]) == [False, True]
    tickets = pd.DataFrame({"customer_id": ["A", "A"], "hours": [1.5, 2.0]})
    s = support_features(tickets, ["A", "B"])
    assert s.loc["A", "support_hours"] == 3.5 and s.loc["B", "n_tickets"] == 0


def test_unknown_customer_is_named(orders):
    with pytest.raises(phanloai.PhanloaiError) as err:
        phanloai.order_features(orders, ["A"], as_of="2025-12-31")
    assert "orders" in err.value.vi and "dòng 1" in err.value.vi


def test_missing_column_is_named(orders):
    with pytest.raises(phanloai.PhanloaiError, match="amount"):
        phanloai.order_features(orders.drop(columns="amount"), ["A", "B"], as_of="2025-12-31")


def test_add_features_leaves_the_callers_table_alone(orders):
    customers = pd.DataFrame({"customer_id": ["A", "B", "C"], "total_spend": [1, 2, 3]})
    before = customers.copy()
    out = phanloai.add_features(customers, orders, as_of="2025-12-31")
    pd.testing.assert_frame_equal(customers, before)
    assert list(out["total_spend"]) == [600_000, 250_000, 0]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 729), st.integers(1_000, 50_000_000)),
        min_size=0,
        max_size=60,
    )
)
def test_order_features_conserve_orders_and_money(rows):
    ids = [f"K{i}" for i in range(10)]
    orders = pd.DataFrame(
        {
            "customer_id": [ids[r[0]] for r in rows],
            "order_date": pd.Timestamp("2024-01-01")
            + pd.to_timedelta([r[1] for r in rows], unit="D"),
            "amount": [r[2] for r in rows],
        }
    )
    f = phanloai.order_features(orders, ids, as_of="2025-12-31")
    assert f["n_orders"].sum() == len(rows)
    assert f["total_spend"].sum() == sum(r[2] for r in rows)
    bought = f["n_orders"] > 0
    assert (f.loc[bought, "first_purchase"] <= f.loc[bought, "last_purchase"]).all()
    assert (f.loc[bought, "recency_days"] >= 0).all()
    assert np.array_equal(f.loc[~bought, "total_spend"].to_numpy(), np.zeros((~bought).sum()))
