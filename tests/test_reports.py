"""Reports after a classification: numbers worked out by hand on tables small enough to check.

The six customers of ``shop`` (sources, salespeople, orders, spend) and the six of ``ladder_shop``
(classified by the ``ladder`` scheme) are written out below; each expected value in the tests is
computed from them by hand, in the comments.
"""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.reports import CALL_PARAMS
from phanloai.schemes import SCHEMES, Column, Level, Rule, Scheme

M = 1_000_000
UNKNOWN = "unknown"


# -- the hand-made tables --------------------------------------------------------------------------
@pytest.fixture
def shop() -> pd.DataFrame:
    #   customer  source        staff  orders  spend   segment
    #   KH1       Facebook Ads  NV01   0       0       A
    #   KH2       Facebook Ads  NV01   1       1 tr    A
    #   KH3       Giới thiệu    NV02   2       3 tr    B
    #   KH4       Facebook Ads  NV02   0       0       B
    #   KH5       Zalo          NV02   4       8 tr    B
    #   KH6       Zalo          —      0       0       — (unknown)
    return pd.DataFrame(
        {
            "customer_id": ["KH1", "KH2", "KH3", "KH4", "KH5", "KH6"],
            "source": [
                "Facebook Ads",
                "Facebook Ads",
                "Giới thiệu",
                "Facebook Ads",
                "Zalo",
                "Zalo",
            ],
            "staff_id": ["NV01", "NV01", "NV02", "NV02", "NV02", None],
            "n_orders": [0, 1, 2, 0, 4, 0],
            "total_spend": [0, 1 * M, 3 * M, 0, 8 * M, 0],
        },
        index=pd.Index([11, 12, 13, 14, 15, 16], name="row"),
    )


@pytest.fixture
def segments(shop) -> pd.Series:
    """Hand-made labels: three declared segments, C left empty, the last customer unlabelled."""
    cats = pd.CategoricalDtype(["A", "B", "C"], ordered=True)
    return pd.Series(["A", "A", "B", "B", "B", None], index=shop.index, dtype=cats, name="segment")


@pytest.fixture
def ladder_shop() -> pd.DataFrame:
    # With the ladder's defaults (radius 10 km, frequency buyer from 4 orders, key account from
    # 6 orders and 15 tr): L1 suspect (25 km away), L2 prospect (3 km), L3 1st buy, L4 rebuy,
    # L5 frequency buyer (5 orders, 6 tr: not enough for a key account), L6 unknown (orders missing).
    return pd.DataFrame(
        {
            "customer_id": ["L1", "L2", "L3", "L4", "L5", "L6"],
            "n_orders": [0, 0, 1, 3, 5, np.nan],
            "total_spend": [0, 0, 500_000, 2_500_000, 6 * M, np.nan],
            "distance_km": [25.0, 3.0, 2.0, 8.0, 1.0, 4.0],
        }
    )


LADDER = ["suspect", "prospect", "first_buy", "rebuy", "frequent", "key", "unknown"]
LADDER_VI = [
    "Người có thể mua (Suspect)",
    "Khách tiềm năng (Prospect)",
    "Mua lần đầu (1st buy)",
    "Mua lại (Rebuy)",
    "Mua thường xuyên (Frequency buyer)",
    "Khách hàng lớn (Key account)",
    "Không xác định",
]
LADDER_EN = ["Suspect", "Prospect", "1st buy", "Rebuy", "Frequency buyer", "Key account", "Unknown"]


def col(report: pd.DataFrame, key: str) -> pd.Series:
    """A report's column by its stable key (the same in every language)."""
    return report[key]


def values(series: pd.Series) -> list:
    """A column as plain floats (NaN for missing), for comparing with numbers worked out by hand."""
    return [float("nan") if pd.isna(v) else float(v) for v in series]


def same(actual: list, expected: list) -> None:
    assert len(actual) == len(expected), (actual, expected)
    for a, e in zip(actual, expected, strict=True):
        assert (math.isnan(a) and math.isnan(e)) or a == pytest.approx(e), (actual, expected)


