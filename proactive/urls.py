from django.urls import path, re_path

from proactive import views

app_name = "proactive"

urlpatterns = [
    path("kabinet/proaktiv/", views.cabinet, name="cabinet"),
    path("kabinet/proaktiv/profile/", views.profile, name="profile"),
    path("kabinet/proaktiv/representatives/", views.representatives, name="representatives"),
    path(
        "kabinet/proaktiv/representatives/<int:pk>/act/",
        views.representation_act,
        name="representation_act",
    ),
    path(
        "kabinet/proaktiv/representatives/<int:pk>/accept/",
        views.representation_accept,
        name="representation_accept",
    ),
    path(
        "kabinet/proaktiv/representatives/<int:pk>/revoke/",
        views.representation_revoke,
        name="representation_revoke",
    ),
    path(
        "kabinet/proaktiv/representatives/stop/",
        views.representation_stop,
        name="representation_stop",
    ),
    path("kabinet/proaktiv/verify/", views.verify, name="verify"),
    path("kabinet/proaktiv/sources/", views.sources, name="sources"),
    path("kabinet/proaktiv/events/", views.start_events, name="start_events"),
    path("kabinet/proaktiv/events/<int:pk>/", views.start_event, name="start_event"),
    path(
        "kabinet/proaktiv/events/<int:pk>/delete/",
        views.start_event_delete,
        name="start_event_delete",
    ),
    path("kabinet/proaktiv/consents/<int:pk>/revoke/", views.consent_revoke, name="revoke"),
    path("kabinet/proaktiv/offers/<int:pk>/", views.offer_detail, name="offer"),
    re_path(
        r"^kabinet/proaktiv/offers/(?P<pk>[0-9]+)/(?P<action>confirm|decline)/$",
        views.offer_action,
        name="offer_action",
    ),
    path("kabinet/proaktiv/offers/<int:pk>/book/", views.offer_book, name="book"),
    path("kabinet/proaktiv/bookings/<int:pk>/move/", views.booking_move, name="booking_move"),
    path("kabinet/proaktiv/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("kabinet/proaktiv/figures/", views.figures, name="figures"),
    path("kabinet/proaktiv/rules/", views.rules, name="rules"),
    path("kabinet/proaktiv/rules/<slug:service>/", views.rule_detail, name="rule"),
]
