"""The six customer levels, suspect → key account (article 004)."""

from __future__ import annotations

from .base import Column, Increasing, Level, Param, Rule, Scheme
from .registry import register

LADDER = register(
    Scheme(
        code="ladder",
        number=17,
        title_vi="Sáu cấp độ khách hàng",
        title_en="The six customer levels",
        purpose_vi="Xếp mỗi người từ người có thể mua (suspect) tới khách hàng lớn (key account) để biết cần đẩy ai lên bậc nào.",
        purpose_en="Place everyone from suspect to key account, to see whom to move up which step.",
        levels=(
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
        ),
        requires=(
            Column("n_orders", "count"),
            Column("total_spend", "money"),
            Column(
                "distance_km",
                "km",
                unknown_if_missing=False,
            ),
        ),
        params={
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
        increasing=(Increasing(("frequent_orders", "key_orders"), strict=False),),
        source=("004",),
        cases=("fashion", "spa"),
        staged=True,
    )
)
