"""Values as people write them, read into numbers, dates and codes — all at once, never one
Python call per row.

A column is first *encoded*: each distinct value once, and per row the position of its value
(blank cells: −1). Only the distinct values are read (a million order lines hold a few hundred
dates and a few thousand prices), with Arrow string functions; the result is spread back over
the rows by position.

The rules (each one tested in ``tests/test_intake_values.py``):

Money (đồng): ``1.250.000``, ``1.250.000 ₫``, ``1.250.000đ``, ``1,250,000``, ``450.000`` (=
450000: a dot or a comma followed by exactly three digits groups thousands — the đồng has no
decimals), ``1,5 triệu``, ``2 tỷ``, ``500k``, ``1tr5`` (1,5 triệu), ``(500.000)`` (negative,
as accountants write it), ``1.250.000,00``; numbers a spreadsheet stored as numbers are taken as
they are. A multiplier in the header (``Thành tiền (nghìn đồng)``) applies to values without a
unit word.

Other numbers (km, counts, shares…): a comma or a dot followed by one, two or four or more
digits is a decimal mark; one followed by exactly three digits is read the way the rest of the
column shows (``2,5`` elsewhere in the column → the comma is the decimal mark there), else as
thousands for whole counts and as a problem ("ambiguous") for measures.

Dates: ISO (``2025-01-05``, with or without a time) always; ``05/01/2025``, ``5-1-2025``,
``05.01.25`` day first (``dayfirst=False``: month first) — a date that is not valid that way is
a problem naming the row, never read the other way silently; Excel serial numbers
(``45662`` = 5 January 2025); ``20250105``; ``ngày 5 tháng 1 năm 2025``; dates a spreadsheet
stored as dates. Two-digit years are 19xx or 20xx, whichever is latest before next year.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._text import (
    ascii_only,
    composed_and_trimmed,
    fold,
    fold_array,
    nfc_array,
    nfc_arrow,
    text_bytes,
)
from ._text import bools as _bools
from .places import (
    PHONE_ABROAD,
    PHONE_BAD,
    PHONE_ODD,
    PHONE_OLD,
    PHONE_TWO,
    match_province,
    normalise_phone_array,
    normalise_phones,
)

#: Cells that mean "nothing here" (compared in lower case, trimmed).
BLANKS = frozenset(
    {"", "-", "--", "---", "—", "–", ".", "nan", "null", "none", "n/a", "na", "#n/a"}
)
EXCEL_ERRORS = frozenset(
    {
        "#ref!",
        "#value!",
        "#div/0!",
        "#name?",
        "#num!",
        "#null!",
        "#spill!",
        "#calc!",
        "#getting_data",
    }
)
_EXCEL_EPOCH = np.datetime64("1899-12-30")


class NotUTF8(Exception):
    """A column read from a file taken for UTF-8 (by its first megabyte) holds bytes that are
    not: the file is read again, its encoding found from all of it."""


# -- a column as read ----------------------------------------------------------------------------------
class RawColumn:
    """One column of a file as read: per row a text (CSV), or what a spreadsheet cell holds
    (text, number, date, true/false), or a typed array (Parquet). Blank cells are None."""

    def __init__(self, data, unchecked: bool = False):
        self.data = data
        #: text whose bytes were not checked as UTF-8 when read (a CSV read from a file said to
        #: be UTF-8 by its first megabyte): checked on the distinct values, see :class:`NotUTF8`
        self.unchecked = unchecked
        self._encoded = None
        self._lock = threading.Lock()  # two columns' readers may ask for one column's codes
        self.owner: RawColumn | None = None  # see :meth:`follow`
        self.dictionary = None  # the distinct values as an Arrow array (CSV columns)
        self.clean_arrow = None  # …and cleaned
        self.all_text = False
        #: whether some row is blank: known once a CSV (Arrow) column is encoded (a null, or a
        #: blank distinct value); None for spreadsheet and typed columns (look at the codes)
        self.blank_rows: bool | None = None

    def follow(self, owner: RawColumn) -> None:
        """Say that this column's values probably go with ``owner``'s (the phone or name of a
        customer on each of the customer's order lines). Encoding then takes one value per
        owner and checks every row against it — a third of the work of hashing every row —
        and falls back to hashing every row when some row differs. The result is the same."""
        if owner is not self:
            self.owner = owner

    def __len__(self) -> int:
        return len(self.data)

    @property
    def arrow(self) -> bool:
        return isinstance(self.data, pa.Array | pa.ChunkedArray)

    @property
    def typed(self) -> str | None:
        """``"number"``, ``"date"`` or ``"bool"`` for a typed (Parquet) column, else None."""
        if isinstance(self.data, pd.Series):
            s = self.data
            if pd.api.types.is_bool_dtype(s):
                return "bool"
            if pd.api.types.is_numeric_dtype(s):
                return "number"
            if pd.api.types.is_datetime64_any_dtype(s):
                return "date"
        return None

    def encoded(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(codes, raw, clean)``: per row the position of its value (−1: blank), each distinct
        value as written, and cleaned (texts composed and trimmed; blanks are None)."""
        with self._lock:
            if self._encoded is None:
                self._encoded = self._encode()
        return self._encoded

    def _encode(self):
        if self.arrow:
            found = self._dictionary_following() if self.owner is not None else None
            if found is None:
                found = _dictionary_encode(self.data)
            if found is None:
                return np.zeros(0, np.int64), np.zeros(0, object), np.zeros(0, object)
            codes, dictionary = found
            self._check_utf8(dictionary)  # every byte of the column is in a distinct value
            self.dictionary = dictionary
            self.clean_arrow = nfc_arrow(dictionary, BLANKS)
            clean = ArrowClean(self.clean_arrow)
            self.all_text = True
            blank = clean.isna()
            self.blank_rows = bool(blank.any()) or bool(self.data.null_count)
            if blank.any():
                codes = np.where(blank[np.maximum(codes, 0)] & (codes >= 0), -1, codes)
            return codes, ArrowValues(dictionary), clean
        else:
            values = (
                self.data.to_numpy(dtype=object) if isinstance(self.data, pd.Series) else self.data
            )
            codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
            codes = codes.astype(np.int64)
            raw = np.asarray(uniques, dtype=object)
        clean = _clean(raw, all_text=self.arrow)
        self.all_text = self.arrow or all(isinstance(v, str) or v is None for v in clean)
        blank = pd.isna(clean)
        if blank.any():
            codes = np.where(blank[np.maximum(codes, 0)] & (codes >= 0), -1, codes)
        return codes, raw, clean

    def _check_utf8(self, arr: pa.Array) -> None:
        if self.unchecked:
            parts = text_bytes(arr)
            if parts is not None and ascii_only(parts[1]):
                return  # ASCII is UTF-8
            try:
                arr.validate(full=True)
            except pa.ArrowInvalid as exc:
                raise NotUTF8 from exc

    def _dictionary_following(self):
        """``(codes, distinct values)`` from the owner's codes (see :meth:`follow`), or None
        when some row's value differs from its owner's first row's. The distinct values come
        in the order they first appear in the column, as hashing every row gives them: a
        value first appears on its owner's first row, and the owners are in that order."""
        if not self.owner.arrow or len(self.owner) != len(self):
            return None
        owner_codes, owner_values, _ = self.owner.encoded()
        n = len(owner_codes)
        if n == 0 or (owner_codes < 0).any():
            return None
        first = np.full(len(owner_values), -1, dtype=np.int64)
        first[owner_codes[::-1]] = np.arange(n - 1, -1, -1)  # each owner's first row
        arr = self.data if isinstance(self.data, pa.ChunkedArray) else pa.chunked_array([self.data])
        if arr.type != pa.string() or arr.null_count:
            return None
        one_each = arr.take(pa.array(first))
        step = 1 << 18  # in slices: a few buffers used again, not one of a million texts
        for start in range(0, n, step):
            expected = one_each.take(pa.array(owner_codes[start : start + step]))
            if not arr.slice(start, step).equals(expected):
                return None
        found = _dictionary_encode(one_each)
        if found is None:
            return None
        codes, dictionary = found
        return codes[owner_codes], dictionary

    def distinct_texts(self) -> pd.Index | None:
        """The cleaned distinct values as a text index when they are all text, none blank and
        still all different (ids): then they can be the categories as they are."""
        if not self.arrow:
            return None
        self.encoded()
        arr = self.clean_arrow
        if arr.null_count:
            return None
        index = pd.Index(pd.arrays.ArrowStringArray(pa.chunked_array([arr])), dtype="str")
        if arr.equals(self.dictionary):  # cleaning changed nothing: distinct as Arrow found them
            return index
        return index if index.is_unique else None

    def texts(self) -> pd.Series:
        """Per row the text (trimmed; empty → NaN) without encoding: for order ids, where
        nearly every value is distinct."""
        if self.arrow:
            chunks = self.data.chunks if isinstance(self.data, pa.ChunkedArray) else [self.data]
            for chunk in chunks:
                self._check_utf8(chunk)
            arr = pa.chunked_array([_trimmed(c) for c in chunks], type=pa.string())
            return pd.Series(pd.arrays.ArrowStringArray(arr), dtype="str")
        codes, _, clean = self.encoded()
        words = np.array([_as_text(c) for c in clean] + [None], dtype=object)
        return pd.Series(words[codes], dtype="str")


def _trimmed(arr: pa.Array) -> pa.Array:
    """Texts composed and trimmed, empty ones null (each step only when the bytes show that
    it changes something)."""
    arr, parts, _ = composed_and_trimmed(arr)
    empty = np.diff(parts[0]) == 0 if parts is not None else None
    if empty is None or empty.any():
        arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return arr


def _dictionary_encode(arr) -> tuple[np.ndarray, pa.Array] | None:
    """Per row the position of its text among the distinct texts (−1: null), and the distinct
    texts in the order they first appear; None for an empty column."""
    fixed = _fixed_width(arr)
    words = _as_words(fixed) if fixed is not None else None
    enc = pc.dictionary_encode(arr if fixed is None else fixed if words is None else words[0])
    chunks = enc.chunks if isinstance(enc, pa.ChunkedArray) else [enc]
    if not chunks:
        return None
    if len({len(c.dictionary) for c in chunks}) > 1:  # never seen: one dictionary
        chunks = enc.unify_dictionaries().chunks
    dictionary = chunks[0].dictionary
    codes = np.empty(len(enc), dtype=np.int64)  # each chunk widened as it is copied in
    start = 0
    for c in chunks:
        indices = c.indices if not c.null_count else pc.fill_null(c.indices, -1)
        codes[start : start + len(c)] = indices.to_numpy(zero_copy_only=False)
        start += len(c)
    if words is not None:  # the distinct words back as bytes
        dictionary = _from_words(dictionary, words[1], fixed.type.byte_width)
    if fixed is not None:  # the distinct values back as text (valid UTF-8: they were)
        dictionary = dictionary.cast(pa.binary()).view(pa.string())
    return codes, dictionary


def _fixed_width(arr) -> pa.ChunkedArray | None:
    """The texts of a column as fixed-size binary values, when every one has the same number of
    bytes (codes, dates, phone numbers written one way): Arrow hashes those a third faster than
    texts. The same bytes, no copy; None for any other column."""
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    width, out = None, []
    for chunk in chunks:
        if chunk.type != pa.string() or chunk.null_count or not len(chunk):
            return None
        _, offsets, data = chunk.buffers()
        ends = np.frombuffer(offsets, dtype=np.int32, count=len(chunk) + 1, offset=4 * chunk.offset)
        lengths = np.diff(ends)
        w = int(lengths[0])
        if w == 0 or int(ends[0]) % w or (width not in (None, w)) or (lengths != w).any():
            return None
        width = w
        out.append(
            pa.FixedSizeBinaryArray.from_buffers(
                pa.binary(w), len(chunk), [None, data], offset=int(ends[0]) // w
            )
        )
    return pa.chunked_array(out, type=pa.binary(width)) if out else None


def _as_words(fixed: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray] | None:
    """Fixed-width values as 64-bit words: values of 8 bytes or fewer padded with zeros, or,
    for values of 9 to 16 bytes whose first ``width - 8`` bytes are the same in every value
    (``KH0085062``: ``K``, then 8 bytes), their last 8 bytes. Two values are equal when their
    words are, and Arrow hashes words twice as fast as bytes. ``(words, the first bytes)``, or
    None for any other column."""
    width = fixed.type.byte_width
    lead = width - 8
    if lead > 8:
        return None
    prefix, out = None, []
    for chunk in fixed.chunks:
        n, data = len(chunk), chunk.buffers()[1]
        start = chunk.offset * width
        values = np.frombuffer(data, np.uint8, count=n * width, offset=start).reshape(n, width)
        if lead <= 0:
            padded = np.zeros((n, 8), np.uint8)
            padded[:, :width] = values
            out.append(pa.array(padded.view(np.uint64).ravel()))
            continue
        if prefix is None:
            prefix = values[0, :lead].copy()
        if not (values[:, :lead] == prefix).all():
            return None
        # the last 8 bytes of each value, read in place (one step of ``width`` bytes per value)
        last = np.ndarray((n,), np.uint64, buffer=data, offset=start + lead, strides=(width,))
        out.append(pa.array(np.ascontiguousarray(last)))
    return pa.chunked_array(out, type=pa.uint64()), (
        prefix if prefix is not None else np.zeros(0, np.uint8)
    )


def _from_words(words: pa.Array, prefix: np.ndarray, width: int) -> pa.Array:
    """The fixed-width values that :func:`_as_words` made ``words`` of."""
    k, lead = len(words), len(prefix)
    values = np.empty((k, width), np.uint8)
    values[:, :lead] = prefix
    as_bytes = words.to_numpy(zero_copy_only=False).astype(np.uint64).view(np.uint8)
    values[:, lead:] = as_bytes.reshape(k, 8)[:, : width - lead]
    return pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(width), k, [None, pa.py_buffer(values.ravel())]
    )


