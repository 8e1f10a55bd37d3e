"""Lists for salespeople: the workbook's content by hand, its formats, formula injection made
inert in XLSX and CSV, Excel's sheet-name rules, and nothing of the user's overwritten."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.cli import main
from phanloai.lists import sheet_name

M = 1_000_000
EVIL = ['=HYPERLINK("http://x","bấm")', "+84 912", "-5+3", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.fixture
def shop() -> pd.DataFrame:
    #  id   name (evil)          orders  spend   staff          service_level (defaults 2 / 4)
    #  K1   =HYPERLINK(…)        0       0       NV01           none
    #  K2   +84 912              1       1 tr    NV01           first
    #  K3   -5+3                 2       3 tr    NV/02:[x]      repeat
    #  K4   @SUM(A1)             5       9 tr    NV/02:[x]      loyal
    #  K5   \tTab                4       6 tr    (40 chars)     loyal
    #  K6   \rCR                 1       2 tr    —              first
    return pd.DataFrame(
        {
            "customer_id": ["K1", "K2", "K3", "K4", "K5", "K6"],
            "full_name": EVIL,
            "phone": ["0912345678", "0987000111", None, "0281234567", "0900000000", "0911"],
            "n_orders": [0, 1, 2, 5, 4, 1],
            "total_spend": [0, 1 * M, 3 * M, 9 * M, 6 * M, 2 * M],
            "last_purchase": pd.to_datetime(
                [None, "2025-01-05", "2025-02-10", "2025-03-15", "2025-04-20", "2025-05-25"]
            ),
            "staff_id": ["NV01", "NV01", "NV/02:[x]", "NV/02:[x]", "N" * 40, None],
        }
    )


@pytest.fixture
def labels(shop):
    return phanloai.classify(shop, "service_level")


def _cells(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _header_row(ws) -> int:
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if row and row[0] == "Mã khách hàng":
            return i
    raise AssertionError("no header row")


def test_workbook_by_level(tmp_path, shop, labels):
    out = phanloai.export_segments(shop, labels, tmp_path / "ds.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Tổng hợp",
        "Chưa giao dịch",
        "Giao dịch lần đầu",
        "Mua lặp lại",
        "Trung thành",
    ]  # the empty "unknown" level has no sheet
    summary = _cells(wb["Tổng hợp"])
    rows = {r[0]: r[1:] for r in summary if r[0] in ("Chưa giao dịch", "Trung thành")}
    assert rows["Chưa giao dịch"][0] == 1 and rows["Trung thành"][0] == 2  # K1; K4 and K5
    assert rows["Trung thành"][2] == 15 * M  # 9 tr + 6 tr
    assert rows["Trung thành"][4]  # the suggested action, in words
    loyal = wb["Trung thành"]
    head = _header_row(loyal)
    names = [c.value for c in loyal[head]]
    assert names[:5] == ["Mã khách hàng", "Họ và tên", "Số điện thoại", "Nhóm", "Lý do"]
    ids = [loyal.cell(row=r, column=1).value for r in range(head + 1, loyal.max_row + 1)]
    assert ids == ["K4", "K5"]  # the bigger spender first
    assert loyal.cell(row=head + 1, column=4).value == "Trung thành"  # the level in words
    assert "5 đơn" in loyal.cell(row=head + 1, column=5).value  # the reason
    assert loyal.freeze_panes == f"A{head + 1}" and loyal.auto_filter.ref.startswith(f"A{head}:")


def test_formats_phones_and_dates(tmp_path, shop, labels):
    wb = openpyxl.load_workbook(phanloai.export_segments(shop, labels, tmp_path / "ds.xlsx"))
    ws = wb["Trung thành"]
    head = _header_row(ws)
    col = {c.value: c.column for c in ws[head]}
    k4 = head + 1
    phone = ws.cell(row=k4, column=col["Số điện thoại"])
    assert phone.value == "0281234567" and phone.data_type == "s"  # the leading 0 kept, as text
    money = ws.cell(row=k4, column=col["Tổng chi tiêu"])
    assert money.value == 9 * M and money.number_format == '#,##0 "₫"'
    date = ws.cell(row=k4, column=col["Ngày mua gần nhất"])
    assert date.value == pd.Timestamp("2025-03-15") and date.number_format == "dd/mm/yyyy"
    widths = [ws.column_dimensions[c.column_letter].width for c in ws[head]]
    assert all(8 <= w <= 60 for w in widths)


def test_formula_injection_is_inert_in_xlsx(tmp_path, shop, labels):
    out = phanloai.export_segments(shop, labels, tmp_path / "ds.xlsx")
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any("<f>" in z.read(n).decode() for n in sheets)  # no formula
    wb = openpyxl.load_workbook(out)
    seen = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(tuple("=+-@\t\r\n")):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.value
                    seen.append(cell.value)
    # every evil name is there, as text (XML keeps a carriage return as a line break)
    assert {e.replace("\r", "\n") for e in EVIL} <= set(seen)


def test_formula_injection_is_inert_in_csv(tmp_path, shop, labels):
    out = phanloai.export_segments(shop, labels, tmp_path / "ds.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the Vietnamese
    back = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    names = back["Họ và tên"].tolist()
    for evil in EVIL:
        assert "'" + evil in names  # an apostrophe first: shown, never evaluated
    assert not any(n.startswith(tuple("=+-@\t\r")) for n in names)
    assert "0912345678" in back["Số điện thoại"].tolist()
    assert len(back) == len(shop)


def test_one_sheet_per_salesperson_with_excel_names(tmp_path, shop, labels):
    wb = openpyxl.load_workbook(
        phanloai.export_segments(shop, labels, tmp_path / "ds.xlsx", by="staff_id")
    )
    names = wb.sheetnames
    assert names[0] == "Tổng hợp"
    assert "NV01" in names and "NV-02-(x)" in names  # / : [ ] are not allowed in a sheet name
    assert "N" * 31 in names  # at most 31 characters
    assert "(chưa phân công)" in names  # K6 has nobody
    assert all(len(n) <= 31 for n in names)
    ws = wb["NV-02-(x)"]
    head = _header_row(ws)
    ids = [ws.cell(row=r, column=1).value for r in range(head + 1, ws.max_row + 1)]
    assert ids == ["K3", "K4"]  # in the scheme's level order: repeat, then loyal


def test_sheet_names_unique_case_insensitive():
    taken: set[str] = set()
    assert sheet_name("Nhóm A", taken) == "Nhóm A"
    assert sheet_name("NHÓM A", taken) == "NHÓM A (2)"
    assert sheet_name("", taken) == "Sheet"
    assert sheet_name("'quoted'", taken) == "quoted"


def test_english_headers(tmp_path, shop, labels):
    with phanloai.language("en"):
        out = phanloai.export_segments(shop, labels, tmp_path / "en.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Summary"
    ws = wb.worksheets[1]
    assert any(r[:2] == ("Customer id", "Full name") for r in ws.iter_rows(values_only=True)), [
        r[:3] for r in ws.iter_rows(max_row=6, values_only=True)
    ]


def test_nothing_overwritten_without_force(tmp_path, shop, labels):
    out = tmp_path / "ds.xlsx"
    out.write_bytes(b"my own file")
    with pytest.raises(PhanloaiError, match="đã có sẵn") as err:
        phanloai.export_segments(shop, labels, out)
    assert "already exists" in err.value.en
    assert out.read_bytes() == b"my own file"
    phanloai.export_segments(shop, labels, out, force=True)
    assert zipfile.is_zipfile(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds.xlsx"]  # no temporary file left


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda s, lab, p: phanloai.export_segments(s, lab, p / "x.pdf"), ".xlsx"),
        (lambda s, lab, p: phanloai.export_segments(s, lab, p / "x.xlsx", by="region"), "region"),
        (lambda s, lab, p: phanloai.export_segments(s, ["a"] * 6, p / "x.xlsx"), "classify"),
        (lambda s, lab, p: phanloai.export_segments(s.iloc[:3], lab, p / "x.xlsx"), "khớp"),
        (lambda s, lab, p: phanloai.export_segments("s", lab, p / "x.xlsx"), "DataFrame"),
    ],
)
def test_bad_input_is_said(tmp_path, shop, labels, call, words):
    with pytest.raises(PhanloaiError, match=words):
        call(shop, labels, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_cli_export(tmp_path, capsys):
    out = tmp_path / "ds.xlsx"
    argv = ["export", "spa", "--scheme", "service_level", "--param", "loyal_orders=3"]
    assert main([*argv, "--by", "staff_id", "--n", "300", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Trung thành" in said and str(out) in said
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Tổng hợp" and "NV03" in wb.sheetnames
    note = [r[0] for r in wb["Tổng hợp"].iter_rows(max_row=3, values_only=True)]
    assert any("= 3" in str(n) for n in note)  # the parameter chosen is written down
    assert main([*argv, "--out", str(out)]) == 2  # not overwritten
    assert "đã có sẵn" in capsys.readouterr().err
    assert main(["export", "spa", "--scheme", "service_level", "--param", "loyal=3",
                 "--out", str(tmp_path / "y.csv")]) == 2  # fmt: skip
    assert "loyal_orders" in capsys.readouterr().err
    assert main(["export", "fashion", "--scheme", "ladder", "--param", "key_spend=20.000.000",
                 "--n", "2000", "--out", str(tmp_path / "l.csv")]) == 0  # fmt: skip


def test_the_summary_lists_only_the_parameters_that_count(tmp_path):
    """RFM by quantile: the twelve fixed cut points do not count, so the summary's parameter
    line names the scoring method and the number of steps only."""
    fashion = phanloai.load("fashion", n=300)
    labels = phanloai.classify(fashion.customers, "rfm", method="quantile", bins=4)
    out = phanloai.export_segments(fashion.customers, labels, tmp_path / "rfm.xlsx")
    line = openpyxl.load_workbook(out)["Tổng hợp"]["A2"].value
    assert line == (
        "Tham số: Cách chấm điểm: theo phân vị ('quantile') hay theo ngưỡng cố định ('fixed') "
        "= Theo phân vị, Số mức điểm (cách 'quantile') = 4"
    )
