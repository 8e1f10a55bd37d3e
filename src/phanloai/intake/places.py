"""Provinces and phone numbers as people write them, made into what the package uses.

Provinces: the 34 units in force since 1 July 2025 (``phanloai/data/provinces.csv``) and the 63
before (``old_provinces.csv`` beside this module, with the unit each one belongs to now and the
other ways people write them: ``TP.HCM``, ``Sài Gòn``, ``Thừa Thiên Huế``…). A name is compared
folded (case, diacritics, spacing ignored) without a leading ``Tỉnh`` / ``Thành phố`` / ``TP``;
a value that holds an address (``Quận 1, TP.HCM``) is read from its last part that names one.

Phones: ``0xxxxxxxxx`` for every mobile number; ``+84``, ``84``, ``0084``, dots, spaces and
dashes are ways of writing; a leading 0 that a spreadsheet dropped is put back; the 11-digit
numbers of before 2018 get their new prefix (``phone_prefix_2018.csv``: ``0168`` → ``038``).

>>> match_province("tp.hcm"), match_province("Tỉnh Bình Dương"), match_province("Sai Gon")
(('TP Hồ Chí Minh', None), ('TP Hồ Chí Minh', 'Bình Dương'), ('TP Hồ Chí Minh', None))
>>> normalise_phones(["+84 912 345 678", "0168.812.3456", "912345678"])[0].tolist()
['0912345678', '0388123456', '0912345678']
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._text import ascii_only, fold, read_data, text_bytes
from ._text import bools as _np

_PREFIXES = ("thanhpho", "tinh", "tp")
_SPLIT = re.compile(r"\s*[,;/|]\s*|\s+[-–—]\s+")


def _bare(folded: str) -> str:
    for prefix in _PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix) + 1:
            return folded[len(prefix) :]
    return folded


@cache
def current_provinces() -> pd.DataFrame:
    """The 34 units: province, region, lat, lon (``phanloai/data/provinces.csv``)."""
    return read_data("provinces", here=False)


@cache
def _lookup() -> dict[str, tuple[str, str | None]]:
    """folded bare name → (current province, old name if it is one of the merged/renamed ones)."""
    out: dict[str, tuple[str, str | None]] = {}
    current = set(current_provinces()["province"])
    for name in current:
        out[_bare(fold(name))] = (name, None)
    table = read_data("old_provinces")
    for old, new, aliases in table[["old_name", "province", "aliases"]].itertuples(index=False):
        assert new in current, new
        renamed = None if _bare(fold(old)) == _bare(fold(new)) else old
        out.setdefault(_bare(fold(old)), (new, renamed))
        for alias in filter(None, aliases.split("|")):
            out.setdefault(_bare(fold(alias)), (new, renamed))
    return out


def old_province_table() -> pd.DataFrame:
    """The 63 provinces before 1 July 2025 (and Hà Tây) with the unit each belongs to now."""
    return read_data("old_provinces")[["old_name", "province"]]


def match_province(text) -> tuple[str, str | None] | None:
    """``(current province, old name or None)`` for a written province, or None if it names
    none. An address is read from its last part that names a province."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    lookup = _lookup()
    whole = _bare(fold(text))
    if whole in lookup:
        return lookup[whole]
    for part in reversed(_SPLIT.split(str(text))):
        bare = _bare(fold(part))
        if bare in lookup:
            return lookup[bare]
        if bare.endswith("vietnam") and bare[:-7] in lookup:
            return lookup[bare[:-7]]
    return None


@cache
def regions() -> dict[str, str]:
    """Current province → region (Bắc / Trung / Nam)."""
    t = current_provinces()
    return dict(zip(t["province"], t["region"], strict=True))


# -- phones ------------------------------------------------------------------------------------------
@cache
def old_prefixes() -> dict[str, str]:
    """``{"0168": "038", …}``: the 11-digit mobile prefixes of before 2018 and their new ones."""
    t = read_data("phone_prefix_2018")
    return dict(zip(t["old_prefix"], t["new_prefix"], strict=True))


@cache
def mobile_prefixes() -> frozenset[str]:
    """The 10-digit mobile prefixes in use (``phanloai/data/phone_prefixes.csv``)."""
    return frozenset(read_data("phone_prefixes", here=False)["prefix"])


_BETWEEN = r"\s*[/;,|&]\s*|\s+(?:-|hoặc|hoac|or)\s+"
#: What :func:`normalise_phones` says about each value.
PHONE_OK, PHONE_OLD, PHONE_TWO, PHONE_LANDLINE, PHONE_ODD, PHONE_BAD, PHONE_ABROAD = range(7)


def _on(mask: np.ndarray, arr: pa.Array, change) -> pa.Array:
    """``arr`` with ``change`` made to the texts where ``mask`` holds (only those are read)."""
    if not mask.any():
        return arr
    where = pa.array(mask)
    return pc.replace_with_mask(arr, where, change(arr.filter(where)))


