"""The access matrix of segments and studies: every role × own / other body × read / write
through the pages and the API. Segments are the body's working material: nobody outside
the body's staff learns they exist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from segments import services
from segments.models import Hypothesis

# (role, reads own body's segments, writes them)
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
def study(world, segment):
    return services.study_create(
        actor=world.analyst, body=world.body, title="Интервью в МФЦ", method="interview"
    )


def _write_status(writes: bool, reads: bool) -> int:
    return 200 if writes else (403 if reads else 404)


@pytest.mark.parametrize(("role", "reads", "writes"), ROLES)
def test_segment_page_and_hypothesis_write(client, world, segment, role, reads, writes):
    client.force_login(getattr(world, role))
    page = client.get(reverse("segments:detail", args=[segment.slug]))
    assert page.status_code == (200 if reads else 404)
    post = client.post(
        reverse("segments:hypothesis_add", args=[segment.slug]),
        {"hyp-kind": "channel", "hyp-statement": "Предпочитают звонить"},
    )
    assert post.status_code == _write_status(writes, reads)
    assert Hypothesis.objects.filter(segment=segment).exists() is writes


@pytest.mark.parametrize(("role", "reads", "writes"), ROLES)
def test_study_page_and_note_write(client, world, study, role, reads, writes):
    client.force_login(getattr(world, role))
    assert client.get(reverse("segments:study", args=[study.pk])).status_code == (
        200 if reads else 404
    )
    post = client.post(
        reverse("segments:study_action", args=[study.pk, "note"]),
        {"note-kind": "note", "note-text": "Люди ждут звонка"},
    )
    assert post.status_code in ({302} if writes else {_write_status(writes, reads)})
    assert study.notes.exists() is writes


@pytest.mark.parametrize("role", ["analyst", "head", "body_admin"])
def test_other_bodys_segment_is_not_found(client, world, segment, role):
    other = services.segment_create(
        actor=world.other_analyst,
        body=world.other_body,
        code="9.1",
        name="Чужой сегмент",
        target="direction",
        direction="services",
    )
    client.force_login(world.other_analyst)
    assert client.get(reverse("segments:detail", args=[segment.slug])).status_code == 404
    client.force_login(getattr(world, role))
    assert client.get(reverse("segments:detail", args=[other.slug])).status_code == 404
    assert client.get(reverse("segments:versions", args=[other.slug])).status_code == 404


def test_anonymous_is_sent_to_login(client, segment):
    page = client.get(reverse("segments:detail", args=[segment.slug]))
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]


@pytest.mark.parametrize(("role", "status"), [("citizen", 403), ("servant", 403), ("head", 200)])
def test_segment_list_is_for_the_bodys_staff(client, world, segment, role, status):
    client.force_login(getattr(world, role))
    assert client.get(reverse("segments:list")).status_code == status


def test_report_and_its_files_are_for_the_bodys_staff(client, world, segment):
    client.force_login(world.citizen)
    assert client.get(reverse("segments:report_pdf", args=[2026])).status_code == 403
    client.force_login(world.other_analyst)
    page = client.get(reverse("segments:report", args=[2026]))
    assert segment.name not in page.content.decode()


# --- API --------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "reads", "writes"), ROLES)
def test_api_segment_read_and_patch(client, world, segment, role, reads, writes):
    client.force_login(getattr(world, role))
    url = f"/api/v1/segments/{segment.slug}"
    assert client.get(url).status_code == (200 if reads else 404)
    patch = client.patch(
        url, {"reason": "API", "needs": "Понятные сроки"}, content_type="application/json"
    )
    assert patch.status_code == _write_status(writes, reads)


def test_api_system_key_of_the_body_reads_and_writes(client, world, segment):
    headers = {"HTTP_X_API_KEY": world.system_key}
    assert client.get("/api/v1/segments", **headers).status_code == 200
    put = client.put(
        f"/api/v1/segments/{segment.slug}/attributes/age",
        {"value": "18–35 лет"},
        content_type="application/json",
        **headers,
    )
    assert put.status_code == 200
    assert put.json()["attributes"][0]["value"] == "18–35 лет"


def test_api_needs_authentication(client, segment):
    assert client.get("/api/v1/segments").status_code == 401
    assert client.get(f"/api/v1/segments/{segment.slug}").status_code == 401


def test_api_other_bodys_list_is_forbidden(client, world, segment):
    client.force_login(world.other_analyst)
    response = client.get("/api/v1/segments?body=minsoc")
    assert response.status_code == 403
