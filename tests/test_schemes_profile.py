"""The profile and B2B schemes: source, demographic, psychographic, geographic, internal_external
(profile.py) and group, company_size, product_need, support_need (b2b.py).

Every expected label below was worked out by hand from the scheme's rule (never copied from a run),
then checked against the code. Threshold edges sit right on and next to each threshold."""

from __future__ import annotations

import math
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import phanloai
from phanloai import PhanloaiError, classify, explain
from phanloai.schemes import SCHEMES

MINE = (
    "source",
    "demographic",
    "psychographic",
    "geographic",
    "internal_external",
    "group",
    "company_size",
    "product_need",
    "support_need",
)
UNK = "Không xác định"
NAN = float("nan")


def labels_of(table: pd.DataFrame, scheme: str, **params) -> list[str]:
    """The level names a person reads (the codes of ``classify``, put into words)."""
    return [str(v) for v in phanloai.in_words(classify(table, scheme, **params))]


def named(table: pd.DataFrame, scheme: str, **params) -> pd.Series:
    """The classification in words, as a person reads it (the tests of the worlds below)."""
    return phanloai.in_words(classify(table, scheme, **params))


def reasons_of(table: pd.DataFrame, scheme: str, **params) -> list[str]:
    return list(explain(table, scheme, **params).iloc[:, 1])


# =================================================================================================
# Declarations
# =================================================================================================
def _choices(name: str) -> list[dict]:
    s = SCHEMES[name]
    return [{"by": b} for b in s.params["by"].choices] if "by" in s.params else [{}]


@pytest.mark.parametrize("name", MINE)
def test_every_choice_has_full_bilingual_levels(name):
    s = SCHEMES[name]
    for params in _choices(name):
        levels = s.levels_for(params)
        assert levels[-1].vi == UNK
        assert len({lv.vi for lv in levels}) == len(levels) and len(
            {lv.en for lv in levels}
        ) == len(levels)
        for lv in levels:
            assert (
                lv.vi
                and lv.en
                and lv.meaning_vi
                and lv.meaning_en
                and lv.action_vi
                and lv.action_en
            ), (name, params, lv)
    for p in s.params.values():
        assert p.vi and p.en and p.kind
        assert p.choices or (p.lo <= p.default <= p.hi and p.step)


def test_table_choice_of_internal_external():
    assert SCHEMES["internal_external"].table == "contacts"
    assert set(SCHEMES["internal_external"].cases) == {"spa", "bolts", "fashion"}


# =================================================================================================
# Hand-computed cases
# =================================================================================================
def test_source_hand_computed():
    values = [
        "Facebook Ads",
        "facebook",
        "Google Ads",
        "Zalo",
        "TikTok",
        "TikTok Shop",
        "Shopee",
        "Website",
        "Giới thiệu",
        "gioi thieu",
        "Khách vãng lai",
        "Hội chợ",
        "Sale tự tìm",
        "Báo Tuổi Trẻ",
        "Cửa hàng",  # a sales app's channel "the shop": they walked in
        "Cửa hàng online",
        None,
        "  ",
    ]
    expected = [
        "Facebook (quảng cáo & trang)",
        "Facebook (quảng cáo & trang)",
        "Google Ads",
        "Zalo",
        "TikTok",
        "Sàn TMĐT (Shopee, Lazada, TikTok Shop)",
        "Sàn TMĐT (Shopee, Lazada, TikTok Shop)",
        "Website",
        "Giới thiệu",
        "Giới thiệu",
        "Khách vãng lai",
        "Hội chợ",
        "Sale tự tìm",
        "Kênh khác",
        "Khách vãng lai",
        "Kênh khác",
        UNK,
        UNK,
    ]
    assert labels_of(pd.DataFrame({"source": values}), "source") == expected


def test_source_reasons():
    why = reasons_of(pd.DataFrame({"source": ["Báo Tuổi Trẻ", "Zalo", None]}), "source")
    assert why[0] == "Nguồn khách hàng = 'Báo Tuổi Trẻ' không khớp tên nào đã biết → Kênh khác"
    assert why[1] == "Nguồn khách hàng = 'Zalo' → Zalo"
    assert why[2] == f"thiếu giá trị: Nguồn khách hàng → {UNK}"  # the column named for people


