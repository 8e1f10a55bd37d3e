"""Where a customer stands on the road: sales pipeline (article 000), the three levels of customer
service, and the 4A / 5A customer journeys (article 003)."""

from __future__ import annotations

from .base import Column, Increasing, Level, MapScheme, Param, Rule, Scheme, synonyms
from .registry import register

# -- 1. relationship: the sales pipeline (000) -----------------------------------------------------
_RELATIONSHIP_LEVELS = (
    Level(
        "new_lead",
        "Mới có thông tin",
        "New lead",
        "Vừa có tên và số điện thoại, chưa ai gọi",
        "Name and phone just came in; nobody has called yet",
        "Gọi lần đầu trong 24 giờ khi khách còn nhớ quảng cáo",
        "Make the first call within 24 hours, while the ad is still fresh",
    ),
    Level(
        "contacted",
        "Đã liên hệ",
        "Contacted",
        "Sale đã gọi / nhắn được, chưa đi vào nhu cầu cụ thể",
        "Sales has reached them, but not yet talked about a concrete need",
        "Hỏi rõ nhu cầu, hẹn thời điểm tư vấn",
        "Ask about the need and set a time for a consultation",
    ),
    Level(
        "consulting",
        "Đang tư vấn",
        "Consulting",
        "Đang trao đổi về nhu cầu và gói dịch vụ phù hợp",
        "Discussing the need and which package fits",
        "Gửi ví dụ trước–sau, bảng giá; đề nghị một lịch hẹn",
        "Send before-and-after examples and prices; propose an appointment",
    ),
    Level(
        "quoted",
        "Đã báo giá / hẹn",
        "Quoted / booked",
        "Đã nhận báo giá hoặc đã đặt lịch hẹn",
        "Has a quote in hand or an appointment booked",
        "Nhắc lịch một ngày trước, chuẩn bị ưu đãi chốt tại chỗ",
        "Remind them the day before; have a closing offer ready",
    ),
    Level(
        "won",
        "Đã mua",
        "Won",
        "Đã mua / đã dùng dịch vụ",
        "Has bought / used the service",
        "Chăm sóc sau dịch vụ, mời đánh giá và quay lại",
        "Follow up after the visit, ask for a review and a return visit",
    ),
    Level(
        "lost",
        "Không mua",
        "Lost",
        "Đã được chăm sóc nhưng quyết định không mua",
        "Was followed up but decided not to buy",
        "Ghi lý do; sau 2–3 tháng gửi ưu đãi mới để thử lại",
        "Record the reason; try again with a new offer after 2–3 months",
    ),
)

RELATIONSHIP = register(
    MapScheme(
        code="relationship",
        title_vi="Phân loại theo mối quan hệ (phễu bán hàng)",
        title_en="By relationship (sales pipeline)",
        purpose_vi="Biết mỗi khách đang ở bước nào từ lúc có thông tin tới lúc mua, để sale tập trung đúng người và quản lý đo được hiệu quả nguồn lead.",
        purpose_en="See which step each contact has reached from first contact to sale, so sales chases the right people and managers can measure lead quality.",
        levels=_RELATIONSHIP_LEVELS,
        requires=(Column("stage", "category"),),
        column="stage",
        mapping=synonyms(
            _RELATIONSHIP_LEVELS,
            {
                "new_lead": ("Mới", "Lead mới", "Khách mới", "Mới có số", "New", "Lead"),
                "contacted": ("Đã gọi", "Đã liên lạc", "Đã kết nối", "Đã nhắn tin", "Reached"),
                "consulting": (
                    "Tư vấn",
                    "Đang chăm sóc",
                    "Đang trao đổi",
                    "In consultation",
                    "Qualified",
                ),
                "quoted": (
                    "Đã hẹn lịch",
                    "Đã hẹn",
                    "Hẹn lịch",
                    "Đặt lịch",
                    "Đã đặt lịch",
                    "Đã báo giá",
                    "Báo giá",
                    "Đã gửi báo giá",
                    "Quoted",
                    "Booked",
                    "Quote sent",
                    "Appointment booked",
                ),
                "won": (
                    "Đã chốt",
                    "Chốt đơn",
                    "Thành công",
                    "Đã mua hàng",
                    "Đã sử dụng dịch vụ",
                    "Closed won",
                    "Customer",
                ),
                "lost": ("Thất bại", "Từ chối", "Không có nhu cầu", "Đã hủy", "Closed lost"),
            },
        ),
        fallback=None,  # an unrecognised stage is not guessed: it goes to "Không xác định"
        source=("000",),
        cases=("spa",),
        staged=True,
        number=1,
        exits=("lost",),
    )
)


