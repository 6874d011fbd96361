"""Journey-map pages: the access matrix, the table and curve, editing in place, the
comparison, the exports' content, and the public table of a published map."""

from __future__ import annotations

import csv
import io

import pypdfium2
from django.urls import reverse
from openpyxl import load_workbook

from journeys import services
from journeys.models import Stage
from journeys.tests.conftest import LANES


def test_access_matrix(client, world, birth_map):
    detail = reverse("journeys:detail", args=[birth_map.pk])
    stage = birth_map.stages.first()
    edit = reverse("journeys:stage_edit", args=[birth_map.pk, stage.pk])
    assert client.get(detail).status_code == 302  # to the sign-in page
    for user, read, write in (
        (world.analyst, 200, 200),
        (world.head, 200, 403),  # the head reads and comments, does not edit
        (world.other_analyst, 404, 404),  # another body's draft does not exist for them
        (world.citizen, 404, 404),
    ):
        client.force_login(user)
        assert client.get(detail).status_code == read, user.username
        assert client.get(edit).status_code == write, user.username
        assert client.post(
            reverse("journeys:action", args=[birth_map.pk, "publish"])
        ).status_code in ((302,) if write == 200 else (write,)), user.username
        birth_map.refresh_from_db()
    assert birth_map.status == "published"  # only the analyst's publish went through


def test_table_has_stages_as_columns_and_every_lane(client, world, birth_map):
    client.force_login(world.analyst)
    page = client.get(reverse("journeys:detail", args=[birth_map.pk])).content.decode()
    for lane in LANES:
        assert f'<th scope="row" class="govuk-table__header">{lane}</th>' in page
    assert page.index("1. Узнаёт о выплатах") < page.index("5. Получает выплату")
    assert "Информация разбросана" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "<desc" in page  # R13
    table_only = client.get(reverse("journeys:detail", args=[birth_map.pk]), {"view": "table"})
    assert "<svg" not in table_only.content.decode()
    curve_only = client.get(reverse("journeys:detail", args=[birth_map.pk]), {"view": "curve"})
    assert "Боли и барьеры" not in curve_only.content.decode()


def test_cell_is_edited_in_place_and_bad_input_is_refused_next_to_it(client, world, birth_map):
    client.force_login(world.analyst)
    stage = birth_map.stages.get(title="Ждёт решения")
    url = reverse("journeys:cell", args=[birth_map.pk, stage.pk, "pains"])
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'name="pains"' in form and "<html" not in form
    done = client.post(
        url, {"pains": "Статус виден, но обновляется раз в день"}, headers={"HX-Request": "true"}
    )
    assert done.status_code == 200 and "обновляется раз в день" in done.content.decode()
    assert "<form" not in done.content.decode()
    goal = reverse("journeys:cell", args=[birth_map.pk, stage.pk, "goal"])
    refused = client.post(goal, {"goal": "  "}, headers={"HX-Request": "true"}).content.decode()
    assert "Заполните поле «" in refused or "Укажите цель клиента" in refused
    assert Stage.objects.get(pk=stage.pk).goal == "Цель: Ждёт решения"  # nothing lost


