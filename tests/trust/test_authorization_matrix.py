"""A1: every URL pattern × every role × method against the one policy table in policy.py."""

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cadec.members import services
from cadec.members.models import Membership, User
from cadec.members.selectors import viewer_for
from tests.trust.policy import ADMIN_NAMESPACE, POLICY, ROLES

ROLE_FIXTURES = {
    "observer": "observer",
    "delegate": "delegate_viet_nam",
    "head": "head_viet_nam",
    "chair": "chair_2020",
    "secretariat": "secretariat_officer",
}
READ_METHODS = ("GET", "POST")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str


def all_routes() -> list[Route]:
    def walk(patterns, namespace="", prefix=""):  # type: ignore[no-untyped-def]
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(entry.url_patterns, full_ns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                base = entry.name or f"<unnamed {prefix}{entry.pattern}>"
                name = f"{namespace}:{base}" if namespace else base
                yield Route(name=name, pattern=prefix + str(entry.pattern))

    return list(walk(get_resolver().url_patterns))


ROUTES = all_routes()
APP_ROUTES = [r for r in ROUTES if not r.name.startswith(f"{ADMIN_NAMESPACE}:")]
ADMIN_ROUTES = [r for r in ROUTES if r.name.startswith(f"{ADMIN_NAMESPACE}:")]


def test_every_route_has_a_policy_row_and_every_row_a_route():
    names = {r.name for r in APP_ROUTES}
    assert sorted(names - POLICY.keys()) == [], "routes without a row in tests/trust/policy.py"
    assert sorted(POLICY.keys() - names) == [], "rows in policy.py for routes that do not exist"


def _is_denied(response) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "login" in response.headers.get("Location", "")


def _is_allowed(response) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code >= 500 or _is_denied(response):
        return False
    return response.status_code < 400 or response.status_code in (400, 409, 422)


@pytest.fixture
def actors(request, framework, delegate_thailand):  # type: ignore[no-untyped-def]
    """One signed-in client per role, and the objects the routes ask for."""
    clients: dict[str, tuple[Client, User | None]] = {"anonymous": (Client(), None)}
    for role, fixture in ROLE_FIXTURES.items():
        user = request.getfixturevalue(fixture)
        client = Client()
        from conftest import sign_in

        clients[role] = (sign_in(client, user), user)
    secretariat = clients["secretariat"][1]
    objects = {
        "<other_person>": str(delegate_thailand.pk),
        "<delegation>": str(Membership.objects.get(user=clients["delegate"][1]).organisation_id),
        "<membership>": str(Membership.objects.get(user=delegate_thailand).pk),
    }
    return clients, objects, secretariat


def _fill(value: str, *, objects: dict[str, str], role: str, user: User | None) -> str:
    if value == "<own_token>":
        owner = user or User.objects.get(username="secretariat")
        token, _raw = services.create_api_token(
            viewer=viewer_for(user=owner, on=timezone.now().date()),
            name="matrix",
            now=timezone.now(),
            lifetime=timedelta(days=1),
        )
        return str(token.pk)
    value = value.replace("<role>", role)
    return objects.get(value, value)


def _call(client: Client, method: str, url: str, body: dict) -> object:
    if url.startswith("/api/"):
        return client.generic(method, url, data=json.dumps(body), content_type="application/json")
    return client.generic(method, url) if method == "GET" else client.post(url, data={})


@pytest.mark.parametrize("route", APP_ROUTES, ids=lambda r: r.name)
def test_each_role_gets_what_the_policy_says(route, actors):
    clients, objects, _secretariat = actors
    rule = POLICY[route.name]
    routes_on_same_path = {r.name for r in APP_ROUTES if r.pattern == route.pattern}
    methods_on_path = {m for name in routes_on_same_path for m in POLICY[name].methods}
    failures = []
    for role in ROLES:
        client, user = clients[role]
        kwargs = {
            k: _fill(v, objects=objects, role=role, user=user) for k, v in rule.kwargs.items()
        }
        url = reverse(route.name, kwargs=kwargs)
        for method, allowed_roles in rule.methods.items():
            body = {
                k: _fill(v, objects=objects, role=role, user=user) if isinstance(v, str) else v
                for k, v in rule.body.items()
            }
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
                failures.append(
                    f"{role} {method} {url}: {response.status_code} "
                    "(method not in the policy, expected 405 or deny)"
                )
    assert failures == []


ADMIN_VALUES = {
    "app_label": "members",
    "object_id": "1",
    "pk": "1",
    "id": "1",
    "content_type_id": "1",
    "url": "x",
}


def _admin_url(pattern: str) -> str:
    """Fill an admin pattern's parameters (named or regex) with values that exist."""
    values = dict(ADMIN_VALUES)
    if match := re.match(r"admin/(\w+)/(\w+)/<(?:\w+:)?(?:object_id|pk)>/", pattern):
        model = apps.get_model(match.group(1), match.group(2))
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        values["object_id"] = values["pk"] = str(first) if first is not None else "1"
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], pattern)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], url)
    url = url.replace("^", "").replace("$", "")
    url = re.sub(r"\(\w+(\|\w+)*\)", "members", url)  # the app_label alternation
    return "/" + url


def test_the_admin_lets_in_the_secretariat_only(actors):
    clients, _objects, _secretariat = actors
    checked: dict[str, int] = defaultdict(int)
    failures = []
    for route in ADMIN_ROUTES:
        url = _admin_url(route.pattern)
        for role in ROLES:
            client, _user = clients[role]
            response = client.get(url)
            checked[role] += 1
            if route.name in ("admin:login", "admin:logout", "admin:jsi18n"):
                continue  # the admin's own sign-in pages are open by design
            if role == "secretariat":
                if response.status_code >= 500:
                    failures.append(f"{role} GET {url}: {response.status_code}")
            elif not _is_denied(response):
                failures.append(f"{role} GET {url}: {response.status_code} (expected deny)")
    assert failures == []
    assert checked["delegate"] == len(ADMIN_ROUTES)
