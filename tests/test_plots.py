"""Charts: drawn, not blank, every Vietnamese label whole and inside the picture; VND ticks.

Figures are rendered with the Agg backend to PNG files under ``tmp_path``.
"""

from __future__ import annotations

import itertools
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.text import Text

import phanloai
from phanloai import charts as plots
from phanloai.charts import kit
from phanloai.charts.kit import vnd_formatter, vnd_short
from phanloai.display import show
from phanloai.vn import format_percent

matplotlib.use("Agg")


# -- helpers -------------------------------------------------------------------------------------
def draw(fig: Figure):
    """Draw with Agg; fail on any glyph missing from the font (a Vietnamese letter as a box)."""
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        canvas.draw()
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing
    return canvas.get_renderer()


def visible_texts(fig: Figure) -> list[Text]:
    """Every text drawn: tick labels only for ticks inside the view (others are not drawn)."""
    all_tick_labels = {
        id(label)
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for tick in axis.get_major_ticks() + axis.get_minor_ticks()
        for label in (tick.label1, tick.label2)
    }
    shown = {id(t) for t in visible_tick_labels(fig)}
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible()
        and t.get_text().strip()
        and (id(t) not in all_tick_labels or id(t) in shown)
    ]


def visible_tick_labels(fig: Figure) -> list[Text]:
    labels = []
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lo, hi), max(lo, hi)
            for tick in axis.get_major_ticks():
                if tick.label1.get_visible() and lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    labels.append(tick.label1)
    return labels


def check_figure(fig: Figure, path) -> None:
    """Non-blank PNG; titles and tick labels non-empty and inside the figure; no text overlaps."""
    assert isinstance(fig, Figure)
    renderer = draw(fig)
    fig.savefig(path)
    pixels = imread(path)[..., :3]
    non_white = float((pixels < 0.95).any(axis=2).mean())
    assert non_white > 0.05, f"{path.name}: only {non_white:.1%} of the picture is drawn"

    box = fig.bbox
    ticks = visible_tick_labels(fig)
    assert ticks, "no tick labels"
    for label in ticks:
        assert label.get_text().strip(), f"empty tick label at {label.get_position()}"
    titles = [fig._suptitle] if fig._suptitle is not None else []
    titles += [ax.title for ax in fig.axes] + [ax._left_title for ax in fig.axes]
    assert any(t.get_text().strip() for t in titles), "the figure has no title"

    texts = visible_texts(fig)
    for t in texts:
        ext = t.get_window_extent(renderer)
        inside = (
            ext.x0 >= box.x0 - 1
            and ext.y0 >= box.y0 - 1
            and ext.x1 <= box.x1 + 1
            and ext.y1 <= box.y1 + 1
        )
        assert inside, f"{path.name}: {t.get_text()!r} is cut off: {ext} outside {box}"
        assert t.get_fontname() == kit.FONT, f"{t.get_text()!r} drawn in {t.get_fontname()}"

    extents = [(t, t.get_window_extent(renderer)) for t in texts]
    for (a, ea), (b, eb) in itertools.combinations(extents, 2):
        overlap_w = min(ea.x1, eb.x1) - max(ea.x0, eb.x0)
        overlap_h = min(ea.y1, eb.y1) - max(ea.y0, eb.y0)
        assert not (overlap_w > 2 and overlap_h > 2), (
            f"{path.name}: {a.get_text()!r} overlaps {b.get_text()!r}"
        )


# -- the VND formatter ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1_200_000_000, "1,2 tỷ"),
        (350_000_000, "350 tr"),
        (1_250_000, "1,25 tr"),
        (250_000, "250.000"),
        (1_250_000_000_000, "1.250 tỷ"),
        (1_234_500_000_000, "1.234,5 tỷ"),
        (999, "999"),
        (0, "0"),
        (-2_500_000_000, "−2,5 tỷ"),
        (float("nan"), "—"),
        (None, "—"),
    ],
)
def test_vnd_short(amount, expected):
    assert vnd_short(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (13_690_000_000, "13,7 tỷ"),
        (453_450_000, "453 tr"),
        (1_874_000_000, "1,87 tỷ"),
        (55_070_000, "55,1 tr"),
        (3_496_580_000_000, "3.497 tỷ"),
        (42_040_000_000, "42 tỷ"),
    ],
)
def test_vnd_short_three_digits(amount, expected):
    assert vnd_short(amount, digits=3) == expected


