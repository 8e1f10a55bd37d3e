"""Biểu đồ báo cáo — one chart for each report of :mod:`phanloai.reports`.

Each function takes the table a report returned (level codes in its rows, stable keys in its
columns) and gives back a :class:`~phanloai.charts.kit.VnFigure`. The words — level names, column
names — are put on here, in the current language, so a report made in a Vietnamese class draws in
English after ``set_language("en")``. A level keeps its colour in every chart (the colour follows
the scheme's declared level order, ``unknown`` is always grey), so a class can follow "Khách hàng
lớn (Key account)" from the profile to the ranking to the funnel.

>>> import phanloai
>>> spa = phanloai.load("spa")
>>> labels = phanloai.classify(spa.customers, "ladder")
>>> fig = phanloai.plot_profile(phanloai.profile(spa.customers, labels))
>>> fig = phanloai.plot_funnel(phanloai.funnel(labels))
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

from .._i18n import PhanloaiError, tr
from ..display import dimension_title, words_for
from ..reports import BY_MEASURE, CallCampaign
from ..schemes.base import UNKNOWN_CODE
from ..vn import format_percent
from ..vocab import term
from . import kit

__all__ = [
    "plot_call_campaign",
    "plot_cross",
    "plot_funnel",
    "plot_prioritize",
    "plot_profile",
    "plot_revenue_by_source",
    "plot_staff_performance",
]

#: The measures a profile chart can draw, each in its own panel, and the share written beside it.
PANELS = {
    "customers": "customer_share",
    "revenue": "revenue_share",
    "revenue_per_customer": None,
    "orders": None,
    "aov": None,
    "conversion": None,
    "leads": "lead_share",
    "revenue_per_lead": None,
}


# -- reading a report ----------------------------------------------------------------------------------
def _check(func: str, report, kinds: tuple[str, ...]) -> pd.DataFrame:
    if isinstance(report, CallCampaign):
        report = report.funnel
    if not isinstance(report, pd.DataFrame):
        raise PhanloaiError(
            f"{func}(): cần bảng kết quả của phanloai.{kinds[0]}(), nhận được {type(report).__name__}.",
            f"{func}(): needs the table phanloai.{kinds[0]}() returned, got {type(report).__name__}.",
        )
    kind = report.attrs.get("report")
    if kind is not None and kind not in kinds:
        raise PhanloaiError(
            f"{func}(): bảng này là kết quả của {kind}(), không phải của {kinds[0]}().",
            f"{func}(): this table comes from {kind}(), not from {kinds[0]}().",
        )
    if report.empty:
        raise PhanloaiError(
            f"{func}(): bảng trống, không có gì để vẽ.",
            f"{func}(): the table is empty; nothing to draw.",
        )
    return report


def _col(report: pd.DataFrame, key: str, required: bool = True) -> pd.Series | None:
    if key in report.columns:
        return report[key]
    if required:
        raise PhanloaiError(
            f"Bảng không có cột '{key}' ({term(key).short_vi}); hãy vẽ đúng bảng mà hàm báo cáo trả về.",
            f"The table has no column '{key}' ({term(key).short_en}); draw the very table the report function returned.",
        )
    return None


def _floats(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()


def _rows(report: pd.DataFrame) -> list[str]:
    """The report's row codes in words (current language)."""
    name = words_for(report.index, report.attrs.get("words"))
    return [name(r) for r in report.index]


def _name(report: pd.DataFrame) -> str:
    """What the report grouped by, in words (the scheme's title, or the column's name)."""
    return dimension_title(report.index, report.attrs.get("dims") or [])


def _axis_name(name) -> str:
    """A vertical axis title: first letter capital, on two lines when long (it stands beside
    the bars, so it must stay shorter than a small chart is tall)."""
    text = str(name or "")
    text = text[:1].upper() + text[1:]
    return kit.two_lines(text) if " (" in text else textwrap.fill(text, 24)


