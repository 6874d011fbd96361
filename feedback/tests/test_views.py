import pytest

from feedback import instrument, intake, rollup, services
from feedback.models import Case, Rating, Verdict
from feedback.tests.fixtures import rate


def test_hosted_page_stores_a_rating_through_the_form(client, place, altcha_payload):
    url = f"/o/{place.point.code}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Насколько вы довольны?" in page.text and "Время ожидания в очереди" in page.text
    r = client.post(url, {"csat": "2", "drivers": ["queue"], "comment": "Долго ждал",
                          "control_wait_queue": "1", "altcha": altcha_payload()})  # fmt: skip
    assert r.status_code == 302 and r["Location"].endswith("/spasibo/")
    rating = Rating.objects.get()
    assert (rating.channel, rating.touchpoint, rating.csat) == ("link", place.office, 2)
    assert rating.control == {"wait_queue": 1}
    assert Case.objects.filter(rating=rating).exists()


def test_form_errors_are_shown_next_to_the_field_and_nothing_is_stored(client, place):
    r = client.post(f"/o/{place.point.code}/", {"csat": "9", "comment": "x"})
    assert r.status_code == 422
    assert "Выберите" in r.text or "Выберите допустимый" in r.text or "csat_error" in r.text
    assert 'id="id_csat_error"' in r.text
    assert not Rating.objects.exists()


def test_without_a_solved_challenge_nothing_is_stored(client, place):
    r = client.post(f"/o/{place.point.code}/", {"csat": "5"})
    assert r.status_code == 422 and "Я не робот" in r.text
    assert not Rating.objects.exists()


def test_honeypot_rating_is_kept_with_its_verdict_and_thanked(client, place):
    r = client.post(f"/o/{place.point.code}/", {"csat": "1", "website": "http://spam"})
    assert r.status_code == 302
    assert Rating.objects.get().verdict == Verdict.HONEYPOT


def test_page_rate_limit(client, place, settings, altcha_payload):
    settings.FEEDBACK_RATE_LIMIT = (1, 600)
    url = f"/o/{place.point.code}/"
    assert client.post(url, {"csat": "5", "altcha": altcha_payload()}).status_code == 302
    r = client.post(url, {"csat": "5", "altcha": altcha_payload()})
    assert r.status_code == 429 and "слишком много" in r.text


def test_qr_and_kiosk_channels(client, place, altcha_payload):
    client.post(f"/o/{place.point.code}/q/", {"csat": "4", "altcha": altcha_payload()})
    r = client.post(f"/o/{place.point.code}/kiosk/", {"csat": "5", "altcha": altcha_payload()})
    assert r["Location"].endswith("/kiosk/?thanks=1")
    assert "Следующая оценка" in client.get(r["Location"]).text
    assert sorted(Rating.objects.values_list("channel", flat=True)) == ["kiosk", "qr"]


def test_embed_page_may_be_framed_only_by_the_points_sites(client, world, place):
    services.point_frame_origins_set(
        actor=world.analyst, point=place.portal_point, frame_origins="https://minsoc.example.ru"
    )
    r = client.get(f"/o/{place.portal_point.code}/embed/?lang=en")
    assert "frame-ancestors 'self' https://minsoc.example.ru;" in r["Content-Security-Policy"]
    assert "X-Frame-Options" not in r
    assert "How satisfied are you?" in r.text and "Насколько" not in r.text  # ?lang=en
    assert client.get(f"/o/{place.point.code}/")["X-Frame-Options"] == "DENY"


def test_widget_script_has_a_stable_address(client):
    r = client.get("/o/widget.js")
    assert r.status_code == 200 and "attachShadow" in r.text and "showModal" in r.text


def test_unknown_or_inactive_point_is_404(client, place):
    place.point.is_active = False
    place.point.save()
    assert client.get(f"/o/{place.point.code}/").status_code == 404
    assert client.get("/o/nothing/").status_code == 404


def test_operator_records_a_phone_rating(client, world, place):
    client.force_login(world.servant)
    answers = {"point": place.portal_point.pk, "csat": "3", "comment": "Сказал: долго ждал"}
    r = client.post("/kabinet/otsenki/operator/", answers)
    assert r.status_code == 302
    rating = Rating.objects.get()
    assert (rating.channel, rating.verdict, rating.entered_by) == (
        "operator",
        "trusted",
        world.servant,
    )


def test_operator_form_bad_input(client, world, place):
    client.force_login(world.servant)
    r = client.post("/kabinet/otsenki/operator/", {"csat": "3"})
    assert r.status_code == 422 and "Выберите услугу и точку." in r.text


@pytest.mark.parametrize(
    ("user", "dashboard", "comments", "operator"),
    [
        ("analyst", 200, 200, 200),
        ("head", 200, 200, 403),
        ("servant", 403, 403, 200),
        ("other_analyst", 200, 200, 200),  # their own body's (empty) dashboard
        ("citizen", 403, 403, 403),
    ],
)
def test_access_matrix(client, world, place, user, dashboard, comments, operator):
    rate(place.service, 1, comment="Звоните мне 8 900 123-45-67, почта ivan@example.org")
    client.force_login(getattr(world, user))
    d = client.get("/kabinet/otsenki/")
    assert d.status_code == dashboard
    c = client.get("/kabinet/otsenki/kommentarii/")
    assert c.status_code == comments
    if comments == 200:
        # Comments stay inside the body, and are depersonalised even there.
        assert ("Звоните мне" in c.text) is (user in ("analyst", "head"))
        assert "ivan@example.org" not in c.text and "123-45-67" not in c.text
    assert client.get("/kabinet/otsenki/operator/").status_code == operator