@pytest.mark.parametrize(
    ("locs", "expected"),
    [
        ([0, 5e8, 1e9, 1.5e9], ["0", "0,5 tỷ", "1 tỷ", "1,5 tỷ"]),
        ([0, 1e8, 2e8, 3e8], ["0", "100 tr", "200 tr", "300 tr"]),
        ([0, 2.5e6, 5e6, 7.5e6], ["0", "2,5 tr", "5 tr", "7,5 tr"]),
        ([0, 200_000, 400_000], ["0", "200.000", "400.000"]),
    ],
)
def test_vnd_formatter_one_unit_per_axis(locs, expected):
    fmt = vnd_formatter()
    assert fmt.format_ticks(locs) == expected


def test_vnd_formatter_in_english():
    phanloai.set_language("en")
    assert vnd_short(1_200_000_000) == "1.2 bn"
    assert vnd_short(350_000_000) == "350 M"
    assert vnd_short(250_000) == "250,000"
    assert vnd_formatter().format_ticks([0, 5e8, 1e9]) == ["0", "0.5 bn", "1 bn"]


def test_counts_and_percents():
    assert kit.format_count(1111) == "1.111"
    assert format_percent(0.103) == "10 %"
    assert format_percent(0.103, 1) == "10,3 %"
    assert kit.short_percent(0.003) == "0,3 %"


# -- the case overviews ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", phanloai.CASES)
def test_case_overview(cases, name, lang, tmp_path):
    phanloai.set_language(lang)
    fig = plots.case_overview(cases[name])
    check_figure(fig, tmp_path / f"overview_{name}_{lang}.png")
    assert fig._suptitle.get_text().startswith(cases[name].title)
    assert all(ax.get_title(loc="left") for ax in fig.axes)


def test_overview_numbers_match_the_data(spa, bolts, fashion):
    fig = plots.case_overview(spa)
    leads = sorted(p.get_width() for p in fig.axes[0].patches)
    assert leads == sorted(spa.customers["source"].value_counts().to_numpy())
    fig = plots.case_overview(bolts)
    # Stacked bars: every Vietnamese firm counted once, signed or not; the foreign ones are named.
    assert (
        sum(p.get_width() for ax in fig.axes for p in ax.patches)
        == bolts.customers["region"].notna().sum()
    )
    abroad = int(bolts.customers["region"].isna().sum())
    assert abroad == 0 or kit.format_count(abroad) in fig.axes[1].get_xlabel()
    fig = plots.case_overview(fashion)
    assert sum(p.get_width() for p in fig.axes[1].patches) == fashion.customers["total_spend"].sum()


def test_overview_unknown_case():
    with pytest.raises(phanloai.PhanloaiError):
        plots.case_overview(object())


def test_figures_show_once_in_jupyter(spa):
    """Made without pyplot (no double display, no pile-up); shown as one PNG by IPython."""
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = plots.case_overview(spa)
    assert plt.get_fignums() == before
    assert fig._repr_png_().startswith(b"\x89PNG")


# -- bar_counts and revenue_by ----------------------------------------------------------------------
def test_bar_counts_text_column(spa, tmp_path):
    fig = plots.bar_counts(spa.customers["source"], "Lead theo nguồn (Leads by source)")
    check_figure(fig, tmp_path / "source.png")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "Facebook Ads"  # largest on top
    assert sum(p.get_width() for p in ax.patches) == len(spa.customers)
    assert ax.get_xlabel() == "Số lượng (Count)"


def test_bar_counts_numbers_vertical(fashion, tmp_path):
    fig = plots.bar_counts(fashion.customers["n_orders"], "Số đơn mỗi khách (Orders per customer)")
    check_figure(fig, tmp_path / "n_orders.png")
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights == list(fashion.customers["n_orders"].value_counts().sort_index().to_numpy())


