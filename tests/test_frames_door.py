"""The same door for frames (issue 9): ``classify``, ``explain``, the reports and the feature
builders read their columns through one code path (:mod:`phanloai.schemes.inputs`).

Every expected value below is worked out by hand from the small tables written here (see the
comments), never copied from the code under test. The corpus of malformed frames is built by
test code; each frame is its own test id.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.case import CASES
from phanloai.features import order_features, quote_features, support_features
from phanloai.schemes import SCHEMES, Column, Increasing, Level, Param, Rule, Scheme
from phanloai.schemes.inputs import parse_numbers

M = 1_000_000
U = "unknown"


# -- hand-made tables ------------------------------------------------------------------------------
def ladder_table() -> pd.DataFrame:
    """Ladder defaults: radius 10 km, frequent ≥ 4 orders, key ≥ 6 orders and ≥ 15 M đồng.

    c1: 0 orders, 3 km → prospect   c2: 0 orders, 25 km → suspect   c3: 1 order → first_buy
    c4: 3 orders → rebuy            c5: 5 orders → frequent         c6: 8 orders, 20 M → key
    """
    return pd.DataFrame(
        {
            "n_orders": [0, 0, 1, 3, 5, 8],
            "total_spend": [0, 0, 500_000, 2 * M, 9 * M, 20 * M],
            "distance_km": [3.0, 25.0, 12.0, 1.0, 40.0, 2.0],
        },
        index=pd.Index(["c1", "c2", "c3", "c4", "c5", "c6"], name="khach"),
    )


LADDER = ["prospect", "suspect", "first_buy", "rebuy", "frequent", "key"]


def with_column(values, column: str, table=None, dtype=None) -> pd.DataFrame:
    t = ladder_table() if table is None else table
    t = t.copy()
    if isinstance(values, pd.Series | pd.Index):
        values = values.array  # keep the storage (Arrow, tz), drop the index
    t[column] = pd.Series(values, index=t.index, dtype=dtype)
    return t


def rfm_table() -> pd.DataFrame:
    """RFM with fixed cuts (R 30/90/180/365 days, F 2/3/4/8 orders, M 1/2/5/10 M đồng):

    r1: 12 orders, 30 M, 5 days   → R5 F5 M5, FM 5 → champions
    r2: 1 order, 300 k, 10 days   → R5 F1 M1, FM 1 → new
    r3: 3 orders, 2 M, 40 days    → R4 F3 M3, FM 3 → potential
    r4: 0 orders                  → never
    """
    return pd.DataFrame(
        {
            "n_orders": [12, 1, 3, 0],
            "total_spend": [30 * M, 300_000, 2 * M, 0],
            "recency_days": [5.0, 10.0, 40.0, np.nan],
        },
        index=["r1", "r2", "r3", "r4"],
    )


def company_table() -> pd.DataFrame:
    """company_size defaults: large above 200 staff or above 200 billion đồng a year.

    f1: 500 staff → large   f2: 50 staff, 20 bn → sme   f3: −10 staff → unknown (impossible)
    f4: revenue inf → unknown (impossible)   f5: revenue −3 bn → unknown (the scheme's own guard)
    f6: staff inf → unknown (impossible)
    """
    return pd.DataFrame(
        {
            "staff_count": [500, 50, -10, 50, 50, np.inf],
            "revenue_bn": [10.0, 20.0, 20.0, np.inf, -3.0, 20.0],
        },
        index=["f1", "f2", "f3", "f4", "f5", "f6"],
    )


def radius_table() -> pd.DataFrame:
    """geographic by radius (10 km): 3 km inside, 25 km outside, −5 km unknown (guard),
    inf and −inf unknown (impossible)."""
    return pd.DataFrame(
        {"distance_km": [3.0, 25.0, -5.0, np.inf, -np.inf]}, index=["g1", "g2", "g3", "g4", "g5"]
    )


def service_table() -> pd.DataFrame:
    """service_level (repeat ≥ 2, loyal ≥ 4 orders): 0 none, 1 first, 3 repeat, 5 loyal, −1 and
    inf unknown (impossible)."""
    return pd.DataFrame(
        {"n_orders": [0, 1, 3, 5, -1, np.inf]}, index=["s1", "s2", "s3", "s4", "s5", "s6"]
    )


def share_table(values) -> pd.DataFrame:
    """product_need: custom when the custom share is at least 0.5."""
    return pd.DataFrame(
        {"custom_share": values}, index=[f"p{i}" for i in range(1, len(values) + 1)]
    )


# -- the corpus: (id, builder, scheme, params, expected labels | error words) ------------------------
def _dup_column() -> pd.DataFrame:
    t = ladder_table()
    return pd.concat([t, t[["n_orders"]]], axis=1)


def _arrow(values, pa_type: str) -> pd.Series:
    return pd.Series(values, dtype=f"{pa_type}[pyarrow]")


CORPUS = [
    # blanks in every storage → the scheme's unknown handling (n_orders, total_spend: unknown;
    # distance_km: "not known" → suspect)
    (
        "nullable_Int64_blank_orders",
        lambda: with_column([0, 0, 1, pd.NA, 5, 8], "n_orders", dtype="Int64"),
        "ladder",
        {},
        ["prospect", "suspect", "first_buy", U, "frequent", "key"],
    ),
    (
        "nullable_Float64_blank_spend",
        lambda: with_column([0, 0, 5e5, 2e6, 9e6, pd.NA], "total_spend", dtype="Float64"),
        "ladder",
        {},
        ["prospect", "suspect", "first_buy", "rebuy", "frequent", U],
    ),
    (
        "arrow_int_null_orders",
        lambda: with_column(_arrow([0, 0, None, 3, 5, 8], "int64"), "n_orders"),
        "ladder",
        {},
        ["prospect", "suspect", U, "rebuy", "frequent", "key"],
    ),
    (
        "arrow_double_null_distance",
        lambda: with_column(_arrow([None, 25.0, 12.0, 1.0, 40.0, 2.0], "double"), "distance_km"),
        "ladder",
        {},
        ["suspect", "suspect", "first_buy", "rebuy", "frequent", "key"],
    ),
    (
        "convert_dtypes_whole_frame",
        lambda: with_column([0, np.nan, 1, 3, 5, 8], "n_orders").convert_dtypes(),
        "ladder",
        {},
        ["prospect", U, "first_buy", "rebuy", "frequent", "key"],
    ),
    (
        "object_none_and_blank_text",
        lambda: with_column([0, 0, 5e5, None, "", "  "], "total_spend", dtype=object),
        "ladder",
        {},
        ["prospect", "suspect", "first_buy", U, U, U],
    ),
    (
        "uint_counts",
        lambda: with_column(np.array([0, 0, 1, 3, 5, 8], dtype=np.uint8), "n_orders"),
        "ladder",
        {},
        LADDER,
    ),
    (
        "categorical_numbers",
        lambda: with_column([0, 0, 1, 3, 5, 8], "n_orders", dtype="category"),
        "ladder",
        {},
        LADDER,
    ),
    # numbers written the Vietnamese way: 20.000.000 is 20 M (a key account), not 20 đồng
    (
        "text_vn_thousands",
        lambda: with_column(
            ["0", "0", "500.000", "2.000.000", "9.000.000", "20.000.000"], "total_spend"
        ),
        "ladder",
        {},
        LADDER,
    ),
    (
        "text_with_dong_sign",
        lambda: with_column(
            ["0 ₫", "0đ", "500.000 ₫", "2.000.000 VNĐ", "9.000.000 đồng", "15.000.000 ₫"],
            "total_spend",
        ),
        "ladder",
        {},
        LADDER,  # 15.000.000 ₫ is exactly the key spend: still a key account
    ),
    (
        "text_trieu_and_k",
        lambda: with_column(["0", "0", "500k", "2 triệu", "9tr5", "15,5 tr"], "total_spend"),
        "ladder",
        {},
        LADDER,
    ),
    (
        "text_english_thousands",
        lambda: with_column(
            ["0", "0", "500,000", "2,000,000", "9,000,000", "20,000,000"], "total_spend"
        ),
        "ladder",
        {},
        LADDER,
    ),
    (
        # 12,5 km is beyond 10 km (suspect), 9,5 km within (prospect)
        "text_decimal_comma_km",
        lambda: with_column(["12,5", "9,5", "12", "1", "40", "2"], "distance_km"),
        "ladder",
        {},
        ["suspect", "prospect", "first_buy", "rebuy", "frequent", "key"],
    ),
    (
        "mixed_numbers_and_text",
        lambda: with_column(
            [0, 0.0, "500.000", 2 * M, np.int64(9 * M), "20.000.000"], "total_spend"
        ),
        "ladder",
        {},
        LADDER,
    ),
    (
        "decimal_objects",
        lambda: with_column(
            [Decimal(v) for v in (0, 0, 500000, 2 * M, 9 * M, 20 * M)], "total_spend"
        ),
        "ladder",
        {},
        LADDER,
    ),
    (
        # 2.5 elsewhere in the column: the dot is the decimal mark, so 1.250 km is 1,25 km
        "km_dot_decimal_by_the_column",
        lambda: with_column(["1.250", "25", "2.5", "1", "40", "2"], "distance_km"),
        "ladder",
        {},
        ["prospect", "suspect", "first_buy", "rebuy", "frequent", "key"],
    ),
    (
        "blank_words",
        lambda: with_column(["0", "-", "500.000", "n/a", "—", "20.000.000"], "total_spend"),
        "ladder",
        {},
        ["prospect", U, "first_buy", U, U, "key"],
    ),
    (
        "accountants_negative_is_impossible",
        lambda: with_column(
            ["0", "(500.000)", "1tr5", "2.000.000", "9.000.000", "20.000.000"], "total_spend"
        ),
        "ladder",
        {},
        ["prospect", U, "first_buy", "rebuy", "frequent", "key"],
    ),
    # refused, naming function, column and rows
    (
        "ambiguous_km",
        lambda: with_column(["1.250", "25", "12", "1", "40", "2"], "distance_km"),
        "ladder",
        {},
        ("classify()", "distance_km", "c1", "'1.250'", "1250", "1,25"),
    ),
    (
        "text_not_a_number",
        lambda: with_column([0, 0, "500.000", "hai triệu", "?", 20 * M], "total_spend"),
        "ladder",
        {},
        ("classify()", "total_spend", "c4, c5", "hai triệu"),
    ),
    (
        "percent_in_money",
        lambda: with_column([0, 0, "35 %", 2 * M, 9 * M, 20 * M], "total_spend"),
        "ladder",
        {},
        ("total_spend", "c3", "%"),
    ),
    (
        "duplicated_column",
        _dup_column,
        "ladder",
        {},
        ("classify()", "'n_orders'", "cùng tên", "same name"),
    ),
    (
        "datetime_in_count",
        lambda: with_column(pd.date_range("2025-01-01", periods=6), "n_orders"),
        "ladder",
        {},
        ("n_orders", "ngày giờ", "dates", "datetime64", "số đếm", "a count"),
    ),
    (
        "timedelta_in_km",
        lambda: with_column(pd.to_timedelta([1, 2, 3, 4, 5, 6], unit="D"), "distance_km"),
        "ladder",
        {},
        ("distance_km", "khoảng thời gian", "durations", "timedelta64", "km"),
    ),
    (
        "tz_datetime_in_money",
        lambda: with_column(
            pd.date_range("2025-01-01", periods=6, tz="Asia/Ho_Chi_Minh"), "total_spend"
        ),
        "ladder",
        {},
        ("total_spend", "ngày giờ", "dates", "số tiền"),
    ),
    (
        "arrow_timestamp_in_count",
        lambda: with_column(
            pd.Series(pd.date_range("2025-01-01", periods=6)).astype("timestamp[s][pyarrow]"),
            "n_orders",
        ),
        "ladder",
        {},
        ("n_orders", "ngày giờ", "dates", "timestamp"),
    ),
    (
        "python_dates_in_object_column",
        lambda: with_column([0, dt.date(2025, 1, 5), 1, 3, 5, 8], "n_orders"),
        "ladder",
        {},
        ("n_orders", "c2", "ngày giờ", "dates"),
    ),
    (
        "bool_in_count",
        lambda: with_column([True, False, True, True, False, True], "n_orders"),
        "ladder",
        {},
        ("n_orders", "đúng/sai", "true/false"),
    ),
    # impossible values: that customer is Unknown, nobody else moves
    (
        "negative_orders_ladder",
        lambda: with_column([0, 0, 1, -2, 5, 8], "n_orders"),
        "ladder",
        {},
        ["prospect", "suspect", "first_buy", U, "frequent", "key"],
    ),
    (
        "inf_orders_ladder",  # was a key account
        lambda: with_column([0, 0, 1, 3, 5, np.inf], "n_orders"),
        "ladder",
        {},
        ["prospect", "suspect", "first_buy", "rebuy", "frequent", U],
    ),
    (
        "negative_distance_ladder",  # was "-5 km ≤ 10 km → Prospect"
        lambda: with_column([-5.0, 25.0, 12.0, 1.0, 40.0, 2.0], "distance_km"),
        "ladder",
        {},
        [U, "suspect", "first_buy", "rebuy", "frequent", "key"],
    ),
    (
        "negative_spend_as_text",
        lambda: with_column(
            ["0", "-1.000.000", "500.000", "2.000.000", "9.000.000", "20.000.000"], "total_spend"
        ),
        "ladder",
        {},
        ["prospect", U, "first_buy", "rebuy", "frequent", "key"],
    ),
    (
        "rfm_impossible_values",
        lambda: rfm_table().assign(
            n_orders=[12, 1, -3, 0], total_spend=[np.inf, 300_000, 2 * M, 0]
        ),
        "rfm",
        {"method": "fixed"},
        [U, "new", U, "never"],
    ),
    (
        "rfm_negative_recency_and_spend_of_a_non_buyer",
        lambda: rfm_table().assign(
            recency_days=[5.0, -1.0, 40.0, np.nan], total_spend=[30 * M, 300_000, 2 * M, -5]
        ),
        "rfm",
        {"method": "fixed"},
        ["champions", U, "potential", U],
    ),
    (
        "rfm_arrow_and_text",
        lambda: rfm_table().assign(
            n_orders=_arrow([12, 1, 3, 0], "int64").array,
            total_spend=["30.000.000 ₫", "300.000", "2 triệu", "0"],
        ),
        "rfm",
        {"method": "fixed"},
        ["champions", "new", "potential", "never"],
    ),
    ("company_size_impossible", company_table, "company_size", {}, ["large", "sme", U, U, U, U]),
    (
        "geographic_radius_impossible",
        radius_table,
        "geographic",
        {"by": "radius"},
        ["inside", "outside", U, U, U],
    ),
    (
        "service_level_impossible",
        service_table,
        "service_level",
        {},
        ["none", "first", "repeat", "loyal", U, U],
    ),
    (
        "share_percent_and_out_of_range",
        lambda: share_table([0.2, 0.8, 1.5, "60 %", "35 %", -0.1]),
        "product_need",
        {},
        ["standard", "custom", U, "custom", "standard", U],
    ),
    (
        "bool_column_mixed",
        lambda: pd.DataFrame({"contract_signed": [True, "", False, 1, 0, None]}),
        "contract_status",
        {},
        ["signed", U, "not_signed", "signed", "not_signed", U],
    ),
    (
        "bool_column_arrow",
        lambda: pd.DataFrame({"contract_signed": _arrow([True, None, False], "bool")}),
        "contract_status",
        {},
        ["signed", U, "not_signed"],
    ),
    (
        "bool_column_with_words",
        lambda: pd.DataFrame({"contract_signed": [True, "maybe", False]}, index=["b1", "b2", "b3"]),
        "contract_status",
        {},
        ("contract_signed", "b2", "maybe"),
    ),
    (
        "not_a_dataframe",
        lambda: [[1, 2], [3, 4]],
        "ladder",
        {},
        ("classify()", "DataFrame", "list"),
    ),
    (
        "missing_column",
        lambda: ladder_table().drop(columns="total_spend"),
        "ladder",
        {},
        ("classify()", "total_spend"),
    ),
    (
        "ladder_unreachable_level",
        ladder_table,
        "ladder",
        {"frequent_orders": 10, "key_orders": 5},
        ("frequent_orders", "key_orders", "tăng dần", "increase"),
    ),
]


@pytest.mark.parametrize(
    ("build", "scheme", "params", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CORPUS],
)
def test_corpus(build, scheme, params, expected):
    table = build()
    before = table.copy(deep=True) if isinstance(table, pd.DataFrame) else None
    if isinstance(expected, list):
        labels = phanloai.classify(table, scheme, **params)
        assert labels.tolist() == expected
        assert labels.index.equals(table.index)
        why = phanloai.explain(table, scheme, **params)
        assert why["level"].tolist() == expected
        assert all("→" in r for r in why["reason"])
        pd.testing.assert_frame_equal(table, before)  # the caller's table is never changed
        return
    with pytest.raises(PhanloaiError) as err:
        phanloai.classify(table, scheme, **params)
    text = err.value.vi + "\n" + err.value.en
    for word in expected:
        assert word in text, f"{word!r} not in {text!r}"
    assert err.value.vi != err.value.en  # Vietnamese first, then English
    if before is not None:
        pd.testing.assert_frame_equal(table, before)


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 25
    assert len({case[0] for case in CORPUS}) == len(CORPUS)


# -- impossible values: explain says which value, in both languages -----------------------------------
@pytest.mark.parametrize(
    ("table", "scheme", "params", "row", "words_vi", "words_en"),
    [
        (
            with_column([0, 0, 1, -2, 5, 8], "n_orders"),
            "ladder",
            {},
            "c4",
            ("n_orders", "-2", "số âm", "Không xác định"),
            ("n_orders", "-2", "negative", "Unknown"),
        ),
        (
            with_column([0, 0, 5e5, 2e6, 9e6, np.inf], "total_spend"),
            "ladder",
            {},
            "c6",
            ("total_spend", "vô cực", "không phải số hữu hạn"),
            ("total_spend", "infinity", "not a finite number"),
        ),
        (
            with_column([-5.0, 25.0, 12.0, 1.0, 40.0, 2.0], "distance_km"),
            "ladder",
            {},
            "c1",
            ("distance_km", "-5", "số âm"),
            ("distance_km", "-5", "negative"),
        ),
        (
            rfm_table().assign(recency_days=[5.0, -1.0, 40.0, np.nan]),
            "rfm",
            {},
            "r2",
            ("recency_days", "-1 ngày", "số âm"),
            ("recency_days", "-1 days", "negative"),
        ),
        (
            company_table(),
            "company_size",
            {},
            "f3",
            ("staff_count", "-10", "số âm"),
            ("staff_count", "-10", "negative"),
        ),
        (
            company_table(),
            "company_size",
            {},
            "f4",
            ("revenue_bn", "vô cực"),
            ("revenue_bn", "infinity"),
        ),
        (
            radius_table(),
            "geographic",
            {"by": "radius"},
            "g4",
            ("distance_km", "vô cực"),
            ("distance_km", "infinity"),
        ),
        (
            service_table(),
            "service_level",
            {},
            "s5",
            ("n_orders", "-1", "số âm"),
            ("n_orders", "-1", "negative"),
        ),
        (
            share_table([0.2, 1.5]),
            "product_need",
            {},
            "p2",
            ("custom_share", "150 %", "quá 100 %"),
            ("custom_share", "150 %", "above 100 %"),
        ),
    ],
)
def test_explain_names_the_impossible_value(table, scheme, params, row, words_vi, words_en):
    why = phanloai.explain(table, scheme, **params)
    assert why.loc[row, "level"] == U
    for w in words_vi:
        assert w in why.loc[row, "reason"], why.loc[row, "reason"]
    with phanloai.language("en"):
        why_en = phanloai.explain(table, scheme, **params)
    for w in words_en:
        assert w in why_en.loc[row, "reason"], why_en.loc[row, "reason"]


def test_inf_money_explains_without_overflow():
    t = with_column([np.inf, -np.inf, 5e5, 2e6, 9e6, 20e6], "total_spend")
    why = phanloai.explain(t, "ladder")
    assert why["level"].tolist() == [U, U, "first_buy", "rebuy", "frequent", "key"]
    assert "âm vô cực" in why.loc["c2", "reason"]


def test_an_impossible_value_moves_nobody_else():
    # quantile RFM ranks every buyer against the others: an impossible row counts as blank, so
    # r1..r3 get the ranks they get when r4 is blank
    base = pd.DataFrame(
        {
            "n_orders": [12, 1, 3, 5],
            "total_spend": [30 * M, 300_000, 2 * M, 4 * M],
            "recency_days": [5.0, 10.0, 40.0, 20.0],
        }
    )
    blank = base.assign(total_spend=[30 * M, 300_000, 2 * M, np.nan])
    bad = base.assign(total_spend=[30 * M, 300_000, 2 * M, np.inf])
    assert phanloai.classify(bad, "rfm").tolist() == phanloai.classify(blank, "rfm").tolist()


# -- every registered scheme: nullable and Arrow frames give the NumPy labels ---------------------------
_LOADED: dict[str, object] = {}


def _case(name: str):
    if name not in _LOADED:
        _LOADED[name] = phanloai.load(name, n=400)
    return _LOADED[name]


def _variants(s) -> list[dict]:
    """The default parameters, and each choice of a scheme made of parts."""
    out = [{}]
    switch = getattr(s, "switch", None)
    if switch:
        out += [{switch: c} for c in s.params[switch].choices if c != s.params[switch].default]
    return out


def _blanked(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Only the needed columns, each with a few blanks (different rows for each column)."""
    out = table[columns].copy()
    for j, col in enumerate(columns):
        out[col] = out[col].astype(object)
        out.loc[out.index[3 * j : 3 * j + 3], col] = None
    return out


SCHEME_CASES = [
    pytest.param(
        code, case, params, id=f"{code}-{case}" + "".join(f"-{v}" for v in params.values())
    )
    for code, s in SCHEMES.items()
    for case in s.cases
    if case in CASES
    for params in _variants(s)
]


@pytest.mark.parametrize(("code", "case", "params"), SCHEME_CASES)
def test_every_scheme_reads_nullable_and_arrow_frames_like_numpy(code, case, params):
    s = SCHEMES[code]
    table = _case(case).table_for(s)
    p = s.check_params(params)
    columns = [c.name for c in s.requires_for(p)]
    if not all(c in table.columns for c in columns):
        pytest.skip(f"the {case} table has no {columns}")
    text = _blanked(table, columns).to_csv()
    plain = pd.read_csv(io.StringIO(text), index_col=0)
    expected = phanloai.classify(plain, code, **params).tolist()
    variants = {
        "convert_dtypes": plain.convert_dtypes(),
        "numpy_nullable": pd.read_csv(
            io.StringIO(text), index_col=0, dtype_backend="numpy_nullable"
        ),
        "pyarrow": pd.read_csv(io.StringIO(text), index_col=0, dtype_backend="pyarrow"),
        "convert_dtypes_pyarrow": plain.convert_dtypes(dtype_backend="pyarrow"),
    }
    for name, frame in variants.items():
        assert phanloai.classify(frame, code, **params).tolist() == expected, name
    # the blanks took the scheme's declared unknown handling: each blanked row of a column that
    # must not be blank is unknown
    must = [c.name for c in s.requires_for(p) if c.unknown_if_missing]
    for j, col in enumerate(columns):
        if col in must:
            assert expected[3 * j : 3 * j + 3] == [U] * 3, col
    # the same reasons, word for word, from the Arrow frame
    assert (
        phanloai.explain(variants["pyarrow"], code, **params)["reason"].tolist()
        == phanloai.explain(plain, code, **params)["reason"].tolist()
    )


# -- text numbers: one rule, vectorised ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("450.000", "money", 450_000),
        ("1.250.000", "money", 1_250_000),
        ("1.250.000 ₫", "money", 1_250_000),
        ("1.250.000đ", "money", 1_250_000),
        ("₫ 1.250.000", "money", 1_250_000),
        ("1.000.000 VNĐ", "money", 1_000_000),
        ("1,5 triệu", "money", 1_500_000),
        ("1tr5", "money", 1_500_000),
        ("2tr", "money", 2_000_000),
        ("500k", "money", 500_000),
        ("1 tỷ", "money", 1_000_000_000),
        ("1,250", "money", 1250),  # đồng have no decimals: a group of thousands
        ("1,250 triệu", "money", 1_250_000),  # …unless a unit word follows
        ("(500.000)", "money", -500_000),
        ("1,250,000", "money", 1_250_000),
        ("1 250 000", "money", 1_250_000),
        ("\u00a01.250.000\u00a0₫", "money", 1_250_000),
        ("1.250", "count", 1250),  # whole numbers: a group of thousands
        ("12,5", "km", 12.5),
        ("12.5", "km", 12.5),
        ("0.125", "share", 0.125),  # a leading 0 is no group of thousands
        ("1,250.5", "number", 1250.5),
        ("1.250.000,5", "number", 1_250_000.5),
        ("−5", "number", -5),
        ("+3", "count", 3),
    ],
)
def test_parse_numbers_by_hand(text, kind, value):
    read = parse_numbers([text], kind)
    assert read.ok[0] and not read.blank[0] and not read.percent[0] and not read.ambiguous[0]
    assert read.values[0] == value


