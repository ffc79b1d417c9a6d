"""The paste guard's index of known texts: one MinHash fingerprint per text and its LSH bands.

Written by `cinemeter.community.paste_guard.guard` only (`index_texts` for plots, the message
and moderation services for messages); no side effects in `save()`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["TextBand", "TextFingerprint", "TextSourceKind"]


class TextSourceKind(models.TextChoices):
    TITLE_PLOT = "title_plot", _("Title plot")
    MESSAGE = "message", _("Member message")
    ARTICLE = "article", "Article"  # reserved for the editorial app


class TextFingerprint(models.Model):
    """The MinHash signature of one known text the paste guard compares new messages with.

    Written by `guard.fingerprint_store` (`index_texts` for plots, the message services
    for published messages). `owner` is the member who wrote the text, so a member's own
    earlier messages never count as an external source.
    """

    source_kind = models.CharField(max_length=12, choices=TextSourceKind.choices)
    source_id = models.BigIntegerField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never looked up by owner
    )
    # Packed unsigned 32-bit minimum hashes, `guard.NUM_PERM` of them.
    signature = models.BinaryField()
    shingle_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_id"], name="textfingerprint_one_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"fingerprint of {self.source_kind} {self.source_id}"


class TextBand(models.Model):
    """One LSH band hash of a fingerprint: texts sharing any (band_no, band_hash) are candidates.

    No timestamps: there are `guard.BANDS` rows per known text, and only the index on
    (band_no, band_hash) is ever read.
    """

    fingerprint = models.ForeignKey(TextFingerprint, on_delete=models.CASCADE, related_name="bands")
    band_no = models.PositiveSmallIntegerField()
    band_hash = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band_no", "band_hash"], name="textband_lookup_idx")]

    def __str__(self) -> str:
        return f"band {self.band_no} of fingerprint {self.fingerprint_id}"