def test_demographic_age_default_edges():
    ages = pd.DataFrame({"age": [18, 24, 25, 29, 30, 39.5, 40, 49, 50, 64, NAN, -2, 130]})
    expected = [
        "Dưới 25 tuổi",
        "Dưới 25 tuổi",
        "25–29 tuổi",
        "25–29 tuổi",
        "30–39 tuổi",
        "30–39 tuổi",
        "40–49 tuổi",
        "40–49 tuổi",
        "Từ 50 tuổi trở lên",
        "Từ 50 tuổi trở lên",
        UNK,
        UNK,
        UNK,
    ]
    assert labels_of(ages, "demographic") == expected
    assert SCHEMES["demographic"].labels() == [
        "Dưới 25 tuổi",
        "25–29 tuổi",
        "30–39 tuổi",
        "40–49 tuổi",
        "Từ 50 tuổi trở lên",
        UNK,
    ]


def test_demographic_age_custom_edges_name_the_levels():
    ages = pd.DataFrame({"age": [19, 20, 35, 36, 59, 60]})
    params = {"age_1": 20, "age_2": 35, "age_3": 36, "age_4": 60}
    assert SCHEMES["demographic"].labels(params) == [
        "Dưới 20 tuổi",
        "20–34 tuổi",
        "35 tuổi",
        "36–59 tuổi",
        "Từ 60 tuổi trở lên",
        UNK,
    ]
    assert labels_of(ages, "demographic", **params) == [
        "Dưới 20 tuổi",
        "20–34 tuổi",
        "35 tuổi",
        "36–59 tuổi",
        "36–59 tuổi",
        "Từ 60 tuổi trở lên",
    ]
    phanloai.set_language("en")
    assert SCHEMES["demographic"].labels() == [
        "Under 25",
        "25–29",
        "30–39",
        "40–49",
        "50 and over",
        "Unknown",
    ]


def test_demographic_age_reasons():
    why = reasons_of(pd.DataFrame({"age": [27, 24, 52, -1]}), "demographic")
    assert why == [
        "27 tuổi: từ 25 đến dưới 30 → 25–29 tuổi",
        "24 tuổi < 25 → Dưới 25 tuổi",
        "52 tuổi ≥ 50 → Từ 50 tuổi trở lên",
        f"tuổi -1 không hợp lệ (ngoài 0–120) → {UNK}",
    ]


def test_demographic_income_and_gender():
    income = pd.DataFrame(
        {
            "income_band": [
                "Dưới 10 triệu",
                "10–20 triệu",
                "10 - 20 triệu",
                "20–40 triệu",
                "Trên 40 triệu",
                "duoi 10 trieu",
                "khoảng 15 triệu",
                None,
            ]
        }
    )
    assert labels_of(income, "demographic", by="income") == [
        "Thu nhập thấp (dưới 10 triệu)",
        "Thu nhập trung bình (10–20 triệu)",
        "Thu nhập trung bình (10–20 triệu)",
        "Thu nhập khá (20–40 triệu)",
        "Thu nhập cao (trên 40 triệu)",
        "Thu nhập thấp (dưới 10 triệu)",
        UNK,
        UNK,
    ]
    gender = pd.DataFrame({"gender": ["Nữ", "Nam", "nu", "Female", "M", "khác", None]})
    assert labels_of(gender, "demographic", by="gender") == [
        "Nữ",
        "Nam",
        "Nữ",
        "Nữ",
        "Nam",
        UNK,
        UNK,
    ]


def test_psychographic_interest():
    t = pd.DataFrame(
        {
            "interest": [
                "Làm đẹp & chăm sóc bản thân",
                "Tiệc & sự kiện",
                "Sức khỏe & yoga",
                "Du lịch & trải nghiệm",
                "Gia đình & con cái",
                "Áo dài & truyền thống",
                "Thời trang công sở",
                "Tối giản & bền vững",
                "Câu cá",
                None,
            ]
        }
    )
    assert labels_of(t, "psychographic") == [
        "Chăm chút vẻ ngoài",
        "Chăm chút vẻ ngoài",
        "Năng động & trải nghiệm",
        "Năng động & trải nghiệm",
        "Gia đình & truyền thống",
        "Gia đình & truyền thống",
        "Công sở & tối giản",
        "Công sở & tối giản",
        "Sở thích khác",
        UNK,
    ]


