"""The consensus document as diplomats draft it: documents, immutable versions, paragraphs with
immutable revisions, amendments, positions, ad referendum confirmations and the event log.

Negotiated text is never edited in place: a paragraph points to its current ``ParagraphRevision``
and a document to its current ``DocumentVersion``; both are append-only rows. Every change also
writes one ``Event`` (see ``events.py``) in the same transaction.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadec.members.models import Framework, Organisation


class Document(models.Model):
    """A text under negotiation, e.g. ACDEC/2020/1, with the deadline to reach consensus."""

    class Status(models.TextChoices):
        NEGOTIATING = "NEGOTIATING", _("under negotiation")
        UNDER_SILENCE = "UNDER_SILENCE", _("under silence procedure")
        ADOPTED = "ADOPTED", _("adopted")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="documents")
    symbol = models.CharField(_("symbol"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    deadline = models.DateTimeField(_("consensus due by"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEGOTIATING
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Counters advanced under the document's row lock: events, paragraph keys, amendment numbers.
    last_sequence = models.PositiveIntegerField(default=0)
    paragraph_count = models.PositiveIntegerField(default=0)
    amendment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}"


class DocumentVersion(models.Model):
    """An issued version: the zero draft (number 0), Rev.1, Rev.2 … Never changed once written."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("number"))
    issued_at = models.DateTimeField(pgettext_lazy("date label", "issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    content_sha256 = models.CharField(_("SHA-256 of the canonical text"), max_length=64)

    class Meta:
        verbose_name = _("version")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} {self.label}"

    @property
    def label(self) -> str:
        return version_label(self.number)


def version_label(number: int) -> str:
    return str(_("Zero draft")) if number == 0 else f"Rev.{number}"


class Paragraph(models.Model):
    """A paragraph's identity across versions; its text lives in ``ParagraphRevision`` rows."""

    class Kind(models.TextChoices):
        PREAMBULAR = "PREAMBULAR", _("preambular")
        OPERATIVE = "OPERATIVE", _("operative")
        HEADING = "HEADING", _("heading")

    class Status(models.TextChoices):
        OPEN = "OPEN", pgettext_lazy("paragraph status", "open")
        BRACKETED = "BRACKETED", _("bracketed")
        AD_REFERENDUM = "AD_REFERENDUM", _("agreed ad referendum")
        AGREED = "AGREED", _("agreed")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField(_("key"), max_length=16)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    position = models.PositiveIntegerField(pgettext_lazy("place in order", "position"))
    current = models.ForeignKey(
        "ParagraphRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    ad_referendum_deadline = models.DateTimeField(_("capitals confirm by"), null=True, blank=True)
    ad_referendum_round = models.PositiveSmallIntegerField(default=0)
    # ASEAN-minus-X: members may opt out of a flexible paragraph and join later (Participation).
    flexible = models.BooleanField(_("flexible (members may opt out)"), default=False)
    removed_at = models.DateTimeField(pgettext_lazy("date label", "removed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("paragraph")
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="paragraph_unique_key"),
            models.CheckConstraint(condition=Q(level__lte=3), name="paragraph_level_0_to_3"),
            models.CheckConstraint(
                condition=Q(status="AD_REFERENDUM", ad_referendum_deadline__isnull=False)
                | (~Q(status="AD_REFERENDUM") & Q(ad_referendum_deadline__isnull=True)),
                name="paragraph_ad_referendum_has_deadline",
            ),
        ]
        indexes = [models.Index(fields=["document", "position"], name="paragraph_order_idx")]

    def __str__(self) -> str:
        return f"{self.document.symbol} {self.key}"


class ParagraphRevision(models.Model):
    """One text of a paragraph: its label, its bracketed text and who holds each bracket."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    label = models.CharField(_("number"), max_length=32, blank=True)
    text = models.TextField(_("text"))
    # {"<bracket index>": ["VNM", "THA"]}: the delegations holding each bracket, by the order of
    # its opening "[" in the text (see brackets.py).
    attributions = models.JSONField(_("bracket holders"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("paragraph revision")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "number"], name="paragraph_revision_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_id} r{self.number}"


class VersionParagraph(models.Model):
    """Which paragraph revision stands where in an issued version."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="entries")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(ParagraphRevision, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "paragraph"], name="version_paragraph_unique"
            ),
            models.UniqueConstraint(
                fields=["version", "position"], name="version_paragraph_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.position}"


class Amendment(models.Model):
    """A delegation's proposal to change one paragraph of a version, with co-sponsors."""

    class Kind(models.TextChoices):
        INSERT = "INSERT", _("insert")
        DELETE = "DELETE", _("delete")
        REPLACE = "REPLACE", _("replace")
        ALTERNATIVE = "ALTERNATIVE", _("alternative")

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("private draft")
        SUBMITTED = "SUBMITTED", _("tabled")
        WITHDRAWN = "WITHDRAWN", _("withdrawn")
        MERGED = "MERGED", _("merged")

    class Recommendation(models.TextChoices):
        PENDING = "PENDING", _("no recommendation yet")
        ACCEPT = "ACCEPT", _("accept")
        REJECT = "REJECT", _("do not retain")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)  # given when tabled
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="amendments")
    base_revision = models.ForeignKey(ParagraphRevision, on_delete=models.PROTECT, related_name="+")
    base_version = models.ForeignKey(
        DocumentVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The amendment acts on the paragraph as a whole: INSERT adds a new paragraph after it,
    # DELETE removes it, REPLACE and ALTERNATIVE stand for its whole text.
    whole_paragraph = models.BooleanField(_("the whole paragraph"), default=False)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    target = models.TextField(_("existing words"), blank=True)
    text = models.TextField(_("proposed text"), blank=True)
    diff = models.JSONField(default=list, blank=True)  # [[op, text], …] shown in lists
    delegation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="amendments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    recommendation = models.CharField(
        _("chair's recommendation"),
        max_length=16,
        choices=Recommendation.choices,
        default=Recommendation.PENDING,
    )
    recommendation_note = models.TextField(_("chair's note"), blank=True)
    recommended_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"))
    submitted_at = models.DateTimeField(_("tabled"), null=True, blank=True)
    merged_into = models.ForeignKey(
        DocumentVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )

    class Meta:
        verbose_name = _("amendment")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="amendment_unique_number"),
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="amendment_span_order"),
            models.CheckConstraint(
                condition=~Q(status__in=["SUBMITTED", "MERGED"]) | Q(number__isnull=False),
                name="amendment_numbered_when_tabled",
            ),
            models.CheckConstraint(
                condition=~Q(status="DRAFT") | Q(number__isnull=True),
                name="amendment_draft_unnumbered",
            ),
            models.CheckConstraint(
                condition=Q(status="MERGED", merged_into__isnull=False)
                | (~Q(status="MERGED") & Q(merged_into__isnull=True)),
                name="amendment_merged_into_a_version",
            ),
        ]
        indexes = [models.Index(fields=["document", "status"], name="amendment_status_idx")]

    def __str__(self) -> str:
        return f"{self.document.symbol} {self.reference}"

    @property
    def reference(self) -> str:
        return f"A-{self.number}" if self.number else str(_("draft %(id)s")) % {"id": self.pk}