def test_parse_numbers_blanks_percent_ambiguity_and_refusals():
    texts = ["", "  ", "-", "N/A", "35 %", "hai triệu", "1.2.3", "3 đơn", "1e6", "inf"]
    read = parse_numbers(texts, "share")
    assert read.blank.tolist() == [True] * 4 + [False] * 6
    assert read.percent.tolist() == [False] * 4 + [True] + [False] * 5
    assert read.ok.tolist() == [True] * 5 + [False] * 5
    assert read.values[4] == 35
    # one dot or comma and three digits, in km: 1 250 or 1,25? the column decides, else refused
    assert parse_numbers(["1.250", "7"], "km").ambiguous.tolist() == [True, False]
    assert parse_numbers(["1.250", "2,5"], "km").values.tolist() == [1250, 2.5]
    assert parse_numbers(["1.250", "2.5"], "km").values.tolist() == [1.25, 2.5]
    assert parse_numbers(["1,250", "2.5"], "km").values.tolist() == [1250, 2.5]


def test_a_100000_row_text_column_takes_well_under_a_second():
    amounts = np.arange(100_000) * 1000 + 1_000_000
    texts = [f"{a:,}".replace(",", ".") + " ₫" for a in amounts]
    table = pd.DataFrame({"n_orders": 1, "total_spend": texts, "distance_km": 1.0})
    start = time.perf_counter()
    labels = phanloai.classify(table, "ladder")
    took = time.perf_counter() - start
    # 1 order each: first_buy whatever the spend, so every text was read as a number
    assert (labels == "first_buy").all()
    assert took < 1.0, took


