"""Scheduled publication: the task publishes what is due and nothing else; where no worker
runs, the next request does (at most once per interval and process)."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from cinemeter.editorial import middleware
from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.models import Article, ArticleStatus
from cinemeter.editorial.tasks import articles_publish_due_task
from tests.editorial.factories import article


def _scheduled(publisher, minutes: int):
    made = article(publisher, f"In {minutes} minutes")
    return services.article_transition(
        article_id=made.pk,
        by=publisher,
        action=services.Action.SCHEDULE,
        publish_at=timezone.now() + timedelta(minutes=minutes),
    )


def test_the_task_publishes_only_what_is_due(publisher, client):
    soon = _scheduled(publisher, 1)
    later = _scheduled(publisher, 60)
    assert client.get(soon.get_absolute_url()).status_code == 404
    assert services.articles_publish_due(timezone.now() + timedelta(minutes=2)) == [soon.pk]
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.status == ArticleStatus.PUBLISHED
    assert soon.published_at == soon.history.first().publish_at or soon.published_at is not None
    assert later.status == ArticleStatus.SCHEDULED
    assert client.get(soon.get_absolute_url()).status_code == 200
    # Run again: nothing more to do.
    assert services.articles_publish_due(timezone.now() + timedelta(minutes=2)) == []


def test_the_periodic_task_runs_the_same(publisher):
    made = _scheduled(publisher, 1)
    Article.objects.filter(pk=made.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    articles_publish_due_task.call_local()
    made.refresh_from_db()
    assert made.status == ArticleStatus.PUBLISHED


@override_settings(EDITORIAL_DUE_CHECK_SECONDS=30)
def test_without_a_worker_the_next_request_publishes(publisher, client):
    made = _scheduled(publisher, 1)
    Article.objects.filter(pk=made.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    middleware.due_check_reset()
    assert client.get(made.get_absolute_url()).status_code == 200
    made.refresh_from_db()
    assert made.status == ArticleStatus.PUBLISHED
    # Within the interval the next requests do not look again.
    assert middleware.due_check() is False


def test_taking_an_article_off_the_schedule(publisher):
    made = _scheduled(publisher, 5)
    services.article_transition(article_id=made.pk, by=publisher, action=services.Action.UNSCHEDULE)
    made.refresh_from_db()
    assert made.status == ArticleStatus.REVIEW
    assert made.publish_at is None
    assert services.articles_publish_due(timezone.now() + timedelta(hours=1)) == []
