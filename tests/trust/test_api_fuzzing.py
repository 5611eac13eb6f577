"""V6: schemathesis over /api/v1/openapi.json, once per role, against the app in process.

Every operation of the document is called with generated requests — valid ones (positive) and
ones that break the schema (negative) — by each role with its own bearer token. Path parameters
are the ids of real objects (an activity, a negotiated document, a practice …) or generated ones.
Checks: no answer is a server error, and every documented answer matches its schema.

Unsafe methods run too; each role's run is one test, so the database transaction of that test
is rolled back after it and nothing written by one role is seen by the next.
"""

import json
import os
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from unittest import mock

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from cadec.core.errors import NotFound
from cadec.exchange import services as exchange_services
from cadec.exchange.models import Kind, Match, Offer
from cadec.exchange.tests.factories import practice
from cadec.members import services as member_services
from cadec.members.models import Membership
from cadec.members.selectors import viewer_for
from cadec.members.tests.factories import NOW
from cadec.negotiation import services as negotiation_services
from cadec.negotiation.tests import factories as negotiation_factories
from cadec.programme.models import ActionItem, Minutes, Registration
from cadec.programme.tests import factories as programme_factories
from tests.trust.policy import ROLES

ROLE_FIXTURES = {
    "observer": "observer",
    "delegate": "delegate_viet_nam",
    "head": "head_viet_nam",
    "chair": "chair_2020",
    "secretariat": "secretariat_officer",
}
# Examples per operation and strategy (positive and negative on real objects, positive on
# generated ids), per role; CADEC_FUZZ_EXAMPLES raises it for a longer exploratory run.
MAX_EXAMPLES = int(os.environ.get("CADEC_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance]


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI document keys its schemas by class name: a second class of the same name in
    another module would silently replace the first for every operation that uses it."""
    from ninja import Schema

    import config.api  # noqa: F401 (imports every module's schemas)

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    by_name: dict[str, dict[str, str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("cadec."):
            shape = json.dumps(cls.model_json_schema(), sort_keys=True)
            by_name.setdefault(cls.__name__, {})[f"{cls.__module__}.{cls.__qualname__}"] = shape
    assert len(by_name) > 50
    # The same name for the same shape (ErrorOut in two modules) is harmless.
    clashes = {n: sorted(w) for n, w in by_name.items() if len(set(w.values())) > 1}
    assert clashes == {}


@pytest.fixture
def on_launch_day():  # type: ignore[no-untyped-def]
    """The clock at 12 June 2020, when chair_2020 holds the ASEAN Chair, running at real pace."""
    from django.utils import timezone

    real_now = timezone.now
    start = real_now()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: NOW + (real_now() - start)):
        yield


@pytest.fixture
def wsgi_app(settings):  # type: ignore[no-untyped-def]
    """Django's WSGI handler on the test database connection, recording every exception."""
    settings.ALLOWED_HOSTS = ["localhost"]
    errors: list[str] = []

    def record(sender, request, **kwargs):  # type: ignore[no-untyped-def]
        errors.append(traceback.format_exc())

    # As Django's test client does: the connection holds the test's transaction, so requests
    # must not close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(record)
    try:
        yield WSGIHandler(), errors
    finally:
        got_request_exception.disconnect(record)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def objects(framework, chair_2020, delegate_viet_nam, delegate_thailand, secretariat_officer):  # type: ignore[no-untyped-def]
    """Real objects for the path parameters, by parameter name."""
    viet_nam = Membership.objects.get(user=delegate_viet_nam).organisation
    thailand = Membership.objects.get(user=delegate_thailand).organisation
    activity = programme_factories.activity(framework, title="Fuzzed webinar")
    session = programme_factories.session(activity)
    programme_factories.statement(activity, viet_nam)
    programme_factories.minutes(activity, status=Minutes.Status.CIRCULATED)
    programme_factories.registration(activity, delegate_viet_nam)
    thai_registration = programme_factories.registration(activity, delegate_thailand)
    action = ActionItem.objects.create(
        activity=activity,
        title="Share a case study",
        owner=thailand,
        due_date=activity.starts_at.date() + timedelta(days=20),
        created_at=activity.created_at,
        updated_at=activity.created_at,
    )
    document = negotiation_factories.document(framework, chair_2020, symbol="FUZZ/1")
    paragraph = negotiation_factories.paragraph(document, "2.")
    thai = negotiation_factories.viewer(delegate_thailand)
    amendment = negotiation_services.propose_amendment(
        viewer=thai,
        paragraph=paragraph,
        kind="REPLACE",
        target="digital infrastructure",
        text="digital connectivity",
        now=NOW,
    )
    position = negotiation_services.state_position(
        viewer=thai, paragraph=paragraph, stance="OBJECT", reason="pending", publish=False, now=NOW
    )
    published = practice(
        delegate_viet_nam, title="Published practice", publish_by=secretariat_officer
    )
    listing = exchange_services.ListingData(
        kind=Kind.TRAINING, title="Training", description="Training for farmers.", language="en"
    )
    vn = negotiation_factories.viewer(delegate_viet_nam)
    need = exchange_services.create_need(viewer=vn, data=listing, now=NOW)
    offer = exchange_services.create_offer(
        viewer=negotiation_factories.viewer(delegate_thailand), data=listing, now=NOW
    )
    assert isinstance(offer, Offer)
    match = Match.objects.create(
        need=need, offer=offer, score=0.5, reason="same kind", created_at=NOW, updated_at=NOW
    )
    assert thai_registration.status == Registration.Status.PENDING
    return {
        "slug": framework.slug,
        "organisation_id": viet_nam.pk,
        "person_id": delegate_thailand.pk,
        "membership_id": Membership.objects.get(user=delegate_thailand).pk,
        "activity_id": activity.pk,
        "session_id": session.pk,
        "registration_id": thai_registration.pk,
        "action_id": action.pk,
        "document_id": document.pk,
        "paragraph_id": paragraph.pk,
        "amendment_id": amendment.pk,
        "position_id": position.pk,
        "practice_id": published.pk,
        "need_id": need.pk,
        "match_id": match.pk,
    }


def _real_path_parameters(operation, objects: dict, spare_token: int) -> dict:  # type: ignore[no-untyped-def]
    names = {p.name for p in operation.path_parameters}
    values = {**objects, "token_id": spare_token}
    values["code"] = "SP.POP.TOTL" if "/indicators/" in operation.path else "VN"
    return {name: values[name] for name in names if name in values}


def _token_for(user, *, name: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    token, raw = member_services.create_api_token(
        viewer=viewer_for(user=user, on=timezone.now().date()),
        name=name,
        now=timezone.now(),
        lifetime=timedelta(days=30),
    )
    return token.pk, raw


@dataclass
class Outcome:
    operations: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    skipped: int = 0

    @property
    def cases(self) -> int:
        return sum(self.statuses.values())


def fuzz(  # type: ignore[no-untyped-def]
    app,
    exceptions: list[str],
    *,
    headers: dict[str, str],
    objects: dict,
    spare_token: int,
    own_access: dict[str, int],
    paths: set[str] | None = None,
) -> Outcome:
    """Run every operation (or those on ``paths``) with generated requests; collect failures.

    A case that would end the caller's own access (revoking its token, ending its membership) is
    skipped, so that the rest of the run is not refused for want of a token.
    """
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    outcome = Outcome()
    for result in schema.get_all_operations():
        operation = result.ok()
        if paths is not None and operation.path.removeprefix("/api/v1") not in paths:
            continue
        outcome.operations += 1
        fixed = _real_path_parameters(operation, objects, spare_token)
        strategies = [
            operation.as_strategy(mode, path_parameters=fixed)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
        if fixed:
            strategies.append(operation.as_strategy(GenerationMode.POSITIVE))

        @settings(
            max_examples=MAX_EXAMPLES * len(strategies),
            deadline=None,
            database=None,
            derandomize="CADEC_FUZZ_EXAMPLES" not in os.environ,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=st.one_of(strategies))
        def run(case):  # type: ignore[no-untyped-def]
            for name, own in own_access.items():
                if str((case.path_parameters or {}).get(name)) == str(own):
                    outcome.skipped += 1
                    return
            exceptions.clear()
            response = case.call(headers=headers)
            outcome.statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Exception, BaseExceptionGroup) as error:  # a failed check: keep it, go on
                detail = "".join(exceptions) or str(error)
                outcome.failures.append(f"{case.method} {case.formatted_path}: {detail[-3000:]}")

        run()
    return outcome


@pytest.mark.timeout(120 + 60 * MAX_EXAMPLES)
@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_every_generated_request_without_a_server_error(
    role, request, on_launch_day, wsgi_app, objects
):
    app, exceptions = wsgi_app
    headers: dict[str, str] = {}
    spare_token = 0
    own_access: dict[str, int] = {}
    if role != "anonymous":
        user = request.getfixturevalue(ROLE_FIXTURES[role])
        token, raw = _token_for(user, name="schemathesis")
        spare_token, _spare = _token_for(user, name="spare")
        headers = {"Authorization": f"Bearer {raw}"}
        own_access = {
            "token_id": token,
            "membership_id": Membership.objects.get(user=user).pk,
        }
    started = time.monotonic()
    outcome = fuzz(
        app,
        exceptions,
        headers=headers,
        objects=objects,
        spare_token=spare_token,
        own_access=own_access,
    )
    elapsed = time.monotonic() - started
    print(
        f"\nV6 {role}: {outcome.operations} operations, {outcome.cases} cases in {elapsed:.1f} s "
        f"({outcome.skipped} skipped), statuses {dict(sorted(outcome.statuses.items()))}, "
        f"failures {len(outcome.failures)}"
    )
    assert outcome.operations > 90
    assert outcome.cases >= outcome.operations * MAX_EXAMPLES
    if role != "anonymous":  # the role kept its access to the end: its token was never refused
        assert outcome.statuses[401] < outcome.cases // 20
    assert outcome.failures == [], "\n\n".join(f"{role} {f}" for f in outcome.failures)


def test_the_fuzzer_reports_a_server_error_and_a_schema_violation(wsgi_app, framework):
    """The checks above can fail: a crashing operation and one answering off its schema."""
    app, exceptions = wsgi_app
    off_schema = NotFound("No such country.", field=404)  # type: ignore[arg-type]
    with (
        mock.patch("cadec.members.selectors.countries", side_effect=RuntimeError("crash")),
        mock.patch("cadec.members.selectors.get_country", side_effect=off_schema),
    ):
        outcome = fuzz(
            app,
            exceptions,
            headers={},
            objects={},
            spare_token=0,
            own_access={},
            paths={"/countries", "/countries/{code}"},
        )
    assert outcome.operations == 2
    crashes = [f for f in outcome.failures if f.startswith("GET /api/v1/countries:")]
    assert crashes
    assert all("RuntimeError: crash" in f for f in crashes)
    off = [f for f in outcome.failures if f.startswith("GET /api/v1/countries/")]
    assert off
    assert all("violates schema" in f for f in off)
