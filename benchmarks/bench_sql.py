"""Classifying where the data lives (issue 10): RFM and the ladder from order lines in Parquet,
through DuckDB (``phanloai.sql``) and through pandas, side by side.

Run from the repository root::

    uv run python benchmarks/bench_sql.py            # 1,000,000, 10,000,000 and 50,000,000 lines
    uv run python benchmarks/bench_sql.py --quick    # 200,000 lines, a smoke run

For each size, DuckDB writes an orders file (``customer_id`` as text ``KH…``, ``amount``,
``order_date`` over two years; one customer per five lines, a few buying often and many
once or never) and a customers file
(``customer_id``, ``distance_km``). Then, each in a fresh process (its peak memory is its own):

- **duckdb**: ``phanloai.sql.order_features`` on the Parquet file (one GROUP BY), joined to the
  customers, ``phanloai.classify(..., "rfm")`` and ``(..., "ladder")`` as expressions, the result
  written to Parquet and the segments counted — the data never pass through pandas.
- **pandas**: ``pandas.read_parquet``, ``phanloai.order_features``, the same two schemes.
- **command**: ``phanloai classify CUSTOMERS --orders ORDERS --scheme ladder --engine duckdb``
  (:func:`phanloai.sql.classify_file`: headers, ids, linking, features, levels and reasons).
- **explain** (up to ``--explain-max`` lines): the ladder's reason for every customer, written by
  each engine into a Parquet file; the two files must give every customer the same words.

Both must count the same customers in every segment. Target (issue 10): at 50 million lines
DuckDB stays under 3 GB of peak memory (Linux ``VmHWM``). Times are the wall time of the work
after the process has started and imported the package. This is a report, not a test: it always
exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from phanloai.lessons.big_data import write_order_files

AS_OF = "2025-12-31"
LIMIT_MIB = 3 * 1024
#: what DuckDB may hold in memory before it spills to temporary files (its default is most of
#: the machine: it would use it, not because it needs it)
MEMORY_LIMIT = "1.5GB"
PASS, FAIL, INFO = "ĐẠT / PASS", "KHÔNG ĐẠT / FAIL", "—"


def peak_mib() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_duckdb(orders_path: str, customers_path: str, out: str) -> dict:
    import phanloai
    from phanloai import sql

    con = sql.connect(memory_limit=MEMORY_LIMIT)
    start = time.perf_counter()
    orders = con.read_parquet(orders_path)
    customers = con.read_parquet(customers_path)
    feats = sql.order_features(orders, AS_OF, customers.select("customer_id"))
    table = feats.join(customers, "customer_id")
    result = table.select(
        "customer_id",
        rfm=phanloai.classify(table, "rfm"),
        ladder=phanloai.classify(table, "ladder"),
    )
    con.to_parquet(result, out)
    done = con.read_parquet(out)
    counts = {
        scheme: {
            str(k): int(v)
            for k, v in done.group_by(scheme).aggregate(n=done.count()).to_pandas().values
        }
        for scheme in ("rfm", "ladder")
    }
    return {"seconds": time.perf_counter() - start, "counts": counts}


def _pandas_table(orders_path: str, customers_path: str):
    """The per-customer table pandas classifies, and the customers file."""
    import pandas as pd

    import phanloai

    orders = pd.read_parquet(orders_path)
    customers = pd.read_parquet(customers_path)
    feats = phanloai.order_features(orders, customers["customer_id"], AS_OF)
    table = feats.reset_index(drop=True).assign(distance_km=customers["distance_km"].to_numpy())
    return table, customers


def run_pandas(orders_path: str, customers_path: str, out: str) -> dict:
    import phanloai

    start = time.perf_counter()
    table, customers = _pandas_table(orders_path, customers_path)
    counts = {
        scheme: {
            str(k): int(v) for k, v in phanloai.classify(table, scheme).value_counts().items() if v
        }
        for scheme in ("rfm", "ladder")
    }
    return {"seconds": time.perf_counter() - start, "counts": counts}


def _customers_table(con, orders_path: str, customers_path: str):
    from phanloai import sql

    orders = con.read_parquet(orders_path)
    customers = con.read_parquet(customers_path)
    feats = sql.order_features(orders, AS_OF, customers.select("customer_id"))
    return feats.join(customers, "customer_id")


def explain_duckdb(orders_path: str, customers_path: str, out: str) -> dict:
    """The ladder's reason for every customer, written by the engine into a Parquet file."""
    import phanloai
    from phanloai import sql

    con = sql.connect(memory_limit=MEMORY_LIMIT)
    start = time.perf_counter()
    table = _customers_table(con, orders_path, customers_path)
    why = phanloai.explain(table, "ladder").select("customer_id", "level", "reason")
    con.to_parquet(why, out)
    return {"seconds": time.perf_counter() - start}


def explain_pandas(orders_path: str, customers_path: str, out: str) -> dict:
    import phanloai

    start = time.perf_counter()
    table, customers = _pandas_table(orders_path, customers_path)
    why = phanloai.explain(table, "ladder")
    why.insert(0, "customer_id", customers["customer_id"].to_numpy())
    why.astype({"level": str}).to_parquet(out)
    return {"seconds": time.perf_counter() - start}


def same_words(a: Path, b: Path) -> int:
    """How many customers the two explanations give different words (or levels)."""
    import duckdb

    return duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{a}') x FULL JOIN read_parquet('{b}') y "
        "USING (customer_id) "
        "WHERE x.reason IS DISTINCT FROM y.reason OR x.level IS DISTINCT FROM y.level"
    ).fetchone()[0]


