"""The validation report: every problem the door met, row by row, in Vietnamese and English.

Each :class:`Issue` is one kind of problem in one column of one file, with the spreadsheet rows
it concerns (the numbers a person sees: the header is row 1 when it is the first row). The
report (:func:`report_frame`) has one line per row and problem — ``file``, ``row``,
``column``, ``value`` (as written), ``level`` (a code: ``error`` / lỗi — the value could not
be used; ``warning`` / cảnh báo — used, but look at it; ``note`` / ghi chú — read in a way worth
knowing; :data:`LEVEL_WORDS` has the words), ``problem_vi``, ``problem_en``, ``done_vi``, ``done_en`` (what the door did), and
``count`` (how many rows a line stands for: a note about one value, such as an old province
name, is one line for all the rows that hold it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..vn import format_number

ERROR, WARNING, NOTE = "error", "warning", "note"
LEVEL_WORDS = {
    ERROR: ("lỗi", "error"),
    WARNING: ("cảnh báo", "warning"),
    NOTE: ("ghi chú", "note"),
}

_UNKNOWN = ("để trống → Không xác định", "left blank → Unknown")
_SKIP = ("dòng không dùng", "row not used")

#: code → (level, problem vi, problem en, done vi, done en); ``{name}`` is filled per issue.
CATALOGUE: dict[str, tuple[str, str, str, str, str]] = {
    # the file
    "encoding": (
        NOTE,
        "mã hóa ký tự: {encoding}",
        "character encoding: {encoding}",
        "đọc theo {encoding}",
        "read as {encoding}",
    ),
    "encoding_guess": (
        WARNING,
        "không chắc mã hóa ký tự ({encoding}); {bad} ký tự không đọc được",
        "the character encoding is uncertain ({encoding}); {bad} characters could not be read",
        "hãy kiểm tra dấu tiếng Việt; tốt nhất lưu lại tệp dạng CSV UTF-8",
        "check the Vietnamese accents; best save the file again as CSV UTF-8",
    ),
    "sheet": (
        NOTE,
        "trang tính '{sheet}' (các trang: {sheets})",
        "sheet '{sheet}' (sheets: {sheets})",
        "đọc trang '{sheet}'",
        "read sheet '{sheet}'",
    ),
    "header_row": (
        NOTE,
        "dòng tiêu đề là dòng {header_row}",
        "the header is row {header_row}",
        "các dòng phía trên không dùng",
        "the rows above are not used",
    ),
    "title_row": (
        NOTE,
        "dòng phía trên tiêu đề (tiêu đề phụ, tên bảng…)",
        "a row above the header (a title, a group heading…)",
        *_SKIP,
    ),
    "column": (
        NOTE,
        "cột '{header}' được hiểu là {key} ({name})",
        "column '{header}' is read as {key} ({name})",
        "dùng",
        "used",
    ),
    "column_scale": (
        NOTE,
        "tiêu đề '{header}' ghi đơn vị: ×{scale}",
        "the header '{header}' states a unit: ×{scale}",
        "mọi giá trị nhân {scale}",
        "every value multiplied by {scale}",
    ),
    "column_unknown": (
        WARNING,
        "cột '{header}' không khớp tên cột nào đã biết{suggest_vi}",
        "column '{header}' matches no known column{suggest_en}",
        "giữ nguyên với tên gốc; dùng mapping để gán",
        "kept under its own name; use mapping to assign it",
    ),
    "column_ignored": (
        NOTE,
        "cột '{header}' được bỏ qua theo mapping",
        "column '{header}' left out by the mapping",
        "không dùng",
        "not used",
    ),
    "column_blank": (
        WARNING,
        "cột thứ {position} không có tiêu đề nhưng có dữ liệu",
        "column {position} has no header but holds data",
        "không dùng; hãy đặt tiêu đề",
        "not used; give it a header",
    ),
    "merged": (
        NOTE,
        "ô gộp {cells}",
        "merged cells {cells}",
        "giá trị của ô gộp chép xuống mọi dòng của nó",
        "the merged value copied to each of its rows",
    ),
    "date_other_order": (
        WARNING,
        "{count} ngày chỉ đọc được nếu ghi {order_vi}, vd '{example}': có thể cả cột ghi như vậy",
        "{count} date{s_count} can only be read {order_en}, e.g. '{example}': the whole column may be "
        "written that way",
        "không đoán; nếu đúng vậy, đọc lại với {fix_vi}",
        "nothing guessed; if so, read the file again with {fix_en}",
    ),
    "two_digit_year": (
        NOTE,
        "năm viết hai chữ số (vd '{example}')",
        "two-digit years (e.g. '{example}')",
        "đọc là 19xx / 20xx (gần nhất trước năm sau)",
        "read as 19xx / 20xx (the latest before next year)",
    ),
    "monthfirst_hint": (
        WARNING,
        "{n} ngày chỉ đọc được nếu tháng đứng trước",
        "{n} date{s_n} can only be read month first",
        "nếu tệp ghi tháng trước, dùng dayfirst=False (--monthfirst)",
        "if the file writes the month first, use dayfirst=False (--monthfirst)",
    ),
    "small_amounts": (
        WARNING,
        "{share_vi} số tiền dưới 1.000 ₫ — cột có thể tính bằng nghìn đồng",
        "{share_en} of amounts are under 1,000 ₫ — the column may be in thousands",
        "giữ nguyên; nếu đúng là nghìn đồng, ghi '(nghìn đồng)' vào tiêu đề",
        "kept; if it is in thousands, write '(nghìn đồng)' in the header",
    ),
    "tiny_amount": (
        WARNING,
        "số tiền dưới 1.000 ₫ giữa những số tiền lớn: có thể thiếu đơn vị (nghìn, triệu)",
        "an amount under 1,000 ₫ among large ones: a unit (thousand, million) may be missing",
        "giữ nguyên; hãy kiểm tra ô này",
        "kept as written; check this cell",
    ),
    "as_of": (
        NOTE,
        "ngày tính độ gần đây (recency): {as_of}",
        "recency is counted to {as_of}",
        "{how_vi}",
        "{how_en}",
    ),
    "replaced": (
        WARNING,
        "cột {key} của tệp khách hàng khác số tính từ đơn hàng ở {n} khách",
        "column {key} of the customer file differs from the orders for {n} customer{s_n}",
        "dùng số tính từ đơn hàng",
        "the figure from the orders is used",
    ),
    "derived": (
        NOTE,
        "cột {key} được suy ra từ {source}",
        "column {key} derived from {source}",
        "thêm vào bảng khách hàng",
        "added to the customer table",
    ),
    # rows
    "blank_row": (NOTE, "dòng trống", "blank row", *_SKIP),
    "totals_row": (
        NOTE,
        "dòng tổng cộng / tổng nhóm",
        "a totals / subtotal row",
        *_SKIP,
    ),
    "extra_cells": (
        ERROR,
        "dòng có {actual} ô, tiêu đề có {expected} (dấu phân cách trong một giá trị chưa được đặt trong ngoặc kép?)",
        "the row has {actual} cells, the header {expected} (a separator inside an unquoted value?)",
        *_SKIP,
    ),
    "missing_key": (
        ERROR,
        "không có {what} để nhận ra khách",
        "no {what} to tell who the customer is",
        *_SKIP,
    ),
    "duplicate_same": (
        WARNING,
        "trùng hoàn toàn với dòng {first}",
        "an exact copy of row {first}",
        "dòng không dùng (đã có ở dòng {first})",
        "row not used (already in row {first})",
    ),
    "duplicate_id": (
        ERROR,
        "trùng mã khách với dòng {first} nhưng khác dữ liệu",
        "same customer id as row {first} but different data",
        "dòng không dùng; giữ dòng {first}",
        "row not used; row {first} is kept",
    ),
    "duplicate_phone": (
        WARNING,
        "trùng số điện thoại với dòng {first} (có thể cùng một người)",
        "same phone number as row {first} (possibly the same person)",
        "giữ cả hai; hãy kiểm tra",
        "both kept; check them",
    ),
    "merged_phone": (
        WARNING,
        "trùng số điện thoại với dòng {first}",
        "same phone number as row {first}",
        "gộp vào khách ở dòng {first} (số điện thoại là mã khách)",
        "merged into the customer of row {first} (the phone is the customer key)",
    ),
    "id_leading_zeros": (
        WARNING,
        "mã khách {key} khớp với mã '{match}' của tệp khách hàng chỉ khi bỏ số 0 ở đầu (Excel hay "
        "xóa số 0 ở đầu mã)",
        "customer id {key} matches the id '{match}' of the customer file only without leading "
        "zeros (Excel often drops them)",
        "nối đơn với khách có mã ấy; nên định dạng cột mã là chữ (Text)",
        "the order linked to that customer; best format the id column as Text",
    ),
    "order_unknown_customer": (
        WARNING,
        "khách {key} không có trong tệp khách hàng",
        "customer {key} is not in the customer file",
        "thêm khách này (chỉ có dữ liệu đơn hàng)",
        "this customer added (with order data only)",
    ),
    "order_no_key": (
        ERROR,
        "dòng đơn có {other} nhưng không có {what}, mà các dòng đơn được nối với khách theo {what}",
        "the order line has {other} but no {what}, and order lines are linked to customers by {what}",
        "dòng không dùng (không gán cho khách nào khác)",
        "row not used (not given to any other customer)",
    ),
    "order_duplicate": (
        WARNING,
        "trùng hoàn toàn với dòng {first} (cùng mã đơn)",
        "an exact copy of row {first} (same order id)",
        "dòng không dùng (đã có ở dòng {first})",
        "row not used (already in row {first})",
    ),
    "order_refund": (
        NOTE,
        "số tiền âm: hoàn tiền / trả hàng",
        "a negative amount: a refund / return",
        "trừ vào tổng chi tiêu, không tính là một đơn",
        "taken off the total spend, not counted as an order",
    ),
    "order_no_amount": (
        ERROR,
        "đơn không có số tiền đọc được",
        "the order has no readable amount",
        "vẫn đếm đơn; tổng chi tiêu của khách này để trống → Không xác định",
        "the order still counts; this customer's total spend left blank → Unknown",
    ),
    "order_no_date": (
        ERROR,
        "đơn không có ngày đọc được",
        "the order has no readable date",
        "vẫn đếm đơn; ngày mua và độ gần đây của khách này để trống → Không xác định",
        "the order still counts; this customer's purchase dates and recency left blank → Unknown",
    ),
    "order_after_as_of": (
        WARNING,
        "ngày mua sau ngày tính độ gần đây ({as_of})",
        "order date after the recency date ({as_of})",
        "đơn không dùng",
        "order not used",
    ),
    # values
    "blank": (ERROR, "ô trống", "blank cell", *_UNKNOWN),
    "money": (ERROR, "không đọc được số tiền", "cannot read the amount", *_UNKNOWN),
    "number": (ERROR, "không đọc được số", "cannot read the number", *_UNKNOWN),
    "ambiguous_number": (
        ERROR,
        "số mơ hồ: dấu chấm / phẩy có thể là phân cách nghìn hoặc thập phân",
        "an ambiguous number: the dot / comma may separate thousands or decimals",
        *_UNKNOWN,
    ),
    "not_whole": (ERROR, "cần số nguyên", "a whole number is needed", *_UNKNOWN),
    "negative": (
        ERROR,
        "số âm không hợp lệ ở cột này",
        "a negative number is not valid here",
        *_UNKNOWN,
    ),
    "infinite": (ERROR, "giá trị vô hạn", "an infinite value", *_UNKNOWN),
    "share": (
        ERROR,
        "tỷ lệ phải từ 0 tới 1 (hoặc ghi kèm %)",
        "a share must be 0 to 1 (or written with %)",
        *_UNKNOWN,
    ),
    "date_in_number": (
        ERROR,
        "một ngày tháng trong cột số",
        "a date in a number column",
        *_UNKNOWN,
    ),
    "date": (ERROR, "không đọc được ngày", "cannot read the date", *_UNKNOWN),
    "date_dayfirst": (
        ERROR,
        "không phải ngày hợp lệ khi đọc ngày trước tháng (dd/mm/yyyy)",
        "not a valid date read day first (dd/mm/yyyy)",
        *_UNKNOWN,
    ),
    "date_monthfirst": (
        ERROR,
        "không phải ngày hợp lệ khi đọc tháng trước ngày (mm/dd/yyyy)",
        "not a valid date read month first (mm/dd/yyyy)",
        *_UNKNOWN,
    ),
    "date_range": (
        ERROR,
        "ngày không hợp lý (trước 1900 hoặc quá một năm sau hôm nay)",
        "an implausible date (before 1900 or more than a year from today)",
        *_UNKNOWN,
    ),
    "phone": (ERROR, "không phải số điện thoại", "not a phone number", *_UNKNOWN),
    "phone_old": (
        NOTE,
        "số di động 11 số cũ (trước 2018)",
        "an old 11-digit mobile number (before 2018)",
        "đổi sang đầu số mới: {new}",
        "given its new prefix: {new}",
    ),
    "phone_two": (
        WARNING,
        "hai số điện thoại trong một ô",
        "two phone numbers in one cell",
        "giữ số đầu: {new}",
        "the first kept: {new}",
    ),
    "phone_odd": (
        WARNING,
        "10 số nhưng không phải đầu số di động đang dùng",
        "10 digits but not a mobile prefix in use",
        "giữ như đã ghi: {new}",
        "kept as written: {new}",
    ),
    "phone_abroad": (
        NOTE,
        "số điện thoại nước ngoài",
        "a phone number abroad",
        "giữ dạng quốc tế: {new}",
        "kept in international form: {new}",
    ),
    "province": (
        ERROR,
        "không nhận ra tỉnh / thành",
        "not a province we know",
        *_UNKNOWN,
    ),
    "province_old": (
        NOTE,
        "tên tỉnh trước 1/7/2025: '{old}' ({count} dòng)",
        "a province name from before 1 July 2025: '{old}' ({count} row{s_count})",
        "đổi thành '{new}' (sáp nhập theo Nghị quyết 202/2025/QH15)",
        "made '{new}' (merged by Resolution 202/2025/QH15)",
    ),
    "gender": (ERROR, "giới tính không phải Nữ / Nam", "gender is not Nữ / Nam", *_UNKNOWN),
    "region": (
        ERROR,
        "miền không phải Bắc / Trung / Nam",
        "region is not Bắc / Trung / Nam",
        *_UNKNOWN,
    ),
    "bool": (
        ERROR,
        "cần Có / Không (True / False)",
        "yes / no (True / False) is needed",
        *_UNKNOWN,
    ),
    "excel_error": (ERROR, "lỗi công thức Excel", "an Excel formula error", *_UNKNOWN),
}


@dataclass
class Issue:
    """One kind of problem in one column of one file, for some rows (none: about the file)."""

    file: str
    code: str
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    column: str = ""
    values: np.ndarray | None = None
    #: fields of the texts: a scalar for all rows, or an array with one value per row
    detail: dict = field(default_factory=dict)
    count: np.ndarray | None = None

    def __post_init__(self):
        self.rows = np.asarray(self.rows, dtype=np.int64)
        if self.code not in CATALOGUE:
            raise KeyError(self.code)

    @property
    def level(self) -> str:
        return CATALOGUE[self.code][0]

    def size(self) -> int:
        return int(self.count.sum()) if self.count is not None else max(len(self.rows), 1)


#: details that name a row or a column by its number, written as a spreadsheet shows it (10234,
#: never 10.234); other whole numbers are counts, written the way each language writes them
_PLACES = frozenset({"first", "header_row", "position"})


def _fill(template: str, detail: dict, n: int, lang: str = "vi") -> np.ndarray | str:
    """The template's fields from ``detail`` (a value for all rows or one per row); in English
    ``{s_count}`` is "s" unless ``count`` is 1 ("1 row", "2 rows")."""
    names = [k for k in detail if "{" + k + "}" in template]
    plurals = [k for k in detail if "{s_" + k + "}" in template]
    if not names and not plurals:
        return template
    per_row = {k: v for k, v in detail.items() if isinstance(v, np.ndarray)}

    def one(i: int | None) -> str:
        at = {k: (v[i] if k in per_row and i is not None else v) for k, v in detail.items()}
        fields = {k: _shown(at[k], lang, k in _PLACES) for k in names}
        fields |= {f"s_{k}": "" if _is_one(at[k]) else "s" for k in plurals}
        return template.format(**fields)

    if not any(k in per_row for k in (*names, *plurals)):
        return one(None)
    out = np.empty(n, dtype=object)
    for i in range(n):
        out[i] = one(i)
    return out


def _is_one(value) -> bool:
    try:
        return float(value) == 1
    except (TypeError, ValueError):
        return False


def _shown(value, lang: str = "vi", place: bool = False) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return str(int(value)) if place else format_number(int(value), 0, lang)
    return str(value)


COLUMNS = [
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


def report_frame(issues: list[Issue]) -> pd.DataFrame:
    """The issues as one table, one line per row and problem (see the module's docstring)."""
    parts = []
    for issue in issues:
        level, pvi, pen, dvi, den = CATALOGUE[issue.code]
        n = max(len(issue.rows), 1)
        rows = issue.rows if len(issue.rows) else np.array([-1])
        values = issue.values if issue.values is not None else np.full(n, "", dtype=object)
        parts.append(
            pd.DataFrame(
                {
                    "file": issue.file,
                    "row": rows,
                    "column": issue.column,
                    "value": pd.Series(values, dtype=object).map(_value_text).to_numpy(),
                    "level": level,
                    "problem_vi": _fill(pvi, issue.detail, n),
                    "problem_en": _fill(pen, issue.detail, n, "en"),
                    "done_vi": _fill(dvi, issue.detail, n),
                    "done_en": _fill(den, issue.detail, n, "en"),
                    "count": issue.count if issue.count is not None else 1,
                }
            )
        )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS}).astype(
            {"row": "Int64", "count": "int64"}
        )
    out = pd.concat(parts, ignore_index=True)
    out["row"] = out["row"].astype("Int64").where(out["row"] >= 0)
    out["level"] = pd.Categorical(out["level"], categories=list(LEVEL_WORDS))
    return out[COLUMNS]


