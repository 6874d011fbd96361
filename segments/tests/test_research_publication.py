"""Research results published (001, the system of needs research (2): «Публикация
разъяснений о результатах выявления и изучения потребностей клиентов»): a finished study's
findings and a final profile, depersonalised, on the public page of the life situation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from segments import services
from segments.models import ResearchPublication, Study
from segments.tests.conftest import make_final_ready

FOUND = "Люди хотят подать заявление без очереди. Многие не знают, какие нужны документы."
CHANGES = "С марта список документов будет на странице услуги. Записаться можно онлайн."


@pytest.fixture
def research(world, published_situation, catalogue):
    """A final profile of the audience of «Рождение ребёнка» and a finished study of it."""
    segment = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="2.1",
        name="Молодые родители",
        target="life_situation",
        life_situation=published_situation,
    )
    study = make_final_ready(world, segment, catalogue)
    services.segment_update(
        actor=world.analyst, segment=segment, reason="план", personalisation_plan="Запись онлайн"
    )
    services.study_finish(actor=world.analyst, study=study, summary="Итоги")
    services.segment_finalise(actor=world.analyst, segment=segment)  # after the study (R9)
    study.refresh_from_db()
    segment.refresh_from_db()
    return study, segment


def _public_page(client, situation) -> str:
    return str(client.get(reverse("registry:public", args=[situation.slug])).content.decode())


def test_a_finished_study_is_published_on_the_life_situation_page(
    client, world, published_situation, research
):
    study, _segment = research
    services.research_publish(
        actor=world.analyst,
        study=study,
        life_situation=published_situation,
        title="Фокус-группа",
        found=FOUND,
        changes=CHANGES,
    )
    page = _public_page(client, published_situation)
    assert "Что мы узнали от людей" in page
    assert "Фокус-группа" in page  # what was studied
    # How many took part: a group under five is not counted exactly (it could name them).
    assert "участвовали меньше 5 человек" in page
    assert FOUND in page and CHANGES in page  # what was found, what will change
    assert "Р-01" not in page  # no respondent, even by code
    assert AuditEvent.objects.filter(action="segments.research_publish").count() == 1


def test_withdrawn_results_leave_the_page_at_once(client, world, published_situation, research):
    study, _segment = research
    publication = services.research_publish(
        actor=world.analyst,
        study=study,
        life_situation=published_situation,
        title="Фокус-группа",
        found=FOUND,
        changes=CHANGES,
    )
    assert FOUND in _public_page(client, published_situation)  # now in the public cache
    services.research_withdraw(actor=world.analyst, publication=publication)
    assert FOUND not in _public_page(client, published_situation)
    publication.refresh_from_db()
    assert publication.withdrawn_at is not None


def test_publishing_again_replaces_the_texts(world, published_situation, research):
    study, _segment = research
    for found in (FOUND, "Людям нужна запись онлайн."):
        services.research_publish(
            actor=world.analyst,
            study=study,
            life_situation=published_situation,
            title="Фокус-группа",
            found=found,
            changes=CHANGES,
        )
    [publication] = ResearchPublication.objects.all()
    assert publication.found == "Людям нужна запись онлайн."


def test_a_final_profile_is_published_and_a_draft_is_not(world, published_situation, research):
    _study, segment = research
    publication = services.research_publish(
        actor=world.analyst,
        segment=segment,
        life_situation=published_situation,
        title="Фокус-группа",
        found=FOUND,
        changes=CHANGES,
    )
    assert publication.title == "Фокус-группа"
    assert publication.participants == 1
    draft = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="2.2",
        name="Отцы",
        target="life_situation",
        life_situation=published_situation,
    )
    with pytest.raises(ValidationError) as refused:
        services.research_publish(
            actor=world.analyst,
            segment=draft,
            life_situation=published_situation,
            title="Фокус-группа",
            found=FOUND,
            changes=CHANGES,
        )
    assert "итоговый профиль" in refused.value.message_dict["segment"][0]


def test_an_unfinished_study_is_refused(world, published_situation, research, catalogue):
    _study, segment = research
    study = services.study_create(
        actor=world.analyst, body=world.body, title="Опрос", method="survey"
    )
    services.respondent_add(
        actor=world.analyst, study=study, code="Р-02", segment=segment, consent=True
    )
    with pytest.raises(ValidationError) as refused:
        services.research_publish(
            actor=world.analyst,
            study=study,
            life_situation=published_situation,
            title="Фокус-группа",
            found=FOUND,
            changes=CHANGES,
        )
    assert "завершённого исследования" in refused.value.message_dict["study"][0]
    assert not ResearchPublication.objects.exists()


def test_personal_data_in_a_text_is_refused_next_to_it(world, published_situation, research):
    """152-ФЗ: the page is public; no contact of a participant may reach it."""
    study, _segment = research
    with pytest.raises(ValidationError) as refused:
        services.research_publish(
            actor=world.analyst,
            study=study,
            life_situation=published_situation,
            title="Фокус-группа",
            found="Участница просила перезвонить на +7 916 123-45-67.",
            changes=CHANGES,
        )
    assert "номер телефона" in refused.value.message_dict["found"][0]
    assert "changes" not in refused.value.message_dict


def test_a_text_over_the_body_thresholds_is_refused(world, published_situation, research):  # R23
    study, _segment = research
    officialese = (
        "В целях обеспечения надлежащего осуществления мероприятий по совершенствованию "
        "функционирования механизмов предоставления государственных услуг гражданам, "
        "находящимся в соответствующей жизненной ситуации, осуществляется реализация "
        "комплекса организационно-технических мероприятий, направленных на оптимизацию "
        "межведомственного информационного взаимодействия уполномоченных органов."
    )
    with pytest.raises(ValidationError) as refused:
        services.research_publish(
            actor=world.analyst,
            study=study,
            life_situation=published_situation,
            title="Фокус-группа",
            found=FOUND,
            changes=officialese,
        )
    assert "Текст сложен для жителей" in refused.value.message_dict["changes"][0]


def test_a_life_situation_the_study_is_not_about_is_refused(world, research, published_situation):
    from registry import services as registry

    study, _segment = research
    other = registry.life_situation_create(
        actor=world.analyst,
        owner_body=world.body,
        title="Переезд",
        slug="pereezd",
        start_event="Переезд",
        final_result="Новое жильё",
        time_bound_days=30,
    )
    with pytest.raises(ValidationError) as refused:
        services.research_publish(
            actor=world.analyst,
            study=study,
            life_situation=other,
            title="Фокус-группа",
            found=FOUND,
            changes=CHANGES,
        )
    assert "life_situation" in refused.value.message_dict


def test_a_head_may_not_publish(world, published_situation, research):
    study, _segment = research
    with pytest.raises(ValidationError) as refused:
        services.research_publish(
            actor=world.head,
            study=study,
            life_situation=published_situation,
            title="Фокус-группа",
            found=FOUND,
            changes=CHANGES,
        )
    assert "своего органа" in refused.value.message_dict["body"][0]
    assert not ResearchPublication.objects.exists()


def test_the_form_shows_each_problem_next_to_its_field_and_keeps_the_text(
    client, world, published_situation, research
):
    study, _segment = research
    client.force_login(world.analyst)
    url = reverse("segments:study_publish", args=[study.pk])
    form = client.get(url).content.decode()
    assert "Рождение ребёнка" in form  # the one situation the study is about, chosen
    response = client.post(url, {"life_situation": "x", "found": FOUND, "changes": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Выберите жизненную ситуацию из списка." in page
    assert "Напишите, что изменится." in page
    response = client.post(
        url,
        {
            "life_situation": str(published_situation.pk),
            "title": "Беседа с Иваном Петровым",
            "found": "Пишите на ivan@example.org",
            "changes": CHANGES,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "адрес электронной почты" in page
    assert "имя человека" in page  # in the title too (152-ФЗ)
    assert "ivan@example.org" in page  # what was typed is kept in the form
    assert not ResearchPublication.objects.exists()

    response = client.post(
        url,
        {
            "life_situation": str(published_situation.pk),
            "title": "Фокус-группа",
            "found": FOUND,
            "changes": CHANGES,
        },
    )
    assert response.status_code == 302
    study_page = client.get(reverse("segments:study", args=[study.pk])).content.decode()
    assert "Опубликованы" in study_page and "Снять с публикации" in study_page
    assert Study.objects.get(pk=study.pk).publication.found == FOUND


def test_only_where_the_body_takes_part(world, research, catalogue):  # R1
    """Another body's life situation, though the profile is of its audience, is not ours
    to write on."""
    from registry import services as registry
    from tests.factories import ServiceFactory

    _study, _segment = research
    theirs = registry.life_situation_create(
        actor=world.other_analyst,
        owner_body=world.other_body,
        title="Выход на пенсию",
        slug="pensiya",
        start_event="Пенсионный возраст",
        final_result="Назначена пенсия",
        time_bound_days=30,
    )
    for slug in ("p1", "p2"):
        registry.step_add(
            actor=world.other_analyst,
            life_situation=theirs,
            service=ServiceFactory.create(body=world.other_body, slug=slug),
        )
    registry.life_situation_publish(actor=world.other_analyst, life_situation=theirs)
    segment = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="3.1",
        name="Пенсионеры",
        target="life_situation",
        life_situation=theirs,
    )
    make_final_ready(world, segment, catalogue)
    services.segment_finalise(actor=world.analyst, segment=segment)
    with pytest.raises(ValidationError) as refused:
        services.research_publish(
            actor=world.analyst,
            segment=segment,
            life_situation=theirs,
            title="Пенсионеры",
            found=FOUND,
            changes=CHANGES,
        )
    assert "life_situation" in refused.value.message_dict


def test_a_profile_that_stops_being_final_leaves_the_page(
    client, world, published_situation, research
):
    _study, segment = research
    services.research_publish(
        actor=world.analyst,
        segment=segment,
        life_situation=published_situation,
        title="Молодые родители",
        found=FOUND,
        changes=CHANGES,
    )
    assert FOUND in _public_page(client, published_situation)
    services.segment_flag_for_review(segment=segment, reason="Новые данные")
    assert FOUND not in _public_page(client, published_situation)
    assert ResearchPublication.objects.get().withdrawn_at is not None
