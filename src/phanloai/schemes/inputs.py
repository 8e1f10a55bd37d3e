"""The one door for tables: every column ``classify``, ``explain``, the reports and the feature
builders read is cleaned and checked here, the same way, before any rule sees it.

What comes in through the door
------------------------------
- **Not a table, a missing column, a duplicated column name** — a bilingual
  :class:`~phanloai.PhanloaiError` naming the function and the column(s).
- **Numbers of every storage**: NumPy, nullable (``Int64``, ``Float64``: ``convert_dtypes()``,
  ``read_csv(dtype_backend="numpy_nullable")``) and Arrow (``int64[pyarrow]``,
  ``dtype_backend="pyarrow"``). A blank (``<NA>``, ``None``, ``NaN``, empty text) is a blank,
  whatever the storage: the scheme's declared handling of missing data decides (usually
  "Không xác định / Unknown"). A nullable column gives exactly the labels its NumPy twin gives.
- **Numbers written as text** are read the Vietnamese way, by one rule (:func:`parse_numbers`,
  vectorised with Arrow string kernels over the distinct texts — 100,000 distinct amounts take
  about a tenth of a second; it is the rule the file door, :mod:`phanloai.intake`, declares):

  * a dot followed by groups of exactly three digits groups thousands (``450.000`` = 450 000,
    ``1.250.000``); a comma marks decimals (``12,5``, ``1.250.000,5``); commas grouping threes
    with a decimal dot are English (``1,250,000``, ``1,250.5``, ``12.5``);
  * **money** (đồng have no decimals) and **counts**: a single mark followed by exactly three
    digits groups thousands (``1.250`` = ``1,250`` = 1 250), unless a unit word follows
    (``1,250 triệu`` = 1 250 000);
  * other numbers (km, days, shares…): such a single group is read the way the column's other
    texts show (``2,5`` elsewhere → the comma is the decimal mark), and is refused as *ambiguous*,
    naming the rows, when they show nothing — never guessed;
  * a currency sign or word is dropped (``₫``, ``đ``, ``VND``, ``VNĐ``, ``đồng``); ``nghìn`` /
    ``ngàn`` / ``k`` (×1 000), ``triệu`` / ``tr`` (×1 000 000) and ``tỷ`` (×1 000 000 000)
    multiply: ``1,5 triệu`` = ``1tr5`` = 1 500 000; ``(500.000)`` is negative (accountants);
  * ``35 %`` is 0.35 in a share column and refused in any other;
  * empty text, ``-``, ``—``, ``n/a``, ``nan``, ``null``, ``none`` are blanks;
  * text that is none of these (``"hai triệu"``, ``"?"``, ``1e6``) is refused, naming the
    column, the values and the first rows. Nothing is guessed, nothing dropped silently.
- **The wrong kind of value**: true/false, dates, times or durations in a column declared as a
  number are refused with the column, its declared kind and what it holds (a date column where a
  number is declared) — never turned into nanoseconds.
- **True/false columns** take ``True``/``False`` and 0/1 (blank text is a blank); anything else
  is refused, naming the rows.

Impossible values: one rule for the whole package
-------------------------------------------------
A value no customer can have — a **negative** count of orders, amount of money, number of days or
distance; an **infinite** value in any number column (``inf``, ``-inf``); a share below 0 or above
100 % — makes **that customer "Không xác định / Unknown"**, with a reason that names the column
and the value (``explain`` shows it: "giá trị không thể có: Số đơn hàng (n_orders) = -3: số âm →
Không xác định"). The other rows are classified as if the impossible value were blank, so it
never moves anyone else (an RFM rank, a cluster centre). A blank that the scheme would
tolerate (a distance not known) does not save an impossible value: the row is Unknown all the
same. Reports read an impossible value as not known (blank): it is left out of sums such as
revenue, exactly as the customer is Unknown in any classification that reads it. Columns of the
generic kind ``number`` (age, revenue in billions, hours) may be negative here; schemes that
forbid it say so with a guard of their own.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, tr

__all__ = [
    "Impossible",
    "Prepared",
    "Who",
    "check_unique",
    "number_series",
    "number_column",
    "TextNumbers",
    "parse_numbers",
    "prepare",
]

#: Kinds of number column that cannot be negative (a count, money, days, km, a share).
NON_NEGATIVE = ("count", "money", "days", "km", "share")
NUMBER_KINDS = ("count", "money", "days", "km", "share", "number")

_KIND_WORDS = {
    "count": ("số đếm", "a count"),
    "money": ("số tiền (đồng)", "an amount of money (VND)"),
    "days": ("số ngày", "a number of days"),
    "km": ("khoảng cách (km)", "a distance (km)"),
    "share": ("tỷ lệ 0–1", "a share 0–1"),
    "number": ("số", "a number"),
    "bool": ("đúng/sai", "true/false"),
}


@dataclass(frozen=True)
class Who:
    """Who is reading the table, as the first words of every message ("classify(): cách phân loại
    'ladder'", "profile()")."""

    vi: str
    en: str

    @classmethod
    def scheme(cls, code: str, func: str | None = None) -> Who:
        if func:
            return cls(f"{func}(): cách phân loại '{code}'", f"{func}(): scheme '{code}'")
        return cls(f"Cách phân loại '{code}'", f"Scheme '{code}'")

    @classmethod
    def func(cls, func: str) -> Who:
        return cls(f"{func}()", f"{func}()")


def rows_text(index: pd.Index, mask: np.ndarray, limit: int = 5) -> str:
    """The first row labels where ``mask`` holds, then ``…`` when there are more."""
    mask = np.asarray(mask, dtype=bool)
    rows = list(index[mask][:limit])
    return ", ".join(map(str, rows)) + (" …" if int(mask.sum()) > limit else "")


def _values_text(values, limit: int = 3) -> str:
    shown = list(dict.fromkeys(map(repr, values)))
    return ", ".join(shown[:limit]) + (" …" if len(shown) > limit else "")


# -- the table itself ----------------------------------------------------------------------------
def check_unique(table: pd.DataFrame, who: Who, what: tuple[str, str] = ("bảng", "the table")):
    """Refuse a table with two columns of one name: pandas would hand a scheme two columns where
    it reads one (``table.columns.is_unique`` is cached, so the usual case costs nothing)."""
    if table.columns.is_unique:
        return
    dup = list(dict.fromkeys(table.columns[table.columns.duplicated()]))
    names = ", ".join(f"'{d}'" for d in dup)
    raise PhanloaiError(
        f"{who.vi}: {what[0]} có nhiều cột cùng tên: {names} — không biết đọc cột nào. "
        "Đổi tên cho khác nhau, hoặc bỏ bớt: bảng.loc[:, ~bảng.columns.duplicated()].",
        f"{who.en}: {what[1]} has several columns of the same name: {names} — which one to read "
        "is not known. Rename them apart, or drop the extras: table.loc[:, ~table.columns.duplicated()].",
    )


# -- numbers written as text -----------------------------------------------------------------------
_UNIT_FACTORS = {
    "tỷ": 1e9,
    "tỉ": 1e9,
    "ty": 1e9,
    "ti": 1e9,
    "triệu": 1e6,
    "trieu": 1e6,
    "tr": 1e6,
    "nghìn": 1e3,
    "nghin": 1e3,
    "ngàn": 1e3,
    "ngan": 1e3,
    "k": 1e3,
}
#: Texts that mean "nothing here" (compared trimmed, in lower case).
BLANK_WORDS = ("", "-", "--", "---", "—", "–", ".", "nan", "null", "none", "n/a", "na", "#n/a")
_ODD_SPACES = ("\u00a0", "\u202f", "\u2009", "\t")  # no-break, narrow and thin spaces, tab
# RE2 patterns (pyarrow.compute): linear time, no backtracking
_UNIT_RE = "|".join(sorted(_UNIT_FACTORS, key=len, reverse=True))
_COMPOUND = rf"^(?P<a>[+-]?\d+)\s*(?P<u>{_UNIT_RE})\s*(?P<b>\d+)$"  # 1tr5 = 1,5 triệu
_SUFFIXED = rf"^(?P<num>.*?\d)\s*(?P<u>{_UNIT_RE})\.?$"
_CURRENCY_START = r"^(?:₫|vnđ|vnd|đ)\s*"
_CURRENCY_END = r"\s*(?:₫|vnđ|vnd|đồng|dong|đ)\.?$"
_SIMPLE = r"^[+-]?[0-9][0-9.,]*$"
_INT = r"^[+-]?\d+$"
_DOT3 = r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+$"  # 1.250 · 1.250.000 (a leading 0 is no group)
_COM3 = r"^[+-]?[1-9]\d{0,2}(?:,\d{3})+$"
_VN = r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$"  # 12,5 · 1.250.000,5
_EN = r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$"  # 12.5 · 1,250,000.5


@dataclass
class TextNumbers:
    """What :func:`parse_numbers` read, per text: the value (NaN when blank or not read), and
    whether the text was blank, a percentage, read, or *ambiguous* (``1.250`` km: 1 250 or 1,25?)."""

    values: np.ndarray
    blank: np.ndarray
    percent: np.ndarray
    ok: np.ndarray
    ambiguous: np.ndarray


def parse_numbers(texts, kind: str = "number") -> TextNumbers:
    """Numbers written as text, read by the package's one rule (see the module docstring), with
    Arrow string kernels over the texts given (pass each distinct text once).

    ``kind`` is the column's: ``"money"`` (đồng have no decimals: a mark followed by exactly three
    digits groups thousands), ``"count"`` (whole numbers: likewise), or any other (a single mark
    followed by exactly three digits is read the way the column's other texts show — ``2,5``
    elsewhere makes the comma the decimal mark — and is *ambiguous* when they show nothing).

    >>> r = parse_numbers(["450.000", "1.250.000 ₫", "1,5 triệu", "1tr5", "(200.000)", "", "hai"], "money")
    >>> r.values[:5].tolist(), r.blank.tolist()[5], r.ok.tolist()
    ([450000.0, 1250000.0, 1500000.0, 1500000.0, -200000.0], True, [True, True, True, True, True, True, False])
    >>> r = parse_numbers(["12,5", "1.250", "35 %", "1,250,000"], "km")
    >>> r.values.tolist()
    [12.5, 1250.0, 35.0, 1250000.0]
    >>> parse_numbers(["1.250"], "km").ambiguous.tolist()
    [True]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    s = pa.array(np.asarray(texts, dtype=object), type=pa.string(), from_pandas=True)
    n = len(s)
    if n == 0:
        no = np.zeros(0, dtype=bool)
        return TextNumbers(np.zeros(0), no, no, no, no)

    def match(array, pattern: str) -> np.ndarray:
        found = pc.match_substring_regex(array, pattern).fill_null(False)
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)

    def number(array, rows: np.ndarray) -> np.ndarray:
        return pc.cast(array.filter(pa.array(rows)), pa.float64()).to_numpy(zero_copy_only=False)

    s = pc.utf8_lower(pc.utf8_trim_whitespace(s))
    paren = np.zeros(n, dtype=bool)
    percent = np.zeros(n, dtype=bool)
    scale = np.ones(n)
    unit = np.zeros(n, dtype=bool)
    compound = np.zeros(n, dtype=bool)
    compound_parts = None
    if not match(s, _SIMPLE).all():  # each step only when some text needs it
        if match(s, "[\u0300-\u036f]").any():  # decomposed diacritics
            s = pc.utf8_normalize(s, "NFC")
        for odd, same in (*((c, " ") for c in _ODD_SPACES), ("\u2212", "-")):
            if match(s, odd).any():
                s = pc.replace_substring(s, odd, same)
        s = pc.utf8_trim_whitespace(s)
        paren = match(s, r"^\(.*\)$")  # (500.000): negative, as accountants write it
        if paren.any():
            s = pc.replace_substring_regex(s, r"^\((.*)\)$", r"\1")
        percent = match(s, "%$")
        if percent.any():
            s = pc.utf8_trim_whitespace(pc.replace_substring_regex(s, r"\s*%$", ""))
        s = pc.replace_substring_regex(s, _CURRENCY_START, "")
        s = pc.utf8_trim_whitespace(pc.replace_substring_regex(s, _CURRENCY_END, ""))
        if match(s, r"\d\s*[a-zà-ỹđ]").any():  # 1,5 triệu · 500k · 1tr5
            found = pc.extract_regex(s, _COMPOUND)
            compound = np.asarray(pc.is_valid(found).to_numpy(zero_copy_only=False), dtype=bool)
            suffixed = pc.extract_regex(s, _SUFFIXED)
            has_unit = np.asarray(pc.is_valid(suffixed).to_numpy(zero_copy_only=False), dtype=bool)
            unit = has_unit | compound
            words = np.where(
                compound,
                pc.struct_field(found, "u").to_numpy(zero_copy_only=False),
                pc.struct_field(suffixed, "u").to_numpy(zero_copy_only=False),
            )
            scale[unit] = [_UNIT_FACTORS[w] for w in words[unit]]
            s = pc.if_else(pa.array(has_unit & ~compound), pc.struct_field(suffixed, "num"), s)
            compound_parts = found
        s = pc.replace_substring_regex(s, r"[\s'’_]", "")
    blank = np.asarray(
        pc.is_in(s, value_set=pa.array(BLANK_WORDS)).to_numpy(zero_copy_only=False), dtype=bool
    )
    is_int, dot3, com3 = match(s, _INT), match(s, _DOT3), match(s, _COM3)
    vn = match(s, _VN) & ~com3
    en = match(s, _EN) & ~dot3
    single_dot = dot3 & (pc.count_substring(s, ".").to_numpy(zero_copy_only=False) == 1)
    single_com = com3 & (pc.count_substring(s, ",").to_numpy(zero_copy_only=False) == 1)
    money, whole = kind == "money", kind == "count"
    decimal = None
    if not money:  # the column's own convention, from its unambiguous texts
        has_vn, has_en = bool(vn.any()), bool(en.any())
        decimal = "," if has_vn and not has_en else "." if has_en and not has_vn else None
    ambiguous = np.zeros(n, dtype=bool)
    if money:  # "1,250 triệu": the Vietnamese decimal comma before a unit word
        com_decimal = single_com & unit
        dot_decimal = np.zeros(n, dtype=bool)
    else:
        dot_decimal = single_dot & (decimal == ".")
        com_decimal = single_com & ((decimal == ",") | unit)
        if not whole and decimal is None:
            ambiguous = (single_dot | single_com) & ~unit
    dot_thousands = dot3 & ~dot_decimal & ~ambiguous
    com_thousands = com3 & ~com_decimal & ~ambiguous
    no_dots = pc.replace_substring(s, ".", "")
    no_commas = pc.replace_substring(s, ",", "")
    values = np.full(n, np.nan)
    for rows, text in (
        (is_int, s),
        (vn, pc.replace_substring(no_dots, ",", ".")),  # 1.250.000,5
        (en, no_commas),  # 1,250,000.5
        (dot_thousands, no_dots),
        (com_thousands, no_commas),
        (dot_decimal, s),
        (com_decimal, pc.replace_substring(s, ",", ".")),
    ):
        if rows.any():
            values[rows] = number(text, rows)
    if compound.any():
        a = number(pc.struct_field(compound_parts, "a"), compound)
        b_text = pc.struct_field(compound_parts, "b").filter(pa.array(compound))
        digits = pc.utf8_length(b_text).to_numpy(zero_copy_only=False)
        b = pc.cast(b_text, pa.float64()).to_numpy(zero_copy_only=False)
        values[compound] = np.sign(a + 0.5) * (np.abs(a) + b / 10.0**digits)
    values = np.where(paren, -np.abs(values), values) * scale
    ok = ~np.isnan(values) | blank
    values[blank] = np.nan
    return TextNumbers(values, blank, percent & ok & ~blank, ok & ~ambiguous, ambiguous)


# -- one number column -----------------------------------------------------------------------------
def _temporal(dtype) -> bool:
    if getattr(dtype, "kind", "O") in "mM" or isinstance(dtype, pd.PeriodDtype):
        return True
    arrow = getattr(dtype, "pyarrow_dtype", None)
    if arrow is not None:
        import pyarrow as pa

        return bool(pa.types.is_temporal(arrow))
    return False


def _wrong_kind(
    who: Who, name: str, kind: str, found: tuple[str, str, str, str], dtype, rows: str
) -> PhanloaiError:
    want_vi, want_en = _KIND_WORDS.get(kind, _KIND_WORDS["number"])
    where_vi = f"; dòng {rows}" if rows else ""
    where_en = f"; rows {rows}" if rows else ""
    return PhanloaiError(
        f"{who.vi}: cột '{name}' được khai báo là {want_vi} nhưng đang chứa {found[0]} (kiểu {dtype})"
        f"{where_vi}. {found[2]}",
        f"{who.en}: column '{name}' is declared as {want_en} but holds {found[1]} (type {dtype})"
        f"{where_en}. {found[3]}",
    )


_DATES = (
    "ngày giờ / khoảng thời gian",
    "dates, times or durations",
    "Không đổi ngày thành số một cách ngầm định: hãy tính cột số cần có (ví dụ số ngày kể từ ngày đó).",
    "Dates are never turned into numbers silently: compute the number column needed (e.g. the days "
    "since that date).",
)
_BOOLS = (
    "giá trị đúng/sai",
    "true/false values",
    "Hãy đưa vào cột số đúng nghĩa.",
    "Pass the column that holds the numbers.",
)
_OTHER = ("giá trị không phải số thực", "values that are not real numbers", "", "")


def _classify_objects(uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For distinct object values: which are text, their numbers (non-text), and what is wrong
    (0 fine, 1 a date, 2 a bool, 3 something else)."""
    inferred = pd.api.types.infer_dtype(uniques, skipna=True)
    n = len(uniques)
    if inferred == "string":
        return np.ones(n, dtype=bool), np.full(n, np.nan), np.zeros(n, dtype=np.int8)
    if inferred in ("integer", "floating", "mixed-integer-float", "decimal"):
        values = np.array([float(u) for u in uniques], dtype=float)
        return np.zeros(n, dtype=bool), values, np.zeros(n, dtype=np.int8)
    is_text = np.zeros(n, dtype=bool)
    values = np.full(n, np.nan)
    wrong = np.zeros(n, dtype=np.int8)
    for i, u in enumerate(uniques):
        if isinstance(u, str):
            is_text[i] = True
        elif isinstance(u, bool | np.bool_):
            wrong[i] = 2
        elif isinstance(u, _dt.date | _dt.time | _dt.timedelta | np.datetime64 | np.timedelta64):
            wrong[i] = 1
        elif isinstance(u, pd.Period):
            wrong[i] = 1
        elif isinstance(u, numbers.Number) and not isinstance(u, complex | np.complexfloating):
            values[i] = float(u)
        else:
            wrong[i] = 3
    return is_text, values, wrong


def _from_objects(series: pd.Series, kind: str, name: str, who: Who) -> np.ndarray:
    """Numbers from a column of text, Python objects or categories, worked out once per distinct
    value; a value that is not a number is an error naming the rows."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    is_text, values, wrong = _classify_objects(uniques)
    percent = np.zeros(len(uniques), dtype=bool)
    unread = np.zeros(len(uniques), dtype=bool)
    ambiguous = np.zeros(len(uniques), dtype=bool)
    if is_text.any():
        read = parse_numbers(uniques[is_text], kind)
        values[is_text] = read.values
        percent[is_text] = read.percent
        unread[is_text] = ~read.ok & ~read.ambiguous
        ambiguous[is_text] = read.ambiguous
    if ambiguous.any():
        bad = np.isin(codes, np.flatnonzero(ambiguous))
        shown = _values_text(uniques[ambiguous])
        rows = rows_text(series.index, bad)
        raise PhanloaiError(
            f"{who.vi}: cột '{name}' có số viết không rõ nghĩa {shown} ở dòng {rows}: một dấu chấm hay phẩy "
            "rồi đúng ba chữ số có thể là phần nghìn (1.250 = 1250) hoặc phần thập phân (1,25), và các "
            "dòng khác của cột không cho biết cách viết. Viết rõ: 1250 hoặc 1,25.",
            f"{who.en}: column '{name}' holds numbers that can be read two ways, {shown}, in rows {rows}: "
            "one dot or comma followed by exactly three digits may group thousands (1.250 = 1250) or mark "
            "decimals (1,25), and the column's other rows do not tell which. Write 1250 or 1.25.",
        )
    if kind == "share":
        values[percent] /= 100.0
    else:
        unread |= percent
    for code, found in ((1, _DATES), (2, _BOOLS)):
        if (wrong == code).any():
            bad = np.isin(codes, np.flatnonzero(wrong == code))
            raise _wrong_kind(who, name, kind, found, series.dtype, rows_text(series.index, bad))
    unread |= wrong == 3
    if unread.any():
        bad = np.isin(codes, np.flatnonzero(unread))
        shown = _values_text(uniques[unread])
        pct_vi = " (dấu % chỉ dùng cho cột tỷ lệ)" if (percent & unread).any() else ""
        pct_en = " (a % sign only fits a share column)" if (percent & unread).any() else ""
        rows = rows_text(series.index, bad)
        raise PhanloaiError(
            f"{who.vi}: cột '{name}' phải là số (kiểu hiện tại: {series.dtype}); dòng không phải số: {rows} "
            f"(không đọc được {shown}{pct_vi}). Số kiểu Việt Nam đọc được: 450.000 · 1.250.000 ₫ · 1,5 triệu · 12,5.",
            f"{who.en}: column '{name}' must be numeric (current type: {series.dtype}); non-numeric rows: {rows} "
            f"({shown} cannot be read{pct_en}). Vietnamese numbers are read: 450.000 · 1.250.000 ₫ · 1,5 triệu · 12,5.",
        )
    return np.append(values, np.nan)[np.where(codes < 0, len(uniques), codes)]


def _number_values(series: pd.Series, kind: str, name: str, who: Who) -> tuple[np.ndarray, bool]:
    """The column as NumPy numbers, and whether that is the column's own array (a plain NumPy
    column is read as it is: no copy)."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        return series.to_numpy(), True
    if pd.api.types.is_bool_dtype(dtype):
        raise _wrong_kind(who, name, kind, _BOOLS, dtype, "")
    if _temporal(dtype):
        raise _wrong_kind(who, name, kind, _DATES, dtype, "")
    if pd.api.types.is_complex_dtype(dtype):
        raise _wrong_kind(who, name, kind, _OTHER, dtype, "")
    if not isinstance(dtype, pd.CategoricalDtype) and pd.api.types.is_numeric_dtype(dtype):
        # nullable and Arrow numbers: plain floats with NaN for a blank
        return series.to_numpy(dtype="float64", na_value=np.nan), False
    if isinstance(dtype, pd.CategoricalDtype) and _temporal(dtype.categories.dtype):
        raise _wrong_kind(who, name, kind, _DATES, dtype, "")
    return _from_objects(series, kind, name, who), False


