"""Reference lists that titles are classified by."""

from django.db import models
from django.urls import reverse


class Genre(models.Model):
    """A genre such as Action or Sci-Fi. Written by staff in the admin and by importers."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:browse-genre", kwargs={"slug": self.slug})


class Country(models.Model):
    """A country, keyed by its ISO 3166-1 alpha-2 code ("US", "NL")."""

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso_alpha2"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:browse-country", kwargs={"code": self.code.lower()})
