"""The login page, as an anonymous visitor sees it."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, LOGIN_URL, login_form_submit, switch_language, visit
from tests.conftest import make_persona

pytestmark = BROWSER_TEST


def test_anonymous_visitor_is_sent_to_the_login_page(page, console, screenshot, viewport):
    make_persona("caseworker")

    visit(page, "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
    expect(login_form_submit(page)).to_have_text("Masuk")
    # No navigation and no user menu before logging in.
    expect(page.get_by_test_id("nav")).to_have_count(0)
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
    screenshot("anonymous", "login")
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the login page scrolls sideways"

    # The language switch works before logging in too, and keeps ?next=.
    switch_language(page, "en")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(login_form_submit(page)).to_have_text("Log in")
    screenshot("anonymous", "login-en")
    switch_language(page, "id")
    expect(login_form_submit(page)).to_have_text("Masuk")

    # A wrong password keeps the visitor on the login page, with an error.
    page.locator("input[name=username]").fill("caseworker")
    page.locator("input[name=password]").fill("not-the-password")
    login_form_submit(page).click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("form .alert-danger")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value("caseworker")
    screenshot("anonymous", "login-error")

    assert console.errors() == [], "console errors or CSP violations on the app's pages"
