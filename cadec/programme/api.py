"""The programme API: a thin router over the same selectors and services as the pages."""

import re
from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from cadec.core.api_auth import BearerToken, SessionAuth
from cadec.core.errors import DomainError, NotFound, PermissionDenied
from cadec.members import selectors as member_selectors
from cadec.members.models import Organisation, User
from cadec.members.permissions import viewer_of
from cadec.members.schemas import ErrorOut
from cadec.programme import permissions, scheduling, selectors, services
from cadec.programme.models import ActionItem, Activity, Registration, Session, Statement
from cadec.programme.schemas import (
    ActionItemIn,
    ActionItemOut,
    ActionItemPatch,
    ActivityDetailOut,
    ActivityIn,
    ActivityPageOut,
    ActivityPatch,
    AgendaItemIn,
    AgendaItemOut,
    AttendanceIn,
    AttendanceOut,
    CorrectionIn,
    CorrectionOut,
    DecisionIn,
    FeedIn,
    FeedOut,
    MinutesApproveIn,
    MinutesDraftIn,
    MinutesOut,
    OutcomeIn,
    OutcomeOut,
    ProposalOut,
    RegistrationIn,
    RegistrationOut,
    SchedulingQuery,
    SessionIn,
    SessionOut,
    StatementIn,
    StatementOut,
)
from cadec.programme.selectors import ActivityAccess


def _anyone(request: HttpRequest) -> bool:
    """Reads of the public programme need no sign-in; a token or session shows more."""
    return True


