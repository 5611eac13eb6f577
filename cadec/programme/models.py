"""The programme of a cooperation year: activities, their sessions and agenda, registrations,
statements, minutes (immutable versions), outcomes and action items, and calendar feed tokens.

Times are stored in UTC; every period has an exclusive end.
"""

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadec.members.models import Framework, Membership, Organisation, Topic, validate_time_zone


class Activity(models.Model):
    """One event of the programme: a ceremony, a meeting, a workshop, a webinar or a training."""

    class Kind(models.TextChoices):
        CEREMONY = "CEREMONY", _("ceremony")
        MINISTERIAL_MEETING = "MINISTERIAL_MEETING", _("ministerial meeting")
        SENIOR_OFFICIALS_MEETING = "SENIOR_OFFICIALS_MEETING", _("senior officials' meeting")
        WORKSHOP = "WORKSHOP", _("workshop")
        WEBINAR = "WEBINAR", _("webinar")
        TRAINING = "TRAINING", _("training")

    class Visibility(models.TextChoices):
        PUBLIC = "PUBLIC", _("public")
        MEMBERS = "MEMBERS", _("members only")

    class Status(models.TextChoices):
        SCHEDULED = "SCHEDULED", _("scheduled")
        CANCELLED = "CANCELLED", _("cancelled")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="activities")
    # The iCalendar UID: stable for the life of the activity, whatever else changes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    visibility = models.CharField(_("visibility"), max_length=8, choices=Visibility.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone of the organisers"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
    )
    # The online room: the configured video-conference base URL plus this unguessable name.
    room_name = models.CharField(_("room name"), max_length=64, unique=True)
    seats_per_delegation = models.PositiveSmallIntegerField(_("seats per delegation"), default=5)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("themes and sectors"), related_name="activities", blank=True
    )
    organisers = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisers (co-chairs)"),
        related_name="organised_activities",
        blank=True,
    )
    invited = models.ManyToManyField(
        Organisation,
        verbose_name=_("invited organisations"),
        related_name="activity_invitations",
        blank=True,
        help_text=_("Observers and partners invited to a members-only activity."),
    )
    is_demonstration = models.BooleanField(_("demonstration data"), default=False)
    source = models.URLField(_("source"), blank=True)
    # RFC 5545 SEQUENCE: raised whenever the time, title, place or status changes.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(seats_per_delegation__gte=1), name="activity_at_least_one_seat"
            ),
            models.CheckConstraint(
                condition=Q(status="CANCELLED", cancelled_at__isnull=False)
                | (~Q(status="CANCELLED") & Q(cancelled_at__isnull=True)),
                name="activity_cancelled_at_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["framework", "starts_at"], name="activity_framework_start_idx"),
            models.Index(fields=["visibility", "starts_at"], name="activity_visibility_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Session(models.Model):
    """A sitting of an activity, with its own period and agenda."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("session")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M} UTC)"


class AgendaItem(models.Model):
    """One item of a session's agenda, taken in order, with its planned duration."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(pgettext_lazy("place in order", "position"))
    title = models.CharField(_("title"), max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))

    class Meta:
        verbose_name = _("agenda item")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="agenda_item_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1), name="agenda_item_positive_duration"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Speaker(models.Model):
    """A speaker on an agenda item, named as the programme prints them."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    position = models.PositiveSmallIntegerField(pgettext_lazy("place in order", "position"))
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("speaker")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"], name="speaker_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """A person registered by (or for) their delegation; the Secretariat approves or declines."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("awaiting approval")
        APPROVED = "APPROVED", _("approved")
        DECLINED = "DECLINED", _("declined")
        WITHDRAWN = "WITHDRAWN", _("withdrawn")

    class Attendance(models.TextChoices):
        NOT_RECORDED = "NOT_RECORDED", _("not recorded")
        PRESENT = "PRESENT", _("present")
        ABSENT = "ABSENT", _("absent")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registrations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)
    attendance = models.CharField(
        _("attendance"),
        max_length=12,
        choices=Attendance.choices,
        default=Attendance.NOT_RECORDED,
    )
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"], name="registration_one_per_person"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["APPROVED", "DECLINED"]) | Q(decided_at__isnull=False),
                name="registration_decision_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "organisation"], name="registration_delegation_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.activity.title} ({self.status})"


