from django.urls import path

from cabinet import views

app_name = "cabinet"

urlpatterns = [
    path("kabinet/", views.home, name="home"),
    path("kabinet/audit/", views.audit_log, name="audit"),
]
