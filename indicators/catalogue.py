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
from django.utils.translation import gettext as _

from feedback import selectors as feedback
from inbox import selectors as inbox
from indicators.periods import Period
from proactive import selectors as proactive
from registry import selectors as registry
from segments import selectors as segments
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
    digital: dict[dt.date, tuple[int, int]] = field(default_factory=dict)
    r30: Any = None
    needs: dict[str, int] = field(default_factory=dict)
    coverage: Any = None
    #: (service, quarter code) → cost; (service, quarter's first month) → clients served.
    costs: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    served: dict[tuple[int, dt.date], int] = field(default_factory=dict)

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
            digital=feedback.digital_by_quarter(body_id=body.pk, since=quarters[0].first_month),
            r30=registry.r30_state(body_id=body.pk),
            needs=registry.needs_by_status(body_id=body.pk),
            coverage=segments.coverage(body_id=body.pk),
            costs=_costs(body, quarters),
            served=feedback.served_by_service(body_id=body.pk, since=quarters[0].first_month),
        )


def _costs(body: Any, periods: Sequence[Period]) -> dict[tuple[int, str], Decimal]:
    from indicators.models import Cost

    codes = [q.code for p in periods for q in p.quarters]
    rows = Cost.objects.filter(body_id=body.pk, quarter__in=codes)
    return {(c.service_id, c.quarter): c.amount for c in rows}


def cost_per_transaction(m: Material, q: Period) -> Value:
    """The services' costs of the period over their clients served, only where a service
    has both (a cost without volumes says nothing of a transaction)."""
    cost, served = Decimal(0), 0
    for part in q.quarters:
        for (service, code), amount in m.costs.items():
            if code == part.code and m.served.get((service, part.first_month), 0) > 0:
                cost += amount
                served += m.served[(service, part.first_month)]
    return Value(served, float(cost / served) if served else None)


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


def _running(m: Material, q: Period) -> bool:
    """Whether a state (not a flow) can be read for ``q``: only the period running now —
    a past quarter or year cannot be read from today's records."""
    return q == m.quarters[-1] and q.start <= m.now < q.end


def touchpoints_meeting(m: Material, q: Period) -> Value:
    if not _running(m, q):
        return Value(0, measured=False)
    checked = [row for row in m.board if row.last is not None]
    return _share(sum(1 for row in checked if not row.remedies), len(checked), PLACES_MIN)


def digital_take_up(m: Material, q: Period) -> Value:
    found = [m.digital.get(part.first_month, (0, 0)) for part in q.quarters]
    return _share(sum(d for d, _a in found), sum(a for _d, a in found))


def r30_all(m: Material, q: Period) -> Value:
    if not _running(m, q):
        return Value(0, measured=False)
    return _share(m.r30.all_six, m.r30.services, PLACES_MIN)


def needs_met(m: Material, q: Period) -> Value:
    if not _running(m, q):
        return Value(0, measured=False)
    return _share(m.needs.get("met", 0), sum(m.needs.values()), PLACES_MIN)


def segments_final(m: Material, q: Period) -> Value:
    if not _running(m, q):
        return Value(0, measured=False)
    return _share(m.coverage.final, m.coverage.segments, PLACES_MIN)


def _r30_explained(m: Material) -> str:
    if not m.r30.services:
        return ""
    parts = [
        _("{label} — {yes} из {all}").format(label=label, yes=yes, all=m.r30.services)
        for label, yes in m.r30.each
    ]
    return "; ".join(parts) + "."


def _needs_explained(m: Material) -> str:
    if not m.needs:
        return ""
    return _(
        "Удовлетворяются — {met}, в работе — {work}, не могут быть удовлетворены — {cannot}."
    ).format(
        met=m.needs.get("met", 0), work=m.needs.get("in_work", 0), cannot=m.needs.get("cannot", 0)
    )


def _coverage_explained(m: Material) -> str:
    c = m.coverage
    if not c.segments:
        return ""
    heard = sorted(c.respondents)
    middle = heard[(len(heard) - 1) // 2]
    silent = sum(1 for h in heard if h == 0)
    return _(
        "Итоговых профилей — {final} из {all}. Респондентов на сегмент: в середине ряда — "
        "{middle}; сегментов без респондентов — {silent}."
    ).format(final=c.final, all=c.segments, middle=middle, silent=silent)


@dataclass(frozen=True)
class Definition:
    code: str
    version: int
    name: str
    definition: str
    numerator: str
    denominator: str
    source: str
    unit: str  # "share" (0–1, shown as %), "score" (1–5), "days", "rub"
    higher_is_better: bool
    target: Decimal | None
    target_source: str
    method: str
    compute: Callable[[Material, Period], Value]
    #: What a state is made of, in a sentence (the R30 conditions one by one…).
    explain: Callable[[Material], str] | None = None


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
    Definition(
        "digital_take_up",
        1,
        "Обслужены онлайн",
        "Сколько людей получили услугу на сайте или в приложении, а не лично или по телефону.",
        "обслуженные на сайте, портале и в приложении",
        "все обслуженные во всех точках",
        "Объёмы обслуживания, которые вносит орган",
        "share",
        True,
        None,
        "",
        "Берём числа, которые орган вносит каждый месяц по каждой точке. Если по точке "
        "есть и общее число, и числа по услугам, считаем общее.",
        digital_take_up,
    ),
    Definition(
        "cost_per_transaction",
        1,
        "Стоимость одного обращения за услугой",
        "Сколько в среднем стоит органу обслужить одного человека.",
        "затраты органа на услуги за квартал",
        "сколько людей получили эти услуги за квартал (по всем точкам, в МФЦ тоже)",
        "Затраты и объёмы, которые вносит орган",
        "rub",
        False,
        None,
        "",
        "Делим затраты на число людей, которых обслужили. Берём только услуги, где есть оба "
        "числа. Если людей меньше 10, значение не показываем.",
        cost_per_transaction,
    ),
    Definition(
        "r30_all",
        1,
        "Услуги по всем шести условиям",
        "Сколько услуг органа отвечают всем шести условиям хорошей услуги.",
        "услуги, где выполнены все шесть условий",
        "все услуги и функции органа в реестре",
        "Реестр услуг",
        "share",
        True,
        None,
        "",
        "Условия такие: услугу можно получить онлайн, её дают сами, без лишних справок, "
        "без других услуг, в одном окне и без ожидания. Если люди сами хотят прийти лично, "
        "это не считаем минусом. Это число на сегодня.",
        r30_all,
        _r30_explained,
    ),
    Definition(
        "needs_met",
        1,
        "Потребности, которые мы закрываем",
        "Сколько нужд людей в ситуациях органа уже закрывают услуги.",
        "потребности со статусом «удовлетворяется»",
        "все типовые потребности жизненных ситуаций органа",
        "Реестр жизненных ситуаций",
        "share",
        True,
        None,
        "",
        "Считаем потребности в ситуациях, за которые отвечает орган. Рядом — сколько в "
        "работе и сколько пока нельзя закрыть. Это число на сегодня.",
        needs_met,
        _needs_explained,
    ),
    Definition(
        "segments_final",
        1,
        "Сегменты с итоговым профилем",
        "Сколько сегментов клиентов мы уже изучили до конца.",
        "сегменты с итоговым профилем",
        "все сегменты органа",
        "Сегменты и исследования",
        "share",
        True,
        None,
        "",
        "Итоговый профиль — тот, что проверили на людях. Рядом — сколько людей опросили "
        "по каждому сегменту. Это число на сегодня.",
        segments_final,
        _coverage_explained,
    ),
)

BY_CODE = {d.code: d for d in CATALOGUE}
