"""The index follows every catalogue write at once: services, admin, deletes, the demo."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from cinemeter.catalog import services
from cinemeter.catalog.demo.loader import demo_catalogue_load
from cinemeter.catalog.models import Credit, ExternalSource, Person, Title
from cinemeter.search.indexer import index_drift, index_rebuild
from cinemeter.search.models import SearchDocument
from cinemeter.search.selectors import search
from tests.catalog.test_admin import TITLE_INLINES, inline_management, staff_client  # noqa: F401


def _urls(query):
    return [hit.url for hit in search(query).hits]


def test_renamed_title_is_found_by_its_new_name_at_once(catalogue):
    film = catalogue.escape_room
    film.title = "Labyrinth of Doors"
    film.original_title = "Labyrinth of Doors"
    services.title_save(film)
    assert _urls("labyrinth of doors")[0] == film.get_absolute_url()
    assert film.get_absolute_url() not in _urls("escape room")


def test_title_edited_in_the_admin_with_a_new_aka_is_found(staff_client, catalogue):  # noqa: F811
    film = catalogue.escape_ny
    data = {"kind": film.kind, "title": "Escape from Manhattan", "slug": film.slug,
            "original_title": "", "year": "1981"}  # fmt: skip
    for prefix in TITLE_INLINES:
        data.update(inline_management(prefix, total=1 if prefix == "alternative_titles" else 0))
    data.update({"alternative_titles-0-name": "Die Klapperschlange",
                 "alternative_titles-0-region": "DE"})  # fmt: skip
    response = staff_client.post(reverse("admin:catalog_title_change", args=[film.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _urls("escape from manhattan")[0] == film.get_absolute_url()
    assert _urls("klapperschlange")[0] == film.get_absolute_url()


def test_person_renamed_in_the_admin_is_found(staff_client, catalogue):  # noqa: F811
    person = catalogue.ken
    data = {"name": "Kenneth Russell", "slug": person.slug}
    for prefix in ("credits", "external_ids", "images"):
        data.update(inline_management(prefix))
    response = staff_client.post(reverse("admin:catalog_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _urls("kenneth russell")[0] == person.get_absolute_url()


def test_new_credit_makes_the_character_findable_and_a_deleted_one_not(catalogue):
    weaver = services.person_create(name="Sigourney Weaver")
    services.credit_add(
        title=catalogue.alien, person=weaver, department="acting", character="Ellen Ripley"
    )
    hit = search("ripley").hits[0]
    assert (hit.kind, hit.url) == ("character", catalogue.alien.get_absolute_url())
    assert "Sigourney Weaver" in hit.detail
    services.credits_delete(Credit.objects.filter(character="Ellen Ripley"))
    assert [h for h in search("ripley").hits if h.kind == "character"] == []


def test_deleted_title_and_person_leave_the_index(catalogue):
    services.title_delete(catalogue.escape_la)
    assert catalogue.escape_la.get_absolute_url() not in _urls("escape from la")
    assert not SearchDocument.objects.filter(title_id=catalogue.escape_la.pk).exists()
    services.people_delete(Person.objects.filter(pk=catalogue.kurt.pk))
    assert not SearchDocument.objects.filter(kind="person", object_id=catalogue.kurt.pk).exists()
    assert not SearchDocument.objects.filter(person_id=catalogue.kurt.pk).exists()


def test_imdb_votes_move_popularity(catalogue):
    before = SearchDocument.objects.get(kind="film", object_id=catalogue.escape.pk).popularity
    services.external_rating_set(
        title=catalogue.escape, source=ExternalSource.IMDB, value=Decimal(7), votes=5_000_000,
        fetched_at=catalogue.escape.created_at,
    )  # fmt: skip
    after = SearchDocument.objects.get(kind="film", object_id=catalogue.escape.pk).popularity
    assert after > before


def test_services_keep_the_index_without_drift(catalogue):
    assert index_drift() == {"missing": 0, "stale": 0, "extra": 0}


def test_rebuild_gives_the_same_index_and_check_finds_drift(catalogue, capsys):
    before = sorted(SearchDocument.objects.values_list("kind", "object_id", "names", "keys"))
    assert index_rebuild() == len(before)
    assert (
        sorted(SearchDocument.objects.values_list("kind", "object_id", "names", "keys")) == before
    )
    assert _urls("escape from la")[0] == catalogue.escape_la.get_absolute_url()  # FTS refilled
    # A write that bypasses the services (a raw update) is drift the check reports.
    Title.objects.filter(pk=catalogue.alien.pk).update(title="Xenomorph")
    assert index_drift()["stale"] == 1
    with pytest.raises(SystemExit) as stop:
        call_command("search_index", "--check", "--no-progress")
    assert stop.value.code == 1
    call_command("search_index", "--rebuild", "--check", "--no-progress")
    assert "matches its sources" in capsys.readouterr().out


def test_the_demo_is_indexed_when_it_loads():
    demo_catalogue_load()
    escape = Title.objects.get(title="Escape from L.A.")
    hit = search("escape from la").hits[0]
    assert hit.url == escape.get_absolute_url()
    assert hit.image_url  # the demo's poster
    assert search("flucht aus la").hits[0].url == escape.get_absolute_url()  # a demo AKA
    assert index_drift() == {"missing": 0, "stale": 0, "extra": 0}


def test_rebuild_if_empty_only_fills_an_empty_index(catalogue, capsys):
    SearchDocument.objects.all().delete()
    call_command("search_index", "--rebuild", "--if-empty", "--no-progress")
    assert _urls("escape from la")[0] == catalogue.escape_la.get_absolute_url()
    count = SearchDocument.objects.count()
    call_command("search_index", "--rebuild", "--if-empty", "--no-progress")
    assert "not rebuilt" in capsys.readouterr().out
    assert SearchDocument.objects.count() == count
