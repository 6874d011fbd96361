from django.urls import path

from journeys import exports, views

app_name = "journeys"

urlpatterns = [
    path("kabinet/journeys/", views.map_list, name="list"),
    path("kabinet/journeys/new/", views.map_create, name="create"),
    path("kabinet/journeys/<int:pk>/", views.map_detail, name="detail"),
    path("kabinet/journeys/<int:pk>/edit/", views.map_edit, name="edit"),
    path("kabinet/journeys/<int:pk>/compare/", views.map_compare, name="compare"),
    path("kabinet/journeys/<int:pk>/versions/", views.map_versions, name="versions"),
    path("kabinet/journeys/<int:pk>/comments/", views.comment_add, name="comment"),
    path("kabinet/journeys/<int:pk>/map.pdf", exports.map_pdf, name="pdf"),
    path("kabinet/journeys/<int:pk>/map.png", exports.map_png, name="png"),
    path("kabinet/journeys/<int:pk>/map.xlsx", exports.map_xlsx, name="xlsx"),
    path("kabinet/journeys/<int:pk>/map.csv", exports.map_csv, name="csv"),
    # After the named pages above: anything else is an action (unknown ones are a 404).
    path("kabinet/journeys/<int:pk>/<slug:action>/", views.map_action, name="action"),
    path("kabinet/journeys/<int:pk>/stages/new/", views.stage_form, name="stage_add"),
    path("kabinet/journeys/<int:pk>/stages/<int:stage_pk>/", views.stage_form, name="stage_edit"),
    path(
        "kabinet/journeys/<int:pk>/stages/<int:stage_pk>/cell/<slug:name>/",
        views.cell_edit,
        name="cell",
    ),
    path(
        "kabinet/journeys/<int:pk>/stages/<int:stage_pk>/<slug:action>/",
        views.stage_action,
        name="stage_action",
    ),
]
