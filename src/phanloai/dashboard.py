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


def dashboard_notebook(case: str, language: str, downloads: Path) -> nbformat.NotebookNode:
    """The one-cell notebook Voila shows."""
    code = (
        "import phanloai\n"
        f"phanloai.set_language({language!r})\n"
        f"phanloai.workshop({case!r}, downloads={str(downloads)!r})"
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


def serve(case: str, *, port: int | None = None, open_browser: bool = True, language="vi") -> int:
    """Run the dashboard until Ctrl+C; returns Voila's exit code."""
    if case not in CASES:
        raise PhanloaiError(
            f"Không có tình huống '{case}'. Chọn: {', '.join(CASES)}.",
            f"No case '{case}'. Choose: {', '.join(CASES)}.",
        )
    if language not in ("vi", "en"):
        raise PhanloaiError(
            f"Ngôn ngữ '{language}' không có; chọn vi hoặc en.",
            f"No language '{language}'; choose vi or en.",
        )
    downloads = Path.cwd().resolve() / "danh_sach"
    folder = Path(tempfile.mkdtemp(prefix="phanloai-workshop-"))
    try:
        notebook = folder / f"workshop_{case}.ipynb"
        nbformat.write(dashboard_notebook(case, language, downloads), notebook)
        port = port or free_port()
        print(
            f"Bảng điều khiển workshop ({case}) ở địa chỉ: http://127.0.0.1:{port}/\n"
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
