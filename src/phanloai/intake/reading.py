"""Reading a file into columns as written: CSV (any common encoding and separator), Excel, Parquet.

**The encoding rule** (CSV), in this order:

1. a byte-order mark decides: UTF-8 (``EF BB BF``), UTF-16 (``FF FE`` / ``FE FF``), UTF-32;
2. zero bytes at every other position without a mark: UTF-16 (little or big endian);
3. bytes that are valid UTF-8 are UTF-8 (text in any 8-bit code page is almost never valid
   UTF-8 once it holds a letter with a diacritic);
4. otherwise :mod:`charset_normalizer` ranks the 8-bit code pages; Windows-1258 (the
   Vietnamese Windows code page, which Excel uses for "CSV" on a Vietnamese Windows) is taken
   whenever it is one of the candidates — it nearly always is, since it decodes almost any byte
   — else the library's best guess, with a warning in the report. TCVN3 (ABC) and VNI files are
   not recognised (Python has no codec for them; convert them to Unicode with UniKey first).

Text is always composed (NFC) afterwards, so a file written with combining accents (macOS,
Windows-1258) reads the same as one written precomposed.

**Separator**: comma, semicolon, tab or ``|`` — the one that splits the first lines into the
same number of cells most often. **Header row**: among the first 30 rows, the one in which the
most cells are known column names (title rows above it are reported and skipped). **Rows**
are numbered as a spreadsheet shows them: the header's row number plus one for each record
after it, blank lines included.

Excel: the sheet named like the table (``khach_hang``, ``customers``, ``don_hang``,
``orders``…) or else the one whose header fits best (reported); merged cells carry their value to
every row they cover (reported). Parquet: columns as typed.
"""

from __future__ import annotations

import codecs
import csv
import decimal
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .._i18n import PhanloaiError
from ._text import fold
from .headers import Match, match_headers, name_list
from .report import Issue
from .values import BLANKS, RawColumn

HEAD_ROWS = 30  # rows searched for the header
_DELIMITERS = (",", ";", "\t", "|")
_SHEET_NAMES = {
    "customers": {"customers", "khachhang", "danhsachkhachhang", "dskhachhang", "kh", "khach"},
    "orders": {"orders", "donhang", "danhsachdonhang", "banhang", "giaodich", "hoadon", "dh"},
}
ENCODING_WORDS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32": "UTF-32",
    "cp1258": "Windows-1258 (tiếng Việt / Vietnamese)",
}


@dataclass
class RawTable:
    """A table as read from a file, before any value is interpreted."""

    file: str  # the name shown in messages (file name, and sheet when there is a choice)
    path: Path
    format: str  # csv, xlsx, parquet
    headers: list[str]
    columns: list[RawColumn]
    rows: np.ndarray  # the spreadsheet row of each data row
    match: Match
    header_row: int = 1
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def let_go(self) -> None:
        """Forget the cells once they are read into a frame (a million order lines are a few
        hundred MB of text and codes); what says how the table was read stays."""
        self.columns = []

    def keep(self, mask: np.ndarray) -> None:
        """Keep only the rows where ``mask`` holds (the others are already in the report)."""
        if mask.all():
            return
        if not self.columns and self.headers:
            raise RuntimeError("the cells were let go (let_go): keep rows before reading them")
        idx = np.flatnonzero(mask)
        self.rows = self.rows[idx]
        for col in self.columns:
            col.data = col.data.take(pa.array(idx)) if col.arrow else _take(col.data, idx)
            col._encoded = None


def _nfc(cell) -> str:
    """A header cell as text: composed (NFC), trimmed, inner spaces single."""
    if cell is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(cell)).split())


def _take(data, idx):
    if isinstance(data, pd.Series):
        return data.iloc[idx].reset_index(drop=True)
    return data[idx]


def _error(path: Path, vi: str, en: str) -> PhanloaiError:
    return PhanloaiError(f"Tệp '{path.name}': {vi}", f"File '{path.name}': {en}")


