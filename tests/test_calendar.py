"""A real calendar for the fashion world (issue 12): lunar Tết from the Vietnamese calendar, the shop
closed over Tết and busier before it and at weekends, online sales days, no pile-up of orders on
the last day and growth a shop would recognise; the parameters refused when malformed; the row
counts the case texts give for seed 0."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import phanloai
from phanloai import PhanloaiError
from phanloai.worlds._calendar import tet_days

ROOT = Path(__file__).resolve().parents[1]
SEEDS = range(20)
# the first day of Tết (mùng 1), from the published lunar calendar
TET = {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17)}


def test_tet_days_are_the_lunar_new_year():
    assert tet_days(date(2024, 1, 1), date(2025, 12, 31)) == [TET[2024], TET[2025], TET[2026]]


def _says(sentence: str) -> None:
    text = " ".join((ROOT / "casebook" / "03_thoi_trang.md").read_text("utf-8").split())
    assert sentence in text, f"03_thoi_trang.md no longer says: {sentence}"


@pytest.fixture(scope="module")
def worlds():
    return {s: phanloai.load("fashion", n=8000, seed=s) for s in SEEDS}


def _orders(world) -> pd.DataFrame:
    o = world.tables["orders"].copy()
    o["day"] = o["order_date"].dt.normalize()
    o["store"] = o["channel"].astype(str) == "Cửa hàng"
    return o


@pytest.mark.slow
def test_the_shop_is_closed_from_tet_eve_to_the_third_day_and_online_goes_on(worlds):
    _says(
        "cửa hàng **nghỉ từ 30 Tết đến hết mùng 3** (năm tháng Chạp thiếu: từ 29 Tết; website và "
        "sàn vẫn nhận đơn, nhưng thưa)"
    )
    online_at_tet = online_all = store_mung4 = 0
    for seed, world in worlds.items():
        o = _orders(world)
        online_all += int((~o["store"]).sum())
        for tet in (TET[2024], TET[2025]):
            shut = (o["day"] >= pd.Timestamp(tet) - pd.Timedelta(days=1)) & (
                o["day"] <= pd.Timestamp(tet) + pd.Timedelta(days=2)
            )
            assert not (shut & o["store"]).any(), (seed, tet)
            online_at_tet += int((shut & ~o["store"]).sum())
            # open again on mùng 4
            mung4 = o["day"] == pd.Timestamp(tet) + pd.Timedelta(days=3)
            store_mung4 += int((mung4 & o["store"]).sum())
    # online goes on, but fewer a day than on an average day of the two years (731 days)
    assert 0 < online_at_tet / 8 < 0.5 * online_all / 731
    assert store_mung4 > 0


@pytest.mark.slow
def test_the_weeks_before_tet_are_busier_than_the_weeks_after(worlds):
    _says("đông khách trong **ba tuần trước Tết** và vào **cuối tuần**")
    before = after = 0
    for world in worlds.values():
        o = _orders(world)
        for tet in (TET[2024], TET[2025]):
            t = pd.Timestamp(tet)
            before += o["day"].between(t - pd.Timedelta(days=22), t - pd.Timedelta(days=2)).sum()
            after += o["day"].between(t + pd.Timedelta(days=4), t + pd.Timedelta(days=24)).sum()
    # same number of days (21); 0,97 with no rush (pre_tet_factor = 1), 1,26 with the shipped 1,6
    assert before > 1.15 * after


@pytest.mark.slow
def test_weekends_busier_in_the_shop_and_online_sales_days_stand_out(worlds):
    _says("ngày 11/11 và 12/12 bán online gấp mấy lần một ngày thường")
    o = pd.concat([_orders(w) for w in worlds.values()])
    store = o[o["store"]]
    per_weekday = store.groupby(store["day"].dt.day_of_week).size()
    assert per_weekday.loc[[5, 6]].min() > per_weekday.loc[[0, 1, 2, 3, 4]].max()
    online = o[~o["store"]]
    day_month = online["day"].dt.strftime("%d-%m")
    november = online[online["day"].dt.month == 11]
    ordinary = november[~november["day"].dt.strftime("%d-%m").eq("11-11")]
    per_day = len(ordinary) / ordinary["day"].nunique()
    for when in ("11-11", "12-12"):
        sale = (day_month == when).sum() / 2  # two years
        assert sale > 2 * per_day, when


@pytest.mark.slow
def test_no_pile_up_on_the_last_day_and_the_shop_grows(worlds):
    for seed, world in worlds.items():
        o = _orders(world)
        december = o[o["day"] >= pd.Timestamp(2025, 12, 1)].groupby("day").size()
        assert december.loc[pd.Timestamp(2025, 12, 31)] <= 2 * december.median(), seed
        by_half = o.groupby([o["day"].dt.year, o["day"].dt.month > 6]).size()
        # each half year sells more than the same half a year before
        assert by_half.loc[(2025, False)] > by_half.loc[(2024, False)], seed
        assert by_half.loc[(2025, True)] > by_half.loc[(2024, True)], seed
        # nobody has an order before they were a contact
        signup = world.customers.set_index("customer_id")["signup_date"]
        assert (o["order_date"] >= o["customer_id"].map(signup)).all(), seed


def _fashion_toml() -> str:
    return (ROOT / "synthetic" / "fashion.toml").read_text("utf-8")


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ("closed_tet = [-1, 2]", "closed_tet = [2, -1]", "calendar.closed_tet", "mùng 1 Tết"),
        ("closed_tet = [-1, 2]", "closed_tet = [-1]", "calendar.closed_tet", "[-1, 2]"),
        ('"11-11" = 4.0', '"31-11" = 4.0', "calendar.promotions.31-11", "dd-mm"),
        ('"11-11" = 4.0', '"11/11" = 4.0', 'calendar.promotions."11/11"', "dd-mm"),
        ("weekend_factor = 1.4", "weekend_factor = -1.0", "calendar.weekend_factor", "fashion"),
    ],
)
def test_malformed_calendar_refused_naming_the_key(tmp_path, old, new, key, words):
    text = _fashion_toml()
    assert old in text
    path = tmp_path / "fashion.toml"
    path.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(PhanloaiError) as err:
        phanloai.load(path, n=500)
    message = str(err.value)
    assert key in message and words in message


def test_without_a_calendar_table_the_error_names_it(tmp_path):
    text = _fashion_toml()
    start = text.index("[calendar]")
    end = text.index("\n\n", start)
    path = tmp_path / "fashion.toml"
    path.write_text(text[:start] + text[end:], "utf-8")
    with pytest.raises(PhanloaiError, match="calendar"):
        phanloai.load(path, n=500)


ROW = re.compile(r"^\| `(\w+)` \| [^|]+ \| (khoảng )?([\d.]+) \|", re.M)


@pytest.mark.parametrize(
    ("file", "case"),
    [("01_spa.md", "spa"), ("02_bu_long.md", "bolts"), ("03_thoi_trang.md", "fashion")],
)
def test_row_counts_in_the_case_texts(file, case):
    """'Số dòng (seed = 0)': exact, or as rounded when written 'khoảng' (1.900: 1.850–1.950)."""
    text = (ROOT / "casebook" / file).read_text("utf-8")
    rows = ROW.findall(text)
    world = phanloai.load(case)
    assert {name for name, _, _ in rows} == set(world.tables), file
    for name, about, written in rows:
        said, actual = int(written.replace(".", "")), len(world.tables[name])
        if about:
            digits = written.replace(".", "")
            unit = 10 ** (len(digits) - len(digits.rstrip("0")))
            assert abs(actual - said) <= unit / 2, (file, name, actual)
        else:
            assert actual == said, (file, name, actual)


# -- working days of the bolt distributor and the spa ------------------------------------------------
#: the Tết holiday, the four days before mùng 1 to mùng 5: 27 Tết to mùng 5 in 2024 (the last
#: month had 30 days: 30 Tết was 9 Feb 2024), 26 Tết to mùng 5 in 2025 (29 days: 29 Tết was
#: 28 Jan 2025), and the public holidays of 2024-2025 (Decree 145)
BOLTS_CLOSED = [
    *pd.date_range("2024-02-06", "2024-02-14"),
    *pd.date_range("2025-01-25", "2025-02-02"),
    pd.Timestamp("2024-01-01"),
    pd.Timestamp("2025-01-01"),
    pd.Timestamp("2024-04-30"),
    pd.Timestamp("2025-04-30"),
    pd.Timestamp("2024-05-01"),
    pd.Timestamp("2025-05-01"),
    pd.Timestamp("2024-09-02"),
    pd.Timestamp("2025-09-02"),
]


@pytest.mark.slow
def test_bolts_work_on_working_days_only():
    _says_bolts("không báo giá, ký hợp đồng hay giao hàng vào Chủ nhật, ngày lễ và kỳ nghỉ Tết")
    mondays = others = 0
    for seed in SEEDS:
        b = phanloai.load("bolts", n=3000, seed=seed)
        for table, column in (
            ("quotes", "quote_date"),
            ("contracts", "signed_date"),
            ("orders", "order_date"),
        ):
            day = b.tables[table][column].dt.normalize()
            assert not (day.dt.day_of_week == 6).any(), (seed, table)
            assert not day.isin(BOLTS_CLOSED).any(), (seed, table)
        weekday = b.quotes["quote_date"].dt.day_of_week
        mondays += (weekday == 0).sum()
        others += weekday.between(1, 5).sum() / 5
    # work from the weekend waits for Monday, spread over the first days of the week
    assert 1.1 * others < mondays < 2 * others


def test_bolts_inquiries_come_on_closed_days_too_but_fewer(tmp_path):
    """A firm asks for a price any day, fewer on a closed day ([calendar] inquiry_closed_weight
    = 0.3). By hand: about 69 closed days a year (52 Sundays, 9 Tết days, 8 other holidays, a few
    overlapping) weigh 0.3 each against 296 open days, so Sundays hold 0.3 × 52 / (0.3 × 69 + 296)
    ≈ 4.9 % of first inquiries; with a weight of 1, every day alike: 52 / 365 ≈ 14.2 %."""
    _says_bolts(
        "Yêu cầu hỏi giá (qua website, email, Zalo) thì vẫn đến cả ngày nghỉ, nhưng thưa hơn"
    )
    day = phanloai.load("bolts").customers["first_inquiry"].dt.normalize()
    sundays = (day.dt.day_of_week == 6).mean()
    assert 0.035 < sundays < 0.065
    assert 0.005 < day.isin(BOLTS_CLOSED).mean() < 0.03  # Tết and holidays: there, but thin
    text = (ROOT / "synthetic" / "bolts.toml").read_text("utf-8")
    assert "inquiry_closed_weight = 0.3" in text
    path = tmp_path / "bolts.toml"
    path.write_text(
        text.replace("inquiry_closed_weight = 0.3", "inquiry_closed_weight = 1"), "utf-8"
    )
    alike = phanloai.load(path).customers["first_inquiry"].dt.normalize()
    assert 0.125 < (alike.dt.day_of_week == 6).mean() < 0.16


@pytest.mark.slow
def test_the_spa_closes_over_tet():
    text = " ".join((ROOT / "casebook" / "01_spa.md").read_text("utf-8").split())
    assert (
        "Spa mở cửa cả tuần, kể cả ngày lễ, và chỉ nghỉ từ 30 Tết (năm tháng Chạp thiếu: 29 Tết) "
        "tới hết mùng 3." in text
    )
    weekdays, reopened = set(), 0
    for seed in SEEDS:
        day = phanloai.load("spa", seed=seed).orders["order_date"].dt.normalize()
        for tet in (TET[2024], TET[2025]):
            shut = pd.date_range(pd.Timestamp(tet) - pd.Timedelta(days=1), periods=4)
            assert not day.isin(shut).any(), (seed, tet)
            reopened += int((day == pd.Timestamp(tet) + pd.Timedelta(days=3)).sum())  # mùng 4
        weekdays |= set(day.dt.day_of_week)
    assert weekdays == set(range(7))  # open every day of the week
    assert reopened > 0


def _says_bolts(sentence: str) -> None:
    text = " ".join((ROOT / "casebook" / "02_bu_long.md").read_text("utf-8").split())
    assert sentence in text, f"02_bu_long.md no longer says: {sentence}"


def test_malformed_working_days_refused(tmp_path):
    text = (ROOT / "synthetic" / "bolts.toml").read_text("utf-8")
    assert "closed_weekdays = [6]" in text
    path = tmp_path / "bolts.toml"
    path.write_text(text.replace("closed_weekdays = [6]", "closed_weekdays = [7]"), "utf-8")
    with pytest.raises(PhanloaiError) as err:
        phanloai.load(path, n=300)
    assert "calendar.closed_weekdays" in str(err.value) and "Chủ nhật = 6" in str(err.value)
