"""Login, the signed-in home page, the audit trail and API keys of a body."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import login_guard
from accounts.access import get_api_key_for_write, request_user, require
from accounts.middleware import ACTING_FOR, CAPACITY
from accounts.models import ApiKey, Role, Scope, User
from accounts.roles import Cap, Capacity
from accounts.services import api_key_issue, api_key_revoke, capacity_set
from lib.client_ip import client_ip
from lib.forms import GovukFormMixin, post_data, submit


class LoginForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("Неверное имя пользователя или пароль."),
        "inactive": gettext_lazy("Эта учётная запись отключена."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Имя пользователя")
        self.fields["password"].label = _("Пароль")

    def clean(self) -> dict[str, Any]:
        # Before the password is checked: spraying from one address, or one account tried
        # from many (accounts/login_guard.py).
        username = self.cleaned_data.get("username", "")
        refused = login_guard.refusal(
            ip_address=client_ip(self.request) if self.request else "",
            username=username,
            known_device=bool(self.request and login_guard.is_known_device(self.request, username)),
        )
        if refused:
            raise ValidationError(refused, code="throttled")
        return super().clean()


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        login_guard.remember_device(response, form.get_user().get_username())
        return response


class ApiKeyForm(GovukFormMixin, forms.Form):
    system = forms.ModelChoiceField(
        label=gettext_lazy("Система"),
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={"required": gettext_lazy("Выберите систему.")},
    )
    name = forms.CharField(
        label=gettext_lazy("Название ключа"),
        max_length=120,
        error_messages={"required": gettext_lazy("Назовите ключ, чтобы потом его узнать.")},
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Что система может делать с этим ключом"),
        help_text=gettext_lazy("Отметьте только то, что ей нужно."),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Отметьте, что система может делать с ключом.")},
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Последний день работы ключа"),
        help_text=gettext_lazy(
            "После этого дня система получит отказ «срок действия ключа истёк». "
            "Не больше трёх лет; потом выдайте системе новый ключ."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Укажите последний день работы ключа."),
            "invalid": gettext_lazy("Укажите дату последнего дня работы ключа."),
        },
    )

    def __init__(self, *args: Any, systems: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"expires_on": timezone.localdate() + dt.timedelta(days=365)})
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems  # type: ignore[attr-defined]
        self.fields["system"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


@login_required
def api_keys(request: HttpRequest) -> HttpResponse:
    """Keys of the body's integration systems: issue with scopes (shown once) and revoke."""
    user = request_user(request)
    require(
        user, Cap.ADMINISTER, "api-keys", user.body_id, _("Ключами управляет администратор органа.")
    )
    systems = User.objects.filter(role=Role.SYSTEM, body_id=user.body_id or -1)
    form = ApiKeyForm(post_data(request), systems=systems)
    new_key = None
    issued = submit(form, lambda data: api_key_issue(actor=user, **data))
    if issued:
        _key, new_key = issued
        form = ApiKeyForm(None, systems=systems)
    keys = ApiKey.objects.filter(system__body_id=user.body_id or -1).select_related("system")
    return render(
        request,
        "accounts/api_keys.html",
        {"keys": keys, "has_systems": systems.exists(), "new_key": new_key, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def api_key_revoke_view(request: HttpRequest, key_id: int) -> HttpResponse:
    """Asks first, naming the key and its system, then revokes it (audited)."""
    user = request_user(request)
    key = get_api_key_for_write(user, key_id)
    if key.revoked_at is not None:  # a second click, or the page left open
        return redirect("accounts:api_keys")
    if request.method != "POST":
        return render(request, "accounts/api_key_revoke.html", {"key": key})
    try:
        api_key_revoke(actor=user, key=key)
    except ValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from exc
    messages.success(
        request,
        _("Ключ «%(name)s» системы «%(system)s» отозван: её запросы с ним больше не принимаются.")
        % {"name": key.name, "system": key.system.display_name},
    )
    return redirect("accounts:api_keys")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return redirect(static("favicon.svg"), permanent=True)


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers (and the benchmarks' empty view): the process answers."""
    return JsonResponse({"ok": True})


@login_required
@require_POST
def capacity_switch(request: HttpRequest) -> HttpResponse:
    """A staff member acts as a citizen (his own cabinet, consents, ratings as an external
    client) or returns to his body's work — one account, two capacities (seed 000)."""
    user = request_user(request)
    wanted = request.POST.get("capacity", "")
    if wanted not in {c.value for c in Capacity}:
        return HttpResponseBadRequest(
            _("Неизвестная роль: выберите «как гражданин» или «работа органа».")
        )
    try:
        capacity_set(actor=user, capacity=Capacity(wanted))
    except ValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from exc
    request.session.pop(ACTING_FOR, None)  # a switch of capacity ends acting for someone
    if wanted == Capacity.CLIENT:
        request.session[CAPACITY] = Capacity.CLIENT
        messages.success(request, _("Вы действуете как гражданин. Работа органа скрыта."))
        return redirect("proactive:cabinet")
    request.session.pop(CAPACITY, None)
    messages.success(request, _("Вы снова работаете от имени органа."))
    return redirect("cabinet:home")
