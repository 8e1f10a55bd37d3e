"""The door's shortcuts give what the long way gives (issue 9, import speed).

Each shortcut skips work when the bytes show it would change nothing, or does it on fewer
values: a column that goes with the customer ids (a customer's phone on each of its order lines)
is encoded from those ids; texts are trimmed and composed only when some byte says so; the UTF-8
check of a CSV is made on each column's distinct values; dates are composed with NumPy's
calendar. Each is compared here with the long way, written out plainly, on values made to hit
the edges (blanks, spaces of every kind, texts that do not follow their owner, files that stop
being UTF-8 after the first megabyte)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import example, given, settings
from hypothesis import strategies as st

import phanloai
from phanloai.intake import read
from phanloai.intake._text import ODD_SPACES, SPACES, nfc_arrow
from phanloai.intake.places import _digits_and_plus, _every_rule, normalise_phone_array
from phanloai.intake.sample import to_cp1258
from phanloai.intake.values import (
    BLANKS,
    RawColumn,
    _as_words,
    _compose,
    _dictionary_encode,
    _fixed_width,
    number_texts,
)

# pieces that hit every rule: ASCII and Vietnamese letters, letters written decomposed, every
# kind of space (inside and at the ends), blank words in any case, the Kelvin sign (its lower
# case is ASCII 'k')
PIECES = [
    "a",
    "KH",
    "0",
    "9",
    " ",
    "  ",
    "\t",
    "\n",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\u3000",
    "\x1c",
    "Đ",
    "à",
    unicodedata.normalize("NFD", "ễ"),
    "NA",
    "n/a",
    "-",
    "—",
    ".",
    "Null",
    "#N/A",
    "\u212a",
]
texts = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)


def the_long_way(arr: pa.Array, blanks=()) -> pa.Array:
    """What ``nfc_arrow`` is to give: every step, always."""
    arr = pc.utf8_normalize(arr, form="NFC")
    arr = pc.utf8_trim_whitespace(arr)
    if pc.any(pc.match_substring_regex(arr, ODD_SPACES)).as_py():
        arr = pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, SPACES + "+", " "))
    if blanks:
        words = pa.array(sorted(blanks), type=pa.string())
        hit = pc.is_in(pc.utf8_lower(arr), value_set=words)
        arr = pc.if_else(hit, pa.scalar(None, pa.string()), arr)
    return arr


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), texts), min_size=1, max_size=40), st.integers(0, 3))
def test_cleaning_skips_only_what_changes_nothing(values, cut):
    arr = pa.array(values, type=pa.string()).slice(min(cut, len(values) - 1))  # offsets ≠ 0 too
    assert nfc_arrow(arr, BLANKS).equals(the_long_way(arr, BLANKS))
    assert nfc_arrow(arr).equals(the_long_way(arr))


def test_cleaning_by_hand():
    arr = pa.array(["KH1", " KH2 ", "na", "N/A", "Hà\u00a0 Nội", "e\u0301", "\u212aH", None])
    assert nfc_arrow(arr, BLANKS).to_pylist() == [
        "KH1",
        "KH2",
        None,
        None,
        "Hà Nội",
        "é",
        "KH",  # the Kelvin sign is the letter K once composed
        None,
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["KH1", "KH2", "KH3", "", "  "]), min_size=1, max_size=60),
    st.lists(st.sampled_from(["0912", "0913", "0913 ", "x"]), min_size=3, max_size=3),
    st.lists(st.integers(0, 59), max_size=3),
    st.integers(1, 3),
)
def test_a_column_encoded_from_its_owner_is_encoded_as_by_hashing(owners, phones, odd, chunks):
    """One phone per customer (the case the shortcut is for) or a few lines that differ, with
    blank ids, in one or more chunks: codes, distinct values and cleaned values are those of
    hashing every row."""
    n = len(owners)
    phone_of = dict(zip(["KH1", "KH2", "KH3", "", "  "], [*phones, "", "0999"], strict=True))
    values = [phone_of[o] for o in owners]
    for i in odd:
        if i < n:
            values[i] = "0000"  # a line whose phone is not its customer's
    cuts = sorted({0, n, *(n * k // chunks for k in range(1, chunks))})

    def column(texts):
        return pa.chunked_array(
            [pa.array(texts[a:b], type=pa.string()) for a, b in zip(cuts, cuts[1:], strict=False)],
            type=pa.string(),
        )

    plain = RawColumn(column(values))
    following = RawColumn(column(values))
    following.follow(RawColumn(column(owners)))
    codes, raw, clean = plain.encoded()
    codes2, raw2, clean2 = following.encoded()
    assert np.array_equal(codes, codes2)
    assert raw.arr.equals(raw2.arr) and clean.arr.equals(clean2.arr)


def test_the_owner_is_read_once_and_the_shortcut_is_taken():
    owners = RawColumn(pa.chunked_array([pa.array(["KH1", "KH2", "KH1", "KH3", "KH2"])]))
    phones = RawColumn(pa.chunked_array([pa.array(["09 1", "092", "09 1", "093", "092"])]))
    phones.follow(owners)
    found = phones._dictionary_following()
    assert found is not None  # every line agrees with its customer's first line
    codes, distinct = found
    assert codes.tolist() == [0, 1, 0, 2, 1] and distinct.to_pylist() == ["09 1", "092", "093"]
    assert owners._encoded is not None  # encoded once, kept for the owner's own reading
    phones.data = pa.chunked_array([pa.array(["09 1", "092", "099", "093", "092"])])
    assert phones._dictionary_following() is None  # line 3 differs: every row is hashed


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 18), st.booleans(), st.integers(1, 3), st.data())
def test_values_of_one_width_are_encoded_as_words_as_by_hashing(width, shared, chunks, data):
    """Values of one width hashed as 64-bit words (8 bytes or fewer; or the last 8 after the
    same first bytes) give the codes and distinct values of hashing the texts: in the order
    they first come, in one or more chunks, a chunk starting inside its buffer. Some values
    hold a two-byte letter (``Đ``), so that characters and bytes differ."""
    piece = st.text("AB09", min_size=width, max_size=width)
    if width >= 2:
        piece |= st.text("AB09", min_size=width - 2, max_size=width - 2).map(lambda t: t + "Đ")
    values = data.draw(st.lists(piece, min_size=1))
    lead = width - 8
    if shared and lead > 0:  # the same first bytes, as ids with a prefix
        values = [values[0][:lead] + v[lead:] for v in values]
        values = [v for v in values if len(v.encode()) == width]
    n = len(values)
    cuts = sorted({0, n, *(n * k // chunks for k in range(1, chunks))})
    parts = [values[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    column = pa.chunked_array(
        [pa.array(["?" * width, *p]).slice(1) for p in parts], type=pa.string()
    )
    fixed = _fixed_width(column)
    assert fixed is not None
    same_lead = len({v.encode()[:lead] for v in values}) == 1
    assert (_as_words(fixed) is not None) == (lead <= 0 or (lead <= 8 and same_lead))
    first_seen = list(dict.fromkeys(values))
    codes, distinct = _dictionary_encode(column)
    assert distinct.to_pylist() == first_seen
    assert codes.tolist() == [first_seen.index(v) for v in values]


def test_words_by_hand():
    """``KH`` and 7 digits: the last 8 bytes are the word; a value whose first byte differs
    sends the column the usual way; 3-byte values are padded to a word."""
    column = pa.chunked_array([pa.array(["KH0000002", "KH0000001"]), pa.array(["KH0000002"])])
    words, prefix = _as_words(_fixed_width(column))
    assert bytes(prefix) == b"K" and words.type == pa.uint64() and len(words) == 3
    codes, distinct = _dictionary_encode(column)
    assert codes.tolist() == [0, 1, 0] and distinct.to_pylist() == ["KH0000002", "KH0000001"]
    other = pa.chunked_array([pa.array(["KH0000002", "XH0000002"])])
    assert _as_words(_fixed_width(other)) is None
    codes, distinct = _dictionary_encode(other)
    assert codes.tolist() == [0, 1] and distinct.to_pylist() == ["KH0000002", "XH0000002"]
    codes, distinct = _dictionary_encode(pa.chunked_array([pa.array(["Hà", "KH1", "Hà"])]))
    assert codes.tolist() == [0, 1, 0] and distinct.to_pylist() == ["Hà", "KH1"]
    # nulls (−1), in a chunked column or a plain array
    column = pa.chunked_array([pa.array(["b", None, "a"]), pa.array([None, "b"])])
    codes, distinct = _dictionary_encode(column)
    assert codes.tolist() == [0, -1, 1, -1, 0] and distinct.to_pylist() == ["b", "a"]
    codes, distinct = _dictionary_encode(pa.array([None, "xy", "xy"]))
    assert codes.tolist() == [-1, 0, 0] and distinct.to_pylist() == ["xy"]


MONEY_PIECES = ["1", "25", "0", "450", ".", ",", ".000", ",000", " ", "₫", "đ", "Đ", "tr", "k"]
MONEY_PIECES += ["triệu", "(", ")", "%", "-", "−", "vnd", "'", "1.250.000", "1,5", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(MONEY_PIECES), min_size=1, max_size=5).map("".join)))
def test_plain_amounts_read_at_once_as_by_every_rule(texts):
    """Amounts written the plain way (``1.250.000 ₫``, ``1,250,000``, ``450000đ``) are read
    at once; any mix of plain and other amounts gives what every rule gives."""
    texts = np.array(texts, dtype=object)
    quick = number_texts(texts, money=True)
    slow = number_texts(texts, money=True, quick=False)
    assert np.array_equal(quick[0], slow[0], equal_nan=True)
    for a, b in zip(quick[1:], slow[1:], strict=True):
        assert list(a) == list(b)


def test_plain_amounts_by_hand():
    texts = np.array(["1.250.000 ₫", "450.000", "1,250", "586000đ", "1,5 triệu", "12.5"], object)
    value, unit, _, problems = number_texts(texts, money=True)
    assert value[:5].tolist() == [1_250_000, 450_000, 1_250, 586_000, 1_500_000]
    assert unit.tolist() == [False, False, False, False, True, False]
    assert problems[5] is None and value[5] == 12.5  # not grouped by three: a decimal point


PHONE_PIECES = ["0", "9", "1", "8", "4", "+", "84", "+84", " ", ".", "-", "(", ")", " / "]
PHONE_PIECES += ["Hà", "x", "912", "345", "678", "912345678", "0912345678", "0168", "00", "020"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.lists(st.sampled_from(PHONE_PIECES), max_size=6).map("".join))
    ),
    st.integers(0, 2),
)
@example(["+84 912 345 6789", "849123456789", "09123456789", "0912345678", "+84 0912 345 678"], 0)
@example(["09+2345678", "+84 91+ 345 678", "84+912345678"], 1)
def test_plain_mobiles_read_from_their_bytes_as_by_every_rule(texts, cut):
    """Mobile numbers written the usual ways are read from their bytes at once; mixed with
    blanks, landlines, old 11-digit numbers, numbers abroad and text, every number and every
    status is what the rules give one by one."""
    raw = pa.array([None, *texts], type=pa.string()).slice(min(cut, len(texts)))
    out, status = normalise_phone_array(raw)
    slow_out, slow_status = _every_rule(raw, _digits_and_plus(raw))
    assert out.to_pylist() == slow_out.to_pylist()
    assert status.tolist() == slow_status.tolist()


def test_old_province_names_counted_from_their_distinct_values(tmp_path):
    """One note per old name however it is written, with its number of rows and its first
    row, blank cells and current names left out."""
    lines = ["Mã KH,Ngày mua,Thành tiền,Tỉnh"]
    places = [
        "Hà Nội",
        "Binh Duong",
        "",
        "Tỉnh Bình Dương",
        "Hải Dương",
        "Bình Dương",
        "binh duong",
    ]
    lines += [f"KH{i},05/01/2025,100.000,{p}" for i, p in enumerate(places)]
    path = tmp_path / "don.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    notes = [i for i in read(path, "orders").issues if i.code == "province_old"]
    got = [(i.detail["old"], i.detail["count"], i.rows.tolist(), list(i.values)) for i in notes]
    assert got == [("Bình Dương", 4, [3], ["Binh Duong"]), ("Hải Dương", 1, [6], ["Hải Dương"])]


def test_blank_rows_known_from_distinct_values(tmp_path):
    """A row is blank when every cell is (empty, or a word meaning nothing such as N/A); a
    column none of whose distinct values is blank rules every row out at once."""
    lines = ["Mã KH,Ngày mua,Thành tiền", "KH1,05/01/2025,100.000", "N/A,-,", "KH2,,"]
    lines += ["KH3,06/01/2025,200.000"]
    path = tmp_path / "don.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imp = read(path, "orders")
    assert [i.rows.tolist() for i in imp.issues if i.code == "blank_row"] == [[3]]
    assert imp.frame["customer_id"].astype(str).tolist() == ["KH1", "KH2", "KH3"]
    path.write_text("\n".join(lines[:2] + lines[3:]) + "\n", encoding="utf-8")
    imp = read(path, "orders")
    assert not [i for i in imp.issues if i.code == "blank_row"]
    ids = RawColumn(pa.chunked_array([pa.array(["KH1", "KH2"])]))
    ids.encoded()
    assert ids.blank_rows is False  # no id is blank: no row can be
    ids = RawColumn(pa.chunked_array([pa.array(["KH1", " N/A "])]))
    ids.encoded()
    assert ids.blank_rows is True
    assert len(imp.frame) == 3


def test_cells_let_go_once_the_frame_holds_them(tmp_path):
    path = tmp_path / "don.csv"
    path.write_text("Mã KH,Ngày mua,Thành tiền\nKH1,05/01/2025,100.000\n", encoding="utf-8")
    imp = read(path, "orders")
    assert imp.raw.columns == [] and imp.raw.headers == ["Mã KH", "Ngày mua", "Thành tiền"]
    assert imp.frame["amount"].tolist() == [100_000.0]


def test_amounts_too_long_for_a_number_are_not_read(tmp_path):
    """More digits than a number holds: 'cannot read the amount', the quick way as every rule."""
    texts = np.array(["1" * 400, "1" + ".000" * 120 + " ₫", "100.000"], dtype=object)
    quick = number_texts(texts, money=True)
    slow = number_texts(texts, money=True, quick=False)
    assert list(quick[3]) == list(slow[3]) == ["money", "money", None]


def _orders_file(tmp_path, bad_line: str):
    """A file whose first megabyte is ASCII (UTF-8 by its sample) and whose last line is
    written in Windows-1258."""
    head = "Ma don,Ma KH,Ngay mua,Thanh tien,Ho ten\n" + "".join(
        f"DH{i},KH{i % 500},05/01/2025,100.000,An {i % 500}\n" for i in range(30_000)
    )
    path = tmp_path / "don.csv"
    path.write_bytes(head.encode("utf-8") + to_cp1258(bad_line))
    data = path.read_bytes()
    assert len(data) > (1 << 20) and data[: 1 << 20].isascii()  # its sample says UTF-8
    return path


def test_not_utf8_in_a_column_read_as_text(tmp_path):
    """Order ids are kept as text (not encoded): their bytes are checked all the same."""
    path = _orders_file(tmp_path, "Đơn hàng Đức 1,KH1,06/01/2025,200.000,An 1\n")
    imp = read(path, "orders")
    assert imp.frame["order_id"].iloc[-1] == "Đơn hàng Đức 1"
    assert imp.raw.encoding == "cp1258"


def test_not_utf8_in_a_column_encoded_from_the_customer_ids(tmp_path):
    path = _orders_file(tmp_path, "DH99999,KH1,06/01/2025,200.000,Đức\n")
    case = phanloai.from_files(orders=path)
    assert "Đức" in set(read(path, "orders").frame["full_name"].astype(str))
    assert len(case.customers) == 500


def test_dates_composed_by_hand():
    y = np.array([2024, 2023, 2025, 2025, 2025, np.nan, 2025])
    m = np.array([2, 2, 4, 13, 1, 1, 12])
    d = np.array([29, 29, 31, 1, 5, 5, 31])
    hh = np.array([0, 0, 0, 0, 23, 0, 24])
    mi = np.array([0, 0, 0, 0, 59, 0, 0])
    ss = np.array([0, 0, 0, 0, 30, 0, 0])
    got = _compose(y, m, d, hh, mi, ss)
    assert [None if np.isnat(v) else str(v) for v in got] == [
        "2024-02-29T00:00:00",  # a leap year
        None,  # 2023 is not
        None,  # April has 30 days
        None,  # no 13th month
        "2025-01-05T23:59:30",
        None,  # no year
        None,  # no 24 o'clock
    ]
    assert str(_compose(np.array([2025.0]), np.array([1.0]), np.array([5.0]))[0]) == (
        "2025-01-05T00:00:00"
    )


def test_totals_rows_found_from_the_first_letter_of_each_value(tmp_path):
    """Rows that add up the others are looked for among values whose first letter may begin a
    totals phrase (read from the bytes of the trimmed values): spaces before it, capitals,
    Vietnamese and English words, in the id column or with the id blank; a customer whose id
    begins with T is a customer."""
    lines = [
        "Mã KH,Ngày mua,Thành tiền",
        "KH1,05/01/2025,1.000.000",
        "TU1,06/01/2025,2.000.000",
        "   TỔNG CỘNG:,,3.000.000",
        "Grand total,,3.000.000",
        ",,Tổng tiền",
    ]
    path = tmp_path / "dh.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imp = read(path, "orders")
    totals = [i for i in imp.issues if i.code == "totals_row"]
    assert [int(r) for r in totals[0].rows] == [4, 5, 6]
    assert imp.frame["customer_id"].astype(str).tolist() == ["KH1", "TU1"]
