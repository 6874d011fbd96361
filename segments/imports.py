"""Import of segments, capacity figures and respondents from CSV or XLSX.

Two steps: the file is parsed and every row checked, and the analyst sees a preview
with the errors of each row; only a file without errors can be confirmed, and then
all its rows are applied in one transaction — a bad file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.access import request_user, require
from accounts.models import Body, User
from accounts.roles import Cap
from lib.forms import Form, post_data, post_files
from lib.tables import read_table
from registry import selectors as registry_selectors
from segments import access, services
from segments.forms import MAX_PERSONS
from segments.models import CapacitySource, Direction, Segment, SegmentImport, Study

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

#: Columns of each kind: (column, required). Russian headers are accepted too.
COLUMNS: dict[str, list[tuple[str, bool]]] = {
    SegmentImport.Kind.SEGMENTS: [
        ("code", True),
        ("name", True),
        ("target", True),
        ("target_ref", False),
        ("is_potential", False),
        ("description", False),
    ],
    SegmentImport.Kind.CAPACITY: [
        ("code", True),
        ("capacity", True),
        ("source", True),
        ("as_of", True),
    ],
    SegmentImport.Kind.RESPONDENTS: [
        ("code", True),
        ("segment", True),
        ("consent", True),
        ("note", False),
    ],
}
ALIASES = {
    "код": "code",
    "название": "name",
    "аудитория": "target",
    "чья аудитория": "target",
    "ссылка": "target_ref",
    "жизненная ситуация, услуга или направление": "target_ref",
    "потенциальные": "is_potential",
    "описание": "description",
    "ёмкость": "capacity",
    "емкость": "capacity",
    "источник": "source",
    "на дату": "as_of",
    "дата": "as_of",
    "сегмент": "segment",
    "согласие": "consent",
    "заметка": "note",
}
YES = {"да", "yes", "1", "true", "+"}
NO = {"нет", "no", "0", "false", "-", ""}
TARGETS = {
    "life_situation": "life_situation",
    "жизненная ситуация": "life_situation",
    "service": "service",
    "услуга": "service",
    "direction": "direction",
    "направление": "direction",
}
CAPACITY_SOURCES = {
    "body_statistics": CapacitySource.BODY_STATISTICS,
    "статистика органа": CapacitySource.BODY_STATISTICS,
    "внутренняя статистика органа": CapacitySource.BODY_STATISTICS,
    "rosstat": CapacitySource.ROSSTAT,
    "росстат": CapacitySource.ROSSTAT,
}


class ImportForm(Form):
    kind = forms.ChoiceField(
        label=_lazy("Что загружаем"), choices=SegmentImport.Kind.choices, widget=forms.RadioSelect
    )
    study = forms.ModelChoiceField(
        label=_lazy("Исследование (для респондентов)"),
        queryset=Study.objects.none(),
        required=False,
    )
    file = forms.FileField(
        label=_lazy("Файл CSV или XLSX"),
        help_text=_lazy("Первая строка — названия столбцов. Не больше 2 МБ и 5000 строк."),
    )

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["study"].queryset = Study.objects.filter(  # type: ignore[attr-defined]
            body_id=body_id
        ).exclude(status=Study.Status.FINISHED)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SegmentImport.Kind.RESPONDENTS and not data.get("study"):
            self.add_error("study", _("Выберите исследование, в которое загружаются респонденты."))
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            self.add_error("file", _("Файл больше 2 МБ."))
        return data


# --- Reading the file --------------------------------------------------------------------


def _date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


# --- Checking rows -----------------------------------------------------------------------


def check_rows(
    *, kind: str, body: Body, rows: list[dict[str, str]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Normalised rows and the errors found, each error naming the row and the column."""
    errors: list[dict[str, Any]] = []
    missing = [c for c, required in COLUMNS[kind] if required and rows and c not in rows[0]]
    if missing:
        return [], [{"row": 1, "field": c, "message": _("Нет столбца «%s».") % c} for c in missing]
    checker = {
        SegmentImport.Kind.SEGMENTS: _check_segment_row,
        SegmentImport.Kind.CAPACITY: _check_capacity_row,
        SegmentImport.Kind.RESPONDENTS: _check_respondent_row,
    }[SegmentImport.Kind(kind)]
    clean, seen = [], set()
    for number, row in enumerate(rows, start=2):
        values, row_errors = checker(body, row)
        key = row.get("code", "")
        if key in seen:
            row_errors.append(("code", _("Код «%s» повторяется в файле.") % key))
        seen.add(key)
        errors += [{"row": number, "field": f, "message": m} for f, m in row_errors]
        clean.append({"row": number, **values})
    return clean, errors


