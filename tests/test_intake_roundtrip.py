"""Round trip through the door (issue 9): a generated world written to CSV and to Excel, read back
by ``phanloai.from_files``, gives the same label to every customer under every scheme.

Two ways in: the customer table as the world has it (the order features already in it), and the
customer table *without* them, so the door derives the behaviour from the order lines itself.
"""

from __future__ import annotations

import pandas as pd
import pytest

import phanloai
from phanloai import SCHEMES, PhanloaiError
from phanloai.export import save_tables

#: columns the door works out from the order lines (features.order_features)
ORDER_FEATURES = [
    "n_orders",
    "total_spend",
    "avg_order_value",
    "first_purchase",
    "last_purchase",
    "recency_days",
]


def _write(tables: dict, folder, fmt: str):
    if fmt == "xlsx":
        (path,) = save_tables(tables, folder / "the_gioi.xlsx")
        return {"customers": path, "orders": path}
    save_tables(tables, folder / "csv")
    return {"customers": folder / "csv" / "customers.csv", "orders": folder / "csv" / "orders.csv"}


def _labels(customers: pd.DataFrame, scheme: str) -> pd.Series | None:
    try:
        labels = phanloai.classify(customers, scheme)
    except PhanloaiError:
        return None  # the scheme needs columns this table does not have
    return pd.Series(labels.astype(str).to_numpy(), index=customers["customer_id"].astype(str))


@pytest.fixture(scope="module", params=["spa", "bolts", "fashion"])
def world(request):
    return phanloai.load(request.param, n=300, seed=5)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_scheme_gives_the_same_labels_after_the_round_trip(world, fmt, tmp_path):
    files = _write({"customers": world.customers, "orders": world.tables["orders"]}, tmp_path, fmt)
    back = phanloai.from_files(**files, as_of=world.as_of)
    assert len(back.customers) == len(world.customers)
    assert not len(back.problems("error")), back.report_text()
    compared = []
    for scheme in SCHEMES:
        before = _labels(world.customers, scheme)
        after = _labels(back.customers, scheme)
        assert (before is None) == (after is None), (scheme, fmt)
        if before is None:
            continue
        after = after.reindex(before.index)
        differ = before[before != after]
        assert differ.empty, (
            f"{scheme} ({fmt}): {len(differ)} customers change, e.g.\n{differ.head()}"
        )
        compared.append(scheme)
    assert {"ladder", "rfm", "geographic", "source", "service_level"} <= set(compared)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_behaviour_derived_from_the_order_lines_matches_the_world(world, fmt, tmp_path):
    bare = world.customers.drop(columns=ORDER_FEATURES)
    files = _write({"customers": bare, "orders": world.tables["orders"]}, tmp_path, fmt)
    back = phanloai.from_files(**files, as_of=world.as_of)
    mine = back.customers.set_index(back.customers["customer_id"].astype(str))
    theirs = world.customers.set_index(world.customers["customer_id"].astype(str))
    mine = mine.reindex(theirs.index)
    assert (mine["n_orders"].to_numpy() == theirs["n_orders"].to_numpy()).all()
    spent = theirs["total_spend"].to_numpy(dtype=float)
    assert (abs(mine["total_spend"].to_numpy(dtype=float) - spent) < 0.5).all()
    bought = theirs["n_orders"] > 0
    assert (mine.loc[bought, "recency_days"] == theirs.loc[bought, "recency_days"]).all()
    for scheme in ("ladder", "rfm", "purchase_behavior"):
        before, after = _labels(world.customers, scheme), _labels(back.customers, scheme)
        assert before is not None and after is not None, scheme
        assert (before == after.reindex(before.index)).all(), scheme
