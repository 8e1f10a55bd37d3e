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


@pytest.fixture(scope="module")
def cohorts():
    """Names of people born 1950-2007 in the three regions."""
    rng = np.random.default_rng(12)
    genders = pd.Series(np.where(rng.random(N) < 0.5, "Nữ", "Nam"))
    born = rng.integers(1950, 2008, N)
    region = np.array(["Bắc", "Trung", "Nam"])[rng.integers(0, 3, N)]
    full = pd.Series(vn.full_names(rng, genders, born, region)).astype(str)
    return genders, born, region, full


def test_name_order_family_first(names):
    _, full = names
    parts = full.str.split(" ")
    assert parts.str.len().between(2, 4).all()
    assert parts.str[0].isin(FAMILY).all()
    assert not full.str.contains(r"\bJohn\b|\bJane\b").any()


def test_thi_and_van_fade_with_younger_cohorts(cohorts):
    genders, born, _, full = cohorts
    middle = full.str.split(" ").str[1]
    women, men = (genders == "Nữ").to_numpy(), (genders == "Nam").to_numpy()
    old, young = born <= 1965, born >= 2001
    # name_cohorts.csv: 70 % of women born until 1965 are "Thị", 10 % of those born from 2001
    assert abs((middle[women & old] == "Thị").mean() - 0.70) < 0.02
    assert abs((middle[women & young] == "Thị").mean() - 0.10) < 0.02
    assert abs((middle[men & old] == "Văn").mean() - 0.55) < 0.02
    assert abs((middle[men & young] == "Văn").mean() - 0.06) < 0.02
    assert (middle[men] == "Thị").sum() == 0 and (middle[women] == "Văn").sum() == 0


def test_two_and_four_syllable_names_and_no_repeated_syllable(cohorts):
    genders, born, _, full = cohorts
    parts = full.str.split(" ")
    length = parts.str.len()
    young_women = ((genders == "Nữ").to_numpy()) & (born >= 2001)
    assert abs((length[young_women] == 4).mean() - 0.18) < 0.02
    assert 0.005 < (length == 2).mean() < 0.04
    assert not parts.map(lambda p: len(set(p[1:])) < len(p[1:])).any()  # "Trần Đức Đức"


def test_huynh_and_vo_in_the_south_hoang_and_vu_in_the_north(cohorts):
    _, _, region, full = cohorts
    family = full.str.split(" ").str[0]
    north, south = region == "Bắc", region == "Nam"
    assert (family[south] == "Huỳnh").mean() > 10 * (family[north] == "Huỳnh").mean()
    assert (family[north] == "Hoàng").mean() > 3 * (family[south] == "Hoàng").mean()
    assert (family[south] == "Võ").mean() > 10 * (family[north] == "Võ").mean()
    assert (family[north] == "Vũ").mean() > 3 * (family[south] == "Vũ").mean()


@pytest.mark.parametrize(
    ("family", "share", "tolerance"),
    [("Nguyễn", 0.38, 0.01), ("Trần", 0.115, 0.006), ("Lê", 0.095, 0.006), ("Phạm", 0.07, 0.005)],
)
def test_family_name_shares(names, family, share, tolerance):
    _, full = names
    measured = (full.str.split(" ").str[0] == family).mean()
    assert abs(measured - share) < tolerance


def test_thi_for_women_van_for_men(names):
    """Without birth years everyone counts as born in 1985 (cohort 1981-1990: 40 % / 25 %)."""
    genders, full = names
    middle = full.str.split(" ").str[1]
    assert abs((middle[genders == "Nữ"] == "Thị").mean() - 0.40) < 0.01
    assert (middle[genders == "Nam"] == "Thị").sum() == 0
    assert abs((middle[genders == "Nam"] == "Văn").mean() - 0.25) < 0.01


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
    assert bolts.customers["company_name"].is_unique
    names = domestic["company_name"]
    pattern = "^(" + "|".join(re.escape(f) for f in vn.LEGAL_FORMS) + ") "
    assert names.str.match(pattern).all()
    forms = domestic["legal_form"].astype(str)
    assert all(name.startswith(form + " ") for name, form in zip(names, forms, strict=True))
    # a register never numbers names: a taken name gets another brand ("… Đại Toàn 2" is gone)
    assert not bolts.customers["company_name"].str.contains(r"\d").any()


def test_firms_write_from_their_own_domain_or_free_mail(bolts):
    c = bolts.customers
    domestic = c[c["country"] == "Việt Nam"]
    assert c["email"].is_unique
    assert c["email"].str.fullmatch(r"[a-z0-9.]+@[a-z0-9.]+\.[a-z]{2,3}").all()
    free = domestic["email"].str.endswith(("@gmail.com", "@yahoo.com", "@outlook.com"))
    small = domestic["revenue_bn"] <= 200  # large firms: over 200 tỷ a year
    assert 0.25 < free[small].mean() < 0.45  # many small firms write from Gmail
    assert free[~small].mean() < 0.1
    assert domestic.loc[~free, "email"].str.endswith((".com.vn", ".vn")).all()
    # several people of one firm never share a free-mail box of another firm
    assert not domestic.loc[~free, "email"].str.split("@").str[1].duplicated().any()


