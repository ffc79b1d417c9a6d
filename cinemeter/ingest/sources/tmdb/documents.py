"""TMDb rows and API documents as catalogue records: a movies CSV row or a movie or TV
document as a `TitleBundle` (the title with its rating, companies, credits, release dates,
seasons, images and videos), a credits CSV row as a `TitleCreditsRecord`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from cinemeter.catalog.bulk import (
    CompanyCreditRecord,
    CompanyRecord,
    CreditRecord,
    ImageRecord,
    PersonRecord,
    RatingRecord,
    Ref,
    ReleaseDateRecord,
    SeasonRecord,
    TitleBundle,
    TitleCreditsRecord,
    TitleRecord,
    VideoRecord,
)
from cinemeter.catalog.models import (
    CompanyRole,
    Department,
    ExternalSource,
    ImageKind,
    TitleKind,
    VideoKind,
)
from cinemeter.ingest.sources.tmdb.mapping import (
    DEPARTMENTS,
    ENDED_STATUSES,
    IMAGE_KINDS,
    RELEASE_TYPES,
    VIDEO_KINDS,
    VIDEO_PROVIDERS,
    site_genres,
)
from cinemeter.ingest.sources.tmdb.values import (
    _COUNTRY,
    CHARACTER_MAX,
    JOB_MAX,
    LANGUAGE_MAX,
    NAME_MAX,
    NOTE_MAX,
    SMALL_MAX,
    TAGLINE_MAX,
    TITLE_MAX,
    RowError,
    _count,
    _countries,
    _cut,
    _date,
    _image_path,
    _items,
    _json_cell,
    _language,
    _minutes,
    _names,
    _text,
    _title,
    _tmdb_id,
    _year,
)

ATTRIBUTION = "TMDb"
IMAGE_URL = "https://image.tmdb.org/t/p/original{path}"
IMAGES_PER_KIND = 10

_IMDB_TITLE = re.compile(r"^tt\d{7,10}$")


def parse_movie_row(
    values: Mapping[str, str], *, line: int, fetched_at: datetime.datetime
) -> TitleBundle:
    """A row of tmdb_5000_movies.csv: its JSON cells decoded, then read like a document."""
    data: dict[str, Any] = dict(values)
    for column in ("genres", "production_countries", "production_companies"):
        data[column] = _json_cell(values.get(column, ""), column)
    return _movie(data, line=line, fetched_at=fetched_at)


def parse_credits_row(values: Mapping[str, str], *, line: int) -> TitleCreditsRecord:
    """A row of tmdb_5000_credits.csv: the cast and crew of one film."""
    movie_id = values.get("movie_id", "").strip()
    if not movie_id:
        title = values.get("title", "").strip()
        raise RowError(f"movie_id is empty{f' (title {title!r})' if title else ''}")
    ref = Ref(ExternalSource.TMDB_MOVIE, _tmdb_id(movie_id, "movie_id"))
    cast = _json_cell(values.get("cast", ""), "cast")
    crew = _json_cell(values.get("crew", ""), "crew")
    credits, _ = _credits(ref, cast, crew, line=line)
    return credits


def parse_document(document: Any, *, line: int = 1, fetched_at: datetime.datetime) -> TitleBundle:
    """An API response for a movie or a TV show, with whatever it was appended."""
    if not isinstance(document, dict):
        raise RowError(f"not a TMDb document (a JSON {type(document).__name__}, not an object)")
    if "status_message" in document and "id" not in document:
        raise RowError(f"a TMDb error response: {document['status_message']}")
    if "title" in document:
        return _movie(document, line=line, fetched_at=fetched_at)
    if "name" in document and ("first_air_date" in document or "seasons" in document):
        return _show(document, line=line, fetched_at=fetched_at)
    raise RowError("not a TMDb movie or TV document (it has neither title nor name)")


def _movie(data: Mapping[str, Any], *, line: int, fetched_at: datetime.datetime) -> TitleBundle:
    ref = Ref(ExternalSource.TMDB_MOVIE, _tmdb_id(data.get("id"), "id"))
    genre_names = _names(_items(data.get("genres"), "genres"), "genres")
    release_date = _date(data.get("release_date"), "release_date")
    imdb_id = _text(data.get("imdb_id"), "imdb_id")
    if imdb_id and not _IMDB_TITLE.match(imdb_id):
        raise RowError(f"imdb_id: {imdb_id!r} is not an IMDb title id")
    title = TitleRecord(
        ref=ref,
        kind=TitleKind.TV_MOVIE if "TV Movie" in genre_names else TitleKind.MOVIE,
        title=_title(data.get("title"), "title"),
        original_title=_text(data.get("original_title"), "original_title", max_length=TITLE_MAX),
        year=_year(release_date, "release_date"),
        runtime_minutes=_minutes(data.get("runtime"), "runtime"),
        plot=_text(data.get("overview"), "overview"),
        tagline=_text(data.get("tagline"), "tagline", max_length=TAGLINE_MAX),
        release_date=release_date,
        original_language=_language(data.get("original_language")),
        genres=site_genres(genre_names),
        countries=_countries(data.get("production_countries")),
        other_refs=(Ref(ExternalSource.IMDB, imdb_id),) if imdb_id else (),
        line=line,
    )
    return _bundle(title, data, line=line, fetched_at=fetched_at)


def _show(data: Mapping[str, Any], *, line: int, fetched_at: datetime.datetime) -> TitleBundle:
    ref = Ref(ExternalSource.TMDB_TV, _tmdb_id(data.get("id"), "id"))
    external = data.get("external_ids") or {}
    if not isinstance(external, dict):
        raise RowError("external_ids: expected an object")
    imdb_id = _text(external.get("imdb_id"), "external_ids.imdb_id")
    if imdb_id and not _IMDB_TITLE.match(imdb_id):
        raise RowError(f"external_ids.imdb_id: {imdb_id!r} is not an IMDb title id")
    first = _date(data.get("first_air_date"), "first_air_date")
    last = _date(data.get("last_air_date"), "last_air_date")
    year = _year(first, "first_air_date")
    end_year = _year(last, "last_air_date") if data.get("status") in ENDED_STATUSES else None
    if year is not None and end_year is not None and end_year < year:
        end_year = None  # contradictory dates: say nothing rather than something wrong
    runtimes = data.get("episode_run_time") or []
    if not isinstance(runtimes, list):
        raise RowError("episode_run_time: expected a list")
    name = _title(data.get("name"), "name")
    title = TitleRecord(
        ref=ref,
        kind=TitleKind.MINISERIES if data.get("type") == "Miniseries" else TitleKind.SERIES,
        title=name,
        original_title=_text(data.get("original_name"), "original_name", max_length=TITLE_MAX),
        year=year,
        end_year=end_year,
        runtime_minutes=next(
            (m for m in (_minutes(r, "episode_run_time") for r in runtimes) if m), None
        ),
        plot=_text(data.get("overview"), "overview"),
        tagline=_text(data.get("tagline"), "tagline", max_length=TAGLINE_MAX),
        release_date=first,
        original_language=_language(data.get("original_language")),
        genres=site_genres(_names(_items(data.get("genres"), "genres"), "genres")),
        countries=_countries(data.get("production_countries")),
        other_refs=(Ref(ExternalSource.IMDB, imdb_id),) if imdb_id else (),
        line=line,
    )
    seasons = tuple(
        _season(ref, name, item, line=line) for item in _items(data.get("seasons"), "seasons")
    )
    return _bundle(title, data, line=line, fetched_at=fetched_at, seasons=seasons)


def _bundle(
    title: TitleRecord,
    data: Mapping[str, Any],
    *,
    line: int,
    fetched_at: datetime.datetime,
    seasons: tuple[SeasonRecord, ...] = (),
) -> TitleBundle:
    """The parts every movie and show has: rating, companies, credits, media, releases."""
    ref = title.ref
    companies = []
    for item in _items(data.get("production_companies"), "production_companies"):
        company_ref = Ref(
            ExternalSource.TMDB_COMPANY, _tmdb_id(item.get("id"), "production_companies id")
        )
        name = _text(item.get("name"), "production_companies name", max_length=NAME_MAX)
        if not name:
            raise RowError(f"production_companies: company {company_ref.value} has no name")
        country = _text(item.get("origin_country"), "origin_country")
        companies.append(
            CompanyRecord(
                company_ref, name, country=country if _COUNTRY.match(country) else "", line=line
            )
        )
    companies = list({c.ref: c for c in companies}.values())
    credits = data.get("credits")
    credit_group: TitleCreditsRecord | None = None
    profiles: tuple[ImageRecord, ...] = ()
    if credits is not None:
        if not isinstance(credits, dict):
            raise RowError("credits: expected an object with cast and crew")
        credit_group, profiles = _credits(
            ref,
            _items(credits.get("cast"), "credits.cast"),
            _items(credits.get("crew"), "credits.crew"),
            line=line,
        )
    return TitleBundle(
        title=title,
        rating=_rating(ref, data, line=line, fetched_at=fetched_at),
        companies=tuple(companies),
        company_credits=tuple(
            CompanyCreditRecord(ref, c.ref, CompanyRole.PRODUCTION, order=n, line=line)
            for n, c in enumerate(companies)
        ),
        release_dates=_release_dates(ref, data.get("release_dates"), line=line),
        seasons=seasons,
        credits=credit_group if credit_group and credit_group.credits else None,
        images=_images(ref, data, line=line) + profiles,
        videos=_videos(ref, data.get("videos"), line=line),
    )


def _rating(
    ref: Ref, data: Mapping[str, Any], *, line: int, fetched_at: datetime.datetime
) -> RatingRecord | None:
    votes = _count(data.get("vote_count"), "vote_count")
    average = data.get("vote_average")
    if not votes or average in (None, ""):
        return None
    try:
        value = Decimal(str(average)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise RowError(f"vote_average: {average!r} is not a number") from None
    if not Decimal(0) <= value <= Decimal(10):
        raise RowError(f"vote_average: {average!r} is not between 0 and 10")
    return RatingRecord(ref, ref.source, value, votes, fetched_at, line=line)


def _credits(
    title: Ref, cast: list[dict[str, Any]], crew: list[dict[str, Any]], *, line: int
) -> tuple[TitleCreditsRecord, tuple[ImageRecord, ...]]:
    """Cast and crew entries as people and credits (and the people's profile photos)."""
    people: dict[Ref, PersonRecord] = {}
    photos: dict[Ref, ImageRecord] = {}

    def person(item: dict[str, Any], where: str) -> Ref:
        ref = Ref(ExternalSource.TMDB_PERSON, _tmdb_id(item.get("id"), f"{where} id"))
        name = _text(item.get("name"), f"{where} name", max_length=NAME_MAX)
        if not name:
            raise RowError(f"{where}: person {ref.value} has no name")
        people.setdefault(ref, PersonRecord(ref, name, line=line))
        path = _image_path(item.get("profile_path"), f"{where} profile_path")
        if path and ref not in photos:
            photos[ref] = _image(ImageKind.PROFILE, path, person=ref, line=line)
        return ref

    roles: dict[Ref, tuple[list[str], int | None]] = {}
    for item in cast:
        ref = person(item, "cast")
        character = _text(item.get("character"), "cast character", max_length=CHARACTER_MAX)
        order = _count(item.get("order"), "cast order")
        characters, best = roles.setdefault(ref, ([], order))
        if character and character not in characters:
            characters.append(character)
        if order is not None and (best is None or order < best):
            roles[ref] = (characters, order)
    credits = [
        CreditRecord(
            title,
            ref,
            Department.ACTING,
            character=_cut(" / ".join(characters), CHARACTER_MAX),
            billing_order=order,
            line=line,
        )
        for ref, (characters, order) in roles.items()
    ]
    jobs: dict[tuple[Ref, str, str], CreditRecord] = {}
    for item in crew:
        ref = person(item, "crew")
        department = DEPARTMENTS.get(str(item.get("department") or ""), Department.CREW)
        job = _text(item.get("job"), "crew job", max_length=JOB_MAX)
        jobs.setdefault(
            (ref, department, job), CreditRecord(title, ref, department, job, line=line)
        )
    credits.extend(jobs.values())
    group = TitleCreditsRecord(title, tuple(people.values()), tuple(credits), line=line)
    return group, tuple(photos.values())


def _season(show: Ref, show_name: str, item: dict[str, Any], *, line: int) -> SeasonRecord:
    number = _count(item.get("season_number"), "seasons season_number", maximum=SMALL_MAX)
    if number is None:
        raise RowError("seasons: a season has no season_number")
    air_date = _date(item.get("air_date"), "seasons air_date")
    name = _text(item.get("name"), "seasons name", max_length=TITLE_MAX) or f"Season {number}"
    return SeasonRecord(
        show=show,
        season_number=number,
        title=_cut(f"{show_name}: {name}", TITLE_MAX),
        year=_year(air_date, "seasons air_date"),
        release_date=air_date,
        plot=_text(item.get("overview"), "seasons overview"),
        line=line,
    )


def _release_dates(title: Ref, value: Any, *, line: int) -> tuple[ReleaseDateRecord, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise RowError("release_dates: expected an object with results")
    releases: dict[tuple[str, str, datetime.date], ReleaseDateRecord] = {}
    for country in _items(value.get("results"), "release_dates.results"):
        code = _text(country.get("iso_3166_1"), "release_dates iso_3166_1")
        if not _COUNTRY.match(code):
            raise RowError(f"release_dates: {code!r} is not an ISO 3166-1 country code")
        for item in _items(country.get("release_dates"), "release_dates"):
            kind = item.get("type")
            if kind not in RELEASE_TYPES:
                raise RowError(f"release_dates: unknown release type {kind!r}")
            release_type, limited = RELEASE_TYPES[kind]
            date = _date(item.get("release_date"), "release_dates release_date")
            if date is None:
                continue
            note = _text(item.get("note"), "release_dates note", max_length=NOTE_MAX)
            key = (code, release_type, date)
            if key not in releases:  # a limited and a wide run on the same day: one release
                releases[key] = ReleaseDateRecord(
                    title,
                    code,
                    release_type,
                    date,
                    note=_cut("; ".join(filter(None, [limited, note])), NOTE_MAX),
                    line=line,
                )
    return tuple(releases.values())


def _images(title: Ref, data: Mapping[str, Any], *, line: int) -> tuple[ImageRecord, ...]:
    """The main poster and backdrop first, then the document's image lists."""
    paths: dict[str, list[tuple[str, int | None, int | None]]] = {  # by ImageKind
        ImageKind.POSTER: [],
        ImageKind.BACKDROP: [],
    }
    main_images: tuple[tuple[str, str], ...] = (
        ("poster_path", ImageKind.POSTER),
        ("backdrop_path", ImageKind.BACKDROP),
    )
    for field, kind in main_images:
        path = _image_path(data.get(field), field)
        if path:
            paths[kind].append((path, None, None))
    images = data.get("images")
    if images is not None:
        if not isinstance(images, dict):
            raise RowError("images: expected an object with posters and backdrops")
        for field, kind in IMAGE_KINDS.items():
            for item in _items(images.get(field), f"images.{field}"):
                path = _image_path(item.get("file_path"), f"images.{field} file_path")
                if path:
                    width = _count(item.get("width"), f"images.{field} width")
                    height = _count(item.get("height"), f"images.{field} height")
                    paths[kind].append((path, width, height))
    records = []
    for kind, found in paths.items():
        sizes: dict[str, tuple[int | None, int | None]] = {}
        for path, width, height in found:
            known = sizes.get(path, (None, None))
            sizes[path] = (known[0] or width, known[1] or height)
        for order, (path, (width, height)) in enumerate(list(sizes.items())[:IMAGES_PER_KIND]):
            records.append(
                _image(kind, path, title=title, width=width, height=height, order=order, line=line)
            )
    return tuple(records)


def _image(
    kind: str,
    path: str,
    *,
    title: Ref | None = None,
    person: Ref | None = None,
    width: int | None = None,
    height: int | None = None,
    order: int = 0,
    line: int,
) -> ImageRecord:
    return ImageRecord(
        kind=kind,
        remote_url=IMAGE_URL.format(path=path),
        title=title,
        person=person,
        width=width,
        height=height,
        source=ATTRIBUTION,
        attribution=ATTRIBUTION,
        order=order,
        line=line,
    )


def _videos(title: Ref, value: Any, *, line: int) -> tuple[VideoRecord, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise RowError("videos: expected an object with results")
    videos: dict[tuple[str, str], VideoRecord] = {}
    for item in _items(value.get("results"), "videos.results"):
        provider = VIDEO_PROVIDERS.get(str(item.get("site") or ""))
        key = _text(item.get("key"), "videos key", max_length=100)
        if provider is None or not key:
            continue  # a site we cannot link to
        published = _text(item.get("published_at"), "videos published_at", max_length=40)
        videos.setdefault(
            (provider, key),
            VideoRecord(
                title=title,
                kind=VIDEO_KINDS.get(str(item.get("type") or ""), VideoKind.CLIP),
                name=_text(item.get("name"), "videos name", max_length=NAME_MAX) or key,
                provider=provider,
                key=key,
                language=_text(item.get("iso_639_1"), "videos iso_639_1", max_length=LANGUAGE_MAX),
                published_on=_date(published, "videos published_at"),
                source=ATTRIBUTION,
                order=len(videos),
                line=line,
            ),
        )
    return tuple(videos.values())
