"""The declaration every classification scheme makes, and the machinery that enforces its contract.

A scheme is a pure function of a customer table and parameters that returns one ordered
categorical label per row, with a label sheet declared once beside it: title and purpose, ordered
levels (Vietnamese and English name, meaning, suggested action), tunable parameters (default,
range, step, label), required columns, the cases it applies to and the source article.

Most schemes are *decision lists*: ordered rules, the first that holds decides the level, and a
last "otherwise" rule catches everything else. That makes overlapping rules (two rules fighting
over a customer) and gaps (customers falling through to "Others") impossible by construction.
Rows missing a value the rules need go to the explicit level "Không xác định / Unknown".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, tr
from ..vn import format_date, format_number, format_vnd

UNKNOWN_CODE = "unknown"
UNKNOWN_VI = "Không xác định"
UNKNOWN_EN = "Unknown"

#: Source articles (shared/seeds), by number.
ARTICLES = {
    "000": (
        "Tại sao phải phân loại khách hàng? (DinMarketing)",
        "Why classify customers? (DinMarketing)",
    ),
    "001": (
        "Phân loại khách hàng là gì? Lợi ích và cách phân loại (Vbee AI)",
        "What is customer segmentation? (Vbee AI)",
    ),
    "002": (
        "Phân loại 10.000 khách hàng hỏi mua bu lông",
        "Segmenting 10,000 firms that asked for bolts",
    ),
    "003": (
        "Chương 2: Phân loại khách hàng (sơ đồ Coggle)",
        "Chapter 2: Customer classification (Coggle map)",
    ),
    "004": (
        "6 cấp độ khách hàng người kinh doanh phải biết",
        "The six customer levels every seller must know",
    ),
    "std": ("Thực hành phổ biến (RFM)", "Standard practice (RFM)"),
}


@dataclass(frozen=True)
class Level:
    """One level of a scheme: stable code, names, one-line meaning and a suggested action."""

    code: str
    vi: str
    en: str
    meaning_vi: str = ""
    meaning_en: str = ""
    action_vi: str = ""
    action_en: str = ""

    @property
    def label(self) -> str:
        return tr(self.vi, self.en)

    @property
    def meaning(self) -> str:
        return tr(self.meaning_vi, self.meaning_en)

    @property
    def action(self) -> str:
        return tr(self.action_vi, self.action_en)


UNKNOWN = Level(
    UNKNOWN_CODE,
    UNKNOWN_VI,
    UNKNOWN_EN,
    "Thiếu dữ liệu cần để phân loại",
    "The data needed to classify is missing",
    "Bổ sung dữ liệu còn thiếu",
    "Fill in the missing data",
)


@dataclass(frozen=True)
class Param:
    """A tunable parameter: default, range and step (numbers) or choices (text)."""

    name: str
    default: float | int | str
    vi: str
    en: str
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple = ()
    kind: str = "number"  # number | integer | money | km | days | share | choice

    @property
    def label(self) -> str:
        return tr(self.vi, self.en)

    def check(self, scheme: str, value):
        if self.choices:
            if value not in self.choices:
                raise PhanloaiError(
                    f"Cách phân loại '{scheme}': tham số '{self.name}' = {value!r} không hợp lệ; chọn một trong {list(self.choices)}.",
                    f"Scheme '{scheme}': parameter '{self.name}' = {value!r} is not valid; choose one of {list(self.choices)}.",
                )
            return value
        integer = self.kind in ("integer", "days")
        ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(
            value, bool
        )
        if ok and not math.isfinite(float(value)):
            ok = False
        if ok and integer and float(value) != int(value):
            ok = False
        if not ok:
            want_vi, want_en = ("số nguyên", "an integer") if integer else ("một số", "a number")
            raise PhanloaiError(
                f"Cách phân loại '{scheme}': tham số '{self.name}' cần {want_vi}, nhận được {value!r}.",
                f"Scheme '{scheme}': parameter '{self.name}' must be {want_en}, got {value!r}.",
            )
        if not self.lo <= value <= self.hi:
            raise PhanloaiError(
                f"Cách phân loại '{scheme}': tham số '{self.name}' = {value} nằm ngoài khoảng [{self.lo}, {self.hi}].",
                f"Scheme '{scheme}': parameter '{self.name}' = {value} is outside the range [{self.lo}, {self.hi}].",
            )
        return int(value) if integer else float(value)

    def grid(self) -> list:
        """A few valid values across the range (for tests and widgets)."""
        if self.choices:
            return list(self.choices)
        values = {self.lo, self.hi, self.default, (self.lo + self.hi) / 2}
        if self.kind in ("integer", "days"):
            values = {int(round(v)) for v in values}
        return sorted(values)


@dataclass(frozen=True)
class Column:
    """A column a scheme reads: its kind decides type checks and how explanations show it."""

    name: str
    kind: str  # count | money | days | km | share | number | category | bool | date
    vi: str = ""
    en: str = ""
    unknown_if_missing: bool = True
    #: ``(parameter, value)``: the column is needed only when that parameter has that value.
    only_when: tuple[str, str] | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("count", "money", "days", "km", "share", "number")


@dataclass(frozen=True)
class Rule:
    """``level`` when ``when(table, params)`` holds (``None`` = otherwise). ``why_vi``/``why_en``
    are templates: ``{column}`` shows the row's value, ``{p_name}`` a parameter's value."""

    level: str
    when: Callable[[pd.DataFrame, dict], np.ndarray] | None
    why_vi: str
    why_en: str


# -- formatting of values in explanations ----------------------------------------------------------
def format_value(value, kind: str) -> str:
    """A value as a person reads it, in the current language."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return tr("(trống)", "(empty)")
    if kind == "money":
        return format_vnd(value) if tr("vi", "en") == "vi" else f"{round(float(value)):,} VND"
    if kind in ("count", "integer"):
        return format_number(float(value), 0)
    if kind == "days":
        return f"{format_number(float(value), 0)} {tr('ngày', 'days')}"
    if kind == "km":
        return f"{format_number(float(value), 1)} km"
    if kind == "share":
        return f"{format_number(float(value) * 100, 0)} %"
    if kind == "number":
        return format_number(float(value), 2)
    if kind == "bool":
        return tr("có", "yes") if bool(value) else tr("không", "no")
    if kind == "date":
        return format_date(value)
    return str(value)


