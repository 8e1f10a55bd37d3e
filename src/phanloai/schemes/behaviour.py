"""What customers did: web behaviour (article 001), bought or only asked, and contract status
(article 002)."""

from __future__ import annotations

from .base import Column, Level, Param, Rule, Scheme
from .registry import register

_N_ORDERS = Column("n_orders", "count")

# -- 1. behavioral: pages viewed → cart → purchase → repeat purchase (001) -------------------------
BEHAVIORAL = register(
    Scheme(
        code="behavioral",
        number=7,
        title_vi="Phân loại theo hành vi",
        title_en="Behavioural segmentation",
        purpose_vi="Chia khách theo việc họ đã làm: xem trang, thêm giỏ rồi bỏ, mua, mua lại — mỗi nhóm cần một thông điệp khác.",
        purpose_en="Group customers by what they did: viewed pages, left a cart, bought, bought again — each group needs a different message.",
        levels=(
            Level(
                "no_web",
                "Chưa tương tác web",
                "No web activity",
                "Chưa xem trang nào trên website và chưa mua",
                "Has not viewed any page of the web shop and has not bought",
                "Kéo lên website bằng tin nhắn Zalo / mạng xã hội kèm mã giảm giá",
                "Bring them to the web shop with a Zalo / social-media message and a discount code",
            ),
            Level(
                "browser",
                "Chỉ xem",
                "Browser",
                "Có xem trang nhưng chưa thêm gì vào giỏ",
                "Viewed pages but never added anything to the cart",
                "Quảng cáo nhắc lại đúng sản phẩm đã xem, gợi ý món bán chạy",
                "Retarget with the products they viewed; suggest best sellers",
            ),
            Level(
                "cart_abandoner",
                "Bỏ giỏ hàng",
                "Cart abandoner",
                "Đã thêm vào giỏ nhưng bỏ đi, chưa mua lần nào",
                "Added to the cart and left without ever buying",
                "Nhắc giỏ hàng trong 24 giờ, miễn phí giao hàng hoặc giảm giá nhỏ",
                "Send a cart reminder within 24 hours with free delivery or a small discount",
            ),
            Level(
                "buyer",
                "Đã mua",
                "Buyer",
                "Đã mua (ở cửa hàng hoặc trực tuyến) nhưng chưa quay lại",
                "Has bought (in the shop or online) but not come back yet",
                "Cảm ơn sau mua, gợi ý món phối cùng, ưu đãi cho đơn thứ hai",
                "Thank them, suggest matching items, give a second-order offer",
            ),
            Level(
                "repeat_buyer",
                "Mua nhiều lần",
                "Repeat buyer",
                "Đã mua nhiều lần",
                "Has bought several times",
                "Mời làm thành viên, báo sớm hàng mới, ưu đãi sinh nhật",
                "Offer membership, early news of new arrivals, a birthday offer",
            ),
        ),
        requires=(
            Column("page_views", "count"),
            Column("cart_adds", "count"),
            Column("abandoned_carts", "count"),
            _N_ORDERS,
        ),
        params={
            "repeat_orders": Param(
                "repeat_orders",
                2,
                "Số đơn để tính là mua lại",
                "Orders to count as a repeat buyer",
                2,
                10,
                1,
                kind="integer",
            ),
        },
        rules=(
            Rule(
                "repeat_buyer",
                lambda t, p: t["n_orders"] >= p["repeat_orders"],
                "{n_orders} đơn ≥ {p_repeat_orders}",
                "{n_orders} orders ≥ {p_repeat_orders}",
            ),
            Rule(
                "buyer",
                lambda t, p: t["n_orders"] >= 1,
                "{n_orders} đơn: đã mua, dưới {p_repeat_orders} đơn",
                "{n_orders} order(s): has bought, fewer than {p_repeat_orders}",
            ),
            Rule(
                "cart_abandoner",
                lambda t, p: (t["cart_adds"] >= 1) | (t["abandoned_carts"] >= 1),
                "chưa mua; {cart_adds} lần thêm giỏ, {abandoned_carts} giỏ bỏ dở",
                "no order; {cart_adds} cart adds, {abandoned_carts} abandoned carts",
            ),
            Rule(
                "browser",
                lambda t, p: t["page_views"] >= 1,
                "chưa mua, chưa thêm giỏ; đã xem {page_views} trang",
                "no order, nothing in the cart; viewed {page_views} pages",
            ),
            Rule(
                "no_web",
                None,
                "chưa mua; {page_views} trang đã xem, {cart_adds} lần thêm giỏ",
                "no order; {page_views} pages viewed, {cart_adds} cart adds",
            ),
        ),
        source=("001",),
        cases=("fashion",),
        # not a road: a buyer may never have opened the website (bought in the shop), so
        # "at or beyond browsing" would count people who never browsed; funnels refuse it
        staged=False,
    )
)


