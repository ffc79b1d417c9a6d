"""`generate_scale` on the real database (SQLite and PostgreSQL) at the `tiny` preset."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Credit, Department, Title, TitleKind, TitleScore
from cinemeter.community.models import Message, Vote
from cinemeter.community.votes.recount import votes_recount
from cinemeter.core.counters import counters_read
from cinemeter.scale.fitted import FALLBACK
from cinemeter.scale.presets import PRESETS
from tests.catalog.factories import TitleFactory

TINY = PRESETS["tiny"]


def _generate(seed: int = 7) -> str:
    out = StringIO()
    call_command("generate_scale", "--preset", "tiny", "--seed", str(seed), stdout=out)
    return out.getvalue()


def _fingerprint() -> list[tuple[str, str, str]]:
    return sorted(
        (username, slug, str(value))
        for username, slug, value in Vote.objects.values_list(
            "user__username", "title__slug", "value"
        )
    )


def test_writes_exactly_the_presets_counts_and_reports_progress():
    output = _generate()

    assert Title.objects.films().count() == TINY.movies
    assert Title.objects.shows().count() == TINY.shows
    assert Title.objects.filter(kind=TitleKind.SEASON).count() == TINY.seasons
    assert Title.objects.filter(kind=TitleKind.EPISODE).count() > TINY.seasons * 5
    actors = Credit.objects.filter(department=Department.ACTING).values("person").distinct()
    assert actors.count() == TINY.actors
    assert Vote.objects.count() == TINY.votes
    assert Message.objects.count() == TINY.reviews
    assert counters_read() == {
        "movies": TINY.movies,
        "shows": TINY.shows,
        "seasons": TINY.seasons,
        "actors": TINY.actors,
        "votes": TINY.votes,
    }
    assert "votes: 4,555" in output
    assert "Generated in" in output


def test_every_maintained_count_is_exact():
    _generate()

    assert not votes_recount(fix=False).drifted
    messages = dict(Message.objects.values_list("author").annotate(n=Count("pk")))
    for user_id, count in User.objects.values_list("pk", "message_count"):
        assert count == messages.get(user_id, 0)
    # every season hangs off a show, every show has at least one
    shows = Title.objects.shows().annotate(n=Count("children")).values_list("n", flat=True)
    assert min(shows) >= 1


def test_votes_follow_the_fitted_shape():
    _generate()

    values = Counter(Vote.objects.values_list("value", flat=True))
    for halves, share in enumerate(FALLBACK.half_star_shares, start=1):
        assert abs(values[halves / 2] / TINY.votes - share) < 0.03  # type: ignore[index]
    per_member = sorted(User.objects.values_list("vote_count", flat=True))
    assert per_member[0] >= FALLBACK.member_min
    assert sum(per_member) == TINY.votes
    # the title with the largest cast is among the most voted (the benchmarks' heaviest title)
    largest_cast = Credit.objects.values("title").annotate(n=Count("pk")).order_by("-n")[0]["title"]
    most_votes = TitleScore.objects.order_by("-vote_count")[0].vote_count
    assert TitleScore.objects.get(title=largest_cast).vote_count == most_votes


def test_the_heaviest_titles_have_hundreds_of_credits():
    _generate()

    casts = sorted(
        Credit.objects.filter(department=Department.ACTING)
        .values("title")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert casts[-1] >= 150
    assert 10 <= casts[len(casts) // 2] <= 40


def test_articles_in_proportion_tagged_related_and_on_their_titles_pages(client):
    from cinemeter.editorial.models import Article, ArticleRelated, ArticleTag

    output = _generate()

    assert Article.objects.filter(status="published").count() == TINY.articles
    assert not Article.objects.filter(tags__isnull=True).exists()
    assert ArticleRelated.objects.exists()
    assert "related reading computed in" in output
    # Written around the services, yet their titles' "Articles about …" panels show them.
    tag = ArticleTag.objects.filter(title__isnull=False).select_related("title", "article")[0]
    assert tag.title is not None
    html = client.get(tag.title.get_absolute_url()).content.decode()
    assert tag.article.headline in html


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_database_and_another_seed_another():
    _generate(seed=11)  # outside a test transaction: the deferred-index path
    first = _fingerprint()
    _clear()
    _generate(seed=11)
    assert _fingerprint() == first
    _clear()
    _generate(seed=12)
    assert _fingerprint() != first
    assert not votes_recount(fix=False).drifted


def _clear() -> None:
    from cinemeter.editorial.models import Article

    Article.objects.all().delete()
    Message.objects.all().delete()
    Vote.objects.all().delete()
    Title.objects.all().delete()
    Credit.objects.all().delete()
    from cinemeter.catalog.models import Person
    from cinemeter.core.models import SiteCounter

    Person.objects.all().delete()
    User.objects.all().delete()
    SiteCounter.objects.all().delete()


def test_refuses_a_database_that_already_has_a_catalogue():
    TitleFactory.create()
    with pytest.raises(CommandError, match="empty"):
        _generate()
