"""Forms of the registry pages. They validate input shapes; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import Form
from registry.models import ClientKind, LifeSituation, Need, Service, TimeZone, Touchpoint


class CatalogueSearchForm(Form):
    q = forms.CharField(label=_("Найти жизненную ситуацию"), required=False, max_length=200)
    client_kind = forms.ChoiceField(
        label=_("Для кого"),
        required=False,
        choices=[("", _("Для всех")), *list(ClientKind.choices)],
    )

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        """``kinds``: the clients some published situation is for — a choice that can only
        find nothing is not offered."""
        super().__init__(*args, **kwargs)
        if kinds is not None:
            field = self.fields["client_kind"]
            field.choices = [  # type: ignore[attr-defined]
                ("", _("Для всех")),
                *[(k, label) for k, label in ClientKind.choices if k in kinds],
            ]


class LifeSituationForm(Form):
    title = forms.CharField(label=_("Название"), max_length=200, min_length=3)
    summary = forms.CharField(
        label=_("Кратко для граждан"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Одно-два простых предложения: что это за ситуация и что человек получит."),
    )
    start_event = forms.CharField(
        label=_("Стартовое событие"),
        max_length=300,
        error_messages={
            "required": _("Укажите стартовое событие: с чего начинается жизненная ситуация.")
        },
        help_text=_("С чего начинается ситуация, например «Рождение ребёнка»."),
    )
    final_result = forms.CharField(
        label=_("Конечный ценный результат"),
        max_length=300,
        error_messages={
            "required": _(
                "Укажите конечный ценный результат: чем ситуация заканчивается для клиента."
            )
        },
        help_text=_("Чем ситуация заканчивается для клиента."),
    )
    time_bound_days = forms.IntegerField(label=_("Срок, дней"), min_value=1, max_value=36500)
    for_citizens = forms.BooleanField(label=_("Для граждан"), required=False, initial=True)
    for_business = forms.BooleanField(label=_("Для бизнеса"), required=False)
    for_internal = forms.BooleanField(
        label=_("Для внутренних клиентов (госслужащих)"), required=False
    )

    @classmethod
    def initial_from(cls, life_situation: LifeSituation) -> dict[str, Any]:
        return {name: getattr(life_situation, name) for name in cls.base_fields}


def _service_label(obj: Service) -> str:
    return f"{obj.title} — {obj.body.short_name} ({obj.get_kind_display().lower()})"


class StepForm(Form):
    service = forms.ModelChoiceField(
        label=_("Услуга или функция"),
        queryset=Service.objects.select_related("body"),
        empty_label=_("Выберите услугу или функцию"),
    )
    note = forms.CharField(label=_("Пояснение для клиента"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.label_from_instance = _service_label  # type: ignore[method-assign]


class NeedForm(Form):
    title = forms.CharField(label=_("Потребность"), max_length=300, min_length=3)
    status = forms.ChoiceField(label=_("Статус"), choices=Need.Status.choices)
    reason = forms.CharField(
        label=_("Почему не может быть удовлетворена"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Обязательно для статуса «Не может быть удовлетворена». Публикуется как ответ."
        ),
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Какие услуги и функции её удовлетворяют"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Из шагов этой жизненной ситуации."),
    )

    def __init__(self, *args: Any, steps: Any = (), **kwargs: Any) -> None:
        """``steps``: the life situation's steps; their services are the choices."""
        super().__init__(*args, **kwargs)
        field = self.fields["services"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Service.objects.filter(pk__in=[s.service_id for s in steps]).order_by(
            "title"
        )
        if not steps:
            del self.fields["services"]


class PublishForm(Form):
    comment = forms.CharField(
        label=_("Что изменилось"),
        required=False,
        max_length=300,
        help_text=_("Коротко, для истории версий."),
    )


class ServiceForm(Form):
    title = forms.CharField(label=_("Наименование"), max_length=300, min_length=3)
    kind = forms.ChoiceField(label=_("Вид"), choices=Service.Kind.choices)
    description = forms.CharField(
        label=_("Описание"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_basis = forms.CharField(
        label=_("Правовое основание"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_electronic = forms.BooleanField(label=_("Доступна в электронном виде"), required=False)
    offline_preferred = forms.BooleanField(
        label=_("Не электронная, потому что аудитория предпочитает другой формат"),
        help_text=_("Исключение, которое допускает стандарт. Укажите причину ниже."),
        required=False,
    )
    offline_reason = forms.CharField(
        label=_("Какой формат предпочитает аудитория и откуда это известно"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_proactive = forms.BooleanField(label=_("Предоставляется проактивно"), required=False)
    documents_to_bring = forms.CharField(
        label=_("Документы, которые клиент должен принести сам"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    other_services_required = forms.CharField(
        label=_("Другие услуги, разрешения, экспертизы, которых требует услуга"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    one_window = forms.BooleanField(
        label=_("По принципу одного окна / одного клика"), required=False
    )
    waiting_days = forms.IntegerField(
        label=_("Типичный срок ожидания, дней"), min_value=0, max_value=3650, initial=0
    )
    waiting_target_days = forms.IntegerField(
        label=_("Цель органа по сроку ожидания, дней"),
        help_text=_("По стандарту ожидание стремится к нулю. Здесь — цель вашего органа."),
        min_value=0,
        max_value=3650,
        required=False,
    )
    who_can_get = forms.CharField(
        label=_("Кто может получить"),
        help_text=_("Простыми словами, для человека: «родители ребёнка до трёх лет»."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cost = forms.CharField(
        label=_("Сколько стоит"),
        help_text=_("Например: «бесплатно» или «госпошлина 350 ₽»."),
        required=False,
        max_length=200,
    )
    apply_url = forms.URLField(
        label=_("Где подать заявление"),
        help_text=_("Ссылка на заявление, например на Госуслугах."),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    @classmethod
    def initial_from(cls, service: Service) -> dict[str, Any]:
        return {name: getattr(service, name) for name in cls.base_fields}


class DigitalServiceForm(Form):
    """A digital service of the body and what it implements (R2)."""

    title = forms.CharField(
        label=_("Наименование"),
        max_length=300,
        min_length=3,
        help_text=_("Например: «Госуслуги», «Личный кабинет налогоплательщика»."),
        error_messages={
            "required": _("Назовите сервис."),
            "min_length": _("Наименование — не короче трёх знаков."),
        },
    )
    url = forms.URLField(
        label=_("Адрес"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": _("Адрес записан неверно. Пример: https://www.gosuslugi.ru")},
    )
    implements: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Какие услуги и функции реализует"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Услуги любых органов: один портал помогает получить услуги многих."),
        error_messages={
            "required": _("Отметьте хотя бы одну услугу или функцию."),
            "invalid_choice": _("Такой услуги нет в реестре."),
        },
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["implements"]
        field.queryset = services  # type: ignore[attr-defined]
        field.label_from_instance = _service_label  # type: ignore[attr-defined]


class SynonymForm(Form):
    word = forms.CharField(
        label=_("Слово, которое пишут люди"),
        help_text=_("Одно слово в любой форме: «переехал», «детсад»."),
        max_length=100,
    )
    means = forms.CharField(
        label=_("Как это называется в реестре"),
        help_text=_("Слово или фраза из названий и текстов ситуаций: «переезд», «детский сад»."),
        max_length=200,
    )


class TouchpointForm(Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=Touchpoint.Kind.choices)
    title = forms.CharField(label=_("Наименование"), max_length=300, min_length=3)
    address = forms.CharField(label=_("Адрес"), required=False, max_length=300)
    url = forms.URLField(label=_("Ссылка"), required=False, assume_scheme="https")
    time_zone = forms.ChoiceField(
        label=_("Часовой пояс"),
        choices=TimeZone.choices,
        initial=TimeZone.MOSCOW,
        required=False,
        help_text=_("Для очной точки: по нему показываем время приёма. Без выбора — московское."),
    )

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"] or TimeZone.MOSCOW


def _day_field(day: int, help_text: Any = "") -> forms.CharField:
    from registry.hours import DAYS

    return forms.CharField(
        label=DAYS[day],
        required=False,
        max_length=60,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )


class TouchpointPlaceForm(TouchpointForm):
    """What a person needs to know about the place: the registration's fields (the kind
    stays — its requirement list depends on it), then hours a day at a time,
    accessibility, languages, Wi-Fi, the stop, the phone and the services delivered."""

    phone = forms.CharField(label=_("Телефон"), required=False, max_length=40)
    open_24_7 = forms.BooleanField(label=_("Работает круглосуточно, без выходных"), required=False)
    accessibility = forms.MultipleChoiceField(
        label=_("Доступность"),
        choices=Touchpoint.Accessibility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Отметьте то, что есть на месте сейчас. Граждане увидят это на странице места."
        ),
    )
    languages = forms.CharField(
        label=_("Языки, кроме русского"),
        required=False,
        max_length=300,
        help_text=_(
            "Через запятую: английский, китайский. Если объясняют только по-русски — пусто."
        ),
    )
    guest_wifi = forms.BooleanField(label=_("Бесплатный гостевой Wi-Fi"), required=False)
    transport_stop = forms.CharField(
        label=_("Ближайшая остановка общественного транспорта"), required=False, max_length=200
    )
    day_0, day_1, day_2, day_3, day_4, day_5, day_6 = (_day_field(d) for d in range(7))
    services = forms.ModelMultipleChoiceField(
        label=_("Какие услуги и функции здесь получают"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, touchpoint: Touchpoint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        # a one-window centre delivers any body's services; another place, its body's own
        field = self.fields["services"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        from registry.selectors import services_deliverable_at

        field.queryset = services_deliverable_at(touchpoint)
        field.label_from_instance = _service_label  # type: ignore[method-assign]
        order = [
            "title", "address", "url", "time_zone", "phone", "transport_stop", "open_24_7",
            *(f"day_{d}" for d in range(7)), "accessibility", "languages", "guest_wifi",
            "services",
        ]  # fmt: skip
        self.order_fields(order)

    @classmethod
    def initial_from(cls, touchpoint: Touchpoint) -> dict[str, Any]:
        from registry import hours

        return {
            "title": touchpoint.title,
            "address": touchpoint.address,
            "url": touchpoint.url,
            "time_zone": touchpoint.time_zone,
            "phone": touchpoint.phone,
            "open_24_7": touchpoint.open_24_7,
            **{
                f"day_{d}": hours.day_text(touchpoint.opening_hours.get(str(d), []))
                for d in range(7)
            },
            "accessibility": touchpoint.accessibility,
            "languages": ", ".join(touchpoint.languages),
            "guest_wifi": touchpoint.guest_wifi,
            "transport_stop": touchpoint.transport_stop,
            "services": [s.pk for s in touchpoint.services.all()],
        }

    def clean(self) -> dict[str, Any]:
        """The days typed become the week's hours; a day that cannot be read is explained
        next to its own field."""
        from django.core.exceptions import ValidationError

        from registry import hours

        cleaned = super().clean() or {}
        week: dict[str, list[list[str]]] = {}
        for day in range(7):
            try:
                intervals = hours.parse_day(cleaned.get(f"day_{day}", ""))
            except ValidationError as exc:
                self.add_error(f"day_{day}", exc)
                continue
            if intervals:
                week[str(day)] = intervals
        cleaned["opening_hours"] = week
        cleaned["language_list"] = [
            part for part in (cleaned.get("languages") or "").split(",") if part.strip()
        ]
        return cleaned
