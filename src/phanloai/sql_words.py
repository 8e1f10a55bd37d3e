"""Explanations written by the database engine: the words :func:`phanloai.explain` gives on a
pandas table, built as ibis text expressions, so that a warehouse explains 5 million customers
where they are and ``.to_pandas()`` gives the very text pandas gives.

Numbers are the hard part. Python writes ``f"{x:.1f}"`` from the exact binary value of ``x``
(0.35 is stored a little below 0.35, so it becomes "0.3"; 0.25 is exact, and the half goes to the
even digit: "0.2"), while SQL's ``ROUND`` multiplies first and takes halves away from zero
(DuckDB's ``ROUND(0.35, 1)`` is 0.4). :func:`number_text` therefore rounds with plain double
arithmetic that every engine does the same way: the product ``x × 10^d`` is computed exactly as a
sum of two doubles (Dekker's product), and the half is judged on that exact sum. The digits are
then grouped by integer arithmetic — no engine's own number format is used.

Limits (far beyond any customer's value): exact while ``|x| × 10^d`` is below 2^52 ≈ 4.5 ×
10^15. Beyond, the whole number is shown without its decimals, and above 2^53 its middle digits
may differ (the engine divides through doubles); from 9 × 10^18 on the engine writes the double
its own way (``1e+19``) where Python writes every digit.

The language is the one current when the expression is built, as for a pandas explanation.
"""

from __future__ import annotations

import functools
import operator
import re
import string
from collections.abc import Mapping, Sequence

from ._i18n import get_language, tr

#: 2^27 + 1: Veltkamp's constant, which splits a double into two halves of 26 bits
_SPLIT = 134217729.0
#: beyond this a double holds no fraction, and its digits are shown as the engine stores them
_WHOLE = 2.0**52
#: the largest finite double: comparing with it finds infinities on every engine (some SQL
#: compilers cannot write an infinite literal)
LARGEST = 1.7976931348623157e308


def _split(b: float) -> tuple[float, float]:
    c = _SPLIT * b
    high = c - (c - b)
    return high, b - high


def _text(value):
    import ibis

    return ibis.literal(value, type="string")


def concat(*parts):
    """Texts joined (each part a Python string or an ibis text expression)."""
    return functools.reduce(operator.add, [_text(p) if isinstance(p, str) else p for p in parts])


def half_even(p, e=None):
    """``p + e`` (the exact value, ``e`` tiny; None = 0) rounded to a whole double, the half to
    the even one, as Python rounds: judged on the exact sum, not on ``p`` alone."""
    import ibis

    low = p.floor()
    rest = p - low
    odd = (low - (low / 2).floor() * 2) == 1
    tie_up = odd if e is None else (e > 0) | ((e == 0) & odd)
    up = (rest > 0.5) | ((rest == 0.5) & tie_up)
    return ibis.ifelse(p >= _WHOLE, p, ibis.ifelse(up, low + 1, low))


def _div(n, m: int):
    """``n // m`` for whole numbers ≥ 0 (the remainder taken off first, so the division is
    exact below 2^53 even on an engine that divides through doubles)."""
    return ((n - n % m) / m).cast("int64")


def _padded(n, width: int):
    """A whole number 0 ≤ n < 10^width written with ``width`` digits (leading zeros), by
    arithmetic: some engines' LPAD compiles to a long CASE."""
    return (n + 10**width).cast("string").right(width)


def _grouped(n, sep: str):
    """A whole number ≥ 0 (int64) with its thousands grouped by ``sep``."""
    import ibis

    groups = [_div(n, 1000**k) % 1000 for k in range(6)] + [_div(n, 1000**6)]
    # written with 1 to 7 groups: the first as it is, the others with their leading zeros
    texts = [
        concat(
            groups[size - 1].cast("string"),
            *[concat(sep, _padded(g, 3)) for g in reversed(groups[: size - 1])],
        )
        for size in range(1, 8)
    ]
    return ibis.cases(
        *[(n < 1000**size, text) for size, text in enumerate(texts[:-1], 1)], else_=texts[-1]
    )


#: decimals each kind of number is written with (a share as a percentage: × 100 first)
_DECIMALS = {"money": 0, "count": 0, "integer": 0, "days": 0, "km": 1, "share": 0, "number": 2}


def _hidden(part: str, name: str) -> str:
    return f"_phanloai_{part}_{name}"