def _axis_format(ax: Axes, kind: str) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=kind == "count"))
    if kind == "share" and ax.get_xlim()[1] <= 1.6:  # a rate: ticks stop at 100 %
        ax.xaxis.set_major_locator(FixedLocator([0, 0.2, 0.4, 0.6, 0.8, 1.0]))
    if kind == "money":
        ax.xaxis.set_major_formatter(kit.vnd_formatter())
    elif kind == "share":
        ax.xaxis.set_major_formatter(kit.percent_formatter())
    else:
        ax.xaxis.set_major_formatter(kit.count_formatter())


def _panel(
    ax: Axes,
    report: pd.DataFrame,
    key: str,
    rows: Sequence,
    colors,
    *,
    first: bool,
    reference=None,
    hatches: Sequence[str] | None = None,
    alphas: Sequence[float] | None = None,
) -> None:
    words = term(key, "measures")
    kind = "count" if words.kind in ("count", "integer") else words.kind
    share_key = PANELS.get(key)
    values = _floats(_col(report, key))
    shares = _floats(report[share_key]) if share_key and share_key in report.columns else None
    unit = kit.money_unit(values) if kind == "money" else None  # one unit along the panel
    texts = [
        kit.value_text(kind, v, None if shares is None else shares[i], unit)
        for i, v in enumerate(values)
    ]
    kit.hbars(ax, rows, np.nan_to_num(values), colors, texts, reference=reference)
    if hatches is not None or alphas is not None:
        for i, bar in enumerate(ax.patches):
            if hatches is not None and hatches[i]:
                bar.set_hatch(hatches[i])
                bar.set_edgecolor("white")
            if alphas is not None:
                bar.set_alpha(alphas[i])
    _axis_format(ax, kind)
    ax.set_xlabel(kit.two_lines(words.axis))
    ax.set_title(words.short, loc="left", fontsize=11)
    if not first:
        ax.tick_params(axis="y", left=False)
        ax.set_ylabel("")


# -- 1. profile --------------------------------------------------------------------------------------
@kit.themed
def plot_profile(
    report: pd.DataFrame, measures: Sequence[str] | None = None, title: str | None = None
) -> Figure:
    """Chân dung các nhóm — bars per level, side by side for each measure of a :func:`~phanloai.profile`.

    Parameters
    ----------
    report : what ``phanloai.profile(customers, labels)`` returned.
    measures : which columns to draw, each in its own panel: ``"customers"``, ``"revenue"``,
        ``"revenue_per_customer"``, ``"orders"``, ``"aov"``, ``"conversion"``. Default: customers and
        revenue (customers only when the data had no revenue).
    title : chart title; by default the classification's name.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_profile(phanloai.profile(spa.customers, labels), measures=["customers", "conversion"])
    >>> len(fig.axes)
    2
    """
    func = "plot_profile"
    report = _check(func, report, ("profile", "prioritize"))
    if measures is None:
        measures = [m for m in ("customers", "revenue") if m in report.columns]
    measures = [measures] if isinstance(measures, str) else list(measures)
    wrong = [m for m in measures if m not in PANELS or m not in report.columns]
    if wrong or not measures:
        have = [m for m in PANELS if m in report.columns]
        raise PhanloaiError(
            f"{func}(): không vẽ được {wrong or measures}; bảng này có: {have}.",
            f"{func}(): cannot draw {wrong or measures}; this table has: {have}.",
        )
    rows = _rows(report)
    colors = kit.colors_for(report, list(report.index))
    n = len(measures)
    fig, axes = kit.figure(
        max(kit.WIDTH * 0.85, 3.2 + 3.0 * n), kit.bar_height(len(rows), 2.0), ncols=n, sharey=True
    )
    for i, (ax, key) in enumerate(zip(axes, measures, strict=True)):
        _panel(ax, report, key, rows, colors, first=i == 0)
    name = _name(report)
    if title is None:  # the title names the classification; the axis need not repeat it
        title = tr(f"{name}: chân dung từng nhóm", f"{name}: profile of each segment")
    else:
        axes[0].set_ylabel(_axis_name(name))
    kit.title(axes[0], title)
    kit.fit_texts(fig)
    return fig


