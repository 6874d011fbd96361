import pytest
from django.core.exceptions import ImproperlyConfigured

from lib.env import env_bool, env_int, env_list, env_str


def test_missing_required_variable_names_it(monkeypatch):
    monkeypatch.delenv("KC_SOMETHING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="KC_SOMETHING"):
        env_str("KC_SOMETHING")


def test_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("KC_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="KC_FLAG"):
        env_bool("KC_FLAG")


def test_bad_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("KC_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="KC_NUMBER"):
        env_int("KC_NUMBER", 1)


def test_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("KC_HOSTS", " a.ru, b.ru ,,")
    assert env_list("KC_HOSTS") == ["a.ru", "b.ru"]
