"""Reads of the members module: what each viewer sees, and what nobody finds."""

from datetime import date

import pytest

from cadec.core.errors import NotFound, PermissionDenied
from cadec.members import selectors
from cadec.members.models import Membership
from cadec.members.tests import factories

TODAY = date(2026, 3, 1)


def viewer(user, on: date = TODAY):
    return selectors.viewer_for(user=user, on=on)


def test_the_viewer_holds_only_the_memberships_current_on_its_date(framework, delegate_viet_nam):
    Membership.objects.create(
        user=delegate_viet_nam,
        organisation=factories.delegation(framework, "VNM"),
        role="FOCAL_POINT",
        start_date=date(2026, 6, 1),
        created_at=factories.NOW,
    )
    assert viewer(delegate_viet_nam).roles == {"DELEGATE"}
    assert viewer(delegate_viet_nam, date(2026, 6, 1)).roles == {"DELEGATE", "FOCAL_POINT"}


def test_an_anonymous_viewer_is_built_without_asking_the_database(
    framework, django_assert_num_queries
):
    with django_assert_num_queries(0):
        anonymous = viewer(None)
    assert anonymous.user is None


def test_people_lists_current_members_and_leaves_out_former_ones(
    delegate_viet_nam, delegate_thailand, observer, former_delegate
):
    usernames = [p.username for p in selectors.people(viewer=viewer(delegate_viet_nam))]
    assert sorted(usernames) == ["observer", "tha.delegate", "vnm.delegate"]


def test_people_carries_each_persons_current_roles(delegate_viet_nam, head_viet_nam):
    people = {p.username: p for p in selectors.people(viewer=viewer(delegate_viet_nam))}
    assert [m.role for m in people["vnm.head"].current_memberships] == ["HEAD_OF_DELEGATION"]


def test_people_of_one_organisation(framework, delegate_viet_nam, head_viet_nam, delegate_thailand):
    people = selectors.people(
        viewer=viewer(delegate_thailand), organisation=factories.delegation(framework, "VNM")
    )
    assert sorted(p.username for p in people) == ["vnm.delegate", "vnm.head"]


def test_people_is_refused_to_an_anonymous_viewer(delegate_viet_nam):
    with pytest.raises(PermissionDenied):
        selectors.people(viewer=viewer(None))


def test_people_is_refused_to_a_former_delegate(former_delegate, delegate_viet_nam):
    with pytest.raises(PermissionDenied):
        selectors.people(viewer=viewer(former_delegate))


def test_a_delegate_cannot_find_a_former_member(delegate_viet_nam, former_delegate):
    with pytest.raises(NotFound) as error:
        selectors.get_person(viewer=viewer(delegate_viet_nam), person_id=former_delegate.pk)
    assert error.value.field == "person_id"


def test_the_secretariat_still_finds_a_former_member(secretariat_officer, former_delegate):
    found = selectors.get_person(viewer=viewer(secretariat_officer), person_id=former_delegate.pk)
    assert found == former_delegate


def test_a_missing_person_is_not_found_even_by_the_secretariat(secretariat_officer):
    with pytest.raises(NotFound):
        selectors.get_person(viewer=viewer(secretariat_officer), person_id=999_999)


def _end_and_renew(framework, person) -> None:
    Membership.objects.filter(user=person).update(end_date=date(2024, 1, 1))
    Membership.objects.create(
        user=person,
        organisation=factories.delegation(framework, "THA"),
        role="HEAD_OF_DELEGATION",
        start_date=date(2024, 1, 1),
        created_at=factories.NOW,
    )


def test_another_delegate_sees_only_a_persons_current_memberships(
    framework, delegate_viet_nam, delegate_thailand
):
    _end_and_renew(framework, delegate_thailand)
    seen = selectors.memberships_of(viewer=viewer(delegate_viet_nam), person=delegate_thailand)
    assert [m.role for m in seen] == ["HEAD_OF_DELEGATION"]


def test_a_person_and_the_secretariat_see_the_whole_membership_history(
    framework, delegate_thailand, secretariat_officer
):
    _end_and_renew(framework, delegate_thailand)
    for someone in (delegate_thailand, secretariat_officer):
        seen = selectors.memberships_of(viewer=viewer(someone), person=delegate_thailand)
        assert [m.role for m in seen] == ["HEAD_OF_DELEGATION", "DELEGATE"]


@pytest.mark.parametrize("code", ["VN", "vn", "VNM", "vnm", " VNM "])
def test_a_country_is_found_by_either_iso_code_in_any_case(framework, code):
    assert selectors.get_country(code=code).name == "Viet Nam"


@pytest.mark.parametrize("code", ["XX", "XYZ", "V", "VNMX", ""])
def test_an_unknown_country_code_is_not_found_and_names_the_code(framework, code):
    with pytest.raises(NotFound) as error:
        selectors.get_country(code=code)
    assert error.value.field == "code"
    assert f"“{code.strip().upper()}”" in error.value.message


def test_an_unknown_framework_is_not_found(framework):
    with pytest.raises(NotFound) as error:
        selectors.get_framework(slug="asean-japan")
    assert "asean-japan" in error.value.message


def test_countries_are_listed_by_name(framework):
    names = [c.name for c in selectors.countries()]
    assert names == sorted(names)
    assert names[0] == "Brunei Darussalam"


def test_the_default_framework_is_the_reference_one(framework):
    assert selectors.default_framework() == framework


def test_the_chair_terms_are_in_year_order(framework):
    years = [t.year for t in selectors.chair_terms(framework=framework)]
    assert years == list(range(2015, 2031))


def test_get_membership_is_for_the_secretariat_only(delegate_viet_nam, secretariat_officer):
    membership = delegate_viet_nam.memberships.get()
    with pytest.raises(PermissionDenied):
        selectors.get_membership(viewer=viewer(delegate_viet_nam), membership_id=membership.pk)
    found = selectors.get_membership(
        viewer=viewer(secretariat_officer), membership_id=membership.pk
    )
    assert found == membership
