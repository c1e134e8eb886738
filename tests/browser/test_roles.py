"""Each role, at desktop and phone width, through the real UI: log in, its own
home page, the navbar (behind the toggler on a phone), the language switch,
the admin dashboard for staff, and logging out.

One journey per role and viewport rather than a test per step: each browser
test pays for a database flush and restore (~1-3 s on PostgreSQL).
"""

import warnings

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    BROWSER_TEST,
    LOGIN_URL,
    log_out,
    login,
    login_form_submit,
    open_menu,
    open_user_menu,
    switch_language,
    visit,
)
from tests.conftest import PERSONAS, make_persona

pytestmark = BROWSER_TEST

ROLE_PANELS = ["panel-caseworker", "panel-supervisor", "panel-inspector", "panel-coordinator", "panel-admin"]
OWN_PANEL = {
    "caseworker": "panel-caseworker",
    "caseworker2": "panel-caseworker",
    "supervisor": "panel-supervisor",
    "inspector": "panel-inspector",
    "coordinator": "panel-coordinator",
    "admin": "panel-admin",
}
STAFF = {"supervisor", "admin"}
# Screenshots of the English home page and the open user menu: two roles are enough.
EXTRA_SCREENSHOTS = {"caseworker", "supervisor"}
# A single-row Bootstrap navbar is 56 px high.
ONE_ROW_NAVBAR = 64


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_role_journey(page, base_url, console, screenshot, viewport, persona):
    make_persona(persona)

    login(page, persona)
    expect(page).to_have_url(base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_contain_text(persona.capitalize())

    # Its own panel, no other role's.
    for testid in ROLE_PANELS:
        if testid == OWN_PANEL[persona]:
            expect(page.get_by_test_id(testid)).to_be_visible()
        else:
            expect(page.get_by_test_id(testid), f"{persona} must not see {testid}").to_have_count(0)
    screenshot(persona, "home")
    assert_fits_the_screen(page, viewport)

    # The navbar: behind the toggler on a phone, laid out on a desktop.
    toggler = page.locator("nav .navbar-toggler")
    nav = page.get_by_test_id("nav")
    if viewport == "phone":
        expect(toggler).to_be_visible()
        expect(nav).to_be_hidden()
        expect(page.get_by_test_id("user-menu")).to_be_hidden()
        open_menu(page)
        expect(nav).to_be_visible()
        expect(page.get_by_test_id("language-switch")).to_be_visible()
        expect(page.get_by_test_id("user-menu")).to_be_visible()
        screenshot(persona, "menu")
    else:
        expect(toggler).to_be_hidden()
        expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Beranda")).to_have_attribute("aria-current", "page")
    admin_link = nav.locator('a[href="/admin/"]')
    if persona in STAFF:
        expect(admin_link).to_be_visible()
        expect(admin_link).to_have_text("Administrasi")
    else:
        expect(admin_link).to_have_count(0)

    # English and back to Indonesian; the choice survives the redirect.
    switch_language(page, "en")
    expect(page).to_have_url(base_url + "/")
    if persona in EXTRA_SCREENSHOTS:
        screenshot(persona, "home-en")
    open_menu(page)
    expect(nav.get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_test_id("logout")).to_have_text("Log out")
    if persona in STAFF:
        expect(admin_link).to_have_text("Administration")
    switch_language(page, "id")
    open_menu(page)
    expect(nav.get_by_role("link", name="Beranda")).to_be_visible()
    expect(page.get_by_test_id("logout")).to_have_text("Keluar")

    if persona in STAFF:
        open_admin_dashboard(page, base_url, console, screenshot, persona)

    # User menu -> Keluar: back on the login page, and / sends there again.
    menu = open_user_menu(page)
    if persona in EXTRA_SCREENSHOTS:
        screenshot(persona, "user-menu")
    box = menu.bounding_box()
    width = page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"the user menu sticks out of the screen: {box}"
    log_out(page)
    expect(login_form_submit(page)).to_have_text("Masuk")
    visit(page, "/")
    expect(page).to_have_url(LOGIN_URL)

    assert console.errors() == [], "console errors or CSP violations on the app's pages"


def assert_fits_the_screen(page: Page, viewport: str) -> None:
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page scrolls sideways: {scroll_width}px wide in a {width}px viewport"
    if viewport == "desktop":
        height = page.locator("nav.app-navbar").bounding_box()["height"]
        assert height <= ONE_ROW_NAVBAR, f"the navbar wraps onto more than one row: {height:.0f}px high"


def open_admin_dashboard(page: Page, base_url: str, console, screenshot, persona: str) -> None:
    """Staff: the navbar's Administrasi link opens Unfold's index with the dashboard cards."""
    open_menu(page)
    page.get_by_test_id("nav").locator('a[href="/admin/"]').click()
    expect(page).to_have_url(base_url + "/admin/")
    cards = page.get_by_test_id("dashboard-cards")
    expect(cards).to_be_visible()
    expect(cards.locator('a[href="/admin/core/user/"]')).to_be_visible()  # the staff-accounts card
    screenshot(persona, "admin")
    # Let the page finish (its /favicon.ico request comes late), so that its
    # console errors are counted against the admin, not against the next page.
    page.wait_for_load_state("networkidle")
    # Unfold is third-party: its console errors (CSP included) are reported, not failed on.
    if admin_errors := console.errors(admin=True):
        warnings.warn(
            f"{len(admin_errors)} console error(s) on the Unfold admin:\n" + "\n".join(admin_errors), stacklevel=2
        )
    visit(page, "/")


def test_the_admins_user_page_fits_a_1366_px_screen(page, viewport, screenshot):
    """The office's laptops are 1366 px wide: the user page (its password summary, the role and
    permission selects) must not scroll sideways there."""
    if viewport != "desktop":
        pytest.skip("the 1366 px office laptop only")
    admin = make_persona("admin")
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "admin")
    visit(page, f"/admin/core/user/{admin.pk}/change/")
    expect(page.locator("#id_user_permissions")).to_be_visible()
    screenshot("admin", "user-change-1366")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 1366, f"the user page scrolls sideways: {scroll_width}px wide at 1366 px"
