"""A file the reader refuses (here a control character) is an error next to the file field
of the import page, and nothing is kept for a preview (a NUL byte in the kept rows was a
server error on PostgreSQL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from segments.models import SegmentImport

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def _post(client: Client, upload: SimpleUploadedFile) -> Response:
    response = client.post(reverse("segments:import"), {"kind": "segments", "file": upload})
    assert response.status_code == 200
    return response


def test_a_nul_byte_is_refused_next_to_the_file_naming_the_row(client, world):
    client.force_login(world.analyst)
    content = "code,name,target\n1.1,Семьи,direction\n1.2,Пенсио\x00неры,direction\n"
    response = _post(client, SimpleUploadedFile("segments.csv", content.encode()))
    assert response.context["form"].errors["file"] == ["Строка 3: недопустимый символ NUL."]
    assert "Строка 3: недопустимый символ NUL." in response.content.decode()
    assert not SegmentImport.objects.exists()
