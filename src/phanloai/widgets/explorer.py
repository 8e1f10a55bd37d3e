"""``explore`` and ``compare``: live explorers built from a scheme's declaration.

Every control comes from the declaration (a slider or a list per parameter, with its range,
step and Vietnamese label), so a new scheme gets its explorer for free. A slider move reclassifies
the table, redraws one reused chart (:mod:`phanloai.charts.live`) and refreshes the tables; the
picture goes into an ``ipywidgets.Image`` as PNG bytes.
"""

from __future__ import annotations

import html
import time
import weakref
from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .._i18n import PhanloaiError, language, tr
from ..case import CASES, Case, load
from ..charts.live import LiveBars, LiveHeatmap, words_title
from ..display import show
from ..reports import cross, prioritize, profile
from ..reports._base import choice
from ..reports.segments import _NORMALIZE
from ..schemes.base import UNKNOWN_CODE, Scheme, SwitchScheme
from ..schemes.registry import checked_run, get_scheme
from ..schemes.result import labels_series
from ..vn import format_number
from .controls import ParamControl, fit_choices, link_conditions, problem_words

__all__ = ["Compare", "Explorer", "compare", "explore"]

_SHARES = {k: _NORMALIZE[k] for k in ("index", "columns")}  # the heat map's share views

_ID_COLUMNS = ("customer_id", "contact_id")
_MADE: weakref.WeakSet = weakref.WeakSet()


def made() -> list:
    """Every explorer and comparison made in this session (the notebook tests look at them)."""
    return list(_MADE)


#: the column that names a customer beside its id, when the table has one
_NAME_COLUMNS = ("full_name", "company_name")


def _ids(table: pd.DataFrame) -> pd.Series:
    for col in _ID_COLUMNS:
        if col in table.columns:
            return table[col].astype("str")
    return pd.Series(table.index.astype(str), index=table.index)


class _Data:
    """Where an explorer's rows come from: a case (with a choice of the cases the scheme applies
    to) or a table of the user's own."""

    def __init__(self, data, schemes: list[Scheme]):
        self.cases: dict[str, Case] = {}
        self.frame: pd.DataFrame | None = None
        self.seed = 0
        kinds = {s.table for s in schemes}
        if len(kinds) > 1:
            raise PhanloaiError(
                f"Hai cách phân loại đọc hai bảng khác nhau ({', '.join(sorted(kinds))}); hãy chọn hai cách cùng bảng.",
                f"The two schemes read different tables ({', '.join(sorted(kinds))}); choose two that read the same one.",
            )
        applies = [c for c in CASES if all(c in s.cases for s in schemes)] or [
            c for c in CASES if c in schemes[0].cases
        ]
        if isinstance(data, str) and data in CASES:
            data = load(data)
        if isinstance(data, Case):
            self.cases[data.name] = data
            self.seed = data.seed
            self.choices = (
                list(dict.fromkeys([data.name, *applies])) if data.name in CASES else [data.name]
            )
            self.current = data.name
        elif isinstance(data, pd.DataFrame):
            self.frame = data
            self.choices, self.current = [], None
        else:
            raise PhanloaiError(
                f"Cần một tình huống (phanloai.load(...) hoặc tên: {', '.join(CASES)}) hoặc một bảng DataFrame; "
                f"nhận được {type(data).__name__}.",
                f"Needs a case (phanloai.load(...) or a name: {', '.join(CASES)}) or a DataFrame; "
                f"got {type(data).__name__}.",
            )

    def table(self, scheme: Scheme) -> pd.DataFrame:
        if self.frame is not None:
            return self.frame
        if self.current not in self.cases:
            self.cases[self.current] = load(self.current, seed=self.seed)
        return self.cases[self.current].table_for(scheme)

    def picker(self, on_change) -> widgets.Dropdown | None:
        if len(self.choices) < 2:
            return None
        titles = {name: load_title(name) for name in self.choices}
        box = widgets.Dropdown(
            options=[(titles[c], c) for c in self.choices],
            value=self.current,
            description=tr("Tình huống", "Case"),
            layout=widgets.Layout(width="32em"),
        )
        box.add_class("phanloai-case")

        def change(_):
            self.current = box.value
            on_change()

        box.observe(change, names="value")
        return box


def load_title(name: str) -> str:
    from ..case import resolve_params

    _, p = resolve_params(name)
    return tr(p.get("title_vi", str), p.get("title_en", str))


def _header(s: Scheme) -> widgets.HTML:
    return widgets.HTML(
        f"<h3 style='margin:0.2em 0'>{html.escape(s.title)}</h3>"
        f"<div>{html.escape(s.purpose)}</div>"
        f"<div style='color:#666;font-size:90%'>{html.escape(tr('Nguồn', 'Source'))}: {html.escape(s.article)}</div>"
    )


