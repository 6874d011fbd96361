"""The QR code of a one-time invitation link: drawn only for an invitation that exists
and can still be rated; anything else is a cheap 404 (R18, invitations)."""

from __future__ import annotations

import secrets

import pytest

from feedback import instrument, intake


@pytest.mark.parametrize("length", [3000, 65])
def test_an_overlong_token_is_404_not_a_server_error(client, place, length):
    assert client.get("/o/i/" + "x" * length + "/qr.svg").status_code == 404


def test_an_unknown_token_gets_no_qr_code_a_real_one_does(client, world, place):
    assert client.get(f"/o/i/{secrets.token_urlsafe(24)}/qr.svg").status_code == 404
    _invitation, token = intake.invitation_create(actor=world.system, subject=place.service)
    r = client.get(f"/o/i/{token}/qr.svg")
    assert r.status_code == 200 and r["Content-Type"] == "image/svg+xml"
    assert r.content.startswith(b"<svg") and f"/o/i/{token}/".encode() in r.content


def test_a_used_invitation_gets_no_qr_code(client, world, place):
    invitation, token = intake.invitation_create(actor=world.system, subject=place.service)
    intake.rating_receive(
        arrival=intake.Arrival(channel="link", invitation=invitation),
        subject=place.service,
        answers=instrument.check(csat=5),
    )
    assert client.get(f"/o/i/{token}/qr.svg").status_code == 404
    assert "уже оценили" in client.get(f"/o/i/{token}/").text  # the link itself still explains
