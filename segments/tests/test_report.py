"""The yearly report (R10): its deadline, what is missing, and PDF and XLSX that hold every
final profile."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pypdfium2
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from segments import report_files, selectors, services
from segments.models import Segment, YearlyReport
from segments.tests.conftest import make_final_ready


@pytest.fixture
def final_segment(world, segment, catalogue):
    make_final_ready(world, segment, catalogue)
    services.segment_update(
        actor=world.analyst,
        segment=segment,
        reason="план",
        personalisation_plan="Выездной приём в сёлах раз в месяц",
    )
    services.segment_finalise(actor=world.analyst, segment=segment)
    segment.refresh_from_db()
    return segment


def _pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_deadline_is_the_end_of_q1_of_the_next_year():  # R10
    assert YearlyReport.deadline_for(2026) == dt.date(2027, 3, 31)


def test_missing_lists_drafts_and_profiles_without_plan(world, segment, catalogue):  # R10
    missing = selectors.yearly_report_missing(body=world.body, year=timezone.localdate().year)
    assert len(missing) == 1
    assert "не итоговый" in missing[0]
    assert "добавьте ещё 5" in missing[0]


def test_report_cannot_be_approved_while_something_is_missing(world, segment):  # R10
    with pytest.raises(ValidationError):
        services.yearly_report_submit(actor=world.head, body=world.body, year=2026)
    assert not YearlyReport.objects.exists()


@time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
def test_pdf_and_xlsx_contain_every_final_profile(world, final_segment, catalogue):  # R10
    draft = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="2.1",
        name="Не знают о портале",
        target="direction",
        direction="information",
    )
    text = _pdf_text(report_files.render_pdf(body=world.body, year=2026))
    assert "Многодетные семьи в сёлах" in text
    assert "Выездной приём в сёлах" in text
    assert "Предпочитают МФЦ" in text
    assert "31.03.2027" in text
    assert draft.name in text  # listed in the summary and under "not ready"
    wb = load_workbook(io.BytesIO(report_files.render_xlsx(body=world.body, year=2026)))
    profiles = [row for row in wb["Профили"].iter_rows(min_row=2, values_only=True)]
    assert [row[0] for row in profiles] == ["1.1"]
    attributes = list(wb["Признаки"].iter_rows(min_row=2, values_only=True))
    assert len(attributes) == 5
    assert any(
        "не итоговый" in str(row[0])
        for row in wb["Пропуски"].iter_rows(min_row=2, values_only=True)
    )


@time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
def test_head_approves_a_complete_report_and_it_is_audited(world, final_segment):  # R10
    services.yearly_report_submit(actor=world.head, body=world.body, year=2026)
    status = selectors.yearly_report_status(body=world.body, year=2026)
    assert status.submitted is not None
    assert status.submitted.submitted_by == world.head
    from audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="segments.report_submit", actor=world.head).exists()


def test_overdue_report_is_flagged_to_the_head_on_page_and_by_mail(client, world, segment):  # R10
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC)):
        segment.created_at = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
        segment.save(update_fields=["created_at"])
    with time_machine.travel(dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC)):
        assert selectors.overdue_report_years(body=world.body) == [2025]
        client.force_login(world.head)
        home = client.get(reverse("cabinet:home")).content.decode()
        assert "Просрочен годовой отчёт о профилях сегментов за 2025 год" in home
        call_command("work", "--job", "segments.report_overdue")
        call_command("work", "--job", "segments.report_overdue")  # a second run sends nothing new
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.head.email]
    assert "2025" in mail.outbox[0].subject


def test_report_not_yet_due_is_not_overdue(world, segment):  # R10
    with time_machine.travel(dt.datetime(2027, 3, 31, 12, tzinfo=dt.UTC)):
        status = selectors.yearly_report_status(body=world.body, year=2026)
        assert not status.overdue
        assert status.days_left == 0


def test_report_page_shows_deadline_and_downloads(client, world, final_segment):
    client.force_login(world.head)
    page = client.get(reverse("segments:report", args=[2026])).content.decode()
    assert "31.03.2027" in page
    pdf = client.get(reverse("segments:report_pdf", args=[2026]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("segments:report", args=[1999])).status_code == 404


def _other_years(page: str) -> list[int]:
    found = re.search(r'<p class="govuk-body" id="other-years">(.*?)</p>', page, re.S)
    return [int(y) for y in re.findall(r">(\d{4})</a>", found.group(1))] if found else []


@time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
def test_other_years_run_from_the_first_segment_to_this_year(client, world, segment):  # R10
    """Issue 16: «Другие годы» listed every year back to 2020, before any segment existed."""
    segment.created_at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    segment.save(update_fields=["created_at"])
    client.force_login(world.head)
    page = client.get(reverse("segments:report", args=[2025])).content.decode()
    assert _other_years(page) == [2026, 2024]  # the year shown is not among them
    page = client.get(reverse("segments:report", args=[2026])).content.decode()
    assert _other_years(page) == [2025, 2024]


@time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
def test_no_other_years_before_the_first_segment(client, world):  # R10
    client.force_login(world.head)
    page = client.get(reverse("segments:report", args=[2026])).content.decode()
    assert "Другие годы" not in page


def _typed_row(sheet: Worksheet) -> tuple[list[Cell], dict[str, Cell]]:
    """The header's cells and the first row's cells by the header's text."""
    header, row = (
        [c for c in cells if isinstance(c, Cell)] for cells in sheet.iter_rows(max_row=2)
    )
    return header, {str(h.value): c for h, c in zip(header, row, strict=True)}