# -- the same door in the reports --------------------------------------------------------------------
def report_table() -> pd.DataFrame:
    """Segment A: k1 (2 orders, 1 M), k2 (blank orders, 3 M); segment B: k3 (0, 0), k4 (1 order,
    blank spend)."""
    return pd.DataFrame(
        {
            "seg": ["A", "A", "B", "B"],
            "n_orders": pd.array([2, pd.NA, 0, 1], dtype="Int64"),
            "total_spend": pd.array([1 * M, 3 * M, 0, pd.NA], dtype="Float64"),
        },
        index=["k1", "k2", "k3", "k4"],
    )


@pytest.mark.parametrize(
    "convert",
    [
        pytest.param(lambda t: t, id="nullable"),
        pytest.param(lambda t: t.convert_dtypes(dtype_backend="pyarrow"), id="pyarrow"),
        pytest.param(
            lambda t: t.astype({"n_orders": "float64", "total_spend": "float64"}), id="numpy"
        ),
        pytest.param(
            lambda t: t.astype({"total_spend": object}).assign(
                total_spend=["1.000.000 ₫", "3 triệu", "0", ""]
            ),
            id="text",
        ),
    ],
)
def test_profile_reads_every_storage_the_same(convert):
    report = phanloai.profile(convert(report_table()), "seg")
    # revenue A = 1 M + 3 M = 4 M; B = 0 (k4 blank); orders A = 2 (k2 blank), B = 1
    assert report.loc["A", "revenue"] == 4 * M and report.loc["B", "revenue"] == 0
    assert report.loc["A", "orders"] == 2 and report.loc["B", "orders"] == 1
    # conversion among customers whose orders are known: A 1/1, B 1/2
    assert report.loc["A", "conversion"] == 1.0 and report.loc["B", "conversion"] == 0.5


