import time

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.middleware import LOGIN_AT
from accounts.models import ApiKey, hash_api_key
from audit.models import AuditEvent


def test_api_keys_are_stored_hashed(world):
    key = ApiKey.objects.get(system=world.system)
    assert key.key_hash == hash_api_key(world.system_key)
    assert world.system_key not in key.key_hash


def test_login_locks_out_after_repeated_failures(client, world):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "alice", "password": "неверный"})
    response = client.post(url, {"username": "alice", "password": "пароль-для-тестов-1"})
    assert response.status_code == 429
    assert "заблокирован" in response.content.decode()


def test_failed_login_shows_russian_error(client, world):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "нет"})
    assert "Неверное имя пользователя или пароль" in response.content.decode()


def test_successful_login_reaches_the_cabinet(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "alice", "password": "пароль-для-тестов-1"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")


@override_settings(SESSION_ABSOLUTE_SECONDS=60)
def test_absolute_session_timeout_logs_out(client, world):
    client.force_login(world.analyst)
    assert client.get(reverse("accounts:home")).status_code == 200
    session = client.session
    session[LOGIN_AT] = int(time.time()) - 120
    session.save()
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_signed_in_pages_are_not_stored(client, world):
    client.force_login(world.analyst)
    assert "no-store" in client.get(reverse("accounts:home"))["Cache-Control"]


def test_security_headers(client, world):
    response = client.get(reverse("registry:catalogue"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("body_admin", 200),
        ("platform_admin", 200),
        ("analyst", 403),
        ("head", 403),
        ("citizen", 403),
        ("other_analyst", 403),
    ],
)
def test_audit_log_is_for_the_body_administrator(client, world, role, status):
    client.force_login(getattr(world, role))
    assert client.get(reverse("accounts:audit")).status_code == status


def test_body_admin_sees_only_own_body_events(client, world):
    from registry import services

    services.service_create(actor=world.analyst, body=world.body, title="Своя услуга")
    services.service_create(actor=world.other_analyst, body=world.other_body, title="Чужая услуга")
    client.force_login(world.body_admin)
    html = client.get(reverse("accounts:audit")).content.decode()
    assert "Своя услуга" in html and "Чужая услуга" not in html


def test_audit_events_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_body_admin_issues_a_key_shown_once_and_revokes_it(client, world):
    client.force_login(world.body_admin)
    response = client.post(
        reverse("accounts:api_keys"), {"system": world.system.pk, "name": "Новый"}
    )
    html = response.content.decode()
    assert "kc_" in html and "показать его ещё раз нельзя" in html
    key = ApiKey.objects.get(name="Новый")
    client.post(reverse("accounts:api_key_revoke", args=[key.pk]))
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_key.revoke").count() == 1


def test_analyst_cannot_manage_keys(client, world):
    client.force_login(world.analyst)
    assert client.get(reverse("accounts:api_keys")).status_code == 403