PUBLIC = [BearerToken(), SessionAuth(), _anyone]
router = Router(tags=["programme"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

_viewer = viewer_of


def _organisation(organisation: Organisation) -> dict[str, Any]:
    return {"id": organisation.pk, "name": organisation.name, "kind": organisation.kind}


def _local_times(rows: list[scheduling.LocalTime]) -> list[dict[str, Any]]:
    return [
        {
            "country": row.member.code,
            "country_name": row.member.name,
            "zone": row.zone,
            "offset": row.offset,
            "starts": row.starts.isoformat(),
            "ends": row.ends.isoformat(),
            "holiday": row.holiday,
            "weekend": row.weekend,
            "outside_working_hours": row.outside_working_hours,
            "friday_prayer": row.friday_prayer,
        }
        for row in rows
    ]


def _activity(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "uid": activity.uid,
        "title": activity.title,
        "kind": activity.kind,
        "visibility": activity.visibility,
        "status": activity.status,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "time_zone": activity.time_zone,
        "sequence": activity.sequence,
        "is_demonstration": activity.is_demonstration,
        "topics": [
            {"id": t.pk, "kind": t.kind, "code": t.code, "name": t.name}
            for t in activity.topics.all()
        ],
    }


def _activity_detail(access: ActivityAccess) -> dict[str, Any]:
    activity = access.activity
    sessions = []
    for session in selectors.sessions_of(activity=activity):
        cursor = session.starts_at
        items = []
        for item in session.agenda_items.all():
            items.append(
                {
                    "id": item.pk,
                    "position": item.position,
                    "title": item.title,
                    "duration_minutes": item.duration_minutes,
                    "starts_at": cursor,
                    "speakers": [
                        {
                            "name": s.name,
                            "organisation": _organisation(s.organisation)
                            if s.organisation
                            else None,
                        }
                        for s in item.speakers.all()
                    ],
                }
            )
            cursor += timedelta(minutes=item.duration_minutes)
        sessions.append(
            {
                "id": session.pk,
                "title": session.title,
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "agenda_items": items,
            }
        )
    return {
        **_activity(activity),
        "description": activity.description,
        "source": activity.source,
        "seats_per_delegation": activity.seats_per_delegation,
        "organisers": [_organisation(o) for o in activity.organisers.all()],
        "invited": [_organisation(o) for o in activity.invited.all()]
        if access.is_participant
        else [],
        "room_url": access.room_url,
        "sessions": sessions,
        "local_times": _local_times(selectors.time_strip(activity=activity)),
    }


def _registration(registration: Registration) -> dict[str, Any]:
    return {
        "id": registration.pk,
        "activity_id": registration.activity_id,
        "person_id": registration.person_id,
        "person": str(registration.person),
        "organisation": _organisation(registration.organisation),
        "status": registration.status,
        "registered_at": registration.registered_at,
        "decided_at": registration.decided_at,
        "decision_note": registration.decision_note,
        "attendance": registration.attendance,
    }


def _statement(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.pk,
        "activity_id": statement.activity_id,
        "organisation": _organisation(statement.organisation),
        "kind": statement.kind,
        "title": statement.title,
        "language": statement.language,
        "delivered_by": statement.delivered_by,
        "body": statement.body,
        "is_demonstration": statement.is_demonstration,
        "created_at": statement.created_at,
    }


def _action(item: ActionItem, today: date) -> dict[str, Any]:
    return {
        "id": item.pk,
        "activity_id": item.activity_id,
        "title": item.title,
        "owner": _organisation(item.owner),
        "due_date": item.due_date,
        "status": item.status,
        "overdue": item.is_overdue(today),
    }


def _access(request: HttpRequest, activity_id: int) -> ActivityAccess:
    return selectors.get_activity_for(viewer=_viewer(request), activity_id=activity_id)


def _require_manager(request: HttpRequest) -> None:
    if not permissions.can_manage_programme(_viewer(request)):
        raise PermissionDenied(_("Only the Secretariat runs the programme."))


def _organisation_by_id(organisation_id: int, *, field: str) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound(
            f"{field}: " + _("no organisation with id %(id)s.") % {"id": organisation_id},
            field=field,
        )
    return organisation


# Activities


@router.get(
    "/activities",
    response={200: ActivityPageOut, **ERRORS},
    auth=PUBLIC,
    url_name="programme_activities",
)
def list_activities(
    request: HttpRequest,
    theme: str = "",
    sector: str = "",
    kind: str = "",
    month: str = "",
    page: int = 1,
):
    """The programme the caller may see; members-only activities need a participant's token."""
    if kind and kind not in Activity.Kind.values:
        raise DomainError(
            "kind: "
            + _("“%(value)s” is not one of %(options)s.")
            % {"value": kind, "options": ", ".join(Activity.Kind.values)},
            field="kind",
        )
    if month and not MONTH.match(month):
        raise DomainError("month: " + _("give the month as YYYY-MM, e.g. 2020-06."), field="month")
    if page < 1:
        raise DomainError("page: " + _("pages start at 1."), field="page")
    filters = selectors.ProgrammeFilter(
        theme=theme,
        sector=sector,
        kind=kind,
        month=date(int(month[:4]), int(month[5:]), 1) if month else None,
        framework=member_selectors.default_framework(),
    )
    result = selectors.programme_page(viewer=_viewer(request), filters=filters, page=page)
    return {
        "count": result.paginator.count,
        "page": result.number,
        "pages": result.paginator.num_pages,
        "results": [_activity(a) for a in result.object_list],
    }


@router.post(
    "/activities",
    response={201: ActivityDetailOut, **ERRORS},
    url_name="programme_activities_create",
)
def create_activity(request: HttpRequest, payload: ActivityIn):
    viewer = _viewer(request)
    _require_manager(request)
    framework = member_selectors.default_framework()
    if framework is None:
        raise NotFound(_("No cooperation framework is configured yet."))
    activity = services.create_activity(
        viewer=viewer, framework=framework, now=timezone.now(), **payload.dict()
    )
    access = selectors.get_activity_for(viewer=viewer, activity_id=activity.pk)
    return Status(201, _activity_detail(access))


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityDetailOut, **ERRORS},
    auth=PUBLIC,
    url_name="programme_activity",
)
def get_activity(request: HttpRequest, activity_id: int):
    """One activity; ``room_url`` is given only to participants and invitees."""
    return _activity_detail(_access(request, activity_id))


