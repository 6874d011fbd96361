"""Forms of touchpoint standards."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lib.forms import Form
from standards.models import Answer, Check, Remedy, Requirement


def check_form(check: Check, data: Any = None) -> Form:
    """One radio group and one comment per requirement of the check's list: «неприменимо»
    only where the requirement may be not applicable (R29)."""
    fields: dict[str, forms.Field] = {}
    requirements: list[Requirement] = list(check.requirement_list.requirements.all())
    for r in requirements:
        choices = [
            (value, label)
            for value, label in Answer.Result.choices
            if value != Answer.Result.NA or r.can_be_na
        ]
        fields[f"r{r.pk}"] = forms.ChoiceField(
            label=f"{r.code}. {r.text}",
            choices=choices,
            widget=forms.RadioSelect,
            help_text=_("Как проверяют: {m}.").format(m=r.get_method_display()),
            required=True,
        )
        fields[f"c{r.pk}"] = forms.CharField(
            label=_("Что увидели или что не так ({code})").format(code=r.code),
            required=False,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    form_class = type("CheckForm", (Form,), fields)
    return form_class(data)  # type: ignore[no-any-return]


def answers_from(check: Check, cleaned: dict[str, Any]) -> dict[int, tuple[str, str]]:
    return {
        r.pk: (cleaned.get(f"r{r.pk}") or "", cleaned.get(f"c{r.pk}") or "")
        for r in check.requirement_list.requirements.all()
    }


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