def test_psychographic_mbti_temperaments():
    t = pd.DataFrame(
        {
            "mbti": [
                "ISTJ",
                "ESFJ",
                "ISTP",
                "ESFP",
                "INFP",
                "ENFJ",
                "INTJ",
                "ENTP",
                "intj-t",
                "ABCD",
                None,
            ]
        }
    )
    sj, sp, nf, nt = (
        "SJ – Người bảo vệ",
        "SP – Nghệ nhân",
        "NF – Người theo lý tưởng",
        "NT – Người duy lý",
    )
    assert labels_of(t, "psychographic", by="mbti") == [
        sj,
        sj,
        sp,
        sp,
        nf,
        nf,
        nt,
        nt,
        nt,
        UNK,
        UNK,
    ]
    why = reasons_of(t, "psychographic", by="mbti")
    assert why[0] == f"MBTI = 'ISTJ' (S + J) → {sj}"  # the column's name from the vocabulary
    assert why[-1] == f"chưa làm trắc nghiệm MBTI (ô trống) → {UNK}"


def test_geographic_region_with_country():
    t = pd.DataFrame(
        {
            "region": ["Bắc", "Trung", "Nam", None, "Nam", None, "Sao Hỏa", "Tây Nguyên"],
            "country": [
                "Việt Nam",
                "Việt Nam",
                None,
                "Lào",
                "Thái Lan",
                "Việt Nam",
                "Việt Nam",
                "Vietnam",
            ],
        }
    )
    assert labels_of(t, "geographic") == [
        "Miền Bắc",
        "Miền Trung",
        "Miền Nam",
        "Nước ngoài",
        "Nước ngoài",
        UNK,
        UNK,
        "Miền Trung",
    ]
    assert reasons_of(t, "geographic")[3] == "Quốc gia = 'Lào' (không phải Việt Nam) → Nước ngoài"


def test_geographic_region_without_country_column():
    assert labels_of(pd.DataFrame({"region": ["Bắc", None, "nam"]}), "geographic") == [
        "Miền Bắc",
        UNK,
        "Miền Nam",
    ]


def test_geographic_radius_edges():
    t = pd.DataFrame({"distance_km": [0, 9.99, 10, 10.01, NAN, -1]})
    inside, outside = "Trong bán kính 10 km", "Ngoài bán kính 10 km"
    assert labels_of(t, "geographic", by="radius") == [inside, inside, inside, outside, UNK, UNK]
    t = pd.DataFrame({"distance_km": [2.5, 2.6]})
    assert labels_of(t, "geographic", by="radius", radius_km=2.5) == [
        "Trong bán kính 2,5 km",
        "Ngoài bán kính 2,5 km",
    ]
    assert (
        reasons_of(t, "geographic", by="radius", radius_km=2.5)[1]
        == "cách 2,6 km > 2,5 km → Ngoài bán kính 2,5 km"
    )


def test_internal_external():
    t = pd.DataFrame(
        {
            "relation": [
                "Cấp trên",
                "Đồng nghiệp",
                "Cấp dưới",
                "Chi nhánh khác",
                "Đối tác",
                "Người mua",
                "Người sử dụng",
                "Người thụ hưởng",
                "Sếp",
                "Nhà cung cấp",
                "Hàng xóm",
                None,
            ]
        }
    )
    assert labels_of(t, "internal_external") == [
        "Cấp trên",
        "Đồng nghiệp",
        "Cấp dưới",
        "Chi nhánh khác",
        "Đối tác",
        "Người mua",
        "Người sử dụng",
        "Người thụ hưởng",
        "Cấp trên",
        "Đối tác",
        UNK,
        UNK,
    ]


def test_group_industry_and_service_group():
    t = pd.DataFrame(
        {
            "industry": [
                "Xây dựng",
                "Dầu khí & hóa chất",
                "Dầu khí & hoá chất",
                "Cơ khí chế tạo",
                "Điện & năng lượng",
                "Năng lượng tái tạo",
                "Dệt may",
                None,
            ]
        }
    )
    assert labels_of(t, "group") == [
        "Xây dựng",
        "Dầu khí & hóa chất",
        "Dầu khí & hóa chất",
        "Cơ khí chế tạo",
        "Điện & năng lượng",
        "Điện & năng lượng",
        "Nhóm khác",
        UNK,
    ]
    t = pd.DataFrame(
        {
            "service_group": [
                "Chăm sóc da",
                "Massage & thư giãn",
                "Nail",
                "Phun xăm thẩm mỹ",
                "Triệt lông",
                "Giảm béo",
                "Gội đầu dưỡng sinh",
                None,
            ]
        }
    )
    assert labels_of(t, "group", by="service_group") == [
        "Chăm sóc da",
        "Massage & thư giãn",
        "Nail",
        "Phun xăm thẩm mỹ",
        "Triệt lông",
        "Giảm béo",
        "Nhóm khác",
        UNK,
    ]


