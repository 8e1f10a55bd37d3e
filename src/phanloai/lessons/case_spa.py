"""Bài 10 — Tình huống Spa Hoa Sen: the spa case end to end (casebook ``01_spa.md``, Bài 1–7 and
the final task), and the facts the instructor notes quote.

The helpers here keep the notebook's cells short; each returns a table :func:`phanloai.show`
writes in words (codes inside, names at the edge).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import practice
from .._i18n import tr
from ..display import format_money, in_words
from ..reports import funnel, prioritize, profile, revenue_by_source, staff_performance
from ..reports.pipeline import furthest_stage as pipeline_furthest
from ..schemes.registry import SCHEMES, classify
from ..vn import format_number, format_percent
from .facts import fact, per_case

TITLE = ("Tình huống Spa Hoa Sen", "The Hoa Sen spa case")
NOTEBOOK = "10_spa.ipynb"
CASES = ("spa",)

#: the casebook's choices: loyal from 3 visits; age bands < 25, 25–34, 35–44, 45–54, 55+
LOYAL = 3
AGE_EDGES = {"age_1": 25, "age_2": 35, "age_3": 45, "age_4": 55}
STALE_DAYS = 90
OPEN = ("new_lead", "contacted", "consulting", "quoted")  # on the road, not won, not lost
STAR = "NV03"
#: the consultant marketing hands the most leads to, and the leads a month a consultant can work
#: properly (``handoff.capacity_per_month`` in ``synthetic/spa.toml``)
OVERLOADED = "NV05"
CAPACITY = 40

#: the spa's touchpoint events (``events.event_type``) in words
EVENTS = {
    "thay_quang_cao": ("Thấy quảng cáo", "Saw an ad"),
    "duoc_gioi_thieu": ("Được giới thiệu", "Was referred"),
    "di_ngang_qua": ("Đi ngang qua spa", "Walked past the spa"),
    "sale_tiep_can": ("Tư vấn viên tiếp cận", "Approached by a consultant"),
    "xem_bang_gia": ("Xem bảng giá", "Viewed the price list"),
    "theo_doi_trang": ("Theo dõi trang", "Followed the page"),
    "nhan_tin_hoi": ("Nhắn tin hỏi", "Sent a question"),
    "su_dung_dich_vu": ("Dùng dịch vụ", "Used a service"),
    "danh_gia_5_sao": ("Đánh giá 5 sao", "Gave a 5-star review"),
    "gioi_thieu_ban": ("Giới thiệu bạn", "Referred a friend"),
}


# -- helpers (the notebook calls these) ----------------------------------------------------------
def _words(scheme: str, **params) -> dict[str, tuple[str, str]]:
    return {lv.code: (lv.vi, lv.en) for lv in SCHEMES[scheme].levels_for(params)}


def _level_name(scheme: str, code: str, **params) -> tuple[str, str]:
    return _words(scheme, **params)[code]


def bought(case) -> pd.Series:
    """True for every lead who has used a service at least once."""
    return case.customers["n_orders"] > 0


def furthest_stage(case) -> pd.Series:
    """For every lead, the furthest stage of the sales road (``relationship`` code) it reached
    according to the pipeline history — for a lost lead, where it was when it left. Aligned with
    ``case.customers``; pass it as ``phanloai.funnel(labels, furthest=...)``."""
    texts = pipeline_furthest(case.pipeline, case.customers)  # one reading of the history
    codes = classify(pd.DataFrame({"stage": texts}), "relationship").astype(object)
    return codes.where(texts.fillna("").astype(str) != "", None).rename("furthest_stage")


def real_funnel(case) -> pd.DataFrame:
    """The sales funnel with every lost lead counted up to the stage it reached."""
    labels = classify(case.customers, "relationship")
    return funnel(labels, furthest=furthest_stage(case))


def days_open(case) -> pd.Series:
    """Days from a lead's first contact (``created_at``) to "today" (``case.as_of``)."""
    return (case.as_of - case.customers["created_at"]).dt.days


def open_leads(case) -> pd.Series:
    """True for leads still open: not bought, not closed as lost."""
    return classify(case.customers, "relationship").isin(OPEN)


def stale_leads(case, days: int = STALE_DAYS) -> pd.Series:
    """Open leads first contacted more than ``days`` days ago."""
    return open_leads(case) & (days_open(case) > days)


def open_lead_table(case, days: int = STALE_DAYS) -> pd.DataFrame:
    """Per open stage: how many leads, how many have hung there more than ``days`` days."""
    labels = classify(case.customers, "relationship")
    table = profile(case.customers, labels).loc[list(OPEN), ["customers"]]
    stale = stale_leads(case, days)
    counts = stale.groupby(labels.astype(object)).sum()
    table["stale_leads"] = [int(counts.get(c, 0)) for c in OPEN]
    table["stale_share"] = table["stale_leads"] / table["customers"].where(table["customers"] > 0)
    return table


def source_table(case) -> pd.DataFrame:
    """Revenue by source (leads, conversion, revenue, revenue per lead) and what a buyer spends."""
    table = revenue_by_source(case.customers)
    table["revenue_per_buyer"] = table["revenue"] / table["buyers"].where(table["buyers"] > 0)
    return table


def staff_conversion(case, customers=None) -> pd.Series:
    """Each consultant's conversion (share of their leads who bought), by staff id."""
    c = case.customers if customers is None else customers
    return (c["n_orders"] > 0).groupby(c["staff_id"].astype(str)).mean()


def star_ratio(case, staff: str = STAR) -> float:
    """A consultant's conversion ÷ the median conversion of the others."""
    rate = staff_conversion(case)
    return float(rate[staff] / rate.drop(staff).median())


def facebook_by_staff(case) -> pd.DataFrame:
    """The staff report on Facebook leads only — the same kind of lead for everyone."""
    c = case.customers
    facebook = classify(c, "source") == "facebook"
    return staff_performance(c[facebook], case.staff)


def nth_in_month(case) -> pd.Series:
    """Per lead: its place (0, 1, 2…) among the leads its consultant was handed that calendar
    month, in order of date (leads of one day in the order of the table)."""
    c = case.customers
    by_date = c.sort_values("created_at", kind="stable")
    month = by_date["created_at"].dt.to_period("M")
    nth = by_date.groupby([by_date["staff_id"], month], observed=True).cumcount()
    return nth.reindex(c.index)


