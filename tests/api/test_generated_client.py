"""An integrator generates a client from /api/v1/openapi.json with openapi-python-client:
no warning, modules named by ASCII tags, every answer typed — successes and the one
``Error`` shape — and it works against the live server."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
from django.test import Client as DjangoClient

CONFIG = "project_name_override: kc-api-client\npackage_name_override: kc_api\npost_hooks: []\n"


@pytest.fixture
def kc_api(tmp_path, transactional_db):
    schema = tmp_path / "openapi.json"
    schema.write_bytes(DjangoClient().get("/api/v1/openapi.json").content)
    (tmp_path / "config.yml").write_text(CONFIG)
    out = tmp_path / "kc_api"
    done = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(schema),
         "--output-path", str(out), "--meta", "none", "--config", str(tmp_path / "config.yml")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "warning" not in output.lower() and "error" not in output.lower(), output
    assert sorted(p.name for p in (out / "api").iterdir() if p.is_dir()) == [
        "appeals", "indicators", "journeys", "proactive", "ratings", "registry", "segments",
        "standards",
    ]  # fmt: skip
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("kc_api")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "kc_api" or m.startswith("kc_api.")]:
            del sys.modules[name]


def test_a_generated_client_calls_the_api_with_typed_answers(
    kc_api, live_server, world, published_situation, place
):
    from kc_api.api.appeals import inbox_post_readability
    from kc_api.api.ratings import feedback_get_published, feedback_post_rating
    from kc_api.api.registry import registry_list_life_situations
    from kc_api.models import Error, RatingIn, RatingOut, ReadabilityIn

    system = kc_api.Client(base_url=live_server.url, headers={"X-API-Key": world.system_key})
    anyone = kc_api.Client(base_url=live_server.url)

    page = registry_list_life_situations.sync(client=anyone, q="ребёнок")
    assert [s.slug for s in page.results] == [published_situation.slug]

    rated = feedback_post_rating.sync_detailed(
        client=system, body=RatingIn(service="vyplata", csat=4), idempotency_key="gen-1"
    )
    assert rated.status_code == 201 and isinstance(rated.parsed, RatingOut)
    assert rated.parsed.csat == 4

    bad = feedback_post_rating.sync_detailed(
        client=system, body=RatingIn(service="vyplata", csat=7)
    )
    assert bad.status_code == 422 and isinstance(bad.parsed, Error)
    assert bad.parsed.detail[0].field == "csat"

    refused = inbox_post_readability.sync_detailed(client=anyone, body=ReadabilityIn(text="Текст."))
    assert refused.status_code == 401 and isinstance(refused.parsed, Error)
    assert refused.parsed.detail[0].field == "X-API-Key"

    published = feedback_get_published.sync(client=anyone, service="vyplata")
    assert published.min_n == 10 and published.total.suppressed is True  # one rating
