"""A6: every route that takes an unsafe method refuses it without a CSRF token (403).

Pages and the admin are checked with a browser's session (the Secretariat's, which passes every
other gate, and nobody's for the pages open to all); the API with the same session, since only
bearer-token calls, which no browser sends by itself, are exempt. The object each route asks for
does not matter: the token is checked before anything is looked up.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from tests.trust.policy import EVERYONE, POLICY
from tests.trust.test_authorization_matrix import ADMIN_ROUTES, APP_ROUTES, _admin_url

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def _url(name: str) -> str:
    kwargs = {k: "1" if v.startswith("<") else v for k, v in POLICY[name].kwargs.items()}
    return reverse(name, kwargs=kwargs)


UNSAFE_APP_ROUTES = [
    (route.name, method)
    for route in APP_ROUTES
    for method in POLICY[route.name].methods
    if method in UNSAFE
]


def _refused_for_csrf(response) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code != 403:
        return False
    if response.headers.get("Content-Type", "").startswith("application/json"):
        return "CSRF" in json.loads(response.content)["detail"]
    return True


@pytest.fixture
def browsers(secretariat_officer):  # type: ignore[no-untyped-def]
    """A signed-in browser and an anonymous one, both sending no CSRF token."""
    return {
        "secretariat": sign_in(Client(enforce_csrf_checks=True), secretariat_officer),
        "anonymous": Client(enforce_csrf_checks=True),
    }


def test_every_unsafe_route_and_method_refuses_a_request_without_a_csrf_token(browsers):
    failures = []
    for name, method in UNSAFE_APP_ROUTES:
        url = _url(name)
        open_to_all = POLICY[name].methods[method] == EVERYONE
        for who in ("secretariat", "anonymous") if open_to_all else ("secretariat",):
            response = browsers[who].generic(
                method, url, data="{}", content_type="application/json"
            )
            if not _refused_for_csrf(response):
                failures.append(f"{who} {method} {url}: {response.status_code}")
    checked = sum(1 for name, m in UNSAFE_APP_ROUTES if POLICY[name].methods[m] == EVERYONE)
    print(f"\nA6: {len(UNSAFE_APP_ROUTES)} unsafe route × method pairs, {checked} also anonymous")
    assert len(UNSAFE_APP_ROUTES) > 100
    assert failures == []


def test_every_admin_route_refuses_a_post_without_a_csrf_token(browsers):
    urls = {_admin_url(route.pattern) for route in ADMIN_ROUTES}
    failures = [
        f"POST {url}: {response.status_code}"
        for url in sorted(urls)
        if (response := browsers["secretariat"].post(url, {})).status_code != 403
    ]
    print(f"\nA6: {len(urls)} admin addresses")
    assert failures == []


def test_the_same_requests_with_the_token_get_through(browsers):
    """The refusals above are the CSRF check's: with the token the request is let in."""
    client = browsers["secretariat"]
    page = client.get(reverse("account"))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    assert token is not None
    created = client.post(
        reverse("token_create"), {"csrfmiddlewaretoken": token[1].decode(), "name": "x"}
    )
    assert created.status_code == 302
    api = client.post(
        "/api/v1/tokens",
        data=json.dumps({"name": "x"}),
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert api.status_code == 201
    assert not _refused_for_csrf(
        client.post(reverse("logout"), {"csrfmiddlewaretoken": token[1].decode()})
    )
