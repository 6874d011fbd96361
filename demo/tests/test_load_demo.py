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
    _standards_demo()
    before = _rows_of_every_table()
    call_command("load_demo", stdout=io.StringIO())
    assert _rows_of_every_table() == before  # every table, not three


def _rows_of_every_table() -> dict[str, int]:
    """The row count of every table of every installed model (issue 23: a second run of
    the demo must change nothing anywhere)."""
    from django.apps import apps

    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def _standards_demo() -> None:
    """Issue 22's demo (R29): the МФЦ office's two failed requirements — one action done,
    one overdue; a test call; the social network checked from the product's own data; a
    visit assigned to the mystery shopper."""
    from standards.models import Answer, Check, Remedy

    office = Remedy.objects.filter(touchpoint__title="МФЦ, офис «Центральный»")
    assert sorted((r.code, r.closed_at is None) for r in office) == [
        ("ПР-11", True),
        ("ПР-2", False),
    ]
    assert office.get(code="ПР-11").is_overdue()
    assert Check.objects.filter(kind="mystery_call", status="done").exists()
    assert Answer.objects.filter(auto=True, check_ref__touchpoint__kind="social_network").exists()
    assert Check.objects.filter(assigned_to__username="shopper", status="open").exists()
