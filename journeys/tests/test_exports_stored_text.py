"""A map's XLSX and CSV are made whatever its stored text holds: a control character kept
from older data made the XLSX a server error; a formula-like text shows as text."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from journeys.models import Stage


def test_map_xlsx_and_csv_with_odd_stored_text(client, world, birth_map):
    first = birth_map.stages.first()
    Stage.objects.filter(pk=first.pk).update(pains="Очередь\x0bв ЗАГС", recommendations="=1+1")
    client.force_login(world.analyst)

    xlsx = client.get(reverse("journeys:xlsx", args=[birth_map.pk]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = sheet.iter_rows(min_row=5, values_only=True)
    lanes = {row[0]: row[1] for row in rows}
    assert lanes["Боли и барьеры"] == "Очередьв ЗАГС"
    assert lanes["Рекомендации"] == "'=1+1"

    text = client.get(reverse("journeys:csv", args=[birth_map.pk])).content.decode("utf-8-sig")
    lanes = {row[0]: row[1] for row in csv.reader(io.StringIO(text))}
    assert lanes["Рекомендации"] == "'=1+1"
