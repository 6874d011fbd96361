from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [path("kabinet/jobs/", views.status, name="status")]
