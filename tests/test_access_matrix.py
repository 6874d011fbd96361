"""The access matrix: every page, htmx fragment, export and API operation of every app,
tried by every role of our body, of another body and of no body (and by nobody signed
in, and by a servant acting as a citizen), for reading and for writing.

The answer each must get is not written cell by cell: it follows from the roles table
(``accounts/roles.py``) and the row's declaration of what the route needs (ADR 0002):

- a route open to everyone answers everyone;
- nobody signed in is sent to the login page (pages) or gets a 401 (API);
- a page of "the user's body" (a list, a dashboard) is a 403 without the capability;
- an object of a body the user may not see (another body's draft) is a 404; one the user
  may see but not change is a 403; a client's own object is a 404 to any other client.

Every request runs in a savepoint rolled back after it, so a write by one role does not
change what the next one sees. ``test_every_route_has_a_row`` fails when a URL or an API
operation is added without its row here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.middleware import CAPACITY
from accounts.models import Role, User
from accounts.roles import Cap, can

if TYPE_CHECKING:
    from conftest import World


def _last_quarter() -> str:
    """The last finished quarter's code: one the cost form offers, whatever the year."""
    from indicators.periods import last_quarters

    return last_quarters(2)[0].code


#: Open to everyone, signed in or not.
PUBLIC = "public"

