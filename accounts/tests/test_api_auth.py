"""How the API answers callers it cannot serve: always the documented error shape
``{"detail": [{"field", "message"}]}``, never Django's HTML pages."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.test import Client, override_settings

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
