"""Running the real app for browser tests: a served store and headless Debian Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("EVENTLINE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_browser() -> None:
    """Skip without Chromium; with EVENTLINE_REQUIRE_BROWSER set (CI), fail instead."""
    missing = not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM)
    if not missing:
        return
    message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("EVENTLINE_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _eventline() -> list[str]:
    script = Path(sys.executable).with_name("eventline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]


@contextmanager
def served(db: Path, timeout: float = 90.0):
    """Run `eventline serve` on a free port and yield its base URL once it is healthy."""
    port = free_port()
    log = db.with_suffix(".serve.log")
    with log.open("wb") as out:
        # A session of its own, so that stopping it stops every process it started.
        process = subprocess.Popen(
            [*_eventline(), "serve", "--db", str(db), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, cwd=db.parent, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, timeout, log)
        yield url
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"eventline serve exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"eventline serve not healthy after {timeout}s:\n{log.read_text()}")


@contextmanager
def chromium_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                accept_downloads=True, viewport={"width": 1400, "height": 1000}
            )
            yield context.new_page()
        finally:
            browser.close()


def settle(page, timeout: float = 60_000) -> None:
    """Wait until the app's script run is over (a rerun shows stale elements meanwhile)."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=timeout)
