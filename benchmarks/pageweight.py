"""Page weight: every main page loaded in headless Chromium with an empty cache.

Starts `cadec up` on a fresh data directory (loopback only), signs in as the Viet Nam delegate
(its password is read from the sign-ins `cadec up` prints once), loads each page in a new
browser context and prints the bytes transferred (compressed bodies plus headers) and the number
of requests. Budget (DESIGN.md): 60 KB and 8 requests per page on first load.

    uv run python benchmarks/pageweight.py
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

PUBLIC_PAGES = [
    "/",
    "/members/",
    "/members/frameworks/asean-china/",
    "/members/organisations/",
    "/members/countries/VN/",
    "/account/login/",
    "/indicators/",
    "/programme/",
    "/indicators/IT.NET.USER.ZS/",
    "/exchange/",
    "/exchange/?q=%E0%B8%95%E0%B8%B4%E0%B8%94%E0%B8%95%E0%B8%B2%E0%B8%A1",
    "/exchange/practices/1/",
]
MEMBER_PAGES = [
    "/members/people/",
    "/account/",
    "/programme/activities/1/",
    "/programme/mine/",
    "/negotiation/",
    "/negotiation/1/",
    "/negotiation/2/adopted/",
    "/negotiation/3/adoption/",
    "/indicators/IT.NET.USER.ZS/",
]
BUDGET_BYTES, BUDGET_REQUESTS = 60 * 1024, 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: str, port: int) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "CADEC_DATA_DIR": data_dir}
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "cadec.cli", "up", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    deadline = time.monotonic() + 120
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line)
        if "serving on" in line or time.monotonic() > deadline:
            break
    text = "".join(output)
    match = re.search(r"^\s+vnm\.delegate\s+(\S+)", text, re.MULTILINE)
    if match is None:
        process.terminate()
        raise SystemExit(f"cadec up did not print the demonstration sign-ins:\n{text}")
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    return process, match.group(1)


def weigh(browser, url: str, storage_state=None) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, storage_state=storage_state
    )
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    response = page.goto(url, wait_until="networkidle")
    total = 0
    for request in responses:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    status = response.status if response else 0
    context.close()
    return status, total, len(responses)


def main() -> int:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        server, password = start_server(data_dir, port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
                )
                login = browser.new_context()
                page = login.new_page()
                page.goto(f"{base}/account/login/")
                page.fill("input[name=username]", "vnm.delegate")
                page.fill("input[name=password]", password)
                page.click("main button[type=submit]")
                page.wait_for_url(f"{base}/")
                state = login.storage_state()
                login.close()
                print(f"{'page':<40} {'status':>6} {'bytes':>8} {'requests':>8}  budget")
                over = 0
                for path, storage in [(p, None) for p in PUBLIC_PAGES] + [
                    (p, state) for p in MEMBER_PAGES
                ]:
                    status, size, count = weigh(browser, base + path, storage)
                    if status == 404:
                        continue  # a module not installed yet
                    ok = size <= BUDGET_BYTES and count <= BUDGET_REQUESTS
                    over += not ok
                    label = path + (" (signed in)" if storage else "")
                    print(f"{label:<40} {status:>6} {size:>8} {count:>8}  {'ok' if ok else 'OVER'}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"budget: {BUDGET_BYTES} bytes and {BUDGET_REQUESTS} requests per page; over: {over}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
