"""The client's address when CADEC runs behind a reverse proxy (``CADEC_BEHIND_PROXY``)."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the proxy saw: the last one it appended to ``X-Forwarded-For``.

    Addresses to the left of it were sent by the client and may be forged; the proxy's own
    address (``REMOTE_ADDR``) is the same for everyone, so sign-in throttling keyed on it would
    lock a user name out for every client at once.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if last := forwarded.rsplit(",", 1)[-1].strip():
        return last
    return request.META.get("REMOTE_ADDR")
