"""Biểu đồ — charts for the notebooks, Vietnamese labels first.

Every helper returns a :class:`matplotlib.figure.Figure` (made without ``pyplot``, so a notebook
shows it exactly once and a slider can redraw it without piling up figures). Amounts of đồng are
written the Vietnamese way on the axes: ``1,2 tỷ``, ``350 tr`` (triệu), ``250.000``.

>>> import phanloai
>>> from phanloai import plots
>>> fig = plots.case_overview(phanloai.load("spa"))
>>> fig.savefig("spa.png")
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, MaxNLocator, PercentFormatter

from ._i18n import PhanloaiError, tr
from .vn import format_number, format_percent

__all__ = [
    "FONT",
    "VnFigure",
    "VndFormatter",
    "bar_counts",
    "case_overview",
    "format_count",
    "format_percent",
    "png_bytes",
    "revenue_by",
    "set_style",
    "vnd_formatter",
    "vnd_short",
]

#: Bundled with matplotlib and covers every Vietnamese letter (ạ, ữ, ỹ, đ…).
FONT = "DejaVu Sans"
#: Default width of a figure, in inches: fits a notebook column at 100 dpi.
WIDTH = 9.0
#: Tick labels longer than this are wrapped onto a second line.
WRAP = 28

_BLUE, _ORANGE, _GREEN, _RED = sns.color_palette("deep")[:4]
_LIGHT = sns.color_palette("pastel")[0]
# Value labels on bars: a white backing keeps them readable over grid and reference lines.
_LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85}

# Short axis names for the columns people plot most (Vietnamese, English).
_COLUMN_NAMES = {
    "source": ("Nguồn khách hàng", "Lead source"),
    "industry": ("Ngành", "Industry"),
    "region": ("Miền", "Region"),
    "province": ("Tỉnh / thành", "Province"),
    "gender": ("Giới tính", "Gender"),
    "income_band": ("Mức thu nhập", "Income band"),
    "interest": ("Sở thích", "Interest"),
    "job_title": ("Nghề nghiệp", "Job title"),
    "marital_status": ("Tình trạng hôn nhân", "Marital status"),
    "mbti": ("MBTI", "MBTI"),
    "service_group": ("Nhóm dịch vụ", "Service group"),
    "stage": ("Giai đoạn", "Pipeline stage"),
    "staff_id": ("Nhân viên", "Staff"),
    "legal_form": ("Loại hình doanh nghiệp", "Legal form"),
    "n_orders": ("Số đơn hàng", "Orders"),
    "external_role": ("Vai trò", "Role"),
}


def _column_name(column) -> str:
    vi, en = _COLUMN_NAMES.get(str(column), (str(column), str(column)))
    return tr(f"{vi} ({en})" if vi != en else vi, en)


# -- numbers the Vietnamese way ----------------------------------------------------------------
def _number(x: float, decimals: int) -> str:
    """:func:`~phanloai.vn.format_number` with a typographic minus sign, for chart labels."""
    text = format_number(abs(x), decimals)
    return ("−" if x < 0 and text != "0" else "") + text


def _units() -> tuple[tuple[float, str], ...]:
    return ((1e9, tr("tỷ", "bn")), (1e6, tr("tr", "M")))


def vnd_short(amount, unit: float | None = None, digits: int | None = None) -> str:
    """A short amount of đồng for an axis or a bar: ``1,2 tỷ``, ``350 tr``, ``250.000``.

    Parameters
    ----------
    amount : number of đồng.
    unit : 1e9 (tỷ), 1e6 (tr = triệu) or 1 (whole đồng); by default the largest unit that the
        amount reaches. An axis passes one unit for all its ticks so they read alike.
    digits : significant digits to keep (``3``: ``13,7 tỷ``, ``453 tr``); by default up to two
        decimals.

    Examples
    --------
    >>> vnd_short(1_200_000_000), vnd_short(350_000_000), vnd_short(250_000)
    ('1,2 tỷ', '350 tr', '250.000')
    >>> vnd_short(500_000_000, unit=1e9), vnd_short(13_690_000_000, digits=3)
    ('0,5 tỷ', '13,7 tỷ')
    """
    if amount is None or pd.isna(amount) or not math.isfinite(float(amount)):
        return "—"
    value = float(amount)
    if value == 0:
        return "0"
    scale = abs(value) if unit is None else unit
    for size, word in _units():
        if scale >= size:
            x = value / size
            decimals = 2
            if digits is not None:
                decimals = min(2, max(0, digits - 1 - math.floor(math.log10(abs(x)))))
                x = round(x, decimals)
            return f"{_number(x, decimals)} {word}"
    return _number(round(value), 0)


class VndFormatter(Formatter):
    """Axis tick formatter for đồng: every tick in the unit of the largest one (tỷ, tr or đồng)."""

    _top: float | None = None

    def set_locs(self, locs) -> None:
        """Remember the largest tick in view: it sets the unit of every tick."""
        super().set_locs(locs)
        values = np.abs(np.asarray(locs, dtype=float))
        if self.axis is not None and len(values):
            lo, hi = sorted(self.axis.get_view_interval())
            inside = np.asarray(locs, dtype=float)
            values = values[
                (inside >= lo - 1e-9 * abs(hi - lo)) & (inside <= hi + 1e-9 * abs(hi - lo))
            ]
        values = values[np.isfinite(values)]
        self._top = float(values.max()) if len(values) else None

    def __call__(self, x, pos=None) -> str:
        unit = None
        if self._top is not None:
            unit = next((size for size, _ in _units() if self._top >= size), 1.0)
        return vnd_short(x, unit)

    def format_data_short(self, value) -> str:
        return vnd_short(value)


def vnd_formatter() -> VndFormatter:
    """A tick formatter for amounts of đồng: ``ax.xaxis.set_major_formatter(vnd_formatter())``.

    Ticks read ``0``, ``0,5 tỷ``, ``1 tỷ``, ``1,5 tỷ`` (or ``200 tr``, ``400 tr``…; below one
    million: ``250.000``).
    """
    return VndFormatter()


def format_count(n) -> str:
    """``1111`` → ``1.111`` (vi) / ``1,111`` (en)."""
    return _number(round(float(n)), 0)


# -- figure plumbing ---------------------------------------------------------------------------
_styled = {"done": False}


class VnFigure(Figure):
    """A matplotlib Figure that shows itself in Jupyter as one PNG picture, without pyplot.

    Not registered with ``pyplot``: a notebook shows it exactly once (as a cell's result or with
    ``display(fig)``), and a slider callback can make new ones without filling memory.
    """

    def _repr_png_(self) -> bytes:
        return png_bytes(self)


def png_bytes(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes — e.g. for ``ipywidgets.Image(value=png_bytes(fig))``."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi or fig.dpi, facecolor="white")
    return buffer.getvalue()


def set_style() -> None:
    """Apply the suite's look (seaborn "whitegrid", DejaVu Sans) to every later figure."""
    sns.set_theme(
        style="whitegrid",
        font=FONT,
        rc={
            "font.family": "sans-serif",
            "font.sans-serif": [FONT],
            "axes.titleweight": "bold",
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.unicode_minus": True,
        },
    )
    _styled["done"] = True