# -- profile -----------------------------------------------------------------------------------------
def test_profile_by_hand(shop, segments):
    report = phanloai.profile(shop, segments)
    assert list(report.index) == ["A", "B", "C", UNKNOWN]  # C is empty but listed; unknown last
    same(values(col(report, "customers")), [2, 3, 0, 1])
    same(values(col(report, "customer_share")), [2 / 6, 3 / 6, 0, 1 / 6])
    same(values(col(report, "revenue")), [1 * M, 11 * M, 0, 0])  # A: 0 + 1 tr; B: 3 + 0 + 8 tr
    same(values(col(report, "revenue_share")), [1 / 12, 11 / 12, 0, 0])
    same(values(col(report, "revenue_per_customer")), [M / 2, 11 * M / 3, np.nan, 0])
    same(values(col(report, "orders")), [1, 6, 0, 0])
    same(values(col(report, "aov")), [1 * M, 11 * M / 6, np.nan, np.nan])  # revenue ÷ orders
    same(values(col(report, "conversion")), [1 / 2, 2 / 3, np.nan, 0])  # share with an order
    assert report.index.name == "segment"
    assert list(report.columns) == [
        "customers",
        "customer_share",
        "revenue",
        "revenue_share",
        "revenue_per_customer",
        "orders",
        "aov",
        "conversion",
    ]


def test_profile_of_the_ladder_by_hand(ladder_shop):
    labels = phanloai.classify(ladder_shop, "ladder")
    report = phanloai.profile(ladder_shop, labels)
    assert list(report.index) == LADDER  # every declared level, key account empty, unknown counted
    assert report.index.name == "ladder"
    same(values(col(report, "customers")), [1, 1, 1, 1, 1, 0, 1])
    same(values(col(report, "revenue")), [0, 0, 500_000, 2_500_000, 6 * M, 0, 0])
    same(values(col(report, "revenue_share")), [0, 0, 1 / 18, 5 / 18, 12 / 18, 0, 0])  # of 9 tr
    same(values(col(report, "orders")), [0, 0, 1, 3, 5, 0, 0])
    same(
        values(col(report, "conversion")), [0, 0, 1, 1, 1, np.nan, np.nan]
    )  # L6's orders are not known
    assert report.attrs["dims"][0]["scheme"] == "ladder"
    words = phanloai.in_words(report)  # the words, put on at the edge
    assert list(words.index) == LADDER_VI and words.index.name == SCHEMES["ladder"].title_vi


def test_profile_keeps_only_what_the_data_has(shop, segments):
    report = phanloai.profile(shop.drop(columns=["total_spend", "n_orders"]), segments)
    assert list(report.columns) == ["customers", "customer_share"]
    report = phanloai.profile(shop.drop(columns=["total_spend"]), segments)
    assert "revenue" not in report.columns and "conversion" in report.columns


def test_profile_of_a_column_and_of_shuffled_labels(shop, segments):
    by_source = phanloai.profile(shop, "source")
    assert list(by_source.index) == ["Facebook Ads", "Giới thiệu", "Zalo"]
    same(values(col(by_source, "customers")), [3, 1, 2])
    shuffled = segments.iloc[[5, 3, 0, 2, 4, 1]]  # same customers, other order: aligned by index
    pd.testing.assert_frame_equal(
        phanloai.profile(shop, shuffled), phanloai.profile(shop, segments)
    )


def test_profile_adds_up_on_a_case(spa):
    labels = phanloai.classify(spa.customers, "ladder")
    report = phanloai.profile(spa.customers, labels)
    assert col(report, "customers").sum() == len(spa.customers)
    assert col(report, "revenue").sum() == spa.customers["total_spend"].sum()
    assert col(report, "orders").sum() == spa.customers["n_orders"].sum()
    assert col(report, "customer_share").sum() == pytest.approx(1)


# -- prioritize --------------------------------------------------------------------------------------
def test_prioritize_by_size(shop, segments):
    # B 3, A 2; C has nobody and is left out; unknown last, without a rank
    report = phanloai.prioritize(shop, segments)
    assert list(report.index) == ["B", "A", UNKNOWN]
    assert col(report, "rank").iloc[:2].tolist() == [1, 2] and pd.isna(col(report, "rank").iloc[2])
    assert col(report, "too_narrow").iloc[:2].tolist() == [False, False]
    assert col(report, "selected").tolist() == [True, True, False]
    assert col(report, "note").tolist() == ["target", "target", "not_classified"]  # codes…
    narrow = phanloai.prioritize(shop, segments, min_share=0.4)  # A holds 2/6 = 33 % < 40 %
    assert (
        phanloai.in_words(narrow)["Ghi chú"].iloc[1] == "quá hẹp: ít hơn 40 % số khách"
    )  # …words at the edge
    phanloai.set_language("en")
    assert phanloai.in_words(narrow)["Note"].iloc[1] == "too narrow: under 40% of customers"


