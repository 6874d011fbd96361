"""Touchpoint standards (R29): seed 001's requirement lists for every kind of touchpoint,
a check of a place against its kind's list, one action for each requirement not met, a
later check closing it, and the lists' periodic review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from registry.models import Touchpoint
from standards import seed, services
from standards.models import Answer, Check, Remedy, RequirementList

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(db: Any) -> None:
    """The data migration loads them; a transactional test flushes tables, so again."""
    from standards.models import Requirement

    seed.load(RequirementList, Requirement)


@pytest.fixture
def call_centre(world: Any, lists: None) -> Touchpoint:
    from tests.factories import TouchpointFactory

    return TouchpointFactory.create(body=world.body, kind="call_centre", title="Горячая линия")


def _answers(check: Check, **by_code: str) -> dict[int, services.AnswerIn]:
    """Every requirement met, unless ``by_code`` says otherwise («КЦ_2» for «КЦ-2»); a
    measured one within its limit when met, beyond it when not."""
    out: dict[int, services.AnswerIn] = {}
    for r in check.requirement_list.requirements.all():
        result = by_code.get(r.code.replace("-", "_"), "met")
        value = None
        if r.limit is not None and result != "na":
            value = r.limit if result == "met" else r.limit * 3
        out[r.pk] = (result, "Не дозвонились ночью" if result == "not_met" else "", value)
    return out


def test_every_kind_of_touchpoint_has_the_seeds_list(lists):  # R29
    kinds = set(RequirementList.objects.filter(is_current=True).values_list("kind", flat=True))
    assert kinds == set(Touchpoint.Kind.values)
    call = RequirementList.objects.get(kind="call_centre")
    assert "круглосуточно" in call.requirements.get(code="КЦ-1").text


def test_a_check_scores_by_weight(world, call_centre):  # R29
    check = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    done = services.check_complete(
        actor=world.analyst, check=check, answers=_answers(check, КЦ_1="not_met")
    )
    weights = {r.code: r.weight for r in check.requirement_list.requirements.all()}
    total = sum(weights.values())
    assert done.score == (Decimal((total - weights["КЦ-1"]) * 100) / total).quantize(Decimal("0.1"))
    assert done.status == Check.Status.DONE
    assert AuditEvent.objects.filter(action="standards.check_done").count() == 1


def test_a_failed_requirement_opens_exactly_one_action(world, call_centre):  # R29
    for _ in range(2):
        check = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
        services.check_complete(
            actor=world.analyst, check=check, answers=_answers(check, КЦ_1="not_met")
        )
    remedy = Remedy.objects.open().get()
    assert remedy.code == "КЦ-1" and remedy.what == "Не дозвонились ночью"
    from django.utils import timezone

    assert remedy.due_on == timezone.localdate() + dt.timedelta(days=services.REMEDY_DAYS)


def test_a_recheck_that_finds_it_met_closes_the_action(world, call_centre):  # R29
    first = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    services.check_complete(
        actor=world.analyst, check=first, answers=_answers(first, КЦ_1="not_met")
    )
    again = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    services.check_complete(
        actor=world.analyst, check=again, answers=_answers(again), visited_at=timezone.now()
    )
    remedy = Remedy.objects.get()
    assert remedy.closed_at is not None and remedy.closed_by == again
    assert not Remedy.objects.open().exists()


def test_not_applicable_is_refused_where_the_requirement_always_applies(world, call_centre):  # R29
    check = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    first = check.requirement_list.requirements.get(code="КЦ-1")
    assert first.can_be_na is False
    with pytest.raises(ValidationError) as refused:
        services.check_complete(
            actor=world.analyst, check=check, answers=_answers(check, КЦ_1="na")
        )
    assert f"r{first.pk}" in refused.value.message_dict
    check.refresh_from_db()
    assert check.status == Check.Status.OPEN and not Answer.objects.exists()


def test_a_requirement_not_met_needs_a_word_on_what_is_wrong(world, call_centre):
    check = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    answers = _answers(check, КЦ_2="not_met")
    pk = check.requirement_list.requirements.get(code="КЦ-2").pk
    answers[pk] = ("not_met", " ")
    with pytest.raises(ValidationError) as refused:
        services.check_complete(actor=world.analyst, check=check, answers=answers)
    assert f"c{pk}" in refused.value.message_dict
    assert not Remedy.objects.exists()


def test_one_check_at_a_time_and_only_the_bodys_own(world, call_centre):
    services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    with pytest.raises(ValidationError, match="уже идёт"):
        services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    with pytest.raises(ValidationError):
        services.check_start(actor=world.other_analyst, touchpoint_id=call_centre.pk)


def test_a_list_past_its_review_date_is_flagged_to_the_body(client, world, call_centre):  # R29
    RequirementList.objects.filter(kind="call_centre").update(review_by=dt.date(2020, 1, 1))
    client.force_login(world.head)
    page = client.get(reverse("standards:board")).content.decode()
    assert "Пора пересмотреть списки требований" in page and "Колл-центр" in page
    client.force_login(world.platform_admin)
    listed = RequirementList.objects.get(kind="call_centre")
    assert client.post(reverse("standards:list_reviewed", args=[listed.pk])).status_code == 302
    listed.refresh_from_db()
    assert not listed.is_overdue()
    client.force_login(world.analyst)
    assert client.post(reverse("standards:list_reviewed", args=[listed.pk])).status_code == 403


def test_the_check_page_explains_each_problem_next_to_its_requirement(client, world, call_centre):
    client.force_login(world.analyst)
    started = client.post(reverse("standards:check_start", args=[call_centre.pk]), {"kind": "self"})
    check = Check.objects.get()
    assert started["Location"] == reverse("standards:check", args=[check.pk])
    reqs = list(check.requirement_list.requirements.all())
    data = {f"r{r.pk}": "met" for r in reqs} | {"action": "complete"}
    data[f"r{reqs[0].pk}"] = "not_met"  # without a word on what is wrong
    data[f"r{reqs[1].pk}"] = "na"  # not offered for this one
    response = client.post(reverse("standards:check", args=[check.pk]), data)
    assert response.status_code == 422
    assert f'id="id_r{reqs[1].pk}_error"' in response.content.decode()
    data[f"r{reqs[1].pk}"] = "met"
    response = client.post(reverse("standards:check", args=[check.pk]), data)
    html = response.content.decode()
    assert f'id="id_c{reqs[0].pk}_error"' in html and "КЦ-1: напишите, что не так" in html
    assert 'value="not_met" checked' in html or "checked" in html  # what was chosen stays
    assert not Answer.objects.exists()
    data[f"c{reqs[0].pk}"] = "Ночью не отвечают"
    assert client.post(reverse("standards:check", args=[check.pk]), data).status_code == 302
    board = client.get(reverse("standards:board")).content.decode()
    assert "Ночью не отвечают" in board and reqs[0].text in board
    # another body's people do not know the check exists
    client.force_login(world.other_analyst)
    assert client.get(reverse("standards:check", args=[check.pk])).status_code == 404


def test_an_action_gets_an_owner_and_a_due_date(client, world, call_centre):
    check = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    services.check_complete(
        actor=world.analyst, check=check, answers=_answers(check, КЦ_1="not_met")
    )
    remedy = Remedy.objects.get()
    url = reverse("standards:remedy", args=[remedy.pk])
    client.force_login(world.analyst)
    past = client.post(
        url, {"what": "Ночная смена", "owner": world.head.pk, "due_on": "2020-01-01"}
    )
    assert past.status_code == 422 and "в прошлом" in past.content.decode()
    other = client.post(
        url, {"what": "Ночная смена", "owner": world.other_analyst.pk, "due_on": "2099-01-01"}
    )
    assert other.status_code == 422  # not among the body's people
    done = client.post(
        url, {"what": "Ночная смена", "owner": world.head.pk, "due_on": "2099-01-31"}
    )
    assert done.status_code == 302
    remedy.refresh_from_db()
    assert (remedy.owner, remedy.due_on) == (world.head, dt.date(2099, 1, 31))
    client.force_login(world.head)
    assert client.get(url).status_code == 403  # the head reads the board, analysts keep it


def test_a_citizen_reads_the_last_check_on_the_places_page(client, world, call_centre):  # R29
    url = reverse("registry:place", args=[call_centre.pk])
    assert "Как место проверили" not in client.get(url).content.decode()
    check = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    services.check_complete(
        actor=world.analyst, check=check, answers=_answers(check, КЦ_1="not_met")
    )
    page = client.get(url).content.decode()  # the cached page is renewed by the check
    total = check.requirement_list.requirements.count()
    assert f"Из {total} правил здесь соблюдают {total - 1}" in page
    assert "Колл-центр отвечает круглосуточно, без выходных." in page
    assert "Не дозвонились ночью" not in page  # the checker's notes stay inside the body


def test_a_self_assessment_does_not_close_what_a_mystery_visit_found(world, call_centre):
    """R29: an outside finding is closed by an outside re-check, not by the body itself;
    a requirement found not to apply closes its action."""
    outside = services.check_start(
        actor=world.analyst, touchpoint_id=call_centre.pk, kind=Check.Kind.MYSTERY_CALL
    )
    services.check_complete(
        actor=world.analyst,
        check=outside,
        answers=_answers(outside, КЦ_1="not_met"),
        visited_at=timezone.now(),
    )
    own = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    services.check_complete(actor=world.analyst, check=own, answers=_answers(own))
    assert Remedy.objects.open().count() == 1
    again = services.check_start(
        actor=world.analyst, touchpoint_id=call_centre.pk, kind=Check.Kind.MYSTERY_CALL
    )
    services.check_complete(
        actor=world.analyst, check=again, answers=_answers(again), visited_at=timezone.now()
    )
    assert not Remedy.objects.open().exists()


def test_the_database_keeps_one_open_check_per_place(world, call_centre):
    from django.db import IntegrityError, transaction

    first = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Check.objects.create(
            body=world.body,
            touchpoint=call_centre,
            requirement_list=first.requirement_list,
            kind="self",
            started_by=world.analyst,
        )


def test_the_board_reads_in_a_fixed_number_of_queries(
    client, world, call_centre, django_assert_max_num_queries
):
    """However many checks a body has made, the board reads the open and the last one of
    each place (STYLE: query counts constant in the number of rows)."""
    for _ in range(3):
        check = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
        services.check_complete(
            actor=world.analyst, check=check, answers=_answers(check, КЦ_2="not_met")
        )
    client.force_login(world.head)
    client.get(reverse("standards:board"))  # warm the session and caches
    with django_assert_max_num_queries(16):
        page = client.get(reverse("standards:board")).content.decode()
    assert "Горячая линия" in page


def test_only_the_bodys_readers_own_an_action(world, call_centre):
    from standards.selectors import owners_for

    owners = set(owners_for(world.body.pk))
    assert world.head in owners and world.analyst in owners
    assert world.system not in owners and world.other_analyst not in owners