class ArrowValues:
    """Distinct values as written, kept as Arrow: made into Python objects only for the few
    rows a report names (``values[positions]``)."""

    def __init__(self, arr: pa.Array):
        self.arr = arr

    def __len__(self) -> int:
        return len(self.arr)

    def __getitem__(self, idx):
        idx = np.atleast_1d(np.asarray(idx, dtype=np.int64))
        return np.asarray(self.arr.take(pa.array(idx)).to_numpy(zero_copy_only=False), dtype=object)


class ArrowClean:
    """The cleaned distinct values of a CSV column (text or None), kept as Arrow: a parser that
    works on Arrow takes ``arr``; the others ask for ``objects()`` (Python strings, made once)."""

    def __init__(self, arr: pa.Array):
        self.arr = arr
        self._objects = None

    def __len__(self) -> int:
        return len(self.arr)

    def objects(self) -> np.ndarray:
        if self._objects is None:
            self._objects = np.asarray(self.arr.to_numpy(zero_copy_only=False), dtype=object)
        return self._objects

    def isna(self) -> np.ndarray:
        return ~_bools(pc.is_valid(self.arr))

    def __getitem__(self, i: int):
        return self.arr[int(i)].as_py()


_BLANK_CASES = pa.array(sorted({w for b in BLANKS for w in (b, b.upper(), b.title())}))


