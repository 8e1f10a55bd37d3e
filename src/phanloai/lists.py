"""Danh sách cho từng người bán hàng — segment lists a sales team takes away (an Excel workbook or
a CSV file).

:func:`export_segments` writes a summary sheet (each level: customers, share, revenue, suggested
action, with the scheme and its parameters), then one sheet per level — or one per value of a
column such as ``staff_id`` (each salesperson's own customers) — listing every customer with
their level and the reason. Headers come from the vocabulary (Vietnamese, or English after
``set_language("en")``), money is formatted ``#,##0 ₫`` (``1.250.000 ₫`` in a Vietnamese Excel),
dates ``dd/mm/yyyy``, phone numbers stay text with their leading 0, the header row has a filter
and stays frozen, columns are as wide as their contents, and sheet names keep within Excel's
rules. Text that starts like a formula is written as text, never evaluated. Nothing is
overwritten without ``force``; a write is whole or not at all (:mod:`phanloai.files`).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ._i18n import PhanloaiError, tr
from .display import in_words
from .files import FORMULA_STARTS, inert_text, writing
from .reports import profile
from .schemes.registry import explain
from .schemes.result import describe, not_labels_error
from .vn import format_number, format_percent
from .vocab import term

__all__ = ["export_segments", "sheet_name"]

_ID_COLUMNS = (
    "customer_id",
    "contact_id",
    "full_name",
    "company_name",
    "contact_name",
    "phone",
    "email",
)
_USUAL = (
    "staff_id",
    "source",
    "province",
    "n_orders",
    "total_spend",
    "last_purchase",
    "recency_days",
)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
EXCEL_MAX_ROWS = 1_048_575


def sheet_name(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters, not empty, unique
    (case-insensitively) among ``taken`` — which it joins.

    >>> taken = set()
    >>> sheet_name("Khách hàng lớn (Key account)", taken), sheet_name("a/b: [c]", taken)
    ('Khách hàng lớn (Key account)', 'a-b- (c)')
    >>> sheet_name("x" * 40, taken), sheet_name("x" * 40, taken)
    ('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'xxxxxxxxxxxxxxxxxxxxxxxxxxx (2)')
    """
    clean = _BAD_SHEET_CHARS.sub(
        lambda m: {"[": "(", "]": ")"}.get(m.group(0), "-"), str(text)
    ).strip("' ")
    clean = clean or "Sheet"
    name, i = clean[:31], 1
    while name.lower() in {t.lower() for t in taken}:
        i += 1
        suffix = f" ({i})"
        name = clean[: 31 - len(suffix)] + suffix
    taken.add(name)
    return name


def _sheet_words(label: str) -> str:
    """A level's name for a sheet tab: without the English in brackets when it would not fit."""
    if len(label) > 31 and " (" in label:
        return label.split(" (", 1)[0]
    return label


def _columns(table: pd.DataFrame, scheme, p, by: str | None) -> list[str]:
    needed = [c.name for c in scheme.requires_for(p)]
    wanted = [*_ID_COLUMNS, *([by] if by else []), *needed, *_USUAL]
    return [c for c in dict.fromkeys(wanted) if c in table.columns]


def _rows(table: pd.DataFrame, labels: pd.Series, by: str | None) -> pd.DataFrame:
    """Every customer with their level (words) and the reason, the chosen columns beside."""
    info = describe(labels)
    s, p = info.scheme, info.params
    why = explain(table, s, **p)
    cols = _columns(table, s, p, by)
    rows = table[cols].copy()
    rows.insert(min(3, len(cols)), "level", labels)  # aligned by index, keeps what it is
    rows.insert(min(4, len(cols) + 1), "reason", why["reason"].to_numpy())
    order = np.lexsort(
        (
            -pd.to_numeric(
                table.get("total_spend", pd.Series(0, index=table.index)), errors="coerce"
            )
            .fillna(0)
            .to_numpy(),
            labels.cat.codes.to_numpy(),
        )
    )
    return rows.iloc[order]


