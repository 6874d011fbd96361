import pytest
from django.urls import reverse

from audit.models import AuditEvent
from registry import services
from registry.models import LifeSituation
from tests.factories import ServiceFactory


@pytest.mark.parametrize("query", ["ребёнок", "ребенка", "детей", "рождении детей", "РОЖДЕНИЕ"])
def test_catalogue_finds_other_word_forms(client, published_situation, query):
    html = client.get(reverse("registry:catalogue"), {"q": query}).content.decode()
    assert "Рождение ребёнка" in html.split('id="results"')[1]


def test_every_word_of_the_query_must_match(client, published_situation):
    html = client.get(reverse("registry:catalogue"), {"q": "рождение пенсии"}).content.decode()
    assert "Рождение ребёнка" not in html.split('id="results"')[1]


def test_catalogue_search_does_not_see_unpublished_edits(client, world, published_situation):
    services.life_situation_update(
        actor=world.analyst, life_situation=published_situation, title="Появление малыша"
    )
    results = client.get(reverse("registry:catalogue"), {"q": "малыш"}).content.decode()
    assert "Появление малыша" not in results
    page = client.get(reverse("registry:public", args=[published_situation.slug])).content.decode()
    assert "Рождение ребёнка" in page


def test_htmx_search_returns_only_the_results_fragment(client, published_situation):
    response = client.get(reverse("registry:catalogue"), {"q": "ребёнок"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html


def test_public_page_lays_out_steps_across_bodies_and_the_faq(client, published_situation):  # R4
    html = client.get(reverse("registry:public", args=[published_situation.slug])).content.decode()
    assert html.index("Регистрация рождения") < html.index("Единое пособие")
    assert "Частые вопросы" in html
    assert "Мест пока меньше, чем детей" in html


def test_create_form_shows_russian_errors_next_to_fields(client, world):
    client.force_login(world.analyst)
    response = client.post(reverse("registry:create"), {"title": "Переезд", "time_bound_days": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'id="id_start_event_error"' in html
    assert "Укажите стартовое событие" in html
    assert 'id="id_time_bound_days_error"' in html
    assert not LifeSituation.objects.exists()


def test_unmeetable_need_without_reason_shows_error_in_the_fragment(
    client, world, published_situation
):
    client.force_login(world.analyst)
    response = client.post(
        reverse("registry:need_add", args=[published_situation.slug]),
        {"need-title": "Пособие без заявления", "need-status": "cannot", "need-reason": ""},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="needs"')
    assert 'id="id_need-reason_error"' in html
    assert published_situation.needs.count() == 1


def test_htmx_step_add_and_move(client, world, published_situation):
    client.force_login(world.analyst)
    extra = ServiceFactory.create(body=world.body, title="Постановка в очередь в сад", slug="sad")
    response = client.post(
        reverse("registry:step_add", args=[published_situation.slug]),
        {"step-service": extra.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Постановка в очередь в сад" in response.content.decode()
    step = published_situation.steps.get(service=extra)
    assert step.position == 4
    client.post(
        reverse("registry:step_up", args=[published_situation.slug, step.pk]),
        HTTP_HX_REQUEST="true",
    )
    step.refresh_from_db()
    assert step.position == 3


def test_publish_then_compare_versions(client, world, published_situation):
    client.force_login(world.analyst)
    services.life_situation_update(
        actor=world.analyst, life_situation=published_situation, time_bound_days=90
    )
    assert (
        client.post(
            reverse("registry:publish", args=[published_situation.slug]),
            {"publish-comment": "Срок 90 дней"},
        ).status_code
        == 302
    )
    html = client.get(
        reverse("registry:versions", args=[published_situation.slug]), {"a": "1", "b": "2"}
    ).content.decode()
    assert "версия 1 → версия 2" in html
    assert "kc-changed" in html and "90" in html


def test_a_publish_comment_over_its_limit_is_refused_not_published_empty(
    client, world, published_situation
):
    """Issue 16: a comment over 300 characters published the version with no comment at
    all. Now nothing is published, the comment is refused next to its field and kept."""
    client.force_login(world.analyst)
    before = published_situation.versions.count()
    response = client.post(
        reverse("registry:publish", args=[published_situation.slug]),
        {"publish-comment": "к" * 305},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "не больше 300 знаков, сейчас 305" in html
    assert "к" * 305 in html
    assert published_situation.versions.count() == before


def test_opendata_downloads_hold_published_steps(client, published_situation):
    csv_body = client.get(reverse("registry:opendata_csv")).content.decode("utf-8-sig")
    rows = csv_body.strip().splitlines()
    assert len(rows) == 4 and rows[1].startswith("rozhdenie,Рождение ребёнка,1,")  # a row a step
    data = client.get(reverse("registry:opendata_json")).json()
    assert data["life_situations"][0]["steps"][1]["service"]["title"] == "Единое пособие"
    xlsx = client.get(reverse("registry:opendata_xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.max_row == 4 and sheet["B2"].value == "Рождение ребёнка"


def test_review_through_the_view_is_audited(client, world, published_situation, time_machine):
    time_machine.move_to("2030-01-01 12:00 +03:00")
    client.force_login(world.analyst)
    client.post(reverse("registry:reviewed", args=[published_situation.slug]))
    event = AuditEvent.objects.get(action="life_situation.update", actor=world.analyst)
    assert event.changes["last_reviewed_on"][1] == "2030-01-01"


def test_russian_by_default_and_english_through_the_switch(client, published_situation):
    html = client.get(reverse("registry:catalogue")).content.decode()
    assert '<html lang="ru"' in html and "Найти жизненную ситуацию" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("registry:catalogue")).content.decode()
    assert '<html lang="en"' in html and "Find a life situation" in html


def test_an_english_browser_still_gets_russian_by_default(client, published_situation):
    html = client.get(reverse("registry:catalogue"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ru"' in html.content.decode()


def test_archive_takes_the_page_down_and_publishing_brings_it_back(
    client, world, published_situation
):
    client.force_login(world.analyst)
    client.post(reverse("registry:archive", args=[published_situation.slug]))
    assert (
        client.get(reverse("registry:public", args=[published_situation.slug])).status_code == 404
    )
    services.life_situation_update(
        actor=world.analyst, life_situation=published_situation, time_bound_days=61
    )
    client.post(reverse("registry:publish", args=[published_situation.slug]))
    assert (
        client.get(reverse("registry:public", args=[published_situation.slug])).status_code == 200
    )


def test_head_cannot_archive(client, world, published_situation):
    client.force_login(world.head)
    assert (
        client.post(reverse("registry:archive", args=[published_situation.slug])).status_code == 403
    )


def test_an_empty_submit_shows_the_errors_not_a_blank_form(client, world):
    """An empty POST binds the form (lib.forms.post_data): the analyst sees what to fill."""
    client.force_login(world.analyst)
    response = client.post("/kabinet/situations/new/", {})
    assert "govuk-error-summary" in response.content.decode()
    assert "required" not in response.content.decode().split('id="id_title"')[1].split(">")[0]


def test_an_empty_form_s_summary_names_each_missing_field(client, world):
    """Issue 16, item 14: the summary lists «Заполните поле «Название».», not six
    identical «Обязательное поле.» that name nothing."""
    client.force_login(world.analyst)
    page = client.post("/kabinet/situations/new/", {}).content.decode()
    summary = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    assert "Обязательное поле" not in summary
    assert "Заполните поле «Название»." in summary and "Заполните поле «Срок, дней»." in summary


def test_the_version_boxes_show_the_comparison_on_the_page(client, world, published_situation):
    """Issue 16: the boxes said one thing while another comparison was shown, and «Для
    кого» read ``['citizen']``."""
    from registry import services

    services.life_situation_update(
        actor=world.analyst, life_situation=published_situation, for_business=True
    )
    client.force_login(world.analyst)
    url = f"/kabinet/situations/{published_situation.slug}/versions/"
    page = client.get(url, {"a": "7", "b": "9"}).content.decode()
    assert '<option value="1" selected>' in page  # version 7 does not exist: 1 is compared
    assert '<option value="draft" selected>' in page
    assert "версия 1 → черновик" in page
    assert "граждане, бизнес" in page and "['citizen']" not in page


def test_a_service_page_a_person_can_act_on(client, world, published_situation):
    """Issue 16, basics: what it is, who can get it, documents, timing and cost, a link
    to apply, «Оцените услугу» with its published results, and the way back."""
    from feedback import services as feedback

    service = published_situation.steps.first().service
    services.service_update(
        actor=world.analyst,
        service=service,
        who_can_get="Родители ребёнка",
        cost="бесплатно",
        apply_url="https://www.gosuslugi.ru/600101/1",
        documents_to_bring="Паспорт",
        waiting_days=3,
    )
    point = feedback.point_create(actor=world.analyst, subject=service)
    page = client.get(f"/services/{service.slug}/").content.decode()
    for text in ("Родители ребёнка", "бесплатно", "Паспорт", "до 3 дней"):
        assert text in page
    assert 'href="https://www.gosuslugi.ru/600101/1"' in page and "Подать заявление" in page
    assert f'href="/o/{point.code}/"' in page
    assert f'href="/otsenki/usluga/{service.slug}/"' in page
    assert f'href="/situations/{published_situation.slug}/"' in page


def test_a_bad_application_link_is_refused_next_to_its_field(client, world):
    service = services.service_create(actor=world.analyst, body=world.body, title="Пособие")
    client.force_login(world.analyst)
    response = client.post(
        f"/kabinet/services/{service.slug}/edit/",
        {"title": "Пособие", "kind": "service", "waiting_days": 0, "apply_url": "не ссылка"},
    )
    assert response.status_code == 200
    assert 'id="id_apply_url_error"' in response.content.decode()
    service.refresh_from_db()
    assert service.apply_url == ""


def test_the_head_reads_the_draft_as_values_not_dead_fields(client, world, published_situation):
    """Issue 16: the head saw editable fields with no save button."""
    client.force_login(world.head)
    page = client.get(f"/kabinet/situations/{published_situation.slug}/").content.decode()
    assert 'id="read-only"' in page and "Рождение ребёнка" in page
    assert 'name="title"' not in page and 'name="start_event"' not in page
    client.force_login(world.analyst)
    assert (
        'name="title"'
        in client.get(f"/kabinet/situations/{published_situation.slug}/").content.decode()
    )


def test_removing_a_step_asks_first_and_then_says_what_happened(
    client, world, published_situation
):  # R1; issue 16, «confirm or undo»
    step = published_situation.steps.get(service__slug="posobie")
    url = reverse("registry:step_remove", args=[published_situation.slug, step.pk])
    client.force_login(world.analyst)
    question = client.get(url).content.decode()
    assert "Убрать шаг «Единое пособие»?" in question
    assert "Это шаг 2, его выполняет Отделение СФР." in question
    assert "после следующей публикации" in question
    assert published_situation.steps.count() == 3

    done = client.post(url, follow=True).content.decode()
    assert "Шаг «Единое пособие» убран." in done
    assert [s.service.slug for s in published_situation.steps.all()] == ["reg", "kapital"]
    # The confirmation submitted twice: back to the editor, nothing else removed.
    assert client.post(url).status_code == 302
    assert published_situation.steps.count() == 2
    assert client.get(url).status_code == 404


def test_removing_a_need_asks_first_and_then_says_what_happened(
    client, world, published_situation
):  # R4; issue 16, «confirm or undo»
    need = published_situation.needs.get()
    url = reverse("registry:need_remove", args=[published_situation.slug, need.pk])
    client.force_login(world.analyst)
    question = client.get(url).content.decode()
    assert "Убрать потребность «Место в детском саду»?" in question
    assert "Её причина отвечает гражданам" in question
    assert published_situation.needs.exists()

    done = client.post(url, follow=True).content.decode()
    assert "Потребность «Место в детском саду» убрана." in done
    assert not published_situation.needs.exists()
    assert AuditEvent.objects.filter(action="need.delete").count() == 1


def test_open_data_csv_comes_with_commas_or_for_russian_excel_with_semicolons(
    client, published_situation
):
    """Issue 16: Russian Excel expects «;» — both are offered."""
    page = client.get("/opendata/").content.decode()
    assert 'href="/opendata/life-situations.csv?sep=semicolon"' in page
    plain = client.get("/opendata/life-situations.csv").content.decode("utf-8-sig")
    excel = client.get("/opendata/life-situations.csv?sep=semicolon").content.decode("utf-8-sig")
    import csv
    import io

    commas = list(csv.reader(io.StringIO(plain)))
    semicolons = list(csv.reader(io.StringIO(excel), delimiter=";"))
    assert len(commas[0]) > 3 and commas == semicolons


def test_the_editor_names_the_bodies_that_take_part(client, world):  # R1
    draft = services.life_situation_create(
        actor=world.analyst, owner_body=world.body, title="Переезд", slug="pereezd",
        start_event="Переезд", final_result="Живёт на новом месте", time_bound_days=30,
    )  # fmt: skip
    services.step_add(
        actor=world.analyst, life_situation=draft,
        service=ServiceFactory.create(body=world.body, title="Регистрация по месту жительства"),
    )  # fmt: skip
    client.force_login(world.analyst)
    url = reverse("registry:edit", args=[draft.slug])
    html = client.get(url).content.decode()
    assert world.body.short_name in html[html.index('id="bodies"') :]
    assert 'id="one-body"' in html  # one body only: the analyst is asked to check
    services.step_add(
        actor=world.analyst, life_situation=draft,
        service=ServiceFactory.create(body=world.other_body, title="Замена полиса"),
    )  # fmt: skip
    html = client.get(url).content.decode()
    assert world.other_body.short_name in html[html.index('id="bodies"') :]
    assert 'id="one-body"' not in html


def test_a_need_is_linked_to_the_services_that_meet_it(client, world, published_situation):
    """R4, issue 23: the editor's need form offers the situation's services; the public
    page says which of them meet each need. A service from elsewhere is refused."""
    client.force_login(world.analyst)
    edit = reverse("registry:edit", args=[published_situation.slug])
    form = client.get(edit).content.decode()
    step_services = [s.service for s in published_situation.steps.all()]
    assert all(f'value="{s.pk}"' in form for s in step_services)
    met_by = step_services[1]
    response = client.post(
        reverse("registry:need_add", args=[published_situation.slug]),
        {"need-title": "Деньги на первые месяцы", "need-status": "met",
         "need-services": [met_by.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    need = published_situation.needs.get(title="Деньги на первые месяцы")
    assert list(need.services.all()) == [met_by]
    logged = AuditEvent.objects.filter(object_type="registry.need").latest("pk")
    assert logged.changes["services"] == [met_by.slug]  # the audit says what meets it
    elsewhere = ServiceFactory.create(body=world.body, title="Не из этой ситуации")
    bad = client.post(
        reverse("registry:need_add", args=[published_situation.slug]),
        {"need-title": "Другое", "need-status": "met", "need-services": [elsewhere.pk]},
    )
    assert bad.status_code == 422 and 'id="id_need-services_error"' in bad.content.decode()
    assert not published_situation.needs.filter(title="Другое").exists()
    services.life_situation_publish(actor=world.analyst, life_situation=published_situation)
    page = client.get(reverse("registry:public", args=[published_situation.slug]))
    row = page.content.decode().split("Деньги на первые месяцы", 1)[1].split("</tr>", 1)[0]
    assert met_by.title in row


def test_a_need_met_by_a_service_outside_the_situation_is_refused(world, published_situation):
    """R4: the services that meet a need are the situation's own steps — in the service,
    so the API refuses it too, naming the field."""
    from django.core.exceptions import ValidationError

    elsewhere = ServiceFactory.create(body=world.body, title="Не из этой ситуации")
    with pytest.raises(ValidationError) as refused:
        services.need_add(
            actor=world.analyst, life_situation=published_situation, title="Другое",
            status="met", services=[elsewhere],
        )  # fmt: skip
    assert "services" in refused.value.message_dict
    assert not published_situation.needs.filter(title="Другое").exists()


def test_a_need_that_cannot_be_met_is_met_by_no_service(world, published_situation):  # R4
    from django.core.exceptions import ValidationError

    step_service = published_situation.steps.first().service
    with pytest.raises(ValidationError) as refused:
        services.need_add(
            actor=world.analyst, life_situation=published_situation, title="Ясли с рождения",
            status="cannot", reason="Ясли берут с двух месяцев.", services=[step_service],
        )  # fmt: skip
    assert "services" in refused.value.message_dict