def test_text_typed_without_accents_or_decomposed_still_matches():
    nfd = unicodedata.normalize("NFD", "Dầu khí & hóa chất")
    t = pd.DataFrame({"industry": [nfd, "dau khi&hoa chat", "XAY DUNG"]})
    assert labels_of(t, "group") == ["Dầu khí & hóa chất", "Dầu khí & hóa chất", "Xây dựng"]


LARGE, SME = "Doanh nghiệp lớn", "Doanh nghiệp vừa và nhỏ (SME)"


def test_company_size_default_thresholds():
    t = pd.DataFrame(
        {
            "staff_count": [250, 200, 201, 10, 150, NAN, NAN, 500, 50, NAN, -5],
            "revenue_bn": [10, 200, 0, 200.5, 150, 500, 50, NAN, NAN, NAN, 10],
        }
    )
    assert labels_of(t, "company_size") == [
        LARGE,
        SME,
        LARGE,
        LARGE,
        SME,
        LARGE,
        UNK,
        LARGE,
        UNK,
        UNK,
        UNK,
    ]


def test_company_size_moved_thresholds():
    t = pd.DataFrame({"staff_count": [150, 100, 100], "revenue_bn": [10, 50, 60]})
    assert labels_of(t, "company_size", staff_max=100, revenue_max_bn=50) == [LARGE, SME, LARGE]


def test_company_size_reasons_read_naturally():
    t = pd.DataFrame({"staff_count": [250, 120, 50], "revenue_bn": [10, 350, NAN]})
    assert reasons_of(t, "company_size") == [
        "250 người > 200 → Doanh nghiệp lớn",
        "doanh thu 350 tỷ đồng > 200 tỷ đồng → Doanh nghiệp lớn",
        f"thiếu doanh thu; 50 người ≤ 200 chưa đủ để kết luận → {UNK}",
    ]
    phanloai.set_language("en")
    assert reasons_of(t, "company_size")[0] == "250 employees > 200 → Large enterprise"


STANDARD, CUSTOM = "Tiêu chuẩn quốc tế (ASTM, JIS, ISO, DIN…)", "Đặc biệt / theo yêu cầu"


def test_product_need():
    t = pd.DataFrame({"custom_share": [0.0, 0.49, 0.5, 0.51, 1.0, NAN, 1.2, -0.1]})
    assert labels_of(t, "product_need") == [
        STANDARD,
        STANDARD,
        CUSTOM,
        CUSTOM,
        CUSTOM,
        UNK,
        UNK,
        UNK,
    ]
    assert labels_of(
        pd.DataFrame({"custom_share": [0.79, 0.8]}), "product_need", custom_min=0.8
    ) == [STANDARD, CUSTOM]
    why = reasons_of(pd.DataFrame({"custom_share": [0.77, NAN]}), "product_need")
    assert why[0] == f"hàng đặt riêng chiếm 77 % giá trị báo giá ≥ 50 % → {CUSTOM}"
    assert why[1] == f"chưa có báo giá nào nên chưa biết nhu cầu sản phẩm → {UNK}"


HIGH, LOW = "Hậu mãi cao", "Không cần nhiều hậu mãi"


def test_support_need():
    t = pd.DataFrame(
        {
            "n_orders": [0, 2, 4, 4, 4, 1, 3, NAN, 0],
            "n_tickets": [0, 1, 1, 1, 1, 0, 5, 1, 2],
            "support_hours": [0, 0, 0, 8, 7.9, 0, 0, 1, 3],
        }
    )
    assert labels_of(t, "support_need") == [UNK, HIGH, LOW, HIGH, LOW, LOW, HIGH, UNK, UNK]
    moved = pd.DataFrame(
        {"n_orders": [2, 2, 1], "n_tickets": [1, 2, 0], "support_hours": [0, 0, 10]}
    )
    assert labels_of(moved, "support_need", tickets_per_order=1.0, hours_per_order=10) == [
        LOW,
        HIGH,
        HIGH,
    ]
    why = reasons_of(t.head(2), "support_need")
    assert why[0] == f"chưa có đơn hàng nào nên chưa đo được nhu cầu hậu mãi → {UNK}"
    assert why[1] == f"1 yêu cầu hỗ trợ cho 2 đơn (từ 0,5 yêu cầu mỗi đơn trở lên) → {HIGH}"


