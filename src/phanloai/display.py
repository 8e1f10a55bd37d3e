"""Hiển thị bảng — the edge where codes become words.

Data, reports and classifications carry stable keys and codes; a person reads words.
:func:`in_words` turns a table, a report or a classification into words in the current
language (column names from the vocabulary, level codes as level names); :func:`show` does that
and formats the numbers the Vietnamese way — dates ``dd/mm/yyyy``, money ``1.250.000 ₫``, counts
``16.430``, shares ``60 %``, yes/no ``Có``/``Không`` (English: ``1,250,000 VND``, ``60%``, ``Yes``).
The data are never changed.

>>> import phanloai
>>> spa = phanloai.load("spa")
>>> styler = phanloai.show(spa.orders)  # the first 10 orders, in words
>>> list(styler.data.columns)[:3]
['Mã đơn hàng', 'Mã khách hàng', 'Ngày đặt / ngày sử dụng dịch vụ']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ._i18n import tr
from .schemes.base import UNKNOWN_CODE, UNKNOWN_EN, UNKNOWN_VI
from .schemes.result import describe
from .vn import format_date, format_money, format_number, format_percent
from .vocab import table_of, term

__all__ = ["dimension_title", "in_words", "show", "show_tables", "words_for"]

#: Words for the special codes a report's rows may hold.
_SPECIAL = {UNKNOWN_CODE: (UNKNOWN_VI, UNKNOWN_EN)}
#: Columns of a wide customer table shown by default (the rest with ``columns="all"``).
_CUSTOMER_COLUMNS = (
    "customer_id",
    "full_name",
    "company_name",
    "gender",
    "age",
    "industry",
    "province",
    "source",
    "stage",
    "n_orders",
    "total_spend",
    "recency_days",
    "distance_km",
    "contract_signed",
)


def _yes_no_word(value) -> str:
    return tr("Có", "Yes") if value else tr("Không", "No")


def words_for(
    values, words: Mapping[str, tuple[str, str]] | None = None
) -> Callable[[object], str]:
    """code → words for the rows (or columns) of a report: a classification's level names, the
    report's own words (``attrs["words"]``), "Không xác định" for ``unknown``, yes / no.

    When a classification's level names depend on parameters that were lost (see
    :mod:`phanloai.schemes.result`), its codes are shown as they are."""
    info = describe(values)
    named = {}
    if info is not None and (info.exact or not info.names_depend_on_params):
        named = info.words()
    words = {**_SPECIAL, **(words or {})}

    def name(v) -> str:
        if isinstance(v, str) and v in named:
            return named[v]
        if isinstance(v, str) and v in words:
            return tr(*words[v])
        if isinstance(v, bool | np.bool_):
            return _yes_no_word(v)
        return str(v)

    return name


def dimension_title(index, dims: Sequence[Mapping] = ()) -> str:
    """What an index (or a key) groups by, in words: the scheme's title, or the column's name."""
    from .schemes.registry import SCHEMES

    key = index.name if isinstance(index, pd.Index) else index
    for d in dims:
        if d.get("key") == key:
            if d.get("scheme") in SCHEMES:
                return scheme_title(SCHEMES[d["scheme"]], d.get("params") or {})
            return term(key).short
    info = describe(index) if isinstance(index, pd.Index) else None
    if info is not None:
        return scheme_title(info.scheme, info.params)
    return term(key).short if key is not None else ""


def scheme_title(scheme, params: Mapping | None = None) -> str:
    """A scheme's title, with the reading chosen when it has several ("Phân loại theo nhân khẩu
    học · Độ tuổi"), so that two readings of one scheme crossed are told apart."""
    switch = getattr(scheme, "switch", None)
    if not switch or switch not in scheme.params:
        return scheme.title
    param = scheme.params[switch]
    return f"{scheme.title} · {param.choice_label((params or {}).get(switch, param.default))}"


def _translate_index(index: pd.Index, dims: Sequence[Mapping], words) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        levels = [
            _translate_index(index.get_level_values(i), dims, words) for i in range(index.nlevels)
        ]
        return pd.MultiIndex.from_arrays(levels, names=[lv.name for lv in levels])
    if isinstance(index, pd.RangeIndex):  # row numbers: only the name is words
        return index if index.name is None else index.rename(dimension_title(index, dims))
    name = words_for(index, words)
    title = dimension_title(index, dims) if index.name is not None else None
    return pd.Index([name(v) for v in index], dtype=object, name=title)


