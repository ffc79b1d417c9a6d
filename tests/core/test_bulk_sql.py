"""Prepared bulk writes store exactly what the ORM would, on SQLite and PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cinemeter.catalog.models import ExternalRating, Genre, Title, TitleKind
from cinemeter.core.bulk_sql import Table
from tests.catalog.factories import TitleFactory


def test_insert_stores_what_the_orm_reads_back() -> None:
    fetched = datetime.datetime(2025, 3, 4, 5, 6, 7, 890, tzinfo=datetime.UTC)
    Table(Title, ("slug", "kind", "title", "original_title", "release_date")).insert(
        [("escape", TitleKind.MOVIE, "Escape", "Escape", datetime.date(1996, 8, 9))]
    )
    title = Title.objects.get(slug="escape")
    Table(ExternalRating, ("title_id", "source", "value", "votes", "fetched_at")).insert(
        [(title.pk, "imdb", Decimal("5.7"), 81665, fetched)]
    )

    rating = ExternalRating.objects.get(title=title)
    assert (rating.value, rating.votes, rating.fetched_at) == (Decimal("5.7"), 81665, fetched)
    assert title.release_date == datetime.date(1996, 8, 9)
    # Columns left out get their defaults and the batch's time, as a save() would give them.
    assert (title.plot, title.year, title.parent_id) == ("", None, None)
    assert abs(timezone.now() - title.created_at) < datetime.timedelta(minutes=1)
    assert title.updated_at == title.created_at
    # The stored datetime compares as the ORM's own values do.
    assert ExternalRating.objects.filter(fetched_at__gte=fetched).count() == 1
    assert ExternalRating.objects.filter(fetched_at__gt=fetched).count() == 0


def test_update_sets_columns_by_pk_and_touches_updated_at() -> None:
    first, second = TitleFactory.create(title="One"), TitleFactory.create(title="Two")
    before = second.updated_at

    Table(Title, ("title", "year")).update([("Uno", 2001, first.pk)])

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title, first.year) == ("Uno", 2001)
    assert first.updated_at > first.created_at
    assert (second.title, second.updated_at) == ("Two", before)


def test_ignore_conflicts_skips_duplicates_only() -> None:
    Genre.objects.create(name="Horror", slug="horror")
    Table(Genre, ("name", "slug")).insert(
        [("Horror", "horror"), ("Western", "western")], ignore_conflicts=True
    )
    assert sorted(Genre.objects.values_list("slug", flat=True)) == ["horror", "western"]


def test_without_ignore_conflicts_a_duplicate_is_an_error() -> None:
    Genre.objects.create(name="Horror", slug="horror")
    with pytest.raises(IntegrityError), transaction.atomic():
        Table(Genre, ("name", "slug")).insert([("Horror", "horror")])


def test_empty_batches_run_no_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        Table(Genre, ("name", "slug")).insert([])
        Table(Genre, ("name",)).update([])


def test_a_relation_is_not_a_column() -> None:
    with pytest.raises(TypeError, match="not a column"):
        Table(Title, ("genres",))
