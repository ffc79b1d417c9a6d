"""The feeds of published articles (Django's syndication framework), Atom and RSS, newest
first, each article's headline and standfirst in the reader's language where it has them."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from cinemeter.editorial.articles.selectors import ListedArticle, _listed, _published

FEED_SIZE = 30


class ArticlesFeed(Feed[ListedArticle, object]):
    feed_type: type[Atom1Feed] | type[Rss201rev2Feed] = Atom1Feed

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> object:
        return request.user

    def title(self, obj: object) -> str:
        return _("Cinemeter: articles")

    def link(self, obj: object) -> str:
        return reverse("editorial:index")

    def subtitle(self, obj: object) -> str:
        return _("Articles about films, the people who make them, their editions and music.")

    description = subtitle

    def items(self, obj: object) -> list[ListedArticle]:
        return _listed(list(_published()[:FEED_SIZE]), obj)

    def item_title(self, item: ListedArticle) -> str:
        return item.headline

    def item_description(self, item: ListedArticle) -> str:
        return item.standfirst

    def item_link(self, item: ListedArticle) -> str:
        return item.article.get_absolute_url()

    def item_author_name(self, item: ListedArticle) -> str:
        author = item.article.author
        return author.username if author else ""

    def item_pubdate(self, item: ListedArticle) -> datetime | None:
        return item.article.published_at

    def item_updateddate(self, item: ListedArticle) -> datetime | None:
        return item.article.revised_at or item.article.published_at


class ArticlesRssFeed(ArticlesFeed):
    feed_type = Rss201rev2Feed
