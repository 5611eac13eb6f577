"""The JSON API under /api/v1/: one router per module, one set of error handlers."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cadec.core.api_auth import BearerToken, SessionAuth
from cadec.core.errors import DomainError
from cadec.exchange.api import router as exchange_router
from cadec.indicators.api import router as indicators_router
from cadec.members.api import router as members_router
from cadec.negotiation.adoption_api import router as adoption_router
from cadec.negotiation.api import router as negotiation_router
from cadec.programme.api import router as programme_router

api = NinjaAPI(
    title="CADEC API",
    version="1",
    description=(
        "The JSON API of CADEC. Authenticate with `Authorization: Bearer <token>` (create a "
        "token on your account page) or, from the browser, with your session and CSRF token."
    ),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", members_router)
api.add_router("/indicators", indicators_router)
api.add_router("/programme", programme_router)
api.add_router("/negotiation", negotiation_router)
api.add_router("/negotiation", adoption_router)
api.add_router("/exchange", exchange_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, Any] = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ()) if part != "body"),
            "message": error.get("msg", "invalid"),
        }
        for error in exc.errors
    ]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return api.create_response(
        request,
        {"detail": _("Invalid input — %(summary)s") % {"summary": summary}, "errors": errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = getattr(request, "auth_error", None) or _(
        "Authentication required: send `Authorization: Bearer <token>` or sign in."
    )
    return api.create_response(request, {"detail": message}, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
