"""A control for each declared parameter: the widget kind, range, step and label all come from the
scheme's :class:`~phanloai.schemes.Param` — never written by hand for one scheme."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping

import ipywidgets as widgets
import numpy as np

from .._i18n import PhanloaiError, tr
from ..schemes.base import Param
from ..vn import format_money, format_percent

__all__ = ["ParamControl", "fit_choices", "link_conditions", "problem_words"]

#: A money range wider than this (hi ÷ lo) gets a logarithmic slider.
LOG_RANGE = 1000


def _decimals(step: float) -> int:
    text = f"{step:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


class ParamControl:
    """One parameter as a widget: ``box`` (label, input, readable value) to show, ``value`` in the
    parameter's own unit, ``set(value)`` to move it, ``observe(callback)`` to follow it.

    >>> import phanloai
    >>> from phanloai.widgets.controls import ParamControl
    >>> ctl = ParamControl(phanloai.SCHEMES["ladder"].params["key_spend"])
    >>> ctl.set(20_000_000)
    >>> ctl.value, ctl.text
    (20000000.0, '20.000.000 ₫')
    """

    def __init__(self, param: Param):
        self.param = p = param
        self.shown = widgets.HTML(layout=widgets.Layout(min_width="9em"))
        if p.choices:
            options = [(p.choice_label(c), c) for c in p.choices]
            self.input = widgets.Dropdown(
                options=options, value=p.default, layout=widgets.Layout(width="18em")
            )
        elif p.kind == "money" and p.lo > 0 and p.hi / p.lo >= LOG_RANGE:
            self.input = widgets.FloatLogSlider(
                value=p.default,
                base=10,
                min=math.log10(p.lo),
                max=math.log10(p.hi),
                step=0.01,
                readout=False,
            )
        elif p.integer:
            self.input = widgets.IntSlider(
                value=int(p.default), min=int(p.lo), max=int(p.hi), step=int(p.step)
            )
        else:
            readout = p.kind not in ("money", "share")
            self.input = widgets.FloatSlider(
                value=float(p.default),
                min=float(p.lo),
                max=float(p.hi),
                step=float(p.step),
                readout=readout,
                readout_format=f".{_decimals(p.step)}f",
            )
        self.input.layout.width = self.input.layout.width or "22em"
        label = widgets.HTML(f"<b>{p.label}</b>", layout=widgets.Layout(width="100%"))
        self.note = widgets.HTML()  # why the control is greyed out, when it is
        self.missing = widgets.HTML()  # which choices the data cannot feed, when some
        self.left_out: dict[str, list[str]] = {}  # …and the columns each one lacks
        self.box = widgets.VBox(
            [label, widgets.HBox([self.input, self.shown]), self.note, self.missing]
        )
        self.box.add_class(f"phanloai-param-{p.name}")
        self.input.observe(lambda _: self._show(), names="value")
        self._show()

    @property
    def value(self):
        """The value in the parameter's unit (money snapped to its step, integers as int)."""
        p, raw = self.param, self.input.value
        if p.choices:
            return raw
        if p.kind == "money":
            snapped = round(float(raw) / p.step) * p.step
            return float(min(max(snapped, p.lo), p.hi))
        return int(raw) if p.integer else float(round(float(raw), _decimals(p.step) + 1))

    def set(self, value) -> None:
        value = self.param.check("widget", value)
        if self.param.choices and value not in self.offered:
            gaps = ", ".join(self.left_out.get(value, ()))
            raise PhanloaiError(
                f"Tham số '{self.param.name}' = '{value}' chưa dùng được với dữ liệu này: cần cột {gaps}.",
                f"Parameter '{self.param.name}' = '{value}' does not work with this data: it needs "
                f"the column(s) {gaps}.",
            )
        self.input.value = value

    @property
    def offered(self) -> list:
        """The choices shown (those the data can feed, see :func:`fit_choices`)."""
        return [c for _, c in self.input.options]

    def observe(self, callback: Callable[[], None]) -> None:
        self.input.observe(lambda _: callback(), names="value")

    @property
    def active(self) -> bool:
        """False while the parameter does not count (see :func:`link_conditions`)."""
        return not self.input.disabled

    def set_active(self, active: bool, why: str = "") -> None:
        """Disabled, with ``why``, and out of sight while the parameter does not count (RFM's
        twelve cut points while scoring by quantile would make the panel three screens long)."""
        self.input.disabled = not active
        self.note.value = "" if active else f"<i style='color:#666'>{html.escape(why)}</i>"
        self.box.layout.display = None if active else "none"

    @property
    def text(self) -> str:
        """The value as a person reads it (money, shares), or "" when the slider's readout shows it."""
        p, v = self.param, self.value
        if p.choices:
            return ""
        if p.kind == "money":
            return format_money(v)
        if p.kind == "share":
            return format_percent(v)
        return ""  # the slider's own readout shows the others

    def _show(self) -> None:
        text = self.text
        self.shown.value = f"<span style='white-space:nowrap'>{text}</span>" if text else ""


