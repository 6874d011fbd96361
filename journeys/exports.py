"""A map as a file (R13): PDF on A3 landscape with every lane and the curve, PNG (the PDF's
page as an image, for slides), XLSX and CSV (stages as columns, lanes as rows)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from exports import services as exports
from exports.services import Export
from journeys import access, selectors, views
from journeys.models import JourneyMap, Stage


def rows(journey_map: JourneyMap) -> list[list[str]]:
    """The table: a header row of stages, then one row per lane."""
    stages = list(journey_map.stages.all())
    table = [[str(_("Этап")), *[f"{i}. {s.title}" for i, s in enumerate(stages, start=1)]]]
    for name, label in views.LANES:
        table.append([str(label), *[cell_text(s, name) for s in stages]])
    return table


def cell_text(stage: Stage, name: str) -> str:
    if name == "emotion":
        return f"{stage.get_emotion_display()} ({stage.score} / 5)"
    if name == "touchpoints":
        return "\n".join(t.title for t in stage.touchpoints.all())
    if name == "minutes":
        return "" if stage.minutes is None else _("%(n)s мин") % {"n": stage.minutes}
    if name == "cost":
        # «300 ₽», «300,50 ₽» as Russian readers write money, not «300.00 ₽».
        return "" if stage.cost is None else _("%(n)s ₽") % {"n": floatformat(stage.cost, "-2g")}
    return str(getattr(stage, name))


def _export(journey_map: JourneyMap, extension: str) -> Export:
    return Export(
        what="journeys.map",
        filename=f"journey-{journey_map.pk}.{extension}",
        body=journey_map.body,
        title=_("Карта пути «{t}»").format(t=journey_map.title),
    )


def pdf_html(request: HttpRequest, journey_map: JourneyMap) -> str:
    context: dict[str, Any] = views.map_context(request, journey_map)
    context["table"] = rows(journey_map)
    # The file always holds the table and the curve, whichever view the page had.
    context["legend"] = selectors.legend(
        table=bool(context["stages"]),
        curve=bool(context["stages"]),
        ratings=context["ratings_line"],
    )
    return render_to_string("journeys/map_pdf.html", context, request=request)


@login_required
def map_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_read(request.user, pk)
    return exports.pdf_response(
        request, _export(journey_map, "pdf"), pdf_html(request, journey_map),
        rows=journey_map.stages.count(),
    )  # fmt: skip


@login_required
def map_png(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_read(request.user, pk)
    return exports.png_response(
        request, _export(journey_map, "png"), pdf_html(request, journey_map),
        rows=journey_map.stages.count(),
    )  # fmt: skip


@login_required
def map_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_read(request.user, pk)
    subtitle = (
        f"{journey_map.segment.name} · {journey_map.variant} · {journey_map.get_kind_display()}"
    )
    table = rows(journey_map)
    sheet = exports.Sheet(
        title=str(_("Карта пути")),
        rows=[[journey_map.title], [subtitle], [], *table],
        bold={0, 3},
        big={0},
        widths={0: 24, **{i: 36 for i in range(1, len(table[0]))}},
        header=False,
    )
    return exports.xlsx_response(
        request, _export(journey_map, "xlsx"), [sheet, *legend_sheet(journey_map)]
    )


def legend_sheet(journey_map: JourneyMap) -> list[exports.Sheet]:
    """The «Легенда» sheet: what the table's marks mean (the file has no curve); none for
    a map without stages, which has no marks."""
    entries = selectors.legend(table=bool(journey_map.stages.all()))
    if not entries:
        return []
    return [
        exports.Sheet(
            title=str(_("Легенда")),
            rows=[[_("Обозначение"), _("Что значит")], *[[e.mark, e.meaning] for e in entries]],
            widths={0: 36, 1: 90},
        )
    ]


@login_required
def map_csv(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_read(request.user, pk)
    return exports.csv_response(request, _export(journey_map, "csv"), rows(journey_map))
