from django.http import HttpResponse
from django.test import RequestFactory

from lib.htmx import is_htmx
from lib.slugs import unique_slug
from tests.factories import ServiceFactory


def test_unique_slug_transliterates_and_skips_taken(db):
    from registry.models import Service

    assert unique_slug(Service, "Выплата пособия") == "vyplata-posobiia"
    ServiceFactory.create(slug="vyplata-posobiia")
    ServiceFactory.create(slug="vyplata-posobiia-2")
    assert unique_slug(Service, "Выплата пособия") == "vyplata-posobiia-3"
    assert unique_slug(Service, "!!!", fallback="service") == "service"


def test_is_htmx_reads_the_middleware_mark():
    from django_htmx.middleware import HtmxMiddleware

    middleware = HtmxMiddleware(lambda request: HttpResponse())
    plain = RequestFactory().get("/")
    middleware(plain)
    marked = RequestFactory().get("/", HTTP_HX_REQUEST="true")
    middleware(marked)
    assert not is_htmx(plain)
    assert is_htmx(marked)


def test_ascii_int_takes_only_ascii_digits():
    from lib.forms import ascii_int

    assert ascii_int("42") == 42
    assert ascii_int("²", default=7) == 7  # "²".isdigit() is true; int("²") fails
    assert ascii_int("٣") is None  # an Arabic-Indic three
    assert ascii_int("9" * 30) is None and ascii_int(None, default=1) == 1
