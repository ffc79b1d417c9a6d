"""Shared model base and the site counters."""

from django.db import models


class BaseModel(models.Model):
    """Abstract base: every row knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SiteCounter(models.Model):
    """One maintained site-wide number (movies, shows, seasons, actors, votes).

    Written only by `cinemeter.core.counters`: the services that create or delete the counted
    rows move it in the same transaction, and `recount_counters` recomputes it from scratch.
    """

    name = models.SlugField(max_length=40, unique=True)
    value = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="sitecounter_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


class PageVersion(models.Model):
    """A number that moves whenever what a cached page shows changes: "catalogue" for every
    page, "title:<slug>" for one title's pages.

    Written only by `cinemeter.core.page_cache.versions_bump`, which the services call in the
    transaction of their change; the anonymous page cache puts the numbers in its keys, so a
    bump makes every worker's cached copy unreachable at once.
    """

    key = models.CharField(max_length=220, unique=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"
