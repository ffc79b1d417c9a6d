"""The demo catalogue with TheDiscDb's sample loaded on top: the 2022 4K UHD of Escape from
L.A. stands beside the demo's Collector's Edition, and NEW and drops are computed across the
demo's editions and the imported one, over real HTTP within the pages' query budgets."""

import io

import pytest
from django.core.management import call_command

from cinemeter.releases.editions.selectors import title_editions
from tests.ingest.home_video import DISCDB, ingest, needs_samples

pytestmark = needs_samples


@pytest.fixture
def demo_with_discdb(settings, tmp_path):
    settings.INGEST_REJECTS_DIR = tmp_path / "rejects"
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_releases", stdout=io.StringIO())
    return ingest(DISCDB)


def page(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_demo_films_get_their_4k_editions(demo_with_discdb):
    run, out = demo_with_discdb
    # The demo films carry IMDb ids, which TheDiscDb gives too; the other eight films and
    # Firefly are not in the demo catalogue, and the triple feature has no discs.
    assert (run.read, run.created, run.updated, run.unchanged, run.rejected) == (20, 2, 0, 0, 18)
    assert "Not imported: 17 films not in the catalogue" in out
    views = title_editions("escape-from-la-1996").editions
    assert [(ev.edition.name, ev.edition.format, str(ev.edition.release_date)) for ev in views] == [
        ("Widescreen DVD", "dvd", "1998-01-01"),
        ("Blu-ray", "blu-ray", "2010-01-01"),
        ("Collector's Edition", "blu-ray", "2020-05-26"),
        ("4K", "4k-uhd", "2022-02-22"),
    ]
    collectors, uhd = views[2], views[3]
    # The later 4K changes nothing about what the Collector's Edition brought: its
    # interviews, TV spots, still gallery and 4K scan are new, its trailer is not.
    assert collectors.new_count == 9
    # TheDiscDb identifies the film alone on the 4K disc: nothing new, and the Collector's
    # Edition's extras are what it drops (keep that disc), each shown as on that edition.
    assert (uhd.new_count, len(uhd.features)) == (0, 0)
    assert [fv.feature.title for fv in uhd.drops][:3] == [
        "New 4K scan from the original camera negative",
        "Interview with Stacy Keach",
        "Audio interview with Bruce Campbell",
    ]
    assert {fv.feature.edition.name for fv in uhd.drops} == {"Collector's Edition"}
    assert len(uhd.drops) == 10
    new_york = title_editions("escape-from-new-york-1981").editions
    assert [(ev.edition.name, ev.new_count) for ev in new_york] == [("Collector's Edition 4K", 11)]


def test_the_pages_show_the_4k_beside_the_collectors_edition(
    client, demo_with_discdb, django_assert_max_num_queries
):
    # One test for the four pages: loading the demo is the slow part.
    # The pages' budgets (docs/releases.md): the editions list 3 queries, an edition 3 (4 with
    # people in its features), compare 3, the title page 14 for a visitor when cold.
    html = page(client, "/title/escape-from-la-1996/editions/", django_assert_max_num_queries, 3)
    assert "4 editions" in html
    collectors = html.index("Collector&#x27;s Edition</a></h2>")
    uhd = html.index(">4K</a></h2>")
    assert collectors < uhd
    assert "4K UHD Blu-ray" in html[uhd:]
    assert "22 February 2022" in html[uhd:]
    assert "drops 10 earlier features" in html[uhd:]
    assert "9 new features" in html[collectors:uhd]

    url = "/title/escape-from-la-1996/editions/4k-uhd-2022/"
    html = page(client, url, django_assert_max_num_queries, 3)
    assert "No special features listed." in html
    assert "Not on this edition" in html
    assert "Interview with Stacy Keach" in html
    assert "/title/escape-from-la-1996/editions/collectors-edition-blu-ray-2020/" in html
    assert "191329217409" in html  # its UPC
    assert "Region 1" in html

    url = "/title/escape-from-la-1996/editions/compare/"
    html = page(client, url, django_assert_max_num_queries, 3)
    for name in ("Widescreen DVD", "Blu-ray", "Collector&#x27;s Edition", "4K"):
        assert name in html

    html = page(client, "/title/escape-from-la-1996/", django_assert_max_num_queries, 14)
    assert "4 editions" in html
    assert "(4K UHD Blu-ray, 22 February 2022)" in html
