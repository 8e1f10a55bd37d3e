"""``phanloai classify FILE --orders FILE`` with the default engine (the door): the lists it
writes, and what it refuses before reading anything. Expected values are worked out by hand
from the small files written here."""

from __future__ import annotations

import openpyxl
import pytest

from phanloai.cli import main

CUSTOMERS = "Mã KH,Họ tên,Người chăm sóc\nA,Nguyễn Thị An,NV1\nB,Trần Văn Bình,NV2\nC,Lê Chi,NV1\n"
ORDERS = (
    "Mã đơn,Mã KH,Ngày mua,Thành tiền\n"
    'D1,A,05/01/2025,100.000\nD2,A,06/02/2025,1.250.000 ₫\nD3,A,07/03/2025,"1,5 triệu"\n'
    "D4,B,05/01/2025,200.000\n"
)


@pytest.fixture
def files(tmp_path):
    customers, orders = tmp_path / "khach_hang.csv", tmp_path / "don_hang.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")
    orders.write_text(ORDERS, encoding="utf-8")
    return customers, orders


def test_classify_writes_the_lists_of_your_customers(files, tmp_path, capsys):
    customers, orders = files
    out = tmp_path / "ket_qua.xlsx"
    argv = ["classify", str(customers), "--orders", str(orders), "--scheme", "service_level"]
    argv += ["--param", "loyal_orders=3", "--map", "Người chăm sóc=staff_id", "--by", "staff_id"]
    assert main([*argv, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Dữ liệu của bạn: 3 khách, 4 dòng đơn hàng" in said and "Your data: 3 customers" in said
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", "NV1", "NV2"]
    # by hand: A bought 3 times (loyal from 3), B once (first), C never (none)
    # the lists show the level's name (Vietnamese by default), the reason, the order data
    heads = next(wb["NV1"].iter_rows(max_row=1, values_only=True))
    assert heads[:5] == ("Mã khách hàng", "Họ và tên", "Nhân viên phụ trách", "Nhóm", "Lý do")
    nv1 = {r[0]: r for r in wb["NV1"].iter_rows(min_row=2, values_only=True) if r[0]}
    nv2 = {r[0]: r for r in wb["NV2"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert {k: r[3] for k, r in (nv1 | nv2).items()} == {
        "A": "Trung thành",
        "B": "Giao dịch lần đầu",
        "C": "Chưa giao dịch",
    }
    assert nv1["A"][5:7] == (3, 2_850_000)  # 100.000 + 1.250.000 + 1,5 triệu


def test_an_existing_result_is_refused_before_anything_is_read(tmp_path, capsys):
    """The input named does not even exist: the refusal comes first, so it is the one said."""
    out = tmp_path / "ket_qua.xlsx"
    out.write_bytes(b"my own work")
    argv = ["classify", str(tmp_path / "khong_co.csv"), "--scheme", "rfm", "--out", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "đã có sẵn" in err and "already exists" in err and "khong_co" not in err
    assert out.read_bytes() == b"my own work"


def test_the_result_never_replaces_an_input_file(files, capsys):
    customers, orders = files
    argv = ["classify", str(customers), "--orders", str(orders), "--scheme", "rfm"]
    assert main([*argv, "--out", str(orders), "--force"]) == 2
    assert "là tệp đầu vào" in capsys.readouterr().err
    assert orders.read_text(encoding="utf-8") == ORDERS


@pytest.mark.parametrize(
    ("extra", "vi", "en"),
    [
        (
            ["--out", "kq.txt"],
            "'--out kq.txt': hãy chọn tên kết thúc bằng .xlsx",
            "ending in .xlsx",
        ),
        (
            ["--out", "kq.xlsx", "--by", "staff_id"],
            '--map "Tên cột=staff_id"',
            '--map "Header=staff_id"',
        ),
        (["--out", "kq.xlsx", "--by", "nhom"], "không có cột nhom. Các cột có:", "no column nhom."),
    ],
)
def test_what_the_command_refuses_is_said_in_its_own_words(
    files, tmp_path, monkeypatch, capsys, extra, vi, en
):
    monkeypatch.chdir(tmp_path)
    customers, orders = files
    argv = ["classify", str(customers), "--orders", str(orders), "--scheme", "rfm", *extra]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert vi in err and en in err and "export_segments()" not in err
    assert not (tmp_path / "kq.xlsx").exists() and not (tmp_path / "kq.txt").exists()
