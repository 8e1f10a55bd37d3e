"""The casebook's code runs, and its links lead somewhere.

Each Markdown file in ``casebook/`` (except the generated ``cac_phuong_phap.md``) is read like a
student would: its ```python blocks run top to bottom in one fresh namespace per file, from the
repository root, with matplotlib's Agg backend. Every link to a local file must point at a file
that exists.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from urllib.parse import unquote

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # after choosing the backend

ROOT = Path(__file__).resolve().parents[1]
CASEBOOK = ROOT / "casebook"
GENERATED = {"cac_phuong_phap.md"}  # written by `phanloai docs`, checked by test_docs.py
FILES = sorted(p for p in CASEBOOK.glob("*.md") if p.name not in GENERATED)

# A fenced block opened by ```python (possibly indented in a list) and closed by ``` on its own line.
PYTHON_BLOCK = re.compile(
    r"^[ \t]*```python[^\n]*\n(.*?)^[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL
)
# A Markdown link or image target: ](target) or ](target "title").
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, https:, mailto:…


def _ids(paths):
    return [p.name for p in paths]


def python_blocks(path: Path) -> list[str]:
    """The ```python blocks of a Markdown file, in order, dedented as a whole."""
    blocks = []
    for match in PYTHON_BLOCK.finditer(path.read_text("utf-8")):
        lines = match.group(1).splitlines()
        indent = min((len(s) - len(s.lstrip()) for s in lines if s.strip()), default=0)
        blocks.append("\n".join(s[indent:] for s in lines) + "\n")
    return blocks


def local_links(path: Path) -> list[str]:
    """Link targets in a Markdown file that name a local file (no URL, no bare #anchor)."""
    text = re.sub(
        r"^[ \t]*```.*?^[ \t]*```", "", path.read_text("utf-8"), flags=re.MULTILINE | re.DOTALL
    )
    targets = []
    for target in LINK.findall(text):
        if EXTERNAL.match(target) or target.startswith("#"):
            continue
        targets.append(unquote(target.split("#", 1)[0]))
    return targets


def test_the_casebook_is_there():
    names = {p.name for p in FILES}
    assert {"README.md", "01_spa.md", "02_bu_long.md", "03_thoi_trang.md"} <= names
    # the three cases are worked through in code
    for name in ("01_spa.md", "02_bu_long.md", "03_thoi_trang.md"):
        assert python_blocks(CASEBOOK / name), (
            f"{name}: không có khối ```python nào (no python blocks)"
        )


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_code_blocks_run(path, monkeypatch):
    import phanloai

    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": f"casebook_{path.stem}"}
    failure = None
    registry = dict(phanloai.SCHEMES)  # a page may declare a scheme of its own
    try:
        for number, source in enumerate(python_blocks(path), start=1):
            try:
                exec(compile(source, f"<{path.name} block {number}>", "exec"), namespace)
            except Exception as err:
                detail = "".join(traceback.format_exception(err)[-6:])
                failure = (
                    f"{path.name}, khối {number} (block {number}): {type(err).__name__}: {err}"
                    f"\n\n{source}\n{detail}"
                )
                break
    finally:
        plt.close("all")
        phanloai.SCHEMES.clear()
        phanloai.SCHEMES.update(registry)
        phanloai.set_language("vi")
    if failure:
        pytest.fail(failure, pytrace=False)


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_local_links_exist(path):
    missing = [t for t in local_links(path) if t and not (path.parent / t).exists()]
    assert not missing, (
        f"{path.name}: liên kết tới tệp không tồn tại (links to missing files): {missing}"
    )


def test_write_your_own_scheme_page_declares_checks_and_uses_a_scheme():
    """The page's example really goes through the whole life of a new scheme."""
    text = (CASEBOOK / "viet_cach_phan_loai.md").read_text("utf-8")
    for step in (
        "phanloai.register(",
        "phanloai.check_scheme(",
        "phanloai.classify(",
        "phanloai.explain(",
        "phanloai.profile(",
        "unregister(",
    ):
        assert step in text, step
    assert "viet_cach_phan_loai.md" in (CASEBOOK / "README.md").read_text("utf-8")


# -- figures in the text -------------------------------------------------------------------------
CASE_SECTIONS = re.compile(r"^## [123]\. .*?(?=^## )", re.MULTILINE | re.DOTALL)


def test_instructor_notes_figures_outside_the_case_sections():
    """The general sections and the English summary: every marked figure holds over its seeds
    (each case's section is checked by that case's lesson tests)."""
    from phanloai.lessons import facts

    notes = (CASEBOOK / "ghi_chu_giang_vien.md").read_text("utf-8")
    assert len(CASE_SECTIONS.findall(notes)) == 3
    rest = CASE_SECTIONS.sub("", notes)
    assert rest.count("<!--fig") >= 10
    problems = facts.check_text(rest, "ghi_chu_giang_vien.md")
    assert not problems, "\n".join(map(str, problems))


def test_every_figure_marker_of_the_casebook_names_a_fact():
    from phanloai.lessons import facts

    for path in FILES:
        for name in re.findall(r"<!--\s*fig\s+([\w.]+)", path.read_text("utf-8")):
            assert name in facts.FACTS, f"{path.name}: {name}"
