from django.urls import path

from standards import views

app_name = "standards"

urlpatterns = [
    path("kabinet/standarty/", views.board, name="board"),
    path("kabinet/standarty/spiski/", views.lists, name="lists"),
    path("kabinet/standarty/spiski/<int:pk>/reviewed/", views.list_reviewed, name="list_reviewed"),
    path("kabinet/standarty/spiski/<int:pk>/izmenit/", views.list_edit, name="list_edit"),
    path(
        "kabinet/standarty/tochki/<int:touchpoint_id>/proverka/",
        views.check_start,
        name="check_start",
    ),
    path("kabinet/standarty/proverki/<int:pk>/", views.check_page, name="check"),
    path("kabinet/standarty/foto/<int:pk>/", views.evidence_file, name="evidence"),
    path("kabinet/standarty/moi-proverki/", views.assigned, name="assigned"),
    path("kabinet/standarty/raspisanie/", views.schedule, name="schedule"),
    path("kabinet/standarty/tochki/<int:touchpoint_id>/", views.place, name="place"),
    path("kabinet/standarty/zadachi/<int:pk>/", views.remedy_page, name="remedy"),
]
