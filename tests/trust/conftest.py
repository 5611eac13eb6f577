"""Fixtures shared by the fault tests that run a live CADEC installation (C1, C2)."""

import pytest

from tests.trust import live_writes


@pytest.fixture(scope="session")
def negotiation_template(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A migrated, seeded data directory (one document, API tokens, a signing key), made once
    per session; each test copies it into a data directory of its own."""
    return live_writes.seed_template(tmp_path_factory.mktemp("negotiation-template"))
