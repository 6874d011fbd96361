"""Clickjacking of the rating widget (R18–R19: a rating must come from a person who
meant it). Only the sites a body lists may frame a point's widget, and a widget rating
counts only with the frame's proof that the form was visible when it was sent."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.http import HttpResponseBase

from audit.models import AuditEvent
from feedback import services
from feedback.models import Rating, RatingPoint

SITE = "https://minsoc.example.ru"


def _listed(world, point, origins: str) -> RatingPoint:
    return services.point_frame_origins_set(actor=world.analyst, point=point, frame_origins=origins)


def _frame_ancestors(response: HttpResponseBase) -> str:
    policy = response["Content-Security-Policy"]
    return next(d for d in policy.split("; ") if d.startswith("frame-ancestors"))


# --- who may frame the widget (CSP frame-ancestors) ------------------------------------------


def test_the_widget_frame_names_the_listed_sites_and_no_other(client, world, place):
    _listed(world, place.portal_point, f"{SITE}\nhttps://gosuslugi.example.ru")
    for url in (
        f"/o/{place.portal_point.code}/embed/",
        f"/o/{place.portal_point.code}/embed/?thanks=1",
    ):
        r = client.get(url)
        assert _frame_ancestors(r) == (
            f"frame-ancestors 'self' {SITE} https://gosuslugi.example.ru"
        ), url
        assert "X-Frame-Options" not in r


def test_without_a_list_only_our_own_pages_may_frame_the_widget(client, place):
    r = client.get(f"/o/{place.portal_point.code}/embed/")
    assert _frame_ancestors(r) == "frame-ancestors 'self'"
    assert r["X-Frame-Options"] == "SAMEORIGIN"


def test_a_new_point_lists_the_bodys_own_sites(world, place):
    world.body.website = "https://minsoc.example.ru/o-ministerstve/"
    world.body.save()
    place.portal.url = "https://uslugi.example.ru/vyplata?from=menu"
    place.portal.save()
    point = services.point_create(
        actor=world.analyst, subject=place.service, touchpoint=place.portal
    )
    assert point.frame_origin_list == ["https://uslugi.example.ru", SITE]


def test_points_made_before_the_list_keep_the_widget_on_the_bodys_sites(world, place):
    world.body.website = "https://minsoc.example.ru/"
    world.body.save()
    RatingPoint.objects.update(frame_origins="")
    migration = importlib.import_module("feedback.migrations.0003_rating_point_frame_origins")
    migration.list_own_sites(apps, None)
    assert RatingPoint.objects.get(pk=place.portal_point.pk).frame_origin_list == [SITE]


# --- the body lists its sites on the point's page ---------------------------------------------


def test_an_editor_lists_the_sites_on_the_points_page(client, world, place):
    client.force_login(world.analyst)
    url = f"/kabinet/otsenki/tochki/{place.portal_point.pk}/"
    assert "Сайты, на которых можно показывать виджет" in client.get(url).text
    r = client.post(url, {"frame_origins": f"{SITE.upper()}/\n\nhttp://localhost:8080\n{SITE}"})
    assert r.status_code == 302
    place.portal_point.refresh_from_db()
    assert place.portal_point.frame_origin_list == [SITE, "http://localhost:8080"]
    assert AuditEvent.objects.filter(action="rating_point.frame_origins").count() == 1


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("http://minsoc.example.ru", "https://"),
        ("minsoc.example.ru", "https://site.ru"),
        ("https://*.example.ru", "https://site.ru"),
        ("https://minsoc.example.ru/vidzhet", "без пути"),
        ("https://minsoc.example.ru/?a=1", "без пути"),
        ("javascript:alert(1)", "https://site.ru"),
        ("https://a b.ru", "не адрес"),
    ],
)
def test_what_is_not_a_site_is_refused_with_the_reason(client, world, place, line, why):
    client.force_login(world.analyst)
    r = client.post(f"/kabinet/otsenki/tochki/{place.portal_point.pk}/", {"frame_origins": line})
    assert r.status_code == 422
    assert why in r.text and "Исправьте ошибки" in r.text
    place.portal_point.refresh_from_db()
    assert place.portal_point.frame_origins == ""


def test_a_head_sees_the_list_but_cannot_change_it(client, world, place):
    _listed(world, place.portal_point, SITE)
    client.force_login(world.head)
    url = f"/kabinet/otsenki/tochki/{place.portal_point.pk}/"
    page = client.get(url).text
    assert SITE in page and "Сохранить список сайтов" not in page
    client.post(url, {"frame_origins": "https://evil.example.com"})
    place.portal_point.refresh_from_db()
    assert place.portal_point.frame_origin_list == [SITE]


# --- the proof that the form was seen ---------------------------------------------------------


def test_a_widget_rating_counts_only_with_proof_that_the_form_was_seen(
    client, place, altcha_payload
):  # R19
    url = f"/o/{place.portal_point.code}/embed/"
    for proof in ({}, {"seen": "hidden"}, {"seen": "да"}):
        r = client.post(url, {"csat": "5", "altcha": altcha_payload(), **proof})
        assert r.status_code == 422
        assert "Оценка не учтена: анкета была скрыта или перекрыта" in r.text
        assert f'href="/o/{place.portal_point.code}/"' in r.text  # the way to rate anyway
    assert not Rating.objects.exists()
    # With the proof — IOv2 saw the form, or the client confirmed — the rating counts.
    for seen in ("visible", "confirmed"):
        r = client.post(url, {"csat": "4", "altcha": altcha_payload(), "seen": seen})
        assert r.status_code == 302 and r["Location"].endswith("/embed/?thanks=1")
    assert list(Rating.objects.values_list("channel", flat=True)) == ["widget", "widget"]
    # The hosted page and the kiosk are no frames: no such proof there.
    for page in (f"/o/{place.point.code}/", f"/o/{place.point.code}/kiosk/"):
        assert client.post(page, {"csat": "5", "altcha": altcha_payload()}).status_code == 302
        assert 'name="seen"' not in client.get(page).text
    assert Rating.objects.count() == 4


def test_the_refusal_does_not_spend_the_solved_challenge(client, place, altcha_payload):
    url = f"/o/{place.portal_point.code}/embed/"
    solved = altcha_payload()
    assert client.post(url, {"csat": "4", "altcha": solved}).status_code == 422
    assert client.post(url, {"csat": "4", "altcha": solved, "seen": "visible"}).status_code == 302


def test_the_widget_form_carries_the_proof_field_and_the_confirmation_step(client, place):
    page = client.get(f"/o/{place.portal_point.code}/embed/").text
    assert 'type="hidden" name="seen"' in page
    assert 'id="kc-confirm"' in page and "Да, отправить" in page


# --- what the widget script asks before drawing (issue 16: no blank gap) ---------------------


def test_the_widget_status_says_whether_a_listed_site_may_show_the_point(client, world, place):
    _listed(world, place.portal_point, SITE)
    url = f"/o/{place.portal_point.code}/widget.json"
    listed = client.get(url, headers={"Origin": SITE})
    assert listed.json() == {"active": True, "may_frame": True}
    assert listed["Access-Control-Allow-Origin"] == "*"
    other = client.get(url, headers={"Origin": "https://evil.example"})
    assert other.json() == {"active": True, "may_frame": False}
    own = client.get(url, headers={"Origin": "http://testserver"})
    assert own.json() == {"active": True, "may_frame": True}  # our own pages always may


def test_an_unknown_or_switched_off_point_has_no_widget(client, place):
    unknown = client.get("/o/nosuchcode/widget.json", headers={"Origin": SITE})
    assert unknown.status_code == 404
    assert unknown.json() == {"active": False, "may_frame": False}
    assert unknown["Access-Control-Allow-Origin"] == "*"  # the script can read the answer
    RatingPoint.objects.filter(pk=place.portal_point.pk).update(is_active=False)
    off = client.get(f"/o/{place.portal_point.code}/widget.json")
    assert off.status_code == 404
    assert off.json()["active"] is False
