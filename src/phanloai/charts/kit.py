"""The chart kit: the small public toolkit every chart of the suite is made with.

- :func:`theme` — the suite's look (seaborn "whitegrid", DejaVu Sans, which has every Vietnamese
  letter) applied *in a context*, like seaborn's ``Plot.theme`` or pandas' ``option_context``:
  making a chart never changes the user's matplotlib settings. :func:`themed` wraps a function in it.
- :func:`figure` — a figure made without ``pyplot`` (:class:`VnFigure`: shown once in a
  notebook, never piled up by a slider), with its axes.
- :func:`hbars` — horizontal bars, first label on top, a value written at the end of each bar;
  :func:`title` — a title flush left over the whole figure; :func:`fit_texts` — widen a panel
  until every value written beside a bar is inside it.
- Axis formatters for đồng (:func:`vnd_formatter`: ``1,2 tỷ``, ``350 tr``), counts and shares,
  and :func:`vnd_short` / :func:`format_count` for the same numbers in text.
- :func:`level_colors` — one colour per level, the same in every chart; "unknown" grey.
- :func:`png_bytes` — a figure as PNG bytes (for an ``ipywidgets.Image``).

>>> from phanloai.charts import kit
>>> fig, (ax,) = kit.figure(6, 3)
>>> kit.hbars(ax, ["Zalo", "Facebook"], [120, 80], kit.BLUE, ["120", "80"])
>>> kit.title(ax, "Lead theo nguồn (Leads by source)")
>>> kit.png_bytes(fig)[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import functools
import io
import math
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import Formatter, PercentFormatter

from .._i18n import PhanloaiError, tr
from ..schemes.base import UNKNOWN_CODE
from ..schemes.result import describe
from ..vn import format_number, format_percent

__all__ = [
    "BLUE",
    "FONT",
    "GREEN",
    "LABEL_BOX",
    "LIGHT_BLUE",
    "ORANGE",
    "RED",
    "UNKNOWN_COLOR",
    "WIDTH",
    "VnFigure",
    "VndFormatter",
    "bar_height",
    "count_formatter",
    "figure",
    "fit_texts",
    "format_count",
    "hbars",
    "level_colors",
    "percent_formatter",
    "png_bytes",
    "short_percent",
    "theme",
    "themed",
    "title",
    "two_lines",
    "vnd_formatter",
    "vnd_short",
    "wrap",
]

#: Bundled with matplotlib and covers every Vietnamese letter (ạ, ữ, ỹ, đ…).
FONT = "DejaVu Sans"
#: Default width of a figure, in inches: fits a notebook column at 100 dpi.
WIDTH = 9.0
#: Tick labels longer than this are wrapped onto a second line.
WRAP = 28
#: "Không xác định / Unknown" is grey in every chart.
UNKNOWN_COLOR = "#9e9e9e"
BLUE, ORANGE, GREEN, RED = (to_hex(c) for c in sns.color_palette("deep")[:4])
LIGHT_BLUE = to_hex(sns.color_palette("pastel")[0])
#: Value labels on bars: a white backing keeps them readable over grid and reference lines
#: (reference lines are drawn at zorder 1.5: above the bars, below the labels).
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.95}
# seaborn "deep" without its grey (kept for Unknown): nine clearly different colours.
_QUALITATIVE = [to_hex(c) for i, c in enumerate(sns.color_palette("deep", 10)) if i != 7]


# -- the look, in a context ---------------------------------------------------------------------------
def _rc() -> dict:
    rc = {**sns.axes_style("whitegrid"), **sns.plotting_context("notebook")}
    rc.update(
        {
            "axes.prop_cycle": cycler(color=sns.color_palette("deep")),
            "font.family": "sans-serif",
            "font.sans-serif": [FONT],
            "axes.titleweight": "bold",
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.unicode_minus": True,
        }
    )
    return rc


_RC = _rc()


@contextmanager
def theme() -> Iterator[None]:
    """The suite's look for the charts made (and saved) inside the ``with`` block only::

    with kit.theme():
        fig, (ax,) = kit.figure(6, 3)
        ...
    """
    with mpl.rc_context(_RC):
        yield


def themed(func):
    """Run a chart function inside :func:`theme`."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with theme():
            return func(*args, **kwargs)

    return wrapper


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
    with theme():
        fig.savefig(buffer, format="png", dpi=dpi or fig.dpi, facecolor="white")
    return buffer.getvalue()


