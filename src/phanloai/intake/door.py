"""The door: a customer file and an order file in, a case out — with a report of everything.

:func:`read` turns one file into a clean table (keys as columns, values read the Vietnamese
way) and its issues; :func:`assemble` links orders to customers, derives the behaviour features
and returns :class:`YourData`, a :class:`~phanloai.Case` every notebook function, explorer,
report and export accepts; :func:`from_files` does both.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._i18n import PhanloaiError, tr
from ..case import Case
from ..features import as_of_bounds, read_date
from ..vn import format_date, format_number
from ._text import fold, fold_words, text_bytes
from .derive import FEATURES, order_features_from_codes
from .headers import check_mapping, header_parts, keys_of, name_list
from .places import regions
from .reading import RawTable, read_table
from .report import CATALOGUE, Issue, report_frame, summary_lines
from .values import (
    _GENDER,
    ArrowClean,
    NotUTF8,
    Parsed,
    looks_numeric,
    parse_bool,
    parse_choice,
    parse_date,
    parse_number,
    parse_phone,
    parse_province,
    parse_region,
    parse_text,
)

NAME = "du_lieu_cua_ban"
TITLE = ("Dữ liệu của bạn", "Your data")

_KIND_OF = {
    "phone": "phone",
    "province": "province",
    "region": "region",
    "gender": "gender",
    "birth_date": "date",
    "email": "text",
    "full_name": "text",
    "company_name": "text",
    "contact_name": "text",
    "address": "text",
}
_VOCAB_KINDS = {
    "money": "money",
    "billions": "billions",
    "share": "share",
    "km": "km",
    "days": "days",
    "date": "date",
    "datetime": "date",
    "year": "year",
    "coordinate": "number",
    "number": "number",
    "integer": "integer",
    "count": "count",
}
_NUMERIC = {"money", "billions", "share", "km", "days", "year", "number", "integer", "count"}
_TOTALS = frozenset(
    {
        "tong",
        "tong cong",
        "cong",
        "tong so",
        "tong tien",
        "tong cong tien",
        "tong nhom",
        "cong nhom",
        "cong don",
        "total",
        "totals",
        "grand total",
        "subtotal",
        "sub total",
        "sum",
    }
)


@cache
def _scheme_kinds() -> dict[str, str]:
    from ..schemes import SCHEMES

    out: dict[str, str] = {}
    for s in SCHEMES.values():
        for c in s.requires:
            out.setdefault(c.name, c.kind)
    return out


def kind_of(key: str, table: str) -> str:
    """How a column's values are read: id, text, phone, province, region, gender, bool, date, a
    number kind (money, count…) or ``auto`` (numbers if every value is one, else text)."""
    from ..dictionary import _raw
    from ..vocab import term

    if key in _KIND_OF:
        return _KIND_OF[key]
    if key.endswith("_id"):
        return "id"
    entry = _raw().get("columns", {}).get(table, {}).get(key, {})
    if entry.get("values") == "True / False":
        return "bool"
    scheme = _scheme_kinds().get(key)
    if scheme in ("count", "money", "days", "km", "share", "number", "date", "bool"):
        return scheme
    vocab = _VOCAB_KINDS.get(term(key, table).kind)
    if vocab:
        return vocab
    return "text" if scheme == "category" or isinstance(entry.get("values"), list) else "auto"


def _allowed(key: str, table: str) -> list[str] | None:
    from ..dictionary import _raw

    values = _raw().get("columns", {}).get(table, {}).get(key, {}).get("values")
    return values if isinstance(values, list) else None


# -- one file ------------------------------------------------------------------------------------------
@dataclass
class Imported:
    """One file read through the door: ``frame`` (one row per data row, column keys as names,
    values read), ``rows`` (the spreadsheet row of each), ``issues`` and ``raw`` (how it was
    read: format, encoding, separator, sheet, header row, which header became which key)."""

    table: str
    frame: pd.DataFrame
    rows: np.ndarray
    issues: list[Issue]
    raw: RawTable
    #: per key, the codes and distinct values the door made (ids): linking needs no new lookup
    codes: dict = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.raw.file

    def drop(self, mask: np.ndarray) -> None:
        """Leave out the rows where ``mask`` holds (their issues are already recorded)."""
        if not mask.any():
            return
        keep = ~mask
        self.frame = self.frame.loc[keep].reset_index(drop=True)
        self.rows = self.rows[keep]
        for key, (codes, uniques) in list(self.codes.items()):
            self.codes[key] = (codes[keep], uniques)


def read(
    path, table: str = "orders", *, mapping=None, dayfirst: bool = True, sheet=None
) -> Imported:
    """Read one file as a ``customers`` or ``orders`` table (see :func:`from_files`)."""
    from ..dictionary import _raw

    known = list(_raw().get("columns", {}))
    if table not in known:
        raise PhanloaiError(
            f"Không có bảng '{table}' trong từ điển dữ liệu; chọn một trong: {', '.join(known)}.",
            f"The data dictionary has no table '{table}'; choose one of: {', '.join(known)}.",
        )
    maps = check_mapping(mapping, (table,))[table]
    maps = {h: k for h, k in maps.items() if k in (None, "") or k in keys_of(table)}
    raw = read_table(path, table, maps, sheet)
    try:
        return _interpret(raw, table, dayfirst)
    except NotUTF8:  # UTF-8 in its first megabyte, not further on: its encoding from all of it
        return _interpret(read_table(path, table, maps, sheet, whole=True), table, dayfirst)


def _ambiguity_error(raw: RawTable, table: str) -> PhanloaiError:
    parts_vi, parts_en = [], []
    for key, positions in raw.match.ambiguous.items():
        heads = " và ".join(f"'{raw.headers[p]}'" for p in positions)
        heads_en = " and ".join(f"'{raw.headers[p]}'" for p in positions)
        parts_vi.append(f"{heads} đều có thể là {key} ({name_list(table, key, 2)})")
        parts_en.append(f"{heads_en} could all be {key} ({name_list(table, key, 2)})")
    first = next(iter(raw.match.ambiguous.items()))
    example = f"{{'{raw.headers[first[1][0]]}': '{first[0]}', '{raw.headers[first[1][1]]}': None}}"
    return PhanloaiError(
        f"Tệp '{raw.file}': "
        + "; ".join(parts_vi)
        + f". Hãy chọn bằng mapping, ví dụ mapping={example} "
        "(None: bỏ qua cột).",
        f"File '{raw.file}': "
        + "; ".join(parts_en)
        + f". Choose with mapping, e.g. mapping={example} "
        "(None: leave the column out).",
    )


def _no_data(file: str) -> PhanloaiError:
    return PhanloaiError(
        f"Tệp '{file}': có tiêu đề nhưng không có dòng dữ liệu nào.",
        f"File '{file}': it has a header but no data rows.",
    )


def _interpret(raw: RawTable, table: str, dayfirst: bool) -> Imported:
    if raw.match.ambiguous:
        raise _ambiguity_error(raw, table)
    file = raw.file
    issues = list(raw.issues)
    # each column once: its distinct values and each row's position among them (an order id,
    # nearly always distinct, is kept as text); blank rows and totals rows are found from these.
    # Columns are read with every row, on the guess that no row is left out (nearly always so);
    # when some are, they are read again without them.
    n = len(raw)
    if n == 0:
        raise _no_data(file)
    jobs = {
        pos: (key, kind_of(key, table), raw.match.scales.get(pos, 1.0))
        for pos, key in raw.match.keys.items()
    }
    for pos in raw.match.unknown:
        header = raw.headers[pos]
        jobs[pos] = (header if header not in keys_of(table) else f"{header} (gốc)", "auto", 1.0)

    followers = _follow_customers(raw, table)

    def read_col(pos, rep, keep, rows):
        name, kind, scale = jobs[pos]
        return _read_column(
            rep, name, kind, table, dayfirst, scale, keep, rows, file, raw.headers[pos]
        )

    def whole(pos):
        rep = _representation(raw, pos)
        return rep, _blank_of(rep), (read_col(pos, rep, None, raw.rows) if pos in jobs else None)

    # the costly kinds (many distinct values to parse) first, so that two threads end together;
    # the columns that follow the customer ids are read right after them, by the same thread
    # (they need the ids' codes), and the order ids, kept as text, last
    def cost(pos):
        if raw.match.keys.get(pos) == "order_id":
            return _LAST
        return _COST.get(jobs.get(pos, ("", ""))[1], _OTHER)

    after = {p for group in followers.values() for p in group}
    order = [p for p in sorted(range(len(raw.columns)), key=cost) if p not in after]
    groups = [[p, *followers.get(p, [])] for p in order]
    read_groups = _side_by_side(lambda group: [whole(p) for p in group], groups, n)
    done = {
        p: r
        for group, rs in zip(groups, read_groups, strict=True)
        for p, r in zip(group, rs, strict=True)
    }
    reps = [done[pos][0] for pos in range(len(raw.columns))]
    blanks = [done[pos][1] for pos in range(len(raw.columns))]
    if all(b.any() for b in blanks):
        blank = np.logical_and.reduce(blanks)
    else:  # some column has no blank cell: no row is blank
        blank = np.zeros(n, dtype=bool)
    if blank.any():
        data_rows = np.flatnonzero(~blank)
        if len(data_rows) == 0:
            raise _no_data(file)
        inner = np.flatnonzero(blank[: data_rows[-1] + 1])
        if len(inner):
            issues.append(Issue(file, "blank_row", raw.rows[inner]))
    totals = _totals_rows(raw, reps, table) & ~blank
    if totals.any():
        idx = np.flatnonzero(totals)
        issues.append(Issue(file, "totals_row", raw.rows[idx], values=_row_texts(raw, idx)))
    drop = blank | totals
    keep = np.flatnonzero(~drop) if drop.any() else None  # None: every row (nearly always)
    if keep is not None and len(keep) == 0:  # nothing but a totals row
        raise _no_data(file)
    rows = raw.rows if keep is None else raw.rows[keep]
    for pos in raw.match.blank:
        filled = ~_blank_of(reps[pos])
        if (filled if keep is None else filled[keep]).any():
            issues.append(Issue(file, "column_blank", detail={"position": pos + 1}))
    for pos in raw.match.keys:
        header = raw.headers[pos]
        scale = raw.match.scales.get(pos, 1.0)
        if scale != 1.0:
            issues.append(
                Issue(
                    file,
                    "column_scale",
                    column=header,
                    detail={"header": header, "scale": scale},
                )
            )
    if keep is None:
        results = {pos: read for pos, (_, _, read) in done.items() if read is not None}
    else:
        positions = list(jobs)
        again = _side_by_side(lambda pos: read_col(pos, reps[pos], keep, rows), positions, n)
        results = dict(zip(positions, again, strict=True))
    columns: dict[str, object] = {}
    codes_kept: dict = {}
    for pos, key in raw.match.keys.items():
        values, found, kept = results[pos]
        issues += found
        columns[key] = values
        if kept is not None:
            codes_kept[key] = kept
    for pos in raw.match.unknown:
        header = raw.headers[pos]
        name = jobs[pos][0]
        columns[name] = results[pos][0]
        key = raw.match.suggest(pos, table)
        issues.append(
            Issue(
                file,
                "column_unknown",
                column=header,
                detail={
                    "header": header,
                    "suggest_vi": f" (có phải {key}?)" if key else "",
                    "suggest_en": f" (is it {key}?)" if key else "",
                },
            )
        )
    for pos in raw.match.ignored:
        issues.append(
            Issue(
                file,
                "column_ignored",
                column=raw.headers[pos],
                detail={"header": raw.headers[pos]},
            )
        )
    # the arrays are new: no copy, no stacking of the columns into blocks
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(rows)), copy=False)
    raw.let_go()  # the frame holds every value now
    return Imported(table, frame, rows, issues, raw, codes_kept)


# kinds, costliest first (columns that follow the customer ids go with them, see _interpret)
_COST = {"id": 0, "date": 1, "money": 1, "phone": 2, "province": 3}
_OTHER, _LAST = 9, 10  # any other kind; order ids (kept as text: little to do)
#: what an order line says of its customer, the same on every line of one customer
_OF_THE_CUSTOMER = ("phone", "full_name", "company_name", "email")


def _follow_customers(raw: RawTable, table: str) -> dict[int, list[int]]:
    """On order lines, a customer's phone, name and email repeat on each of the customer's
    lines: those columns are encoded from the customer ids (see ``RawColumn.follow``).
    ``{position of the ids: positions of the columns that follow them}``."""
    if table != "orders":
        return {}
    owner = next((p for p, k in raw.match.keys.items() if k == "customer_id"), None)
    if owner is None:
        return {}
    followers = [p for p, k in raw.match.keys.items() if k in _OF_THE_CUSTOMER]
    for pos in followers:
        raw.columns[pos].follow(raw.columns[owner])
    return {owner: followers} if followers else {}


def _side_by_side(func, items, n_rows: int) -> list:
    """``[func(item) for item in items]``; for a large file the columns side by side (Arrow's
    kernels release the GIL; the order of the results does not depend on the threads)."""
    items = list(items)
    if len(items) < 2 or n_rows < 50_000:
        return [func(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(len(items), os.cpu_count() or 1)) as pool:
        return list(pool.map(func, items))


def _representation(raw: RawTable, pos: int):
    col = raw.columns[pos]
    if col.typed is not None:
        return ("typed", col.data)
    if col.arrow and raw.match.keys.get(pos) == "order_id":
        return ("texts", col.texts())
    return ("codes", *col.encoded(), col)


def _blank_of(rep) -> np.ndarray:
    if rep[0] == "codes":
        if len(rep) > 4 and rep[4].blank_rows is False:  # known from its distinct values
            return np.zeros(len(rep[1]), dtype=bool)
        return rep[1] < 0
    if rep[0] == "texts":
        valid = pc.is_valid(rep[1].array._pa_array)
        return ~np.asarray(valid.to_numpy(zero_copy_only=False), dtype=bool)
    return rep[1].isna().to_numpy()


def _row_texts(raw: RawTable, idx: np.ndarray) -> np.ndarray:
    out = []
    for i in idx:
        cells = []
        for col in raw.columns:
            v = col.data[int(i)]
            v = v.as_py() if hasattr(v, "as_py") else v
            if v is not None and str(v).strip():
                cells.append(str(v))
        out.append(" | ".join(cells)[:80])
    return np.array(out, dtype=object)


def _totals_rows(raw: RawTable, reps, table: str) -> np.ndarray:
    """Rows that add up the others ("Tổng cộng", "Total"…): a cell holds such a phrase and the
    keys (customer id, phone; for orders also the date) are blank or hold it."""
    n = len(raw)
    keys = {"customer_id", "phone"} | ({"order_date"} if table == "orders" else set())
    key_pos = [p for p, k in raw.match.keys.items() if k in keys]
    candidates = np.ones(n, dtype=bool)
    for pos in key_pos:
        candidates &= _blank_of(reps[pos]) | _maybe_total(reps[pos], raw.columns[pos])
        if not candidates.any():  # nearly always so after the first key: no row can be one
            break
    idx = np.flatnonzero(candidates)
    if len(idx) > 10_000:  # no key column to narrow the search: look at the phrases only
        idx = np.flatnonzero(
            np.logical_or.reduce(
                [_maybe_total(rep, col) for rep, col in zip(reps, raw.columns, strict=True)]
            )
        )
    out = np.zeros(n, dtype=bool)
    for i in idx:
        texts = [_cell(rep, int(i)) for rep in reps]
        phrases = [t for t in texts if t is not None and fold_words(t) in _TOTALS]
        if not phrases:
            continue
        keys_ok = all(
            _cell(reps[p], int(i)) is None or fold_words(_cell(reps[p], int(i))) in _TOTALS
            for p in key_pos
        )
        out[i] = keys_ok
    return out


_TOTAL_START = np.zeros(256, dtype=bool)
_TOTAL_START[[ord(c) for c in "TtCcSsGg"]] = True
_TOTAL_START[0x80:] = True


def _maybe_total(rep, col) -> np.ndarray:
    """Per row: the cell may hold a totals phrase (starts with T, C, S or G)."""
    if rep[0] == "codes":
        codes, clean = rep[1], rep[3]
        parts = text_bytes(col.clean_arrow) if col.clean_arrow is not None else None
        if parts is not None:  # the first byte of each trimmed value; any non-ASCII one may be
            offs, body = parts  # a letter with a mark (Ç…) whose plain form is one of these
            maybe = np.zeros(len(offs), dtype=bool)  # the last: a blank cell
            filled = np.flatnonzero(offs[1:] > offs[:-1])
            maybe[filled] = _TOTAL_START[body[offs[filled]]]
            if not maybe.any():  # no value begins that way (ids, phones, dates)
                return np.zeros(len(codes), dtype=bool)
        else:
            maybe = np.array(
                [isinstance(v, str) and v[:1] in "TtCcSsGg" for v in clean] + [False], dtype=bool
            )
        return maybe[codes]
    if rep[0] == "texts":
        found = pc.match_substring_regex(rep[1].array._pa_array, r"^\s*[TtCcSsGg]")
        return np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False), dtype=bool)
    return np.zeros(len(rep[1]), dtype=bool)


def _cell(rep, i: int):
    """The cell of row ``i`` as text (None when blank or not text)."""
    if rep[0] == "codes":
        code = rep[1][i]
        v = rep[3][code] if code >= 0 else None
        return v if isinstance(v, str) else None
    if rep[0] == "texts":
        v = rep[1].iloc[i]
        return v if isinstance(v, str) else None
    v = rep[1].iloc[i]
    return v if isinstance(v, str) else None


def _spread(parsed_values: np.ndarray, codes: np.ndarray, missing):
    table = np.concatenate([parsed_values, np.array([missing], dtype=parsed_values.dtype)])
    return table[codes]


def _read_column(rep, key, kind, table, dayfirst, scale, keep, rows, file, header):
    """One column → (values per kept row, issues, (codes, categories) for ids or None);
    ``keep`` None: every row."""
    if rep[0] == "typed":
        data = (rep[1] if keep is None else rep[1].iloc[keep]).reset_index(drop=True)
        if kind in _NUMERIC and pd.api.types.is_numeric_dtype(data):
            values = data.to_numpy(dtype=float, na_value=np.nan) * scale
            return _finish_number(values, key, kind), [], None
        if kind == "date" and pd.api.types.is_datetime64_any_dtype(data):
            if getattr(data.dt, "tz", None) is not None:
                data = data.dt.tz_convert("Asia/Ho_Chi_Minh").dt.tz_localize(None)  # VN clock
            return data.to_numpy().astype("datetime64[s]"), [], None
        rep = ("codes", *_encode_series(data))
        keep = None
    if rep[0] == "texts":
        return (rep[1] if keep is None else rep[1].iloc[keep]).reset_index(drop=True), [], None
    codes_all, raw_u, clean = rep[1], rep[2], rep[3]
    codes = codes_all if keep is None else codes_all[keep]
    distinct = rep[4].distinct_texts() if kind == "id" and len(rep) > 4 else None
    if distinct is not None:  # the distinct texts stay distinct: they are the categories
        categories = distinct
        cat = _categorical(codes, categories)
        kept = (codes, categories)
        if table == "orders":
            return cat, [], kept
        return pd.Series(cat).astype("str").where(codes >= 0), [], kept
    if isinstance(clean, ArrowClean):
        blank = clean.isna()
        if kind != "phone":  # the phone parser works on Arrow; the others on Python values
            clean = clean.objects()
    else:
        blank = pd.isna(clean)
    if kind == "auto":
        known = clean[~blank]
        kind = "number" if len(known) and looks_numeric(known) else "text"
    parsed = _parse(clean, key, kind, table, dayfirst, scale)
    parsed.problems[blank] = None  # a blank cell is no problem of its value
    issues = _issues_of(parsed, codes, raw_u, rows, file, header)
    for code, detail in parsed.column_notes.items():
        issues.append(Issue(file, code, column=header, detail=detail))
    if kind == "date":
        return _spread(parsed.values, codes, np.datetime64("NaT")), issues, None
    if kind in _NUMERIC:
        per_value = parsed.values.astype(float)
        values = _spread(per_value, codes, np.nan)
        issues += _amount_notes(per_value, codes, kind, key, file, header, rows)
        return _finish_number(values, key, kind), issues, None
    # codes: ids, texts, places — categorical from the distinct values read (in the order they
    # first come, blanks left out)
    if isinstance(parsed.values, pa.Array):
        enc = pc.dictionary_encode(parsed.values)
        inv = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False)
        uniq = pd.arrays.ArrowStringArray(pa.chunked_array([enc.dictionary]))
    else:
        inv, uniq = pd.factorize(pd.Series(parsed.values, dtype=object), use_na_sentinel=True)
    lookup = np.append(np.asarray(inv, dtype=np.int64), -1)
    if kind not in ("id", "phone"):  # ids' and phones' codes are kept for linking: 64-bit
        lookup = _narrow(lookup, uniq)
    new_codes = lookup[codes]
    if kind == "bool":
        lookup = np.array([*parsed.values, None], dtype=object)
        values = pd.array(lookup[codes], dtype="boolean")
        if not pd.isna(values).any():
            values = values.to_numpy(dtype=bool)
        return values, issues, None
    categories = (
        pd.Index(uniq, dtype="str")
        if isinstance(uniq, pd.arrays.ArrowStringArray)
        else pd.Index(np.asarray(uniq, dtype=object)).astype("str")
    )
    cat = _categorical(new_codes, categories)
    kept = (new_codes, categories) if kind in ("id", "phone") else None
    if kind in ("id", "phone"):
        if table == "orders":  # a million lines, a few thousand customers: keep the codes
            return cat, issues, kept
        return pd.Series(cat).astype("str").where(new_codes >= 0), issues, kept
    if kind == "text" and len(categories) > max(50, len(codes) // 2):
        return pd.Series(cat).astype("str").where(new_codes >= 0), issues, None
    return cat, issues, None


def _narrow(lookup: np.ndarray, categories) -> np.ndarray:
    """Codes per distinct value in the width pandas keeps a categorical's codes in (one byte
    for a few values), asked of pandas itself: the million codes taken from it are written
    once, not written wide and narrowed again."""
    try:  # private: without it the codes stay wide and pandas narrows them (the same result)
        from pandas.core.dtypes.cast import coerce_indexer_dtype
    except ImportError:  # pragma: no cover - a pandas without it
        return lookup
    return coerce_indexer_dtype(lookup, categories)


def _categorical(codes: np.ndarray, categories: pd.Index) -> pd.Categorical:
    """A categorical of categories known to be distinct (Arrow's or pandas' encoding made them):
    pandas' checking them again costs a hash of every category (a hundred thousand phones)."""
    try:  # pandas' own fast path for known categories (private: the public way if it goes)
        dtype = pd.CategoricalDtype._from_fastpath(categories, False)
    except AttributeError:  # pragma: no cover - a pandas without it
        dtype = pd.CategoricalDtype(categories, ordered=False)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _encode_series(data: pd.Series):
    from .values import RawColumn

    return RawColumn(data.astype(object).to_numpy()).encoded()


