"""A real browser opens a shared search link: Persian passages right-to-left and marked, English LTR.

Needs Debian's chromium (/usr/bin/chromium) and the ``live_api_url`` fixture (the real API over the
indexed demo corpus). Saves a screenshot to test-artifacts/ui-search.png.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import free_port, stop, wait_until_up
from ui.launch import streamlit_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PERSIAN_QUERY = "دیپلماسی علم"  # the demo corpus has it in Persian, and "science diplomacy" in English

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium"),
]


@pytest.fixture
def ui_url(live_api_url: str, tmp_path: Path):
    """The Streamlit app, started as `kavosh ui` would, talking to the live API; stopped afterwards."""
    port = free_port()
    env = {**os.environ, "KAVOSH_API_URL": live_api_url, "HOME": str(tmp_path)}
    log_path = tmp_path / "streamlit.log"
    log = log_path.open("w")
    process = subprocess.Popen(streamlit_command(port), env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(f"{url}/_stcore/health", process)
        except RuntimeError as error:
            pytest.fail(f"{error}; streamlit's log:\n{log_path.read_text()}")
        yield url
    finally:
        stop(process)
        log.close()


@pytest.fixture
def browser():
    """Debian's Chromium through Playwright (``playwright install`` cannot download browsers here)."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def test_shared_persian_link_renders_rtl_and_ltr_results(ui_url: str, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1200})
    page.goto(f"{ui_url}/?q={quote(PERSIAN_QUERY)}&k=10")
    page.wait_for_selector("article.kv-card", timeout=60_000)
    page.wait_for_timeout(500)  # let the last cards and fonts settle
    # Streamlit scrolls inside its main block: grow the window so the screenshot holds every card.
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": min(max(height, 1200), 12_000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "ui-search.png"))

    # The search box, by its label (the sidebar's date filters are text boxes too).
    assert page.get_by_label("Search Persian and English documents").input_value() == PERSIAN_QUERY
    persian = page.locator("article.kv-card[data-lang='fa'] p.kv-passage").first
    english = page.locator("article.kv-card[data-lang='en'] p.kv-passage").first
    assert persian.count() == 1, "no Persian result for a Persian query"
    assert english.count() == 1, "no English result among the top 10 for a Persian query"

    assert persian.get_attribute("dir") == "rtl"
    assert persian.evaluate("node => getComputedStyle(node).direction") == "rtl"
    assert persian.evaluate("node => getComputedStyle(node).textAlign") == "right"
    marked = persian.locator("mark")
    assert marked.count() > 0, "the Persian passage has no marked words"
    assert any(word in PERSIAN_QUERY for word in marked.all_inner_texts())

    assert english.get_attribute("dir") == "ltr"
    assert english.evaluate("node => getComputedStyle(node).direction") == "ltr"
    assert page.locator("[data-testid='stException']").count() == 0


def test_results_by_document_in_a_real_browser(ui_url: str, browser):
    """A link with group=document shows document cards; the toggle goes back to passages and the URL follows."""
    page = browser.new_page(viewport={"width": 1280, "height": 1200})
    page.goto(f"{ui_url}/?q={quote('science diplomacy')}&k=5&group=document")
    page.wait_for_selector("article.kv-doc-card", timeout=60_000)
    page.wait_for_timeout(500)
    cards = page.locator("article.kv-doc-card")
    doc_ids = [cards.nth(number).get_attribute("data-doc-id") for number in range(cards.count())]
    assert 1 <= len(doc_ids) <= 5 and len(set(doc_ids)) == len(doc_ids)  # each document once
    for number in range(cards.count()):
        assert 1 <= cards.nth(number).locator("section.kv-doc-passage").count() <= 3

    page.get_by_role("radio", name="passage", exact=True).click()
    page.wait_for_function("() => !window.location.search.includes('group=document')", timeout=60_000)
    # Streamlit keeps the old cards on screen while it reruns: wait until only passage cards are left.
    page.wait_for_function("() => document.querySelectorAll('article.kv-doc-card').length === 0 && "
                           "document.querySelectorAll('article.kv-card').length > 0", timeout=60_000)
    page.get_by_role("radio", name="document", exact=True).click()
    page.wait_for_function("() => window.location.search.includes('group=document')", timeout=60_000)
    page.wait_for_selector("article.kv-doc-card", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0


def test_persian_interface_with_a_filter_and_an_export(ui_url: str, browser, tmp_path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 1200}, accept_downloads=True)
    page.goto(f"{ui_url}/?q={quote(PERSIAN_QUERY)}&k=10&ui=fa&file_type=pdf")
    page.wait_for_selector("article.kv-card", timeout=60_000)
    page.wait_for_function("document.documentElement.dir === 'rtl'", timeout=30_000)
    page.wait_for_timeout(1500)  # the app's reruns: the link must keep ?ui=fa (a bound default once dropped it)
    assert "ui=fa" in page.url
    assert page.get_by_text("جستجو در اسناد فارسی و انگلیسی").count() > 0  # the search box's label
    assert page.get_by_text("پالایه‌ها").count() > 0  # the filters' heading
    fact = page.locator("article.kv-card .kv-meta span[dir='rtl']").first  # a card's page, in Persian
    assert fact.inner_text().startswith("صفحهٔ ")
    assert fact.evaluate("node => getComputedStyle(node).direction") == "rtl"
    assert page.locator("[data-testid='stSidebar']").evaluate("node => getComputedStyle(node).direction") \
        == "rtl"
    # The file-type filter holds the link's value; its counts come with the answer, so wait for them.
    page.get_by_text("pdf (").first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    with page.expect_download(timeout=30_000) as download:
        page.get_by_text("خروجی CSV").click()
    saved = tmp_path / "results.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows and all(row["source"].endswith(".pdf") for row in rows)
