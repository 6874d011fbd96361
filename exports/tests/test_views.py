"""The exports of every app go through the export path and land in the log; the log page
is the body administrator's (152-ФЗ: who took which file, and when)."""

from __future__ import annotations

import pytest

from exports.models import ExportEvent

pytestmark = pytest.mark.django_db

URL = "/kabinet/exports/"


def test_open_data_downloads_are_logged_without_a_person(client, world, published_situation):
    assert client.get("/opendata/life-situations.csv").status_code == 200
    event = ExportEvent.objects.get()
    assert event.actor is None and event.body is None and event.what == "registry.opendata"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("body_admin", 200),
        ("platform_admin", 200),
        ("analyst", 403),
        ("head", 403),
        ("citizen", 403),
        ("servant", 403),
    ],
)
def test_who_reads_the_export_log(client, world, role, status):
    client.force_login(getattr(world, role))
    assert client.get(URL).status_code == status


def test_the_log_shows_the_own_bodys_files_only(client, world):
    ExportEvent.objects.create(
        body=world.body, actor=world.analyst, what="x", title="Наш отчёт", filename="a.pdf",
        format="pdf", rows=3, personal=True,
    )  # fmt: skip
    ExportEvent.objects.create(
        body=world.other_body, what="x", title="Чужой отчёт", filename="b.pdf", format="pdf"
    )
    client.force_login(world.body_admin)
    html = client.get(URL).content.decode()
    assert "Наш отчёт" in html and "Чужой отчёт" not in html
    only_personal = client.get(URL + "?personal=on").content.decode()
    assert "Наш отчёт" in only_personal
    client.force_login(world.platform_admin)
    everything = client.get(URL).content.decode()
    assert "Наш отчёт" in everything and "Чужой отчёт" in everything
