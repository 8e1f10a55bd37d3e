"""The door reads values the Vietnamese way: money, numbers, dates, phones, provinces, headers.

Every expected value here is worked out by hand from the rule it tests (never copied from what
the code returns): ``1.250.000`` is one million two hundred and fifty thousand đồng, Excel's
serial 45658 is 1 January 2025, 0168 became 038 in 2018, Bình Dương joined TP Hồ Chí Minh on
1 July 2025, and so on.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phanloai.intake.headers import header_parts, match_headers
from phanloai.intake.places import (
    PHONE_ABROAD,
    PHONE_BAD,
    PHONE_LANDLINE,
    PHONE_ODD,
    PHONE_OK,
    PHONE_OLD,
    PHONE_TWO,
    match_province,
    normalise_phones,
)
from phanloai.intake.reading import detect_encoding
from phanloai.intake.values import parse_date, parse_number


def money(*values, scale=1.0):
    parsed = parse_number(np.array(values, dtype=object), "money", scale)
    return parsed.values, parsed.problems


# -- money ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.250.000", 1_250_000),
        ("1.250.000 ₫", 1_250_000),
        ("1.250.000đ", 1_250_000),
        ("1.250.000 đồng", 1_250_000),
        ("250.000 VNĐ", 250_000),
        ("VND 250.000", 250_000),
        ("450.000", 450_000),  # never 450: the đồng has no decimals
        ("450,000", 450_000),
        ("1,250,000", 1_250_000),
        ("1 250 000", 1_250_000),
        ("1.250.000,00", 1_250_000),
        ("1,250,000.00", 1_250_000),
        ("1250000", 1_250_000),
        ("1,5 triệu", 1_500_000),
        ("1.5 triệu", 1_500_000),
        ("3 triệu", 3_000_000),
        ("2 tỷ", 2_000_000_000),
        ("2tỷ3", 2_300_000_000),
        ("1tr5", 1_500_000),
        ("1tr250", 1_250_000),
        ("500k", 500_000),
        ("500 nghìn", 500_000),
        ("(500.000)", -500_000),
        ("-500.000", -500_000),
        ("−500.000 ₫", -500_000),
        (450_000, 450_000),
        (1_250_000.0, 1_250_000),
    ],
)
def test_money_the_vietnamese_way(text, expected):
    values, problems = money(text)
    assert problems[0] is None, (text, problems[0])
    assert values[0] == expected


@pytest.mark.parametrize(
    "text, code",
    [
        ("liên hệ", "money"),
        ("1.2.3", "money"),
        ("12,34,56", "money"),
        ("abc đ", "money"),
        ("#VALUE!", "excel_error"),
        ("#REF!", "excel_error"),
        (True, "number"),
        (dt.datetime(2025, 1, 5), "date_in_number"),
        (float("inf"), "infinite"),
    ],
)
def test_unreadable_money_is_a_problem_never_a_guess(text, code):
    values, problems = money(text)
    assert problems[0] == code
    assert np.isnan(values[0])


def test_a_header_unit_multiplies_plain_numbers_only():
    values, problems = money("450", "1,5 triệu", 300, scale=1000)
    assert list(values) == [450_000, 1_500_000, 300_000]
    assert list(problems) == [None, None, None]


# -- other numbers ----------------------------------------------------------------------------------
def numbers(kind, *values):
    parsed = parse_number(np.array(values, dtype=object), kind)
    return list(parsed.values), list(parsed.problems)


def test_a_decimal_comma_in_the_column_decides_its_three_digit_groups():
    values, problems = numbers("km", "2,55", "12.345", "7")
    assert values == [2.55, 12345.0, 7.0] and problems == [None, None, None]


def test_a_decimal_dot_in_the_column_decides_its_three_digit_groups():
    values, problems = numbers("km", "20.34", "12.345", "1,250")
    assert values == [20.34, 12.345, 1250.0] and problems == [None, None, None]


def test_a_lone_three_digit_group_in_a_measure_is_ambiguous():
    values, problems = numbers("km", "12.345")
    assert problems == ["ambiguous_number"] and np.isnan(values[0])


def test_counts_are_whole_numbers_and_never_negative():
    values, problems = numbers("count", "1.250", "3", "3,5", "-2", "4.0")
    assert values[:2] == [1250.0, 3.0] and values[4] == 4.0
    assert problems == [None, None, "not_whole", "negative", None]


def test_shares_are_zero_to_one_or_written_with_percent():
    values, problems = numbers("share", "35 %", "0,25", "35", "-0.1")
    assert values[:2] == [0.35, 0.25]
    assert problems == [None, None, "share", "negative"]


def test_billions_read_a_unit_word():
    values, problems = numbers("billions", "17,7", "2 tỷ", "500 triệu")
    assert values == [17.7, 2.0, 0.5] and problems == [None, None, None]


# -- dates ----------------------------------------------------------------------------------------
def dates(*values, dayfirst=True):
    parsed = parse_date(np.array(values, dtype=object), dayfirst)
    return [None if np.isnat(v) else str(v)[:19] for v in parsed.values], list(parsed.problems)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("05/01/2025", "2025-01-05T00:00:00"),
        ("5/1/2025", "2025-01-05T00:00:00"),
        ("05-01-2025", "2025-01-05T00:00:00"),
        ("05.01.2025", "2025-01-05T00:00:00"),
        ("05/01/25", "2025-01-05T00:00:00"),
        ("05/01/2025 14:30", "2025-01-05T14:30:00"),
        ("05/01/2025 2:30 PM", "2025-01-05T14:30:00"),
        ("2025-01-05", "2025-01-05T00:00:00"),
        ("2025-01-05 14:30:00", "2025-01-05T14:30:00"),
        ("2025/01/05", "2025-01-05T00:00:00"),
        ("20250105", "2025-01-05T00:00:00"),
        ("45658", "2025-01-01T00:00:00"),  # Excel's serial day number of 1 January 2025
        (45662, "2025-01-05T00:00:00"),
        ("ngày 5 tháng 1 năm 2025", "2025-01-05T00:00:00"),
        ("Ngày 05 Tháng 01 Năm 2025", "2025-01-05T00:00:00"),
        ("Jan 5, 2025", "2025-01-05T00:00:00"),
        (dt.datetime(2025, 1, 5, 9, 15), "2025-01-05T09:15:00"),
        (dt.date(2025, 1, 5), "2025-01-05T00:00:00"),
    ],
)
def test_dates_day_first(text, expected):
    values, problems = dates(text)
    assert problems == [None], (text, problems)
    assert values == [expected]


def test_month_first_when_asked():
    values, problems = dates("05/01/2025", "01/13/2025", dayfirst=False)
    assert values == ["2025-05-01T00:00:00", "2025-01-13T00:00:00"] and problems == [None, None]


def test_a_date_valid_only_month_first_is_named_never_swapped():
    values, problems = dates("01/13/2025")
    assert values == [None] and problems == ["date_dayfirst"]
    values, problems = dates("13/01/2025", dayfirst=False)
    assert values == [None] and problems == ["date_monthfirst"]


@pytest.mark.parametrize(
    "text, code",
    [
        ("32/13/2025", "date"),
        ("30/02/2025", "date"),
        ("hôm qua", "date"),
        ("01/01/1800", "date_range"),
        ("01/01/2999", "date_range"),
        ("#N/A!", "date"),
        (True, "date"),
    ],
)
def test_unreadable_dates(text, code):
    values, problems = dates(text)
    assert values == [None] and problems == [code]


def test_two_digit_years_are_noted():
    parsed = parse_date(np.array(["05/01/25", "01/12/99"], dtype=object))
    assert "two_digit_year" in parsed.column_notes
    assert str(parsed.values[1])[:10] == "1999-12-01"


# -- phones ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected, status",
    [
        ("0912345678", "0912345678", PHONE_OK),
        ("+84 912 345 678", "0912345678", PHONE_OK),
        ("84912345678", "0912345678", PHONE_OK),
        ("0084 912 345 678", "0912345678", PHONE_OK),
        ("0912.345.678", "0912345678", PHONE_OK),
        ("0912-345-678", "0912345678", PHONE_OK),
        ("(+84) 912 345 678", "0912345678", PHONE_OK),
        ("912345678", "0912345678", PHONE_OK),  # a spreadsheet dropped the 0
        (912345678, "0912345678", PHONE_OK),
        (912345678.0, "0912345678", PHONE_OK),
        ("01688123456", "0388123456", PHONE_OLD),  # Viettel 0168 → 038
        ("0168.812.3456", "0388123456", PHONE_OLD),
        ("+84 168 812 3456", "0388123456", PHONE_OLD),
        ("1688123456", "0388123456", PHONE_OLD),
        ("01203705032", "0703705032", PHONE_OLD),  # MobiFone 0120 → 070
        ("01233456789", "0833456789", PHONE_OLD),  # VinaPhone 0123 → 083
        ("01883456789", "0583456789", PHONE_OLD),  # Vietnamobile 0188 → 058
        ("01993456789", "0593456789", PHONE_OLD),  # Gmobile 0199 → 059
        ("0912345678 / 0987654321", "0912345678", PHONE_TWO),
        ("0912345678 hoặc 0987654321", "0912345678", PHONE_TWO),
        ("024 3825 1234", "02438251234", PHONE_LANDLINE),
        ("0123456789", "0123456789", PHONE_ODD),
        ("chưa có", None, PHONE_BAD),
        ("12345", None, PHONE_BAD),
        ("01113456789", None, PHONE_BAD),
        # a customer abroad: another country's code, kept in international form
        ("+855 12 345 678", "+85512345678", PHONE_ABROAD),  # Cambodia
        ("0066 81 234 5678", "+66812345678", PHONE_ABROAD),  # Thailand, written with 00
        ("+62 812-3456-7890", "+6281234567890", PHONE_ABROAD),  # Indonesia
        ("+1", None, PHONE_BAD),  # too short for any country
        ("+855 12 345 678 901 234 5", None, PHONE_BAD),  # longer than E.164 allows
    ],
)
def test_phones(text, expected, status):
    values, found = normalise_phones([text])
    assert values[0] == expected and found[0] == status


# -- provinces --------------------------------------------------------------------------------------
#: The 2025 merger as /work/shared/VIETNAM.md lists it (Resolution 202/2025/QH15), written here
#: by hand: old province → the unit it belongs to since 1 July 2025.
MERGED = {
    "Hải Dương": "Hải Phòng",
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Nam Định": "Ninh Bình",
    "Hà Nam": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Phú Yên": "Đắk Lắk",
    "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Bình Dương": "TP Hồ Chí Minh",
    "Bà Rịa – Vũng Tàu": "TP Hồ Chí Minh",
    "Bình Phước": "Đồng Nai",
    "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau",
    "Kiên Giang": "An Giang",
    "Thừa Thiên Huế": "Huế",
}
UNCHANGED = [
    "Hà Nội",
    "Hải Phòng",
    "Quảng Ninh",
    "Cao Bằng",
    "Lạng Sơn",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Trị",
    "Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Đắk Lắk",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đồng Nai",
    "Tây Ninh",
    "Cần Thơ",
    "Vĩnh Long",
    "Đồng Tháp",
    "An Giang",
    "Cà Mau",
]


def test_the_63_old_provinces():
    assert len(MERGED) + len(UNCHANGED) + 1 == 63  # + TP Hồ Chí Minh itself
    for old, new in MERGED.items():
        assert match_province(old) == (new, old), old
    for name in UNCHANGED:
        assert match_province(name) == (name, None), name
    assert match_province("TP Hồ Chí Minh") == ("TP Hồ Chí Minh", None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("TP.HCM", "TP Hồ Chí Minh"),
        ("tphcm", "TP Hồ Chí Minh"),
        ("Sài Gòn", "TP Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "TP Hồ Chí Minh"),
        ("Quận 1, TP.HCM", "TP Hồ Chí Minh"),
        ("Tỉnh Bình Dương", "TP Hồ Chí Minh"),
        ("binh duong", "TP Hồ Chí Minh"),
        ("BR-VT", "TP Hồ Chí Minh"),
        ("TT Huế", "Huế"),
        ("Thừa Thiên - Huế", "Huế"),
        ("hoà bình", "Phú Thọ"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("Kontum", "Quảng Ngãi"),
        ("Bắc Cạn", "Thái Nguyên"),
        ("Ha Noi", "Hà Nội"),
        ("Hà Nội, Việt Nam", "Hà Nội"),
        ("Hà Tây", "Hà Nội"),
    ],
)
def test_ways_of_writing_a_province(text, expected):
    assert match_province(text)[0] == expected


def test_a_place_abroad_is_no_province():
    assert match_province("Paris") is None
    assert match_province("") is None


# -- headers --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "header, key",
    [
        ("Họ tên", "full_name"),
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("ho va ten", "full_name"),
        ("Tên khách hàng", "full_name"),
        ("SĐT", "phone"),
        ("SDT", "phone"),
        ("Số điện thoại", "phone"),
        ("Điện thoại", "phone"),
        ("Phone", "phone"),
        ("Tỉnh", "province"),
        ("Tỉnh/Thành phố", "province"),
        ("Tỉnh / thành", "province"),
        ("Province", "province"),
        ("Nguồn", "source"),
        ("Kênh", "source"),
        ("Source", "source"),
        ("Mã KH", "customer_id"),
        ("Mã khách hàng", "customer_id"),
        ("Customer ID", "customer_id"),
        ("customer_id", "customer_id"),
        ("Nhân viên", "staff_id"),
        ("NV phụ trách", "staff_id"),
        ("Giới tính", "gender"),
        ("Ngày sinh", "birth_date"),
        ("Tuổi", "age"),
        ("Tổng tiền", "total_spend"),
        ("Khoảng cách (km)", "distance_km"),
    ],
)
def test_customer_headers(header, key):
    assert match_headers([header], "customers").keys == {0: key}


@pytest.mark.parametrize(
    "header, key",
    [
        ("Ngày mua", "order_date"),
        ("Ngày đặt hàng", "order_date"),
        ("Order date", "order_date"),
        ("Thành tiền", "amount"),
        ("Tổng tiền", "amount"),
        ("Số tiền", "amount"),
        ("Amount", "amount"),
        ("Thành tiền (VNĐ)", "amount"),
        ("Mã đơn", "order_id"),
        ("Kênh", "channel"),
        ("SĐT", "phone"),
    ],
)
def test_order_headers(header, key):
    assert match_headers([header], "orders").keys == {0: key}


def test_header_units_and_brackets():
    assert header_parts("Thành tiền (nghìn đồng)") == ("thanhtien", 1000.0)
    assert header_parts("Doanh số [triệu]") == ("doanhso", 1_000_000.0)
    assert header_parts("Khoảng cách (km)") == ("khoangcach", 1.0)


def test_two_headers_for_one_key_are_ambiguous_unless_mapped():
    m = match_headers(["SĐT", "Điện thoại"], "customers")
    assert m.ambiguous == {"phone": [0, 1]} and m.keys == {}
    m = match_headers(["SĐT", "Điện thoại"], "customers", {"Điện thoại": "phone"})
    assert m.keys == {1: "phone"} and m.unknown == [0]


def test_a_mapping_names_a_column_or_leaves_it_out():
    m = match_headers(
        ["Cột của tôi", "Ghi chú"], "customers", {"cot cua toi": "total_spend", "Ghi chú": None}
    )
    assert m.keys == {0: "total_spend"} and m.ignored == [1]


# -- encodings ---------------------------------------------------------------------------------------
TEXT = "Họ và tên,SĐT\nNguyễn Thị Thu Hà,0912345678\n"


@pytest.mark.parametrize(
    "data, expected",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32"),
    ],
)
def test_unicode_encodings(data, expected):
    assert detect_encoding(data)[0] == expected


def test_the_vietnamese_windows_code_page():
    from phanloai.intake.sample import to_cp1258

    assert detect_encoding(to_cp1258(TEXT * 20))[0] == "cp1258"


def test_phones_read_on_arrow_as_on_python_values():
    """A CSV column's distinct values stay Arrow (ArrowClean): the same numbers, problems and
    report values as when the same texts come as Python strings (a spreadsheet's cells)."""
    import pyarrow as pa

    from phanloai.intake.values import ArrowClean, parse_phone

    texts = [
        "0912 345 678",
        "+84 912 345 678",
        "01688123456",
        "0912345678 / 0987654321",
        "024 3825 1234",
        "0123456789",
        "+855 12 345 678",
        "chưa có",
        "#REF!",
        "#N/A",
        None,
    ]
    on_python = parse_phone(np.array(texts, dtype=object))
    on_arrow = parse_phone(ArrowClean(pa.array(texts, pa.string())))
    assert on_arrow.values.to_pylist() == list(on_python.values)
    assert list(on_arrow.problems) == list(on_python.problems)
    positions = np.arange(len(texts))
    assert list(on_arrow.detail["new"][positions]) == list(on_python.detail["new"][positions])
    assert on_python.problems[8] == "excel_error" and on_python.values[8] is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 50), st.integers(1, 4)), min_size=1, max_size=30))
