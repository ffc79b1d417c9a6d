"""Real picture files for upload tests, made with Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def picture(name="me.png", size=(800, 600), fmt="PNG", colour=(200, 40, 30), padding=0):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    # Trailing bytes keep the picture readable while making the file as large as a test needs.
    data = buffer.getvalue() + b"\0" * padding
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}[fmt]
    return SimpleUploadedFile(name, data, content_type=content_type)


def pixel_size(storage, name):
    with storage.open(name) as stored, Image.open(stored) as image:
        return image.size, image.format
