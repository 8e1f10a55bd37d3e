"""Inputs a bad-input probe brought to the door (issue 9), each read right or refused in both
languages. Expected values are worked out by hand from the files written here."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import phanloai
from phanloai import PhanloaiError

ORDERS = "Mã KH,Ngày mua,Thành tiền\nKH1,20/01/2025,100.000\nKH2,06/01/2025,50.000\n"


@pytest.fixture
def orders(tmp_path):
    path = tmp_path / "don_hang.csv"
    path.write_text(ORDERS, encoding="utf-8")
    return path


def test_as_of_written_as_text_is_read_day_first(orders):
    case = phanloai.from_files(orders=orders, as_of="05/02/2025")  # 5 February
    recency = case.customers.set_index("customer_id")["recency_days"]
    assert recency["KH1"] == 16 and recency["KH2"] == 30
    # a file written month first: its dates and the as_of read the same way
    us = orders.with_name("us.csv")
    us.write_text(ORDERS.replace("20/01/2025", "01/20/2025").replace("06/01", "01/06"), "utf-8")
    month_first = phanloai.from_files(orders=us, as_of="02/05/2025", dayfirst=False)
    assert month_first.customers.set_index("customer_id")["recency_days"].tolist() == [16, 30]


@pytest.mark.parametrize("as_of", ["hôm nay", "2025-13-45", 20250205, ""])
def test_an_as_of_that_is_no_date_is_refused(orders, as_of):
    with pytest.raises(PhanloaiError, match="cần một ngày") as err:
        phanloai.from_files(orders=orders, as_of=as_of)
    assert "a date is needed" in str(err.value)


def test_an_as_of_before_every_order_is_refused(orders):
    with pytest.raises(PhanloaiError, match="trước mọi đơn hàng") as err:
        phanloai.from_files(orders=orders, as_of="01/01/2020")
    assert "06/01/2025" in str(err.value)  # the first order is named


def test_decimal_amounts_from_parquet_are_read(tmp_path):
    path = tmp_path / "don_hang.parquet"
    table = pa.table(
        {
            "customer_id": ["A", "B"],
            "order_date": ["05/01/2025", "06/01/2025"],
            "amount": pa.array([Decimal("1250000"), Decimal("99500.50")], pa.decimal128(12, 2)),
        }
    )
    pq.write_table(table, path)
    case = phanloai.from_files(orders=path)
    assert case.tables["orders"]["amount"].tolist() == [1_250_000, 99_500.5]
    assert not len(case.problems("error"))


def test_ids_that_lost_their_leading_zeros_in_excel_are_linked_and_reported(tmp_path):
    customers = tmp_path / "khach.csv"
    customers.write_text("Mã KH,Họ tên\n00123,An\n00456,Bình\n00789,Chi\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã KH", "Ngày mua", "Thành tiền"])
    for row in [(123, "05/01/2025", 100000), (456, "06/01/2025", 200000), (123, "07/01/2025", 1)]:
        ws.append(list(row))
    wb.save(tmp_path / "don.xlsx")
    case = phanloai.from_files(customers=customers, orders=tmp_path / "don.xlsx")
    c = case.customers.set_index("customer_id")
    assert len(c) == 3  # no customer made up from the orders
    assert c["n_orders"].to_dict() == {"00123": 2, "00456": 1, "00789": 0}
    linked = case.report[case.report["problem_en"].str.contains("leading zeros")]
    assert linked["row"].tolist() == [2, 3, 4] and (linked["level"] == "warning").all()


def test_ids_of_digits_and_of_letters_side_by_side_link_and_add_the_stranger(tmp_path):
    """Old number codes beside new KH codes: 123 is 00123 without its zeros; KH9 is nobody in
    the customers file, so it is added from its order (a probe found a crash here)."""
    customers = tmp_path / "k.csv"
    customers.write_text("Mã KH,Họ tên\n00123,An\nKH1,Bình\nKH2,Chi\n", encoding="utf-8")
    orders = tmp_path / "d.csv"
    orders.write_text(
        "Mã đơn,Mã KH,Ngày mua,Thành tiền\nD1,123,05/01/2025,100000\nD2,KH9,06/01/2025,200000\n",
        encoding="utf-8",
    )
    case = phanloai.from_files(customers=customers, orders=orders)
    c = case.customers.set_index("customer_id")
    assert c["n_orders"].to_dict() == {"00123": 1, "KH1": 0, "KH2": 0, "KH9": 1}
    linked = case.report[case.report["problem_en"].str.contains("leading zeros")]
    assert linked["row"].tolist() == [2]


def test_month_first_dates_get_a_hint_and_are_not_guessed(tmp_path):
    path = tmp_path / "don.csv"
    path.write_text(
        "Mã KH,Ngày mua,Thành tiền\nKH1,01/05/2025,1\nKH2,02/03/2025,1\nKH3,12/25/2024,1\n",
        encoding="utf-8",
    )
    case = phanloai.from_files(orders=path)
    hint = case.report[case.report["problem_en"].str.contains("month first")]
    assert len(hint) == 1 and "--monthfirst" in hint["done_en"].iloc[0]
    assert case.customers.set_index("customer_id")["last_purchase"].isna().tolist() == [
        False,
        False,
        True,
    ]
    fixed = phanloai.from_files(orders=path, dayfirst=False)
    assert fixed.customers.set_index("customer_id").loc["KH3", "last_purchase"].month == 12


def test_two_columns_with_one_header_can_be_told_apart(tmp_path):
    path = tmp_path / "don.csv"
    path.write_text(
        "Mã KH,SĐT,SĐT,Ngày mua,Thành tiền\nKH1,0912000001,0987000001,05/01/2025,100000\n",
        encoding="utf-8",
    )
    with pytest.raises(PhanloaiError) as err:
        phanloai.from_files(orders=path)
    example = re.search(r"mapping=(\{.*?\})", str(err.value)).group(1)
    case = phanloai.from_files(orders=path, mapping=eval(example))  # the example given works
    assert case.customers["phone"].tolist() == ["0912000001"]


def test_no_header_message_is_english_in_english(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(PhanloaiError) as err:
        phanloai.from_files(orders=path)
    english = str(err.value).split("(English:")[1]
    assert "an order table" in english and "trống" not in english


def test_a_tiny_amount_among_large_ones_is_flagged_by_row(tmp_path):
    path = tmp_path / "don.csv"
    lines = [
        f"KH{i},0{i}/01/2025,{amount}"
        for i, amount in enumerate(
            ["450.000", "1.250.000", '"1,5"', "320.000", "12.5", "900.000"], start=1
        )
    ]
    path.write_text("Mã KH,Ngày mua,Thành tiền\n" + "\n".join(lines) + "\n", encoding="utf-8")
    case = phanloai.from_files(orders=path)
    tiny = case.report[case.report["problem_en"].str.contains("under 1,000")]
    assert tiny["row"].tolist() == [4, 6] and (tiny["level"] == "warning").all()
    # kept as written, not guessed
    assert sorted(case.tables["orders"]["amount"])[:2] == [1.5, 12.5]


def test_a_large_file_with_rows_to_leave_out_reads_every_other_row(tmp_path):
    """A file large enough to be read column by column on threads (≥ 50,000 lines), with a
    blank line, a date that does not exist and a totals line: the columns are read again
    without the rows left out, and each problem names its spreadsheet row."""
    n = 60_000
    lines = ["Mã KH,Ngày mua,Thành tiền"]
    for i in range(1, n + 1):
        date = "31/02/2025" if i == 20 else "05/01/2025"
        amount = f"{i * 1000:,}".replace(",", ".")  # 1.000 … 60.000.000
        lines.append(f"KH{i % 100},{date},{amount}")
        if i == 10:
            lines.append(",,")
    lines.append("Tổng cộng,,")
    path = tmp_path / "don_hang.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = phanloai.intake.read(path, "orders")
    frame = imported.frame
    assert len(frame) == n
    amounts = frame["amount"].to_numpy()
    assert (
        amounts[0] == 1000
        and amounts[-1] == n * 1000
        and (amounts[1:] - amounts[:-1] == 1000).all()
    )
    assert frame["customer_id"].iloc[10] == "KH11"  # the line after the blank one
    # rows as a spreadsheet shows them: header 1, line i at row i + 1, after the blank row i + 2
    assert imported.rows[9] == 11 and imported.rows[10] == 13 and imported.rows[-1] == n + 2
    found = {i.code: list(i.rows) for i in imported.issues if i.rows is not None and len(i.rows)}
    assert found["blank_row"] == [12]
    assert found["totals_row"] == [n + 3]
    assert found["date"] == [22]
    assert frame["order_date"].isna().sum() == 1


def test_a_file_with_only_a_totals_row_has_no_data(tmp_path):
    path = tmp_path / "don_hang.csv"
    path.write_text("Mã KH,Ngày mua,Thành tiền\nTổng cộng,,1.000.000\n", encoding="utf-8")
    with pytest.raises(PhanloaiError, match="không có dòng dữ liệu nào") as err:
        phanloai.from_files(orders=path)
    assert "no data rows" in str(err.value)


def test_phone_numbers_in_a_large_string_array():
    from phanloai.intake.places import normalise_phone_array

    written = ["0912.345.678", "+84 912 345 678", None]
    small, _ = normalise_phone_array(pa.array(written, pa.string()))
    large, _ = normalise_phone_array(pa.array(written, pa.large_string()))
    assert large.to_pylist() == small.to_pylist() == ["0912345678", "0912345678", None]


def test_orders_without_a_readable_date_name_the_column(tmp_path):
    path = tmp_path / "don_hang.csv"
    path.write_text("Mã KH,Thành tiền,Ngày mua\nA,100000,không rõ\nB,200000,???\n", "utf-8")
    with pytest.raises(PhanloaiError, match="không đọc được ngày mua nào ở cột 'Ngày mua'") as err:
        phanloai.from_files(orders=path)
    assert "'không rõ'" in str(err.value) and "give as_of" in str(err.value)
    # with a day to count to, the lines are read and the dates reported row by row
    case = phanloai.from_files(orders=path, as_of="31/12/2025")
    rows = case.report.loc[case.report["column"] == "Ngày mua", "row"].dropna()
    assert set(rows) == {2, 3}


def test_a_parquet_column_of_lists_or_records_is_kept_as_text(tmp_path):
    """Parquet can nest lists and records in a cell; the door keeps them as text under their
    own name (no crash on values that cannot be compared)."""
    people = tmp_path / "khach.parquet"
    pd.DataFrame(
        {
            "Mã KH": ["A", "B"],
            "Tags": [["x", "y"], None],
            "Meta": [{"a": 1}, {"a": 2}],
            "Deep": [[["x"], ["y", "z"]], None],
            "Rec": [{"k": [1, 2]}, {"k": [3]}],
        }
    ).to_parquet(people)
    orders = tmp_path / "don.parquet"
    pd.DataFrame(
        {"Mã KH": ["A"], "Thành tiền": [1e5], "Ngày mua": pd.to_datetime(["2025-01-01"])}
    ).to_parquet(orders)
    case = phanloai.from_files(people, orders=orders)
    c = case.customers.set_index("customer_id")
    assert c.loc["A", "Tags"] == "['x', 'y']" and pd.isna(c.loc["B", "Tags"])
    assert c.loc["B", "Meta"] == "{'a': 2}"
    assert c.loc["A", "Deep"] == "[['x'], ['y', 'z']]" and c.loc["A", "Rec"] == "{'k': [1, 2]}"
    # the nested columns change nothing of the classification
    plain = tmp_path / "khach_tron.parquet"
    pd.DataFrame({"Mã KH": ["A", "B"]}).to_parquet(plain)
    without = phanloai.from_files(plain, orders=orders)
    for scheme in ("rfm", "purchase_behavior"):
        assert list(phanloai.classify(case.customers, scheme)) == list(
            phanloai.classify(without.customers, scheme)
        )


def test_old_province_names_in_a_large_file_are_counted_once_per_name(tmp_path):
    """One note per old name, however it was written, with the first row and the number of
    rows: 60,000 customers, a cycle of six cells (two of them Bình Dương written two ways, one
    blank), so each cell comes back every sixth row."""
    cycle = ["Bình Dương", "Hà Nội", "Hải Dương", "Tỉnh Bình Dương", "", "Quảng Nam"]
    n = 60_000
    lines = ["Mã KH,Tỉnh"] + [f"KH{i},{cycle[i % 6]}" for i in range(n)]
    path = tmp_path / "khach.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = phanloai.intake.read(path, "customers")
    notes = {
        i.detail["old"]: (list(i.rows), i.detail["new"], i.detail["count"])
        for i in imported.issues
        if i.code == "province_old"
    }
    # header at row 1: customer KH{i} at row i + 2
    assert notes == {
        "Bình Dương": ([2], "TP Hồ Chí Minh", 20_000),
        "Hải Dương": ([4], "Hải Phòng", 10_000),
        "Quảng Nam": ([7], "Đà Nẵng", 10_000),
    }
    province = imported.frame["province"]
    assert province.iloc[3] == "TP Hồ Chí Minh" and pd.isna(province.iloc[4])


def test_the_report_writes_numbers_the_way_each_language_does(tmp_path):
    """Counts in the report: 1.501 in Vietnamese, 1,501 in English, "1 row" but "2 rows"; a row
    number as a spreadsheet shows it (1202, in both); a header's unit ×1.000 / ×1,000."""
    lines = ["Mã KH,Tỉnh,Tổng chi tiêu (nghìn đồng)"]
    lines += [f"KH{i},Bình Dương,450" for i in range(1500)]
    lines += ["KHX,Hải Dương,1.200", "KH1200,Bình Dương,450"]  # the last: a copy of row 1202
    path = tmp_path / "khach.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    case = phanloai.from_files(customers=path)
    report = case.report
    texts = " | ".join(report["problem_vi"].astype(str) + " || " + report["problem_en"].astype(str))
    for said in (
        "'Bình Dương' (1.501 dòng)",  # every row that holds the name, the copy too
        "'Bình Dương' (1,501 rows)",
        "'Hải Dương' (1 dòng)",
        "'Hải Dương' (1 row)",
        "trùng hoàn toàn với dòng 1202",
        "an exact copy of row 1202",
        "ghi đơn vị: ×1.000",
        "states a unit: ×1,000",
    ):
        assert said in texts, said
    english = case.report_text("en")
    assert "(1,501 rows)" in english and "(1 row)" in english and "1.501" not in english
    assert "(1.501 dòng)" in case.report_text("vi")


def test_a_share_in_the_report_is_written_the_way_each_language_does(tmp_path):
    """Four amounts of five under 1.000 ₫: 80 % in Vietnamese, 80% in English."""
    path = tmp_path / "don_hang.csv"
    path.write_text(
        "Mã KH,Ngày mua,Thành tiền\nA,05/01/2025,450\nB,06/01/2025,120\nC,07/01/2025,300\n"
        "D,08/01/2025,999\nE,09/01/2025,250.000\n",
        encoding="utf-8",
    )
    report = phanloai.intake.read(path, "orders")
    small = [i for i in report.issues if i.code == "small_amounts"]
    assert len(small) == 1
    frame = phanloai.intake.report.report_frame(small)
    assert frame["problem_vi"].iloc[0].startswith("80 % số tiền dưới 1.000 ₫")
    assert frame["problem_en"].iloc[0].startswith("80% of amounts are under 1,000 ₫")