def capacity_table(case, capacity: int = CAPACITY) -> pd.DataFrame:
    """Per consultant: leads, leads in an average month, conversion, and conversion on the first
    ``capacity`` leads of each month against the leads handed over beyond them."""
    c = case.customers
    won = bought(case)
    staff = c["staff_id"].astype(str)
    first = nth_in_month(case) < capacity
    months = c["created_at"].dt.to_period("M").nunique()
    table = pd.DataFrame(
        {
            "leads": staff.value_counts(),
            "leads_per_month": (staff.value_counts() / months).round(1),
            "conversion": won.groupby(staff).mean(),
            "first_leads": first.groupby(staff).sum(),
            "first_conversion": won[first].groupby(staff[first]).mean(),
            "later_leads": (~first).groupby(staff).sum(),
            "later_conversion": won[~first].groupby(staff[~first]).mean(),
        }
    ).sort_index()
    table.index.name = "staff_id"
    return table


def packages(case) -> pd.Series:
    """The spa's scale: purchases, treatment packages (share of purchases and of revenue),
    visits (every session, packages included) per day and revenue per year."""
    o, e = case.orders, case.events
    package = o["sessions"] > 1
    days = (case.as_of - o["order_date"].min()).days + 1
    visits = int((e["event_type"] == "su_dung_dich_vu").sum())
    return pd.Series(
        {
            "purchases": len(o),
            "package_share": float(package.mean()),
            "package_revenue_share": float(o["amount"][package].sum() / o["amount"].sum()),
            "visits": visits,
            "visits_per_day": visits / days,
            "revenue_per_year": float(o["amount"].sum() / days * 365),
        }
    )


def buyer_profile(customers: pd.DataFrame, labels) -> pd.DataFrame:
    """``profile`` cut to leads, conversion and what a buyer spends — with the size of each group."""
    table = profile(customers, labels)
    buyers = (table["customers"] * table["conversion"]).round()
    table["revenue_per_buyer"] = table["revenue"] / buyers.where(buyers > 0)
    table = table[table["customers"] > 0]  # levels nobody is in say nothing here
    return table[["customers", "customer_share", "conversion", "revenue_per_buyer"]]


def service_levels(case, loyal_orders: int = LOYAL) -> pd.DataFrame:
    """The three service levels among the customers who bought (loyal from ``loyal_orders``)."""
    c = case.customers
    labels = classify(c, "service_level", loyal_orders=loyal_orders)
    b = bought(case)
    table = profile(c[b], labels[b])
    return table.loc[
        ["first", "repeat", "loyal"], ["customers", "customer_share", "revenue", "revenue_share"]
    ]


def value_index(case, **edges) -> pd.DataFrame:
    """Gender × age band: share of leads, share of revenue and their ratio (the value index)."""
    c = case.customers
    edges = {**AGE_EDGES, **edges}
    gender = classify(c, "demographic", by="gender").astype(object)
    age = classify(c, "demographic", by="age", **edges).astype(object)
    t = c.groupby([gender.rename("gender"), age.rename("age")])["total_spend"].agg(["size", "sum"])
    t = t[t["size"] > 0]
    table = pd.DataFrame(
        {
            "leads": t["size"].astype("int64"),
            "lead_share": t["size"] / t["size"].sum(),
            "revenue": t["sum"].astype("int64"),
            "revenue_share": t["sum"] / max(float(t["sum"].sum()), 1.0),
        }
    )
    table["value_index"] = table["revenue_share"] / table["lead_share"]
    words = {**_words("demographic", by="gender"), **_words("demographic", by="age", **edges)}
    table.attrs = {"report": "value_index", "words": words}
    return table


def core_women(case) -> pd.Series:
    """Women aged 25–44: the persona the whole spa talks about."""
    c = case.customers
    return ((c["gender"] == "Nữ") & c["age"].between(25, 44)).rename("core_women")


def touchpoints(case) -> pd.Series:
    """How many touchpoint events of each type, named in the current language (for a chart)."""
    counts = case.events["event_type"].astype(str).value_counts()
    names = [tr(*EVENTS[e]) if e in EVENTS else e for e in counts.index]
    return pd.Series(counts.to_numpy(), index=pd.Index(names, name="touchpoint"), name="count")


def core_women_shares(case) -> tuple[float, float]:
    """(share of leads, share of revenue) of women aged 25–44."""
    c = case.customers
    core = core_women(case)
    return float(core.mean()), float(c.loc[core, "total_spend"].sum() / c["total_spend"].sum())


def journey_share(case, source: str, step: str) -> float:
    """Of the leads from one source (a ``source`` code), the share at one 5A step."""
    c = case.customers
    where = classify(c, "source") == source
    return float((classify(c, "journey_5a")[where] == step).mean())


def plan_template(
    case,
    labels_a,
    labels_b=None,
    *,
    by: str = "revenue",
    max_segments: int = 4,
    min_share: float = 0.02,
    rows: int = 8,
) -> pd.DataFrame:
    """The final task's plan: segments (one classification, or two crossed), ranked as article
    001's step 3 asks — the ``rows`` first, flagged too narrow below ``min_share`` of the leads —
    with empty columns to fill: message, channel, owner, offer, KPI."""
    segment = in_words(labels_a).astype(str)
    if labels_b is not None:
        segment = segment + " · " + in_words(labels_b).astype(str)
    table = prioritize(
        case.customers,
        segment.rename("plan_segment"),
        by=by,
        min_share=min_share,
        max_segments=max_segments,
    )
    table = table[table["rank"].notna()].head(rows)
    keep = ["rank", "customers", "customer_share", "revenue_share", "too_narrow", "selected"]
    table = table[[k for k in keep if k in table.columns]].copy()
    for key in ("plan_message", "plan_channel", "plan_owner", "plan_offer", "plan_kpi"):
        table[key] = "…"
    return table


# -- exercises -------------------------------------------------------------------------------------
def loyal_orders_for(case, low: float = 0.10, high: float = 0.20) -> int:
    """The smallest loyalty threshold (visits) that makes loyal customers ``low``–``high`` of the
    buyers — found in the data, for any seed."""
    n = case.customers.loc[bought(case), "n_orders"]
    p = SCHEMES["service_level"].params["loyal_orders"]
    grid = list(range(int(p.lo), int(p.hi) + 1))
    shares = [float((n >= k).mean()) for k in grid]
    inside = [k for k, s in zip(grid, shares, strict=True) if low <= s <= high]
    if inside:
        return inside[0]
    return grid[int(np.argmin([abs(s - (low + high) / 2) for s in shares]))]


def _source_options(case):
    present = set(classify(case.customers, "source").astype(object))
    return [(lv.code, lv.vi, lv.en) for lv in SCHEMES["source"].levels_for() if lv.code in present]


