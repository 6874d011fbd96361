"""Property-based run of every API operation from its own OpenAPI schema: whatever the
input, the API answers with a 4xx naming the problem, never a 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI app directly; like Django's test client, keep the
    request signals from closing the connection that holds the test's transaction
    (with the psycopg pool that would hand it back mid-transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_answers_with_a_server_error(case, world, published_situation):
    response = case.call(headers={"X-API-Key": world.system_key})
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
