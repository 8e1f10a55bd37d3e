"""Biểu đồ báo cáo — one chart for each report of :mod:`phanloai.analysis`.

Each function takes the table a report returned and gives back a
:class:`matplotlib.figure.Figure` (made without ``pyplot``, like :mod:`phanloai.plots`, whose
helpers and đồng axis formatter it reuses). A level keeps its colour in every chart — the colour
follows the scheme's declared level order, and "Không xác định / Unknown" is always grey — so a
class can follow "Khách hàng lớn (Key account)" from the profile to the ranking to the funnel.

>>> from phanloai import analysis, charts
>>> labels = phanloai.classify(spa.customers, "ladder")
>>> fig = charts.plot_profile(analysis.profile(spa.customers, labels))
>>> fig = charts.plot_funnel(analysis.funnel(labels))
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
from matplotlib.text import Annotation
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator, PercentFormatter

from . import analysis
from ._i18n import PhanloaiError, tr
from .plots import (
    _LABEL_BOX,
    WIDTH,
    _bar_height,
    _count_formatter,
    _figure,
    _hbars,
    _set_title,
    _two_lines,
    _wrap,
    format_count,
    format_percent,
    vnd_formatter,
    vnd_short,
)
from .schemes.base import UNKNOWN_EN, UNKNOWN_VI, Scheme
from .schemes.registry import SCHEMES

__all__ = [
    "UNKNOWN_COLOR",
    "level_colors",
    "plot_call_campaign",
    "plot_cross",
    "plot_funnel",
    "plot_prioritize",
    "plot_profile",
    "plot_revenue_by_source",
    "plot_staff_performance",
]

#: "Không xác định / Unknown" is grey in every chart.
UNKNOWN_COLOR = "#9e9e9e"
# seaborn "deep" without its grey (kept for Unknown): nine clearly different colours.
_QUALITATIVE = [to_hex(c) for i, c in enumerate(sns.color_palette("deep", 10)) if i != 7]
_BLUE, _ORANGE, _GREEN, _RED = (to_hex(c) for c in sns.color_palette("deep")[:4])
_LIGHT_BLUE = to_hex(sns.color_palette("pastel")[0])


# -- colours per level --------------------------------------------------------------------------------
def _palette(n: int) -> list[str]:
    return (
        _QUALITATIVE[:n]
        if n <= len(_QUALITATIVE)
        else [to_hex(c) for c in sns.color_palette("husl", n)]
    )


def level_colors(levels, params: dict | None = None) -> dict[str, str]:
    """Màu của từng cấp — one colour per level, the same in every chart.

    Parameters
    ----------
    levels : a scheme (its code or the object), labels from ``phanloai.classify``, a report
        from :mod:`phanloai.analysis`, or a list of level names in their declared order.
    params : the scheme's parameters, when ``levels`` is a scheme whose levels depend on them.

    Returns
    -------
    dict level name → colour (hex). The colour follows the level's place in the declared order;
    "Không xác định / Unknown" is always grey. For a scheme, the level's Vietnamese and English
    names both map to its colour, so a table made before a language switch keeps its colours.

    Examples
    --------
    >>> level_colors("ladder")["Khách hàng lớn (Key account)"]
    """
    declared = None
    names: list = []
    if isinstance(levels, str | Scheme):
        scheme = SCHEMES.get(levels) if isinstance(levels, str) else levels
        if scheme is None:
            raise PhanloaiError(
                f"Không có cách phân loại {levels!r}. Các cách phân loại: {', '.join(SCHEMES)}.",
                f"Unknown scheme {levels!r}. Available schemes: {', '.join(SCHEMES)}.",
            )
        declared = scheme.levels_for(params or {})
    elif isinstance(levels, pd.DataFrame):
        attrs = levels.attrs
        scheme = SCHEMES.get(attrs.get("scheme") or "")
        if scheme is not None:
            try:
                declared = scheme.levels_for(attrs.get("params") or {})
            except PhanloaiError:
                declared = None
        names = list(attrs.get("levels") or _index_levels(levels.index))
    elif isinstance(levels, pd.Series):
        lab = analysis._labels("level_colors", levels)
        return level_colors(
            lab.levels if lab.scheme is None else SCHEMES[lab.scheme], lab.params or None
        )
    else:
        names = list(levels)
    colors: dict[str, str] = {}
    if declared is not None:
        known = [lv for lv in declared if lv.code != "unknown"]
        for lv, color in zip(known, _palette(len(known)), strict=True):
            colors[lv.vi] = colors[lv.en] = color
    unknowns = {UNKNOWN_VI, UNKNOWN_EN}
    known_names = [n for n in names if n not in unknowns]
    for name, color in zip(known_names, _palette(len(known_names)), strict=True):
        colors.setdefault(name, color)
    colors[UNKNOWN_VI] = colors[UNKNOWN_EN] = UNKNOWN_COLOR
    return colors


def _index_levels(index: pd.Index) -> list:
    if isinstance(index, pd.CategoricalIndex):
        return list(index.categories)
    return list(index)


def _colors_for(report: pd.DataFrame, rows: Sequence) -> list[str]:
    colors = level_colors(report)
    return [colors.get(r, UNKNOWN_COLOR) for r in rows]


# -- reading a report --------------------------------------------------------------------------------
def _check(func: str, report, kinds: tuple[str, ...]) -> pd.DataFrame:
    if isinstance(report, analysis.CallCampaign):
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
    """A report's column by its stable key, whatever the language it was made in."""
    vi, en = analysis.COLUMNS[key]
    for name in (report.attrs.get("columns", {}).get(key), vi, en):
        if name is not None and name in report.columns:
            return report[name]
    if required:
        raise PhanloaiError(
            f"Bảng không có cột '{tr(vi, en)}' ({key}); hãy vẽ đúng bảng mà hàm báo cáo trả về.",
            f"The table has no column '{en}' ({key}); draw the very table the report function returned.",
        )
    return None


