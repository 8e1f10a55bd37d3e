"""Smoke run of the generation benchmark (``-m benchmark``; deselected by default).

Checks only that the script runs and prints every figure; no timing is asserted here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "bench_generate.py"


@pytest.mark.benchmark
def test_bench_generate_quick_prints_every_figure():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        timeout=600,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "LỖI / ERROR" not in out, out
    assert "== Tổng hợp / summary ==" in out, out
    # One summary row per figure, each starting with its number.
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
    # The bolts figure is judged even in a quick run (it keeps its default size).
    assert re.search(r"^2\s.*(ĐẠT / PASS|KHÔNG ĐẠT / FAIL)$", out, re.MULTILINE), out
    for table in ("customers", "orders", "events", "sessions", "internal"):
        assert re.search(rf"^3[c-z]\s+số dòng / rows: {table}\s+[\d,]+", out, re.MULTILINE), out