def test_prioritize_by_revenue_and_value(shop, segments):
    by_revenue = phanloai.prioritize(shop, segments, by="revenue")  # B 11 tr, A 1 tr
    assert list(by_revenue.index) == ["B", "A", UNKNOWN]
    same(values(col(by_revenue, "revenue")), [11 * M, 1 * M, 0])
    by_value = phanloai.prioritize(shop, segments, by="value")  # B 3,67 tr/khách, A 0,5 tr
    same(values(col(by_value, "revenue_per_customer")), [11 * M / 3, M / 2, 0])
    assert list(by_value.index)[:2] == ["B", "A"]


def test_prioritize_narrow_threshold_and_limit(shop, segments):
    report = phanloai.prioritize(shop, segments, min_share=0.4)  # A holds 2/6 = 33 % < 40 %
    assert col(report, "too_narrow").iloc[:2].tolist() == [False, True]
    assert col(report, "selected").tolist() == [True, False, False]
    report = phanloai.prioritize(
        shop, segments, max_segments=1
    )  # A is wide enough, but over the limit
    assert col(report, "selected").tolist() == [True, False, False]
    assert col(report, "note").iloc[1] == "over_limit"
    assert "giới hạn 1 nhóm" in phanloai.in_words(report)["Ghi chú"].iloc[1]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"by": "big"}, "by"),
        ({"by": None}, "by"),
        ({"min_share": 1.5}, "min_share"),
        ({"min_share": -0.1}, "min_share"),
        ({"min_share": "5%"}, "min_share"),
        ({"min_share": True}, "min_share"),
        ({"max_segments": 0}, "max_segments"),
        ({"max_segments": 2.5}, "max_segments"),
    ],
)
def test_prioritize_bad_arguments(shop, segments, kwargs, expected):
    with pytest.raises(PhanloaiError, match=expected) as err:
        phanloai.prioritize(shop, segments, **kwargs)
    assert "prioritize" in str(err.value) and "English:" in str(err.value)


def test_prioritize_by_revenue_needs_spend(shop, segments):
    with pytest.raises(PhanloaiError, match="total_spend"):
        phanloai.prioritize(shop.drop(columns="total_spend"), segments, by="revenue")
    phanloai.prioritize(
        shop.drop(columns="total_spend"), segments, by="size"
    )  # size needs only counts


# -- cross -------------------------------------------------------------------------------------------
def test_cross_counts_by_hand(shop, segments):
    table = phanloai.cross(shop, segments, "source")
    expected = pd.DataFrame(
        [
            [2, 0, 0],
            [1, 1, 1],
            [0, 0, 0],
            [0, 0, 1],
        ],  # A: KH1 KH2 on Facebook; B: KH4, KH3, KH5; KH6 Zalo
        index=["A", "B", "C", UNKNOWN],
        columns=["Facebook Ads", "Giới thiệu", "Zalo"],
    )
    np.testing.assert_array_equal(table.to_numpy(), expected.to_numpy())
    assert list(table.index) == list(expected.index) and list(table.columns) == list(
        expected.columns
    )


def test_cross_revenue_and_shares_by_hand(shop, segments):
    revenue = phanloai.cross(shop, segments, "source", values="revenue")
    np.testing.assert_array_equal(
        revenue.to_numpy(), [[1 * M, 0, 0], [0, 3 * M, 8 * M], [0, 0, 0], [0, 0, 0]]
    )
    rows = phanloai.cross(shop, segments, "source", normalize="index")
    same(rows.loc["B"].tolist(), [1 / 3, 1 / 3, 1 / 3])
    assert rows.loc["C"].isna().all()  # an empty row has no shares
    everything = phanloai.cross(shop, segments, "source", normalize="all")
    assert everything.to_numpy().sum() == pytest.approx(1)


def test_cross_three_ways_and_a_list(shop, segments):
    three = phanloai.cross(shop, segments, "source", "staff_id")
    assert three.index.nlevels == 2 and len(three) == 4 * 3  # every segment × every source
    assert list(three.columns) == ["NV01", "NV02", UNKNOWN]
    assert list(three.index.names) == ["segment", "source"]
    assert three.to_numpy().sum() == 6
    assert three.loc[("B", "Zalo"), "NV02"] == 1 and three.loc[(UNKNOWN, "Zalo"), UNKNOWN] == 1
    pd.testing.assert_frame_equal(phanloai.cross(shop, [segments, "source", "staff_id"]), three)


