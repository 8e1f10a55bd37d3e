"""Classify where the data lives: a scheme run by a database through `ibis <https://ibis-project.org>`_.

``phanloai.classify(table, scheme, **params)`` takes an ibis table (DuckDB by default, or any
engine ibis supports: PostgreSQL, BigQuery, Snowflake, Spark SQL, Trino…) as well as a pandas
table. On an ibis table the result is a column expression of level codes that the engine
computes when asked (``.to_pandas()``, ``.execute()``, or as part of a larger query:
``t.mutate(level=phanloai.classify(t, "service_level"))``). A few lookups run while the
expression is built: the distinct names of a text column a scheme matches (source, region,
gender…), the distinct values of a true/false column and, for the clusters, the complete rows
the centres are fitted on (see below), so they are as of that moment — build the expression
again after the table has changed.
:func:`to_sql` prints a scheme as one SQL query a data team can read and run in its warehouse.

One declaration, two engines: a rule is written once, with comparisons, ``&``, ``|``, ``~``,
arithmetic and ``isin`` on ``t["column"]``. On a pandas table those are pandas operations; here
each column is a :class:`Value`, which builds the same operations as SQL and compares the way
pandas does — a comparison with a blank value is false (``!=``: true), never NULL, so ``~`` and
``|`` give the same rows on both engines. The door for frames has a database twin: numbers
that no customer can have (negative counts or money, infinities, shares above 1) are treated as
blank and the row is Unknown; NaN counts as blank.

What runs here (checked row by row against pandas on the three worlds): the rule-based schemes,
the name-matching ones (the distinct names are read from the database once and matched in
Python, ignoring case and diacritics as the pandas path does; the SQL then lists them) and the
schemes with a choice of parts whose chosen part is one of these (the region part of
``geographic`` too), RFM (scores by ``RANK()``, ties as in pandas) and the k-means clusters
(centres fitted in Python on the complete rows read from the database — a sample beyond
:data:`CLUSTER_FIT_ROWS` — then every row to its nearest centre inside the engine). A scheme of
one's own whose rules use pandas-only operations says so in both languages (:class:`NotInDatabase`).

The per-customer features and the segment profile take a database table as well, through the
same names (``phanloai.order_features``, ``event_features``, ``journey_features``,
``phanloai.profile``): :func:`order_features`, :func:`event_features` and
:func:`journey_features` here are ``GROUP BY`` queries the engine runs when asked (given the
table of customers, they first check at once that every line's customer is in it), and
:func:`profile` sums each level in the engine and brings back only those few rows — the numbers
of the pandas path (dates stored with a time zone are read as Vietnam time, as pandas reads
them; dates stored as text are refused: read them through the door for files). :func:`explain`
has the engine write each row's reason, word for word the pandas text (the numbers rounded and
written as Python writes them: :mod:`phanloai.sql_words`).
"""

from __future__ import annotations

import functools
import math
import operator
import weakref
from collections.abc import Mapping

from ._i18n import PhanloaiError, get_language, tr
from .features import VIETNAM_TZ, check_point
from .schemes.base import MapScheme, Scheme, SwitchScheme, factorize_folded
from .schemes.inputs import NON_NEGATIVE, NUMBER_KINDS
from .sql_words import LARGEST as _LARGEST
from .sql_words import half_even

__all__ = [
    "NotInDatabase",
    "Value",
    "add_features",
    "classify",
    "connect",
    "distance_km",
    "is_table",
    "level_expression",
    "event_features",
    "explain",
    "journey_features",
    "order_features",
    "profile",
    "runs_in_database",
    "to_sql",
]

#: the SQL dialects :func:`to_sql` is tested with (others ibis can compile to work too)
DIALECTS = ("duckdb", "postgres", "bigquery", "spark", "snowflake", "trino")
#: dialect names as sqlglot knows them → the ibis compiler that writes them
_IBIS_DIALECT = {"spark": "databricks", "spark2": "databricks"}


#: DuckDB's memory before it works through temporary files on disk (the default here and on the
#: command line; DuckDB's own default is most of the machine's memory)
MEMORY_LIMIT = "2GB"


def connect(path: str = ":memory:", memory_limit: str | None = MEMORY_LIMIT):
    """A DuckDB connection through ibis (a database inside this program, no server; ``path``: a
    database file to keep, or memory), with DuckDB's progress bar off — in a notebook it would
    print a bar under every query. ``memory_limit``: how much memory DuckDB may use before it
    works through temporary files on disk (None: DuckDB's default, most of the machine's)."""
    import re

    import ibis

    if memory_limit is not None and not re.fullmatch(
        r"\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*", str(memory_limit), re.IGNORECASE
    ):
        raise PhanloaiError(
            f"Giới hạn bộ nhớ '{memory_limit}' không đọc được: hãy ghi một số và đơn vị, ví dụ "
            "2GB, 500MB.",
            f"The memory limit '{memory_limit}' cannot be read: write a number and a unit, e.g. "
            "2GB, 500MB.",
        )
    con = ibis.duckdb.connect(path)
    con.raw_sql("SET enable_progress_bar = false")
    if memory_limit is not None:
        con.raw_sql(f"SET memory_limit = '{str(memory_limit).strip()}'")
    return con


def is_table(obj) -> bool:
    """True for an ibis table expression (without importing ibis for a pandas table)."""
    if not type(obj).__module__.startswith("ibis"):
        return False
    import ibis.expr.types as ir

    return isinstance(obj, ir.Table)


def _raw(value):
    """The ibis side of a rule's operand: a column's expression, or a number as a literal — a
    Python float as a double (not an exact decimal), so arithmetic rounds as pandas' does."""
    if isinstance(value, Value):
        return value.expr
    if isinstance(value, float):
        import ibis

        return ibis.literal(value, type="float64")
    return value


class Value:
    """A database column (an ibis expression) that behaves in a rule as a pandas column does:
    comparisons with a blank are false (``!=`` true), never NULL."""

    __slots__ = ("expr",)
    __hash__ = None  # == builds an expression

    def __init__(self, expr):
        self.expr = expr

    def __bool__(self):
        raise TypeError("a database column has no truth value; combine it with & | ~")

    def _compare(self, other, op, blank: bool) -> Value:
        return Value(op(self.expr, _raw(other)).fill_null(blank))

    def __ge__(self, other):
        return self._compare(other, operator.ge, False)

    def __gt__(self, other):
        return self._compare(other, operator.gt, False)

    def __le__(self, other):
        return self._compare(other, operator.le, False)

    def __lt__(self, other):
        return self._compare(other, operator.lt, False)

    def __eq__(self, other):  # type: ignore[override]
        return self._compare(other, operator.eq, False)

    def __ne__(self, other):  # type: ignore[override]
        return self._compare(other, operator.ne, True)

    def __and__(self, other):
        return Value(self.expr & _raw(other))

    __rand__ = __and__

    def __or__(self, other):
        return Value(self.expr | _raw(other))

    __ror__ = __or__

    def __invert__(self):
        return Value(~self.expr)

    def __add__(self, other):
        return Value(self.expr + _raw(other))

    def __radd__(self, other):
        return Value(_raw(other) + self.expr)

    def __sub__(self, other):
        return Value(self.expr - _raw(other))

    def __rsub__(self, other):
        return Value(_raw(other) - self.expr)

    def __mul__(self, other):
        return Value(self.expr * _raw(other))

    def __rmul__(self, other):
        return Value(_raw(other) * self.expr)

    def __truediv__(self, other):
        return Value(self.expr / _raw(other))

    def __rtruediv__(self, other):
        return Value(_raw(other) / self.expr)

    def isin(self, values) -> Value:
        return Value(self.expr.isin(list(values)).fill_null(False))

    def isna(self) -> Value:
        return Value(self.expr.isnull())

    isnull = isna

    def notna(self) -> Value:
        return Value(self.expr.notnull())

    notnull = notna

    def fillna(self, value) -> Value:
        return Value(self.expr.fill_null(value))

    def lower_text(self) -> _LowerText:
        return _LowerText(self.expr)


class _LowerText(Value):
    """A column read as trimmed lower-case text, for ``isin``: on a table that holds data, its
    distinct values are read once and compared in Python (Python's trimming knows every kind of
    space; SQL's TRIM only the ASCII ones); for SQL written without data, a regular expression
    and LOWER."""

    def isin(self, values) -> Value:
        words = set(values)
        if _unbound(self.expr):
            # spaces at either end removed by a regular expression (every engine has one; the
            # TRIM of some writes its list of blank characters out raw)
            text = self.expr.cast("string").re_replace(r"^\s+|\s+$", "").lower()
            return Value(text.isin(sorted(words)).fill_null(False))
        distinct = self.expr.as_table().distinct().to_pandas().iloc[:, 0].dropna()
        found = [v for v in distinct.tolist() if str(v).strip().lower() in words]
        return Value(self.expr.isin(found).fill_null(False))


def _unbound(expr) -> bool:
    """True for an expression on a table with no database behind it (``ibis.table(schema)``)."""
    import ibis.expr.operations as ops

    return bool(expr.op().find(ops.UnboundTable))


class _Columns:
    """What a rule sees as ``t``: each column as a :class:`Value` (cleaned, for the numbers)."""

    def __init__(self, table, cleaned: Mapping):
        self._table, self._cleaned = table, cleaned

    def __getitem__(self, name: str) -> Value:
        return Value(self._cleaned.get(name, self._table[name]))

    @property
    def columns(self) -> list[str]:
        return list(self._table.columns)


class NotInDatabase(PhanloaiError):
    """A scheme (or one of its conditions) that cannot run inside a database yet."""


def _not_here(scheme: Scheme, why_vi: str = "", why_en: str = "") -> NotInDatabase:
    return NotInDatabase(
        f"Cách phân loại '{scheme.code}' chưa chạy được ngay trong cơ sở dữ liệu{why_vi}. "
        "Hãy đọc bảng vào pandas (.to_pandas()) rồi phân loại.",
        f"The scheme '{scheme.code}' cannot run inside a database yet{why_en}. "
        "Read the table into pandas (.to_pandas()) and classify it there.",
    )


def _number(table, name: str, kind: str, scheme: Scheme | tuple[str, str]):
    """A number column cleaned as the door for frames cleans it: (value, impossible).
    ``scheme``: who reads it, for messages (a scheme, or the words ``(vi, en)``)."""
    import ibis

    col = table[name]
    dtype = col.type()
    if dtype.is_boolean() or not dtype.is_numeric():
        vi, en = (
            scheme
            if isinstance(scheme, tuple)
            else (f"Cách phân loại '{scheme.code}'", f"Scheme '{scheme.code}'")
        )
        raise PhanloaiError(
            f"{vi}: cột '{name}' trong cơ sở dữ liệu phải là số (đang là {dtype}).",
            f"{en}: column '{name}' in the database must be a number (it is {dtype}).",
        )
    bad = []
    if dtype.is_floating():  # ±infinity: beyond the largest finite number (NaN is not)
        bad.append(((col > _LARGEST) | (col < -_LARGEST)) & ~col.isnan())
    if kind in NON_NEGATIVE:
        bad.append(col < 0)
    if kind == "share":
        bad.append(col > 1)
    impossible = functools.reduce(operator.or_, bad).fill_null(False) if bad else None
    if impossible is not None and dtype.is_floating():  # NaN is a blank (and above 1 in DuckDB)
        impossible = impossible & ~col.isnan().fill_null(False)
    drop = [impossible] if impossible is not None else []
    if dtype.is_floating():  # NaN is a blank, as in pandas
        drop.append(col.isnan().fill_null(False))
    # as doubles, as pandas computes: sums of two small integer columns cannot overflow
    value = col.cast("float64")
    if not drop:
        return value, None
    return ibis.ifelse(
        functools.reduce(operator.or_, drop), ibis.null("float64"), value
    ), impossible


