"""End to end in a real browser: an Area Director signs in, creates a personal API key,
records a ballot position with it, and disables it.

Needs headless Chromium (Debian's ``chromium`` package, ``scripts/install-browser.sh``) and
Playwright for Python. Without them the test is skipped locally, but fails when ``CI=true``.
"""

from __future__ import annotations

import os
import shutil

import pytest

from dtapi.doc.models import BallotPositionDocEvent
from tests import factories as f

CHROMIUM = os.environ.get("DTAPI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = os.environ.get("DTAPI_SCREENSHOTS")  # a folder, to keep pictures of the pages


def _browser_missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser test cannot run in CI: {reason} (run scripts/install-browser.sh)")
    pytest.skip(reason)


@pytest.fixture
def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("Playwright for Python is not installed (pip install playwright)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(
        CHROMIUM
    ):
        _browser_missing(f"no Chromium at {CHROMIUM}")
    return sync_playwright


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_area_director_creates_uses_and_disables_a_key(live_server, sync_playwright):
    # Data first: the ORM is not used while Playwright's event loop runs.
    ad = f.area_director("ad1", name="Alex Director")
    draft = f.draft("draft-ietf-mars-browser")
    f.ballot(draft, ad)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(20_000)

            page.goto(f"{base}/accounts/apikey/")
            assert page.url.startswith(f"{base}/accounts/login/")
            page.fill("input[name=username]", "ad1")
            page.fill("input[name=password]", f.password_for("ad1"))
            _shot(page, "1-login")
            page.click("main button[type=submit]")
            page.wait_for_url(f"{base}/accounts/apikey/")
            assert "You have no personal API keys." in page.content()

            page.click("#new-key")
            page.wait_for_url(f"{base}/accounts/apikey/add")
            assert "Create a new personal API key" in page.content()
            page.select_option("select[name=endpoint]", "/api/iesg/position")
            _shot(page, "2-create")
            page.click("main button[type=submit]")
            page.wait_for_url(f"{base}/accounts/apikey/")
            key = page.inner_text("code.key").strip()
            assert len(key) == 64
            _shot(page, "3-keys")

            api = page.request
            form = {"apikey": key, "doc": draft.name, "position": "noobj"}
            r = api.post(f"{base}/api/iesg/position", form=form)
            assert (r.status, r.text()) == (200, "Done")
            r = api.post(f"{base}/api/iesg/position", form={**form, "apikey": "foobar"})
            assert (r.status, r.text()) == (403, "Invalid apikey")

            page.reload()
            row = page.inner_text("tr.apikey")
            assert "/api/iesg/position" in row and "\t1\t" in row.replace("  ", "\t")

            page.click("a.disable")
            page.wait_for_url(f"{base}/accounts/apikey/del?id=*")
            assert "Disable a personal API key" in page.content()
            _shot(page, "4-disable")
            page.click("main button[type=submit]")
            page.wait_for_url(f"{base}/accounts/apikey/")
            assert f"Disabled key {key}" in page.content()
            assert page.locator("a.disable").count() == 0
            _shot(page, "5-disabled")

            r = api.post(f"{base}/api/iesg/position", form=form)
            assert (r.status, r.text()) == (403, "Invalid apikey")

            page.goto(f"{base}/api/")
            assert "The datatracker API" in page.content()
            _shot(page, "6-api-notes")
        finally:
            browser.close()

    position = BallotPositionDocEvent.objects.get(doc__name="draft-ietf-mars-browser")
    assert position.pos_id == "noobj"
    assert position.balloter.user.username == "ad1"
