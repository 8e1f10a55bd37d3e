"""Every notebook runs top to bottom, is committed without outputs, keeps its cells short, and its
exercises check a right, a wrong and a malformed answer — in the notebook's own kernel, beside its
widgets. Every scheme of the registry has an explorer and an exercise in some notebook; every
figure a notebook's text quotes is checked against the data.

Each notebook is executed once per test session with nbclient (kernel ``python3``, working
directory ``notebooks/``), like a student pressing "Run All", with one extra cell appended (never
committed) that asks the kernel about the exercises and explorers it made.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import phanloai
from phanloai.lessons import LESSONS, facts

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 600  # seconds per cell
MAX_CODE_LINES = 15  # longer than this, and the logic belongs in the package
START = NOTEBOOK_DIR / "00_bat_dau.ipynb"

# Asks the kernel, after the last cell, what the notebook made (printed as one JSON line).
PROBE = """
import json as _json
import phanloai as _phanloai
from phanloai import practice as _practice
from phanloai.widgets import explorer as _explorer
_rows = []
for _lesson in _practice.made_lessons():
    for _ex in _lesson.all:
        _row = {"lesson": _lesson.name, "q": _ex.number, "schemes": list(_ex.schemes)}
        for _lang in ("vi", "en"):
            with _phanloai.language(_lang):
                _row[_lang] = {_k: _v.kind for _k, _v in _practice.check_samples(_ex).items()}
                _row[_lang + "_texts"] = [str(_ex), str(_ex.hint()), str(_ex.solution())]
        _rows.append(_row)
_made = [{"kind": type(_w).__name__, "schemes": [s.code for s in getattr(_w, "schemes", [getattr(_w, "scheme", None)])]}
         for _w in _explorer.made()]
print("PHANLOAI-PROBE " + _json.dumps({"exercises": _rows, "explorers": _made}))
"""

_executed: dict[Path, tuple[nbformat.NotebookNode, dict, float]] = {}


def _ids(paths):
    return [p.name for p in paths]


def executed(path: Path) -> tuple[nbformat.NotebookNode, dict, float]:
    """The notebook after running every cell, what the probe found, and the seconds it took."""
    if path not in _executed:
        # The "python3" kernel starts `python`: make it this environment's interpreter.
        bin_dir = str(Path(sys.executable).parent)
        if not os.environ.get("PATH", "").startswith(bin_dir):
            os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(PROBE))
        client = NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
        )
        start = time.perf_counter()
        try:
            client.execute()
        except CellExecutionError as err:
            pytest.fail(f"{path.name}: một ô bị lỗi (a cell failed):\n{err}", pytrace=False)
        took = time.perf_counter() - start
        text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
        found = json.loads(text.split("PHANLOAI-PROBE ", 1)[1])
        nb.cells.pop()
        _executed[path] = (nb, found, took)
    return _executed[path]


def markdown(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


def test_there_are_notebooks():
    assert START.exists()
    method = [p for p in NOTEBOOKS if re.match(r"0[1-9]_", p.name)]
    cases = [p for p in NOTEBOOKS if re.match(r"1\d_", p.name)]
    assert len(method) >= 6 and len(cases) == 3, [p.name for p in NOTEBOOKS]
    assert any(p.name.startswith("20_") for p in NOTEBOOKS), "the instructor notebook"


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
def test_cells_are_short_and_the_story_is_framed(path):
    nb = nbformat.read(path, as_version=4)
    long = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and len(c.source.strip().splitlines()) > MAX_CODE_LINES
    ]
    assert not long, (
        f"{path.name}: cells {long} are longer than {MAX_CODE_LINES} lines: move the logic into the package"
    )
    text = markdown(path)
    assert text and text[0].lstrip().startswith("#"), f"{path.name}: starts with a title"
    if path != START:
        assert any("Mục tiêu" in t for t in text[:3]), (
            f"{path.name}: learning objectives (Mục tiêu) at the top"
        )
        assert any("Tóm tắt" in t for t in text[-3:]), f"{path.name}: a recap (Tóm tắt) at the end"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_runs_top_to_bottom(path):
    nb, _, took = executed(path)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}, cell {i}: {out.get('ename')}"
            # A warning printed under a cell confuses a class: keep notebooks free of them.
            assert not (out.output_type == "stream" and out.name == "stderr"), (
                f"{path.name}, cell {i} wrote to stderr:\n{out.text}"
            )
    print(f"{path.name}: {took:.1f} s")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_exercises_check_right_wrong_and_malformed_answers(path):
    _, found, _ = executed(path)
    rows = found["exercises"]
    if re.match(r"0[1-9]_", path.name):
        assert len(rows) >= 2, f"{path.name}: a method notebook ends with at least two exercises"
    for row in rows:
        for lang in ("vi", "en"):
            kinds = row[lang]
            assert kinds == {"right": "right", "wrong": "wrong", "malformed": "malformed"}, (
                path.name,
                row,
            )
            assert all(t.strip() for t in row[lang + "_texts"]), (path.name, row)
    kinds = {r["q"] for r in rows}
    assert len(kinds) == len(rows) or len({r["lesson"] for r in rows}) > 1, (
        "exercise numbers repeat"
    )


def test_every_scheme_has_an_explorer_and_an_exercise():
    explored, practised = set(), set()
    for path in NOTEBOOKS:
        _, found, _ = executed(path)
        for w in found["explorers"]:
            explored |= set(w["schemes"])
        for row in found["exercises"]:
            practised |= set(row["schemes"])
    schemes = set(phanloai.SCHEMES)
    assert schemes - explored == set(), (
        f"schemes without an explorer in any notebook: {schemes - explored}"
    )
    assert schemes - practised == set(), (
        f"schemes without an exercise in any notebook: {schemes - practised}"
    )


def test_every_lesson_has_its_notebook():
    names = {p.name for p in NOTEBOOKS}
    for code, module in LESSONS.items():
        assert module.NOTEBOOK in names, (
            f"lesson '{code}' names a notebook that does not exist: {module.NOTEBOOK}"
        )
        source = "".join(
            c.source for c in nbformat.read(NOTEBOOK_DIR / module.NOTEBOOK, as_version=4).cells
        )
        assert f'exercises("{code}"' in source, (
            f"{module.NOTEBOOK} does not use its lesson '{code}'"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_figures_in_the_text_match_the_data(path):
    problems = [p for text in markdown(path) for p in facts.check_text(text, path.name)]
    assert not problems, "\n".join(map(str, problems))


def test_start_notebook_gives_no_story_away():
    """The planted stories are for the class to find: 00 does not print them."""
    source = "".join(c.source for c in nbformat.read(START, as_version=4).cells)
    assert "story_table" not in source


def test_start_notebook_shows_each_chart_once():
    """Each chart cell of 00 shows exactly one picture (no double display through pyplot)."""
    nb, _, _ = executed(START)
    chart_cells = [
        c
        for c in nb.cells
        if c.cell_type == "code" and ("charts." in c.source or "plot_" in c.source)
    ]
    assert chart_cells
    for cell in chart_cells:
        pngs = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(pngs) == 1, f"{cell.source!r} showed {len(pngs)} pictures"
    tables = [c for c in nb.cells if c.cell_type == "code" and "show(" in c.source]
    for cell in tables:
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        assert "<table" in html, f"{cell.source!r} showed no table"