def in_words(obj, columns: Sequence[str] | None = None):
    """A table, a report or a classification in words (current language); the input is not changed.

    - a classification (what :func:`phanloai.classify` returned) → its level names;
    - a report or any table → column keys named from the vocabulary (``revenue`` → "Doanh thu"),
      level codes in the rows and in classification columns → level names, the rows named after
      the scheme they came from, yes / no as "Có" / "Không".

    Examples
    --------
    >>> import phanloai
    >>> spa = phanloai.load("spa")
    >>> lab = phanloai.classify(spa.customers, "service_level")
    >>> phanloai.in_words(lab).iloc[0]
    'Chưa giao dịch'
    >>> table = phanloai.in_words(phanloai.profile(spa.customers, lab))
    >>> table.index.name, list(table.columns[:2])
    ('Ba cấp độ dịch vụ khách hàng', ['Số khách', 'Tỷ lệ khách'])
    """
    if isinstance(obj, pd.Series):
        info = describe(obj)
        if info is not None and (info.exact or not info.names_depend_on_params):
            return obj.phanloai.names()
        if pd.api.types.is_bool_dtype(obj):
            return obj.map(lambda v: v if pd.isna(v) else _yes_no_word(v))
        return obj
    if not isinstance(obj, pd.DataFrame):
        return obj
    df = obj if columns is None else obj[list(columns)]
    dims = df.attrs.get("dims", [])
    value_words = df.attrs.get("value_words", {})
    out = {}
    for key in df.columns:
        col = df[key]
        if key in value_words:
            words = value_words[key]
            col = col.map(lambda v, w=words: tr(*w[v]) if isinstance(v, str) and v in w else v)
        elif describe(col) is not None:
            col = in_words(col)
        out[key] = col.to_numpy() if isinstance(col, pd.Series) else col
    result = pd.DataFrame(out, index=df.index)
    result.columns = _translate_columns(df, dims)
    result.index = _translate_index(df.index, dims, df.attrs.get("words", {}))
    result.attrs = dict(df.attrs)
    return result


def _table(df: pd.DataFrame) -> str | None:
    """Where a table's column keys are looked up: a report's measures, or the documented table
    the columns come from."""
    return "measures" if df.attrs.get("report") else table_of(df.columns)


def _header(df: pd.DataFrame, key, table: str | None) -> str:
    """A column's name for people: the vocabulary's; for a column holding a classification whose
    key the vocabulary does not know (``df["seg"] = labels``), the scheme's title."""
    t = term(key, table)
    if t.short == str(key):
        info = describe(df[key]) if key in df.columns and isinstance(df[key], pd.Series) else None
        if info is not None:
            return info.scheme.title
    return t.short


def _translate_columns(df: pd.DataFrame, dims: Sequence[Mapping]) -> pd.Index:
    columns = df.columns
    if (
        describe(columns) is not None
        or isinstance(columns, pd.CategoricalIndex)
        or columns.dtype == bool
    ):
        return _translate_index(columns, dims, {})
    table = _table(df)
    words = [_header(df, c, table) for c in columns]
    twice = {w for w in words if words.count(w) > 1}  # two keys, one name: say which is which
    return pd.Index(
        [f"{w} ({c})" if w in twice else w for w, c in zip(words, columns, strict=True)],
        dtype=object,
    )


# -- formatting ---------------------------------------------------------------------------------------
def _number(x, decimals: int = 2) -> str:
    """``1234.5`` → ``1.234,5`` (vi) / ``1,234.5`` (en); empty → ``—``."""
    if pd.isna(x):
        return "—"
    if not np.isfinite(float(x)):
        return "∞" if float(x) > 0 else "−∞"
    return format_number(x, decimals)


def _percent(x) -> str:
    if pd.isna(x):
        return "—"
    x = float(x)
    return format_percent(x, 1 if 0 < abs(x) < 0.095 else 0)


def _yes_no(x) -> str:
    return "—" if pd.isna(x) else (tr("Có", "Yes") if x else tr("Không", "No"))


def _date_time(x) -> str:
    return "—" if pd.isna(x) else pd.Timestamp(x).strftime("%d/%m/%Y %H:%M")


_FORMATTERS: dict[str, Callable] = {
    "money": format_money,
    "billions": lambda x: "—" if pd.isna(x) else f"{_number(x)} {tr('tỷ ₫', 'bn VND')}",
    "share": _percent,
    "count": lambda x: _number(x, 0),
    "integer": lambda x: _number(x, 0),
    "days": lambda x: _number(x, 0),
    "km": lambda x: _number(x, 1),
    "number": lambda x: _number(x, 2),
    "coordinate": lambda x: _number(x, 5),
    "year": lambda x: "—" if pd.isna(x) else str(int(x)),
}


def _formatter(key, series: pd.Series, table: str | None = None):
    """The display function for one column, from its kind in the vocabulary, else its dtype."""
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dropna()
        has_time = bool(len(values)) and bool((values != values.dt.normalize()).any())
        return _date_time if has_time else format_date
    if pd.api.types.is_bool_dtype(series):
        return _yes_no
    if not pd.api.types.is_numeric_dtype(series):
        return None
    kind = term(key, table).kind
    if kind in _FORMATTERS:
        return _FORMATTERS[kind]
    if pd.api.types.is_float_dtype(series):
        return _FORMATTERS["number"]
    return _FORMATTERS["count"]