@dataclass
class Impossible:
    """The rows of one column holding values no customer can have, and those values."""

    column: str
    kind: str
    mask: np.ndarray  # bool per row
    values: np.ndarray  # the values at those rows, as given

    def why(self, value: float) -> tuple[str, str]:
        if not np.isfinite(value):
            return "không phải số hữu hạn", "not a finite number"
        if value < 0:
            return "số âm", "negative"
        return "quá 100 %", "above 100 %"


def _impossible(values: np.ndarray, kind: str) -> np.ndarray | None:
    """Rows holding values impossible for ``kind`` (None when there are none — the usual case,
    found with two reductions and no mask)."""
    if values.dtype.kind in "iu":
        if kind not in NON_NEGATIVE or not len(values):
            return None
        low = values.dtype.kind == "i" and values.min() < 0
        if not (low or (kind == "share" and values.max() > 1)):
            return None
        bad = values < 0
        return bad | (values > 1) if kind == "share" else bad
    if not len(values):
        return None
    lo, hi = np.fmin.reduce(values), np.fmax.reduce(values)
    low = lo < 0 if kind in NON_NEGATIVE else lo == -np.inf
    high = hi > 1 if kind == "share" else hi == np.inf
    if not (low or high):
        return None
    with np.errstate(invalid="ignore"):
        bad = np.isinf(values)
        if kind in NON_NEGATIVE:
            bad |= values < 0
        if kind == "share":
            bad |= values > 1
    return bad