def _missing_text(names: list[str], reasons: Mapping[str, tuple[str, str]]) -> str:
    """Why a row is unknown when values are missing: a column's own reason if declared, else its name."""
    plain = [n for n in names if n not in reasons]
    parts = [tr("thiếu giá trị: ", "missing value: ") + ", ".join(plain)] if plain else []
    parts += [tr(*reasons[n]) for n in names if n in reasons]
    return "; ".join(parts) + f" → {tr(UNKNOWN_VI, UNKNOWN_EN)}"


@dataclass
class Scheme:
    """A classification scheme: the declaration plus ``assign`` (codes per row)."""

    code: str
    title_vi: str
    title_en: str
    purpose_vi: str
    purpose_en: str
    levels: tuple[Level, ...]
    requires: tuple[Column, ...]
    source: tuple[str, ...]
    cases: tuple[str, ...]
    params: dict[str, Param] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    staged: bool = False  # levels are stages of a road (funnels make sense)
    level_sets: Callable[[dict], tuple[Level, ...]] | None = None
    table: str = "customers"  # which table of a case it classifies ("customers" or "contacts")
    exits: tuple[str, ...] = ()  # codes of levels that leave the road (a funnel's "lost")
    #: column → (vi, en): why a blank value there matters, said instead of "missing value: column"
    missing_reasons: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    # -- the declaration, read by widgets, reports and docs -----------------------------------------
    @property
    def title(self) -> str:
        return tr(self.title_vi, self.title_en)

    @property
    def purpose(self) -> str:
        return tr(self.purpose_vi, self.purpose_en)

    @property
    def article(self) -> str:
        return "; ".join(f"{a}: {tr(*ARTICLES[a])}" for a in self.source)

    def levels_for(self, params: Mapping | None = None) -> tuple[Level, ...]:
        """The ordered levels for these parameters, "Không xác định / Unknown" last."""
        p = self.check_params(params or {})
        base = self.level_sets(p) if self.level_sets else self.levels
        return (*base, UNKNOWN)

    def labels(self, params: Mapping | None = None) -> list[str]:
        return [lv.label for lv in self.levels_for(params)]

    def defaults(self) -> dict:
        return {k: v.default for k, v in self.params.items()}

    def level_table(self, params: Mapping | None = None) -> pd.DataFrame:
        """The label sheet: level, meaning and suggested action, in the current language."""
        levels = self.levels_for(params)
        return pd.DataFrame(
            {
                tr("cấp", "level"): [lv.label for lv in levels],
                tr("ý nghĩa", "meaning"): [lv.meaning for lv in levels],
                tr("hành động gợi ý", "suggested action"): [lv.action for lv in levels],
            }
        )

    def param_table(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    tr("tham số", "parameter"): p.name,
                    tr("ý nghĩa", "label"): p.label,
                    tr("mặc định", "default"): p.default,
                    tr("khoảng", "range"): list(p.choices) if p.choices else [p.lo, p.hi],
                    tr("bước", "step"): p.step,
                }
                for p in self.params.values()
            ]
        )

    # -- checks at the one door -----------------------------------------------------------------------
    def check_params(self, params: Mapping) -> dict:
        unknown = set(params) - set(self.params)
        if unknown:
            names = ", ".join(sorted(unknown))
            allowed = ", ".join(self.params)
            raise PhanloaiError(
                f"Cách phân loại '{self.code}' không có tham số: {names}. Tham số hợp lệ: {allowed or '(không có)'}.",
                f"Scheme '{self.code}' has no parameter: {names}. Valid parameters: {allowed or '(none)'}.",
            )
        merged = self.defaults() | dict(params)
        checked = {k: self.params[k].check(self.code, v) for k, v in merged.items()}
        self.check_param_relations(checked)
        return checked

    def check_param_relations(self, p: dict) -> None:
        """Hook for rules between parameters (edges that must increase…)."""

    def requires_for(self, p: Mapping) -> tuple[Column, ...]:
        """The columns needed with these (checked) parameters."""
        return tuple(
            c
            for c in self.requires
            if c.only_when is None or p.get(c.only_when[0]) == c.only_when[1]
        )

    def check_table(self, table: pd.DataFrame, p: Mapping | None = None) -> pd.DataFrame:
        """Check the columns this scheme needs; return the table ready for the rules (text
        holding numbers becomes numbers, in a copy — the caller's table is never changed)."""
        p = self.defaults() if p is None else p
        if not isinstance(table, pd.DataFrame):
            raise PhanloaiError(
                f"Cách phân loại '{self.code}' cần một bảng pandas DataFrame, nhận được {type(table).__name__}.",
                f"Scheme '{self.code}' needs a pandas DataFrame, got {type(table).__name__}.",
            )
        requires = self.requires_for(p)
        missing = [c.name for c in requires if c.name not in table.columns]
        if missing:
            raise PhanloaiError(
                f"Cách phân loại '{self.code}' cần cột: {', '.join(missing)} (bảng đang có: {', '.join(map(str, table.columns[:12]))}…).",
                f"Scheme '{self.code}' needs column(s): {', '.join(missing)} (the table has: {', '.join(map(str, table.columns[:12]))}…).",
            )
        prepared = None
        for col in requires:
            series = table[col.name]
            if col.numeric and not (
                pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
            ):
                coerced = (
                    pd.to_numeric(series, errors="coerce")
                    if not pd.api.types.is_bool_dtype(series)
                    else None
                )
                bad = series.notna() if coerced is None else coerced.isna() & series.notna()
                if bad.any():
                    rows = _rows(bad)
                    raise PhanloaiError(
                        f"Cách phân loại '{self.code}': cột '{col.name}' phải là số (kiểu hiện tại: {series.dtype}); dòng không phải số: {rows}.",
                        f"Scheme '{self.code}': column '{col.name}' must be numeric (current type: {series.dtype}); non-numeric rows: {rows}.",
                    )
                prepared = table.copy() if prepared is None else prepared
                prepared[col.name] = coerced.astype(float)
            if col.kind == "bool" and not pd.api.types.is_bool_dtype(series):
                # True/False, or 0/1 as spreadsheets export them
                bad = series.notna() & ~series.map(
                    lambda v: (
                        isinstance(v, bool | np.bool_)
                        or (isinstance(v, int | float | np.integer | np.floating) and v in (0, 1))
                    )
                )
                if bad.any():
                    rows = _rows(bad)
                    raise PhanloaiError(
                        f"Cách phân loại '{self.code}': cột '{col.name}' phải là đúng/sai (True/False); dòng sai kiểu: {rows}.",
                        f"Scheme '{self.code}': column '{col.name}' must be true/false; rows of the wrong type: {rows}.",
                    )
                prepared = table.copy() if prepared is None else prepared
                prepared[col.name] = series.map(lambda v: v if pd.isna(v) else bool(v)).astype(
                    "boolean"
                )
        return table if prepared is None else prepared

    # -- classification -------------------------------------------------------------------------------
    def missing_mask(self, table: pd.DataFrame, p: Mapping) -> np.ndarray:
        cols = [c.name for c in self.requires_for(p) if c.unknown_if_missing]
        if not cols:
            return np.zeros(len(table), dtype=bool)
        return table[cols].isna().any(axis=1).to_numpy()

    def assign(self, table: pd.DataFrame, p: dict) -> tuple[np.ndarray, np.ndarray]:
        """Level index per row (len(levels) = unknown) and which rule decided it (-1 = missing)."""
        missing = self.missing_mask(table, p)
        conditions = [missing]
        for rule in self.rules:
            if rule.when is None:
                conditions.append(np.ones(len(table), dtype=bool))
            else:
                conditions.append(np.asarray(rule.when(table, p), dtype=bool) & ~missing)
        rule_idx = np.select(conditions, np.arange(-1, len(self.rules)), default=-2)
        level_pos = {lv.code: i for i, lv in enumerate(self.levels_for(p)[:-1])}
        rule_level = np.array([level_pos[r.level] for r in self.rules] + [len(level_pos)])
        codes = rule_level[rule_idx]  # rule -1 (missing) picks the last entry: unknown
        return codes, rule_idx

    def fill(self, template: str, table: pd.DataFrame, rows: np.ndarray, p: Mapping) -> list[str]:
        """A reason template filled for some rows: ``{column}`` → the row's value, ``{p_name}`` →
        a parameter's value, each shown as a person reads it."""
        kinds = {c.name: c.kind for c in self.requires_for(p)}
        names = [n for n in kinds if "{" + n + "}" in template]
        values = {n: [format_value(v, kinds[n]) for v in table[n].iloc[rows]] for n in names}
        params = {
            f"p_{k}": str(v) if self.params[k].choices else format_value(v, self.params[k].kind)
            for k, v in p.items()
            if k in self.params
        }
        return [
            template.format(**params, **{n: values[n][j] for n in names}) for j in range(len(rows))
        ]

    def explain_rows(
        self, table: pd.DataFrame, p: dict, codes: np.ndarray, rule_idx: np.ndarray
    ) -> list[str]:
        levels = self.levels_for(p)
        out = np.empty(len(table), dtype=object)
        for r in np.unique(rule_idx):
            rows = np.flatnonzero(rule_idx == r)
            if r == -1:
                out[rows] = self._missing_reasons(table.iloc[rows], p)
                continue
            if r < 0:  # other negative indices belong to subclasses (guards)
                continue
            rule = self.rules[r]
            level = levels[int(codes[rows[0]])].label
            out[rows] = [
                f"{text} → {level}"
                for text in self.fill(tr(rule.why_vi, rule.why_en), table, rows, p)
            ]
        return list(out)

    def _missing_reasons(self, sub: pd.DataFrame, p: Mapping) -> list[str]:
        cols = [c.name for c in self.requires_for(p) if c.unknown_if_missing]
        isna = sub[cols].isna().to_numpy()
        return [
            _missing_text([c for c, m in zip(cols, row, strict=True) if m], self.missing_reasons)
            for row in isna
        ]


