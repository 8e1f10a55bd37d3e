"""Hiển thị bảng — tables shown the Vietnamese way in a notebook.

``show(df)`` returns a pandas Styler of the first rows: dates as ``dd/mm/yyyy``, money as
``1.250.000 ₫``, numbers as ``16.430`` and ``7,34``, shares as ``20 %``, yes/no as
``Có``/``Không``. The data are not changed.

>>> from phanloai.display import show
>>> show(spa.orders)             # the first 10 orders
>>> show_tables(spa, n=3)        # every table of a case, 3 rows each
"""

from __future__ import annotations

import pandas as pd

from ._i18n import get_language, tr
from .vn import format_date, format_number, format_percent, format_vnd

__all__ = ["MONEY_COLUMNS", "is_money", "show", "show_tables"]

#: Columns that hold amounts of đồng (besides names ending in ``_vnd``, ``_spend``, ``_revenue``).
MONEY_COLUMNS = frozenset(
    {
        "total_spend",
        "amount",
        "value",
        "avg_order_value",
        "quote_value",
        "unit_price",
        "price",
        "revenue",
        "spend",
        "monetary",
        "discount_amount",
    }
)
_MONEY_SUFFIXES = ("_vnd", "_spend", "_revenue", "_amount", "_price")


def is_money(column) -> bool:
    """Whether a column name means an amount of đồng (``revenue_bn``, in tỷ, is not)."""
    name = str(column).lower()
    return name in MONEY_COLUMNS or name.endswith(_MONEY_SUFFIXES)


def _number(x, decimals: int = 2) -> str:
    """``1234.5`` → ``1.234,5`` (vi) / ``1,234.5`` (en); empty → ``—``."""
    return "—" if pd.isna(x) else format_number(x, decimals)


def _decimal(x) -> str:
    return _number(x, 2)


def _coordinate(x) -> str:
    return _number(x, 5)


def _integer(x) -> str:
    return _number(x, 0)


def _percent(x) -> str:
    return "—" if pd.isna(x) else format_percent(x, 1)


def _billions(x) -> str:
    return "—" if pd.isna(x) else f"{_number(x)} {tr('tỷ ₫', 'bn ₫')}"


def _yes_no(x) -> str:
    return "—" if pd.isna(x) else (tr("Có", "Yes") if x else tr("Không", "No"))


def _date_time(x) -> str:
    return "—" if pd.isna(x) else pd.Timestamp(x).strftime("%d/%m/%Y %H:%M")


def _formatter(series: pd.Series):
    """The display function for one column, or None to leave it as it is."""
    name = str(series.name).lower()
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dropna()
        has_time = bool(len(values)) and bool((values != values.dt.normalize()).any())
        return _date_time if has_time else format_date
    if pd.api.types.is_bool_dtype(series):
        return _yes_no
    if not pd.api.types.is_numeric_dtype(series):
        return None
    if is_money(name):
        return format_vnd
    if name.endswith("_bn"):
        return _billions
    if name in ("discount", "share", "rate") or name.endswith(("_share", "_rate")):
        return _percent
    if name in ("lat", "lon", "latitude", "longitude"):
        return _coordinate
    if pd.api.types.is_float_dtype(series):
        return _decimal
    if "year" not in name:  # 2002 stays 2002; 16430 reads 16.430
        return _integer
    return None


def show(df: pd.DataFrame, n: int | None = 10, caption: str | None = None):
    """The first ``n`` rows of a table, formatted for reading (``n=None``: every row).

    Parameters
    ----------
    df : any table (``case.customers``, ``case.orders``…).
    n : how many rows to show.
    caption : a line shown above the table.

    Returns
    -------
    pandas.io.formats.style.Styler — shown as a table in Jupyter; the data stay unchanged
    (``.data`` holds the rows shown).

    Examples
    --------
    >>> show(bolts.contracts, 5)
    """
    head = df if n is None else df.head(n)
    styler = head.style
    text_columns = []
    for col in head.columns:
        fmt = _formatter(head[col])
        if fmt is not None:
            styler = styler.format(fmt, subset=[col])
        elif not pd.api.types.is_numeric_dtype(head[col]):
            text_columns.append(col)
    if text_columns:
        styler = styler.set_properties(subset=text_columns, **{"text-align": "left"})
    styler = styler.format(na_rep="—", subset=text_columns) if text_columns else styler
    if caption:
        styler = styler.set_caption(caption).set_table_styles(
            [
                {
                    "selector": "caption",
                    "props": "caption-side: top; text-align: left; font-weight: bold;",
                }
            ],
            overwrite=False,
        )
    return styler


def show_tables(case, n: int = 5, tables=None) -> None:
    """Display the first ``n`` rows of each table of a case under its name, meaning and size.

    ``tables``: the names to show (default: every table of the case).
    """
    from IPython.display import display

    from .dictionary import table_meaning

    for name in case.tables if tables is None else tables:
        table = case.tables[name]
        rows = f"{len(table):,}".replace(",", ".") if get_language() == "vi" else f"{len(table):,}"
        caption = f"{name} — {table_meaning(case.name, name)} · {rows} {tr('dòng', 'rows')}"
        display(show(table, n, caption=caption))
