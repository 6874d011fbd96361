"""The rating form (one instrument, R19) and the staff forms of the feedback loop."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from feedback import instrument
from feedback.models import Channel, ClientKind, RatingPoint, Webhook
from lib.forms import Form


def _scale(labels: dict[int, Any]) -> list[tuple[str, Any]]:
    """The choices of a 1–5 scale, highest first. Lazy, as the labels are: the form class is
    built once at import, and each request reads the labels in its own language."""
    return [(str(k), format_lazy("{} — {}", k, v)) for k, v in sorted(labels.items(), reverse=True)]


class RatingForm(Form):
    """The instrument as a form. ``short`` keeps the headline score, "what went wrong"
    and the comment (widget, kiosk); ``in_person`` adds the «Ваш контроль» criteria."""

    csat = forms.TypedChoiceField(
        label=instrument.CSAT_QUESTION,
        choices=_scale(instrument.CSAT_LABELS),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Выберите оценку от 1 до 5.")},
    )
    ces = forms.TypedChoiceField(
        label=instrument.CES_QUESTION,
        choices=_scale(instrument.CES_LABELS),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    loyal = forms.TypedChoiceField(
        label=instrument.LOYALTY_QUESTION,
        choices=[("yes", _("Да")), ("no", _("Нет"))],
        coerce=lambda v: v == "yes",
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    drivers = forms.MultipleChoiceField(
        label=_("Что было не так? Отметьте, если оценка ниже 4"),
        choices=[(d.code, d.bad) for d in instrument.DRIVERS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=instrument.COMMENT_QUESTION,
        required=False,
        max_length=instrument.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_email = forms.EmailField(
        label=_("Почта, если хотите ответа"),
        help_text=_("Только для ответа на вашу оценку. Оценить можно и без неё."),
        required=False,
    )
    # The honeypot: hidden from people (and assistive technology), filled by naive bots.
    website = forms.CharField(
        label=_("Не заполняйте это поле"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args: Any,
        short: bool = False,
        in_person: bool = False,
        framed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if short:
            for name in ("ces", "loyal", "contact_email"):
                del self.fields[name]
        if framed:
            # Inside the widget's frame: what the frame's script saw when the client sent
            # the form — "visible" (IntersectionObserver v2 reported it fully visible) or
            # "confirmed" (no IOv2: the client confirmed in a second step), else nothing.
            self.fields["seen"] = forms.CharField(
                required=False, max_length=20, widget=forms.HiddenInput
            )
        if in_person and not short:
            for code, label in instrument.CONTROL_CRITERIA:
                self.fields[f"control_{code}"] = forms.TypedChoiceField(
                    label=str(label),
                    choices=[("", "—")] + [(str(k), str(k)) for k in range(5, 0, -1)],
                    coerce=int,
                    required=False,
                    empty_value=None,
                    widget=forms.Select(attrs={"class": "govuk-select"}),
                )

    def control_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("control_")]

    def main_fields(self) -> list[Any]:
        return [
            self[name]
            for name in self.fields
            if not name.startswith("control_") and name not in ("website", "seen")
        ]

    @property
    def seen_by_client(self) -> bool:
        """Whether the framed form was visibly in front of the client when sent."""
        return self.cleaned_data.get("seen") in ("visible", "confirmed")

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "csat": data["csat"],
            "ces": data.get("ces"),
            "loyal": data.get("loyal"),
            "drivers": data.get("drivers") or [],
            "comment": data.get("comment", ""),
            "control": {
                name.removeprefix("control_"): value
                for name, value in data.items()
                if name.startswith("control_") and value is not None
            },
        }


class OperatorForm(RatingForm):
    """What a call-centre operator records from the caller's words."""

    point = forms.ModelChoiceField(
        label=_("Что оценивает звонящий"),
        queryset=RatingPoint.objects.none(),
        error_messages={"required": _("Выберите услугу и точку.")},
    )

    def __init__(self, *args: Any, points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["point"].queryset = points  # type: ignore[attr-defined]
        self.fields["point"].widget.attrs["class"] = "govuk-select"
        self.fields["comment"].label = _("Что сказал звонящий")
        self.order_fields(["point"])


class PointForm(Form):
    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Услуга"), queryset=None, required=False
    )
    life_situation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("или жизненная ситуация целиком"),
        queryset=None,
        required=False,
    )
    touchpoint: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Точка взаимодействия"), queryset=None, required=False
    )
    place = forms.CharField(label=_("Окно или кабинет"), required=False, max_length=100)

    def __init__(
        self, *args: Any, services: Any, situations: Any, touchpoints: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["life_situation"].queryset = situations  # type: ignore[attr-defined]
        self.fields["touchpoint"].queryset = touchpoints  # type: ignore[attr-defined]
        for name in ("service", "life_situation", "touchpoint"):
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("service")) == bool(data.get("life_situation")):
            self.add_error("service", _("Выберите либо услугу, либо жизненную ситуацию."))
        return data


