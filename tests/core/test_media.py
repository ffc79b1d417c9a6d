"""Uploaded files are served on a single-machine site, and never from outside MEDIA_ROOT."""

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


def test_media_files_are_served_from_media_root(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = FileSystemStorage(location=tmp_path).save("images/p.png", ContentFile(b"\x89PNG"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG"
    assert client.get("/media/images/absent.png").status_code == 404
    assert client.get("/media/../manage.py").status_code in {400, 404}
