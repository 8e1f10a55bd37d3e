"""Generation benchmark for phanloai: one run, one table of figures next to their targets.

Run from the repository root::

    uv run python benchmarks/bench_generate.py            # full sizes (about a minute)
    uv run python benchmarks/bench_generate.py --quick    # small sizes, a smoke run

Figures
-------
1. 100,000 customer profiles: the "tutorial way" (a Python loop, one dict per customer, one
   Faker('vi_VN') call per field) against the package's NumPy pool sampling
   (``people`` + ``locations`` from ``phanloai.worlds._common``, as the spa world calls them).
   Target: speed-up >= 50x. A whole spa world of the same size is timed too (no target).
2. ``phanloai.load("bolts")`` at its default 10,000 firms, all tables, best of 5. Target < 0.5 s.
3. ``phanloai.load("fashion", n=1_000_000)`` in a fresh subprocess: wall time of ``load`` and the
   process's peak resident memory (``VmHWM`` on Linux, else ``ru_maxrss``). Targets < 15 s and
   < 2 GiB.

This is a report, not a test: the script always exits 0. Verdicts read PASS / FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
PASS, FAIL = "ĐẠT / PASS", "KHÔNG ĐẠT / FAIL"
SKIPPED = "bỏ qua / skipped (--quick)"
INFO = "—"
ERROR = "LỖI / ERROR"

TARGET_SPEEDUP = 50.0
TARGET_BOLTS_S = 0.5
TARGET_FASHION_S = 15.0
TARGET_FASHION_MIB = 2048.0  # 2 GiB


@dataclass
class Sizes:
    profiles: int  # customer profiles in part 1
    faker_rows: int  # rows actually built with Faker (extrapolated to `profiles` when fewer)
    bolts_runs: int
    fashion_n: int
    judged: bool  # full sizes: compare the size-dependent figures with their targets


FULL = Sizes(profiles=100_000, faker_rows=100_000, bolts_runs=5, fashion_n=1_000_000, judged=True)
QUICK = Sizes(profiles=10_000, faker_rows=2_000, bolts_runs=2, fashion_n=20_000, judged=False)


@dataclass
class Figure:
    """One row of the summary table."""

    key: str
    label: str
    value: str
    target: str = INFO
    verdict: str = INFO


def verdict(ok: bool, judged: bool = True) -> str:
    if not judged:
        return SKIPPED
    return PASS if ok else FAIL


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def say(text: str = "") -> None:
    print(text, flush=True)


# -- 1. customer profiles ---------------------------------------------------------------------


def spa_params():
    from phanloai.case import resolve_params

    _, p = resolve_params("spa")
    return p


def faker_profiles(n: int, p, seed: int = 0) -> pd.DataFrame:
    """The tutorial way: a Python loop, one dict per customer, Faker('vi_VN') for every field.

    Same columns as ``people()`` + province/address, with the spa world's shares."""
    from faker import Faker

    from phanloai.worlds._common import MBTI_SHARES

    # Weighted choices need OrderedDicts in Faker; built once, outside the loop.
    marital = OrderedDict(p.flat_shares("people.marital"))
    income = OrderedDict(p.flat_shares("people.income"))
    interest = OrderedDict(p.flat_shares("people.interests"))
    mbti = OrderedDict(MBTI_SHARES)
    female_pct = round(100 * p.get("people.female_share", float))
    age_mean, age_sd = p.get("people.age_mean", float), p.get("people.age_sd", float)
    age_min, age_max = p.get("people.age_min", int), p.get("people.age_max", int)
    year = p.dates()[1].year

    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    rows = []
    for _ in range(n):
        female = fake.pybool(truth_probability=female_pct)
        age = min(max(round(fake.random.gauss(age_mean, age_sd)), age_min), age_max)
        rows.append(
            {
                "full_name": fake.name_female() if female else fake.name_male(),
                "gender": "Nữ" if female else "Nam",
                "birth_year": year - age,
                "age": age,
                "phone": fake.phone_number(),
                "marital_status": fake.random_element(marital),
                "income_band": fake.random_element(income),
                "job_title": fake.job(),
                "interest": fake.random_element(interest),
                "mbti": fake.random_element(mbti) if fake.pybool(truth_probability=35) else None,
                "province": fake.province(),
                "address": f"{fake.street_address()}, {fake.administrative_unit()}",
            }
        )
    return pd.DataFrame(rows)