def test_drop_empty_by_hand(shop, segments):
    """C holds nobody; KH1 (A, Facebook) and KH4 (B, Facebook) bought nothing but are people."""
    report = phanloai.profile(shop, segments, drop_empty=True)
    assert list(report.index) == ["A", "B", UNKNOWN]
    table = phanloai.cross(shop, segments, "source", drop_empty=True)
    assert list(table.index) == ["A", "B", UNKNOWN]
    assert list(table.columns) == ["Facebook Ads", "Giới thiệu", "Zalo"]
    # revenue: KH6 (unknown, Zalo) spent 0 but is still a person, so the row stays
    revenue = phanloai.cross(shop, segments, "source", values="revenue", drop_empty=True)
    np.testing.assert_array_equal(revenue.to_numpy(), [[1 * M, 0, 0], [0, 3 * M, 8 * M], [0, 0, 0]])
    three = phanloai.cross(shop, segments, "source", "staff_id", drop_empty=True)
    # the occupied (segment, source) pairs: (A, FB) (B, FB) (B, GT) (B, Zalo) (unknown, Zalo)
    assert len(three) == 5 and list(three.columns) == ["NV01", "NV02", UNKNOWN]
    assert three.to_numpy().sum() == 6
    words = phanloai.in_words(three)  # the words still go on
    assert words.index.nlevels == 2


def test_cross_true_false_column(shop):
    signed = shop.assign(contract_signed=[True, False, True, False, False, True])
    table = phanloai.cross(signed, "source", "contract_signed")
    assert list(table.columns) == [True, False]
    assert table.loc["Facebook Ads"].tolist() == [1, 2]
    assert list(phanloai.in_words(table).columns) == ["Có", "Không"]


def test_cross_bad_input(shop, segments):
    with pytest.raises(PhanloaiError, match="hai"):
        phanloai.cross(shop, segments)
    with pytest.raises(PhanloaiError, match="values"):
        phanloai.cross(shop, segments, "source", values="sum")
    with pytest.raises(PhanloaiError, match="normalize"):
        phanloai.cross(shop, segments, "source", normalize="rows")
    with pytest.raises(PhanloaiError, match="'province'"):
        phanloai.cross(shop, segments, "province")


# -- funnel ------------------------------------------------------------------------------------------
def test_funnel_of_the_ladder_by_hand(ladder_shop):
    report = phanloai.funnel(phanloai.classify(ladder_shop, "ladder"))
    assert list(report.index) == LADDER
    same(values(col(report, "at_stage")), [1, 1, 1, 1, 1, 0, 1])
    # at or beyond: suspect 5 (everyone known), prospect 4, 1st buy 3, rebuy 2, frequency 1, key 0
    same(values(col(report, "reached")), [5, 4, 3, 2, 1, 0, np.nan])
    same(values(col(report, "step_rate")), [np.nan, 4 / 5, 3 / 4, 2 / 3, 1 / 2, 0, np.nan])
    same(values(col(report, "of_top")), [1, 0.8, 0.6, 0.4, 0.2, 0, np.nan])
    assert col(report, "kind").tolist() == ["stage"] * 6 + ["unknown"]
    assert phanloai.in_words(report).iloc[:, 0].tolist() == ["bậc"] * 6 + ["không xác định"]


@pytest.fixture
def pipeline() -> pd.Series:
    stages = pd.CategoricalDtype(["Mới", "Đã liên hệ", "Đã mua", "Không mua"], ordered=True)
    return pd.Series(
        ["Mới", "Mới", "Đã liên hệ", "Đã mua", "Đã mua", "Không mua", "Không mua", "Không mua"],
        dtype=stages,
        name="stage",
    )


def test_funnel_lost_is_not_beyond_won(pipeline):
    report = phanloai.funnel(pipeline, exits=["Không mua"])
    assert list(report.index) == ["Mới", "Đã liên hệ", "Đã mua", "Không mua"]
    # the 3 who said no entered the road (top: 2 + 1 + 2 + 3 = 8) but are not beyond "Đã mua" (2)
    same(values(col(report, "reached")), [8, 3, 2, np.nan])
    same(values(col(report, "step_rate")), [np.nan, 3 / 8, 2 / 3, np.nan])
    same(
        values(col(report, "of_top")), [1, 3 / 8, 2 / 8, 3 / 8]
    )  # the exit row: its share of the top
    assert col(report, "kind").tolist() == ["stage", "stage", "stage", "exit"]


def test_funnel_with_the_furthest_stage_of_those_who_left(pipeline):
    furthest = pd.Series([None] * 5 + ["Đã liên hệ", "Đã liên hệ", "Mới"], index=pipeline.index)
    report = phanloai.funnel(pipeline, exits=["Không mua"], furthest=furthest)
    same(values(col(report, "reached")), [8, 5, 2, np.nan])  # two of the lost had been contacted
    with pytest.raises(PhanloaiError, match="furthest"):
        phanloai.funnel(pipeline, exits=["Không mua"], furthest=furthest.replace("Mới", "Sao Hỏa"))


