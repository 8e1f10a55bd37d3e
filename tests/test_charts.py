"""Report charts: drawn, not blank, every label whole and inside the picture, one colour per level.

Figures are rendered with the Agg backend to PNG files under ``tmp_path``.
"""

from __future__ import annotations

import itertools
import warnings

import matplotlib
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.patches import Rectangle
from matplotlib.text import Text

import phanloai
from phanloai import PhanloaiError, charts
from phanloai.charts import kit

matplotlib.use("Agg")


# -- helpers -------------------------------------------------------------------------------------
def drawn_texts(fig: Figure) -> list[Text]:
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


def check_figure(fig: Figure, path) -> None:
    """Drawn with Agg (no missing glyph), non-blank PNG, a title, all text inside, no overlaps."""
    assert isinstance(fig, Figure)
    fig.set_canvas(FigureCanvasAgg(fig))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert not [str(w.message) for w in caught if "missing from" in str(w.message)]
    renderer = fig.canvas.get_renderer()
    fig.savefig(path)
    pixels = imread(path)[..., :3]
    drawn = float((pixels < 0.95).any(axis=2).mean())
    assert drawn > 0.05, f"{path.name}: only {drawn:.1%} of the picture is drawn"

    titles = [fig._suptitle] + [t for ax in fig.axes for t in (ax.title, ax._left_title)]
    assert any(t is not None and t.get_text().strip() for t in titles), "no title"
    for ax in fig.axes:  # every tick label in view has text
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            for tick in axis.get_major_ticks():
                if tick.label1.get_visible() and min(lo, hi) <= tick.get_loc() <= max(lo, hi):
                    assert tick.label1.get_text().strip(), (
                        f"{path.name}: empty tick label at {tick.get_loc()}"
                    )

    box = fig.bbox
    texts = drawn_texts(fig)
    assert texts
    extents = []
    for t in texts:
        ext = t.get_window_extent(renderer)
        inside = (
            ext.x0 >= box.x0 - 1
            and ext.y0 >= box.y0 - 1
            and ext.x1 <= box.x1 + 1
            and ext.y1 <= box.y1 + 1
        )
        assert inside, f"{path.name}: {t.get_text()!r} is cut off: {ext} outside {box}"
        extents.append((t, ext))
    for (a, ea), (b, eb) in itertools.combinations(extents, 2):
        w = min(ea.x1, eb.x1) - max(ea.x0, eb.x0)
        h = min(ea.y1, eb.y1) - max(ea.y0, eb.y0)
        assert not (w > 2 and h > 2), f"{path.name}: {a.get_text()!r} overlaps {b.get_text()!r}"


def bar_colors(ax, names) -> dict[str, str]:
    """The colour of each horizontal bar, by the name on its row (bars drawn in row order)."""
    bars = [p for p in ax.patches if isinstance(p, Rectangle)][: len(names)]
    return {n: to_hex(to_rgb(b.get_facecolor())) for n, b in zip(names, bars, strict=True)}


# -- data ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ladder(spa):
    return phanloai.classify(spa.customers, "ladder")


@pytest.fixture(scope="module")
def small():
    """Six customers, three sources, two salespeople; segments A, B and an empty C; one unknown."""
    table = pd.DataFrame(
        {
            "customer_id": ["KH1", "KH2", "KH3", "KH4", "KH5", "KH6"],
            "source": [
                "Facebook Ads",
                "Facebook Ads",
                "Giới thiệu",
                "Facebook Ads",
                "Zalo",
                "Zalo",
            ],
            "staff_id": ["NV01", "NV01", "NV02", "NV02", "NV02", None],
            "n_orders": [0, 1, 2, 0, 4, 0],
            "total_spend": [0, 1_000_000, 3_000_000, 0, 8_000_000, 0],
        }
    )
    segments = pd.Series(
        ["A", "A", "B", "B", "B", None], dtype=pd.CategoricalDtype(["A", "B", "C"], ordered=True)
    )
    return table, segments