def _floats(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()


# -- text that always fits ---------------------------------------------------------------------------
def _fit_texts(fig: Figure, rounds: int = 4, margin: float = 6.0) -> None:
    """Widen each panel's x range until the value written at the end of every bar is inside it."""
    for _ in range(rounds):
        fig.draw_without_rendering()
        changed = False
        for ax in fig.axes:
            texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
            if not texts or ax.get_xaxis().get_scale() != "linear":
                continue
            box = ax.get_window_extent()
            lo, hi = ax.get_xlim()
            width = box.width
            new_hi = hi
            for t in texts:
                ext = t.get_window_extent()
                if ext.x1 <= box.x1 - margin:
                    continue
                x = t.xy[0] if isinstance(t, Annotation) else t.get_position()[0]
                anchor = ax.transData.transform((x, 0))[0]
                room = width - (ext.x1 - anchor) - margin
                if room > 0.1 * width:
                    new_hi = max(new_hi, lo + (x - lo) * width / room)
                else:
                    new_hi = max(new_hi, hi * 1.5)
            if new_hi > hi * 1.0001:
                ax.set_xlim(lo, new_hi)
                changed = True
        if not changed:
            return


# -- panels ------------------------------------------------------------------------------------------
_MEASURES = {
    # key: (kind, panel title (vi, en), axis label (vi, en), share column)
    "customers": (
        "count",
        ("Số khách", "Customers"),
        ("Số khách (Customers)", "Customers"),
        "customer_share",
    ),
    "revenue": (
        "money",
        ("Doanh thu", "Revenue"),
        ("Doanh thu (Revenue), đồng", "Revenue, VND"),
        "revenue_share",
    ),
    "revenue_per_customer": (
        "money",
        ("Doanh thu mỗi khách", "Revenue per customer"),
        ("Doanh thu / khách, đồng", "Revenue per customer, VND"),
        None,
    ),
    "orders": ("count", ("Số đơn", "Orders"), ("Số đơn (Orders)", "Orders"), None),
    "aov": (
        "money",
        ("Giá trị đơn trung bình", "Average order value"),
        ("Giá trị đơn TB (AOV), đồng", "Average order value, VND"),
        None,
    ),
    "conversion": (
        "share",
        ("Tỷ lệ chuyển đổi", "Conversion"),
        ("Tỷ lệ chuyển đổi (Conversion)", "Conversion rate"),
        None,
    ),
    "leads": ("count", ("Số lead", "Leads"), ("Số lead (Leads)", "Leads"), "lead_share"),
    "revenue_per_lead": (
        "money",
        ("Doanh thu mỗi lead", "Revenue per lead"),
        ("Doanh thu / lead, đồng", "Revenue per lead, VND"),
        None,
    ),
}


def _text(kind: str, value: float, share: float | None = None) -> str:
    if value is None or not np.isfinite(value):
        return "—"
    if kind == "money":
        text = vnd_short(value, digits=3)
    elif kind == "share":
        text = _percent(value)
    else:
        text = format_count(value)
    if share is not None and np.isfinite(share) and kind != "share":
        text += f" · {_percent(share)}"
    return text


def _percent(share: float) -> str:
    """``0.003`` → ``0,3 %`` (a small share keeps one decimal, so it never reads as 0 %)."""
    return format_percent(share, 1 if 0 < abs(share) < 0.095 else 0)


def _axis_name(name) -> str:
    text = str(name or "")
    return _two_lines(text[:1].upper() + text[1:])


def _axis_format(ax: Axes, kind: str) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=kind == "count"))
    if kind == "share" and ax.get_xlim()[1] <= 1.6:  # a rate: ticks stop at 100 %
        ax.xaxis.set_major_locator(FixedLocator([0, 0.2, 0.4, 0.6, 0.8, 1.0]))
    if kind == "money":
        ax.xaxis.set_major_formatter(vnd_formatter())
    elif kind == "share":
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0, symbol=tr(" %", "%")))
    else:
        ax.xaxis.set_major_formatter(_count_formatter())


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
    kind, title, label, share_key = _MEASURES[key]
    values = _floats(_col(report, key))
    shares = (
        _floats(_col(report, share_key))
        if share_key and _col(report, share_key, False) is not None
        else None
    )
    texts = [_text(kind, v, None if shares is None else shares[i]) for i, v in enumerate(values)]
    _hbars(ax, rows, np.nan_to_num(values), colors, texts, reference=reference)
    if hatches is not None or alphas is not None:
        for i, bar in enumerate(ax.patches):
            if hatches is not None and hatches[i]:
                bar.set_hatch(hatches[i])
                bar.set_edgecolor("white")
            if alphas is not None:
                bar.set_alpha(alphas[i])
    _axis_format(ax, kind)
    ax.set_xlabel(tr(*label))
    ax.set_title(tr(*title), loc="left", fontsize=11)
    if not first:
        ax.tick_params(axis="y", left=False)
        ax.set_ylabel("")


