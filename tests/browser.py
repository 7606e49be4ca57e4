"""Headless Chromium for the browser tests and benchmarks: the system's Chromium, offline.

Every request that does not go to the local machine is aborted and recorded in a `Watch`, with
page and console errors, so a test can check that a page never tried to leave the machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright import sync_api

CHROMIUM = Path(os.environ.get("DIPLOGRAPH_CHROMIUM", "/usr/bin/chromium"))
# Browsers cannot be downloaded here: use the system Chromium, quiet and offline.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class Watch:
    """What the pages of a test module did that they should not have."""

    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    local_requests: int = 0


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "file"} or parts.hostname in LOCAL_HOSTS


@contextmanager
def chromium() -> Iterator[sync_api.Browser]:
    assert CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: apt-get install chromium (see .ci/run)"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def watched_page(browser: sync_api.Browser, watch: Watch, **options) -> Iterator[sync_api.Page]:
    """A page in a fresh context whose outside requests are aborted and recorded in `watch`."""
    context = browser.new_context(**options)

    def guard(route: sync_api.Route) -> None:
        if is_local(route.request.url):
            watch.local_requests += 1
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    def attach(page: sync_api.Page) -> None:
        page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
        page.on(
            "console",
            lambda message: message.type == "error" and watch.console_errors.append(message.text),
        )
        # Requests the router does not see (file://) are still recorded here.
        page.on("request", lambda r: is_local(r.url) or watch.outside.append(r.url))

    context.route("**/*", guard)
    context.on("page", attach)
    yield context.new_page()
    context.close()
