"""API authentication: bearer tokens for clients, the session (with CSRF) for the browser."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from cadec.members import permissions
from cadec.members.services import TokenRejected, authenticate_api_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            viewer = authenticate_api_token(raw=token, now=timezone.now())
        except TokenRejected as error:
            request.auth_error = error.message  # type: ignore[attr-defined]
            return None
        permissions.set_viewer(request, viewer)
        return viewer.user


class SessionAuth(NinjaSessionAuth):
    """The browser's session; ``request.viewer`` was set by the membership middleware."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not permissions.has_access(permissions.viewer_of(request)):
            return None
        return user