# -- entry point -----------------------------------------------------------------------------------------
def read_table(
    path, table: str, mapping: dict | None = None, sheet: str | None = None, whole: bool = False
) -> RawTable:
    """Read ``path`` as a ``table`` ("customers" or "orders"): find its format, encoding,
    separator, sheet and header row; every column as written. A CSV's encoding is found from
    its first megabyte, or from all of it with ``whole`` (after a :class:`NotUTF8`)."""
    path = Path(path)
    if not path.exists():
        raise PhanloaiError(f"Không tìm thấy tệp '{path}'.", f"File '{path}' not found.")
    if path.is_dir():
        raise _error(path, "là một thư mục, không phải tệp.", "is a folder, not a file.")
    try:
        with path.open("rb") as f:
            magic = f.read(8)
    except OSError as exc:
        raise _error(
            path, f"không đọc được ({exc.strerror}).", f"cannot be read ({exc.strerror})."
        ) from exc
    suffix = path.suffix.lower()
    if magic.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        if not magic.startswith(b"PK\x03\x04"):
            raise _error(
                path, "không phải tệp Excel .xlsx hợp lệ.", "is not a valid Excel .xlsx file."
            )
        return _read_excel(path, table, mapping, sheet)
    if magic.startswith(b"PAR1") or suffix == ".parquet":
        return _read_parquet(path, table, mapping)
    if magic.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise _error(
            path,
            "là tệp Excel cũ (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx (hoặc CSV UTF-8).",
            "is an old Excel file (.xls). Open it in Excel and save it as .xlsx (or CSV UTF-8).",
        )
    if magic.startswith(b"%PDF"):
        raise _error(path, "là tệp PDF, không phải bảng dữ liệu.", "is a PDF, not a data table.")
    return _read_csv(path, table, mapping, sample=None if whole else 1 << 20)


# -- finding the header ------------------------------------------------------------------------------
def find_header(records: list[list], table: str, mapping: dict | None, path: Path, where: str = ""):
    """The position of the header among the first rows and how its cells match."""
    best, best_match = None, None
    for i, rec in enumerate(records[:HEAD_ROWS]):
        cells = _distinct(["" if c is None else str(c) for c in rec])
        if sum(bool(c.strip()) for c in cells) == 0:
            continue
        m = match_headers(cells, table, mapping)
        if best_match is None or m.score > best_match.score:
            best, best_match = i, m
    if best_match is None or best_match.score == 0:
        first = next((r for r in records if any(str(c or "").strip() for c in r)), [])
        shown = ", ".join(repr(str(c)) for c in first[:8] if str(c or "").strip())
        expect = "; ".join(name_list(table, k, 2) for k in _EXPECTED.get(table, ()))
        raise _error(
            path,
            f"{where}không tìm thấy dòng tiêu đề của bảng {_TABLE_VI.get(table, table)} trong {HEAD_ROWS} dòng đầu "
            f"(dòng đầu có: {shown or '(trống)'}). Cần các cột như: {expect} — hoặc chỉ rõ bằng mapping.",
            f"{where}no header row of {_TABLE_EN.get(table, 'a ' + table)} table in the first {HEAD_ROWS} rows "
            f"(the first row holds: {shown or '(nothing)'}). Expected columns such as: {expect} — or name them with mapping.",
        )
    return best, best_match


_EXPECTED = {
    "customers": ("customer_id", "phone", "full_name"),
    "orders": ("customer_id", "order_date", "amount"),
    "internal": ("internal_id", "full_name", "relation"),
    "staff": ("staff_id", "full_name"),
}
_TABLE_EN = {
    "customers": "a customer",
    "orders": "an order",
    "internal": "an internal",
    "staff": "a staff",
}
_TABLE_VI = {
    "customers": "khách hàng",
    "orders": "đơn hàng",
    "internal": "khách hàng nội bộ",
    "staff": "nhân viên",
}


def _title_rows(file: str, records: list[list], header: int, offset: int = 1) -> list[Issue]:
    rows = [
        offset + i
        for i, rec in enumerate(records[:header])
        if any(str(c or "").strip() for c in rec)
    ]
    out = []
    if rows:
        values = np.array(
            [" | ".join(_nfc(c) for c in records[r - offset] if _nfc(c))[:80] for r in rows],
            dtype=object,
        )
        out.append(Issue(file, "title_row", np.array(rows), values=values))
    if header > 0:
        out.append(Issue(file, "header_row", detail={"header_row": header + offset}))
    return out