# =================================================================================================
# Properties: random tables of a scheme's columns, NaN and odd text included
# =================================================================================================
ODD = st.one_of(
    st.none(), st.just(""), st.just("   "), st.just("NaN"), st.just("??"), st.text(max_size=10)
)
NUMBER = st.one_of(
    st.none(), st.just(NAN), st.integers(-50, 10_000), st.floats(-1e6, 1e6, allow_nan=False)
)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _text(known: list[str]):
    return st.one_of(st.sampled_from(known), ODD)


def _frame(columns: dict, n: int, draw) -> pd.DataFrame:
    return pd.DataFrame({c: [draw(s) for _ in range(n)] for c, s in columns.items()}, dtype=object)


def _one_level_per_row(table: pd.DataFrame, scheme: str, **params) -> pd.Series:
    labels = classify(table, scheme, **params)
    assert labels.index.equals(table.index)
    assert labels.notna().all()
    assert list(labels.cat.categories) == SCHEMES[scheme].codes(params)
    names = labels.phanloai.names()  # the words a person reads, for the checks below
    reasons = explain(table, scheme, **params).iloc[:, 1]
    assert all(r.endswith(str(lv)) for r, lv in zip(reasons, names, strict=True))
    return names


def _codes(labels: pd.Series) -> np.ndarray:
    return labels.cat.codes.to_numpy()


@PROPERTY
@given(data=st.data(), n=st.integers(0, 25))
def test_property_source(data, n):
    t = _frame(
        {"source": _text(["Facebook Ads", "Zalo", "Shopee", "Hội chợ", "sale tu tim"])},
        n,
        data.draw,
    )
    labels = _one_level_per_row(t, "source")
    blank = t["source"].map(lambda v: v is None or str(v).strip() == "")
    assert (labels[blank] == UNK).all() and (
        labels[~blank] != UNK
    ).all()  # any text is some channel


@PROPERTY
@given(data=st.data(), n=st.integers(0, 25), by=st.sampled_from(["age", "income", "gender"]))
def test_property_demographic(data, n, by):
    cols = {
        "age": NUMBER,
        "income_band": _text(["Dưới 10 triệu", "10–20 triệu", "Trên 40 triệu"]),
        "gender": _text(["Nữ", "Nam"]),
    }
    _one_level_per_row(_frame(cols, n, data.draw), "demographic", by=by)


@PROPERTY
@given(
    ages=st.lists(st.integers(0, 100), max_size=30),
    older=st.integers(0, 20),
    edges=st.lists(st.integers(16, 80), min_size=4, max_size=4, unique=True).map(sorted),
)
def test_property_demographic_older_never_younger_band(ages, older, edges):
    params = dict(zip(("age_1", "age_2", "age_3", "age_4"), edges, strict=True))
    base = _codes(classify(pd.DataFrame({"age": ages}, dtype=float), "demographic", **params))
    aged = _codes(
        classify(
            pd.DataFrame({"age": [a + older for a in ages]}, dtype=float), "demographic", **params
        )
    )
    assert (aged >= base).all()


@PROPERTY
@given(data=st.data(), n=st.integers(0, 25), by=st.sampled_from(["interest", "mbti"]))
def test_property_psychographic(data, n, by):
    types = [a + b + c + d for a in "EI" for b in "SN" for c in "TF" for d in "JP"]
    cols = {"interest": _text(["Sức khỏe & yoga", "Tiệc & sự kiện"]), "mbti": _text(types)}
    t = _frame(cols, n, data.draw)
    labels = _one_level_per_row(t, "psychographic", by=by)
    if by == "mbti":
        valid = t["mbti"].isin(types)
        assert (labels[valid] != UNK).all()


