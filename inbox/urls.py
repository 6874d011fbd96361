from django.urls import path, re_path

from inbox import views

app_name = "inbox"

urlpatterns = [
    path("kabinet/inbox/", views.inbox_list, name="list"),
    path("kabinet/inbox/stats/", views.stats, name="stats"),
    path("kabinet/inbox/rules/", views.policy, name="policy"),
    path("kabinet/inbox/rules/category/", views.category_add, name="category_add"),
    path("kabinet/inbox/import/", views.import_items, name="import"),
    path("kabinet/inbox/templates/", views.template_list, name="templates"),
    path("kabinet/inbox/templates/new/", views.template_edit, name="template_new"),
    path("kabinet/inbox/templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("kabinet/inbox/<int:pk>/", views.item_detail, name="item"),
    path("kabinet/inbox/<int:pk>/answer/", views.item_answer, name="answer"),
    path("kabinet/inbox/<int:pk>/check/", views.item_check, name="check"),
    path("kabinet/inbox/<int:pk>/search/", views.item_templates, name="search"),
    path("kabinet/inbox/<int:pk>/insert/", views.item_insert, name="insert"),
    path("kabinet/inbox/<int:pk>/approve/", views.item_approve, name="approve"),
    re_path(
        r"^kabinet/inbox/(?P<pk>[0-9]+)/(?P<what>assign|category|status)/$",
        views.item_update,
        name="update",
    ),
]