def _clean(raw: np.ndarray, all_text: bool = False) -> np.ndarray:
    """Distinct values cleaned: texts composed (NFC), trimmed, inner spaces single, blank words
    → None; NaN → None; other values as they are."""
    if all_text:
        return nfc_array(raw, BLANKS)  # all text (a CSV column): one pass of Arrow functions
    out = raw.copy()
    is_text = np.array([isinstance(v, str) for v in raw], dtype=bool)
    if is_text.any():
        out[is_text] = nfc_array(raw[is_text], BLANKS)
    for i in np.flatnonzero(~is_text):
        v = raw[i]
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
            out[i] = None
        elif isinstance(v, np.generic):
            out[i] = v.item()
    return out


def _as_text(v) -> str | None:
    """A value as text: whole numbers without ``.0`` (ids, phone numbers a spreadsheet kept as
    numbers), dates as ``dd/mm/yyyy``."""
    if v is None:
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.strftime("%d/%m/%Y") if v.time() == dt.time() else v.strftime("%d/%m/%Y %H:%M")
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    return str(v)


# -- what reading a column gives ------------------------------------------------------------------------
@dataclass
class Parsed:
    """Per distinct value: the value read (``values``), the problem code or None
    (``problems``), and per-value fields of the report's texts (``detail``)."""

    values: np.ndarray
    problems: np.ndarray
    detail: dict = field(default_factory=dict)
    #: notes about the whole column (code → detail), e.g. two-digit years
    column_notes: dict = field(default_factory=dict)


def _no_problems(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)


