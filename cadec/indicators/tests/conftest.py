"""Fixtures of the indicators tests: the reference data imported, as `cadec up` imports it."""

import pytest

from cadec.indicators import services
from cadec.members.tests.factories import NOW


@pytest.fixture
def reference_data(framework):  # type: ignore[no-untyped-def]
    """wdi_digital.csv imported from the command line into the reference configuration."""
    return services.import_observations(
        path_or_file=services.REFERENCE_FILE,
        name=services.REFERENCE_FILE.name,
        actor=None,
        now=NOW,
    )
