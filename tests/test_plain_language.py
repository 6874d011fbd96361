"""Every sentence citizens read passes the product's own readability checker (R23's
thresholds): the public registry, the proactive cabinet, mailings, sign-in and password
pages, the public results and the rating pages. Headings and buttons (under six words)
are too short for its indices; a placeholder stands for the value it will hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from readability.checker import check

CITIZEN_TEMPLATES = [
    "accounts/login.html",
    "accounts/locked_out.html",
    "cabinet/history.html",
    "indicators/compare.html",
    "indicators/methods.html",
    "indicators/public.html",
    "indicators/_quarters.html",
    "journeys/_public_maps.html",
    "segments/_public_research.html",
    "mailings/link_expired.html",
    "mailings/preferences.html",
    "mailings/unsubscribe.html",
    "mailings/short.html",
    "proactive/_visit_form.html",
    "proactive/booking_cancel.html",
    "proactive/booking_move.html",
    "proactive/_acting.html",
    "proactive/_bookings.html",
    "proactive/_journeys.html",
    "proactive/_consent_list.html",
    "proactive/cabinet.html",
    "proactive/cabinet_for.html",
    "proactive/offer.html",
    "proactive/profile.html",
    "proactive/representatives.html",
    "proactive/revoke.html",
    "registration/reset_complete.html",
    "registration/reset_confirm.html",
    "registration/reset_email.txt",
    "registration/reset_form.html",
    "registration/reset_sent.html",
    "registry/catalogue.html",
    "registry/life_situation_public.html",
    "registry/opendata.html",
    "registry/service_public.html",
    "registry/place_public.html",
    "feedback/_place_figures.html",
    "standards/_place_check.html",
    "feedback/_service_links.html",
]

_TRANSLATE = re.compile(r'{% translate "([^"]+)"')
_BLOCK = re.compile(r"{% blocktranslate[^%]*%}(.*?){% (?:plural|endblocktranslate) %}", re.S)


def sentences(name: str) -> list[str]:
    source = Path(settings.BASE_DIR, "templates", name).read_text(encoding="utf-8")
    texts = _TRANSLATE.findall(source) + _BLOCK.findall(source)
    return [re.sub(r"{{ *[\w.]+ *}}", "Р-07", t) for t in texts if len(t.split()) >= 6]


@pytest.mark.parametrize("name", CITIZEN_TEMPLATES)
def test_what_citizens_read_is_plain(name: str) -> None:
    problems = {text: check(text).problems for text in sentences(name)}
    assert {text: found for text, found in problems.items() if found} == {}


def test_the_list_covers_every_public_page() -> None:
    """A template is read by a sentence scanner only if it has sentences to scan."""
    assert sum(len(sentences(name)) for name in CITIZEN_TEMPLATES) >= 35


def _shipped_texts() -> dict[str, str]:
    """Citizen-facing texts the product ships as data (R23; issue 23): the demo's life
    situation descriptions and reasons why a need cannot be met, and what each rule tells
    a refused client to do."""
    from demo.data import LIFE_SITUATIONS

    texts: dict[str, str] = {}
    for situation in LIFE_SITUATIONS:
        slug, description, needs = str(situation[0]), str(situation[3]), situation[-1]
        texts[f"{slug}: description"] = description
        assert isinstance(needs, list)
        for title, status, reason in needs:
            if status == "cannot":
                texts[f"{slug}: {title}"] = reason
    rules = Path(settings.BASE_DIR, "proactive/engine/rules.py").read_text(encoding="utf-8")
    for n, remedy in enumerate(re.findall(r'remedy="([^"]+)"', rules), start=1):
        texts[f"rules.py remedy {n}"] = remedy
    return texts


def test_the_texts_the_product_ships_are_plain() -> None:  # R23
    texts = _shipped_texts()
    assert len(texts) > 10  # the demo and the rules were read
    problems = {where: check(text).problems for where, text in texts.items()}
    assert {where: found for where, found in problems.items() if found} == {}


@pytest.mark.django_db
def test_the_mails_clients_get_are_plain(
    world, birth, post_event, django_capture_on_commit_callbacks
) -> None:  # R23, R24
    """Mail texts are checked as they reach the client, not as strings in the code: the
    offers ready, the invitation to rate what was received, and an answer to an appeal
    with its rating link — each paragraph by the checker's measure for short texts."""
    from django.core import mail

    from inbox import services as inbox
    from proactive import services as proactive
    from proactive.models import Offer
    from tests.factories import ServiceFactory

    proactive.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_event()
    offer = Offer.objects.filter(client=world.citizen, status=Offer.Status.READY).first()
    assert offer is not None
    with django_capture_on_commit_callbacks(execute=True):
        proactive.offer_confirm(actor=world.citizen, offer=offer)
    item, _created = inbox.item_receive(
        actor=None,
        received_by=world.body,
        kind="appeal",
        channel="email",
        text="Когда придёт пособие?",
        author_contact="anna@example.test",
        service=ServiceFactory.create(body=world.body, title="Пособие на ребёнка"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        inbox.answer_send(
            actor=world.analyst, item=item, text="Пособие придёт до 15 числа. Проверьте счёт."
        )
    to_clients = [m for m in mail.outbox if m.to in ([world.citizen.email], ["anna@example.test"])]
    subjects = {str(m.subject) for m in to_clients}
    assert {"Мы подготовили услуги для вас", "Оцените услугу"} <= subjects
    assert any("обращение" in s.lower() for s in subjects)  # the answer to the appeal
    problems: dict[str, list[str]] = {}
    checked: dict[str, int] = {}
    for message in to_clients:
        for paragraph in str(message.body).split("\n\n"):
            plain = re.sub(r"https?://\S+", "ссылка", paragraph).strip()
            if len(plain.split()) >= 6 and "отписаться" not in plain.lower():
                checked[str(message.subject)] = checked.get(str(message.subject), 0) + 1
                found = check(plain, short_ok=True).problems
                if found:
                    problems[plain] = found
    assert set(checked) == subjects  # each mail had a paragraph to check
    assert problems == {}
