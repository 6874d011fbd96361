"""Forms of touchpoint standards."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lib.forms import Form
from standards.models import Answer, Check, Remedy, Requirement


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one field (a phone's camera or gallery): a list, maybe empty."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data if d]
        return [one(data, initial)] if data else []


def check_form(check: Check, data: Any = None, files: Any = None) -> Form:
    """One radio group, one comment and, for a measured requirement, the value measured,
    per requirement of the check's list: «неприменимо» only where the requirement may be
    not applicable (R29). What the checker saved, or the product filled from its own data,
    is there already. A mystery visit or call asks when it was made; photos go with it."""
    fields: dict[str, forms.Field] = {}
    requirements: list[Requirement] = list(check.requirement_list.requirements.all())
    initial: dict[str, Any] = {}
    if check.kind != Check.Kind.SELF:
        fields["visited_at"] = forms.DateTimeField(
            label=_("Когда был визит или звонок"),
            help_text=_("Дата и время, например 2026-12-07 11:30."),
            required=False,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
    for r in requirements:
        choices = [
            (value, label)
            for value, label in Answer.Result.choices
            if value != Answer.Result.NA or r.can_be_na
        ]
        saved = check.draft.get(str(r.pk), {})
        hint = str(_("Как проверяют: {m}.")).format(m=r.get_method_display())
        if saved.get("auto"):
            hint += " " + str(_("Заполнено по данным Клиентоцентра — проверьте."))
        fields[f"r{r.pk}"] = forms.ChoiceField(
            label=f"{r.code}. {r.text}",
            choices=choices,
            widget=forms.RadioSelect,
            help_text=hint,
            required=False,  # «Сохранить» keeps a part; «Завершить» needs every one
        )
        fields[f"r{r.pk}"].required_to_finish = True  # type: ignore[attr-defined]
        if r.unit:
            limit = (
                " "
                + str(_("Норма — не больше {limit} {unit}.")).format(
                    limit=localize(r.limit.normalize()), unit=r.unit
                )
                if r.limit is not None
                else ""
            )
            fields[f"v{r.pk}"] = forms.DecimalField(
                label=_("Сколько намерили ({code}), {unit}").format(code=r.code, unit=r.unit),
                help_text=str(_("Число.")) + limit,
                required=False,
                min_value=0,
                max_digits=8,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
            )
        fields[f"c{r.pk}"] = forms.CharField(
            label=_("Что увидели или что не так ({code})").format(code=r.code),
            required=False,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        initial |= {
            f"r{r.pk}": saved.get("result", ""),
            f"c{r.pk}": saved.get("comment", ""),
            f"v{r.pk}": saved.get("value"),
        }
    fields["photos"] = PhotosField(
        label=_("Фото"),
        help_text=_(
            "JPEG, PNG или WebP, до 10 МБ каждое. Снимайте вход, указатели, зоны — не лица. "
            "Место съёмки из фото удаляется."
        ),
        required=False,
    )
    fields["photo_for"] = forms.TypedChoiceField(
        label=_("К какому требованию фото"),
        choices=[
            ("", _("— к проверке в целом —")),
            *[(r.pk, f"{r.code}. {r.text}") for r in requirements],
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )
    form_class = type("CheckForm", (Form,), fields)
    return form_class(data, files, initial=initial)  # type: ignore[no-any-return]


def answers_from(check: Check, cleaned: dict[str, Any]) -> dict[int, tuple[str, str, Any]]:
    return {
        r.pk: (
            cleaned.get(f"r{r.pk}") or "",
            cleaned.get(f"c{r.pk}") or "",
            cleaned.get(f"v{r.pk}"),
        )
        for r in check.requirement_list.requirements.all()
    }


class StartForm(Form):
    """What an editor says when starting a check: its kind, who makes it, how, by when."""

    kind = forms.ChoiceField(
        label=_("Вид проверки"),
        choices=[(value, capfirst(label)) for value, label in Check.Kind.choices],
        widget=forms.RadioSelect,
        initial=Check.Kind.SELF,
    )
    assigned_to: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Тайный покупатель"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— заполню сам —"),
        help_text=_("Только для тайного визита или звонка. Он увидит только эту проверку."),
    )
    scenario = forms.CharField(
        label=_("Сценарий"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Пусто — сценарий для точек этого вида."),
    )
    due_on = forms.DateField(
        label=_("Провести до"),
        required=False,
        help_text=_("Пусто — через 14 дней. Например, 2027-01-31."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, shoppers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = shoppers
        field.label_from_instance = _display_name  # type: ignore[method-assign,assignment]


class ScheduleForm(Form):
    every_days = forms.IntegerField(
        label=_("Проверять каждую точку раз в столько дней"),
        min_value=30,
        max_value=730,
        help_text=_("От 30 до 730 дней."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class RemedyForm(Form):
    what = forms.CharField(
        label=_("Что сделать"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Ответственный"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— не назначен —"),
    )
    due_on = forms.DateField(
        label=_("Срок"),
        help_text=_("Например, 2027-01-31."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people
        field.label_from_instance = _display_name  # type: ignore[method-assign,assignment]

    @classmethod
    def initial_from(cls, remedy: Remedy) -> dict[str, Any]:
        return {"what": remedy.what, "owner": remedy.owner_id, "due_on": remedy.due_on}


def _display_name(user: User) -> str:
    return user.display_name
