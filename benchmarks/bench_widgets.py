"""Explorer latency: from a slider's value change to the new picture ready, at 100,000 customers.

Run from the repository root::

    uv run python benchmarks/bench_widgets.py            # 100,000 customers, 60 moves per slider
    uv run python benchmarks/bench_widgets.py --quick    # small sizes, a smoke run (nothing judged)

Targets (issue 7): a slider move redraws in under 100 ms median and 250 ms p95 at 100,000
customers. A move is timed inside the kernel: the explorer reclassifies the table, builds the
profile, redraws its reused chart into PNG bytes for an ``ipywidgets.Image`` and refreshes the
profile table (``Explorer.timings``). The browser then shows the picture (measured by the browser
tests). This is a report, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

import phanloai
from phanloai.widgets.controls import snap

PASS, FAIL, SKIPPED = "ĐẠT / PASS", "KHÔNG ĐẠT / FAIL", "bỏ qua / skipped (--quick)"
#: (case, scheme, parameter swept): the sliders a class moves most.
SLIDERS = (
    ("fashion", "ladder", "radius_km"),
    ("fashion", "ladder", "key_spend"),
    ("fashion", "rfm", "bins"),
    ("fashion", "behavioral", "repeat_orders"),
    ("spa", "service_level", "loyal_orders"),
    ("bolts", "company_size", "staff_max"),
)


def sweep(explorer, name: str, moves: int) -> list[float]:
    """Move one slider back and forth across its range; the seconds each redraw took."""
    param = explorer.scheme.params[name]
    values = [snap(param, v) for v in np.linspace(param.lo, param.hi, max(moves // 2, 2))]
    explorer.timings.clear()
    for value in (values + values[::-1])[:moves]:
        explorer.set(**{name: value})
    return list(explorer.timings)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    args = ap.parse_args(argv)
    n = 5_000 if args.quick else 100_000
    moves = 10 if args.quick else 60
    print(
        f"Python {sys.version.split()[0]}; {n:,} khách / customers; {moves} lần kéo mỗi thanh / moves per slider"
    )
    cases = {}
    rows = []
    for case, scheme, param in SLIDERS:
        if case not in cases:
            start = time.perf_counter()
            cases[case] = phanloai.load(case, n=n)
            print(f"  load('{case}', n={n:,}): {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        explorer = phanloai.explore(cases[case], scheme)
        built = time.perf_counter() - start
        took = np.array(sweep(explorer, param, moves)) * 1000
        median, p95 = float(np.median(took)), float(np.percentile(took, 95))
        verdict = SKIPPED if args.quick else (PASS if median < 100 and p95 < 250 else FAIL)
        rows.append((f"{case}/{scheme}/{param}", len(explorer.table), built, median, p95, verdict))
    cmp = phanloai.compare(cases["fashion"], "ladder", "rfm")
    cmp.timings.clear()
    for r in np.linspace(1, 60, moves):
        cmp.controls_a["radius_km"].set(snap(cmp.schemes[0].params["radius_km"], r))
    took = np.array(cmp.timings) * 1000
    rows.append(
        (
            "compare fashion ladder × rfm / radius_km",
            len(cmp.frame),
            0.0,
            float(np.median(took)),
            float(np.percentile(took, 95)),
            "—",
        )
    )
    print(
        f"\n{'thanh trượt / slider':44}{'dòng / rows':>12}{'dựng / build':>14}{'trung vị / median':>20}"
        f"{'p95':>10}  kết quả / result (median < 100 ms, p95 < 250 ms)"
    )
    for name, size, built, median, p95, verdict in rows:
        print(f"{name:44}{size:>12,}{built:>12.2f} s{median:>17.1f} ms{p95:>7.1f} ms  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
