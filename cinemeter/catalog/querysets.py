"""Chainable filters over titles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    # Used in the quoted generic base below, which ruff does not count as a use.
    from cinemeter.catalog.models import Title  # noqa: F401


class TitleQuerySet(models.QuerySet["Title"]):
    def films(self) -> TitleQuerySet:
        from cinemeter.catalog.models.titles import FILM_KINDS

        return self.filter(kind__in=FILM_KINDS)

    def shows(self) -> TitleQuerySet:
        from cinemeter.catalog.models.titles import SHOW_KINDS

        return self.filter(kind__in=SHOW_KINDS)

    def top_level(self) -> TitleQuerySet:
        """Films and shows: what a visitor browses, without seasons and episodes."""
        return self.filter(parent__isnull=True)

    def in_decade(self, decade: int) -> TitleQuerySet:
        return self.filter(year__gte=decade, year__lt=decade + 10)

    def for_listing(self) -> TitleQuerySet:
        """What a list row shows: genres and the poster, fetched in a fixed number of queries."""
        from cinemeter.catalog.localize import localized_title_subquery
        from cinemeter.catalog.models import Image, ImageKind

        posters = Image.objects.filter(kind=ImageKind.POSTER).order_by("order", "id")
        listing = self.prefetch_related(
            "genres", models.Prefetch("images", queryset=posters, to_attr="posters")
        )
        # The reader's-language name rides along in the same query (Title.display_title).
        localized = localized_title_subquery()
        return listing if localized is None else listing.annotate(localized_title=localized)
