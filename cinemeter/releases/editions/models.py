"""Home-video editions and their features.

An `Edition` is one release of a title on a physical or digital format (the 1998 Paramount
DVD, the 2020 Scream Factory Collector's Edition Blu-ray); its `EditionFeature` rows are its
ordered extras, each with the catalogue people in it (`FeaturePerson`). An imported edition
keeps the id its source gives it (`EditionExternalId`), so an import finds it again; the
film-level links a source gives about a title's releases (its soundtrack release, the
formats it came out on) are `TitleReleaseLink` rows. Whether a feature is
NEW on an edition is never stored: `editions.matching` computes it from every edition of the
title, and an editor can only link a renamed feature to its earlier self (`same_as`) or
override the outcome (`new_override`).
"""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cinemeter.core.models import BaseModel

# GTIN-8, UPC-A (12), EAN-13 and GTIN-14: digits only.
GTIN_VALIDATOR = RegexValidator(r"^(\d{8}|\d{12,14})$", _("A GTIN is 8, 12, 13 or 14 digits."))

# Paths under /title/<slug>/editions/ that are pages, not editions.
RESERVED_SLUGS = frozenset({"compare"})


class EditionFormat(models.TextChoices):
    VHS = "vhs", _("VHS")
    LASERDISC = "laserdisc", _("LaserDisc")
    DVD = "dvd", _("DVD")
    BLU_RAY = "blu-ray", _("Blu-ray")
    UHD = "4k-uhd", _("4K UHD Blu-ray")
    DIGITAL = "digital", _("Digital")


class DatePrecision(models.TextChoices):
    """How much of `release_date` is known: a month is stored as its first day, a year as
    1 January."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Edition(BaseModel):
    """One home-video release of a title. Written by editors (admin) and importers through
    `editions.services`, which renders the editorial text and renews the pages showing it."""

    title = models.ForeignKey("catalog.Title", on_delete=models.CASCADE, related_name="editions")
    name = models.CharField(max_length=200, help_text=_("e.g. Collector's Edition"))
    slug = models.SlugField(max_length=120, help_text=_("Unique among the title's editions."))
    label = models.ForeignKey(
        "catalog.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="editions",
    )
    format = models.CharField(max_length=12, choices=EditionFormat.choices)
    release_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    country_code = models.CharField(max_length=2, blank=True, help_text=_("ISO 3166, e.g. US."))
    region_code = models.CharField(
        max_length=12, blank=True, help_text=_("Disc region: A, B, C, 1–6, or free.")
    )
    gtin = models.CharField(
        "GTIN", max_length=14, blank=True, validators=[GTIN_VALIDATOR], help_text=_("Barcode.")
    )
    catalogue_number = models.CharField(max_length=60, blank=True)
    part_number = models.CharField(max_length=60, blank=True)
    disc_count = models.PositiveSmallIntegerField(null=True, blank=True)
    classification_board = models.CharField(max_length=40, blank=True, help_text=_("e.g. MPA"))
    classification_rating = models.CharField(max_length=20, blank=True, help_text=_("e.g. R"))
    transfer_note = models.CharField(max_length=300, blank=True)
    aspect_ratio = models.CharField(max_length=20, blank=True, help_text=_("e.g. 2.35:1"))
    audio_tracks = models.TextField(blank=True, help_text=_("One track per line."))
    subtitle_tracks = models.TextField(blank=True, help_text=_("One language per line."))
    packaging = models.CharField(max_length=120, blank=True, help_text=_("e.g. slipcover"))
    cover_file = models.ImageField(upload_to="editions/%Y/", blank=True)
    cover_url = models.URLField(max_length=500, blank=True)
    cover_attribution = models.CharField(max_length=200, blank=True)
    editorial = models.TextField(blank=True, help_text=_("Markdown."))
    # Rendered from `editorial` by the services (Markdown, then the nh3 allow-list).
    editorial_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["release_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["title", "slug"], name="edition_unique_slug_per_title"),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="edition_date_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=EditionFormat.values), name="edition_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(disc_count__isnull=True) | Q(disc_count__gte=1),
                name="edition_disc_count_positive",
            ),
            models.CheckConstraint(
                condition=Q(classification_rating="") | ~Q(classification_board=""),
                name="edition_rating_has_board",
            ),
            models.CheckConstraint(
                condition=Q(cover_file="", cover_url="") | ~Q(cover_attribution=""),
                name="edition_cover_has_attribution",
            ),
        ]
        indexes = [models.Index(fields=["release_date"], name="edition_release_date")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return reverse("releases:edition", kwargs={"slug": self.title.slug, "edition": self.slug})

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This name is taken by a page of the editions.")})
        if self.release_date is None:
            return
        if self.date_precision == DatePrecision.MONTH and self.release_date.day != 1:
            raise ValidationError({"release_date": _("A month is stored as its first day.")})
        if self.date_precision == DatePrecision.YEAR and self.release_date.timetuple()[1:3] != (
            1,
            1,
        ):
            raise ValidationError({"release_date": _("A year is stored as 1 January.")})

    @property
    def date_span(self) -> tuple[date, date] | None:
        """The first and last day the release date may be: one day, a month or a year."""
        start = self.release_date
        if start is None:
            return None
        if self.date_precision == DatePrecision.YEAR:
            return start, date(start.year, 12, 31)
        if self.date_precision == DatePrecision.MONTH:
            last = calendar.monthrange(start.year, start.month)[1]
            return start, date(start.year, start.month, last)
        return start, start

    @property
    def is_upcoming(self) -> bool:
        """Announced, not out yet: its date lies after today."""
        return self.release_date is not None and self.release_date > timezone.localdate()

    @property
    def cover(self) -> str:
        return self.cover_file.url if self.cover_file else self.cover_url

    @property
    def audio_list(self) -> list[str]:
        return [line.strip() for line in self.audio_tracks.splitlines() if line.strip()]

    @property
    def subtitle_list(self) -> list[str]:
        return [line.strip() for line in self.subtitle_tracks.splitlines() if line.strip()]


class FeatureKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    AUDIO_INTERVIEW = "audio-interview", _("Audio interview")
    COMMENTARY = "commentary", _("Commentary")
    FEATURETTE = "featurette", _("Featurette")
    DOCUMENTARY = "documentary", _("Documentary")
    DELETED_SCENES = "deleted-scenes", _("Deleted scenes")
    TRAILER = "trailer", _("Trailer")
    TV_SPOTS = "tv-spots", _("TV spots")
    STILL_GALLERY = "still-gallery", _("Still gallery")
    SHORT = "short", _("Short film")
    RESTORATION = "restoration", _("Restoration / transfer")
    OTHER = "other", _("Other")


class NewOverride(models.TextChoices):
    """An editor's last word on NEW, for what the computed match gets wrong."""

    AUTO = "auto", _("Computed")
    NEW = "new", _("Always new")
    NOT_NEW = "not-new", _("Never new")