def test_bar_counts_ready_counts_and_top(bolts, tmp_path):
    fig = plots.bar_counts(
        {"Đã ký hợp đồng": 1930, "Chưa ký hợp đồng": 8070}, "Hợp đồng (Contracts)"
    )
    check_figure(fig, tmp_path / "dict.png")
    assert sorted(p.get_width() for p in fig.axes[0].patches) == [1930, 8070]
    counts = bolts.customers["province"].value_counts()
    fig = plots.bar_counts(counts, "Tỉnh / thành (Province)", top=10)
    check_figure(fig, tmp_path / "province.png")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 10 and labels[-1] == "Khác (Other)"
    assert fig.axes[0].get_ylabel() == "Tỉnh / thành (Province)"
    assert sum(p.get_width() for p in fig.axes[0].patches) == counts.sum()


def test_bar_counts_yes_no(bolts, tmp_path):
    fig = plots.bar_counts(bolts.customers["contract_signed"], "Hợp đồng (Contract signed)")
    check_figure(fig, tmp_path / "signed.png")
    labels = {t.get_text() for t in fig.axes[0].get_yticklabels()}
    assert labels == {"Có (Yes)", "Không (No)"}


@pytest.mark.parametrize("column", ["source", "industry", "company_name"])
def test_revenue_by(bolts, column, tmp_path):
    fig = plots.revenue_by(bolts.customers, column)
    check_figure(fig, tmp_path / f"revenue_{column}.png")
    ax = fig.axes[0]
    assert sum(p.get_width() for p in ax.patches) == bolts.customers["total_spend"].sum()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert all(t == "0" or t.endswith((" tỷ", " tr")) for t in ticks), ticks


def test_revenue_by_missing_column(spa):
    with pytest.raises(phanloai.PhanloaiError, match="không có cột"):
        plots.revenue_by(spa.customers, "no_such_column")


def test_draw_into_given_axes(spa, tmp_path):
    fig = Figure(figsize=(12, 4), layout="constrained")
    left, right = fig.subplots(1, 2)
    assert plots.bar_counts(spa.customers["stage"], "Giai đoạn (Stage)", ax=left) is fig
    assert plots.revenue_by(spa.customers, "service_group", ax=right) is fig
    check_figure(fig, tmp_path / "two.png")


# -- display.show (kept small; tested here beside the charts) -----------------------------------------
def test_show_formats_money_and_dates(bolts):
    styler = show(bolts.contracts, n=3)
    assert len(styler.data) == 3
    html = styler.to_html()
    first = bolts.contracts.iloc[0]
    assert phanloai.format_vnd(first["value"]) in html
    assert first["signed_date"].strftime("%d/%m/%Y") in html
    # headers from the data dictionary; the values themselves untouched
    assert list(styler.data.columns) == [
        "Mã hợp đồng",
        "Mã khách hàng",
        "Ngày ký",
        "Thời hạn hợp đồng",
        "Giá trị hợp đồng",
    ]
    assert np.all(bolts.contracts.head(3).to_numpy() == styler.data.to_numpy())
    customers = show(bolts.customers, n=2, columns="all").to_html()
    assert "tỷ ₫" in customers  # revenue_bn, in billions
    phanloai.set_language("en")
    html = show(bolts.contracts, n=3).to_html()
    assert f"{round(first['value']):,} VND" in html and "Contract value" in html


def test_show_dates_with_time(spa):
    html = show(spa.events, n=1).to_html()
    stamp = pd.Timestamp(spa.events["timestamp"].iloc[0])
    assert stamp.strftime("%d/%m/%Y %H:%M") in html


def test_show_rows_of_the_same_name_and_means_of_counts():
    repeated = show(pd.DataFrame({"customers": [1, 2]}, index=["x", "x"])).to_html()
    assert (
        repeated.count(">x</td>") == 2 and ">index<" not in repeated
    )  # both rows shown, the index as a column
    means = show(pd.DataFrame({"orders": [1.16, 2.0], "customers": [3, 4]}))
    html = means.to_html()
    assert "1,16" in html  # a mean of orders keeps its decimals
    assert ">3</td>" in html  # whole counts stay whole


def test_two_readings_of_one_scheme_are_told_apart(fashion):
    k = fashion.customers
    table = phanloai.cross(
        k,
        phanloai.classify(k, "demographic", by="gender"),
        phanloai.classify(k, "demographic", by="age"),
    )
    words = phanloai.in_words(table)
    assert words.index.name == "Phân loại theo nhân khẩu học · Giới tính"
    assert words.columns.name == "Phân loại theo nhân khẩu học · Độ tuổi"
