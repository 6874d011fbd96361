import datetime as dt
import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

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


def test_one_address_trying_many_accounts_is_refused(client, world):
    """Password spraying: one wrong password on each of many accounts from one address."""
    url = reverse("accounts:login")
    for n in range(20):
        client.post(url, {"username": f"user{n}", "password": "Лето2026!"})
    response = client.post(url, {"username": "alice", "password": "пароль-для-тестов-1"})
    assert "С вашего адреса было слишком много" in response.content.decode()
    assert "_auth_user_id" not in client.session
    elsewhere = client.post(
        url, {"username": "alice", "password": "пароль-для-тестов-1"}, REMOTE_ADDR="10.0.0.9"
    )
    assert elsewhere.status_code == 302  # the owner elsewhere is not locked out


def test_one_account_tried_from_many_addresses_must_wait(client, world):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    url = reverse("accounts:login")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(5):
            client.post(url, {"username": "alice", "password": "нет"}, REMOTE_ADDR=f"10.1.0.{n}")
        waiting = client.post(
            url, {"username": "alice", "password": "пароль-для-тестов-1"}, REMOTE_ADDR="10.2.0.1"
        )
    assert "Подождите 1 секунду" in waiting.content.decode()
    assert "_auth_user_id" not in client.session
    with time_machine.travel(start + dt.timedelta(seconds=3), tick=False):
        later = client.post(
            url, {"username": "alice", "password": "пароль-для-тестов-1"}, REMOTE_ADDR="10.2.0.1"
        )
    assert later.status_code == 302


def test_failed_login_shows_russian_error(client, world):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "нет"})
    assert "Неверное имя пользователя или пароль" in response.content.decode()


def test_successful_login_reaches_the_cabinet(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "alice", "password": "пароль-для-тестов-1"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("cabinet:home")


@override_settings(SESSION_ABSOLUTE_SECONDS=60)
def test_absolute_session_timeout_logs_out(client, world):
    client.force_login(world.analyst)
    assert client.get(reverse("cabinet:home")).status_code == 200
    session = client.session
    session[LOGIN_AT] = int(time.time()) - 120
    session.save()
    response = client.get(reverse("cabinet:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_signed_in_pages_are_not_stored(client, world):
    client.force_login(world.analyst)
    assert "no-store" in client.get(reverse("cabinet:home"))["Cache-Control"]


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
    assert client.get(reverse("cabinet:audit")).status_code == status


def test_body_admin_sees_only_own_body_events(client, world):
    from registry import services

    services.service_create(actor=world.analyst, body=world.body, title="Своя услуга")
    services.service_create(actor=world.other_analyst, body=world.other_body, title="Чужая услуга")
    client.force_login(world.body_admin)
    html = client.get(reverse("cabinet:audit")).content.decode()
    assert "Своя услуга" in html and "Чужая услуга" not in html


def test_audit_events_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_body_admin_issues_a_key_shown_once_and_revokes_it(client, world):
    client.force_login(world.body_admin)
    response = client.post(
        reverse("accounts:api_keys"),
        {
            "system": world.system.pk,
            "name": "Новый",
            "scopes": ["ratings", "readability"],
            "expires_on": timezone.localdate() + dt.timedelta(days=365),
        },
    )
    html = response.content.decode()
    assert "kc_" in html and "показать его ещё раз нельзя" in html
    key = ApiKey.objects.get(name="Новый")
    assert key.scopes == ["readability", "ratings"]
    assert (
        "Проверять понятность текста" in client.get(reverse("accounts:api_keys")).content.decode()
    )
    client.post(reverse("accounts:api_key_revoke", args=[key.pk]))
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_key.revoke").count() == 1


def test_a_key_needs_at_least_one_scope_said_next_to_the_field(client, world):
    client.force_login(world.body_admin)
    response = client.post(
        reverse("accounts:api_keys"), {"system": world.system.pk, "name": "Без прав"}
    )
    assert response.status_code == 422
    assert "Отметьте, что система может делать с ключом." in response.content.decode()
    assert not ApiKey.objects.filter(name="Без прав").exists()


def test_a_key_without_a_scope_is_refused_naming_the_right(client, world):
    from accounts.services import api_key_issue

    _, key = api_key_issue(actor=None, system=world.system, name="оценки", scopes=["ratings"])
    response = client.post(
        "/api/v1/readability",
        {"text": "Пособие придёт в мае."},
        content_type="application/json",
        HTTP_X_API_KEY=key,
    )
    assert response.status_code == 403
    detail = response.json()["detail"][0]
    assert detail["field"] == "X-API-Key" and "Проверять понятность текста" in detail["message"]
    ok = client.post(
        "/api/v1/readability",
        {"text": "Пособие придёт в мае."},
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
    )
    assert ok.status_code == 200


def test_analyst_cannot_manage_keys(client, world):
    client.force_login(world.analyst)
    assert client.get(reverse("accounts:api_keys")).status_code == 403


def test_a_signed_in_page_does_not_write_the_session_on_every_request(client, world):
    """Every write waits for SQLite's one writer: a page view must not be one."""
    import datetime as dt

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    def session_writes() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cabinet:home")).status_code == 200
        return [
            q["sql"] for q in ctx.captured_queries
            if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
        ]  # fmt: skip

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(world.analyst)
        session_writes()
        assert session_writes() == []
    with time_machine.travel(start + dt.timedelta(seconds=90), tick=False):
        assert len(session_writes()) == 1  # the idle timeout is renewed once a minute


def test_trying_during_the_lock_does_not_extend_it(client, world):
    """The lock page says «wait 15 minutes»; a try meanwhile must not restart the wait."""
    import datetime as dt

    import time_machine
    from django.utils import timezone

    url = reverse("accounts:login")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            client.post(url, {"username": "alice", "password": "неверный"})
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        locked = client.post(url, {"username": "alice", "password": "пароль-для-тестов-1"})
        assert locked.status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=5), tick=False):
        later = client.post(url, {"username": "alice", "password": "пароль-для-тестов-1"})
    assert later.status_code == 302


def test_a_browser_that_signed_in_before_is_not_kept_waiting(client, world):
    """A stranger failing on the account from many addresses cannot keep its owner out."""
    import datetime as dt

    import time_machine
    from django.test import Client
    from django.utils import timezone

    url = reverse("accounts:login")
    owner = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        owner.post(url, {"username": "alice", "password": "пароль-для-тестов-1"})
        owner.post(reverse("accounts:logout"))
    with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
        for n in range(8):
            client.post(url, {"username": "alice", "password": "нет"}, REMOTE_ADDR=f"10.3.0.{n}")
        stranger = Client()
        waits = stranger.post(url, {"username": "alice", "password": "пароль-для-тестов-1"})
        assert "Подождите" in waits.content.decode()
        back = owner.post(url, {"username": "alice", "password": "пароль-для-тестов-1"})
    assert back.status_code == 302


def test_the_admin_sign_in_is_the_guarded_one(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_favicon_ico_leads_to_the_icon(client):
    """Issue 16: /favicon.ico answered 404 on every page."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