def _figure(
    width: float, height: float, ncols: int = 1, sharey: bool = False
) -> tuple[Figure, list[Axes]]:
    if not _styled["done"]:
        set_style()
    fig = VnFigure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols, sharey=sharey, squeeze=False)[0]
    return fig, list(axes)


def _wrap(label) -> str:
    return "\n".join(textwrap.wrap(str(label), WRAP)) or str(label)


def _two_lines(label: str, width: int = 30) -> str:
    """A long axis label "Vietnamese (English)" goes on two lines, English below."""
    if len(label) > width and " (" in label:
        head, tail = label.split(" (", 1)
        return f"{head}\n({tail}"
    return label


def _set_title(ax: Axes, title: str, own_figure: bool) -> None:
    """A figure's title, flush left over the whole figure (never cut by long tick labels)."""
    if not title:
        return
    fig = ax.get_figure(root=True)
    if own_figure:
        width = int(fig.get_figwidth() * 8.5)
        fig.suptitle(textwrap.fill(title, width), x=0.01, ha="left", fontweight="bold", fontsize=12)
    else:
        width = int(fig.get_figwidth() * ax.get_position().width * 9)
        ax.set_title(textwrap.fill(title, max(width, 20)), loc="left")


def _bar_height(n_bars: int, extra: float = 1.6) -> float:
    return max(3.0, 0.42 * n_bars + extra)


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


