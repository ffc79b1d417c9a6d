"""The Atom feed of new and upcoming editions, filtered like the page (?format=, ?label=)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cinemeter.releases.editions.calendar import feed_editions
from cinemeter.releases.editions.models import Edition
from cinemeter.releases.templatetags.releases_tags import release_date


class NewReleasesFeed(Feed[Edition, dict[str, str]]):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> dict[str, str]:
        return {
            "format": request.GET.get("format", ""),
            "label": request.GET.get("label", ""),
        }

    def title(self, obj: dict[str, str]) -> str:
        return _("Cinemeter: new and upcoming releases")

    def link(self, obj: dict[str, str]) -> str:
        return reverse("releases:new-releases")

    def subtitle(self, obj: dict[str, str]) -> str:
        return _("Home-video editions by release date: DVD, Blu-ray, 4K UHD and more.")

    def items(self, obj: dict[str, str]) -> list[Edition]:
        return feed_editions(fmt=obj["format"], label=obj["label"])

    def item_title(self, item: Edition) -> str:
        when = release_date(item.release_date, item.date_precision)
        return f"{item.title.title}: {item.name} ({item.get_format_display()}, {when})"

    def item_description(self, item: Edition) -> str:
        parts = [item.label.name if item.label else "", item.transfer_note]
        return " · ".join(part for part in parts if part)

    def item_link(self, item: Edition) -> str:
        return item.get_absolute_url()

    def item_updateddate(self, item: Edition) -> datetime:
        return item.updated_at

    def item_pubdate(self, item: Edition) -> datetime:
        return item.created_at
