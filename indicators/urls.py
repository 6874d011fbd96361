from django.urls import path

from indicators import opendata, views

app_name = "indicators"

urlpatterns = [
    path("kabinet/pokazateli/", views.page, name="page"),
    path("kabinet/pokazateli/celi/", views.targets, name="targets"),
    path("kabinet/pokazateli/nedostatki/<int:pk>/", views.shortcoming, name="shortcoming"),
    path("pokazateli/metodika/", views.methods, name="methods"),
    path("pokazateli/sravnenie/", views.compare, name="compare"),
    path("opendata/indicators.csv", opendata.opendata_csv, name="opendata_csv"),
    path("opendata/indicators.json", opendata.opendata_json, name="opendata_json"),
]
