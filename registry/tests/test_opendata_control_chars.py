"""Open data stays up whatever the stored text holds: a control character kept from older
data made /opendata/life-situations.xlsx a server error for everyone, and a title that
starts like a formula ran as one in a spreadsheet program."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from registry import services
from registry.models import LifeSituation, Service
from tests.factories import ServiceFactory


@pytest.fixture
def stored_oddly(world):
    """A life situation published with text that no form or API takes any longer."""
    ls = services.life_situation_create(
        actor=world.analyst,
        owner_body=world.body,
        title="Переезд",
        slug="pereezd",
        start_event="Смена места жительства",
        final_result="Человек зарегистрирован по новому адресу",
        time_bound_days=30,
    )
    service = ServiceFactory.create(body=world.body, title="Регистрация по месту жительства")
    services.step_add(actor=world.analyst, life_situation=ls, service=service)
    LifeSituation.objects.filter(pk=ls.pk).update(
        title='=HYPERLINK("http://evil.test","Переезд")',
        start_event="Смена\x0bместа жительства",
    )
    Service.objects.filter(pk=service.pk).update(title="Регистрация\x1f по месту")
    ls.refresh_from_db()
    services.life_situation_publish(actor=world.analyst, life_situation=ls)


def test_xlsx_answers_and_opens_with_the_text_cleaned(client, stored_oddly):
    response = client.get("/opendata/life-situations.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header, row = list(sheet.iter_rows(values_only=True))
    values = dict(zip(header, row, strict=True))
    assert values["Стартовое событие"] == "Сменаместа жительства"
    assert values["Услуга или функция"] == "Регистрация по месту"
    assert values["Жизненная ситуация"] == '\'=HYPERLINK("http://evil.test","Переезд")'


def test_csv_shows_a_formula_like_title_as_text(client, stored_oddly):
    response = client.get("/opendata/life-situations.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["Жизненная ситуация"] == '\'=HYPERLINK("http://evil.test","Переезд")'
