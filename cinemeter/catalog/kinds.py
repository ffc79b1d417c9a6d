"""The kinds a title or an image can be: plain choices, outside the models package.

The models' fields use them and so do the querysets; the models import the querysets, so
these live where the querysets can reach them without importing a model module.
`cinemeter.catalog.models` re-exports them, which is where the rest of the code finds them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TitleKind(models.TextChoices):
    MOVIE = "movie", _("Movie")
    TV_MOVIE = "tv_movie", _("TV movie")
    SHORT = "short", _("Short")
    VIDEO = "video", _("Video")
    TV_SPECIAL = "tv_special", _("TV special")
    SERIES = "series", _("Series")
    MINISERIES = "miniseries", _("Miniseries")
    SEASON = "season", _("Season")
    EPISODE = "episode", _("Episode")


# The site counters and browse pages group the kinds: "movies" are single films in any form,
# "shows" are the series that own seasons and episodes.
FILM_KINDS = (
    TitleKind.MOVIE,
    TitleKind.TV_MOVIE,
    TitleKind.SHORT,
    TitleKind.VIDEO,
    TitleKind.TV_SPECIAL,
)
SHOW_KINDS = (TitleKind.SERIES, TitleKind.MINISERIES)


class ImageKind(models.TextChoices):
    POSTER = "poster", _("Poster")
    STILL = "still", _("Still")
    BACKDROP = "backdrop", _("Backdrop")
    PROFILE = "profile", _("Profile photo")
