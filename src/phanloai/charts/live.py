"""Live charts for widgets: one figure made once and redrawn in place when a slider moves.

Making a chart from scratch costs a few hundred milliseconds (layout, then text fitting); a slider
must feel alive. These charts lay the figure out once for a set of levels, then only change bar
lengths, texts and axis ranges, and hand back PNG bytes for an ``ipywidgets.Image`` — a picture
the browser shows whatever the kernel's output routing does (see ``shared/BROWSER.md``: charts
drawn into an ``Output`` widget can arrive blank after a browser slider move).

- :class:`LiveBars` — the explorer's segment chart: customers and revenue per level, side by side;
- :class:`LiveHeatmap` — the comparison's grid: one classification crossed with another.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize
from matplotlib.ticker import NullLocator

from .._i18n import tr
from ..vocab import term
from . import kit

__all__ = ["LiveBars", "LiveHeatmap"]

#: Pictures for widgets: a little smaller than the notebook charts, and quick to compress.
DPI = 80


class LiveBars:
    """Horizontal bars per level for one or two measures (``customers``, ``revenue``…), laid out
    once; :meth:`draw` takes a profile report and returns PNG bytes.

    >>> import phanloai
    >>> from phanloai.charts.live import LiveBars
    >>> spa = phanloai.load("spa")
    >>> report = phanloai.profile(spa.customers, phanloai.classify(spa.customers, "service_level"))
    >>> chart = LiveBars(report, ["customers", "revenue"], "Ba cấp độ dịch vụ")
    >>> chart.draw(report)[:4]
    b'\\x89PNG'
    """

    def __init__(self, report: pd.DataFrame, measures: Sequence[str], title: str):
        self.codes = list(report.index)
        self.names = _level_names(report)
        self.measures = [m for m in measures if m in report.columns]
        colors = kit.colors_for(report, self.codes)
        n = len(self.codes)
        with kit.theme():
            self.fig = kit.VnFigure(
                figsize=(kit.WIDTH, kit.bar_height(n, 1.8)), dpi=DPI, layout="constrained"
            )
            FigureCanvasAgg(self.fig)
            axes = self.fig.subplots(1, len(self.measures), sharey=True, squeeze=False)[0]
            self.axes = list(axes)
            y = np.arange(n)
            self.bars, self.texts = [], []
            for i, (ax, key) in enumerate(zip(self.axes, self.measures, strict=True)):
                words = term(key, "measures")
                self.bars.append(ax.barh(y, np.ones(n), color=colors, height=0.7))
                self.texts.append(
                    [ax.text(1, j, "0", va="center", ha="left", fontsize=9) for j in range(n)]
                )
                ax.set_title(words.short, loc="left", fontsize=11)
                ax.set_xlabel(kit.two_lines(words.axis), fontsize=10)
                # no ticks on the value axis: each bar says its value, and a slider redraw stays quick
                ax.grid(False)
                ax.xaxis.set_major_locator(NullLocator())
                ax.spines[["top", "right"]].set_visible(False)
                if i:
                    ax.tick_params(axis="y", left=False)
            self.axes[0].set_yticks(y, [kit.wrap(s) for s in self.names])
            self.axes[0].set_ylim(n - 0.5, -0.5)
            kit.title(self.axes[0], title)
            self.fig.draw_without_rendering()  # lay out once, with the longest texts in place…
            self.fig.set_layout_engine(None)  # …then keep it: a redraw only changes the bars
            # Blitting: everything but the bars and their values is drawn once and kept as a
            # picture; a slider move repaints only the bars and values on top of it.
            self._moving = [a for group in (*self.bars, *self.texts) for a in group]
            for artist in self._moving:
                artist.set_animated(True)
            self.fig.canvas.draw()
            self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def fits(self, report: pd.DataFrame) -> bool:
        """Whether this layout can show ``report``: the same levels, named the same (a level's
        name can hold a parameter, "Trong bán kính 10 km", and the names are laid out once)."""
        return self.codes == list(report.index) and self.names == _level_names(report)

    def draw(self, report: pd.DataFrame) -> bytes:
        """The chart for this report (same levels, in the same order) as PNG bytes."""
        report = report.reindex(self.codes)
        with kit.theme():
            for ax, key, bars, texts in zip(
                self.axes, self.measures, self.bars, self.texts, strict=True
            ):
                kind = term(key, "measures").kind
                values = pd.to_numeric(report[key], errors="coerce").to_numpy(dtype=float)
                share_key = {"customers": "customer_share", "revenue": "revenue_share"}.get(key)
                shares = (
                    report[share_key].to_numpy(dtype=float) if share_key in report.columns else None
                )
                unit = kit.money_unit(values) if kind == "money" else None
                for j, (bar, text, value) in enumerate(zip(bars, texts, values, strict=True)):
                    width = value if np.isfinite(value) else 0.0
                    bar.set_width(width)
                    text.set_position((width, j))
                    share = None if shares is None else shares[j]
                    text.set_text(" " + kit.value_text(kind, value, share, unit))
                top = float(np.nanmax(values)) if np.isfinite(values).any() else 0.0
                ax.set_xlim(0, max(top, 1e-9) * 1.55)
            canvas = self.fig.canvas
            canvas.restore_region(self._background)
            for artist in self._moving:
                artist.axes.draw_artist(artist)
            return _canvas_png(canvas)


def _level_names(report: pd.DataFrame) -> list[str]:
    from ..display import words_for

    name = words_for(report.index, report.attrs.get("words"))
    return [name(c) for c in report.index]


def _canvas_png(canvas) -> bytes:
    """What the canvas holds now, as PNG bytes (quick compression)."""
    from PIL import Image

    width, height = canvas.get_width_height()
    picture = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


class LiveHeatmap:
    """A grid of cells (rows × columns of two classifications), laid out once; :meth:`draw`
    takes a :func:`~phanloai.cross` table of the same shape and returns PNG bytes."""

    def __init__(self, table: pd.DataFrame, title: str, kind: str = "count"):
        from ..display import dimension_title, words_for

        dims = table.attrs.get("dims") or []
        row_name, col_name = words_for(table.index), words_for(table.columns)
        self.rows, self.cols = list(table.index), list(table.columns)
        self.kind = kind
        n_rows, n_cols = len(self.rows), len(self.cols)
        with kit.theme():
            width = min(15.0, max(6.5, 3.5 + 0.95 * n_cols))
            self.fig = kit.VnFigure(
                figsize=(width, max(3.2, 0.42 * n_rows + 2.0)), dpi=DPI, layout="constrained"
            )
            FigureCanvasAgg(self.fig)
            ax = self.ax = self.fig.subplots()
            self.image = ax.imshow(
                np.zeros((n_rows, n_cols)), cmap="Blues", aspect="auto", norm=Normalize(0, 1)
            )
            self.cells = [
                [ax.text(j, i, "0", ha="center", va="center", fontsize=9) for j in range(n_cols)]
                for i in range(n_rows)
            ]
            wrap_at = 14 if n_cols <= 6 else 10  # many columns: narrower labels, a smaller font
            ax.set_xticks(
                range(n_cols),
                [textwrap.fill(col_name(c), wrap_at, break_long_words=False) for c in self.cols],
            )
            ax.tick_params(axis="x", labelsize=10 if n_cols <= 6 else 8)
            ax.set_yticks(range(n_rows), [kit.wrap(row_name(r)) for r in self.rows])
            ax.xaxis.set_ticks_position("top")
            ax.xaxis.set_label_position("top")
            ax.tick_params(length=0)
            ax.grid(False)
            ax.set_xlabel(dimension_title(table.columns, dims), labelpad=8)
            # the rows' title along the y axis fits the figure's height (a short grid: more lines)
            height_chars = max(14, int(7 * self.fig.get_figheight()))
            ax.set_ylabel(
                textwrap.fill(
                    dimension_title(table.index, dims), height_chars, break_long_words=False
                )
            )
            kit.title(ax, title)
            self.fig.draw_without_rendering()
            self.fig.set_layout_engine(None)
            self._moving = [self.image, *(cell for row in self.cells for cell in row)]
            for artist in self._moving:
                artist.set_animated(True)
            self.fig.canvas.draw()
            self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def draw(self, table: pd.DataFrame) -> bytes:
        """The grid for this table (same rows and columns) as PNG bytes."""
        values = table.reindex(index=self.rows, columns=self.cols).to_numpy(dtype=float)
        top = np.nanmax(values) if np.isfinite(values).any() else 0.0
        with kit.theme():
            self.image.set_data(values)
            self.image.set_norm(Normalize(0, max(top, 1e-9)))
            for i, row in enumerate(self.cells):
                for j, cell in enumerate(row):
                    v = values[i, j]
                    if not np.isfinite(v) or v == 0:
                        text = ""  # empty cells stay empty: the pattern shows at a glance
                    elif self.kind == "share":
                        text = kit.short_percent(v)
                    else:
                        text = kit.value_text("money" if self.kind == "money" else "count", v)
                    cell.set_text(text)
                    cell.set_color("white" if top and v > 0.6 * top else "0.15")
            canvas = self.fig.canvas
            canvas.restore_region(self._background)
            for artist in self._moving:
                self.ax.draw_artist(artist)
            return _canvas_png(canvas)


def words_title(scheme_title: str, n: int) -> str:
    """A live chart's title: the scheme and how many customers it sorts."""
    return tr(
        f"{scheme_title} — {kit.format_count(n)} khách",
        f"{scheme_title} — {kit.format_count(n)} customers",
    )
