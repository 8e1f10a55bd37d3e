"""Lesson 06 (RFM and clusters): every expected answer is worked out here again, with pandas, from
the case's own columns (scores by rank, the segment grid, cut points), at two seeds; each
exercise takes its right answer, refuses a wrong one and says a malformed one is malformed, in
Vietnamese and in English."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import practice
from phanloai.lessons import rfm_clusters as lesson

SEEDS = (0, 1)

# The segment grid written out again: R (rows 5 … 1) × FM = ⌊(F + M) / 2⌋ (columns 1 … 5).
GRID = {
    5: ("new", "potential", "potential", "champions", "champions"),
    4: ("promising", "potential", "potential", "loyal", "champions"),
    3: ("about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"),
    2: ("hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"),
    1: ("lost", "hibernating", "at_risk", "at_risk", "cant_lose"),
}
# letters only Vietnamese uses: an English text must hold none of them
VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ]")


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def case(request):
    return phanloai.load("fashion", seed=request.param)


def bought(c: pd.DataFrame) -> pd.DataFrame:
    return c[c["n_orders"] > 0]


def quantile_scores(c: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """1 + ⌊k × share of buyers strictly worse⌋, with pandas ranks."""
    b = bought(c)
    n = len(b)

    def score(values: pd.Series) -> pd.Series:
        below = values.rank(method="min") - 1  # how many are strictly smaller
        return (1 + (below * k) // n).astype(int)

    return pd.DataFrame(
        {"R": score(-b["recency_days"]), "F": score(b["n_orders"]), "M": score(b["total_spend"])}
    )


def fixed_scores(c: pd.DataFrame, p: dict) -> pd.DataFrame:
    b = bought(c)
    r = 5 - sum((b["recency_days"] > p[f"r_days_{i}"]).astype(int) for i in range(1, 5))
    f = 1 + sum((b["n_orders"] >= p[f"f_orders_{i}"]).astype(int) for i in range(1, 5))
    m = 1 + sum((b["total_spend"] >= p[f"m_spend_{i}"]).astype(int) for i in range(1, 5))
    return pd.DataFrame({"R": r, "F": f, "M": m})


def segments(scores: pd.DataFrame) -> pd.Series:
    fm = (scores["F"] + scores["M"]) // 2
    return pd.Series(
        [GRID[r][x - 1] for r, x in zip(scores["R"], fm, strict=True)], index=scores.index
    )


FIXED_DEFAULTS = {
    "r_days_1": 30,
    "r_days_2": 90,
    "r_days_3": 180,
    "r_days_4": 365,
    "f_orders_1": 2,
    "f_orders_2": 3,
    "f_orders_3": 4,
    "f_orders_4": 8,
    "m_spend_1": 1_000_000,
    "m_spend_2": 2_000_000,
    "m_spend_3": 5_000_000,
    "m_spend_4": 10_000_000,
}


def test_lesson_is_found_and_named():
    assert lesson.NOTEBOOK == "06_rfm_phan_cum.ipynb"
    assert lesson.CASES == ("fashion",)
    assert set(lesson.TITLE) and all(lesson.TITLE)
    assert "rfm_clusters" in phanloai.lessons.LESSONS


def test_the_independent_scores_agree_with_the_scheme(case):
    c = case.customers
    mine = segments(quantile_scores(c))
    theirs = phanloai.classify(c, "rfm").loc[mine.index].astype(str)
    assert (mine == theirs).all()
    by_cuts = segments(fixed_scores(c, FIXED_DEFAULTS))
    assert (by_cuts == phanloai.classify(c, "rfm", method="fixed").loc[by_cuts.index]).all()


def test_answers_are_worked_out_from_the_data(case):
    c = case.customers
    champions = segments(quantile_scores(c)) == "champions"
    bt = phanloai.exercises("rfm_clusters", case)

    n = int(champions.sum())
    assert bt.q1.check(n).ok is True
    assert bt.q1.check(n + 20).ok is False

    share = bought(c).loc[champions, "total_spend"].sum() / c["total_spend"].sum()
    assert bt.q2.check(share).ok is True
    assert bt.q2.check(f"{share * 100:.2f} %").ok is True
    assert bt.q2.check(share + 0.05).ok is False

    clusters = phanloai.classify(c, "clusters", k=4)
    away = c.groupby(clusters.astype(str))["recency_days"].mean().drop("unknown").idxmax()
    letter = "ABCD"[int(away.rsplit("_", 1)[1]) - 1]
    assert bt.q3.check(letter).ok is True
    assert bt.q3.check(away).ok is True
    other = "ABCD"[("ABCD".index(letter) + 1) % 4]
    assert bt.q3.check(other).ok is False

    outside = int((champions & (clusters.loc[champions.index] != "cluster_4")).sum())
    assert bt.q6.check(outside).ok is True
    assert bt.q6.check(outside + 30).ok is False


def test_fixed_cut_points_exercise(case):
    c = case.customers
    bt = phanloai.exercises("rfm_clusters", case)
    right = lesson.fixed_cuts_for(c)
    cuts = {**FIXED_DEFAULTS, **{k: v for k, v in right.items() if k != "method"}}
    share = float((segments(fixed_scores(c, cuts)) == "champions").mean())
    assert lesson.CHAMPIONS_LOW <= share <= lesson.CHAMPIONS_HIGH
    assert bt.q4.check(right).ok is True
    # the default cut points leave about a tenth of the buyers as champions: too many
    default_share = float((segments(fixed_scores(c, FIXED_DEFAULTS)) == "champions").mean())
    assert default_share > lesson.CHAMPIONS_HIGH
    assert bt.q4.check({"method": "fixed"}).ok is False
    # cut points without 'fixed' are ignored by quantile scoring: not reached, and it says why
    said = bt.q4.check({k: v for k, v in right.items() if k != "method"})
    assert said.ok is False and "fixed" in said.text
    # cut points that do not increase: refused as the wrong form
    assert bt.q4.check({"method": "fixed", "m_spend_4": 1_000_000}).ok is None
    assert bt.q4.check("cao hơn").ok is None


def test_strategy_exercise(case):
    bt = phanloai.exercises("rfm_clusters", case)
    lines = {
        "champions": "Gọi điện cảm ơn riêng và mời xem bộ sưu tập mới trước",
        "loyal": "Mời lên hạng thẻ bạc với quà sinh nhật",
        "new": "Nhắn Zalo chào mừng kèm mã giảm cho đơn thứ hai",
        "at_risk": "Gửi tin nhắn cá nhân với ưu đãi có hạn bảy ngày",
        "cant_lose": "Chủ cửa hàng gọi trực tiếp để hỏi vì sao chưa quay lại",
        "hibernating": "Chỉ gửi thư ưu đãi theo mùa, không tốn thêm chi phí",
    }
    assert bt.q5.check(lines).ok is True
    assert bt.q5.check({k: v for k, v in lines.items() if k != "cant_lose"}).ok is False
    assert bt.q5.check({**lines, "champions": "giảm giá"}).ok is False  # too short
    assert bt.q5.check("chăm sóc tốt").ok is None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_samples_are_right_wrong_and_malformed(case, lang):
    bt = phanloai.exercises("rfm_clusters", case)
    assert len(bt.all) == 6
    with phanloai.language(lang):
        for ex in bt.all:
            kinds = {k: v.kind for k, v in practice.check_samples(ex).items()}
            assert kinds == {"right": "right", "wrong": "wrong", "malformed": "malformed"}, (
                ex.number,
                kinds,
            )
            texts = [str(ex), str(ex.hint()), str(ex.solution())]
            assert all(t.strip() for t in texts)
            if lang == "en":
                assert not any(VIETNAMESE.search(t) for t in texts), (ex.number, texts)


def test_every_exercise_names_its_schemes(case):
    bt = phanloai.exercises("rfm_clusters", case)
    practised = {s for ex in bt.all for s in ex.schemes}
    assert practised == {"rfm", "clusters"}
    assert all(ex.schemes for ex in bt.all)


def test_a_smaller_world_still_has_answers():
    small = phanloai.load("fashion", n=3000, seed=3)
    bt = phanloai.exercises("rfm_clusters", small)
    for ex in bt.all:
        kinds = {k: v.kind for k, v in practice.check_samples(ex).items()}
        assert kinds == {"right": "right", "wrong": "wrong", "malformed": "malformed"}, ex.number


# -- the notebook's tables ------------------------------------------------------------------------------
def test_score_counts(case):
    c = case.customers
    table = lesson.score_counts(c)
    mine = quantile_scores(c)
    for col in "RFM":
        expected = mine[col].value_counts().reindex(range(1, 6), fill_value=0)
        assert table[col].tolist() == expected.tolist()
    three = lesson.score_counts(c, bins=3)
    assert list(three.index) == [1, 2, 3]
    assert (three.sum() == len(bought(c))).all()


def test_grid_counts(case):
    c = case.customers
    grid = lesson.grid_counts(c)
    mine = quantile_scores(c)
    fm = (mine["F"] + mine["M"]) // 2
    expected = pd.crosstab(mine["R"], fm).reindex(index=range(5, 0, -1), columns=range(1, 6))
    assert np.array_equal(grid.to_numpy(), expected.fillna(0).to_numpy().astype(int))
    champions = grid.loc["R=5", ["FM=4", "FM=5"]].sum() + grid.loc["R=4", "FM=5"]
    assert champions == int((segments(mine) == "champions").sum())


def test_methods_side_by_side(case):
    c = case.customers
    table = lesson.methods_side_by_side(c)
    assert "never" not in table.index and "unknown" not in table.index
    quantile = segments(quantile_scores(c)).value_counts()
    fixed = segments(fixed_scores(c, FIXED_DEFAULTS)).value_counts()
    for code in table.index:
        assert table.loc[code].iloc[0] == quantile.get(code, 0)
        assert table.loc[code].iloc[1] == fixed.get(code, 0)
    with phanloai.language("en"):
        assert list(lesson.methods_side_by_side(c).columns) == [
            "By quantile rank",
            "By fixed cut points",
        ]


def test_rescored_moves_quantile_scores_only(case):
    c = case.customers
    members = c["loyalty_member"]
    table = lesson.rescored(c, members)
    group = bought(c[members])
    # members scored among themselves, with pandas
    alone = segments(quantile_scores(group))
    whole = segments(quantile_scores(c)).loc[group.index]
    assert table.iloc[0, 0] == len(group)
    assert table.iloc[0, 1] == int((alone != whole).sum()) > 0
    assert table.iloc[1, 1] == 0  # fixed cut points read each buyer alone


def test_helpers_do_not_touch_the_table(case):
    c = case.customers
    before = c.copy()
    lesson.score_counts(c)
    lesson.grid_counts(c)
    lesson.methods_side_by_side(c)
    lesson.rescored(c, c["loyalty_member"])
    pd.testing.assert_frame_equal(c, before)
    assert len(lesson.buyers(c)) == int((c["n_orders"] > 0).sum())
