"""Chainable filters over titles.

The models import this module, so it names no model: the filters are written once against
a generic queryset (`TitleFilters`), which `models.titles.TitleQuerySet` binds to `Title`,
and the related models a list needs come through the title's relations.
"""

from __future__ import annotations

from typing import Self, TypeVar

from django.db import models

from cinemeter.catalog.kinds import FILM_KINDS, SHOW_KINDS, ImageKind
from cinemeter.catalog.localized_names import localized_name_subquery

_M = TypeVar("_M", bound=models.Model)


def _related_model(model: type[models.Model], relation: str) -> type[models.Model]:
    """The model at the other end of one of `model`'s relations ("images")."""
    related = model._meta.get_field(relation).related_model
    if related is None:
        raise LookupError(f"{relation} is not a relation of {model.__name__}")
    return related


class TitleFilters(models.QuerySet[_M]):
    def films(self) -> Self:
        return self.filter(kind__in=FILM_KINDS)

    def shows(self) -> Self:
        return self.filter(kind__in=SHOW_KINDS)

    def top_level(self) -> Self:
        """Films and shows: what a visitor browses, without seasons and episodes."""
        return self.filter(parent__isnull=True)

    def in_decade(self, decade: int) -> Self:
        return self.filter(year__gte=decade, year__lt=decade + 10)

    def for_listing(self) -> Self:
        """What a list row shows: genres and the poster, fetched in a fixed number of queries."""
        images = _related_model(self.model, "images")
        posters = images._default_manager.filter(kind=ImageKind.POSTER).order_by("order", "id")
        listing = self.prefetch_related(
            "genres", models.Prefetch("images", queryset=posters, to_attr="posters")
        )
        # The reader's-language name rides along in the same query (Title.display_title).
        akas = _related_model(self.model, "alternative_titles")
        localized = localized_name_subquery(akas)
        return listing if localized is None else listing.annotate(localized_title=localized)
