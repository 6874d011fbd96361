from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import Form
from mailings.models import Frequency
from mailings.topics import TOPICS


class PreferencesForm(Form):
    """One radio group per topic: how often to mail it."""

    def __init__(
        self, *args: Any, initial_frequencies: dict[str, str], topics: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for topic in topics:
            self.fields[topic] = forms.ChoiceField(
                label=TOPICS[topic],
                choices=Frequency.choices,
                initial=initial_frequencies.get(topic, Frequency.IMMEDIATE),
                widget=forms.RadioSelect,
                error_messages={"required": _("Выберите, как часто присылать.")},
            )