def _excel_error(clean: np.ndarray, problems: np.ndarray) -> None:
    """Cells that hold an Excel error (``#REF!``, ``#VALUE!``…) are problems of their own."""
    try:
        arr = (
            clean
            if isinstance(clean, pa.Array)
            else pa.array(clean, type=pa.string(), from_pandas=True)
        )
        hash_start = np.flatnonzero(_bools(pc.starts_with(arr, "#")))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        hash_start = [i for i, v in enumerate(clean) if isinstance(v, str) and v[:1] == "#"]
    for i in hash_start:
        v = clean[int(i)]
        if str(v.as_py() if isinstance(v, pa.Scalar) else v).lower() in EXCEL_ERRORS:
            problems[i] = "excel_error"


# -- numbers ----------------------------------------------------------------------------------------
_UNITS = {
    "tỷ": 1e9,
    "tỉ": 1e9,
    "ty": 1e9,
    "ti": 1e9,
    "triệu": 1e6,
    "trieu": 1e6,
    "tr": 1e6,
    "nghìn": 1e3,
    "ngàn": 1e3,
    "nghin": 1e3,
    "ngan": 1e3,
    "k": 1e3,
}
_UNIT_RE = "|".join(sorted(map(str, _UNITS), key=len, reverse=True))
_CURRENCY_START = r"^(?:₫|vnđ|vnd|đ)\s*"
_CURRENCY_END = r"\s*(?:₫|vnđ|vnd|đồng|dong|đ)\.?$"
_INT = r"^[+-]?\d+$"
_DOT3 = r"^[+-]?\d{1,3}(?:\.\d{3})+$"
_COM3 = r"^[+-]?\d{1,3}(?:,\d{3})+$"
_VN = r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$"
_EN = r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$"
#: an amount written the plain way: digits, grouped by dots or by commas, a đồng sign or none
_PLAIN_MONEY = r"^(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?: ?(?:₫|đ))?$"


def _match(arr, pattern: str) -> np.ndarray:
    return pc.fill_null(pc.match_substring_regex(arr, pattern), False).to_numpy(
        zero_copy_only=False
    )


def _to_float(arr) -> np.ndarray:
    return pc.cast(arr, pa.float64(), safe=False).to_numpy(zero_copy_only=False)


def number_texts(
    texts, *, money: bool, whole: bool = False, decimal: str | None = None, quick: bool = True
):
    """Numbers written as text → ``(value, unit_given, percent, problem)`` arrays.

    ``money``: amounts of đồng (three digits after a mark group thousands); ``whole``: the
    column holds whole numbers (an ambiguous three-digit group is read as thousands);
    ``decimal``: ``","`` or ``"."`` when the column's convention is known. With ``quick``,
    amounts written the plain way (``1.250.000 ₫``) are read at once and only the others go
    through every rule (the result is the same)."""
    n = len(texts)
    problems = _no_problems(n)
    if n == 0:
        return np.zeros(0), np.zeros(0, bool), np.zeros(0, bool), problems
    texts = np.asarray(texts, dtype=object)
    s = pa.array(texts, type=pa.string())
    if money and quick:
        plain = _match(s, _PLAIN_MONEY)
        if plain.any():
            value = np.full(n, np.nan)
            digits = pc.replace_substring_regex(s.filter(pa.array(plain)), r"[^0-9]", "")
            value[plain] = _to_float(digits)
            plain &= np.isfinite(value)  # more digits than a number holds: every rule says so
            unit, percent = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
            rest = ~plain
            if rest.any():
                found = number_texts(
                    texts[rest], money=True, whole=whole, decimal=decimal, quick=False
                )
                value[rest], unit[rest], percent[rest], problems[rest] = found
            return value, unit, percent, problems
    s = pc.utf8_lower(s)
    s = pc.replace_substring(s, "\u2212", "-")
    s = pc.utf8_trim_whitespace(s)
    paren = _match(s, r"^\(.*\)$")
    s = pc.replace_substring_regex(s, r"^\((.*)\)$", r"\1")
    percent = _match(s, r"%$")
    s = pc.utf8_trim_whitespace(pc.replace_substring_regex(s, r"\s*%$", ""))
    s = pc.replace_substring_regex(s, _CURRENCY_START, "")
    s = pc.replace_substring_regex(s, _CURRENCY_END, "")
    s = pc.utf8_trim_whitespace(s)
    # "1tr5" = 1,5 triệu; "2 tỷ 3" = 2,3 tỷ
    compound = pc.extract_regex(s, rf"^(?P<a>[+-]?\d+)\s*(?P<u>{_UNIT_RE})\s*(?P<b>\d+)$")
    is_compound = pc.fill_null(pc.is_valid(compound), False).to_numpy(zero_copy_only=False)
    suffixed = pc.extract_regex(s, rf"^(?P<num>.*?\d)\s*(?P<u>{_UNIT_RE})\.?$")
    has_unit = pc.fill_null(pc.is_valid(suffixed), False).to_numpy(zero_copy_only=False)
    num = pc.if_else(
        pa.array(has_unit & ~is_compound),
        pc.struct_field(suffixed, "num"),
        s,
    )
    unit_text = pc.if_else(
        pa.array(is_compound),
        pc.struct_field(compound, "u"),
        pc.struct_field(suffixed, "u"),
    ).to_numpy(zero_copy_only=False)
    scale = np.array([_UNITS.get(u, 1.0) if u else 1.0 for u in unit_text], dtype=float)
    unit = has_unit | is_compound
    num = pc.replace_substring_regex(num, r"[\s'’_]", "")
    kinds = {
        "int": _match(num, _INT),
        "dot3": _match(num, _DOT3),
        "com3": _match(num, _COM3),
    }
    kinds["vn"] = _match(num, _VN) & ~kinds["com3"]
    kinds["en"] = _match(num, _EN) & ~kinds["dot3"]
    single_dot = kinds["dot3"] & (pc.count_substring(num, ".").to_numpy(zero_copy_only=False) == 1)
    single_com = kinds["com3"] & (pc.count_substring(num, ",").to_numpy(zero_copy_only=False) == 1)
    if decimal is None and not money:
        has_vn, has_en = bool(kinds["vn"].any()), bool(kinds["en"].any())
        decimal = "," if has_vn and not has_en else "." if has_en and not has_vn else None
    no_dots = pc.replace_substring(num, ".", "")
    no_commas = pc.replace_substring(num, ",", "")
    value = np.full(n, np.nan)
    value[kinds["int"]] = _to_float(num.filter(pa.array(kinds["int"])))
    # dots then commas: Vietnamese (1.250.000,5); commas then dots: English (1,250,000.5)
    vn_text = pc.replace_substring(no_dots, ",", ".")
    value[kinds["vn"]] = _to_float(vn_text.filter(pa.array(kinds["vn"])))
    value[kinds["en"]] = _to_float(no_commas.filter(pa.array(kinds["en"])))
    dot_thousands = kinds["dot3"].copy()
    com_thousands = kinds["com3"].copy()
    ambiguous = np.zeros(n, dtype=bool)
    if money:
        com_thousands &= ~(unit & single_com)  # "1,250 triệu": the Vietnamese decimal comma
        com_decimal = kinds["com3"] & unit & single_com
        dot_decimal = np.zeros(n, dtype=bool)
    else:
        dot_decimal = single_dot & (decimal == ".")
        com_decimal = single_com & ((decimal == ",") | unit)
        unsure = (not whole) and decimal is None
        ambiguous = (single_dot | single_com) & ~unit & unsure
        dot_thousands &= ~dot_decimal & ~ambiguous
        com_thousands &= ~com_decimal & ~ambiguous
    value[dot_thousands] = _to_float(no_dots.filter(pa.array(dot_thousands)))
    value[com_thousands] = _to_float(no_commas.filter(pa.array(com_thousands)))
    value[dot_decimal] = _to_float(num.filter(pa.array(dot_decimal)))
    value[com_decimal] = _to_float(
        pc.replace_substring(num, ",", ".").filter(pa.array(com_decimal))
    )
    if is_compound.any():
        a = _to_float(pc.struct_field(compound, "a").filter(pa.array(is_compound)))
        b_text = pc.struct_field(compound, "b").filter(pa.array(is_compound))
        b = _to_float(b_text)
        digits = pc.utf8_length(b_text).to_numpy(zero_copy_only=False)
        value[is_compound] = np.sign(a + 0.5) * (np.abs(a) + b / 10.0**digits)
    value = np.where(paren, -np.abs(value), value) * scale
    read = np.isfinite(value)
    problems[ambiguous] = "ambiguous_number"
    problems[~read & ~ambiguous] = "money" if money else "number"
    return value, unit, percent, problems