def exercises(case) -> list[practice.Exercise]:
    c = case.customers

    # Bài 1 ---------------------------------------------------------------------------------
    steps = ("contacted", "consulting", "quoted", "won")

    def step_options():
        words = _words("relationship")
        road = ["new_lead", *steps]
        return [
            (to, f"{words[fr][0]} → {words[to][0]}", f"{words[fr][1]} → {words[to][1]}")
            for fr, to in zip(road, road[1:], strict=False)
        ]

    def weakest_step():
        return str(real_funnel(case).loc[list(steps), "step_rate"].astype(float).idxmin())

    def why_step():
        table = real_funnel(case)
        code = weakest_step()
        rate = format_percent(float(table.loc[code, "step_rate"]))
        vi, en = _level_name("relationship", code)
        return (
            f"Chỉ {rate} số lead tới bước trước đi tiếp tới '{vi}'.",
            f"Only {rate} of the leads at the step before go on to '{en}'.",
        )

    # Bài 2 ---------------------------------------------------------------------------------
    def top_revenue_source():
        return str(source_table(case)["revenue"].astype(float).idxmax())

    def why_source():
        table = source_table(case)
        code = top_revenue_source()
        vi, en = _level_name("source", code)
        rev = format_percent(float(table.loc[code, "revenue_share"]))
        leads = format_percent(float(table.loc[code, "lead_share"]))
        return (
            f"{vi}: {rev} doanh thu từ {leads} số lead.",
            f"{en}: {rev} of revenue from {leads} of the leads.",
        )

    def referral_per_lead():
        return float(source_table(case).loc["referral", "revenue_per_lead"])

    # Bài 3 ---------------------------------------------------------------------------------
    def staff_options():
        return [
            (s, f"{s} — {n}", f"{s} — {n}")
            for s, n in zip(case.staff["staff_id"], case.staff["full_name"], strict=True)
        ]

    def best_on_facebook():
        return str(facebook_by_staff(case)["conversion"].astype(float).idxmax())

    def why_facebook():
        table = facebook_by_staff(case)
        best = best_on_facebook()
        rate = format_percent(float(table.loc[best, "conversion"]))
        median = format_percent(float(table["conversion"].drop(best).median()))
        return (
            f"{best} chốt {rate} lead Facebook Ads, trung vị của những người còn lại là {median}: cùng một loại lead mà vẫn chênh.",
            f"{best} converts {rate} of Facebook Ads leads, the others' median is {median}: same kind of lead, still a gap.",
        )

    # Bài 4 ---------------------------------------------------------------------------------
    def loyal_target(labels):
        b = c["n_orders"] > 0
        share = float((labels[b] == "loyal").mean())
        spend = c.loc[b, "total_spend"]
        rev = float(spend[labels[b] == "loyal"].sum() / spend.sum())
        seen_s, seen_r = format_percent(share, 1), format_percent(rev)
        return (
            0.10 <= share <= 0.20,
            f"khách trung thành là {seen_s} người đã mua và mang về {seen_r} doanh thu",
            f"loyal customers are {seen_s} of buyers and bring {seen_r} of revenue",
        )

    def group_options():
        present = set(classify(c, "group", by="service_group").astype(object))
        return [
            (lv.code, lv.vi, lv.en)
            for lv in SCHEMES["group"].levels_for({"by": "service_group"})
            if lv.code in present
        ]

    def group_table():
        return profile(c, classify(c, "group", by="service_group"))

    def best_group_per_lead():
        return str(group_table()["revenue_per_customer"].astype(float).idxmax())

    def why_group():
        t = group_table()
        code = best_group_per_lead()
        vi, en = _level_name("group", code, by="service_group")
        lead, rev = (
            format_percent(float(t.loc[code, "customer_share"])),
            format_percent(float(t.loc[code, "revenue_share"])),
        )
        return (
            f"{vi}: {lead} số lead nhưng {rev} doanh thu — mỗi lead mang về {format_money(float(t.loc[code, 'revenue_per_customer']))}.",
            f"{en}: {lead} of the leads but {rev} of revenue — {format_money(float(t.loc[code, 'revenue_per_customer']))} per lead.",
        )

    # Bài 5 ---------------------------------------------------------------------------------
    def claim_options():
        return [
            ("true", "Đúng", "True"),
            ("false", "Sai", "False"),
        ]

    def claim_holds():
        return "true" if core_women_shares(case)[1] >= 0.60 else "false"

    def core_index():
        lead, rev = core_women_shares(case)
        return rev / lead

    def why_claim():
        lead, rev = core_women_shares(case)
        return (
            f"Họ mang về {format_percent(rev)} doanh thu — nhưng cũng chiếm {format_percent(lead)} số lead. Câu 10 hỏi điều đó nghĩa là gì.",
            f"They bring {format_percent(rev)} of revenue — but they are also {format_percent(lead)} of the leads. Question 10 asks what that means.",
        )

    # Bài 6 ---------------------------------------------------------------------------------
    def options_4a():
        return [(lv.code, lv.vi, lv.en) for lv in SCHEMES["journey_4a"].levels_for()[:-1]]

    def largest_4a():
        return str(classify(c, "journey_4a").astype(object).value_counts().idxmax())

    def why_4a():
        labels = classify(c, "journey_4a")
        code = largest_4a()
        vi, en = _level_name("journey_4a", code)
        share = format_percent(float((labels == code).mean()))
        return (
            f"{vi}: {share} số lead — đã xem, đã hỏi nhưng chưa mua.",
            f"{en}: {share} of the leads — they looked, they asked, they did not buy.",
        )

    # Bài 7 ---------------------------------------------------------------------------------
    def beneficiaries():
        return int((classify(case.contacts, "internal_external") == "beneficiary").sum())

    # Bài 8 (mở rộng): one consultant's capacity, month by month ------------------------------
    def overload_options():
        return [
            (
                "weak",
                f"{OVERLOADED} chốt kém hơn các bạn: nên bớt thưởng của {OVERLOADED}",
                f"{OVERLOADED} closes worse than the others: cut {OVERLOADED}'s bonus",
            ),
            (
                "overload",
                f"{OVERLOADED} nhận nhiều lead hơn sức mình: nên chia lại lead cho đều",
                f"{OVERLOADED} gets more leads than one can work: share the leads out evenly",
            ),
            (
                "sources",
                f"Lead của {OVERLOADED} đến từ nguồn kém hơn: nên đổi nguồn lead cho {OVERLOADED}",
                f"{OVERLOADED}'s leads come from worse sources: give {OVERLOADED} other sources",
            ),
        ]

    def overload_verdict() -> str:
        t = capacity_table(case)
        others = t["conversion"].drop(OVERLOADED).median()
        if t.loc[OVERLOADED, "first_conversion"] >= others > t.loc[OVERLOADED, "conversion"]:
            return "overload"
        return "weak"

    def why_overload():
        t = capacity_table(case)
        row = t.loc[OVERLOADED]
        others = t["conversion"].drop(OVERLOADED).median()
        return (
            f"{OVERLOADED} nhận {format_number(row['leads_per_month'], 0)} lead mỗi tháng; chốt tính chung "
            f"{format_percent(row['conversion'])} (trung vị các bạn khác {format_percent(others)}), trên "
            f"{CAPACITY} lead đầu mỗi tháng {format_percent(row['first_conversion'])}, trên lead giao thêm "
            f"{format_percent(row['later_conversion'])}.",
            f"{OVERLOADED} is handed {format_number(row['leads_per_month'], 0)} leads a month; overall "
            f"conversion {format_percent(row['conversion'])} (the others' median "
            f"{format_percent(others)}), on the first {CAPACITY} leads of each month "
            f"{format_percent(row['first_conversion'])}, on the extra leads "
            f"{format_percent(row['later_conversion'])}.",
        )

    return [
        practice.choice(
            "1",
            (
                "Trên phễu thật (mỗi lead 'Không mua' được tính tới bước xa nhất đã đi), bước nào có tỷ lệ chuyển tiếp thấp nhất?",
                "On the real funnel (each lost lead counted up to the furthest stage it reached), which step has the lowest step rate?",
            ),
            step_options,
            weakest_step,
            hint=(
                "Nhìn cột 'Tỷ lệ qua bước' của phanloai.funnel(quan_he, furthest=xa_nhat), không phải số người mất đi.",
                "Look at the step-rate column of phanloai.funnel(labels, furthest=furthest), not at how many people are lost.",
            ),
            why=why_step,
            schemes=("relationship",),
        ),
        practice.number(
            "2",
            (
                f"Bao nhiêu lead còn đang mở (chưa mua, chưa bị đóng) đã có thông tin từ hơn {STALE_DAYS} ngày trước ngày 31/12/2025?",
                f"How many leads still open (not bought, not closed) were first contacted more than {STALE_DAYS} days before 31/12/2025?",
            ),
            lambda: int(stale_leads(case).sum()),
            hint=(
                "Lead còn mở là các mã new_lead, contacted, consulting, quoted; số ngày = (spa.as_of - kh['created_at']).dt.days.",
                "Open leads have the codes new_lead, contacted, consulting, quoted; days = (spa.as_of - kh['created_at']).dt.days.",
            ),
            how=(
                "quan_he = phanloai.classify(kh, 'relationship')\nso_ngay = (spa.as_of - kh['created_at']).dt.days\n"
                "(quan_he.isin(['new_lead', 'contacted', 'consulting', 'quoted']) & (so_ngay > 90)).sum()",
                "labels = phanloai.classify(kh, 'relationship')\ndays = (spa.as_of - kh['created_at']).dt.days\n"
                "(labels.isin(['new_lead', 'contacted', 'consulting', 'quoted']) & (days > 90)).sum()",
            ),
            schemes=("relationship",),
        ),
        practice.choice(
            "3",
            ("Nguồn nào mang về nhiều doanh thu nhất?", "Which source brings in the most revenue?"),
            lambda: _source_options(case),
            top_revenue_source,
            hint=(
                "Xếp bảng phanloai.revenue_by_source(kh) theo cột 'Doanh thu', không phải theo số lead.",
                "Sort phanloai.revenue_by_source(kh) by revenue, not by the number of leads.",
            ),
            why=why_source,
            schemes=("source",),
        ),
        practice.number(
            "4",
            (
                "Doanh thu trên mỗi lead của nguồn Giới thiệu là bao nhiêu đồng? (làm tròn tới nghìn đồng)",
                "What is the revenue per lead of referrals, in đồng? (round to the thousand)",
            ),
            referral_per_lead,
            kind="money",
            tolerance=0.01,
            hint=(
                "Tổng total_spend của lead có mã nguồn 'referral' chia cho số lead ấy — hoặc đọc cột 'Doanh thu mỗi lead' của revenue_by_source.",
                "Total total_spend of the leads with source code 'referral' divided by their number — or read revenue_by_source's revenue per lead.",
            ),
            how=(
                "nguon = phanloai.classify(kh, 'source')\nkh.loc[nguon == 'referral', 'total_spend'].mean()",
                "source = phanloai.classify(kh, 'source')\nkh.loc[source == 'referral', 'total_spend'].mean()",
            ),
            schemes=("source",),
        ),
        practice.number(
            "5",
            (
                f"Tỷ lệ chốt của {STAR} gấp bao nhiêu lần trung vị tỷ lệ chốt của năm tư vấn viên còn lại? (hai chữ số thập phân)",
                f"How many times the median conversion of the other five consultants is {STAR}'s conversion? (two decimals)",
            ),
            lambda: star_ratio(case),
            kind="number",
            tolerance=0.02,
            hint=(
                "Lấy cột 'Tỷ lệ chuyển đổi' của staff_performance; chia số của NV03 cho median() của những người còn lại (.drop('NV03')).",
                "Take the conversion column of staff_performance; divide NV03's by the median() of the others (.drop('NV03')).",
            ),
            how=(
                "ty_le = phanloai.staff_performance(kh, spa.staff)['conversion']\nty_le['NV03'] / ty_le.drop('NV03').median()",
                "rate = phanloai.staff_performance(kh, spa.staff)['conversion']\nrate['NV03'] / rate.drop('NV03').median()",
            ),
        ),
        practice.choice(
            "6",
            (
                "Chỉ tính trên lead Facebook Ads — cùng một loại lead cho mọi người — ai chốt tốt nhất?",
                "On Facebook Ads leads only — the same kind of lead for everyone — who converts best?",
            ),
            staff_options,
            best_on_facebook,
            hint=(
                "Lọc lead có mã nguồn 'facebook' rồi chạy staff_performance trên phần ấy.",
                "Keep the leads with source code 'facebook', then run staff_performance on them.",
            ),
            why=why_facebook,
            schemes=("source",),
        ),
        practice.choice(
            "7",
            (
                "Nhóm dịch vụ nào mang về nhiều doanh thu nhất trên mỗi lead?",
                "Which service group brings the most revenue per lead?",
            ),
            group_options,
            best_group_per_lead,
            hint=(
                "Cột 'Doanh thu mỗi khách' của profile(kh, nhom) là doanh thu chia cho mọi lead của nhóm.",
                "The revenue-per-customer column of profile(kh, groups) is revenue divided by every lead of the group.",
            ),
            why=why_group,
            schemes=("group",),
        ),
        practice.thresholds(
            "8",
            (
                "Chọn ngưỡng trung thành (loyal_orders) sao cho khách trung thành chiếm từ 10 % tới 20 % số người đã mua. "
                "Trả lời bằng một dict, ví dụ {'loyal_orders': 3}.",
                "Choose the loyalty threshold (loyal_orders) so that loyal customers are 10 % to 20 % of the buyers. "
                "Answer with a dict, e.g. {'loyal_orders': 3}.",
            ),
            "service_level",
            lambda: c,
            loyal_target,
            right=lambda: {"loyal_orders": loyal_orders_for(case)},
            wrong={"loyal_orders": LOYAL},
            hint=(
                "Kéo thanh trượt 'Số đơn để tính là khách trung thành' trong bộ khám phá; ngưỡng càng cao, nhóm càng nhỏ. Tính tỷ lệ trên người đã mua, không trên mọi lead.",
                "Move the loyal-orders slider in the explorer; the higher the threshold, the smaller the group. Count the share among buyers, not among all leads.",
            ),
        ),
        practice.choice(
            "9",
            (
                "Câu 'phụ nữ 25–44 tuổi mang lại ít nhất 60 % doanh thu' có đúng với dữ liệu không?",
                "Is the claim 'women aged 25–44 bring at least 60 % of revenue' true in the data?",
            ),
            claim_options,
            claim_holds,
            hint=(
                "Điều kiện (kh['gender'] == 'Nữ') & kh['age'].between(25, 44); tổng total_spend của họ chia cho tổng total_spend.",
                "Condition (kh['gender'] == 'Nữ') & kh['age'].between(25, 44); their total_spend over all total_spend.",
            ),
            why=why_claim,
            schemes=("demographic",),
        ),
        practice.number(
            "10",
            (
                "Chỉ số giá trị của phụ nữ 25–44 tuổi (tỷ lệ doanh thu ÷ tỷ lệ lead) là bao nhiêu? (hai chữ số thập phân)",
                "What is the value index of women aged 25–44 (revenue share ÷ lead share)? (two decimals)",
            ),
            core_index,
            kind="number",
            tolerance=0.02,
            hint=(
                "Chia tỷ lệ doanh thu của họ cho tỷ lệ của họ trong số lead (loi.mean()). Trên 1 là mỗi người đáng giá hơn bình quân.",
                "Divide their revenue share by their share of the leads (core.mean()). Above 1, each is worth more than average.",
            ),
            how=(
                "loi = (kh['gender'] == 'Nữ') & kh['age'].between(25, 44)\n"
                "(kh.loc[loi, 'total_spend'].sum() / kh['total_spend'].sum()) / loi.mean()",
                "core = (kh['gender'] == 'Nữ') & kh['age'].between(25, 44)\n"
                "(kh.loc[core, 'total_spend'].sum() / kh['total_spend'].sum()) / core.mean()",
            ),
            schemes=("demographic",),
        ),
        practice.number(
            "11",
            (
                "Bao nhiêu phần trăm lead đã xếp được vào một khí chất MBTI (đã làm trắc nghiệm)?",
                "What share of the leads has an MBTI temperament (took the test)?",
            ),
            lambda: float((classify(c, "psychographic", by="mbti") != "unknown").mean()),
            kind="share",
            hint=(
                "Phân loại psychographic với by='mbti'; người chưa làm trắc nghiệm có mã 'unknown'.",
                "Classify psychographic with by='mbti'; people who never took the test have the code 'unknown'.",
            ),
            how=(
                "khi_chat = phanloai.classify(kh, 'psychographic', by='mbti')\n(khi_chat != 'unknown').mean()",
                "temperament = phanloai.classify(kh, 'psychographic', by='mbti')\n(temperament != 'unknown').mean()",
            ),
            schemes=("psychographic",),
        ),
        practice.number(
            "12",
            (
                "Trong số lead được giới thiệu, bao nhiêu phần trăm dừng ở bước 'Tìm hiểu (Ask)' của hành trình 5A?",
                "Of the referred leads, what share stops at the Ask step of the 5A journey?",
            ),
            lambda: journey_share(case, "referral", "ask"),
            kind="share",
            hint=(
                "Bảng chéo phanloai.cross(kh, nguon, hanh_trinh_5a, normalize='index'): hàng Giới thiệu, cột Tìm hiểu.",
                "Cross table phanloai.cross(kh, source, journey_5a, normalize='index'): the Referral row, the Ask column.",
            ),
            how=(
                "nguon = phanloai.classify(kh, 'source')\nhanh_trinh_5a = phanloai.classify(kh, 'journey_5a')\n(hanh_trinh_5a[nguon == 'referral'] == 'ask').mean()",
                "source = phanloai.classify(kh, 'source')\njourney = phanloai.classify(kh, 'journey_5a')\n(journey[source == 'referral'] == 'ask').mean()",
            ),
            schemes=("journey_5a", "source"),
        ),
        practice.choice(
            "13",
            (
                "Theo hành trình 4A, bước nào giữ nhiều lead nhất?",
                "On the 4A journey, which step holds the most leads?",
            ),
            options_4a,
            largest_4a,
            hint=(
                "Đếm số lead mỗi bước 4A: value_counts().",
                "Count the leads at each 4A step: value_counts().",
            ),
            why=why_4a,
            schemes=("journey_4a",),
        ),
        practice.number(
            "14",
            (
                "Trong bảng liên hệ (spa.contacts), có bao nhiêu người thụ hưởng (được tặng thẻ quà tặng)?",
                "In the contacts table (spa.contacts), how many are beneficiaries (given a gift voucher)?",
            ),
            beneficiaries,
            hint=(
                "Phân loại spa.contacts theo 'internal_external' rồi đếm mã 'beneficiary'.",
                "Classify spa.contacts with 'internal_external', then count the code 'beneficiary'.",
            ),
            how=(
                "vai_tro = phanloai.classify(spa.contacts, 'internal_external')\n(vai_tro == 'beneficiary').sum()",
                "roles = phanloai.classify(spa.contacts, 'internal_external')\n(roles == 'beneficiary').sum()",
            ),
            schemes=("internal_external",),
        ),
        practice.strategy(
            "15",
            (
                f"Nhiệm vụ cuối: viết cho mỗi cấp độ dịch vụ (trung thành từ {LOYAL} lượt) một câu — spa làm gì với nhóm ấy năm 2026? "
                "Trả lời bằng dict mã cấp → câu.",
                f"Final task: one line per service level (loyal from {LOYAL} visits) — what does the spa do with that group in 2026? "
                "Answer with a dict level code → line.",
            ),
            "service_level",
            params={"loyal_orders": LOYAL},
            hint=(
                "Chưa giao dịch: gọi lọc, ưu đãi lần đầu; lần đầu: gọi hỏi thăm sau 3 ngày, ưu đãi lần hai; mua lặp lại: liệu trình; trung thành: ưu tiên lịch, chương trình giới thiệu bạn.",
                "Not yet bought: filtering calls, a first-visit offer; first: a follow-up call after 3 days, a second-visit offer; repeat: a course; loyal: booking priority, a referral programme.",
            ),
        ),
        practice.number(
            "16",
            (
                f"Bài 8. Trên {CAPACITY} lead đầu tiên của mỗi tháng (theo ngày có thông tin), {OVERLOADED} "
                "chốt bao nhiêu phần trăm?",
                f"Exercise 8. On the first {CAPACITY} leads of each month (by the date they came in), what "
                f"share does {OVERLOADED} convert?",
            ),
            lambda: float(capacity_table(case).loc[OVERLOADED, "first_conversion"]),
            kind="share",
            hint=(
                "Xếp lead theo created_at, đánh số trong từng nhóm (staff_id, tháng) bằng cumcount(); giữ "
                f"số thứ tự < {CAPACITY} và staff_id == '{OVERLOADED}', rồi lấy trung bình của da_mua.",
                "Sort the leads by created_at, number them within each (staff_id, month) group with "
                f"cumcount(); keep numbers < {CAPACITY} and staff_id == '{OVERLOADED}', then the mean "
                "of bought.",
            ),
            how=(
                "theo_ngay = kh.sort_values('created_at', kind='stable')\n"
                "thang = theo_ngay['created_at'].dt.to_period('M')\n"
                "thu_tu = theo_ngay.groupby(['staff_id', thang], observed=True).cumcount().reindex(kh.index)\n"
                f"da_mua[(kh['staff_id'] == '{OVERLOADED}') & (thu_tu < {CAPACITY})].mean()",
                "by_date = kh.sort_values('created_at', kind='stable')\n"
                "month = by_date['created_at'].dt.to_period('M')\n"
                "nth = by_date.groupby(['staff_id', month], observed=True).cumcount().reindex(kh.index)\n"
                f"bought = kh['n_orders'] > 0\nbought[(kh['staff_id'] == '{OVERLOADED}') & (nth < {CAPACITY})].mean()",
            ),
            schemes=(),
        ),
        practice.choice(
            "17",
            (
                f"Bài 8. Tính chung {OVERLOADED} chốt kém hơn trung vị các bạn khác. Vấn đề nằm ở đâu?",
                f"Exercise 8. Overall {OVERLOADED} converts below the others' median. Where is the problem?",
            ),
            overload_options,
            overload_verdict,
            hint=(
                "So tỷ lệ chốt của cùng một người trên lead đầu tháng và trên lead giao thêm; rồi so cơ cấu "
                "nguồn lead của các tư vấn viên (bảng chéo staff_id × source).",
                "Compare one person's conversion on the month's first leads and on the extra ones; then "
                "compare the consultants' source mix (cross table staff_id × source).",
            ),
            why=why_overload,
            schemes=("source",),
        ),
    ]


