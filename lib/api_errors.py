"""One shape for every API error, naming the field: ``{"detail": [{"field", "message"}]}``."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

_PYDANTIC_MESSAGES = {
    "missing": "Обязательное поле.",
    "string_too_long": "Слишком длинное значение.",
    "string_too_short": "Слишком короткое значение.",
    "int_parsing": "Нужно целое число.",
    "bool_parsing": "Нужно true или false.",
    "greater_than_equal": "Значение меньше допустимого.",
    "less_than_equal": "Значение больше допустимого.",
    "literal_error": "Недопустимое значение.",
    "enum": "Недопустимое значение.",
    "string_type": "Нужна строка.",
    "int_type": "Нужно целое число.",
    "list_type": "Нужен список.",
    "json_invalid": "Тело запроса — не корректный JSON.",
    "model_attributes_type": "Нужен JSON-объект.",
    "dict_type": "Нужен JSON-объект.",
    "string_pattern_mismatch": "Значение записано не в том виде: посмотрите описание поля.",
    "date_parsing": "Нужна дата в виде ГГГГ-ММ-ДД.",
    "date_from_datetime_parsing": "Нужна дата в виде ГГГГ-ММ-ДД, и такой день должен быть.",
    "date_from_datetime_inexact": "Нужна дата без времени: ГГГГ-ММ-ДД.",
    "date_type": "Нужна дата в виде ГГГГ-ММ-ДД.",
    "datetime_parsing": "Нужны дата и время в виде ГГГГ-ММ-ДДTЧЧ:ММ:СС.",
    "datetime_from_date_parsing": "Нужны дата и время в виде ГГГГ-ММ-ДДTЧЧ:ММ:СС.",
    "float_parsing": "Нужно число.",
    "decimal_parsing": "Нужно число.",
    "timezone_aware": "Укажите время с часовым поясом, например 2026-12-07T11:30:00+09:00.",
}


class ErrorItem(Schema):
    field: str
    message: str


class Error(Schema):
    """The one error shape: ``{"detail": [{"field", "message"}]}``."""

    detail: list[ErrorItem]


#: What every error answer means, for the schema (the body is always ``Error``).
ERROR_STATUSES = {
    400: "Запрос неполон (например, нет обязательного заголовка)",
    401: "Нет действующего ключа API (X-API-Key) или входа",
    403: "Нет права на это действие; сообщение говорит, какого",
    404: "Не найдено (или не видно этому клиенту)",
    409: "Запрос с этим ключом идемпотентности ещё обрабатывается",
    410: "Ссылка уже использована или истекла",
    413: "Тело запроса больше допустимого",
    422: "Неверные данные; поле названо в field",
    429: "Слишком много запросов; повторите позже",
}

ERROR_COMPONENTS = {
    "ErrorItem": {
        "title": "ErrorItem",
        "type": "object",
        "properties": {
            "field": {"title": "Field", "type": "string"},
            "message": {"title": "Message", "type": "string"},
        },
        "required": ["field", "message"],
    },
    "Error": {
        "title": "Error",
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "type": "array",
                "items": {"$ref": "#/components/schemas/ErrorItem"},
            }
        },
        "required": ["detail"],
    },
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation answers its errors with the one named ``Error`` schema: the statuses
    it declares, and those any operation may answer (403, 404, 422; 401 where it needs
    credentials; 413 where it takes a body). Generated clients then get one typed error
    instead of colliding untyped objects."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(ERROR_COMPONENTS)
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            codes = {int(c) for c in responses if str(c).isdigit() and int(c) >= 400}
            codes |= {403, 404, 422}
            if operation.get("security"):
                codes.add(401)
            if method in ("post", "put", "patch"):
                codes.add(413)
            for code in sorted(codes):
                responses[str(code)] = {"description": ERROR_STATUSES[code], "content": ref}
                responses.pop(code, None)
    return schema


def _field_from_loc(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts) or "body"


def _pydantic_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for err in errors:
        message = _PYDANTIC_MESSAGES.get(err.get("type", ""), "")
        ctx_error = (err.get("ctx") or {}).get("error")
        if err.get("type") == "value_error" and ctx_error:
            message = str(ctx_error)
        out.append(
            {
                "field": _field_from_loc(err.get("loc", [])),
                "message": message or str(err.get("msg")),
            }
        )
    return out


def pydantic_errors(exc: Any) -> list[dict[str, str]]:
    """A pydantic ``ValidationError`` of a part of a request checked by the handler itself
    (one event of a batch), in the one error shape."""
    return _pydantic_errors(exc.errors())


def django_errors(exc: ValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": "body" if field == "__all__" else field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "body", "message": str(m)} for m in exc.messages]


def error(status: int, field: str, message: str) -> HttpResponse:
    """A 4xx answer in the shape every error has, for a handler that returns it itself."""
    return HttpResponse(
        json.dumps({"detail": [{"field": field, "message": message}]}, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": _pydantic_errors(exc.errors)}, status=422)

    @api.exception_handler(ValidationError)
    def on_domain_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": django_errors(exc)}, status=422)

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        return api.create_response(
            request,
            {
                "detail": [
                    {
                        "field": "body",
                        "message": f"Тело запроса больше допустимого ({limit // 1024} КБ).",
                    }
                ]
            },
            status=413,
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request, {"detail": [{"field": "path", "message": "Не найдено."}]}, status=404
        )

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # An exception may name the field and say which rule refused (a key's scope).
        field = getattr(exc, "field", "path")
        message = getattr(exc, "message", "Недостаточно прав для этого действия.")
        return api.create_response(
            request, {"detail": [{"field": field, "message": message}]}, status=403
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            {
                "detail": [
                    {
                        "field": "X-API-Key",
                        "message": "Нужен действующий ключ API или вход в систему.",
                    }
                ]
            },
            status=401,
        )