def _translator(attrs: dict):
    """Level names in the current language, for a table made before a language switch."""
    names = {UNKNOWN_VI: tr(UNKNOWN_VI, UNKNOWN_EN), UNKNOWN_EN: tr(UNKNOWN_VI, UNKNOWN_EN)}
    scheme = SCHEMES.get(attrs.get("scheme") or "")
    if scheme is not None:
        try:
            for lv in scheme.levels_for(attrs.get("params") or {}):
                names[lv.vi] = names[lv.en] = lv.label
        except PhanloaiError:
            pass
    return lambda value: names.get(str(value), str(value))


def _rows(report: pd.DataFrame) -> list[str]:
    name = _translator(report.attrs)
    return [name(r) for r in report.index]


# -- 1. profile --------------------------------------------------------------------------------------
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
    >>> fig = plot_profile(phanloai.profile(spa.customers, labels), measures=["customers", "revenue", "conversion"])
    """
    func = "plot_profile"
    report = _check(func, report, ("profile", "prioritize"))
    if measures is None:
        measures = [m for m in ("customers", "revenue") if _col(report, m, False) is not None]
    measures = [measures] if isinstance(measures, str) else list(measures)
    wrong = [m for m in measures if m not in _MEASURES or _col(report, m, False) is None]
    if wrong or not measures:
        have = [m for m in _MEASURES if _col(report, m, False) is not None]
        raise PhanloaiError(
            f"{func}(): không vẽ được {wrong or measures}; bảng này có: {have}.",
            f"{func}(): cannot draw {wrong or measures}; this table has: {have}.",
        )
    rows = _rows(report)
    colors = _colors_for(report, rows)
    n = len(measures)
    fig, axes = _figure(
        max(WIDTH * 0.85, 3.2 + 3.0 * n), _bar_height(len(rows), 2.0), ncols=n, sharey=True
    )
    for i, (ax, key) in enumerate(zip(axes, measures, strict=True)):
        _panel(ax, report, key, rows, colors, first=i == 0)
    name = report.attrs.get("name") or report.index.name or ""
    if title is None:  # the title names the classification; the axis need not repeat it
        title = tr(f"{name}: chân dung từng nhóm", f"{name}: profile of each segment")
    else:
        axes[0].set_ylabel(_axis_name(report.index.name))
    _set_title(axes[0], title, True)
    _fit_texts(fig)
    return fig


# -- 2. prioritize -----------------------------------------------------------------------------------
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
    key = {"size": "customers", "revenue": "revenue", "value": "revenue_per_customer"}[by]
    rank = _col(report, "rank")
    narrow = _col(report, "too_narrow").astype("boolean").fillna(False).to_numpy(dtype=bool)
    selected = _col(report, "selected").astype(bool).to_numpy()
    rows = [
        f"{int(r)}. {lvl}" if pd.notna(r) else lvl
        for r, lvl in zip(rank, _rows(report), strict=True)
    ]
    colors = _colors_for(report, _rows(report))
    own = ax is None
    if own:
        fig, (ax,) = _figure(WIDTH * 0.9, _bar_height(len(rows), 2.4))
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
        line = ax.axvline(min_share * total, color="0.25", linestyle="--", linewidth=1)
        line.set_label(
            tr(
                f"Ngưỡng quá hẹp {format_percent(min_share, 1)}",
                f"Narrowness threshold {format_percent(min_share, 1)}",
            )
        )
        handles.append(line)
    ax.legend(handles=handles, loc="lower right", fontsize=9, frameon=True, framealpha=0.9)
    if title is not None:
        ax.set_ylabel(_axis_name(report.index.name))
    else:
        how = {
            "size": ("quy mô", "size"),
            "revenue": ("doanh thu", "revenue"),
            "value": ("giá trị mỗi khách", "value per customer"),
        }[by]
        name = report.attrs.get("name") or report.index.name or ""
        title = tr(f"{name}: thứ tự ưu tiên theo {how[0]}", f"{name}: priority by {how[1]}")
    _set_title(ax, title, own)
    _fit_texts(fig)
    _legend_clear(fig, ax)
    return fig


def _legend_clear(fig: Figure, ax: Axes) -> None:
    """Move the legend under the bars' lowest row if it would cover a bar or its label."""
    legend = ax.get_legend()
    if legend is None:
        return
    fig.draw_without_rendering()
    box = legend.get_window_extent()
    covered = [
        a
        for a in [*ax.patches, *ax.texts]
        if a.get_visible() and a.get_window_extent().overlaps(box)
    ]
    if covered:
        handles, labels = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
        legend.remove()
        fig.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=min(len(handles), 2),
            fontsize=9,
            frameon=False,
        )


