"""Writes for the members module. Each checks permission, validates, writes and audits at once."""

import hashlib
import secrets
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cadec.core import audit
from cadec.core.errors import Conflict, DomainError, PermissionDenied
from cadec.members import permissions
from cadec.members.models import ApiToken, Membership, Organisation, User, validate_time_zone
from cadec.members.permissions import Viewer
from cadec.members.selectors import viewer_for

TOKEN_PREFIX = "cadec_"  # noqa: S105 (a public marker, not a secret)
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def _check_preferences(*, time_zone: str, language: str) -> None:
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise DomainError(
            "time_zone: " + _("“%(value)s” is not an IANA time zone.") % {"value": time_zone},
            field="time_zone",
        ) from error
    if language not in LANGUAGE_CODES:
        raise DomainError(
            "language: "
            + _("“%(value)s” is not offered; choose one of %(options)s.")
            % {"value": language, "options": ", ".join(sorted(LANGUAGE_CODES))},
            field="language",
        )


def _require_manager(viewer: Viewer) -> None:
    if not permissions.can_manage_members(viewer):
        raise PermissionDenied(_("Only the Secretariat manages people and memberships."))


@transaction.atomic
def register_person(
    *,
    viewer: Viewer,
    username: str,
    email: str,
    display_name: str,
    organisation: Organisation,
    role: str,
    start_date: date,
    end_date: date | None = None,
    time_zone: str | None = None,
    language: str = "en",
    password: str | None = None,
    now: datetime,
) -> User:
    """Register a person with their first membership; the time zone defaults to their country's.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises DomainError: a field is invalid (the message names it); nothing is written.
    """
    _require_manager(viewer)
    username = username.strip()
    if not username:
        raise DomainError("username: " + _("a user name is required."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(
            "username: " + _("“%(value)s” is already taken.") % {"value": username},
            field="username",
        )
    if time_zone is None:
        time_zone = organisation.country.primary_time_zone if organisation.country else "UTC"
    _check_preferences(time_zone=time_zone, language=language)
    user = User(
        username=username,
        email=email.strip(),
        display_name=display_name.strip(),
        time_zone=time_zone,
        language=language,
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise DomainError("password: " + " ".join(error.messages), field="password") from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        action="person.registered", target=user, actor=viewer.user, now=now, username=username
    )
    add_membership(
        viewer=viewer,
        person=user,
        organisation=organisation,
        role=role,
        start_date=start_date,
        end_date=end_date,
        now=now,
    )
    return user


@transaction.atomic
def add_membership(
    *,
    viewer: Viewer,
    person: User,
    organisation: Organisation,
    role: str,
    start_date: date,
    end_date: date | None = None,
    now: datetime,
) -> Membership:
    """Give ``person`` a role in ``organisation`` from ``start_date`` until ``end_date``.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises DomainError: the role does not fit the organisation or the dates are reversed.
    """
    _require_manager(viewer)
    if role not in Membership.Role.values:
        raise DomainError(
            "role: "
            + _("“%(value)s” is not a role; choose one of %(options)s.")
            % {"value": role, "options": ", ".join(Membership.Role.values)},
            field="role",
        )
    delegation_roles = {
        Membership.Role.HEAD_OF_DELEGATION,
        Membership.Role.DELEGATE,
        Membership.Role.FOCAL_POINT,
        Membership.Role.CHAIR,
    }
    if role in delegation_roles and organisation.kind != Organisation.Kind.DELEGATION:
        raise DomainError(
            "role: "
            + _("a %(role)s belongs to a member delegation, not to %(organisation)s.")
            % {"role": Membership.Role(role).label, "organisation": organisation},
            field="role",
        )
    if role == Membership.Role.SECRETARIAT and organisation.kind != Organisation.Kind.SECRETARIAT:
        raise DomainError(
            "role: "
            + _("a Secretariat officer belongs to the Secretariat, not to %(organisation)s.")
            % {"organisation": organisation},
            field="role",
        )
    if end_date is not None and end_date <= start_date:
        raise DomainError("end_date: " + _("the end must come after the start."), field="end_date")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=person,
                organisation=organisation,
                role=role,
                start_date=start_date,
                end_date=end_date,
                created_at=now,
            )
    except IntegrityError as error:
        raise Conflict(_("This person already has that role there from that date.")) from error
    audit.record(
        action="membership.added",
        target=membership,
        actor=viewer.user,
        now=now,
        person=person.pk,
        organisation=organisation.pk,
        role=role,
        start_date=start_date.isoformat(),
        end_date=end_date.isoformat() if end_date else None,
    )
    return membership


@transaction.atomic
def end_membership(
    *, viewer: Viewer, membership: Membership, end_date: date, now: datetime
) -> Membership:
    """End a membership on ``end_date`` (exclusive). From that date its sessions and tokens die.

    :raises PermissionDenied: the viewer is not the Secretariat.
    :raises DomainError: the end is not after the start, or the membership already ended sooner.
    """
    _require_manager(viewer)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if end_date <= membership.start_date:
        raise DomainError(
            "end_date: "
            + _("the end must come after the start (%(start)s).")
            % {"start": membership.start_date.isoformat()},
            field="end_date",
        )
    if membership.end_date is not None and membership.end_date <= end_date:
        raise Conflict(
            "end_date: "
            + _("this membership already ends on %(end)s.")
            % {"end": membership.end_date.isoformat()},
            field="end_date",
        )
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    still_member = (
        Membership.objects.filter(user_id=membership.user_id, start_date__lte=end_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=end_date))
        .exists()
    )
    if not still_member:
        # Tokens die with the access they were made under; a later membership does not revive
        # them. (Sessions die at once: the session hash covers the memberships.)
        access_ends_at = datetime.combine(end_date, time.min, tzinfo=UTC)
        ApiToken.objects.filter(
            user_id=membership.user_id, revoked_at__isnull=True, expires_at__gt=access_ends_at
        ).update(expires_at=access_ends_at)
    audit.record(
        action="membership.ended",
        target=membership,
        actor=viewer.user,
        now=now,
        end_date=end_date.isoformat(),
    )
    return membership


