"""Từ vựng — the one place that names columns for people.

Data, reports and classification results carry stable keys (``total_spend``, ``revenue``,
``level``); a person reads words. This module turns a key into those words, in the current
language, from the data dictionary (``synthetic/tu_dien_du_lieu.toml``): its ``[columns]`` part
documents every column of the generated tables, its ``[measures]`` part every column of the
reports. Tables shown (:func:`phanloai.show`), chart axes, exports, widgets and the docs all ask
here, so a column is named the same way everywhere.

>>> from phanloai.vocab import term
>>> term("total_spend").short
'Tổng chi tiêu'
>>> term("revenue").kind
'money'

A scheme of your own may read columns the dictionary does not know: name them once with
:func:`define` and every table, chart and explanation uses those words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ._i18n import tr

__all__ = ["Term", "define", "table_of", "term"]

#: How a value of each unit is written for people (see :func:`phanloai.display.show`).
_UNIT_KINDS = {
    "đồng / VND": "money",
    "tỷ đồng / billion VND": "billions",
    "tỷ lệ / share": "share",
    "km": "km",
    "ngày / days": "days",
    "ngày / date": "date",
    "ngày giờ / date-time": "datetime",
    "năm / year": "year",
    "độ / degrees": "coordinate",
    "giờ / hours": "number",
    "tuổi / years": "integer",
}
#: The tables searched for a column name, in this order.
_TABLES = (
    "customers",
    "orders",
    "quotes",
    "contracts",
    "tickets",
    "events",
    "sessions",
    "pipeline",
    "staff",
    "internal",
)


@dataclass(frozen=True)
class Term:
    """What a column key means and how it is written: long meaning, short name, kind of value."""

    key: str
    vi: str
    en: str
    short_vi: str
    short_en: str
    kind: str = "text"  # money, count, share, days, km, number, integer, date, level, text…
    unit: str = ""

    @property
    def short(self) -> str:
        """The short name in the current language (a table header): ``Tổng chi tiêu``."""
        return tr(self.short_vi, self.short_en)

    @property
    def meaning(self) -> str:
        return tr(self.vi, self.en)

    @property
    def axis(self) -> str:
        """A chart axis label: ``Doanh thu (Revenue), đồng`` in Vietnamese, ``Revenue, VND``."""
        both = (
            self.short_vi
            if self.short_vi == self.short_en
            else f"{self.short_vi} ({self.short_en})"
        )
        text = tr(both, self.short_en)
        if self.kind == "money":
            text += tr(", đồng", ", VND")
        return text


def _short(text: str) -> str:
    """The head of a long meaning: ``Mã khách hàng, duy nhất`` → ``Mã khách hàng``."""
    return re.split(r" \(|, | — | – |: |; ", text, maxsplit=1)[0]


def _term(key: str, entry: dict) -> Term:
    kind = entry.get("kind") or _UNIT_KINDS.get(
        entry.get("unit", ""), "count" if entry.get("unit") else "text"
    )
    return Term(
        key=key,
        vi=entry["vi"],
        en=entry["en"],
        short_vi=entry.get("short_vi") or _short(entry["vi"]),
        short_en=entry.get("short_en") or _short(entry["en"]),
        kind=kind,
        unit=entry.get("unit", ""),
    )


@cache
def _terms() -> dict[tuple[str | None, str], Term]:
    from .dictionary import _raw

    raw = _raw()
    out: dict[tuple[str | None, str], Term] = {}
    columns = raw.get("columns", {})
    for table in (*_TABLES, *columns):
        for key, entry in columns.get(table, {}).items():
            out.setdefault((table, key), _term(key, entry))
            out.setdefault((None, key), out[(table, key)])
    for key, entry in raw.get("measures", {}).items():
        out[("measures", key)] = _term(key, entry)
        out.setdefault((None, key), out[("measures", key)])
    return out


_defined: dict[tuple[str | None, str], Term] = {}


def term(key, table: str | None = None) -> Term:
    """The words for a column key. ``table`` picks among columns of the same name in several
    tables (``"measures"``: the columns of a report). An unknown key is its own name, so nothing
    is ever hidden."""
    key = str(key)
    for where in ((table, key), (None, key)):
        found = _defined.get(where) or _terms().get(where)
        if found is not None:
            return found
    return Term(key, key, key, key, key)


def define(
    key: str,
    vi: str,
    en: str,
    *,
    short_vi: str | None = None,
    short_en: str | None = None,
    kind: str = "text",
    table: str | None = None,
) -> Term:
    """Name a column the dictionary does not know (a column of your own data or scheme).

    >>> t = define("visits_per_month", "Số lần ghé mỗi tháng", "Visits per month", kind="number")
    >>> t.short
    'Số lần ghé mỗi tháng'
    """
    t = Term(key, vi, en, short_vi or _short(vi), short_en or _short(en), kind)
    _defined[(table, key)] = t
    return t


@cache
def _table_columns() -> dict[str, frozenset]:
    from .dictionary import _raw

    return {t: frozenset(cols) for t, cols in _raw().get("columns", {}).items()}


def table_of(columns) -> str | None:
    """The documented table these columns most likely come from (so ``contract_id`` in the
    contracts table reads "Mã hợp đồng", in the orders table "Hợp đồng của đơn"); None if none
    holds most of them."""
    names = {str(c) for c in columns}
    if not names:
        return None
    best, score = None, 0.0
    for table, documented in _table_columns().items():
        overlap = len(names & documented)
        ratio = overlap / len(names | documented)
        if overlap >= max(2, len(names) // 2) and ratio > score:
            best, score = table, ratio
    return best