def parse_number(clean: np.ndarray, kind: str, scale: float = 1.0) -> Parsed:
    """Distinct values of a numeric column (``kind``: money, count, integer, year, days, km,
    share, number, coordinate, billions) → :class:`Parsed` with float values."""
    n = len(clean)
    values = np.full(n, np.nan)
    problems = _no_problems(n)
    money = kind == "money"
    whole = kind in ("count", "integer", "year")
    is_text = np.array([isinstance(v, str) for v in clean], dtype=bool)
    if is_text.any():
        v, unit, percent, prob = number_texts(
            clean[is_text], money=money or kind == "billions", whole=whole
        )
        if kind == "billions":  # "2 tỷ" → 2; a plain number is already in tỷ
            v = np.where(unit, v / 1e9, v)
        elif scale != 1.0:
            v = np.where(unit, v, v * scale)
        if kind == "share":
            v = np.where(percent, v / 100, v)
        else:
            prob = np.where(percent & (prob == None), "number", prob)  # noqa: E711
        values[is_text] = v
        problems[is_text] = prob
    for i in np.flatnonzero(~is_text):
        x = clean[i]
        if isinstance(x, bool):
            problems[i] = "number"
        elif isinstance(x, int | float):
            values[i] = float(x) * (scale if kind != "billions" else 1.0)
        elif isinstance(x, dt.date | dt.datetime | dt.time | dt.timedelta | pd.Timestamp):
            problems[i] = "date_in_number"
        else:
            problems[i] = "number"
    ok = problems == None  # noqa: E711
    inf = ok & np.isinf(values)
    problems[inf] = "infinite"
    ok &= ~inf
    if whole:
        frac = ok & (values != np.round(values))
        problems[frac] = "not_whole"
        ok &= ~frac
    if kind in ("count", "integer", "days", "km", "share", "year"):
        neg = ok & (values < 0)
        problems[neg] = "negative"
        ok &= ~neg
    if kind == "share":
        big = ok & (values > 1)
        problems[big] = "share"
        ok &= ~big
    if kind == "money":
        values = np.where(ok, values, np.nan)
    _excel_error(clean, problems)
    values[problems != None] = np.nan  # noqa: E711
    return Parsed(values, problems)


# -- dates ----------------------------------------------------------------------------------------------
_ISO = (
    r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ t]+(?P<hh>\d{1,2}):(?P<mi>\d{2})(?::(?P<ss>\d{2})(?:\.\d+)?)?)?"
    r"(?:\s*(?P<tz>z|[+-]\d{2}(?::?\d{2})?))?$"
)
#: Vietnam's offset from UTC (no summer time since 1975): a time written with another offset
#: (``…Z``, ``…+00:00``, ``…+07``) is read as the Vietnam clock time of that moment
_VIETNAM_OFFSET = np.timedelta64(7 * 3600, "s")


