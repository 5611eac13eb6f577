"""A1 for the exchange on real objects: every route on a practice, need or match × every role ×
method, against EXCHANGE_OBJECT_POLICY (the generic matrix checks they refuse object 0)."""

import pytest
from django.urls import reverse

from cadec.exchange import services
from cadec.exchange.models import Kind, Match, Offer
from cadec.exchange.tests.factories import practice, viewer
from tests.trust.policy import EXCHANGE_OBJECT_POLICY, POLICY, ROLES
from tests.trust.test_authorization_matrix import (  # noqa: F401 (actors is a fixture)
    APP_ROUTES,
    READ_METHODS,
    _call,
    _is_allowed,
    _is_denied,
    actors,
)

EXCHANGE_ROUTES = [r for r in APP_ROUTES if r.name.removeprefix("api:").startswith("exchange_")]
BY_NAME = {r.name: r for r in EXCHANGE_ROUTES}


def test_every_exchange_route_on_an_object_has_a_rule_for_real_objects():
    on_objects = {r.name for r in EXCHANGE_ROUTES if "<" in r.pattern}
    assert sorted(on_objects ^ EXCHANGE_OBJECT_POLICY.keys()) == []
    assert all(not POLICY[name].kwargs for name in BY_NAME.keys() - on_objects)


@pytest.fixture
def exchange_objects(actors, framework, delegate_thailand, now):  # noqa: F811
    clients, objects, secretariat = actors
    delegate = clients["delegate"][1]
    published = practice(delegate, title="Published practice", publish_by=secretariat)
    submitted = practice(delegate, title="Submitted practice")
    services.submit_practice(viewer=viewer(delegate), practice=submitted, now=now)
    thai_draft = practice(delegate_thailand, title="Thai draft", language="th")
    data = services.ListingData(
        kind=Kind.TRAINING, title="Training", description="Training for farmers.", language="en"
    )
    need = services.create_need(viewer=viewer(delegate), data=data, now=now)
    offer = services.create_offer(viewer=viewer(delegate_thailand), data=data, now=now)
    assert isinstance(offer, Offer)
    match = Match.objects.create(
        need=need, offer=offer, score=0.5, reason="same kind", created_at=now, updated_at=now
    )
    attachment = services.attach_file(
        viewer=viewer(secretariat), practice=published, name="a.pdf", content=b"%PDF-1.4", now=now
    )
    return {
        **objects,
        "<attachment>": str(attachment.pk),
        "<published_practice>": str(published.pk),
        "<submitted_practice>": str(submitted.pk),
        "<thai_draft_practice>": str(thai_draft.pk),
        "<need>": str(need.pk),
        "<match>": str(match.pk),
    }


@pytest.mark.parametrize("name", sorted(EXCHANGE_OBJECT_POLICY))
def test_each_role_gets_what_the_exchange_policy_says(name, actors, exchange_objects):  # noqa: F811
    clients, _objects, _secretariat = actors
    rule = EXCHANGE_OBJECT_POLICY[name]
    pattern = BY_NAME[name].pattern
    same_path = {r.name for r in EXCHANGE_ROUTES if r.pattern == pattern}
    methods_on_path = {
        m for other in same_path for m in {**POLICY, **EXCHANGE_OBJECT_POLICY}[other].methods
    }
    failures = []
    for role in ROLES:
        client, _user = clients[role]
        kwargs = {k: exchange_objects.get(v, v) for k, v in rule.kwargs.items()}
        url = reverse(name, kwargs=kwargs)
        for method, allowed_roles in rule.methods.items():
            response = _call(client, method, url, dict(rule.body))
            expected_allow = role in allowed_roles
            ok = _is_allowed(response) if expected_allow else _is_denied(response)
            if not ok:
                failures.append(
                    f"{role} {method} {url}: {response.status_code} "
                    f"(expected {'allow' if expected_allow else 'deny'})"
                )
        for method in READ_METHODS:
            if method in methods_on_path:
                continue
            response = _call(client, method, url, {})
            if not (_is_denied(response) or response.status_code == 405):
                failures.append(f"{role} {method} {url}: {response.status_code} (not in policy)")
    assert failures == []
