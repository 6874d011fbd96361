"""What a person needs to know about a place before going or calling there (issue 22:
touchpoints editable with hours, accessibility, languages, services; a public page per
place; open data of places with their accessibility; 004's equal access, R29)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from registry import hours, services
from registry.models import Touchpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(world: Any) -> Touchpoint:
    from tests.factories import TouchpointFactory

    return TouchpointFactory.create(
        body=world.body,
        kind="reception",
        title="Приёмная в Зее",
        address="г. Зея, ул. Ленина, 1",
    )


def _update(world: Any, office: Touchpoint, **changes: Any) -> Touchpoint:
    data: dict[str, Any] = {"title": office.title, "address": office.address}
    return services.touchpoint_update(actor=world.analyst, touchpoint=office, **{**data, **changes})


def test_a_day_is_read_as_people_write_it():
    assert hours.parse_day("9:00–18:00") == [["09:00", "18:00"]]
    assert hours.parse_day("9.00-13.00, 14:00 — 18:00") == [["09:00", "13:00"], ["14:00", "18:00"]]
    assert hours.parse_day("  ") == []
    for bad in ("девять", "18:00–9:00", "9:00–13:00, 12:00–18:00", "25:00–26:00"):
        with pytest.raises(ValidationError):
            hours.parse_day(bad)


def test_hours_as_people_also_type_them():
    assert hours.parse_day("9–18") == [["09:00", "18:00"]]
    assert hours.parse_day("9:00 − 18:00.") == [["09:00", "18:00"]]  # a minus sign, a dot
    with pytest.raises(ValidationError, match="24:00"):
        hours.parse_day("9:00–24:30")
    every_day = {str(d): [["00:00", "24:00"]] for d in range(7)}
    assert hours.summary(every_day) == ["круглосуточно, без выходных"]


def test_the_week_reads_with_days_grouped():
    week = {str(d): [["09:00", "18:00"]] for d in range(5)} | {"5": [["10:00", "14:00"]]}
    assert hours.summary(week) == ["пн–пт: 9:00–18:00", "сб: 10:00–14:00", "вс: выходной"]
    assert hours.summary({}, open_24_7=True) == ["круглосуточно, без выходных"]
    assert hours.summary({}) == []


def test_a_place_is_changed_and_audited(world, office):
    from tests.factories import ServiceFactory

    service = ServiceFactory.create(body=world.body, slug="posobie")
    _update(
        world,
        office,
        phone="+7 (416) 582-00-00",
        opening_hours={"0": [["09:00", "18:00"]]},
        accessibility=["parking", "step_free", "parking"],
        languages=["Английский", "русский", "английский", "китайский"],
        guest_wifi=True,
        services=[service],
    )
    office.refresh_from_db()
    assert office.accessibility == ["step_free", "parking"]  # the list's order, once each
    assert office.languages == ["английский", "китайский"]  # Russian goes without saying
    assert list(office.services.all()) == [service]
    event = AuditEvent.objects.get(action="touchpoint.update")
    assert event.actor == world.analyst and "accessibility" in event.changes
    assert event.changes["services"] == [[], ["posobie"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone": "позвоните"}, "phone"),
        ({"languages": ["english1"]}, "languages"),
        ({"accessibility": ["teleport"]}, "accessibility"),
        ({"opening_hours": {"7": [["09:00", "18:00"]]}}, "opening_hours"),
        ({"opening_hours": {"0": [["18:00", "09:00"]]}}, "opening_hours"),
        ({"address": " "}, "address"),  # an office needs one
        ({"phone": "-----"}, "phone"),
        ({"open_24_7": True, "opening_hours": {"0": [["09:00", "18:00"]]}}, "open_24_7"),
    ],
)
def test_a_bad_detail_is_refused_by_name_and_nothing_is_saved(world, office, changes, field):
    with pytest.raises(ValidationError) as refused:
        _update(world, office, guest_wifi=True, **changes)
    assert field in refused.value.message_dict
    office.refresh_from_db()
    assert (
        office.guest_wifi is False
        and not AuditEvent.objects.filter(action="touchpoint.update").exists()
    )


def test_another_bodys_analyst_cannot_change_the_place(world, office):
    with pytest.raises(ValidationError) as refused:
        services.touchpoint_update(
            actor=world.other_analyst, touchpoint=office, title="Чужая", address="х"
        )
    assert "touchpoint" in refused.value.message_dict
    office.refresh_from_db()
    assert office.title == "Приёмная в Зее"


def test_the_editor_explains_a_bad_day_next_to_it_and_keeps_the_rest(client, world, office):
    url = reverse("registry:touchpoint_edit", args=[office.pk])
    client.force_login(world.analyst)
    page = client.get(url).content.decode()
    assert "Понедельник" in page and "Доступность" in page
    form = {
        "title": office.title,
        "address": office.address,
        "time_zone": "Asia/Yakutsk",
        "day_0": "9:00–18:00",
        "day_2": "с утра",
        "accessibility": ["step_free"],
        "languages": "английский",
    }
    bad = client.post(url, form)
    assert bad.status_code == 422
    html = bad.content.decode()
    assert 'id="id_day_2_error"' in html and "Напишите время так" in html
    assert 'value="английский"' in html  # what was typed stays
    office.refresh_from_db()
    assert office.opening_hours == {} and office.accessibility == []

    form["day_2"] = "9:00–13:00, 14:00–17:00"
    assert client.post(url, form).status_code == 302
    office.refresh_from_db()
    assert office.opening_hours == {
        "0": [["09:00", "18:00"]],
        "2": [["09:00", "13:00"], ["14:00", "17:00"]],
    }
    assert office.time_zone == "Asia/Yakutsk" and office.accessibility == ["step_free"]
    client.force_login(world.other_analyst)
    assert client.get(url).status_code == 403
    assert client.post(url, form).status_code == 403


def test_a_citizen_reads_the_place_and_finds_it_from_the_service(client, world, office):
    from tests.factories import ServiceFactory

    service = ServiceFactory.create(body=world.body, slug="posobie", title="Пособие")
    _update(
        world,
        office,
        opening_hours={str(d): [["09:00", "18:00"]] for d in range(5)},
        accessibility=["sign_language"],
        languages=["английский"],
        transport_stop="Остановка «Площадь Ленина»",
        services=[service],
    )
    page = client.get(reverse("registry:place", args=[office.pk])).content.decode()
    assert "пн–пт: 9:00–18:00" in page and "сб–вс: выходной" in page
    assert "Переводчик русского жестового языка" in page
    assert "русский, а также английский" in page
    assert "Площадь Ленина" in page and "Пособие" in page
    assert "Оценок меньше 10" in page  # too few ratings: no number yet (R20)
    service_page = client.get(reverse("registry:service", args=["posobie"])).content.decode()
    assert reverse("registry:place", args=[office.pk]) in service_page
    assert client.get(reverse("registry:place", args=[office.pk + 999])).status_code == 404


def test_a_place_without_details_says_so_plainly(client, office):
    page = client.get(reverse("registry:place", args=[office.pk])).content.decode()
    assert "пока не написал, когда здесь принимают" in page
    assert "пока не указал, чем место удобно" in page


def test_open_data_lists_places_with_their_accessibility(client, world, office):
    from exports.models import ExportEvent

    _update(world, office, accessibility=["parking"], opening_hours={"0": [["09:00", "18:00"]]})
    csv_text = client.get(reverse("registry:opendata_places_csv")).content.decode("utf-8-sig")
    assert "Парковка для людей с инвалидностью" in csv_text and "Приёмная в Зее" in csv_text
    data = json.loads(client.get(reverse("registry:opendata_places_json")).content)
    place = next(p for p in data["places"] if p["id"] == office.pk)
    assert place["accessibility"] == ["parking"]
    assert place["opening_hours"] == {"0": [["09:00", "18:00"]]}
    assert ExportEvent.objects.filter(what="registry.opendata_places").count() == 2


def _key(world: Any) -> dict[str, str]:
    from accounts.models import Scope
    from accounts.services import api_key_issue
    from tests.factories import UserFactory

    system = UserFactory.create(username="reg-ais", role="system", body=world.body)
    _, key = api_key_issue(actor=None, system=system, name="registry", scopes=[Scope.REGISTRY])
    return {"HTTP_X_API_KEY": key}


def test_the_api_reads_and_changes_a_place_with_typed_errors(client, world, office):
    url = f"/api/v1/touchpoints/{office.pk}"
    assert client.get(url).json()["accessibility"] == []
    key = _key(world)
    body = {
        "title": office.title,
        "address": office.address,
        "opening_hours": {"0": [["09:00", "18:00"]]},
        "accessibility": ["step_free"],
        "services": [],
    }
    bad_time = client.put(
        url,
        {**body, "opening_hours": {"0": [["9", "18:00"]]}},
        content_type="application/json",
        **key,
    )
    assert bad_time.status_code == 422 and "opening_hours" in bad_time.json()["detail"][0]["field"]
    reversed_ = client.put(
        url,
        {**body, "opening_hours": {"0": [["18:00", "09:00"]]}},
        content_type="application/json",
        **key,
    )
    assert reversed_.status_code == 422
    assert reversed_.json()["detail"][0]["field"] == "opening_hours"
    unknown = client.put(
        url, {**body, "services": ["net-takoy"]}, content_type="application/json", **key
    )
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "services"
    office.refresh_from_db()
    assert office.opening_hours == {}
    done = client.put(url, body, content_type="application/json", **key)
    assert done.status_code == 200
    assert done.json()["opening_hours"] == {"0": [["09:00", "18:00"]]}
    assert done.json()["accessibility"] == ["step_free"]
    assert client.get(f"/api/v1/touchpoints/{office.pk + 999}").status_code == 404


def test_a_place_delivers_its_bodys_services_and_an_mfc_anyones(world, office):
    from tests.factories import ServiceFactory, TouchpointFactory

    theirs = ServiceFactory.create(body=world.other_body, slug="chuzhaya")
    with pytest.raises(ValidationError) as refused:
        _update(world, office, services=[theirs])
    assert "services" in refused.value.message_dict
    mfc = TouchpointFactory.create(
        body=world.body, kind="one_window", title="МФЦ", address="г. Зея, ул. Мира, 2"
    )
    _update(world, mfc, services=[theirs])
    assert list(mfc.services.all()) == [theirs]


def test_saving_nothing_new_records_nothing(world, office):
    _update(world, office, guest_wifi=True)
    _update(world, office, guest_wifi=True)
    assert AuditEvent.objects.filter(action="touchpoint.update").count() == 1


def test_a_life_situation_step_says_where_to_get_it(client, world, office, published_situation):
    """Issue 22: a place serving a step's service is linked from the life situation."""
    from registry.models import Service

    service = Service.objects.get(slug="reg")
    _update(world, office, services=[service])
    page = client.get(reverse("registry:public", args=[published_situation.slug])).content.decode()
    assert reverse("registry:place", args=[office.pk]) in page and "Где получить" in page
