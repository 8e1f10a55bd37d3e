"""Behaviour features from order lines: the same columns as :func:`phanloai.order_features`
(``n_orders``, ``total_spend``, ``avg_order_value``, ``first_purchase``, ``last_purchase``,
``recency_days``), computed on the integer positions the door already made when it read the
file, so a text customer id costs nothing here.

Why not ``order_features`` itself: it takes the ids again and looks each one up (the door has
done that once, while reading), and it has one meaning for a line — a purchase with a known
amount and date. A real export also holds lines the door must keep honest about:

- a line whose amount could not be read still counts as an order, but that customer's total
  spend and average order are left blank (Unknown), never a smaller number;
- a line whose date could not be read still counts, but that customer's first / last purchase
  and recency are left blank (Unknown);
- a negative amount is a refund: taken off the total spend, not counted as an order, its date
  not a purchase date;
- lines sharing an order id (one line per item) are one order.

On a table without such lines the result is exactly ``order_features``' (tested).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..features import as_of_bounds, recency_in_days

FEATURES = (
    "n_orders",
    "total_spend",
    "avg_order_value",
    "first_purchase",
    "last_purchase",
    "recency_days",
)


def order_features_from_codes(
    codes: np.ndarray,
    n_customers: int,
    amounts: np.ndarray,
    dates: np.ndarray,
    as_of,
    order_codes: np.ndarray | None = None,
) -> pd.DataFrame:
    """Per customer position ``0 … n_customers − 1``: the behaviour features.

    ``codes``: each line's customer position (every line belongs to a customer);
    ``amounts``: float, NaN where unknown; ``dates``: datetime64, NaT where unknown;
    ``order_codes``: each line's order (lines with one code are one order; −1: a line of its own).
    """
    codes = np.asarray(codes, dtype=np.int64)
    amounts = np.asarray(amounts, dtype=float)
    dates = np.asarray(dates).astype("datetime64[s]")
    n = n_customers
    unknown_amount = np.isnan(amounts)
    refund = amounts < 0  # NaN < 0 is False: an unknown amount still counts as an order
    is_order = ~refund
    if order_codes is not None and (np.asarray(order_codes) >= 0).any():
        counts = _distinct_orders(codes[is_order], np.asarray(order_codes)[is_order], n)
    else:
        counts = np.bincount(codes[is_order], minlength=n)
    spend = np.bincount(codes, weights=np.where(unknown_amount, 0.0, amounts), minlength=n)
    spend_unknown = np.bincount(codes[unknown_amount], minlength=n) > 0
    ticks = dates.view(np.int64)
    known_date = ~np.isnat(dates)
    use = is_order & known_date
    big = np.iinfo(np.int64).max
    lo, hi = np.full(n, big), np.full(n, -big)
    np.minimum.at(lo, codes[use], ticks[use])
    np.maximum.at(hi, codes[use], ticks[use])
    date_unknown = np.bincount(codes[is_order & ~known_date], minlength=n) > 0
    none = (lo == big) | date_unknown
    first = np.where(none, np.datetime64("NaT"), lo.astype("datetime64[s]"))
    last = np.where(none, np.datetime64("NaT"), hi.astype("datetime64[s]"))
    recency = recency_in_days(last, as_of_bounds(as_of)[0])  # calendar days, as order_features
    total = np.where(spend_unknown, np.nan, np.round(spend, 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        aov = np.where(counts > 0, np.round(total / np.maximum(counts, 1), 0), np.nan)
    out = pd.DataFrame(
        {
            "n_orders": counts.astype(np.int64),
            "total_spend": total,
            "avg_order_value": aov,
            "first_purchase": first,
            "last_purchase": last,
            "recency_days": recency,
        }
    )
    if not spend_unknown.any():
        out["total_spend"] = total.astype(np.int64)
    return out


def _distinct_orders(codes: np.ndarray, orders: np.ndarray, n: int) -> np.ndarray:
    """Orders per customer: distinct order codes, each line without a code an order of its own."""
    alone = orders < 0
    counts = np.bincount(codes[alone], minlength=n)
    if (~alone).any():
        width = int(orders.max()) + 1
        pairs = np.unique(codes[~alone] * width + orders[~alone])
        counts += np.bincount(pairs // width, minlength=n)
    return counts
