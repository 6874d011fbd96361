from django.urls import path

from cabinet import passwords, views

app_name = "cabinet"

urlpatterns = [
    path("kabinet/", views.home, name="home"),
    path("kabinet/audit/", views.audit_log, name="audit"),
    path("kabinet/istoriya/", views.history, name="history"),
    path("kabinet/istoriya/appeals/<int:pk>/not-mine/", views.not_mine, name="not_mine"),
    path("accounts/password/", passwords.ResetView.as_view(), name="password_reset"),
    path("accounts/password/sent/", passwords.ResetSentView.as_view(), name="password_reset_sent"),
    path(
        "accounts/password/<uidb64>/<token>/",
        passwords.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/done/",
        passwords.ResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
