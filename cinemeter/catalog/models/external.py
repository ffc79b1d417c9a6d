"""Links to other databases: their ids for our rows, and their ratings of our titles."""

from django.db import models
from django.db.models import Q


class ExternalSource(models.TextChoices):
    # TMDb numbers movies, shows, people and companies independently, so each is its own
    # source; IMDb's tt/nm prefixes already keep titles and names apart.
    IMDB = "imdb", "IMDb"
    TMDB_MOVIE = "tmdb_movie", "TMDb movie"
    TMDB_TV = "tmdb_tv", "TMDb TV"
    TMDB_PERSON = "tmdb_person", "TMDb person"
    TMDB_COMPANY = "tmdb_company", "TMDb company"
    MOVIELENS = "movielens", "MovieLens"
    WIKIDATA = "wikidata", "Wikidata"
    # filmbrainz names the companies on a disc's packaging without numbering them: the
    # slug of the printed name is their id there (`ingest_home_video`).
    FILMBRAINZ = "filmbrainz", "filmbrainz"
    # MusicBrainz ids are UUIDs, unique across its entities: labels (companies) and artists
    # (people) share the source (`ingest_musicbrainz`).
    MUSICBRAINZ = "musicbrainz", "MusicBrainz"


class ExternalId(models.Model):
    """One id that another database gives one of our titles, people or companies.

    Written by importers and editors. (source, value) is unique, so every importer resolves the
    same film to the same row; exactly one of title / person / company is set.
    """

    source = models.CharField(max_length=16, choices=ExternalSource.choices)
    value = models.CharField(max_length=40)
    title = models.ForeignKey(
        "catalog.Title",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="external_ids",
        db_index=False,  # indexed where set only: see Meta.indexes
    )
    person = models.ForeignKey(
        "catalog.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="external_ids",
        db_index=False,  # indexed where set only: see Meta.indexes
    )
    company = models.ForeignKey(
        "catalog.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="external_ids",
        db_index=False,  # indexed where set only: see Meta.indexes
    )

    class Meta:
        # Two of the three targets are NULL on every row: index each only where it is set,
        # so a row costs one target index entry, not three.
        indexes = [
            models.Index(
                fields=[name],
                condition=Q(**{f"{name}__isnull": False}),
                name=f"externalid_{name}_idx",
            )
            for name in ("title", "person", "company")
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "value"], name="externalid_unique_value"),
            models.CheckConstraint(
                condition=Q(title__isnull=False, person__isnull=True, company__isnull=True)
                | Q(title__isnull=True, person__isnull=False, company__isnull=True)
                | Q(title__isnull=True, person__isnull=True, company__isnull=False),
                name="externalid_exactly_one_target",
            ),
            models.CheckConstraint(condition=~Q(value=""), name="externalid_value_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.value}"

    @property
    def url(self) -> str:
        if self.source == ExternalSource.IMDB:
            kind = "name" if self.value.startswith("nm") else "title"
            return f"https://www.imdb.com/{kind}/{self.value}/"
        paths = {
            ExternalSource.TMDB_MOVIE: "movie",
            ExternalSource.TMDB_TV: "tv",
            ExternalSource.TMDB_PERSON: "person",
        }
        if self.source == ExternalSource.WIKIDATA:
            return f"https://www.wikidata.org/wiki/{self.value}"
        if self.source == ExternalSource.MUSICBRAINZ:
            kind = "label" if self.company_id else "artist" if self.person_id else ""
            return f"https://musicbrainz.org/{kind}/{self.value}" if kind else ""
        if self.source in paths:
            return f"https://www.themoviedb.org/{paths[ExternalSource(self.source)]}/{self.value}"
        return ""


class ExternalRating(models.Model):
    """Another site's score for a title (IMDb 5.7 from 81,665 votes). Written by importers."""

    title = models.ForeignKey(
        "catalog.Title", on_delete=models.CASCADE, related_name="external_ratings"
    )
    source = models.CharField(max_length=16, choices=ExternalSource.choices)
    value = models.DecimalField(max_digits=4, decimal_places=1)
    votes = models.PositiveIntegerField(default=0)
    fetched_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["title", "source"], name="externalrating_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=10), name="externalrating_value_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.value} ({self.votes})"
