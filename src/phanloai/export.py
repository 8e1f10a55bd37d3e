"""Writing a case's tables to Excel (one sheet per table), CSV or Parquet (one file per table).

Nothing the user already has is overwritten unless ``force=True``; everything is written whole
or not at all (:mod:`phanloai.files`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ._i18n import PhanloaiError
from .files import FORMULA_STARTS, inert_text, writing, writing_files

EXCEL_MAX_ROWS = 1_048_575  # one row is the header


def output_format(out: str | Path) -> str:
    """``xlsx``, ``csv`` or ``parquet`` from the path: ``x.xlsx`` → Excel; ``x.parquet`` or
    ``x.parquet/`` → Parquet folder; anything else (``x/``, ``x``) → CSV folder."""
    text = str(out).rstrip("/\\")
    if text.endswith(".xlsx"):
        return "xlsx"
    if text.endswith(".parquet"):
        return "parquet"
    if Path(text).suffix and not str(out).endswith(("/", "\\")):
        raise PhanloaiError(
            f"Không rõ định dạng của '{out}': dùng tên kết thúc bằng .xlsx, .parquet/ hoặc một thư mục (csv/).",
            f"Unknown output format for '{out}': use a name ending in .xlsx, .parquet/ or a folder (csv/).",
        )
    return "csv"


def _for_excel(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype("object")
    return out


def _write_excel(tables: dict[str, pd.DataFrame], path: Path) -> None:
    from .dictionary import data_dictionary

    too_big = {k: len(v) for k, v in tables.items() if len(v) > EXCEL_MAX_ROWS}
    if too_big:
        shown = ", ".join(f"{k} ({v:,} dòng)" for k, v in too_big.items())
        raise PhanloaiError(
            f"Excel chỉ chứa tối đa {EXCEL_MAX_ROWS:,} dòng mỗi trang; bảng quá lớn: {shown}. Hãy xuất CSV hoặc Parquet.",
            f"Excel holds at most {EXCEL_MAX_ROWS:,} rows per sheet; too large: {shown}. Export CSV or Parquet instead.",
        )
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, df in tables.items():
            _for_excel(df).to_excel(xl, sheet_name=name, index=False, freeze_panes=(1, 0))
            sheet = xl.sheets[name]
            _formulas_as_text(sheet)
            for i, col in enumerate(df.columns, start=1):
                letter = sheet.cell(row=1, column=i).column_letter
                sheet.column_dimensions[letter].width = min(max(len(str(col)) + 2, 12), 40)
                if pd.api.types.is_datetime64_any_dtype(df[col]):
                    values = df[col].dropna()
                    fmt = (
                        "dd/mm/yyyy"
                        if (values == values.dt.normalize()).all()
                        else "dd/mm/yyyy hh:mm"
                    )
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = fmt
        dictionary = data_dictionary()
        dictionary = dictionary[dictionary["table"].isin(list(tables))]
        if len(dictionary):  # the meaning of every column, when the tables are documented ones
            dictionary.to_excel(xl, sheet_name="tu_dien", index=False)


def _formulas_as_text(sheet) -> None:
    """Every cell whose text starts like a formula stays text: never evaluated by a spreadsheet."""
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def save_tables(
    tables: dict[str, pd.DataFrame], out: str | Path, force: bool = False
) -> list[Path]:
    """Write ``tables`` to ``out`` (format from the name, see :func:`output_format`).

    The Excel file, or the set of CSV / Parquet files, is written into a private temporary place
    in the target folder and moved into place whole (:mod:`phanloai.files`): an interrupted or
    failed write leaves what was there untouched and no temporary file; two runs never share a
    temporary name; without ``force`` nothing existing is replaced; other files in the folder are
    left alone. Text that
    starts like a formula is written as text. Returns the paths written; every problem is a
    bilingual :class:`PhanloaiError`.
    """
    out = Path(out)
    fmt = output_format(out)
    if fmt == "xlsx":
        with writing(out, force=force) as tmp:
            _write_excel(tables, tmp)
        return [out]
    ext = ".csv" if fmt == "csv" else ".parquet"
    with writing_files(out, [f"{name}{ext}" for name in tables], force=force) as tmp:
        for name, df in tables.items():
            if fmt == "csv":
                _inert(df).to_csv(
                    tmp / f"{name}{ext}",
                    index=False,
                    encoding="utf-8-sig",
                    date_format="%Y-%m-%d %H:%M:%S",
                    quoting=csv.QUOTE_NONNUMERIC,
                )
            else:
                df.to_parquet(tmp / f"{name}{ext}", index=False)
    return [out / f"{name}{ext}" for name in tables]


def _inert(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns with formula-like values made inert (the numbers and dates untouched)."""
    out = df
    for col in df.columns:
        if pd.api.types.is_string_dtype(df[col]) or df[col].dtype == object:
            values = df[col].map(inert_text)
            if not values.equals(df[col]):
                if out is df:
                    out = df.copy()
                out[col] = values
    return out