def number_series(
    table: pd.DataFrame, name: str, kind: str, who: Who
) -> tuple[pd.Series | None, Impossible | None]:
    """One number column through the door: the cleaned numbers (None when the column is fine as
    it is) and which rows held impossible values (None when none did)."""
    series = table[name]
    values, own = _number_values(series, kind, name, who)
    bad = _impossible(values, kind)
    if bad is None:
        return (None if own else pd.Series(values, index=series.index, name=name)), None
    clean = values.astype("float64", copy=True)
    clean[bad] = np.nan
    found = Impossible(name, kind, bad, values[bad].astype("float64"))
    return pd.Series(clean, index=series.index, name=name), found


def number_column(table: pd.DataFrame, name: str, kind: str, who: Who) -> pd.Series:
    """One number column as a report reads it: numbers, impossible values blank (not known)."""
    check_unique(table, who)
    series, _ = number_series(table, name, kind, who)
    return table[name] if series is None else series


# -- true/false ------------------------------------------------------------------------------------
def bool_series(table: pd.DataFrame, name: str, who: Who) -> pd.Series | None:
    """A true/false column as the nullable ``boolean`` dtype (None when it is NumPy ``bool``
    already: read as it is). ``True``/``False`` and 0/1 (as spreadsheets export them) are read;
    a blank (also empty text) is a blank; other text is refused, naming the rows."""
    series = table[name]
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        return None
    if pd.api.types.is_bool_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
        return series.astype("boolean")
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    out = np.zeros(len(uniques) + 1, dtype=np.int8)  # 0 False, 1 True, 2 blank, 3 not a bool
    for i, u in enumerate(uniques):
        if isinstance(u, bool | np.bool_):
            out[i] = int(bool(u))
        elif isinstance(u, int | float | np.integer | np.floating) and u in (0, 1):
            out[i] = int(u)
        elif isinstance(u, str) and not u.strip():
            out[i] = 2
        else:
            out[i] = 3
    out[-1] = 2
    state = out[np.where(codes < 0, len(uniques), codes)]
    if (state == 3).any():
        rows = rows_text(series.index, state == 3)
        shown = _values_text(uniques[out[:-1] == 3])
        raise PhanloaiError(
            f"{who.vi}: cột '{name}' phải là đúng/sai (True/False, 1/0); dòng sai kiểu: {rows} "
            f"(giá trị {shown}).",
            f"{who.en}: column '{name}' must be true/false (True/False, 1/0); rows of the wrong type: "
            f"{rows} (values {shown}).",
        )
    result = pd.array(state == 1, dtype="boolean")
    result[state == 2] = pd.NA
    return pd.Series(result, index=series.index, name=name)


