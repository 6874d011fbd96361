"""Control and direction-override characters are refused where text comes in, next to
the field: in the API (a 422 naming it) and in every form."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from registry.models import LifeSituation, Touchpoint

NEW = {
    "title": "Переезд в другой город",
    "start_event": "Смена места жительства",
    "final_result": "Человек зарегистрирован по новому адресу",
    "time_bound_days": 30,
}


@pytest.mark.parametrize(
    ("title", "code"),
    [("Пере\x0bезд", "U+000B"), ("Справка\u202efdp.exe", "U+202E"), ("a\u2066bc", "U+2066")],
)
def test_api_refuses_a_control_or_direction_character_naming_the_field(client, world, title, code):
    response = client.post(
        "/api/v1/life-situations",
        json.dumps({**NEW, "title": title}),
        content_type="application/json",
        headers={"X-API-Key": world.system_key},
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "field": "title",
                "message": f"Текст содержит недопустимый служебный символ {code} — уберите его.",
            }
        ]
    }
    assert not LifeSituation.objects.exists()


def test_api_refuses_a_control_character_in_a_touchpoint_address(client, world):
    response = client.post(
        "/api/v1/touchpoints",
        json.dumps({"kind": "portal", "title": "Портал", "url": "https://a.ru/\x01"}),
        content_type="application/json",
        headers={"X-API-Key": world.system_key},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "url"
    assert not Touchpoint.objects.exists()


def test_form_shows_a_control_character_error_next_to_the_field(client, world):
    client.force_login(world.analyst)
    response = client.post(
        reverse("registry:create"),
        {**NEW, "title": "Пере\x0bезд", "start_event": "Смена\u202eместа"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title_error"' in html and 'id="id_start_event_error"' in html
    assert response.context["form"].errors["title"] == [
        "Текст содержит недопустимый служебный символ U+000B — уберите его."
    ]
    assert "U+202E" in response.context["form"].errors["start_event"][0]
    assert not LifeSituation.objects.exists()
