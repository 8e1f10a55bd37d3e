"""Claims the case texts make about their worlds (issue 12, "text that cannot drift"): each holds
at 20 seeds. The sentences are quoted beside the checks; if a world changes, these fail first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import phanloai

ROOT = Path(__file__).resolve().parents[1]
SEEDS = range(20)
MARKETPLACES = {"Shopee", "TikTok Shop"}


def _says(file: str, sentence: str) -> None:
    text = " ".join((ROOT / "casebook" / file).read_text("utf-8").split())
    assert sentence in text, f"{file} no longer says: {sentence}"


@pytest.mark.slow
def test_fashion_far_customers_buy_mostly_on_marketplaces_and_near_ones_do_not():
    _says("03_thoi_trang.md", "khách ở xa mua **phần lớn qua sàn**")
    _says(
        "03_thoi_trang.md", "trong vùng 10 km thì ngược lại, phần lớn đơn là ở cửa hàng và website"
    )
    for seed in SEEDS:
        world = phanloai.load("fashion", n=6000, seed=seed)
        o = world.tables["orders"]
        far = o["customer_id"].map(world.customers.set_index("customer_id")["distance_km"]) > 10
        on_market = o["channel"].astype(str).isin(MARKETPLACES)
        assert on_market[far].mean() > 0.5, seed
        assert on_market[~far].mean() < 0.5, seed


@pytest.mark.slow
def test_fashion_item_prices_are_what_the_text_says():
    _says("03_thoi_trang.md", "Giá một món từ khoảng 80.000 ₫ (phụ kiện) tới gần 4 triệu đồng")
    _says("03_thoi_trang.md", "thường khoảng 500.000 ₫ (từ 250.000 ₫ tới chưa đầy 2 triệu)")
    for seed in SEEDS:
        o = phanloai.load("fashion", n=6000, seed=seed).tables["orders"]
        per_item = o["amount"] / o["items"]
        assert per_item.min() >= 80_000 and per_item.max() < 4_000_000, seed
        everyday = per_item[o["category"].astype(str).isin(["Áo sơ mi", "Quần & chân váy"])]
        assert everyday.min() >= 250_000 and everyday.max() < 2_000_000, seed
        assert 400_000 <= everyday.median() <= 650_000, seed


@pytest.mark.slow
def test_fashion_loyalty_card_from_the_third_purchase_and_seven_in_ten_accept():
    _says("03_thoi_trang.md", "Khách mua từ **lần thứ ba** trở đi được mời làm **thẻ thành viên**")
    _says("03_thoi_trang.md", "khoảng bảy trên mười người nhận lời")
    for seed in SEEDS:
        c = phanloai.load("fashion", n=6000, seed=seed).customers
        member = c["loyalty_member"].astype(bool)
        assert not member[c["n_orders"] < 3].any(), seed
        assert 0.6 <= member[c["n_orders"] >= 3].mean() <= 0.8, seed


@pytest.mark.slow
def test_spa_discounts_a_quarter_of_visits_all_year_round():
    _says("01_spa.md", "Khoảng một phần tư lượt mua lẻ được giảm 10 % hoặc 20 %")
    _says("01_spa.md", "liệu trình không giảm thêm")
    _says("01_spa.md", "rải đều quanh năm: spa **chưa** chạy khuyến mãi theo dịp 8/3, 20/10")
    for seed in SEEDS:
        o = phanloai.load("spa", seed=seed).tables["orders"]
        single = o[o["sessions"] == 1]
        discounted = single["discount"] > 0
        assert 0.18 <= discounted.mean() <= 0.32, seed
        assert set(np.round(single.loc[discounted, "discount"], 2)) <= {0.1, 0.2}, seed
        assert (o.loc[o["sessions"] > 1, "discount"] == 0).all(), seed
        # no holiday months stand out: March, October and January are not dearer in discounts
        by_month = discounted.groupby(single["order_date"].dt.month).mean()
        assert by_month[[1, 3, 10]].max() < discounted.mean() + 0.15, seed


def test_spa_packages_as_the_price_list_says():
    """The price list: which services come as packages, how many sessions, what the whole package
    costs; the later sessions are visits in the events, about a session gap apart."""
    _says(
        "01_spa.md",
        "| Giảm béo | Giảm béo RF | 900.000 ₫ | 10 buổi, mỗi tuần một buổi: 7.200.000 ₫ |",
    )
    _says(
        "01_spa.md",
        "| Triệt lông | Triệt lông nách | 450.000 ₫ | 10 buổi, mỗi tháng một buổi: 3.000.000 ₫ |",
    )
    listed = {
        "Điều trị mụn chuyên sâu": (8, 4_200_000),
        "Trẻ hóa da công nghệ cao": (5, 10_000_000),
        "Massage body 60 phút": (10, 3_200_000),
        "Triệt lông nách": (10, 3_000_000),
        "Triệt lông chân": (10, 9_000_000),
        "Giảm béo RF": (10, 7_200_000),
    }
    for seed in (0, 1):
        k = phanloai.load("spa", seed=seed)
        o = k.orders
        package = o[o["sessions"] > 1]
        seen = package.groupby(package["service"].astype(str))[["sessions", "amount"]].agg(
            ["min", "max"]
        )
        assert set(seen.index) == set(listed), seed
        for name, (sessions, price) in listed.items():
            assert (
                seen.loc[name, ("sessions", "min")]
                == seen.loc[name, ("sessions", "max")]
                == sessions
            )
            assert seen.loc[name, ("amount", "min")] == seen.loc[name, ("amount", "max")] == price
        # every session is a visit: payments plus the later sessions still inside the data
        visits = (k.events["event_type"] == "su_dung_dich_vu").sum()
        assert len(o) < visits <= len(o) + int((package["sessions"] - 1).sum())