def link_conditions(controls: Mapping[str, ParamControl]) -> None:
    """Disable and hide each control whose parameter counts only when another one holds a
    choice (:attr:`~phanloai.schemes.base.Param.only_when`); it comes back when that choice is
    made.

    >>> import phanloai
    >>> from phanloai.widgets.controls import ParamControl, link_conditions
    >>> params = phanloai.SCHEMES["ladder"].params
    >>> controls = {name: ParamControl(p) for name, p in params.items()}
    >>> link_conditions(controls)
    >>> controls["persona_age_min"].active
    False
    >>> controls["persona"].set("fits")
    >>> controls["persona_age_min"].active
    True
    """
    for ctl in controls.values():
        when = ctl.param.only_when
        if when is None or when[0] not in controls:
            continue
        boss = controls[when[0]]

        def update(ctl=ctl, boss=boss, choice=when[1]) -> None:
            words = boss.param.choice_label(choice)
            ctl.set_active(
                boss.value == choice,
                tr(
                    f"Chỉ có tác dụng khi chọn “{words}” ở trên.",
                    f"Counts only when “{words}” is chosen above.",
                ),
            )

        boss.observe(update)
        update()


def fit_choices(scheme, controls: Mapping[str, ParamControl], table) -> None:
    """Offer only the choices this table can feed (your own data may lack the distance a
    radius needs, or a shop's web visits) and say beside the control which are left out and
    why; called again for another table, it offers again what that table feeds. A control that
    counts only with a choice left out stays hidden (:func:`link_conditions`: its choice is
    never made).

    >>> import pandas as pd, phanloai
    >>> from phanloai.widgets.controls import ParamControl, fit_choices, link_conditions
    >>> s = phanloai.SCHEMES["geographic"]
    >>> controls = {name: ParamControl(p) for name, p in s.params.items()}
    >>> link_conditions(controls)
    >>> fit_choices(s, controls, pd.DataFrame({"region": ["Bắc"]}))  # no distance_km
    >>> controls["by"].offered, controls["radius_km"].box.layout.display
    (['region'], 'none')
    >>> fit_choices(s, controls, pd.DataFrame({"region": ["Bắc"], "distance_km": [2.0]}))
    >>> controls["by"].offered, controls["by"].missing.value
    (['region', 'radius'], '')
    """
    from ..vocab import term

    base = scheme.defaults()
    for name, ctl in controls.items():
        p = ctl.param
        if not p.choices:
            continue
        usable, lacking = [], {}
        for choice in p.choices:
            needed = [c.name for c in scheme.requires_for(base | {name: choice})]
            gaps = [c for c in needed if c not in table.columns]
            (lacking.__setitem__(choice, gaps) if gaps else usable.append(choice))
        if not usable:  # nothing fits: every choice stays, the scheme's own error says why
            usable, lacking = list(p.choices), {}
        ctl.left_out = lacking
        if ctl.offered != usable:
            value = ctl.value if ctl.value in usable else usable[0]
            ctl.input.options = [(p.choice_label(c), c) for c in usable]
            ctl.input.value = value
        said = "; ".join(
            tr(
                f"«{p.choice_label(c)}» (cần cột {', '.join(term(g).short for g in gaps)})",
                f"“{p.choice_label(c)}” (needs the column{'s' if len(gaps) > 1 else ''} "
                f"{', '.join(term(g).short for g in gaps)})",
            )
            for c, gaps in lacking.items()
        )
        ctl.missing.value = (
            "<i style='color:#666'>"
            + html.escape(
                tr(f"Dữ liệu này chưa dùng được: {said}.", f"Not with this data: {said}.")
            )
            + "</i>"
            if lacking
            else ""
        )


def problem_words(scheme, params: Mapping, exc: Exception) -> str:
    """What a person moving sliders reads when the values do not fit: two parameters out of
    order, by their labels and values (the scheme's :class:`~phanloai.schemes.base.Increasing`
    rules), else the error itself."""
    for rule in getattr(scheme, "increasing", ()):
        said = rule.words(scheme.params, params)
        if said:
            return said
    return str(exc)


def snap(param: Param, value) -> float:
    """A value moved onto the parameter's grid of steps (for sweeping a range in tests)."""
    if param.choices:
        return value
    steps = np.round((float(value) - param.lo) / param.step)
    return float(min(max(param.lo + steps * param.step, param.lo), param.hi))
