"""The readers' pages through the real test client: the article with its references, cards,
callouts and related list; drafts invisible; old slugs redirecting; constant query counts;
the visitors' cache renewed by every publication, edit and withdrawal; the panels on the
title, person and edition pages; the index, a subject's listing and the feeds."""

from __future__ import annotations

from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.related import related_rebuild
from tests.accounts.factories import MemberFactory
from tests.editorial.factories import article, film, person
from tests.releases.factories import edition


def url(made) -> str:
    return reverse("editorial:article", kwargs={"slug": made.slug})


def test_article_page_links_references_and_shows_cards(client, publisher):
    escape = film("Escape from L.A.")
    carpenter = person("John Carpenter")
    made = article(
        publisher,
        "Snake is back",
        f"Directed by [[person:{carpenter.slug}]]; see [[title:{escape.slug}|the sequel]].",
        tags=f"title:{escape.slug}, person:{carpenter.slug}",
        publish=True,
    )
    page = client.get(url(made)).content.decode()
    assert f'<a class="ref ref-person" href="/person/{carpenter.slug}/">John Carpenter</a>' in page
    assert f'href="/title/{escape.slug}/">the sequel</a>' in page
    assert 'class="about-card about-title"' in page
    assert "1996" in page
    assert f'href="{publisher.get_absolute_url()}" rel="author"' in page
    assert "[[" not in page


def test_a_renamed_reference_shows_the_current_name(client, publisher):
    escape = film("Escape from L.A.")
    made = article(publisher, body=f"About [[title:{escape.slug}]].", publish=True)
    from cinemeter.catalog import services as catalog

    escape.title = "Escape from Los Angeles"
    catalog.title_save(escape)
    call_command("articles_related", verbosity=0)  # touches nothing the page shows
    assert "Escape from Los Angeles</a>" in client.get(url(made)).content.decode()


def test_drafts_are_404_for_visitors_and_members_but_open_to_editors(client, writer):
    made = article(writer)
    assert client.get(url(made)).status_code == 404
    client.force_login(MemberFactory.create())
    assert client.get(url(made)).status_code == 404
    client.force_login(writer)
    response = client.get(url(made))
    assert response.status_code == 200
    assert "Not public: Draft." in response.content.decode()


def test_an_old_slug_redirects_to_the_article(client, publisher):
    made = article(publisher, "First", publish=True)
    old = url(made)
    services.article_edit(
        article_id=made.pk,
        editor=publisher,
        draft=services.ArticleDraft(headline="First", body=made.body, slug="renamed"),
        version=made.version,
    )
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == "/articles/renamed/"


def _linked(publisher, count, tags):
    made = []
    for n in range(count):
        made.append(
            article(
                publisher,
                f"Article {n}",
                f"Words about the film, part {n}.",
                tags=tags,
                publish=True,
            )
        )
    related_rebuild()
    return made


def test_callouts_each_show_a_different_published_article_never_itself(client, publisher):
    escape = film("Escape from L.A.")
    others = _linked(publisher, 4, f"title:{escape.slug}")
    article(publisher, "A draft about it", "Draft words.", tags=f"title:{escape.slug}")
    main = article(
        publisher,
        "The main one",
        "One.\n\n[[related]]\n\nTwo.\n\n[[also-like]]\n\nThree.\n\n[[see-also]]",
        tags=f"title:{escape.slug}",
        publish=True,
    )
    related_rebuild()
    page = client.get(url(main)).content.decode()
    body = page.split('class="article-body"')[1].split("</div>")[0]
    shown = [o for o in others if f'href="/articles/{o.slug}/"' in body]
    assert len(shown) == 3
    assert page.count('class="callout callout-') == 3
    assert "A draft about it" not in page
    assert f'href="{url(main)}"' not in page.split("<main")[1]
    # The related list below repeats none of the callouts' articles.
    below = page.split('id="related-heading"')[1]
    assert all(f"/articles/{o.slug}/" not in below for o in shown)
    # The fourth goes to the list.
    assert next(o for o in others if o not in shown).headline in below


