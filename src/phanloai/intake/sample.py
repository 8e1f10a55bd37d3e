"""A deliberately messy sample of "your own data", made by code (never edited by hand).

:func:`messy_files` writes what a spa's sales app and its Excel habits produce — the customers of
a small Spa Hoa Sen world (``phanloai.load("spa", n=400, seed=3)``) and their visits, written
the way real exports are:

``khach_hang.csv`` — Windows-1258 (the Vietnamese Windows code page), ``;`` between cells,
Vietnamese headers, a title row and a blank row above the header, province names from before
the 2025 merger (``Bình Dương``, ``Sài Gòn``, ``TP.HCM``…), phones as ``+84 912 345 678``,
``0912.345.678`` or with their pre-2018 11-digit prefix, distances with a decimal comma, a
row copied twice, two people sharing a phone, a phone that is not one, a blank row, and a
header the door does not know (``Người chăm sóc``: the salesperson).

``don_hang.xlsx`` — a first sheet of instructions, then the orders under a title row; dates as
Excel dates, as ``dd/mm/yyyy`` text, as serial numbers and as ISO text; amounts as numbers,
``1.250.000 ₫``, ``1,5 triệu``, ``450.000``; one customer's id in merged cells; an unreadable
date, an unreadable amount, a customer missing from the list, a line copied twice, a refund,
and a totals row at the bottom.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from ..files import writing
from ._text import read_data

__all__ = ["CASE", "messy_files", "to_cp1258"]

#: the world the sample is drawn from
CASE = {"case": "spa", "n": 400}

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Vietnamese text in Windows-1258, the way Windows writes it: the letters with a shape
    mark (â, ă, ê, ô, ơ, ư, đ) precomposed, tone marks as combining characters.

    >>> to_cp1258("Nguyễn").decode("cp1258") == unicodedata.normalize("NFD", "Nguyễn").replace("e\u0302", "ê")
    True
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        shape = parts[0] + "".join(c for c in parts[1:] if c not in _TONES)
        tones = "".join(c for c in parts[1:] if c in _TONES)
        out.append(unicodedata.normalize("NFC", shape) + tones)
    return "".join(out).encode("cp1258")


def _old_names() -> dict[str, list[str]]:
    """Current province → the old names that belong to it (merged or renamed)."""
    table = read_data("old_provinces")
    out: dict[str, list[str]] = {}
    for old, new in table[["old_name", "province"]].itertuples(index=False):
        out.setdefault(new, []).append(old)
    return out


def _phone_ways(phone: str, rng: np.random.Generator) -> str:
    from .places import old_prefixes

    back = {v: k for k, v in old_prefixes().items()}
    way = rng.integers(0, 5)
    if way == 0 and phone[:3] in back:
        return back[phone[:3]] + phone[3:]  # the 11-digit number of before 2018
    if way == 1:
        return f"+84 {phone[1:4]} {phone[4:7]} {phone[7:]}"
    if way == 2:
        return f"{phone[:4]}.{phone[4:7]}.{phone[7:]}"
    if way == 3:
        return "84" + phone[1:]
    return phone


def _money_ways(amount: int, rng: np.random.Generator):
    way = rng.integers(0, 5)
    if way == 0:
        return int(amount)  # a number cell
    if way == 1:
        return f"{amount:,}".replace(",", ".") + " ₫"
    if way == 2 and amount % 100_000 == 0 and amount >= 1_000_000:
        return f"{amount / 1e6:g}".replace(".", ",") + " triệu"
    if way == 3:
        return f"{amount:,}".replace(",", ".")
    return f"{amount:,}".replace(",", ".") + "đ"


def _date_ways(day: pd.Timestamp, rng: np.random.Generator):
    way = rng.integers(0, 4)
    if way == 0:
        return day.to_pydatetime()  # an Excel date cell
    if way == 1:
        return day.strftime("%d/%m/%Y")
    if way == 2:
        return int((day - pd.Timestamp("1899-12-30")).days)  # a serial number in a General cell
    return day.strftime("%Y-%m-%d")


def customer_rows(seed: int = 0) -> tuple[list[str], list[list], dict]:
    """The customer list as written (header, rows) and what was planted (for tests)."""
    from ..case import load

    world = load(CASE["case"], n=CASE["n"], seed=3)
    rng = np.random.default_rng(seed)
    c = world.customers
    old = _old_names()
    header = [
        "Mã KH",
        "Họ và tên",
        "Giới tính",
        "Năm sinh",
        "Số điện thoại",
        "Tỉnh/Thành phố",
        "Nguồn",
        "Người chăm sóc",
        "Khoảng cách (km)",
        "Ghi chú",
    ]
    gender_ways = {"Nữ": ["Nữ", "nữ", "NỮ", "F"], "Nam": ["Nam", "nam", "M"]}
    rows = []
    for r in c.itertuples(index=False):
        province = str(r.province)
        names = old.get(province, [province])
        way = rng.integers(0, 4)
        if province == "TP Hồ Chí Minh" and way < 2:
            written = ["TP.HCM", "Sài Gòn", "Hồ Chí Minh", "Tp. Hồ Chí Minh"][rng.integers(0, 4)]
        elif way == 3 and len(names) > 1:
            written = names[rng.integers(0, len(names))]
        else:
            written = province
        gender = gender_ways[str(r.gender)][rng.integers(0, len(gender_ways[str(r.gender)]))]
        rows.append(
            [
                r.customer_id,
                str(r.full_name),
                gender,
                str(r.birth_year),
                _phone_ways(str(r.phone), rng),
                written,
                str(r.source),
                str(r.staff_id),
                f"{r.distance_km:.2f}".replace(".", ","),
                "",
            ]
        )
    planted = {"copied": [], "same_phone": [], "bad_phone": [], "unknown_province": []}
    # a row copied twice, two people sharing one phone, a phone that is not one, a city abroad
    copy_of = 5
    rows.insert(40, list(rows[copy_of]))
    planted["copied"].append(rows[copy_of][0])
    rows[60][4] = rows[61][4]
    rows[60][9] = "Dùng chung số với người nhà"
    planted["same_phone"].append((rows[61][0], rows[60][0]))
    rows[80][4] = "chưa có"
    planted["bad_phone"].append(rows[80][0])
    rows[90][5] = "Paris"
    planted["unknown_province"].append(rows[90][0])
    return header, rows, planted


def order_rows(seed: int = 0) -> tuple[list[str], list[list], dict]:
    """The order sheet as written (header, rows) and what was planted (for tests)."""
    from ..case import load

    world = load(CASE["case"], n=CASE["n"], seed=3)
    rng = np.random.default_rng(seed + 1)
    o = world.orders.sort_values(["customer_id", "order_date"], kind="stable")
    header = ["Mã đơn", "Mã KH", "Ngày mua", "Dịch vụ", "Thành tiền"]
    rows = [
        [
            r.order_id,
            str(r.customer_id),
            _date_ways(pd.Timestamp(r.order_date), rng),
            str(r.service),
            _money_ways(int(r.amount), rng),
        ]
        for r in o.itertuples(index=False)
    ]
    planted = {}
    rows[10][2] = "32/13/2025"
    planted["bad_date"] = rows[10][0]
    rows[20][4] = "liên hệ"
    planted["bad_amount"] = rows[20][0]
    rows.insert(30, [rows[29][0], rows[29][1], rows[29][2], rows[29][3], rows[29][4]])
    planted["copied"] = rows[29][0]
    rows.append(["HD9000001", "KH9999999", "20/12/2025", "Gội đầu dưỡng sinh", "150.000"])
    planted["unknown_customer"] = "KH9999999"
    rows.append(["HD9000002", rows[0][1], "21/12/2025", "Hoàn tiền gói massage", "-500.000"])
    planted["refund"] = "HD9000002"
    return header, rows, planted


def messy_files(folder=None, seed: int = 0, *, force: bool = False) -> Path:
    """Write the messy sample into ``folder`` (default: a new temporary folder) and return the
    folder: ``khach_hang.csv`` and ``don_hang.xlsx`` (see the module's docstring). Existing files
    are replaced only with ``force``.

    >>> import tempfile
    >>> folder = messy_files(tempfile.mkdtemp())
    >>> sorted(p.name for p in folder.iterdir())
    ['don_hang.xlsx', 'khach_hang.csv']
    """
    folder = Path(tempfile.mkdtemp(prefix="du_lieu_mau_")) if folder is None else Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    header, rows, _ = customer_rows(seed)
    lines = ["DANH SÁCH KHÁCH HÀNG — SPA HOA SEN (xuất từ phần mềm bán hàng)", ""]
    lines.append(";".join(header))
    for i, r in enumerate(rows):
        if i == 150:
            lines.append(";" * (len(header) - 1))  # a blank row in the middle
        lines.append(";".join(_csv_cell(v) for v in r))
    with writing(folder / "khach_hang.csv", force=force) as tmp:
        tmp.write_bytes(to_cp1258("\r\n".join(lines) + "\r\n"))
    with writing(folder / "don_hang.xlsx", force=force) as tmp:
        _write_orders(tmp, seed)
    return folder


def _amount_value(value) -> float:
    from .values import parse_number

    return float(parse_number(np.array([value], dtype=object), "money").values[0])


def _csv_cell(value) -> str:
    text = str(value)
    if any(c in text for c in ';"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_orders(path: Path, seed: int) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows, _ = order_rows(seed)
    wb = Workbook()
    guide = wb.active
    guide.title = "Hướng dẫn"
    guide["A1"] = "Báo cáo bán hàng xuất từ phần mềm — xem trang 'Đơn hàng'."
    guide["A2"] = "Không sửa tiêu đề cột."
    ws = wb.create_sheet("Đơn hàng")
    ws["A1"] = "BÁO CÁO BÁN HÀNG 2024–2025"
    ws["A1"].font = Font(bold=True)
    for j, name in enumerate(header, start=1):
        ws.cell(row=3, column=j, value=name).font = Font(bold=True)
    first = 4
    for i, r in enumerate(rows):
        for j, v in enumerate(r, start=1):
            cell = ws.cell(row=first + i, column=j, value=v)
            if j == 3 and not isinstance(v, str | int):
                cell.number_format = "dd/mm/yyyy"
            if isinstance(v, str):
                cell.data_type = "s"
    # a few customers' orders grouped under their id in merged cells, as a report groups them
    codes = [r[1] for r in rows]
    merged, i = 0, 40
    while i < len(codes) - 1 and merged < 3:
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[i]:
            j += 1
        if j > i:
            ws.merge_cells(start_row=first + i, start_column=2, end_row=first + j, end_column=2)
            merged += 1
        i = j + 1
    total_row = first + len(rows)
    amounts = [_amount_value(r[4]) for r in rows]
    ws.cell(row=total_row, column=1, value="Tổng cộng").font = Font(bold=True)
    ws.cell(row=total_row, column=5, value=int(np.nansum(amounts))).font = Font(bold=True)
    wb.save(path)
