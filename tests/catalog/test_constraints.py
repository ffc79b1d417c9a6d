"""The catalogue's invariants hold in the database itself, not only in forms."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cinemeter.catalog import services
from cinemeter.catalog.models import (
    Credit,
    Department,
    ExternalId,
    ExternalRating,
    ExternalSource,
    Image,
    ImageKind,
    Title,
    TitleKind,
    Video,
    VideoKind,
    VideoProvider,
)
from tests.catalog.factories import PersonFactory, TitleFactory


def _violates(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Title.objects.create(slug="x", title="x", **fields)


def test_end_year_cannot_precede_year():
    _violates(kind=TitleKind.SERIES, year=2005, end_year=2004)


def test_implausible_year_is_refused():
    _violates(kind=TitleKind.MOVIE, year=12)


def test_season_needs_a_parent_and_number():
    _violates(kind=TitleKind.SEASON, season_number=1)
    show = TitleFactory.create(kind=TitleKind.SERIES)
    _violates(kind=TitleKind.SEASON, parent=show)


def test_film_cannot_have_a_parent():
    show = TitleFactory.create(kind=TitleKind.SERIES)
    _violates(kind=TitleKind.MOVIE, parent=show)


def test_season_and_episode_numbers_are_unique_within_parent():
    show = TitleFactory.create(kind=TitleKind.SERIES, title="Anthology")
    season = services.season_create(show=show, season_number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        services.season_create(show=show, season_number=1)
    services.episode_create(season=season, episode_number=1, title="Pilot")
    with pytest.raises(IntegrityError), transaction.atomic():
        services.episode_create(season=season, episode_number=1, title="Pilot again")


def test_slug_is_unique():
    TitleFactory.create(title="Same", year=2000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Title.objects.create(kind=TitleKind.MOVIE, title="Same", slug="same-2000")


def test_one_credit_per_person_department_and_job():
    title = TitleFactory.create()
    person = PersonFactory.create()
    Credit.objects.create(
        title=title, person=person, department=Department.DIRECTING, job="Director"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(
            title=title, person=person, department=Department.DIRECTING, job="Director"
        )


def test_only_actors_have_characters():
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(
            title=TitleFactory.create(),
            person=PersonFactory.create(),
            department=Department.DIRECTING,
            job="Director",
            character="Snake",
        )


def test_external_id_is_unique_per_source_and_value():
    first, second = TitleFactory.create(), TitleFactory.create()
    ExternalId.objects.create(source=ExternalSource.IMDB, value="tt0116225", title=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalId.objects.create(source=ExternalSource.IMDB, value="tt0116225", title=second)
    # The same number in another source is another id.
    ExternalId.objects.create(source=ExternalSource.TMDB_MOVIE, value="10061", title=second)
    ExternalId.objects.create(
        source=ExternalSource.TMDB_PERSON, value="10061", person=PersonFactory.create()
    )


def test_external_id_points_at_exactly_one_row():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalId.objects.create(source=ExternalSource.IMDB, value="tt1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalId.objects.create(
            source=ExternalSource.IMDB,
            value="tt2",
            title=TitleFactory.create(),
            person=PersonFactory.create(),
        )


def test_external_rating_is_on_a_ten_point_scale_once_per_source():
    title = TitleFactory.create()
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalRating.objects.create(
            title=title, source=ExternalSource.IMDB, value=11, votes=1, fetched_at=now
        )
    ExternalRating.objects.create(
        title=title, source=ExternalSource.IMDB, value=5.7, votes=81665, fetched_at=now
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalRating.objects.create(
            title=title, source=ExternalSource.IMDB, value=6, votes=1, fetched_at=now
        )


def test_image_needs_a_file_or_url_and_one_subject():
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.create(title=TitleFactory.create(), kind=ImageKind.POSTER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.create(kind=ImageKind.POSTER, remote_url="https://example.org/p.jpg")
    image = Image.objects.create(
        person=PersonFactory.create(),
        kind=ImageKind.PROFILE,
        remote_url="https://example.org/p.jpg",
        attribution="TMDb",
    )
    assert image.url == "https://example.org/p.jpg"


def test_video_needs_a_key_or_url():
    with pytest.raises(IntegrityError), transaction.atomic():
        Video.objects.create(
            title=TitleFactory.create(),
            kind=VideoKind.TRAILER,
            name="Trailer",
            provider=VideoProvider.YOUTUBE,
        )
    video = Video.objects.create(
        title=TitleFactory.create(),
        kind=VideoKind.TV_SPOT,
        name="Spot",
        provider=VideoProvider.YOUTUBE,
        key="abc123",
        duration_seconds=125,
    )
    assert video.watch_url == "https://www.youtube.com/watch?v=abc123"
    assert video.duration_label == "2:05"
