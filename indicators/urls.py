from django.urls import path

from indicators import opendata, views

app_name = "indicators"

urlpatterns = [
    path("kabinet/pokazateli/", views.page, name="page"),
    path("kabinet/pokazateli/celi/", views.targets, name="targets"),
    path("kabinet/pokazateli/zatraty/", views.costs, name="costs"),
    path("kabinet/pokazateli/razrez/", views.drilldown, name="drilldown"),
    path("kabinet/pokazateli/sravnenie-uslug/", views.services_compare, name="services_compare"),
    path("kabinet/pokazateli/nedostatki/<int:pk>/", views.shortcoming, name="shortcoming"),
    path("kabinet/pokazateli/otchet/", views.report_index, name="report_index"),
    path("kabinet/pokazateli/otchet/<int:year>/", views.report, name="report"),
    path("kabinet/pokazateli/otchet/<int:year>/report.pdf", views.report_pdf, name="report_pdf"),
    path("kabinet/pokazateli/otchet/<int:year>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("pokazateli/metodika/", views.methods, name="methods"),
    path("pokazateli/sravnenie/", views.compare, name="compare"),
    path("pokazateli/organ/<slug:slug>/", views.public, name="public"),
    path(
        "pokazateli/organ/<slug:slug>/otchet-<int:year>.pdf",
        views.public_report_pdf,
        name="public_report_pdf",
    ),
    path("opendata/indicators-reports.json", opendata.reports_json, name="opendata_reports"),
    path("opendata/services-by-quarter.csv", opendata.a11_csv, name="opendata_a11"),
    path("opendata/indicators.csv", opendata.opendata_csv, name="opendata_csv"),
    path("opendata/indicators.json", opendata.opendata_json, name="opendata_json"),
]