def test_related_list_explains_why(client, publisher):
    escape = film("Escape from L.A.")
    carpenter = person("John Carpenter")
    tags = f"title:{escape.slug}, person:{carpenter.slug}"
    first, second = _linked(publisher, 2, tags)
    page = client.get(url(first)).content.decode()
    assert "Also about Escape from L.A. and John Carpenter" in page
    assert second.headline in page


def test_article_page_queries_do_not_grow(client, publisher, django_assert_max_num_queries):
    escape = film("Escape from L.A.")
    small = article(
        publisher, "Small", f"[[title:{escape.slug}]]", tags=f"title:{escape.slug}", publish=True
    )
    people = [person(f"Person {n}") for n in range(12)]
    body = " ".join(f"[[person:{p.slug}]]" for p in people) + "\n\n[[related]]\n\n[[see-also]]"
    tags = ", ".join([f"title:{escape.slug}", *(f"person:{p.slug}" for p in people)])
    big = article(publisher, "Big", body, tags=tags, publish=True)
    _linked(publisher, 8, tags)
    client.force_login(MemberFactory.create())  # members are not served from the page cache
    for made in (small, big):
        with django_assert_max_num_queries(9):
            assert client.get(url(made)).status_code == 200


def test_visitors_get_the_cached_page_and_every_write_renews_it(
    client, publisher, django_assert_num_queries
):
    escape = film("Escape from L.A.")
    made = article(publisher, "Before", "Text.", tags=f"title:{escape.slug}", publish=True)
    other = article(publisher, "Other", "Text.", tags=f"title:{escape.slug}", publish=True)
    related_rebuild()
    client.get(url(made))
    with django_assert_num_queries(1):  # the versions; the page comes from the cache
        client.get(url(made))
    services.article_edit(
        article_id=other.pk,
        editor=publisher,
        draft=services.ArticleDraft(
            headline="Other, renamed", body="Text.", tag_refs=f"title:{escape.slug}"
        ),
        version=other.version,
    )
    assert "Other, renamed" in client.get(url(made)).content.decode()
    title_page = reverse("catalog:title", kwargs={"slug": escape.slug})
    assert "Other, renamed" in client.get(title_page).content.decode()
    services.article_transition(article_id=other.pk, by=publisher, action=services.Action.UNPUBLISH)
    related_rebuild()
    assert "Other, renamed" not in client.get(url(made)).content.decode()
    assert "Other, renamed" not in client.get(title_page).content.decode()
    assert client.get(url(other)).status_code == 404
    assert "Other, renamed" not in client.get(reverse("editorial:index")).content.decode()


def test_panels_on_title_person_and_edition_pages(client, publisher):
    escape = film("Escape from L.A.")
    walker = person("Shirley Walker")
    collectors = edition(escape, "Collector's Edition")
    for n in range(6):
        article(
            publisher,
            f"Piece {n}",
            "Words.",
            tags=f"title:{escape.slug}, person:{walker.slug}, "
            f"edition:{escape.slug}/{collectors.slug}",
            publish=True,
        )
    for page_url in (
        reverse("catalog:title", kwargs={"slug": escape.slug}),
        reverse("catalog:person", kwargs={"slug": walker.slug}),
        collectors.get_absolute_url(),
    ):
        page = client.get(page_url).content.decode()
        assert "All 6 articles" in page, page_url
        assert page.index("Piece 5") < page.index("Piece 1")  # newest first
        assert "Piece 0" not in page  # five shown


def test_title_page_articles_panel_costs_constant_queries(
    client, publisher, django_assert_max_num_queries
):
    escape = film("Escape from L.A.")
    title_page = reverse("catalog:title", kwargs={"slug": escape.slug})
    client.get(title_page)
    from cinemeter.core.panels import panels_for

    panel = next(p for p in panels_for("title") if p.name == "editorial.articles_about.title")
    from cinemeter.catalog.pages.title import TitleSubject

    counts: list[int] = []
    for total in (1, 7):
        while len(counts) < total:
            article(publisher, f"N{len(counts)}", "W.", tags=f"title:{escape.slug}", publish=True)
            counts.append(1)
        with django_assert_max_num_queries(1):
            context = panel.context(TitleSubject(escape.slug), None)
        assert context is not None
        assert context["summary"].count == total  # the count of all, not of the five shown
        assert len(context["summary"].newest) == min(total, 5)


