"""Chainable filters over titles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from cinemeter.catalog.kinds import FILM_KINDS, SHOW_KINDS, ImageKind
from cinemeter.catalog.localized_names import localized_name_subquery

if TYPE_CHECKING:
    # Used in the quoted generic base below, which ruff does not count as a use.
    from cinemeter.catalog.models import Title  # noqa: F401


class TitleQuerySet(models.QuerySet["Title"]):
    def films(self) -> TitleQuerySet:
        return self.filter(kind__in=FILM_KINDS)

    def shows(self) -> TitleQuerySet:
        return self.filter(kind__in=SHOW_KINDS)

    def top_level(self) -> TitleQuerySet:
        """Films and shows: what a visitor browses, without seasons and episodes."""
        return self.filter(parent__isnull=True)

    def in_decade(self, decade: int) -> TitleQuerySet:
        return self.filter(year__gte=decade, year__lt=decade + 10)

    def for_listing(self) -> TitleQuerySet:
        """What a list row shows: genres and the poster, fetched in a fixed number of queries."""
        # The related models come through the title's relations: the models import this
        # module, so it does not import them.
        images = self.model._meta.get_field("images").related_model
        posters = images._default_manager.filter(kind=ImageKind.POSTER).order_by("order", "id")
        listing = self.prefetch_related(
            "genres", models.Prefetch("images", queryset=posters, to_attr="posters")
        )
        # The reader's-language name rides along in the same query (Title.display_title).
        akas = self.model._meta.get_field("alternative_titles").related_model
        localized = localized_name_subquery(akas)
        return listing if localized is None else listing.annotate(localized_title=localized)
