"""Writes of the members module: each checks, writes and audits, or writes nothing at all."""

from datetime import date, timedelta

import pytest

from cadec.core.errors import Conflict, DomainError, PermissionDenied
from cadec.core.models import AuditEvent
from cadec.members import selectors, services
from cadec.members.models import ApiToken, Membership, User
from cadec.members.tests import factories

TODAY = date(2020, 6, 12)


def viewer(user, on: date = TODAY):
    return selectors.viewer_for(user=user, on=on)


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def register(secretariat_officer, framework, now):
    """Register a person as the Secretariat, with sensible defaults for every field."""

    def _register(**overrides):
        fields = {
            "viewer": viewer(secretariat_officer),
            "username": "vnm.newcomer",
            "email": "newcomer@example.org",
            "display_name": "  Nguyễn Văn A ",
            "organisation": factories.delegation(framework, "VNM"),
            "role": "DELEGATE",
            "start_date": TODAY,
            "now": now,
        }
        return services.register_person(**{**fields, **overrides})

    return _register


# register_person


def test_registering_a_person_gives_them_their_countrys_time_zone(register):
    person = register()
    assert person.time_zone == "Asia/Ho_Chi_Minh"
    assert person.display_name == "Nguyễn Văn A"
    membership = person.memberships.get()
    assert (membership.role, membership.organisation.country.iso3) == ("DELEGATE", "VNM")
    assert (membership.start_date, membership.end_date) == (TODAY, None)


def test_a_person_registered_for_myanmar_lives_on_yangon_time(register, framework):
    person = register(organisation=factories.delegation(framework, "MMR"))
    assert person.time_zone == "Asia/Yangon"


def test_a_person_of_the_secretariat_defaults_to_utc(register, framework):
    person = register(
        organisation=factories.organisation(framework, "SECRETARIAT"), role="SECRETARIAT"
    )
    assert person.time_zone == "UTC"


def test_a_chosen_time_zone_wins_over_the_countrys(register, framework):
    person = register(
        organisation=factories.delegation(framework, "IDN"), time_zone="Asia/Jayapura"
    )
    assert person.time_zone == "Asia/Jayapura"


def test_a_person_registered_without_a_password_cannot_sign_in_with_one(register):
    person = register()
    assert not person.has_usable_password()


def test_a_person_registered_with_a_good_password_can_use_it(register):
    person = register(password=factories.PASSWORD)
    assert person.check_password(factories.PASSWORD)


def test_registering_writes_two_events_the_person_and_the_membership(
    register, secretariat_officer, now
):
    before = AuditEvent.objects.count()
    person = register()
    events = AuditEvent.objects.order_by("pk")[before:]
    assert [(e.action, e.object_type) for e in events] == [
        ("person.registered", "members.user"),
        ("membership.added", "members.membership"),
    ]
    assert {e.actor_id for e in events} == {secretariat_officer.pk}
    assert {e.at for e in events} == {now}
    assert events[0].object_id == str(person.pk)
    assert events[1].object_id == str(person.memberships.get().pk)


@pytest.mark.parametrize(
    "persona", ["delegate_viet_nam", "head_viet_nam", "chair_2020", "observer"]
)
def test_only_the_secretariat_registers_people(request, register, persona):
    someone = viewer(request.getfixturevalue(persona))
    before = counts()
    with pytest.raises(PermissionDenied):
        register(viewer=someone)
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"time_zone": "Asia/Saigon_Typo"}, "time_zone"),
        ({"time_zone": "GMT+7"}, "time_zone"),
        ({"language": "klingon"}, "language"),
        ({"username": "   "}, "username"),
        ({"username": "VNM.DELEGATE"}, "username"),
        ({"end_date": TODAY}, "end_date"),
        ({"end_date": TODAY - timedelta(days=1)}, "end_date"),
        ({"role": "PRESIDENT"}, "role"),
        ({"password": "short"}, "password"),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_written(register, delegate_viet_nam, overrides, field):
    before = counts()
    with pytest.raises(DomainError) as error:
        register(**overrides)
    assert error.value.field == field
    assert error.value.message.startswith(f"{field}: ")
    assert counts() == before
    assert not User.objects.filter(username="vnm.newcomer").exists()


def test_a_taken_user_name_is_a_conflict_whatever_its_case(register, delegate_viet_nam):
    with pytest.raises(Conflict) as error:
        register(username="Vnm.Delegate")
    assert "Vnm.Delegate" in error.value.message
    assert error.value.status == 409


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        ("SECRETARIAT", "DELEGATE"),
        ("SECRETARIAT", "HEAD_OF_DELEGATION"),
        ("OBSERVER", "CHAIR"),
        ("OBSERVER", "FOCAL_POINT"),
        ("OBSERVER", "SECRETARIAT"),
    ],
)
def test_a_role_that_does_not_fit_the_organisation_is_refused(register, framework, kind, role):
    before = counts()
    with pytest.raises(DomainError) as error:
        register(organisation=factories.organisation(framework, kind), role=role)
    assert error.value.field == "role"
    assert counts() == before


