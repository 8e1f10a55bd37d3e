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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, tr
from ..vn import format_date, format_vnd

UNKNOWN_CODE = "unknown"
UNKNOWN_VI = "Không xác định"
UNKNOWN_EN = "Unknown"

#: Source articles (shared/seeds), by number.
ARTICLES = {
    "000": ("Tại sao phải phân loại khách hàng? (DinMarketing)", "Why classify customers? (DinMarketing)"),
    "001": ("Phân loại khách hàng là gì? Lợi ích và cách phân loại (Vbee AI)", "What is customer segmentation? (Vbee AI)"),
    "002": ("Phân loại 10.000 khách hàng hỏi mua bu lông", "Segmenting 10,000 firms that asked for bolts"),
    "003": ("Chương 2: Phân loại khách hàng (sơ đồ Coggle)", "Chapter 2: Customer classification (Coggle map)"),
    "004": ("6 cấp độ khách hàng người kinh doanh phải biết", "The six customer levels every seller must know"),
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
    UNKNOWN_CODE, UNKNOWN_VI, UNKNOWN_EN,
    "Thiếu dữ liệu cần để phân loại", "The data needed to classify is missing",
    "Bổ sung dữ liệu còn thiếu", "Fill in the missing data",
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
        ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)
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
def _num(value: float, decimals: int = 1) -> str:
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:,.0f}"
    if tr("vi", "en") == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def format_value(value, kind: str) -> str:
    """A value as a person reads it, in the current language."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return tr("(trống)", "(empty)")
    if kind == "money":
        return format_vnd(value) if tr("vi", "en") == "vi" else f"{round(float(value)):,} VND"
    if kind in ("count", "integer"):
        return _num(float(value), 0)
    if kind == "days":
        return f"{_num(float(value), 0)} {tr('ngày', 'days')}"
    if kind == "km":
        return f"{_num(float(value), 1)} km"
    if kind == "share":
        return f"{_num(float(value) * 100, 0)} %"
    if kind == "number":
        return _num(float(value), 2)
    if kind == "bool":
        return tr("có", "yes") if bool(value) else tr("không", "no")
    if kind == "date":
        return format_date(value)
    return str(value)


def _format_series(values: pd.Series, kind: str) -> list[str]:
    return [format_value(v, kind) for v in values]


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
        return pd.DataFrame({
            tr("cấp", "level"): [lv.label for lv in levels],
            tr("ý nghĩa", "meaning"): [lv.meaning for lv in levels],
            tr("hành động gợi ý", "suggested action"): [lv.action for lv in levels],
        })

    def param_table(self) -> pd.DataFrame:
        return pd.DataFrame([
            {tr("tham số", "parameter"): p.name, tr("ý nghĩa", "label"): p.label, tr("mặc định", "default"): p.default,
             tr("khoảng", "range"): list(p.choices) if p.choices else [p.lo, p.hi], tr("bước", "step"): p.step}
            for p in self.params.values()
        ])

    # -- checks at the one door -----------------------------------------------------------------------
    def check_params(self, params: Mapping) -> dict:
        unknown = set(params) - set(self.params)
        if unknown:
            names = ", ".join(sorted(unknown))
            allowed = ", ".join(self.params) or tr("(không có)", "(none)")
            raise PhanloaiError(
                f"Cách phân loại '{self.code}' không có tham số: {names}. Tham số hợp lệ: {allowed}.",
                f"Scheme '{self.code}' has no parameter: {names}. Valid parameters: {allowed}.",
            )
        merged = self.defaults() | dict(params)
        checked = {k: self.params[k].check(self.code, v) for k, v in merged.items()}
        self.check_param_relations(checked)
        return checked

    def check_param_relations(self, p: dict) -> None:
        """Hook for rules between parameters (edges that must increase…)."""

    def requires_for(self, p: Mapping) -> tuple[Column, ...]:
        """The columns needed with these (checked) parameters."""
        return tuple(c for c in self.requires if c.only_when is None or p.get(c.only_when[0]) == c.only_when[1])

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
            if col.numeric and not (pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)):
                coerced = pd.to_numeric(series, errors="coerce") if not pd.api.types.is_bool_dtype(series) else None
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
                bad = series.notna() & ~series.map(lambda v: isinstance(v, bool | np.bool_))
                if bad.any():
                    rows = _rows(bad)
                    raise PhanloaiError(
                        f"Cách phân loại '{self.code}': cột '{col.name}' phải là đúng/sai (True/False); dòng sai kiểu: {rows}.",
                        f"Scheme '{self.code}': column '{col.name}' must be true/false; rows of the wrong type: {rows}.",
                    )
                prepared = table.copy() if prepared is None else prepared
                prepared[col.name] = series.astype("boolean")
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

    def explain_rows(self, table: pd.DataFrame, p: dict, codes: np.ndarray, rule_idx: np.ndarray) -> list[str]:
        levels = self.levels_for(p)
        kinds = {c.name: c.kind for c in self.requires_for(p)}
        out = np.empty(len(table), dtype=object)
        params = {f"p_{k}": format_value(v, self.params[k].kind) if not self.params[k].choices else str(v) for k, v in p.items()}
        for r in np.unique(rule_idx):
            rows = np.flatnonzero(rule_idx == r)
            if r < 0:
                out[rows] = self._missing_reasons(table.iloc[rows], p)
                continue
            rule = self.rules[r]
            template = tr(rule.why_vi, rule.why_en)
            names = [n for n in kinds if "{" + n + "}" in template]
            values = {n: _format_series(table[n].iloc[rows], kinds[n]) for n in names}
            level = levels[int(codes[rows[0]])].label
            for j, row in enumerate(rows):
                filled = template.format(**params, **{n: values[n][j] for n in names})
                out[row] = f"{filled} → {level}"
        return list(out)

    def _missing_reasons(self, sub: pd.DataFrame, p: Mapping) -> list[str]:
        cols = [c.name for c in self.requires_for(p) if c.unknown_if_missing]
        isna = sub[cols].isna().to_numpy()
        reasons = []
        for row in isna:
            names = ", ".join(c for c, m in zip(cols, row, strict=True) if m)
            reasons.append(tr(f"thiếu giá trị: {names} → {UNKNOWN_VI}", f"missing value: {names} → {UNKNOWN_EN}"))
        return reasons


def _rows(bad: pd.Series, limit: int = 5) -> str:
    rows = list(bad.index[bad.to_numpy(dtype=bool)][:limit])
    return ", ".join(map(str, rows)) + (" …" if int(bad.sum()) > limit else "")


def mapped_codes(values: pd.Series, mapping: Mapping[str, str], levels: Sequence[Level], fallback: str | None) -> np.ndarray:
    """Level index for each value via ``mapping`` (case- and space-insensitive); unmatched values
    get ``fallback`` (a level code) or unknown when ``fallback`` is None; missing values unknown."""
    pos = {lv.code: i for i, lv in enumerate(levels)}
    unknown = len(levels)
    norm = {_norm(k): pos[v] for k, v in mapping.items()}
    for lv in levels:  # a level's own names always map to it
        norm.setdefault(_norm(lv.vi), pos[lv.code])
        norm.setdefault(_norm(lv.en), pos[lv.code])
        norm.setdefault(_norm(lv.code), pos[lv.code])
    cats = pd.Series(pd.Categorical(values))
    cat_codes = cats.cat.codes.to_numpy()
    miss = pos[fallback] if fallback else unknown
    lookup = np.array([norm.get(_norm(str(c)), miss) for c in cats.cat.categories] + [unknown], dtype=np.int64)
    return lookup[np.where(cat_codes < 0, len(lookup) - 1, cat_codes)]


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


@dataclass
class MapScheme(Scheme):
    """A scheme that reads one text column and maps its values to levels (with synonyms).

    With ``columns_by_param``, that parameter's value names the column to read, and
    ``mappings[column]`` / ``fallbacks[column]`` hold its synonyms and fallback level; the column
    must be declared in ``requires`` with ``only_when=(parameter, column)``."""

    column: str = ""
    mapping: Mapping[str, str] = field(default_factory=dict)
    fallback: str | None = None
    columns_by_param: str | None = None  # parameter that picks the column
    mappings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    fallbacks: Mapping[str, str | None] = field(default_factory=dict)

    def column_for(self, p: dict) -> str:
        return p[self.columns_by_param] if self.columns_by_param else self.column

    def assign(self, table: pd.DataFrame, p: dict) -> tuple[np.ndarray, np.ndarray]:
        col = self.column_for(p)
        levels = self.levels_for(p)[:-1]
        mapping = self.mappings.get(col, self.mapping) if self.columns_by_param else self.mapping
        fallback = self.fallbacks.get(col, self.fallback) if self.columns_by_param else self.fallback
        codes = mapped_codes(table[col], mapping, levels, fallback)
        return codes, np.where(table[col].isna().to_numpy(), -1, 0)

    def explain_rows(self, table, p, codes, rule_idx):
        col = self.column_for(p)
        labels = np.array([lv.label for lv in self.levels_for(p)], dtype=object)
        values = table[col].astype("object").to_numpy()
        out = []
        for v, c in zip(values, codes, strict=True):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                out.append(tr(f"thiếu giá trị: {col} → {UNKNOWN_VI}", f"missing value: {col} → {UNKNOWN_EN}"))
            else:
                out.append(f"{col} = '{v}' → {labels[c]}")
        return out
