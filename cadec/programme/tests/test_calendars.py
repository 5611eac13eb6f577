"""iCalendar feeds: valid RFC 5545 that parses back with every event, stable UIDs, SEQUENCE on
updates, cancelled events kept, and secret URLs that die with the membership."""

from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from cadec.members import services as member_services
from cadec.members.models import Membership
from cadec.programme import services
from cadec.programme.calendars import event_uid
from cadec.programme.models import Activity
from cadec.programme.selectors import feed_secret
from cadec.programme.tests import factories
from cadec.programme.tests.factories import viewer


def parse(response) -> icalendar.Calendar:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_of(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def feed_url(token) -> str:  # type: ignore[no-untyped-def]
    return f"/programme/feeds/{token.pk}/{feed_secret(token)}.ics"


@pytest.fixture
def programme(framework):  # type: ignore[no-untyped-def]
    """Twelve activities across zones, a third of them members-only, one cancelled."""
    zones = ["Asia/Yangon", "Asia/Jayapura", "Asia/Ho_Chi_Minh", "Asia/Shanghai"]
    activities = [
        factories.activity(
            framework,
            title=f"Activity {n}",
            starts_at=factories.FUTURE + timedelta(days=7 * n),
            time_zone=zones[n % len(zones)],
            visibility="MEMBERS" if n % 3 == 2 else "PUBLIC",
        )
        for n in range(12)
    ]
    cancelled = activities[4]
    cancelled.status, cancelled.cancelled_at = "CANCELLED", cancelled.starts_at
    cancelled.save()
    return activities


def test_the_public_feed_parses_back_with_every_public_event_in_its_zone(client, programme):
    calendar = parse(client.get("/programme/feeds/public.ics"))
    events = events_of(calendar)
    public = [a for a in programme if a.visibility == "PUBLIC"]
    assert set(events) == {event_uid(a) for a in public}
    for activity in public:
        event = events[event_uid(activity)]
        assert event.decoded("DTSTART") == activity.starts_at
        assert event.decoded("DTEND") == activity.ends_at
        assert str(event["DTSTART"].params["TZID"]) == activity.time_zone
        assert str(event["SUMMARY"]) == activity.title
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert {"Asia/Yangon", "Asia/Jayapura"} <= zones
    assert calendar["VERSION"] == "2.0"
    assert "PRODID" in calendar


def test_the_public_feed_keeps_cancelled_events_and_never_shows_a_room(client, programme):
    body = client.get("/programme/feeds/public.ics").content.decode()
    events = events_of(icalendar.Calendar.from_ical(body))
    assert str(events[event_uid(programme[4])]["STATUS"]) == "CANCELLED"
    assert str(events[event_uid(programme[0])]["STATUS"]) == "CONFIRMED"
    assert all(a.room_name not in body for a in programme)
    assert "LOCATION" not in body


def test_an_update_keeps_the_uid_and_raises_the_sequence(
    client, programme, secretariat_officer, now
):
    activity = programme[0]
    before = events_of(parse(client.get("/programme/feeds/public.ics")))[event_uid(activity)]
    services.update_activity(
        viewer=viewer(secretariat_officer),
        activity=activity,
        starts_at=activity.starts_at + timedelta(hours=1),
        ends_at=activity.ends_at + timedelta(hours=1),
        now=now,
    )
    after = events_of(parse(client.get("/programme/feeds/public.ics")))[event_uid(activity)]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == activity.starts_at + timedelta(hours=1)


def test_a_delegation_feed_has_the_members_only_activities_and_the_rooms(
    client, programme, delegate_viet_nam, now
):
    token = services.create_feed_token(
        viewer=viewer(delegate_viet_nam, on=timezone.localdate()), scope="DELEGATION", now=now
    )
    body = Client().get(feed_url(token)).content.decode()
    events = events_of(icalendar.Calendar.from_ical(body))
    assert set(events) == {event_uid(a) for a in programme}
    assert f"https://meet.jit.si/{programme[0].room_name}" in body.replace("\r\n ", "")
    assert str(events[event_uid(programme[2])]["CLASS"]) == "PRIVATE"


def test_a_person_feed_has_their_registrations_pending_ones_tentative(
    client, programme, delegate_viet_nam, now
):
    factories.registration(programme[0], delegate_viet_nam, status="APPROVED")
    factories.registration(programme[1], delegate_viet_nam)
    factories.registration(programme[3], delegate_viet_nam, status="WITHDRAWN")
    token = services.create_feed_token(
        viewer=viewer(delegate_viet_nam, on=timezone.localdate()), scope="PERSON", now=now
    )
    events = events_of(parse(Client().get(feed_url(token))))
    assert set(events) == {event_uid(programme[0]), event_uid(programme[1])}
    assert str(events[event_uid(programme[0])]["STATUS"]) == "CONFIRMED"
    assert str(events[event_uid(programme[1])]["STATUS"]) == "TENTATIVE"


def test_an_observer_s_delegation_feed_does_not_exist_and_their_person_feed_hides_members_only(
    programme, observer, now
):
    token = services.create_feed_token(
        viewer=viewer(observer, on=timezone.localdate()), scope="PERSON", now=now
    )
    factories.registration(programme[0], observer)
    factories.registration(programme[2], observer)  # members-only: not invited
    events = events_of(parse(Client().get(feed_url(token))))
    assert set(events) == {event_uid(programme[0])}


def test_a_feed_url_dies_with_the_membership(
    programme, delegate_viet_nam, secretariat_officer, now
):
    token = services.create_feed_token(
        viewer=viewer(delegate_viet_nam, on=timezone.localdate()), scope="DELEGATION", now=now
    )
    assert Client().get(feed_url(token)).status_code == 200
    member_services.end_membership(
        viewer=viewer(secretariat_officer, on=timezone.localdate()),
        membership=Membership.objects.get(user=delegate_viet_nam),
        end_date=timezone.localdate(),
        now=now,
    )
    assert Client().get(feed_url(token)).status_code == 404


def test_a_replaced_feed_url_and_a_wrong_secret_are_refused(delegate_viet_nam, framework, now):
    delegate = viewer(delegate_viet_nam, on=timezone.localdate())
    old = services.create_feed_token(viewer=delegate, scope="PERSON", now=now)
    new = services.create_feed_token(viewer=delegate, scope="PERSON", now=now)
    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200
    wrong = f"/programme/feeds/{new.pk}/{'0' * 40}.ics"
    assert Client().get(wrong).status_code == 404
    assert feed_secret(new) not in str(new.nonce)


def test_a_feed_is_not_kept_in_shared_caches(delegate_viet_nam, now):
    token = services.create_feed_token(
        viewer=viewer(delegate_viet_nam, on=timezone.localdate()), scope="PERSON", now=now
    )
    response = Client().get(feed_url(token))
    assert "no-store" in response["Cache-Control"]


def test_an_empty_programme_is_still_a_valid_calendar(client, framework):
    calendar = parse(client.get("/programme/feeds/public.ics"))
    assert list(calendar.walk("VEVENT")) == []
    assert Activity.objects.count() == 0


def test_a_polling_client_gets_a_304_until_something_changes(
    client, programme, secretariat_officer, now
):
    first = client.get("/programme/feeds/public.ics")
    etag = first["ETag"]
    assert (
        client.get("/programme/feeds/public.ics", headers={"If-None-Match": etag}).status_code
        == 304
    )
    services.update_activity(
        viewer=viewer(secretariat_officer), activity=programme[0], title="Renamed", now=now
    )
    changed = client.get("/programme/feeds/public.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Renamed" in changed.content.decode()
