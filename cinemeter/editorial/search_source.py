"""Published articles as a search source (`cinemeter.search.registry`): search is below this
app, so the editorial app registers its own. The article services announce their changes
(`core.changes.changed("article", ids)`) and the indexer asks here for those articles' documents:
a withdrawn one yields none, so it leaves the index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.urls import reverse

from cinemeter.editorial.articles.models import Article, ArticleStatus
from cinemeter.search.models import DocumentKind
from cinemeter.search.registry import Document, Source, source_register

BATCH = 1000


def article_documents(subject: str | None, ids: Sequence[int] | None) -> Iterator[Document]:
    found = Article.objects.filter(status=ArticleStatus.PUBLISHED).order_by("id")
    if ids is not None:
        found = found.filter(pk__in=ids)
    last = 0
    while True:
        batch = list(
            found.filter(pk__gt=last).values(
                "id", "slug", "headline", "standfirst", "published_at"
            )[:BATCH]
        )
        if not batch:
            return
        for row in batch:
            yield Document(
                kind=DocumentKind.ARTICLE,
                object_id=row["id"],
                title=row["headline"],
                url=reverse("editorial:article", kwargs={"slug": row["slug"]}),
                names=[row["headline"]],
                year=row["published_at"].year if row["published_at"] else None,
                detail=row["standfirst"][:200],
            )
        last = batch[-1]["id"]


def articles_source_register() -> None:
    source_register(
        Source(
            name="editorial.articles",
            kinds=(DocumentKind.ARTICLE,),
            documents=article_documents,
            count=lambda: Article.objects.filter(status=ArticleStatus.PUBLISHED).count(),
            subjects={"article": "object_id"},
        )
    )
