"""Loads the demo editions of Escape from L.A. through the edition services.

Three editions of the film (editions.json, the project's own words; dates known only to the
year say so), so that NEW comes out of the data: the Collector's Edition's interviews and
4K scan are new, its trailer is not. People in the features are linked to the catalogue's
people by name where the demo catalogue has them; the others are shown as the feature's
title says. Idempotent: an edition the title already has (by slug) is left alone.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from cinemeter.catalog.models import Company, Person, Title
from cinemeter.catalog.slugs import slug_text
from cinemeter.core.writes import write_unit
from cinemeter.releases.editions import services
from cinemeter.releases.editions.models import Edition, EditionFeature

DATA_FILE = Path(__file__).with_name("editions.json")
EDITION_FIELDS = (
    "name",
    "format",
    "date_precision",
    "country_code",
    "region_code",
    "classification_board",
    "classification_rating",
    "transfer_note",
    "editorial",
)


def _label(name: str) -> Company:
    company, _created = Company.objects.get_or_create(slug=slug_text(name), defaults={"name": name})
    return company


def demo_editions_load(*, data_file: Path = DATA_FILE) -> int:
    """Add the demo editions the title lacks; returns how many were added (0 when the demo
    film is missing or has them all)."""
    data: dict[str, Any] = json.loads(data_file.read_text(encoding="utf-8"))
    title = Title.objects.filter(
        title=data["title"], year=data["year"], parent__isnull=True
    ).first()
    if title is None:
        return 0
    added = 0
    with write_unit():
        for row in data["editions"]:
            edition = Edition(
                title=title,
                label=_label(row["label"]),
                release_date=date.fromisoformat(row["release_date"]),
                **{field: row.get(field, "") for field in EDITION_FIELDS},
            )
            edition.slug = services.edition_base_slug(edition)
            if Edition.objects.filter(title=title, slug=edition.slug).exists():
                continue
            services.edition_save(edition)
            added += 1
            created = services.features_add(
                edition=edition,
                features=[
                    EditionFeature(kind=feature["kind"], title=feature["title"])
                    for feature in row["features"]
                ],
            )
            for feature, spec in zip(created, row["features"], strict=True):
                people = [
                    (person, role)
                    for name, role in spec.get("people", [])
                    if (person := Person.objects.filter(name=name).first()) is not None
                ]
                if people:
                    services.feature_people_set(feature=feature, people=people)
    return added