@router.patch(
    "/activities/{activity_id}",
    response={200: ActivityDetailOut, **ERRORS},
    url_name="programme_activity_update",
)
def update_activity(request: HttpRequest, activity_id: int, payload: ActivityPatch):
    viewer = _viewer(request)
    _require_manager(request)
    access = _access(request, activity_id)
    services.update_activity(
        viewer=viewer,
        activity=access.activity,
        now=timezone.now(),
        **payload.dict(exclude_unset=True),
    )
    return _activity_detail(_access(request, activity_id))


@router.post(
    "/activities/{activity_id}/cancel",
    response={200: ActivityDetailOut, **ERRORS},
    url_name="programme_activity_cancel",
)
def cancel_activity(request: HttpRequest, activity_id: int):
    viewer = _viewer(request)
    _require_manager(request)
    access = _access(request, activity_id)
    services.cancel_activity(viewer=viewer, activity=access.activity, now=timezone.now())
    return _activity_detail(_access(request, activity_id))


@router.post(
    "/activities/{activity_id}/sessions",
    response={201: SessionOut, **ERRORS},
    url_name="programme_sessions_create",
)
def create_session(request: HttpRequest, activity_id: int, payload: SessionIn):
    viewer = _viewer(request)
    _require_manager(request)
    access = _access(request, activity_id)
    session = services.add_session(
        viewer=viewer, activity=access.activity, now=timezone.now(), **payload.dict()
    )
    return Status(
        201,
        {
            "id": session.pk,
            "title": session.title,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "agenda_items": [],
        },
    )


@router.post(
    "/sessions/{session_id}/items",
    response={201: AgendaItemOut, **ERRORS},
    url_name="programme_agenda_items_create",
)
def create_agenda_item(request: HttpRequest, session_id: int, payload: AgendaItemIn):
    viewer = _viewer(request)
    _require_manager(request)
    session = (
        Session.objects.select_related("activity")
        .filter(pk=session_id, activity__in=selectors.visible_activities(viewer))
        .first()
    )
    if session is None:
        raise NotFound(_("No session with id %(id)s.") % {"id": session_id}, field="session_id")
    speakers = [
        (
            s.name,
            _organisation_by_id(s.organisation_id, field="speakers") if s.organisation_id else None,
        )
        for s in payload.speakers
    ]
    item = services.add_agenda_item(
        viewer=viewer,
        session=session,
        title=payload.title,
        duration_minutes=payload.duration_minutes,
        speakers=speakers,
        now=timezone.now(),
    )
    return Status(
        201,
        {
            "id": item.pk,
            "position": item.position,
            "title": item.title,
            "duration_minutes": item.duration_minutes,
            "speakers": [
                {
                    "name": s.name,
                    "organisation": _organisation(s.organisation) if s.organisation else None,
                }
                for s in item.speakers.select_related("organisation").order_by("position")
            ],
        },
    )


# Registration


@router.get(
    "/activities/{activity_id}/registrations",
    response={200: list[RegistrationOut], **ERRORS},
    url_name="programme_registrations",
)
def list_registrations(request: HttpRequest, activity_id: int):
    """Every registration for the Secretariat; one's own organisations' for everyone else."""
    access = _access(request, activity_id)
    return [_registration(r) for r in selectors.registrations_for(access=access)]


