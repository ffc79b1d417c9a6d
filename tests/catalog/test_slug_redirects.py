"""A slug that changes keeps answering: its pages, and every sub-page any app hangs below them,
move permanently to the new slug; chains collapse, and no address ever redirects to itself."""

import pytest
from django.urls import reverse

from cinemeter.catalog import services
from cinemeter.catalog.models import SlugKind, SlugRedirect, Title, TitleKind
from tests.catalog.factories import PersonFactory, TitleFactory
from tests.catalog.test_admin import TITLE_INLINES, inline_management


def _rename(title: Title, slug: str) -> Title:
    title.slug = slug
    return services.title_save(title)


def _moves_to(client, path: str, target: str) -> None:
    response = client.get(path)
    assert response.status_code == 301, (path, response.status_code)
    assert response["Location"] == target


def test_a_renamed_titles_old_pages_move_to_the_new_ones(client):
    film = TitleFactory.create(title="Heat", year=1995)
    assert film.slug == "heat-1995"
    film.title = "Heat (Director's Cut)"
    _rename(film, "heat-directors-cut-1995")
    _moves_to(client, "/title/heat-1995/", "/title/heat-directors-cut-1995/")
    _moves_to(client, "/title/heat-1995/cast/", "/title/heat-directors-cut-1995/cast/")
    # Another app's page under the title (the editions): the catalogue does not know it.
    _moves_to(client, "/title/heat-1995/editions/", "/title/heat-directors-cut-1995/editions/")
    _moves_to(client, "/title/heat-1995/?tab=cast", "/title/heat-directors-cut-1995/?tab=cast")
    final = client.get("/title/heat-1995/cast/", follow=True)
    assert final.status_code == 200
    assert "Heat (Director&#x27;s Cut)" in final.text


def test_an_old_address_moves_for_members_too_but_a_form_sent_there_does_not(
    client, django_user_model
):
    film = TitleFactory.create(title="Heat", year=1995)
    _rename(film, "heat-1995-remastered")
    member = django_user_model.objects.create_user("cinephile", password="pw")
    client.force_login(member)
    _moves_to(client, "/title/heat-1995/", "/title/heat-1995-remastered/")
    assert client.post("/title/heat-1995/vote/", {"value": "4"}).status_code == 404


def test_an_editor_changing_the_slug_in_the_admin_leaves_a_redirect(client, django_user_model):
    film = TitleFactory.create(title="The Vanishing", year=1988)
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    data = {
        "kind": film.kind,
        "title": "Spoorloos",
        "slug": "spoorloos-1988",
        "original_title": "Spoorloos",
        "year": "1988",
    }
    for prefix in TITLE_INLINES:
        data.update(inline_management(prefix))
    response = client.post(reverse("admin:catalog_title_change", args=[film.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    _moves_to(client, "/title/the-vanishing-1988/", "/title/spoorloos-1988/")


def test_a_renamed_persons_old_page_moves(client):
    person = PersonFactory.create(name="Jon Carpenter")
    person.name = "John Carpenter"
    person.slug = "john-carpenter"
    services.person_save(person)
    _moves_to(client, "/person/jon-carpenter/", "/person/john-carpenter/")
    assert client.get("/person/john-carpenter/").status_code == 200


def test_a_chain_of_renames_collapses_to_one_hop(client):
    film = TitleFactory.create(title="Alpha", year=2001)
    _rename(film, "beta-2001")
    _rename(film, "gamma-2001")
    _moves_to(client, "/title/alpha-2001/", "/title/gamma-2001/")
    _moves_to(client, "/title/beta-2001/cast/", "/title/gamma-2001/cast/")


def test_a_slug_that_comes_back_does_not_loop(client):
    film = TitleFactory.create(title="Alpha", year=2001)
    _rename(film, "beta-2001")
    _rename(film, "alpha-2001")
    assert client.get("/title/alpha-2001/").status_code == 200
    _moves_to(client, "/title/beta-2001/", "/title/alpha-2001/")
    assert list(SlugRedirect.objects.values_list("kind", "old_slug")) == [
        (SlugKind.TITLE, "beta-2001")
    ]
    followed = client.get("/title/beta-2001/", follow=True)
    assert followed.status_code == 200
    assert len(followed.redirect_chain) == 1


def test_a_slug_another_title_takes_is_that_titles_own(client):
    first = TitleFactory.create(title="Alpha", year=2001)
    _rename(first, "alpha-2001-original")
    second = services.title_create(kind=TitleKind.MOVIE, title="Alpha", year=2001)
    assert second.slug == "alpha-2001"
    page = client.get("/title/alpha-2001/")
    assert page.status_code == 200
    # A page under the live slug that does not exist is not sent to the old owner.
    assert client.get("/title/alpha-2001/editions/no-such-edition/").status_code == 404
    # Once the newcomer moves on too, the address leads to whoever had it last.
    _rename(second, "alpha-2001-remake")
    _moves_to(client, "/title/alpha-2001/", "/title/alpha-2001-remake/")


def test_unknown_slugs_and_deleted_titles_get_the_404_page(client):
    film = TitleFactory.create(title="Alpha", year=2001)
    _rename(film, "beta-2001")
    services.title_delete(Title.objects.get(pk=film.pk))
    assert not SlugRedirect.objects.exists()
    for path in ("/title/alpha-2001/", "/title/no-such-film/cast/", "/person/nobody/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "<html" in response.text


@pytest.mark.parametrize("kind", [SlugKind.TITLE, SlugKind.PERSON])
def test_a_redirect_costs_two_queries_beyond_the_pages_own(client, django_assert_num_queries, kind):
    if kind == SlugKind.TITLE:
        row = TitleFactory.create(title="Alpha", year=2001)
        _rename(row, "beta-2001")
        old, new = "/title/alpha-2001/cast/", "/title/beta-2001/cast/"
    else:
        person = PersonFactory.create(name="Ann Example")
        person.slug = "ann-example-2"
        services.person_save(person)
        old, new = "/person/ann-example/", "/person/ann-example-2/"
    client.get(old)
    # The page versions and the view's lookup, as for any missing page; then is the slug
    # anyone's now, and whose was it.
    with django_assert_num_queries(4):
        response = client.get(old)
    assert response["Location"] == new


def test_staff_see_the_old_slugs_in_the_admin_and_cannot_make_them_up(client, django_user_model):
    film = TitleFactory.create(title="Alpha", year=2001)
    _rename(film, "beta-2001")
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    changelist = client.get(reverse("admin:catalog_slugredirect_changelist"))
    assert changelist.status_code == 200
    assert "alpha-2001" in changelist.text
    assert client.get(reverse("admin:catalog_slugredirect_add")).status_code == 403