def _rows(bad: pd.Series, limit: int = 5) -> str:
    rows = list(bad.index[bad.to_numpy(dtype=bool)][:limit])
    return ", ".join(map(str, rows)) + (" …" if int(bad.sum()) > limit else "")


_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "_": " "})


def fold(text) -> str:
    """Text reduced for matching: no diacritics (đ → d), lower case, one dash style, single spaces.

    >>> fold("  Dầu khí &  Hoá chất ")
    'dau khi & hoa chat'
    >>> fold("10 – 20 triệu")
    '10-20 trieu'
    """
    s = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).translate(_DASHES).lower()
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\s*&\s*", " & ", s)
    return " ".join(s.split())


def factorize_folded(values: pd.Series) -> tuple[np.ndarray, list[str | None]]:
    """Each row's position among the distinct values (-1 = missing) and the :func:`fold`-ed text
    of each distinct value (None when blank). Work is done once per distinct value, not per row."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values)
    return np.asarray(codes), [fold(u) if str(u).strip() else None for u in uniques]


def lookup(
    values: pd.Series, mapping: Mapping[str, str], levels: tuple[Level, ...], fallback: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the level index of the value through ``mapping`` (folded text → level code;
    unmatched → ``fallback``, or unknown when None), whether it was a known name, and whether it
    was missing or blank (→ unknown)."""
    codes, folded = factorize_folded(values)
    pos = {lv.code: i for i, lv in enumerate(levels)}
    unknown = len(levels)
    unmatched = unknown if fallback is None else pos[fallback]
    level = [
        unknown if f is None else pos[mapping[f]] if f in mapping else unmatched for f in folded
    ]
    idx = np.where(codes < 0, len(folded), codes)  # the extra last entry stands for "missing"
    return (
        np.array([*level, unknown], dtype=np.int64)[idx],
        np.array([f in mapping for f in folded] + [False], dtype=bool)[idx],
        np.array([f is None for f in folded] + [True], dtype=bool)[idx],
    )


