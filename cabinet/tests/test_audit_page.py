"""The audit trail as the body administrator reads it: every action in plain Russian,
filters by person, action and dates, and a CSV that lands in the export log."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from exports.models import ExportEvent

pytestmark = pytest.mark.django_db

URL = "/kabinet/audit/"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def events(world):
    from registry import services

    services.service_create(actor=world.analyst, body=world.body, title="Пособие на ребёнка")
    services.service_create(actor=world.other_analyst, body=world.other_body, title="Чужая")


def test_actions_read_in_russian_not_as_codes(client, world, events):
    client.force_login(world.body_admin)
    html = client.get(URL).content.decode()
    table = html.split("<tbody", 1)[1]
    assert "Добавлена услуга или функция" in table and "service.create" not in table
    assert "Чужая" not in html


def test_filters_by_person_action_and_dates(client, world, events):
    client.force_login(world.body_admin)
    by_action = client.get(URL, {"action": "service.create"}).content.decode()
    assert "Пособие на ребёнка" in by_action
    nobody = client.get(URL, {"person": "Никто Такой"}).content.decode()
    assert "Пособие на ребёнка" not in nobody and "Событий пока нет" in nobody
    bad = client.get(URL, {"since": "2026-12-10", "until": "2026-12-01"})
    assert bad.status_code == 422 and "Дата «по» раньше даты «с»" in bad.content.decode()


def test_the_csv_is_in_russian_with_semicolons_and_logged(client, world, events):
    client.force_login(world.body_admin)
    response = client.get(URL, {"format": "csv", "action": "service.create"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Когда", "Кто", "Действие", "Объект", "Изменения"]
    assert rows[1][2] == "Добавлена услуга или функция" and len(rows) == 2
    event = ExportEvent.objects.get(what="audit.log")
    assert event.personal and event.body == world.body and event.rows == 1


def test_every_service_records_a_declared_action():
    """Actions are each app's enum (``<app>/actions.py``), never a bare string."""
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in ROOT.glob("*/services.py")
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r'action="[a-z_]+\.[a-z_]+"', line)
    ]
    assert offenders == []


def test_action_codes_are_unique_across_apps():
    from audit import actions

    codes = [code for code, _label in actions.choices()]
    assert len(codes) == len(set(codes)) > 60


def test_cyrillic_names_are_found_whatever_their_case(client, world, events):
    world.analyst.first_name, world.analyst.last_name = "Анна", "Кузнецова"
    world.analyst.save()
    from registry import services

    services.service_create(actor=world.analyst, body=world.body, title="Субсидия")
    client.force_login(world.body_admin)
    assert "Субсидия" in client.get(URL, {"person": "кузнецова"}).content.decode()


def test_the_csv_shows_local_time_as_the_page_does(client, world, events):
    import re as re_

    client.force_login(world.body_admin)
    page = client.get(URL).content.decode()
    time_shown = re_.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d", page.split("<tbody", 1)[1])
    assert time_shown is not None
    shown = time_shown.group()
    csv_text = client.get(URL, {"format": "csv"}).content.decode("utf-8-sig")
    assert shown in csv_text


def test_reversed_dates_show_the_error_and_nothing_unfiltered(client, world, events):
    client.force_login(world.body_admin)
    page = client.get(URL, {"since": "2026-12-31", "until": "2026-01-01"})
    assert page.status_code == 422 and "Пособие на ребёнка" not in page.content.decode()


def test_changes_name_the_fields_in_words_not_codes(client, world):
    from registry import services

    service = services.service_create(actor=world.analyst, body=world.body, title="Пособие")
    services.service_update(actor=world.analyst, service=service, title="Пособие на ребёнка")
    client.force_login(world.body_admin)
    table = client.get(URL).content.decode().split("<tbody", 1)[1]
    assert "Наименование: Пособие → Пособие на ребёнка" in table
    assert "title:" not in table
