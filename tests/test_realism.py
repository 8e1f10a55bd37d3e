"""Vietnamese realism, measured on large draws: names, phones, provinces, companies, money."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import vn
from phanloai.geo import provinces

N = 200_000
FAMILY = set(vn.read_table("family_names")["family_name"])


@pytest.fixture(scope="module")
def names():
    rng = np.random.default_rng(11)
    genders = pd.Series(np.where(rng.random(N) < 0.5, "Nữ", "Nam"))
    return genders, pd.Series(vn.full_names(rng, genders)).astype(str)


def test_name_order_family_first(names):
    _, full = names
    parts = full.str.split(" ")
    assert (parts.str.len() >= 3).all()
    assert parts.str[0].isin(FAMILY).all()
    assert not full.str.contains(r"\bJohn\b|\bJane\b").any()


@pytest.mark.parametrize(
    ("family", "share", "tolerance"),
    [("Nguyễn", 0.38, 0.01), ("Trần", 0.115, 0.006), ("Lê", 0.095, 0.006), ("Phạm", 0.07, 0.005)],
)
def test_family_name_shares(names, family, share, tolerance):
    _, full = names
    measured = (full.str.split(" ").str[0] == family).mean()
    assert abs(measured - share) < tolerance


def test_thi_for_women_van_for_men(names):
    genders, full = names
    middle = full.str.split(" ").str[1]
    assert abs((middle[genders == "Nữ"] == "Thị").mean() - 0.40) < 0.01
    assert (middle[genders == "Nam"] == "Thị").sum() == 0
    assert abs((middle[genders == "Nam"] == "Văn").mean() - 0.30) < 0.01


def test_phone_numbers_valid_unique_and_shared_like_the_market():
    phones = pd.Series(vn.phone_numbers(np.random.default_rng(3), N))
    assert phones.str.fullmatch(r"0\d{9}").all()
    assert phones.is_unique
    valid = set(vn.read_table("phone_prefixes")["prefix"].astype(int).map("{:03d}".format))
    assert phones.str[:3].isin(valid).all()
    shares = vn.carrier_of(phones).value_counts(normalize=True)
    assert abs(shares["Viettel"] - 0.54) < 0.01
    assert abs(shares["VinaPhone"] - 0.25) < 0.01
    assert abs(shares["MobiFone"] - 0.18) < 0.01


def test_provinces_are_the_34_units(cases):
    table = provinces()
    assert len(table) == 34 and table["province"].is_unique
    assert table["region"].value_counts().to_dict() == {"Bắc": 15, "Trung": 11, "Nam": 8}
    region_of = dict(zip(table["province"], table["region"].astype(str), strict=True))
    for case in cases.values():
        c = case.customers.dropna(subset=["province"])
        assert set(c["province"].astype(str)) <= set(region_of)
        assert (c["province"].astype(str).map(region_of) == c["region"].astype(str)).all()


def test_company_names_put_the_legal_form_first(bolts):
    domestic = bolts.customers[bolts.customers["country"] == "Việt Nam"]
    foreign = bolts.customers[bolts.customers["country"] != "Việt Nam"]
    assert (
        foreign["legal_form"].isna().all()
        and foreign["company_name"].str.contains("Co., Ltd.", regex=False).all()
    )
    assert (
        foreign["email"].str.endswith(".com").all()
        and domestic["email"].str.endswith(".com.vn").all()
    )
    assert bolts.customers["company_name"].is_unique
    names = domestic["company_name"]
    pattern = "^(" + "|".join(re.escape(f) for f in vn.LEGAL_FORMS) + ") "
    assert names.str.match(pattern).all()
    forms = domestic["legal_form"].astype(str)
    assert all(name.startswith(form + " ") for name, form in zip(names, forms, strict=True))


def test_money_and_dates_the_vietnamese_way():
    assert phanloai.format_vnd(1_250_000) == "1.250.000 ₫"
    assert phanloai.format_vnd(200_000, "press") == "200.000 đồng"
    assert phanloai.format_vnd(3_500_000, "press") == "3,5 triệu đồng"
    assert phanloai.format_vnd(1_200_000_000, "press") == "1,2 tỷ đồng"
    assert phanloai.format_vnd(float("nan")) == "—"
    assert phanloai.format_date(pd.Timestamp("2025-07-01")) == "01/07/2025"


def test_prices_look_like_real_vnd_prices(spa, fashion, bolts):
    for case in (spa, fashion):
        assert (case.orders["amount"] % 1000 == 0).all()
    assert (bolts.quotes["unit_price"] % 100 == 0).all()
    spa_prices = spa.orders["amount"]
    assert spa_prices.between(200_000, 10_000_000).all()  # massage to premium facial / tattoo


def test_fixed_codes_helper():
    assert vn.fixed_codes("KH", np.array([7, 1234]), 6).tolist() == ["KH000007", "KH001234"]
    assert vn.ascii_fold("Đặng Thị Ánh") == "Dang Thi Anh"


def test_faker_provider_corrects_vi_vn():
    from faker import Faker

    fake = Faker("vi_VN")
    fake.seed_instance(5)
    fake.add_provider(vn.VietnameseProvider)
    names = [fake.vn_full_name() for _ in range(400)]
    assert all(n.split(" ")[0] in FAMILY for n in names)
    assert not any(n.split(" ")[-1] in ("John", "Jane") for n in names)
    women = [fake.vn_full_name("Nữ") for _ in range(400)]
    assert 0.3 < sum(n.split(" ")[1] == "Thị" for n in women) / 400 < 0.5
    phones = [fake.vn_mobile() for _ in range(200)]
    valid = set(vn.read_table("phone_prefixes")["prefix"].astype(int).map("{:03d}".format))
    assert all(re.fullmatch(r"0\d{9}", p) and p[:3] in valid for p in phones)
    assert fake.vn_company("Cơ khí").split(" Cơ khí ")[0] in vn.LEGAL_FORMS
    assert fake.vn_price(1_250_000) == "1.250.000 ₫"
    again = Faker("vi_VN")
    again.seed_instance(5)
    again.add_provider(vn.VietnameseProvider)
    assert [again.vn_full_name() for _ in range(400)] == names  # Faker's seed makes it repeatable
