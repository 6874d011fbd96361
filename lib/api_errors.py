"""One shape for every API error, naming the field: ``{"detail": [{"field", "message"}]}``."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
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
}


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
