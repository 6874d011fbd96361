from django.urls import path, register_converter
from django.urls.converters import StringConverter

from feedback import views, views_public, views_rate


class InvitationTokenConverter(StringConverter):
    """An invitation's token as ``intake.invitation_create`` makes it (32 URL-safe
    characters), with room to spare; anything longer is a 404 before any work is done."""

    regex = "[A-Za-z0-9_-]{1,64}"


register_converter(InvitationTokenConverter, "invitation_token")

app_name = "feedback"

urlpatterns = [
    # Where clients rate (short links).
    path("o/widget.js", views_rate.widget_script, name="widget"),
    path("o/challenge/", views_rate.challenge_new, name="challenge"),
    path("o/i/<invitation_token:token>/", views_rate.invited, name="invited"),
    path("o/i/<invitation_token:token>/qr.svg", views_rate.invited_qr, name="invited_qr"),
    path("o/spasibo/", views_rate.thanks, name="thanks_invited"),
    path("o/<slug:code>/", views_rate.rate, name="rate"),
    path("o/<slug:code>/q/", views_rate.rate_qr, name="rate_qr"),
    path("o/<slug:code>/kiosk/", views_rate.kiosk, name="kiosk"),
    path("o/<slug:code>/embed/", views_rate.embed, name="embed"),
    path("o/<slug:code>/widget.json", views_rate.widget_status, name="widget_status"),
    path("o/<slug:code>/spasibo/", views_rate.thanks, name="thanks"),
    # Published results and open data.
    path("otsenki/", views_public.public_index, name="public_index"),
    path("otsenki/metodika/", views_public.method, name="method"),
    path("otsenki/data.csv", views_public.open_data_csv, name="open_csv"),
    path("otsenki/data.json", views_public.open_data_json, name="open_json"),
    path("otsenki/usluga/<slug:slug>/", views_public.public_service, name="public_service"),
    path("otsenki/situaciya/<slug:slug>/", views_public.public_situation, name="public_situation"),
    path("otsenki/organ/<int:pk>/", views_public.public_body, name="public_body"),
    # The body's side.
    path("kabinet/otsenki/", views.dashboard, name="dashboard"),
    path("kabinet/otsenki/usluga/<int:pk>/", views.service_detail, name="service"),
    path("kabinet/otsenki/kommentarii/", views.comments, name="comments"),
    path("kabinet/otsenki/ocenka/<int:pk>/", views.rating_detail, name="rating"),
    path("kabinet/otsenki/razbory/", views.cases, name="cases"),
    path("kabinet/otsenki/razbory/<int:pk>/", views.case_detail, name="case"),
    path("kabinet/otsenki/tochki/", views.points, name="points"),
    path("kabinet/otsenki/tochki/<int:pk>/", views.point_detail, name="point"),
    path("kabinet/otsenki/tochki/<int:pk>/poster.pdf", views.point_poster, name="poster"),
    path("kabinet/otsenki/operator/", views.operator, name="operator"),
    path("kabinet/otsenki/my-sdelali/", views.changes, name="changes"),
    path("kabinet/otsenki/webhooks/", views.webhooks, name="webhooks"),
    path("kabinet/otsenki/obemy/", views.volumes_import, name="volumes_import"),
]
