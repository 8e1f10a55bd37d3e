"""Bài 04 — Khách hàng nội bộ / bên ngoài, ba cấp độ dịch vụ và hành trình 4A / 5A (article 003),
on the spa (and, as well, on the fashion shop)."""

from __future__ import annotations

from .. import practice
from ..reports import funnel
from ..schemes.registry import SCHEMES, classify
from ..vn import format_number, format_percent
from .facts import fact

TITLE = (
    "Khách hàng nội bộ, ba cấp độ dịch vụ và hành trình khách hàng",
    "Internal customers, the three service levels and the customer journey",
)
NOTEBOOK = "04_hanh_trinh.ipynb"
CASES = ("spa", "fashion")

#: The internal roles of ``internal_external`` (the rest are external customers).
INTERNAL = ("manager", "colleague", "subordinate", "branch", "partner")
#: Article 003's target for exercise 4: "act again" at most a third of the buyers.
ACT_AGAIN_SHARE = 1 / 3


def internal_count(case) -> int:
    """How many of the case's contacts are internal customers."""
    return int(classify(case.contacts, "internal_external").isin(INTERNAL).sum())


def loyal_share(customers) -> float:
    """Loyal customers (default thresholds) as a share of everyone who has bought."""
    lab = classify(customers, "service_level")
    buyers = int(lab.isin(["first", "repeat", "loyal"]).sum())
    return float((lab == "loyal").sum() / buyers) if buyers else float("nan")


def act_again_share(customers, act_again_orders: int) -> float:
    """Share of buyers that the 4A journey puts at "act again" with this threshold."""
    lab = classify(customers, "journey_4a", act_again_orders=act_again_orders)
    buyers = int(lab.isin(["act", "act_again"]).sum())
    return float((lab == "act_again").sum() / buyers) if buyers else float("nan")


def act_again_threshold(customers, share: float = ACT_AGAIN_SHARE) -> int:
    """The smallest ``act_again_orders`` (on the slider's range) that keeps "act again" at or
    below ``share`` of the buyers — found in the data, for any seed."""
    p = SCHEMES["journey_4a"].params["act_again_orders"]
    for k in range(int(p.lo), int(p.hi) + 1):
        if act_again_share(customers, k) <= share:
            return k
    return int(p.hi)


def spend_ratio(customers) -> float:
    """Average spend of buyers who spoke up (advocate_events ≥ 1) ÷ that of buyers who did not."""
    buyers = customers[customers["n_orders"] >= 1]
    spoke = buyers["advocate_events"] >= 1
    return float(buyers.loc[spoke, "total_spend"].mean() / buyers.loc[~spoke, "total_spend"].mean())


def repeat_share(customers, spoke: bool) -> float:
    """Share of buyers with 2+ orders, among those who spoke up (``spoke=True``) or not."""
    buyers = customers[customers["n_orders"] >= 1]
    part = buyers[(buyers["advocate_events"] >= 1) == spoke]
    return float((part["n_orders"] >= 2).mean())


@fact("spa", "journey_advocate_repeat")
def _(case):
    return repeat_share(case.customers, True)


@fact("spa", "journey_quiet_repeat")
def _(case):
    return repeat_share(case.customers, False)


