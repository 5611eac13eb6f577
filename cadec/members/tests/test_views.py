"""The members pages: who sees which page, what it shows, what a form does, what it costs."""

from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cadec.core.models import AuditEvent
from cadec.members.models import ApiToken, Membership, User
from cadec.members.tests import factories

PERSONAS = [
    "delegate_viet_nam",
    "head_viet_nam",
    "chair_2020",
    "secretariat_officer",
    "observer",
]


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def first_of_march_2026(monkeypatch):
    """Pin the clock: the Philippines chairs and eleven ASEAN members and China count."""
    instant = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


def public_urls(framework) -> list[str]:
    viet_nam = factories.delegation(framework, "VNM")
    return [
        "/",
        "/members/",
        "/members/countries/VN/",
        "/members/frameworks/asean-china/",
        "/members/organisations/",
        f"/members/organisations/{viet_nam.pk}/",
    ]


def member_urls(person) -> list[str]:
    return ["/members/people/", f"/members/people/{person.pk}/", "/account/"]


# Who reaches which page


def test_the_public_pages_render_for_anonymous_visitors(framework, client):
    for url in public_urls(framework):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_renders_for_every_current_member(request, framework, client_for, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for url in [*public_urls(framework), *member_urls(user)]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["user"] == user


def test_the_member_pages_send_anonymous_visitors_to_sign_in(delegate_viet_nam, client):
    for url in member_urls(delegate_viet_nam):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/account/login/?next={url}"


def test_the_register_form_sends_anonymous_visitors_to_sign_in(framework, client):
    response = client.get("/members/people/new/")
    assert response["Location"] == "/account/login/?next=/members/people/new/"


def test_a_page_form_posted_without_the_csrf_token_is_refused(delegate_viet_nam):
    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate_viet_nam)
    response = client.post("/account/", {"language": "vi", "time_zone": "Asia/Bangkok"})
    assert response.status_code == 403
    delegate_viet_nam.refresh_from_db()
    assert delegate_viet_nam.language == "en"


# What the pages show


def test_the_home_page_shows_todays_chair_and_the_parties(framework, client, first_of_march_2026):
    response = client.get("/")
    html = response.content.decode()
    assert response.context["chair"].country.name == "Philippines"
    assert "<strong>Philippines</strong>" in html
    assert "12 participating members count for consensus today." in html
    assert "China–ASEAN Year of Digital Economy Cooperation" in html


