"""The six customer levels, suspect → key account (article 004).

With ``persona="fits"`` the article's narrowing can be followed: a non-buyer who does not fit the
persona (by default women aged 30–40, the fashion shop's) is "outside", so the suspects are the
people who fit it and live beyond the radius, and the prospects those who fit it within it —
every prospect is a suspect first (the funnel counts each level and all above it)."""

from __future__ import annotations

from .base import Column, Increasing, Level, Param, Rule, Scheme, lower_text
from .registry import register

#: how the data writes each gender the persona can name
_GENDERS = {"female": ("nữ", "nu", "female", "f", "woman"), "male": ("nam", "male", "m", "man")}


def _outside(t, p):
    """Non-buyers who do not fit the persona (never anyone when the persona is 'all'); a
    missing gender or age does not fit. Comparisons and ``isin`` only: it reads the same on a
    pandas table and in a database (:mod:`phanloai.sql`)."""
    if p["persona"] != "fits":
        return False
    fits = (t["age"] >= p["persona_age_min"]) & (t["age"] <= p["persona_age_max"])
    if p["persona_gender"] != "any":
        fits = fits & lower_text(t["gender"]).isin(_GENDERS[p["persona_gender"]])
    return ~fits


LADDER_LEVELS = (
    Level(
        "outside",
        "Ngoài chân dung khách hàng",
        "Outside the persona",
        "Chưa mua và không hợp chân dung khách hàng đã chọn (chỉ khi bật chân dung)",
        "Has not bought and does not fit the chosen persona (only with a persona set)",
        "Không tốn chi phí bán hàng; chỉ theo dõi nếu chân dung thay đổi",
        "Spend no sales effort; watch only if the persona changes",
    ),
    Level(
        "suspect",
        "Người có thể mua (Suspect)",
        "Suspect",
        "Hợp chân dung khách hàng nhưng ở ngoài vùng ta phục vụ được",
        "Fits the persona but lives outside the area we can serve",
        "Xây nhận biết thương hiệu; chưa tốn chi phí bán hàng",
        "Build awareness; spend no sales effort yet",
    ),
    Level(
        "prospect",
        "Khách tiềm năng (Prospect)",
        "Prospect",
        "Chưa mua nhưng ở trong bán kính ta giao hàng / phục vụ được",
        "Has not bought but lives within the radius we serve",
        "Tung sản phẩm dẫn, ưu đãi mua lần đầu",
        "Offer a lead product and a first-purchase deal",
    ),
    Level(
        "first_buy",
        "Mua lần đầu (1st buy)",
        "1st buy",
        "Đã mua đúng một lần",
        "Bought exactly once",
        "Chăm sóc sau mua, mời mua lần hai",
        "Follow up after the sale, invite a second purchase",
    ),
    Level(
        "rebuy",
        "Mua lại (Rebuy)",
        "Rebuy",
        "Đã mua lại, nhưng chưa thường xuyên",
        "Came back, but not yet often",
        "Thẻ thành viên, khuyến mãi theo mùa",
        "Loyalty card, seasonal promotions",
    ),
    Level(
        "frequent",
        "Mua thường xuyên (Frequency buyer)",
        "Frequency buyer",
        "Mua nhiều lần, đã thành thói quen",
        "Buys often; the brand is a habit",
        "Ưu đãi hạng thành viên, giới thiệu sản phẩm mới sớm",
        "Member tiers, early access to new products",
    ),
    Level(
        "key",
        "Khách hàng lớn (Key account)",
        "Key account",
        "Mua thường xuyên và giá trị lớn",
        "Buys often and spends a lot",
        "Chăm sóc riêng 1–1, quà tri ân, mời làm khách VIP",
        "Personal 1-to-1 care, thank-you gifts, VIP invitations",
    ),
)

