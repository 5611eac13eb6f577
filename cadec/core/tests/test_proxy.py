"""Behind a reverse proxy, sign-in throttling keys on each client's address, not the proxy's."""

import pytest
from django.test import Client, RequestFactory

from cadec.core.proxy import client_ip
from cadec.members.tests import factories

LOGIN = "/account/login/"


@pytest.fixture
def behind_proxy(settings):  # type: ignore[no-untyped-def]
    settings.AXES_CLIENT_IP_CALLABLE = "cadec.core.proxy.client_ip"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _via_proxy(address: str) -> Client:
    """A browser at ``address`` whose requests reach CADEC through the proxy on 127.0.0.1."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.5", "203.0.113.5"),
        # The client sent its own header; the proxy appended the address it really saw.
        ("10.0.0.1, 203.0.113.5", "203.0.113.5"),
        ("", "127.0.0.1"),
    ],
)
def test_the_client_address_is_the_one_the_proxy_appended(forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_wrong_passwords_from_one_client_do_not_lock_out_the_others(
    behind_proxy, delegate_viet_nam
):
    attacker = _via_proxy("198.51.100.7")
    statuses = [
        attacker.post(LOGIN, {"username": "vnm.delegate", "password": "guess"}).status_code
        for _ in range(5)
    ]
    assert statuses[-1] == 429  # that address is locked out for this user name

    delegate = _via_proxy("203.0.113.5")
    response = delegate.post(LOGIN, {"username": "vnm.delegate", "password": factories.PASSWORD})

    assert response.status_code == 302
