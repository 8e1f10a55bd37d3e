"""Money (issue 12): marketing spend per channel and month, and each channel's economics —
by hand on a tiny case, reproducible from the seed, never infinite, bilingual errors, checked
against plain pandas on the three worlds, and the worlds left exactly as they were."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import phanloai
from phanloai import PhanloaiError, money
from phanloai.clv import MARGINS


class Toy:
    """The least a case needs: a name, a seed, a customer table."""

    def __init__(self, customers: pd.DataFrame, name: str = "toy", seed: int = 0):
        self.name = name
        self.seed = seed
        self.customers = customers


def toy_customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["Facebook", "Facebook", "Facebook", "Facebook"]
            + ["Google Ads", "Google Ads", "Giới thiệu", "Giới thiệu", "TikTok"],
            "created_at": pd.to_datetime(
                ["2025-01-05", "2025-01-20", "2025-02-03", "2025-03-10"]
                + ["2025-01-15", "2025-03-01", "2025-02-14", "2025-03-30", "2025-02-11"]
            ),
            "n_orders": [0, 1, 0, 2, 1, 0, 1, 3, 0],
            "total_spend": [0, 500_000, 0, 1_500_000, 2_000_000, 0, 700_000, 1_100_000, 0],
        }
    )


PRICES = {"facebook": 40_000, "google_ads": 150_000, "tiktok": 30_000, "referral": 0}


# -- by hand -----------------------------------------------------------------------------------------
def test_spend_by_hand_without_noise():
    spend = money.marketing_spend(Toy(toy_customers()), PRICES, noise=0)
    assert list(spend.columns) == ["channel", "month", "spend"]
    table = spend.assign(channel=spend["channel"].astype(str)).set_index(["channel", "month"])
    jan, feb, mar = (
        pd.Timestamp("2025-01-01"),
        pd.Timestamp("2025-02-01"),
        pd.Timestamp("2025-03-01"),
    )
    expected = {
        ("facebook", jan): 80_000,  # two leads × 40.000 ₫
        ("facebook", feb): 40_000,
        ("facebook", mar): 40_000,
        ("google_ads", jan): 150_000,
        ("google_ads", feb): 0,
        ("google_ads", mar): 150_000,
        ("tiktok", jan): 0,
        ("tiktok", feb): 30_000,
        ("tiktok", mar): 0,
        ("referral", jan): 0,
        ("referral", feb): 0,
        ("referral", mar): 0,
    }
    assert table["spend"].to_dict() == expected
    assert spend["spend"].dtype == np.int64


def test_economics_by_hand():
    toy = Toy(toy_customers())
    spend = money.marketing_spend(toy, PRICES, noise=0)
    report = money.channel_economics(toy, spend, margin=0.5)
    report.index = report["channel"].astype(str)
    assert set(report.index) == {"facebook", "google_ads", "tiktok", "referral"}

    fb = report.loc["facebook"]
    assert (fb["spend"], fb["leads"], fb["customers"], fb["revenue"]) == (160_000, 4, 2, 2_000_000)
    assert fb["cost_per_lead"] == pytest.approx(40_000)
    assert fb["cac"] == pytest.approx(80_000)
    assert fb["roas"] == pytest.approx(12.5)
    assert fb["gross_profit"] == pytest.approx(1_000_000)
    assert fb["profit_after_ads"] == pytest.approx(840_000)

    gg = report.loc["google_ads"]
    assert (gg["spend"], gg["leads"], gg["customers"], gg["revenue"]) == (300_000, 2, 1, 2_000_000)
    assert gg["cost_per_lead"] == pytest.approx(150_000)
    assert gg["cac"] == pytest.approx(300_000)
    assert gg["roas"] == pytest.approx(20 / 3)
    assert gg["profit_after_ads"] == pytest.approx(700_000)

    # a paid channel nobody bought from: no CAC (not infinite), ROAS 0
    tk = report.loc["tiktok"]
    assert (tk["spend"], tk["leads"], tk["customers"], tk["revenue"]) == (30_000, 1, 0, 0)
    assert np.isnan(tk["cac"])
    assert tk["roas"] == 0
    assert tk["profit_after_ads"] == pytest.approx(-30_000)

    # a channel that costs nothing: costs 0, no ROAS (not infinite)
    ref = report.loc["referral"]
    assert (ref["spend"], ref["leads"], ref["customers"], ref["revenue"]) == (0, 2, 2, 1_800_000)
    assert ref["cost_per_lead"] == 0 and ref["cac"] == 0
    assert np.isnan(ref["roas"])
    assert ref["gross_profit"] == pytest.approx(900_000)
    assert ref["profit_after_ads"] == pytest.approx(900_000)

    numbers = report.select_dtypes("number").to_numpy(dtype=float)
    assert not np.isinf(numbers).any()


def test_a_spend_table_of_your_own_in_words():
    toy = Toy(toy_customers())
    own = pd.DataFrame(
        {"channel": ["Facebook Ads", "Facebook Ads", "Zalo"], "spend": [100_000, 60_000, 90_000]}
    )
    report = money.channel_economics(toy, own, margin=0.4)
    report.index = report["channel"].astype(str)
    assert report.loc["facebook", "spend"] == 160_000
    assert report.loc["facebook", "cac"] == pytest.approx(80_000)
    # money spent on a channel that brought nobody: no cost per lead, ROAS 0, a loss
    zalo = report.loc["zalo"]
    assert (zalo["leads"], zalo["customers"], zalo["revenue"]) == (0, 0, 0)
    assert np.isnan(zalo["cost_per_lead"]) and np.isnan(zalo["cac"])
    assert zalo["roas"] == 0
    assert zalo["profit_after_ads"] == pytest.approx(-90_000)
    # channels with leads but no row in the spend table cost 0
    assert report.loc["google_ads", "spend"] == 0
    assert np.isnan(report.loc["google_ads", "roas"])


def test_noise_stays_within_its_bounds():
    spend = money.marketing_spend(Toy(toy_customers(), seed=5), PRICES, noise=0.1)
    plain = money.marketing_spend(Toy(toy_customers(), seed=5), PRICES, noise=0)
    ratio = spend["spend"] / plain["spend"].where(plain["spend"] > 0)
    assert ratio.dropna().between(0.8 - 0.01, 1.2 + 0.01).all()
    assert (spend.loc[plain["spend"] == 0, "spend"] == 0).all()
    assert (spend["spend"] % 1000 == 0).all()
    assert spend["month"].dt.is_month_start.all()


# -- reproducible ------------------------------------------------------------------------------------
def test_same_seed_same_spend_other_seed_other_spend():
    a = money.marketing_spend(Toy(toy_customers(), seed=1), PRICES)
    b = money.marketing_spend(Toy(toy_customers(), seed=1), PRICES)
    c = money.marketing_spend(Toy(toy_customers(), seed=2), PRICES)
    pd.testing.assert_frame_equal(a, b)
    assert not a["spend"].equals(c["spend"])


def test_a_world_gives_the_same_spend_on_every_load():
    first = money.marketing_spend(phanloai.load("spa", n=400, seed=7))
    np.random.seed(123)  # noqa: NPY002 — the global random state plays no part
    again = money.marketing_spend(phanloai.load("spa", n=400, seed=7))
    pd.testing.assert_frame_equal(first, again)
    other = money.marketing_spend(phanloai.load("spa", n=400, seed=8))
    assert not first["spend"].equals(other["spend"])


# -- bad input ----------------------------------------------------------------------------------------
def _bilingual(err: pytest.ExceptionInfo) -> None:
    e = err.value
    assert e.vi and e.en and e.vi != e.en
    assert str(e).startswith(e.vi) and "(English:" in str(e)


def test_bad_input_is_told_in_both_languages():
    good = toy_customers()
    cases = [
        (lambda: money.channel_economics(good, margin=0.5), "customers"),  # a table, not a case
        (
            lambda: money.channel_economics(Toy(good.drop(columns="total_spend")), margin=0.5),
            "total_spend",
        ),
        (lambda: money.marketing_spend(Toy(good.drop(columns="source")), PRICES), "source"),
        (lambda: money.marketing_spend(Toy(good.drop(columns="created_at")), PRICES), "date"),
        (lambda: money.marketing_spend(Toy(good)), "cost_per_lead"),  # no declared prices
        (lambda: money.marketing_spend(Toy(good), {"facebook": 1}), "tiktok"),  # unpriced
        (lambda: money.marketing_spend(Toy(good), {**PRICES, "facebook": -5}), "facebook"),
        (lambda: money.marketing_spend(Toy(good), PRICES, noise=2), "noise"),
        (lambda: money.channel_economics(Toy(good)), "margin"),  # no declared margin
        (
            lambda: money.channel_economics(Toy(good), pd.DataFrame({"x": [1]}), margin=0.5),
            "spend",
        ),
        (
            lambda: money.channel_economics(
                Toy(good), pd.DataFrame({"channel": ["zalo"], "spend": [-1]}), margin=0.5
            ),
            "spend",
        ),
        (lambda: money.plot_channel_economics(pd.DataFrame({"a": [1]})), "cost_per_lead"),
    ]
    for call, word in cases:
        with pytest.raises(PhanloaiError) as err:
            call()
        _bilingual(err)
        assert word in err.value.en, (word, err.value.en)


def test_errors_follow_the_language():
    with phanloai.language("en"):
        with pytest.raises(PhanloaiError) as err:
            money.marketing_spend(Toy(toy_customers()))
        assert "(English:" not in str(err.value) and "cost per lead" in str(err.value)


# -- the three worlds ---------------------------------------------------------------------------------
#: Each world's source words → the source scheme's codes, written out by hand from synthetic/*.toml.
RAW_TO_CODE = {
    "spa": {
        "Facebook Ads": "facebook",
        "TikTok": "tiktok",
        "Google Ads": "google_ads",
        "Zalo": "zalo",
        "Website": "website",
        "Sale tự tìm": "sale_self",
        "Giới thiệu": "referral",
        "Khách vãng lai": "walk_in",
    },
    "bolts": {
        "Website": "website",
        "Google Ads": "google_ads",
        "Zalo": "zalo",
        "Sale tự tìm": "sale_self",
        "Giới thiệu": "referral",
        "Hội chợ": "trade_fair",
    },
    "fashion": {
        "Facebook": "facebook",
        "TikTok": "tiktok",
        "Shopee": "marketplace",
        "Zalo": "zalo",
        "Khách vãng lai": "walk_in",
        "Giới thiệu": "referral",
    },
}
FREE = {"spa": {"referral", "walk_in"}, "bolts": {"referral"}, "fashion": {"referral", "walk_in"}}
DATES = {"spa": "created_at", "bolts": "first_inquiry", "fashion": "signup_date"}


@pytest.fixture(scope="module")
def worlds():
    return {name: phanloai.load(name, seed=0) for name in ("spa", "bolts", "fashion")}


@pytest.mark.parametrize("name", ["spa", "bolts", "fashion"])
def test_economics_agree_with_plain_pandas(worlds, name):
    case = worlds[name]
    cust = case.customers
    report = money.channel_economics(case)
    spend = money.marketing_spend(case)
    got = report.set_index(report["channel"].astype(str))

    code = cust["source"].astype(str).map(RAW_TO_CODE[name])
    assert code.notna().all()
    expected = pd.DataFrame(
        {
            "leads": code.value_counts(),
            "customers": (cust["n_orders"] > 0).groupby(code).sum(),
            "revenue": cust["total_spend"].groupby(code).sum(),
        }
    )
    spent = spend.assign(channel=spend["channel"].astype(str)).groupby("channel")["spend"].sum()
    expected["spend"] = spent.reindex(expected.index).fillna(0)
    assert set(got.index) == set(expected.index)
    for col in ("leads", "customers", "revenue", "spend"):
        assert (got[col] == expected.loc[got.index, col]).all(), col

    # totals
    assert got["leads"].sum() == len(cust)
    assert got["customers"].sum() == int((cust["n_orders"] > 0).sum())
    assert got["revenue"].sum() == int(cust["total_spend"].sum())
    assert got["spend"].sum() == int(spend["spend"].sum())

    # the ratios, recomputed
    e = expected.loc[got.index]
    np.testing.assert_allclose(got["cost_per_lead"], e["spend"] / e["leads"])
    paid = e["spend"] > 0
    np.testing.assert_allclose(got.loc[paid, "cac"], (e["spend"] / e["customers"])[paid])
    np.testing.assert_allclose(got.loc[paid, "roas"], (e["revenue"] / e["spend"])[paid])
    margin = MARGINS[name]
    np.testing.assert_allclose(got["gross_profit"], e["revenue"] * margin)
    np.testing.assert_allclose(got["profit_after_ads"], e["revenue"] * margin - e["spend"])
    assert not np.isinf(got.select_dtypes("number").to_numpy(dtype=float)).any()

    # free channels cost nothing, have no ROAS; every other channel costs something
    for channel in got.index:
        if channel in FREE[name]:
            assert got.loc[channel, "spend"] == 0 and np.isnan(got.loc[channel, "roas"])
        else:
            assert got.loc[channel, "spend"] > 0


@pytest.mark.parametrize("name", ["spa", "bolts", "fashion"])
def test_spend_follows_the_leads_of_each_month(worlds, name):
    case = worlds[name]
    cust = case.customers
    spend = money.marketing_spend(case)
    month = cust[DATES[name]].dt.to_period("M").dt.to_timestamp()
    code = cust["source"].astype(str).map(RAW_TO_CODE[name])
    leads = pd.crosstab(code, month)
    first, last = month.min(), month.max()
    assert spend["month"].min() == first and spend["month"].max() == last
    assert spend["month"].dt.is_month_start.all()
    n_months = (last.year - first.year) * 12 + last.month - first.month + 1
    assert len(spend) == n_months * cust["source"].nunique()
    prices = money.COST_PER_LEAD[name]
    for row in spend.assign(channel=spend["channel"].astype(str)).itertuples():
        n = leads.loc[row.channel, row.month] if row.month in leads.columns else 0
        base = n * prices[row.channel]
        # noise 0.12 kept within ±24 %, then rounded to the thousand
        assert base * 0.76 - 500 <= row.spend <= base * 1.24 + 500, row


@pytest.mark.parametrize("name", ["spa", "bolts", "fashion"])
def test_the_world_is_left_as_it_was(name):
    case = phanloai.load(name, n=600, seed=3)
    before = {key: table.copy(deep=True) for key, table in case.tables.items()}
    money.marketing_spend(case)
    report = money.channel_economics(case)
    money.plot_channel_economics(report)
    for key, table in case.tables.items():
        pd.testing.assert_frame_equal(table, before[key])
    fresh = phanloai.load(name, n=600, seed=3)
    for key, table in fresh.tables.items():
        pd.testing.assert_frame_equal(table, before[key])


# -- words at the edge --------------------------------------------------------------------------------
def test_the_report_is_shown_in_words(worlds):
    report = money.channel_economics(worlds["fashion"])
    shown = phanloai.show(report).data
    assert {"Kênh", "Chi phí mỗi lead", "Chi phí mỗi khách mua (CAC)"} <= set(shown.columns)
    assert "Giới thiệu" in set(shown.iloc[:, 0])
    with phanloai.language("en"):
        shown = phanloai.show(report).data
    assert {"Channel", "Cost per lead", "CAC", "ROAS", "Profit after ads"} <= set(shown.columns)
    assert "Referral" in set(shown.iloc[:, 0])
    assert "referral" in set(report["channel"].astype(str))  # the data keep their codes


def _shown_texts(fig) -> list[Text]:
    """Every text the picture shows: tick labels only for ticks inside the view."""
    ticks, shown = set(), set()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lo, hi), max(lo, hi)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks |= {id(tick.label1), id(tick.label2)}
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    shown.add(id(tick.label1))
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and (id(t) not in ticks or id(t) in shown)
    ]


def _texts_inside_and_apart(fig) -> None:
    """Every text inside the picture (no Vietnamese label cut off), none over another."""
    fig.set_canvas(FigureCanvasAgg(fig))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    extents = []
    for t in _shown_texts(fig):
        ext = t.get_window_extent(renderer)
        assert box.x0 - 1 <= ext.x0 and ext.x1 <= box.x1 + 1, f"{t.get_text()!r} is cut off"
        assert box.y0 - 1 <= ext.y0 and ext.y1 <= box.y1 + 1, f"{t.get_text()!r} is cut off"
        extents.append((t, ext))
    assert extents
    for (a, ea), (b, eb) in itertools.combinations(extents, 2):
        w = min(ea.x1, eb.x1) - max(ea.x0, eb.x0)
        h = min(ea.y1, eb.y1) - max(ea.y0, eb.y0)
        assert not (w > 2 and h > 2), f"{a.get_text()!r} overlaps {b.get_text()!r}"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", ["spa", "bolts", "fashion"])
def test_the_chart_names_channels_and_fits(worlds, name, lang):
    report = money.channel_economics(worlds[name])
    with phanloai.language(lang):
        fig = money.plot_channel_economics(report)
        _texts_inside_and_apart(fig)
    assert len(fig.axes) == 2
    ticks = {t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()}
    referral = "Giới thiệu" if lang == "vi" else "Referral"
    assert referral in ticks
    assert len(ticks) == len(report)