LADDER = register(
    Scheme(
        code="ladder",
        number=17,
        title_vi="Sáu cấp độ khách hàng",
        title_en="The six customer levels",
        purpose_vi="Xếp mỗi người từ người có thể mua (suspect) tới khách hàng lớn (key account) để biết cần đẩy ai lên bậc nào.",
        purpose_en="Place everyone from suspect to key account, to see whom to move up which step.",
        levels=LADDER_LEVELS,
        requires=(
            Column("n_orders", "count"),
            Column("total_spend", "money"),
            Column(
                "distance_km",
                "km",
                unknown_if_missing=False,
            ),
            # read only with a persona set (article 004: "women aged 30–40")
            Column("gender", "category", unknown_if_missing=False, only_when=("persona", "fits")),
            Column("age", "number", unknown_if_missing=False, only_when=("persona", "fits")),
        ),
        params={
            "persona": Param(
                "persona",
                "all",
                "Chân dung khách hàng: mọi người ('all') hay chỉ người hợp chân dung ('fits')",
                "The persona: everyone ('all') or only those who fit it ('fits')",
                choices=("all", "fits"),
                kind="choice",
                choice_labels={
                    "all": ("Mọi người", "Everyone"),
                    "fits": ("Chỉ người hợp chân dung", "Only those who fit the persona"),
                },
            ),
            "persona_gender": Param(
                "persona_gender",
                "female",
                "Giới tính của chân dung",
                "The persona's gender",
                choices=("any", "female", "male"),
                kind="choice",
                choice_labels={
                    "any": ("Cả hai", "Either"),
                    "female": ("Nữ", "Women"),
                    "male": ("Nam", "Men"),
                },
                only_when=("persona", "fits"),
            ),
            "persona_age_min": Param(
                "persona_age_min",
                30,
                "Tuổi nhỏ nhất của chân dung",
                "The persona's youngest age",
                15,
                80,
                1,
                kind="integer",
                only_when=("persona", "fits"),
            ),
            "persona_age_max": Param(
                "persona_age_max",
                40,
                "Tuổi lớn nhất của chân dung",
                "The persona's oldest age",
                15,
                80,
                1,
                kind="integer",
                only_when=("persona", "fits"),
            ),
            "radius_km": Param(
                "radius_km",
                10.0,
                "Bán kính phục vụ (km)",
                "Service radius (km)",
                1.0,
                100.0,
                1.0,
                kind="km",
            ),
            "frequent_orders": Param(
                "frequent_orders",
                4,
                "Số đơn để thành khách thường xuyên",
                "Orders to be a frequency buyer",
                3,
                20,
                1,
                kind="integer",
            ),
            "key_orders": Param(
                "key_orders",
                6,
                "Số đơn tối thiểu của khách lớn",
                "Minimum orders of a key account",
                3,
                50,
                1,
                kind="integer",
            ),
            "key_spend": Param(
                "key_spend",
                15_000_000,
                "Chi tiêu tối thiểu của khách lớn (đồng)",
                "Minimum spend of a key account (VND)",
                1_000_000,
                500_000_000,
                1_000_000,
                kind="money",
            ),
        },
        rules=(
            Rule(
                "key",
                lambda t, p: (
                    (t["n_orders"] >= p["key_orders"]) & (t["total_spend"] >= p["key_spend"])
                ),
                "{n_orders} đơn ≥ {p_key_orders} và {total_spend} ≥ {p_key_spend}",
                "{n_orders} orders ≥ {p_key_orders} and {total_spend} ≥ {p_key_spend}",
            ),
            Rule(  # orders enough for a key account, spend not
                "frequent",
                lambda t, p: t["n_orders"] >= p["key_orders"],
                "{n_orders} đơn ≥ {p_key_orders} nhưng chi tiêu {total_spend} < {p_key_spend}: chưa đủ chi tiêu của khách lớn",
                "{n_orders} orders ≥ {p_key_orders} but spend {total_spend} < {p_key_spend}: not enough spend for a key account",
            ),
            Rule(
                "frequent",
                lambda t, p: t["n_orders"] >= p["frequent_orders"],
                "{n_orders} đơn ≥ {p_frequent_orders} nhưng < {p_key_orders} đơn của khách lớn",
                "{n_orders} orders ≥ {p_frequent_orders} but fewer than a key account's {p_key_orders}",
            ),
            Rule(
                "rebuy",
                lambda t, p: t["n_orders"] >= 2,
                "{n_orders} đơn: đã mua lại, dưới {p_frequent_orders} đơn",
                "{n_orders} orders: came back, under {p_frequent_orders}",
            ),
            Rule("first_buy", lambda t, p: t["n_orders"] == 1, "đúng 1 đơn", "exactly 1 order"),
            Rule(
                "outside",
                lambda t, p: _outside(t, p),
                "chưa mua; {gender}, {age} tuổi: ngoài chân dung ({p_persona_gender}, "
                "{p_persona_age_min}–{p_persona_age_max} tuổi)",
                "no order; {gender}, aged {age}: outside the persona ({p_persona_gender}, "
                "{p_persona_age_min}–{p_persona_age_max})",
            ),
            Rule(
                "prospect",
                lambda t, p: t["distance_km"] <= p["radius_km"],
                "chưa mua, cách {distance_km} ≤ {p_radius_km}",
                "no order, {distance_km} away ≤ {p_radius_km}",
            ),
            Rule(
                "suspect",
                None,
                "chưa mua, cách {distance_km} (ngoài {p_radius_km} hoặc chưa rõ)",
                "no order, {distance_km} away (beyond {p_radius_km} or not known)",
            ),
        ),
        # a key account buys at least as often as a frequency buyer
        increasing=(
            Increasing(("frequent_orders", "key_orders"), strict=False),
            Increasing(
                ("persona_age_min", "persona_age_max"), strict=False, only_when=("persona", "fits")
            ),
        ),
        source=("004",),
        cases=("fashion", "spa"),
        staged=True,
        # "outside the persona" is a level only when a persona is set
        level_sets=lambda p: LADDER_LEVELS if p["persona"] == "fits" else LADDER_LEVELS[1:],
    )
)
