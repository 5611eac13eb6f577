"""Reads for the members module; each selector owns its query cost and its permission check."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from cadec.core.errors import NotFound, PermissionDenied
from cadec.members import permissions
from cadec.members.models import (
    ChairTerm,
    Country,
    Framework,
    Membership,
    Organisation,
    Participation,
    User,
)
from cadec.members.permissions import Viewer


def current_memberships(*, user: User, on: date) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .select_related("organisation__country", "organisation__framework")
        .order_by("organisation__name", "role")
    )


def viewer_for(*, user: User | None, on: date) -> Viewer:
    """Build the viewer of a request: the person's memberships and the chair, on that date."""
    if user is None or not user.is_authenticated:
        return Viewer(user=None, on=on)
    memberships = tuple(
        sorted(
            (m for m in user.all_memberships() if m.is_current(on)),
            key=lambda m: (m.organisation.name, m.role),
        )
    )
    chair_country_id = None
    if any(m.role == Membership.Role.CHAIR for m in memberships):
        framework_ids = {m.organisation.framework_id for m in memberships}
        chair_country_id = (
            ChairTerm.objects.filter(framework_id__in=framework_ids, year=on.year)
            .values_list("country_id", flat=True)
            .first()
        )
    return Viewer(user=user, on=on, memberships=memberships, chair_country_id=chair_country_id)


@dataclass(frozen=True)
class ChairOnDate:
    """The answer to "who chairs on this date?", including "nobody we know of"."""

    on: date
    year: int
    country: Country | None
    status: str
    note: str
    sources: str
    term: ChairTerm | None

    @property
    def known(self) -> bool:
        return self.country is not None


def chair_on(*, framework: Framework, on: date) -> ChairOnDate:
    """Return the chair of ``framework`` on ``on``; the chair hands over at the year boundary."""
    term = (
        ChairTerm.objects.filter(framework=framework, year=on.year)
        .select_related("country")
        .first()
    )
    if term is None:
        return ChairOnDate(
            on=on, year=on.year, country=None, status="UNKNOWN", note="", sources="", term=None
        )
    return ChairOnDate(
        on=on,
        year=on.year,
        country=term.country,
        status=term.status,
        note=term.note,
        sources=term.sources,
        term=term,
    )


def chair_terms(*, framework: Framework) -> QuerySet[ChairTerm]:
    return ChairTerm.objects.filter(framework=framework).select_related("country").order_by("year")


def frameworks() -> QuerySet[Framework]:
    return Framework.objects.select_related("co_chair").order_by("pk")


def default_framework() -> Framework | None:
    return Framework.objects.select_related("co_chair").order_by("pk").first()


def get_framework(*, slug: str) -> Framework:
    framework = Framework.objects.select_related("co_chair").filter(slug=slug).first()
    if framework is None:
        raise NotFound(_("No framework “%(slug)s”.") % {"slug": slug}, field="slug")
    return framework


def participations(*, framework: Framework) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(framework=framework)
        .select_related("country")
        .order_by("kind", "country__name", "start_date")
    )


def participants_on(*, framework: Framework, on: date) -> list[Participation]:
    """Every country taking part in ``framework`` on ``on``."""
    return [p for p in participations(framework=framework) if p.is_current(on)]


def consensus_parties(*, framework: Framework, on: date) -> list[Country]:
    """The countries whose objection blocks consensus on ``on``: members, not observers."""
    return [
        p.country
        for p in participants_on(framework=framework, on=on)
        if permissions.counts_for_consensus(p, on=on)
    ]


def countries() -> QuerySet[Country]:
    return Country.objects.order_by("name")


def get_country(*, code: str) -> Country:
    code = code.strip().upper()
    field = "iso2" if len(code) == 2 else "iso3"
    country = Country.objects.filter(**{field: code}).first()
    if country is None:
        raise NotFound(
            _("Unknown country code “%(code)s”: use ISO 3166 alpha-2 or alpha-3.") % {"code": code},
            field="code",
        )
    return country


def organisations(*, framework: Framework | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("country", "framework").order_by("kind", "name")
    return qs.filter(framework=framework) if framework else qs


def get_organisation(*, organisation_id: int) -> Organisation:
    organisation = organisations().filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound(
            _("No organisation with id %(id)s.") % {"id": organisation_id}, field="organisation_id"
        )
    return organisation


def _require_people_access(viewer: Viewer) -> None:
    if not permissions.can_view_people(viewer):
        raise PermissionDenied(_("Only members of the cooperation can see its people."))


def people(*, viewer: Viewer, organisation: Organisation | None = None) -> QuerySet[User]:
    """People with a current membership (what members see of each other)."""
    _require_people_access(viewer)
    current = (
        Membership.objects.filter(start_date__lte=viewer.on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=viewer.on))
        .select_related("organisation__country")
        .order_by("organisation__name", "role")
    )
    if organisation is not None:
        current = current.filter(organisation=organisation)
    return (
        User.objects.filter(pk__in=current.values("user_id"))
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        .order_by("display_name", "username")
    )


def get_person(*, viewer: Viewer, person_id: int) -> User:
    _require_people_access(viewer)
    person = people(viewer=viewer).filter(pk=person_id).first()
    if person is None and permissions.is_secretariat(viewer):
        # The Secretariat also sees people whose memberships have all ended.
        person = User.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("No person with id %(id)s.") % {"id": person_id}, field="person_id")
    return person


def memberships_of(*, viewer: Viewer, person: User) -> QuerySet[Membership]:
    """A person's memberships: all of them for the Secretariat and themselves, else current."""
    qs = (
        Membership.objects.filter(user=person)
        .select_related("organisation__country")
        .order_by("-start_date", "pk")
    )
    if permissions.can_see_membership_history(viewer, person=person):
        return qs
    return qs.filter(start_date__lte=viewer.on).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=viewer.on)
    )


def get_membership(*, viewer: Viewer, membership_id: int) -> Membership:
    if not permissions.can_manage_members(viewer):
        raise PermissionDenied(_("Only the Secretariat manages memberships."))
    membership = (
        Membership.objects.select_related("user", "organisation__country")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise NotFound(
            _("No membership with id %(id)s.") % {"id": membership_id}, field="membership_id"
        )
    return membership