def test_foreign_firms_have_foreign_names_contacts_and_numbers(bolts):
    c = bolts.customers
    foreign = c[c["country"] != "Việt Nam"]
    assert len(foreign) > 100
    assert foreign["legal_form"].isna().all()
    codes = {
        "Campuchia": "+855 ",
        "Lào": "+856 ",
        "Thái Lan": "+66 ",
        "Malaysia": "+60 ",
        "Indonesia": "+62 ",
    }
    styles = {"Malaysia": "Sdn. Bhd.", "Indonesia": "PT "}
    table = vn.read_table("foreign_contacts")
    for country, group in foreign.groupby(foreign["country"].astype(str)):
        assert group["phone"].str.startswith(codes[country]).all(), country
        assert (
            group["company_name"].str.contains(styles.get(country, "Co., Ltd."), regex=False).all()
        )
        mine = table[table["country"] == country]
        family = set(mine.loc[mine["part"] == "family", "name"])
        given = set(mine.loc[mine["part"] == "given", "name"])

        def theirs(name, family=family, given=given):
            return any(name in (f"{g} {f}", f"{f} {g}") for f in family for g in given)

        assert group["contact_name"].map(theirs).all(), country
        assert (
            not group["contact_name"].isin(c.loc[c["country"] == "Việt Nam", "contact_name"]).any()
        )
    assert not foreign["email"].str.endswith(".vn").any()


def test_orders_without_a_contract_and_contracts_without_an_order(bolts):
    orders, contracts = bolts.orders, bolts.tables["contracts"]
    spot = orders["contract_id"].isna()
    assert 0 < spot.mean() < 0.2
    signed = set(contracts["customer_id"])
    assert not orders.loc[spot, "customer_id"].isin(signed).any()  # spot buyers signed nothing
    idle = ~contracts["contract_id"].isin(orders["contract_id"].dropna())
    assert 0.02 < idle.mean() < 0.15
    # so signing and buying no longer give the same groups
    status = phanloai.classify(bolts.customers, "contract_status").astype(str)
    behaviour = phanloai.classify(bolts.customers, "purchase_behavior").astype(str)
    assert pd.crosstab(status, behaviour).min().min() > 0


def test_people_are_what_their_age_allows(spa, fashion):
    for case in (spa, fashion):
        c = case.customers
        job = c["job_title"].astype(str)
        table = vn.read_table("occupations")
        lo = table.groupby("job_title")["min_age"].min()
        hi = table.groupby("job_title")["max_age"].max()
        assert (c["age"] >= job.map(lo)).all() and (c["age"] <= job.map(hi)).all()
        assert not ((job.isin(["Bác sĩ", "Luật sư"])) & (c["age"] < 26)).any()
        young = c["age"] <= 21
        assert (job[young] == "Sinh viên").mean() > 0.5
        assert {"Sinh viên", "Nội trợ", "Kinh doanh tự do"} <= set(job)
        assert not (c.loc[c["gender"] == "Nam", "job_title"] == "Nội trợ").any()
        income = c["income_band"].astype(str)
        assert (income[young] == "Dưới 10 triệu").mean() > 0.8
        assert (income[c["age"].between(40, 55)] == "Dưới 10 triệu").mean() < 0.3
    marital = spa.customers["marital_status"].astype(str)
    age = spa.customers["age"]
    assert (marital[age <= 21] == "Đã kết hôn").mean() < 0.05  # was 59 % of leads aged ≤ 20
    assert (marital[age >= 40] == "Độc thân").mean() < 0.05


