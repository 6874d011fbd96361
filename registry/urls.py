from django.urls import path

from registry import opendata, views

app_name = "registry"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("situations/<slug:slug>/", views.life_situation_page, name="public"),
    path("services/<slug:slug>/", views.service_page, name="service"),
    path("places/<int:pk>/", views.place_page, name="place"),
    path("opendata/", opendata.opendata_index, name="opendata"),
    path("opendata/life-situations.csv", opendata.opendata_csv, name="opendata_csv"),
    path("opendata/life-situations.json", opendata.opendata_json, name="opendata_json"),
    path("opendata/life-situations.xlsx", opendata.opendata_xlsx, name="opendata_xlsx"),
    path("opendata/places.csv", opendata.places_csv, name="opendata_places_csv"),
    path("opendata/places.json", opendata.places_json, name="opendata_places_json"),
    path("kabinet/situations/", views.life_situation_list, name="list"),
    path("kabinet/situations/new/", views.life_situation_create, name="create"),
    path("kabinet/situations/<slug:slug>/", views.life_situation_edit, name="edit"),
    path("kabinet/situations/<slug:slug>/steps/", views.step_add, name="step_add"),
    path(
        "kabinet/situations/<slug:slug>/steps/<int:step_id>/up/",
        views.step_move,
        {"direction": "up"},
        name="step_up",
    ),
    path(
        "kabinet/situations/<slug:slug>/steps/<int:step_id>/down/",
        views.step_move,
        {"direction": "down"},
        name="step_down",
    ),
    path(
        "kabinet/situations/<slug:slug>/steps/<int:step_id>/remove/",
        views.step_remove,
        name="step_remove",
    ),
    path("kabinet/situations/<slug:slug>/needs/", views.need_add, name="need_add"),
    path(
        "kabinet/situations/<slug:slug>/needs/<int:need_id>/edit/",
        views.need_edit,
        name="need_edit",
    ),
    path(
        "kabinet/situations/<slug:slug>/needs/<int:need_id>/remove/",
        views.need_remove,
        name="need_remove",
    ),
    path("kabinet/situations/<slug:slug>/publish/", views.life_situation_publish, name="publish"),
    path("kabinet/situations/<slug:slug>/archive/", views.life_situation_archive, name="archive"),
    path(
        "kabinet/situations/<slug:slug>/reviewed/",
        views.life_situation_mark_reviewed,
        name="reviewed",
    ),
    path(
        "kabinet/situations/<slug:slug>/versions/", views.life_situation_versions, name="versions"
    ),
    path("kabinet/touchpoints/", views.touchpoint_list, name="touchpoints"),
    path("kabinet/touchpoints/<int:pk>/", views.touchpoint_edit, name="touchpoint_edit"),
    path("kabinet/digital/", views.digital_service_list, name="digital_services"),
    path("kabinet/digital/<int:pk>/", views.digital_service_edit, name="digital_service"),
    path("kabinet/synonyms/", views.synonym_list, name="synonyms"),
    path("kabinet/synonyms/<int:pk>/remove/", views.synonym_remove, name="synonym_remove"),
    path("kabinet/services/new/", views.service_create, name="service_create"),
    path("kabinet/services/<slug:slug>/edit/", views.service_edit, name="service_edit"),
]
