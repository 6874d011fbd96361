"""Writes of the inbox: receiving, routing, assigning, answering with the gate, escalating
(R22, R23). Each is a ``<noun>_<verb>`` under one transaction, with a history event on the
item and an audit record where a person decided something."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body, Role, User
from audit.services import audit_record
from feedback.selectors import ANSWER_PREFIX
from inbox import access, connectors
from inbox import routing as routing_lib
from inbox.actions import Action
from inbox.models import (
    OPEN_STATUSES,
    STANDARD_MINUTES,
    AnswerPolicy,
    Category,
    Channel,
    Deadline,
    Draft,
    Event,
    Item,
    Kind,
    Status,
    Template,
    clock_for,
)
from lib import snils as snils_lib
from lib.claim import claim
from lib.durations import duration
from lib.morph import search_document
from mailings.services import mail_send
from readability.checker import MAX_CHARS, Report, check
from registry.models import LifeSituation, Need, Service

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ANSWER_CHARS = 20_000
#: Channels where an author can have signed in through Госуслуги: only an appeal from
#: these may carry the author's СНИЛС into the client's history.
SIGNED_IN_CHANNELS = frozenset({Channel.PORTAL, Channel.WIDGET})
#: Codes of the send gate's refusal (R23): one error per readability problem, then the verdict.
#: The answer editor lists the problems in its live check, so it shows only the verdict.
READABILITY_PROBLEM = "readability_problem"
NEEDS_APPROVAL = "needs_approval"


def _label(actor: User | None) -> str:
    """The actor's name as kept in the history; the system is written at reading time."""
    return actor.display_name if actor else ""


def _event(
    item: Item, type_: str, actor: User | None, detail: str = "", phrase: str = "", **args: Any
) -> None:
    """One history entry: ``phrase`` (a code of ``inbox.history.PHRASES``) with its values
    is what the product says, ``detail`` what a person wrote or named."""
    Event.objects.create(
        item=item,
        type=type_,
        actor=actor,
        actor_label=_label(actor),
        detail=detail[:500],
        phrase=phrase,
        args=args,
    )


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def _item_url(item: Item) -> str:
    return settings.SITE_URL + reverse("inbox:item", args=[item.pk])


def policy_for(body_id: int) -> AnswerPolicy:
    """The body's answer rules, or the defaults (unsaved) when it has not set any."""
    return AnswerPolicy.objects.filter(body_id=body_id).first() or AnswerPolicy(body_id=body_id)


def deadline_minutes(body_id: int, clock: str) -> int:
    """The body's answer time on ``clock`` (``models.clock_for``); the standard's — R22's 2
    or 4 hours, 59-ФЗ's 30 days for a written appeal — when it set none."""
    row = Deadline.objects.filter(body_id=body_id, kind=clock).first()
    return row.minutes if row else STANDARD_MINUTES[clock]


def answer_check(*, body_id: int, text: str) -> Report:
    """The live check of an answer against the body's thresholds (R23)."""
    return check(text[:MAX_CHARS], policy_for(body_id).thresholds())


# --- receiving ---------------------------------------------------------------------------


#: Rows written per transaction when a file is imported (about 0.2 s of SQLite's lock).
IMPORT_BATCH = 1000


@dataclass
class Routing:
    """What routing and the deadline clock read, once per batch of items."""

    categories: list[Category]
    deadlines: dict[tuple[int, str], int]

    @classmethod
    def load(cls) -> Routing:
        return cls(
            categories=list(
                Category.objects.filter(is_active=True).select_related(
                    "body", "answerer", "life_situation"
                )
            ),
            deadlines={(d.body_id, d.kind): d.minutes for d in Deadline.objects.all()},
        )

    def minutes(self, body_id: int, kind: str, channel: str) -> int:
        clock = clock_for(kind, channel)
        return self.deadlines.get((body_id, clock), STANDARD_MINUTES[clock])


