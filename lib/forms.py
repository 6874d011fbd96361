"""Give Django widgets the GOV.UK Frontend classes, so every form looks and behaves alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from lib.schema_types import unsafe_character_message

T = TypeVar("T")

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.NumberInput: "govuk-input govuk-input--width-5",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.PasswordInput: "govuk-input govuk-!-width-one-half",
}


class GovukFormMixin:
    """Adds the widget classes, and marks fields with errors for the error styles.

    No field gets the browser's ``required`` attribute: every form is ``novalidate`` and
    the server explains each problem next to its field (the GOV.UK pattern); the attribute
    would also make htmx refuse to send a form that includes an empty required field.

    Every text a form takes is refused, next to its field, if it holds a control or a
    direction-override character (see ``lib.schema_types``): stored, such text would break
    the XLSX exports or make one title pass for another.
    """

    fields: dict[str, forms.Field]
    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for cls, c in _CLASSES.items() if type(widget) is cls), "govuk-input")
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            _name_the_field(name, field)

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]
        cleaned = self.cleaned_data  # type: ignore[attr-defined]
        for name, value in list(cleaned.items()):
            field = self.fields.get(name)
            # A password is only hashed, never shown or exported.
            if field is None or isinstance(field.widget, forms.PasswordInput):
                continue
            texts = value if isinstance(value, list | tuple) else [value]
            message = next(
                (m for t in texts if isinstance(t, str) and (m := unsafe_character_message(t))),
                None,
            )
            if message:
                self.add_error(name, message)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                if "--error" not in classes:
                    # Fields a form adds after __init__ may have no class yet.
                    base = (classes or "govuk-input").split()[0]
                    widget.attrs["class"] = f"{classes} {base}--error".strip()


def _name_the_field(name: str, field: forms.Field) -> None:
    """Django's «Обязательное поле.» says nothing in an error summary of six: a missing
    value names its field («Заполните поле «Название».»), as GOV.UK's summary does. A
    message a form wrote itself is kept."""
    if field.error_messages.get("required") != forms.Field.default_error_messages["required"]:
        return
    label = str(field.label or name.replace("_", " ")).strip().rstrip(":")
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField) or isinstance(
        field.widget, forms.CheckboxInput
    )
    message = _("Выберите: «%(label)s».") if choosing else _("Заполните поле «%(label)s».")
    field.error_messages["required"] = str(message) % {"label": label}


class Form(GovukFormMixin, forms.Form):
    pass


def post_data(request: HttpRequest) -> QueryDict | None:
    """What a form is bound to: the POST data of a POST (even an empty one), else nothing.

    ``request.POST or None`` would leave a form unbound on an empty POST, so a submit with
    nothing filled in showed the blank form again instead of the errors."""
    return request.POST if request.method == "POST" else None


def post_files(request: HttpRequest) -> MultiValueDict[str, Any] | None:
    return request.FILES if request.method == "POST" else None


def apply_errors(form: forms.Form, exc: Any) -> None:
    """Put a service's ValidationError next to the fields it names (or on top)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def submit(form: forms.Form, write: Callable[[dict[str, Any]], T]) -> T | None:
    """Validate ``form`` and hand its cleaned data to ``write`` (a service call): what the
    service returned, or None with every problem next to its field — the form's own and
    the service's refusals alike — and nothing saved. The one way a page submits a form."""
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def ascii_int(raw: str | None, *, default: int | None = None, most: int = 10**12) -> int | None:
    """A whole number a request parameter holds in ASCII digits, or ``default``.

    ``str.isdigit()`` is true for «²» and Arabic-Indic digits, which ``int()`` then refuses
    (a server error) or reads as another number; this takes only 0–9, and no more than
    ``most``."""
    if raw is None or not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return default
    value = int(raw)
    return value if value <= most else default
