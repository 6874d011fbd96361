"""One shared set of factories (STYLE.md)."""

from __future__ import annotations

import factory

from accounts.models import Body, Role, User
from registry.models import LifeSituation, Service, Touchpoint


class BodyFactory(factory.django.DjangoModelFactory[Body]):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Министерство № {n} Амурской области")
    short_name = factory.Sequence(lambda n: f"Министерство {n}")
    slug = factory.Sequence(lambda n: f"body-{n}")


def _save_user(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
    """Saves once after the password is set (skip_postgeneration_save below). A function
    rather than a decorated method, since its first argument is the user, not the factory."""
    if create:
        obj.save()


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    role = Role.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", "пароль-для-тестов-1")
    _save = factory.PostGeneration(_save_user)


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Услуга номер {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class TouchpointFactory(factory.django.DjangoModelFactory[Touchpoint]):
    class Meta:
        model = Touchpoint

    body = factory.SubFactory(BodyFactory)
    kind = Touchpoint.Kind.PORTAL
    title = factory.Sequence(lambda n: f"Портал {n}")


class LifeSituationFactory(factory.django.DjangoModelFactory[LifeSituation]):
    class Meta:
        model = LifeSituation

    owner_body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Ситуация {n}")
    slug = factory.Sequence(lambda n: f"situation-{n}")
    start_event = "Рождение ребёнка"
    final_result = "Семья получила выплаты"
    time_bound_days = 30
