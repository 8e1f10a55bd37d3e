"""Business customers (B2B): customer group by industry or shared need (articles 000, 002), and the
three ways article 002 splits the 10,000 firms that asked for bolts — company size, product need
(international standard vs custom-made) and after-sales support need."""

from __future__ import annotations

from .base import (
    Column,
    Guard,
    Level,
    MapScheme,
    Param,
    Rule,
    Scheme,
    negative_in,
    scheme_part,
    switch_scheme,
    synonyms,
)
from .registry import register

# ================================================================================================
# 1. group — customers sharing an industry or a need (000, 002)
# ================================================================================================
_OTHER_GROUP = Level(
    "other",
    "Nhóm khác",
    "Other group",
    "Ngành / nhu cầu không thuộc các nhóm trên hoặc ghi chưa rõ",
    "An industry or need outside the groups above, or recorded unclearly",
    "Hỏi rõ ngành và mục đích sử dụng ở lần gọi tới, cập nhật CRM để xếp đúng nhóm",
    "Ask about the industry and use on the next call; update the CRM so the customer lands in the right group",
)

_INDUSTRY_LEVELS = (
    Level(
        "construction",
        "Xây dựng",
        "Construction",
        "Nhà thầu, công ty kết cấu thép: cần bu lông số lượng lớn theo tiến độ công trình",
        "Contractors and steel-structure firms: large volumes of bolts on the project's schedule",
        "Báo giá theo dự án, giao tận chân công trình đúng tiến độ; khách miền Nam đông thì tính tới kho phía Nam",
        "Quote per project and deliver to the site on schedule; where southern firms cluster, plan a southern warehouse",
    ),
    Level(
        "oil_gas",
        "Dầu khí & hóa chất",
        "Oil, gas & chemicals",
        "Nhà máy dầu khí, hóa chất: cần bu lông tiêu chuẩn cao, chịu nhiệt, chống ăn mòn",
        "Oil, gas and chemical plants: high-standard bolts that resist heat and corrosion",
        "Chào hàng đạt ASTM / ISO kèm chứng chỉ xuất xứ và chất lượng (CO, CQ); kỹ sư hỗ trợ hồ sơ thầu",
        "Offer ASTM / ISO goods with certificates of origin and quality (CO, CQ); an engineer supports tender files",
    ),
    Level(
        "machinery",
        "Cơ khí chế tạo",
        "Machinery & fabrication",
        "Nhà máy cơ khí, chế tạo máy: cần bu lông độ bền cao, inox, nhiều loại đặt riêng",
        "Machine builders and fabricators: high-strength and stainless bolts, many made to order",
        "Nhận bản vẽ và đơn nhỏ linh hoạt, báo rõ thời gian gia công; giữ sẵn mã inox và cường độ cao",
        "Accept drawings and small orders, state machining lead times; keep stainless and high-strength sizes in stock",
    ),
    Level(
        "power",
        "Điện & năng lượng",
        "Power & energy",
        "Nhà máy điện, công trình điện gió, điện mặt trời, lưới điện",
        "Power plants, wind and solar projects, the grid",
        "Bu lông neo móng, mạ kẽm nhúng nóng cho trụ và khung; bám theo dự án và các nhà thầu EPC",
        "Anchor bolts and hot-dip galvanised bolts for towers and frames; follow projects and their EPC contractors",
    ),
    _OTHER_GROUP,
)

_INDUSTRY = scheme_part(
    MapScheme,
    title_vi="Theo ngành nghề",
    title_en="By industry",
    levels=_INDUSTRY_LEVELS,
    requires=(Column("industry", "category"),),
    column="industry",
    mapping=synonyms(
        _INDUSTRY_LEVELS,
        {
            "construction": (
                "Công nghiệp xây dựng",
                "Kết cấu thép",
                "Xây dựng & kết cấu thép",
                "Nhà thầu xây dựng",
                "Xây lắp",
                "Steel structure",
                "Construction & steel structure",
            ),
            "oil_gas": (
                "Dầu khí",
                "Hóa chất",
                "Dầu khí và hóa chất",
                "Công nghiệp dầu khí và hóa chất",
                "Lọc hóa dầu",
                "Oil & gas",
                "Oil and gas",
                "Chemicals",
                "Oil, gas and chemicals",
                "Petrochemicals",
            ),
            "machinery": (
                "Cơ khí",
                "Chế tạo máy",
                "Cơ khí & chế tạo máy",
                "Cơ khí và chế tạo máy",
                "Công nghiệp cơ khí và chế tạo máy",
                "Cơ khí chế tạo máy",
                "Machinery",
                "Mechanical engineering",
                "Fabrication",
                "Manufacturing",
            ),
            "power": (
                "Điện",
                "Năng lượng",
                "Điện và năng lượng",
                "Công nghiệp điện và năng lượng",
                "Điện lực",
                "Năng lượng tái tạo",
                "Điện gió",
                "Điện mặt trời",
                "Energy",
                "Power",
                "Renewable energy",
                "Power and energy",
            ),
            "other": ("Khác", "Other"),
        },
    ),
    fallback="other",
)

