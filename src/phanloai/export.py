"""Writing a case's tables to Excel (one sheet per table), CSV or Parquet (one file per table).

Nothing the user already has is overwritten unless ``force=True``; files are written to a
temporary name first and moved into place, so a failed write leaves no half-written file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from ._i18n import PhanloaiError

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


def _targets(tables: dict[str, pd.DataFrame], out: Path, fmt: str) -> dict[str, Path]:
    if fmt == "xlsx":
        return {"*": out}
    ext = ".csv" if fmt == "csv" else ".parquet"
    return {name: out / f"{name}{ext}" for name in tables}


def _check_writable(targets: dict[str, Path], out: Path, force: bool) -> None:
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not force:
        shown = ", ".join(existing[:5]) + (" …" if len(existing) > 5 else "")
        raise PhanloaiError(
            f"Tệp đã có sẵn, không ghi đè: {shown}. Dùng --force (force=True) nếu muốn ghi đè.",
            f"File(s) already exist, not overwriting: {shown}. Use --force (force=True) to overwrite.",
        )
    excel = "*" in targets
    if not excel and out.is_file():
        raise PhanloaiError(
            f"'{out}' là một tệp, không phải thư mục.", f"'{out}' is a file, not a folder."
        )
    if excel and out.is_dir():
        raise PhanloaiError(
            f"'{out}' là một thư mục, không phải tệp Excel.",
            f"'{out}' is a folder, not an Excel file.",
        )
    folder = out.parent if excel else out
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(folder, exc) from exc
    if not os.access(folder, os.W_OK):
        raise _unwritable(folder, PermissionError("permission denied"))


def _unwritable(path: Path, exc: OSError) -> PhanloaiError:
    reason = exc.strerror or str(exc)
    return PhanloaiError(
        f"Không ghi được vào '{path}' ({reason}). Hãy chọn thư mục khác.",
        f"Cannot write to '{path}' ({reason}). Choose another folder.",
    )


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
        dictionary.to_excel(xl, sheet_name="tu_dien", index=False)


def save_tables(
    tables: dict[str, pd.DataFrame], out: str | Path, force: bool = False
) -> list[Path]:
    """Write ``tables`` to ``out`` (format from the name, see :func:`output_format`).

    Returns the paths written. Raises :class:`PhanloaiError` when a file exists (unless
    ``force``), when the place is not writable, or when a table is too large for Excel.
    """
    out = Path(out)
    fmt = output_format(out)
    targets = _targets(tables, out, fmt)
    _check_writable(targets, out, force)
    written = []
    try:
        if fmt == "xlsx":
            fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=out.parent)
            os.close(fd)
            try:
                _write_excel(tables, Path(tmp))
                os.replace(tmp, out)
            finally:
                Path(tmp).unlink(missing_ok=True)
            return [out]
        for name, target in targets.items():
            tmp = target.with_name(f".{target.name}.tmp")
            if fmt == "csv":
                tables[name].to_csv(
                    tmp, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d %H:%M:%S"
                )
            else:
                tables[name].to_parquet(tmp, index=False)
            os.replace(tmp, target)
            written.append(target)
    except OSError as exc:
        raise _unwritable(out, exc) from exc
    return written
