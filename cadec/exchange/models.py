"""Practices and their translations, needs and offers, matches between them, and experts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadec.members.models import Country, Organisation, Topic

LANGUAGE_CHOICES = settings.LANGUAGES


class Practice(models.Model):
    """An experience, case study or innovative technology shared by a delegation."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("draft")
        SUBMITTED = "SUBMITTED", _("submitted for moderation")
        PUBLISHED = "PUBLISHED", _("published")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    body = models.TextField(_("text"), blank=True, help_text=_("Sanitised HTML."))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="practices")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="practices"
    )
    sectors = models.ManyToManyField(
        Topic, blank=True, related_name="practices_in_sector", limit_choices_to={"kind": "SECTOR"}
    )
    themes = models.ManyToManyField(
        Topic, blank=True, related_name="practices_in_theme", limit_choices_to={"kind": "THEME"}
    )
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    results = models.TextField(_("results"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    is_demonstration = models.BooleanField(_("demonstration data"), default=False)
    # Plain text of everything searchable (title, summary, body, results, translations).
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("practice")
        indexes = [
            models.Index(fields=["status", "country"], name="practice_status_country"),
            # The list without a query: newest published first, and its language facet.
            models.Index(
                fields=["status", "published_at", "updated_at"], name="practice_status_published"
            ),
            models.Index(fields=["status", "language"], name="practice_status_language"),
            # The latest change, part of the key under which the facets are cached.
            models.Index(fields=["updated_at"], name="practice_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="PUBLISHED") | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.country_id}, #{self.pk})"


class PracticeTranslation(models.Model):
    """A human translation of a practice into another language."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    body = models.TextField(_("text"), blank=True)
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("practice translation")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "language"], name="practice_translation_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class PracticeEmbedding(models.Model):
    """The semantic vector of a practice (float32 bytes), computed by the worker."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="embedding")
    vector = models.BinaryField()
    model = models.CharField(max_length=64)
    text_hash = models.CharField(max_length=64)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["computed_at"], name="practice_embedding_computed")]

    def __str__(self) -> str:
        return f"embedding of practice #{self.practice_id}"


class Kind(models.TextChoices):
    EXPERTISE = "EXPERTISE", _("expertise")
    TECHNOLOGY = "TECHNOLOGY", _("technology")
    TRAINING = "TRAINING", _("training")
    EQUIPMENT = "EQUIPMENT", _("equipment")


class ListingStatus(models.TextChoices):
    OPEN = "OPEN", pgettext_lazy("listing status", "open")
    CLOSED = "CLOSED", _("closed")


class Listing(models.Model):
    delegation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    status = models.CharField(
        _("status"), max_length=8, choices=ListingStatus.choices, default=ListingStatus.OPEN
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demonstration = models.BooleanField(_("demonstration data"), default=False)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()}, #{self.pk})"


class Need(Listing):
    """What a delegation asks for: expertise, technology, training or equipment."""

    sectors = models.ManyToManyField(Topic, blank=True, related_name="needs_in_sector")
    themes = models.ManyToManyField(Topic, blank=True, related_name="needs_in_theme")

    class Meta:
        verbose_name = _("need")


class Offer(Listing):
    """What a delegation offers: expertise, technology, training or equipment."""

    sectors = models.ManyToManyField(Topic, blank=True, related_name="offers_in_sector")
    themes = models.ManyToManyField(Topic, blank=True, related_name="offers_in_theme")

    class Meta:
        verbose_name = _("offer")


class Match(models.Model):
    """A suggested pairing of a need with an offer or a practice, and its follow-up."""

    class Status(models.TextChoices):
        SUGGESTED = "SUGGESTED", _("suggested")
        CONTACTED = "CONTACTED", _("contacted")
        IN_PROGRESS = "IN_PROGRESS", _("in progress")
        DONE = "DONE", _("done")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField(_("score"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUGGESTED
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.CheckConstraint(
                condition=Q(offer__isnull=True, practice__isnull=False)
                | Q(offer__isnull=False, practice__isnull=True),
                name="match_offer_or_practice",
            ),
            models.UniqueConstraint(
                fields=["need", "offer"], condition=Q(offer__isnull=False), name="match_need_offer"
            ),
            models.UniqueConstraint(
                fields=["need", "practice"],
                condition=Q(practice__isnull=False),
                name="match_need_practice",
            ),
        ]

    def __str__(self) -> str:
        return f"need #{self.need_id} ↔ {'offer' if self.offer_id else 'practice'} " + str(
            self.offer_id or self.practice_id
        )


class Expert(models.Model):
    """A person listed in the expert directory with their fields of expertise."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    expertise = models.TextField(_("expertise"), max_length=2000)
    topics = models.ManyToManyField(Topic, blank=True, related_name="experts")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("expert")

    def __str__(self) -> str:
        return f"{self.user} (expert #{self.pk})"


class PracticeAttachment(models.Model):
    """A file attached to a practice (PDF, image or Word document), kept in the database so it
    commits and is backed up with the practice; its type is checked by its content."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"
