"""Bài 00 — Bắt đầu: the first two exercises, to learn how ``check``, ``hint`` and ``solution`` work."""

from __future__ import annotations

from .. import practice
from ..reports import profile
from ..schemes.registry import SCHEMES, classify

TITLE = ("Bắt đầu", "Start here")
NOTEBOOK = "00_bat_dau.ipynb"
CASES = ("fashion",)


def exercises(case) -> list[practice.Exercise]:
    c = case.customers

    def levels():
        return [(lv.code, lv.vi, lv.en) for lv in SCHEMES["ladder"].levels_for()[:-1]]

    def largest() -> str:
        return str(profile(c, classify(c, "ladder"))["customers"].idxmax())

    def why():
        table = profile(c, classify(c, "ladder"))
        code = largest()
        level = next(lv for lv in SCHEMES["ladder"].levels_for() if lv.code == code)
        n = int(table.loc[code, "customers"])
        return (f"{level.vi}: {n:,} người.".replace(",", "."), f"{level.en}: {n:,} people.")

    return [
        practice.number(
            "1",
            (
                "Cửa hàng thời trang có bao nhiêu liên hệ đã mua ít nhất một lần?",
                "How many of the fashion shop's contacts have bought at least once?",
            ),
            lambda: int((c["n_orders"] > 0).sum()),
            hint=(
                "Cột n_orders là số đơn của mỗi người: đếm những dòng có n_orders > 0, ví dụ "
                "(fashion.customers['n_orders'] > 0).sum().",
                "The n_orders column counts each person's orders: count the rows with n_orders > 0, e.g. "
                "(fashion.customers['n_orders'] > 0).sum().",
            ),
            how=(
                "(fashion.customers['n_orders'] > 0).sum()",
                "(fashion.customers['n_orders'] > 0).sum()",
            ),
        ),
        practice.choice(
            "2",
            (
                "Trong bảng chân dung sáu cấp độ ở trên, cấp nào đông người nhất?",
                "In the six-level profile above, which level has the most people?",
            ),
            levels,
            largest,
            hint=(
                "Nhìn cột 'Số khách' của bảng chân dung.",
                "Look at the 'Customers' column of the profile.",
            ),
            why=why,
            schemes=("ladder",),
        ),
    ]