@PROPERTY
@given(
    data=st.data(),
    n=st.integers(0, 25),
    by=st.sampled_from(["region", "radius"]),
    radius=st.integers(1, 3000).map(lambda v: v / 2),
)
def test_property_geographic(data, n, by, radius):
    cols = {
        "region": _text(["Bắc", "Trung", "Nam"]),
        "country": _text(["Việt Nam", "Lào"]),
        "distance_km": NUMBER,
    }
    t = _frame(cols, n, data.draw)
    labels = _one_level_per_row(t, "geographic", by=by, radius_km=radius)
    if by == "region":
        foreign = t["country"].map(
            lambda v: v is not None and str(v).strip() not in ("", "Việt Nam")
        )
        assert (labels[foreign] == "Nước ngoài").all()


@PROPERTY
@given(
    dist=st.lists(st.floats(0, 2000), max_size=30),
    further=st.floats(0, 500),
    radius=st.integers(1, 3000),
)
def test_property_geographic_further_never_inside(dist, further, radius):
    params = {"by": "radius", "radius_km": radius / 2}
    base = _codes(
        classify(pd.DataFrame({"distance_km": dist}, dtype=float), "geographic", **params)
    )
    moved = _codes(
        classify(
            pd.DataFrame({"distance_km": [d + further for d in dist]}, dtype=float),
            "geographic",
            **params,
        )
    )
    assert (moved >= base).all()  # inside (0) → outside (1), never back


@PROPERTY
@given(data=st.data(), n=st.integers(0, 25))
def test_property_internal_external(data, n):
    t = _frame(
        {"relation": _text(["Cấp trên", "Đối tác", "Người mua", "Người thụ hưởng"])}, n, data.draw
    )
    _one_level_per_row(t, "internal_external")


@PROPERTY
@given(data=st.data(), n=st.integers(0, 25), by=st.sampled_from(["industry", "service_group"]))
def test_property_group(data, n, by):
    cols = {
        "industry": _text(["Xây dựng", "Cơ khí chế tạo"]),
        "service_group": _text(["Nail", "Giảm béo"]),
    }
    t = _frame(cols, n, data.draw)
    labels = _one_level_per_row(t, "group", by=by)
    blank = t[by].map(lambda v: v is None or str(v).strip() == "")
    assert (labels[~blank] != UNK).all()  # any named industry / service is some group


@PROPERTY
@given(data=st.data(), n=st.integers(0, 25))
def test_property_company_size(data, n):
    _one_level_per_row(
        _frame({"staff_count": NUMBER, "revenue_bn": NUMBER}, n, data.draw), "company_size"
    )


@PROPERTY
@given(
    firms=st.lists(st.tuples(st.integers(0, 5000), st.floats(0, 5000)), max_size=30),
    more=st.integers(0, 1000),
    staff_max=st.integers(1, 500).map(lambda v: v * 10),
)
def test_property_more_staff_never_makes_a_firm_smaller(firms, more, staff_max):
    staff = [s for s, _ in firms]
    revenue = [r for _, r in firms]
    base = _codes(
        classify(
            pd.DataFrame({"staff_count": staff, "revenue_bn": revenue}, dtype=float),
            "company_size",
            staff_max=staff_max,
        )
    )
    grown = _codes(
        classify(
            pd.DataFrame(
                {"staff_count": [s + more for s in staff], "revenue_bn": revenue}, dtype=float
            ),
            "company_size",
            staff_max=staff_max,
        )
    )
    assert (grown <= base).all()  # large (0) stays large; SME (1) may become large


@PROPERTY
@given(data=st.data(), n=st.integers(0, 25))
def test_property_product_need(data, n):
    share = st.one_of(st.none(), st.just(NAN), st.floats(-1, 2, allow_nan=False))
    _one_level_per_row(_frame({"custom_share": share}, n, data.draw), "product_need")


@PROPERTY
@given(
    shares=st.lists(st.floats(0, 1), max_size=30),
    extra=st.floats(0, 1),
    threshold=st.integers(1, 19),
)
def test_property_more_custom_never_less_custom(shares, extra, threshold):
    p = {"custom_min": threshold / 20}
    base = _codes(
        classify(pd.DataFrame({"custom_share": shares}, dtype=float), "product_need", **p)
    )
    more = _codes(
        classify(
            pd.DataFrame({"custom_share": [min(1.0, s + extra) for s in shares]}, dtype=float),
            "product_need",
            **p,
        )
    )
    assert (more >= base).all()  # standard (0) → custom (1), never back