def _finish_number(values: np.ndarray, key: str, kind: str):
    if kind in ("count", "integer", "year") or key in ("total_spend",):
        if not np.isnan(values).any() and len(values):
            return values.astype(np.int64)
    return values


def _amount_notes(per_value, codes, kind, key, file, header, rows) -> list[Issue]:
    """Notes on a money column, from its distinct values (``per_value``) and each row's position
    among them (``codes``, −1: blank), so a million rows are counted, not sorted."""
    if kind != "money" or key not in ("amount", "total_spend"):
        return []
    counts = np.bincount(codes[codes >= 0], minlength=len(per_value))
    finite = np.isfinite(per_value) & (per_value > 0)
    value, count = per_value[finite], counts[finite]
    total = int(count.sum())
    small = count[value < 1000].sum() / total if total else 0.0
    if total >= 5 and small > 0.5:
        from ..vn import format_percent

        return [
            Issue(
                file,
                "small_amounts",
                column=header,
                detail={
                    "share_vi": format_percent(small, lang="vi"),
                    "share_en": format_percent(small, lang="en"),
                },
            )
        ]
    # a few tiny amounts among ordinary ones: '1,5' meant 1,5 triệu, '12.5' meant 12,5 nghìn…
    if total >= 5 and _median_of_counted(value, count, total) >= 10_000:
        tiny_value = finite & (per_value < 1000)
        if tiny_value.any():
            tiny = np.flatnonzero(np.append(tiny_value, False)[codes])
            return [
                Issue(
                    file,
                    "tiny_amount",
                    rows[tiny],
                    column=header,
                    values=per_value[codes[tiny]],
                )
            ]
    return []