class Statement(models.Model):
    """A text a delegation contributes to an activity: a letter, a minister's statement …"""

    class Kind(models.TextChoices):
        CONGRATULATORY_LETTER = "CONGRATULATORY_LETTER", _("congratulatory letter")
        MINISTERS_STATEMENT = "MINISTERS_STATEMENT", _("minister's statement")
        OPENING_REMARKS = "OPENING_REMARKS", _("opening remarks")
        STATEMENT = "STATEMENT", _("statement")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="statements")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("author delegation"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=10)
    body = models.TextField(_("text"))
    delivered_by = models.CharField(_("delivered by"), max_length=200, blank=True)
    is_demonstration = models.BooleanField(_("demonstration data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("date label", "added"))

    class Meta:
        verbose_name = _("statement")

    def __str__(self) -> str:
        return f"{self.title} — {self.organisation}"


class Minutes(models.Model):
    """The record of an activity: drafted, circulated for corrections, approved once.

    The text lives in immutable ``MinutesVersion`` rows; ``current_version`` points at the last.
    """

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("draft")
        CIRCULATED = "CIRCULATED", _("circulated for corrections")
        APPROVED = "APPROVED", _("approved")

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    current_version = models.ForeignKey(
        "MinutesVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    circulated_at = models.DateTimeField(_("circulated"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_version = models.ForeignKey(
        "MinutesVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="APPROVED", approved_at__isnull=False)
                & Q(approved_version__isnull=False)
                | (~Q(status="APPROVED") & Q(approved_at__isnull=True))
                & Q(approved_version__isnull=True),
                name="minutes_approval_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.activity.title}"


class MinutesVersion(models.Model):
    """One version of the minutes' text; never changed once written."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("minutes version")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A minutes version is immutable: write a new version instead.")
        super().save(*args, **kwargs)


class MinutesCorrection(models.Model):
    """A correction an attendee asks for while the minutes are circulated."""

    version = models.ForeignKey(
        MinutesVersion, on_delete=models.CASCADE, related_name="corrections"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="minutes_corrections"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("correction"))
    created_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("correction to the minutes")

    def __str__(self) -> str:
        return f"Correction by {self.author} to {self.version}"


class Outcome(models.Model):
    """A result an activity reached (a conclusion, an agreement to act)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField(pgettext_lazy("place in order", "position"))
    text = models.TextField(pgettext_lazy("meeting outcome", "outcome"))
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = pgettext_lazy("meeting outcome", "outcome")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "position"], name="outcome_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity.title} — outcome {self.position}"


class ActionItem(models.Model):
    """Something a delegation undertook to do by a date."""

    class Status(models.TextChoices):
        OPEN = "OPEN", pgettext_lazy("action item status", "open")
        IN_PROGRESS = "IN_PROGRESS", _("in progress")
        DONE = "DONE", _("done")
        DROPPED = "DROPPED", _("dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="action_items")
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner delegation"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("recorded"))
    updated_at = models.DateTimeField(_("updated"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        indexes = [models.Index(fields=["status", "due_date"], name="action_item_due_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.owner}, due {self.due_date:%Y-%m-%d})"

    def is_overdue(self, on: date) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_date < on


class FeedToken(models.Model):
    """The secret behind a calendar feed URL; it serves only while its membership is current.

    The URL's secret is an HMAC of the token's id and nonce under the site's secret key, so it is
    never stored, can be shown again to its owner, and dies with the membership or a new token.
    """

    class Scope(models.TextChoices):
        PERSON = "PERSON", _("my registrations")
        DELEGATION = "DELEGATION", _("my delegation's programme")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="feed_tokens")
    scope = models.CharField(_("feed"), max_length=10, choices=Scope.choices)
    nonce = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "scope"],
                condition=Q(revoked_at__isnull=True),
                name="feed_token_one_live_per_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} feed of {self.membership}"