def test_funnel_exits_named_by_hand(pipeline):
    # a hand-made ordered categorical declares no exit: nothing is guessed from the names, so
    # "Không mua" is taken as the last step until it is named an exit
    for report in (phanloai.funnel(pipeline), phanloai.funnel(pipeline, exits=[])):
        same(values(col(report, "reached")), [8, 6, 5, 3])
    with pytest.raises(PhanloaiError, match="exits"):
        phanloai.funnel(pipeline, exits=["Bỏ đi"])


def test_funnel_of_the_relationship_scheme():
    if "relationship" not in SCHEMES:
        pytest.skip("the relationship scheme is not registered yet")
    table = pd.DataFrame(
        {"stage": ["Mới có thông tin", "Đã liên hệ", "Đã mua", "Đã mua", "Không mua", None]}
    )
    labels = phanloai.classify(table, "relationship")
    report = phanloai.funnel(labels)  # "lost" is the exit the scheme declares
    assert col(report, "reached")["won"] == 2  # the lost one is not beyond "won"
    assert col(report, "reached").iloc[0] == 5 and col(report, "at_stage")["lost"] == 1
    assert col(report, "at_stage").iloc[-1] == 1  # the missing stage: unknown
    # the furthest stage of the lost one, as the CRM writes it: read through the scheme's synonyms
    furthest = pd.Series([None, None, None, None, "Đang chăm sóc", None])
    report = phanloai.funnel(labels, furthest=furthest)
    assert col(report, "reached")["consulting"] == 3  # two who bought + the lost one


def test_funnel_needs_stages():
    flat = Scheme(
        code="test_flat",
        title_vi="Nhóm phẳng",
        title_en="Flat groups",
        purpose_vi="thử",
        purpose_en="test",
        levels=(
            Level("x", "Nhóm X", "Group X", "x", "x", "x", "x"),
            Level("y", "Nhóm Y", "Group Y", "y", "y", "y", "y"),
        ),
        requires=(Column("n_orders", "count"),),
        rules=(Rule("x", lambda t, p: t["n_orders"] > 0, "", ""), Rule("y", None, "", "")),
        source=("000",),
        cases=("spa",),
        staged=False,
    )
    labels = phanloai.classify(pd.DataFrame({"n_orders": [0, 2]}), flat)
    with pytest.raises(PhanloaiError, match="test_flat") as err:
        phanloai.funnel(labels)
    assert str(err.value).startswith("funnel(): cách phân loại")
    with pytest.raises(PhanloaiError, match="thứ tự"):
        phanloai.funnel(pd.Series(["a", "b"], dtype="category"))
    with pytest.raises(PhanloaiError, match="labels"):
        phanloai.funnel(["a", "b"])


# -- revenue by source and staff ---------------------------------------------------------------------
def test_revenue_by_source_by_hand(shop):
    report = phanloai.revenue_by_source(shop)
    # Zalo 8 tr (KH5), Giới thiệu 3 tr (KH3), Facebook Ads 1 tr (KH2): most money first, each
    # channel read through the source scheme
    assert list(report.index) == ["zalo", "referral", "facebook"]
    same(values(col(report, "leads")), [2, 1, 3])
    same(values(col(report, "lead_share")), [2 / 6, 1 / 6, 3 / 6])
    same(values(col(report, "buyers")), [1, 1, 1])
    same(values(col(report, "conversion")), [1 / 2, 1, 1 / 3])
    same(values(col(report, "revenue")), [8 * M, 3 * M, 1 * M])
    same(values(col(report, "revenue_share")), [8 / 12, 3 / 12, 1 / 12])
    same(values(col(report, "revenue_per_lead")), [4 * M, 3 * M, M / 3])
    assert report.index.name == "source"
    raw = phanloai.revenue_by_source(shop, shop["source"])  # or the raw values, as they are written
    assert list(raw.index) == ["Zalo", "Giới thiệu", "Facebook Ads"]


def test_revenue_by_source_on_the_spa(spa):
    report = phanloai.revenue_by_source(spa.customers)
    assert col(report, "leads").sum() == len(spa.customers)
    assert col(report, "revenue").sum() == spa.customers["total_spend"].sum()
    assert col(report, "revenue").is_monotonic_decreasing