def _tried(when, view, p: Mapping, scheme: Scheme):
    """A rule's condition built on the database columns; a rule written with pandas-only
    operations (``.to_numpy()``, NumPy functions…) cannot be, and says so."""
    try:
        return when(view, p)
    except (AttributeError, TypeError, ValueError) as exc:
        raise _not_here(
            scheme,
            f" (một điều kiện dùng phép tính chỉ có trong pandas: {exc})",
            f" (a condition uses pandas-only operations: {exc})",
        ) from exc


def _condition(value, scheme: Scheme, what: str):
    import ibis

    value = _raw(value)
    if isinstance(value, bool):
        return ibis.literal(value)
    if hasattr(value, "type") and value.type().is_boolean():
        return value
    raise _not_here(
        scheme,
        f" (điều kiện '{what}' dùng phép tính chỉ có trong pandas)",
        f" (condition '{what}' uses pandas-only operations)",
    )


_IMPOSSIBLE = "_phanloai_impossible"


def _boolean(table, name: str, scheme: Scheme):
    """A true/false column as the door for frames reads one: booleans as they are; numbers only
    when every value is 0 or 1; text only when blank — anything else is refused, naming the
    values (they are read from the database; without data, a cast is written)."""
    import ibis

    col = table[name]
    dtype = col.type()
    if dtype.is_boolean():
        return col
    if _unbound(col):
        return col.cast("boolean")
    odd = []
    if dtype.is_numeric() or dtype.is_string():
        values = table.select(name).distinct()[name].to_pandas().dropna().tolist()
        if dtype.is_numeric():
            odd = [v for v in values if v not in (0, 1)]
        else:
            odd = [v for v in values if str(v).strip()]
    if odd or not (dtype.is_numeric() or dtype.is_string()):
        shown = ", ".join(repr(v) for v in odd[:3]) or str(dtype)
        raise PhanloaiError(
            f"Cách phân loại '{scheme.code}': cột '{name}' trong cơ sở dữ liệu phải là đúng/sai "
            f"(True/False, 1/0); có giá trị {shown}.",
            f"Scheme '{scheme.code}': column '{name}' in the database must be true/false "
            f"(True/False, 1/0); it holds {shown}.",
        )
    return (col == 1) if dtype.is_numeric() else ibis.null("boolean")


def _cleaned_each(scheme: Scheme, table, p: Mapping) -> tuple[dict, list[tuple]]:
    """The columns the rules read, cleaned (numbers: impossible values and NaN blank; true/false
    as boolean), and for each number column that can hold an impossible value ``(column, kind,
    whether the row holds one)``."""
    cleaned, each = {}, []
    for col in scheme.requires_for(p):
        if col.kind in NUMBER_KINDS:
            cleaned[col.name], bad = _number(table, col.name, col.kind, scheme)
            if bad is not None:
                each.append((col.name, col.kind, bad))
        elif col.kind == "bool":
            cleaned[col.name] = _boolean(table, col.name, scheme)
    return cleaned, each


def _any_impossible(each: list[tuple]):
    """Whether the row holds an impossible value in any column (None when no column can)."""
    return functools.reduce(operator.or_, [bad for *_, bad in each]) if each else None


def _cleaned(scheme: Scheme, table, p: Mapping) -> tuple[dict, object]:
    """The columns the rules read, cleaned, and whether the row holds an impossible value (see
    :func:`_cleaned_each`)."""
    cleaned, each = _cleaned_each(scheme, table, p)
    return cleaned, _any_impossible(each)


def _clean_name(name: str) -> str:
    return f"_phanloai_{name}"


def _staged(table, cleaned: dict, impossible):
    """The table with the cleaned values (and whether the row holds an impossible one) as
    columns of their own, so that the SQL cleans each value once; the new references."""
    extra = {} if impossible is None else {_IMPOSSIBLE: impossible}
    table = table.mutate(**{_clean_name(k): v for k, v in cleaned.items()}, **extra)
    return table, {k: table[_clean_name(k)] for k in cleaned}, table[_IMPOSSIBLE] if extra else None


def _rule_levels(scheme: Scheme, table, p: Mapping, staged: bool = False, say: bool = False):
    """The CASE branches of a rule-based scheme — ``(condition, level code, note)``, the note a
    bilingual comment for :func:`to_sql` — and the unknown code. A condition that can never hold
    (a rule switched off by a parameter) is left out. ``staged``: the cleaning is a first step
    of its own, under other names (a readable query that still shows the values as written);
    the branches then read the table that step makes, returned third. ``say`` (for
    :func:`explain`, on a table prepared by :func:`phanloai.sql_words.with_numbers`): each branch
    is ``(condition, level code, reason in words)``; the words for the rows no branch takes come
    third, and the table the branches read (the cleaned values as columns) fourth."""

    if say:
        return _said_rules(scheme, table, p)
    unknown = scheme.levels_for(p)[-1]
    cleaned, impossible = _cleaned(scheme, table, p)
    if staged:
        table, cleaned, impossible = _staged(table, cleaned, impossible)

    def note(what: tuple, level) -> tuple[str, str]:
        if what[0] == "impossible":
            vi, en = "giá trị không thể có", "impossible value"
        elif what[0] == "missing":
            vi, en = "thiếu dữ liệu", "missing data"
        else:
            vi, en = what[-1].why_vi, what[-1].why_en
        vi = f"{_filled(vi, p, 'vi', scheme)} → {level.vi}"
        en = f"{_filled(en, p, 'en', scheme)} → {level.en}"
        return (
            (f"quy tắc {what[1]}: {vi}", f"rule {what[1]}: {en}") if what[0] == "rule" else (vi, en)
        )

    view = _Columns(table, cleaned)
    branches = [
        (holds, level.code, note(what, level))
        for holds, level, what in _rule_branches(scheme, view, impossible, p)
    ]
    if staged:
        return branches, unknown.code, table
    return branches, unknown.code


def _rule_branches(scheme: Scheme, view, impossible, p: Mapping):
    """The CASE branches of a rule-based scheme in order, as ``(condition, level, what decides)``:
    ``("impossible",)``, ``("missing", [(column, blank)…])``, ``("guard", guard)`` or ``("rule",
    number, rule)``. A condition that can never hold (switched off by a parameter) is left out."""
    import ibis

    levels = {lv.code: lv for lv in scheme.levels_for(p)[:-1]}
    unknown = scheme.levels_for(p)[-1]
    if impossible is not None:
        yield impossible, unknown, ("impossible",)
    blank = [
        (c.name, view[c.name].isna().expr) for c in scheme.requires_for(p) if c.unknown_if_missing
    ]
    if blank:
        yield functools.reduce(operator.or_, [b for _, b in blank]), unknown, ("missing", blank)
    for guard in scheme.guards:
        holds = _tried(guard.when, view, p, scheme)
        if holds is not False:
            yield _condition(holds, scheme, "guard"), unknown, ("guard", guard)
    for i, rule in enumerate(scheme.rules, 1):
        holds = ibis.literal(True) if rule.when is None else _tried(rule.when, view, p, scheme)
        if holds is not False:
            level = levels.get(rule.level, unknown)
            yield _condition(holds, scheme, rule.level), level, ("rule", i, rule)


def _said_rules(scheme: Scheme, table, p: Mapping):
    """:func:`_rule_levels` with a reason in words per branch (see there)."""
    from . import sql_words as w

    cleaned, each = _cleaned_each(scheme, table, p)
    table, cleaned, impossible = _staged(table, cleaned, _any_impossible(each))
    # each value in words once, in a column of its own, for the reasons that show it
    shown = {
        f"_phanloai_v_{c.name}": w.value_text(table, c.name, c.kind, cleaned.get(c.name))
        for c in scheme.requires_for(p)
    }
    table = table.mutate(**shown)
    cleaned = {k: table[_clean_name(k)] for k in cleaned}
    impossible = table[_IMPOSSIBLE] if impossible is not None else None
    values = {c.name: table[f"_phanloai_v_{c.name}"] for c in scheme.requires_for(p)}
    params = scheme.param_texts(p)

    def words(what: tuple):
        if what[0] == "impossible":
            return w.door_words(table, each)
        if what[0] == "missing":
            return w.missing_words(what[1], scheme.missing_reasons)
        vi, en = what[-1].why_vi, what[-1].why_en
        try:
            return w.filled(tr(vi, en), values, params)
        except KeyError as exc:
            raise _not_here(
                scheme,
                f" (lý do '{vi}' nhắc tới {exc}, không phải cột hay tham số)",
                f" (the reason '{en}' names {exc}, neither a column nor a parameter)",
            ) from exc

    branches = [
        (holds, level.code, words(what))
        for holds, level, what in _rule_branches(scheme, _Columns(table, cleaned), impossible, p)
    ]
    return branches, scheme.levels_for(p)[-1].code, w.missing_words([]), table


def _matched(table, col: str, level_of) -> list[tuple]:
    """CASE branches for a text column: its distinct values, read once from the database,
    folded in Python as the pandas path folds them (case, spacing, dashes and diacritics
    ignored; blank → None) and listed per level. ``level_of(folded)`` → a level code or None."""
    import pandas as pd

    values = table.select(col).distinct()[col].to_pandas().dropna().to_numpy(dtype=object)
    _, folded = factorize_folded(pd.Series(values, dtype=object))
    per_level: dict[str, list] = {}
    for value, f in zip(values, folded, strict=True):
        level = None if f is None else level_of(f)
        if level is not None:
            per_level.setdefault(level, []).append(value)
    return [
        (table[col].isin(sorted(found, key=str)).fill_null(False), level)
        for level, found in per_level.items()
    ]


def _map_levels(scheme: MapScheme, table, p: Mapping):
    """The CASE branches of a name-matching scheme (see :func:`_matched`)."""
    codes = {lv.code for lv in scheme.levels_for(p)[:-1]}
    mapping, fallback = scheme._map_for(p)

    def level_of(folded: str):
        level = mapping.get(folded, fallback)
        return level if level in codes else None

    return _matched(table, scheme.column_for(p), level_of), scheme.levels_for(p)[-1].code


def _region_levels(scheme: Scheme, table, p: Mapping):
    """The region part of ``geographic``: a country other than Việt Nam (when the table has a
    ``country`` column) first, then the region's name (see :func:`_matched`)."""
    from .schemes.profile import _REGION_MAP, _VIETNAM

    codes = {lv.code for lv in scheme.levels_for(p)[:-1]}
    branches = []
    if "country" in table.columns:
        branches += _matched(table, "country", lambda f: None if f in _VIETNAM else "abroad")
    branches += _matched(
        table, "region", lambda f: _REGION_MAP[f] if _REGION_MAP.get(f) in codes else None
    )
    return branches, scheme.levels_for(p)[-1].code