def _lengths(arr: pa.Array) -> np.ndarray:
    """Characters per text (NaN: none); for ASCII texts without a blank, from the offsets."""
    parts = text_bytes(arr) if not arr.null_count else None
    if parts is not None and ascii_only(parts[1]):
        return np.diff(parts[0])
    return pc.utf8_length(arr).to_numpy(zero_copy_only=False)


def _text(v) -> str | None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # a phone a spreadsheet kept as a number
    return str(v)


def _digits_and_plus(raw: pa.Array) -> pa.Array:
    """Only the digits and ``+`` of each text: the usual separators (space, dot, dash,
    brackets) removed by plain replacement, anything else by a regular expression on the few
    texts that still need it. ASCII texts are filtered byte by byte in one pass."""
    parts = text_bytes(raw) if isinstance(raw, pa.Array) and raw.offset == 0 else None
    if parts is not None and ascii_only(parts[1]):
        return _ascii_digits_and_plus(raw, *parts)
    d = raw
    for sep in (" ", ".", "-", "(", ")"):
        d = pc.replace_substring(d, sep, "")
    rest = ~_np(pc.utf8_is_digit(pc.replace_substring(d, "+", ""))) & _np(pc.is_valid(d))
    if rest.any():
        d = pc.if_else(pa.array(rest), pc.replace_substring_regex(d, r"[^\d+]", ""), d)
    return d


def _ascii_digits_and_plus(raw: pa.Array, offsets: np.ndarray, body: np.ndarray) -> pa.Array:
    """The bytes ``0``-``9`` and ``+`` of each ASCII text (``offsets``, ``body``: its
    :func:`text_bytes`), the rest dropped (blanks stay blank)."""
    validity = raw.buffers()[0]
    kept = ((body >= 0x30) & (body <= 0x39)) | (body == 0x2B)
    ends = np.zeros(len(body) + 1, dtype=np.int32)
    np.cumsum(kept, out=ends[1:])
    return pa.StringArray.from_buffers(
        len(raw),
        pa.py_buffer(ends[offsets]),
        pa.py_buffer(body[kept].tobytes()),
        validity,
        raw.null_count,
    )


def normalise_phones(values) -> tuple[np.ndarray, np.ndarray]:
    """Phone numbers as ``0xxxxxxxxx`` and, per value, what was found: :data:`PHONE_OK`,
    :data:`PHONE_OLD` (an 11-digit number of before 2018, given its new prefix),
    :data:`PHONE_TWO` (two numbers in one cell: the first kept), :data:`PHONE_LANDLINE` (a
    fixed line, kept), :data:`PHONE_ODD` (10 digits but no mobile prefix in use: kept as
    written), :data:`PHONE_ABROAD` (a number abroad, ``+`` or ``00`` and another country's code:
    kept as ``+<digits>``) or :data:`PHONE_BAD` (not a phone number: None). Vectorised (Arrow string
    functions over all the values at once)."""
    values = np.asarray(values, dtype=object)
    try:
        raw = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        raw = pa.array([_text(v) for v in values], type=pa.string())
    out, status = normalise_phone_array(raw)
    return np.asarray(out.to_numpy(zero_copy_only=False), dtype=object), status


