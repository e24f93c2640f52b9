"""The Save & export tab in Chromium: a network downloaded as JSON through the real button,
then uploaded in a fresh session, comes back at the same epoch with the same set-up (and link);
the other downloads arrive as files."""

import json

import pytest
from harness import transport

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
TAB = "Save & export"


def open_tab(page) -> None:
    page.get_by_role("tab", name=TAB).click()
    page.locator(".st-key-export-download-json button:visible").wait_for()
    page.locator(".st-key-export-download-csv").scroll_into_view_if_needed()


def download(page, key: str, tmp_path):
    with page.expect_download(timeout=30_000) as event:
        page.locator(f".st-key-export-download-{key} button:visible").click()
    path = tmp_path / event.value.suggested_filename
    event.value.save_as(path)
    return path


def epoch(page) -> str:
    return page.locator(".pg-live #epoch").inner_text()


def test_a_downloaded_network_uploaded_in_a_fresh_session_comes_back(browser, app_url, page,
                                                                     tmp_path, output_dir):
    page.goto(app_url + "/?dataset=xor&learning_rate=0.1&layers=5:relu")
    page.wait_for_selector(".pg-live #epoch", timeout=30_000)
    page.wait_for_function(IDLE)
    for _ in range(3):
        transport(page, "Epoch").click()
        page.wait_for_function(IDLE)
    page.wait_for_function("() => document.getElementById('epoch').textContent.trim() === '3'")
    open_tab(page)
    page.screenshot(path=str(output_dir / "export_tab.png"))
    saved = download(page, "json", tmp_path)
    assert json.loads(saved.read_text())["epochs_done"] == 3
    for key in ("python", "onnx", "png", "svg", "csv"):
        assert download(page, key, tmp_path).stat().st_size > 100
    accuracy = page.locator("#test-accuracy").inner_text()

    other = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    other.goto(app_url)
    other.wait_for_selector(".pg-live #epoch", timeout=30_000)
    open_tab(other)
    other.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(saved))
    other.get_by_text(f"Loaded {saved.name}: epoch 3", exact=False).first.wait_for()
    other.wait_for_function("() => document.getElementById('epoch').textContent.trim() === '3'")
    assert other.locator("#test-accuracy").inner_text() == accuracy
    assert "dataset=xor" in other.url and "layers=5%3Arelu" in other.url.replace(":", "%3A")
    assert other.locator(EXCEPTION).count() == 0
    other.screenshot(path=str(output_dir / "export_loaded.png"))
    other.context.close()