_SERVICE_LEVELS = (
    Level(
        "skin",
        "Chăm sóc da",
        "Skin care",
        "Khách quan tâm chăm sóc da mặt, trị mụn, trẻ hóa",
        "Interested in facials, acne treatment, rejuvenation",
        "Bán liệu trình 5–10 buổi theo tình trạng da, nhắc lịch mỗi 2–4 tuần, bán kèm mỹ phẩm dùng tại nhà",
        "Sell 5–10-session courses fitted to the skin, remind every 2–4 weeks, add home-care products",
    ),
    Level(
        "massage",
        "Massage & thư giãn",
        "Massage & relaxation",
        "Khách tìm thư giãn, giảm căng thẳng, đau mỏi",
        "Looking to relax and ease stress or aches",
        "Thẻ nhiều buổi, ưu đãi giờ vắng (trưa ngày thường), gói đi đôi",
        "Multi-visit cards, off-peak offers (weekday lunchtimes), packages for two",
    ),
    Level(
        "nail",
        "Nail",
        "Nails",
        "Khách làm móng, thường quay lại sau 3–4 tuần",
        "Nail customers, who usually return every 3–4 weeks",
        "Nhắc lịch qua Zalo đúng chu kỳ, mẫu theo mùa và dịp lễ, tích điểm mỗi lần làm",
        "Remind on Zalo when due, seasonal and holiday designs, points on every visit",
    ),
    Level(
        "brow_lip",
        "Phun xăm thẩm mỹ",
        "Cosmetic tattooing",
        "Khách phun mày, môi: giá trị cao, cân nhắc lâu",
        "Brow and lip tattooing: high value, decided slowly",
        "Tư vấn kỹ với ảnh trước – sau, chính sách dặm lại miễn phí, hẹn tái khám",
        "Advise in depth with before-and-after photos, offer free touch-ups, book a check-up",
    ),
    Level(
        "hair_removal",
        "Triệt lông",
        "Hair removal",
        "Khách triệt lông theo liệu trình nhiều buổi",
        "Hair-removal customers on a multi-session course",
        "Bán trọn gói 6–8 buổi, nhắc đúng chu kỳ, thưởng khi giới thiệu bạn",
        "Sell 6–8-session courses, remind on cycle, reward referrals",
    ),
    Level(
        "slimming",
        "Giảm béo",
        "Slimming",
        "Khách muốn giảm cân, giảm mỡ, săn chắc cơ thể",
        "Wants to lose weight or fat and tone up",
        "Đo chỉ số trước – sau, lộ trình có mốc, kèm tư vấn ăn uống; gọi hỏi thăm để khách không bỏ dở",
        "Measure before and after, set milestones, add diet advice; call between visits so they do not give up",
    ),
    _OTHER_GROUP,
)

_SERVICE = scheme_part(
    MapScheme,
    title_vi="Theo nhóm dịch vụ quan tâm",
    title_en="By service group of interest",
    levels=_SERVICE_LEVELS,
    requires=(Column("service_group", "category"),),
    column="service_group",
    mapping=synonyms(
        _SERVICE_LEVELS,
        {
            "skin": ("Chăm sóc da mặt", "Da mặt", "Trị mụn", "Điều trị mụn", "Facial", "Skincare"),
            "massage": ("Massage", "Thư giãn", "Massage body", "Xông hơi", "Relaxation"),
            "nail": ("Làm móng", "Móng", "Nail art", "Manicure", "Pedicure"),
            "brow_lip": (
                "Phun xăm",
                "Phun môi",
                "Phun mày",
                "Điêu khắc chân mày",
                "Cosmetic tattoo",
                "Permanent makeup",
            ),
            "hair_removal": ("Triệt lông laser", "Wax lông", "Laser hair removal"),
            "slimming": ("Giảm cân", "Giảm mỡ", "Săn chắc", "Body contouring", "Weight loss"),
            "other": ("Khác", "Other"),
        },
    ),
    fallback="other",
)