def test_profile_reads_an_impossible_amount_as_not_known():
    t = report_table().assign(total_spend=[1 * M, -3 * M, 0, np.inf])
    report = phanloai.profile(t, "seg")
    # k2 (−3 M) and k4 (inf) are not known: A = 1 M, B = 0
    assert report.loc["A", "revenue"] == 1 * M and report.loc["B", "revenue"] == 0


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda t: phanloai.profile(pd.concat([t, t[["total_spend"]]], axis=1), "seg"),
            ("profile()", "'total_spend'", "cùng tên"),
        ),
        (
            lambda t: phanloai.profile(
                t.assign(total_spend=pd.date_range("2025-01-01", periods=4)), "seg"
            ),
            ("profile()", "total_spend", "ngày giờ", "dates"),
        ),
        (
            lambda t: phanloai.profile(t.assign(total_spend=["1", "x", "2", "3"]), "seg"),
            ("profile()", "total_spend", "k2"),
        ),
        (
            lambda t: phanloai.cross(
                t.assign(total_spend=[True, False, True, False]), "seg", "seg", values="revenue"
            ),
            ("cross()", "total_spend", "đúng/sai"),
        ),
        (
            lambda t: phanloai.revenue_by_source(
                pd.concat([t, t[["n_orders"]]], axis=1), source="seg"
            ),
            ("revenue_by_source()", "'n_orders'"),
        ),
    ],
    ids=["duplicate", "dates", "text", "bool", "duplicate_revenue_by_source"],
)
def test_reports_refuse_like_classify(call, words):
    with pytest.raises(PhanloaiError) as err:
        call(report_table())
    text = err.value.vi + "\n" + err.value.en
    for w in words:
        assert w in text, text


