"""Đếm lần mua theo đơn hay theo ngày — the RFM explorer with a switch for how purchases count.

Two orders on one day are two purchases when counting orders and one when counting days (what
many RFM tools do). The switch recounts the case's order lines (:func:`phanloai.order_features`
with ``count=``) and shows the same RFM explorer, parameters kept, on the recounted table; the
line under the switch says how many buyers changed segment.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .._i18n import PhanloaiError, tr
from ..lessons.rfm_clusters import counting_moves, recounted
from ..vn import format_number
from .explorer import Explorer


class CountingSwitch(widgets.VBox):
    """See the module. ``explorer`` is the RFM explorer shown; ``count`` the way of counting."""

    def __init__(self, case, **params):
        from ..case import CASES, load

        if isinstance(case, str) and case in CASES:
            case = load(case)
        if not hasattr(case, "tables") or "orders" not in case.tables:
            raise PhanloaiError(
                "counting_switch(): cần một tình huống có bảng đơn hàng — phanloai.load(...) hoặc "
                "phanloai.from_files(..., orders=...).",
                "counting_switch(): needs a case with an order table — phanloai.load(...) or "
                "phanloai.from_files(..., orders=...).",
            )
        self.case = case
        self.tables = {}
        self.switch = widgets.ToggleButtons(
            options=[
                (tr("Mỗi đơn là một lần mua", "Each order is a purchase"), "orders"),
                (tr("Mỗi ngày có đơn là một lần mua", "Each day with an order is one"), "days"),
            ],
            value="orders",
            style={"button_width": "auto"},  # the whole Vietnamese label, never cut
        )
        self.switch.add_class("phanloai-count")
        self.note = widgets.HTML()
        self.explorer = Explorer(self._table("orders"), "rfm", **params)
        self._say(params)
        self.switch.observe(self._switch, names="value")
        super().__init__([self.switch, self.note, self.explorer])

    @property
    def count(self) -> str:
        return self.switch.value

    def _table(self, count: str):
        if count not in self.tables:
            self.tables[count] = recounted(self.case, count)
        return self.tables[count]

    def _say(self, params: dict) -> None:
        moved = len(counting_moves(self.case, **params))
        self.note.value = html.escape(
            tr(
                f"Với các tham số đang chọn, đổi cách đếm làm {format_number(moved, 0, 'vi')} "
                "người mua đổi phân khúc.",
                f"With the parameters chosen, changing the count moves "
                f"{format_number(moved, 0, 'en')} buyers to another segment.",
            )
        )

    def _switch(self, change) -> None:
        params = self.explorer.params
        self.explorer = Explorer(self._table(change["new"]), "rfm", **params)
        self._say(params)
        self.children = [self.switch, self.note, self.explorer]


def counting_switch(case, **params) -> CountingSwitch:
    """The RFM explorer on ``case`` with a switch: count purchases by order or by day."""
    return CountingSwitch(case, **params)