def _day(cell: Cell) -> dt.date | None:
    """A date cell's day (openpyxl reads a date as a datetime)."""
    assert cell.is_date and cell.number_format == "DD.MM.YYYY", cell.number_format
    return cell.value.date() if isinstance(cell.value, dt.datetime) else None


@time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
def test_xlsx_keeps_each_figure_its_source_and_date_in_typed_columns(world, final_segment):
    """Issue 16: the XLSX packed «12 500; Росстат; на 01.01.2026» into one text cell."""
    Segment.objects.filter(pk=final_segment.pk).update(
        capacity=12500,
        capacity_source="rosstat",
        capacity_as_of=dt.date(2026, 1, 1),
        satisfaction=Decimal("3.40"),
        satisfaction_source="survey",
        satisfaction_as_of=dt.date(2026, 6, 30),
        entitled_count=2000,
        applicants_count=1500,
        blind_zone_as_of=dt.date(2026, 5, 1),
    )
    sheet = load_workbook(io.BytesIO(report_files.render_xlsx(body=world.body, year=2026)))[
        "Профили"
    ]
    assert isinstance(sheet, Worksheet)
    header, cells = _typed_row(sheet)
    assert all(h.font.bold and h.data_type == "s" for h in header)
    assert sheet.freeze_panes == "A2"
    assert all((sheet.column_dimensions[h.column_letter].width or 0) >= 10 for h in header)

    capacity = cells["Ёмкость, чел."]
    assert (capacity.value, capacity.data_type, capacity.number_format) == (12500, "n", "#,##0")
    assert cells["Источник ёмкости"].value == "Росстат"
    assert _day(cells["Ёмкость на дату"]) == dt.date(2026, 1, 1)
    satisfaction = cells["Удовлетворённость, 1–5"]
    assert (satisfaction.value, satisfaction.data_type) == (3.4, "n")
    assert cells["Источник удовлетворённости"].value == "Опрос"
    assert _day(cells["Удовлетворённость на дату"]) == dt.date(2026, 6, 30)
    assert (cells["Обращаются, чел."].value, cells["Имеют право, чел."].value) == (1500, 2000)
    share = cells["Слепая зона, доля"]
    assert (share.value, share.number_format) == (0.25, "0%")
    assert _day(cells["Слепая зона на дату"]) == dt.date(2026, 5, 1)
    assert isinstance(cells["Приоритет, из 100"].value, float)
    assert (cells["Респондентов"].value, cells["Респондентов"].data_type) == (1, "n")
    assert (cells["Код"].value, cells["Код"].data_type) == ("1.1", "s")
