"""Một cửa cho dữ liệu — one door for your own data.

``phanloai.from_files(customers="khach_hang.csv", orders="don_hang.xlsx")`` reads a customer
list and its orders as people export them (Vietnamese headers, ``1.250.000 ₫``, ``05/01/2025``,
``+84`` phones, old province names; CSV in UTF-8, UTF-16 or Windows-1258, Excel, Parquet) and
returns a case every classification, explorer, report, export and workshop accepts, with a
validation report of every problem, row by row, in Vietnamese and English.

- :mod:`.reading` — files to columns (encoding, separator, sheet, header row);
- :mod:`.headers` — headers to column keys (the data dictionary's names, and a mapping);
- :mod:`.values` — money, numbers, dates, phones, provinces… read all at once;
- :mod:`.places` — the 63 → 34 provinces and the 2018 phone prefixes;
- :mod:`.derive` — behaviour features from order lines;
- :mod:`.report` — the validation report;
- :mod:`.door` — :func:`from_files`, :func:`read`, :func:`assemble`, :class:`YourData`;
- :mod:`.sample` — a deliberately messy sample, made by code;
- :mod:`.widget` — fixing the mapping with a dropdown per unrecognised header.
"""

from .door import NAME, YourData, assemble, from_files, read
from .reading import peek

__all__ = ["NAME", "YourData", "assemble", "fix_mapping", "from_files", "peek", "read"]


def __getattr__(name: str):
    """The widget loads ipywidgets only when it is wanted."""
    if name in ("fix_mapping", "MappingFixer"):
        from . import widget

        return getattr(widget, name)
    raise AttributeError(f"module 'phanloai.intake' has no attribute {name!r}")
