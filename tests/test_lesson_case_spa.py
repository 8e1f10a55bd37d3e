"""Lesson "case_spa" (notebook 10, the Hoa Sen spa case end to end): its helper tables, the
exercises — every expected answer worked out here again with plain pandas, at two seeds, in both
languages — and the figures the instructor notes quote (checked in the casebook once merged)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import practice
from phanloai.lessons import LESSONS, case_spa, facts

SEEDS = (0, 5)
ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "casebook" / "ghi_chu_giang_vien.md"
ROAD = ["Mới có thông tin", "Đã liên hệ", "Đang tư vấn", "Đã hẹn lịch", "Đã mua"]
ROAD_CODES = ["new_lead", "contacted", "consulting", "quoted", "won"]
OPEN = ROAD[:4]
SOURCE = {  # data value → level code of the "source" scheme
    "Facebook Ads": "facebook",
    "TikTok": "tiktok",
    "Google Ads": "google_ads",
    "Zalo": "zalo",
    "Website": "website",
    "Sale tự tìm": "sale_self",
    "Giới thiệu": "referral",
    "Khách vãng lai": "walk_in",
}
GROUP = {
    "Chăm sóc da": "skin",
    "Massage & thư giãn": "massage",
    "Nail": "nail",
    "Phun xăm thẩm mỹ": "brow_lip",
    "Triệt lông": "hair_removal",
    "Giảm béo": "slimming",
}
OK = {"right": "right", "wrong": "wrong", "malformed": "malformed"}


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def spa(request):
    return phanloai.load("spa", seed=request.param)


@pytest.fixture(scope="module")
def bt(spa):
    return phanloai.exercises("case_spa", spa)


def bought(c: pd.DataFrame) -> pd.Series:
    return c["n_orders"] > 0


def furthest(case) -> pd.Series:
    """The furthest road stage (pipeline text) each lead reached, by customer id."""
    p = case.pipeline[case.pipeline["stage"].astype(str).isin(ROAD)]
    pos = p["stage"].astype(str).map({s: i for i, s in enumerate(ROAD)})
    return pos.groupby(p["customer_id"].to_numpy()).max().map(dict(enumerate(ROAD)))


def reached(case) -> pd.Series:
    """Leads that ever entered each road stage (unique customers in the pipeline)."""
    p = case.pipeline
    return p.groupby(p["stage"].astype(str))["customer_id"].nunique().reindex(ROAD)


def stale(case, days=90) -> pd.Series:
    c = case.customers
    return c["stage"].astype(str).isin(OPEN) & ((case.as_of - c["created_at"]).dt.days > days)


def core(c: pd.DataFrame) -> pd.Series:
    return (c["gender"] == "Nữ") & c["age"].between(25, 44)


# -- the lesson ------------------------------------------------------------------------------------
def test_lesson_is_registered():
    assert LESSONS["case_spa"] is case_spa
    assert case_spa.NOTEBOOK == "10_spa.ipynb"
    assert case_spa.CASES == ("spa",)
    assert all(isinstance(t, str) and t for t in case_spa.TITLE)


def test_lesson_refuses_another_case():
    with pytest.raises(phanloai.PhanloaiError):
        phanloai.exercises("case_spa", phanloai.load("fashion", n=300))


# -- helpers ---------------------------------------------------------------------------------------
def test_furthest_stage_is_the_pipeline_history(spa):
    far = case_spa.furthest_stage(spa)
    assert far.index.equals(spa.customers.index)
    expected = spa.customers["customer_id"].map(furthest(spa))
    codes = expected.map(dict(zip(ROAD, ROAD_CODES, strict=True)))
    assert far.tolist() == codes.tolist()
    won = spa.customers["stage"] == "Đã mua"
    assert (far[won] == "won").all()


def test_real_funnel_counts_every_lead_up_to_its_furthest_stage(spa):
    table = case_spa.real_funnel(spa)
    counts = reached(spa)
    assert table.loc[ROAD_CODES, "reached"].astype(int).tolist() == counts.astype(int).tolist()
    rates = (counts / counts.shift()).iloc[1:]
    assert np.allclose(table.loc[ROAD_CODES[1:], "step_rate"].astype(float), rates)
    # without the history a lost lead counts only at the top: the first step looks far worse
    naive = phanloai.funnel(phanloai.classify(spa.customers, "relationship"))
    assert naive.loc["contacted", "step_rate"] < table.loc["contacted", "step_rate"] - 0.5


def test_open_and_stale_leads(spa):
    c = spa.customers
    assert case_spa.open_leads(spa).tolist() == c["stage"].astype(str).isin(OPEN).tolist()
    assert case_spa.stale_leads(spa, 90).tolist() == stale(spa).tolist()
    table = case_spa.open_lead_table(spa, days=90)
    assert table.index.tolist() == ROAD_CODES[:4]
    stage = c["stage"].astype(str)
    for code, name in zip(ROAD_CODES[:4], OPEN, strict=True):
        assert table.loc[code, "customers"] == int((stage == name).sum())
        assert table.loc[code, "stale_leads"] == int((stale(spa) & (stage == name)).sum())
    assert int(case_spa.open_lead_table(spa, days=30)["stale_leads"].sum()) >= int(stale(spa).sum())


def test_source_table_adds_spend_per_buyer(spa):
    c = spa.customers
    table = case_spa.source_table(spa)
    spend = c[bought(c)].groupby(c["source"].astype(str))["total_spend"].mean()
    for name, code in SOURCE.items():
        assert table.loc[code, "revenue_per_buyer"] == pytest.approx(spend[name])


def test_staff_helpers(spa):
    c = spa.customers
    rate = bought(c).groupby(c["staff_id"].astype(str)).mean()
    assert case_spa.star_ratio(spa) == pytest.approx(rate["NV03"] / rate.drop("NV03").median())
    fb = c[c["source"] == "Facebook Ads"]
    fb_rate = bought(fb).groupby(fb["staff_id"].astype(str)).mean()
    table = case_spa.facebook_by_staff(spa)
    assert np.allclose(table["conversion"].astype(float), fb_rate.reindex(table.index))


def test_service_levels_are_counted_among_buyers(spa):
    b = spa.customers[bought(spa.customers)]
    for loyal in (3, 4, 5):
        table = case_spa.service_levels(spa, loyal_orders=loyal)
        masks = {
            "first": b["n_orders"] == 1,
            "repeat": b["n_orders"].between(2, loyal - 1),
            "loyal": b["n_orders"] >= loyal,
        }
        for code, mask in masks.items():
            assert table.loc[code, "customers"] == int(mask.sum())
            assert table.loc[code, "customer_share"] == pytest.approx(mask.mean())
            share = b.loc[mask, "total_spend"].sum() / b["total_spend"].sum()
            assert table.loc[code, "revenue_share"] == pytest.approx(share)


def test_value_index(spa):
    c = spa.customers
    table = case_spa.value_index(spa)
    band = pd.cut(
        c["age"], [0, 25, 35, 45, 55, 200], right=False, labels=[f"age_{i}" for i in range(5)]
    )
    sex = c["gender"].map({"Nữ": "female", "Nam": "male"})
    for (g, a), row in table.iterrows():
        mask = (sex == g) & (band == a)
        lead = mask.mean()
        rev = c.loc[mask, "total_spend"].sum() / c["total_spend"].sum()
        assert row["leads"] == int(mask.sum())
        assert row["value_index"] == pytest.approx(rev / lead)
    assert int(table["leads"].sum()) == len(c)
    shown = phanloai.show(table, n=None).data  # codes become words
    assert "female" not in " ".join(map(str, shown.index.get_level_values(0)))
    assert "25–34 tuổi" in list(shown.index.get_level_values(1))


def test_buyer_profile_drops_empty_levels(spa):
    c = spa.customers
    table = case_spa.buyer_profile(c, "marital_status")
    assert (table["customers"] > 0).all()
    for status, row in table.iterrows():
        mask = c["marital_status"] == status
        assert row["conversion"] == pytest.approx(bought(c)[mask].mean())
        assert row["revenue_per_buyer"] == pytest.approx(
            c.loc[mask & bought(c), "total_spend"].mean()
        )


def test_touchpoints_are_named(spa):
    counts = case_spa.touchpoints(spa)
    assert int(counts.sum()) == len(spa.events)
    assert "Nhắn tin hỏi" in counts.index
    with phanloai.language("en"):
        assert "Sent a question" in case_spa.touchpoints(spa).index


def test_plan_template(spa):
    c = spa.customers
    a = phanloai.classify(c, "source")
    b = phanloai.classify(c, "service_level", loyal_orders=3)
    plan = case_spa.plan_template(spa, a, b, by="revenue", min_share=0.02, rows=8)
    assert len(plan) == 8
    assert plan["rank"].tolist() == list(range(1, 9))
    for key in ("plan_message", "plan_channel", "plan_owner", "plan_offer", "plan_kpi"):
        assert (plan[key] == "…").all()
    assert plan["too_narrow"].tolist() == (plan["customer_share"] < 0.02).tolist()
    revenue = plan["revenue_share"].to_numpy()
    assert (np.diff(revenue) <= 1e-12).all()
    one = case_spa.plan_template(spa, b, by="size", rows=3)
    assert one.index[0] == "Chưa giao dịch"
    headers = list(phanloai.show(plan).data.columns)
    assert "Thông điệp" in headers and "Người phụ trách" in headers


# -- exercises: every answer again, independently ---------------------------------------------------
def test_every_exercise_checks_its_samples_in_both_languages(bt):
    assert [ex.number for ex in bt.all] == [str(i) for i in range(1, 18)]
    for ex in bt.all:
        for lang in ("vi", "en"):
            with phanloai.language(lang):
                assert {k: v.kind for k, v in practice.check_samples(ex).items()} == OK, (
                    ex.number,
                    lang,
                )
                texts = [str(ex), str(ex.hint()), str(ex.solution())]
                assert all(t.strip() for t in texts)
    schemes = {s for ex in bt.all for s in ex.schemes}
    assert {
        "relationship",
        "source",
        "group",
        "service_level",
        "demographic",
        "psychographic",
        "journey_4a",
        "journey_5a",
        "internal_external",
    } <= schemes


def test_english_texts_are_english(bt):
    with phanloai.language("en"):
        for ex in bt.all:
            text = str(ex) + str(ex.hint())
            assert text.startswith("Question")
            words = re.sub(r"'[^']*'|\"[^\"]*\"|\([^)]*\)", "", text)  # quoted data values aside
            assert not re.search(r"\b(của|những|bao nhiêu|khách hàng)\b", words), (ex.number, text)


def test_q1_weakest_step(spa, bt):
    counts = reached(spa)
    rates = (counts / counts.shift()).iloc[1:]
    code = ROAD_CODES[1:][int(np.argmin(rates.to_numpy()))]
    assert bt.q1.check(code).ok is True
    other = next(c for c in ROAD_CODES[1:] if c != code)
    assert bt.q1.check(other).ok is False


def test_q2_stale_leads(spa, bt):
    n = int(stale(spa).sum())
    assert bt.q2.check(n).ok is True
    assert bt.q2.check(n + 10).ok is False
    assert bt.q2.check(f"{n:,}".replace(",", ".")).ok is True


def test_q3_q4_sources(spa, bt):
    c = spa.customers
    rev = c.groupby(c["source"].astype(str))["total_spend"].sum()
    assert bt.q3.check(SOURCE[rev.idxmax()]).ok is True
    leads = c["source"].astype(str).value_counts()
    if leads.idxmax() != rev.idxmax():
        assert bt.q3.check(SOURCE[leads.idxmax()]).ok is False
    per_lead = c.loc[c["source"] == "Giới thiệu", "total_spend"].mean()
    assert bt.q4.check(round(per_lead, -3)).ok is True
    assert bt.q4.check(c["total_spend"].mean()).ok is False


def test_q5_q6_consultants(spa, bt):
    c = spa.customers
    rate = bought(c).groupby(c["staff_id"].astype(str)).mean()
    ratio = rate["NV03"] / rate.drop("NV03").median()
    assert bt.q5.check(round(ratio, 2)).ok is True
    assert bt.q5.check(round(rate["NV03"] / rate.mean(), 2)).ok is False
    fb = c[c["source"] == "Facebook Ads"]
    best = bought(fb).groupby(fb["staff_id"].astype(str)).mean().idxmax()
    assert bt.q6.check(best).ok is True
    assert bt.q6.check("NV01" if best != "NV01" else "NV02").ok is False


def test_q7_group_revenue_per_lead(spa, bt):
    c = spa.customers
    per_lead = c.groupby(c["service_group"].astype(str))["total_spend"].mean()
    assert bt.q7.check(GROUP[per_lead.idxmax()]).ok is True
    assert bt.q7.check(GROUP[per_lead.idxmin()]).ok is False


def test_q8_loyalty_threshold(spa, bt):
    n = spa.customers.loc[bought(spa.customers), "n_orders"]
    good = [k for k in range(3, 31) if 0.10 <= (n >= k).mean() <= 0.20]
    assert good, "some threshold reaches the target"
    assert bt.q8.check({"loyal_orders": good[0]}).ok is True
    assert bt.q8.check({"loyal_orders": 3}).ok is False  # the casebook's 3 visits: too many loyal
    assert bt.q8.check({"loyal_orders": 1}).kind == "malformed"  # below the slider's range


def test_q9_q10_persona(spa, bt):
    c = spa.customers
    lead = core(c).mean()
    rev = c.loc[core(c), "total_spend"].sum() / c["total_spend"].sum()
    assert bt.q9.check("true" if rev >= 0.6 else "false").ok is True
    assert bt.q9.check("false" if rev >= 0.6 else "true").ok is False
    assert bt.q10.check(round(rev / lead, 2)).ok is True
    assert bt.q10.check(round(rev, 2)).ok is False


def test_q11_q12_psychographic_and_journey(spa, bt):
    c = spa.customers
    assert bt.q11.check(c["mbti"].notna().mean()).ok is True
    assert bt.q11.check(c["mbti"].isna().mean()).ok is False
    ref = c["source"] == "Giới thiệu"
    # 5A: advocate when any advocacy, else act when bought, else ask / appeal / aware by events
    acted = bought(c) | (c["act_events"] > 0) | (c["advocate_events"] > 0)
    ask = ref & ~acted & (c["ask_events"] > 0)
    assert bt.q12.check(ask.sum() / ref.sum()).ok is True
    fb = c["source"] == "Facebook Ads"
    fb_ask = fb & ~acted & (c["ask_events"] > 0)
    assert bt.q12.check(fb_ask.sum() / fb.sum()).ok is False


def test_q13_q14_journey_and_roles(spa, bt):
    c = spa.customers
    buyers = bought(c)
    interest = (c["appeal_events"] + c["ask_events"]) > 0
    attitude = int((~buyers & interest).sum())
    others = {
        "aware": int((~buyers & ~interest).sum()),
        "act": int((c["n_orders"] == 1).sum()),
        "act_again": int((c["n_orders"] >= 2).sum()),
    }
    largest = "attitude" if attitude > max(others.values()) else max(others, key=others.get)
    assert bt.q13.check(largest).ok is True
    assert bt.q13.check("aware" if largest != "aware" else "act").ok is False
    beneficiaries = int((spa.customers["external_role"] == "Người thụ hưởng").sum())
    assert bt.q14.check(beneficiaries).ok is True
    assert bt.q14.check(beneficiaries + 5).ok is False


def test_q15_strategy(bt):
    lines = {
        "none": "Gọi lọc lead treo và tặng ưu đãi buổi đầu",
        "first": "Gọi hỏi thăm sau ba ngày, tặng ưu đãi lần hai",
        "repeat": "Bán liệu trình nhiều buổi với giá tốt hơn",
        "loyal": "Ưu tiên lịch, kỹ thuật viên quen và thưởng giới thiệu bạn",
    }
    assert bt.q15.check(lines).ok is True
    assert bt.q15.check({"loyal": lines["loyal"]}).ok is False


def first_of_month(c: pd.DataFrame, capacity: int = 40) -> pd.Series:
    """True for a lead among its consultant's first ``capacity`` of its calendar month (by date;
    one day's leads in table order) — worked out here with a loop over the groups."""
    out = pd.Series(False, index=c.index)
    month = c["created_at"].dt.strftime("%Y-%m")
    for _, rows in c.groupby([c["staff_id"].astype(str), month]):
        order = rows.sort_values("created_at", kind="stable").index
        out[order[:capacity]] = True
    return out


