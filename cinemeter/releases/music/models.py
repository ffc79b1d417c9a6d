"""Soundtrack albums: what was recorded, and every pressing of it.

The names follow MusicBrainz's model, which collectors and importers already know:

- an `Album` is a *release group*: "Escape from L.A. (Original Motion Picture Score)", linked
  to the titles it belongs to (`AlbumTitle`, with the relation: score, songs, ...) and to the
  people who made it (`AlbumCredit`: composer, conductor, ...);
- a `Release` is one issue of it: the 1996 Milan CD, the 2014 expanded limited edition, a
  double-vinyl reissue, each with label, catalogue number, barcode and date;
- a `Medium` is one disc or record of a release (CD 1, the B side's LP, the digital files);
- a `Track` is one line of a medium's printed tracklist ("A1", "Dawn", 5:12), and it carries
  a `Recording`: the same recording on two releases is one row, so a reissue's tracks can be
  recognised, and a recording can name the release it first came out on.

Artist credits are stored as MusicBrainz spells them, a list of names with join phrases
(`ArtistCredit` + `ArtistCreditName`: "Shirley Walker" " & " "John Carpenter"); a name is
linked to a catalogue person where it is the same person, and otherwise shown as text.

What a release *adds* over the album's earlier releases is never stored: `music.matching`
computes it the way edition features' NEW marks are computed. Everything here is written
through `music.services`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cinemeter.core.models import BaseModel
from cinemeter.releases.editions.models import GTIN_VALIDATOR, DatePrecision

MBID_HELP = _("MusicBrainz id (a UUID), when the row came from MusicBrainz.")


class ArtistCredit(BaseModel):
    """One way of crediting artists ("Shirley Walker & John Carpenter"), shared by every
    album, release, track and recording credited that way. `key` identifies the exact list
    of names, join phrases and people, so a writer finds the row it needs instead of adding
    a copy; `text` is the joined display text."""

    key = models.CharField(max_length=64, unique=True, editable=False)
    text = models.CharField(max_length=500)

    def __str__(self) -> str:
        return self.text


class ArtistCreditName(models.Model):
    """One name of an artist credit, in order, with the phrase that joins it to the next
    (" & ", " feat. "). `person` is the catalogue person when it is the same person (John
    Carpenter the director is John Carpenter the composer); a band stays a name."""

    credit = models.ForeignKey(ArtistCredit, on_delete=models.CASCADE, related_name="names")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=300)
    join_phrase = models.CharField(max_length=40, blank=True)
    person = models.ForeignKey(
        "catalog.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="artist_credit_names",
    )
    artist_mbid = models.UUIDField(null=True, blank=True, help_text=MBID_HELP)

    class Meta:
        ordering = ["credit", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit", "order"], name="artistcreditname_unique_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AlbumType(models.TextChoices):
    """MusicBrainz's primary type of a release group."""

    ALBUM = "album", _("Album")
    SINGLE = "single", _("Single")
    EP = "ep", _("EP")
    BROADCAST = "broadcast", _("Broadcast")
    OTHER = "other", _("Other")


