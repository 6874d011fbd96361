"""The signed-in home: what this person works with, gathered from the apps' selectors.
It sits above every app (docs: shared/LAYERS.md), so that the base app ``accounts`` no
longer imports the apps it serves."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import is_staff_of, request_user, require
from accounts.roles import Cap, can
from audit import actions
from audit.selectors import audit_events_for_body
from cabinet.forms import AuditFilter
from exports import services as exports
from exports.services import Export
from feedback import selectors as feedback_selectors
from inbox import access as inbox_access
from inbox import services as inbox_services
from inbox.selectors import inbox_summary, items_of_client
from proactive import selectors as proactive_selectors
from registry import access as registry_access
from registry import selectors as registry_selectors
from segments import selectors as segment_selectors
from standards import selectors as standards_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The cabinet: what this role works with."""
    user = request_user(request)
    if can(user, Cap.MYSTERY_SHOP, user.body_id):  # a mystery shopper has one page of work
        return redirect("standards:assigned")
    situations = (
        registry_selectors.life_situations_for_user(user=user).filter(owner_body_id=user.body_id)
        if user.body_id
        else None
    )
    body_id = user.body_id
    reads_inbox = body_id is not None and inbox_access.can_read(user, body_id)
    return render(
        request,
        "cabinet/home.html",
        {
            "situations": situations if can(user, Cap.READ, body_id) else None,
            "can_create": registry_access.can_create(user),
            "inbox": inbox_summary(body_id=body_id) if reads_inbox and body_id else None,
            "overdue_years": (
                segment_selectors.overdue_report_years(body=user.body)
                if user.body is not None and is_staff_of(user, user.body_id)
                else []
            ),
            "overview": proactive_selectors.overview_for(user) if can(user, Cap.CLIENT) else None,
            "standards": (
                standards_selectors.summary(user.body)
                if user.body is not None and can(user, Cap.READ, body_id)
                else None
            ),
        },
    )


def _plain(value: Any) -> str:
    """A recorded value as a person reads it: «было → стало», «да»/«нет», «—»."""
    if isinstance(value, list) and len(value) == 2:
        return f"{_plain(value[0])} → {_plain(value[1])}"
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, bool):
        return str(_("да") if value else _("нет"))
    if value is None or value == "":
        return "—"
    return str(value)


def _field(object_type: str, name: str) -> str:
    """A recorded field as its model names it («название», not ``title``)."""
    try:
        field = apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return FIELD_WORDS.get(name, name)
    label = getattr(field, "verbose_name", name)
    return str(label)[:1].upper() + str(label)[1:]


#: Values recorded that are not fields of the object.
FIELD_WORDS = {"reason": _("Причина"), "comment": _("Комментарий"), "capacity": _("Роль")}


def _rows(events: Any) -> list[dict[str, Any]]:
    return [
        {
            "event": e,
            "action": actions.label(e.action),
            "changes": [
                f"{_field(e.object_type, k)}: {_plain(v)}" for k, v in (e.changes or {}).items()
            ],
        }
        for e in events
    ]


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The body's audit trail, for its administrator (and the platform administrator):
    every action in plain Russian, filters, and the same as CSV (logged, personal data)."""
    user = request_user(request)
    require(
        user, Cap.ADMINISTER, "audit", user.body_id, _("Журнал доступен администратору органа.")
    )
    body = user.body  # the platform administrator, of no body, reads every body's
    form = AuditFilter(request.GET or None)
    if form.is_bound and not form.is_valid():
        # The problem is shown next to its field; nothing unfiltered is shown meanwhile.
        return render(
            request,
            "audit/audit_log.html",
            {"page": None, "rows": [], "form": form, "query": ""},
            status=422,
        )
    filters = form.cleaned_data if form.is_bound else {}
    events = audit_events_for_body(
        body=body,
        person=filters.get("person") or "",
        action=filters.get("action") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    if request.GET.get("format") == "csv":
        table = [[_("Когда"), _("Кто"), _("Действие"), _("Объект"), _("Изменения")]]
        for row in _rows(events[:50_000]):
            e = row["event"]
            table.append(
                [f"{timezone.localtime(e.at):%d.%m.%Y %H:%M:%S}", e.actor_label, row["action"],
                 e.object_repr,
                 "; ".join(row["changes"])]
            )  # fmt: skip
        export = Export(
            what="audit.log", filename="audit.csv", body=body, personal=True,
            title=_("Журнал действий"),
        )  # fmt: skip
        return exports.csv_response(request, export, table, delimiter=";")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_log.html",
        {"page": page, "rows": _rows(page.object_list), "form": form, "query": query.urlencode()},
        status=422 if form.errors else 200,
    )


@login_required
def history(request: HttpRequest) -> HttpResponse:
    """A client's whole history with the state in one place (seed 000: experience «на
    протяжении всей истории отношений»; issue 23): life events the platform learned of,
    offers and decisions, the client's answers, consents, visits, ratings and the bodies'
    answers to them, appeals that came with their confirmed СНИЛС and the answers to
    them — newest first, 50 to a page."""
    user = request_user(request)
    require(
        user,
        Cap.CLIENT,
        "cabinet:history",
        message=_(
            "История — для клиента. Сотрудник органа переходит в неё кнопкой "
            "«Действовать как гражданин»."
        ),
    )
    moments = list(proactive_selectors.history_of(user))
    delivered = proactive_selectors.offered_services_of(user)
    for rating in feedback_selectors.ratings_of_deliveries(user, delivered):
        subject = rating.service or rating.life_situation
        moments.append(
            proactive_selectors.Moment(
                rating.created_at,
                "rating",
                _("Вы оценили: {s} — {n} из 5").format(s=subject, n=rating.csat),
                rating.touchpoint.title if rating.touchpoint else "",
            )
        )
        case = getattr(rating, "case", None)
        if case is not None and case.closed_at and case.answer:
            moments.append(
                proactive_selectors.Moment(
                    case.closed_at, "reply", _("Орган ответил на вашу оценку"), case.answer
                )
            )
    for item in items_of_client(user):
        moments.append(
            proactive_selectors.Moment(
                item.received_at,
                "appeal",
                _("Вы написали в {body}").format(body=item.body.short_name or item.body.name),
                Truncator(item.text).chars(300),
                not_mine_url=reverse("cabinet:not_mine", args=[item.pk]),
            )
        )
        if item.answered_at and item.answer_text:
            moments.append(
                proactive_selectors.Moment(
                    item.answered_at,
                    "reply",
                    _("{body} ответил на ваше обращение").format(
                        body=item.body.short_name or item.body.name
                    ),
                    item.answer_text,
                )
            )
    moments.sort(key=lambda m: m.at, reverse=True)
    page = Paginator(moments, 50).get_page(request.GET.get("page"))
    return render(request, "cabinet/history.html", {"page": page})


@login_required
@require_POST
def not_mine(request: HttpRequest, pk: int) -> HttpResponse:
    """«Это не моё обращение»: an appeal a system linked to the client's number leaves
    their history (a wrong number, a stranger's sign-in); the body's item stays."""
    user = request_user(request)
    item = inbox_access.get_item_of_client(user, pk)
    inbox_services.item_client_unlink(actor=user, item=item)
    messages.success(request, _("Обращение убрано из вашей истории."))
    return redirect("cabinet:history")
