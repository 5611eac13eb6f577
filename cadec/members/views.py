"""Pages of the members module: thin views over the same selectors and services as the API."""

import base64
from datetime import timedelta
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from cadec.core import audit
from cadec.core.errors import DomainError, PermissionDenied
from cadec.core.forms import add_domain_error
from cadec.members import forms, mail, permissions, selectors, services
from cadec.members.models import ApiToken, User

_viewer = permissions.viewer_of


def _member(request: HttpRequest) -> User:
    """The signed-in person (every view without ``login_not_required`` has one)."""
    user = permissions.viewer_of(request).user
    if user is None:
        raise PermissionDenied(_("Sign in first."))
    return user


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    framework = selectors.default_framework()
    today = timezone.localdate()
    context: dict[str, Any] = {"framework": framework}
    if framework is not None:
        context["chair"] = selectors.chair_on(framework=framework, on=today)
        context["years"] = framework.years.order_by("-year")
        context["parties"] = selectors.consensus_parties(framework=framework, on=today)
    return render(request, "members/home.html", context)


@login_not_required
@require_GET
def country_list(request: HttpRequest) -> HttpResponse:
    return render(request, "members/country_list.html", {"countries": selectors.countries()})


@login_not_required
@require_GET
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = selectors.get_country(code=code)
    return render(
        request,
        "members/country_detail.html",
        {
            "country": country,
            "organisations": selectors.organisations().filter(country=country),
        },
    )


@login_not_required
@require_GET
def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = selectors.get_framework(slug=slug)
    form = forms.ChairDateForm(request.GET or {"date": timezone.localdate()})
    chair = None
    if form.is_valid():
        on = form.cleaned_data["date"]
        chair = selectors.chair_on(framework=framework, on=on)
    else:
        on = timezone.localdate()
    parties = selectors.consensus_parties(framework=framework, on=on)
    return render(
        request,
        "members/framework_detail.html",
        {
            "framework": framework,
            "form": form,
            "chair": chair,
            "on": on,
            "participations": selectors.participations(framework=framework),
            "party_ids": {c.pk for c in parties},
            "terms": selectors.chair_terms(framework=framework),
            "years": framework.years.order_by("-year"),
            "themes": framework.topics.filter(kind="THEME").order_by("pk"),
            "sectors": framework.topics.filter(kind="SECTOR").order_by("pk"),
        },
        status=200 if form.is_valid() else 400,
    )


@login_not_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "members/organisation_list.html", {"organisations": selectors.organisations()}
    )


@login_not_required
@require_GET
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    viewer = _viewer(request)
    organisation = selectors.get_organisation(organisation_id=organisation_id)
    people = (
        selectors.people(viewer=viewer, organisation=organisation)
        if permissions.can_view_people(viewer)
        else None
    )
    return render(
        request,
        "members/organisation_detail.html",
        {"organisation": organisation, "people": people},
    )


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    return render(
        request,
        "members/person_list.html",
        {
            "people": selectors.people(viewer=viewer),
            "can_manage": permissions.can_manage_members(viewer),
        },
    )


