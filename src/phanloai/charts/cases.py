"""Biểu đồ của dữ liệu — charts straight from a case's tables: counts per category, revenue per
group, and one overview figure per case for the start notebook.

Every function returns a :class:`~phanloai.charts.kit.VnFigure` made in the suite's theme
(:func:`~phanloai.charts.kit.theme`); amounts of đồng read ``1,2 tỷ``, ``350 tr``, ``250.000``.

>>> import phanloai
>>> spa = phanloai.load("spa")
>>> fig = phanloai.charts.case_overview(spa)
>>> fig = phanloai.charts.bar_counts(spa.customers["source"], "Lead theo nguồn (Leads by source)")
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .._i18n import PhanloaiError, tr
from ..vn import format_percent
from ..vocab import term
from . import kit

__all__ = ["bar_counts", "case_overview", "revenue_by"]


def _axis_label(column) -> str:
    """A column's name on an axis: "Nguồn khách hàng (Lead source)" (vi) / "Lead source" (en)."""
    t = term(column)
    both = t.short_vi if t.short_vi == t.short_en else f"{t.short_vi} ({t.short_en})"
    return tr(both, t.short_en)


def _counted(data, counted: bool | None) -> pd.Series:
    """Turn raw values or ready counts into counts indexed by category (category order kept)."""
    if isinstance(data, Mapping):
        return pd.Series(data, dtype="float64")
    s = pd.Series(data)
    if counted is None:
        counted = (
            not isinstance(s.index, pd.RangeIndex)
            and s.index.is_unique
            and pd.api.types.is_numeric_dtype(s)
            and not pd.api.types.is_bool_dtype(s)
        )
    if counted:
        return s.astype("float64")
    return s.value_counts(sort=False, dropna=True)


def _order(counts: pd.Series, sort: bool, top: int | None) -> pd.Series:
    """Natural order for numbers and ordered categories, else largest first; tail → "Khác"."""
    if pd.api.types.is_bool_dtype(counts.index):  # True / False read "Có" / "Không"
        words = {True: tr("Có (Yes)", "Yes"), False: tr("Không (No)", "No")}
        counts = counts.rename(index=words).rename_axis(counts.index.name)
        counts.index = counts.index.astype(object)
    natural = pd.api.types.is_numeric_dtype(counts.index) or (
        isinstance(counts.index, pd.CategoricalIndex) and counts.index.ordered
    )
    if natural:
        counts = counts.sort_index()
    elif sort:
        counts = counts.sort_values(ascending=False, kind="stable")
    if top is not None and len(counts) > top and not natural:
        head = counts.iloc[: top - 1]
        rest = pd.Series({tr("Khác (Other)", "Other"): counts.iloc[top - 1 :].sum()})
        lumped = pd.concat([pd.Series(head.to_numpy(), index=head.index.astype(str)), rest])
        counts = lumped.rename_axis(counts.index.name)
    return counts