def _summary(table: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    info = describe(labels)
    report = profile(table, labels)
    keep = [
        k
        for k in ("customers", "customer_share", "revenue", "revenue_share")
        if k in report.columns
    ]
    out = report[keep].copy()
    out["action"] = [lv.action for lv in info.levels]
    out.attrs = dict(report.attrs)
    return out


def export_segments(
    table: pd.DataFrame, labels, path, by: str | None = None, *, force: bool = False
) -> Path:
    """Write the lists of a classification for a sales team: Excel (``.xlsx``) or CSV (``.csv``).

    Parameters
    ----------
    table : the customers that were classified.
    labels : what ``phanloai.classify(table, …)`` returned (also stored as a column).
    path : ``….xlsx`` (a summary sheet, then one sheet per level or per value of ``by``) or
        ``….csv`` (every customer, one row each, UTF-8 with BOM so Excel reads the Vietnamese).
    by : a column to split the workbook by (``"staff_id"``: each salesperson's own list).
    force : replace an existing file (never without it).

    Returns
    -------
    The path written.

    Examples
    --------
    >>> import tempfile, pathlib, phanloai
    >>> spa = phanloai.load("spa")
    >>> lab = phanloai.classify(spa.customers, "service_level")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "cap_do_dich_vu.xlsx"
    >>> phanloai.export_segments(spa.customers, lab, out, by="staff_id").name
    'cap_do_dich_vu.xlsx'
    """
    if not isinstance(table, pd.DataFrame):
        raise PhanloaiError(
            f"export_segments(): cần bảng khách hàng (DataFrame), nhận được {type(table).__name__}.",
            f"export_segments(): needs the customer table (a DataFrame), got {type(table).__name__}.",
        )
    if isinstance(labels, str) and labels in table.columns:
        labels = table[labels]
    if not isinstance(labels, pd.Series) or describe(labels) is None:
        raise not_labels_error("export_segments()", labels)
    if not labels.index.equals(table.index):
        raise PhanloaiError(
            "export_segments(): nhãn không khớp với bảng (chỉ mục khác nhau); hãy phân loại đúng bảng này.",
            "export_segments(): the labels do not match the table (different index); classify this very table.",
        )
    if by is not None and by not in table.columns:
        raise PhanloaiError(
            f"export_segments(): bảng không có cột '{by}' để chia danh sách.",
            f"export_segments(): the table has no column '{by}' to split the lists by.",
        )
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise PhanloaiError(
            f"export_segments(): '{path}' — hãy chọn tên kết thúc bằng .xlsx hoặc .csv.",
            f"export_segments(): '{path}' — choose a name ending in .xlsx or .csv.",
        )
    rows = _rows(table, labels, by)
    if suffix == ".csv":
        words = in_words(rows)
        for col in words.columns:
            if words[col].dtype == object or pd.api.types.is_string_dtype(words[col]):
                words[col] = words[col].map(inert_text)
        with writing(path, force=force) as tmp:
            # every text quoted: a carriage return inside a name stays inside its cell
            words.to_csv(
                tmp,
                index=False,
                encoding="utf-8-sig",
                date_format="%d/%m/%Y",
                quoting=csv.QUOTE_NONNUMERIC,
            )
        return path
    if len(rows) > EXCEL_MAX_ROWS:
        raise PhanloaiError(
            f"Excel chứa tối đa {format_number(EXCEL_MAX_ROWS)} dòng mỗi trang; hãy xuất CSV.",
            f"Excel holds at most {format_number(EXCEL_MAX_ROWS)} rows per sheet; export CSV instead.",
        )
    with writing(path, force=force) as tmp:
        _write_workbook(tmp, table, labels, rows, by)
    return path


# -- the workbook ---------------------------------------------------------------------------------------
def _kind(key, series: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if key in ("phone",) or key.endswith("_id"):
        return "text"
    kind = term(
        key,
        "measures" if key in ("customers", "customer_share", "revenue", "revenue_share") else None,
    ).kind
    return kind if pd.api.types.is_numeric_dtype(series) else "text"


_FORMATS = {
    "money": '#,##0 "₫"',
    "share": "0%",
    "date": "dd/mm/yyyy",
    "count": "#,##0",
    "integer": "#,##0",
    "days": "#,##0",
    "km": "0.0",
}


def _sheet(wb, title: str, frame: pd.DataFrame, kinds: dict, note: list[str] | None = None):
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    start = 1
    for line in note or []:
        ws.cell(row=start, column=1, value=inert_text(line)).font = Font(bold=start == 1)
        start += 1
    if note:
        start += 1
    headers = list(frame.columns)
    for j, name in enumerate(headers, start=1):
        cell = ws.cell(row=start, column=j, value=inert_text(str(name)))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [min(max(len(str(h)), 8), 40) for h in headers]
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=start + 1):
        for j, value in enumerate(row, start=1):
            kind = kinds[headers[j - 1]]
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, pd.Timestamp):
                value = value.to_pydatetime()
            cell = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                cell.data_type = (
                    "s"  # text stays text: "=…" is never a formula, "0912…" keeps its 0
                )
                if value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
            elif kind in _FORMATS:
                cell.number_format = _FORMATS[kind]
            shown = len(str(value)) + (3 if kind == "money" else 0)
            widths[j - 1] = min(max(widths[j - 1], shown + 1), 60)
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    last = get_column_letter(len(headers))
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    ws.auto_filter.ref = f"A{start}:{last}{start + max(len(frame), 1)}"
    return ws


