"""The article services' rules: references checked on save, bad input refused with a clear
message and nothing written, the workflow and its permissions, old slugs, revisions, and two
editors saving at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.models import (
    Article,
    ArticleSlug,
    ArticleStatus,
    ArticleTag,
)
from tests.accounts.factories import MemberFactory
from tests.editorial.factories import article, film, person
from tests.releases.factories import edition


def draft(**fields):
    fields.setdefault("headline", "Snake is back")
    fields.setdefault("body", "A text.")
    fields.setdefault("confirmed", True)
    return services.ArticleDraft(**fields)


def test_references_and_tags_are_resolved_and_stored(writer):
    escape = film("Escape from L.A.")
    carpenter = person("John Carpenter")
    collectors = edition(escape, "Collector's Edition")
    made = services.article_create(
        author=writer,
        draft=draft(
            body=f"[[title:{escape.slug}]] and [[person:{carpenter.slug}|Carpenter]].",
            tag_refs=f"title:{escape.slug}, person:{carpenter.slug}, "
            f"edition:{escape.slug}/{collectors.slug}",
        ),
    )
    kinds = list(ArticleTag.objects.filter(article=made).values_list("kind", flat=True))
    assert kinds == ["title", "person", "edition"]
    assert made.tag_refs == (
        f"title:{escape.slug}, person:{carpenter.slug}, edition:{escape.slug}/{collectors.slug}"
    )
    assert made.status == ArticleStatus.DRAFT
    assert made.author == writer


def test_an_unknown_reference_is_an_error_and_nothing_is_saved(writer):
    escape = film("Escape from L.A.")
    with pytest.raises(services.ArticleInvalid) as refused:
        services.article_create(
            author=writer,
            draft=draft(
                body=f"[[title:{escape.slug}]] by [[person:nobody-at-all]]\n\n[[titel:x]]",
                tag_refs="title:no-such-film",
            ),
        )
    body_errors = " ".join(refused.value.errors["body"])
    assert "There is no person “nobody-at-all”" in body_errors
    assert "Line 3" in body_errors
    assert "[[titel:x]]" in body_errors
    assert "There is no title “no-such-film”" in refused.value.errors["tag_refs"][0]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"headline": "   "}, "headline", "needs a headline"),
        ({"body": "x" * (2 * 1024 * 1024)}, "body", "2,097,152 characters"),
        ({"body": "Hello <script>alert(1)</script>"}, "body", "Scripts and style sheets"),
        ({"body": "<STYLE>p{}</STYLE> words"}, "body", "Scripts and style sheets"),
        ({"slug": "Not A Slug"}, "slug", "lower-case"),
        ({"hero_url": "https://example.org/a.jpg"}, "hero_attribution", "attribution"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(writer, fields, field, words):
    with pytest.raises(services.ArticleInvalid) as refused:
        services.article_create(author=writer, draft=draft(**fields))
    assert words in " ".join(refused.value.errors[field])
    assert not Article.objects.exists()


def test_markdown_is_rendered_and_sanitised(writer):
    made = services.article_create(
        author=writer, draft=draft(body="*Loud* [link](javascript:alert(1)) <b>bold</b>")
    )
    assert "<em>Loud</em>" in made.body_html
    assert 'href="javascript' not in made.body_html
    assert "<b>" not in made.body_html
    assert "&lt;b&gt;" in made.body_html


def test_a_member_who_is_not_an_editor_cannot_write():
    member = MemberFactory.create()
    with pytest.raises(PermissionDenied):
        services.article_create(author=member, draft=draft())


def test_an_editor_without_the_publish_permission_cannot_publish(writer, publisher):
    made = article(writer)
    services.article_transition(article_id=made.pk, by=writer, action=services.Action.SUBMIT)
    for action in (services.Action.PUBLISH, services.Action.SCHEDULE):
        with pytest.raises(PermissionDenied):
            services.article_transition(
                article_id=made.pk,
                by=writer,
                action=action,
                publish_at=timezone.now() + timedelta(days=1),
            )
    made.refresh_from_db()
    assert made.status == ArticleStatus.REVIEW
    services.article_transition(article_id=made.pk, by=publisher, action=services.Action.PUBLISH)
    made.refresh_from_db()
    assert made.status == ArticleStatus.PUBLISHED
    assert made.published_at is not None
    with pytest.raises(PermissionDenied):
        services.article_transition(article_id=made.pk, by=writer, action=services.Action.UNPUBLISH)


def test_the_workflow_refuses_steps_from_the_wrong_state(publisher):
    made = article(publisher, publish=True)
    with pytest.raises(services.ArticleInvalid) as refused:
        services.article_transition(article_id=made.pk, by=publisher, action=services.Action.SUBMIT)
    assert "published cannot be submitted for review" in str(refused.value)
    services.article_transition(article_id=made.pk, by=publisher, action=services.Action.UNPUBLISH)
    made.refresh_from_db()
    assert made.status == ArticleStatus.UNPUBLISHED


def test_a_scheduled_date_in_the_past_is_refused(publisher):
    made = article(publisher)
    with pytest.raises(services.ArticleInvalid) as refused:
        services.article_transition(
            article_id=made.pk,
            by=publisher,
            action=services.Action.SCHEDULE,
            publish_at=timezone.now() - timedelta(minutes=5),
        )
    assert "in the future" in refused.value.errors["publish_at"][0]
    made.refresh_from_db()
    assert made.status == ArticleStatus.DRAFT
    assert made.publish_at is None


def test_a_published_article_keeps_its_old_slug(publisher):
    made = article(publisher, "First name", publish=True)
    old = made.slug
    services.article_edit(
        article_id=made.pk,
        editor=publisher,
        draft=draft(headline="Second name", slug="second-name"),
        version=made.version,
    )
    assert ArticleSlug.objects.filter(slug=old, article=made).exists()
    # The old slug is taken for good: no other article may use it.
    with pytest.raises(services.ArticleInvalid) as refused:
        services.article_create(author=publisher, draft=draft(slug=old))
    assert "Another article has (or had) this slug" in refused.value.errors["slug"][0]


def test_a_draft_renamed_keeps_no_old_slug(writer):
    made = article(writer, "First name")
    services.article_edit(
        article_id=made.pk, editor=writer, draft=draft(slug="renamed"), version=made.version
    )
    assert not ArticleSlug.objects.exists()


def test_every_save_keeps_a_revision_with_its_author(writer, publisher):
    made = article(writer, "One")
    services.article_edit(
        article_id=made.pk, editor=publisher, draft=draft(headline="Two"), version=made.version
    )
    services.article_transition(article_id=made.pk, by=publisher, action=services.Action.PUBLISH)
    history = list(made.history.order_by("history_date"))
    assert [h.headline for h in history] == ["One", "Two", "Two"]
    assert [h.history_user for h in history] == [writer, publisher, publisher]
    assert [h.status for h in history] == ["draft", "draft", "published"]
    delta = history[1].diff_against(history[0])
    assert [c.field for c in delta.changes] == ["body", "headline", "version"]


def test_two_editors_saving_at_once_the_second_is_told_and_nothing_is_lost(writer, publisher):
    made = article(writer, "Original", body="The original text.")
    opened = made.version  # both editors opened this version
    services.article_edit(
        article_id=made.pk,
        editor=writer,
        draft=draft(headline="Original", body="The writer's text."),
        version=opened,
    )
    with pytest.raises(services.ArticleChanged) as told:
        services.article_edit(
            article_id=made.pk,
            editor=publisher,
            draft=draft(headline="Original", body="The publisher's text."),
            version=opened,
        )
    assert told.value.current.body == "The writer's text."
    made.refresh_from_db()
    assert made.body == "The writer's text."


def test_language_is_detected_or_chosen(writer):
    dutch = services.article_create(
        author=writer,
        draft=draft(
            body="Dit is een lang Nederlands verhaal over een film die in de zomer van 1996 "
            "in de bioscoop kwam en die het publiek toen niet begreep."
        ),
    )
    assert dutch.language == "nl"
    assert not dutch.language_by_author
    chosen = services.article_create(author=writer, draft=draft(language="nl"))
    assert chosen.language == "nl"
    assert chosen.language_by_author


def test_the_paste_guard_warns_on_a_pasted_text_and_a_confirmation_saves_it(writer):
    long_text = "An original review of a film that nobody has written before, " * 8
    with pytest.raises(services.ArticlePasteSuspected):
        services.article_create(
            author=writer, draft=draft(body=long_text, pasted_long=True, confirmed=False)
        )
    assert not Article.objects.exists()
    services.article_create(
        author=writer, draft=draft(body=long_text, pasted_long=True, confirmed=True)
    )
    assert Article.objects.count() == 1


def test_the_paste_guard_knows_published_articles(publisher, writer):
    text = " ".join(f"word{n} about the film and its maker number {n}" for n in range(60))
    article(publisher, "The original", body=text, publish=True)
    with pytest.raises(services.ArticlePasteSuspected):
        services.article_create(author=writer, draft=draft(body=text, confirmed=False))
