"""Mystery shoppers, evidence, the product's own data, the schedule and the ratings beside
a check (R29)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import Role
from registry.models import Touchpoint
from standards import evidence, seed, selectors, services
from standards.models import Check, DueNotice, Evidence, Remedy, Requirement, RequirementList

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture
def lists(db: Any) -> None:
    seed.load(RequirementList, Requirement)


@pytest.fixture
def office(world: Any, lists: None) -> Touchpoint:
    from tests.factories import TouchpointFactory

    return TouchpointFactory.create(
        body=world.body, kind="one_window", title="МФЦ на Ленина", address="ул. Ленина, 1"
    )


@pytest.fixture
def shopper(world: Any) -> Any:
    from tests.factories import UserFactory

    return UserFactory.create(
        username="shopper", role=Role.SHOPPER, body=world.body, email="shopper@example.org"
    )


def _visit(world: Any, office: Touchpoint, shopper: Any) -> Check:
    return services.check_start(
        actor=world.analyst,
        touchpoint_id=office.pk,
        kind=Check.Kind.MYSTERY_VISIT,
        assigned_to=shopper.pk,
    )


def _photo(fmt: str = "JPEG", *, gps: bool = True, size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}
        exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def _answers(check: Check, failed: dict[str, str] | None = None) -> dict[int, Any]:
    failed = failed or {}
    out: dict[int, Any] = {}
    for r in check.requirement_list.requirements.all():
        result = "not_met" if r.code in failed else "met"
        value = None
        if r.limit is not None:
            value = r.limit * 2 if result == "not_met" else r.limit
        out[r.pk] = (result, failed.get(r.code, ""), value)
    return out


# --- shoppers ----------------------------------------------------------------------------


def test_a_shopper_sees_only_the_checks_assigned_to_him(
    client, world, office, shopper, django_capture_on_commit_callbacks
):  # R29
    with django_capture_on_commit_callbacks(execute=True):
        visit = _visit(world, office, shopper)
    assert visit.scenario and visit.due_on == timezone.localdate() + dt.timedelta(days=14)
    assert mail.outbox[-1].to == ["shopper@example.org"]
    assert "МФЦ на Ленина" in mail.outbox[-1].subject
    from tests.factories import TouchpointFactory

    hall = TouchpointFactory.create(body=world.body, kind="one_window", title="Другой офис")
    other = services.check_start(actor=world.analyst, touchpoint_id=hall.pk)
    client.force_login(shopper)
    assert client.get(reverse("cabinet:home"))["Location"] == reverse("standards:assigned")
    page = client.get(reverse("standards:assigned")).content.decode()
    assert "МФЦ на Ленина" in page and "Другой офис" not in page
    assert client.get(reverse("standards:check", args=[visit.pk])).status_code == 200
    assert client.get(reverse("standards:check", args=[other.pk])).status_code == 404
    assert client.get(reverse("standards:board")).status_code == 403
    assert client.get(reverse("standards:place", args=[office.pk])).status_code == 404


def test_only_the_bodys_shoppers_are_assigned(world, office, shopper):
    with pytest.raises(ValidationError) as refused:
        services.check_start(
            actor=world.analyst,
            touchpoint_id=office.pk,
            kind=Check.Kind.MYSTERY_VISIT,
            assigned_to=world.other_analyst.pk,
        )
    assert "assigned_to" in refused.value.message_dict
    with pytest.raises(ValidationError) as self_check:
        services.check_start(
            actor=world.analyst, touchpoint_id=office.pk, kind="self", assigned_to=shopper.pk
        )
    assert "Самооценку" in self_check.value.message_dict["assigned_to"][0]


def test_the_shopper_saves_a_draft_and_finishes_with_what_he_measured(
    client, world, office, shopper
):  # R29
    visit = _visit(world, office, shopper)
    reqs = {r.code: r for r in visit.requirement_list.requirements.all()}
    queue = reqs["ПР-11"]
    client.force_login(shopper)
    url = reverse("standards:check", args=[visit.pk])
    saved = client.post(
        url, {f"r{queue.pk}": "not_met", f"v{queue.pk}": "40", f"c{queue.pk}": "Очередь"}
    )
    assert saved.status_code == 302
    visit.refresh_from_db()
    assert visit.draft[str(queue.pk)] == {
        "result": "not_met", "comment": "Очередь", "value": "40", "auto": False
    }  # fmt: skip
    page = client.get(url).content.decode()
    assert 'value="40"' in page  # what he saved is there when he comes back
    data: dict[str, Any] = {"action": "complete"}
    for r in reqs.values():
        data[f"r{r.pk}"] = "met"
    data[f"r{queue.pk}"], data[f"v{queue.pk}"] = "met", "40"
    refused = client.post(url, data)
    html = refused.content.decode()
    assert refused.status_code == 422
    assert f'id="id_v{queue.pk}_error"' in html and "норма — не больше 15" in html
    assert 'id="id_visited_at_error"' in html
    data[f"r{queue.pk}"], data[f"c{queue.pk}"] = "not_met", "Ждали 40 минут"
    data["visited_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, data).status_code == 302
    visit.refresh_from_db()
    assert visit.status == "done" and visit.visited_at is not None
    remedy = Remedy.objects.get()
    assert remedy.code == "ПР-11" and remedy.opened_by == visit


# --- evidence ----------------------------------------------------------------------------


def test_a_stored_photo_has_no_exif_location(world, office, shopper):  # R29
    visit = _visit(world, office, shopper)
    raw = _photo()
    with Image.open(io.BytesIO(raw)) as sent:
        assert sent.getexif().get_ifd(GPS_IFD)  # the phone wrote where it was taken
    stored = services.evidence_add(actor=shopper, check=visit, data=raw)
    with stored.file.open("rb") as f, Image.open(f) as kept:
        assert not kept.getexif().get_ifd(GPS_IFD) and not kept.getexif()
        assert kept.size == (64, 48) and kept.format == "JPEG"
    assert stored.content_type == "image/jpeg" and stored.file.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7 not a photo", "JPEG, PNG или WebP"),
        (b"GIF89a" + b"\0" * 100, "JPEG, PNG или WebP"),
    ],
)
def test_a_file_of_a_wrong_type_is_refused_with_the_reason(world, office, shopper, data, reason):
    visit = _visit(world, office, shopper)
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(actor=shopper, check=visit, data=data)
    assert reason in refused.value.message_dict["photos"][0]
    assert not Evidence.objects.exists()


def test_a_gif_named_jpg_is_refused_by_what_it_is(world, office, shopper):  # R29
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    visit = _visit(world, office, shopper)
    with pytest.raises(ValidationError):
        services.evidence_add(actor=shopper, check=visit, data=out.getvalue())


def test_a_photo_over_the_size_limit_is_refused_with_the_reason(
    client, world, office, shopper, monkeypatch
):  # R29
    monkeypatch.setattr(evidence, "MAX_BYTES", 1000)
    visit = _visit(world, office, shopper)
    big = _photo(size=(400, 400))
    assert len(big) > 1000
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(actor=shopper, check=visit, data=big)
    assert "больше 0 МБ" in refused.value.message_dict["photos"][0]
    assert not Evidence.objects.exists()


def test_a_photo_goes_up_with_the_form_and_the_answers_stay(client, world, office, shopper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = _visit(world, office, shopper)
    entry = next(r for r in visit.requirement_list.requirements.all() if r.code == "ПР-3")
    client.force_login(shopper)
    url = reverse("standards:check", args=[visit.pk])
    response = client.post(
        url,
        {
            "action": "complete",
            f"r{entry.pk}": "not_met",
            f"c{entry.pk}": "Нет пандуса",
            "photo_for": str(entry.pk),
            "photos": [
                SimpleUploadedFile("entry.jpg", _photo(), content_type="image/jpeg"),
                SimpleUploadedFile("notes.jpg", b"not a photo", content_type="image/jpeg"),
            ],
        },
    )
    html = response.content.decode()
    assert response.status_code == 422  # the other requirements are not answered yet
    assert "«notes.jpg»" in html and 'id="id_photos_error"' in html
    assert "Нет пандуса" in html  # what he typed stays
    photo = Evidence.objects.get()
    assert photo.requirement == entry and photo.uploaded_by == shopper
    assert client.get(reverse("standards:evidence", args=[photo.pk]))["Content-Type"] == (
        "image/jpeg"
    )
    client.force_login(world.other_analyst)
    assert client.get(reverse("standards:evidence", args=[photo.pk])).status_code == 404


def test_the_api_takes_a_photo_and_names_the_field_of_a_bad_one(client, world, office, shopper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = _visit(world, office, shopper)
    client.force_login(shopper)
    url = f"/api/v1/standards/checks/{visit.pk}/evidence"
    ok = client.post(url, {"file": SimpleUploadedFile("a.png", _photo("PNG"))})
    assert ok.status_code == 201 and ok.json()["content_type"] == "image/png"
    bad = client.post(url, {"file": SimpleUploadedFile("b.png", b"text")})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "file"
    missing = client.post(url, {})
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "file"


# --- the product's own data ----------------------------------------------------------------


def test_a_social_network_is_checked_from_the_inbox(world, lists):  # R29, R22
    from inbox.models import Item
    from tests.factories import TouchpointFactory

    vk = TouchpointFactory.create(
        body=world.body, kind="social_network", title="ВКонтакте", url="https://vk.com/minsoc"
    )
    now = timezone.now()
    for i in range(10):
        received = now - dt.timedelta(days=3, hours=i)
        Item.objects.create(
            body=world.body,
            received_by=world.body,
            kind="comment",
            channel="vk",
            text="Когда придёт пособие?",
            received_at=received,
            due_at=received + dt.timedelta(hours=2),
            answered_at=received + dt.timedelta(hours=1 if i < 7 else 5),
            answer_reading_ease=60.0,
            status="answered",
        )
    check = services.check_start(actor=world.analyst, touchpoint_id=vk.pk)
    by_code = {r.code: str(r.pk) for r in check.requirement_list.requirements.all()}
    in_time = check.draft[by_code["СС-2"]]
    assert in_time["result"] == "not_met" and in_time["share"] == 70 and in_time["auto"]
    assert in_time["value"] is None  # a share is no measured value: nothing to send back
    assert "7 из 10" in in_time["comment"]
    assert check.draft[by_code["СС-1"]]["result"] == "met"
    assert check.draft[by_code["СС-4"]]["result"] == "met"
    assert by_code["СС-3"] not in check.draft  # a person judges this one


def test_too_few_items_decide_nothing(world, lists):
    from tests.factories import TouchpointFactory

    vk = TouchpointFactory.create(body=world.body, kind="social_network", url="https://vk.com/x")
    check = services.check_start(actor=world.analyst, touchpoint_id=vk.pk)
    assert check.draft == {}


# --- schedule and reminders --------------------------------------------------------------


def test_due_rechecks_and_overdue_actions_are_mailed_once(
    world, office, shopper, django_capture_on_commit_callbacks
):  # R29
    long_ago = timezone.now() - dt.timedelta(days=200)
    check = services.check_start(actor=world.analyst, touchpoint_id=office.pk, now=long_ago)
    services.check_complete(
        actor=world.analyst,
        check=check,
        answers=_answers(check, {"ПР-3": "Нет пандуса"}),
        now=long_ago,
    )
    assert [d.touchpoint for d in selectors.checks_due()] == [office]  # 180 days by default
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("Пора проверить" in s for s in subjects)
    assert any("Просрочена задача" in s for s in subjects)
    head_mail = next(m for m in mail.outbox if "Просрочена" in m.subject)
    assert head_mail.to == [world.head.email]
    assert services.reminders_send() == 0 and DueNotice.objects.count() == 1
    services.schedule_set(actor=world.analyst, body_id=world.body.pk, every_days=365)
    assert selectors.checks_due() == []  # a year is not up yet


def test_a_place_never_checked_is_mailed_once_a_term_not_every_day(
    world, office, django_capture_on_commit_callbacks
):  # R29
    import time_machine

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        assert services.reminders_send() == 0  # due «today» again, told already
    with time_machine.travel(timezone.now() + dt.timedelta(days=181)):
        assert services.reminders_send() == 1  # a term on, still unchecked: told again


def test_the_interval_is_kept_within_its_bounds(client, world):
    with pytest.raises(ValidationError) as refused:
        services.schedule_set(actor=world.analyst, body_id=world.body.pk, every_days=7)
    assert "every_days" in refused.value.message_dict
    client.force_login(world.analyst)
    page = client.post(reverse("standards:schedule"), {"every_days": "7"})
    assert page.status_code == 422 and 'id="id_every_days_error"' in page.content.decode()


def test_a_damaged_photo_is_refused_not_a_server_error(client, world, office, shopper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = _visit(world, office, shopper)
    broken = _photo()[:300]  # a JPEG cut short
    with pytest.raises(ValidationError):
        services.evidence_add(actor=shopper, check=visit, data=broken)
    client.force_login(shopper)
    response = client.post(
        reverse("standards:check", args=[visit.pk]),
        {"action": "save", "photos": SimpleUploadedFile("cut.jpg", broken)},
    )
    assert response.status_code == 422 and "«cut.jpg»" in response.content.decode()


def test_the_api_wants_a_visit_time_with_its_offset(client, world, office, shopper):
    visit = _visit(world, office, shopper)
    client.force_login(shopper)
    response = client.post(
        f"/api/v1/standards/checks/{visit.pk}/complete",
        {"answers": [], "visited_at": "2026-12-07T11:30:00"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "visited_at"


# --- beside the ratings ------------------------------------------------------------------


def test_a_check_that_says_met_against_low_ratings_is_flagged(world, office):  # R29
    from feedback.tests.fixtures import rate
    from tests.factories import ServiceFactory

    service = ServiceFactory.create(body=world.body)
    for _ in range(6):
        rate(service, 2, touchpoint=office, drivers=["queue"])
    for _ in range(4):
        rate(service, 5, touchpoint=office)
    check = services.check_start(actor=world.analyst, touchpoint_id=office.pk)
    done = services.check_complete(
        actor=world.analyst, check=check, answers=_answers(check, {"ПР-7": "Грубят"})
    )
    flagged = selectors.contradictions(selectors.check_detail(done.pk))  # type: ignore[arg-type]
    assert [(c.code, c.check_says_met, c.complaints, c.ratings) for c in flagged] == [
        ("ПР-11", True, 6, 10)
    ]  # the queue: «met» while 6 of 10 complain; ПР-7 «not met» has no contrary ratings


def test_too_few_ratings_flag_nothing(world, office):
    from feedback.tests.fixtures import rate
    from tests.factories import ServiceFactory

    service = ServiceFactory.create(body=world.body)
    for _ in range(3):
        rate(service, 1, touchpoint=office, drivers=["queue"])
    check = services.check_start(actor=world.analyst, touchpoint_id=office.pk)
    done = services.check_complete(actor=world.analyst, check=check, answers=_answers(check))
    assert selectors.contradictions(selectors.check_detail(done.pk)) == []  # type: ignore[arg-type]


def test_measured_value_beyond_its_limit_is_not_met(world, office, shopper):  # R29
    visit = _visit(world, office, shopper)
    answers = _answers(visit)
    queue = next(r for r in visit.requirement_list.requirements.all() if r.code == "ПР-11")
    answers[queue.pk] = ("met", "", Decimal("16"))
    with pytest.raises(ValidationError) as refused:
        services.check_complete(
            actor=shopper, check=visit, answers=answers, visited_at=timezone.now()
        )
    assert f"v{queue.pk}" in refused.value.message_dict


def test_the_cabinet_says_what_is_due_and_overdue(client, world, office):  # R29
    long_ago = timezone.now() - dt.timedelta(days=200)
    check = services.check_start(actor=world.analyst, touchpoint_id=office.pk, now=long_ago)
    services.check_complete(
        actor=world.analyst,
        check=check,
        answers=_answers(check, {"ПР-3": "Нет пандуса"}),
        now=long_ago,
    )
    client.force_login(world.head)
    home = client.get(reverse("cabinet:home")).content.decode()
    assert "пора проверить точек: 1" in home and "просрочено задач: 1" in home
    client.force_login(world.other_analyst)
    assert "пора проверить" not in client.get(reverse("cabinet:home")).content.decode()


def test_removing_a_photo_keeps_what_was_typed(client, world, office, shopper):
    visit = _visit(world, office, shopper)
    photo = services.evidence_add(actor=shopper, check=visit, data=_photo())
    entry = next(r for r in visit.requirement_list.requirements.all() if r.code == "ПР-3")
    client.force_login(shopper)
    url = reverse("standards:check", args=[visit.pk])
    response = client.post(
        url,
        {"remove_photo": str(photo.pk), f"r{entry.pk}": "not_met", f"c{entry.pk}": "Ступени"},
    )
    assert response.status_code == 302 and not Evidence.objects.exists()
    visit.refresh_from_db()
    assert visit.draft[str(entry.pk)]["comment"] == "Ступени"


def test_a_stale_tab_is_told_the_check_is_finished(client, world, office, shopper):
    visit = _visit(world, office, shopper)
    services.check_complete(
        actor=shopper, check=visit, answers=_answers(visit), visited_at=timezone.now()
    )
    client.force_login(shopper)
    page = client.post(reverse("standards:check", args=[visit.pk]), {"action": "save"})
    assert "Проверка уже завершена: изменения не сохранены." in page.content.decode()


def test_the_place_page_shows_comments_without_personal_data(client, world, office):
    from feedback.tests.fixtures import rate
    from tests.factories import ServiceFactory

    rate(
        ServiceFactory.create(body=world.body),
        2,
        touchpoint=office,
        comment="Долго ждал, звоните мне: +7 914 555-12-34",
    )
    client.force_login(world.head)
    page = client.get(reverse("standards:place", args=[office.pk])).content.decode()
    assert "Долго ждал" in page and "555-12-34" not in page


def test_the_schedule_address_opened_again_goes_to_the_board(client, world):
    client.force_login(world.analyst)
    assert client.get(reverse("standards:schedule"))["Location"].endswith("#schedule")


def test_another_checks_photo_cannot_be_removed_from_here(client, world, office, shopper):
    from tests.factories import TouchpointFactory

    visit = _visit(world, office, shopper)
    hall = TouchpointFactory.create(body=world.body, kind="one_window", title="Зал")
    other = services.check_start(actor=world.analyst, touchpoint_id=hall.pk)
    theirs = services.evidence_add(actor=world.analyst, check=other, data=_photo())
    client.force_login(shopper)
    response = client.post(
        reverse("standards:check", args=[visit.pk]), {"remove_photo": str(theirs.pk)}
    )
    assert response.status_code == 404 and Evidence.objects.filter(pk=theirs.pk).exists()