@transaction.atomic
def update_preferences(
    *,
    user: User,
    language: str | None = None,
    time_zone: str | None = None,
    display_name: str | None = None,
    now: datetime,
) -> User:
    """Change a person's own language, time zone or displayed name.

    :raises DomainError: the language or time zone is not one CADEC knows.
    """
    language = user.language if language is None else language
    time_zone = user.time_zone if time_zone is None else time_zone
    _check_preferences(time_zone=time_zone, language=language)
    user.language, user.time_zone = language, time_zone
    if display_name is not None:
        user.display_name = display_name.strip()
    user.save(update_fields=["language", "time_zone", "display_name"])
    audit.record(
        action="person.preferences_changed",
        target=user,
        actor=user,
        now=now,
        language=language,
        time_zone=time_zone,
    )
    return user


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_token(
    *, viewer: Viewer, name: str, now: datetime, lifetime: timedelta = timedelta(days=90)
) -> tuple[ApiToken, str]:
    """Create an API token for the viewer; the raw value is returned once and never stored.

    :raises PermissionDenied: the viewer has no current membership.
    :raises DomainError: the name is empty or the lifetime out of range.
    """
    if viewer.user is None or not permissions.has_access(viewer):
        raise PermissionDenied(_("Only current members can create API tokens."))
    name = name.strip()
    if not name:
        raise DomainError(
            "name: " + _("give the token a name, e.g. the client that will use it."), field="name"
        )
    if not timedelta(hours=1) <= lifetime <= timedelta(days=366):
        raise DomainError(
            "expires_in_days: " + _("a token lives between 1 hour and 366 days."),
            field="expires_in_days",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=viewer.user,
        name=name,
        prefix=raw[:12],
        key_hash=_hash_token(raw),
        created_at=now,
        expires_at=now + lifetime,
    )
    audit.record(action="api_token.created", target=token, actor=viewer.user, now=now, name=name)
    return token, raw


@transaction.atomic
def revoke_api_token(*, viewer: Viewer, token_id: int, now: datetime) -> ApiToken:
    """Revoke one of the viewer's own tokens (the Secretariat may revoke anyone's).

    :raises PermissionDenied: the token is someone else's.
    """
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if (
        token is None
        or (viewer.user is None)
        or (token.user_id != viewer.user.pk and not permissions.is_secretariat(viewer))
    ):
        raise PermissionDenied(_("You can revoke only your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit.record(action="api_token.revoked", target=token, actor=viewer.user, now=now)
    return token


class TokenRejected(DomainError):
    status = 401


def authenticate_api_token(*, raw: str, now: datetime) -> Viewer:
    """Return the viewer behind a bearer token if it is valid now and a membership is current.

    :raises TokenRejected: unknown, revoked or expired token, or membership ended.
    """
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash_token(raw)).first()
    if token is None:
        raise TokenRejected(_("The API token is not valid."))
    viewer = viewer_for(user=token.user, on=now.date())
    if not token.user.is_active or not permissions.has_access(viewer):
        raise TokenRejected(_("The membership behind this API token has ended."))
    if token.revoked_at is not None:
        raise TokenRejected(_("The API token was revoked."))
    if token.expires_at <= now:
        raise TokenRejected(_("The API token has expired; create a new one on your account page."))
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return viewer
