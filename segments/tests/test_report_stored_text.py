"""The yearly report's XLSX is made whatever the stored text holds: a control character
kept from older data made it a server error; a formula-like text shows as text."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from openpyxl import load_workbook

from segments import report_files, services
from segments.models import Segment
from segments.tests.conftest import make_final_ready


@time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
def test_report_xlsx_with_odd_stored_text(world, segment, catalogue):
    make_final_ready(world, segment, catalogue)
    services.segment_update(
        actor=world.analyst, segment=segment, reason="план", personalisation_plan="Выезды"
    )
    services.segment_finalise(actor=world.analyst, segment=segment)
    Segment.objects.filter(pk=segment.pk).update(
        personalisation_plan="Выездной\x0b приём", name='=HYPERLINK("http://evil.test")'
    )

    book = load_workbook(io.BytesIO(report_files.render_xlsx(body=world.body, year=2026)))
    [plan] = book["Планы персонализации"].iter_rows(min_row=2, values_only=True)
    assert plan == ("1.1", '\'=HYPERLINK("http://evil.test")', "Выездной приём")
