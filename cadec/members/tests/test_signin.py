"""Signing in for real: passwords, the second factor, throttling, ended memberships, resets."""

import base64
import re
import signal
from datetime import date

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.http import urlencode
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from cadec.members import selectors, services
from cadec.members.tests import factories

LOGIN = "/account/login/"
PAGES = ["/", "/members/", "/members/people/", "/account/"]


def sign_in(client: Client, username: str, password: str = factories.PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def next_(path: str) -> str:
    return urlencode({"next": path})


def code_for(secret: str) -> str:
    """What the person's authenticator app shows now for the secret they typed in."""
    return f"{totp(base64.b32decode(secret)):06d}"


def end_today(membership_owner, secretariat_officer) -> None:
    today = timezone.now().date()
    services.end_membership(
        viewer=selectors.viewer_for(user=secretariat_officer, on=today),
        membership=membership_owner.memberships.get(),
        end_date=today,
        now=timezone.now(),
    )


# Passwords


def test_the_right_password_signs_a_delegate_in(delegate_viet_nam, client):
    response = sign_in(client, "vnm.delegate")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(delegate_viet_nam.pk)


def test_signing_in_rotates_the_session_key(delegate_viet_nam, client):
    session = client.session
    session["seen"] = True
    session.save()
    anonymous_key = session.session_key
    sign_in(client, "vnm.delegate")
    assert client.session.session_key != anonymous_key


def test_a_wrong_password_shows_an_error_and_signs_nobody_in(delegate_viet_nam, client):
    response = sign_in(client, "vnm.delegate", "not the password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "correct username and password" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert client.get("/members/people/").status_code == 302


def test_a_delegate_reaches_every_page_without_a_second_factor(delegate_viet_nam, client):
    sign_in(client, "vnm.delegate")
    for page in PAGES:
        assert client.get(page).status_code == 200, page


def test_the_language_of_the_profile_is_set_at_sign_in(framework, client):
    factories.person(
        username="tha.delegate2",
        organisation=factories.delegation(framework, "THA"),
        role="DELEGATE",
        language="th",
    )
    response = sign_in(client, "tha.delegate2")
    assert response.cookies["django_language"].value == "th"


# The second factor


def test_a_head_of_delegation_must_set_up_a_second_factor_before_any_page(head_viet_nam, client):
    assert sign_in(client, "vnm.head")["Location"] == "/"
    for page in PAGES:
        response = client.get(page, follow=True)
        assert response.redirect_chain[-1] == (f"/account/two-factor/setup/?{next_(page)}", 302)
        assert response.status_code == 200
        assert "totp-secret" in response.content.decode()
    assert client.get("/api/v1/people").status_code == 403


def test_a_head_of_delegation_reaches_the_pages_once_the_code_is_confirmed(head_viet_nam, client):
    sign_in(client, "vnm.head")
    setup = client.get("/account/two-factor/setup/?next=/members/people/")
    secret = setup.context["secret"]
    device = TOTPDevice.objects.get(user=head_viet_nam)
    assert not device.confirmed
    assert base64.b32decode(secret) == device.bin_key

    response = client.post(
        "/account/two-factor/setup/", {"token": code_for(secret), "next": "/members/people/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/members/people/"
    device.refresh_from_db()
    assert device.confirmed
    for page in PAGES:
        assert client.get(page).status_code == 200, page
    assert client.get("/api/v1/people").status_code == 200


def test_a_wrong_code_does_not_confirm_the_device(head_viet_nam, client):
    sign_in(client, "vnm.head")
    secret = client.get("/account/two-factor/setup/").context["secret"]
    wrong = f"{(int(code_for(secret)) + 1) % 1_000_000:06d}"
    response = client.post("/account/two-factor/setup/", {"token": wrong})
    assert response.status_code == 400
    assert response.context["form"].errors["token"]
    assert not TOTPDevice.objects.get(user=head_viet_nam).confirmed
    assert client.get("/members/").status_code == 302


def test_a_head_with_a_device_is_asked_for_the_code_at_each_sign_in(head_viet_nam, client):
    device = factories.totp_device(head_viet_nam)
    sign_in(client, "vnm.head")
    response = client.get("/members/people/")
    assert response["Location"] == f"/account/two-factor/?{next_('/members/people/')}"
    secret = base64.b32encode(device.bin_key).decode()
    response = client.post(
        "/account/two-factor/", {"token": code_for(secret), "next": "/members/people/"}
    )
    assert response["Location"] == "/members/people/"
    assert client.get("/members/people/").status_code == 200


def test_the_second_factor_refuses_to_send_a_head_elsewhere(head_viet_nam, client):
    device = factories.totp_device(head_viet_nam)
    sign_in(client, "vnm.head")
    secret = base64.b32encode(device.bin_key).decode()
    response = client.post(
        "/account/two-factor/", {"token": code_for(secret), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


# Throttling


def test_after_five_wrong_passwords_even_the_right_one_is_refused(
    delegate_viet_nam, delegate_thailand, client
):
    statuses = [sign_in(client, "vnm.delegate", "wrong password").status_code for _ in range(5)]
    # The fifth failure is the one that locks: it already answers with the lockout page.
    assert statuses == [200, 200, 200, 200, 429]
    response = sign_in(client, "vnm.delegate")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert signed_in_user_id(client) is None
    # The lock is for that user name from that address; others still sign in.
    assert sign_in(Client(), "tha.delegate").status_code == 302


def test_four_wrong_passwords_still_leave_the_right_one_working(delegate_viet_nam, client):
    for _attempt in range(4):
        sign_in(client, "vnm.delegate", "wrong password")
    assert sign_in(client, "vnm.delegate").status_code == 302


# Ended memberships


def test_a_former_member_cannot_sign_in_with_the_right_password(former_delegate, client):
    response = sign_in(client, "former.delegate")
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_an_ended_membership_signs_the_person_out_on_the_next_request(
    delegate_viet_nam, secretariat_officer, client
):
    sign_in(client, "vnm.delegate")
    assert client.get("/members/people/").status_code == 200
    end_today(delegate_viet_nam, secretariat_officer)

    response = client.get("/members/people/", follow=True)
    assert response.redirect_chain == [("/account/login/?next=/members/people/", 302)]
    assert signed_in_user_id(client) is None
    assert "Your membership has ended, so you were signed out." in response.content.decode()


def test_a_new_membership_does_not_revive_a_session_that_was_signed_out(
    framework, delegate_viet_nam, secretariat_officer, client
):
    sign_in(client, "vnm.delegate")
    end_today(delegate_viet_nam, secretariat_officer)
    client.get("/members/")
    today = timezone.now().date()
    services.add_membership(
        viewer=selectors.viewer_for(user=secretariat_officer, on=today),
        person=delegate_viet_nam,
        organisation=factories.delegation(framework, "VNM"),
        role="FOCAL_POINT",
        start_date=today,
        now=timezone.now(),
    )
    assert client.get("/members/people/").status_code == 302
    assert signed_in_user_id(client) is None


def test_an_unused_session_stays_dead_when_a_new_membership_begins(
    framework, delegate_viet_nam, secretariat_officer, client
):
    sign_in(client, "vnm.delegate")
    end_today(delegate_viet_nam, secretariat_officer)
    today = timezone.now().date()
    services.add_membership(
        viewer=selectors.viewer_for(user=secretariat_officer, on=today),
        person=delegate_viet_nam,
        organisation=factories.delegation(framework, "VNM"),
        role="FOCAL_POINT",
        start_date=today,
        now=timezone.now(),
    )
    assert client.get("/members/people/").status_code == 302


# Password reset, through the real task worker


@pytest.fixture
def run_worker():
    """Run the database task worker until the queue is empty, as `cadec worker` would."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {s: signal.getsignal(s) for s in signals}

    def _run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", verbosity=0)

    yield _run
    # The worker installs its own signal handlers; give pytest its own back.
    for s, handler in saved.items():
        signal.signal(s, handler)


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_mails_a_working_link_through_the_worker(
    delegate_viet_nam, client, run_worker, mailoutbox
):
    response = client.post("/account/password-reset/", {"email": "vnm.delegate@example.org"})
    assert response["Location"] == "/account/password-reset/sent/"
    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []

    run_worker()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    [message] = mailoutbox
    assert message.to == ["vnm.delegate@example.org"]
    assert message.subject == "CADEC: choose a new password"
    link = re.search(r"http://testserver(/account/reset/\S+/\S+/)", message.body)
    assert link is not None

    form = client.get(link.group(1), follow=True)
    assert form.context["validlink"]
    new_password = "a brand new passphrase 2026"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done["Location"] == "/account/reset/done/"
    assert sign_in(Client(), "vnm.delegate", new_password).status_code == 302
    assert sign_in(Client(), "vnm.delegate").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_former_member_gets_no_password_reset_email(
    former_delegate, client, run_worker, mailoutbox
):
    response = client.post("/account/password-reset/", {"email": "former.delegate@example.org"})
    # The page says the same as for a member, so it reveals nothing about the address.
    assert response["Location"] == "/account/password-reset/sent/"
    run_worker()
    assert not DBTaskResult.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_registered_persons_invitation_is_delivered_by_the_worker(
    framework, secretariat_officer, client_for, run_worker, mailoutbox
):
    response = client_for(secretariat_officer).post(
        "/members/people/new/",
        {
            "username": "lao.delegate",
            "display_name": "Delegate, Lao PDR",
            "email": "lao.delegate@example.org",
            "organisation": factories.delegation(framework, "LAO").pk,
            "role": "DELEGATE",
            "start_date": date(2026, 1, 1).isoformat(),
            "language": "lo",
        },
    )
    assert response.status_code == 302
    run_worker()
    [message] = mailoutbox
    assert message.to == ["lao.delegate@example.org"]
    assert "http://testserver/account/reset/" in message.body
    assert "lao.delegate" in message.body


# Where sign-in sends people


def test_sign_in_never_sends_a_person_to_another_site(delegate_viet_nam, client):
    response = client.post(
        f"{LOGIN}?next=https://evil.example/",
        {"username": "vnm.delegate", "password": factories.PASSWORD},
    )
    assert response["Location"] == "/"


def test_sign_in_returns_a_person_to_the_page_they_asked_for(delegate_viet_nam, client):
    response = client.post(
        f"{LOGIN}?next=/members/people/",
        {"username": "vnm.delegate", "password": factories.PASSWORD},
    )
    assert response["Location"] == "/members/people/"


def test_after_the_second_factor_a_head_lands_on_the_page_asked_for_with_its_query(
    head_viet_nam, client
):
    device = factories.totp_device(head_viet_nam)
    sign_in(client, "vnm.head")
    page = "/members/frameworks/asean-china/?date=2026-03-01"
    response = client.get(page)
    assert response.status_code == 302
    verify = client.get(response["Location"])
    assert verify.context["next"] == page
    secret = base64.b32encode(device.bin_key).decode()
    response = client.post(
        "/account/two-factor/", {"token": code_for(secret), "next": verify.context["next"]}
    )
    assert response["Location"] == page


def test_signing_out_ends_the_session(delegate_viet_nam, client):
    sign_in(client, "vnm.delegate")
    assert client.post("/account/logout/")["Location"] == "/"
    assert signed_in_user_id(client) is None
    assert client.get("/members/people/").status_code == 302


def test_a_head_without_the_second_factor_cannot_create_an_api_token(head_viet_nam, client):
    # Otherwise a token would be a way around the second factor.
    sign_in(client, "vnm.head")
    page = client.post("/account/tokens/", {"name": "laptop", "expires_in_days": 7})
    assert page["Location"].startswith("/account/two-factor/")
    api = client.post("/api/v1/tokens", {"name": "laptop"}, content_type="application/json")
    assert api.status_code == 403
    assert not head_viet_nam.api_tokens.exists()


def test_a_person_whose_invitation_expired_can_ask_for_a_new_link(
    framework, secretariat_officer, client
):
    person = services.register_person(
        viewer=selectors.viewer_for(user=secretariat_officer, on=timezone.now().date()),
        username="khm.delegate",
        email="khm.delegate@example.org",
        display_name="Delegate, Cambodia",
        organisation=factories.delegation(framework, "KHM"),
        role="DELEGATE",
        start_date=date(2026, 1, 1),
        now=timezone.now(),
    )
    assert not person.has_usable_password()
    client.post("/account/password-reset/", {"email": "khm.delegate@example.org"})
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"]["to"] == ["khm.delegate@example.org"]


@pytest.mark.django_db
def test_e_mails_are_plain_text_not_html_escaped(framework):
    from django.template.loader import render_to_string

    from cadec.members.models import User

    person = User(username="o.brien", display_name="Ann O'Brien & Co")
    body = render_to_string(
        "members/email/invitation.txt",
        {
            "user": person,
            "protocol": "https",
            "domain": "cadec.example.org",
            "uid": "MQ",
            "token": "t",
        },
    )
    assert "Ann O'Brien & Co" in body
    assert "&amp;" not in body