def test_capacity_table_by_hand(spa):
    c = spa.customers
    t = case_spa.capacity_table(spa)
    first = first_of_month(c)
    won = bought(c)
    for staff in ("NV01", "NV05"):
        mine = c["staff_id"] == staff
        assert t.loc[staff, "leads"] == mine.sum()
        assert t.loc[staff, "leads_per_month"] == pytest.approx(mine.sum() / 24, abs=0.05)
        assert t.loc[staff, "first_leads"] == (mine & first).sum()
        assert t.loc[staff, "first_conversion"] == pytest.approx(won[mine & first].mean())
        assert t.loc[staff, "later_leads"] == (mine & ~first).sum()
    assert t["leads"].sum() == len(c)


def test_capacity_is_the_parameter_files():
    text = (ROOT / "synthetic" / "spa.toml").read_text("utf-8")
    assert f"capacity_per_month = {case_spa.CAPACITY}\n" in text
    assert 'staff_id = "NV05"' in text and "lead_weight = 2.5" in text


def test_q16_q17_overloaded_consultant(spa, bt):
    c = spa.customers
    won = bought(c)
    first = first_of_month(c)
    nv05 = c["staff_id"] == "NV05"
    assert bt.q16.check(won[nv05 & first].mean()).ok is True
    assert bt.q16.check(won[nv05].mean()).ok is False  # overall, not the first 40 a month
    rate = won.groupby(c["staff_id"].astype(str)).mean()
    others = rate.drop("NV05").median()
    # the verdict worked out again: below the median overall, at or above it within capacity
    assert rate["NV05"] < others <= won[nv05 & first].mean()
    assert bt.q17.check("overload").ok is True
    assert bt.q17.check("weak").ok is False
    assert bt.q17.check("sources").ok is False