@themed
def figure(
    width: float, height: float, ncols: int = 1, sharey: bool = False
) -> tuple[Figure, list[Axes]]:
    """A :class:`VnFigure` with ``ncols`` axes side by side (constrained layout)."""
    fig = VnFigure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols, sharey=sharey, squeeze=False)[0]
    return fig, list(axes)


# -- text ---------------------------------------------------------------------------------------------
def wrap(label, width: int = WRAP) -> str:
    """A tick label on two or more lines when it is long."""
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def two_lines(label: str, width: int = 30) -> str:
    """A long axis label "Vietnamese (English)" goes on two lines, English below."""
    if len(label) > width and " (" in label:
        head, tail = label.split(" (", 1)
        return f"{head}\n({tail}"
    return label


def title(ax: Axes, text: str, whole_figure: bool = True) -> None:
    """A figure's title, flush left over the whole figure (never cut by long tick labels); with
    ``whole_figure=False`` the title of this panel only."""
    if not text:
        return
    fig = ax.get_figure(root=True)
    if whole_figure:
        width = int(fig.get_figwidth() * 8.5)
        fig.suptitle(textwrap.fill(text, width), x=0.01, ha="left", fontweight="bold", fontsize=12)
    else:
        width = int(fig.get_figwidth() * ax.get_position().width * 9)
        ax.set_title(textwrap.fill(text, max(width, 20)), loc="left")


def bar_height(n_bars: int, extra: float = 1.6) -> float:
    """A figure height (inches) that gives ``n_bars`` horizontal bars room to breathe."""
    return max(3.0, 0.42 * n_bars + extra)


