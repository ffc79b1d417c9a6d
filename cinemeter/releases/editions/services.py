"""Every write of editions, features and the people in them.

Each service runs in one transaction and renews the pages that show what it changed: the
title's editions pages and panel (`title-editions:<slug>`, which also covers every other
edition of the title, since their NEW marks depend on each other) and the new & upcoming
releases. Several writes inside one `core.writes.write_unit` bump once, sorted, before the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cinemeter.catalog.models import Person
from cinemeter.catalog.slugs import slug_text
from cinemeter.community.messages.rendering import message_render
from cinemeter.core.page_cache import versions_bump
from cinemeter.core.writes import write_transaction
from cinemeter.releases.editions.models import Edition, EditionFeature, FeaturePerson
from cinemeter.releases.page_keys import edition_keys


def edition_base_slug(edition: Edition) -> str:
    """ "collectors-edition-blu-ray-2020": name, format and year, spelt as the catalogue's
    slugs are (a Japanese edition's name is transliterated, not dropped)."""
    year = edition.release_date.year if edition.release_date else ""
    return slug_text(f"{edition.name} {edition.format} {year}")[:100] or "edition"


def edition_slug(edition: Edition) -> str:
    """The base slug, numbered when another edition of the title already has it."""
    base = edition_base_slug(edition)
    taken = set(
        Edition.objects.filter(title_id=edition.title_id, slug__startswith=base)
        .exclude(pk=edition.pk)
        .values_list("slug", flat=True)
    )
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _title_slugs_of(edition: Edition) -> set[str]:
    """The edition's title's slug, and its former title's when an editor moved it."""
    slugs = {edition.title.slug}
    if edition.pk is not None:
        stored = Edition.objects.filter(pk=edition.pk).values_list("title__slug", flat=True)
        slugs.update(stored)
    return slugs


@write_transaction
def edition_save(edition: Edition) -> Edition:
    """Create or update an edition: checked, slugged, its editorial text rendered."""
    slugs = _title_slugs_of(edition)
    if not edition.slug:
        edition.slug = edition_slug(edition)
    edition.editorial_html = message_render(edition.editorial) if edition.editorial else ""
    edition.full_clean()
    edition.save()
    versions_bump(edition_keys(slugs))
    return edition


@write_transaction
def edition_delete(edition: Edition) -> None:
    """Delete an edition with its features (links to them from other editions fall away)."""
    slugs = _title_slugs_of(edition)
    edition.delete()
    versions_bump(edition_keys(slugs))


@write_transaction
def editions_delete(editions: Iterable[Edition]) -> None:
    """The admin's bulk delete: one bump for all."""
    slugs: set[str] = set()
    for edition in editions:
        slugs |= _title_slugs_of(edition)
        edition.delete()
    if slugs:
        versions_bump(edition_keys(slugs))


def _title_slug_of(feature: EditionFeature) -> str:
    return str(
        Edition.objects.filter(pk=feature.edition_id).values_list("title__slug", flat=True).get()
    )


@write_transaction
def feature_save(feature: EditionFeature) -> EditionFeature:
    """Create or update a feature (checked: a `same_as` link stays within the title)."""
    feature.full_clean()
    feature.save()
    versions_bump(edition_keys([_title_slug_of(feature)]))
    return feature


@write_transaction
def feature_delete(feature: EditionFeature) -> None:
    slug = _title_slug_of(feature)
    feature.delete()
    versions_bump(edition_keys([slug]))


@write_transaction
def features_add(*, edition: Edition, features: Sequence[EditionFeature]) -> list[EditionFeature]:
    """Append features to an edition in the given order (an importer's or the demo's list)."""
    start = (
        EditionFeature.objects.filter(edition=edition)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
        or 0
    )
    for n, feature in enumerate(features, start=1):
        feature.edition = edition
        feature.order = start + n
        feature.full_clean()
    created = EditionFeature.objects.bulk_create(features)
    versions_bump(edition_keys([edition.title.slug]))
    return created


@write_transaction
def feature_people_set(*, feature: EditionFeature, people: Sequence[tuple[Person, str]]) -> None:
    """The people in a feature, in order, each with their role there; replaces the list."""
    FeaturePerson.objects.filter(feature=feature).delete()
    FeaturePerson.objects.bulk_create(
        FeaturePerson(feature=feature, person=person, role=role, order=n)
        for n, (person, role) in enumerate(people)
    )
    versions_bump(edition_keys([_title_slug_of(feature)]))