# -- CSV ---------------------------------------------------------------------------------------------
def detect_encoding(data: bytes, sample: int | None = 1 << 20) -> tuple[str, int, str | None]:
    """``(encoding, bytes to skip, warning)`` by the rule of the module's docstring. UTF-8 is
    checked on the first ``sample`` bytes (the reader checks the rest as it goes)."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    head = bytes(data[:8])
    for bom, name in boms:
        if head.startswith(bom):
            return name, (len(bom) if name == "utf-8-sig" else 0), None
    start = bytes(data[:4096])
    if start.count(0) > len(start) // 4:
        odd = start[1::2].count(0)
        even = start[0::2].count(0)
        if odd > 3 * max(even, 1) // 2 and odd > len(start) // 4:
            return "utf-16-le", 0, None
        if even > 3 * max(odd, 1) // 2 and even > len(start) // 4:
            return "utf-16-be", 0, None
        raise PhanloaiError("", "")  # replaced by the caller: not text
    try:
        codecs.getincrementaldecoder("utf-8")().decode(
            data[:sample] if sample else data, final=not sample or len(data) <= sample
        )
        return "utf-8", 0, None
    except UnicodeDecodeError:
        pass
    import re

    import charset_normalizer

    first = re.search(rb"[\x80-\xff]", data)  # the code page shows only where ASCII ends
    start = max(0, first.start() - 4096) if first else 0
    found = charset_normalizer.from_bytes(bytes(data[start : start + (1 << 20)]))
    names = [m.encoding for m in found if m.encoding not in ("ascii", "utf_8")]
    if "cp1258" in names or not names:
        try:
            bytes(data).decode("cp1258")
            return "cp1258", 0, None
        except UnicodeDecodeError:
            pass
    if names:
        return names[0], 0, names[0]
    raise PhanloaiError("", "")


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1
    for d in _DELIMITERS:
        counts = [len(r) for r in csv.reader(lines[:HEAD_ROWS], delimiter=d) if r]
        if not counts:
            continue
        values, freq = np.unique(counts, return_counts=True)
        wide = values > 1
        if not wide.any():
            continue
        score = int(freq[wide].max()) * 1000 + int(values[wide][np.argmax(freq[wide])])
        if score > best_score:
            best, best_score = d, score
    return best


def _read_csv(
    path: Path, table: str, mapping: dict | None, sample: int | None = 1 << 20
) -> RawTable:
    try:
        data = _bytes_of(path)
    except OSError as exc:
        raise _error(
            path, f"không đọc được ({exc.strerror}).", f"cannot be read ({exc.strerror})."
        ) from exc
    if len(data) < (1 << 20) and not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise _error(path, "tệp trống, không có dữ liệu.", "the file is empty.")
    try:
        encoding, skip, warn = detect_encoding(data, sample)
    except PhanloaiError:
        raise _error(
            path,
            "không phải tệp văn bản (CSV); có thể là tệp nhị phân hoặc ảnh. Hãy xuất lại dạng CSV UTF-8 hoặc .xlsx.",
            "is not a text (CSV) file; it may be a binary file or an image. Export it again as CSV UTF-8 or .xlsx.",
        ) from None
    bad = 0
    if encoding in ("utf-8", "utf-8-sig"):
        body = memoryview(data)[skip:]
        head_text = bytes(body[: 1 << 16]).decode("utf-8", errors="ignore")
        utf8 = body
    else:
        text = bytes(data).decode(encoding, errors="replace")
        text = text.lstrip("\ufeff")
        bad = text.count("\ufffd")
        head_text = text[: 1 << 16]
        utf8 = text.encode("utf-8")
    if "\x00" in head_text:
        raise _error(
            path,
            "không phải tệp văn bản (CSV). Hãy xuất lại dạng CSV UTF-8 hoặc .xlsx.",
            "is not a text (CSV) file. Export it again as CSV UTF-8 or .xlsx.",
        )
    lines = head_text.splitlines()
    if len(lines) > 1 and len(head_text) == (1 << 16):
        lines = lines[:-1]  # the last line of the sample may be cut
    delimiter = _sniff_delimiter(lines)
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    records, line_ends = [], []
    for rec in reader:
        records.append(rec)
        line_ends.append(reader.line_num)
        if len(records) >= HEAD_ROWS:
            break
    header, match = find_header(records, table, mapping, path)
    file = path.name
    issues = []
    shown = ENCODING_WORDS.get(encoding, encoding)
    issues.append(Issue(file, "encoding", detail={"encoding": shown}))
    if warn or (encoding not in ("utf-8", "utf-8-sig") and bad):
        issues.append(
            Issue(
                file,
                "encoding_guess",
                detail={
                    "encoding": shown,
                    "bad": bad if encoding not in ("utf-8", "utf-8-sig") else 0,
                },
            )
        )
    issues += _title_rows(file, records, header)
    headers = _distinct([_nfc(c) for c in records[header]])
    n_cols = len(headers)
    header_row = header + 1
    body_start = 0
    for _ in range(line_ends[header] if header < len(line_ends) else 0):
        body_start = data.find(b"\n", body_start) + 1
    quoted = data.find(b'"', body_start) >= 0  # only then can a cell hold a line break
    # bytes of a file said to be UTF-8 by a sample are checked later, on each column's distinct
    # values (a fifth of the reading time saved); bytes decoded here and written again are UTF-8
    unchecked = encoding in ("utf-8", "utf-8-sig") and sample is not None
    columns, extra = _arrow_csv(utf8, delimiter, n_cols, header + 1, quoted, not unchecked)
    if columns is None:  # rows with a wrong number of cells: read again, cell by cell
        if unchecked and not _valid_utf8(utf8):
            return _read_csv(path, table, mapping, sample=None)  # not UTF-8 after all
        columns, extra = _python_csv(utf8, delimiter, n_cols, header + 1)
        unchecked = False  # decoded, bad bytes replaced
    n = len(columns[0]) if columns else 0
    rows = header_row + 1 + np.arange(n, dtype=np.int64)
    raw = RawTable(
        file,
        path,
        "csv",
        headers,
        [RawColumn(c, unchecked=unchecked) for c in columns],
        rows,
        match,
        header_row=header_row,
        encoding=encoding,
        delimiter=delimiter,
        issues=issues,
    )
    if extra:
        pos = np.array([p for p, _ in extra])
        raw.issues.append(
            Issue(
                file,
                "extra_cells",
                rows[pos],
                values=np.array([t for _, t in extra], dtype=object),
                detail={
                    "actual": np.array(
                        [len(next(csv.reader([t], delimiter=delimiter))) for _, t in extra]
                    ),
                    "expected": n_cols,
                },
            )
        )
        keep = np.ones(n, dtype=bool)
        keep[pos] = False
        raw.keep(keep)
    return raw


def _bytes_of(path: Path):
    """The file's bytes: mapped into memory when large (no copy), else read."""
    size = path.stat().st_size
    if size < (8 << 20):
        return path.read_bytes()
    import mmap

    with path.open("rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def _valid_utf8(data) -> bool:
    try:
        bytes(data).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _arrow_csv(utf8, delimiter: str, n_cols: int, skip: int, quoted: bool, check: bool = True):
    """Every column as an Arrow string array (fast); None if some row has a wrong number of
    cells (then :func:`_python_csv` reads it again and names those rows)."""
    wrong = []

    def handler(row):
        wrong.append(row)
        return "skip"

    names = [f"c{i}" for i in range(n_cols)]
    try:
        tb = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(utf8)),
            read_options=pacsv.ReadOptions(skip_rows=skip, column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=quoted,
                ignore_empty_lines=False,
                invalid_row_handler=handler,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=check,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None, []
    if wrong:
        return None, []
    return [tb.column(c) for c in names], []


def _python_csv(utf8, delimiter: str, n_cols: int, skip: int):
    """Cell by cell with the csv module: rows with too many cells are named (not used), rows
    with too few are filled with blanks."""
    text = bytes(utf8).decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells: list[list] = [[] for _ in range(n_cols)]
    extra = []
    for i, rec in enumerate(reader):
        if i < skip:
            continue
        pos = i - skip
        if len(rec) > n_cols and any(str(c).strip() for c in rec[n_cols:]):
            extra.append((pos, delimiter.join(rec)))
        rec = (rec + [""] * n_cols)[:n_cols]
        for j in range(n_cols):
            cells[j].append(rec[j])
    return [pa.array(c, type=pa.string()) for c in cells], extra


# -- Excel -----------------------------------------------------------------------------------------
def _read_excel(path: Path, table: str, mapping: dict | None, sheet: str | None) -> RawTable:
    import warnings

    from openpyxl import load_workbook

    small = path.stat().st_size < (8 << 20)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes about styles and data validation
            wb = load_workbook(path, read_only=not small, data_only=True)
    except Exception as exc:  # a damaged or encrypted workbook
        raise _error(
            path,
            f"không mở được tệp Excel ({type(exc).__name__}: {exc}). Tệp có thể hỏng hoặc có mật khẩu.",
            f"cannot open the Excel file ({type(exc).__name__}: {exc}). It may be damaged or password-protected.",
        ) from exc
    try:
        return _read_workbook(wb, path, table, mapping, sheet)
    finally:
        wb.close()


def _sheet_rows(ws, limit: int | None = None) -> list[list]:
    rows = []
    for i, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True)):
        if limit is not None and i >= limit:
            break
        rows.append(list(row))
    return rows