def _cross_kind(df: pd.DataFrame) -> str | None:
    """A :func:`~phanloai.cross` table holds one kind of value in every cell."""
    if df.attrs.get("report") != "cross":
        return None
    if df.attrs.get("normalize"):
        return "share"
    return "money" if df.attrs.get("values") == "revenue" else "count"


def _default_columns(df: pd.DataFrame) -> list | None:
    """A sensible subset of a wide customer table; None = every column."""
    if df.attrs.get("report") or df.shape[1] <= 12 or "customer_id" not in df.columns:
        return None
    chosen = [c for c in _CUSTOMER_COLUMNS if c in df.columns]
    chosen += [c for c in df.columns if describe(df[c]) is not None and c not in chosen]
    return chosen


def show(
    df, n: int | None = 10, caption: str | None = None, columns: Sequence[str] | str | None = None
):
    """The first ``n`` rows of a table, in words and formatted for reading (``n=None``: every row).

    Parameters
    ----------
    df : any table (``case.customers``, a report, ``phanloai.explain(...)``), or a classification.
    n : how many rows to show.
    caption : a line shown above the table.
    columns : which columns (keys) to show; a wide customer table shows a few by default
        (id, name, place, source, orders, spend…), ``columns="all"`` shows every one.

    Returns
    -------
    pandas.io.formats.style.Styler — shown as a table in Jupyter; the data stay unchanged
    (``.data`` holds the rows shown, in words).

    Examples
    --------
    >>> import phanloai
    >>> bolts = phanloai.load("bolts")
    >>> styler = phanloai.show(bolts.contracts, 5)
    >>> len(styler.data)
    5
    """
    if type(df).__module__.startswith("ibis"):  # a database table or column: its first rows
        from .sql import shown_with_names

        df = shown_with_names(df, n)
    if isinstance(df, pd.Series):
        df = df.to_frame()
    if columns == "all":
        columns = None
    elif columns is None:
        columns = _default_columns(df)
    head = df if n is None else df.head(n)
    if columns is not None:
        head = head[list(columns)]
        head.attrs = dict(df.attrs)
    formats = {}
    table = _table(df)
    cells = _cross_kind(df)
    for i, key in enumerate(head.columns):
        fmt = _FORMATTERS[cells] if cells else _formatter(key, head.iloc[:, i], table)
        if fmt is _FORMATTERS["count"] and not _whole(head.iloc[:, i]):
            fmt = _FORMATTERS["number"]  # a mean of counts (1,16 orders each) keeps its decimals
        if fmt is not None:
            formats[i] = fmt
    words = in_words(head)
    shift = 0
    if not words.index.is_unique:  # a Styler needs unique rows: the index becomes columns
        shift = words.index.nlevels
        names = [n if n is not None else "" for n in words.index.names]
        words = words.rename_axis(names).reset_index()
    if not words.columns.is_unique:
        words.columns = _numbered(list(words.columns))
    styler = words.style
    if shift:
        styler = styler.hide(axis="index")
    number_cols, text_cols = [], []
    for j, col in enumerate(words.columns):
        i = j - shift
        if i in formats:
            styler = styler.format(formats[i], subset=[col])
            number_cols.append(col)
        else:
            text_cols.append(col)
    if number_cols:  # "1.250.000 ₫" and "60 %" never break across lines
        styler = styler.set_properties(
            subset=number_cols, **{"white-space": "nowrap", "text-align": "right"}
        )
    if text_cols:
        styler = styler.set_properties(subset=text_cols, **{"text-align": "left"})
        styler = styler.format(na_rep="—", subset=text_cols)
    # room between columns wherever the table is shown (JupyterLab styles it, Voila does not)
    styler = styler.set_table_styles(
        [{"selector": "th, td", "props": "padding: 0.15em 0.6em;"}], overwrite=False
    )
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


def _whole(series: pd.Series) -> bool:
    """Every value a whole number (or missing)."""
    values = pd.to_numeric(series, errors="coerce").dropna()
    return bool((values == values.round()).all())


def _numbered(names: list) -> list:
    """Repeated column names told apart: "Doanh thu", "Doanh thu (2)"."""
    out, seen = [], {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def show_tables(case, n: int = 5, tables=None) -> None:
    """Display the first ``n`` rows of each table of a case under its name, meaning and size.

    ``tables``: the names to show (default: every table of the case).
    """
    from IPython.display import display

    from .dictionary import table_meaning

    for name in case.tables if tables is None else tables:
        table = case.tables[name]
        caption = f"{name} — {table_meaning(case.name, name)} · {format_number(len(table), 0)} {tr('dòng', 'rows')}"
        display(show(table, n, caption=caption))
