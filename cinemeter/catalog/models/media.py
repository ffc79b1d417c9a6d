"""Images and videos of titles and people, each with its source and attribution."""

import re

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cinemeter.catalog.kinds import ImageKind
from cinemeter.catalog.vocabulary import video_name
from cinemeter.core.models import BaseModel


class Image(BaseModel):
    """A picture of a title or a person: an uploaded file or a remote URL.

    Written by editors and importers. `attribution` is shown under the picture ("TMDb").
    """

    title = models.ForeignKey(
        "catalog.Title", on_delete=models.CASCADE, null=True, blank=True, related_name="images"
    )
    person = models.ForeignKey(
        "catalog.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="images"
    )
    kind = models.CharField(max_length=10, choices=ImageKind.choices)
    file = models.ImageField(upload_to="images/%Y/", blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    caption = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=40, blank=True, help_text="e.g. TMDb, own upload.")
    attribution = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(title__isnull=False, person__isnull=True)
                | Q(title__isnull=True, person__isnull=False),
                name="image_exactly_one_subject",
            ),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(remote_url=""), name="image_has_file_or_url"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def url(self) -> str:
        return self.file.url if self.file else self.remote_url


class VideoKind(models.TextChoices):
    TRAILER = "trailer", _("Trailer")
    TEASER = "teaser", _("Teaser")
    TV_SPOT = "tv_spot", _("TV spot")
    CLIP = "clip", _("Clip")
    FEATURETTE = "featurette", _("Featurette")
    INTERVIEW = "interview", _("Interview")


class VideoProvider(models.TextChoices):
    YOUTUBE = "youtube", _("YouTube")
    VIMEO = "vimeo", _("Vimeo")
    OTHER = "other", _("Other")


# The order a title's videos are shown in: trailers first, interviews last.
VIDEO_KIND_ORDER = (
    VideoKind.TRAILER,
    VideoKind.TEASER,
    VideoKind.TV_SPOT,
    VideoKind.FEATURETTE,
    VideoKind.CLIP,
    VideoKind.INTERVIEW,
)
# Where a video plays inside a page, once the reader asks for it: YouTube's cookie-less
# domain and Vimeo's player (told not to track, `dnt=1`). Pages that embed allow exactly
# these in their content security policy (`core.security.frames_allowed`).
VIDEO_EMBED_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
# A provider's id as it may go into a player's address; anything else only links out.
_EMBED_KEYS: dict[str, re.Pattern[str]] = {
    VideoProvider.YOUTUBE: re.compile(r"[A-Za-z0-9_-]{1,32}"),
    VideoProvider.VIMEO: re.compile(r"[0-9]{1,15}"),
}


class Video(BaseModel):
    """A trailer, TV spot or other video of a title, hosted by a provider."""

    title = models.ForeignKey("catalog.Title", on_delete=models.CASCADE, related_name="videos")
    kind = models.CharField(max_length=12, choices=VideoKind.choices)
    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=10, choices=VideoProvider.choices)
    key = models.CharField(max_length=100, blank=True, help_text="The provider's video id.")
    url = models.URLField(max_length=500, blank=True)
    language = models.CharField(max_length=8, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(key="") | ~Q(url=""), name="video_has_key_or_url"),
            models.UniqueConstraint(
                fields=["provider", "key"], condition=~Q(key=""), name="video_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name; a stock one ("Official Trailer") in the reader's language."""
        return video_name(self.name)

    @property
    def watch_url(self) -> str:
        if self.url:
            return self.url
        if self.provider == VideoProvider.YOUTUBE:
            return f"https://www.youtube.com/watch?v={self.key}"
        if self.provider == VideoProvider.VIMEO:
            return f"https://vimeo.com/{self.key}"
        return ""

    @property
    def embed_url(self) -> str:
        """The player to load into the page on a click (autoplaying: the click asked for
        it), or "" for a video that can only be watched at its provider."""
        pattern = _EMBED_KEYS.get(self.provider)
        if pattern is None or not pattern.fullmatch(self.key):
            return ""
        if self.provider == VideoProvider.YOUTUBE:
            return f"{VIDEO_EMBED_ORIGINS[0]}/embed/{self.key}?autoplay=1&rel=0"
        return f"{VIDEO_EMBED_ORIGINS[1]}/video/{self.key}?autoplay=1&dnt=1"

    @property
    def duration_label(self) -> str:
        if self.duration_seconds is None:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        return f"{minutes}:{seconds:02d}"
