"""The catalogue of client-centricity indicators (seed 001 «Показатели клиентоцентричности»,
004 §6–7, R20): what each says, how it is counted, its target and where the target comes
from, and its formula — as code, versioned: a changed formula is a new ``version``, and a
number names the version that produced it.

Every value comes with its n and, where it is a rate or a mean, a 95 % interval; a value
of fewer than ``PUBLISH_MIN`` cases is suppressed and says so instead of showing 0. Each
indicator reads its app's figures through that app's selectors (``Material``), all loaded
once for a body and a span of quarters, so a page's queries do not grow with the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from feedback import selectors as feedback
from inbox import selectors as inbox
from indicators.periods import Period
from proactive import selectors as proactive
from standards import selectors as standards


@dataclass(frozen=True)
class Value:
    """One indicator for one period: its value, the 95 % interval and n; ``suppressed``
    when n is under the indicator's minimum (the value is then not shown); ``measured``
    false for a quarter an indicator of a state is not read for; ``at_least`` when the
    value is a lower bound (a median with appeals still waiting)."""

    n: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    minimum: int = feedback.PUBLISH_MIN
    measured: bool = True
    at_least: bool = False

    @property
    def suppressed(self) -> bool:
        return self.value is None or self.n < self.minimum


@dataclass
class Material:
    """What a body's indicators are computed from, over a span of quarters, loaded once
    and aggregated in the database: the queries do not grow with the rows."""

    quarters: list[Period]
    figures: dict[Period, Any]
    in_time: dict[tuple[dt.date, str], Any]
    medians: dict[Period, Any]
    offers: dict[dt.date, tuple[int, int]]
    board: list[Any]
    now: dt.datetime = field(default_factory=timezone.now)

    @classmethod
    def load(
        cls, body: Any, quarters: Sequence[Period], *, now: dt.datetime | None = None
    ) -> Material:
        """``quarters``: consecutive periods, oldest first — quarters, or years."""
        now = now or timezone.now()
        months = feedback.figures_by_month(
            body_id=body.pk, month_from=quarters[0].first_month, month_to=quarters[-1].last_month
        )
        by_quarter: dict[Period, list[Any]] = {q: [] for q in quarters}
        for month in months:
            for q in quarters:
                if q.first_month <= month.key <= q.last_month:
                    by_quarter[q].append(month)
        since = quarters[0].start
        medians = inbox.answer_days_by_quarter(
            body_id=body.pk, quarters=[(q.start, q.end) for q in quarters], now=now
        )
        return cls(
            quarters=list(quarters),
            figures={q: feedback.figures_sum(q, parts) for q, parts in by_quarter.items()},
            in_time=inbox.in_time_by_quarter(body_id=body.pk, since=since, now=now),
            medians=dict(zip(quarters, medians, strict=True)),
            offers=proactive.offers_by_quarter(body_id=body.pk, since=since, now=now),
            board=standards.board(body),
            now=now,
        )


def _share(yes: int, n: int, minimum: int = feedback.PUBLISH_MIN) -> Value:
    s = feedback.share_ci(yes, n)
    return Value(n, s.share, s.low, s.high, minimum=minimum)


def _clip(x: float | None, low: float, high: float) -> float | None:
    return None if x is None else min(max(x, low), high)


def satisfaction_share(m: Material, q: Period) -> Value:
    f = m.figures[q]
    return _share(f.sums["satisfied"], f.n)


def satisfaction_score(m: Material, q: Period) -> Value:
    """(mean − 1) / 4: the mean score 1–5 on a 0–1 scale, as GOV.UK's Performance
    Platform counted satisfaction; the interval is the mean's (kept within the scale),
    moved the same way."""
    c = m.figures[q].csat
    if c.mean is None:
        return Value(c.n)
    return Value(c.n, _to_unit(c.mean), _to_unit(_clip(c.low, 1, 5)), _to_unit(_clip(c.high, 1, 5)))


def _to_unit(score: float | None) -> float | None:
    return None if score is None else (score - 1) / 4


def effort(m: Material, q: Period) -> Value:
    c = m.figures[q].ces
    return Value(c.n, c.mean, _clip(c.low, 1, 5), _clip(c.high, 1, 5))


def loyalty(m: Material, q: Period) -> Value:
    s = m.figures[q].loyalty
    return Value(s.n, s.share, s.low, s.high)


def _in_time(m: Material, q: Period, group: str) -> Value:
    found = [m.in_time.get((part.first_month, group)) for part in q.quarters]
    return _share(
        sum(f.on_time for f in found if f is not None),
        sum(f.decided for f in found if f is not None),
    )


def appeals_in_term(m: Material, q: Period) -> Value:
    return _in_time(m, q, "appeal")


def appeals_median_days(m: Material, q: Period) -> Value:
    found = m.medians[q]
    return Value(found.n, found.days, found.low, found.high, at_least=found.at_least)


def social_in_time(m: Material, q: Period) -> Value:
    return _in_time(m, q, "social")


def proactive_completion(m: Material, q: Period) -> Value:
    found = [m.offers.get(part.first_month, (0, 0)) for part in q.quarters]
    return _share(sum(c for _d, c in found), sum(d for d, _c in found))


#: Places are not people: a share of them is shown from one place checked.
PLACES_MIN = 1


def touchpoints_meeting(m: Material, q: Period) -> Value:
    """A state, not a flow: read for the period running now only (a past quarter or year
    cannot be read from today's checks)."""
    if q != m.quarters[-1] or not q.start <= m.now < q.end:
        return Value(0, measured=False)
    checked = [row for row in m.board if row.last is not None]
    return _share(sum(1 for row in checked if not row.remedies), len(checked), PLACES_MIN)


@dataclass(frozen=True)
class Definition:
    code: str
    version: int
    name: str
    definition: str
    numerator: str
    denominator: str
    source: str
    unit: str  # "share" (0–1, shown as %), "score" (1–5), "days"
    higher_is_better: bool
    target: Decimal | None
    target_source: str
    method: str
    compute: Callable[[Material, Period], Value]


CATALOGUE: tuple[Definition, ...] = (
    Definition(
        "satisfaction",
        1,
        "Доля довольных",
        "Доля оценок 4 и 5 из всех оценок органа за квартал.",
        "оценки 4–5",
        "все оценки, которые учитываются (без исключённых модератором и ботов)",
        "Оценки по единому методу",
        "share",
        True,
        Decimal("0.6"),
        "«Решаем вместе», 2025: не менее 60 % оценок 4–5",
        "Считаем все оценки органа за квартал по единой шкале 1–5. Интервал — 95 % "
        "(метод Уилсона). Меньше 10 оценок — значение не показываем.",
        satisfaction_share,
    ),
    Definition(
        "satisfaction_score",
        1,
        "Индекс удовлетворённости",
        "Средняя оценка по шкале от 0 до 100 %: оценка 1 — это 0 %, оценка 5 — это 100 %.",
        "средняя оценка минус 1",
        "4 (размах шкалы)",
        "Оценки по единому методу",
        "share",
        True,
        None,
        "",
        "Так считали в правительстве Великобритании. Берём среднюю оценку, вычитаем 1 и "
        "делим на 4. Погрешность пересчитываем так же.",
        satisfaction_score,
    ),
    Definition(
        "effort",
        1,
        "Лёгкость получения услуги",
        "Средняя оценка «Насколько легко было получить услугу?» от 1 до 5.",
        "сумма оценок лёгкости",
        "число ответивших на этот вопрос",
        "Оценки по единому методу",
        "score",
        True,
        None,
        "",
        "Вопрос задают после основной оценки; отвечают не все. Интервал — 95 %.",
        effort,
    ),
    Definition(
        "loyalty",
        1,
        "Готовность обратиться снова",
        "Сколько людей сказали, что снова придут за услугой так же.",
        "ответы «да»",
        "все ответившие на вопрос",
        "Оценки по единому методу",
        "share",
        True,
        None,
        "",
        "Рядом с числом есть погрешность: так видно, насколько ему можно верить.",
        loyalty,
    ),
    Definition(
        "appeals_in_term",
        1,
        "Обращения с ответом в срок",
        "Сколько обращений получили ответ в срок, который дают закон и стандарт.",
        "обращения с ответом в срок по закону или стандарту",
        "обращения квартала с ответом или с истёкшим сроком (закрытые без ответа до срока — нет)",
        "Обращения",
        "share",
        True,
        Decimal("1"),
        "59-ФЗ: на письменное обращение — 30 дней; стандарт: в соцсетях — 2 часа",
        "На письменное обращение закон даёт 30 дней, а стандарт на обращение в соцсети — "
        "2 часа. Все органы считаем по этим срокам. Квартал — по дню, когда пришло "
        "обращение.",
        appeals_in_term,
    ),
    Definition(
        "appeals_median_days",
        1,
        "Время ответа на обращение",
        "За сколько дней мы отвечаем: половина ответов приходит быстрее.",
        "—",
        "письменные обращения квартала: с ответом и ещё без ответа",
        "Обращения",
        "days",
        False,
        Decimal("8"),
        "«Решаем вместе», 2025: ответ в течение 8 дней",
        "Берём письменные обращения. Половина ответов пришла быстрее, половина — дольше. "
        "Обращение без ответа считаем по дням, которые оно уже ждёт.",
        appeals_median_days,
    ),
    Definition(
        "social_in_time",
        1,
        "Ответы в соцсетях в срок",
        "Сколько записей в соцсетях получили ответ в срок.",
        "ответы в срок",
        "комментарии, упоминания и сообщения квартала с ответом или с истёкшим сроком",
        "Обращения",
        "share",
        True,
        Decimal("1"),
        "Стандарт: на упоминание — 4 часа, на комментарий — 2 часа",
        "Рядом с числом есть погрешность: так видно, насколько ему можно верить.",
        social_in_time,
    ),
    Definition(
        "proactive_completion",
        1,
        "Проактивные услуги доведены до конца",
        "Сколько услуг, которые мы предложили сами, человек подтвердил или получил без заявления.",
        "подтверждённые и назначенные без заявления",
        "предложения услуг органа, по которым всё решено, и те, что ждут ответа клиента "
        "дольше 30 дней",
        "Проактивные услуги",
        "share",
        True,
        None,
        "",
        "Квартал — по дню, когда мы предложили услугу. Показываем и погрешность.",
        proactive_completion,
    ),
    Definition(
        "touchpoints_meeting",
        1,
        "Точки без невыполненных требований",
        "Сколько мест мы проверили и нашли, что там всё как надо.",
        "проверенные точки без открытых задач",
        "точки органа, проверенные хотя бы раз",
        "Проверки точек по стандарту",
        "share",
        True,
        None,
        "",
        "Это число на сегодня. Оно есть только у текущего квартала.",
        touchpoints_meeting,
    ),
)

BY_CODE = {d.code: d for d in CATALOGUE}
