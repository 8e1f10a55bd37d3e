"""The data dictionary documents every column of every table, and only those."""

from __future__ import annotations

import pytest

import phanloai
from phanloai.dictionary import data_dictionary


@pytest.mark.parametrize("name", phanloai.CASES)
def test_every_column_documented(cases, name):
    d = data_dictionary(name)
    documented = set(zip(d["table"], d["column"], strict=True))
    present = {(t, c) for t, df in cases[name].tables.items() for c in df.columns}
    present |= {("contacts", c) for c in cases[name].contacts.columns}  # a view of two tables
    assert present - documented == set(), "undocumented"
    assert documented - present == set(), "documented but not generated"


@pytest.mark.parametrize("name", phanloai.CASES)
def test_listed_values_are_respected(cases, name):
    d = data_dictionary(name)
    raw = phanloai.dictionary._raw()["columns"]
    for row in d.itertuples():
        allowed = raw[row.table][row.column].get("values")
        if isinstance(allowed, list):
            seen = set(cases[name].tables[row.table][row.column].dropna().astype(str))
            assert seen <= set(allowed), (row.table, row.column, seen - set(allowed))


def test_every_entry_has_both_languages():
    d = data_dictionary()
    assert (d["vi"].str.len() > 0).all() and (d["en"].str.len() > 0).all()
