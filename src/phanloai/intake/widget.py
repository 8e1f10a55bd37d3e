"""Sửa ánh xạ cột — fixing which column is which, with one dropdown per header the door did not
recognise, then reading the files again.

>>> import tempfile, phanloai
>>> from phanloai.intake.sample import messy_files
>>> folder = messy_files(tempfile.mkdtemp())
>>> mine = phanloai.from_files(folder / "khach_hang.csv", orders=folder / "don_hang.xlsx")
>>> fixer = fix_mapping(mine)
>>> sorted(fixer.choices)
['Ghi chú', 'Người chăm sóc']
>>> fixer.set("Người chăm sóc", "staff_id")
>>> "staff_id" in fixer.apply().customers.columns
True
"""

from __future__ import annotations

import html
import unicodedata

import ipywidgets as widgets

from .._i18n import PhanloaiError, tr
from .door import YourData, from_files
from .headers import keys_of

__all__ = ["MappingFixer", "fix_mapping"]

KEEP = "__keep__"  # leave the column under its own name
LEAVE_OUT = "__leave_out__"


class MappingFixer(widgets.VBox):
    """One dropdown per unrecognised header (see :func:`fix_mapping`). ``choices`` holds the
    dropdowns by header, ``mapping`` the mapping they make, ``case`` the data read last."""

    def __init__(self, case: YourData):
        if not isinstance(case, YourData) or not case.args:
            raise PhanloaiError(
                "fix_mapping() cần dữ liệu đọc bằng phanloai.from_files(...).",
                "fix_mapping() needs data read with phanloai.from_files(...).",
            )
        self.case = case
        self.choices: dict[str, widgets.Dropdown] = {}
        self._tables: dict[str, str] = {}
        rows = []
        for issue in case.issues:
            if issue.code != "column_unknown":
                continue
            header = issue.detail["header"]
            table = next((f.table for f in case.files if f.file == issue.file), "customers")
            taken = set(next((f.columns.values() for f in case.files if f.file == issue.file), ()))
            options = [
                (
                    tr(
                        "(giữ nguyên, không dùng để phân loại)",
                        "(keep as is, not used to classify)",
                    ),
                    KEEP,
                ),
                (tr("(bỏ cột này)", "(leave this column out)"), LEAVE_OUT),
            ]
            options += [
                (f"{key} — {tr(vi, en)}", key)
                for key, (vi, en) in keys_of(table).items()
                if key not in taken
            ]
            box = widgets.Dropdown(
                options=options,
                value=KEEP,
                description=header,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="42em"),
            )
            box.add_class("phanloai-mapping")
            self.choices[header] = box
            self._tables[header] = table
            rows.append(box)
        self.button = widgets.Button(
            description=tr("Đọc lại với ánh xạ này", "Read again with this mapping"),
            button_style="primary",
        )
        self.button.on_click(lambda _: self.apply())
        self.result = widgets.HTML()
        intro = widgets.HTML(
            html.escape(
                tr(
                    "Các cột dưới đây không khớp tên cột nào đã biết. Chọn cột của bộ công cụ mà "
                    "mỗi cột ứng với, rồi bấm nút để đọc lại tệp.",
                    "The columns below match no known column. Choose the package column each one "
                    "stands for, then press the button to read the files again.",
                )
                if rows
                else tr(
                    "Mọi cột đều đã được nhận ra.",
                    "Every column was recognised.",
                )
            )
        )
        super().__init__([intro, *rows, self.button, self.result])
        self.add_class("phanloai-mapping-fixer")

    @property
    def mapping(self) -> dict:
        """The mapping the dropdowns make, merged with the one the data was read with."""
        out = dict(self.case.args.get("mapping") or {})
        for header, box in self.choices.items():
            if box.value == KEEP:
                out.pop(header, None)
            else:
                out[header] = None if box.value == LEAVE_OUT else box.value
        return out

    def set(self, header: str, key: str | None) -> None:
        """Choose for ``header`` the column ``key`` (None: leave it out), as the dropdown would."""
        header = " ".join(unicodedata.normalize("NFC", str(header)).split())
        if header not in self.choices:
            raise PhanloaiError(
                f"Không có cột chưa nhận ra '{header}'. Các cột: {', '.join(self.choices) or '—'}.",
                f"No unrecognised column '{header}'. The columns: {', '.join(self.choices) or '—'}.",
            )
        value = LEAVE_OUT if key is None else key
        valid = [v for _, v in self.choices[header].options]
        if value not in valid:
            names = ", ".join(v for v in valid if not v.startswith("__"))
            raise PhanloaiError(
                f"'{key}' không phải cột chọn được cho '{header}'. Chọn một trong: {names}.",
                f"'{key}' is not a column to choose for '{header}'. Choose one of: {names}.",
            )
        self.choices[header].value = value

    def apply(self) -> YourData:
        """Read the files again with :attr:`mapping`; the new data is kept in ``case`` and
        returned."""
        args = dict(self.case.args)
        args["mapping"] = self.mapping or None
        self.case = from_files(**args)
        self.result.value = (
            f"<pre style='white-space:pre-wrap'>{html.escape(self.case.report_text())}</pre>"
        )
        return self.case


def fix_mapping(case: YourData) -> MappingFixer:
    """A dropdown for each header the door did not recognise; ``.set(header, key)`` does the
    same from code, ``.apply()`` reads the files again and returns the new data."""
    return MappingFixer(case)
