"""Every write of editions, features and the people in them.

Each service runs in one transaction and renews the pages that show what it changed: the
title's editions pages and panel (`title-editions:<slug>`, which also covers every other
edition of the title, since their NEW marks depend on each other) and the new & upcoming
releases. Several writes inside one `core.writes.write_unit` bump once, sorted, before the commit.
An edition's own writes also tell `core.changes` ("edition"), which keeps the search index
current in the same transaction.

Importers write through `edition_upsert_from_source` (an edition found again by the id its
source gives it, with the features the source lists) and `title_release_links_set`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cinemeter.catalog.models import Company, Person, Title
from cinemeter.catalog.slugs import free_in, slug_text
from cinemeter.community.messages.rendering import message_render
from cinemeter.core.changes import changed
from cinemeter.core.page_cache import versions_bump
from cinemeter.core.writes import write_transaction
from cinemeter.releases.editions.matching import feature_key
from cinemeter.releases.editions.models import (
    Edition,
    EditionExternalId,
    EditionFeature,
    FeaturePerson,
    TitleReleaseLink,
)
from cinemeter.releases.page_keys import edition_keys


def edition_base_slug(edition: Edition) -> str:
    """ "collectors-edition-blu-ray-2020": name, format and year, spelt as the catalogue's
    slugs are (a Japanese edition's name is transliterated, not dropped). A format the name
    already says is not said twice: "4K" on 4K UHD is "4k-uhd-2022", "Blu-ray" on Blu-ray
    "blu-ray-2020"."""
    year = edition.release_date.year if edition.release_date else ""
    name, fmt = slug_text(edition.name), slug_text(edition.format)
    name_words, format_words = set(name.split("-")) - {""}, set(fmt.split("-")) - {""}
    if name_words <= format_words:
        name = ""
    elif format_words <= name_words:
        fmt = ""
    return slug_text(f"{name} {fmt} {year}")[:100] or "edition"


def edition_slug(edition: Edition) -> str:
    """The base slug, numbered when another edition of the title already has it."""
    siblings = Edition.objects.filter(title_id=edition.title_id).exclude(pk=edition.pk)
    return free_in(siblings, edition_base_slug(edition))


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
    changed("edition", [edition.pk])
    return edition


@write_transaction
def edition_delete(edition: Edition) -> None:
    """Delete an edition with its features (links to them from other editions fall away)."""
    slugs = _title_slugs_of(edition)
    pk = edition.pk
    edition.delete()
    versions_bump(edition_keys(slugs))
    changed("edition", [pk])


@write_transaction
def editions_delete(editions: Iterable[Edition]) -> None:
    """The admin's bulk delete: one bump for all."""
    slugs: set[str] = set()
    gone: list[int] = []
    for edition in editions:
        slugs |= _title_slugs_of(edition)
        gone.append(edition.pk)
        edition.delete()
    if slugs:
        versions_bump(edition_keys(slugs))
    changed("edition", gone)


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


# --- imports ------------------------------------------------------------------------------

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# What a source may say about a feature; an editor's `same_as` and NEW override stay.
_FEATURE_FIELDS = ("order", "title", "duration_seconds", "description")
# A feature's fields checked (lengths, kinds), without a query per feature: its edition is
# the one being written, and the database checks the constraints.
_FIELDS_ONLY: dict[str, Any] = {"exclude": ["edition", "same_as"], "validate_constraints": False}


@dataclass
class Changes:
    """How many rows a write created, updated, deleted and left as they were."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class SourceEdition:
    """What `edition_upsert_from_source` did: the edition, "created", "updated" or
    "unchanged", and what became of its features."""

    edition: Edition
    outcome: str
    features: Changes


def _assign(edition: Edition, values: Mapping[str, Any]) -> bool:
    """Set the fields the source gives a new value; an empty value keeps what is there (an
    editor's addition, or what the source said before)."""
    changed = False
    for name, value in values.items():
        if value in (None, "") or getattr(edition, name) == value:
            continue
        setattr(edition, name, value)
        changed = True
    return changed


def _features_sync(edition: Edition, features: Sequence[EditionFeature]) -> Changes:
    """Make the edition's features the source's list, in its order: a feature the list names
    again (same kind and normalised title) is updated in place, keeping the editor's links
    and overrides; new ones are added; ones the source no longer lists are deleted."""
    changes = Changes()
    existing: dict[tuple[str, str], EditionFeature] = {}
    extra: list[EditionFeature] = []
    for feature in EditionFeature.objects.filter(edition=edition).order_by("order", "id"):
        key = feature_key(feature.kind, feature.title)
        if key in existing:
            extra.append(feature)  # listed twice: the source's list has it once
        else:
            existing[key] = feature
    wanted: dict[tuple[str, str], EditionFeature] = {}
    for feature in features:
        wanted.setdefault(feature_key(feature.kind, feature.title), feature)
    created, updated = [], []
    for order, (key, feature) in enumerate(wanted.items(), start=1):
        feature.edition, feature.order = edition, order
        row = existing.pop(key, None)
        if row is None:
            feature.full_clean(**_FIELDS_ONLY)
            created.append(feature)
            continue
        fields = [name for name in _FEATURE_FIELDS if getattr(row, name) != getattr(feature, name)]
        if fields:
            for name in fields:
                setattr(row, name, getattr(feature, name))
            row.full_clean(**_FIELDS_ONLY)
            updated.append(row)
        else:
            changes.unchanged += 1
    gone = [*existing.values(), *extra]
    if gone:
        EditionFeature.objects.filter(pk__in=[row.pk for row in gone]).delete()
    EditionFeature.objects.bulk_create(created)
    if updated:
        EditionFeature.objects.bulk_update(updated, list(_FEATURE_FIELDS))
    changes.created, changes.updated, changes.deleted = len(created), len(updated), len(gone)
    return changes


@write_transaction
def edition_upsert_from_source(
    *,
    title: Title,
    source: str,
    external_id: str,
    values: Mapping[str, Any],
    label: Company | None = None,
    features: Sequence[EditionFeature] = (),
) -> SourceEdition:
    """An imported edition: found by (source, external id), else created with that id.

    `values` are Edition fields; on an edition found again, an empty value keeps what is
    there, and its slug stays (links to it keep working). `features` (unsaved) become the
    edition's list (`_features_sync`). Nothing that did not change is written, and only a
    change bumps the title's pages: a second import of the same data writes nothing.
    """
    link = (
        EditionExternalId.objects.filter(source=source, external_id=external_id)
        .select_related("edition__title")
        .first()
    )
    if link is None:
        edition = Edition(title=title, label=label, **values)
        edition_save(edition)
        EditionExternalId.objects.create(edition=edition, source=source, external_id=external_id)
        return SourceEdition(edition, CREATED, _features_sync(edition, features))
    edition = link.edition
    changed = _assign(edition, values)
    if label is not None and edition.label_id != label.pk:
        edition.label, changed = label, True
    if edition.title_id != title.pk:
        # The source's film now resolves to another title: the edition moves, renamed there.
        edition.title, edition.slug, changed = title, "", True
    if changed:
        edition_save(edition)
    feature_changes = _features_sync(edition, features)
    if feature_changes.changed and not changed:
        versions_bump(edition_keys([edition.title.slug]))
    outcome = UPDATED if changed or feature_changes.changed else UNCHANGED
    return SourceEdition(edition, outcome, feature_changes)


@write_transaction
def title_release_links_set(
    *, title: Title, source: str, links: Sequence[tuple[str, str, str]]
) -> Changes:
    """The title's links from one source, as (kind, value, format): missing ones added, a
    changed format updated, ones the source no longer gives removed. No page shows them
    yet, so nothing is bumped."""
    changes = Changes()
    existing = {
        (link.kind, link.value): link
        for link in TitleReleaseLink.objects.filter(title=title, source=source)
    }
    created, updated = [], []
    for kind, value, fmt in dict.fromkeys(links):
        row = existing.pop((kind, value), None)
        if row is None:
            row = TitleReleaseLink(title=title, source=source, kind=kind, value=value, format=fmt)
            row.full_clean(exclude=["title"], validate_unique=False, validate_constraints=False)
            created.append(row)
        elif row.format != fmt:
            row.format = fmt
            updated.append(row)
        else:
            changes.unchanged += 1
    if existing:
        TitleReleaseLink.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    TitleReleaseLink.objects.bulk_create(created)
    if updated:
        TitleReleaseLink.objects.bulk_update(updated, ["format"])
    changes.created, changes.updated, changes.deleted = len(created), len(updated), len(existing)
    return changes
