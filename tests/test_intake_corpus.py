"""A corpus of malformed files and frames, built here, each with what the door must do with it:
read it right (the values expected, worked out by hand), or name the problem row by row in the
report, or refuse with a bilingual message that says what is wrong.

Row numbers are the spreadsheet's: the header is row 1 when it is the first line.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.intake.sample import to_cp1258

CUSTOMERS = "Mã KH,Họ và tên,SĐT,Tỉnh/Thành phố\n"
ORDERS = "Mã KH,Ngày mua,Thành tiền\n"


# -- building files ------------------------------------------------------------------------------------
def text(name: str, body: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        data = to_cp1258(body) if encoding == "cp1258" else body.encode(encoding)
        path.write_bytes(data)
        return path

    return build


def raw_bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    return build


def workbook(name: str, sheets: dict[str, list[list]], merges: dict | None = None):
    def build(tmp: Path) -> Path:
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for i, row in enumerate(rows, start=1):
                for j, value in enumerate(row, start=1):
                    if value is not None:
                        ws.cell(row=i, column=j, value=value)
            for ref in (merges or {}).get(title, []):
                ws.merge_cells(ref)
        path = tmp / name
        wb.save(path)
        return path

    return build


def parquet(name: str, frame: pd.DataFrame):
    def build(tmp: Path) -> Path:
        path = tmp / name
        frame.to_parquet(path, index=False)
        return path

    return build


# -- what is expected ----------------------------------------------------------------------------------
def fails(vi: list[str], en: list[str]):
    def check(result):
        assert isinstance(result, PhanloaiError), f"expected a bilingual error, got {result!r}"
        for word in vi:
            assert word in result.vi, (word, result.vi)
        for word in en:
            assert word in result.en, (word, result.en)

    return check


def reports(code: str, rows: list[int] | None = None, level: str | None = None):
    def check(result):
        assert not isinstance(result, Exception), result
        found = [i for i in result.issues if i.code == code]
        assert found, f"no '{code}' in the report: {[i.code for i in result.issues]}"
        if rows is not None:
            assert sorted(int(r) for i in found for r in i.rows) == rows
        if level is not None:
            assert {i.level for i in found} == {level}
        report = result.report
        assert (report["problem_vi"].str.len() > 0).all() and (
            report["problem_en"].str.len() > 0
        ).all()

    return check


def column(table: str, key: str, values: list):
    def check(result):
        assert not isinstance(result, Exception), result
        got = result.tables[table][key]
        shown = [None if pd.isna(v) else v for v in got.astype("object")]
        if values and isinstance(values[0], str) and values[0][:4].isdigit() and "-" in values[0]:
            shown = [None if v is None else str(pd.Timestamp(v))[: len(values[0])] for v in shown]
        assert shown == values, (key, shown)

    return check


def size(table: str, n: int):
    def check(result):
        assert not isinstance(result, Exception), result
        assert len(result.tables[table]) == n

    return check


def nothing(code: str):
    def check(result):
        assert not isinstance(result, Exception), result
        assert code not in {i.code for i in result.issues}

    return check


@dataclass
class Entry:
    id: str
    customers: Callable | None
    orders: Callable | None
    checks: list
    kwargs: dict | None = None


# -- the corpus ------------------------------------------------------------------------------------------
GOOD_ORDERS = text("orders.csv", ORDERS + "KH1,05/01/2025,1.250.000\nKH2,06/01/2025,450.000\n")

CORPUS = [
    # the file itself
    Entry("empty file", raw_bytes("kh.csv", b""), None, [fails(["trống"], ["empty"])]),
    Entry(
        "only blank lines",
        raw_bytes("kh.csv", b"\r\n\r\n  \n"),
        None,
        [fails(["trống"], ["empty"])],
    ),
    Entry(
        "a BOM and nothing else",
        raw_bytes("kh.csv", b"\xef\xbb\xbf"),
        None,
        [fails(["trống"], ["empty"])],
    ),
    Entry(
        "a header and no data",
        text("kh.csv", CUSTOMERS),
        None,
        [fails(["không có dòng dữ liệu"], ["no data rows"])],
    ),
    Entry(
        "prose, not a table",
        text("kh.csv", "Kính gửi anh chị,\nĐây là danh sách khách tháng này.\nTrân trọng.\n"),
        None,
        [fails(["không tìm thấy dòng tiêu đề", "Mã KH"], ["no header row", "Mã KH"])],
    ),
    Entry(
        "a binary file",
        raw_bytes("kh.csv", bytes(range(256)) * 8),
        None,
        [fails(["không phải tệp văn bản"], ["not a text"])],
    ),
    Entry("a PDF", raw_bytes("kh.csv", b"%PDF-1.7\n%..."), None, [fails(["PDF"], ["PDF"])]),
    Entry(
        "an old .xls",
        raw_bytes("kh.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        None,
        [fails([".xls", ".xlsx"], [".xls", ".xlsx"])],
    ),
    Entry(
        ".xlsx that is not a workbook",
        raw_bytes("kh.xlsx", b"Ma KH,Ho ten\nKH1,A\n"),
        None,
        [fails(["không phải tệp Excel"], ["not a valid Excel"])],
    ),
    Entry(
        "a damaged workbook",
        raw_bytes("kh.xlsx", b"PK\x03\x04" + b"\x00" * 200),
        None,
        [fails(["không mở được tệp Excel"], ["cannot open the Excel file"])],
    ),
    # encodings and separators
    Entry(
        "UTF-8 with a BOM",
        text("kh.csv", "\ufeff" + CUSTOMERS + "KH1,Nguyễn Thị Thu Hà,0912345678,Hà Nội\n"),
        None,
        [column("customers", "full_name", ["Nguyễn Thị Thu Hà"]), reports("encoding")],
    ),
    Entry(
        "UTF-16 (Excel's 'Unicode text', tabs)",
        text(
            "kh.csv",
            CUSTOMERS.replace(",", "\t") + "KH1\tTrần Văn Đức\t0912345678\tĐà Nẵng\n",
            "utf-16",
        ),
        None,
        [
            column("customers", "full_name", ["Trần Văn Đức"]),
            column("customers", "province", ["Đà Nẵng"]),
        ],
    ),
    Entry(
        "UTF-16 without a BOM",
        text("kh.csv", CUSTOMERS + "KH1,Lê Thị Mỹ Duyên,0912345678,Huế\n", "utf-16-le"),
        None,
        [column("customers", "full_name", ["Lê Thị Mỹ Duyên"])],
    ),
    Entry(
        "Windows-1258 with combining tones, semicolons",
        text(
            "kh.csv",
            CUSTOMERS.replace(",", ";") + "KH1;Nguyễn Thị Thu Hà;0912345678;Bình Dương\n",
            "cp1258",
        ),
        None,
        [
            column("customers", "full_name", ["Nguyễn Thị Thu Hà"]),
            column("customers", "province", ["TP Hồ Chí Minh"]),
        ],
    ),
    Entry(
        "decomposed UTF-8 (macOS)",
        text(
            "kh.csv",
            CUSTOMERS + "KH1,Nguye\u0302\u0303n Thi\u0323 Ha\u0300,0912345678,Ha\u0300 No\u0323i\n",
        ),
        None,
        [
            column("customers", "full_name", ["Nguyễn Thị Hà"]),
            column("customers", "province", ["Hà Nội"]),
        ],
    ),
    Entry(
        "tab separated",
        text("kh.csv", "Mã KH\tSĐT\nKH1\t0912 345 678\n"),
        None,
        [column("customers", "phone", ["0912345678"])],
    ),
    # the layout
    Entry(
        "a title and a blank row above the header",
        text("kh.csv", "DANH SÁCH KHÁCH HÀNG\n\n" + CUSTOMERS + "KH1,An,0912345678,Hà Nội\n"),
        None,
        [reports("title_row", [1]), column("customers", "customer_id", ["KH1"])],
    ),
    Entry(
        "a two-row header (group headings on top)",
        text(
            "kh.csv",
            "Thông tin khách,,Liên hệ,\n" + CUSTOMERS + "KH1,An,0912345678,Hà Nội\n",
        ),
        None,
        [reports("title_row", [1]), column("customers", "phone", ["0912345678"])],
    ),
    Entry(
        "blank rows between data rows",
        text("kh.csv", CUSTOMERS + "KH1,An,0912345678,Hà Nội\n,,,\n\nKH2,Bình,0987654321,Huế\n"),
        None,
        [reports("blank_row", [3, 4], "note"), size("customers", 2)],
    ),
    Entry(
        "a totals row at the bottom",
        None,
        text(
            "dh.csv",
            ORDERS + "KH1,05/01/2025,1.000.000\nKH2,06/01/2025,2.000.000\nTổng cộng,,3.000.000\n",
        ),
        [reports("totals_row", [4]), column("customers", "total_spend", [1_000_000, 2_000_000])],
    ),
    Entry(
        "an unquoted comma inside an amount",
        None,
        text("dh.csv", ORDERS + "KH1,05/01/2025,1250000\nKH2,06/01/2025,1,250,000\n"),
        [reports("extra_cells", [3], "error"), size("orders", 1)],
    ),
    Entry(
        "a short row",
        text("kh.csv", CUSTOMERS + "KH1,An\nKH2,Bình,0987654321,Huế\n"),
        None,
        [column("customers", "phone", [None, "0987654321"])],
    ),
    Entry(
        "a line break inside a quoted cell",
        text(
            "kh.csv", 'Mã KH,Địa chỉ,SĐT\nKH1,"Số 3\nđường Láng",0912345678\nKH2,Huế,0987654321\n'
        ),
        None,
        [
            column("customers", "address", ["Số 3 đường Láng", "Huế"]),
            column("customers", "phone", ["0912345678", "0987654321"]),
        ],
    ),
    # headers
    Entry(
        "two headers for one column",
        text("kh.csv", "Mã KH,SĐT,Điện thoại\nKH1,0912345678,0987654321\n"),
        None,
        [
            fails(
                ["'SĐT' và 'Điện thoại'", "phone", "mapping="],
                ["'SĐT' and 'Điện thoại'", "phone", "mapping="],
            )
        ],
    ),
    Entry(
        "orders without an amount",
        None,
        text("dh.csv", "Mã KH,Ngày mua,Ghi chú\nKH1,05/01/2025,x\n"),
        [
            fails(
                ["thiếu cột", "amount", "Thành tiền", "'Ghi chú'"],
                ["lacks column", "amount", "'Ghi chú'"],
            )
        ],
    ),
    Entry(
        "orders without a customer",
        None,
        text("dh.csv", "Ngày mua,Thành tiền\n05/01/2025,100.000\n"),
        [fails(["thiếu cột", "customer_id"], ["lacks column", "customer_id"])],
    ),
    Entry(
        "a header nobody knows is kept and named",
        text("kh.csv", "Mã KH,Người chăm sóc\nKH1,NV01\n"),
        None,
        [
            reports("column_unknown", level="warning"),
            column("customers", "Người chăm sóc", ["NV01"]),
        ],
    ),
    Entry(
        "the mapping names it",
        text("kh.csv", "Mã KH,Người chăm sóc\nKH1,NV01\n"),
        None,
        [column("customers", "staff_id", ["NV01"]), nothing("column_unknown")],
        {"mapping": {"Người chăm sóc": "staff_id"}},
    ),
    Entry(
        "a mapping to a key that does not exist",
        text("kh.csv", "Mã KH,Người chăm sóc\nKH1,NV01\n"),
        None,
        [fails(["staf_id", "Có phải 'staff_id'"], ["staf_id", "Did you mean 'staff_id'"])],
        {"mapping": {"Người chăm sóc": "staf_id"}},
    ),
    Entry(
        "a mapping of a header no file has",
        text("kh.csv", "Mã KH,Người chăm sóc\nKH1,NV01\n"),
        None,
        [fails(["không tệp nào có cột", "'Người bán'"], ["no file has", "'Người bán'"])],
        {"mapping": {"Người bán": "staff_id"}},
    ),
    Entry(
        "a unit in the header",
        None,
        text(
            "dh.csv",
            'Mã KH,Ngày mua,Thành tiền (nghìn đồng)\nKH1,05/01/2025,450\nKH2,06/01/2025,"1,5 triệu"\n',
        ),
        [reports("column_scale"), column("customers", "total_spend", [450_000, 1_500_000])],
    ),
    # values
    Entry(
        "Vietnamese amounts",
        None,
        text(
            "dh.csv",
            ORDERS
            + 'KH1,05/01/2025,1.250.000 ₫\nKH1,06/01/2025,450.000\nKH2,07/01/2025,"1,5 triệu"\nKH3,08/01/2025,2 tỷ\n',
        ),
        [column("customers", "total_spend", [1_700_000, 1_500_000, 2_000_000_000])],
    ),
    Entry(
        "an amount that cannot be read",
        None,
        text(
            "dh.csv",
            ORDERS + "KH1,05/01/2025,1.000.000\nKH1,06/01/2025,liên hệ\nKH2,07/01/2025,200.000\n",
        ),
        [
            reports("money", [3], "error"),
            reports("order_no_amount", [3], "error"),
            column("customers", "n_orders", [2, 1]),
            column("customers", "total_spend", [None, 200_000]),
        ],
    ),
    Entry(
        "an Excel error in an amount",
        None,
        text("dh.csv", ORDERS + "KH1,05/01/2025,#VALUE!\n"),
        [reports("excel_error", [2], "error")],
    ),
    Entry(
        "day-first dates",
        None,
        text("dh.csv", ORDERS + "KH1,05/01/2025,100.000\nKH1,12/02/2025,100.000\n"),
        [
            column("customers", "first_purchase", ["2025-01-05"]),
            column("customers", "last_purchase", ["2025-02-12"]),
        ],
    ),
    Entry(
        "month-first dates, asked for",
        None,
        text("dh.csv", ORDERS + "KH1,05/01/2025,100.000\nKH1,12/02/2025,100.000\n"),
        [
            column("customers", "first_purchase", ["2025-05-01"]),
            column("customers", "last_purchase", ["2025-12-02"]),
        ],
        {"dayfirst": False},
    ),
    Entry(
        "a date that is only valid month first",
        None,
        text("dh.csv", ORDERS + "KH1,05/01/2025,100.000\nKH1,01/13/2025,100.000\n"),
        [
            reports("date_dayfirst", [3], "error"),
            reports("order_no_date", [3]),
            column("customers", "n_orders", [2]),
            column("customers", "last_purchase", [None]),
        ],
    ),
    Entry(
        "a date that is no date",
        None,
        text("dh.csv", ORDERS + "KH1,32/13/2025,100.000\nKH2,05/01/2025,100.000\n"),
        [reports("date", [2], "error"), column("customers", "recency_days", [None, 0.0])],
    ),
    Entry(
        "phones in every way",
        text(
            "kh.csv",
            "Mã KH,SĐT\nKH1,+84 912 345 678\nKH2,84987654321\nKH3,0168.812.3456\nKH4,912345670\nKH5,chưa có\n",
        ),
        None,
        [
            column(
                "customers", "phone", ["0912345678", "0987654321", "0388123456", "0912345670", None]
            ),
            reports("phone_old", [4], "note"),
            reports("phone", [6], "error"),
        ],
    ),
    Entry(
        "old province names",
        text(
            "kh.csv",
            "Mã KH,Tỉnh\nKH1,Bình Dương\nKH2,Tỉnh Bình Dương\nKH3,Hải Dương\nKH4,TP.HCM\nKH5,Paris\n",
        ),
        None,
        [
            column(
                "customers",
                "province",
                ["TP Hồ Chí Minh", "TP Hồ Chí Minh", "Hải Phòng", "TP Hồ Chí Minh", None],
            ),
            column("customers", "region", ["Nam", "Nam", "Bắc", "Nam", None]),
            reports("province_old", [2, 4], "note"),
            reports("province", [6], "error"),
        ],
    ),
    Entry(
        "genders written many ways",
        text("kh.csv", "Mã KH,Giới tính\nKH1,nữ\nKH2,NAM\nKH3,F\nKH4,không rõ\n"),
        None,
        [column("customers", "gender", ["Nữ", "Nam", "Nữ", None]), reports("gender", [5], "error")],
    ),
    Entry(
        "the same customer twice, word for word",
        text(
            "kh.csv",
            CUSTOMERS
            + "KH1,An,0912345678,Hà Nội\nKH2,Bình,0987654321,Huế\nKH1,An,0912345678,Hà Nội\n",
        ),
        None,
        [reports("duplicate_same", [4], "warning"), size("customers", 2)],
    ),
    Entry(
        "one id, two different people",
        text("kh.csv", CUSTOMERS + "KH1,An,0912345678,Hà Nội\nKH1,Bình,0987654321,Huế\n"),
        None,
        [reports("duplicate_id", [3], "error"), column("customers", "full_name", ["An"])],
    ),
    Entry(
        "two customers, one phone",
        text("kh.csv", CUSTOMERS + "KH1,An,0912345678,Hà Nội\nKH2,Bình,+84 912 345 678,Huế\n"),
        None,
        [reports("duplicate_phone", [3], "warning"), size("customers", 2)],
    ),
    Entry(
        "the phone is the key: one person",
        text("kh.csv", "Họ tên,SĐT\nAn,0912345678\nAn Nguyễn,0912.345.678\n"),
        None,
        [
            reports("merged_phone", [3]),
            size("customers", 1),
            column("customers", "customer_id", ["0912345678"]),
        ],
    ),
    Entry(
        "an order of a customer not in the list",
        text("kh.csv", CUSTOMERS + "KH1,An,0912345678,Hà Nội\n"),
        text("dh.csv", ORDERS + "KH1,05/01/2025,100.000\nKH9,06/01/2025,200.000\n"),
        [
            reports("order_unknown_customer", [3], "warning"),
            column("customers", "customer_id", ["KH1", "KH9"]),
        ],
    ),
    Entry(
        "an order without a customer",
        None,
        text("dh.csv", ORDERS + "KH1,05/01/2025,100.000\n,06/01/2025,200.000\n"),
        [reports("missing_key", [3], "error"), size("orders", 1)],
    ),
    Entry(
        "an order line with a phone but no customer id, with a customer list",
        text("kh.csv", "Mã KH,Họ tên\nKH1,An\nKH2,Bình\n"),
        text(
            "dh.csv",
            "Mã KH,Ngày mua,Thành tiền,SĐT\nKH1,05/01/2025,100.000,0912345678\n"
            ",06/01/2025,700.000,0912345679\nKH2,07/01/2025,200.000,0912345670\n",
        ),
        [
            reports("order_no_key", [3], "error"),
            column("customers", "total_spend", [100_000, 200_000]),  # not given to KH2
            size("orders", 2),
        ],
    ),
    Entry(
        "an order line with a phone but no customer id, orders only",
        None,
        text(
            "dh.csv",
            "Mã KH,Ngày mua,Thành tiền,SĐT\nKH1,05/01/2025,100.000,0912345678\n"
            ",06/01/2025,700.000,0912345679\n",
        ),
        [reports("order_no_key", [3], "error"), column("customers", "total_spend", [100_000])],
    ),
    Entry(
        "a refund",
        None,
        text("dh.csv", ORDERS + "KH1,05/01/2025,1.000.000\nKH1,09/01/2025,-400.000\n"),
        [
            reports("order_refund", [3], "note"),
            column("customers", "n_orders", [1]),
            column("customers", "total_spend", [600_000]),
            column("customers", "last_purchase", ["2025-01-05"]),
        ],
    ),
    Entry(
        "one order, several item lines",
        None,
        text(
            "dh.csv",
            "Mã đơn,Mã KH,Ngày mua,Thành tiền\nDH1,KH1,05/01/2025,100.000\nDH1,KH1,05/01/2025,50.000\nDH2,KH1,07/01/2025,70.000\n",
        ),
        [column("customers", "n_orders", [2]), column("customers", "total_spend", [220_000])],
    ),
    Entry(
        "an order line exported twice",
        None,
        text(
            "dh.csv",
            "Mã đơn,Mã KH,Ngày mua,Thành tiền\nDH1,KH1,05/01/2025,100.000\nDH1,KH1,05/01/2025,100.000\n",
        ),
        [reports("order_duplicate", [3], "warning"), column("customers", "total_spend", [100_000])],
    ),
    Entry(
        "amounts written in thousands",
        None,
        text("dh.csv", ORDERS + "".join(f"KH{i},05/01/2025,{100 + i}\n" for i in range(6))),
        [reports("small_amounts", level="warning")],
    ),
    Entry(
        "orders that cannot be linked",
        text("kh.csv", "Mã KH,Họ tên\nKH1,An\n"),
        text("dh.csv", "SĐT,Ngày mua,Thành tiền\n0912345678,05/01/2025,100.000\n"),
        [fails(["Không nối được"], ["Cannot link"])],
    ),
    Entry(
        "an order after the recency date",
        None,
        text("dh.csv", ORDERS + "KH1,05/01/2025,100.000\nKH1,05/03/2025,100.000\n"),
        [reports("order_after_as_of", [3], "warning"), column("customers", "recency_days", [26.0])],
        {"as_of": "2025-01-31"},
    ),
    # Excel
    Entry(
        "the data on the second sheet",
        workbook(
            "kh.xlsx",
            {
                "Hướng dẫn": [["Đọc kỹ trước khi sửa"]],
                "Danh sách": [["Mã KH", "SĐT"], ["KH1", "0912345678"]],
            },
        ),
        None,
        [reports("sheet"), column("customers", "phone", ["0912345678"])],
    ),
    Entry(
        "a sheet asked for that is not there",
        workbook("kh.xlsx", {"KH": [["Mã KH"], ["KH1"]]}),
        None,
        [fails(["không có trang tính 'Khách'", "KH"], ["no sheet 'Khách'", "KH"])],
        {"sheets": {"customers": "Khách"}},
    ),
    Entry(
        "no sheet looks like a table",
        workbook("kh.xlsx", {"Ghi chú": [["Chỉ là ghi chú"]], "Ảnh": [["(trống)"]]}),
        None,
        [fails(["không trang tính nào", "Ghi chú, Ảnh"], ["no sheet looks like", "Ghi chú, Ảnh"])],
    ),
    Entry(
        "merged cells for a customer's orders",
        None,
        workbook(
            "dh.xlsx",
            {
                "Đơn hàng": [
                    ["Mã KH", "Ngày mua", "Thành tiền"],
                    ["KH1", "05/01/2025", 100_000],
                    [None, "06/01/2025", 200_000],
                    [None, "07/01/2025", 300_000],
                    ["KH2", "08/01/2025", 400_000],
                ]
            },
            {"Đơn hàng": ["A2:A4"]},
        ),
        [reports("merged"), column("customers", "n_orders", [3, 1])],
    ),
    Entry(
        "Excel dates, serial numbers, text and ISO",
        None,
        workbook(
            "dh.xlsx",
            {
                "orders": [
                    ["Mã KH", "Ngày mua", "Thành tiền"],
                    ["KH1", pd.Timestamp("2025-01-05").to_pydatetime(), 100_000],
                    ["KH2", 45663, "200.000 ₫"],
                    ["KH3", "07/01/2025", "300.000"],
                    ["KH4", "2025-01-08", 400000.0],
                ]
            },
        ),
        [
            column(
                "customers",
                "last_purchase",
                ["2025-01-05", "2025-01-06", "2025-01-07", "2025-01-08"],
            ),
            column("customers", "total_spend", [100_000, 200_000, 300_000, 400_000]),
        ],
    ),
    Entry(
        "phones stored as numbers",
        workbook(
            "kh.xlsx", {"Khách hàng": [["Mã KH", "SĐT"], ["KH1", 912345678], [1002, 1688123456]]}
        ),
        None,
        [
            column("customers", "phone", ["0912345678", "0388123456"]),
            column("customers", "customer_id", ["KH1", "1002"]),
        ],
    ),
    # frames (Parquet)
    Entry(
        "nullable numbers with a gap",
        parquet(
            "kh.parquet",
            pd.DataFrame(
                {"customer_id": ["KH1", "KH2"], "n_orders": pd.array([3, None], dtype="Int64")}
            ),
        ),
        None,
        [column("customers", "n_orders", [3.0, None])],
    ),
    Entry(
        "amounts as text in a Parquet file",
        parquet("kh.parquet", pd.DataFrame({"Mã KH": ["KH1"], "Tổng tiền": ["1.250.000 ₫"]})),
        None,
        [column("customers", "total_spend", [1_250_000])],
    ),
    Entry(
        "dates where numbers should be",
        parquet(
            "kh.parquet",
            pd.DataFrame(
                {
                    "customer_id": ["KH1", "KH2"],
                    "total_spend": pd.to_datetime(["2025-01-05", "2025-01-06"]),
                }
            ),
        ),
        None,
        [
            reports("date_in_number", [2, 3], "error"),
            column("customers", "total_spend", [None, None]),
        ],
    ),
    Entry(
        "negative and infinite counts",
        parquet(
            "kh.parquet",
            pd.DataFrame({"customer_id": ["KH1", "KH2", "KH3"], "n_orders": ["-2", "inf", "4"]}),
        ),
        None,
        [reports("negative", [2], "error"), column("customers", "n_orders", [None, None, 4.0])],
    ),
]


def _run(entry: Entry, tmp: Path):
    customers = entry.customers(tmp) if entry.customers else None
    orders = entry.orders(tmp) if entry.orders else None
    try:
        return phanloai.from_files(customers, orders=orders, **(entry.kwargs or {}))
    except PhanloaiError as exc:
        return exc


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 40
    assert len({e.id for e in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("entry", CORPUS, ids=[e.id for e in CORPUS])
def test_corpus(entry, tmp_path):
    result = _run(entry, tmp_path)
    for check in entry.checks:
        check(result)
    if not isinstance(result, Exception):
        report = result.report
        assert list(report.columns) == [
            "file",
            "row",
            "column",
            "value",
            "level",
            "problem_vi",
            "problem_en",
            "done_vi",
            "done_en",
            "count",
        ]
        # every row that is not used is named: rows read = rows used + rows in the report
        for info in result.files:
            assert info.used <= info.rows


def test_missing_and_folder_paths(tmp_path):
    with pytest.raises(PhanloaiError) as err:
        phanloai.from_files(tmp_path / "khong_co.csv")
    assert "Không tìm thấy" in err.value.vi and "not found" in err.value.en
    with pytest.raises(PhanloaiError) as err:
        phanloai.from_files(tmp_path)
    assert "thư mục" in err.value.vi and "folder" in err.value.en


def test_not_utf8_after_the_first_megabyte(tmp_path):
    """The UTF-8 check reads a sample; a Windows-1258 byte further on sends the file back to the
    encoding rule instead of turning letters into '�'."""
    head = "Ma KH,Ho ten\n" + "".join(f"KH{i},An {i}\n" for i in range(80_000))
    path = tmp_path / "kh.csv"
    path.write_bytes(head.encode("ascii") + to_cp1258("KH999999,Đức\n"))
    data = path.read_bytes()
    assert len(data) > (1 << 20) and data[: 1 << 20].isascii()  # the sample says "UTF-8"
    case = phanloai.from_files(path)
    assert case.customers["full_name"].iloc[-1] == "Đức"


def test_report_rows_account_for_every_line(tmp_path):
    body = (
        CUSTOMERS
        + "KH1,An,0912345678,Hà Nội\n\nKH1,An,0912345678,Hà Nội\nKH2,Bình,0987654321,Huế\n"
    )
    path = tmp_path / "kh.csv"
    path.write_text(body, encoding="utf-8")
    case = phanloai.from_files(path)
    used = len(case.customers)
    named = {
        int(r) for i in case.issues if i.code in ("blank_row", "duplicate_same") for r in i.rows
    }
    assert used == 2 and named == {3, 4}
    assert used + len(named) == 4  # data lines 2…5


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "kh.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "xin chào")
    with pytest.raises(PhanloaiError) as err:
        phanloai.from_files(path)
    assert "Excel" in err.value.vi and "Excel" in err.value.en


def test_values_never_misread_as_450(tmp_path):
    path = tmp_path / "kh.csv"
    path.write_text("Mã KH,Tổng tiền\nKH1,450.000\nKH2,1.250.000\n", encoding="utf-8")
    spend = phanloai.from_files(path).customers["total_spend"].to_numpy()
    assert np.array_equal(spend, [450_000, 1_250_000])