@pytest.mark.django_db
def test_the_home_page_says_how_to_load_a_framework_when_there_is_none(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No cooperation framework is configured yet" in response.content.decode()


def test_the_members_page_lists_the_twelve_countries(framework, client):
    response = client.get("/members/")
    html = response.content.decode()
    assert len(response.context["countries"]) == 12
    assert "Nay Pyi Taw" in html
    assert "Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura" in html


def test_the_country_page_shows_its_facts_and_its_delegation(framework, client):
    response = client.get("/members/countries/tls/")
    html = response.content.decode()
    assert "the Democratic Republic of Timor-Leste" in html
    assert "2025-10-26" in html
    assert "Delegation of Timor-Leste" in html


def test_an_unknown_country_page_is_a_404_naming_the_code(framework, client):
    response = client.get("/members/countries/XX/")
    assert response.status_code == 404
    assert "“XX”" in response.content.decode()


def test_the_framework_page_shows_the_philippines_on_1_march_2026(framework, client):
    response = client.get("/members/frameworks/asean-china/", {"date": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["chair"].country.name == "Philippines"
    assert "<strong>Philippines</strong>" in response.content.decode()
    assert len(response.context["party_ids"]) == 12


def test_the_framework_page_before_timor_lestes_accession_counts_eleven(framework, client):
    response = client.get("/members/frameworks/asean-china/", {"date": "2025-10-25"})
    assert len(response.context["party_ids"]) == 11


def test_a_garbled_date_on_the_framework_page_is_a_400(framework, client):
    response = client.get("/members/frameworks/asean-china/", {"date": "garbage"})
    assert response.status_code == 400
    assert response.context["chair"] is None
    assert response.context["form"].errors["date"]


def test_an_unknown_framework_page_is_a_404(framework, client):
    assert client.get("/members/frameworks/asean-mars/").status_code == 404


def test_an_organisation_page_hides_its_people_from_anonymous_visitors(
    framework, delegate_viet_nam, client
):
    viet_nam = factories.delegation(framework, "VNM")
    response = client.get(f"/members/organisations/{viet_nam.pk}/")
    assert response.context["people"] is None
    assert "Vnm Delegate" not in response.content.decode()


def test_an_organisation_page_shows_its_people_to_members(
    framework, delegate_viet_nam, delegate_thailand, client_for
):
    viet_nam = factories.delegation(framework, "VNM")
    response = client_for(delegate_thailand).get(f"/members/organisations/{viet_nam.pk}/")
    assert list(response.context["people"]) == [delegate_viet_nam]
    assert "Vnm Delegate" in response.content.decode()


def test_the_people_list_leaves_out_former_members(
    delegate_viet_nam, delegate_thailand, former_delegate, client_for
):
    response = client_for(delegate_viet_nam).get("/members/people/")
    assert {p.username for p in response.context["people"]} == {"vnm.delegate", "tha.delegate"}
    assert "Former Delegate" not in response.content.decode()
    assert not response.context["can_manage"]


def test_a_delegate_cannot_open_a_former_members_page(
    delegate_viet_nam, former_delegate, client_for
):
    response = client_for(delegate_viet_nam).get(f"/members/people/{former_delegate.pk}/")
    assert response.status_code == 404


def test_the_secretariat_opens_a_former_members_page_with_the_history(
    secretariat_officer, former_delegate, client_for
):
    response = client_for(secretariat_officer).get(f"/members/people/{former_delegate.pk}/")
    assert response.status_code == 200
    assert [m.end_date for m in response.context["memberships"]] == [date(2020, 1, 1)]
    assert response.context["can_manage"]


# Registering a person


def _person_form(framework, **overrides):
    return {
        "username": "mmr.delegate",
        "display_name": "Delegate, Myanmar",
        "email": "mmr.delegate@example.org",
        "organisation": factories.delegation(framework, "MMR").pk,
        "role": "DELEGATE",
        "start_date": "2026-01-01",
        "end_date": "",
        "time_zone": "",
        "language": "my",
        **overrides,
    }


def test_the_secretariat_sees_the_register_form(secretariat_officer, client_for):
    response = client_for(secretariat_officer).get("/members/people/new/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["delegate_viet_nam", "head_viet_nam", "chair_2020", "observer"]
)
def test_only_the_secretariat_may_register_a_person(request, framework, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/members/people/new/").status_code == 403
    before = counts()
    assert client.post("/members/people/new/", _person_form(framework)).status_code == 403
    assert counts() == before


def test_registering_a_person_redirects_to_their_page_and_queues_an_invitation(
    framework, secretariat_officer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(secretariat_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/members/people/new/", _person_form(framework))
    person = User.objects.get(username="mmr.delegate")
    assert response.status_code == 302
    assert response["Location"] == f"/members/people/{person.pk}/"
    assert (person.time_zone, person.language) == ("Asia/Yangon", "my")
    task = DBTaskResult.objects.get()
    assert task.task_path == "cadec.core.tasks.send_email"
    kwargs = task.args_kwargs["kwargs"]
    assert kwargs["to"] == ["mmr.delegate@example.org"]
    assert "http://testserver/account/reset/" in kwargs["body"]
    assert "mmr.delegate" in kwargs["body"]


def test_no_invitation_is_queued_when_the_registration_fails(
    framework, secretariat_officer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(secretariat_officer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post("/members/people/new/", _person_form(framework, role="SECRETARIAT"))
    assert callbacks == []
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": ""}, "username"),
        ({"email": "not-an-address"}, "email"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"time_zone": "Asia/Rangoon_Typo"}, "time_zone"),
        ({"organisation": "999999"}, "organisation"),
        ({"end_date": "2025-12-31"}, "end_date"),
        ({"role": "SECRETARIAT"}, "role"),
    ],
)
def test_bad_input_on_the_register_form_is_a_400_with_field_errors_and_writes_nothing(
    framework, secretariat_officer, client_for, overrides, field
):
    client = client_for(secretariat_officer)
    before = counts()
    response = client.post("/members/people/new/", _person_form(framework, **overrides))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert counts() == before


def test_a_taken_user_name_is_shown_on_its_field(
    framework, secretariat_officer, delegate_viet_nam, client_for
):
    response = client_for(secretariat_officer).post(
        "/members/people/new/", _person_form(framework, username="VNM.delegate")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["username"] == ["“VNM.delegate” is already taken."]


# Ending a membership


def test_the_secretariat_ends_a_membership_from_the_persons_page(
    secretariat_officer, delegate_viet_nam, client_for
):
    membership = delegate_viet_nam.memberships.get()
    response = client_for(secretariat_officer).post(
        f"/members/memberships/{membership.pk}/end/", {"end_date": "2026-02-01"}
    )
    assert response["Location"] == f"/members/people/{delegate_viet_nam.pk}/"
    membership.refresh_from_db()
    assert membership.end_date == date(2026, 2, 1)


def test_a_delegate_cannot_end_another_delegates_membership(
    delegate_viet_nam, delegate_thailand, client_for
):
    membership = delegate_thailand.memberships.get()
    response = client_for(delegate_viet_nam).post(
        f"/members/memberships/{membership.pk}/end/", {"end_date": "2026-02-01"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.end_date is None


# The account page


def test_the_account_page_changes_language_and_time_zone(delegate_viet_nam, client_for):
    client = client_for(delegate_viet_nam)
    response = client.post(
        "/account/", {"display_name": "Trần Thị B", "language": "vi", "time_zone": "Asia/Bangkok"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    delegate_viet_nam.refresh_from_db()
    assert (delegate_viet_nam.language, delegate_viet_nam.time_zone) == ("vi", "Asia/Bangkok")
    assert delegate_viet_nam.display_name == "Trần Thị B"
    page = client.get("/account/")
    assert page.context["LANGUAGE_CODE"] == "vi"
    assert page.context["TIME_ZONE"] == "Asia/Bangkok"


def test_a_bad_time_zone_on_the_account_page_is_a_400_and_changes_nothing(
    delegate_viet_nam, client_for
):
    before = AuditEvent.objects.count()
    response = client_for(delegate_viet_nam).post(
        "/account/", {"display_name": "", "language": "vi", "time_zone": "Asia/Saigon_Typo"}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["time_zone"]
    delegate_viet_nam.refresh_from_db()
    assert (delegate_viet_nam.language, delegate_viet_nam.time_zone) == ("en", "Asia/Ho_Chi_Minh")
    assert AuditEvent.objects.count() == before


def test_the_language_switch_is_kept_in_the_profile(delegate_viet_nam, client_for):
    response = client_for(delegate_viet_nam).post(
        "/i18n/setlang/", {"language": "th", "next": "/members/"}
    )
    assert response["Location"] == "/members/"
    delegate_viet_nam.refresh_from_db()
    assert delegate_viet_nam.language == "th"


def test_a_token_created_on_the_account_page_is_shown_once(delegate_viet_nam, client_for):
    client = client_for(delegate_viet_nam)
    response = client.post("/account/tokens/", {"name": "laptop", "expires_in_days": 7})
    assert response["Location"] == "/account/"
    token = ApiToken.objects.get(user=delegate_viet_nam)
    first = client.get("/account/")
    raw = first.context["new_token"]
    assert raw.startswith(token.prefix)
    assert raw in first.content.decode()
    second = client.get("/account/")
    assert second.context["new_token"] is None
    assert raw not in second.content.decode()


def test_a_delegate_cannot_revoke_another_delegates_token_from_the_page(
    delegate_viet_nam, delegate_thailand, client_for, now
):
    from cadec.members import selectors, services

    token, _raw = services.create_api_token(
        viewer=selectors.viewer_for(user=delegate_thailand, on=now.date()), name="cli", now=now
    )
    response = client_for(delegate_viet_nam).post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


# Query budgets: the count stays the same however many people there are. A signed-in page
# costs four queries before the view runs: session, person, current memberships, OTP device.


def _more_people(framework, n: int) -> None:
    for i, iso3 in enumerate(["IDN", "MYS", "PHL", "SGP", "KHM", "LAO", "BRN", "CHN"][:n]):
        factories.person(
            username=f"extra.{i}",
            organisation=factories.delegation(framework, iso3),
            role="DELEGATE",
        )


@pytest.mark.parametrize("extra", [0, 8])
def test_the_members_list_costs_a_fixed_number_of_queries(
    framework, delegate_viet_nam, client_for, django_assert_max_num_queries, extra
):
    _more_people(framework, extra)
    client = client_for(delegate_viet_nam)
    with django_assert_max_num_queries(5):
        response = client.get("/members/")
    assert len(response.context["countries"]) == 12


def test_the_members_list_costs_one_query_for_an_anonymous_visitor(
    framework, client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert client.get("/members/").status_code == 200


@pytest.mark.parametrize("extra", [0, 8])
def test_the_people_list_costs_a_fixed_number_of_queries(
    framework, delegate_viet_nam, client_for, django_assert_max_num_queries, extra
):
    _more_people(framework, extra)
    client = client_for(delegate_viet_nam)
    with django_assert_max_num_queries(6):
        response = client.get("/members/people/")
    assert len(response.context["people"]) == 1 + extra


@pytest.mark.parametrize("extra", [0, 8])
def test_the_framework_page_costs_a_fixed_number_of_queries(
    framework, delegate_viet_nam, client_for, django_assert_max_num_queries, extra
):
    _more_people(framework, extra)
    client = client_for(delegate_viet_nam)
    with django_assert_max_num_queries(12):
        response = client.get("/members/frameworks/asean-china/", {"date": "2026-03-01"})
    assert response.status_code == 200
    assert len(response.context["terms"]) == 16
