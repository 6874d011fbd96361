from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("kabinet/capacity/", views.capacity_switch, name="capacity"),
    path("kabinet/api-keys/", views.api_keys, name="api_keys"),
    path("kabinet/api-keys/<int:key_id>/revoke/", views.api_key_revoke_view, name="api_key_revoke"),
]