@transaction.atomic
def item_receive(
    *,
    actor: User | None,
    received_by: Body,
    kind: str,
    channel: str,
    text: str,
    external_id: str = "",
    author_name: str = "",
    author_contact: str = "",
    url: str = "",
    received_at: dt.datetime | None = None,
    life_situation: LifeSituation | None = None,
    service: Service | None = None,
    client_snils: str = "",
) -> tuple[Item, bool]:
    """Take in what a client wrote, route it and start its deadline clock (R22).

    Idempotent on ``(received_by, channel, external_id)``: the same message from an API
    retry, a connector's next pull or a re-imported file returns the first item.
    ``client_snils``: the author's СНИЛС as the passing system confirmed it; a client
    with that confirmed number sees the appeal and its answer in their history. A number
    that is no one's changes nothing (nobody learns who has an account); a malformed one
    is refused on ``client_snils``.
    """
    from proactive.selectors import client_with_snils

    if external_id:
        existing = Item.objects.filter(
            received_by=received_by, channel=channel, external_id=external_id
        ).first()
        if existing is not None:
            return existing, False  # a retry keeps the first item and its link
    digits, client = "", None
    if client_snils.strip():
        if actor is None or actor.role != Role.SYSTEM:
            raise ValidationError(
                {"client_snils": _("СНИЛС автора передаёт только информационная система.")}
            )
        if channel not in SIGNED_IN_CHANNELS:
            raise ValidationError(
                {
                    "client_snils": _(
                        "СНИЛС автора передают только с портала или виджета, где автор "
                        "вошёл через Госуслуги."
                    )
                }
            )
        digits = snils_lib.clean(client_snils, field="client_snils")
        client = client_with_snils(digits)
    item = _item_prepare(
        actor=actor,
        received_by=received_by,
        routing=Routing.load(),
        kind=kind,
        channel=channel,
        text=text,
        external_id=external_id,
        author_name=author_name,
        author_contact=author_contact,
        url=url,
        received_at=received_at,
        life_situation=life_situation,
        service=service,
    )
    item.client, item.client_snils = client, digits if client else ""
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        # A concurrent delivery of the same external message won the race.
        return (
            Item.objects.get(received_by=received_by, channel=channel, external_id=external_id),
            False,
        )
    Event.objects.bulk_create(_arrival_events(item, actor))
    _notify_assignee(item)
    return item, True


@transaction.atomic
def item_client_unlink(*, actor: User, item: Item) -> None:
    """«Это не моё обращение»: the client takes an appeal a system linked to their number
    out of their history; the body's item stays as it was. Audited, with the system that
    made the link (``created_by``)."""
    if Item.objects.filter(pk=item.pk, client=actor).update(client=None, client_snils=""):
        audit_record(
            actor=actor,
            action=Action.CLIENT_UNLINKED,
            obj=item,
            body=item.body,
            changes={"linked_by": item.created_by.username if item.created_by else ""},
        )


