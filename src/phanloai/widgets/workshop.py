"""Bảng điều khiển cho workshop — the no-code dashboard a sales team uses in a workshop.

One page, no code: choose a classification, move its parameters (the explorer of
:func:`~phanloai.explore`: segment sizes, revenue, priorities, "why is this customer here?"),
compare two classifications, and take away the lists (:func:`~phanloai.export_segments`) — saved
in a folder without ever replacing a file, and offered as a download in the browser. Vietnamese
first, English with one switch. ``phanloai workshop CASE`` serves it with Voila.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import ipywidgets as widgets

from .._i18n import PhanloaiError, get_language, set_language, tr
from ..case import CASES, Case, load
from ..files import exists_error
from ..lists import export_segments
from ..schemes.registry import SCHEMES
from ..vn import format_number
from ..vocab import term
from .explorer import Compare, Explorer

__all__ = ["Workshop", "workshop"]

#: the classification a workshop on each case starts with
_FIRST = {"spa": "relationship", "bolts": "company_size", "fashion": "ladder"}
#: how the lists can be split, when the table has the column
_SPLITS = ("staff_id", "province", "source", "industry")


class Workshop(widgets.VBox):
    """The dashboard (see :func:`workshop`). Keeps ``explorer`` (the current
    :class:`~phanloai.widgets.Explorer`), ``comparison`` and ``saved`` (the files written)."""

    def __init__(self, data, *, scheme: str | None = None, downloads="danh_sach"):
        if isinstance(data, str) and data in CASES:
            data = load(data)
        if not isinstance(data, Case):
            raise PhanloaiError(
                f"workshop(): cần một tình huống ({', '.join(CASES)}), phanloai.load(...) hoặc "
                "phanloai.from_files(...).",
                f"workshop(): needs a case ({', '.join(CASES)}), phanloai.load(...) or "
                "phanloai.from_files(...).",
            )
        self.case = data
        if callable(getattr(data, "schemes", None)):  # your own data (phanloai.from_files)
            self.codes = list(data.schemes())
        else:
            self.codes = [s.code for s in SCHEMES.values() if data.name in s.cases]
        if not self.codes:
            raise PhanloaiError(
                "workshop(): dữ liệu này chưa đủ cột cho cách phân loại nào (xem phanloai docs).",
                "workshop(): this data has the columns of no classification yet (see phanloai docs).",
            )
        if scheme is not None and scheme not in self.codes:
            raise PhanloaiError(
                f"workshop(): '{scheme}' không dùng cho tình huống này; chọn: {', '.join(self.codes)}.",
                f"workshop(): '{scheme}' does not apply to this case; choose: {', '.join(self.codes)}.",
            )
        self.downloads = Path(downloads)
        self.saved: list[Path] = []
        first = _FIRST.get(data.name)
        self._scheme = scheme or (first if first in self.codes else self.codes[0])
        self._params: dict = {}
        super().__init__()
        self.add_class("phanloai-workshop")
        self._build()

    # -- building (again after a language switch) ---------------------------------------------
    def _build(self) -> None:
        self.language = widgets.ToggleButtons(
            options=[("Tiếng Việt", "vi"), ("English", "en")], value=get_language()
        )
        self.language.add_class("phanloai-language")
        # the two buttons side by side whatever the width: the title wraps, not the buttons
        self.language.layout = widgets.Layout(flex="0 0 auto", width="auto")
        self.language.style.button_width = "7em"
        self.language.observe(self._switch_language, names="value")
        self.scheme = widgets.Dropdown(
            options=[(SCHEMES[c].title, c) for c in self.codes],
            value=self._scheme,
            description=tr("Cách phân loại", "Classification"),
            layout=widgets.Layout(width="40em"),
            style={"description_width": "initial"},
        )
        self.scheme.add_class("phanloai-scheme")
        self.scheme.observe(self._new_scheme, names="value")
        self.explorer = Explorer(self.case, self._scheme, **self._params)
        self.explore_box = widgets.VBox([self.explorer])
        self.tabs = widgets.Tab(
            children=[self.explore_box, self._compare_tab(), self._download_tab()]
        )
        self.tabs.observe(self._tab_opened, names="selected_index")
        for i, title in enumerate(
            (
                tr("Khám phá", "Explore"),
                tr("So sánh hai cách", "Compare two"),
                tr("Tải danh sách", "Download lists"),
            )
        ):
            self.tabs.set_title(i, title)
        head = widgets.HTML(
            f"<h2 style='margin:0.2em 0'>{html.escape(tr('Phân loại khách hàng', 'Customer classification'))}"
            f" — {html.escape(self.case.title)}</h2>"
            f"<div>{html.escape(self._intro())}</div>"
        )
        head.layout = widgets.Layout(flex="1 1 auto")
        self.children = [widgets.HBox([head, self.language]), self.scheme, self.tabs]

    def _intro(self) -> str:
        size = len(self.case.customers)
        made = self.case.name in CASES  # a generated world has a seed; your own data has none
        seed = f" (seed {self.case.seed})" if made else ""
        return tr(
            f"{format_number(size, 0, 'vi')} khách hàng{seed}. Chọn cách phân loại, kéo thanh "
            "trượt, xem các nhóm thay đổi; thẻ 'Tải danh sách' lưu danh sách khách cho từng người "
            "bán hàng.",
            f"{format_number(size, 0, 'en')} customers{seed}. Choose a classification, move the "
            "sliders, watch the segments change; 'Download lists' saves each salesperson's customers.",
        )

    def _switch_language(self, change) -> None:
        """The page again in the other language, where the trainer was: the scheme, its
        parameters, the tab, the comparison, the way the lists are split, the last lists saved."""
        ex = self.explorer  # two sliders out of order: the page comes back as last shown
        self._params = ex.params if ex.problem is None else getattr(ex, "valid_params", {})
        kept = {
            "tab": self.tabs.selected_index,
            "against": self.compare_with.value,
            "split": self.split.value,
            "kind": self.file_kind.value,
            "saved": self.saved[-1]
            if self.saved and "phanloai-download" in self.result.value
            else None,
        }
        set_language(change["new"])
        self._build()
        if kept["against"] in [c for _, c in self.compare_with.options]:
            self.compare_with.value = kept["against"]
        self.split.value = kept["split"]
        self.file_kind.value = kept["kind"]
        if kept["saved"] is not None and kept["saved"].is_file():
            self._show_saved(kept["saved"])
        self.tabs.selected_index = kept["tab"]

    def _new_scheme(self, change) -> None:
        self._scheme, self._params = change["new"], {}
        self.explorer = Explorer(self.case, self._scheme)
        self.explore_box.children = [self.explorer]
        self._fill_compare_choices()
        self._fill_splits()

    # -- compare ---------------------------------------------------------------------------------
    def _compare_tab(self) -> widgets.VBox:
        self.compare_with = widgets.Dropdown(
            description=tr("So với", "Against"),
            layout=widgets.Layout(width="40em"),
            style={"description_width": "initial"},
        )
        self.compare_with.add_class("phanloai-compare-with")
        self.compare_box = widgets.VBox()
        self.comparison: Compare | None = None
        self.tabs = None
        self._fill_compare_choices()
        self.compare_with.observe(lambda _: self._new_comparison(), names="value")
        return widgets.VBox([self.compare_with, self.compare_box])

    def _tab_opened(self, change) -> None:
        if change["new"] == 1 and self.comparison is None:
            self._new_comparison()  # built when first looked at: the page opens sooner

    def _fill_compare_choices(self) -> None:
        table = SCHEMES[self._scheme].table
        others = [c for c in self.codes if c != self._scheme and SCHEMES[c].table == table]
        self.compare_with.options = [(SCHEMES[c].title, c) for c in others]
        self.compare_with.value = others[0] if others else None
        self.comparison = None
        if getattr(self, "tabs", None) is not None and self.tabs.selected_index == 1:
            self._new_comparison()

    def _new_comparison(self) -> None:
        if self.tabs is None or self.tabs.selected_index != 1:
            self.comparison = None  # made when the tab is opened
            return
        other = self.compare_with.value
        if other is None:
            self.comparison = None
            self.compare_box.children = [
                widgets.HTML(tr("Không có cách nào khác để so.", "Nothing else to compare with."))
            ]
            return
        self.comparison = Compare(self.case, self._scheme, other)
        self.compare_box.children = [self.comparison]

    # -- lists -------------------------------------------------------------------------------------
    def _download_tab(self) -> widgets.VBox:
        self.split = widgets.Dropdown(
            description=tr("Mỗi trang là", "One sheet per"), style={"description_width": "initial"}
        )
        self._fill_splits()
        self.file_kind = widgets.ToggleButtons(
            options=[("Excel (.xlsx)", ".xlsx"), ("CSV (.csv)", ".csv")], value=".xlsx"
        )
        self.make = widgets.Button(
            description=tr("Tạo danh sách", "Make the lists"), button_style="primary", icon=""
        )
        self.make.add_class("phanloai-make-lists")
        self.result = widgets.HTML()
        self.result.add_class("phanloai-lists-result")
        self.make.on_click(lambda _: self.save_lists())
        where = html.escape(str(self.downloads.resolve()))
        note = widgets.HTML(
            tr(
                f"Danh sách theo các tham số đang chọn ở thẻ <i>Khám phá</i>. Tệp được lưu vào "
                f"<code>{where}</code> và không bao giờ ghi đè tệp đã có.",
                f"The lists follow the parameters chosen in <i>Explore</i>. Files are saved in "
                f"<code>{where}</code> and never replace a file already there.",
            )
        )
        return widgets.VBox([note, self.split, self.file_kind, self.make, self.result])

    def _fill_splits(self) -> None:
        table = self.case.table_for(self._scheme)
        # "" (not None, which a dropdown in the browser shows as nothing chosen): by level
        options = [(tr("nhóm (cấp)", "segment (level)"), "")]
        options += [(term(c).short, c) for c in _SPLITS if c in table.columns]
        self.split.options = options
        self.split.value = ""

    def save_lists(self) -> Path:
        """Write the lists of the current classification (never over an existing file) and
        offer them as a download; returns the path written."""
        ex = self.explorer
        if ex.problem_both is not None:  # the sliders on screen make no segments: no list
            vi = f"Chưa tạo danh sách: {ex.problem_both[0]}"
            en = f"No lists made: {ex.problem_both[1]}"
            self.result.value = f"<div style='color:#b00020'>{html.escape(tr(vi, en))}</div>"
            raise PhanloaiError(vi, en)
        stem = f"{self.case.name}_{ex.scheme.code}" + (
            f"_{self.split.value}" if self.split.value else ""
        )
        suffix = self.file_kind.value
        self.downloads.mkdir(parents=True, exist_ok=True)
        for i in range(1, 1000):
            path = self.downloads / (f"{stem}{suffix}" if i == 1 else f"{stem} ({i}){suffix}")
            try:
                export_segments(ex.table, ex.labels, path, by=self.split.value or None)
                break
            except PhanloaiError as exc:
                if path.exists() and str(exists_error(path)) == str(exc):
                    continue  # taken: the next free name
                self.result.value = f"<div style='color:#b00020'>{html.escape(str(exc))}</div>"
                raise
        self.saved.append(path)
        self._show_saved(path)
        return path

    def _show_saved(self, path: Path) -> None:
        """Where the lists were saved, and a link that downloads them through the browser."""
        suffix = path.suffix
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        kind = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if suffix == ".xlsx"
            else "text/csv"
        )
        name = html.escape(path.name)
        self.result.value = (
            f"<div>{html.escape(tr('Đã lưu', 'Saved'))}: <code>{html.escape(str(path))}</code></div>"
            f"<a download='{name}' href='data:{kind};base64,{data}' class='phanloai-download'>"
            f"⬇ {html.escape(tr('Tải về máy', 'Download'))} {name}</a>"
        )


def workshop(data, *, scheme: str | None = None, downloads="danh_sach") -> Workshop:
    """Bảng điều khiển cho workshop — the whole no-code dashboard for one case.

    Parameters
    ----------
    data : a case name (``"spa"``, ``"bolts"``, ``"fashion"``) or ``phanloai.load(...)``.
    scheme : the classification shown first (default: the first that applies to the case).
    downloads : the folder where the lists are saved (never replacing a file).

    Examples
    --------
    >>> import phanloai, tempfile
    >>> w = phanloai.workshop("spa", scheme="service_level", downloads=tempfile.mkdtemp())
    >>> w.save_lists().suffix
    '.xlsx'
    """
    return Workshop(data, scheme=scheme, downloads=downloads)