@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = _viewer(request)
    person = selectors.get_person(viewer=viewer, person_id=person_id)
    return render(
        request,
        "members/person_detail.html",
        {
            "person": person,
            "memberships": selectors.memberships_of(viewer=viewer, person=person),
            "can_manage": permissions.can_manage_members(viewer),
            "end_form": forms.EndMembershipForm(initial={"end_date": viewer.on}),
        },
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_members(viewer):
        return render(
            request,
            "core/error.html",
            {"message": _("Only the Secretariat registers people.")},
            status=403,
        )
    form = forms.PersonForm(request.POST or None, initial={"start_date": viewer.on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.register_person(
                viewer=viewer,
                username=data["username"],
                email=data["email"],
                display_name=data["display_name"],
                organisation=data["organisation"],
                role=data["role"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                time_zone=data["time_zone"] or None,
                language=data["language"],
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            transaction.on_commit(lambda: _send_welcome(request, person.pk))
            messages.success(
                request,
                _("%(name)s is registered; an e-mail invites them to set a password.")
                % {"name": person},
            )
            return redirect("person_detail", person_id=person.pk)
    return render(
        request, "members/person_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _send_welcome(request: HttpRequest, person_id: int) -> None:
    mail.send_password_invitation(
        user=User.objects.get(pk=person_id),
        domain=request.get_host(),
        use_https=request.is_secure(),
    )


@require_POST
def membership_end(request: HttpRequest, membership_id: int) -> HttpResponse:
    viewer = _viewer(request)
    membership = selectors.get_membership(viewer=viewer, membership_id=membership_id)
    form = forms.EndMembershipForm(request.POST)
    if form.is_valid():
        try:
            services.end_membership(
                viewer=viewer,
                membership=membership,
                end_date=form.cleaned_data["end_date"],
                now=timezone.now(),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The membership ends on %(date)s.")
                % {"date": form.cleaned_data["end_date"].isoformat()},
            )
    else:
        messages.error(request, _("end_date: enter a valid date."))
    return redirect("person_detail", person_id=membership.user_id)


@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    user = _member(request)
    form = forms.PreferencesForm(
        request.POST or None,
        initial={
            "display_name": user.display_name,
            "language": user.language,
            "time_zone": user.time_zone,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(
                user=user,
                now=timezone.now(),
                **form.cleaned_data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your preferences are saved."))
            response = redirect("account")
            _set_language_cookie(response, form.cleaned_data["language"])
            return response
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")
    return render(
        request,
        "members/account.html",
        {
            "form": form,
            "token_form": forms.ApiTokenForm(),
            "tokens": tokens,
            "memberships": viewer.memberships,
            "has_device": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "mfa_required": permissions.requires_mfa(viewer),
            "new_token": request.session.pop("new_api_token", None),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = forms.ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = services.create_api_token(
                viewer=_viewer(request),
                name=form.cleaned_data["name"],
                now=timezone.now(),
                lifetime=timedelta(days=form.cleaned_data["expires_in_days"]),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            # Shown once on the next page, then gone from the session.
            request.session["new_api_token"] = raw
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}")
    return redirect("account")


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    services.revoke_api_token(viewer=_viewer(request), token_id=token_id, now=timezone.now())
    messages.success(request, _("The token is revoked."))
    return redirect("account")


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
        httponly=True,
    )


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in person keeps the choice in their profile."""
    language = request.POST.get("language", "")
    response = django_set_language(request)
    user = _viewer(request).user
    if user is not None and translation.check_for_language(language):
        try:
            services.update_preferences(
                user=user,
                language=language,
                now=timezone.now(),
            )
        except DomainError as error:
            return render(request, "core/error.html", {"message": error.message}, status=400)
    return response


class LoginView(auth_views.LoginView):
    template_name = "members/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        _set_language_cookie(response, form.get_user().language)
        return response


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the TOTP code; send people without an authenticator to set one up."""
    user = _member(request)
    next_url = _safe_next(request, reverse("home"))
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': next_url})}")
    form = forms.TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(next_url)
        form.add_error(
            "token",
            _("That code is not valid now; check your device's clock and try the next code."),
        )
    return render(
        request,
        "members/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show its QR code and secret, confirm with one code."""
    user = _member(request)
    next_url = _safe_next(request, reverse("home"))
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': next_url})}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = forms.TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.record(
                    action="two_factor.enrolled", target=device, actor=user, now=timezone.now()
                )
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on for your account."))
            return HttpResponseRedirect(next_url)
        form.add_error(
            "token",
            _("That code does not match; scan the code again and enter the six digits now shown."),
        )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "members/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_data_uri": qr.svg_data_uri(scale=4, dark="#000", light="#fff"),
            "secret": base64.b32encode(device.bin_key).decode(),
        },
        status=400 if form.errors else 200,
    )
