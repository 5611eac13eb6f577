"""A1/A2 for the negotiation on real objects: every route on a document, paragraph,
amendment or position × every role × method, against NEGOTIATION_OBJECT_POLICY.

The generic matrix (tests/trust) has no negotiation objects and runs on today's date; it checks
these routes refuse a missing object to everyone. Here the same helpers run them on objects
that exist, with the clock at 12 June 2020 (the ``in_2020`` fixture) so that chair_2020 holds
the chair and the chair's rows mean something.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from cadec.members.tests.factories import NOW
from cadec.negotiation import adoption, services
from cadec.negotiation.tests import factories
from tests.trust.policy import NEGOTIATION_OBJECT_POLICY, NEGOTIATION_PARAGRAPH_TEXT, POLICY, ROLES
from tests.trust.test_authorization_matrix import (  # noqa: F401 (actors is a fixture)
    APP_ROUTES,
    READ_METHODS,
    _call,
    _is_allowed,
    _is_denied,
    actors,
)

NEGOTIATION_ROUTES = [
    r for r in APP_ROUTES if r.name.removeprefix("api:").startswith("negotiation_")
]
BY_NAME = {r.name: r for r in NEGOTIATION_ROUTES}


def test_every_negotiation_route_on_an_object_has_a_rule_for_real_objects():
    on_objects = {r.name for r in NEGOTIATION_ROUTES if "<" in r.pattern}
    assert sorted(on_objects ^ NEGOTIATION_OBJECT_POLICY.keys()) == []
    assert all(not POLICY[name].kwargs for name in BY_NAME.keys() - on_objects)


@pytest.fixture
def negotiation_objects(actors, framework, chair_2020, delegate_thailand):  # type: ignore[no-untyped-def]  # noqa: F811 (imported fixture)
    _clients, objects, _secretariat = actors
    document = factories.document(
        framework,
        chair_2020,
        symbol="MATRIX/1",
        paragraphs=[
            ("OPERATIVE", "1.", NEGOTIATION_PARAGRAPH_TEXT),
            ("OPERATIVE", "2.", "Members will share experience."),
            ("OPERATIVE", "3.", "Members will review the plan every year."),
        ],
    )
    thailand = factories.viewer(delegate_thailand)
    first, second, third = (factories.paragraph(document, label) for label in ("1.", "2.", "3."))
    tabled = services.propose_amendment(
        viewer=thailand,
        paragraph=first,
        kind="REPLACE",
        target="digital infrastructure",
        text="digital connectivity",
        now=NOW,
    )
    draft = services.propose_amendment(
        viewer=thailand,
        paragraph=second,
        kind="INSERT",
        target="experience",
        text="and expertise",
        submit=False,
        now=NOW,
    )
    position = services.state_position(
        viewer=thailand,
        paragraph=first,
        stance="OBJECT",
        reason="instructions pending",
        publish=False,
        now=NOW,
    )
    services.declare_status(
        viewer=factories.viewer(chair_2020),
        paragraph=third,
        status="AD_REFERENDUM",
        deadline=NOW + timedelta(days=30),
        awaiting=services.delegations(framework=framework, codes=["VNM"]),
        now=NOW,
    )
    clean = [("OPERATIVE", "1.", "Members will meet every year.")]
    chair = factories.viewer(chair_2020)
    adopted = factories.document(framework, chair_2020, symbol="MATRIX/2", paragraphs=clean)
    adopted_with = adoption.adopt(viewer=chair, document=adopted, now=NOW)
    silent = factories.document(framework, chair_2020, symbol="MATRIX/3", paragraphs=clean)
    silence = adoption.start_silence(viewer=chair, document=silent, now=NOW)
    return {
        **objects,
        "<adopted_document>": str(adopted.pk),
        "<adopted_sha256>": adopted_with.content_sha256,
        "<silence>": str(silence.pk),
        "<document>": str(document.pk),
        "<paragraph>": str(first.pk),
        "<ad_referendum_paragraph>": str(third.pk),
        "<tabled_amendment>": str(tabled.pk),
        "<thai_draft>": str(draft.pk),
        "<thai_position>": str(position.pk),
    }


def _fill(value, *, objects, role):  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        return objects.get(value, value.replace("<role>", role))
    if isinstance(value, dict):
        return {k: _fill(v, objects=objects, role=role) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name", sorted(NEGOTIATION_OBJECT_POLICY))
def test_each_role_gets_what_the_negotiation_policy_says(
    name,
    actors,  # noqa: F811 (imported fixture)
    negotiation_objects,
    in_2020,
):
    clients, _objects, _secretariat = actors
    rule = NEGOTIATION_OBJECT_POLICY[name]
    pattern = BY_NAME[name].pattern
    same_path = {r.name for r in NEGOTIATION_ROUTES if r.pattern == pattern}
    methods_on_path = {m for other in same_path for m in NEGOTIATION_OBJECT_POLICY[other].methods}
    failures = []
    for role in ROLES:
        client, _user = clients[role]
        kwargs = {
            k: _fill(v, objects=negotiation_objects, role=role) for k, v in rule.kwargs.items()
        }
        url = reverse(name, kwargs=kwargs)
        for method, allowed_roles in rule.methods.items():
            body = _fill(rule.body, objects=negotiation_objects, role=role)
            response = _call(client, method, url, body)
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