def _read_workbook(wb, path: Path, table: str, mapping, sheet: str | None) -> RawTable:
    names = list(wb.sheetnames)
    if sheet is not None:
        if sheet not in names:
            raise _error(
                path,
                f"không có trang tính '{sheet}'. Các trang: {', '.join(names)}.",
                f"has no sheet '{sheet}'. Sheets: {', '.join(names)}.",
            )
        chosen = sheet
    else:
        wanted = _SHEET_NAMES.get(table, set()) | {fold(table)}
        chosen = next((n for n in names if fold(n) in wanted), None)
        if chosen is None:
            scores = {}
            for n in names:
                try:
                    _, m = find_header(_sheet_rows(wb[n], HEAD_ROWS), table, mapping, path)
                    scores[n] = m.score
                except PhanloaiError:
                    scores[n] = 0
            best = max(scores.values()) if scores else 0
            if best == 0:
                expect = "; ".join(
                    name_list(table, k, 2)
                    for k in (
                        ("customer_id", "phone")
                        if table == "customers"
                        else ("order_date", "amount")
                    )
                )
                raise _error(
                    path,
                    f"không trang tính nào giống bảng {_TABLE_VI.get(table, table)} (các trang: {', '.join(names)}). "
                    f"Cần các cột như: {expect}; hoặc chọn trang bằng sheets={{'{table}': 'Tên trang'}}.",
                    f"no sheet looks like a {table} table (sheets: {', '.join(names)}). "
                    f"Expected columns such as: {expect}; or choose one with sheets={{'{table}': 'Sheet name'}}.",
                )
            chosen = next(n for n in names if scores[n] == best)
    ws = wb[chosen]
    records = _sheet_rows(ws)
    where = f"trang '{chosen}': " if len(names) > 1 else ""
    header, match = find_header(records, table, mapping, path, where)
    file = f"{path.name} [{chosen}]" if len(names) > 1 else path.name
    issues = []
    if len(names) > 1:
        issues.append(Issue(file, "sheet", detail={"sheet": chosen, "sheets": ", ".join(names)}))
    issues += _title_rows(file, records, header)
    merged = _merged_ranges(ws, header + 2)
    headers = _distinct([_nfc(c) for c in records[header]])
    body = records[header + 1 :]
    width = max([len(headers), *(len(r) for r in body)]) if body else len(headers)
    headers += [""] * (width - len(headers))
    grid = np.full((len(body), width), None, dtype=object)
    for i, r in enumerate(body):
        grid[i, : len(r)] = r
    if merged:
        shown = []
        for lo_r, hi_r, lo_c, hi_c, ref in merged:
            top = grid[lo_r - header - 2, lo_c - 1]
            grid[lo_r - header - 2 : hi_r - header - 1, lo_c - 1 : hi_c] = top
            shown.append(ref)
        issues.append(
            Issue(
                file,
                "merged",
                detail={"cells": ", ".join(shown[:10]) + (" …" if len(shown) > 10 else "")},
            )
        )
    rows = header + 2 + np.arange(len(body), dtype=np.int64)
    if len(headers) != len(match.headers):
        match = match_headers(headers, table, mapping)
    return RawTable(
        file,
        path,
        "xlsx",
        headers,
        [RawColumn(grid[:, j].copy()) for j in range(width)],
        rows,
        match,
        header_row=header + 1,
        sheet=chosen,
        sheets=names,
        issues=issues,
    )


