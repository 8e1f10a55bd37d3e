"""Bài 05 — Sáu cấp độ khách hàng (article 004): from suspect to key account, on the fashion shop."""

from __future__ import annotations

import numpy as np

from .. import practice
from ..reports import profile
from ..schemes.registry import SCHEMES, classify
from ..vn import format_percent

TITLE = ("Sáu cấp độ khách hàng", "The six customer levels")
NOTEBOOK = "05_bac_thang.ipynb"
CASES = ("fashion",)


def persona_prospects(customers) -> int:
    """Women aged 30–40 within 10 km of the shop who have not bought: article 004's prospects."""
    persona = (customers["gender"] == "Nữ") & customers["age"].between(30, 40)
    near = customers["distance_km"] <= 10
    return int((persona & near & (customers["n_orders"] == 0)).sum())


def key_spend_for(customers, low: float = 0.005, high: float = 0.01) -> float:
    """A key-account spend threshold (on the slider's grid) that keeps key accounts between
    ``low`` and ``high`` of all contacts — found in the data, for any seed."""
    spend = customers["total_spend"].to_numpy(dtype=float)
    often = (
        customers["n_orders"].to_numpy(dtype=float)
        >= SCHEMES["ladder"].params["key_orders"].default
    )
    p = SCHEMES["ladder"].params["key_spend"]
    grid = np.arange(p.lo, p.hi + p.step, p.step)
    shares = np.array([(often & (spend >= g)).mean() for g in grid])
    inside = np.flatnonzero((shares >= low) & (shares <= high))
    pick = inside[0] if len(inside) else int(np.argmin(np.abs(shares - (low + high) / 2)))
    return float(grid[pick])


