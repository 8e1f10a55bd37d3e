"""The declaration every classification scheme makes, and the machinery that enforces its contract.

A scheme is a pure function of a customer table and parameters that returns one ordered
categorical label per row, with a label sheet declared once beside it: title and purpose, ordered
levels (a stable code, Vietnamese and English name, meaning, suggested action), tunable parameters
(default, range, step, label, and which of them must increase), required columns, the cases it
applies to and the source article.

Most schemes are *decision lists*: ordered rules, the first that holds decides the level, and a
last "otherwise" rule catches everything else. That makes overlapping rules (two rules fighting
over a customer) and gaps (customers falling through to "Others") impossible by construction.
*Guards* come before the rules and send impossible rows (a negative distance) to the explicit
level "Không xác định / Unknown", as do rows missing a value the rules need.

Every way a row can get its level is a declared :class:`Reason` — each rule, each guard, the
missing-data path, and the own paths of schemes that are not decision lists (a text matched by a
synonym table, an RFM cell, the nearest cluster centre). ``assign`` returns, per row, the level
and the reason; :meth:`Scheme.explain_rows` turns the reason into words the same way for every
scheme.

Before any rule sees a table, :meth:`Scheme.prepare` takes it through the one door shared with
the reports and the feature builders (:mod:`.inputs`): nullable and Arrow numbers become NumPy
numbers, numbers written the Vietnamese way are read (``1.250.000 ₫``), a duplicated column, a
date where a number is declared or unreadable text is a bilingual error naming the column and the
rows, and a value no customer can have (a negative count, amount, number of days or distance; an
infinite value; a share above 100 %) makes that row "Không xác định / Unknown" with a reason
naming the column and the value — one rule for every scheme, whatever its ``assign``.

A declaration is checked when it is registered (:func:`~phanloai.schemes.registry.register`) and
by :func:`~phanloai.check_scheme`: a rule naming an unknown level, a parameter stored under
another name, two levels with one code… are bilingual :class:`~phanloai.PhanloaiError`, also under
``python -O``.
"""

from __future__ import annotations

import functools
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, tr
from ..vn import format_date, format_money, format_number
from .inputs import Prepared, Who
from .inputs import prepare as prepare_columns

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

#: Kinds of parameter a widget knows how to show.
PARAM_KINDS = ("number", "integer", "money", "km", "days", "share", "choice")
#: Kinds of column a scheme can read.
COLUMN_KINDS = ("count", "money", "days", "km", "share", "number", "category", "bool", "date")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


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
        """The level's name in the current language."""
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
    kind: str = "number"  # one of PARAM_KINDS
    #: choice → (vi, en): how a choice reads in a widget or the docs (the choice itself is a code)
    choice_labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: ``(parameter, choice)``: this parameter counts only when that choice parameter holds that
    #: choice (the persona's ages only with ``persona="fits"``); widgets hide it otherwise and
    #: the docs say so
    only_when: tuple[str, str] | None = None

    @property
    def label(self) -> str:
        return tr(self.vi, self.en)

    def choice_label(self, choice) -> str:
        """How a choice reads for people (its declared words, else the choice itself)."""
        words = self.choice_labels.get(choice)
        return tr(*words) if words else str(choice)

    @property
    def integer(self) -> bool:
        return self.kind in ("integer", "days")

    def check(self, scheme: str, value):
        """``value`` as this parameter holds it, or a bilingual error naming scheme and parameter."""
        if self.choices:
            if value not in self.choices:
                raise PhanloaiError(
                    f"Cách phân loại '{scheme}': tham số '{self.name}' = {value!r} không hợp lệ; chọn một trong {list(self.choices)}.",
                    f"Scheme '{scheme}': parameter '{self.name}' = {value!r} is not valid; choose one of {list(self.choices)}.",
                )
            return value
        ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(
            value, bool
        )
        if ok and not math.isfinite(float(value)):
            ok = False
        if ok and self.integer and float(value) != int(value):
            ok = False
        if not ok:
            want_vi, want_en = (
                ("số nguyên", "an integer") if self.integer else ("một số", "a number")
            )
            raise PhanloaiError(
                f"Cách phân loại '{scheme}': tham số '{self.name}' cần {want_vi}, nhận được {value!r}.",
                f"Scheme '{scheme}': parameter '{self.name}' must be {want_en}, got {value!r}.",
            )
        if not self.lo <= value <= self.hi:
            raise PhanloaiError(
                f"Cách phân loại '{scheme}': tham số '{self.name}' = {value} nằm ngoài khoảng [{self.lo}, {self.hi}].",
                f"Scheme '{scheme}': parameter '{self.name}' = {value} is outside the range [{self.lo}, {self.hi}].",
            )
        return int(value) if self.integer else float(value)

    def grid(self) -> list:
        """A few valid values across the range (for tests and widgets)."""
        if self.choices:
            return list(self.choices)
        values = {self.lo, self.hi, self.default, (self.lo + self.hi) / 2}
        if self.integer:
            values = {int(round(v)) for v in values}
        return sorted(values)

    def problems(self) -> list[tuple[str, str]]:
        """What is wrong with this declaration, as (vi, en) pairs."""
        out = []
        if self.kind not in PARAM_KINDS:
            out.append(
                (
                    f"tham số '{self.name}': kiểu '{self.kind}' không có (chọn {', '.join(PARAM_KINDS)})",
                    f"parameter '{self.name}': no kind '{self.kind}' (choose {', '.join(PARAM_KINDS)})",
                )
            )
        if not (self.vi and self.en):
            out.append(
                (
                    f"tham số '{self.name}' cần tên tiếng Việt và tiếng Anh",
                    f"parameter '{self.name}' needs a Vietnamese and an English label",
                )
            )
        if self.choices:
            if self.default not in self.choices:
                out.append(
                    (
                        f"tham số '{self.name}': mặc định {self.default!r} không nằm trong các lựa chọn",
                        f"parameter '{self.name}': the default {self.default!r} is not one of the choices",
                    )
                )
            bare = [c for c in self.choices if len(self.choice_labels.get(c) or ()) != 2]
            if bare:  # a widget or the docs would show the raw code
                out.append(
                    (
                        f"tham số '{self.name}': lựa chọn {bare} cần tên tiếng Việt và tiếng Anh (choice_labels)",
                        f"parameter '{self.name}': the choice(s) {bare} need Vietnamese and English words (choice_labels)",
                    )
                )
            return out
        numbers = (self.lo, self.hi, self.step)
        if any(not isinstance(v, int | float) or isinstance(v, bool) for v in numbers):
            out.append(
                (
                    f"tham số '{self.name}' cần khoảng (lo, hi) và bước (step) là số",
                    f"parameter '{self.name}' needs a numeric range (lo, hi) and step",
                )
            )
            return out
        if not (self.lo <= self.hi and self.step > 0):
            out.append(
                (
                    f"tham số '{self.name}': cần lo ≤ hi và bước > 0",
                    f"parameter '{self.name}': needs lo ≤ hi and a step > 0",
                )
            )
        try:
            self.check("?", self.default)
        except PhanloaiError:
            out.append(
                (
                    f"tham số '{self.name}': mặc định {self.default!r} không hợp lệ với khoảng và kiểu của nó",
                    f"parameter '{self.name}': the default {self.default!r} does not fit its range and kind",
                )
            )
        return out