@router.post(
    "/activities/{activity_id}/registrations",
    response={201: RegistrationOut, **ERRORS},
    url_name="programme_registrations_create",
)
def create_registration(request: HttpRequest, activity_id: int, payload: RegistrationIn):
    viewer = _viewer(request)
    access = _access(request, activity_id)
    person = User.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise NotFound(
            "person_id: " + _("no person with id %(id)s.") % {"id": payload.person_id},
            field="person_id",
        )
    registration = services.register(
        viewer=viewer,
        activity=access.activity,
        person=person,
        organisation=_organisation_by_id(payload.organisation_id, field="organisation_id"),
        invited_ids=access.invited_ids,
        now=timezone.now(),
    )
    return Status(201, _registration(registration))


@router.post(
    "/registrations/{registration_id}/decision",
    response={200: RegistrationOut, **ERRORS},
    url_name="programme_registration_decide",
)
def decide_registration(request: HttpRequest, registration_id: int, payload: DecisionIn):
    viewer = _viewer(request)
    if not permissions.can_decide_registration(viewer):
        raise PermissionDenied(_("Only the Secretariat approves registrations."))
    registration = selectors.get_registration_for(viewer=viewer, registration_id=registration_id)
    return _registration(
        services.decide_registration(
            viewer=viewer,
            registration=registration,
            approve=payload.decision == "approve",
            note=payload.note,
            now=timezone.now(),
        )
    )


@router.post(
    "/registrations/{registration_id}/withdraw",
    response={200: RegistrationOut, **ERRORS},
    url_name="programme_registration_withdraw",
)
def withdraw_registration(request: HttpRequest, registration_id: int):
    viewer = _viewer(request)
    registration = selectors.get_registration_for(viewer=viewer, registration_id=registration_id)
    return _registration(
        services.withdraw_registration(viewer=viewer, registration=registration, now=timezone.now())
    )


@router.get(
    "/registrations/mine",
    response={200: list[RegistrationOut], **ERRORS},
    url_name="programme_my_registrations",
)
def my_registrations(request: HttpRequest):
    """The caller's registrations, and those of the delegations they manage."""
    return [_registration(r) for r in selectors.registrations_of(viewer=_viewer(request))]


@router.post(
    "/activities/{activity_id}/attendance",
    response={200: AttendanceOut, **ERRORS},
    url_name="programme_attendance",
)
def record_attendance(request: HttpRequest, activity_id: int, payload: AttendanceIn):
    viewer = _viewer(request)
    _require_manager(request)
    access = _access(request, activity_id)
    recorded = services.record_attendance(
        viewer=viewer,
        activity=access.activity,
        attendance={e.registration_id: e.attendance for e in payload.attendance},
        now=timezone.now(),
    )
    return {"recorded": recorded}


# Statements


@router.get(
    "/activities/{activity_id}/statements",
    response={200: list[StatementOut], **ERRORS},
    auth=PUBLIC,
    url_name="programme_statements",
)
def list_statements(request: HttpRequest, activity_id: int):
    access = _access(request, activity_id)
    return [_statement(s) for s in selectors.statements_of(activity=access.activity)]


@router.post(
    "/activities/{activity_id}/statements",
    response={201: StatementOut, **ERRORS},
    url_name="programme_statements_create",
)
def create_statement(request: HttpRequest, activity_id: int, payload: StatementIn):
    viewer = _viewer(request)
    access = _access(request, activity_id)
    statement = services.add_statement(
        viewer=viewer,
        activity=access.activity,
        organisation=_organisation_by_id(payload.organisation_id, field="organisation_id"),
        kind=payload.kind,
        title=payload.title,
        language=payload.language,
        body=payload.body,
        delivered_by=payload.delivered_by,
        invited_ids=access.invited_ids,
        now=timezone.now(),
    )
    return Status(201, _statement(statement))


# Minutes


def _minutes(access: ActivityAccess) -> dict[str, Any]:
    minutes_access = selectors.minutes_for(access=access)
    minutes = minutes_access.minutes
    if not minutes_access.can_read:
        raise NotFound(_("These minutes are not available to you yet."), field="activity_id")
    version = minutes_access.version
    return {
        "status": minutes.status if minutes else None,
        "current_version": version.number if version else None,
        "text": version.text if version else None,
        "circulated_at": minutes.circulated_at if minutes else None,
        "approved_at": minutes.approved_at if minutes else None,
        "versions": [
            {"number": v.number, "note": v.note, "created_at": v.created_at}
            for v in (selectors.minutes_versions(minutes=minutes) if minutes else [])
        ],
    }


