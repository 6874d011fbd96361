"""Public pages from the shared cache (ADR 0014; issue 24): served once rendered, 304 for a
browser that has the page, never to a signed-in person, with each visitor's own CSRF
token, and renewed when a write that changes the content commits — not when it rolls back."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from lib import public_cache

pytestmark = pytest.mark.django_db


def test_a_page_is_rendered_once_then_served_from_the_cache(client, published_situation):
    first = client.get("/")
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    second = client.get("/")
    assert second["X-Cache"] == "hit"
    assert published_situation.title in second.content.decode()
    assert second["ETag"] == first["ETag"] and second["ETag"].startswith('W/"')
    assert "Last-Modified" in second and "HX-Request" in second["Vary"]


def test_a_browser_that_has_the_page_gets_304_and_no_body(client, published_situation):
    etag = client.get("/")["ETag"]
    again = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    other = client.get("/", HTTP_IF_NONE_MATCH='W/"something-else"')
    assert other.status_code == 200 and other.content


def test_a_signed_in_person_is_never_served_a_cached_page(client, world, published_situation):
    client.get("/")  # cached for the anonymous
    client.force_login(world.analyst)
    page = client.get("/")
    assert "X-Cache" not in page
    assert world.analyst.username in page.content.decode()


def test_every_visitor_gets_their_own_csrf_token_and_the_language_switch_works(
    published_situation,
):
    """A cached page must not carry another visitor's token: the switch would be refused."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/")
    page = second.get("/")
    assert page["X-Cache"] == "hit"
    html = page.content.decode()
    assert public_cache._PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', html)
    assert token is not None and '"X-CSRFToken": "' in html
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token.group(1)}
    )
    assert switched.status_code == 302
    english = second.get("/")
    assert english["X-Cache"] == "miss" and 'lang="en"' in english.content.decode()


def test_a_visitor_with_a_message_waiting_gets_their_own_page(client, published_situation):
    client.get("/")
    storage = CookieStorage(type("R", (), {"COOKIES": {}})())
    message_cookie = storage._encode([Message(constants.SUCCESS, "Спасибо!")])  # type: ignore[attr-defined]
    client.cookies["messages"] = message_cookie
    page = client.get("/")
    assert "X-Cache" not in page and "Спасибо!" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_renews_the_pages_at_once_and_again_when_it_commits(client, published_situation):
    """A visitor who read the rows just before the commit stores the old page under the
    first renewal: the renewal at the commit makes it miss."""
    client.get("/")
    before = public_cache.generations(["registry"])
    with transaction.atomic():
        public_cache.bump("registry")
        during = public_cache.generations(["registry"])
        assert during != before
        assert client.get("/")["X-Cache"] == "miss"  # stored under «during»
    after = public_cache.generations(["registry"])
    assert after not in (before, during)
    assert client.get("/")["X-Cache"] == "miss"


def test_a_lost_generation_makes_pages_miss_never_hit_stale(client, published_situation):
    client.get("/")
    cache.delete("kc:gen:registry")  # evicted, or a cache restarted empty
    assert client.get("/")["X-Cache"] == "miss"


def test_an_unknown_scope_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown"):
        public_cache.cached_public("everything")


def test_a_copy_made_under_another_csrf_cookie_is_not_the_same_page(published_situation):
    """A browser's copy holds the token it was given: after signing in and out (a new
    CSRF cookie) or with cookies cleared, it gets the page again, not 304."""
    browser = Client()
    first = browser.get("/")
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    assert browser.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    browser.cookies.pop("csrftoken")  # cookies cleared, the browser's cache kept
    assert browser.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    other = Client()
    other.get("/")
    assert other.get("/")["ETag"] != etag  # another visitor, another cookie


def test_with_the_cache_down_pages_are_rendered_and_writes_go_through(
    client, world, published_situation
):
    """A Redis outage costs speed, never a page, a write or an API call (ADR 0014)."""
    from django.test import override_settings

    from registry import services

    down = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        "OPTIONS": {"socket_connect_timeout": 0.2},
    }
    with override_settings(CACHES={"default": down}):
        page = client.get("/")
        assert page.status_code == 200 and "X-Cache" not in page
        services.life_situation_update(
            actor=world.analyst, life_situation=published_situation, title="Рождение малыша"
        )
        services.life_situation_publish(actor=world.analyst, life_situation=published_situation)
        assert "Рождение малыша" in client.get("/").content.decode()
        read = client.post(
            "/api/v1/readability",
            {"text": "Пособие придёт в мае."},
            content_type="application/json",
            HTTP_X_API_KEY=world.system_key,
        )
        assert read.status_code == 200


def test_an_api_client_without_cookies_gets_304_for_a_published_answer(client):
    """The published results hold no form: one ETag for everyone, and a client that
    keeps no cookies (curl, an integration) is answered 304 when nothing changed."""
    first = client.get("/api/v1/ratings/published")
    client.cookies.clear()
    again = client.get("/api/v1/ratings/published", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["X-Cache"] == "hit"


def test_a_process_keeps_its_hot_pages_and_drops_them_with_the_generation(
    client, published_situation, monkeypatch
):
    """A hit costs one read of the generations: the page comes from the process's own
    copy even when the shared cache lost it, and a bump makes that copy unreachable."""
    client.get("/")
    for key in [k for k in cache._cache if "kc:page:" in k]:  # type: ignore[attr-defined]
        del cache._cache[key]  # type: ignore[attr-defined]  # the shared copy evicted
    assert client.get("/")["X-Cache"] == "hit"
    public_cache.bump("registry")
    assert client.get("/")["X-Cache"] == "miss"
    monkeypatch.setattr(public_cache, "LOCAL_PAGES", 2)
    for path in ("/", "/?a=1", "/?a=2", "/?a=3"):
        client.get(path)
    assert len(public_cache._local) == 2  # the most recently served only


def test_a_process_copy_ends_when_the_shared_entry_would(client, published_situation):
    import datetime as dt

    import time_machine

    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    later = dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=public_cache.TIMEOUT + 1)
    with time_machine.travel(later):
        for key in [k for k in cache._cache if "kc:page:" in k]:  # type: ignore[attr-defined]
            del cache._cache[key]  # type: ignore[attr-defined]  # expired in the shared cache
        assert client.get("/")["X-Cache"] == "miss"


def test_downloads_are_not_kept_in_each_process(client, published_situation):
    """Open data files can be large: they stay in the shared cache only."""
    response = client.get("/otsenki/data.csv")
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    assert not any(e["headers"].get("Content-Disposition") for _, e in public_cache._local.values())