@kit.themed
def bar_counts(
    data,
    title: str = "",
    xlabel: str | None = None,
    ylabel: str | None = None,
    *,
    horizontal: bool | None = None,
    counted: bool | None = None,
    sort: bool = True,
    top: int | None = 20,
    color=None,
    ax: Axes | None = None,
) -> Figure:
    """Bar chart of how many customers fall in each category.

    Parameters
    ----------
    data : a column of raw values (``customers["source"]``), or counts already made (a Series
        or dict ``{category: count}``; detected from a non-default index, or say ``counted=True``).
    title : the chart title.
    xlabel, ylabel : labels of the horizontal and vertical axes, as drawn. By default the count
        axis reads "Số lượng (Count)" and the category axis takes the column's name.
    horizontal : horizontal bars (the default for text categories, so long Vietnamese labels
        stay whole); vertical bars are the default for numeric categories such as ``n_orders``.
    sort : largest first (text categories only; numbers and ordered categories keep their order).
    top : keep the ``top - 1`` largest categories and add the rest up as "Khác (Other)".
    color : bar colour; ax : draw into an existing Axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = bar_counts(spa.customers["source"], "Lead theo nguồn (Leads by source)")
    >>> fig = bar_counts({"Đã ký": 1930, "Chưa ký": 8070}, "Hợp đồng (Contracts)")
    """
    counts = _order(_counted(data, counted), sort, top)
    numeric = pd.api.types.is_numeric_dtype(counts.index)
    if horizontal is None:
        horizontal = not numeric
    name = counts.index.name  # the column's name, for raw values and value_counts() alike
    count_label = tr("Số lượng (Count)", "Count")
    category_label = _axis_label(name) if name is not None else ""
    texts = [kit.format_count(v) for v in counts.to_numpy()]
    own_figure = ax is None
    if own_figure:
        if horizontal:
            _, (ax,) = kit.figure(kit.WIDTH * 0.85, kit.bar_height(len(counts)))
        else:
            _, (ax,) = kit.figure(min(kit.WIDTH * 1.3, max(6.0, 0.5 * len(counts) + 2.5)), 4.5)
    fig = ax.get_figure(root=True)
    color = color or kit.BLUE
    if horizontal:
        kit.hbars(ax, counts.index, counts.to_numpy(), color, texts)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.set_xlabel(count_label if xlabel is None else xlabel)
        ax.set_ylabel(kit.two_lines(category_label if ylabel is None else ylabel))
    else:
        x = np.arange(len(counts))
        bars = ax.bar(x, counts.to_numpy(), color=color, width=0.7)
        labels = [
            kit.format_count(v) if numeric and float(v).is_integer() else kit.wrap(v)
            for v in counts.index
        ]
        ax.set_xticks(x, labels)
        if len(counts) <= 15:
            ax.bar_label(bars, labels=texts, padding=2, fontsize=9, bbox=kit.LABEL_BOX)
        ax.set_ylim(0, max(float(counts.max()), 1e-9) * 1.12)
        ax.grid(axis="x", visible=False)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.set_xlabel(category_label if xlabel is None else xlabel)
        ax.set_ylabel(kit.two_lines(count_label if ylabel is None else ylabel))
    (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(kit.count_formatter())
    kit.title(ax, title, own_figure)
    return fig


@kit.themed
def revenue_by(
    customers: pd.DataFrame,
    column: str,
    title: str | None = None,
    *,
    value: str = "total_spend",
    top: int | None = 20,
    color=None,
    ax: Axes | None = None,
) -> Figure:
    """Doanh thu theo nhóm — total revenue per category, as horizontal bars on a đồng axis.

    Parameters
    ----------
    customers : the customer table (one row per customer).
    column : the category to group by (``"source"``, ``"industry"``, a segment label…).
    title : chart title; by default "Doanh thu theo … (Revenue by …)".
    value : the money column to add up (default ``total_spend``).
    top : keep the ``top - 1`` largest groups and add the rest up as "Khác (Other)".

    Returns
    -------
    matplotlib.figure.Figure — each bar is labelled with its amount and its share of the total.

    Examples
    --------
    >>> fig = revenue_by(spa.customers, "source")
    """
    for col in (column, value):
        if col not in customers.columns:
            raise PhanloaiError(
                f"Bảng khách hàng không có cột {col!r}.",
                f"The customer table has no column {col!r}.",
            )
    sums = customers.groupby(column, observed=True, sort=False)[value].sum().astype("float64")
    sums = _order(sums, sort=True, top=top)
    total = float(sums.sum())
    texts = [
        f"{kit.vnd_short(v, digits=3)} · {format_percent(v / total) if total else '—'}"
        for v in sums.to_numpy()
    ]
    own_figure = ax is None
    if own_figure:
        _, (ax,) = kit.figure(kit.WIDTH * 0.85, kit.bar_height(len(sums)))
    fig = ax.get_figure(root=True)
    kit.hbars(ax, sums.index, sums.to_numpy(), color or kit.GREEN, texts)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.xaxis.set_major_formatter(kit.vnd_formatter())
    ax.set_xlabel(term("revenue", "measures").axis)
    ax.set_ylabel(kit.two_lines(_axis_label(column)))
    if title is None:
        vi, en = term(column).short_vi, term(column).short_en
        title = tr(
            f"Doanh thu theo {vi.lower()} (Revenue by {en.lower()})", f"Revenue by {en.lower()}"
        )
    kit.title(ax, title, own_figure)
    return fig


# -- one overview figure per case ---------------------------------------------------------------
def _named(table: pd.DataFrame, scheme: str) -> pd.Series:
    """A column read through its scheme, as level names in the current language (so a chart of
    raw CRM values reads in English in an English class)."""
    from ..schemes.registry import classify

    return classify(table, scheme).phanloai.names()


def _spa_overview(case) -> Figure:
    c = case.customers.assign(source=_named(case.customers, "source"))
    by = c.groupby("source", observed=True).agg(
        leads=("customer_id", "size"), buyers=("n_orders", lambda s: int((s > 0).sum()))
    )
    by = by.sort_values("leads", ascending=False)
    rate = by["buyers"] / by["leads"]
    overall = float((c["n_orders"] > 0).mean())
    fig, (left, right) = kit.figure(kit.WIDTH, kit.bar_height(len(by), 2.0), ncols=2, sharey=True)
    kit.hbars(
        left, by.index, by["leads"].to_numpy(), kit.BLUE, [kit.format_count(v) for v in by["leads"]]
    )
    left.xaxis.set_major_formatter(kit.count_formatter())
    left.xaxis.set_major_locator(MaxNLocator(4, integer=True))  # "1.000" and "1.200" never touch
    left.set_xlabel(term("leads", "measures").axis)
    left.set_ylabel(kit.two_lines(_axis_label("source")))
    left.set_title(tr("Lead theo nguồn (Leads)", "Leads by source"), loc="left")
    colors = [kit.GREEN if r >= overall else kit.ORANGE for r in rate]
    kit.hbars(
        right,
        by.index,
        rate.to_numpy(),
        colors,
        [format_percent(r) for r in rate],
        reference=overall,
    )
    line = right.axvline(overall, color="0.3", linestyle="--", linewidth=1, zorder=1.5)
    right.legend(
        [line],
        [
            tr(
                f"Trung bình (Average) {format_percent(overall)}",
                f"Average {format_percent(overall)}",
            )
        ],
        loc="lower right",
        fontsize=9,
        frameon=True,
    )
    right.xaxis.set_major_formatter(kit.percent_formatter())
    right.set_xlabel(tr("Tỷ lệ chốt (Conversion rate)", "Conversion rate"))
    right.set_title(tr("Tỷ lệ chốt (Conversion)", "Conversion rate"), loc="left")
    right.tick_params(axis="y", left=False)
    fig.suptitle(
        tr(
            f"{case.title_vi}: nhiều lead chưa chắc nhiều khách",
            f"{case.title_en}: many leads, few buyers?",
        ),
        fontweight="bold",
    )
    kit.legend_clear(fig, right)  # under the figure if it would hide a bar's label
    return fig


_REGIONS_EN = {"Bắc": "North", "Trung": "Centre", "Nam": "South"}


def _bolts_overview(case) -> Figure:
    c = case.customers.assign(industry=_named(case.customers, "group"))
    table = (
        c.groupby(["region", "industry", "contract_signed"], observed=True)
        .size()
        .unstack(fill_value=0)
    )
    table = table.reindex(columns=[True, False], fill_value=0)
    regions = (
        list(c["region"].cat.categories)
        if hasattr(c["region"], "cat")
        else sorted(c["region"].unique())
    )
    industries = [
        i
        for i in c["industry"].cat.categories
        if i in set(table.index.get_level_values("industry"))
    ]
    totals = table.sum(axis=1).groupby(level="industry", observed=True).sum()
    industries = sorted(industries, key=lambda i: -totals[i])
    fig, axes = kit.figure(
        kit.WIDTH * 1.1, kit.bar_height(len(industries), 3.0), ncols=len(regions), sharey=True
    )
    biggest = table[False].idxmax()
    xmax = float(table.sum(axis=1).max())
    # Ticks well inside each panel, so the last label of one never meets the "0" of the next.
    ticks = [
        t
        for t in MaxNLocator(nbins=3, steps=[1, 2, 5, 10]).tick_values(0, xmax)
        if 0 <= t <= xmax * 1.05
    ]
    signed_label, unsigned_label = (
        tr("Đã ký hợp đồng (Signed)", "Signed"),
        tr("Chưa ký (Not signed)", "Not signed"),
    )
    for ax, region in zip(axes, regions, strict=True):
        part = table.xs(region, level="region").reindex(industries, fill_value=0)
        y = np.arange(len(industries))
        ax.barh(y, part[True], color=kit.BLUE, height=0.7)
        colors = [kit.RED if (region, ind) == biggest else kit.LIGHT_BLUE for ind in industries]
        bars = ax.barh(y, part[False], left=part[True], color=colors, height=0.7)
        ax.bar_label(
            bars,
            labels=[kit.format_count(v) for v in part[False]],
            padding=3,
            fontsize=9,
            bbox=kit.LABEL_BOX,
        )
        ax.set_yticks(y, [kit.wrap(i) for i in industries])
        ax.set_ylim(len(industries) - 0.5, -0.5)
        ax.set_xlim(0, xmax * 1.25)
        ax.set_xticks(ticks)
        ax.xaxis.set_major_formatter(kit.count_formatter())
        ax.grid(axis="y", visible=False)
        ax.set_title(tr(f"Miền {region}", _REGIONS_EN.get(region, str(region))), loc="left")
    for ax in axes[1:]:
        ax.tick_params(axis="y", left=False)
    axes[0].set_ylabel(_axis_label("industry"))
    handles = [
        Patch(color=kit.BLUE, label=signed_label),
        Patch(
            color=kit.LIGHT_BLUE,
            label=tr(f"{unsigned_label} — số cuối thanh", f"{unsigned_label} (number at bar end)"),
        ),
        Patch(
            color=kit.RED,
            label=tr("Nhóm chưa ký lớn nhất (Largest unsigned group)", "Largest unsigned group"),
        ),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=9)
    label = tr("Số doanh nghiệp (Firms)", "Firms")
    abroad = int(c["region"].isna().sum())
    if abroad:
        label += tr(
            f"\nchưa tính {kit.format_count(abroad)} doanh nghiệp nước ngoài (foreign firms not shown)",
            f"\n{kit.format_count(abroad)} foreign firms not shown",
        )
    axes[len(axes) // 2].set_xlabel(label)
    fig.suptitle(
        tr(
            f"{case.title_vi}: doanh nghiệp hỏi giá theo ngành × miền",
            f"{case.title_en}: firms that asked for quotes, industry × region",
        ),
        fontweight="bold",
    )
    return fig


_BANDS = (0, 3, 5, 10, 20, 50, math.inf)


def _band_labels() -> list[str]:
    more = tr("trên", "over")
    labels = [f"{a}–{b} km" for a, b in zip(_BANDS[:-2], _BANDS[1:-1], strict=True)]
    return ["< 3 km", *labels[1:], f"{more} {_BANDS[-2]} km"]


def _fashion_overview(case) -> Figure:
    c = case.customers
    band = pd.cut(c["distance_km"], _BANDS, right=False, labels=_band_labels())
    by = c.groupby(band, observed=False).agg(
        contacts=("customer_id", "size"),
        rate=("n_orders", lambda s: float((s > 0).mean()) if len(s) else 0.0),
        revenue=("total_spend", "sum"),
    )
    fig, (left, right) = kit.figure(kit.WIDTH, kit.bar_height(len(by), 2.0), ncols=2, sharey=True)
    colors = [kit.GREEN if b < 10 else kit.ORANGE for b in _BANDS[:-1]]
    rate_texts = [
        f"{format_percent(r)} · n = {kit.format_count(n)}"
        for r, n in zip(by["rate"], by["contacts"], strict=True)
    ]
    kit.hbars(left, by.index, by["rate"].to_numpy(), colors, rate_texts)
    left.set_xlim(0, float(by["rate"].max()) * 1.55)
    left.xaxis.set_major_locator(MaxNLocator(nbins=4))
    left.xaxis.set_major_formatter(kit.percent_formatter())
    left.set_xlabel(tr("Tỷ lệ đã mua (Share who bought)", "Share who bought"))
    left.set_ylabel(kit.two_lines(_axis_label("distance_km")))
    left.set_title(tr("Ở gần thì mua (Buyers)", "Near means buying"), loc="left")
    total = float(by["revenue"].sum())
    texts = [f"{kit.vnd_short(v, digits=3)} · {format_percent(v / total)}" for v in by["revenue"]]
    kit.hbars(right, by.index, by["revenue"].to_numpy(), colors, texts)
    right.set_xlim(0, float(by["revenue"].max()) * 1.5)
    right.xaxis.set_major_locator(MaxNLocator(nbins=4))
    right.xaxis.set_major_formatter(kit.vnd_formatter())
    right.set_xlabel(term("revenue", "measures").axis)
    right.set_title(tr("Doanh thu (Revenue)", "Revenue by distance"), loc="left")
    right.tick_params(axis="y", left=False)
    fig.suptitle(
        tr(
            f"{case.title_vi}: bán kính 10 km quanh cửa hàng",
            f"{case.title_en}: the 10 km radius around the shop",
        ),
        fontweight="bold",
    )
    return fig


_OVERVIEWS = {"spa": _spa_overview, "bolts": _bolts_overview, "fashion": _fashion_overview}


@kit.themed
def case_overview(case) -> Figure:
    """One figure that tells a case's main story, for the start notebook.

    - spa: leads and conversion rate by lead source (many leads from Facebook Ads, few buyers);
    - bolts: firms by industry × region, signed vs not signed (the largest unsigned group in red);
    - fashion: share who bought and revenue by distance band to the shop (the 10 km radius).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = case_overview(phanloai.load("bolts"))
    """
    name = getattr(case, "name", None)
    if name not in _OVERVIEWS:
        raise PhanloaiError(
            f"Không có biểu đồ tổng quan cho tình huống {name!r}; chọn một trong {', '.join(_OVERVIEWS)}.",
            f"No overview chart for case {name!r}; choose one of {', '.join(_OVERVIEWS)}.",
        )
    return _OVERVIEWS[name](case)
