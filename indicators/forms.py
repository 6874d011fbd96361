"""Forms of indicators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.catalogue import CATALOGUE, Definition
from lib.forms import Form


def _shown(d: Definition, value: Decimal | None) -> Decimal | None:
    """A target as typed: a share in per cent."""
    if value is None:
        return None
    shown = (value * 100).quantize(Decimal("0.1")) if d.unit == "share" else value
    return Decimal(f"{shown.normalize():f}")


def targets_form(targets: dict[str, Any], people: Any, data: Any = None) -> Form:
    """One target and one owner per indicator; an empty target leaves the standard's."""
    fields: dict[str, forms.Field] = {}
    initial: dict[str, Any] = {}
    for d in CATALOGUE:
        unit = {"share": "%", "score": _("из 5"), "days": _("дней"), "rub": "₽"}[d.unit]
        standard = (
            _("Пусто — цель стандарта: {t} ({source}).").format(
                t=f"{_shown(d, d.target):f} {unit}".replace(".", ","), source=d.target_source
            )
            if d.target is not None
            else _("Пусто — цели нет.")
        )
        fields[f"target_{d.code}"] = forms.DecimalField(
            label=_("{name}: цель, {unit}").format(name=d.name, unit=unit),
            required=False,
            max_digits=6,
            decimal_places=1,
            help_text=standard,
            localize=True,  # «60,5» as typed in Russian
            widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        )
        fields[f"owner_{d.code}"] = forms.ModelChoiceField(
            label=_("{name}: ответственный").format(name=d.name),
            queryset=people,
            required=False,
            empty_label=_("— не назначен —"),
        )
        mine = targets.get(d.code)
        if mine is not None:
            initial[f"target_{d.code}"] = _shown(d, mine.value)
            initial[f"owner_{d.code}"] = mine.owner_id
    form_class = type("TargetsForm", (Form,), fields)
    form: Form = form_class(data, initial=initial)
    for d in CATALOGUE:
        field = form.fields[f"owner_{d.code}"]
        assert isinstance(field, forms.ModelChoiceField)
        field.label_from_instance = _display_name  # type: ignore[method-assign,assignment]
    return form


def targets_from(cleaned: dict[str, Any]) -> dict[str, tuple[Decimal | None, Any]]:
    found = {}
    for d in CATALOGUE:
        value = cleaned.get(f"target_{d.code}")
        if value is not None and d.unit == "share":
            value = value / 100
        found[d.code] = (value, cleaned.get(f"owner_{d.code}"))
    return found


def _display_name(user: Any) -> str:
    return str(user.display_name)


class CloseForm(Form):
    done = forms.CharField(
        label=_("Что сделали"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Например: добавили окно приёма, очередь сократилась до 10 минут."),
    )


class PlansForm(Form):
    plans = forms.CharField(
        label=_("Что орган сделает в следующем году"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Что изменим, чтобы показатели стали лучше: кто, что и к какому сроку. "
            "Черновик можно сохранить и без них, а утвердить отчёт — нет."
        ),
    )


class RublesField(forms.DecimalField):
    """Rubles as typed in Russian: «12 000,50», groups of thousands by spaces."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "").replace("₽", "")
        return super().to_python(value)


class CostForm(Form):
    quarter = forms.ChoiceField(label=_("Квартал"))
    amount = RublesField(
        label=_("Затраты за квартал, ₽"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        help_text=_("Всё, что услуга стоила органу за квартал: зарплаты, помещения, связь."),
    )

    def __init__(self, services: Any, quarters: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {  # the service first, from the body's own services
            "service": forms.ModelChoiceField(label=_("Услуга"), queryset=services),
            **self.fields,
        }
        choice = self.fields["quarter"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [(q.code, q.label) for q in reversed(quarters)]


class CostFileForm(Form):
    file = forms.FileField(
        label=_("Файл CSV или XLSX"),
        help_text=_(
            "Столбцы: «услуга» (код услуги из реестра), «квартал» (например, 2026-Q3), "
            "«затраты» (рубли). Принимаем весь файл или ничего."
        ),
    )
