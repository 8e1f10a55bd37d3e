"""Customer lifetime value (issue 11): historic value by hand, the models' summary checked
against a plain groupby, and — when the ``clv`` extra is installed (CI installs it) — the
BG/NBD + Gamma-Gamma fit checked on a period it has not seen."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError, clv


def test_historic_value_is_spend_times_margin():
    table = pd.DataFrame({"total_spend": [2_000_000, 0, 450_000]})
    assert clv.historic_value(table, margin=0.5).tolist() == [1_000_000, 0, 225_000]
    spa = phanloai.load("spa", n=200, seed=1)
    value = clv.historic_value(spa)  # the spa's declared margin
    assert np.allclose(value, spa.customers["total_spend"] * clv.MARGINS["spa"])


@pytest.mark.parametrize("margin", [0, -0.2, 1.5, "nhiều", float("nan")])
def test_an_impossible_margin_is_refused(margin):
    with pytest.raises(PhanloaiError, match="margin") as err:
        clv.historic_value(pd.DataFrame({"total_spend": [1]}), margin=margin)
    assert "(English:" in str(err.value)


def test_a_table_without_a_margin_asks_for_one():
    with pytest.raises(PhanloaiError, match="tỷ suất lợi nhuận gộp"):
        clv.historic_value(pd.DataFrame({"total_spend": [1]}))


def test_summary_by_hand():
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "B", "C"],
            "order_date": [
                "2025-03-01 09:00",
                "2025-03-01 17:00",  # same day: one purchase day of 300
                "2025-03-11",
                "2025-03-21",
                "2025-03-26",
                "2025-04-02",  # after as_of: left out, C has not bought yet
            ],
            "amount": [100, 200, 400, 600, 50, 70],
        }
    )
    s = clv.summary(orders, "2025-03-31").set_index("customer_id")
    assert s.index.tolist() == ["A", "B"]
    # A: purchase days 1/3, 11/3, 21/3 → 2 repeats, 20 days from first to last, 30 to as_of,
    # mean repeat spend (400 + 600) / 2
    assert s.loc["A"].tolist() == [2, 20, 30, 500.0]
    assert s.loc["B"].tolist() == [0, 0, 5, 0.0]


def test_summary_agrees_with_a_plain_groupby_on_a_world():
    world = phanloai.load("fashion", n=3000, seed=3)
    orders = world.tables["orders"]
    s = clv.summary(orders, world.as_of).set_index("customer_id")
    days = orders.assign(d=orders["order_date"].dt.normalize()).groupby(["customer_id", "d"])
    daily = days["amount"].sum().reset_index()
    g = daily.groupby("customer_id")
    assert (s["frequency"] == g.size().reindex(s.index) - 1).all()
    assert (s["T"] == (world.as_of.normalize() - g["d"].min()).dt.days.reindex(s.index)).all()
    assert (s["recency"] == (g["d"].max() - g["d"].min()).dt.days.reindex(s.index)).all()


def test_without_the_library_the_message_says_how_to_install(monkeypatch):
    monkeypatch.setattr(clv, "available", lambda: False)
    with pytest.raises(PhanloaiError, match="uv sync --extra clv"):
        clv.fit(pd.DataFrame(), "2025-06-30", margin=0.4)


def test_holdout_refuses_a_test_period_before_the_training_one():
    world = phanloai.load("fashion", n=500, seed=1)
    with pytest.raises(PhanloaiError, match="phải sau train_end"):
        clv.holdout(world, train_end="2025-12-31", test_end="2025-06-30")


@pytest.fixture(scope="module")
def checked():
    if not clv.available():
        if os.environ.get("PHANLOAI_CLV_TESTS") == "required":  # CI installs the extra
            pytest.fail("PHANLOAI_CLV_TESTS=required but PyMC-Marketing is not installed")
        pytest.skip("the clv extra is not installed: uv sync --extra clv")
    world = phanloai.load("fashion", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return world, clv.holdout(world, "2025-06-30")


def test_the_forecast_holds_on_the_months_it_has_not_seen(checked):
    world, check = checked
    rows = check[check["decile"] > 0]
    everyone = check[check["decile"] == 0].iloc[0]
    assert rows["decile"].tolist() == list(range(1, 11))
    assert rows["customers"].sum() == everyone["customers"]
    # the buyers before 1 July, counted with plain pandas
    orders = world.tables["orders"]
    before = orders[orders["order_date"] < "2025-07-01"]
    assert everyone["customers"] == before["customer_id"].nunique()
    # the tenth expected to buy most does buy most, and the whole forecast is within 20 %
    assert rows["actual_days"].iloc[0] == rows["actual_days"].max()
    assert abs(everyone["expected_days"] / everyone["actual_days"] - 1) < 0.2
    fit = check.attrs["fit"]
    t = fit.table
    assert t["p_alive"].between(0, 1).all()
    assert (t["expected_purchases"] >= 0).all() and (t["clv"] >= 0).all()
    # BG/NBD: a buyer whose last repeat purchase lies long ago is less likely still active…
    repeat = t[t["frequency"] >= 1]
    assert np.corrcoef(repeat["T"] - repeat["recency"], repeat["p_alive"])[0, 1] < -0.3
    # …and one who never came back has shown no sign of leaving yet (the model's assumption,
    # which the lesson points out)
    assert (t.loc[t["frequency"] == 0, "p_alive"] == 1).all()


def test_the_holdout_chart_names_its_axes_in_the_current_language(checked):
    _, check = checked
    fig = clv.plot_holdout(check)
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("Nhóm 1/10") and len(ax.patches) == 20
    with phanloai.language("en"):
        fig = clv.plot_holdout(check)
    assert fig.axes[0].get_title() == "Forecast and reality, test period"