def _check_segment_row(body: Body, row: dict[str, str]) -> tuple[dict[str, Any], list[Any]]:
    errs: list[tuple[str, str]] = []
    code, name = row.get("code", ""), row.get("name", "")
    if not code or len(code) > 20:
        errs.append(("code", _("Код обязателен, не длиннее 20 знаков.")))
    elif Segment.objects.filter(body=body, code=code).exists():
        errs.append(("code", _("Сегмент с кодом «%s» уже есть.") % code))
    if len(name) < 3 or len(name) > 200:
        errs.append(("name", _("Название — от 3 до 200 знаков.")))
    target = TARGETS.get(row.get("target", "").lower())
    ref = row.get("target_ref", "")
    situations = registry_selectors.life_situations_visible_to(body_id=body.pk)
    if target is None:
        errs.append(("target", _("Аудитория: жизненная ситуация, услуга или направление.")))
    elif target == "life_situation" and not situations.filter(slug=ref).exists():
        errs.append(("target_ref", _("Нет жизненной ситуации с адресом «%s».") % ref))
    elif target == "service" and not registry_selectors.services_list().filter(slug=ref).exists():
        errs.append(("target_ref", _("Нет услуги с кодом «%s».") % ref))
    elif target == "direction" and ref not in Direction.values:
        errs.append(("target_ref", _("Направление — одно из: %s.") % ", ".join(Direction.values)))
    potential = row.get("is_potential", "").lower()
    if potential not in YES | NO:
        errs.append(("is_potential", _("Потенциальные: «да» или «нет».")))
    return {
        "code": code,
        "name": name,
        "target": target,
        "target_ref": ref,
        "is_potential": potential in YES,
        "description": row.get("description", "")[:2000],
    }, errs


def _check_capacity_row(body: Body, row: dict[str, str]) -> tuple[dict[str, Any], list[Any]]:
    errs: list[tuple[str, str]] = []
    code = row.get("code", "")
    if not Segment.objects.filter(body=body, code=code).exists():
        errs.append(("code", _("Нет сегмента с кодом «%s».") % code))
    capacity = row.get("capacity", "").replace(" ", "").replace("\u00a0", "")
    if not (capacity.isascii() and capacity.isdigit()) or int(capacity) > MAX_PERSONS:
        errs.append(("capacity", _("Ёмкость — целое число человек, не больше 10 млрд.")))
    source = CAPACITY_SOURCES.get(row.get("source", "").lower())
    if source is None:
        errs.append(("source", _("Источник: «статистика органа» или «Росстат».")))
    as_of = _date(row.get("as_of", ""))
    if as_of is None:
        errs.append(("as_of", _("Дата в виде 31.12.2026 или 2026-12-31.")))
    elif as_of > timezone.localdate():
        errs.append(("as_of", _("Дата не может быть в будущем.")))
    return {
        "code": code,
        "capacity": int(capacity)
        if capacity.isascii() and capacity.isdigit() and int(capacity) <= MAX_PERSONS
        else None,
        "source": source,
        "as_of": as_of.isoformat() if as_of else None,
    }, errs


def _check_respondent_row(body: Body, row: dict[str, str]) -> tuple[dict[str, Any], list[Any]]:
    errs: list[tuple[str, str]] = []
    code = row.get("code", "")
    if not code or len(code) > 30:
        errs.append(("code", _("Код респондента обязателен, не длиннее 30 знаков.")))
    segment = row.get("segment", "")
    if not Segment.objects.filter(body=body, code=segment).exists():
        errs.append(("segment", _("Нет сегмента с кодом «%s».") % segment))
    if row.get("consent", "").lower() not in YES:
        errs.append(("consent", _("Без согласия на участие респондента загрузить нельзя.")))
    note = row.get("note", "")[:300]
    # Names and contacts are refused, and not kept in the checked file's rows either.
    for name, problem in services.personal_data_problems(code=(code, True), note=(note, False)):
        errs.append((name, problem))
        code, note = ("", note) if name == "code" else (code, "")
    return {"code": code, "segment": segment, "note": note}, errs


