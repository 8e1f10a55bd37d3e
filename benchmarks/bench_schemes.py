"""Classification benchmark: every scheme on 1,000,000 customers, RFM from 5,000,000 orders,
and the same rules written with ``DataFrame.apply(axis=1)`` for comparison, in one run.

Run from the repository root::

    uv run python benchmarks/bench_schemes.py            # full sizes (a few minutes)
    uv run python benchmarks/bench_schemes.py --quick    # small sizes, a smoke run

Targets (issue 3): each rule-based scheme < 0.5 s on 1,000,000 customers; RFM from a
5,000,000-row orders table < 2 s (order features + scores + segments); vectorised rules at
least 20x faster than ``apply(axis=1)``. This is a report, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

import phanloai
from phanloai.schemes import SCHEMES
from phanloai.schemes.base import MapScheme, Scheme, SwitchScheme, fold

PASS, FAIL, INFO = "ĐẠT / PASS", "KHÔNG ĐẠT / FAIL", "—"
SKIPPED = "bỏ qua / skipped (--quick)"
NOT_RULE_BASED = {"rfm", "clusters"}


def best_of(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def tile(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` rows made by repeating ``table`` (categoricals stay categoricals)."""
    return table.iloc[np.resize(np.arange(len(table)), n)].reset_index(drop=True)


def row_rules(scheme, p):
    """The scheme's own rules applied to one row at a time: the ``apply(axis=1)`` way.

    Decision lists run their rule functions on the row (a Series, so ``row["n_orders"] >= 2`` is
    a plain comparison); a rule written for whole columns (``.fillna().to_numpy()``) gets a
    one-row DataFrame instead. Text schemes look each value up in the same synonym table."""
    if isinstance(scheme, SwitchScheme):
        scheme = scheme.part(p)
    if type(scheme).assign not in (Scheme.assign, MapScheme.assign):
        return None  # a scheme with its own assign (e.g. region + country): no generic row version
    labels = scheme.codes(p)  # classify returns level codes
    unknown = labels[-1]
    pos = {lv.code: i for i, lv in enumerate(scheme.levels_for(p)[:-1])}
    if isinstance(scheme, MapScheme):
        col = scheme.column_for(p)
        mapping, fallback = scheme._map_for(p)

        def one_text(row):
            value = row[col]
            key = None if pd.isna(value) else fold(value)
            if not key:
                return unknown
            code = mapping.get(key, fallback)
            return labels[pos[code]] if code else unknown

        return one_text
    needed = [c.name for c in scheme.requires_for(p) if c.unknown_if_missing]
    guards = getattr(scheme, "guards", ())

    def holds(func, row) -> bool:
        try:
            return bool(np.asarray(func(row, p)).item())
        except AttributeError:
            return bool(np.asarray(func(row.to_frame().T, p))[0])

    def one(row):
        if any(pd.isna(row[c]) for c in needed):
            return unknown
        if any(holds(g.when, row) for g in guards):
            return unknown
        for rule in scheme.rules:
            if rule.when is None or holds(rule.when, row):
                return labels[pos[rule.level]]
        return unknown

    return one


def rfm_orders(n_customers: int, n_orders: int, seed: int = 0) -> tuple[pd.DataFrame, pd.Index]:
    rng = np.random.default_rng(seed)
    ids = pd.Index([f"KH{i:07d}" for i in range(n_customers)], dtype="str")
    owner = rng.integers(0, n_customers, n_orders)
    orders = pd.DataFrame(
        {
            "customer_id": pd.Categorical.from_codes(owner, categories=ids),
            "order_date": np.datetime64("2024-01-01")
            + rng.integers(0, 730, n_orders).astype("timedelta64[D]"),
            "amount": (rng.lognormal(13, 0.8, n_orders) // 1000 * 1000).astype(np.int64),
        }
    )
    return orders, ids


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    args = ap.parse_args(argv)
    n = 20_000 if args.quick else 1_000_000
    n_apply = 2_000 if args.quick else 50_000
    n_orders = 100_000 if args.quick else 5_000_000
    runs = 1 if args.quick else 3

    cases = {name: phanloai.load(name) for name in phanloai.CASES}
    rows = []
    print(
        f"Python {sys.version.split()[0]}, pandas {pd.__version__}, NumPy {np.__version__}; "
        f"{n:,} khách / customers, apply(axis=1) trên / on {n_apply:,} dòng / rows"
    )
    for name, scheme in SCHEMES.items():
        table = tile(cases[scheme.cases[0]].table_for(name), n)
        p = scheme.defaults()
        try:
            vec = best_of(lambda t=table, s=name: phanloai.classify(t, s), runs)
        except Exception as exc:  # a report: note the failure and go on
            rows.append((name, f"LỖI / ERROR: {exc}", "", "", "", ""))
            continue
        target = (
            INFO
            if name in NOT_RULE_BASED
            else SKIPPED
            if args.quick
            else (PASS if vec < 0.5 else FAIL)
        )
        ratio = speed = ""
        if name not in NOT_RULE_BASED:
            small = table.head(n_apply)
            func = row_rules(scheme, p)
            try:
                if func is None:
                    raise NotImplementedError("custom assign")
                slow = best_of(lambda s=small, f=func: s.apply(f, axis=1), 1)
                fast = best_of(lambda s=small, nm=name: phanloai.classify(s, nm), runs)
                same = (
                    small.apply(func, axis=1).astype(str).to_numpy()
                    == phanloai.classify(small, name).astype(str).to_numpy()
                ).all()
                ratio = f"{slow / fast:,.0f}×" + ("" if same else " (≠!)")
                speed = SKIPPED if args.quick else (PASS if slow / fast >= 20 else FAIL)
            except Exception as exc:
                ratio = f"n/a ({type(exc).__name__})"
        rows.append(
            (
                name,
                f"{vec:.3f} s",
                "< 0.5 s" if name not in NOT_RULE_BASED else INFO,
                target,
                ratio,
                speed,
            )
        )

    width = max(len(r[0]) for r in rows) + 2
    print(
        f"\n{'scheme':{width}}{'1M: thời gian / time':>22}  {'mục tiêu / target':>18}  {'kết quả / result':>18}  "
        f"{'so với apply / vs apply':>24}  {'≥ 20×':>26}"
    )
    for r in rows:
        print(f"{r[0]:{width}}{r[1]:>22}  {r[2]:>18}  {r[3]:>26}  {r[4]:>24}  {r[5]:>26}")

    if "rfm" in SCHEMES:
        orders, ids = rfm_orders(n // 1, n_orders)

        def rfm_pipeline():
            feats = phanloai.order_features(orders, ids, as_of="2025-12-31")
            return phanloai.classify(feats, "rfm")

        for label in (
            "mã khách dạng category / categorical ids",
            "mã khách dạng chữ (như đọc từ CSV) / string ids (as read from CSV)",
        ):
            took = best_of(rfm_pipeline, runs)
            verdict = SKIPPED if args.quick else (PASS if took < 2 else FAIL)
            print(
                f"\nRFM từ / from {n_orders:,} đơn / orders, {n:,} khách / customers, {label}\n"
                f"  (order_features + classify): {took:.2f} s   mục tiêu / target < 2 s   {verdict}"
            )
            orders["customer_id"] = orders["customer_id"].astype("str")
    return 0


if __name__ == "__main__":
    sys.exit(main())
