"""The services importers write editions through: an edition found again by its source's id,
its features kept in step with the source's list, the editor's work kept, and pages renewed
only when something changed."""

from datetime import date

from cinemeter.core.page_cache import versions_read
from cinemeter.releases.editions import services
from cinemeter.releases.editions.models import (
    Edition,
    EditionExternalId,
    EditionFeature,
    NewOverride,
    TitleReleaseLink,
)
from cinemeter.releases.page_keys import title_editions_key
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.releases.factories import edition, features

VALUES = {
    "name": "4K",
    "format": "4k-uhd",
    "release_date": date(2022, 2, 22),
    "gtin": "191329217409",
    "region_code": "1",
    "disc_count": 1,
}


def listed(*rows):
    return [
        EditionFeature(kind=kind, title=title, duration_seconds=seconds)
        for kind, title, seconds in rows
    ]


def upsert(title, rows, **values):
    return services.edition_upsert_from_source(
        title=title,
        source="thediscdb",
        external_id="escape-from-la-1996/2022-4k",
        values={**VALUES, **values},
        features=listed(*rows),
    )


def version(title):
    return versions_read([title_editions_key(title.slug)])[0]


def test_an_edition_is_created_once_and_found_again_by_its_source_id():
    title = TitleFactory.create(title="Escape from L.A.", year=1996)
    first = upsert(title, [("trailer", "Theatrical Trailer", 90)])
    assert (first.outcome, first.features.created) == ("created", 1)
    assert first.edition.slug == "4k-uhd-2022"
    bumped = version(title)
    again = upsert(title, [("trailer", "Theatrical Trailer", 90)])
    assert (again.outcome, again.edition.pk, again.features.unchanged) == (
        "unchanged",
        first.edition.pk,
        1,
    )
    assert version(title) == bumped  # nothing written, nothing renewed
    assert EditionExternalId.objects.get().edition == first.edition


def test_the_source_list_wins_and_the_editors_work_stays():
    title = TitleFactory.create(title="Escape from L.A.", year=1996)
    earlier = edition(
        title, "Collector's Edition", format="blu-ray", release_date=date(2020, 5, 26)
    )
    [earlier_trailer] = features(earlier, ("trailer", "Trailer"))
    created = upsert(
        title,
        [("trailer", "Theatrical Trailer", 90), ("featurette", "Old Featurette", 300)],
    ).edition
    trailer, _ = created.features.order_by("order")
    # An editor links the renamed trailer, overrides NEW on it, and writes about the edition.
    trailer.same_as, trailer.new_override = earlier_trailer, NewOverride.NEW
    services.feature_save(trailer)
    created.editorial = "The **Paramount** disc."
    services.edition_save(created)
    before = version(title)

    result = upsert(
        title,
        [("trailer", "Theatrical trailer", 92), ("interview", "Interview", None)],
        region_code="",  # the source no longer says: what is there stays
    )

    assert result.outcome == "updated"
    changes = result.features
    assert (changes.created, changes.updated, changes.deleted, changes.unchanged) == (1, 1, 1, 0)
    trailer.refresh_from_db()
    assert (trailer.title, trailer.duration_seconds, trailer.order) == ("Theatrical trailer", 92, 1)
    assert (trailer.same_as, trailer.new_override) == (earlier_trailer, NewOverride.NEW)
    assert not EditionFeature.objects.filter(title="Old Featurette").exists()
    assert list(created.features.order_by("order").values_list("title", flat=True)) == [
        "Theatrical trailer",
        "Interview",
    ]
    created.refresh_from_db()
    assert (created.region_code, created.editorial) == ("1", "The **Paramount** disc.")
    assert version(title) > before


def test_changed_values_update_the_edition_and_keep_its_slug():
    title = TitleFactory.create(title="Escape from L.A.", year=1996)
    created = upsert(title, []).edition
    result = upsert(title, [], name="2022 4K Ultra HD", release_date=date(2022, 3, 1))
    assert result.outcome == "updated"
    result.edition.refresh_from_db()
    assert (result.edition.name, result.edition.slug) == ("2022 4K Ultra HD", created.slug)


def test_an_edition_whose_film_resolves_elsewhere_moves_there():
    old = TitleFactory.create(title="Escape from L.A.", year=1996)
    new = TitleFactory.create(title="Escape from L.A.", year=1996)
    upsert(old, [])
    before = version(old)
    moved = upsert(new, []).edition
    assert (moved.title, Edition.objects.count()) == (new, 1)
    assert version(old) > before  # the old title's pages lose it


def test_release_links_follow_the_source():
    title = TitleFactory.create(title="Blade Runner", year=1982)
    first = services.title_release_links_set(
        title=title,
        source="wikidata",
        links=[("soundtrack", "Q1187341", ""), ("format", "Q723685", "")],
    )
    assert (first.created, first.unchanged) == (2, 0)
    second = services.title_release_links_set(
        title=title,
        source="wikidata",
        links=[("format", "Q723685", "digital"), ("format", "Q5294", "dvd")],
    )
    assert (second.created, second.updated, second.deleted) == (1, 1, 1)
    assert sorted(TitleReleaseLink.objects.values_list("kind", "value", "format")) == [
        ("format", "Q5294", "dvd"),
        ("format", "Q723685", "digital"),
    ]
    third = services.title_release_links_set(
        title=title,
        source="wikidata",
        links=[("format", "Q723685", "digital"), ("format", "Q5294", "dvd")],
    )
    assert (third.changed, third.unchanged) == (False, 2)


def test_the_admin_says_where_an_edition_was_imported_from(client):
    title = TitleFactory.create(title="Escape from L.A.", year=1996)
    imported = upsert(title, []).edition
    by_hand = edition(title, "Collector's Edition")
    client.force_login(MemberFactory.create(is_staff=True, is_superuser=True))
    html = client.get(f"/admin/releases/edition/{imported.pk}/change/").content.decode()
    assert "Imported from" in html
    assert "thediscdb:escape-from-la-1996/2022-4k" in html
    html = client.get(f"/admin/releases/edition/{by_hand.pk}/change/").content.decode()
    assert "thediscdb:" not in html
