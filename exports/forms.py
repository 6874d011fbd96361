from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import Form


class LogFilter(Form):
    personal = forms.BooleanField(label=_("Только с персональными данными"), required=False)