# -- 2. service_level: the three levels of customer service (003) ----------------------------------
_N_ORDERS = Column("n_orders", "count")

SERVICE_LEVEL = register(
    Scheme(
        code="service_level",
        title_vi="Ba cấp độ dịch vụ khách hàng",
        title_en="The three levels of customer service",
        purpose_vi="Chia khách đã mua thành giao dịch lần đầu · mua lặp lại · trung thành để mỗi cấp có cách phục vụ riêng, và tách riêng người chưa mua.",
        purpose_en="Split buyers into first-time · repeat · loyal so each level gets its own kind of service, with those who have not bought kept apart.",
        levels=(
            Level(
                "none",
                "Chưa giao dịch",
                "No purchase yet",
                "Có trong danh sách nhưng chưa mua lần nào",
                "On the list but has never bought",
                "Chuyển cho sale chăm sóc lead; chưa áp dụng chế độ dịch vụ khách hàng",
                "Hand to sales for lead follow-up; no service tier yet",
            ),
            Level(
                "first",
                "Giao dịch lần đầu",
                "First-time",
                "Mới mua lần đầu, còn đang làm quen với dịch vụ",
                "Has just bought for the first time and is still getting to know us",
                "Hỏi thăm sau mua, hướng dẫn sử dụng, tặng ưu đãi cho lần mua thứ hai",
                "Check in after the sale, explain how to get the most from it, give a second-purchase offer",
            ),
            Level(
                "repeat",
                "Mua lặp lại",
                "Repeat",
                "Đã quay lại mua, nhưng chưa thành khách quen",
                "Has come back, but is not yet a regular",
                "Ghi nhớ sở thích, gợi ý dịch vụ kèm theo, mời vào chương trình thành viên",
                "Remember their preferences, suggest add-ons, invite them to the loyalty programme",
            ),
            Level(
                "loyal",
                "Trung thành",
                "Loyal",
                "Mua nhiều lần (mặc định từ 4 đơn), đã gắn bó với doanh nghiệp — chặt hơn 'Khách hàng "
                "trung thành' của phân loại theo hành vi mua (bài 002: từ 1 đơn)",
                "Buys again and again (by default from 4 orders); attached to the business — "
                "stricter than purchase_behavior's 'Loyal' (article 002: from 1 order)",
                "Người phụ trách riêng, ưu tiên lịch hẹn, mời giới thiệu bạn bè",
                "A dedicated contact person, priority booking, ask for referrals",
            ),
        ),
        requires=(_N_ORDERS,),
        params={
            "repeat_orders": Param(
                "repeat_orders",
                2,
                "Số đơn để tính là mua lặp lại",
                "Orders to count as a repeat customer",
                2,
                10,
                1,
                kind="integer",
            ),
            "loyal_orders": Param(
                "loyal_orders",
                4,
                "Số đơn để tính là khách trung thành",
                "Orders to count as a loyal customer",
                3,
                30,
                1,
                kind="integer",
            ),
        },
        increasing=(Increasing(("repeat_orders", "loyal_orders")),),
        rules=(
            Rule(
                "loyal",
                lambda t, p: t["n_orders"] >= p["loyal_orders"],
                "{n_orders} đơn ≥ {p_loyal_orders}",
                "{n_orders} orders ≥ {p_loyal_orders}",
            ),
            Rule(
                "repeat",
                lambda t, p: t["n_orders"] >= p["repeat_orders"],
                "{n_orders} đơn ≥ {p_repeat_orders} (chưa tới {p_loyal_orders} đơn)",
                "{n_orders} orders ≥ {p_repeat_orders} (fewer than {p_loyal_orders})",
            ),
            Rule(
                "first",
                lambda t, p: t["n_orders"] >= 1,
                "{n_orders} đơn: đã mua, dưới {p_repeat_orders} đơn",
                "{n_orders} order(s): has bought, fewer than {p_repeat_orders}",
            ),
            Rule(
                "none",
                None,
                "{n_orders} đơn: chưa mua lần nào",
                "{n_orders} orders: has never bought",
            ),
        ),
        source=("003",),
        cases=("spa", "fashion", "bolts"),
        staged=True,
        number=14,
    )
)


# -- 3. journey_4a: Aware · Attitude · Act · Act again (003) ---------------------------------------
_APPEAL = Column(
    "appeal_events",
    "count",
)
_ASK = Column(
    "ask_events",
    "count",
)

