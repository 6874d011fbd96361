from typing import Any

from django.test import RequestFactory, override_settings

from lib.client_ip import client_ip


def _request(forwarded: str | None = None):
    meta: dict[str, Any] = {"REMOTE_ADDR": "10.0.0.5"}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_forwarded_header_is_ignored_without_a_trusted_proxy():
    assert client_ip(_request("203.0.113.9")) == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_rightmost_forwarded_address_is_the_client():
    assert client_ip(_request("198.51.100.1, 203.0.113.9")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_a_short_forwarded_header_falls_back_to_the_peer():
    assert client_ip(_request("203.0.113.9")) == "10.0.0.5"
