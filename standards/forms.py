"""Forms of touchpoint standards."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
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
    if check.draft.get("visited_at"):  # as typed: the place's local time
        saved = dt.datetime.fromisoformat(check.draft["visited_at"])
        zone = ZoneInfo(check.touchpoint.time_zone)
        initial["visited_at"] = timezone.localtime(saved, zone).strftime("%Y-%m-%dT%H:%M")
    if check.kind != Check.Kind.SELF:
        fields["visited_at"] = forms.DateTimeField(
            label=_("Когда был визит или звонок"),
            help_text=_("Дата и время по времени места ({zone}).").format(
                zone=check.touchpoint.get_time_zone_display()
            ),
            required=False,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
        fields["visited_at"].required_to_finish = True  # type: ignore[attr-defined]
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
            if check.kind != Check.Kind.SELF:  # a mystery check says what it measured
                fields[f"v{r.pk}"].required_to_finish = True  # type: ignore[attr-defined]
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


#: Blank rows offered under a list's requirements for new ones.
NEW_ROWS = 3
ROW_FIELDS = ("code", "text", "method", "weight", "can_be_na", "unit", "limit", "driver", "source")


def list_form(requirement_list: Any, data: Any = None) -> Form:
    """A list's requirements as rows to edit, and blank rows to add (a row left blank is
    skipped; «убрать» takes one out). Saved as the list's next version."""
    from feedback.selectors import driver_choices

    requirements = list(requirement_list.requirements.all())
    count = len(requirements) + NEW_ROWS
    fields: dict[str, forms.Field] = {
        "title": forms.CharField(label=_("Название списка"), max_length=200),
        "source": forms.CharField(label=_("Откуда требования"), max_length=300),
    }
    initial: dict[str, Any] = {
        "title": requirement_list.title,
        "source": requirement_list.source,
    }
    for i in range(count):
        n = i + 1
        fields |= {
            f"code_{i}": forms.CharField(
                label=_("Код ({n})").format(n=n), max_length=20, required=False
            ),
            f"text_{i}": forms.CharField(
                label=_("Требование ({n})").format(n=n),
                max_length=500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
            f"method_{i}": forms.ChoiceField(
                label=_("Как проверяют ({n})").format(n=n),
                choices=[("", "—"), *Requirement.Method.choices],
                required=False,
            ),
            f"weight_{i}": forms.IntegerField(  # 1–5: the service says so with the rest
                label=_("Вес от 1 до 5 ({n})").format(n=n),
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            ),
            f"can_be_na_{i}": forms.BooleanField(
                label=_("Может быть неприменимо ({n})").format(n=n), required=False
            ),
            f"unit_{i}": forms.CharField(
                label=_("Единица измерения ({n})").format(n=n),
                max_length=10,
                required=False,
                help_text=_("Только для измеряемого, например «мин»."),
            ),
            f"limit_{i}": forms.DecimalField(
                label=_("Норма, не больше ({n})").format(n=n),
                required=False,
                max_digits=8,
                decimal_places=1,
            ),
            f"driver_{i}": forms.ChoiceField(
                label=_("С какой причиной оценки сравнивать ({n})").format(n=n),
                choices=[("", _("— ни с какой —")), *driver_choices()],
                required=False,
            ),
            f"source_{i}": forms.CharField(
                label=_("Источник ({n})").format(n=n),
                max_length=200,
                required=False,
                help_text=_("Пусто — источник списка."),
            ),
            f"remove_{i}": forms.BooleanField(
                label=_("Убрать из списка ({n})").format(n=n), required=False
            ),
        }
        if i < len(requirements):
            r = requirements[i]
            initial |= {
                f"code_{i}": r.code,
                f"text_{i}": r.text,
                f"method_{i}": r.method,
                f"weight_{i}": r.weight,
                f"can_be_na_{i}": r.can_be_na,
                f"unit_{i}": r.unit,
                f"limit_{i}": r.limit,
                f"driver_{i}": r.driver,
                f"source_{i}": "" if r.source == requirement_list.source else r.source,
            }
    for i in range(count):  # needed in a row that is filled in
        for name in ("code", "text", "method", "weight"):
            fields[f"{name}_{i}"].required_to_finish = True  # type: ignore[attr-defined]
    form_class = type("ListForm", (Form,), fields)
    form: Form = form_class(data, initial=initial)
    form.row_count = count  # type: ignore[attr-defined]
    return form


def items_from(form: Form) -> tuple[list[dict[str, Any]], list[int]]:
    """The rows to keep, and for each its row number on the form (for errors)."""
    data = form.cleaned_data
    items, rows = [], []
    for i in range(form.row_count):  # type: ignore[attr-defined]
        if data.get(f"remove_{i}"):
            continue
        values = {name: data.get(f"{name}_{i}") for name in ROW_FIELDS}
        if not (values["code"] or values["text"]):
            continue  # a blank row
        items.append(values)
        rows.append(i)
    return items, rows