def _offsets(zones: np.ndarray) -> np.ndarray:
    """Per written zone (``z``, ``+07``, ``-0530``, ``+07:00``; blank: none) its offset from
    UTC, ``NaT`` where none is written."""
    out = np.full(len(zones), np.timedelta64("NaT"), dtype="timedelta64[s]")
    for zone in set(zones.tolist()) - {"", None}:
        sign = -1 if zone.startswith("-") else 1
        digits = zone.lstrip("+-").replace(":", "")
        hours, minutes = (0, 0) if zone == "z" else (int(digits[:2]), int(digits[2:] or 0))
        out[zones == zone] = np.timedelta64(sign * (hours * 3600 + minutes * 60), "s")
    return out


_DMY = (
    r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"
    r"(?:[ ,t]+(?P<hh>\d{1,2})[:h](?P<mi>\d{2})(?::(?P<ss>\d{2}))?\s*(?P<ap>am|pm|sa|ch)?)?$"
)
_LONG = r"^ngay (?P<d>\d{1,2}) thang (?P<m>\d{1,2}) nam (?P<y>\d{4})$"
_SERIAL = r"^\d{1,5}(?:[.,]\d+)?$"
_COMPACT = r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$"


def _ints(struct, name: str) -> np.ndarray:
    arr = pc.struct_field(struct, name)
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)


def _compose(y, m, d, hh=None, mi=None, ss=None) -> np.ndarray:
    """datetime64[s] from parts (NaN parts → NaT; an impossible date such as 31/02 → NaT), in
    NumPy's calendar arithmetic: a month, its first day, the day within it."""
    n = len(y)
    y, m, d = (np.asarray(v, dtype=float) for v in (y, m, d))
    hh, mi, ss = (
        np.zeros(n) if v is None else np.nan_to_num(np.asarray(v, dtype=float))
        for v in (hh, mi, ss)
    )
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(y) & np.isfinite(m) & np.isfinite(d)
        ok &= (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31)
        ok &= (hh >= 0) & (hh <= 23) & (mi >= 0) & (mi <= 59)
    if not ok.any():
        return out
    yy, mm, dd = y[ok].astype(np.int64), m[ok].astype(np.int64), d[ok].astype(np.int64)
    month = ((yy - 1970) * 12 + mm - 1).astype("datetime64[M]")
    day = month.astype("datetime64[D]") + (dd - 1)
    real = day.astype("datetime64[M]") == month  # the day is still in its month
    secs = (hh[ok] * 3600 + mi[ok] * 60 + ss[ok]).astype(np.int64)
    stamps = day.astype("datetime64[s]") + secs.astype("timedelta64[s]")
    out[np.flatnonzero(ok)[real]] = stamps[real]
    return out


def _two_digit(y: np.ndarray) -> tuple[np.ndarray, bool]:
    short = y < 100
    if not np.any(short):
        return y, False
    pivot = (dt.date.today().year + 1) % 100
    return np.where(short, np.where(y <= pivot, 2000 + y, 1900 + y), y), True


def _vietnam_clock(stamp: pd.Timestamp) -> pd.Timestamp:
    """A moment as Vietnam's clock shows it: an aware timestamp converted, a plain one as it is."""
    if stamp.tzinfo is None:
        return stamp
    return stamp.tz_convert("Asia/Ho_Chi_Minh").tz_localize(None)


def date_texts(texts, dayfirst: bool = True):
    """Dates written as text → ``(datetime64[s] values, problems, column notes)``."""
    n = len(texts)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    problems = _no_problems(n)
    notes: dict = {}
    if n == 0:
        return out, problems, notes
    s = pc.utf8_trim_whitespace(
        pc.utf8_lower(pa.array(np.asarray(texts, dtype=object), type=pa.string()))
    )
    done = np.zeros(n, dtype=bool)
    iso = pc.extract_regex(s, _ISO)
    m = pc.fill_null(pc.is_valid(iso), False).to_numpy(zero_copy_only=False)
    if m.any():
        sub = iso.filter(pa.array(m))
        stamps = _compose(*(_ints(sub, k) for k in ("y", "m", "d", "hh", "mi", "ss")))
        offset = _offsets(np.asarray(pc.struct_field(sub, "tz").to_numpy(zero_copy_only=False)))
        zoned = ~np.isnat(offset)
        stamps[zoned] = stamps[zoned] - offset[zoned] + _VIETNAM_OFFSET
        out[m] = stamps
        problems[m & np.isnat(out)] = "date"
        done |= m
    dmy = pc.extract_regex(s, _DMY)
    m = pc.fill_null(pc.is_valid(dmy), False).to_numpy(zero_copy_only=False) & ~done
    if m.any():
        sub = dmy.filter(pa.array(m))
        a, b, y = _ints(sub, "a"), _ints(sub, "b"), _ints(sub, "y")
        y, short = _two_digit(y)
        if short:
            notes["two_digit_year"] = {
                "example": str(np.asarray(texts, dtype=object)[m][np.argmax(_ints(sub, "y") < 100)])
            }
        hh, mi, ss = _ints(sub, "hh"), _ints(sub, "mi"), _ints(sub, "ss")
        ap = pc.struct_field(sub, "ap").to_numpy(zero_copy_only=False)
        pm = np.isin(ap, ["pm", "ch"]) & (hh < 12)
        hh = np.where(pm, hh + 12, np.where(np.isin(ap, ["am", "sa"]) & (hh == 12), 0, hh))
        day, month = (a, b) if dayfirst else (b, a)
        got = _compose(y, month, day, hh, mi, ss)
        other = _compose(y, day, month, hh, mi, ss)
        out[m] = got
        bad = np.isnat(got)
        idx = np.flatnonzero(m)
        problems[idx[bad & ~np.isnat(other)]] = "date_dayfirst" if dayfirst else "date_monthfirst"
        problems[idx[bad & np.isnat(other)]] = "date"
        done |= m
    rest = ~done
    if rest.any():
        folded = np.array(
            [" ".join(_words(t)) for t in np.asarray(texts, dtype=object)], dtype=object
        )
        long = pc.extract_regex(pa.array(folded, type=pa.string()), _LONG)
        m = pc.fill_null(pc.is_valid(long), False).to_numpy(zero_copy_only=False) & rest
        if m.any():
            sub = long.filter(pa.array(m))
            out[m] = _compose(_ints(sub, "y"), _ints(sub, "m"), _ints(sub, "d"))
            problems[m & np.isnat(out)] = "date"
            done |= m
        compact = pc.extract_regex(s, _COMPACT)
        m = pc.fill_null(pc.is_valid(compact), False).to_numpy(zero_copy_only=False) & ~done
        if m.any():
            sub = compact.filter(pa.array(m))
            out[m] = _compose(_ints(sub, "y"), _ints(sub, "m"), _ints(sub, "d"))
            problems[m & np.isnat(out)] = "date"
            done |= m
        m = _match(s, _SERIAL) & ~done
        if m.any():
            serial = _to_float(pc.replace_substring(s.filter(pa.array(m)), ",", "."))
            out[m] = serial_dates(serial)
            problems[m & np.isnat(out)] = "date"
            done |= m
        letters = _match(s, r"[a-z]{3}") & ~done
        for i in np.flatnonzero(letters):  # "5 Jan 2025", "January 5, 2025": few, one by one
            stamp = pd.to_datetime(
                str(np.asarray(texts, dtype=object)[i]),
                dayfirst=dayfirst,
                errors="coerce",
                format="mixed",
            )
            if pd.notna(stamp):
                out[i] = np.datetime64(_vietnam_clock(stamp), "s")
                done[i] = True
        problems[~done] = "date"
    return out, problems, notes