def exercises(case) -> list[practice.Exercise]:
    c = case.customers

    def ladder(**params):
        return classify(c, "ladder", **params)

    def key_target(labels):
        share = float((labels == "key").mean())
        seen = format_percent(share, 1)
        return (
            0.005 <= share <= 0.01,
            f"Khách hàng lớn chiếm {seen} số liên hệ",
            f"key accounts are {seen} of contacts",
        )

    def revenue_options():
        return [(lv.code, lv.vi, lv.en) for lv in SCHEMES["ladder"].levels_for()[:-1]]

    def top_revenue():
        return str(profile(c, ladder())["revenue"].idxmax())

    def why_top():
        table = profile(c, ladder())
        code = str(table["revenue"].idxmax())
        level = SCHEMES["ladder"].levels_for()[
            [lv.code for lv in SCHEMES["ladder"].levels_for()].index(code)
        ]
        share = format_percent(float(table.loc[code, "revenue_share"]))
        people = format_percent(float(table.loc[code, "customer_share"]), 1)
        return (
            f"{level.vi}: {share} doanh thu từ chỉ {people} số liên hệ.",
            f"{level.en}: {share} of revenue from only {people} of contacts.",
        )

    return [
        practice.number(
            "1",
            (
                "Với bán kính phục vụ mặc định 10 km, có bao nhiêu người là Khách tiềm năng (Prospect)?",
                "With the default 10 km service radius, how many people are prospects?",
            ),
            lambda: int((ladder() == "prospect").sum()),
            hint=(
                "Phân loại bằng phanloai.classify(fashion.customers, 'ladder') rồi đếm mã 'prospect': (nhan == 'prospect').sum().",
                "Classify with phanloai.classify(fashion.customers, 'ladder'), then count the code 'prospect': (labels == 'prospect').sum().",
            ),
            how=(
                "nhan = phanloai.classify(fashion.customers, 'ladder')\n(nhan == 'prospect').sum()",
                "labels = phanloai.classify(fashion.customers, 'ladder')\n(labels == 'prospect').sum()",
            ),
            schemes=("ladder",),
        ),
        practice.number(
            "2",
            (
                "Theo đúng chân dung của bài 004 (phụ nữ 30–40 tuổi), bao nhiêu người sống trong 10 km quanh "
                "cửa hàng mà chưa mua lần nào?",
                "With article 004's persona (women aged 30–40), how many live within 10 km of the shop and "
                "have never bought?",
            ),
            lambda: persona_prospects(c),
            hint=(
                "Ghép bốn điều kiện bằng &: gender == 'Nữ', age.between(30, 40), distance_km <= 10, n_orders == 0.",
                "Combine four conditions with &: gender == 'Nữ', age.between(30, 40), distance_km <= 10, n_orders == 0.",
            ),
            how=(
                "k = fashion.customers\n((k['gender'] == 'Nữ') & k['age'].between(30, 40)\n"
                " & (k['distance_km'] <= 10) & (k['n_orders'] == 0)).sum()",
                "k = fashion.customers\n((k['gender'] == 'Nữ') & k['age'].between(30, 40)\n"
                " & (k['distance_km'] <= 10) & (k['n_orders'] == 0)).sum()",
            ),
        ),
        practice.choice(
            "3",
            (
                "Đọc biểu đồ chân dung các nhóm: nhóm nào mang lại nhiều doanh thu nhất?",
                "Read the profile chart: which level brings in the most revenue?",
            ),
            revenue_options,
            top_revenue,
            hint=(
                "Nhìn bảng doanh thu (cột 'Doanh thu'), không phải số khách.",
                "Look at revenue (the 'Revenue' panel), not at the number of customers.",
            ),
            why=why_top,
            schemes=("ladder",),
        ),
        practice.thresholds(
            "4",
            (
                "Chọn ngưỡng chi tiêu của khách lớn (key_spend) sao cho Khách hàng lớn chiếm từ 0,5 % tới 1 % số "
                "liên hệ. Trả lời bằng một dict, ví dụ {'key_spend': 20_000_000}.",
                "Choose the key-account spend threshold (key_spend) so that key accounts are 0.5 % to 1 % of "
                "contacts. Answer with a dict, e.g. {'key_spend': 20_000_000}.",
            ),
            "ladder",
            lambda: c,
            key_target,
            right=lambda: {"key_spend": key_spend_for(c)},
            wrong={"key_spend": 1_000_000},
            hint=(
                "Kéo thanh trượt key_spend trong bộ khám phá và nhìn số Khách hàng lớn; ngưỡng càng cao, nhóm càng nhỏ.",
                "Move the key_spend slider in the explorer and watch the key accounts; the higher the threshold, the smaller the group.",
            ),
        ),
        practice.strategy(
            "5",
            (
                "Viết cho mỗi cấp một câu: làm gì để đẩy khách ở cấp ấy lên cấp kế tiếp? Trả lời bằng dict mã cấp → câu.",
                "Write one line per level: what moves its customers up to the next level? Answer with a dict level code → line.",
            ),
            "ladder",
            hint=(
                "Bài 004 gợi ý: sản phẩm dẫn và ưu đãi lần đầu cho Prospect, thẻ thành viên cho Rebuy, chăm sóc riêng cho Key account.",
                "Article 004 suggests: a lead product and a first-purchase deal for prospects, a loyalty card for rebuyers, personal care for key accounts.",
            ),
        ),
    ]


def narrowing(case):
    """Article 004's narrowing in this world, step by step: contacts → the persona (women aged
    30–40) → the persona within 10 km → of those, who have not bought yet."""
    import pandas as pd

    c = case.customers
    persona = (c["gender"] == "Nữ") & c["age"].between(30, 40)
    near = c["distance_km"] <= 10
    steps = {
        "contacts": ("Mọi liên hệ", "Every contact"),
        "persona": ("Đúng chân dung: phụ nữ 30–40 tuổi", "The persona: women aged 30–40"),
        "persona_near": ("… sống trong 10 km quanh cửa hàng", "… living within 10 km of the shop"),
        "persona_near_not_bought": ("… và chưa mua lần nào", "… who have not bought yet"),
    }
    counts = [len(c), int(persona.sum()), int((persona & near).sum()), persona_prospects(c)]
    table = pd.DataFrame(
        {"people": counts, "of_top": [n / len(c) if len(c) else float("nan") for n in counts]},
        index=pd.Index(list(steps), name="step"),
    )
    table.attrs = {"report": "narrowing", "words": steps}
    return table
