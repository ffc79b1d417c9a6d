"""Reference lists that titles are classified by."""

from django.db import models
from django.urls import reverse

from cinemeter.catalog.vocabulary import country_name, genre_name


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

    @property
    def display_name(self) -> str:
        """The name in the reader's language (the site's genres are a closed list)."""
        return genre_name(self.name)


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

    @property
    def display_name(self) -> str:
        """The name in the reader's language, from CLDR; `name` for a code it lacks."""
        return country_name(self.code, self.name)
