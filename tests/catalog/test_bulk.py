"""Bulk writes for importers: resolution by external id, idempotency, counters, rejections."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cinemeter.catalog import bulk, services
from cinemeter.catalog.bulk import (
    ALTERNATIVE_TITLES,
    CreditRecord,
    PersonRecord,
    RatingRecord,
    Ref,
    StagedAka,
    TitleRecord,
    keyed_upsert_staged,
)
from cinemeter.catalog.models import (
    AlternativeTitle,
    Credit,
    Department,
    ExternalId,
    ExternalRating,
    ExternalSource,
    Person,
    Title,
    TitleKind,
)
from cinemeter.core.counters import counters_read, counters_recount
from tests.catalog.factories import TitleFactory

LA = Ref("tmdb_movie", "10061")
LA_IMDB = Ref("imdb", "tt0116225")


def la(**changes):
    fields = {
        "ref": LA,
        "kind": TitleKind.MOVIE,
        "title": "Escape from L.A.",
        "year": 1996,
        "runtime_minutes": 101,
        "plot": "Snake goes west.",
        "genres": ("Action", "Sci-Fi"),
        "countries": (("US", "United States"),),
        "other_refs": (LA_IMDB,),
        "release_date": datetime.date(1996, 8, 9),
    }
    return TitleRecord(**{**fields, **changes})


def snapshot():
    return (
        list(Title.objects.order_by("pk").values()),
        list(ExternalId.objects.order_by("pk").values()),
        list(Title.genres.through.objects.order_by("pk").values()),
        counters_read(),
    )


def test_titles_are_created_once_and_then_left_unchanged():
    result = bulk.titles_upsert(
        [
            la(),
            la(
                ref=Ref("tmdb_movie", "1103"),
                title="Escape from New York",
                year=1981,
                other_refs=(),
            ),
        ]
    )
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    title = Title.objects.get(slug="escape-from-la-1996")
    assert {g.name for g in title.genres.all()} == {"Action", "Sci-Fi"}
    assert [c.code for c in title.countries.all()] == ["US"]
    assert set(title.external_ids.values_list("source", "value")) == {
        ("tmdb_movie", "10061"),
        ("imdb", "tt0116225"),
    }
    before = snapshot()
    again = bulk.titles_upsert([la()])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert snapshot() == before
    assert counters_read()["movies"] == 2
    assert counters_recount(fix=False) == []


def test_a_changed_value_updates_and_an_empty_one_erases_nothing():
    bulk.titles_upsert([la()])
    result = bulk.titles_upsert([la(runtime_minutes=100, plot="")])
    assert result.updated == 1
    title = Title.objects.get()
    assert title.runtime_minutes == 100
    assert title.plot == "Snake goes west."  # another source's silence keeps the plot


def test_a_title_another_source_brought_in_is_resolved_not_duplicated():
    demo = TitleFactory.create(title="Escape from L.A.", year=1996)
    services.external_id_set(source=ExternalSource.IMDB, value="tt0116225", title=demo)
    result = bulk.titles_upsert([la()])
    assert (result.created, result.updated) == (0, 1)
    assert Title.objects.count() == 1
    assert ExternalId.objects.get(source="tmdb_movie").title_id == demo.pk


def test_slug_clashes_get_the_source_id():
    TitleFactory.create(title="Halloween", year=1978)
    bulk.titles_upsert(
        [
            TitleRecord(
                ref=Ref("imdb", "tt0077651"), kind=TitleKind.MOVIE, title="Halloween", year=1978
            )
        ]
    )
    assert Title.objects.filter(slug="halloween-1978-imdbtt0077651").exists()


def test_kind_change_moves_counters():
    bulk.titles_upsert([la()])
    bulk.titles_upsert([la(kind=TitleKind.MINISERIES)])
    assert counters_read()["movies"] == 0
    assert counters_read()["shows"] == 1


def test_people_credits_ratings_and_akas(django_assert_max_num_queries):
    bulk.titles_upsert([la()])
    people = [
        PersonRecord(ref=Ref("imdb", f"nm{n:07d}"), name=f"Actor {n}", birth_year=1950)
        for n in range(5)
    ]
    assert bulk.people_upsert(people).created == 5
    assert bulk.people_upsert(people).unchanged == 5
    credits = [
        CreditRecord(
            title=LA_IMDB,
            person=p.ref,
            department=Department.ACTING,
            character=f"Role {i}",
            billing_order=i,
            line=i + 2,
        )
        for i, p in enumerate(people)
    ]
    credits.append(
        CreditRecord(
            title=LA_IMDB, person=Ref("imdb", "nm9999999"), department=Department.ACTING, line=99
        )
    )
    credits.append(
        CreditRecord(
            title=Ref("imdb", "tt9999999"),
            person=people[0].ref,
            department=Department.DIRECTING,
            job="Director",
            line=100,
        )
    )
    result = bulk.credits_upsert(credits)
    assert (result.created, result.rejected) == (5, 2)
    assert [(r.line, r.reason) for r in result.rejections] == [
        (99, "person imdb:nm9999999 is not in the catalogue"),
        (100, "title imdb:tt9999999 is not in the catalogue"),
    ]
    assert counters_read()["actors"] == 5
    changed = [
        CreditRecord(
            title=LA_IMDB,
            person=people[0].ref,
            department=Department.ACTING,
            character="Snake Plissken",
            billing_order=0,
        )
    ]
    assert bulk.credits_upsert(changed).updated == 1
    assert Credit.objects.get(billing_order=0).character == "Snake Plissken"

    now = timezone.now()
    rating = RatingRecord(
        title=LA_IMDB, source="imdb", value=Decimal("5.7"), votes=81665, fetched_at=now
    )
    assert bulk.ratings_upsert([rating]).created == 1
    assert bulk.ratings_upsert([rating]).unchanged == 1
    newer = RatingRecord(
        title=LA_IMDB, source="imdb", value=Decimal("5.8"), votes=90000, fetched_at=now
    )
    assert bulk.ratings_upsert([newer]).updated == 1
    assert ExternalRating.objects.get().votes == 90000

    aka = StagedAka(2, LA_IMDB.value, "Flucht aus L.A.", "DE", "", "")
    again = aka._replace(line=3)
    assert keyed_upsert_staged(ALTERNATIVE_TITLES, [aka, again], source="imdb").created == 1
    assert keyed_upsert_staged(ALTERNATIVE_TITLES, [aka], source="imdb").unchanged == 1
    retyped = aka._replace(kind="dvd")
    assert keyed_upsert_staged(ALTERNATIVE_TITLES, [retyped], source="imdb").updated == 1
    assert AlternativeTitle.objects.get().kind == "dvd"
    assert AlternativeTitle.objects.count() == 1
    assert counters_recount(fix=False) == []


def test_queries_per_batch_do_not_grow_with_batch_size(django_assert_max_num_queries):
    def batch(start, size):
        return [
            TitleRecord(
                ref=Ref("imdb", f"tt{n:07d}"),
                kind=TitleKind.MOVIE,
                title=f"Film {n}",
                year=2000,
                genres=("Drama",),
            )
            for n in range(start, start + size)
        ]

    bulk.titles_upsert(batch(1000, 1))  # the first batch also creates the genre and counters
    with django_assert_max_num_queries(40) as small:
        bulk.titles_upsert(batch(0, 5))
    with django_assert_max_num_queries(40) as large:
        bulk.titles_upsert(batch(100, 200))
    # SQLite caps the parameters per statement, so a large insert may take a few statements;
    # what must not happen is a query per row.
    assert len(large.captured_queries) <= len(small.captured_queries) + 6
    people = [PersonRecord(ref=Ref("imdb", f"nm{n:07d}"), name=f"P {n}") for n in range(50)]
    with django_assert_max_num_queries(20):
        bulk.people_upsert(people)
    assert Person.objects.count() == 50
