from lib.morph import lemma, lemmas, search_document


def test_different_forms_share_a_lemma():
    assert lemma("ребёнка") == lemma("ребенок") == lemma("Ребёнок")
    assert lemma("пенсии") == lemma("пенсию")


def test_lemmas_keep_order_and_drop_repeats():
    assert lemmas("Выход на пенсию, пенсия") == ["выход", "на", "пенсия"]


def test_search_document_is_padded_for_whole_word_matching():
    doc = search_document("Рождение ребенка", "ЗАГС")
    assert doc.startswith(" ") and doc.endswith(" ")
    assert " ребенок " in doc and " загс " in doc


def test_latin_and_digits_pass_through():
    assert lemmas("МФЦ 24/7 Wi-Fi") == ["мфц", "24", "7", "wi", "fi"]