# -- 3. cross ----------------------------------------------------------------------------------------
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
    data = report.astype("float64")
    dims = report.attrs.get("dims") or [{}] * (report.index.nlevels + 1)
    names = [_translator(d) for d in dims]
    if isinstance(report.index, pd.MultiIndex):
        row_labels = [" · ".join(names[i](v) for i, v in enumerate(r)) for r in report.index]
        row_name = " × ".join(str(n) for n in report.index.names)
    else:
        row_labels = [names[0](r) for r in report.index]
        row_name = str(report.index.name or "")
    n_rows, n_cols = data.shape
    cell = 1.25 if kind == "money" else 1.05
    label_width = min(3.6, 0.085 * max(len(r) for r in row_labels) + 0.4)
    own = ax is None
    if own:
        fig, (ax,) = _figure(
            min(16.0, max(6.5, label_width + cell * n_cols + 1.8)), max(3.6, 0.45 * n_rows + 2.4)
        )
    fig = ax.get_figure(root=True)
    annot = np.vectorize(lambda v: _text(kind, v), otypes=[object])(data.to_numpy())
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
        [textwrap.fill(names[-1](c), col_width) for c in report.columns],
        rotation=0,
    )
    ax.set_yticks(np.arange(n_rows) + 0.5, [_wrap(r) for r in row_labels], rotation=0)
    ax.tick_params(length=0)
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(str(report.columns.name or ""), labelpad=8)
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
        cbar.ax.yaxis.set_major_formatter(vnd_formatter())
    elif kind == "share":
        cbar.ax.yaxis.set_major_formatter(
            PercentFormatter(xmax=1, decimals=0, symbol=tr(" %", "%"))
        )
    else:
        cbar.ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        cbar.ax.yaxis.set_major_formatter(_count_formatter())
    if title is None:
        what = {
            "count": ("số khách", "customers"),
            "money": ("doanh thu", "revenue"),
            "share": ("tỷ lệ", "shares"),
        }[kind]
        dims = " × ".join(str(n) for n in [*report.index.names, report.columns.name] if n)
        title = tr(f"Kết hợp {dims}: {what[0]}", f"{dims}: {what[1]}")
    _set_title(ax, title, own)
    return fig