GROUP = register(
    switch_scheme(
        code="group",
        number=2,
        title_vi="Phân loại theo nhóm khách hàng",
        title_en="By customer group",
        purpose_vi="Gom khách có chung ngành nghề hoặc chung nhu cầu để tìm khách mới nhanh hơn và có kế hoạch chăm sóc, bán hàng riêng cho từng nhóm.",
        purpose_en="Put together customers who share an industry or a need, to find similar customers faster and plan care and sales per group.",
        by=Param(
            "by",
            "industry",
            "Phân loại theo",
            "Classify by",
            choices=("industry", "service_group"),
            kind="choice",
            choice_labels={
                "industry": ("Ngành nghề", "Industry"),
                "service_group": ("Nhóm dịch vụ", "Service group"),
            },
        ),
        parts={"industry": _INDUSTRY, "service_group": _SERVICE},
        source=("000", "002"),
        cases=("bolts", "spa"),
    )
)


# ================================================================================================
# 2. company_size — large enterprise vs SME (002; thresholds of Decree 80/2021/NĐ-CP)
# ================================================================================================
def _big_staff(t, p):
    return t["staff_count"] > p["staff_max"]


def _big_revenue(t, p):
    return t["revenue_bn"] > p["revenue_max_bn"]


def _not_big(t, p):
    return ~(_big_staff(t, p) | _big_revenue(t, p))


COMPANY_SIZE = register(
    Scheme(
        code="company_size",
        number=8,
        title_vi="Phân loại theo quy mô doanh nghiệp",
        title_en="By company size",
        purpose_vi="Tách doanh nghiệp lớn (mua nhiều, đều, cần hợp đồng dài hạn) khỏi doanh nghiệp vừa và nhỏ (đơn nhỏ, cần linh hoạt) để có chính sách giá và phục vụ riêng.",
        purpose_en="Separate large firms (big, regular orders, long contracts) from SMEs (smaller orders, need flexibility) to set a price policy and service for each.",
        levels=(
            Level(
                "large",
                "Doanh nghiệp lớn",
                "Large enterprise",
                "Vượt ngưỡng doanh nghiệp vừa về số lao động hoặc doanh thu năm",
                "Above the medium-firm limit in staff or yearly revenue",
                "Hợp đồng khung dài hạn, giá theo sản lượng năm, người phụ trách riêng và kỹ thuật hỗ trợ tận nơi",
                "Long framework contracts, prices by yearly volume, a dedicated account manager and on-site technical support",
            ),
            Level(
                "sme",
                "Doanh nghiệp vừa và nhỏ (SME)",
                "Small or medium enterprise (SME)",
                "Không vượt ngưỡng nào về số lao động và doanh thu năm",
                "Within the limits on both staff and yearly revenue",
                "Nhận đơn nhỏ, giao nhanh, bảng giá công khai, thanh toán linh hoạt; chăm sóc qua điện thoại / Zalo cho tiết kiệm",
                "Accept small orders, deliver fast, publish prices, flexible payment; look after them by phone / Zalo to keep costs down",
            ),
        ),
        requires=(
            # either number alone can prove a firm large, so a blank one does not make the row unknown by itself
            Column("staff_count", "count", unknown_if_missing=False),
            Column(
                "revenue_bn",
                "number",
                unknown_if_missing=False,
            ),
        ),
        params={
            "staff_max": Param(
                "staff_max",
                200,
                "Số lao động tối đa của doanh nghiệp vừa (người)",
                "Most employees of a medium firm",
                10,
                5000,
                10,
                kind="integer",
            ),
            "revenue_max_bn": Param(
                "revenue_max_bn",
                200.0,
                "Doanh thu năm tối đa của doanh nghiệp vừa (tỷ đồng)",
                "Highest yearly revenue of a medium firm (billion đồng)",
                1.0,
                10000.0,
                10.0,
                kind="number",
            ),
        },
        rules=(
            Rule(
                "large",
                _big_staff,
                "{staff_count} người > {p_staff_max}",
                "{staff_count} employees > {p_staff_max}",
            ),
            Rule(
                "large",
                _big_revenue,
                "doanh thu {revenue_bn} tỷ đồng > {p_revenue_max_bn} tỷ đồng",
                "revenue {revenue_bn} billion đồng > {p_revenue_max_bn} billion",
            ),
            Rule(
                "sme",
                None,
                "{staff_count} người ≤ {p_staff_max} và doanh thu {revenue_bn} tỷ đồng ≤ {p_revenue_max_bn} tỷ đồng",
                "{staff_count} employees ≤ {p_staff_max} and revenue {revenue_bn} billion đồng ≤ {p_revenue_max_bn} billion",
            ),
        ),
        guards=(
            Guard(
                negative_in("staff_count", "revenue_bn"),
                "số lao động ({staff_count}) hoặc doanh thu ({revenue_bn} tỷ đồng) bị âm, không hợp lệ",
                "employees ({staff_count}) or revenue ({revenue_bn} billion đồng) is negative, not valid",
            ),
            Guard(
                lambda t, p: t["staff_count"].isna() & t["revenue_bn"].isna(),
                "thiếu cả số lao động và doanh thu",
                "both employees and revenue are missing",
            ),
            Guard(
                lambda t, p: t["staff_count"].isna() & _not_big(t, p),
                "thiếu số lao động; doanh thu {revenue_bn} tỷ đồng ≤ {p_revenue_max_bn} tỷ đồng chưa đủ để kết luận",
                "employees missing; revenue {revenue_bn} billion đồng ≤ {p_revenue_max_bn} billion is not enough to decide",
            ),
            Guard(
                lambda t, p: t["revenue_bn"].isna() & _not_big(t, p),
                "thiếu doanh thu; {staff_count} người ≤ {p_staff_max} chưa đủ để kết luận",
                "revenue missing; {staff_count} employees ≤ {p_staff_max} is not enough to decide",
            ),
        ),
        source=("002",),
        cases=("bolts",),
    )
)