class Explorer(widgets.VBox):
    """A live explorer of one scheme (see :func:`explore`). Besides the widget itself it keeps
    what it shows, for notebooks and tests: ``params``, ``labels``, ``report`` (the profile),
    ``controls`` (one :class:`~phanloai.widgets.controls.ParamControl` per parameter) and
    ``timings`` (seconds from a value change to the new picture)."""

    _fitting = False  # True while the controls are fitted to a new table (see _quiet)

    def __init__(self, data, scheme, *, measures=("customers", "revenue"), **params):
        self.scheme = s = get_scheme(scheme)
        checked = s.check_params(params)
        self.data = _Data(data, [s])
        self.measures = tuple(measures)
        self.controls = {name: ParamControl(p) for name, p in s.params.items()}
        for name, ctl in self.controls.items():
            ctl.set(checked[name])
        link_conditions(self.controls)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.image.add_class("phanloai-chart")
        self.summary = widgets.HTML()
        self.summary.add_class("phanloai-summary")
        self.status = widgets.HTML()
        #: what does not fit in the sliders' values (two out of order), or None: while it is
        #: said, every view of the segments is hidden and no list is made from them;
        #: ``problem_both`` is the same in Vietnamese and English
        self.problem: str | None = None
        self.problem_both: tuple[str, str] | None = None
        self.priority = widgets.HTML()
        self.priority_by = widgets.Dropdown(
            options=[
                (tr("quy mô (số khách)", "size (customers)"), "size"),
                (tr("doanh thu", "revenue"), "revenue"),
                (tr("giá trị mỗi khách", "value per customer"), "value"),
            ],
            value="size",
            description=tr("Xếp theo", "Rank by"),
        )
        self.min_share = widgets.FloatSlider(
            value=0.05,
            min=0.0,
            max=0.3,
            step=0.01,
            readout_format=".0%",
            description=tr("Quá hẹp dưới", "Too narrow below"),
        )
        self.min_share.style.description_width = "initial"
        self.who_id = widgets.Text(
            placeholder="KH0000001", description=tr("Mã khách", "Customer id")
        )
        self.who_level = widgets.Dropdown(description=tr("hoặc nhóm", "or segment"))
        self.why = widgets.HTML()
        self.why.add_class("phanloai-why")
        self.levels = widgets.HTML()
        self.timings: list[float] = []
        self.chart: LiveBars | None = None
        self._stale: set[int] = set()
        picker = self.data.picker(self._new_table)
        controls = widgets.VBox([c.box for c in self.controls.values()])
        tabs = widgets.Tab(
            children=[
                widgets.VBox([self.image, self.summary]),
                widgets.VBox([widgets.HBox([self.priority_by, self.min_share]), self.priority]),
                widgets.VBox([widgets.HBox([self.who_id, self.who_level]), self.why]),
                self.levels,
            ]
        )
        for i, title in enumerate(
            (
                tr("Các nhóm", "Segments"),
                tr("Ưu tiên", "Priority"),
                tr("Vì sao ở đây?", "Why here?"),
                tr("Cấp & hành động", "Levels & actions"),
            )
        ):
            tabs.set_title(i, title)
        self.tabs = tabs
        # beside the controls (not under a chart far down): what does not fit while moving them
        self.status.add_class("phanloai-status")
        super().__init__([_header(s), *([picker] if picker else []), controls, self.status, tabs])
        self.add_class("phanloai-explorer")
        for ctl in self.controls.values():
            ctl.observe(self._changed)
        self.priority_by.observe(lambda _: self._show_priority(), names="value")
        self.min_share.observe(lambda _: self._show_priority(), names="value")
        self.who_id.observe(lambda _: self._show_why(), names="value")
        self.who_level.observe(lambda _: self._show_why(), names="value")
        self.tabs.observe(lambda _: self._show_tab(), names="selected_index")
        self._new_table()
        for name in params:  # a choice asked for by name that this data cannot feed: said
            ctl = self.controls.get(name)
            if ctl is not None and ctl.param.choices and checked[name] not in ctl.offered:
                ctl.set(checked[name])  # the bilingual "not with this data: needs the column…"
        _MADE.add(self)

    # -- what it shows ----------------------------------------------------------------------------
    @property
    def params(self) -> dict:
        return {name: ctl.value for name, ctl in self.controls.items()}

    def set(self, **params) -> None:
        """Move controls from code (as a slider would); the explorer redraws once per value."""
        for name, value in params.items():
            if name not in self.controls:
                self.scheme.check_params({name: value})  # the bilingual "no such parameter"
            self.controls[name].set(value)

    def _new_table(self) -> None:
        self.table = self.data.table(self.scheme)
        self.ids = _ids(self.table)
        if len(self.ids):  # an id of this very table, so the example reads like the user's own
            self.who_id.placeholder = str(self.ids.iloc[0])
        with _quiet(self):
            fit_choices(self.scheme, self.controls, self.table)
        self.chart = None
        self._update()

    def _changed(self) -> None:
        if self._fitting:  # the controls are being fitted to a new table: drawn once after
            return
        start = time.perf_counter()
        self._update()
        self.timings.append(time.perf_counter() - start)

    def _update(self) -> None:
        s, table = self.scheme, self.table
        try:
            r = checked_run(table, s, self.params)
            s, p, checked, codes, reasons = tuple(r)[:5]
        except PhanloaiError as exc:
            if self.chart is None:  # the table itself does not fit the scheme: say so at once
                raise
            # e.g. edges that must increase: said beside the controls; the last picture and
            # table are hidden (they no longer match the sliders) until the values fit again
            self.problem_both = _in_both(problem_words, self.scheme, self.params, exc)
            self.problem = tr(*self.problem_both)
            self.status.value = _problem_html(self.problem)
            _hide(self.image, self.summary, self.priority, self.why)
            return
        self._run = (p, checked, codes, reasons)
        self._door = r.door
        self.labels = labels_series(codes, table.index, s, p)
        self.report = profile(table, self.labels)
        if self.chart is None or not self.chart.fits(self.report):
            self.chart = LiveBars(self.report, self.measures, words_title(s.title, len(table)))
            self.levels.value = show(s.level_table(p), n=None).hide(axis="index").to_html()
            self.who_level.options = [("—", "")] + [(lv.label, lv.code) for lv in s.levels_for(p)]
            self.who_level.value = ""
        self.image.value = self.chart.draw(self.report)
        self.summary.value = show(self.report, n=None).to_html()
        self.status.value = ""
        self.problem = self.problem_both = None
        self.valid_params = self.params  # what the page shows, to go back to
        _hide(self.image, self.summary, self.priority, self.why, hidden=False)
        self._stale = {1, 2}  # the other tabs are brought up to date when they are opened
        self._show_tab()

    def _show_tab(self) -> None:
        tab = self.tabs.selected_index
        if tab in self._stale:
            self._stale.discard(tab)
            (self._show_priority if tab == 1 else self._show_why)()

    def _show_priority(self) -> None:
        if self.tabs.selected_index != 1:
            self._stale.add(1)
            return
        table = prioritize(
            self.table, self.labels, by=self.priority_by.value, min_share=self.min_share.value
        )
        self.priority.value = show(table, n=None).to_html()

    def _show_why(self) -> None:
        if self.tabs.selected_index != 2:
            self._stale.add(2)
            return
        wanted = self.who_id.value.strip()
        if wanted:
            rows = np.flatnonzero((self.ids == wanted).to_numpy())
            if not len(rows):  # typed as people type: kh0007 for KH0007
                folded = self.ids.str.strip().str.casefold()
                rows = np.flatnonzero((folded == wanted.casefold()).to_numpy())
            if not len(rows):
                self.why.value = html.escape(
                    tr(f"Không có khách mã '{wanted}'.", f"No customer with id '{wanted}'.")
                )
                return
        elif self.who_level.value:  # "" (shown as —, not None: the browser shows that as blank)
            rows = np.flatnonzero((self.labels == self.who_level.value).to_numpy())[:5]
            if not len(rows):
                self.why.value = html.escape(
                    tr("Nhóm này chưa có khách nào.", "No customer in this segment yet.")
                )
                return
        else:
            self.why.value = html.escape(
                tr(
                    "Gõ một mã khách, hoặc chọn một nhóm để xem vài khách trong đó và lý do.",
                    "Type a customer id, or pick a segment to see a few of its customers and why.",
                )
            )
            return
        names = next((self.table[c] for c in _NAME_COLUMNS if c in self.table.columns), None)
        lines = [
            f"<li><b>{html.escape(self.ids.iloc[i])}</b>"
            + (
                f" ({html.escape(str(names.iloc[i]))})"
                if names is not None and pd.notna(names.iloc[i])
                else ""
            )
            + f": {html.escape(t)}</li>"
            for i, t in zip(rows, self.reasons_for(rows), strict=True)
        ]
        self.why.value = "<ul>" + "".join(lines) + "</ul>"

    def reasons_for(self, rows: np.ndarray) -> list[str]:
        """The explanation of some rows (positions in the table), worked out on the whole table
        (an RFM score or a cluster depends on every row)."""
        p, checked, codes, reasons = self._run
        owner = self.scheme.part(p) if isinstance(self.scheme, SwitchScheme) else self.scheme
        levels, declared = owner.levels_for(p), owner.reasons(p)
        invalid = self._door.invalid
        out = []
        for i in rows:
            if invalid is not None and invalid[i]:  # an impossible value: say which
                text = self._door.reasons(np.array([i]))[0]
            else:
                text = declared[int(reasons[i])].texts(owner, checked, np.array([i]), p, codes)[0]
            out.append(f"{text} → {levels[int(codes[i])].label}")
        return out


