from django.urls import path, re_path

from segments import imports, report, views

app_name = "segments"

urlpatterns = [
    path("kabinet/segments/", views.segment_list, name="list"),
    path("kabinet/segments/new/", views.segment_create, name="create"),
    path("kabinet/segments/attributes/", views.attribute_catalogue, name="attributes"),
    path("kabinet/segments/weights/", views.weights, name="weights"),
    path("kabinet/segments/import/", imports.import_upload, name="import"),
    path("kabinet/segments/import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("kabinet/segments/report/", report.report_index, name="report_index"),
    path("kabinet/segments/report/<int:year>/", report.report_page, name="report"),
    path("kabinet/segments/report/<int:year>/report.pdf", report.report_pdf, name="report_pdf"),
    path("kabinet/segments/report/<int:year>/report.xlsx", report.report_xlsx, name="report_xlsx"),
    path(
        "kabinet/segments/report/<int:year>/year-end.pdf",
        report.report_year_end,
        {"fmt": "pdf"},
        name="report_year_end_pdf",
    ),
    path(
        "kabinet/segments/report/<int:year>/year-end.xlsx",
        report.report_year_end,
        {"fmt": "xlsx"},
        name="report_year_end_xlsx",
    ),
    path("kabinet/studies/", views.study_list, name="studies"),
    path("kabinet/studies/<int:pk>/", views.study_detail, name="study"),
    path("kabinet/studies/<int:pk>/publish/", views.study_publish, name="study_publish"),
    path("kabinet/research/<int:pk>/withdraw/", views.research_withdraw, name="research_withdraw"),
    re_path(
        r"^kabinet/studies/(?P<pk>[0-9]+)/(?P<action>respondent|note|finding|finish)/$",
        views.study_action,
        name="study_action",
    ),
    path(
        "kabinet/studies/<int:pk>/respondents/<int:respondent_id>/remove/",
        views.respondent_remove,
        name="respondent_remove",
    ),
    path("kabinet/segments/<slug:slug>/", views.segment_detail, name="detail"),
    path("kabinet/segments/<slug:slug>/edit/", views.segment_edit, name="edit"),
    path("kabinet/segments/<slug:slug>/publish/", views.segment_publish, name="segment_publish"),
    path("kabinet/segments/<slug:slug>/versions/", views.segment_versions, name="versions"),
    path("kabinet/segments/<slug:slug>/finalise/", views.segment_finalise, name="finalise"),
    path("kabinet/segments/<slug:slug>/attributes/", views.attribute_set, name="attribute_set"),
    path(
        "kabinet/segments/<slug:slug>/attributes/<int:attribute_id>/remove/",
        views.attribute_remove,
        name="attribute_remove",
    ),
    path("kabinet/segments/<slug:slug>/hypotheses/", views.hypothesis_add, name="hypothesis_add"),
    path(
        "kabinet/segments/<slug:slug>/hypotheses/<int:pk>/",
        views.hypothesis_check,
        name="hypothesis_check",
    ),
]
