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
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from feedback import selectors as feedback
from inbox import selectors as inbox
from indicators.periods import Quarter
from proactive import selectors as proactive
from standards import selectors as standards

SOCIAL_KINDS = frozenset({"comment", "mention", "message", "chatbot"})
#: Offers that put something before the client (not a refusal, not a pointer to apply).
OFFERED = frozenset({"ready", "form", "confirmed", "declined", "withdrawn", "granted"})
COMPLETED = frozenset({"confirmed", "granted"})


@dataclass(frozen=True)
class Value:
    """One indicator for one period: its value, the 95 % interval and n; ``suppressed``
    when n is under the publishing minimum (the value is then not shown)."""

    n: int
    value: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.value is None or self.n < feedback.PUBLISH_MIN


@dataclass
class Material:
    """What a body's indicators are computed from, over a span of quarters, loaded once."""

    quarters: list[Quarter]
    figures: dict[Quarter, Any]
    answers: list[Any]
    offers: list[tuple[dt.datetime, str]]
    board: list[Any]
    now: dt.datetime = field(default_factory=timezone.now)

    @classmethod
    def load(
        cls, body: Any, quarters: list[Quarter], *, now: dt.datetime | None = None
    ) -> Material:
        now = now or timezone.now()
        months = feedback.figures_by_month(
            body_id=body.pk, month_from=quarters[0].first_month, month_to=quarters[-1].last_month
        )
        by_quarter: dict[Quarter, list[Any]] = {q: [] for q in quarters}
        for month in months:
            q = Quarter.of(month.key)
            if q in by_quarter:
                by_quarter[q].append(month)
        since = quarters[0].start
        return cls(
            quarters=quarters,
            figures={q: feedback.figures_sum(q, parts) for q, parts in by_quarter.items()},
            answers=inbox.answer_rows(body_id=body.pk, since=since, now=now),
            offers=proactive.offer_rows(body_id=body.pk, since=since),
            board=standards.board(body),
            now=now,
        )

    def in_quarter(self, q: Quarter, moment: dt.datetime) -> bool:
        return q.start <= moment < q.end


def _share(yes: int, n: int) -> Value:
    s = feedback.share_ci(yes, n)
    return Value(n, s.share, s.low, s.high)


def satisfaction_share(m: Material, q: Quarter) -> Value:
    f = m.figures[q]
    return _share(f.sums["satisfied"], f.n)


def satisfaction_score(m: Material, q: Quarter) -> Value:
    """(mean − 1) / 4: the mean score 1–5 on a 0–1 scale, as GOV.UK's Performance
    Platform counted satisfaction; the interval is the mean's, moved the same way."""
    c = m.figures[q].csat
    if c.mean is None:
        return Value(c.n)
    return Value(c.n, _to_unit(c.mean), _to_unit(c.low), _to_unit(c.high))


def _to_unit(score: float | None) -> float | None:
    return None if score is None else (score - 1) / 4


def effort(m: Material, q: Quarter) -> Value:
    c = m.figures[q].ces
    return Value(c.n, c.mean, c.low, c.high)


def loyalty(m: Material, q: Quarter) -> Value:
    s = m.figures[q].loyalty
    return Value(s.n, s.share, s.low, s.high)


def _answers(m: Material, q: Quarter, kinds: Callable[[str], bool]) -> list[Any]:
    return [a for a in m.answers if kinds(a.kind) and m.in_quarter(q, a.received_at)]


def appeals_in_term(m: Material, q: Quarter) -> Value:
    rows = _answers(m, q, lambda k: k == "appeal")
    on_time = sum(1 for a in rows if a.answered_at is not None and a.answered_at <= a.due_at)
    return _share(on_time, len(rows))


def appeals_median_days(m: Material, q: Quarter) -> Value:
    days = [
        (a.answered_at - a.received_at).total_seconds() / 86400
        for a in _answers(m, q, lambda k: k == "appeal")
        if a.answered_at is not None
    ]
    return Value(len(days), statistics.median(days) if days else None)


def social_in_time(m: Material, q: Quarter) -> Value:
    rows = _answers(m, q, lambda k: k in SOCIAL_KINDS)
    on_time = sum(1 for a in rows if a.answered_at is not None and a.answered_at <= a.due_at)
    return _share(on_time, len(rows))