def _merged_ranges(ws, first_row: int) -> list[tuple]:
    ranges = getattr(ws, "merged_cells", None)
    if ranges is None:
        return []
    out = []
    for r in ranges.ranges:
        if r.max_row >= first_row and (r.max_row > r.min_row):
            out.append((max(r.min_row, first_row), r.max_row, r.min_col, r.max_col, r.coord))
    return out


def _distinct(headers: list[str]) -> list[str]:
    """Two columns with one header (``SĐT``, ``SĐT``) become ``SĐT`` and ``SĐT (2)``, so a
    mapping can name each of them.

    >>> _distinct(["SĐT", "Tên", "SĐT", ""])
    ['SĐT', 'Tên', 'SĐT (2)', '']
    """
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        if h and h in seen:
            seen[h] += 1
            out.append(f"{h} ({seen[h]})")
        else:
            seen.setdefault(h, 1)
            out.append(h)
    return out


# -- Parquet ------------------------------------------------------------------------------------------
def _decimals_as_numbers(s: pd.Series) -> pd.Series:
    """A decimal column (Parquet ``decimal128``, as accounting systems write money) as numbers:
    pandas hands it over as Python ``Decimal`` objects, which no number reader expects."""
    if isinstance(s.dtype, pd.ArrowDtype) and pa.types.is_decimal(s.dtype.pyarrow_dtype):
        return s.astype("float64")
    if s.dtype == object:
        known = s.dropna()
        if len(known) and known.map(type).eq(decimal.Decimal).all():
            return pd.to_numeric(s.map(lambda v: float(v) if v is not None else np.nan))
    return s


