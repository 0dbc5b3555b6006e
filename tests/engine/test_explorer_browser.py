"""The explorer in a real browser: from /api/v1/ to a document, to one of its states, and back
to the documents through a filter (the state page's link, then the filter form, by keyboard).

Needs headless Chromium and Playwright, as tests/accounts/test_browser.py (skipped locally
without them, failing when ``CI=true``). ``DTAPI_SCREENSHOTS=dir`` keeps pictures of the pages,
light and dark.
"""

from __future__ import annotations

import re

import pytest

from tests.accounts.test_browser import CHROMIUM, CHROMIUM_FLAGS, _shot, sync_playwright  # noqa: F401

from . import factories as f


@pytest.mark.django_db(transaction=True)
def test_from_the_root_to_a_document_its_state_and_back_through_a_filter(
    live_server,
    sync_playwright,  # noqa: F811
):
    # Data first: the ORM is not used while Playwright's event loop runs.
    active = f.state("draft", "active")
    expired = f.state("draft", "expired")
    doc = f.document(
        name="draft-ietf-mars-browser",
        title="Browsing Mars",
        abstract="How a person reads the API. " * 12,
    )
    doc.states.add(active)
    f.document(name="draft-ietf-mars-other", title="Another Mars").states.add(active)
    f.document(name="draft-ietf-venus-gone", title="Gone").states.add(expired)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(20_000)

            # The root: an index of the apps, as HTML (Chromium's own Accept header).
            page.goto(f"{base}/api/v1/")
            assert page.locator("h1").inner_text() == "/api/v1/"
            assert "This XML file" not in page.content()
            page.click("main a[href='/api/v1/doc/']")
            page.wait_for_url(f"{base}/api/v1/doc/")

            # The app: its resources with counts.
            row = page.locator("tr", has=page.locator("a[href='/api/v1/doc/document/']"))
            assert row.locator("td.num").inner_text() == "3"
            page.click("main a[href='/api/v1/doc/document/']")
            page.wait_for_url(f"{base}/api/v1/doc/document/")
            assert "Objects 1–3 of 3" in page.inner_text("main")
            _shot(page, "explorer-list")

            # A document, from its row.
            page.click("a[href='/api/v1/doc/document/draft-ietf-mars-browser/']")
            page.wait_for_url(f"{base}/api/v1/doc/document/draft-ietf-mars-browser/")
            assert "Browsing Mars" in page.inner_text("main")
            abstract = page.locator("details.fold").first
            assert not abstract.locator(".long").is_visible()  # long texts are folded
            abstract.locator("summary").click()
            assert abstract.locator(".long").is_visible()
            _shot(page, "explorer-detail")

            # One of its states (a to-many URI is a link).
            state_uri = f"/api/v1/doc/state/{active.pk}/"
            page.click(f"main a[href='{state_uri}']")
            page.wait_for_url(f"{base}{state_uri}")
            assert "active" in page.inner_text("main")

            # Back to the documents through a filter: the lists that refer to this state.
            page.click("text=Lists that refer to this object")
            page.click(f"a[href='/api/v1/doc/document/?states={active.pk}']")
            page.wait_for_url(re.compile(rf".*/api/v1/doc/document/\?states={active.pk}$"))
            main = page.inner_text("main")
            assert "Objects 1–2 of 2" in main
            assert "draft-ietf-venus-gone" not in main

            # ... and narrowed with the filter form, by keyboard only.
            page.focus("#f2")
            page.keyboard.type("title__icontains")
            page.keyboard.press("Tab")  # to the value of the same row
            page.keyboard.type("browsing")
            page.keyboard.press("Enter")
            page.wait_for_url(
                re.compile(
                    rf".*/api/v1/doc/document/\?states={active.pk}&title__icontains=browsing$"
                )
            )
            main = page.inner_text("main")
            assert "Objects 1–1 of 1" in main and "draft-ietf-mars-browser" in main
            _shot(page, "explorer-filtered")

            # The same request as JSON, from the page's link.
            href = page.get_attribute("a:text('as JSON')", "href")
            assert (
                href
                == f"/api/v1/doc/document/?states={active.pk}&title__icontains=browsing&format=json"
            )

            # The schema page: fields and the form.
            page.goto(f"{base}/api/v1/doc/document/schema/")
            assert "title__icontains" in page.content()
            _shot(page, "explorer-schema")
            page.emulate_media(color_scheme="dark")
            _shot(page, "explorer-schema-dark")
        finally:
            browser.close()