# -- facts: the figures the notes quote -------------------------------------------------------------
def test_facts_match_plain_pandas(spa):
    seed, c = spa.seed, spa.customers

    def v(name):
        return facts.value(f"spa.{name}", seed)

    counts = reached(spa)
    assert v("reached_quoted") == counts["Đã hẹn lịch"]
    assert v("step_won") == pytest.approx(counts["Đã mua"] / counts["Đã hẹn lịch"])
    assert v("stale_open") == stale(spa).sum()
    assert v("stage_lost") == (c["stage"] == "Không mua").sum()
    assert v("facebook_lead_share") == pytest.approx((c["source"] == "Facebook Ads").mean())
    assert v("referral_conversion") == pytest.approx(bought(c)[c["source"] == "Giới thiệu"].mean())
    assert v("core_women_revenue_share") == pytest.approx(
        c.loc[core(c), "total_spend"].sum() / c["total_spend"].sum()
    )
    assert v("role_beneficiary") == (c["external_role"] == "Người thụ hưởng").sum()
    assert v("internal_total") == len(spa.internal)


def test_claims_of_the_notes_in_words():
    """What the notes say in words (orders, "every seed") holds in the data."""
    nail_last = 0
    for seed in range(20):
        k = phanloai.load("spa", seed=seed)
        c, b = k.customers, bought(k.customers)
        src = c["source"].astype(str)
        rate = b.groupby(src).mean()
        assert rate["Google Ads"] > rate["Facebook Ads"] and rate["Zalo"] > rate["Facebook Ads"]
        rev = c.groupby(src)["total_spend"].sum()
        assert rev.idxmax() == "Giới thiệu"
        assert b[src == "Giới thiệu"].sum() > b[src == "Facebook Ads"].sum()
        groups = c.groupby(c["service_group"].astype(str))["total_spend"].sum()
        # "Chăm sóc da mang tiền về nhiều nhất ở mọi seed … nail ít tiền nhất (ở vài seed triệt
        # lông thấp hơn nail một chút)"
        assert groups.idxmax() == "Chăm sóc da"
        share = groups / groups.sum()
        assert share["Nail"] <= share.drop("Nail").min() + 0.01, seed
        nail_last += share.idxmin() == "Nail"
        counts = reached(k)
        rates = (counts / counts.shift()).iloc[1:]
        # "khoảng một nửa khách đã đặt lịch rốt cuộc không đến làm"
        assert rates.idxmin() == "Đã mua" and 0.4 < rates.min() < 0.6
        fb = c[src == "Facebook Ads"]
        best = b[fb.index].groupby(fb["staff_id"].astype(str)).mean().idxmax()
        # "cao nhất trong sáu người ở cả 20 seed"
        assert best == "NV03", seed
        first = (c["n_orders"] == 1).sum() / b.sum()
        assert 0.45 < first < 0.65  # "khoảng một nửa người mua chỉ mua một lần"
        # Bài 8: the other five go beyond 40 leads a month only in the busiest months
        month = c["created_at"].dt.to_period("M")
        per_month = c[c["staff_id"] != "NV05"].groupby(["staff_id", month], observed=True).size()
        assert per_month.mean() < 40 and (per_month > 40).mean() < 0.15
        assert k.internal["relation"].value_counts().to_dict() == {
            "Đồng nghiệp": 14,
            "Chi nhánh khác": 10,
            "Cấp dưới": 8,
            "Đối tác": 6,
            "Cấp trên": 4,
        }
    assert nail_last >= 15
    # "phát hiện nào đảo chiều (nhóm thu nhập nào chi nhiều nhất …) là nhiễu": the band that
    # spends most per buyer at seed 0 is not the one at seed 1
    most = {}
    for seed in (0, 1):
        c = phanloai.load("spa", seed=seed).customers
        spend = c[bought(c)].groupby(c["income_band"].astype(str))["total_spend"].mean()
        most[seed] = spend.idxmax()
    assert most[0] != most[1]
    # "Facebook Ads tốn nhiều nhất" of the marketing money, at every seed
    from phanloai import money

    for seed in range(20):
        spend = money.channel_economics(phanloai.load("spa", seed=seed)).set_index("channel")
        assert spend["spend"].idxmax() == "facebook", seed
    # seed 0: "ô đứng đầu là nữ từ 55 tuổi" (women, the oldest age band)
    k = phanloai.load("spa")
    t = case_spa.value_index(k)
    t = t[t["leads"] > 0]
    assert t["value_index"].astype(float).idxmax() == ("female", "age_4")
    assert case_spa.AGE_EDGES["age_4"] == 55
    # seed 0: the buyers who never asked come from every source
    c = phanloai.load("spa").customers
    no_ask = bought(c) & (c["ask_events"] == 0)
    assert c.loc[no_ask, "source"].nunique() == 8  # "đến từ mọi nguồn"


def _notes_section() -> str:
    text = NOTES.read_text(encoding="utf-8")
    start = re.search(r"^## \d+\. Tình huống Spa Hoa Sen.*$", text, flags=re.M)
    assert start, "the spa section of the instructor notes"
    end = re.search(r"^## ", text[start.end() :], flags=re.M)
    return text[start.start() : start.end() + (end.start() if end else len(text))]


def test_instructor_notes_figures_match_the_data():
    section = _notes_section()
    if "<!--fig" not in section:
        pytest.skip(
            "the spa section of casebook/ghi_chu_giang_vien.md has no figure markers yet "
            "(the marked section is waiting to be merged by the lead)"
        )
    problems = facts.check_text(section, "ghi_chu_giang_vien.md#spa")
    assert not problems, "\n".join(map(str, problems))