def _words(text) -> list[str]:
    from ._text import fold_words

    return fold_words(text).split()


def serial_dates(serial: np.ndarray) -> np.ndarray:
    """Excel serial day numbers (1900 system: ``45662`` = 5 January 2025) → datetime64[s];
    outside 1 … 2958465 → NaT."""
    serial = np.asarray(serial, dtype=float)
    ok = np.isfinite(serial) & (serial >= 1) & (serial < 2958466)
    seconds = np.where(ok, np.round(serial * 86400), 0).astype(np.int64)
    out = _EXCEL_EPOCH.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    return np.where(ok, out, np.datetime64("NaT"))


def parse_date(clean: np.ndarray, dayfirst: bool = True) -> Parsed:
    """Distinct values of a date column → :class:`Parsed` with datetime64[s] values."""
    n = len(clean)
    values = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    problems = _no_problems(n)
    notes: dict = {}
    is_text = np.array([isinstance(v, str) for v in clean], dtype=bool)
    if is_text.any():
        v, prob, notes = date_texts(clean[is_text], dayfirst)
        values[is_text] = v
        problems[is_text] = prob
        failed = np.flatnonzero(np.array([p is not None for p in prob], dtype=bool))
        if len(failed):  # dates that only make sense in the other order: say so, guess nothing
            other, other_prob, _ = date_texts(clean[is_text][failed], not dayfirst)
            fits = [i for i, p in enumerate(other_prob) if p is None and not np.isnat(other[i])]
            if fits:
                notes["date_other_order"] = {
                    "count": len(fits),
                    "example": str(clean[is_text][failed][fits[0]]),
                    "order_vi": "tháng trước (mm/dd/yyyy)"
                    if dayfirst
                    else "ngày trước (dd/mm/yyyy)",
                    "order_en": "month first (mm/dd/yyyy)"
                    if dayfirst
                    else "day first (dd/mm/yyyy)",
                    "fix_vi": "--monthfirst (dayfirst=False)"
                    if dayfirst
                    else "bỏ --monthfirst (dayfirst=True)",
                    "fix_en": "--monthfirst (dayfirst=False)"
                    if dayfirst
                    else "no --monthfirst (dayfirst=True)",
                }
    for i in np.flatnonzero(~is_text):
        x = clean[i]
        if isinstance(x, bool):
            problems[i] = "date"
        elif isinstance(x, dt.datetime | dt.date | pd.Timestamp | np.datetime64):
            values[i] = np.datetime64(_vietnam_clock(pd.Timestamp(x)), "s")
        elif isinstance(x, int | float):
            values[i] = serial_dates(np.array([x]))[0]
            if np.isnat(values[i]):
                problems[i] = "date"
        else:
            problems[i] = "date"
    lo = np.datetime64("1900-01-01", "s")
    hi = np.datetime64(dt.date.today() + dt.timedelta(days=366), "s")
    far = ~np.isnat(values) & ((values < lo) | (values > hi))
    problems[far & (problems == None)] = "date_range"  # noqa: E711
    _excel_error(clean, problems)
    values[problems != None] = np.datetime64("NaT")  # noqa: E711
    return Parsed(values, problems, column_notes=notes)


# -- codes --------------------------------------------------------------------------------------------
def _texts_of(clean: np.ndarray) -> np.ndarray:
    if _all_text(clean):
        return clean
    return np.array([_as_text(v) for v in clean], dtype=object)


def _all_text(clean: np.ndarray) -> bool:
    try:
        kind = pa.array(clean, from_pandas=True).type
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return False
    return kind in (pa.string(), pa.null())


