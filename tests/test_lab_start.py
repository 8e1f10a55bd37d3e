"""`uv run phanloai lab` (and plain `jupyter lab` from the project folder) serve the whole
project and open the start notebook; the casebook is reachable from JupyterLab."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "phanloai-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """Status and redirect target of a request, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as r:
            return r.status, ""
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Location", "")


def _serve(command: list[str], port: int, tmp_path: Path):
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTER_TOKEN=TOKEN,
    )
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            status, _ = _get(f"http://127.0.0.1:{port}/api/status?token={TOKEN}")
            if status:
                return proc
        except OSError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGTERM)
    pytest.fail(
        "JupyterLab did not answer:\n" + proc.stdout.read().decode(errors="replace")[-3000:]
    )


@pytest.fixture
def lab(tmp_path):
    port = _free_port()
    cmd = [sys.executable, "-m", "phanloai.cli", "lab", "--no-browser", "--port", str(port)]
    proc = _serve(cmd, port, tmp_path)
    yield port
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def test_phanloai_lab_opens_the_start_notebook_on_the_whole_project(lab):
    status, where = _get(f"http://127.0.0.1:{lab}/?token={TOKEN}")
    assert status == 302 and where.split("?")[0].endswith("/lab/tree/notebooks/00_bat_dau.ipynb"), (
        status,
        where,
    )
    for path in ("notebooks/00_bat_dau.ipynb", "casebook/README.md", "casebook/cac_phuong_phap.md"):
        status, _ = _get(f"http://127.0.0.1:{lab}/api/contents/{path}?content=0&token={TOKEN}")
        assert status == 200, path


def test_plain_jupyter_lab_from_the_project_folder_opens_it_too(tmp_path):
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--ServerApp.port={port}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    proc = _serve(cmd, port, tmp_path)
    try:
        status, where = _get(f"http://127.0.0.1:{port}/?token={TOKEN}")
        assert status == 302 and where.split("?")[0].endswith(
            "/lab/tree/notebooks/00_bat_dau.ipynb"
        ), (
            status,
            where,
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
