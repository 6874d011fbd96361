"""The signed-in home: every role opens its own cabinet; nobody signed in is sent to log
in; what each sees comes from the apps' selectors for the person's own body only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/kabinet/"


@pytest.mark.parametrize(
    "role",
    ["analyst", "other_analyst", "head", "body_admin", "citizen", "business", "servant",
     "platform_admin"],
)  # fmt: skip
def test_every_role_opens_its_cabinet(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(URL).status_code == 200


def test_nobody_signed_in_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_cabinet_lists_the_own_bodys_situations_only(client, world):
    from registry import services

    for actor, body, title in [
        (world.analyst, world.body, "Своя ситуация"),
        (world.other_analyst, world.other_body, "Чужая ситуация"),
    ]:
        services.life_situation_create(
            actor=actor, owner_body=body, title=title, start_event="С", final_result="Р",
            time_bound_days=5,
        )  # fmt: skip
    client.force_login(world.analyst)
    html = client.get(URL).content.decode()
    assert "Своя ситуация" in html and "Чужая ситуация" not in html


def test_only_the_administrator_sees_the_security_links(client, world):
    client.force_login(world.analyst)
    assert "/kabinet/exports/" not in client.get(URL).content.decode()
    client.force_login(world.body_admin)
    html = client.get(URL).content.decode()
    assert all(link in html for link in ("/kabinet/exports/", "/kabinet/audit/", "/kabinet/jobs/"))


def _sections(html: str) -> list[str]:
    import re

    nav = html.split('class="kc-sections"', 1)
    if len(nav) == 1:
        return []
    return re.findall(r'class="kc-sections__link"[^>]*>([^<]+)<', nav[1].split("</nav>", 1)[0])


def test_staff_pages_carry_the_sections_each_person_may_open(client, world):
    """Issue 16, basics: a persistent section menu instead of one list of links."""
    client.force_login(world.analyst)
    page = client.get("/kabinet/segments/").content.decode()
    assert _sections(page)[:3] == ["Реестр", "Сегменты", "Карты пути"]
    assert 'aria-current="page">Сегменты<' in page
    assert "Администрирование" not in _sections(page)
    client.force_login(world.body_admin)
    assert "Администрирование" in _sections(client.get("/kabinet/audit/").content.decode())
    client.force_login(world.servant)
    assert _sections(client.get("/kabinet/").content.decode()) == [
        "Оценка со слов клиента",
        "Подтвердить СНИЛС",
    ]
    client.force_login(world.platform_admin)  # the shared lists (R29) are the platform's
    assert _sections(client.get("/kabinet/").content.decode()) == [
        "Списки требований",
        "Администрирование",
    ]


def test_a_citizen_and_public_pages_have_no_section_menu(client, world):
    client.force_login(world.citizen)
    assert _sections(client.get("/kabinet/").content.decode()) == []
    client.force_login(world.analyst)
    assert _sections(client.get("/").content.decode()) == []


def test_a_page_inside_a_section_has_breadcrumbs_back(client, world, published_situation):
    client.force_login(world.analyst)
    page = client.get(f"/kabinet/situations/{published_situation.slug}/").content.decode()
    crumbs = page.split('class="govuk-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/kabinet/">Кабинет<' in crumbs and 'href="/kabinet/situations/">Реестр<' in crumbs
    landing = client.get("/kabinet/situations/").content.decode()
    assert 'class="govuk-breadcrumbs"' not in landing


def test_a_citizen_sees_first_what_waits_for_them(client, world, birth, post_event):
    """Issue 16, basics: on sign-in, the offers waiting for an answer and the decisions —
    a refusal with its reason one click away."""
    from proactive.models import Offer
    from proactive.services import consent_give

    consent_give(actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth)
    post_event()
    waiting = Offer.objects.filter(client=world.citizen, status__in=["ready", "form"])
    refused = Offer.objects.filter(client=world.citizen, status="refused")
    assert waiting.exists()
    client.force_login(world.citizen)
    page = client.get("/kabinet/").content.decode()
    assert 'id="waiting-list"' in page
    for offer in waiting:
        assert f'href="/kabinet/proaktiv/offers/{offer.pk}/"' in page
    for offer in refused:
        assert f'href="/kabinet/proaktiv/offers/{offer.pk}/"' in page.split('id="decided"')[1]
    client.force_login(world.analyst)
    assert 'id="waiting-list"' not in client.get("/kabinet/").content.decode()