def test_revenue_by_source_with_arrow_numbers():
    t = report_table().convert_dtypes(dtype_backend="pyarrow")
    report = phanloai.revenue_by_source(t, source="seg")
    # A: 2 leads, 1 buyer known (k1), 4 M; B: 2 leads, 1 buyer (k4), 0 (k4's spend blank)
    assert report.loc["A", "leads"] == 2 and report.loc["A", "revenue"] == 4 * M
    assert report.loc["B", "buyers"] == 1 and report.loc["B", "revenue"] == 0


# -- staff ids match however they were read ---------------------------------------------------------------
def staff_customers(ids) -> pd.DataFrame:
    """Four customers: two with staff 1 (1 and 3 orders, 1 M and 5 M), one with staff 2 (0
    orders), one with nobody."""
    return pd.DataFrame(
        {"staff_id": ids, "n_orders": [1, 3, 0, 2], "total_spend": [1 * M, 5 * M, 0, 2 * M]},
        index=["a", "b", "c", "d"],
    )


@pytest.mark.parametrize(
    ("customer_ids", "staff_ids"),
    [
        pytest.param([1.0, 1.0, 2.0, np.nan], [1, 2], id="float_vs_int"),
        pytest.param([1.0, 1.0, 2.0, np.nan], ["1", "2"], id="float_vs_text"),
        pytest.param(["1", "1", "2", None], [1.0, 2.0], id="text_vs_float"),
        pytest.param(["1.0", " 1 ", "2", ""], [1, 2], id="text_with_dot_zero_and_spaces"),
        pytest.param(pd.array([1, 1, 2, None], dtype="Int64"), [1, 2], id="nullable_vs_int"),
        pytest.param(
            pd.array([1, 1, 2, None], dtype="int64[pyarrow]"), ["1", "2"], id="arrow_vs_text"
        ),
        pytest.param([Decimal(1), Decimal("1.0"), Decimal(2), None], [1, 2], id="decimal_vs_int"),
    ],
)
def test_staff_ids_match_however_read(customer_ids, staff_ids):
    staff = pd.DataFrame({"staff_id": staff_ids, "full_name": ["An", "Bình"]})
    report = phanloai.staff_performance(staff_customers(customer_ids), staff)
    assert report.index.tolist() == ["1", "2", "unassigned"]
    assert report["leads"].tolist() == [2, 1, 1]
    assert report["converted"].tolist() == [2, 0, 1]
    assert report["revenue"].tolist() == [6 * M, 0, 2 * M]
    assert report["name"].tolist()[:2] == ["An", "Bình"]


