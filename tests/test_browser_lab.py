"""JupyterLab in a real browser (Debian's Chromium driven by Playwright): the menus are Vietnamese
out of the box and English is one click away, a method notebook runs to the end without an
error, and moving a slider of an explorer shows what the package computes.

Each test starts its own JupyterLab (kernels outlive tabs) on a temporary copy of what it opens.
The servers read the Jupyter settings the project installs into the environment; nothing here
writes a language or a news setting. A failing test leaves a screenshot of the page in
``.browser-screenshots/``. Without Chromium the tests are skipped (``PHANLOAI_BROWSER_TESTS=
required`` makes that a failure, as on CI).
"""

from __future__ import annotations

import contextlib
import re
import time

import nbformat
import pytest

import browser_support as bs
import phanloai
from phanloai.vn import format_number

pytestmark = pytest.mark.slow

METHOD_NOTEBOOK = bs.ROOT / "notebooks" / "05_bac_thang.ipynb"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
MENU_LABELS = "#jp-menu-panel .lm-MenuBar-itemLabel"
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the colours of a traceback


# -- JupyterLab in the page ----------------------------------------------------------------------------
def wait_for_lab(page) -> None:
    """Until JupyterLab has started and restored its layout."""
    page.wait_for_function("() => !!window.jupyterapp", timeout=60_000)
    page.evaluate(
        "async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }"
    )
    page.wait_for_selector(MENU_LABELS)


def wait_for_notebook(page, path: str) -> None:
    """Until ``path`` is the notebook in front and its kernel is idle."""
    page.wait_for_function(
        """(path) => {
            const w = window.jupyterapp.shell.currentWidget;
            const kernel = w && w.sessionContext && w.sessionContext.session
                && w.sessionContext.session.kernel;
            return !!(w && w.context && w.context.path === path && kernel && kernel.status === 'idle');
        }""",
        arg=path,
        timeout=60_000,
    )


def run_all(page) -> bool:
    """Run ▸ Run All Cells; returns once the last cell has run (False when a cell failed)."""
    return page.evaluate(
        "async () => await window.jupyterapp.commands.execute('notebook:run-all-cells')"
    )


def notebook_cells(page) -> list[dict]:
    """The cells of the notebook in front, as nbformat JSON (outputs included)."""
    return page.evaluate("() => window.jupyterapp.shell.currentWidget.content.model.toJSON().cells")


def menu_bar(page) -> list[str]:
    return [t.strip() for t in page.locator(MENU_LABELS).all_inner_texts()]


@contextlib.contextmanager
def lab(request, tmp_path, files=(), path="lab"):
    """A fresh JupyterLab serving ``files``, and a page on ``path``; on failure a screenshot."""
    bs.require_chromium()  # before a server is started for nothing
    with (
        bs.jupyter_lab(tmp_path, files) as server,
        bs.open_page(server, path) as page,
        bs.screenshot_on_failure(page, request.node.name, server),
    ):
        wait_for_lab(page)
        yield page


