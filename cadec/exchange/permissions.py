"""Who may do what in the exchange: pure predicates over a ``Viewer``."""

from cadec.exchange.models import Match, Need, Offer, Practice
from cadec.members.models import Membership, Organisation
from cadec.members.permissions import Viewer, has_access, is_secretariat

Role = Membership.Role
DELEGATION_ROLES = frozenset({Role.HEAD_OF_DELEGATION, Role.DELEGATE, Role.FOCAL_POINT})


def delegations_of(viewer: Viewer) -> list[Organisation]:
    """The delegations in which the viewer may speak (not the chair's seat, not observers)."""
    return [
        m.organisation
        for m in viewer.memberships
        if m.organisation.kind == Organisation.Kind.DELEGATION and m.role in DELEGATION_ROLES
    ]


def can_share_practices(viewer: Viewer) -> bool:
    return bool(delegations_of(viewer)) or is_secretariat(viewer)


def can_view_practice(viewer: Viewer, *, practice: Practice) -> bool:
    """Published practices are public; drafts only for their delegation and the Secretariat."""
    if practice.status == Practice.Status.PUBLISHED:
        return True
    return is_secretariat(viewer) or practice.country_id in viewer.delegation_country_ids


def can_edit_practice(viewer: Viewer, *, practice: Practice) -> bool:
    if is_secretariat(viewer):
        return True
    return practice.status != Practice.Status.PUBLISHED and any(
        d.pk == practice.organisation_id for d in delegations_of(viewer)
    )


def can_submit_practice(viewer: Viewer, *, practice: Practice) -> bool:
    return practice.status == Practice.Status.DRAFT and can_edit_practice(viewer, practice=practice)


def can_moderate(viewer: Viewer) -> bool:
    return is_secretariat(viewer)


def can_translate_practice(viewer: Viewer, *, practice: Practice) -> bool:
    return has_access(viewer) and can_view_practice(viewer, practice=practice)


def can_post_listing(viewer: Viewer) -> bool:
    return bool(delegations_of(viewer))


def can_view_listings(viewer: Viewer) -> bool:
    return has_access(viewer)


def is_party_to(viewer: Viewer, *, listing: Need | Offer) -> bool:
    return any(d.pk == listing.delegation_id for d in delegations_of(viewer))


def can_follow_match(viewer: Viewer, *, match: Match) -> bool:
    """The delegation that asked, the one that offered, and the Secretariat follow a match."""
    if is_secretariat(viewer) or is_party_to(viewer, listing=match.need):
        return True
    return match.offer is not None and is_party_to(viewer, listing=match.offer)


def can_view_experts(viewer: Viewer) -> bool:
    return has_access(viewer)


def can_list_self_as_expert(viewer: Viewer) -> bool:
    return has_access(viewer) and bool(viewer.memberships)