def _hbars(ax: Axes, labels, values, color, texts=None, reference=None) -> None:
    """Horizontal bars, first label on top, value written at the end of each bar."""
    y = np.arange(len(values))
    bars = ax.barh(y, values, color=color, height=0.7)
    ax.set_yticks(y, [_wrap(lab) for lab in labels])
    ax.set_ylim(len(values) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    if texts is not None:
        ax.bar_label(bars, labels=list(texts), padding=3, fontsize=9, bbox=_LABEL_BOX)
    top = max([float(np.nanmax(values)) if len(values) else 0.0, reference or 0.0, 1e-9])
    ax.set_xlim(0, top * (1.22 if texts is not None else 1.05))


# -- public helpers ----------------------------------------------------------------------------
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
    category_label = _column_name(name) if name is not None else ""
    texts = [format_count(v) for v in counts.to_numpy()]
    own_figure = ax is None
    if own_figure:
        if horizontal:
            _, (ax,) = _figure(WIDTH * 0.85, _bar_height(len(counts)))
        else:
            _, (ax,) = _figure(min(WIDTH * 1.3, max(6.0, 0.5 * len(counts) + 2.5)), 4.5)
    fig = ax.get_figure(root=True)
    color = color or _BLUE
    if horizontal:
        _hbars(ax, counts.index, counts.to_numpy(), color, texts)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.set_xlabel(count_label if xlabel is None else xlabel)
        ax.set_ylabel(_two_lines(category_label if ylabel is None else ylabel))
    else:
        x = np.arange(len(counts))
        bars = ax.bar(x, counts.to_numpy(), color=color, width=0.7)
        labels = [
            format_count(v) if numeric and float(v).is_integer() else _wrap(v) for v in counts.index
        ]
        ax.set_xticks(x, labels)
        if len(counts) <= 15:
            ax.bar_label(bars, labels=texts, padding=2, fontsize=9, bbox=_LABEL_BOX)
        ax.set_ylim(0, max(float(counts.max()), 1e-9) * 1.12)
        ax.grid(axis="x", visible=False)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.set_xlabel(category_label if xlabel is None else xlabel)
        ax.set_ylabel(_two_lines(count_label if ylabel is None else ylabel))
    (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(_count_formatter())
    _set_title(ax, title, own_figure)
    return fig


class _CountFormatter(Formatter):
    def __call__(self, x, pos=None) -> str:
        return format_count(x) if float(x).is_integer() else _number(x, 2)


def _count_formatter() -> _CountFormatter:
    return _CountFormatter()


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
        f"{vnd_short(v, digits=3)} · {format_percent(v / total) if total else '—'}"
        for v in sums.to_numpy()
    ]
    own_figure = ax is None
    if own_figure:
        _, (ax,) = _figure(WIDTH * 0.85, _bar_height(len(sums)))
    fig = ax.get_figure(root=True)
    _hbars(ax, sums.index, sums.to_numpy(), color or _GREEN, texts)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.xaxis.set_major_formatter(vnd_formatter())
    ax.set_xlabel(tr("Doanh thu (Revenue), đồng", "Revenue, VND"))
    ax.set_ylabel(_two_lines(_column_name(column)))
    if title is None:
        vi, en = _COLUMN_NAMES.get(str(column), (str(column), str(column)))
        title = tr(
            f"Doanh thu theo {vi.lower()} (Revenue by {en.lower()})", f"Revenue by {en.lower()}"
        )
    _set_title(ax, title, own_figure)
    return fig


# -- one overview figure per case ---------------------------------------------------------------
def _spa_overview(case) -> Figure:
    c = case.customers
    by = c.groupby("source", observed=True).agg(
        leads=("customer_id", "size"), buyers=("n_orders", lambda s: int((s > 0).sum()))
    )
    by = by.sort_values("leads", ascending=False)
    rate = by["buyers"] / by["leads"]
    overall = float((c["n_orders"] > 0).mean())
    fig, (left, right) = _figure(WIDTH, _bar_height(len(by), 2.0), ncols=2, sharey=True)
    _hbars(left, by.index, by["leads"].to_numpy(), _BLUE, [format_count(v) for v in by["leads"]])
    left.xaxis.set_major_formatter(_count_formatter())
    left.set_xlabel(tr("Số lead (Leads)", "Leads"))
    left.set_ylabel(_two_lines(_column_name("source")))
    left.set_title(tr("Lead theo nguồn (Leads)", "Leads by source"), loc="left")
    colors = [_GREEN if r >= overall else _ORANGE for r in rate]
    _hbars(
        right,
        by.index,
        rate.to_numpy(),
        colors,
        [format_percent(r) for r in rate],
        reference=overall,
    )
    line = right.axvline(overall, color="0.3", linestyle="--", linewidth=1)
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
    right.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0, symbol=tr(" %", "%")))
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
    return fig


