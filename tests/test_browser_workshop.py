"""The workshop dashboard in a real browser: ``phanloai workshop fashion`` served by Voila shows
no code, a real chart, counts that follow a slider moved in the page, lists that download
(saved without replacing a file), and English with one switch.

It reports how long the command took until the page showed its chart, and how long a slider move
took until the new picture arrived (figures, not judged here: see benchmarks/bench_widgets.py).
"""

from __future__ import annotations

import contextlib
import sys
import time

import openpyxl
import pytest

import browser_support as bs
import phanloai
from phanloai.vn import format_number
from test_browser_lab import wait_for_counts

pytestmark = pytest.mark.slow


def expected(customers, **params) -> list[str]:
    report = phanloai.profile(customers, phanloai.classify(customers, "ladder", **params))
    return [format_number(n) for n in report["customers"]]


@contextlib.contextmanager
def dashboard(request, tmp_path, case: str):
    bs.require_chromium()
    port = bs.free_port()
    command = [sys.executable, "-m", "phanloai.cli", "workshop", case, "--no-browser"]
    command += ["--port", str(port)]
    (tmp_path / "home").mkdir()
    started = time.monotonic()
    with (
        bs.serve(command, port, root=tmp_path, home=tmp_path / "home", ready_path="/api/status")
        as server,
        bs.open_page(server, "") as page,
        bs.screenshot_on_failure(page, request.node.name, server),
    ):  # fmt: skip
        yield server, page, started


def test_workshop_dashboard_in_the_browser(request, tmp_path):
    fashion = phanloai.load("fashion")
    report = phanloai.profile(fashion.customers, phanloai.classify(fashion.customers, "ladder"))
    header = phanloai.show(report, n=None).data.columns[list(report.columns).index("customers")]
    radius = phanloai.SCHEMES["ladder"].params["radius_km"]

    with dashboard(request, tmp_path, "fashion") as (server, page, started):
        page.wait_for_selector(".phanloai-workshop", timeout=60_000)
        picture = bs.wait_for_picture(page, ".phanloai-chart", timeout=60_000)
        print(f"workshop: {time.monotonic() - started:.1f} s from the command to the chart")
        bs.assert_not_blank(picture)
        # no code anywhere on the page
        assert page.locator(".jp-InputArea, .CodeMirror, .cm-editor, pre code").count() == 0
        assert "phanloai.workshop" not in page.content()
        wait_for_counts(page, header, expected(fashion.customers), "at first")

        # a slider moved in the page: the counts are the package's, the picture is new
        control = page.locator(".phanloai-param-radius_km")
        handle = control.locator(".widget-slider [role=slider]")
        handle.focus()
        moved = time.monotonic()
        page.keyboard.press("End")  # the largest radius
        new = bs.wait_for_picture(page, ".phanloai-chart", old_src=picture.src)
        print(f"workshop: a slider move took {time.monotonic() - moved:.2f} s to a new picture")
        bs.assert_not_blank(new)
        assert new.digest != picture.digest
        wait_for_counts(page, header, expected(fashion.customers, radius_km=radius.hi), "moved")

        # the lists: saved in danh_sach/ next to where the command ran, offered as a download
        (tmp_path / "danh_sach").mkdir()
        own = tmp_path / "danh_sach" / "fashion_ladder.xlsx"
        own.write_bytes(b"a trainer's own file")
        page.locator(".lm-TabBar-tab", has_text="Tải danh sách").click()
        page.locator(".phanloai-make-lists").click()
        link = page.locator(".phanloai-lists-result a.phanloai-download")
        link.wait_for(timeout=60_000)
        with page.expect_download() as got:
            link.click()
        download = tmp_path / "tai_ve.xlsx"
        got.value.save_as(download)
        assert own.read_bytes() == b"a trainer's own file"  # never replaced
        saved = tmp_path / "danh_sach" / "fashion_ladder (2).xlsx"
        assert saved.read_bytes() == download.read_bytes()
        book = openpyxl.load_workbook(download)
        assert book.sheetnames[0] == "Tổng hợp"
        note = " ".join(str(r[0]) for r in book["Tổng hợp"].iter_rows(max_row=3, values_only=True))
        assert f"= {format_number(radius.hi)}" in note  # the radius moved in the page

        # English with one switch
        page.locator(".phanloai-language button", has_text="English").click()
        page.locator(".lm-TabBar-tab", has_text="Download lists").wait_for(timeout=30_000)
        page.locator(".lm-TabBar-tab", has_text="Explore").first.click()
        with phanloai.language("en"):  # the radius moved stays; the numbers read the English way
            header_en = phanloai.show(report, n=None).data.columns[0]
            counts_en = expected(fashion.customers, radius_km=radius.hi)
        assert header_en == "Customers" and "," in "".join(counts_en)
        wait_for_counts(page, header_en, counts_en, "in English")
