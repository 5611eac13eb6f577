"""The programme pages: what each shows, in whose time, to whom, and what it costs."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from cadec.core.models import AuditEvent
from cadec.members.models import Membership
from cadec.members.tests import factories as member_factories
from cadec.programme.models import Activity, Minutes, Registration, Statement
from cadec.programme.selectors import room_url
from cadec.programme.tests import factories


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


# Time zones


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Asia/Yangon", "08:30–11:30"), ("Asia/Jayapura", "11:00–14:00"), ("UTC", "02:00–05:00")],
)
def test_a_member_sees_the_activity_in_their_own_zone(
    client_for, delegate_viet_nam, public_activity, zone, expected
):
    delegate_viet_nam.time_zone = zone
    delegate_viet_nam.save()
    page = text_of(
        client_for(delegate_viet_nam).get(f"/programme/activities/{public_activity.pk}/")
    )
    when = re.search(r'<dd id="when">(.*?)</dd>', page)
    assert when is not None
    assert expected in when.group(1)
    assert f"({zone})" in when.group(1)


def test_the_strip_shows_every_member_zone_from_plus_six_thirty_to_plus_nine(
    client, public_activity
):
    page = text_of(client.get(f"/programme/activities/{public_activity.pk}/"))
    assert 'Asia/Yangon <span class="tag">UTC+06:30</span>' in page
    assert 'Asia/Jayapura <span class="tag">UTC+09:00</span>' in page
    # 02:00 UTC is 08:30 in Yangon and 11:00 in Jayapura, whoever looks.
    assert re.search(r"Asia/Yangon .*?</td> <td>Thu 12 Jun, 08:30–11:30</td>", page)
    assert re.search(r"Asia/Jayapura .*?</td> <td>Thu 12 Jun, 11:00–14:00</td>", page)


def test_an_anonymous_visitor_may_ask_for_another_zone(client, public_activity):
    page = text_of(client.get(f"/programme/activities/{public_activity.pk}/?tz=Asia/Yangon"))
    assert '08:30–11:30 <span class="helptext">(Asia/Yangon)</span>' in page
    response = client.get(f"/programme/activities/{public_activity.pk}/?tz=Mars/Olympus")
    assert response.status_code == 400
    assert "tz:" in response.content.decode()


# The programme page


def test_the_programme_filters_by_theme_sector_kind_and_month(client, framework):
    smart = factories.activity(framework, title="Smart cities", topics=["smart-cities"])
    health = factories.activity(
        framework,
        title="Health data",
        kind=Activity.Kind.TRAINING,
        topics=["big-data", "health"],
        starts_at=smart.starts_at + timedelta(days=40),
    )

    def titles(query: str) -> list[str]:
        response = client.get(f"/programme/?{query}")
        assert response.status_code == 200
        return [a.title for a in response.context["page"].object_list]

    assert titles("") == ["Smart cities", "Health data"]
    assert titles("theme=smart-cities") == ["Smart cities"]
    assert titles("sector=health") == ["Health data"]
    assert titles("kind=TRAINING") == ["Health data"]
    assert titles("month=2031-07") == ["Health data"]
    assert titles("theme=big-data&month=2031-06") == []
    assert health.pk


@pytest.mark.parametrize(
    ("query", "field"), [("month=2031-13", "month"), ("kind=PICNIC", "kind"), ("theme=x", "theme")]
)
def test_a_bad_filter_is_a_400_naming_the_field(client, framework, query, field):
    response = client.get(f"/programme/?{query}")
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_the_programme_page_costs_a_fixed_number_of_queries(
    client, client_for, framework, delegate_viet_nam, django_assert_max_num_queries
):
    for day in range(60):
        factories.activity(
            framework,
            title=f"Activity {day}",
            topics=["smart-cities", "retail"],
            starts_at=factories.FUTURE + timedelta(days=day),
            visibility="MEMBERS" if day % 3 else "PUBLIC",
        )
    with django_assert_max_num_queries(5):
        assert client.get("/programme/").status_code == 200
    member = client_for(delegate_viet_nam)
    member.get("/programme/")  # warm the session
    with django_assert_max_num_queries(9):
        response = member.get("/programme/")
    assert len(response.context["page"].object_list) == 50


def test_the_activity_page_costs_a_bounded_number_of_queries(
    client_for, framework, public_activity, delegate_viet_nam, django_assert_max_num_queries
):
    factories.session(public_activity)
    factories.statement(
        public_activity, Membership.objects.get(user=delegate_viet_nam).organisation
    )
    factories.registration(public_activity, delegate_viet_nam)
    member = client_for(delegate_viet_nam)
    member.get(f"/programme/activities/{public_activity.pk}/")
    with django_assert_max_num_queries(17):
        assert member.get(f"/programme/activities/{public_activity.pk}/").status_code == 200


# Visibility


def test_members_only_activities_are_not_listed_for_anonymous_visitors_or_observers(
    client, client_for, public_activity, members_activity, observer, delegate_viet_nam
):
    def listed(c: Client) -> set[str]:
        return {a.title for a in c.get("/programme/").context["page"].object_list}

    assert listed(client) == {public_activity.title}
    assert listed(client_for(observer)) == {public_activity.title}
    assert listed(client_for(delegate_viet_nam)) == {public_activity.title, members_activity.title}


def test_the_room_link_is_for_participants_only(
    client, client_for, public_activity, observer, delegate_viet_nam
):
    url = f"/programme/activities/{public_activity.pk}/"
    link = room_url(public_activity)
    assert link.startswith("https://meet.jit.si/Cadec")
    assert public_activity.room_name not in client.get(url).content.decode()
    assert public_activity.room_name not in client_for(observer).get(url).content.decode()
    assert link in client_for(delegate_viet_nam).get(url).content.decode()


def test_the_video_conference_base_url_is_configurable(
    settings, client_for, public_activity, delegate_viet_nam
):
    settings.CADEC_VIDEO_CONFERENCE_BASE_URL = "https://video.example.org/rooms"
    page = client_for(delegate_viet_nam).get(f"/programme/activities/{public_activity.pk}/")
    assert f"https://video.example.org/rooms/{public_activity.room_name}" in page.content.decode()


# Registration through the pages


def test_a_head_registers_a_delegate_and_the_secretariat_approves_through_the_pages(
    client_for, framework, public_activity, head_viet_nam, delegate_viet_nam, secretariat_officer
):
    viet_nam = member_factories.delegation(framework, "VNM")
    head = client_for(head_viet_nam)
    page = head.get(f"/programme/activities/{public_activity.pk}/")
    assert "0 of 5 seats used" in text_of(page)
    response = head.post(
        f"/programme/activities/{public_activity.pk}/register/",
        {"organisation": viet_nam.pk, "person": delegate_viet_nam.pk},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(person=delegate_viet_nam)
    assert registration.status == Registration.Status.PENDING

    secretariat = Client()
    from conftest import sign_in

    sign_in(secretariat, secretariat_officer)
    listing = secretariat.get(f"/programme/activities/{public_activity.pk}/registrations/")
    assert "Vnm Delegate" in text_of(listing)
    response = secretariat.post(
        f"/programme/registrations/{registration.pk}/decide/", {"decision": "approve"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED


def test_registering_someone_of_another_delegation_is_refused_and_nothing_is_written(
    client_for, framework, public_activity, head_viet_nam, delegate_thailand
):
    before = Registration.objects.count(), AuditEvent.objects.count()
    response = client_for(head_viet_nam).post(
        f"/programme/activities/{public_activity.pk}/register/",
        {
            "organisation": member_factories.delegation(framework, "THA").pk,
            "person": delegate_thailand.pk,
        },
    )
    assert response.status_code == 403
    assert (Registration.objects.count(), AuditEvent.objects.count()) == before


def test_a_registration_form_without_a_person_is_a_400_naming_the_field(
    client_for, framework, public_activity, head_viet_nam
):
    response = client_for(head_viet_nam).post(
        f"/programme/activities/{public_activity.pk}/register/",
        {"organisation": member_factories.delegation(framework, "VNM").pk},
    )
    assert response.status_code == 400
    assert "person:" in response.content.decode()


# Statements and minutes through the pages


def test_a_statement_with_an_empty_text_comes_back_with_what_was_typed(
    client_for, framework, public_activity, head_viet_nam
):
    response = client_for(head_viet_nam).post(
        f"/programme/activities/{public_activity.pk}/statements/",
        {
            "organisation": member_factories.delegation(framework, "VNM").pk,
            "kind": "STATEMENT",
            "title": "A title I typed",
            "language": "en",
            "body": "",
        },
    )
    assert response.status_code == 400
    assert "A title I typed" in response.content.decode()
    assert response.context["statement_form"].errors["body"]
    assert Statement.objects.count() == 0


def test_a_stale_minutes_draft_is_refused_with_the_text_kept(
    client_for, public_activity, secretariat_officer
):
    factories.minutes(public_activity, status=Minutes.Status.DRAFT)
    secretariat = client_for(secretariat_officer)
    response = secretariat.post(
        f"/programme/activities/{public_activity.pk}/minutes/draft/",
        {"text": "My careful rewrite.", "base_version": 0},
    )
    assert response.status_code == 409
    assert "My careful rewrite." in response.content.decode()
    assert "now at version 1" in response.content.decode()


def test_circulated_minutes_are_for_attendees_and_the_secretariat(
    client, client_for, public_activity, delegate_viet_nam, delegate_thailand, secretariat_officer
):
    factories.minutes(public_activity, status=Minutes.Status.CIRCULATED, text="Draft text.")
    factories.registration(public_activity, delegate_viet_nam, status="APPROVED")
    url = f"/programme/activities/{public_activity.pk}/minutes/"
    assert client.get(url).status_code == 404
    assert client_for(delegate_thailand).get(url).status_code == 404
    attendee = client_for(delegate_viet_nam).get(url)
    assert attendee.status_code == 200
    assert "Draft text." in attendee.content.decode()
    assert attendee.context["correction_form"] is not None


def test_approved_minutes_are_public_on_a_public_activity(client, public_activity):
    factories.minutes(public_activity, status=Minutes.Status.APPROVED, text="Approved text.")
    assert (
        "Approved text."
        in client.get(f"/programme/activities/{public_activity.pk}/minutes/").content.decode()
    )
    assert client.get(f"/programme/activities/{public_activity.pk}/minutes/v1/").status_code == 200


# The scheduling assistant


def test_the_scheduling_assistant_proposes_slots_with_reasons(client_for, secretariat_officer):
    response = client_for(secretariat_officer).get(
        "/programme/scheduling/",
        {
            "duration_minutes": 120,
            "first_day": "2031-06-09",
            "last_day": "2031-06-13",
            "working_start": "08:00",
            "working_end": "18:00",
        },
    )
    assert response.status_code == 200
    proposals = response.context["proposals"]
    assert proposals
    # In 2031 Timor-Leste is the twelfth participant.
    assert "Inside 08:00–18:00 local working hours for all 12 members" in text_of(response)
    assert "Create an activity in this slot" in text_of(response)


def test_the_scheduling_assistant_names_a_bad_field(client_for, secretariat_officer):
    response = client_for(secretariat_officer).get(
        "/programme/scheduling/",
        {
            "duration_minutes": 120,
            "first_day": "2031-06-13",
            "last_day": "2031-06-09",
            "working_start": "08:00",
            "working_end": "18:00",
        },
    )
    assert response.status_code == 400
    assert "last_day" in response.context["form"].errors


def test_my_registrations_lists_mine_and_offers_calendar_links(
    client_for, public_activity, delegate_viet_nam
):
    factories.registration(public_activity, delegate_viet_nam)
    member = client_for(delegate_viet_nam)
    assert public_activity.title in member.get("/programme/mine/").content.decode()
    member.post("/programme/feeds/", {"scope": "PERSON"})
    page = text_of(member.get("/programme/mine/"))
    assert re.search(r"http://testserver/programme/feeds/\d+/[0-9a-f]{40}\.ics", page)


def test_the_overdue_list_shows_open_actions_past_due(
    client_for, framework, public_activity, delegate_viet_nam
):
    from cadec.programme.models import ActionItem

    now = datetime.now(tz=UTC)
    for title, due, status in (
        ("Late", now.date() - timedelta(days=3), "OPEN"),
        ("Done", now.date() - timedelta(days=3), "DONE"),
        ("Later", now.date() + timedelta(days=3), "OPEN"),
    ):
        ActionItem.objects.create(
            activity=public_activity,
            title=title,
            owner=member_factories.delegation(framework, "VNM"),
            due_date=due,
            status=status,
            created_at=now,
            updated_at=now,
        )
    response = client_for(delegate_viet_nam).get("/programme/actions/?overdue=on")
    assert [item.title for item, _overdue, _can in response.context["items"]] == ["Late"]


# The Secretariat's pages


def test_the_secretariat_creates_an_activity_in_bangkok_time_stored_in_utc(
    client_for, framework, secretariat_officer
):
    secretariat = client_for(secretariat_officer)
    form = secretariat.get("/programme/activities/new/?start_date=2031-06-12&start_time=02:00")
    assert form.status_code == 200
    themes = framework.topics.filter(code="big-data").values_list("pk", flat=True)
    response = secretariat.post(
        "/programme/activities/new/",
        {
            "title": "Workshop: big data",
            "kind": "WORKSHOP",
            "visibility": "PUBLIC",
            "start_date": "2031-06-12",
            "start_time": "09:00",
            "end_time": "11:30",
            "time_zone": "Asia/Bangkok",
            "seats_per_delegation": 3,
            "topics": list(themes),
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.starts_at == datetime(2031, 6, 12, 2, 0, tzinfo=UTC)
    assert activity.ends_at == datetime(2031, 6, 12, 4, 30, tzinfo=UTC)
    assert activity.time_zone == "Asia/Bangkok"


def test_an_activity_that_ends_before_it_starts_is_a_400_on_the_end_time(
    client_for, framework, secretariat_officer
):
    response = client_for(secretariat_officer).post(
        "/programme/activities/new/",
        {
            "title": "Backwards",
            "kind": "WEBINAR",
            "visibility": "PUBLIC",
            "start_date": "2031-06-12",
            "start_time": "11:00",
            "end_time": "09:00",
            "time_zone": "UTC",
            "seats_per_delegation": 5,
        },
    )
    assert response.status_code == 400
    assert "end_time" in response.context["form"].errors
    assert Activity.objects.count() == 0


def test_the_secretariat_adds_a_session_and_an_agenda_item_then_cancels(
    client_for, public_activity, secretariat_officer
):
    secretariat = client_for(secretariat_officer)
    base = f"/programme/activities/{public_activity.pk}"
    assert secretariat.get(f"{base}/edit/").status_code == 200
    response = secretariat.post(
        f"{base}/sessions/",
        {
            "title": "Opening",
            "start_date": "2031-06-12",
            "start_time": "09:00",
            "end_time": "10:00",
        },  # Asia/Ho_Chi_Minh: 02:00–03:00 UTC
    )
    assert response.status_code == 302
    session = public_activity.sessions.get()
    assert session.starts_at == public_activity.starts_at
    response = secretariat.post(
        f"{base}/agenda/",
        {
            "session": session.pk,
            "title": "Welcome",
            "duration_minutes": 15,
            "speakers": "Head of Delegation, Viet Nam\n\nSecretariat",
        },
    )
    assert response.status_code == 302
    assert [s.name for s in session.agenda_items.get().speakers.order_by("position")] == [
        "Head of Delegation, Viet Nam",
        "Secretariat",
    ]
    too_long = secretariat.post(
        f"{base}/agenda/", {"session": session.pk, "title": "Long", "duration_minutes": 50}
    )
    assert too_long.status_code == 400
    assert "duration_minutes" in too_long.content.decode()
    assert secretariat.post(f"{base}/cancel/").status_code == 302
    public_activity.refresh_from_db()
    assert public_activity.is_cancelled


def test_the_minutes_cycle_through_the_pages(
    client_for, public_activity, secretariat_officer, delegate_viet_nam
):
    factories.registration(public_activity, delegate_viet_nam, status="APPROVED")
    base = f"/programme/activities/{public_activity.pk}/minutes"
    secretariat = client_for(secretariat_officer)
    assert (
        secretariat.post(f"{base}/draft/", {"text": "Draft.", "base_version": 0}).status_code == 302
    )
    assert secretariat.post(f"{base}/circulate/").status_code == 302
    attendee = Client()
    from conftest import sign_in

    sign_in(attendee, delegate_viet_nam)
    assert attendee.post(f"{base}/corrections/", {"text": "Fix item 1."}).status_code == 302
    assert attendee.post(f"{base}/corrections/", {"text": ""}).status_code == 400
    assert (
        secretariat.post(f"{base}/draft/", {"text": "Fixed.", "base_version": 1}).status_code == 302
    )
    assert secretariat.post(f"{base}/approve/", {"version": 1}).status_code == 409
    assert secretariat.post(f"{base}/approve/", {"version": 2}).status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.versions.count() == 2
    assert "Fix item 1." in text_of(secretariat.get(f"{base}/"))


def test_the_roll_call_through_the_page(
    client_for, public_activity, secretariat_officer, delegate_viet_nam
):
    registration = factories.registration(public_activity, delegate_viet_nam, status="APPROVED")
    secretariat = client_for(secretariat_officer)
    url = f"/programme/activities/{public_activity.pk}/attendance/"
    # The roll-call of an activity in 2031 is not open yet.
    response = secretariat.post(url, {f"attendance_{registration.pk}": "PRESENT"})
    assert response.status_code == 409
    public_activity.starts_at = datetime.now(tz=UTC) - timedelta(minutes=5)
    public_activity.save()
    done = secretariat.post(url, {f"attendance_{registration.pk}": "PRESENT"}, follow=True)
    assert done.redirect_chain[0][1] == 302
    assert "Roll-call recorded for 1 person." in text_of(done)
    registration.refresh_from_db()
    assert registration.attendance == "PRESENT"
    bad = secretariat.post(url, {f"attendance_{registration.pk}": "ASLEEP"})
    assert bad.status_code == 400


def test_a_head_updates_their_delegation_s_action_item(
    client_for, framework, public_activity, head_viet_nam
):
    from cadec.programme.models import ActionItem

    item = ActionItem.objects.create(
        activity=public_activity,
        title="Send a case study",
        owner=member_factories.delegation(framework, "VNM"),
        due_date=datetime(2031, 7, 1, tzinfo=UTC).date(),
        created_at=public_activity.created_at,
        updated_at=public_activity.created_at,
    )
    head = client_for(head_viet_nam)
    assert head.post(f"/programme/actions/{item.pk}/", {"status": "DONE"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "DONE"


@pytest.mark.parametrize(
    "persona",
    ["delegate_viet_nam", "head_viet_nam", "chair_2020", "secretariat_officer", "observer"],
)
def test_every_programme_page_renders_for_every_member(
    request, client_for, framework, public_activity, persona
):
    user = request.getfixturevalue(persona)
    member = client_for(user)
    for url in (
        "/programme/",
        f"/programme/activities/{public_activity.pk}/",
        f"/programme/activities/{public_activity.pk}/registrations/",
        "/programme/mine/",
        "/programme/actions/",
    ):
        assert member.get(url).status_code == 200, url


def test_confidential_pages_are_not_kept_in_caches(
    client_for, public_activity, members_activity, delegate_viet_nam, secretariat_officer
):
    member = client_for(delegate_viet_nam)
    assert (
        "no-store" in member.get(f"/programme/activities/{members_activity.pk}/")["Cache-Control"]
    )
    with_room = member.get(f"/programme/activities/{public_activity.pk}/")
    assert "no-store" in with_room["Cache-Control"]
    anonymous = Client().get(f"/programme/activities/{public_activity.pk}/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    factories.minutes(public_activity, status=Minutes.Status.DRAFT)
    draft = client_for(secretariat_officer).get(
        f"/programme/activities/{public_activity.pk}/minutes/"
    )
    assert "no-store" in draft["Cache-Control"]