def _value_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | np.datetime64):
        return str(pd.Timestamp(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_text(rows: np.ndarray, lang: str, limit: int = 8) -> str:
    rows = np.unique(rows[rows >= 0])
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        more = format_number(len(rows) - limit, 0, lang)
        shown += f" … (+{more})"
    return shown


def summary_lines(issues: list[Issue], lang: str) -> list[str]:
    """One line per kind of problem (file, column, problem): how many rows, which (the first
    few), what was done — errors first, then warnings, then notes."""
    order = {ERROR: 0, WARNING: 1, NOTE: 2}
    pick = 1 if lang == "vi" else 2
    lines = []
    for issue in sorted(issues, key=lambda i: order[i.level]):
        entry = CATALOGUE[issue.code]
        problem = _first_text(entry[pick], issue.detail, lang)
        done = _first_text(entry[pick + 2], issue.detail, lang)
        level = LEVEL_WORDS[issue.level][0 if lang == "vi" else 1]
        where = f"{issue.file}" + (f", {issue.column}" if issue.column else "")
        if len(issue.rows) and issue.code != "province_old":
            n = issue.size()
            word = ("dòng", "row" if n == 1 else "rows")[0 if lang == "vi" else 1]
            rows = f" — {format_number(n, 0, lang)} {word}: {_rows_text(issue.rows, lang)}"
        else:
            rows = ""
        lines.append(f"[{level}] {where}: {problem}{rows} → {done}")
    return lines


def _first_text(template: str, detail: dict, lang: str) -> str:
    """The text for a summary line: a field that differs from row to row is left out (the
    report has it per row)."""
    varying = [
        k for k, v in detail.items() if isinstance(v, np.ndarray) and len(set(map(str, v))) > 1
    ]
    for k in varying:
        # "row {first}" / "dòng {first}" with a different row each time: "an earlier row"
        template = re.sub(r"\brow \{" + k + r"\}", "an earlier row", template)
        template = re.sub(r"\bdòng \{" + k + r"\}", "một dòng trước đó", template)
        template = re.sub(r":?\s*'?\{" + k + r"\}'?", "", template)
    first = {k: (v[0] if isinstance(v, np.ndarray) and len(v) else v) for k, v in detail.items()}
    try:
        return _fill(template, first, 1, lang)
    except (KeyError, IndexError):
        return template
