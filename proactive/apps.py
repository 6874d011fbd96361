from django.apps import AppConfig


class ProactiveConfig(AppConfig):
    name = "proactive"
    verbose_name = "Проактивные услуги"
