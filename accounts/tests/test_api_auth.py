"""How the API answers callers it cannot serve: always the documented error shape
``{"detail": [{"field", "message"}]}``, never Django's HTML pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from django.test import Client, override_settings
from django.utils import timezone

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def _first(response: Response) -> dict[str, str]:
    assert response["Content-Type"].startswith("application/json")
    first: dict[str, str] = response.json()["detail"][0]
    return first


def test_no_credentials_is_a_401_naming_the_key(client, world):
    response = client.post(
        "/api/v1/readability", {"text": "Пособие придёт в мае."}, content_type="application/json"
    )
    assert response.status_code == 401 and _first(response)["field"] == "X-API-Key"


def test_a_signed_in_browser_without_csrf_gets_the_error_shape(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.analyst)
    response = browser.post(
        "/api/v1/readability", {"text": "Пособие придёт в мае."}, content_type="application/json"
    )
    assert response.status_code == 403
    assert _first(response)["field"] == "X-CSRFToken"
    browser.get("/kabinet/")  # sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    ok = browser.post(
        "/api/v1/readability",
        {"text": "Пособие придёт в мае."},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert ok.status_code == 200


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_body_over_the_limit_is_a_413_in_the_error_shape(client, world):
    response = client.post(
        "/api/v1/readability",
        json.dumps({"text": "слово " * 5000}),
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
    )
    assert response.status_code == 413
    assert (
        _first(response)["field"] == "body" and "больше допустимого" in _first(response)["message"]
    )


def _read(client, key: str) -> Response:
    response: Response = client.post(
        "/api/v1/readability",
        {"text": "Пособие придёт в мае."},
        content_type="application/json",
        HTTP_X_API_KEY=key,
    )
    return response


def _key_queries(client, key: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _read(client, key)
    return [q["sql"] for q in queries if "accounts_" in q["sql"]]


def test_a_known_key_costs_no_database_round_trip(client, world):
    """Issue 24: the key, its system and its body come from the shared cache."""
    assert _key_queries(client, world.system_key)  # the first call reads them
    assert _key_queries(client, world.system_key) == []


def test_a_revoked_key_is_refused_on_the_next_call(client, world):
    from accounts import services
    from accounts.models import ApiKey

    assert _read(client, world.system_key).status_code == 200  # now in the cache
    key = ApiKey.objects.get(system=world.system)
    services.api_key_revoke(actor=world.body_admin, key=key)
    refused = _read(client, world.system_key)
    assert refused.status_code == 401 and _first(refused)["field"] == "X-API-Key"


def test_a_deactivated_system_is_refused_on_the_next_call(client, world):
    assert _read(client, world.system_key).status_code == 200
    world.system.is_active = False
    world.system.save(update_fields=["is_active"])
    assert _read(client, world.system_key).status_code == 401


def test_a_guessed_key_is_refused_and_fills_no_cache(client, world):
    """Guesses are looked up by the unique index, not remembered: a flood of them must
    not push pages and keys out of the shared cache."""
    from django.core.cache import cache

    before = len(cache._cache)  # type: ignore[attr-defined]
    assert _read(client, "kc_guess_0000").status_code == 401
    assert _read(client, "kc_guess_0001").status_code == 401
    grown = len(cache._cache) - before  # type: ignore[attr-defined]
    assert grown <= 2  # only the two guesses' version markers


def test_a_key_revoked_while_cached_by_a_racing_reader_is_refused_within_a_minute(
    client, world, time_machine
):
    """A reader that loaded the key just before the revocation committed may store it;
    the once-a-minute mark of use matches only an unrevoked key, so the entry is dropped."""
    from accounts.models import ApiKey
    from accounts.services import api_key_lookup

    assert _read(client, world.system_key).status_code == 200
    key = ApiKey.objects.get(system=world.system)
    ApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())  # no signal: a race
    assert api_key_lookup(world.system_key) is not None  # the stale entry, for now
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=61))
    assert _read(client, world.system_key).status_code == 401
    assert _read(client, world.system_key).status_code == 401


def test_saving_a_person_who_holds_no_key_asks_nothing_about_keys(world):
    """Only systems hold keys: a sign-in (it saves last_login) must not look them up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        world.analyst.save(update_fields=["last_login"])
    assert not [q for q in queries if "accounts_apikey" in q["sql"]]
