"""The members API under /api/v1/: public reference data, tokens, and the Secretariat's writes."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY

from cadec.core.models import AuditEvent
from cadec.members import selectors, services
from cadec.members.models import ApiToken, Membership, User
from cadec.members.tests import factories

API = "/api/v1"


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


def bearer(raw: str) -> Client:
    """A client with no session at all: only the token speaks for it."""
    return Client(headers={"Authorization": f"Bearer {raw}"})


def token_for(user, **kwargs) -> str:
    now = kwargs.pop("now", timezone.now())
    _token, raw = services.create_api_token(
        viewer=selectors.viewer_for(user=user, on=now.date()), name="cli", now=now, **kwargs
    )
    return raw


def person_payload(framework, **overrides):
    return {
        "username": "mmr.delegate",
        "display_name": "Delegate, Myanmar",
        "email": "mmr.delegate@example.org",
        "organisation_id": factories.delegation(framework, "MMR").pk,
        "role": "DELEGATE",
        "start_date": "2026-01-01",
        **overrides,
    }


# Public reference data


def test_anyone_can_list_the_twelve_countries(framework, client):
    response = client.get(f"{API}/countries")
    assert response.status_code == 200
    countries = response.json()
    assert len(countries) == 12
    by_code = {c["iso3"]: c for c in countries}
    assert by_code["IDN"]["time_zones"][0] == "Asia/Jakarta"
    assert len(by_code["IDN"]["time_zones"]) == 4
    assert by_code["TLS"]["asean_accession_date"] == "2025-10-26"
    assert by_code["CHN"]["asean_accession_date"] is None


@pytest.mark.parametrize("code", ["MM", "mmr"])
def test_anyone_can_read_a_country_by_either_code(framework, client, code):
    response = client.get(f"{API}/countries/{code}")
    assert response.status_code == 200
    assert response.json()["capital"] == "Nay Pyi Taw"
    assert response.json()["time_zones"] == ["Asia/Yangon"]


def test_an_unknown_country_code_is_a_404_naming_the_code(framework, client):
    response = client.get(f"{API}/countries/XYZ")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "XYZ" in response.json()["detail"]
    assert response.json()["field"] == "code"


def test_an_error_answers_in_the_language_the_client_asks_for(framework, client):
    response = client.get(f"{API}/countries/XYZ", headers={"Accept-Language": "vi"})
    assert response.status_code == 404
    with translation.override("vi"):
        expected = translation.gettext(
            "Unknown country code “%(code)s”: use ISO 3166 alpha-2 or alpha-3."
        ) % {"code": "XYZ"}
    assert expected.startswith("Mã quốc gia “XYZ”")
    assert response.json()["detail"] == expected


def test_anyone_can_list_the_frameworks(framework, client):
    response = client.get(f"{API}/frameworks")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "asean-china",
            "name": "ASEAN–China",
            "description": framework.description,
            "working_language": "en",
            "co_chair": {"iso2": "CN", "iso3": "CHN", "name": "China"},
        }
    ]


def test_the_framework_says_who_counts_for_consensus_on_a_date(framework, client):
    before = client.get(f"{API}/frameworks/asean-china", {"on": "2025-10-25"}).json()
    after = client.get(f"{API}/frameworks/asean-china", {"on": "2025-10-26"}).json()

    def parties(body):
        return {p["country"]["iso3"] for p in body["participations"] if p["counts_for_consensus"]}

    assert len(parties(before)) == 11
    assert parties(after) - parties(before) == {"TLS"}
    assert "CHN" in parties(before)
    assert after["on"] == "2025-10-26"
    assert [y["year"] for y in after["years"]] == [2020]
    assert len(after["topics"]) == 12


def test_an_unknown_framework_is_a_404(framework, client):
    response = client.get(f"{API}/frameworks/asean-mars/chair")
    assert response.status_code == 404
    assert "asean-mars" in response.json()["detail"]


def test_the_philippines_chairs_on_the_first_of_may_2026(framework, client):
    response = client.get(f"{API}/frameworks/asean-china/chair", {"on": "2026-05-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["known"] is True
    assert body["country"] == {"iso2": "PH", "iso3": "PHL", "name": "Philippines"}
    assert body["status"] == "ANNOUNCED"
    assert (body["on"], body["year"]) == ("2026-05-01", 2026)


def test_no_chair_is_known_for_2029(framework, client):
    body = client.get(f"{API}/frameworks/asean-china/chair", {"on": "2029-01-01"}).json()
    assert body["known"] is False
    assert body["country"] is None
    assert body["status"] == "NOT_FOUND"


def test_a_garbled_date_is_a_422_naming_the_parameter(framework, client):
    response = client.get(f"{API}/frameworks/asean-china/chair", {"on": "2026-13-45"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["query.on"]


def test_anyone_can_list_the_organisations(framework, client):
    response = client.get(f"{API}/organisations")
    assert response.status_code == 200
    kinds = [o["kind"] for o in response.json()]
    assert kinds.count("DELEGATION") == 12
    assert {"SECRETARIAT", "OBSERVER"} <= set(kinds)


# Authentication


def test_the_people_need_authentication(delegate_viet_nam, client):
    response = client.get(f"{API}/people")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer" in response.json()["detail"]
    assert "vnm.delegate" not in response.content.decode()


def test_a_token_created_in_the_browser_works_without_the_browser(
    delegate_viet_nam, delegate_thailand, client_for
):
    browser = client_for(delegate_viet_nam)
    response = browser.post(
        f"{API}/tokens",
        {"name": "my script", "expires_in_days": 30},
        content_type="application/json",
    )
    assert response.status_code == 201
    raw = response.json()["token"]
    assert raw.startswith("cadec_")
    assert ApiToken.objects.get(user=delegate_viet_nam).prefix == raw[:12]

    people = bearer(raw).get(f"{API}/people")
    assert people.status_code == 200
    assert {p["username"] for p in people.json()} == {"vnm.delegate", "tha.delegate"}
    me = bearer(raw).get(f"{API}/me").json()
    assert me["username"] == "vnm.delegate"
    assert [m["role"] for m in me["memberships"]] == ["DELEGATE"]


def test_the_raw_token_is_never_listed_again(delegate_viet_nam):
    raw = token_for(delegate_viet_nam)
    listing = bearer(raw).get(f"{API}/tokens")
    assert listing.status_code == 200
    assert [t["prefix"] for t in listing.json()] == [raw[:12]]
    assert raw not in listing.content.decode()


def test_a_wrong_token_is_refused(delegate_viet_nam):
    raw = token_for(delegate_viet_nam)
    response = bearer(raw + "x").get(f"{API}/people")
    assert response.status_code == 401
    assert response.json()["detail"] == "The API token is not valid."


def test_an_expired_token_is_refused_and_says_so(delegate_viet_nam):
    long_ago = timezone.now() - timedelta(days=2)
    raw = token_for(delegate_viet_nam, now=long_ago, lifetime=timedelta(days=1))
    response = bearer(raw).get(f"{API}/people")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_revoked_token_is_refused(delegate_viet_nam):
    raw = token_for(delegate_viet_nam)
    token = ApiToken.objects.get(user=delegate_viet_nam)
    assert bearer(raw).delete(f"{API}/tokens/{token.pk}").status_code == 200
    response = bearer(raw).get(f"{API}/people")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_token_stops_working_the_moment_its_owners_membership_ends(
    delegate_viet_nam, secretariat_officer
):
    raw = token_for(delegate_viet_nam)
    assert bearer(raw).get(f"{API}/people").status_code == 200
    today = timezone.now().date()
    services.end_membership(
        viewer=selectors.viewer_for(user=secretariat_officer, on=today),
        membership=delegate_viet_nam.memberships.get(),
        end_date=today,
        now=timezone.now(),
    )
    response = bearer(raw).get(f"{API}/people")
    assert response.status_code == 401
    assert "membership" in response.json()["detail"]


def test_a_delegate_cannot_revoke_someone_elses_token(delegate_viet_nam, delegate_thailand):
    thai = token_for(delegate_thailand)
    token = ApiToken.objects.get(user=delegate_thailand)
    response = bearer(token_for(delegate_viet_nam)).delete(f"{API}/tokens/{token.pk}")
    assert response.status_code == 403
    assert bearer(thai).get(f"{API}/people").status_code == 200


def test_a_former_member_cannot_use_the_api_with_a_session(former_delegate, client):
    client.force_login(former_delegate)
    assert client.get(f"{API}/people").status_code == 401


def test_a_head_of_delegation_without_a_second_factor_is_refused_by_the_api(head_viet_nam, client):
    client.force_login(head_viet_nam)
    response = client.get(f"{API}/people")
    assert response.status_code == 403
    assert "Two-factor" in response.json()["detail"]


def test_using_a_token_records_when_it_was_last_used(delegate_viet_nam):
    raw = token_for(delegate_viet_nam)
    assert ApiToken.objects.get().last_used_at is None
    bearer(raw).get(f"{API}/me")
    assert ApiToken.objects.get().last_used_at is not None


def _renew(person, secretariat_officer, framework) -> None:
    today = timezone.now().date()
    services.add_membership(
        viewer=selectors.viewer_for(user=secretariat_officer, on=today),
        person=person,
        organisation=factories.delegation(framework, "VNM"),
        role="FOCAL_POINT",
        start_date=today,
        now=timezone.now(),
    )


def test_a_token_of_an_ended_membership_stays_dead_when_a_new_membership_begins(
    framework, delegate_viet_nam, secretariat_officer
):
    raw = token_for(delegate_viet_nam)
    today = timezone.now().date()
    services.end_membership(
        viewer=selectors.viewer_for(user=secretariat_officer, on=today),
        membership=delegate_viet_nam.memberships.get(),
        end_date=today,
        now=timezone.now(),
    )
    assert bearer(raw).get(f"{API}/people").status_code == 401
    _renew(delegate_viet_nam, secretariat_officer, framework)
    assert bearer(raw).get(f"{API}/people").status_code == 401


# Registering people


def test_the_secretariat_registers_a_person_through_the_api(
    framework, secretariat_officer, client_for
):
    before = counts()
    response = client_for(secretariat_officer).post(
        f"{API}/people", person_payload(framework), content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "mmr.delegate"
    assert body["time_zone"] == "Asia/Yangon"
    assert [(m["role"], m["organisation"]["country"]["iso3"]) for m in body["memberships"]] == [
        ("DELEGATE", "MMR")
    ]
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 2)


def test_the_secretariat_registers_a_person_with_a_token(framework, secretariat_officer):
    raw = token_for(secretariat_officer)
    response = bearer(raw).post(
        f"{API}/people", person_payload(framework), content_type="application/json"
    )
    assert response.status_code == 201
    assert User.objects.filter(username="mmr.delegate").exists()


def test_a_delegate_cannot_register_a_person(framework, delegate_viet_nam, client_for):
    before = counts()
    response = client_for(delegate_viet_nam).post(
        f"{API}/people", person_payload(framework), content_type="application/json"
    )
    assert response.status_code == 403
    assert "Secretariat" in response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize("missing", ["username", "email", "organisation_id", "start_date"])
def test_a_missing_field_is_a_422_naming_it(framework, secretariat_officer, client_for, missing):
    payload = person_payload(framework)
    del payload[missing]
    before = counts()
    response = client_for(secretariat_officer).post(
        f"{API}/people", payload, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == [f"payload.{missing}"]
    assert missing in body["detail"]
    assert counts() == before


def test_an_unknown_time_zone_is_a_400_naming_it_and_writes_nothing(
    framework, secretariat_officer, client_for
):
    before = counts()
    response = client_for(secretariat_officer).post(
        f"{API}/people",
        person_payload(framework, time_zone="Asia/Rangoon_Typo"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "time_zone"
    assert "Asia/Rangoon_Typo" in response.json()["detail"]
    assert counts() == before


def test_a_taken_user_name_is_a_409(framework, secretariat_officer, delegate_viet_nam, client_for):
    before = counts()
    response = client_for(secretariat_officer).post(
        f"{API}/people",
        person_payload(framework, username="vnm.delegate"),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["field"] == "username"
    assert counts() == before


def test_an_unknown_organisation_is_a_404(framework, secretariat_officer, client_for):
    response = client_for(secretariat_officer).post(
        f"{API}/people",
        person_payload(framework, organisation_id=999_999),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json()["field"] == "organisation_id"


def test_the_secretariat_ends_a_membership_through_the_api(
    delegate_viet_nam, secretariat_officer, client_for
):
    membership = delegate_viet_nam.memberships.get()
    response = client_for(secretariat_officer).post(
        f"{API}/memberships/{membership.pk}/end",
        {"end_date": "2026-02-01"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["end_date"] == "2026-02-01"
    membership.refresh_from_db()
    assert membership.end_date == date(2026, 2, 1)


def test_a_delegate_cannot_end_a_membership_through_the_api(delegate_viet_nam, delegate_thailand):
    membership = delegate_thailand.memberships.get()
    response = bearer(token_for(delegate_viet_nam)).post(
        f"{API}/memberships/{membership.pk}/end",
        {"end_date": "2026-02-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.end_date is None


def test_a_person_changes_their_own_preferences_through_the_api(delegate_viet_nam):
    response = bearer(token_for(delegate_viet_nam)).patch(
        f"{API}/me", {"language": "vi"}, content_type="application/json"
    )
    assert response.status_code == 200
    delegate_viet_nam.refresh_from_db()
    assert (delegate_viet_nam.language, delegate_viet_nam.time_zone) == ("vi", "Asia/Ho_Chi_Minh")


# CSRF: the session is a cookie, so unsafe methods need the CSRF token as well.


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    device = factories.totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _csrf_token(client: Client) -> str:
    assert client.get("/account/").status_code == 200
    return client.cookies["csrftoken"].value


def test_a_session_post_without_the_csrf_token_is_refused(delegate_viet_nam):
    client = _csrf_client(delegate_viet_nam)
    response = client.post(f"{API}/tokens", {"name": "cli"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_a_session_post_with_the_csrf_token_is_accepted(delegate_viet_nam):
    client = _csrf_client(delegate_viet_nam)
    response = client.post(
        f"{API}/tokens",
        {"name": "cli"},
        content_type="application/json",
        headers={"X-CSRFToken": _csrf_token(client)},
    )
    assert response.status_code == 201
    assert ApiToken.objects.filter(user=delegate_viet_nam).count() == 1


def test_the_secretariat_cannot_register_a_person_without_the_csrf_token(
    framework, secretariat_officer
):
    before = counts()
    response = _csrf_client(secretariat_officer).post(
        f"{API}/people", person_payload(framework), content_type="application/json"
    )
    assert response.status_code == 403
    assert counts() == before


def test_a_bearer_token_needs_no_csrf_token(framework, secretariat_officer):
    client = Client(
        enforce_csrf_checks=True,
        headers={"Authorization": f"Bearer {token_for(secretariat_officer)}"},
    )
    response = client.post(
        f"{API}/people", person_payload(framework), content_type="application/json"
    )
    assert response.status_code == 201


# Reading people and changing one's own preferences


def test_a_delegate_cannot_read_a_former_member(delegate_viet_nam, former_delegate):
    response = bearer(token_for(delegate_viet_nam)).get(f"{API}/people/{former_delegate.pk}")
    assert response.status_code == 404
    assert response.json()["field"] == "person_id"


def test_the_secretariat_reads_a_former_members_history(secretariat_officer, former_delegate):
    response = bearer(token_for(secretariat_officer)).get(f"{API}/people/{former_delegate.pk}")
    assert response.status_code == 200
    assert [m["end_date"] for m in response.json()["memberships"]] == ["2020-01-01"]


def test_another_delegate_sees_only_current_memberships(framework, delegate_viet_nam, observer):
    Membership.objects.create(
        user=delegate_viet_nam,
        organisation=factories.delegation(framework, "VNM"),
        role="FOCAL_POINT",
        start_date=date(2019, 1, 1),
        end_date=date(2020, 1, 1),
        created_at=factories.NOW,
    )
    response = bearer(token_for(observer)).get(f"{API}/people/{delegate_viet_nam.pk}")
    assert [m["role"] for m in response.json()["memberships"]] == ["DELEGATE"]


def test_an_unknown_time_zone_in_my_preferences_is_a_400(delegate_viet_nam):
    client = bearer(token_for(delegate_viet_nam))
    before = AuditEvent.objects.count()
    response = client.patch(
        f"{API}/me", {"time_zone": "Asia/Hanoi_Typo"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "time_zone"
    delegate_viet_nam.refresh_from_db()
    assert delegate_viet_nam.time_zone == "Asia/Ho_Chi_Minh"
    assert AuditEvent.objects.count() == before


def test_the_secretariat_adds_a_membership_with_one_event(
    framework, secretariat_officer, delegate_viet_nam
):
    raw = token_for(secretariat_officer)
    before = AuditEvent.objects.count()
    response = bearer(raw).post(
        f"{API}/memberships",
        {
            "person_id": delegate_viet_nam.pk,
            "organisation_id": factories.delegation(framework, "VNM").pk,
            "role": "HEAD_OF_DELEGATION",
            "start_date": "2026-04-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["role"] == "HEAD_OF_DELEGATION"
    assert delegate_viet_nam.memberships.count() == 2
    assert AuditEvent.objects.count() == before + 1
