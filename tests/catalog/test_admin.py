"""Staff edit every catalogue entity in the admin, and the counters stay exact."""

import pytest
from django.test import Client
from django.urls import reverse

from cinemeter.catalog.models import (
    AlternativeTitle,
    Company,
    CompanyCredit,
    Country,
    Credit,
    Department,
    ExternalId,
    ExternalRating,
    Genre,
    Image,
    Person,
    ReleaseDate,
    Title,
    TitleKind,
    Video,
)
from cinemeter.core.counters import counters_read, counters_recount
from tests.catalog.factories import PersonFactory, TitleFactory, add_actor


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "model",
    [
        Title,
        Person,
        Credit,
        Company,
        Genre,
        Country,
        ExternalId,
        ExternalRating,
        AlternativeTitle,
        ReleaseDate,
        CompanyCredit,
        Image,
        Video,
    ],
)
def test_every_catalogue_entity_has_admin_pages(staff_client, model):
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    assert staff_client.get(changelist).status_code == 200
    assert staff_client.get(add).status_code == 200


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


TITLE_INLINES = (
    "credits",
    "external_ids",
    "external_ratings",
    "alternative_titles",
    "plots",
    "release_dates",
    "company_credits",
    "images",
    "videos",
)


def test_adding_a_title_with_a_cast_member_in_the_admin_moves_the_counters(staff_client):
    actor = PersonFactory.create(name="Kurt Russell")
    data = {
        "kind": TitleKind.MOVIE,
        "title": "Escape from New York",
        "slug": "escape-from-new-york-1981",
        "original_title": "",
        "year": "1981",
        "runtime_minutes": "99",
    }
    for prefix in TITLE_INLINES:
        data.update(inline_management(prefix, total=1 if prefix == "credits" else 0))
    data.update(
        {
            "credits-0-person": str(actor.pk),
            "credits-0-department": Department.ACTING,
            "credits-0-job": "",
            "credits-0-character": "Snake Plissken",
            "credits-0-billing_order": "0",
        }
    )
    response = staff_client.post(reverse("admin:catalog_title_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    title = Title.objects.get(slug="escape-from-new-york-1981")
    assert title.credits.get().character == "Snake Plissken"
    assert counters_read()["movies"] == 1
    assert counters_read()["actors"] == 1
    assert counters_recount(fix=False) == []


def test_an_editor_adds_a_dutch_plot_that_dutch_readers_get(staff_client):
    film = TitleFactory.create(title="The Vanishing", plot="A man searches.")
    client = Client()  # a visitor
    client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl")  # cached for visitors
    data = {
        "kind": film.kind,
        "title": film.title,
        "slug": film.slug,
        "original_title": "",
        "year": str(film.year or ""),
        "plot": film.plot,
    }
    for prefix in TITLE_INLINES:
        data.update(inline_management(prefix, total=1 if prefix == "plots" else 0))
    data.update({"plots-0-language": "nl", "plots-0-plot": "Een man zoekt zijn vriendin."})
    response = staff_client.post(reverse("admin:catalog_title_change", args=[film.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text
    assert "Een man zoekt zijn vriendin." in html
    assert "A man searches." in client.get(film.get_absolute_url()).text


def test_deleting_titles_and_people_in_the_admin_keeps_counters_exact(staff_client):
    film = TitleFactory.create()
    show = TitleFactory.create(kind=TitleKind.SERIES)
    credit = add_actor(film, "Stacy Keach", "Malloy", 0)
    response = staff_client.post(
        reverse("admin:catalog_title_changelist"),
        {"action": "delete_selected", "_selected_action": [show.pk], "post": "yes"},
    )
    assert response.status_code == 302
    response = staff_client.post(
        reverse("admin:catalog_person_delete", args=[credit.person.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert counters_read()["shows"] == 0
    assert counters_read()["actors"] == 0
    assert counters_recount(fix=False) == []
    response = staff_client.post(
        reverse("admin:catalog_title_delete", args=[film.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert counters_read()["movies"] == 0
    assert counters_recount(fix=False) == []


def test_admin_is_for_staff_only(client):
    response = client.get(reverse("admin:catalog_title_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
