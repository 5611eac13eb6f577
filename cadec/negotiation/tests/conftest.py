"""Fixtures of the negotiation tests: a small document issued as its zero draft by the chair."""

import pytest

from cadec.negotiation.tests import factories


@pytest.fixture
def document(framework, chair_2020):  # type: ignore[no-untyped-def]
    return factories.document(framework, chair_2020)


@pytest.fixture
def chair(chair_2020):  # type: ignore[no-untyped-def]
    """The chair's viewer on the launch day of 2020, when Viet Nam chairs."""
    return factories.viewer(chair_2020)


@pytest.fixture
def viet_nam(delegate_viet_nam):  # type: ignore[no-untyped-def]
    return factories.viewer(delegate_viet_nam)


@pytest.fixture
def thailand(delegate_thailand):  # type: ignore[no-untyped-def]
    return factories.viewer(delegate_thailand)


@pytest.fixture
def in_2020():  # type: ignore[no-untyped-def]
    """Run HTTP requests as on the launch day of 2020, when chair_2020 holds the ASEAN Chair.

    The pages read the clock at the edges (the middleware builds the viewer for today), so the
    clock is moved there: ``django.utils.timezone.now`` runs from 12 June 2020 02:00 UTC on,
    at the real pace, for the whole process (the live server's threads included).
    """
    from unittest import mock

    from django.utils import timezone

    from cadec.members.tests.factories import NOW

    real_now = timezone.now
    start = real_now()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: NOW + (real_now() - start)):
        yield
