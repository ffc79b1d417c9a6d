"""Loads the bundled demo catalogue (the project's own writing) through the catalogue services.

The data lives in catalogue.json beside this module. Posters are drawn here with Pillow, so the
demo ships no third-party artwork.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from cinemeter.catalog import services
from cinemeter.catalog.models import (
    AlternativeTitle,
    Company,
    CompanyCredit,
    Country,
    ExternalSource,
    Genre,
    Image,
    ImageKind,
    Person,
    ReleaseDate,
    Title,
    TitlePlot,
    Video,
)
from cinemeter.core.changes import changed

DATA_FILE = Path(__file__).with_name("catalogue.json")
ATTRIBUTION = "Cinemeter demo artwork"
POSTER_SIZE = (400, 600)


@dataclass(frozen=True)
class DemoResult:
    titles: int
    people: int


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _ink_for(background: str) -> str:
    """Black or white text, whichever reads better on the background colour."""
    red, green, blue = (int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#111111" if luminance > 150 else "#ffffff"


def _poster_png(title: str, year: int | None, colours: list[str]) -> bytes:
    """A plain typographic poster: the title on a two-tone background."""
    top, bottom = [*colours, "#1d2a44", "#c8553d"][:2]
    picture = PILImage.new("RGB", POSTER_SIZE, top)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, POSTER_SIZE[1] * 2 // 3, POSTER_SIZE[0], POSTER_SIZE[1]), fill=bottom)
    font = ImageFont.load_default(size=34)
    small = ImageFont.load_default(size=24)
    lines: list[str] = []
    for word in title.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) < POSTER_SIZE[0] - 60:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    y = 60
    for line in lines:
        draw.text((30, y), line, fill=_ink_for(top), font=font)
        y += 44
    if year:
        draw.text((30, POSTER_SIZE[1] - 70), str(year), fill=_ink_for(bottom), font=small)
    buffer = BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class _Loader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.people: dict[str, Person] = {}
        self.genres: dict[str, Genre] = {}
        self.countries: dict[str, Country] = {}
        self.titles = 0
        # When the demo's IMDb figures were read; fixed so every load is identical.
        self.fetched_at = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)

    def run(self) -> DemoResult:
        for name in self.data["genres"]:
            genre, _ = Genre.objects.get_or_create(
                slug=name.lower().replace(" ", "-"), defaults={"name": name}
            )
            self.genres[name] = genre
        for row in self.data["countries"]:
            country, _ = Country.objects.get_or_create(code=row["code"], defaults=row)
            self.countries[row["code"]] = country
        for row in self.data["people"]:
            self._person(row)
        for row in self.data["titles"]:
            self._title(row)
        # AKAs, images and ratings are written here directly, after the services saw each
        # title: tell the apps that follow the catalogue (search) once everything is in.
        changed("title", Title.objects.values_list("pk", flat=True))
        changed("person", (person.pk for person in self.people.values()))
        return DemoResult(titles=self.titles, people=len(self.people))

    def _person(self, row: dict[str, Any]) -> None:
        birth = _date(row.get("birth_date"))
        death = _date(row.get("death_date"))
        person = services.person_create(
            name=row["name"],
            birth_date=birth,
            birth_year=birth.year if birth else row.get("birth_year"),
            death_date=death,
            death_year=death.year if death else row.get("death_year"),
            birth_place=row.get("birth_place", ""),
            biography=row.get("biography", ""),
        )
        if row.get("imdb_id"):
            services.external_id_set(
                source=ExternalSource.IMDB, value=row["imdb_id"], person=person
            )
        self.people[row["key"]] = person

    def _title(self, row: dict[str, Any], *, parent: Title | None = None) -> Title:
        fields = {
            "original_title": row.get("original_title", ""),
            "year": row.get("year"),
            "end_year": row.get("end_year"),
            "runtime_minutes": row.get("runtime_minutes"),
            "plot": row.get("plot", ""),
            "tagline": row.get("tagline", ""),
            "release_date": _date(row.get("release_date")),
            "original_language": row.get("original_language", ""),
            "genres": [self.genres[g] for g in row.get("genres", [])],
            "countries": [self.countries[c] for c in row.get("countries", [])],
        }
        if row["kind"] == "season" and parent is not None:
            title = services.season_create(
                show=parent,
                season_number=row["season_number"],
                **({"title": row["title"]} if row.get("title") else {}),
                **fields,
            )
        elif row["kind"] == "episode" and parent is not None:
            title = services.episode_create(
                season=parent,
                episode_number=row["episode_number"],
                title=row["title"],
                **fields,
            )
        else:
            title = services.title_create(kind=row["kind"], title=row["title"], **fields)
        self.titles += 1
        self._facts(title, row)
        for child in row.get("seasons", []) + row.get("episodes", []):
            self._title(child, parent=title)
        return title

    def _facts(self, title: Title, row: dict[str, Any]) -> None:
        if row.get("imdb_id"):
            services.external_id_set(source=ExternalSource.IMDB, value=row["imdb_id"], title=title)
        if row.get("imdb_rating"):
            services.external_rating_set(
                title=title,
                source=ExternalSource.IMDB,
                value=Decimal(str(row["imdb_rating"]["value"])),
                votes=row["imdb_rating"]["votes"],
                fetched_at=self.fetched_at,
            )
        for credit in row.get("credits", []):
            services.credit_add(
                title=title,
                person=self.people[credit["person"]],
                department=credit["department"],
                job=credit.get("job", ""),
                character=credit.get("character", ""),
                billing_order=credit.get("order"),
            )
        for language, plot in row.get("plots", {}).items():
            TitlePlot.objects.get_or_create(title=title, language=language, defaults={"plot": plot})
        for release in row.get("release_dates", []):
            ReleaseDate.objects.get_or_create(
                title=title,
                country=self.countries[release["country"]],
                type=release["type"],
                date=date.fromisoformat(release["date"]),
                defaults={"note": release.get("note", "")},
            )
        for aka in row.get("alternative_titles", []):
            AlternativeTitle.objects.get_or_create(
                title=title,
                name=aka["name"],
                region=aka.get("region", ""),
                language=aka.get("language", ""),
                defaults={"kind": aka.get("kind", "")},
            )
        for order, link in enumerate(row.get("companies", [])):
            company, _ = Company.objects.get_or_create(
                slug=link["name"].lower().replace(" ", "-").replace(".", ""),
                defaults={"name": link["name"]},
            )
            CompanyCredit.objects.get_or_create(
                title=title, company=company, role=link["role"], defaults={"order": order}
            )
        for order, video in enumerate(row.get("videos", [])):
            Video.objects.create(title=title, order=order, source="Cinemeter demo", **video)
        if row.get("poster"):
            image = Image(
                title=title,
                kind=ImageKind.POSTER,
                width=POSTER_SIZE[0],
                height=POSTER_SIZE[1],
                source="Cinemeter",
                attribution=ATTRIBUTION,
                caption=f"Poster artwork for {title.title}",
            )
            png = _poster_png(title.title, title.year, row["poster"].get("colours", []))
            image.file.save(f"{title.slug}.png", ContentFile(png), save=False)
            image.save()


def demo_catalogue_load(*, data_file: Path = DATA_FILE) -> DemoResult:
    """Load the demo catalogue; the caller decides whether the catalogue is empty enough."""
    data = json.loads(data_file.read_text(encoding="utf-8"))
    with transaction.atomic():
        return _Loader(data).run()


def catalogue_is_empty() -> bool:
    return not Title.objects.exists()
