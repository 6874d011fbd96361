from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [path("kabinet/exports/", views.log, name="log")]
