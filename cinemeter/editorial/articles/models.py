"""Editorial articles, what they are about, their old slugs, their computed related reading and
their translations.

An `Article` is written by a member with the editor role on the site's editor, moves through
draft → in review → scheduled → published → unpublished (`articles.services`), and keeps a
revision of every save (django-simple-history's `HistoricalArticle`). What it is about is a
list of `ArticleTag` rows, one kind of catalogue thing each (a title, a person, an edition,
an album, a track): adding a kind is a nullable column and a line in `TAG_COLUMNS`.
`ArticleRelated` holds each published article's best related articles, computed by
`articles.related` (never picked by hand).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cinemeter.core.models import BaseModel

# A body past this is refused on the form with its length; a feature article is ~2,000 words.
BODY_MAX_LENGTH = 100_000


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class Article(BaseModel):
    """One editorial article. Written only by `articles.services` (the editor's form, the
    admin, the demo loader, the scheduled-publication task); `version` moves with every save,
    so two editors saving the same article at once are told apart."""

    slug = models.SlugField(max_length=120, unique=True)
    headline = models.CharField(max_length=200)
    standfirst = models.CharField(max_length=400, blank=True)
    body = models.TextField(max_length=BODY_MAX_LENGTH, help_text=_("Markdown."))
    # The body rendered by the community's Markdown renderer and sanitiser at save time; the
    # [[…]] references and callouts stay in it as text and are filled in when a page is made.
    body_html = models.TextField(blank=True)
    language = models.CharField(max_length=8)
    language_by_author = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    status = models.CharField(
        max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    publish_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The last change of the text after first publication: the page's "Updated" date.
    revised_at = models.DateTimeField(null=True, blank=True)
    hero_url = models.URLField(blank=True, max_length=500)
    hero_alt = models.CharField(max_length=300, blank=True)
    hero_attribution = models.CharField(max_length=300, blank=True)
    # What the article is about, as the editor typed it ("title:escape-from-la-1996, …"): kept
    # on the row so that every revision records its tags too.
    tag_refs = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["body_html", "updated_at", "created_at"])

    class Meta:
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["status", "publish_at"], name="article_status_publish_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.SCHEDULED) | Q(publish_at__isnull=False),
                name="article_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty"),
            models.CheckConstraint(
                condition=Q(hero_url="") | ~Q(hero_attribution=""),
                name="article_hero_has_attribution",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("editorial:article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


class TagKind(models.TextChoices):
    TITLE = "title", _("Title")
    PERSON = "person", _("Person")
    EDITION = "edition", _("Edition")
    ALBUM = "album", _("Album")
    TRACK = "track", _("Track")


# The column of each kind; a new kind adds one here, a nullable foreign key and a migration.
# A track tag keeps the track's recording: a release's tracklist is replaced whole when it
# is edited (new track rows), while the recording stays, and is the same on every release.
TAG_COLUMNS = {
    TagKind.TITLE: "title",
    TagKind.PERSON: "person",
    TagKind.EDITION: "edition",
    TagKind.ALBUM: "album",
    TagKind.TRACK: "recording",
}


def _exactly_one_subject() -> Q:
    rules = Q()
    for kind, column in TAG_COLUMNS.items():
        others = {f"{other}__isnull": True for other in TAG_COLUMNS.values() if other != column}
        rules |= Q(kind=kind, **{f"{column}__isnull": False}, **others)
    return rules


class ArticleTag(models.Model):
    """One thing an article is about: exactly one title, person, edition, album or track (its
    recording), of the kind named. Written by `articles.services` with the article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=12, choices=TagKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.ForeignKey(
        "catalog.Title", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "catalog.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    edition = models.ForeignKey(
        "releases.Edition", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    album = models.ForeignKey(
        "releases.Album", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    recording = models.ForeignKey(
        "releases.Recording", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["article", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one_subject(), name="articletag_one_subject"),
            *(
                models.UniqueConstraint(
                    fields=["article", column],
                    condition=Q(**{f"{column}__isnull": False}),
                    name=f"articletag_unique_{column}",
                )
                for column in TAG_COLUMNS.values()
            ),
        ]
        indexes = [
            # "Articles about …": from the subject to its articles.
            *(
                models.Index(fields=[column, "article"], name=f"articletag_{column}_idx")
                for column in TAG_COLUMNS.values()
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} tag of article {self.article_id}"

    @property
    def subject(self) -> models.Model | None:
        subject: models.Model | None = getattr(self, TAG_COLUMNS[TagKind(self.kind)])
        return subject


class ArticleSlug(models.Model):
    """A slug a published article had before it was renamed: its old links redirect. Written
    by `articles.services.article_edit`."""

    slug = models.SlugField(max_length=120, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self) -> str:
        return self.slug


class ArticleRelated(models.Model):
    """One of a published article's best related published articles, with its rank and why.
    Computed, never edited: `articles.related` writes them all at once (`related_rebuild`) or
    one article's worth on its publication (`related_update`)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_rows")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    # The names of the things both are about, for "Also about Escape from L.A. and John
    # Carpenter"; empty when only the text is alike.
    shared = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="articlerelated_unique"),
            models.UniqueConstraint(fields=["article", "rank"], name="articlerelated_unique_rank"),
            models.CheckConstraint(
                condition=~Q(article=models.F("related")), name="articlerelated_not_itself"
            ),
        ]
        indexes = [models.Index(fields=["related"], name="articlerelated_related_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.related_id} (#{self.rank})"


class ArticleTranslation(models.Model):
    """One article's headline, standfirst and body in another language, by one translator
    backend ("human" for the demo's). Written by `articles.translation`; deleted when the
    article's text changes."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    backend = models.CharField(max_length=20)
    source_language = models.CharField(max_length=8)
    headline = models.CharField(max_length=300)
    standfirst = models.CharField(max_length=600, blank=True)
    body_html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "backend"], name="articletranslation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(language=models.F("source_language")),
                name="articletranslation_other_language",
            ),
        ]

    def __str__(self) -> str:
        return f"article {self.article_id} in {self.language} by {self.backend}"
