"""The editions pages over real HTTP: content, NEW marks, fixed query budgets, and no stale
page after a write through the services or the admin."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cinemeter.releases.editions import services
from cinemeter.releases.editions.models import Edition, EditionFeature
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import PersonFactory, TitleFactory
from tests.releases.factories import edition, features, label


@pytest.fixture
def film():
    title = TitleFactory.create(title="Escape from L.A.", year=1996)
    dvd = edition(
        title, "Widescreen DVD", format="dvd", release_date=date(1998, 1, 1), date_precision="year"
    )
    features(dvd, ("trailer", "Theatrical Trailer"), ("commentary", "Commentary"))
    ce = edition(
        title,
        "Collector's Edition",
        label=label(),
        transfer_note="New 4K scan from the original camera negative",
        editorial="A **fine** disc. <script>alert(1)</script>",
        gtin="826663212345",
    )
    added = features(
        ce,
        ("interview", "Interview with Stacy Keach"),
        ("trailer", "Theatrical trailer"),
        ("tv-spots", "T.V. Spots"),
    )
    services.feature_people_set(
        feature=added[0], people=[(PersonFactory.create(name="Stacy Keach"), "actor")]
    )
    return title


def get(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def test_the_title_page_names_the_newest_edition(client, film, django_assert_max_num_queries):
    html, _ = get(client, film.get_absolute_url(), django_assert_max_num_queries, 15)
    assert "2 editions" in html
    assert "Collector&#x27;s Edition" in html
    assert "(Blu-ray, 26 May 2020)" in html
    assert "with 2 new features" in html  # the interview and the TV spots; not the trailer


def test_an_announced_edition_shows_as_coming(client, film):
    soon = timezone.localdate() + timedelta(days=30)
    edition(film, "4K Edition", format="4k-uhd", release_date=soon)
    html = client.get(film.get_absolute_url()).content.decode()
    assert "announced" in html
    assert "coming" in html
    assert str(soon.year) in html


def test_a_title_without_editions_shows_no_panel(client):
    title = TitleFactory.create()
    html = client.get(title.get_absolute_url()).content.decode()
    assert "Home video" not in html


def test_the_editions_list(client, film, django_assert_max_num_queries):
    html, _ = get(client, f"/title/{film.slug}/editions/", django_assert_max_num_queries, 6)
    assert html.index("Widescreen DVD") < html.index("Collector&#x27;s Edition")
    assert "drops 1 earlier feature" in html  # the DVD's commentary


def test_the_edition_page(client, film, django_assert_max_num_queries):
    url = f"/title/{film.slug}/editions/collectors-edition-blu-ray-2020/"
    html, _ = get(client, url, django_assert_max_num_queries, 6)
    assert html.count('class="badge-new"') == 3  # the tally and two features
    assert "Also on" in html  # the trailer, first on the DVD
    assert 'href="/person/stacy-keach/"' in html
    assert "Not on this edition" in html
    assert "Commentary" in html
    assert "<strong>fine</strong>" in html
    assert "<script>alert" not in html
    assert "826663212345" in html


def test_an_unknown_edition_is_404(client, film):
    assert client.get(f"/title/{film.slug}/editions/nothing-here/").status_code == 404
    assert client.get("/title/no-such-film/editions/").status_code == 404


def test_the_compare_view(client, film, django_assert_max_num_queries):
    url = f"/title/{film.slug}/editions/compare/?edition=widescreen-dvd-1998"
    html, _ = get(client, url, django_assert_max_num_queries, 6)
    assert "4 distinct features" in html  # trailer, commentary, interview, TV spots
    assert "Gains 2 new features" in html  # the DVD, first: its trailer and commentary
    assert html.count("<tr>") == 1 + 4 + 1  # head, a row per feature, foot
    assert "Theatrical trailer" in html  # the CE's own name under the shared row


@pytest.mark.parametrize("path", ["", "compare/", "collectors-edition-blu-ray-2020/"])
def test_queries_do_not_grow_with_features(client, film, path, django_assert_max_num_queries):
    url = f"/title/{film.slug}/editions/{path}"
    _, one = get(client, url, django_assert_max_num_queries, 6)
    ce = film.editions.get(name="Collector's Edition")
    many = features(ce, *(("featurette", f"Featurette {n}") for n in range(40)))
    for feature in many[:5]:
        services.feature_people_set(feature=feature, people=[(PersonFactory.create(), "crew")])
    _, forty = get(client, url, django_assert_max_num_queries, 6)
    assert forty == one


def test_the_edition_page_costs_the_same_for_one_and_forty_features(
    client, django_assert_num_queries
):
    title = TitleFactory.create()
    small = edition(title, "Small")
    features(small, ("trailer", "Trailer"))
    big = edition(TitleFactory.create(), "Big")
    features(big, *(("featurette", f"Part {n}") for n in range(40)))
    # Session-less visitor: versions (1), the editions (1), their features (1), people (1).
    for on in (small, big):
        with django_assert_num_queries(4):
            assert client.get(on.get_absolute_url()).status_code == 200


def test_a_cached_page_is_one_query(client, film, django_assert_num_queries):
    url = f"/title/{film.slug}/editions/"
    client.get(url)
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def test_a_service_write_renews_every_editions_page(client, film):
    urls = [
        film.get_absolute_url(),
        f"/title/{film.slug}/editions/",
        f"/title/{film.slug}/editions/compare/",
        f"/title/{film.slug}/editions/collectors-edition-blu-ray-2020/",
        "/releases/?from=2020-05-18",
    ]
    for url in urls:
        assert "Isolated Score" not in client.get(url).content.decode()
    ce = film.editions.get(name="Collector's Edition")
    services.features_add(
        edition=ce, features=[EditionFeature(kind="other", title="Isolated Score")]
    )
    assert "with 3 new features" in client.get(urls[0]).content.decode()
    for url in urls[2:4]:
        assert "Isolated Score" in client.get(url).content.decode()
    assert "3 new features" in client.get(urls[4]).content.decode()


def test_an_admin_edit_renews_the_pages(client, film):
    staff = MemberFactory.create(is_staff=True, is_superuser=True)
    ce = film.editions.get(name="Collector's Edition")
    url = ce.get_absolute_url()
    assert "Steelbook" not in client.get(url).content.decode()
    editor = client.__class__()
    editor.force_login(staff)
    rows = list(ce.features.all())
    form = {
        "title": film.pk,
        "name": "Collector's Edition",
        "slug": ce.slug,
        "label": ce.label_id,
        "format": "blu-ray",
        "release_date": "2020-05-26",
        "date_precision": "day",
        "packaging": "Steelbook",
        "transfer_note": ce.transfer_note,
        "gtin": ce.gtin,
        "editorial": ce.editorial,
        "features-TOTAL_FORMS": str(len(rows) + 1),
        "features-INITIAL_FORMS": str(len(rows)),
        "features-MIN_NUM_FORMS": "0",
        "features-MAX_NUM_FORMS": "1000",
    }
    for n, feature in enumerate(rows):
        form |= {
            f"features-{n}-id": feature.pk,
            f"features-{n}-edition": ce.pk,
            f"features-{n}-order": feature.order,
            f"features-{n}-title": feature.title,
            f"features-{n}-kind": feature.kind,
            f"features-{n}-new_override": "auto",
        }
    # The trailer is on the DVD too; the editor says this one is new all the same.
    form["features-1-new_override"] = "new"
    n = len(rows)
    form |= {
        f"features-{n}-edition": ce.pk,
        f"features-{n}-order": 9,
        f"features-{n}-title": "Still Gallery",
        f"features-{n}-kind": "still-gallery",
        f"features-{n}-new_override": "auto",
    }
    response = editor.post(f"/admin/releases/edition/{ce.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get(url).content.decode()
    assert "Steelbook" in html
    assert "Still Gallery" in html
    assert html.count('class="badge-new"') == 1 + 4  # the tally, interview, trailer, spots, gallery
    change = editor.get(f"/admin/releases/edition/{ce.pk}/change/").content.decode()
    assert "overridden; computed: not new" in change
    assert "Dropped from earlier editions: 1" in change


def test_the_pages_speak_dutch(client, film):
    client.cookies["django_language"] = "nl"
    html = client.get(f"/title/{film.slug}/editions/collectors-edition-blu-ray-2020/").content
    text = html.decode()
    assert "NIEUW" in text
    assert "Niet op deze uitgave" in text
    assert "26 mei 2020" in text
    releases = client.get("/releases/?from=2020-05-18").content.decode()
    assert "Nieuwe &amp; komende uitgaven" in releases


def test_the_releases_page_filters_and_browses(client, film, django_assert_max_num_queries):
    html, _ = get(client, "/releases/?from=2020-05-18", django_assert_max_num_queries, 6)
    assert "Week of 25 May 2020" in html
    assert "2 new features" in html
    assert "Widescreen DVD" not in html  # known only by year: on the title's page only
    assert "Collector" not in client.get("/releases/?from=2020-05-18&format=dvd").content.decode()
    other = client.get("/releases/?from=2020-05-18&label=another-label").content.decode()
    assert "Collector" not in other
    empty = client.get("/releases/?from=2021-06-07").content.decode()
    assert "No releases in these weeks." in empty
    assert 'href="?from=2020-04-20"' in empty  # the page ending with the CE's week
    assert 'rel="next"' not in empty


def test_the_atom_feed(client, film):
    response = client.get("/releases/feed/?format=blu-ray")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Escape from L.A.: Collector's Edition (Blu-ray, 26 May 2020)" in body
    assert "/title/escape-from-la-1996/editions/collectors-edition-blu-ray-2020/" in body
    assert "Collector" not in client.get("/releases/feed/?format=dvd").content.decode()


def test_the_demo_loads_once(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    call_command("load_demo_releases", verbosity=0)
    call_command("load_demo_releases", verbosity=0)
    html = client.get("/title/escape-from-la-1996/editions/compare/").content.decode()
    assert "3 editions" in html
    assert "Gains 9 new features" in html  # six interviews, the 4K scan, TV spots, stills
    page = client.get(
        "/title/escape-from-la-1996/editions/collectors-edition-blu-ray-2020/"
    ).content.decode()
    assert 'href="/person/stacy-keach/"' in page
    trailer = page[page.index("Theatrical Trailer") - 200 : page.index("Theatrical Trailer")]
    assert "badge-new" not in trailer  # on the 1998 DVD already


def test_a_feature_persons_role_is_in_the_readers_language(client, film):
    ce = Edition.objects.get(title=film, name="Collector's Edition")
    english = client.get(ce.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'Stacy Keach</a> <span class="muted">(actor)</span>' in english
    dutch = client.get(ce.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'Stacy Keach</a> <span class="muted">(acteur)</span>' in dutch
