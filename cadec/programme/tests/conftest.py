"""Fixtures of the programme tests: activities on the reference framework."""

import pytest

from cadec.members.tests import factories as member_factories
from cadec.programme.models import Activity
from cadec.programme.tests import factories


@pytest.fixture
def public_activity(framework):  # type: ignore[no-untyped-def]
    return factories.activity(framework, topics=["smart-cities", "transportation"])


@pytest.fixture
def members_activity(framework):  # type: ignore[no-untyped-def]
    return factories.activity(
        framework,
        title="Senior officials' meeting",
        kind=Activity.Kind.SENIOR_OFFICIALS_MEETING,
        visibility=Activity.Visibility.MEMBERS,
    )


@pytest.fixture
def observers(framework):  # type: ignore[no-untyped-def]
    return member_factories.organisation(framework, "OBSERVER")