def synonyms(levels: tuple[Level, ...], extra: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded text → level code, from each level's own names and the extra synonyms; a text that
    would name two levels is a bug in the table and stops the import."""
    mapping: dict[str, str] = {}
    for lv in levels:
        for text in (lv.vi, lv.en, *extra.get(lv.code, ())):
            key = fold(text)
            assert mapping.get(key, lv.code) == lv.code, f"synonym {text!r} names two levels"
            mapping[key] = lv.code
    return mapping


@dataclass
class MapScheme(Scheme):
    """A scheme that reads one text column and maps its values to levels (with synonyms).

    Matching ignores case, spacing, dash style and diacritics (:func:`fold`); ``mapping`` keys
    must be folded — build them with :func:`synonyms`, which also adds each level's own names.
    ``note(value)`` may add a short remark to an explanation.

    With ``columns_by_param``, that parameter's value names the column to read, and
    ``mappings[column]`` / ``fallbacks[column]`` hold its synonyms and fallback level; the column
    must be declared in ``requires`` with ``only_when=(parameter, column)``."""

    column: str = ""
    mapping: Mapping[str, str] = field(default_factory=dict)
    fallback: str | None = None
    columns_by_param: str | None = None  # parameter that picks the column
    mappings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    fallbacks: Mapping[str, str | None] = field(default_factory=dict)

    note: Callable[[str], str] | None = None

    def column_for(self, p: dict) -> str:
        return p[self.columns_by_param] if self.columns_by_param else self.column

    def _map_for(self, p: dict) -> tuple[Mapping[str, str], str | None]:
        if self.columns_by_param:
            col = self.column_for(p)
            return self.mappings.get(col, self.mapping), self.fallbacks.get(col, self.fallback)
        return self.mapping, self.fallback

    def assign(self, table: pd.DataFrame, p: dict) -> tuple[np.ndarray, np.ndarray]:
        col = self.column_for(p)
        levels = self.levels_for(p)[:-1]
        mapping, fallback = self._map_for(p)
        codes, known, missing = lookup(table[col], mapping, levels, fallback)
        # rule index: -1 missing, 0 a known name, 1 unmatched → fallback level, 2 unmatched → unknown
        rule_idx = np.where(missing, -1, np.where(known, 0, 1 if fallback else 2))
        return codes, rule_idx

    def explain_rows(self, table, p, codes, rule_idx):
        col = self.column_for(p)
        column = next((c for c in self.requires_for(p) if c.name == col), None)
        name = tr(column.vi, column.en) if column is not None and column.vi else col
        labels = [lv.label for lv in self.levels_for(p)]
        values = table[col].astype("object").to_numpy()
        out = []
        for v, c, r in zip(values, codes, rule_idx, strict=True):
            if r == -1:
                out.append(_missing_text([col], self.missing_reasons))
            elif r == 0:
                extra = f" ({self.note(v)})" if self.note else ""
                out.append(f"{name} = '{v}'{extra} → {labels[c]}")
            else:
                why = tr("không khớp tên nào đã biết", "matches no known name")
                out.append(f"{name} = '{v}' {why} → {labels[c]}")
        return out


# ================================================================================================
# Guarded decision lists and schemes with a choice of parts (built on Scheme)
# ================================================================================================
@dataclass(frozen=True)
class Guard:
    """Rows where ``when(table, params)`` holds go to "Không xác định / Unknown"; ``why_vi`` /
    ``why_en`` are templates like a :class:`Rule`'s."""

    when: Callable[[pd.DataFrame, dict], np.ndarray]
    why_vi: str
    why_en: str


_GUARD0 = -10  # rule index of the first guard (-11 the second…); -1 stays "value missing"


@dataclass
class GuardedScheme(Scheme):
    """A decision list whose *guards* send impossible or not-yet-measurable rows to unknown with a
    reason of their own."""

    guards: tuple[Guard, ...] = ()

    def assign(self, table: pd.DataFrame, p: dict) -> tuple[np.ndarray, np.ndarray]:
        codes, rule_idx = super().assign(table, p)
        unknown = len(self.levels_for(p)) - 1
        free = rule_idx >= 0
        for g, guard in enumerate(self.guards):
            hit = np.asarray(guard.when(table, p), dtype=bool) & free
            codes = np.where(hit, unknown, codes)
            rule_idx = np.where(hit, _GUARD0 - g, rule_idx)
            free &= ~hit
        return codes, rule_idx

    def explain_rows(self, table, p, codes, rule_idx):
        out = super().explain_rows(table, p, codes, rule_idx)
        unknown = self.levels_for(p)[-1].label
        for g, guard in enumerate(self.guards):
            rows = np.flatnonzero(rule_idx == _GUARD0 - g)
            if len(rows):
                for row, text in zip(
                    rows, self.fill(tr(guard.why_vi, guard.why_en), table, rows, p), strict=True
                ):
                    out[row] = f"{text} → {unknown}"
        return out


@dataclass
class SwitchScheme(Scheme):
    """One scheme, several ways to read the customer: the choice parameter ``switch`` (``by``)
    picks a part — an unregistered scheme with its own column(s), levels and rules. Build it with
    :func:`switch_scheme`."""

    switch: str = "by"
    parts: Mapping[str, Scheme] = field(default_factory=dict)

    def part(self, p: Mapping) -> Scheme:
        return self.parts[p[self.switch]]

    def check_param_relations(self, p: dict) -> None:
        for part in self.parts.values():
            part.check_param_relations(p)

    def check_table(self, table: pd.DataFrame, p: Mapping | None = None) -> pd.DataFrame:
        p = self.defaults() if p is None else p
        if isinstance(table, pd.DataFrame):
            missing = [c.name for c in self.requires_for(p) if c.name not in table.columns]
            if missing:
                usable = [
                    k
                    for k, part in self.parts.items()
                    if all(c.name in table.columns for c in part.requires)
                ]
                names, have = ", ".join(missing), ", ".join(map(str, table.columns[:12]))
                hint_vi = (
                    f" Bảng này dùng được với {self.switch} = {', '.join(map(repr, usable))}."
                    if usable
                    else ""
                )
                hint_en = (
                    f" This table works with {self.switch} = {', '.join(map(repr, usable))}."
                    if usable
                    else ""
                )
                raise PhanloaiError(
                    f"Cách phân loại '{self.code}' với tham số {self.switch} = '{p[self.switch]}' cần cột: {names} "
                    f"(bảng đang có: {have}…).{hint_vi}",
                    f"Scheme '{self.code}' with parameter {self.switch} = '{p[self.switch]}' needs column(s): {names} "
                    f"(the table has: {have}…).{hint_en}",
                )
        return super().check_table(table, p)

    def assign(self, table, p):
        return self.part(p).assign(table, p)

    def explain_rows(self, table, p, codes, rule_idx):
        return self.part(p).explain_rows(table, p, codes, rule_idx)


def switch_scheme(
    *,
    code: str,
    title_vi: str,
    title_en: str,
    purpose_vi: str,
    purpose_en: str,
    by: Param,
    parts: Mapping[str, Scheme],
    params: Mapping[str, Param] | None = None,
    source: tuple[str, ...],
    cases: tuple[str, ...],
    table: str = "customers",
) -> SwitchScheme:
    """A :class:`SwitchScheme` whose parameter ``by`` (choices = the part names) picks a part.
    Each part's columns are required only for its own choice; every part shares all parameters."""
    assert tuple(by.choices) == tuple(parts), (
        f"{code}: the choices of '{by.name}' must name the parts"
    )
    all_params = {by.name: by, **(params or {})}
    requires = tuple(
        replace(c, only_when=(by.name, key)) for key, part in parts.items() for c in part.requires
    )
    for part in parts.values():
        part.code, part.params, part.cases, part.table = code, all_params, cases, table
    return SwitchScheme(
        code=code,
        title_vi=title_vi,
        title_en=title_en,
        purpose_vi=purpose_vi,
        purpose_en=purpose_en,
        levels=parts[by.default].levels,
        requires=requires,
        source=source,
        cases=cases,
        params=all_params,
        table=table,
        switch=by.name,
        parts=dict(parts),
        level_sets=lambda p: parts[p[by.name]].levels_for(p)[:-1],  # the chosen part's levels
    )


def scheme_part(cls=GuardedScheme, **kw) -> Scheme:
    """A part of a switch scheme (code, cases and parameters are filled in by :func:`switch_scheme`)."""
    kw.setdefault("purpose_vi", kw["title_vi"])
    kw.setdefault("purpose_en", kw["title_en"])
    return cls(code="", source=(), cases=(), **kw)


def negative_in(*columns: str) -> Callable[[pd.DataFrame, dict], np.ndarray]:
    return lambda t, p: np.logical_or.reduce([(t[c] < 0).to_numpy() for c in columns])