def _rfm_levels(scheme: Scheme, table, p: Mapping, staged: bool = False, say: bool = False):
    """RFM in the database, as :class:`~phanloai.schemes.rfm.RFMScheme` scores it: among the
    buyers with every value known, a quantile score is ``1 + ⌊k × (values strictly below) / n⌋``
    (``RANK()`` counts the values below and gives ties one rank, so ties score alike exactly as in
    pandas); fixed cut points count the cuts reached. The R and the F+M scores on the 5-step
    scale then pick the cell of the segment grid. ``staged``: the cleaning is a first step of
    its own (as in :func:`_rule_levels`), whose table is returned third. ``say``: the branches
    carry the reasons in words, the words of the scored rows come third and the table fourth
    (see :func:`_rule_levels`)."""
    import ibis

    from .schemes.rfm import _GRID_POS, _REASONS, NEVER, _to_five

    codes = [lv.code for lv in scheme.levels_for(p)]
    unknown = codes[-1]
    cleaned, each = _cleaned_each(scheme, table, p)
    impossible = _any_impossible(each)
    if staged or say:  # each value cleaned once, under a name of its own
        table, cleaned, impossible = _staged(table, cleaned, impossible)
    orders, spend, recency = (cleaned[c] for c in ("n_orders", "total_spend", "recency_days"))
    scored = orders.notnull() & (orders != 0) & spend.notnull() & recency.notnull()
    if p["method"] == "quantile":
        k = int(p["bins"])
        group = ibis.window(group_by=scored)
        n = scored.count().over(group)

        def score(value, better_high: bool):
            order = value if better_high else value.desc()
            below = ibis.rank().over(group_by=scored, order_by=order)  # 0-based, ties alike
            return 1 + (below * k) // n

        r, f, m = score(recency, False), score(orders, True), score(spend, True)
    else:
        k = 5

        def reached(value, prefix: str, strict: bool):
            cuts = [float(p[f"{prefix}_{i}"]) for i in range(1, 5)]
            return functools.reduce(
                operator.add, [ibis.ifelse(value > c if strict else value >= c, 1, 0) for c in cuts]
            )

        r = 5 - reached(recency, "r_days", strict=True)  # fewer days is better
        f = 1 + reached(orders, "f_orders", strict=False)
        m = 1 + reached(spend, "m_spend", strict=False)
    if say:  # the scores as columns too: the grid and the words both read them
        # (the cleaned values read from the step before are passed on by name: ibis follows them)
        table = table.mutate(_phanloai_r=r, _phanloai_f=f, _phanloai_m=m)
        r, f, m = table._phanloai_r, table._phanloai_f, table._phanloai_m
    five = _to_five(k)

    # "simple" CASEs (CASE x WHEN 1 THEN …): each score is written once in the SQL, not once per
    # branch — the query stays small however many cells the grid has
    def on_five(score):
        return score.cases(*[(s, int(five[s])) for s in range(1, k + 1)], else_=0)

    cell = on_five(r) * 6 + (on_five(f) + on_five(m)) // 2  # R5 and FM5 in one number
    grid = cell.cases(
        *[
            (r_step * 6 + fm_step, codes[int(_GRID_POS[r_step, fm_step])])
            for r_step in range(1, 6)
            for fm_step in range(1, 6)
        ],
        else_=unknown,
    )
    branches = [] if impossible is None else [(impossible, unknown)]
    branches.append((orders.isnull(), unknown))
    branches.append((orders == 0, codes[NEVER]))
    branches.append((~scored, unknown))
    if staged:
        return branches, grid, table
    if say:
        from . import sql_words as w

        gaps = w.missing_words(
            [(c, cleaned[c].isnull()) for c in ("n_orders", "total_spend", "recency_days")]
        )
        never = next((r.why_vi, r.why_en) for r in _REASONS if r.key == "never bought")
        said = [] if impossible is None else [w.door_words(table, each)]
        said += [gaps, ibis.literal(tr(*never)), gaps]
        branches = [(b[0], b[1], why) for b, why in zip(branches, said, strict=True)]
        scale = "" if k == 5 else f"/{k}"
        word = "đơn" if get_language() == "vi" else ibis.ifelse(orders == 1, "order", "orders")
        scores = w.concat(
            "R=",
            r.cast("string"),
            scale,
            " (",
            w.value_text(table, "recency_days", "days", recency),
            "), F=",
            f.cast("string"),
            scale,
            " (",
            w.value_text(table, "n_orders", "count", orders),
            " ",
            word,
            "), M=",
            m.cast("string"),
            scale,
            " (",
            w.value_text(table, "total_spend", "money", spend),
            ")",
        )
        return branches, grid, scores, table
    return branches, grid


#: complete rows a database table may hold for k-means to be fitted on all of them — exactly the
#: pandas fit; beyond, on an evenly spread sample of this many rows (in the order of their values)
CLUSTER_FIT_ROWS = 1_000_000