def test_a_secretariat_role_in_a_delegation_is_refused(register):
    with pytest.raises(DomainError) as error:
        register(role="SECRETARIAT")
    assert error.value.field == "role"
    assert "Secretariat" in error.value.message


# add_membership


def test_adding_a_membership_writes_one_event(
    framework, secretariat_officer, delegate_viet_nam, now
):
    before = AuditEvent.objects.count()
    membership = services.add_membership(
        viewer=viewer(secretariat_officer),
        person=delegate_viet_nam,
        organisation=factories.delegation(framework, "VNM"),
        role="FOCAL_POINT",
        start_date=date(2020, 7, 1),
        end_date=date(2021, 1, 1),
        now=now,
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.object_id) == ("membership.added", str(membership.pk))
    assert event.data["end_date"] == "2021-01-01"
    assert delegate_viet_nam.memberships.count() == 2


def test_a_delegate_cannot_give_themselves_a_role(framework, delegate_viet_nam, now):
    before = counts()
    with pytest.raises(PermissionDenied):
        services.add_membership(
            viewer=viewer(delegate_viet_nam),
            person=delegate_viet_nam,
            organisation=factories.delegation(framework, "VNM"),
            role="HEAD_OF_DELEGATION",
            start_date=TODAY,
            now=now,
        )
    assert counts() == before


def test_a_delegation_role_outside_a_delegation_is_refused(
    framework, secretariat_officer, delegate_viet_nam, now
):
    before = counts()
    with pytest.raises(DomainError) as error:
        services.add_membership(
            viewer=viewer(secretariat_officer),
            person=delegate_viet_nam,
            organisation=factories.organisation(framework, "SECRETARIAT"),
            role="DELEGATE",
            start_date=TODAY,
            now=now,
        )
    assert error.value.field == "role"
    assert "ASEAN Secretariat" in error.value.message
    assert counts() == before


def test_the_same_role_from_the_same_day_twice_is_a_conflict(
    framework, secretariat_officer, delegate_viet_nam, now
):
    before = counts()
    with pytest.raises(Conflict):
        services.add_membership(
            viewer=viewer(secretariat_officer),
            person=delegate_viet_nam,
            organisation=factories.delegation(framework, "VNM"),
            role="DELEGATE",
            start_date=date(2020, 1, 1),
            now=now,
        )
    assert counts() == before


# end_membership


def test_an_ended_membership_ends_access_from_its_end_date(
    secretariat_officer, delegate_viet_nam, now
):
    membership = delegate_viet_nam.memberships.get()
    before = AuditEvent.objects.count()
    services.end_membership(
        viewer=viewer(secretariat_officer),
        membership=membership,
        end_date=date(2020, 7, 1),
        now=now,
    )
    membership.refresh_from_db()
    assert membership.end_date == date(2020, 7, 1)
    assert viewer(delegate_viet_nam, date(2020, 6, 30)).memberships
    assert not viewer(delegate_viet_nam, date(2020, 7, 1)).memberships
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == "membership.ended"


def test_a_membership_can_be_brought_forward_but_not_pushed_back(
    secretariat_officer, delegate_viet_nam, now
):
    membership = delegate_viet_nam.memberships.get()
    secretariat = viewer(secretariat_officer)
    services.end_membership(
        viewer=secretariat, membership=membership, end_date=date(2020, 9, 1), now=now
    )
    services.end_membership(
        viewer=secretariat, membership=membership, end_date=date(2020, 8, 1), now=now
    )
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict) as error:
        services.end_membership(
            viewer=secretariat, membership=membership, end_date=date(2020, 8, 1), now=now
        )
    assert error.value.field == "end_date"
    membership.refresh_from_db()
    assert membership.end_date == date(2020, 8, 1)
    assert AuditEvent.objects.count() == before


def test_a_membership_cannot_end_before_it_starts(secretariat_officer, delegate_viet_nam, now):
    membership = delegate_viet_nam.memberships.get()
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as error:
        services.end_membership(
            viewer=viewer(secretariat_officer),
            membership=membership,
            end_date=membership.start_date,
            now=now,
        )
    assert error.value.field == "end_date"
    membership.refresh_from_db()
    assert membership.end_date is None
    assert AuditEvent.objects.count() == before


def test_a_head_of_delegation_cannot_end_a_delegates_membership(
    head_viet_nam, delegate_viet_nam, now
):
    membership = delegate_viet_nam.memberships.get()
    with pytest.raises(PermissionDenied):
        services.end_membership(
            viewer=viewer(head_viet_nam), membership=membership, end_date=TODAY, now=now
        )
    membership.refresh_from_db()
    assert membership.end_date is None


# update_preferences