class EditionFeature(BaseModel):
    """One extra of an edition, in the edition's order. Written through `editions.services`
    (and the edition's admin page, which calls them)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="features")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=FeatureKind.choices)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    same_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The same feature on another edition under another name (renamed)."),
    )
    new_override = models.CharField(
        "NEW", max_length=8, choices=NewOverride.choices, default=NewOverride.AUTO
    )
    people = models.ManyToManyField(
        "catalog.Person", through="FeaturePerson", related_name="edition_features", blank=True
    )

    class Meta:
        ordering = ["edition", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FeatureKind.values), name="editionfeature_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(new_override__in=NewOverride.values),
                name="editionfeature_new_override_valid",
            ),
            models.CheckConstraint(
                condition=~Q(same_as=F("id")), name="editionfeature_not_same_as_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same = self.same_as
        if same is None:
            return
        if same.edition_id == self.edition_id:
            raise ValidationError({"same_as": _("Link a feature of another edition.")})
        if same.edition.title_id != self.edition.title_id:
            raise ValidationError({"same_as": _("Link a feature of the same title's editions.")})

    @property
    def duration_label(self) -> str:
        """ "12:05", or "1:02:10" past the hour."""
        if self.duration_seconds is None:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class FeaturePerson(models.Model):
    """A catalogue person appearing in a feature, with their role there ("actor",
    "composer"). Written with the feature."""

    feature = models.ForeignKey(EditionFeature, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(
        "catalog.Person", on_delete=models.CASCADE, related_name="feature_credits"
    )
    role = models.CharField(max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["feature", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["feature", "person", "role"], name="featureperson_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.feature_id}"


class EditionSource(models.TextChoices):
    """The outside databases editions are imported from (`manage.py ingest_home_video`)."""

    THEDISCDB = "thediscdb", "TheDiscDb"
    FILMBRAINZ = "filmbrainz", "filmbrainz"


class EditionExternalId(models.Model):
    """The id an outside database gives one edition: TheDiscDb's "<film slug>/<release slug>",
    a filmbrainz release's file name. An import finds its edition again by it, so a re-run
    updates instead of adding. Written by `editions.services.edition_upsert_from_source`."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="external_ids")
    source = models.CharField(max_length=20, choices=EditionSource.choices)
    external_id = models.CharField(max_length=200)

    class Meta:
        verbose_name = "edition external id"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="editionexternalid_unique_per_source"
            ),
            models.CheckConstraint(
                condition=~Q(external_id=""), name="editionexternalid_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class ReleaseLinkKind(models.TextChoices):
    SOUNDTRACK = "soundtrack", _("Soundtrack release")
    FORMAT = "format", _("Distribution format")


class TitleReleaseLink(models.Model):
    """A film-level link an outside database gives about a title's releases: the item of its
    soundtrack release, or a format it was distributed on (Wikidata's P406 and P437, by item
    id). `format` names the edition format the item stands for, when known. Soundtrack albums
    and editions join on them; written by `editions.services.title_release_links_set`."""

    title = models.ForeignKey(
        "catalog.Title", on_delete=models.CASCADE, related_name="release_links"
    )
    source = models.CharField(max_length=20)
    kind = models.CharField(max_length=12, choices=ReleaseLinkKind.choices)
    value = models.CharField(max_length=40, help_text=_("The item's id there, e.g. Q1187341."))
    format = models.CharField(max_length=12, choices=EditionFormat.choices, blank=True)

    class Meta:
        ordering = ["title", "kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "source", "kind", "value"], name="titlereleaselink_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReleaseLinkKind.values), name="titlereleaselink_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(value=""), name="titlereleaselink_value_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source}:{self.value}"
