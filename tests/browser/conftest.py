"""A real `streamlit run app.py` and headless Chromium for the browser tests."""

from pathlib import Path

import pytest
from harness import ROOT, launch, streamlit_server

OUTPUT = ROOT / "tests" / "output"


@pytest.fixture(scope="session")
def app_url():
    """Start the app with this interpreter, wait for /_stcore/health, stop it afterwards."""
    try:
        with streamlit_server() as (url, _):
            yield url
    except RuntimeError as error:
        pytest.fail(f"streamlit run app.py did not start: {error}")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # a missing dependency must fail, not skip

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh tab (a fresh Streamlit session) at 1280x800 with the page loaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(app_url)
    tab.wait_for_selector(".pg-live #epoch", timeout=30_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