# -- a. Vietnamese out of the box ----------------------------------------------------------------------
def test_lab_opens_in_vietnamese_without_news_and_can_switch_to_english(request, tmp_path):
    with lab(request, tmp_path) as page:
        assert page.evaluate("() => document.documentElement.lang") == "vi-VN"
        menus = menu_bar(page)
        for word in ("Tệp", "Chỉnh sửa", "Hiển thị", "Chạy", "Cài đặt", "Trợ giúp"):
            assert word in menus, menus
        assert "File" not in menus and "Edit" not in menus, menus

        # the shipped defaults say so (the user's own settings are still empty)
        shipped = page.evaluate(
            """async () => {
                const s = window.jupyterapp.serviceManager.settings;
                const tr = await s.fetch('@jupyterlab/translation-extension:plugin');
                const nt = await s.fetch('@jupyterlab/apputils-extension:notification');
                return {locale: tr.schema.properties.locale.default,
                        fetchNews: nt.schema.properties.fetchNews.default,
                        user: [tr.raw.trim(), nt.raw.trim()]};
            }"""
        )
        assert shipped["locale"] == "vi_VN" and shipped["fetchNews"] == "false", shipped
        assert all(raw in ("", "{}") for raw in shipped["user"]), shipped

        # the "official Jupyter news?" question shows 0.3 s after the start when it is asked
        page.wait_for_timeout(1_500)
        toasts = page.locator(".Toastify__toast").all_inner_texts()
        assert not any("news" in t.lower() or "tin tức" in t.lower() for t in toasts), toasts

        # Cài đặt ▸ Ngôn ngữ lists English; choosing it reloads Lab in English
        page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Cài đặt").click()
        page.locator("#jp-mainmenu-settings .lm-Menu-item", has_text="Ngôn ngữ").hover()
        languages = page.locator("#jp-mainmenu-settings-language .lm-Menu-itemLabel")
        languages.first.wait_for()
        names = [t.strip() for t in languages.all_inner_texts()]
        assert any(n.startswith("English") for n in names), names
        page.locator("#jp-mainmenu-settings-language .lm-Menu-item", has_text="English").click()
        dialog = page.locator(".jp-Dialog")
        dialog.wait_for()
        with page.expect_navigation(timeout=60_000):
            dialog.locator(".jp-mod-accept").click()
        wait_for_lab(page)
        menus = menu_bar(page)
        for word in ("File", "Edit", "View", "Run", "Settings", "Help"):
            assert word in menus, menus


# -- b. a method notebook runs to the end --------------------------------------------------------------
def test_run_all_on_a_method_notebook_finds_no_error(request, tmp_path):
    name = METHOD_NOTEBOOK.name
    with lab(request, tmp_path, {name: METHOD_NOTEBOOK}, f"lab/tree/{name}") as page:
        wait_for_notebook(page, name)
        started = time.monotonic()
        done = run_all(page)
        print(f"{name}: Run All took {time.monotonic() - started:.1f} s in the browser")
        cells = [c for c in notebook_cells(page) if c["cell_type"] == "code"]
        assert cells, "the notebook has no code cell"

        errors, warnings = [], []
        for i, cell in enumerate(cells, 1):
            for out in cell["outputs"]:
                if out["output_type"] == "error":
                    trace = ANSI.sub("", "\n".join(out.get("traceback", [])))
                    errors.append(f"code cell {i}: {out['ename']}: {out['evalue']}\n{trace}")
                elif out["output_type"] == "stream" and out.get("name") == "stderr":
                    text = out["text"] if isinstance(out["text"], str) else "".join(out["text"])
                    warnings.append(f"code cell {i}: {text.strip()}")
        for w in warnings:
            print("stderr (allowed):", w)
        assert not errors, "\n\n".join(errors)
        assert done, "JupyterLab says Run All did not go through (notebook:run-all-cells)"
        not_run = [i for i, c in enumerate(cells, 1) if c["execution_count"] is None]
        assert not not_run, f"code cells that did not run: {not_run}"

        # every widget the notebook shows was drawn (none says "Error displaying widget")
        shown = page.locator(".jp-OutputArea-output").all_inner_texts()
        broken = [t for t in shown if "Error displaying widget" in t]
        assert not broken, broken
        assert page.locator(".jp-OutputArea-output .phanloai-explorer").count() >= 1


# -- c. a slider moved in the page shows what the package computes ------------------------------------
EXPLORE = """\
import phanloai

fashion = phanloai.load("fashion", n=3000)
ex = phanloai.explore(fashion, "ladder")
ex"""


def expected_counts(customers, radius_km: float) -> list[str]:
    """The 'customers' column of the profile table, as the explorer writes it (1.234)."""
    report = phanloai.profile(
        customers, phanloai.classify(customers, "ladder", radius_km=radius_km)
    )
    return [format_number(n) for n in report["customers"]]


