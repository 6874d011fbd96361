"""The body's yearly report of its indicators (issue 21): the year's values with the year
before, the changes with their before and after, approval only once the year is over and
with the body's plans, the frozen copy that keeps its figures and formula versions, the
files through the export path, and the reminders before the deadline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import report, selectors, services
from indicators.catalogue import BY_CODE, CATALOGUE, Value
from indicators.models import Report

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Any:
    """February 2026: the report of 2025 is due by 31 March."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def service(world: Any) -> Any:
    from tests.factories import ServiceFactory

    return ServiceFactory.create(body=world.body, title="Пособие на ребёнка")


def _rate(service: Any, scores: list[int], when: dt.datetime) -> None:
    from feedback.tests.fixtures import rate

    with time_machine.travel(when, tick=False):
        for score in scores:
            rate(service, score)


def _at(year: int, month: int, day: int = 15) -> dt.datetime:
    return dt.datetime(year, month, day, 12, 0, tzinfo=dt.UTC)


def _indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in data["indicators"] if i["code"] == code)


def test_the_year_is_compared_with_the_year_before(world, service):
    _rate(service, [5] * 30, _at(2024, 5))
    _rate(service, [5] * 10 + [1] * 30, _at(2025, 5))
    data = report.report_data(body=world.body, year=2025)
    satisfaction = _indicator(data, "satisfaction")
    assert satisfaction["previous"]["text"] == "100 %" and satisfaction["previous"]["n"] == 30
    assert satisfaction["year"]["text"] == "25 %" and satisfaction["year"]["n"] == 40
    assert satisfaction["year"]["value"] == pytest.approx(0.25)
    assert satisfaction["change"] == (
        "100 % в 2024 году, 25 % в 2025 году — снижение больше погрешности."
    )
    assert satisfaction["light"] == "red"  # the target: 60 %
    quarters = {q["quarter"]: q["text"] for q in satisfaction["quarters"]}
    assert quarters == {
        "2025-Q1": "мало данных",
        "2025-Q2": "25 %",
        "2025-Q3": "мало данных",
        "2025-Q4": "мало данных",
    }


def test_a_year_without_enough_data_says_so(world, service):  # R20
    _rate(service, [5] * 9, _at(2025, 3))
    satisfaction = _indicator(report.report_data(body=world.body, year=2025), "satisfaction")
    assert satisfaction["year"] == {
        "text": "мало данных",
        "interval": "",
        "n": 9,
        "value": None,
        "low": None,
        "high": None,
        "at_least": False,
        "measured": True,
    }
    assert satisfaction["change"] == ""


def test_a_change_is_shown_with_the_satisfaction_before_and_after(world, service):
    from feedback.models import Change

    _rate(service, [5] * 5 + [2] * 15, _at(2025, 4))  # before: 25 %
    _rate(service, [5] * 3, _at(2025, 6, 20))  # the month it was done: left out
    _rate(service, [5] * 18 + [2] * 2, _at(2025, 8))  # after: 90 %
    Change.objects.create(
        body=world.body,
        service=service,
        said="Долго ждать ответа",
        did="Отвечаем в тот же день",
        done_on=dt.date(2025, 6, 10),
        created_by=world.analyst,
    )
    (change,) = report.report_data(body=world.body, year=2025)["changes"]
    assert change["before"] == {"n": 20, "value": 0.25, "text": "25 %"}
    assert change["after"] == {"n": 20, "value": 0.9, "text": "90 %"}
    assert change["subject"] == "Пособие на ребёнка"
    assert change["after_complete"] is True  # July–September 2025 are over


def test_the_report_says_whether_the_segments_report_is_approved(world):  # R10
    segments = report.report_data(body=world.body, year=2025)["segments"]
    assert segments["approved_on"] is None and segments["deadline"] == "2026-03-31"
    assert segments["url"] == reverse("segments:report", args=[2025])


def test_a_year_still_running_cannot_be_approved(world):
    services.report_plans_set(actor=world.head, body=world.body, year=2026, plans="Планы")
    with pytest.raises(ValidationError) as exc:
        services.report_approve(actor=world.head, body=world.body, year=2026)
    assert "Год ещё не закончился" in str(exc.value.message_dict["year"])


def test_a_report_without_plans_cannot_be_approved(world):
    with pytest.raises(ValidationError) as exc:
        services.report_approve(actor=world.head, body=world.body, year=2025)
    assert "plans" in exc.value.message_dict
    assert not Report.objects.filter(approved_at__isnull=False).exists()