def test_the_median_of_counted_values_is_the_median_of_the_rows(pairs):
    from phanloai.intake.door import _median_of_counted

    value = np.array([float(v) * 1000 for v, _ in pairs])
    count = np.array([c for _, c in pairs])
    rows = np.repeat(value, count)
    assert _median_of_counted(value, count, int(count.sum())) == np.median(rows)


def test_texts_of_one_width_are_encoded_like_any_others():
    """A column whose texts all have the same number of bytes is hashed as fixed-width bytes;
    the codes and the distinct values are those of any text column: in the order they first
    come, a blank cell −1, a chunk that starts inside its buffer read from where it starts."""
    import pyarrow as pa

    from phanloai.intake.values import RawColumn, _fixed_width

    second = pa.array(["KH9", "KH2", "   ", "KH1"]).slice(1)  # "KH9" is not in the column
    column = pa.chunked_array([pa.array(["KH2", "KH1", "Hà"]), second])  # "Hà": 3 bytes
    assert _fixed_width(column) is not None
    codes, raw, clean = RawColumn(column).encoded()
    assert codes.tolist() == [0, 1, 2, 0, -1, 1]
    assert raw[[0, 1, 2, 3]].tolist() == ["KH2", "KH1", "Hà", "   "]
    assert clean.arr.to_pylist() == ["KH2", "KH1", "Hà", None]
    # texts of two widths, or a chunk starting between two values, go the usual way
    assert _fixed_width(pa.chunked_array([pa.array(["KH2", "KH10"])])) is None
    assert _fixed_width(pa.chunked_array([pa.array(["KH10", "KH2", "KH1"]).slice(1)])) is None
    codes, raw, _ = RawColumn(pa.chunked_array([pa.array(["KH10", "KH2", "KH1", "KH2"])])).encoded()
    assert codes.tolist() == [0, 1, 2, 1] and raw[[0, 1, 2]].tolist() == ["KH10", "KH2", "KH1"]