def _param_text(param, value) -> str:
    if param.choices:
        return param.choice_label(value)
    if param.kind == "money":
        from .vn import format_money

        return format_money(value)
    return format_number(value, 0 if float(value).is_integer() else 1)


def _write_workbook(
    path: Path, table: pd.DataFrame, labels: pd.Series, rows: pd.DataFrame, by: str | None
) -> None:
    from openpyxl import Workbook

    info = describe(labels)
    s, p = info.scheme, info.params
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    summary = _summary(table, labels)
    words = in_words(summary)
    kinds = dict(zip(words.columns, [_kind(k, summary[k]) for k in summary.columns], strict=True))
    kinds[words.index.name] = "text"
    counts = {  # a parameter that counts only with another's choice, shown only then
        k
        for k in p
        if s.params[k].only_when is None
        or p.get(s.params[k].only_when[0]) == s.params[k].only_when[1]
    }
    shown = [
        f"{s.params[k].label} = {_param_text(s.params[k], v)}" for k, v in p.items() if k in counts
    ]
    note = [
        s.title,
        tr(
            f"Tham số: {', '.join(shown) or '(mặc định)'}",
            f"Parameters: {', '.join(shown) or '(defaults)'}",
        ),
        tr(
            f"{format_number(len(table))} khách · lập ngày {dt.date.today():%d/%m/%Y}",
            f"{format_number(len(table))} customers · made on {dt.date.today():%d/%m/%Y}",
        ),
    ]
    if by:
        note.append(
            tr(
                f"Mỗi trang sau: danh sách theo {term(by).short}",
                f"Each following sheet: the list for one {term(by).short}",
            )
        )
    _sheet(wb, sheet_name(tr("Tổng hợp", "Summary"), taken), words.reset_index(), kinds, note)
    rows = rows.reset_index(drop=True)  # positions: the same rows in words and in codes
    listed = in_words(rows)
    list_kinds = dict(zip(listed.columns, [_kind(k, rows[k]) for k in rows.columns], strict=True))
    if by:
        groups = rows.groupby(
            rows[by].astype("object").fillna(tr("(chưa phân công)", "(unassigned)")), sort=True
        )
        names = {key: str(key) for key, _ in groups}
    else:
        codes = rows["level"].astype("object")
        groups = rows.groupby(codes, sort=False)
        words_of = {lv.code: _sheet_words(lv.label) for lv in info.levels}
        names = {key: words_of[key] for key, _ in groups}
    for key, part in groups:
        _sheet(wb, sheet_name(names[key], taken), listed.loc[part.index], list_kinds)
    wb.save(path)


def summary_text(table: pd.DataFrame, labels: pd.Series) -> str:
    """One line per level: its name, customers and share (for a console)."""
    report = profile(table, labels)
    info = describe(labels)
    return "\n".join(
        f"  {lv.label}: {format_number(report.loc[lv.code, 'customers'])} ({format_percent(report.loc[lv.code, 'customer_share'])})"
        for lv in info.levels
        if report.loc[lv.code, "customers"] > 0
    )
