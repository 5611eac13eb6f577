"""Who may do what: the pure predicates, over viewers built the way requests build them."""

from datetime import date

import pytest

from cadec.members import permissions, selectors
from cadec.members.models import Country, Participation
from cadec.members.permissions import Viewer

IN_2020 = date(2020, 6, 12)
IN_2021 = date(2021, 3, 1)
TODAY = date(2026, 3, 1)


def viewer(user, on: date = TODAY) -> Viewer:
    return selectors.viewer_for(user=user, on=on)


@pytest.mark.parametrize(
    ("persona", "needs_mfa"),
    [
        ("head_viet_nam", True),
        ("chair_2020", True),
        ("secretariat_officer", True),
        ("delegate_viet_nam", False),
        ("delegate_thailand", False),
        ("observer", False),
    ],
)
def test_heads_chairs_and_the_secretariat_need_a_second_factor(request, persona, needs_mfa):
    user = request.getfixturevalue(persona)
    assert permissions.requires_mfa(viewer(user)) is needs_mfa


def test_an_administrator_needs_a_second_factor_without_any_membership(framework):
    from cadec.members.models import User

    admin = User.objects.create_superuser(username="root", password="x" * 16)
    assert permissions.requires_mfa(viewer(admin))
    assert permissions.has_access(viewer(admin))


def test_the_viet_nam_chair_is_chair_in_2020(chair_2020):
    assert permissions.is_chair(viewer(chair_2020, IN_2020))


def test_the_viet_nam_chair_is_no_longer_chair_in_2021_when_brunei_chairs(chair_2020):
    in_2021 = viewer(chair_2020, IN_2021)
    assert in_2021.roles == {"CHAIR"}
    assert not permissions.is_chair(in_2021)


def test_the_chair_hands_over_between_new_years_eve_and_new_years_day(chair_2020):
    assert permissions.is_chair(viewer(chair_2020, date(2020, 12, 31)))
    assert not permissions.is_chair(viewer(chair_2020, date(2021, 1, 1)))


def test_a_head_of_delegation_of_the_chair_country_is_not_the_chair(head_viet_nam):
    assert not permissions.is_chair(viewer(head_viet_nam, IN_2020))


def test_a_chair_membership_in_a_year_without_a_known_chair_is_no_chair(chair_2020):
    assert not permissions.is_chair(viewer(chair_2020, date(2029, 6, 1)))


def test_an_anonymous_viewer_has_no_access_and_no_roles(framework):
    anonymous = viewer(None)
    assert not anonymous.is_authenticated
    assert anonymous.roles == frozenset()
    assert not permissions.has_access(anonymous)
    assert not permissions.can_view_people(anonymous)
    assert not permissions.requires_mfa(anonymous)


def test_a_former_delegate_has_no_access(former_delegate):
    assert not permissions.has_access(viewer(former_delegate))
    assert permissions.has_access(viewer(former_delegate, date(2019, 12, 31)))


def test_access_ends_on_the_exclusive_end_date(former_delegate):
    assert not permissions.has_access(viewer(former_delegate, date(2020, 1, 1)))


def test_access_begins_on_the_start_date(delegate_viet_nam):
    assert not permissions.has_access(viewer(delegate_viet_nam, date(2019, 12, 31)))
    assert permissions.has_access(viewer(delegate_viet_nam, date(2020, 1, 1)))


@pytest.mark.parametrize(
    ("persona", "manages"),
    [
        ("secretariat_officer", True),
        ("head_viet_nam", False),
        ("chair_2020", False),
        ("delegate_viet_nam", False),
        ("observer", False),
    ],
)
def test_only_the_secretariat_manages_members(request, persona, manages):
    user = request.getfixturevalue(persona)
    assert permissions.can_manage_members(viewer(user)) is manages
    assert permissions.is_secretariat(viewer(user)) is manages


def test_every_current_member_sees_the_people_including_observers(observer, delegate_viet_nam):
    assert permissions.can_view_people(viewer(observer))
    assert permissions.can_view_people(viewer(delegate_viet_nam))


def test_a_person_sees_their_own_membership_history_but_not_another_delegates(
    delegate_viet_nam, delegate_thailand, secretariat_officer
):
    vietnamese = viewer(delegate_viet_nam)
    assert permissions.can_see_membership_history(vietnamese, person=delegate_viet_nam)
    assert not permissions.can_see_membership_history(vietnamese, person=delegate_thailand)
    assert permissions.can_see_membership_history(
        viewer(secretariat_officer), person=delegate_thailand
    )


def test_a_delegate_speaks_for_their_own_delegation_only(delegate_viet_nam):
    vietnamese = viewer(delegate_viet_nam)
    assert permissions.is_delegation_of(vietnamese, country=Country.objects.get(iso3="VNM"))
    assert not permissions.is_delegation_of(vietnamese, country=Country.objects.get(iso3="THA"))


def test_the_secretariat_speaks_for_no_delegation(secretariat_officer):
    assert viewer(secretariat_officer).delegation_country_ids == frozenset()


def test_an_observer_participation_never_counts_for_consensus(framework):
    thailand = Participation.objects.get(framework=framework, country__iso3="THA")
    assert permissions.counts_for_consensus(thailand, on=TODAY)
    thailand.kind = Participation.Kind.OBSERVER
    assert not permissions.counts_for_consensus(thailand, on=TODAY)


def test_a_participation_counts_only_within_its_period(framework):
    timor_leste = Participation.objects.get(framework=framework, country__iso3="TLS")
    assert not permissions.counts_for_consensus(timor_leste, on=date(2025, 10, 25))
    assert permissions.counts_for_consensus(timor_leste, on=date(2025, 10, 26))
    timor_leste.end_date = date(2030, 1, 1)
    assert not permissions.counts_for_consensus(timor_leste, on=date(2030, 1, 1))


def test_no_participation_never_counts():
    assert not permissions.counts_for_consensus(None, on=TODAY)
