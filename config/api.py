"""The JSON API, versioned under /api/v1/ (django-ninja; see docs/adr/0001-stack.md)."""

from typing import Any

from ninja import NinjaAPI

from feedback.api import router as feedback_router
from inbox.api import router as inbox_router
from indicators.api import router as indicators_router
from journeys.api import router as journeys_router
from lib import api_errors
from proactive.api import router as proactive_router
from registry.api import router as registry_router
from segments.api import router as segments_router
from standards.api import router as standards_router

#: Tags with stable ASCII names (generated clients name their modules after them).
TAGS = [
    {"name": "registry", "description": "Реестр: жизненные ситуации, услуги, органы, точки"},
    {"name": "segments", "description": "Клиентские сегменты и исследования органа"},
    {"name": "appeals", "description": "Обращения и проверка понятности текста"},
    {"name": "proactive", "description": "Проактивные услуги: события, согласия, предложения"},
    {"name": "ratings", "description": "Оценки: приём, приглашения, опубликованные итоги"},
    {"name": "journeys", "description": "Карты клиентского пути"},
    {"name": "standards", "description": "Стандарты точек взаимодействия (R29)"},
    {"name": "indicators", "description": "Показатели клиентоцентричности органа"},
]


class Api(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return api_errors.document_errors(super().get_openapi_schema(**kwargs))

    def get_openapi_operation_id(self, operation: Any) -> str:
        # «registry_get_life_situation», not «registry_api_get_life_situation».
        app = operation.view_func.__module__.split(".")[0]
        return f"{app}_{operation.view_func.__name__}"


api = Api(
    title="Клиентоцентр API",
    version="1",
    description=(
        "Реестр жизненных ситуаций, услуг и органов; клиентские сегменты органа; "
        "обращения с контролем сроков и проверка понятности текста. "
        "Чтение опубликованного открыто всем; "
        "запись — аналитикам органа (сессия) и информационным системам (заголовок X-API-Key). "
        'Ошибки: 4xx с телом {"detail": [{"field", "message"}]}.'
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    openapi_extra={"tags": TAGS},
)
api_errors.install(api)
api.add_router("/", registry_router)
api.add_router("/", segments_router)
api.add_router("/", inbox_router)
api.add_router("/", proactive_router)
api.add_router("/", feedback_router)
api.add_router("/", journeys_router)
api.add_router("/", standards_router)
api.add_router("/", indicators_router)