# -- 2. prioritize -----------------------------------------------------------------------------------
@kit.themed
def plot_prioritize(
    report: pd.DataFrame, title: str | None = None, ax: Axes | None = None
) -> Figure:
    """Ưu tiên phân khúc — the segments in ranked order; too-narrow ones hatched, others faded.

    Parameters
    ----------
    report : what ``phanloai.prioritize(...)`` returned (its ``by`` decides the bar length).
    title : chart title; ax : draw into an existing Axes.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_prioritize(phanloai.prioritize(spa.customers, labels, by="revenue"))
    """
    func = "plot_prioritize"
    report = _check(func, report, ("prioritize",))
    by = report.attrs.get("by", "size")
    key = BY_MEASURE[by]
    rank = _col(report, "rank")
    narrow = _col(report, "too_narrow").astype("boolean").fillna(False).to_numpy(dtype=bool)
    selected = _col(report, "selected").astype(bool).to_numpy()
    words = _rows(report)
    rows = [f"{int(r)}. {w}" if pd.notna(r) else w for r, w in zip(rank, words, strict=True)]
    colors = kit.colors_for(report, list(report.index))
    own = ax is None
    if own:
        fig, (ax,) = kit.figure(kit.WIDTH * 0.9, kit.bar_height(len(rows), 2.4))
    fig = ax.get_figure(root=True)
    hatches = ["///" if w else "" for w in narrow]
    alphas = [1.0 if s else 0.45 for s in selected]
    _panel(ax, report, key, rows, colors, first=True, hatches=hatches, alphas=alphas)
    ax.set_title("", loc="left")
    ax.set_ylabel("")
    ranked = rank.notna().to_numpy()
    min_share = float(report.attrs.get("min_share", 0.05))
    handles = [Patch(facecolor="0.35", label=tr("Được chọn (Target)", "Selected"))]
    if narrow.any():
        handles.append(
            Patch(
                facecolor="0.35",
                alpha=0.45,
                hatch="///",
                edgecolor="white",
                label=tr(
                    f"Quá hẹp (< {format_percent(min_share, 1)} khách)",
                    f"Too narrow (< {format_percent(min_share, 1)} of customers)",
                ),
            )
        )
    if (~selected & ~narrow & ranked).any():
        handles.append(Patch(facecolor="0.35", alpha=0.45, label=tr("Không chọn", "Not selected")))
    if by == "size":
        total = float(np.nansum(_floats(_col(report, "customers"))))
        line = ax.axvline(min_share * total, color="0.25", linestyle="--", linewidth=1, zorder=1.5)
        line.set_label(
            tr(
                f"Ngưỡng quá hẹp {format_percent(min_share, 1)}",
                f"Narrowness threshold {format_percent(min_share, 1)}",
            )
        )
        handles.append(line)
    ax.legend(handles=handles, loc="lower right", fontsize=9, frameon=True, framealpha=0.9)
    name = _name(report)
    if title is not None:
        ax.set_ylabel(_axis_name(name))
    else:
        how = {
            "size": ("quy mô", "size"),
            "revenue": ("doanh thu", "revenue"),
            "value": ("giá trị mỗi khách", "value per customer"),
        }[by]
        title = tr(f"{name}: thứ tự ưu tiên theo {how[0]}", f"{name}: priority by {how[1]}")
    kit.title(ax, title, own)
    kit.fit_texts(fig)
    kit.legend_clear(fig, ax)
    return fig