@PROPERTY
@given(data=st.data(), n=st.integers(0, 25))
def test_property_support_need(data, n):
    t = _frame({"n_orders": NUMBER, "n_tickets": NUMBER, "support_hours": NUMBER}, n, data.draw)
    labels = _one_level_per_row(t, "support_need")
    no_order = pd.to_numeric(t["n_orders"], errors="coerce").fillna(0) <= 0
    assert (labels[no_order] == UNK).all()


@PROPERTY
@given(
    firms=st.lists(
        st.tuples(st.integers(1, 30), st.integers(0, 30), st.floats(0, 200)), max_size=30
    ),
    more=st.integers(0, 20),
)
def test_property_more_tickets_never_less_support(firms, more):
    orders, tickets, hours = (list(x) for x in zip(*firms, strict=True)) if firms else ([], [], [])
    base = _codes(
        classify(
            pd.DataFrame(
                {"n_orders": orders, "n_tickets": tickets, "support_hours": hours}, dtype=float
            ),
            "support_need",
        )
    )
    more_t = [t + more for t in tickets]
    after = _codes(
        classify(
            pd.DataFrame(
                {"n_orders": orders, "n_tickets": more_t, "support_hours": hours}, dtype=float
            ),
            "support_need",
        )
    )
    assert (after <= base).all()  # high (0) stays high


# =================================================================================================
# Bad input
# =================================================================================================
_NEEDS = {
    "source": ({}, "source"),
    "demographic": ({"by": "income"}, "income_band"),
    "psychographic": ({"by": "mbti"}, "mbti"),
    "geographic": ({"by": "radius"}, "distance_km"),
    "internal_external": ({}, "relation"),
    "group": ({"by": "service_group"}, "service_group"),
    "company_size": ({}, "staff_count"),
    "product_need": ({}, "custom_share"),
    "support_need": ({}, "n_tickets"),
}


@pytest.mark.parametrize("name", MINE)
def test_missing_column_names_scheme_and_column(name):
    params, column = _NEEDS[name]
    with pytest.raises(PhanloaiError) as err:
        classify(pd.DataFrame({"khong_lien_quan": [1, 2]}), name, **params)
    assert f"'{name}'" in err.value.vi and column in err.value.vi
    assert f"'{name}'" in err.value.en and column in err.value.en


def test_missing_column_of_another_choice_points_to_the_parameter():
    bolts_like = pd.DataFrame({"industry": ["Xây dựng"]})
    with pytest.raises(PhanloaiError) as err:
        classify(bolts_like, "group", by="service_group")
    assert "tham số by = 'service_group'" in err.value.vi and "by = 'industry'" in err.value.vi


@pytest.mark.parametrize(
    ("name", "params", "column", "others"),
    [
        ("company_size", {}, "staff_count", {"revenue_bn": [1, 2, 3]}),
        ("demographic", {}, "age", {}),
        ("geographic", {"by": "radius"}, "distance_km", {}),
        ("product_need", {}, "custom_share", {}),
        ("support_need", {}, "n_tickets", {"n_orders": [1, 1, 1], "support_hours": [0, 0, 0]}),
    ],
)
def test_text_in_numeric_column_names_the_rows(name, params, column, others):
    t = pd.DataFrame({column: ["12", "nhiều", 3], **others}, index=["a", "b", "c"])
    with pytest.raises(PhanloaiError) as err:
        classify(t, name, **params)
    assert column in err.value.vi and "dòng không phải số: b" in err.value.vi


def test_numbers_written_as_text_are_accepted():
    t = pd.DataFrame({"staff_count": ["250", "20"], "revenue_bn": ["10", "20.5"]})
    assert labels_of(t, "company_size") == [LARGE, SME]


