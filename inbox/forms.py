"""Forms of the inbox pages. They check input shapes; the rules live in services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Cap, roles_with
from inbox.models import (
    CLOCK_CHOICES,
    STANDARD_MINUTES,
    WRITTEN,
    Category,
    Channel,
    Kind,
    Status,
)
from lib.durations import duration
from lib.forms import Form, TableFileForm
from lib.tables import read_rows
from registry import selectors as registry_selectors


def _blank(choices: Any, label: Any = None) -> list[tuple[str, Any]]:
    return [("", label or _("все")), *list(choices)]


class FilterForm(Form):
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        choices=[("open", _("открытые")), ("", _("все")), *Status.choices],
    )
    due = forms.ChoiceField(
        label=_("Срок"),
        required=False,
        choices=[
            ("", _("любой")),
            ("overdue", _("просрочено")),
            ("soon", _("скоро срок")),
            ("approval", _("ждут одобрения руководителя")),
        ],
    )
    kind = forms.ChoiceField(label=_("Вид"), required=False, choices=_blank(Kind.choices))
    channel = forms.ChoiceField(label=_("Канал"), required=False, choices=_blank(Channel.choices))
    mine = forms.BooleanField(label=_("Только мои"), required=False)


def answerers_of(body_id: int) -> Any:
    return User.objects.filter(
        body_id=body_id, role__in=sorted(roles_with(Cap.INBOX_ANSWER)), is_active=True
    ).order_by("last_name", "username")


class AssignForm(Form):
    assignee = forms.ModelChoiceField(
        label=_("Исполнитель"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— не назначен —"),
    )

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = answerers_of(body_id)  # type: ignore[attr-defined]
        self.fields["assignee"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


class CategoryChoiceForm(Form):
    category = forms.ModelChoiceField(
        label=_("Категория"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("— без категории —"),
        help_text=_(
            "Категория другого органа передаёт обращение этому органу; сначала мы спросим, "
            "передавать ли."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = (  # type: ignore[attr-defined]
            Category.objects.filter(is_active=True)
            .select_related("body")
            .order_by("body__short_name", "name")
        )
        self.fields["category"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.body.short_name}: {c.name}"
        )


class StatusForm(Form):
    status = forms.ChoiceField(
        label=_("Новый статус"),
        choices=[
            (Status.PRIVATE, Status.PRIVATE.label),
            (Status.CLOSED, Status.CLOSED.label),
            (Status.IN_WORK, Status.IN_WORK.label),
        ],
    )
    note = forms.CharField(label=_("Пояснение"), required=False, max_length=300)


class AnswerForm(Form):
    text = forms.CharField(
        label=_("Ответ"),
        max_length=20_000,
        error_messages={"required": _("Напишите ответ.")},
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=_("Коротко и просто: с чего начать, что сделать, когда ждать результата."),
    )

    def __init__(self, *args: Any, check_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if check_url:
            # The live check (R23): htmx posts the text as it is typed.
            self.fields["text"].widget.attrs.update(
                {
                    "hx-post": check_url,
                    "hx-trigger": "input changed delay:400ms",
                    "hx-target": "#answer-check",
                    "hx-swap": "innerHTML",
                }
            )


class ApproveForm(Form):
    comment = forms.CharField(
        label=_("Комментарий руководителя"),
        help_text=_("Возвращая ответ на доработку, напишите, что исправить."),
        required=False,
        max_length=500,
    )


class TemplateSearchForm(Form):
    q = forms.CharField(label=_("Найти шаблон"), required=False, max_length=200)


class TemplateForm(Form):
    title = forms.CharField(label=_("Типовой вопрос"), max_length=200)
    text = forms.CharField(
        label=_("Ответ"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    life_situation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Жизненная ситуация"), queryset=None, required=False
    )
    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Услуга"), queryset=None, required=False
    )
    need: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Типовая потребность"), queryset=None, required=False
    )

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        situations = registry_selectors.life_situations_visible_to(body_id=body_id)
        self.fields["life_situation"].queryset = situations.order_by("title")  # type: ignore[attr-defined]
        self.fields["service"].queryset = registry_selectors.services_list().order_by("title")  # type: ignore[attr-defined]
        self.fields["need"].queryset = registry_selectors.needs_visible_to(body_id=body_id)  # type: ignore[attr-defined]
        self.fields["need"].label_from_instance = (  # type: ignore[attr-defined]
            lambda n: f"{n.life_situation.title}: {n.title}"
        )


class PolicyForm(Form):
    min_reading_ease = forms.DecimalField(
        label=_("Индекс удобочитаемости не ниже"),
        min_value=-100,
        max_value=120,
        decimal_places=1,
        help_text=_(
            "Флеш в адаптации Оборневой: 60–80 — разговорная речь, ниже 30 — текст закона."
        ),
    )
    max_grade = forms.DecimalField(
        label=_("Уровень сложности (класс школы) не выше"),
        min_value=1,
        max_value=30,
        decimal_places=1,
    )
    max_sentence_words = forms.IntegerField(
        label=_("Слов в предложении не больше"), min_value=5, max_value=100
    )
    max_flags_per_100_words = forms.DecimalField(
        label=_("Замечаний к стилю на 100 слов не больше"),
        min_value=0,
        max_value=100,
        decimal_places=1,
    )
    near_due_minutes = forms.IntegerField(
        label=_("Отмечать «скоро срок» за столько минут"), min_value=1, max_value=24 * 60
    )

    def __init__(self, *args: Any, deadlines: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for clock, label in CLOCK_CHOICES:
            standard = STANDARD_MINUTES[clock]
            in_days = clock == WRITTEN  # 59-ФЗ counts days
            unit = 24 * 60 if in_days else 1
            self.fields[f"deadline_{clock}"] = forms.IntegerField(
                label=(
                    _("Срок ответа, дней: {k}") if in_days else _("Срок ответа, минут: {k}")
                ).format(k=str(label)[:1].lower() + str(label)[1:]),
                min_value=1,  # the longest is the service's to refuse, naming the standard's
                initial=deadlines.get(clock, standard) // unit,
                help_text=_("По стандарту — не дольше {m}. Можно только короче.").format(
                    m=duration(standard)
                ),
            )
        for f in self.fields.values():
            if isinstance(f, forms.IntegerField | forms.DecimalField):
                f.widget.attrs["class"] = "govuk-input govuk-input--width-5"

    def deadlines(self) -> dict[str, int]:
        """Minutes per clock (a written appeal's is entered in days)."""
        return {
            clock: self.cleaned_data[f"deadline_{clock}"] * (24 * 60 if clock == WRITTEN else 1)
            for clock, _label in CLOCK_CHOICES
        }

    def thresholds(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("deadline_")}


class CategoryForm(Form):
    name = forms.CharField(label=_("Категория"), max_length=120)
    keywords = forms.CharField(
        label=_("Ключевые слова"),
        max_length=2000,
        help_text=_("Через запятую, в любой форме: «пособие, выплата, рождение»."),
    )
    answerer = forms.ModelChoiceField(
        label=_("Кто отвечает"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— не назначать —"),
    )
    life_situation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Жизненная ситуация"), queryset=None, required=False
    )

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answerer"].queryset = answerers_of(body_id)  # type: ignore[attr-defined]
        self.fields["answerer"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        self.fields["life_situation"].queryset = (  # type: ignore[attr-defined]
            registry_selectors.life_situations_visible_to(body_id=body_id).order_by("title")
        )


# --- CSV import -------------------------------------------------------------------------------

IMPORT_COLUMNS = [
    "kind",
    "channel",
    "received_at",
    "text",
    "external_id",
    "author_name",
    "author_contact",
    "url",
    "life_situation",
    "service",
]
MAX_IMPORT_ROWS = 10_000


@dataclass
class ParsedImport:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_import(name: str, raw: bytes, *, body_id: int) -> ParsedImport:
    """Check every row of a CSV or XLSX file of items; any error means nothing is imported."""
    required = {"kind": _("вид"), "channel": _("канал"), "text": _("текст")}
    read = read_rows(name, raw, max_rows=MAX_IMPORT_ROWS, required=required)
    out = ParsedImport(errors=read.errors)
    if out.errors:
        return out
    situations = {
        ls.slug: ls for ls in registry_selectors.life_situations_visible_to(body_id=body_id)
    }
    services = {s.slug: s for s in registry_selectors.services_list()}
    for number, row in read.rows:
        problems, item = _check_row(row, situations, services)
        if problems:
            out.errors.append(str(_("Строка {n}: {p}.")).format(n=number, p="; ".join(problems)))
        else:
            out.rows.append(item)
    return out


def _check_row(
    row: dict[str, str], situations: dict[str, Any], services: dict[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    problems = []
    kind, channel, text_value = row.get("kind", ""), row.get("channel", ""), row.get("text", "")
    if kind not in Kind.values:
        problems.append(str(_("kind: «{v}» — нет такого вида")).format(v=kind))
    if channel not in Channel.values:
        problems.append(str(_("channel: «{v}» — нет такого канала")).format(v=channel))
    if not text_value:
        problems.append(str(_("text: пусто")))
    received_raw = row.get("received_at", "")
    received = parse_datetime(received_raw) if received_raw else None
    if received_raw and received is None:
        problems.append(
            str(_("received_at: «{v}» — не дата и время (2026-11-20 14:30)")).format(v=received_raw)
        )
    if received is not None and timezone.is_naive(received):
        received = timezone.make_aware(received)
    if received is not None and received > timezone.now() + dt.timedelta(minutes=5):
        problems.append(str(_("received_at: время в будущем")))
    ls_slug, service_slug = row.get("life_situation", ""), row.get("service", "")
    if ls_slug and ls_slug not in situations:
        problems.append(str(_("life_situation: «{v}» не найдена")).format(v=ls_slug))
    if service_slug and service_slug not in services:
        problems.append(str(_("service: «{v}» не найдена")).format(v=service_slug))
    for name, limit in (
        ("external_id", 120),
        ("author_name", 200),
        ("author_contact", 200),
        ("url", 500),
    ):
        if len(row.get(name, "")) > limit:
            problems.append(str(_("{f}: длиннее {n} знаков")).format(f=name, n=limit))
    if any("\x00" in value for value in row.values()):
        problems.append(str(_("недопустимый символ NUL")))
    return problems, {
        "kind": kind,
        "channel": channel,
        "text": text_value,
        "received_at": received,
        "external_id": row.get("external_id", ""),
        "author_name": row.get("author_name", ""),
        "author_contact": row.get("author_contact", ""),
        "url": row.get("url", ""),
        "life_situation": situations.get(ls_slug),
        "service": services.get(service_slug),
    }


ImportForm = TableFileForm  # a file of items (``parse_import``)
