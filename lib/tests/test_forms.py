"""submit(): one way a page submits a form to a service, with every problem next to its
field and nothing saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from lib.forms import submit


class TitleForm(forms.Form):
    title = forms.CharField(max_length=20)


def test_a_valid_form_hands_its_data_to_the_service_and_returns_its_answer() -> None:
    form = TitleForm({"title": "Пособие"})
    assert submit(form, lambda data: f"сохранено: {data['title']}") == "сохранено: Пособие"


def test_an_invalid_form_never_reaches_the_service() -> None:
    called: list[dict[str, Any]] = []
    form = TitleForm({"title": ""})
    assert submit(form, called.append) is None
    assert called == [] and "title" in form.errors


def test_the_service_s_refusal_stands_next_to_the_field_it_names() -> None:
    def refuse(data: dict[str, Any]) -> str:
        raise ValidationError({"title": "Такое название уже есть.", "other": "Общая ошибка."})

    form = TitleForm({"title": "Пособие"})
    assert submit(form, refuse) is None
    assert form.errors["title"] == ["Такое название уже есть."]
    assert form.non_field_errors() == ["Общая ошибка."]


def test_an_unbound_form_saves_nothing() -> None:
    assert submit(TitleForm(), lambda data: "сохранено") is None


def test_a_missing_value_names_its_field_in_the_summary() -> None:
    """Issue 16, item 14: six «Обязательное поле.» say nothing; each names its field."""
    from lib.forms import Form

    class TwoFields(Form):
        title = forms.CharField(label="Название")
        kind = forms.ChoiceField(label="Вид", choices=[("a", "А")])
        note = forms.CharField(label="Заметка", error_messages={"required": "Напишите заметку."})

    form = TwoFields({})
    assert not form.is_valid()
    assert form.errors["title"] == ["Заполните поле «Название»."]
    assert form.errors["kind"] == ["Выберите: «Вид»."]
    assert form.errors["note"] == ["Напишите заметку."]
