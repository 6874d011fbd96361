"""`load_demo` fills every page with meaningful data and a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from inbox.models import OPEN_STATUSES, Item, Status, Template
from proactive.models import Offer
from readability.checker import check

pytestmark = pytest.mark.django_db


def test_demo_inbox_has_every_state_and_a_second_run_changes_nothing(catalogue):
    call_command("load_demo", stdout=io.StringIO())
    items = Item.objects.filter(body__slug="minsoc")
    assert items.count() > 250
    assert {s.value for s in Status} <= set(items.values_list("status", flat=True))
    assert items.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now()).exists()
    assert items.filter(answered_at__gt=F("due_at")).exists()  # some answered late
    assert Item.objects.filter(body__slug="sfr", category__name="Единое пособие").exists()
    assert all(check(t.text).passes for t in Template.objects.all())  # R23
    offers = dict(Offer.objects.values_list("service__slug", "status"))
    assert {"ready", "form", "refused"} <= set(offers.values())  # R16, R17 on the demo cabinet
    before = _rows_of_every_table()
    call_command("load_demo", stdout=io.StringIO())
    assert _rows_of_every_table() == before  # every table, not three


def _rows_of_every_table() -> dict[str, int]:
    """The row count of every table of every installed model (issue 23: a second run of
    the demo must change nothing anywhere)."""
    from django.apps import apps

    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}
