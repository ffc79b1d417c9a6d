"""The editor on the site through the test client: who may open it, the preview, saving with
errors kept, the paste guard's warning, two editors at once, the workflow's buttons, the
revisions and their diff, and the autocomplete."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone, translation

from cinemeter.editorial.articles.models import Article, ArticleStatus
from tests.accounts.factories import MemberFactory
from tests.editorial.factories import article, film, person

_DUTCH_MONTHS = [
    *("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"),
    *("september", "oktober", "november", "december"),
]


def form(**fields):
    data = {"headline": "Snake is back", "body": "Words.", "action": "save"}
    data.update(fields)
    return data


def test_only_editors_open_the_editor(client, writer):
    new = reverse("editorial:new")
    response = client.get(new)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
    client.force_login(MemberFactory.create())
    assert client.get(new).status_code == 403
    assert client.post(new, form()).status_code == 403
    assert client.get(reverse("editorial:lookup") + "?q=snake").status_code == 403
    assert not Article.objects.exists()
    client.force_login(writer)
    assert client.get(new).status_code == 200


def test_preview_renders_references_and_saves_nothing(client, writer):
    escape = film("Escape from L.A.")
    client.force_login(writer)
    response = client.post(
        reverse("editorial:new"),
        form(body=f"*Yes*: [[title:{escape.slug}]]\n\n[[related]]", action="preview"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<a class="ref ref-title" href="/title/{escape.slug}/">Escape from L.A.</a>' in page
    assert "<em>Yes</em>" in page
    assert "an article the site chooses" in page
    assert not Article.objects.exists()


def test_errors_come_back_with_the_text_kept(client, writer):
    client.force_login(writer)
    response = client.post(
        reverse("editorial:new"), form(headline="", body="Kept [[person:nobody]]")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "An article needs a headline." in page
    response = client.post(reverse("editorial:new"), form(body="Kept [[person:nobody]]"))
    page = response.content.decode()
    assert "There is no person “nobody”." in page
    assert "Kept [[person:nobody]]" in page
    assert not Article.objects.exists()


def test_a_writer_saves_and_submits_but_cannot_publish(client, writer):
    client.force_login(writer)
    response = client.post(reverse("editorial:new"), form(action="submit"))
    made = Article.objects.get()
    assert response.status_code == 302
    assert made.status == ArticleStatus.REVIEW
    page = client.get(reverse("editorial:edit", args=[made.slug])).content.decode()
    assert 'value="publish"' not in page
    response = client.post(
        reverse("editorial:edit", args=[made.slug]), form(action="publish", version=made.version)
    )
    assert response.status_code == 400
    assert "You may not publish" in response.content.decode()
    made.refresh_from_db()
    assert made.status == ArticleStatus.REVIEW


def test_a_publisher_publishes_and_schedules_with_clear_errors(client, publisher):
    client.force_login(publisher)
    client.post(reverse("editorial:new"), form(action="publish"))
    made = Article.objects.get()
    assert made.status == ArticleStatus.PUBLISHED
    made2 = article(publisher, "Later")
    response = client.post(
        reverse("editorial:edit", args=[made2.slug]),
        form(
            headline="Later",
            action="schedule",
            publish_at="2001-01-01T10:00",
            version=made2.version,
        ),
        follow=True,
    )
    assert "Choose a publication time in the future." in response.content.decode()
    made2.refresh_from_db()
    assert made2.status == ArticleStatus.DRAFT


def test_the_paste_guard_warns_and_a_confirmation_saves(client, writer):
    client.force_login(writer)
    long_text = "My own long paragraph about a film I saw last night. " * 10
    response = client.post(reverse("editorial:new"), form(body=long_text, pasted_long="1"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "copyright" in page
    assert long_text[:50] in page
    assert not Article.objects.exists()
    client.post(reverse("editorial:new"), form(body=long_text, pasted_long="1", confirmed="on"))
    assert Article.objects.count() == 1


def test_two_editors_at_once_the_second_keeps_both_texts(client, writer, publisher):
    made = article(writer, "Shared", "The first text.")
    opened = made.version
    client.force_login(writer)
    client.post(
        reverse("editorial:edit", args=[made.slug]),
        form(headline="Shared", body="The writer's text.", version=opened),
    )
    client.force_login(publisher)
    response = client.post(
        reverse("editorial:edit", args=[made.slug]),
        form(headline="Shared", body="The publisher's text.", version=opened),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "changed by writer" in page
    assert "The publisher&#x27;s text." in page
    assert "The writer&#x27;s text." in page
    made.refresh_from_db()
    assert made.body == "The writer's text."


def test_revisions_and_their_diff(client, writer):
    made = article(writer, "Rev", "line one\nline two")
    client.force_login(writer)
    client.post(
        reverse("editorial:edit", args=[made.slug]),
        form(headline="Rev", body="line one\nline 2", version=made.version),
    )
    listing = client.get(reverse("editorial:revisions", args=[made.slug])).content.decode()
    assert listing.count("<li>") == 2
    assert "writer" in listing
    newest = made.history.order_by("-history_date").first()
    diff = client.get(
        reverse("editorial:revision", args=[made.slug, newest.history_id])
    ).content.decode()
    assert "-line <mark>two</mark>" in diff  # the changed word marked, the rest as it was
    assert "+line <mark>2</mark>" in diff
    assert "<h2>Text</h2>" in diff  # the form's names for the fields, not the columns'


def test_revisions_speak_the_readers_language(client, publisher):
    made = article(publisher, "Rev", "line one", publish=True)
    publisher.preferred_language = "nl"  # a member's own choice wins over the cookie
    publisher.save(update_fields=["preferred_language"])
    client.force_login(publisher)
    listing = client.get(reverse("editorial:revisions", args=[made.slug])).content.decode()
    assert "aangemaakt" in listing
    assert "gepubliceerd" in listing
    assert "created" not in listing
    assert "p.m." not in listing
    first = made.history.order_by("history_date").first()
    with translation.override("nl"):  # "6 december 2026, 21:08"
        when = formats.date_format(timezone.localtime(first.history_date), "DATETIME_FORMAT")
    assert when.split()[1] == _DUTCH_MONTHS[first.history_date.month - 1]
    assert when in listing
    diff = client.get(reverse("editorial:revision", args=[made.slug, first.history_id]))
    html = diff.content.decode()
    assert "<h2>Kop</h2>" in html
    assert "<h2>Tekst</h2>" in html
    assert "+Concept" in html  # the status as the editor reads it, not "draft"


def test_lookup_suggests_titles_people_and_editions(client, writer):
    escape = film("Escape from L.A.")
    person("Shirley Walker")
    client.force_login(writer)
    found = client.get(reverse("editorial:lookup") + "?q=escape").json()["results"]
    assert {"ref": f"title:{escape.slug}", "label": "Escape from L.A. (1996)"} in found
    people = client.get(reverse("editorial:lookup") + "?q=person:walk").json()["results"]
    assert [r["ref"] for r in people] == ["person:shirley-walker"]
    assert client.get(reverse("editorial:lookup") + "?q=e").json()["results"] == []
