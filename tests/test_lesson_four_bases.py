"""The lesson of notebook 02 (four bases of segmentation): every expected answer worked out here
again with plain pandas, at two seeds; right, wrong and malformed answers; the English texts; the
call-campaign sliders and the figures the notebook's text quotes."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import practice
from phanloai.lessons import LESSONS, facts, four_bases
from phanloai.reports import CALL_PARAMS

SEEDS = (0, 3)
ROOT = Path(__file__).resolve().parents[1]
_MBTI = {a + b + c + d for a in "EI" for b in "SN" for c in "TF" for d in "JP"}


@pytest.fixture(scope="module", params=SEEDS)
def fashion(request):
    return phanloai.load("fashion", seed=request.param)


@pytest.fixture(scope="module")
def lesson(fashion):
    return phanloai.exercises("four_bases", fashion)


def _bands(ages: pd.Series, edges) -> pd.Series:
    """Share of contacts per age band, five bands from four edges (lower edge included)."""
    cut = pd.cut(ages, bins=[-np.inf, *edges, np.inf], right=False, labels=False)
    return cut.value_counts(normalize=True).reindex(range(5), fill_value=0.0)


def _right_wrong_malformed(ex) -> dict:
    return {k: v.kind for k, v in practice.check_samples(ex).items()}


# -- the lesson as a whole ----------------------------------------------------------------------------------
def test_the_lesson_is_found_and_names_its_notebook():
    assert LESSONS["four_bases"] is four_bases
    assert four_bases.NOTEBOOK == "02_bon_co_so.ipynb"
    assert (ROOT / "notebooks" / four_bases.NOTEBOOK).exists()
    assert four_bases.CASES == ("fashion",)
    assert all(isinstance(t, str) and t for t in four_bases.TITLE)


def test_the_lesson_refuses_the_spa():
    with pytest.raises(phanloai.PhanloaiError):
        phanloai.exercises("four_bases", phanloai.load("spa", n=300))


def test_six_exercises_of_four_kinds_covering_the_four_bases(lesson):
    assert [ex.number for ex in lesson.all] == ["1", "2", "3", "4", "5", "6"]
    covered = {s for ex in lesson.all for s in ex.schemes}
    assert {"demographic", "psychographic", "geographic", "behavioral"} <= covered


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_samples_are_right_wrong_and_malformed(lesson, lang):
    with phanloai.language(lang):
        for ex in lesson.all:
            assert _right_wrong_malformed(ex) == {
                "right": "right",
                "wrong": "wrong",
                "malformed": "malformed",
            }, ex.number


def test_english_texts_are_english(lesson):
    vietnamese = re.compile(r"\b(khách|của|là|nhóm|Câu|Đáp|bằng|người)\b")
    with phanloai.language("en"):
        for ex in lesson.all:
            for text in (str(ex), str(ex.hint()), str(ex.solution())):
                assert text.strip()
                assert not vietnamese.search(text), (ex.number, text)
    with phanloai.language("vi"):
        assert str(lesson.q1).startswith("Câu 1.")


# -- 1. age edges so that no band is too narrow ------------------------------------------------------------
def test_q1_found_edges_leave_no_band_under_ten_percent(fashion, lesson):
    right = lesson.q1.samples()["right"]
    edges = [right[k] for k in ("age_1", "age_2", "age_3", "age_4")]
    assert edges == sorted(set(edges))  # strictly increasing
    assert _bands(fashion.customers["age"], edges).min() >= 0.10
    assert lesson.q1.check(right).ok is True


def test_q1_default_edges_are_not_enough(fashion, lesson):
    assert _bands(fashion.customers["age"], [25, 30, 40, 50]).min() < 0.10
    feedback = lesson.q1.check({"age_1": 25, "age_2": 30, "age_3": 40, "age_4": 50})
    assert feedback.ok is False


def test_q1_other_answers(lesson):
    assert lesson.q1.check({"by": "income"}).ok is False  # the split must stay by age
    assert lesson.q1.check({"age_1": 40, "age_2": 30}).ok is None  # edges must increase
    assert lesson.q1.check("25, 30, 40, 50").ok is None


@pytest.mark.parametrize("seed", range(6))
def test_age_edges_for_reaches_the_target_at_many_seeds(seed):
    ages = phanloai.load("fashion", seed=seed).customers["age"]
    edges = list(four_bases.age_edges_for(pd.DataFrame({"age": ages})).values())
    assert _bands(ages, edges).min() >= four_bases.MIN_BAND_SHARE


def test_age_edges_for_a_stricter_target():
    ages = phanloai.load("spa", seed=1).customers["age"]
    edges = list(four_bases.age_edges_for(pd.DataFrame({"age": ages}), min_share=0.15).values())
    assert _bands(ages, edges).min() >= 0.15


# -- 2. MBTI: the share that can be classified ----------------------------------------------------------------
def test_q2_share_with_a_known_temperament(fashion, lesson):
    mbti = fashion.customers["mbti"].astype("string").str.strip().str.upper()
    expected = float(mbti.isin(_MBTI).mean())
    assert 0.2 < expected < 0.5
    assert lesson.q2.check(expected).ok is True
    assert lesson.q2.check(f"{expected * 100:.2f} %".replace(".", ",")).ok is True
    assert lesson.q2.check(1 - expected).ok is False  # the Unknown share is the other side
    assert lesson.q2.check(expected * 100).ok is None  # a percentage without "%"


# -- 3. purchase rate inside vs outside the radius -------------------------------------------------------------
def test_q3_ratio_of_purchase_rates(fashion, lesson):
    c = fashion.customers
    near = c["distance_km"] <= 10
    bought = c["n_orders"] > 0
    expected = bought[near].mean() / bought[~near].mean()
    assert expected > 4  # the world's story: people near the shop buy far more often
    assert lesson.q3.check(round(expected, 1)).ok is True
    assert lesson.q3.check(str(round(expected, 2)).replace(".", ",")).ok is True
    assert lesson.q3.check(expected * 1.1).ok is False


# -- 4. the age band with the most repeat buyers -------------------------------------------------------------
def test_q4_age_band_with_the_highest_repeat_share(fashion, lesson):
    c = fashion.customers
    band = pd.cut(c["age"], bins=[-np.inf, 25, 30, 40, 50, np.inf], right=False, labels=False)
    repeat = (c["n_orders"] >= 2).groupby(band).mean()
    letter = "ABCDE"[int(repeat.idxmax())]
    assert lesson.q4.check(letter).ok is True
    assert lesson.q4.check(letter.lower()).ok is True
    code = f"age_{int(repeat.idxmax())}"
    assert lesson.q4.check(code).ok is True
    other = "ABCDE"[(int(repeat.idxmax()) + 2) % 5]
    assert lesson.q4.check(other).ok is False
    assert lesson.q4.check(3.5).ok is None


# -- 5. warm leads expected from the calls near the shop -----------------------------------------------------
def test_q5_expected_warm_leads(fashion, lesson):
    c = fashion.customers
    listed = int(((c["distance_km"] <= 10) & (c["n_orders"] == 0)).sum())
    expected = listed * math.prod(p.default for p in CALL_PARAMS.values())
    assert lesson.q5.check(round(expected)).ok is True
    one_run = phanloai.call_campaign(c[(c["distance_km"] <= 10)], seed=0)
    assert one_run.funnel.attrs["excluded_buyers"] == int(
        ((c["distance_km"] <= 10) & (c["n_orders"] > 0)).sum()
    )
    assert one_run.funnel.loc["interested", "expected"] == pytest.approx(expected)
    assert lesson.q5.check(listed).ok is False  # the whole list is not the warm leads


# -- 6. one message per behavioural group ---------------------------------------------------------------------
def test_q6_strategy_per_behavioural_group(lesson):
    lines = {
        "Chưa tương tác web": "Nhắn Zalo kèm mã giảm giá mời ghé website xem hàng mới",
        "Chỉ xem": "Quảng cáo nhắc lại đúng món đã xem trên Facebook và TikTok",
        "Bỏ giỏ hàng": "Gửi email nhắc giỏ hàng trong ngày kèm miễn phí giao hàng",
        "Đã mua": "Nhắn cảm ơn sau khi giao hàng và gợi ý món phối cùng",
        "Mua nhiều lần": "Mời vào câu lạc bộ thành viên và báo sớm bộ sưu tập mới",
    }
    assert lesson.q6.check(lines).ok is True
    missing = dict(list(lines.items())[:4])
    assert lesson.q6.check(missing).ok is False
    assert lesson.q6.check("nhắn tin cho mọi người").ok is None


# -- the call-campaign sliders ----------------------------------------------------------------------------------
def test_campaign_sliders_follow_the_declared_parameters():
    spa = phanloai.load("spa", n=600, seed=2)
    box = four_bases.campaign_sliders(spa.customers, seed=4)
    assert set(box.controls) == set(CALL_PARAMS)
    assert box.children[-1].value[:4] == b"\x89PNG"
    assert box.result.funnel.attrs["params"]["reach"] == CALL_PARAMS["reach"].default
    box.controls["interested"].set(0.5)
    again = phanloai.call_campaign(spa.customers, interested=0.5, seed=4)
    assert box.result.telesales.tolist() == again.telesales.tolist()
    non_buyers = int((spa.customers["n_orders"] == 0).sum())
    assert int(box.result.funnel.loc["call_list", "people"]) == non_buyers


def test_call_list_near_and_expected_warm_leads():
    c = phanloai.load("fashion", n=3000, seed=1).customers
    listed = four_bases.call_list_near(c, radius_km=5)
    assert len(listed) == int(((c["distance_km"] <= 5) & (c["n_orders"] == 0)).sum())
    assert four_bases.expected_warm_leads(1000, reach=0.5) == pytest.approx(
        1000 * 0.5 * 0.9 * 0.8 * 0.3
    )


# -- figures quoted in the notebook's text ----------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_facts_quoted_in_the_text(seed):
    spa = phanloai.load("spa", seed=seed).customers
    assert facts.value("spa.age_50_plus_share", seed) == pytest.approx((spa["age"] >= 50).mean())
    assert facts.value("spa.mbti_missing_share", seed) == pytest.approx(spa["mbti"].isna().mean())


def test_the_notebook_text_matches_the_data():
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / four_bases.NOTEBOOK, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "<!--fig spa." in text
    assert facts.check_text(text, four_bases.NOTEBOOK) == []
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "story_table" not in code
