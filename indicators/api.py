"""Indicators API: the catalogue (open to everyone) and a body's values by quarter (its
staff and its systems with the «indicators» scope)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from accounts.access import request_user
from accounts.api_auth import key_or_session
from accounts.models import Scope
from indicators import access, selectors
from indicators.catalogue import CATALOGUE

router = Router(tags=["indicators"])
api_auth = key_or_session(Scope.INDICATORS)


class DefinitionOut(Schema):
    code: str
    version: int
    name: str
    definition: str
    numerator: str
    denominator: str
    source: str
    unit: str
    higher_is_better: bool
    target: Decimal | None
    target_source: str
    method: str


@router.get("/indicators", response=list[DefinitionOut], summary="Каталог показателей")
def catalogue(request: HttpRequest) -> Any:
    return list(CATALOGUE)


class ValueOut(Schema):
    quarter: str
    n: int
    value: float | None = Field(..., description="null, когда случаев меньше 10")
    low: float | None
    high: float | None
    suppressed: bool


class IndicatorValuesOut(Schema):
    code: str
    version: int
    target: Decimal | None
    target_source: str
    light: str = Field(..., description="green, amber, red или none")
    summary: str
    values: list[ValueOut]


class ValuesQuery(Schema):
    quarters: int = Field(8, ge=1, le=20)


@router.get(
    "/indicators/values",
    response=list[IndicatorValuesOut],
    auth=api_auth,
    summary="Показатели органа по кварталам",
)
def values(request: HttpRequest, query: Query[ValuesQuery]) -> Any:
    body = access.get_body_for_read(request_user(request))
    return [
        {
            "code": row.definition.code,
            "version": row.definition.version,
            "target": row.target,
            "target_source": row.target_source,
            "light": row.light,
            "summary": row.summary,
            "values": [
                {
                    "quarter": q.code,
                    "n": v.n,
                    "value": None if v.suppressed else v.value,
                    "low": None if v.suppressed else v.low,
                    "high": None if v.suppressed else v.high,
                    "suppressed": v.suppressed,
                }
                for q, v in row.values
            ],
        }
        for row in selectors.body_indicators(body, quarters=query.quarters)
    ]


class ShortcomingOut(Schema):
    id: int
    code: str
    version: int
    quarter: str
    reason: str = Field(..., description="fall — упал больше погрешности; miss — дважды мимо цели")
    summary: str
    owner: str | None
    due_on: dt.date
    closed_at: dt.datetime | None
    done: str

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.display_name if obj.owner else None


class ShortcomingQuery(Schema):
    open: bool = False


@router.get(
    "/indicators/shortcomings",
    response=list[ShortcomingOut],
    auth=api_auth,
    summary="Недостатки, которые открыли показатели органа",
)
def shortcomings(request: HttpRequest, query: Query[ShortcomingQuery]) -> Any:
    body = access.get_body_for_read(request_user(request))
    return list(selectors.shortcomings_of(body, open_only=query.open))


class ReportSummaryOut(Schema):
    year: int
    approved: bool
    approved_at: dt.datetime | None
    deadline: dt.date


@router.get(
    "/indicators/reports",
    response=list[ReportSummaryOut],
    auth=api_auth,
    summary="Годовые отчёты органа о показателях",
)
def reports(request: HttpRequest) -> Any:
    body = access.get_body_for_read(request_user(request))
    return [
        {
            "year": r.year,
            "approved": r.approved_at is not None,
            "approved_at": r.approved_at,
            "deadline": r.deadline,
        }
        for r in selectors.report_years(body)
    ]


class ReportValueOut(Schema):
    text: str
    interval: str
    n: int
    value: float | None = Field(..., description="null, когда случаев меньше 10")
    low: float | None
    high: float | None


class ReportQuarterOut(ReportValueOut):
    quarter: str


class ReportIndicatorOut(Schema):
    code: str
    version: int = Field(..., description="версия формулы, по которой посчитано значение")
    name: str
    unit: str
    target: str
    target_source: str
    light: str
    year: ReportValueOut
    previous: ReportValueOut
    change: str
    quarters: list[ReportQuarterOut]
    method: str


class ReportChangeOut(Schema):
    said: str
    did: str
    done_on: dt.date
    subject: str
    before_n: int
    before: float | None
    after_n: int
    after: float | None


class ReportShortcomingOut(Schema):
    indicator: str
    quarter: str
    summary: str
    due_on: dt.date
    closed_on: dt.date | None
    done: str


class ReportOut(Schema):
    year: int
    approved: bool = Field(..., description="true — цифры такие, какими были в день утверждения")
    approved_at: dt.datetime | None
    approved_by: str
    made_at: dt.datetime
    deadline: dt.date
    indicators: list[ReportIndicatorOut]
    changes: list[ReportChangeOut]
    shortcomings: list[ReportShortcomingOut]
    plans: str


class YearPath(Schema):
    year: int = Field(..., ge=2020, le=2100)


@router.get(
    "/indicators/reports/{year}",
    response=ReportOut,
    auth=api_auth,
    summary="Годовой отчёт органа о показателях: утверждённый — как утвердили, иначе черновик",
)
def report(request: HttpRequest, path: Path[YearPath]) -> Any:
    from django.http import Http404
    from django.utils import timezone

    from indicators.report import report_data

    body = access.get_body_for_read(request_user(request))
    if path.year > timezone.localdate().year:
        raise Http404("year")
    kept = selectors.report_of(body, path.year)
    approved = kept is not None and kept.approved_at is not None
    data = kept.snapshot if approved else report_data(body=body, year=path.year, report=kept)
    return {
        **data,
        "approved": approved,
        "approved_by": data["approved_by"],
        "changes": [
            {
                **c,
                "before_n": c["before"]["n"],
                "before": c["before"]["value"],
                "after_n": c["after"]["n"],
                "after": c["after"]["value"],
            }
            for c in data["changes"]
        ],
    }


class CostIn(Schema):
    service: str = Field(..., description="код услуги органа из реестра")
    quarter: str = Field(..., description="например, 2026-Q3", max_length=7)
    amount: Decimal = Field(..., description="затраты за квартал, ₽")


class CostsIn(Schema):
    costs: list[CostIn] = Field(..., max_length=2000)


class CostOut(Schema):
    service: str
    quarter: str
    amount: Decimal
    served: int
    per_transaction: str


@router.get(
    "/indicators/costs",
    response=list[CostOut],
    auth=api_auth,
    summary="Затраты органа на услуги по кварталам и стоимость одного обращения",
)
def costs(request: HttpRequest) -> Any:
    body = access.get_body_for_read(request_user(request))
    return [
        {
            "service": r.service,
            "quarter": r.quarter,
            "amount": r.amount,
            "served": r.served,
            "per_transaction": r.per_transaction,
        }
        for r in selectors.costs_of(body)
    ]


class SavedOut(Schema):
    saved: int


@router.put(
    "/indicators/costs",
    response=SavedOut,
    auth=api_auth,
    summary="Внести затраты на услуги: все строки или ни одной",
)
def costs_put(request: HttpRequest, payload: CostsIn) -> Any:
    from indicators import services
    from registry.selectors import services_list

    user = request_user(request)
    body = access.get_body_for_targets(user)
    known = {s.slug: s for s in services_list(body=body)}
    rows = [(known.get(c.service), c.quarter, c.amount) for c in payload.costs]
    return {"saved": services.costs_set(actor=user, body=body, costs=rows)}
