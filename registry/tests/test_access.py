"""The access matrix of the registry: every role × own / other body × read / write."""

import pytest
from django.urls import reverse

from registry import services

# (role fixture attribute, can read own body's draft, can write own body's objects)
ROLES = [
    ("analyst", True, True),
    ("body_admin", True, True),
    ("head", True, False),
    ("servant", False, False),
    ("citizen", False, False),
    ("business", False, False),
    ("platform_admin", True, True),
]


@pytest.fixture
def draft(world):
    return services.life_situation_create(
        actor=world.analyst,
        owner_body=world.body,
        title="Черновик органа",
        slug="draft",
        start_event="Событие",
        final_result="Результат",
        time_bound_days=10,
    )


@pytest.fixture
def other_draft(world):
    return services.life_situation_create(
        actor=world.other_analyst,
        owner_body=world.other_body,
        title="Чужой черновик",
        slug="other-draft",
        start_event="Событие",
        final_result="Результат",
        time_bound_days=10,
    )


@pytest.mark.parametrize(("role", "reads", "writes"), ROLES)
def test_own_body_draft_editor(client, world, draft, role, reads, writes):
    client.force_login(getattr(world, role))
    page = client.get(reverse("registry:edit", args=[draft.slug]))
    assert page.status_code == (200 if reads else 404)
    save = client.post(
        reverse("registry:edit", args=[draft.slug]),
        {
            "title": "Новое название",
            "start_event": "С",
            "final_result": "Р",
            "time_bound_days": 5,
            "for_citizens": "on",
        },
    )
    expected = 302 if writes else (403 if reads else 404)
    assert save.status_code == expected
    if writes:  # back to the same editor, not to a sign-in page or anywhere else
        assert save["Location"] == reverse("registry:edit", args=[draft.slug])
    draft.refresh_from_db()
    assert (draft.title == "Новое название") is writes


@pytest.mark.parametrize("role", [role for role, _reads, _writes in ROLES])
def test_other_body_draft_is_invisible_and_unchangeable(client, world, other_draft, role):
    client.force_login(getattr(world, role))
    is_admin = role == "platform_admin"
    assert client.get(reverse("registry:edit", args=[other_draft.slug])).status_code == (
        200 if is_admin else 404
    )
    steps = other_draft.steps.count()
    response = client.post(reverse("registry:step_add", args=[other_draft.slug]), {})
    if is_admin:
        assert response.status_code != 404  # the platform admin reaches it (and sees errors)
    else:
        assert response.status_code == 404  # not 302: nobody else may even learn it exists
    assert other_draft.steps.count() == steps


@pytest.mark.parametrize(("role", "reads", "writes"), ROLES)
def test_published_situation_is_public_but_writable_only_by_its_body(
    client, world, published_situation, role, reads, writes
):
    client.force_login(getattr(world, role))
    assert (
        client.get(reverse("registry:public", args=[published_situation.slug])).status_code == 200
    )
    response = client.post(reverse("registry:publish", args=[published_situation.slug]))
    # 422: allowed, but nothing changed since the last publication; 403: readable, not writable.
    assert response.status_code == (422 if writes else 403)


def test_anonymous_sees_published_pages_only(client, world, draft, published_situation):
    assert (
        client.get(reverse("registry:public", args=[published_situation.slug])).status_code == 200
    )
    assert client.get(reverse("registry:public", args=[draft.slug])).status_code == 404
    login = client.get(reverse("registry:edit", args=[draft.slug]))
    assert login.status_code == 302 and "/accounts/login/" in login["Location"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("analyst", True),
        ("body_admin", True),
        # The platform administrator belongs to no body: registry objects are created by a body.
        ("platform_admin", False),
        ("head", False),
        ("citizen", False),
        ("servant", False),
        ("business", False),
    ],
)
def test_who_may_register_services(client, world, role, allowed):
    client.force_login(getattr(world, role))
    response = client.get(reverse("registry:service_create"))
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("analyst", 200),
        ("body_admin", 200),
        ("platform_admin", 200),
        ("other_analyst", 403),
        ("head", 403),
        ("citizen", 403),
    ],
)
def test_service_edit_matrix(client, world, role, status):
    service = services.service_create(actor=world.analyst, body=world.body, title="Пособие")
    client.force_login(getattr(world, role))
    assert client.get(reverse("registry:service_edit", args=[service.slug])).status_code == status


def test_working_list_shows_own_drafts_not_others(client, world, draft, other_draft):
    client.force_login(world.analyst)
    html = client.get(reverse("registry:list")).content.decode()
    assert "Черновик органа" in html
    assert "Чужой черновик" not in html