def test_staff_ids_that_truly_differ_stay_apart():
    staff = pd.DataFrame({"staff_id": ["NV01", "1"], "full_name": ["An", "Bình"]})
    report = phanloai.staff_performance(staff_customers(["NV01", 1.0, "nv01", "01"]), staff)
    # "nv01" and "01" are other ids than "NV01" and "1": listed after the staff table's own
    assert report.index.tolist() == ["NV01", "1", "01", "nv01"]
    assert report["leads"].tolist() == [1, 1, 1, 1]


def test_staff_table_with_a_blank_id_is_refused():
    staff = pd.DataFrame({"staff_id": [1, None], "full_name": ["An", "Bình"]}, index=["s1", "s2"])
    with pytest.raises(PhanloaiError) as err:
        phanloai.staff_performance(staff_customers([1, 1, 2, None]), staff)
    assert "staff_id" in err.value.vi and "s2" in err.value.vi and "s2" in err.value.en


# -- feature builders ----------------------------------------------------------------------------------
def orders_table(amounts) -> pd.DataFrame:
    """a: two orders (100 k and the amount under test), b: one order of 200 k, c: none."""
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "amount": amounts,
            "order_date": ["2025-01-01", "2025-01-10", "2025-01-05"],
        }
    )


@pytest.mark.parametrize(
    "amounts",
    [
        pytest.param([100_000, None, 200_000], id="blank"),
        pytest.param([100_000, np.nan, 200_000], id="nan"),
        pytest.param([100_000, "", "200.000"], id="blank_text"),
        pytest.param(pd.array([100_000, None, 200_000], dtype="Int64"), id="nullable"),
        pytest.param([100_000, -50_000, 200_000], id="negative"),
        pytest.param([100_000, np.inf, 200_000], id="inf"),
    ],
)
def test_order_features_never_make_up_a_total(amounts):
    f = order_features(orders_table(amounts), ["a", "b", "c"], as_of="2025-01-31")
    # a's second amount is blank or impossible: 2 orders, total and average not known
    assert f["n_orders"].tolist() == [2, 1, 0]
    assert pd.isna(f.loc["a", "total_spend"]) and pd.isna(f.loc["a", "avg_order_value"])
    assert f.loc["b", "total_spend"] == 200_000 and f.loc["c", "total_spend"] == 0
    assert f.loc["b", "avg_order_value"] == 200_000
    assert (f["total_spend"].dropna() >= 0).all()  # never −9,223,372,036,854,775,808
    # and a classification of the result says the total is missing
    customers = f.assign(distance_km=1.0)
    assert phanloai.classify(customers, "ladder").tolist() == [U, "first_buy", "prospect"]