@router.get(
    "/activities/{activity_id}/minutes",
    response={200: MinutesOut, **ERRORS},
    auth=PUBLIC,
    url_name="programme_minutes",
)
def get_minutes(request: HttpRequest, activity_id: int):
    """Approved minutes for all who see the activity; circulated ones for attendees; drafts
    for the Secretariat."""
    return _minutes(_access(request, activity_id))


@router.post(
    "/activities/{activity_id}/minutes/versions",
    response={201: MinutesOut, **ERRORS},
    url_name="programme_minutes_draft",
)
def draft_minutes(request: HttpRequest, activity_id: int, payload: MinutesDraftIn):
    """Write a new version on top of ``base_version``; 409 if someone wrote one meanwhile."""
    viewer = _viewer(request)
    _require_manager(request)
    access = _access(request, activity_id)
    services.draft_minutes(
        viewer=viewer, activity=access.activity, now=timezone.now(), **payload.dict()
    )
    return Status(201, _minutes(access))


@router.post(
    "/activities/{activity_id}/minutes/circulate",
    response={200: MinutesOut, **ERRORS},
    url_name="programme_minutes_circulate",
)
def circulate_minutes(request: HttpRequest, activity_id: int):
    viewer = _viewer(request)
    _require_manager(request)
    access = _access(request, activity_id)
    services.circulate_minutes(viewer=viewer, activity=access.activity, now=timezone.now())
    return _minutes(access)


@router.post(
    "/activities/{activity_id}/minutes/corrections",
    response={201: CorrectionOut, **ERRORS},
    url_name="programme_minutes_correct",
)
def correct_minutes(request: HttpRequest, activity_id: int, payload: CorrectionIn):
    viewer = _viewer(request)
    access = _access(request, activity_id)
    correction = services.correct_minutes(
        viewer=viewer, activity=access.activity, text=payload.text, now=timezone.now()
    )
    return Status(
        201,
        {
            "id": correction.pk,
            "version": correction.version.number,
            "text": correction.text,
            "created_at": correction.created_at,
        },
    )


@router.post(
    "/activities/{activity_id}/minutes/approve",
    response={200: MinutesOut, **ERRORS},
    url_name="programme_minutes_approve",
)
def approve_minutes(request: HttpRequest, activity_id: int, payload: MinutesApproveIn):
    viewer = _viewer(request)
    _require_manager(request)
    access = _access(request, activity_id)
    services.approve_minutes(
        viewer=viewer, activity=access.activity, version=payload.version, now=timezone.now()
    )
    return _minutes(access)


# Outcomes and action items


@router.post(
    "/activities/{activity_id}/outcomes",
    response={201: OutcomeOut, **ERRORS},
    url_name="programme_outcomes_create",
)
def create_outcome(request: HttpRequest, activity_id: int, payload: OutcomeIn):
    viewer = _viewer(request)
    _require_manager(request)
    access = _access(request, activity_id)
    outcome = services.add_outcome(
        viewer=viewer, activity=access.activity, text=payload.text, now=timezone.now()
    )
    return Status(201, {"id": outcome.pk, "position": outcome.position, "text": outcome.text})


