"""The confirmation page in a real browser: a submitter follows the mailed link and confirms.

Needs headless Chromium (Debian's ``chromium``, ``scripts/install-browser.sh``) and Playwright
for Python; without them the test is skipped locally and fails when ``CI=true``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dtapi.doc.models import Document
from dtapi.submit.models import Submission
from tests.accounts.test_browser import CHROMIUM, CHROMIUM_FLAGS, _shot
from tests.accounts.test_browser import sync_playwright as sync_playwright  # noqa: F401 (fixture)

from . import drafts
from .conftest import account, confirmation_link, run_worker, upload


@pytest.mark.django_db(transaction=True)
def test_the_submitter_confirms_in_a_browser(live_server: Any, sync_playwright: Any) -> None:  # noqa: F811
    # Data first: the ORM is not used while Playwright's event loop runs.
    account(drafts.ALICE)
    answer = upload(Client(), drafts.v3("draft-doe-browser-widget", "00"))
    assert answer.status_code == 200, answer.content
    run_worker()
    link = confirmation_link()
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(20_000)
            page.goto(f"{base}{link}")
            assert "Authorization key accepted" in page.content()
            assert "draft-doe-browser-widget-00" in page.inner_text("main")
            assert "An Example Widget Exchange" in page.inner_text("main")
            _shot(page, "submit-1-confirm")
            page.click("button[value=confirm]")
            page.wait_for_selector("#outcome")
            assert "has been posted" in page.inner_text("#outcome")
            _shot(page, "submit-2-posted")
            page.click("#outcome a:text('doc.json')")
            page.wait_for_url(f"{base}/doc/draft-doe-browser-widget/doc.json")
            assert '"rev": "00"' in page.content() or '"rev":"00"' in page.content()

            page.goto(f"{base}{link}")  # the link again: nothing left to confirm
            assert "has been posted" in page.inner_text("#outcome")
            assert page.locator("#confirm-submission").count() == 0
        finally:
            browser.close()

    assert Submission.objects.get().state_id == "posted"
    assert Document.objects.get(name="draft-doe-browser-widget").rev == "00"