# -- 3. cross ----------------------------------------------------------------------------------------
@kit.themed
def plot_cross(
    report: pd.DataFrame, title: str | None = None, cmap: str = "Blues", ax: Axes | None = None
) -> Figure:
    """Bản đồ nhiệt — the crossed classifications of :func:`~phanloai.cross`, one cell per combination.

    Parameters
    ----------
    report : what ``phanloai.cross(...)`` returned (counts, revenue or shares).
    title : chart title; cmap : matplotlib colour map; ax : draw into an existing Axes.

    Returns
    -------
    matplotlib.figure.Figure — each cell written out (``1.234``, ``13,7 tỷ`` or ``12 %``).

    Examples
    --------
    >>> fig = plot_cross(phanloai.cross(bolts.customers, "industry", "region", "contract_signed"))
    """
    func = "plot_cross"
    report = _check(func, report, ("cross",))
    values = report.attrs.get("values", "count")
    shares = bool(report.attrs.get("normalize"))
    kind = "share" if shares else ("money" if values == "revenue" else "count")
    dims = report.attrs.get("dims") or []
    data = report.astype("float64")
    if isinstance(report.index, pd.MultiIndex):
        maps = [words_for(report.index.get_level_values(i)) for i in range(report.index.nlevels)]
        row_labels = [" · ".join(maps[i](v) for i, v in enumerate(r)) for r in report.index]
        row_name = " × ".join(
            dimension_title(report.index.get_level_values(i), dims)
            for i in range(report.index.nlevels)
        )
    else:
        name = words_for(report.index)
        row_labels = [name(r) for r in report.index]
        row_name = dimension_title(report.index, dims)
    col_name = words_for(report.columns)
    n_rows, n_cols = data.shape
    cell = 1.25 if kind == "money" else 1.05
    label_width = min(3.6, 0.085 * max(len(r) for r in row_labels) + 0.4)
    own = ax is None
    if own:
        fig, (ax,) = kit.figure(
            min(16.0, max(6.5, label_width + cell * n_cols + 1.8)), max(3.6, 0.45 * n_rows + 2.4)
        )
    fig = ax.get_figure(root=True)
    annot = np.vectorize(lambda v: kit.value_text(kind, v), otypes=[object])(data.to_numpy())
    sns.heatmap(
        data.to_numpy(),
        ax=ax,
        cmap=cmap,
        annot=annot,
        fmt="",
        linewidths=0.6,
        linecolor="white",
        annot_kws={"fontsize": 9},
        cbar_kws={"shrink": 0.85, "pad": 0.02},
    )
    col_width = max(8, int(cell * 11))
    ax.set_xticks(
        np.arange(n_cols) + 0.5,
        [textwrap.fill(col_name(c), col_width) for c in report.columns],
        rotation=0,
    )
    ax.set_yticks(np.arange(n_rows) + 0.5, [kit.wrap(r) for r in row_labels], rotation=0)
    ax.tick_params(length=0)
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    columns_title = dimension_title(report.columns, dims)
    ax.set_xlabel(columns_title, labelpad=8)
    ax.set_ylabel(
        textwrap.fill(row_name, 34)
        if isinstance(report.index, pd.MultiIndex)
        else _axis_name(row_name)
    )
    if isinstance(
        report.index, pd.MultiIndex
    ):  # a thick line between groups of the first dimension
        first = report.index.get_level_values(0)
        for i in range(1, n_rows):
            if first[i] != first[i - 1]:
                ax.axhline(i, color="white", linewidth=6)
    cbar = ax.collections[0].colorbar
    if kind == "money":
        cbar.ax.yaxis.set_major_formatter(kit.vnd_formatter())
    elif kind == "share":
        cbar.ax.yaxis.set_major_formatter(kit.percent_formatter())
    else:
        cbar.ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        cbar.ax.yaxis.set_major_formatter(kit.count_formatter())
    if title is None:
        what = {
            "count": ("số khách", "customers"),
            "money": ("doanh thu", "revenue"),
            "share": ("tỷ lệ", "shares"),
        }[kind]
        indexes = [report.index.get_level_values(i) for i in range(report.index.nlevels)] + [
            report.columns
        ]
        names = [dimension_title(ix, dims) for ix in indexes if ix.name is not None]
        title = tr(f"Kết hợp {' × '.join(names)}: {what[0]}", f"{' × '.join(names)}: {what[1]}")
    kit.title(ax, title, own)
    return fig