# ================================================================================================
# 3. product_need — international standard vs custom-made (002)
# ================================================================================================
PRODUCT_NEED = register(
    Scheme(
        code="product_need",
        number=9,
        title_vi="Phân loại theo nhu cầu sản phẩm",
        title_en="By product need",
        purpose_vi="Tách khách cần bu lông tiêu chuẩn có sẵn khỏi khách cần hàng đặt riêng theo bản vẽ, để chuẩn bị tồn kho, báo giá và kỹ thuật cho đúng.",
        purpose_en="Separate firms that need ready-made standard bolts from those that need bolts made to their drawings, to plan stock, quotes and engineering.",
        levels=(
            Level(
                "standard",
                "Tiêu chuẩn quốc tế (ASTM, JIS, ISO, DIN…)",
                "International standard (ASTM, JIS, ISO, DIN…)",
                "Phần lớn giá trị báo giá là hàng theo tiêu chuẩn (kể cả TCVN); coi trọng chất lượng đúng chuẩn",
                "Most of the quoted value is standard goods (TCVN included); quality to the standard matters",
                "Giữ sẵn các mã phổ biến trong kho, giao nhanh, gửi kèm chứng chỉ CO / CQ; cạnh tranh bằng giá và tốc độ",
                "Stock the common sizes, deliver fast, send CO / CQ certificates; compete on price and speed",
            ),
            Level(
                "custom",
                "Đặc biệt / theo yêu cầu",
                "Special / custom-made",
                "Phần lớn giá trị báo giá là bu lông đặt riêng theo thiết kế",
                "Most of the quoted value is bolts made to the customer's design",
                "Kỹ sư nhận bản vẽ, báo giá kèm thời gian gia công và đặt cọc; theo dõi sát sau giao vì nhóm này cần hậu mãi nhiều hơn",
                "An engineer takes the drawing, quotes with lead time and a deposit; follow up closely — this group needs more after-sales",
            ),
        ),
        requires=(
            Column(
                "custom_share",
                "share",
            ),
        ),
        params={
            "custom_min": Param(
                "custom_min",
                0.5,
                "Tỷ trọng hàng đặt riêng tối thiểu để tính là khách hàng đặc biệt",
                "Custom share needed to count as a custom buyer",
                0.05,
                0.95,
                0.05,
                kind="share",
            ),
        },
        rules=(
            Rule(
                "custom",
                lambda t, p: t["custom_share"] >= p["custom_min"],
                "hàng đặt riêng chiếm {custom_share} giá trị báo giá ≥ {p_custom_min}",
                "custom goods are {custom_share} of the quoted value ≥ {p_custom_min}",
            ),
            Rule(
                "standard",
                None,
                "hàng đặt riêng chỉ chiếm {custom_share} giá trị báo giá < {p_custom_min}",
                "custom goods are only {custom_share} of the quoted value < {p_custom_min}",
            ),
        ),
        guards=(
            Guard(
                lambda t, p: (t["custom_share"] < 0) | (t["custom_share"] > 1),
                "tỷ trọng {custom_share} nằm ngoài 0–100 %, không hợp lệ",
                "share {custom_share} is outside 0–100 %, not valid",
            ),
        ),
        missing_reasons={
            "custom_share": (
                "chưa có báo giá nào nên chưa biết nhu cầu sản phẩm",
                "no quotation yet, so the product need is not known",
            )
        },
        source=("002",),
        cases=("bolts",),
    )
)