class AmendmentSponsor(models.Model):
    """A delegation that joined an amendment as a co-sponsor."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="sponsors")
    delegation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(_("joined"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "delegation"], name="amendment_sponsor_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amendment_id} {self.delegation_id}"


class Position(models.Model):
    """A delegation's stance on a paragraph or an amendment; unpublished ones are its own."""

    class Stance(models.TextChoices):
        SUPPORT = "SUPPORT", _("support")
        CAN_ACCEPT = "CAN_ACCEPT", _("can accept")
        RESERVATION = "RESERVATION", _("reservation")
        OBJECT = "OBJECT", _("object")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="positions")
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="positions"
    )
    amendment = models.ForeignKey(
        Amendment, null=True, blank=True, on_delete=models.CASCADE, related_name="positions"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(
        pgettext_lazy("delegation's stance", "position"), max_length=16, choices=Stance.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    on_revision = models.PositiveIntegerField(_("stated on revision"))
    stated_at = models.DateTimeField(_("stated"))
    stated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = pgettext_lazy("delegation's stance", "position")
        constraints = [
            models.CheckConstraint(
                condition=Q(paragraph__isnull=False, amendment__isnull=True)
                | Q(paragraph__isnull=True, amendment__isnull=False),
                name="position_on_one_thing",
            ),
            models.UniqueConstraint(
                fields=["paragraph", "organisation", "published"],
                condition=Q(paragraph__isnull=False),
                name="position_one_per_paragraph",
            ),
            models.UniqueConstraint(
                fields=["amendment", "organisation", "published"],
                condition=Q(amendment__isnull=False),
                name="position_one_per_amendment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.stance} {'p' if self.paragraph_id else 'a'}"


class Confirmation(models.Model):
    """A capital's answer awaited for a paragraph agreed ad referendum."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="confirmations")
    round = models.PositiveSmallIntegerField()
    delegation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    confirmed = models.BooleanField(_("confirmed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("ad referendum confirmation")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "round", "delegation"], name="confirmation_unique"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, confirmed__isnull=True)
                | Q(answered_at__isnull=False, confirmed__isnull=False),
                name="confirmation_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_id} round {self.round} {self.delegation_id}"


class Participation(models.Model):
    """ASEAN-minus-X: a member that opted out of a flexible paragraph, and when it joined later."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="participations"
    )
    delegation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    opted_out_at = models.DateTimeField(_("opted out"))
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "delegation"], name="participation_unique"
            ),
            models.CheckConstraint(
                condition=Q(joined_at__isnull=True) | Q(joined_at__gte=F("opted_out_at")),
                name="participation_joins_after_opting_out",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_id} {self.delegation_id}"


class Footnote(models.Model):
    """A delegation's statement on a paragraph, kept on the record and printed with the text."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="footnotes")
    delegation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("footnote")

    def __str__(self) -> str:
        return f"{self.paragraph_id} {self.delegation_id}"


class SilenceProcedure(models.Model):
    """The chair puts an issued version under silence; unbroken at the deadline, it is adopted."""

    class Status(models.TextChoices):
        RUNNING = "RUNNING", _("silence running")
        BROKEN = "BROKEN", _("silence broken")
        ADOPTED = "ADOPTED", _("silence kept: adopted")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="silences")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="+")
    content_sha256 = models.CharField(_("SHA-256 of the canonical text"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    started_at = models.DateTimeField(_("started"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline = models.DateTimeField(_("silence until"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    broken_by = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    broken_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    break_reason = models.TextField(_("reason for breaking silence"), blank=True)

    class Meta:
        verbose_name = _("silence procedure")
        constraints = [
            # One procedure at a time per document.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status="RUNNING"),
                name="silence_one_running",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("started_at")), name="silence_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="RUNNING", closed_at__isnull=True)
                | (~Q(status="RUNNING") & Q(closed_at__isnull=False)),
                name="silence_closed_when_ended",
            ),
            models.CheckConstraint(
                condition=~Q(status="BROKEN") | Q(broken_by__isnull=False),
                name="silence_broken_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} silence {self.pk} {self.status}"


class Adoption(models.Model):
    """The adopted text: once per document (the primary key is the document), bound by hash."""

    class Via(models.TextChoices):
        DECISION = "DECISION", _("decision of the meeting")
        SILENCE = "SILENCE", _("silence procedure")

    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, primary_key=True, related_name="adoption"
    )
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="+")
    content_sha256 = models.CharField(_("SHA-256 of the canonical text"), max_length=64)
    via = models.CharField(_("adopted through"), max_length=16, choices=Via.choices)
    silence = models.OneToOneField(
        SilenceProcedure, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("adoption")
        constraints = [
            models.CheckConstraint(
                condition=Q(via="SILENCE", silence__isnull=False)
                | Q(via="DECISION", silence__isnull=True),
                name="adoption_silence_when_by_silence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} adopted {self.content_sha256[:12]}"


class Endorsement(models.Model):
    """A head of delegation endorses the adopted text by its SHA-256, once per delegation."""

    adoption = models.ForeignKey(Adoption, on_delete=models.PROTECT, related_name="endorsements")
    delegation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    content_sha256 = models.CharField(_("SHA-256 endorsed"), max_length=64)
    endorsed_at = models.DateTimeField(_("endorsed"))
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("endorsement")
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "delegation"], name="endorsement_once_per_delegation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adoption_id} {self.delegation_id}"


class Event(models.Model):
    """One change to a document, in order: the record the Merkle log (``ledger.py``) hashes.

    ``payload`` holds the canonical content of the change (negotiated text NFC-normalised,
    paragraphs by key, delegations by ISO code), enough for ``events.replay`` to rebuild every
    version without the other tables. Rows are only ever inserted.
    """

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=48)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payload = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("event")
        constraints = [
            models.UniqueConstraint(fields=["document", "sequence"], name="event_unique_sequence"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="event_sequence_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.sequence} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("An event is appended once and never changed.")
        super().save(*args, **kwargs)


class Checkpoint(models.Model):
    """A signed statement of the log's size and Merkle root (RFC 6962) at one moment.

    ``note`` is the exact text that was signed with the installation's Ed25519 key (see
    ``ledger.py``); a delegation that kept an earlier checkpoint can prove the log only grew.
    """

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="checkpoints")
    tree_size = models.PositiveIntegerField(_("events covered"))
    root_sha256 = models.CharField(_("Merkle root"), max_length=64)
    note = models.TextField()
    signature = models.CharField(max_length=128)  # base64 of the 64-byte Ed25519 signature
    key_id = models.CharField(_("key"), max_length=64)
    created_at = models.DateTimeField(_("signed"))

    class Meta:
        verbose_name = _("checkpoint")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "tree_size"], name="checkpoint_unique_size"
            ),
            models.CheckConstraint(condition=Q(tree_size__gte=1), name="checkpoint_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}@{self.tree_size}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A checkpoint is signed once and never changed.")
        super().save(*args, **kwargs)
