"""A head of delegation registers two delegates for an activity; the Secretariat approves them.

Both roles pass the second factor (TOTP) in the browser, on a 360-px screen.
"""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cadec.members.tests import factories as member_factories
from cadec.members.tests.factories import PASSWORD
from cadec.programme.models import Registration
from cadec.programme.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _sign_in_with_two_factors(page, base: str, user) -> None:  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"{base}/account/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/account/two-factor/**")
    page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_a_head_registers_two_delegates_and_the_secretariat_approves(
    live_server, page, framework, head_viet_nam, delegate_viet_nam, secretariat_officer
):
    viet_nam = member_factories.delegation(framework, "VNM")
    second = member_factories.person(
        username="vnm.delegate2", organisation=viet_nam, role="DELEGATE"
    )
    activity = factories.activity(framework, title="Workshop: big data for agriculture")
    base = live_server.url
    activity_url = f"{base}/programme/activities/{activity.pk}/"

    _sign_in_with_two_factors(page, base, head_viet_nam)
    page.goto(f"{base}/programme/")
    page.get_by_role("link", name=activity.title).click()
    page.wait_for_url(activity_url)
    assert _fits_the_screen(page)
    for person in (delegate_viet_nam, second):
        page.select_option(f"#person-{viet_nam.pk}", str(person.pk))
        page.get_by_role("button", name="Register", exact=True).click()
        page.wait_for_url(activity_url)
        assert page.locator(".messages").get_by_text(str(person)).is_visible()
    assert "2 of 5 seats used" in page.locator("main").inner_text()
    assert Registration.objects.filter(status="PENDING").count() == 2
    page.get_by_role("button", name="Sign out").click()

    _sign_in_with_two_factors(page, base, secretariat_officer)
    page.goto(f"{base}/programme/activities/{activity.pk}/registrations/")
    assert _fits_the_screen(page)
    approve = page.get_by_role("button", name="Approve")
    for left in (1, 0):
        approve.first.click()
        expect(approve).to_have_count(left)
    assert Registration.objects.filter(status="APPROVED").count() == 2
    statuses = page.locator("main ul.plain li").all_inner_texts()
    assert len(statuses) == 2
    assert all("approved" in s for s in statuses)


def test_the_programme_pages_fit_a_360_pixel_screen(live_server, page, framework):
    activity = factories.activity(framework, topics=["smart-cities", "retail"])
    for path in ("/programme/", f"/programme/activities/{activity.pk}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None, path
        assert response.status == 200, path
        assert _fits_the_screen(page), f"{path} is wider than 360 px"
