"""Demo inbox of Минсоцзащиты (R22–R24): a few hundred items over the last five weeks in
every state, some overdue, categories that route by keywords (one to the СФР branch),
template answers for the typical questions, and an answerer who takes mail as a digest.

Idempotent: does nothing when the body already has items. Dates are relative to now, so
the demo always has items that are overdue, nearly due and answered in time or late.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Body, Role, User
from accounts.services import user_create
from inbox import services
from inbox.models import Event, Item, Kind, Status
from mailings.services import preference_set
from readability.checker import check
from registry.models import LifeSituation

ANSWERER = ("answerer", "Ольга", "Лебедева")

CATEGORIES = [
    (
        "minsoc",
        "Региональный материнский капитал",
        "региональный капитал, материнский капитал, капитал",
        "rozhdenie-rebenka",
    ),
    (
        "minsoc",
        "Компенсация за детский сад",
        "детский сад, садик, компенсация, родительская плата",
        "rozhdenie-rebenka",
    ),
    ("minsoc", "Ветераны труда", "ветеран, ветеран труда, звание, ЕДВ", "vyhod-na-pensiyu"),
    ("minsoc", "Субсидия на ЖКУ", "субсидия, коммунальные услуги, ЖКХ, квартплата", ""),
    ("minsoc", "Социальный контракт", "социальный контракт, своё дело, бизнес", "utrata-raboty"),
    ("sfr", "Единое пособие", "единое пособие, пособие на ребёнка", "rozhdenie-rebenka"),
]

TEMPLATES = [
    (
        "Когда придёт региональный материнский капитал?",
        "Решение о выдаче сертификата мы принимаем за 10 рабочих дней. Сертификат придёт в личный кабинет на Госуслугах. Если его нет через 10 дней, напишите нам.",
        "rozhdenie-rebenka",
    ),
    (
        "Как получить компенсацию за детский сад?",
        "Подайте заявление на Госуслугах или в МФЦ. Справки о доходах мы запросим сами. Деньги придут на карту «Мир» в следующем месяце.",
        "rozhdenie-rebenka",
    ),
    (
        "Почему не пришла компенсация за сад?",
        "Мы проверим, дошло ли заявление и верны ли реквизиты. Напишите номер заявления или дату подачи. Ответим за один рабочий день.",
        "rozhdenie-rebenka",
    ),
    (
        "Как получить звание «Ветеран труда»?",
        "Нужны трудовой стаж и ведомственная награда. Подайте заявление в МФЦ и возьмите с собой удостоверение к награде. Решение примем за 30 дней.",
        "vyhod-na-pensiyu",
    ),
    (
        "Как оформить субсидию на оплату ЖКУ?",
        "Субсидию дают, если платежи за жильё больше 22 % дохода семьи. Подайте заявление на Госуслугах. Сведения о доходах мы получим сами.",
        "",
    ),
    (
        "Переведём разговор в личные сообщения",
        "Спасибо, что написали. Чтобы разобраться, нам нужны ваши данные. Напишите нам в личные сообщения, ответим сегодня.",
        "",
    ),
]

MESSAGES = [
    (
        Kind.COMMENT,
        "Третий месяц жду региональный капитал, никто ничего не объясняет. Когда придут деньги?",
    ),
    (
        Kind.APPEAL,
        "Прошу разъяснить порядок получения компенсации родительской платы за детский сад.",
    ),
    (
        Kind.MENTION,
        "Минсоцзащиты опять не отвечает по субсидии на коммунальные услуги, звоню неделю.",
    ),
    (Kind.COMMENT, "Почему отказали в звании ветеран труда? У меня стаж 40 лет и грамота."),
    (Kind.MESSAGE, "Здравствуйте! Как подать на социальный контракт, хочу открыть своё дело?"),
    (Kind.APPEAL, "Не пришла компенсация за садик за октябрь. Заявление подавала в МФЦ."),
    (Kind.COMMENT, "Спасибо за быстрый ответ по капиталу, всё пришло!"),
    (Kind.MENTION, "Кто-нибудь знает, единое пособие на ребёнка теперь в СФР оформлять?"),
    (Kind.CHATBOT, "Какие документы нужны на субсидию ЖКХ?"),
    (Kind.APPEAL, "Прошу сообщить, почему мне перестали платить ЕДВ как ветерану труда."),
    (Kind.COMMENT, "В МФЦ сказали, что справку о доходах нужно нести самим. Это правда?"),
    (Kind.MESSAGE, "Можно ли потратить региональный капитал на ремонт дома?"),
    (Kind.MENTION, "Очередь в детский сад не двигается уже год, @minsoc_amur что делать?"),
    (Kind.APPEAL, "Прошу пересчитать субсидию на оплату жилья: доход семьи уменьшился."),
    (Kind.COMMENT, "Единое пособие назначили, а на второго ребёнка отказали. Почему?"),
]

PLAIN_ANSWERS = [
    "Мы проверили ваше заявление. Деньги придут до конца месяца.",
    "Справки о доходах мы запросим сами. Нести их не нужно.",
    "Пришлите номер заявления в личные сообщения. Ответим сегодня.",
    "Заявление можно подать на Госуслугах. Решение придёт за 10 дней.",
]
HEAVY_ANSWERS = [
    "Доводим до Вашего сведения, что в соответствии с действующим законодательством осуществление выплаты производится в установленном порядке после рассмотрения представленных документов.",
    "Ваше обращение рассмотрено. В рамках компетенции сообщаем, что данный вопрос находится на контроле.",
]
CHANNELS = {
    Kind.APPEAL: ["portal", "widget", "email"],
    Kind.COMMENT: ["vk", "ok", "telegram"],
    Kind.MENTION: ["vk", "telegram", "max"],
    Kind.MESSAGE: ["vk", "telegram", "max"],
    Kind.CHATBOT: ["chatbot"],
}
NAMES = ["Анна К.", "Игорь П.", "Светлана М.", "Дмитрий Л.", "Ольга Н.", "Пётр В.", "Наталья С."]


def _answerer(body: Body) -> User:
    username, first, last = ANSWERER
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=username,
            password=f"{username}-Demo-2026",
            role=Role.ANSWERER,
            body=body,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.klientocentr.local",
        )
    return user


#: Older items, answered long ago, spread over the two years before the last five weeks.
HISTORY = 360


def load_inbox(*, body: Body, count: int = 320) -> None:
    if Item.objects.filter(body=body).exists():
        return
    with transaction.atomic():
        _load(body, count)


def _load(body: Body, count: int) -> None:
    head = User.objects.get(username="head")
    answerer = _answerer(body)
    analyst = User.objects.get(username="analyst")
    other_answerer = User.objects.get(username="analyst-sfr")
    # The answerer takes assignment mail as a daily digest (R24).
    preference_set(email=answerer.email, topic="inbox_assigned", frequency="daily", actor=answerer)
    bodies = {b.slug: b for b in Body.objects.all()}
    situations = {ls.slug: ls for ls in LifeSituation.objects.all()}
    for body_slug, name, keywords, ls_slug in CATEGORIES:
        services.category_save(
            actor=head if body_slug == body.slug else User.objects.get(username="admin"),
            body=bodies[body_slug],
            name=name,
            keywords=keywords,
            answerer=answerer if body_slug == body.slug else None,
            life_situation=situations.get(ls_slug),
        )
    for title, text, ls_slug in TEMPLATES:
        services.template_save(
            actor=analyst, body=body, title=title, text=text, life_situation=situations.get(ls_slug)
        )
    rng = random.Random(2026)  # nosec B311 - demo data, not security
    now = timezone.now()
    for n in range(count + HISTORY):
        kind, text = MESSAGES[n % len(MESSAGES)]
        # Spread over five weeks, denser recently; the newest dozen are still open.
        age = dt.timedelta(minutes=int(rng.expovariate(1 / (60 * 24 * 8))) + n % 7)
        age = min(age, dt.timedelta(days=35))
        if n < 14:
            age = dt.timedelta(minutes=20 + n * 37)
        if n >= count:  # the two years before: the indicators' eight quarters
            age = dt.timedelta(days=rng.uniform(36, 730))
        received = now - age
        item, _created = services.item_receive(
            actor=None,
            received_by=body,
            kind=kind,
            channel=rng.choice(CHANNELS[kind]),
            text=text,
            external_id=f"demo-{n}",
            author_name=rng.choice(NAMES),
            author_contact=f"client{n}@example.ru" if kind == Kind.APPEAL else "",
            received_at=received,
        )
        # Items about the «единое пособие» were routed to the СФР branch; its analyst answers.
        who = answerer if item.body_id == body.pk else other_answerer
        if n < 14:
            if n % 3 == 0:
                Item.objects.filter(pk=item.pk).update(status=Status.IN_WORK, assignee=who)
            continue
        _finish(item, rng, who, now)


def _finish(item: Item, rng: random.Random, answerer: User, now: dt.datetime) -> None:
    roll = rng.random()
    limit = (item.due_at - item.received_at).total_seconds() / 60
    if roll < 0.04:
        Item.objects.filter(pk=item.pk).update(status=Status.IN_WORK, assignee=answerer)
        return  # left open: overdue now
    late = roll > 0.82
    minutes = limit * (1.2 + rng.random() * 2) if late else limit * (0.1 + rng.random() * 0.8)
    answered = min(item.received_at + dt.timedelta(minutes=minutes), now - dt.timedelta(minutes=1))
    # Answers got plainer over the weeks: heavy ones are mostly in the oldest items.
    weeks_old = (now - item.received_at).days // 7
    heavy = rng.random() < 0.08 * weeks_old
    text = rng.choice(HEAVY_ANSWERS if heavy else PLAIN_ANSWERS)
    report = check(text)
    status = Status.PRIVATE if roll < 0.1 else Status.ANSWERED
    Item.objects.filter(pk=item.pk).update(
        status=status if roll < 0.95 else Status.CLOSED,
        assignee=answerer,
        answered_at=answered,
        answered_by=answerer,
        answer_text="" if status == Status.PRIVATE else text,
        answer_reading_ease=None if status == Status.PRIVATE else report.indices.reading_ease,
        answer_grade=None if status == Status.PRIVATE else report.indices.grade,
    )
    Event.objects.create(
        item=item,
        at=answered,
        type=Event.Type.ANSWERED if status == Status.ANSWERED else Event.Type.STATUS,
        actor=answerer,
        actor_label=answerer.display_name,
        phrase="in_time" if answered <= item.due_at else "late",
    )
