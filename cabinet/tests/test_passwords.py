"""Password reset by e-mail (issue 16, basics): the letter goes through mailings as an
account letter, the page never says whether an address is known, the new password is
checked and the change audited."""

from __future__ import annotations

import re

from django.core import mail

from audit.models import AuditEvent


def test_a_person_sets_a_new_password_from_the_letter(client, world, settings):
    settings.SITE_URL = "https://kc.example.ru"
    world.citizen.email = "charlie@example.org"
    world.citizen.save()
    login = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/"' in login
    sent = client.post("/accounts/password/", {"email": "Charlie@Example.org"})
    assert sent.status_code == 302 and sent["Location"] == "/accounts/password/sent/"
    (letter,) = mail.outbox
    assert letter.to == ["charlie@example.org"] and "List-Unsubscribe" not in letter.extra_headers
    link = re.search(r"https://kc\.example\.ru(/accounts/password/\S+/)", str(letter.body))
    assert link is not None and "charlie" in letter.body
    form_url = client.get(link.group(1)).url  # Django hides the token behind a redirect
    weak = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and "govuk-error-summary" in weak.content.decode()
    new = "Novyi-Parol-2026!"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/done/"
    world.citizen.refresh_from_db()
    assert world.citizen.check_password(new)
    assert AuditEvent.objects.filter(action="user.password_reset", actor=world.citizen).exists()
    again = client.get(link.group(1), follow=True).content.decode()
    assert "Ссылка устарела или уже использована" in again


def test_an_unknown_address_gets_the_same_answer_and_no_letter(client, world):
    response = client.post("/accounts/password/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/sent/"
    assert mail.outbox == []


def test_a_bad_address_is_explained_next_to_the_field(client, db):
    response = client.post("/accounts/password/", {"email": "не почта"})
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
