"""The loader: every world has its tables, unique ids, and features that match its orders."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai.params import synthetic_dir

EXPECTED_TABLES = {
    "spa": {"customers", "orders", "events", "pipeline", "staff", "internal"},
    "bolts": {
        "customers",
        "orders",
        "events",
        "quotes",
        "contracts",
        "tickets",
        "staff",
        "internal",
    },
    "fashion": {"customers", "orders", "events", "sessions", "internal"},
}


@pytest.mark.parametrize("name", phanloai.CASES)
def test_tables_and_ids(cases, name):
    case = cases[name]
    assert set(case.tables) == EXPECTED_TABLES[name]
    customers = case.customers
    assert case.n == len(customers)
    assert customers["customer_id"].is_unique
    assert customers["customer_id"].notna().all()
    # every child row points at a real customer
    for table in ("orders", "events"):
        assert set(case.tables[table]["customer_id"].astype(str)) <= set(customers["customer_id"])
    assert {
        "n_orders",
        "total_spend",
        "first_purchase",
        "last_purchase",
        "recency_days",
        "distance_km",
    } <= set(customers)


def test_default_sizes(cases):
    assert len(cases["bolts"].customers) == 10_000  # the article's 10,000 firms
    assert len(cases["spa"].customers) == 4_800
    assert len(cases["fashion"].customers) == 30_000


def test_size_and_seed_arguments():
    spa = phanloai.load("spa", n=3000, seed=7)
    assert len(spa.customers) == 3000 and spa.seed == 7
    assert len(phanloai.load("fashion", n=1).customers) == 1


@pytest.mark.parametrize("name", phanloai.CASES)
def test_features_match_orders(cases, name):
    """Recompute spend and counts for every customer with a plain groupby."""
    case = cases[name]
    orders = case.orders.assign(customer_id=case.orders["customer_id"].astype(str))
    per = orders.groupby("customer_id")["amount"].agg(["size", "sum"])
    c = case.customers.set_index("customer_id")
    assert (c.loc[per.index, "n_orders"] == per["size"]).all()
    assert (c.loc[per.index, "total_spend"] == per["sum"]).all()
    never = c.index.difference(per.index)
    assert (c.loc[never, "n_orders"] == 0).all() and c.loc[never, "last_purchase"].isna().all()
    last = orders.groupby("customer_id")["order_date"].max()
    expected_recency = (case.as_of - last).dt.days
    assert (c.loc[last.index, "recency_days"].astype(int) == expected_recency).all()
    assert (c["recency_days"].dropna() >= 0).all()


def test_dates_inside_the_world(cases):
    for case in cases.values():
        assert case.orders["order_date"].max() <= case.as_of
        assert case.events["timestamp"].max() < case.as_of + pd.Timedelta(days=1)


def test_spa_pipeline_is_consistent(spa):
    last_stage = spa.pipeline.groupby("customer_id", observed=True)["stage"].last()
    current = spa.customers.set_index("customer_id")["stage"]
    assert (
        last_stage.astype(str) == current.loc[last_stage.index.astype(str)].astype(str).to_numpy()
    ).all()
    bought = spa.customers["n_orders"] > 0
    assert (spa.customers.loc[bought, "stage"] == "Đã mua").all()
    # dates never go backwards inside a lead's history
    diffs = spa.pipeline.groupby("customer_id", observed=True)["entered_at"].diff().dropna()
    assert (diffs >= pd.Timedelta(0)).all()


def test_bolts_contracts_and_tickets(bolts):
    c = bolts.customers
    assert (c["contract_signed"] == (c["n_contracts"] > 0)).all()
    # who orders without a contract orders only outside one (a spot order against a quote)
    spot_buyers = set(bolts.orders.loc[bolts.orders["contract_id"].isna(), "customer_id"])
    unsigned_buyers = set(c.loc[(c["n_orders"] > 0) & ~c["contract_signed"], "customer_id"])
    assert unsigned_buyers and unsigned_buyers == spot_buyers
    assert set(bolts.tickets["order_id"].astype(str)) <= set(bolts.orders["order_id"])
    q = bolts.quotes
    assert (q["amount"] == q["quantity"] * q["unit_price"]).all()
    foreign = c["country"] != "Việt Nam"
    assert foreign.any() and c.loc[foreign, "province"].isna().all()


def test_fashion_sessions_and_events(fashion):
    s = fashion.sessions
    assert (s.loc[s["purchased"], "added_to_cart"]).all()
    views = (
        fashion.events["event_type"]
        .eq("xem_trang")
        .groupby(fashion.events["session_id"], observed=True)
        .sum()
    )
    assert (
        views.to_numpy()
        == s.set_index("session_id").loc[views.index.astype(str), "pages"].to_numpy()
    ).all()
    web_orders = (fashion.orders["channel"] == "Website").sum()
    assert s["purchased"].sum() == web_orders


def test_load_from_edited_parameter_file(tmp_path):
    text = (synthetic_dir() / "spa.toml").read_text("utf-8")
    edited = text.replace('"Spa Hoa Sen"\nprovince', '"Spa Hoa Sen Đà Nẵng"\nprovince', 1)
    edited = edited.replace(
        'province = "TP Hồ Chí Minh"\nlat = 10.7769\nlon = 106.7009',
        'province = "Đà Nẵng"\nlat = 16.0678\nlon = 108.2208',
    )
    path = tmp_path / "spa_da_nang.toml"
    path.write_text(edited, "utf-8")
    variant = phanloai.load(path, n=2000)
    assert variant.name == "spa" and variant.shop["province"] == "Đà Nẵng"
    assert variant.customers["province"].value_counts().idxmax() == "Đà Nẵng"
    same = phanloai.load("spa", n=2000, params=path)
    pd.testing.assert_frame_equal(variant.customers, same.customers)


def test_case_object_helpers(spa):
    summary = spa.summary()
    assert list(summary.iloc[:, 0]) == list(spa.tables)
    assert "Spa" in spa._repr_html_()
    stories = spa.story_table()
    assert len(stories) >= 4
    phanloai.set_language("en")
    assert spa.title == "Hoa Sen spa & beauty clinic (Ho Chi Minh City)"
    assert "story" in spa.story_table().columns


def test_categoricals_keep_memory_small(fashion):
    c = fashion.customers
    for col in ("province", "region", "source", "gender", "full_name"):
        assert isinstance(c[col].dtype, pd.CategoricalDtype), col
    assert np.issubdtype(c["total_spend"].dtype, np.integer)
