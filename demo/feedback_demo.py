"""Demo of the feedback loop (R18–R21): a year of ratings (about 24,000) across the demo
services and touchpoints, with channels that differ the way they do in life (offices and
МФЦ rated higher than the portal, queues the common complaint), a few telling comments,
rating points with short links, volumes served, cases, and "you said — we did".
Deterministic and idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from feedback import analysis, instrument, rollup, services
from feedback.models import Case, Channel, Rating, Verdict, Volume
from registry.models import LifeSituation, Service, Touchpoint

TOTAL = 30_000
#: Days back the demo's ratings spread over: eight quarters for the indicators' trends.
SPAN_DAYS = 730
COMMENTS = {
    1: ["Три часа в очереди, талонов нет", "Нагрубили в окне, документы не приняли",
        "На сайте ошибка при отправке заявления, пришлось идти лично",
        "Потеряли мои документы, пришлось собирать заново"],
    2: ["Долго ждал, очередь огромная", "Непонятно, какие справки нужны, отправляли дважды",
        "Сайт зависает на последнем шаге", "Не дозвониться на горячую линию"],
    3: ["В целом нормально, но долго", "Объяснили не сразу"],
    4: ["Всё понятно, спасибо", "Быстро, но душно в зале ожидания"],
    5: ["Спасибо, всё быстро и вежливо", "Отличный специалист, всё объяснила",
        "Оформил за десять минут, очень удобно"],
}  # fmt: skip
# How each kind of touchpoint tends to be rated: mean shift of the headline score.
SHIFT: dict[str, float] = {
    Touchpoint.Kind.ONE_WINDOW: 0.5, Touchpoint.Kind.RECEPTION: 0.2,
    Touchpoint.Kind.PORTAL: -0.5, Touchpoint.Kind.MOBILE_APP: -0.2,
    Touchpoint.Kind.CALL_CENTRE: -0.3,
}  # fmt: skip
CHANNELS: dict[str, list[str]] = {
    Touchpoint.Kind.ONE_WINDOW: [Channel.KIOSK, Channel.QR, Channel.LINK],
    Touchpoint.Kind.RECEPTION: [Channel.QR, Channel.KIOSK],
    Touchpoint.Kind.PORTAL: [Channel.WIDGET, Channel.API, Channel.LINK],
    Touchpoint.Kind.MOBILE_APP: [Channel.API],
    Touchpoint.Kind.CALL_CENTRE: [Channel.OPERATOR],
}  # fmt: skip


def _score(rng: random.Random, shift: float) -> int:
    base = rng.choices([1, 2, 3, 4, 5], weights=[6, 8, 16, 34, 36])[0]
    return max(1, min(5, round(base + shift + rng.uniform(-0.5, 0.5))))


def load_feedback() -> None:
    if Rating.objects.exists():
        return
    rng = random.Random(2026)  # nosec B311 - demo data, not security
    admin = User.objects.get(username="admin")  # creates points for every body
    now = timezone.now()
    pairs = []
    for service in Service.objects.select_related("body").order_by("slug"):
        touchpoints = list(
            Touchpoint.objects.filter(body=service.body)
            .exclude(kind__in=[Touchpoint.Kind.SOCIAL_NETWORK, Touchpoint.Kind.MESSENGER])
            .order_by("pk")
        ) + list(Touchpoint.objects.filter(kind=Touchpoint.Kind.ONE_WINDOW).order_by("pk")[:1])
        pairs += [(service, tp) for tp in dict.fromkeys(touchpoints) if tp.kind in CHANNELS]
    if not pairs:
        return
    with transaction.atomic():
        points = {}
        for service, tp in pairs:
            points[(service.pk, tp.pk)] = services.point_create(
                actor=admin, subject=service, touchpoint=tp
            )
        situation = LifeSituation.objects.filter(slug="rozhdenie-rebenka").first()
        if situation is not None:
            services.point_create(actor=admin, subject=situation)
    ratings = []
    weights = [3 if tp.kind == Touchpoint.Kind.ONE_WINDOW else 2 for _s, tp in pairs]
    for _i in range(TOTAL):
        service, tp = rng.choices(pairs, weights=weights)[0]
        age = rng.uniform(0, SPAN_DAYS)
        # A year ago people were less satisfied: the yearly report has a change to show.
        csat = _score(rng, SHIFT.get(tp.kind, 0.0) - (0.35 if age > 365 else 0.0))
        channel = rng.choice(CHANNELS[tp.kind])
        short = channel in (Channel.KIOSK, Channel.WIDGET)
        drivers: list[str] = []
        if csat < 4:
            likely = (
                ["queue", "time"]
                if tp.kind in Touchpoint.IN_PERSON_KINDS
                else ["ease", "information", "time"]
            )
            drivers = sorted(
                set(rng.choices([*likely, "clarity", "staff", "result"], k=rng.randint(1, 2)))
            )
        comment = rng.choice(COMMENTS[csat]) if rng.random() < 0.12 else ""
        control = {}
        if tp.kind in Touchpoint.IN_PERSON_KINDS and not short and rng.random() < 0.5:
            control = {
                code: max(1, min(5, csat + rng.choice([-1, 0, 0, 1])))
                for code in instrument.CONTROL_CODES
            }
        answers = instrument.check(
            csat=csat,
            ces=None if short else max(1, min(5, csat + rng.choice([-1, 0, 0, 1]))),
            loyal=None if short else csat >= 3 or rng.random() < 0.2,
            drivers=drivers, control=control, comment=comment,
            in_person=tp.kind in Touchpoint.IN_PERSON_KINDS,
        )  # fmt: skip
        ratings.append(
            Rating(
                instrument=instrument.VERSION,
                body_id=service.body_id,
                service=service,
                touchpoint=tp,
                point=points[(service.pk, tp.pk)],
                channel=channel,
                client_kind="citizen",
                csat=answers.csat,
                ces=answers.ces,
                loyal=answers.loyal,
                drivers=answers.drivers_mask,
                control=dict(answers.control),
                comment=answers.comment,
                tone=analysis.tone(answers.comment),
                verdict=Verdict.TRUSTED
                if channel in (Channel.OPERATOR, Channel.API)
                else Verdict.CHALLENGE,
                created_at=now - dt.timedelta(days=age),
            )
        )
    with transaction.atomic():
        Rating.objects.bulk_create(ratings, batch_size=2000)
        recent = now - dt.timedelta(days=60)
        Case.objects.bulk_create(
            Case(rating=r, body_id=r.body_id, opened_at=r.created_at, due_at=r.created_at + dt.timedelta(days=30))
            for r in Rating.objects.filter(csat__lt=instrument.LOW_SCORE, created_at__gte=recent).exclude(comment="")
        )  # fmt: skip
        month = now.date().replace(day=1)
        for _m in range(SPAN_DAYS // 30):
            for tp in {tp for _s, tp in pairs}:
                served = rng.randint(800, 3000)
                Volume.objects.create(
                    body_id=tp.body_id,
                    touchpoint=tp,
                    month=month,
                    served=served,
                    offered=served // rng.randint(2, 5),
                )
            for service, tp in pairs:  # per service too: what A-11 reports per quarter
                served = rng.randint(200, 900)
                Volume.objects.create(
                    body_id=service.body_id,
                    touchpoint=tp,
                    service=service,
                    month=month,
                    served=served,
                    offered=served // rng.randint(2, 5),
                )
            month = (month - dt.timedelta(days=1)).replace(day=1)
    rollup.rollup()
    queue = Rating.objects.filter(comment__icontains="очередь", service__isnull=False).first()
    if queue is not None and queue.service is not None:
        services.change_create(
            actor=admin,
            subject=queue.service,
            said="В офисах долго ждать в очереди.",
            did="Открыли запись на удобное время и ещё одно окно по вторникам и четвергам.",
            done_on=timezone.localdate() - dt.timedelta(days=20),
            rating_ids=list(Rating.objects.filter(service=queue.service, comment__icontains="очеред").values_list("pk", flat=True)[:20]),
        )  # fmt: skip
    site = Rating.objects.filter(
        comment__icontains="сайт", service__isnull=False, body__slug="minsoc"
    ).first()
    if site is not None and site.service is not None:
        services.change_create(
            actor=admin,
            subject=site.service,
            said="Заявление на сайте не отправляется с первого раза.",
            did="Исправили форму заявления: она сохраняет введённое и говорит, что не так.",
            done_on=dt.date(timezone.localdate().year - 1, 9, 15),
        )
