"""Give Django widgets the GOV.UK Frontend classes, so every form looks and behaves alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
            if isinstance(widget, forms.FileInput):  # one file or several
                css = "govuk-file-upload"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            _name_the_field(name, field)
            if getattr(field, "max_length", None) and isinstance(
                widget, forms.TextInput | forms.EmailInput | forms.URLInput
            ):
                if _free_text(field):
                    _count_characters(field, self._auto_id(name))
                else:
                    _limit_on_server(field)
            elif getattr(field, "max_length", None) and isinstance(widget, forms.Textarea):
                _count_characters(field, self._auto_id(name))

    def _auto_id(self, name: str) -> str:
        """The field's id as its BoundField will give it, without making the BoundField now
        (it keeps the label it sees, and a form may still change the label)."""
        auto_id = self.auto_id  # type: ignore[attr-defined]
        html_name = str(self.add_prefix(name))  # type: ignore[attr-defined]
        if auto_id and "%s" in str(auto_id):
            return str(auto_id) % html_name
        return html_name if auto_id else ""

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]
        cleaned = self.cleaned_data  # type: ignore[attr-defined]
        for name, value in list(cleaned.items()):
            field = self.fields.get(name)
            if isinstance(value, str) and hasattr(field, "character_count"):
                # Counted as the person saw it: a line break is one character, not CR LF.
                cleaned[name] = value = value.replace("\r\n", "\n")
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


# What GOV.UK's character count says as the person types (its i18n keys), with a
# number; %(count)s becomes the component's %{count}.
def _count_texts(number: int) -> dict[str, str]:
    return {
        "characters-under-limit": ngettext(
            "Остался %(count)s знак", "Осталось %(count)s знаков", number
        ),
        "characters-over-limit": ngettext(
            "%(count)s знак лишний", "%(count)s знаков лишних", number
        ),
    }


_COUNT_AT_LIMIT = _("Больше знаков не осталось")
#: A number for each plural form Intl.PluralRules names in Russian and English.
_PLURAL_SAMPLES = {"one": 1, "few": 2, "many": 5, "other": 5}


def _up_to(limit: int) -> str:
    return ngettext(
        "Можно ввести до %(limit)s знака", "Можно ввести до %(limit)s знаков", limit
    ) % {"limit": number_format(limit, force_grouping=True)}


class TextLengthValidator:
    """A text's limit refused with the limit named, as GOV.UK's character count does —
    never cut by the browser. A line break counts once, as the count the person saw while
    typing (a browser sends it as two characters, CR LF)."""

    code = "max_length"

    def __init__(self, limit: int, field: forms.Field) -> None:
        self.limit, self.field = limit, field

    @property
    def label(self) -> str:
        """The field's label when the text is checked (a form may set it after __init__)."""
        return str(self.field.label or "").strip().rstrip(":")

    def __call__(self, value: str) -> None:
        length = len(value.replace("\r\n", "\n"))
        if length > self.limit:
            message = ngettext(
                "«%(label)s»: не больше %(limit)s знака, сейчас %(count)s. Сократите текст.",
                "«%(label)s»: не больше %(limit)s знаков, сейчас %(count)s. Сократите текст.",
                self.limit,
            ) % {
                "label": self.label,
                "limit": number_format(self.limit, force_grouping=True),
                "count": number_format(length, force_grouping=True),
            }
            raise ValidationError(message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextLengthValidator) and other.limit == self.limit


#: A one-line text field this long or longer is free text and gets the count; a shorter
#: one (a code, an ИНН) and an e-mail or a URL are refused whole when too long, never cut
#: to fit (issue 16).
_COUNT_FROM = 100


def _limit_on_server(field: forms.Field) -> int:
    """The browser's ``maxlength`` removed — it cuts a pasted text without a word — and
    the limit refused by the server, naming the label, the limit and the length."""
    limit = int(field.max_length)  # type: ignore[attr-defined]
    field.widget.attrs.pop("maxlength", None)
    field.validators = [
        v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
    ] + [TextLengthValidator(limit, field)]
    return limit


def _free_text(field: forms.Field) -> bool:
    """A plain one-line text field long enough to hold a sentence (not an e-mail, a URL
    or a password, whose widgets are subclasses)."""
    return type(field.widget) is forms.TextInput and int(field.max_length) >= _COUNT_FROM  # type: ignore[attr-defined]


def _count_characters(field: forms.Field, auto_id: str) -> None:
    """A text area or a one-line free-text field with a limit becomes GOV.UK's character
    count: the browser no longer cuts what is typed or pasted at the limit (Django's
    ``maxlength``), the server refuses a longer text next to the field naming the limit,
    the hint names it, and ``static/js/character-count.js`` counts live where JavaScript
    runs. The field template reads ``field.character_count`` (the hint and the
    component's data attributes)."""
    limit = _limit_on_server(field)
    widget = field.widget
    widget.attrs["class"] += " govuk-js-character-count"
    described = [f"{auto_id}_helptext"] if field.help_text else []
    widget.attrs["aria-describedby"] = " ".join([*described, f"{auto_id}-info"])
    attrs = {"data-maxlength": str(limit), "data-i18n.characters-at-limit": str(_COUNT_AT_LIMIT)}
    for form, number in _PLURAL_SAMPLES.items():
        for key, text in _count_texts(number).items():
            attrs[f"data-i18n.{key}.{form}"] = text % {"count": "%{count}"}
    field.character_count = {"hint": _up_to(limit), "attrs": attrs}  # type: ignore[attr-defined]


class Form(GovukFormMixin, forms.Form):
    pass


class TableFileForm(Form):
    """A CSV or XLSX file for an import (``lib.tables``), at most 5 MB."""

    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("Файл CSV или XLSX"),
        help_text=_("CSV в UTF-8 с запятой или точкой с запятой, или XLSX (первый лист)."),
    )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Файл больше 5 МБ."))
        return f


def post_data(request: HttpRequest) -> QueryDict | None:
    """What a form is bound to: the POST data of a POST (even an empty one), else nothing.

    ``request.POST or None`` would leave a form unbound on an empty POST, so a submit with
    nothing filled in showed the blank form again instead of the errors."""
    return request.POST if request.method == "POST" else None


def post_files(request: HttpRequest) -> MultiValueDict[str, Any] | None:
    return request.FILES if request.method == "POST" else None


def apply_errors(form: forms.Form, exc: Any) -> None:
    """Put a service's ValidationError next to the fields it names (or on top), each error
    keeping its code, so a page can ask ``form.has_error(field, code)``."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.error_list)


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