@router.post(
    "/activities/{activity_id}/actions",
    response={201: ActionItemOut, **ERRORS},
    url_name="programme_actions_create",
)
def create_action(request: HttpRequest, activity_id: int, payload: ActionItemIn):
    viewer = _viewer(request)
    _require_manager(request)
    access = _access(request, activity_id)
    outcome = None
    if payload.outcome_id is not None:
        outcome = access.activity.outcomes.filter(pk=payload.outcome_id).first()
        if outcome is None:
            raise DomainError(
                "outcome_id: "
                + _("no outcome %(id)s on this activity.") % {"id": payload.outcome_id},
                field="outcome_id",
            )
    item = services.add_action_item(
        viewer=viewer,
        activity=access.activity,
        title=payload.title,
        owner=_organisation_by_id(payload.owner_id, field="owner_id"),
        due_date=payload.due_date,
        outcome=outcome,
        now=timezone.now(),
    )
    return Status(201, _action(item, timezone.localdate()))


@router.get("/actions", response={200: list[ActionItemOut], **ERRORS}, url_name="programme_actions")
def list_actions(request: HttpRequest, overdue: bool = False, owner_id: int | None = None):
    """Action items of the activities the caller may see; ``overdue`` keeps those past due."""
    today = timezone.localdate()
    return [
        _action(item, today)
        for item in selectors.action_items(
            viewer=_viewer(request), on=today, overdue_only=overdue, owner_id=owner_id
        )
    ]


@router.patch(
    "/actions/{action_id}",
    response={200: ActionItemOut, **ERRORS},
    url_name="programme_action_update",
)
def update_action(request: HttpRequest, action_id: int, payload: ActionItemPatch):
    viewer = _viewer(request)
    item = selectors.get_action_item_for(viewer=viewer, action_id=action_id)
    item = services.update_action_item(
        viewer=viewer, action=item, status=payload.status, now=timezone.now()
    )
    return _action(item, timezone.localdate())


# Calendar feeds and scheduling


@router.post("/feeds", response={201: FeedOut, **ERRORS}, url_name="programme_feeds_create")
def create_feed(request: HttpRequest, payload: FeedIn):
    """Create (or replace) a calendar feed; its URL carries a secret and dies with the
    membership."""
    token = services.create_feed_token(
        viewer=_viewer(request),
        scope=payload.scope,
        organisation_id=payload.organisation_id,
        now=timezone.now(),
    )
    url = request.build_absolute_uri(
        reverse(
            "programme_feed",
            kwargs={"token_id": token.pk, "secret": selectors.feed_secret(token)},
        )
    )
    return Status(
        201,
        {
            "id": token.pk,
            "scope": token.scope,
            "organisation": _organisation(token.membership.organisation),
            "url": url,
        },
    )


@router.get(
    "/scheduling",
    response={200: list[ProposalOut], **ERRORS},
    url_name="programme_scheduling",
)
def propose_slots(request: HttpRequest, query: Query[SchedulingQuery]):
    """Slots inside working hours in every member zone, fairest first, each with its reasons."""
    viewer = _viewer(request)
    if not permissions.can_plan_activities(viewer):
        raise PermissionDenied(_("The scheduling assistant is for the Secretariat and the chair."))
    framework = member_selectors.default_framework()
    if framework is None:
        raise NotFound(_("No cooperation framework is configured yet."))
    now = timezone.now()
    first_day = query.first_day or now.date() + timedelta(days=7)
    last_day = query.last_day or first_day + timedelta(days=14)
    hours = scheduling.WorkingHours(start=query.working_start, end=query.working_end)
    members = selectors.programme_members(framework=framework, on=first_day)
    burden = scheduling.recent_burden(
        past=selectors.recent_periods(framework=framework, before=now),
        members=members,
        hours=hours,
    )
    proposals = scheduling.propose_slots(
        members=members,
        duration=timedelta(minutes=query.duration_minutes),
        first_day=first_day,
        last_day=last_day,
        now=now,
        hours=hours,
        burden=burden,
    )
    return [
        {
            "starts_at": p.starts_at,
            "ends_at": p.ends_at,
            "cost": p.cost,
            "reasons": p.reasons,
            "local_times": _local_times(p.local),
        }
        for p in proposals
    ]
