"""The data dictionary: every column of every table, in Vietnamese and English."""

from __future__ import annotations

import tomllib
from functools import cache

import pandas as pd

from ._i18n import tr
from .params import synthetic_dir


@cache
def _raw() -> dict:
    return tomllib.loads((synthetic_dir() / "tu_dien_du_lieu.toml").read_text("utf-8"))


def table_meaning(case: str, table: str) -> str:
    entry = _raw().get("tables", {}).get(table, {})
    return tr(entry.get("vi", ""), entry.get("en", ""))


def data_dictionary(case: str | None = None) -> pd.DataFrame:
    """Every documented column: table, column, meaning (vi, en), unit, allowed values, cases."""
    rows = []
    for table, cols in _raw().get("columns", {}).items():
        for col, d in cols.items():
            cases = d.get("cases", ["spa", "bolts", "fashion"])
            if case is None or case in cases:
                rows.append(
                    {
                        "table": table,
                        "column": col,
                        "vi": d["vi"],
                        "en": d["en"],
                        "unit": d.get("unit", ""),
                        "values": d.get("values", ""),
                        "cases": ", ".join(cases),
                    }
                )
    return pd.DataFrame(rows)
