"""A solved ALTCHA challenge buys one anonymous rating, however its payload is re-encoded
(R19: one rating per person whatever the channel — the hosted form and the anonymous API)."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from feedback.models import Rating


def _reordered(value: object) -> object:
    """The same JSON with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {k: _reordered(value[k]) for k in reversed(list(value))}
    return value


def _re_encodings(solved: str) -> dict[str, str]:
    data = json.loads(base64.b64decode(solved))
    return {
        "whitespace": base64.b64encode(json.dumps(data, indent=3).encode()).decode(),
        "key order": base64.b64encode(json.dumps(_reordered(data)).encode()).decode(),
        "newline in base64": solved[:20] + "\n" + solved[20:],
    }


@pytest.mark.parametrize("how", ["whitespace", "key order", "newline in base64"])
def test_a_used_solution_re_encoded_is_refused_on_the_rating_form(
    client, place, altcha_payload, how
):  # R19
    url = f"/o/{place.point.code}/"
    solved = altcha_payload()
    assert client.post(url, {"csat": "5", "altcha": solved}).status_code == 302
    replay = client.post(url, {"csat": "1", "altcha": _re_encodings(solved)[how]})
    assert replay.status_code == 422 and "Я не робот" in replay.text
    assert list(Rating.objects.values_list("csat", flat=True)) == [5]


def test_a_used_solution_re_encoded_is_refused_by_the_api(
    client: Client, place, altcha_payload
):  # R19
    solved = altcha_payload()

    def post(payload: str) -> int:
        body = {"service": "vyplata", "csat": 5, "altcha": payload}
        return client.post("/api/v1/ratings", body, content_type="application/json").status_code

    assert post(solved) == 201
    variants = _re_encodings(solved)
    original = json.loads(base64.b64decode(solved))
    for variant in variants.values():  # each decodes to the very same solution
        assert json.loads(base64.b64decode(variant)) == original
    assert [post(variant) for variant in variants.values()] == [422, 422, 422]
    assert Rating.objects.count() == 1
