"""The members API: a thin router over the same selectors and services as the pages."""

from datetime import date, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from cadec.members import permissions, selectors, services
from cadec.members.models import ApiToken, Membership, User
from cadec.members.schemas import (
    ChairOut,
    CountryOut,
    ErrorOut,
    FrameworkDetailOut,
    FrameworkOut,
    MembershipEndIn,
    MembershipIn,
    MembershipOut,
    OrganisationOut,
    PersonDetailOut,
    PersonIn,
    PersonOut,
    PreferencesIn,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)

router = Router(tags=["members"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


_viewer = permissions.viewer_of


def _member(request: HttpRequest) -> User:
    """The signed-in person of an authenticated operation."""
    user = permissions.viewer_of(request).user
    assert user is not None, "operation is authenticated"  # noqa: S101 (ninja's auth ran)
    return user


def _person_out(person: User, memberships: list[Membership]) -> dict:
    return {
        "id": person.pk,
        "username": person.username,
        "display_name": str(person),
        "time_zone": person.time_zone,
        "language": person.language,
        "memberships": memberships,
    }


@router.get("/countries", response=list[CountryOut], auth=None, url_name="countries")
def list_countries(request: HttpRequest):
    return selectors.countries()


@router.get(
    "/countries/{code}", response={200: CountryOut, 404: ErrorOut}, auth=None, url_name="country"
)
def get_country(request: HttpRequest, code: str):
    return selectors.get_country(code=code)


@router.get("/frameworks", response=list[FrameworkOut], auth=None, url_name="frameworks")
def list_frameworks(request: HttpRequest):
    return selectors.frameworks()


@router.get(
    "/frameworks/{slug}",
    response={200: FrameworkDetailOut, 404: ErrorOut},
    auth=None,
    url_name="framework",
)
def get_framework(request: HttpRequest, slug: str, on: date | None = None):
    framework = selectors.get_framework(slug=slug)
    on = on or timezone.localdate()
    return {
        "slug": framework.slug,
        "name": framework.name,
        "description": framework.description,
        "working_language": framework.working_language,
        "co_chair": framework.co_chair,
        "on": on,
        "participations": [
            {
                "country": p.country,
                "kind": p.kind,
                "status_label": p.status_label,
                "start_date": p.start_date,
                "end_date": p.end_date,
                "counts_for_consensus": permissions.counts_for_consensus(p, on=on),
            }
            for p in selectors.participations(framework=framework)
        ],
        "years": list(framework.years.order_by("year")),
        "topics": list(framework.topics.order_by("kind", "pk")),
    }


@router.get(
    "/frameworks/{slug}/chair",
    response={200: ChairOut, 404: ErrorOut},
    auth=None,
    url_name="framework_chair",
)
def get_chair(request: HttpRequest, slug: str, on: date | None = None):
    """Who chairs on a date (default today); ``known`` is false where no source names a chair."""
    chair = selectors.chair_on(
        framework=selectors.get_framework(slug=slug), on=on or timezone.localdate()
    )
    return {
        "on": chair.on,
        "year": chair.year,
        "known": chair.known,
        "country": chair.country,
        "status": chair.status,
        "note": chair.note,
        "sources": chair.sources,
    }


@router.get("/organisations", response=list[OrganisationOut], auth=None, url_name="organisations")
def list_organisations(request: HttpRequest):
    return selectors.organisations()


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: ErrorOut},
    auth=None,
    url_name="organisation",
)
def get_organisation(request: HttpRequest, organisation_id: int):
    return selectors.get_organisation(organisation_id=organisation_id)


@router.get("/people", response={200: list[PersonOut], **ERRORS}, url_name="people")
def list_people(request: HttpRequest):
    return [_person_out(p, []) for p in selectors.people(viewer=_viewer(request))]


@router.post("/people", response={201: PersonDetailOut, **ERRORS}, url_name="people_create")
def create_person(request: HttpRequest, payload: PersonIn):
    viewer = _viewer(request)
    if not permissions.can_manage_members(viewer):
        return Status(403, {"detail": _("Only the Secretariat registers people.")})
    organisation = selectors.get_organisation(organisation_id=payload.organisation_id)
    person = services.register_person(
        viewer=viewer,
        username=payload.username,
        email=payload.email,
        display_name=payload.display_name,
        organisation=organisation,
        role=payload.role,
        start_date=payload.start_date,
        end_date=payload.end_date,
        time_zone=payload.time_zone,
        language=payload.language,
        now=timezone.now(),
    )
    memberships = list(selectors.memberships_of(viewer=viewer, person=person))
    return Status(201, _person_out(person, memberships))


@router.get("/people/{person_id}", response={200: PersonDetailOut, **ERRORS}, url_name="person")
def get_person(request: HttpRequest, person_id: int):
    viewer = _viewer(request)
    person = selectors.get_person(viewer=viewer, person_id=person_id)
    return _person_out(person, list(selectors.memberships_of(viewer=viewer, person=person)))


@router.post("/memberships", response={201: MembershipOut, **ERRORS}, url_name="memberships")
def add_membership(request: HttpRequest, payload: MembershipIn):
    viewer = _viewer(request)
    if not permissions.can_manage_members(viewer):
        return Status(403, {"detail": _("Only the Secretariat manages memberships.")})
    person = selectors.get_person(viewer=viewer, person_id=payload.person_id)
    organisation = selectors.get_organisation(organisation_id=payload.organisation_id)
    return Status(
        201,
        services.add_membership(
            viewer=viewer,
            person=person,
            organisation=organisation,
            role=payload.role,
            start_date=payload.start_date,
            end_date=payload.end_date,
            now=timezone.now(),
        ),
    )


@router.post(
    "/memberships/{membership_id}/end",
    response={200: MembershipOut, **ERRORS},
    url_name="membership_end",
)
def end_membership(request: HttpRequest, membership_id: int, payload: MembershipEndIn):
    viewer = _viewer(request)
    membership = selectors.get_membership(viewer=viewer, membership_id=membership_id)
    return services.end_membership(
        viewer=viewer, membership=membership, end_date=payload.end_date, now=timezone.now()
    )


@router.get("/me", response={200: PersonDetailOut, **ERRORS}, url_name="me")
def get_me(request: HttpRequest):
    viewer = _viewer(request)
    return _person_out(_member(request), list(viewer.memberships))


@router.patch("/me", response={200: PersonOut, **ERRORS}, url_name="me_update")
def update_me(request: HttpRequest, payload: PreferencesIn):
    user = services.update_preferences(
        user=_member(request),
        now=timezone.now(),
        **payload.dict(),
    )
    return _person_out(user, [])


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, url_name="tokens")
def list_tokens(request: HttpRequest):
    return ApiToken.objects.filter(user=_viewer(request).user).order_by("-created_at")


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS}, url_name="tokens_create")
def create_token(request: HttpRequest, payload: TokenIn):
    token, raw = services.create_api_token(
        viewer=_viewer(request),
        name=payload.name,
        now=timezone.now(),
        lifetime=timedelta(days=payload.expires_in_days),
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": raw})


@router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS}, url_name="token_revoke")
def revoke_token(request: HttpRequest, token_id: int):
    return services.revoke_api_token(viewer=_viewer(request), token_id=token_id, now=timezone.now())
