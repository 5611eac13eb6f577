"""Who may do what in a negotiation: pure predicates over a ``Viewer``.

Delegates, heads of delegation and focal points act for their delegation; the chair (the ASEAN
Chair of the viewer's date, ``members.permissions.is_chair``) issues revisions, recommends on
amendments and declares consensus; the Secretariat keeps the working text with the chair.
Observers read and may state positions, which are heard but never count for consensus.
A delegation's private drafts and unpublished positions are its own: nobody else sees them, not
even the chair.
"""

from cadec.members.models import Membership, Organisation
from cadec.members.permissions import Viewer, has_access, is_chair, is_secretariat
from cadec.negotiation.models import Amendment, Confirmation, Document, Position

Role = Membership.Role
DELEGATION_ROLES = frozenset({Role.HEAD_OF_DELEGATION, Role.DELEGATE, Role.FOCAL_POINT})


def _in_framework(viewer: Viewer, framework_id: int) -> bool:
    return viewer.is_superuser or any(
        m.organisation.framework_id == framework_id for m in viewer.memberships
    )


def delegation_of(viewer: Viewer, *, framework_id: int) -> Organisation | None:
    """The delegation the viewer acts for in a framework (the chair acts as chair, not here)."""
    for m in viewer.memberships:
        if (
            m.role in DELEGATION_ROLES
            and m.organisation.kind == Organisation.Kind.DELEGATION
            and m.organisation.framework_id == framework_id
        ):
            return m.organisation
    return None


def position_holder_of(viewer: Viewer, *, framework_id: int) -> Organisation | None:
    """Whose position the viewer states: their delegation, or their observer organisation."""
    delegation = delegation_of(viewer, framework_id=framework_id)
    if delegation is not None:
        return delegation
    for m in viewer.memberships:
        if (
            m.role == Role.OBSERVER
            and m.organisation.kind == Organisation.Kind.OBSERVER
            and m.organisation.framework_id == framework_id
        ):
            return m.organisation
    return None


def head_delegation_of(viewer: Viewer, *, framework_id: int) -> Organisation | None:
    """The delegation the viewer heads in a framework: heads speak for their member."""
    for m in viewer.memberships:
        if (
            m.role == Role.HEAD_OF_DELEGATION
            and m.organisation.kind == Organisation.Kind.DELEGATION
            and m.organisation.framework_id == framework_id
        ):
            return m.organisation
    return None


def is_head_of(viewer: Viewer, *, delegation_id: int) -> bool:
    return any(
        m.role == Role.HEAD_OF_DELEGATION and m.organisation_id == delegation_id
        for m in viewer.memberships
    )


def chairs(viewer: Viewer, *, document: Document) -> bool:
    """The chair of the viewer's date, in the document's framework."""
    return is_chair(viewer) and any(
        m.role == Role.CHAIR and m.organisation.framework_id == document.framework_id
        for m in viewer.memberships
    )


def can_view_document(viewer: Viewer, *, document: Document) -> bool:
    """Texts under negotiation are for the cooperation's members, observers included."""
    return has_access(viewer) and _in_framework(viewer, document.framework_id)


def can_create_document(viewer: Viewer) -> bool:
    return is_chair(viewer) or is_secretariat(viewer)


def is_open(document: Document) -> bool:
    return document.status == Document.Status.NEGOTIATING


def can_edit_text(viewer: Viewer, *, document: Document) -> bool:
    """The working text between revisions is kept by the chair and the Secretariat."""
    return is_open(document) and (
        chairs(viewer, document=document)
        or (is_secretariat(viewer) and _in_framework(viewer, document.framework_id))
    )


def can_issue_revision(viewer: Viewer, *, document: Document) -> bool:
    return is_open(document) and chairs(viewer, document=document)


def can_declare(viewer: Viewer, *, document: Document) -> bool:
    return is_open(document) and chairs(viewer, document=document)


def can_recommend(viewer: Viewer, *, document: Document) -> bool:
    return is_open(document) and chairs(viewer, document=document)


def can_amend(viewer: Viewer, *, document: Document, party_country_ids: frozenset[int]) -> bool:
    """Participating members' delegations table amendments; observers do not."""
    delegation = delegation_of(viewer, framework_id=document.framework_id)
    return (
        is_open(document) and delegation is not None and delegation.country_id in party_country_ids
    )


def owns(viewer: Viewer, *, organisation_id: int, framework_id: int) -> bool:
    holder = position_holder_of(viewer, framework_id=framework_id)
    return holder is not None and holder.pk == organisation_id


def can_see_amendment(viewer: Viewer, *, amendment: Amendment, framework_id: int) -> bool:
    """A private draft is seen by its own delegation only."""
    if amendment.status != Amendment.Status.DRAFT:
        return True
    return owns(viewer, organisation_id=amendment.delegation_id, framework_id=framework_id)


def can_edit_amendment(viewer: Viewer, *, amendment: Amendment, framework_id: int) -> bool:
    return amendment.status == Amendment.Status.DRAFT and owns(
        viewer, organisation_id=amendment.delegation_id, framework_id=framework_id
    )


def can_withdraw_amendment(viewer: Viewer, *, amendment: Amendment, framework_id: int) -> bool:
    return amendment.status in (
        Amendment.Status.DRAFT,
        Amendment.Status.SUBMITTED,
    ) and owns(viewer, organisation_id=amendment.delegation_id, framework_id=framework_id)


def can_see_position(viewer: Viewer, *, position: Position, framework_id: int) -> bool:
    """An unpublished position is seen by its own delegation only."""
    return position.published or owns(
        viewer, organisation_id=position.organisation_id, framework_id=framework_id
    )


def can_state_position(viewer: Viewer, *, document: Document) -> bool:
    return (
        is_open(document)
        and position_holder_of(viewer, framework_id=document.framework_id) is not None
    )


def can_answer(viewer: Viewer, *, confirmation: Confirmation) -> bool:
    """A capital answers through its head of delegation."""
    return is_head_of(viewer, delegation_id=confirmation.delegation_id)


def speaks_for_member(
    viewer: Viewer, *, document: Document, party_country_ids: frozenset[int]
) -> bool:
    """A participating member's delegation (delegates and heads): footnotes on the record."""
    delegation = delegation_of(viewer, framework_id=document.framework_id)
    return delegation is not None and delegation.country_id in party_country_ids


def heads_member(viewer: Viewer, *, document: Document, party_country_ids: frozenset[int]) -> bool:
    """The head of a participating member's delegation: breaks silence, opts out, joins later,
    endorses the adopted text."""
    delegation = head_delegation_of(viewer, framework_id=document.framework_id)
    return delegation is not None and delegation.country_id in party_country_ids