class _quiet:
    """``with _quiet(widget):`` its controls move without redrawing it each time."""

    def __init__(self, widget):
        self.widget = widget

    def __enter__(self):
        self.widget._fitting = True

    def __exit__(self, *exc):
        self.widget._fitting = False


def _in_both(func, *args) -> tuple[str, str]:
    """``func(*args)`` in Vietnamese and in English (a text made of the page's words)."""
    with language("vi"):
        vi = func(*args)
    with language("en"):
        en = func(*args)
    return vi, en


def _problem_html(text: str) -> str:
    return f"<div style='color:#b00020;font-weight:bold'>{html.escape(text)}</div>"


def _hide(*shown: widgets.Widget, hidden: bool = True) -> None:
    for w in shown:
        w.layout.display = "none" if hidden else None


def explore(data, scheme, **params) -> Explorer:
    """Khám phá một cách phân loại — a live explorer built from the scheme's declaration.

    Parameters
    ----------
    data : a case (``phanloai.load("fashion")`` or its name ``"fashion"``) — then the explorer
        offers the other cases the scheme applies to — or a table of your own.
    scheme : the scheme's code (``"ladder"``) or object.
    **params : starting values of the scheme's parameters (the declared defaults otherwise).

    Returns
    -------
    Explorer — an ipywidgets box: a control per declared parameter (range, step, Vietnamese
    label), the case, a live chart of customers and revenue per level, the profile table, the
    priority view, "why is this customer here?" and the level sheet with suggested actions.

    Examples
    --------
    >>> import phanloai
    >>> ex = phanloai.explore(phanloai.load("fashion", n=3000), "ladder")
    >>> ex.set(radius_km=5)
    >>> int(ex.report.loc["prospect", "customers"]) < int(phanloai.profile(
    ...     ex.table, phanloai.classify(ex.table, "ladder")).loc["prospect", "customers"])
    True
    """
    return Explorer(data, scheme, **params)