def test_addresses_name_street_ward_and_province_of_the_right_city(spa, fashion, bolts):
    streets = vn.read_table("streets")
    wards = vn.read_table("wards")
    hcmc_only = set(streets.loc[streets["province"] == "TP Hồ Chí Minh", "street"]) - set(
        streets.loc[streets["province"] != "TP Hồ Chí Minh", "street"]
    )
    for case in (spa, fashion, bolts):
        c = case.customers.dropna(subset=["province"])
        address = c["address"].astype(str)
        province = c["province"].astype(str)
        assert all(a.endswith(", " + p) for a, p in zip(address, province, strict=True))
        hanoi = address[province == "Hà Nội"]
        assert not hanoi.map(lambda a: any(f" {s}," in a for s in hcmc_only)).any()
        # every address names a commune-level unit of its own province, after the 2025 reform
        units = set(zip(wards["province"], wards["ward"], strict=True))
        unit = address.str.rsplit(", ", n=2).str[1]
        assert all((p, u) in units for p, u in zip(province, unit, strict=True)), case.name
        # a rural commune: the village (thôn; ấp in the South), no street
        rural = unit.str.startswith("Xã ")
        village = address[rural].str.extract(r"^Số \d+, (thôn|ấp) \d+, ")[0]
        assert village.notna().all()
        south = c.loc[rural, "region"].astype(str) == "Nam"
        assert ((village == "ấp") == south).all()
        assert not address[~rural].str.contains(", (?:thôn|ấp) ").any()
        # a house in an alley: "Số 12 ngõ 45 …" in the North and from Thanh Hóa to Hà Tĩnh,
        # "12/45 …" further south
        alley = address[~rural].str.extract(r"^(Số \d+ ngõ \d+ |\d+/\d+ )")[0].dropna()
        ngo = alley.str.startswith("Số ")
        north_central = province[alley.index].isin(["Thanh Hóa", "Nghệ An", "Hà Tĩnh"])
        northern = (c.loc[alley.index, "region"].astype(str) == "Bắc") | north_central
        assert ngo.any() and (~ngo).any() and (ngo == northern).all(), case.name
        assert ngo[north_central].any(), case.name  # the northern way there, not only in the North
    fashion_c = fashion.customers
    shared = fashion_c["address"].duplicated(keep=False).mean()
    assert 0.02 < shared < 0.12  # a few households, not 30,000 people on 1,278 addresses
    same = fashion_c[fashion_c["address"].duplicated(keep=False)].groupby("address")
    assert (same["distance_km"].nunique() == 1).all()  # one home, one distance


def test_every_province_has_its_communes():
    """wards.csv lists every province's commune-level units (the three cities: their phường, of
    the former city for TP Hồ Chí Minh and Đà Nẵng; elsewhere all 2,922 xã and phường of the
    Statistics Office's list, without the island đặc khu)."""
    wards = vn.read_table("wards")
    provinces = set(phanloai.geo.provinces()["province"].astype(str))
    assert set(wards["province"]) == provinces
    assert not wards.duplicated().any()
    kind = wards["ward"].str.split().str[0]
    assert set(kind) == {"Phường", "Xã"}
    others = wards[~wards["province"].isin(["Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng"])]
    assert len(others) == 2922 and (others["ward"].str.count("  ") == 0).all()
    assert ("Tuyên Quang", "Xã Lâm Bình") in set(
        zip(others["province"], others["ward"], strict=True)
    )


def test_firms_sit_mostly_in_towns_people_everywhere(spa, bolts):
    def rural_share(c):
        unit = c["address"].dropna().astype(str).str.rsplit(", ", n=2).str[1]
        return unit.str.startswith("Xã ").mean()

    # about four in five units are rural communes: people spread over them, firms favour phường
    far = spa.customers[spa.customers["province"].astype(str) != "TP Hồ Chí Minh"]
    assert rural_share(far) > 0.55
    assert rural_share(bolts.customers) < 0.4


def test_far_spa_clients_rarely_come_back(spa):
    c = spa.customers
    buyers = c[c["n_orders"] > 0]
    far = buyers["distance_km"] > 80
    assert buyers.loc[far, "n_orders"].max() <= 4  # no one from Nghệ An with 11 visits
    assert buyers.loc[far, "n_orders"].mean() < buyers.loc[~far, "n_orders"].mean()


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


def test_code_strings_are_the_fixed_codes_as_a_text_column():
    codes = vn.code_strings("NB", np.array([0, 7, 42, 999]), 3)
    assert str(codes.dtype) == "str"
    assert list(codes) == ["NB000", "NB007", "NB042", "NB999"]
    assert list(vn.code_strings("KH", np.array([], dtype=np.int64), 4)) == []


def test_phone_strings_draw_the_same_numbers_as_phone_numbers():
    a = vn.phone_numbers(np.random.default_rng(11), 500)
    b = vn.phone_strings(np.random.default_rng(11), 500)
    assert str(b.dtype) == "str" and list(b) == a.tolist()


def test_rank_in_group_counts_each_groups_rows_in_table_order():
    # groups:      a  b  a  c  b  a  (as numbers, large and negative ones included)
    group = np.array([5, -3, 5, 10**12, -3, 5])
    rank, first = vn.rank_in_group(group)
    assert rank.tolist() == [0, 0, 1, 0, 1, 2]
    assert first.tolist() == [0, 1, 0, 3, 1, 0]
    empty_rank, empty_first = vn.rank_in_group(np.array([], dtype=np.int64))
    assert len(empty_rank) == 0 and len(empty_first) == 0


def test_rank_in_group_beyond_65536_groups():
    # more groups than a 16-bit number holds: the second half of the sort must keep the order
    group = np.repeat(np.arange(70_000)[::-1], 2)  # 69999, 69999, 69998, 69998, …
    rank, first = vn.rank_in_group(group)
    assert rank.tolist() == [0, 1] * 70_000
    assert first.tolist() == np.repeat(np.arange(0, 140_000, 2), 2).tolist()


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
