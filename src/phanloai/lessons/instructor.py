"""Cho giảng viên — what the instructor notebook (``20_giang_vien.ipynb``) shows.

The stories planted in each world, each with the figures that carry it measured on the case in
front of the instructor (any seed, any size) and whether it holds there; and a plan of one seed
per group, so that groups find the same stories with different numbers (copying shows).

The figures are the facts the case lessons declare (:mod:`phanloai.lessons.facts`), so the
instructor notes, the notebooks and this table quote one computation.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .._i18n import PhanloaiError, tr
from ..reports import cross, revenue_by_source
from ..schemes.registry import classify
from .facts import FACTS

__all__ = ["EVIDENCE", "seed_plan", "story_evidence"]


def _facebook_volume(case) -> bool:
    table = revenue_by_source(case.customers)
    big = table[table["lead_share"] >= 0.05]
    return table["leads"].idxmax() == "facebook" and big["conversion"].idxmin() == "facebook"


def _referral_best(case) -> bool:
    table = revenue_by_source(case.customers)
    return table["conversion"].idxmax() == "referral" and _value(
        case, "spa.referral_revenue_per_buyer"
    ) > _value(case, "spa.facebook_revenue_per_buyer")


def _south_construction(case) -> bool:
    firms = case.customers[~case.customers["contract_signed"].astype(bool)]
    cells = cross(firms, classify(firms, "group"), classify(firms, "geographic")).stack()
    return cells.idxmax() == ("construction", "south")


def _website_most_quotes(case) -> bool:
    return revenue_by_source(case.customers)["leads"].idxmax() == "website"


#: story id → (the facts that carry it: fact, kind), and when it holds at this seed
EVIDENCE: dict[str, tuple[tuple[tuple[str, str], ...], Callable]] = {
    "spa_facebook_volume": (
        (("spa.facebook_lead_share", "share"), ("spa.facebook_conversion", "share")),
        _facebook_volume,
    ),
    "spa_referral_best": (
        (
            ("spa.referral_conversion", "share"),
            ("spa.referral_revenue_per_buyer", "money"),
            ("spa.facebook_revenue_per_buyer", "money"),
        ),
        _referral_best,
    ),
    "spa_star_consultant": (
        (("spa.nv03_ratio", "ratio"),),
        lambda case: _value(case, "spa.nv03_ratio") >= 1.5,
    ),
    "spa_overloaded_consultant": (
        (
            ("spa.nv05_lead_ratio", "ratio"),
            ("spa.nv05_conversion", "share"),
            ("spa.nv05_others_median_conversion", "share"),
            ("spa.nv05_first_conversion", "share"),
        ),
        lambda case: (
            _value(case, "spa.nv05_lead_ratio") >= 1.6
            and _value(case, "spa.nv05_conversion")
            < _value(case, "spa.nv05_others_median_conversion")
            <= _value(case, "spa.nv05_first_conversion")
        ),
    ),
    "spa_cheap_leads_dear_customers": (
        (
            ("spa.facebook_cost_per_lead", "money"),
            ("spa.facebook_cac", "money"),
            ("spa.paid_median_cac", "money"),
        ),
        lambda case: (
            _value(case, "spa.facebook_cpl_is_lowest") == 1
            and _value(case, "spa.facebook_cac_ratio") >= 1.4
        ),
    ),
    "spa_women_core": (
        (("spa.core_women_revenue_share", "share"),),
        lambda case: _value(case, "spa.core_women_revenue_share") >= 0.60,
    ),
    "spa_loyal_revenue": (
        (("spa.level3_loyal_share", "share"), ("spa.level3_loyal_revenue_share", "share")),
        lambda case: (
            _value(case, "spa.level3_loyal_share") < 0.35
            and _value(case, "spa.level3_loyal_revenue_share") > 0.50
        ),
    ),
    "bolts_south_construction_unsigned": (
        (("bolts.top_cell", "count"), ("bolts.second_cell", "count")),
        _south_construction,
    ),
    "bolts_custom_support": (
        (("bolts.custom_ticket_ratio", "ratio"),),
        lambda case: _value(case, "bolts.custom_ticket_ratio") >= 3,
    ),
    "bolts_large_firms_revenue": (
        (("bolts.large_share_of_signed", "share"), ("bolts.large_revenue_share", "share")),
        lambda case: (
            _value(case, "bolts.large_share_of_signed") < 0.35
            and _value(case, "bolts.large_revenue_share") > 0.60
        ),
    ),
    "bolts_fair_vs_website": (
        (
            ("bolts.website_share", "share"),
            ("bolts.website_rate", "share"),
            ("bolts.fair_rate", "share"),
        ),
        lambda case: _website_most_quotes(case) and _value(case, "bolts.fair_vs_website") >= 2,
    ),
    "bolts_south_late_delivery": (
        (("bolts.late_south", "share"), ("bolts.late_north", "share")),
        lambda case: _value(case, "bolts.late_south_vs_north") >= 2,
    ),
    "bolts_late_delivery_churn": (
        (("bolts.reorder_after_late", "share"), ("bolts.reorder_after_other", "share")),
        lambda case: _value(case, "bolts.reorder_late_vs_other") <= 0.8,
    ),
    "fashion_key_accounts": (
        (("fashion.top5_revenue_share", "share"),),
        lambda case: _value(case, "fashion.top5_revenue_share") >= 0.35,
    ),
    "fashion_radius": (
        (("fashion.radius_buy_ratio", "ratio"),),
        lambda case: _value(case, "fashion.radius_buy_ratio") >= 4,
    ),
    "fashion_tiktok_reversal": (
        (
            ("fashion.tiktok_buy_rate", "share"),
            ("fashion.facebook_buy_rate", "share"),
            ("fashion.tiktok_buy_rate_near", "share"),
            ("fashion.facebook_buy_rate_near", "share"),
            ("fashion.tiktok_buy_rate_far", "share"),
            ("fashion.facebook_buy_rate_far", "share"),
        ),
        lambda case: _value(case, "fashion.tiktok_reversal") == 1,
    ),
    "fashion_tet_cohort": (
        (("fashion.tet_cohort_again", "share"), ("fashion.other_cohort_again", "share")),
        lambda case: _value(case, "fashion.tet_cohort_ratio") < 2 / 3,
    ),
    "fashion_persona_revenue": (
        (("fashion.persona_contact_share", "share"), ("fashion.persona_revenue_share", "share")),
        lambda case: (
            _value(case, "fashion.persona_contact_share") < 0.5
            and _value(case, "fashion.persona_revenue_share") > 0.5
        ),
    ),
    "fashion_at_risk": (
        (("fashion.rebuyers_away_share", "share"),),
        lambda case: _value(case, "fashion.rebuyers_away_share") >= 0.15,
    ),
}

#: the words for each fact the table shows (vi, en)
_WORDS = {
    "spa.facebook_lead_share": ("Tỷ lệ lead từ Facebook Ads", "Share of leads from Facebook Ads"),
    "spa.facebook_conversion": ("Tỷ lệ chốt của Facebook Ads", "Facebook Ads conversion"),
    "spa.referral_conversion": ("Tỷ lệ chốt của khách được giới thiệu", "Referral conversion"),
    "spa.referral_revenue_per_buyer": (
        "Chi tiêu mỗi người mua — giới thiệu",
        "Spend per buyer — referrals",
    ),
    "spa.facebook_revenue_per_buyer": (
        "Chi tiêu mỗi người mua — Facebook Ads",
        "Spend per buyer — Facebook Ads",
    ),
    "spa.nv03_ratio": (
        "Tỷ lệ chốt của NV03 ÷ trung vị các bạn còn lại (lần)",
        "NV03's conversion ÷ the others' median (times)",
    ),
    "spa.nv05_lead_ratio": (
        "Số lead của NV05 ÷ trung vị các bạn còn lại (lần)",
        "NV05's leads ÷ the others' median (times)",
    ),
    "spa.nv05_conversion": ("Tỷ lệ chốt của NV05, tính chung", "NV05's conversion, overall"),
    "spa.nv05_others_median_conversion": (
        "Trung vị tỷ lệ chốt của các bạn còn lại",
        "The others' median conversion",
    ),
    "spa.nv05_first_conversion": (
        "Tỷ lệ chốt của NV05 trên 40 lead đầu mỗi tháng",
        "NV05's conversion on the first 40 leads of each month",
    ),
    "spa.facebook_cost_per_lead": (
        "Chi phí mỗi lead — Facebook Ads (rẻ nhất trong các kênh trả tiền)",
        "Cost per lead — Facebook Ads (the cheapest paid channel)",
    ),
    "spa.facebook_cac": (
        "Chi phí mỗi khách mua — Facebook Ads",
        "Cost per customer — Facebook Ads",
    ),
    "spa.paid_median_cac": (
        "Chi phí mỗi khách mua — trung vị các kênh trả tiền khác",
        "Cost per customer — median of the other paid channels",
    ),
    "bolts.reorder_after_late": (
        "Còn đặt đơn sau lần khiếu nại giao hàng trễ đầu tiên",
        "Ordered again after the first late-delivery complaint",
    ),
    "bolts.reorder_after_other": (
        "Còn đặt đơn sau yêu cầu hậu mãi đầu tiên (chưa từng bị trễ)",
        "Ordered again after the first ticket (never delivered late)",
    ),
    "spa.core_women_revenue_share": (
        "Tỷ lệ doanh thu từ phụ nữ 25–44 tuổi",
        "Revenue share of women aged 25–44",
    ),
    "spa.level3_loyal_share": (
        "Khách trung thành (≥ 3 lần) trong số người mua",
        "Loyal customers (≥ 3 visits) among buyers",
    ),
    "spa.level3_loyal_revenue_share": (
        "Tỷ lệ doanh thu của khách trung thành",
        "Revenue share of loyal customers",
    ),
    "bolts.top_cell": (
        "Ô chưa ký lớn nhất (ngành × miền), số doanh nghiệp",
        "Largest unsigned cell (industry × region), firms",
    ),
    "bolts.second_cell": ("Ô chưa ký lớn thứ hai, số doanh nghiệp", "Second unsigned cell, firms"),
    "bolts.custom_ticket_ratio": (
        "Yêu cầu hậu mãi mỗi khách: đặt riêng ÷ tiêu chuẩn (lần)",
        "Tickets per customer: custom ÷ standard (times)",
    ),
    "bolts.large_share_of_signed": (
        "Doanh nghiệp lớn trong số khách đã ký",
        "Large firms among signed customers",
    ),
    "bolts.large_revenue_share": (
        "Tỷ lệ doanh thu của doanh nghiệp lớn",
        "Revenue share of large firms",
    ),
    "bolts.website_share": (
        "Tỷ lệ yêu cầu báo giá từ website",
        "Share of inquiries from the website",
    ),
    "bolts.website_rate": ("Tỷ lệ ký — website", "Signing rate — website"),
    "bolts.fair_rate": ("Tỷ lệ ký — hội chợ", "Signing rate — trade fairs"),
    "bolts.late_south": (
        "Tỷ lệ 'Giao hàng trễ' — miền Nam",
        "Late-delivery share of tickets — South",
    ),
    "bolts.late_north": (
        "Tỷ lệ 'Giao hàng trễ' — miền Bắc",
        "Late-delivery share of tickets — North",
    ),
    "fashion.top5_revenue_share": (
        "Tỷ lệ doanh thu của 5 % người mua chi nhiều nhất",
        "Revenue share of the top 5 % of buyers",
    ),
    "fashion.radius_buy_ratio": (
        "Tỷ lệ mua trong 10 km ÷ ngoài 10 km (lần)",
        "Buying rate within 10 km ÷ beyond (times)",
    ),
    **{
        f"fashion.{code}_buy_rate{key}": (
            f"Tỷ lệ mua — {name}, {side_vi}",
            f"Buying rate — {name}, {side_en}",
        )
        for code, name in (("tiktok", "TikTok"), ("facebook", "Facebook"))
        for key, side_vi, side_en in (
            ("", "tính chung", "overall"),
            ("_near", "trong 10 km", "within 10 km"),
            ("_far", "ngoài 10 km", "beyond 10 km"),
        )
    },
    "fashion.tet_cohort_again": (
        "Mua lại trong 180 ngày — người mua lần đầu trong đợt sale Tết",
        "Bought again within 180 days — first bought in the Tet sale",
    ),
    "fashion.other_cohort_again": (
        "Mua lại trong 180 ngày — người mua lần đầu vào lúc khác",
        "Bought again within 180 days — first bought at other times",
    ),
    "fashion.persona_contact_share": (
        "Phụ nữ 30–40 tuổi trong số liên hệ",
        "Women aged 30–40 among contacts",
    ),
    "fashion.persona_revenue_share": (
        "Tỷ lệ doanh thu của phụ nữ 30–40 tuổi",
        "Revenue share of women aged 30–40",
    ),
    "fashion.rebuyers_away_share": (
        "Người mua lại đã vắng hơn 180 ngày",
        "Repeat buyers away for more than 180 days",
    ),
}


def _value(case, name: str) -> float:
    return float(FACTS[name][1](case))


def _written(value: float, kind: str) -> str:
    from ..vn import format_money, format_number, format_percent

    if kind == "share":
        return format_percent(value, 1 if value < 0.1 else 0)
    if kind == "money":
        return format_money(value)
    if kind == "ratio":
        return format_number(value, 1)
    return format_number(value, 0)


def story_evidence(case) -> pd.DataFrame:
    """Each planted story of ``case`` with the figures that carry it (measured on this very
    case) and whether it holds here. Keys: ``id``, ``story``, ``figure``, ``answer``, ``holds``.

    Examples
    --------
    >>> import phanloai
    >>> from phanloai.lessons.instructor import story_evidence
    >>> table = story_evidence(phanloai.load("spa"))
    >>> bool(table["holds"].all())
    True
    """
    rows = []
    for story in case.stories:
        if story["id"] not in EVIDENCE:
            raise PhanloaiError(
                f"Câu chuyện '{story['id']}' chưa có số liệu minh chứng trong EVIDENCE.",
                f"The story '{story['id']}' has no evidence declared in EVIDENCE.",
            )
        figures, holds = EVIDENCE[story["id"]]
        held = bool(holds(case))
        for name, kind in figures:
            rows.append(
                {
                    "id": story["id"],
                    "story": tr(story["vi"], story["en"]),
                    "figure": tr(*_WORDS[name]),
                    "answer": _written(_value(case, name), kind),
                    "holds": held,
                }
            )
    table = pd.DataFrame(rows).set_index(["id", "story", "figure"])
    table.attrs = {"report": "story_evidence"}
    return table


def seed_plan(case_name: str, groups: int = 6, first_seed: int = 1, n: int | None = None):
    """One seed per group (``groups`` of them from ``first_seed``), with one figure of each
    story at that seed: the stories hold for every group, the numbers differ — a group that
    hands in another seed's numbers has copied. Rows: ``team`` 1…; columns: the figures."""
    from ..case import CASES, load

    if case_name not in CASES:
        raise PhanloaiError(
            f"Không có tình huống '{case_name}'. Chọn: {', '.join(CASES)}.",
            f"No case '{case_name}'. Choose: {', '.join(CASES)}.",
        )
    if not isinstance(groups, int) or not 1 <= groups <= 40:
        raise PhanloaiError(
            f"Số nhóm phải là số nguyên từ 1 đến 40, nhận được {groups!r}.",
            f"The number of groups must be a whole number from 1 to 40, got {groups!r}.",
        )
    rows = []
    for g in range(groups):
        seed = first_seed + g
        case = load(case_name, seed=seed, n=n)
        row = {"team": g + 1, "seed": seed}
        for story in case.stories:
            (name, kind), *_ = EVIDENCE[story["id"]][0]
            row[tr(*_WORDS[name])] = _written(_value(case, name), kind)
        row[tr("Mọi câu chuyện đều đúng", "Every story holds")] = (
            tr("Có", "Yes")
            if all(EVIDENCE[s["id"]][1](case) for s in case.stories)
            else tr("Không", "No")
        )
        rows.append(row)
    return pd.DataFrame(rows).set_index("team")
