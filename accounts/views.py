"""Login, the signed-in home page, the audit trail and API keys of a body."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import can_administer, is_body_editor, is_staff_of, request_user
from accounts.models import ApiKey, Role, User
from accounts.services import api_key_issue, api_key_revoke
from audit.selectors import audit_events_for_body
from inbox.selectors import inbox_summary
from lib.forms import GovukFormMixin
from registry import selectors as registry_selectors
from segments import selectors as segment_selectors


class LoginForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("Неверное имя пользователя или пароль."),
        "inactive": gettext_lazy("Эта учётная запись отключена."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Имя пользователя")
        self.fields["password"].label = _("Пароль")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The cabinet: what this role works with."""
    user = request_user(request)
    situations = (
        registry_selectors.life_situations_for_user(user=user).filter(owner_body_id=user.body_id)
        if user.body_id
        else None
    )
    return render(
        request,
        "accounts/home.html",
        {
            "situations": situations,
            "can_edit": is_body_editor(user),
            "can_administer": can_administer(user, user.body_id),
            "is_staff_role": user.role
            in {Role.ANALYST, Role.BODY_ADMIN, Role.HEAD, Role.PLATFORM_ADMIN},
            "inbox": inbox_summary(user),
            "overdue_years": (
                segment_selectors.overdue_report_years(body=user.body)
                if user.body is not None and is_staff_of(user, user.body_id)
                else []
            ),
        },
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The body's audit trail, for its administrator (and the platform administrator)."""
    user = request_user(request)
    if not can_administer(user, user.body_id):
        raise PermissionDenied(_("Журнал доступен администратору органа."))
    body = None if user.role == Role.PLATFORM_ADMIN else user.body
    page = Paginator(audit_events_for_body(body=body), 50).get_page(request.GET.get("page"))
    return render(request, "audit/audit_log.html", {"page": page})


@login_required
def api_keys(request: HttpRequest) -> HttpResponse:
    """Keys of the body's integration systems: issue (shown once) and revoke."""
    user = request_user(request)
    if not can_administer(user, user.body_id):
        raise PermissionDenied(_("Ключами управляет администратор органа."))
    systems = User.objects.filter(role=Role.SYSTEM, body_id=user.body_id or -1)
    new_key = None
    error = None
    if request.method == "POST":
        system = get_object_or_404(systems, pk=request.POST.get("system") or 0)
        try:
            _key, new_key = api_key_issue(
                actor=user, system=system, name=request.POST.get("name", "")[:120]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    keys = ApiKey.objects.filter(system__body_id=user.body_id or -1).select_related("system")
    return render(
        request,
        "accounts/api_keys.html",
        {"keys": keys, "systems": systems, "new_key": new_key, "error": error},
    )


@login_required
@require_POST
def api_key_revoke_view(request: HttpRequest, key_id: int) -> HttpResponse:
    user = request_user(request)
    key = get_object_or_404(
        ApiKey.objects.select_related("system"), pk=key_id, system__body_id=user.body_id or -1
    )
    try:
        api_key_revoke(actor=user, key=key)
    except ValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from exc
    messages.success(request, _("Ключ отозван."))
    return redirect("accounts:api_keys")


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers (and the benchmarks' empty view): the process answers."""
    return JsonResponse({"ok": True})
