"""Member pictures: an upload checked by its content and cut to fixed squares, or a drawn default.

An upload is opened with Pillow whatever its name says, so a renamed text file or an SVG (which
could carry script) is refused. It is re-encoded as PNG, which also drops its metadata (camera,
place); only the re-encoded squares are stored, never the upload itself.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

AVATAR_SIZES = {"avatar": 256, "avatar_small": 64}
ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
# Pixels, not bytes: a small file can still decode to a huge picture ("decompression bomb").
MAX_PIXELS = 40_000_000

NOT_AN_IMAGE = _("That file is not a picture we can read. Upload a PNG, JPEG, GIF or WebP image.")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def avatar_open(upload: UploadedFile[bytes]) -> Image.Image:
    """The upload as a decoded picture, or a ValidationError that says what is wrong with it."""
    limit = settings.ACCOUNTS_AVATAR_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The picture is larger than the limit of %(limit)s; upload a smaller one."),
            code="avatar_too_large",
            params={"limit": _megabytes(limit)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(NOT_AN_IMAGE, code="avatar_format")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("The picture has too many pixels; upload one under 40 megapixels."),
                    code="avatar_pixels",
                )
            # Decode now: a truncated or corrupt file fails here rather than when resized.
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(NOT_AN_IMAGE, code="avatar_not_image") from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The picture has too many pixels; upload one under 40 megapixels."),
            code="avatar_pixels",
        ) from error
    return image


@dataclass(frozen=True)
class AvatarFiles:
    """The re-encoded squares, by model field name, ready to be saved under these names."""

    files: dict[str, tuple[str, ContentFile[bytes]]]


def avatar_render(image: Image.Image, *, user_id: int) -> AvatarFiles:
    """Cut the picture to centred squares of each size, as PNG files with fresh names.

    A fresh random part per upload means a changed avatar never hides behind a cached old one.
    """
    upright = ImageOps.exif_transpose(image)
    # The first frame of an animation; RGBA keeps transparent PNGs transparent.
    picture = upright.convert("RGBA")
    stem = f"avatars/{user_id}/{secrets.token_urlsafe(8)}"
    files = {}
    for field, size in AVATAR_SIZES.items():
        square = ImageOps.fit(picture, (size, size), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        square.save(buffer, format="PNG", optimize=True)
        files[field] = (f"{stem}-{size}.png", ContentFile(buffer.getvalue()))
    return AvatarFiles(files)


# Muted colours that keep white initials readable (contrast at least 4.5:1).
_PALETTE = (
    "#7e2413",
    "#1f5f8b",
    "#2d6a4f",
    "#6a4c93",
    "#8d5b00",
    "#5c5f66",
    "#9c2f5a",
    "#23616b",
)


def default_avatar_svg(username: str, size: int) -> SafeString:
    """The picture of a member without an upload: initials on a colour fixed by the username."""
    digest = hashlib.sha256(username.lower().encode()).digest()
    colour = _PALETTE[digest[0] % len(_PALETTE)]
    parts = [part for part in username.replace("_", ".").replace("-", ".").split(".") if part]
    initials = "".join(part[0] for part in parts[:2]).upper() or "?"
    return format_html(
        '<svg class="avatar avatar-default" xmlns="http://www.w3.org/2000/svg" width="{size}" '
        'height="{size}" viewBox="0 0 100 100" role="img" aria-label="{label}">'
        '<rect width="100" height="100" fill="{colour}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui, sans-serif" font-size="{font}" font-weight="700">{initials}'
        "</text></svg>",
        size=size,
        label=_("%(username)s's avatar") % {"username": username},
        colour=colour,
        font=42 if len(initials) > 1 else 52,
        initials=initials,
    )