def test_anonymous_is_sent_to_login(client, place):
    assert client.get("/kabinet/otsenki/").status_code == 302


def test_other_body_cannot_open_a_rating_or_a_case(client, world, place):
    rating = rate(place.service, 1, comment="плохо")
    client.force_login(world.other_analyst)
    assert client.get(f"/kabinet/otsenki/ocenka/{rating.pk}/").status_code == 404
    assert client.get(f"/kabinet/otsenki/razbory/{rating.case.pk}/").status_code == 404
    assert client.get(f"/kabinet/otsenki/tochki/{place.point.pk}/").status_code == 404


def test_contact_address_only_for_editors(client, world, place):
    rating, _ = intake.rating_store(
        subject=place.service, answers=instrument.check(csat=1, comment="плохо"),
        channel="link", verdict="challenge", contact_email="client@example.org",
    )  # fmt: skip
    client.force_login(world.analyst)
    assert "client@example.org" in client.get(f"/kabinet/otsenki/razbory/{rating.case.pk}/").text
    client.force_login(world.head)
    assert (
        "client@example.org" not in client.get(f"/kabinet/otsenki/razbory/{rating.case.pk}/").text
    )


def test_moderator_excludes_from_the_page(client, world, place):
    rating = rate(place.service, 1)
    client.force_login(world.analyst)
    r = client.post(f"/kabinet/otsenki/ocenka/{rating.pk}/", {"action": "exclude", "reason": ""})
    assert r.status_code == 422 and "почему" in r.text
    r = client.post(
        f"/kabinet/otsenki/ocenka/{rating.pk}/", {"action": "exclude", "reason": "Спам"}
    )
    assert r.status_code == 302
    assert Rating.objects.get().excluded


def test_dashboard_shows_the_figures(client, world, place):
    for score in (5, 4, 4, 3, 5):
        rate(place.service, score, touchpoint=place.office)
    rollup.rollup()
    client.force_login(world.head)
    page = client.get("/kabinet/otsenki/").text
    assert "4,20" in page and "3,16" in page and "5,24" in page  # mean and its 95 % interval


def test_public_page_suppresses_small_groups(client, place):  # R20
    for _ in range(10):
        rate(place.service, 5, touchpoint=place.office)
    rate(place.service, 1, touchpoint=place.portal)
    page = client.get("/otsenki/usluga/vyplata/").text
    assert "Приёмная на Ленина" in page and "меньше 10 оценок" in page
    assert "4,64" in page  # all 11 ratings in the total


def test_point_poster_pdf_and_qr(client, world, place):
    client.force_login(world.analyst)
    page = client.get(f"/kabinet/otsenki/tochki/{place.point.pk}/").text
    assert "<svg" in page and f"/o/{place.point.code}/q/" in page
    pdf = client.get(f"/kabinet/otsenki/tochki/{place.point.pk}/poster.pdf?size=A5")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    import io

    import pypdfium2

    text = pypdfium2.PdfDocument(io.BytesIO(pdf.content))[0].get_textpage().get_text_range()
    text = " ".join(text.split())
    assert "Оцените, как вас обслужили" in text and "Ежемесячная выплата" in text


def test_open_data_leaves_out_small_groups(client, place):
    for _ in range(10):
        rate(place.service, 4, touchpoint=place.office)
    rate(place.service, 4, touchpoint=place.portal)
    csv_text = client.get("/otsenki/data.csv").content.decode("utf-8-sig")
    assert "Приёмная на Ленина" in csv_text and "Сайт министерства" not in csv_text
    rows = client.get("/otsenki/data.json").json()["rows"]
    assert [r["n"] for r in rows] == [10]


def test_a_civil_servant_rates_as_an_internal_client(client, world, place, altcha_payload):  # R18
    client.force_login(world.servant)
    client.post(f"/o/{place.point.code}/", {"csat": "4", "altcha": altcha_payload()})
    assert Rating.objects.get().client_kind == "internal"


def test_public_page_tells_what_changed_because_of_feedback(client, world, place):  # R20
    import datetime as dt

    said = rate(place.service, 2, comment="Очередь на час")
    services.change_create(
        actor=world.analyst, subject=place.service, said="Долго ждать в очереди",
        did="Открыли второе окно", done_on=dt.date(2026, 11, 1), rating_ids=[said.pk],
    )  # fmt: skip
    page = client.get("/otsenki/usluga/vyplata/").text
    assert "Долго ждать в очереди" in page and "Открыли второе окно" in page
    assert "по 1 оценке" in page


def test_change_form_refuses_what_is_not_a_rating_number(client, world, place):
    client.force_login(world.analyst)
    r = client.post(
        "/kabinet/otsenki/my-sdelali/",
        {"service": place.service.pk, "said": "a", "did": "b", "done_on": "2026-11-01",
         "ratings": "1, 99999999999999999999"},
    )  # fmt: skip
    assert r.status_code == 422 and "Только номера оценок через запятую." in r.text


def test_dashboard_filters_by_an_mfc_that_serves_the_body(client, world, place):  # R19
    """The touchpoint filter offers what rating points may name: the body's own touchpoints
    and the МФЦ, another body's, that delivers its services."""
    rate(place.service, 5, touchpoint=place.mfc)
    rate(place.service, 1, touchpoint=place.office)
    rollup.rollup()
    client.force_login(world.head)
    page = client.get("/kabinet/otsenki/", {"touchpoint": place.mfc.pk}).text
    assert f'<option value="{place.mfc.pk}" selected>МФЦ Центральный</option>' in page
    assert "5,00" in page and "3,00" not in page  # the МФЦ's rating only, not the mean of both
