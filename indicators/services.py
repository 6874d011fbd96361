"""Writes of indicators: a body's own targets and who answers for each."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body, Role, User
from accounts.roles import Cap, can
from audit.services import audit_record
from indicators.actions import Action
from indicators.catalogue import BY_CODE
from indicators.models import Target

logger = logging.getLogger(__name__)


@transaction.atomic
def targets_set(
    *, actor: User, body_id: int, targets: dict[str, tuple[Decimal | None, User | None]]
) -> None:
    """The body's own targets (empty: the standard's, where there is one) and owners. A
    share is 0–100 %, a score 1–5, days more than 0. All or nothing."""
    if not can(actor, Cap.APPROVE_REPORT, body_id):
        raise ValidationError({"targets": _("Цели задаёт руководитель или аналитик органа.")})
    errors: dict[str, str] = {}
    for code, (value, owner) in targets.items():
        d = BY_CODE.get(code)
        if d is None:
            errors[code] = _("Нет такого показателя.")
            continue
        if value is not None:
            low, high = {"share": (0, 1), "score": (1, 5), "days": (0, 365), "rub": (0, 99999)}[
                d.unit
            ]
            if not low <= value <= high or (d.unit == "days" and value < 1):
                errors[f"target_{code}"] = {
                    "share": _("Цель — от 0 до 100 %."),
                    "score": _("Цель — от 1 до 5."),
                    "days": _("Цель — от 1 до 365 дней."),
                    "rub": _("Цель — от 0 до 99 999 ₽."),
                }[d.unit]
        if owner is not None and (owner.body_id != body_id or not owner.is_active):
            errors[f"owner_{code}"] = _("Ответственный — сотрудник вашего органа.")
    if errors:
        raise ValidationError(errors)
    before = {t.code: (t.value, t.owner_id) for t in Target.objects.filter(body_id=body_id)}
    changes: dict[str, Any] = {}
    for code, (value, owner) in targets.items():
        if before.get(code, (None, None)) == (value, owner.pk if owner else None):
            continue
        Target.objects.update_or_create(
            body_id=body_id,
            code=code,
            defaults={"value": value, "owner": owner, "updated_at": timezone.now()},
        )
        changes[code] = [
            [str(before[code][0]) if code in before else None, before.get(code, (None, None))[1]],
            [str(value) if value is not None else None, owner.pk if owner else None],
        ]
    if changes:
        body = Body.objects.get(pk=body_id)
        audit_record(actor=actor, action=Action.TARGET_SET, obj=body, body=body, changes=changes)


#: Days a body has to act on a shortcoming an indicator opened.
SHORTCOMING_DAYS = 30


def alerts_open(*, now: dt.datetime | None = None) -> int:
    """The runner's round (issue 21): for every body, each indicator whose last finished
    quarter fell beyond its interval or missed its target twice running opens one
    shortcoming — the unique row claims it, so a round run again opens nothing more —
    owned by the indicator's owner, due in 30 days; the body's heads and the owner are
    mailed."""

    from indicators import selectors
    from indicators.models import Shortcoming

    now = now or timezone.now()
    today = timezone.localdate(now)
    opened = 0
    for body in selectors.bodies():
        for row in selectors.body_indicators(body, quarters=3, until=today):
            alert = selectors.alert_of(row)
            if alert is None:
                continue
            quarter, reason, summary = alert
            try:
                with transaction.atomic():
                    shortcoming = Shortcoming.objects.create(
                        body=body,
                        code=row.definition.code,
                        version=row.definition.version,
                        quarter=quarter.code,
                        reason=reason,
                        summary=summary[:300],
                        owner=row.owner,
                        opened_at=now,
                        due_on=today + dt.timedelta(days=SHORTCOMING_DAYS),
                    )
                    audit_record(
                        actor=None,
                        action=Action.SHORTCOMING_OPEN,
                        obj=shortcoming,
                        body=body,
                        changes={
                            "code": row.definition.code,
                            "quarter": quarter.code,
                            "reason": reason,
                        },
                    )
                    _tell(shortcoming, row.owner)
            except IntegrityError:  # opened already for this quarter
                continue
            opened += 1
    return opened


def _tell(shortcoming: Any, owner: User | None) -> None:
    from functools import partial

    from django.conf import settings
    from django.urls import reverse

    from mailings.services import mail_send

    emails = set(
        User.objects.filter(body_id=shortcoming.body_id, role=Role.HEAD, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if owner is not None and owner.email and owner.is_active:
        emails.add(owner.email)
    subject = _("Показатель требует внимания: {summary}").format(summary=shortcoming.summary)
    body = _("{reason}. {summary}\nСрок: {due}.\n{url}").format(
        reason=shortcoming.get_reason_display().capitalize(),
        summary=shortcoming.summary,
        due=shortcoming.due_on.strftime("%d.%m.%Y"),
        url=settings.SITE_URL + reverse("indicators:shortcoming", kwargs={"pk": shortcoming.pk}),
    )
    for email in sorted(emails):
        transaction.on_commit(
            partial(mail_send, email=email, topic="indicators_alerts", subject=subject, body=body),
            robust=True,
        )


@transaction.atomic
def shortcoming_close(*, actor: User, shortcoming: Any, done: str) -> Any:
    """The body says what it did; the shortcoming is closed (audited)."""
    from indicators.models import Shortcoming

    if not can(actor, Cap.APPROVE_REPORT, shortcoming.body_id):
        raise ValidationError({"done": _("Закрывает руководитель или аналитик органа.")})
    locked = Shortcoming.objects.select_for_update().get(pk=shortcoming.pk)
    if locked.closed_at is not None:
        raise ValidationError({"done": _("Недостаток уже закрыт.")})
    text = done.strip()
    if not text:
        raise ValidationError({"done": _("Напишите, что сделали.")})
    if len(text) > 2000:
        raise ValidationError({"done": _("Не больше 2000 знаков.")})
    locked.done, locked.closed_at, locked.closed_by = text, timezone.now(), actor
    locked.save(update_fields=["done", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action=Action.SHORTCOMING_CLOSE,
        obj=locked,
        body=locked.body,
        changes={"done": text},
    )
    return locked


#: The longest plans a report takes.
PLANS_MAX = 5000


@transaction.atomic
def report_plans_set(*, actor: User, body: Body, year: int, plans: str) -> Any:
    """What the body will do next year, written into the yearly report's draft (audited);
    an approved report does not change."""
    from indicators.models import Report

    if not can(actor, Cap.APPROVE_REPORT, body.pk):
        raise ValidationError({"plans": _("Отчёт готовит руководитель или аналитик органа.")})
    text = plans.strip()
    if len(text) > PLANS_MAX:
        raise ValidationError({"plans": _("Не больше 5000 знаков.")})
    report, _created = Report.objects.select_for_update().get_or_create(body=body, year=year)
    if report.approved_at is not None:
        raise ValidationError({"plans": _("Отчёт утверждён: его уже нельзя изменить.")})
    if report.plans != text:
        audit_record(
            actor=actor,
            action=Action.REPORT_PLANS,
            obj=report,
            body=body,
            changes={"plans": [report.plans, text]},
        )
        report.plans, report.updated_at = text, timezone.now()
        report.save(update_fields=["plans", "updated_at"])
    return report


@transaction.atomic
def report_approve(*, actor: User, body: Body, year: int) -> Any:
    """Approve the yearly report and freeze it: its data with every formula's version, its
    PDF and XLSX are kept as they are now (in Russian, the language of the official
    document) and handed out from then on. Only once the year is over, and with the
    body's plans written."""
    from django.utils import translation

    from indicators.models import Report
    from indicators.report import pdf_of, report_data, xlsx_of

    if not can(actor, Cap.APPROVE_REPORT, body.pk):
        raise ValidationError({"year": _("Утверждает руководитель или аналитик органа.")})
    if timezone.localdate().year <= year:
        raise ValidationError(
            {
                "year": _(
                    "Год ещё не закончился: отчёт за {year} год можно утвердить с 1 января {next}."
                ).format(year=year, next=year + 1)
            }
        )
    report, _created = Report.objects.select_for_update().get_or_create(body=body, year=year)
    if report.approved_at is not None:
        raise ValidationError({"year": _("Отчёт за этот год уже утверждён.")})
    if not report.plans.strip():
        raise ValidationError(
            {
                "plans": _(
                    "Напишите, что орган сделает в следующем году: без этого отчёт не утвердить."
                )
            }
        )
    now = timezone.now()
    with translation.override("ru"):
        data = report_data(body=body, year=year, report=report)
        data["approved_at"] = now.isoformat()
        data["approved_by"] = actor.display_name
        pdf, xlsx = pdf_of(data), xlsx_of(data)
    report.snapshot, report.pdf, report.xlsx = data, pdf, xlsx
    report.approved_at, report.approved_by, report.updated_at = now, actor, now
    report.save()
    from lib.public_cache import bump

    bump("ratings")  # the public pages and open data list approved reports
    audit_record(
        actor=actor,
        action=Action.REPORT_APPROVE,
        obj=report,
        body=body,
        changes={"year": year, "versions": {i["code"]: i["version"] for i in data["indicators"]}},
    )
    return report


