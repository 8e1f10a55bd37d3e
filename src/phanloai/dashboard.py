"""``phanloai workshop CASE``: the workshop dashboard served by Voila on this computer.

A one-cell notebook calling :func:`phanloai.workshop` is written into a temporary folder and
served by Voila on the loopback address (nobody else on the network sees it); no code cell is
shown. The lists a team makes are saved in ``danh_sach/`` of the folder the command was started
from, never over an existing file.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from ._i18n import PhanloaiError
from .case import CASES

__all__ = ["dashboard_notebook", "free_port", "voila_command"]


def dashboard_notebook(
    case: str, language: str, downloads: Path, orders: Path | None = None
) -> nbformat.NotebookNode:
    """The one-cell notebook Voila shows: a case by name, or ``case`` as a customer file (with
    ``orders``, its order lines) read through :func:`phanloai.from_files`."""
    if case in CASES:
        data = repr(case)
    else:
        data = f"phanloai.from_files(customers={str(case)!r}, orders={None if orders is None else str(orders)!r})"
    code = (
        "import phanloai\n"
        f"phanloai.set_language({language!r})\n"
        f"phanloai.workshop({data}, downloads={str(downloads)!r})"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def voila_command(notebook: Path, port: int, open_browser: bool) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--strip_sources=True",
        "--theme=light",
        # one kernel is started and runs the dashboard before anyone opens the page, so the page
        # shows at once (and a fresh one is warmed for the next visitor)
        "--preheat_kernel=True",
        "--pool_size=1",
        "--VoilaConfiguration.show_tracebacks=False",
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def serve(
    case: str,
    *,
    port: int | None = None,
    open_browser: bool = True,
    language="vi",
    orders: str | None = None,
) -> int:
    """Run the dashboard until Ctrl+C; returns Voila's exit code. ``case`` is a case name or
    your own customer file (``orders``: its order lines), checked here before anything is
    served so a file that cannot be read is said at once, in the terminal."""
    if language not in ("vi", "en"):
        raise PhanloaiError(
            f"Ngôn ngữ '{language}' không có; chọn vi hoặc en.",
            f"No language '{language}'; choose vi or en.",
        )
    if case not in CASES and not Path(case).is_file():
        raise PhanloaiError(
            f"Không có tình huống hay tệp '{case}'. Chọn: {', '.join(CASES)}, hoặc một tệp khách hàng "
            ".csv/.xlsx/.parquet.",
            f"No case or file '{case}'. Choose: {', '.join(CASES)}, or a customer file "
            ".csv/.xlsx/.parquet.",
        )
    if case in CASES and orders is not None:
        raise PhanloaiError(
            "--orders chỉ dùng với tệp khách hàng của bạn, không dùng với một tình huống có sẵn.",
            "--orders goes with your own customer file, not with a ready-made case.",
        )
    label = case
    if case not in CASES:
        from .intake import from_files
        from .widgets.workshop import Workshop

        case = Path(case).resolve()
        orders = None if orders is None else Path(orders).resolve()
        data = from_files(customers=case, orders=orders)
        print(data.report_text(language), flush=True)
        Workshop(data)  # refuses here, in the terminal, data that feeds no classification
        label = case.name
    downloads = Path.cwd().resolve() / "danh_sach"
    folder = Path(tempfile.mkdtemp(prefix="phanloai-workshop-"))
    try:
        notebook = folder / "workshop.ipynb"
        nbformat.write(dashboard_notebook(str(case), language, downloads, orders), notebook)
        port = port or free_port()
        print(
            f"Bảng điều khiển workshop ({label}) ở địa chỉ: http://127.0.0.1:{port}/\n"
            f"Danh sách tải về được lưu trong: {downloads}\n"
            "Dừng: nhấn Ctrl+C trong cửa sổ này.\n"
            f"(English: the workshop dashboard is at http://127.0.0.1:{port}/ ; lists are saved in "
            f"{downloads}; stop with Ctrl+C.)",
            flush=True,
        )
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        try:
            return subprocess.call(voila_command(notebook, port, open_browser), cwd=folder, env=env)
        except KeyboardInterrupt:
            return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
