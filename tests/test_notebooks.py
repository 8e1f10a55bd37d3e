"""Every notebook runs top to bottom, and none is committed with outputs.

Each notebook in ``notebooks/`` is executed once per test session with nbclient (kernel
``python3``, working directory ``notebooks/``), like a student pressing "Run All".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 600  # seconds per cell

_executed: dict[Path, nbformat.NotebookNode] = {}


def _ids(paths):
    return [p.name for p in paths]


def executed(path: Path) -> nbformat.NotebookNode:
    """The notebook after running every cell (run once, then reused by later tests)."""
    if path not in _executed:
        # The "python3" kernel starts `python`: make it this environment's interpreter.
        bin_dir = str(Path(sys.executable).parent)
        if not os.environ.get("PATH", "").startswith(bin_dir):
            os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
        )
        try:
            client.execute()
        except CellExecutionError as err:
            pytest.fail(f"{path.name}: một ô bị lỗi (a cell failed):\n{err}", pytrace=False)
        _executed[path] = nb
    return _executed[path]


def test_there_are_notebooks():
    assert (NOTEBOOK_DIR / "00_bat_dau.ipynb").exists()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; clear them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_runs_top_to_bottom(path):
    nb = executed(path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}, cell {i}: {out.get('ename')}"
            # A warning printed under a cell confuses a class: keep notebooks free of them.
            assert not (out.output_type == "stream" and out.name == "stderr"), (
                f"{path.name}, cell {i} wrote to stderr:\n{out.text}"
            )


def test_start_notebook_shows_each_chart_once():
    """Each chart cell of 00 shows exactly one picture (no double display through pyplot)."""
    nb = executed(NOTEBOOK_DIR / "00_bat_dau.ipynb")
    chart_cells = [c for c in nb.cells if c.cell_type == "code" and "charts." in c.source]
    assert len(chart_cells) >= 3
    for cell in chart_cells:
        pngs = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(pngs) == 1, f"{cell.source!r} showed {len(pngs)} pictures"
    tables = [c for c in nb.cells if c.cell_type == "code" and "show(" in c.source]
    for cell in tables:
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        assert "<table" in html, f"{cell.source!r} showed no table"
