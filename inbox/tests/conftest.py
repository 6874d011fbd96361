from __future__ import annotations

import datetime as dt

import pytest

BUREAUCRATIC = (
    "Доводим до Вашего сведения, что в соответствии с действующим законодательством "
    "осуществление выплаты производится в установленном порядке после рассмотрения "
    "представленных документов."
)
PLAIN = "Мы проверили документы и назначили пособие. Деньги придут до 15 декабря."
T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def answerer(world):
    from accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory.create(username="olga", role=Role.ANSWERER, body=world.body)


@pytest.fixture
def receive(world):
    """Receive an item for our body at a given time (default T0)."""
    from inbox import services

    def make(kind="comment", text="Когда придёт пособие?", at=T0, **kwargs):
        kwargs.setdefault("channel", "vk")
        item, _created = services.item_receive(
            actor=world.system,
            received_by=world.body,
            kind=kind,
            text=text,
            received_at=at,
            **kwargs,
        )
        return item

    return make