def test_a_person_changes_their_language_and_time_zone_with_one_event(delegate_viet_nam, now):
    before = AuditEvent.objects.count()
    services.update_preferences(
        user=delegate_viet_nam, language="vi", time_zone="Asia/Bangkok", now=now
    )
    delegate_viet_nam.refresh_from_db()
    assert (delegate_viet_nam.language, delegate_viet_nam.time_zone) == ("vi", "Asia/Bangkok")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor_id) == ("person.preferences_changed", delegate_viet_nam.pk)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"time_zone": "Mars/Olympus_Mons"}, "time_zone"), ({"language": "tlh"}, "language")],
)
def test_an_unknown_preference_is_refused_and_nothing_changes(
    delegate_viet_nam, now, change, field
):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as error:
        services.update_preferences(user=delegate_viet_nam, now=now, **change)
    assert error.value.field == field
    delegate_viet_nam.refresh_from_db()
    assert (delegate_viet_nam.language, delegate_viet_nam.time_zone) == ("en", "Asia/Ho_Chi_Minh")
    assert AuditEvent.objects.count() == before


# API tokens


def test_a_token_is_returned_once_and_only_its_hash_is_stored(delegate_viet_nam, now):
    before = AuditEvent.objects.count()
    token, raw = services.create_api_token(viewer=viewer(delegate_viet_nam), name=" cli ", now=now)
    assert raw.startswith("cadec_")
    assert token.name == "cli"
    assert token.prefix == raw[:12]
    assert raw not in token.key_hash
    assert token.expires_at == now + timedelta(days=90)
    assert AuditEvent.objects.count() == before + 1


def test_a_token_lives_between_an_hour_and_a_year(delegate_viet_nam, now):
    for lifetime in (timedelta(minutes=59), timedelta(days=367)):
        with pytest.raises(DomainError) as error:
            services.create_api_token(
                viewer=viewer(delegate_viet_nam), name="cli", now=now, lifetime=lifetime
            )
        assert error.value.field == "expires_in_days"
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name(delegate_viet_nam, now):
    with pytest.raises(DomainError) as error:
        services.create_api_token(viewer=viewer(delegate_viet_nam), name="  ", now=now)
    assert error.value.field == "name"


def test_a_former_delegate_cannot_create_a_token(former_delegate, now):
    with pytest.raises(PermissionDenied):
        services.create_api_token(viewer=viewer(former_delegate), name="cli", now=now)
    assert not ApiToken.objects.exists()


def test_revoking_a_token_writes_one_event_and_revoking_again_writes_none(delegate_viet_nam, now):
    vietnamese = viewer(delegate_viet_nam)
    token, _raw = services.create_api_token(viewer=vietnamese, name="cli", now=now)
    before = AuditEvent.objects.count()
    services.revoke_api_token(viewer=vietnamese, token_id=token.pk, now=now)
    later = now + timedelta(hours=1)
    services.revoke_api_token(viewer=vietnamese, token_id=token.pk, now=later)
    token.refresh_from_db()
    assert token.revoked_at == now
    assert AuditEvent.objects.count() == before + 1


def test_a_delegate_cannot_revoke_another_delegates_token(
    delegate_viet_nam, delegate_thailand, now
):
    token, _raw = services.create_api_token(viewer=viewer(delegate_thailand), name="cli", now=now)
    with pytest.raises(PermissionDenied):
        services.revoke_api_token(viewer=viewer(delegate_viet_nam), token_id=token.pk, now=now)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_secretariat_can_revoke_anyones_token(delegate_thailand, secretariat_officer, now):
    token, _raw = services.create_api_token(viewer=viewer(delegate_thailand), name="cli", now=now)
    services.revoke_api_token(viewer=viewer(secretariat_officer), token_id=token.pk, now=now)
    token.refresh_from_db()
    assert token.revoked_at == now


def test_a_token_authenticates_its_owner_until_it_expires(delegate_viet_nam, now):
    _token, raw = services.create_api_token(
        viewer=viewer(delegate_viet_nam), name="cli", now=now, lifetime=timedelta(days=1)
    )
    assert services.authenticate_api_token(raw=raw, now=now).user == delegate_viet_nam
    with pytest.raises(services.TokenRejected, match="expired"):
        services.authenticate_api_token(raw=raw, now=now + timedelta(days=1))


def test_a_token_dies_with_its_owners_membership(secretariat_officer, delegate_viet_nam, now):
    _token, raw = services.create_api_token(viewer=viewer(delegate_viet_nam), name="cli", now=now)
    services.end_membership(
        viewer=viewer(secretariat_officer),
        membership=delegate_viet_nam.memberships.get(),
        end_date=TODAY,
        now=now,
    )
    with pytest.raises(services.TokenRejected, match="membership"):
        services.authenticate_api_token(raw=raw, now=now)


def test_an_unknown_token_is_rejected(framework, now):
    with pytest.raises(services.TokenRejected) as error:
        services.authenticate_api_token(raw="cadec_not-a-token", now=now)
    assert error.value.status == 401
