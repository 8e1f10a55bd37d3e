"""Text helpers of the door: Unicode composition, folding for comparisons, the package's tables.

*Folding* is how two ways of writing one name are recognised as the same: lower case, no
diacritics (``đ`` → ``d``), nothing but letters and digits. ``"Tỉnh/Thành phố"``,
``"TINH / THANH PHO"`` and ``"tinh_thanh_pho"`` all fold to ``"tinhthanhpho"``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text) -> str:
    """``"Tỉnh/Thành phố"`` → ``"tinhthanhpho"`` (case, diacritics, spacing and punctuation
    ignored).

    >>> fold("Họ và tên"), fold("SĐT"), fold("  Ngày_mua "), fold("TP.HCM")
    ('hovaten', 'sdt', 'ngaymua', 'tphcm')
    """
    text = str(text)
    if text.isascii():  # no marks to take off (most cells of a data row)
        return _NOT_ALNUM.sub("", text.lower())
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return _NOT_ALNUM.sub("", text)


def fold_words(text) -> str:
    """Like :func:`fold` but words stay apart: ``"Tổng cộng:"`` → ``"tong cong"``."""
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


def fold_array(values) -> np.ndarray:
    """:func:`fold` on many texts at once (Arrow compute; a list, array or Series of text)."""
    arr = pa.array(np.asarray(values, dtype=object), type=pa.string())
    arr = pc.utf8_normalize(arr, form="NFD")
    arr = pc.replace_substring(arr, "đ", "d")
    arr = pc.replace_substring(arr, "Đ", "D")
    arr = pc.replace_substring_regex(arr, r"\p{Mn}+", "")
    arr = pc.utf8_lower(arr)
    arr = pc.replace_substring_regex(arr, r"[^a-z0-9]+", "")
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=object)


#: the characters a run of which becomes one space inside a text (in RE2, ``\s`` is
#: ``[\t\n\f\r ]``)
SPACES = r"[\s\x{00a0}\x{200b}\x{feff}]"
#: a text that holds one of these needs its runs made single (``SPACES`` but a lone space)
ODD_SPACES = r"  |[\t\n\f\r\x{00a0}\x{200b}\x{feff}]"
#: what is trimmed from both ends of a text: Arrow's ``utf8_trim_whitespace`` (Unicode spaces)
TRIMMED = (
    r"[\x{09}-\x{0d}\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}]"
)


#: bytes a text may begin or end with when trimming could change it: ASCII spaces (as
#: ``TRIMMED``) and any byte of a longer UTF-8 character (some are spaces)
_EDGE = np.zeros(256, dtype=bool)
_EDGE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_EDGE[0x80:] = True
#: bytes of the ``ODD_SPACES`` characters but a space: tab, line breaks, and the last bytes of
#: U+00A0 (C2 A0), U+200B (E2 80 8B) and U+FEFF (EF BB BF)
_ODD = np.zeros(256, dtype=bool)
_ODD[[9, 10, 12, 13, 0xA0, 0x8B, 0xBF]] = True


def text_bytes(arr) -> tuple[np.ndarray, np.ndarray] | None:
    """A plain Arrow string array's ``(offsets, bytes)`` as NumPy views (offsets from 0), or
    None for any other array. No copy."""
    if not isinstance(arr, pa.Array) or arr.type != pa.string():
        return None
    _, offsets, data = arr.buffers()
    offs = np.frombuffer(offsets, dtype=np.int32, count=len(arr) + 1, offset=4 * arr.offset)
    body = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offs - offs[0], body[offs[0] : offs[-1]]


def may_change_when_trimmed(offs: np.ndarray, body: np.ndarray) -> bool:
    """False only when no text begins or ends with a byte that trimming might remove."""
    if not len(body):
        return False
    starts, ends = offs[:-1], offs[1:]
    if (ends == starts).any():  # empty texts have no ends to look at
        filled = ends > starts
        starts, ends = starts[filled], ends[filled]
    return bool(_EDGE[body[starts]].any() or _EDGE[body[ends - 1]].any())


def may_hold_odd_spaces(body: np.ndarray) -> bool:
    """False only when no text holds ``ODD_SPACES`` (two spaces, a tab, a line break, a
    no-break or zero-width space, a byte-order mark)."""
    if not len(body):
        return False
    if _ODD[body].any():
        return True
    space = body == 32
    return bool((space[1:] & space[:-1]).any())


def ascii_only(body: np.ndarray) -> bool:
    """No byte beyond ASCII: the texts are UTF-8 and already composed."""
    return not len(body) or bool(body.max() < 0x80)


def composed_and_trimmed(arr: pa.Array) -> tuple[pa.Array, tuple | None, bool]:
    """Texts composed (NFC) and trimmed, each step only when the bytes show it changes
    something; with their :func:`text_bytes` and whether they are all ASCII."""
    parts = text_bytes(arr)
    plain = ascii_only(parts[1]) if parts is not None else pc.all(pc.string_is_ascii(arr)).as_py()
    if not plain:
        arr = pc.utf8_normalize(arr, form="NFC")
        parts = text_bytes(arr)
    if parts is None or may_change_when_trimmed(*parts):
        arr = pc.utf8_trim_whitespace(arr)
        parts = text_bytes(arr)
    return arr, parts, plain


def nfc_arrow(values, blanks=()) -> pa.Array:
    """Texts composed (NFC: ``e`` + combining marks → ``ễ``), trimmed, inner spaces single —
    the way every text value of a file is kept, whatever program wrote it; a text whose lower
    case is in ``blanks`` becomes null. Arrow string functions, no Python loop; each step is
    skipped when a look at the bytes shows it would change nothing (ids, phones, dates)."""
    if isinstance(values, pa.Array):
        arr = values
    else:
        arr = pa.array(np.asarray(values, dtype=object), type=pa.string(), from_pandas=True)
    arr, parts, plain = composed_and_trimmed(arr)
    odd = may_hold_odd_spaces(parts[1]) if parts is not None else True
    if odd and pc.any(pc.match_substring_regex(arr, ODD_SPACES)).as_py():  # rare: the slower way
        arr = pc.replace_substring_regex(arr, SPACES + "+", " ")
        arr = pc.utf8_trim_whitespace(arr)
        parts = text_bytes(arr)
    if blanks:
        words = pa.array(sorted(blanks), type=pa.string())
        if parts is None:
            blank = pc.is_in(pc.utf8_lower(arr), value_set=words)
            return pc.if_else(blank, pa.scalar(None, pa.string()), arr)
        # lower case keeps the number of characters; a character is at most 4 bytes (1 in
        # ASCII): only texts that short can be a blank word
        longest = max(len(b) for b in blanks) * (1 if plain else 4)
        short = np.flatnonzero(np.diff(parts[0]) <= longest)
        if len(short):
            sub = arr.take(pa.array(short))
            hit = bools(pc.is_in(pc.utf8_lower(sub), value_set=words))
            if hit.any():
                blank = np.zeros(len(arr), dtype=bool)
                blank[short[hit]] = True
                arr = pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), arr)
    return arr


def bools(arr) -> np.ndarray:
    """An Arrow array of true/false as NumPy booleans (null: false)."""
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def nfc_array(values, blanks=()) -> np.ndarray:
    """:func:`nfc_arrow` as a NumPy array of Python strings (None for blanks)."""
    arr = nfc_arrow(values, blanks)
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=object)


def read_data(name: str, here: bool = True) -> pd.DataFrame:
    """One of the CSV tables beside this module (``here``) or in ``phanloai/data`` (``#``
    comments), every column text."""
    return _read_data(name, here).copy()


@cache
def _read_data(name: str, here: bool) -> pd.DataFrame:
    base = resources.files("phanloai.intake" if here else "phanloai").joinpath(
        f"{name}.csv" if here else f"data/{name}.csv"
    )
    lines = [ln for ln in base.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    rows = list(csv.reader(lines))
    return pd.DataFrame(rows[1:], columns=rows[0])
