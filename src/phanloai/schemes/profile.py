"""Who the customer is: the lead source (article 000), the demographic, psychographic and
geographic profile (articles 001, 002, 003) and internal vs external customers (article 003).

Built on the framework in ``base.py``: text columns through :class:`MapScheme` (matching that
ignores case, spacing, dash style and diacritics), edge cases through guards, and
"classify by…" choices through :class:`SwitchScheme`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._i18n import tr
from .base import (
    Column,
    Guard,
    Increasing,
    Level,
    MapScheme,
    Param,
    Reason,
    Rule,
    Scheme,
    _column_name,
    factorize_folded,
    fold,
    lookup,
    missing_text,
    negative_in,
    scheme_part,
    switch_scheme,
    synonyms,
)
from .registry import register

# ================================================================================================
# 1. source — the first channel the customer came through (000)
# ================================================================================================
_SOURCE_LEVELS = (
    Level(
        "sale_self",
        "Sale tự tìm",
        "Found by sales",
        "Nhân viên kinh doanh tự đi thị trường, gọi điện hoặc gặp trực tiếp mà có",
        "Sales staff found them by canvassing, calling or visiting",
        "Đo số khách mỗi sale tự tìm và tỷ lệ chốt; nhân rộng kịch bản của người làm tốt nhất",
        "Track how many leads each salesperson finds and closes; spread the best performer's script",
    ),
    Level(
        "facebook",
        "Facebook (quảng cáo & trang)",
        "Facebook (ads & page)",
        "Biết đến qua quảng cáo, trang (fanpage) hoặc Messenger của Facebook",
        "Came through Facebook ads, the page or Messenger",
        "Trả lời tin nhắn trong vài phút; tính chi phí trên mỗi khách mua, không chỉ trên mỗi tin nhắn",
        "Answer messages within minutes; count the cost per paying customer, not per message",
    ),
    Level(
        "google_ads",
        "Google Ads",
        "Google Ads",
        "Tìm trên Google rồi bấm vào quảng cáo — thường đang có nhu cầu thật",
        "Searched on Google and clicked an ad — usually a real, current need",
        "Gọi lại ngay trong ngày; giữ từ khóa ra đơn, cắt từ khóa chỉ tốn tiền",
        "Call back the same day; keep the keywords that sell, cut the ones that only cost",
    ),
    Level(
        "zalo",
        "Zalo",
        "Zalo",
        "Đến qua Zalo: nhắn tin, Zalo OA hoặc nhóm Zalo",
        "Came through Zalo: chat, an Official Account or a group",
        "Chăm sóc tiếp trên Zalo OA: nhắc lịch, gửi ưu đãi riêng; lưu lịch sử trò chuyện vào CRM",
        "Keep caring on the Zalo OA: reminders and personal offers; save the chat history in the CRM",
    ),
    Level(
        "tiktok",
        "TikTok",
        "TikTok",
        "Xem video hoặc livestream trên TikTok rồi liên hệ",
        "Saw a TikTok video or livestream, then got in touch",
        "Đăng video thật (trước – sau, hậu trường); chốt nhanh khi khách còn hứng thú",
        "Post real videos (before and after, behind the scenes); close fast while interest is high",
    ),
    Level(
        "website",
        "Website",
        "Website",
        "Tự tìm tới website, để lại thông tin hoặc yêu cầu báo giá",
        "Found the website and left details or asked for a quote",
        "Phản hồi biểu mẫu trong ngày; đặt nút gọi / Zalo trên mọi trang; đo trang nào mang về khách",
        "Answer web forms the same day; put a call / Zalo button on every page; measure which pages bring customers",
    ),
    Level(
        "referral",
        "Giới thiệu",
        "Referral",
        "Được khách cũ, người quen hoặc đối tác giới thiệu",
        "Referred by a customer, an acquaintance or a partner",
        "Cảm ơn và thưởng người giới thiệu; chăm sóc chu đáo — nhóm này thường chốt nhanh và ở lâu",
        "Thank and reward the referrer; serve them well — referrals usually close fast and stay long",
    ),
    Level(
        "walk_in",
        "Khách vãng lai",
        "Walk-in",
        "Tự ghé cửa hàng khi đi ngang qua",
        "Walked into the shop while passing by",
        "Xin số điện thoại hoặc kết bạn Zalo ngay tại quầy; biển hiệu và mặt tiền là quảng cáo của nhóm này",
        "Ask for a phone number or a Zalo connection at the counter; the shop front is this group's advert",
    ),
    Level(
        "trade_fair",
        "Hội chợ",
        "Trade fair",
        "Gặp tại hội chợ hoặc triển lãm ngành",
        "Met at a trade fair or industry exhibition",
        "Gọi lại trong tuần sau hội chợ, mang mẫu và chứng chỉ; tính chi phí gian hàng trên mỗi hợp đồng ký được",
        "Call back within a week of the fair with samples and certificates; count the stand's cost per contract won",
    ),
    Level(
        "marketplace",
        "Sàn TMĐT (Shopee, Lazada, TikTok Shop)",
        "Marketplace (Shopee, Lazada, TikTok Shop)",
        "Mua hoặc hỏi qua sàn thương mại điện tử",
        "Bought or asked through an e-commerce marketplace",
        "Gửi kèm thiệp mời theo dõi trang / Zalo trong gói hàng để kéo khách về kênh riêng, bớt phụ thuộc phí sàn",
        "Put a card inviting them to the page / Zalo in the parcel to bring them to your own channel and save marketplace fees",
    ),
    Level(
        "other",
        "Kênh khác",
        "Other channel",
        "Kênh không có trong danh sách trên (báo chí, email, Instagram…)",
        "A channel not in the list above (press, e-mail, Instagram…)",
        "Ghi rõ tên kênh trong CRM; kênh nào lặp lại nhiều thì tách thành nhóm riêng",
        "Record the exact channel in the CRM; give a channel its own group once it recurs",
    ),
)

SOURCE = register(
    MapScheme(
        code="source",
        number=3,
        title_vi="Phân loại theo nguồn khách hàng",
        title_en="By lead source",
        purpose_vi="Biết khách đến từ kênh nào đầu tiên để thấy tiền đang chảy về từ đâu, chi quảng cáo đúng chỗ và chuẩn bị kịch bản tư vấn hợp với từng kênh.",
        purpose_en="Know the first channel each customer came through, to see where the money flows from, spend on the right ads and prepare a script for each channel.",
        levels=_SOURCE_LEVELS,
        requires=(Column("source", "category"),),
        column="source",
        mapping=synonyms(
            _SOURCE_LEVELS,
            {
                "sale_self": (
                    "Sale tự kiếm",
                    "Sale",
                    "Sales",
                    "Đi thị trường",
                    "Telesale",
                    "Gọi điện",
                    "Cold call",
                    "Nhân viên kinh doanh",
                    "Sales prospecting",
                    "Self-sourced",
                ),
                "facebook": (
                    "Facebook",
                    "Facebook Ads",
                    "FB",
                    "FB Ads",
                    "Fanpage",
                    "Trang Facebook",
                    "Quảng cáo Facebook",
                    "Messenger",
                    "Facebook page",
                    "Meta Ads",
                ),
                "google_ads": (
                    "Google",
                    "Quảng cáo Google",
                    "Adwords",
                    "Google Adwords",
                    "Google Search",
                    "Tìm kiếm Google",
                ),
                "zalo": ("Zalo OA", "Zalo Ads", "Nhóm Zalo", "Quảng cáo Zalo"),
                "tiktok": (
                    "TikTok Ads",
                    "Quảng cáo TikTok",
                    "TikTok video",
                    "Livestream TikTok",
                    "Tik Tok",
                ),
                "website": (
                    "Web",
                    "Trang web",
                    "Landing page",
                    "Form website",
                    "Website form",
                    "SEO",
                ),
                "referral": (
                    "Người quen giới thiệu",
                    "Khách cũ giới thiệu",
                    "Được giới thiệu",
                    "Truyền miệng",
                    "Word of mouth",
                    "Referred",
                    "Đối tác giới thiệu",
                ),
                "walk_in": (
                    "Vãng lai",
                    "Walk in",
                    "Đi ngang qua",
                    "Tự đến",
                    "Khách lẻ",
                    "Tại cửa hàng",
                    "Cửa hàng",  # a sales app's channel for those who came into the shop
                    "Tại quầy",
                    "In store",
                ),
                "trade_fair": (
                    "Hội chợ triển lãm",
                    "Triển lãm",
                    "Trade show",
                    "Exhibition",
                    "Expo",
                    "Fair",
                ),
                "marketplace": (
                    "Shopee",
                    "Lazada",
                    "TikTok Shop",
                    "Tiki",
                    "Sendo",
                    "Sàn TMĐT",
                    "Sàn thương mại điện tử",
                    "Marketplace",
                    "E-commerce",
                    "Sàn",
                ),
                "other": ("Khác", "Other"),
            },
        ),
        fallback="other",  # a channel not in the list is still a channel: "Kênh khác"
        source=("000",),
        cases=("spa", "bolts", "fashion"),
    )
)


# ================================================================================================
# 2. demographic — age band, income tier, gender (001, 003)
# ================================================================================================
_AGE_EDGES = ("age_1", "age_2", "age_3", "age_4")
_AGE_TEXT = (
    (
        "Khách trẻ, nhạy giá, sống nhiều trên mạng xã hội",
        "Young and price-sensitive; lives on social media",
        "Video ngắn trên TikTok, ưu đãi sinh viên / lần đầu, gói giá nhỏ để thử",
        "Short TikTok videos, student or first-visit offers, small packages to try",
    ),
    (
        "Mới đi làm, thu nhập bắt đầu ổn định",
        "Early career; income becoming steady",
        "Gói theo tháng, trả dần nhẹ nhàng, thưởng khi giới thiệu bạn bè",
        "Monthly packages, easy instalments, rewards for bringing friends",
    ),
    (
        "Nhóm chi tiêu chính, thường đã có gia đình và ít thời gian",
        "The main spenders, often with a family and little time",
        "Đặt lịch nhanh qua Zalo, gói trọn liệu trình, dịch vụ tiết kiệm thời gian — thường là chân dung khách chính",
        "Quick booking on Zalo, full-course packages, time-saving service — usually the core persona",
    ),
    (
        "Thu nhập vững, coi trọng chất lượng và sự tin cậy",
        "Settled income; values quality and trust",
        "Giới thiệu dòng cao cấp hơn, tư vấn kỹ, người chăm sóc riêng",
        "Offer the premium line, advise in depth, assign a personal contact",
    ),
    (
        "Khách lớn tuổi, rất trung thành nếu được phục vụ chu đáo",
        "Older customers; very loyal when served with care",
        "Gọi điện tư vấn thay vì chỉ nhắn tin, ưu đãi tri ân, hướng dẫn rõ ràng và không gian thoải mái",
        "Phone rather than only message, thank-you offers, clear guidance and a comfortable place",
    ),
)


def _age_levels(p: Mapping) -> tuple[Level, ...]:
    """Five age bands named from the four edges (ages are whole years: 25 ≤ age < 30 is "25–29")."""
    e = [int(p[k]) for k in _AGE_EDGES]
    names = [(f"Dưới {e[0]} tuổi", f"Under {e[0]}")]
    for lo, hi in zip(e, e[1:], strict=False):
        span = f"{lo}" if hi - 1 == lo else f"{lo}–{hi - 1}"
        names.append((f"{span} tuổi", span))
    names.append((f"Từ {e[-1]} tuổi trở lên", f"{e[-1]} and over"))
    return tuple(
        Level(f"age_{i}", vi, en, *text)
        for i, ((vi, en), text) in enumerate(zip(names, _AGE_TEXT, strict=True))
    )


def _age_rule(i: int) -> Rule:
    lo, hi = (_AGE_EDGES[i - 1] if i else None), _AGE_EDGES[i]
    if lo is None:
        return Rule(
            "age_0",
            lambda t, p: t["age"] < p[hi],
            "{age} tuổi < {p_age_1}",
            "age {age} < {p_age_1}",
        )
    return Rule(
        f"age_{i}",
        lambda t, p: t["age"] < p[hi],
        f"{{age}} tuổi: từ {{p_{lo}}} đến dưới {{p_{hi}}}",
        f"age {{age}}: from {{p_{lo}}} to under {{p_{hi}}}",
    )


_AGE = scheme_part(
    increasing=(Increasing(_AGE_EDGES),),
    title_vi="Theo độ tuổi",
    title_en="By age band",
    levels=_age_levels({"age_1": 25, "age_2": 30, "age_3": 40, "age_4": 50}),
    level_sets=_age_levels,
    requires=(Column("age", "number"),),
    rules=(
        *(_age_rule(i) for i in range(4)),
        Rule("age_4", None, "{age} tuổi ≥ {p_age_4}", "age {age} ≥ {p_age_4}"),
    ),
    guards=(
        Guard(
            lambda t, p: (t["age"] < 0) | (t["age"] > 120),
            "tuổi {age} không hợp lệ (ngoài 0–120)",
            "age {age} is not valid (outside 0–120)",
        ),
    ),
)

_INCOME_LEVELS = (
    Level(
        "low",
        "Thu nhập thấp (dưới 10 triệu)",
        "Lower income (under 10 M₫)",
        "Thu nhập dưới 10 triệu đồng mỗi tháng; cân nhắc kỹ từng khoản chi",
        "Earns under 10 million đồng a month; weighs every spend",
        "Chào gói cơ bản và combo tiết kiệm, giá ghi rõ ràng; không ép mua gói đắt",
        "Offer basic packages and money-saving bundles with clear prices; never push the expensive package",
    ),
    Level(
        "middle",
        "Thu nhập trung bình (10–20 triệu)",
        "Middle income (10–20 M₫)",
        "Thu nhập 10–20 triệu đồng mỗi tháng; chi tiêu có kế hoạch",
        "Earns 10–20 million đồng a month; spends to a plan",
        "Gói phổ biến kèm thẻ thành viên tích điểm; nhấn mạnh đáng đồng tiền",
        "Popular packages with a points card; stress value for money",
    ),
    Level(
        "upper",
        "Thu nhập khá (20–40 triệu)",
        "Upper-middle income (20–40 M₫)",
        "Thu nhập 20–40 triệu đồng mỗi tháng; sẵn sàng trả thêm cho tiện lợi",
        "Earns 20–40 million đồng a month; pays more for convenience",
        "Gợi ý gói cao hơn một bậc (upsell), đặt lịch linh hoạt, phục vụ nhanh",
        "Suggest the next package up (upsell), flexible booking, fast service",
    ),
    Level(
        "high",
        "Thu nhập cao (trên 40 triệu)",
        "High income (over 40 M₫)",
        "Thu nhập trên 40 triệu đồng mỗi tháng; coi trọng trải nghiệm và sự riêng tư",
        "Earns over 40 million đồng a month; values experience and privacy",
        "Dịch vụ cao cấp, người chăm sóc riêng, mời sự kiện VIP; đừng mở lời bằng giảm giá",
        "Premium service, a personal contact, VIP events; do not open with a discount",
    ),
)

_INCOME = scheme_part(
    MapScheme,
    title_vi="Theo mức thu nhập",
    title_en="By income tier",
    levels=_INCOME_LEVELS,
    requires=(Column("income_band", "category"),),
    column="income_band",
    mapping=synonyms(
        _INCOME_LEVELS,
        {
            "low": (
                "Dưới 10 triệu",
                "< 10 triệu",
                "<10tr",
                "Dưới 10tr",
                "0–10 triệu",
                "Under 10 M",
                "Under 10 million",
                "Thấp",
                "Low",
            ),
            "middle": (
                "10–20 triệu",
                "10–20tr",
                "10 đến 20 triệu",
                "10 to 20 million",
                "10–20 M",
                "Trung bình",
                "Middle",
            ),
            "upper": (
                "20–40 triệu",
                "20–40tr",
                "20 đến 40 triệu",
                "20 to 40 million",
                "20–40 M",
                "Khá",
                "Upper middle",
            ),
            "high": (
                "Trên 40 triệu",
                "> 40 triệu",
                ">40tr",
                "Trên 40tr",
                "Over 40 M",
                "Over 40 million",
                "Above 40 million",
                "Cao",
                "High",
            ),
        },
    ),
)

_GENDER_LEVELS = (
    Level(
        "female",
        "Nữ",
        "Female",
        "Khách nữ",
        "Women customers",
        "Hình ảnh và lời lẽ hướng tới phụ nữ; gói đi cùng bạn thân / mẹ – con; ưu đãi dịp 8/3 và 20/10",
        "Images and words aimed at women; packages for friends or mother and daughter; offers for 8 March and 20 October",
    ),
    Level(
        "male",
        "Nam",
        "Male",
        "Khách nam",
        "Men customers",
        "Gói và không gian riêng cho nam; quảng cáo theo mối quan tâm của nam giới; gợi ý mua tặng vợ / bạn gái",
        "Packages and space for men; ads on men's interests; suggest buying gifts for a wife or girlfriend",
    ),
)

_GENDER = scheme_part(
    MapScheme,
    title_vi="Theo giới tính",
    title_en="By gender",
    levels=_GENDER_LEVELS,
    requires=(Column("gender", "category"),),
    column="gender",
    mapping=synonyms(
        _GENDER_LEVELS,
        {
            "female": ("F", "Woman", "Women", "Phụ nữ", "Chị", "Bà", "Cô"),
            "male": ("M", "Man", "Men", "Đàn ông", "Anh", "Ông", "Chú"),
        },
    ),
)

DEMOGRAPHIC = register(
    switch_scheme(
        code="demographic",
        number=4,
        title_vi="Phân loại theo nhân khẩu học",
        title_en="Demographic segmentation",
        purpose_vi="Chia khách theo độ tuổi, mức thu nhập hoặc giới tính để chọn thông điệp, kênh và mức giá hợp với từng nhóm.",
        purpose_en="Group customers by age band, income tier or gender, to choose the message, channel and price point for each group.",
        by=Param(
            "by",
            "age",
            "Phân loại theo",
            "Classify by",
            choices=("age", "income", "gender"),
            kind="choice",
            choice_labels={
                "age": ("Độ tuổi", "Age"),
                "income": ("Thu nhập", "Income"),
                "gender": ("Giới tính", "Gender"),
            },
        ),
        parts={"age": _AGE, "income": _INCOME, "gender": _GENDER},
        params={
            "age_1": Param(
                "age_1",
                25,
                "Mốc tuổi 1 (hết nhóm trẻ nhất)",
                "Age edge 1 (end of the youngest band)",
                16,
                80,
                1,
                kind="integer",
                only_when=("by", "age"),
            ),
            "age_2": Param(
                "age_2",
                30,
                "Mốc tuổi 2",
                "Age edge 2",
                16,
                80,
                1,
                kind="integer",
                only_when=("by", "age"),
            ),
            "age_3": Param(
                "age_3",
                40,
                "Mốc tuổi 3",
                "Age edge 3",
                16,
                80,
                1,
                kind="integer",
                only_when=("by", "age"),
            ),
            "age_4": Param(
                "age_4",
                50,
                "Mốc tuổi 4 (bắt đầu nhóm lớn tuổi nhất)",
                "Age edge 4 (start of the oldest band)",
                16,
                80,
                1,
                kind="integer",
                only_when=("by", "age"),
            ),
        },
        source=("001", "003"),
        cases=("spa", "fashion"),
    )
)


# ================================================================================================
# 3. psychographic — interest clusters → lifestyle; MBTI → Keirsey temperament (001, 003)
# ================================================================================================
_LIFESTYLE_LEVELS = (
    Level(
        "appearance",
        "Chăm chút vẻ ngoài",
        "Appearance-minded",
        "Quan tâm làm đẹp, chăm sóc bản thân, thời trang, mua sắm và diện đẹp cho tiệc, sự kiện",
        "Cares about beauty, self-care, fashion, shopping and dressing up for parties and events",
        "Cho nhóm này biết sản phẩm / dịch vụ mới trước tiên, ảnh trước – sau, bộ sưu tập dự tiệc, mẹo làm đẹp theo mùa",
        "Tell them first about new products and services; before-and-after photos, party collections, seasonal beauty tips",
    ),
    Level(
        "active",
        "Năng động & trải nghiệm",
        "Active & adventurous",
        "Thích vận động, sức khỏe, dạo phố, du lịch và những trải nghiệm mới",
        "Into exercise, health, city life, travel and new experiences",
        "Gói thư giãn sau tập hoặc trước chuyến đi, đồ dễ vận động; hợp tác phòng tập, câu lạc bộ chạy bộ; ưu đãi đi theo nhóm",
        "Post-workout or before-the-trip packages, clothes that move; partner with gyms and running clubs; group offers",
    ),
    Level(
        "family",
        "Gia đình & truyền thống",
        "Family & tradition",
        "Đặt gia đình, con cái và nét truyền thống (áo dài, lễ Tết) lên trước",
        "Puts family, children and tradition (áo dài, Tết) first",
        "Gói cho mẹ và bé / cả nhà, bộ sưu tập Tết và lễ cưới, giờ hẹn hợp lịch đưa đón con",
        "Mother-and-child or family packages, Tết and wedding collections, times that fit the school run",
    ),
    Level(
        "practical",
        "Công sở & tối giản",
        "Career & minimalist",
        "Ưu tiên sự gọn gàng, chuyên nghiệp nơi công sở, mua ít mà bền",
        "Wants a neat, professional look at work; buys less but lasting",
        "Gợi ý món cơ bản dễ phối, dịch vụ nhanh giờ nghỉ trưa / sau giờ làm; nói về chất liệu và độ bền",
        "Suggest easy-to-match basics, quick services at lunch or after work; talk about materials and durability",
    ),
    Level(
        "other",
        "Sở thích khác",
        "Other interests",
        "Sở thích ghi nhận được nhưng không thuộc các nhóm trên",
        "A recorded interest outside the groups above",
        "Xem lại các sở thích này; nếu đủ đông thì lập thành nhóm lối sống mới",
        "Review these interests; once there are enough, make them a lifestyle group of their own",
    ),
)

_INTEREST = scheme_part(
    MapScheme,
    title_vi="Theo sở thích (nhóm lối sống)",
    title_en="By interest (lifestyle group)",
    levels=_LIFESTYLE_LEVELS,
    requires=(Column("interest", "category"),),
    column="interest",
    mapping=synonyms(
        _LIFESTYLE_LEVELS,
        {
            "appearance": (
                "Làm đẹp & chăm sóc bản thân",
                "Thời trang & mua sắm",
                "Tiệc & sự kiện",
                "Làm đẹp",
                "Chăm sóc bản thân",
                "Mua sắm",
                "Thời trang",
                "Tiệc tùng",
                "Sự kiện",
                "Beauty",
                "Beauty & self-care",
                "Fashion & shopping",
                "Skincare",
                "Shopping",
                "Parties & events",
                "Party",
            ),
            "active": (
                "Sức khỏe & yoga",
                "Dạo phố & năng động",
                "Du lịch & trải nghiệm",
                "Sức khỏe",
                "Yoga",
                "Thể thao",
                "Gym",
                "Chạy bộ",
                "Du lịch",
                "Dã ngoại",
                "Health & yoga",
                "Sport",
                "Sports",
                "Fitness",
                "Streetwear & active",
                "Travel",
                "Travel & experiences",
            ),
            "family": (
                "Gia đình & con cái",
                "Áo dài & truyền thống",
                "Gia đình",
                "Con cái",
                "Nội trợ",
                "Truyền thống",
                "Áo dài",
                "Family",
                "Family & children",
                "Tradition",
            ),
            "practical": (
                "Thời trang công sở",
                "Tối giản & bền vững",
                "Công sở",
                "Tối giản",
                "Bền vững",
                "Office wear",
                "Minimalist",
                "Minimalist & sustainable",
                "Sustainable",
            ),
        },
    ),
    fallback="other",
)

_MBTI_LEVELS = (
    Level(
        "sj",
        "SJ – Người bảo vệ",
        "SJ – Guardian",
        "Kiểu có S và J: thực tế, coi trọng nề nếp, uy tín và sự chắc chắn",
        "Types with S and J: practical; value order, reputation and certainty",
        "Nói rõ quy trình, cam kết và chứng nhận; chương trình tích điểm đều đặn, nhắc lịch đúng hẹn",
        "Spell out the process, guarantees and certificates; a steady points scheme and punctual reminders",
    ),
    Level(
        "sp",
        "SP – Nghệ nhân",
        "SP – Artisan",
        "Kiểu có S và P: sống cho hiện tại, thích cái mới, cảm giác và sự tự do",
        "Types with S and P: live in the moment; love novelty, sensation and freedom",
        "Ưu đãi chớp nhoáng, cho trải nghiệm thử tại chỗ, video sôi động; đừng bắt chờ lâu",
        "Flash deals, try-it-now experiences, lively videos; never make them wait",
    ),
    Level(
        "nf",
        "NF – Người theo lý tưởng",
        "NF – Idealist",
        "Kiểu có N và F: tìm ý nghĩa, cảm xúc và sự gắn kết giữa người với người",
        "Types with N and F: seek meaning, feelings and human connection",
        "Kể câu chuyện thương hiệu, chăm sóc cá nhân hóa, lời cảm ơn viết tay; nói về giá trị cộng đồng",
        "Tell the brand story, personalise care, send handwritten thanks; talk about community values",
    ),
    Level(
        "nt",
        "NT – Người duy lý",
        "NT – Rational",
        "Kiểu có N và T: lý trí, muốn hiểu vì sao, so sánh kỹ trước khi mua",
        "Types with N and T: logical; want to know why and compare before buying",
        "Đưa số liệu, thành phần, so sánh rõ ràng; để khách tự quyết, không thúc ép",
        "Give figures, ingredients and clear comparisons; let them decide, never push",
    ),
)


def _temperament(mbti: str) -> str:
    """Keirsey temperament of an MBTI type: S+J → SJ, S+P → SP, N+F → NF, N+T → NT."""
    return mbti[1] + (mbti[3] if mbti[1] == "S" else mbti[2])


_MBTI_TYPES = [a + b + c + d for a in "EI" for b in "SN" for c in "TF" for d in "JP"]
_MBTI = scheme_part(
    MapScheme,
    title_vi="Theo tính cách MBTI (khí chất Keirsey)",
    title_en="By MBTI personality (Keirsey temperament)",
    levels=_MBTI_LEVELS,
    requires=(Column("mbti", "category"),),
    column="mbti",
    # the 16 types, also written the 16Personalities way with an identity suffix (INTJ-A, INTJ-T)
    mapping={fold(t + s): _temperament(t).lower() for t in _MBTI_TYPES for s in ("", "-A", "-T")},
    missing_reasons={
        "mbti": ("chưa làm trắc nghiệm MBTI (ô trống)", "has not taken the MBTI test (empty)")
    },
    note=lambda v: " + ".join(_temperament(fold(v).upper()[:4])),
)

PSYCHOGRAPHIC = register(
    switch_scheme(
        code="psychographic",
        number=5,
        title_vi="Phân loại theo tâm lý học",
        title_en="Psychographic segmentation",
        purpose_vi="Chia khách theo lối sống (từ sở thích) hoặc theo khí chất (từ kiểu tính cách MBTI) để nói đúng điều họ quan tâm, đúng cách họ thích được tiếp cận.",
        purpose_en="Group customers by lifestyle (from their interests) or temperament (from their MBTI type), to talk about what they care for, the way they like.",
        by=Param(
            "by",
            "interest",
            "Phân loại theo",
            "Classify by",
            choices=("interest", "mbti"),
            kind="choice",
            choice_labels={
                "interest": ("Lối sống (theo sở thích)", "Lifestyle (from interests)"),
                "mbti": ("Tính khí (theo MBTI)", "Temperament (from MBTI)"),
            },
        ),
        parts={"interest": _INTEREST, "mbti": _MBTI},
        source=("001", "003"),
        cases=("spa", "fashion"),
    )
)


# ================================================================================================
# 4. geographic — region (Bắc / Trung / Nam / abroad) or inside / outside a radius (001, 002, 004)
# ================================================================================================
_REGION_LEVELS = (
    Level(
        "north",
        "Miền Bắc",
        "North",
        "Khách ở các tỉnh phía Bắc (Hà Nội, Hải Phòng, Bắc Ninh…)",
        "Customers in the northern provinces (Hà Nội, Hải Phòng, Bắc Ninh…)",
        "Phục vụ nhanh từ cơ sở / kho phía Bắc; hàng và dịch vụ theo mùa đông – hè rõ rệt",
        "Serve fast from the northern site or warehouse; plan for a real winter and summer",
    ),
    Level(
        "central",
        "Miền Trung",
        "Central",
        "Khách ở các tỉnh miền Trung và Tây Nguyên",
        "Customers in the central provinces and the Central Highlands",
        "Gom đơn theo tuyến để giảm phí vận chuyển, đặt điểm giao nhận ở Đà Nẵng; tránh hẹn giao vào mùa mưa bão (tháng 9–11)",
        "Group orders by route to cut freight, keep a pick-up point in Đà Nẵng; plan deliveries around the storm season (Sep–Nov)",
    ),
    Level(
        "south",
        "Miền Nam",
        "South",
        "Khách ở TP Hồ Chí Minh và các tỉnh phía Nam",
        "Customers in Hồ Chí Minh City and the southern provinces",
        "Cân nhắc kho hoặc chi nhánh phía Nam để giao nhanh hơn; sản phẩm hợp khí hậu nóng quanh năm",
        "Consider a southern warehouse or branch to deliver faster; offer products for a hot climate all year",
    ),
    Level(
        "abroad",
        "Nước ngoài",
        "Abroad",
        "Khách ở ngoài Việt Nam",
        "Customers outside Việt Nam",
        "Báo giá bằng USD kèm điều kiện giao hàng (Incoterms) và chứng từ xuất khẩu; tìm nhà phân phối tại chỗ",
        "Quote in USD with delivery terms (Incoterms) and export papers; look for a local distributor",
    ),
)
_REGION_MAP = synonyms(
    _REGION_LEVELS,
    {
        "north": (
            "Bắc",
            "Bắc Bộ",
            "Phía Bắc",
            "Northern",
            "Tây Bắc",
            "Đông Bắc",
            "Đồng bằng sông Hồng",
            "Trung du và miền núi phía Bắc",
        ),
        "central": (
            "Trung",
            "Trung Bộ",
            "Miền Trung",
            "Bắc Trung Bộ",
            "Nam Trung Bộ",
            "Duyên hải Nam Trung Bộ",
            "Tây Nguyên",
            "Centre",
            "Central Highlands",
        ),
        "south": (
            "Nam",
            "Nam Bộ",
            "Phía Nam",
            "Southern",
            "Đông Nam Bộ",
            "Tây Nam Bộ",
            "Miền Tây",
            "Đồng bằng sông Cửu Long",
            "Mekong Delta",
        ),
        "abroad": ("Nước ngoài", "Quốc tế", "Foreign", "International", "Overseas"),
    },
)
_VIETNAM = {
    fold(v)
    for v in (
        "Việt Nam",
        "Vietnam",
        "Viet Nam",
        "VN",
        "VNM",
        "Việt Nam (VN)",
        "Socialist Republic of Vietnam",
    )
}


@dataclass
class _RegionScheme(Scheme):
    """Region from the ``region`` column; a ``country`` column other than Việt Nam, when the table
    has one, decides "Nước ngoài / Abroad" first (foreign firms have no Vietnamese region)."""

    def assign(self, table: pd.DataFrame, p: dict) -> tuple[np.ndarray, np.ndarray]:
        levels = self.levels_for(p)[:-1]
        abroad = np.zeros(len(table), dtype=bool)
        if "country" in table.columns:
            codes, folded = factorize_folded(table["country"])
            foreign = np.array(
                [f is not None and f not in _VIETNAM for f in folded] + [False], dtype=bool
            )
            abroad = foreign[np.where(codes < 0, len(folded), codes)]
        codes, known, missing = lookup(table["region"], _REGION_MAP, levels, None)
        reason_idx = np.where(abroad, 0, np.where(missing, 2, np.where(known, 1, 3)))
        codes = np.where(abroad, [lv.code for lv in levels].index("abroad"), codes)
        return codes, reason_idx.astype(np.int64)

    def reasons(self, p):
        return _REGION_REASONS


def _render_country(scheme, table, rows, p, levels=None):
    return [
        tr(f"Quốc gia = '{c}' (không phải Việt Nam)", f"Country = '{c}' (not Việt Nam)")
        for c in table["country"].astype("object").to_numpy()[rows]
    ]


def _render_region(suffix: tuple[str, str] | None):
    def render(scheme, table, rows, p, levels=None):
        regions = table["region"].astype("object").to_numpy()[rows]
        tail = "" if suffix is None else " " + tr(*suffix)
        return [f"{_column_name(scheme, 'region', p)} = '{r}'" + tail for r in regions]

    return render


# reasons: 0 abroad by country, 1 a known region, 2 region missing, 3 region not recognised
_REGION_REASONS = (
    Reason("abroad by country", render=_render_country),
    Reason("known region", render=_render_region(None)),
    Reason(
        "missing",
        render=lambda scheme, table, rows, p, levels=None: [missing_text(["region"])] * len(rows),
    ),
    Reason(
        "region not recognised",
        render=_render_region(("không phải Bắc / Trung / Nam", "is not North / Central / South")),
    ),
)


_REGION = scheme_part(
    _RegionScheme,
    title_vi="Theo vùng miền",
    title_en="By region",
    levels=_REGION_LEVELS,
    # a foreign firm has no region: a blank region is unknown only when the country does not say "abroad"
    requires=(Column("region", "category", unknown_if_missing=False),),
)


def _km(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "vi" else text


def _radius_levels(p: Mapping) -> tuple[Level, ...]:
    r = float(p["radius_km"])
    vi, en = _km(r, "vi"), _km(r, "en")
    return (
        Level(
            "inside",
            f"Trong bán kính {vi} km",
            f"Within {en} km",
            f"Ở cách cửa hàng / kho không quá {vi} km",
            f"Lives or works at most {en} km from the shop / warehouse",
            "Mời ghé cửa hàng, giao trong ngày; quảng cáo theo vị trí quanh cửa hàng, tờ rơi khu dân cư",
            "Invite them in, deliver the same day; run location ads around the shop, leaflets in the neighbourhood",
        ),
        Level(
            "outside",
            f"Ngoài bán kính {vi} km",
            f"Beyond {en} km",
            f"Ở xa hơn {vi} km",
            f"Lives or works more than {en} km away",
            "Bán trực tuyến, giao qua đơn vị vận chuyển, miễn phí giao cho đơn đủ lớn; nơi nào đông khách thì cân nhắc mở điểm bán",
            "Sell online, ship by carrier, free delivery above a minimum order; where customers cluster, consider a new outlet",
        ),
    )


_RADIUS = scheme_part(
    title_vi="Theo bán kính quanh cửa hàng",
    title_en="By radius around the shop",
    levels=_radius_levels({"radius_km": 10.0}),
    level_sets=_radius_levels,
    # kind "number" (two decimals) so that 10,04 km is not shown as "10 km > 10 km"
    requires=(
        Column(
            "distance_km",
            "number",
        ),
    ),
    rules=(
        Rule(
            "inside",
            lambda t, p: t["distance_km"] <= p["radius_km"],
            "cách {distance_km} km ≤ {p_radius_km}",
            "{distance_km} km away ≤ {p_radius_km}",
        ),
        Rule(
            "outside",
            None,
            "cách {distance_km} km > {p_radius_km}",
            "{distance_km} km away > {p_radius_km}",
        ),
    ),
    guards=(
        Guard(
            negative_in("distance_km"),
            "khoảng cách {distance_km} km bị âm, không hợp lệ",
            "distance {distance_km} km is negative, not valid",
        ),
    ),
    missing_reasons={
        "distance_km": (
            "chưa có khoảng cách (chưa có địa chỉ, hoặc khách ở nước ngoài)",
            "no distance (no address yet, or a customer abroad)",
        )
    },
)

GEOGRAPHIC = register(
    switch_scheme(
        code="geographic",
        number=6,
        title_vi="Phân loại theo địa lý",
        title_en="Geographic segmentation",
        purpose_vi="Chia khách theo miền (Bắc / Trung / Nam / nước ngoài) để tối ưu giao hàng, kho và hậu mãi, hoặc theo bán kính quanh cửa hàng để biết ai đủ gần để phục vụ tận nơi.",
        purpose_en="Group customers by region (North / Central / South / abroad) to plan delivery, warehouses and after-sales, or by a radius around the shop to see who is close enough to serve in person.",
        by=Param(
            "by",
            "region",
            "Phân loại theo",
            "Classify by",
            choices=("region", "radius"),
            kind="choice",
            choice_labels={
                "region": ("Miền", "Region"),
                "radius": ("Bán kính quanh cửa hàng", "Radius around the shop"),
            },
        ),
        parts={"region": _REGION, "radius": _RADIUS},
        params={
            "radius_km": Param(
                "radius_km",
                10.0,
                "Bán kính (km)",
                "Radius (km)",
                0.5,
                1500.0,
                0.5,
                kind="km",
                only_when=("by", "radius"),
            )
        },
        source=("001", "002", "004"),
        cases=("bolts", "fashion", "spa"),
    )
)


# ================================================================================================
# 5. internal_external — who we serve, inside and outside the company (003)
# ================================================================================================
_RELATION_LEVELS = (
    Level(
        "manager",
        "Cấp trên",
        "Manager",
        "Khách hàng nội bộ: người giao việc và đánh giá kết quả của ta",
        "Internal: the person who assigns and judges our work",
        "Báo cáo đúng hạn, ngắn gọn, có số liệu; thống nhất kỳ vọng ngay từ đầu",
        "Report on time, briefly and with figures; agree on expectations up front",
    ),
    Level(
        "colleague",
        "Đồng nghiệp",
        "Colleague",
        "Khách hàng nội bộ: người cùng cấp cần kết quả của ta để làm tiếp",
        "Internal: a peer who needs our output to do their part",
        "Bàn giao thông tin khách đầy đủ (marketing → sale → chăm sóc), hẹn hạn rõ, phản hồi nhanh",
        "Hand over complete customer information (marketing → sales → care), agree deadlines, reply quickly",
    ),
    Level(
        "subordinate",
        "Cấp dưới",
        "Subordinate",
        "Khách hàng nội bộ: người ta giao việc, cần hướng dẫn và công cụ",
        "Internal: the people we assign work to; they need guidance and tools",
        "Giao việc rõ ràng, đào tạo kịch bản tư vấn, ghi nhận và khen thưởng kịp thời",
        "Give clear tasks, train them on the sales script, recognise and reward them promptly",
    ),
    Level(
        "branch",
        "Chi nhánh khác",
        "Other branch",
        "Khách hàng nội bộ: nhân viên ở chi nhánh / cơ sở khác",
        "Internal: staff at another branch or site",
        "Dùng chung bảng giá và quy trình, chia sẻ tồn kho / lịch hẹn, chuyển khách về nơi gần họ nhất",
        "Share one price list and process, share stock and bookings, pass customers to the site nearest them",
    ),
    Level(
        "partner",
        "Đối tác",
        "Partner",
        "Khách hàng nội bộ: nhà cung cấp, đơn vị vận chuyển, đại lý cùng ta phục vụ khách",
        "Internal: suppliers, carriers and agents who serve the customer with us",
        "Thanh toán đúng hạn, chia sẻ dự báo đơn hàng, cùng đặt tiêu chuẩn giao hàng và chăm sóc",
        "Pay on time, share order forecasts, agree delivery and service standards together",
    ),
    Level(
        "buyer",
        "Người mua",
        "Buyer",
        "Khách hàng bên ngoài: người trả tiền và quyết định mua",
        "External: the person who pays and decides to buy",
        "Báo giá rõ, thanh toán thuận tiện, chăm sóc sau mua để họ mua lại",
        "Clear quotes, easy payment, after-sales care so they buy again",
    ),
    Level(
        "user",
        "Người sử dụng",
        "User",
        "Khách hàng bên ngoài: người trực tiếp dùng sản phẩm / dịch vụ",
        "External: the person who actually uses the product or service",
        "Hướng dẫn sử dụng, hỏi cảm nhận sau mỗi lần dùng, xử lý phàn nàn ngay",
        "Show how to use it, ask how it went after each use, fix complaints at once",
    ),
    Level(
        "beneficiary",
        "Người thụ hưởng",
        "Beneficiary",
        "Khách hàng bên ngoài: người nhận lợi ích mà không trực tiếp mua hay dùng (vd. được tặng thẻ)",
        "External: gets the benefit without buying or using it directly (e.g. given a gift card)",
        "Cho họ thấy kết quả (thiệp tặng, ảnh trước – sau) và mời họ thành người mua lần sau",
        "Let them see the result (a gift card, before-and-after photos) and invite them to be the next buyer",
    ),
)

INTERNAL_EXTERNAL = register(
    MapScheme(
        code="internal_external",
        number=13,
        title_vi="Khách hàng nội bộ và bên ngoài",
        title_en="Internal and external customers",
        purpose_vi="Nhớ rằng ta phục vụ cả người trong công ty (cấp trên, đồng nghiệp, cấp dưới, chi nhánh khác, đối tác) lẫn người ngoài (người mua, người sử dụng, người thụ hưởng) — mỗi vai cần một cách chăm sóc.",
        purpose_en="Remember that we serve people inside the company (managers, colleagues, subordinates, other branches, partners) and outside it (buyers, users, beneficiaries) — each role needs its own kind of care.",
        levels=_RELATION_LEVELS,
        requires=(Column("relation", "category"),),
        column="relation",
        mapping=synonyms(
            _RELATION_LEVELS,
            {
                "manager": (
                    "Sếp",
                    "Quản lý",
                    "Trưởng phòng",
                    "Giám đốc",
                    "Lãnh đạo",
                    "Boss",
                    "Superior",
                    "Line manager",
                ),
                "colleague": (
                    "Đồng nghiệp cùng phòng",
                    "Phòng ban khác",
                    "Bộ phận khác",
                    "Peer",
                    "Other department",
                    "Coworker",
                    "Co-worker",
                ),
                "subordinate": (
                    "Nhân viên cấp dưới",
                    "Nhân viên dưới quyền",
                    "Direct report",
                    "Team member",
                ),
                "branch": (
                    "Chi nhánh",
                    "Cơ sở khác",
                    "Nhân viên chi nhánh khác",
                    "Branch",
                    "Other site",
                ),
                "partner": (
                    "Nhà cung cấp",
                    "Đại lý",
                    "Đơn vị vận chuyển",
                    "Supplier",
                    "Vendor",
                    "Agent",
                    "Carrier",
                ),
                "buyer": (
                    "Khách mua",
                    "Người trả tiền",
                    "Khách hàng",
                    "Purchaser",
                    "Customer",
                    "Payer",
                ),
                "user": ("Người dùng", "Khách sử dụng", "End user", "Người sử dụng dịch vụ"),
                "beneficiary": (
                    "Người hưởng lợi",
                    "Người được tặng",
                    "Người nhận quà",
                    "Recipient",
                ),
            },
        ),
        fallback=None,  # a role we do not know is not guessed
        source=("003",),
        cases=("spa", "bolts", "fashion"),
        table="contacts",
    )
)
