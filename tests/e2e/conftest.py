"""Browser tests: Playwright driving Debian's Chromium against the live test server."""

import shutil
from collections.abc import Iterator

import pytest
from django.db import connections
from playwright.sync_api import BrowserContext, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_context(tmp_path) -> Iterator[BrowserContext]:  # type: ignore[no-untyped-def]
    """A fresh Chromium profile with a phone-sized window (360 px wide)."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": 360, "height": 740},
            locale="en-GB",
        )
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            context.close()
            # ORM calls made while Playwright's event loop runs get a connection of their own
            # context; close it here, or PostgreSQL cannot drop the test database afterwards.
            connections.close_all()


@pytest.fixture
def page(browser_context) -> Page:  # type: ignore[no-untyped-def]
    return browser_context.pages[0] if browser_context.pages else browser_context.new_page()