def _item_prepare(
    *,
    actor: User | None,
    received_by: Body,
    routing: Routing,
    kind: str,
    channel: str,
    text: str,
    external_id: str = "",
    author_name: str = "",
    author_contact: str = "",
    url: str = "",
    received_at: dt.datetime | None = None,
    life_situation: LifeSituation | None = None,
    service: Service | None = None,
) -> Item:
    """A checked, routed, unsaved item: reads only, so a batch can be prepared without
    holding the database's write lock."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Недопустимый вид обращения.")})
    if not text.strip():
        raise ValidationError({"text": _("Текст обращения пустой.")})
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + dt.timedelta(minutes=5):
        raise ValidationError({"received_at": _("Время поступления не может быть в будущем.")})
    category = routing_lib.best_category(
        " ".join([text, life_situation.title if life_situation else ""]),
        routing.categories,
        prefer_body_id=received_by.pk,
    )
    body_id = category.body_id if category else received_by.pk
    item = Item(
        body_id=body_id,
        received_by=received_by,
        kind=kind,
        channel=channel,
        external_id=external_id,
        url=url,
        author_name=author_name,
        author_contact=author_contact,
        text=text.strip(),
        life_situation=life_situation or (category.life_situation if category else None),
        service=service,
        category=category,
        routed_automatically=category is not None,
        received_at=received_at,
        due_at=received_at + dt.timedelta(minutes=routing.minutes(body_id, kind, channel)),
        assignee=category.answerer if category else None,
        created_by=actor,
    )
    item.full_clean(exclude=["body", "received_by", "category", "life_situation", "service"])
    return item


def _arrival_events(item: Item, actor: User | None) -> list[Event]:
    label = _label(actor)
    events = [
        Event(
            item=item,
            type=Event.Type.RECEIVED,
            actor=actor,
            actor_label=label,
            phrase="channel",
            args={"channel": item.channel},
        )
    ]
    if item.category is not None:
        args = {"category": item.category.name, "body": item.category.body.short_name}
        events.append(Event(item=item, type=Event.Type.ROUTED, phrase="routed", args=args))
    return events


@transaction.atomic
def _undo_import(item_ids: list[int]) -> None:
    Event.objects.filter(item_id__in=item_ids).delete()
    Item.objects.filter(pk__in=item_ids).delete()


def _notify_assignee(item: Item) -> None:
    assignee = item.assignee
    if assignee is None or not assignee.email:
        return
    email, pk, due = assignee.email, item.pk, timezone.localtime(item.due_at)
    url = _item_url(item)
    transaction.on_commit(
        lambda: mail_send(
            email=email,
            topic="inbox_assigned",
            subject=_("Вам назначено обращение № {pk}").format(pk=pk),
            body=_("Ответить нужно до {due:%d.%m.%Y %H:%M}.\n{url}").format(due=due, url=url),
        )
    )


@transaction.atomic
def item_assign(*, actor: User, item: Item, assignee: User | None) -> Item:
    if not access.can_answer(actor, item.body_id):
        raise ValidationError(
            {"assignee": _("Назначать исполнителя может только сотрудник органа.")}
        )
    if assignee is not None and not (
        assignee.body_id == item.body_id and access.can_answer(assignee, item.body_id)
    ):
        raise ValidationError(
            {"assignee": _("Исполнитель должен отвечать на обращения этого органа.")}
        )
    item.assignee = assignee
    if item.status == Status.NEW and assignee is not None:
        item.status = Status.IN_WORK
    item.save(update_fields=["assignee", "status"])
    if assignee:
        _event(item, Event.Type.ASSIGNED, actor, assignee.display_name)
    else:
        _event(item, Event.Type.ASSIGNED, actor, phrase="nobody")
    audit_record(
        actor=actor,
        action=Action.ASSIGN,
        obj=item,
        body=item.body,
        changes={"assignee": assignee.username if assignee else None},
    )
    if assignee is not None and assignee != actor:
        _notify_assignee(item)
    return item


@transaction.atomic
def item_set_category(*, actor: User, item: Item, category: Category | None) -> Item:
    """Change the category; a category of another body hands the item over to that body."""
    if not access.can_answer(actor, item.body_id):
        raise ValidationError({"category": _("Менять категорию может только сотрудник органа.")})
    if category is not None and not category.is_active:
        raise ValidationError({"category": _("Эта категория больше не действует.")})
    item.category = category
    item.routed_automatically = False
    if category is not None and category.body_id != item.body_id:
        item.body_id = category.body_id
        item.assignee = category.answerer
        item.status = Status.NEW
    item.save(update_fields=["category", "routed_automatically", "body", "assignee", "status"])
    if category is None:
        _event(item, Event.Type.CATEGORY, actor, phrase="no_category")
    elif category.body_id != actor.body_id:
        _event(
            item,
            Event.Type.CATEGORY,
            actor,
            category.name,
            phrase="handed_over",
            body=category.body.short_name,
        )
    else:
        _event(item, Event.Type.CATEGORY, actor, category.name)
    audit_record(
        actor=actor,
        action=Action.CATEGORY,
        obj=item,
        body=actor.body,
        changes={
            "category": category.name if category else None,
            "body": category.body.short_name if category else None,
        },
    )
    return item


_TRANSITIONS = {
    Status.NEW: {Status.IN_WORK, Status.PRIVATE, Status.CLOSED},
    Status.IN_WORK: {Status.NEW, Status.PRIVATE, Status.CLOSED},
    Status.ANSWERED: {Status.CLOSED},
    Status.PRIVATE: {Status.CLOSED, Status.ANSWERED},
    Status.CLOSED: {Status.IN_WORK},
}


@transaction.atomic
def item_set_status(*, actor: User, item: Item, status: str, note: str = "") -> Item:
    """Move an item along. Moving to private messages stops the clock: the public reply is
    that the conversation went private (R22: short answers, then private messages)."""
    if not access.can_answer(actor, item.body_id):
        raise ValidationError({"status": _("Менять статус может только сотрудник органа.")})
    current = Status(item.status)
    if status not in _TRANSITIONS[current]:
        raise ValidationError(
            {
                "status": _("Из статуса «{a}» нельзя перейти в «{b}».").format(
                    a=current.label, b=Status(status).label if status in Status.values else status
                )
            }
        )
    item.status = status
    fields = ["status"]
    if status == Status.PRIVATE and item.answered_at is None:
        item.answered_at, item.answered_by = timezone.now(), actor
        fields += ["answered_at", "answered_by"]
    item.save(update_fields=fields)
    _event(item, Event.Type.STATUS, actor, note, phrase="status", status=status)
    return item


# --- answering -------------------------------------------------------------------------------


def _validate_answer_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Напишите ответ.")})
    if len(text) > MAX_ANSWER_CHARS:
        raise ValidationError(
            {"text": _("Ответ длиннее {n} знаков: сократите его.").format(n=MAX_ANSWER_CHARS)}
        )
    return text


@transaction.atomic
def draft_save(*, actor: User, item: Item, text: str) -> Draft:
    """Keep the answer being written. An edit voids an earlier approval of other text."""
    if not access.can_answer(actor, item.body_id):
        raise ValidationError({"text": _("Отвечать может только сотрудник органа.")})
    if len(text) > MAX_ANSWER_CHARS:
        raise ValidationError(
            {"text": _("Ответ длиннее {n} знаков: сократите его.").format(n=MAX_ANSWER_CHARS)}
        )
    draft, _created = Draft.objects.get_or_create(item=item)
    if draft.text != text:
        _event(item, Event.Type.DRAFT, actor, phrase="characters", n=len(text))
    draft.text, draft.updated_at, draft.updated_by = text, timezone.now(), actor
    draft.save()
    if item.status == Status.NEW:
        item.status = Status.IN_WORK
        item.save(update_fields=["status"])
    return draft


def approved_for(draft: Draft | None, text: str) -> bool:
    """Whether the head approved exactly this text (R23)."""
    return bool(draft and draft.approved_at and draft.approved_text_hash == _text_hash(text))


@transaction.atomic
def approval_request(*, actor: User, item: Item, text: str) -> Draft:
    """Ask the head to approve an answer over the thresholds (R23); heads are mailed."""
    text = _validate_answer_text(text)
    draft = draft_save(actor=actor, item=item, text=text)
    report = answer_check(body_id=item.body_id, text=text)
    if report.passes:
        raise ValidationError({"text": _("Ответ проходит проверку: одобрение не нужно.")})
    draft.approval_requested_at = timezone.now()
    draft.save(update_fields=["approval_requested_at"])
    _event(item, Event.Type.APPROVAL_REQUESTED, actor, "; ".join(report.problems))
    heads = User.objects.filter(body_id=item.body_id, role=Role.HEAD, is_active=True).exclude(
        email=""
    )
    url, pk = _item_url(item), item.pk
    for email in heads.values_list("email", flat=True):
        transaction.on_commit(
            partial(
                mail_send,
                email=email,
                topic="inbox_approval",
                subject=_("Ответ на обращение № {pk} ждёт одобрения").format(pk=pk),
                body=_("Ответ сложнее, чем разрешают правила органа. Посмотрите: {url}").format(
                    url=url
                ),
            )
        )
    return draft


@transaction.atomic
def answer_approve(*, actor: User, item: Item, comment: str = "") -> Draft:
    """The head lets this exact text go out despite the thresholds; audited (R23)."""
    if not access.can_approve(actor, item.body_id):
        raise ValidationError({"comment": _("Одобрить ответ может только руководитель органа.")})
    draft = Draft.objects.select_for_update().filter(item=item).first()
    if draft is None or not draft.text.strip():
        raise ValidationError({"comment": _("Нет ответа, который нужно одобрить.")})
    report = answer_check(body_id=item.body_id, text=draft.text)
    draft.approved_at, draft.approved_by = timezone.now(), actor
    draft.approved_text_hash = _text_hash(draft.text)
    draft.approval_comment = comment[:500]
    draft.save()
    _event(item, Event.Type.APPROVED, actor, comment)
    audit_record(
        actor=actor,
        action=Action.ANSWER_APPROVED,
        obj=item,
        body=item.body,
        changes={
            "text": draft.text[:1000],
            "problems": report.problems,
            "comment": comment,
        },
    )
    return draft


@transaction.atomic
def answer_return(*, actor: User, item: Item, comment: str) -> Draft:
    """The head sends an answer back for rework, saying what to change (R23): the request
    is closed, the answerer is told by mail, the trail and the audit keep the reason."""
    if not access.can_approve(actor, item.body_id):
        raise ValidationError({"comment": _("Вернуть ответ может только руководитель органа.")})
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Напишите, что исправить в ответе.")})
    draft = Draft.objects.select_for_update().filter(item=item).first()
    if draft is None or draft.approval_requested_at is None:
        raise ValidationError({"comment": _("Одобрения этого ответа никто не просил.")})
    draft.approval_requested_at = None
    draft.approval_comment = comment[:500]
    draft.save(update_fields=["approval_requested_at", "approval_comment"])
    _event(item, Event.Type.RETURNED, actor, comment)
    audit_record(
        actor=actor,
        action=Action.ANSWER_RETURNED,
        obj=item,
        body=item.body,
        changes={"comment": comment},
    )
    answerer = draft.updated_by or item.assignee
    if answerer is not None and answerer.email:
        transaction.on_commit(
            partial(
                mail_send,
                email=answerer.email,
                topic="inbox_assigned",
                subject=_("Ответ на обращение № {pk} вернули на доработку").format(pk=item.pk),
                body=_("Руководитель пишет: «{comment}». Исправьте ответ: {url}").format(
                    comment=comment, url=_item_url(item)
                ),
            )
        )
    return draft


@transaction.atomic
def answer_send(*, actor: User, item: Item, text: str) -> Item:
    """Send the answer. Over the body's thresholds it needs the head's approval of this very
    text (R23); the clock stops and the item is marked answered in time or late (R22)."""
    if not access.can_answer(actor, item.body_id):
        raise ValidationError({"text": _("Отвечать может только сотрудник органа.")})
    text = _validate_answer_text(text)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.answered_at is not None and item.status == Status.ANSWERED:
        raise ValidationError({"text": _("На это обращение уже ответили.")})
    report = answer_check(body_id=item.body_id, text=text)
    draft = Draft.objects.filter(item=item).first()
    if not report.passes and not approved_for(draft, text):
        raise ValidationError(
            {
                "text": [
                    *(ValidationError(p, code=READABILITY_PROBLEM) for p in report.problems),
                    ValidationError(
                        _(
                            "Такой ответ можно отправить только с одобрения руководителя. "
                            "Упростите текст или запросите одобрение."
                        ),
                        code=NEEDS_APPROVAL,
                    ),
                ]
            }
        )
    now = timezone.now()
    item.answer_text, item.answered_by, item.status = text, actor, Status.ANSWERED
    item.answered_at = item.answered_at or now
    item.answer_reading_ease = report.indices.reading_ease
    item.answer_grade = report.indices.grade
    item.save()
    Draft.objects.filter(item=item).delete()
    in_time = item.answered_in_time
    _event(item, Event.Type.ANSWERED, actor, phrase="in_time" if in_time else "late")
    audit_record(
        actor=actor,
        action=Action.ANSWER_SENT,
        obj=item,
        body=item.body,
        changes={"in_time": in_time, "reading_ease": report.indices.reading_ease},
    )
    if item.external_id and item.channel not in (Channel.PORTAL, Channel.WIDGET, Channel.EMAIL):
        # Social networks and messengers: the answer goes back where the client wrote.
        transaction.on_commit(partial(connectors.reply, item.external_id, text))
    contact = item.author_contact.strip()
    if _EMAIL.match(contact):
        subject = _("Ответ на ваше обращение № {pk}").format(pk=item.pk)
        body = text + _rating_link(item, actor)
        transaction.on_commit(
            lambda: mail_send(email=contact, topic="appeal_answer", subject=subject, body=body)
        )
    return item


#: Where the answers' rating links point in ``Invitation.external_id``: «inbox:<item>:<n>».
ANSWER_RATING = ANSWER_PREFIX


def _rating_link(item: Item, actor: User) -> str:
    """Every answer asks for a rating (seed 004 §5.1.6; «Решаем вместе»): a one-time link
    for the answer — one per answer, so an item answered again asks again — when the item
    names a service or life situation of the answering body, which the rating counts for
    (R19): another body's figures never take a rating of this body's answer. The rating
    is read back by ``answer_ratings_take``. Empty when there is nothing to rate."""
    from feedback import intake

    subject = item.service or item.life_situation
    if subject is None or intake.subject_body(subject).pk != item.body_id:
        return ""
    made = intake.invitations_for_deliveries(
        [
            intake.Delivery(
                subject=subject, client=None, created_by_id=actor.pk,
                external_id=f"{ANSWER_RATING}{item.pk}:{_answers(item)}",
            )
        ]
    )  # fmt: skip
    if not made:
        return ""
    return "\n\n" + _("Помог ли ответ? Оцените его, это займёт минуту: {url}").format(
        url=intake.invitation_url(made[0][1])
    )


def _answers(item: Item) -> int:
    """How many answers the item has had: the number in its rating links."""
    return Event.objects.filter(item=item, type=Event.Type.ANSWERED).count()


def answer_ratings_take(*, now: dt.datetime | None = None) -> int:
    """The clients' ratings of answers come back to their items (seed 004 §5.1.6, R20):
    the latest score of the latest answer is kept on the item and in its history — a
    link of an earlier answer no longer counts; a low one (below
    ``feedback.selectors.LOW_SCORE``) opens an answered or closed item again, its clock
    running anew, and its body's heads and its answerer are told by mail — the client was
    not helped. Each rating counts once: one read skips those already taken, and an item
    takes a rating only newer than the one it holds (a conditional update). Ratings a
    moderator excluded, or a spam trap caught, do not count. Returns how many were taken."""
    from feedback import selectors as feedback

    now = now or timezone.now()
    since = now - dt.timedelta(days=settings.FEEDBACK_INVITATION_DAYS + 1)
    found = []
    for rating in feedback.ratings_by_invitation(ANSWER_RATING, since=since):
        item_id, _sep, number = rating.external_id.removeprefix(ANSWER_RATING).partition(":")
        if item_id.isdigit() and number.isdigit():
            found.append((int(item_id), int(number), rating))
    held = dict(
        Item.objects.filter(pk__in={pk for pk, _n, _r in found}).values_list(
            "pk", "answer_rated_at"
        )
    )
    taken = 0
    for pk, answer, rating in found:
        rated_at = held.get(pk)
        if pk not in held or (rated_at is not None and rated_at >= rating.created_at):
            continue  # gone, or taken already
        with transaction.atomic():
            item = (
                Item.objects.select_for_update(of=("self",))
                .select_related("body", "assignee")
                .get(pk=pk)
            )
            if answer != _answers(item):
                continue  # the link of an earlier answer: the item was answered again since
            if rating.body_id != item.body_id:
                continue  # not this body's invitation: another's cannot reopen its items
            newer = Item.objects.filter(pk=pk).exclude(answer_rated_at__gte=rating.created_at)
            if not claim(newer, answer_score=rating.csat, answer_rated_at=rating.created_at):
                continue
            held[pk] = rating.created_at
            # The client's own words about the answer go with the score into the history.
            _event(item, Event.Type.RATED, None, rating.comment, phrase="rated", score=rating.csat)
            if rating.csat < feedback.LOW_SCORE and item.status in (Status.ANSWERED, Status.CLOSED):
                _reopen_after_low_rating(item, rating.csat, now, comment=rating.comment)
            taken += 1
    return taken


def _reopen_after_low_rating(item: Item, score: int, now: dt.datetime, comment: str = "") -> None:
    """The item is open again: its clock runs anew from now (the first answer's time and
    whether it was in time stay in the history), and whoever must act is told."""
    minutes = deadline_minutes(item.body_id, clock_for(item.kind, item.channel))
    item.status, item.escalated_at, item.answered_at = Status.IN_WORK, None, None
    item.due_at = now + dt.timedelta(minutes=minutes)
    item.save(update_fields=["status", "escalated_at", "answered_at", "due_at"])
    _event(item, Event.Type.REOPENED, None, phrase="low_rating", score=score)
    to = set(
        User.objects.filter(body_id=item.body_id, role=Role.HEAD, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if item.assignee is not None and item.assignee.email:
        to.add(item.assignee.email)
    subject = _("Низкая оценка ответа на обращение № {pk}").format(pk=item.pk)
    body = _(
        "Клиент оценил ответ на {score} из 5: ответ ему не помог. Обращение снова в работе, "
        "ответить нужно до {due:%d.%m.%Y %H:%M}.\n{url}"
    ).format(score=score, due=timezone.localtime(item.due_at), url=_item_url(item))
    if comment.strip():  # the words stay in the history, not in mail (personal data)
        body += "\n" + _("Клиент оставил комментарий — он в истории обращения.")
    for email in sorted(to):
        transaction.on_commit(
            partial(mail_send, email=email, topic="inbox_low_rating", subject=subject, body=body)
        )


# --- escalation ------------------------------------------------------------------------------


def connectors_pull(*, hours: int = 24) -> int:
    """Take in what the configured connectors (social networks, messengers) got for each
    body in ``settings.INBOX_PULL_BODIES`` over the last ``hours`` (R22). Safe to run as
    often as wanted: a message already received is recognised by its external id."""
    since = timezone.now() - dt.timedelta(hours=hours)
    new = 0
    for body in Body.objects.filter(slug__in=settings.INBOX_PULL_BODIES):
        for connector in connectors.configured():
            for message in connector.fetch(since=since):
                _item, created = item_receive(
                    actor=None,
                    received_by=body,
                    kind=message.kind,
                    channel=message.channel,
                    text=message.text,
                    external_id=f"{connector.name}:{message.external_id}",
                    author_name=message.author_name,
                    url=message.url,
                    received_at=message.received_at,
                )
                new += created
    return new


def overdue_escalate(*, now: dt.datetime | None = None) -> int:
    """Tell the heads about items past their deadline, once per item (R22).

    Each item is claimed with a conditional update, so two runs never mail twice.
    """
    now = now or timezone.now()
    overdue = Item.objects.filter(
        status__in=OPEN_STATUSES, due_at__lt=now, escalated_at__isnull=True
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(overdue):
        with transaction.atomic():
            if not claim(Item.objects.filter(pk=pk, escalated_at__isnull=True), escalated_at=now):
                continue
            item = Item.objects.select_related("body", "assignee").get(pk=pk)
            late = now - item.due_at
            minutes = int(late.total_seconds() // 60)
            _event(item, Event.Type.ESCALATED, None, phrase="overdue", minutes=minutes)
            heads = list(
                User.objects.filter(body_id=item.body_id, role=Role.HEAD, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            subject = _("Просрочен ответ на обращение № {pk}").format(pk=item.pk)
            body = _(
                "{kind} от {at:%d.%m.%Y %H:%M} нужно было ответить до {due:%d.%m.%Y %H:%M}.\n"
                "Исполнитель: {who}.\n{url}"
            ).format(
                kind=item.get_kind_display(),
                at=timezone.localtime(item.received_at),
                due=timezone.localtime(item.due_at),
                who=item.assignee.display_name if item.assignee else _("не назначен"),
                url=_item_url(item),
            )
            for email in heads:
                transaction.on_commit(
                    partial(
                        mail_send,
                        email=email,
                        topic="inbox_escalation",
                        subject=subject,
                        body=body,
                    )
                )
            count += 1
    return count


# --- knowledge base and settings -----------------------------------------------------------


@transaction.atomic
def template_save(
    *,
    actor: User,
    body: Body,
    title: str,
    text: str,
    template: Template | None = None,
    life_situation: LifeSituation | None = None,
    service: Service | None = None,
    need: Need | None = None,
) -> Template:
    """Create or change a template answer; it must pass the body's checker (R23)."""
    if not access.can_answer(actor, body.pk):
        raise ValidationError({"title": _("Шаблоны ведут сотрудники органа.")})
    if not title.strip():
        raise ValidationError({"title": _("Напишите, на какой вопрос этот ответ.")})
    text = _validate_answer_text(text)
    report = answer_check(body_id=body.pk, text=text)
    if not report.passes:
        raise ValidationError({"text": report.problems})
    template = template or Template(body=body)
    created = template.pk is None
    template.title, template.text = title.strip(), text
    template.life_situation, template.service, template.need = life_situation, service, need
    template.search_document = search_document(
        title,
        text,
        life_situation.title if life_situation else "",
        service.title if service else "",
    )
    template.reading_ease, template.grade = report.indices.reading_ease, report.indices.grade
    template.updated_at = timezone.now()
    template.full_clean(exclude=["body", "life_situation", "service", "need"])
    template.save()
    audit_record(
        actor=actor,
        action=Action.TEMPLATE_CREATED if created else "inbox.template_changed",
        obj=template,
        body=body,
        changes={"title": title},
    )
    return template


