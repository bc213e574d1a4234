"""Browser tests: the real `otp demo` command on a free port, driven by Playwright in Debian's
Chromium (/usr/bin/chromium; never `playwright install`). Screenshots go to test-artifacts/."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("OTP_CHROMIUM", "/usr/bin/chromium")
# Quiet flags: this machine has no network beyond loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def started(args: list[str], env: dict, folder: Path, port: int, wait: float) -> Iterator[str]:
    """`otp ARGS` as a child process, yielded once its health check answers (within `wait`
    seconds: building the demo takes a while on a busy machine); stopped afterwards."""
    log = open(folder / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "otp.cli.main", *args], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError((folder / "server.log").read_text())
            time.sleep(0.2)
        else:
            raise RuntimeError(f"otp {args[0]} did not start: " + (folder / "server.log").read_text())
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, database_url):
    """`otp demo` as a user would start it, on its own database."""
    from tests.dbs import fresh_database
    port = _free_port()
    folder = tmp_path_factory.mktemp("browser")
    with fresh_database(folder) as url:
        env = {**os.environ, "OTP_DATA_DIR": str(folder), "OTP_DATABASE_URL": url}
        with started(["demo", "--port", str(port)], env, folder, port, wait=180) as base:
            yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def log_in(page, email: str = "owner@example.com", password: str = "demo") -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))  # logging in lands on the home page: what needs you


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
