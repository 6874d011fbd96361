"""submit(): one way a page submits a form to a service, with every problem next to its
field and nothing saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

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


def test_the_service_s_error_codes_reach_the_form() -> None:
    """A page tells a service's refusals apart by code (the answer editor leaves readability
    problems to its live check, R23)."""

    def refuse(data: dict[str, Any]) -> str:
        raise ValidationError(
            {
                "title": [
                    ValidationError("Индекс %(n)s — ниже порога.", code="low", params={"n": 7}),
                    ValidationError("Нужно одобрение.", code="approval"),
                ],
                "other": ValidationError("Общая ошибка.", code="general"),
            }
        )

    form = TitleForm({"title": "Пособие"})
    assert submit(form, refuse) is None
    assert form.errors["title"] == ["Индекс 7 — ниже порога.", "Нужно одобрение."]
    assert form.has_error("title", "low") and form.has_error("title", "approval")
    assert form.has_error(NON_FIELD_ERRORS, "general")


def test_a_refusal_without_fields_keeps_its_code_on_top() -> None:
    def refuse(data: dict[str, Any]) -> str:
        raise ValidationError("Сервис недоступен.", code="down")

    form = TitleForm({"title": "Пособие"})
    assert submit(form, refuse) is None
    assert form.non_field_errors() == ["Сервис недоступен."]
    assert form.has_error(NON_FIELD_ERRORS, "down")


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


def _note_form(data: dict[str, str] | None = None) -> Any:
    from lib.forms import Form

    class Note(Form):
        note = forms.CharField(
            label="Заметка", max_length=300, required=False, widget=forms.Textarea
        )

    return Note(data)


def test_a_limited_text_area_is_never_cut_by_the_browser() -> None:
    """Issue 16: the textarea's maxlength made the browser cut a pasted comment at
    2 000 characters without a word. GOV.UK's character count instead: the hint names
    the limit, the count runs as the person types, the server refuses a longer text."""
    html = _note_form()["note"].as_field_group()
    assert " maxlength=" not in html
    assert 'data-module="govuk-character-count"' in html and 'data-maxlength="300"' in html
    assert "govuk-js-character-count" in html
    assert 'aria-describedby="id_note-info"' in html
    assert "Можно ввести до 300 знаков" in html


def test_a_longer_text_is_refused_naming_the_limit_and_kept_whole() -> None:
    text = "а" * 1234
    form = _note_form({"note": text})
    assert not form.is_valid()
    assert form.errors["note"] == [
        "«Заметка»: не больше 300 знаков, сейчас 1\xa0234. Сократите текст."
    ]
    assert text in form["note"].as_field_group()  # shown whole, to shorten


def test_a_line_break_counts_once_as_the_person_saw_it() -> None:
    """A browser sends a line break as CR LF: 150 lines of one letter are 299 characters
    on the screen and in the count, and so they are for the limit and when stored."""
    typed = "\r\n".join(["а"] * 150)
    form = _note_form({"note": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "\n".join(["а"] * 150)


def test_the_refusal_names_the_label_the_form_gave_after_building() -> None:
    """A form may relabel a field after __init__ (the operator's «Что сказал звонящий»):
    the page shows that label and the refusal names it."""
    form = _note_form({"note": "а" * 301})
    form.fields["note"].label = "Что сказал звонящий"
    assert not form.is_valid()
    assert form.errors["note"][0].startswith("«Что сказал звонящий»: не больше 300 знаков")
    assert "Что сказал звонящий" in form["note"].as_field_group()


def _one_line_form(data: dict[str, str] | None = None) -> Any:
    from lib.forms import Form

    class Step(Form):
        note = forms.CharField(label="Что изменилось", max_length=300, required=False)
        inn = forms.CharField(label="ИНН", max_length=12, required=False)
        site = forms.URLField(label="Сайт", max_length=200, required=False, assume_scheme="https")

    return Step(data)


def test_a_one_line_note_is_counted_and_never_cut_by_the_browser() -> None:
    """Issue 16: a step's note («Что изменилось», 300) was an input with ``maxlength``, so
    the browser cut a pasted note without a word. It gets the same count as a text area."""
    html = _one_line_form()["note"].as_field_group()
    assert " maxlength=" not in html
    assert 'data-module="govuk-character-count"' in html and 'data-maxlength="300"' in html
    assert "Можно ввести до 300 знаков" in html
    form = _one_line_form({"note": "б" * 301})
    assert not form.is_valid()
    assert form.errors["note"] == [
        "«Что изменилось»: не больше 300 знаков, сейчас 301. Сократите текст."
    ]


def test_a_short_code_or_an_address_is_refused_whole_not_cut_and_not_counted() -> None:
    """An ИНН pasted with a digit too many was cut to 12 digits and could pass as
    another's; now it is refused naming the limit. Short fields and URLs get no count."""
    form = _one_line_form({"inn": "7707083893123", "site": "https://example.ru/" + "a" * 200})
    html = form["inn"].as_field_group() + form["site"].as_field_group()
    assert " maxlength=" not in html
    assert "govuk-character-count" not in html
    assert not form.is_valid()
    assert form.errors["inn"] == ["«ИНН»: не больше 12 знаков, сейчас 13. Сократите текст."]
    assert form.errors["site"][0].startswith("«Сайт»: не больше 200 знаков")
