"""Titles' message counts (`catalog.TitleScore.message_count`, new) from the messages already
posted, so an upgraded site's reviews panels know at once which titles have messages.
`manage.py recount` checks and fixes the same numbers at any time."""

from django.db import migrations
from django.db.models import Count


def backfill(apps, schema_editor):
    Message = apps.get_model("community", "Message")
    TitleScore = apps.get_model("catalog", "TitleScore")
    counts = dict(
        Message.objects.order_by().values_list("title_id").annotate(n=Count("pk")).iterator()
    )
    existing = set(TitleScore.objects.filter(title_id__in=counts).values_list("title_id", flat=True))
    for title_id in existing:
        TitleScore.objects.filter(title_id=title_id).update(message_count=counts[title_id])
    TitleScore.objects.bulk_create(
        [TitleScore(title_id=t, message_count=n) for t, n in counts.items() if t not in existing],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0005_message_languages_translations"),
        ("catalog", "0006_titlescore_message_count"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