JOURNEY_4A = register(
    Scheme(
        code="journey_4a",
        number=15,
        title_vi="Hành trình khách hàng 4A",
        title_en="The 4A customer journey",
        purpose_vi="Xem mỗi khách đã đi tới đâu trên hành trình nhận biết → thái độ → hành động → hành động lại, để biết điểm tiếp xúc nào cần đẩy.",
        purpose_en="See how far each customer has come on aware → attitude → act → act again, and which touchpoint needs a push.",
        levels=(
            Level(
                "aware",
                "Nhận biết (Aware)",
                "Aware",
                "Đã biết đến thương hiệu nhưng chưa tỏ ra quan tâm",
                "Knows the brand but has shown no interest yet",
                "Nhắc lại thương hiệu bằng nội dung hữu ích, quảng cáo nhắc lại",
                "Keep the brand in view with useful content and retargeting ads",
            ),
            Level(
                "attitude",
                "Thái độ (Attitude)",
                "Attitude",
                "Đã tỏ thái độ quan tâm (xem, hỏi) nhưng chưa mua",
                "Has shown interest (viewed, asked) but not bought",
                "Trả lời nhanh, đưa bằng chứng (đánh giá, hình ảnh thật), ưu đãi dùng thử",
                "Answer fast, show proof (reviews, real photos), offer a trial",
            ),
            Level(
                "act",
                "Hành động (Act)",
                "Act",
                "Đã mua, chưa quay lại mua lần nữa",
                "Has bought, but not come back yet",
                "Hỏi thăm trải nghiệm, xử lý ngay điều chưa hài lòng, mời mua lần hai",
                "Ask about the experience, fix any complaint at once, invite a second purchase",
            ),
            Level(
                "act_again",
                "Hành động lặp lại (Act again)",
                "Act again",
                "Đã quay lại mua nhiều lần",
                "Has come back to buy again",
                "Chương trình thành viên, ưu đãi theo lịch sử mua, mời giới thiệu bạn",
                "Membership perks, offers based on purchase history, ask for referrals",
            ),
        ),
        requires=(_APPEAL, _ASK, _N_ORDERS),
        params={
            "min_interest": Param(
                "min_interest",
                1,
                "Số lượt quan tâm + hỏi tối thiểu để tính là có thái độ",
                "Appeal + ask events needed to count as an attitude",
                1,
                50,
                1,
                kind="integer",
            ),
            "act_again_orders": Param(
                "act_again_orders",
                2,
                "Số đơn để tính là hành động lại",
                "Orders to count as acting again",
                2,
                10,
                1,
                kind="integer",
            ),
        },
        rules=(
            Rule(
                "act_again",
                lambda t, p: t["n_orders"] >= p["act_again_orders"],
                "{n_orders} đơn ≥ {p_act_again_orders}",
                "{n_orders} orders ≥ {p_act_again_orders}",
            ),
            Rule(
                "act",
                lambda t, p: t["n_orders"] >= 1,
                "{n_orders} đơn: đã mua, dưới {p_act_again_orders} đơn",
                "{n_orders} order(s): has bought, fewer than {p_act_again_orders}",
            ),
            Rule(
                "attitude",
                lambda t, p: t["appeal_events"] + t["ask_events"] >= p["min_interest"],
                "chưa mua; {appeal_events} lượt quan tâm + {ask_events} lượt hỏi ≥ {p_min_interest}",
                "no order; {appeal_events} appeal + {ask_events} ask events ≥ {p_min_interest}",
            ),
            Rule(
                "aware",
                None,
                "chưa mua; {appeal_events} lượt quan tâm + {ask_events} lượt hỏi < {p_min_interest}",
                "no order; {appeal_events} appeal + {ask_events} ask events < {p_min_interest}",
            ),
        ),
        source=("003",),
        cases=("spa", "fashion"),
        staged=True,
    )
)