def all_charts(spa, bolts, ladder):
    c = spa.customers
    yield "profile", charts.plot_profile(phanloai.profile(c, ladder))
    yield (
        "profile_3",
        charts.plot_profile(
            phanloai.profile(c, ladder), measures=["customers", "aov", "conversion"]
        ),
    )
    yield "prioritize_size", charts.plot_prioritize(phanloai.prioritize(c, ladder))
    yield (
        "prioritize_revenue",
        charts.plot_prioritize(phanloai.prioritize(c, ladder, by="revenue", max_segments=2)),
    )
    yield (
        "prioritize_value",
        charts.plot_prioritize(phanloai.prioritize(c, ladder, by="value", min_share=0.1)),
    )
    yield "cross_2", charts.plot_cross(phanloai.cross(c, ladder, "source"))
    yield (
        "cross_3",
        charts.plot_cross(phanloai.cross(bolts.customers, "industry", "region", "contract_signed")),
    )
    yield (
        "cross_revenue",
        charts.plot_cross(phanloai.cross(bolts.customers, "industry", "region", values="revenue")),
    )
    yield "cross_share", charts.plot_cross(phanloai.cross(c, "source", ladder, normalize="index"))
    yield "funnel_ladder", charts.plot_funnel(phanloai.funnel(ladder))
    yield "funnel_stage", charts.plot_funnel(phanloai.funnel(c["stage"]))
    yield "source", charts.plot_revenue_by_source(phanloai.revenue_by_source(c))
    yield "staff", charts.plot_staff_performance(phanloai.staff_performance(c, spa.staff))
    yield "call", charts.plot_call_campaign(phanloai.call_campaign(c, seed=2))


# -- every chart, both languages ------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_chart_is_whole(spa, bolts, ladder, lang, tmp_path):
    phanloai.set_language(lang)
    names = []
    for name, fig in all_charts(spa, bolts, ladder):
        check_figure(fig, tmp_path / f"{name}_{lang}.png")
        names.append(name)
    assert len(names) == 14


def test_small_and_empty_levels(small, tmp_path):
    table, segments = small
    for name, fig in [
        ("profile", charts.plot_profile(phanloai.profile(table, segments))),
        ("prioritize", charts.plot_prioritize(phanloai.prioritize(table, segments))),
        (
            "cross",
            charts.plot_cross(
                phanloai.cross(table, segments, "source", "staff_id", values="revenue")
            ),
        ),
        ("source", charts.plot_revenue_by_source(phanloai.revenue_by_source(table))),
        ("staff", charts.plot_staff_performance(phanloai.staff_performance(table))),
        ("call", charts.plot_funnel(phanloai.call_campaign(table, reach=0).funnel)),
    ]:
        check_figure(fig, tmp_path / f"small_{name}.png")


def test_titles_follow_the_language(spa, ladder):
    report = phanloai.profile(spa.customers, ladder)
    assert charts.plot_profile(report)._suptitle.get_text().startswith("Sáu cấp độ khách hàng")
    phanloai.set_language("en")
    fig = charts.plot_profile(phanloai.profile(spa.customers, ladder))
    assert fig._suptitle.get_text().startswith("The six customer levels")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][-1] == "Unknown"
    assert fig.axes[0].get_xlabel() == "Customers"
    fig = charts.plot_funnel(phanloai.call_campaign(spa.customers).funnel)
    assert fig._suptitle.get_text().startswith("Lead-filtering call campaign")


def test_a_table_made_before_the_switch_is_drawn_in_english(spa, ladder):
    report = phanloai.prioritize(spa.customers, ladder)  # made in Vietnamese
    phanloai.set_language("en")
    fig = charts.plot_prioritize(report)
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert rows[0] == "1. Prospect" and "Unknown" not in rows  # no customer is unknown: no row
    assert fig.axes[0].get_xlabel() == "Customers"
    english = bar_colors(
        charts.plot_prioritize(phanloai.prioritize(spa.customers, ladder)).axes[0], rows
    )
    assert bar_colors(fig.axes[0], rows) == english


# -- numbers on the charts --------------------------------------------------------------------------
def test_bars_match_the_report(spa, ladder):
    report = phanloai.profile(spa.customers, ladder)
    fig = charts.plot_profile(report)
    counts = [p.get_width() for p in fig.axes[0].patches]
    assert counts == report["customers"].tolist()
    assert sum(p.get_width() for p in fig.axes[1].patches) == spa.customers["total_spend"].sum()
    ticks = [t.get_text() for t in fig.axes[1].get_xticklabels() if t.get_text()]
    assert all(t == "0" or t.endswith((" tr", " tỷ")) for t in ticks), (
        ticks
    )  # đồng, the Vietnamese way
    funnel = phanloai.funnel(ladder)
    fig = charts.plot_funnel(funnel)
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert widths[: len(funnel) - 1] == funnel["reached"].iloc[:-1].tolist()


def test_cross_cells_are_written_out(bolts):
    table = phanloai.cross(bolts.customers, "industry", "region", values="revenue")
    fig = charts.plot_cross(table)
    cells = [t.get_text() for t in fig.axes[0].texts]
    assert len(cells) == table.size
    assert all(c == "0" or c.endswith((" tr", " tỷ")) for c in cells), cells


