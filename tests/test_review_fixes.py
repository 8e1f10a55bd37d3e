"""Findings of a newcomer review (issues 9, 11, 12), each kept fixed."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.intake.sample import messy_files


def test_money_clv_and_messy_are_reachable_after_a_plain_import():
    code = (
        "import phanloai; print(phanloai.money.__name__, phanloai.clv.__name__, "
        "phanloai.messy.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["phanloai.money", "phanloai.clv", "phanloai.messy"]


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    folder = messy_files(tmp_path_factory.mktemp("mau"))
    return phanloai.from_files(customers=folder / "khach_hang.csv", orders=folder / "don_hang.xlsx")


def test_the_counting_switch_counts_orders_as_the_door_did(own):
    from phanloai.widgets import counting_switch

    switch = counting_switch(own)
    by_door = phanloai.classify(own.customers, "rfm").astype(str).to_numpy()
    assert (switch.explorer.labels.astype(str).to_numpy() == by_door).all()
    switch.switch.value = "days"
    days = switch.explorer.table
    # counting days changes the number of purchases only, never the spend or the recency
    assert (days["n_orders"] <= own.customers["n_orders"]).all()
    for column in ("total_spend", "recency_days"):
        left, right = (
            days[column].to_numpy(dtype=float),
            own.customers[column].to_numpy(dtype=float),
        )
        assert np.array_equal(left, right, equal_nan=True), column


def test_the_counting_switch_takes_a_case_name_and_refuses_a_table():
    from phanloai.widgets import counting_switch

    assert counting_switch("fashion").case.name == "fashion"
    with pytest.raises(PhanloaiError, match="bảng đơn hàng"):
        counting_switch(phanloai.load("fashion", n=200).customers)


def test_refunds_are_no_purchase_day_for_the_clv_summary(own):
    assert (phanloai.clv.summary(own.tables["orders"], own.as_of)["monetary_value"] >= 0).all()


def test_channel_economics_of_a_messy_world_keeps_blank_sources_apart():
    report = phanloai.money.channel_economics(phanloai.load("spa", n=1500, seed=2, messy=True))
    blank = report[report["channel"] == "unknown"].iloc[0]
    assert blank["leads"] > 0 and blank["spend"] == 0
    assert np.isnan(blank["cost_per_lead"]) and np.isnan(blank["cac"])
    assert (report["leads"] > 0).all()


def test_report_lines_about_another_row_read_right(own):
    lines = own.report_text("en").splitlines()
    same_phone = [line for line in lines if "same phone number" in line]
    assert same_phone and all(
        "as an earlier row" in line or "as row " in line for line in same_phone
    )
    assert not any("as row (" in line for line in lines)