def exercises(case) -> list[practice.Exercise]:
    c = case.customers
    v = case.name  # the notebook's variable for the case (spa, fashion)
    levels_5a = SCHEMES["journey_5a"].levels_for()[:-1]

    def lowest_step():
        table = funnel(classify(c, "journey_5a"))
        return str(table.loc[[lv.code for lv in levels_5a[1:]], "step_rate"].astype(float).idxmin())

    def step_options():
        return [
            (after.code, f"{before.vi} → {after.vi}", f"{before.en} → {after.en}")
            for before, after in zip(levels_5a[:-1], levels_5a[1:], strict=True)
        ]

    def why_step():
        table = funnel(classify(c, "journey_5a"))
        codes = [lv.code for lv in levels_5a]
        names = {lv.code: lv for lv in levels_5a}
        worst = lowest_step()
        before = names[codes[codes.index(worst) - 1]]
        rate = format_percent(float(table.loc[worst, "step_rate"]), 0)
        reached = table.loc[codes, "reached"].astype(int)
        lost = (reached.shift(1) - reached).iloc[1:]
        most = str(lost.idxmax())
        most_from = names[codes[codes.index(most) - 1]]
        people = format_number(float(lost.max()), 0)
        return (
            f"{before.vi} → {names[worst].vi}: chỉ {rate} người đi tiếp. Nhưng tính theo số người, "
            f"phễu mất nhiều nhất ở bước {most_from.vi} → {names[most].vi} ({people} người).",
            f"{before.en} → {names[worst].en}: only {rate} go on. But in people, the funnel loses "
            f"most at {most_from.en} → {names[most].en} ({people} people).",
        )

    def target_4a(labels):
        k = int(labels.phanloai.params["act_again_orders"])
        buyers = int(labels.isin(["act", "act_again"]).sum())
        share = float((labels == "act_again").sum() / buyers) if buyers else float("nan")
        seen = format_percent(share, 1)
        if not share <= ACT_AGAIN_SHARE:
            return (
                False,
                f"với {k} đơn, nhóm Hành động lặp lại là {seen} số người đã mua — quá một phần ba",
                f"with {k} orders, act again is {seen} of buyers — over a third",
            )
        if k > 2 and act_again_share(c, k - 1) <= ACT_AGAIN_SHARE:
            return (
                False,
                f"với {k} đơn, nhóm Hành động lặp lại là {seen} số người đã mua; nhưng {k - 1} đơn "
                "cũng không quá một phần ba — hãy chọn ngưỡng nhỏ nhất",
                f"with {k} orders, act again is {seen} of buyers; but {k - 1} orders also stays "
                "within a third — choose the smallest threshold",
            )
        return (
            True,
            f"với {k} đơn, nhóm Hành động lặp lại là {seen} số người đã mua, và {k - 1} đơn thì quá một phần ba"
            if k > 2
            else f"với {k} đơn, nhóm Hành động lặp lại là {seen} số người đã mua",
            f"with {k} orders, act again is {seen} of buyers, and {k - 1} orders would be over a third"
            if k > 2
            else f"with {k} orders, act again is {seen} of buyers",
        )

    def wrong_4a():
        k = act_again_threshold(c)
        return {"act_again_orders": k + 1 if k < 10 else 2}

    return [
        practice.number(
            "1",
            (
                "Danh bạ (contacts) gồm cả người trong lẫn ngoài doanh nghiệp. Có bao nhiêu người là "
                "khách hàng nội bộ (internal customers)?",
                "The contact list holds people inside and outside the business. How many of them are "
                "internal customers?",
            ),
            lambda: internal_count(case),
            hint=(
                f"Phân loại bảng contacts (không phải customers): phanloai.classify({v}.contacts, 'internal_external'); "
                "nội bộ là năm mã 'manager', 'colleague', 'subordinate', 'branch', 'partner' — đếm bằng .isin([...]).sum().",
                f"Classify the contacts table (not customers): phanloai.classify({v}.contacts, 'internal_external'); "
                "internal are the five codes 'manager', 'colleague', 'subordinate', 'branch', 'partner' — count with .isin([...]).sum().",
            ),
            how=(
                f"vai = phanloai.classify({v}.contacts, 'internal_external')\n"
                "vai.isin(['manager', 'colleague', 'subordinate', 'branch', 'partner']).sum()",
                f"role = phanloai.classify({v}.contacts, 'internal_external')\n"
                "role.isin(['manager', 'colleague', 'subordinate', 'branch', 'partner']).sum()",
            ),
            schemes=("internal_external",),
        ),
        practice.number(
            "2",
            (
                "Với ngưỡng mặc định của ba cấp độ dịch vụ, trong những người đã mua ít nhất một lần, "
                'khách trung thành (loyal) chiếm bao nhiêu phần? Trả lời bằng tỷ lệ 0–1 (ví dụ 0.5) hoặc dạng "50 %".',
                "With the default thresholds of the three service levels, what share of everyone who has "
                'bought at least once is loyal? Answer with a share 0–1 (e.g. 0.5) or as "50 %".',
            ),
            lambda: loyal_share(c),
            kind="share",
            hint=(
                "Người đã mua là ba cấp 'first', 'repeat', 'loyal' (không tính 'none'). Chia số 'loyal' cho tổng ba cấp ấy.",
                "Buyers are the three levels 'first', 'repeat', 'loyal' (not 'none'). Divide the 'loyal' count by the three together.",
            ),
            how=(
                f"cap = phanloai.classify({v}.customers, 'service_level')\n"
                "(cap == 'loyal').sum() / cap.isin(['first', 'repeat', 'loyal']).sum()",
                f"level = phanloai.classify({v}.customers, 'service_level')\n"
                "(level == 'loyal').sum() / level.isin(['first', 'repeat', 'loyal']).sum()",
            ),
            schemes=("service_level",),
        ),
        practice.choice(
            "3",
            (
                "Đọc phễu 5A: ở bước chuyển nào tỷ lệ qua bước (step rate) thấp nhất?",
                "Read the 5A funnel: at which step is the step rate lowest?",
            ),
            step_options,
            lowest_step,
            hint=(
                f"Nhìn cột 'Tỷ lệ qua bước' của phanloai.funnel(phanloai.classify({v}.customers, 'journey_5a')): "
                "số người tới bước này chia cho số người tới bước trước.",
                f"Look at the step-rate column of phanloai.funnel(phanloai.classify({v}.customers, 'journey_5a')): "
                "people reaching this stage divided by those reaching the one before.",
            ),
            why=why_step,
            schemes=("journey_5a",),
        ),
        practice.thresholds(
            "4",
            (
                "Quà tri ân chỉ đủ cho khoảng một phần ba số người đã mua. Trên hành trình 4A, chọn số đơn "
                "nhỏ nhất để tính là Hành động lặp lại (act_again_orders) sao cho nhóm Hành động lặp lại không quá "
                "một phần ba số người đã mua. Trả lời bằng dict, ví dụ {'act_again_orders': 2}.",
                "Thank-you gifts cover only about a third of the buyers. On the 4A journey, choose the "
                "smallest number of orders that counts as acting again (act_again_orders) so that 'act "
                "again' is at most a third of the buyers. Answer with a dict, e.g. {'act_again_orders': 2}.",
            ),
            "journey_4a",
            lambda: c,
            target_4a,
            right=lambda: {"act_again_orders": act_again_threshold(c)},
            wrong=wrong_4a,
            hint=(
                "Kéo thanh trượt act_again_orders trong bộ khám phá 4A: ngưỡng càng cao, nhóm Hành động lặp lại càng nhỏ. "
                "Người đã mua = Hành động + Hành động lặp lại.",
                "Move the act_again_orders slider in the 4A explorer: the higher the threshold, the smaller 'act again'. "
                "Buyers = act + act again.",
            ),
        ),
        practice.number(
            "5",
            (
                "Trải nghiệm tốt đáng bao nhiêu? Trong những người đã mua, chi tiêu bình quân (total_spend) "
                "của người đã lên tiếng khen (advocate_events ≥ 1) gấp bao nhiêu lần người chưa lên tiếng? "
                "Làm tròn 2 chữ số thập phân.",
                "What is a good experience worth? Among buyers, how many times the average spend "
                "(total_spend) of those who spoke up (advocate_events ≥ 1) is that of those who did not? "
                "Round to 2 decimals.",
            ),
            lambda: spend_ratio(c),
            kind="number",
            tolerance=0.01,
            hint=(
                "Lọc người đã mua (n_orders >= 1), chia làm hai nhóm theo advocate_events >= 1, lấy trung bình "
                "total_spend của từng nhóm rồi chia cho nhau.",
                "Keep buyers (n_orders >= 1), split them by advocate_events >= 1, take each group's mean "
                "total_spend and divide one by the other.",
            ),
            how=(
                f"k = {v}.customers\nmua = k[k['n_orders'] >= 1]\nkhen = mua['advocate_events'] >= 1\n"
                "mua.loc[khen, 'total_spend'].mean() / mua.loc[~khen, 'total_spend'].mean()",
                f"k = {v}.customers\nbuyers = k[k['n_orders'] >= 1]\nspoke = buyers['advocate_events'] >= 1\n"
                "buyers.loc[spoke, 'total_spend'].mean() / buyers.loc[~spoke, 'total_spend'].mean()",
            ),
            schemes=("journey_5a",),
        ),
        practice.strategy(
            "6",
            (
                "Bước 5 của bài 003 — phân bổ công việc: với mỗi bước 5A, viết một câu gồm bộ phận phụ trách "
                "và việc cần làm (ví dụ 'Marketing: ...'). Trả lời bằng dict mã bước → câu.",
                "Step 5 of article 003 — assign the work: for each 5A stage, write one line naming the "
                "department in charge and what it does (e.g. 'Marketing: ...'). Answer with a dict stage code → line.",
            ),
            "journey_5a",
            hint=(
                "Dựa vào bản đồ hành trình: Nhận biết và Thu hút thường thuộc marketing, Tìm hiểu thuộc tư vấn / sale, "
                "Hành động thuộc những người phục vụ trực tiếp (kỹ thuật viên, lễ tân, nhân viên bán hàng), Ủng hộ thuộc chăm sóc khách hàng.",
                "Use the journey map: aware and appeal usually belong to marketing, ask to consultants / sales, "
                "act to the people who serve in person (technicians, front desk, shop staff), advocate to customer care.",
            ),
        ),
    ]