def proactive_completion(m: Material, q: Quarter) -> Value:
    offered = [s for made, s in m.offers if s in OFFERED and m.in_quarter(q, made)]
    return _share(sum(1 for s in offered if s in COMPLETED), len(offered))


def touchpoints_meeting(m: Material, q: Quarter) -> Value:
    """A state, not a flow: read for the current quarter only."""
    if q != m.quarters[-1]:
        return Value(0)
    checked = [row for row in m.board if row.last is not None]
    return _share(sum(1 for row in checked if not row.remedies), len(checked))


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
    compute: Callable[[Material, Quarter], Value]


CATALOGUE: tuple[Definition, ...] = (
    Definition(
        "satisfaction",
        1,
        "Доля довольных",
        "Доля оценок 4 и 5 из всех оценок органа за квартал.",
        "оценки 4–5",
        "все оценки, которые учитываются (без исключённых модератором и ботов)",
        "Оценки (единый метод, R19)",
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
        "Средняя оценка по шкале от 0 до 100: оценка 1 — это 0, оценка 5 — это 100.",
        "средняя оценка минус 1",
        "4 (размах шкалы)",
        "Оценки (единый метод, R19)",
        "share",
        True,
        None,
        "",
        "Так считали на сайте GOV.UK. Берём среднюю оценку, вычитаем 1 и делим на 4. "
        "Погрешность пересчитываем так же.",
        satisfaction_score,
    ),
    Definition(
        "effort",
        1,
        "Лёгкость получения услуги",
        "Средняя оценка «Насколько легко было получить услугу?» от 1 до 5.",
        "сумма оценок лёгкости",
        "число ответивших на этот вопрос",
        "Оценки (единый метод, R19)",
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
        "Оценки (единый метод, R19)",
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
        "Доля обращений, на которые ответили до конца срока.",
        "обращения с ответом в срок",
        "обращения квартала с ответом или с истёкшим сроком",
        "Обращения (R22)",
        "share",
        True,
        Decimal("1"),
        "59-ФЗ: на письменное обращение — не позже 30 дней; в соцсетях — 2 часа (R22)",
        "Срок каждого обращения — его собственный: 30 дней для письменного, 2 часа для "
        "обращения в соцсети, или короче, если так решил орган. Квартал — по дате "
        "поступления.",
        appeals_in_term,
    ),
    Definition(
        "appeals_median_days",
        1,
        "Время ответа на обращение",
        "За сколько дней мы отвечаем: половина ответов приходит быстрее.",
        "—",
        "обращения квартала с ответом",
        "Обращения (R22)",
        "days",
        False,
        Decimal("8"),
        "«Решаем вместе», 2025: ответ в течение 8 дней",
        "Половина ответов пришла быстрее, половина — дольше. Рядом с числом дней "
        "показываем, сколько было обращений.",
        appeals_median_days,
    ),
    Definition(
        "social_in_time",
        1,
        "Ответы в соцсетях в срок",
        "Сколько записей в соцсетях получили ответ в срок.",
        "ответы в срок",
        "комментарии, упоминания и сообщения квартала с ответом или с истёкшим сроком",
        "Обращения (R22)",
        "share",
        True,
        Decimal("1"),
        "Стандарт: на упоминание — 4 часа, на комментарий — 2 часа (R22)",
        "Рядом с числом есть погрешность: так видно, насколько ему можно верить.",
        social_in_time,
    ),
    Definition(
        "proactive_completion",
        1,
        "Проактивные услуги доведены до конца",
        "Сколько услуг, которые мы предложили сами, человек подтвердил или получил без заявления.",
        "подтверждённые и назначенные без заявления",
        "все предложения, кроме отказов и направлений подать заявление обычным порядком",
        "Проактивные услуги (R15–R17)",
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
        "Стандарты точек (R29)",
        "share",
        True,
        None,
        "",
        "Это число на сегодня. Оно есть только у текущего квартала.",
        touchpoints_meeting,
    ),
)

BY_CODE = {d.code: d for d in CATALOGUE}
