"""A body's yearly report of its indicators (issue 21) as data, PDF (A4) and XLSX. The
page, the files, the API and the open data all read one dictionary (``report_data``) of
plain values: a draft makes it from the figures as they stand; an approved report keeps
it (``Report.snapshot``), with the version of every formula, and is read from there ever
after."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import Body
from exports import services as exports
from feedback import selectors as feedback
from indicators import selectors
from indicators.catalogue import BY_CODE, Value
from indicators.models import Report
from indicators.periods import Year
from segments import selectors as segments
from standards import selectors as standards

#: The layout of the data a report keeps; a later layout still reads older ones.
LAYOUT = 1


def _value(row: selectors.Row, value: Value) -> dict[str, Any]:
    shown = not value.suppressed and value.measured
    return {
        "text": row.text(value),
        "interval": row.interval(value),
        "n": value.n,
        "value": value.value if shown else None,
        "low": value.low if shown else None,
        "high": value.high if shown else None,
        "at_least": value.at_least,
        "measured": value.measured,
    }


def _indicators(body: Body, year: int) -> list[dict[str, Any]]:
    years = selectors.rows_over(body, [Year(year - 1), Year(year)])
    # live, as the year is: the year and its quarters from the same records
    quarters = {
        r.definition.code: r for r in selectors.rows_over(body, Year(year).quarters, kept=False)
    }
    found = []
    for row in years:
        d = row.definition
        (_py, before), (_y, now) = row.values
        change = ""
        if not before.suppressed and not now.suppressed and before.measured and now.measured:
            change = _("{a} в {py} году, {b} в {y} году — {words}.").format(
                a=row.text(before),
                py=year - 1,
                b=row.text(now),
                y=year,
                words=selectors.change_words(before, now),
            )
        by_quarter = quarters[d.code]
        found.append(
            {
                "code": d.code,
                "version": d.version,
                "name": d.name,
                "unit": d.unit,
                "definition": d.definition,
                "numerator": d.numerator,
                "denominator": d.denominator,
                "source": d.source,
                "method": d.method,
                "target": row.target_text if row.target is not None else "",
                "target_value": float(row.target) if row.target is not None else None,
                "target_source": row.target_source,
                "light": row.light,
                "year": _value(row, now),
                "previous": _value(row, before),
                "change": change,
                "explanation": row.explanation if now.measured else "",
                "quarters": [
                    {"quarter": q.code, "label": q.label, **_value(by_quarter, v)}
                    for q, v in by_quarter.values
                ],
            }
        )
    return found


def _changes(body: Body, year: int) -> list[dict[str, Any]]:
    satisfaction = BY_CODE["satisfaction"]

    def share(f: Any) -> dict[str, Any]:
        s = feedback.share_ci(f.sums["satisfied"], f.n)
        enough = f.n >= feedback.PUBLISH_MIN
        return {
            "n": f.n,
            "value": s.share if enough else None,
            "text": selectors.fmt(satisfaction, s.share) if enough else _("мало данных"),
        }

    today = timezone.localdate()
    return [
        {
            "said": e.change.said,
            "did": e.change.did,
            "done_on": e.change.done_on.isoformat(),
            "subject": str(e.change.service or e.change.life_situation),
            "before": share(e.before),
            "after": share(e.after),
            # the months after are not over yet: their figure may still change
            "after_complete": today >= e.after_until,
        }
        for e in feedback.changes_with_effect(body_id=body.pk, year=year)
    ]


def _standards(body: Body) -> dict[str, Any]:
    board = standards.board(body)
    checked = [row for row in board if row.last is not None]
    return {
        "places": len(board),
        "checked": len(checked),
        "meeting": sum(1 for row in checked if not row.remedies),
        "open_actions": sum(len(row.remedies) for row in board),
    }


def _segments(body: Body, year: int) -> dict[str, Any]:
    status = segments.yearly_report_status(body=body, year=year)
    return {
        "approved_on": timezone.localdate(status.submitted.submitted_at).isoformat()
        if status.submitted and status.submitted.submitted_at
        else None,
        "deadline": status.deadline.isoformat(),
        "missing": len(status.missing),
        "url": reverse("segments:report", args=[year]),
    }


def _shortcomings(body: Body, year: int) -> list[dict[str, Any]]:
    from indicators.periods import Quarter

    found = []
    for s in selectors.shortcomings_of(body).filter(quarter__startswith=f"{year}-"):
        d = BY_CODE.get(s.code)
        q = Quarter.parse(s.quarter)
        found.append(
            {
                "indicator": d.name if d else s.code,
                "quarter": q.label if q else s.quarter,
                "summary": s.summary,
                "reason": s.get_reason_display(),
                "due_on": s.due_on.isoformat(),
                "closed_on": timezone.localdate(s.closed_at).isoformat() if s.closed_at else None,
                "done": s.done,
                "owner": s.owner.display_name if s.owner else "",
            }
        )
    return found


def report_data(*, body: Body, year: int, report: Report | None = None) -> dict[str, Any]:
    """Everything the yearly report shows, as plain values (kept as JSON at approval)."""
    return {
        "layout": LAYOUT,
        "body": {"name": body.name, "short_name": body.short_name, "slug": body.slug},
        "year": year,
        "made_at": timezone.now().isoformat(),
        "deadline": Report.deadline_for(year).isoformat(),
        "indicators": _indicators(body, year),
        "changes": _changes(body, year),
        "standards": _standards(body),
        "segments": _segments(body, year),
        "shortcomings": _shortcomings(body, year),
        "plans": report.plans if report is not None else "",
        "approved_at": None,
        "approved_by": "",
    }


def context_of(data: dict[str, Any]) -> dict[str, Any]:
    """What the templates read: the data with its dates as dates and the annex in order."""
    import datetime as dt

    def day(value: str | None) -> dt.date | None:
        """A date, or the local date of a moment kept in UTC."""
        if not value:
            return None
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return timezone.localtime(dt.datetime.fromisoformat(value)).date()

    footer = data["body"]["short_name"]
    for unsafe in ('"', "\\", "<", ">"):  # it goes inside a CSS string in the PDF
        footer = footer.replace(unsafe, " ")
    return {
        "data": data,
        "footer": footer,
        "changes": [{**c, "done": day(c["done_on"])} for c in data["changes"]],
        "shortcomings": [
            {**s, "due": day(s["due_on"]), "closed": day(s["closed_on"])}
            for s in data["shortcomings"]
        ],
        "made_on": day(data["made_at"]),
        "deadline": day(data["deadline"]),
        "approved_on": day(data["approved_at"]),
        "segments_approved_on": day(data["segments"]["approved_on"]),
        "segments_deadline": day(data["segments"]["deadline"]),
        "places_text": _places(data["standards"], day(data["made_at"])),
    }


def _places(found: dict[str, Any], made_on: Any) -> str:
    if not found["checked"]:
        return _("На {day} точки обслуживания ещё не проверяли по стандарту.").format(
            day=made_on.strftime("%d.%m.%Y")
        )
    return _(
        "На {day}: проверено точек — {checked} из {places}; без невыполненных требований — "
        "{meeting}; открытых задач по требованиям — {actions}."
    ).format(
        day=made_on.strftime("%d.%m.%Y"),
        checked=number_format(found["checked"]),
        places=number_format(found["places"]),
        meeting=number_format(found["meeting"]),
        actions=number_format(found["open_actions"]),
    )


def pdf_of(data: dict[str, Any]) -> bytes:
    return exports.pdf_bytes(render_to_string("indicators/report_pdf.html", context_of(data)))


def sheets_of(data: dict[str, Any]) -> list[exports.Sheet]:
    """The report as sheets: the indicators by year and quarter, the changes with their
    before and after, the shortcomings, the methods."""
    year = data["year"]
    shown = context_of(data)
    summary: list[list[Any]] = [
        [_("Отчёт о показателях клиентоцентричности"), _("{y} год").format(y=year)],
        [_("Орган"), data["body"]["name"]],
        [_("Сформирован"), shown["made_on"]],
        [_("Срок"), shown["deadline"]],
        [_("Утверждён"), shown["approved_on"] or _("нет, черновик")],
        [_("Точки обслуживания"), shown["places_text"]],
        [
            _("Отчёт о сегментах"),
            shown["segments_approved_on"] or _("не утверждён"),
        ],
        [_("Что орган сделает в следующем году"), data["plans"] or _("не написано")],
    ]
    rows: list[list[Any]] = [
        [
            _("Код"),
            _("Версия"),
            _("Показатель"),
            _("{y} год").format(y=year - 1),
            _("n"),
            _("{y} год").format(y=year),
            _("Интервал 95 %"),
            _("n"),
            _("Цель"),
            _("Источник цели"),
        ]
    ]
    for i in data["indicators"]:
        rows.append(
            [
                i["code"],
                i["version"],
                i["name"],
                i["previous"]["text"],
                i["previous"]["n"],
                i["year"]["text"],
                i["year"]["interval"],
                i["year"]["n"],
                i["target"],
                i["target_source"],
            ]
        )
    quarters: list[list[Any]] = [[_("Код"), _("Квартал"), _("Значение"), _("Интервал 95 %"), "n"]]
    for i in data["indicators"]:
        for q in i["quarters"]:
            quarters.append([i["code"], q["label"], q["text"], q["interval"], q["n"]])
    changes: list[list[Any]] = [
        [
            _("Когда"),
            _("Что"),
            _("Вы сказали"),
            _("Мы сделали"),
            _("Довольных до"),
            _("n до"),
            _("Довольных после"),
            _("n после"),
        ]
    ]
    for c in shown["changes"]:
        changes.append(
            [
                c["done"],
                c["subject"],
                c["said"],
                c["did"],
                c["before"]["text"],
                c["before"]["n"],
                c["after"]["text"],
                c["after"]["n"],
            ]
        )
    work: list[list[Any]] = [
        [
            _("Показатель"),
            _("Квартал"),
            _("Что случилось"),
            _("Срок"),
            _("Закрыт"),
            _("Что сделано"),
        ]
    ]
    for item in shown["shortcomings"]:
        work.append(
            [
                item["indicator"],
                item["quarter"],
                item["summary"],
                item["due"],
                item["closed"] or "",
                item["done"],
            ]
        )
    methods: list[list[Any]] = [
        [
            _("Код"),
            _("Версия"),
            _("Показатель"),
            _("Что показывает"),
            _("Числитель"),
            _("Знаменатель"),
            _("Источник"),
            _("Как считаем"),
        ]
    ]
    for i in data["indicators"]:
        methods.append(
            [
                i["code"],
                i["version"],
                i["name"],
                i["definition"],
                i["numerator"],
                i["denominator"],
                i["source"],
                i["method"],
            ]
        )
    return [
        exports.Sheet(
            _("Отчёт"),
            summary,
            widths={0: 34, 1: 80},
            header=False,
            formats={1: exports.DATE},
        ),
        exports.Sheet(
            _("Показатели"),
            rows,
            widths={2: 36, 9: 40},
            formats={4: exports.INTEGER, 7: exports.INTEGER},
        ),
        exports.Sheet(
            _("По кварталам"), quarters, widths={0: 22, 1: 14}, formats={4: exports.INTEGER}
        ),
        exports.Sheet(
            _("Что изменили"), changes, widths={1: 30, 2: 40, 3: 40}, formats={0: exports.DATE}
        ),
        exports.Sheet(
            _("Недостатки"),
            work,
            widths={0: 30, 2: 50, 5: 50},
            formats={3: exports.DATE, 4: exports.DATE},
        ),
        exports.Sheet(_("Методика"), methods, widths={2: 30, 3: 40, 7: 60}),
    ]


def xlsx_of(data: dict[str, Any]) -> bytes:
    return exports.xlsx_bytes(sheets_of(data))