@dataclass(frozen=True)
class Increasing:
    """Parameters that must increase in the order given (age edges, RFM cut points…), strictly
    unless ``strict=False``; with ``only_when=(parameter, value)`` only when that parameter has
    that value."""

    names: tuple[str, ...]
    only_when: tuple[str, str] | None = None
    strict: bool = True  # False: equal values are allowed (a ≤ b)

    def out_of_order(self, p: Mapping) -> tuple[str, str] | None:
        """The first two neighbours that do not increase with these values, or None."""
        if self.only_when is not None and p.get(self.only_when[0]) != self.only_when[1]:
            return None
        for a, b in zip(self.names, self.names[1:], strict=False):
            if not (p[a] < p[b] if self.strict else p[a] <= p[b]):
                return a, b
        return None

    def check(self, scheme: str, p: Mapping) -> None:
        if self.out_of_order(p) is None:
            return
        chain = (" < " if self.strict else " ≤ ").join(self.names)

        def shown(lang: str) -> str:
            return ", ".join(f"{n} = {format_number(p[n], 2, lang)}" for n in self.names)

        raise PhanloaiError(
            f"Cách phân loại '{scheme}': các tham số phải tăng dần ({chain}); đang là {shown('vi')}.",
            f"Scheme '{scheme}': the parameters must increase ({chain}); they are {shown('en')}.",
        )

    def words(self, params: Mapping[str, Param], p: Mapping) -> str | None:
        """For someone moving sliders: which two are out of order, by their labels and values
        (None when they are in order)."""
        pair = self.out_of_order(p)
        if pair is None:
            return None
        a, b = (params[n] for n in pair)
        va, vb = (format_value(p[n], params[n].kind) for n in pair)
        return tr(
            f"«{a.vi}» ({va}) phải {'nhỏ hơn' if self.strict else 'không lớn hơn'} «{b.vi}» "
            f"({vb}). Hãy kéo một trong hai thanh; biểu đồ sẽ hiện lại khi thứ tự đúng.",
            f"“{a.en}” ({va}) must be {'below' if self.strict else 'at most'} “{b.en}” ({vb}). "
            "Move one of the two sliders; the chart comes back when they are in order.",
        )


@dataclass(frozen=True)
class Column:
    """A column a scheme reads: its kind decides type checks and how explanations show it. The
    words a person reads for it come from the vocabulary (:mod:`phanloai.vocab`)."""

    name: str
    kind: str  # one of COLUMN_KINDS
    unknown_if_missing: bool = True
    #: ``(parameter, value)``: the column is needed only when that parameter has that value.
    only_when: tuple[str, str] | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("count", "money", "days", "km", "share", "number")

    @property
    def label(self) -> str:
        from ..vocab import term

        return term(self.name).short