# the column of the summary table headed ``header`` (pandas' Styler marks its cells ``colN``)
COLUMN_JS = """
(header) => {
    const table = document.querySelector('.phanloai-summary table');
    if (!table) return null;
    const th = Array.from(table.querySelectorAll('thead th.col_heading'))
        .find((t) => t.textContent.trim() === header);
    const col = th && Array.from(th.classList).find((c) => /^col[0-9]+$/.test(c));
    if (!col) return null;
    return Array.from(table.querySelectorAll(`tbody td.${col}`), (td) => td.textContent.trim());
}
"""


def wait_for_counts(page, header: str, expected: list[str], what: str) -> None:
    """Until the summary's ``header`` column reads ``expected``, top to bottom."""
    try:
        page.wait_for_function(
            f"([header, expected]) => JSON.stringify(({COLUMN_JS})(header))"
            " === JSON.stringify(expected)",
            arg=[header, expected],
            timeout=30_000,
        )
    except Exception as exc:
        shown = page.evaluate(COLUMN_JS, header)
        raise AssertionError(
            f"{what}: the column {header!r} shows {shown}, the package computes {expected}"
        ) from exc


def test_moving_a_slider_shows_what_the_package_computes(request, tmp_path):
    scheme = phanloai.SCHEMES["ladder"]
    radius = scheme.params["radius_km"]
    fashion = phanloai.load("fashion", n=3000)
    # the header the table gives the "customers" column ("Số khách")
    report = phanloai.profile(fashion.customers, phanloai.classify(fashion.customers, "ladder"))
    header = phanloai.show(report, n=None).data.columns[list(report.columns).index("customers")]
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    notebook.cells = [nbformat.v4.new_code_cell(EXPLORE)]
    files = {"kham_pha.ipynb": nbformat.writes(notebook)}

    with lab(request, tmp_path, files, "lab/tree/kham_pha.ipynb") as page:
        wait_for_notebook(page, "kham_pha.ipynb")
        assert run_all(page), notebook_cells(page)[0]["outputs"]
        page.wait_for_selector(".phanloai-explorer", timeout=30_000)
        picture = bs.wait_for_picture(page, ".phanloai-chart")
        bs.assert_not_blank(picture)
        counts = expected_counts(fashion.customers, radius.default)
        wait_for_counts(page, header, counts, "at first")

        # the control whose label reads "Bán kính phục vụ (km)"
        control = page.locator(".widget-vbox").filter(
            has=page.locator(":scope > .widget-html", has_text=radius.vi)
        )
        assert control.count() == 1, f"{control.count()} controls labelled {radius.vi!r}"
        handle = control.locator(".widget-slider [role=slider]")
        assert float(handle.get_attribute("aria-valuenow")) == radius.default

        # one step with the keyboard, then a value typed into the readout
        moves = [
            ("ArrowRight", radius.default + radius.step),
            ("readout", 25.0),
        ]
        for how, value in moves:
            if how == "readout":
                readout = control.locator(".widget-readout")
                readout.click()
                page.keyboard.press("Control+A")
                page.keyboard.type(format_number(value))
                page.keyboard.press("Enter")
            else:
                handle.focus()
                page.keyboard.press(how)
            page.wait_for_function(
                "([el, v]) => parseFloat(el.getAttribute('aria-valuenow')) === v",
                arg=[handle.element_handle(), value],
            )
            before, counts = counts, expected_counts(fashion.customers, value)
            assert counts != before, f"pick a value that changes the table ({value})"
            wait_for_counts(page, header, counts, f"{radius.vi} = {value:g} ({how})")
            new = bs.wait_for_picture(page, ".phanloai-chart", old_src=picture.src)
            bs.assert_not_blank(new)
            assert new.digest != picture.digest, f"the chart did not change ({how})"
            picture = new
