from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("cabinet.urls")),
    path("", include("registry.urls")),
    path("", include("segments.urls")),
    path("", include("inbox.urls")),
    path("", include("mailings.urls")),
    path("", include("proactive.urls")),
    path("", include("feedback.urls")),
    path("", include("journeys.urls")),
    path("", include("standards.urls")),
    path("", include("indicators.urls")),
    path("", include("jobs.urls")),
    path("", include("exports.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # One sign-in page for everyone, with every guard (accounts/login_guard.py).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
]
