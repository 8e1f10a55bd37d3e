"""Every benchmark script runs in the default suite, in its quick mode: a refactor cannot break
one unseen. Only that the script runs and prints every figure is checked — no timing is judged
here (quick runs write "bỏ qua / skipped"). The full-size runs are opt-in: ``-m benchmark``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "benchmarks").glob("bench_*.py"))


def run(script: Path, *args: str, timeout: int = 600) -> str:
    result = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        timeout=timeout,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "LỖI / ERROR" not in out and "Traceback" not in result.stderr, out + result.stderr
    return out


def test_every_benchmark_script_is_tested():
    tested = {
        "bench_generate.py",
        "bench_intake.py",
        "bench_rfm.py",
        "bench_schemes.py",
        "bench_sql.py",
        "bench_widgets.py",
    }
    assert {p.name for p in SCRIPTS} == tested, "a new benchmark script needs its quick run here"


def test_bench_generate_quick_prints_every_figure():
    out = run(ROOT / "benchmarks" / "bench_generate.py", "--quick")
    assert "== Tổng hợp / summary ==" in out, out
    expected = {
        "1a": "Faker vi_VN",
        "1b": "lần đầu / cold",
        "1c": "best of 3",
        "1d": "Tăng tốc / speed-up",
        "1e": "Tăng tốc / speed-up",
        "1f": "load('spa'",
        "2": "load('bolts')",
        "3a": "thời gian / wall time",
        "3b": "RSS đỉnh / peak RSS",
    }
    for key, text in expected.items():
        assert re.search(rf"^{key}\s+.*{re.escape(text)}", out, re.MULTILINE), (
            f"no row {key}:\n{out}"
        )
    for table in ("customers", "orders", "events", "sessions", "internal"):
        assert re.search(rf"^3[c-z]\s+số dòng / rows: {table}\s+[\d,]+", out, re.MULTILINE), out


def test_bench_schemes_quick_runs_every_scheme():
    import phanloai

    out = run(ROOT / "benchmarks" / "bench_schemes.py", "--quick")
    for name in phanloai.SCHEMES:
        assert re.search(rf"^{name}\s+\d+\.\d+ s", out, re.MULTILINE), f"no row for {name}:\n{out}"
    # the row-by-row version of each rule must give the same codes as the vectorised one
    assert "(≠!)" not in out, out
    assert out.count("(order_features + classify)") == 2, out
    assert "KHÔNG ĐẠT / FAIL" not in out  # a quick run judges nothing


def test_bench_widgets_quick_moves_every_slider():
    out = run(ROOT / "benchmarks" / "bench_widgets.py", "--quick")
    for name in (
        "fashion/ladder/radius_km",
        "fashion/rfm/bins",
        "bolts/company_size/staff_max",
        "compare fashion",
    ):
        assert re.search(rf"^{re.escape(name)}.*\d+\.\d ms\s+\d+\.\d ms", out, re.MULTILINE), (
            f"no row {name}:\n{out}"
        )
    assert "KHÔNG ĐẠT / FAIL" not in out  # a quick run judges nothing


def test_bench_intake_quick_prints_every_figure():
    out = run(ROOT / "benchmarks" / "bench_intake.py", "--quick")
    for key in ("1a", "1b", "1c", "1d", "2a", "2b"):
        assert re.search(rf"^{key}\s+.*\d+\.\d+ (s|×)", out, re.MULTILINE), f"no row {key}:\n{out}"
    # every amount and date of the Vietnamese-formatted file was read
    assert re.search(r"^1e\s.*: 0$", out, re.MULTILINE), out
    assert "KHÔNG ĐẠT / FAIL" not in out  # a quick run judges nothing


def test_bench_rfm_quick_prints_every_figure():
    out = run(ROOT / "benchmarks" / "bench_rfm.py", "--quick")
    for key in ("1", "2", "3"):
        assert re.search(rf"^{key}\s+.*\d+\.\d+ s", out, re.MULTILINE), f"no row {key}:\n{out}"
    # the plain pandas RFM written in the benchmark names every buyer as the package does
    assert "same segment as (1): 100.0%" in out, out
    assert re.search(r"^4\s+PyMC-Marketing", out, re.MULTILINE), out
    assert "KHÔNG ĐẠT / FAIL" not in out  # a quick run judges nothing


@pytest.mark.benchmark
@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_full_size_benchmarks_run(script):
    """Opt-in (``uv run pytest -m benchmark``): the full sizes, minutes each; read the figures."""
    out = run(script, timeout=3600)
    assert "ĐẠT / PASS" in out


def test_bench_sql_quick_compares_duckdb_and_pandas():
    out = run(ROOT / "benchmarks" / "bench_sql.py", "--quick")
    assert re.search(r"^\s+duckdb\s+\d+\.\d+ s", out, re.MULTILINE), out
    assert re.search(r"^\s+pandas\s+\d+\.\d+ s", out, re.MULTILINE), out
    # the two engines count the same customers in every segment
    assert "same counts per segment: True" in out, out
    # the ladder's reasons written by DuckDB are the pandas words for every customer
    assert re.search(r"^\s+explain duckdb\s+\d+\.\d+ s", out, re.MULTILINE), out
    # the command line's engine on the same files: every customer of the customers file
    assert re.search(r"^\s+command\s+\d+\.\d+ s .*ladder: 40,000 khách", out, re.MULTILINE), out
    assert "customers with other words: 0" in out, out
    assert "KHÔNG ĐẠT / FAIL" not in out  # a quick run judges nothing
