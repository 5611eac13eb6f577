"""A2 for the programme: a members-only activity leaks through no page, API, filter, feed or
list to anonymous visitors or to observers who are not invited; an invitation opens it."""

from datetime import date

import pytest
from django.test import Client

from cadec.members.models import Membership
from cadec.programme.models import ActionItem, Minutes
from cadec.programme.tests import factories


@pytest.fixture
def secret(framework, members_activity, delegate_viet_nam):  # type: ignore[no-untyped-def]
    """A members-only activity with everything that hangs off it."""
    viet_nam = Membership.objects.get(user=delegate_viet_nam).organisation
    statement = factories.statement(members_activity, viet_nam, body="Confidential position.")
    factories.minutes(members_activity, status=Minutes.Status.APPROVED, text="Secret minutes.")
    ActionItem.objects.create(
        activity=members_activity,
        title="Confidential action",
        owner=viet_nam,
        due_date=date(2020, 1, 1),
        created_at=members_activity.created_at,
        updated_at=members_activity.created_at,
    )
    return members_activity, statement


def urls(activity, statement) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f"/programme/activities/{activity.pk}/",
        f"/programme/activities/{activity.pk}/minutes/",
        f"/programme/activities/{activity.pk}/minutes/v1/",
        f"/programme/statements/{statement.pk}/",
        f"/api/v1/programme/activities/{activity.pk}",
        f"/api/v1/programme/activities/{activity.pk}/statements",
        f"/api/v1/programme/activities/{activity.pk}/minutes",
    ]


def leaks(client: Client, activity, statement) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for url in urls(activity, statement):
        if client.get(url).status_code != 404:
            found.append(url)
    for url in (
        "/programme/",
        f"/programme/?theme=&month={activity.starts_at:%Y-%m}",
        "/programme/feeds/public.ics",
        "/api/v1/programme/activities",
        "/programme/actions/",
        "/api/v1/programme/actions",
    ):
        body = client.get(url).content.decode()
        for marker in (activity.title, activity.room_name, "Confidential", str(activity.uid)):
            if marker in body:
                found.append(f"{url} shows {marker!r}")
    return found


def test_anonymous_visitors_see_nothing_of_a_members_only_activity(client, secret):
    assert leaks(client, *secret) == []


def test_an_uninvited_observer_sees_nothing_of_it(client_for, observer, secret):
    assert leaks(client_for(observer), *secret) == []


def test_a_member_delegation_sees_all_of_it(client_for, delegate_thailand, secret):
    activity, statement = secret
    member = client_for(delegate_thailand)
    assert all(member.get(url).status_code == 200 for url in urls(activity, statement))
    assert (
        activity.room_name in member.get(f"/programme/activities/{activity.pk}/").content.decode()
    )


def test_an_invited_observer_sees_it_and_its_room(client_for, observer, observers, secret):
    activity, statement = secret
    activity.invited.add(observers)
    guest = client_for(observer)
    assert all(guest.get(url).status_code == 200 for url in urls(activity, statement))
    assert activity.room_name in guest.get(f"/programme/activities/{activity.pk}/").content.decode()


def test_a_former_delegate_sees_nothing_of_it(client, former_delegate, secret):
    client.force_login(former_delegate)  # the membership ended: signed out at the next request
    assert leaks(client, *secret) == []