_REGIONS_EN = {"Bắc": "North", "Trung": "Centre", "Nam": "South"}


def _bolts_overview(case) -> Figure:
    c = case.customers
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
    industries = list(table.index.get_level_values("industry").unique())
    totals = table.sum(axis=1).groupby(level="industry", observed=True).sum()
    industries = sorted(industries, key=lambda i: -totals[i])
    fig, axes = _figure(
        WIDTH * 1.1, _bar_height(len(industries), 3.0), ncols=len(regions), sharey=True
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
        ax.barh(y, part[True], color=_BLUE, height=0.7)
        colors = [_RED if (region, ind) == biggest else _LIGHT for ind in industries]
        bars = ax.barh(y, part[False], left=part[True], color=colors, height=0.7)
        ax.bar_label(
            bars,
            labels=[format_count(v) for v in part[False]],
            padding=3,
            fontsize=9,
            bbox=_LABEL_BOX,
        )
        ax.set_yticks(y, [_wrap(i) for i in industries])
        ax.set_ylim(len(industries) - 0.5, -0.5)
        ax.set_xlim(0, xmax * 1.25)
        ax.set_xticks(ticks)
        ax.xaxis.set_major_formatter(_count_formatter())
        ax.grid(axis="y", visible=False)
        ax.set_title(tr(f"Miền {region}", _REGIONS_EN.get(region, str(region))), loc="left")
    for ax in axes[1:]:
        ax.tick_params(axis="y", left=False)
    axes[0].set_ylabel(_column_name("industry"))
    handles = [
        Patch(color=_BLUE, label=signed_label),
        Patch(
            color=_LIGHT,
            label=tr(f"{unsigned_label} — số cuối thanh", f"{unsigned_label} (number at bar end)"),
        ),
        Patch(
            color=_RED,
            label=tr("Nhóm chưa ký lớn nhất (Largest unsigned group)", "Largest unsigned group"),
        ),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=9)
    label = tr("Số doanh nghiệp (Firms)", "Firms")
    abroad = int(c["region"].isna().sum())
    if abroad:
        label += tr(
            f"\nchưa tính {format_count(abroad)} doanh nghiệp nước ngoài (foreign firms not shown)",
            f"\n{format_count(abroad)} foreign firms not shown",
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
    fig, (left, right) = _figure(WIDTH, _bar_height(len(by), 2.0), ncols=2, sharey=True)
    colors = [_GREEN if b < 10 else _ORANGE for b in _BANDS[:-1]]
    rate_texts = [
        f"{format_percent(r)} · n = {format_count(n)}"
        for r, n in zip(by["rate"], by["contacts"], strict=True)
    ]
    _hbars(left, by.index, by["rate"].to_numpy(), colors, rate_texts)
    left.set_xlim(0, float(by["rate"].max()) * 1.55)
    left.xaxis.set_major_locator(MaxNLocator(nbins=4))
    left.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0, symbol=tr(" %", "%")))
    left.set_xlabel(tr("Tỷ lệ đã mua (Share who bought)", "Share who bought"))
    left.set_ylabel(
        _two_lines(tr("Khoảng cách tới cửa hàng (Distance to the shop)", "Distance to the shop"))
    )
    left.set_title(tr("Ở gần thì mua (Buyers)", "Near means buying"), loc="left")
    total = float(by["revenue"].sum())
    texts = [f"{vnd_short(v, digits=3)} · {format_percent(v / total)}" for v in by["revenue"]]
    _hbars(right, by.index, by["revenue"].to_numpy(), colors, texts)
    right.set_xlim(0, float(by["revenue"].max()) * 1.5)
    right.xaxis.set_major_locator(MaxNLocator(nbins=4))
    right.xaxis.set_major_formatter(vnd_formatter())
    right.set_xlabel(tr("Doanh thu (Revenue), đồng", "Revenue, VND"))
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
