"""The demonstration personas that `cadec up` creates on an empty database."""

from datetime import UTC, datetime

from cadec.members import permissions
from cadec.members.demo import create_personas
from cadec.members.models import User
from cadec.members.selectors import viewer_for


def test_every_role_has_a_persona_with_its_own_password(framework, now):
    created = create_personas(framework=framework, now=now)
    usernames = {persona.username for persona, _password in created}
    assert {"vnm.head", "vnm.delegate", "chair.2020", "secretariat", "observer"} <= usernames
    assert len({password for _persona, password in created}) == len(created)
    secretariat = User.objects.get(username="secretariat")
    assert secretariat.is_staff
    assert secretariat.check_password(dict((p.username, pw) for p, pw in created)["secretariat"])


def test_the_chair_of_the_current_year_gets_a_persona_who_chairs_today(framework):
    today = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    create_personas(framework=framework, now=today)
    chair = User.objects.get(username="chair.2026")
    viewer = viewer_for(user=chair, on=today.date())
    assert permissions.is_chair(viewer)
    assert viewer.memberships[0].organisation.country.iso3 == "PHL"
    assert not permissions.is_chair(
        viewer_for(user=User.objects.get(username="chair.2020"), on=today.date())
    )


def test_no_extra_chair_persona_in_a_year_the_rotation_does_not_name(framework):
    create_personas(framework=framework, now=datetime(2029, 3, 1, tzinfo=UTC))
    assert not User.objects.filter(username="chair.2029").exists()
