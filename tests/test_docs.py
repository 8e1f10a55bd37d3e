"""The schemes' catalogue is generated from the declarations and committed in step with them."""

from __future__ import annotations

from pathlib import Path

import phanloai
from phanloai.cli import main
from phanloai.docs import catalogue_markdown

CATALOGUE = Path(__file__).resolve().parents[1] / "casebook" / "cac_phuong_phap.md"


def test_catalogue_is_up_to_date():
    assert CATALOGUE.read_text("utf-8") == catalogue_markdown(), (
        "casebook/cac_phuong_phap.md is stale: run `uv run phanloai docs --out casebook/cac_phuong_phap.md --force`"
    )


def test_catalogue_covers_every_scheme_level_and_parameter():
    text = catalogue_markdown()
    for code, scheme in phanloai.SCHEMES.items():
        assert f"## `{code}`" in text
        for level in scheme.levels_for():
            assert level.vi in text and level.en in text
        for name in scheme.params:
            assert f"`{name}`" in text


def test_docs_command_does_not_overwrite(tmp_path):
    out = tmp_path / "pp.md"
    assert main(["docs", "--out", str(out)]) == 0
    assert out.read_text("utf-8") == catalogue_markdown()
    assert main(["docs", "--out", str(out)]) == 2


def test_written_counts_of_schemes_match_the_registry():
    """Where a page says how many schemes there are, the number is the registry's."""
    import re

    root = CATALOGUE.parents[1]
    pages = [
        root / "README.md",
        *sorted((root / "casebook").glob("*.md")),
        *sorted((root / "notebooks").glob("*.ipynb")),
    ]
    found = []
    for page in pages:
        text = page.read_text("utf-8")
        for match in re.finditer(r"(\d+) (?:cách phân loại|schemes)", text):
            found.append((page.name, int(match.group(1))))
    assert found, "no page states the number of schemes"
    wrong = [(name, n) for name, n in found if n != len(phanloai.SCHEMES)]
    assert not wrong, f"{len(phanloai.SCHEMES)} schemes are registered; pages say: {wrong}"
