"""Shared fixtures: the reference framework and one persona for every role."""

import os
from collections.abc import Callable
from datetime import date, datetime

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from cadec.members.tests import factories
from cadec.members.tests.factories import NOW

# Playwright's sync API runs an event loop in the test thread; the ORM there is still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def framework(db):  # type: ignore[no-untyped-def]
    from cadec.members.reference import load_reference_configuration

    return load_reference_configuration(now=NOW)


@pytest.fixture
def delegation(framework) -> Callable:  # type: ignore[no-untyped-def]
    return lambda iso3: factories.delegation(framework, iso3)


def _make(framework, username: str, iso3_or_kind: str, role: str, **kwargs):  # type: ignore[no-untyped-def]
    organisation = (
        factories.delegation(framework, iso3_or_kind)
        if len(iso3_or_kind) == 3
        else factories.organisation(framework, iso3_or_kind)
    )
    return factories.person(username=username, organisation=organisation, role=role, **kwargs)


@pytest.fixture
def delegate_viet_nam(framework):  # type: ignore[no-untyped-def]
    return _make(framework, "vnm.delegate", "VNM", "DELEGATE")


@pytest.fixture
def head_viet_nam(framework):  # type: ignore[no-untyped-def]
    return _make(framework, "vnm.head", "VNM", "HEAD_OF_DELEGATION")


@pytest.fixture
def delegate_thailand(framework):  # type: ignore[no-untyped-def]
    return _make(framework, "tha.delegate", "THA", "DELEGATE")


@pytest.fixture
def chair_2020(framework):  # type: ignore[no-untyped-def]
    return _make(framework, "chair.2020", "VNM", "CHAIR")


@pytest.fixture
def secretariat_officer(framework):  # type: ignore[no-untyped-def]
    user = _make(framework, "secretariat", "SECRETARIAT", "SECRETARIAT", time_zone="Asia/Jakarta")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    from cadec.members.demo import secretariat_group

    user.groups.add(secretariat_group())
    return user


@pytest.fixture
def observer(framework):  # type: ignore[no-untyped-def]
    return _make(framework, "observer", "OBSERVER", "OBSERVER", time_zone="UTC")


@pytest.fixture
def former_delegate(framework):  # type: ignore[no-untyped-def]
    """A delegate whose only membership ended before today."""
    return _make(
        framework,
        "former.delegate",
        "IDN",
        "DELEGATE",
        start_date=date(2019, 1, 1),
        end_date=date(2020, 1, 1),
    )


def sign_in(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    """Sign ``user`` in, passing the second factor where their role requires it."""
    client.force_login(user)
    device = factories.totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(client) -> Callable:  # type: ignore[no-untyped-def]
    return lambda user: sign_in(client, user)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    # PBKDF2's deliberate slowness protects stored passwords, not test runs.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The negotiation log's signing key: one per test session, never the installation's.
    settings.CADEC_SIGNING_KEY_FILE = tmp_path_factory.getbasetemp() / "signing-key.pem"
    # Tests do not run collectstatic, so static URLs come without the manifest's hashes.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
