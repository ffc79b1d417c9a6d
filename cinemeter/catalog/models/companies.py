"""Companies: studios, distributors and (later) labels, with their typed links to titles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cinemeter.core.models import BaseModel


class Company(BaseModel):
    """A production company, distributor or label. Written by editors and importers."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    country = models.ForeignKey("catalog.Country", on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name


class CompanyRole(models.TextChoices):
    PRODUCTION = "production", _("Production")
    DISTRIBUTION = "distribution", _("Distribution")
    SALES = "sales", _("Sales")
    EFFECTS = "effects", _("Special effects")
    LABEL = "label", _("Label")


class CompanyCredit(models.Model):
    """A company's typed part in a title ("production", "distribution", ...)."""

    title = models.ForeignKey(
        "catalog.Title", on_delete=models.CASCADE, related_name="company_credits"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=16, choices=CompanyRole.choices)
    country = models.ForeignKey(
        "catalog.Country",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Where the role applies, e.g. the distributor's market.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "company", "role"], name="companycredit_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.role} of {self.title_id}"
