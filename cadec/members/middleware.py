"""Request-level access rules: membership must be current; some roles must use two factors."""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cadec.members import permissions
from cadec.members.models import User
from cadec.members.permissions import Viewer
from cadec.members.selectors import viewer_for

Handler = Callable[[HttpRequest], HttpResponse]


class MembershipAccessMiddleware:
    """Attach ``request.viewer``; sign out at once anyone whose memberships have all ended."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        today = timezone.now().date()
        signed_in_as = request.session.get(SESSION_KEY)
        user = request.user
        if signed_in_as is not None and not user.is_authenticated:
            # The session no longer matches the person's memberships or password.
            self._explain_sign_out(request, signed_in_as, today)
        if user.is_authenticated:
            viewer = viewer_for(user=user, on=today)
            if not permissions.has_access(viewer):
                logout(request)
                messages.warning(request, _("Your membership has ended, so you were signed out."))
                viewer = Viewer(user=None, on=today)
        else:
            viewer = Viewer(user=None, on=today)
        permissions.set_viewer(request, viewer)
        return self.get_response(request)

    @staticmethod
    def _explain_sign_out(request: HttpRequest, user_id: str, today: date) -> None:
        person = User.objects.filter(pk=user_id).first()
        if person is not None and not permissions.has_access(viewer_for(user=person, on=today)):
            messages.warning(request, _("Your membership has ended, so you were signed out."))
        else:
            messages.info(
                request, _("Your access changed, so you were signed out. Please sign in again.")
            )


# Paths an unverified person may still reach while being asked for their second factor.
TWO_FACTOR_EXEMPT_NAMES = ("two_factor_verify", "two_factor_setup", "logout", "set_language")


class TwoFactorRequiredMiddleware:
    """Heads of delegation, the chair and the Secretariat must pass TOTP before anything else."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        viewer = permissions.viewer_of(request)
        if (
            settings.CADEC_REQUIRE_MFA
            and viewer.user is not None
            and permissions.requires_mfa(viewer)
            and not request.user.is_verified()  # type: ignore[union-attr]
            and not self._is_exempt(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": _(
                            "Two-factor verification is required for your role: complete it "
                            "in the browser, or use an API token."
                        )
                    },
                    status=403,
                )
            next_query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('two_factor_verify')}?{next_query}")
        return self.get_response(request)

    def _is_exempt(self, path: str) -> bool:
        if self._exempt is None:
            self._exempt = tuple(reverse(name) for name in TWO_FACTOR_EXEMPT_NAMES)
        return (
            path.startswith(
                settings.STATIC_URL
                if settings.STATIC_URL.startswith("/")
                else "/" + settings.STATIC_URL
            )
            or path in self._exempt
        )
