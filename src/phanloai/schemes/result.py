"""What a classification is, and how it survives being stored in a table.

Design (why it is built this way)
---------------------------------
``phanloai.classify`` returns a plain pandas ``Series`` that a student can put in a column,
count, filter and group by. Its values are **level codes** (``"key"``, ``"prospect"``,
``"unknown"``) — the same in a Vietnamese and an English class, so code written in one runs
unchanged in the other. The words a person reads are put on at the edge: :func:`phanloai.show`,
the charts, exports, widgets, or one call, ``labels.phanloai.names()`` (or
:func:`phanloai.in_words`).

What the result *is* — which scheme, which parameters, the level order — must not depend on
``Series.attrs``, which pandas drops as soon as the labels are stored as a column. So it travels
in the **dtype**: :class:`LevelDtype` is a ``pandas.CategoricalDtype`` whose categories are the
level codes in the scheme's order and which also remembers the scheme and the parameters. pandas
keeps the dtype object when a Series is stored in a DataFrame, selected, filtered, sorted, merged
or pickled; it is an ordinary ordered categorical for everything else.

Where pandas builds a fresh categorical (``pd.concat``, ``astype("category")``, a file read
back), the codes are still there: :func:`describe` recognises a set of categories that is exactly
one scheme's levels. When the levels' names depend on parameters that can no longer be known (age
edges, a radius), reports refuse with a clear message instead of guessing; re-attach them with
:func:`as_labels`. A Series of codes or names read from a file is re-attached the same way.

Alternatives weighed: a small ``Classification`` object (not a Series: ``df["seg"] = result``
would need a conversion students forget); ``Series.attrs`` only (lost in a column); inferring
from the codes only (ambiguous — several schemes have a level ``loyal``, and parameters are lost).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, tr
from .base import UNKNOWN_CODE, Level, Scheme, fold

__all__ = ["ClassificationAccessor", "LevelDtype", "LevelInfo", "as_labels", "describe"]


class LevelDtype(pd.CategoricalDtype):
    """An ordered categorical dtype whose categories are a scheme's level codes, and which
    remembers the scheme (its code) and the parameters the classification used."""

    # class defaults: pandas may build an instance without calling __init__ (fast paths)
    _scheme_code: str | None = None
    _scheme_obj: Scheme | None = None
    _param_values: Mapping = {}

    def __init__(
        self, categories=None, ordered: bool = True, scheme: str | Scheme | None = None, params=None
    ):
        super().__init__(categories, ordered)
        if isinstance(scheme, Scheme):
            self._scheme_obj = scheme
            scheme = scheme.code
        self._scheme_code = scheme
        self._param_values = dict(params or {})

    @property
    def scheme_code(self) -> str | None:
        return self._scheme_code

    @property
    def params(self) -> dict:
        return dict(self._param_values)

    def __eq__(self, other) -> bool:
        # Two classifications with the same codes but another scheme or other parameters are
        # different: pandas must not pour one into the other (age bands 25/30/40/50 are not
        # age bands 35/45/55/65, though both are age_0 … age_4).
        if isinstance(other, LevelDtype):
            return (
                super().__eq__(other)
                and self._scheme_code == other._scheme_code
                and dict(self._param_values) == dict(other._param_values)
            )
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(
            (super().__hash__(), self._scheme_code, tuple(sorted(self._param_values.items())))
        )

    def __reduce__(self):
        categories = None if self.categories is None else list(self.categories)
        return (type(self), (categories, self.ordered, self._scheme_code, dict(self._param_values)))

    def __repr__(self) -> str:
        cats = [] if self.categories is None else list(self.categories)
        return f"LevelDtype(scheme={self._scheme_code!r}, levels={cats})"


@dataclass(frozen=True)
class LevelInfo:
    """A classification described: its scheme, parameters and levels (``unknown`` last).
    ``exact`` is False when scheme and parameters were recognised from the codes alone."""

    scheme: Scheme
    params: dict
    levels: tuple[Level, ...]
    exact: bool = True

    @property
    def codes(self) -> list[str]:
        return [lv.code for lv in self.levels]

    def words(self) -> dict[str, str]:
        """Level code → its name in the current language."""
        self.require_names()
        return {lv.code: lv.label for lv in self.levels}

    @property
    def names_depend_on_params(self) -> bool:
        s = self.scheme
        part = s.part(self.params) if hasattr(s, "part") else s
        return part.level_sets is not None

    def require_names(self) -> None:
        """Refuse (bilingual) when level names would need parameters that were lost."""
        if self.exact or not self.names_depend_on_params:
            return
        s = self.scheme
        raise PhanloaiError(
            f"Nhãn này là các cấp của '{s.code}' ({s.title_vi}), nhưng tham số đã dùng (mốc, bán kính, số cụm…) "
            "không còn đi kèm — pandas bỏ thông tin này khi ghép bảng (pd.concat) hoặc đọc lại từ tệp. Tên cấp "
            f"phụ thuộc các tham số ấy nên không đoán. Hãy phân loại lại, hoặc gắn lại: "
            f"phanloai.as_labels(cột, '{s.code}', <tham số>).",
            f"These labels are levels of '{s.code}' ({s.title_en}), but the parameters used (edges, radius, "
            "number of clusters…) no longer come with them — pandas drops them when tables are concatenated "
            "(pd.concat) or read back from a file. The level names depend on those parameters, so they are not "
            f"guessed. Classify again, or re-attach them: phanloai.as_labels(column, '{s.code}', <parameters>).",
        )


def _registry() -> dict[str, Scheme]:
    from .registry import SCHEMES

    return SCHEMES


def describe(values) -> LevelInfo | None:
    """The classification behind a Series, Index or dtype — from its :class:`LevelDtype`, or
    recognised from categories that are exactly one registered scheme's level codes; ``None``
    when it is not (or not surely) a classification."""
    dtype = getattr(values, "dtype", values)
    if not isinstance(dtype, pd.CategoricalDtype) or dtype.categories is None:
        return None
    cats = list(dtype.categories)
    if isinstance(dtype, LevelDtype) and dtype.scheme_code:
        scheme = dtype._scheme_obj or _registry().get(dtype.scheme_code)
        if scheme is not None:
            try:
                levels = scheme.levels_for(dtype.params)
            except PhanloaiError:
                levels = None
            if levels is not None and [lv.code for lv in levels] == cats:
                return LevelInfo(scheme, scheme.check_params(dtype.params), levels, exact=True)
    if not all(isinstance(c, str) for c in cats) or UNKNOWN_CODE not in cats:
        return None
    found = []
    for scheme in _registry().values():
        for variant in scheme._level_variants():
            p = scheme.check_params(variant)
            if scheme.codes(p) == cats:
                found.append((scheme, p))
                break
    if len(found) != 1:
        return None
    scheme, p = found[0]
    return LevelInfo(scheme, p, scheme.levels_for(p), exact=False)


def labels_series(codes: np.ndarray, index: pd.Index, scheme: Scheme, params: Mapping) -> pd.Series:
    """A classification result: level positions → an ordered categorical of codes with its dtype."""
    dtype = LevelDtype(scheme.codes(params), True, scheme, params)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=index, name=scheme.code)


def level_lookup(levels) -> dict[str, int]:
    """Folded text (a level's code, Vietnamese or English name — a Vietnamese name also without
    the English in brackets after it: "Khách hàng xuất sắc" for "Khách hàng xuất sắc
    (Champions)") → the level's position."""
    lookup: dict[str, int] = {}
    for i, lv in enumerate(levels):
        plain_vi = re.sub(r"\s*\([^()]*\)\s*$", "", lv.vi)
        for text in (lv.code, lv.vi, lv.en, plain_vi):
            lookup.setdefault(fold(text), i)
    return lookup


def as_labels(values, scheme: str | Scheme, **params) -> pd.Series:
    """Re-attach what a classification is to labels that lost it (read from a file, concatenated).

    ``values`` may hold level codes (``"key"``) or level names in either language ("Khách hàng
    lớn (Key account)", "Key account"); blanks become ``"unknown"``. Anything else is a bilingual
    error naming the rows.

    >>> import pandas as pd, phanloai
    >>> lab = phanloai.as_labels(pd.Series(["key", "Prospect", None]), "ladder")
    >>> lab.tolist()
    ['key', 'prospect', 'unknown']
    >>> lab.phanloai.scheme.code
    'ladder'
    """
    from .registry import get_scheme

    s = get_scheme(scheme)
    p = s.check_params(params)
    levels = s.levels_for(p)
    lookup = level_lookup(levels)
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    keys, uniques = pd.factorize(series.astype("object"))
    pos = []
    wrong = []
    for u in uniques:
        key = fold(u) if str(u).strip() else None
        if key is None:
            pos.append(len(levels) - 1)
        elif key in lookup:
            pos.append(lookup[key])
        else:
            pos.append(-1)
            wrong.append(u)
    table = np.array([*pos, len(levels) - 1], dtype=np.int64)
    codes = table[np.where(keys < 0, len(uniques), keys)]
    if wrong:
        rows = ", ".join(map(str, series.index[codes < 0][:5]))
        raise PhanloaiError(
            f"as_labels(): giá trị không phải cấp nào của '{s.code}': {wrong[:5]} (dòng {rows}). "
            f"Các mã cấp: {', '.join(s.codes(p))}.",
            f"as_labels(): values that are no level of '{s.code}': {wrong[:5]} (rows {rows}). "
            f"The level codes: {', '.join(s.codes(p))}.",
        )
    return labels_series(codes, series.index, s, p).rename(series.name or s.code)


def not_labels_error(func: str, what) -> PhanloaiError:
    return PhanloaiError(
        f"{func}: đây không phải kết quả của phanloai.classify (kiểu: {getattr(what, 'dtype', type(what).__name__)}). "
        "Dùng phanloai.as_labels(giá_trị, 'tên cách phân loại') để gắn lại.",
        f"{func}: this is not a result of phanloai.classify (type: {getattr(what, 'dtype', type(what).__name__)}). "
        "Use phanloai.as_labels(values, 'scheme name') to re-attach it.",
    )


@pd.api.extensions.register_series_accessor("phanloai")
class ClassificationAccessor:
    """``labels.phanloai``: what a classification is, and its words.

    >>> import phanloai
    >>> spa = phanloai.load("spa", n=300)
    >>> lab = phanloai.classify(spa.customers, "service_level")
    >>> lab.phanloai.scheme.code, lab.phanloai.codes[:2]
    ('service_level', ['none', 'first'])
    >>> lab.phanloai.names().cat.categories[0]
    'Chưa giao dịch'
    """

    def __init__(self, series: pd.Series):
        self._series = series

    @property
    def info(self) -> LevelInfo:
        info = describe(self._series)
        if info is None:
            raise not_labels_error("labels.phanloai", self._series)
        return info

    @property
    def scheme(self) -> Scheme:
        return self.info.scheme

    @property
    def params(self) -> dict:
        return dict(self.info.params)

    @property
    def levels(self) -> tuple[Level, ...]:
        return self.info.levels

    @property
    def codes(self) -> list[str]:
        return self.info.codes

    def names(self) -> pd.Series:
        """The labels as level names in the current language (an ordered categorical)."""
        words = self.info.words()
        names = [words[c] for c in self.info.codes]
        cat = pd.Categorical.from_codes(
            self._series.cat.codes.to_numpy(), categories=pd.Index(names, dtype="str"), ordered=True
        )
        return pd.Series(cat, index=self._series.index, name=self._series.name)

    def title(self) -> str:
        return tr(self.scheme.title_vi, self.scheme.title_en)