# -- 4. journey_5a: Aware · Appeal · Ask · Act · Advocate (003) ------------------------------------
JOURNEY_5A = register(
    Scheme(
        code="journey_5a",
        number=16,
        title_vi="Hành trình khách hàng 5A",
        title_en="The 5A customer journey",
        purpose_vi="Xếp mỗi khách theo bước cao nhất đã tới: nhận biết → thu hút → tìm hiểu → hành động → ủng hộ, để thấy khách rơi rụng ở bước nào.",
        purpose_en="Place each customer at the highest step reached: aware → appeal → ask → act → advocate, to see where customers drop out.",
        levels=(
            Level(
                "aware",
                "Nhận biết (Aware)",
                "Aware",
                "Đã biết đến thương hiệu, chưa có dấu hiệu quan tâm",
                "Knows the brand, no sign of interest yet",
                "Nội dung gây chú ý, quảng cáo nhắc lại tới nhóm này",
                "Attention-grabbing content and retargeting ads",
            ),
            Level(
                "appeal",
                "Thu hút (Appeal)",
                "Appeal",
                "Đã xem giá / theo dõi trang / xem sản phẩm nhưng chưa hỏi",
                "Viewed prices, followed the page or viewed products, but has not asked",
                "Mời nhắn tin tư vấn miễn phí, gửi bảng giá kèm ưu đãi có hạn",
                "Invite them to message for free advice; send prices with a time-limited offer",
            ),
            Level(
                "ask",
                "Tìm hiểu (Ask)",
                "Ask",
                "Đã hỏi / nhắn tin / thêm giỏ nhưng chưa mua",
                "Asked, messaged or added to cart, but has not bought",
                "Sale gọi lại trong ngày, giải đáp thắc mắc, đề nghị lịch hẹn / chốt đơn",
                "Sales calls back the same day, answers questions, proposes a booking or closes",
            ),
            Level(
                "act",
                "Hành động (Act)",
                "Act",
                "Đã mua hoặc đã dùng dịch vụ",
                "Has bought or used the service",
                "Chăm sóc sau mua thật tốt, xin đánh giá, mời quay lại",
                "Excellent after-sales care; ask for a review and a return visit",
            ),
            Level(
                "advocate",
                "Ủng hộ (Advocate)",
                "Advocate",
                "Đã đánh giá tốt hoặc giới thiệu bạn bè",
                "Has left a good review or referred a friend",
                "Cảm ơn, tặng quà giới thiệu, mời làm khách hàng đại sứ",
                "Say thank you, give a referral reward, invite them to be an ambassador",
            ),
        ),
        requires=(
            _APPEAL,
            _ASK,
            _N_ORDERS,
            Column("act_events", "count"),
            Column(
                "advocate_events",
                "count",
            ),
        ),
        params={
            "min_appeal": Param(
                "min_appeal",
                1,
                "Số lượt quan tâm tối thiểu (Appeal)",
                "Appeal events needed",
                1,
                50,
                1,
                kind="integer",
            ),
            "min_ask": Param(
                "min_ask",
                1,
                "Số lượt hỏi tối thiểu (Ask)",
                "Ask events needed",
                1,
                20,
                1,
                kind="integer",
            ),
            "min_advocate": Param(
                "min_advocate",
                1,
                "Số lượt ủng hộ tối thiểu (Advocate)",
                "Advocacy events needed",
                1,
                10,
                1,
                kind="integer",
            ),
        },
        rules=(
            Rule(
                "advocate",
                lambda t, p: t["advocate_events"] >= p["min_advocate"],
                "{advocate_events} lượt ủng hộ ≥ {p_min_advocate}",
                "{advocate_events} advocacy events ≥ {p_min_advocate}",
            ),
            Rule(
                "act",
                lambda t, p: (t["n_orders"] >= 1) | (t["act_events"] >= 1),
                "{n_orders} đơn, {act_events} lượt mua / sử dụng: đã hành động",
                "{n_orders} orders, {act_events} buy / use events: has acted",
            ),
            Rule(
                "ask",
                lambda t, p: t["ask_events"] >= p["min_ask"],
                "chưa mua; {ask_events} lượt hỏi ≥ {p_min_ask}",
                "no purchase; {ask_events} ask events ≥ {p_min_ask}",
            ),
            Rule(
                "appeal",
                lambda t, p: t["appeal_events"] >= p["min_appeal"],
                "chưa mua, {ask_events} lượt hỏi < {p_min_ask}; {appeal_events} lượt quan tâm ≥ {p_min_appeal}",
                "no purchase, {ask_events} ask events < {p_min_ask}; {appeal_events} appeal events ≥ {p_min_appeal}",
            ),
            Rule(
                "aware",
                None,
                "chưa mua, {ask_events} lượt hỏi < {p_min_ask}, {appeal_events} lượt quan tâm < {p_min_appeal}",
                "no purchase, {ask_events} ask events < {p_min_ask}, {appeal_events} appeal events < {p_min_appeal}",
            ),
        ),
        source=("003",),
        cases=("spa", "fashion"),
        staged=True,
    )
)