def test_order_features_read_vietnamese_amounts_and_keep_integers():
    f = order_features(
        orders_table(["100.000 ₫", "1,5 triệu", "200.000"]), ["a", "b"], "2025-01-31"
    )
    assert f["total_spend"].tolist() == [1_600_000, 200_000]
    assert f["total_spend"].dtype == np.int64
    assert f["avg_order_value"].tolist() == [800_000, 200_000]


@pytest.mark.parametrize(
    ("amounts", "words"),
    [
        ([100_000, "hai trăm", 200_000], ("orders", "amount", "1", "hai trăm")),
        (pd.date_range("2025-01-01", periods=3), ("orders", "amount", "ngày giờ", "dates")),
    ],
    ids=["text", "dates"],
)
def test_order_features_refuse_what_is_not_an_amount(amounts, words):
    with pytest.raises(PhanloaiError) as err:
        order_features(orders_table(amounts), ["a", "b"], "2025-01-31")
    text = err.value.vi + "\n" + err.value.en
    for w in words:
        assert w in text, text


def test_quote_and_support_features_with_a_blank():
    quotes = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "amount": [1 * M, None, 2 * M],
            "standard": ["Đặt riêng", "ISO", "Đặt riêng"],
        }
    )
    q = quote_features(quotes, ["a", "b"])
    assert pd.isna(q.loc["a", "quote_value"]) and pd.isna(q.loc["a", "custom_share"])
    assert q.loc["b", "quote_value"] == 2 * M and q.loc["b", "custom_share"] == 1.0
    tickets = pd.DataFrame({"customer_id": ["a", "b", "b"], "hours": ["1,5", 2.0, None]})
    s = support_features(tickets, ["a", "b"])
    assert s.loc["a", "support_hours"] == 1.5 and pd.isna(s.loc["b", "support_hours"])
    assert s["n_tickets"].tolist() == [1, 2]


