from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "segments"
    verbose_name = "Сегменты и исследования потребностей"

    def ready(self) -> None:
        from lib.public_cache import bump_on_writes
        from segments.models import ResearchPublication

        # The public page of a life situation shows what research found (and withdrawn
        # or deleted rows must leave it at once, whoever writes them).
        bump_on_writes([ResearchPublication], "research")
