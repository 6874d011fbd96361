"""Forms of the journey-map pages; every problem is shown next to its field in Russian."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from journeys.models import Emotion, Stage
from lib.forms import Form
from registry import selectors as registry_selectors
from segments import selectors as segments_selectors

LANE_HELP = _("Каждый пункт с новой строки.")


class MapForm(Form):
    title = forms.CharField(
        label=_("Название"),
        max_length=200,
        required=False,
        help_text=_("Если оставить пустым — сегмент и услуга."),
    )
    segment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Сегмент"), queryset=None, empty_label=_("— не выбрано —")
    )
    variant = forms.CharField(
        label=_("Вариант процесса"),
        max_length=200,
        help_text=_("Например, «онлайн на Госуслугах» или «лично в МФЦ»."),
    )
    life_situation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Жизненная ситуация целиком"),
        queryset=None,
        required=False,
        empty_label=_("— не выбрано —"),
    )
    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("или одна услуга"),
        queryset=None,
        required=False,
        empty_label=_("— не выбрано —"),
    )

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        segments = segments_selectors.segments_of_body(body_id=body_id)
        situations = registry_selectors.life_situations_visible_to(body_id=body_id)
        self.fields["segment"].queryset = segments  # type: ignore[attr-defined]
        self.fields["life_situation"].queryset = situations.order_by("title")  # type: ignore[attr-defined]
        self.fields["service"].queryset = registry_selectors.services_list().order_by("title")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("service")) == bool(data.get("life_situation")):
            self.add_error(
                "life_situation",
                _("Выберите жизненную ситуацию целиком или одну услугу — что-то одно."),
            )
        return data


class MapEditForm(Form):
    title = forms.CharField(label=_("Название"), max_length=200)
    segment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Сегмент"), queryset=None)
    variant = forms.CharField(label=_("Вариант процесса"), max_length=200)
    public_changes = forms.CharField(
        label=_("Что будет по-новому — для граждан"),
        required=False,
        help_text=_(
            "Только это люди увидят о карте TO BE на странице жизненной ситуации, когда "
            "карту опубликуют. Каждое изменение с новой строки, просто и без терминов: "
            "«Пособие назначат само, заявление писать не нужно»."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, body_id: int, to_be: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        segments = segments_selectors.segments_of_body(body_id=body_id)
        self.fields["segment"].queryset = segments  # type: ignore[attr-defined]
        if not to_be:  # the process as it is: its stages' own texts speak to citizens
            del self.fields["public_changes"]


class StageForm(Form):
    title = forms.CharField(
        label=_("Этап"),
        max_length=200,
        help_text=_("Что происходит с точки зрения клиента, например «Узнаёт о выплате»."),
    )
    goal = forms.CharField(label=_("Цель клиента"), widget=forms.Textarea(attrs={"rows": 2}))
    actions = forms.CharField(
        label=_("Действия клиента"), help_text=LANE_HELP, widget=forms.Textarea(attrs={"rows": 3})
    )
    expectations = forms.CharField(
        label=_("Ожидания"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    emotion = forms.TypedChoiceField(
        label=_("Эмоция"), choices=Emotion.choices, coerce=int, widget=forms.RadioSelect
    )
    emotion_score = forms.IntegerField(
        label=_("Эмоция точнее, от 1 до 5"),
        min_value=1,
        max_value=5,
        required=False,
    )
    pains = forms.CharField(
        label=_("Боли и барьеры"),
        required=False,
        help_text=LANE_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    positives = forms.CharField(
        label=_("Позитивный опыт"),
        required=False,
        help_text=LANE_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    recommendations = forms.CharField(
        label=_("Рекомендации"),
        required=False,
        help_text=LANE_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    advice = forms.CharField(
        label=_("Что сделать — для граждан"),
        required=False,
        help_text=_(
            "Это увидят люди на странице жизненной ситуации, когда карту AS IS опубликуют. "
            "Пишите человеку и просто: «Подайте заявление на Госуслугах». "
            "Заметки исследователей сюда не пишите."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    touchpoints: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Точки взаимодействия"),
        queryset=None,
        required=False,
        help_text=_("Чтобы выбрать несколько, удерживайте Ctrl."),
    )
    services: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Услуги этапа"),
        queryset=None,
        required=False,
    )
    minutes = forms.IntegerField(
        label=_("Время клиента, минут"), min_value=0, max_value=525_600, required=False
    )
    cost = forms.DecimalField(
        label=_("Затраты клиента, ₽"), min_value=0, max_digits=12, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, journey_map: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        touchpoints = registry_selectors.touchpoints_list().order_by("title")
        self.fields["touchpoints"].queryset = touchpoints  # type: ignore[attr-defined]
        if journey_map.service_id:
            del self.fields["services"]  # a single service's map: every stage is that service
        else:
            steps = registry_selectors.life_situation_services(
                life_situation_id=journey_map.life_situation_id
            )
            self.fields["services"].queryset = steps.order_by("title")  # type: ignore[attr-defined]
        self.fields["emotion"].widget.attrs["class"] = "govuk-radios__input"


class CellForm(Form):
    """One lane of one stage, edited in place."""

    def __init__(self, *args: Any, name: str, journey_map: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[name] = StageForm(journey_map=journey_map).fields[name]


def stage_initial(stage: Stage) -> dict[str, Any]:
    return {
        **{
            name: getattr(stage, name)
            for name in (
                "title",
                "goal",
                "actions",
                "expectations",
                "emotion",
                "emotion_score",
                "pains",
                "positives",
                "recommendations",
                "advice",
                "minutes",
                "cost",
            )
        },
        "touchpoints": list(stage.touchpoints.all()),
        "services": list(stage.services.all()),
    }


class CommentForm(Form):
    text = forms.CharField(
        label=_("Комментарий для коллег"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NeedForm(Form):
    title = forms.CharField(label=_("Потребность"), max_length=300)


class VersionForm(Form):
    note = forms.CharField(label=_("Что изменилось"), max_length=300, required=False)
