"""The one reader of uploaded tables: spreadsheet bombs are refused fast and in little
memory, and a control character is refused naming its row, never a server error."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from lib.tables import read_table

ROOT = Path(__file__).resolve().parents[2]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _package(archive: zipfile.ZipFile, sheet_xml: str, *, shared_strings: bool = False) -> None:
    """The parts every workbook has, written by hand so that a test decides each byte."""
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
    archive.writestr(
        "[Content_Types].xml",
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
        + (override if shared_strings else "")
        + "</Types>",
    )
    archive.writestr(
        "_rels/.rels",
        f'<Relationships xmlns="{PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    archive.writestr(
        "xl/workbook.xml",
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    )
    strings = (
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        if shared_strings
        else ""
    )
    archive.writestr(
        "xl/_rels/workbook.xml.rels",
        f'<Relationships xmlns="{PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>{strings}</Relationships>',
    )
    archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)


def _sheet(rows: str, dimension: str = "A1") -> str:
    return (
        f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def shared_string_workbook(size: int) -> bytes:
    """A workbook whose one data cell is a shared string of ``size`` letters."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _package(
            archive,
            _sheet(
                '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
                '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
                dimension="A1:A2",
            ),
            shared_strings=True,
        )
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode())
            chunk = b"A" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(b"A" * (size % len(chunk)))
            part.write(b"</t></si></sst>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def shared_string_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Well under a megabyte packed, 300 MB unpacked (all of it one shared string)."""
    path = tmp_path_factory.mktemp("bombs") / "strings.xlsx"
    path.write_bytes(shared_string_workbook(300 * 1024 * 1024))
    return path


def _refusal(name: str, content: bytes, *, max_rows: int = 5000) -> str:
    with pytest.raises(ValidationError) as caught:
        read_table(name, content, max_rows=max_rows)
    return caught.value.message_dict["file"][0]


# The reader in a process of its own whose address space is capped, so that the old
# reader's gigabytes fail there (a MemoryError) instead of taking the machine.
CHILD = """
import json, resource, sys, time
import django
django.setup()
from django.core.exceptions import ValidationError
from lib.tables import read_table

content = open(sys.argv[1], "rb").read()
with open("/proc/self/statm") as statm:
    in_use = int(statm.read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (in_use + 1024**3, resource.RLIM_INFINITY))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
try:
    read_table("strings.xlsx", content, max_rows=5000)
    outcome = "read"
except ValidationError as exc:
    outcome = exc.message_dict["file"][0]
except MemoryError:
    outcome = "MemoryError"
print(json.dumps({
    "outcome": outcome,
    "seconds": time.monotonic() - start,
    "grew_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before,
}))
"""


def test_a_huge_shared_string_is_refused_fast_in_little_memory(shared_string_bomb):
    # The hand-made workbook is a real one: with a short string it is read.
    assert read_table("strings.xlsx", shared_string_workbook(10), max_rows=10) == [
        {"name": "A" * 10}
    ]
    assert shared_string_bomb.stat().st_size < 1024 * 1024
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(shared_string_bomb)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "распакованном виде слишком большой" in result["outcome"]
    assert result["seconds"] < 2
    assert result["grew_kb"] < 100 * 1024


def test_a_cell_in_the_last_column_on_every_row_is_refused_fast():
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "code"
    for row in range(1, 10_001):
        sheet.cell(row=row, column=16_384, value="x")  # column XFD
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(buffer.getvalue()) < 200 * 1024

    start = time.monotonic()
    message = _refusal("wide.xlsx", buffer.getvalue())
    assert time.monotonic() - start < 2
    assert message == "В файле нет строк с данными, только заголовок."


def test_columns_past_the_hundredth_are_not_read():
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([f"c{i}" for i in range(1, 121)])
    sheet.append(list(range(1, 121)))
    buffer = io.BytesIO()
    book.save(buffer)
    [row] = read_table("wide.xlsx", buffer.getvalue(), max_rows=10)
    assert len(row) == 100 and row["c100"] == "100"


def test_an_archive_of_too_many_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _package(archive, _sheet('<row r="1"><c r="A1"><v>1</v></c></row>'))
        for i in range(1000):
            archive.writestr(f"customXml/item{i}.xml", "<a/>")
    assert "слишком большой" in _refusal("parts.xlsx", buffer.getvalue())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Tab, newline and CR are text: row 2 passes.
        (
            'code,name\n1.1,"Семьи\tс детьми\r\nв сёлах"\n1.2,Пенсио\x00неры\n',
            "Строка 3: недопустимый символ NUL.",
        ),
        ("code;name\n1.1;Се\x0bмьи\n", "Строка 2: недопустимый символ U+000B."),
        ('code,name\n"1.1","Семьи\n\x1b"\n', "Строка 2: недопустимый символ U+001B."),
    ],
)
def test_a_control_character_in_a_csv_is_refused_naming_the_row(content, message):
    assert _refusal("rows.csv", content.encode()) == message


def test_a_control_character_in_an_xlsx_cell_is_a_clear_refusal():
    """XML cannot carry one, so only a crafted file has it; it was a server error."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        cell = '<c r="A{n}" t="inlineStr"><is><t>{text}</t></is></c>'
        _package(
            archive,
            _sheet(
                f'<row r="1">{cell.format(n=1, text="name")}</row>'
                f'<row r="2">{cell.format(n=2, text="Се&#11;мьи")}</row>',
                dimension="A1:A2",
            ),
        )
    assert _refusal("rows.xlsx", buffer.getvalue()) == "Файл XLSX не читается."


def test_read_rows_keeps_each_rows_number_and_reads_the_header_for_columns():
    """A blank row keeps its number, so an import's «Строка N» points at the right row;
    a required column is looked for in the header, not in the first row's cells."""
    from lib.tables import read_rows

    content = b"kind,text,note\na,first,\n\n,,\nb,second,x\n"
    read = read_rows("items.csv", content, max_rows=10, required={"kind": "вид", "text": "текст"})
    assert read.errors == []
    assert [(n, row["text"]) for n, row in read.rows] == [(2, "first"), (5, "second")]
    missing = read_rows("items.csv", b"kind\na\n", max_rows=10, required={"text": "текст"})
    assert missing.errors == ["Нет обязательных столбцов: «текст» (text)."] and not missing.rows
    broken = read_rows("items.pdf", b"%PDF", max_rows=10, required={})
    assert broken.errors == ["Загрузите файл .csv или .xlsx."]
