"""Per-request activation of the person's language and time zone, and domain-error pages."""

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from cadec.core.errors import DomainError

Handler = Callable[[HttpRequest], HttpResponse]


class UserTimezoneMiddleware:
    """Show times in the signed-in person's zone and pages in their chosen language."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        else:
            timezone.deactivate()
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return render(
                request, "core/error.html", {"message": exception.message}, status=exception.status
            )
        return None
