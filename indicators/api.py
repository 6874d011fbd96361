"""Indicators API: the catalogue (open to everyone) and a body's values by quarter (its
staff and its systems with the «indicators» scope)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

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
