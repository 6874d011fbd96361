"""The yearly report kept as it was (003 §9, R10): an approved report is frozen as it was
approved, and a past year's report shows the profiles as they stood that year."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from exports.models import ExportEvent
from segments import services
from segments.models import ReportCopy, Segment
from segments.tests.conftest import make_final_ready

#: A moment in the year the fixtures' segments are made in (the real clock of the tests).
THIS_YEAR = timezone.localdate().year


def _pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def _plans(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content))["Планы персонализации"]
    return [str(row[2]) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def final_segment(world, segment, catalogue):
    make_final_ready(world, segment, catalogue)
    services.segment_update(
        actor=world.analyst, segment=segment, reason="план", personalisation_plan="Выезды в сёла"
    )
    services.segment_finalise(actor=world.analyst, segment=segment)
    segment.refresh_from_db()
    return segment


def test_approved_report_is_frozen_as_it_was_approved(client, world, final_segment):  # R10
    services.yearly_report_submit(actor=world.head, body=world.body, year=THIS_YEAR)
    version_at_approval = Segment.objects.get(pk=final_segment.pk).version

    services.segment_update(
        actor=world.analyst,
        segment=final_segment,
        reason="новый план",
        personalisation_plan="Приём по видеосвязи",
    )

    client.force_login(world.analyst)
    pdf = client.get(reverse("segments:report_pdf", args=[THIS_YEAR]))
    text = _pdf_text(pdf.content)
    assert "Выезды в сёла" in text
    assert "видеосвязи" not in text
    assert "Утверждён" in text and world.head.display_name in text
    xlsx = client.get(reverse("segments:report_xlsx", args=[THIS_YEAR]))
    assert _plans(xlsx.content) == ["Выезды в сёла"]
    # Handed out from the copy, and still logged as every file is.
    assert ExportEvent.objects.filter(what="segments.yearly_report").count() == 2

    page = client.get(reverse("segments:report", args=[THIS_YEAR])).content.decode()
    assert "Отчёт сохранён таким, каким его утвердили" in page
    assert f"версия {version_at_approval}" in page
    assert Segment.objects.get(pk=final_segment.pk).version == version_at_approval + 1


def test_a_second_approval_keeps_the_first_copy(world, final_segment):  # R10
    report = services.yearly_report_submit(actor=world.head, body=world.body, year=THIS_YEAR)
    first = ReportCopy.objects.get(report=report)
    services.segment_update(
        actor=world.analyst, segment=final_segment, reason="правка", personalisation_plan="Иное"
    )
    services.yearly_report_submit(actor=world.analyst, body=world.body, year=THIS_YEAR)
    [copy] = ReportCopy.objects.filter(report=report)
    assert copy.pk == first.pk
    assert _plans(bytes(copy.xlsx)) == ["Выезды в сёла"]


def test_refused_approval_keeps_no_copy(world, segment):  # R10
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.yearly_report_submit(actor=world.head, body=world.body, year=THIS_YEAR)
    assert not ReportCopy.objects.exists()


def test_profiles_are_kept_as_they_stood_when_the_year_ended(client, world, final_segment):
    """003 §9: the past year's report shows the profiles of that year."""
    with time_machine.travel(dt.datetime(THIS_YEAR + 1, 1, 1, 0, 30, tzinfo=dt.UTC)):
        # 03:30 in Moscow, the job's time: the year has ended by UTC, as the report counts
        call_command("work", "--job", "segments.report_year_end")
        services.segment_update(
            actor=world.analyst,
            segment=final_segment,
            reason="новый год",
            personalisation_plan="Приём по видеосвязи",
        )
        call_command("work", "--job", "segments.report_year_end")  # a second run: nothing new
        [copy] = ReportCopy.objects.all()
        assert copy.kind == ReportCopy.Kind.YEAR_END
        assert copy.report.year == THIS_YEAR

        client.force_login(world.analyst)
        page = client.get(reverse("segments:report", args=[THIS_YEAR])).content.decode()
        assert f"Профили такими, какими они были на конец {THIS_YEAR} года" in page
        year_end = client.get(reverse("segments:report_year_end_pdf", args=[THIS_YEAR]))
        assert "Выезды в сёла" in _pdf_text(year_end.content)
        assert year_end["Content-Disposition"].endswith(f'-{THIS_YEAR}-year-end.pdf"')
        xlsx = client.get(reverse("segments:report_year_end_xlsx", args=[THIS_YEAR]))
        assert _plans(xlsx.content) == ["Выезды в сёла"]
        # The report being prepared still shows the profiles of today.
        live = client.get(reverse("segments:report_xlsx", args=[THIS_YEAR]))
        assert _plans(live.content) == ["Приём по видеосвязи"]


def test_no_year_end_copy_later_in_the_year(world, final_segment):  # R10
    """Made in mid-year, a copy would show that day's profiles as the year's."""
    with time_machine.travel(dt.datetime(THIS_YEAR + 1, 2, 1, 9, tzinfo=dt.UTC)):
        assert services.report_year_end_copies() == 0
    assert not ReportCopy.objects.exists()


def test_no_year_end_copy_over_an_approved_report(world, final_segment):  # R10
    services.yearly_report_submit(actor=world.head, body=world.body, year=THIS_YEAR)
    with time_machine.travel(dt.datetime(THIS_YEAR + 1, 1, 2, 9, tzinfo=dt.UTC)):
        assert services.report_year_end_copies() == 0
    assert list(ReportCopy.objects.values_list("kind", flat=True)) == ["approved"]


def test_year_end_file_is_not_found_before_the_year_ends(client, world, final_segment):
    client.force_login(world.analyst)
    response = client.get(reverse("segments:report_year_end_pdf", args=[THIS_YEAR]))
    assert response.status_code == 404
