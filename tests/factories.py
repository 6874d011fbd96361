"""One shared set of factories (STYLE.md)."""

from __future__ import annotations

import factory

from accounts.models import Body, Role, User
from registry.models import LifeSituation, Service, Touchpoint


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Министерство № {n} Амурской области")
    short_name = factory.Sequence(lambda n: f"Министерство {n}")
    slug = factory.Sequence(lambda n: f"body-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    role = Role.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", "пароль-для-тестов-1")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Услуга номер {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class TouchpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Touchpoint

    body = factory.SubFactory(BodyFactory)
    kind = Touchpoint.Kind.PORTAL
    title = factory.Sequence(lambda n: f"Портал {n}")


class LifeSituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeSituation

    owner_body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Ситуация {n}")
    slug = factory.Sequence(lambda n: f"situation-{n}")
    start_event = "Рождение ребёнка"
    final_result = "Семья получила выплаты"
    time_bound_days = 30