def test_staff_performance_by_hand(shop):
    staff = pd.DataFrame(
        {
            "staff_id": ["NV01", "NV02", "NV03"],
            "full_name": ["Nguyễn Thị Thu Hà", "Trần Minh Thư", "Lê Hoàng Yến"],
        }
    )
    report = phanloai.staff_performance(shop, staff)
    assert list(report.index) == ["NV01", "NV02", "NV03", "unassigned"]
    assert phanloai.in_words(report).index[-1] == "(chưa phân công)"
    assert col(report, "name").tolist() == [
        "Nguyễn Thị Thu Hà",
        "Trần Minh Thư",
        "Lê Hoàng Yến",
        "",
    ]
    same(values(col(report, "leads")), [2, 3, 0, 1])
    same(values(col(report, "converted")), [1, 2, 0, 0])  # NV01: KH2; NV02: KH3, KH5
    same(values(col(report, "conversion")), [1 / 2, 2 / 3, np.nan, 0])
    same(values(col(report, "revenue")), [1 * M, 11 * M, 0, 0])
    same(values(col(report, "revenue_per_lead")), [M / 2, 11 * M / 3, np.nan, 0])
    without = phanloai.staff_performance(shop)
    assert list(without.index) == ["NV01", "NV02", "unassigned"] and "name" not in without.columns


def test_staff_performance_bad_input(shop):
    with pytest.raises(PhanloaiError, match="staff_id"):
        phanloai.staff_performance(shop.drop(columns="staff_id"))
    with pytest.raises(PhanloaiError, match="staff_id"):
        phanloai.staff_performance(shop, pd.DataFrame({"id": ["NV01"]}))
    with pytest.raises(PhanloaiError, match="trùng"):
        phanloai.staff_performance(shop, pd.DataFrame({"staff_id": ["NV01", "NV01"]}))


# -- the call campaign -------------------------------------------------------------------------------
def test_call_campaign_expected_by_hand(shop):
    # the call list is the 3 leads who never bought (KH1, KH4, KH6): 3 × 0,5 × 0,5 × 1 × 1
    table, ids = phanloai.call_campaign(
        shop, reach=0.5, verify=0.5, remind=1.0, interested=1.0, seed=3
    )
    same(values(col(table, "expected")), [3, 1.5, 0.75, 0.75, 0.75])
    same(values(col(table, "probability")), [np.nan, 0.5, 0.5, 1.0, 1.0])
    assert table.attrs["excluded_buyers"] == 3
    people = col(table, "people").tolist()
    assert people[0] == 3 and people[-1] == len(ids)
    assert people[3] == people[2] == people[4]  # probability 1: nobody lost at those steps
    assert set(ids) <= {"KH1", "KH4", "KH6"}
    everyone, _ = phanloai.call_campaign(shop, exclude_buyers=False)
    same(values(col(everyone, "expected"))[:1], [6])


def test_call_campaign_is_deterministic_and_shrinks(spa):
    first = phanloai.call_campaign(spa.customers, seed=7)
    again = phanloai.call_campaign(spa.customers, seed=7)
    pd.testing.assert_frame_equal(first.funnel, again.funnel)
    pd.testing.assert_series_equal(first.telesales, again.telesales)
    other = phanloai.call_campaign(spa.customers, seed=8)
    assert not first.telesales.equals(other.telesales)
    people = col(first.funnel, "people").to_numpy()
    assert np.all(np.diff(people) <= 0)  # each step keeps at most the previous one's people
    assert set(first.telesales) <= set(spa.customers["customer_id"])
    # 3,000 calls: each step's rate lands near its probability
    rates = col(first.funnel, "step_rate").to_numpy()[1:]
    probs = col(first.funnel, "probability").to_numpy()[1:]
    assert np.all(np.abs(rates - probs) < 0.06)


