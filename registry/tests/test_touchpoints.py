import pytest
from django.urls import reverse

from audit.models import AuditEvent
from registry.models import Touchpoint


def test_analyst_adds_a_touchpoint_and_it_is_audited(client, world):
    client.force_login(world.analyst)
    response = client.post(
        reverse("registry:touchpoints"),
        {
            "kind": "one_window",
            "title": "МФЦ на Ленина",
            "address": "ул. Ленина, 1",
        },
    )
    assert response.status_code == 302
    touchpoint = Touchpoint.objects.get()
    assert touchpoint.body == world.body
    assert AuditEvent.objects.filter(action="touchpoint.create", body=world.body).exists()


def test_in_person_touchpoint_without_address_shows_the_error_by_the_field(client, world):
    client.force_login(world.analyst)
    html = client.post(
        reverse("registry:touchpoints"),
        {
            "kind": "reception",
            "title": "Приёмная министра",
        },
    ).content.decode()
    assert 'id="id_address_error"' in html and "укажите адрес" in html.lower()
    assert not Touchpoint.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("analyst", 302),
        ("body_admin", 302),
        ("head", 403),
        ("servant", 403),
        ("citizen", 403),
    ],
)
def test_who_may_add_touchpoints(client, world, role, status):
    client.force_login(getattr(world, role))
    response = client.post(
        reverse("registry:touchpoints"),
        {
            "kind": "portal",
            "title": "Портал органа",
            "url": "https://example.ru",
        },
    )
    assert response.status_code == status


def test_touchpoint_api_create_and_bad_kind(client, world):
    headers = {"HTTP_X_API_KEY": world.system_key}
    ok = client.post(
        "/api/v1/touchpoints",
        {"kind": "chatbot", "title": "Бот органа"},
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 201 and ok.json()["body"]["slug"] == "minsoc"
    bad = client.post(
        "/api/v1/touchpoints",
        {"kind": "pigeon", "title": "Голубиная почта"},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "kind"
    no_address = client.post(
        "/api/v1/touchpoints",
        {"kind": "reception", "title": "Приёмная"},
        content_type="application/json",
        **headers,
    )
    assert no_address.status_code == 422 and no_address.json()["detail"][0]["field"] == "address"
