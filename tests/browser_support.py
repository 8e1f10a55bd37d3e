"""Helpers for the real-browser tests: a Jupyter server on a free loopback port with a home of its
own, Debian's Chromium driven by Playwright (every non-local request blocked), a screenshot when a
test fails and a check that a chart really shows a picture.

The test files import it as ``browser_support`` (pytest puts ``tests/`` on ``sys.path``, the
folder has no ``__init__.py``). Nothing here writes JupyterLab's settings: the servers read the
settings the project installs into the environment (``etc/jupyter/jupyter_lab_config.json`` and
``share/jupyter/lab/settings/overrides.json``: Vietnamese menus, no news pop-up), so the tests see
exactly what a student sees.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / ".browser-screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: set to ``required`` (CI does) and a missing browser fails the tests instead of skipping them
REQUIRED_VARIABLE = "PHANLOAI_BROWSER_TESTS"
MISSING_BROWSER = (
    f"Chưa có trình duyệt Chromium ({CHROMIUM}) cho các kiểm thử trên trình duyệt thật; "
    "hãy cài: sudo apt-get install chromium fonts-dejavu-core — "
    f"Chromium ({CHROMIUM}) is missing for the real-browser tests; "
    "install it: sudo apt-get install chromium fonts-dejavu-core"
)
# Variables of the caller's own Jupyter set-up that would leak into a test server.
_PRIVATE_VARIABLES = (
    "JUPYTER_TOKEN",
    "JUPYTER_PATH",
    "JUPYTER_CONFIG_PATH",
    "JUPYTERLAB_DIR",
    "JUPYTERLAB_SETTINGS_DIR",
    "JUPYTERLAB_WORKSPACES_DIR",
    "JUPYTER_PREFER_ENV_PATH",
    "IPYTHONDIR",
)


# -- the browser is there, or the test says what to install ------------------------------------------
def require_chromium() -> Path:
    """Debian's Chromium, or a skip (a failure when ``PHANLOAI_BROWSER_TESTS=required``) saying how
    to install it."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get(REQUIRED_VARIABLE, "").strip().lower() == "required":
        pytest.fail(MISSING_BROWSER, pytrace=False)
    pytest.skip(MISSING_BROWSER)


# -- servers -----------------------------------------------------------------------------------------
def free_port() -> int:
    """A TCP port nobody listens on at the moment, on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    """Whether something answers HTTP at ``url`` (any status, redirects not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


@dataclass
class Server:
    """A running server: ``url`` (ends with ``/``), its ``root`` folder and its log file."""

    url: str
    port: int
    root: Path
    home: Path
    log: Path
    process: subprocess.Popen

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def server_env(home: Path) -> dict[str, str]:
    """The caller's environment with a home, configuration, data and runtime folder of its own.
    The environment-level Jupyter settings (``sys.prefix``) stay the ones the project ships."""
    env = {k: v for k, v in os.environ.items() if k not in _PRIVATE_VARIABLES}
    dirs = {
        "HOME": home,
        "JUPYTER_CONFIG_DIR": home / "jupyter-config",
        "JUPYTER_DATA_DIR": home / "jupyter-data",
        "JUPYTER_RUNTIME_DIR": home / "jupyter-runtime",
        "IPYTHONDIR": home / "ipython",
        "XDG_CACHE_HOME": home / "cache",
        "XDG_CONFIG_HOME": home / "config",
        "MPLCONFIGDIR": home / "matplotlib",  # its font cache takes 0.1 s to build
    }
    for name, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@contextlib.contextmanager
def serve(
    command: list[str], port: int, *, root: Path, home: Path, ready_path: str = "/", timeout=90
) -> Iterator[Server]:
    """Run ``command`` (in a process group of its own, with :func:`server_env`), wait until
    ``http://127.0.0.1:port{ready_path}`` answers with any status, and stop the whole group at
    the end (the kernels it started too)."""
    log = home / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=server_env(home),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}/", port, root, home, log, process)
    try:
        deadline = time.monotonic() + timeout
        while not answers(f"http://127.0.0.1:{port}{ready_path}"):
            if process.poll() is not None:
                pytest.fail(
                    f"the server stopped (exit code {process.returncode}):\n{server.log_tail()}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the server did not answer within {timeout} s:\n{server.log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield server
    finally:
        # Kernels run in sessions of their own; the server shuts them down when it stops, and
        # any it leaves behind are found by the runtime folder named on their command line.
        runtime = str(home / "jupyter-runtime")
        kernels = _processes_mentioning(runtime)
        stop(process)
        for pid in _processes_mentioning(runtime) & kernels:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)


