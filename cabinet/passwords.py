"""Password reset by e-mail: Django's own views, the letter sent through mailings (an
account letter, not a mailing: no unsubscribe), the new password checked by the
project's validators, and the change audited. The pages never say whether an address is
known."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.services import password_reset_done
from lib.forms import GovukFormMixin
from mailings.services import account_mail_send


class ResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Адрес электронной почты")
        self.fields["email"].help_text = _("Тот, что указан в вашей учётной записи.")

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        account_mail_send(email=to_email, subject=subject, body=body)


class NewPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Новый пароль")
        self.fields["new_password2"].label = _("Новый пароль ещё раз")


class ResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "registration/reset_form.html"
    email_template_name = "registration/reset_email.txt"
    subject_template_name = "registration/reset_subject.txt"
    success_url = reverse_lazy("cabinet:password_reset_sent")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().get_form_kwargs()


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "registration/reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "registration/reset_confirm.html"
    success_url = reverse_lazy("cabinet:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_reset_done(user=form.user)
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/reset_complete.html"
