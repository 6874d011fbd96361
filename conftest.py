"""Named users, as in healthchecks' hc/test.py: an analyst of our body (alice), an analyst
of another body (bob), the head of our body, our body's administrator, a citizen, a
business representative, a civil servant, an integration system and a platform admin."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the models are imported only once Django is set up
    from accounts.models import Body, User

pytest_plugins = ["proactive.tests.fixtures", "feedback.tests.fixtures", "tests.kill"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make between browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    body: Body
    other_body: Body
    analyst: User
    other_analyst: User
    head: User
    body_admin: User
    citizen: User
    business: User
    servant: User
    system: User
    system_key: str
    platform_admin: User


@pytest.fixture
def world(db):
    from accounts.models import Organisation, Role
    from accounts.services import api_key_issue
    from tests.factories import BodyFactory, UserFactory

    body = BodyFactory.create(slug="minsoc", short_name="Минсоцзащиты")
    other = BodyFactory.create(slug="sfr", short_name="Отделение СФР")
    org = Organisation.objects.create(name="ООО Ромашка", inn="2801012347", ogrn="1022800000002")
    system = UserFactory.create(username="ais", role=Role.SYSTEM, body=body)
    _, key = api_key_issue(actor=None, system=system, name="test")
    return World(
        body=body,
        other_body=other,
        analyst=UserFactory.create(username="alice", role=Role.ANALYST, body=body),
        other_analyst=UserFactory.create(username="bob", role=Role.ANALYST, body=other),
        head=UserFactory.create(username="head", role=Role.HEAD, body=body),
        body_admin=UserFactory.create(username="badmin", role=Role.BODY_ADMIN, body=body),
        citizen=UserFactory.create(username="charlie", role=Role.CITIZEN),
        business=UserFactory.create(username="biz", role=Role.BUSINESS, organisation=org),
        servant=UserFactory.create(username="servant", role=Role.CIVIL_SERVANT, body=body),
        system=system,
        system_key=key,
        platform_admin=UserFactory.create(
            username="root", role=Role.PLATFORM_ADMIN, is_superuser=True
        ),
    )


@pytest.fixture
def published_situation(world):
    """A published life situation of our body with three steps owned by two bodies."""
    from registry import services
    from tests.factories import ServiceFactory

    actor = world.analyst
    ls = services.life_situation_create(
        actor=actor,
        owner_body=world.body,
        title="Рождение ребёнка",
        slug="rozhdenie",
        start_event="Рождение ребёнка",
        final_result="Семья получила документы и выплаты",
        time_bound_days=60,
    )
    for service in [
        ServiceFactory.create(body=world.body, title="Регистрация рождения", slug="reg"),
        ServiceFactory.create(body=world.other_body, title="Единое пособие", slug="posobie"),
        ServiceFactory.create(body=world.other_body, title="Материнский капитал", slug="kapital"),
    ]:
        services.step_add(actor=actor, life_situation=ls, service=service)
    services.need_add(
        actor=actor,
        life_situation=ls,
        title="Место в детском саду",
        status="cannot",
        reason="Мест пока меньше, чем детей: встаньте в очередь сразу.",
    )
    services.life_situation_publish(actor=actor, life_situation=ls)
    ls.refresh_from_db()
    return ls


@pytest.fixture
def catalogue(db):
    """The shared attribute catalogue by code. The data migration loads it, but a
    transactional test flushes tables, so load what is missing again."""
    from segments.catalogue import load_standard_catalogue
    from segments.models import Attribute

    load_standard_catalogue(Attribute)
    return {a.code: a for a in Attribute.objects.filter(body=None)}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty shared cache: a page cached by an earlier test,
    whose rows are gone, must not be served to this one."""
    from django.core.cache import cache

    from lib.public_cache import forget_local

    cache.clear()
    forget_local()
    yield


@pytest.fixture(autouse=True)
def _empty_notice_outbox():
    """SMS and push of a test, as ``mail.outbox`` holds its mail (``mailings.channels``)."""
    from mailings import channels

    channels.outbox.clear()
    yield


@pytest.fixture(autouse=True)
def _russian_again():
    """A request with the English switch leaves its language active in the thread; every
    test starts, as every page does, in Russian."""
    from django.utils import translation

    translation.activate("ru")
    yield
    translation.activate("ru")