def test_a_title_no_article_was_ever_about_costs_its_page_no_articles_query(
    client, publisher, django_assert_max_num_queries
):
    escape = film("Escape from L.A.")
    title_page = reverse("catalog:title", kwargs={"slug": escape.slug})
    client.force_login(MemberFactory.create())  # past the page cache, panels made cold
    with django_assert_max_num_queries(40) as captured:
        html = client.get(title_page).content.decode()
    assert not [q for q in captured.captured_queries if "editorial_" in q["sql"]]
    assert "articles-about-panel" not in html
    # A draft names the title: still nothing to show, nothing asked.
    draft = article(publisher, "Coming", "W.", tags=f"title:{escape.slug}")
    with django_assert_max_num_queries(40) as captured:
        client.get(title_page)
    assert not [q for q in captured.captured_queries if "editorial_" in q["sql"]]
    # Its publication bumps the title's key: the panel asks, once, and shows it.
    services.article_transition(article_id=draft.pk, by=publisher, action=services.Action.PUBLISH)
    with django_assert_max_num_queries(40) as captured:
        html = client.get(title_page).content.decode()
    assert len([q for q in captured.captured_queries if "editorial_" in q["sql"]]) == 1
    assert f'href="{url(draft)}">Coming</a>' in html


def test_index_listing_and_feeds(client, publisher):
    escape = film("Escape from L.A.")
    made = article(publisher, "Listed", "Words.", tags=f"title:{escape.slug}", publish=True)
    article(publisher, "Not yet", "Words.", tags=f"title:{escape.slug}")
    index = client.get(reverse("editorial:index")).content.decode()
    assert "Listed" in index
    assert "Not yet" not in index
    about = client.get(reverse("editorial:about", args=["title", escape.slug])).content.decode()
    assert "Articles about Escape from L.A." in about
    assert "Listed" in about
    assert client.get(reverse("editorial:about", args=["title", "nothing"])).status_code == 404
    assert client.get(reverse("editorial:about", args=["planet", "x"])).status_code == 404
    atom = client.get(reverse("editorial:feed"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert f"/articles/{made.slug}/" in atom.content.decode()
    assert "Not yet" not in atom.content.decode()
    rss = client.get(reverse("editorial:rss"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Listed" in rss.content.decode()


def test_index_paginates(client, publisher):
    for n in range(23):
        article(publisher, f"Number {n:02d}", "Words.", publish=True)
    first = client.get(reverse("editorial:index")).content.decode()
    assert "Number 22" in first
    assert "Number 02" not in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("editorial:index") + "?page=2").content.decode()
    assert "Number 02" in second
    assert "Number 22" not in second
    assert client.get(reverse("editorial:index") + "?page=nope").status_code == 200


def test_a_title_written_about_stays_within_the_title_pages_query_budget(
    client, publisher, django_assert_max_num_queries
):
    """A member on a cold cache: the title page's 16 queries without articles
    (tests/community/test_votes.py) and the articles panel's one, however many articles."""
    escape = film("Escape from L.A.")
    for n in range(7):
        article(publisher, f"Piece {n}", "W.", tags=f"title:{escape.slug}", publish=True)
    title_page = reverse("catalog:title", kwargs={"slug": escape.slug})
    client.force_login(MemberFactory.create())
    cache.clear()  # no page, no panel cached
    with django_assert_max_num_queries(17) as captured:
        html = client.get(title_page).content.decode()
    assert "All 7 articles" in html
    assert len([q for q in captured.captured_queries if "editorial_" in q["sql"]]) == 1


def test_hero_with_attribution_dates_in_the_readers_locale_and_the_films_score(client, publisher):
    from datetime import UTC, datetime

    from tests.community.factories import cast

    escape = film("Escape from L.A.")
    for n, value in enumerate(["2.5", "3.0", "2.0"] * 4):
        cast(MemberFactory.create(username=f"voter{n}"), escape, value)
    made = article(
        publisher,
        "Snake is back",
        "Words.",
        standfirst="Sixteen years on.",
        tags=f"title:{escape.slug}",
        hero_url="https://images.example.org/escape.jpg",
        hero_alt="Snake Plissken on a surfboard",
        hero_attribution="Photo: Paramount Pictures",
        publish=True,
        dated=datetime(2026, 3, 14, 12, 0, tzinfo=UTC),
    )
    english = client.get(url(made), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'src="https://images.example.org/escape.jpg" alt="Snake Plissken on a surfboard"' in (
        english
    )
    assert "<figcaption>Photo: Paramount Pictures</figcaption>" in english
    assert "Sixteen years on." in english
    assert '<time datetime="2026-03-14T13:00:00+01:00">14 March 2026</time>' in english
    assert "2.50" in english  # the film's card carries its members' score (12 votes)
    dutch = client.get(url(made), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "14 maart 2026" in dutch
    assert "2,50" in dutch


def test_an_edit_that_drops_a_tag_renews_the_subject_it_left(client, publisher):
    escape = film("Escape from L.A.")
    carpenter = person("John Carpenter")
    made = article(
        publisher,
        "Carpenter's return",
        "Text.",
        tags=f"title:{escape.slug}, person:{carpenter.slug}",
        publish=True,
    )
    person_page = reverse("catalog:person", kwargs={"slug": carpenter.slug})
    assert "Carpenter&#x27;s return" in client.get(person_page).content.decode()  # now cached
    services.article_edit(
        article_id=made.pk,
        editor=publisher,
        draft=services.ArticleDraft(
            headline="Carpenter's return", body="Text.", tag_refs=f"title:{escape.slug}"
        ),
        version=made.version,
    )
    assert "Carpenter&#x27;s return" not in client.get(person_page).content.decode()
    title_page = reverse("catalog:title", kwargs={"slug": escape.slug})
    assert "Carpenter&#x27;s return" in client.get(title_page).content.decode()


def test_the_articles_panel_shows_a_headline_in_the_readers_language(client, publisher):
    from cinemeter.community.translation.models import HUMAN_TRANSLATOR
    from cinemeter.editorial.articles.models import ArticleTranslation

    thing = film("The Thing", 1982)
    dutch = article(
        publisher, "Waarom The Thing flopte", "Een somber monster.", tags=f"title:{thing.slug}"
    )
    dutch.language = "nl"
    dutch.save(update_fields=["language"])
    ArticleTranslation.objects.create(
        article=dutch,
        language="en",
        backend=HUMAN_TRANSLATOR,
        source_language="nl",
        headline="Why The Thing flopped",
        body_html="<p>A bleak monster.</p>",
    )
    services.article_transition(article_id=dutch.pk, by=publisher, action=services.Action.PUBLISH)
    title_page = reverse("catalog:title", kwargs={"slug": thing.slug})
    assert (
        f'href="{url(dutch)}">Why The Thing flopped</a>' in client.get(title_page).content.decode()
    )
    client.cookies["django_language"] = "nl"
    html = client.get(title_page).content.decode()
    assert f'href="{url(dutch)}">Waarom The Thing flopte</a>' in html


def test_a_translation_stored_later_renews_the_articles_panel(client, publisher, monkeypatch):
    from cinemeter.editorial.articles import translation

    class Machine:
        name = "machine"

        def translate(self, text: str, *, source: str, target: str) -> str:
            return f"[{target}] {text}"

    thing = film("The Thing", 1982)
    dutch = article(
        publisher, "Waarom The Thing flopte", "Een somber monster.", tags=f"title:{thing.slug}"
    )
    dutch.language = "nl"
    dutch.save(update_fields=["language"])
    services.article_transition(article_id=dutch.pk, by=publisher, action=services.Action.PUBLISH)
    title_page = reverse("catalog:title", kwargs={"slug": thing.slug})
    assert ">Waarom The Thing flopte</a>" in client.get(title_page).content.decode()  # cached

    monkeypatch.setattr(translation, "translator_get", Machine)
    monkeypatch.setattr(translation, "translator_name", lambda: Machine.name)
    assert translation.article_translate(dutch.pk, "en") is not None
    html = client.get(title_page).content.decode()
    assert ">[en] Waarom The Thing flopte</a>" in html