def with_numbers(table, kinds: Mapping[str, str]):
    """The table with, for each number column (``kinds``: column → kind), its value rounded as
    Python writes it: the whole part and the decimal digits as integers, in columns of their
    own. Each step reads the one before by name: written as one expression, SQL would repeat the
    exact product in every place the digits are read (megabytes of SQL per number)."""
    import ibis

    kinds = {name: kind for name, kind in kinds.items() if kind in _DECIMALS}
    if not kinds:
        return table
    size = {}
    for name, kind in kinds.items():  # the size of the value as shown (a share × 100)
        raw = table[name].cast("float64")
        finite = raw.notnull() & ~raw.isnan() & (raw.abs() < 9.0e18)
        size[_hidden("a", name)] = ibis.ifelse(
            finite, (raw * 100.0 if kind == "share" else raw).abs(), 0.0
        )
    table = table.mutate(**size)
    exact = {}
    for name, kind in kinds.items():  # a × 10^d = p + e exactly (Dekker's product)
        decimals = _DECIMALS[kind]
        if not decimals:
            continue
        a = table[_hidden("a", name)]
        b = float(10**decimals)
        bh, bl = _split(b)
        c = a * _SPLIT
        ah = c - (c - a)
        al = a - ah
        exact[_hidden("p", name)] = a * b
        exact[_hidden("e", name)] = ((ah * bh - a * b) + ah * bl + al * bh) + al * bl
    if exact:
        table = table.mutate(**exact)
    rounded = {}
    for name, kind in kinds.items():
        a = table[_hidden("a", name)]
        rounded[_hidden("s0", name)] = half_even(a)
        if _DECIMALS[kind]:
            p, e = table[_hidden("p", name)], table[_hidden("e", name)]
            rounded[_hidden("s", name)] = half_even(p, e)
    table = table.mutate(**rounded)
    digits = {}
    for name, kind in kinds.items():
        decimals = _DECIMALS[kind]
        whole = ibis.least(table[_hidden("s0", name)], 9.0e18).cast("int64")
        if decimals:
            s = table[_hidden("s", name)]
            n = ibis.ifelse(s < _WHOLE, s, 0.0).cast("int64")
            digits[_hidden("f", name)] = n % 10**decimals
            digits[_hidden("i", name)] = ibis.ifelse(s < _WHOLE, _div(n, 10**decimals), whole)
        else:
            digits[_hidden("i", name)] = whole
    table = table.mutate(**digits)
    return table.mutate(
        **{_hidden("t", name): _digits(table, name, kind) for name, kind in kinds.items()}
    )


def _digits(table, name: str, kind: str):
    """The whole part and the decimals of column ``name`` (prepared above) written as
    :func:`phanloai.vn.format_number` writes them in the current language, without the sign."""
    import ibis

    decimals = _DECIMALS[kind]
    thousands, mark = (".", ",") if get_language() == "vi" else (",", ".")
    text = _grouped(table[_hidden("i", name)], thousands)
    if not decimals:
        return text
    frac = table[_hidden("f", name)]
    branches = [(frac == 0, _text(""))]
    # trailing zeros dropped, as format_number does: 0.50 → 0.5
    for zeros in range(decimals - 1, 0, -1):
        unit = 10**zeros
        branches.append(
            (frac % unit == 0, concat(mark, _padded(_div(frac, unit), decimals - zeros)))
        )
    rest = concat(mark, _padded(frac, decimals))
    return concat(text, ibis.cases(*branches, else_=rest))


def _signed(table, name: str, kind: str):
    """The number of column ``name`` with its sign (from 9 × 10^18 on, as the engine writes a
    double)."""
    import ibis

    raw = table[name].cast("float64")
    shown = raw * 100.0 if kind == "share" else raw
    text = ibis.ifelse(shown.abs() >= 9.0e18, shown.abs().cast("string"), table[_hidden("t", name)])
    # Python writes -0.0 as "-0": the sign of a zero is read from the engine's text of it
    negative = (shown < 0) | ((shown == 0) & shown.cast("string").startswith("-"))
    if kind == "money":  # format_money rounds first: -0.4 đồng is "0 ₫"
        negative = negative & ((table[_hidden("i", name)] != 0) | (shown.abs() >= 9.0e18))
    return ibis.ifelse(negative, concat("-", text), text)


