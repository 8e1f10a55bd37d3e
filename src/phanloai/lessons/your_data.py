"""Bài 07 — Dữ liệu của bạn: a messy export through the door, its report, the mapping, classifying.

The exercises read the data the student imported (``phanloai.from_files`` on the sample of
:mod:`phanloai.intake.sample`, or on their own files): every answer is worked out from it.
"""

from __future__ import annotations

from .. import practice
from ..intake.door import NAME
from ..intake.places import current_provinces, match_province
from ..schemes.registry import classify

TITLE = ("Dữ liệu của bạn", "Your own data")
NOTEBOOK = "07_du_lieu_cua_ban.ipynb"
CASES = (NAME,)


def error_rows(case, table: str = "orders") -> int:
    """How many rows of the ``table`` file the report marks as errors (level ``error``, "lỗi")."""
    files = [f.file for f in case.files if f.table == table]
    report = case.report
    errors = report[report["file"].isin(files) & (report["level"] == "error")]
    return int(errors["row"].dropna().nunique())


def shared_phones(case) -> int:
    """Rows that share their phone number with an earlier row of the customer file."""
    return sum(len(i.rows) for i in case.issues if i.code in ("duplicate_phone", "merged_phone"))


def commonest_old_province(case) -> str | None:
    """The pre-2025 province name that the most rows of the files hold (None if none)."""
    old = [i for i in case.issues if i.code == "province_old"]
    if not old:
        return None
    return str(max(old, key=lambda i: int(i.count.sum())).detail["old"])


def exercises(case) -> list[practice.Exercise]:
    def province_options():
        old = commonest_old_province(case) or "Bình Dương"
        new = match_province(old)[0]
        names = list(current_provinces()["province"])
        i = names.index(new)
        others = [names[(i + k) % len(names)] for k in (1, 2)]
        options = [new, *others]
        options.insert(1, old)  # the old name itself is a trap: it is no unit any more
        return [(name, name, name) for name in options]

    def province_right():
        old = commonest_old_province(case) or "Bình Dương"
        return match_province(old)[0]

    def province_why():
        old = commonest_old_province(case) or "Bình Dương"
        new = match_province(old)[0]
        return (
            f"Từ 1/7/2025, '{old}' thuộc '{new}' (Nghị quyết 202/2025/QH15); cửa dữ liệu đổi tên và ghi "
            "chú trong báo cáo.",
            f"Since 1 July 2025 '{old}' is part of '{new}' (Resolution 202/2025/QH15); the door renames it "
            "and notes it in the report.",
        )

    return [
        practice.number(
            "1",
            (
                "Theo báo cáo kiểm tra, bao nhiêu dòng Excel khác nhau của tệp đơn hàng có lỗi (mức lỗi, "
                "level == 'error')? Một dòng có hai lỗi được báo hai lần nhưng vẫn là một dòng (cột row).",
                "According to the validation report, how many different Excel rows of the order file have "
                "errors (level 'error')? A row with two errors is reported twice but is still one row "
                "(column row).",
            ),
            lambda: error_rows(case, "orders"),
            hint=(
                "Lọc du_lieu.report theo tệp đơn hàng và level == 'error', rồi đếm số dòng khác nhau (cột row).",
                "Filter du_lieu.report by the order file and level == 'error', then count the distinct rows (column row).",
            ),
            how=(
                "r = du_lieu.report\nloi = r[r['file'].str.startswith('don_hang') & (r['level'] == 'error')]\n"
                "loi['row'].nunique()",
                "r = du_lieu.report\nerrors = r[r['file'].str.startswith('don_hang') & (r['level'] == 'error')]\n"
                "errors['row'].nunique()",
            ),
        ),
        practice.choice(
            "2",
            (
                "Tỉnh cũ được ghi nhiều nhất trong tệp của bạn, từ 1/7/2025 thuộc đơn vị nào?",
                "The old province written most often in your files belongs, since 1 July 2025, to which unit?",
            ),
            province_options,
            province_right,
            hint=(
                "Xem các dòng 'tên tỉnh trước 1/7/2025' trong báo cáo: cột done_vi ghi tên mới.",
                "Look at the 'province name from before 1 July 2025' lines of the report: done_en gives the new name.",
            ),
            why=province_why,
        ),
        practice.number(
            "3",
            (
                "Bao nhiêu dòng khách hàng trùng số điện thoại với một dòng trước đó?",
                "How many customer rows share their phone number with an earlier row?",
            ),
            lambda: shared_phones(case),
            hint=(
                "Tìm các dòng báo cáo có problem_vi bắt đầu bằng 'trùng số điện thoại'.",
                "Find the report lines whose problem_en starts with 'same phone number'.",
            ),
            how=(
                "r = du_lieu.report\nr['problem_vi'].str.startswith('trùng số điện thoại').sum()",
                "r = du_lieu.report\nr['problem_en'].str.startswith('same phone number').sum()",
            ),
        ),
        practice.number(
            "4",
            (
                "Phân loại cấp độ dịch vụ (service_level) với tham số mặc định: bao nhiêu khách là khách "
                "trung thành ('loyal')?",
                "Classify with service_level at its defaults: how many customers are loyal ('loyal')?",
            ),
            lambda: int((classify(case.customers, "service_level") == "loyal").sum()),
            hint=(
                "nhan = phanloai.classify(du_lieu.customers, 'service_level'), rồi (nhan == 'loyal').sum().",
                "labels = phanloai.classify(du_lieu.customers, 'service_level'), then (labels == 'loyal').sum().",
            ),
            how=(
                "nhan = phanloai.classify(du_lieu.customers, 'service_level')\n(nhan == 'loyal').sum()",
                "labels = phanloai.classify(du_lieu.customers, 'service_level')\n(labels == 'loyal').sum()",
            ),
            schemes=("service_level",),
        ),
    ]


__all__ = ["commonest_old_province", "error_rows", "exercises", "shared_phones"]
