"""Forms of the segments pages. They check input shapes; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import Form, ascii_int
from registry import selectors as registry_selectors
from segments.models import (
    Attribute,
    CapacityDirection,
    CapacitySource,
    Direction,
    Finding,
    Hypothesis,
    SatisfactionSource,
    Segment,
    Study,
    StudyNote,
    UniquenessSource,
)

DATE = forms.DateInput(attrs={"type": "date"})
#: More people than live on Earth is a typing error, and beyond 2⁶³ the database would fail.
MAX_PERSONS = 10**10


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("— не выбрано —")), *list(choices)]


class SegmentForm(Form):
    code = forms.CharField(
        label=_("Код сегмента"), max_length=20, help_text=_("Например, «1.1» или «МС-3».")
    )
    name = forms.CharField(label=_("Название"), max_length=200, min_length=3)
    target = forms.ChoiceField(
        label=_("Чья это аудитория"), choices=Segment.Target.choices, widget=forms.RadioSelect
    )
    life_situation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Жизненная ситуация"), queryset=None, required=False
    )
    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Услуга или функция"), queryset=None, required=False
    )
    direction = forms.ChoiceField(
        label=_("Направление деятельности"), choices=_blank(Direction.choices), required=False
    )
    is_potential = forms.BooleanField(
        label=_("Потенциальные клиенты: имеют право, но не обращаются"), required=False
    )
    description = forms.CharField(
        label=_("Описание"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        life_situations = registry_selectors.life_situations_visible_to(body_id=body_id)
        self.fields["life_situation"].queryset = life_situations.order_by("title")  # type: ignore[attr-defined]
        self.fields["service"].queryset = registry_selectors.services_list().order_by("title")  # type: ignore[attr-defined]


class ProfileForm(Form):
    """The profile's texts, channels and priority inputs, with the reason for the change."""

    name = forms.CharField(label=_("Название"), max_length=200, min_length=3)
    description = forms.CharField(
        label=_("Описание"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_potential = forms.BooleanField(
        label=_("Потенциальные клиенты: имеют право, но не обращаются"), required=False
    )
    journey_features = forms.CharField(
        label=_("Особенности клиентского пути"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    typical_problems = forms.CharField(
        label=_("Типичные проблемы"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.CharField(
        label=_("Потребности"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    preferred_channels = forms.MultipleChoiceField(
        label=_("Предпочтительные каналы"),
        choices=registry_selectors.touchpoint_kinds,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_touchpoints: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Предпочтительные точки взаимодействия"),
        queryset=None,
        required=False,
        help_text=_("Чтобы выбрать несколько, удерживайте Ctrl."),
    )
    personalisation_plan = forms.CharField(
        label=_("План персонализации пути"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Что орган изменит в пути для этого сегмента. Войдёт в годовой отчёт."),
    )
    capacity = forms.IntegerField(
        label=_("Ёмкость, человек"), required=False, min_value=0, max_value=MAX_PERSONS
    )
    capacity_source = forms.ChoiceField(
        label=_("Источник ёмкости"), choices=_blank(CapacitySource.choices), required=False
    )
    capacity_as_of = forms.DateField(label=_("Ёмкость на дату"), required=False, widget=DATE)
    capacity_direction = forms.ChoiceField(
        label=_("Как ёмкость влияет на приоритет"),
        choices=[("", _("Как выбрал орган для всех сегментов")), *CapacityDirection.choices],
        required=False,
        help_text=_(
            "Приоритетным может быть и самый массовый сегмент, и самый узкий: например, "
            "семьи с детьми-инвалидами."
        ),
    )
    satisfaction = forms.DecimalField(
        label=_("Удовлетворённость, от 1 до 5"),
        required=False,
        min_value=1,
        max_value=5,
        decimal_places=2,
    )
    satisfaction_source = forms.ChoiceField(
        label=_("Источник удовлетворённости"),
        # The clients' ratings have their own place beside this one (R9).
        choices=_blank(c for c in SatisfactionSource.choices if c[0] != SatisfactionSource.RATINGS),
        required=False,
    )
    satisfaction_as_of = forms.DateField(
        label=_("Удовлетворённость на дату"), required=False, widget=DATE
    )
    uniqueness = forms.IntegerField(
        label=_("Уникальность проблем, от 1 до 5"), required=False, min_value=1, max_value=5
    )
    uniqueness_source = forms.ChoiceField(
        label=_("Источник уникальности"), choices=_blank(UniquenessSource.choices), required=False
    )
    uniqueness_as_of = forms.DateField(label=_("Уникальность на дату"), required=False, widget=DATE)
    entitled_count = forms.IntegerField(
        label=_("Имеют право, человек"), required=False, min_value=0, max_value=MAX_PERSONS
    )
    applicants_count = forms.IntegerField(
        label=_("Из них обратились, человек"), required=False, min_value=0, max_value=MAX_PERSONS
    )
    blind_zone_as_of = forms.DateField(label=_("Слепая зона на дату"), required=False, widget=DATE)
    expert_priority = forms.IntegerField(
        label=_("Экспертная позиция органа, от 1 до 5"), required=False, min_value=1, max_value=5
    )
    expert_note = forms.CharField(
        label=_("Обоснование экспертной позиции"), required=False, max_length=500
    )
    reason = forms.CharField(
        label=_("Почему меняете профиль"),
        max_length=300,
        help_text=_("Сохранится в истории версий, например «данные Росстата за 2026 год»."),
        error_messages={"required": _("Напишите, почему меняете профиль.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        touchpoints = registry_selectors.touchpoints_list().order_by("title")
        self.fields["preferred_touchpoints"].queryset = touchpoints  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, segment: Segment) -> dict[str, Any]:
        initial = {
            name: getattr(segment, name)
            for name in cls.base_fields
            if name not in {"reason", "preferred_touchpoints"}
        }
        initial["preferred_touchpoints"] = list(segment.preferred_touchpoints.all())
        return initial


class AttributeValueForm(Form):
    """An attribute of the catalogue, then its allowed values as a choice (R5): radios, or
    checkboxes where the catalogue allows several. The values appear once the attribute
    is chosen (bound to the request, or ``chosen``)."""

    attribute = forms.ModelChoiceField(
        label=_("Признак"),
        queryset=Attribute.objects.none(),
        empty_label=_("— выберите признак —"),
        error_messages={"required": _("Выберите признак.")},
    )

    def __init__(
        self,
        *args: Any,
        attributes: Any,
        chosen: Attribute | None = None,
        current: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attribute"].queryset = attributes  # type: ignore[attr-defined]
        if chosen is None and self.is_bound:
            pk = ascii_int(self.data.get(self.add_prefix("attribute")))
            chosen = attributes.filter(pk=pk).first() if pk else None
        self.chosen = chosen
        if chosen is None:
            return
        self.initial["attribute"] = chosen.pk
        choices = list(zip(chosen.values, chosen.value_labels, strict=True))
        field: forms.Field
        if chosen.multiple:
            field = forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Можно выбрать несколько."),
            )
        else:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
        field.label = _("Значение признака «%s»") % chosen.name
        field.error_messages["required"] = _("Выберите значение признака «%s».") % chosen.name
        self.fields["values"] = field
        if current:
            self.initial["values"] = current if chosen.multiple else current[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        picked = data.get("values")
        if isinstance(picked, str):
            data["values"] = [picked]
        return data


class HypothesisForm(Form):
    kind = forms.ChoiceField(label=_("О чём гипотеза"), choices=Hypothesis.Kind.choices)
    statement = forms.CharField(label=_("Гипотеза"), max_length=500, min_length=5)


class HypothesisCheckForm(Form):
    status = forms.ChoiceField(label=_("Результат"), choices=Hypothesis.Status.choices)
    evidence = forms.CharField(
        label=_("Доказательства"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttributeForm(Form):
    name = forms.CharField(label=_("Признак"), max_length=200, min_length=2)
    source_kind = forms.ChoiceField(
        label=_("Источник"), choices=Attribute.SourceKind.choices, widget=forms.RadioSelect
    )
    source_note = forms.CharField(
        label=_("Уточнение источника"),
        required=False,
        max_length=300,
        help_text=_("Например, номер и дата нормативного акта."),
    )
    values = forms.CharField(
        label=_("Допустимые значения"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Каждое значение с новой строки."),
    )
    multiple = forms.BooleanField(
        label=_("Можно выбрать несколько значений"),
        required=False,
        help_text=_("Например, каналы обращения: человек пользуется несколькими."),
    )

    def clean_values(self) -> list[str]:
        return [v.strip() for v in self.cleaned_data["values"].splitlines() if v.strip()]


class StudyForm(Form):
    title = forms.CharField(label=_("Название"), max_length=200, min_length=3)
    method = forms.ChoiceField(label=_("Метод"), choices=Study.Method.choices)
    held_on = forms.DateField(label=_("Дата проведения"), required=False, widget=DATE)


class RespondentForm(Form):
    code = forms.CharField(
        label=_("Код респондента"),
        max_length=30,
        help_text=_("Псевдоним, например «Р-07». Не пишите имя и контакты."),
    )
    segment = forms.ModelChoiceField(
        label=_("Представляет сегмент"), queryset=Segment.objects.none()
    )
    consent = forms.BooleanField(
        label=_("Респондент дал согласие на участие в исследовании"),
        required=False,
    )
    note = forms.CharField(label=_("Заметка"), required=False, max_length=300)

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.filter(body_id=body_id)  # type: ignore[attr-defined]


class NoteForm(Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=StudyNote.Kind.choices)
    text = forms.CharField(label=_("Текст"), widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(Form):
    hypothesis = forms.ModelChoiceField(label=_("Гипотеза"), queryset=Hypothesis.objects.none())
    verdict = forms.ChoiceField(label=_("Вывод"), choices=Finding.Verdict.choices)
    text = forms.CharField(label=_("Что выяснили"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hypothesis"].queryset = Hypothesis.objects.filter(  # type: ignore[attr-defined]
            segment__body_id=body_id
        ).select_related("segment")
        self.fields["hypothesis"].label_from_instance = (  # type: ignore[attr-defined]
            lambda h: f"{h.segment.code}: {h.statement} ({h.get_status_display().lower()})"
        )


class FinishStudyForm(Form):
    summary = forms.CharField(
        label=_("Итоги исследования"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class WeightsForm(Form):
    capacity_direction = forms.ChoiceField(
        label=_("Как ёмкость влияет на приоритет"),
        choices=CapacityDirection.choices,
        widget=forms.RadioSelect,
        help_text=_("Для всех сегментов органа. Сегмент может выбрать иначе в своём профиле."),
        error_messages={"required": _("Выберите, как ёмкость влияет на приоритет.")},
    )
    capacity = forms.IntegerField(label=_("Ёмкость"), min_value=0, max_value=100)
    satisfaction = forms.IntegerField(label=_("Неудовлетворённость"), min_value=0, max_value=100)
    uniqueness = forms.IntegerField(label=_("Уникальность проблем"), min_value=0, max_value=100)
    blind_zone = forms.IntegerField(label=_("Слепая зона"), min_value=0, max_value=100)
    expert = forms.IntegerField(label=_("Экспертная позиция органа"), min_value=0, max_value=100)


class CompareForm(Form):
    a = forms.IntegerField(label=_("Версия слева"), min_value=1)
    b = forms.IntegerField(label=_("Версия справа"), min_value=1)


class PublishForm(Form):
    """What research found, for the public page of a life situation: written for the
    people who live the situation, without a name or a contact in it."""

    life_situation = forms.TypedChoiceField(
        label=_("На странице какой жизненной ситуации"),
        coerce=int,
        error_messages={
            "required": _("Выберите жизненную ситуацию."),
            "invalid_choice": _("Выберите жизненную ситуацию из списка."),
        },
    )
    title = forms.CharField(
        label=_("Что изучали"),
        help_text=_("Заголовок на странице, без имён участников."),
        max_length=200,
        error_messages={"required": _("Напишите, что изучали.")},
    )
    found = forms.CharField(
        label=_("Что узнали"),
        help_text=_("Простыми словами: что рассказали люди и что подтвердилось."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Напишите, что узнали.")},
    )
    changes = forms.CharField(
        label=_("Что изменится"),
        help_text=_("Что орган сделает по итогам и когда люди это заметят."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Напишите, что изменится.")},
    )

    def __init__(self, *args: Any, situations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["life_situation"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Выберите")), *((ls.pk, ls.title) for ls in situations)]