# -- colours ----------------------------------------------------------------------------------------
def test_same_level_same_colour_in_every_chart(spa, ladder):
    c = spa.customers
    profile = phanloai.profile(c, ladder)
    ranked = phanloai.prioritize(c, ladder, by="revenue")  # another order of the same levels
    funnel = phanloai.funnel(ladder)
    in_profile = bar_colors(charts.plot_profile(profile).axes[0], list(profile.index))
    in_ranking = bar_colors(charts.plot_prioritize(ranked).axes[0], list(ranked.index))
    road = list(funnel.index[:-1])  # the funnel's stages (unknown drawn only when it has customers)
    in_funnel = bar_colors(charts.plot_funnel(funnel).axes[0], road)
    for level in ranked.index:
        assert in_profile[level] == in_ranking[level], level
    for level in road:
        assert in_profile[level] == in_funnel[level], level
    assert len(set(in_profile.values())) == len(profile)  # every level its own colour
    assert in_profile["unknown"] == kit.UNKNOWN_COLOR  # unknown is grey


def test_level_colors_from_scheme_labels_and_report(spa, ladder):
    by_scheme = charts.level_colors("ladder")
    by_labels = charts.level_colors(ladder)
    by_report = charts.level_colors(phanloai.profile(spa.customers, ladder))
    stored = charts.level_colors(spa.customers.assign(seg=ladder)["seg"])  # labels kept in a column
    for level in ladder.cat.categories:
        assert by_scheme[level] == by_labels[level] == by_report[level] == stored[level]
    phanloai.set_language("en")
    assert charts.level_colors("ladder") == by_scheme  # keyed by code: no language in it
    assert by_scheme["unknown"] == kit.UNKNOWN_COLOR
    assert kit.UNKNOWN_COLOR not in [by_scheme[lv] for lv in ladder.cat.categories[:-1]]
    hand = charts.level_colors(["A", "B", "unknown"])
    assert hand["A"] != hand["B"] and hand["unknown"] == kit.UNKNOWN_COLOR
    many = charts.level_colors([f"nhóm {i}" for i in range(14)])
    assert len(set(many.values())) == 14 + 1  # 14 distinct colours, plus grey for unknown


def test_level_colors_unknown_scheme():
    with pytest.raises(PhanloaiError, match="moon"):
        charts.level_colors("moon")


# -- wrong tables, pyplot ------------------------------------------------------------------------------
def test_wrong_report_for_the_chart(spa, ladder):
    funnel = phanloai.funnel(ladder)
    with pytest.raises(PhanloaiError, match="funnel"):
        charts.plot_profile(funnel)
    with pytest.raises(PhanloaiError, match="DataFrame|plot_cross"):
        charts.plot_cross([1, 2])
    with pytest.raises(PhanloaiError, match="conversion|cannot|không vẽ"):
        charts.plot_profile(
            phanloai.profile(spa.customers[["customer_id"]], ladder), measures=["conversion"]
        )


def test_charts_do_not_touch_reports_or_pyplot(spa, ladder):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    report = phanloai.prioritize(spa.customers, ladder)
    saved = report.copy(deep=True)
    settings = dict(matplotlib.rcParams)
    fig = charts.plot_prioritize(report)
    pd.testing.assert_frame_equal(report, saved)
    assert plt.get_fignums() == before
    assert fig._repr_png_().startswith(b"\x89PNG")
    # the suite's theme is applied inside a context: the user's settings are as they were
    assert dict(matplotlib.rcParams) == settings


def test_top_level_names():
    assert (
        phanloai.plot_funnel is charts.plot_funnel and phanloai.level_colors is charts.level_colors
    )
    for name in (
        "profile",
        "prioritize",
        "cross",
        "funnel",
        "revenue_by_source",
        "staff_performance",
        "call_campaign",
        "plot_profile",
        "plot_cross",
    ):
        assert name in phanloai.__all__ and callable(getattr(phanloai, name))


def _collisions(fig) -> list[str]:
    """Legends covering a bar or a label, and x tick labels running into each other."""
    fig.draw_without_rendering()
    found = []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            box = legend.get_window_extent()
            for a in [*ax.patches, *ax.texts]:
                if a.get_visible() and a.get_window_extent().overlaps(box):
                    found.append(f"legend covers {a}")
        ticks = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        boxes = [t.get_window_extent() for t in ticks]
        for (a, ba), (b, bb) in zip(
            zip(ticks, boxes, strict=True), zip(ticks[1:], boxes[1:], strict=True), strict=False
        ):
            if ba.overlaps(bb):
                found.append(f"ticks {a.get_text()!r} and {b.get_text()!r} touch")
    return found


@pytest.mark.parametrize("name", phanloai.CASES)
@pytest.mark.parametrize("seed", [0, 3])
def test_case_overview_nothing_hidden(name, seed):
    """At seed 3 the spa's "average" legend once hid the Website bar's label."""
    import matplotlib.pyplot as plt

    fig = phanloai.charts.case_overview(phanloai.load(name, seed=seed))
    assert _collisions(fig) == []
    plt.close(fig)