def run_command(orders_path: str, customers_path: str, out: str) -> dict:
    """``phanloai classify CUSTOMERS --orders ORDERS --scheme ladder --engine duckdb``: the
    files read by their headers, ids checked and cleaned, orders linked to customers (added
    ones, lost zeros), features, levels and reasons written to Parquet."""
    from phanloai import sql

    start = time.perf_counter()
    done = sql.classify_file(
        orders_path,
        "ladder",
        {},
        out,
        customers=customers_path,
        as_of=AS_OF,
        force=True,
        memory_limit=MEMORY_LIMIT,
    )
    return {"seconds": time.perf_counter() - start, "customers": sum(done["counts"].values())}


WORK = {
    "command": run_command,
    "duckdb": run_duckdb,
    "pandas": run_pandas,
    "explain-duckdb": explain_duckdb,
    "explain-pandas": explain_pandas,
}


def child(engine: str, orders_path: str, customers_path: str, out: str) -> None:
    work = WORK[engine]
    result = work(orders_path, customers_path, out)
    result["peak_mib"] = peak_mib()
    print(json.dumps(result))


def measure(engine: str, orders_path: Path, customers_path: Path, out: Path) -> dict:
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            engine,
            str(orders_path),
            str(customers_path),
            str(out),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        check=False,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200,000 lines only")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument(
        "--pandas-max", type=int, default=10_000_000, help="the largest size pandas is run at"
    )
    parser.add_argument(
        "--explain-max",
        type=int,
        default=10_000_000,
        help="the largest size the ladder's reasons are written at (both engines)",
    )
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    sizes = [200_000] if args.quick else [1_000_000, 10_000_000, 50_000_000]
    rows = []
    with tempfile.TemporaryDirectory(prefix="phanloai_bench_sql_") as tmp:
        folder = Path(tmp)
        for lines in sizes:
            start = time.perf_counter()
            orders_path, customers_path = write_order_files(folder, lines)
            size_mb = orders_path.stat().st_size / 1e6
            print(
                f"\n== {lines:,} dòng đơn hàng / order lines: tệp Parquet {size_mb:,.0f} MB "
                f"(ghi trong / written in {time.perf_counter() - start:.1f} s) =="
            )
            results = {
                "duckdb": measure("duckdb", orders_path, customers_path, folder / "out.parquet")
            }
            if lines <= args.pandas_max:
                results["pandas"] = measure("pandas", orders_path, customers_path, folder / "x")
            for engine, r in results.items():
                if "error" in r:
                    print(f"  {engine}: LỖI / ERROR {r['error']}")
                    continue
                print(
                    f"  {engine:7s} {r['seconds']:7.2f} s   RSS đỉnh / peak {r['peak_mib']:,.0f} MiB   "
                    f"rfm: {len(r['counts']['rfm'])} nhóm / segments"
                )
            same = (
                "pandas" in results
                and "error" not in results["pandas"]
                and "error" not in results["duckdb"]
                and results["pandas"]["counts"] == results["duckdb"]["counts"]
            )
            if "pandas" in results:
                print(f"  cùng số khách mỗi nhóm / same counts per segment: {same}")
            r = measure("command", orders_path, customers_path, folder / "command.parquet")
            if "error" in r:
                print(f"  command: LỖI / ERROR {r['error']}")
            else:
                print(
                    f"  command {r['seconds']:7.2f} s   RSS đỉnh / peak {r['peak_mib']:,.0f} MiB   "
                    f"(phanloai classify … --engine duckdb, ladder: {r['customers']:,} khách / "
                    "customers)"
                )
            if lines <= args.explain_max:  # the ladder's reasons for every customer
                said = {
                    engine: measure(
                        f"explain-{engine}", orders_path, customers_path, folder / f"{engine}.pq"
                    )
                    for engine in ("duckdb", "pandas")
                    if engine == "duckdb" or lines <= args.pandas_max
                }
                for engine, r in said.items():
                    if "error" in r:
                        print(f"  explain {engine}: LỖI / ERROR {r['error']}")
                    else:
                        print(
                            f"  explain {engine:7s} {r['seconds']:7.2f} s   RSS đỉnh / peak "
                            f"{r['peak_mib']:,.0f} MiB"
                        )
                if len(said) == 2 and all("error" not in r for r in said.values()):
                    differ = same_words(folder / "duckdb.pq", folder / "pandas.pq")
                    print(f"  khách có lời khác / customers with other words: {differ}")
            rows.append((lines, results, same))
            orders_path.unlink()
            customers_path.unlink()
    print("\n== Tổng hợp / summary ==")
    print(
        f"{'dòng / lines':>12}  {'duckdb s':>9}  {'duckdb MiB':>10}  {'pandas s':>9}  {'pandas MiB':>10}  {'cùng/same':>9}  kết quả / result"
    )
    for lines, results, same in rows:
        d, p = results["duckdb"], results.get("pandas", {})
        ok = "error" not in d and d["peak_mib"] < LIMIT_MIB
        judged = lines >= 50_000_000
        verdict = (PASS if ok else FAIL) if judged else INFO
        ps = f"{p['seconds']:9.2f}" if "seconds" in p else f"{'—':>9}"
        pm = f"{p['peak_mib']:10,.0f}" if "peak_mib" in p else f"{'—':>10}"
        ds = f"{d['seconds']:9.2f}" if "seconds" in d else f"{'LỖI':>9}"
        dm = f"{d['peak_mib']:10,.0f}" if "peak_mib" in d else f"{'—':>10}"
        target = f"(mục tiêu / target DuckDB < {LIMIT_MIB:,} MiB) " if judged else ""
        agree = f"{str(same) if 'seconds' in p else '—':>9}"
        print(f"{lines:>12,}  {ds}  {dm}  {ps}  {pm}  {agree}  {target}{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
