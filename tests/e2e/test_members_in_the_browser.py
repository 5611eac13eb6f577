"""A Viet Nam delegate signs in, switches CADEC to Vietnamese and reads the members page."""

import pytest
from django.utils import translation

from cadec.members.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _vietnamese(text: str) -> str:
    with translation.override("vi"):
        translated = translation.gettext(text)
    assert translated != text, f"no Vietnamese translation for {text!r}"
    return translated


def _fits_the_screen(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_viet_nam_delegate_signs_in_switches_to_vietnamese_and_sees_the_members(
    live_server, page, delegate_viet_nam
):
    page.goto(f"{live_server.url}/account/login/")
    page.fill("input[name=username]", delegate_viet_nam.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("nav").get_by_text("Account").is_visible()

    # The switcher submits itself when a language is chosen (its button is for no-JS browsers).
    page.select_option("#language-select", "vi")
    page.wait_for_function("document.documentElement.lang === 'vi'")

    page.goto(f"{live_server.url}/members/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == _vietnamese("Members and partners")
    assert page.get_by_role("link", name="Viet Nam").is_visible()
    assert page.get_by_role("link", name="Timor-Leste").is_visible()
    assert _fits_the_screen(page)

    delegate_viet_nam.refresh_from_db()
    assert delegate_viet_nam.language == "vi"


def test_the_public_pages_fit_a_360_pixel_screen(live_server, page, framework):
    for path in (
        "/",
        "/members/",
        "/members/frameworks/asean-china/",
        "/members/organisations/",
        "/account/login/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None, path
        assert response.status == 200, path
        assert _fits_the_screen(page), f"{path} is wider than 360 px"
