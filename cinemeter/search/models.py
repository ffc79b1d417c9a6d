"""The search index: one row per thing a visitor can find, fed by the apps' sources."""

from django.db import models


class DocumentKind(models.TextChoices):
    FILM = "film", "film"
    SHOW = "show", "show"
    EPISODE = "episode", "episode"
    PERSON = "person", "person"
    CHARACTER = "character", "character"
    EDITION = "edition", "edition"
    ALBUM = "album", "album"
    ARTICLE = "article", "article"


class SearchDocument(models.Model):
    """One findable thing: a film, a person, a character in one film...

    Written only by `search.indexer` from the registered sources (`search.registry`); never
    edited by hand, so `search_index --rebuild` can always recreate it. Each backend adds its
    own text index over `terms` and `keys` in the migration (SQLite: FTS5 tables kept by
    triggers; PostgreSQL: a tsvector column and a trigram index). On SQLite the id is also the
    document's place in popularity order, numbered by the last rebuild and kept when the
    document is reindexed: the FTS tables' rowid, by which the candidate stages cut
    (`search.backends.POPULAR_FIRST`).
    """

    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    # The id of the row in its own app (Title, Person, Credit...): unique with the kind.
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)  # as shown in results
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The line under the title: an episode's show, a character's film and actor, a person's
    # best-known title.
    detail = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300)
    image_url = models.CharField(max_length=500, blank=True)
    # The title (film, show, episode) an IMDb or TMDb id or a character points at.
    title_id = models.BigIntegerField(null=True, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True)  # a character's actor
    vote_count = models.PositiveIntegerField(default=0)
    vote_average = models.FloatField(null=True, blank=True)  # 0.5-5 stars
    imdb_votes = models.PositiveIntegerField(default=0)
    popularity = models.FloatField(default=0)  # from the three above: search.ranking
    # Every name normalised (search.normalize): its words, one name a line, the first the
    # display title. Ranking compares the query with each.
    names = models.TextField()
    terms = models.TextField()  # every word and joined compound, once: the word index's text
    keys = models.TextField()  # every name's compact key, space-separated: the trigram text

    class Meta:
        db_table = "search_document"
        indexes = [
            # A change to a title or a person finds its characters' documents by these.
            models.Index(fields=["title_id"], name="searchdocument_title_idx"),
            models.Index(fields=["person_id"], name="searchdocument_person_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchdocument_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
