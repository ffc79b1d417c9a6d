"""Titles: films, shows, their seasons and episodes, and what is known about each."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cinemeter.catalog.kinds import FILM_KINDS, SHOW_KINDS, TitleKind
from cinemeter.catalog.querysets import TitleFilters
from cinemeter.catalog.vocabulary import release_note
from cinemeter.core.models import BaseModel


class TitleQuerySet(TitleFilters["Title"]):
    """`Title.objects`: the chainable filters of `querysets.TitleFilters`, bound to `Title`."""


class Title(BaseModel):
    """One film, show, season or episode. Written by catalogue services (admin, importers).

    Seasons hang off their show and episodes off their season through `parent`, numbered by
    `season_number` / `episode_number`; the database enforces that shape.
    """

    # Not indexed alone: title_kind_year_idx starts with it.
    kind = models.CharField(max_length=12, choices=TitleKind.choices)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField("display title", max_length=300)
    original_title = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Release year, or first year of a show."
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last year of a show that has ended."
    )
    runtime_minutes = models.PositiveIntegerField(null=True, blank=True)
    plot = models.TextField(blank=True)
    tagline = models.CharField(max_length=300, blank=True)
    release_date = models.DateField(null=True, blank=True, help_text="First release.")
    original_language = models.CharField(
        max_length=8, blank=True, help_text="ISO 639-1 code, e.g. en."
    )
    genres = models.ManyToManyField("catalog.Genre", related_name="titles", blank=True)
    countries = models.ManyToManyField("catalog.Country", related_name="titles", blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        help_text="The show of a season; the season of an episode.",
        db_index=False,  # title_parent_numbers_idx starts with it
    )
    season_number = models.PositiveSmallIntegerField(null=True, blank=True)
    episode_number = models.PositiveIntegerField(null=True, blank=True)

    objects = TitleQuerySet.as_manager()

    class Meta:
        ordering = ["title", "year"]
        indexes = [
            models.Index(fields=["kind", "year"], name="title_kind_year_idx"),
            # Films and shows have no parent: only seasons and episodes are indexed.
            models.Index(
                fields=["parent", "season_number", "episode_number"],
                condition=Q(parent__isnull=False),
                name="title_parent_numbers_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(year__isnull=True)
                | Q(end_year__gte=models.F("year")),
                name="title_end_year_not_before_year",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1870, year__lte=2200),
                name="title_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[TitleKind.SEASON, TitleKind.EPISODE], parent__isnull=False)
                | (~Q(kind__in=[TitleKind.SEASON, TitleKind.EPISODE]) & Q(parent__isnull=True)),
                name="title_only_seasons_and_episodes_have_parent",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TitleKind.SEASON) | Q(season_number__isnull=False),
                name="title_season_has_number",
            ),
            models.UniqueConstraint(
                fields=["parent", "season_number"],
                condition=Q(kind=TitleKind.SEASON),
                name="title_unique_season_number",
            ),
            models.UniqueConstraint(
                fields=["parent", "episode_number"],
                condition=Q(kind=TitleKind.EPISODE),
                name="title_unique_episode_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:title", kwargs={"slug": self.slug})

    @property
    def is_film(self) -> bool:
        return self.kind in FILM_KINDS

    @property
    def is_show(self) -> bool:
        return self.kind in SHOW_KINDS

    @property
    def is_season(self) -> bool:
        return self.kind == TitleKind.SEASON

    @property
    def is_episode(self) -> bool:
        return self.kind == TitleKind.EPISODE

    @property
    def years_label(self) -> str:
        """ "1996" for a film, "2005–2007" or "2005–" for a show."""
        if not self.year:
            return ""
        if not self.is_show:
            return str(self.year)
        return (
            f"{self.year}–{self.end_year or ''}" if self.end_year != self.year else str(self.year)
        )

    @property
    def shows_original_title(self) -> bool:
        return bool(self.original_title) and self.original_title != self.title

    @property
    def display_title(self) -> str:
        """The title in the reader's language when a selector annotated `localized_title`
        (`TitleQuerySet.for_listing`), else the catalogue's main title.
        """
        localized: str | None = getattr(self, "localized_title", None)
        return localized or self.title

    @property
    def original_title_shown(self) -> str:
        """The name to show as "Original title", or "" when the page already shows it."""
        original = self.original_title or self.title
        return "" if original == self.display_title else original


class AlternativeTitle(models.Model):
    """A title a film is known by in a region or language (an "AKA"). Written by importers."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="alternative_titles")
    name = models.CharField(max_length=300)
    region = models.CharField(max_length=4, blank=True, help_text="ISO 3166 code, e.g. NL.")
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639 code, e.g. nl.")
    kind = models.CharField(
        max_length=40, blank=True, help_text="e.g. working, festival, alternative."
    )

    class Meta:
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "name", "region", "language"], name="alternativetitle_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.region or '-'}]"


class ReleaseType(models.TextChoices):
    PREMIERE = "premiere", _("Premiere")
    THEATRICAL = "theatrical", _("Theatrical")
    DIGITAL = "digital", _("Digital")
    PHYSICAL = "physical", _("Physical")
    TV = "tv", _("TV")


class ReleaseDate(models.Model):
    """One release of a title in one country and form. Written by editors and importers."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="release_dates")
    country = models.ForeignKey(
        "catalog.Country", on_delete=models.PROTECT, related_name="release_dates"
    )
    type = models.CharField(max_length=12, choices=ReleaseType.choices)
    date = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "country", "type", "date"], name="releasedate_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.country_id} {self.type}"

    @property
    def note_display(self) -> str:
        """The note; one the importers write themselves ("Limited") in the reader's language."""
        return release_note(self.note)