def value_text(table, name: str, kind: str, value=None):
    """:func:`phanloai.schemes.base.format_value` of column ``name`` of a table prepared by
    :func:`with_numbers`, as an ibis text expression. ``value``: the column as the rules read it
    (cleaned; its blank is "(trống)"), the column itself when not given. Exact up to 2^52 ≈
    4.5 × 10^15 after ``× 10^decimals``; beyond, the whole number without decimals, and from
    9 × 10^18 on as the engine writes a double."""
    import ibis

    value = table[name] if value is None else value
    empty = _text(tr("(trống)", "(empty)"))
    if kind in _DECIMALS:
        x = table[name].cast("float64")
        digits = _signed(table, name, kind)
        unit = {
            "money": tr(" ₫", " VND"),
            "days": " " + tr("ngày", "days"),
            "km": " km",
            "share": " %",
        }.get(kind, "")
        text = ibis.cases(
            (x > LARGEST, _text(tr("vô cực", "infinity"))),
            (x < -LARGEST, _text(tr("âm vô cực", "minus infinity"))),
            else_=concat(digits, unit) if unit else digits,
        )
        blank = value.isnull() | value.cast("float64").isnan()
        return ibis.ifelse(blank, empty, text)
    if kind == "bool":
        said = ibis.ifelse(value, _text(tr("có", "yes")), _text(tr("không", "no")))
        return ibis.ifelse(value.isnull(), empty, said)
    return ibis.ifelse(value.isnull(), empty, value.cast("string"))


def listed(items: Sequence[tuple], sep: str):
    """The texts whose condition holds, joined by ``sep`` (``items``: ``(condition, text)``);
    empty text when none holds. Written with plain ``CASE`` and concatenation (no engine's
    NULL-skipping join)."""
    import ibis

    if not items:
        return _text("")
    pieces = [
        ibis.ifelse(cond.fill_null(False), concat(sep, text), _text("")) for cond, text in items
    ]
    # the first separator taken off by a regular expression: SUBSTRING would be compiled with the
    # whole text written twice (to allow negative starts)
    return concat(*pieces).re_replace("^" + re.escape(sep), "")


def missing_words(blank: Sequence[tuple[str, object]], reasons: Mapping | None = None):
    """:func:`phanloai.schemes.base.missing_text` for the columns whose blank-condition holds
    (``blank``: ``(column, condition)``)."""
    import ibis

    from .vocab import term

    reasons = reasons or {}
    plain = listed([(c, _text(term(n).short)) for n, c in blank if n not in reasons], ", ")
    own = [(c, _text(tr(*reasons[n]))) for n, c in blank if n in reasons]
    head = ibis.ifelse(
        plain == "", _text(""), concat(tr("thiếu giá trị: ", "missing value: "), plain)
    )
    parts = listed([(head != "", head), *own], "; ")
    return ibis.ifelse(parts == "", _text(tr("thiếu dữ liệu", "missing data")), parts)


def door_words(table, impossible: Sequence[tuple[str, str, object]]):
    """The door's words for a row holding an impossible value (see
    :meth:`phanloai.schemes.inputs.Prepared.reasons`): ``impossible`` lists ``(column, kind,
    condition)``; the values are shown as given."""
    import ibis

    from .vocab import term

    items = []
    for name, kind, cond in impossible:
        x = table[name].cast("float64")
        why = ibis.cases(
            (
                (x > LARGEST) | (x < -LARGEST),
                _text(tr("không phải số hữu hạn", "not a finite number")),
            ),
            (x < 0, _text(tr("số âm", "negative"))),
            else_=_text(tr("quá 100 %", "above 100 %")),
        )
        shown = value_text(table, name, kind)
        items.append((cond, concat(f"{term(name).short} ({name}) = ", shown, ": ", why)))
    return concat(tr("giá trị không thể có: ", "impossible value: "), listed(items, "; "))


def filled(template: str, values: Mapping[str, object], params: Mapping[str, str]):
    """A reason template (``{column}``, ``{p_name}``) as a text expression: ``values`` maps a
    column to its value in words (see :func:`value_text`), ``params`` a ``p_name`` to its text.
    A field it cannot fill raises ``KeyError``."""
    parts = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if field is None:
            continue
        if spec or conversion or (field not in values and field not in params):
            raise KeyError(field)
        parts.append(params[field] if field in params else values[field])
    return concat(*parts) if parts else _text("")


def named(code, names: Mapping[str, str]):
    """A level code expression as the words for it (``names``: code → text)."""
    return code.cases(*[(c, t) for c, t in names.items()], else_="")