class Album(BaseModel):
    """A soundtrack (or other) album: a release group with its releases. Written by editors
    and the MusicBrainz importer through `music.services`."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=220, unique=True)
    album_type = models.CharField(max_length=10, choices=AlbumType.choices, default="album")
    is_soundtrack = models.BooleanField(default=False)
    is_compilation = models.BooleanField(default=False)
    artist_credit = models.ForeignKey(
        ArtistCredit, on_delete=models.PROTECT, null=True, blank=True, related_name="albums"
    )
    first_release_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    disambiguation = models.CharField(max_length=300, blank=True)
    mbid = models.UUIDField(null=True, blank=True, unique=True, help_text=MBID_HELP)
    cover_url = models.URLField(max_length=500, blank=True)
    cover_attribution = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, help_text=_("Plain text shown under the tracklist."))
    titles = models.ManyToManyField(
        "catalog.Title", through="AlbumTitle", related_name="albums", blank=True
    )

    class Meta:
        ordering = ["first_release_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(album_type__in=AlbumType.values), name="album_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="album_date_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(cover_url="") | ~Q(cover_attribution=""),
                name="album_cover_has_attribution",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("releases:album", kwargs={"album": self.slug})


class AlbumRelation(models.TextChoices):
    """How an album belongs to a title."""

    SCORE = "score", _("Original score")
    SONGS = "songs", _("Songs")
    EXPANDED_SCORE = "expanded-score", _("Expanded or complete score")
    COMPILATION = "compilation", _("Compilation")


class AlbumTitle(models.Model):
    """An album's link to a film or show, with the relation. Written by editors and the
    importer (from the release group's IMDb or Wikidata URL relation)."""

    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="title_links")
    title = models.ForeignKey("catalog.Title", on_delete=models.CASCADE, related_name="album_links")
    relation = models.CharField(max_length=16, choices=AlbumRelation.choices)

    class Meta:
        ordering = ["title", "relation", "album"]
        constraints = [
            models.UniqueConstraint(fields=["album", "title"], name="albumtitle_unique_pair"),
            models.CheckConstraint(
                condition=Q(relation__in=AlbumRelation.values), name="albumtitle_relation_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.album_id} → {self.title_id} ({self.relation})"


class AlbumCredit(models.Model):
    """Someone's part in an album beyond its artist credit ("composer", "conductor",
    "orchestrator"): a catalogue person when known, else a name."""

    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(
        "catalog.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="album_credits",
    )
    name = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["album", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""), name="albumcredit_has_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.person_id}: {self.role}"


class Release(BaseModel):
    """One issue of an album (a pressing, a reissue, a digital release). Written through
    `music.services`."""

    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="releases")
    title = models.CharField(max_length=300, help_text=_("As printed, when not the album's."))
    slug = models.SlugField(max_length=120, help_text=_("Unique among the album's releases."))
    artist_credit = models.ForeignKey(
        ArtistCredit, on_delete=models.PROTECT, null=True, blank=True, related_name="releases"
    )
    label = models.ForeignKey(
        "catalog.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="music_releases",
    )
    catalogue_number = models.CharField(max_length=60, blank=True)
    barcode = models.CharField(max_length=14, blank=True, validators=[GTIN_VALIDATOR])
    release_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    country_code = models.CharField(
        max_length=2, blank=True, help_text=_("ISO 3166, or XW (worldwide) and XE (Europe).")
    )
    status = models.CharField(max_length=20, blank=True, help_text=_("e.g. official"))
    packaging = models.CharField(max_length=60, blank=True)
    edition_note = models.CharField(
        max_length=300, blank=True, help_text=_('e.g. "expanded", "limited to 1,500 copies"')
    )
    mbid = models.UUIDField(null=True, blank=True, unique=True, help_text=MBID_HELP)
    cover_url = models.URLField(max_length=500, blank=True)
    cover_attribution = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["album", "release_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["album", "slug"], name="release_unique_slug"),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="release_date_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(cover_url="") | ~Q(cover_attribution=""),
                name="release_cover_has_attribution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.release_date.year if self.release_date else '?'})"

    def get_absolute_url(self) -> str:
        return reverse(
            "releases:album-release", kwargs={"album": self.album.slug, "release": self.slug}
        )


class Medium(models.Model):
    """One disc, record or set of files of a release, by its position (1, 2, ...). Its
    tracks refer to it by (release, position)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="media")
    position = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=40, blank=True, help_text=_('e.g. CD, 12" Vinyl'))
    name = models.CharField(max_length=200, blank=True, help_text=_("The disc's own title."))
    track_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("As listed, when the tracks themselves are not.")
    )

    class Meta:
        ordering = ["release", "position"]
        constraints = [
            models.UniqueConstraint(fields=["release", "position"], name="medium_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="medium_position_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.format or 'Medium'} {self.position}"


class Recording(BaseModel):
    """A recorded piece of music, whichever releases carry it. `first_release` names where
    it first came out when that is not the album it is found on (Tool's "Sweat" on the
    band's own EP before the soundtrack): a release of the catalogue, or a text."""

    title = models.CharField(max_length=300)
    artist_credit = models.ForeignKey(
        ArtistCredit, on_delete=models.PROTECT, null=True, blank=True, related_name="recordings"
    )
    length_ms = models.PositiveIntegerField(null=True, blank=True)
    isrcs = models.CharField(max_length=200, blank=True, help_text=_("Space-separated."))
    first_release = models.ForeignKey(
        Release, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_release_text = models.CharField(
        max_length=300, blank=True, help_text=_("e.g. Opiate (EP, 1992)")
    )
    mbid = models.UUIDField(null=True, blank=True, unique=True, help_text=MBID_HELP)

    def __str__(self) -> str:
        return self.title


class Track(models.Model):
    """One line of a release's tracklist, on the medium at `medium_position`, carrying a
    recording."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="tracks")
    medium_position = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=10, blank=True, help_text=_('As printed: "1", "A1".'))
    title = models.CharField(max_length=300)
    length_ms = models.PositiveIntegerField(null=True, blank=True)
    artist_credit = models.ForeignKey(
        ArtistCredit, on_delete=models.PROTECT, null=True, blank=True, related_name="tracks"
    )
    recording = models.ForeignKey(Recording, on_delete=models.PROTECT, related_name="tracks")
    mbid = models.UUIDField(null=True, blank=True, unique=True, help_text=MBID_HELP)

    class Meta:
        ordering = ["release", "medium_position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "medium_position", "position"], name="track_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def length_label(self) -> str:
        """ "5:12", or "1:02:10" past the hour; "" when unknown."""
        if self.length_ms is None:
            return ""
        minutes, seconds = divmod(round(self.length_ms / 1000), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class LinkKind(models.TextChoices):
    MUSICBRAINZ = "musicbrainz", "MusicBrainz"
    DISCOGS = "discogs", "Discogs"
    WIKIDATA = "wikidata", "Wikidata"
    ALLMUSIC = "allmusic", "AllMusic"
    WIKIPEDIA = "wikipedia", "Wikipedia"
    IMDB = "imdb", "IMDb"
    LABEL = "label", _("Label")
    STREAMING = "streaming", _("Streaming")
    PURCHASE = "purchase", _("Shop")
    OTHER = "other", _("Other")


class MusicLink(models.Model):
    """An external page about an album or one release (MusicBrainz, Discogs, the label's
    page, a streaming service), from the importer's URL relations or an editor."""

    album = models.ForeignKey(
        Album, on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, null=True, blank=True, related_name="links"
    )
    kind = models.CharField(max_length=12, choices=LinkKind.choices)
    url = models.URLField(max_length=500)

    class Meta:
        ordering = ["kind", "url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(album__isnull=False, release__isnull=True)
                | Q(album__isnull=True, release__isnull=False),
                name="musiclink_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values), name="musiclink_kind_valid"
            ),
            models.UniqueConstraint(fields=["album", "url"], name="musiclink_unique_album_url"),
            models.UniqueConstraint(fields=["release", "url"], name="musiclink_unique_release_url"),
        ]

    def __str__(self) -> str:
        return self.url
