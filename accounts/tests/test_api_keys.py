"""API keys (issue 16, basics): a last day chosen when the key is issued, a refusal that
says the key expired, and a confirmation naming the key and its system before revoking."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiKey
from accounts.services import api_key_issue
from audit.models import AuditEvent

TEXT = {"text": "Пособие придёт в мае."}


def _today() -> dt.date:
    return timezone.localdate()


def test_a_key_works_through_its_last_day_and_then_says_it_expired(client, world):
    last_day = _today() + dt.timedelta(days=10)
    _key, raw = api_key_issue(
        actor=world.body_admin, system=world.system, name="бот", expires_on=last_day
    )
    ok = client.post(
        "/api/v1/readability", TEXT, content_type="application/json", HTTP_X_API_KEY=raw
    )
    assert ok.status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=11)):
        refused = client.post(
            "/api/v1/readability", TEXT, content_type="application/json", HTTP_X_API_KEY=raw
        )
    assert refused.status_code == 403
    detail = refused.json()["detail"][0]
    assert detail["field"] == "X-API-Key"
    assert detail["message"].startswith(
        f"Срок действия ключа истёк: он работал по {last_day:%d.%m.%Y}."
    )


def test_an_expired_key_reads_what_is_open_to_everyone(client, world):
    _key, raw = api_key_issue(
        actor=world.body_admin, system=world.system, name="бот", expires_on=_today()
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        response = client.get("/api/v1/ratings/published", HTTP_X_API_KEY=raw)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "сегодняшний день или позже"), (3 * 366 + 1, "не больше чем на три года")],
)
def test_a_last_day_in_the_past_or_too_far_is_refused(world, days, message):
    with pytest.raises(ValidationError) as refused:
        api_key_issue(
            actor=world.body_admin,
            system=world.system,
            name="бот",
            expires_on=_today() + dt.timedelta(days=days),
        )
    assert message in refused.value.message_dict["expires_on"][0]


def test_the_page_asks_for_the_last_day_and_keeps_it(client, world):
    client.force_login(world.body_admin)
    page = client.get(reverse("accounts:api_keys")).content.decode()
    assert 'type="date"' in page and "Последний день работы ключа" in page
    last_day = _today() + dt.timedelta(days=90)
    data = {"system": world.system.pk, "name": "бот", "scopes": ["ratings"]}
    missing = client.post(reverse("accounts:api_keys"), data)
    assert missing.status_code == 422
    assert "Укажите последний день работы ключа." in missing.content.decode()
    issued = client.post(reverse("accounts:api_keys"), {**data, "expires_on": last_day})
    assert issued.status_code == 200
    key = ApiKey.objects.get(name="бот")
    assert key.expires_on == last_day
    assert f"{last_day:%d.%m.%Y}" in issued.content.decode()
    issue = AuditEvent.objects.filter(action="api_key.issue").order_by("pk").last()
    assert issue is not None and issue.changes["expires_on"] == last_day.isoformat()


def test_revoking_asks_first_naming_the_key_and_its_system(client, world):
    key = ApiKey.objects.get(system=world.system)
    url = reverse("accounts:api_key_revoke", args=[key.pk])
    client.force_login(world.body_admin)
    question = client.get(url)
    assert question.status_code == 200
    text = question.content.decode()
    assert f"Отозвать ключ «{key.name}» системы «{world.system.display_name}»?" in text
    assert "Вернуть ключ нельзя" in text
    key.refresh_from_db()
    assert key.revoked_at is None

    done = client.post(url, follow=True)
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert (
        f"Ключ «{key.name}» системы «{world.system.display_name}» отозван" in done.content.decode()
    )
    # The page left open and submitted again: back to the list, nothing more happens.
    again = client.get(url)
    assert again.status_code == 302
    assert AuditEvent.objects.filter(action="api_key.revoke").count() == 1
