"""Who may do what in the programme: pure predicates over a ``Viewer`` and the objects.

Services enforce them; selectors filter with them (fetch-and-check); templates get flags.
"""

from cadec.members import permissions as member_permissions
from cadec.members.models import Membership, Organisation, User
from cadec.members.permissions import Viewer
from cadec.programme.models import ActionItem, Activity, Minutes, Registration

Role = Membership.Role

# Roles that act for a whole delegation: they register its people and sign for it.
DELEGATION_MANAGERS = frozenset({Role.HEAD_OF_DELEGATION, Role.FOCAL_POINT})
# The kinds of organisation whose people take part in every activity of their framework.
PARTICIPANT_KINDS = frozenset({Organisation.Kind.DELEGATION, Organisation.Kind.SECRETARIAT})

is_secretariat = member_permissions.is_secretariat


def participant_framework_ids(viewer: Viewer) -> frozenset[int]:
    """Frameworks in which the viewer belongs to a delegation or the Secretariat."""
    return frozenset(
        m.organisation.framework_id
        for m in viewer.memberships
        if m.organisation.kind in PARTICIPANT_KINDS
    )


def organisation_ids(viewer: Viewer) -> frozenset[int]:
    return frozenset(m.organisation_id for m in viewer.memberships)


def is_participant(viewer: Viewer, *, activity: Activity, invited_ids: frozenset[int]) -> bool:
    """Delegations and the Secretariat of the framework take part; others only when invited.

    ``invited_ids`` are the activity's invited organisations (passed in so that the caller
    decides how they were loaded).
    """
    if viewer.is_superuser:
        return True
    if activity.framework_id in participant_framework_ids(viewer):
        return True
    return bool(organisation_ids(viewer) & invited_ids)


def can_see_activity(viewer: Viewer, *, activity: Activity, invited_ids: frozenset[int]) -> bool:
    """Public activities are for everyone; members-only ones for participants and invitees."""
    return activity.visibility == Activity.Visibility.PUBLIC or is_participant(
        viewer, activity=activity, invited_ids=invited_ids
    )


def can_join_room(viewer: Viewer, *, activity: Activity, invited_ids: frozenset[int]) -> bool:
    """The room link is for participants and invitees, never for the public or the uninvited."""
    return (
        viewer.is_authenticated
        and not activity.is_cancelled
        and is_participant(viewer, activity=activity, invited_ids=invited_ids)
    )


def can_manage_programme(viewer: Viewer) -> bool:
    """The Secretariat runs the programme: activities, approvals, minutes, outcomes."""
    return is_secretariat(viewer)


def can_plan_activities(viewer: Viewer) -> bool:
    """The scheduling assistant is for those who convene: the Secretariat and the chair."""
    return is_secretariat(viewer) or member_permissions.is_chair(viewer)


def manages_delegation(viewer: Viewer, *, organisation_id: int) -> bool:
    return any(
        m.organisation_id == organisation_id and m.role in DELEGATION_MANAGERS
        for m in viewer.memberships
    )


def belongs_to(viewer: Viewer, *, organisation_id: int) -> bool:
    return organisation_id in organisation_ids(viewer)


def registrable_organisation(
    *, activity: Activity, organisation: Organisation, invited_ids: frozenset[int]
) -> bool:
    """A delegation of the activity's framework, or an organisation invited to it."""
    if organisation.framework_id != activity.framework_id:
        return False
    return organisation.kind == Organisation.Kind.DELEGATION or organisation.pk in invited_ids


def can_register(
    viewer: Viewer, *, activity: Activity, organisation: Organisation, person: User
) -> bool:
    """The Secretariat and a delegation's managers register its people; anyone registers self."""
    if is_secretariat(viewer) or manages_delegation(viewer, organisation_id=organisation.pk):
        return True
    return (
        viewer.user is not None
        and viewer.user.pk == person.pk
        and belongs_to(viewer, organisation_id=organisation.pk)
    )


def can_register_others(viewer: Viewer, *, organisation_id: int) -> bool:
    return is_secretariat(viewer) or manages_delegation(viewer, organisation_id=organisation_id)


def can_decide_registration(viewer: Viewer) -> bool:
    return is_secretariat(viewer)


def can_withdraw(viewer: Viewer, *, registration: Registration) -> bool:
    if is_secretariat(viewer) or manages_delegation(
        viewer, organisation_id=registration.organisation_id
    ):
        return True
    return viewer.user is not None and viewer.user.pk == registration.person_id


def can_see_registrations_of(viewer: Viewer, *, organisation_id: int) -> bool:
    """A delegation sees its own registrations; the Secretariat sees all."""
    return is_secretariat(viewer) or belongs_to(viewer, organisation_id=organisation_id)


def can_add_statement(viewer: Viewer, *, organisation_id: int) -> bool:
    """The Secretariat, or the managers and chair of the author delegation."""
    return is_secretariat(viewer) or any(
        m.organisation_id == organisation_id and m.role in DELEGATION_MANAGERS | {Role.CHAIR}
        for m in viewer.memberships
    )


def can_read_minutes(viewer: Viewer, *, minutes: Minutes | None, is_attendee: bool) -> bool:
    """Drafts are the Secretariat's; circulated minutes also the attendees'; approved, all who
    can see the activity (the caller has checked that)."""
    if minutes is None or minutes.current_version_id is None:
        return is_secretariat(viewer)
    if minutes.status == Minutes.Status.APPROVED:
        return True
    if minutes.status == Minutes.Status.CIRCULATED:
        return is_secretariat(viewer) or is_attendee
    return is_secretariat(viewer)


def can_correct_minutes(viewer: Viewer, *, minutes: Minutes | None, is_attendee: bool) -> bool:
    return (
        minutes is not None
        and minutes.status == Minutes.Status.CIRCULATED
        and viewer.user is not None
        and is_attendee
    )


def can_update_action(viewer: Viewer, *, action: ActionItem) -> bool:
    """The Secretariat, or the managers of the delegation that owns the action."""
    return is_secretariat(viewer) or manages_delegation(viewer, organisation_id=action.owner_id)


def can_subscribe(viewer: Viewer) -> bool:
    """Anyone with a current membership may have calendar feeds."""
    return viewer.user is not None and bool(viewer.memberships)