@dataclass(frozen=True)
class Rule:
    """``level`` when ``when(table, params)`` holds (``None`` = otherwise). ``why_vi``/``why_en``
    are templates: ``{column}`` shows the row's value, ``{p_name}`` a parameter's value."""

    level: str
    when: Callable[[pd.DataFrame, dict], np.ndarray] | None
    why_vi: str
    why_en: str


@dataclass(frozen=True)
class Guard:
    """Rows where ``when(table, params)`` holds go to "Không xác định / Unknown" before any rule is
    tried; ``why_vi`` / ``why_en`` are templates like a :class:`Rule`'s."""

    when: Callable[[pd.DataFrame, dict], np.ndarray]
    why_vi: str
    why_en: str


#: ``render(scheme, table, rows, params, levels)`` → one text per row in ``rows`` (current
#: language); ``levels`` holds every row's level position, for reasons that need the whole result.
Render = Callable[["Scheme", pd.DataFrame, np.ndarray, Mapping, np.ndarray], list[str]]


@dataclass(frozen=True)
class Reason:
    """One declared way to reach a level: a template (``{column}``, ``{p_name}``, filled by
    :meth:`Scheme.fill`) or a ``render`` function for reasons a template cannot say."""

    key: str
    why_vi: str = ""
    why_en: str = ""
    render: Render | None = None

    def texts(
        self, scheme: Scheme, table: pd.DataFrame, rows: np.ndarray, p: Mapping, levels: np.ndarray
    ) -> list[str]:
        if self.render is not None:
            return list(self.render(scheme, table, rows, p, levels))
        return scheme.fill(tr(self.why_vi, self.why_en), table, rows, p)


