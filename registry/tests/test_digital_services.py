"""Digital services (R2: a digital service may implement several services or functions):
kept by their body in the browser and through the API, shown on the service pages."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from registry.models import DigitalService
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

PAGE = "/kabinet/digital/"


@pytest.fixture
def two_services(world):
    ours = ServiceFactory.create(body=world.body, title="Единое пособие", slug="edinoe")
    theirs = ServiceFactory.create(body=world.other_body, title="Справка о доходах", slug="spravka")
    return ours, theirs


def test_an_editor_adds_a_portal_that_implements_two_bodies_services(
    client, world, two_services
):  # R2
    ours, theirs = two_services
    client.force_login(world.analyst)
    saved = client.post(
        PAGE,
        {"title": "Госуслуги", "url": "www.gosuslugi.ru", "implements": [ours.pk, theirs.pk]},
    )
    assert saved.status_code == 302
    portal = DigitalService.objects.get()
    assert portal.body == world.body and portal.url == "https://www.gosuslugi.ru"
    assert set(portal.implements.all()) == {ours, theirs}
    assert AuditEvent.objects.filter(action="digital_service.create", body=world.body).exists()
    page = client.get(PAGE).content.decode()
    assert "Госуслуги" in page and "Справка о доходах" in page
    # People see it on the service page of either body's service.
    public = client.get(f"/services/{theirs.slug}/").content.decode()
    assert "https://www.gosuslugi.ru" in public


def test_bad_input_is_named_at_each_field_and_nothing_is_saved(client, world, two_services):
    client.force_login(world.analyst)
    page = client.post(PAGE, {"title": "Г", "url": "не адрес", "implements": ["999999"]})
    html = page.content.decode()
    assert page.status_code == 422
    for field in ("title", "url", "implements"):
        assert f'href="#id_{field}' in html, field
    empty = client.post(PAGE, {"title": "Госуслуги"}).content.decode()
    assert "Отметьте хотя бы одну услугу или функцию." in empty
    assert not DigitalService.objects.exists()


def test_only_the_bodys_editors_change_it(client, world, two_services):  # R2
    ours, theirs = two_services
    client.force_login(world.analyst)
    client.post(PAGE, {"title": "Госуслуги", "implements": [ours.pk]})
    portal = DigitalService.objects.get()
    url = f"{PAGE}{portal.pk}/"
    edited = client.post(url, {"title": "ЕПГУ", "url": "", "implements": [ours.pk, theirs.pk]})
    assert edited.status_code == 302
    portal.refresh_from_db()
    assert portal.title == "ЕПГУ" and portal.implements.count() == 2
    change = AuditEvent.objects.get(action="digital_service.update")
    assert change.changes["title"] == ["Госуслуги", "ЕПГУ"]
    client.force_login(world.other_analyst)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Чужое", "implements": [theirs.pk]}).status_code == 403
    theirs_page = client.get(PAGE).content.decode()
    assert 'id="digital-services"' in theirs_page
    # Not in the other body's own list, but named as implementing its service (R2).
    own_list = theirs_page.split('id="of-others"')[0]
    assert "ЕПГУ" not in own_list
    assert 'id="of-others"' in theirs_page and "«Справка о доходах»" in theirs_page
    portal.refresh_from_db()
    assert portal.title == "ЕПГУ"


@pytest.mark.usefixtures("two_services")  # «edinoe» and «spravka», the codes the API names
def test_the_api_lists_creates_and_changes_naming_the_field_of_a_problem(client, world):  # R2
    key = {"HTTP_X_API_KEY": world.system_key}
    created = client.post(
        "/api/v1/digital-services",
        {"title": "Госуслуги", "url": "https://www.gosuslugi.ru", "implements": ["edinoe"]},
        content_type="application/json",
        **key,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["implements"] == ["edinoe"] and body["body"]["slug"] == world.body.slug
    unknown = client.put(
        f"/api/v1/digital-services/{body['id']}",
        {"title": "Госуслуги", "implements": ["edinoe", "net-takoy"]},
        content_type="application/json",
        **key,
    )
    assert unknown.status_code == 422
    [error] = unknown.json()["detail"]
    assert error["field"] == "implements" and "net-takoy" in error["message"]
    changed = client.put(
        f"/api/v1/digital-services/{body['id']}",
        {"title": "Госуслуги", "implements": ["edinoe", "spravka"]},
        content_type="application/json",
        **key,
    )
    assert changed.json()["implements"] == ["edinoe", "spravka"]
    listed = client.get(f"/api/v1/digital-services?body={world.body.slug}").json()
    assert [d["title"] for d in listed] == ["Госуслуги"]
    assert client.get("/api/v1/digital-services?body=nobody").status_code == 422


def test_a_service_is_not_both_offline_by_choice_and_online(client, world, two_services):  # R30
    """A digital service cannot implement a service marked as the R30 exception (its
    audience prefers another format), nor can a service a digital service implements be
    marked so: the public page would say both «не электронная» and «получить онлайн»."""
    from registry import services

    ours, theirs = two_services
    services.service_update(
        actor=world.analyst, service=ours, offline_preferred=True,
        offline_reason="Опрос: получатели выбирают МФЦ.",
    )  # fmt: skip
    client.force_login(world.analyst)
    refused = client.post(PAGE, {"title": "Госуслуги", "implements": [ours.pk]})
    assert refused.status_code == 422
    assert "«Единое пособие»" in refused.content.decode()
    portal = services.digital_service_create(
        actor=world.analyst, body=world.body, title="Портал", implements=[theirs]
    )
    assert portal.pk
    from django.core.exceptions import ValidationError

    client.force_login(world.other_analyst)
    with pytest.raises(ValidationError) as marked:
        services.service_update(
            actor=world.other_analyst, service=theirs, offline_preferred=True,
            offline_reason="Пожилые получатели",
        )  # fmt: skip
    assert "цифровой сервис" in str(marked.value.message_dict["offline_preferred"])