def normalise_phone_array(raw: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """:func:`normalise_phones` on an Arrow string array, the numbers kept as Arrow. Mobile
    numbers written the usual ways (``0912345678``, ``+84 912 345 678``, ``84912345678``, with
    any separators) are read from their bytes at once; the others go through every rule."""
    if raw.type == pa.large_string():  # the functions below pair plain strings
        raw = raw.cast(pa.string())
    digits = _digits_and_plus(raw)
    plain, numbers = _plain_mobiles(digits)
    if not plain.any():
        return _every_rule(raw, digits)
    status = np.full(len(raw), PHONE_OK, dtype=np.int8)
    if plain.all():
        return numbers, status
    rest = ~plain
    where = pa.array(rest)
    out, status[rest] = _every_rule(raw.filter(where), digits.filter(where))
    order = np.empty(len(raw), dtype=np.int64)  # plain numbers first, then the others
    order[plain] = np.arange(len(numbers))
    order[rest] = len(numbers) + np.arange(len(out))
    return pa.concat_arrays([numbers, out]).take(pa.array(order)), status


@cache
def _mobile_table() -> np.ndarray:
    """Per two digits after the leading 0 (0–99), whether they make a mobile prefix in use."""
    table = np.zeros(100, dtype=bool)
    for prefix in mobile_prefixes():
        table[int(prefix[1:])] = True
    return table


def _plain_mobiles(digits: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Which numbers (their digits and ``+``) are mobile numbers written the usual way — ``0``
    and 9 digits, ``+84`` and 9, ``84`` and 9 — and those as ``0xxxxxxxxx``."""
    n = len(digits)
    parts = text_bytes(digits)
    if parts is None:
        return np.zeros(n, dtype=bool), pa.array([], pa.string())
    offs, body = parts
    starts, lengths = offs[:-1], np.diff(offs)
    body = np.append(body, np.zeros(12, np.uint8))  # every row can be read 12 bytes far
    first, second, third = body[starts], body[starts + 1], body[starts + 2]
    zero = (lengths == 10) & (first == 0x30)
    plus84 = (lengths == 12) & (first == 0x2B) & (second == 0x38) & (third == 0x34)
    is84 = (lengths == 11) & (first == 0x38) & (second == 0x34)
    plain = (zero | plus84 | is84) & _np(pc.is_valid(digits))
    # the 9 digits after 0 / +84 / 84 end each of these numbers: 9 bytes from each start
    windows = np.lib.stride_tricks.sliding_window_view(body, 9)
    nine = windows[(starts + lengths - 9)[plain]]
    not_digit = (nine - np.uint8(0x30)) > 9  # bytes below '0' wrap round to large numbers
    ok = ~not_digit.any(axis=1) if not_digit.any() else np.ones(len(nine), dtype=bool)
    two = (nine[:, 0].astype(np.int64) - 0x30) * 10 + nine[:, 1].astype(np.int64) - 0x30
    ok &= _mobile_table()[np.where(ok, two, 0)]
    plain[plain] = ok
    nine = nine[ok]
    k = len(nine)
    text = np.empty((k, 10), dtype=np.uint8)
    text[:, 0] = 0x30
    text[:, 1:] = nine
    numbers = pa.StringArray.from_buffers(
        k,
        pa.py_buffer(np.arange(0, 10 * k + 1, 10, dtype=np.int32)),
        pa.py_buffer(text.ravel()),
    )
    return plain, numbers


def _every_rule(raw: pa.Array, digits: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """:func:`normalise_phone_array` rule by rule (``digits``: :func:`_digits_and_plus`)."""
    status = np.full(len(raw), PHONE_OK, dtype=np.int8)
    # two numbers in one cell ("0912345678 / 0987654321"): the first is kept
    many = _np(pc.greater_equal(pc.utf8_length(digits), 18))
    if many.any():
        two = many & _np(pc.match_substring_regex(raw, _BETWEEN))
        if two.any():
            first = pc.list_element(pc.split_pattern_regex(raw, _BETWEEN, max_splits=1), 0)
            raw = pc.if_else(pa.array(two), first, raw)
            digits = _digits_and_plus(raw)
            status[two] = PHONE_TWO
    plus = _np(pc.starts_with(digits, "+"))
    d = digits
    if plus.any() or pc.any(pc.match_substring(digits, "+")).as_py():
        d = pc.replace_substring(digits, "+", "")
    intl00 = _np(pc.starts_with(d, "00"))
    d = _on(intl00, d, lambda t: pc.utf8_slice_codeunits(t, 2))
    length = _lengths(d)
    intl = _np(pc.starts_with(d, "84")) & (((length == 11) | (length == 12)) | plus)
    d = _on(intl, d, lambda t: pc.binary_join_element_wise("0", pc.utf8_slice_codeunits(t, 2), ""))
    length = _lengths(d)
    starts0 = _np(pc.starts_with(d, "0"))
    dropped0 = ((length == 9) & ~starts0) | ((length == 10) & _np(pc.starts_with(d, "1")))
    d = _on(dropped0, d, lambda t: pc.binary_join_element_wise("0", t, ""))
    length = _lengths(d)
    head3 = pc.utf8_slice_codeunits(d, 0, 3)
    head4 = pc.utf8_slice_codeunits(d, 0, 4)
    mobile = _np(pc.is_in(head3, value_set=pa.array(sorted(mobile_prefixes())))) & (length == 10)
    old_map = old_prefixes()
    old = (length == 11) & _np(pc.is_in(head4, value_set=pa.array(sorted(old_map))))
    out = d
    if old.any():  # the old 4-digit prefix replaced by its new 3-digit one
        keys = sorted(old_map)
        prefixes = pa.array([old_map[k] for k in keys], pa.string())

        def renamed(t):
            new = prefixes.take(pc.index_in(pc.utf8_slice_codeunits(t, 0, 4), pa.array(keys)))
            return pc.binary_join_element_wise(new, pc.utf8_slice_codeunits(t, 4), "")

        out = _on(old, out, renamed)
        status[old & (status == PHONE_OK)] = PHONE_OLD
    landline = (length == 11) & _np(pc.starts_with(d, "02"))
    odd = (length == 10) & _np(pc.starts_with(d, "0")) & ~mobile
    # a number abroad: written with + or 00 and another country's code (E.164: 8-15 digits)
    abroad = (plus | intl00) & ~intl & (length >= 8) & (length <= 15) & ~starts0
    bad = ~(mobile | old | landline | odd | abroad)
    status[landline & (status == PHONE_OK)] = PHONE_LANDLINE
    status[odd & (status == PHONE_OK)] = PHONE_ODD
    status[abroad & (status == PHONE_OK)] = PHONE_ABROAD
    out = _on(abroad, out, lambda t: pc.binary_join_element_wise("+", t, ""))
    status[bad] = PHONE_BAD
    if bad.any():
        out = pc.if_else(pa.array(bad), pa.scalar(None, pa.string()), out)
    return out, status
