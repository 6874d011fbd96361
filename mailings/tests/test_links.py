"""The links in every mail (R24): an opaque token that does not give the address away,
works for 90 days (one-click unsubscribe included), then says it is out of date and
offers to sign in; no page behind them is kept in a cache."""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import re
import zlib

import pytest
import time_machine
from django.core import mail, signing
from django.utils import timezone

from mailings import services

pytestmark = pytest.mark.django_db

EMAIL = "head@example.test"


def _links() -> dict[str, str]:
    services.mail_send(email=EMAIL, topic="inbox_escalation", subject="Тема", body="Текст")
    message = mail.outbox[-1]
    strip = re.compile(r"^https?://[^/]+")
    unsubscribe = re.search(r"Отписаться: (\S+)", str(message.body))
    preferences = re.search(r"присылать: (\S+)", str(message.body))
    assert unsubscribe is not None and preferences is not None
    return {
        "header": strip.sub("", message.extra_headers["List-Unsubscribe"].strip("<>")),
        "unsubscribe": strip.sub("", unsubscribe.group(1)),
        "preferences": strip.sub("", preferences.group(1)),
    }


def _decodings(part: str) -> list[bytes]:
    """Whatever a curious reader could get out of one part of a link."""
    found = [part.encode()]
    for candidate in (part, part.lstrip(".")):
        try:
            raw = base64.urlsafe_b64decode(candidate + "=" * (-len(candidate) % 4))
        except (binascii.Error, ValueError):
            continue
        found.append(raw)
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(raw))
    return found


def test_the_links_do_not_carry_the_address_in_any_form():  # R24
    links = _links()
    for url in links.values():
        assert "head" not in url.lower() and "example" not in url.lower()
        for part in re.split(r"[/:]", url):
            for decoded in _decodings(part):
                assert b"head" not in decoded.lower(), (url, decoded)
                assert b"example" not in decoded.lower(), (url, decoded)


def test_a_link_works_for_90_days_then_says_it_is_out_of_date(client):  # R24
    links = _links()
    with time_machine.travel(timezone.now() + dt.timedelta(days=89)):
        page = client.get(links["preferences"])
        assert page.status_code == 200 and EMAIL in page.text
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        for url in (links["preferences"], links["unsubscribe"]):
            page = client.get(url)
            assert page.status_code == 410
            assert "Ссылка устарела" in page.text and "Что и как часто присылать" not in page.text
            assert EMAIL not in page.text
            assert "/accounts/login/?next=/kabinet/rassylki/" in page.text
    assert services.frequency_for(EMAIL, "inbox_escalation") == "immediate"
    # One-click unsubscribe (RFC 8058) works from every mail, however old: stopping mail
    # harms nobody, and a mail client may POST it years later.
    with time_machine.travel(timezone.now() + dt.timedelta(days=400)):
        done = client.post(links["header"], {"List-Unsubscribe": "One-Click"})
        assert "Вы отписались" in done.text
    assert services.frequency_for(EMAIL, "inbox_escalation") == "off"


def test_an_old_link_with_the_address_in_it_no_longer_works(client):
    legacy = signing.dumps(EMAIL, salt="mailings.preferences", compress=True)
    page = client.get(f"/rassylki/{legacy}/")
    assert page.status_code == 410 and "Ссылка устарела" in page.text
    assert EMAIL not in page.text
    # …but a mail sent before the change can still stop the mail (RFC 8058 POST).
    done = client.post(f"/rassylki/{legacy}/otpiska/inbox_escalation/")
    assert "Вы отписались" in done.text
    assert services.frequency_for(EMAIL, "inbox_escalation") == "off"


def test_the_pages_behind_the_links_are_never_cached(client, world):  # R24
    links = _links()
    expired = signing.dumps(EMAIL, salt="mailings.preferences", compress=True)
    responses = [
        client.get(links["preferences"]),
        client.get(links["unsubscribe"]),
        client.post(links["header"], {"List-Unsubscribe": "One-Click"}),
        client.get(f"/rassylki/{expired}/"),
    ]
    client.force_login(world.head)
    responses.append(client.get("/kabinet/rassylki/"))
    for response in responses:
        assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]