def package_profiles(n: int, p, seed: int = 0) -> pd.DataFrame:
    """The package way, exactly as the spa world builds its contacts: ``people`` + ``locations``."""
    from phanloai.worlds import _common as c

    rng = np.random.default_rng(seed)
    loc = c.locations(
        rng,
        n,
        p,
        p.get("people.local_share", float, 0, 1),
        p.get("people.local_spread_km", float, 0.5, 200),
    )
    person = c.people(rng, n, p, p.dates()[1], region=loc["region"])
    return pd.concat([person, loc], axis=1)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def bench_profiles(sizes: Sizes) -> list[Figure]:
    import phanloai

    n = sizes.profiles
    say(f"\n== 1. {n:,} hồ sơ khách hàng / customer profiles ==")
    p = spa_params()

    # Ours first, cold: the first call also builds the cached name / street / job pools.
    cold, ours = timed(package_profiles, n, p)
    warm = min(timed(package_profiles, n, p, seed=s)[0] for s in (1, 2, 3))
    say(
        f"  phanloai people()+locations(): lần đầu / cold {fmt_s(cold)}, "
        f"tốt nhất 3 lần / best of 3 {fmt_s(warm)}, cột / columns: {ours.shape[1]}"
    )

    rows = min(sizes.faker_rows, n)
    faker_s, theirs = timed(faker_profiles, rows, p)
    scale = n / rows
    faker_total = faker_s * scale
    if scale > 1:
        faker_note = f"đo {rows:,} dòng × {scale:g} / timed {rows:,} rows × {scale:g}, extrapolated"
    else:
        faker_note = f"đo đủ {rows:,} dòng / all {rows:,} rows timed"
    say(
        f"  Faker vi_VN vòng lặp / loop: {fmt_s(faker_s)} cho / for {rows:,} dòng / rows "
        f"({faker_note}), cột / columns: {theirs.shape[1]}"
    )
    say(
        f"  Ví dụ Faker / Faker sample: {theirs.iloc[0]['full_name']} | {theirs.iloc[0]['address']}"
    )
    say(
        f"  Ví dụ phanloai / phanloai sample: {ours.iloc[0]['full_name']} | {ours.iloc[0]['address']}, "
        f"{ours.iloc[0]['province']}"
    )

    speed_cold, speed_warm = faker_total / cold, faker_total / warm

    spa_s, spa = timed(phanloai.load, "spa", n=n)
    spa_rows = ", ".join(f"{k}={len(v):,}" for k, v in spa.tables.items())
    say(f"  phanloai.load('spa', n={n:,}): {fmt_s(spa_s)} ({spa_rows})")

    judged = sizes.judged
    return [
        Figure(
            "1a",
            f"Faker vi_VN, vòng lặp / loop, {n:,} hồ sơ / profiles",
            fmt_s(faker_total) + (" (ngoại suy / extrapolated)" if scale > 1 else ""),
        ),
        Figure("1b", f"phanloai, {n:,} hồ sơ / profiles, lần đầu / cold", fmt_s(cold)),
        Figure("1c", f"phanloai, {n:,} hồ sơ / profiles, tốt nhất 3 / best of 3", fmt_s(warm)),
        # the first call of a process also reads the package's data tables and warms pandas and
        # Arrow up (about 0.1 s, once): shown, the target is judged on repeated calls
        Figure("1d", "Tăng tốc / speed-up, lần đầu / cold (1a ÷ 1b)", f"{speed_cold:.1f}×"),
        Figure(
            "1e",
            "Tăng tốc / speed-up, tốt nhất / best (1a ÷ 1c)",
            f"{speed_warm:.1f}×",
            f"≥ {TARGET_SPEEDUP:.0f}×",
            verdict(speed_warm >= TARGET_SPEEDUP, judged),
        ),
        Figure("1f", f"Thế giới spa / spa world, load('spa', n={n:,})", fmt_s(spa_s)),
    ]


# -- 2. bolts -------------------------------------------------------------------------------------


def bench_bolts(sizes: Sizes) -> list[Figure]:
    import phanloai

    say(f"\n== 2. phanloai.load('bolts'), mặc định / default, {sizes.bolts_runs} lần / runs ==")
    times = []
    for _ in range(sizes.bolts_runs):
        seconds, case = timed(phanloai.load, "bolts")
        times.append(seconds)
    say("  Các lần / runs: " + ", ".join(fmt_s(t) for t in times))
    say("  Số dòng / rows: " + ", ".join(f"{k}={len(v):,}" for k, v in case.tables.items()))
    best = min(times)
    return [
        Figure(
            "2",
            f"load('bolts'), {case.n:,} doanh nghiệp / firms, tốt nhất {sizes.bolts_runs} / "
            f"best of {sizes.bolts_runs}",
            fmt_s(best),
            f"< {TARGET_BOLTS_S} s",
            verdict(best < TARGET_BOLTS_S),
        ),
    ]


# -- 3. fashion, one million, fresh process -------------------------------------------------------