class Compare(widgets.VBox):
    """Two schemes crossed, live (see :func:`compare`): ``table`` holds the crossed table shown,
    ``controls_a`` / ``controls_b`` the controls of each scheme, ``timings`` the redraw times."""

    _fitting = False  # see _quiet

    def __init__(
        self,
        data,
        scheme_a,
        scheme_b,
        *,
        values: str = "count",
        normalize: bool | str = False,
        params_a: Mapping | None = None,
        params_b: Mapping | None = None,
    ):
        if normalize is not False:
            choice("compare", "normalize", normalize, _SHARES)
        self.schemes = (get_scheme(scheme_a), get_scheme(scheme_b))
        self.data = _Data(data, list(self.schemes))
        starts = [
            s.check_params(p or {}) for s, p in zip(self.schemes, (params_a, params_b), strict=True)
        ]
        self.controls_a = {n: ParamControl(p) for n, p in self.schemes[0].params.items()}
        self.controls_b = {n: ParamControl(p) for n, p in self.schemes[1].params.items()}
        for controls, start in ((self.controls_a, starts[0]), (self.controls_b, starts[1])):
            for name, ctl in controls.items():
                ctl.set(start[name])
            link_conditions(controls)
        self.values = widgets.ToggleButtons(
            options=[
                (tr("Số khách", "Customers"), "count"),
                (tr("Doanh thu", "Revenue"), "revenue"),
            ],
            value=values,
        )
        self.normalize = widgets.Dropdown(
            options=[
                (tr("số tuyệt đối", "absolute"), False),
                *((tr(*words), key) for key, words in _SHARES.items()),
            ],
            value=normalize,
            description=tr("Cách đọc", "Read as"),
        )
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.image.add_class("phanloai-chart")
        self.summary = widgets.HTML()
        self.summary.add_class("phanloai-summary")
        self.status = widgets.HTML()
        self.status.add_class("phanloai-status")
        self.timings: list[float] = []
        self.chart: LiveHeatmap | None = None
        picker = self.data.picker(self._new_table)
        columns = widgets.HBox(
            [
                widgets.VBox(
                    [_header(self.schemes[0]), *[c.box for c in self.controls_a.values()]]
                ),
                widgets.VBox(
                    [_header(self.schemes[1]), *[c.box for c in self.controls_b.values()]]
                ),
            ]
        )
        super().__init__(
            [
                *([picker] if picker else []),
                columns,
                self.status,
                widgets.HBox([self.values, self.normalize]),
                self.image,
                self.summary,
            ]
        )
        self.add_class("phanloai-compare")
        for ctl in [*self.controls_a.values(), *self.controls_b.values()]:
            ctl.observe(self._changed)
        self.values.observe(lambda _: self._changed(), names="value")
        self.normalize.observe(lambda _: self._changed(), names="value")
        self._new_table()
        _MADE.add(self)

    @property
    def params(self) -> tuple[dict, dict]:
        return (
            {n: c.value for n, c in self.controls_a.items()},
            {n: c.value for n, c in self.controls_b.items()},
        )

    def _new_table(self) -> None:
        self.frame = self.data.table(self.schemes[0])
        with _quiet(self):
            fit_choices(self.schemes[0], self.controls_a, self.frame)
            fit_choices(self.schemes[1], self.controls_b, self.frame)
        self.chart = None
        self._update()

    def _changed(self) -> None:
        if self._fitting:  # the controls are being fitted to a new table: drawn once after
            return
        start = time.perf_counter()
        self._update()
        self.timings.append(time.perf_counter() - start)

    def _update(self) -> None:
        from ..schemes.registry import classify

        try:
            a = classify(self.frame, self.schemes[0], **self.params[0])
            b = classify(self.frame, self.schemes[1], **self.params[1])
        except PhanloaiError as exc:
            if self.chart is None:
                raise
            said = [
                problem_words(s, p, exc)
                for s, p in zip(self.schemes, self.params, strict=True)
                if any(r.out_of_order(p) for r in s.increasing)
            ]
            self.status.value = _problem_html(" ".join(said) or str(exc))
            _hide(self.image, self.summary)
            return
        self.status.value = ""

        _hide(self.image, self.summary, hidden=False)
        values = self.values.value if "total_spend" in self.frame.columns else "count"
        table = cross(self.frame, a, b, values=values, normalize=self.normalize.value)
        # "Không xác định" takes room only when someone is in it (it comes back when they are)
        if not (a == UNKNOWN_CODE).any():
            table = table.drop(index=UNKNOWN_CODE, errors="ignore")
        if not (b == UNKNOWN_CODE).any():
            table = table.drop(columns=UNKNOWN_CODE, errors="ignore")
        self.table = table
        kind = "share" if self.normalize.value else ("money" if values == "revenue" else "count")
        shape = (list(self.table.index), list(self.table.columns), kind)
        if self.chart is None or (self.chart.rows, self.chart.cols, self.chart.kind) != shape:
            title = tr(
                f"{self.schemes[0].title} × {self.schemes[1].title}",
                f"{self.schemes[0].title} × {self.schemes[1].title}",
            )
            self.chart = LiveHeatmap(self.table, title, kind)
        self.image.value = self.chart.draw(self.table)
        total = format_number(len(self.frame), 0)
        self.summary.value = f"<div>{html.escape(tr(f'{total} khách', f'{total} customers'))}</div>"


def compare(
    data,
    scheme_a,
    scheme_b,
    *,
    values: str = "count",
    normalize: bool | str = False,
    params_a=None,
    params_b=None,
) -> Compare:
    """So sánh hai cách phân loại — two schemes crossed as a live heat map (counts or revenue).

    Parameters
    ----------
    data : a case (or its name) or a table, as for :func:`explore`.
    scheme_a, scheme_b : the rows' scheme and the columns' scheme (they must read the same table).
    values : ``"count"`` (customers per cell) or ``"revenue"``; the widget can switch, and show
        shares within each row or column.
    normalize : start with shares: ``"index"`` (within each row) or ``"columns"`` (within each
        column); False (default) shows numbers.
    params_a, params_b : starting parameters of each scheme.

    Examples
    --------
    >>> import phanloai
    >>> cmp = phanloai.compare("bolts", "company_size", "contract_status")
    >>> int(cmp.table.to_numpy().sum())
    10000
    """
    return Compare(
        data,
        scheme_a,
        scheme_b,
        values=values,
        normalize=normalize,
        params_a=params_a,
        params_b=params_b,
    )