def test_stage_form_refuses_a_stage_without_goal_and_actions(client, world, birth_map):  # R11
    client.force_login(world.analyst)
    page = client.post(
        reverse("journeys:stage_add", args=[birth_map.pk]), {"title": "Без цели", "emotion": "0"}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "id_goal_error" in text and "id_actions_error" in text
    assert birth_map.stages.count() == 5


def test_reorder_with_htmx_returns_the_table(client, world, birth_map):
    client.force_login(world.analyst)
    third = birth_map.stages.get(title="Подаёт на пособие")
    response = client.post(
        reverse("journeys:stage_action", args=[birth_map.pk, third.pk, "up"]),
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert 'id="journey-table"' in text and "<html" not in text
    assert text.index("2. Подаёт на пособие") < text.index("3. Регистрирует рождение")
    waiting = birth_map.stages.get(title="Ждёт решения")
    deleted = client.post(
        reverse("journeys:stage_action", args=[birth_map.pk, waiting.pk, "delete"]),
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Ждёт решения" not in deleted and "4. Получает выплату" in deleted


def test_comparison_page(client, world, birth_map):
    to_be = services.map_make_to_be(actor=world.analyst, journey_map=birth_map)
    services.stage_delete(actor=world.analyst, stage=to_be.stages.get(title="Ждёт решения"))
    client.force_login(world.head)
    page = client.get(reverse("journeys:compare", args=[to_be.pk])).content.decode()
    assert "5 → 4" in page  # stages
    assert "Нет статуса заявления" in page  # a pain TO BE removes
    assert "убран" in page
    assert client.get(reverse("journeys:compare", args=[birth_map.pk])).status_code == 404


def _pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_exports_hold_every_lane_and_stage(client, world, birth_map):
    client.force_login(world.analyst)
    pdf = client.get(reverse("journeys:pdf", args=[birth_map.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(pdf.content)
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (420, 297)  # A3 landscape
    text = " ".join(_pdf_text(pdf.content).split())
    for lane in LANES:
        assert lane in text, lane
    assert "Нет статуса заявления" in text and "5. Получает выплату" in text
    png = client.get(reverse("journeys:png", args=[birth_map.pk]))
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    book = load_workbook(
        io.BytesIO(client.get(reverse("journeys:xlsx", args=[birth_map.pk])).content)
    )
    assert book.active is not None
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[3][:2] == ("Этап", "1. Узнаёт о выплатах")
    assert [r[0] for r in rows[4:]] == [
        "Цель клиента",
        "Действия клиента",
        "Ожидания",
        "Эмоция",
        "Боли и барьеры",
        "Позитивный опыт",
        "Рекомендации",
        "Точки взаимодействия",
        "Время клиента",
        "Затраты клиента",
        "Что сделать — для граждан",
    ]
    data = client.get(reverse("journeys:csv", args=[birth_map.pk])).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data)))
    assert table[5][3] == "Нужно заново вводить данные\nДолгое ожидание"
    assert client.get(reverse("journeys:pdf", args=[birth_map.pk])).status_code == 200
    client.force_login(world.other_analyst)
    assert client.get(reverse("journeys:csv", args=[birth_map.pk])).status_code == 404


def test_published_map_shows_on_the_life_situation_page_drafts_do_not(
    client, world, birth_map, published_situation
):
    url = reverse("registry:public", args=[published_situation.slug])
    assert "Путь клиента" not in client.get(url).content.decode()
    services.map_publish(actor=world.analyst, journey_map=birth_map)
    page = client.get(url).content.decode()
    assert "Путь клиента" in page and "Подаёт на пособие" in page
    assert "Нужно заново вводить данные" not in page  # pains stay in the body's working map


def test_public_page_says_what_to_do_and_what_will_change_not_the_research(
    client, world, birth_map, published_situation
):
    """Issue 16, item 4: citizens read steps written for them about the process as it is;
    the research's lanes stay internal; a TO BE map only as what will change (R12)."""
    stage = birth_map.stages.order_by("order").first()
    assert stage is not None
    services.stage_update(
        actor=world.analyst, stage=stage, actions="Читает чаты родителей",
        advice="Посмотрите на Госуслугах, какие выплаты может получить семья.",
    )  # fmt: skip
    to_be = services.map_make_to_be(actor=world.analyst, journey_map=birth_map)
    services.map_publish(actor=world.analyst, journey_map=birth_map)
    services.map_publish(actor=world.analyst, journey_map=to_be)
    url = reverse("registry:public", args=[published_situation.slug])
    page = client.get(url).content.decode()
    assert "Посмотрите на Госуслугах" in page and "Читает чаты родителей" not in page
    assert "TO BE" not in page and "Что будет по-новому" not in page  # nothing written yet
    services.map_update(
        actor=world.analyst, journey_map=to_be, public_changes="Пособие назначат само."
    )
    page = client.get(url).content.decode()
    assert "Что будет по-новому" in page and "Пособие назначат само." in page
    assert page.count('class="kc-journey-stage"') == birth_map.stages.count()  # AS IS only


def test_head_comments_on_a_stage(client, world, birth_map):
    client.force_login(world.head)
    response = client.post(
        reverse("journeys:comment", args=[birth_map.pk]),
        {"text": "Проверьте этап ожидания", "stage": ""},
    )
    assert response.status_code == 302
    assert birth_map.comments.get().author == world.head


def test_curve_escapes_what_analysts_write(client, world, birth_map):
    stage = birth_map.stages.first()
    services.stage_update(actor=world.analyst, stage=stage, title='<script>alert("x")</script>')
    client.force_login(world.analyst)
    page = client.get(reverse("journeys:detail", args=[birth_map.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_a_refused_action_says_so_not_done(client, world, birth_map):
    client.force_login(world.analyst)
    first = birth_map.stages.order_by("order").first()
    response = client.post(
        reverse("journeys:stage_action", args=[birth_map.pk, first.pk, "up"]), follow=True
    )
    page = response.content.decode()
    assert "Не получилось" in page and "Этап уже на краю карты." in page
    assert "Готово" not in page


def test_a_recommendation_made_a_need_says_when_citizens_see_it(client, world, birth_map):
    """Issue 16: the analyst was not told the need appears publicly only after the next
    publication of the life situation (R3, R4)."""
    client.force_login(world.analyst)
    stage = birth_map.stages.first()
    response = client.post(
        reverse("journeys:stage_action", args=[birth_map.pk, stage.pk, "need"]),
        {"title": "Подать заявление без визита"},
        follow=True,
    )
    assert "после следующей публикации" in response.content.decode()
