from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.http import require_safe

from config.api import api

admin.site.site_header = "CADEC"
admin.site.site_title = "CADEC administration"


def _api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API authenticates each operation itself (token or session), not by redirecting."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            if pattern.name in ("openapi-json", "openapi-view"):
                pattern.callback = require_safe(pattern.callback)
            pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", _api_urls()),
    path("indicators/", include("cadec.indicators.urls")),
    path("programme/", include("cadec.programme.urls")),
    path("negotiation/", include("cadec.negotiation.urls")),
    path("exchange/", include("cadec.exchange.urls")),
    path("", include("cadec.members.urls")),
]