def test_only_those_who_approve_reports_approve_it(world):
    with pytest.raises(ValidationError):
        services.report_plans_set(actor=world.servant, body=world.body, year=2025, plans="x")
    with pytest.raises(ValidationError):
        services.report_approve(actor=world.other_analyst, body=world.body, year=2025)


def test_an_approved_report_is_frozen_with_its_figures_and_files(world, service):
    from openpyxl import load_workbook

    _rate(service, [5] * 20, _at(2025, 5))
    services.report_plans_set(
        actor=world.head, body=world.body, year=2025, plans="Открыть второе окно приёма."
    )
    kept = services.report_approve(actor=world.head, body=world.body, year=2025)
    assert kept.snapshot["approved_by"] == world.head.display_name
    assert _indicator(kept.snapshot, "satisfaction")["year"]["text"] == "100 %"
    assert bytes(kept.pdf).startswith(b"%PDF")
    sheet = load_workbook(io.BytesIO(bytes(kept.xlsx)))["Показатели"]
    assert [c.value for c in sheet[2]][:3] == ["satisfaction", 1, "Доля довольных"]
    # Later ratings of that year do not touch the approved report…
    _rate(service, [1] * 20, _at(2025, 6))
    again = selectors.report_of(world.body, 2025)
    assert _indicator(again.snapshot, "satisfaction")["year"]["text"] == "100 %"
    # …nor do its plans change, nor is it approved twice.
    with pytest.raises(ValidationError):
        services.report_plans_set(actor=world.head, body=world.body, year=2025, plans="Другое")
    with pytest.raises(ValidationError):
        services.report_approve(actor=world.head, body=world.body, year=2025)


def test_an_approved_report_keeps_the_version_of_its_formulas(world, service, monkeypatch):
    _rate(service, [5] * 20, _at(2025, 5))
    _rate(service, [5] * 20, _at(2026, 1))
    services.report_plans_set(actor=world.head, body=world.body, year=2025, plans="План")
    services.report_approve(actor=world.head, body=world.body, year=2025)
    # The formula of satisfaction changes: a new version, counting differently.
    changed = dataclasses.replace(
        BY_CODE["satisfaction"], version=2, compute=lambda m, q: Value(50, 0.5, 0.4, 0.6)
    )
    monkeypatch.setattr(
        selectors,
        "CATALOGUE",
        tuple(changed if d.code == "satisfaction" else d for d in CATALOGUE),
    )
    kept = _indicator(selectors.report_of(world.body, 2025).snapshot, "satisfaction")
    assert (kept["version"], kept["year"]["text"]) == (1, "100 %")
    draft = _indicator(report.report_data(body=world.body, year=2026), "satisfaction")
    assert (draft["version"], draft["year"]["text"]) == (2, "50 %")