# -- facts quoted in the instructor notes ------------------------------------------------------------
def _source_row(case, code: str, key: str) -> float:
    return float(source_table(case).loc[code, key])


def _group_share(case, code: str, key: str) -> float:
    return float(
        profile(case.customers, classify(case.customers, "group", by="service_group")).loc[
            code, key
        ]
    )


def _level_count(case, scheme: str, code: str, **params) -> int:
    table = case.contacts if scheme == "internal_external" else case.customers
    return int((classify(table, scheme, **params) == code).sum())


def _register() -> None:
    """Register the facts (one function per figure the notes quote)."""
    F = {}  # name → function of a case

    # Bài 1 — the pipeline
    F["leads"] = lambda k: len(k.customers)
    for code in ("new_lead", "contacted", "consulting", "quoted", "won", "lost"):
        F[f"stage_{code}"] = lambda k, code=code: _level_count(k, "relationship", code)
    F["lost_share"] = lambda k: float((classify(k.customers, "relationship") == "lost").mean())

    # the money story: the cheapest lead, the dearest customer
    def paid(k):
        from .. import money

        def compute(k):
            table = money.channel_economics(k).set_index("channel")
            return table[table["spend"] > 0]

        return per_case(k, "spa.paid_channels", compute)

    F["facebook_cost_per_lead"] = lambda k: float(paid(k).loc["facebook", "cost_per_lead"])
    F["facebook_cpl_is_lowest"] = lambda k: int(paid(k)["cost_per_lead"].idxmin() == "facebook")
    F["facebook_cac"] = lambda k: float(paid(k).loc["facebook", "cac"])
    F["paid_median_cac"] = lambda k: float(paid(k)["cac"].drop("facebook").median())

    def cac_ratio(k) -> float:
        table = paid(k)
        return float(table.loc["facebook", "cac"] / table["cac"].drop("facebook").median())

    F["facebook_cac_ratio"] = cac_ratio
    F["open_leads"] = lambda k: int(open_leads(k).sum())
    F["open_share"] = lambda k: float(open_leads(k).mean())
    F["stale_open"] = lambda k: int(stale_leads(k).sum())
    F["stale_open_share"] = lambda k: float(stale_leads(k).sum() / open_leads(k).sum())
    for code in ("contacted", "consulting", "quoted", "won"):
        F[f"reached_{code}"] = lambda k, code=code: int(real_funnel(k).loc[code, "reached"])
        F[f"step_{code}"] = lambda k, code=code: float(real_funnel(k).loc[code, "step_rate"])
    F["lost_contacted_to_consulting"] = lambda k: int(
        real_funnel(k).loc["contacted", "reached"] - real_funnel(k).loc["consulting", "reached"]
    )
    F["naive_step_contacted"] = lambda k: float(
        funnel(classify(k.customers, "relationship")).loc["contacted", "step_rate"]
    )
    F["won_share"] = lambda k: float(bought(k).mean())
    F["never_bought_share"] = lambda k: float(1 - bought(k).mean())

    # Bài 2 — sources
    for code, name in (("facebook", "facebook"), ("referral", "referral"), ("walk_in", "walk_in")):
        F[f"{name}_leads"] = lambda k, code=code: int(_source_row(k, code, "leads"))
        F[f"{name}_lead_share"] = lambda k, code=code: _source_row(k, code, "lead_share")
        F[f"{name}_conversion"] = lambda k, code=code: _source_row(k, code, "conversion")
        F[f"{name}_buyers"] = lambda k, code=code: int(_source_row(k, code, "buyers"))
        F[f"{name}_revenue_share"] = lambda k, code=code: _source_row(k, code, "revenue_share")
        F[f"{name}_revenue_per_lead"] = lambda k, code=code: _source_row(
            k, code, "revenue_per_lead"
        )
        F[f"{name}_revenue_per_buyer"] = lambda k, code=code: _source_row(
            k, code, "revenue_per_buyer"
        )
    F["referral_vs_facebook_per_lead"] = lambda k: (
        _source_row(k, "referral", "revenue_per_lead")
        / _source_row(k, "facebook", "revenue_per_lead")
    )
    F["referral_vs_facebook_leads"] = lambda k: (
        _source_row(k, "referral", "leads") / _source_row(k, "facebook", "leads")
    )
    F["facebook_buyer_rank"] = lambda k: int(
        source_table(k)["buyers"].rank(ascending=False, method="min").loc["facebook"]
    )

    # Bài 3 — consultants
    F["staff_leads_min"] = lambda k: int(k.customers["staff_id"].value_counts().min())
    F["staff_leads_max"] = lambda k: int(k.customers["staff_id"].value_counts().max())
    F["nv03_conversion"] = lambda k: float(staff_conversion(k)[STAR])
    F["others_median_conversion"] = lambda k: float(staff_conversion(k).drop(STAR).median())
    F["nv03_ratio"] = star_ratio

    def facebook_share(k):
        c = k.customers
        return (c["source"] == "Facebook Ads").groupby(c["staff_id"].astype(str)).mean()

    F["staff_facebook_share_min"] = lambda k: float(facebook_share(k).min())
    F["staff_facebook_share_max"] = lambda k: float(facebook_share(k).max())
    F["nv03_facebook_conversion"] = lambda k: float(facebook_by_staff(k).loc[STAR, "conversion"])
    F["others_facebook_conversion_min"] = lambda k: float(
        facebook_by_staff(k)["conversion"].drop(STAR).min()
    )
    F["others_facebook_conversion_max"] = lambda k: float(
        facebook_by_staff(k)["conversion"].drop(STAR).max()
    )

    # the hand-off: one consultant gets far more leads than she can work
    def capacity(k):
        return per_case(k, "spa.capacity", capacity_table)

    F["nv05_leads"] = lambda k: int(capacity(k).loc[OVERLOADED, "leads"])
    F["nv05_leads_per_month"] = lambda k: float(capacity(k).loc[OVERLOADED, "leads_per_month"])
    F["others_leads_min"] = lambda k: int(capacity(k)["leads"].drop(OVERLOADED).min())
    F["others_leads_max"] = lambda k: int(capacity(k)["leads"].drop(OVERLOADED).max())
    F["nv05_lead_ratio"] = lambda k: float(
        capacity(k).loc[OVERLOADED, "leads"] / capacity(k)["leads"].drop(OVERLOADED).median()
    )
    F["nv05_conversion"] = lambda k: float(capacity(k).loc[OVERLOADED, "conversion"])
    F["nv05_others_median_conversion"] = lambda k: float(
        capacity(k)["conversion"].drop(OVERLOADED).median()
    )
    F["nv05_first_conversion"] = lambda k: float(capacity(k).loc[OVERLOADED, "first_conversion"])
    F["nv05_later_conversion"] = lambda k: float(capacity(k).loc[OVERLOADED, "later_conversion"])
    F["nv05_later_leads"] = lambda k: int(capacity(k).loc[OVERLOADED, "later_leads"])
    F["nv05_later_share"] = lambda k: float(
        capacity(k).loc[OVERLOADED, "later_leads"] / capacity(k).loc[OVERLOADED, "leads"]
    )
    F["others_later_leads"] = lambda k: int(capacity(k)["later_leads"].drop(OVERLOADED).sum())

    # the spa's scale and its treatment packages
    def scale(k):
        return per_case(k, "spa.packages", packages)

    for key in ("package_share", "package_revenue_share", "visits_per_day", "revenue_per_year"):
        F[key] = lambda k, key=key: float(scale(k)[key])
    F["facebook_spend_share"] = lambda k: float(
        paid(k).loc["facebook", "spend"] / paid(k)["spend"].sum()
    )
    F["ad_spend_share"] = lambda k: float(paid(k)["spend"].sum() / k.orders["amount"].sum())

    def start(k, staff):
        return pd.Timestamp(k.staff.set_index("staff_id").loc[staff, "start_date"])

    F["nv03_start_year"] = lambda k: start(k, STAR).year

    def senior(k) -> str:
        """The consultant who has worked here longest."""
        staff = k.staff
        return str(staff.loc[pd.to_datetime(staff["start_date"]).idxmin(), "staff_id"])

    F["senior_start_year"] = lambda k: start(k, senior(k)).year
    F["senior_conversion"] = lambda k: float(staff_conversion(k)[senior(k)])
    F["nv03_start_rank_latest"] = lambda k: int(
        (pd.to_datetime(k.staff["start_date"]) > start(k, STAR)).sum() + 1
    )

    def staff_aov(k):
        o = k.orders
        return o.groupby(o["staff_id"].astype(str))["amount"].mean()

    F["staff_aov_min"] = lambda k: float(staff_aov(k).min())
    F["staff_aov_max"] = lambda k: float(staff_aov(k).max())
    F["nv03_aov_rank"] = lambda k: int(staff_aov(k).rank(ascending=False, method="min")[STAR])

    # Bài 4 — service groups and service levels
    for code in ("skin", "massage", "nail", "brow_lip", "hair_removal", "slimming"):
        F[f"group_{code}_lead_share"] = lambda k, code=code: _group_share(k, code, "customer_share")
        F[f"group_{code}_revenue_share"] = lambda k, code=code: _group_share(
            k, code, "revenue_share"
        )
    # the three groups with few leads and dear purchases (one dear session, or a package)
    dear = ("brow_lip", "hair_removal", "slimming")
    F["dear_groups_top_revenue_share"] = lambda k: max(
        _group_share(k, g, "revenue_share") for g in dear
    )
    F["dear_groups_low_revenue_share"] = lambda k: min(
        _group_share(k, g, "revenue_share") for g in dear
    )
    F["dear_groups_top_lead_share"] = lambda k: max(
        _group_share(k, g, "customer_share") for g in dear
    )
    F["dear_groups_low_lead_share"] = lambda k: min(
        _group_share(k, g, "customer_share") for g in dear
    )
    for loyal in (3, 4, 5):
        for code in ("first", "repeat", "loyal"):
            tag = f"level{loyal}_{code}"
            F[f"{tag}_customers"] = lambda k, loyal=loyal, code=code: int(
                service_levels(k, loyal).loc[code, "customers"]
            )
            F[f"{tag}_share"] = lambda k, loyal=loyal, code=code: float(
                service_levels(k, loyal).loc[code, "customer_share"]
            )
            F[f"{tag}_revenue_share"] = lambda k, loyal=loyal, code=code: float(
                service_levels(k, loyal).loc[code, "revenue_share"]
            )

    # Bài 5 — demographics and psychographics
    F["core_women_lead_share"] = lambda k: core_women_shares(k)[0]
    F["core_women_revenue_share"] = lambda k: core_women_shares(k)[1]
    F["core_women_index"] = lambda k: core_women_shares(k)[1] / core_women_shares(k)[0]
    F["core_women_conversion"] = lambda k: float(bought(k)[core_women(k)].mean())
    F["other_leads_conversion"] = lambda k: float(bought(k)[~core_women(k)].mean())

    def top_cell(k) -> pd.Series:
        """The gender × age cell with the highest value index (among cells with leads)."""
        t = value_index(k)
        t = t[t["leads"] > 0]
        return t.loc[t["value_index"].astype(float).idxmax()]

    F["top_index"] = lambda k: float(top_cell(k)["value_index"])
    F["top_index_leads"] = lambda k: int(top_cell(k)["leads"])
    F["top_index_lead_share"] = lambda k: float(top_cell(k)["leads"] / len(k.customers))

    def attribute_tables(k):
        c = k.customers
        return {
            "marital": buyer_profile(c, "marital_status"),
            "income": buyer_profile(c, classify(c, "demographic", by="income")),
            "interest": buyer_profile(c, classify(c, "psychographic", by="interest")),
            "temperament": buyer_profile(c, classify(c, "psychographic", by="mbti")),
        }

    def conversions(k, skip=()):
        rates = []
        for t in attribute_tables(k).values():
            t = t[(t["customers"] > 0) & ~t.index.isin(["unknown", *skip])]
            rates += t["conversion"].astype(float).tolist()
        return rates

    F["attribute_conversion_min"] = lambda k: min(conversions(k))
    F["attribute_conversion_max_but_nt"] = lambda k: max(conversions(k, skip=("nt",)))
    F["nt_leads"] = lambda k: _level_count(k, "psychographic", "nt", by="mbti")
    F["nt_conversion"] = lambda k: float(attribute_tables(k)["temperament"].loc["nt", "conversion"])

    def spend_gap(k, name):
        t = attribute_tables(k)[name]
        spend = t.loc[(t["customers"] > 0) & (t.index != "unknown"), "revenue_per_buyer"].astype(
            float
        )
        return float(spend.max() - spend.min())

    F["interest_spend_gap"] = lambda k: spend_gap(k, "interest")
    F["temperament_spend_gap"] = lambda k: spend_gap(k, "temperament")
    F["spend_per_buyer"] = lambda k: float(k.customers.loc[bought(k), "total_spend"].mean())
    F["mbti_missing_share"] = lambda k: float(k.customers["mbti"].isna().mean())

    def mbti_types(k) -> pd.DataFrame:
        """Per MBTI type (16, those who took the test): leads and conversion."""
        c = k.customers
        known = c["mbti"].notna()
        won = bought(k)[known]
        kind = c.loc[known, "mbti"].astype(str)
        return pd.DataFrame({"leads": kind.value_counts(), "conversion": won.groupby(kind).mean()})

    F["mbti_type_leads_min"] = lambda k: int(mbti_types(k)["leads"].min())
    F["mbti_type_leads_max"] = lambda k: int(mbti_types(k)["leads"].max())
    F["mbti_type_conversion_min"] = lambda k: float(mbti_types(k)["conversion"].min())
    F["mbti_type_conversion_max"] = lambda k: float(mbti_types(k)["conversion"].max())

    # Bài 6 — journeys
    for code in ("aware", "appeal", "ask", "act", "advocate"):
        F[f"a5_{code}"] = lambda k, code=code: _level_count(k, "journey_5a", code)
        F[f"a5_{code}_share"] = lambda k, code=code: (
            _level_count(k, "journey_5a", code) / len(k.customers)
        )
    for code in ("aware", "attitude", "act", "act_again"):
        F[f"a4_{code}"] = lambda k, code=code: _level_count(k, "journey_4a", code)
        F[f"a4_{code}_share"] = lambda k, code=code: (
            _level_count(k, "journey_4a", code) / len(k.customers)
        )

    F["facebook_at_ask"] = lambda k: journey_share(k, "facebook", "ask")
    F["referral_at_ask"] = lambda k: journey_share(k, "referral", "ask")
    F["referral_advocates"] = lambda k: journey_share(k, "referral", "advocate")
    F["facebook_advocates"] = lambda k: journey_share(k, "facebook", "advocate")

    def advocacy(k, level):
        c = k.customers
        labels = classify(c, "service_level", loyal_orders=LOYAL)
        return float((c["advocate_events"] > 0)[labels == level].mean())

    F["loyal_advocacy"] = lambda k: advocacy(k, "loyal")
    F["first_advocacy"] = lambda k: advocacy(k, "first")
    F["buyers_without_ask"] = lambda k: int((bought(k) & (k.customers["ask_events"] == 0)).sum())
    F["buyers_without_ask_share"] = lambda k: float(
        (k.customers["ask_events"] == 0)[bought(k)].mean()
    )

    # Bài 7 — internal and external customers
    F["internal_total"] = lambda k: len(k.internal)
    for code in (
        "manager",
        "colleague",
        "subordinate",
        "branch",
        "partner",
        "buyer",
        "user",
        "beneficiary",
    ):
        F[f"role_{code}"] = lambda k, code=code: _level_count(k, "internal_external", code)

    def role_conversion(k, role):
        c = k.customers
        return float(bought(k)[c["external_role"] == role].mean())

    F["buyer_role_conversion"] = lambda k: role_conversion(k, "Người mua")
    F["beneficiary_role_conversion"] = lambda k: role_conversion(k, "Người thụ hưởng")

    for name, func in F.items():
        fact("spa", name)(func)


_register()
