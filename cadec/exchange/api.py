"""The exchange API: a thin router over the same search, selectors and services as the pages."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status, UploadedFile

from cadec.core.api_auth import BearerToken, SessionAuth
from cadec.core.errors import DomainError
from cadec.exchange import attachments, search, selectors, services, translation
from cadec.exchange.schemas import (
    AttachmentOut,
    ExpertOut,
    ListingIn,
    ListingOut,
    MachineTranslationOut,
    MatchOut,
    MatchStatusIn,
    ModerationIn,
    PracticeDetailOut,
    PracticeIn,
    PracticeOut,
    SearchOut,
    TranslationIn,
    TranslationOut,
)
from cadec.members.models import Topic
from cadec.members.permissions import viewer_of
from cadec.members.schemas import ErrorOut


def _anyone(request: HttpRequest) -> bool:
    """Published practices need no sign-in; a token or a session also shows the caller's drafts
    (with ``auth=None`` a client's token would be ignored)."""
    return True


PUBLIC = [BearerToken(), SessionAuth(), _anyone]
router = Router(tags=["exchange"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class SearchQuery(Schema):
    q: str = ""
    country: str = ""
    sector: str = ""
    theme: str = ""
    language: str = ""
    limit: int = 20


def _topics(codes: list[str], kind: str, field: str) -> tuple[Topic, ...]:
    found = {t.code: t for t in Topic.objects.filter(kind=kind, code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise DomainError(
            _("%(field)s: unknown code “%(code)s”.") % {"field": field, "code": missing[0][:50]},
            field=field,
        )
    return tuple(found[c] for c in codes)


def _practice_data(payload: PracticeIn) -> services.PracticeData:
    return services.PracticeData(
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        language=payload.language,
        results=payload.results,
        contact=payload.contact,
        sectors=_topics(payload.sectors, Topic.Kind.SECTOR, "sectors"),
        themes=_topics(payload.themes, Topic.Kind.THEME, "themes"),
    )


@router.get("/practices", response=SearchOut, auth=PUBLIC, url_name="exchange_practices")
def search_practices(request: HttpRequest, params: Query[SearchQuery]):
    """Search published practices (and your delegation's drafts) in any language."""
    return search.search_practices(
        query=params.q,
        viewer=viewer_of(request),
        filters=search.SearchFilters(
            country=params.country,
            sector=params.sector,
            theme=params.theme,
            language=params.language,
        ),
        limit=max(1, min(params.limit, 100)),
    )


@router.post(
    "/practices",
    response={201: PracticeDetailOut, **ERRORS},
    url_name="exchange_practices_create",
)
def create_practice(request: HttpRequest, payload: PracticeIn):
    practice = services.create_practice(
        viewer=viewer_of(request), data=_practice_data(payload), now=timezone.now()
    )
    return Status(
        201, selectors.get_practice_for(viewer=viewer_of(request), practice_id=practice.pk)
    )


@router.get(
    "/practices/{practice_id}",
    response={200: PracticeDetailOut, **ERRORS},
    auth=PUBLIC,
    url_name="exchange_practice",
)
def get_practice(request: HttpRequest, practice_id: int):
    return selectors.get_practice_for(viewer=viewer_of(request), practice_id=practice_id)


@router.put(
    "/practices/{practice_id}",
    response={200: PracticeDetailOut, **ERRORS},
    url_name="exchange_practice_update",
)
def update_practice(request: HttpRequest, practice_id: int, payload: PracticeIn):
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    services.update_practice(
        viewer=viewer, practice=practice, data=_practice_data(payload), now=timezone.now()
    )
    return selectors.get_practice_for(viewer=viewer, practice_id=practice_id)


@router.post(
    "/practices/{practice_id}/submit",
    response={200: PracticeOut, **ERRORS},
    url_name="exchange_practice_submit",
)
def submit_practice(request: HttpRequest, practice_id: int):
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    services.submit_practice(viewer=viewer, practice=practice, now=timezone.now())
    return selectors.get_practice_for(viewer=viewer, practice_id=practice_id)


@router.post(
    "/practices/{practice_id}/moderation",
    response={200: PracticeOut, **ERRORS},
    url_name="exchange_practice_moderate",
)
def moderate_practice(request: HttpRequest, practice_id: int, payload: ModerationIn):
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    if payload.decision == "publish":
        services.publish_practice(viewer=viewer, practice=practice, now=timezone.now())
    else:
        services.return_practice(
            viewer=viewer, practice=practice, reason=payload.reason, now=timezone.now()
        )
    return selectors.get_practice_for(viewer=viewer, practice_id=practice_id)


@router.post(
    "/practices/{practice_id}/translations",
    response={201: TranslationOut, **ERRORS},
    url_name="exchange_practice_translations_create",
)
def add_translation(request: HttpRequest, practice_id: int, payload: TranslationIn):
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    translation = services.add_translation(
        viewer=viewer, practice=practice, now=timezone.now(), **payload.dict()
    )
    return Status(201, translation)


@router.get(
    "/practices/{practice_id}/similar",
    response={200: list[PracticeOut], **ERRORS},
    auth=PUBLIC,
    url_name="exchange_practice_similar",
)
def similar_practices(request: HttpRequest, practice_id: int):
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    return [h.practice for h in search.similar_practices(practice=practice, viewer=viewer)]


@router.get(
    "/practices/{practice_id}/machine-translation",
    response={200: MachineTranslationOut, **ERRORS, 503: ErrorOut},
    auth=PUBLIC,
    url_name="exchange_practice_machine_translation",
)
def machine_translation(request: HttpRequest, practice_id: int, language: str = ""):
    """The practice's title and summary machine-translated into ``language`` (by the
    configured LibreTranslate server; 503 when there is none): never reviewed by a person."""
    practice = selectors.get_practice_for(viewer=viewer_of(request), practice_id=practice_id)
    return translation.translate_practice(practice=practice, language=language[:10])


@router.post(
    "/practices/{practice_id}/attachments",
    response={201: AttachmentOut, **ERRORS},
    url_name="exchange_practice_attachments_create",
)
def attach_file(request: HttpRequest, practice_id: int, file: File[UploadedFile | None] = None):
    """Attach a file to a practice (multipart/form-data, field ``file``): a PDF, PNG, JPEG or
    Word (.docx) document of 5 MB at most, its type checked by its content. Its delegation
    attaches to a practice before publication, the Secretariat at any time."""
    viewer = viewer_of(request)
    practice = selectors.get_practice_for(viewer=viewer, practice_id=practice_id)
    attachment = services.attach_upload(
        viewer=viewer, practice=practice, upload=file, now=timezone.now()
    )
    return Status(201, attachment)


@router.get(
    "/attachments/{attachment_id}",
    response={200: None, **ERRORS},
    auth=PUBLIC,
    url_name="exchange_attachment",
)
def download_attachment(request: HttpRequest, attachment_id: int):
    """The file itself, as a download (``Content-Disposition: attachment``) under its checked
    type; the files of a practice are seen by whoever may see the practice."""
    attachment = selectors.get_attachment_for(
        viewer=viewer_of(request), attachment_id=attachment_id
    )
    return attachments.download(attachment)


@router.get(
    "/moderation", response={200: list[PracticeOut], **ERRORS}, url_name="exchange_moderation"
)
def moderation_queue(request: HttpRequest):
    return list(
        selectors.moderation_queue(viewer=viewer_of(request)).prefetch_related("sectors", "themes")
    )


def _listing_data(payload: ListingIn) -> services.ListingData:
    return services.ListingData(
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        language=payload.language,
        sectors=_topics(payload.sectors, Topic.Kind.SECTOR, "sectors"),
        themes=_topics(payload.themes, Topic.Kind.THEME, "themes"),
    )


@router.get("/needs", response={200: list[ListingOut], **ERRORS}, url_name="exchange_needs")
def list_needs(request: HttpRequest):
    return list(selectors.needs(viewer=viewer_of(request))[:500])


@router.post("/needs", response={201: ListingOut, **ERRORS}, url_name="exchange_needs_create")
def create_need(request: HttpRequest, payload: ListingIn):
    need = services.create_need(
        viewer=viewer_of(request), data=_listing_data(payload), now=timezone.now()
    )
    return Status(201, selectors.get_need_for(viewer=viewer_of(request), need_id=need.pk))


@router.get("/offers", response={200: list[ListingOut], **ERRORS}, url_name="exchange_offers")
def list_offers(request: HttpRequest):
    return list(selectors.offers(viewer=viewer_of(request))[:500])


@router.post("/offers", response={201: ListingOut, **ERRORS}, url_name="exchange_offers_create")
def create_offer(request: HttpRequest, payload: ListingIn):
    offer = services.create_offer(
        viewer=viewer_of(request), data=_listing_data(payload), now=timezone.now()
    )
    return Status(201, selectors.offers(viewer=viewer_of(request)).get(pk=offer.pk))


@router.post(
    "/needs/{need_id}/matches",
    response={200: list[MatchOut], **ERRORS},
    url_name="exchange_need_suggest",
)
def suggest_matches(request: HttpRequest, need_id: int):
    """Suggest offers and practices for a need; return all of its matches."""
    from cadec.core.errors import PermissionDenied
    from cadec.exchange import permissions

    viewer = viewer_of(request)
    need = selectors.get_need_for(viewer=viewer, need_id=need_id)
    if not (permissions.is_party_to(viewer, listing=need) or permissions.can_moderate(viewer)):
        raise PermissionDenied(_("Only the delegation that asked and the Secretariat do this."))
    services.suggest_matches(need=need, now=timezone.now())
    return list(selectors.matches(viewer=viewer, need=need))


@router.get("/matches", response={200: list[MatchOut], **ERRORS}, url_name="exchange_matches")
def list_matches(request: HttpRequest):
    return list(selectors.matches(viewer=viewer_of(request))[:500])


@router.post(
    "/matches/{match_id}/status",
    response={200: MatchOut, **ERRORS},
    url_name="exchange_match_status",
)
def advance_match(request: HttpRequest, match_id: int, payload: MatchStatusIn):
    viewer = viewer_of(request)
    match = selectors.get_match_for(viewer=viewer, match_id=match_id)
    return services.advance_match(
        viewer=viewer, match=match, status=payload.status, now=timezone.now()
    )


@router.get("/experts", response={200: list[ExpertOut], **ERRORS}, url_name="exchange_experts")
def list_experts(request: HttpRequest, topic: str = ""):
    return list(selectors.experts(viewer=viewer_of(request), topic=topic[:50]))