#: Reminders of a yearly report not approved, by days left to its deadline: the first
#: when the year is over, then a month, a week and a day before, and once overdue.
REMINDERS = (("start", 90), ("30", 30), ("7", 7), ("1", 1), ("overdue", -1))


def reports_remind(*, today: dt.date | None = None) -> int:
    """The runner's daily round: the heads of each body whose report of last year is not
    approved are mailed when the year is over, a month, a week and a day before the
    deadline, and once it has passed. Each step is claimed on the report's row by a
    conditional update, so two runs never mail twice. Returns the mails sent."""

    from indicators import selectors
    from indicators.models import Report
    from lib.claim import claim

    today = today or timezone.localdate()
    year = today.year - 1
    left = (Report.deadline_for(year) - today).days
    due = [step for step, days in REMINDERS if left <= days]
    if not due:
        return 0
    step = due[-1]
    order = [s for s, _d in REMINDERS]
    sent = 0
    for body in selectors.bodies():
        heads = list(
            User.objects.filter(body=body, role=Role.HEAD, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not heads:
            continue
        report, _created = Report.objects.get_or_create(body=body, year=year)
        if report.approved_at is not None or (
            report.reminded and order.index(report.reminded) >= order.index(step)
        ):
            continue
        try:
            with transaction.atomic():  # a mail that fails gives the step back to the next run
                if not claim(
                    Report.objects.filter(pk=report.pk, reminded=report.reminded, approved_at=None),
                    reminded=step,
                ):
                    continue
                sent += _remind(body, year, step, heads)
        except Exception:  # one body's mail server must not stop the others' reminders
            logger.exception("indicators: the yearly report reminder of body %s failed", body.pk)
    return sent


def _remind(body: Body, year: int, step: str, heads: list[str]) -> int:
    from django.conf import settings
    from django.urls import reverse

    from indicators.models import Report
    from mailings.services import mail_send

    subject = (
        _("Просрочен годовой отчёт о показателях за {year} год")
        if step == "overdue"
        else _("Годовой отчёт о показателях за {year} год: срок — {due:%d.%m.%Y}")
    ).format(year=year, due=Report.deadline_for(year))
    text = (
        _(
            "Здравствуйте!\n\nОтчёт {body} о показателях клиентоцентричности за {year} год "
            "нужно было утвердить до {due:%d.%m.%Y}. Что в нём и как утвердить: {url}\n"
        )
        if step == "overdue"
        else _(
            "Здравствуйте!\n\nОтчёт {body} о показателях клиентоцентричности за {year} год "
            "нужно утвердить до {due:%d.%m.%Y}. Что в нём и как утвердить: {url}\n"
        )
    ).format(
        body=body.short_name,
        year=year,
        due=Report.deadline_for(year),
        url=settings.SITE_URL + reverse("indicators:report", args=[year]),
    )
    for email in heads:
        mail_send(email=email, topic="indicators_alerts", subject=subject, body=text)
    return len(heads)


#: The largest cost a quarter of one service takes, in rubles.
COST_MAX = Decimal("999999999999.99")


def _cost_problems(
    body: Body, service: Any, quarter: str, amount: Decimal | None
) -> dict[str, str]:
    from indicators.periods import Quarter

    problems: dict[str, str] = {}
    if service is None or service.body_id != body.pk:
        problems["service"] = _("Выберите услугу вашего органа.")
    q = Quarter.parse(quarter)
    if q is None:
        problems["quarter"] = _("Квартал пишется так: 2026-Q3.")
    elif q > Quarter.of(timezone.localdate()):
        problems["quarter"] = _("Этот квартал ещё не начался.")
    elif q.year < 2020:
        problems["quarter"] = _("Затраты принимаем с 2020 года.")
    if amount is None or not amount.is_finite() or amount < 0 or amount > COST_MAX:
        problems["amount"] = _("Затраты — число рублей, не меньше нуля.")
    return problems


@transaction.atomic
def costs_set(
    *,
    actor: User,
    body: Body,
    costs: Sequence[tuple[Any, str, Decimal | None]],
    numbered: bool = True,
) -> int:
    """What services cost the body per quarter (service, «2026-Q3», rubles), all or none:
    a row with a problem is refused with its number (``costs.<i>.<field>``; the field alone
    when not ``numbered``: a form of one row) and nothing is saved. A cost already kept for
    the quarter is replaced. Audited. Returns the rows saved."""
    from indicators.models import Cost, KeptValue
    from indicators.periods import Quarter

    if not can(actor, Cap.APPROVE_REPORT, body.pk):
        raise ValidationError({"costs": _("Затраты вносит руководитель или аналитик органа.")})
    errors: dict[str, str] = {}
    seen: dict[tuple[int, str], int] = {}
    for i, (service, quarter, amount) in enumerate(costs):
        problems = _cost_problems(body, service, quarter, amount)
        q = Quarter.parse(quarter)
        if not problems and q is not None:
            first = seen.setdefault((service.pk, q.code), i)
            if first != i:  # two costs of one service and quarter: add them up first
                problems["quarter"] = _(
                    "Эта услуга и этот квартал уже есть выше: сложите затраты в одну строку."
                )
        for name, problem in problems.items():
            errors[f"costs.{i}.{name}" if numbered else name] = problem
    if not costs:
        errors["costs"] = _("Нет ни одной строки.")
    if errors:
        raise ValidationError(errors)
    changes = {}
    for service, quarter, amount in costs:
        code = Quarter.parse(quarter).code  # type: ignore[union-attr]  # checked above
        Cost.objects.update_or_create(
            service=service,
            quarter=code,
            defaults={
                "body": body,
                "amount": amount,
                "updated_at": timezone.now(),
                "updated_by": actor,
            },
        )
        changes[f"{service.slug} {code}"] = str(amount)
    audit_record(actor=actor, action=Action.COSTS_SET, obj=body, body=body, changes=changes)
    # the kept quarters of the body no longer hold: its pages count live until the next round
    KeptValue.objects.filter(body=body).delete()
    return len(costs)


#: Rows a cost file takes.
COSTS_MAX_ROWS = 2000
COST_COLUMNS = {
    "услуга": "service",
    "код услуги": "service",
    "квартал": "quarter",
    "затраты": "amount",
    "затраты, ₽": "amount",
    "затраты, руб.": "amount",
}


def costs_import(*, actor: User, body: Body, name: str, content: bytes) -> int:
    """A CSV or XLSX file of costs (услуга — its code; квартал — «2026-Q3»; затраты —
    rubles, «1 234,50» as typed in Russian), all rows or none; a problem is refused with
    the file's row number."""
    from lib.tables import read_rows
    from registry import selectors as registry

    checked = read_rows(
        name,
        content,
        max_rows=COSTS_MAX_ROWS,
        required={"service": _("услуга"), "quarter": _("квартал"), "amount": _("затраты")},
        aliases=COST_COLUMNS,
    )
    if checked.errors:
        raise ValidationError({"file": checked.errors})
    slugs = {s.slug: s for s in registry.services_list(body=body)}
    rows, problems = [], []
    for number, row in checked.rows:
        service = slugs.get(row.get("service", "").strip())
        amount = _rubles(row.get("amount", ""))
        quarter = row.get("quarter", "").strip()
        for problem in _cost_problems(body, service, quarter, amount).values():
            problems.append(_("Строка {n}: {problem}").format(n=number, problem=problem))
        rows.append((service, quarter, amount))
    if problems:
        raise ValidationError({"file": problems[:20]})
    try:
        return costs_set(actor=actor, body=body, costs=rows)
    except ValidationError as exc:  # a service and quarter twice: name the file's rows
        numbers = [number for number, _row in checked.rows]
        raise ValidationError(
            {
                "file": [
                    _("Строка {n}: {problem}").format(n=numbers[int(key.split(".")[1])], problem=m)
                    for key, messages in exc.message_dict.items()
                    if key.startswith("costs.")
                    for m in messages
                ][:20]
            }
        ) from exc


def _rubles(text: str) -> Decimal | None:
    from decimal import InvalidOperation

    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("₽", "").replace(",", ".")
    try:
        return Decimal(cleaned) if cleaned else None
    except InvalidOperation:
        return None


def values_keep(*, now: dt.datetime | None = None) -> int:
    """The runner's hourly round: every body's indicators of the last eight finished
    quarters, computed from the records as they are now and kept (``KeptValue``), so the
    pages compute only the quarter running now. A late answer to an old appeal reaches
    its quarter at the next round. Each body's values are replaced in one transaction.
    Returns the values kept."""
    from indicators import selectors
    from indicators.models import KeptValue
    from indicators.periods import last_quarters

    now = now or timezone.now()
    span = last_quarters(9, until=timezone.localdate(now))[:-1]
    kept = 0
    for body in selectors.bodies():
        rows = selectors.rows_over(body, span, kept=False)
        values = [
            KeptValue(
                body=body,
                code=row.definition.code,
                version=row.definition.version,
                quarter=q.code,
                n=v.n,
                value=v.value,
                low=v.low,
                high=v.high,
                minimum=v.minimum,
                measured=v.measured,
                at_least=v.at_least,
                computed_at=now,
            )
            for row in rows
            for q, v in row.values
        ]
        try:
            with transaction.atomic():
                KeptValue.objects.filter(body=body).delete()
                KeptValue.objects.bulk_create(values)
        except IntegrityError:  # another round kept this body at the same moment
            continue
        kept += len(values)
    return kept