def test_the_head_writes_plans_approves_and_downloads_the_report(client, world, service):
    from exports.models import ExportEvent

    _rate(service, [5] * 20, _at(2025, 5))
    client.force_login(world.head)
    url = reverse("indicators:report", args=[2025])
    page = client.get(url)
    assert page.status_code == 200 and "Черновик" in page.content.decode()
    too_long = client.post(url, {"plans": "а" * 5001, "action": "save"})
    assert too_long.status_code == 422 and "5000" in too_long.content.decode()
    assert selectors.report_of(world.body, 2025) is None  # nothing half-written
    response = client.post(url, {"plans": "Открыть второе окно.", "action": "approve"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Утверждён" in page and "Открыть второе окно." in page
    pdf = client.get(reverse("indicators:report_pdf", args=[2025]))
    assert pdf.status_code == 200 and pdf.content == bytes(
        selectors.report_of(world.body, 2025, files=True).pdf
    )
    xlsx = client.get(reverse("indicators:report_xlsx", args=[2025]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    logged = ExportEvent.objects.filter(what="indicators.yearly_report", body=world.body)
    assert sorted(logged.values_list("format", flat=True)) == ["pdf", "xlsx"]


def test_approving_a_running_year_is_refused_next_to_the_field(client, world):
    client.force_login(world.head)
    url = reverse("indicators:report", args=[2026])
    response = client.post(url, {"plans": "План", "action": "approve"})
    assert response.status_code == 422
    assert "Год ещё не закончился" in response.content.decode()
    assert selectors.report_of(world.body, 2026).plans == "План"  # what was typed is kept


def test_the_report_is_the_staff_who_approve_reports_only(client, world):
    url = reverse("indicators:report", args=[2025])
    for outsider in (world.servant, world.citizen):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.post(url, {"plans": "x", "action": "save"}).status_code == 403
    assert selectors.report_of(world.body, 2025) is None
    client.force_login(world.other_analyst)  # another body's analyst: his own body's report
    client.post(url, {"plans": "Свои планы", "action": "save"})
    assert selectors.report_of(world.body, 2025) is None
    assert selectors.report_of(world.other_body, 2025).plans == "Свои планы"


def test_a_year_outside_the_reports_is_not_found(client, world):
    client.force_login(world.head)
    assert client.get(reverse("indicators:report", args=[2019])).status_code == 404
    assert client.get(reverse("indicators:report", args=[2030])).status_code == 404


def test_the_heads_are_reminded_once_per_step_until_the_report_is_approved(world):
    mail.outbox.clear()
    assert services.reports_remind(today=dt.date(2026, 1, 5)) == 1
    assert "срок — 31.03.2026" in mail.outbox[-1].subject and mail.outbox[-1].to == [
        world.head.email
    ]
    assert services.reports_remind(today=dt.date(2026, 1, 6)) == 0  # the same step
    assert services.reports_remind(today=dt.date(2026, 3, 25)) == 1  # a week before
    assert services.reports_remind(today=dt.date(2026, 4, 1)) == 1
    assert "Просрочен" in mail.outbox[-1].subject
    assert services.reports_remind(today=dt.date(2026, 4, 2)) == 0


def test_an_approved_report_is_not_reminded_of(world):
    services.report_plans_set(actor=world.head, body=world.body, year=2025, plans="План")
    services.report_approve(actor=world.head, body=world.body, year=2025)
    mail.outbox.clear()
    assert services.reports_remind(today=dt.date(2026, 3, 30)) == 0
    assert mail.outbox == []


@pytest.fixture
def key(world: Any) -> dict[str, str]:
    from accounts.models import Scope
    from accounts.services import api_key_issue
    from tests.factories import UserFactory

    system = UserFactory.create(username="ind-ais", role="system", body=world.body)
    _, raw = api_key_issue(actor=None, system=system, name="ind", scopes=[Scope.INDICATORS])
    return {"HTTP_X_API_KEY": raw}


def test_the_api_gives_the_draft_and_then_the_approved_report(client, world, service, key):
    _rate(service, [5] * 20, _at(2025, 5))
    draft = client.get("/api/v1/indicators/reports/2025", **key)
    assert draft.status_code == 200 and draft.json()["approved"] is False
    services.report_plans_set(actor=world.head, body=world.body, year=2025, plans="План")
    services.report_approve(actor=world.head, body=world.body, year=2025)
    _rate(service, [1] * 20, _at(2025, 6))  # after approval: not in the report
    kept = client.get("/api/v1/indicators/reports/2025", **key).json()
    assert kept["approved"] is True and kept["approved_by"] == world.head.display_name
    satisfaction = _indicator(kept, "satisfaction")
    assert (satisfaction["version"], satisfaction["year"]["value"]) == (1, 1.0)
    assert satisfaction["year"]["n"] == 20 and kept["plans"] == "План"
    listed = client.get("/api/v1/indicators/reports", **key).json()
    assert [(r["year"], r["approved"]) for r in listed] == [(2026, False), (2025, True)]


def test_the_api_refuses_a_bad_year_and_a_caller_without_the_scope(client, world, key):
    bad = client.get("/api/v1/indicators/reports/1999", **key)
    assert bad.status_code == 422 and "year" in str(bad.json())
    assert client.get("/api/v1/indicators/reports/2031", **key).status_code == 404
    assert client.get("/api/v1/indicators/reports/2025").status_code == 401
    client.force_login(world.citizen)
    assert client.get("/api/v1/indicators/reports/2025").status_code == 403


def test_the_public_page_shows_the_last_finished_quarter_and_approved_reports(
    client, world, service
):  # R20
    _rate(service, [5] * 12, _at(2025, 11))  # IV кв. 2025: the last finished quarter
    _rate(service, [1] * 9, _at(2025, 8))  # III кв.: under 10 ratings, not shown
    url = reverse("indicators:public", args=[world.body.slug])
    response = client.get(url)  # the first visit: built, not from the cache
    page = response.content.decode()
    assert "IV кв. 2025" in page and "100 %" in page
    rows = {r.definition.code: r for r in response.context["rows"]}
    cells = {q.code: (text, n) for q, text, _i, n in rows["satisfaction"].cells}
    assert cells["2025-Q3"] == ("мало данных", "9") and cells["2025-Q4"] == ("100 %", "12")
    assert "ещё не утвердил" in page
    services.report_plans_set(actor=world.head, body=world.body, year=2025, plans="План")
    services.report_approve(actor=world.head, body=world.body, year=2025)
    page = client.get(url).content.decode()
    pdf_url = reverse("indicators:public_report_pdf", args=[world.body.slug, 2025])
    assert pdf_url in page
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("indicators:public", args=["net-takogo"])).status_code == 404


def test_a_draft_report_is_not_public(client, world):
    services.report_plans_set(actor=world.head, body=world.body, year=2025, plans="План")
    url = reverse("indicators:public_report_pdf", args=[world.body.slug, 2025])
    assert client.get(url).status_code == 404


def test_open_data_has_approved_reports_without_owners_names(client, world):
    from indicators.models import Shortcoming

    Shortcoming.objects.create(
        body=world.body,
        code="satisfaction",
        quarter="2025-Q3",
        reason="miss",
        summary="Доля довольных ниже цели",
        owner=world.analyst,
        due_on=dt.date(2025, 11, 1),
    )
    services.report_plans_set(actor=world.head, body=world.body, year=2025, plans="План")
    services.report_approve(actor=world.head, body=world.body, year=2025)
    found = client.get(reverse("indicators:opendata_reports")).json()["reports"]
    assert [(r["body"], r["year"]) for r in found] == [(world.body.slug, 2025)]
    (shortcoming,) = found[0]["report"]["shortcomings"]
    assert shortcoming["summary"] == "Доля довольных ниже цели" and "owner" not in shortcoming
    assert world.analyst.display_name not in json_text(found)
    assert world.head.display_name not in json_text(found)  # who approved it: staff only
    assert "approved_by" not in found[0]["report"]


def json_text(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def test_a11_gives_volumes_and_responses_per_service_per_quarter(client, world, service):
    from feedback.models import Volume
    from tests.factories import TouchpointFactory

    office = TouchpointFactory.create(body=world.body, kind="office", title="Офис")
    for month in (7, 8, 9):
        Volume.objects.create(
            body=world.body,
            touchpoint=office,
            service=service,
            month=dt.date(2025, month, 1),
            served=100,
            offered=40,
        )
    window = TouchpointFactory.create(body=world.other_body, kind="one_window", title="МФЦ")
    Volume.objects.create(  # the МФЦ's window delivered our service: still our service's row
        body=world.other_body,
        touchpoint=window,
        service=service,
        month=dt.date(2025, 9, 1),
        served=50,
        offered=10,
    )
    _rate(service, [5] * 8 + [2] * 4, _at(2025, 8))
    other = type(service).objects.create(body=world.body, title="Справка", slug="spravka")
    _rate(other, [5] * 3, _at(2025, 8))
    response = client.get(reverse("indicators:opendata_a11"))
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == (
        "Орган,Услуга,Квартал,Обслужено клиентов,Предложено оценить,Оценок,Доля довольных"
    )
    assert f"{world.body.slug},Пособие на ребёнка,2025-Q3,350,130,12,0.6667" in rows
    assert not any(r.startswith(f"{world.other_body.slug},") for r in rows)
    assert f"{world.body.slug},Справка,2025-Q3,,,3," in rows  # no volumes; under 10: no share


def test_the_years_median_counts_the_appeals_of_every_quarter(world):  # R22
    from inbox.models import Item

    days = [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    for i, d in enumerate(days):  # five appeals in each quarter of 2025, slower each quarter
        received = _at(2025, 3 * (i // 5) + 1, 2 + i % 5)
        Item.objects.create(
            body=world.body,
            received_by=world.body,
            kind="appeal",
            channel="portal",
            text="Вопрос",
            received_at=received,
            due_at=received + dt.timedelta(days=30),
            answered_at=received + dt.timedelta(days=d),
            status="answered",
        )
    median = _indicator(report.report_data(body=world.body, year=2025), "appeals_median_days")
    assert median["year"]["n"] == 20
    assert median["year"]["value"] == pytest.approx(5.0)  # the 10th of 20, not of Q1's five
