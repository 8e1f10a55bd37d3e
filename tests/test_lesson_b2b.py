"""Lesson "b2b" (notebook 03): the plan built from a crossed table, and the exercises — every
expected answer worked out here again with plain pandas, at two seeds, in both languages."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import practice
from phanloai.lessons import LESSONS, b2b

SEEDS = (0, 1)
INDUSTRY = {  # data value → level code of the "group" scheme
    "Xây dựng": "construction",
    "Dầu khí & hóa chất": "oil_gas",
    "Cơ khí chế tạo": "machinery",
    "Điện & năng lượng": "power",
}
REGION = {"Bắc": "north", "Trung": "central", "Nam": "south"}


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def bolts(request):
    return phanloai.load("bolts", seed=request.param)


@pytest.fixture(scope="module")
def small():
    return phanloai.load("bolts", n=1500, seed=3)


def lesson(case):
    return phanloai.exercises("b2b", case)


def kinds(ex) -> dict:
    return {k: v.kind for k, v in practice.check_samples(ex).items()}


# -- the lesson is found and names its notebook -----------------------------------------------------
def test_lesson_is_registered():
    assert LESSONS["b2b"] is b2b
    assert b2b.NOTEBOOK == "03_b2b_ke_hoach.ipynb"
    assert b2b.CASES == ("bolts",)
    assert all(isinstance(t, str) and t for t in b2b.TITLE)


def test_lesson_refuses_another_case():
    with pytest.raises(phanloai.PhanloaiError):
        phanloai.exercises("b2b", phanloai.load("spa", n=300))


# -- plan ---------------------------------------------------------------------------------------------
def _industry_region_contract(c: pd.DataFrame) -> pd.Series:
    """Firms per (industry, region, signed) cell, with plain pandas."""
    industry = c["industry"].astype(str).map(INDUSTRY)
    region = c["region"].astype(object).map(REGION).fillna("abroad")
    signed = np.where(c["contract_signed"], "signed", "not_signed")
    return c.groupby([industry, region, signed]).size()


def test_plan_ranks_every_non_empty_cell(bolts):
    c = bolts.customers
    expected = _industry_region_contract(c).sort_values(ascending=False, kind="stable")
    labels = [phanloai.classify(c, s) for s in ("group", "geographic", "contract_status")]
    p = b2b.plan(phanloai.cross(c, *labels))
    assert len(p) == (expected > 0).sum()
    assert list(p.index) == list(range(1, len(p) + 1))
    assert p.index.name == "rank"
    assert list(p.columns) == [
        "group",
        "geographic",
        "contract_status",
        "customers",
        "customer_share",
        "action",
    ]
    assert p["customers"].is_monotonic_decreasing
    assert int(p["customers"].sum()) == len(c)
    assert p["customer_share"].sum() == pytest.approx(1.0)
    cells = dict(
        zip(
            map(tuple, p[["group", "geographic", "contract_status"]].astype(str).to_numpy()),
            p["customers"],
            strict=True,
        )
    )
    assert cells == {k: int(v) for k, v in expected.items() if v > 0}
    first = tuple(p.iloc[0][["group", "geographic", "contract_status"]].astype(str))
    assert first == expected.index[0]


def test_plan_top_and_revenue(bolts):
    c = bolts.customers
    size = phanloai.classify(c, "company_size")
    industry = phanloai.classify(c, "group")
    p = b2b.plan(phanloai.cross(c, industry, size, values="revenue"), top=3)
    big = (c["staff_count"] > 200) | (c["revenue_bn"] > 200)
    expected = (
        c.groupby([c["industry"].astype(str).map(INDUSTRY), np.where(big, "large", "sme")])[
            "total_spend"
        ]
        .sum()
        .sort_values(ascending=False)
    )
    assert len(p) == 3
    assert list(p.columns) == ["group", "company_size", "revenue", "revenue_share", "action"]
    assert list(p["revenue"]) == list(expected.iloc[:3])
    assert p["revenue_share"].iloc[0] == pytest.approx(expected.iloc[0] / c["total_spend"].sum())
    assert tuple(p.iloc[0][["group", "company_size"]].astype(str)) == expected.index[0]


def test_plan_actions_come_from_the_declarations_in_either_language(bolts):
    c = bolts.customers
    labels = [phanloai.classify(c, s) for s in ("group", "geographic", "contract_status")]
    p = b2b.plan(phanloai.cross(c, *labels), top=2)
    row = p.iloc[0]
    levels = [
        next(lv for lv in phanloai.SCHEMES[s].levels_for() if lv.code == row[s])
        for s in ("group", "geographic", "contract_status")
    ]
    # codes inside: the column holds the cell's codes, never words
    assert row["action"] == " · ".join(lv.code for lv in levels)
    vi = phanloai.in_words(p)
    assert vi.columns[-1] == "Hành động gợi ý"
    for lv in levels:
        assert lv.action_vi in vi.iloc[0, -1] and lv.vi in vi.iloc[0, -1]
    assert vi.iloc[0, 0] == levels[0].vi
    with phanloai.language("en"):
        en = phanloai.in_words(p)
        styler = phanloai.show(p)
    assert en.columns[-1] == "Suggested action"
    for lv in levels:
        assert lv.action_en in en.iloc[0, -1]
    assert en.iloc[0, 0] == levels[0].en
    assert "Rank" == styler.data.index.name
    # filtering by code keeps what the plan is
    signed = p[p["contract_status"] == "signed"]
    assert signed.attrs["report"] == "plan"


def test_plan_of_a_plain_column(small):
    c = small.customers
    p = b2b.plan(phanloai.cross(c, phanloai.classify(c, "group"), "contract_signed"))
    assert p["contract_signed"].dtype == "boolean"
    assert set(p["contract_signed"]) <= {True, False}
    words = phanloai.in_words(p)
    assert "Xây dựng" in " ".join(
        words["Hành động gợi ý"]
    )  # the industry's action, none for yes/no
    assert phanloai.show(p).data.shape[0] == len(p)
    # a cross of plain columns only: no declared actions, no action column
    p2 = b2b.plan(phanloai.cross(c, "industry", "contract_signed"))
    assert "action" not in p2.columns
    assert int(p2["customers"].sum()) == len(c)


def test_plan_refuses_what_it_cannot_rank(small):
    c = small.customers
    with pytest.raises(phanloai.PhanloaiError, match="cross"):
        b2b.plan(c)
    with pytest.raises(phanloai.PhanloaiError, match="normalize"):
        b2b.plan(phanloai.cross(c, "industry", "contract_signed", normalize="all"))
    for bad in (0, -1, 2.5, True, "3"):
        with pytest.raises(phanloai.PhanloaiError, match="top"):
            b2b.plan(phanloai.cross(c, "industry", "contract_signed"), top=bad)


def test_drop_empty(small):
    c = small.customers
    table = phanloai.cross(
        c, phanloai.classify(c, "group"), phanloai.classify(c, "contract_status")
    )
    trimmed = b2b.drop_empty(table)
    assert "other" not in list(trimmed.index.astype(str))
    assert "unknown" not in list(trimmed.columns.astype(str))
    assert trimmed.to_numpy().sum() == table.to_numpy().sum()
    assert trimmed.attrs == table.attrs
    shares = phanloai.cross(
        c,
        phanloai.classify(c, "geographic"),
        phanloai.classify(c, "contract_status"),
        normalize="index",
    )
    kept = b2b.drop_empty(shares)
    assert not kept.isna().any().any()
    assert "unknown" not in list(kept.index.astype(str))
    phanloai.plot_cross(b2b.drop_empty(phanloai.cross(c, "industry", "region", "contract_signed")))
    with pytest.raises(phanloai.PhanloaiError):
        b2b.drop_empty([1, 2])


# -- the exercises, answered with plain pandas ------------------------------------------------------
def test_every_exercise_checks_its_samples_in_both_languages(bolts):
    bt = lesson(bolts)
    assert [ex.number for ex in bt.all] == ["1", "2", "3", "4", "5", "6"]
    practised = set().union(*(ex.schemes for ex in bt.all))
    assert {
        "company_size",
        "product_need",
        "support_need",
        "contract_status",
        "purchase_behavior",
    } <= practised
    for ex in bt.all:
        for lang in ("vi", "en"):
            with phanloai.language(lang):
                assert kinds(ex) == {
                    "right": "right",
                    "wrong": "wrong",
                    "malformed": "malformed",
                }, (
                    ex.number,
                    lang,
                )
                assert ex.check(None).kind == "empty"


def test_q1_large_firms_among_signed(bolts):
    c = bolts.customers
    large = (c["staff_count"] > 200) | (c["revenue_bn"] > 200)
    expected = large[c["contract_signed"]].mean()
    q = lesson(bolts).q1
    assert q.check(expected)
    assert q.check(f"{100 * expected:.1f} %".replace(".", ","))
    assert q.check(expected + 0.03).kind == "wrong"
    assert q.check(large.mean()).kind == "wrong"  # the share among every firm is another figure
    assert q.check("nhiều hơn").kind == "malformed"


def test_q2_size_thresholds(bolts):
    c = bolts.customers

    def share(staff_max, revenue_max_bn):
        return ((c["staff_count"] > staff_max) | (c["revenue_bn"] > revenue_max_bn)).mean()

    q = lesson(bolts).q2
    right = b2b.size_thresholds(c)
    assert 0.05 <= share(**right) <= 0.08
    assert q.check(right)
    assert not 0.05 <= share(200, 200) <= 0.08
    assert q.check({"staff_max": 200, "revenue_max_bn": 200}).kind == "wrong"
    # only one threshold raised: the other still lets many firms in
    assert q.check({"staff_max": 5000}).ok is bool(0.05 <= share(5000, 200) <= 0.08)
    for guess in (
        {"staff_max": 700, "revenue_max_bn": 900},
        {"staff_max": 1500, "revenue_max_bn": 1500},
    ):
        assert q.check(guess).ok is bool(0.05 <= share(**guess) <= 0.08)
    assert q.check("cao hơn").kind == "malformed"
    assert q.check({"staff_max": 1}).kind == "malformed"  # outside the declared range


def test_q3_industry_with_most_custom_buyers(bolts):
    c = bolts.customers
    custom = (c["custom_share"] >= 0.5).groupby(c["industry"].astype(str)).mean()
    code = INDUSTRY[custom.idxmax()]
    q = lesson(bolts).q3
    letters = "ABCD"
    text = str(q)
    shown = re.findall(r"^([A-D])\. (.+)$", text, flags=re.M)
    names = {lv.vi: lv.code for lv in phanloai.SCHEMES["group"].levels_for()}
    by_letter = {letter: names[name] for letter, name in shown}
    assert set(by_letter.values()) == set(INDUSTRY.values())
    right = next(letter for letter, c_ in by_letter.items() if c_ == code)
    assert q.check(right)
    assert q.check(code)
    assert q.check(right.lower() + ".")
    for letter in letters:
        if letter != right:
            assert q.check(letter).kind == "wrong"
    assert q.check("Z").kind == "malformed"
    with phanloai.language("en"):
        assert q.check(
            next(lv.en for lv in phanloai.SCHEMES["group"].levels_for() if lv.code == code)
        )


def test_q4_after_sales_ratio(bolts):
    c = bolts.customers
    b = c[c["n_orders"] > 0]
    high = (b["n_tickets"] >= 0.5 * b["n_orders"]) | (b["support_hours"] >= 2.0 * b["n_orders"])
    custom = b["custom_share"] >= 0.5
    expected = high[custom].mean() / high[~custom].mean()
    assert expected > 1.5  # custom buyers do need more support, at every seed
    q = lesson(bolts).q4
    assert q.check(expected)
    assert q.check(round(expected, 1))  # a ratio read to one decimal is close enough
    assert q.check(str(round(expected, 2)).replace(".", ","))
    assert q.check(expected * 1.1).kind == "wrong"
    assert q.check(1 / expected).kind == "wrong"
    assert q.check("gấp ba").kind == "malformed"


def test_q5_signed_but_still_leads(bolts):
    c = bolts.customers
    expected = int((c["contract_signed"] & (c["n_orders"] < 3)).sum())
    assert expected > 0
    q = lesson(bolts).q5
    assert q.check(expected)
    assert q.check(f"{expected:,}".replace(",", "."))
    assert q.check(expected + 10).kind == "wrong"
    assert q.check(0).kind == "wrong"  # what the default min_orders=1 gives
    assert q.check("không biết").kind == "malformed"


def test_q6_strategy_per_cell(bolts):
    c = bolts.customers
    expected = _industry_region_contract(c).sort_values(ascending=False, kind="stable")
    top = list(expected.index[:3])
    q = lesson(bolts).q6
    text = str(q)
    names = {}
    for s in ("group", "geographic", "contract_status"):
        names |= {lv.code: lv for lv in phanloai.SCHEMES[s].levels_for()}
    for rank, cell in enumerate(top, start=1):
        line = f"{rank}. " + " · ".join(names[code].vi for code in cell)
        assert line in text
        assert f"({expected[cell]:,} doanh nghiệp)".replace(",", ".") in text
    line = "một chiến lược cho ô này, với giá dự án, kho và hậu mãi số {}"
    answers = {rank: line.format(rank) for rank in (1, 2, 3)}
    assert q.check(answers)
    # the cell named by its codes, or by its names in either language
    by_codes = {cell: line.format(i) for i, cell in enumerate(top)}
    assert q.check(by_codes)
    by_names = {" · ".join(names[x].vi for x in cell): line.format(i) for i, cell in enumerate(top)}
    assert q.check(by_names)
    by_english = {
        " | ".join(names[x].en for x in cell): line.format(i) for i, cell in enumerate(top)
    }
    assert q.check(by_english)
    # missing, too short, repeated, or a cell that is not asked about
    assert q.check({1: answers[1], 2: answers[2]}).kind == "wrong"
    assert q.check({**answers, 3: "giảm giá"}).kind == "wrong"
    assert q.check({**answers, 3: answers[1]}).kind == "wrong"
    assert q.check({**answers, 9: answers[1] + " thêm"}).kind == "wrong"
    assert q.check({**answers, True: "x"}).kind == "wrong"
    assert q.check("giảm giá cho tất cả").kind == "malformed"
    assert q.check(["a", "b"]).kind == "malformed"
    # the solution shows each cell with its declared actions
    solution = str(q.solution())
    for cell in top:
        for code in cell:
            assert names[code].action_vi in solution


def test_english_texts(bolts):
    bt = lesson(bolts)
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
    with phanloai.language("en"):
        for ex in bt.all:
            for text in (str(ex), str(ex.hint()), str(ex.solution())):
                # names of people and places keep their diacritics (Mr Đại); nothing else does
                stripped = re.sub(r"Đại|Đà Nẵng|Hà Nội|Hồ Chí Minh", "", text)
                assert not vietnamese.search(stripped), (ex.number, text)
            assert str(ex).startswith(f"Question {ex.number}.")
        assert "large firms are" in str(bt.q2.check(b2b.size_thresholds(bolts.customers)))
        assert str(bt.q6.check({})).startswith("✗ Not yet: missing:")
    with phanloai.language("vi"):
        assert str(bt.q6.check({})).startswith("✗ Chưa đủ: còn thiếu:")
