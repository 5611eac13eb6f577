"""The programme API: the same rules as the pages, as JSON."""

import pytest
from django.test import Client
from django.utils import timezone

from cadec.members import selectors as member_selectors
from cadec.members import services as member_services
from cadec.members.tests import factories as member_factories
from cadec.programme.models import Activity, Minutes, Registration
from cadec.programme.tests import factories

API = "/api/v1/programme"


def bearer(user) -> Client:  # type: ignore[no-untyped-def]
    now = timezone.now()
    _token, raw = member_services.create_api_token(
        viewer=member_selectors.viewer_for(user=user, on=now.date()), name="cli", now=now
    )
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_anyone_reads_the_public_programme_and_members_see_more(
    client, public_activity, members_activity, delegate_viet_nam
):
    public = client.get(f"{API}/activities").json()
    assert [a["title"] for a in public["results"]] == [public_activity.title]
    member = bearer(delegate_viet_nam).get(f"{API}/activities").json()
    assert member["count"] == 2


def test_a_members_only_activity_is_a_404_for_the_public_and_its_room_for_members_only(
    client, members_activity, delegate_viet_nam, observer
):
    assert client.get(f"{API}/activities/{members_activity.pk}").status_code == 404
    assert bearer(observer).get(f"{API}/activities/{members_activity.pk}").status_code == 404
    detail = bearer(delegate_viet_nam).get(f"{API}/activities/{members_activity.pk}").json()
    assert detail["room_url"].endswith(members_activity.room_name)


def test_the_public_sees_a_public_activity_without_its_room(client, public_activity):
    detail = client.get(f"{API}/activities/{public_activity.pk}").json()
    assert detail["room_url"] is None
    zones = {row["zone"]: row["offset"] for row in detail["local_times"]}
    assert zones["Asia/Yangon"] == "+06:30"
    assert zones["Asia/Jayapura"] == "+09:00"


@pytest.mark.parametrize(
    ("query", "field"), [("month=2031-13", "month"), ("kind=PICNIC", "kind"), ("page=0", "page")]
)
def test_bad_filters_are_refused_naming_the_field(client, framework, query, field):
    response = client.get(f"{API}/activities?{query}")
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_the_secretariat_creates_an_activity_and_bad_input_names_the_field(
    framework, secretariat_officer
):
    api = bearer(secretariat_officer)
    payload = {
        "title": "Webinar on AI",
        "kind": "WEBINAR",
        "visibility": "PUBLIC",
        "starts_at": "2031-06-12T09:00:00+07:00",
        "ends_at": "2031-06-12T11:00:00+07:00",
        "time_zone": "Asia/Bangkok",
    }
    created = api.post(f"{API}/activities", payload, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["starts_at"].startswith("2031-06-12T02:00:00")
    bad = api.post(
        f"{API}/activities", {**payload, "kind": "PICNIC"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "kind"
    missing = api.post(f"{API}/activities", {"title": "No dates"}, content_type="application/json")
    assert missing.status_code == 422
    assert "kind" in missing.json()["detail"]
    assert Activity.objects.count() == 1


def test_a_head_registers_two_delegates_and_the_secretariat_approves_by_api(
    framework, public_activity, head_viet_nam, delegate_viet_nam, secretariat_officer
):
    viet_nam = member_factories.delegation(framework, "VNM")
    second = member_factories.person(
        username="vnm.delegate2", organisation=viet_nam, role="DELEGATE"
    )
    head = bearer(head_viet_nam)
    ids = []
    for person in (delegate_viet_nam, second):
        response = head.post(
            f"{API}/activities/{public_activity.pk}/registrations",
            {"person_id": person.pk, "organisation_id": viet_nam.pk},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        ids.append(response.json()["id"])
    secretariat = bearer(secretariat_officer)
    for registration_id in ids:
        decided = secretariat.post(
            f"{API}/registrations/{registration_id}/decision",
            {"decision": "approve"},
            content_type="application/json",
        )
        assert decided.json()["status"] == "APPROVED"
    assert Registration.objects.filter(status="APPROVED").count() == 2
    mine = head.get(f"{API}/registrations/mine").json()
    assert len(mine) == 2


def test_a_delegate_cannot_approve(public_activity, delegate_viet_nam):
    registration = factories.registration(public_activity, delegate_viet_nam)
    response = bearer(delegate_viet_nam).post(
        f"{API}/registrations/{registration.pk}/decision",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_stale_minutes_version_is_a_409(public_activity, secretariat_officer):
    factories.minutes(public_activity, status=Minutes.Status.DRAFT)
    response = bearer(secretariat_officer).post(
        f"{API}/activities/{public_activity.pk}/minutes/versions",
        {"text": "Mine.", "base_version": 0},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["field"] == "base_version"


def test_the_scheduling_assistant_answers_the_secretariat_only(
    secretariat_officer, delegate_viet_nam, framework
):
    query = "duration_minutes=90&first_day=2031-06-09&last_day=2031-06-13"
    proposals = bearer(secretariat_officer).get(f"{API}/scheduling?{query}").json()
    assert proposals
    assert proposals[0]["reasons"]
    assert bearer(delegate_viet_nam).get(f"{API}/scheduling?{query}").status_code == 403
    bad = bearer(secretariat_officer).get(f"{API}/scheduling?duration_minutes=5")
    assert bad.status_code == 422


def test_an_id_beyond_64_bits_in_a_list_is_refused_not_a_server_error(
    secretariat_officer, framework
):
    activity = factories.activity(framework)
    response = bearer(secretariat_officer).patch(
        f"{API}/activities/{activity.pk}", {"topic_ids": [2**63]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "payload.topic_ids.0"


def test_working_hours_with_a_utc_offset_are_refused_not_a_server_error(
    secretariat_officer, framework
):
    query = "working_start=08:00:00%2B07:00&working_end=18:00"
    response = bearer(secretariat_officer).get(f"{API}/scheduling?{query}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.working_start"


def test_a_calendar_feed_is_created_by_api_and_serves_at_once(delegate_viet_nam, framework):
    response = bearer(delegate_viet_nam).post(
        f"{API}/feeds", {"scope": "DELEGATION"}, content_type="application/json"
    )
    assert response.status_code == 201
    url = response.json()["url"]
    assert Client().get(url.removeprefix("http://testserver")).status_code == 200


def test_overdue_actions_by_api(client, framework, public_activity, delegate_viet_nam):
    from cadec.programme.models import ActionItem

    now = timezone.now()
    ActionItem.objects.create(
        activity=public_activity,
        title="Late",
        owner=member_factories.delegation(framework, "VNM"),
        due_date=now.date().replace(year=now.year - 1),
        created_at=now,
        updated_at=now,
    )
    items = bearer(delegate_viet_nam).get(f"{API}/actions?overdue=true").json()
    assert [(i["title"], i["overdue"]) for i in items] == [("Late", True)]
    assert client.get(f"{API}/actions").status_code == 401