def _nested_as_text(s: pd.Series) -> pd.Series:
    """A column of lists or records (Parquet's nested types) as text, ``['x', 'y']``: the door
    reads cells, and a list is no cell (it cannot even be compared with another)."""

    def nested(v) -> bool:
        return isinstance(v, list | tuple | dict | np.ndarray)

    def plain(v):  # every level of nesting as Python lists and dicts (arrays print otherwise)
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if nested(v):
            return [plain(x) for x in v]
        return v.item() if isinstance(v, np.generic) else v  # np.int64(1) → 1

    if s.dtype != object or not s.map(nested).any():
        return s
    return s.map(lambda v: str(plain(v)) if nested(v) else v)


def _read_parquet(path: Path, table: str, mapping: dict | None) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:
        raise _error(
            path,
            f"không đọc được tệp Parquet ({type(exc).__name__}: {exc}).",
            f"cannot read the Parquet file ({type(exc).__name__}: {exc}).",
        ) from exc
    headers = _distinct([_nfc(c) for c in frame.columns])
    match = match_headers(headers, table, mapping)
    if match.score == 0:
        find_header([headers], table, mapping, path)  # the bilingual "no header" error
    columns = []
    for j in range(frame.shape[1]):
        s = _nested_as_text(_decimals_as_numbers(frame.iloc[:, j]))
        if pd.api.types.is_string_dtype(s) or s.dtype == object and s.map(type).eq(str).all():
            columns.append(
                RawColumn(pa.array(s.to_numpy(dtype=object), type=pa.string(), from_pandas=True))
            )
        elif isinstance(s.dtype, pd.CategoricalDtype):
            columns.append(RawColumn(s.astype(object).to_numpy()))
        else:
            columns.append(RawColumn(s.reset_index(drop=True)))
    rows = 2 + np.arange(len(frame), dtype=np.int64)
    return RawTable(path.name, path, "parquet", headers, columns, rows, match)


def peek(path, rows: int = 8, sheet: str | None = None) -> pd.DataFrame:
    """The first rows of a file exactly as written (every cell as text, nothing read into
    numbers or dates), numbered as a spreadsheet numbers them — to see what the door sees.
    CSV: decoded by the encoding rule and split by the separator found; Excel: the sheet given,
    or the first."""
    path = Path(path)
    with path.open("rb") as f:
        magic = f.read(8)
    if magic.startswith(b"PK\x03\x04"):
        import warnings

        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb[sheet] if sheet else wb[wb.sheetnames[0]]
            records = [[_nfc(c) for c in r] for r in _sheet_rows(ws, rows)]
        finally:
            wb.close()
    else:
        data = path.read_bytes()[: 1 << 16]
        encoding, skip, _ = detect_encoding(data, None)
        text = data[skip:].decode(encoding, errors="replace").lstrip("\ufeff")
        lines = text.splitlines()[: rows + 1]
        delimiter = _sniff_delimiter(lines)
        records = [
            [_nfc(c) for c in r]
            for r, _ in zip(csv.reader(lines, delimiter=delimiter), range(rows), strict=False)
        ]
    width = max((len(r) for r in records), default=0)
    table = pd.DataFrame(
        [r + [""] * (width - len(r)) for r in records],
        index=pd.RangeIndex(1, len(records) + 1, name="dòng / row"),
        columns=[_letter(j) for j in range(width)],
    )
    return table


def _letter(j: int) -> str:
    out = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


__all__ = ["BLANKS", "RawTable", "detect_encoding", "peek", "read_table"]