Args = Callable[["Scene"], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    """What a route needs. ``kind``:

    - ``object``: an object of our body; ``read`` lets a user see it (else 404), the
      method's capability lets him act (else 403); ``read=None``: a published object.
    - ``body``: the user's own body's page (a list, a dashboard, a setting): 403 without
      the capability, or without a body.
    - ``platform``: like ``body``, and the platform administrator (of no body) sees all.
    - ``client``: the citizen's own object (an offer, a consent): 403 to anyone who is not
      acting as a client, 404 to any other client.
    - ``self``: any signed-in user's own page.
    """

    kind: str
    get: Cap | str | None = None
    post: Cap | str | None = None
    read: Cap | None = Cap.READ
    args: Args | None = None
    htmx: bool = False
    data: Callable[[Scene], dict[str, Any]] | None = None
    #: The status a GET that is allowed answers (a few pages redirect).
    get_ok: tuple[int, ...] = (200,)


@dataclass(frozen=True)
class Op:
    """An API operation: the capability it needs (as ``Row``) and a valid payload, so
    that the access rule, not the payload's validation, decides the answer."""

    kind: str
    need: Cap | str
    read: Cap | None = Cap.READ
    args: Args | None = None
    body: Callable[[Scene], Any] | None = None
    #: A key of an integration system calls it (the others are sessions only).
    by_key: bool = True


def _slug(s: Scene) -> dict[str, Any]:
    return {"slug": s.draft.slug}


def _seg(s: Scene) -> dict[str, Any]:
    return {"slug": s.segment.slug}


def _study(s: Scene) -> dict[str, Any]:
    return {"pk": s.study.pk}


def _item(s: Scene) -> dict[str, Any]:
    return {"pk": s.item.pk}


def _map(s: Scene) -> dict[str, Any]:
    return {"pk": s.to_be.pk}


def _stage(s: Scene) -> dict[str, Any]:
    return {"pk": s.to_be.pk, "stage_pk": s.stage.pk}


def _point(s: Scene) -> dict[str, Any]:
    return {"pk": s.point.pk}


def _code(s: Scene) -> dict[str, Any]:
    return {"code": s.point.code}


def _list(s: Scene) -> dict[str, Any]:
    return {"pk": s.check.requirement_list_id}


def _offer(s: Scene) -> dict[str, Any]:
    return {"pk": s.offer.pk}


R, E = Cap.READ, Cap.EDIT

PAGES: dict[str, Row] = {
    # accounts and the cabinet
    # Signed in, the login page sends the person on to the cabinet.
    "accounts:login": Row("public", get=PUBLIC, get_ok=(200, 302)),
    "accounts:logout": Row("public", post=PUBLIC),
    "accounts:healthz": Row("public", get=PUBLIC),
    "accounts:favicon": Row("public", get=PUBLIC, get_ok=(301,)),
    "accounts:api_keys": Row("platform", get=Cap.ADMINISTER, post=Cap.ADMINISTER),
    "accounts:api_key_revoke": Row(
        "object",
        get=Cap.ADMINISTER,
        post=Cap.ADMINISTER,
        read=Cap.ADMINISTER,
        args=lambda s: {"key_id": s.key.pk},
    ),
    "accounts:capacity": Row("self", post="self"),
    "cabinet:home": Row("self", get="self", get_ok=(200, 302)),  # a shopper: to his checks
    "cabinet:history": Row("client", get=Cap.CLIENT),
    "cabinet:not_mine": Row(
        "client_object", post=Cap.CLIENT, args=lambda s: {"pk": s.linked_appeal.pk}
    ),
    "cabinet:audit": Row("platform", get=Cap.ADMINISTER),
    "cabinet:password_reset": Row("public", get=PUBLIC, post=PUBLIC),
    "cabinet:password_reset_sent": Row("public", get=PUBLIC),
    "cabinet:password_reset_confirm": Row(
        "public", get=PUBLIC, args=lambda s: {"uidb64": "MQ", "token": "set-password"}
    ),
    "cabinet:password_reset_complete": Row("public", get=PUBLIC),
    "set_language": Row("public", post=PUBLIC),
    "admin:index": Row("admin", get=Cap.SHARED_CATALOGUE, get_ok=(200,)),
    # the registry
    "registry:catalogue": Row("public", get=PUBLIC),
    "registry:public": Row("public", get=PUBLIC, args=lambda s: {"slug": s.published.slug}),
    "registry:service": Row("public", get=PUBLIC, args=lambda s: {"slug": s.service.slug}),
    "registry:opendata": Row("public", get=PUBLIC),
    "registry:opendata_csv": Row("public", get=PUBLIC),
    "registry:opendata_json": Row("public", get=PUBLIC),
    "registry:opendata_xlsx": Row("public", get=PUBLIC),
    "registry:opendata_places_csv": Row("public", get=PUBLIC),
    "registry:opendata_places_json": Row("public", get=PUBLIC),
    "registry:place": Row("public", get=PUBLIC, args=lambda s: {"pk": s.office.pk}),
    "registry:list": Row("self", get="self"),
    "registry:create": Row("body", get=E, post=E),
    "registry:edit": Row("object", get=R, post=E, args=_slug),
    "registry:step_add": Row("object", post=E, args=_slug, htmx=True),
    "registry:step_up": Row(
        "object", post=E, args=lambda s: {"slug": s.draft.slug, "step_id": s.step.pk}
    ),
    "registry:step_down": Row(
        "object", post=E, args=lambda s: {"slug": s.draft.slug, "step_id": s.step.pk}
    ),
    "registry:step_remove": Row(
        "object", get=E, post=E, args=lambda s: {"slug": s.draft.slug, "step_id": s.step.pk}
    ),
    "registry:need_add": Row("object", post=E, args=_slug, htmx=True),
    "registry:need_edit": Row(
        "object", get=E, post=E, args=lambda s: {"slug": s.draft.slug, "need_id": s.need.pk}
    ),
    "registry:need_remove": Row(
        "object", get=E, post=E, args=lambda s: {"slug": s.draft.slug, "need_id": s.need.pk}
    ),
    "registry:publish": Row("object", post=E, args=_slug),
    "registry:archive": Row("object", post=E, args=_slug),
    "registry:reviewed": Row("object", post=E, args=_slug),
    "registry:versions": Row("object", get=R, args=_slug),
    "registry:touchpoints": Row("self", get="self"),
    "registry:touchpoint_edit": Row(
        "object", get=E, post=E, read=None, args=lambda s: {"pk": s.office.pk}
    ),
    "registry:digital_services": Row(
        "body",
        get=R,
        post=E,
        data=lambda s: {"title": "Портал", "implements": [s.service.pk]},
    ),
    "registry:digital_service": Row(
        "object",
        get=E,
        post=E,
        read=None,
        args=lambda s: {"pk": s.digital.pk},
        data=lambda s: {"title": "Портал", "implements": [s.service.pk]},
    ),
    "registry:synonyms": Row("body", get=R, post=E),
    "registry:synonym_remove": Row("object", post=E, args=lambda s: {"pk": s.synonym.pk}),
    "registry:service_create": Row("body", get=E, post=E),
    "registry:service_edit": Row(
        "object", get=E, post=E, read=None, args=lambda s: {"slug": s.service.slug}
    ),
    # indicators of client-centricity
    "indicators:page": Row("body", get=R),
    "indicators:targets": Row("body", get=Cap.APPROVE_REPORT, post=Cap.APPROVE_REPORT),
    "indicators:methods": Row("public", get=PUBLIC),
    "indicators:compare": Row("public", get=PUBLIC),
    "indicators:opendata_csv": Row("public", get=PUBLIC),
    "indicators:opendata_json": Row("public", get=PUBLIC),
    "indicators:shortcoming": Row(
        "object", get=R, post=Cap.APPROVE_REPORT, args=lambda s: {"pk": s.shortcoming.pk}
    ),
    "indicators:drilldown": Row("body", get=R),
    "indicators:services_compare": Row("body", get=R),
    "indicators:costs": Row(
        "body",
        get=Cap.APPROVE_REPORT,
        post=Cap.APPROVE_REPORT,
        data=lambda s: {"service": s.service.pk, "quarter": _last_quarter(), "amount": "1000"},
    ),
    "indicators:report_index": Row("body", get=R, get_ok=(302,)),
    "indicators:report": Row(
        "body",
        get=R,
        post=Cap.APPROVE_REPORT,
        args=lambda s: {"year": 2026},
        data=lambda s: {"plans": "Открыть окно", "action": "save"},
    ),
    "indicators:report_pdf": Row("body", get=R, args=lambda s: {"year": 2025}),
    "indicators:report_xlsx": Row("body", get=R, args=lambda s: {"year": 2025}),
    "indicators:public": Row("public", get=PUBLIC, args=lambda s: {"slug": s.world.body.slug}),
    "indicators:public_report_pdf": Row(
        "public", get=PUBLIC, args=lambda s: {"slug": s.world.body.slug, "year": 2025}
    ),
    "indicators:opendata_reports": Row("public", get=PUBLIC),
    "indicators:opendata_a11": Row("public", get=PUBLIC),
    # touchpoint standards (R29)
    "standards:board": Row("body", get=R),
    "standards:lists": Row("platform", get=R),
    "standards:list_reviewed": Row(
        "platform", post=Cap.SHARED_CATALOGUE, args=lambda s: {"pk": s.check.requirement_list_id}
    ),
    "standards:list_edit": Row(
        "platform", get=Cap.SHARED_CATALOGUE, post=Cap.SHARED_CATALOGUE, args=_list
    ),
    "standards:check_start": Row(
        "object", get=E, post=E, args=lambda s: {"touchpoint_id": s.office.pk}
    ),
    "standards:check": Row("object", get=R, post=E, args=lambda s: {"pk": s.check.pk}),
    # the open mystery visit assigned to our body's shopper: his, and the body's staff's
    "standards:check#visit": Row("assigned", get=R, post=E, args=lambda s: {"pk": s.visit.pk}),
    "standards:evidence": Row("assigned", get=R, args=lambda s: {"pk": s.photo.pk}),
    "standards:assigned": Row("body", get=Cap.MYSTERY_SHOP),
    "standards:schedule": Row("body", post=E),
    "standards:place": Row("object", get=R, args=lambda s: {"touchpoint_id": s.office.pk}),
    "standards:remedy": Row("object", get=E, post=E, args=lambda s: {"pk": s.remedy.pk}),
    # segments and research
    "segments:list": Row("body", get=R),
    "segments:create": Row("body", get=E, post=E),
    "segments:attributes": Row("body", get=R, post=E),
    "segments:weights": Row("body", get=R, post=E),
    "segments:import": Row("body", get=E, post=E),
    "segments:import_preview": Row("object", get=E, post=E, args=lambda s: {"pk": s.batch.pk}),
    "segments:report_index": Row("body", get=R, get_ok=(302,)),
    "segments:report": Row("body", get=R, post=Cap.APPROVE_REPORT, args=lambda s: {"year": 2026}),
    "segments:report_pdf": Row("body", get=R, args=lambda s: {"year": 2026}),
    "segments:report_xlsx": Row("body", get=R, args=lambda s: {"year": 2026}),
    "segments:report_year_end_pdf": Row("body", get=R, args=lambda s: {"year": 2026}),
    "segments:report_year_end_xlsx": Row("body", get=R, args=lambda s: {"year": 2026}),
    "segments:studies": Row("body", get=R, post=E),
    "segments:study": Row("object", get=R, args=_study),
    "segments:study_action": Row(
        "object", post=E, args=lambda s: {"pk": s.study.pk, "action": "note"}
    ),
    "segments:respondent_remove": Row(
        "object",
        get=E,
        post=E,
        args=lambda s: {"pk": s.study.pk, "respondent_id": s.respondent.pk},
    ),
    "segments:detail": Row("object", get=R, args=_seg),
    "segments:edit": Row("object", get=E, post=E, args=_seg),
    "segments:segment_publish": Row("object", get=E, post=E, args=_seg),
    "segments:study_publish": Row("object", get=E, post=E, args=_study),
    "segments:research_withdraw": Row("object", post=E, args=lambda s: {"pk": s.publication.pk}),
    "segments:versions": Row("object", get=R, args=_seg),
    "segments:finalise": Row("object", post=E, args=_seg),
    "segments:attribute_set": Row("object", post=E, args=_seg, htmx=True),
    "segments:attribute_remove": Row(
        "object",
        get=E,
        post=E,
        args=lambda s: {"slug": s.segment.slug, "attribute_id": s.attribute.pk},
    ),
    "segments:hypothesis_add": Row("object", post=E, args=_seg, htmx=True),
    "segments:hypothesis_check": Row(
        "object", post=E, args=lambda s: {"slug": s.segment.slug, "pk": s.hypothesis.pk}
    ),
    # the inbox
    "inbox:list": Row("body", get=Cap.INBOX_READ),
    "inbox:stats": Row("body", get=Cap.INBOX_READ),
    "inbox:policy": Row("body", get=Cap.INBOX_CONFIGURE, post=Cap.INBOX_CONFIGURE),
    "inbox:category_add": Row("body", post=Cap.INBOX_CONFIGURE),
    "inbox:import": Row("body", get=Cap.INBOX_POST, post=Cap.INBOX_POST),
    "inbox:templates": Row("body", get=Cap.INBOX_READ),
    "inbox:template_new": Row("body", get=Cap.INBOX_ANSWER, post=Cap.INBOX_ANSWER),
    "inbox:template_edit": Row(
        "object",
        get=Cap.INBOX_ANSWER,
        post=Cap.INBOX_ANSWER,
        read=Cap.INBOX_READ,
        args=lambda s: {"pk": s.template.pk},
    ),
    "inbox:item": Row("object", get=Cap.INBOX_READ, read=Cap.INBOX_READ, args=_item),
    "inbox:answer": Row("object", post=Cap.INBOX_ANSWER, read=Cap.INBOX_READ, args=_item),
    "inbox:check": Row("object", post=Cap.INBOX_ANSWER, read=Cap.INBOX_READ, args=_item, htmx=True),
    "inbox:search": Row("object", get=Cap.INBOX_ANSWER, read=Cap.INBOX_READ, args=_item, htmx=True),
    "inbox:insert": Row(
        "object", post=Cap.INBOX_ANSWER, read=Cap.INBOX_READ, args=_item, htmx=True
    ),
    "inbox:approve": Row("object", post=Cap.INBOX_APPROVE, read=Cap.INBOX_READ, args=_item),
    "inbox:update": Row(
        "object",
        post=Cap.INBOX_ANSWER,
        read=Cap.INBOX_READ,
        args=lambda s: {"pk": s.item.pk, "what": "status"},
    ),
    # mailings: by the token in a letter, or the signed-in person's own
    "mailings:preferences": Row("public", get=PUBLIC, args=lambda s: {"token": s.mail_token}),
    "mailings:unsubscribe": Row(
        "public", get=PUBLIC, args=lambda s: {"token": s.mail_token, "topic": s.mail_topic}
    ),
    "mailings:mine": Row("self", get="self"),
    "mailings:short": Row("public", get=PUBLIC, args=lambda s: {"code": s.sms_code}),
    # proactive delivery
    "proactive:cabinet": Row("client", get=Cap.CLIENT),
    "proactive:profile": Row("client", get=Cap.CLIENT, post=Cap.CLIENT),
    "proactive:representatives": Row("client", get=Cap.CLIENT, post=Cap.CLIENT),
    "proactive:representation_stop": Row("client", post=Cap.CLIENT),
    "proactive:representation_act": Row(
        "client_object", post=Cap.CLIENT, args=lambda s: {"pk": s.representation.pk}
    ),
    "proactive:representation_accept": Row(
        "client_object", post=Cap.CLIENT, args=lambda s: {"pk": s.rep_invitation.pk}
    ),
    "proactive:representation_revoke": Row(
        "client_object", post=Cap.CLIENT, args=lambda s: {"pk": s.representation.pk}
    ),
    "proactive:verify": Row("verify", get=Cap.VERIFY_IDENTITY, post=Cap.VERIFY_IDENTITY),
    "proactive:sources": Row("body", get=Cap.ADMINISTER, post=Cap.ADMINISTER),
    "proactive:start_events": Row(
        "body",
        get=R,
        post=E,
        data=lambda s: {"title": "Событие", "kind": "matrix_event", "life_situation": s.draft.pk},
    ),
    "proactive:start_event": Row("object", get=E, post=E, args=lambda s: {"pk": s.trigger.pk}),
    "proactive:start_event_delete": Row(
        "object", get=E, post=E, args=lambda s: {"pk": s.trigger.pk}
    ),
    "proactive:revoke": Row(
        "client_object", get=Cap.CLIENT, post=Cap.CLIENT, args=lambda s: {"pk": s.consent.pk}
    ),
    "proactive:offer": Row("client_object", get=Cap.CLIENT, args=_offer),
    "proactive:offer_action": Row(
        "client_object", post=Cap.CLIENT, args=lambda s: {"pk": s.offer.pk, "action": "decline"}
    ),
    "proactive:book": Row("client_object", post=Cap.CLIENT, args=_offer),
    "proactive:booking_move": Row(
        "client_object", get=Cap.CLIENT, post=Cap.CLIENT, args=lambda s: {"pk": s.booking.pk}
    ),
    "proactive:booking_cancel": Row(
        "client_object", get=Cap.CLIENT, post=Cap.CLIENT, args=lambda s: {"pk": s.booking.pk}
    ),
    "proactive:figures": Row("body", get=R),
    "proactive:rules": Row("platform", get=R),
    "proactive:rule": Row("platform", get=R, args=lambda s: {"service": s.offer.service.slug}),
    # feedback: rating is open to everyone; the body's work is its staff's
    "feedback:widget": Row("public", get=PUBLIC),
    "feedback:challenge": Row("public", get=PUBLIC),
    "feedback:invited": Row("public", get=PUBLIC, args=lambda s: {"token": s.invitation}),
    "feedback:invited_qr": Row("public", get=PUBLIC, args=lambda s: {"token": s.invitation}),
    "feedback:thanks_invited": Row("public", get=PUBLIC),
    "feedback:rate": Row("public", get=PUBLIC, post=PUBLIC, args=_code),
    "feedback:rate_qr": Row("public", get=PUBLIC, args=_code, get_ok=(200, 302)),
    "feedback:kiosk": Row("public", get=PUBLIC, args=_code),
    "feedback:embed": Row("public", get=PUBLIC, args=_code),
    "feedback:widget_status": Row("public", get=PUBLIC, args=_code),
    "feedback:thanks": Row("public", get=PUBLIC, args=_code),
    "feedback:public_index": Row("public", get=PUBLIC),
    "feedback:method": Row("public", get=PUBLIC),
    "feedback:open_csv": Row("public", get=PUBLIC),
    "feedback:open_json": Row("public", get=PUBLIC),
    "feedback:public_service": Row("public", get=PUBLIC, args=lambda s: {"slug": s.service.slug}),
    "feedback:public_situation": Row(
        "public", get=PUBLIC, args=lambda s: {"slug": s.published.slug}
    ),
    "feedback:public_body": Row("public", get=PUBLIC, args=lambda s: {"pk": s.world.body.pk}),
    "feedback:dashboard": Row("body", get=R),
    "feedback:service": Row("object", get=R, args=lambda s: {"pk": s.service.pk}),
    "feedback:comments": Row("body", get=R),
    "feedback:rating": Row("object", get=E, post=E, args=lambda s: {"pk": s.rating.pk}),
    "feedback:cases": Row("body", get=R),
    "feedback:case": Row("object", get=R, post=E, args=lambda s: {"pk": s.case.pk}),
    "feedback:points": Row("body", get=R, post=E),
    "feedback:point": Row("object", get=R, post=E, args=_point),
    "feedback:poster": Row("object", get=R, args=_point),
    "feedback:operator": Row("body", get=Cap.ENTER_RATINGS, post=Cap.ENTER_RATINGS),
    "feedback:changes": Row("body", get=R, post=E),
    "feedback:webhooks": Row("body", get=E, post=E),
    "feedback:volumes_import": Row("body", get=E, post=E),
    # journey maps
    "journeys:list": Row("body", get=R),
    "journeys:create": Row("body", get=E, post=E),
    "journeys:detail": Row("object", get=R, args=_map),
    "journeys:edit": Row("object", post=E, args=_map),
    "journeys:compare": Row("object", get=R, args=_map),
    "journeys:versions": Row("object", get=R, args=_map),
    "journeys:comment": Row("object", post=R, args=_map),
    "journeys:pdf": Row("object", get=R, args=_map),
    "journeys:png": Row("object", get=R, args=_map),
    "journeys:xlsx": Row("object", get=R, args=_map),
    "journeys:csv": Row("object", get=R, args=_map),
    "journeys:action": Row(
        "object", post=E, args=lambda s: {"pk": s.to_be.pk, "action": "publish"}
    ),
    "journeys:stage_add": Row("object", get=E, post=E, args=_map),
    "journeys:stage_edit": Row("object", get=E, post=E, args=_stage),
    "journeys:cell": Row(
        "object", post=E, args=lambda s: {**_stage(s), "name": "pains"}, htmx=True
    ),
    "journeys:stage_action": Row("object", post=E, args=lambda s: {**_stage(s), "action": "down"}),
    # the runner and the export log
    "jobs:status": Row("platform", get=R),
    "exports:log": Row("platform", get=Cap.ADMINISTER),
}

#: Routes left out, and why (a route is either here or in PAGES).
NOT_IN_MATRIX = {
    "api-v1:openapi-json": "the API's description, open to everyone",
    "api-v1:openapi-view": "the API's documentation page, open to everyone",
    "api-v1:api-root": "ninja's root, no operation",
}


def _iso_month() -> str:
    return timezone.localdate().replace(day=1).isoformat()


API: dict[str, Op] = {
    "registry_list_life_situations": Op("public", PUBLIC),
    "registry_create_life_situation": Op(
        "registrar",
        E,
        body=lambda s: {
            "title": "Новая ситуация",
            "start_event": "Событие",
            "final_result": "Результат",
            "time_bound_days": 10,
            "owner_body": s.world.body.slug,
        },
    ),
    "registry_get_life_situation": Op("public", PUBLIC, args=lambda s: {"slug": s.published.slug}),
    "registry_update_life_situation": Op(
        "object", E, args=_slug, body=lambda s: {"title": "Новое название"}
    ),
    "registry_add_step": Op("object", E, args=_slug, body=lambda s: {"service": s.service.slug}),
    "registry_remove_step": Op("object", E, args=lambda s: {"slug": s.draft.slug, "position": 1}),
    "registry_add_need": Op(
        "object", E, args=_slug, body=lambda s: {"title": "Потребность", "status": "in_work"}
    ),
    "registry_update_need": Op(
        "object",
        E,
        args=lambda s: {"slug": s.draft.slug, "need_id": s.need.pk},
        body=lambda s: {"title": "Потребность", "status": "in_work"},
    ),
    "registry_remove_need": Op(
        "object", E, args=lambda s: {"slug": s.draft.slug, "need_id": s.need.pk}
    ),
    "registry_publish": Op("object", E, args=_slug, body=lambda s: {}),
    "registry_list_services": Op("public", PUBLIC),
    "registry_create_service": Op(
        "registrar", E, body=lambda s: {"title": "Новая услуга", "body": s.world.body.slug}
    ),
    "registry_get_service": Op("public", PUBLIC, args=lambda s: {"slug": s.service.slug}),
    "registry_list_bodies": Op("public", PUBLIC),
    "registry_list_touchpoints": Op("public", PUBLIC),
    "registry_create_touchpoint": Op(
        "registrar",
        E,
        body=lambda s: {"kind": "reception", "title": "Приёмная", "body": s.world.body.slug},
    ),
    "registry_get_touchpoint": Op("public", PUBLIC, args=lambda s: {"touchpoint_id": s.office.pk}),
    "registry_update_touchpoint": Op(
        "object",
        E,
        read=None,
        args=lambda s: {"touchpoint_id": s.office.pk},
        body=lambda s: {"title": s.office.title, "address": "г. Благовещенск, ул. Ленина, 1"},
    ),
    "registry_need_statuses": Op("public", PUBLIC),
    "registry_list_digital_services": Op("public", PUBLIC),
    "registry_create_digital_service": Op(
        "registrar",
        E,
        body=lambda s: {
            "title": "Портал",
            "implements": [s.service.slug],
            "body": s.world.body.slug,
        },
    ),
    "registry_update_digital_service": Op(
        "object",
        E,
        read=None,
        args=lambda s: {"digital_id": s.digital.pk},
        body=lambda s: {"title": "Портал", "implements": [s.service.slug]},
    ),
    "segments_list_segments": Op("named_body", R),
    "segments_create_segment": Op(
        "body",
        E,
        body=lambda s: {
            "code": "Н1",
            "name": "Новый сегмент",
            "target": "direction",
            "direction": "services",
        },
    ),
    "segments_priority_ranking": Op("named_body", R),
    # The catalogue (shared reference data, R6, and the caller's own body's attributes).
    "segments_list_attributes": Op("signed_in", "self"),
    "segments_get_segment": Op("object", R, args=_seg),
    "segments_patch_segment": Op(
        "object", E, args=_seg, body=lambda s: {"reason": "Уточнили", "name": "Новое имя"}
    ),
    "segments_set_attribute": Op(
        "object",
        E,
        args=lambda s: {"slug": s.segment.slug, "code": s.attribute.code},
        body=lambda s: {"value": s.attribute.values[0]},
    ),
    "segments_remove_attribute": Op(
        "object", E, args=lambda s: {"slug": s.segment.slug, "code": s.attribute.code}
    ),
    "segments_add_hypothesis": Op(
        "object",
        E,
        args=_seg,
        body=lambda s: {"kind": "channel", "statement": "Семьям нужна запись онлайн"},
    ),
    "segments_check_hypothesis": Op(
        "object",
        E,
        args=lambda s: {"slug": s.segment.slug, "hypothesis_id": s.hypothesis.pk},
        body=lambda s: {"status": "confirmed", "evidence": "Интервью"},
    ),
    "segments_finalise_segment": Op("object", E, args=_seg),
    "inbox_post_appeal": Op(
        "body",
        Cap.INBOX_POST,
        body=lambda s: {"kind": "appeal", "channel": "portal", "text": "Вопрос о пособии"},
    ),
    "inbox_list_appeals": Op("body", Cap.INBOX_READ),
    "inbox_get_appeal": Op(
        "object", Cap.INBOX_READ, read=Cap.INBOX_READ, args=lambda s: {"item_id": s.item.pk}
    ),
    "inbox_post_readability": Op("signed_in", "self", body=lambda s: {"text": "Текст ответа."}),
    "proactive_post_life_event": Op(
        "body",
        Cap.INTEGRATE,
        body=lambda s: {
            "kind": "birth_registered",
            "snils": "11223344595",
            "occurred_on": timezone.localdate().isoformat(),
        },
    ),
    "proactive_post_life_events_batch": Op(
        "body",
        Cap.INTEGRATE,
        body=lambda s: {
            "events": [
                {
                    "idempotency_key": "matrix-1",
                    "kind": "birth_registered",
                    "snils": "11223344595",
                    "occurred_on": timezone.localdate().isoformat(),
                }
            ]
        },
    ),
    "proactive_get_life_event": Op("event", R, args=lambda s: {"event_id": s.event.pk}),
    "proactive_list_event_kinds": Op("public", PUBLIC),
    "proactive_list_consents": Op("client", Cap.CLIENT, by_key=False),
    "proactive_post_consent": Op(
        "client", Cap.CLIENT, by_key=False, body=lambda s: {"service": s.service.slug}
    ),
    "proactive_delete_consent": Op(
        "client_object", Cap.CLIENT, by_key=False, args=lambda s: {"consent_id": s.consent.pk}
    ),
    "proactive_list_offers": Op("client", Cap.CLIENT, by_key=False),
    "proactive_confirm_offer": Op(
        "client_object", Cap.CLIENT, by_key=False, args=lambda s: {"offer_id": s.offer.pk}
    ),
    # Open to everyone; a system rates the services its body (or its МФЦ) delivers.
    "feedback_post_rating": Op(
        "rating", PUBLIC, body=lambda s: {"service": s.service.slug, "csat": 5}
    ),
    "feedback_post_invitation": Op(
        "object", E, read=None, body=lambda s: {"service": s.service.slug}
    ),
    "feedback_post_volume": Op(
        "object",
        E,
        read=None,
        body=lambda s: {
            "touchpoint": s.office.pk,
            "month": _iso_month(),
            "served": 10,
            "offered": 5,
        },
    ),
    "feedback_get_published": Op("public", PUBLIC),
    "feedback_get_instrument": Op("public", PUBLIC),
    "standards_list_lists": Op("public", PUBLIC),
    "indicators_catalogue": Op("public", PUBLIC),
    "indicators_values": Op("body", R),
    "indicators_shortcomings": Op("body", R),
    "indicators_reports": Op("body", R),
    "indicators_costs": Op("body", R),
    "indicators_costs_put": Op(
        "body",
        Cap.APPROVE_REPORT,
        body=lambda s: {
            "costs": [{"service": s.service.slug, "quarter": _last_quarter(), "amount": "1000"}]
        },
    ),
    "indicators_report": Op("body", R, args=lambda s: {"year": 2025}),
    "standards_list_checks": Op("body", R),
    "standards_start_check": Op("object", E, body=lambda s: {"touchpoint": s.office.pk}),
    "standards_get_check": Op("object", R, args=lambda s: {"check_id": s.check.pk}),
    "standards_complete_check": Op(
        "object",
        E,
        args=lambda s: {"check_id": s.check.pk},
        body=lambda s: {"answers": []},
    ),
    "standards_list_actions": Op("body", R),
    "standards_assigned_checks": Op("body", Cap.MYSTERY_SHOP),
    "standards_revise_list": Op(
        "platform",
        Cap.SHARED_CATALOGUE,
        args=lambda s: {"list_id": s.check.requirement_list_id},
        body=lambda s: {"requirements": [{"code": "Т-1", "text": "Тест", "method": "document"}]},
    ),
    "standards_add_evidence": Op("assigned", E, args=lambda s: {"check_id": s.visit.pk}),
    "standards_get_schedule": Op("body", R),
    "standards_put_schedule": Op("body", E, body=lambda s: {"every_days": 90}),
    "journeys_list_maps": Op("body", R),
    "journeys_create_map": Op(
        "body",
        E,
        body=lambda s: {
            "segment": s.segment.slug,
            "variant": "очно",
            "service": s.service.slug,
        },
    ),
    "journeys_get_map": Op("object", R, args=lambda s: {"pk": s.to_be.pk}),
    "journeys_patch_map": Op(
        "object", E, args=lambda s: {"pk": s.to_be.pk}, body=lambda s: {"title": "Новое"}
    ),
    "journeys_make_to_be": Op("object", E, args=lambda s: {"pk": s.as_is.pk}),
    "journeys_publish_map": Op("object", E, args=lambda s: {"pk": s.to_be.pk}),
    "journeys_comparison": Op("object", R, args=lambda s: {"pk": s.to_be.pk}),
    "journeys_overlay": Op("object", R, args=lambda s: {"pk": s.to_be.pk}),
    "journeys_add_stage": Op(
        "object",
        E,
        args=lambda s: {"pk": s.to_be.pk},
        body=lambda s: {"title": "Этап", "goal": "Цель", "actions": "Действия"},
    ),
    "journeys_patch_stage": Op("object", E, args=_stage, body=lambda s: {"pains": "Долго"}),
    "journeys_delete_stage": Op("object", E, args=_stage),
}


# --- who tries -------------------------------------------------------------------------


@dataclass
class Principal:
    """One cell's column: a user (or nobody), how he calls, and a name for the report."""

    name: str
    user: User | None
    client: Client
    key: str = ""

    @property
    def acting(self) -> User | AnonymousUser:
        return self.user if self.user is not None else AnonymousUser()


@dataclass
class Scene:
    """One of each object of our body, and the principals who try them."""

    world: World
    principals: list[Principal] = field(default_factory=list)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _principals(world: World) -> list[Principal]:
    from accounts.services import api_key_issue
    from tests.factories import UserFactory

    def person(name: str, role: Role, body: Any) -> Principal:
        user = UserFactory.create(username=f"m-{name}", role=role, body=body)
        client = Client()
        client.force_login(user)
        return Principal(name, user, client)

    def system(name: str, body: Any) -> Principal:
        user = UserFactory.create(username=f"m-{name}", role=Role.SYSTEM, body=body)
        _key, raw = api_key_issue(actor=None, system=user, name="matrix")
        return Principal(name, user, Client(), key=raw)

    found = []
    for side, body in (("own", world.body), ("other", world.other_body)):
        for role in (
            Role.BODY_ADMIN,
            Role.ANALYST,
            Role.HEAD,
            Role.ANSWERER,
            Role.CIVIL_SERVANT,
            Role.SHOPPER,
        ):
            found.append(person(f"{side} {role.value}", role, body))
        found.append(system(f"{side} system", body))
    found.append(person("another citizen", Role.CITIZEN, None))
    client = Client()
    client.force_login(world.business)
    found.append(Principal("business", world.business, client))
    client = Client()
    client.force_login(world.citizen)
    found.append(Principal("the citizen who owns the offers", world.citizen, client))
    admin = world.platform_admin
    admin.is_staff = True  # as accounts.services.user_create makes every platform admin
    admin.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(admin)
    found.append(Principal("platform admin", admin, client))
    as_client = person("own civil_servant as a citizen", Role.CIVIL_SERVANT, world.body)
    session = as_client.client.session
    session[CAPACITY] = "client"
    session.save()
    assert as_client.user is not None
    as_client.user.capacity = "client"
    found.append(as_client)
    found.append(Principal("nobody signed in", None, Client()))
    return found


@pytest.fixture
def scene(world: World, birth: Any, place: Any, post_event: Any, catalogue: Any) -> Scene:
    """Every kind of object the routes act on, all of our body (``world.body``)."""
    from feedback import intake as feedback
    from feedback.tests.fixtures import rate
    from inbox import services as inbox
    from journeys import services as journeys
    from mailings.services import short_url, token_for
    from mailings.topics import TOPICS
    from proactive import services as proactive
    from proactive.models import Offer, Trigger
    from registry import services as registry
    from segments import services as segments
    from segments.imports import import_check
    from segments.models import Hypothesis
    from tests.factories import ServiceFactory

    analyst = world.analyst
    draft = registry.life_situation_create(
        actor=analyst,
        owner_body=world.body,
        title="Черновик органа",
        slug="chernovik",
        start_event="Событие",
        final_result="Результат",
        time_bound_days=10,
    )
    service = place.service
    step = registry.step_add(actor=analyst, life_situation=draft, service=service)
    registry.step_add(
        actor=analyst,
        life_situation=draft,
        service=ServiceFactory.create(body=world.body, slug="vtoraya"),
    )
    need = registry.need_add(
        actor=analyst, life_situation=draft, title="Потребность", status="in_work"
    )
    segment = segments.segment_create(
        actor=analyst,
        body=world.body,
        code="С1",
        name="Семьи с детьми",
        target="life_situation",
        life_situation=birth,
    )
    attribute = next(a for a in catalogue.values())
    segments.segment_attribute_set(
        actor=analyst, segment=segment, attribute=attribute, value=attribute.values[0]
    )
    segments.hypothesis_add(
        actor=analyst, segment=segment, kind="channel", statement="Нужна запись онлайн"
    )
    hypothesis = Hypothesis.objects.get(segment=segment)
    study = segments.study_create(
        actor=analyst, body=world.body, title="Интервью", method="interview"
    )
    respondent = segments.respondent_add(
        actor=analyst, study=study, code="Р-01", segment=segment, consent=True
    )
    batch = import_check(
        actor=analyst,
        body=world.body,
        kind="segments",
        filename="s.csv",
        content="code;name;target;target_ref\nС9;Импорт;direction;Семьи\n".encode(),
        study=None,
    )
    item, _ = inbox.item_receive(
        actor=None,
        received_by=world.body,
        kind="appeal",
        channel="portal",
        text="Когда придёт пособие?",
        author_name="Иван",
        author_contact="ivan@example.org",
    )
    template = inbox.template_save(
        actor=analyst, body=world.body, title="Сроки", text="Пособие приходит за десять дней."
    )
    as_is = journeys.map_create(
        actor=analyst,
        body=world.body,
        title="Как есть",
        segment=segment,
        variant="очно",
        service=service,
    )
    journeys.stage_create(actor=analyst, journey_map=as_is, title="Узнать", goal="Ц", actions="Д")
    to_be = journeys.map_make_to_be(actor=analyst, journey_map=as_is)
    stage = to_be.stages.order_by("order").first()
    rating = rate(service, 1, touchpoint=place.office, comment="Долго")
    case = rating.case
    invitation = feedback.invitation_create(actor=analyst, subject=service)[1]
    consent = proactive.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    post_event()
    offer = Offer.objects.filter(client=world.citizen).select_related("service").first()
    from proactive.models import LifeEvent

    event = LifeEvent.objects.first()
    assert offer is not None
    visit_for = Offer.objects.filter(  # a visit is for a refusal, a form, an application
        client=world.citizen,
        status__in=proactive.VISIT_STATUSES,
        service__body=place.office.body,
    ).first()
    assert visit_for is not None
    booking = proactive.booking_make(
        actor=world.citizen,
        offer=visit_for,
        touchpoint_id=place.office.pk,
        starts_at=proactive.free_slots(place.office)[0],
    )
    from accounts.services import api_key_issue
    from segments.models import ReportCopy, YearlyReport

    key, _raw = api_key_issue(actor=None, system=world.system, name="to revoke")
    from inbox.models import Item

    linked_appeal, _created = inbox.item_receive(
        actor=None,
        received_by=world.body,
        kind="appeal",
        channel="portal",
        text="Моё обращение",
    )
    Item.objects.filter(pk=linked_appeal.pk).update(client=world.citizen)
    from proactive.models import Representation
    from tests.factories import UserFactory

    # The citizen who owns the offers acts for another citizen who named them.
    principal = UserFactory.create(username="m-principal", role=Role.CITIZEN)
    citizen_snils = world.citizen.client_profile.snils  # confirmed by the ``birth`` fixture
    representation = Representation.objects.create(
        principal=principal,
        representative_snils=citizen_snils,
        representative=world.citizen,
        accepted_at=timezone.now(),
        kind="trusted",
    )
    representation.life_situations.set([birth])
    another = UserFactory.create(username="m-principal-2", role=Role.CITIZEN)
    rep_invitation = Representation.objects.create(
        principal=another, representative_snils=citizen_snils, kind="parent"
    )
    rep_invitation.life_situations.set([birth])
    from segments.models import ResearchPublication

    publication = ResearchPublication.objects.create(
        body=world.body,
        life_situation=birth,
        study=study,
        title="Интервью",
        participants=1,
        found="Нужна запись онлайн.",
        changes="Запись будет онлайн.",
        published_at=timezone.now(),
    )
    for body in (world.body, world.other_body):  # each body reads its own kept copy
        report = YearlyReport.objects.create(body=body, year=2026)
        ReportCopy.objects.create(
            report=report, kind=ReportCopy.Kind.YEAR_END, pdf=b"%PDF-1.7", xlsx=b"PK"
        )
    from standards import services as standards
    from standards.models import Remedy, Requirement, RequirementList
    from standards.seed import load as load_lists

    load_lists(RequirementList, Requirement)
    place_check = standards.check_start(actor=analyst, touchpoint_id=place.office.pk)
    standards.check_complete(
        actor=analyst,
        check=place_check,
        answers={
            r.pk: ("not_met", "Нет пандуса")
            for r in place_check.requirement_list.requirements.all()
        },
    )
    from indicators.models import Report, Shortcoming
    from indicators.report import report_data

    kept = report_data(body=world.body, year=2025)
    kept.update(approved_at=timezone.now().isoformat(), approved_by="Руководитель", plans="План")
    Report.objects.create(
        body=world.body,
        year=2025,
        plans="План",
        approved_at=timezone.now(),
        snapshot=kept,
        pdf=b"%PDF-1.7 kept",
        xlsx=b"PK kept",
    )
    objects = {
        "shortcoming": Shortcoming.objects.create(
            body=world.body,
            code="satisfaction",
            quarter="2026-Q3",
            reason="miss",
            summary="Доля довольных: 50 %, затем 50 % при цели 60 %.",
            due_on=timezone.localdate(),
        ),
        "check": place_check,
        "remedy": Remedy.objects.filter(opened_by=place_check).first(),
        "draft": draft,
        "published": birth,
        "step": step,
        "need": need,
        "service": service,
        "office": place.office,
        "segment": segment,
        "attribute": attribute,
        "hypothesis": hypothesis,
        "study": study,
        "publication": publication,
        "linked_appeal": linked_appeal,
        "representation": representation,
        "rep_invitation": rep_invitation,
        "respondent": respondent,
        "batch": batch,
        "item": item,
        "template": template,
        "as_is": as_is,
        "to_be": to_be,
        "stage": stage,
        "point": place.point,
        "rating": rating,
        "case": case,
        "invitation": invitation,
        "consent": consent,
        "offer": offer,
        "booking": booking,
        "event": event,
        "trigger": Trigger.objects.get(kind="birth_registered"),
        "digital": registry.digital_service_create(
            actor=analyst, body=world.body, title="Портал органа", implements=[service]
        ),
        "key": key,
        "synonym": registry.synonym_add(
            actor=analyst, body=world.body, word="многодетные", means="многодетная семья"
        ),
        "mail_token": token_for(world.citizen.email or "charlie@example.org"),
        "mail_topic": next(iter(TOPICS)),
        "sms_code": short_url(f"user:{world.citizen.pk}", "proactive_offers").rsplit("/", 1)[1],
    }
    principals = _principals(world)
    objects |= _mystery_visit(world, analyst, principals)
    missing = [name for name, obj in objects.items() if obj is None]
    assert not missing, f"the scene lacks {missing}"
    return Scene(world=world, principals=principals, objects=objects)


def _mystery_visit(world: World, analyst: User, principals: list[Principal]) -> dict[str, Any]:
    """An open mystery visit of another place of our body, assigned to our body's
    mystery shopper, with one photo (R29: he sees this check and no other)."""
    import io

    from PIL import Image

    from standards import services as standards
    from tests.factories import TouchpointFactory

    shopper = next(p.user for p in principals if p.name == "own shopper")
    hall = TouchpointFactory.create(body=world.body, kind="one_window", title="Зал МФЦ")
    visit = standards.check_start(
        actor=analyst,
        touchpoint_id=hall.pk,
        kind="mystery_visit",
        assigned_to=shopper.pk if shopper else None,
    )
    png = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(png, "PNG")
    photo = standards.evidence_add(actor=analyst, check=visit, data=png.getvalue())
    return {"visit": visit, "photo": photo, "shopper": shopper}


# --- what each must get -----------------------------------------------------------------

ALLOWED = "allowed"
LOGIN = "login"


def expected(row_kind: str, need: Cap | str, read: Cap | None, p: Principal, s: Scene) -> Any:
    """ALLOWED, LOGIN (nobody signed in, a page) or the refusal's status."""
    user = p.acting
    body_id = s.world.body.pk
    if row_kind == "rating" and p.key:  # the one-window rule: systems/its МФЦ only
        return ALLOWED if can(user, Cap.INTEGRATE, body_id) else 403
    if need == PUBLIC:
        return ALLOWED
    if p.user is None:
        return LOGIN
    if need == "self" or row_kind == "self":
        return ALLOWED
    if row_kind == "assigned":  # the mystery shopper the check is assigned to (R29)
        if p.user == s.shopper:
            return ALLOWED
        row_kind = "object"
    assert isinstance(need, Cap)
    own = getattr(user, "body_id", None)
    if row_kind == "body":
        return ALLOWED if own is not None and can(user, need, own) else 403
    if row_kind == "admin":  # Django's admin shows its own login form to anyone else
        return ALLOWED if can(user, need, own) else LOGIN
    if row_kind in ("platform", "verify", "named_body"):
        return ALLOWED if can(user, need, own) else 403
    if row_kind == "registrar":
        return ALLOWED if can(user, need, own) else 403
    if row_kind == "client":
        return ALLOWED if can(user, Cap.CLIENT) else 403
    if row_kind == "client_object":
        if not can(user, Cap.CLIENT):
            return 403
        return ALLOWED if p.user == s.world.citizen else 404
    if row_kind == "event":
        # Events carry personal data: the body that posted them only (not the platform).
        return ALLOWED if own == body_id and can(user, need, body_id) else 404
    if row_kind == "object":
        if read is not None and not can(user, read, body_id):
            return 404
        return ALLOWED if can(user, need, body_id) else 403
    raise AssertionError(row_kind)


def verdict(status: int, location: str, api: bool) -> Any:
    if status in (401, 403, 404):
        return status
    if not api and status == 302 and "/accounts/login/" in location:
        return LOGIN
    if not api and status == 302 and "/admin/login/" in location:
        return LOGIN
    return status


def _agrees(want: Any, got: Any, allowed: tuple[int, ...], api: bool) -> bool:
    if want == ALLOWED:
        if allowed:
            return got in allowed
        return isinstance(got, int) and got not in (401, 403, 404, 405) and got < 500
    if want == LOGIN:
        return bool(got == (401 if api else LOGIN))
    return bool(got == want)


def _call(p: Principal, method: str, url: str, *, htmx: bool, data: Any, api: bool) -> Any:
    headers: dict[str, str] = {}
    if htmx:
        headers["HX-Request"] = "true"
    if p.key:
        headers["X-API-Key"] = p.key
    with transaction.atomic():
        if api:
            response = p.client.generic(
                method,
                url,
                json.dumps(data) if data is not None else "",
                content_type="application/json",
                headers=headers,
            )
        elif method == "GET":
            response = p.client.get(url, headers=headers)
        else:
            response = p.client.post(url, data or {}, headers=headers)
        transaction.set_rollback(True)
    return response


def _check_pages(s: Scene, names: list[str]) -> tuple[int, list[str]]:
    cells, wrong = 0, []
    for name in names:
        row = PAGES[name]  # «name#variant»: the same route tried on another object
        url = reverse(name.split("#")[0], kwargs=row.args(s) if row.args else None)
        for method, need in (("GET", row.get), ("POST", row.post)):
            if need is None:
                continue
            for p in s.principals:
                if p.key and row.kind != "public":
                    continue  # a system's key is for the API; pages are for people
                want = expected(row.kind, need, row.read, p, s)
                response = _call(p, method, url, htmx=row.htmx, data=None, api=False)
                got = verdict(response.status_code, response.get("Location", ""), api=False)
                allowed = row.get_ok if method == "GET" else ()
                cells += 1
                if not _agrees(want, got, allowed, api=False):
                    wrong.append(f"{method} {name} as {p.name}: wanted {want}, got {got}")
    return cells, wrong


def _check_api(s: Scene, operations: list[tuple[str, str, str]]) -> tuple[int, list[str]]:
    cells, wrong = 0, []
    for op_id, method, path in operations:
        op = API[op_id]
        url = path.format(**op.args(s)) if op.args else path
        data = op.body(s) if op.body else None
        for p in s.principals:
            if p.key and not op.by_key:
                continue
            want = expected(op.kind, op.need, op.read, p, s)
            response = _call(p, method, url, htmx=False, data=data, api=True)
            got = verdict(response.status_code, "", api=True)
            cells += 1
            if not _agrees(want, got, (), api=True):
                detail = response.content[:200].decode(errors="replace")
                wrong.append(
                    f"{method} {path} ({op_id}) as {p.name}: wanted {want}, got {got} {detail}"
                )
    return cells, wrong


# --- the routes -------------------------------------------------------------------------


def _page_names() -> set[str]:
    def walk(patterns: list[Any], namespace: str = "") -> list[str]:
        names = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                prefix = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                if prefix == "admin":
                    names.append("admin:index")  # Django's admin: its own permissions
                    continue
                names += walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
        return names

    return {n for n in walk(get_resolver().url_patterns) if not n.startswith("api-v1:")} | {
        n for n in walk(get_resolver().url_patterns) if n in NOT_IN_MATRIX
    }


def _operations() -> list[tuple[str, str, str]]:
    from config.api import api

    schema = api.get_openapi_schema()
    return [
        (op["operationId"], method.upper(), path)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    ]


def test_every_route_has_a_row() -> None:
    pages = _page_names() - set(NOT_IN_MATRIX)
    rows = {name.split("#")[0] for name in PAGES}
    assert sorted(pages - rows) == [], "pages without a row in the access matrix"
    assert sorted(rows - pages) == [], "rows of pages that no longer exist"
    operations = {op_id for op_id, _m, _p in _operations()}
    assert sorted(operations - set(API)) == [], "API operations without a row"
    assert sorted(set(API) - operations) == [], "rows of operations that no longer exist"


def _app(name: str) -> str:
    return name.split(":")[0] if ":" in name else "config"


APPS = sorted({_app(name) for name in PAGES})


@pytest.mark.parametrize("app", APPS)
def test_pages(scene: Scene, app: str) -> None:
    names = sorted(n for n in PAGES if _app(n) == app)
    cells, wrong = _check_pages(scene, names)
    print(f"pages of {app}: {cells} cells")
    assert cells > 0
    assert wrong == [], "\n".join(wrong)


API_APPS = sorted({op_id.split("_")[0] for op_id in API})


@pytest.mark.parametrize("app", API_APPS)
def test_api(scene: Scene, app: str) -> None:
    operations = [o for o in _operations() if o[0].split("_")[0] == app]
    cells, wrong = _check_api(scene, operations)
    print(f"API of {app}: {cells} cells")
    assert cells > 0
    assert wrong == [], "\n".join(wrong)
