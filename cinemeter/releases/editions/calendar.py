"""The new & upcoming releases: editions by release week, filterable by format and label.

A page shows `WEEKS_SHOWN` weeks from a Monday (by default two weeks back, so the latest
releases and the next announcements show together). Editions known to the day or the month
are placed (a month's in the week of its first day, shown as "May 2020"); those known only
by year stay on their title's editions page. The links to earlier and later weeks jump to
the nearest week that has releases, so browsing the past never walks through empty pages.

Five queries whatever the number of editions: the window's editions, their titles' editions
with features (for the NEW counts), the nearest release before and after, and the labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from cinemeter.catalog.models import Company
from cinemeter.releases.editions.matching import FeatureRow, editions_compare
from cinemeter.releases.editions.models import DatePrecision, Edition, EditionFormat
from cinemeter.releases.editions.selectors import FEATURE_COLUMNS, edition_row, feature_row

WEEKS_SHOWN = 6
WEEKS_BEFORE_TODAY = 2
FEED_SIZE = 50


def week_start(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


@dataclass
class CalendarEntry:
    edition: Edition
    new_count: int


@dataclass
class ReleaseWeek:
    start: date
    entries: list[CalendarEntry]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def is_current(self) -> bool:
        return self.start == week_start(timezone.localdate())


@dataclass
class ReleaseCalendar:
    start: date
    weeks: list[ReleaseWeek]
    earlier: date | None  # the first Monday of the page that ends with the nearest release
    later: date | None
    labels: list[Company]
    format: str
    label: str

    @property
    def count(self) -> int:
        return sum(len(week.entries) for week in self.weeks)


def placed_editions(*, fmt: str = "", label: str = "") -> QuerySet[Edition]:
    """Editions with a day or month date, filtered by format and label (slug)."""
    editions = Edition.objects.filter(
        release_date__isnull=False,
        date_precision__in=[DatePrecision.DAY, DatePrecision.MONTH],
    )
    if fmt:
        editions = editions.filter(format=fmt)
    if label:
        editions = editions.filter(label__slug=label)
    return editions


def _new_counts(editions: list[Edition]) -> dict[int, int]:
    """Each edition's NEW count, computed over all editions of its title: one query."""
    rows = (
        Edition.objects.filter(title_id__in={e.title_id for e in editions})
        .values_list(
            "id",
            "title_id",
            "release_date",
            "date_precision",
            *FEATURE_COLUMNS,
        )
        .order_by("id")
    )
    by_title: dict[int, tuple[dict[int, tuple[date | None, str]], list[FeatureRow]]] = {}
    for edition_id, title_id, released, precision, *columns in rows:
        dates, features = by_title.setdefault(title_id, ({}, []))
        dates[edition_id] = (released, precision)
        if (row := feature_row(edition_id, columns)) is not None:
            features.append(row)
    counts: dict[int, int] = {}
    for dates, features in by_title.values():
        result = editions_compare([edition_row(i, *d) for i, d in dates.items()], features)
        for feature in features:
            if result.features[feature.id].is_new:
                counts[feature.edition_id] = counts.get(feature.edition_id, 0) + 1
    return counts


def release_calendar(
    *, start: date | None = None, fmt: str = "", label: str = ""
) -> ReleaseCalendar:
    """The weeks from `start` (a day of the first week; by default two weeks back)."""
    fmt = fmt if fmt in EditionFormat.values else ""
    first = week_start(start or timezone.localdate() - timedelta(weeks=WEEKS_BEFORE_TODAY))
    after = first + timedelta(weeks=WEEKS_SHOWN)
    chosen = placed_editions(fmt=fmt, label=label)
    editions = list(
        chosen.filter(release_date__gte=first, release_date__lt=after)
        .select_related("title", "label")
        .order_by("release_date", "title__title", "id")
    )
    counts = _new_counts(editions) if editions else {}
    weeks = [ReleaseWeek(first + timedelta(weeks=n), []) for n in range(WEEKS_SHOWN)]
    for edition in editions:
        assert edition.release_date is not None  # noqa: S101 - filtered above
        index = (edition.release_date - first).days // 7
        weeks[index].entries.append(CalendarEntry(edition, counts.get(edition.id, 0)))
    earlier = chosen.filter(release_date__lt=first).aggregate(day=Max("release_date"))["day"]
    later = chosen.filter(release_date__gte=after).aggregate(day=Min("release_date"))["day"]
    labels = list(Company.objects.filter(Q(editions__isnull=False)).distinct().order_by("name"))
    return ReleaseCalendar(
        start=first,
        weeks=weeks,
        # The nearest earlier release lands in the last week of the earlier page.
        earlier=week_start(earlier) - timedelta(weeks=WEEKS_SHOWN - 1) if earlier else None,
        later=week_start(later) if later else None,
        labels=labels,
        format=fmt,
        label=label,
    )


def feed_editions(*, fmt: str = "", label: str = "") -> list[Edition]:
    """The latest placed editions, newest date first (announcements included)."""
    fmt = fmt if fmt in EditionFormat.values else ""
    return list(
        placed_editions(fmt=fmt, label=label)
        .select_related("title", "label")
        .order_by("-release_date", "-id")[:FEED_SIZE]
    )