def template_used(*, body_id: int, template_id: int) -> None:
    """Count an insertion, so the most useful templates come first. Only the body's own
    templates count: another body's ranking is not the answerer's to change."""
    Template.objects.filter(pk=template_id, body_id=body_id).update(times_used=F("times_used") + 1)


@transaction.atomic
def policy_update(
    *, actor: User, body: Body, deadlines: dict[str, int], **thresholds: Any
) -> AnswerPolicy:
    """Set the body's thresholds (R23) and answer times per clock (R22; 59-ФЗ for written
    appeals); audited. A body may make an answer time shorter than the standard's, never
    longer (seed 001: the hours are the standard's)."""
    if not access.can_configure(actor, body.pk):
        raise ValidationError({"min_reading_ease": _("Правила задаёт руководитель органа.")})
    problems: dict[str, str] = {}  # every field at once, as a form shows them
    for kind, minutes in deadlines.items():
        if kind not in STANDARD_MINUTES:
            problems[f"deadline_{kind}"] = _("Недопустимый вид обращения.")
        elif int(minutes) < 1:
            problems[f"deadline_{kind}"] = _("Срок — не меньше минуты.")
        elif int(minutes) > STANDARD_MINUTES[kind]:
            problems[f"deadline_{kind}"] = _(
                "По стандарту — не дольше {m}. Срок можно сделать только короче."
            ).format(m=duration(STANDARD_MINUTES[kind]))
    if problems:
        raise ValidationError(problems)
    # every clock as it will be — the saved ones with this call's on top — against the
    # margin as it will be
    clocks = {clock: deadline_minutes(body.pk, clock) for clock in STANDARD_MINUTES}
    clocks.update({clock: int(m) for clock, m in deadlines.items()})
    shortest = min(clocks.values())
    near = thresholds.get("near_due_minutes", policy_for(body.pk).near_due_minutes)
    if int(near) >= shortest:
        raise ValidationError(
            {
                "near_due_minutes": _(
                    "«Скоро срок» должно наступать раньше самого короткого срока ответа "
                    "({m} мин.), иначе обращение будет «скоро срок» с первой минуты."
                ).format(m=shortest)
            }
        )
    policy, _created = AnswerPolicy.objects.get_or_create(body=body)
    before = {k: str(getattr(policy, k)) for k in thresholds}
    for key, value in thresholds.items():
        setattr(policy, key, Decimal(str(value)) if isinstance(value, float) else value)
    policy.full_clean(exclude=["body"])
    policy.save()
    changes: dict[str, Any] = {
        k: [before[k], str(v)] for k, v in thresholds.items() if before[k] != str(v)
    }
    for kind, minutes in deadlines.items():
        old = deadline_minutes(body.pk, kind)
        Deadline.objects.update_or_create(body=body, kind=kind, defaults={"minutes": minutes})
        if old != minutes:
            changes[f"deadline_{kind}"] = [old, minutes]
    audit_record(actor=actor, action=Action.POLICY, obj=policy, body=body, changes=changes)
    return policy