# -- declared orderings ------------------------------------------------------------------------------------
def test_declared_orderings_are_enforced_for_every_scheme():
    # each Increasing group of each scheme, reversed, is refused with both parameters named
    checked = 0
    for s in SCHEMES.values():
        for inc in s.increasing:
            p = s.defaults()
            if inc.only_when is not None:
                p[inc.only_when[0]] = inc.only_when[1]
            first, last = inc.names[0], inc.names[-1]
            a, b = s.params[first], s.params[last]
            high, low = min(a.hi, b.hi), max(a.lo, b.lo)  # inside both ranges
            if high < low or (not inc.strict and high == low):
                continue  # the ranges do not allow the wrong order at all
            bad = {**p, first: high, last: low}
            checked += 1
            with pytest.raises(PhanloaiError) as err:
                s.check_params(bad)
            assert first in err.value.vi and last in err.value.en, s.code
            assert "tăng dần" in err.value.vi and "increase" in err.value.en
    assert checked >= 5  # ladder, service_level, demographic ages, RFM cuts, journeys…


def _toy(**kw) -> Scheme:
    base = dict(
        code="toy_order",
        title_vi="Thử",
        title_en="Toy",
        purpose_vi="Thử",
        purpose_en="Toy",
        levels=(Level("a", "A", "A", "a", "a", "a", "a"), Level("b", "B", "B", "b", "b", "b", "b")),
        requires=(Column("n_orders", "count"),),
        source=("std",),
        cases=("own",),
        params={
            "lo": Param("lo", 1, "thấp", "low", 0, 10, 1, kind="integer"),
            "mode": Param(
                "mode",
                "x",
                "kiểu",
                "mode",
                choices=("x", "y"),
                kind="choice",
                choice_labels={"x": ("x", "x"), "y": ("y", "y")},
            ),
        },
        rules=(
            Rule("a", lambda t, p: t["n_orders"] >= p["lo"], "a", "a"),
            Rule("b", None, "b", "b"),
        ),
    )
    return Scheme(**{**base, **kw})


@pytest.mark.parametrize(
    ("increasing", "words"),
    [
        ((Increasing(("lo", "mode")),), ("mode", "choice")),
        ((Increasing(("lo", "hi_missing")),), ("hi_missing",)),
        ((Increasing(("lo", "lo"), only_when=("mode", "z")),), ("mode", "'z'")),
    ],
    ids=["choice_parameter", "unknown_parameter", "unknown_only_when_choice"],
)
def test_a_broken_ordering_declaration_is_refused(increasing, words):
    with pytest.raises(PhanloaiError) as err:
        _toy(increasing=increasing).validate()
    for w in words:
        assert w in err.value.en, err.value.en
