"""Pages of the programme: thin views over the same selectors and services as the API.

A refused action re-renders its page with the form, the user's text kept and a 4xx status; a
``DomainError`` that escapes is rendered by the core middleware with its own status.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadec.core.errors import DomainError, NotFound, PermissionDenied
from cadec.core.forms import add_domain_error
from cadec.members import selectors as member_selectors
from cadec.members.models import Framework, Organisation
from cadec.members.permissions import Viewer, viewer_of
from cadec.programme import calendars, forms, permissions, scheduling, selectors, services
from cadec.programme.models import ActionItem, Activity, FeedToken, Minutes, Registration
from cadec.programme.selectors import ActivityAccess

_viewer = viewer_of


def _framework() -> Framework:
    framework = member_selectors.default_framework()
    if framework is None:
        raise NotFound(_("No cooperation framework is configured yet."))
    return framework


def _refuse(form: Any) -> DomainError:
    """The first error of an invalid form, as a domain error naming its field."""
    for field, errors in form.errors.items():
        name = field if field != "__all__" else "form"
        return DomainError(f"{name}: {' '.join(str(e) for e in errors)}", field=name)
    return DomainError(_("The form is not valid."))


def _with_zone(request: HttpRequest, render_page: Callable[[], HttpResponse]) -> HttpResponse:
    """Render in the zone asked for by ``?tz=`` (else the viewer's own, set by middleware)."""
    form = forms.DisplayZoneForm(request.GET or None)
    if request.GET.get("tz"):
        if not form.is_valid():
            raise DomainError(
                _("tz: “%(value)s” is not a time zone CADEC knows.")
                % {"value": request.GET.get("tz")},
                field="tz",
            )
        with timezone.override(ZoneInfo(form.cleaned_data["tz"])):
            return render_page()
    return render_page()


def _no_store(response: HttpResponse) -> HttpResponse:
    """Keep confidential pages (drafts, members-only activities, room links) out of caches."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _zone_name() -> str:
    return timezone.get_current_timezone_name()


# The programme


@login_not_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    framework = member_selectors.default_framework()
    topics = list(selectors.topics(framework=framework))
    form = forms.ProgrammeFilterForm(request.GET or None, topics=topics)
    filters = selectors.ProgrammeFilter(framework=framework)
    page_number = 1
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ProgrammeFilter(
            theme=data["theme"],
            sector=data["sector"],
            kind=data["kind"],
            month=data["month"],
            framework=framework,
        )
        page_number = data["page"] or 1
    page = selectors.programme_page(viewer=viewer, filters=filters, page=page_number)
    query = request.GET.copy()
    query.pop("page", None)

    def render_page() -> HttpResponse:
        return render(
            request,
            "programme/programme_list.html",
            {
                "form": form,
                "page": page,
                "query": query.urlencode(),
                "zone": _zone_name(),
                "can_manage": permissions.can_manage_programme(viewer),
                "can_plan": permissions.can_plan_activities(viewer),
            },
            status=400 if form.errors else 200,
        )

    return _with_zone(request, render_page)


def _statement_organisations(access: ActivityAccess) -> list[Organisation]:
    viewer, activity = access.viewer, access.activity
    if viewer.user is None:
        return []
    if permissions.is_secretariat(viewer):
        return list(
            Organisation.objects.filter(framework_id=activity.framework_id)
            .filter(kind=Organisation.Kind.DELEGATION)
            .order_by("name")
        )
    return [
        m.organisation
        for m in viewer.memberships
        if permissions.can_add_statement(viewer, organisation_id=m.organisation_id)
        and permissions.registrable_organisation(
            activity=activity, organisation=m.organisation, invited_ids=access.invited_ids
        )
    ]


def _render_activity(
    request: HttpRequest, access: ActivityAccess, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    viewer, activity = access.viewer, access.activity
    now = timezone.now()
    can_manage = permissions.can_manage_programme(viewer)
    registrations = list(selectors.registrations_for(access=access))
    open_for_registration = not activity.is_cancelled and now < activity.starts_at
    taken: dict[int, int] = {}
    for registration in registrations:
        if registration.status in (Registration.Status.PENDING, Registration.Status.APPROVED):
            taken[registration.organisation_id] = taken.get(registration.organisation_id, 0) + 1
    register_groups = []
    if open_for_registration:
        registered = {r.person_id for r in registrations if r.status in ("PENDING", "APPROVED")}
        for organisation, people in selectors.registrable_people(access=access):
            available = [p for p in people if p.pk not in registered]
            form = bound.get(("register", organisation.pk)) or forms.RegistrationForm(
                initial={"organisation": organisation.pk}, people=available
            )
            register_groups.append(
                {
                    "organisation": organisation,
                    "form": form,
                    "people": available,
                    "taken": taken.get(organisation.pk, 0),
                }
            )
    statement_organisations = _statement_organisations(access)
    action_items = list(selectors.action_items_of(activity=activity))
    today = timezone.localdate()
    context = {
        "activity": activity,
        "access": access,
        "room_url": access.room_url,
        "can_manage": can_manage,
        "strip": selectors.time_strip(activity=activity),
        "agenda": _agenda(activity),
        "registrations": registrations,
        "register_groups": register_groups,
        "open_for_registration": open_for_registration,
        "statements": list(selectors.statements_of(activity=activity)),
        "statement_form": bound.get("statement")
        or (
            forms.StatementForm(organisations=statement_organisations)
            if statement_organisations
            else None
        ),
        "minutes": selectors.minutes_for(access=access),
        "outcomes": list(selectors.outcomes_of(activity=activity)),
        "action_items": [(item, item.is_overdue(today)) for item in action_items],
        "outcome_form": bound.get("outcome") or (forms.OutcomeForm() if can_manage else None),
        "action_form": bound.get("action")
        or (forms.ActionItemForm(activity=activity) if can_manage else None),
        "zone": _zone_name(),
        "now": now,
    }
    response = render(request, "programme/activity_detail.html", context, status=status)
    if activity.visibility == Activity.Visibility.MEMBERS or access.room_url or registrations:
        _no_store(response)
    return response


def _agenda(activity: Activity) -> list[dict[str, Any]]:
    """Sessions with each agenda item's planned start, taken in order from the session start."""
    sessions = []
    for session in selectors.sessions_of(activity=activity):
        cursor = session.starts_at
        items = []
        for item in session.agenda_items.all():
            items.append({"item": item, "starts_at": cursor})
            cursor += timedelta(minutes=item.duration_minutes)
        sessions.append({"session": session, "items": items})
    return sessions


@login_not_required
@require_GET
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    access = selectors.get_activity_for(viewer=_viewer(request), activity_id=activity_id)
    return _with_zone(request, lambda: _render_activity(request, access))


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat runs the programme."))
    framework = _framework()
    initial = {
        "time_zone": request.GET.get("time_zone")
        or (viewer.user.time_zone if viewer.user else "UTC"),
        "seats_per_delegation": 5,
        **{k: request.GET[k] for k in ("start_date", "start_time", "end_time") if k in request.GET},
    }
    form = forms.ActivityForm(request.POST or None, framework=framework, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(
                viewer=viewer,
                framework=framework,
                **form.activity_fields(),
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The activity is on the programme."))
            return redirect("programme_activity", activity_id=activity.pk)
    return render(
        request,
        "programme/activity_form.html",
        {"form": form, "activity": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat runs the programme."))
    activity = access.activity
    form = forms.ActivityForm(
        request.POST or None,
        framework=activity.framework,
        initial=forms.ActivityForm.initial_for(activity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(
                viewer=viewer,
                activity=activity,
                **form.activity_fields(),
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The activity is updated."))
            return redirect("programme_activity", activity_id=activity.pk)
    return render(
        request,
        "programme/activity_form.html",
        {
            "form": form,
            "activity": activity,
            "session_form": forms.SessionForm(activity=activity),
            "agenda_form": forms.AgendaItemForm(activity=activity),
            "agenda": _agenda(activity),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def activity_cancel(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    services.cancel_activity(viewer=viewer, activity=access.activity, now=timezone.now())
    messages.success(request, _("The activity is cancelled; calendars show it struck out."))
    return redirect("programme_activity", activity_id=activity_id)


@require_POST
def session_create(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat runs the programme."))
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    form = forms.SessionForm(request.POST, activity=access.activity)
    if not form.is_valid():
        raise _refuse(form)
    data = form.cleaned_data
    services.add_session(
        viewer=viewer,
        activity=access.activity,
        title=data["title"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        now=timezone.now(),
    )
    messages.success(request, _("The session is added."))
    return redirect("programme_activity_edit", activity_id=activity_id)


@require_POST
def agenda_item_create(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat runs the programme."))
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    form = forms.AgendaItemForm(request.POST, activity=access.activity)
    if not form.is_valid():
        raise _refuse(form)
    data = form.cleaned_data
    services.add_agenda_item(
        viewer=viewer,
        session=data["session"],
        title=data["title"],
        duration_minutes=data["duration_minutes"],
        speakers=[(name, None) for name in data["speakers"]],
        now=timezone.now(),
    )
    messages.success(request, _("The agenda item is added."))
    return redirect("programme_activity_edit", activity_id=activity_id)


# Registration


@require_POST
def register(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    form = forms.RegistrationForm.for_choice(data=request.POST)
    if not form.is_valid():
        raise _refuse(form)
    organisation = Organisation.objects.filter(pk=form.cleaned_data["organisation"]).first()
    person = member_selectors.people(viewer=viewer).filter(pk=form.cleaned_data["person"]).first()
    if organisation is None:
        raise DomainError(_("organisation: no such organisation."), field="organisation")
    if person is None:
        raise DomainError(_("person: no such person with a current membership."), field="person")
    registration = services.register(
        viewer=viewer,
        activity=access.activity,
        person=person,
        organisation=organisation,
        invited_ids=access.invited_ids,
        now=timezone.now(),
    )
    messages.success(
        request,
        _("%(person)s is registered; the Secretariat will approve or decline.")
        % {"person": registration.person},
    )
    return redirect("programme_activity", activity_id=activity_id)


def _registrations_page(
    request: HttpRequest, access: ActivityAccess, *, status: int = 200
) -> HttpResponse:
    viewer = access.viewer
    registrations = list(selectors.registrations_for(access=access))
    can_manage = permissions.can_manage_programme(viewer)
    approved = [r for r in registrations if r.status == Registration.Status.APPROVED]
    delegations: dict[int, dict[str, Any]] = {}
    for registration in registrations:
        entry = delegations.setdefault(
            registration.organisation_id,
            {"organisation": registration.organisation, "registrations": [], "present": False},
        )
        entry["registrations"].append(registration)
        if registration.attendance == Registration.Attendance.PRESENT:
            entry["present"] = True
        entry["taken"] = sum(r.status in ("PENDING", "APPROVED") for r in entry["registrations"])
    return _no_store(
        render(
            request,
            "programme/registrations.html",
            {
                "activity": access.activity,
                "delegations": list(delegations.values()),
                "can_manage": can_manage,
                "decision_form": forms.DecisionForm(),
                "attendance_form": forms.AttendanceForm(registrations=approved)
                if can_manage and approved
                else None,
                "zone": _zone_name(),
            },
            status=status,
        )
    )


@require_GET
def registrations(request: HttpRequest, activity_id: int) -> HttpResponse:
    access = selectors.get_activity_for(viewer=_viewer(request), activity_id=activity_id)
    return _registrations_page(request, access)


@require_POST
def registration_decide(request: HttpRequest, registration_id: int) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_decide_registration(viewer):
        raise PermissionDenied(_("Only the Secretariat approves registrations."))
    registration = selectors.get_registration_for(viewer=viewer, registration_id=registration_id)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        raise _refuse(form)
    approve = form.cleaned_data["decision"] == "approve"
    services.decide_registration(
        viewer=viewer,
        registration=registration,
        approve=approve,
        note=form.cleaned_data["note"],
        now=timezone.now(),
    )
    messages.success(
        request,
        (_("%(person)s is approved.") if approve else _("%(person)s is declined."))
        % {"person": registration.person},
    )
    return redirect("programme_registrations", activity_id=registration.activity_id)


@require_POST
def registration_withdraw(request: HttpRequest, registration_id: int) -> HttpResponse:
    viewer = _viewer(request)
    registration = selectors.get_registration_for(viewer=viewer, registration_id=registration_id)
    services.withdraw_registration(viewer=viewer, registration=registration, now=timezone.now())
    messages.success(request, _("The registration is withdrawn."))
    return redirect("programme_mine")


@require_POST
def attendance(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat takes the roll-call."))
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    approved = list(
        selectors.registrations_for(access=access).filter(status=Registration.Status.APPROVED)
    )
    form = forms.AttendanceForm(request.POST, registrations=approved)
    if not approved:
        raise DomainError(_("attendance: no approved registrations to call."), field="attendance")
    if not form.is_valid():
        raise _refuse(form)
    count = services.record_attendance(
        viewer=viewer, activity=access.activity, attendance=form.values(), now=timezone.now()
    )
    messages.success(
        request,
        ngettext(
            "Roll-call recorded for %(count)d person.",
            "Roll-call recorded for %(count)d people.",
            count,
        )
        % {"count": count},
    )
    return redirect("programme_registrations", activity_id=activity_id)


# Statements


@require_POST
def statement_create(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    organisations = _statement_organisations(access)
    if not organisations:
        raise PermissionDenied(_("You cannot add statements to this activity."))
    form = forms.StatementForm(request.POST, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            statement = services.add_statement(
                viewer=viewer,
                activity=access.activity,
                organisation=data["organisation"],
                kind=data["kind"],
                title=data["title"],
                language=data["language"],
                body=data["body"],
                delivered_by=data["delivered_by"],
                invited_ids=access.invited_ids,
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status
        else:
            messages.success(request, _("The statement is attached to the activity."))
            return redirect("programme_statement", statement_id=statement.pk)
    else:
        status = 400
    return _render_activity(request, access, bound={"statement": form}, status=status)


@login_not_required
@require_GET
def statement_detail(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = selectors.get_statement_for(viewer=_viewer(request), statement_id=statement_id)
    return render(request, "programme/statement_detail.html", {"statement": statement})


# Minutes


def _render_minutes(
    request: HttpRequest,
    access: ActivityAccess,
    *,
    draft_form: forms.MinutesDraftForm | None = None,
    correction_form: forms.CorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = access.viewer
    minutes_access = selectors.minutes_for(access=access)
    minutes = minutes_access.minutes
    can_manage = permissions.can_manage_programme(viewer)
    if not minutes_access.can_read and not can_manage:
        raise NotFound(_("These minutes are not available to you yet."), field="activity_id")
    version = minutes_access.version
    current = version.number if version else 0
    editable = can_manage and (minutes is None or minutes.status != Minutes.Status.APPROVED)
    response = render(
        request,
        "programme/minutes.html",
        {
            "activity": access.activity,
            "minutes": minutes,
            "minutes_access": minutes_access,
            "version": version,
            "versions": list(selectors.minutes_versions(minutes=minutes))
            if minutes and minutes_access.can_read
            else [],
            "corrections": list(selectors.corrections_of(minutes=minutes))
            if minutes and (can_manage or minutes_access.is_attendee)
            else [],
            "can_manage": can_manage,
            "draft_form": draft_form
            or (
                forms.MinutesDraftForm(
                    initial={"text": version.text if version else "", "base_version": current}
                )
                if editable
                else None
            ),
            "correction_form": correction_form
            or (forms.CorrectionForm() if minutes_access.can_correct else None),
            "can_circulate": can_manage
            and minutes is not None
            and minutes.status == Minutes.Status.DRAFT
            and version is not None,
            "can_approve": can_manage
            and minutes is not None
            and minutes.status == Minutes.Status.CIRCULATED,
            "current": current,
        },
        status=status,
    )
    if editable or access.activity.visibility == Activity.Visibility.MEMBERS:
        _no_store(response)
    return response


@login_not_required
@require_GET
def minutes_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    access = selectors.get_activity_for(viewer=_viewer(request), activity_id=activity_id)
    return _render_minutes(request, access)


@login_not_required
@require_GET
def minutes_version(request: HttpRequest, activity_id: int, number: int) -> HttpResponse:
    access = selectors.get_activity_for(viewer=_viewer(request), activity_id=activity_id)
    version = selectors.get_minutes_version(
        minutes_access=selectors.minutes_for(access=access), number=number
    )
    return render(
        request,
        "programme/minutes_version.html",
        {"activity": access.activity, "version": version},
    )


@require_POST
def minutes_draft(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat drafts the minutes."))
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    form = forms.MinutesDraftForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            version = services.draft_minutes(
                viewer=viewer,
                activity=access.activity,
                text=form.cleaned_data["text"],
                note=form.cleaned_data["note"],
                base_version=form.cleaned_data["base_version"],
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status
        else:
            messages.success(
                request,
                _("Version %(number)d of the minutes is saved.") % {"number": version.number},
            )
            return redirect("programme_minutes", activity_id=activity_id)
    return _render_minutes(request, access, draft_form=form, status=status)


@require_POST
def minutes_circulate(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat circulates the minutes."))
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    services.circulate_minutes(viewer=viewer, activity=access.activity, now=timezone.now())
    messages.success(request, _("The minutes are circulated; attendees are told by e-mail."))
    return redirect("programme_minutes", activity_id=activity_id)


@require_POST
def minutes_correct(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    if not selectors.minutes_for(access=access).is_attendee:
        raise PermissionDenied(_("Only attendees send corrections to the minutes."))
    form = forms.CorrectionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.correct_minutes(
                viewer=viewer,
                activity=access.activity,
                text=form.cleaned_data["text"],
                now=timezone.now(),
            )
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status
        else:
            messages.success(request, _("Your correction is sent to the Secretariat."))
            return redirect("programme_minutes", activity_id=activity_id)
    return _render_minutes(request, access, correction_form=form, status=status)


@require_POST
def minutes_approve(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat approves the minutes."))
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    form = forms.MinutesApproveForm(request.POST)
    if not form.is_valid():
        raise _refuse(form)
    services.approve_minutes(
        viewer=viewer,
        activity=access.activity,
        version=form.cleaned_data["version"],
        now=timezone.now(),
    )
    messages.success(request, _("The minutes are approved."))
    return redirect("programme_minutes", activity_id=activity_id)


# Outcomes and action items


@require_POST
def outcome_create(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat records outcomes."))
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    form = forms.OutcomeForm(request.POST)
    if not form.is_valid():
        return _render_activity(request, access, bound={"outcome": form}, status=400)
    services.add_outcome(
        viewer=viewer, activity=access.activity, text=form.cleaned_data["text"], now=timezone.now()
    )
    messages.success(request, _("The outcome is recorded."))
    return redirect("programme_activity", activity_id=activity_id)


@require_POST
def action_create(request: HttpRequest, activity_id: int) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_manage_programme(viewer):
        raise PermissionDenied(_("Only the Secretariat records action items."))
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity_id)
    form = forms.ActionItemForm(request.POST, activity=access.activity)
    if not form.is_valid():
        return _render_activity(request, access, bound={"action": form}, status=400)
    data = form.cleaned_data
    services.add_action_item(
        viewer=viewer,
        activity=access.activity,
        title=data["title"],
        owner=data["owner"],
        due_date=data["due_date"],
        outcome=data["outcome"],
        now=timezone.now(),
    )
    messages.success(request, _("The action item is recorded."))
    return redirect("programme_activity", activity_id=activity_id)


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    form = forms.ActionFilterForm(request.GET or None)
    overdue = bool(form.is_valid() and form.cleaned_data["overdue"])
    today = timezone.localdate()
    items = list(selectors.action_items(viewer=viewer, on=today, overdue_only=overdue))
    return render(
        request,
        "programme/actions.html",
        {
            "form": form,
            "items": [
                (
                    item,
                    item.is_overdue(today),
                    permissions.can_update_action(viewer, action=item),
                )
                for item in items
            ],
            "overdue": overdue,
            "status_form": forms.ActionStatusForm(),
            "statuses": ActionItem.Status.choices,
        },
    )


@require_POST
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    viewer = _viewer(request)
    form = forms.ActionStatusForm(request.POST)
    item = selectors.get_action_item_for(viewer=viewer, action_id=action_id)
    if not permissions.can_update_action(viewer, action=item):
        raise PermissionDenied(
            _("Only the Secretariat or the owner delegation's head or focal point updates it.")
        )
    if not form.is_valid():
        raise _refuse(form)
    services.update_action_item(
        viewer=viewer, action=item, status=form.cleaned_data["status"], now=timezone.now()
    )
    messages.success(request, _("The action item is updated."))
    return redirect("programme_actions")


# My registrations and calendar feeds


@require_GET
def my_registrations(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    rows = list(selectors.registrations_of(viewer=viewer))
    feeds = [
        (
            token,
            request.build_absolute_uri(
                reverse("programme_feed", kwargs={"token_id": token.pk, "secret": secret})
            ),
        )
        for token, secret in selectors.feed_tokens_of(viewer=viewer)
    ]
    return render(
        request,
        "programme/my_registrations.html",
        {
            "registrations": [
                (
                    r,
                    permissions.can_withdraw(viewer, registration=r)
                    and r.status in ("PENDING", "APPROVED"),
                )
                for r in rows
            ],
            "feeds": feeds,
            "feed_form": forms.FeedForm(),
            "public_feed": request.build_absolute_uri(reverse("programme_feed_public")),
            "zone": _zone_name(),
        },
    )


@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    form = forms.FeedForm(request.POST)
    if not form.is_valid():
        raise _refuse(form)
    services.create_feed_token(viewer=viewer, scope=form.cleaned_data["scope"], now=timezone.now())
    messages.success(
        request, _("Your calendar link is ready; any earlier link of that kind stops working.")
    )
    return redirect("programme_mine")


FEED_CACHE_SECONDS = 60 * 60


def _calendar(
    request: HttpRequest,
    *,
    name: str,
    entries: list[ActivityAccess],
    tentative: frozenset[int] = frozenset(),
    private: bool,
) -> HttpResponse:
    """Serve a feed; its body is cached under a digest of all it depends on (also its ETag),
    so calendar clients that poll get a 304 and unchanged feeds are not rebuilt."""
    page_url = request.build_absolute_uri(
        reverse("programme_activity", kwargs={"activity_id": 0})
    ).replace("/0/", "/{id}/")
    digest = calendars.signature(
        name=f"{get_language()}|{name}", entries=entries, tentative=tentative, page_url=page_url
    )
    etag = f'"{digest[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        key = f"programme:feed:{digest}"
        body = cache.get(key)
        if body is None:
            body = calendars.build_calendar(
                name=name, entries=entries, tentative=tentative, page_url=page_url
            )
            cache.set(key, body, FEED_CACHE_SECONDS)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="cadec.ics"'
    response["ETag"] = etag
    if private:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=300)
    if modified := calendars.last_modified(entries):
        response["Last-Modified"] = http_date(modified.timestamp())
    return response


@login_not_required
@require_GET
def feed_public(request: HttpRequest) -> HttpResponse:
    anonymous = Viewer(user=None, on=timezone.localdate())
    entries = [
        ActivityAccess(activity=a, viewer=anonymous, invited_ids=frozenset())
        for a in selectors.public_activities()
    ]
    return _calendar(request, name=_("CADEC public programme"), entries=entries, private=False)


@login_not_required
@require_GET
def feed_private(request: HttpRequest, token_id: int, secret: str) -> HttpResponse:
    feed = selectors.resolve_feed(token_id=token_id, secret=secret, on=timezone.now().date())
    organisation = feed.token.membership.organisation
    name = (
        _("CADEC — %(person)s") % {"person": feed.viewer.user}
        if feed.token.scope == FeedToken.Scope.PERSON
        else _("CADEC — %(organisation)s") % {"organisation": organisation}
    )
    return _calendar(
        request,
        name=name,
        entries=selectors.feed_activities(feed=feed),
        tentative=selectors.pending_for(feed=feed),
        private=True,
    )


# The scheduling assistant


@require_GET
def scheduling_assistant(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    if not permissions.can_plan_activities(viewer):
        raise PermissionDenied(_("The scheduling assistant is for the Secretariat and the chair."))
    framework = _framework()
    now = timezone.now()
    form = forms.SchedulingForm(
        request.GET or None,
        initial={
            "first_day": now.date() + timedelta(days=7),
            "last_day": now.date() + timedelta(days=21),
        },
    )
    proposals: list[scheduling.Proposal] = []
    members: list[scheduling.Member] = []
    burden: dict[str, float] = {}
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            hours = scheduling.WorkingHours(start=data["working_start"], end=data["working_end"])
            members = selectors.programme_members(framework=framework, on=data["first_day"])
            burden = scheduling.recent_burden(
                past=selectors.recent_periods(framework=framework, before=now),
                members=members,
                hours=hours,
            )
            try:
                proposals = scheduling.propose_slots(
                    members=members,
                    duration=timedelta(minutes=data["duration_minutes"]),
                    first_day=data["first_day"],
                    last_day=data["last_day"],
                    now=now,
                    hours=hours,
                    burden=burden,
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = 400
        else:
            status = 400
    return render(
        request,
        "programme/scheduling.html",
        {
            "form": form,
            "proposals": proposals,
            "members": members,
            "burden": sorted(
                ((m, round(burden.get(m.code, 0))) for m in members), key=lambda row: -row[1]
            ),
            "can_manage": permissions.can_manage_programme(viewer),
            "zone": _zone_name(),
            "searched": form.is_bound and status == 200,
        },
        status=status,
    )