@transaction.atomic
def category_save(
    *,
    actor: User,
    body: Body,
    name: str,
    keywords: str,
    answerer: User | None = None,
    life_situation: LifeSituation | None = None,
    category: Category | None = None,
    is_active: bool = True,
) -> Category:
    if not access.can_configure(actor, body.pk):
        raise ValidationError(
            {"name": _("Категории задаёт руководитель или администратор органа.")}
        )
    if answerer is not None and not (
        answerer.body_id == body.pk and access.can_answer(answerer, body.pk)
    ):
        raise ValidationError({"answerer": _("Отвечать может только сотрудник этого органа.")})
    lemmas = routing_lib.keyword_lemmas(keywords)
    if not lemmas:
        raise ValidationError({"keywords": _("Укажите хотя бы одно ключевое слово.")})
    # Compared in Python: SQLite folds the case of Latin letters only.
    others = Category.objects.filter(body=body)
    if category is not None:
        others = others.exclude(pk=category.pk)
    if name.strip().casefold() in {n.casefold() for n in others.values_list("name", flat=True)}:
        raise ValidationError({"name": _("Категория с таким названием уже есть.")})
    category = category or Category(body=body)
    category.name, category.keywords, category.keyword_lemmas = name.strip(), keywords, lemmas
    category.answerer, category.life_situation, category.is_active = (
        answerer,
        life_situation,
        is_active,
    )
    category.full_clean(exclude=["body", "answerer", "life_situation"])
    category.save()
    audit_record(
        actor=actor,
        action=Action.CATEGORY_SAVED,
        obj=category,
        body=body,
        changes={"keywords": keywords},
    )
    return category


