"""A Viet Nam delegate tables an amendment to Rev.1; the chair, after the TOTP step, accepts it
and issues Rev.2 with it merged — in Chromium at 360 px, without JavaScript being needed.

The chair's powers follow the rotation (chair_2020 chairs in 2020 only) and the pages read the
clock at the edges, so the whole test runs with ``django.utils.timezone.now`` moved to
12 June 2020 and running on at the real pace (the live server's threads included). TOTP codes
use the real clock on both sides, so the second factor is checked as in production.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cadec.members.tests.factories import NOW, PASSWORD
from cadec.negotiation import selectors, services
from cadec.negotiation.models import Amendment, DocumentVersion
from cadec.negotiation.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_2020():  # type: ignore[no-untyped-def]
    real_now = timezone.now
    start = real_now()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: NOW + (real_now() - start)):
        yield


def _fits_the_screen(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _sign_in(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/account/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")


def test_a_delegate_amends_and_the_chair_issues_rev_2_with_it(
    live_server, page, framework, delegate_viet_nam, chair_2020, in_2020
):
    document = factories.document(framework, chair_2020)
    services.issue_revision(
        viewer=factories.viewer(chair_2020), document=document, now=NOW + timedelta(hours=2)
    )
    base = f"{live_server.url}/negotiation/{document.pk}"

    _sign_in(page, live_server, delegate_viet_nam)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{base}/amendments/new/?paragraph=p5")
    assert page.locator("h1").inner_text() == "Propose an amendment to Rev.1"
    page.check("input[name=kind][value=REPLACE]")
    page.fill("textarea[name=target]", "every year")
    page.fill("textarea[name=text]", "every two years")
    assert _fits_the_screen(page)
    page.click("button[name=action][value=table]")
    page.wait_for_url(f"{live_server.url}/negotiation/amendments/*/")
    assert page.locator("h1").inner_text() == "Amendment A-1"
    assert page.locator(".diff ins").first.inner_text() == "two years"
    page.click("button:has-text('Sign out')")

    device = TOTPDevice.objects.create(user=chair_2020, name="phone", confirmed=True)
    _sign_in(page, live_server, chair_2020)
    page.wait_for_url(f"{live_server.url}/account/two-factor/*")
    page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    amendment = Amendment.objects.get(document=document, number=1)
    page.goto(f"{live_server.url}/negotiation/amendments/{amendment.pk}/")
    page.check("input[name=recommendation][value=ACCEPT]")
    page.click("button:has-text('Record the recommendation')")
    page.wait_for_selector("text=Your recommendation is recorded.")

    page.goto(f"{base}/issue/")
    assert page.locator("h1").inner_text() == "Issue Rev.2"
    assert page.get_by_role("link", name="A-1").is_visible()
    page.fill("textarea[name=note]", "Rev.2 after the second reading")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/?version=2")
    assert "Rev.2" in page.locator("dl.facts").first.inner_text()
    assert "Members will review this plan every two years." in page.locator(".text").inner_text()
    assert _fits_the_screen(page)

    rev2 = DocumentVersion.objects.get(document=document, number=2)
    amendment.refresh_from_db()
    assert amendment.merged_into == rev2
    assert "Members will review this plan every two years." in [
        e.text for e in selectors.text_of(document=document, version=rev2)
    ]


def test_a_head_sees_the_silence_in_local_times_and_breaks_it_at_360_px(
    live_server, page, framework, head_viet_nam, chair_2020, in_2020
):
    from cadec.negotiation import adoption
    from cadec.negotiation.tests.test_adoption import CLEAN

    chair = factories.viewer(chair_2020)
    document = factories.document(framework, chair_2020, symbol="ACDEC/2020/E2", paragraphs=CLEAN)
    adoption.set_flexible(
        viewer=chair, paragraph=factories.paragraph(document, "2."), flexible=True, now=NOW
    )
    adoption.opt_out(
        viewer=factories.viewer(head_viet_nam),
        paragraph=factories.paragraph(document, "2."),
        reason="Law in review.",
        now=NOW,
    )
    adoption.start_silence(viewer=chair, document=document, now=NOW)

    device = TOTPDevice.objects.create(user=head_viet_nam, name="phone", confirmed=True)
    _sign_in(page, live_server, head_viet_nam)
    page.wait_for_url(f"{live_server.url}/account/two-factor/*")
    page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/negotiation/{document.pk}/")
    page.click("text=Deadline in every member's local time, and breaking silence")
    table = page.locator("details table").inner_text()
    assert "Asia/Yangon" in table
    assert "Mon 15 Jun 2020, 08:30 (UTC+0630)" in table
    assert "opted out" in page.locator("table.matrix").inner_text()
    assert _fits_the_screen(page)
    page.fill("textarea[name=reason]", "Our capital needs another week.")
    page.click("button:has-text('Break silence')")
    page.wait_for_selector("text=Silence is broken; the text is under negotiation again.")
    assert "Our capital needs another week." in page.locator("main").inner_text()
    assert _fits_the_screen(page)
