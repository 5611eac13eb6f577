"""The programme's writes: who may, what is checked, what is written and audited, all or nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError
from django_tasks_db.models import DBTaskResult

from cadec.core.errors import Conflict, DomainError, PermissionDenied
from cadec.core.models import AuditEvent
from cadec.members.models import Membership, Organisation, Topic
from cadec.members.tests import factories as member_factories
from cadec.programme import services
from cadec.programme.models import (
    ActionItem,
    Activity,
    FeedToken,
    Minutes,
    MinutesVersion,
    Registration,
)
from cadec.programme.tests import factories
from cadec.programme.tests.factories import viewer

START = datetime(2020, 7, 9, 3, 0, tzinfo=UTC)


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def counts() -> tuple[int, int, int]:
    return Activity.objects.count(), Registration.objects.count(), AuditEvent.objects.count()


# Activities


def test_the_secretariat_puts_an_activity_on_the_programme_with_a_room_nobody_can_guess(
    framework, secretariat_officer, now
):
    themes = Topic.objects.filter(framework=framework, code__in=["smart-cities", "retail"])
    viet_nam = member_factories.delegation(framework, "VNM")
    activity = services.create_activity(
        viewer=viewer(secretariat_officer),
        framework=framework,
        title=" Webinar: smart cities ",
        kind=Activity.Kind.WEBINAR,
        visibility=Activity.Visibility.PUBLIC,
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        time_zone="Asia/Singapore",
        topic_ids=[t.pk for t in themes],
        organiser_ids=[viet_nam.pk],
        now=now,
    )
    assert activity.title == "Webinar: smart cities"
    assert set(activity.topics.all()) == set(themes)
    assert list(activity.organisers.all()) == [viet_nam]
    assert activity.room_name.startswith("Cadec")
    assert len(activity.room_name) == 37  # "Cadec" and 128 random bits in hex
    other = factories.activity(framework)
    assert other.room_name != activity.room_name
    assert events("activity.created") == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"kind": "PICNIC"}, "kind"),
        ({"visibility": "SECRET"}, "visibility"),
        ({"ends_at": START}, "ends_at"),
        ({"ends_at": START + timedelta(days=15)}, "ends_at"),
        ({"starts_at": datetime(2020, 7, 9, 3, 0)}, "starts_at"),  # noqa: DTZ001 (naive on purpose)
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"seats_per_delegation": 0}, "seats_per_delegation"),
        ({"topic_ids": [999_999]}, "topic_ids"),
        ({"organiser_ids": ["<secretariat>"]}, "organiser_ids"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    framework, secretariat_officer, now, change, field
):
    if change.get("organiser_ids") == ["<secretariat>"]:
        change = {"organiser_ids": [member_factories.organisation(framework, "SECRETARIAT").pk]}
    arguments = {
        "title": "Webinar",
        "kind": Activity.Kind.WEBINAR,
        "visibility": Activity.Visibility.PUBLIC,
        "starts_at": START,
        "ends_at": START + timedelta(hours=2),
    } | change
    before = counts()
    with pytest.raises(DomainError) as caught:
        services.create_activity(
            viewer=viewer(secretariat_officer), framework=framework, now=now, **arguments
        )
    assert caught.value.field == field
    assert caught.value.message.startswith(f"{field}: ")
    assert counts() == before


@pytest.mark.parametrize(
    "persona", ["delegate_viet_nam", "head_viet_nam", "chair_2020", "observer"]
)
def test_only_the_secretariat_runs_the_programme(request, framework, now, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_activity(
            viewer=viewer(user),
            framework=framework,
            title="Webinar",
            kind=Activity.Kind.WEBINAR,
            visibility=Activity.Visibility.PUBLIC,
            starts_at=START,
            ends_at=START + timedelta(hours=2),
            now=now,
        )
    assert Activity.objects.count() == 0


def test_a_change_calendars_show_raises_the_sequence_and_a_seat_change_does_not(
    public_activity, secretariat_officer, now
):
    secretariat = viewer(secretariat_officer)
    services.update_activity(
        viewer=secretariat, activity=public_activity, seats_per_delegation=3, now=now
    )
    public_activity.refresh_from_db()
    assert (public_activity.seats_per_delegation, public_activity.sequence) == (3, 0)
    services.update_activity(
        viewer=secretariat,
        activity=public_activity,
        starts_at=public_activity.starts_at + timedelta(hours=1),
        ends_at=public_activity.ends_at + timedelta(hours=1),
        now=now,
    )
    public_activity.refresh_from_db()
    assert public_activity.sequence == 1
    assert public_activity.updated_at == now
    assert events("activity.updated") == 2


def test_a_cancelled_activity_stays_on_the_programme_and_can_no_longer_change(
    public_activity, secretariat_officer, now
):
    secretariat = viewer(secretariat_officer)
    services.cancel_activity(viewer=secretariat, activity=public_activity, now=now)
    public_activity.refresh_from_db()
    assert public_activity.is_cancelled
    assert public_activity.sequence == 1
    with pytest.raises(Conflict):
        services.cancel_activity(viewer=secretariat, activity=public_activity, now=now)
    with pytest.raises(Conflict):
        services.update_activity(viewer=secretariat, activity=public_activity, title="X", now=now)
    assert Activity.objects.filter(pk=public_activity.pk).exists()


def test_an_agenda_fills_its_session_and_no_further(public_activity, secretariat_officer, now):
    secretariat = viewer(secretariat_officer)
    session = services.add_session(
        viewer=secretariat,
        activity=public_activity,
        title="Opening",
        starts_at=public_activity.starts_at,
        ends_at=public_activity.starts_at + timedelta(minutes=60),
        now=now,
    )
    viet_nam = member_factories.delegation(public_activity.framework, "VNM")
    first = services.add_agenda_item(
        viewer=secretariat,
        session=session,
        title="Welcome",
        duration_minutes=45,
        speakers=[("Head of Delegation", viet_nam), ("Secretariat officer", None)],
        now=now,
    )
    assert first.position == 1
    assert [s.name for s in first.speakers.order_by("position")] == [
        "Head of Delegation",
        "Secretariat officer",
    ]
    with pytest.raises(DomainError) as caught:
        services.add_agenda_item(
            viewer=secretariat, session=session, title="Too long", duration_minutes=20, now=now
        )
    assert caught.value.field == "duration_minutes"
    assert "15 minutes are left" in caught.value.message
    with pytest.raises(DomainError) as outside:
        services.add_session(
            viewer=secretariat,
            activity=public_activity,
            title="Late",
            starts_at=public_activity.ends_at,
            ends_at=public_activity.ends_at + timedelta(hours=1),
            now=now,
        )
    assert outside.value.field == "starts_at"


# Registration


def test_a_head_of_delegation_registers_two_delegates_and_the_quota_holds(
    framework, public_activity, head_viet_nam, delegate_viet_nam, now
):
    public_activity.seats_per_delegation = 2
    public_activity.save()
    viet_nam = member_factories.delegation(framework, "VNM")
    second = member_factories.person(
        username="vnm.delegate2", organisation=viet_nam, role="DELEGATE"
    )
    third = member_factories.person(
        username="vnm.delegate3", organisation=viet_nam, role="DELEGATE"
    )
    head = viewer(head_viet_nam)
    for person in (delegate_viet_nam, second):
        registration = services.register(
            viewer=head, activity=public_activity, person=person, organisation=viet_nam, now=now
        )
        assert registration.status == Registration.Status.PENDING
        assert registration.registered_by == head_viet_nam
    with pytest.raises(Conflict) as caught:
        services.register(
            viewer=head, activity=public_activity, person=third, organisation=viet_nam, now=now
        )
    assert caught.value.field == "organisation_id"
    assert "2 seats" in caught.value.message
    assert events("registration.submitted") == 2


def test_a_delegate_registers_only_themselves(
    framework, public_activity, delegate_viet_nam, head_viet_nam, now
):
    viet_nam = member_factories.delegation(framework, "VNM")
    with pytest.raises(PermissionDenied):
        services.register(
            viewer=viewer(delegate_viet_nam),
            activity=public_activity,
            person=head_viet_nam,
            organisation=viet_nam,
            now=now,
        )
    own = services.register(
        viewer=viewer(delegate_viet_nam),
        activity=public_activity,
        person=delegate_viet_nam,
        organisation=viet_nam,
        now=now,
    )
    assert own.person == delegate_viet_nam


def test_a_head_cannot_register_another_delegation_s_people(
    framework, public_activity, head_viet_nam, delegate_thailand, now
):
    with pytest.raises(PermissionDenied):
        services.register(
            viewer=viewer(head_viet_nam),
            activity=public_activity,
            person=delegate_thailand,
            organisation=member_factories.delegation(framework, "THA"),
            now=now,
        )
    assert Registration.objects.count() == 0


def test_nobody_registers_for_a_members_only_activity_they_cannot_see(
    framework, members_activity, observer, now
):
    observers = member_factories.organisation(framework, "OBSERVER")
    with pytest.raises(PermissionDenied):
        services.register(
            viewer=viewer(observer),
            activity=members_activity,
            person=observer,
            organisation=observers,
            now=now,
        )


def test_an_invited_observer_may_register_for_a_members_only_activity(
    framework, members_activity, observer, now
):
    observers = member_factories.organisation(framework, "OBSERVER")
    members_activity.invited.add(observers)
    registration = services.register(
        viewer=viewer(observer),
        activity=members_activity,
        person=observer,
        organisation=observers,
        now=now,
    )
    assert registration.organisation == observers


def test_registration_closes_when_the_activity_starts(
    framework, public_activity, delegate_viet_nam
):
    with pytest.raises(Conflict):
        services.register(
            viewer=viewer(delegate_viet_nam),
            activity=public_activity,
            person=delegate_viet_nam,
            organisation=member_factories.delegation(framework, "VNM"),
            now=public_activity.starts_at,
        )


def test_registering_twice_is_a_conflict_naming_the_person(
    framework, public_activity, delegate_viet_nam, now
):
    arguments = {
        "viewer": viewer(delegate_viet_nam),
        "activity": public_activity,
        "person": delegate_viet_nam,
        "organisation": member_factories.delegation(framework, "VNM"),
        "now": now,
    }
    services.register(**arguments)
    with pytest.raises(Conflict) as caught:
        services.register(**arguments)
    assert caught.value.field == "person_id"


def test_the_secretariat_approves_once_and_the_people_concerned_are_told(
    framework,
    public_activity,
    head_viet_nam,
    delegate_viet_nam,
    secretariat_officer,
    now,
    django_capture_on_commit_callbacks,
):
    registration = services.register(
        viewer=viewer(head_viet_nam),
        activity=public_activity,
        person=delegate_viet_nam,
        organisation=member_factories.delegation(framework, "VNM"),
        now=now,
    )
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide_registration(
            viewer=viewer(secretariat_officer),
            registration=registration,
            approve=True,
            note="Welcome.",
            now=now,
        )
    assert decided.status == Registration.Status.APPROVED
    assert decided.decided_by == secretariat_officer
    mails = list(DBTaskResult.objects.order_by("pk"))
    recipients = sorted(m.args_kwargs["kwargs"]["to"][0] for m in mails)
    assert recipients == ["vnm.delegate@example.org", "vnm.head@example.org"]
    assert "Registration approved" in mails[0].args_kwargs["kwargs"]["subject"]
    with pytest.raises(Conflict):
        services.decide_registration(
            viewer=viewer(secretariat_officer), registration=registration, approve=False, now=now
        )
    assert events("registration.approved") == 1


def test_a_delegation_cannot_approve_its_own_registrations(
    framework, public_activity, head_viet_nam, delegate_viet_nam, now
):
    registration = factories.registration(public_activity, delegate_viet_nam)
    with pytest.raises(PermissionDenied):
        services.decide_registration(
            viewer=viewer(head_viet_nam), registration=registration, approve=True, now=now
        )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING


def test_a_withdrawn_registration_frees_its_seat_and_can_be_submitted_again(
    framework, public_activity, delegate_viet_nam, now
):
    public_activity.seats_per_delegation = 1
    public_activity.save()
    viet_nam = member_factories.delegation(framework, "VNM")
    delegate = viewer(delegate_viet_nam)
    registration = services.register(
        viewer=delegate,
        activity=public_activity,
        person=delegate_viet_nam,
        organisation=viet_nam,
        now=now,
    )
    services.withdraw_registration(viewer=delegate, registration=registration, now=now)
    again = services.register(
        viewer=delegate,
        activity=public_activity,
        person=delegate_viet_nam,
        organisation=viet_nam,
        now=now,
    )
    assert again.pk == registration.pk
    assert again.status == Registration.Status.PENDING
    with pytest.raises(PermissionDenied):
        services.withdraw_registration(
            viewer=viewer(
                member_factories.person(
                    username="tha.other",
                    organisation=member_factories.delegation(framework, "THA"),
                    role="DELEGATE",
                )
            ),
            registration=again,
            now=now,
        )


def test_the_roll_call_records_who_attended(
    framework, public_activity, delegate_viet_nam, delegate_thailand, secretariat_officer
):
    present = factories.registration(public_activity, delegate_viet_nam, status="APPROVED")
    absent = factories.registration(public_activity, delegate_thailand, status="APPROVED")
    pending = factories.registration(
        public_activity,
        member_factories.person(
            username="sgp.delegate",
            organisation=member_factories.delegation(framework, "SGP"),
            role="DELEGATE",
        ),
    )
    secretariat = viewer(secretariat_officer)
    with pytest.raises(Conflict):
        services.record_attendance(
            viewer=secretariat,
            activity=public_activity,
            attendance={present.pk: "PRESENT"},
            now=public_activity.starts_at - timedelta(hours=2),
        )
    with pytest.raises(DomainError) as caught:
        services.record_attendance(
            viewer=secretariat,
            activity=public_activity,
            attendance={pending.pk: "PRESENT"},
            now=public_activity.starts_at,
        )
    assert caught.value.field == "attendance"
    recorded = services.record_attendance(
        viewer=secretariat,
        activity=public_activity,
        attendance={present.pk: "PRESENT", absent.pk: "ABSENT"},
        now=public_activity.starts_at,
    )
    assert recorded == 2
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.attendance, absent.attendance) == ("PRESENT", "ABSENT")
    assert events("attendance.recorded") == 1


# Statements


def test_a_head_of_delegation_attaches_a_minister_s_statement_in_vietnamese(
    framework, public_activity, head_viet_nam, now
):
    statement = services.add_statement(
        viewer=viewer(head_viet_nam),
        activity=public_activity,
        organisation=member_factories.delegation(framework, "VNM"),
        kind="MINISTERS_STATEMENT",
        title="Phát biểu của Bộ trưởng",
        language="vi",
        body="Nội dung.",
        now=now,
    )
    assert (statement.language, statement.organisation.country.iso3) == ("vi", "VNM")
    assert events("statement.added") == 1


def test_a_delegate_cannot_speak_for_another_delegation(
    framework, public_activity, head_viet_nam, now
):
    with pytest.raises(PermissionDenied):
        services.add_statement(
            viewer=viewer(head_viet_nam),
            activity=public_activity,
            organisation=member_factories.delegation(framework, "THA"),
            kind="STATEMENT",
            title="Statement",
            language="th",
            body="Text.",
            now=now,
        )


def test_a_statement_in_an_unknown_language_is_refused(
    framework, public_activity, secretariat_officer, now
):
    with pytest.raises(DomainError) as caught:
        services.add_statement(
            viewer=viewer(secretariat_officer),
            activity=public_activity,
            organisation=member_factories.delegation(framework, "THA"),
            kind="STATEMENT",
            title="Statement",
            language="xx",
            body="Text.",
            now=now,
        )
    assert caught.value.field == "language"


# Minutes


def test_minutes_are_drafted_circulated_corrected_and_approved_with_every_version_kept(
    framework,
    public_activity,
    secretariat_officer,
    delegate_viet_nam,
    delegate_thailand,
    now,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.CADEC_SITE_URL = "https://cadec.example.org"
    factories.registration(public_activity, delegate_viet_nam, status="APPROVED")
    secretariat = viewer(secretariat_officer)
    first = services.draft_minutes(
        viewer=secretariat, activity=public_activity, text="Draft.", base_version=0, now=now
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_minutes(viewer=secretariat, activity=public_activity, now=now)
    mails = list(DBTaskResult.objects.all())
    assert [m.args_kwargs["kwargs"]["to"] for m in mails] == [["vnm.delegate@example.org"]]
    assert "Minutes for your corrections" in mails[0].args_kwargs["kwargs"]["subject"]
    # The worker sends it with no request at hand: the link carries the site's own address.
    minutes_link = f"https://cadec.example.org/programme/activities/{public_activity.pk}/minutes/"
    assert f"\n{minutes_link}" in mails[0].args_kwargs["kwargs"]["body"]

    with pytest.raises(PermissionDenied):  # the Thai delegate did not attend
        services.correct_minutes(
            viewer=viewer(delegate_thailand), activity=public_activity, text="No.", now=now
        )
    correction = services.correct_minutes(
        viewer=viewer(delegate_viet_nam),
        activity=public_activity,
        text="Item 2: say “welcomed”.",
        now=now,
    )
    assert correction.version == first

    second = services.draft_minutes(
        viewer=secretariat,
        activity=public_activity,
        text="Draft, corrected.",
        note="Viet Nam's correction",
        base_version=1,
        now=now,
    )
    with pytest.raises(Conflict) as stale:
        services.approve_minutes(viewer=secretariat, activity=public_activity, version=1, now=now)
    assert stale.value.field == "version"
    minutes = services.approve_minutes(
        viewer=secretariat, activity=public_activity, version=2, now=now
    )
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_version == second == minutes.current_version
    assert list(MinutesVersion.objects.order_by("number").values_list("text", flat=True)) == [
        "Draft.",
        "Draft, corrected.",
    ]
    with pytest.raises(Conflict):
        services.draft_minutes(
            viewer=secretariat, activity=public_activity, text="Later.", base_version=2, now=now
        )
    with pytest.raises(Conflict):
        services.approve_minutes(viewer=secretariat, activity=public_activity, version=2, now=now)
    assert events("minutes.approved") == 1


def test_a_draft_on_a_stale_version_is_refused_and_nothing_is_overwritten(
    public_activity, secretariat_officer, now
):
    secretariat = viewer(secretariat_officer)
    services.draft_minutes(
        viewer=secretariat, activity=public_activity, text="Mine.", base_version=0, now=now
    )
    with pytest.raises(Conflict) as caught:
        services.draft_minutes(
            viewer=secretariat, activity=public_activity, text="Theirs.", base_version=0, now=now
        )
    assert caught.value.field == "base_version"
    assert list(MinutesVersion.objects.values_list("text", flat=True)) == ["Mine."]


def test_minutes_cannot_be_approved_without_being_circulated(
    public_activity, secretariat_officer, now
):
    secretariat = viewer(secretariat_officer)
    services.draft_minutes(
        viewer=secretariat, activity=public_activity, text="Draft.", base_version=0, now=now
    )
    with pytest.raises(Conflict):
        services.approve_minutes(viewer=secretariat, activity=public_activity, version=1, now=now)


def test_a_minutes_version_is_immutable(public_activity, secretariat_officer, now):
    version = services.draft_minutes(
        viewer=viewer(secretariat_officer),
        activity=public_activity,
        text="Draft.",
        base_version=0,
        now=now,
    )
    version.text = "Rewritten."
    with pytest.raises(ValueError, match="immutable"):
        version.save()


def test_the_database_allows_one_version_of_each_number(public_activity, secretariat_officer, now):
    version = services.draft_minutes(
        viewer=viewer(secretariat_officer),
        activity=public_activity,
        text="Draft.",
        base_version=0,
        now=now,
    )
    with pytest.raises(IntegrityError):
        MinutesVersion.objects.create(
            minutes=version.minutes, number=1, text="Twin.", created_at=now
        )


# Outcomes and action items


def test_overdue_action_items_are_open_ones_past_their_due_date(
    framework, public_activity, secretariat_officer, head_viet_nam, now
):
    secretariat = viewer(secretariat_officer)
    outcome = services.add_outcome(
        viewer=secretariat, activity=public_activity, text="Share practices.", now=now
    )
    viet_nam = member_factories.delegation(framework, "VNM")
    item = services.add_action_item(
        viewer=secretariat,
        activity=public_activity,
        title="Send two case studies",
        owner=viet_nam,
        due_date=date(2020, 7, 1),
        outcome=outcome,
        now=now,
    )
    assert item.is_overdue(date(2020, 7, 2))
    assert not item.is_overdue(date(2020, 7, 1))
    done = services.update_action_item(
        viewer=viewer(head_viet_nam), action=item, status="DONE", now=now
    )
    assert done.completed_at == now
    assert not done.is_overdue(date(2020, 7, 2))
    with pytest.raises(DomainError) as caught:
        services.update_action_item(viewer=secretariat, action=item, status="LOST", now=now)
    assert caught.value.field == "status"


def test_an_action_belongs_to_a_member_delegation(
    framework, public_activity, secretariat_officer, now
):
    with pytest.raises(DomainError) as caught:
        services.add_action_item(
            viewer=viewer(secretariat_officer),
            activity=public_activity,
            title="Something",
            owner=member_factories.organisation(framework, "OBSERVER"),
            due_date=date(2020, 7, 1),
            now=now,
        )
    assert caught.value.field == "owner_id"
    assert ActionItem.objects.count() == 0


def test_another_delegation_cannot_update_an_action(
    framework, public_activity, delegate_thailand, now
):
    item = ActionItem.objects.create(
        activity=public_activity,
        title="Viet Nam's action",
        owner=member_factories.delegation(framework, "VNM"),
        due_date=date(2020, 7, 1),
        created_at=now,
        updated_at=now,
    )
    with pytest.raises(PermissionDenied):
        services.update_action_item(
            viewer=viewer(delegate_thailand), action=item, status="DONE", now=now
        )


# Calendar feeds


def test_a_new_feed_link_replaces_the_old_one(delegate_viet_nam, now):
    delegate = viewer(delegate_viet_nam)
    first = services.create_feed_token(viewer=delegate, scope="PERSON", now=now)
    second = services.create_feed_token(viewer=delegate, scope="PERSON", now=now)
    first.refresh_from_db()
    assert first.revoked_at == now
    assert second.revoked_at is None
    assert second.membership == Membership.objects.get(user=delegate_viet_nam)


def test_a_delegation_feed_needs_a_delegation(secretariat_officer, now):
    with pytest.raises(DomainError) as caught:
        services.create_feed_token(
            viewer=viewer(secretariat_officer), scope=FeedToken.Scope.DELEGATION, now=now
        )
    assert caught.value.field == "scope"


def test_people_without_a_current_membership_have_no_feeds(former_delegate, now):
    with pytest.raises(PermissionDenied):
        services.create_feed_token(viewer=viewer(former_delegate), scope="PERSON", now=now)
    assert not Organisation.objects.filter(memberships__feed_tokens__isnull=False).exists()


def test_the_decision_e_mail_is_in_the_person_s_language_and_zone_with_a_full_link(
    framework,
    public_activity,
    delegate_viet_nam,
    secretariat_officer,
    now,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.CADEC_SITE_URL = "https://cadec.example.org"
    delegate_viet_nam.time_zone = "Asia/Yangon"
    delegate_viet_nam.save()
    registration = factories.registration(public_activity, delegate_viet_nam)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_registration(
            viewer=viewer(secretariat_officer), registration=registration, approve=False, now=now
        )
    mail = DBTaskResult.objects.get().args_kwargs["kwargs"]
    assert mail["subject"].startswith("Registration declined")
    assert "12 Jun 2031, 08:30 (Asia/Yangon)" in mail["body"]
    assert f"\nhttps://cadec.example.org/programme/activities/{public_activity.pk}/" in mail["body"]