# --- Applying ----------------------------------------------------------------------------


@transaction.atomic
def import_apply(*, actor: User, batch: SegmentImport) -> int:
    """Apply every row of a checked file, or none (R9: each change is a profile version)."""
    batch = SegmentImport.objects.select_for_update().get(pk=batch.pk)
    if batch.applied_at is not None:
        raise ValidationError({"file": _("Этот файл уже загружен.")})
    if batch.errors:
        raise ValidationError({"file": _("В файле есть ошибки: исправьте их и загрузите снова.")})
    body = batch.body
    reason = _("Импорт из файла «%s»") % batch.filename
    for row in batch.rows:
        if batch.kind == SegmentImport.Kind.SEGMENTS:
            target = row["target"]
            services.segment_create(
                actor=actor,
                body=body,
                code=row["code"],
                name=row["name"],
                target=target,
                life_situation=registry_selectors.life_situation_visible_to(
                    row["target_ref"], body_id=body.pk, field="target_ref"
                )
                if target == "life_situation"
                else None,
                service=registry_selectors.service_by_slug(row["target_ref"], field="target_ref")
                if target == "service"
                else None,
                direction=row["target_ref"] if target == "direction" else "",
                is_potential=row["is_potential"],
                description=row["description"],
            )
        elif batch.kind == SegmentImport.Kind.CAPACITY:
            services.segment_update(
                actor=actor,
                segment=Segment.objects.get(body=body, code=row["code"]),
                reason=reason,
                capacity=row["capacity"],
                capacity_source=row["source"],
                capacity_as_of=dt.date.fromisoformat(row["as_of"]),
            )
        else:
            assert batch.study is not None
            services.respondent_add(
                actor=actor,
                study=batch.study,
                code=row["code"],
                segment=Segment.objects.get(body=body, code=row["segment"]),
                consent=True,
                note=row["note"],
            )
    batch.applied_at = timezone.now()
    batch.save(update_fields=["applied_at"])
    return len(batch.rows)


def import_check(
    *, actor: User, body: Body, kind: str, filename: str, content: bytes, study: Study | None
) -> SegmentImport:
    """Parse and check a file; the result is kept for the preview, nothing else changes."""
    require(actor, Cap.EDIT, "segment_import", body.pk)
    rows = read_table(filename, content, max_rows=MAX_ROWS, aliases=ALIASES)
    clean, errors = check_rows(kind=kind, body=body, rows=rows)
    if kind == SegmentImport.Kind.RESPONDENTS and study is not None:
        taken = set(study.respondents.values_list("code", flat=True))
        errors += [
            {
                "row": r["row"],
                "field": "code",
                "message": _("Респондент «%s» уже есть.") % r["code"],
            }
            for r in clean
            if r["code"] in taken
        ]
    return SegmentImport.objects.create(
        body=body,
        kind=kind,
        study=study,
        filename=filename[:200],
        rows=clean,
        errors=sorted(errors, key=lambda e: e["row"]),
        created_by=actor,
    )


# --- Views -------------------------------------------------------------------------------


def _editor_body(request: HttpRequest) -> tuple[User, Body]:
    return request_user(request), access.get_body_for_write(request.user)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    user, body = _editor_body(request)
    form = ImportForm(post_data(request), post_files(request), body_id=body.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_check(
                actor=user,
                body=body,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
                study=form.cleaned_data["study"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.message_dict.get("file", exc.messages))
        else:
            return redirect("segments:import_preview", pk=batch.pk)
    return render(request, "segments/import.html", {"form": form, "columns": COLUMNS})


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    batch = access.get_import_for_write(user, pk)
    if request.method == "POST":
        try:
            count = import_apply(actor=user, batch=batch)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Загружено строк: %s.") % count)
            return redirect("segments:list")
    errors_by_row: dict[int, list[dict[str, Any]]] = {}
    for error in batch.errors:
        errors_by_row.setdefault(error["row"], []).append(error)
    header = [c for c, _required in COLUMNS[batch.kind]]
    rows = [
        (
            row["row"],
            ["" if row.get(c) is None else row.get(c) for c in header],
            errors_by_row.get(row["row"], []),
        )
        for row in batch.rows
    ]
    return render(
        request,
        "segments/import_preview.html",
        {
            "batch": batch,
            "rows": rows,
            "header": header,
            "file_errors": [e for e in batch.errors if e["row"] == 1],
        },
    )
