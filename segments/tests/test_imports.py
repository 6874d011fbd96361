"""Import from CSV and XLSX: a preview with row-level errors, and a bad file changes nothing."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from segments.models import Respondent, Segment, SegmentImport, SegmentVersion, Study

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def _csv(text: str, name: str = "file.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("file.xlsx", buffer.getvalue())


def _upload(
    client: Client, kind: str, upload: SimpleUploadedFile, study: Study | None = None
) -> tuple[SegmentImport, Response]:
    data: dict[str, object] = {"kind": kind, "file": upload}
    if study:
        data["study"] = study.pk
    response = client.post(reverse("segments:import"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return SegmentImport.objects.latest("pk"), client.get(response["Location"])


def test_good_segments_file_previews_then_applies(client, world):
    client.force_login(world.analyst)
    batch, preview = _upload(
        client,
        "segments",
        _csv(
            "код;название;аудитория;ссылка;потенциальные;описание\n"
            "1.1;Долго решали проблему;direction;appeals;нет;\n"
            "2.1;Не знают про портал;направление;information;да;Возможные клиенты\n"
        ),
    )
    assert "Будут загружены 2 строки" in preview.content.decode()
    assert not Segment.objects.exists()  # nothing before confirmation
    client.post(reverse("segments:import_preview", args=[batch.pk]))
    assert list(Segment.objects.values_list("code", "is_potential")) == [
        ("1.1", False),
        ("2.1", True),
    ]


def test_bad_file_shows_row_errors_and_changes_nothing(client, world, segment):
    client.force_login(world.analyst)
    versions = SegmentVersion.objects.count()
    batch, preview = _upload(
        client,
        "capacity",
        _xlsx(
            [
                ["code", "capacity", "source", "as_of"],
                ["1.1", 12000, "Росстат", "01.01.2026"],
                ["9.9", "много", "соседи", "вчера"],
            ]
        ),
    )
    page = preview.content.decode()
    assert "Нет сегмента с кодом «9.9»" in page
    assert "Ёмкость — целое число человек, не больше 10 млрд." in page
    assert "Источник: «статистика органа» или «Росстат»." in page
    assert "ничего не загружено" in page
    confirm = client.post(reverse("segments:import_preview", args=[batch.pk]), follow=True)
    assert "В файле есть ошибки" in confirm.content.decode()
    segment.refresh_from_db()
    assert segment.capacity is None  # the good row was not applied either
    assert SegmentVersion.objects.count() == versions


def test_capacity_import_makes_a_version_with_the_file_as_reason(client, world, segment):  # R9
    client.force_login(world.analyst)
    batch, _ = _upload(
        client, "capacity", _csv("code,capacity,source,as_of\n1.1,12 400,росстат,2026-01-01\n")
    )
    client.post(reverse("segments:import_preview", args=[batch.pk]))
    segment.refresh_from_db()
    assert segment.capacity == 12400
    assert segment.versions.first().reason == "Импорт из файла «file.csv»"
    again = client.post(reverse("segments:import_preview", args=[batch.pk]), follow=True)
    assert "уже загружен" in again.content.decode()


def test_respondents_without_consent_are_refused(client, world, segment):
    from segments import services

    study = services.study_create(
        actor=world.analyst, body=world.body, title="Опрос", method="survey"
    )
    client.force_login(world.analyst)
    batch, preview = _upload(
        client,
        "respondents",
        _csv("code,segment,consent\nR-1,1.1,да\nR-2,1.1,нет\n"),
        study=study,
    )
    assert "Без согласия" in preview.content.decode()
    client.post(reverse("segments:import_preview", args=[batch.pk]))
    assert not Respondent.objects.exists()


def test_respondents_with_a_name_or_a_phone_are_refused_and_not_kept(client, world, segment):
    from segments import services

    study = services.study_create(
        actor=world.analyst, body=world.body, title="Опрос", method="survey"
    )
    client.force_login(world.analyst)
    batch, preview = _upload(
        client,
        "respondents",
        _csv("code,segment,consent,note\nПетрова Анна,1.1,да,\nR-2,1.1,да,тел. 89141234567\n"),
        study=study,
    )
    assert [(e["row"], e["field"]) for e in batch.errors] == [(2, "code"), (3, "note")]
    assert "Похоже на имя человека" in preview.content.decode()
    assert "Петрова" not in str(batch.rows) and "8914" not in str(batch.rows)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.txt", b"abc"), "Загрузите файл .csv или .xlsx."),
        (SimpleUploadedFile("x.csv", "код\n1.1\n".encode()), "Нет столбца «name»"),
        (SimpleUploadedFile("x.csv", "код;название\n".encode()), "нет строк с данными"),
        (SimpleUploadedFile("x.csv", "код\n".encode("cp1251")), "UTF-8"),
        (SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad"), "UTF-8"),
        (SimpleUploadedFile("x.xlsx", b"not a workbook"), "XLSX не читается"),
        (SimpleUploadedFile("x.csv", b""), "Отправленный файл пуст"),
    ],
)
def test_unreadable_files_get_a_clear_error_next_to_the_field(client, world, upload, message):
    client.force_login(world.analyst)
    response = client.post(reverse("segments:import"), {"kind": "segments", "file": upload})
    if response.status_code == 302:  # parsed, errors shown in the preview
        response = client.get(response["Location"])
    assert message in response.content.decode()
    assert not Segment.objects.exists()


def test_head_cannot_import(client, world):
    client.force_login(world.head)
    assert client.get(reverse("segments:import")).status_code == 403


def test_another_bodys_import_is_not_found(client, world):
    batch = SegmentImport.objects.create(
        body=world.other_body, kind="segments", filename="x.csv", created_by=world.other_analyst
    )
    client.force_login(world.analyst)
    assert client.get(reverse("segments:import_preview", args=[batch.pk])).status_code == 404