def _median_of_counted(value: np.ndarray, count: np.ndarray, total: int) -> float:
    """The median of the rows, each distinct ``value`` standing for ``count`` rows (as
    ``np.median`` of the rows: the mean of the two middle ones when their number is even)."""
    order = np.argsort(value, kind="stable")
    ends = np.cumsum(count[order])  # the rows up to and including each value, in order

    def at(k: int) -> float:  # the k-th row (from 0) in sorted order
        return float(value[order][np.searchsorted(ends, k, side="right")])

    if total % 2:
        return at(total // 2)
    return (at(total // 2 - 1) + at(total // 2)) / 2


def _parse(clean, key, kind, table, dayfirst, scale) -> Parsed:
    if kind in _NUMERIC:
        return parse_number(clean, kind, scale)
    if kind == "date":
        return parse_date(clean, dayfirst)
    if kind == "phone":
        return parse_phone(clean)
    if kind == "province":
        return parse_province(clean)
    if kind == "gender":
        return parse_choice(clean, _GENDER, "gender")
    if kind == "region":
        return parse_region(clean)
    if kind == "bool":
        return parse_bool(clean)
    return parse_text(clean, _allowed(key, table) if kind == "text" else None)


def _issues_of(parsed: Parsed, codes, raw_u, rows, file, header) -> list[Issue]:
    out = []
    problems = parsed.problems
    flagged = pd.notna(problems)
    if not flagged.any():
        return out
    for code in dict.fromkeys(p for p in problems if p is not None):
        which = np.flatnonzero(problems == code)
        if code == "province_old":  # one line per old name, however it was written
            olds = parsed.detail["old"]
            # per distinct value its rows and its first row (the blank slot last): two passes
            # over the rows, whatever the number of old names
            blank = codes < 0
            count_of = np.bincount(codes[~blank] if blank.any() else codes, minlength=len(problems))
            first_of = np.full(len(problems) + 1, len(codes), dtype=np.int64)
            first_of[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
            for name in dict.fromkeys(olds[which]):
                spellings = which[olds[which] == name]  # the distinct values naming it
                count = int(count_of[spellings].sum())
                if not count:
                    continue
                first = np.array([first_of[spellings].min()])
                out.append(
                    Issue(
                        file,
                        code,
                        rows[first],
                        column=header,
                        values=raw_u[codes[first]],
                        detail={
                            "old": name,
                            "new": parsed.detail["new"][spellings[0]],
                            "count": count,
                        },
                        count=np.array([count]),
                    )
                )
            continue
        mask = np.zeros(len(problems) + 1, dtype=bool)
        mask[which] = True
        hit = np.flatnonzero(mask[codes])
        if not len(hit):
            continue
        detail = {k: v[codes[hit]] for k, v in parsed.detail.items()}
        out.append(
            Issue(file, code, rows[hit], column=header, values=raw_u[codes[hit]], detail=detail)
        )
    return out


# -- the case --------------------------------------------------------------------------------------------
@dataclass(eq=False, repr=False)
class YourData(Case):
    """Your own customers (and orders) read through the door: a :class:`~phanloai.Case` with the
    validation report. ``report`` is the report table (one line per row and problem),
    :meth:`report_text` the printable summary, ``files`` how each file was read, ``mapping``
    which header became which column key."""

    issues: list = field(default_factory=list)
    files: list = field(default_factory=list)
    mapping: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    #: how :func:`from_files` was called (to read the files again with another mapping)
    args: dict = field(default_factory=dict)

    @cached_property
    def report(self) -> pd.DataFrame:
        """The validation report: file, row, column, value, level, problem_vi, problem_en,
        done_vi, done_en, count (see :mod:`phanloai.intake.report`)."""
        return report_frame(self.issues)

    def problems(self, level: str | None = None) -> pd.DataFrame:
        """The report's lines of one level: ``"error"``, ``"warning"`` or ``"note"`` (all: None)."""
        from .report import LEVEL_WORDS

        table = self.report
        if level is None:
            return table
        if level not in LEVEL_WORDS:
            raise PhanloaiError(
                f"problems(): mức '{level}' không có; chọn một trong: {', '.join(LEVEL_WORDS)}.",
                f"problems(): there is no level '{level}'; choose one of: {', '.join(LEVEL_WORDS)}.",
            )
        return table[table["level"] == level].reset_index(drop=True)

    def report_text(self, lang: str | None = None) -> str:
        """The printable summary: how each file was read, then one line per kind of problem
        (how many rows, which, what was done), in ``lang`` (default: the current language)."""
        from .._i18n import get_language

        lang = lang or get_language()
        vi = lang == "vi"
        n_orders = len(self.tables.get("orders", ()))
        head = (
            f"{self.title_vi}: {format_number(self.n, 0, 'vi')} khách"
            + (
                f", {format_number(n_orders, 0, 'vi')} dòng đơn hàng"
                if "orders" in self.tables
                else ""
            )
            + (f" — độ gần đây tính đến {format_date(self.as_of)}" if pd.notna(self.as_of) else "")
            if vi
            else f"{self.title_en}: {format_number(self.n, 0, 'en')} customers"
            + (
                f", {format_number(n_orders, 0, 'en')} order lines"
                if "orders" in self.tables
                else ""
            )
            + (f" — recency counted to {format_date(self.as_of)}" if pd.notna(self.as_of) else "")
        )
        lines = [head]
        for info in self.files:
            lines.append(("Tệp " if vi else "File ") + info.describe(lang))
        problems = [
            i for i in self.issues if i.code not in ("encoding", "sheet", "header_row", "column")
        ]
        if problems:
            lines.append("Kiểm tra:" if vi else "Checks:")
            lines += ["  " + line for line in summary_lines(problems, lang)]
        else:
            lines.append("Không có vấn đề nào." if vi else "No problems found.")
        return "\n".join(lines)

    def schemes(self) -> list[str]:
        """The classifications this data can feed: those whose columns (with default
        parameters) are all here, in catalogue order."""
        from ..schemes import SCHEMES

        out = []
        for code, s in SCHEMES.items():
            table = self.table_for(code)
            needed = [c.name for c in s.requires_for(s.defaults())]
            if all(c in table.columns and table[c].notna().any() for c in needed):
                out.append(code)
        return out

    @property
    def contacts(self) -> pd.DataFrame:
        c = self.customers
        if "full_name" not in c and "company_name" not in c:
            c = c.assign(full_name=c["customer_id"].astype("str"))
        saved = self.tables["customers"]
        self.tables["customers"] = c
        try:
            return Case.contacts.fget(self)
        finally:
            self.tables["customers"] = saved

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v):,}" for k, v in self.tables.items())
        errors = int((self.report["level"] == "error").sum())
        return f"<YourData {self.name!r}: {sizes}; {errors} lỗi/errors in the report>"

    def _repr_html_(self) -> str:
        import html

        text = html.escape(self.report_text())
        return f"<pre style='white-space:pre-wrap'>{text}</pre>"


@dataclass
class FileInfo:
    """How one file was read."""

    table: str
    file: str
    format: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    header_row: int
    rows: int
    used: int
    columns: dict  # header → key

    def describe(self, lang: str) -> str:
        from .reading import ENCODING_WORDS

        vi = lang == "vi"
        bits = [self.format.upper()]
        if self.encoding:
            bits.append(ENCODING_WORDS.get(self.encoding, self.encoding))
        if self.delimiter:
            shown = {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}[self.delimiter]
            bits.append(("phân cách " if vi else "separator ") + shown)
        if self.sheet:
            bits.append(("trang " if vi else "sheet ") + repr(self.sheet))
        bits.append(("tiêu đề ở dòng " if vi else "header on row ") + str(self.header_row))
        words = ", ".join(f"{h} → {k}" for h, k in self.columns.items())
        table = {
            "customers": ("khách hàng", "customers"),
            "orders": ("đơn hàng", "orders"),
            "internal": ("khách hàng nội bộ", "internal customers"),
            "staff": ("nhân viên", "staff"),
        }.get(self.table, (self.table, self.table))
        count = (
            f"{format_number(self.rows, 0, 'vi')} dòng dữ liệu, dùng {format_number(self.used, 0, 'vi')}"
            if vi
            else f"{format_number(self.rows, 0, 'en')} data rows, {format_number(self.used, 0, 'en')} used"
        )
        return (
            f"{self.file} ({table[0 if vi else 1]}): {', '.join(bits)}; {count}.\n    "
            + ("Cột: " if vi else "Columns: ")
            + words
        )


def _file_info(imp: Imported, rows_read: int) -> FileInfo:
    raw = imp.raw
    return FileInfo(
        imp.table,
        raw.file,
        raw.format,
        raw.encoding,
        raw.delimiter,
        raw.sheet,
        raw.header_row,
        rows_read,
        len(imp.frame),
        {raw.headers[p]: k for p, k in raw.match.keys.items()},
    )


def _customer_key(frame: pd.DataFrame) -> str | None:
    for key in ("customer_id", "phone"):
        if key in frame.columns and frame[key].notna().any():
            return key
    return None


def _dedupe_customers(imp: Imported) -> None:
    """Same id twice: an exact copy is not used; different data: the later row is not used.
    Same phone: with ids, both kept and flagged; when the phone is the key, merged."""
    f = imp.frame
    file = imp.file
    if "customer_id" in f.columns:
        ids = f["customer_id"].astype("object")
        dup = ids.notna() & ids.duplicated(keep=False)
        if dup.any():
            first_pos = ids.groupby(ids, sort=False).transform(lambda s: s.index[0])
            hashed = pd.util.hash_pandas_object(f.astype("object"), index=False).to_numpy()
            later = np.flatnonzero((dup & ids.duplicated(keep="first")).to_numpy())
            firsts = first_pos.to_numpy()[later].astype(np.int64)
            same = hashed[later] == hashed[firsts]
            for code, pick in (("duplicate_same", same), ("duplicate_id", ~same)):
                if pick.any():
                    imp.issues.append(
                        Issue(
                            file,
                            code,
                            imp.rows[later[pick]],
                            column=_header_of(imp, "customer_id"),
                            values=ids.to_numpy()[later[pick]],
                            detail={"first": imp.rows[firsts[pick]]},
                        )
                    )
            mask = np.zeros(len(f), dtype=bool)
            mask[later] = True
            imp.drop(mask)
            f = imp.frame
    if "phone" in f.columns:
        phones = f["phone"].astype("object")
        dup = phones.notna() & phones.duplicated(keep="first")
        if dup.any():
            first_of = {}
            for i, p in enumerate(phones.to_numpy()):
                if p is not None and p == p and p not in first_of:
                    first_of[p] = i
            later = np.flatnonzero(dup.to_numpy())
            firsts = np.array([first_of[p] for p in phones.to_numpy()[later]])
            merge = "customer_id" not in f.columns or f["customer_id"].isna().all()
            imp.issues.append(
                Issue(
                    file,
                    "merged_phone" if merge else "duplicate_phone",
                    imp.rows[later],
                    column=_header_of(imp, "phone"),
                    values=phones.to_numpy()[later],
                    detail={"first": imp.rows[firsts]},
                )
            )
            if merge:
                mask = np.zeros(len(f), dtype=bool)
                mask[later] = True
                imp.drop(mask)


def _header_of(imp: Imported, key: str) -> str:
    for pos, k in imp.raw.match.keys.items():
        if k == key:
            return imp.raw.headers[pos]
    return key


def _derive_people(frame: pd.DataFrame, as_of, issues: list, file: str) -> pd.DataFrame:
    """Region from the province, birth year and age from one another (as the worlds do: the
    age on the last day of the data)."""
    out = frame
    if "province" in out.columns and "region" not in out.columns:
        out = out.assign(region=pd.Categorical(out["province"].astype("object").map(regions())))
        issues.append(Issue(file, "derived", detail={"key": "region", "source": "province"}))
    year = pd.Timestamp(as_of).year if pd.notna(as_of) else pd.Timestamp.today().year
    if "birth_date" in out.columns and "birth_year" not in out.columns:
        born = pd.to_datetime(out["birth_date"])
        out = out.assign(birth_year=born.dt.year.astype("float"))
        issues.append(Issue(file, "derived", detail={"key": "birth_year", "source": "birth_date"}))
    if "birth_year" in out.columns and "age" not in out.columns:
        out = out.assign(age=year - out["birth_year"].astype(float))
        issues.append(Issue(file, "derived", detail={"key": "age", "source": "birth_year"}))
    elif "age" in out.columns and "birth_year" not in out.columns:
        out = out.assign(birth_year=year - out["age"].astype(float))
    for col in ("age", "birth_year"):
        if col in out.columns and out[col].notna().all() and out[col].dtype.kind == "f":
            out[col] = out[col].astype(np.int64)
    return out


def assemble(
    customers: Imported | None,
    orders: Imported | None,
    *,
    as_of=None,
    shop=None,
    name: str = NAME,
    title: tuple[str, str] = TITLE,
    dayfirst: bool = True,
) -> YourData:
    """Link the orders to the customers, derive the behaviour features, and make the case
    (``as_of`` written as text is read day first unless ``dayfirst=False``)."""
    if customers is None and orders is None:
        raise PhanloaiError(
            "Cần ít nhất một tệp: customers=… (danh sách khách) hoặc orders=… (đơn hàng).",
            "At least one file is needed: customers=… (the customer list) or orders=… (the orders).",
        )
    # work on copies: the same imports can be assembled again (another as_of, say)
    customers = _copy(customers)
    orders = _copy(orders)
    issues: list[Issue] = []
    files = []
    rows_read = {}
    for imp in (customers, orders):
        if imp is not None:
            rows_read[imp.table] = len(imp.frame)
            _check_rows(imp)
    if customers is not None:
        _dedupe_customers(customers)
    if orders is not None:
        orders = _check_orders(orders)
    # as of: given, or the latest order date
    if as_of is not None:
        as_of = read_date(as_of, dayfirst=dayfirst)
        how = ("ngày được chọn (as_of)", "the date chosen (as_of)")
        first = orders.frame["order_date"].min() if orders is not None else pd.NaT
        if pd.notna(first) and as_of < pd.Timestamp(first).normalize():
            raise PhanloaiError(
                f"as_of = {format_date(as_of)} trước mọi đơn hàng (đơn đầu tiên: "
                f"{format_date(first)}): không còn đơn nào để tính. Chọn một ngày muộn hơn.",
                f"as_of = {format_date(as_of)} comes before every order (the first: "
                f"{format_date(first)}): no order would be left. Choose a later date.",
            )
    elif orders is not None and orders.frame["order_date"].notna().any():
        as_of = pd.Timestamp(orders.frame["order_date"].max()).normalize()
        how = ("ngày mua gần nhất trong tệp đơn hàng", "the latest order date in the order file")
    elif orders is not None and len(orders.frame):
        header = _header_of(orders, "order_date")
        shown = ", ".join(
            f"'{i.values[0]}'" for i in orders.issues if i.column == header and i.values is not None
        )[:120]
        raise PhanloaiError(
            f"Tệp '{orders.file}': không đọc được ngày mua nào ở cột '{header}'"
            + (f" (ví dụ {shown})" if shown else "")
            + ". Hãy ghi ngày như 31/12/2025 hoặc 2025-12-31, hoặc cho as_of (--as-of).",
            f"File '{orders.file}': no order date in column '{header}' can be read"
            + (f" (e.g. {shown})" if shown else "")
            + ". Write dates like 31/12/2025 or 2025-12-31, or give as_of (--as-of).",
        )
    else:
        as_of = pd.NaT
        how = None
    if how is not None:
        issues.append(
            Issue(
                (orders or customers).file,
                "as_of",
                detail={"as_of": format_date(as_of), "how_vi": how[0], "how_en": how[1]},
            )
        )
    if orders is not None and pd.notna(as_of):
        # a date alone means the whole day: an order later that day is not "after" it
        cutoff = as_of_bounds(as_of)[1]
        after = orders.frame["order_date"].to_numpy().astype("datetime64[s]") > cutoff
        if after.any():
            orders.issues.append(
                Issue(
                    orders.file,
                    "order_after_as_of",
                    orders.rows[after],
                    column=_header_of(orders, "order_date"),
                    values=orders.frame["order_date"].to_numpy()[after],
                    detail={"as_of": format_date(as_of)},
                )
            )
            orders.drop(after)
    if orders is None:
        table = customers.frame.copy()
        rows = customers.rows
        order_table = None
    else:
        table, rows, order_table = _link(customers, orders, as_of)
    if "customer_id" not in table.columns:
        key = (
            table["phone"].astype("object")
            if "phone" in table.columns
            else pd.Series(None, index=table.index, dtype=object)
        )
        made = pd.Series([f"DONG{r}" for r in rows], index=table.index)
        table.insert(0, "customer_id", key.where(key.notna(), made).astype("str"))
        issues.append(
            Issue(
                (customers or orders).file,
                "derived",
                detail={
                    "key": "customer_id",
                    "source": tr("số điện thoại (hoặc số dòng)", "the phone (or the row number)"),
                },
            )
        )
    file = (customers or orders).file
    table = _derive_people(table, as_of, issues, file)
    if shop is not None and {"lat", "lon"} <= set(table.columns):
        from ..features import distance_km

        table["distance_km"] = distance_km(table, *shop)
        issues.append(Issue(file, "derived", detail={"key": "distance_km", "source": "lat, lon"}))
    for imp in (customers, orders):
        if imp is None:
            continue
        for pos, key in imp.raw.match.keys.items():
            issues.append(
                Issue(
                    imp.file,
                    "column",
                    column=imp.raw.headers[pos],
                    detail={
                        "header": imp.raw.headers[pos],
                        "key": key,
                        "name": keys_of(imp.table).get(key, (key, key))[0],
                    },
                )
            )
        files.append(_file_info(imp, rows_read[imp.table]))
    all_issues = [
        *(customers.issues if customers else []),
        *(orders.issues if orders else []),
        *issues,
    ]
    tables = {"customers": table.reset_index(drop=True)}
    if order_table is not None:
        tables["orders"] = order_table
    shop_info = None
    if shop is not None:
        shop_info = {"name": tr(*title), "lat": float(shop[0]), "lon": float(shop[1])}
    return YourData(
        name=name,
        title_vi=title[0],
        title_en=title[1],
        n=len(tables["customers"]),
        seed=0,
        params_file=str((customers or orders).raw.path),
        as_of=as_of,
        tables=tables,
        shop=shop_info,
        stories=[],
        issues=all_issues,
        files=files,
        mapping={f.file: f.columns for f in files},
        rows={"customers": np.asarray(rows)},
    )


def _copy(imp: Imported | None) -> Imported | None:
    if imp is None:
        return None
    return Imported(imp.table, imp.frame, imp.rows, list(imp.issues), imp.raw, dict(imp.codes))


def _check_rows(imp: Imported) -> None:
    """Rows with nothing to tell who the customer is are not used."""
    f = imp.frame
    keys = [k for k in ("customer_id", "phone") if k in f.columns]
    names = [k for k in ("full_name", "company_name") if k in f.columns]
    if imp.table == "customers":
        if not keys and not names:
            expect = "; ".join(
                name_list("customers", k, 2) for k in ("customer_id", "phone", "full_name")
            )
            raise PhanloaiError(
                f"Tệp '{imp.file}': không có cột nào cho biết khách là ai. Cần một trong: {expect}.",
                f"File '{imp.file}': no column tells who the customer is. One of these is needed: {expect}.",
            )
        use = keys or names
    else:
        use = keys
    if not use:
        return
    missing = np.ones(len(f), dtype=bool)
    for k in use:
        missing &= f[k].isna().to_numpy()
    if missing.any():
        what = tr(
            " hay ".join(_header_of(imp, k) for k in use),
            " or ".join(_header_of(imp, k) for k in use),
        )
        imp.issues.append(
            Issue(
                imp.file,
                "missing_key",
                imp.rows[missing],
                column=_header_of(imp, use[0]),
                detail={"what": what},
            )
        )
        imp.drop(missing)


def _check_orders(imp: Imported) -> Imported:
    f = imp.frame
    need = {"order_date": None, "amount": None}
    key = [k for k in ("customer_id", "phone") if k in f.columns]
    absent = [k for k in need if k not in f.columns] + ([] if key else ["customer_id"])
    if absent:
        found = ", ".join(f"'{h}'" for h in imp.raw.headers if h.strip())
        expect_vi = "; ".join(f"{k}: {name_list('orders', k)}" for k in absent)
        raise PhanloaiError(
            f"Tệp đơn hàng '{imp.file}' thiếu cột: {expect_vi}. Các cột có trong tệp: {found}. "
            "Đổi tên cột, hoặc chỉ rõ bằng mapping={'Tên cột của bạn': 'khóa'}.",
            f"The order file '{imp.file}' lacks column(s): {expect_vi}. The file's columns: {found}. "
            "Rename them, or name them with mapping={'Your header': 'key'}.",
        )
    # exact copies of a line with the same order id: not used twice
    if "order_id" in f.columns and f["order_id"].notna().any():
        ids = f["order_id"]
        dup = ids.notna().to_numpy() & ids.duplicated(keep=False).to_numpy()
        if dup.any():
            sub = f.loc[dup]
            hashed = pd.util.hash_pandas_object(sub.astype("object"), index=False)
            copy = hashed.duplicated(keep="first").to_numpy()
            if copy.any():
                pos = np.flatnonzero(dup)[copy]
                firsts = []
                seen = {}
                for i, h in zip(np.flatnonzero(dup), hashed.to_numpy(), strict=True):
                    seen.setdefault(h, i)
                firsts = np.array([seen[h] for h in hashed.to_numpy()[copy]])
                imp.issues.append(
                    Issue(
                        imp.file,
                        "order_duplicate",
                        imp.rows[pos],
                        column=_header_of(imp, "order_id"),
                        values=ids.to_numpy()[pos],
                        detail={"first": imp.rows[firsts]},
                    )
                )
                mask = np.zeros(len(f), dtype=bool)
                mask[pos] = True
                imp.drop(mask)
    return imp


_INFO = ("customer_id", "phone", "full_name", "company_name", "province", "email", "staff_id")


def _digits(value) -> str | None:
    """An id written with digits only, without its leading zeros (``00123``, ``123``, ``123.0``
    → ``123``); None for any other id."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return (text.lstrip("0") or "0") if text.isdigit() else None


def _match_without_zeros(keys: pd.Series, uniques, position, line_codes, orders: Imported):
    """Order ids that match no customer id, matched again without leading zeros when both are
    digits only and the match is one to one (Excel turns ``00123`` into the number 123)."""
    stripped = pd.Series([_digits(v) for v in keys.astype("object")], dtype=object)
    if stripped.isna().all() or stripped.dropna().duplicated().any():
        return position
    digits_only = np.flatnonzero(stripped.notna().to_numpy())  # the others match nothing
    lookup = pd.Index(stripped.iloc[digits_only])
    missing = np.flatnonzero(position < 0)
    at = lookup.get_indexer([_digits(uniques[i]) or "\x01" for i in missing])
    found = np.where(at >= 0, digits_only[at], -1)
    hit = found >= 0
    if not hit.any():
        return position
    position = position.copy()
    position[missing[hit]] = found[hit]
    lines = np.flatnonzero(np.isin(line_codes, missing[hit]))
    theirs = keys.astype("object").to_numpy()[position[line_codes[lines]]]
    orders.issues.append(
        Issue(
            orders.file,
            "id_leading_zeros",
            orders.rows[lines],
            column=_header_of(orders, "customer_id"),
            values=orders.frame["customer_id"].astype("object").to_numpy()[lines],
            detail={
                "key": orders.frame["customer_id"].astype("object").to_numpy()[lines],
                "match": np.asarray(theirs, dtype=object),
            },
        )
    )
    return position


def _lines_without_key(orders: Imported, ckey: str) -> None:
    """Order lines are linked to their customers by ``ckey``: a line without it (a phone but
    no customer id) is reported and left out, never given to another customer."""
    blank = orders.frame[ckey].isna().to_numpy()
    if not blank.any():
        return
    other = "phone" if ckey == "customer_id" else "customer_id"
    orders.issues.append(
        Issue(
            orders.file,
            "order_no_key",
            orders.rows[blank],
            column=_header_of(orders, ckey),
            detail={"what": _header_of(orders, ckey), "other": _header_of(orders, other)},
        )
    )
    orders.drop(blank)


def _link(customers: Imported | None, orders: Imported, as_of):
    """Customer position of every order line; customers found only in the orders are added
    (with what the order lines tell about them: name, phone, province… of their first line)."""
    of = orders.frame
    if customers is not None:
        both = [k for k in ("customer_id", "phone") if k in customers.frame.columns and k in of]
        # a key the order lines hold (an id column left blank on every line links nothing)
        ckey = next((k for k in both if of[k].notna().any()), both[0] if both else None)
        if ckey is None:
            have_c = [k for k in ("customer_id", "phone") if k in customers.frame.columns]
            have_o = [k for k in ("customer_id", "phone") if k in of.columns]
            raise PhanloaiError(
                f"Không nối được đơn hàng với khách: tệp khách có {', '.join(have_c) or 'không có mã/số điện thoại'}, "
                f"tệp đơn có {', '.join(have_o)}. Cần cùng mã khách (customer_id) hoặc cùng số điện thoại (phone) ở cả hai tệp.",
                f"Cannot link the orders to the customers: the customer file has {', '.join(have_c) or 'no id / phone'}, "
                f"the order file {', '.join(have_o)}. Both need the customer id (customer_id) or the phone (phone).",
            )
    else:
        ckey = _customer_key(of) or ("customer_id" if "customer_id" in of.columns else "phone")
    _lines_without_key(orders, ckey)
    of = orders.frame
    n = len(of)
    if ckey in orders.codes:
        line_codes, uniques = orders.codes[ckey]
    else:
        line_codes, uniques = pd.factorize(of[ckey].astype("object"), use_na_sentinel=True)
        uniques = pd.Index(np.asarray(uniques, dtype=object)).astype("str")
    # the first line of each customer of the orders (what an added customer is known by)
    first_line = np.full(len(uniques), n, dtype=np.int64)
    np.minimum.at(first_line, line_codes, np.arange(n, dtype=np.int64))
    used = first_line < n
    if not used.all():  # values only rows that are not used held (a totals row's label)
        line_codes = (np.cumsum(used) - 1)[line_codes]
        uniques = uniques[used]
        first_line = first_line[used]
    if customers is None:
        base = pd.DataFrame({ckey: pd.Series(uniques, copy=False).reset_index(drop=True)})
        for col in _INFO:
            if col in of.columns and col != ckey:
                base[col] = _take(of[col], first_line)
        rows = orders.rows[first_line]
        line_pos = line_codes
    else:
        base = customers.frame
        rows = customers.rows
        position = pd.Index(base[ckey].astype("object")).get_indexer(uniques)
        if ckey == "customer_id" and (position < 0).any():
            position = _match_without_zeros(base[ckey], uniques, position, line_codes, orders)
        new = np.flatnonzero(position < 0)
        if len(new):
            unknown_lines = np.flatnonzero(position[line_codes] < 0)
            orders.issues.append(
                Issue(
                    orders.file,
                    "order_unknown_customer",
                    orders.rows[unknown_lines],
                    column=_header_of(orders, ckey),
                    values=of[ckey].astype("object").to_numpy()[unknown_lines],
                    detail={"key": of[ckey].astype("object").to_numpy()[unknown_lines]},
                )
            )
            added = pd.DataFrame({ckey: np.asarray(uniques[new], dtype=object)})
            for col in _INFO:
                if col in of.columns and col != ckey and col in base.columns:
                    added[col] = _take(of[col], first_line[new]).astype("object")
            position = position.copy()
            position[new] = len(base) + np.arange(len(new))
            base = _append(base, added)
            rows = np.concatenate([rows, orders.rows[first_line[new]]])
        else:
            base = base.copy()
        line_pos = position[line_codes]
    amounts = of["amount"].to_numpy(dtype=float)
    dates = of["order_date"].to_numpy().astype("datetime64[s]")
    order_codes = None
    if "order_id" in of.columns:
        ids = of["order_id"]
        if ids.notna().any() and ids.duplicated().sum() > ids.isna().sum():
            order_codes, _ = pd.factorize(ids, use_na_sentinel=True)
    for code, mask, key in (
        ("order_no_amount", np.isnan(amounts), "amount"),
        ("order_no_date", np.isnat(dates), "order_date"),
    ):
        if mask.any():
            orders.issues.append(
                Issue(orders.file, code, orders.rows[mask], column=_header_of(orders, key))
            )
    refund = amounts < 0
    if refund.any():
        orders.issues.append(
            Issue(
                orders.file,
                "order_refund",
                orders.rows[refund],
                column=_header_of(orders, "amount"),
                values=amounts[refund],
            )
        )
    feats = order_features_from_codes(line_pos, len(base), amounts, dates, as_of, order_codes)
    for col in FEATURES:
        if col in base.columns:
            differ = _differ(base[col], feats[col])
            if differ:
                orders.issues.append(
                    Issue(orders.file, "replaced", detail={"key": col, "n": differ})
                )
        base[col] = feats[col].to_numpy()
    # the orders: each line's customer id, as a category of the customer table's ids
    order_table = of
    if "customer_id" in base.columns:
        cats = base["customer_id"]
        if customers is None and ckey == "customer_id":
            pass  # the lines already hold these very categories
        elif cats.notna().all() and cats.is_unique:
            order_table = of.assign(
                customer_id=pd.Categorical.from_codes(
                    line_pos, categories=pd.Index(cats.astype("str"))
                )
            )
    return base, rows, order_table


def _take(series: pd.Series, positions: np.ndarray) -> pd.Series:
    return series.iloc[positions].reset_index(drop=True)


def _append(base: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """``base`` with the rows of ``added`` below (columns it lacks are blank), each column
    keeping its kind (categories stay categories, texts stay texts)."""
    both = pd.concat([base, added], ignore_index=True)
    for col in base.columns:
        kind = base[col].dtype
        if isinstance(kind, pd.CategoricalDtype):
            both[col] = pd.Categorical(both[col].astype("object"))
        elif pd.api.types.is_string_dtype(kind) and kind is not np.dtype(object):
            both[col] = both[col].astype("object").astype("str")
    return both


def _differ(given: pd.Series, derived: pd.Series) -> int:
    a, b = given.reset_index(drop=True), derived.reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(a) or pd.api.types.is_datetime64_any_dtype(b):
        a = pd.to_datetime(a, errors="coerce")
        b = pd.to_datetime(b, errors="coerce")
        same = (a == b) | (a.isna() & b.isna())
    else:
        a = pd.to_numeric(a, errors="coerce").astype(float)
        b = pd.to_numeric(b, errors="coerce").astype(float)
        same = np.isclose(a, b, equal_nan=True)
    return int((~np.asarray(same)).sum())


def from_files(
    customers=None,
    orders=None,
    mapping=None,
    dayfirst: bool = True,
    *,
    as_of=None,
    sheets: dict | None = None,
    shop=None,
    tables: dict | None = None,
    name: str = NAME,
    title: tuple[str, str] = TITLE,
) -> YourData:
    """Đọc dữ liệu của bạn — your own customer list (and orders) as a case.

    Parameters
    ----------
    customers : a customer list: ``.csv`` (UTF-8 with or without BOM, UTF-16, Windows-1258;
        comma, semicolon or tab), ``.xlsx`` or ``.parquet``. Optional when ``orders`` is given
        (the customers are then those of the orders).
    orders : order lines (one per order or per item): who (customer id or phone), when (date),
        how much (amount). The behaviour features (orders, spend, first / last purchase,
        recency) are derived from them.
    mapping : ``{"Header in your file": "column_key"}`` when a header is not recognised (or
        ``None`` as the key to leave a column out); ``{"customers": {...}, "orders": {...}}``
        for one file only. Column keys: ``phanloai.data_dictionary()``.
    dayfirst : ``05/01/2025`` is 5 January (default); ``False``: month first.
    as_of : the day recency is counted to (default: the latest order date).
    sheets : ``{"customers": "Sheet name", "orders": "…"}`` to choose Excel sheets.
    shop : ``(lat, lon)`` of the shop, for ``distance_km`` when the file has ``lat``/``lon``.
    tables : other tables of the data dictionary, read as they are (headers matched, values
        read, nothing derived): ``{"internal": "noi_bo.xlsx"}`` for the internal customers of
        ``internal_external``, ``{"staff": "nhan_vien.csv"}``.

    Returns
    -------
    YourData — a case (``.customers``, ``.orders``, ``.table_for(scheme)``…) for every
    classification, explorer, report and export, with ``.report`` (every problem, row by row,
    in Vietnamese and English) and ``.report_text()``. Rows that cannot be used are listed in
    the report; values that cannot be read are left blank (Unknown to the classifications).

    Examples
    --------
    >>> import tempfile, phanloai
    >>> from phanloai.intake.sample import messy_files
    >>> folder = messy_files(tempfile.mkdtemp())
    >>> mine = phanloai.from_files(folder / "khach_hang.csv", orders=folder / "don_hang.xlsx")
    >>> mine.name, "service_level" in mine.schemes()
    ('du_lieu_cua_ban', True)
    >>> labels = phanloai.classify(mine.customers, "service_level")
    """
    given = {t: p for t, p in (("customers", customers), ("orders", orders)) if p is not None}
    if not given:
        raise PhanloaiError(
            "from_files(): cần ít nhất customers=… hoặc orders=….",
            "from_files(): give at least customers=… or orders=….",
        )
    others = dict(tables or {})
    clash = set(others) & {"customers", "orders"}
    if clash:
        raise PhanloaiError(
            f"from_files(): tables= dành cho các bảng khác; bảng {', '.join(clash)} đưa bằng customers= / orders=.",
            f"from_files(): tables= is for other tables; give {', '.join(clash)} with customers= / orders=.",
        )
    names = (*given, *others)
    maps = check_mapping(mapping, names)
    sheets = sheets or {}
    used_headers: set[str] = set()
    imports = {}
    for table, path in {**given, **others}.items():
        table_map = {h: k for h, k in maps[table].items() if k in (None, "") or k in keys_of(table)}
        imports[table] = read(
            path, table, mapping=table_map, dayfirst=dayfirst, sheet=sheets.get(table)
        )
        for h in imports[table].raw.headers:
            used_headers |= {fold(h), header_parts(h)[0]}
    unused = [h for t in names for h in maps[t] if fold(h) not in used_headers]
    if unused:
        found = ", ".join(
            dict.fromkeys(h for imp in imports.values() for h in imp.raw.headers if h.strip())
        )
        shown = ", ".join(repr(h) for h in dict.fromkeys(unused))
        raise PhanloaiError(
            f"mapping: không tệp nào có cột {shown}. Các cột có: {found}.",
            f"mapping: no file has the column(s) {shown}. Columns found: {found}.",
        )
    case = assemble(
        imports.get("customers"),
        imports.get("orders"),
        as_of=as_of,
        shop=shop,
        name=name,
        title=title,
        dayfirst=dayfirst,
    )
    for table in others:
        imp = imports[table]
        case.tables[table] = imp.frame
        case.issues.extend(imp.issues)
        case.issues.extend(
            Issue(
                imp.file,
                "column",
                column=imp.raw.headers[pos],
                detail={
                    "header": imp.raw.headers[pos],
                    "key": key,
                    "name": keys_of(table).get(key, (key, key))[0],
                },
            )
            for pos, key in imp.raw.match.keys.items()
        )
        case.files.append(_file_info(imp, len(imp.frame)))
        case.__dict__.pop("report", None)
    case.args = {
        "customers": customers,
        "orders": orders,
        "mapping": mapping,
        "dayfirst": dayfirst,
        "as_of": as_of,
        "sheets": sheets,
        "shop": shop,
        "tables": tables,
        "name": name,
        "title": title,
    }
    return case


def looks_like_orders(path, mapping=None) -> bool:
    """The file holds order lines (a date and an amount per line) rather than a customer list."""
    from .reading import read_table

    try:
        maps = check_mapping(mapping, ("orders",))["orders"]
        maps = {h: k for h, k in maps.items() if k in (None, "") or k in keys_of("orders")}
        raw = read_table(path, "orders", maps)
    except PhanloaiError:
        return False
    keys = set(raw.match.keys.values())
    return {"order_date", "amount"} <= keys and bool(keys & {"customer_id", "phone"})


def problem_words(code: str) -> tuple[str, str]:
    """The words of one kind of problem (vi, en), for lessons and tests."""
    entry = CATALOGUE[code]
    return entry[1], entry[2]