def items_import(*, actor: User, body: Body, rows: list[dict[str, Any]]) -> int:
    """Receive the checked rows of a file, all or none: a failing row undoes them all.
    Rows already received (same channel and external number, in the database or earlier in
    the file) are skipped; returns how many are new.

    Every row is checked and routed first, outside any transaction, so a bad row stops the
    import before anything is written. Then the rows are written in bulk, ``IMPORT_BATCH``
    at a time, each batch in its own short transaction: on SQLite a 10,000-row file held
    the write lock for 100 s and every signed-in page waited. If a batch fails, for any
    reason, the batches before it are removed again, and the assignees are mailed only
    after the last batch. If the process itself dies mid-way, the rows with an external
    number are skipped when the file is uploaded again; rows without one would come twice
    (a known limit: give every row an ``external_id``)."""
    routing = Routing.load()
    seen = set(
        Item.objects.filter(received_by=body)
        .exclude(external_id="")
        .values_list("channel", "external_id")
    )
    items: list[Item] = []
    for number, row in enumerate(rows, start=2):
        key = (row.get("channel", ""), row.get("external_id", ""))
        if key[1] and key in seen:
            continue
        try:
            items.append(_item_prepare(actor=actor, received_by=body, routing=routing, **row))
        except ValidationError as exc:
            raise ValidationError(
                _("Строка {n}: {p}").format(n=number, p="; ".join(exc.messages))
            ) from exc
        if key[1]:
            seen.add(key)
    written: list[int] = []
    try:
        for start in range(0, len(items), IMPORT_BATCH):
            # One short transaction per batch: the write lock is held a moment at a time,
            # so signed-in pages and API writes take their turn between batches.
            with transaction.atomic():
                batch = items[start : start + IMPORT_BATCH]
                Item.objects.bulk_create(batch)
                Event.objects.bulk_create(
                    [e for item in batch for e in _arrival_events(item, actor)]
                )
            written.extend(item.pk for item in batch)
    except Exception as exc:
        _undo_import(written)  # all or none, whatever stopped it
        if isinstance(exc, IntegrityError):  # the same message arrived by another path
            raise ValidationError(
                _(
                    "Пока файл загружался, часть обращений пришла другим путём. "
                    "Загрузите файл ещё раз."
                )
            ) from exc
        raise
    for item in items:  # only once every row is in: no mail about an item undone later
        _notify_assignee(item)
    return len(items)
