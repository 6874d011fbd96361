"""The catalogue's search as people type (issue 16): words in any form, without the
little words, through the synonyms bodies keep; and nothing for a query with no word."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from registry import selectors, services
from registry.models import SearchSynonym


def _titles(query: str) -> list[str]:
    return [v.life_situation.title for v in selectors.public_versions(query=query)]


def test_an_emoji_finds_nothing_rather_than_everything(published_situation):
    assert _titles("😀") == []
    assert _titles("!!!") == []


def test_little_words_need_not_be_in_the_text(published_situation):
    assert _titles("что делать, если у меня рождение ребёнка") == ["Рождение ребёнка"]


def test_a_shared_synonym_finds_the_registry_s_word(published_situation):
    """«родился» is not in «Рождение ребёнка»; the shared list that comes with the product
    says what it means."""
    assert SearchSynonym.objects.filter(body=None, word="родился").exists()
    assert _titles("сын родился") == []  # «сын» is in no text: every word must match
    assert _titles("родился") == ["Рождение ребёнка"]


def test_a_body_keeps_its_clients_words(client, world, published_situation):
    assert _titles("малыш") == []
    client.force_login(world.analyst)
    bad = client.post("/kabinet/synonyms/", {"word": "два слова", "means": ""})
    assert bad.status_code == 422
    assert "Заполните поле «Как это называется в реестре»" in bad.content.decode()
    two = client.post("/kabinet/synonyms/", {"word": "два слова", "means": "переезд"})
    assert two.status_code == 422 and "Введите одно слово" in two.content.decode()
    ok = client.post("/kabinet/synonyms/", {"word": "малыш", "means": "рождение"})
    assert ok.status_code == 302
    assert _titles("малыша") == ["Рождение ребёнка"]
    assert AuditEvent.objects.filter(action="synonym.add", body=world.body).exists()
    again = client.post("/kabinet/synonyms/", {"word": "малышу", "means": "рождение"})
    assert again.status_code == 422 and "уже есть" in again.content.decode()


def test_a_head_reads_the_list_and_cannot_change_it(client, world):
    synonym = services.synonym_add(
        actor=world.analyst, body=world.body, word="многодетные", means="многодетная семья"
    )
    client.force_login(world.head)
    assert "многодетные" in client.get("/kabinet/synonyms/").content.decode()
    assert client.post("/kabinet/synonyms/", {"word": "х", "means": "у"}).status_code == 403
    remove = f"/kabinet/synonyms/{synonym.pk}/remove/"
    assert client.post(remove).status_code == 403
    client.force_login(world.other_analyst)
    assert client.post(remove).status_code == 404
    client.force_login(world.analyst)
    assert client.post(remove).status_code == 302
    assert not SearchSynonym.objects.filter(pk=synonym.pk).exists()


@pytest.mark.parametrize("query", ["переехал", "детсад"])
def test_the_words_people_typed_in_the_walk_through_mean_something(db, query):
    """The shared list covers the two words issue 16 found nothing for."""
    from lib.morph import query_lemmas

    assert SearchSynonym.objects.filter(body=None, word_lemma=query_lemmas(query)[0]).exists()


def test_a_kind_of_client_no_situation_is_for_is_not_offered(client, published_situation):
    """Issue 16: «Внутренние клиенты» always found nothing; a choice that can only find
    nothing is not offered."""
    page = client.get("/").content.decode()
    assert 'value="citizen"' in page and 'value="internal"' not in page
    published_situation.for_internal = True
    published_situation.save()
    assert 'value="internal"' in client.get("/").content.decode()
