"""Catalogue text in more languages than the one the importers bring."""

from __future__ import annotations

from django.db import models

from cinemeter.catalog.models.titles import Title


class TitlePlot(models.Model):
    """A title's plot in one language other than the catalogue's own (`Title.plot`).

    Written by importers and the admin; the title page shows the one in the reader's
    language and falls back to `Title.plot`.
    """

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="plots")
    language = models.CharField(max_length=8, help_text="ISO 639 code, e.g. nl.")
    plot = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["title", "language"], name="titleplot_one_per_language"
            ),
            models.CheckConstraint(condition=~models.Q(plot=""), name="titleplot_plot_not_empty"),
        ]

    def __str__(self) -> str:
        return f"plot of title {self.title_id} [{self.language}]"
