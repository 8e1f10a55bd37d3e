"""The three output formats from the README, read back."""

from __future__ import annotations

import openpyxl
import pandas as pd

import phanloai
from phanloai.cli import main


def test_generate_excel_one_sheet_per_table(tmp_path):
    out = tmp_path / "bolts.xlsx"
    assert main(["generate", "bolts", "--seed", "1", "--n", "300", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    case = phanloai.load("bolts", n=300, seed=1)
    assert book.sheetnames == [*case.tables, "tu_dien"]
    customers = pd.read_excel(out, sheet_name="customers")
    assert len(customers) == 300 and list(customers.columns) == list(case.customers.columns)
    assert customers["company_name"].iloc[0] == case.customers["company_name"].iloc[0]
    sheet = openpyxl.load_workbook(out)["orders"]
    date_col = [c.value for c in sheet[1]].index("order_date") + 1
    assert sheet.cell(row=2, column=date_col).number_format == "dd/mm/yyyy"


def test_generate_csv_folder(tmp_path):
    out = tmp_path / "spa"
    assert main(["generate", "spa", "--n", "500", "--out", f"{out}/"]) == 0
    case = phanloai.load("spa", n=500)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in case.tables)
    back = pd.read_csv(out / "customers.csv", encoding="utf-8-sig", dtype={"phone": str})
    assert back["full_name"].tolist() == case.customers["full_name"].astype(str).tolist()
    assert back["phone"].str.fullmatch(r"0\d{9}").all()


def test_generate_parquet_folder(tmp_path):
    out = tmp_path / "fashion.parquet"
    assert main(["generate", "fashion", "--n", "800", "--out", f"{out}/"]) == 0
    case = phanloai.load("fashion", n=800)
    back = pd.read_parquet(out / "orders.parquet")
    assert len(back) == len(case.orders)
    assert back["amount"].sum() == case.orders["amount"].sum()


def test_params_command_copies_the_default_file(tmp_path, capsys):
    out = tmp_path / "spa_cua_toi.toml"
    assert main(["params", "spa", "--out", str(out)]) == 0
    assert 'case = "spa"' in out.read_text("utf-8")
    assert main(["params", "spa", "--out", str(out)]) == 2  # does not overwrite
    assert main(["cases"]) == 0
    assert "bolts" in capsys.readouterr().out


def test_generate_from_an_edited_file(tmp_path):
    params = tmp_path / "spa2.toml"
    main(["params", "spa", "--out", str(params)])
    params.write_text(
        params.read_text("utf-8").replace("default_n = 4800", "default_n = 123"), "utf-8"
    )
    out = tmp_path / "spa2"
    assert main(["generate", "spa", "--params", str(params), "--out", f"{out}/"]) == 0
    assert len(pd.read_csv(out / "customers.csv")) == 123