# -- formatting of values in explanations ----------------------------------------------------------
def format_value(value, kind: str) -> str:
    """A value as a person reads it, in the current language."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return tr("(trống)", "(empty)")
    if kind in ("money", "count", "integer", "days", "number", "km", "share"):
        number = float(value)
        if not math.isfinite(number):
            return tr("vô cực", "infinity") if number > 0 else tr("âm vô cực", "minus infinity")
    if kind == "money":
        return format_money(value)
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


def missing_text(names: list[str], reasons: Mapping[str, tuple[str, str]] | None = None) -> str:
    """Why a row is unknown: the blank columns by their names for people (a column's own reason
    when the scheme declares one)."""
    from ..vocab import term

    reasons = reasons or {}
    plain = [term(n).short for n in names if n not in reasons]
    parts = [tr("thiếu giá trị: ", "missing value: ") + ", ".join(plain)] if plain else []
    parts += [tr(*reasons[n]) for n in names if n in reasons]
    return "; ".join(parts) or tr("thiếu dữ liệu", "missing data")


def _render_missing(
    scheme: Scheme, table: pd.DataFrame, rows: np.ndarray, p: Mapping, levels=None
) -> list[str]:
    """Which needed values are blank."""
    cols = [c.name for c in scheme.requires_for(p) if c.unknown_if_missing]
    isna = table[cols].iloc[rows].isna().to_numpy() if cols else np.zeros((len(rows), 0), bool)
    return [
        missing_text([c for c, m in zip(cols, row, strict=True) if m], scheme.missing_reasons)
        for row in isna
    ]


MISSING = Reason("missing", render=_render_missing)


def _problem(code: str, problems: list[tuple[str, str]]) -> PhanloaiError:
    return PhanloaiError(
        f"Khai báo cách phân loại '{code}' chưa đúng:\n- " + "\n- ".join(vi for vi, _ in problems),
        f"The declaration of scheme '{code}' is not right:\n- "
        + "\n- ".join(en for _, en in problems),
    )


@dataclass
class Scheme:
    """A classification scheme: the declaration plus ``assign`` (level and reason per row)."""

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
    guards: tuple[Guard, ...] = ()
    #: groups of parameters that must strictly increase (checked on every call)
    increasing: tuple[Increasing, ...] = ()
    staged: bool = False  # levels are stages of a road (funnels make sense)
    level_sets: Callable[[dict], tuple[Level, ...]] | None = None
    table: str = "customers"  # which table of a case it classifies ("customers" or "contacts")
    exits: tuple[str, ...] = ()  # codes of levels that leave the road (a funnel's "lost")
    #: column → (vi, en): why a blank value there matters, said instead of "missing value: column"
    missing_reasons: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: place in the catalogue (METHODS.md numbering); schemes without one come last
    number: int | None = None

    # -- the declaration, read by widgets, reports and docs -----------------------------------------
    @property
    def title(self) -> str:
        return tr(self.title_vi, self.title_en)

    @property
    def purpose(self) -> str:
        return tr(self.purpose_vi, self.purpose_en)

    @property
    def article(self) -> str:
        # an article by its number and title; standard practice (``std``) by its title alone
        return "; ".join(
            (f"{a}: {tr(*ARTICLES[a])}" if a.isdigit() else tr(*ARTICLES[a]))
            if a in ARTICLES
            else a
            for a in self.source
        )

    def levels_for(self, params: Mapping | None = None) -> tuple[Level, ...]:
        """The ordered levels for these parameters, "Không xác định / Unknown" last."""
        p = self.check_params(params or {})
        base = self.level_sets(p) if self.level_sets else self.levels
        return (*base, UNKNOWN)

    def codes(self, params: Mapping | None = None) -> list[str]:
        """The level codes in order (``"unknown"`` last): the categories of a classification."""
        return [lv.code for lv in self.levels_for(params)]

    def labels(self, params: Mapping | None = None) -> list[str]:
        """The level names in the current language, in order."""
        return [lv.label for lv in self.levels_for(params)]

    def defaults(self) -> dict:
        return {k: v.default for k, v in self.params.items()}

    def level_table(self, params: Mapping | None = None) -> pd.DataFrame:
        """The label sheet: code, level, meaning and suggested action (current language)."""
        levels = self.levels_for(params)
        return pd.DataFrame(
            {
                "code": [lv.code for lv in levels],
                "level": [lv.label for lv in levels],
                "meaning": [lv.meaning for lv in levels],
                "action": [lv.action for lv in levels],
            }
        )

    def param_table(self) -> pd.DataFrame:
        """The parameters: name, label, default, range or choices, step."""
        return pd.DataFrame(
            [
                {
                    "parameter": p.name,
                    "label": p.label,
                    "default": p.default,
                    "range": list(p.choices) if p.choices else [p.lo, p.hi],
                    "step": p.step,
                }
                for p in self.params.values()
            ],
            columns=["parameter", "label", "default", "range", "step"],
        )

    def reasons(self, p: Mapping) -> tuple[Reason, ...]:
        """Every way a row can get its level (``assign`` returns an index into this)."""
        return (
            MISSING,
            *(Reason(f"rule {i}: {r.level}", r.why_vi, r.why_en) for i, r in enumerate(self.rules)),
            *(Reason(f"guard {g}", gd.why_vi, gd.why_en) for g, gd in enumerate(self.guards)),
        )

    # -- the declaration checked -----------------------------------------------------------------------
    def problems(self) -> list[tuple[str, str]]:
        """Everything wrong with this declaration, as (vi, en) pairs (empty when it is whole)."""
        out: list[tuple[str, str]] = []
        if not isinstance(self.code, str) or not _CODE.match(self.code):
            out.append(
                (
                    f"mã {self.code!r} phải là chữ thường không dấu, số và '_' (ví dụ 'ladder')",
                    f"the code {self.code!r} must be lower-case ASCII letters, digits and '_' (e.g. 'ladder')",
                )
            )
        if not (self.title_vi and self.title_en and self.purpose_vi and self.purpose_en):
            out.append(
                (
                    "cần tên và mục đích bằng cả hai thứ tiếng",
                    "needs a title and a purpose in both languages",
                )
            )
        if not self.requires:
            out.append(
                (
                    "cần khai báo ít nhất một cột cần có (requires)",
                    "must declare at least one required column (requires)",
                )
            )
        for c in self.requires:
            if c.kind not in COLUMN_KINDS:
                out.append(
                    (
                        f"cột '{c.name}': kiểu '{c.kind}' không có (chọn {', '.join(COLUMN_KINDS)})",
                        f"column '{c.name}': no kind '{c.kind}' (choose {', '.join(COLUMN_KINDS)})",
                    )
                )
        wrong_source = [a for a in self.source if a not in ARTICLES]
        if not self.source or wrong_source:
            out.append(
                (
                    f"nguồn phải là bài {', '.join(ARTICLES)}; nhận được {list(self.source)}",
                    f"the source must name articles {', '.join(ARTICLES)}; got {list(self.source)}",
                )
            )
        from ..case import CASES

        wrong_cases = [c for c in self.cases if c not in (*CASES, "own")]
        if not self.cases or wrong_cases:
            out.append(
                (
                    f"tình huống (cases) phải là {', '.join(CASES)} hoặc 'own' (dữ liệu của bạn); nhận được {list(self.cases)}",
                    f"cases must be {', '.join(CASES)} or 'own' (your data); got {list(self.cases)}",
                )
            )
        if self.table not in ("customers", "contacts"):
            out.append(
                (
                    f"bảng (table) phải là 'customers' hoặc 'contacts', không phải {self.table!r}",
                    f"table must be 'customers' or 'contacts', not {self.table!r}",
                )
            )
        columns = {c.name for c in self.requires}
        for what, items in (("rule", self.rules), ("guard", self.guards)):
            for i, item in enumerate(items):
                for template in (item.why_vi, item.why_en):
                    for name in re.findall(r"\{(\w+)\}", template):
                        if name not in columns and not (
                            name.startswith("p_") and name[2:] in self.params
                        ):
                            out.append(
                                (
                                    f"lời giải thích của {what} {i} nhắc tới {{{name}}}: không phải cột trong requires, "
                                    "cũng không phải p_<tham số>",
                                    f"the explanation of {what} {i} names {{{name}}}: neither a column in requires "
                                    "nor p_<parameter>",
                                )
                            )
        for key, param in self.params.items():
            if key != param.name:
                out.append(
                    (
                        f"tham số lưu dưới khoá '{key}' nhưng tên là '{param.name}'",
                        f"the parameter stored under '{key}' is named '{param.name}'",
                    )
                )
            out += param.problems()
            if param.only_when is not None:
                key, value = param.only_when
                other = self.params.get(key)
                names = list(self.params)
                if other is None or key == param.name or value not in other.choices:
                    out.append(
                        (
                            f"tham số '{param.name}' chỉ dùng khi {key} = {value!r}, nhưng không có lựa chọn đó",
                            f"parameter '{param.name}' counts only when {key} = {value!r}, but there is no such choice",
                        )
                    )
                elif names.index(key) > names.index(param.name):  # widgets say "chosen above"
                    out.append(
                        (
                            f"tham số '{key}' phải được khai báo trước '{param.name}', tham số phụ thuộc vào nó",
                            f"parameter '{key}' must be declared before '{param.name}', which depends on it",
                        )
                    )
        for inc in self.increasing:
            unknown = [n for n in inc.names if n not in self.params]
            if unknown or len(inc.names) < 2:
                out.append(
                    (
                        f"increasing nhắc tới tham số không có: {unknown or list(inc.names)}",
                        f"increasing names parameters that do not exist: {unknown or list(inc.names)}",
                    )
                )
                continue
            choices = [n for n in inc.names if self.params[n].choices]
            if choices:  # an order between texts would never be checked as meant
                out.append(
                    (
                        f"increasing nhắc tới tham số lựa chọn (không phải số): {choices}",
                        f"increasing names choice parameters (not numbers): {choices}",
                    )
                )
            if inc.only_when is not None:
                key, value = inc.only_when
                param = self.params.get(key)
                if param is None or value not in param.choices:
                    out.append(
                        (
                            f"increasing chỉ áp dụng khi {key} = {value!r}, nhưng không có lựa chọn đó",
                            f"increasing applies only when {key} = {value!r}, but there is no such choice",
                        )
                    )
        if self.rules:
            if self.rules[-1].when is not None:
                out.append(
                    (
                        "quy tắc cuối cùng phải là 'còn lại' (when=None)",
                        "the last rule must be 'otherwise' (when=None)",
                    )
                )
            if any(r.when is None for r in self.rules[:-1]):
                out.append(
                    ("chỉ quy tắc cuối được là 'còn lại'", "only the last rule may be 'otherwise'")
                )
        try:
            out += self._level_problems()
        except Exception as exc:  # a declaration broken enough that its levels cannot be built
            out.append((f"không dựng được các cấp: {exc}", f"the levels cannot be built: {exc}"))
        return list(dict.fromkeys(out))  # each problem once

    def _level_problems(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        try:
            variants = [self.levels_for(v) for v in self._level_variants()]
        except PhanloaiError as exc:
            return [
                (
                    f"tham số mặc định không hợp lệ: {exc.vi}",
                    f"the default parameters are not valid: {exc.en}",
                )
            ]
        for levels in variants:
            known = levels[:-1]
            codes = [lv.code for lv in known]
            dup = sorted({c for c in codes if codes.count(c) > 1})
            if dup:
                out.append((f"mã cấp bị trùng: {dup}", f"duplicate level codes: {dup}"))
            bad = [
                c
                for c in codes
                if not isinstance(c, str) or not _CODE.match(c) or c == UNKNOWN_CODE
            ]
            if bad:
                out.append(
                    (
                        f"mã cấp không hợp lệ (chữ thường không dấu, số, '_'; không dùng 'unknown'): {bad}",
                        f"level codes not valid (lower-case ASCII, digits, '_'; not 'unknown'): {bad}",
                    )
                )
            # names read back by as_labels and typed by students: no two levels may share one,
            # in either language, with or without diacritics
            owner: dict[str, str] = {}
            for lv in levels:
                for name in {fold(lv.vi), fold(lv.en)}:
                    if owner.setdefault(name, lv.code) != lv.code:
                        out.append(
                            (
                                f"hai cấp cùng một tên '{name}': {owner[name]}, {lv.code}",
                                f"two levels share the name '{name}': {owner[name]}, {lv.code}",
                            )
                        )
            empty = [
                lv.code
                for lv in known
                if not (
                    lv.vi
                    and lv.en
                    and lv.meaning_vi
                    and lv.meaning_en
                    and lv.action_vi
                    and lv.action_en
                )
            ]
            if empty:
                out.append(
                    (
                        f"mỗi cấp cần tên, ý nghĩa và hành động gợi ý bằng hai thứ tiếng; thiếu ở: {empty}",
                        f"every level needs names, meaning and a suggested action in both languages; missing for: {empty}",
                    )
                )
            # a rule's level may belong to some parameter sets only (``level_sets``)
            every = {lv.code for v in variants for lv in v[:-1]}
            wrong = sorted({r.level for r in self.rules} - every)
            if wrong and levels is variants[0]:
                out.append(
                    (
                        f"quy tắc nhắc tới cấp chưa khai báo: {wrong}",
                        f"a rule names a level that is not declared: {wrong}",
                    )
                )
            wrong = sorted(set(self.exits) - set(codes))
            if wrong:
                out.append(
                    (
                        f"exits nhắc tới cấp chưa khai báo: {wrong}",
                        f"exits names a level that is not declared: {wrong}",
                    )
                )
        names = {c.name for c in self.requires}
        wrong = sorted(set(self.missing_reasons) - names)
        if wrong:
            out.append(
                (
                    f"missing_reasons nhắc tới cột không có trong requires: {wrong}",
                    f"missing_reasons names columns not in requires: {wrong}",
                )
            )
        return out

    def _level_variants(self) -> list[dict]:
        """Parameter sets whose levels differ: the defaults and each value of a choice parameter."""
        variants = [{}]
        if self.level_sets:
            variants += [{p.name: v} for p in self.params.values() if p.choices for v in p.choices]
        return variants

    def validate(self) -> Scheme:
        """Raise a bilingual :class:`~phanloai.PhanloaiError` listing every problem of the declaration."""
        problems = self.problems()
        if problems:
            raise _problem(self.code, problems)
        return self

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
        for inc in self.increasing:
            inc.check(self.code, checked)
        return checked

    def requires_for(self, p: Mapping) -> tuple[Column, ...]:
        """The columns needed with these (checked) parameters."""
        return tuple(
            c
            for c in self.requires
            if c.only_when is None or p.get(c.only_when[0]) == c.only_when[1]
        )

    def prepare(
        self, table: pd.DataFrame, p: Mapping | None = None, func: str | None = None
    ) -> Prepared:
        """The one door (:mod:`.inputs`): check the table and clean the columns this scheme needs.

        Returns the table ready for the rules (a copy when anything changed — the caller's table
        never is: nullable and Arrow numbers and numbers written as text become NumPy numbers,
        true/false columns the ``boolean`` dtype) and the rows holding impossible values (blanked
        in the copy, sent to "Không xác định / Unknown" by :func:`~phanloai.classify`). A missing
        or duplicated column, a date where a number is declared, text that is not a number are
        bilingual errors naming ``func``, the column and the rows."""
        p = self.defaults() if p is None else p
        who = Who.scheme(self.code, func)
        if not isinstance(table, pd.DataFrame):
            raise PhanloaiError(
                f"{who.vi} cần một bảng pandas DataFrame, nhận được {type(table).__name__}.",
                f"{who.en} needs a pandas DataFrame, got {type(table).__name__}.",
            )
        requires = self.requires_for(p)
        missing = [c.name for c in requires if c.name not in table.columns]
        if missing:
            raise self.missing_columns(table, p, missing, who)
        return prepare_columns(table, requires, who)

    def missing_columns(
        self, table: pd.DataFrame, p: Mapping, missing: list[str], who: Who
    ) -> PhanloaiError:
        """The error for a table without some needed columns."""
        have = ", ".join(map(str, table.columns[:12]))
        return PhanloaiError(
            f"{who.vi} cần cột: {', '.join(missing)} (bảng đang có: {have}…).",
            f"{who.en} needs column(s): {', '.join(missing)} (the table has: {have}…).",
        )

    def check_table(self, table: pd.DataFrame, p: Mapping | None = None) -> pd.DataFrame:
        """The table ready for the rules (:meth:`prepare`'s table: impossible values blank). A
        scheme may extend it with checks of its own; :func:`~phanloai.classify` then runs them on
        the cleaned table."""
        return self.prepare(table, p).table

    # -- classification -------------------------------------------------------------------------------
    def missing_mask(self, table: pd.DataFrame, p: Mapping) -> np.ndarray:
        cols = [c.name for c in self.requires_for(p) if c.unknown_if_missing]
        if not cols:
            return np.zeros(len(table), dtype=bool)
        return table[cols].isna().any(axis=1).to_numpy()

    def assign(self, table: pd.DataFrame, p: dict) -> tuple[np.ndarray, np.ndarray]:
        """Per row: the level's position in :meth:`levels_for` (the last = unknown) and the
        position of the reason in :meth:`reasons` — missing values, then guards, then the rules."""
        n = len(table)
        missing = self.missing_mask(table, p)
        n_rules = len(self.rules)
        conditions, reason = [missing], [0]
        for g, guard in enumerate(self.guards):
            conditions.append(np.asarray(guard.when(table, p), dtype=bool) & ~missing)
            reason.append(1 + n_rules + g)
        for i, rule in enumerate(self.rules):
            holds = (
                np.ones(n, dtype=bool)
                if rule.when is None
                else np.asarray(rule.when(table, p), dtype=bool)
            )
            conditions.append(holds & ~missing)
            reason.append(1 + i)
        reason_idx = np.select(conditions, reason, default=0) if n else np.zeros(0, dtype=np.int64)
        level_pos = {lv.code: i for i, lv in enumerate(self.levels_for(p)[:-1])}
        unknown = len(level_pos)
        reason_level = np.array(
            # a rule whose level this parameter set leaves out (see ``level_sets``) never holds
            [unknown]
            + [level_pos.get(r.level, unknown) for r in self.rules]
            + [unknown] * len(self.guards),
            dtype=np.int64,
        )
        return reason_level[reason_idx], np.asarray(reason_idx, dtype=np.int64)

    def fill(self, template: str, table: pd.DataFrame, rows: np.ndarray, p: Mapping) -> list[str]:
        """A reason template filled for some rows: ``{column}`` → the row's value, ``{p_name}`` →
        a parameter's value, each shown as a person reads it."""
        kinds = {c.name: c.kind for c in self.requires_for(p)}
        names = [n for n in kinds if "{" + n + "}" in template]
        values = {n: [format_value(v, kinds[n]) for v in table[n].iloc[rows]] for n in names}
        params = self.param_texts(p)
        return [
            template.format(**params, **{n: values[n][j] for n in names}) for j in range(len(rows))
        ]

    def param_texts(self, p: Mapping) -> dict[str, str]:
        """``{p_name}`` → the parameter's value as a person reads it (for reason templates)."""
        return {
            f"p_{k}": self.params[k].choice_label(v)
            if self.params[k].choices
            else format_value(v, self.params[k].kind)
            for k, v in p.items()
            if k in self.params
        }

    def explain_rows(
        self, table: pd.DataFrame, p: dict, codes: np.ndarray, reason_idx: np.ndarray
    ) -> list[str]:
        """Per row: the declared reason in words, then ``→`` and the level's name."""
        levels = self.levels_for(p)
        reasons = self.reasons(p)
        out = np.empty(len(table), dtype=object)
        for r in np.unique(reason_idx):
            rows = np.flatnonzero(reason_idx == r)
            texts = reasons[int(r)].texts(self, table, rows, p, codes)
            out[rows] = [
                f"{t} → {levels[int(codes[i])].label}" for t, i in zip(texts, rows, strict=True)
            ]
        return list(out)


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
    """Folded text → level code, from each level's own names and the extra synonyms. A text that
    would name two levels, or synonyms for a level that does not exist, stop the declaration."""
    mapping: dict[str, str] = {}
    codes = {lv.code for lv in levels}
    wrong = sorted(set(extra) - codes)
    if wrong:
        raise PhanloaiError(
            f"Bảng từ đồng nghĩa nhắc tới cấp không có: {wrong}.",
            f"The synonym table names levels that do not exist: {wrong}.",
        )
    texts = [(text, lv.code) for lv in levels for text in (lv.vi, lv.en, *extra.get(lv.code, ()))]
    for text, code in texts:
        key = fold(text)
        if mapping.get(key, code) != code:
            raise PhanloaiError(
                f"Từ đồng nghĩa {text!r} chỉ hai cấp: '{mapping[key]}' và '{code}'.",
                f"The synonym {text!r} names two levels: '{mapping[key]}' and '{code}'.",
            )
        mapping[key] = code
    return mapping


def _column_name(scheme: Scheme, col: str, p: Mapping) -> str:
    column = next((c for c in scheme.requires_for(p) if c.name == col), None)
    return column.label if column is not None else col


def _render_value(
    note_for: Callable[[Scheme], Callable[[str], str] | None], suffix: tuple[str, str] | None
):
    """A reason that shows the text the row holds (``Nguồn = 'Zalo OA'``), with the scheme's note
    about it, or ``suffix`` ("matches no known name")."""

    def render(
        scheme: Scheme, table: pd.DataFrame, rows: np.ndarray, p: Mapping, levels=None
    ) -> list[str]:
        col = scheme.column_for(p)
        name = _column_name(scheme, col, p)
        values = table[col].astype("object").to_numpy()[rows]
        note = note_for(scheme)
        out = []
        for v in values:
            text = f"{name} = '{v}'"
            if suffix is not None:
                text += " " + tr(*suffix)
            elif note is not None:
                text += f" ({note(v)})"
            out.append(text)
        return out

    return render


_NO_MATCH = ("không khớp tên nào đã biết", "matches no known name")
_MAP_REASONS = (
    MISSING,
    Reason("known name", render=_render_value(lambda s: s.note, None)),
    Reason("no match → fallback", render=_render_value(lambda s: None, _NO_MATCH)),
    Reason("no match → unknown", render=_render_value(lambda s: None, _NO_MATCH)),
)


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

    def reasons(self, p: Mapping) -> tuple[Reason, ...]:
        return _MAP_REASONS

    def problems(self) -> list[tuple[str, str]]:
        out = super().problems()
        codes = {lv.code for lv in self.levels}
        for mapping, fallback in [
            (self.mapping, self.fallback),
            *zip(self.mappings.values(), self.fallbacks.values(), strict=False),
        ]:
            wrong = sorted(set(mapping.values()) - codes)
            if wrong:
                out.append(
                    (
                        f"bảng tên nhắc tới cấp không có: {wrong}",
                        f"the name table points at levels that do not exist: {wrong}",
                    )
                )
            if fallback is not None and fallback not in codes:
                out.append(
                    (
                        f"cấp dự phòng '{fallback}' không có",
                        f"the fallback level '{fallback}' does not exist",
                    )
                )
        return out

    def assign(self, table: pd.DataFrame, p: dict) -> tuple[np.ndarray, np.ndarray]:
        col = self.column_for(p)
        levels = self.levels_for(p)[:-1]
        mapping, fallback = self._map_for(p)
        codes, known, missing = lookup(table[col], mapping, levels, fallback)
        # reasons: 0 missing, 1 a known name, 2 unmatched → fallback level, 3 unmatched → unknown
        reason_idx = np.where(missing, 0, np.where(known, 1, 2 if fallback else 3))
        return codes, reason_idx.astype(np.int64)


# ================================================================================================
# Schemes with a choice of parts (built on Scheme)
# ================================================================================================
@dataclass
class SwitchScheme(Scheme):
    """One scheme, several ways to read the customer: the choice parameter ``switch`` (``by``)
    picks a part — an unregistered scheme with its own column(s), levels and rules. Build it with
    :func:`switch_scheme`."""

    switch: str = "by"
    parts: Mapping[str, Scheme] = field(default_factory=dict)

    def part(self, p: Mapping) -> Scheme:
        return self.parts[p[self.switch]]

    def reasons(self, p: Mapping) -> tuple[Reason, ...]:
        return self.part(p).reasons(p)

    def problems(self) -> list[tuple[str, str]]:
        out = super().problems()
        for key, part in self.parts.items():
            out += [(f"phần '{key}': {vi}", f"part '{key}': {en}") for vi, en in part.problems()]
        return out

    def missing_columns(
        self, table: pd.DataFrame, p: Mapping, missing: list[str], who: Who
    ) -> PhanloaiError:
        usable = [
            k
            for k, part in self.parts.items()
            if all(c.name in table.columns for c in part.requires)
        ]
        names, have = ", ".join(missing), ", ".join(map(str, table.columns[:12]))
        choices = ", ".join(map(repr, usable))
        hint_vi = f" Bảng này dùng được với {self.switch} = {choices}." if usable else ""
        hint_en = f" This table works with {self.switch} = {choices}." if usable else ""
        return PhanloaiError(
            f"{who.vi} với tham số {self.switch} = '{p[self.switch]}' cần cột: {names} "
            f"(bảng đang có: {have}…).{hint_vi}",
            f"{who.en} with parameter {self.switch} = '{p[self.switch]}' needs column(s): {names} "
            f"(the table has: {have}…).{hint_en}",
        )

    def assign(self, table, p):
        return self.part(p).assign(table, p)

    def explain_rows(self, table, p, codes, reason_idx):
        return self.part(p).explain_rows(table, p, codes, reason_idx)


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
    number: int | None = None,
) -> SwitchScheme:
    """A :class:`SwitchScheme` whose parameter ``by`` (choices = the part names) picks a part.
    Each part's columns are required only for its own choice; every part shares all parameters.
    The parts passed in are not changed: the scheme holds copies that know its code."""
    if tuple(by.choices) != tuple(parts):
        raise PhanloaiError(
            f"Khai báo '{code}': các lựa chọn của '{by.name}' ({list(by.choices)}) phải đúng tên các phần ({list(parts)}).",
            f"Declaration of '{code}': the choices of '{by.name}' ({list(by.choices)}) must name the parts ({list(parts)}).",
        )
    all_params = {by.name: by, **(params or {})}
    own = {
        key: replace(part, code=code, params=all_params, cases=cases, table=table, source=source)
        for key, part in parts.items()
    }
    requires = tuple(
        replace(c, only_when=(by.name, key)) for key, part in own.items() for c in part.requires
    )
    increasing = tuple(
        replace(inc, only_when=inc.only_when or (by.name, key))
        for key, part in own.items()
        for inc in part.increasing
    )
    return SwitchScheme(
        code=code,
        title_vi=title_vi,
        title_en=title_en,
        purpose_vi=purpose_vi,
        purpose_en=purpose_en,
        levels=own[by.default].levels,
        requires=requires,
        source=source,
        cases=cases,
        params=all_params,
        increasing=increasing,
        table=table,
        number=number,
        switch=by.name,
        parts=own,
        level_sets=lambda p: own[p[by.name]].levels_for(p)[:-1],  # the chosen part's levels
    )


def scheme_part(cls=Scheme, **kw) -> Scheme:
    """A part of a switch scheme (code, cases and parameters are filled in by :func:`switch_scheme`)."""
    kw.setdefault("purpose_vi", kw["title_vi"])
    kw.setdefault("purpose_en", kw["title_en"])
    return cls(code="part", source=("std",), cases=("own",), **kw)


def negative_in(*columns: str) -> Callable[[pd.DataFrame, dict], np.ndarray]:
    """A guard condition: any of ``columns`` below zero (written with ``<`` and ``|`` only, so
    it reads the same on a pandas table and in a database: :mod:`phanloai.sql`)."""
    return lambda t, p: functools.reduce(operator.or_, [t[c] < 0 for c in columns])


def lower_text(column):
    """The column's values as trimmed lower-case text (a blank stays blank), on a pandas column
    or a database one (:class:`phanloai.sql.Value`): for rules that compare words."""
    if isinstance(column, pd.Series):
        return column.astype("object").map(
            lambda v: (
                v if v is None or (isinstance(v, float) and v != v) else str(v).strip().lower()
            )
        )
    return column.lower_text()