def _processes_mentioning(text: str) -> set[int]:
    """The ids of this user's processes whose command line contains ``text``."""
    found = set()
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if text in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace"
            ):
                found.add(int(entry.name))
    return found


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    """Stop a process group started by :func:`serve`: SIGTERM, then SIGKILL after ``grace`` s."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # the server is gone; whatever else it started in its group goes with it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        return


@contextlib.contextmanager
def jupyter_lab(tmp_path: Path, files: Mapping[str, Path | str | bytes] = ()) -> Iterator[Server]:
    """A fresh JupyterLab on a free port, without a token, ``window.jupyterapp`` exposed, serving
    a temporary folder that holds ``files`` (name → a file to copy, or the text / bytes to write):
    Lab autosaves, so a test works on copies."""
    root, home = tmp_path / "root", tmp_path / "home"
    root.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    for name, what in dict(files).items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(what, Path):
            shutil.copyfile(what, target)
        elif isinstance(what, bytes):
            target.write_bytes(what)
        else:
            target.write_text(what, encoding="utf-8")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--expose-app-in-browser",
        f"--ServerApp.root_dir={root}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    with serve(command, port, root=root, home=home, ready_path="/api/status") as server:
        yield server


# -- the browser ---------------------------------------------------------------------------------------
def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, headless, driven by Playwright (skips, or fails on CI, without it)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser, **options):
    """A browser context (1280×900, Vietnamese) that aborts every request not to this machine;
    ``context.blocked`` lists the addresses it refused."""
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN", **options}
    context = browser.new_context(**options)
    context.blocked = []

    def route(r):
        if _is_local(r.request.url):
            r.continue_()
        else:
            context.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context


@contextlib.contextmanager
def open_page(server: Server, path: str = "lab", **options) -> Iterator:
    """A browser page on ``server`` at ``path``; what the page logs to its console is kept in
    ``page.console_lines``."""
    with chromium() as browser:
        context = new_context(browser, **options)
        page = context.new_page()
        page.console_lines = []
        page.on("console", lambda m: page.console_lines.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: page.console_lines.append(f"pageerror: {e}"))
        page.set_default_timeout(30_000)
        try:
            page.goto(server.url + path.lstrip("/"), wait_until="domcontentloaded")
            yield page
        finally:
            context.close()


def screenshot_path(name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:150]
    return SCREENSHOTS / f"{safe}.png"


def save_screenshot(page, name: str) -> Path:
    """A full-page PNG of ``page`` (and its HTML beside it) under ``.browser-screenshots/``."""
    path = screenshot_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True, timeout=15_000)
    with contextlib.suppress(Exception):
        path.with_suffix(".html").write_text(page.content(), encoding="utf-8")
    return path


@contextlib.contextmanager
def screenshot_on_failure(page, name: str, server: Server | None = None) -> Iterator:
    """Run a test body; when it fails, save the page (:func:`save_screenshot`) and name the file
    (with the end of the server's log) in the failure, then let the failure go on. A picture
    left by an earlier failure of the same test is removed first."""
    for old in (screenshot_path(name), screenshot_path(name).with_suffix(".html")):
        old.unlink(missing_ok=True)
    try:
        yield
    except (KeyboardInterrupt, pytest.skip.Exception):
        raise
    except BaseException as exc:
        try:
            note = f"screenshot of the page: {save_screenshot(page, name)} (and .html beside it)"
        except Exception as shot_error:
            note = f"no screenshot ({type(shot_error).__name__}: {shot_error})"
        exc.add_note(note)
        lines = getattr(page, "console_lines", [])
        if lines:
            exc.add_note("browser console (last lines):\n" + "\n".join(lines[-25:]))
        blocked = getattr(page.context, "blocked", [])
        if blocked:
            exc.add_note("requests blocked (not to this machine):\n" + "\n".join(blocked[:10]))
        if server is not None:
            exc.add_note("server log (end):\n" + server.log_tail(3000))
        raise


# -- pictures --------------------------------------------------------------------------------------
_PICTURE_JS = """
([selector, oldSrc]) => {
    const found = document.querySelector(selector);
    if (!found) return null;
    const img = found.matches('img') ? found : found.querySelector('img');
    if (!img || !img.src || img.src === oldSrc || !img.complete || img.naturalWidth === 0) {
        return null;
    }
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';  // a transparent background counts as white
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    let digest = 0;
    for (let i = 0; i < data.length; i += 4) {
        if (Math.min(data[i], data[i + 1], data[i + 2]) < 235) ink += 1;
        digest = (Math.imul(digest, 31) + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) | 0;
    }
    return {src: img.src, width: img.naturalWidth, height: img.naturalHeight,
            ink: ink / (data.length / 4), digest: digest};
}
"""


@dataclass
class Picture:
    src: str
    width: int
    height: int
    ink: float  # share of pixels that are not (almost) white
    digest: int  # a checksum of the pixels: two different pictures (almost surely) differ


def wait_for_picture(page, selector: str, old_src: str | None = None, timeout=30_000) -> Picture:
    """Wait until the ``<img>`` at ``selector`` (or inside it) shows a loaded picture whose
    ``src`` differs from ``old_src``, and measure how much of it is not white."""
    handle = page.wait_for_function(_PICTURE_JS, arg=[selector, old_src], timeout=timeout)
    return Picture(**handle.json_value())


def assert_not_blank(picture: Picture, least: float = 0.02) -> None:
    assert picture.ink > least, (
        f"the chart is blank: {picture.ink:.1%} of its {picture.width}×{picture.height} pixels "
        f"are not white (expected more than {least:.0%})"
    )
