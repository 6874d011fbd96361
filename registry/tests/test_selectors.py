"""The registry's reads for other apps: each applies the visibility its docstring names, and
a lookup by code answers a missing row and a row the caller may not use alike."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from registry import selectors, services
from registry.models import Touchpoint
from tests.factories import LifeSituationFactory, ServiceFactory, TouchpointFactory


def _refusal(
    lookup: Callable[..., object], *args: object, **kwargs: object
) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        lookup(*args, **kwargs)
    return caught.value.message_dict


def test_touchpoints_serving_a_body_are_its_own_and_every_mfc(world):  # R19
    office = TouchpointFactory.create(body=world.body, kind=Touchpoint.Kind.RECEPTION)
    mfc = TouchpointFactory.create(body=world.other_body, kind=Touchpoint.Kind.ONE_WINDOW)
    TouchpointFactory.create(body=world.other_body, kind=Touchpoint.Kind.PORTAL)
    assert set(selectors.touchpoints_serving(body_id=world.body.pk)) == {office, mfc}
    assert set(selectors.touchpoints_serving(body_id=world.other_body.pk)) == {
        mfc,
        *Touchpoint.objects.filter(body=world.other_body),
    }


def test_touchpoint_kinds_are_the_choices_of_the_registry():
    kinds = {value: str(label) for value, label in selectors.touchpoint_kinds()}
    assert kinds["one_window"] == "МФЦ и другие центры одного окна"
    assert list(kinds) == Touchpoint.Kind.values


def test_touchpoint_titles_by_id(world):
    portal = TouchpointFactory.create(body=world.body, title="Сайт министерства")
    assert selectors.touchpoint_titles() == {portal.pk: "Сайт министерства"}


def test_service_by_slug_comes_with_its_body_in_one_query(world, django_assert_num_queries):
    ServiceFactory.create(body=world.other_body, slug="pensiya")
    with django_assert_num_queries(1):
        assert selectors.service_by_slug("pensiya").body.slug == "sfr"


def test_a_missing_service_is_an_error_of_the_field_asked_for(world):
    assert _refusal(selectors.service_by_slug, "net-takoy", field="target_ref") == {
        "target_ref": ["Услуга не найдена."]
    }


def test_service_of_body_finds_none_of_another_bodys(world):
    own = ServiceFactory.create(body=world.body)
    other = ServiceFactory.create(body=world.other_body)
    assert selectors.service_of_body(own.pk, body_id=world.body.pk) == own
    assert selectors.service_of_body(other.pk, body_id=world.body.pk) is None


def test_service_slugs_by_id(world):
    one = ServiceFactory.create(body=world.body, slug="odin")
    two = ServiceFactory.create(body=world.other_body, slug="dva")
    assert selectors.service_slugs(ids=[one.pk]) == {one.pk: "odin"}
    assert selectors.service_slugs() == {one.pk: "odin", two.pk: "dva"}


def test_life_situation_services_are_those_of_its_steps(world, published_situation):
    shared = published_situation.steps.first().service
    other = LifeSituationFactory.create(owner_body=world.body)
    services.step_add(actor=world.analyst, life_situation=other, service=shared)
    services.step_add(
        actor=world.analyst, life_situation=other, service=ServiceFactory.create(slug="tolko-tam")
    )
    found = selectors.life_situation_services(life_situation_id=published_situation.pk)
    assert sorted(s.slug for s in found) == ["kapital", "posobie", "reg"]


def test_only_published_life_situations_are_published(world, published_situation):
    draft = LifeSituationFactory.create(owner_body=world.body)
    assert list(selectors.published_life_situations()) == [published_situation]
    assert selectors.published_life_situation("rozhdenie") == published_situation
    # A draft is "not found", even for its own body, and alike a code that does not exist.
    assert (
        _refusal(selectors.published_life_situation, draft.slug)
        == _refusal(selectors.published_life_situation, "net-takoy")
        == {"life_situation": ["Жизненная ситуация не найдена."]}
    )


def test_a_body_sees_published_life_situations_and_its_own_drafts(world, published_situation):
    own = LifeSituationFactory.create(owner_body=world.body)
    other = LifeSituationFactory.create(owner_body=world.other_body)
    visible = selectors.life_situations_visible_to(body_id=world.body.pk)
    assert set(visible) == {published_situation, own}
    assert selectors.life_situation_visible_to(own.slug, body_id=world.body.pk) == own
    assert selectors.life_situation_visible_to("rozhdenie", body_id=world.body.pk).pk == (
        published_situation.pk
    )
    # Another body's draft answers exactly as a code that does not exist.
    assert (
        _refusal(selectors.life_situation_visible_to, other.slug, body_id=world.body.pk)
        == _refusal(selectors.life_situation_visible_to, "net-takoy", body_id=world.body.pk)
        == {"life_situation": ["Жизненная ситуация не найдена."]}
    )
    assert selectors.life_situation_visible_to(other.slug, body_id=world.other_body.pk) == other


def test_life_situations_owned_by_a_body_whatever_their_status(world, published_situation):
    draft = LifeSituationFactory.create(owner_body=world.body)
    other = LifeSituationFactory.create(owner_body=world.other_body)
    owned = selectors.life_situations_owned_by(body_id=world.body.pk)
    assert set(owned) == {published_situation, draft}
    assert list(selectors.life_situations_owned_by(body_id=world.other_body.pk)) == [other]


def test_needs_visible_to_a_body_are_those_of_the_life_situations_it_sees(
    world, published_situation
):
    other = LifeSituationFactory.create(owner_body=world.other_body)
    services.need_add(
        actor=world.other_analyst, life_situation=other, title="Чужая потребность", status="met"
    )
    needs = selectors.needs_visible_to(body_id=world.body.pk)
    assert [n.title for n in needs] == ["Место в детском саду"]
    assert {n.title for n in selectors.needs_visible_to(body_id=world.other_body.pk)} == {
        "Место в детском саду",
        "Чужая потребность",
    }
