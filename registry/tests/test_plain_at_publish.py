"""Plain language where the registry speaks to citizens (R23): the reason a need cannot be
met is checked when it is saved, the summary and every such reason when the life
situation is published — by the product's own checker, with its allowance for short
texts — and a hard text is refused next to its field, nothing saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from readability.checker import check
from registry import services
from registry.models import LifeSituation, Need

OFFICIALESE = (
    "Удовлетворение данной потребности не представляется возможным вследствие отсутствия "
    "нормативно-правового регулирования соответствующих правоотношений и необходимости "
    "осуществления межведомственного информационного взаимодействия уполномоченных органов."
)


def test_a_short_text_may_have_one_flagged_word():  # R23
    """One flagged word in twelve is «8 per 100», over the density a long answer may have;
    a short reason or summary is not refused for it — answers are still judged in full."""
    text = (
        "Консультации по выплатам при рождении ребёнка будут онлайн. Записаться можно в приложении."
    )
    assert check(text).problems  # the answer's strict measure
    assert check(text, short_ok=True).problems == []


def test_a_hard_reason_is_refused_when_saved(published_situation, world):  # R4, R23
    with pytest.raises(ValidationError) as refused:
        services.need_add(
            actor=world.analyst,
            life_situation=published_situation,
            title="Пособие без заявления",
            status=Need.Status.CANNOT,
            reason=OFFICIALESE,
        )
    assert "Текст сложен для граждан" in refused.value.message_dict["reason"][0]
    assert not published_situation.needs.filter(title="Пособие без заявления").exists()


def test_a_hard_summary_is_refused_when_published(published_situation, world):  # R23
    LifeSituation.objects.filter(pk=published_situation.pk).update(summary=OFFICIALESE)
    published_situation.refresh_from_db()
    versions = published_situation.versions.count()
    with pytest.raises(ValidationError) as refused:
        services.life_situation_publish(actor=world.analyst, life_situation=published_situation)
    assert "Текст сложен для граждан" in refused.value.message_dict["summary"][0]
    assert published_situation.versions.count() == versions


def test_a_hard_reason_saved_earlier_is_caught_at_publication(published_situation, world):
    """A reason written before the check (or straight into the database) is not published
    unchecked: the page names the need it belongs to."""
    Need.objects.filter(life_situation=published_situation, status="cannot").update(
        reason=OFFICIALESE
    )
    LifeSituation.objects.filter(pk=published_situation.pk).update(summary="Кратко и просто.")
    with pytest.raises(ValidationError) as refused:
        services.life_situation_publish(actor=world.analyst, life_situation=published_situation)
    assert "«Место в детском саду»" in refused.value.message_dict["needs"][0]


def test_a_plain_reason_is_saved(published_situation, world):
    need = services.need_add(
        actor=world.analyst,
        life_situation=published_situation,
        title="Няня от государства",
        status=Need.Status.CANNOT,
        reason="Такой услуги нет. Можно нанять няню самим.",
    )
    assert need.pk is not None


def test_the_form_shows_the_problem_next_to_the_reason(client, published_situation, world):
    from django.urls import reverse

    client.force_login(world.analyst)
    response = client.post(
        reverse("registry:need_add", args=[published_situation.slug]),
        {
            "need-title": "Пособие без заявления",
            "need-status": "cannot",
            "need-reason": OFFICIALESE,
        },
    )
    page = response.content.decode()
    assert "Текст сложен для граждан" in page
    assert OFFICIALESE[:40] in page  # what was typed is kept
    assert not published_situation.needs.filter(title="Пособие без заявления").exists()


def test_the_bodys_own_thresholds_apply(published_situation, world):  # R23
    """A body that asks for shorter sentences gets them in its registry texts too."""
    from inbox.models import AnswerPolicy

    reason = "Мест в яслях для детей младше двух месяцев в нашем районе сейчас нет."
    assert check(reason, short_ok=True).problems == []  # fine by the defaults
    AnswerPolicy.objects.create(body=world.body, max_sentence_words=8)
    with pytest.raises(ValidationError) as refused:
        services.need_add(
            actor=world.analyst,
            life_situation=published_situation,
            title="Ясли с рождения",
            status=Need.Status.CANNOT,
            reason=reason,
        )
    assert "порог 8" in refused.value.message_dict["reason"][0]


def test_a_hard_reason_is_mended_in_the_need_editor(client, published_situation, world):
    """Issue 23: a reason refused at publication is shown beside its need with «Изменить»;
    the editor refuses a hard reason next to the field, keeps what was typed and saves
    nothing; a plain one is saved, audited, and the situation publishes."""
    from django.urls import reverse

    from audit.models import AuditEvent

    need = published_situation.needs.get()
    Need.objects.filter(pk=need.pk).update(reason=OFFICIALESE)
    client.force_login(world.analyst)
    refused = client.post(reverse("registry:publish", args=[published_situation.slug]))
    assert refused.status_code == 422
    page = refused.content.decode()
    beside = page[page.index(f'id="need-{need.pk}"') :]
    assert f'id="need-{need.pk}-error"' in beside[: beside.index("</li>")]
    assert "Текст сложен для граждан" in beside[: beside.index("</li>")]
    assert f'<a href="#need-{need.pk}">' in page  # the summary leads to the need
    edit_url = reverse("registry:need_edit", args=[published_situation.slug, need.pk])
    assert edit_url in page

    form = client.get(edit_url).content.decode()
    assert "Место в детском саду" in form and OFFICIALESE[:40] in form
    bad = client.post(
        edit_url, {"title": "Место в детском саду", "status": "cannot", "reason": OFFICIALESE}
    )
    assert bad.status_code == 422
    assert "Текст сложен для граждан" in bad.content.decode()
    assert 'id="id_reason_error"' in bad.content.decode()  # next to the field
    need.refresh_from_db()
    assert need.reason == OFFICIALESE  # nothing half-written

    plain = "Мест пока меньше, чем детей. Встаньте в очередь сразу после рождения."
    saved = client.post(
        edit_url, {"title": "Место в детском саду", "status": "cannot", "reason": plain}
    )
    assert saved.status_code == 302 and saved["Location"].endswith(f"#need-{need.pk}")
    need.refresh_from_db()
    assert need.reason == plain
    assert AuditEvent.objects.filter(action="need.update").exists()
    assert (
        client.post(reverse("registry:publish", args=[published_situation.slug])).status_code == 302
    )


def test_the_need_editor_keeps_the_services_rules(client, published_situation, world):  # R4
    from django.urls import reverse

    need = services.need_add(
        actor=world.analyst,
        life_situation=published_situation,
        title="Деньги на ребёнка",
        status=Need.Status.MET,
        services=[published_situation.steps.first().service],
    )
    edit_url = reverse("registry:need_edit", args=[published_situation.slug, need.pk])
    client.force_login(world.analyst)
    service = need.services.get()
    refused = client.post(
        edit_url,
        {
            "title": "Деньги на ребёнка",
            "status": "cannot",
            "reason": "Такой выплаты нет.",
            "services": [service.pk],
        },
    )
    assert refused.status_code == 422
    assert "не закрывает ни одна услуга" in refused.content.decode()
    need.refresh_from_db()
    assert need.status == Need.Status.MET and need.services.count() == 1
    # Another body's analyst does not reach the editor at all.
    client.force_login(world.other_analyst)
    assert client.get(edit_url).status_code in (403, 404)


def test_a_need_met_by_a_removed_step_can_still_be_edited(client, published_situation, world):
    """R4: removing a step unlinks its service from the needs it met, so the need stays
    editable — and it can then be marked as one that cannot be met."""
    from django.urls import reverse

    step = published_situation.steps.first()
    need = services.need_add(
        actor=world.analyst,
        life_situation=published_situation,
        title="Деньги на ребёнка",
        status=Need.Status.MET,
        services=[step.service],
    )
    services.step_remove(actor=world.analyst, life_situation=published_situation, step_id=step.pk)
    assert not need.services.exists()
    client.force_login(world.analyst)
    saved = client.post(
        reverse("registry:need_edit", args=[published_situation.slug, need.pk]),
        {"title": "Деньги на ребёнка", "status": "cannot", "reason": "Такой выплаты нет."},
    )
    assert saved.status_code == 302
    need.refresh_from_db()
    assert need.status == Need.Status.CANNOT