class FrameOriginsForm(Form):
    frame_origins = forms.CharField(
        label=_("Сайты, на которых можно показывать виджет"),
        help_text=_(
            "По одному адресу в строке, например https://minsoc.example.ru. Только https "
            "(http — лишь для localhost). На других сайтах окно с анкетой не откроется, "
            "а на страницах Клиентоцентра виджет работает всегда."
        ),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
    )


class ExcludeForm(Form):
    reason = forms.CharField(
        label=_("Почему оценка исключается"),
        max_length=300,
        error_messages={"required": _("Напишите, почему оценка исключается.")},
    )


class CaseForm(Form):
    finding = forms.CharField(
        label=_("Что выяснили и что сделали"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Напишите, что выяснили и что сделали.")},
    )
    answer = forms.CharField(
        label=_("Ответ клиенту"),
        help_text=_("Уйдёт на почту, которую оставил клиент."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ChangeForm(Form):
    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Услуга"), queryset=None, required=False
    )
    life_situation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("или жизненная ситуация"), queryset=None, required=False
    )
    said = forms.CharField(label=_("Вы сказали"), widget=forms.Textarea(attrs={"rows": 2}))
    did = forms.CharField(label=_("Мы сделали"), widget=forms.Textarea(attrs={"rows": 3}))
    done_on = forms.DateField(label=_("Когда (ГГГГ-ММ-ДД)"), initial=dt.date.today)
    ratings = forms.CharField(
        label=_("Номера оценок, на которые это ответ"),
        help_text=_("Через запятую, например 120, 431."),
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, services: Any, situations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["life_situation"].queryset = situations  # type: ignore[attr-defined]
        for name in ("service", "life_situation"):
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def clean_ratings(self) -> list[int]:
        raw = self.cleaned_data.get("ratings", "")
        parts = [p for p in raw.replace(" ", "").split(",") if p]
        if not all(p.isascii() and p.isdigit() and 0 < len(p) <= 12 for p in parts):
            raise forms.ValidationError(_("Только номера оценок через запятую."))
        return [int(p) for p in parts]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("service")) == bool(data.get("life_situation")):
            self.add_error("service", _("Выберите либо услугу, либо жизненную ситуацию."))
        return data


class NeedForm(Form):
    life_situation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Жизненная ситуация"), queryset=None
    )
    title = forms.CharField(label=_("Потребность"), max_length=300)

    def __init__(self, *args: Any, situations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_situation"].queryset = situations  # type: ignore[attr-defined]
        self.fields["life_situation"].widget.attrs["class"] = "govuk-select"


class DashboardFilter(Form):
    """The dashboard's filters; bound to GET and always valid (bad values are ignored).

    Build it with ``shown``: the form then always shows what the figures cover — the
    default period too, so «Показать» pressed unchanged shows the same figures again."""

    DEFAULT_PERIOD = "12"
    PERIODS = [
        ("1", _("Этот месяц")),
        ("3", _("3 месяца")),
        ("6", _("6 месяцев")),
        ("12", _("12 месяцев")),
    ]
    period = forms.ChoiceField(label=_("Период"), choices=PERIODS, required=False)
    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Услуга"), queryset=None, required=False
    )
    touchpoint: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Точка взаимодействия"), queryset=None, required=False
    )
    channel = forms.ChoiceField(
        label=_("Канал"), choices=[("", _("Все")), *Channel.choices], required=False
    )
    client_kind = forms.ChoiceField(
        label=_("Кто оценивал"), choices=[("", _("Все")), *ClientKind.choices], required=False
    )

    def __init__(self, *args: Any, services: Any, touchpoints: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["touchpoint"].queryset = touchpoints  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    @classmethod
    def shown(cls, query: Any, **choices: Any) -> DashboardFilter:
        """The filters of ``query`` (GET) with the values that are wrong dropped and the
        period defaulted: bound and valid, so the fields show what the figures cover."""
        data = {name: query.get(name) for name in cls.base_fields if query.get(name)}
        data.setdefault("period", cls.DEFAULT_PERIOD)
        form = cls(data, **choices)
        if not form.is_valid():
            for name in form.errors:
                data.pop(name, None)
            data.setdefault("period", cls.DEFAULT_PERIOD)
            form = cls(data, **choices)
            form.is_valid()
        return form


class WebhookForm(Form):
    url = forms.URLField(label=_("Адрес (https://…)"), assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("События"), choices=Webhook.Event.choices, widget=forms.CheckboxSelectMultiple
    )
