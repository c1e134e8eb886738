"""What a person does in the browser: log in, open the menu, switch language, log out."""

import datetime
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.conftest import PASSWORD

# Every test in tests/browser talks to the live server, which needs real
# transactions; the serialized rollback puts back what the migrations loaded
# (the role groups, the regions) after each test's flush.
BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LOGIN_PATH = "/accounts/login/"
LOGIN_URL = re.compile(r"/accounts/login/(\?.*)?$")


def login_form_submit(page: Page):
    # The navbar's language switch has submit buttons too: take the login form's.
    return page.locator("form:has(input[name=password]) button[type=submit]")


def visit(page: Page, path: str) -> None:
    """Open a page, failing at once (not on a later timeout) when the server answers with an error."""
    response = page.goto(path)
    assert response is not None and response.ok, f"GET {path} answered {response and response.status}"


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form at /accounts/login/ and wait to be sent on."""
    visit(page, LOGIN_PATH)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    login_form_submit(page).click()
    expect(page).not_to_have_url(LOGIN_URL)


def open_menu(page: Page) -> None:
    """At phone width the navbar's items sit behind the toggler: open it (no-op on desktop)."""
    toggler = page.locator("nav .navbar-toggler")
    collapse = page.locator("#main-nav")
    if toggler.is_visible() and not collapse.is_visible():
        toggler.click()
        expect(collapse).to_be_visible()
        expect(collapse).not_to_have_class(re.compile(r"\bcollapsing\b"))  # the opening animation is over


def switch_language(page: Page, code: str) -> None:
    open_menu(page)
    page.get_by_test_id("language-switch").locator(f"button[value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def open_user_menu(page: Page) -> Locator:
    """Open the user menu (name, roles, password, log out) and return it."""
    open_menu(page)
    page.get_by_test_id("user-menu").click()
    menu = page.locator(".dropdown-menu.show")
    expect(menu).to_be_visible()
    expect(page.get_by_test_id("logout")).to_be_visible()
    return menu


def log_out(page: Page) -> None:
    if not page.get_by_test_id("logout").is_visible():
        open_user_menu(page)
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(LOGIN_URL)


def fill_date(field: Locator, value: datetime.date) -> None:
    """Enter a date as she would: typed dd-mm-yyyy in the text box, or picked in
    the phone's own date picker (static/js/dates.js), which takes yyyy-mm-dd."""
    if field.get_attribute("type") == "date":
        field.fill(value.isoformat())
    else:
        field.fill(value.strftime("%d-%m-%Y"))


def pick_region(page: Page, select_id: str, typed: str, label: str) -> None:
    """Choose a regency in the searchable region picker by typing part of its name."""
    page.locator(f"#{select_id}-ts-control").click()
    page.keyboard.type(typed)
    option = page.locator(f"#{select_id}-ts-dropdown .option", has_text=label)
    expect(option).to_be_visible()
    option.click()
    expect(page.locator(f"#{select_id}")).to_have_value(re.compile(r"^\d{2}\.\d{2}$"))