# -- 2. purchase_behavior: only asked, or bought (002) ---------------------------------------------
PURCHASE_BEHAVIOR = register(
    Scheme(
        code="purchase_behavior",
        number=12,
        title_vi="Phân loại theo hành vi mua hàng",
        title_en="By purchase behaviour",
        purpose_vi="Tách người mới hỏi mua (cần chuyển đổi) khỏi người đã mua (cần giữ chân và nhờ giới thiệu).",
        purpose_en="Separate those who only asked (to convert) from those who bought (to keep and ask for referrals).",
        levels=(
            Level(
                "lead",
                "Khách hàng tiềm năng",
                "Lead",
                "Đã hỏi mua / quan tâm nhưng chưa mua (hoặc chưa mua đủ số đơn để tính là trung thành)",
                "Asked or showed interest but has not bought (or not yet bought enough orders to count as loyal)",
                "Gọi lại, gửi báo giá cập nhật, mời dùng thử / đơn thử nhỏ để chuyển đổi",
                "Call back, send an updated quote, offer a trial or a small first order to convert",
            ),
            Level(
                "loyal",
                "Khách hàng trung thành",
                "Loyal",
                "Đã mua và dùng sản phẩm (mặc định từ 1 đơn: bài 002 gọi người đã mua là khách trung "
                "thành — nhẹ hơn 'Trung thành' của cấp độ dịch vụ, từ 4 đơn); có thể mua lại và giới "
                "thiệu khách mới",
                "Has bought and used the product (by default from 1 order: article 002 calls every "
                "buyer loyal — a lighter meaning than service_level's 'Loyal', from 4 orders); may "
                "buy again and refer new customers",
                "Giữ chất lượng và tiến độ giao hàng, ưu đãi mua lại, nhờ giới thiệu khách mới",
                "Keep quality and delivery on time, reward repeat orders, ask for referrals",
            ),
        ),
        requires=(_N_ORDERS,),
        params={
            "min_orders": Param(
                "min_orders",
                1,
                "Số đơn tối thiểu để tính là khách trung thành",
                "Orders needed to count as loyal",
                1,
                20,
                1,
                kind="integer",
            ),
        },
        rules=(
            Rule(
                "loyal",
                lambda t, p: t["n_orders"] >= p["min_orders"],
                "{n_orders} đơn ≥ {p_min_orders}",
                "{n_orders} orders ≥ {p_min_orders}",
            ),
            Rule(
                "lead",
                None,
                "{n_orders} đơn < {p_min_orders}",
                "{n_orders} order(s) < {p_min_orders}",
            ),
        ),
        source=("002",),
        cases=("bolts", "spa", "fashion"),
        staged=True,
    )
)


# -- 3. contract_status: signed or not (002) -------------------------------------------------------
def _signed(t, p):
    return t["contract_signed"].fillna(False)


CONTRACT_STATUS = register(
    Scheme(
        code="contract_status",
        number=11,
        title_vi="Phân loại theo tình trạng hợp đồng",
        title_en="By contract status",
        purpose_vi="Tách doanh nghiệp đã ký hợp đồng (phục vụ, giữ chân) khỏi doanh nghiệp mới quan tâm (tập trung chuyển đổi).",
        purpose_en="Separate firms under contract (serve and keep) from firms that are only interested (focus on converting).",
        levels=(
            Level(
                "signed",
                "Đã ký hợp đồng",
                "Contract signed",
                "Đã mua và có hợp đồng rõ ràng",
                "Has bought under a clear, signed contract",
                "Giao đúng hạn, theo dõi tiến độ hợp đồng, chuẩn bị gia hạn / ký tiếp",
                "Deliver on time, track the contract, prepare the renewal or the next contract",
            ),
            Level(
                "not_signed",
                "Chưa ký",
                "Not signed",
                "Đã quan tâm, hỏi giá nhưng chưa có giao dịch chính thức",
                "Interested and asked for prices, but no formal deal yet",
                "Tập trung chuyển đổi: gặp trực tiếp, báo giá theo số lượng, điều khoản thanh toán linh hoạt",
                "Focus on converting: meet in person, quote by volume, offer flexible payment terms",
            ),
        ),
        requires=(Column("contract_signed", "bool"),),
        rules=(
            Rule(
                "signed",
                _signed,
                "đã ký hợp đồng: {contract_signed}",
                "contract signed: {contract_signed}",
            ),
            Rule(
                "not_signed",
                None,
                "đã ký hợp đồng: {contract_signed}",
                "contract signed: {contract_signed}",
            ),
        ),
        source=("002",),
        cases=("bolts",),
    )
)
