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
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
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


def nfc_arrow(values, blanks=()) -> pa.Array:
    """Texts composed (NFC: ``e`` + combining marks → ``ễ``), trimmed, inner spaces single —
    the way every text value of a file is kept, whatever program wrote it; a text whose lower
    case is in ``blanks`` becomes null. Arrow string functions, no Python loop."""
    if isinstance(values, pa.Array):
        arr = values
    else:
        arr = pa.array(np.asarray(values, dtype=object), type=pa.string(), from_pandas=True)
    if not pc.all(pc.string_is_ascii(arr)).as_py():
        arr = pc.utf8_normalize(arr, form="NFC")
    arr = pc.utf8_trim_whitespace(arr)
    odd = pc.match_substring_regex(arr, ODD_SPACES)
    if pc.any(odd).as_py():  # rare: only then the slower replacement
        arr = pc.replace_substring_regex(arr, SPACES + "+", " ")
        arr = pc.utf8_trim_whitespace(arr)
    if blanks:
        blank = pc.is_in(pc.utf8_lower(arr), value_set=pa.array(sorted(blanks), type=pa.string()))
        arr = pc.if_else(blank, pa.scalar(None, pa.string()), arr)
    return arr


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