def test_call_campaign_extremes_and_monotone(shop, spa):
    _, everyone = phanloai.call_campaign(
        shop, reach=1, verify=1, remind=1, interested=1, exclude_buyers=False
    )
    assert everyone.tolist() == shop["customer_id"].tolist()
    _, nobody = phanloai.call_campaign(shop, reach=0)
    assert nobody.empty
    _, few = phanloai.call_campaign(spa.customers, interested=0.2, seed=1)
    _, more = phanloai.call_campaign(spa.customers, interested=0.5, seed=1)
    assert set(few) <= set(more)  # a higher probability never loses a warm lead


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"reach": 1.5}, "reach"),
        ({"verify": -0.1}, "verify"),
        ({"remind": "cao"}, "remind"),
        ({"interested": float("nan")}, "interested"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_call_campaign_bad_parameters(shop, kwargs, expected):
    with pytest.raises(PhanloaiError, match=expected):
        phanloai.call_campaign(shop, **kwargs)


def test_call_campaign_parameters_are_declared():
    for name, p in CALL_PARAMS.items():
        assert p.lo == 0 and p.hi == 1 and p.lo <= p.default <= p.hi and p.vi and p.en, name


# -- purity, language, bad input ------------------------------------------------------------------------
def test_inputs_are_never_changed(shop, segments, ladder_shop, pipeline):
    labels = phanloai.classify(ladder_shop, "ladder")
    saved = [(shop, shop.copy(deep=True)), (ladder_shop, ladder_shop.copy(deep=True))]
    saved_labels = [
        (segments, segments.copy(deep=True)),
        (labels, labels.copy(deep=True)),
        (pipeline, pipeline.copy(deep=True)),
    ]
    dtype = labels.dtype
    phanloai.profile(shop, segments)
    phanloai.prioritize(shop, segments, by="value")
    phanloai.cross(shop, segments, "source", "staff_id", values="revenue")
    phanloai.profile(ladder_shop, labels)
    phanloai.funnel(labels)
    phanloai.funnel(pipeline, exits=["Không mua"])
    phanloai.revenue_by_source(shop)
    phanloai.staff_performance(shop)
    phanloai.call_campaign(shop)
    for before, after in saved:
        pd.testing.assert_frame_equal(before, after)
    for before, after in saved_labels:
        pd.testing.assert_series_equal(before, after)
    assert labels.dtype is dtype


def test_same_keys_in_both_languages(shop, segments, ladder_shop):
    """Code written in a Vietnamese class runs unchanged in an English one: keys and codes never
    change with the language; only the words put on at the edge do."""
    labels_vi = phanloai.classify(ladder_shop, "ladder")  # classified in Vietnamese…
    reports_vi = {
        "profile": phanloai.profile(ladder_shop, labels_vi),
        "prioritize": phanloai.prioritize(shop, segments),
        "funnel": phanloai.funnel(labels_vi),
        "revenue_by_source": phanloai.revenue_by_source(shop),
        "staff_performance": phanloai.staff_performance(shop),
        "call_campaign": phanloai.call_campaign(shop).funnel,
        "cross": phanloai.cross(shop, segments, "source"),
    }
    phanloai.set_language("en")  # …reported in English
    labels_en = phanloai.classify(ladder_shop, "ladder")
    pd.testing.assert_series_equal(labels_vi, labels_en)
    reports_en = {
        "profile": phanloai.profile(ladder_shop, labels_vi),
        "prioritize": phanloai.prioritize(shop, segments),
        "funnel": phanloai.funnel(labels_vi),
        "revenue_by_source": phanloai.revenue_by_source(shop),
        "staff_performance": phanloai.staff_performance(shop),
        "call_campaign": phanloai.call_campaign(shop).funnel,
        "cross": phanloai.cross(shop, segments, "source"),
    }
    for name, vi in reports_vi.items():
        en = reports_en[name]
        assert list(vi.columns) == list(en.columns) and list(vi.index) == list(en.index), name
    assert reports_en["profile"]["revenue"].sum() == 9 * M
    words = phanloai.in_words(reports_en["profile"])
    assert list(words.index) == [
        "Suspect",
        "Prospect",
        "1st buy",
        "Rebuy",
        "Frequency buyer",
        "Key account",
        "Unknown",
    ]
    assert list(words.columns[:3]) == ["Customers", "Share of customers", "Revenue"]
    assert words.index.name == "The six customer levels"
    assert phanloai.in_words(reports_en["staff_performance"]).index[-1] == "(unassigned)"
    assert phanloai.in_words(reports_en["call_campaign"]).index[0] == "Call list"
    assert phanloai.in_words(reports_en["funnel"])["Kind"].iloc[-1] == "unknown"
    assert phanloai.in_words(reports_en["revenue_by_source"]).index[0] == "Zalo"


# -- labels stored as a column ----------------------------------------------------------------------------
def test_labels_stored_as_a_column_still_work(fashion):
    """What a classification is survives a DataFrame column (and pickling); the reports use it."""
    customers = fashion.customers
    ladder = phanloai.classify(customers, "ladder")
    stored = customers.assign(seg=ladder)
    pd.testing.assert_frame_equal(phanloai.funnel(stored["seg"]), phanloai.funnel(ladder))
    assert phanloai.profile(stored, "seg").index.tolist() == LADDER
    assert stored["seg"].phanloai.scheme.code == "ladder"
    back = pickle.loads(pickle.dumps(stored))
    assert back["seg"].phanloai.params == ladder.phanloai.params
    pd.testing.assert_frame_equal(
        phanloai.profile(back, "seg"), phanloai.profile(customers, ladder), check_names=False
    )


def test_a_non_staged_classification_stored_as_a_column_is_refused_by_funnel(fashion):
    rfm = phanloai.classify(fashion.customers, "rfm")
    stored = fashion.customers.assign(seg=rfm)["seg"]
    with pytest.raises(PhanloaiError, match="'rfm'") as err:
        phanloai.funnel(stored)
    assert "English:" in str(err.value)
    # after pd.concat pandas builds a plain categorical: the codes still name the scheme
    both = pd.concat([rfm.iloc[:10], rfm.iloc[10:20]])
    assert not isinstance(both.dtype, phanloai.schemes.LevelDtype)
    with pytest.raises(PhanloaiError, match="'rfm'"):
        phanloai.funnel(both)


def test_lost_parameters_are_not_guessed(spa):
    """Age bands named from their edges: after pd.concat the edges are gone, so the names are not
    guessed — tables show the codes, and asking for the names says how to re-attach them."""
    ages = phanloai.classify(spa.customers, "demographic", age_1=20, age_2=30, age_3=40, age_4=60)
    both = pd.concat([ages.iloc[:1500], ages.iloc[1500:]])
    table = phanloai.profile(spa.customers, both)  # the report itself works on codes
    assert table["customers"].sum() == len(spa.customers)
    assert phanloai.in_words(table).index[0] == "age_0"  # not "Dưới 25 tuổi" (the default edges)
    with pytest.raises(PhanloaiError, match="as_labels"):
        both.phanloai.names()
    again = phanloai.as_labels(both, "demographic", age_1=20, age_2=30, age_3=40, age_4=60)
    words = phanloai.in_words(phanloai.profile(spa.customers, again))
    assert words.index[0] == "Dưới 20 tuổi"


@pytest.mark.parametrize(
    ("call", "function", "column"),
    [
        (
            lambda t, s: phanloai.revenue_by_source(t.drop(columns="n_orders")),
            "revenue_by_source",
            "n_orders",
        ),
        (
            lambda t, s: phanloai.revenue_by_source(t.drop(columns="source")),
            "revenue_by_source",
            "source",
        ),
        (
            lambda t, s: phanloai.revenue_by_source(t.drop(columns="total_spend")),
            "revenue_by_source",
            "total_spend",
        ),
        (
            lambda t, s: phanloai.staff_performance(t.drop(columns="n_orders")),
            "staff_performance",
            "n_orders",
        ),
        (
            lambda t, s: phanloai.cross(
                t.drop(columns="total_spend"), s, "source", values="revenue"
            ),
            "cross",
            "total_spend",
        ),
        (lambda t, s: phanloai.profile(t, "province"), "profile", "province"),
    ],
)
def test_missing_column_names_function_and_column(shop, segments, call, function, column):
    with pytest.raises(PhanloaiError) as err:
        call(shop, segments)
    text = str(err.value)
    assert text.startswith(f"{function}(): bảng khách hàng thiếu cột '{column}'")
    assert f"(English: {function}(): the customer table has no column '{column}'" in text
    phanloai.set_language("en")
    assert str(err.value).startswith(f"{function}(): the customer table has no column '{column}'")


def test_other_bad_input(shop, segments):
    with pytest.raises(PhanloaiError, match="DataFrame"):
        phanloai.profile(shop.to_dict(), segments)
    with pytest.raises(PhanloaiError, match="labels"):
        phanloai.profile(shop, ["A", "B"])
    with pytest.raises(PhanloaiError, match="không khớp"):
        phanloai.profile(shop, segments.iloc[:4])
    with pytest.raises(PhanloaiError, match="không khớp"):
        phanloai.profile(shop, segments.reset_index(drop=True))
    bad = shop.assign(total_spend=["0", "1000000", "ba triệu", "0", "8000000", "0"])
    with pytest.raises(PhanloaiError, match="'total_spend'.*13"):  # names the column and the row
        phanloai.profile(bad, segments)
    text_numbers = shop.assign(total_spend=shop["total_spend"].astype(str))
    same(values(col(phanloai.profile(text_numbers, segments), "revenue")), [1 * M, 11 * M, 0, 0])


def test_ladder_says_what_falls_short_of_a_key_account():
    people = pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "n_orders": [7, 4],  # A: orders enough (≥ 6) but 5 tr < 15 tr; B: 4 orders < 6
            "total_spend": [5 * M, 20 * M],
            "distance_km": [2.0, 2.0],
        }
    )
    why = phanloai.explain(people, "ladder")
    assert why["level"].tolist() == ["frequent", "frequent"]
    assert "7 đơn ≥ 6" in why["reason"].iloc[0] and "chưa đủ chi tiêu" in why["reason"].iloc[0]
    assert "5.000.000 ₫ < 15.000.000 ₫" in why["reason"].iloc[0]
    assert "4 đơn ≥ 4 nhưng < 6 đơn" in why["reason"].iloc[1]