@pytest.mark.parametrize(
    ("name", "params", "param"),
    [
        ("demographic", {"age_2": 25}, "age_2"),  # equal to age_1 = 25: not increasing
        ("demographic", {"age_3": 29}, "age_3"),  # below age_2 = 30
        ("demographic", {"age_1": 10}, "age_1"),  # below the range 16–80
        ("demographic", {"age_4": 50.5}, "age_4"),  # not a whole number
        ("demographic", {"by": "tuoi"}, "by"),
        ("geographic", {"radius_km": 0}, "radius_km"),
        ("geographic", {"radius_km": "10"}, "radius_km"),
        ("company_size", {"staff_max": 5}, "staff_max"),
        ("company_size", {"revenue_max_bn": -1}, "revenue_max_bn"),
        ("product_need", {"custom_min": 1.5}, "custom_min"),
        ("support_need", {"tickets_per_order": 0}, "tickets_per_order"),
        ("support_need", {"hours_per_order": math.inf}, "hours_per_order"),
        ("psychographic", {"by": "horoscope"}, "by"),
        ("source", {"radius_km": 3}, "radius_km"),  # a parameter the scheme does not have
    ],
)
def test_bad_parameters_name_the_parameter(name, params, param):
    t = pd.DataFrame(
        {
            "age": [30],
            "distance_km": [1.0],
            "staff_count": [1],
            "revenue_bn": [1.0],
            "custom_share": [0.1],
            "n_orders": [1],
            "n_tickets": [0],
            "support_hours": [0.0],
            "source": ["Zalo"],
            "interest": ["Yoga"],
        }
    )
    with pytest.raises(PhanloaiError) as err:
        classify(t, name, **params)
    assert f"'{param}'" in err.value.vi or param in err.value.vi
    assert param in err.value.en


def test_not_a_dataframe():
    with pytest.raises(PhanloaiError, match="DataFrame"):
        classify([{"source": "Zalo"}], "source")


def test_input_table_is_not_changed():
    t = pd.DataFrame({"staff_count": ["250", None], "revenue_bn": [1.0, 500.0]})
    before = t.copy()
    classify(t, "company_size")
    pd.testing.assert_frame_equal(t, before)


# =================================================================================================
# Real worlds: the numbers the articles and the world files promise
# =================================================================================================
def test_bolts_large_firms_about_16_percent(bolts):
    share = (named(bolts.customers, "company_size") == LARGE).mean()
    assert 0.13 <= share <= 0.19, share


def test_fashion_about_a_third_within_10_km(fashion):
    labels = named(fashion.customers, "geographic", by="radius", radius_km=10)
    share = (labels == "Trong bán kính 10 km").mean()
    assert 0.27 <= share <= 0.40, share


def test_bolts_regions_and_abroad(bolts):
    c = bolts.customers
    labels = named(c, "geographic")
    assert (labels == UNK).sum() == 0
    assert ((labels == "Nước ngoài") == (c["country"].astype(str) != "Việt Nam")).all()
    assert (labels == "Miền Nam").sum() == (c["region"] == "Nam").sum()


def test_bolts_groups_match_industries_and_no_other(bolts):
    c = bolts.customers
    labels = named(c, "group")
    assert (labels.astype(str) == c["industry"].astype(str)).all()


def test_bolts_product_and_support_stories(bolts):
    c = bolts.customers
    need = named(c, "product_need")
    assert (need == UNK).sum() == c["custom_share"].isna().sum()
    oil = c["industry"] == "Dầu khí & hóa chất"
    assert (need[oil] == STANDARD).mean() > 0.75  # oil & gas asks for international standards
    support = named(c, "support_need")
    assert (support == UNK).sum() == (c["n_orders"] == 0).sum()
    buyers = c["n_orders"] > 0
    high_custom = (support[buyers & (need == CUSTOM)] == HIGH).mean()
    high_standard = (support[buyers & (need == STANDARD)] == HIGH).mean()
    assert high_custom > 2 * high_standard  # custom bolts need far more after-sales


def test_sources_all_recognised(cases):
    for case in cases.values():
        labels = named(case.customers, "source")
        assert not labels.isin(["Kênh khác", UNK]).any(), case.name


def test_spa_internal_contacts_counted(spa):
    labels = named(spa.contacts, "internal_external")
    inside = labels.isin(["Cấp trên", "Đồng nghiệp", "Cấp dưới", "Chi nhánh khác", "Đối tác"])
    assert inside.sum() == len(spa.internal) and (labels != UNK).all()


def test_mbti_unknown_exactly_when_empty(fashion):
    c = fashion.customers
    labels = named(c, "psychographic", by="mbti")
    assert ((labels == UNK) == c["mbti"].isna()).all()


def test_fashion_persona_band_is_largest(fashion):
    counts = named(fashion.customers, "demographic").value_counts()
    assert counts.idxmax() == "30–39 tuổi"