def parse_phone(clean) -> Parsed:
    """Phone numbers of the distinct values; from an :class:`ArrowClean`, the values stay an
    Arrow array (a column of a hundred thousand numbers never becomes Python strings)."""
    if isinstance(clean, ArrowClean):
        values, status = normalise_phone_array(clean.arr)
        problems = _problems_of_phones(status)
        _excel_error(clean.arr, problems)
        errors = problems == "excel_error"
        if errors.any():
            values = pc.if_else(pa.array(errors), pa.scalar(None, pa.string()), values)
        return Parsed(values, problems, {"new": ArrowValues(values)})
    texts = _texts_of(clean)
    values, status = normalise_phones(texts)
    problems = _problems_of_phones(status)
    _excel_error(clean, problems)
    values = np.where(problems == "excel_error", None, values)
    return Parsed(values.astype(object), problems, {"new": values.astype(object)})


def _problems_of_phones(status: np.ndarray) -> np.ndarray:
    problems = _no_problems(len(status))
    codes = {
        PHONE_BAD: "phone",
        PHONE_OLD: "phone_old",
        PHONE_TWO: "phone_two",
        PHONE_ODD: "phone_odd",
        PHONE_ABROAD: "phone_abroad",
    }
    for s, code in codes.items():
        problems[status == s] = code
    return problems


def parse_province(clean: np.ndarray) -> Parsed:
    n = len(clean)
    values = np.full(n, None, dtype=object)
    problems = _no_problems(n)
    old = np.full(n, None, dtype=object)
    for i, v in enumerate(_texts_of(clean)):
        found = match_province(v)
        if found is None:
            problems[i] = "province"
        else:
            values[i], old[i] = found
            if old[i] is not None:
                problems[i] = "province_old"
    return Parsed(values, problems, {"old": old, "new": values.copy()})


_GENDER = {
    "Nữ": ("nu", "female", "f", "gai", "nugioi", "phunu", "woman", "w"),
    "Nam": ("nam", "male", "m", "trai", "namgioi", "man"),
}
_REGION = {
    "Bắc": ("bac", "mienbac", "north", "mb", "phiabac"),
    "Trung": ("trung", "mientrung", "central", "mt"),
    "Nam": ("nam", "miennam", "south", "mn", "phianam"),
}
_YES = ("true", "1", "co", "x", "yes", "y", "dung", "roi", "da", "v", "ok")
_NO = ("false", "0", "khong", "no", "n", "sai", "chua")


def parse_choice(clean: np.ndarray, words: dict[str, tuple[str, ...]], code: str) -> Parsed:
    lookup = {fold(k): k for k in words} | {w: k for k, ws in words.items() for w in ws}
    folded = fold_array(_texts_of(clean))
    values = np.array([lookup.get(f) for f in folded], dtype=object)
    problems = _no_problems(len(clean))
    problems[[v is None for v in values]] = code
    return Parsed(values, problems)


def parse_region(clean: np.ndarray) -> Parsed:
    """A region as the geographic scheme reads one (its own synonyms: "Bắc Bộ", "Tây Nguyên",
    "Miền Tây", "Nước ngoài"… — one declaration), written as the data write it: Bắc, Trung,
    Nam, or "Nước ngoài"; short forms (mb, mt, mn) too. Anything else is a problem."""
    from ..schemes.base import fold as fold_words
    from ..schemes.profile import _REGION_MAP

    words = {"north": "Bắc", "central": "Trung", "south": "Nam", "abroad": "Nước ngoài"}
    short = parse_choice(clean, _REGION, "region").values
    texts = _texts_of(clean)
    values = np.array(
        [
            s if s is not None else (words.get(_REGION_MAP.get(fold_words(t))) if t else None)
            for s, t in zip(short, texts, strict=True)
        ],
        dtype=object,
    )
    problems = _no_problems(len(clean))
    problems[[v is None for v in values]] = "region"
    return Parsed(values, problems)


def parse_bool(clean: np.ndarray) -> Parsed:
    n = len(clean)
    values = np.full(n, None, dtype=object)
    problems = _no_problems(n)
    for i, v in enumerate(clean):
        if isinstance(v, bool):
            values[i] = v
        elif isinstance(v, int | float) and v in (0, 1):
            values[i] = bool(v)
        elif isinstance(v, str):
            f = fold(v)
            if v.strip() in ("✓", "✔", "☑"):
                values[i] = True
            elif f in _YES or f.startswith(("co", "da")) and f not in ("codon",):
                values[i] = True
            elif f in _NO or f.startswith(("khong", "chua")):
                values[i] = False
            else:
                problems[i] = "bool"
        else:
            problems[i] = "bool"
    return Parsed(values, problems)


def parse_text(clean: np.ndarray, allowed: list[str] | None = None) -> Parsed:
    """Texts as written (composed, trimmed); with ``allowed`` values, a value written another
    way (case, diacritics, spacing, dashes) becomes the allowed one."""
    values = _texts_of(clean)
    if allowed:
        lookup = {fold(a): a for a in allowed}
        folded = fold_array(values)
        values = np.array(
            [lookup.get(f, v) for f, v in zip(folded, values, strict=True)], dtype=object
        )
    return Parsed(values, _no_problems(len(clean)))


def looks_numeric(clean: np.ndarray) -> bool:
    """Every distinct value reads as a plain number (a column the dictionary calls text but
    that holds counts, like ``n_quotes``)."""
    texts = [v for v in clean if isinstance(v, str)]
    others = [v for v in clean if not isinstance(v, str)]
    if any(isinstance(v, bool) or not isinstance(v, int | float) for v in others):
        return False
    if not texts:
        return bool(others)
    _, unit, percent, problems = number_texts(
        np.array(texts, dtype=object), money=False, whole=True
    )
    return bool((problems == None).all() and not unit.any() and not percent.any())  # noqa: E711