def _cluster_levels(scheme: Scheme, table, p: Mapping, say: bool = False):
    """k-means in the database: the centres are fitted in Python on the complete rows (read
    from the database; a sample when there are more than :data:`CLUSTER_FIT_ROWS`), then every
    row goes to the nearest centre inside the engine — the same transformation (log of money
    and counts), the same standardisation and the same order of clusters as the pandas path.
    ``say``: as in :func:`_rule_levels`; each cluster's name comes from the means of its rows,
    which the engine computes (one row per cluster is read)."""
    import ibis

    from .schemes.clusters import _COLUMNS

    cols = list(scheme.feature_columns(p))
    codes = [lv.code for lv in scheme.levels_for(p)]
    unknown = codes[-1]
    cleaned, each = _cleaned_each(scheme, table, p)
    impossible = _any_impossible(each)
    complete = functools.reduce(operator.and_, [cleaned[c].notnull() for c in cols])
    rows = table.select(**{c: cleaned[c] for c in cols})
    rows = rows.filter([rows[c].notnull() for c in cols])
    n = int(rows.count().to_pandas())
    if n > CLUSTER_FIT_ROWS:  # an evenly spread sample, the same on every run
        step = -(-n // CLUSTER_FIT_ROWS)
        rows = rows.mutate(_at=ibis.row_number().over(order_by=cols)).filter(
            lambda t: t._at % step == 0
        )
    frame = rows.select(*cols).to_pandas()
    branches = [] if impossible is None else [(impossible, unknown)]
    branches.append((~complete, unknown))
    fitted = scheme.fit(frame, p) if len(frame) else None
    if say:
        from . import sql_words as w

        said = [] if impossible is None else [w.door_words(table, each)]
        said.append(w.missing_words([(c, cleaned[c].isnull()) for c in cols]))
        branches = [(b[0], b[1], why) for b, why in zip(branches, said, strict=True)]
    if fitted is None:
        return (branches, unknown, w.missing_words([]), table) if say else (branches, unknown)
    _, rank, centres, _ = fitted
    _, mean, sd, _, _ = scheme.standardising(frame, p)
    z = []
    for j, c in enumerate(cols):
        value = cleaned[c]
        if _COLUMNS[c].kind in ("money", "count"):  # log(1 + x), the sign kept
            value = value.sign() * (value.abs() + 1).ln()
        z.append((value - float(mean[j])) / float(sd[j]))
    distance = [
        functools.reduce(
            operator.add, [(z[j] - float(centres[c, j])) ** 2 for j in range(len(cols))]
        )
        for c in range(len(centres))
    ]
    nearest = ibis.least(*distance) if len(distance) > 1 else distance[0]
    grid = ibis.cases(
        *[(distance[c] == nearest, codes[int(rank[c])]) for c in range(len(distance))],
        else_=unknown,
    )
    if say:
        said = _said_nearest(scheme, table, p, cols, cleaned, z, complete, grid)
        return branches, grid, said, table
    return branches, grid


def _said_nearest(scheme, table, p: Mapping, cols, cleaned, z, complete, grid):
    """The words of a row placed in a cluster (as the pandas path's): the cluster's name, from
    the mean standardised value of each feature over its rows, then the row's own values."""
    from . import sql_words as w
    from .schemes.clusters import _COLUMNS, _WORDS, _tier

    rows = table.select(_code=grid, _complete=complete, **{f"_z{j}": v for j, v in enumerate(z)})
    rows = rows.filter(rows._complete)
    means = (
        rows.group_by("_code")
        .aggregate(**{f"_z{j}": rows[f"_z{j}"].mean() for j in range(len(z))})
        .to_pandas()
        .set_index("_code")
    )
    names = {}
    for lv in scheme.levels_for(p)[:-1]:
        if lv.code not in means.index:
            names[lv.code] = tr("(trống)", "(empty)")
            continue
        row = means.loc[lv.code]
        names[lv.code] = " · ".join(
            tr(*_WORDS[c][_tier(float(row[f"_z{j}"]))]) for j, c in enumerate(cols)
        )
    parts = []
    for j, c in enumerate(cols):
        parts += [", " if j else "", f"{_COLUMNS[c].label} = "]
        parts.append(w.value_text(table, c, _COLUMNS[c].kind, cleaned[c]))
    values = w.concat(*[x for x in parts if not isinstance(x, str) or x])
    return w.concat(
        w.named(grid, names),
        tr(" — gần tâm cụm này nhất (", " — nearest to this cluster's centre ("),
        values,
        ")",
    )


def explain(table, scheme, params: Mapping | None = None):
    """:func:`phanloai.explain` on an ibis table: the table with two columns added, ``level``
    (the code :func:`classify` gives) and ``reason`` (why, in the current language's words, as
    the pandas path writes them) — a table expression the engine computes, so a warehouse
    explains every customer where the data are. A database keeps no order: keep an id to read
    the rows by (``.select("customer_id", "level", "reason")``); ``level`` holds codes (names:
    :func:`phanloai.as_labels`). As for :func:`classify`, some queries run while the expression
    is built: the distinct values a name-matching scheme reads (each is put into words by the
    pandas path) and, for the clusters, the complete rows to fit the centres (at most
    :data:`CLUSTER_FIT_ROWS`) and each cluster's mean values (its name). Numbers are written
    exactly while ``|x| × 10^decimals < 2^52`` (see :mod:`phanloai.sql_words`)."""
    import ibis
    from ibis.expr import operations as ops

    from . import sql_words as w
    from .schemes.registry import get_scheme

    s = get_scheme(scheme)
    p = s.check_params(dict(params or {}))
    taken = [c for c in ("level", "reason") if c in table.columns]
    if taken:
        raise PhanloaiError(
            f"explain thêm hai cột 'level' và 'reason', nhưng bảng đã có cột {taken}. Hãy đổi tên "
            f"trước, ví dụ t.rename(level_cu='{taken[0]}').",
            f"explain adds the columns 'level' and 'reason', but the table already has {taken}. "
            f"Rename first, e.g. t.rename(old_level='{taken[0]}').",
        )
    part, handler = _part(s, table, p)
    kinds = {c.name: c.kind for c in part.requires_for(p)}
    t = w.with_numbers(table, kinds)
    if handler in (_map_levels, _region_levels):  # a level and words that depend on names only
        cols = [part.column_for(p)] if handler is _map_levels else ["region"]
        cols += ["country"] if handler is _region_levels and "country" in table.columns else []
        level, reason = _said_values(s, t, p, cols)
        t = t.mutate(level=level, reason=reason)
    else:
        branches, otherwise, said, t = handler(part, t, p, say=True)
        level, why = otherwise, said
        if branches:
            level = ibis.cases(*[(b[0], b[1]) for b in branches], else_=otherwise)
            why = ibis.cases(*[(b[0], b[2]) for b in branches], else_=said)
        level = level if not isinstance(level, str) else ibis.literal(level)
        t = t.mutate(level=level, _phanloai_why=why)
        names = {lv.code: lv.label for lv in part.levels_for(p)}
        t = t.mutate(reason=w.concat(t._phanloai_why, " → ", w.named(t.level, names)))
    out = t.select(*table.columns, "level", "reason")
    for expr in (level, t.level, out.level):  # show() knows the level names
        if not isinstance(_unaliased(expr), ops.Literal):  # (a literal stands for itself)
            _CLASSIFIED[_unaliased(expr)] = (s, dict(p))
    return out


def _said_values(s: Scheme, table, p: Mapping, cols: list[str]):
    """The level and the words of a scheme that reads names (one or two text columns), as two
    CASE expressions: the distinct values are read once from the database and classified and
    explained by the pandas path, and the engine picks each row's."""
    import ibis
    import pandas as pd

    from .schemes.registry import checked_run

    distinct = table.select(*cols).distinct().to_pandas().astype(object)
    levels = s.levels_for(p)
    if not len(distinct):
        return ibis.literal(levels[-1].code), ibis.literal("", type="string")
    run = checked_run(distinct, s, p, "explain")

    def same(col: str, value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return table[col].isnull()
        return (table[col] == value).fill_null(False)

    rows = [
        functools.reduce(operator.and_, [same(c, row[c]) for c in cols])
        for _, row in distinct.iterrows()
    ]
    level = ibis.cases(
        *[(r, levels[int(code)].code) for r, code in zip(rows, run.codes, strict=True)],
        else_=levels[-1].code,
    )
    words = ibis.cases(
        *[(r, text) for r, text in zip(rows, run.explain(), strict=True)],
        else_=ibis.literal("", type="string"),
    )
    return level, words


def _handler(scheme: Scheme):
    """How the scheme is built in a database, or None when it cannot be yet."""
    from .schemes.clusters import ClusterScheme
    from .schemes.profile import _RegionScheme
    from .schemes.rfm import RFMScheme

    if type(scheme) is RFMScheme:
        return _rfm_levels
    if type(scheme) is ClusterScheme:
        return _cluster_levels

    if isinstance(scheme, MapScheme) and type(scheme).assign is MapScheme.assign:
        return _map_levels
    if type(scheme) is _RegionScheme:
        return _region_levels
    if type(scheme).assign is Scheme.assign and type(scheme).check_table is Scheme.check_table:
        return _rule_levels
    return None


def runs_in_database(scheme, params: Mapping | None = None) -> bool:
    """Whether :func:`classify` can run ``scheme`` (with these parameters) inside a database:
    its kind is one :mod:`phanloai.sql` builds (its rules are then tried on the table)."""
    from .schemes.registry import get_scheme

    s = get_scheme(scheme)
    p = s.check_params(dict(params or {}))
    return _handler(s.part(p) if isinstance(s, SwitchScheme) else s) is not None


def _branches(scheme: Scheme, table, p: Mapping):
    part, handler = _part(scheme, table, p)
    return handler(part, table, p)


def _part(scheme: Scheme, table, p: Mapping):
    """The scheme (or its chosen part) and how it is built in a database; its columns must be in
    the table."""
    part = scheme.part(p) if isinstance(scheme, SwitchScheme) else scheme
    handler = _handler(part)
    if handler is None:
        raise _not_here(scheme)
    missing = [c.name for c in scheme.requires_for(p) if c.name not in table.columns]
    if missing:
        have = ", ".join(list(table.columns)[:12])
        raise PhanloaiError(
            f"Cách phân loại '{scheme.code}' cần cột: {', '.join(missing)} (bảng trong cơ sở dữ "
            f"liệu đang có: {have}).",
            f"The scheme '{scheme.code}' needs column(s): {', '.join(missing)} (the database "
            f"table has: {have}).",
        )
    return part, handler


def level_expression(table, scheme, p: Mapping):
    """The level code of every row of the ibis ``table`` as one CASE expression (parameters
    already checked: ``p``). A handler gives the branches and what the rows no branch takes
    get: the unknown code, or an expression (RFM's grid)."""
    import ibis

    branches, otherwise = _branches(scheme, table, p)
    if not branches:
        return ibis.literal(otherwise) if isinstance(otherwise, str) else otherwise
    return ibis.cases(*[(b[0], b[1]) for b in branches], else_=otherwise)


def classify(table, scheme, params: Mapping | None = None):
    """:func:`phanloai.classify` on an ibis table: a column expression of level codes (text,
    ``"unknown"`` when data are missing or impossible), named after the scheme."""
    from .schemes.registry import get_scheme

    s = get_scheme(scheme)
    p = s.check_params(dict(params or {}))
    expr = level_expression(table, s, p).name(s.code)
    _CLASSIFIED[_unaliased(expr)] = (s, dict(p))
    key = id(expr)
    _RETURNED[key] = (weakref.ref(expr, lambda _, key=key: _RETURNED.pop(key, None)), s, dict(p))
    return expr


#: what the expressions :func:`classify` returned classify by (scheme, parameters), so that a
#: report on one knows the declared levels, as a pandas result carries them; kept only while
#: the expression lives. By the expression itself (exact), and by its operation — which a
#: renamed copy (``.name()``) or a column a ``mutate()`` made of it still holds, and which two
#: parameter sets writing the same SQL share (the latest is kept).
_RETURNED: dict[int, tuple] = {}
_CLASSIFIED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _classified_by(expr):
    """(scheme, parameters) of a :func:`classify` result, or of a column made of one; else None."""
    from ibis.expr import operations as ops

    exact = _RETURNED.get(id(expr))
    if exact is not None and exact[0]() is expr:
        return exact[1:]
    op = _unaliased(expr)
    # a column of a projection: followed back through every select/mutate that passed it on
    for _ in range(32):
        found = _CLASSIFIED.get(op)
        if found is not None or not isinstance(op, ops.Field):
            return found
        rel = op.rel
        if not isinstance(rel, ops.Project):
            # a filter, a sort or a limit passes its parent's columns on unchanged
            parent = getattr(rel, "parent", None)
            if parent is None or op.name not in parent.schema:
                return None
            op = ops.Field(parent, op.name)
            continue
        value = op.rel.values.get(op.name)
        while isinstance(value, ops.Alias):
            value = value.arg
        op = value
    return None


def shown_with_names(table, limit: int | None):
    """The first rows of a database table as pandas, each column made by :func:`classify` or
    :func:`explain` (``level``) as the labelled levels a pandas result carries (names shown)."""
    from .schemes.result import as_labels

    frame = table.to_pandas(limit=limit)
    if not is_table(table):
        return frame
    for col in table.columns:
        by = _classified_by(table[col])
        if by is not None:
            scheme, params = by
            try:
                frame[col] = as_labels(frame[col], scheme, **params)
            except PhanloaiError:  # not the scheme's codes after all: shown as they are
                continue
    return frame


def _unaliased(expr):
    from ibis.expr import operations as ops

    op = expr.op()
    while isinstance(op, ops.Alias):
        op = op.arg
    return op


_SQL_TYPES = {"bool": "boolean", "date": "date"}


def to_sql(
    scheme,
    dialect: str = "duckdb",
    table="customers",
    keep: tuple[str, ...] = ("customer_id",),
    **params,
) -> str:
    """The scheme as one SQL query over a table named ``table``: the ``keep`` columns (the key,
    to join the result back), the columns the scheme reads as written, and the level code as
    ``level``; the parameters are written into the query, with a comment per rule (Vietnamese
    and English) saying which level it gives. Dialects: :data:`DIALECTS`.

    ``table`` may also be an ibis table of the warehouse (``con.table("customers")``): then the
    name-matching schemes and k-means can be written too — their names, or the cluster centres,
    are read from that table first and written into the query (as of that moment).

    >>> print(to_sql("purchase_behavior", min_orders=2).splitlines()[0])
    -- phanloai: purchase_behavior (Phân loại theo hành vi mua hàng / By purchase behaviour)
    """
    import ibis

    from .schemes.registry import get_scheme

    if dialect not in DIALECTS:
        raise PhanloaiError(
            f"Chưa viết SQL cho '{dialect}'; chọn một trong: {', '.join(DIALECTS)}.",
            f"No SQL is written for '{dialect}' yet; choose one of: {', '.join(DIALECTS)}.",
        )
    s = get_scheme(scheme)
    p = s.check_params(params)
    part = s.part(p) if isinstance(s, SwitchScheme) else s
    if _handler(part) is None:
        raise _not_here(s)
    bound = is_table(table)
    if not bound and _handler(part) not in (_rule_levels, _rfm_levels):
        raise _not_here(
            s,
            " dưới dạng SQL viết sẵn (cần đọc dữ liệu trong bảng trước — các tên, hay tâm cụm: dùng "
            "classify trên bảng ibis)",
            " as ready-written SQL (the table's data must be read first — its names, or the cluster "
            "centres: use classify on an ibis table)",
        )
    read = [c.name for c in s.requires_for(p)]
    if bound:  # the warehouse's own table: every scheme, its names or centres read from it
        t = table
        shown = list(dict.fromkeys(c for c in (*keep, *read) if c in t.columns))
    else:
        # numbers as doubles: a count written as a float (NaN, infinity) is checked too
        schema = {name: "string" for name in keep if name not in read}
        schema |= {
            c.name: _SQL_TYPES.get(c.kind, "float64" if c.kind in NUMBER_KINDS else "string")
            for c in s.requires_for(p)
        }
        t = ibis.table(schema, name=table)
        shown = [*[k for k in keep if k not in read], *read]
    if _handler(part) is _rule_levels:  # the columns cleaned, then one CASE on them
        branches, unknown, cleaned = _rule_levels(part, t, p, staged=True)
        level = ibis.cases(*[(b[0], b[1]) for b in branches], else_=unknown)
        query = cleaned.select(*shown, level=level)
        notes = [f"{vi} / {en}" for _, _, (vi, en) in branches]
    elif _handler(part) is _rfm_levels:  # the columns cleaned, then the ranks and the grid
        branches, grid, cleaned = _rfm_levels(part, t, p, staged=True)
        level = ibis.cases(*[(b[0], b[1]) for b in branches], else_=grid)
        query = cleaned.select(*shown, level=level)
        words = {
            "impossible": ("giá trị không thể có", "impossible value"),
            "missing": ("thiếu số đơn", "number of orders missing"),
            "never": ("0 đơn: chưa mua lần nào", "0 orders: never bought"),
            "unscored": ("thiếu chi tiêu hay độ gần đây", "spend or recency missing"),
        }
        keys = ["impossible"] * (len(branches) == 4) + ["missing", "never", "unscored"]
        names = {lv.code: (lv.vi, lv.en) for lv in part.levels_for(p)}
        notes = [
            f"{words[k][0]} → {names[b[1]][0]} / {words[k][1]} → {names[b[1]][1]}"
            for k, b in zip(keys, branches, strict=True)
        ]
    else:  # names or centres read from the table
        query, notes = t.select(*shown, level=level_expression(t, s, p)), []
    return _written(query, notes, s, p, dialect)


def _written(query, notes: list[str], s: Scheme, p: Mapping, dialect: str) -> str:
    """The query as SQL text of the dialect, a comment on each CASE branch, a header."""
    import ibis
    import sqlglot
    from sqlglot import exp

    written = ibis.to_sql(query, dialect=_IBIS_DIALECT.get(dialect, dialect))
    tree = sqlglot.parse_one(written, read=_IBIS_DIALECT.get(dialect, dialect))
    case = next(tree.find_all(exp.Case), None)
    if case is not None:
        for when, note in zip(case.args.get("ifs") or [], notes, strict=False):
            when.args["true"].add_comments([note.replace("*/", "* /")])
    title = f"{s.title_vi} / {s.title_en}"
    head = [
        f"-- phanloai: {s.code} ({title})",
        "-- tham số / parameters: " + ", ".join(f"{k}={v!r}" for k, v in p.items()),
    ]
    return "\n".join(head) + "\n" + tree.sql(dialect=dialect, pretty=True)


class _AsNamed(dict):
    def __missing__(self, key: str) -> str:
        return key


def _filled(template: str, p: Mapping, lang: str, scheme: Scheme) -> str:
    """A reason template for a reader of the SQL, in ``lang``: parameters by their values as
    the reasons write them (``{p_loyal_orders}`` → ``4``, ``{p_key_spend}`` → ``15.000.000 ₫``;
    a choice by its name), columns by their names (``{n_orders}`` → ``n_orders``)."""
    from ._i18n import language

    with language(lang):
        values = {f"p_{k}": v for k, v in p.items()} | scheme.param_texts(p)
        return template.format_map(_AsNamed(values))


# -- the per-customer features, computed by the database -----------------------------------------
def _local_times(table, name: str, what: tuple[str, str] = ("Bảng đơn hàng", "The orders table")):
    """A date column as Vietnam wall-clock timestamps, as the pandas path reads it: an aware
    timestamp (stored with its time zone) converted to Vietnam time whatever the session's zone;
    a plain one as stored; a date at midnight. Dates stored as text are refused (their order of
    day and month cannot be told in the database)."""
    import ibis.expr.datatypes as dt

    col = table[name]
    kind = col.type()
    if kind.is_timestamp() and kind.timezone is not None:
        return _timezone()(VIETNAM_TZ, col.cast(dt.Timestamp(timezone="UTC")))
    if kind.is_timestamp() or kind.is_date():
        return col.cast("timestamp")
    raise PhanloaiError(
        f"{what[0]}: cột '{name}' trong cơ sở dữ liệu cần kiểu ngày hoặc ngày giờ (đang là {kind}). "
        "Ngày ghi bằng chữ (05/01/2025) hãy đọc qua cửa dữ liệu: phanloai.from_files, hoặc "
        "phanloai classify … --engine duckdb.",
        f"{what[1]}: column '{name}' in the database must be a date or timestamp (it is {kind}). "
        "Read dates written as text (05/01/2025) through the door for files: phanloai.from_files, "
        "or phanloai classify … --engine duckdb.",
    )


@functools.cache
def _timezone():
    """The engine's own ``timezone(zone, timestamp with time zone)`` (DuckDB, PostgreSQL): the
    wall-clock time in that zone, whatever the session's zone."""
    import ibis
    import ibis.expr.datatypes as dt

    return ibis.udf.scalar.builtin(
        lambda zone, stamp: None,
        name="timezone",
        signature=((dt.string, dt.Timestamp(timezone="UTC")), dt.timestamp),
    )


def order_features(
    orders,
    as_of,
    customers=None,
    *,
    amount: str = "amount",
    date: str = "order_date",
    count: str = "orders",
):
    """:func:`phanloai.order_features` on an ibis table of order lines: one row per customer
    (``customer_id``) with ``n_orders``, ``total_spend``, ``avg_order_value``,
    ``first_purchase``, ``last_purchase`` and ``recency_days`` — the same numbers as the pandas
    path, computed by the engine (one ``GROUP BY``: a Parquet file of fifty million lines never
    has to fit in memory). Orders after ``as_of`` are left out (a date alone means the whole
    day); an amount that is blank or impossible (negative, infinite) makes that customer's total
    unknown. With ``customers`` (an ibis table with ``customer_id``), every customer gets a row,
    those without orders 0 orders and 0 spend; an order whose customer is not in it is an error
    naming a few such ids. Timestamps are taken as Vietnam time as stored.

    The result is an ibis table: classify it in place, e.g.
    ``f.mutate(segment=phanloai.classify(f, "rfm"))``."""
    import ibis

    from .features import COUNTS, as_of_bounds

    if count not in COUNTS:
        raise PhanloaiError(
            f"count='{count}' không có; chọn một trong: {', '.join(COUNTS)}.",
            f"count='{count}' does not exist; choose one of: {', '.join(COUNTS)}.",
        )
    _require_columns(orders, ("customer_id", amount, date), "orders")
    day, cutoff = as_of_bounds(as_of)
    stamp = _local_times(orders, date)
    value, impossible = _number(orders, amount, "money", ("Bảng đơn hàng", "The orders table"))
    lines = orders.mutate(_stamp=stamp, _amount=value).filter(
        lambda t: t._stamp.isnull() | (t._stamp <= ibis.timestamp(str(cutoff)))
    )
    n = lines._stamp.date().nunique() if count == "days" else lines.count()
    per = lines.group_by("customer_id").aggregate(
        n_orders=n,
        _total=lines._amount.sum(),
        _unknown=lines._amount.isnull().any(),
        first_purchase=lines._stamp.min(),
        last_purchase=lines._stamp.max(),
    )
    if customers is not None:
        per = _every_customer(customers, per, orders, ("n_orders", "_unknown"))
    total = ibis.ifelse(per._unknown, ibis.null("float64"), per._total.fill_null(0).cast("float64"))
    today = ibis.date(str(day))
    return per.select(
        "customer_id",
        n_orders=per.n_orders.cast("int64"),
        total_spend=_half_even(total).cast("int64"),
        avg_order_value=ibis.ifelse(
            per.n_orders > 0, _half_even(total / per.n_orders), ibis.null("float64")
        ),
        first_purchase=per.first_purchase,
        last_purchase=per.last_purchase,
        recency_days=today.delta(per.last_purchase.date(), unit="day").cast("int64"),
    )


def _counted(lines, as_of):
    """The lines a run counts: those up to ``as_of`` (a date alone: the whole day), and those
    without a date, each with its moment as ``_stamp`` (Vietnam time)."""
    import ibis

    from .features import as_of_bounds

    cutoff = ibis.timestamp(str(as_of_bounds(as_of)[1]))
    lines = lines.mutate(_stamp=_local_times(lines, "order_date"))
    return lines.filter(lines._stamp.isnull() | (lines._stamp <= cutoff))


def export_features(lines, as_of):
    """The behaviour features of the lines of an export, by the rules the door for files uses
    (:mod:`phanloai.intake.derive`), computed by the database: a negative amount is a refund —
    taken off the spend, not an order, its date not a purchase; a line whose amount is blank
    still counts as an order but leaves that customer's spend unknown; a line whose date is
    blank leaves that customer's dates and recency unknown; lines sharing an ``order_id`` (when
    the file has one) are one order. ``lines`` has ``customer_id``, ``amount`` (a number) and
    ``order_date``; lines without a customer are the caller's to leave out (and say so). Lines
    after ``as_of`` (a date alone: the whole day) are left out; an amount that is NaN or
    infinite is a blank one."""
    import ibis

    from .features import as_of_bounds

    day, _ = as_of_bounds(as_of)
    amount = lines.amount.cast("float64")
    unreadable = (amount.isnan() | amount.isinf()).fill_null(False)  # NaN, ±∞: no amount
    amount = ibis.ifelse(unreadable, ibis.null("float64"), amount)
    # orders after as_of (a date alone: the whole day) are left out, as the door leaves them
    lines = _counted(lines.mutate(_amount=amount), as_of)
    stamp, amount = lines._stamp, lines._amount
    is_order = amount.isnull() | (amount >= 0)
    t = lines.mutate(
        _stamp=stamp,
        _amount=amount,
        _order=is_order,
        _dated=ibis.ifelse(is_order & stamp.notnull(), stamp, ibis.null("timestamp")),
        _undated=is_order & stamp.isnull(),
    )
    # counted with COUNT (a BIGINT): DuckDB's SUM of booleans is a HUGEINT, which ibis takes
    # for an int64 and Parquet stores as a double
    if "order_id" in lines.columns:  # one order however many lines; a line without an id alone
        n = t.order_id.nunique(where=t._order & t.order_id.notnull()) + t.count(
            where=t._order & t.order_id.isnull()
        )
    else:
        n = t.count(where=t._order)
    per = t.group_by("customer_id").aggregate(
        n_orders=n,
        _total=t._amount.sum(),
        _unknown=t._amount.isnull().any(),
        _first=t._dated.min(),
        _last=t._dated.max(),
        _date_unknown=t._undated.any(),
    )
    total = ibis.ifelse(per._unknown, ibis.null("float64"), _half_even(per._total.fill_null(0)))
    first = ibis.ifelse(per._date_unknown, ibis.null("timestamp"), per._first)
    last = ibis.ifelse(per._date_unknown, ibis.null("timestamp"), per._last)
    count = per.n_orders.cast("int64")
    return per.select(
        "customer_id",
        n_orders=count,
        total_spend=total,
        avg_order_value=ibis.ifelse(count > 0, _half_even(total / count), ibis.null("float64")),
        first_purchase=first,
        last_purchase=last,
        recency_days=ibis.date(str(day)).delta(last.date(), unit="day").cast("int64"),
    )


def _events_checked(events):
    _require_columns(events, ("customer_id", "event_type"), "events")
    return events.mutate(_phanloai_type=events.event_type.cast("string"))


def event_features(events, customers=None, *, session: str | None = "session_id"):
    """:func:`phanloai.event_features` on an ibis table of events: per customer (``customer_id``)
    ``n_events``, ``page_views``, ``cart_adds``, ``web_purchases`` and ``abandoned_carts`` (the
    sessions with a cart add and no purchase; without a ``session`` column, cart adds minus
    purchases), the pandas path's numbers, computed by the engine. A session is one customer's,
    as in the three worlds (rows have no order in a database: were a session shared, the
    database would give it to the smallest id, pandas to its first row's customer). With
    ``customers`` (an ibis table with ``customer_id``, or a column of ids) every customer gets a
    row (0 for those without events); an event of a customer not in it is an error."""
    import ibis

    from .features import CART_EVENT, PURCHASE_EVENT, VIEW_EVENT

    t = _events_checked(events)
    kind = t._phanloai_type

    def count(value):
        return (kind == value).fill_null(False).sum().cast("int64")

    per = t.group_by("customer_id").aggregate(
        n_events=t.count().cast("int64"),
        page_views=count(VIEW_EVENT),
        cart_adds=count(CART_EVENT),
        web_purchases=count(PURCHASE_EVENT),
    )
    if session and session in events.columns:
        known = t.filter(t[session].notnull())
        sessions = known.group_by(session).aggregate(
            owner=known.customer_id.min(),
            cart=(known._phanloai_type == CART_EVENT).fill_null(False).any(),
            buy=(known._phanloai_type == PURCHASE_EVENT).fill_null(False).any(),
        )
        left = sessions.filter(sessions.cart & ~sessions.buy)
        abandoned = left.group_by(customer_id=left.owner).aggregate(
            abandoned_carts=left.count().cast("int64")
        )
        joined = per.left_join(abandoned, "customer_id")
        per = joined.select(
            *per.columns,
            abandoned_carts=joined.abandoned_carts.fill_null(0).cast("int64"),
        )
    else:
        gap = per.cart_adds - per.web_purchases
        per = per.mutate(abandoned_carts=ibis.greatest(gap, 0).cast("int64"))
    if customers is not None:
        per = _every_customer(customers, per, events, tuple(per.columns), "events")
    return per


def journey_features(events, customers=None, *, stages: Mapping[str, str] | None = None):
    """:func:`phanloai.journey_features` on an ibis table of events: per customer
    (``customer_id``) how many events show each later 5A stage (``appeal_events``,
    ``ask_events``, ``act_events``, ``advocate_events``), by the same map from event type to
    stage (default :data:`phanloai.features.EVENT_STAGES`); ``customers`` as for
    :func:`event_features`."""
    from .features import EVENT_STAGES, JOURNEY_COLUMNS

    stages = EVENT_STAGES if stages is None else stages
    t = _events_checked(events)
    counts = {}
    for col in JOURNEY_COLUMNS:
        types = sorted(str(k) for k, v in stages.items() if v == col.removesuffix("_events"))
        hit = t._phanloai_type.isin(types).fill_null(False) if types else None
        counts[col] = (hit.sum() if hit is not None else t.count() * 0).cast("int64")
    per = t.group_by("customer_id").aggregate(**counts)
    if customers is not None:
        per = _every_customer(customers, per, events, tuple(per.columns), "events")
    return per


def distance_km(customers, lat: float, lon: float):
    """:func:`phanloai.distance_km` on an ibis table: the great-circle distance from each
    customer (``lat``, ``lon``) to a point, in km to two decimals, as a column expression the
    engine computes (the same haversine formula as the pandas path; the two engines' sines may
    differ in the last bit, which two decimals hide). A customer without coordinates has none."""
    import ibis

    from .geo import EARTH_RADIUS_KM

    _require_columns(customers, ("lat", "lon"), "customers")
    lat, lon = check_point(lat, lon)

    def degrees(name):  # NaN and infinities are blanks (pandas: no distance either)
        col = customers[name].cast("float64")
        bad = (col.isnan() | col.isinf()).fill_null(False)
        return ibis.ifelse(bad, ibis.null("float64"), col).radians()

    lat0, lon0 = (math.radians(float(v)) for v in (lat, lon))
    lat1, lon1 = degrees("lat"), degrees("lon")
    a = ((lat1 - lat0) / 2).sin() ** 2 + lat1.cos() * math.cos(lat0) * (
        (lon1 - lon0) / 2
    ).sin() ** 2
    # kept within [0, 1] (rounding); LEAST and GREATEST would skip a blank, so not them
    a = ibis.ifelse(a > 1.0, 1.0, ibis.ifelse(a < 0.0, 0.0, a))
    return (2 * EARTH_RADIUS_KM * a.sqrt().asin()).round(2).name("distance_km")


def add_features(customers, orders=None, events=None, as_of=None, shop=None):
    """:func:`phanloai.add_features` on ibis tables: the customer table with the behaviour
    features joined (an ibis table; columns of the same name are replaced where they stand, in
    the result only): :func:`order_features` (``as_of``: by default the last order's date,
    read from the database), :func:`event_features` (only the event count when there is no web
    event, as in the pandas path) and :func:`journey_features`, and :func:`distance_km` to
    ``shop``. A few small queries run at once (the last order's date, whether there are web
    events, the check that every line's customer is in the table); the rest when asked."""
    for name, t in (("customers", customers), ("orders", orders), ("events", events)):
        if t is not None and not is_table(t):
            raise PhanloaiError(
                f"add_features(): bảng khách hàng ở trong cơ sở dữ liệu thì bảng '{name}' cũng "
                f"phải ở đó (một bảng ibis, ví dụ con.table('{name}')), không phải "
                f"{type(t).__name__}.",
                f"add_features(): with the customers in a database, the '{name}' table must be "
                f"there too (an ibis table, e.g. con.table('{name}')), not {type(t).__name__}.",
            )
    if "customer_id" not in customers.columns:
        raise PhanloaiError(
            "Bảng khách hàng trong cơ sở dữ liệu cần cột customer_id.",
            "The customers table in the database needs a customer_id column.",
        )
    ids = customers.select("customer_id")
    parts = []
    if orders is not None:
        if as_of is None:
            _require_columns(orders, ("customer_id", "amount", "order_date"), "orders")
            as_of = _local_times(orders, "order_date").max().to_pandas()
            if _is_blank(as_of):
                raise PhanloaiError(
                    "add_features(): không đơn hàng nào có ngày, nên cần as_of (ngày chốt).",
                    "add_features(): no order has a date, so as_of (the cut-off day) is needed.",
                )
        parts.append(order_features(orders, as_of, ids))
    if events is not None:
        from .features import CART_EVENT, PURCHASE_EVENT, VIEW_EVENT

        touch = event_features(events, ids)
        typed = _events_checked(events)
        web = typed.filter(typed._phanloai_type.isin([VIEW_EVENT, CART_EVENT, PURCHASE_EVENT]))
        if not int(web.limit(1).count().to_pandas()):
            touch = touch.select("customer_id", "n_events")  # no web events (spa, bolts)
        parts.append(touch)
        parts.append(journey_features(events, ids))
    out = customers
    if parts:
        new = [c for part in parts for c in part.columns if c != "customer_id"]
        features = parts[0]
        for part in parts[1:]:
            features = features.join(part, "customer_id")
        # one row per customer of ``ids``, its id in the customer table's own type
        features = features.rename({f"_phanloai_{c}": c for c in new})
        joined = customers.left_join(features, "customer_id")
        columns = {
            c: joined[f"_phanloai_{c}"] if c in new else joined[c] for c in customers.columns
        }
        columns.update({c: joined[f"_phanloai_{c}"] for c in new if c not in customers.columns})
        out = joined.select(**columns)
    if shop is not None:
        out = out.mutate(distance_km=distance_km(out, *shop))
    return out


def _require_columns(table, names: tuple[str, ...], what: str) -> None:
    missing = [c for c in names if c not in table.columns]
    if missing:
        raise PhanloaiError(
            f"Bảng '{what}' trong cơ sở dữ liệu thiếu cột: {', '.join(missing)}.",
            f"The '{what}' table in the database is missing column(s): {', '.join(missing)}.",
        )


def profile(table, labels, *, drop_empty: bool = False):
    """:func:`phanloai.profile` on an ibis table: the engine sums each level (one ``GROUP BY``:
    customers, known spend, orders, buyers) and only those few rows come back; the table is
    the pandas path's, number for number. ``labels`` is what :func:`classify` returned for this
    table (its declared levels, empty ones included, come with it) or the name of a column of
    level codes or plain values (its levels are then the values present, sorted, ``unknown``
    last for blanks). Money and counts are read as :func:`classify` reads them: an impossible
    value (negative, infinite) counts as not known."""
    import ibis.expr.types as ir
    import pandas as pd

    from .reports._base import dimension, sums
    from .reports.segments import measures, profile_frame
    from .schemes.result import as_labels

    if isinstance(labels, str):
        if labels not in table.columns:
            have = ", ".join(list(table.columns)[:12])
            raise PhanloaiError(
                f"profile(): bảng trong cơ sở dữ liệu không có cột '{labels}' (đang có: {have}).",
                f"profile(): the database table has no column '{labels}' (it has: {have}).",
            )
        expr = table[labels]
    elif isinstance(labels, ir.Column):
        expr = labels
    else:
        raise PhanloaiError(
            "profile(): với bảng trong cơ sở dữ liệu, nhãn cần là kết quả của "
            f"phanloai.classify(bảng, …) hoặc tên một cột; nhận được {type(labels).__name__}.",
            "profile(): with a database table, the labels must be what "
            f"phanloai.classify(table, …) returned or a column name; got {type(labels).__name__}.",
        )
    scheme = _classified_by(expr)
    try:
        t = table.mutate(_phanloai_label=expr)
    except Exception as exc:  # an expression of another table
        raise PhanloaiError(
            f"profile(): nhãn không thuộc bảng này ({type(exc).__name__}). Hãy phân loại đúng "
            "bảng này: phanloai.classify(bảng, …).",
            f"profile(): the labels do not belong to this table ({type(exc).__name__}). "
            "Classify this very table: phanloai.classify(table, …).",
        ) from exc
    words = ("profile(): bảng khách hàng", "profile(): the customer table")
    sums_of = {"customers": t.count()}
    whole = {}  # per measure: the column is whole numbers with nothing unknown (pandas: int64)
    for key, column, kind in (("revenue", "total_spend", "money"), ("orders", "n_orders", "count")):
        if column not in t.columns:
            continue
        value, _ = _number(t, column, kind, words)
        sums_of[key] = value.sum()
        sums_of[f"_unknown_{key}"] = value.isnull().sum()
        whole[key] = t[column].type().is_integer()
        if key == "orders":
            sums_of["bought"] = (value > 0).sum()
            sums_of["known"] = value.notnull().sum()
    got = t.group_by("_phanloai_label").aggregate(**sums_of).to_pandas()
    values = got["_phanloai_label"]
    if scheme is not None:
        values = as_labels(values, scheme[0], **scheme[1])
    else:
        values = values.rename(expr.get_name())
    dim = dimension("profile", values)
    totals = {}
    for key in ("customers", "revenue", "orders", "bought", "known"):
        if key not in got.columns:
            continue
        col = got[key].astype("float64").fillna(0)
        if key in ("customers", "bought", "known") or (
            whole[key] and int(got[f"_unknown_{key}"].sum()) == 0
        ):
            col = col.astype("int64")
        totals[key] = sums(pd.Series(col.to_numpy(), index=values.index), dim.values)
        totals[key] = totals[key].reindex(dim.levels).to_numpy()
    return profile_frame(dim, measures(totals), drop_empty)


def ids_table(customer_ids):
    """The customers a per-customer feature table must cover, as ibis (None: none given): an
    ibis table with
    ``customer_id`` or a column of ids as they are; ids in Python (a list, a pandas Index or
    Series, a pandas table's ``customer_id``) are sent to the engine as a small table."""
    import ibis
    import ibis.expr.types as ir
    import pandas as pd

    if customer_ids is None or isinstance(customer_ids, ir.Table | ir.Column):
        return customer_ids
    if isinstance(customer_ids, pd.DataFrame):
        if "customer_id" not in customer_ids.columns:
            raise PhanloaiError(
                "Bảng khách hàng cần cột customer_id.",
                "The customers table needs a customer_id column.",
            )
        customer_ids = customer_ids["customer_id"]
    ids = pd.Series(pd.Index(customer_ids), name="customer_id")
    return ibis.memtable(ids.to_frame())


def _every_customer(customers, per, lines, zero: tuple[str, ...], table: str = "orders"):
    """Every customer of ``customers`` (an ibis table with ``customer_id``, or a column of ids)
    with the per-customer columns of ``per``; those without a line get 0 in the ``zero``
    columns (False in a true/false one). Ids of two kinds (numbers here, text there) are
    compared as text, as the pandas path converts them. A line of a customer who is not in the
    table (or of none: a blank id) is an error naming a few of them, as the pandas path refuses
    it. This check runs at once: it reads at most three ids."""
    import ibis.expr.types as ir

    if isinstance(customers, ir.Column):
        customers = customers.name("customer_id").as_table()
    if not isinstance(customers, ir.Table) or "customer_id" not in customers.columns:
        raise PhanloaiError(
            "Bảng khách hàng trong cơ sở dữ liệu cần cột customer_id.",
            "The customers table in the database needs a customer_id column.",
        )
    ids = customers.select("customer_id").distinct()
    same = ids.customer_id.type() == lines.customer_id.type()

    def keyed(t):
        return t.mutate(_phanloai_key=t.customer_id if same else t.customer_id.cast("string"))

    ids, per, lines = keyed(ids), keyed(per).drop("customer_id"), keyed(lines)
    strangers = lines.anti_join(ids, "_phanloai_key").select("customer_id").distinct()
    shown = strangers.limit(3).to_pandas()["customer_id"].tolist()
    if shown:
        names = ", ".join("(trống / blank)" if _is_blank(v) else str(v) for v in shown)
        raise PhanloaiError(
            f"Bảng '{table}': có dòng của khách không có trong bảng khách hàng (ví dụ: {names}).",
            f"Table '{table}': some rows belong to customers who are not in the customers table "
            f"(e.g. {names}).",
        )
    joined = ids.left_join(per, "_phanloai_key")
    columns = {}
    for c in per.columns:
        if c != "_phanloai_key":
            fill = False if joined[c].type().is_boolean() else 0
            columns[c] = joined[c].fill_null(fill) if c in zero else joined[c]
    return joined.select("customer_id", **columns)


def _is_blank(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _half_even(x):
    """Rounded to a whole number with halves to the even one, as NumPy rounds (SQL's ROUND takes
    halves away from zero: 2.5 → 3, where pandas says 2)."""
    return half_even(x).cast("float64")


# -- a file too big for memory, from the command line -------------------------------------------
#: the column DuckDB names each Parquet row's file in (with ``file_row_number``: file order)
_FILE = "_phanloai_file"


def _read(con, path, types=None):
    """An order or customer file as a DuckDB table (Parquet or CSV, read where it lies; a folder:
    its Parquet files, which must share their columns). What DuckDB cannot read is a bilingual
    error naming the file."""
    from pathlib import Path

    path = Path(path)
    if not path.exists():
        raise PhanloaiError(f"Không có tệp '{path}'.", f"There is no file '{path}'.")
    suffix = path.suffix.lower()
    if path.is_dir() and not any(path.glob("*.parquet")):
        raise PhanloaiError(
            f"Thư mục '{path}' không có tệp .parquet nào.",
            f"The folder '{path}' holds no .parquet file.",
        )
    if not path.is_dir() and suffix not in (".parquet", ".csv", ".tsv", ".txt"):
        raise PhanloaiError(
            f"'{path.name}': với --engine duckdb hãy dùng tệp .parquet hoặc .csv (Excel: bỏ --engine).",
            f"'{path.name}': with --engine duckdb use a .parquet or .csv file (Excel: leave out --engine).",
        )
    try:
        if suffix == ".parquet" or path.is_dir():
            source = str(path / "*.parquet") if path.is_dir() else str(path)
            table = con.read_parquet(source)
            if not {"file_row_number", _FILE} & set(table.columns):  # each row's place
                table = con.read_parquet(source, file_row_number=True, filename=_FILE)
        else:
            table = con.read_csv(str(path), types=types)
        table.schema()  # reading starts here: the file's problems show now, not later
    except PhanloaiError:
        raise
    except Exception as exc:  # DuckDB's own errors, worded for a database engineer
        raise PhanloaiError(
            f"DuckDB không đọc được '{path}': {str(exc).splitlines()[0]}",
            f"DuckDB cannot read '{path}': {str(exc).splitlines()[0]}",
        ) from None
    return table


def _keyed(table, kind: str, needed: tuple[str, ...], mapping, file: str):
    """The table with its headers read as the door reads them (Vietnamese or English, any case
    or diacritics, or the mapping) and renamed to the keys; the needed keys must be there.
    Returns the table and, per key, the header as the file writes it (for messages)."""
    import pandas as pd

    from .intake.headers import match_headers

    order = {"_file": _FILE, "_row": "file_row_number"} if _FILE in table.columns else {}
    match = match_headers([c for c in table.columns if c not in order.values()], kind, mapping)
    if match.ambiguous:
        key, positions = next(iter(match.ambiguous.items()))
        heads = ", ".join(f"'{match.headers[p]}'" for p in positions)
        raise PhanloaiError(
            f"Tệp '{file}': {heads} đều có thể là {key}; chọn bằng --map \"TIÊU_ĐỀ={key}\".",
            f"File '{file}': {heads} could all be {key}; choose with --map \"HEADER={key}\".",
        )
    found = {key: match.headers[pos] for pos, key in match.keys.items()}
    missing = [k for k in needed if k not in found]
    if missing:
        have = ", ".join(match.headers[:12])
        raise PhanloaiError(
            f"Tệp '{file}' thiếu cột {', '.join(missing)} (tệp có: {have}); gán bằng --map.",
            f"File '{file}' has no {', '.join(missing)} column (it has: {have}); map one with --map.",
        )
    keep = [pos for pos in match.keys]
    table = table.select(
        **{match.keys[pos]: table[match.headers[pos]] for pos in keep},
        **{new: table[old] for new, old in order.items()},
    )
    if "customer_id" in table.columns:  # ids compare as text, whatever type each file gave them
        ids = table.customer_id
        # one pass to see whether any id needs cleaning: the cleaning is costly, and each query
        # of the run would do it again (nearly every export needs none)
        plain = False
        if ids.type().is_string():  # (no row at all: the answer is blank, and nothing to clean)
            odd = table.aggregate(odd=_odd_ids(ids).any()).to_pandas()["odd"].iloc[0]
            plain = not (pd.notna(odd) and bool(odd))
        table = table.mutate(customer_id=_id_text(ids, plain))
    return table, found


def _nfc(col):
    """The engine's own ``nfc_normalize`` (DuckDB): the text composed (NFC)."""
    import ibis
    import ibis.expr.datatypes as dt

    return ibis.udf.scalar.builtin(
        lambda text: None, name="nfc_normalize", signature=((dt.string,), dt.string)
    )(col)


def _odd_ids(col):
    """Per row: whether a text id needs the door's cleaning (a space of any kind, letters not
    composed, or a word that means blank)."""
    from .intake._text import ODD_SPACES, TRIMMED
    from .intake.values import BLANKS

    short = max(map(len, BLANKS))
    blank = (col.length() <= short) & col.lower().isin(sorted(BLANKS))
    ends = col.re_search(f"^{TRIMMED}|{TRIMMED}$")
    return (col.re_search(ODD_SPACES) | ends | (_nfc(col) != col) | blank).fill_null(False)


def _id_text(col, plain: bool = False):
    """Customer ids as the door reads them (:func:`phanloai.intake._text.nfc_arrow`): text,
    composed (NFC), every run of spaces, non-breaking or zero-width spaces one space, trimmed; a
    blank one ("", "-", "n/a"…) is no id; a whole number stored as a decimal (123.0, as a column
    with blanks holds numbers) is 123. ``plain``: text ids known to need none of this (see
    :func:`_odd_ids`), kept as they are."""
    import ibis

    from .intake._text import SPACES, TRIMMED
    from .intake.values import BLANKS

    kind = col.type()
    if kind.is_string() and plain:
        return col
    if kind.is_floating():
        odd = (col.isnan() | col.isinf()).fill_null(False)
        whole = ~odd & (col == col.floor()).fill_null(False)
        text = ibis.ifelse(whole, col.cast("int64").cast("string"), col.cast("string"))
        col = ibis.ifelse(odd, ibis.null("string"), text)
    elif kind.is_string():  # trimmed of every Unicode space (numbers written out have none)
        col = _nfc(col).re_replace(SPACES + "+", " ").re_replace(f"^{TRIMMED}+|{TRIMMED}+$", "")
    else:
        col = col.cast("string")
    return ibis.ifelse(col.lower().isin(sorted(BLANKS)), ibis.null("string"), col)


def _text_ids(con, path, table, kind: str, mapping):
    """A CSV file read again with its customer id column as text, as the door reads it: DuckDB
    guesses a type from the values, and ``5.0`` read as a number would be the id 5."""
    from pathlib import Path

    from .intake.headers import match_headers

    path = Path(path)
    if path.is_dir() or path.suffix.lower() == ".parquet":
        return table
    match = match_headers(list(table.columns), kind, mapping)
    header = next((match.headers[p] for p, k in match.keys.items() if k == "customer_id"), None)
    if header is None or match.ambiguous or table[header].type().is_string():
        return table
    return _read(con, path, types={header: "string"})


def classify_file(
    orders,
    scheme: str,
    params: Mapping,
    out,
    *,
    customers=None,
    as_of=None,
    mapping: Mapping | None = None,
    force: bool = False,
    memory_limit: str | None = MEMORY_LIMIT,
) -> dict:
    """``phanloai classify ORDERS --engine duckdb``: the order lines of a Parquet or CSV file
    (read where it lies: larger than memory is fine) → per-customer features by the door's rules
    for exports (:func:`export_features`: refunds, blank amounts and dates) → the scheme's level
    per customer, written to ``out`` (``.parquet`` or ``.csv``: the customer id, the features, the
    columns of the customers file, the level code and the reason in words — :func:`explain`)
    whole or not at all. With ``customers``,
    every customer of that file gets a row and its columns feed the scheme (distance, region…).
    Customers of the lines that the customers file does not hold are added, and ids that lost
    their leading zeros are linked, as the door does (both counted in the returned dict).
    Headers are read as the door reads them; the amounts and dates must be typed (a CSV with
    ``1.250.000 ₫`` or ``05/01/2025`` goes through the default engine, which reads them). Lines
    without a customer id are left out and counted. ``as_of``: the day recency is counted to
    (default: the latest order's day). Returns ``{"counts": {level: customers}, "no_id": lines}``."""
    from pathlib import Path

    target = Path(out)
    if target.suffix.lower() not in (".parquet", ".csv"):
        raise PhanloaiError(
            f"'{target.name}': với --engine duckdb, kết quả ghi ra .parquet hoặc .csv.",
            f"'{target.name}': with --engine duckdb the result is written as .parquet or .csv.",
        )
    from .files import check_target

    check_target(target, force, (orders, customers))  # said before the work, not after it
    con = connect(memory_limit=memory_limit)
    try:
        return _classify_file(con, orders, scheme, params, target, customers, as_of, mapping, force)
    except (PhanloaiError, OSError):
        raise
    except KeyboardInterrupt:
        raise PhanloaiError(
            "Đã dừng theo yêu cầu (Ctrl-C); không ghi gì.",
            "Stopped as asked (Ctrl-C); nothing was written.",
        ) from None
    except Exception as exc:  # DuckDB's own errors, said for people
        raise _duckdb_problem(exc) from None


def _duckdb_problem(exc: Exception) -> PhanloaiError:
    """What went wrong inside DuckDB, with the advice that fits: a value the file's column
    cannot hold, memory or disk, or a stop."""
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    name = type(exc).__name__
    if "interrupt" in first.lower():
        return PhanloaiError(
            "Đã dừng theo yêu cầu (Ctrl-C); không ghi gì.",
            "Stopped as asked (Ctrl-C); nothing was written.",
        )
    if name in ("ConversionException", "InvalidInputException") or "CSV Error" in first:
        return PhanloaiError(
            f"DuckDB không đọc được một giá trị của tệp, không ghi gì: {first}. Trong tệp CSV, một "
            "cột có thể có ngày hay số viết khác kiểu ở giữa tệp; hãy bỏ --engine duckdb để cửa dữ "
            "liệu đọc từng giá trị và báo theo dòng, hoặc lưu tệp Parquet có kiểu.",
            f"DuckDB cannot read a value of the file, nothing was written: {first}. In a CSV file "
            "a column may hold a date or number written another way further down; leave out "
            "--engine duckdb so the door reads every value and reports it by row, or save a typed "
            "Parquet file.",
        )
    return PhanloaiError(
        f"DuckDB dừng giữa chừng, không ghi gì: {first}. Thử --memory-limit nhỏ hơn (DuckDB "
        "dùng đĩa thay bộ nhớ) hoặc chỗ đĩa trống hơn.",
        f"DuckDB stopped, nothing was written: {first}. Try a smaller --memory-limit (DuckDB "
        "then works on disk) or more free disk space.",
    )


def _classify_file(con, orders, scheme, params, target, customers, as_of, mapping, force):
    from pathlib import Path

    import ibis
    import pandas as pd

    from .features import as_of_bounds
    from .files import writing

    wanted = ("customer_id", "amount", "order_date")
    raw_lines = _text_ids(con, orders, _read(con, orders), "orders", mapping)
    people_raw = None
    if customers is not None:
        people_raw = _text_ids(con, customers, _read(con, customers), "customers", mapping)
    _mapped_headers_exist(mapping, [raw_lines, people_raw], [orders, customers])
    lines, headers = _keyed(raw_lines, "orders", wanted, mapping, str(orders))
    if int(lines.count().to_pandas()) == 0:
        raise PhanloaiError(
            f"Tệp '{orders}' không có dòng đơn hàng nào.", f"File '{orders}' holds no order line."
        )
    for key, numeric in (("amount", True), ("order_date", False)):
        dtype = lines[key].type()
        if not (dtype.is_numeric() if numeric else dtype.is_temporal()):
            what_vi, what_en = ("số", "a number") if numeric else ("ngày", "a date")
            raise PhanloaiError(
                f"Tệp '{orders}': cột '{headers[key]}' ({key}) có kiểu {dtype}, chưa phải "
                f"{what_vi}. Bỏ --engine duckdb để đọc số và ngày kiểu Việt Nam, hoặc lưu tệp "
                "Parquet có kiểu.",
                f"File '{orders}': column '{headers[key]}' ({key}) is of type {dtype}, not "
                f"{what_en}. Leave out --engine duckdb to read Vietnamese numbers and dates, or "
                "save a typed Parquet file.",
            )
    # what the run reports about the lines, in one pass over the file
    stamps = _local_times(lines, "order_date", (f"Tệp '{orders}'", f"File '{orders}'"))
    amount = lines.amount.cast("float64")
    has_id = lines.customer_id.notnull()
    after = (
        (has_id & (stamps > pd.Timestamp(as_of_bounds(as_of)[1]))).fill_null(False).sum()
        if as_of is not None
        else ibis.literal(0)  # counted to the last order's day: nothing comes after it
    )
    facts = (
        lines.aggregate(
            no_id=(~has_id).sum(),
            unreadable_amounts=(has_id & (amount.isnan() | amount.isinf()).fill_null(False)).sum(),
            after_as_of=after,
            last=stamps.max(where=has_id),
        )
        .to_pandas()
        .iloc[0]
    )
    said = {k: int(facts[k]) for k in ("no_id", "unreadable_amounts", "after_as_of")}
    lines = lines.filter(has_id)
    if as_of is None:
        if pd.isna(facts["last"]):
            raise PhanloaiError(
                f"Tệp '{orders}' không có ngày mua nào (cột '{headers['order_date']}'): hãy cho "
                "--as-of.",
                f"File '{orders}' holds no order date (column '{headers['order_date']}'): give "
                "--as-of.",
            )
        as_of = pd.Timestamp(facts["last"]).normalize()
    said["as_of"] = pd.Timestamp(as_of).normalize()
    people = None
    if people_raw is not None:
        people, _ = _keyed(people_raw, "customers", ("customer_id",), mapping, str(customers))
        ids = people.customer_id
        counted = people.aggregate(n=people.count(), no_id=ids.isnull().sum(), ids=ids.nunique())
        counted = counted.to_pandas().iloc[0]
        if not int(counted["n"]):  # as the door: a header and no row is no customers file
            from .intake.door import _no_data

            raise _no_data(Path(customers).name)
        said["customers_no_id"] = int(counted["no_id"])
        said["customers_twice"] = int(counted["n"] - counted["no_id"] - counted["ids"])
        people = people.filter(people.customer_id.notnull())
        if "_row" in people.columns:  # the first row of each id, as the door keeps it
            people = _first_of_each(people, ["_file", "_row"]).drop("_file", "_row")
        else:
            people = people.distinct(on="customer_id", keep="first")
        lines, relinked = _relink_without_zeros(lines, people, as_of)
        said.update(relinked)
    features = export_features(lines, as_of)
    if people is not None:
        people, added = _add_strangers(people, features, lines, as_of)
        said.update(added)
        people, renamed = _as_the_door_reads(people)
        said.update(renamed)
        own = [c for c in people.columns if c not in features.columns or c == "customer_id"]
        joined = people.select(*own).left_join(features, "customer_id")
        base = joined.select(*[c for c in joined.columns if not c.endswith("_right")])
        features = base.mutate(
            n_orders=base.n_orders.fill_null(0),
            total_spend=_spent_or_zero(base.total_spend, base.n_orders),
        )
    # each customer's level and, as the pandas engine's list has it, the reason in words
    result = explain(features, scheme, params)
    with writing(target, force=force) as tmp:
        if target.suffix.lower() == ".parquet":
            con.to_parquet(result, str(tmp))
        else:
            _write_csv(con, result, tmp)
    written = (
        con.read_parquet(str(target))
        if target.suffix.lower() == ".parquet"
        else con.read_csv(str(target))
    )
    counts = written.group_by("level").aggregate(n=written.count()).to_pandas()
    return {"counts": dict(zip(counts["level"], counts["n"].astype(int), strict=True)), **said}


def _without_zeros(ids):
    """An id written with digits only, without its leading zeros (``00123``, ``123.0`` →
    ``123``), else null: :func:`phanloai.intake.door._digits` in the database."""
    import ibis

    text = ids.re_replace(r"\.0$", "")
    bare = text.re_replace(r"^0+", "")
    return ibis.ifelse(
        text.re_search(r"^[0-9]+$").fill_null(False),
        ibis.ifelse(bare == "", "0", bare),
        ibis.null("string"),
    )


def _relink_without_zeros(lines, people, as_of):
    """Order lines whose customer id matches no id of the customers file are matched again
    without leading zeros, when both ids are digits only and the customers' ids stay distinct
    without their zeros (Excel turns ``00123`` into the number 123): the door's rule. Returns
    the lines, relinked, and what to say: how many lines (up to ``as_of``) and an example."""
    keys = people.select(_bare=_without_zeros(people.customer_id), _match=people.customer_id)
    keys = keys.filter(keys._bare.notnull())
    counted = keys.aggregate(n=keys.count(), distinct=keys._bare.nunique()).to_pandas().iloc[0]
    if int(counted["n"]) == 0 or int(counted["distinct"]) < int(counted["n"]):
        return lines, {}
    strangers = lines.select("customer_id").distinct().anti_join(people, "customer_id")
    strangers = strangers.mutate(_bare=_without_zeros(strangers.customer_id))
    found = strangers.inner_join(keys, "_bare").select(_given="customer_id", _match="_match")
    joined = lines.left_join(found, lines.customer_id == found._given)
    kept = _counted(joined, as_of)
    kept = kept.filter(kept._match.notnull())
    facts = kept.aggregate(n=kept.count(), given=kept._given.min()).to_pandas().iloc[0]
    if not int(facts["n"]):  # none of the lines counted moves: no join for the queries to come
        return lines, {}
    relinked = joined.mutate(customer_id=joined._match.coalesce(joined.customer_id)).drop(
        "_given", "_match"
    )
    example = found.filter(found._given == facts["given"]).to_pandas().iloc[0]
    return relinked, {
        "id_leading_zeros": int(facts["n"]),
        "zeros_example": f"{example['_given']} → {example['_match']}",
    }


def _first_of_each(table, order_by):
    """The first row of each customer id in the order given."""
    import ibis

    first = ibis.row_number().over(group_by="customer_id", order_by=order_by)
    return table.mutate(_first=first).filter(lambda t: t._first == 0).drop("_first")


def _add_strangers(people, features, lines, as_of):
    """Customers of the order lines that the customers file does not hold are added, as the
    door adds them: with their order data only (and the name, phone, province… their lines
    give, where the customers file has such a column; as text where the two files give it two
    types): as their earliest line up to ``as_of`` says it, blank included, lines of the same
    moment taken in file order (a Parquet file; for a CSV, by their values). The door reads the
    first line of the file: the same line when the file is in date order. Returns the customers
    and what to say: how many were added and up to three of their ids."""
    import ibis

    from .intake.door import _INFO

    strangers = features.select("customer_id").anti_join(people, "customer_id")
    # how many and the first three, in one query (the features are a GROUP BY of every line)
    head = strangers.mutate(_n=strangers.count().over(ibis.window()))
    head = head.order_by("customer_id").limit(3).to_pandas()
    if head.empty:
        return people, {}
    n, shown = int(head["_n"].iloc[0]), ", ".join(map(str, head["customer_id"]))
    info = [c for c in _INFO if c != "customer_id" and c in lines.columns and c in people.columns]
    two_types = {c: people[c].cast("string") for c in info if lines[c].type() != people[c].type()}
    if two_types:
        people = people.mutate(**two_types)
    if info:  # what each one's earliest counted line says
        counted = _counted(lines, as_of)
        ties = (
            [counted._file, counted._row]
            if "_row" in counted.columns
            else [counted[c] for c in info]
        )
        said = _first_of_each(counted, [counted._stamp.isnull(), counted._stamp, *ties])
        said = said.select("customer_id", **{c: said[c].cast(people[c].type()) for c in info})
        strangers = strangers.left_join(said, "customer_id").select("customer_id", *info)
    filled = {
        c: (strangers[c] if c in info else ibis.null(people[c].type()))
        for c in people.columns
        if c != "customer_id"
    }
    added = strangers.select("customer_id", **filled).select(*people.columns)
    return people.union(added), {"strangers": n, "strangers_example": shown}


#: the customer columns whose written values the door reads into a few known ones
_CHOICE_KINDS = ("province", "region", "gender")


def _as_the_door_reads(people):
    """The customers' choice columns (province, region, gender) read as the door for files
    reads them — the same functions, once per distinct value written, joined back: a province
    by its name of before 2025 becomes today's, "Bắc Bộ" becomes Bắc; without a region column,
    the region comes from the province, as the door derives it. A value the door cannot read
    is blank (the customer Unknown where the scheme needs it), as with the default engine.
    Returns the table and what to say: ``province_old`` (customers whose province was written
    by its old name) and ``province_old_example`` ("Bình Dương → TP Hồ Chí Minh")."""
    import ibis
    import numpy as np
    import pandas as pd

    from .intake.door import _parse, kind_of
    from .intake.places import regions
    from .intake.values import RawColumn

    said: dict = {}
    for key in list(people.columns):
        kind = kind_of(key, "customers")
        if kind not in _CHOICE_KINDS:
            continue
        # written as a number: none the door knows (blank); a Parquet column of nulls only,
        # which DuckDB reads as numbers: blank text
        if not people[key].type().is_string():
            people = people.mutate(**{key: people[key].cast("string")})
        written = people.select(key).distinct().to_pandas()[key].dropna().astype(str)
        if written.empty:  # nothing written: blank, and so is the region it would give
            if kind == "province" and "region" not in people.columns:
                people = people.mutate(region=ibis.null("string"))
            continue
        codes, _, clean = RawColumn(written.to_numpy(dtype=object)).encoded()
        found = _parse(clean, key, kind, "customers", True, 1.0)
        parsed = np.append(np.asarray(found.values, dtype=object), None)[codes]
        if kind == "province":  # names of before the 2025 merger: counted and said
            old = np.append(np.asarray(found.detail["old"], dtype=object), None)[codes]
            was = written.to_numpy(dtype=object)[pd.notna(old)]
            if len(was):
                said["province_old"] = int(
                    people.filter(people[key].isin(list(was))).count().execute()
                )
                first = int(np.argmin(was))  # the distinct values come in no set order
                said["province_old_example"] = f"{was[first]} → {parsed[pd.notna(old)][first]}"
        read = {"_written": written.to_numpy(dtype=object), "_read": parsed}
        if kind == "province" and "region" not in people.columns:
            read["_region"] = np.array([regions().get(v) for v in parsed], dtype=object)
        lookup = ibis.memtable(pd.DataFrame(read), schema=dict.fromkeys(read, "string"))
        joined = people.left_join(lookup, people[key] == lookup._written)
        extra = {"region": joined._region} if "_region" in lookup.columns else {}
        people = joined.mutate(**{key: joined._read}, **extra).drop(
            *[c for c in lookup.columns if c in joined.columns]
        )
    return people, said


def _write_csv(con, result, path) -> None:
    """The result as CSV the way the rest of the package writes one for Excel: UTF-8 with a BOM
    (Excel then reads Vietnamese right) and text that starts like a formula made inert (a
    leading apostrophe, as :func:`phanloai.files.inert_text`)."""
    import shutil
    from pathlib import Path

    import ibis

    from .files import FORMULA_STARTS

    pattern = "^[" + "".join("\\" + c if c in "-" else c for c in FORMULA_STARTS) + "]"
    safe = result.mutate(
        **{
            c: ibis.ifelse(
                result[c].re_search(pattern).fill_null(False), "'" + result[c], result[c]
            )
            for c in result.columns
            if result[c].type().is_string()
        }
    )
    body = Path(str(path) + ".body")
    try:
        con.to_csv(safe, str(body))
        with open(path, "wb") as out, open(body, "rb") as src:
            out.write(b"\xef\xbb\xbf")
            shutil.copyfileobj(src, out, 1 << 20)
    finally:
        body.unlink(missing_ok=True)


def _mapped_headers_exist(mapping, tables, files) -> None:
    """Every header named in --map is in one of the files (as the door for files insists)."""
    from .intake._text import fold

    if not mapping:
        return
    have = {fold(c): c for t in tables if t is not None for c in t.columns}
    flat = {h: k for h, k in mapping.items() if not isinstance(k, dict)}
    missing = [h for h in flat if fold(h) not in have]
    if missing:
        names = ", ".join(f"'{h}'" for h in missing)
        listed = ", ".join(str(f) for f in files if f is not None)
        shown = ", ".join(list(have.values())[:12])
        raise PhanloaiError(
            f"--map nhắc tới tiêu đề {names} không có trong tệp ({listed}); các tiêu đề có: "
            f"{shown}.",
            f"--map names the header(s) {names}, which no file has ({listed}); the headers are: "
            f"{shown}.",
        )


def _spent_or_zero(total, n_orders):
    """A customer without an order line spent 0 (not an unknown amount)."""
    import ibis

    return ibis.ifelse(n_orders.isnull(), 0.0, total)
