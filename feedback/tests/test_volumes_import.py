"""Monthly volumes from a file (issue 23): the same reader as every import, every bad row
named, nothing stored from a file with an error, the response rate from what was stored."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from audit.models import AuditEvent
from feedback.models import Volume

pytestmark = pytest.mark.django_db

URL = "/kabinet/otsenki/obemy/"


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("volumes.csv", text.encode(), content_type="text/csv")


def test_a_file_of_volumes_is_stored_and_feeds_the_response_rate(client, world, place):
    client.force_login(world.analyst)
    content = (
        "точка;услуга;месяц;обслужено;предложено оценить\n"
        f"Приёмная на Ленина;vyplata;2026-10;1 200;800\n"
        f"{place.portal.pk};;10.2026;5000;5000\n"
    )
    response = client.post(URL, {"file": _csv(content)})
    assert response.status_code == 302 and response["Location"] == "/kabinet/otsenki/"
    stored = {(v.touchpoint_id, v.service_id): (v.served, v.offered) for v in Volume.objects.all()}
    assert stored == {
        (place.office.pk, place.service.pk): (1200, 800),
        (place.portal.pk, None): (5000, 5000),
    }
    assert AuditEvent.objects.filter(action="feedback.volume").count() == 2
    again = "touchpoint,month,served,offered\nПриёмная на Ленина,2026-10,10,5\n"
    assert client.post(URL, {"file": _csv(again)}).status_code == 302
    assert Volume.objects.get(touchpoint=place.office, service=None).served == 10  # replaced


def test_every_bad_row_is_named_and_nothing_is_stored(client, world, place):
    client.force_login(world.analyst)
    content = (
        "touchpoint,service,month,served,offered\n"
        "Приёмная на Ленина,vyplata,2026-10,100,50\n"  # good, but the file has errors
        "МФЦ Центральный,,2026-10,10,5\n"  # another body's touchpoint
        "Приёмная на Ленина,net-takoy,октябрь,-3,5\n"
        "Сайт министерства,,2099-01,10,20\n"
        "Приёмная на Ленина,vyplata,10.2026,1,1\n"  # repeats row 2
    )
    response = client.post(URL, {"file": _csv(content)})
    assert response.status_code == 422
    html = response.content.decode()
    for expected in (
        "Строка 3: точка «МФЦ Центральный» — нет такой у органа",
        "Строка 4: услуга «net-takoy» не найдена; месяц «октябрь»",
        "«обслужено» — целое число от 0 до 10 000 000",
        "Строка 5: месяц 01.2099 ещё не наступил; предложили оценить больше людей",
        "Строка 6: повторяет строку 2",
    ):
        assert expected in html, expected
    assert not Volume.objects.exists()


def test_an_xlsx_file_with_russian_headers_is_read(client, world, place):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Точка", "Месяц", "Обслужено", "Предложено оценить"])
    sheet.append(["Горячая линия", "2026-09", 300, 120])
    raw = io.BytesIO()
    book.save(raw)
    client.force_login(world.body_admin)
    upload = SimpleUploadedFile("v.xlsx", raw.getvalue())
    assert client.post(URL, {"file": upload}).status_code == 302
    assert Volume.objects.get(touchpoint=place.call_centre).offered == 120


@pytest.mark.parametrize("name", ["head", "citizen"])
def test_only_the_bodys_editors_load_volumes(client, world, place, name):
    client.force_login(getattr(world, name))
    content = "touchpoint,month,served,offered\nГорячая линия,2026-09,3,1\n"
    assert client.post(URL, {"file": _csv(content)}).status_code == 403
    assert not Volume.objects.exists()


def test_another_bodys_editor_cannot_load_volumes_of_our_touchpoints(client, world, place):
    client.force_login(world.other_analyst)
    content = f"touchpoint,month,served,offered\n{place.office.pk},2026-09,3,1\n"
    response = client.post(URL, {"file": _csv(content)})
    assert response.status_code == 422 and "нет такой у органа" in response.content.decode()
    assert not Volume.objects.exists()


def test_a_file_that_is_not_a_table_is_refused_next_to_the_field(client, world, place):
    client.force_login(world.analyst)
    response = client.post(URL, {"file": SimpleUploadedFile("v.pdf", b"%PDF-1.4")})
    assert response.status_code == 422
    assert "Загрузите файл .csv или .xlsx." in response.content.decode()


def test_a_name_two_touchpoints_share_asks_for_the_number(client, world, place):
    from tests.factories import TouchpointFactory

    twin = TouchpointFactory.create(body=world.body, kind="reception", title="Приёмная на  Лёнина")
    client.force_login(world.analyst)
    content = (
        "touchpoint,month,served,offered\n"
        "приёмная на ленина,01.11.2026,10,5\n"  # ё, case and spaces do not matter: two match
        f"{twin.pk},2026-11-01 00:00:00,99999999999,5\n"  # a number far too large
    )
    response = client.post(URL, {"file": _csv(content)})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Строка 2: точек «приёмная на ленина» у органа несколько — укажите номер точки" in html
    assert "Строка 3: «обслужено» — целое число от 0 до 10 000 000" in html
    assert not Volume.objects.exists()


def test_a_missing_column_is_named_in_russian(client, world, place):
    client.force_login(world.analyst)
    response = client.post(URL, {"file": _csv("touchpoint,served,offered\nГорячая линия,1,1\n")})
    assert response.status_code == 422 and "«месяц» (month)" in response.content.decode()
