"""Votes imported before the tallies existed: count them into the new title tallies and into
the members' vote counts (which nothing moved until now). `manage.py recount` does the same
and more at any time; this makes an upgraded database right without it."""

from collections import defaultdict

from django.db import migrations
from django.db.models import Count

FIELDS = [f"stars_{halves // 2}_{5 if halves % 2 else 0}" for halves in range(1, 11)]


def backfill(apps, schema_editor):
    Vote = apps.get_model("community", "Vote")
    TitleScore = apps.get_model("catalog", "TitleScore")
    User = apps.get_model("accounts", "User")
    histograms = defaultdict(lambda: [0] * 10)
    for title_id, value, count in (
        Vote.objects.order_by().values_list("title_id", "value").annotate(n=Count("pk")).iterator()
    ):
        histograms[title_id][int(value * 2) - 1] = count
    scores = []
    for title_id, counts in histograms.items():
        fields = dict(zip(FIELDS, counts))
        scores.append(
            TitleScore(
                title_id=title_id,
                vote_count=sum(counts),
                half_star_sum=sum((index + 1) * count for index, count in enumerate(counts)),
                **fields,
            )
        )
    TitleScore.objects.bulk_create(scores, batch_size=1000)
    members = Vote.objects.order_by().values_list("user_id").annotate(n=Count("pk"))
    for user_id, count in members.iterator():
        User.objects.filter(pk=user_id).update(vote_count=count)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_messages_moderation"),
        ("catalog", "0004_titlescore"),
        ("accounts", "0003_member_profile"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
