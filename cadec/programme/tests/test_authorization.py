"""A1 for the programme on real objects: every route on an activity, registration, statement,
action item, session or feed × every role × method, against PROGRAMME_OBJECT_POLICY.

The generic matrix (tests/trust) has no programme objects; it checks these routes refuse a
missing object to everyone. Here the same helpers run them on objects that exist.
"""

from datetime import date

import pytest
from django.urls import reverse

from cadec.members.models import Membership, Organisation
from cadec.programme.models import ActionItem, FeedToken, Minutes, Registration
from cadec.programme.selectors import feed_secret
from cadec.programme.tests import factories
from tests.trust.policy import POLICY, PROGRAMME_OBJECT_POLICY, ROLES
from tests.trust.test_authorization_matrix import (  # noqa: F401 (actors is a fixture)
    APP_ROUTES,
    READ_METHODS,
    _call,
    _is_allowed,
    _is_denied,
    actors,
)

PROGRAMME_ROUTES = [r for r in APP_ROUTES if r.name.removeprefix("api:").startswith("programme_")]
BY_NAME = {r.name: r for r in PROGRAMME_ROUTES}


def test_every_programme_route_on_an_object_has_a_rule_for_real_objects():
    on_objects = {r.name for r in PROGRAMME_ROUTES if "<" in r.pattern}
    assert sorted(on_objects ^ PROGRAMME_OBJECT_POLICY.keys()) == []
    assert all(not POLICY[name].kwargs for name in BY_NAME.keys() - on_objects)


@pytest.fixture
def programme_objects(actors, framework, delegate_thailand):  # noqa: F811 (imported fixture)
    clients, objects, _secretariat = actors
    delegate = clients["delegate"][1]
    head = clients["head"][1]
    thailand = Organisation.objects.get(framework=framework, kind="DELEGATION", country__iso3="THA")
    public = factories.activity(framework, title="Public webinar")
    session = factories.session(public)
    statement = factories.statement(public, delegate.memberships.get().organisation)
    factories.minutes(public, status=Minutes.Status.APPROVED)
    circulated = factories.activity(
        framework, title="Workshop", starts_at=factories.FUTURE.replace(day=19)
    )
    factories.minutes(circulated, status=Minutes.Status.CIRCULATED)
    factories.registration(circulated, delegate, status=Registration.Status.APPROVED)
    pending = factories.registration(public, delegate)
    thai = factories.registration(public, delegate_thailand)
    approved = factories.registration(public, head, status=Registration.Status.APPROVED)
    action = ActionItem.objects.create(
        activity=public,
        title="Share a case study",
        owner=thailand,
        due_date=date(2031, 7, 1),
        created_at=public.created_at,
        updated_at=public.created_at,
    )
    token = FeedToken.objects.create(
        membership=Membership.objects.get(user=delegate),
        scope=FeedToken.Scope.PERSON,
        nonce="matrix",
        created_at=public.created_at,
    )
    return {
        **objects,
        "<public_activity>": str(public.pk),
        "<circulated_activity>": str(circulated.pk),
        "<session>": str(session.pk),
        "<statement>": str(statement.pk),
        "<registration>": str(pending.pk),
        "<thai_registration>": str(thai.pk),
        "<approved_registration>": approved.pk,
        "<action_item>": str(action.pk),
        "<feed_token>": str(token.pk),
        "<feed_secret>": feed_secret(token),
    }


def _fill(value, *, objects, own_person):  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        if value == "<own_person>":
            return str(own_person)
        return objects.get(value, value)
    if isinstance(value, list):
        return [_fill(v, objects=objects, own_person=own_person) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, objects=objects, own_person=own_person) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name", sorted(PROGRAMME_OBJECT_POLICY))
def test_each_role_gets_what_the_programme_policy_says(name, actors, programme_objects):  # noqa: F811
    clients, _objects, secretariat = actors
    rule = PROGRAMME_OBJECT_POLICY[name]
    pattern = BY_NAME[name].pattern
    same_path = {r.name for r in PROGRAMME_ROUTES if r.pattern == pattern}
    methods_on_path = {
        m for other in same_path for m in {**POLICY, **PROGRAMME_OBJECT_POLICY}[other].methods
    }
    failures = []
    for role in ROLES:
        client, user = clients[role]
        own_person = (user or secretariat).pk
        kwargs = {
            k: _fill(v, objects=programme_objects, own_person=own_person)
            for k, v in rule.kwargs.items()
        }
        url = reverse(name, kwargs=kwargs)
        for method, allowed_roles in rule.methods.items():
            body = _fill(rule.body, objects=programme_objects, own_person=own_person)
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
