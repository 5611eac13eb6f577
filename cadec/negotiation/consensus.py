"""The consensus rule and the life of a paragraph's status, as pure functions.

A paragraph is agreed when no participating member objects; observers are heard but do not
count (``members.permissions.counts_for_consensus``). Its status runs open → bracketed →
agreed ad referendum (awaiting capitals until a deadline) → agreed, and "nothing is agreed until
everything is agreed": every agreement stays provisional until the whole text is agreed, so a
later objection or a change of text reopens it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from cadec.negotiation.models import Paragraph, Position

Status = Paragraph.Status
Stance = Position.Stance
DECLARED = frozenset({Status.AD_REFERENDUM, Status.AGREED})


@dataclass(frozen=True)
class Stated:
    """A published position: whose (the country behind the organisation, if any) and what."""

    country_id: int | None
    stance: str
    organisation: str = ""


def blocking(*, parties: Iterable[int], positions: Iterable[Stated]) -> list[Stated]:
    """The objections that block consensus: those of participating members only."""
    party_ids = frozenset(parties)
    # An observer's objection is recorded but does not block consensus.
    return [
        p
        for p in positions
        if p.stance == Stance.OBJECT and p.country_id is not None and p.country_id in party_ids
    ]


def has_consensus(*, parties: Iterable[int], positions: Iterable[Stated]) -> bool:
    return not blocking(parties=parties, positions=positions)


def settled(*, status: str, has_brackets: bool, blocked: bool) -> Status:
    """The status a paragraph stands at after a change, given what was declared before.

    Brackets in the text or a blocking objection make it bracketed (and undo an agreement); an
    agreement declared by the chair stands otherwise; anything else is open.
    """
    if has_brackets or blocked:
        return Status.BRACKETED
    if status in DECLARED:
        return Status(status)
    return Status.OPEN


def may_declare(
    *,
    target: str,
    has_brackets: bool,
    blocked: bool,
    pending_confirmations: int,
) -> str | None:
    """Why the chair may not declare ``target`` now, in the active language, or None when they
    may."""
    if target not in DECLARED:
        return None
    if has_brackets:
        return gettext("the text still holds square brackets; agree the bracketed text first")
    if blocked:
        return gettext("a participating member objects")
    if target == Status.AGREED and pending_confirmations:
        return ngettext(
            "%(count)s capital has not yet confirmed the ad referendum agreement",
            "%(count)s capitals have not yet confirmed the ad referendum agreement",
            pending_confirmations,
        ) % {"count": pending_confirmations}
    return None


@dataclass(frozen=True)
class Tally:
    """How far a whole text is from agreement."""

    total: int
    agreed: int
    ad_referendum: int
    bracketed: int
    open: int

    @property
    def everything_agreed(self) -> bool:
        """Nothing is agreed until everything is agreed."""
        return self.total > 0 and self.agreed == self.total


def tally(statuses: Iterable[str]) -> Tally:
    counts = {status: 0 for status in Status.values}
    total = 0
    for status in statuses:
        counts[status] += 1
        total += 1
    return Tally(
        total=total,
        agreed=counts[Status.AGREED],
        ad_referendum=counts[Status.AD_REFERENDUM],
        bracketed=counts[Status.BRACKETED],
        open=counts[Status.OPEN],
    )