# -- 4. funnel ---------------------------------------------------------------------------------------
@kit.themed
def plot_funnel(report, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Phễu — a centred bar per stage, as wide as the customers who got that far.

    Parameters
    ----------
    report : what ``phanloai.funnel(labels)`` or ``phanloai.call_campaign(...)`` returned.
    title : chart title; ax : draw into an existing Axes.

    Returns
    -------
    matplotlib.figure.Figure — each stage labelled with its count and the share that passed the
    step; exits ("Không mua / Lost") drawn apart, hatched, below the road.

    Examples
    --------
    >>> fig = plot_funnel(phanloai.funnel(phanloai.classify(spa.customers, "relationship")))
    """
    func = "plot_funnel"
    report = _check(func, report, ("funnel", "call_campaign"))
    campaign = report.attrs.get("report") == "call_campaign" or "people" in report.columns
    rows = _rows(report)
    if campaign:
        widths = _floats(_col(report, "people"))
        n_road = len(report)
        colors = [to_hex(c) for c in sns.color_palette("Blues_d", n_road)[::-1]]
        extra_rows: list[tuple[str, str, float, str]] = []
    else:
        reached = _floats(_col(report, "reached"))
        n_road = int(np.isfinite(reached).sum())
        widths = reached[:n_road]
        all_colors = kit.colors_for(report, list(report.index))
        colors = all_colors[:n_road]
        at_stage = _floats(_col(report, "at_stage"))
        extra_rows = [
            (report.index[i], rows[i], at_stage[i], all_colors[i])
            for i in range(n_road, len(report))
            if at_stage[i] > 0
        ]
    steps = _floats(_col(report, "step_rate"))
    of_top = _floats(_col(report, "of_top"))
    own = ax is None
    n_bars = n_road + len(extra_rows)
    if own:
        fig, (ax,) = kit.figure(
            kit.WIDTH * 0.9, kit.bar_height(n_bars + (0.6 if extra_rows else 0), 2.2)
        )
    fig = ax.get_figure(root=True)
    y = np.arange(n_road, dtype=float)
    ax.barh(y, widths, left=-widths / 2, color=colors, height=0.72)
    texts = []
    for i in range(n_road):
        text = kit.format_count(widths[i])
        if i and np.isfinite(steps[i]):
            text += tr(
                f" · qua bước {format_percent(steps[i])}", f" · {format_percent(steps[i])} passed"
            )
        texts.append(text)
    labels = rows[:n_road]
    ey = n_road + 0.6 + np.arange(len(extra_rows))
    for j, (code, name, count, color) in enumerate(extra_rows):
        unknown = code == UNKNOWN_CODE
        ax.barh(
            ey[j],
            count,
            left=-count / 2,
            color=color,
            height=0.72,
            hatch=None if unknown else "///",
            edgecolor="white",
        )
        shared = of_top[n_road + j]
        note = "" if unknown else tr(" · rời phễu", " · left the road")
        texts.append(
            kit.format_count(count)
            + (f" ({format_percent(shared)})" if np.isfinite(shared) else "")
            + note
        )
        labels.append(name)
    all_y = np.concatenate([y, ey])
    all_w = np.concatenate([widths, [c for _, _, c, _ in extra_rows]])
    for yy, w, text in zip(all_y, all_w, texts, strict=True):
        ax.annotate(
            text,
            xy=(w / 2, yy),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=9,
            bbox=kit.LABEL_BOX,
        )
    if extra_rows:
        ax.axhline(n_road - 0.2 + 0.3, color="0.6", linewidth=0.8, linestyle=":")
    ax.set_yticks(all_y, [kit.wrap(lab) for lab in labels])
    ax.set_ylim(all_y.max() + 0.6, -0.6)
    top = float(np.nanmax(all_w)) if len(all_w) else 1.0
    ax.set_xlim(-top / 2 * 1.04, top / 2 * 1.35 + 1e-9)
    ax.xaxis.set_major_locator(NullLocator())
    ax.grid(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    if title is not None:
        ax.set_ylabel(_axis_name(_name(report)))
    elif campaign:
        title = tr(
            "Chiến dịch gọi lọc lead: từ danh sách tới telesale",
            "Lead-filtering call campaign: from list to telesales",
        )
    else:
        name = _name(report)
        title = tr(
            f"{name}: phễu — số khách từ mỗi bậc trở lên",
            f"{name}: funnel — customers at or beyond each stage",
        )
    if campaign and own:
        _caption(fig, report)
    kit.title(ax, title, own)
    kit.fit_texts(fig)
    return fig


def _caption(fig: Figure, report: pd.DataFrame) -> None:
    """The campaign's probabilities under the funnel, so a screenshot says how it was made."""
    p = report.attrs.get("params") or {}
    names = {
        "reach": ("nghe máy", "pick up"),
        "verify": ("đúng người", "right person"),
        "remind": ("nghe nhắc lại", "hear the reminder"),
        "interested": ("có nhu cầu", "interested"),
    }
    parts = [f"{tr(*names[k])} {format_percent(p[k])}" for k in names if k in p]
    if not parts:
        return
    seed = f" · seed {p['seed']}" if "seed" in p else ""
    excluded = report.attrs.get("excluded_buyers") or 0
    left_out = (
        tr(
            f"\nĐã bỏ {kit.format_count(excluded)} khách đã mua khỏi danh sách gọi",
            f"\n{kit.format_count(excluded)} customers who already bought left off the list",
        )
        if excluded
        else ""
    )
    fig.supxlabel(
        tr("Xác suất mỗi bước: ", "Step probabilities: ") + " · ".join(parts) + seed + left_out,
        fontsize=9,
        color="0.3",
    )


@kit.themed
def plot_call_campaign(result, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Chiến dịch gọi lọc lead — the funnel of :func:`~phanloai.call_campaign` (its result or table).

    Examples
    --------
    >>> fig = plot_call_campaign(phanloai.call_campaign(spa.customers, seed=1))
    """
    report = result.funnel if isinstance(result, CallCampaign) else result
    report = _check("plot_call_campaign", report, ("call_campaign",))
    return plot_funnel(report, title=title, ax=ax)


# -- 5. revenue by source ----------------------------------------------------------------------------
@kit.themed
def plot_revenue_by_source(report: pd.DataFrame, title: str | None = None) -> Figure:
    """Nguồn tiền chảy về từ đâu — leads, conversion and revenue per source, side by side.

    Parameters
    ----------
    report : what ``phanloai.revenue_by_source(customers)`` returned.
    title : chart title.

    Returns
    -------
    matplotlib.figure.Figure — three panels sharing the sources: leads (with their share),
    conversion (dashed line: the average), revenue (with its share).

    Examples
    --------
    >>> fig = plot_revenue_by_source(phanloai.revenue_by_source(spa.customers))
    """
    func = "plot_revenue_by_source"
    report = _check(func, report, ("revenue_by_source",))
    rows = _rows(report)
    colors = kit.colors_for(report, list(report.index))
    fig, axes = kit.figure(kit.WIDTH * 1.25, kit.bar_height(len(rows), 2.0), ncols=3, sharey=True)
    leads = _floats(_col(report, "leads"))
    buyers = _floats(_col(report, "buyers"))
    average = float(np.nansum(buyers) / np.nansum(leads)) if np.nansum(leads) else None
    _panel(axes[0], report, "leads", rows, colors, first=True)
    _panel(axes[1], report, "conversion", rows, colors, first=False, reference=average)
    _panel(axes[2], report, "revenue", rows, colors, first=False)
    if average is not None:
        line = axes[1].axvline(average, color="0.3", linestyle="--", linewidth=1, zorder=1.5)
        axes[1].legend(
            [line],
            [tr(f"Trung bình {format_percent(average)}", f"Average {format_percent(average)}")],
            loc="lower right",
            fontsize=9,
            frameon=True,
            framealpha=0.9,
        )
    axes[0].set_ylabel(_axis_name(_name(report)))
    if title is None:
        title = tr(
            "Nguồn tiền chảy về từ đâu: lead, tỷ lệ chuyển đổi và doanh thu theo nguồn",
            "Where the money flows from: leads, conversion and revenue by source",
        )
    kit.title(axes[0], title)
    kit.fit_texts(fig)
    kit.legend_clear(fig, axes[1])
    return fig


# -- 6. staff performance ----------------------------------------------------------------------------
@kit.themed
def plot_staff_performance(report: pd.DataFrame, title: str | None = None) -> Figure:
    """Năng lực nhân viên — per salesperson: leads (converted ones darker), conversion, revenue.

    Parameters
    ----------
    report : what ``phanloai.staff_performance(customers, staff)`` returned.
    title : chart title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_staff_performance(phanloai.staff_performance(spa.customers, spa.staff))
    """
    func = "plot_staff_performance"
    report = _check(func, report, ("staff_performance",))
    names = _col(report, "name", False)
    ids = _rows(report)
    rows = [
        f"{i} · {n}" if names is not None and n else str(i)
        for i, n in zip(ids, names if names is not None else [""] * len(report), strict=True)
    ]
    fig, axes = kit.figure(kit.WIDTH * 1.25, kit.bar_height(len(rows), 2.2), ncols=3, sharey=True)
    leads = _floats(_col(report, "leads"))
    converted = _floats(_col(report, "converted"))
    conversion = _floats(_col(report, "conversion"))
    _panel(axes[0], report, "leads", rows, kit.LIGHT_BLUE, first=True)
    y = np.arange(len(rows))
    axes[0].barh(y, np.nan_to_num(converted), color=kit.BLUE, height=0.7)
    for t, n, c in zip(axes[0].texts, leads, converted, strict=True):
        t.set_text(f"{kit.format_count(c)} / {kit.format_count(n)}" if np.isfinite(n) else "—")
    average = float(np.nansum(converted) / np.nansum(leads)) if np.nansum(leads) else None
    colors = [
        kit.GREEN if average is not None and np.isfinite(r) and r >= average else kit.ORANGE
        for r in conversion
    ]
    _panel(axes[1], report, "conversion", rows, colors, first=False, reference=average)
    _panel(axes[2], report, "revenue", rows, kit.GREEN, first=False)
    handles = [
        Patch(color=kit.BLUE, label=tr("Đã chốt (Converted)", "Converted")),
        Patch(color=kit.LIGHT_BLUE, label=tr("Chưa chốt", "Not converted")),
    ]
    if average is not None:
        line = axes[1].axvline(average, color="0.3", linestyle="--", linewidth=1, zorder=1.5)
        handles.append(line)
        line.set_label(
            tr(f"Tỷ lệ chung {format_percent(average)}", f"Overall {format_percent(average)}")
        )
    fig.legend(
        handles=handles, loc="outside lower center", ncols=len(handles), fontsize=9, frameon=False
    )
    axes[0].set_ylabel(_axis_name(_name(report)))
    if title is None:
        title = tr(
            "Năng lực từng nhân viên: lead được giao, tỷ lệ chốt và doanh thu",
            "Each salesperson: leads handled, conversion and revenue",
        )
    kit.title(axes[0], title)
    kit.fit_texts(fig)
    return fig
