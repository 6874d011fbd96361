"""Webhooks (feedback.webhooks): safe addresses only, checked when saved and when sent;
signed deliveries, retried with the same id."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from feedback import webhooks
from feedback.models import Delivery, Webhook
from feedback.tests.fixtures import rate


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/hook",  # https only in production
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://user:pw@example.org/hook",
    ],
)
def test_a_webhook_to_an_internal_or_plain_http_address_is_refused(world, settings, url):
    settings.FEEDBACK_WEBHOOK_HTTPS_ONLY = True
    settings.FEEDBACK_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as exc:
        webhooks.webhook_create(
            actor=world.analyst, body=world.body, url=url, events=["rating.created"]
        )
    assert "url" in exc.value.message_dict
    assert not Webhook.objects.exists()


def test_a_webhook_whose_name_now_resolves_inside_is_not_called(
    world, place, settings, monkeypatch
):
    """Checked again when sent: DNS may point the saved name at the internal network."""
    import socket
    import urllib.request

    settings.FEEDBACK_WEBHOOK_ALLOW_PRIVATE = False
    public = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))]
    inside = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 443))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: public)
    webhooks.webhook_create(
        actor=world.analyst, body=world.body, url="https://hooks.example.org/x",
        events=["rating.created"],
    )  # fmt: skip
    rate(place.service, 3)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: inside)
    called = []
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda *a, **k: called.append(1))
    assert webhooks.deliveries_run() == 0
    delivery = Delivery.objects.get()
    assert called == [] and "внутреннюю сеть" in delivery.last_error


@pytest.mark.django_db(transaction=True)
def test_webhook_is_signed_and_retried(world, place, live_server, settings):
    import http.server
    import json
    import threading

    received = []
    fail_first = {"left": 1}

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers, body))
            status = 500 if fail_first["left"] else 204
            fail_first["left"] -= 1
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args):
            pass

    settings.FEEDBACK_WEBHOOK_ALLOW_PRIVATE = True  # the receiver is on this machine
    settings.FEEDBACK_WEBHOOK_HTTPS_ONLY = False
    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook = webhooks.webhook_create(
            actor=world.analyst, body=world.body,
            url=f"http://127.0.0.1:{server.server_port}/hook", events=["rating.created"],
        )  # fmt: skip
        rating = rate(place.service, 3)
        now = timezone.now()
        assert webhooks.deliveries_run(now=now) == 0  # 500: will retry
        delivery = Delivery.objects.get()
        assert delivery.status == "pending" and delivery.attempts == 1
        assert webhooks.deliveries_run(now=delivery.next_attempt_at) == 1
        headers, body = received[-1]
        assert json.loads(body)["data"]["id"] == rating.pk
        assert headers["X-KC-Signature"] == webhooks.sign(
            hook.secret, headers["X-KC-Timestamp"], body
        )
        assert received[0][0]["X-KC-Delivery"] == headers["X-KC-Delivery"]  # same id on retry
        assert Delivery.objects.get().status == "delivered"
        assert Webhook.objects.count() == 1
    finally:
        server.shutdown()
