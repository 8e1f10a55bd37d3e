"""RFM benchmark (issue 11): order features + segments, side by side.

Run from the repository root::

    uv run python benchmarks/bench_rfm.py            # 1,000,000 contacts
    uv run python benchmarks/bench_rfm.py --quick    # 50,000 contacts, a smoke run

The contacts have text ids (``KH0000001``…) as read from a CRM export; about one in five has
bought, 1–12 orders each over two years, with times of day, and some orders fall after the
recency date (left out and counted). Timed, best of three:

1. ``phanloai.order_features`` + ``phanloai.classify(…, "rfm")`` (ours);
2. the same with ``count="days"``;
3. a plain pandas version (groupby, rank scores, the same grid through a lookup) — the baseline
   every notebook could write;
4. PyMC-Marketing's ``rfm_segments`` when it is installed (the optional ``clv`` extra:
   ``uv sync --extra clv``). Target: ours ≥ 2× faster than the peer.

This is a report, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

import phanloai
from phanloai import order_features
from phanloai.schemes.rfm import SEGMENT_GRID, _to_five
from phanloai.vn import fixed_codes

PASS, FAIL = "ĐẠT / PASS", "KHÔNG ĐẠT / FAIL"
SKIPPED = "bỏ qua / skipped (--quick)"
AS_OF = pd.Timestamp("2025-12-31")


def best_of(func, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def make_data(contacts: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    ids = pd.Series(fixed_codes("KH", np.arange(1, contacts + 1), 7), dtype="str")
    buyers = rng.choice(contacts, contacts // 5, replace=False)
    per = rng.integers(1, 13, len(buyers))
    owner = np.repeat(buyers, per)
    seconds = rng.integers(0, 2 * 365 * 86400 + 5 * 86400, len(owner))  # a few after AS_OF
    stamps = pd.Timestamp("2024-01-01") + pd.to_timedelta(seconds, unit="s")
    orders = pd.DataFrame(
        {
            "customer_id": ids.to_numpy()[owner],
            "order_date": stamps,
            "amount": (rng.lognormal(13, 0.8, len(owner)) // 1000 * 1000).astype(np.int64),
        }
    )
    return pd.DataFrame({"customer_id": ids}), orders


def ours(customers: pd.DataFrame, orders: pd.DataFrame, count: str = "orders") -> pd.Series:
    feats = order_features(orders, customers["customer_id"], AS_OF, count=count)
    # one row per customer, in the customers' order: the columns go straight in, no join
    table = customers.assign(**{c: feats[c].to_numpy() for c in feats.columns})
    return phanloai.classify(table, "rfm")


_GRID = np.array([[""] * 6] + [[""] + list(SEGMENT_GRID[r]) for r in range(1, 6)], dtype=object)


def plain_pandas(customers: pd.DataFrame, orders: pd.DataFrame) -> pd.Series:
    o = orders[orders["order_date"] < AS_OF + pd.Timedelta(days=1)]
    g = o.groupby("customer_id")
    f = pd.DataFrame(
        {
            "n": g.size(),
            "spend": g["amount"].sum(),
            "last": g["order_date"].max(),
        }
    )
    f["recency"] = (AS_OF - f["last"].dt.normalize()).dt.days
    five = _to_five(5)
    n = len(f)
    r = five[1 + ((-f["recency"]).rank(method="min").to_numpy().astype(int) - 1) * 5 // n]
    fq = five[1 + (f["n"].rank(method="min").to_numpy().astype(int) - 1) * 5 // n]
    m = five[1 + (f["spend"].rank(method="min").to_numpy().astype(int) - 1) * 5 // n]
    seg = pd.Series(_GRID[r, (fq + m) // 2], index=f.index)
    return seg.reindex(customers["customer_id"]).fillna("never")


def peer(orders: pd.DataFrame):
    try:
        from pymc_marketing.clv import rfm_segments
    except ImportError:
        return None
    o = orders[orders["order_date"] < AS_OF + pd.Timedelta(days=1)]
    return lambda: rfm_segments(
        o,
        customer_id_col="customer_id",
        datetime_col="order_date",
        monetary_value_col="amount",
        observation_period_end=AS_OF,
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    args = ap.parse_args(argv)
    contacts = 50_000 if args.quick else 1_000_000
    runs = 1 if args.quick else 3
    customers, orders = make_data(contacts)
    print(
        f"Python {sys.version.split()[0]}, pandas {pd.__version__}, phanloai {phanloai.__version__}"
    )
    print(
        f"{contacts:,} liên hệ / contacts, {len(orders):,} đơn / orders "
        f"(mã dạng chữ, có giờ / text ids, with times)"
    )
    t1, labels = best_of(lambda: ours(customers, orders), runs)
    print(f"1  phanloai: order_features + classify('rfm')          {t1:7.3f} s")
    t2, _ = best_of(lambda: ours(customers, orders, "days"), runs)
    print(f"2  phanloai: … count='days'                            {t2:7.3f} s")
    t3, plain = best_of(lambda: plain_pandas(customers, orders), runs)
    print(f"3  pandas groupby + rank + lưới / grid                 {t3:7.3f} s")
    same = float((plain.to_numpy() == labels.astype(str).to_numpy()).mean())
    print(f"3a cùng phân khúc với (1) / same segment as (1): {same:.1%}")
    print(f"3b so với / against plain pandas: {t3 / t1:5.2f} ×   — (thông tin / information)")
    run = peer(orders)
    if run is None:
        print("4  PyMC-Marketing: chưa cài / not installed — không so / not compared")
    else:
        t4, _ = best_of(run, runs)
        ratio = t4 / t1
        verdict = SKIPPED if args.quick else (PASS if ratio >= 2 else FAIL)
        print(f"4  PyMC-Marketing rfm_segments                         {t4:7.3f} s")
        print(f"4b nhanh hơn / faster than the peer: {ratio:5.2f} ×   target ≥ 2 ×   {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