# Runs in a fresh interpreter so that the peak RSS belongs to this world alone.
CHILD = r"""
import json, sys, time

def peak_mib():
    # Linux: VmHWM is the peak RSS of this program image. ru_maxrss is not used there because
    # the kernel carries the parent's RSS across fork/vfork + exec into it.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 2**10  # kB
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB elsewhere

n = int(sys.argv[1])
t0 = time.perf_counter()
import phanloai
import_s = time.perf_counter() - t0
import_mib = peak_mib()
t0 = time.perf_counter()
case = phanloai.load("fashion", n=n)
load_s = time.perf_counter() - t0
print(json.dumps({
    "import_s": import_s,
    "load_s": load_s,
    "import_mib": import_mib,
    "peak_mib": peak_mib(),
    "tables_mib": sum(t.memory_usage(deep=True).sum() for t in case.tables.values()) / 2**20,
    "rows": {k: len(v) for k, v in case.tables.items()},
}))
"""


def bench_fashion(sizes: Sizes) -> list[Figure]:
    n = sizes.fashion_n
    say(f"\n== 3. phanloai.load('fashion', n={n:,}), tiến trình mới / fresh subprocess ==")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(n)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        check=False,
    )
    if proc.returncode != 0:
        say(f"  {ERROR}: tiến trình con thoát với mã / subprocess exited with {proc.returncode}")
        say(proc.stderr[-3000:])
        return [Figure("3a", f"load('fashion', n={n:,})", ERROR, verdict=ERROR)]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    load_s, peak = out["load_s"], out["peak_mib"]
    say(
        f"  Nhập gói / import phanloai: {fmt_s(out['import_s'])}, "
        f"RSS sau khi nhập / after import: {_mib(out['import_mib'])}"
    )
    say(f"  Bộ nhớ các bảng / memory of the tables (deep): {out['tables_mib']:,.0f} MiB")
    say("  Số dòng / rows:")
    for table, rows in out["rows"].items():
        say(f"    {table:<10} {rows:>12,}")
    judged = sizes.judged
    figures = [
        Figure(
            "3a",
            f"load('fashion', n={n:,}), thời gian / wall time",
            fmt_s(load_s),
            f"< {TARGET_FASHION_S:.0f} s",
            verdict(load_s < TARGET_FASHION_S, judged),
        ),
    ]
    if peak is None:
        figures.append(Figure("3b", "RSS đỉnh / peak RSS", "không đo được / n/a (no `resource`)"))
    else:
        figures.append(
            Figure(
                "3b",
                f"load('fashion', n={n:,}), RSS đỉnh / peak RSS",
                _mib(peak),
                f"< {_mib(TARGET_FASHION_MIB)}",
                verdict(peak < TARGET_FASHION_MIB, judged),
            )
        )
    figures += [
        Figure(f"3{chr(ord('c') + i)}", f"  số dòng / rows: {table}", f"{rows:,}")
        for i, (table, rows) in enumerate(out["rows"].items())
    ]
    return figures


def _mib(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f} MiB ({value / 1024:.2f} GiB)"


# -- report ------------------------------------------------------------------------------------------


def print_table(figures: list[Figure]) -> None:
    head = ("#", "Chỉ số / figure", "Giá trị / value", "Mục tiêu / target", "Kết quả / result")
    rows = [head] + [(f.key, f.label, f.value, f.target, f.verdict) for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    line = "  ".join("-" * w for w in widths)
    say("\n== Tổng hợp / summary ==")
    say("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip())
    say(line)
    for r in rows[1:]:
        say("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="kích thước nhỏ, chạy thử / small sizes for a smoke run",
    )
    parser.add_argument(
        "--faker-rows",
        type=int,
        default=None,
        help="số dòng Faker thực sự đo (ngoại suy lên) / Faker rows actually timed "
        "(extrapolated to the profile count)",
    )
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    sizes = QUICK if args.quick else FULL
    if args.faker_rows:
        sizes = replace(sizes, faker_rows=args.faker_rows)

    import faker

    say(
        "phanloai — đo tốc độ sinh dữ liệu / generation benchmark"
        + (" (--quick: kích thước nhỏ / small sizes)" if args.quick else "")
    )
    say(
        f"Python {platform.python_version()}, NumPy {np.__version__}, pandas {pd.__version__}, "
        f"Faker {faker.VERSION}; {platform.platform()}; CPU {os.cpu_count()}"
    )

    figures: list[Figure] = []
    for part in (bench_profiles, bench_bolts, bench_fashion):
        try:
            figures += part(sizes)
        except Exception as exc:  # a report: show the failure and go on
            say(f"  {ERROR}: {part.__name__}: {type(exc).__name__}: {exc}")
            figures.append(Figure(part.__name__, part.__name__, ERROR, verdict=ERROR))
    print_table(figures)
    if args.quick:
        say(
            "\n(--quick: các mục phụ thuộc kích thước không so với mục tiêu / "
            "size-dependent figures are not judged against the targets)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