def hbars(ax: Axes, labels, values, color, texts=None, reference=None) -> None:
    """Horizontal bars, first label on top, ``texts`` written at the end of each bar."""
    y = np.arange(len(values))
    bars = ax.barh(y, values, color=color, height=0.7)
    ax.set_yticks(y, [wrap(lab) for lab in labels])
    ax.set_ylim(len(values) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    if texts is not None:
        ax.bar_label(bars, labels=list(texts), padding=3, fontsize=9, bbox=LABEL_BOX)
    top = max([float(np.nanmax(values)) if len(values) else 0.0, reference or 0.0, 1e-9])
    ax.set_xlim(0, top * (1.22 if texts is not None else 1.05))


def fit_texts(fig: Figure, rounds: int = 4, margin: float = 6.0) -> None:
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


def legend_clear(fig: Figure, ax: Axes) -> None:
    """Move the legend under the figure if it would cover a bar or its label."""
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


# -- numbers the Vietnamese way -----------------------------------------------------------------------
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


def money_unit(values) -> float:
    """The unit (1e9 tỷ, 1e6 tr or 1 đồng) of the largest amount: the labels of one panel all
    use it, so "689.929" never stands beside "1,65 tr"."""
    finite = [abs(float(v)) for v in values if v is not None and math.isfinite(float(v))]
    top = max(finite, default=0.0)
    return next((size for size, _ in _units() if top >= size), 1.0)


def value_text(kind: str, value, shared=None, unit: float | None = None) -> str:
    """A bar's or a cell's label: an amount (``1,65 tr``, in ``unit`` if given, unless it
    would read 0 there), a share (``12 %``) or a count (``1.205``), with the level's share after
    it (``1.205 · 12 %``).

    >>> value_text("money", 4_170_000, 0.001, unit=1e9), value_text("money", 0, unit=1e9)
    ('4,17 tr · 0,1 %', '0')
    >>> value_text("money", 14_900_000, unit=1e9), value_text("money", 120_000_000, unit=1e9)
    ('14,9 tr', '0,12 tỷ')
    """
    if value is None or not math.isfinite(float(value)):
        return "—"
    if kind == "money":
        small = unit is not None and 0 < abs(float(value)) < unit / 10
        # too small for the panel's unit to show two digits: in its own (4,17 tr, never
        # "0 tỷ" for 4.170.000 ₫ nor "0,01 tỷ" for 14.900.000 ₫)
        text = vnd_short(value, unit=None if small else unit, digits=3)
    elif kind == "share":
        text = short_percent(value)
    else:
        text = format_count(value)
    if shared is not None and math.isfinite(float(shared)) and kind != "share":
        text += f" · {short_percent(shared)}"
    return text


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
            tol = 1e-9 * abs(hi - lo)
            values = values[(inside >= lo - tol) & (inside <= hi + tol)]
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
    """``1111`` → ``1.111`` (vi) / ``1,111`` (en).

    >>> format_count(1111)
    '1.111'
    """
    return _number(round(float(n)), 0)


def short_percent(share: float) -> str:
    """``0.003`` → ``0,3 %`` (a small share keeps one decimal, so it never reads as 0 %)."""
    return format_percent(share, 1 if 0 < abs(share) < 0.095 else 0)


class _CountFormatter(Formatter):
    def __call__(self, x, pos=None) -> str:
        return format_count(x) if float(x).is_integer() else _number(x, 2)


def count_formatter() -> Formatter:
    """A tick formatter for counts: ``1.234`` (vi) / ``1,234`` (en)."""
    return _CountFormatter()


def percent_formatter() -> Formatter:
    """A tick formatter for shares 0…1: ``20 %`` (vi) / ``20%`` (en)."""
    return PercentFormatter(xmax=1, decimals=0, symbol=tr(" %", "%"))


# -- colours per level --------------------------------------------------------------------------------
def _palette(n: int) -> list[str]:
    return (
        _QUALITATIVE[:n]
        if n <= len(_QUALITATIVE)
        else [to_hex(c) for c in sns.color_palette("husl", n)]
    )


def level_colors(levels, params: Mapping | None = None) -> dict:
    """Màu của từng cấp — one colour per level code, the same in every chart.

    Parameters
    ----------
    levels : a scheme (its code or the object), labels from ``phanloai.classify``, a report, or
        a list of level codes in their declared order.
    params : the scheme's parameters, when ``levels`` is a scheme whose levels depend on them.

    Returns
    -------
    dict level code → colour (hex). The colour follows the level's place in the declared order;
    ``unknown`` is always grey.

    Examples
    --------
    >>> colors = level_colors("ladder")
    >>> colors["suspect"] != colors["key"], colors["unknown"]
    (True, '#9e9e9e')
    """
    from ..schemes.base import Scheme
    from ..schemes.registry import get_scheme

    if isinstance(levels, str | Scheme):
        codes = get_scheme(levels).codes(params or {})
    elif isinstance(levels, pd.DataFrame):
        info = describe(levels.index)
        dims = levels.attrs.get("dims") or []
        if info is not None:
            codes = info.codes
        elif dims and dims[0].get("levels"):
            codes = list(dims[0]["levels"])
        else:
            codes = list(levels.index)
    elif isinstance(levels, pd.Series | pd.Index):
        info = describe(levels)
        if info is None:
            raise PhanloaiError(
                "level_colors(): đây không phải kết quả của phanloai.classify.",
                "level_colors(): these are not labels from phanloai.classify.",
            )
        codes = info.codes
    else:
        codes = list(levels)
    known = [c for c in codes if c != UNKNOWN_CODE]
    colors = dict(zip(known, _palette(len(known)), strict=True))
    colors[UNKNOWN_CODE] = UNKNOWN_COLOR
    return colors


def colors_for(report: pd.DataFrame, rows: Sequence) -> list[str]:
    """The colour of each row code of a report (grey for anything not in its levels)."""
    colors = level_colors(report)
    return [colors.get(r, UNKNOWN_COLOR) for r in rows]
