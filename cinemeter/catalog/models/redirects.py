"""Old slugs: the addresses a title, person or company had before its slug changed."""

from django.db import models
from django.db.models import Q

from cinemeter.core.models import BaseModel


class SlugKind(models.TextChoices):
    TITLE = "title", "title"
    PERSON = "person", "person"
    COMPANY = "company", "company"


class SlugRedirect(BaseModel):
    """One slug a title, person or company no longer has, and the row it belonged to.

    Written by `catalog.redirects.slug_moved` whenever a slug changes (an editor's rename in
    the admin, `manage.py reslug` making an unreadable slug readable); read when a page of the
    old slug is not found, which then answers 301 with the row's current slug. It points at
    the row, not at the next slug, so a chain of renames collapses (A -> B -> C: A goes
    straight to C), and a row deleted takes its old slugs with it.
    """

    kind = models.CharField(max_length=8, choices=SlugKind.choices)
    old_slug = models.CharField(max_length=220)
    title = models.ForeignKey(
        "catalog.Title",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="slug_redirects",
        db_index=False,  # indexed where set only: see Meta.indexes
    )
    person = models.ForeignKey(
        "catalog.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="slug_redirects",
        db_index=False,  # indexed where set only: see Meta.indexes
    )
    company = models.ForeignKey(
        "catalog.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="slug_redirects",
        db_index=False,  # indexed where set only: see Meta.indexes
    )

    class Meta:
        # Two of the three targets are NULL on every row (as on ExternalId): index each only
        # where it is set, for the deletes that cascade here.
        indexes = [
            models.Index(
                fields=[name],
                condition=Q(**{f"{name}__isnull": False}),
                name=f"slugredirect_{name}_idx",
            )
            for name in ("title", "person", "company")
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_slug"], name="slugredirect_unique_slug"),
            models.CheckConstraint(
                condition=Q(
                    kind=SlugKind.TITLE,
                    title__isnull=False,
                    person__isnull=True,
                    company__isnull=True,
                )
                | Q(
                    kind=SlugKind.PERSON,
                    title__isnull=True,
                    person__isnull=False,
                    company__isnull=True,
                )
                | Q(
                    kind=SlugKind.COMPANY,
                    title__isnull=True,
                    person__isnull=True,
                    company__isnull=False,
                ),
                name="slugredirect_one_target_of_its_kind",
            ),
            models.CheckConstraint(condition=~Q(old_slug=""), name="slugredirect_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.old_slug}"