# -- a whole table for a scheme --------------------------------------------------------------------
@dataclass
class Prepared:
    """What the door hands on: the table ready for the rules (a copy when anything was changed —
    the caller's table never is) and the rows holding impossible values."""

    table: pd.DataFrame
    impossible: list[Impossible] = field(default_factory=list)

    @property
    def invalid(self) -> np.ndarray | None:
        """Rows with an impossible value in any column (None when there are none)."""
        if not self.impossible:
            return None
        return np.logical_or.reduce([f.mask for f in self.impossible])

    def reasons(self, rows: np.ndarray) -> list[str]:
        """Why each of ``rows`` (positions) is Unknown: the columns and the values, in words."""
        from ..vocab import term
        from .base import format_value

        where = [np.flatnonzero(f.mask) for f in self.impossible]  # ``values`` follows these
        out = []
        for r in np.asarray(rows, dtype=np.int64):
            parts = []
            for f, at in zip(self.impossible, where, strict=True):
                if not f.mask[r]:
                    continue
                value = float(f.values[int(np.searchsorted(at, r))])
                what = tr(*f.why(value))
                shown = format_value(value, f.kind)
                parts.append(f"{term(f.column).short} ({f.column}) = {shown}: {what}")
            out.append(tr("giá trị không thể có: ", "impossible value: ") + "; ".join(parts))
        return out


def prepare(table: pd.DataFrame, columns: Sequence, who: Who) -> Prepared:
    """Clean and check the ``columns`` (each with ``name`` and ``kind``) a reader needs; they
    must be in the table. Numbers become NumPy numbers (impossible ones blanked and remembered),
    true/false columns the nullable ``boolean`` dtype; other kinds are left as they are."""
    check_unique(table, who)
    changed: dict[str, pd.Series] = {}
    impossible: list[Impossible] = []
    for col in columns:
        if col.kind in NUMBER_KINDS:
            series, found = number_series(table, col.name, col.kind, who)
            if found is not None:
                impossible.append(found)
        elif col.kind == "bool":
            series = bool_series(table, col.name, who)
        else:
            continue
        if series is not None:
            changed[col.name] = series
    if not changed:
        return Prepared(table, impossible)
    out = table.copy(deep=False)
    for name, series in changed.items():
        out[name] = series
    return Prepared(out, impossible)
