"""Fixtures for the browser tests: one server, one Chromium, a fresh page per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import driver

RESULTS = driver.PROJECT_ROOT / "test-results"


@pytest.fixture(scope="session")
def app_url():
    with driver.running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = driver.launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_in_call = report.failed
    return report


def _page(browser, request, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda sent: page.requests.append(sent.url))
    driver.block_tiles(page)
    yield page
    if getattr(request.node, "failed_in_call", False):
        RESULTS.mkdir(exist_ok=True)
        name = "".join(c if c.isalnum() else "-" for c in request.node.nodeid.split("::")[-1])
        page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser, request):
    yield from _page(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser, request):
    yield from _page(browser, request, **driver.PHONE)


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent.name == "browser":
            item.add_marker(pytest.mark.browser)
