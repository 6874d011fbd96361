from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lib import snils
from lib.forms import Form
from proactive.models import KIND_CODE, Representation


def _snils(typed: str) -> str:
    """Check digits next to the field, with the other errors of the form at once."""
    try:
        return snils.normalize(typed)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from None


class ConsentForm(Form):
    life_situation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Жизненная ситуация"),
        queryset=None,
        empty_label=_("— выберите —"),
        help_text=_("Мы будем готовить услуги этой ситуации сами, как только узнаем о событии."),
        error_messages={"required": _("Выберите жизненную ситуацию.")},
    )

    def __init__(self, *args: Any, available: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_situation"].queryset = available  # type: ignore[attr-defined]


class ShortForm(Form):
    """The offer's own fields (at most ten, R16), built from the rule's form."""

    def __init__(self, *args: Any, spec: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in spec:
            if field["kind"] == "choice":
                self.fields[field["name"]] = forms.ChoiceField(
                    label=field["label"],
                    required=field["required"],
                    choices=[(c, c) for c in field["choices"]],
                    widget=forms.RadioSelect,
                )
            elif field["kind"] == "date":
                self.fields[field["name"]] = forms.DateField(
                    label=field["label"],
                    required=field["required"],
                    widget=forms.DateInput(attrs={"type": "date"}),
                )
            else:
                self.fields[field["name"]] = forms.CharField(
                    label=field["label"], required=field["required"], max_length=500
                )
        for name, f in self.fields.items():
            f.error_messages["required"] = _("Заполните: {label}.").format(label=f.label)
            f.widget.attrs.setdefault("class", "govuk-input")
            del name


class BookingForm(Form):
    """Where, then which day, then what time: each step offers only what the one before
    allows (the chosen office's free days, that day's free hours), in the office's own
    time zone, named in the hint. Fields appear as their step is reached."""

    touchpoint = forms.TypedChoiceField(
        label=_("Где"), coerce=int, empty_value=None, widget=forms.RadioSelect
    )

    def __init__(
        self,
        *args: Any,
        points: list[Any],
        days: list[dt.date] | None = None,
        slots: list[dt.datetime] | None = None,
        zone: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].choices = [  # type: ignore[attr-defined]
            (p.pk, f"{p.title}{', ' + p.address if p.address else ''}") for p in points
        ]
        self.fields["touchpoint"].error_messages["required"] = _("Выберите место приёма.")
        self.fields["touchpoint"].error_messages["invalid_choice"] = _(
            "Выберите место приёма из списка."
        )
        if days:
            self.fields["day"] = forms.ChoiceField(
                label=_("День"),
                choices=[(d.isoformat(), date_format(d, "l, j E")) for d in days],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Выберите день."),
                    "invalid_choice": _("В этот день свободного времени нет: выберите другой."),
                },
            )
        if slots:
            self.fields["slot"] = forms.ChoiceField(
                label=_("Время"),
                choices=[(s.isoformat(), f"{s:%H:%M}") for s in slots],
                widget=forms.RadioSelect,
                help_text=_("Время местное: {zone}.").format(zone=zone),
                error_messages={
                    "required": _("Выберите время."),
                    "invalid_choice": _("Это время уже заняли: выберите другое."),
                },
            )


class ProfileForm(Form):
    snils = forms.CharField(
        label=_("СНИЛС"),
        max_length=14,
        help_text=_("По нему государственные системы узнают, что событие касается вас."),
        error_messages={"required": _("Укажите СНИЛС.")},
    )

    def __init__(
        self, *args: Any, has_snils: bool = False, business: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if business:
            # The state knows a business by its organisation's ИНН and ОГРН, not a СНИЛС.
            del self.fields["snils"]
        elif has_snils:
            # Changing only how to be told must not make anyone retype the number.
            self.fields["snils"].required = False
            self.fields["snils"].label = _("Новый СНИЛС")
            self.fields["snils"].help_text = _(
                "Оставьте пустым, чтобы сохранить прежний. Новый номер нужно будет "
                "подтвердить заново."
            )

    def clean_snils(self) -> str:
        typed: str = self.cleaned_data["snils"]
        return _snils(typed) if typed else typed

    notify_by = forms.ChoiceField(
        label=_("Как сообщать о готовых услугах"),
        widget=forms.RadioSelect,
        choices=[
            ("email", _("Электронная почта")),
            ("sms", _("СМС")),
            ("push", _("Уведомление в приложении")),
        ],
    )
    phone = forms.CharField(
        label=_("Мобильный телефон для СМС"),
        max_length=30,
        required=False,
        help_text=_("Нужен, если вы выбрали СМС. Например: +7 916 123-45-67."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )


class VerifyForm(Form):
    """An operator confirms a client's СНИЛС after checking the documents."""

    client: User | None = None

    username = forms.CharField(
        label=_("Логин клиента"),
        max_length=150,
        help_text=_("Клиент видит его в своём кабинете."),
        error_messages={"required": _("Укажите логин клиента.")},
    )
    last_name = forms.CharField(
        label=_("Фамилия из паспорта"),
        max_length=150,
        help_text=_(
            "Сверим с учётной записью, чтобы опечатка в логине не подтвердила чужой номер."
        ),
        error_messages={"required": _("Укажите фамилию из паспорта.")},
    )
    snils = forms.CharField(
        label=_("СНИЛС из документа"),
        max_length=14,
        error_messages={"required": _("Укажите СНИЛС.")},
    )
    checked = forms.BooleanField(
        label=_("Я сверил паспорт клиента и СНИЛС"),
        error_messages={"required": _("Подтвердите, что сверили паспорт и СНИЛС.")},
    )

    def clean_snils(self) -> str:
        return _snils(self.cleaned_data["snils"])

    def clean(self) -> dict[str, Any]:
        """The account and the passport's surname, checked with the other fields, so the
        operator sees every problem in one pass."""
        from proactive import selectors

        data = super().clean() or {}
        self.client = None
        username = data.get("username")
        if username:
            self.client = selectors.client_by_username(username)
            if self.client is None:
                self.add_error("username", _("Учётная запись с таким логином не найдена."))
            elif data.get("last_name") and not selectors.same_last_name(
                self.client, data["last_name"]
            ):
                self.add_error(
                    "last_name",
                    _(
                        "Фамилия не совпадает с учётной записью «{u}». Проверьте логин и паспорт."
                    ).format(u=self.client.username),
                )
        return data


class SourcesForm(Form):
    kinds = forms.MultipleChoiceField(
        label=_("О каких событиях сообщают системы органа"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kinds  # type: ignore[attr-defined]


class TriggerForm(Form):
    """A start event of the body's life situation: its name, the code systems send, and
    the life situation it starts (issue 23)."""

    title = forms.CharField(
        label=_("Событие"),
        max_length=200,
        help_text=_(
            "Как его называют люди и системы, например «Зарегистрировано рождение ребёнка»."
        ),
        error_messages={"required": _("Назовите событие.")},
    )
    kind = forms.CharField(
        label=_("Код для систем"),
        max_length=30,
        help_text=_(
            "Строчные латинские буквы, цифры и «_», например birth_registered. Системы "
            "сообщают событие с этим кодом; после первого события код не меняется."
        ),
        error_messages={"required": _("Укажите код.")},
        validators=[KIND_CODE],
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"}),
    )
    life_situation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Какую жизненную ситуацию начинает"),
        queryset=None,
        empty_label=_("— выберите —"),
        help_text=_("Только жизненные ситуации вашего органа, опубликованные."),
        error_messages={
            "required": _("Выберите жизненную ситуацию."),
            "invalid_choice": _("Выберите жизненную ситуацию вашего органа."),
        },
    )

    def __init__(self, *args: Any, situations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_situation"].queryset = situations  # type: ignore[attr-defined]


class RepresentativeForm(Form):
    """Whom the client lets act for them (001): the person by their confirmed СНИЛС."""

    representative_snils = forms.CharField(
        label=_("СНИЛС представителя"),
        help_text=_("Представитель должен войти в кабинет и подтвердить СНИЛС в МФЦ."),
        max_length=20,
        error_messages={"required": _("Укажите СНИЛС представителя.")},
    )
    kind = forms.ChoiceField(
        label=_("Кем вам приходится"),
        choices=Representation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Выберите, кем вам приходится представитель.")},
    )
    life_situations = forms.TypedMultipleChoiceField(
        label=_("В каких жизненных ситуациях он может действовать за вас"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Отметьте хотя бы одну жизненную ситуацию."),
            "invalid_choice": _("Отметьте жизненные ситуации из списка."),
        },
    )

    def __init__(self, *args: Any, situations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._situations = {ls.pk: ls for ls in situations}
        field = self.fields["life_situations"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(ls.pk, ls.title) for ls in situations]

    def clean_representative_snils(self) -> str:
        try:
            return snils.normalize(self.cleaned_data["representative_snils"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_life_situations(self) -> list[Any]:
        return [self._situations[pk] for pk in self.cleaned_data["life_situations"]]