# ================================================================================================
# 4. support_need — after-sales support demanded, per order (002)
# ================================================================================================
SUPPORT_NEED = register(
    Scheme(
        code="support_need",
        number=10,
        title_vi="Phân loại theo nhu cầu hậu mãi",
        title_en="By after-sales support need",
        purpose_vi="Tách khách cần hỗ trợ kỹ thuật, bảo trì thường xuyên khỏi khách chỉ cần giao đúng hạn, đúng chất lượng — để bố trí kỹ thuật viên và tính phí dịch vụ.",
        purpose_en="Separate firms that need regular technical support or maintenance from those that only need on-time, on-spec delivery — to staff technicians and price service.",
        levels=(
            Level(
                "high",
                "Hậu mãi cao",
                "High after-sales need",
                "Nhiều yêu cầu hỗ trợ hoặc nhiều giờ hỗ trợ trên mỗi đơn hàng",
                "Many support tickets or support hours per order",
                "Giao kỹ thuật viên phụ trách, lịch bảo trì định kỳ, hướng dẫn lắp đặt tại chỗ; cân nhắc gói dịch vụ có phí",
                "Assign a technician, schedule regular maintenance, train installers on site; consider a paid service plan",
            ),
            Level(
                "low",
                "Không cần nhiều hậu mãi",
                "Low after-sales need",
                "Ít yêu cầu hỗ trợ: chủ yếu cần giao đúng hạn, đúng tiêu chuẩn",
                "Few support requests: mainly needs on-time, on-spec delivery",
                "Giữ giao hàng đúng hẹn và chất lượng ổn định; chăm sóc nhẹ qua điện thoại, không tốn thêm kỹ thuật",
                "Keep deliveries on time and quality steady; light-touch care by phone, no extra engineering",
            ),
        ),
        requires=(
            Column("n_orders", "count"),
            Column("n_tickets", "count"),
            Column("support_hours", "number"),
        ),
        params={
            "tickets_per_order": Param(
                "tickets_per_order",
                0.5,
                "Số yêu cầu hỗ trợ mỗi đơn để tính là hậu mãi cao",
                "Tickets per order that mean a high need",
                0.05,
                5.0,
                0.05,
                kind="number",
            ),
            "hours_per_order": Param(
                "hours_per_order",
                2.0,
                "Số giờ hỗ trợ mỗi đơn để tính là hậu mãi cao",
                "Support hours per order that mean a high need",
                0.5,
                50.0,
                0.5,
                kind="number",
            ),
        },
        rules=(
            Rule(
                "high",
                lambda t, p: t["n_tickets"] >= p["tickets_per_order"] * t["n_orders"],
                "{n_tickets} yêu cầu hỗ trợ cho {n_orders} đơn (từ {p_tickets_per_order} yêu cầu mỗi đơn trở lên)",
                "{n_tickets} tickets for {n_orders} orders ({p_tickets_per_order} or more per order)",
            ),
            Rule(
                "high",
                lambda t, p: t["support_hours"] >= p["hours_per_order"] * t["n_orders"],
                "{support_hours} giờ hỗ trợ cho {n_orders} đơn (từ {p_hours_per_order} giờ mỗi đơn trở lên)",
                "{support_hours} support hours for {n_orders} orders ({p_hours_per_order} or more per order)",
            ),
            Rule(
                "low",
                None,
                "{n_tickets} yêu cầu và {support_hours} giờ hỗ trợ cho {n_orders} đơn (dưới {p_tickets_per_order} yêu cầu và {p_hours_per_order} giờ mỗi đơn)",
                "{n_tickets} tickets and {support_hours} hours for {n_orders} orders (under {p_tickets_per_order} tickets and {p_hours_per_order} hours per order)",
            ),
        ),
        guards=(
            Guard(
                negative_in("n_orders", "n_tickets", "support_hours"),
                "số đơn, số yêu cầu hoặc số giờ hỗ trợ âm, không hợp lệ",
                "a negative number of orders, tickets or hours is not valid",
            ),
            Guard(
                lambda t, p: t["n_orders"] == 0,
                "chưa có đơn hàng nào nên chưa đo được nhu cầu hậu mãi",
                "no order yet, so the after-sales need cannot be measured",
            ),
        ),
        source=("002",),
        cases=("bolts",),
    )
)
