"""Bài 01 — Mối quan hệ, nhóm khách hàng, nguồn khách hàng (article 000), on the spa.

The three classifications article 000 starts with — where a lead stands on the sales road
(``relationship``), which group it belongs to (``group``), which channel it came through
(``source``) — and the reports that follow them: where the money flows from, how marketing's leads
turn into sales, each salesperson's load and conversion. The pipeline history corrects the funnel
(a lead that ended "Không mua" passed stages before it left).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import practice
from .._i18n import PhanloaiError
from ..reports import profile, revenue_by_source, staff_performance
from ..reports._base import dimension, frame
from ..reports.funnel import funnel
from ..reports.pipeline import furthest_stage
from ..schemes.registry import SCHEMES, classify
from ..vn import format_number, format_percent
from .facts import fact

TITLE = ("Mối quan hệ, nhóm và nguồn khách hàng", "Relationship, customer group and lead source")
NOTEBOOK = "01_quan_he_nhom_nguon.ipynb"
CASES = ("spa",)

#: Channels a marketing team runs (ads, pages, website, marketplaces); the others come through
#: sales, old customers or the shop's door.
MARKETING = ("facebook", "google_ads", "zalo", "tiktok", "website", "marketplace")
#: A channel counts as "large" from this share of all leads (exercise 3).
LARGE = 0.05

_TEAMS = {
    "marketing": ("Marketing (quảng cáo, trang, website)", "Marketing (ads, pages, website)"),
    "other": ("Sale tự tìm, giới thiệu, khách tự đến", "Sales, referrals, walk-ins"),
}


# -- how far each lead got ------------------------------------------------------------------------------
def stage_reached(case) -> pd.Series:
    """Per lead, the position (0 = Mới có thông tin … 4 = Đã mua) of the furthest road stage it
    reached: its current stage, or — for a lead that left — the furthest one in the pipeline
    history. Aligned with ``case.customers``."""
    c = case.customers
    scheme = SCHEMES["relationship"]
    road = [lv.code for lv in scheme.levels_for()[:-1] if lv.code not in scheme.exits]
    where = {code: i for i, code in enumerate(road)}
    now = classify(c, "relationship").map(where).astype("float64")
    history = pd.DataFrame({"stage": furthest_stage(case.pipeline, c)}, index=c.index)
    before = classify(history, "relationship").map(where).astype("float64")
    return pd.Series(np.fmax(now.to_numpy(), before.to_numpy()), index=c.index, name="reached")


def lost_by_stage(case) -> pd.DataFrame:
    """The leads that ended "Không mua" (lost), by the furthest stage they reached before they
    left: ``leads`` and ``lead_share`` (of all lost leads), rows as stage codes."""
    c = case.customers
    lost = classify(c, "relationship") == "lost"
    history = pd.DataFrame({"stage": furthest_stage(case.pipeline, c)}, index=c.index)
    left_from = classify(history[lost.to_numpy()], "relationship")
    table = profile(c[lost.to_numpy()], left_from)
    table = table[table["customers"] > 0]
    dim = dimension("lost_by_stage", left_from)
    return frame(
        dim.index(list(table.index)),
        {
            "leads": table["customers"].to_numpy(),
            "lead_share": table["customer_share"].to_numpy(),
        },
        "lost_by_stage",
        [dim],
    )


# -- marketing's leads, handed to sales -----------------------------------------------------------------
def lead_quality(case, by: str = "source") -> pd.DataFrame:
    """Chất lượng lead — how each channel's leads go through the hand-off to sales (article 000).

    Per source (``by="source"``, most leads first) or per team that brought the lead
    (``by="team"``: marketing's channels against the rest): ``leads``, ``reached_contacted``
    (sales got hold of them — the hand-off happened), ``reached_consulting`` (sales found a real
    need: a sales-qualified lead), ``won_after_consulting``, ``conversion`` (bought) and
    ``revenue_per_lead``. "Reached" reads the pipeline history, so a lead that left still counts
    at the stages it passed.
    """
    c = case.customers
    source = classify(c, "source")
    reached = stage_reached(case).to_numpy()
    spend = c["total_spend"].to_numpy(dtype="float64")
    if by == "source":
        keys = source.astype(object).to_numpy()
    elif by == "team":
        keys = np.where(source.isin(MARKETING).to_numpy(), "marketing", "other")
    else:
        raise PhanloaiError(
            f"lead_quality(): by = {by!r} không hợp lệ; chọn 'source' (theo kênh) hoặc 'team' (marketing / còn lại).",
            f"lead_quality(): by = {by!r} is not valid; choose 'source' (per channel) or 'team' (marketing / the rest).",
        )
    data = pd.DataFrame(
        {
            "key": keys,
            "contacted": reached >= 1,
            "consulting": reached >= 2,
            "won": reached >= 4,
            "spend": spend,
        }
    )
    g = data.groupby("key", sort=False)
    leads = g.size()
    rows = [k for k in leads.sort_values(ascending=False, kind="stable").index if k != "unknown"]
    rows += ["unknown"] if "unknown" in leads.index else []
    consulting = g["consulting"].sum()
    won = g["won"].sum()
    table = {
        "leads": leads.reindex(rows).to_numpy(),
        "reached_contacted": g["contacted"].mean().reindex(rows).to_numpy(),
        "reached_consulting": g["consulting"].mean().reindex(rows).to_numpy(),
        "won_after_consulting": (won / consulting.where(consulting > 0)).reindex(rows).to_numpy(),
        "conversion": g["won"].mean().reindex(rows).to_numpy(),
        "revenue_per_lead": g["spend"].mean().reindex(rows).to_numpy(),
    }
    if by == "source":
        dim = dimension("lead_quality", source)
        return frame(dim.index(rows), table, "lead_quality", [dim])
    index = pd.Index(rows, dtype=object, name="handed_by")
    return frame(index, table, "lead_quality", [], {"words": _TEAMS})


# -- figures quoted in the notebook's text -------------------------------------------------------------
def _contacted(case, history: bool) -> float:
    labels = classify(case.customers, "relationship")
    far = furthest_stage(case.pipeline, case.customers) if history else None
    return float(funnel(labels, furthest=far).loc["contacted", "of_top"])


@fact("spa", "funnel_contacted_naive")
def _(case):
    return _contacted(case, history=False)


@fact("spa", "funnel_contacted_history")
def _(case):
    return _contacted(case, history=True)


# -- exercises ------------------------------------------------------------------------------------------
def _level(scheme: str, code: str, **params):
    return next(lv for lv in SCHEMES[scheme].levels_for(params) if lv.code == code)


def exercises(case) -> list[practice.Exercise]:
    c = case.customers

    def contacted_count() -> int:
        labels = classify(c, "relationship")
        far = furthest_stage(case.pipeline, c)
        return int(funnel(labels, furthest=far).loc["contacted", "reached"])

    def top_group():
        table = profile(c, classify(c, "group", by="service_group"))
        table = table.drop(index="unknown", errors="ignore")
        return str(table["customers"].idxmax()), table

    def group_revenue_per_lead() -> float:
        code, table = top_group()
        return float(table.loc[code, "revenue"]) / float(table.loc[code, "customers"])

    def sources():
        return revenue_by_source(c).drop(index="unknown", errors="ignore")

    def large_options():
        table = sources()
        big = table[table["lead_share"] >= LARGE].sort_values("leads", ascending=False)
        return [(code, _level("source", code).vi, _level("source", code).en) for code in big.index]

    def lowest_conversion() -> str:
        table = sources()
        big = table[table["lead_share"] >= LARGE]
        return str(big["conversion"].idxmin())

    def why_lowest():
        table = sources()
        code = lowest_conversion()
        lv = _level("source", code)
        leads = format_percent(float(table.loc[code, "lead_share"]))
        conv = format_percent(float(table.loc[code, "conversion"]))
        rev = format_percent(float(table.loc[code, "revenue_share"]))
        return (
            f"{lv.vi}: {leads} số lead, chỉ {conv} chốt, mang về {rev} doanh thu.",
            f"{lv.en}: {leads} of leads, only {conv} converted, {rev} of revenue.",
        )

    def staff_table():
        return staff_performance(c, case.staff).drop(index="unassigned", errors="ignore")

    def staff_options():
        table = staff_table()
        return [
            (str(i), f"{i} — {table.loc[i, 'name']}", f"{i} — {table.loc[i, 'name']}")
            for i in table.index
        ]

    def best_staff() -> str:
        return str(staff_table()["conversion"].idxmax())

    def why_staff():
        table = staff_table()
        code = best_staff()
        best = float(table.loc[code, "conversion"])
        others = float(table["conversion"].drop(index=code).median())
        times = best / others if others > 0 else float("nan")
        shown = format_number(times, 1)
        return (
            f"{code} ({table.loc[code, 'name']}): {format_percent(best)} lead đã mua, gấp {shown} lần "
            f"trung vị của những người còn lại ({format_percent(others)}).",
            f"{code} ({table.loc[code, 'name']}): {format_percent(best)} of leads bought, {shown} times "
            f"the others' median ({format_percent(others)}).",
        )

    channels = [code for code in sources().index]
    group_code = top_group()[0]
    group = _level("group", group_code, by="service_group")

    return [
        practice.number(
            "1",
            (
                "Theo lịch sử pipeline (kể cả những lead đã rời phễu), bao nhiêu lead đã tới bậc "
                "'Đã liên hệ' hoặc xa hơn?",
                "From the pipeline history (leads that left included), how many leads got to "
                "'Contacted' or further?",
            ),
            contacted_count,
            hint=(
                "Phễu chỉ tính đúng khi biết lead 'Không mua' đã đi tới đâu: "
                "xa_nhat = furthest_stage(spa.pipeline, spa.customers), rồi "
                "phanloai.funnel(quan_he, furthest=xa_nhat) và đọc cột 'Từ bậc này trở lên' ở dòng 'Đã liên hệ'.",
                "The funnel is right only once it knows how far lost leads got: "
                "far = furthest_stage(spa.pipeline, spa.customers), then "
                "phanloai.funnel(labels, furthest=far) and read 'At or beyond' on the 'Contacted' row.",
            ),
            how=(
                "quan_he = phanloai.classify(spa.customers, 'relationship')\n"
                "xa_nhat = furthest_stage(spa.pipeline, spa.customers)\n"
                "phanloai.funnel(quan_he, furthest=xa_nhat).loc['contacted', 'reached']",
                "labels = phanloai.classify(spa.customers, 'relationship')\n"
                "far = furthest_stage(spa.pipeline, spa.customers)\n"
                "phanloai.funnel(labels, furthest=far).loc['contacted', 'reached']",
            ),
            schemes=("relationship",),
        ),
        practice.number(
            "2",
            (
                f"Nhóm dịch vụ đông lead nhất là {group.vi}. Trung bình mỗi lead của nhóm này mang về "
                "bao nhiêu đồng doanh thu? (tổng doanh thu của nhóm ÷ số lead của nhóm)",
                f"The service group with the most leads is {group.en}. On average, how much revenue "
                "(VND) does each of its leads bring? (the group's revenue ÷ its leads)",
            ),
            group_revenue_per_lead,
            kind="money",
            hint=(
                "nhom = phanloai.classify(spa.customers, 'group', by='service_group'); bảng "
                "phanloai.profile(spa.customers, nhom) có cột 'Doanh thu mỗi khách' — ở đây mỗi khách là một lead.",
                "groups = phanloai.classify(spa.customers, 'group', by='service_group'); the table "
                "phanloai.profile(spa.customers, groups) has 'Revenue per customer' — here each customer is a lead.",
            ),
            how=(
                "nhom = phanloai.classify(spa.customers, 'group', by='service_group')\n"
                f"phanloai.profile(spa.customers, nhom).loc['{group_code}', 'revenue_per_customer']",
                "groups = phanloai.classify(spa.customers, 'group', by='service_group')\n"
                f"phanloai.profile(spa.customers, groups).loc['{group_code}', 'revenue_per_customer']",
            ),
            schemes=("group",),
        ),
        practice.choice(
            "3",
            (
                f"Trong các kênh mang về từ {round(100 * LARGE)} % số lead trở lên, kênh nào có tỷ lệ "
                "chốt (conversion) thấp nhất?",
                f"Among the channels that bring at least {round(100 * LARGE)}% of leads, which "
                "has the lowest conversion rate?",
            ),
            large_options,
            lowest_conversion,
            hint=(
                "Bảng phanloai.revenue_by_source(spa.customers): bỏ các kênh có 'Tỷ lệ lead' dưới 5 %, "
                "rồi so cột 'Tỷ lệ chuyển đổi'.",
                "The table phanloai.revenue_by_source(spa.customers): leave out channels under 5 % of "
                "leads, then compare 'Conversion rate'.",
            ),
            why=why_lowest,
            schemes=("source",),
        ),
        practice.choice(
            "4",
            (
                "Tư vấn viên nào chốt được tỷ lệ lead cao nhất (lead đã tới bậc 'Đã mua')?",
                "Which consultant converts the largest share of leads (leads that reached 'Won')?",
            ),
            staff_options,
            best_staff,
            hint=(
                "phanloai.staff_performance(spa.customers, spa.staff): so cột 'Tỷ lệ chuyển đổi', "
                "không phải số lead được giao.",
                "phanloai.staff_performance(spa.customers, spa.staff): compare 'Conversion rate', not the "
                "number of leads handled.",
            ),
            why=why_staff,
            schemes=("relationship",),
        ),
        practice.strategy(
            "5",
            (
                "Bài 000 nói biết nguồn khách giúp chủ động lên kịch bản tư vấn. Viết cho mỗi kênh của "
                "spa một câu: nói gì, làm gì khi lead từ kênh ấy tới — hoặc nên tăng hay giảm tiền cho "
                "kênh ấy, vì sao. Trả lời bằng dict mã kênh → câu.",
                "Article 000 says knowing the source lets you prepare the consultation. Write one line "
                "per channel of the spa: what to say and do when a lead comes from it — or whether to "
                "spend more or less on it, and why. Answer with a dict channel code → line.",
            ),
            "source",
            levels=channels,
            hint=(
                "Nhìn ba cột cùng lúc: tỷ lệ lead, tỷ lệ chốt, doanh thu mỗi lead. Kênh nhiều lead mà ít "
                "tiền cần kịch bản khác kênh ít lead mà chốt nhanh.",
                "Read three columns together: share of leads, conversion, revenue per lead. A channel "
                "with many leads and little money needs a different script from one with few leads "
                "that close fast.",
            ),
        ),
    ]
