"""Who may do what: pure predicates over a ``Viewer`` (a person and their current memberships).

Services enforce them; selectors use them to filter; templates receive their results as flags.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.http import HttpRequest

from cadec.members.models import Country, Membership, Organisation, Participation, User

Role = Membership.Role

MFA_ROLES = frozenset({Role.HEAD_OF_DELEGATION, Role.CHAIR, Role.SECRETARIAT})


@dataclass(frozen=True)
class Viewer:
    """The person behind a request on one date, with the memberships current on that date."""

    user: User | None
    on: date
    memberships: tuple[Membership, ...] = ()
    chair_country_id: int | None = None
    roles: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(m.role for m in self.memberships))

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_superuser(self) -> bool:
        return self.user is not None and self.user.is_superuser

    @property
    def delegation_country_ids(self) -> frozenset[int]:
        return frozenset(
            m.organisation.country_id
            for m in self.memberships
            if m.organisation.kind == Organisation.Kind.DELEGATION and m.organisation.country_id
        )


def has_access(viewer: Viewer) -> bool:
    """A person keeps access while at least one membership is current (or they administer)."""
    return viewer.is_superuser or bool(viewer.memberships)


def requires_mfa(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.roles & MFA_ROLES)


def is_secretariat(viewer: Viewer) -> bool:
    return viewer.is_superuser or Role.SECRETARIAT in viewer.roles


def is_chair(viewer: Viewer) -> bool:
    """The chair's powers follow the rotation: a CHAIR membership of this year's chair country."""
    return any(
        m.role == Role.CHAIR
        and viewer.chair_country_id is not None
        and m.organisation.country_id == viewer.chair_country_id
        for m in viewer.memberships
    )


def can_view_people(viewer: Viewer) -> bool:
    return has_access(viewer)


def can_manage_members(viewer: Viewer) -> bool:
    return is_secretariat(viewer)


def can_see_membership_history(viewer: Viewer, *, person: User) -> bool:
    return is_secretariat(viewer) or (viewer.user is not None and viewer.user.pk == person.pk)


def counts_for_consensus(participation: Participation | None, *, on: date) -> bool:
    """Participating members count for consensus; observers are heard but do not."""
    return (
        participation is not None
        and participation.kind == Participation.Kind.MEMBER
        and participation.is_current(on)
    )


def is_delegation_of(viewer: Viewer, *, country: Country) -> bool:
    return country.pk in viewer.delegation_country_ids


class ViewerRequest(HttpRequest):
    """A request after the membership middleware: it carries the ``viewer``."""

    viewer: Viewer
    user: User  # signed-in views only; the middleware replaces revoked users by anonymous


def viewer_of(request: HttpRequest) -> Viewer:
    return cast(ViewerRequest, request).viewer


def set_viewer(request: HttpRequest, viewer: Viewer) -> None:
    cast(ViewerRequest, request).viewer = viewer