# -- 4. funnel ---------------------------------------------------------------------------------------
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
    campaign = (
        report.attrs.get("report") == "call_campaign" or _col(report, "people", False) is not None
    )
    if campaign:
        widths = _floats(_col(report, "people"))
        n_road = len(report)
        colors = [to_hex(c) for c in sns.color_palette("Blues_d", n_road)[::-1]]
        extra_rows: list[tuple[str, float, str]] = []
    else:
        reached = _floats(_col(report, "reached"))
        n_road = int(np.isfinite(reached).sum())
        widths = reached[:n_road]
        colors = _colors_for(report, _rows(report))[:n_road]
        at_stage = _floats(_col(report, "at_stage"))
        extra_rows = [
            (r, at_stage[i], _colors_for(report, [r])[0])
            for i, r in enumerate(_rows(report)[n_road:], start=n_road)
            if at_stage[i] > 0
        ]
    steps = _floats(_col(report, "step_rate"))
    of_top = _floats(_col(report, "of_top"))
    own = ax is None
    n_bars = n_road + len(extra_rows)
    if own:
        fig, (ax,) = _figure(WIDTH * 0.9, _bar_height(n_bars + (0.6 if extra_rows else 0), 2.2))
    fig = ax.get_figure(root=True)
    y = np.arange(n_road, dtype=float)
    ax.barh(y, widths, left=-widths / 2, color=colors, height=0.72)
    texts = []
    for i in range(n_road):
        text = format_count(widths[i])
        if i and np.isfinite(steps[i]):
            text += tr(
                f" · qua bước {format_percent(steps[i])}", f" · {format_percent(steps[i])} passed"
            )
        texts.append(text)
    labels = _rows(report)[:n_road]
    ey = n_road + 0.6 + np.arange(len(extra_rows))
    for j, (name, count, color) in enumerate(extra_rows):
        unknown = name in (UNKNOWN_VI, UNKNOWN_EN)
        ax.barh(
            ey[j],
            count,
            left=-count / 2,
            color=color,
            height=0.72,
            hatch=None if unknown else "///",
            edgecolor="white",
        )
        share = of_top[n_road + j]
        note = "" if unknown else tr(" · rời phễu", " · left the road")
        texts.append(
            format_count(count)
            + (f" ({format_percent(share)})" if np.isfinite(share) else "")
            + note
        )
        labels.append(name)
    all_y = np.concatenate([y, ey])
    all_w = np.concatenate([widths, [c for _, c, _ in extra_rows]])
    for yy, w, text in zip(all_y, all_w, texts, strict=True):
        ax.annotate(
            text,
            xy=(w / 2, yy),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=9,
            bbox=_LABEL_BOX,
        )
    if extra_rows:
        ax.axhline(n_road - 0.2 + 0.3, color="0.6", linewidth=0.8, linestyle=":")
    ax.set_yticks(all_y, [_wrap(lab) for lab in labels])
    ax.set_ylim(all_y.max() + 0.6, -0.6)
    top = float(np.nanmax(all_w)) if len(all_w) else 1.0
    ax.set_xlim(-top / 2 * 1.04, top / 2 * 1.35 + 1e-9)
    ax.xaxis.set_major_locator(NullLocator())
    ax.grid(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    if title is not None:
        ax.set_ylabel(_axis_name(report.index.name))
    elif campaign:
        title = tr(
            "Chiến dịch gọi lọc lead: từ danh sách tới telesale",
            "Lead-filtering call campaign: from list to telesales",
        )
    else:
        name = report.attrs.get("name") or report.index.name or ""
        title = tr(
            f"{name}: phễu — số khách từ mỗi bậc trở lên",
            f"{name}: funnel — customers at or beyond each stage",
        )
    if campaign and own:
        _caption(fig, report)
    _set_title(ax, title, own)
    _fit_texts(fig)
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
    fig.supxlabel(
        tr("Xác suất mỗi bước: ", "Step probabilities: ") + " · ".join(parts) + seed,
        fontsize=9,
        color="0.3",
    )


def plot_call_campaign(result, title: str | None = None, ax: Axes | None = None) -> Figure:
    """Chiến dịch gọi lọc lead — the funnel of :func:`~phanloai.call_campaign` (its result or table).

    Examples
    --------
    >>> fig = plot_call_campaign(phanloai.call_campaign(spa.customers, seed=1))
    """
    report = result.funnel if isinstance(result, analysis.CallCampaign) else result
    report = _check("plot_call_campaign", report, ("call_campaign",))
    return plot_funnel(report, title=title, ax=ax)


# -- 5. revenue by source ----------------------------------------------------------------------------
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
    colors = _colors_for(report, rows)
    fig, axes = _figure(WIDTH * 1.25, _bar_height(len(rows), 2.0), ncols=3, sharey=True)
    leads = _floats(_col(report, "leads"))
    buyers = _floats(_col(report, "buyers"))
    average = float(np.nansum(buyers) / np.nansum(leads)) if np.nansum(leads) else None
    _panel(axes[0], report, "leads", rows, colors, first=True)
    _panel(axes[1], report, "conversion", rows, colors, first=False, reference=average)
    _panel(axes[2], report, "revenue", rows, colors, first=False)
    if average is not None:
        line = axes[1].axvline(average, color="0.3", linestyle="--", linewidth=1)
        axes[1].legend(
            [line],
            [tr(f"Trung bình {format_percent(average)}", f"Average {format_percent(average)}")],
            loc="lower right",
            fontsize=9,
            frameon=True,
            framealpha=0.9,
        )
    axes[0].set_ylabel(_axis_name(report.index.name))
    if title is None:
        title = tr(
            "Nguồn tiền chảy về từ đâu: lead, tỷ lệ chuyển đổi và doanh thu theo nguồn",
            "Where the money flows from: leads, conversion and revenue by source",
        )
    _set_title(axes[0], title, True)
    _fit_texts(fig)
    _legend_clear(fig, axes[1])
    return fig


# -- 6. staff performance ----------------------------------------------------------------------------
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
    rows = [
        f"{i} · {n}" if names is not None and n else str(i)
        for i, n in zip(
            report.index, names if names is not None else [""] * len(report), strict=True
        )
    ]
    fig, axes = _figure(WIDTH * 1.25, _bar_height(len(rows), 2.2), ncols=3, sharey=True)
    leads = _floats(_col(report, "leads"))
    converted = _floats(_col(report, "converted"))
    conversion = _floats(_col(report, "conversion"))
    _panel(axes[0], report, "leads", rows, _LIGHT_BLUE, first=True)
    y = np.arange(len(rows))
    axes[0].barh(y, np.nan_to_num(converted), color=_BLUE, height=0.7)
    for t, n, c in zip(axes[0].texts, leads, converted, strict=True):
        t.set_text(f"{format_count(c)} / {format_count(n)}" if np.isfinite(n) else "—")
    average = float(np.nansum(converted) / np.nansum(leads)) if np.nansum(leads) else None
    colors = [
        _GREEN if average is not None and np.isfinite(r) and r >= average else _ORANGE
        for r in conversion
    ]
    _panel(axes[1], report, "conversion", rows, colors, first=False, reference=average)
    _panel(axes[2], report, "revenue", rows, _GREEN, first=False)
    handles = [
        Patch(color=_BLUE, label=tr("Đã chốt (Converted)", "Converted")),
        Patch(color=_LIGHT_BLUE, label=tr("Chưa chốt", "Not converted")),
    ]
    if average is not None:
        line = axes[1].axvline(average, color="0.3", linestyle="--", linewidth=1)
        handles.append(line)
        line.set_label(
            tr(f"Tỷ lệ chung {format_percent(average)}", f"Overall {format_percent(average)}")
        )
    fig.legend(
        handles=handles, loc="outside lower center", ncols=len(handles), fontsize=9, frameon=False
    )
    axes[0].set_ylabel(_axis_name(report.index.name))
    if title is None:
        title = tr(
            "Năng lực từng nhân viên: lead được giao, tỷ lệ chốt và doanh thu",
            "Each salesperson: leads handled, conversion and revenue",
        )
    _set_title(axes[0], title, True)
    _fit_texts(fig)
    return fig
