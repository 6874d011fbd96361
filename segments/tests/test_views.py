"""Segment pages: bad input is refused next to the field and loses nothing; another body's
draft life situation is not offered, not accepted and not revealed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry import services as registry_services
from segments.models import Segment


@pytest.fixture
def other_draft(world):
    return registry_services.life_situation_create(
        actor=world.other_analyst,
        owner_body=world.other_body,
        title="Чужой черновик",
        slug="chuzhoi",
        start_event="Событие",
        final_result="Результат",
        time_bound_days=10,
    )


def test_ranking_page_states_the_weights(client, world, segment):  # R8
    client.force_login(world.head)
    page = client.get(reverse("segments:list")).content.decode()
    assert "ёмкость сегмента 30, неудовлетворённость 30" in page
    assert "1.1 Многодетные семьи в сёлах" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("capacity", "100000000000000000000", "меньше либо равно 10000000000"),
        ("satisfaction", "7", "меньше либо равно 5"),
        ("applicants_count", "-3", "больше либо равно 0"),
    ],
)
def test_profile_form_refuses_bad_figures_next_to_the_field(
    client, world, segment, field, value, message
):  # R8 R9
    client.force_login(world.analyst)
    data = {"name": segment.name, "reason": "проверка", field: value}
    page = client.post(reverse("segments:edit", args=[segment.slug]), data)
    assert page.status_code == 200
    assert f'id="id_{field}_error"' in page.content.decode()
    assert message in page.content.decode()
    assert segment.versions.count() == 1


def test_create_form_does_not_offer_another_bodys_draft(
    client, world, other_draft, published_situation
):
    client.force_login(world.analyst)
    page = client.get(reverse("segments:create")).content.decode()
    assert published_situation.title in page
    assert other_draft.title not in page


def test_api_treats_another_bodys_draft_as_missing(client, world, other_draft):
    client.force_login(world.analyst)
    answers = [
        client.post(
            "/api/v1/segments",
            {"code": "X", "name": "Сегмент", "target": "life_situation", "life_situation": slug},
            content_type="application/json",
        )
        for slug in [other_draft.slug, "no-such-situation"]
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json() == answers[1].json()
    assert not Segment.objects.exists()


def test_import_refuses_another_bodys_draft(client, world, other_draft):
    client.force_login(world.analyst)
    upload = SimpleUploadedFile(
        "s.csv",
        f"code,name,target,target_ref\nA,Сегмент А,life_situation,{other_draft.slug}\n".encode(),
    )
    response = client.post(reverse("segments:import"), {"kind": "segments", "file": upload})
    preview = client.get(response["Location"]).content.decode()
    assert "Нет жизненной ситуации с адресом" in preview
    assert not Segment.objects.exists()


def test_import_refuses_an_absurd_capacity(client, world, segment):
    client.force_login(world.analyst)
    upload = SimpleUploadedFile(
        "c.csv", b"code,capacity,source,as_of\n1.1,99999999999999999999999,rosstat,2026-01-01\n"
    )
    response = client.post(reverse("segments:import"), {"kind": "capacity", "file": upload})
    preview = client.get(response["Location"]).content.decode()
    assert "не больше 10 млрд" in preview
    segment.refresh_from_db()
    assert segment.capacity is None


def test_each_hypothesis_added_on_the_page_makes_a_version_holding_it(client, world, segment):
    """Issue 16, item 10 (R7, R9): the page's loader prefetched the hypotheses, so the
    version was built from the list before the change — the first hypothesis made none and
    the next version held only the earlier one."""
    client.force_login(world.analyst)
    url = reverse("segments:hypothesis_add", args=[segment.slug])
    for statement in ["Предпочитают МФЦ", "Документы собирают неделями"]:
        client.post(url, {"hyp-kind": "channel", "hyp-statement": statement})
    versions = list(segment.versions.order_by("number"))
    assert [v.reason for v in versions] == [
        "Сегмент создан",
        "Добавлена гипотеза",
        "Добавлена гипотеза",
    ]
    assert [h.split(" — ")[0] for h in versions[1].snapshot["hypotheses"]] == ["Предпочитают МФЦ"]
    assert [h.split(" — ")[0] for h in versions[2].snapshot["hypotheses"]] == [
        "Предпочитают МФЦ",
        "Документы собирают неделями",
    ]


def test_removing_an_attribute_on_the_page_makes_a_version_without_it(
    client, world, segment, catalogue
):  # R6 R9
    from segments.tests.conftest import give_attributes

    give_attributes(world.analyst, segment, catalogue, 2)
    attribute = segment.attributes.select_related("attribute").first().attribute
    client.force_login(world.analyst)
    client.post(reverse("segments:attribute_remove", args=[segment.slug, attribute.pk]))
    latest = segment.versions.order_by("-number").first()
    assert latest.reason == f"Убран признак «{attribute.name}»"
    assert len(latest.snapshot["attributes"]) == 1
    assert not any(a.startswith(attribute.name) for a in latest.snapshot["attributes"])


def test_removing_the_fifth_attribute_on_the_page_takes_a_final_profile_back_to_draft(
    client, world, segment, catalogue
):  # R6 R9: the check counted the attributes the page had loaded before the change
    from segments import services
    from segments.tests.conftest import make_final_ready

    make_final_ready(world, segment, catalogue)
    services.segment_finalise(actor=world.analyst, segment=segment)
    attribute = segment.attributes.select_related("attribute").first().attribute
    client.force_login(world.analyst)
    client.post(reverse("segments:attribute_remove", args=[segment.slug, attribute.pk]))
    segment.refresh_from_db()
    assert segment.status == Segment.Status.DRAFT
    assert segment.versions.order_by("-number").first().snapshot["status"] == "Черновик"


def test_removing_an_attribute_asks_first_saying_what_the_profile_keeps(
    client, world, segment, catalogue
):  # R6 R9; issue 16, «confirm or undo»
    from segments import services
    from segments.tests.conftest import make_final_ready

    make_final_ready(world, segment, catalogue)
    services.segment_finalise(actor=world.analyst, segment=segment)
    row = segment.attributes.select_related("attribute").first()
    url = reverse("segments:attribute_remove", args=[segment.slug, row.attribute_id])
    client.force_login(world.analyst)
    question = client.get(url).content.decode()
    assert f"Убрать признак «{row.attribute.name}»?" in question
    assert "В профиле останется 4 признака." in question
    assert "Итоговому профилю нужно не меньше 5." in question
    assert "Профиль перестанет быть итоговым." in question
    assert segment.attributes.count() == 5

    done = client.post(url, follow=True).content.decode()
    segment.refresh_from_db()
    assert f"Признак «{row.attribute.name}» убран, в историю профиля добавлена версия " in done
    assert f"версия {segment.version}." in done
    assert segment.attributes.count() == 4
    assert client.post(url).status_code == 302
    assert client.get(url).status_code == 404


def test_the_shared_catalogue_is_in_the_readers_language_a_bodys_own_as_written(
    client, world, segment, catalogue
):  # R5
    """Issue 16: the attribute catalogue stayed Russian in the English interface. The
    shared catalogue's names and values follow the reader; what a body added is shown as
    the body wrote it; what is stored stays the catalogue's own value."""
    from segments import services

    own = services.attribute_create(
        actor=world.analyst,
        body=world.body,
        code="own",
        name="Свой признак",
        values=["да"],
        source_kind="documents",
    )
    age = catalogue["age"]
    client.force_login(world.analyst)
    page = client.get(reverse("segments:attributes")).content.decode()
    assert "Возраст" in page and "до 18 лет" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("segments:attributes")).content.decode()
    assert "Age" in page and "under 18; 18–35" in page and "Возраст" not in page
    assert "Свой признак" in page and own.name == "Свой признак"
    form = client.get(
        reverse("segments:detail", args=[segment.slug]), {"attr-attribute": age.pk}
    ).content.decode()
    assert 'value="до 18 лет"' in form and "under 18" in form
