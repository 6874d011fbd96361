from django.urls import path

from mailings import views

app_name = "mailings"

urlpatterns = [
    path("rassylki/<str:token>/", views.preferences, name="preferences"),
    path("rassylki/<str:token>/otpiska/<slug:topic>/", views.unsubscribe, name="unsubscribe"),
    path("kabinet/rassylki/", views.my_preferences, name="mine"),
    path("m/<slug:code>", views.short, name="short"),
]
